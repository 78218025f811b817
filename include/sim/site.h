/* SPDX-License-Identifier: MIT */
/*
 * Call sites: every visible operation names the function and line that
 * performed it. A site is a static object created once per call site, so
 * passing it costs one pointer and reports never print an address.
 */
#ifndef SIM_SITE_H
#define SIM_SITE_H

struct sim_site {
	const char *func;
	const char *file;
	int line;
};

/* A pointer to a static site describing the line this macro appears on. */
#define SIM_HERE                                                             \
	({                                                                   \
		static const struct sim_site __sim_site = { __func__,        \
							    __FILE__,        \
							    __LINE__ };      \
		&__sim_site;                                                 \
	})

#include <stddef.h>

/* The base name of the site's file ("vgic-its.c"); "?" without a site. */
const char *sim_site_file(const struct sim_site *site);
/*
 * How reports name a site: "vgic-its.c:637 vgic_its_invalidate_cache"
 * ("?" without one), in @buf; returns @buf. Traces and finding keys keep
 * "func:line" (sim/explore/trace.c), which names a site as uniquely.
 */
const char *sim_site_where(const struct sim_site *site, char *buf, size_t len);
/* The function as the kernel names it (a built-in variant's prefix gone). */
const char *sim_site_func(const struct sim_site *site);
/* The width of a site column in step lines. */
#define SIM_WHERE_MAX	96

#endif /* SIM_SITE_H */

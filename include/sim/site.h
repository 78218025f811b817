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

#endif /* SIM_SITE_H */

// SPDX-License-Identifier: MIT
/*
 * How reports name a site: "vgic-its.c:637 vgic_its_invalidate_cache",
 * the file's base name (a kernel tree's own file, or the model's, which
 * bears the kernel file's name), the line, the function. The base name
 * keeps reports free of where a tree was extracted or patched, so the
 * same run prints the same bytes anywhere.
 */
#include <sim/site.h>

#include <stdio.h>
#include <string.h>

const char *sim_site_file(const struct sim_site *site)
{
	const char *slash;

	if (!site || !site->file)
		return "?";
	slash = strrchr(site->file, '/');
	return slash ? slash + 1 : site->file;
}

const char *sim_site_where(const struct sim_site *site, char *buf, size_t len)
{
	if (site)
		snprintf(buf, len, "%s:%d %s", sim_site_file(site), site->line,
			 site->func);
	else
		snprintf(buf, len, "?");
	return buf;
}

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

/*
 * The function as the kernel names it. The built-in variants
 * (sim/kvm/variants/v2-rcu.c) prefix their versions of a kernel function
 * with their own name (v2_rcu_vgic_its_invalidate_cache), because the
 * dispatcher of that name is declared in the same unit; a report shows the
 * kernel's name, beside the variant's file, so a variant that inherits
 * v0's function does not read as if v0 ran.
 */
static const char *kernel_func(const struct sim_site *site)
{
	const char *file = sim_site_file(site), *f = site->func;
	size_t n = strcspn(file, ".");

	if (!strstr(site->file, "kvm/variants/") || strncmp(file + n, ".c", 3))
		return f;
	for (size_t i = 0; i < n; i++, f++)
		if (*f != (file[i] == '-' ? '_' : file[i]))
			return site->func;
	return *f == '_' && f[1] ? f + 1 : site->func;
}

const char *sim_site_func(const struct sim_site *site)
{
	return site ? kernel_func(site) : "?";
}

const char *sim_site_where(const struct sim_site *site, char *buf, size_t len)
{
	if (site)
		snprintf(buf, len, "%s:%d %s", sim_site_file(site), site->line,
			 kernel_func(site));
	else
		snprintf(buf, len, "?");
	return buf;
}

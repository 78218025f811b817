/* SPDX-License-Identifier: MIT */
/*
 * sim variant new NAME --from BASE: print a ready-to-edit variant file
 * holding BASE's version of every replaceable function (taken from the
 * built-in variant files embedded in the binary, resolved through BASE's
 * own bases), renamed to the kernel's names, with the rules in a header
 * comment and a VARIANT(...) line registering it.
 */
#include "cli.h"

#include <assert.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "variant_sources.h"

static const char variant_usage[] =
	"usage: sim variant new NAME --from BASE\n"
	"\n"
	"Print a variant file to start from: BASE's version of every\n"
	"replaceable function under its kernel name, ready to edit the way the\n"
	"kernel patch would, then run with sim run --variant-file NAME.c.\n"
	"Functions you delete are inherited from BASE.\n";

/* The replaceable functions: struct vgic_variant field, kernel name. */
static const struct {
	const char *field, *func;
} replaceable[] = {
	{ "invalidate_cache", "vgic_its_invalidate_cache" },
	{ "invalidate_all_caches", "vgic_its_invalidate_all_caches" },
	{ "write_its_ctlr", "vgic_mmio_write_its_ctlr" },
	{ "cache_translation", "vgic_its_cache_translation" },
	{ "check_cache", "vgic_its_check_cache" },
	{ "write_v3r_ctlr", "vgic_mmio_write_v3r_ctlr" },
	{ "inject_cached_translation", "vgic_its_inject_cached_translation" },
	{ "put_irq", "vgic_put_irq" },
};

static const char *source_of(const char *variant)
{
	for (const struct variant_source *v = variant_sources; v->file; v++)
		if (strcmp(v->file, variant) == 0)
			return v->text;
	return NULL;
}

/* The base a built-in variant file names in its `.base = "..."`. */
static bool base_of(const char *text, char *base, size_t len)
{
	const char *p = strstr(text, ".base = \"");
	size_t n;

	if (!p)
		return false;
	p += strlen(".base = \"");
	n = strcspn(p, "\"");
	snprintf(base, len, "%.*s", (int)n, p);
	return true;
}

/*
 * The definition of @prefix@func in @text: from the comment block just
 * above it, if any, to the "}" closing it at column 0. Kernel style puts
 * the return type and the name on one line starting at column 0.
 */
static bool find_function(const char *text, const char *prefix, const char *func,
			  const char **start, const char **end)
{
	char name[128];
	const char *line;

	if (snprintf(name, sizeof(name), "%s%s(", prefix, func) >= (int)sizeof(name))
		return false;	/* no such name in a variant */
	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *nl = strchr(line, '\n');
		const char *hit = strstr(line, name);
		const char *close, *c;

		if (!hit || (nl && hit > nl) || isspace((unsigned char)*line) ||
		    (hit > line && (isalnum((unsigned char)hit[-1]) || hit[-1] == '_')))
			continue;
		if (strchr(line, ';') && (!nl || strchr(line, ';') < nl))
			continue;	/* a declaration, not the definition */
		close = strstr(line, "\n}\n");
		if (!close)
			return false;
		*end = close + 3;
		/* Take the comment right above, if it ends on the line before. */
		*start = line;
		if (line - text >= 4 && strncmp(line - 4, " */\n", 4) == 0)
			for (c = line - 4; c > text; c--)
				if (c[-1] == '\n' && strncmp(c, "/*", 2) == 0) {
					*start = c;
					break;
				}
		return true;
	}
	return false;
}

/*
 * Print one continuation line of a signature moved @shift columns left,
 * keeping kernel style: tabs, then spaces up to the opening parenthesis.
 */
static const char *print_shifted(const char *line, const char *end, int shift)
{
	const char *nl = memchr(line, '\n', (size_t)(end - line));
	int col = 0;

	while (line < end && (*line == '\t' || *line == ' ')) {
		col = *line == '\t' ? (col / 8 + 1) * 8 : col + 1;
		line++;
	}
	col = col > shift ? col - shift : 0;
	for (; col >= 8; col -= 8)
		putchar('\t');
	for (; col > 0; col--)
		putchar(' ');
	nl = nl ? nl + 1 : end;
	fwrite(line, 1, (size_t)(nl - line), stdout);
	return nl;
}

/*
 * Print a function renamed from @prefix@func to @func, never static, its
 * wrapped parameter lines realigned under the new name's parenthesis.
 */
static void print_function(const char *start, const char *end, const char *prefix,
			   const char *func)
{
	char name[128];
	const char *p = start;

	/* find_function() found this name: it fits. */
	if (snprintf(name, sizeof(name), "%s%s(", prefix, func) >= (int)sizeof(name))
		abort();
	while (p < end) {
		const char *hit = strstr(p, name);
		int shift = (int)strlen(prefix);

		if (!hit || hit >= end) {
			fwrite(p, 1, (size_t)(end - p), stdout);
			return;
		}
		const char *line = hit, *nl;

		while (line > p && line[-1] != '\n')
			line--;
		fwrite(p, 1, (size_t)(line - p), stdout);
		if (strncmp(line, "static ", 7) == 0) {
			line += 7;
			shift += 7;
		}
		fwrite(line, 1, (size_t)(hit - line), stdout);
		printf("%s(", func);
		p = hit + strlen(name);
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			continue;
		fwrite(p, 1, (size_t)(nl + 1 - p), stdout);
		p = nl + 1;
		/* The signature goes on until the line with its closing ')'. */
		if (memchr(hit, ')', (size_t)(nl - hit)))
			continue;
		while (p < end) {
			const char *next = memchr(p, '\n', (size_t)(end - p));
			bool last = next && memchr(p, ')', (size_t)(next - p));

			p = print_shifted(p, end, shift);
			if (last)
				break;
		}
	}
}

static bool valid_name(const char *s)
{
	if (!*s || strlen(s) > 40)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return false;
	return true;
}

static int variant_new(const char *name, const char *base)
{
	const char *found[sizeof(replaceable) / sizeof(replaceable[0])][3] = { { 0 } };
	char chain[8][64], prefix[8][72];
	int depth = 0;

	if (!valid_name(name)) {
		fprintf(stderr, "sim variant new: \"%s\" is not a variant name ([A-Za-z0-9._-], at most 40)\n",
			name);
		return CLI_EXIT_BAD_INPUT;
	}
	if (!source_of(base)) {
		fprintf(stderr, "sim variant new: unknown base \"%s\" (built-in variants: ", base);
		for (const struct variant_source *v = variant_sources; v->file; v++)
			if (v->file[0] == 'v' && isdigit((unsigned char)v->file[1]))
				fprintf(stderr, "%s%s", v == variant_sources ? "" : ", ", v->file);
		fprintf(stderr, ")\n");
		return CLI_EXIT_BAD_INPUT;
	}
	/* BASE, then its base, ... up to the root that has everything. */
	snprintf(chain[depth++], sizeof(chain[0]), "%s", base);
	while (depth < 8 && base_of(source_of(chain[depth - 1]), chain[depth], sizeof(chain[0])) &&
	       source_of(chain[depth]))
		depth++;
	for (int d = 0; d < depth; d++) {
		int n = snprintf(prefix[d], sizeof(prefix[d]), "%s_", chain[d]);

		/* Names are at most 63 characters (chain): "_" fits. */
		assert(n < (int)sizeof(prefix[d]));
		(void)n;
		for (char *c = prefix[d]; *c; c++)
			if (*c == '-')
				*c = '_';
	}
	for (size_t f = 0; f < sizeof(replaceable) / sizeof(replaceable[0]); f++)
		for (int d = 0; d < depth && !found[f][0]; d++) {
			const char *start, *end;

			if (find_function(source_of(chain[d]), prefix[d],
					  replaceable[f].func, &start, &end)) {
				found[f][0] = start;
				found[f][1] = end;
				found[f][2] = prefix[d];
			}
		}

	printf("// SPDX-License-Identifier: GPL-2.0\n"
	       "/*\n"
	       " * %s: a variant of the vgic-its translation cache code, based on %s.\n"
	       " *\n"
	       " * Edit the functions below the way your kernel patch changes them;\n"
	       " * delete the ones you leave alone (they are inherited from %s) and\n"
	       " * their lines in VARIANT(...) at the end.\n"
	       " *\n"
	       " * The rules, in short (in full at the top of <kvm/itsim-variant.h>):\n"
	       " * - Keep the kernel names and signatures, not static; helpers of your\n"
	       " *   own are static. A call to a replaceable function you did not\n"
	       " *   write runs the base's version.\n"
	       " * - The kernel headers are small shims (include/linux/: mutex,\n"
	       " *   spinlock, rcupdate, srcu, xarray, refcount, kref, atomic, slab,\n"
	       " *   list, lockdep, cleanup, printk, ...); trace points, GICv4\n"
	       " *   and memslots are absent, and a call to an API listed in\n"
	       " *   <kvm/itsim-not-modelled.h> says it is not modelled.\n"
	       " * - Visible operations are the only points where another thread may\n"
	       " *   run: lock and unlock, every xa_*() call (xa_for_each: one per\n"
	       " *   step), refcount_* and kref_*, atomic_*, READ_ONCE/WRITE_ONCE,\n"
	       " *   rcu_read_lock/unlock, srcu_read_lock/unlock, synchronize_*(),\n"
	       " *   kzalloc, kfree, kfree_rcu. Plain field accesses are not: code\n"
	       " *   between two visible operations runs as one atomic step.\n"
	       " * - Checked: refcounts against the structures holding references,\n"
	       " *   use after free, lockdep_assert_held(), the documented lock order\n"
	       " *   and cycles, sleeping in atomic context, deadlocks, leaks.\n"
	       " */\n"
	       "// Run it against every scenario:\n"
	       "//   sim run --variant-file %s.c scenarios/*.json\n"
	       "#include <kvm/itsim-variant.h>\n",
	       name, base, base, name);
	for (size_t f = 0; f < sizeof(replaceable) / sizeof(replaceable[0]); f++) {
		if (!found[f][0])
			continue;
		printf("\n");
		print_function(found[f][0], found[f][1], found[f][2], replaceable[f].func);
	}
	printf("\nVARIANT(\"%s\", \"%s\", \"what this patch changes, in one line\"", name, base);
	for (size_t f = 0; f < sizeof(replaceable) / sizeof(replaceable[0]); f++)
		if (found[f][0])
			printf(",\n\t.%s = %s", replaceable[f].field, replaceable[f].func);
	printf(");\n");
	return CLI_EXIT_OK;
}

int cmd_variant(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(variant_usage, stdout);
		return CLI_EXIT_OK;
	}
	if (argc == 5 && strcmp(argv[1], "new") == 0 && strcmp(argv[3], "--from") == 0)
		return variant_new(argv[2], argv[4]);
	fputs(variant_usage, stderr);
	return CLI_EXIT_BAD_INPUT;
}

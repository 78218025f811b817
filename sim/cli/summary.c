/* SPDX-License-Identifier: MIT */
/* The run summary (summary.h): judging, the table, the matrix, JSON. */
#include "summary.h"
#include "term.h"

#include <explore/explore.h>
#include <sim/alloc.h>
#include <sim/finding.h>

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

json_t *summary_map_new(void)
{
	json_t *map = json_object();

	if (!map) {
		fprintf(stderr, "itsim: out of memory (a map)\n");
		abort();
	}
	return map;
}

bool summary_map_get(json_t *map, const char *key, size_t *index)
{
	json_t *v = json_object_get(map, key);

	if (!v)
		return false;
	assert(json_is_integer(v));
	*index = (size_t)json_integer_value(v);
	return true;
}

void summary_map_put(json_t *map, const char *key, size_t index)
{
	json_t *v = json_integer((json_int_t)index);

	assert(index <= (size_t)INT64_MAX);
	/* _nocheck: a key is any C string; jansson would only check it is
	 * UTF-8, which names from a JSON document are anyway. */
	if (!v || json_object_set_new_nocheck(map, key, v)) {
		fprintf(stderr, "itsim: out of memory (a map's entry)\n");
		abort();
	}
}

static bool has(json_t *set, const char *key)
{
	size_t unused;

	return summary_map_get(set, key, &unused);
}

/* The kinds of @r's findings as a set: judging asks it once per kind. */
static json_t *kinds_of(const struct summary_row *r)
{
	json_t *set = summary_map_new();

	for (size_t i = 0; i < r->nr_findings; i++)
		summary_map_put(set, r->findings[i].kind, i);
	return set;
}

static void append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	/* Full: what would follow is cut anyway. */
	if (used + 1 >= len)
		return;
	if (used)
		strncat(buf, ",", len - used - 1);
	strncat(buf, s, len - strlen(buf) - 1);
}

static void outcome_text(const struct summary_row *r, json_t *kinds,
			 char *buf, size_t len)
{
	json_t *listed;

	buf[0] = '\0';
	for (int k = 0; k < SIM_FINDING__COUNT; k++)
		if (has(kinds, sim_finding_kind_name(k)))
			append(buf, len, sim_finding_kind_name(k));
	/* Kinds of a newer sim (merged shards), in the order first seen. */
	listed = summary_map_new();
	for (size_t i = 0; i < r->nr_findings; i++) {
		const char *kind = r->findings[i].kind;

		if (sim_finding_kind_lookup(kind) >= 0 || has(listed, kind))
			continue;
		summary_map_put(listed, kind, i);
		append(buf, len, kind);
	}
	json_decref(listed);
	if (!buf[0])
		snprintf(buf, len, "clean");
}

void summary_row_judge(struct summary_row *r)
{
	json_t *kinds = kinds_of(r);

	outcome_text(r, kinds, r->outcome, sizeof(r->outcome));
	if (!r->judged) {
		r->matched = true;
	} else if (r->nr_expected == 0) {
		r->matched = r->nr_findings == 0;
	} else {
		r->matched = true;
		for (size_t i = 0; i < r->nr_expected; i++)
			r->matched &= has(kinds, r->expected[i]);
	}
	json_decref(kinds);
}

static void finding_copy(struct summary_finding *to,
			 const struct summary_finding *from)
{
	to->kind = sim_xstrdup(from->kind);
	to->key = sim_xstrdup(from->key);
	to->title = sim_xstrdup(from->title);
	to->trace = sim_xstrdup(from->trace);
	to->steps = from->steps;
	to->hits = from->hits;
	to->label = from->label < 0 ? -1 : from->label;
}

static void finding_free(struct summary_finding *f)
{
	free(f->kind);
	free(f->key);
	free(f->title);
	free(f->trace);
}

const struct summary_finding *summary_row_find(const struct summary_row *r,
					       const char *key)
{
	size_t i;

	if (!r->by_key || !summary_map_get(r->by_key, key, &i))
		return NULL;
	assert(i < r->nr_findings);
	return &r->findings[i];
}

static void add_new_finding(struct summary_row *r,
			    const struct summary_finding *f)
{
	/* Room doubled, so that n findings cost O(n) copies in all. */
	if (r->nr_findings == r->findings_room) {
		r->findings_room = r->findings_room ? 2 * r->findings_room : 4;
		r->findings = sim_xreallocarray(r->findings, r->findings_room,
						sizeof(*r->findings));
	}
	assert(r->nr_findings < r->findings_room);
	summary_map_put(r->by_key, f->key, r->nr_findings);
	finding_copy(&r->findings[r->nr_findings++], f);
}

void summary_row_add_finding(struct summary_row *r,
			     const struct summary_finding *f)
{
	struct summary_finding *t, kept;

	/* Findings come only through here: the map indexes all of them. */
	assert(r->by_key || r->nr_findings == 0);
	if (!r->by_key)
		r->by_key = summary_map_new();
	t = (struct summary_finding *)summary_row_find(r, f->key);
	if (!t) {
		add_new_finding(r, f);
		return;
	}
	kept = *t;
	if (!sim_found_combine(&kept.hits, &kept.label, t->steps, f->hits,
			       f->label, f->steps)) {
		t->hits = kept.hits;
		t->label = kept.label;
		return;
	}
	finding_free(t);
	finding_copy(t, f);
	t->hits = kept.hits;
	t->label = kept.label;
}

void summary_row_free(struct summary_row *r)
{
	free(r->scenario);
	free(r->file);
	free(r->sha256);
	free(r->variant);
	free(r->strategy);
	for (size_t i = 0; i < r->nr_expected; i++)
		free(r->expected[i]);
	free(r->expected);
	for (size_t i = 0; i < r->nr_findings; i++)
		finding_free(&r->findings[i]);
	free(r->findings);
	json_decref(r->by_key);
	free(r->note);
	memset(r, 0, sizeof(*r));
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

void summary_row_expected(const struct summary_row *r, char *buf, size_t len)
{
	if (!r->judged) {
		snprintf(buf, len, "-");
		return;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < r->nr_expected; i++)
		append(buf, len, r->expected[i]);
	if (!buf[0])
		snprintf(buf, len, "clean");
}

/* How wide @s is in a column: escaped, as it is printed. */
static int width(const char *s)
{
	size_t len = term_len(s);

	return len > INT_MAX ? INT_MAX : (int)len;
}

/* @s escaped, left-aligned in @w columns: "%-*s" of the escaped text. */
static void put_cell(FILE *out, const char *s, int w)
{
	term_fputs(s, out);
	for (int pad = w - width(s); pad > 0; pad--)
		fputc(' ', out);
}

/* ---- kinds in short, for a narrow terminal ---- */

static const struct {
	const char *kind, *code;
} kind_codes[] = {
	{ "refcount-underflow", "RU" }, { "refcount-inc-zero", "RIZ" },
	{ "premature-free", "PF" }, { "use-after-free", "UAF" },
	{ "out-of-bounds", "OOB" }, { "double-free", "DF" },
	{ "leak", "LK" }, { "assert-held", "AH" }, { "deadlock", "DL" },
	{ "livelock", "LL" }, { "lock-order", "LO" }, { "bad-unlock", "BU" },
	{ "recursive-lock", "RL" }, { "lock-held-at-exit", "LHE" },
	{ "sleep-in-atomic", "SIA" }, { "bug", "BUG" }, { "warning", "WARN" },
	{ "crash", "CR" }, { "bad-pointer", "BP" }, { "hang", "HANG" },
	{ "lpi-registry", "LR" }, { "stale-translation", "ST" },
	{ "saved-tables", "SVT" }, { "data-race", "DR" },
};
#define NR_KIND_CODES (sizeof(kind_codes) / sizeof(kind_codes[0]))

/*
 * @kinds ("premature-free,use-after-free", or "clean", "-") in codes,
 * "PF,UAF"; a kind without a code (a newer sim's) stays whole. Marks the
 * codes used in @used, for the legend.
 */
static void abbreviate(const char *kinds, char *buf, size_t len, bool *used)
{
	char *copy = sim_xstrdup(kinds), *save = NULL;

	buf[0] = '\0';
	if (!strcmp(kinds, "clean") || !strcmp(kinds, "-")) {
		snprintf(buf, len, "%s", kinds);
		free(copy);
		return;
	}
	for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		const char *code = k;

		for (size_t c = 0; c < NR_KIND_CODES; c++)
			if (!strcmp(kind_codes[c].kind, k)) {
				code = kind_codes[c].code;
				used[c] = true;
			}
		append(buf, len, code);
	}
	free(copy);
}

/* "kinds: PF premature-free, UAF use-after-free", wrapped to @w columns. */
static void print_legend(FILE *out, const bool *used, int w)
{
	int col = 0;

	for (size_t c = 0; c < NR_KIND_CODES; c++) {
		char item[64];
		int len;

		if (!used[c])
			continue;
		len = snprintf(item, sizeof(item), "%s %s", kind_codes[c].code,
			       kind_codes[c].kind);
		if (!col) {
			col = fprintf(out, "kinds: %s", item);
		} else if (col + 2 + len > w) {
			fprintf(out, ",\n       %s", item);
			col = 7 + len;
		} else {
			col += fprintf(out, ", %s", item);
		}
	}
	if (col)
		fputc('\n', out);
}

/*
 * The table on a terminal too narrow for one line per row: a scenario on
 * a line of its own, its variants' rows under it, the kinds in short,
 * and the time, then the search, left out when still too wide.
 */
static void print_table_narrow(FILE *out, const struct summary_row *rows,
			       size_t n, int w, bool *used)
{
	char expected[512], oshort[512], eshort[512], time[32];
	int wv = 9, wo = 7, we = 8, wsr = 6, total;
	bool show_time, show_search;

	for (size_t i = 0; i < n; i++) {
		char *search = term_escape(rows[i].search);

		summary_row_expected(&rows[i], expected, sizeof(expected));
		abbreviate(rows[i].outcome, oshort, sizeof(oshort), used);
		abbreviate(expected, eshort, sizeof(eshort), used);
		wv = max_int(wv, 2 + width(rows[i].variant));
		wo = max_int(wo, width(oshort));
		we = max_int(we, width(eshort));
		wsr = max_int(wsr, width(search));
		free(search);
	}
	total = wv + 2 + wo + 2 + we + 2 + 5 + 2 + 10;
	show_search = total + 2 + wsr <= w;
	show_time = show_search && total + 2 + wsr + 2 + 8 <= w;
	fprintf(out, "%-*s  %-*s  %-*s  %-5s  %10s", wv, "scenario", wo,
		"outcome", we, "expected", "match", "executions");
	if (show_search)
		fprintf(out, "  %-*s", wsr, "search");
	if (show_time)
		fprintf(out, "  %8s", "time");
	fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		const struct summary_row *r = &rows[i];
		char variant[512];

		if (!i || strcmp(r->scenario, rows[i - 1].scenario)) {
			term_fputs(r->scenario, out);
			fputc('\n', out);
		}
		summary_row_expected(r, expected, sizeof(expected));
		abbreviate(r->outcome, oshort, sizeof(oshort), used);
		abbreviate(expected, eshort, sizeof(eshort), used);
		snprintf(variant, sizeof(variant), "  %s", r->variant);
		put_cell(out, variant, wv);
		fputs("  ", out);
		put_cell(out, oshort, wo);
		fputs("  ", out);
		put_cell(out, eshort, we);
		fprintf(out, "  %-5s  %10llu", !r->judged ? "-" : r->matched ? "yes" : "NO",
			(unsigned long long)r->executions);
		if (show_search) {
			fputs("  ", out);
			put_cell(out, r->search, wsr);
		}
		if (show_time) {
			if (r->seconds < 0)
				snprintf(time, sizeof(time), "-");
			else
				snprintf(time, sizeof(time), "%.2fs", r->seconds);
			fprintf(out, "  %8s", time);
		}
		fputc('\n', out);
	}
}

void summary_print_table(FILE *out, const struct summary_row *rows, size_t n,
			 int max_width)
{
	char expected[512], time[32];
	int ws = 8, wv = 7, wo = 7, we = 8;

	/* Columns as wide as their widest cell, so rows stay aligned. */
	for (size_t i = 0; i < n; i++) {
		summary_row_expected(&rows[i], expected, sizeof(expected));
		ws = max_int(ws, width(rows[i].scenario));
		wv = max_int(wv, width(rows[i].variant));
		wo = max_int(wo, width(rows[i].outcome));
		we = max_int(we, width(expected));
	}
	if (max_width > 0 &&
	    ws + 2 + wv + 2 + wo + 2 + we + 2 + 5 + 2 + 10 + 2 + 10 + 2 + 8 > max_width) {
		bool used[NR_KIND_CODES] = { false };

		print_table_narrow(out, rows, n, max_width, used);
		print_legend(out, used, max_width);
		return;
	}
	fprintf(out, "%-*s  %-*s  %-*s  %-*s  %-5s  %10s  %-10s  %8s\n", ws,
		"scenario", wv, "variant", wo, "outcome", we, "expected", "match",
		"executions", "search", "time");
	for (size_t i = 0; i < n; i++) {
		const struct summary_row *r = &rows[i];
		char *search = term_escape(r->search);

		summary_row_expected(r, expected, sizeof(expected));
		/* Shards run apart have no one wall-clock time. */
		if (r->seconds < 0)
			snprintf(time, sizeof(time), "-");
		else
			snprintf(time, sizeof(time), "%.2fs", r->seconds);
		put_cell(out, r->scenario, ws);
		fputs("  ", out);
		put_cell(out, r->variant, wv);
		fputs("  ", out);
		put_cell(out, r->outcome, wo);
		fputs("  ", out);
		put_cell(out, expected, we);
		fprintf(out, "  %-5s  %10llu  %-10s  %8s\n",
			!r->judged ? "-" : r->matched ? "yes" : "NO",
			(unsigned long long)r->executions, search, time);
		free(search);
	}
}

/*
 * The rows as the matrix shows them, indexed once: the variants and the
 * scenarios in the order they first appear, and each scenario's cells,
 * the first row it has under each variant it ran under, by variant.
 * O(n log n) to make, where asking every row for every cell was O(n^2).
 */
struct grid {
	const char **variants;	/* [nv], names borrowed from the rows */
	size_t nv, ns;
	size_t *variant;	/* [n]: rows[i]'s index in @variants */
	size_t *cells;		/* row indices, by scenario, then variant */
	size_t *end;		/* [ns]: scenario s's cells end before cells[end[s]] */
};

struct cell_key {
	size_t scenario, variant, row;
};

static int cell_key_cmp(const void *a, const void *b)
{
	const struct cell_key *x = a, *y = b;

	if (x->scenario != y->scenario)
		return x->scenario < y->scenario ? -1 : 1;
	if (x->variant != y->variant)
		return x->variant < y->variant ? -1 : 1;
	/* The first row of a cell is the one shown: sort on to row order. */
	return (x->row > y->row) - (x->row < y->row);
}

/* @name's index in @map, or the next one, @count, for a new name. */
static size_t index_of(json_t *map, const char *name, size_t *count)
{
	size_t k;

	if (summary_map_get(map, name, &k))
		return k;
	summary_map_put(map, name, *count);
	return (*count)++;
}

static void grid_make(struct grid *g, const struct summary_row *rows, size_t n)
{
	json_t *variants = summary_map_new(), *scenarios = summary_map_new();
	struct cell_key *keys = sim_xcalloc(n, sizeof(*keys));
	size_t nc = 0;

	memset(g, 0, sizeof(*g));
	g->variants = sim_xcalloc(n, sizeof(*g->variants));
	g->variant = sim_xcalloc(n, sizeof(*g->variant));
	g->cells = sim_xcalloc(n, sizeof(*g->cells));
	g->end = sim_xcalloc(n, sizeof(*g->end));
	for (size_t i = 0; i < n; i++) {
		size_t nv = g->nv, v = index_of(variants, rows[i].variant, &g->nv);

		if (g->nv > nv)
			g->variants[v] = rows[i].variant;
		g->variant[i] = v;
		keys[i] = (struct cell_key){
			.scenario = index_of(scenarios, rows[i].scenario, &g->ns),
			.variant = v, .row = i,
		};
	}
	qsort(keys, n, sizeof(*keys), cell_key_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i && keys[i].scenario == keys[i - 1].scenario &&
		    keys[i].variant == keys[i - 1].variant)
			continue;
		g->cells[nc++] = keys[i].row;
		g->end[keys[i].scenario] = nc;
	}
	assert(g->nv <= n && g->ns <= n);
	assert(nc <= n && (n == 0 || g->end[g->ns - 1] == nc));
	free(keys);
	json_decref(scenarios);
	json_decref(variants);
}

static void grid_free(struct grid *g)
{
	free(g->variants);
	free(g->variant);
	free(g->cells);
	free(g->end);
}

/* Where scenario @s's cells begin in @g->cells; they end at @g->end[s]. */
static size_t grid_begin(const struct grid *g, size_t s)
{
	assert(s < g->ns);
	return s ? g->end[s - 1] : 0;
}

/* "clean =": the outcome, "=" met the expectation, "!" did not. */
static void cell_text(const struct summary_row *r, char *buf, size_t len,
		      bool *used)
{
	char kinds[512];

	if (!r) {
		snprintf(buf, len, used ? "-" : "not run");
		return;
	}
	if (used)
		abbreviate(r->outcome, kinds, sizeof(kinds), used);
	else
		snprintf(kinds, sizeof(kinds), "%s", r->outcome);
	snprintf(buf, len, "%s%s", kinds, !r->judged ? "" : r->matched ? " =" : " !");
}

/*
 * A matrix of more cells than this and mostly "not run" (more than
 * SPARSE_PER_ROW cells a row) is left out: it would tell less than the
 * table, and scenarios and variants that each ran once would make it
 * n x n cells long.
 */
#define SPARSE_CELLS 4096
#define SPARSE_PER_ROW 4

static bool too_sparse(const struct grid *g, size_t n)
{
	/* ns * nv > SPARSE_PER_ROW * n, without overflowing */
	return g->ns > SPARSE_CELLS / g->nv &&
	       g->ns > SPARSE_PER_ROW * n / g->nv;
}

/* The variant columns [@v0, @v1) of the grid. */
static void print_grid(FILE *out, const struct summary_row *rows,
		       const struct grid *g, int ws, const int *w, size_t v0,
		       size_t v1, bool *used)
{
	char text[600];

	fprintf(out, "%-*s", ws, "scenario");
	for (size_t v = v0; v < v1; v++) {
		fputs("  ", out);
		put_cell(out, g->variants[v], w[v]);
	}
	fprintf(out, "\n");
	for (size_t s = 0; s < g->ns; s++) {
		size_t c = grid_begin(g, s);

		put_cell(out, rows[g->cells[c]].scenario, ws);
		for (size_t v = 0; v < g->nv; v++) {
			const struct summary_row *r = NULL;

			if (c < g->end[s] && g->variant[g->cells[c]] == v)
				r = &rows[g->cells[c++]];
			if (v < v0 || v >= v1)
				continue;
			cell_text(r, text, sizeof(text), used);
			fputs("  ", out);
			put_cell(out, text, w[v]);
		}
		assert(c == g->end[s]);
		fprintf(out, "\n");
	}
}

void summary_print_matrix(FILE *out, const struct summary_row *rows, size_t n,
			  int max_width)
{
	struct grid g;
	int ws = 8, *w = NULL, total;
	bool unjudged = false, narrow, used[NR_KIND_CODES] = { false };
	char text[600];

	grid_make(&g, rows, n);
	if (g.nv < 2)
		goto out;
	if (too_sparse(&g, n)) {
		fprintf(out, "(no scenario x variant matrix: %zu scenarios x %zu "
			"variants, most cells not run)\n\n", g.ns, g.nv);
		goto out;
	}
	w = sim_xcalloc(g.nv, sizeof(*w));
	for (size_t i = 0; i < n; i++)
		ws = max_int(ws, width(rows[i].scenario));
	/* Too wide for the terminal: kinds in short, the variants in parts. */
	for (int pass = 0; pass < 2; pass++) {
		narrow = pass == 1;
		total = ws;
		for (size_t v = 0; v < g.nv; v++)
			w[v] = width(g.variants[v]);
		for (size_t i = 0; i < n; i++) {
			cell_text(&rows[i], text, sizeof(text), narrow ? used : NULL);
			w[g.variant[i]] = max_int(w[g.variant[i]], width(text));
		}
		for (size_t v = 0; v < g.nv; v++)
			total += 2 + w[v];
		if (max_width <= 0 || total <= max_width)
			break;
	}
	for (size_t v0 = 0; v0 < g.nv;) {
		size_t v1 = v0 + 1;
		int cols = ws + 2 + w[v0];

		while (narrow && v1 < g.nv && cols + 2 + w[v1] <= max_width)
			cols += 2 + w[v1++];
		if (!narrow)
			v1 = g.nv;
		print_grid(out, rows, &g, ws, w, v0, v1, narrow ? used : NULL);
		v0 = v1;
	}
	for (size_t i = 0; i < n; i++)
		unjudged |= !rows[i].judged;
	fprintf(out, "(= met the scenario's expectation, ! did not%s; a variant "
		"it does not name\n is expected clean, or as --expect-like says%s)\n",
		unjudged ? ", neither: not judged" : "", narrow ? "; - not run" : "");
	if (narrow)
		print_legend(out, used, max_width);
	fputc('\n', out);
out:
	free(w);
	grid_free(&g);
}

static json_t *json_matrix(const struct summary_row *rows, size_t n)
{
	struct grid g;
	json_t *m = json_object(), *vars = json_array(), *list = json_array();

	grid_make(&g, rows, n);
	for (size_t v = 0; v < g.nv; v++)
		json_array_append_new(vars, json_string(g.variants[v]));
	for (size_t s = 0; s < g.ns; s++) {
		json_t *cells = json_object();

		for (size_t c = grid_begin(&g, s); c < g.end[s]; c++) {
			const struct summary_row *r = &rows[g.cells[c]];

			json_object_set_new(cells, g.variants[g.variant[g.cells[c]]],
				json_pack("{s:s, s:o}", "outcome", r->outcome,
					  "matched", r->judged ?
					  json_boolean(r->matched) : json_null()));
		}
		json_array_append_new(list, json_pack("{s:s, s:o}", "scenario",
			rows[g.cells[grid_begin(&g, s)]].scenario, "cells", cells));
	}
	json_object_set_new(m, "variants", vars);
	json_object_set_new(m, "scenarios", list);
	grid_free(&g);
	return m;
}

static json_t *json_findings(const struct summary_row *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->nr_findings; i++) {
		const struct summary_finding *f = &r->findings[i];

		json_array_append_new(a, json_pack(
			"{s:s, s:s, s:s, s:s, s:I, s:I, s:i}", "kind", f->kind,
			"key", f->key, "title", f->title, "trace", f->trace,
			"steps", (json_int_t)f->steps, "hits", (json_int_t)f->hits,
			"label", f->label));
	}
	return a;
}

static json_t *json_row(const struct summary_row *r)
{
	json_t *expected = json_null(), *o;

	if (r->judged) {
		expected = json_array();
		for (size_t k = 0; k < r->nr_expected; k++)
			json_array_append_new(expected, json_string(r->expected[k]));
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:I, s:I, s:I, "
		      "s:b, s:s, s:I}",
		      "scenario", r->scenario, "file", r->file, "sha256", r->sha256,
		      "variant", r->variant,
		      "outcome", r->nr_findings ? "violation" : "clean",
		      "findings", json_findings(r), "expected", expected,
		      "matched", r->matched,
		      "executions", (json_int_t)r->executions,
		      "abandoned", (json_int_t)r->abandoned,
		      "repeated", (json_int_t)r->repeated,
		      "complete", r->complete, "strategy", r->strategy,
		      "units", (json_int_t)r->units);
	/* A merged row stands for all shards; a run's row for one of them. */
	if (r->merged) {
		json_object_set_new(o, "shards", json_integer(r->shards));
		return o;
	}
	json_object_set_new(o, "shard", json_pack("{s:i, s:i}", "index",
						  (int)r->shard, "of", (int)r->shards));
	json_object_set_new(o, "steps", json_integer((json_int_t)r->steps));
	/* How the search ended: complete, truncated, interrupted, bound N, ... */
	json_object_set_new(o, "search", json_string(r->search));
	if (r->note)
		json_object_set_new(o, "note", json_string(r->note));
	return o;
}

void summary_print_json(FILE *out, const struct summary_row *rows, size_t n)
{
	json_t *root = json_object(), *results = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(results, json_row(&rows[i]));
	json_object_set_new(root, "results", results);
	json_object_set_new(root, "matrix", json_matrix(rows, n));
	json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
}

/* SPDX-License-Identifier: MIT */
/* The run summary (summary.h): judging, the table, the matrix, JSON. */
#include "summary.h"

#include <explore/explore.h>
#include <sim/alloc.h>
#include <sim/finding.h>

#include <stdlib.h>
#include <string.h>

static bool has_kind(const struct summary_row *r, const char *kind)
{
	for (size_t i = 0; i < r->nr_findings; i++)
		if (strcmp(r->findings[i].kind, kind) == 0)
			return true;
	return false;
}

static void append(char *buf, size_t len, const char *s)
{
	if (buf[0])
		strncat(buf, ",", len - strlen(buf) - 1);
	strncat(buf, s, len - strlen(buf) - 1);
}

static void outcome_text(const struct summary_row *r, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int k = 0; k < SIM_FINDING__COUNT; k++)
		if (has_kind(r, sim_finding_kind_name(k)))
			append(buf, len, sim_finding_kind_name(k));
	/* Kinds of a newer sim (merged shards), in the order first seen. */
	for (size_t i = 0; i < r->nr_findings; i++) {
		const char *kind = r->findings[i].kind;
		bool seen = false;

		if (sim_finding_kind_lookup(kind) >= 0)
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= strcmp(r->findings[j].kind, kind) == 0;
		if (!seen)
			append(buf, len, kind);
	}
	if (!buf[0])
		snprintf(buf, len, "clean");
}

void summary_row_judge(struct summary_row *r)
{
	outcome_text(r, r->outcome, sizeof(r->outcome));
	if (!r->judged) {
		r->matched = true;
		return;
	}
	if (r->nr_expected == 0) {
		r->matched = r->nr_findings == 0;
		return;
	}
	r->matched = true;
	for (size_t i = 0; i < r->nr_expected; i++)
		r->matched &= has_kind(r, r->expected[i]);
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

void summary_row_add_finding(struct summary_row *r,
			     const struct summary_finding *f)
{
	struct summary_finding *t = NULL, kept;

	for (size_t i = 0; i < r->nr_findings && !t; i++)
		if (strcmp(r->findings[i].key, f->key) == 0)
			t = &r->findings[i];
	if (!t) {
		r->findings = sim_xreallocarray(r->findings, r->nr_findings + 1,
						sizeof(*r->findings));
		finding_copy(&r->findings[r->nr_findings++], f);
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

void summary_print_table(FILE *out, const struct summary_row *rows, size_t n)
{
	char expected[512], time[32];
	int ws = 8, wv = 7, wo = 7, we = 8;

	/* Columns as wide as their widest cell, so rows stay aligned. */
	for (size_t i = 0; i < n; i++) {
		summary_row_expected(&rows[i], expected, sizeof(expected));
		ws = max_int(ws, (int)strlen(rows[i].scenario));
		wv = max_int(wv, (int)strlen(rows[i].variant));
		wo = max_int(wo, (int)strlen(rows[i].outcome));
		we = max_int(we, (int)strlen(expected));
	}
	fprintf(out, "%-*s  %-*s  %-*s  %-*s  %-5s  %10s  %-10s  %8s\n", ws,
		"scenario", wv, "variant", wo, "outcome", we, "expected", "match",
		"executions", "search", "time");
	for (size_t i = 0; i < n; i++) {
		const struct summary_row *r = &rows[i];

		summary_row_expected(r, expected, sizeof(expected));
		/* Shards run apart have no one wall-clock time. */
		if (r->seconds < 0)
			snprintf(time, sizeof(time), "-");
		else
			snprintf(time, sizeof(time), "%.2fs", r->seconds);
		fprintf(out, "%-*s  %-*s  %-*s  %-*s  %-5s  %10llu  %-10s  %8s\n",
			ws, r->scenario, wv, r->variant, wo, r->outcome, we,
			expected, !r->judged ? "-" : r->matched ? "yes" : "NO",
			(unsigned long long)r->executions, r->search, time);
	}
}

/* The variants in the order they first appear; their number. */
static size_t distinct_variants(const struct summary_row *rows, size_t n,
				const char **names)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		size_t v = 0;

		while (v < k && strcmp(names[v], rows[i].variant) != 0)
			v++;
		if (v == k)
			names[k++] = rows[i].variant;
	}
	return k;
}

static size_t variant_index(const char **names, const char *variant)
{
	size_t v = 0;

	while (strcmp(names[v], variant) != 0)
		v++;
	return v;
}

static bool first_of_scenario(const struct summary_row *rows, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(rows[k].scenario, rows[i].scenario) == 0)
			return false;
	return true;
}

static const struct summary_row *cell(const struct summary_row *rows, size_t n,
				      const char *scenario, const char *variant)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].scenario, scenario) == 0 &&
		    strcmp(rows[i].variant, variant) == 0)
			return &rows[i];
	return NULL;
}

/* "clean =": the outcome, "=" met the expectation, "!" did not. */
static void cell_text(const struct summary_row *r, char *buf, size_t len)
{
	if (!r)
		snprintf(buf, len, "not run");
	else
		snprintf(buf, len, "%s%s", r->outcome,
			 !r->judged ? "" : r->matched ? " =" : " !");
}

void summary_print_matrix(FILE *out, const struct summary_row *rows, size_t n)
{
	const char **names = sim_xcalloc(n, sizeof(*names));
	size_t nv = distinct_variants(rows, n, names);
	int ws = 8, *w = sim_xcalloc(nv, sizeof(*w));
	bool unjudged = false;
	char text[600];

	if (nv < 2)
		goto out;
	for (size_t v = 0; v < nv; v++)
		w[v] = (int)strlen(names[v]);
	for (size_t i = 0; i < n; i++) {
		size_t v = variant_index(names, rows[i].variant);

		cell_text(&rows[i], text, sizeof(text));
		w[v] = max_int(w[v], (int)strlen(text));
		ws = max_int(ws, (int)strlen(rows[i].scenario));
	}
	fprintf(out, "%-*s", ws, "scenario");
	for (size_t v = 0; v < nv; v++)
		fprintf(out, "  %-*s", w[v], names[v]);
	fprintf(out, "\n");
	for (size_t i = 0; i < n; i++) {
		if (!first_of_scenario(rows, i))
			continue;
		fprintf(out, "%-*s", ws, rows[i].scenario);
		for (size_t v = 0; v < nv; v++) {
			cell_text(cell(rows, n, rows[i].scenario, names[v]), text,
				  sizeof(text));
			fprintf(out, "  %-*s", w[v], text);
		}
		fprintf(out, "\n");
	}
	for (size_t i = 0; i < n; i++)
		unjudged |= !rows[i].judged;
	fprintf(out, "(= met the scenario's expectation, ! did not%s; a variant "
		"it does not name\n is expected clean, or as --expect-like says)\n\n",
		unjudged ? ", neither: not judged" : "");
out:
	free(w);
	free(names);
}

static json_t *json_matrix(const struct summary_row *rows, size_t n)
{
	const char **names = sim_xcalloc(n, sizeof(*names));
	size_t nv = distinct_variants(rows, n, names);
	json_t *m = json_object(), *vars = json_array(), *list = json_array();

	for (size_t v = 0; v < nv; v++)
		json_array_append_new(vars, json_string(names[v]));
	for (size_t i = 0; i < n; i++) {
		json_t *cells;

		if (!first_of_scenario(rows, i))
			continue;
		cells = json_object();
		for (size_t v = 0; v < nv; v++) {
			const struct summary_row *r =
				cell(rows, n, rows[i].scenario, names[v]);

			if (!r)
				continue;
			json_object_set_new(cells, names[v],
				json_pack("{s:s, s:o}", "outcome", r->outcome,
					  "matched", r->judged ?
					  json_boolean(r->matched) : json_null()));
		}
		json_array_append_new(list, json_pack("{s:s, s:o}", "scenario",
						      rows[i].scenario, "cells", cells));
	}
	json_object_set_new(m, "variants", vars);
	json_object_set_new(m, "scenarios", list);
	free(names);
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

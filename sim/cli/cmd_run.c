/* SPDX-License-Identifier: MIT */
/*
 * sim run: explore scenarios under their variants, print a report per
 * distinct finding and a summary row per scenario x variant, write a trace
 * per finding, and compare the outcome with the scenario's expectations.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

#include <sim/trace.h>

#include "../kvm/model.h"
#include "variant_file.h"

static const char run_usage[] =
	"usage: sim run [options] SCENARIO.json...\n"
	"\n"
	"Explore every scenario under each variant its \"expect\" names (or\n"
	"--variant), report each distinct finding with its interleaving, write\n"
	"a trace per finding and print a summary table.\n"
	"\n"
	"options:\n"
	"  --variant V       run variant V; 'all' for every variant, or a\n"
	"                    comma-separated list (default: the keys of \"expect\")\n"
	"  --variant-file F.c  compile F.c (your version of the cache functions,\n"
	"                    see sim variant new) and run it too; repeatable\n"
	"  --strategy S      dpor (one execution per class of equivalent\n"
	"                    interleavings; the default unless the scenario says),\n"
	"                    sleepset, dfs (every interleaving), bounded (fewest\n"
	"                    preemptions first), random or pct (seeded samples);\n"
	"                    see sim list and docs/strategies.md\n"
	"  --jobs N          explore with N workers (default: the number of CPUs);\n"
	"                    dfs, sleepset, dpor and bounded split the search into\n"
	"                    the same units whatever N is, so N changes nothing\n"
	"                    but the time\n"
	"  --shard I/N       explore only the I-th of N parts of those units\n"
	"                    (I from 1); combine the --json outputs of all N\n"
	"                    with sim merge\n"
	"  --max-executions N  stop after N executions (default: the scenario's,\n"
	"                    or 1000000); the row then says \"truncated\"\n"
	"  --executions N    the same as --max-executions (random, pct)\n"
	"  --seed N          seed of random and pct (default: the scenario's, or 0)\n"
	"  --preemption-bound N  bounded: the last bound tried (default: the\n"
	"                    scenario's, or 2)\n"
	"  --depth D         pct: the bug depth d (default: the scenario's, or 3)\n"
	"  --max-steps N     steps per execution before it is a livelock\n"
	"                    (default: the scenario's, or 10000)\n"
	"  --trace-dir D     where traces are written (default: traces)\n"
	"  --svg-dir D       also draw each finding's interleaving as D/NAME.svg\n"
	"  --json            print one JSON document instead of the reports\n"
	"  -q, --quiet       print only the summary table\n"
	"  -h, --help        this text\n"
	"\n"
	"On a terminal, a progress line is drawn on stderr (not with -q or\n"
	"--json). Ctrl-C stops at the next execution boundary and prints the\n"
	"summary of what was covered, the search marked \"interrupted\".\n"
	"\n"
	"exit status: 0 every scenario x variant met its expectation, 1 one did\n"
	"not (or the run was interrupted), 2 bad usage or bad input.\n";

struct run_opts {
	const char *variant;
	int file_variants[16];	/* registered from --variant-file */
	int nr_file_variants;
	const char *strategy;
	uint64_t max_executions, max_steps, seed, bound, depth;
	bool has_max_executions, has_max_steps, has_seed, has_bound, has_depth;
	unsigned jobs, shard, shards;
	const char *trace_dir;
	const char *svg_dir;
	bool json, quiet;
};

struct row {
	const struct scenario *scn;
	int variant;
	const struct scn_expect *expect;	/* NULL: not judged */
	char outcome[160];
	bool matched;
	uint64_t executions, abandoned, repeated, steps;
	bool complete;
	char search[32];
	double seconds;
	size_t units, units_run;
	const char *strategy;
	char note[512];
	json_t *findings;
};

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0)
		return false;
	*out = v;
	return true;
}

static bool parse_u64_zero(const char *s, uint64_t *out)
{
	if (s && strcmp(s, "0") == 0) {
		*out = 0;
		return true;
	}
	return parse_u64(s, out);
}

/* Which variants to run for @scn: fills @ids, returns their number or -1. */
static int add_variant(int *ids, int n, int id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return n;
	ids[n] = id;
	return n + 1;
}

static int pick_variants(const struct scenario *scn, const struct run_opts *o,
			 int *ids)
{
	const char *opt = o->variant;
	int n = 0;

	/* A variant from a file runs in every scenario, after the others. */
	if (!opt && (scn->nr_expect || o->nr_file_variants)) {
		for (int i = 0; i < scn->nr_expect; i++)
			n = add_variant(ids, n, model_variant_lookup(scn->expect[i].variant));
		for (int i = 0; i < o->nr_file_variants; i++)
			n = add_variant(ids, n, o->file_variants[i]);
		return n;
	}
	if (!opt) {
		fprintf(stderr,
			"%s: no variant to run: the scenario has no \"expect\"; use --variant\n",
			scn->file);
		return -1;
	}
	if (strcmp(opt, "all") == 0) {
		for (int i = 0; i < model_variant_count(); i++)
			n = add_variant(ids, n, i);
		return n;
	}
	for (const char *p = opt; *p;) {
		size_t len = strcspn(p, ",");
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if (model_variant_lookup(name) < 0) {
			fprintf(stderr, "sim run: unknown variant \"%s\" (see sim list)\n",
				name);
			return -1;
		}
		n = add_variant(ids, n, model_variant_lookup(name));
		p += len;
		if (*p == ',')
			p++;
	}
	for (int i = 0; i < o->nr_file_variants; i++)
		n = add_variant(ids, n, o->file_variants[i]);
	return n;
}

static const struct scn_expect *find_expect(const struct scenario *scn,
					    int variant)
{
	for (int i = 0; i < scn->nr_expect; i++)
		if (model_variant_lookup(scn->expect[i].variant) == variant)
			return &scn->expect[i];
	return NULL;
}

static bool kind_found(const struct sim_explore_result *res, const char *kind)
{
	for (int i = 0; i < res->nr_found; i++)
		if (strcmp(sim_finding_kind_name(res->found[i].finding.kind), kind) == 0)
			return true;
	return false;
}

static void outcome_text(const struct sim_explore_result *res, char *buf,
			 size_t len)
{
	buf[0] = '\0';
	for (int k = 0; k < SIM_FINDING__COUNT; k++) {
		const char *name = sim_finding_kind_name(k);

		if (!kind_found(res, name))
			continue;
		if (buf[0])
			strncat(buf, ",", len - strlen(buf) - 1);
		strncat(buf, name, len - strlen(buf) - 1);
	}
	if (!buf[0])
		snprintf(buf, len, "clean");
}

static void expect_text(const struct scn_expect *e, char *buf, size_t len)
{
	if (!e) {
		snprintf(buf, len, "-");
		return;
	}
	buf[0] = '\0';
	for (int i = 0; i < e->nr_kinds; i++) {
		if (i)
			strncat(buf, ",", len - strlen(buf) - 1);
		strncat(buf, e->kinds[i], len - strlen(buf) - 1);
	}
	if (!buf[0])
		snprintf(buf, len, "clean");
}

static bool judge(const struct scn_expect *e, const struct sim_explore_result *res)
{
	if (!e)
		return true;
	if (e->nr_kinds == 0)
		return res->nr_found == 0;
	for (int i = 0; i < e->nr_kinds; i++)
		if (!kind_found(res, e->kinds[i]))
			return false;
	return true;
}

static int write_trace(const struct cli_job *job, const struct cli_outcome *out,
		       const struct sim_found *fd, const char *dir,
		       char *path, size_t pathlen)
{
	struct sim_trace t = { 0 };
	struct sim_trace_lock locks[8];
	char site[128], err[512];

	snprintf(site, sizeof(site), "%s:%d",
		 fd->finding.site ? fd->finding.site->func : "-",
		 fd->finding.site ? fd->finding.site->line : 0);
	snprintf(path, pathlen, "%s/%s.%s.%s.%s-%d.trace", dir, job->scn->name,
		 model_variant_name(job->variant),
		 sim_finding_kind_name(fd->finding.kind),
		 fd->finding.site ? fd->finding.site->func : "none",
		 fd->finding.site ? fd->finding.site->line : 0);
	for (int i = 0; i < out->nr_locks; i++) {
		locks[i].lock = (char *)out->lock_keys[i];
		locks[i].impl = (char *)out->lock_impls[i];
	}
	t.scenario_file = job->scn->file;
	t.scenario_text = job->scn->text;
	t.scenario_sha256 = (char *)job->scn->sha256;
	t.variant = (char *)model_variant_name(job->variant);
	t.strategy = (char *)job->strategy->name;
	t.max_steps = job->params.max_steps;
	t.locks = locks;
	t.nr_locks = out->nr_locks;
	t.schedule = fd->schedule;
	t.schedule_len = fd->schedule_len;
	{
		const char *text, *sha;

		if (cli_variant_file_source(t.variant, &text, &sha)) {
			t.variant_file_text = (char *)text;
			t.variant_file_sha256 = (char *)sha;
		}
	}
	t.kind = (char *)sim_finding_kind_name(fd->finding.kind);
	t.title = (char *)fd->finding.title;
	t.object = (char *)fd->finding.object;
	t.site = site;
	t.step = fd->finding.step;
	if (sim_trace_write(path, &t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

/* mkdir -p: create @dir and any missing parent. Return: 0 or -1 (errno). */
static int make_dirs(const char *dir)
{
	char path[1024];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		path[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/* DIR/NAME.svg beside the trace DIR2/NAME.trace. */
static int write_svg(const char *dir, const char *trace_path, const char *svg)
{
	const char *base = strrchr(trace_path, '/');
	char path[1024];
	size_t n;

	base = base ? base + 1 : trace_path;
	n = strlen(base) - strlen(".trace");
	if (make_dirs(dir)) {
		fprintf(stderr, "%s: cannot create: %s\n", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%.*s.svg", dir, (int)n, base);
	return cli_write_file(path, svg);
}

static int run_scenario(const struct scenario *scn, const struct run_opts *o,
			struct row **rows, int *nr_rows)
{
	int ids[64], n = pick_variants(scn, o, ids);
	const char *strategy = o->strategy ? o->strategy :
			       scn->strategy ? scn->strategy : CLI_DEFAULT_STRATEGY;
	int rc = CLI_EXIT_OK;

	if (n < 0)
		return CLI_EXIT_BAD_INPUT;
	for (int v = 0; v < n; v++) {
		struct cli_job job = { .scn = scn, .variant = ids[v] };
		struct cli_outcome out;
		struct row *r;

		job.strategy = sim_strategy_lookup(strategy);
		if (!job.strategy) {
			fprintf(stderr, "sim run: unknown strategy \"%s\" (see sim list)\n",
				strategy);
			return CLI_EXIT_BAD_INPUT;
		}
		job.max_executions = o->has_max_executions ? o->max_executions :
				     scn->has_max_executions ? scn->max_executions :
				     CLI_DEFAULT_MAX_EXECUTIONS;
		job.params.max_steps = o->has_max_steps ? o->max_steps :
				       scn->has_max_steps ? scn->max_steps :
				       CLI_DEFAULT_MAX_STEPS;
		job.params.seed = o->has_seed ? o->seed : scn->has_seed ? scn->seed : 0;
		job.params.preemption_bound = o->has_bound ? (int)o->bound :
					      scn->has_preemption_bound ?
					      scn->preemption_bound : 2;
		job.progress = !o->quiet && !o->json;
		job.svg = o->svg_dir != NULL;
		job.params.depth = o->has_depth ? (int)o->depth :
				   scn->has_depth ? scn->depth : 3;
		job.params.timed = scenario_is_timed(scn);
		job.jobs = o->jobs;
		job.shard = o->shard;
		job.shards = o->shards;
		if (cli_explore(&job, &out)) {
			cli_outcome_free(&out);
			return CLI_EXIT_BAD_INPUT;
		}
		if (!o->json && !o->quiet)
			cli_print_header(stdout, &job, &out);
		*rows = realloc(*rows, (size_t)(*nr_rows + 1) * sizeof(**rows));
		r = &(*rows)[(*nr_rows)++];
		memset(r, 0, sizeof(*r));
		r->scn = scn;
		r->strategy = job.strategy->name;
		r->variant = ids[v];
		r->expect = find_expect(scn, ids[v]);
		outcome_text(&out.res, r->outcome, sizeof(r->outcome));
		r->matched = judge(r->expect, &out.res);
		r->executions = out.res.executions;
		r->abandoned = out.res.abandoned;
		r->repeated = out.res.repeated;
		r->steps = out.res.steps;
		r->units = out.units;
		r->units_run = out.units_run;
		snprintf(r->note, sizeof(r->note), "%s", out.note);
		r->complete = out.res.complete;
		r->seconds = out.seconds;
		if (out.res.interrupted)
			snprintf(r->search, sizeof(r->search), "interrupted");
		else if (out.res.complete)
			snprintf(r->search, sizeof(r->search), "complete");
		else if (out.res.finished && job.strategy == &sim_strategy_bounded)
			snprintf(r->search, sizeof(r->search), "bound %d",
				 job.params.preemption_bound);
		else if (!job.strategy->exhaustive && job.strategy != &sim_strategy_bounded)
			snprintf(r->search, sizeof(r->search), "sampled");
		else
			snprintf(r->search, sizeof(r->search), "truncated");
		r->findings = json_array();
		for (int i = 0; i < out.res.nr_found; i++) {
			const struct sim_found *fd = &out.res.found[i];
			char path[1024];

			if (make_dirs(o->trace_dir)) {
				fprintf(stderr, "%s: cannot create: %s\n",
					o->trace_dir, strerror(errno));
				cli_outcome_free(&out);
				return CLI_EXIT_BAD_INPUT;
			}
			if (write_trace(&job, &out, fd, o->trace_dir, path, sizeof(path))) {
				cli_outcome_free(&out);
				return CLI_EXIT_BAD_INPUT;
			}
			if (o->svg_dir && write_svg(o->svg_dir, path, fd->svg)) {
				cli_outcome_free(&out);
				return CLI_EXIT_BAD_INPUT;
			}
			if (!o->json && !o->quiet) {
				printf("%s", fd->report);
				if (fd->label >= 0 && job.strategy->label_name)
					printf("found at %s %d\n", job.strategy->label_name,
					       fd->label);
				if (fd->preemptions >= 0)
					printf("shrunk to %zu steps with %d preemption%s\n",
					       fd->schedule_len, fd->preemptions,
					       fd->preemptions == 1 ? "" : "s");
				printf("replay: sim replay %s\n\n", path);
			}
			json_array_append_new(r->findings,
				json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:i}",
					  "kind", sim_finding_kind_name(fd->finding.kind),
					  "key", fd->key, "title", fd->finding.title,
					  "trace", path, "steps", (json_int_t)fd->schedule_len,
					  "hits", (json_int_t)fd->hits, "label", fd->label));
		}
		if (!o->json && r->note[0])
			printf("note: %s\n", r->note);
		if (!o->json && !o->quiet) {
			printf("%s under %s: %s after %llu execution%s",
			       scn->name, model_variant_name(ids[v]), r->outcome,
			       (unsigned long long)r->executions,
			       r->executions == 1 ? "" : "s");
			if (out.res.abandoned)
				printf(" and %llu redundant one%s cut short",
				       (unsigned long long)out.res.abandoned,
				       out.res.abandoned == 1 ? "" : "s");
			if (out.res.repeated)
				printf(", %llu %s", (unsigned long long)out.res.repeated,
				       job.strategy == &sim_strategy_bounded ?
				       "repeated from lower bounds" :
				       "of classes other units count");
			printf(" (%s)\n\n", r->complete ? "exhaustive" :
			       strcmp(r->search, "truncated") == 0 ?
			       "truncated: --max-executions reached" : r->search);
		}
		if (!r->matched || out.res.interrupted)
			rc = CLI_EXIT_MISMATCH;
		cli_outcome_free(&out);
		/* Ctrl-C: summarise what was covered, run nothing more. */
		if (cli_interrupted())
			break;
	}
	return rc;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static void print_summary(const struct row *rows, int n)
{
	char expected[160];
	int ws = 8, wv = 7, wo = 7, we = 8;

	/* Columns as wide as their widest cell, so rows stay aligned. */
	for (int i = 0; i < n; i++) {
		expect_text(rows[i].expect, expected, sizeof(expected));
		ws = max_int(ws, (int)strlen(rows[i].scn->name));
		wv = max_int(wv, (int)strlen(model_variant_name(rows[i].variant)));
		wo = max_int(wo, (int)strlen(rows[i].outcome));
		we = max_int(we, (int)strlen(expected));
	}
	printf("%-*s  %-*s  %-*s  %-*s  %-5s  %10s  %-10s  %8s\n", ws, "scenario",
	       wv, "variant", wo, "outcome", we, "expected", "match",
	       "executions", "search", "time");
	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		expect_text(r->expect, expected, sizeof(expected));
		printf("%-*s  %-*s  %-*s  %-*s  %-5s  %10llu  %-10s  %7.2fs\n",
		       ws, r->scn->name, wv, model_variant_name(r->variant),
		       wo, r->outcome, we, expected,
		       !r->expect ? "-" : r->matched ? "yes" : "NO",
		       (unsigned long long)r->executions, r->search, r->seconds);
	}
}

/* Variants in the order they first ran; scenarios likewise. */
static int distinct_variants(const struct row *rows, int n, int *ids)
{
	int k = 0;

	for (int i = 0; i < n; i++)
		k = add_variant(ids, k, rows[i].variant);
	return k;
}

static const struct row *cell(const struct row *rows, int n,
			      const struct scenario *scn, int variant)
{
	for (int i = 0; i < n; i++)
		if (rows[i].scn == scn && rows[i].variant == variant)
			return &rows[i];
	return NULL;
}

static const char *verdict(const struct row *r)
{
	return !r->expect ? "" : r->matched ? " =" : " !";
}

/*
 * Scenario x variant: the outcome of each, "=" where it met the
 * scenario's expectation, "!" where it did not, nothing where the scenario
 * says nothing about that variant.
 */
static void print_matrix(const struct row *rows, int n)
{
	int ids[64], nv = distinct_variants(rows, n, ids), ws = 8, w[64];
	char text[200];

	if (nv < 2)
		return;
	for (int v = 0; v < nv; v++)
		w[v] = (int)strlen(model_variant_name(ids[v]));
	for (int i = 0; i < n; i++) {
		int v = 0;

		while (ids[v] != rows[i].variant)
			v++;
		snprintf(text, sizeof(text), "%s%s", rows[i].outcome, verdict(&rows[i]));
		w[v] = max_int(w[v], (int)strlen(text));
		ws = max_int(ws, (int)strlen(rows[i].scn->name));
	}
	printf("%-*s", ws, "scenario");
	for (int v = 0; v < nv; v++)
		printf("  %-*s", w[v], model_variant_name(ids[v]));
	printf("\n");
	for (int i = 0; i < n; i++) {
		bool first = true;

		for (int k = 0; k < i; k++)
			first &= rows[k].scn != rows[i].scn;
		if (!first)
			continue;
		printf("%-*s", ws, rows[i].scn->name);
		for (int v = 0; v < nv; v++) {
			const struct row *r = cell(rows, n, rows[i].scn, ids[v]);

			if (r)
				snprintf(text, sizeof(text), "%s%s", r->outcome, verdict(r));
			else
				snprintf(text, sizeof(text), "not run");
			printf("  %-*s", w[v], text);
		}
		printf("\n");
	}
	printf("(= met the scenario's expectation, ! did not, neither: not judged)\n\n");
}

static json_t *json_matrix(const struct row *rows, int n)
{
	int ids[64], nv = distinct_variants(rows, n, ids);
	json_t *m = json_object(), *vars = json_array(), *list = json_array();

	for (int v = 0; v < nv; v++)
		json_array_append_new(vars, json_string(model_variant_name(ids[v])));
	for (int i = 0; i < n; i++) {
		json_t *cells;
		bool first = true;

		for (int k = 0; k < i; k++)
			first &= rows[k].scn != rows[i].scn;
		if (!first)
			continue;
		cells = json_object();
		for (int v = 0; v < nv; v++) {
			const struct row *r = cell(rows, n, rows[i].scn, ids[v]);

			if (!r)
				continue;
			json_object_set_new(cells, model_variant_name(ids[v]),
				json_pack("{s:s, s:o}", "outcome", r->outcome,
					  "matched", r->expect ? json_boolean(r->matched) :
					  json_null()));
		}
		json_array_append_new(list, json_pack("{s:s, s:o}", "scenario",
						      rows[i].scn->name, "cells", cells));
	}
	json_object_set_new(m, "variants", vars);
	json_object_set_new(m, "scenarios", list);
	return m;
}

static void print_json(const struct row *rows, int n, const struct run_opts *o)
{
	json_t *root = json_object(), *results = json_array();

	for (int i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		json_t *expected = json_null();

		if (r->expect) {
			expected = json_array();
			for (int k = 0; k < r->expect->nr_kinds; k++)
				json_array_append_new(expected,
						      json_string(r->expect->kinds[k]));
		}
		json_array_append_new(results, json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:O, s:o, s:b, s:I, s:I, s:I, s:b, s:s, s:I, s:{s:i, s:i}}",
			"scenario", r->scn->name, "file", r->scn->file,
			"sha256", r->scn->sha256,
			"variant", model_variant_name(r->variant),
			"outcome", json_array_size(r->findings) ? "violation" : "clean",
			"findings", r->findings, "expected", expected,
			"matched", r->matched, "executions", (json_int_t)r->executions,
			"abandoned", (json_int_t)r->abandoned,
			"repeated", (json_int_t)r->repeated,
			"complete", r->complete, "strategy", r->strategy,
			"units", (json_int_t)r->units,
			"shard", "index", (int)o->shard + 1, "of", o->shards ? (int)o->shards : 1));
		json_object_set_new(json_array_get(results, json_array_size(results) - 1),
				    "steps", json_integer((json_int_t)r->steps));
		if (r->note[0])
			json_object_set_new(json_array_get(results, json_array_size(results) - 1),
					    "note", json_string(r->note));
	}
	json_object_set_new(root, "results", results);
	json_object_set_new(root, "matrix", json_matrix(rows, n));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "strategy", required_argument, NULL, 's' },
		{ "max-executions", required_argument, NULL, 'e' },
		{ "max-steps", required_argument, NULL, 'm' },
		{ "executions", required_argument, NULL, 'e' },
		{ "seed", required_argument, NULL, 'S' },
		{ "preemption-bound", required_argument, NULL, 'b' },
		{ "depth", required_argument, NULL, 'd' },
		{ "trace-dir", required_argument, NULL, 't' },
		{ "svg-dir", required_argument, NULL, 'G' },
		{ "json", no_argument, NULL, 'j' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "shard", required_argument, NULL, 'H' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run_opts o = { .trace_dir = "traces" };
	struct scenario **scns;
	struct row *rows = NULL;
	int nr_rows = 0, rc = CLI_EXIT_OK, c, nscn;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'v': o.variant = optarg; break;
		case 'F': {
			char name[64];

			if (o.nr_file_variants >= 16) {
				fprintf(stderr, "sim run: at most 16 --variant-file\n");
				return CLI_EXIT_BAD_INPUT;
			}
			if (cli_variant_file_load(optarg, name, sizeof(name)))
				return CLI_EXIT_BAD_INPUT;
			o.file_variants[o.nr_file_variants++] = model_variant_lookup(name);
			break;
		}
		case 's':
			o.strategy = optarg;
			if (!sim_strategy_lookup(optarg)) {
				fprintf(stderr, "sim run: unknown strategy \"%s\" (see sim list)\n",
					optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			break;
		case 'e':
			if (!parse_u64(optarg, &o.max_executions)) {
				fprintf(stderr, "sim run: --max-executions takes a positive integer, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.has_max_executions = true;
			break;
		case 'm':
			if (!parse_u64(optarg, &o.max_steps) || o.max_steps > 10000000) {
				fprintf(stderr, "sim run: --max-steps takes an integer from 1 to 10000000, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.has_max_steps = true;
			break;
		case 'S':
			if (!parse_u64_zero(optarg, &o.seed)) {
				fprintf(stderr, "sim run: --seed takes an integer >= 0, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.has_seed = true;
			break;
		case 'b':
			if (!parse_u64_zero(optarg, &o.bound) || o.bound > 64) {
				fprintf(stderr, "sim run: --preemption-bound takes an integer from 0 to 64, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.has_bound = true;
			break;
		case 'd':
			if (!parse_u64(optarg, &o.depth) || o.depth > 8) {
				fprintf(stderr, "sim run: --depth takes an integer from 1 to 8, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.has_depth = true;
			break;
		case 'J': {
			uint64_t v;

			if (!parse_u64(optarg, &v) || v > 256) {
				fprintf(stderr, "sim run: --jobs takes an integer from 1 to 256, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.jobs = (unsigned)v;
			break;
		}
		case 'H': {
			unsigned i, n;
			char tail;

			if (sscanf(optarg, "%u/%u%c", &i, &n, &tail) != 2 || n < 1 ||
			    n > 100000 || i < 1 || i > n || optarg[0] == '-' ||
			    strchr(optarg, ' ')) {
				fprintf(stderr, "sim run: --shard takes I/N with 1 <= I <= N <= 100000, not \"%s\"\n", optarg);
				return CLI_EXIT_BAD_INPUT;
			}
			o.shard = i - 1;
			o.shards = n;
			break;
		}
		case 't': o.trace_dir = optarg; break;
		case 'G': o.svg_dir = optarg; break;
		case 'j': o.json = true; break;
		case 'q': o.quiet = true; break;
		case 'h': fputs(run_usage, stdout); return CLI_EXIT_OK;
		default: fputs(run_usage, stderr); return CLI_EXIT_BAD_INPUT;
		}
	}
	if (!o.jobs)
		o.jobs = uv_available_parallelism();
	/* libuv sizes its pool on first use: before any exploration. */
	{
		char n[16];

		snprintf(n, sizeof(n), "%u", o.jobs);
		setenv("UV_THREADPOOL_SIZE", n, 1);
	}
	nscn = argc - optind;
	if (nscn == 0) {
		fprintf(stderr, "sim run: no scenario given\n%s", run_usage);
		return CLI_EXIT_BAD_INPUT;
	}
	/* Load everything first: bad input stops the run before any work. */
	scns = calloc((size_t)nscn, sizeof(*scns));
	for (int i = 0; i < nscn; i++) {
		char err[1024];

		if (scenario_load_file(argv[optind + i], cli_names(), &scns[i], err,
				       sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			rc = CLI_EXIT_BAD_INPUT;
			goto out;
		}
	}
	for (int i = 0; i < nscn; i++) {
		int r = run_scenario(scns[i], &o, &rows, &nr_rows);

		if (r == CLI_EXIT_BAD_INPUT) {
			rc = r;
			goto out;
		}
		if (r == CLI_EXIT_MISMATCH)
			rc = r;
		if (cli_interrupted())
			break;
	}
	if (o.json) {
		print_json(rows, nr_rows, &o);
	} else {
		print_matrix(rows, nr_rows);
		print_summary(rows, nr_rows);
	}
out:
	for (int i = 0; i < nr_rows; i++)
		json_decref(rows[i].findings);
	free(rows);
	for (int i = 0; i < nscn; i++)
		scenario_free(scns[i]);
	free(scns);
	return rc;
}

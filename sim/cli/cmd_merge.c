/* SPDX-License-Identifier: MIT */
/*
 * sim merge: combine the --json outputs of the shards of one run
 * (sim run --shard I/N) into the summary one run would have printed.
 *
 * The shards explore disjoint units of the same split, so complete
 * executions, abandoned and repeated ones add up, and the search is
 * complete when every part of it is. Findings are united by key the way
 * the workers' results are merged within one run (the exploration driver): the
 * shortest schedule wins, hits add up, the label is the smallest one seen.
 *
 * The input comes from other machines and may be truncated, mixed up or
 * hand-edited: every value is checked before it is used, and every
 * problem is reported with the file and the place in it. Whatever it
 * holds, the merge takes time and memory in proportion to its size (maps
 * and sorting, never a search of all groups per part or of all findings
 * per finding, never room for every shard N names), and what it prints
 * for a terminal has the input's control characters escaped (term.h).
 */
#include "cli.h"
#include "summary.h"
#include "term.h"

#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sim/alloc.h>

static const char merge_usage[] =
	"usage: sim merge [options] RESULT.json...\n"
	"\n"
	"Combine the --json outputs of all shards of a run (sim run --json\n"
	"--shard I/N, for I from 1 to N) into the summary one run would print:\n"
	"executions summed, the search complete when every shard's part is, the\n"
	"findings united (for each, the shortest trace; hits summed).\n"
	"\n"
	"Results are grouped by scenario (and its sha256), variant and strategy.\n"
	"Each group needs shards 1 to N of one N, each once, of the same split.\n"
	"\n"
	"options:\n"
	"  --json            print one JSON document, as sim run --json does, each\n"
	"                    result with \"shards\": N in place of \"shard\"\n"
	"  -q, --quiet       print only the summary table\n"
	"  -h, --help        this text\n"
	"\n"
	"exit status: 0 every scenario x variant met its expectation, 1 one did\n"
	"not, 2 bad usage or bad input.\n";

/* sim run refuses more shards than this; so does merge. */
#define MAX_SHARDS 100000

/* With thousands of shards missing, a few names say enough. */
#define MISSING_NAMED 8

/* One shard's result for one scenario x variant x strategy. */
struct part {
	const char *file;		/* the file it came from */
	size_t pos;			/* its index in that file's results */
	/* the group's key, and the scenario's file as this shard named it */
	const char *scenario, *sha256, *variant, *strategy, *scn_file;
	json_t *findings, *expected;	/* borrowed from the file's document */
	unsigned index, of;
	uint64_t units, executions, abandoned, repeated;
	bool complete;
	size_t group;			/* its index in merge_state.groups */
};

/*
 * The parts given for one group are kept, not a slot for each of its N
 * shards: N comes from the input, up to 100000, and groups x N slots
 * would be memory the input's size does not bound.
 */
struct group {
	const char *scenario, *sha256, *variant, *strategy;
	unsigned of;
	uint64_t units;
	const struct part *first;	/* the first one given: for messages */
	/* Its parts, in merge_state.order, sorted by index once all are in. */
	const struct part **parts;
	size_t nr_parts;
	struct summary_row row;		/* merged */
};

struct merge_state {
	json_t **docs;
	int nr_docs;
	struct part *parts;
	size_t nr_parts, parts_room;
	struct group *groups;
	size_t nr_groups, groups_room;
	json_t *by_key;			/* group_key() -> index in @groups */
	const struct part **order;	/* [nr_parts]: the parts by group */
};

/* "FILE: PLACE: WHAT", PLACE like results[3].executions. Return: -1. */
static int bad(const char *file, const char *place, const char *what)
{
	term_line(stderr, "%s: %s: %s", file, place, what);
	return -1;
}

/* Room for one more of @*n things in @*array, doubled when full, so that
 * n additions cost O(n) copies in all. Return: 0 or -ENOMEM. */
static int grow(void **array, size_t *room, size_t n, size_t size)
{
	size_t more = *room ? 2 * *room : 16;
	void *p;

	assert(n <= *room);
	if (n < *room)
		return 0;
	p = more > SIZE_MAX / size ? NULL : realloc(*array, more * size);
	if (!p)
		return -ENOMEM;
	*array = p;
	*room = more;
	return 0;
}

static int get_string(const char *file, const char *at, json_t *obj,
		      const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char place[128];

	snprintf(place, sizeof(place), "%s.%s", at, key);
	if (!v)
		return bad(file, place, "missing");
	if (!json_is_string(v))
		return bad(file, place, "not a string");
	*out = json_string_value(v);
	return 0;
}

static int get_u64(const char *file, const char *at, json_t *obj,
		   const char *key, uint64_t *out)
{
	json_t *v = json_object_get(obj, key);
	char place[128];

	snprintf(place, sizeof(place), "%s.%s", at, key);
	if (!v)
		return bad(file, place, "missing");
	if (!json_is_integer(v))
		return bad(file, place, "not an integer");
	if (json_integer_value(v) < 0)
		return bad(file, place, "negative");
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int get_bool(const char *file, const char *at, json_t *obj,
		    const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);
	char place[128];

	snprintf(place, sizeof(place), "%s.%s", at, key);
	if (!v)
		return bad(file, place, "missing");
	if (!json_is_boolean(v))
		return bad(file, place, "not true or false");
	*out = json_is_true(v);
	return 0;
}

/* Every finding must be usable by the merge and the report, checked once. */
static int check_findings(const char *file, const char *at, json_t *findings)
{
	static const char *const strings[] = { "kind", "key", "title", "trace" };
	static const char *const counts[] = { "steps", "hits" };
	char place[96], lplace[128];
	size_t i;
	json_t *f;

	json_array_foreach(findings, i, f) {
		json_t *label;
		const char *s;
		uint64_t n;

		snprintf(place, sizeof(place), "%s.findings[%zu]", at, i);
		if (!json_is_object(f))
			return bad(file, place, "not an object");
		for (size_t k = 0; k < sizeof(strings) / sizeof(*strings); k++)
			if (get_string(file, place, f, strings[k], &s))
				return -1;
		for (size_t k = 0; k < sizeof(counts) / sizeof(*counts); k++)
			if (get_u64(file, place, f, counts[k], &n))
				return -1;
		/* -1 means "no label", so a label may be negative. */
		label = json_object_get(f, "label");
		snprintf(lplace, sizeof(lplace), "%s.label", place);
		if (!label)
			return bad(file, lplace, "missing");
		if (!json_is_integer(label))
			return bad(file, lplace, "not an integer");
	}
	return 0;
}

static int check_expected(const char *file, const char *at, json_t *expected)
{
	char place[128];
	size_t i;
	json_t *k;

	snprintf(place, sizeof(place), "%s.expected", at);
	if (!expected)
		return bad(file, place, "missing");
	if (json_is_null(expected))
		return 0;
	if (!json_is_array(expected))
		return bad(file, place, "not a list of finding kinds or null");
	json_array_foreach(expected, i, k) {
		if (!json_is_string(k)) {
			snprintf(place, sizeof(place), "%s.expected[%zu]", at, i);
			return bad(file, place, "not a string");
		}
	}
	return 0;
}

/* Read results[@pos] of @file into @p. Return: 0 or -1 with a message. */
static int read_part(const char *file, size_t pos, json_t *r, struct part *p)
{
	json_t *shard;
	char at[64], place[96];
	uint64_t index, of;

	snprintf(at, sizeof(at), "results[%zu]", pos);
	if (!json_is_object(r))
		return bad(file, at, "not an object");
	memset(p, 0, sizeof(*p));
	p->file = file;
	p->pos = pos;
	if (get_string(file, at, r, "scenario", &p->scenario) ||
	    get_string(file, at, r, "file", &p->scn_file) ||
	    get_string(file, at, r, "sha256", &p->sha256) ||
	    get_string(file, at, r, "variant", &p->variant) ||
	    get_string(file, at, r, "strategy", &p->strategy) ||
	    get_u64(file, at, r, "executions", &p->executions) ||
	    get_u64(file, at, r, "abandoned", &p->abandoned) ||
	    get_u64(file, at, r, "repeated", &p->repeated) ||
	    get_bool(file, at, r, "complete", &p->complete) ||
	    get_u64(file, at, r, "units", &p->units))
		return -1;
	p->findings = json_object_get(r, "findings");
	snprintf(place, sizeof(place), "%s.findings", at);
	if (!p->findings)
		return bad(file, place, "missing");
	if (!json_is_array(p->findings))
		return bad(file, place, "not a list");
	if (check_findings(file, at, p->findings))
		return -1;
	p->expected = json_object_get(r, "expected");
	if (check_expected(file, at, p->expected))
		return -1;
	shard = json_object_get(r, "shard");
	snprintf(place, sizeof(place), "%s.shard", at);
	if (!shard && json_object_get(r, "shards"))
		return bad(file, place, "missing (this looks like the output of "
			   "sim merge, not of sim run --shard)");
	if (!shard)
		return bad(file, place, "missing (not an output of sim run --json?)");
	if (!json_is_object(shard))
		return bad(file, place, "not an object");
	if (get_u64(file, place, shard, "index", &index) ||
	    get_u64(file, place, shard, "of", &of))
		return -1;
	if (of < 1 || of > MAX_SHARDS) {
		snprintf(place, sizeof(place), "%s.shard.of", at);
		return bad(file, place, "not from 1 to 100000");
	}
	if (index < 1 || index > of) {
		snprintf(place, sizeof(place), "%s.shard.index", at);
		return bad(file, place, "not from 1 to shard.of");
	}
	p->index = (unsigned)index;
	p->of = (unsigned)of;
	return 0;
}

static int load_file(struct merge_state *m, const char *file)
{
	json_error_t err;
	struct stat st;
	json_t *doc, *results, *r;
	FILE *f;
	size_t i;

	/* Open it here: jansson's message for a missing file has no errno. */
	f = fopen(file, "r");
	if (!f) {
		term_line(stderr, "%s: cannot read: %s", file, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		term_line(stderr, "%s: cannot read: %s", file, strerror(EISDIR));
		return -1;
	}
	doc = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
	fclose(f);
	if (!doc) {
		/* err.text may quote the input. */
		term_line(stderr, "%s:%d:%d: %s", file, err.line, err.column,
			  err.text);
		return -1;
	}
	m->docs[m->nr_docs++] = doc;
	if (!json_is_object(doc))
		return bad(file, "top level", "expected an object with \"results\"");
	results = json_object_get(doc, "results");
	if (!results)
		return bad(file, "results", "missing (not an output of sim run --json?)");
	if (!json_is_array(results))
		return bad(file, "results", "not a list");
	json_array_foreach(results, i, r) {
		if (grow((void **)&m->parts, &m->parts_room, m->nr_parts,
			 sizeof(*m->parts)))
			return bad(file, "results", "out of memory");
		if (read_part(file, i, r, &m->parts[m->nr_parts]))
			return -1;
		m->nr_parts++;
	}
	return 0;
}


/*
 * The group's identity as one map key: each field's length, then the
 * field, so that no two groups share a key whatever their names hold.
 */
static char *group_key(const struct part *p)
{
	return sim_xasprintf("%zu:%s%zu:%s%zu:%s%zu:%s",
			     strlen(p->scenario), p->scenario,
			     strlen(p->sha256), p->sha256,
			     strlen(p->variant), p->variant,
			     strlen(p->strategy), p->strategy);
}

/* "scenario a under v0 (dfs)": how every message names a group. */
static void group_error(const struct group *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void group_error(const struct group *g, const char *fmt, ...)
{
	char *who = sim_xasprintf("sim merge: scenario %s under %s (%s): ",
				  g->scenario, g->variant, g->strategy);
	va_list ap;

	term_fputs(who, stderr);
	free(who);
	va_start(ap, fmt);
	term_vline(stderr, fmt, ap);
	va_end(ap);
}

/* A group for @p, the first part of it given. */
static void group_init(struct group *g, const struct part *p)
{
	memset(g, 0, sizeof(*g));
	g->scenario = p->scenario;
	g->sha256 = p->sha256;
	g->variant = p->variant;
	g->strategy = p->strategy;
	g->of = p->of;
	g->units = p->units;
	g->first = p;
}

/* @p's group, found by its key or made. Return: 0 or -ENOMEM. */
static int find_group(struct merge_state *m, struct part *p)
{
	char *key = group_key(p);
	json_t *v = json_object_get(m->by_key, key), *n;
	int rc = 0;

	if (v) {
		p->group = (size_t)json_integer_value(v);
		assert(p->group < m->nr_groups);
		goto out;
	}
	rc = grow((void **)&m->groups, &m->groups_room, m->nr_groups,
		  sizeof(*m->groups));
	n = rc ? NULL : json_integer((json_int_t)m->nr_groups);
	if (!n || json_object_set_new_nocheck(m->by_key, key, n)) {
		rc = -ENOMEM;
		goto out;
	}
	p->group = m->nr_groups++;
	group_init(&m->groups[p->group], p);
out:
	free(key);
	return rc;
}

/*
 * Can @p be one of @g's shards: of the same N, the same split, the same
 * expectation? Summing it otherwise would print counts no single run
 * could have had. With @say, the message why not.
 */
static bool part_fits(const struct group *g, const struct part *p, bool say)
{
	if (p->of != g->of) {
		if (say)
			group_error(g, "%s has shard %u/%u but %s has shard %u/%u: "
				    "shards of runs with a different N",
				    g->first->file, g->first->index, g->first->of,
				    p->file, p->index, p->of);
		return false;
	}
	if (p->units != g->units) {
		if (say)
			group_error(g, "%s (shard %u/%u) has %llu units but %s "
				    "(shard %u/%u) has %llu: not shards of the "
				    "same split", g->first->file, g->first->index,
				    g->of, (unsigned long long)g->units, p->file,
				    p->index, p->of, (unsigned long long)p->units);
		return false;
	}
	if (!json_equal(p->expected, g->first->expected)) {
		if (say)
			group_error(g, "\"expected\" differs between %s (shard "
				    "%u/%u) and %s (shard %u/%u)", g->first->file,
				    g->first->index, g->of, p->file, p->index,
				    p->of);
		return false;
	}
	return true;
}

/* By shard index; a shard given twice in the order given. */
static int part_cmp(const void *a, const void *b)
{
	const struct part *x = *(const struct part *const *)a;
	const struct part *y = *(const struct part *const *)b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	/* Both point into merge_state.parts, in the order they were read. */
	return (x > y) - (x < y);
}

/*
 * Each group's parts, the first @nr of m->parts, together in m->order
 * (a counting sort by group), then sorted by index.
 */
static void sort_parts(struct merge_state *m, size_t nr)
{
	size_t *next = sim_xcalloc(m->nr_groups, sizeof(*next)), at = 0;

	m->order = sim_xcalloc(nr, sizeof(*m->order));
	for (size_t i = 0; i < nr; i++)
		m->groups[m->parts[i].group].nr_parts++;
	for (size_t k = 0; k < m->nr_groups; k++) {
		m->groups[k].parts = &m->order[at];
		next[k] = at;
		at += m->groups[k].nr_parts;
	}
	assert(at == nr);
	for (size_t i = 0; i < nr; i++)
		m->order[next[m->parts[i].group]++] = &m->parts[i];
	for (size_t k = 0; k < m->nr_groups; k++)
		qsort(m->groups[k].parts, m->groups[k].nr_parts,
		      sizeof(*m->groups[k].parts), part_cmp);
	free(next);
}

/*
 * The shard given twice whose second copy comes first in the input, or
 * NULL; in @*group its group, in @*before the copy given before it. In a
 * group's parts, sorted by index then by place in the input, a run of
 * one index is the first copy given, then the later ones.
 */
static const struct part *first_repeat(const struct merge_state *m,
				       const struct group **group,
				       const struct part **before)
{
	const struct part *found = NULL;

	for (size_t k = 0; k < m->nr_groups; k++) {
		const struct group *g = &m->groups[k];
		const struct part *run = NULL;

		for (size_t i = 0; i < g->nr_parts; i++) {
			const struct part *p = g->parts[i];

			if (!run || run->index != p->index) {
				run = p;
				continue;
			}
			assert(run < p);
			/* All point into merge_state.parts, in input order. */
			if (found && found < p)
				continue;
			found = p;
			*group = g;
			*before = run;
		}
	}
	return found;
}

/*
 * Put each part in its group, in the order groups first appear, and sort
 * each group's parts by index. The first part that cannot belong
 * (another N, another split, another expectation) or repeats a shard is
 * an error, reported as if the parts had been checked one by one in the
 * order given: a repeat before the first misfit is the one named.
 * Return: 0, -1 with a message, or -ENOMEM.
 */
static int group_parts(struct merge_state *m)
{
	const struct part *misfit = NULL, *repeat, *before = NULL;
	const struct group *g = NULL;
	size_t nr = 0;

	for (; nr < m->nr_parts && !misfit; nr++) {
		struct part *p = &m->parts[nr];

		if (find_group(m, p))
			return -ENOMEM;
		if (!part_fits(&m->groups[p->group], p, false))
			misfit = p;
	}
	/* Only the parts before the misfit are in groups: it is not. */
	sort_parts(m, misfit ? nr - 1 : nr);
	repeat = first_repeat(m, &g, &before);
	if (repeat) {
		assert(!misfit || repeat < misfit);
		group_error(g, "shard %u/%u given twice (%s, %s)", repeat->index,
			    repeat->of, before->file, repeat->file);
		return -1;
	}
	if (misfit) {
		part_fits(&m->groups[misfit->group], misfit, true);
		return -1;
	}
	return 0;
}

/*
 * Every shard of every group, each once (group_parts() refused repeats);
 * name the first missing ones. From the gaps in the sorted parts: the
 * work is the parts given, not the N each group names.
 */
static int check_complete(const struct merge_state *m)
{
	int rc = 0;

	for (size_t i = 0; i < m->nr_groups; i++) {
		const struct group *g = &m->groups[i];
		unsigned missing = g->of - (unsigned)g->nr_parts, named = 0;
		unsigned want = 1;

		assert(g->nr_parts <= g->of);
		for (size_t k = 0; k <= g->nr_parts && named < MISSING_NAMED; k++) {
			unsigned next = k < g->nr_parts ? g->parts[k]->index :
				g->of + 1;

			assert(next >= want);
			for (; want < next && named < MISSING_NAMED; want++, named++)
				group_error(g, "shard %u/%u missing", want, g->of);
			want = next + 1;
		}
		if (missing > MISSING_NAMED)
			group_error(g, "%u more shards of %u missing",
				    missing - MISSING_NAMED, g->of);
		if (missing)
			rc = -1;
	}
	return rc;
}

static int add_count(const struct group *g, const char *what, uint64_t *sum,
		     uint64_t n)
{
	/* The JSON output is signed 64-bit: refuse what it could not carry. */
	if (n > (uint64_t)INT64_MAX - *sum) {
		group_error(g, "%s: the sum is too large", what);
		return -1;
	}
	*sum += n;
	return 0;
}

/*
 * @f, a finding of one shard, into @g's row, as the workers' results are
 * merged within one run (sim_found_combine()): the shards are taken in
 * order, so on a tie the lower shard's trace is kept.
 * Return: 0, or -1 with a message.
 */
static int merge_finding(struct group *g, json_t *f)
{
	struct summary_finding sf = {
		.kind = (char *)json_string_value(json_object_get(f, "kind")),
		.key = (char *)json_string_value(json_object_get(f, "key")),
		.title = (char *)json_string_value(json_object_get(f, "title")),
		.trace = (char *)json_string_value(json_object_get(f, "trace")),
		.steps = (uint64_t)json_integer_value(json_object_get(f, "steps")),
		.hits = (uint64_t)json_integer_value(json_object_get(f, "hits")),
		.label = (int)json_integer_value(json_object_get(f, "label")),
	};
	const struct summary_finding *t = summary_row_find(&g->row, sf.key);
	uint64_t hits = t ? t->hits : 0;

	if (add_count(g, "hits", &hits, sf.hits))
		return -1;
	summary_row_add_finding(&g->row, &sf);
	return 0;
}

/* The group's row: its identity and expectation, from its first part. */
static void start_row(struct group *g)
{
	struct summary_row *r = &g->row;
	json_t *expected = g->first->expected, *k;
	size_t i;

	r->scenario = sim_xstrdup(g->scenario);
	r->file = sim_xstrdup(g->parts[0]->scn_file);
	r->sha256 = sim_xstrdup(g->sha256);
	r->variant = sim_xstrdup(g->variant);
	r->strategy = sim_xstrdup(g->strategy);
	r->judged = !json_is_null(expected);
	r->nr_expected = r->judged ? json_array_size(expected) : 0;
	r->expected = sim_xcalloc(r->nr_expected, sizeof(*r->expected));
	json_array_foreach(expected, i, k)
		r->expected[i] = sim_xstrdup(json_string_value(k));
	r->merged = true;
	r->shards = g->of;
	r->units = g->units;
	/* There is no one wall-clock time for shards run apart. */
	r->seconds = -1;
}

static int merge_group(struct group *g)
{
	struct summary_row *r = &g->row;

	start_row(g);
	r->complete = true;
	/* In index order: check_complete() found each of 1..N once. */
	assert(g->nr_parts == g->of);
	for (unsigned k = 0; k < g->of; k++) {
		const struct part *p = g->parts[k];
		size_t i;
		json_t *f;

		assert(p->index == k + 1);
		if (add_count(g, "executions", &r->executions, p->executions) ||
		    add_count(g, "abandoned", &r->abandoned, p->abandoned) ||
		    add_count(g, "repeated", &r->repeated, p->repeated))
			return -1;
		r->complete &= p->complete;
		json_array_foreach(p->findings, i, f)
			if (merge_finding(g, f))
				return -1;
	}
	/* The shards' JSON does not say why a part ended early. */
	snprintf(r->search, sizeof(r->search), "%s",
		 r->complete ? "complete" : "truncated");
	summary_row_judge(r);
	return 0;
}

static void print_findings(const struct summary_row *rows, size_t n)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < rows[i].nr_findings; k++) {
			const struct summary_finding *f = &rows[i].findings[k];

			term_line(stdout, "%s: %s (trace: %s)", f->kind, f->title,
				  f->trace);
			any = true;
		}
	}
	if (any)
		printf("\n");
}

static void free_state(struct merge_state *m)
{
	for (size_t i = 0; i < m->nr_groups; i++)
		summary_row_free(&m->groups[i].row);
	free(m->groups);
	free(m->order);
	json_decref(m->by_key);
	free(m->parts);
	for (int i = 0; i < m->nr_docs; i++)
		json_decref(m->docs[i]);
	free(m->docs);
}

/*
 * What getopt would say of a bad option, but escaped: its own message
 * quotes the argument raw, and a file name a glob gave may begin with -.
 */
static void say_bad_option(char **argv, const struct option *longopts)
{
	/* A long option's value in optopt: it was given an argument. */
	for (const struct option *o = longopts; optopt && o->name; o++) {
		if (o->val == optopt) {
			term_line(stderr, "sim merge: option '--%s' doesn't allow "
				  "an argument", o->name);
			return;
		}
	}
	if (optopt)
		term_line(stderr, "sim merge: invalid option -- '%c'", optopt);
	else
		term_line(stderr, "sim merge: unrecognized option '%s'",
			  argv[optind - 1]);
}

int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct merge_state m = { 0 };
	bool json = false, quiet = false;
	struct summary_row *rows = NULL;
	int c, nfiles, rc = CLI_EXIT_BAD_INPUT;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'q': quiet = true; break;
		case 'h': fputs(merge_usage, stdout); return CLI_EXIT_OK;
		default:
			say_bad_option(argv, longopts);
			fputs(merge_usage, stderr);
			return CLI_EXIT_BAD_INPUT;
		}
	}
	nfiles = argc - optind;
	if (nfiles == 0) {
		fprintf(stderr, "sim merge: no result file given\n%s", merge_usage);
		return CLI_EXIT_BAD_INPUT;
	}
	m.docs = sim_xcalloc((size_t)nfiles, sizeof(*m.docs));
	for (int i = 0; i < nfiles; i++)
		if (load_file(&m, argv[optind + i]))
			goto out;
	if (m.nr_parts == 0) {
		fprintf(stderr, "sim merge: no results in the files given\n");
		goto out;
	}
	/* The parts array is complete now: groups may point into it. */
	m.by_key = json_object();
	if (!m.by_key)
		goto oom;
	switch (group_parts(&m)) {
	case 0: break;
	case -ENOMEM: goto oom;
	default: goto out;
	}
	if (check_complete(&m))
		goto out;
	for (size_t i = 0; i < m.nr_groups; i++)
		if (merge_group(&m.groups[i]))
			goto out;
	rows = sim_xcalloc(m.nr_groups, sizeof(*rows));
	for (size_t i = 0; i < m.nr_groups; i++)
		rows[i] = m.groups[i].row;
	if (json) {
		summary_print_json(stdout, rows, m.nr_groups);
	} else {
		if (!quiet)
			print_findings(rows, m.nr_groups);
		summary_print_matrix(stdout, rows, m.nr_groups, term_width(stdout));
		summary_print_table(stdout, rows, m.nr_groups, term_width(stdout));
	}
	rc = CLI_EXIT_OK;
	for (size_t i = 0; i < m.nr_groups; i++)
		if (!m.groups[i].row.matched)
			rc = CLI_EXIT_MISMATCH;
	goto out;
oom:
	fprintf(stderr, "sim merge: out of memory\n");
out:
	free(rows);
	free_state(&m);
	return rc;
}

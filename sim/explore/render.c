/* SPDX-License-Identifier: MIT */
/*
 * Rendering a finding the way the kernel reports one: a separator, the
 * title, the object and what happened to it, the steps that matter, then
 * the whole interleaving step by step (GenMC's traces, under lockdep and
 * KASAN titles). A livelock's interleaving is its steps up to the cycle
 * it then repeats, and that cycle once.
 */
#include <explore/calltrace.h>
#include <explore/explore.h>

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEPARATOR "=================================================================="
#define LINE_MAX_LEN 400
/*
 * A cycle is folded only once it has run this many times (the last one
 * may be cut short by the step budget): two steps alike at the end of a
 * log are no loop yet.
 */
#define CYCLE_MIN_RUNS 3

static void event_line(FILE *out, struct sim *s, size_t i, const char *mark)
{
	char line[LINE_MAX_LEN];
	const struct sim_event *ev = sim_log_at(s, i);

	sim_format_event(s, ev, line, sizeof(line));
	fprintf(out, "  %s#%-4u %s\n", mark, ev->step, line);
}

/* The steps [@start, @start + @period) of the log repeat to its end. */
struct cycle {
	size_t start;
	size_t period;		/* 0: no cycle */
};

/*
 * Step @i as a report shows it but for its number (actor, site and
 * operation), hashed: two steps with one hash are the same operation but
 * for a collision, which same_text() rules out.
 */
static uint64_t event_hash(struct sim *s, size_t i)
{
	char line[LINE_MAX_LEN];
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a */

	sim_format_event(s, sim_log_at(s, i), line, sizeof(line));
	for (const char *p = line; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h;
}

static bool same_text(struct sim *s, size_t a, size_t b)
{
	char la[LINE_MAX_LEN], lb[LINE_MAX_LEN];

	sim_format_event(s, sim_log_at(s, a), la, sizeof(la));
	sim_format_event(s, sim_log_at(s, b), lb, sizeof(lb));
	return strcmp(la, lb) == 0;
}

/*
 * The earliest step from which the log of @n steps (hashes @h) repeats
 * with period @p to its end: every step from there on is the step @p
 * before it.
 */
static size_t periodic_from(const uint64_t *h, size_t n, size_t p)
{
	size_t k = n;

	assert(p >= 1 && p < n);
	while (k > p && h[k - 1] == h[k - 1 - p])
		k--;
	return k - p;
}

/*
 * The cycle a livelocked execution ends in: of the periods whose repeats
 * reach the end of the log and run at least CYCLE_MIN_RUNS times, the one
 * that starts repeating earliest, the shortest of those (a multiple of a
 * period starts no earlier). None when the steps at the end do not
 * repeat (a counter in the loop changes every step's text), or when out
 * of memory: the report then shows every step, as any other does.
 */
static struct cycle find_cycle(struct sim *s)
{
	size_t n = sim_log_len(s);
	struct cycle c = { n, 0 };
	uint64_t *h = n ? malloc(n * sizeof(*h)) : NULL;

	if (!h)
		return (struct cycle){ 0, 0 };
	for (size_t i = 0; i < n; i++)
		h[i] = event_hash(s, i);
	for (size_t p = 1; p * CYCLE_MIN_RUNS <= n && c.start > 0; p++) {
		size_t from = periodic_from(h, n, p);

		if (n - from >= p * CYCLE_MIN_RUNS && from < c.start)
			c = (struct cycle){ from, p };
	}
	free(h);
	for (size_t i = c.start + c.period; c.period && i < n; i++)
		if (!same_text(s, i, i - c.period))
			return (struct cycle){ 0, 0 };
	return c.period ? c : (struct cycle){ 0, 0 };
}

/*
 * The interleaving's steps, those of @f marked; a livelock's only up to
 * the end of the first run of its cycle, then one line for the repeats.
 */
static void steps(FILE *out, struct sim *s, const struct sim_finding *f,
		  bool marks)
{
	size_t n = sim_log_len(s), shown = n;
	struct cycle c = { 0, 0 };

	if (f && f->kind == SIM_FINDING_LIVELOCK)
		c = find_cycle(s);
	if (c.period)
		shown = c.start + c.period;
	assert(shown <= n);
	for (size_t i = 0; i < shown; i++) {
		bool key = false;

		for (int k = 0; marks && k < f->nr_steps; k++)
			key |= f->steps[k].log_index == i;
		event_line(out, s, i, !marks ? "  " : key ? "> " : "  ");
	}
	if (!c.period)
		return;
	if (c.period == 1)
		fprintf(out, "    ... the step #%u repeats", sim_log_at(s, c.start)->step);
	else
		fprintf(out, "    ... the %zu steps #%u..#%u repeat", c.period,
			sim_log_at(s, c.start)->step,
			sim_log_at(s, shown - 1)->step);
	fprintf(out, " until step #%u, the end of the step budget\n",
		sim_log_at(s, n - 1)->step);
}

/* Whether a step of @f recorded a call trace: reading the code is not free. */
static bool calltraces_taken(struct sim *s, const struct sim_finding *f)
{
	void *const *pcs;

	for (int i = 0; i < f->nr_steps; i++)
		if (f->steps[i].log_index < sim_log_len(s) &&
		    sim_log_calltrace(s, f->steps[i].log_index, &pcs))
			return true;
	return false;
}

char *sim_render_report(struct sim *s, const struct sim_finding *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	size_t n = sim_log_len(s);
	char where[SIM_WHERE_MAX];

	if (!out)
		return NULL;
	fprintf(out, "%s\n%s\n", SEPARATOR, f->title);
	if (f->object[0])
		fprintf(out, "object: %s\n", f->object);
	/* A site of line 0 only keys the finding (KCSAN's function pair):
	 * the detail says where each access was. */
	if (f->actor >= 0 && f->site && f->site->line)
		fprintf(out, "actor: %s, in %s\n", sim_actor_name(s, f->actor),
			sim_site_where(f->site, where, sizeof(where)));
	else if (f->actor >= 0)
		fprintf(out, "actor: %s\n", sim_actor_name(s, f->actor));
	if (f->actor >= 0 && f->doing[0])
		fprintf(out, "during: %s%s%s%s\n", f->doing,
			f->doing_now[0] ? " (in " : "", f->doing_now,
			f->doing_now[0] ? ")" : "");
	for (int i = 0; i < sim_faults_injected(s); i++) {
		char what[SIM_WHERE_MAX + 2 * SIM_DOING_MAX];

		sim_fault_describe(s, i, what, sizeof(what));
		fprintf(out, "fault injected: %s\n", what);
	}
	fputs(f->detail, out);
	if (f->nr_steps) {
		struct sim_symbolizer *sy = calltraces_taken(s, f) ?
			sim_symbolizer_open() : NULL;

		fprintf(out, "\nsteps that matter:\n");
		for (int i = 0; i < f->nr_steps; i++) {
			fprintf(out, "  %s:\n", f->steps[i].role);
			if (f->steps[i].log_index >= n)
				continue;
			event_line(out, s, f->steps[i].log_index, "");
			sim_calltrace_print(out, sy, s, f->steps[i].log_index);
		}
		sim_symbolizer_close(sy);
	}
	fprintf(out, "\ninterleaving (%zu steps, %d actors):\n", n,
		sim_nr_actors(s));
	steps(out, s, f, true);
	fprintf(out, "%s\n", SEPARATOR);
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *sim_render_execution(struct sim *s, uint64_t n, enum sim_exec_result r)
{
	const struct sim_finding *f = sim_last_finding(s);
	char *buf = NULL, key[160];
	size_t len = 0, n_steps = sim_log_len(s);
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	if (r == SIM_EXEC_FINDING && f) {
		sim_finding_key(f, key, sizeof(key));
		fprintf(out, "execution %llu: %s: %s\n", (unsigned long long)n, key,
			f->title);
	} else {
		fprintf(out, "execution %llu: clean\n", (unsigned long long)n);
	}
	fprintf(out, "interleaving (%zu steps, %d actors):\n", n_steps,
		sim_nr_actors(s));
	steps(out, s, r == SIM_EXEC_FINDING ? f : NULL, false);
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* SPDX-License-Identifier: MIT */
/*
 * Shrinking a finding's schedule (see <explore/shrink.h>): bounded greedy
 * passes, each try one execution, a try kept only when it shows the same
 * finding with fewer preemptions, or as many in fewer steps.
 */
#include <explore/explore.h>
#include <explore/shrink.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The lock-order history lives in the engine's private state; re-runs
 * must see it as it was before the execution being shrunk (an edge that
 * execution added first is what makes its lock-order finding) and leave it
 * as that execution did. This is the one place outside sim/core/ that
 * touches it.
 */
#include <sim/engine.h>

/* Re-runs against the history of the execution that just ended. */
struct sim_rerun {
	struct sim *s;
	struct sim_history *h;
};

struct sim_rerun *sim_rerun_begin(struct sim *s)
{
	struct sim_rerun *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->s = s;
	r->h = sim_history_save(s);
	if (!r->h) {
		free(r);
		return NULL;
	}
	return r;
}

void sim_rerun_end(struct sim_rerun *r)
{
	if (!r)
		return;
	sim_history_restore(r->h);
	free(r);
}

/* ---- following a schedule, then the non-preemptive continuation ---- */

struct follow {
	const int *sched;
	size_t len, depth;
	int prev;
	int preemptions;
	/* preempt[i]: step i preempted its previous actor (i < cap) */
	bool *preempt;
	size_t cap;
};

static int follow_choose(void *ctx, const struct sim *s, const int *cands, int n)
{
	struct follow *fo = ctx;
	int prev_at = fo->prev >= 0 ? sim_cand_index(cands, n, fo->prev) : -1;
	int pick;

	(void)s;
	if (fo->depth < fo->len) {
		pick = sim_cand_index(cands, n, fo->sched[fo->depth]);
		if (pick < 0)
			return -1;
	} else {
		pick = prev_at >= 0 ? prev_at : 0;
	}
	if (fo->depth < fo->cap)
		fo->preempt[fo->depth] = prev_at >= 0 && pick != prev_at;
	if (prev_at >= 0 && pick != prev_at)
		fo->preemptions++;
	fo->prev = cands[pick];
	fo->depth++;
	return pick;
}

static enum sim_exec_result run(struct sim_rerun *r, struct follow *fo)
{
	struct sim_chooser ch = { .ctx = fo, .choose = follow_choose };

	sim_history_rewind(r->h);
	fo->depth = 0;
	fo->prev = -1;
	fo->preemptions = 0;
	return sim_execute(r->s, &ch);
}

enum sim_exec_result sim_rerun(struct sim_rerun *r, const int *schedule,
			       size_t len, int *pre)
{
	struct follow fo = { .sched = schedule, .len = len };
	enum sim_exec_result res = run(r, &fo);

	if (pre)
		*pre = fo.preemptions;
	return res;
}

/* ---- the shrinker ---- */

struct shrinker {
	struct sim_rerun *rr;
	const char *key;
	size_t limit;		/* the input's length: never longer */
	int runs;
	int *best;		/* the executed schedule of the best so far */
	bool *best_pre;		/* its preemption points */
	size_t best_len;
	int best_preemptions;
	int *cand;		/* limit + 1 */
	bool *scratch;		/* limit */
};

/* Whether the execution that just ended shows the finding we shrink. */
static bool shows_key(struct sim *s, enum sim_exec_result res, const char *key)
{
	char k[192];

	if (res != SIM_EXEC_FINDING)
		return false;
	sim_finding_key(sim_last_finding(s), k, sizeof(k));
	return strcmp(k, key) == 0;
}

/* Run @len steps of k->cand; Return: whether it became the best. */
static bool try_cand(struct shrinker *k, size_t len)
{
	struct follow fo = { .sched = k->cand, .len = len,
			     .preempt = k->scratch, .cap = k->limit };
	struct sim *s = k->rr->s;
	enum sim_exec_result res;
	size_t n;

	if (k->runs >= SIM_SHRINK_MAX_RUNS)
		return false;
	k->runs++;
	res = run(k->rr, &fo);
	if (!shows_key(s, res, k->key))
		return false;
	n = sim_schedule_len(s);
	if (n > k->limit)
		return false;
	if (fo.preemptions > k->best_preemptions ||
	    (fo.preemptions == k->best_preemptions && n >= k->best_len))
		return false;
	for (size_t i = 0; i < n; i++)
		k->best[i] = sim_schedule_at(s, i);
	memcpy(k->best_pre, k->scratch, n * sizeof(*k->best_pre));
	k->best_len = n;
	k->best_preemptions = fo.preemptions;
	return true;
}

static bool out_of_runs(const struct shrinker *k)
{
	return k->runs >= SIM_SHRINK_MAX_RUNS;
}

/* 1. Cut at each context switch, the latest first. */
static bool pass_truncate(struct shrinker *k)
{
	bool better = false;

	for (size_t i = k->best_len; i-- > 0 && !out_of_runs(k);) {
		if (i >= k->best_len || (i > 0 && k->best[i] == k->best[i - 1]))
			continue;
		memcpy(k->cand, k->best, i * sizeof(*k->cand));
		better |= try_cand(k, i);
	}
	return better;
}

/* The end of the run of @actor's steps in k->best that starts at @j. */
static size_t segment_end(const struct shrinker *k, size_t j)
{
	size_t e = j;

	while (e < k->best_len && k->best[e] == k->best[j])
		e++;
	return e;
}

/* Append @n steps of k->best from @from to k->cand at *@at. */
static void put(struct shrinker *k, size_t *at, size_t from, size_t n)
{
	memcpy(k->cand + *at, k->best + from, n * sizeof(*k->cand));
	*at += n;
}

/*
 * 2. At each preemption (at step i, the actor p of step i - 1 could have
 * gone on), join p's run of steps that ends there with its next one: by
 * bringing the next one forward to i, or by putting this one off until
 * the next; failing both, only p's next step comes forward to i (the
 * actor that preempted p goes later). With no step of p left, p takes one
 * more at i.
 */
static bool pass_preemptions(struct shrinker *k)
{
	bool better = false;

	for (size_t i = 1; i < k->best_len && !out_of_runs(k); i++) {
		int p = k->best[i - 1];
		size_t a = i - 1, j = i, e, n;

		if (!k->best_pre[i])
			continue;
		while (a > 0 && k->best[a - 1] == p)
			a--;
		while (j < k->best_len && k->best[j] != p)
			j++;
		n = 0;
		if (j == k->best_len) {
			put(k, &n, 0, i);
			k->cand[n++] = p;
			put(k, &n, i, k->best_len - i);
			better |= try_cand(k, n);
			continue;
		}
		e = segment_end(k, j);
		/* p's next run forward. */
		put(k, &n, 0, i);
		put(k, &n, j, e - j);
		put(k, &n, i, j - i);
		put(k, &n, e, k->best_len - e);
		if (try_cand(k, n)) {
			better = true;
			continue;
		}
		/* This run of p later, just before its next. */
		n = 0;
		put(k, &n, 0, a);
		put(k, &n, i, j - i);
		put(k, &n, a, i - a);
		put(k, &n, j, k->best_len - j);
		if (try_cand(k, n)) {
			better = true;
			continue;
		}
		if (e - j == 1)
			continue;
		/* Only p's next step forward. */
		n = 0;
		put(k, &n, 0, i);
		k->cand[n++] = p;
		put(k, &n, i, j - i);
		put(k, &n, j + 1, k->best_len - j - 1);
		better |= try_cand(k, n);
	}
	return better;
}

/* Take out steps [a, b) of k->best. */
static bool try_without(struct shrinker *k, size_t a, size_t b)
{
	memcpy(k->cand, k->best, a * sizeof(*k->cand));
	memcpy(k->cand + a, k->best + b, (k->best_len - b) * sizeof(*k->cand));
	return try_cand(k, k->best_len - (b - a));
}

/* 3. Take out each run of one actor's steps (longer than one), the last first. */
static bool pass_segments(struct shrinker *k)
{
	bool better = false;

	for (size_t b = k->best_len; b > 0 && !out_of_runs(k);) {
		size_t a = b - 1;

		if (b > k->best_len) {
			b = k->best_len;
			continue;
		}
		while (a > 0 && k->best[a - 1] == k->best[b - 1])
			a--;
		if (b - a > 1)
			better |= try_without(k, a, b);
		b = a;
	}
	return better;
}

/* 4. Take out each single step, the last first. */
static bool pass_steps(struct shrinker *k)
{
	bool better = false;

	for (size_t j = k->best_len; j-- > 0 && !out_of_runs(k);) {
		if (j >= k->best_len)
			continue;
		better |= try_without(k, j, j + 1);
	}
	return better;
}

int sim_shrink(struct sim *s, const int *schedule, size_t len, const char *key,
	       int **out, size_t *out_len)
{
	struct shrinker k = { .key = key, .limit = len };
	size_t cap = len ? len : 1;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	k.rr = sim_rerun_begin(s);
	k.best = malloc(cap * sizeof(*k.best));
	k.best_pre = calloc(cap, sizeof(*k.best_pre));
	k.cand = malloc((cap + 1) * sizeof(*k.cand));
	k.scratch = calloc(cap, sizeof(*k.scratch));
	if (!k.rr || !k.best || !k.best_pre || !k.cand || !k.scratch)
		goto done;

	/* The input itself: its preemptions, and whether it shows @key. */
	memcpy(k.cand, schedule, len * sizeof(*k.cand));
	k.best_len = len + 1;
	k.best_preemptions = INT32_MAX;
	if (try_cand(&k, len)) {
		bool better = true;

		while (better && !out_of_runs(&k)) {
			better = pass_truncate(&k);
			better |= pass_preemptions(&k);
			better |= pass_segments(&k);
			better |= pass_steps(&k);
		}
	} else {
		memcpy(k.best, schedule, len * sizeof(*k.best));
		k.best_len = len;
	}
	*out = malloc(cap * sizeof(**out));
	if (!*out)
		goto done;
	memcpy(*out, k.best, k.best_len * sizeof(**out));
	*out_len = k.best_len;
	ret = 0;
done:
	sim_rerun_end(k.rr);
	free(k.best);
	free(k.best_pre);
	free(k.cand);
	free(k.scratch);
	return ret;
}

/* SPDX-License-Identifier: MIT */
/*
 * replay: one execution following a recorded schedule by actor name. A
 * step whose actor is not among the candidates means the code under test
 * behaves differently (another variant): the replay has diverged there.
 * So has an execution that ends before its schedule does. Past the end
 * of the schedule, the lowest-numbered candidate goes, so a replay
 * against a fixed variant runs to completion.
 */
#include <explore/strategy.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct replay {
	const char *const *names;
	size_t len, depth;
	bool ran;
	long diverged;
	struct sim_replay_divergence *out;	/* the caller's, or NULL */
};

static void *replay_create(const struct sim_strategy_params *p)
{
	struct replay *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->names = p->schedule;
	r->len = p->schedule_len;
	r->diverged = -1;
	r->out = p->divergence;
	if (r->out) {
		memset(r->out, 0, sizeof(*r->out));
		r->out->step = -1;
	}
	return r;
}

static void replay_destroy(void *st)
{
	free(st);
}

static bool replay_next(void *st)
{
	struct replay *r = st;

	if (r->ran)
		return false;
	r->ran = true;
	r->depth = 0;
	return true;
}

/* Record where the schedule was left: @n candidates, none of them wanted. */
static void diverge(struct replay *r, const struct sim *s, const int *cands,
		    int n)
{
	size_t used = 0;

	r->diverged = (long)r->depth;
	if (!r->out)
		return;
	r->out->step = r->diverged;
	snprintf(r->out->want, sizeof(r->out->want), "%s", r->names[r->depth]);
	r->out->runnable[0] = '\0';
	for (int i = 0; i < n && used < sizeof(r->out->runnable); i++) {
		int w = snprintf(r->out->runnable + used,
				 sizeof(r->out->runnable) - used, "%s%s",
				 i ? ", " : "", sim_actor_name(s, cands[i]));

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static int replay_choose(void *st, const struct sim *s, const int *cands, int n)
{
	struct replay *r = st;
	const char *want;

	if (r->depth >= r->len) {
		r->depth++;
		return 0;
	}
	want = r->names[r->depth];
	for (int i = 0; i < n; i++) {
		if (strcmp(sim_actor_name(s, cands[i]), want) == 0) {
			r->depth++;
			return i;
		}
	}
	diverge(r, s, cands, n);
	return -1;
}

static void replay_done(void *st, const struct sim *s, enum sim_exec_result res)
{
	struct replay *r = st;

	/* Every actor finished with steps of the schedule left. */
	if (res == SIM_EXEC_CLEAN && r->depth < r->len)
		diverge(r, s, NULL, 0);
}

long sim_replay_diverged_at(void *st)
{
	return ((struct replay *)st)->diverged;
}

const struct sim_strategy_ops sim_strategy_replay = {
	.name = "replay",
	.replays = true,
	.summary = "follow one recorded schedule",
	.exhaustive = false,
	.create = replay_create,
	.destroy = replay_destroy,
	.next = replay_next,
	.choose = replay_choose,
	.done = replay_done,
	.end_label = sim_strategy_end_replayed,
};

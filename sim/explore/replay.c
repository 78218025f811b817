/* SPDX-License-Identifier: MIT */
/*
 * replay: one execution following a recorded schedule by actor name. A
 * step whose actor is not among the candidates means the code under test
 * behaves differently (another variant): the replay has diverged there.
 * Past the end of the schedule, the lowest-numbered candidate goes, so a
 * replay against a fixed variant runs to completion.
 */
#include <sim/strategy.h>

#include <stdlib.h>
#include <string.h>

struct replay {
	const char *const *names;
	size_t len, depth;
	bool ran;
	long diverged;
};

static void *replay_create(const struct sim_strategy_params *p)
{
	struct replay *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->names = p->schedule;
	r->len = p->schedule_len;
	r->diverged = -1;
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
	r->diverged = (long)r->depth;
	return -1;
}

static void replay_done(void *st, const struct sim *s, enum sim_exec_result res)
{
	(void)st;
	(void)s;
	(void)res;
}

long sim_replay_diverged_at(void *st)
{
	return ((struct replay *)st)->diverged;
}

const struct sim_strategy_ops sim_strategy_replay = {
	.name = "replay",
	.summary = "follow one recorded schedule",
	.exhaustive = false,
	.create = replay_create,
	.destroy = replay_destroy,
	.next = replay_next,
	.choose = replay_choose,
	.done = replay_done,
	.end_label = sim_strategy_end_replayed,
};

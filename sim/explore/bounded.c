/* SPDX-License-Identifier: MIT */
/*
 * bounded: iterative preemption bounding (Musuvathi and Qadeer, PLDI
 * 2007). A preemption is a switch away from the actor that ran the last
 * step while it could have gone on. Round b explores, depth first, every
 * execution with at most b preemptions, for b = 0, 1, ... up to the bound;
 * an execution with fewer than b preemptions was already run in an
 * earlier round and is not counted again. So the first report of each
 * finding comes from an execution with the fewest preemptions possible.
 */
#include <explore/strategy.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

struct bnode {
	uint64_t allowed;	/* candidates this step may take */
	int choice;		/* actor id */
	int prev;		/* actor that ran the step before, or -1 */
	int used;		/* preemptions before this step */
};

struct bounded {
	struct bnode *nodes;
	size_t cap, len, depth;
	int bound, max_bound;
	int prev, used;		/* the running execution's */
	int prev0, used0;	/* on arrival below a split's prefix */
	bool started;
};

static void *bd_create(const struct sim_strategy_params *p)
{
	struct bounded *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->cap = p->max_steps + 1;
	b->max_bound = p->preemption_bound;
	/* Below a prefix: its preemptions count, and fewer rounds are empty. */
	b->prev0 = p->prefix_len ? p->prefix_prev : -1;
	b->used0 = p->prefix_len ? p->prefix_used : 0;
	b->bound = b->used0;
	b->nodes = calloc(b->cap, sizeof(*b->nodes));
	if (!b->nodes) {
		free(b);
		return NULL;
	}
	return b;
}

static void bd_destroy(void *st)
{
	struct bounded *b = st;

	if (!b)
		return;
	free(b->nodes);
	free(b);
}

static int lowest_after(uint64_t set, int after)
{
	set &= after >= 63 ? 0 : ~0ull << (after + 1);
	return set ? __builtin_ctzll(set) : -1;
}

static bool bd_next(void *st)
{
	struct bounded *b = st;

	b->depth = 0;
	b->prev = b->prev0;
	b->used = b->used0;
	if (!b->started) {
		b->started = true;
		b->len = 0;
		return true;
	}
	while (b->len > 0) {
		struct bnode *n = &b->nodes[b->len - 1];
		int next = lowest_after(n->allowed, n->choice);

		if (next >= 0) {
			n->choice = next;
			return true;
		}
		b->len--;
	}
	/* This round is done: allow one more preemption. */
	if (b->bound >= b->max_bound)
		return false;
	b->bound++;
	return true;
}

static int bd_choose(void *st, const struct sim *s, const int *cands, int n)
{
	struct bounded *b = st;
	struct bnode *node;
	uint64_t set;
	bool prev_can_go;
	int i;

	(void)s;
	set = sim_cand_set(cands, n);
	prev_can_go = b->prev >= 0 && (set >> b->prev) & 1;
	if (b->depth < b->len) {
		node = &b->nodes[b->depth];
	} else {
		assert(b->len < b->cap);
		node = &b->nodes[b->len++];
		node->prev = b->prev;
		node->used = b->used;
		/* Out of preemptions: the running actor must go on. */
		node->allowed = prev_can_go && b->used >= b->bound ?
				1ull << b->prev : set;
		node->choice = __builtin_ctzll(node->allowed);
	}
	b->depth++;
	if (prev_can_go && node->choice != b->prev)
		b->used++;
	b->prev = node->choice;
	i = sim_cand_index(cands, n, node->choice);
	assert(i >= 0);
	return i;
}

static void bd_done(void *st, const struct sim *s, enum sim_exec_result r)
{
	struct bounded *b = st;

	(void)s;
	(void)r;
	assert(b->depth <= b->len);
	b->len = b->depth;
}

static bool bd_redundant(void *st)
{
	struct bounded *b = st;

	return b->used < b->bound;
}

static int bd_label(void *st)
{
	return ((struct bounded *)st)->bound;
}

/* Every round up to the last bound ran: "bound N"; else "truncated". */
static void bd_end_label(const struct sim_strategy_params *p, bool finished,
			 bool complete, char *buf, size_t len)
{
	assert(!complete);
	if (finished)
		snprintf(buf, len, "bound %d", p->preemption_bound);
	else
		snprintf(buf, len, "truncated");
}

const struct sim_strategy_ops sim_strategy_bounded = {
	.name = "bounded",
	.summary = "preemption bounding, bound 0, 1, ... up to --preemption-bound: fewest preemptions first",
	.exhaustive = false,
	.split = SIM_SPLIT_BOUNDED,
	.create = bd_create,
	.destroy = bd_destroy,
	.next = bd_next,
	.choose = bd_choose,
	.done = bd_done,
	.redundant = bd_redundant,
	.repeated_name = "repeated from lower bounds",
	.label = bd_label,
	.label_name = "preemption bound",
	.end_label = bd_end_label,
};

/* SPDX-License-Identifier: MIT */
/*
 * dpor: optimal dynamic partial-order reduction with sleep sets and
 * wakeup trees (Abdulla, Aronis, Jonsson, Sagonas: "Source Sets: A
 * Foundation for Optimal Dynamic Partial Order Reduction", JACM 2017).
 *
 * One execution per class of equivalent interleavings (Mazurkiewicz
 * trace), and rarely one that sleep sets have to abandon. After each
 * execution, every race (two dependent events of different actors, the
 * first one directly before the second in the happens-before order) is
 * reversed in thought: the sequence of events that do not depend on the
 * first one, then the second, is a "wakeup sequence" that leads to an
 * inequivalent execution. It is inserted into the wakeup tree of the node
 * before the first event, unless an actor asleep there could start it
 * (then that class was explored already) or the tree already holds an
 * equivalent prefix (not merely a leaf that starts it: see insert()).
 * Branches of the tree are explored left to right;
 * an explored branch's first actor then sleeps at its node.
 *
 * Enabling: a race whose second event was let through by the first (an
 * unlock and a lock that waited; the last reader leaving and the grace
 * period that waited) cannot be reversed; the race to reverse is then
 * between the acquisition before that release and the waiter.
 *
 * What a step did (sim_dep_event_ran()) is known once it has run:
 * the step's event then says exactly whose holders it changed, which
 * decides its dependency with puts. A step's sleep set below it is made
 * after the step has run, and an actor put to sleep keeps the event of
 * its explored step. A race's second step, moved before the first, is
 * inserted as it may behave in its new place (sim_dep_coarsen()).
 *
 * Memory: a wakeup tree can grow with the branches waiting in it (a
 * search where findings cut many executions short fills it with long
 * sequences). Once it holds more than SIM_DPOR_TREE_STEPS steps, the
 * search starts again from the first execution as source-set DPOR
 * (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014): a race inserts only the
 * first step of its sequence, and a branch or a sleeper covers a sequence
 * only where its actor starts it. A branch explores every class below it
 * that its sleepers do not cover, whatever the tree plans for it, so the
 * rest of a sequence only steers it clear of executions that end with
 * every enabled actor asleep (abandoned). The tree then holds at most one
 * step per actor at each node. It starts again rather than switching
 * midway: what was skipped before the switch counts on later sequences
 * going below the leaves they run into, in full (see insert()), which
 * source-set DPOR does not do; switching midway lost classes.
 *
 * The tree is one structure: the current execution is its leftmost path,
 * and each node of the execution keeps the tree node of the step it took.
 * A scenario with timed operations ("at") is explored with sleep sets
 * instead, since the time at which a step runs depends on the order of
 * steps that do not touch each other.
 */
#include <sim/depend.h>
#include <explore/strategy.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

#define NONE (-1)

struct tnode {
	struct sim_dep_event ev;	/* the step, as last seen */
	int parent, child, sibling;	/* first child, next sibling */
};

struct node {
	uint64_t cands;		/* enabled and due actors at this step */
	uint64_t sleep;		/* asleep: on arrival, then explored here */
	uint64_t others;	/* a split unit's owner_sleep, not yet woken */
	int branch;		/* tree node of the step taken here */
	bool infeasible;	/* the branch could not be taken */
};

struct race {
	uint32_t j, k;		/* reverse: k before j */
};

struct dpor {
	/* The current execution: one node per step. */
	struct node *nodes;
	struct sim_dep_event *pend;	/* per node, per actor: what it would do */
	size_t cap, len, depth;
	/*
	 * A unit of a split search (<explore/split.h>): the actors the sleep-set
	 * tree above put to sleep at its first node, with their steps there.
	 * The unit explores with no one asleep, as one search from there
	 * would, and counts an execution only when none of them could have
	 * started it: those belong to a sibling unit.
	 */
	uint64_t owner_sleep;
	struct sim_dep_event owner_ev[SIM_MAX_ACTORS];
	bool owner_known;	/* owner_ev filled */
	bool foreign;		/* the execution that just ended is another's */
	size_t offset;		/* steps before the first node (the unit's prefix) */
	bool started;
	/* The wakeup tree, node 0 its root. */
	struct tnode *tree;
	int tree_cap, tree_free;
	/*
	 * Nodes in use, and how many an insertion may bring them to: the
	 * cap (see the top of the file), less room for the free choices of
	 * an execution, so that the array never outgrows the cap's power of
	 * two. full: an insertion found no room, and the search starts again
	 * as source-set DPOR.
	 */
	size_t tree_used, tree_room;
	bool full, source;
	/* Race analysis of the execution that ended, per step. */
	uint32_t (*vc)[SIM_MAX_ACTORS];	/* events of each actor hb-before */
	uint32_t *idx;			/* the step's index within its actor */
	struct sim_dep_event *evs;	/* the steps, then the ones cut off */
	struct race *races;
	size_t races_cap;
	uint32_t *seq;			/* a wakeup sequence being built */
	bool was_blocked;	/* the execution that just ended: sleep-set blocked */
	/* Timed scenarios: sleep sets instead. */
	void *fallback;
};

#define PEND(d, i, a) ((d)->pend[(i) * SIM_MAX_ACTORS + (a)])

static void *xrealloc(void *p, size_t n, size_t size)
{
	void *q = realloc(p, (n ? n : 1) * size);

	if (!q)
		abort();	/* out of memory in an exploration: nothing to save */
	return q;
}

static int tree_new(struct dpor *d, int parent, const struct sim_dep_event *evp)
{
	struct sim_dep_event ev = *evp;	/* it may point into the tree */
	int t;

	if (d->tree_free == NONE) {
		int old = d->tree_cap, cap = old ? 2 * old : 256;

		d->tree = xrealloc(d->tree, (size_t)cap, sizeof(*d->tree));
		for (int i = cap - 1; i >= old; i--) {
			d->tree[i].sibling = d->tree_free;
			d->tree_free = i;
		}
		d->tree_cap = cap;
	}
	t = d->tree_free;
	d->tree_free = d->tree[t].sibling;
	d->tree_used++;
	d->tree[t].ev = ev;
	d->tree[t].parent = parent;
	d->tree[t].child = NONE;
	d->tree[t].sibling = NONE;
	if (parent != NONE) {
		int *link = &d->tree[parent].child;

		while (*link != NONE)
			link = &d->tree[*link].sibling;
		*link = t;
	}
	return t;
}

/* Free @t and its subtree; @t must be the first child of its parent. */
static void tree_drop_first(struct dpor *d, int t)
{
	int p = d->tree[t].parent, stack = t;

	assert(p != NONE && d->tree[p].child == t);
	d->tree[p].child = d->tree[t].sibling;
	d->tree[t].sibling = NONE;
	/* Iterative: sibling links of freed nodes chain the work list. */
	while (stack != NONE) {
		int n = stack, c;

		stack = d->tree[n].sibling;
		for (c = d->tree[n].child; c != NONE;) {
			int next = d->tree[c].sibling;

			d->tree[c].sibling = stack;
			stack = c;
			c = next;
		}
		d->tree[n].sibling = d->tree_free;
		d->tree_free = n;
		d->tree_used--;
	}
}

/* An empty tree: its root only, and no array kept from before. */
static void tree_reset(struct dpor *d)
{
	free(d->tree);
	d->tree = NULL;
	d->tree_cap = 0;
	d->tree_free = NONE;
	d->tree_used = 0;
	tree_new(d, NONE, &(struct sim_dep_event){ .actor = -1 });
}

static void grow(struct dpor *d, size_t need)
{
	size_t cap = d->cap;

	if (need <= cap)
		return;
	while (cap < need)
		cap = cap ? 2 * cap : 64;
	d->nodes = xrealloc(d->nodes, cap, sizeof(*d->nodes));
	d->pend = xrealloc(d->pend, cap * SIM_MAX_ACTORS, sizeof(*d->pend));
	d->vc = xrealloc(d->vc, cap, sizeof(*d->vc));
	d->idx = xrealloc(d->idx, cap, sizeof(*d->idx));
	d->evs = xrealloc(d->evs, cap, sizeof(*d->evs));
	d->seq = xrealloc(d->seq, cap, sizeof(*d->seq));
	d->cap = cap;
}

static void *dpor_create(const struct sim_strategy_params *p)
{
	struct dpor *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (p->timed) {
		d->fallback = sim_strategy_sleepset.create(p);
		if (!d->fallback) {
			free(d);
			return NULL;
		}
		return d;
	}
	d->owner_sleep = p->prefix_sleep;
	d->offset = p->prefix_len;
	{
		size_t cap = p->tree_steps ? p->tree_steps : SIM_DPOR_TREE_STEPS;
		size_t path = p->max_steps < cap / 8 ? p->max_steps : cap / 8;

		d->tree_room = cap - path;
	}
	d->source = p->source;
	grow(d, 64);
	tree_reset(d);
	return d;
}

static void dpor_destroy(void *st)
{
	struct dpor *d = st;

	if (!d)
		return;
	if (d->fallback)
		sim_strategy_sleepset.destroy(d->fallback);
	free(d->nodes);
	free(d->pend);
	free(d->tree);
	free(d->vc);
	free(d->idx);
	free(d->evs);
	free(d->races);
	free(d->seq);
	free(d);
}

static int first(uint64_t set)
{
	return set ? __builtin_ctzll(set) : -1;
}

/* The tree node whose children are the branches at step @i. */
static int parent_of(const struct dpor *d, size_t i)
{
	return i ? d->nodes[i - 1].branch : 0;
}

static bool dpor_next(void *st)
{
	struct dpor *d = st;

	if (d->fallback)
		return sim_strategy_sleepset.next(d->fallback);
	d->depth = 0;
	if (d->full) {
		/* Past the cap: again from the start, as source-set DPOR. */
		tree_reset(d);
		d->source = true;
		d->full = false;
		d->started = false;
	}
	if (!d->started) {
		d->started = true;
		d->len = 0;
		return true;
	}
	while (d->len > 0) {
		struct node *n = &d->nodes[d->len - 1];
		int t = n->branch, p = parent_of(d, d->len - 1);

		if (!n->infeasible) {
			int a = d->tree[t].ev.actor;

			/* As it ran: what it did is known now. */
			n->sleep |= 1ull << a;
			PEND(d, d->len - 1, a) = d->tree[t].ev;
		}
		n->infeasible = false;
		tree_drop_first(d, t);
		if (d->tree[p].child != NONE) {
			n->branch = d->tree[p].child;
			return true;
		}
		d->len--;
	}
	return false;
}

/*
 * Step @i has run: its event learns whose holders it changed. Then the
 * actors asleep at its node that commute with it sleep below it (and the
 * split's others likewise), into @sleep and @others.
 */
static void step_ran(struct dpor *d, const struct sim *s, size_t i,
		     uint64_t *sleep, uint64_t *others)
{
	struct node *node = &d->nodes[i];
	struct sim_dep_event *ev = &d->tree[node->branch].ev;
	int p = ev->actor;
	uint64_t asleep;

	sim_dep_event_ran(s, d->offset + i, ev);
	if (!sleep)
		return;
	*sleep = 0;
	asleep = node->sleep & ~(1ull << p);
	for (int q = first(asleep); q >= 0; asleep &= asleep - 1, q = first(asleep))
		if (!sim_dep_dependent(&PEND(d, i, q), ev))
			*sleep |= 1ull << q;
	*others = 0;
	asleep = node->others & ~(1ull << p);
	for (int q = first(asleep); q >= 0; asleep &= asleep - 1, q = first(asleep))
		if (!sim_dep_dependent(node->cands >> q & 1 ? &PEND(d, i, q) :
						&d->owner_ev[q], ev))
			*others |= 1ull << q;
}

static int dpor_choose(void *st, const struct sim *cs, const int *cands, int n)
{
	struct dpor *d = st;
	struct sim *s = (struct sim *)cs;
	size_t i = d->depth;
	struct node *node;
	uint64_t set;
	int p;

	if (d->fallback)
		return sim_strategy_sleepset.choose(d->fallback, cs, cands, n);
	set = sim_cand_set(cands, n);
	if (i == 0 && d->owner_sleep && !d->owner_known) {
		for (uint64_t q = d->owner_sleep; q; q &= q - 1)
			if (sim_actor_unfinished(s, first(q)))
				sim_dep_event_of(s, first(q), &d->owner_ev[first(q)]);
			else
				d->owner_sleep &= ~(1ull << first(q));
		d->owner_known = true;
	}
	if (i < d->len) {
		if (i > 0)
			step_ran(d, s, i - 1, NULL, NULL);
		node = &d->nodes[i];
		/* Executions are deterministic: the same node again. */
		assert(node->cands == set);
	} else {
		int tp = parent_of(d, i), c;
		uint64_t sleep = 0, others = d->owner_sleep;

		assert(i == d->len);
		grow(d, i + 2);
		if (i > 0)
			step_ran(d, s, i - 1, &sleep, &others);
		node = &d->nodes[i];
		node->cands = set;
		node->sleep = sleep;
		node->others = others;
		node->infeasible = false;
		/* One asleep keeps its event from above: it has not moved. */
		for (c = 0; c < n; c++)
			if (i > 0 && (sleep >> cands[c] & 1))
				PEND(d, i, cands[c]) = PEND(d, i - 1, cands[c]);
			else
				sim_dep_event_of(s, cands[c], &PEND(d, i, cands[c]));
		/* Asleep but not enabled here: as it was at the node above. */
		for (uint64_t q = node->sleep & ~set; q; q &= q - 1) {
			int a = first(q);

			if (i > 0)
				PEND(d, i, a) = PEND(d, i - 1, a);
			else if (sim_actor_unfinished(s, a))
				sim_dep_event_of(s, a, &PEND(d, i, a));
			else
				node->sleep &= ~(1ull << a);
		}
		c = d->tree[tp].child;
		if (c == NONE) {
			/*
			 * A free choice: any actor awake will do. Below a split's
			 * prefix, prefer one whose steps cannot make the class a
			 * sibling unit's: fewer executions this unit does not count.
			 */
			int pick = first(set & ~node->sleep & ~node->others);

			if (pick < 0)
				pick = first(set & ~node->sleep);

			if (pick < 0) {
				d->was_blocked = true;
				return -1;	/* sleep-set blocked */
			}
			c = tree_new(d, tp, &PEND(d, i, pick));
		}
		node->branch = c;
		d->len++;
	}
	p = d->tree[node->branch].ev.actor;
	if (!(set & (1ull << p)) || (node->sleep & (1ull << p))) {
		/* A wakeup sequence that cannot be followed. */
		node->infeasible = true;
		return -1;
	}
	d->tree[node->branch].ev = PEND(d, i, p);
	/* Who sleeps below is decided when the step has run (step_ran()). */
	d->depth++;
	return sim_cand_index(cands, n, p);
}

/* ---- race analysis ---- */

static const struct sim_dep_event *step_ev(const struct dpor *d, size_t i)
{
	return &d->evs[i];
}

/* Whether step @i happens before step @k. */
static bool hb(const struct dpor *d, size_t i, size_t k)
{
	return d->vc[k][step_ev(d, i)->actor] > d->idx[i];
}

static void add_race(struct dpor *d, size_t *nr, size_t j, size_t k)
{
	if (*nr == d->races_cap) {
		d->races_cap = d->races_cap ? 2 * d->races_cap : 64;
		d->races = xrealloc(d->races, d->races_cap, sizeof(*d->races));
	}
	d->races[(*nr)++] = (struct race){ (uint32_t)j, (uint32_t)k };
}

/*
 * The acquisition by the actor of step @rel that step @rel releases: the
 * lock of an unlock, the outermost rcu_read_lock of a last reader.
 */
static long acquisition(const struct dpor *d, size_t rel)
{
	const struct sim_dep_event *r = step_ev(d, rel);
	int depth = 0;

	for (long i = (long)rel - 1; i >= 0; i--) {
		const struct sim_dep_event *e = step_ev(d, (size_t)i);

		if (e->actor != r->actor)
			continue;
		if (r->kind == SIM_OP_RCU_UNLOCK) {
			if (e->kind == SIM_OP_RCU_UNLOCK)
				depth++;
			else if (e->kind == SIM_OP_RCU_LOCK && depth-- == 0)
				return i;
		} else if (sim_dep_acquires_for(e, r)) {
			return i;
		}
	}
	return -1;
}

/* A step that waits for a lock or a grace period, not for everyone. */
static bool waits_for_release(const struct sim_dep_event *e)
{
	return e->kind == SIM_OP_LOCK || e->kind == SIM_OP_SYNC ||
	       e->kind == SIM_OP_XA_STORE || e->kind == SIM_OP_XA_ERASE ||
	       e->kind == SIM_OP_XA_RESERVE;
}

/*
 * Happens-before clocks of the @n steps, and the races between them. Then
 * the @m steps cut off (the next step of each actor that had not finished
 * when the execution stopped): they race too, with what would have had to
 * come first for them to run, and with the last step, when its finding
 * ended the execution before them (SIM_DEP_ENDS).
 */
static size_t find_races(struct dpor *d, const struct sim *s, size_t n,
			 size_t m)
{
	uint32_t count[SIM_MAX_ACTORS] = { 0 };
	long prev[SIM_MAX_ACTORS];
	size_t nr = 0;

	for (int a = 0; a < SIM_MAX_ACTORS; a++)
		prev[a] = -1;
	for (size_t k = 0; k < n + m; k++) {
		const struct sim_dep_event *ek = step_ev(d, k);
		int a = ek->actor;
		uint32_t *clock = d->vc[k];
		uint64_t covered = 1ull << a;

		d->idx[k] = count[a]++;
		if (prev[a] >= 0) {
			memcpy(clock, d->vc[prev[a]], sizeof(d->vc[k]));
		} else {
			long sp = sim_actor_spawn_step(s, a) - (long)d->offset;

			memset(clock, 0, sizeof(d->vc[k]));
			/* Spawned by another actor's step: after it. */
			if (sp >= 0 && (size_t)sp < k)
				memcpy(clock, d->vc[sp], sizeof(d->vc[k]));
		}
		for (long j = (long)(k < n ? k : n) - 1; j >= 0; j--) {
			const struct sim_dep_event *ej = step_ev(d, (size_t)j);
			int b = ej->actor;
			bool next, enabled;

			if (covered & (1ull << b))
				continue;
			if (clock[b] > d->idx[j]) {
				/* This one and all of b's before it. */
				covered |= 1ull << b;
				continue;
			}
			if (!sim_dep_dependent(ej, ek))
				continue;
			covered |= 1ull << b;
			for (int x = 0; x < SIM_MAX_ACTORS; x++)
				if (d->vc[j][x] > clock[x])
					clock[x] = d->vc[j][x];
			/*
			 * k's actor was about to do k already at j's node: if it
			 * could, the two are co-enabled and the race reverses.
			 */
			next = prev[a] < j;
			enabled = d->nodes[j].cands & (1ull << a);
			if (next && enabled) {
				add_race(d, &nr, (size_t)j, k);
			} else if (sim_dep_may_enable(ej, ek)) {
				long acq = waits_for_release(ek) ?
						   acquisition(d, (size_t)j) : -1;

				if (acq >= 0)
					add_race(d, &nr, (size_t)acq, k);
			} else if (!(next && k >= n)) {
				/* (Cut off, and not enabled at j: nothing between.) */
				add_race(d, &nr, (size_t)j, k);
			}
		}
		clock[a] = d->idx[k] + 1;
		prev[a] = (long)k;
	}
	return nr;
}

/*
 * Weak initials: whether @w (steps of this execution) could start with
 * actor @q, whose next step there is @ev: its first step in @w depends on
 * none before it in @w (an initial), or it has none in @w and commutes
 * with all of @w (@strict: not counted). Sets @pos to q's first step in
 * @w, or -1.
 */
static bool weak_initial(const struct dpor *d, const uint32_t *w, size_t len,
			 int q, const struct sim_dep_event *ev, long *pos,
			 bool strict)
{
	*pos = -1;
	for (size_t i = 0; i < len; i++) {
		if (step_ev(d, w[i])->actor == q) {
			*pos = (long)i;
			break;
		}
	}
	/*
	 * Happens-before within @w, not within the execution: a path that
	 * leaves @w (through steps after the race's first one) is not there
	 * in the sequence. Any path into q's step ends with a step directly
	 * dependent with it.
	 */
	if (*pos >= 0) {
		for (long i = 0; i < *pos; i++)
			if (sim_dep_dependent(step_ev(d, w[i]), step_ev(d, w[*pos])))
				return false;
		return true;
	}
	if (strict)
		return false;	/* an initial only */
	for (size_t i = 0; i < len; i++)
		if (sim_dep_dependent(ev, step_ev(d, w[i])))
			return false;
	return true;
}

/*
 * An actor asleep at step @i's node could start @w: explored already.
 * @strict (source-set DPOR, see insert()): only an initial of @w counts.
 */
static bool asleep_covers(const struct dpor *d, size_t i, const uint32_t *w,
			  size_t len, bool strict)
{
	const struct node *n = &d->nodes[i];
	long pos;

	for (uint64_t q = n->sleep; q; q &= q - 1)
		if (weak_initial(d, w, len, first(q), &PEND(d, i, first(q)), &pos,
				 strict))
			return true;
	return false;
}

/* Insert @w at step @j's node unless its class is covered. */
static void insert(struct dpor *d, size_t j, uint32_t *w, size_t len)
{
	int t = parent_of(d, j);
	size_t level = j;	/* the node whose branches are t's children */
	bool top = true, on_path = true;
	long pos;

	if (d->full || (!d->source && d->tree_used + len > d->tree_room)) {
		d->full = true;	/* it starts again: no use going on */
		return;
	}
	for (;;) {
		int c;

		/*
		 * The end of the current execution: it holds an equivalent
		 * prefix. A planned leaf does not: it is where a shorter
		 * sequence ended, and the rest of @w goes below it. Taken
		 * as covering @w (a leaf explores every class below it, the
		 * argument goes, so its own races will bring @w about), it
		 * lost classes here: the races that would have were then
		 * skipped for an actor asleep that could start them, whose
		 * branch had relied on this very leaf. Three vCPU walkers
		 * under v0 (scenarios/bench/ws/w3-s2.json) ran 3,727 of their
		 * 4,275 classes, and generated programs with mutex_trylock()
		 * lost some (tests/unit/test_dpor.c checks both). In
		 * source-set DPOR a leaf is all a sequence gets, and it covers.
		 */
		if ((!top && d->tree[t].child == NONE && (on_path || d->source)) ||
		    len == 0)
			return;
		/*
		 * Along the current execution the nodes have sleep sets: not
		 * only at j, an actor explored or asleep at a node below it
		 * covers what it could start there.
		 */
		if (on_path && level < d->len &&
		    asleep_covers(d, level, w, len, d->source))
			return;
		for (c = d->tree[t].child; c != NONE; c = d->tree[c].sibling)
			if (weak_initial(d, w, len, d->tree[c].ev.actor,
					 &d->tree[c].ev, &pos, d->source))
				break;
		if (c == NONE)
			break;
		if (pos >= 0) {
			memmove(&w[pos], &w[pos + 1], (len - (size_t)pos - 1) * sizeof(*w));
			len--;
		}
		on_path = on_path && level < d->len && c == d->nodes[level].branch;
		level++;
		t = c;
		top = false;
	}
	/*
	 * Source-set DPOR inserts only the sequence's first step, so that
	 * the tree holds at most one step per actor at each node. A branch
	 * or a sleeper then covers @w only where its actor starts it (an
	 * initial, not a weak initial, one that commutes with all of @w
	 * without being in it): nothing planned will bring about the
	 * continuations of @w where that actor's step comes later.
	 */
	if (d->source)
		len = 1;
	for (size_t i = 0; i < len; i++)
		t = tree_new(d, t, step_ev(d, w[i]));
}

/*
 * Whether an actor asleep at a split unit's first node could have started
 * the execution's @n steps (a weak initial: its first step depends on
 * none before it, or it has none and commutes with all): then the class
 * is a sibling unit's, and this unit does not count it.
 */
static bool owned_elsewhere(const struct dpor *d, size_t n)
{
	for (uint64_t q = d->owner_sleep; q; q &= q - 1) {
		int a = first(q);
		long f = -1;
		bool initial = true;

		for (size_t i = 0; i < n && f < 0; i++)
			if (d->evs[i].actor == a)
				f = (long)i;
		for (size_t i = 0; initial && i < (f >= 0 ? (size_t)f : n); i++)
			initial = f >= 0 ? !hb(d, i, (size_t)f) :
				  !sim_dep_dependent(&d->owner_ev[a], &d->evs[i]);
		if (initial)
			return true;
	}
	return false;
}

static bool dpor_redundant(void *st)
{
	const struct dpor *d = st;

	return !d->fallback && d->foreign;
}

static void dpor_done(void *st, const struct sim *s, enum sim_exec_result r)
{
	struct dpor *d = st;
	size_t n = d->depth, m = 0, nr;

	if (d->fallback) {
		sim_strategy_sleepset.done(d->fallback, s, r);
		return;
	}
	d->foreign = false;
	/*
	 * Abandoned: a branch that could not be followed (its node stays,
	 * for next() to drop), or sleep-set blocked. Neither happens in an
	 * optimal search (the tests count them); should one, what ran still
	 * has races, with the steps every actor would take next.
	 */
	if (r == SIM_EXEC_ABANDONED && !d->was_blocked)
		return;
	assert(n == d->len);
	/* The steps, those cut off, and a race's second step as inserted. */
	grow(d, n + SIM_MAX_ACTORS + 2);
	if (n)
		step_ran(d, s, n - 1, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		d->evs[i] = d->tree[d->nodes[i].branch].ev;
	if (d->was_blocked) {
		d->was_blocked = false;
		for (int q = 0; q < sim_nr_actors(s); q++)
			if (sim_actor_unfinished(s, q))
				sim_dep_event_of((struct sim *)s, q, &d->evs[n + m++]);
	} else if (r == SIM_EXEC_FINDING && n) {
		int last = d->evs[n - 1].actor;

		for (int q = 0; q < sim_nr_actors(s); q++)
			if (sim_actor_unfinished(s, q) && q != last)
				sim_dep_event_of((struct sim *)s, q, &d->evs[n + m++]);
		/*
		 * Stopped by a finding of the last step, which its actor did
		 * not finish (a deadlock is no step's, a leak is found after
		 * the end): it ends the execution, here and wherever it
		 * sleeps, so it is dependent with every step of the others.
		 */
		if (sim_actor_unfinished(s, last) &&
		    sim_last_finding(s)->kind != SIM_FINDING_DEADLOCK) {
			d->evs[n - 1].flags |= SIM_DEP_ENDS;
			d->tree[d->nodes[n - 1].branch].ev.flags |= SIM_DEP_ENDS;
			PEND(d, n - 1, last).flags |= SIM_DEP_ENDS;
		}
	}
	nr = find_races(d, s, n, m);
	/* No step below the prefix: the prefix tree chose it, it is ours. */
	d->foreign = r != SIM_EXEC_ABANDONED && n > 0 && owned_elsewhere(d, n);
	for (size_t x = 0; x < nr; x++) {
		size_t j = d->races[x].j, k = d->races[x].k, len = 0;

		/*
		 * notdep(j): every step after j that does not happen after it,
		 * to the end of the execution (not only those before k: the
		 * sleep-set check must see all that would come before an actor
		 * asleep at j gets its turn), then k.
		 */
		for (size_t i = j + 1; i < n; i++)
			if (i != k && !hb(d, j, i))
				d->seq[len++] = (uint32_t)i;
		/*
		 * k moves before j, whose effects it may have seen: it is
		 * asked about as it may behave there. The steps before it in
		 * the sequence keep what happened before them, and their events.
		 */
		d->evs[n + m] = d->evs[k];
		sim_dep_coarsen(&d->evs[n + m]);
		d->seq[len++] = (uint32_t)(n + m);
		insert(d, j, d->seq, len);
	}
}

/*
 * At each node: the branches explored, the one being explored and those
 * waiting in the tree.
 */
static struct sim_progress_node dpor_node(const void *st, size_t i)
{
	const struct dpor *d = st;
	const struct node *n = &d->nodes[i];
	struct sim_progress_node pn;

	pn.before = __builtin_popcountll(n->sleep & n->cands);
	pn.total = pn.before;
	for (int c = d->tree[parent_of(d, i)].child; c != NONE;
	     c = d->tree[c].sibling)
		pn.total++;
	return pn;
}

static double dpor_progress(void *st)
{
	const struct dpor *d = st;

	if (d->fallback)
		return sim_strategy_sleepset.progress(d->fallback);
	return sim_progress_estimate(d, d->len, dpor_node);
}

const struct sim_strategy_ops sim_strategy_dpor = {
	.name = "dpor",
	.summary = "optimal DPOR (wakeup trees): one complete execution per class of equivalent interleavings, few abandoned",
	.exhaustive = true,
	.split = SIM_SPLIT_SLEEP_FREE,
	.step_effects = true,
	.create = dpor_create,
	.destroy = dpor_destroy,
	.next = dpor_next,
	.choose = dpor_choose,
	.done = dpor_done,
	.progress = dpor_progress,
	.end_label = sim_strategy_end_exhaustive,
	.redundant = dpor_redundant,
	.repeated_name = "of classes other units count",
};


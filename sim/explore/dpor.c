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
 * Work sharing (--jobs N): a search hands branches of its tree to idle
 * workers, sends each task the steps it inserts into its branch later
 * (forward(); a task that went past where they go goes back to a mark,
 * go_back()), and takes each task's result as its own when it gets
 * there, or explores the branch itself when the task no longer holds: the
 * search is the same whatever the number of workers (see give()).
 *
 * The tree is one structure: the current execution is its leftmost path,
 * and each node of the execution keeps the tree node of the step it took.
 * A scenario with timed operations ("at") is explored with sleep sets
 * instead, since the time at which a step runs depends on the order of
 * steps that do not touch each other.
 */
#include <sim/depend.h>
#include <explore/share.h>
#include <explore/strategy.h>

#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

#define NONE (-1)

struct tnode {
	struct sim_dep_event ev;	/* the step, as last seen */
	int parent, child, sibling;	/* first child, next sibling */
	bool given;		/* its branch is a task another worker runs */
	/*
	 * A task's: its search looked past the branches its giver planned or
	 * sent here (its path went on to one of its own, or an insertion
	 * stopped at it as a leaf): what its giver sends here later no longer
	 * holds (receive()).
	 */
	bool past;
	uint64_t touched;	/* runs when an insertion last went through it */
	/* Names shared with another worker (forward(), receive()). */
	int gid;	/* in the task of the given branch it is in */
	int rid;	/* in the task this search is (-1: not from its giver) */
	int walks;	/* a task's insertions past its giver's branches here */
	int mark;	/* past: the task's mark from before then, or -1 */
};

struct node {
	uint64_t cands;		/* enabled and due actors at this step */
	uint64_t sleep;		/* asleep: on arrival, then explored here */
	uint64_t others;	/* a split unit's owner_sleep, not yet woken */
	int branch;		/* tree node of the step taken here */
	bool infeasible;	/* the branch could not be taken */
	uint64_t start;		/* runs when the branch began */
};

struct race {
	uint32_t j, k;		/* reverse: k before j */
};

/* A branch handed out (work sharing, see give()), and its task. */
struct given {
	int node;
	struct sim_task *task;
	bool risky;	/* inserted into since the branch before it began */
	int next_id;	/* the next name for a node forwarded to it */
};

/*
 * Steps a giver inserted into a branch it handed out, for the task
 * running it (forward()): a chain below the node named @at.
 */
struct fwd_msg {
	int at;
	bool translated;	/* its events are the task's (receive()) */
	size_t len;
	struct sim_dep_event ev[];
};

/*
 * A task's state where its path went past its giver's branches at a node
 * (mark()): what it goes back to when a step comes there later (go_back()).
 */
struct mark {
	struct tnode *tree;
	int tree_cap, tree_free;
	size_t tree_used;
	struct node *nodes;
	struct sim_dep_event *pend;
	size_t len;
	uint64_t runs, history;	/* history: sim_history_changes() */
	size_t fwd, ext_sum, nr_rmap, nr_walks, nr_walk_ids, nr_mail;
	int *given;		/* branches given out then */
	size_t nr_given;
	/* Of its out: what it had sent, and counted. */
	size_t nr_ext, nr_ids, nr_mpeak;
	long peak, cur, *mpeak;
	bool overflow;
};

/* A task's insertion that went past its giver's branches at a node. */
struct walk {
	int next;		/* the node's previous one, or -1 */
	uint32_t at, len;	/* its steps: dpor.walk_ids, into out->evs */
};

/* What a task starts from: see give(). */
struct task_in {
	size_t level;			/* of its branch */
	struct node *nodes;		/* level + 1 */
	struct sim_dep_event *pend;	/* (level + 1) * SIM_MAX_ACTORS */
	struct sim_dep_event *path;	/* level + 1: the steps, its branch last */
	struct sim_dep_event *sub;	/* the branch's planned subtree, preorder */
	int *sub_parent;		/* index into sub, or -1: the branch */
	size_t nr_sub;
	uint64_t owner_sleep;
	struct sim_dep_event owner_ev[SIM_MAX_ACTORS];
	bool owner_known, source;
	struct sim_place *from;		/* the giver's engine: its addresses */
};

/* A race of a task's that goes above its branch: for its giver. */
struct task_ext {
	size_t j, len, at;	/* at: its first step in task_out.ids */
};

/* What a task sends back: see take_back(). */
struct task_out {
	struct sim_dep_event ev;	/* its branch's step, as it ran */
	struct task_ext *ext;
	size_t nr_ext, ext_cap;
	/*
	 * The sequences' steps, each event once (evs, found by ev_seen)
	 * and the sequences as their indices (ids): far fewer bytes, as
	 * sequences of one task's races share most of their steps.
	 */
	struct sim_dep_event *evs;
	size_t nr_evs, evs_cap;
	uint32_t *ev_seen;	/* index into evs + 1, or 0 */
	size_t ev_seen_cap;
	uint32_t *ids;
	size_t nr_ids, ids_cap;
	/*
	 * What its steps added to the tree, at most, with the sequences
	 * sent counted whole (peak), and with none counted, between the
	 * k-th sequence sent and the next (mpeak[k], LONG_MIN: no race
	 * then): see apply_ext().
	 */
	long peak, cur, *mpeak;
	size_t nr_mpeak, mpeak_cap;
	bool overflow;		/* its tree outgrew the cap */
	/* The sequences sent, by hash: each is sent once (send_back()). */
	uint32_t *seen;		/* index into ext + 1, or 0 */
	size_t seen_cap;
	struct sim_place *from;	/* the task's engine: its addresses */
	uint64_t fwd;		/* steps its giver forwarded, taken in */
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
	const struct sim_dep_event **seq;	/* a wakeup sequence being built */
	const struct sim_dep_event **orig;	/* a task's: the sequence as given */
	uint32_t *seq_ids;			/* ... and its steps' indices */
	bool was_blocked;	/* the execution that just ended: sleep-set blocked */
	/* Timed scenarios: sleep sets instead. */
	void *fallback;
	/*
	 * Work sharing (<explore/share.h>): the board, the unit, the budget
	 * and the runs so far (a taken task's included), the engine (its lock
	 * history takes a task's), the branches given and not yet taken back,
	 * and the tasks taken back, for the driver.
	 */
	struct sim_share *share;
	struct sim_giver *giver;	/* this search, as its tasks see it */
	size_t share_unit;
	uint64_t budget, runs, quiet;
	uint64_t own_runs;	/* not its tasks' runs: what a hold counts */
	bool eager;		/* risky branches too (share_quiet set) */
	bool no_hold;		/* share_no_hold */
	struct sim *s;
	struct given *given;
	size_t nr_given, given_cap;
	struct sim_task **taken;
	size_t nr_taken, taken_head, taken_cap;
	/*
	 * A task: the search below its branch, at step floor - 1 (0: not a
	 * task), what it sends back, and the tree's size when it started.
	 */
	size_t floor;
	struct sim_task *task;
	struct task_out *out;
	size_t start_used, ext_sum;
	/* Its events still have the giver's addresses (translate()). */
	const struct sim_place *from;
	bool applying;		/* a task's races: apply_ext() checks the cap */
	bool tentative;		/* ... and may put the tree back */
	/*
	 * A task's, for the steps its giver forwards (receive()): its nodes
	 * by the names the giver gave them, its insertions that went past
	 * the giver's branches at a node, and the steps taken in so far.
	 */
	int *rmap;
	size_t nr_rmap, rmap_cap;
	struct walk *walks;
	size_t nr_walks, walks_cap;
	uint32_t *walk_ids;
	size_t nr_walk_ids, walk_ids_cap;
	size_t fwd;
	struct sim_dep_event *replay;	/* a walk's steps, walked again */
	size_t replay_cap;
	/*
	 * A task's marks (mark()), the bytes they hold, how many the caller
	 * knows of (the others were taken in this next()), and for it, the
	 * one gone back to in this next() (-1: none). The steps its giver
	 * sent, kept while it has marks, and the next to take in.
	 */
	struct mark *marks;
	size_t nr_marks, marks_known, mark_bytes;
	int back;
	struct fwd_msg **mail;
	size_t nr_mail, mail_cap, mail_next;
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
	d->tree[t].given = false;
	d->tree[t].past = false;
	d->tree[t].touched = d->runs;
	d->tree[t].gid = -1;
	d->tree[t].rid = -1;
	d->tree[t].walks = NONE;
	d->tree[t].mark = -1;
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

/* Free @t and its subtree, taken off its parent's list already. */
static void tree_free_sub(struct dpor *d, int t)
{
	int stack = t;

	assert(d->tree[t].sibling == NONE);
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
		d->tree[n].rid = -1;	/* a name the giver may still use */
		d->tree_free = n;
		d->tree_used--;
	}
}

/* Free @t and its subtree; @t must be the first child of its parent. */
static void tree_drop_first(struct dpor *d, int t)
{
	int p = d->tree[t].parent;

	assert(p != NONE && d->tree[p].child == t);
	d->tree[p].child = d->tree[t].sibling;
	d->tree[t].sibling = NONE;
	tree_free_sub(d, t);
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

/*
 * A task's search at @t looked past its giver's branches: it keeps its
 * newest mark, taken before, where @t was not yet past (go_back()).
 */
static void set_past(struct dpor *d, int t)
{
	if (d->tree[t].past)
		return;
	d->tree[t].past = true;
	d->tree[t].mark = (int)d->nr_marks - 1;
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
	d->orig = xrealloc(d->orig, cap, sizeof(*d->orig));
	d->seq_ids = xrealloc(d->seq_ids, cap, sizeof(*d->seq_ids));
	d->cap = cap;
}

static void task_start(struct dpor *d, struct sim_task *task);
static void translate(struct dpor *d, const struct sim *s);
static void check_place(struct dpor *d, struct sim *s, size_t i);
static void drop_given(struct dpor *d);
static void unmark_from(struct dpor *d, size_t k);
static void free_mail(struct dpor *d, size_t n);
static void drop_taken(struct dpor *d);
static void task_out_free(void *p);
static void mpeak_push(struct task_out *o);

static void *dpor_create(const struct sim_strategy_params *p)
{
	struct dpor *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->back = -1;
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
	d->share = p->share;
	if (d->share)
		d->giver = sim_giver_new(d->share);
	d->share_unit = p->share_unit;
	d->budget = p->budget ? p->budget : UINT64_MAX;
	d->quiet = p->share_quiet ? p->share_quiet : SIM_SHARE_QUIET;
	d->eager = p->share_quiet != 0;
	d->no_hold = p->share_no_hold;
	grow(d, 64);
	tree_reset(d);
	if (p->task)
		task_start(d, p->task);
	return d;
}

static void dpor_destroy(void *st)
{
	struct dpor *d = st;

	if (!d)
		return;
	if (d->fallback)
		sim_strategy_sleepset.destroy(d->fallback);
	if (d->share)
		drop_given(d);
	drop_taken(d);
	/* A task's out goes with it to its giver. */
	if (d->task) {
		mpeak_push(d->out);
		d->out->fwd = d->fwd;
		if (d->s && !(d->out->from = sim_place_of(d->s)))
			abort();
		sim_task_set_out(d->task, d->out, task_out_free);
	}
	free(d->nodes);
	free(d->pend);
	free(d->tree);
	free(d->vc);
	free(d->idx);
	free(d->evs);
	free(d->races);
	free(d->seq);
	free(d->orig);
	free(d->seq_ids);
	free(d->given);
	free(d->taken);
	free(d->rmap);
	free(d->walks);
	free(d->walk_ids);
	free(d->replay);
	unmark_from(d, 0);
	free(d->marks);
	free_mail(d, d->nr_mail);
	free(d->mail);
	sim_giver_free(d->giver);
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

static bool take_back(struct dpor *d, int c);
static void maybe_give(struct dpor *d);
static bool take_mail(struct dpor *d);
static void mark(struct dpor *d);

/*
 * A task about to go past its giver's branches at a node, to its own:
 * steps the giver inserts there from now on would no longer hold
 * (receive()), and they often come a few executions later (the giver's
 * branch before this one meets the same races as this one, as actors
 * with the same program do). So it waits for them, a little
 * (SIM_SHARE_HOLD executions of the giver's own at most), and takes them
 * in; only while such waits pay in this search (sim_share_hold_pays():
 * under v0 at W,S = 4,3, two of 948 saw the steps come).
 * Return: false when the task is over (cancelled meanwhile); *@back, whether
 * it went back to a mark (go_back()).
 */
static bool hold(struct dpor *d, uint64_t runs, bool *back)
{
	sim_task_hold(d->share, d->task, d->giver, runs);
	*back = take_mail(d);
	if (sim_task_cancelled(d->task)) {
		drop_given(d);
		return false;
	}
	return true;
}

/*
 * A task whose path at @p takes branch @b goes past its giver's branches
 * there for the first time (its own: the giver sends none there).
 */
static bool goes_past(const struct dpor *d, int p, int b)
{
	return d->floor && d->tree[b].rid < 0 && d->tree[p].rid >= 0 &&
	       !d->tree[p].past;
}

static bool dpor_next(void *st)
{
	struct dpor *d = st;
	bool resume;

	if (d->fallback)
		return sim_strategy_sleepset.next(d->fallback);
	d->depth = 0;
	/* Gone back to a mark: its node's next branch is to be taken again. */
	resume = d->floor && take_mail(d);
	/* A task whose tree outgrew the cap, or that will not be used: over. */
	if (d->floor && (d->full || sim_task_cancelled(d->task))) {
		d->out->overflow |= d->full;
		drop_given(d);
		return false;
	}
	if (d->full) {
		/* Past the cap: again from the start, as source-set DPOR. */
		drop_given(d);
		tree_reset(d);
		d->source = true;
		d->full = false;
		d->started = false;
	}
	if (!d->started) {
		d->started = true;
		d->len = d->floor;
		return true;
	}
again:
	while (d->len > d->floor) {
		struct node *n = &d->nodes[d->len - 1];
		int t = n->branch, p = parent_of(d, d->len - 1);

		if (!resume) {
			if (!n->infeasible) {
				int a = d->tree[t].ev.actor;

				/* As it ran: what it did is known now. */
				n->sleep |= 1ull << a;
				PEND(d, d->len - 1, a) = d->tree[t].ev;
			}
			n->infeasible = false;
			tree_drop_first(d, t);
		}
		resume = false;
		if (d->tree[p].child != NONE) {
			n->branch = d->tree[p].child;
			n->start = d->runs;
			if (goes_past(d, p, n->branch) && !d->no_hold &&
			    sim_share_hold_pays(d->share)) {
				if (!hold(d, SIM_SHARE_HOLD, &resume))
					return false;
				if (resume)
					continue;
				/* What came in goes first (receive()). */
				assert(d->tree[p].child != NONE);
				n->branch = d->tree[p].child;
				sim_share_hold_outcome(d->share,
						       d->tree[n->branch].rid >= 0);
			}
			if (goes_past(d, p, n->branch))
				mark(d);
			if (d->floor && d->tree[n->branch].rid < 0)
				set_past(d, p);
			/* Given out, and its task's result taken: explored. */
			if (d->tree[n->branch].given && take_back(d, n->branch))
				continue;
			if (d->share && sim_share_wanted(d->share))
				maybe_give(d);
			return true;
		}
		if (d->floor)
			set_past(d, p);
		d->len--;
	}
	/*
	 * A task at its end: steps its giver sends from now on would throw
	 * it all away, where with a mark it goes back (take_mail()). So it
	 * waits a little longer for them (sim_task_hold()).
	 */
	if (d->floor && d->nr_marks) {
		if (!hold(d, SIM_SHARE_END_HOLD, &resume))
			return false;
		if (resume)
			goto again;
	}
	/*
	 * A task: its branch, at step floor - 1, as it ran. Its tree may
	 * have outgrown the cap as it took back a task of its own just now.
	 */
	if (d->floor) {
		d->out->ev = d->tree[d->nodes[d->floor - 1].branch].ev;
		d->out->overflow |= d->full;
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
	if (d->from)
		translate(d, s);
	if (i < d->len) {
		if (i > 0)
			step_ran(d, s, i - 1, NULL, NULL);
		node = &d->nodes[i];
		if (i < d->floor && d->runs == 0)
			check_place(d, s, i);
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
		if (d->floor && (c == NONE || d->tree[c].rid < 0))
			set_past(d, tp);
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
		node->start = d->runs;
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
static bool weak_initial(const struct sim_dep_event *const *w, size_t len,
			 int q, const struct sim_dep_event *ev, long *pos,
			 bool strict)
{
	*pos = -1;
	for (size_t i = 0; i < len; i++) {
		if (w[i]->actor == q) {
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
			if (sim_dep_dependent(w[i], w[*pos]))
				return false;
		return true;
	}
	if (strict)
		return false;	/* an initial only */
	for (size_t i = 0; i < len; i++)
		if (sim_dep_dependent(ev, w[i]))
			return false;
	return true;
}

/*
 * An actor asleep at step @i's node could start @w: explored already.
 * @strict (source-set DPOR, see insert()): only an initial of @w counts.
 */
static bool asleep_covers(const struct dpor *d, size_t i,
			  const struct sim_dep_event *const *w, size_t len,
			  bool strict)
{
	const struct node *n = &d->nodes[i];
	long pos;

	for (uint64_t q = n->sleep; q; q &= q - 1)
		if (weak_initial(w, len, first(q), &PEND(d, i, first(q)), &pos,
				 strict))
			return true;
	return false;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

static uint64_t event_hash(uint64_t h, const struct sim_dep_event *e)
{
	h = mix(h, e->kind | (uint64_t)e->flags << 8 | (uint64_t)(uint16_t)e->actor << 24 |
		   (uint64_t)(uint32_t)e->obj << 32);
	h = mix(h, (uintptr_t)e->lifelong);
	h = mix(h, e->seq | (uint64_t)e->gp_lo << 32);
	h = mix(h, e->gp_hi);
	h = mix(h, e->index);
	h = mix(h, e->index_hi);
	h = mix(h, e->index_last);
	h = mix(h, e->holders);
	h = mix(h, (uintptr_t)e->addr);
	return mix(h, (uintptr_t)e->lock);
}

static bool same_event(const struct sim_dep_event *a, const struct sim_dep_event *b)
{
	return a->kind == b->kind && a->flags == b->flags && a->actor == b->actor &&
	       a->obj == b->obj && a->lifelong == b->lifelong && a->seq == b->seq &&
	       a->gp_lo == b->gp_lo && a->gp_hi == b->gp_hi &&
	       a->index == b->index && a->index_hi == b->index_hi &&
	       a->index_last == b->index_last && a->holders == b->holders &&
	       a->addr == b->addr && a->lock == b->lock;
}

/* The most the tree grew since the last sequence sent: mpeak[nr_ext]. */
static void mpeak_push(struct task_out *o)
{
	if (o->nr_mpeak == o->mpeak_cap) {
		o->mpeak_cap = o->mpeak_cap ? 2 * o->mpeak_cap : 16;
		o->mpeak = xrealloc(o->mpeak, o->mpeak_cap, sizeof(*o->mpeak));
	}
	o->mpeak[o->nr_mpeak++] = o->cur;
	o->cur = LONG_MIN;
}

/* Whether sequence @k of @o is the steps @ids at @j. */
static bool same_ext(const struct task_out *o, size_t k, size_t j,
		     const uint32_t *ids, size_t len)
{
	const struct task_ext *e = &o->ext[k];

	return e->j == j && e->len == len &&
	       !memcmp(&o->ids[e->at], ids, len * sizeof(*ids));
}

static uint64_t ext_hash(size_t j, const uint32_t *ids, size_t len)
{
	uint64_t h = mix(mix(0xcbf29ce484222325ull, j), len);

	for (size_t x = 0; x < len; x++)
		h = mix(h, ids[x]);
	return h;
}

/* Put @k + 1 into the open-addressed table @tab of @cap slots at @h. */
static void slot_put(uint32_t *tab, size_t cap, uint64_t h, uint32_t k)
{
	size_t i = h & (cap - 1);

	while (tab[i])
		i = (i + 1) & (cap - 1);
	tab[i] = k + 1;
}

/* @tab for @n + 1 entries at half its size at most, rehashed by @hash. */
static uint32_t *slot_grow(uint32_t *tab, size_t *cap, size_t n,
			   uint64_t (*hash)(const struct task_out *, size_t),
			   const struct task_out *o)
{
	if (2 * (n + 1) <= *cap)
		return tab;
	free(tab);
	*cap = *cap ? 2 * *cap : 64;
	tab = calloc(*cap, sizeof(*tab));
	if (!tab)
		abort();
	for (size_t k = 0; k < n; k++)
		slot_put(tab, *cap, hash(o, k), (uint32_t)k);
	return tab;
}

static uint64_t ev_hash_of(const struct task_out *o, size_t k)
{
	return event_hash(0xcbf29ce484222325ull, &o->evs[k]);
}

static uint64_t ext_hash_of(const struct task_out *o, size_t k)
{
	const struct task_ext *e = &o->ext[k];

	return ext_hash(e->j, &o->ids[e->at], e->len);
}

/* The index of @ev in d->out->evs, added if new; -1 past the cap. */
static long intern(struct dpor *d, const struct sim_dep_event *ev)
{
	struct task_out *o = d->out;
	uint64_t h = event_hash(0xcbf29ce484222325ull, ev);

	if (o->ev_seen_cap)
		for (size_t i = h & (o->ev_seen_cap - 1); o->ev_seen[i];
		     i = (i + 1) & (o->ev_seen_cap - 1))
			if (same_event(&o->evs[o->ev_seen[i] - 1], ev))
				return o->ev_seen[i] - 1;
	if (o->nr_evs >= d->tree_room)
		return -1;
	o->ev_seen = slot_grow(o->ev_seen, &o->ev_seen_cap, o->nr_evs,
			       ev_hash_of, o);
	if (o->nr_evs == o->evs_cap) {
		o->evs_cap = o->evs_cap ? 2 * o->evs_cap : 256;
		o->evs = xrealloc(o->evs, o->evs_cap, sizeof(*o->evs));
	}
	o->evs[o->nr_evs] = *ev;
	slot_put(o->ev_seen, o->ev_seen_cap, h, (uint32_t)o->nr_evs);
	return (long)o->nr_evs++;
}

/*
 * A task's race that would go into the tree above its branch, where its
 * giver's other branches are: it goes back to the giver (take_back()),
 * whose search decides there as it would have with the task its own.
 * Once: the same sequence at the same step again changes nothing there
 * (it follows the steps the first one left, to its end, or is covered
 * where the first one was: the tree above the branch only gains nodes
 * after those it met, and its sleep sets stay as they are).
 *
 * A task holds at most as many distinct steps as the tree may, and 16
 * times as many steps in its sequences; past that it ends, and its giver
 * explores the branch (memory stays bounded).
 */
static void send_back(struct dpor *d, size_t j,
		      const struct sim_dep_event *const *w, size_t len)
{
	struct task_out *o = d->out;
	uint32_t *ids = d->seq_ids;
	uint64_t h;

	for (size_t x = 0; x < len; x++) {
		long id = intern(d, w[x]);

		if (id < 0 || o->nr_ids + len > 16 * d->tree_room) {
			d->full = true;
			return;
		}
		ids[x] = (uint32_t)id;
	}
	h = ext_hash(j, ids, len);
	if (o->seen_cap)
		for (size_t i = h & (o->seen_cap - 1); o->seen[i];
		     i = (i + 1) & (o->seen_cap - 1))
			if (same_ext(o, o->seen[i] - 1, j, ids, len))
				return;
	if (o->nr_ext == o->ext_cap) {
		o->ext_cap = o->ext_cap ? 2 * o->ext_cap : 16;
		o->ext = xrealloc(o->ext, o->ext_cap, sizeof(*o->ext));
	}
	while (o->nr_ids + len > o->ids_cap) {
		o->ids_cap = o->ids_cap ? 2 * o->ids_cap : 256;
		o->ids = xrealloc(o->ids, o->ids_cap, sizeof(*o->ids));
	}
	mpeak_push(o);
	o->ext[o->nr_ext] = (struct task_ext){ .j = j, .len = len, .at = o->nr_ids };
	memcpy(&o->ids[o->nr_ids], ids, len * sizeof(*ids));
	o->nr_ids += len;
	o->seen = slot_grow(o->seen, &o->seen_cap, o->nr_ext, ext_hash_of, o);
	slot_put(o->seen, o->seen_cap, h, (uint32_t)o->nr_ext);
	o->nr_ext++;
	d->ext_sum += len;
}

/*
 * New steps go below @t: the nodes above it were gone through. Return
 * the branch given out that they go into, or NONE: they change what its
 * task explores (forward()).
 */
static int touch(struct dpor *d, int t)
{
	int g = NONE;

	for (; t != NONE; t = d->tree[t].parent) {
		d->tree[t].touched = d->runs;
		if (d->tree[t].given && g == NONE)
			g = t;
	}
	return g;
}

static struct given *given_of(struct dpor *d, int c)
{
	for (size_t k = 0; k < d->nr_given; k++)
		if (d->given[k].node == c)
			return &d->given[k];
	assert(!"a branch marked given is on the list");
	return NULL;
}

/*
 * This search inserted @len new steps below @t, the first @n, into
 * branch @g, given out: its task takes them in while it runs, where they
 * still hold (receive()), or its result is thrown away (take_back()).
 * Nodes are named as give() named the subtree, the new ones by the next
 * names, in order.
 */
static void forward(struct dpor *d, int g, int t, int n, size_t len)
{
	struct given *gv = given_of(d, g);
	struct fwd_msg *m;

	/* The tree may be put back as it was (apply_ext()): not theirs. */
	if (d->tentative) {
		sim_task_cancel(gv->task);
		return;
	}
	m = malloc(sizeof(*m) + len * sizeof(m->ev[0]));
	if (!m)
		abort();
	m->at = d->tree[t].gid;
	m->translated = false;
	m->len = len;
	for (size_t i = 0; i < len; i++, n = d->tree[n].child) {
		m->ev[i] = d->tree[n].ev;
		d->tree[n].gid = gv->next_id++;
	}
	sim_task_post(gv->task, m);
}

/*
 * A task's insertion at @t, a node its giver named, went past the giver's
 * branches there (to one of its own, or to the end): had a step its giver
 * sends later been there, @w might have gone below it (receive()). Kept
 * as interned steps, within bounds; past them, the node takes nothing in.
 */
static void note_walk(struct dpor *d, int t,
		      const struct sim_dep_event *const *w, size_t len)
{
	struct walk *wk;

	if (d->tree[t].past)
		return;
	if (d->nr_walk_ids + len > 4 * d->tree_room) {
		set_past(d, t);
		return;
	}
	if (d->nr_walk_ids + len > d->walk_ids_cap) {
		while (d->nr_walk_ids + len > d->walk_ids_cap)
			d->walk_ids_cap = d->walk_ids_cap ?
					  2 * d->walk_ids_cap : 1024;
		d->walk_ids = xrealloc(d->walk_ids, d->walk_ids_cap,
				       sizeof(*d->walk_ids));
	}
	for (size_t x = 0; x < len; x++) {
		long id = intern(d, w[x]);

		if (id < 0) {
			set_past(d, t);
			return;
		}
		d->walk_ids[d->nr_walk_ids + x] = (uint32_t)id;
	}
	if (d->nr_walks == d->walks_cap) {
		d->walks_cap = d->walks_cap ? 2 * d->walks_cap : 64;
		d->walks = xrealloc(d->walks, d->walks_cap, sizeof(*d->walks));
	}
	wk = &d->walks[d->nr_walks];
	wk->next = d->tree[t].walks;
	wk->at = (uint32_t)d->nr_walk_ids;
	wk->len = (uint32_t)len;
	d->tree[t].walks = (int)d->nr_walks++;
	d->nr_walk_ids += len;
}

/*
 * What a task's own steps added to its tree: not the steps its giver
 * forwarded, which the giver's tree holds too.
 */
static long grown(const struct dpor *d)
{
	return (long)d->tree_used - (long)d->start_used - (long)d->fwd;
}

static void place(struct dpor *d, size_t j, const struct sim_dep_event **w,
		  size_t len, int t, size_t level, bool top, bool on_path);

/* Insert @w at step @j's node unless its class is covered. */
static void insert(struct dpor *d, size_t j, const struct sim_dep_event **w,
		   size_t len)
{
	if (d->floor) {
		/*
		 * A task counts what its steps would add to its giver's tree
		 * (take_back() checks the cap there); its own tree only has
		 * to stay within the cap.
		 */
		long need = grown(d) + (long)(d->ext_sum + len);

		if (need > d->out->peak)
			d->out->peak = need;
		need -= (long)d->ext_sum;
		if (need > d->out->cur)
			d->out->cur = need;
		if (d->full || d->tree_used + len > d->tree_room) {
			d->full = true;
			return;
		}
		if (j < d->floor)
			memcpy(d->orig, w, len * sizeof(*w));
	} else if (d->full || (!d->source && !d->applying &&
				d->tree_used + len > d->tree_room)) {
		d->full = true;	/* it starts again: no use going on */
		return;
	}
	place(d, j, w, len, parent_of(d, j), j, true, true);
}

/*
 * Insert's walk down the tree, from node @t, whose branches are at step
 * @level: @top, it is step @j's node; @on_path, on the current execution.
 */
static void place(struct dpor *d, size_t j, const struct sim_dep_event **w,
		  size_t len, int t, size_t level, bool top, bool on_path)
{
	size_t whole = len;
	long pos;

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
		    len == 0) {
			if (len && d->floor)
				set_past(d, t);
			return;
		}
		/*
		 * Along the current execution the nodes have sleep sets: not
		 * only at j, an actor explored or asleep at a node below it
		 * covers what it could start there.
		 */
		if (on_path && level < d->len &&
		    asleep_covers(d, level, w, len, d->source))
			return;
		for (c = d->tree[t].child; c != NONE; c = d->tree[c].sibling)
			if (weak_initial(w, len, d->tree[c].ev.actor,
					 &d->tree[c].ev, &pos, d->source))
				break;
		if (d->floor && d->tree[t].rid >= 0 &&
		    (c == NONE || d->tree[c].rid < 0))
			note_walk(d, t, w, len);
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
	 * A task's tree above its branch is the path to it only: the giver's
	 * tree has the other branches there.
	 */
	if (level < d->floor) {
		send_back(d, j, d->orig, whole);
		return;
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
	{
		int g = d->share ? touch(d, t) : NONE, at = t, n = NONE;

		for (size_t i = 0; i < len; i++) {
			t = tree_new(d, t, w[i]);
			if (i == 0)
				n = t;
		}
		if (g != NONE)
			forward(d, g, at, n, len);
	}
}

/* ---- work sharing ---- */

/*
 * Branches a worker with nothing to do can take (<explore/share.h>).
 *
 * A task is the branch after the one being explored at a node of the
 * current execution, with the subtree planned for it. Its worker runs
 * it as this search will once it gets there: the path to it with its
 * sleep sets, the branch before it asleep as it ran, the subtree as
 * planned. What the search does until then can change only one thing of
 * that: insert into the subtree. Those steps go to the task, which takes
 * them in where they would have been (forward(), receive()), going back
 * to a mark when something it did already depends on their absence
 * (go_back()), or is thrown away when it has none. Races
 * the task finds above its branch go back (send_back()), and the giver
 * inserts them when it reaches the branch (take_back()), in their order,
 * as it would have while exploring it. So a task's result, taken, is
 * the one the search would have had: the same executions, in the same
 * order, whatever the number of workers and their timing. A task that
 * does not hold is thrown away and the branch explored here: work lost,
 * never a result changed.
 *
 * Which branch: the one highest in the execution (the most work below
 * it, likely) whose subtree no insertion has gone through for a while
 * (SIM_SHARE_QUIET runs), as branches that received none for that long
 * are seldom changed later. The insertions that change a given branch
 * come from races with the step of the branch before it, found as that
 * branch is explored: one inserted into since that branch began is
 * risky (of such tasks, about three in four were thrown away at W x S
 * 4,3 under v1, two in three at 5,3, two in five at 4,3 under v0; of
 * the others, almost none), and is handed out only while no more risky
 * tasks were thrown away than taken back in this search
 * (sim_share_risky_pays()). Counted in tasks, not runs: one risky task
 * taken back can be most of a search (20,480 of the 32,768 runs at 4,3),
 * and weighed in runs it outweighed every failure after it (at 5,3,
 * 25,000 runs thrown away; counted in tasks, 280).
 */

static void task_in_free(void *p)
{
	struct task_in *in = p;

	if (!in)
		return;
	free(in->nodes);
	free(in->pend);
	free(in->path);
	free(in->sub);
	free(in->sub_parent);
	free(in->from);
	free(in);
}

static void task_out_free(void *p)
{
	struct task_out *o = p;

	if (!o)
		return;
	free(o->ext);
	free(o->evs);
	free(o->ev_seen);
	free(o->ids);
	free(o->seen);
	free(o->mpeak);
	free(o->from);
	free(o);
}

/* Hand out branch @c at step @L, the sibling after the one taken there. */
static void give(struct dpor *d, size_t L, int c)
{
	struct task_in *in = calloc(1, sizeof(*in));
	int b = d->nodes[L].branch, a = d->tree[b].ev.actor, *stack;
	size_t nr = 0, top = 0, cap = 64, stack_cap = 64;
	struct given *g;

	if (!in)
		abort();
	in->level = L;
	in->nodes = xrealloc(NULL, L + 1, sizeof(*in->nodes));
	memcpy(in->nodes, d->nodes, (L + 1) * sizeof(*in->nodes));
	in->pend = xrealloc(NULL, (L + 1) * SIM_MAX_ACTORS, sizeof(*in->pend));
	memcpy(in->pend, d->pend, (L + 1) * SIM_MAX_ACTORS * sizeof(*in->pend));
	/* The branch before it has been explored when the search gets there. */
	in->nodes[L].sleep |= 1ull << a;
	in->nodes[L].infeasible = false;
	in->pend[L * SIM_MAX_ACTORS + a] = d->tree[b].ev;
	in->path = xrealloc(NULL, L + 1, sizeof(*in->path));
	for (size_t i = 0; i < L; i++)
		in->path[i] = d->tree[d->nodes[i].branch].ev;
	in->path[L] = d->tree[c].ev;
	/*
	 * The subtree, preorder: each node after its parent, siblings in
	 * order (a stack of node and parent pairs, children pushed in reverse).
	 */
	in->sub = xrealloc(NULL, cap, sizeof(*in->sub));
	in->sub_parent = xrealloc(NULL, cap, sizeof(*in->sub_parent));
	stack = xrealloc(NULL, stack_cap, sizeof(*stack));
	stack[top++] = c;
	stack[top++] = -2;	/* c itself: not copied */
	while (top > 0) {
		int parent = stack[--top], x = stack[--top], me = -1;
		int kids[SIM_MAX_ACTORS + 1], nk = 0;

		if (parent == -2) {
			d->tree[x].gid = 0;
		} else {
			if (nr == cap) {
				cap *= 2;
				in->sub = xrealloc(in->sub, cap, sizeof(*in->sub));
				in->sub_parent = xrealloc(in->sub_parent, cap,
							  sizeof(*in->sub_parent));
			}
			in->sub[nr] = d->tree[x].ev;
			in->sub_parent[nr] = parent;
			me = (int)nr++;
			d->tree[x].gid = me + 1;
		}
		/* Siblings start with different actors (insert()). */
		for (int y = d->tree[x].child; y != NONE; y = d->tree[y].sibling) {
			assert(nk <= SIM_MAX_ACTORS);
			kids[nk++] = y;
		}
		if (top + 2 * (size_t)nk > stack_cap) {
			while (top + 2 * (size_t)nk > stack_cap)
				stack_cap *= 2;
			stack = xrealloc(stack, stack_cap, sizeof(*stack));
		}
		while (nk > 0) {
			stack[top++] = kids[--nk];
			stack[top++] = me;
		}
	}
	free(stack);
	in->nr_sub = nr;
	in->owner_sleep = d->owner_sleep;
	memcpy(in->owner_ev, d->owner_ev, sizeof(in->owner_ev));
	in->owner_known = d->owner_known;
	in->source = d->source;
	in->from = sim_place_of(d->s);
	if (!in->from)
		abort();
	if (d->nr_given == d->given_cap) {
		d->given_cap = d->given_cap ? 2 * d->given_cap : 8;
		d->given = xrealloc(d->given, d->given_cap, sizeof(*d->given));
	}
	g = &d->given[d->nr_given++];
	g->node = c;
	g->risky = d->tree[c].touched > d->nodes[L].start;
	g->next_id = (int)nr + 1;
	g->task = sim_share_give(d->share, d->share_unit, in, task_in_free,
				 d->budget - d->runs, d->giver);
	d->tree[c].given = true;
}

static void maybe_give(struct dpor *d)
{
	if (d->budget <= d->runs)
		return;
	for (size_t L = d->floor; L + 1 < d->len; L++) {
		const struct node *n = &d->nodes[L];
		int b = n->branch, c = d->tree[b].sibling, a;

		if (c == NONE || d->tree[c].given ||
		    d->tree[c].touched + d->quiet > d->runs)
			continue;
		/*
		 * Inserted into while the branch before it ran: more may
		 * come before that branch is done (touch()).
		 */
		if (d->tree[c].touched > n->start && !d->eager &&
		    !sim_share_risky_pays(d->share))
			continue;
		/* One that could not be followed is left to this search. */
		a = d->tree[c].ev.actor;
		if (!(n->cands >> a & 1) || (n->sleep >> a & 1) ||
		    a == d->tree[b].ev.actor)
			continue;
		give(d, L, c);
		return;
	}
}

/* The entry of d->given for branch @c, taken off the list. */
static struct sim_task *ungive(struct dpor *d, int c, bool *risky)
{
	struct given *g = given_of(d, c);
	struct sim_task *t = g->task;

	if (risky)
		*risky = g->risky;
	*g = d->given[--d->nr_given];
	d->tree[c].given = false;
	return t;
}

/*
 * Insert a task's races above its branch, in their order, as the search
 * would have while exploring the branch. Not if that search would have
 * reached the tree's cap (and started again as source-set DPOR) on the
 * way: its tree then held what the task's own steps added too. With
 * every sequence counted whole (o->peak) it would not; else (@check)
 * each is counted with what it really adds here, and when the cap would
 * have been reached, the tree is put back as it was: false.
 */
static bool apply_ext(struct dpor *d, const struct task_out *o, bool check)
{
	struct tnode *save = NULL;
	int cap = d->tree_cap, free_list = d->tree_free;
	size_t used = d->tree_used;
	long added = 0;

	if (check) {
		save = xrealloc(NULL, (size_t)cap, sizeof(*save));
		memcpy(save, d->tree, (size_t)cap * sizeof(*save));
	}
	d->applying = true;
	d->tentative = check;
	for (size_t k = 0; k <= o->nr_ext; k++) {
		const struct task_ext *e;
		size_t before = d->tree_used;

		/*
		 * A task taking back its own task: only its giver knows the
		 * whole tree, so what the one below added goes into what
		 * this one sends up, as if its steps had been this one's.
		 */
		if (d->floor && k < o->nr_mpeak && o->mpeak[k] != LONG_MIN) {
			long v = grown(d) + o->mpeak[k];

			if (v > d->out->cur)
				d->out->cur = v;
			if (v + (long)d->ext_sum > d->out->peak)
				d->out->peak = v + (long)d->ext_sum;
		}
		if (check && k < o->nr_mpeak && o->mpeak[k] != LONG_MIN &&
		    (long)used + added + o->mpeak[k] > (long)d->tree_room) {
			free(d->tree);
			d->tree = save;
			d->tree_cap = cap;
			d->tree_free = free_list;
			d->tree_used = used;
			d->applying = d->tentative = false;
			return false;
		}
		if (k == o->nr_ext)
			break;
		e = &o->ext[k];
		grow(d, e->len + 1);
		for (size_t i = 0; i < e->len; i++)
			d->seq[i] = &o->evs[o->ids[e->at + i]];
		insert(d, e->j, d->seq, e->len);
		added += (long)(d->tree_used - before);
	}
	d->applying = d->tentative = false;
	free(save);
	return true;
}

/* A task's result not used; a risky one counts against risky hand-outs. */
static void thrown(struct dpor *d, struct sim_task *t, bool risky)
{
	if (risky)
		sim_share_risky_outcome(d->share, false);
	sim_task_free(t);
}

/*
 * The search has reached branch @c, given out: it waits for the task,
 * and takes its result when the task explored what this search would
 * have (see give()). Return: true when taken (the branch is explored),
 * false when this search is to explore it.
 */
static bool take_back(struct dpor *d, int c)
{
	bool risky;
	struct sim_task *t = ungive(d, c, &risky);
	bool ran = sim_share_wait(d->share, t);
	struct task_out *o = sim_task_out(t);
	struct sim_explore_result *r = sim_task_result(t);
	struct sim_lock_log *log = sim_task_log(t);

	/*
	 * Thrown away: not run, changed since given, cut short (its budget,
	 * Ctrl-C, its tree), more runs than this search had left, more steps
	 * than the tree may hold, or a lock-order cycle that the task's own
	 * history could not see whole (with it, this search's history could
	 * have reported it elsewhere, or in other words).
	 */
	if (!ran || sim_task_cancelled(t) || sim_task_mail_left(t) || !o ||
	    o->overflow || !r->finished || r->interrupted ||
	    d->runs + r->runs > d->budget || !log ||
	    sim_history_log_cycle(d->s, log)) {
		thrown(d, t, risky);
		return false;
	}
	/* Its events as this engine sees them (translate()). */
	if (o->from) {
		sim_dep_event_translate(o->from, d->s, &o->ev);
		for (size_t k = 0; k < o->nr_evs; k++)
			sim_dep_event_translate(o->from, d->s, &o->evs[k]);
	}
	/* The branch as it ran, as the races above it saw it. */
	d->tree[c].ev = o->ev;
	if (!apply_ext(d, o, !d->source && !d->floor &&
			   (long)d->tree_used + o->peak > (long)d->tree_room)) {
		thrown(d, t, risky);
		return false;
	}
	if (risky)
		sim_share_risky_outcome(d->share, true);
	sim_history_log_merge(d->s, log);
	d->runs += r->runs;
	r->forwarded += o->fwd;
	if (d->nr_taken == d->taken_cap) {
		d->taken_cap = d->taken_cap ? 2 * d->taken_cap : 8;
		d->taken = xrealloc(d->taken, d->taken_cap, sizeof(*d->taken));
	}
	d->taken[d->nr_taken++] = t;
	return true;
}

/*
 * Branch @o, given out, is no longer what its task explores: its task's
 * result will not be used.
 */
static void ungive_now(struct dpor *d, int o)
{
	struct sim_task *t = ungive(d, o, NULL);

	sim_task_cancel(t);
	sim_share_wait(d->share, t);
	sim_task_free(t);
}

/* Every branch given out: its task will not be used (a restart, the end). */
static void drop_given(struct dpor *d)
{
	while (d->nr_given)
		ungive_now(d, d->given[0].node);
}

/* Tasks taken back that the caller has not counted: it will not. */
static void drop_taken(struct dpor *d)
{
	while (d->taken_head < d->nr_taken)
		sim_task_free(d->taken[d->taken_head++]);
	d->taken_head = d->nr_taken = 0;
}

static struct sim_task *dpor_committed(void *st)
{
	struct dpor *d = st;

	if (d->taken_head == d->nr_taken) {
		d->taken_head = d->nr_taken = 0;
		return NULL;
	}
	return d->taken[d->taken_head++];
}

/* A task's search: the path to its branch, the branch and its subtree. */
static void task_start(struct dpor *d, struct sim_task *task)
{
	const struct task_in *in = sim_task_in(task);
	size_t L = in->level;
	int t = 0, c, *map;

	d->task = task;
	d->floor = L + 1;
	d->out = calloc(1, sizeof(*d->out));
	if (!d->out)
		abort();
	d->out->cur = LONG_MIN;
	grow(d, L + 2);
	memcpy(d->nodes, in->nodes, (L + 1) * sizeof(*d->nodes));
	memcpy(d->pend, in->pend, (L + 1) * SIM_MAX_ACTORS * sizeof(*d->pend));
	for (size_t i = 0; i < L; i++) {
		t = tree_new(d, t, &in->path[i]);
		d->nodes[i].branch = t;
	}
	c = tree_new(d, t, &in->path[L]);
	d->nodes[L].branch = c;
	/* Named as give() named them: the branch 0, the subtree from 1. */
	map = d->rmap = xrealloc(NULL, in->nr_sub + 1, sizeof(*map));
	d->rmap_cap = d->nr_rmap = in->nr_sub + 1;
	map[0] = c;
	d->tree[c].rid = 0;
	for (size_t k = 0; k < in->nr_sub; k++) {
		map[k + 1] = tree_new(d, map[in->sub_parent[k] + 1],
				      &in->sub[k]);
		d->tree[map[k + 1]].rid = (int)k + 1;
	}
	d->start_used = d->tree_used;
	d->owner_sleep = in->owner_sleep;
	memcpy(d->owner_ev, in->owner_ev, sizeof(d->owner_ev));
	d->owner_known = in->owner_known;
	d->source = in->source;
	d->from = in->from;
}

/* A node taken in from the giver: its name, the next one. */
static void name_node(struct dpor *d, int t)
{
	if (d->nr_rmap == d->rmap_cap) {
		d->rmap_cap *= 2;
		d->rmap = xrealloc(d->rmap, d->rmap_cap, sizeof(*d->rmap));
	}
	d->tree[t].rid = (int)d->nr_rmap;
	d->rmap[d->nr_rmap++] = t;
}

/*
 * The task's own branches at @x, none of them explored yet, go: they are
 * walked again (replay()). One given out is not the task's to take back.
 */
static void unplant(struct dpor *d, int x)
{
	int *link = &d->tree[x].child;

	while (*link != NONE && d->tree[*link].rid >= 0)
		link = &d->tree[*link].sibling;
	while (*link != NONE) {
		int o = *link;

		*link = d->tree[o].sibling;
		d->tree[o].sibling = NONE;
		if (d->tree[o].given)
			ungive_now(d, o);
		tree_free_sub(d, o);
	}
}

/*
 * The task's insertions that went past its giver's branches at @x, walked
 * again from there in their order, with the branches the giver has sent
 * since: as they would have gone had those been there (receive()).
 */
static void replay(struct dpor *d, int x)
{
	size_t nr = 0, i, before = d->tree_used;
	struct task_out *o = d->out;
	struct walk *list;
	long more;

	for (int k = d->tree[x].walks; k != NONE; k = d->walks[k].next)
		nr++;
	list = xrealloc(NULL, nr ? nr : 1, sizeof(*list));
	i = nr;
	for (int k = d->tree[x].walks; k != NONE; k = d->walks[k].next)
		list[--i] = d->walks[k];
	d->tree[x].walks = NONE;
	for (i = 0; i < nr; i++) {
		size_t len = list[i].len;

		if (len > d->replay_cap) {
			d->replay_cap = len;
			d->replay = xrealloc(d->replay, len, sizeof(*d->replay));
		}
		grow(d, len + 1);
		for (size_t k = 0; k < len; k++) {
			d->replay[k] = d->out->evs[d->walk_ids[list[i].at + k]];
			d->seq[k] = &d->replay[k];
		}
		/* Off the current execution below @x: it went past its branch. */
		place(d, d->floor, d->seq, len, x, d->floor, false, false);
	}
	free(list);
	/*
	 * Until now the search on one worker had these steps in its tree
	 * (at most: what the walks add here), and this task not: what it
	 * counted its tree grew by (take_back() checks it against the cap)
	 * was short by that much at most.
	 */
	more = (long)(d->tree_used - before);
	o->peak += more;
	if (o->cur != LONG_MIN)
		o->cur += more;
	for (size_t k = 0; k < o->nr_mpeak; k++)
		if (o->mpeak[k] != LONG_MIN)
			o->mpeak[k] += more;
}

/* The node @m names, or NONE: gone (explored), or never taken in. */
static int mail_node(const struct dpor *d, const struct fwd_msg *m)
{
	int x;

	if (m->at < 0 || (size_t)m->at >= d->nr_rmap)
		return NONE;
	x = d->rmap[m->at];
	return d->tree[x].rid == m->at ? x : NONE;
}

/*
 * Steps the giver inserted into this task's branch after handing it out
 * (forward()). In the search on one worker they were there before the
 * branch began, after the branches planned at their node (and after
 * those forwarded before them), before any this task inserts there. So
 * they go there, and the task stays the one its giver would have run,
 * unless it already did something they would have changed: the node is
 * gone (explored), or the task's path there went on to one of its own
 * branches or past the last, or an insertion stopped there at a leaf
 * (past). Insertions of the task's that went past the giver's branches
 * there could have gone below the new steps instead (a weak initial of
 * them, as insert() asks): if one could, the task's own branches there,
 * none explored yet, are made again (unplant(), replay()).
 * Return: false when they do not hold; the task is then cancelled.
 */
static bool receive(struct dpor *d, struct fwd_msg *m)
{
	const struct task_in *in = sim_task_in(d->task);
	int x = mail_node(d, m), n, g, *link;
	bool redo = false;
	long pos;

	if (x == NONE || d->tree[x].past)
		return false;
	/*
	 * Before the first execution they are translate()d with the tree;
	 * taken in again after going back (go_back()), they are already.
	 */
	if (!d->from && !m->translated) {
		for (size_t i = 0; i < m->len; i++)
			sim_dep_event_translate(in->from, d->s, &m->ev[i]);
		m->translated = true;
	}
	for (int k = d->tree[x].walks; k != NONE && !redo;
	     k = d->walks[k].next) {
		const struct walk *wk = &d->walks[k];

		grow(d, wk->len);
		for (size_t i = 0; i < wk->len; i++)
			d->seq[i] = &d->out->evs[d->walk_ids[wk->at + i]];
		redo = weak_initial(d->seq, wk->len, m->ev[0].actor, &m->ev[0],
				    &pos, d->source);
	}
	g = touch(d, x);
	if (redo)
		unplant(d, x);
	n = tree_new(d, x, &m->ev[0]);
	/* Before the task's own branches there: off the end, then in. */
	for (link = &d->tree[x].child; *link != n; link = &d->tree[*link].sibling)
		;
	*link = NONE;
	for (link = &d->tree[x].child; *link != NONE && d->tree[*link].rid >= 0;
	     link = &d->tree[*link].sibling)
		;
	d->tree[n].sibling = *link;
	*link = n;
	/*
	 * A branch of its own after it, given out, was handed out with the
	 * branches before it asleep: not with this one.
	 */
	for (int o = d->tree[n].sibling; o != NONE; o = d->tree[o].sibling)
		if (d->tree[o].given)
			ungive_now(d, o);
	name_node(d, n);
	for (size_t i = 1; i < m->len; i++) {
		n = tree_new(d, n, &m->ev[i]);
		name_node(d, n);
	}
	d->fwd += m->len;
	if (redo)
		replay(d, x);
	/* Into a branch of its own given out: that task has it not. */
	if (g != NONE)
		sim_task_cancel(given_of(d, g)->task);
	return true;
}

/*
 * Marks: where a task's path goes past its giver's branches at a node,
 * it saves its state (the tree, the path, what it has sent back), and
 * the caller what it counted (strategy.h, marks()). Should the giver
 * send steps there later, the task goes back to the newest mark taken
 * before the node was past, and takes them in there, with those sent
 * since the mark, in order (take_mail()): it is then the task that had
 * them in time, and explores on from there as that one would have. Lost
 * are the executions since the mark: at W x S 4,3 under v1, 0 to 2,500
 * per search (tasks went back 0 to 4 times), where without marks 1 to 3
 * tasks were thrown away, 1,000 to 5,400 executions in all.
 *
 * Its own tasks are all thrown away as it goes back: they began from a
 * tree that is no more, and the steps it sent them would come again.
 * At most MARKS marks, of MARK_BYTES in all; past that, a node takes
 * the newest one (set_past()), or none, and the task is thrown away.
 * A mark is taken only at the first go-past of a next() and before any
 * task of its own is taken back in it: what the caller counted then is
 * what the mark has.
 */
#define MARKS 8
#define MARK_BYTES ((size_t)16 << 20)

static void mark_free(struct mark *mk)
{
	free(mk->tree);
	free(mk->nodes);
	free(mk->pend);
	free(mk->given);
	free(mk->mpeak);
}

/* What a mark of a tree of @cap nodes and a path of @len steps holds. */
static size_t mark_size(const struct dpor *d, int cap, size_t len)
{
	return (size_t)cap * sizeof(*d->tree) +
	       len * (sizeof(*d->nodes) + SIM_MAX_ACTORS * sizeof(*d->pend));
}

static void *dup_n(const void *p, size_t n, size_t size)
{
	void *q = xrealloc(NULL, n, size);

	if (n)
		memcpy(q, p, n * size);
	return q;
}

/*
 * At the path's node d->len - 1, whose next branch is the task's own.
 * Not where it takes back a task of its own in this next(), before or
 * after: the caller counts that task's result after next() returns.
 */
static void mark(struct dpor *d)
{
	struct task_out *o = d->out;
	size_t bytes = mark_size(d, d->tree_cap, d->len);
	struct mark *mk;

	if (d->nr_marks == MARKS || d->nr_taken ||
	    d->tree[d->nodes[d->len - 1].branch].given ||
	    d->mark_bytes + bytes > MARK_BYTES)
		return;
	if (!d->marks)
		d->marks = xrealloc(NULL, MARKS, sizeof(*d->marks));
	mk = &d->marks[d->nr_marks++];
	d->mark_bytes += bytes;
	mk->tree = dup_n(d->tree, (size_t)d->tree_cap, sizeof(*d->tree));
	mk->tree_cap = d->tree_cap;
	mk->tree_free = d->tree_free;
	mk->tree_used = d->tree_used;
	mk->nodes = dup_n(d->nodes, d->len, sizeof(*d->nodes));
	mk->pend = dup_n(d->pend, d->len * SIM_MAX_ACTORS, sizeof(*d->pend));
	mk->len = d->len;
	mk->runs = d->runs;
	mk->history = sim_history_changes(d->s);
	mk->fwd = d->fwd;
	mk->ext_sum = d->ext_sum;
	mk->nr_rmap = d->nr_rmap;
	mk->nr_walks = d->nr_walks;
	mk->nr_walk_ids = d->nr_walk_ids;
	mk->nr_mail = d->mail_next;
	mk->nr_given = d->nr_given;
	mk->given = xrealloc(NULL, d->nr_given ? d->nr_given : 1,
			     sizeof(*mk->given));
	for (size_t k = 0; k < d->nr_given; k++)
		mk->given[k] = d->given[k].node;
	mk->nr_ext = o->nr_ext;
	mk->nr_ids = o->nr_ids;
	mk->nr_mpeak = o->nr_mpeak;
	mk->mpeak = dup_n(o->mpeak, o->nr_mpeak, sizeof(*o->mpeak));
	mk->peak = o->peak;
	mk->cur = o->cur;
	mk->overflow = o->overflow;
}

/* Drop marks @k and after. */
static void unmark_from(struct dpor *d, size_t k)
{
	while (d->nr_marks > k) {
		struct mark *mk = &d->marks[--d->nr_marks];

		d->mark_bytes -= mark_size(d, mk->tree_cap, mk->len);
		mark_free(mk);
	}
	if (d->marks_known > k)
		d->marks_known = k;
}

/* Back to mark @k: the state it saved; it and those after it go. */
static void go_back(struct dpor *d, size_t k)
{
	struct mark *mk = &d->marks[k];
	struct task_out *o = d->out;

	assert(k < d->nr_marks);
	drop_given(d);
	drop_taken(d);
	/* The tree only grew since: the array holds the mark's. */
	assert(mk->tree_cap <= d->tree_cap && mk->len <= d->cap);
	memcpy(d->tree, mk->tree, (size_t)mk->tree_cap * sizeof(*d->tree));
	d->tree_cap = mk->tree_cap;
	d->tree_free = mk->tree_free;
	d->tree_used = mk->tree_used;
	d->full = false;
	for (size_t g = 0; g < mk->nr_given; g++)
		d->tree[mk->given[g]].given = false;
	memcpy(d->nodes, mk->nodes, mk->len * sizeof(*d->nodes));
	memcpy(d->pend, mk->pend, mk->len * SIM_MAX_ACTORS * sizeof(*d->pend));
	d->len = mk->len;
	d->runs = mk->runs;
	d->fwd = mk->fwd;
	d->ext_sum = mk->ext_sum;
	d->nr_rmap = mk->nr_rmap;
	d->nr_walks = mk->nr_walks;
	d->nr_walk_ids = mk->nr_walk_ids;
	d->mail_next = mk->nr_mail;
	o->nr_ext = mk->nr_ext;
	o->nr_ids = mk->nr_ids;
	o->nr_mpeak = mk->nr_mpeak;
	if (mk->nr_mpeak)
		memcpy(o->mpeak, mk->mpeak, mk->nr_mpeak * sizeof(*o->mpeak));
	o->peak = mk->peak;
	o->cur = mk->cur;
	o->overflow = mk->overflow;
	/* The sequences sent since are sent again, should they come again. */
	if (o->seen_cap) {
		memset(o->seen, 0, o->seen_cap * sizeof(*o->seen));
		for (size_t x = 0; x < o->nr_ext; x++)
			slot_put(o->seen, o->seen_cap, ext_hash_of(o, x),
				 (uint32_t)x);
	}
	/* For the caller: what it counted with a mark it knows of. */
	if (k < d->marks_known && (d->back < 0 || (int)k < d->back))
		d->back = (int)k;
	unmark_from(d, k);
}

/* The first @n messages kept go (taken in, not to be taken in again). */
static void free_mail(struct dpor *d, size_t n)
{
	if (!n)
		return;
	for (size_t k = 0; k < n; k++)
		free(d->mail[k]);
	memmove(d->mail, &d->mail[n], (d->nr_mail - n) * sizeof(*d->mail));
	d->nr_mail -= n;
	d->mail_next = d->mail_next > n ? d->mail_next - n : 0;
}

/*
 * What the giver forwarded since the last execution (receive()): to a
 * node the task went past, it goes back to a mark when it has one.
 * Return: whether it went back (to the path's node d->len - 1, whose
 * next branch it takes again).
 */
static bool take_mail(struct dpor *d)
{
	struct fwd_msg *m;
	bool back = false;

	while ((m = sim_task_fetch(d->task))) {
		if (d->nr_mail == d->mail_cap) {
			d->mail_cap = d->mail_cap ? 2 * d->mail_cap : 16;
			d->mail = xrealloc(d->mail, d->mail_cap,
					   sizeof(*d->mail));
		}
		d->mail[d->nr_mail++] = m;
	}
	while (d->mail_next < d->nr_mail && !sim_task_cancelled(d->task)) {
		int x;

		m = d->mail[d->mail_next];
		x = mail_node(d, m);
		/*
		 * Its mark was taken before the node was past. Not when the
		 * lock-order history changed since, with a task of its own
		 * taken back in this next() (the caller drops the marks for
		 * other changes, marks_check()): the task is thrown away.
		 */
		if (x != NONE && d->tree[x].past && d->tree[x].mark >= 0) {
			size_t k = (size_t)d->tree[x].mark;

			assert(k < d->nr_marks);
			if (d->marks[k].history == sim_history_changes(d->s)) {
				go_back(d, k);
				back = true;
				continue;
			}
		}
		if (!receive(d, m))
			sim_task_cancel(d->task);
		else
			d->mail_next++;
	}
	/* Without marks, none is taken in again. */
	if (!d->nr_marks || sim_task_cancelled(d->task))
		free_mail(d, d->nr_mail);
	return back;
}

static bool dpor_marks(void *st, int *back)
{
	struct dpor *d = st;
	bool taken;

	*back = d->back;
	d->back = -1;
	/* One taken at most in a next(), after any going back. */
	assert(d->nr_marks <= d->marks_known + 1);
	taken = d->nr_marks > d->marks_known;
	d->marks_known = d->nr_marks;
	return taken;
}

static void dpor_unmark(void *st)
{
	struct dpor *d = st;

	unmark_from(d, 0);
	for (int t = 0; t < d->tree_cap; t++)
		d->tree[t].mark = -1;
	free_mail(d, d->mail_next);
}

/*
 * A task's first step: its events came from the giver's engine, whose
 * objects lie at other addresses (sim_dep_event_translate()).
 */
static void translate(struct dpor *d, const struct sim *s)
{
	for (size_t i = 0; i < d->floor * SIM_MAX_ACTORS; i++)
		sim_dep_event_translate(d->from, s, &d->pend[i]);
	for (int t = 0; t < d->tree_cap; t++)
		sim_dep_event_translate(d->from, s, &d->tree[t].ev);
	for (int q = 0; q < SIM_MAX_ACTORS; q++)
		sim_dep_event_translate(d->from, s, &d->owner_ev[q]);
	d->from = NULL;
	d->s = (struct sim *)s;
}

/*
 * The path to a task's branch, step @i, in its first execution: whether
 * each actor's step there, as this engine sees it, is at the place the
 * giver's was. Where not, the task cannot be the giver's branch: it ends
 * (as when its tree outgrows the cap) and its giver explores the branch.
 */
static void check_place(struct dpor *d, struct sim *s, size_t i)
{
	const struct node *node = &d->nodes[i];

	for (uint64_t q = node->cands | node->sleep; q; q &= q - 1) {
		struct sim_dep_event ev;
		int a = first(q);

		if (!sim_actor_unfinished(s, a))
			continue;
		sim_dep_event_of(s, a, &ev);
		if (ev.kind != SIM_OP_RCU_CALLBACK &&
		    !sim_dep_event_same_place(&ev, &PEND(d, i, a)))
			d->full = true;
	}
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
	d->s = (struct sim *)s;
	d->runs++;
	if (d->giver)
		sim_giver_ran(d->giver, ++d->own_runs);
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
				d->seq[len++] = &d->evs[i];
		/*
		 * k moves before j, whose effects it may have seen: it is
		 * asked about as it may behave there. The steps before it in
		 * the sequence keep what happened before them, and their events.
		 */
		d->evs[n + m] = d->evs[k];
		sim_dep_coarsen(&d->evs[n + m]);
		d->seq[len++] = &d->evs[n + m];
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
	.committed = dpor_committed,
	.marks = dpor_marks,
	.unmark = dpor_unmark,
	.repeated_name = "of classes other units count",
};


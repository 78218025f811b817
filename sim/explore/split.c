/* SPDX-License-Identifier: MIT */
/* Splitting a search into units (<explore/split.h>), and running one. */
#include <sim/depend.h>
#include <explore/split.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

enum split_kind { SPLIT_ALL, SPLIT_SLEEP, SPLIT_BOUNDED };

/* How the prefixes of @ops's search are enumerated (ops->split). */
static bool kind_of(const struct sim_strategy_ops *ops, enum split_kind *k)
{
	switch (ops->split) {
	case SIM_SPLIT_ALL:
		*k = SPLIT_ALL;
		return true;
	case SIM_SPLIT_SLEEP:
	case SIM_SPLIT_SLEEP_FREE:
		*k = SPLIT_SLEEP;
		return true;
	case SIM_SPLIT_BOUNDED:
		*k = SPLIT_BOUNDED;
		return true;
	case SIM_SPLIT_NONE:
		return false;
	}
	assert(!"a split kind");
	return false;
}

bool sim_splittable(const struct sim_strategy_ops *ops)
{
	enum split_kind k;

	return kind_of(ops, &k);
}

/* A prefix being enumerated. */
struct entry {
	struct sim_unit u;
	long parent;		/* index in the previous level, or -1 */
	bool complete;		/* the execution ended within the prefix */
	bool frozen;		/* a unit as it is: not split further */
	bool ends;		/* ... at a finding in the middle of its last step */
	/* Filled when the node at the end of the prefix is reached: */
	uint64_t cands;
	uint64_t indep[SIM_MAX_ACTORS];	/* per awake actor: who may sleep on */
	uint64_t ends_children;	/* children whose step ended the execution */
};

struct probe {
	struct entry *e;
	enum split_kind kind;
	size_t depth;
};

static int probe_choose(void *ctx, const struct sim *cs, const int *cands, int n)
{
	struct probe *pr = ctx;
	struct entry *e = pr->e;
	struct sim *s = (struct sim *)cs;

	if (pr->depth < e->u.len) {
		int want = e->u.prefix[pr->depth++];

		for (int i = 0; i < n; i++)
			if (cands[i] == want)
				return i;
		assert(!"a prefix that cannot be followed");
		return -1;
	}
	/* The node below the prefix: what its children will be. */
	e->cands = 0;
	for (int i = 0; i < n; i++)
		e->cands |= 1ull << cands[i];
	if (pr->kind == SPLIT_SLEEP) {
		for (int i = 0; i < n; i++) {
			e->indep[cands[i]] = 0;
			for (int j = 0; j < n; j++)
				if (j != i && sim_ops_independent(s, cands[i], cands[j]))
					e->indep[cands[i]] |= 1ull << cands[j];
		}
	}
	return -1;
}

/* The prefixes of one depth. */
struct level {
	struct entry *v;
	size_t nr, cap;
};

/* A new entry at the end of @l, uninitialised. */
static struct entry *level_add(struct level *l)
{
	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	return &l->v[l->nr++];
}

static bool preempts(int prev, uint64_t cands, int next)
{
	return prev >= 0 && (cands >> prev & 1) && next != prev;
}

/*
 * Run the prefix of each entry of @l, in order: fills what the node
 * below it looks like, or marks it complete when the execution ended
 * first. A child whose own step ended its execution at a finding is
 * dependent with everything (SIM_DEP_ENDS): its later siblings must not
 * sleep on it, which is known only once it ran, so the sleep sets of the
 * siblings after it are corrected here.
 */
static void probe_level(struct sim *s, enum split_kind kind, struct level *l)
{
	uint64_t ends = 0;
	long parent = -2;

	for (size_t i = 0; i < l->nr; i++) {
		struct entry *e = &l->v[i];
		struct probe pr = { .e = e, .kind = kind };
		struct sim_chooser ch = { .ctx = &pr, .choose = probe_choose };
		enum sim_exec_result r;

		if (e->parent != parent) {
			parent = e->parent;
			ends = 0;
		}
		if (parent >= 0)
			e->u.sleep &= ~ends;
		if (e->complete || e->frozen)
			continue;
		r = sim_execute(s, &ch);
		if (r == SIM_EXEC_ABANDONED)
			continue;
		/* Ended before the prefix did: a unit of one execution. */
		e->complete = true;
		if (r == SIM_EXEC_FINDING && e->u.len &&
		    sim_actor_unfinished(s, e->u.prefix[e->u.len - 1]) &&
		    sim_last_finding(s)->kind != SIM_FINDING_DEADLOCK)
			ends |= 1ull << e->u.prefix[e->u.len - 1];
	}
}

/*
 * SIM_SPLIT_SLEEP_FREE. dpor runs a unit with nobody asleep and drops the executions of its
 * sleepers' classes, which costs as much as running them. So it splits a
 * node only where no child gets a sleeper: where the steps that can come
 * first all depend on each other, and each class has one first step. Its
 * units then overlap in nothing. Freeze @e (keep it a unit) otherwise.
 */
static void dpor_freeze(struct entry *e, uint64_t sleep)
{
	uint64_t aw = e->cands & ~sleep;

	for (uint64_t a = aw; a && !sleep; a &= a - 1) {
		int q = __builtin_ctzll(a);

		if ((aw & ((1ull << q) - 1)) & e->indep[q])
			e->frozen = true;
	}
	e->frozen |= sleep != 0;
}

/*
 * The children of @e (index @i of its level) into @next, one per awake
 * actor in order, each with its prefix, preemptions and sleep set.
 */
static void add_children(struct level *next, const struct entry *e, size_t i,
			 enum split_kind kind, uint64_t sleep, uint64_t awake,
			 const struct sim_strategy_params *p)
{
	for (uint64_t a = awake; a; a &= a - 1) {
		int q = __builtin_ctzll(a);
		int used = e->u.used + preempts(e->u.prev, e->cands, q);
		struct entry *c;

		if (kind == SPLIT_BOUNDED && used > p->preemption_bound)
			continue;
		c = level_add(next);
		memset(c, 0, sizeof(*c));
		c->parent = (long)i;
		c->u.len = e->u.len + 1;
		c->u.prefix = malloc(c->u.len * sizeof(int));
		if (!c->u.prefix)
			abort();
		if (e->u.len)
			memcpy(c->u.prefix, e->u.prefix, e->u.len * sizeof(int));
		c->u.prefix[e->u.len] = q;
		c->u.prev = q;
		c->u.used = used;
		/* Asleep below: asleep or explored here, and commuting. */
		if (kind == SPLIT_SLEEP)
			c->u.sleep = (sleep | (awake & ((1ull << q) - 1))) &
				     e->indep[q];
	}
}

/*
 * The next level below @cur (probed): each entry ended or frozen stays a
 * unit as it is, one whose enabled actors all sleep is dropped (counted
 * in @out->blocked), the others are replaced by their children. Return:
 * whether any entry was split.
 */
static bool split_level(const struct sim_strategy_ops *ops, enum split_kind kind,
			const struct sim_strategy_params *p, struct level *cur,
			struct level *next, struct sim_split *out)
{
	bool grew = false;

	for (size_t i = 0; i < cur->nr; i++) {
		struct entry *e = &cur->v[i];
		uint64_t sleep, awake;

		sleep = kind == SPLIT_SLEEP ? e->u.sleep & e->cands : 0;
		if (ops->split == SIM_SPLIT_SLEEP_FREE && !e->frozen)
			dpor_freeze(e, sleep);
		if (e->complete || e->frozen) {
			struct entry *c = level_add(next);

			*c = *e;
			c->parent = -1;
			continue;
		}
		awake = e->cands & ~sleep;
		if (!awake) {
			out->blocked++;	/* every enabled actor asleep */
			free(e->u.prefix);
			continue;
		}
		add_children(next, e, i, kind, sleep, awake, p);
		free(e->u.prefix);
		grew = true;
	}
	return grew;
}

/* The units: the prefixes of the last level, which @out now owns. */
static void take_units(struct level *l, struct sim_split *out)
{
	out->units = malloc((l->nr ? l->nr : 1) * sizeof(*out->units));
	if (!out->units)
		abort();
	for (size_t i = 0; i < l->nr; i++)
		out->units[i] = l->v[i].u;
	out->nr = l->nr;
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int sim_split(struct sim *s, const struct sim_strategy_ops *ops,
	      const struct sim_strategy_params *p, size_t target,
	      struct sim_split *out)
{
	struct level level = { 0 };
	enum split_kind kind = SPLIT_ALL;
	struct entry *root;

	memset(out, 0, sizeof(*out));
	if (!kind_of(ops, &kind))
		target = 1;
	root = level_add(&level);
	memset(root, 0, sizeof(*root));
	root->parent = -1;
	root->u.prev = -1;
	/* Level by level, each in the order the strategy takes children. */
	for (size_t depth = 0; level.nr < target && depth < 64; depth++) {
		struct level next = { 0 };
		bool grew;

		probe_level(s, kind, &level);
		grew = split_level(ops, kind, p, &level, &next, out);
		free(level.v);
		level = next;
		if (!grew)
			break;
	}
	/* The last level's sleep sets, corrected for siblings that ended. */
	if (level.nr > 1)
		probe_level(s, kind, &level);
	take_units(&level, out);
	return 0;
}

void sim_split_free(struct sim_split *sp)
{
	for (size_t i = 0; i < sp->nr; i++)
		free(sp->units[i].prefix);
	free(sp->units);
	memset(sp, 0, sizeof(*sp));
}

/* ---- running one unit ---- */

struct prefixed {
	const struct sim_strategy_ops *inner;
	void *st;
	const struct sim_unit *unit;
	size_t depth;
};

void *sim_prefixed_create(const struct sim_strategy_ops *inner,
			  const struct sim_strategy_params *p,
			  const struct sim_unit *unit)
{
	struct prefixed *x = calloc(1, sizeof(*x));
	struct sim_strategy_params ip = *p;

	if (!x)
		return NULL;
	ip.prefix_len = unit->len;
	ip.prefix_sleep = unit->sleep;
	ip.prefix_prev = unit->prev;
	ip.prefix_used = unit->used;
	x->inner = inner;
	x->unit = unit;
	x->st = inner->create(&ip);
	if (!x->st) {
		free(x);
		return NULL;
	}
	return x;
}

static void px_destroy(void *st)
{
	struct prefixed *x = st;

	if (!x)
		return;
	x->inner->destroy(x->st);
	free(x);
}

static bool px_next(void *st)
{
	struct prefixed *x = st;

	x->depth = 0;
	return x->inner->next(x->st);
}

static int px_choose(void *st, const struct sim *s, const int *cands, int n)
{
	struct prefixed *x = st;

	if (x->depth < x->unit->len) {
		int want = x->unit->prefix[x->depth++];

		for (int i = 0; i < n; i++)
			if (cands[i] == want)
				return i;
		assert(!"executions are deterministic: the prefix is there");
		return -1;
	}
	return x->inner->choose(x->st, s, cands, n);
}

static void px_done(void *st, const struct sim *s, enum sim_exec_result r)
{
	struct prefixed *x = st;

	x->inner->done(x->st, s, r);
}

static bool px_redundant(void *st)
{
	struct prefixed *x = st;

	return x->inner->redundant && x->inner->redundant(x->st);
}

static double px_progress(void *st)
{
	struct prefixed *x = st;

	return x->inner->progress ? x->inner->progress(x->st) : 0;
}

static struct sim_task *px_committed(void *st)
{
	struct prefixed *x = st;

	return x->inner->committed(x->st);
}

static bool px_marks(void *st, int *back)
{
	struct prefixed *x = st;

	return x->inner->marks(x->st, back);
}

static void px_unmark(void *st)
{
	struct prefixed *x = st;

	x->inner->unmark(x->st);
}

static int px_label(void *st)
{
	struct prefixed *x = st;

	return x->inner->label ? x->inner->label(x->st) : -1;
}

struct sim_strategy_ops sim_prefixed_ops(const struct sim_strategy_ops *inner)
{
	struct sim_strategy_ops ops = *inner;

	ops.create = NULL;	/* sim_prefixed_create() */
	ops.destroy = px_destroy;
	ops.next = px_next;
	ops.choose = px_choose;
	ops.done = px_done;
	ops.redundant = inner->redundant ? px_redundant : NULL;
	ops.progress = inner->progress ? px_progress : NULL;
	ops.label = inner->label ? px_label : NULL;
	ops.committed = inner->committed ? px_committed : NULL;
	ops.marks = inner->marks ? px_marks : NULL;
	ops.unmark = inner->unmark ? px_unmark : NULL;
	/* A unit's search ends as @inner's would, with the same parameters. */
	ops.end_label = inner->end_label;
	return ops;
}

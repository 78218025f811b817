/* SPDX-License-Identifier: MIT */
/*
 * Lock checker, after lockdep: every actor keeps a stack of the locks it
 * holds; each blocking acquisition is checked against
 *
 * - the lock itself: taking a lock the actor already holds is a
 *   recursive-lock (and a certain self-deadlock for a kernel mutex);
 * - the documented hierarchy (the model's rules, closed transitively):
 *   taking A while holding B where A must come before B is a lock-order;
 * - the dependencies observed so far in this run, across executions: a
 *   new edge held -> wanted that closes a cycle is a lock-order too
 *   ("possible circular locking dependency"), even if no explored
 *   execution deadlocked.
 *
 * Releases of locks not held are bad-unlock; an actor that ends holding a
 * lock (or inside an RCU read-side section) is lock-held-at-exit.
 * Trylocks add no dependency (they cannot deadlock), as in lockdep.
 */
#include "sim_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * More lock classes than the checker tracks would leave some unchecked:
 * a missed order or cycle, reported as clean. Stop instead.
 */
static void too_many_classes(const char *name)
{
	fprintf(stderr, "itsim: more than %d lock classes (at %s): the lock "
		"checker cannot track them all (SIM_MAX_CLASSES)\n",
		SIM_MAX_CLASSES, name);
	abort();
}

static int rule_name_index(struct sim *s, const char *name, bool add)
{
	for (int i = 0; i < s->nr_rule_names; i++)
		if (strcmp(s->rule_names[i], name) == 0)
			return i;
	if (!add)
		return -1;
	if (s->nr_rule_names >= SIM_MAX_CLASSES)
		too_many_classes(name);
	s->rule_names[s->nr_rule_names] = name;
	return s->nr_rule_names++;
}

void sim_lockdep_init(struct sim *s)
{
	const struct sim_lock_rule *r;
	int n;

	for (r = s->cfg.lock_rules; r && r->outer; r++) {
		int o = rule_name_index(s, r->outer, true);
		int i = rule_name_index(s, r->inner, true);

		if (o >= 0 && i >= 0) {
			s->rule_before[o][i] = true;
			s->rule_why[o][i] = r->why;
		}
	}
	/* Transitive closure (Warshall): the documents give adjacent pairs. */
	n = s->nr_rule_names;
	for (int k = 0; k < n; k++)
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if (s->rule_before[i][k] && s->rule_before[k][j] &&
				    !s->rule_before[i][j]) {
					s->rule_before[i][j] = true;
					s->rule_why[i][j] = s->rule_why[k][j];
				}
}

/* The order checker's index of @cls, registering it on first sight. */
int sim_lockdep_class(struct sim *s, const struct sim_lock_class *cls)
{
	for (int i = 0; i < s->nr_classes; i++)
		if (s->classes[i] == cls)
			return i;
	if (s->nr_classes >= SIM_MAX_CLASSES)
		too_many_classes(cls->name);
	s->classes[s->nr_classes] = cls;
	s->class_rule[s->nr_classes] = rule_name_index(s, cls->name, false);
	s->history_gen++;
	return s->nr_classes++;
}

int sim_lockdep_held_count(const struct sim_actor *a, const struct sim_lock *lock)
{
	int n = 0;

	for (int i = 0; a && i < a->nr_held; i++)
		n += a->held[i].lock == lock;
	return n;
}

static struct sim_held *find_held(struct sim_actor *a, const struct sim_lock *lock)
{
	for (int i = a->nr_held; i-- > 0;)
		if (a->held[i].lock == lock)
			return &a->held[i];
	return NULL;
}

static void add_line(struct sim_finding *f, const char *fmt, const char *a,
		     const struct sim_site *site)
{
	char line[256], where[SIM_WHERE_MAX];

	snprintf(line, sizeof(line), fmt, a,
		 sim_site_where(site, where, sizeof(where)));
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
}

static void held_list(struct sim *s, struct sim_actor *a, struct sim_finding *f)
{
	char line[300], where[SIM_WHERE_MAX];

	snprintf(line, sizeof(line), "%d lock%s held by %s:\n", a->nr_held,
		 a->nr_held == 1 ? "" : "s", a->name);
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	for (int i = 0; i < a->nr_held; i++) {
		if (a->held[i].site)
			snprintf(line, sizeof(line), " #%d: %s, taken at %s\n", i,
				 a->held[i].cls->name,
				 sim_site_where(a->held[i].site, where, sizeof(where)));
		else
			snprintf(line, sizeof(line),
				 " #%d: %s, held since the thread started%s\n", i,
				 a->held[i].cls->name,
				 a->held[i].lifelong ? " (KVM_RUN)" : "");
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	(void)s;
}

static bool dep_seen(const void *ctx, int from, int to)
{
	const struct sim *s = ctx;

	return s->deps[from][to].seen;
}

/* Is @to reachable from @from over observed dependencies? Fills @path. */
static bool reaches(struct sim *s, int from, int to, int *path, int *len,
		    bool *seen)
{
	const struct sim_lock_graph g = {
		.n = s->nr_classes, .edge = dep_seen, .ctx = s,
	};

	return sim_lock_graph_path(&g, from, to, path, len, seen);
}

static void recursive(struct sim *s, struct sim_actor *a, struct sim_lock *lock,
		      const struct sim_held *h, const struct sim_site *site)
{
	struct sim_finding *f = sim_finding_begin(s, SIM_FINDING_RECURSIVE_LOCK, site);

	snprintf(f->title, sizeof(f->title),
		 "WARNING: possible recursive locking detected");
	snprintf(f->object, sizeof(f->object), "%s", lock->cls->name);
	add_line(f, "%s is trying to acquire lock at %s\n", lock->cls->name, site);
	add_line(f, "but %s is already held, taken at %s\n", lock->cls->name,
		 h->site);
	strncat(f->detail, "the lock is not recursive: this thread would wait for itself\n",
		sizeof(f->detail) - strlen(f->detail) - 1);
	held_list(s, a, f);
	sim_fail(s);
}

static void documented(struct sim *s, struct sim_actor *a, struct sim_lock *lock,
		       const struct sim_held *h, const char *why,
		       const struct sim_site *site)
{
	struct sim_finding *f = sim_finding_begin(s, SIM_FINDING_LOCK_ORDER, site);
	char line[300];

	snprintf(f->title, sizeof(f->title),
		 "WARNING: lock order violation: %s taken while holding %s",
		 lock->cls->name, h->cls->name);
	snprintf(f->object, sizeof(f->object), "%s -> %s", h->cls->name,
		 lock->cls->name);
	snprintf(line, sizeof(line),
		 "the documented order puts %s before %s (%s)\n",
		 lock->cls->name, h->cls->name, why ? why : "model lock rules");
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	add_line(f, "%s is wanted at %s\n", lock->cls->name, site);
	if (h->site) {
		add_line(f, "while %s is held, taken at %s\n", h->cls->name, h->site);
	} else {
		snprintf(line, sizeof(line),
			 "while %s is held, since the thread started\n", h->cls->name);
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	held_list(s, a, f);
	sim_fail(s);
}

static void circular(struct sim *s, struct sim_actor *a, struct sim_lock *lock,
		     const struct sim_held *h, const int *path, int len,
		     const struct sim_site *site)
{
	struct sim_finding *f = sim_finding_begin(s, SIM_FINDING_LOCK_ORDER, site);
	char line[400], w1[SIM_WHERE_MAX], w2[SIM_WHERE_MAX];

	snprintf(f->title, sizeof(f->title),
		 "WARNING: possible circular locking dependency detected");
	snprintf(f->object, sizeof(f->object), "%s -> %s", h->cls->name,
		 lock->cls->name);
	snprintf(line, sizeof(line),
		 "%s is trying to acquire lock %s at %s\nbut it already holds %s, taken at %s\n",
		 a->name, lock->cls->name, sim_site_where(site, w1, sizeof(w1)),
		 h->cls->name, h->site ? sim_site_where(h->site, w2, sizeof(w2)) :
		 "(start of thread)");
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	strncat(f->detail, "which lock already depends on the new lock.\nthe existing dependency chain:\n",
		sizeof(f->detail) - strlen(f->detail) - 1);
	for (int i = 0; i + 1 < len; i++) {
		const struct sim_dep *d = &s->deps[path[i]][path[i + 1]];

		snprintf(line, sizeof(line),
			 "-> %s then %s: %s, execution %llu, at %s then %s\n",
			 s->classes[path[i]]->name, s->classes[path[i + 1]]->name,
			 d->actor, (unsigned long long)d->execution,
			 d->from_site ? sim_site_where(d->from_site, w1, sizeof(w1)) :
			 "(start of thread)",
			 sim_site_where(d->to_site, w2, sizeof(w2)));
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	held_list(s, a, f);
	sim_fail(s);
}

void sim_lockdep_recursion(struct sim *s, struct sim_lock *lock,
			   const struct sim_site *site)
{
	struct sim_actor *a = sim_running(s);
	const struct sim_held *h;

	if (!a || lock->ops->noop || !lock->ops->exclusive)
		return;
	h = find_held(a, lock);
	if (h)
		recursive(s, a, lock, h, site);
}

void sim_lockdep_acquire(struct sim *s, struct sim_lock *lock,
			 const struct sim_site *site, bool trylock)
{
	struct sim_actor *a = sim_running(s);
	const struct sim_held *h;
	int want;

	/* A lock run as "noop" is not taken: it orders nothing. */
	if (!a || lock->ops->noop)
		return;
	/*
	 * An SRCU read side nests freely and waits for nobody, so taking it
	 * can close no deadlock whatever is held (lockdep's rule): it is
	 * neither checked against the documented order nor recorded as a
	 * dependency. What it does order is what is taken inside it, checked
	 * when those are taken (kvm->lock inside kvm->srcu is still a
	 * lock-order). Upstream's table save takes kvm->srcu for read under
	 * config_lock and cmd_lock (__is_visible_gfn_locked), and lockdep
	 * accepts it.
	 */
	if (lock->cls->type == SIM_LOCK_SRCU)
		return;
	/* A mutex sleeps, unless the scenario runs it as a spinning lock. */
	if (lock->cls->type == SIM_LOCK_MUTEX && lock->ops->may_sleep && !trylock)
		sim_might_sleep(s, "mutex_lock", site);
	h = find_held(a, lock);
	if (h && !trylock)
		recursive(s, a, lock, h, site);
	if (trylock)
		return;
	want = sim_lockdep_class(s, lock->cls);
	if (want < 0)
		return;
	for (int i = 0; i < a->nr_held; i++) {
		int have = sim_lockdep_class(s, a->held[i].cls);
		int rh, rw, path[SIM_MAX_CLASSES], len = 0;
		bool seen[SIM_MAX_CLASSES] = { false };
		struct sim_dep *d;

		if (have < 0 || have == want)
			continue;
		rh = s->class_rule[have];
		rw = s->class_rule[want];
		if (rh >= 0 && rw >= 0 && s->rule_before[rw][rh])
			documented(s, a, lock, &a->held[i], s->rule_why[rw][rh], site);
		d = &s->deps[have][want];
		if (d->seen)
			continue;
		/*
		 * Record the new edge even when it closes a cycle: the cycle
		 * is reported once, as lockdep does, and later executions go
		 * on to show whether it really deadlocks.
		 */
		d->seen = true;
		s->history_gen++;
		d->from_site = a->held[i].site;
		d->to_site = site;
		d->execution = s->executions;
		memcpy(d->actor, a->name, sizeof(d->actor));
		d->seen = false;
		if (reaches(s, want, have, path, &len, seen)) {
			d->seen = true;
			circular(s, a, lock, &a->held[i], path, len, site);
		}
		d->seen = true;
	}
}

void sim_lockdep_acquired(struct sim *s, struct sim_actor *a,
			  struct sim_lock *lock, const struct sim_site *site,
			  bool lifelong)
{
	if (!a || lock->ops->noop)
		return;
	assert(a->nr_held < SIM_MAX_HELD);
	a->held[a->nr_held] = (struct sim_held){ .lock = lock, .cls = lock->cls };
	/* An RCU-sched section begins (sim_holds_off_gp()). */
	if (sim_held_spins(&a->held[a->nr_held]) && !sim_holds_off_gp(a))
		a->gp_since = s->rcu_queued;
	a->held[a->nr_held++] = (struct sim_held){
		.lock = lock, .cls = lock->cls, .site = site, .step = s->step,
		.lifelong = lifelong,
	};
}

void sim_lockdep_release(struct sim *s, struct sim_lock *lock,
			 const struct sim_site *site)
{
	struct sim_actor *a = sim_running(s);
	struct sim_held *h;
	struct sim_finding *f;

	if (!a)
		return;
	h = find_held(a, lock);
	if (h) {
		int i = (int)(h - a->held);

		memmove(&a->held[i], &a->held[i + 1],
			(size_t)(a->nr_held - i - 1) * sizeof(a->held[0]));
		a->nr_held--;
		return;
	}
	f = sim_finding_begin(s, SIM_FINDING_BAD_UNLOCK, site);
	snprintf(f->title, sizeof(f->title),
		 "WARNING: bad unlock balance detected!");
	snprintf(f->object, sizeof(f->object), "%s", lock->cls->name);
	add_line(f, "%s is released at %s\n", lock->cls->name, site);
	strncat(f->detail, "but this thread does not hold it\n",
		sizeof(f->detail) - strlen(f->detail) - 1);
	held_list(s, a, f);
	sim_fail(s);
}

void sim_lockdep_actor_exit(struct sim *s, struct sim_actor *a)
{
	struct sim_finding *f;
	int taken = 0;

	for (int i = 0; i < a->nr_held; i++)
		taken += !a->held[i].lifelong;
	if (taken == 0 && a->rcu_depth == 0) {
		/* The thread leaves KVM_RUN: its lifelong locks go with it. */
		for (int i = 0; i < a->nr_held; i++)
			a->held[i].lock->ops->release(a->held[i].lock,
						      (int)(a - s->actors));
		a->nr_held = 0;
		return;
	}
	f = sim_finding_begin(s, SIM_FINDING_LOCK_HELD_AT_EXIT,
			      taken ? a->held[a->nr_held - 1].site : NULL);
	snprintf(f->title, sizeof(f->title),
		 "WARNING: lock held when returning to user space!");
	snprintf(f->object, sizeof(f->object), "%s",
		 taken ? a->held[a->nr_held - 1].cls->name : "rcu_read_lock");
	snprintf(f->detail, sizeof(f->detail), "%s is leaving the kernel with %s still held%s\n",
		 a->name, taken ? "locks" : "no lock",
		 a->rcu_depth ? ", inside an RCU read-side section" : "");
	held_list(s, a, f);
	sim_fail(s);
}

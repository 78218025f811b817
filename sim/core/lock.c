/* SPDX-License-Identifier: MIT */
/*
 * Lock implementations and the instrumented lock operations.
 *
 * mutex: exclusive, sleeping. spin: exclusive, not sleeping. noop: no
 * exclusion at all ("what if this lock were not taken"), but it still
 * records who holds it, so lockdep_assert_held() answers truthfully about
 * what the code did rather than always saying "held".
 */
#include "sim_internal.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool excl_can_acquire(const struct sim_lock *lock, int actor)
{
	(void)actor;
	return lock->holders == 0;
}

static void excl_acquire(struct sim_lock *lock, int actor)
{
	assert(lock->holders == 0);
	lock->holders = 1ull << actor;
}

static void any_release(struct sim_lock *lock, int actor)
{
	assert(lock->holders & (1ull << actor));
	lock->holders &= ~(1ull << actor);
}

static bool any_is_held(const struct sim_lock *lock, int actor)
{
	return lock->holders & (1ull << actor);
}

static bool noop_can_acquire(const struct sim_lock *lock, int actor)
{
	(void)lock;
	(void)actor;
	return true;
}

static void noop_acquire(struct sim_lock *lock, int actor)
{
	lock->holders |= 1ull << actor;
}

const struct sim_lock_ops sim_lock_mutex_ops = {
	.name = "mutex",
	.summary = "exclusive, sleeping: waiters block",
	.may_sleep = true,
	.exclusive = true,
	.can_acquire = excl_can_acquire,
	.acquire = excl_acquire,
	.release = any_release,
	.is_held = any_is_held,
};

const struct sim_lock_ops sim_lock_spin_ops = {
	.name = "spin",
	.summary = "exclusive, not sleeping",
	.may_sleep = false,
	.atomic = true,
	.exclusive = true,
	.can_acquire = excl_can_acquire,
	.acquire = excl_acquire,
	.release = any_release,
	.is_held = any_is_held,
};

const struct sim_lock_ops sim_lock_noop_ops = {
	.name = "noop",
	.summary = "no exclusion: what if this lock were not taken",
	.may_sleep = false,
	.noop = true,
	.can_acquire = noop_can_acquire,
	.acquire = noop_acquire,
	.release = any_release,
	.is_held = any_is_held,
};

static void shared_acquire(struct sim_lock *lock, int actor)
{
	lock->holders |= 1ull << actor;
}

const struct sim_lock_ops sim_lock_shared_ops = {
	.name = "shared",
	.summary = "a read side: any number of holders, never waits",
	.may_sleep = false,
	.can_acquire = noop_can_acquire,
	.acquire = shared_acquire,
	.release = any_release,
	.is_held = any_is_held,
};

/* The implementations a scenario may choose. Adding one is one line here. */
static const struct sim_lock_ops *const impls[] = {
	&sim_lock_mutex_ops, &sim_lock_spin_ops, &sim_lock_noop_ops, NULL,
};

const struct sim_lock_ops *sim_lock_impl_lookup(const char *name)
{
	for (size_t i = 0; impls[i]; i++)
		if (strcmp(impls[i]->name, name) == 0)
			return impls[i];
	return NULL;
}

const struct sim_lock_ops *const *sim_lock_impls(void)
{
	return impls;
}

void sim_lock_init(struct sim_lock *lock, struct sim_lock_class *cls,
		   const char *name, enum sim_lock_type type,
		   const struct sim_site *site)
{
	struct sim *s = sim_cur;

	if (!cls->name) {
		cls->name = name;
		cls->type = type;
		cls->init_site = site;
	}
	memset(lock, 0, sizeof(*lock));
	lock->cls = cls;
	lock->ops = type == SIM_LOCK_MUTEX ? &sim_lock_mutex_ops :
		    type == SIM_LOCK_SRCU ? &sim_lock_shared_ops :
					    &sim_lock_spin_ops;
	/* The scenario may run this class with another implementation. */
	for (int i = 0; s && i < s->cfg.nr_locks; i++)
		if (strcmp(s->cfg.locks[i].class_name, name) == 0)
			lock->ops = s->cfg.locks[i].ops;
}

/* The id the lock records as holder: the actor, or the setup pseudo-actor. */
static int holder_id(struct sim *s)
{
	return sim_running(s) ? s->current : SIM_SETUP_ACTOR;
}

/* Name the operation being judged before it is announced (sim_fail). */
static void attempt(struct sim *s, const struct sim_op *op)
{
	if (sim_running(s))
		s->attempt = op;
}

static void count_held(struct sim *s, const struct sim_lock *lock, int delta)
{
	struct sim_actor *a = sim_running(s);

	if (!a)
		return;
	a->locks_held += delta;
	if (sim_lock_is_shared(lock))
		a->shared_held += delta;
}

/*
 * A lock inside freed memory holds poison, not a class or an
 * implementation: announce the access without reading it, and let the
 * lifetime checker report the use after free.
 */
static _Noreturn void freed_lock(struct sim *s, struct sim_lock *lock,
		       enum sim_op_kind kind, const struct sim_site *site)
{
	struct sim_op op = { .kind = kind, .addr = lock, .site = site,
			     .what = kind == SIM_OP_UNLOCK ? "unlock" : "lock" };

	char where[SIM_WHERE_MAX];

	sim_visible(&op);
	/* Only a model bug outside any actor gets here. */
	fprintf(stderr, "itsim: %s takes a lock in freed memory\n",
		sim_site_where(site, where, sizeof(where)));
	(void)s;
	abort();
}

void sim_lock_acquire(struct sim_lock *lock, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_LOCK, .addr = lock, .site = site,
			     .lock = lock,
			     .what = "lock" };

	sim_check_pointer(lock, "lock", site);
	if (s && sim_obj_is_freed(s, lock))
		freed_lock(s, lock, SIM_OP_LOCK, site);
	op.cls = lock->cls;
	assert(lock->ops);
	/* Like lockdep, judge the attempt before waiting for the lock. */
	attempt(s, &op);
	sim_lockdep_acquire(s, lock, site, false);
	attempt(s, NULL);
	sim_visible(&op);
	/* sim_visible() only returns once the lock can be had. */
	assert(lock->ops->can_acquire(lock, holder_id(s)));
	lock->ops->acquire(lock, holder_id(s));
	lock->acquired_at = site;
	count_held(s, lock, 1);
	sim_lockdep_acquired(s, sim_running(s), lock, site, false);
	op.ok = true;
	sim_done(&op);
}

void sim_lock_check_inner(const struct sim_op *op)
{
	struct sim *s = sim_cur;

	if (!s || !sim_running(s) || !op->lock || sim_obj_is_freed(s, op->lock))
		return;
	attempt(s, op);
	sim_lockdep_recursion(s, op->lock, op->site);
	attempt(s, NULL);
}

bool sim_lock_try(struct sim_lock *lock, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_TRYLOCK, .addr = lock, .site = site,
			     .lock = lock,
			     .what = "trylock" };

	sim_check_pointer(lock, "trylock", site);
	if (s && sim_obj_is_freed(s, lock))
		freed_lock(s, lock, SIM_OP_TRYLOCK, site);
	op.cls = lock->cls;
	assert(lock->ops);
	attempt(s, &op);
	sim_lockdep_acquire(s, lock, site, true);
	attempt(s, NULL);
	sim_visible(&op);
	/* A trylock of a lock this actor holds fails, as a mutex's does. */
	op.ok = lock->ops->can_acquire(lock, holder_id(s)) &&
		!lock->ops->is_held(lock, holder_id(s));
	if (op.ok) {
		lock->ops->acquire(lock, holder_id(s));
		lock->acquired_at = site;
		count_held(s, lock, 1);
		sim_lockdep_acquired(s, sim_running(s), lock, site, false);
	}
	sim_done(&op);
	sim_cover("%s(%s) %s", sim_op_lock_verb(&op), lock->cls->name,
		  op.ok ? "succeeded" : "failed: held elsewhere");
	return op.ok;
}

void sim_lock_release(struct sim_lock *lock, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_UNLOCK, .addr = lock, .site = site,
			     .lock = lock,
			     .what = "unlock" };

	sim_check_pointer(lock, "unlock", site);
	if (s && sim_obj_is_freed(s, lock))
		freed_lock(s, lock, SIM_OP_UNLOCK, site);
	op.cls = lock->cls;
	assert(lock->ops);
	/* Releasing a lock this actor does not hold: bad-unlock. */
	if (!lock->ops->is_held(lock, holder_id(s))) {
		attempt(s, &op);
		sim_lockdep_release(s, lock, site);
	}
	sim_visible(&op);
	assert(lock->ops->is_held(lock, holder_id(s)));
	/*
	 * Read sides nest (srcu_read_lock inside srcu_read_lock, as upstream
	 * does on every command-queue write): only the outermost section's
	 * end lets go of the lock. The actor's held stack counts them.
	 */
	if (lock->cls->type != SIM_LOCK_SRCU ||
	    sim_lockdep_held_count(sim_running(s), lock) <= 1)
		lock->ops->release(lock, holder_id(s));
	count_held(s, lock, -1);
	if (!lock->ops->noop) {
		sim_lockdep_release(s, lock, site);
		/* The end of an RCU-sched region may end a grace period. */
		if (sim_running(s) && !sim_holds_off_gp(sim_running(s)))
			sim_rcu_reader_left(s, s->current);
	}
	sim_done(&op);
}

static struct sim_lock *(*static_locks[SIM_MAX_STATIC_LOCKS])(void);
static int nr_static_locks;

void sim_lock_static_register(struct sim_lock *(*get)(void))
{
	if (nr_static_locks == SIM_MAX_STATIC_LOCKS) {
		fprintf(stderr, "itsim: more than %d locks with static storage\n",
			SIM_MAX_STATIC_LOCKS);
		abort();
	}
	static_locks[nr_static_locks++] = get;
}

void sim_lock_static_reset(void)
{
	for (int i = 0; i < nr_static_locks; i++) {
		struct sim_lock *lock = static_locks[i]();

		lock->holders = 0;
		lock->acquired_at = NULL;
	}
}

void sim_lock_static_note(struct sim *s)
{
	for (int i = 0; i < nr_static_locks; i++)
		s->statics[i] = static_locks[i]();
	s->nr_statics = nr_static_locks;
}

void sim_might_sleep_here(const char *what, const struct sim_site *site)
{
	struct sim *s = sim_cur;

	if (s && sim_running(s))
		sim_might_sleep(s, what, site);
}

void sim_synchronize(struct sim_lock *lock, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_SYNC, .addr = lock, .site = site,
			     .lock = lock, .cls = lock ? lock->cls : NULL,
			     .what = lock ? "synchronize_srcu" : "synchronize_rcu" };

	attempt(s, &op);
	sim_might_sleep(s, op.what, site);
	/*
	 * Waiting for the readers of an srcu_struct from inside one's own
	 * read-side section of it never ends: lockdep reports it at once,
	 * and so does this, before the other actors run out.
	 */
	if (lock && sim_running(s) && lock->ops->is_held(lock, s->current)) {
		struct sim_finding *f = sim_finding_begin(s, SIM_FINDING_DEADLOCK,
							  site);
		char where[SIM_WHERE_MAX];

		snprintf(f->title, sizeof(f->title),
			 "WARNING: possible recursive locking detected: synchronize_srcu(%s) inside its own read-side section",
			 lock->cls->name);
		snprintf(f->object, sizeof(f->object), "%s", lock->cls->name);
		snprintf(f->detail, sizeof(f->detail),
			 "%s waits at %s for every reader of %s to leave, and is one itself: it would wait for ever\n",
			 s->actors[s->current].name,
			 sim_site_where(site, where, sizeof(where)), lock->cls->name);
		sim_fail(s);
	}
	attempt(s, NULL);
	/* Enabled once no reader is left (sim.c: op_enabled). */
	sim_visible(&op);
	sim_done(&op);
}

bool sim_lock_held_by_current(const struct sim_lock *lock)
{
	return lock->ops->is_held(lock, holder_id(sim_cur));
}

void sim_lock_assert_held(const struct sim_lock *lock, const char *expr,
			  const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_finding *f;
	char where[SIM_WHERE_MAX];

	if (!sim_running(s) || sim_lock_held_by_current(lock))
		return;
	f = sim_finding_begin(s, SIM_FINDING_ASSERT_HELD, site);
	snprintf(f->title, sizeof(f->title),
		 "WARNING: lockdep_assert_held(%s) failed in %s", expr,
		 site->func);
	snprintf(f->object, sizeof(f->object), "%s", lock->cls->name);
	snprintf(f->detail, sizeof(f->detail),
		 "%s requires %s; %s does not hold it\n",
		 sim_site_where(site, where, sizeof(where)), lock->cls->name,
		 s->actors[s->current].name);
	sim_fail(s);
}

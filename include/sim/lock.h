/* SPDX-License-Identifier: MIT */
/*
 * Instrumented locks. Every lock belongs to a class, made once per init
 * site (as lockdep does) and named after the expression that was
 * initialised, e.g. "&its->its_lock". The class says which kind of lock the
 * model asked for; the scenario says which implementation runs it.
 */
#ifndef SIM_LOCK_H
#define SIM_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include <sim/site.h>

enum sim_lock_type {
	SIM_LOCK_MUTEX,
	SIM_LOCK_SPINLOCK,
	SIM_LOCK_RAW_SPINLOCK,
	SIM_LOCK_SRCU,		/* an srcu_struct's read side: shared */
};

/* One per init site; static storage, zero-initialised. */
struct sim_lock_class {
	const char *name;	/* "&its->its_lock" */
	enum sim_lock_type type;
	const struct sim_site *init_site;
};

struct sim_lock_ops;
struct sim_op;

/* The state every lock shim embeds (as the kernel's dep_map). */
struct sim_lock {
	const struct sim_lock_class *cls;
	const struct sim_lock_ops *ops;
	uint64_t holders;	/* bit per actor id */
	const struct sim_site *acquired_at;
};

/*
 * A lock implementation. can_acquire() decides whether an actor waiting
 * for the lock is enabled, so a waiter never spins: it is simply not
 * scheduled until the lock can be had. The properties say what holding
 * it means; checkers and the dependency relation ask them, never which
 * implementation it is.
 */
struct sim_lock_ops {
	const char *name;	/* "mutex", "spin", "noop" */
	const char *summary;	/* one line, for sim list */
	bool may_sleep;		/* waiting for it sleeps (mutex) */
	bool atomic;		/* holding it is atomic context (spin) */
	bool exclusive;		/* one holder at a time (mutex, spin) */
	/*
	 * Not taken at all (noop): it excludes nothing and orders nothing,
	 * so lockdep neither records it as held nor checks its order.
	 */
	bool noop;
	bool (*can_acquire)(const struct sim_lock *lock, int actor);
	void (*acquire)(struct sim_lock *lock, int actor);
	void (*release)(struct sim_lock *lock, int actor);
	bool (*is_held)(const struct sim_lock *lock, int actor);
};

extern const struct sim_lock_ops sim_lock_mutex_ops;
extern const struct sim_lock_ops sim_lock_spin_ops;
extern const struct sim_lock_ops sim_lock_noop_ops;
/* Read sides (SRCU): never blocks, any number of holders. */
extern const struct sim_lock_ops sim_lock_shared_ops;

/* Implementations by name; NULL when unknown. */
const struct sim_lock_ops *sim_lock_impl_lookup(const char *name);
/* NULL-terminated list of the implementations a scenario may choose. */
const struct sim_lock_ops *const *sim_lock_impls(void);

/* Initialise @lock in @cls (filled on first use). */
void sim_lock_init(struct sim_lock *lock, struct sim_lock_class *cls,
		   const char *name, enum sim_lock_type type,
		   const struct sim_site *site);

void sim_lock_acquire(struct sim_lock *lock, const struct sim_site *site);
bool sim_lock_try(struct sim_lock *lock, const struct sim_site *site);
void sim_lock_release(struct sim_lock *lock, const struct sim_site *site);
bool sim_lock_held_by_current(const struct sim_lock *lock);
/*
 * @op takes @op->lock and drops it within itself (an xarray call and its
 * xa_lock): judge the acquisition as lockdep would, before the operation
 * waits for the lock. An actor that already holds it would wait for
 * itself: a recursive-lock finding, not a silent deadlock.
 */
void sim_lock_check_inner(const struct sim_op *op);

/*
 * synchronize_srcu()/synchronize_rcu(): sleep until no actor holds the
 * read side @lock (NULL: the RCU read side).
 */
void sim_synchronize(struct sim_lock *lock, const struct sim_site *site);

/*
 * might_sleep(): the context checker's judgement of a sleep at @site (a
 * finding in atomic context, an RCU read-side section or under a
 * spinlock), without a visible operation; nothing outside an actor.
 */
void sim_might_sleep_here(const char *what, const struct sim_site *site);

/*
 * Locks with static storage (DEFINE_MUTEX(), DEFINE_SPINLOCK(), ...): each
 * worker thread has its own copy (_Thread_local), classed by name at
 * compile time, and the engine puts every registered one back to unlocked
 * before each execution, as setup does for the locks it makes. @get
 * returns the calling thread's lock. Registered from a constructor, before
 * any worker runs; at most SIM_MAX_STATIC_LOCKS.
 */
#define SIM_MAX_STATIC_LOCKS 256
void sim_lock_static_register(struct sim_lock *(*get)(void));
void sim_lock_static_reset(void);

#define __SIM_STATIC_LOCK(_type, _name, _ltype, _ops)                        \
	_Thread_local _type _name = { .dep_map = {                           \
		.cls = &(struct sim_lock_class){ .name = #_name,             \
						 .type = _ltype },           \
		.ops = &_ops } };                                            \
	static struct sim_lock *__sim_static_lock_##_name(void)              \
	{                                                                    \
		return &_name.dep_map;                                       \
	}                                                                    \
	__attribute__((constructor)) static void                            \
	__sim_static_register_##_name(void)                                  \
	{                                                                    \
		sim_lock_static_register(__sim_static_lock_##_name);         \
	}                                                                    \
	extern int __sim_static_lock_end_##_name

/*
 * The documented lock hierarchy: @outer must be taken before @inner, never
 * while holding it. Class names as initialised ("&kvm->lock").
 */
struct sim_lock_rule {
	const char *outer;
	const char *inner;
	const char *why;	/* where the rule is documented */
};

/* lockdep_assert_held(): an assert-held finding when not held. */
void sim_lock_assert_held(const struct sim_lock *lock, const char *expr,
			  const struct sim_site *site);

#endif /* SIM_LOCK_H */

/* SPDX-License-Identifier: MIT */
/*
 * Visible operations: the only points where an actor can be preempted.
 *
 * A shim announces the operation it is about to perform (sim_visible), the
 * scheduler decides when the actor may go on, the shim performs it and then
 * reports what it did (sim_done), which feeds the event log and checkers.
 */
#ifndef SIM_OP_H
#define SIM_OP_H

#include <stdbool.h>
#include <stdint.h>

#include <sim/site.h>

struct sim_lock;

/*
 * X(name, label, format): one entry per kind of visible operation. format
 * names how reports and pictures show it (sim/core/report.c: fmt_<format>),
 * so a new kind is added here and nowhere else unless it needs a new shape.
 */
#define SIM_OP_KINDS(X)                                                      \
	X(START, "start", plain)                                             \
	X(LOCK, "lock", lock)                                                \
	X(TRYLOCK, "trylock", lock)                                          \
	X(UNLOCK, "unlock", lock)                                            \
	X(RCU_LOCK, "rcu_read_lock", rcu)                                    \
	X(RCU_UNLOCK, "rcu_read_unlock", rcu)                                \
	X(XA_LOAD, "xa_load", xarray)                                        \
	X(XA_FIND, "xa_find", xarray)                                        \
	X(XA_STORE, "xa_store", xarray)                                      \
	X(XA_ERASE, "xa_erase", xarray)                                      \
	X(XA_RESERVE, "xa_reserve", xarray)                                  \
	X(REF_READ, "refcount_read", refcount)                               \
	X(REF_INC, "refcount_inc", refcount)                                 \
	X(REF_INC_NOT_ZERO, "refcount_inc_not_zero", refcount)               \
	X(REF_DEC, "refcount_dec", refcount)                                 \
	X(READ, "read", access)                                              \
	X(WRITE, "write", access)                                            \
	X(RMW, "rmw", access)                                                \
	X(ALLOC, "alloc", object)                                            \
	X(FREE, "kfree", object)                                             \
	X(FREE_RCU, "kfree_rcu", object)                                     \
	X(SYNC, "synchronize", sync)                                         \
	X(RCU_CALLBACK, "rcu callback", callback)                            \
	X(WAIT_OTHERS, "wait for other actors", plain)

enum sim_op_kind {
#define SIM_OP_ENUM(name, label, format) SIM_OP_##name,
	SIM_OP_KINDS(SIM_OP_ENUM)
#undef SIM_OP_ENUM
	SIM_OP__COUNT
};

/*
 * One visible operation. The shim fills kind, addr, site (and lock or
 * index where they apply) before sim_visible(); after performing it, it
 * fills the result fields and calls sim_done().
 */
/*
 * What an xarray operation would see and change if it ran in the current
 * state (struct sim_op's peek), for the dependency relation: the last
 * index it would read (a find stops at the first entry it meets), and
 * whether it would leave the array as it is (an erase of an absent index).
 */
struct sim_op_peek {
	uint64_t last;
	bool changes_nothing;
};

struct sim_op {
	enum sim_op_kind kind;
	const void *addr;	/* the shared location touched */
	const struct sim_site *site;
	const char *what;	/* the operation as written, e.g. "xa_erase" */
	struct sim_lock *lock;	/* LOCK, TRYLOCK, UNLOCK; xarray writes */
	/*
	 * The lock's class (xarray ops: the class of its xa_lock), copied at
	 * announcement: reports read it after the lock's object may be gone.
	 */
	const struct sim_lock_class *cls;
	uint64_t index;		/* xarray index */
	/*
	 * xarray: the operation's effect may depend on other indexes too
	 * (xa_destroy()), so it conflicts with every index.
	 */
	bool whole;
	uint64_t last;		/* xa_find: the last index it may look at */
	/* Optional: see struct sim_op_peek; called on a live xarray only. */
	void (*peek)(const struct sim_op *op, struct sim_op_peek *p);
	const void *value;	/* xarray entry returned or stored */
	int64_t before;		/* value before (counts, atomics) */
	int64_t after;		/* value after */
	bool ok;		/* trylock / inc_not_zero / cmpxchg success */
	/*
	 * READ, WRITE: READ_ONCE()/WRITE_ONCE(), which order nothing (KCSAN's
	 * happens-before); atomic_t operations leave it false.
	 */
	bool relaxed;
	/* ALLOC, xarray stores: fault injection failed the allocation. */
	bool injected;
};

const char *sim_op_kind_name(enum sim_op_kind kind);

/*
 * Announce @op and yield to the scheduler. Returns when the scheduler has
 * chosen this actor and the operation is enabled; by then the lifetime
 * checks on op->addr have passed. Outside an actor (while the initial state
 * is built) it returns at once.
 */
void sim_visible(struct sim_op *op);

/* Report that @op was performed; feeds the event log and the checkers. */
void sim_done(struct sim_op *op);

/*
 * The running actor is about to @what through @p (a lock, a refcount, an
 * xarray, an object to free). An address in the NULL page, or in the top
 * page where ERR_PTR() values and the xarray's error entries lie, is the
 * kernel's oops: a bad-pointer finding, and this never returns. Outside
 * an actor, or for any other address, it returns.
 */
void sim_check_pointer(const void *p, const char *what,
		       const struct sim_site *site);

/* True while an actor of a running execution is the caller. */
bool sim_in_actor(void);

/*
 * @count, just initialised (refcount_set(), kref_init()), is the
 * reference count of the arena object it lies in: the end-of-execution
 * leak check judges that object by it.
 */
void sim_obj_note_refcount(const void *count);

#endif /* SIM_OP_H */

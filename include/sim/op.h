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

/* X(name, label): one entry per kind of visible operation. */
#define SIM_OP_KINDS(X)                                                      \
	X(START, "start")                                                    \
	X(LOCK, "lock")                                                      \
	X(TRYLOCK, "trylock")                                                \
	X(UNLOCK, "unlock")                                                  \
	X(RCU_LOCK, "rcu_read_lock")                                         \
	X(RCU_UNLOCK, "rcu_read_unlock")                                     \
	X(XA_LOAD, "xa_load")                                                \
	X(XA_FIND, "xa_find")                                                \
	X(XA_STORE, "xa_store")                                              \
	X(XA_ERASE, "xa_erase")                                              \
	X(XA_RESERVE, "xa_reserve")                                          \
	X(REF_READ, "refcount_read")                                         \
	X(REF_INC, "refcount_inc")                                           \
	X(REF_INC_NOT_ZERO, "refcount_inc_not_zero")                         \
	X(REF_DEC, "refcount_dec")                                           \
	X(READ, "read")                                                      \
	X(WRITE, "write")                                                    \
	X(RMW, "rmw")                                                        \
	X(ALLOC, "alloc")                                                    \
	X(FREE, "kfree")                                                     \
	X(FREE_RCU, "kfree_rcu")                                             \
	X(SYNC, "synchronize")                                               \
	X(RCU_CALLBACK, "rcu callback")                                      \
	X(WAIT_OTHERS, "wait for other actors")

enum sim_op_kind {
#define SIM_OP_ENUM(name, label) SIM_OP_##name,
	SIM_OP_KINDS(SIM_OP_ENUM)
#undef SIM_OP_ENUM
	SIM_OP__COUNT
};

/*
 * One visible operation. The shim fills kind, addr, site (and lock or
 * index where they apply) before sim_visible(); after performing it, it
 * fills the result fields and calls sim_done().
 */
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
	const void *value;	/* xarray entry returned or stored */
	int64_t before;		/* value before (counts, atomics) */
	int64_t after;		/* value after */
	bool ok;		/* trylock / inc_not_zero / cmpxchg success */
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

/* True while an actor of a running execution is the caller. */
bool sim_in_actor(void);

#endif /* SIM_OP_H */

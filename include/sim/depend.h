/* SPDX-License-Identifier: MIT */
/*
 * The dependency relation of partial-order reduction, on events.
 *
 * An event is one step of an actor: its announced operation plus what the
 * relation needs of the state at the moment it was chosen (whether the
 * actor was inside a critical section, which arena object the address
 * falls in, whether that object was waiting for an RCU grace period).
 * Capturing that state in the event makes the relation a function of two
 * events, so it can be asked about steps of an execution that has ended
 * (dpor) as well as about the pending operations of a state (sleep sets):
 * sim_ops_independent() is this relation on two pending events.
 */
#ifndef SIM_DEPEND_H
#define SIM_DEPEND_H

#include <stdbool.h>
#include <stdint.h>

#include <sim/engine.h>

enum {
	SIM_DEP_IN_CS = 1 << 0,		/* actor holds a lock, or takes one now */
	SIM_DEP_RCU_PENDING = 1 << 1,	/* addr's object awaits a grace period */
	SIM_DEP_FORCED = 1 << 2,	/* rcu callback run because all others ended */
	SIM_DEP_EXCLUSIVE = 1 << 3,	/* the lock admits one holder */
	SIM_DEP_LAST_READER = 1 << 4,	/* rcu_read_unlock of the outermost section */
	/*
	 * The step whose finding stopped the execution while others had
	 * not finished: whatever they would have done first is a different
	 * execution, so it is dependent with every step of another actor.
	 */
	SIM_DEP_ENDS = 1 << 5,
	/*
	 * A spinning lock's acquisition that starts an RCU-sched region
	 * (the actor held off no grace period before), or its release that
	 * ends the last one (then with SIM_DEP_LAST_READER): for grace
	 * periods these are rcu_read_lock() and rcu_read_unlock().
	 */
	SIM_DEP_GP_EDGE = 1 << 6,
	/* A lock operation on a read side (sim_lock_is_shared()). */
	SIM_DEP_SHARED = 1 << 7,
	/*
	 * An xarray write that would leave the array as it is in the state
	 * the event was taken in (an erase of an absent index): a read.
	 */
	SIM_DEP_NOOP = 1 << 8,
	/*
	 * The step has run, and holders says exactly whose holders it
	 * changed (sim_step_holders_changed()). Without it, a step inside a
	 * critical section or writing an xarray may have changed anyone's.
	 */
	SIM_DEP_HOLDERS_KNOWN = 1 << 9,
	/*
	 * The step changed holders while its actor held no lock (and not as
	 * an xarray write, which takes xa_lock): a lock discipline broken,
	 * so it is ordered against every step of every other actor.
	 */
	SIM_DEP_UNPROTECTED = 1 << 10,
	/*
	 * A put of an object whose holders no step recorded (neither counted
	 * when the execution began nor given its refcount by refcount_set()
	 * since): what steps did to them is not known.
	 */
	SIM_DEP_UNTRACKED = 1 << 11,
};

struct sim_dep_event {
	uint8_t kind;		/* enum sim_op_kind */
	uint16_t flags;		/* SIM_DEP_* */
	int16_t actor;
	int32_t obj;		/* arena object id of addr, or -1 */
	/*
	 * The lock the actor holds for its whole life (a vCPU thread's
	 * vcpu->mutex), or NULL. Its release when the thread ends is no
	 * operation of its own: any step of the actor may be its last.
	 */
	const void *lifelong;
	/*
	 * Grace periods, by the callback queue's numbers (the execution's
	 * kfree_rcu() calls, from 1). An RCU callback: its object's number
	 * (seq). The step that ends a section holding off grace periods
	 * (SIM_DEP_LAST_READER): the objects it held up, those queued while
	 * the section lasted, gp_lo < seq <= gp_hi.
	 */
	uint32_t seq, gp_lo, gp_hi;
	/*
	 * An xarray operation's first index, and its last (all: UINT64_MAX):
	 * index_hi as it would read them in the event's state (a find stops
	 * at the entry it meets), index_last as announced, whatever the state.
	 */
	uint64_t index, index_hi, index_last;
	/* SIM_DEP_HOLDERS_KNOWN: bit (id % 63) of each object whose holders
	 * the step changed. */
	uint64_t holders;
	const void *addr;
	const void *lock;	/* the lock taken, waited for or released */
};

/* The event @actor (runnable) performs when chosen now. */
void sim_dep_event_of(struct sim *s, int actor, struct sim_dep_event *ev);
/*
 * @ev, seen in the instance @from was taken of (sim_place_of()), as @to
 * sees it: another instance of the same program at the same point of the
 * same schedule (a task of a shared search, <explore/share.h>). Addresses
 * in @from's arena and scratch memory, where the program's objects are
 * carved in the same order, and of its thread's locks with static
 * storage are moved to @to's; others (static data) stay. Whether that holds for a
 * pending step: sim_dep_event_same_place().
 */
struct sim_place;
void sim_dep_event_translate(const struct sim_place *from, const struct sim *to,
			     struct sim_dep_event *ev);
/* Whether @a and @b name the same objects and locks. */
bool sim_dep_event_same_place(const struct sim_dep_event *a,
			      const struct sim_dep_event *b);

/*
 * @ev, step @step of the last execution, has run: it learns whose holders
 * the step changed, when the engine recorded it (sim_step_holders_changed():
 * SIM_DEP_HOLDERS_KNOWN, SIM_DEP_UNPROTECTED). Return: whether it did.
 */
bool sim_dep_event_ran(const struct sim *s, size_t step,
		       struct sim_dep_event *ev);

/*
 * Forget what @ev knows of its state: the event as the same operation
 * could behave in another state (a find that reads to its last index, an
 * erase that removes, a step that changes anyone's holders). dpor gives
 * this to a step it moves before the one it raced with, whose state then
 * differs.
 */
void sim_dep_coarsen(struct sim_dep_event *ev);

/*
 * Whether two events of different actors are dependent: swapping them may
 * change the state or a checker's verdict. Symmetric and conservative.
 */
bool sim_dep_dependent(const struct sim_dep_event *a,
		       const struct sim_dep_event *b);

/*
 * Whether @b, performed after @a, may have been enabled by it: then @b
 * could not have run in @a's place, and the pair is not a race to reverse
 * (an unlock and the lock it lets through; everything before a wait for
 * the other actors). Only meaningful for dependent pairs. When @b waited
 * for a lock or a grace period, the race to reverse is between the
 * acquisition @a released and @b: @b before the lock was taken.
 */
bool sim_dep_may_enable(const struct sim_dep_event *a,
			const struct sim_dep_event *b);

/*
 * Whether @acq, an earlier step of the same actor, may be the acquisition
 * that @rel releases: the lock of an unlock, an rcu_read_lock for an
 * rcu_read_unlock (the caller matches nesting).
 */
bool sim_dep_acquires_for(const struct sim_dep_event *acq,
			  const struct sim_dep_event *rel);

#endif /* SIM_DEPEND_H */

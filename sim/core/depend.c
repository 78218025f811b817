/* SPDX-License-Identifier: MIT */
/*
 * Independence of two pending operations, for partial-order reduction.
 *
 * Two operations are independent when running them in either order from
 * the current state gives the same state and the same verdicts of every
 * checker. The relation is conservative: when unsure, dependent. An
 * unsound "independent" would lose bugs, so every rule says why it holds.
 *
 * A step is the announced operation plus the invisible code after it, up
 * to the next announcement. Invisible code touches the actor's own data or
 * data protected by a lock it holds, so it conflicts with nothing that is
 * not already ordered by that lock, with one exception: the refcount
 * checker reads lock-protected lists (ITEs, ap_lists) when it judges a
 * decrement. A decrement is therefore dependent with any step of an actor
 * inside a critical section.
 */
#include "sim_internal.h"

#include <assert.h>

static bool is_lock_op(enum sim_op_kind k)
{
	return k == SIM_OP_LOCK || k == SIM_OP_TRYLOCK || k == SIM_OP_UNLOCK;
}

static bool is_xa_op(enum sim_op_kind k)
{
	return k == SIM_OP_XA_LOAD || k == SIM_OP_XA_FIND ||
	       k == SIM_OP_XA_STORE || k == SIM_OP_XA_ERASE ||
	       k == SIM_OP_XA_RESERVE;
}

static bool xa_writes(enum sim_op_kind k)
{
	return k == SIM_OP_XA_STORE || k == SIM_OP_XA_ERASE ||
	       k == SIM_OP_XA_RESERVE;
}

static bool is_mem_op(enum sim_op_kind k)
{
	return k == SIM_OP_READ || k == SIM_OP_WRITE || k == SIM_OP_RMW ||
	       k == SIM_OP_REF_READ || k == SIM_OP_REF_INC ||
	       k == SIM_OP_REF_INC_NOT_ZERO || k == SIM_OP_REF_DEC;
}

static bool mem_writes(enum sim_op_kind k)
{
	return k != SIM_OP_READ && k != SIM_OP_REF_READ;
}

static bool is_free(enum sim_op_kind k)
{
	return k == SIM_OP_FREE || k == SIM_OP_FREE_RCU;
}

/* The lock an operation takes or waits for, if any. */
static const struct sim_lock *lock_of(const struct sim_op *op)
{
	if (is_lock_op(op->kind))
		return op->lock;
	if (xa_writes(op->kind))
		return op->lock;	/* xa_store() and friends take xa_lock */
	if (op->kind == SIM_OP_SYNC)
		return op->lock;	/* synchronize_srcu() waits for its readers */
	return NULL;
}

/* Rules for an ordered pair; the caller tries both orders. */
static bool dependent_one_way(struct sim *s, const struct sim_op *a, int actor_a,
			      const struct sim_op *b, int actor_b)
{
	struct sim_obj *oa, *ob;

	/* Waiting for the others depends on everything they do. */
	if (a->kind == SIM_OP_WAIT_OTHERS)
		return true;
	/* The same lock: order decides who waits. */
	if (lock_of(a) && lock_of(a) == lock_of(b))
		return true;
	if (lock_of(a) && is_lock_op(b->kind) && b->lock == lock_of(a))
		return true;
	/* The same xarray, unless both only look. */
	if (is_xa_op(a->kind) && is_xa_op(b->kind) && a->addr == b->addr &&
	    (xa_writes(a->kind) || xa_writes(b->kind)))
		return true;
	/* The same location, unless both only read. */
	if (is_mem_op(a->kind) && is_mem_op(b->kind) && a->addr == b->addr &&
	    (mem_writes(a->kind) || mem_writes(b->kind)))
		return true;
	/* The refcount checker reads what critical sections change. */
	if (a->kind == SIM_OP_REF_DEC &&
	    (sim_actor_in_critical_section(s, actor_b) || xa_writes(b->kind)))
		return true;
	(void)actor_a;
	/* A free against any access to the object it frees. */
	if (is_free(a->kind) && b->addr) {
		oa = sim_obj_find(s, a->addr);
		ob = sim_obj_find(s, b->addr);
		if (oa && oa == ob)
			return true;
	}
	/* synchronize_rcu() waits for every RCU reader. */
	if (a->kind == SIM_OP_SYNC && !a->lock &&
	    (b->kind == SIM_OP_RCU_LOCK || b->kind == SIM_OP_RCU_UNLOCK))
		return true;
	/* Grace periods: who is inside a read-side section when it starts. */
	if (a->kind == SIM_OP_FREE_RCU &&
	    (b->kind == SIM_OP_RCU_LOCK || b->kind == SIM_OP_RCU_UNLOCK))
		return true;
	/*
	 * An RCU callback frees whichever object is due: dependent with
	 * anything touching an object waiting for its grace period, and with
	 * what starts or ends one.
	 */
	if (a->kind == SIM_OP_RCU_CALLBACK) {
		if (b->kind == SIM_OP_RCU_UNLOCK || b->kind == SIM_OP_FREE_RCU)
			return true;
		ob = b->addr ? sim_obj_find(s, b->addr) : NULL;
		if (ob && ob->state == SIM_OBJ_RCU_PENDING)
			return true;
	}
	/* Leaving a read-side section may end a grace period. */
	if (a->kind == SIM_OP_RCU_UNLOCK && b->addr) {
		ob = sim_obj_find(s, b->addr);
		if (ob && ob->state == SIM_OBJ_RCU_PENDING)
			return true;
	}
	return false;
}

bool sim_ops_independent(struct sim *s, int actor_a, int actor_b)
{
	const struct sim_op *a = sim_pending_op(s, actor_a);
	const struct sim_op *b = sim_pending_op(s, actor_b);

	assert(actor_a != actor_b);
	/* Starting an actor or carving fresh memory commutes with anything. */
	if (a->kind == SIM_OP_START || b->kind == SIM_OP_START ||
	    a->kind == SIM_OP_ALLOC || b->kind == SIM_OP_ALLOC)
		return true;
	return !dependent_one_way(s, a, actor_a, b, actor_b) &&
	       !dependent_one_way(s, b, actor_b, a, actor_a);
}

/* SPDX-License-Identifier: MIT */
/*
 * Independence of two events, for partial-order reduction (<sim/depend.h>).
 *
 * Two events are independent when running them in either order from the
 * same state gives the same state and the same verdicts of every checker.
 * The relation is conservative: when unsure, dependent. An unsound
 * "independent" would lose bugs, so every rule says why it holds.
 *
 * A step is the announced operation plus the invisible code after it, up
 * to the next announcement. Invisible code touches the actor's own data or
 * data protected by a lock it holds, so it conflicts with nothing that is
 * not already ordered by that lock, with one exception: the refcount
 * checker reads lock-protected lists (ITEs, ap_lists) when it judges a
 * decrement. A decrement is therefore dependent with any step that
 * changes its object's holders: before a step has run, any step of an
 * actor inside a critical section (the step that enters one included) or
 * writing an xarray; once it has run, the steps that did change them
 * (SIM_DEP_HOLDERS_KNOWN, sim/core/step_effects.c).
 *
 * Events are taken in a state, and some say what the operation would do
 * there (struct sim_op_peek): the indexes a find reads up to the entry it
 * meets, an erase that finds nothing to erase. That is exact for as long
 * as the event's actor has not moved and no step dependent with the
 * event has run, which is all a sleep set or a race asks of it; a step
 * moved before the one it raced with is asked about as it may behave
 * anywhere (sim_dep_coarsen()). RCU
 * readers also walk lists in invisible code; their writers
 * (list_add_rcu() and friends) may only run while no other thread does,
 * which sim_publish_check() enforces.
 */
#include "sim_internal.h"

#include <sim/depend.h>

#include <assert.h>

static bool is_lock_op(int k)
{
	return k == SIM_OP_LOCK || k == SIM_OP_TRYLOCK || k == SIM_OP_UNLOCK;
}

static bool is_xa_op(int k)
{
	return k == SIM_OP_XA_LOAD || k == SIM_OP_XA_FIND ||
	       k == SIM_OP_XA_STORE || k == SIM_OP_XA_ERASE ||
	       k == SIM_OP_XA_RESERVE;
}

static bool xa_writes(int k)
{
	return k == SIM_OP_XA_STORE || k == SIM_OP_XA_ERASE ||
	       k == SIM_OP_XA_RESERVE;
}

/* An xarray write that changes the array in the event's state. */
static bool writes_xa(const struct sim_dep_event *e)
{
	return xa_writes(e->kind) && !(e->flags & SIM_DEP_NOOP);
}

/*
 * Whether step @b may change the holders of arena object @obj (-1: a
 * refcount outside the arena, anyone's), which a put of it reads.
 */
static bool changes_holders(const struct sim_dep_event *b,
			    const struct sim_dep_event *put)
{
	int32_t obj = put->obj;

	if ((b->flags & SIM_DEP_HOLDERS_KNOWN) &&
	    !(put->flags & SIM_DEP_UNTRACKED))
		return obj < 0 ? b->holders != 0 : (b->holders >> (obj % 63)) & 1;
	return (b->flags & SIM_DEP_IN_CS) || writes_xa(b);
}

static bool is_mem_op(int k)
{
	return k == SIM_OP_READ || k == SIM_OP_WRITE || k == SIM_OP_RMW ||
	       k == SIM_OP_REF_READ || k == SIM_OP_REF_INC ||
	       k == SIM_OP_REF_INC_NOT_ZERO || k == SIM_OP_REF_DEC;
}

static bool mem_writes(int k)
{
	return k != SIM_OP_READ && k != SIM_OP_REF_READ;
}

static bool is_free(int k)
{
	return k == SIM_OP_FREE || k == SIM_OP_FREE_RCU;
}

/* The lock an operation takes, waits for or releases, if any. */
static struct sim_lock *lock_of(const struct sim_op *op)
{
	if (is_lock_op(op->kind))
		return op->lock;
	if (xa_writes(op->kind))
		return op->lock;	/* xa_store() and friends take xa_lock */
	if (op->kind == SIM_OP_SYNC)
		return op->lock;	/* synchronize_srcu() waits for its readers */
	return NULL;
}

/* How many spinning locks @a holds. */
static int spinning_held(const struct sim_actor *a)
{
	int n = 0;

	for (int i = 0; i < a->nr_held; i++)
		n += sim_held_spins(&a->held[i]);
	return n;
}

/*
 * The step ends @a's section holding off grace periods: it lets go of the
 * objects queued while that section lasted (no other one waits for it).
 */
static void last_reader(const struct sim *s, const struct sim_actor *a,
			struct sim_dep_event *ev)
{
	ev->flags |= SIM_DEP_LAST_READER;
	ev->gp_lo = (uint32_t)a->gp_since;
	ev->gp_hi = (uint32_t)s->rcu_queued;
}

/* Whether the grace period of callback @cb's object waited for @leave. */
static bool held_up(const struct sim_dep_event *leave,
		    const struct sim_dep_event *cb)
{
	return (leave->flags & SIM_DEP_LAST_READER) && cb->seq > leave->gp_lo &&
	       cb->seq <= leave->gp_hi;
}

/*
 * RCU-sched (sim_holds_off_gp()): taking a spinning lock with no grace
 * period held off yet starts a region, and releasing the last spinning
 * lock outside any rcu_read_lock() section ends it.
 */
static void gp_edge(const struct sim *s, const struct sim_actor *a,
		    const struct sim_op *op, struct sim_lock *lock,
		    struct sim_dep_event *ev)
{
	struct sim_held h = { .lock = lock, .cls = lock->cls };

	if (!is_lock_op(op->kind) || lock->ops->noop || !sim_held_spins(&h))
		return;
	if (op->kind != SIM_OP_UNLOCK && !sim_holds_off_gp(a))
		ev->flags |= SIM_DEP_GP_EDGE;
	if (op->kind == SIM_OP_UNLOCK && a->rcu_depth == 0 &&
	    spinning_held(a) == 1) {
		ev->flags |= SIM_DEP_GP_EDGE;
		last_reader(s, a, ev);
	}
}

void sim_dep_event_of(struct sim *s, int actor, struct sim_dep_event *ev)
{
	const struct sim_actor *a = &s->actors[actor];
	const struct sim_op *op = sim_pending_op(s, actor);
	struct sim_lock *lock = lock_of(op);
	const void *where = op->addr ? op->addr : (const void *)lock;
	struct sim_obj *o;

	ev->kind = (uint8_t)op->kind;
	ev->flags = 0;
	ev->actor = (int16_t)actor;
	ev->obj = -1;
	ev->addr = op->addr;
	ev->lock = lock;
	ev->lifelong = a->lifelong;
	ev->seq = ev->gp_lo = ev->gp_hi = 0;
	ev->index = ev->index_hi = ev->index_last = 0;
	ev->holders = 0;
	if (!a->started)
		return;		/* START: nothing shared yet */
	if (is_xa_op(op->kind)) {
		/* See op->whole and op->last. */
		ev->index = op->whole ? 0 : op->index;
		ev->index_last = op->whole ? UINT64_MAX : op->last;
		ev->index_hi = ev->index_last;
		o = sim_obj_find(s, op->addr);
		if (op->peek && !op->whole &&
		    !(o && o->state == SIM_OBJ_FREED)) {
			struct sim_op_peek p;

			op->peek(op, &p);
			ev->index_hi = p.last;
			if (p.changes_nothing && xa_writes(op->kind))
				ev->flags |= SIM_DEP_NOOP;
		}
	}
	/*
	 * Inside an exclusive critical section (or taking one), where
	 * invisible code may change what the lock protects. A read side is
	 * none: nothing may be written under it alone.
	 */
	if (a->locks_held - a->shared_held > 0 ||
	    ((op->kind == SIM_OP_LOCK || op->kind == SIM_OP_TRYLOCK) &&
	     !(lock && !sim_obj_is_freed(s, lock) &&
	       sim_lock_is_shared(lock))))
		ev->flags |= SIM_DEP_IN_CS;
	if (op->kind == SIM_OP_RCU_UNLOCK && a->rcu_depth == 1 &&
	    !spinning_held(a))
		last_reader(s, a, ev);
	if (op->kind == SIM_OP_RCU_CALLBACK) {
		/* It frees whichever object is due now; none: the end. */
		o = sim_rcu_ready(s);
		if (!o) {
			ev->flags |= SIM_DEP_FORCED;
			return;
		}
		ev->obj = (int32_t)o->id;
		ev->addr = sim_obj_base(s, o);
		ev->flags |= SIM_DEP_RCU_PENDING;
		ev->seq = (uint32_t)o->rcu_seq;
		return;
	}
	o = where ? sim_obj_find(s, where) : NULL;
	if (op->kind == SIM_OP_REF_DEC && (!o || !o->holders_tracked))
		ev->flags |= SIM_DEP_UNTRACKED;
	if (o) {
		ev->obj = (int32_t)o->id;
		if (o->state == SIM_OBJ_RCU_PENDING)
			ev->flags |= SIM_DEP_RCU_PENDING;
	}
	/* A lock in freed memory is poison: never read its state. */
	if (!lock || (o && o->state == SIM_OBJ_FREED))
		return;
	if (lock->ops->exclusive)
		ev->flags |= SIM_DEP_EXCLUSIVE;
	if (is_lock_op(op->kind) && sim_lock_is_shared(lock))
		ev->flags |= SIM_DEP_SHARED;
	gp_edge(s, a, op, lock, ev);
}

/* A step that enters or leaves a section that holds off grace periods. */
static bool rcu_reader_ev(const struct sim_dep_event *e)
{
	return e->kind == SIM_OP_RCU_LOCK || e->kind == SIM_OP_RCU_UNLOCK ||
	       (e->flags & SIM_DEP_GP_EDGE);
}

/* A step that leaves one: rcu_read_unlock(), or a spinning lock's release. */
static bool leaves_reader(const struct sim_dep_event *e)
{
	return e->kind == SIM_OP_RCU_UNLOCK ||
	       (e->kind == SIM_OP_UNLOCK && (e->flags & SIM_DEP_GP_EDGE));
}

/* Rules for an ordered pair; the caller tries both orders. */
static bool dependent_one_way(const struct sim_dep_event *a,
			      const struct sim_dep_event *b)
{
	/* Waiting for the others depends on everything they do. */
	if (a->kind == SIM_OP_WAIT_OTHERS)
		return true;
	/* So does the callback actor's end, which waits for them too. */
	if (a->kind == SIM_OP_RCU_CALLBACK && (a->flags & SIM_DEP_FORCED))
		return true;
	/* A step of a's actor may be its last, which releases that lock. */
	if (a->lifelong && a->lifelong == b->lock && is_lock_op(b->kind))
		return true;
	/*
	 * The same lock: order decides who waits, or what a trylock sees.
	 * Two read-side acquisitions or releases decide neither: neither
	 * waits, a read side's trylock always succeeds, and only
	 * synchronize_srcu() (no lock operation) reads who holds it.
	 */
	if (a->lock && a->lock == b->lock &&
	    !(a->flags & b->flags & SIM_DEP_SHARED) &&
	    !(is_xa_op(a->kind) && is_xa_op(b->kind)))
		return true;
	/*
	 * The same xarray, unless both only look, or they touch disjoint
	 * indexes: a load, store, erase or reservation at one index neither
	 * sees nor changes another's, and a find sees every index from its
	 * start up. Their xa_lock is taken and released inside the step, so
	 * it orders nothing between them (the lock rule above is for it and
	 * lock operations on it).
	 */
	if (is_xa_op(a->kind) && is_xa_op(b->kind) && a->addr == b->addr &&
	    (writes_xa(a) || writes_xa(b)) &&
	    a->index <= b->index_hi && b->index <= a->index_hi)
		return true;
	/* The same location, unless both only read. */
	if (is_mem_op(a->kind) && is_mem_op(b->kind) && a->addr == b->addr &&
	    (mem_writes(a->kind) || mem_writes(b->kind)))
		return true;
	/* The refcount checker reads what critical sections change. */
	if (a->kind == SIM_OP_REF_DEC && changes_holders(b, a))
		return true;
	/* A free against any access to the object it frees. */
	if ((is_free(a->kind) || a->kind == SIM_OP_RCU_CALLBACK) &&
	    a->obj >= 0 && a->obj == b->obj)
		return true;
	/* synchronize_rcu() waits for every RCU reader. */
	if (a->kind == SIM_OP_SYNC && !a->lock && rcu_reader_ev(b))
		return true;
	/* Grace periods: who is inside a read-side section when it starts. */
	if (a->kind == SIM_OP_FREE_RCU && rcu_reader_ev(b))
		return true;
	/* Callbacks run in queue order: who queues first is freed first. */
	if (a->kind == SIM_OP_FREE_RCU && b->kind == SIM_OP_FREE_RCU)
		return true;
	/*
	 * An RCU callback frees the oldest object queued (the free rule
	 * above), once the readers its grace period waited for have left:
	 * dependent with their leaving. Queueing another object is not: it
	 * goes to the tail, and no later object is ready before an older
	 * one (a reader that holds up the older one holds up every one
	 * queued after it), so the callback frees the same object either
	 * way, and the queueing reads nothing the callback changes.
	 */
	if (a->kind == SIM_OP_RCU_CALLBACK &&
	    leaves_reader(b) && held_up(b, a))
		return true;
	/*
	 * Leaving a read-side section may end a grace period, and so free
	 * what b touches. Not a callback's object: its event is taken only
	 * once its grace period is over (the rule above says which leaving
	 * ended it), and a leaving does not touch it.
	 */
	if (leaves_reader(a) && (b->flags & SIM_DEP_RCU_PENDING) &&
	    b->kind != SIM_OP_RCU_CALLBACK)
		return true;
	return false;
}

bool sim_dep_event_ran(const struct sim *s, size_t step,
		       struct sim_dep_event *ev)
{
	uint64_t mask;
	bool unprotected;

	if (!sim_step_holders_changed(s, step, &mask, &unprotected))
		return false;
	ev->holders = mask;
	ev->flags |= SIM_DEP_HOLDERS_KNOWN |
		     (unprotected ? SIM_DEP_UNPROTECTED : 0);
	return true;
}

void sim_dep_coarsen(struct sim_dep_event *ev)
{
	ev->index_hi = ev->index_last;
	ev->flags &= (uint16_t)~(SIM_DEP_NOOP | SIM_DEP_HOLDERS_KNOWN);
}

bool sim_dep_dependent(const struct sim_dep_event *a,
		       const struct sim_dep_event *b)
{
	assert(a->actor != b->actor);
	if ((a->flags | b->flags) & (SIM_DEP_ENDS | SIM_DEP_UNPROTECTED))
		return true;
	/*
	 * Starting an actor or carving fresh memory commutes with anything,
	 * except through the invisible code after it (the refcount rule).
	 */
	if (a->kind == SIM_OP_START || b->kind == SIM_OP_START ||
	    a->kind == SIM_OP_ALLOC || b->kind == SIM_OP_ALLOC)
		return (a->kind == SIM_OP_REF_DEC && changes_holders(b, a)) ||
		       (b->kind == SIM_OP_REF_DEC && changes_holders(a, b));
	return dependent_one_way(a, b) || dependent_one_way(b, a);
}

/* An operation that waits until @lock can be had. */
static bool acquires_blocking(const struct sim_dep_event *b)
{
	return (b->kind == SIM_OP_LOCK || xa_writes(b->kind)) &&
	       (b->flags & SIM_DEP_EXCLUSIVE);
}

bool sim_dep_may_enable(const struct sim_dep_event *a,
			const struct sim_dep_event *b)
{
	/* The end of every other thread; the RCU callbacks go on. */
	if (b->kind == SIM_OP_WAIT_OTHERS)
		return a->kind != SIM_OP_RCU_CALLBACK;
	/*
	 * A callback runs once its object's grace period is over: after the
	 * kfree_rcu() of that object, and after its last reader left.
	 */
	if (b->kind == SIM_OP_RCU_CALLBACK)
		return (b->flags & SIM_DEP_FORCED) ||
		       (leaves_reader(a) && held_up(a, b)) ||
		       (a->kind == SIM_OP_FREE_RCU && a->obj == b->obj);
	if (acquires_blocking(b) && a->lifelong && a->lifelong == b->lock)
		return true;	/* a's actor held it, and may have ended */
	if (a->kind == SIM_OP_UNLOCK && a->lock == b->lock &&
	    (acquires_blocking(b) || b->kind == SIM_OP_SYNC))
		return true;
	if (b->kind == SIM_OP_SYNC && !b->lock && leaves_reader(a))
		return true;
	return false;
}

bool sim_dep_acquires_for(const struct sim_dep_event *acq,
			  const struct sim_dep_event *rel)
{
	if (rel->kind == SIM_OP_RCU_UNLOCK)
		return acq->kind == SIM_OP_RCU_LOCK;
	if (rel->kind == SIM_OP_UNLOCK)
		return (acq->kind == SIM_OP_LOCK || acq->kind == SIM_OP_TRYLOCK) &&
		       acq->lock == rel->lock;
	return false;
}

bool sim_ops_independent(struct sim *s, int actor_a, int actor_b)
{
	struct sim_dep_event a, b;

	assert(actor_a != actor_b);
	sim_dep_event_of(s, actor_a, &a);
	sim_dep_event_of(s, actor_b, &b);
	return !sim_dep_dependent(&a, &b);
}

void sim_dep_event_translate(const struct sim_place *from, const struct sim *to,
			     struct sim_dep_event *ev)
{
	ev->addr = sim_translate(from, to, ev->addr);
	ev->lock = sim_translate(from, to, ev->lock);
	ev->lifelong = sim_translate(from, to, ev->lifelong);
}

bool sim_dep_event_same_place(const struct sim_dep_event *a,
			      const struct sim_dep_event *b)
{
	return a->addr == b->addr && a->lock == b->lock &&
	       a->lifelong == b->lifelong;
}

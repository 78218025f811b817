/* SPDX-License-Identifier: MIT */
/*
 * Soundness of the independence relation (sim_ops_independent()), checked
 * from its definition rather than trusted: for every ordered pair of kinds
 * of shim operation, in the sharing variants that matter (same location,
 * lock, xarray, index or object; another field or index of the same
 * object or xarray; another one altogether) and, around refcount
 * decrements, with either actor inside a critical section, a 2-actor
 * program brings both actors to the point where both operations are
 * pending and enabled, and asks the relation. Then it runs the pair both
 * ways (a then b, b then a) and every continuation after it (dfs), and
 * compares what is observable: the enabled actors and choices at each
 * later step, the state the actors share, what every operation returned
 * (the event log, actor by actor), the result and the finding's kind and
 * site. "Independent" with any difference is unsound: sleep sets would
 * explore one order only and could lose the other's bug.
 *
 * A step is the announced operation plus the invisible code after it, up
 * to the next announcement. The programs use invisible code as the
 * engine allows models to: an actor that holds an exclusive lock updates
 * data that lock protects (prot[]: what the holders hook reads, as a
 * model's hook reads its lists) and stays in the critical section for one
 * more step, so others can see the update. RCU publication is not a pair
 * here: rcu_assign_pointer() and the RCU list writers are invisible, so
 * the engine stops a model that publishes while another thread runs
 * (sim_publish_check()); a reader's rcu_dereference() only ever sees
 * what was published before the actors started.
 *
 * An execution that ends at a finding stops there: when the pair's own
 * step raises it, the other order never runs the other step. So a
 * finding is compared by its kind and site (and the state after the
 * pair, when that was reached first); which actor it blames, on which
 * object, is compared on the side and reported, not failed on ("blame").
 *
 * Pointers are compared by what they point into (the shared block, the
 * two test objects, the n-th object an actor allocated), never by
 * address: each order runs on its own engine instance, and every
 * execution on the lock-order history of a fresh one. Locks live in the
 * shared block, which is never freed: a lock operation on a lock in freed
 * memory is not something this test can ask the engine about.
 *
 * dpor asks the relation about steps that have run, too, whose events
 * then say whose holders each changed (sim_dep_event_ran()): the
 * pair's two events as the order ran them are asked again, and where
 * they are independent, the two orders must agree as well.
 *
 * ITSIM_DEPEND_VERBOSE=1 prints every pair with its verdict,
 * ITSIM_DEPEND_DUMP=1 everything both orders of it did.
 */
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/xarray.h>
#include <sim/depend.h>
#include <sim/engine.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define MAX_STEPS 200
#define MAX_EXECUTIONS 4000	/* continuations explored per order */
#define MAX_ALLOCS 4
#define NR_ACTORS 4		/* the two sides, a child, the RCU callbacks */
#define MAGIC 0x5eed1e55

/* ---- the shared state, rebuilt before every execution ---- */

/* One cell, used as int, atomic_t or refcount_t: all at one address. */
union cell {
	int i;
	atomic_t a;
	refcount_t r;
};

/* A test object: two cells; freed, it is poison and magic says so. */
struct tobj {
	union cell c[2];
	int magic;
	struct rcu_head rcu;
};

/* The exclusive locks, and srcu, in one table (prot[], held masks). */
enum {
	LK_LM, LK_M0, LK_M1, LK_SL0, LK_SL1, LK_RSL0, LK_RSL1, LK_XA0, LK_XA1,
	LK_SRCU0, LK_SRCU1, LK__COUNT
};

#define LK_EXCLUSIVE ((1u << LK_SRCU0) - 1)

struct shared {
	struct tobj *obj[2];
	struct mutex lm;	/* the critical section of the cs variants */
	struct mutex m[2];
	spinlock_t sl[2];
	raw_spinlock_t rsl[2];
	struct srcu_struct srcu[2];
	struct xarray xa[2];
	int tag[NR_ACTORS];	/* xa_store() stores &tag[actor]; cs steps */
	/* Updated invisibly under the lock of the same index. */
	int prot[LK__COUNT];
	/* Published under m[] by rcu_assign_pointer(), read by readers. */
	int *pub;
	int pubval;
};

/* What one side of a pair is. */
enum side_kind {
	SIDE_NORMAL,	/* its own actor performs the operation */
	SIDE_RCU_CB,	/* kfree_rcu() first, then the RCU callback's step */
	SIDE_START,	/* spawns a child: the child's start step */
};

struct actx;

struct opdef {
	const char *name;
	enum sim_op_kind kind;		/* what it announces */
	enum side_kind side;
	bool sub;			/* uses a field or an index */
	bool quick;			/* no step in the critical section */
	bool quiet;			/* its critical section changes nothing */
	int arg;			/* lock flavour */
	void (*pre)(struct actx *c);	/* to reach the pair's state */
	void (*run)(struct actx *c);	/* the operation (and its tail) */
	void (*epi)(struct actx *c);	/* cleanup: locks, read sides */
};

struct actx {
	int self;		/* actor id: the side */
	int slot;		/* obj[], m[], xa[] ... */
	int field;		/* cell of the object */
	unsigned long index;	/* xarray index */
	const struct opdef *op;
	int srcu_idx;
	bool ok;		/* trylock taken */
};

/* The program of one execution: set before sim_execute(). */
struct pairdef {
	const struct opdef *op[2];
	int share;
	int cs;			/* 0: none; 1 + side: that side holds lm */
};

enum { SH_SAME, SH_SUB, SH_OTHER, SH__COUNT };
static const char *const share_names[] = {
	"same object/lock/xarray/index",
	"same object/xarray, other field/index",
	"other object/lock/xarray",
};

/* Everything the test keeps per execution, reset by setup(). */
static struct shared *sh;
static struct world {
	struct actx ctx[2];
	bool at_op[2], done[2];
	int child_id[2];
	bool child_started[2];
	long res_val[NR_ACTORS];
	const void *res_ptr[NR_ACTORS];
	bool res_set[NR_ACTORS];
	const void *allocs[NR_ACTORS][MAX_ALLOCS];
	int nr_allocs[NR_ACTORS];
	unsigned int held[2], bumped[2];
	bool harness_error;
	char harness_why[160];
} w;

static const struct pairdef *cur;

static void harness_error(const char *fmt, ...)
{
	va_list ap;

	if (w.harness_error)
		return;
	w.harness_error = true;
	va_start(ap, fmt);
	vsnprintf(w.harness_why, sizeof(w.harness_why), fmt, ap);
	va_end(ap);
}

static union cell *cell(struct actx *c)
{
	return &sh->obj[c->slot]->c[c->field];
}

static void record(struct actx *c, long v, const void *p)
{
	w.res_val[c->self] = v;
	w.res_ptr[c->self] = p;
	w.res_set[c->self] = true;
}

/* ---- locks, with the protected data their holders update ---- */

enum { FL_MUTEX, FL_SPIN, FL_RAW, FL_XA, FL_SRCU, FL_LM };

static int lock_id(int fl, int k)
{
	switch (fl) {
	case FL_MUTEX: return LK_M0 + k;
	case FL_SPIN: return LK_SL0 + k;
	case FL_RAW: return LK_RSL0 + k;
	case FL_XA: return LK_XA0 + k;
	case FL_SRCU: return LK_SRCU0 + k;
	default: return LK_LM;
	}
}

static struct sim_lock *lock_of_flavour(int fl, int k)
{
	switch (fl) {
	case FL_MUTEX: return &sh->m[k].dep_map;
	case FL_SPIN: return &sh->sl[k].dep_map;
	case FL_RAW: return &sh->rsl[k].dep_map;
	case FL_XA: return &sh->xa[k].xa_lock.dep_map;
	case FL_SRCU: return &sh->srcu[k].dep_map;
	default: return &sh->lm.dep_map;
	}
}

static void take(struct actx *c, int fl, int k)
{
	switch (fl) {
	case FL_MUTEX: mutex_lock(&sh->m[k]); break;
	case FL_SPIN: spin_lock(&sh->sl[k]); break;
	case FL_RAW: raw_spin_lock(&sh->rsl[k]); break;
	case FL_XA: xa_lock(&sh->xa[k]); break;
	case FL_SRCU: c->srcu_idx = srcu_read_lock(&sh->srcu[k]); break;
	default: mutex_lock(&sh->lm); break;
	}
	w.held[c->self] |= 1u << lock_id(fl, k);
}

/*
 * mutex_trylock() is the only trylock the shims spell; spinlocks go
 * through the engine's own sim_lock_try(), which it stands for.
 */
static bool try_take(struct actx *c, int fl, int k)
{
	bool ok;

	if (fl == FL_MUTEX)
		ok = mutex_trylock(&sh->m[k]);
	else
		ok = sim_lock_try(lock_of_flavour(fl, k), SIM_HERE);
	if (ok)
		w.held[c->self] |= 1u << lock_id(fl, k);
	return ok;
}

static void drop(struct actx *c, int fl, int k)
{
	unsigned int bit = 1u << lock_id(fl, k);

	/* Undo our update of what it protects while still holding it. */
	if (w.bumped[c->self] & bit) {
		sh->prot[lock_id(fl, k)]--;
		w.bumped[c->self] &= ~bit;
	}
	w.held[c->self] &= ~bit;
	switch (fl) {
	case FL_MUTEX: mutex_unlock(&sh->m[k]); break;
	case FL_SPIN: spin_unlock(&sh->sl[k]); break;
	case FL_RAW: raw_spin_unlock(&sh->rsl[k]); break;
	case FL_XA: xa_unlock(&sh->xa[k]); break;
	case FL_SRCU: srcu_read_unlock(&sh->srcu[k], c->srcu_idx); break;
	default: mutex_unlock(&sh->lm); break;
	}
}

/*
 * The invisible tail of the step: with an exclusive lock held, update
 * the data it protects, as a model changes a list under its lock. The
 * holders hook reads it: the refcount checker's judgement depends on it.
 */
static void tail(struct actx *c)
{
	unsigned int fresh = w.held[c->self] & LK_EXCLUSIVE & ~w.bumped[c->self];

	/* A vCPU's empty ap_list: locked, walked, nothing changed. */
	if (c->op->quiet)
		return;

	for (int i = 0; i < LK__COUNT; i++)
		if (fresh & (1u << i))
			sh->prot[i]++;
	w.bumped[c->self] |= fresh;
}

/* ---- the operations ---- */

static void pre_lock(struct actx *c) { take(c, c->op->arg, c->slot); }
static void op_lock(struct actx *c) { take(c, c->op->arg, c->slot); }
static void epi_unlock(struct actx *c) { drop(c, c->op->arg, c->slot); }
static void op_unlock(struct actx *c) { drop(c, c->op->arg, c->slot); }

static void op_trylock(struct actx *c)
{
	c->ok = try_take(c, c->op->arg, c->slot);
	record(c, c->ok, NULL);
}

static void epi_unlock_if_taken(struct actx *c)
{
	if (c->ok)
		drop(c, c->op->arg, c->slot);
}

/* Nested: the other slot's mutex next, so two actors may form ABBA. */
static void epi_nested(struct actx *c)
{
	take(c, FL_MUTEX, 1 - c->slot);
	drop(c, FL_MUTEX, 1 - c->slot);
	drop(c, FL_MUTEX, c->slot);
}

static void op_sync_srcu(struct actx *c) { synchronize_srcu(&sh->srcu[c->slot]); }
static void op_sync_rcu(struct actx *c) { (void)c; synchronize_rcu(); }
static void op_rcu_lock(struct actx *c) { (void)c; rcu_read_lock(); }
static void pre_rcu_lock(struct actx *c) { (void)c; rcu_read_lock(); }
static void op_rcu_unlock(struct actx *c) { (void)c; rcu_read_unlock(); }

/* A reader: what it finds is where the writer published (invisible). */
static void op_rcu_lock_deref(struct actx *c)
{
	int *p;

	rcu_read_lock();
	p = rcu_dereference(sh->pub);
	record(c, p != NULL, p);
}

/* Inside the read side, a use of the object: a grace period must wait. */
static void epi_rcu_use_unlock(struct actx *c)
{
	record(c, READ_ONCE(cell(c)->i), NULL);
	rcu_read_unlock();
}

static void epi_rcu_unlock(struct actx *c) { (void)c; rcu_read_unlock(); }

static void op_xa_load(struct actx *c)
{
	void *p = xa_load(&sh->xa[c->slot], c->index);

	record(c, 0, p);
}

static void op_xa_find(struct actx *c)
{
	unsigned long i = c->index;
	void *p = xa_find(&sh->xa[c->slot], &i, ~0UL, XA_PRESENT);

	record(c, (long)i, p);
}

static void op_xa_find_after(struct actx *c)
{
	unsigned long i = c->index;
	void *p = xa_find_after(&sh->xa[c->slot], &i, ~0UL, XA_PRESENT);

	record(c, (long)i, p);
}

static void op_xa_empty(struct actx *c)
{
	record(c, xa_empty(&sh->xa[c->slot]), NULL);
}

static void op_xa_store(struct actx *c)
{
	void *p = xa_store(&sh->xa[c->slot], c->index, &sh->tag[c->self],
			   GFP_KERNEL);

	record(c, xa_err(p), p);
}

static void op_xa_erase(struct actx *c)
{
	record(c, 0, xa_erase(&sh->xa[c->slot], c->index));
}

static void op_xa_reserve(struct actx *c)
{
	record(c, xa_reserve(&sh->xa[c->slot], c->index, GFP_KERNEL), NULL);
}

static void op_xa_release(struct actx *c)
{
	xa_release(&sh->xa[c->slot], c->index);
}

static void op_xa_destroy(struct actx *c)
{
	xa_destroy(&sh->xa[c->slot]);
}

static void pre_xa_lock(struct actx *c) { take(c, FL_XA, c->slot); }
static void epi_xa_unlock(struct actx *c) { drop(c, FL_XA, c->slot); }

static void op___xa_store(struct actx *c)
{
	void *p = __xa_store(&sh->xa[c->slot], c->index, &sh->tag[c->self],
			     GFP_ATOMIC);

	record(c, xa_err(p), p);
}

static void op___xa_erase(struct actx *c)
{
	record(c, 0, __xa_erase(&sh->xa[c->slot], c->index));
}

static void op_ref_read(struct actx *c)
{
	record(c, refcount_read(&cell(c)->r), NULL);
}

static void op_ref_inc(struct actx *c) { refcount_inc(&cell(c)->r); }

static void op_ref_inc_nz(struct actx *c)
{
	record(c, refcount_inc_not_zero(&cell(c)->r), NULL);
}

static void op_ref_dec(struct actx *c) { refcount_dec(&cell(c)->r); }

static void op_ref_dec_test(struct actx *c)
{
	record(c, refcount_dec_and_test(&cell(c)->r), NULL);
}

static void op_ref_set(struct actx *c) { refcount_set(&cell(c)->r, 5 + c->self); }
static void op_read(struct actx *c) { record(c, READ_ONCE(cell(c)->i), NULL); }
static void op_write(struct actx *c) { WRITE_ONCE(cell(c)->i, 10 + c->self); }

static void op_atomic_read(struct actx *c)
{
	record(c, atomic_read(&cell(c)->a), NULL);
}

static void op_atomic_set(struct actx *c) { atomic_set(&cell(c)->a, 20 + c->self); }

static void op_atomic_inc(struct actx *c)
{
	record(c, atomic_inc_return(&cell(c)->a), NULL);
}

static void op_atomic_cmpxchg(struct actx *c)
{
	record(c, atomic_cmpxchg(&cell(c)->a, 3, 30 + c->self), NULL);
}

static void note_alloc(int actor, const void *p)
{
	if (actor >= 0 && actor < NR_ACTORS && w.nr_allocs[actor] < MAX_ALLOCS)
		w.allocs[actor][w.nr_allocs[actor]++] = p;
}

static void op_kzalloc(struct actx *c)
{
	struct tobj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	note_alloc(c->self, o);
	record(c, 0, o);
}

static void op_kzalloc_atomic(struct actx *c)
{
	struct tobj *o = kzalloc(sizeof(*o), GFP_ATOMIC);

	note_alloc(c->self, o);
	record(c, 0, o);
}

static void op_kfree(struct actx *c) { kfree(sh->obj[c->slot]); }
static void op_kfree_rcu(struct actx *c) { kfree_rcu(sh->obj[c->slot], rcu); }
static void pre_kfree_rcu(struct actx *c) { kfree_rcu(sh->obj[c->slot], rcu); }
static void op_wait_others(struct actx *c) { (void)c; sim_wait_others(SIM_HERE); }

/* After the others, the teardown uses what they may have left. */
static void epi_use(struct actx *c) { record(c, READ_ONCE(cell(c)->i), NULL); }

static void child(void *arg)
{
	int side = (int)(long)arg;
	struct actx *c = &w.ctx[side];

	w.child_started[side] = true;
	WRITE_ONCE(cell(c)->i, 40 + side);
}

static void pre_spawn(struct actx *c)
{
	char name[16];

	snprintf(name, sizeof(name), "child%d", c->self);
	w.child_id[c->self] = sim_spawn(sim_current(), name, child,
					(void *)(long)c->self);
}

#define OP(n, k, ...) { .name = n, .kind = k, __VA_ARGS__ }
static const struct opdef ops[] = {
	OP("mutex_lock", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_unlock, .arg = FL_MUTEX),
	OP("mutex_lock quiet", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_unlock, .arg = FL_MUTEX, .quiet = true),
	OP("mutex_trylock", SIM_OP_TRYLOCK, .run = op_trylock,
	    .epi = epi_unlock_if_taken, .arg = FL_MUTEX),
	OP("mutex_unlock", SIM_OP_UNLOCK, .run = op_unlock,
	    .pre = pre_lock, .arg = FL_MUTEX),
	OP("spin_lock", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_unlock, .arg = FL_SPIN),
	OP("spin_trylock", SIM_OP_TRYLOCK, .run = op_trylock,
	    .epi = epi_unlock_if_taken, .arg = FL_SPIN),
	OP("spin_unlock", SIM_OP_UNLOCK, .run = op_unlock,
	    .pre = pre_lock, .arg = FL_SPIN),
	OP("raw_spin_lock", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_unlock, .arg = FL_RAW),
	OP("raw_spin_trylock", SIM_OP_TRYLOCK, .run = op_trylock,
	    .epi = epi_unlock_if_taken, .arg = FL_RAW),
	OP("raw_spin_unlock", SIM_OP_UNLOCK, .run = op_unlock,
	    .pre = pre_lock, .arg = FL_RAW),
	OP("xa_lock", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_unlock, .arg = FL_XA),
	OP("xa_trylock", SIM_OP_TRYLOCK, .run = op_trylock,
	    .epi = epi_unlock_if_taken, .arg = FL_XA),
	OP("xa_unlock", SIM_OP_UNLOCK, .run = op_unlock,
	    .pre = pre_lock, .arg = FL_XA),
	OP("mutex_lock+nested", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_nested, .quick = true, .arg = FL_MUTEX),
	OP("srcu_read_lock", SIM_OP_LOCK, .run = op_lock,
	    .epi = epi_unlock, .arg = FL_SRCU),
	OP("srcu_read_unlock", SIM_OP_UNLOCK, .run = op_unlock,
	    .pre = pre_lock, .arg = FL_SRCU),
	OP("synchronize_srcu", SIM_OP_SYNC, .run = op_sync_srcu),
	OP("rcu_read_lock", SIM_OP_RCU_LOCK, .run = op_rcu_lock,
	    .epi = epi_rcu_use_unlock, .sub = true),
	OP("rcu_read_unlock", SIM_OP_RCU_UNLOCK, .run = op_rcu_unlock,
	    .pre = pre_rcu_lock),
	OP("synchronize_rcu", SIM_OP_SYNC, .run = op_sync_rcu),
	OP("xa_load", SIM_OP_XA_LOAD, .run = op_xa_load, .sub = true),
	OP("xa_find", SIM_OP_XA_FIND, .run = op_xa_find, .sub = true),
	OP("xa_find_after", SIM_OP_XA_FIND, .run = op_xa_find_after,
	    .sub = true),
	OP("xa_empty", SIM_OP_XA_FIND, .run = op_xa_empty),
	OP("xa_store", SIM_OP_XA_STORE, .run = op_xa_store, .sub = true),
	OP("xa_erase", SIM_OP_XA_ERASE, .run = op_xa_erase, .sub = true),
	OP("xa_reserve", SIM_OP_XA_RESERVE, .run = op_xa_reserve, .sub = true),
	OP("xa_release", SIM_OP_XA_ERASE, .run = op_xa_release, .sub = true),
	OP("xa_destroy", SIM_OP_XA_ERASE, .run = op_xa_destroy),
	OP("__xa_store", SIM_OP_XA_STORE, .run = op___xa_store,
	    .pre = pre_xa_lock, .epi = epi_xa_unlock, .sub = true),
	OP("__xa_erase", SIM_OP_XA_ERASE, .run = op___xa_erase,
	    .pre = pre_xa_lock, .epi = epi_xa_unlock, .sub = true),
	OP("refcount_read", SIM_OP_REF_READ, .run = op_ref_read, .sub = true),
	OP("refcount_inc", SIM_OP_REF_INC, .run = op_ref_inc, .sub = true),
	OP("refcount_inc_not_zero", SIM_OP_REF_INC_NOT_ZERO, .run = op_ref_inc_nz,
	    .sub = true),
	OP("refcount_dec", SIM_OP_REF_DEC, .run = op_ref_dec, .sub = true),
	OP("refcount_dec_and_test", SIM_OP_REF_DEC, .run = op_ref_dec_test,
	    .sub = true),
	OP("refcount_set", SIM_OP_WRITE, .run = op_ref_set, .sub = true),
	OP("READ_ONCE", SIM_OP_READ, .run = op_read, .sub = true),
	OP("WRITE_ONCE", SIM_OP_WRITE, .run = op_write, .sub = true),
	OP("atomic_read", SIM_OP_READ, .run = op_atomic_read, .sub = true),
	OP("atomic_set", SIM_OP_WRITE, .run = op_atomic_set, .sub = true),
	OP("atomic_inc_return", SIM_OP_RMW, .run = op_atomic_inc, .sub = true),
	OP("atomic_cmpxchg", SIM_OP_RMW, .run = op_atomic_cmpxchg, .sub = true),
	OP("kzalloc", SIM_OP_ALLOC, .run = op_kzalloc),
	OP("kzalloc(GFP_ATOMIC)", SIM_OP_ALLOC, .run = op_kzalloc_atomic),
	OP("kfree", SIM_OP_FREE, .run = op_kfree),
	OP("kfree_rcu", SIM_OP_FREE_RCU, .run = op_kfree_rcu),
	OP("rcu callback", SIM_OP_RCU_CALLBACK, .pre = pre_kfree_rcu,
	    .side = SIDE_RCU_CB),
	OP("wait for others", SIM_OP_WAIT_OTHERS, .run = op_wait_others,
	    .epi = epi_use, .sub = true),
	OP("start", SIM_OP_START, .pre = pre_spawn,
	    .side = SIDE_START, .sub = true),
	/* An RCU reader's dereference (of what setup published). */
	OP("rcu_read_lock+deref", SIM_OP_RCU_LOCK, .run = op_rcu_lock_deref,
	    .epi = epi_rcu_unlock),
};
#undef OP

#define NR_OPS ((int)ARRAY_SIZE(ops))

static const struct opdef *op_named(const char *name)
{
	for (int i = 0; i < NR_OPS; i++)
		if (strcmp(ops[i].name, name) == 0)
			return &ops[i];
	fail_msg("no operation %s", name);
	return NULL;
}

/* ---- the program: two actors, each prefix, operation, epilogue ---- */

static void actor(void *arg)
{
	int side = (int)(long)arg;
	struct actx *c = &w.ctx[side];
	const struct opdef *op = c->op;

	if (cur->cs == side + 1)
		take(c, FL_LM, 0);
	if (op->pre)
		op->pre(c);
	w.at_op[side] = true;
	if (op->run) {
		op->run(c);
		tail(c);
		/* Stay in the critical section a step: others see the update. */
		if (w.bumped[side] && !op->quick)
			(void)READ_ONCE(sh->tag[side]);
	}
	if (op->epi)
		op->epi(c);
	if (cur->cs == side + 1)
		drop(c, FL_LM, 0);
	w.done[side] = true;
}

static struct tobj *new_obj(void)
{
	struct tobj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	o->c[0].i = 3;
	o->c[1].i = 3;
	o->magic = MAGIC;
	return o;
}

static void setup(struct sim *s, void *ctx)
{
	const struct pairdef *p = ctx;

	memset(&w, 0, sizeof(w));
	w.child_id[0] = w.child_id[1] = -1;
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	sh->obj[0] = new_obj();
	sh->obj[1] = new_obj();
	/* One init site per lock: every lock its own class. */
	mutex_init(&sh->lm);
	mutex_init(&sh->m[0]);
	mutex_init(&sh->m[1]);
	spin_lock_init(&sh->sl[0]);
	spin_lock_init(&sh->sl[1]);
	raw_spin_lock_init(&sh->rsl[0]);
	raw_spin_lock_init(&sh->rsl[1]);
	init_srcu_struct(&sh->srcu[0]);
	init_srcu_struct(&sh->srcu[1]);
	xa_init(&sh->xa[0]);
	xa_init(&sh->xa[1]);
	for (int k = 0; k < 2; k++) {
		xa_store(&sh->xa[k], 1, &sh->obj[k]->c[0], GFP_KERNEL);
		xa_store(&sh->xa[k], 3, &sh->obj[k]->c[1], GFP_KERNEL);
	}
	for (int side = 0; side < 2; side++) {
		struct actx *c = &w.ctx[side];
		bool other = side == 1 && p->share == SH_OTHER;
		bool sub = side == 1 && p->share == SH_SUB;

		c->self = side;
		c->op = p->op[side];
		c->slot = other ? 1 : 0;
		c->field = sub ? 1 : 0;
		c->index = sub ? 2 : 1;
		if (sim_spawn(s, side ? "b" : "a", actor, (void *)(long)side) != side)
			harness_error("spawn");
	}
}

/*
 * The references live structures hold on a test object: one per entry of
 * xa[0] (two at the start), plus the updates made under exclusive locks.
 * With cells at 3, one decrement is fine; one after either kind of update
 * is a premature free.
 */
static int holders(void *ctx, const void *obj, char *buf, size_t len)
{
	int n = 0;

	(void)ctx;
	if (obj != sh->obj[0] && obj != sh->obj[1])
		return -1;
	for (unsigned int i = 0; i < sh->xa[0].nr; i++)
		n += sh->xa[0].slots[i].entry != NULL;
	for (int i = 0; i < LK__COUNT; i++)
		n += sh->prot[i];
	snprintf(buf, len, "the test's lists");
	return n;
}

/* ---- what is observable, without addresses ---- */

static bool within(const void *p, const void *base, size_t size, size_t *off)
{
	const char *c = p, *b = base;

	if (!base || c < b || c >= b + size)
		return false;
	*off = (size_t)(c - b);
	return true;
}

static void put_ptr(FILE *f, const void *p)
{
	size_t off;

	if (!p) {
		fputs("0", f);
		return;
	}
	if (xa_is_err(p)) {
		fprintf(f, "err%d", xa_err((void *)p));
		return;
	}
	if (within(p, sh, sizeof(*sh), &off)) {
		fprintf(f, "sh+%zu", off);
		return;
	}
	for (int k = 0; k < 2; k++)
		if (within(p, sh->obj[k], sizeof(struct tobj), &off)) {
			fprintf(f, "obj%d+%zu", k, off);
			return;
		}
	for (int a = 0; a < NR_ACTORS; a++)
		for (int n = 0; n < w.nr_allocs[a]; n++)
			if (within(p, w.allocs[a][n], sizeof(struct tobj), &off)) {
				fprintf(f, "alloc%d.%d+%zu", a, n, off);
				return;
			}
	fputs("?", f);
}

static void put_holders(FILE *f, const char *name, const struct sim_lock *l)
{
	fprintf(f, " %s=%llx", name, (unsigned long long)l->holders);
}

/* The shared state and what the actors saw. */
static void digest(FILE *f)
{
	for (int k = 0; k < 2; k++) {
		const struct tobj *o = sh->obj[k];

		if (o->magic != MAGIC)
			fprintf(f, "obj%d=freed", k);
		else
			fprintf(f, "obj%d=%d,%d", k, o->c[0].i, o->c[1].i);
		fprintf(f, " xa%d=[", k);
		for (unsigned int i = 0; i < sh->xa[k].nr; i++) {
			fprintf(f, "%lu:", sh->xa[k].slots[i].index);
			put_ptr(f, sh->xa[k].slots[i].entry);
			fputc(' ', f);
		}
		fputs("]", f);
		put_holders(f, "m", &sh->m[k].dep_map);
		put_holders(f, "sl", &sh->sl[k].dep_map);
		put_holders(f, "rsl", &sh->rsl[k].dep_map);
		put_holders(f, "xl", &sh->xa[k].xa_lock.dep_map);
		put_holders(f, "srcu", &sh->srcu[k].dep_map);
		fputc(' ', f);
	}
	put_holders(f, "lm", &sh->lm.dep_map);
	fputs(" prot=", f);
	for (int i = 0; i < LK__COUNT; i++)
		fprintf(f, "%d", sh->prot[i]);
	fputs(" pub=", f);
	put_ptr(f, sh->pub);
	for (int a = 0; a < NR_ACTORS; a++) {
		if (!w.res_set[a])
			continue;
		fprintf(f, " res%d=%ld/", a, w.res_val[a]);
		put_ptr(f, w.res_ptr[a]);
	}
	for (int a = 0; a < NR_ACTORS; a++)
		if (w.nr_allocs[a])
			fprintf(f, " allocs%d=%d", a, w.nr_allocs[a]);
}

/* Every actor's events in order: what each operation did and returned. */
static void put_logs(FILE *f, const struct sim *s)
{
	for (int a = 0; a < sim_nr_actors(s); a++) {
		fprintf(f, " [%s:", sim_actor_name(s, a));
		for (size_t i = 0; i < sim_log_len(s); i++) {
			const struct sim_event *ev = sim_log_at(s, i);
			const struct sim_op *op = &ev->op;

			if (ev->actor != a)
				continue;
			fprintf(f, " %s",
				op->what ? op->what : sim_op_kind_name(op->kind));
			if (op->site)
				fprintf(f, "@%d", op->site->line);
			fputc('(', f);
			put_ptr(f, op->addr);
			fprintf(f, ",%llu,", (unsigned long long)op->index);
			put_ptr(f, op->value);
			fprintf(f, ",%lld,%lld,%d)", (long long)op->before,
				(long long)op->after, op->ok);
		}
		fputc(']', f);
	}
}

/* ---- driving one order of a pair, then every continuation ---- */

enum phase { PH_DRIVE, PH_PAIR, PH_SECOND, PH_CONT };

struct order_run {
	int order;		/* 0: side a first; 1: side b first */
	/* per execution */
	enum phase phase;
	int actor[2];		/* the actors whose steps form the pair */
	FILE *cont;		/* the continuation: choices, candidates */
	char *snap;		/* the state right after the pair */
	size_t snap_len;
	bool snapped;
	bool snapped_in_run;	/* before the end: a state both orders reach */
	bool second_disabled;
	const char *na;		/* why the pair was not reached */
	/* per pair */
	bool reached;
	int indep[2];		/* (a, b) and (b, a) at the pair's state */
	/* The pair's events, first and second, and where the first ran. */
	struct sim_dep_event ev[2];
	size_t pair_step;
	int ran_indep;		/* as they ran: independent, or -1 unknown */
	/* dfs over the continuation */
	int path[MAX_STEPS + 1], nopt[MAX_STEPS + 1];
	int len, depth;
};

static int index_in(const int *cands, int n, int actor)
{
	for (int i = 0; i < n; i++)
		if (cands[i] == actor)
			return i;
	return -1;
}

static bool pending_is(const struct sim *s, int actor, enum sim_op_kind kind)
{
	return actor >= 0 && actor < sim_nr_actors(s) &&
	       sim_pending_op(s, actor)->kind == kind;
}

/* Is the side at its operation? Sets the actor that performs it. */
static bool side_ready(const struct sim *s, int side, int *actor)
{
	const struct opdef *op = w.ctx[side].op;
	int rcu;

	switch (op->side) {
	case SIDE_NORMAL:
		*actor = side;
		return w.at_op[side] && !w.done[side];
	case SIDE_RCU_CB:
		rcu = sim_actor_lookup(s, "[rcu]");
		*actor = rcu;
		return w.done[side] && pending_is(s, rcu, SIM_OP_RCU_CALLBACK);
	case SIDE_START:
		*actor = w.child_id[side];
		return *actor >= 0 && !w.child_started[side];
	}
	return false;
}

/* The actor to run to bring a side to its operation, or -1. */
static int side_advance(const struct sim *s, int side, const int *cands, int n)
{
	const struct opdef *op = w.ctx[side].op;
	int rcu;

	switch (op->side) {
	case SIDE_NORMAL:
		return !w.at_op[side] ? index_in(cands, n, side) : -1;
	case SIDE_RCU_CB:
		if (!w.done[side])
			return index_in(cands, n, side);
		rcu = sim_actor_lookup(s, "[rcu]");
		if (pending_is(s, rcu, SIM_OP_START))
			return index_in(cands, n, rcu);
		return -1;
	case SIDE_START:
		return -1;
	}
	return -1;
}

static void take_snapshot(struct order_run *r)
{
	FILE *f = open_memstream(&r->snap, &r->snap_len);

	digest(f);
	fclose(f);
	r->snapped = true;
}

static int choose(void *ctx, const struct sim *cs, const int *cands, int n)
{
	struct order_run *r = ctx;
	struct sim *s = (struct sim *)cs;
	int pick, first, second;
	bool ready[2];

	switch (r->phase) {
	case PH_DRIVE:
		ready[0] = side_ready(s, 0, &r->actor[0]);
		ready[1] = side_ready(s, 1, &r->actor[1]);
		if (!ready[0] || !ready[1]) {
			pick = -1;
			for (int side = 0; side < 2 && pick < 0; side++)
				if (!ready[side])
					pick = side_advance(s, side, cands, n);
			if (pick < 0)
				r->na = "a side cannot reach its operation";
			return pick;
		}
		r->phase = PH_PAIR;
		/* fall through */
	case PH_PAIR:
		if (r->actor[0] == r->actor[1]) {
			r->na = "one actor performs both";
			return -1;
		}
		if (index_in(cands, n, r->actor[0]) < 0 ||
		    index_in(cands, n, r->actor[1]) < 0) {
			r->na = "not enabled together";
			return -1;
		}
		for (int side = 0; side < 2; side++) {
			enum sim_op_kind k = sim_pending_op(s, r->actor[side])->kind;

			if (k != w.ctx[side].op->kind)
				harness_error("%s announced %s", w.ctx[side].op->name,
					      sim_op_kind_name(k));
		}
		r->indep[0] = sim_ops_independent(s, r->actor[0], r->actor[1]);
		r->indep[1] = sim_ops_independent(s, r->actor[1], r->actor[0]);
		r->reached = true;
		r->phase = PH_SECOND;
		first = r->actor[r->order];
		r->pair_step = sim_schedule_len(s);
		sim_dep_event_of(s, first, &r->ev[0]);
		return index_in(cands, n, first);
	case PH_SECOND:
		r->phase = PH_CONT;
		second = r->actor[1 - r->order];
		pick = index_in(cands, n, second);
		if (pick >= 0) {
			sim_dep_event_of(s, second, &r->ev[1]);
			return pick;
		}
		/* The first disabled the second: a difference in itself. */
		r->second_disabled = true;
		fprintf(r->cont, " second-disabled");
		/* fall through */
	case PH_CONT:
		break;
	}
	if (!r->snapped) {
		take_snapshot(r);
		r->snapped_in_run = true;
	}
	if (r->depth < r->len) {
		if (r->nopt[r->depth] != n)
			harness_error("not deterministic: %d candidates, then %d",
				      r->nopt[r->depth], n);
	} else if (r->len <= MAX_STEPS) {
		r->path[r->len] = 0;
		r->nopt[r->len] = n;
		r->len++;
	}
	pick = r->path[r->depth] < n ? r->path[r->depth] : 0;
	r->depth++;
	fputs(" {", r->cont);
	for (int i = 0; i < n; i++)
		fprintf(r->cont, "%s%d", i ? "," : "", cands[i]);
	fprintf(r->cont, "}->%d", cands[pick]);
	return pick;
}

/* Next continuation of the dfs. Return: false when all are done. */
static bool backtrack(struct order_run *r)
{
	while (r->len > 0 && r->path[r->len - 1] + 1 >= r->nopt[r->len - 1])
		r->len--;
	if (r->len == 0)
		return false;
	r->path[r->len - 1]++;
	return true;
}

struct outcome {
	char *strict;		/* must be equal for an independent pair */
	size_t strict_len;
	char *detail;		/* blamed actor, object and state at a finding */
	size_t detail_len;
	bool reached;
	const char *na;
	int indep[2];
	int ran_indep;		/* order_run's */
	int executions;
	bool capped;
};

/*
 * The pair's two steps as they ran, with what each did, as dpor asks
 * about them: -1 when the second did not run (a finding or a block).
 */
static int ran_independent(const struct sim *s, struct order_run *r)
{
	struct sim_dep_event ev[2] = { r->ev[0], r->ev[1] };

	if (r->second_disabled || sim_schedule_len(s) < r->pair_step + 2)
		return -1;
	for (int i = 0; i < 2; i++)
		if (!sim_dep_event_ran(s, r->pair_step + (size_t)i, &ev[i]))
			return -1;
	return !sim_dep_dependent(&ev[0], &ev[1]);
}

static const char *result_name(enum sim_exec_result r)
{
	return r == SIM_EXEC_CLEAN ? "clean" : r == SIM_EXEC_FINDING ? "finding" :
	       "abandoned";
}

static struct outcome run_order(const struct pairdef *p, int order)
{
	struct sim_config cfg = { .max_steps = MAX_STEPS };
	struct sim_hooks hooks = { .ctx = (void *)p, .setup = setup,
				   .holders = holders };
	struct order_run *r = calloc(1, sizeof(*r));
	struct sim_chooser ch = { r, choose };
	struct sim_history *h = NULL;
	struct outcome o = { .indep = { -1, -1 } };
	FILE *strict = open_memstream(&o.strict, &o.strict_len);
	FILE *detail = open_memstream(&o.detail, &o.detail_len);
	struct sim *s = sim_create(&cfg, &hooks);

	assert_non_null(r);
	assert_non_null(s);
	assert_int_equal(sim_track_step_effects(s, true), 0);
	r->order = order;
	r->ran_indep = -1;
	cur = p;
	do {
		char *cont = NULL;
		size_t cont_len = 0;
		enum sim_exec_result res;
		const struct sim_finding *f;

		/* Each execution sees the lock-order history of a fresh run. */
		if (h)
			sim_history_rewind(h);
		r->phase = PH_DRIVE;
		r->cont = open_memstream(&cont, &cont_len);
		r->snapped = false;
		r->snapped_in_run = false;
		r->second_disabled = false;
		r->na = NULL;
		r->depth = 0;
		res = sim_execute(s, &ch);
		fclose(r->cont);
		if (!h && !r->reached)
			o.na = r->na ? r->na : "a finding or the end came first";
		if (!h)
			h = sim_history_save(s);
		assert_non_null(h);
		if (!r->reached || w.harness_error) {
			free(cont);
			free(r->snap);
			r->snap = NULL;
			break;
		}
		if (!r->snapped)
			take_snapshot(r);
		if (o.executions == 0)
			r->ran_indep = ran_independent(s, r);
		f = sim_last_finding(s);
		/*
		 * A finding ends the execution where it is raised: when the
		 * pair's own step raises it, the other order stops before the
		 * other step, so only what both reach is compared: the
		 * continuation, the state after the pair if it was reached
		 * before the end, and the finding. Which actor raised it, on
		 * what, is compared on the side ("blame").
		 */
		fprintf(strict, "%s | snap %s | %s", cont,
			!f || r->snapped_in_run ? r->snap : "-", result_name(res));
		if (f) {
			fprintf(strict, " %s at %s:%d\n",
				sim_finding_kind_name(f->kind),
				f->site ? f->site->func : "-",
				f->site ? f->site->line : 0);
			fprintf(detail, "%s | %s by %s: %s [%s]\n", cont,
				sim_finding_kind_name(f->kind),
				f->actor >= 0 ? sim_actor_name(s, f->actor) : "-",
				f->title, f->object);
		} else {
			fputs(" | ", strict);
			digest(strict);
			put_logs(strict, s);
			fputc('\n', strict);
			fputs("clean\n", detail);
		}
		free(cont);
		free(r->snap);
		r->snap = NULL;
		o.executions++;
		if (o.executions >= MAX_EXECUTIONS) {
			o.capped = true;
			break;
		}
	} while (backtrack(r));
	if (w.harness_error)
		fail_msg("%s || %s: %s", p->op[0]->name, p->op[1]->name,
			 w.harness_why);
	o.reached = r->reached;
	o.indep[0] = r->indep[0];
	o.indep[1] = r->indep[1];
	o.ran_indep = r->ran_indep;
	sim_history_restore(h);
	sim_destroy(s);
	free(r);
	fclose(strict);
	fclose(detail);
	return o;
}

static void outcome_free(struct outcome *o)
{
	free(o->strict);
	free(o->detail);
}

/* ---- one pair: both orders, compared ---- */

enum verdict_kind {
	V_NA,			/* never pending and enabled together */
	V_DEPENDENT,		/* the relation says so */
	V_SOUND,		/* independent, and both orders agree */
	V_BLAME,		/* independent; same kinds and sites, blame differs */
	V_UNSOUND,		/* independent, and the orders differ */
};

struct verdict {
	enum verdict_kind v;
	bool differ;		/* the orders differ (strictly) */
	bool blame;		/* same kinds and sites, other actor/object/state */
	bool ran_indep;		/* independent as the steps ran */
	bool capped;
	int executions;
	char first_diff[2][640];
};

static void first_line_diff(const char *a, const char *b, char out[2][640])
{
	int line = 0;

	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a);
		size_t lb = eb ? (size_t)(eb - b) : strlen(b);

		if (la != lb || memcmp(a, b, la) != 0) {
			snprintf(out[0], 640, "#%d %.*s", line, (int)la, a);
			snprintf(out[1], 640, "#%d %.*s", line, (int)lb, b);
			return;
		}
		a += la + (ea != NULL);
		b += lb + (eb != NULL);
		line++;
	}
}

static struct verdict check_pair(const struct pairdef *p)
{
	struct outcome ab = run_order(p, 0), ba = run_order(p, 1);
	struct verdict v = { 0 };

	v.executions = ab.executions + ba.executions;
	v.capped = ab.capped || ba.capped;
	if (!ab.reached || !ba.reached) {
		/* Reaching the pair does not depend on the order. */
		assert_int_equal(ab.reached, ba.reached);
		v.v = V_NA;
		snprintf(v.first_diff[0], sizeof(v.first_diff[0]), "%s", ab.na);
		goto out;
	}
	/* The same state, asked the same question: the same answer. */
	assert_int_equal(ab.indep[0], ba.indep[0]);
	assert_int_equal(ab.indep[1], ba.indep[1]);
	if (ab.indep[0] != ab.indep[1])
		fail_msg("not symmetric: %s || %s (%s, cs %d): %d vs %d",
			 p->op[0]->name, p->op[1]->name, share_names[p->share],
			 p->cs, ab.indep[0], ab.indep[1]);
	if (getenv("ITSIM_DEPEND_DUMP"))
		printf("# %s || %s (%s, cs %d): independent %d\n# a first:\n%s%s"
		       "# b first:\n%s%s", p->op[0]->name, p->op[1]->name,
		       share_names[p->share], p->cs, ab.indep[0], ab.strict,
		       ab.detail, ba.strict, ba.detail);
	v.differ = strcmp(ab.strict, ba.strict) != 0;
	v.blame = !v.differ && strcmp(ab.detail, ba.detail) != 0;
	if (v.differ)
		first_line_diff(ab.strict, ba.strict, v.first_diff);
	else if (v.blame)
		first_line_diff(ab.detail, ba.detail, v.first_diff);
	if (!ab.indep[0])
		v.v = V_DEPENDENT;
	else
		v.v = v.differ ? V_UNSOUND : v.blame ? V_BLAME : V_SOUND;
	/* Asked again once they ran: independent there, the same rule. */
	v.ran_indep = ab.ran_indep == 1 || ba.ran_indep == 1;
	if (v.ran_indep && v.v == V_DEPENDENT)
		v.v = v.differ ? V_UNSOUND : v.blame ? V_BLAME : V_SOUND;
out:
	outcome_free(&ab);
	outcome_free(&ba);
	return v;
}

static struct verdict check(const char *a, const char *b, int share, int cs)
{
	struct pairdef p = { { op_named(a), op_named(b) }, share, cs };

	return check_pair(&p);
}

static void print_pair(const char *tag, const struct pairdef *p,
		       const struct verdict *v)
{
	printf("# %s: a: %s || b: %s (%s%s%s)\n", tag, p->op[0]->name,
	       p->op[1]->name, share_names[p->share],
	       p->cs ? ", lm held by " : "", p->cs == 1 ? "a" : p->cs == 2 ? "b" : "");
	if (v->v == V_NA) {
		printf("#   %s\n", v->first_diff[0]);
	} else if (v->first_diff[0][0]) {
		printf("#   a first: %s\n", v->first_diff[0]);
		printf("#   b first: %s\n", v->first_diff[1]);
	}
}

/* ---- the matrix ---- */

static bool is_dec(const struct opdef *op)
{
	return op->kind == SIM_OP_REF_DEC;
}

struct tally {
	int counts[V_UNSOUND + 1];
	int pairs, capped, commuting, ran_only;
	long executions;
	int unsound_by_kind[SIM_OP__COUNT][SIM_OP__COUNT];
	bool verbose;
};

static void tally_pair(struct tally *t, const struct pairdef *p)
{
	static const char *const names[] = { "n/a", "dependent", "sound",
					     "blame", "UNSOUND" };
	struct verdict v = check_pair(p);
	int ka = p->op[0]->kind, kb = p->op[1]->kind;

	t->pairs++;
	t->counts[v.v]++;
	t->executions += v.executions;
	t->capped += v.capped;
	t->commuting += v.v == V_DEPENDENT && !v.differ && !v.blame;
	t->ran_only += v.ran_indep && !(v.v == V_NA);
	if (v.v == V_UNSOUND)
		t->unsound_by_kind[ka < kb ? ka : kb][ka < kb ? kb : ka]++;
	/* The first few in full, then one line each. */
	if (v.v == V_UNSOUND && t->counts[V_UNSOUND] > 12 && !t->verbose)
		v.first_diff[0][0] = '\0';
	if (v.v == V_UNSOUND || v.v == V_BLAME || t->verbose)
		print_pair(names[v.v], p, &v);
}

static void test_relation_is_sound(void **state)
{
	static struct tally t;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.verbose = getenv("ITSIM_DEPEND_VERBOSE") != NULL;
	for (int x = 0; x < NR_OPS; x++)
		for (int y = 0; y < NR_OPS; y++)
			for (int share = 0; share < SH__COUNT; share++) {
				int nr_cs = is_dec(&ops[x]) || is_dec(&ops[y]) ? 3 : 1;

				if (share == SH_SUB && !ops[x].sub && !ops[y].sub)
					continue;
				for (int cs = 0; cs < nr_cs; cs++) {
					struct pairdef p = {
						{ &ops[x], &ops[y] }, share, cs
					};

					if (!cs || p.op[cs - 1]->side == SIDE_NORMAL)
						tally_pair(&t, &p);
				}
			}
	printf("# %d operations, %d pair programs (%ld executions): %d never "
	       "enabled together, %d dependent (%d of them commute here), "
	       "%d independent and sound, %d independent with the same "
	       "findings but another blame, %d UNSOUND (%d independent as "
	       "they ran); %d capped at %d continuations\n", NR_OPS, t.pairs,
	       t.executions, t.counts[V_NA], t.counts[V_DEPENDENT], t.commuting,
	       t.counts[V_SOUND], t.counts[V_BLAME], t.counts[V_UNSOUND],
	       t.ran_only, t.capped, MAX_EXECUTIONS);
	for (int ka = 0; ka < SIM_OP__COUNT; ka++)
		for (int kb = ka; kb < SIM_OP__COUNT; kb++)
			if (t.unsound_by_kind[ka][kb])
				printf("# UNSOUND %s || %s: %d pair programs\n",
				       sim_op_kind_name(ka), sim_op_kind_name(kb),
				       t.unsound_by_kind[ka][kb]);
	if (t.counts[V_UNSOUND])
		fail_msg("%d pair programs: independent, but the two orders differ "
			 "(the UNSOUND lines above)", t.counts[V_UNSOUND]);
}

/* ---- pairs the relation must call dependent: the harness sees why ---- */

static void must_be_dependent(const char *a, const char *b, int share, int cs)
{
	struct verdict v = check(a, b, share, cs);

	/* The orders differ: the harness sees what the relation guards. */
	if (v.v != V_DEPENDENT || !(v.differ || v.blame))
		fail_msg("%s || %s (%s, cs %d): verdict %d, orders %s", a, b,
			 share_names[share], cs, v.v,
			 v.differ || v.blame ? "differ" : "agree");
}

static void test_must_be_dependent(void **state)
{
	(void)state;
	must_be_dependent("WRITE_ONCE", "WRITE_ONCE", SH_SAME, 0);
	must_be_dependent("READ_ONCE", "WRITE_ONCE", SH_SAME, 0);
	must_be_dependent("atomic_inc_return", "atomic_cmpxchg", SH_SAME, 0);
	must_be_dependent("mutex_lock", "mutex_lock", SH_SAME, 0);
	must_be_dependent("spin_lock", "spin_trylock", SH_SAME, 0);
	must_be_dependent("xa_store", "xa_load", SH_SAME, 0);
	must_be_dependent("xa_erase", "xa_find", SH_SAME, 0);
	must_be_dependent("xa_store", "xa_lock", SH_SAME, 0);
	must_be_dependent("kfree", "READ_ONCE", SH_SAME, 0);
	must_be_dependent("kfree", "READ_ONCE", SH_SUB, 0);
	must_be_dependent("kfree", "kfree", SH_SAME, 0);
	must_be_dependent("refcount_dec", "refcount_dec", SH_SAME, 0);
	must_be_dependent("refcount_inc", "refcount_dec_and_test", SH_SAME, 0);
	/* The refcount checker reads what the critical section changes. */
	must_be_dependent("refcount_dec", "READ_ONCE", SH_OTHER, 2);
	must_be_dependent("refcount_dec", "mutex_lock", SH_SAME, 0);
	/* ... and what a find past an erase, or a real erase, sees. */
	must_be_dependent("xa_find_after", "xa_store", SH_SUB, 0);
	must_be_dependent("xa_erase", "xa_erase", SH_SAME, 0);
	must_be_dependent("refcount_dec", "mutex_lock", SH_OTHER, 0);
	must_be_dependent("refcount_dec", "spin_trylock", SH_OTHER, 0);
	must_be_dependent("refcount_dec", "xa_store", SH_SUB, 0);
	/* Grace periods. */
	must_be_dependent("kfree_rcu", "rcu_read_lock", SH_SAME, 0);
	must_be_dependent("synchronize_rcu", "rcu_read_lock", SH_SAME, 0);
	must_be_dependent("synchronize_srcu", "srcu_read_lock", SH_SAME, 0);
	must_be_dependent("rcu callback", "READ_ONCE", SH_SAME, 0);
}

/* ---- pairs it must call independent, or it reduces nothing ---- */

static void must_be_independent(const char *a, const char *b, int share, int cs)
{
	struct verdict v = check(a, b, share, cs);

	if (v.v != V_SOUND)
		fail_msg("%s || %s (%s, cs %d): verdict %d", a, b,
			 share_names[share], cs, v.v);
}

/* Dependent as pending operations, independent once they ran (dpor). */
static void must_be_independent_as_ran(const char *a, const char *b,
				       int share, int cs)
{
	struct pairdef p = { { op_named(a), op_named(b) }, share, cs };
	struct outcome ab = run_order(&p, 0), ba = run_order(&p, 1);
	struct verdict v = check(a, b, share, cs);

	if (ab.indep[0] || ab.ran_indep != 1 || ba.ran_indep != 1 ||
	    v.v != V_SOUND)
		fail_msg("%s || %s (%s, cs %d): pending %d, as they ran %d/%d, "
			 "verdict %d", a, b, share_names[share], cs, ab.indep[0],
			 ab.ran_indep, ba.ran_indep, v.v);
	outcome_free(&ab);
	outcome_free(&ba);
}

static void test_must_be_independent(void **state)
{
	(void)state;
	must_be_independent("WRITE_ONCE", "WRITE_ONCE", SH_OTHER, 0);
	must_be_independent("WRITE_ONCE", "WRITE_ONCE", SH_SUB, 0);
	must_be_independent("READ_ONCE", "READ_ONCE", SH_SAME, 0);
	must_be_independent("READ_ONCE", "atomic_read", SH_SAME, 0);
	must_be_independent("refcount_read", "READ_ONCE", SH_SAME, 0);
	must_be_independent("mutex_lock", "mutex_lock", SH_OTHER, 0);
	must_be_independent("xa_load", "xa_find", SH_SAME, 0);
	must_be_independent("xa_store", "xa_store", SH_OTHER, 0);
	must_be_independent("kfree", "READ_ONCE", SH_OTHER, 0);
	must_be_independent("kzalloc", "WRITE_ONCE", SH_SAME, 0);
	must_be_independent("rcu_read_lock", "rcu_read_lock", SH_SAME, 0);
	/* Read sides of one srcu_struct: neither waits, neither excludes. */
	must_be_independent("srcu_read_lock", "srcu_read_lock", SH_SAME, 0);
	must_be_independent("srcu_read_lock", "srcu_read_unlock", SH_SAME, 0);
	must_be_independent("refcount_dec", "READ_ONCE", SH_OTHER, 0);
	/* What an xarray operation does: a find stops at the entry it
	 * meets (1), an erase of an absent index (2) is a read. */
	must_be_independent("xa_find", "xa_store", SH_SUB, 0);
	must_be_independent("xa_find_after", "xa_erase", SH_SUB, 0);
	/* A callback frees the oldest object queued: queueing another
	 * object does not change which. */
	must_be_independent("rcu callback", "kfree_rcu", SH_OTHER, 0);
	/* A critical section that changed no holders, and a put. */
	must_be_independent_as_ran("mutex_lock quiet", "refcount_dec", SH_OTHER, 0);
	must_be_independent_as_ran("mutex_lock quiet", "refcount_dec_and_test",
				   SH_SAME, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_must_be_dependent),
		cmocka_unit_test(test_must_be_independent),
		cmocka_unit_test(test_relation_is_sound),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

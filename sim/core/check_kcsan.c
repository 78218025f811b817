/* SPDX-License-Identifier: MIT */
/*
 * KCSAN for code compiled at run time with SIM_KCSAN_CFLAGS (sim run
 * --kcsan): gcc's thread sanitizer calls __tsan_readN()/__tsan_writeN()
 * before each plain access and __tsan_volatile_*() before each volatile
 * one (READ_ONCE(), WRITE_ONCE(): marked, as the kernel's KCSAN counts
 * them). Two conflicting accesses of one explored execution that
 * happens-before does not order are a data race, judged by KCSAN's
 * default rules: at least one is a write, and not both are "atomic",
 * where atomic is marked (aligned, up to 8 bytes), or a plain aligned
 * write of up to 8 bytes (CONFIG_KCSAN_ASSUME_PLAIN_WRITES_ATOMIC=y).
 * Accesses inside data_race() are not judged at all.
 *
 * The scheduler's total order of steps is not happens-before; only
 * synchronisation is. Vector clocks, one per actor, reset each execution:
 * - a lock's release to its next acquisition (mutex, spinlocks, trylock
 *   that succeeded; "noop" locks order nothing, which is what they stand
 *   for); an SRCU read side orders nothing but synchronize_srcu(), which
 *   waits for every reader's end and precedes every later reader;
 * - synchronize_rcu() likewise for rcu_read_unlock() (and the end of any
 *   spinning lock's section: RCU-sched) and later rcu_read_lock()s;
 * - kfree_rcu() to the RCU callback that frees, after the grace period;
 * - atomic_t and refcount_t operations are sequentially consistent (the
 *   shims do not tell _relaxed from _acquire or _release: this can hide
 *   a race, never invent one); each xarray operation on its xarray (its
 *   xa_lock and rcu_assign_pointer()/rcu_dereference() inside);
 *   READ_ONCE() and WRITE_ONCE() order nothing;
 * - spawning to the spawned actor's start, and every ended actor to
 *   sim_wait_others().
 *
 * Shadow memory: per 8-byte granule of the arena, up to four recent
 * accesses (actor, its clock then, bytes, write, atomic, where), kept
 * for the execution that made them (a generation number, so a new
 * execution clears nothing). Nothing on the hot path allocates.
 */
#include "sim_internal.h"
#include "kcsan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define KCSAN_SLOTS 4
#define KCSAN_SYNC_MAX 4096	/* synchronisation addresses per execution */

enum {
	SLOT_VALID = 1,
	SLOT_WRITE = 2,
	SLOT_ATOMIC = 4,	/* marked, or a plain write assumed atomic */
	SLOT_MARKED = 8,
};

struct kcsan_slot {
	uint32_t clock;
	uint32_t step;		/* the actor's last log entry + 1, or 0 */
	const void *pc;
	uint16_t len, lead;	/* the whole access; its bytes before this granule */
	uint8_t actor, off, size, flags;
};

struct kcsan_cell {
	uint32_t gen;
	uint32_t next;		/* the slot to evict next when all are taken */
	struct kcsan_slot slot[KCSAN_SLOTS];
};

typedef uint32_t kcsan_vc[SIM_MAX_ACTORS];

/* What releases left at one address, and what grace periods there did. */
struct kcsan_sync {
	const void *key;
	uint32_t gen;
	kcsan_vc rel, gp;
};

struct sim_kcsan {
	uint32_t gen;
	struct kcsan_cell *shadow;	/* SIM_ARENA_SIZE / 8 cells, reserved */
	kcsan_vc vc[SIM_MAX_ACTORS];
	kcsan_vc spawned[SIM_MAX_ACTORS];	/* the parent's clock at spawn */
	int off[SIM_MAX_ACTORS];	/* data_race() depth */
	kcsan_vc rcu_unlocked, rcu_gp, rcu_freed;
	struct kcsan_sync sync[KCSAN_SYNC_MAX];
};

#define SHADOW_BYTES ((size_t)SIM_ARENA_SIZE / 8 * sizeof(struct kcsan_cell))

bool sim_kcsan_init(struct sim *s)
{
	struct sim_kcsan *k = calloc(1, sizeof(*k));

	if (!k)
		return false;
	k->shadow = mmap(NULL, SHADOW_BYTES, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (k->shadow == MAP_FAILED) {
		free(k);
		return false;
	}
	s->kcsan = k;
	return true;
}

void sim_kcsan_fini(struct sim *s)
{
	if (!s->kcsan)
		return;
	munmap(s->kcsan->shadow, SHADOW_BYTES);
	free(s->kcsan);
	s->kcsan = NULL;
}

void sim_kcsan_reset(struct sim *s)
{
	struct sim_kcsan *k = s->kcsan;

	if (!k)
		return;
	/* Generation 0 marks a cell never used: skip it on wrapping. */
	if (++k->gen == 0)
		k->gen = 1;
	memset(k->vc, 0, sizeof(k->vc));
	memset(k->spawned, 0, sizeof(k->spawned));
	memset(k->off, 0, sizeof(k->off));
	memset(k->rcu_unlocked, 0, sizeof(k->rcu_unlocked));
	memset(k->rcu_gp, 0, sizeof(k->rcu_gp));
	memset(k->rcu_freed, 0, sizeof(k->rcu_freed));
}

static void join(kcsan_vc to, const kcsan_vc from, int n)
{
	for (int i = 0; i < n; i++)
		if (from[i] > to[i])
			to[i] = from[i];
}

/* The synchronisation state at @key, made empty on first use. */
static struct kcsan_sync *sync_at(struct sim_kcsan *k, const void *key)
{
	size_t h = ((uintptr_t)key >> 3) * 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < KCSAN_SYNC_MAX; i++) {
		struct kcsan_sync *e = &k->sync[(h + i) % KCSAN_SYNC_MAX];

		if (e->gen != k->gen) {
			e->gen = k->gen;
			e->key = key;
			memset(e->rel, 0, sizeof(e->rel));
			memset(e->gp, 0, sizeof(e->gp));
			return e;
		}
		if (e->key == key)
			return e;
	}
	fprintf(stderr, "itsim: KCSAN: more than %d synchronisation addresses in one execution\n",
		KCSAN_SYNC_MAX);
	abort();
}

void sim_kcsan_spawn(struct sim *s, int child)
{
	struct sim_kcsan *k = s->kcsan;
	int parent = s->current;

	if (!k)
		return;
	memset(k->vc[child], 0, sizeof(k->vc[child]));
	memset(k->spawned[child], 0, sizeof(k->spawned[child]));
	k->vc[child][child] = 1;
	k->off[child] = 0;
	if (parent < 0 || s->in_hook)
		return;		/* spawned while the initial state is built */
	memcpy(k->spawned[child], k->vc[parent], sizeof(kcsan_vc));
	k->vc[parent][parent]++;
}

void sim_kcsan_start(struct sim *s, int id)
{
	struct sim_kcsan *k = s->kcsan;

	if (k)
		join(k->vc[id], k->spawned[id], s->nr_actors);
}

/* @a acquires @from. */
static void acquire(struct sim *s, int a, const kcsan_vc from)
{
	join(s->kcsan->vc[a], from, s->nr_actors);
}

/* @a releases into @to: what it did so far happens before an acquirer's next. */
static void release(struct sim *s, int a, kcsan_vc to)
{
	join(to, s->kcsan->vc[a], s->nr_actors);
	s->kcsan->vc[a][a]++;
}

static void lock_event(struct sim *s, int a, const struct sim_op *op)
{
	struct sim_lock *lock = op->lock;
	struct kcsan_sync *e;

	if (!lock || lock->ops->noop)
		return;
	e = sync_at(s->kcsan, lock);
	switch (op->kind) {
	case SIM_OP_LOCK:
	case SIM_OP_TRYLOCK:
		if (op->ok)
			acquire(s, a, sim_lock_is_shared(lock) ? e->gp : e->rel);
		break;
	case SIM_OP_UNLOCK:
		release(s, a, e->rel);
		/* The end of a spinning section may end a grace period. */
		if (lock->ops->atomic)
			join(s->kcsan->rcu_unlocked, s->kcsan->vc[a], s->nr_actors);
		break;
	default:
		break;
	}
}

void sim_kcsan_event(struct sim *s, const struct sim_event *ev)
{
	struct sim_kcsan *k = s->kcsan;
	const struct sim_op *op = &ev->op;
	int a = ev->actor;

	if (!k)
		return;
	switch (op->kind) {
	case SIM_OP_LOCK:
	case SIM_OP_TRYLOCK:
	case SIM_OP_UNLOCK:
		lock_event(s, a, op);
		break;
	case SIM_OP_RCU_LOCK:
		acquire(s, a, k->rcu_gp);
		break;
	case SIM_OP_RCU_UNLOCK:
		release(s, a, k->rcu_unlocked);
		break;
	case SIM_OP_SYNC:
		if (op->lock) {
			struct kcsan_sync *e = sync_at(k, op->lock);

			acquire(s, a, e->rel);
			release(s, a, e->gp);
		} else {
			acquire(s, a, k->rcu_unlocked);
			release(s, a, k->rcu_gp);
		}
		break;
	case SIM_OP_FREE_RCU:
		release(s, a, k->rcu_freed);
		break;
	case SIM_OP_RCU_CALLBACK:
		/* After the grace period of every callback queued so far. */
		acquire(s, a, k->rcu_freed);
		acquire(s, a, k->rcu_unlocked);
		break;
	case SIM_OP_XA_LOAD:
	case SIM_OP_XA_FIND:
		acquire(s, a, sync_at(k, op->addr)->rel);
		break;
	case SIM_OP_XA_STORE:
	case SIM_OP_XA_ERASE:
	case SIM_OP_XA_RESERVE:
	case SIM_OP_REF_INC:
	case SIM_OP_REF_INC_NOT_ZERO:
	case SIM_OP_REF_DEC:
	case SIM_OP_RMW: {
		struct kcsan_sync *e = sync_at(k, op->addr);

		acquire(s, a, e->rel);
		release(s, a, e->rel);
		break;
	}
	case SIM_OP_REF_READ:
	case SIM_OP_READ:
		if (!op->relaxed)
			acquire(s, a, sync_at(k, op->addr)->rel);
		break;
	case SIM_OP_WRITE:
		if (!op->relaxed)
			release(s, a, sync_at(k, op->addr)->rel);
		break;
	case SIM_OP_WAIT_OTHERS:
		for (int i = 0; i < s->nr_actors; i++)
			if (i != a && i != s->rcu_actor &&
			    s->actors[i].state == SIM_ACTOR_DONE)
				acquire(s, a, k->vc[i]);
		break;
	default:
		break;
	}
}

void __sim_data_race(int delta)
{
	struct sim *s = sim_cur;

	if (s && s->kcsan && sim_running(s))
		s->kcsan->off[s->current] += delta;
}

/* The running actor's last log entry + 1, or 0: where its access was. */
static uint32_t last_step(const struct sim *s)
{
	const struct sim_event *ev = sim_last_event_of_current(s);

	return ev ? (uint32_t)(ev - s->log) + 1 : 0;
}

static void report(struct sim *s, uintptr_t gbase, const struct kcsan_slot *old,
		   const struct kcsan_slot *now)
{
	struct sim_obj *o = sim_obj_find(s, (const void *)(gbase + now->off));
	const struct kcsan_slot *acc[2] = { old, now };
	char fn[2][SIM_KCSAN_SYM_MAX], line[320], where[SIM_WHERE_MAX];
	struct sim_finding *f;
	const struct sim_site *site;
	int first;

	for (int i = 0; i < 2; i++)
		sim_kcsan_symbolize(acc[i]->pc, fn[i], sizeof(fn[i]), false);
	/* As KCSAN: the two functions sorted, so the title is one per pair. */
	first = strcmp(fn[0], fn[1]) <= 0 ? 0 : 1;
	site = sim_kcsan_pair_site(fn[first], fn[!first]);
	f = sim_finding_begin(s, SIM_FINDING_DATA_RACE, site);
	if (o)
		sim_obj_name(s, o, f->object, sizeof(f->object));
	snprintf(f->title, sizeof(f->title), "BUG: KCSAN: data-race in %s / %s",
		 fn[first], fn[!first]);
	for (int i = 1; i >= 0; i--) {
		const struct kcsan_slot *x = acc[i];
		const struct sim_event *ev = x->step ? &s->log[x->step - 1] : NULL;
		char at[SIM_KCSAN_SYM_MAX];
		uintptr_t addr = gbase + x->off - x->lead;

		sim_kcsan_symbolize(x->pc, at, sizeof(at), true);
		snprintf(line, sizeof(line), "%s%s of size %u at offset %zu of %s by %s at %s, after its step at %s\n",
			 x->flags & SLOT_MARKED ? "marked " : "",
			 x->flags & SLOT_WRITE ? "write" : "read", x->len,
			 o ? (size_t)(addr - (uintptr_t)sim_obj_base(s, o)) : 0,
			 o ? f->object : "no object", s->actors[x->actor].name,
			 at, ev ? sim_site_where(ev->op.site, where, sizeof(where)) :
				  "its start");
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	if (old->step)
		sim_finding_step(f, old->step - 1, "the other access: its actor's last step");
	if (now->step)
		sim_finding_step(f, now->step - 1, "this access: its actor's last step");
	sim_fail(s);
}

/* Judge the access @x to granule @g (base @gbase), then remember it. */
static void judge(struct sim *s, struct kcsan_cell *c, uintptr_t gbase,
		  struct kcsan_slot *x)
{
	struct sim_kcsan *k = s->kcsan;
	const uint32_t *mine = k->vc[x->actor];
	int free_slot = -1;

	if (c->gen != k->gen) {
		memset(c, 0, sizeof(*c));
		c->gen = k->gen;
	}
	for (int i = 0; i < KCSAN_SLOTS; i++) {
		struct kcsan_slot *y = &c->slot[i];
		bool covered, before;

		if (!(y->flags & SLOT_VALID)) {
			if (free_slot < 0)
				free_slot = i;
			continue;
		}
		if (y->off >= x->off + x->size || x->off >= y->off + y->size)
			continue;
		before = y->actor == x->actor || y->clock <= mine[y->actor];
		if (!before && ((x->flags | y->flags) & SLOT_WRITE) &&
		    !(x->flags & y->flags & SLOT_ATOMIC))
			report(s, gbase, y, x);
		/*
		 * A later access that covers an earlier one ordered before
		 * it stands for it: what would race with the earlier races
		 * with it too (a write), or the earlier is this actor's own
		 * older read.
		 */
		covered = y->off >= x->off && y->off + y->size <= x->off + x->size;
		if (covered && before &&
		    ((x->flags & SLOT_WRITE) ||
		     (y->actor == x->actor && !(y->flags & SLOT_WRITE)))) {
			y->flags = 0;
			if (free_slot < 0)
				free_slot = i;
		}
	}
	if (free_slot < 0) {
		free_slot = (int)(c->next % KCSAN_SLOTS);
		c->next++;
	}
	c->slot[free_slot] = *x;
}

void sim_kcsan_access(uintptr_t addr, size_t size, bool write, bool marked,
		      const void *pc)
{
	struct sim *s = sim_cur;
	struct kcsan_slot x;
	uintptr_t arena, end;

	if (!s || !s->kcsan || !s->arena || addr < (uintptr_t)s->arena ||
	    addr >= (uintptr_t)s->arena + s->arena_used)
		return;
	if (!sim_running(s) || s->failed || size == 0 ||
	    s->kcsan->off[s->current] > 0)
		return;
	arena = (uintptr_t)s->arena;
	end = addr + size;
	if (end > arena + s->arena_used)
		end = arena + s->arena_used;
	memset(&x, 0, sizeof(x));
	x.actor = (uint8_t)s->current;
	x.clock = s->kcsan->vc[s->current][s->current];
	x.pc = pc;
	x.flags = SLOT_VALID | (write ? SLOT_WRITE : 0);
	/* KCSAN: marked accesses that the hardware does whole are atomic,
	 * and so are plain aligned writes up to the word. */
	if (size <= 8 && (addr & (size - 1)) == 0 && (size & (size - 1)) == 0 &&
	    (marked || write))
		x.flags |= SLOT_ATOMIC;
	if (marked)
		x.flags |= SLOT_MARKED;
	x.step = last_step(s);
	x.len = size > UINT16_MAX ? UINT16_MAX : (uint16_t)size;
	for (uintptr_t g = addr & ~(uintptr_t)7; g < end; g += 8) {
		uintptr_t lo = addr > g ? addr : g, hi = end < g + 8 ? end : g + 8;

		x.off = (uint8_t)(lo - g);
		x.size = (uint8_t)(hi - lo);
		x.lead = lo - addr > UINT16_MAX ? UINT16_MAX : (uint16_t)(lo - addr);
		judge(s, &s->kcsan->shadow[(g - arena) / 8], g, &x);
	}
}

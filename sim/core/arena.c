/* SPDX-License-Identifier: MIT */
/*
 * The per-execution arena behind kzalloc/kfree and RCU-deferred frees.
 *
 * Objects are carved from one region in address order, so the object that
 * holds an address is found by binary search. A freed object is poisoned
 * and kept until the execution ends: its memory is never reused, so any
 * later visible access to it is attributed to it with both sites.
 */
#include "sim_internal.h"

#include <setjmp.h>

#include <sim/fault.h>
#include <sim/mem.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

bool sim_arena_init(struct sim *s)
{
	s->arena = mmap(NULL, SIM_ARENA_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (s->arena == MAP_FAILED) {
		s->arena = NULL;
		return false;
	}
	s->scratch = mmap(NULL, SIM_SCRATCH_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (s->scratch == MAP_FAILED) {
		s->scratch = NULL;
		return false;
	}
	s->objs = calloc(SIM_OBJECTS_INITIAL, sizeof(*s->objs));
	s->objs_cap = SIM_OBJECTS_INITIAL;
	return s->objs != NULL;
}

void sim_arena_fini(struct sim *s)
{
	if (s->arena)
		munmap(s->arena, SIM_ARENA_SIZE);
	if (s->scratch)
		munmap(s->scratch, SIM_SCRATCH_SIZE);
	free(s->objs);
	s->arena = NULL;
	s->objs = NULL;
}

void sim_arena_reset(struct sim *s)
{
	s->arena_used = 0;
	s->scratch_used = 0;
	s->nr_objs = 0;
	s->obj_epoch++;
}

void *sim_obj_base(struct sim *s, const struct sim_obj *o)
{
	return s->arena + o->offset;
}

struct sim_obj *sim_obj_find(struct sim *s, const void *addr)
{
	const char *p = addr;
	uint32_t lo = 0, hi;

	if (!s || !s->arena || p < s->arena || p >= s->arena + s->arena_used)
		return NULL;
	hi = s->nr_objs;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct sim_obj *o = &s->objs[mid];

		if ((size_t)(p - s->arena) < o->offset)
			hi = mid;
		else if ((size_t)(p - s->arena) >= o->offset + o->size)
			lo = mid + 1;
		else
			return &s->objs[mid];
	}
	return NULL;
}

bool sim_obj_is_freed(struct sim *s, const void *addr)
{
	struct sim_obj *o = sim_obj_find(s, addr);

	return o && o->state == SIM_OBJ_FREED;
}

static void call_describe(void *ctx)
{
	struct sim_obj_hook_call *c = ctx;

	c->ret = c->s->hooks.describe(c->s->hooks.ctx, sim_obj_base(c->s, c->o),
				      c->o->alloc_site ? c->o->alloc_site->func : "",
				      c->buf, c->len);
}

bool sim_obj_model_name(struct sim *s, struct sim_obj *o, char *buf, size_t len)
{
	bool named = false;

	if (o->state == SIM_OBJ_FREED && o->name[0]) {
		snprintf(buf, len, "%s", o->name);
		return true;
	}
	if (o->state != SIM_OBJ_FREED && s->hooks.describe) {
		struct sim_obj_hook_call c = { s, o, buf, len, 0 };

		/* A fault (it follows a freed parent): no name of the model's. */
		if (!sim_guarded_hook(s, call_describe, &c))
			named = c.ret;
	}
	if (!named)
		snprintf(buf, len, "object #%u (%s)", o->id,
			 o->type ? o->type : "?");
	return named;
}

static int actor_or_setup(struct sim *s)
{
	return s->current >= 0 && !s->in_hook ? s->current : -1;
}

/*
 * The execution's arena is full (SIM_MAX_OBJECTS objects or
 * SIM_ARENA_SIZE bytes). Building the initial state, the scenario is too
 * big: bad input, said once by the factory. In an actor, that execution
 * ends with a "crash" finding; the run goes on.
 */
static _Noreturn void arena_exhausted(struct sim *s, const struct sim_site *site)
{
	struct sim_finding *f;
	char where[SIM_WHERE_MAX];

	if (s->in_setup && !sim_running(s)) {
		snprintf(s->setup_bug, sizeof(s->setup_bug),
			 "the initial state needs more than the engine's arena holds (%u objects, %u MB): make the scenario smaller (fewer collections, devices or events)",
			 SIM_MAX_OBJECTS, SIM_ARENA_SIZE >> 20);
		longjmp(s->setup_jmp, 1);
	}
	if (!sim_running(s) || s->failed) {
		fprintf(stderr, "itsim: arena exhausted (%u objects) at %s\n",
			s->nr_objs, sim_site_where(site, where, sizeof(where)));
		abort();
	}
	f = sim_finding_begin(s, SIM_FINDING_CRASH, site);
	snprintf(f->title, sizeof(f->title),
		 "Out of memory: the execution allocated more than the arena holds (%u objects, %u MB)",
		 SIM_MAX_OBJECTS, SIM_ARENA_SIZE >> 20);
	snprintf(f->object, sizeof(f->object), "arena");
	snprintf(f->detail, sizeof(f->detail),
		 "%s allocated at %s with the arena full (%u objects live or freed in this execution)\n",
		 s->actors[s->current].name,
		 sim_site_where(site, where, sizeof(where)), s->nr_objs);
	sim_fail(s);
}

/*
 * A bigger object table. Kept across executions, so an instance reaches
 * the size its scenario needs once and allocates no more. No pointer into
 * the table lives across an allocation (the KASAN cache holds addresses).
 */
static void grow_objects(struct sim *s)
{
	uint32_t cap = s->objs_cap * 2;

	if (cap > SIM_MAX_OBJECTS)
		cap = SIM_MAX_OBJECTS;
	s->objs = sim_xreallocarray(s->objs, cap, sizeof(*s->objs));
	s->objs_cap = cap;
}

void *sim_kzalloc(size_t size, const char *type, unsigned int flags,
		  const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_ALLOC, .site = site, .what = "kzalloc" };
	struct sim_obj *o;
	size_t need = (size + 15) & ~(size_t)15;
	void *p;

	if (!s) {
		/* Outside any execution (unit tests of model helpers). */
		return calloc(1, size ? size : 1);
	}
	if ((flags & SIM_ALLOC_MAY_SLEEP) && sim_running(s)) {
		s->attempt = &op;
		sim_might_sleep(s, "kzalloc(GFP_KERNEL)", site);
		s->attempt = NULL;
	}
	sim_visible(&op);
	if (!(flags & SIM_ALLOC_NOFAIL) && sim_fault_alloc("kzalloc", site)) {
		/* failslab: the allocation fails, nothing is carved. */
		op.injected = true;
		sim_done(&op);
		return NULL;
	}
	if (s->nr_objs >= SIM_MAX_OBJECTS ||
	    s->arena_used + need + 16 > SIM_ARENA_SIZE)
		arena_exhausted(s, site);
	if (s->nr_objs == s->objs_cap)
		grow_objects(s);
	/* 16 bytes of red zone between objects: no two objects touch. */
	o = &s->objs[s->nr_objs];
	memset(o, 0, sizeof(*o));
	o->offset = s->arena_used;
	o->size = size ? size : 1;
	o->id = s->nr_objs++;
	o->state = SIM_OBJ_LIVE;
	o->type = type;
	o->alloc_site = site;
	o->alloc_actor = actor_or_setup(s);
	o->alloc_step = s->step;
	s->arena_used += need + 16;
	p = s->arena + o->offset;
	memset(p, 0, size);
	op.addr = p;
	sim_done(&op);
	return p;
}

void *sim_scratch_alloc(size_t size, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	size_t need = (size + 15) & ~(size_t)15;
	void *p;

	if (!s) {
		/* Outside any execution (unit tests of model helpers). */
		p = calloc(1, need ? need : 1);
		if (!p)
			abort();
		return p;
	}
	if (s->scratch_used + need > SIM_SCRATCH_SIZE)
		arena_exhausted(s, site);
	p = s->scratch + s->scratch_used;
	s->scratch_used += need;
	/* Reused from an earlier execution: zero it, as promised. */
	memset(p, 0, size);
	return p;
}

void sim_obj_note_refcount(const void *count)
{
	struct sim *s = sim_cur;
	struct sim_obj *o = sim_obj_find(s, count);

	if (o && o->state == SIM_OBJ_LIVE) {
		o->ref_off = (uint32_t)((const char *)count -
					(const char *)sim_obj_base(s, o)) + 1;
		sim_effects_new_refcount(o);
	}
}

static void poison(struct sim *s, struct sim_obj *o)
{
	s->obj_epoch++;
	/* The model's name: the memory it is read from is about to go. */
	sim_obj_model_name(s, o, o->name, sizeof(o->name));
	o->state = SIM_OBJ_FREED;
	memset(sim_obj_base(s, o), SIM_POISON_BYTE, o->size);
}

static struct sim_obj *free_target(struct sim *s, const void *ptr,
				   const struct sim_site *site)
{
	struct sim_obj *o = sim_obj_find(s, ptr);

	if (!o && sim_running(s)) {
		/* The slab allocator's "invalid free": an oops of the caller. */
		struct sim_finding *f = sim_finding_begin(s, SIM_FINDING_CRASH, site);

		snprintf(f->title, sizeof(f->title),
			 "BUG: KASAN: invalid-free in %s", sim_site_func(site));
		snprintf(f->object, sizeof(f->object), "not an allocated object");
		snprintf(f->detail, sizeof(f->detail),
			 "%s frees memory kzalloc() never gave out (a static or stack object, or a pointer into the middle of nothing); the execution ends here, the search goes on\n",
			 s->actors[s->current].name);
		sim_fail(s);
	}
	if (!o) {
		char where[SIM_WHERE_MAX];

		fprintf(stderr, "itsim: %s frees memory the arena never gave out\n",
			sim_site_where(site, where, sizeof(where)));
		abort();
	}
	o->free_site = site;
	o->free_actor = actor_or_setup(s);
	o->free_step = s->step;
	return o;
}

/*
 * NULL frees nothing, as in the kernel; outside any engine (a plain
 * program using the shims) the C library owns the memory. Return: true
 * when that settled it.
 */
static bool freed_outside(struct sim *s, const void *ptr)
{
	if (!ptr)
		return true;
	if (!s) {
		free((void *)ptr);
		return true;
	}
	return false;
}

void sim_kfree(const void *ptr, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_FREE, .addr = ptr, .site = site,
			     .what = "kfree" };
	struct sim_obj *o;

	if (freed_outside(s, ptr))
		return;
	sim_check_pointer(ptr, "kfree", site);
	/* Double free and freeing a dead object are caught by sim_visible(). */
	sim_visible(&op);
	o = free_target(s, ptr, site);
	poison(s, o);
	sim_done(&op);
}

/*
 * The RCU callback actor: frees each object whose grace period has ended,
 * one step each, and ends when every other actor has. Its steps are
 * enabled only when a free is due (sim.c: op_enabled).
 */
static void rcu_callbacks(void *arg)
{
	struct sim *s = arg;

	for (;;) {
		struct sim_op op = { .kind = SIM_OP_RCU_CALLBACK, .site = SIM_HERE,
				     .what = "rcu callback: kfree" };
		struct sim_obj *o;

		sim_visible(&op);
		o = sim_rcu_ready(s);
		if (!o)
			return;		/* everyone else is done */
		op.addr = sim_obj_base(s, o);
		poison(s, o);
		sim_done(&op);
	}
}

void sim_kfree_rcu(const void *ptr, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_op op = { .kind = SIM_OP_FREE_RCU, .addr = ptr, .site = site,
			     .what = "kfree_rcu" };
	struct sim_obj *o;
	uint64_t readers = 0;

	if (freed_outside(s, ptr))
		return;
	sim_check_pointer(ptr, "kfree_rcu", site);
	sim_visible(&op);
	o = free_target(s, ptr, site);
	if (!sim_running(s)) {
		/* Building the initial state: nobody reads, free at once. */
		poison(s, o);
		return;
	}
	/* Readers of every flavour: RCU-sched regions hold it off too. */
	for (int i = 0; i < s->nr_actors; i++)
		if (s->actors[i].state != SIM_ACTOR_DONE &&
		    sim_holds_off_gp(&s->actors[i]))
			readers |= 1ull << i;
	/*
	 * The grace period ends once every actor that was a reader now has
	 * left its read-side section; the free itself is a step of the RCU
	 * callback actor, scheduled like any other, so every point from
	 * then on is explored, the earliest included.
	 */
	o->state = SIM_OBJ_RCU_PENDING;
	o->rcu_readers = readers;
	o->rcu_seq = ++s->rcu_queued;
	o->rcu_waited = readers;
	if (s->rcu_actor < 0)
		s->rcu_actor = sim_spawn(s, SIM_RCU_ACTOR_NAME, rcu_callbacks, s);
	assert(s->rcu_actor >= 0);
	sim_done(&op);
}

/*
 * Callbacks run in the order they were queued, as on one CPU's callback
 * list: the oldest waits for its grace period, and the ones behind it
 * wait for it. That also makes "the next callback" one object, whatever
 * else happens meanwhile.
 */
struct sim_obj *sim_rcu_ready(struct sim *s)
{
	struct sim_obj *oldest = NULL;

	for (uint32_t i = 0; i < s->nr_objs; i++)
		if (s->objs[i].state == SIM_OBJ_RCU_PENDING &&
		    (!oldest || s->objs[i].rcu_seq < oldest->rcu_seq))
			oldest = &s->objs[i];
	return oldest && !oldest->rcu_readers ? oldest : NULL;
}

void sim_rcu_reader_left(struct sim *s, int actor)
{
	for (uint32_t i = 0; i < s->nr_objs; i++)
		if (s->objs[i].state == SIM_OBJ_RCU_PENDING)
			s->objs[i].rcu_readers &= ~(1ull << actor);
}

void sim_rcu_flush(struct sim *s)
{
	for (uint32_t i = 0; i < s->nr_objs; i++)
		if (s->objs[i].state == SIM_OBJ_RCU_PENDING)
			poison(s, &s->objs[i]);
}

/*
 * rcu_read_lock() (@delta 1) and rcu_read_unlock() (-1): one visible
 * operation each; the outermost unlock lets waiting grace periods end.
 */
static void rcu_read_side(const struct sim_site *site, int delta)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = sim_running(s);
	struct sim_op op = {
		.kind = delta > 0 ? SIM_OP_RCU_LOCK : SIM_OP_RCU_UNLOCK,
		.site = site,
		.what = delta > 0 ? "rcu_read_lock" : "rcu_read_unlock",
	};

	assert(delta == 1 || delta == -1);
	if (!a)
		return;
	sim_visible(&op);
	assert(a->rcu_depth + delta >= 0);
	if (delta > 0 && !sim_holds_off_gp(a))
		a->gp_since = s->rcu_queued;
	a->rcu_depth += delta;
	op.after = a->rcu_depth;
	if (delta < 0 && !sim_holds_off_gp(a))
		sim_rcu_reader_left(s, s->current);
	sim_done(&op);
}

void sim_rcu_read_lock(const struct sim_site *site)
{
	rcu_read_side(site, 1);
}

void sim_rcu_read_unlock(const struct sim_site *site)
{
	rcu_read_side(site, -1);
}

struct sim_place {
	const char *arena, *scratch;
	const void *statics[SIM_MAX_STATIC_LOCKS];
	int nr_statics;
};

struct sim_place *sim_place_of(const struct sim *s)
{
	struct sim_place *pl = calloc(1, sizeof(*pl));

	if (!pl)
		return NULL;
	pl->arena = s->arena;
	pl->scratch = s->scratch;
	memcpy(pl->statics, s->statics, sizeof(pl->statics));
	pl->nr_statics = s->nr_statics;
	return pl;
}

const void *sim_translate(const struct sim_place *from, const struct sim *to,
			  const void *p)
{
	const char *c = p;

	if (from->arena && c >= from->arena && c < from->arena + SIM_ARENA_SIZE)
		return to->arena + (c - from->arena);
	if (from->scratch && c >= from->scratch &&
	    c < from->scratch + SIM_SCRATCH_SIZE)
		return to->scratch + (c - from->scratch);
	for (int i = 0; i < from->nr_statics && i < to->nr_statics; i++)
		if (p == from->statics[i])
			return to->statics[i];
	return p;
}

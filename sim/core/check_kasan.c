/* SPDX-License-Identifier: MIT */
/*
 * KASAN for code compiled at run time (variant files, kernel trees): gcc's
 * -fsanitize=kernel-address with every access outlined
 * (asan-instrumentation-with-call-threshold=0) calls __asan_loadN_noabort()
 * and __asan_storeN_noabort() before each plain load and store, as the
 * kernel's KASAN has it. Here they check the access against the arena:
 * an address inside a freed object is a use-after-free, one in the red
 * zone between objects an out-of-bounds access. An object waiting for its
 * RCU grace period is still readable, as with kfree_rcu() in the kernel.
 *
 * Only accesses of a running actor are judged, outside the checkers'
 * hooks (which read the model's lists plainly) and before any finding of
 * the execution. Everything else (the engine, the built-in model, which
 * meson compiles, setup) goes through untouched: the first test is a
 * range check against the arena, so the fast path costs a few compares.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

/*
 * The live object the thread's last judged access fell in, valid while no
 * object was freed since (obj_epoch): most accesses hit the object the
 * previous one did, and skip the search.
 */
static _Thread_local uintptr_t live_lo, live_hi;
static _Thread_local uint64_t live_epoch;
static _Thread_local const struct sim *live_sim;

/* An access in the arena the cached live range does not cover. */
static void judge(struct sim *s, uintptr_t addr, size_t size, bool write)
{
	const struct sim_event *last;
	const struct sim_site *site;
	struct sim_obj *o = sim_obj_find(s, (const void *)addr);
	const char *arena = s->arena;
	struct sim_finding *f;
	char line[256], where[SIM_WHERE_MAX];
	bool oob = !o;
	long freed;

	if (o) {
		const char *base = sim_obj_base(s, o);

		if (o->state != SIM_OBJ_FREED &&
		    addr + size <= (uintptr_t)base + o->size) {
			live_lo = (uintptr_t)base;
			live_hi = (uintptr_t)base + o->size;
			live_epoch = s->obj_epoch;
			live_sim = s;
			return;
		}
		oob = o->state != SIM_OBJ_FREED;
	} else {
		/* The red zone after the object just below the address. */
		for (uint32_t i = s->nr_objs; i-- > 0;)
			if ((uintptr_t)(arena + s->objs[i].offset) <= addr) {
				o = &s->objs[i];
				break;
			}
	}
	/* Named by the actor's last visible step, only once it is a finding. */
	last = sim_last_event_of_current(s);
	site = last ? last->op.site : NULL;
	f = sim_finding_begin(s, oob ? SIM_FINDING_OUT_OF_BOUNDS :
				       SIM_FINDING_USE_AFTER_FREE, site);
	if (o)
		sim_obj_name(s, o, f->object, sizeof(f->object));
	snprintf(f->title, sizeof(f->title), "BUG: KASAN: %s in %s",
		 oob ? "slab-out-of-bounds" : "slab-use-after-free",
		 site ? site->func : "?");
	snprintf(line, sizeof(line), "%s of size %zu at offset %zu of %s (%zu bytes%s) by %s, a plain access after its step at %s\n",
		 write ? "Write" : "Read", size,
		 o ? (size_t)(addr - (uintptr_t)sim_obj_base(s, o)) : 0,
		 o ? f->object : "no object", o ? o->size : 0,
		 o && o->state == SIM_OBJ_FREED ? ", freed" : "",
		 s->actors[s->current].name,
		 site ? sim_site_where(site, where, sizeof(where)) : "its start");
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	if (o) {
		snprintf(line, sizeof(line), "allocated by %s at %s\n",
			 o->alloc_actor >= 0 ? s->actors[o->alloc_actor].name : "setup",
			 sim_site_where(o->alloc_site, where, sizeof(where)));
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	freed = o && o->state == SIM_OBJ_FREED ?
		sim_obj_free_event(s, o, SIM_OP_RCU_CALLBACK) : -1;
	if (freed >= 0)
		sim_finding_step(f, (uint32_t)freed, "freed");
	if (last)
		sim_finding_step(f, (uint32_t)(last - s->log),
				 "the access's actor, its last step before it");
	sim_fail(s);
}

static inline void check(uintptr_t addr, size_t size, bool write)
{
	struct sim *s = sim_cur;

	if (!s || s->kasan_off || !s->arena || addr < (uintptr_t)s->arena ||
	    addr >= (uintptr_t)s->arena + s->arena_used)
		return;
	if (addr >= live_lo && addr + size <= live_hi &&
	    live_epoch == s->obj_epoch && live_sim == s)
		return;
	if (!sim_running(s) || s->in_hook || s->failed)
		return;
	judge(s, addr, size, write);
}

void sim_kasan_check(uintptr_t addr, size_t size, bool write)
{
	check(addr, size, write);
}

/* The callbacks gcc calls; exported by the sim executable. */
#define KASAN_CALLBACKS(n)						\
	void __asan_load##n##_noabort(void *addr);			\
	void __asan_store##n##_noabort(void *addr);			\
	void __asan_load##n##_noabort(void *addr)			\
	{								\
		check((uintptr_t)addr, n, false);			\
	}								\
	void __asan_store##n##_noabort(void *addr)			\
	{								\
		check((uintptr_t)addr, n, true);			\
	}
KASAN_CALLBACKS(1)
KASAN_CALLBACKS(2)
KASAN_CALLBACKS(4)
KASAN_CALLBACKS(8)
KASAN_CALLBACKS(16)

void __asan_loadN_noabort(void *addr, long size);
void __asan_storeN_noabort(void *addr, long size);

void __asan_loadN_noabort(void *addr, long size)
{
	check((uintptr_t)addr, (size_t)size, false);
}

void __asan_storeN_noabort(void *addr, long size)
{
	check((uintptr_t)addr, (size_t)size, true);
}

/*
 * Before a call that does not return: nothing to unpoison here. Under the
 * sanitizer build, userspace ASan's own must stay: it unpoisons the stack
 * frames a longjmp() or an actor switch abandons.
 */
#ifndef __SANITIZE_ADDRESS__
void __asan_handle_no_return(void);
void __asan_handle_no_return(void)
{
}
#endif

void sim_kasan_keep(void)
{
}

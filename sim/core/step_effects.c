/* SPDX-License-Identifier: MIT */
/*
 * What a step did to the holders of refcounted objects, for dpor.
 *
 * The refcount checker judges a put by the object's holders (ITEs, cache
 * slots, ap_lists) at that moment, and a step of another actor inside a
 * critical section may change them in its invisible code. Before a step
 * has run, nobody knows whether it will, so the dependency relation
 * treats every such step as one that does (sim/core/depend.c). Once it
 * has run, this says which objects' holders it changed: the holders of
 * every tracked object are compared before and after each step. A step
 * that changed none commutes with a put of any object: the put's verdict
 * is the same on either side of it.
 *
 * Holders are lock-protected (an ITE's irq under its_lock, an ap_list
 * under its ap_list_lock, the cache under xa_lock), so only a step inside
 * or into a critical section, or an xarray write, should change them. One
 * that changed them otherwise (a patch that walks a list without its
 * lock) is "unprotected": whatever another actor does around it may see
 * the change half-made or miss it, so dpor orders it against everything.
 *
 * The objects looked at are those the model counted holders of when the
 * execution began, and those given a refcount since (refcount_set()). A
 * put of any other object does not trust what steps recorded
 * (SIM_DEP_UNTRACKED).
 *
 * Only a strategy that asks pays for it (sim_track_step_effects()).
 */
#include "sim_internal.h"

#include <limits.h>
#include <stdlib.h>

/* Unknown: a refcount set since the last look (sim_obj_note_refcount()). */
#define HOLDERS_UNKNOWN INT_MIN
/*
 * A step's record: the objects whose holders it changed, one bit per id
 * modulo 63 (object 63 shares bit 0), and whether it did so unprotected.
 */
#define STEP_UNPROTECTED (1ull << 63)

int sim_track_step_effects(struct sim *s, bool on)
{
	if (on && !s->step_holders) {
		s->step_holders = calloc(s->cfg.max_steps + 1,
					 sizeof(*s->step_holders));
		if (!s->step_holders)
			return -1;
	}
	s->track_effects = on;
	return 0;
}

bool sim_step_holders_changed(const struct sim *s, size_t step,
			      uint64_t *mask, bool *unprotected)
{
	if (!s->effects_known || step >= s->step)
		return false;
	*mask = s->step_holders[step] & ~STEP_UNPROTECTED;
	*unprotected = s->step_holders[step] & STEP_UNPROTECTED;
	return true;
}

void sim_effects_setup(struct sim *s)
{
	s->effects_known = s->track_effects && s->hooks.holders;
	if (!s->effects_known)
		return;
	/* The objects the model counts holders of, refcount or not. */
	for (uint32_t i = 0; i < s->nr_objs; i++) {
		struct sim_obj *o = &s->objs[i];

		if (o->state != SIM_OBJ_LIVE)
			continue;
		o->holders_last = sim_holders_count(s, o);
		o->holders_tracked = o->holders_last >= 0 || o->ref_off;
	}
}

bool sim_effects_locked(const struct sim *s, int id)
{
	const struct sim_actor *a = &s->actors[id];
	int k = a->pending.kind;

	if (!s->effects_known)
		return false;
	return a->locks_held - a->shared_held > 0 || k == SIM_OP_LOCK ||
	       k == SIM_OP_TRYLOCK || k == SIM_OP_XA_STORE ||
	       k == SIM_OP_XA_ERASE || k == SIM_OP_XA_RESERVE;
}

struct scan_call {
	struct sim *s;
	uint64_t mask;
};

/*
 * The tracked objects whose holders changed since the last look, into
 * c->mask. Run under one sim_guarded_hook() for all of them: the hook
 * calls inside then find a guard in place and set up none of their own.
 */
static void scan(void *ctx)
{
	struct scan_call *c = ctx;
	struct sim *s = c->s;

	for (uint32_t i = 0; i < s->nr_objs; i++) {
		struct sim_obj *o = &s->objs[i];
		int h;

		if (!o->holders_tracked || o->state != SIM_OBJ_LIVE)
			continue;
		h = sim_holders_count(s, o);
		if (h != o->holders_last) {
			c->mask |= 1ull << (o->id % 63);
			o->holders_last = h;
		}
	}
}

void sim_effects_step(struct sim *s, bool locked)
{
	struct scan_call c = { s, 0 };
	uint64_t mask;

	if (!s->effects_known)
		return;
	if (s->failed) {
		/* Cut short: what it did is not known. */
		s->step_holders[s->step - 1] = ~0ull;
		return;
	}
	if (sim_guarded_hook(s, scan, &c)) {
		/* A walk faulted (sim_holders_of()): unknown from here on. */
		s->effects_known = false;
		return;
	}
	mask = c.mask;
	if (mask && !locked)
		mask |= STEP_UNPROTECTED;
	s->step_holders[s->step - 1] = mask;
}

void sim_effects_new_refcount(struct sim_obj *o)
{
	if (o->holders_tracked)
		return;
	o->holders_tracked = true;
	o->holders_last = HOLDERS_UNKNOWN;
}

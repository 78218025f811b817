/* SPDX-License-Identifier: MIT */
/*
 * Refcount checker: what the kernel's refcount_t warns about (decrement at
 * zero, increment from zero), and what it cannot see: a decrement that
 * leaves fewer references than live structures still hold. The model says
 * who holds references (ITEs, cache slots, ap_lists), so a double put is
 * caught at the put that makes the count wrong, before any later use.
 *
 * A put that hits zero while referenced is judged at once: the object is
 * gone. A put that leaves a count above zero but below the holders is
 * judged when the putting actor reaches its next visible operation (or
 * ends): the kernel drops a reference and then clears the pointer that
 * held it, under the lock that guards the pointer (6.1's cache
 * invalidation: __vgic_put_lpi_locked(), then cte->irq = NULL), and no
 * other actor can see the two apart. A deficit still there when the actor
 * next acts on shared state is a reference dropped twice.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

static void name_object(struct sim *s, const void *addr, struct sim_finding *f)
{
	struct sim_obj *o = sim_obj_find(s, addr);

	if (o)
		sim_obj_name(s, o, f->object, sizeof(f->object));
	else
		snprintf(f->object, sizeof(f->object), "a static refcount");
}

/* The most recent earlier decrement of the same count, as context. */
static void previous_dec(struct sim *s, const struct sim_event *ev,
			 struct sim_finding *f)
{
	uint32_t self = (uint32_t)(ev - s->log);

	for (uint32_t i = self; i-- > 0;) {
		const struct sim_op *op = &s->log[i].op;

		if (op->kind == SIM_OP_REF_DEC && op->addr == ev->op.addr) {
			sim_finding_step(f, i, "previous put");
			return;
		}
	}
}

static void underflow(struct sim *s, const struct sim_event *ev, bool inc)
{
	struct sim_finding *f;
	char where[SIM_WHERE_MAX];

	f = sim_finding_begin(s, inc ? SIM_FINDING_REFCOUNT_INC_ZERO :
				       SIM_FINDING_REFCOUNT_UNDERFLOW,
			      ev->op.site);
	name_object(s, ev->op.addr, f);
	snprintf(f->title, sizeof(f->title), "refcount_t: %s; use-after-free.",
		 inc ? "addition on 0" : "underflow");
	snprintf(f->detail, sizeof(f->detail), "%s on %s at %s with count 0\n",
		 ev->op.what, f->object,
		 sim_site_where(ev->op.site, where, sizeof(where)));
	previous_dec(s, ev, f);
	sim_finding_step(f, (uint32_t)(ev - s->log), inc ? "get at zero" : "put at zero");
	sim_fail(s);
}

static void premature(struct sim *s, const struct sim_event *ev, int holders,
		      const char *who)
{
	struct sim_finding *f;
	char where[SIM_WHERE_MAX];

	f = sim_finding_begin(s, SIM_FINDING_PREMATURE_FREE, ev->op.site);
	name_object(s, ev->op.addr, f);
	if (ev->op.after == 0)
		snprintf(f->title, sizeof(f->title),
			 "refcount_t: premature release: count hit 0 with %d live reference%s",
			 holders, holders == 1 ? "" : "s");
	else
		snprintf(f->title, sizeof(f->title),
			 "refcount_t: count %lld below its %d live references",
			 (long long)ev->op.after, holders);
	snprintf(f->detail, sizeof(f->detail),
		 "%s on %s at %s: count %lld -> %lld\nstill referenced by: %s\n",
		 ev->op.what, f->object,
		 sim_site_where(ev->op.site, where, sizeof(where)),
		 (long long)ev->op.before, (long long)ev->op.after, who);
	previous_dec(s, ev, f);
	sim_finding_step(f, (uint32_t)(ev - s->log), "this put");
	sim_fail(s);
}

static void call_holders(void *ctx)
{
	struct sim_obj_hook_call *c = ctx;

	c->ret = c->s->hooks.holders(c->s->hooks.ctx, sim_obj_base(c->s, c->o),
				     c->buf, c->len);
}

/*
 * The references live structures hold on @o, as the model's hook counts
 * them, named in @who; -1: it does not count them. A hook that faults
 * (code under test left a freed object linked where it walks; the code's
 * own next walk there is a KASAN report) does not count them either, and
 * what steps did to holders is then unknown for the rest of the
 * execution (step_effects.c).
 */
int sim_holders_of(struct sim *s, struct sim_obj *o, char *who, size_t len)
{
	struct sim_obj_hook_call c = { s, o, who, len, -1 };

	who[0] = '\0';
	if (sim_guarded_hook(s, call_holders, &c)) {
		s->effects_known = false;
		return -1;
	}
	return c.ret;
}

int sim_holders_count(struct sim *s, struct sim_obj *o)
{
	char none;

	return sim_holders_of(s, o, &none, 0);
}

void sim_check_refcount(struct sim *s, const struct sim_event *ev)
{
	const struct sim_op *op = &ev->op;
	struct sim_obj *o;
	char who[256];
	int holders;

	switch (op->kind) {
	case SIM_OP_REF_INC:
		if (op->before == 0)
			underflow(s, ev, true);
		return;
	case SIM_OP_REF_DEC:
		if (op->before <= 0)
			underflow(s, ev, false);
		break;
	default:
		return;
	}
	o = sim_obj_find(s, op->addr);
	if (!o || !s->hooks.holders)
		return;
	/* Counted first; named only for a report (formatting is the cost). */
	holders = sim_holders_count(s, o);
	/* The model counts its holders: the end-of-execution check may. */
	o->ref_tracked |= holders >= 0;
	if (holders <= op->after)
		return;
	if (op->after == 0) {
		holders = sim_holders_of(s, o, who, sizeof(who));
		premature(s, ev, holders, who);
		return;
	}
	if (s->current >= 0)
		s->actors[s->current].ref_deficit = (int32_t)(ev - s->log);
}

void sim_check_ref_deficit(struct sim *s, struct sim_actor *a)
{
	const struct sim_event *ev;
	struct sim_obj *o;
	char who[256];
	int holders, count;

	if (a->ref_deficit < 0)
		return;
	ev = &s->log[a->ref_deficit];
	a->ref_deficit = -1;
	o = sim_obj_find(s, ev->op.addr);
	if (!o || o->state != SIM_OBJ_LIVE)
		return;
	/* The count now (another actor may have taken or dropped one):
	 * refcount_t's counter is its first member (sim/shim/refcount.c). */
	count = *(const int *)ev->op.addr;
	holders = sim_holders_of(s, o, who, sizeof(who));
	if (holders > count)
		premature(s, ev, holders, who);
}

void sim_check_leaks(struct sim *s)
{
	struct sim_finding *f = NULL;
	uint32_t leaked = 0;
	char line[300], name[64], where[SIM_WHERE_MAX];

	for (uint32_t i = 0; i < s->nr_objs; i++) {
		struct sim_obj *o = &s->objs[i];

		if (o->state != SIM_OBJ_LIVE)
			continue;
		sim_obj_name(s, o, name, sizeof(name));
		if (!f) {
			f = sim_finding_begin(s, SIM_FINDING_LEAK, o->alloc_site);
			snprintf(f->object, sizeof(f->object), "%s", name);
		}
		leaked++;
		snprintf(line, sizeof(line), "unreferenced object %s (%zu bytes), allocated by %s at %s\n",
			 name, o->size,
			 o->alloc_actor >= 0 ? s->actors[o->alloc_actor].name : "setup",
			 sim_site_where(o->alloc_site, where, sizeof(where)));
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	if (f)
		snprintf(f->title, sizeof(f->title),
			 "kmemleak: %u new suspected memory leak%s after VM teardown",
			 leaked, leaked == 1 ? "" : "s");
}

/* The last visible step that changed @o's count, or -1. */
static long last_ref_change(const struct sim *s, const struct sim_obj *o)
{
	const char *count = (const char *)sim_obj_base((struct sim *)s, o) +
			    o->ref_off - 1;

	for (size_t i = s->log_len; i-- > 0;) {
		const struct sim_op *op = &s->log[i].op;

		if (op->addr == count && op->kind != SIM_OP_REF_READ)
			return (long)i;
	}
	return -1;
}

/*
 * Leaks at the end of every clean execution, as kmemleak would find them
 * after the threads are done (a scenario without VM teardown included):
 * a live reference-counted object that no structure reaches any more, or
 * whose count exceeds its holders (references that no one will drop), or
 * that dropped to zero and was never released. At that point no actor is
 * running, so every reference left is one a structure owns. Objects the
 * model's holders hook does not know, now or at a put before (an SPI's or
 * a private IRQ's kref, which vgic_put_irq() ignores), are left to the
 * teardown check.
 */
void sim_check_ref_leaks(struct sim *s)
{
	for (uint32_t i = 0; i < s->nr_objs; i++) {
		struct sim_obj *o = &s->objs[i];
		struct sim_finding *f;
		char who[256], name[64], where[SIM_WHERE_MAX], line[768];
		int count, holders;
		long last;

		if (o->state != SIM_OBJ_LIVE || !o->ref_off)
			continue;
		count = *(const int *)((const char *)sim_obj_base(s, o) +
				       o->ref_off - 1);
		holders = sim_holders_count(s, o);
		/* Not the model's (now, or at a put before): not judged. */
		if (holders < 0 && !o->ref_tracked)
			continue;
		if (holders >= 0 && count == holders && count > 0)
			continue;
		holders = sim_holders_of(s, o, who, sizeof(who));
		sim_obj_name(s, o, name, sizeof(name));
		f = sim_finding_begin(s, SIM_FINDING_LEAK, o->alloc_site);
		snprintf(f->object, sizeof(f->object), "%s", name);
		if (holders < 0)
			snprintf(f->title, sizeof(f->title),
				 "kmemleak: unreferenced object %s: count %d, and no structure reaches it",
				 name, count);
		else if (count == 0)
			snprintf(f->title, sizeof(f->title),
				 "kmemleak: unreferenced object %s: its count dropped to 0 and it was never released",
				 name);
		else
			snprintf(f->title, sizeof(f->title),
				 "kmemleak: suspected leak of %s: count %d, but %d holder%s",
				 name, count, holders, holders == 1 ? "" : "s");
		snprintf(line, sizeof(line),
			 "unreferenced object %s (%zu bytes), allocated by %s at %s\nafter every thread ended: count %d, holders %d%s%s\n",
			 name, o->size,
			 o->alloc_actor >= 0 ? s->actors[o->alloc_actor].name : "setup",
			 sim_site_where(o->alloc_site, where, sizeof(where)),
			 count, holders < 0 ? 0 : holders, who[0] ? ": " : "", who);
		/* The detail is empty here: the line is all of it, cut to fit. */
		snprintf(f->detail, sizeof(f->detail), "%.*s",
			 (int)sizeof(f->detail) - 1, line);
		for (size_t k = 0; k < s->log_len; k++)
			if (s->log[k].op.kind == SIM_OP_ALLOC &&
			    s->log[k].op.addr == sim_obj_base(s, o)) {
				sim_finding_step(f, (uint32_t)k, "allocated");
				break;
			}
		f->obj_ref = o->id + 1;
		last = last_ref_change(s, o);
		if (last >= 0)
			sim_finding_step(f, (uint32_t)last,
					 "its count's last change: no put follows");
		/* Known when the trace was re-run with a watch on the object. */
		if ((int)o->id == s->watch_id && s->watch_drop >= 0) {
			char role[48];

			snprintf(role, sizeof(role), "its holders had fallen %d -> %d",
				 s->watch_from, s->watch_to);
			sim_finding_step(f, (uint32_t)s->watch_drop, role);
		}
		return;		/* one finding per execution */
	}
}

/*
 * References one object gained in the dying actor's operation. Counted
 * from the log alone: the model's holders hook is not asked, because an
 * oops may leave the structures it walks half updated. A reference the
 * operation already handed to a structure is listed too; the step shows
 * where it was taken.
 */
struct dying_ref {
	const void *addr;
	int net;
	long first;	/* the log index of its first get */
};

#define SIM_DYING_REFS 8

void sim_note_dying_refs(struct sim *s, struct sim_finding *f)
{
	const struct sim_actor *a = &s->actors[s->current];
	struct dying_ref refs[SIM_DYING_REFS];
	int n = 0;

	for (size_t k = a->op_log; k < s->log_len; k++) {
		const struct sim_event *ev = &s->log[k];
		int delta = ev->op.kind == SIM_OP_REF_INC ? 1 :
			    ev->op.kind == SIM_OP_REF_INC_NOT_ZERO && ev->op.ok ? 1 :
			    ev->op.kind == SIM_OP_REF_DEC ? -1 : 0;
		int i;

		if (ev->actor != s->current || !delta)
			continue;
		for (i = 0; i < n && refs[i].addr != ev->op.addr; i++)
			;
		if (i == n) {
			if (n == SIM_DYING_REFS || delta < 0)
				continue;
			refs[n++] = (struct dying_ref){ ev->op.addr, 0, (long)k };
		}
		refs[i].net += delta;
	}
	for (int i = 0; i < n; i++) {
		struct sim_obj *o = sim_obj_find(s, refs[i].addr);
		char name[64], line[200];

		if (refs[i].net <= 0 || !o || o->state != SIM_OBJ_LIVE)
			continue;
		sim_obj_name(s, o, name, sizeof(name));
		snprintf(line, sizeof(line),
			 "%s's operation took %d reference%s to %s (first at #%u) and had not put %s: the dead thread never will\n",
			 a->name, refs[i].net, refs[i].net == 1 ? "" : "s", name,
			 s->log[refs[i].first].step, refs[i].net == 1 ? "it" : "them");
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
		sim_finding_step(f, (uint32_t)refs[i].first,
				 "a reference taken, never dropped");
	}
}

void sim_watch_step(struct sim *s)
{
	struct sim_obj *o;
	int holders;

	if ((uint32_t)s->watch_id >= s->nr_objs || !s->hooks.holders)
		return;
	o = &s->objs[s->watch_id];
	if (o->state != SIM_OBJ_LIVE)
		return;
	holders = sim_holders_count(s, o);
	if (holders >= 0 && s->watch_prev >= 0 && holders < s->watch_prev) {
		s->watch_drop = (long)s->log_len - 1;
		s->watch_from = s->watch_prev;
		s->watch_to = holders;
	}
	s->watch_prev = holders;
}

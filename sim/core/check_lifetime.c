/* SPDX-License-Identifier: MIT */
/*
 * Lifetime checker: a visible operation on a freed object is a
 * use-after-free, a second free of it a double free. It runs before the
 * operation takes effect, so the report shows the access that was about to
 * happen. An object waiting for an RCU grace period is still readable.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

/* Log the operation that was about to happen, as the last event. */
static uint32_t log_failing(struct sim *s, const struct sim_op *op)
{
	struct sim_event *ev = &s->log[s->log_len];

	ev->step = s->step - 1;
	ev->actor = s->current;
	ev->time = s->now;
	ev->op = *op;
	sim_log_calltrace_take(s, s->log_len);
	return (uint32_t)s->log_len++;
}

long sim_obj_free_event(struct sim *s, const struct sim_obj *o,
			enum sim_op_kind rcu)
{
	const char *base = sim_obj_base(s, o);

	for (size_t i = s->log_len; i-- > 0;) {
		const struct sim_op *op = &s->log[i].op;

		if ((op->kind == SIM_OP_FREE || op->kind == rcu) &&
		    op->addr == base)
			return (long)i;
	}
	return -1;
}

static void site_line(char *buf, size_t len, const char *what,
		      struct sim *s, int actor, const struct sim_site *site)
{
	char where[SIM_WHERE_MAX];

	snprintf(buf, len, "%s by %s at %s\n", what,
		 actor >= 0 ? s->actors[actor].name : "setup",
		 sim_site_where(site, where, sizeof(where)));
}

void sim_check_lifetime(struct sim *s, const struct sim_op *op)
{
	bool is_free = op->kind == SIM_OP_FREE || op->kind == SIM_OP_FREE_RCU;
	struct sim_obj *o = sim_obj_find(s, op->addr);
	struct sim_finding *f;
	char line[200];
	uint32_t at;
	long freed;

	if (!o)
		return;
	if (o->state == SIM_OBJ_LIVE)
		return;
	if (o->state == SIM_OBJ_RCU_PENDING && !is_free)
		return;
	f = sim_finding_begin(s, is_free ? SIM_FINDING_DOUBLE_FREE :
					   SIM_FINDING_USE_AFTER_FREE, op->site);
	sim_obj_name(s, o, f->object, sizeof(f->object));
	snprintf(f->title, sizeof(f->title), "BUG: KASAN: %s in %s",
		 is_free ? "double-free" : "slab-use-after-free",
		 op->site->func);
	freed = sim_obj_free_event(s, o, SIM_OP_FREE_RCU);
	at = log_failing(s, op);
	snprintf(line, sizeof(line), "%s of %s (%s offset %zu)\n",
		 is_free ? "second free" : op->what ? op->what :
		 sim_op_kind_name(op->kind), f->object,
		 o->state == SIM_OBJ_FREED ? "freed," : "free pending,",
		 (size_t)((const char *)op->addr - (const char *)sim_obj_base(s, o)));
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	site_line(line, sizeof(line), "allocated", s, o->alloc_actor, o->alloc_site);
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	site_line(line, sizeof(line), "freed", s, o->free_actor, o->free_site);
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	if (freed >= 0)
		sim_finding_step(f, (uint32_t)freed, "freed");
	sim_finding_step(f, at, is_free ? "freed again" : "accessed after free");
	sim_fail(s);
}

/* SPDX-License-Identifier: MIT */
/*
 * Naming what an operation touched, and formatting one event as a report
 * line. Everything printed is derived from ids, names and offsets, never
 * from an address, so reports are byte-identical across runs.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

void sim_describe_addr(struct sim *s, const void *addr, char *buf, size_t len)
{
	struct sim_obj *o = sim_obj_find(s, addr);
	char name[96];
	size_t off;

	if (!o) {
		snprintf(buf, len, "%s", addr ? "static" : "");
		return;
	}
	sim_obj_name(s, o, name, sizeof(name));
	off = (size_t)((const char *)addr - (const char *)sim_obj_base(s, o));
	if (off)
		snprintf(buf, len, "%s+%#zx", name, off);
	else
		snprintf(buf, len, "%s", name);
}

/* "&its->translation_cache" from the xarray's lock class "...xa_lock". */
void sim_op_xarray_name(const struct sim_op *op, char *buf, size_t len)
{
	const char *cls = op->cls ? op->cls->name : NULL;
	size_t n;

	if (!cls) {
		snprintf(buf, len, "xarray");
		return;
	}
	n = strlen(cls);
	if (n > 8 && strcmp(cls + n - 8, ".xa_lock") == 0)
		n -= 8;
	snprintf(buf, len, "%.*s", (int)n, cls);
}

const char *sim_op_lock_verb(const struct sim_op *op)
{
	static const char *const verbs[][3] = {
		[SIM_LOCK_MUTEX] = { "mutex_lock", "mutex_trylock", "mutex_unlock" },
		[SIM_LOCK_SPINLOCK] = { "spin_lock", "spin_trylock", "spin_unlock" },
		[SIM_LOCK_RAW_SPINLOCK] = { "raw_spin_lock", "raw_spin_trylock", "raw_spin_unlock" },
		[SIM_LOCK_SRCU] = { "srcu_read_lock", "srcu_read_lock", "srcu_read_unlock" },
	};
	int k = op->kind == SIM_OP_LOCK ? 0 : op->kind == SIM_OP_TRYLOCK ? 1 : 2;

	if (!op->cls || (unsigned int)op->cls->type >= sizeof(verbs) / sizeof(verbs[0]))
		return op->what ? op->what : "lock";
	return verbs[op->cls->type][k];
}

void sim_format_event(struct sim *s, const struct sim_event *ev, char *buf,
		      size_t len)
{
	const struct sim_op *op = &ev->op;
	char where[96], obj[128], val[128], xa[64];
	const char *actor = ev->actor >= 0 ? s->actors[ev->actor].name : "-";

	if (op->site)
		snprintf(where, sizeof(where), "%s:%d", op->site->func,
			 op->site->line);
	else
		snprintf(where, sizeof(where), "-");
	obj[0] = val[0] = '\0';
	switch (op->kind) {
	case SIM_OP_SYNC:
		snprintf(obj, sizeof(obj), "%s(%s)", op->what,
			 op->cls ? op->cls->name : "");
		break;
	case SIM_OP_START:
	case SIM_OP_WAIT_OTHERS:
	case SIM_OP_RCU_LOCK:
	case SIM_OP_RCU_UNLOCK:
		snprintf(obj, sizeof(obj), "%s", op->what);
		break;
	case SIM_OP_LOCK:
	case SIM_OP_TRYLOCK:
	case SIM_OP_UNLOCK:
		sim_describe_addr(s, op->addr, val, sizeof(val));
		snprintf(obj, sizeof(obj), "%s(%s)%s%s%s", sim_op_lock_verb(op),
			 op->cls->name, val[0] ? " [" : "", val,
			 val[0] ? "]" : "");
		if (op->kind == SIM_OP_TRYLOCK)
			strncat(obj, op->ok ? " = 1" : " = 0",
				sizeof(obj) - strlen(obj) - 1);
		break;
	case SIM_OP_XA_LOAD:
	case SIM_OP_XA_FIND:
	case SIM_OP_XA_STORE:
	case SIM_OP_XA_ERASE:
	case SIM_OP_XA_RESERVE:
		sim_op_xarray_name(op, xa, sizeof(xa));
		if (op->value)
			sim_describe_addr(s, op->value, val, sizeof(val));
		snprintf(obj, sizeof(obj), "%s(%s, %#llx)%s%s", op->what, xa,
			 (unsigned long long)op->index,
			 op->kind == SIM_OP_XA_STORE ? " <- " : " = ",
			 op->value ? val : "NULL");
		break;
	case SIM_OP_REF_READ:
	case SIM_OP_REF_INC:
	case SIM_OP_REF_INC_NOT_ZERO:
	case SIM_OP_REF_DEC:
	case SIM_OP_RMW:
	case SIM_OP_READ:
	case SIM_OP_WRITE:
		sim_describe_addr(s, op->addr, val, sizeof(val));
		snprintf(obj, sizeof(obj), "%s(%s): %lld -> %lld", op->what, val,
			 (long long)op->before, (long long)op->after);
		if (op->kind == SIM_OP_READ && op->before == op->after &&
		    op->before == 0 && strcmp(op->what, "READ_ONCE") == 0)
			snprintf(obj, sizeof(obj), "%s(%s)", op->what, val);
		if (op->kind == SIM_OP_WRITE && strcmp(op->what, "WRITE_ONCE") == 0)
			snprintf(obj, sizeof(obj), "%s(%s)", op->what, val);
		break;
	case SIM_OP_ALLOC:
	case SIM_OP_FREE:
	case SIM_OP_FREE_RCU:
	case SIM_OP_RCU_CALLBACK:
		sim_describe_addr(s, op->addr, val, sizeof(val));
		snprintf(obj, sizeof(obj), "%s(%s)", op->what, val);
		break;
	case SIM_OP__COUNT:
		break;
	}
	snprintf(buf, len, "%-12s %-40s %s", actor, where, obj);
}

/* SPDX-License-Identifier: MIT */
/*
 * Naming what an operation touched, and formatting an operation: one
 * formatter per shape of operation, for the report's step lines and the
 * picture's shorter labels alike. Everything printed is derived from ids, names and offsets, never
 * from an address, so reports are byte-identical across runs.
 */
#include "sim_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* "st" for 1, then "nd", "rd", "th", ..., "th" for 11 to 13, "st" for 21. */
static const char *ordinal_suffix(uint32_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1:
		return "st";
	case 2:
		return "nd";
	case 3:
		return "rd";
	default:
		return "th";
	}
}

/*
 * An execution can hold two objects the model names alike: an LPI
 * released and mapped again with the same INTID is a new vgic_irq, and
 * both are "vgic_irq LPI 8192". Each of them then gets its rank among the
 * objects of that name, in allocation order: "vgic_irq LPI 8192 (1st)"
 * is the old one, "(2nd)" the new. A rank rather than the step that
 * allocated it: objects of the initial state have no step, a rank keeps
 * a step line's "NAME+0x54" short, and "the 2nd LPI 8192" is how a
 * reviewer would tell them apart in words. A name no other object has
 * stays bare, so a report without such a pair reads as before.
 *
 * Names are compared as they are now, a freed object's as it was freed;
 * a report is made once its execution has ended, so every line of it
 * names an object the same way.
 */
void sim_obj_name(struct sim *s, struct sim_obj *o, char *buf, size_t len)
{
	/* A freed object's name was kept in sizeof(o->name): compare that. */
	const size_t cmp = sizeof(o->name) - 1;
	char mine[128], other[128];
	uint32_t rank = 1, same = 1;

	assert(len > 0);
	if (!sim_obj_model_name(s, o, mine, sizeof(mine))) {
		snprintf(buf, len, "%s", mine);	/* unique by its id */
		return;
	}
	for (uint32_t i = 0; i < s->nr_objs; i++) {
		struct sim_obj *x = &s->objs[i];

		if (x == o)
			continue;
		sim_obj_model_name(s, x, other, sizeof(other));
		if (strncmp(other, mine, cmp) != 0)
			continue;
		same++;
		rank += x->id < o->id;
	}
	assert(rank >= 1 && rank <= same);
	if (same > 1)
		snprintf(buf, len, "%s (%u%s)", mine, rank, ordinal_suffix(rank));
	else
		snprintf(buf, len, "%s", mine);
}

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

void sim_describe_object(struct sim *s, const void *addr, char *buf, size_t len)
{
	char *p;
	size_t n;

	buf[0] = '\0';
	if (!addr)
		return;
	sim_describe_addr(s, addr, buf, len);
	if (strcmp(buf, "static") == 0) {
		buf[0] = '\0';
		return;
	}
	p = strrchr(buf, '+');
	if (p && p[1] == '0' && p[2] == 'x')
		*p = '\0';
	n = strlen(buf);
	if (n > 8 && strcmp(buf + n - 8, " (freed)") == 0)
		buf[n - 8] = '\0';
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

/* ---- one formatter per shape of operation (op.h: SIM_OP_KINDS) ---- */

/* The object an operation names: as the style names objects. */
static void name_object(struct sim *s, const void *addr,
			enum sim_op_style style, char *buf, size_t len)
{
	if (style == SIM_OP_STYLE_LABEL)
		sim_describe_object(s, addr, buf, len);
	else
		sim_describe_addr(s, addr, buf, len);
}

static const char *class_name(const struct sim_op *op)
{
	return op->cls && op->cls->name ? op->cls->name : "";
}

/* "start", "wait for other actors": the operation's name says it all. */
static void fmt_plain(struct sim *s, const struct sim_op *op, const char *what,
		      enum sim_op_style style, char *buf, size_t len)
{
	(void)s;
	(void)op;
	(void)style;
	snprintf(buf, len, "%s", what);
}

/* rcu_read_lock/unlock; a label also shows a nesting deeper than one. */
static void fmt_rcu(struct sim *s, const struct sim_op *op, const char *what,
		    enum sim_op_style style, char *buf, size_t len)
{
	if (style == SIM_OP_STYLE_LABEL &&
	    op->after > (op->kind == SIM_OP_RCU_LOCK ? 1 : 0))
		snprintf(buf, len, "%s (depth %lld)", what, (long long)op->after);
	else
		fmt_plain(s, op, what, style, buf, len);
}

/* "mutex_lock(&its->its_lock) [vgic_its 0+0x10]": a report names the object. */
static void fmt_lock(struct sim *s, const struct sim_op *op, const char *what,
		     enum sim_op_style style, char *buf, size_t len)
{
	char val[128] = "";

	(void)what;
	if (style == SIM_OP_STYLE_REPORT)
		sim_describe_addr(s, op->addr, val, sizeof(val));
	snprintf(buf, len, "%s(%s)%s%s%s%s", sim_op_lock_verb(op),
		 class_name(op), val[0] ? " [" : "", val, val[0] ? "]" : "",
		 op->kind != SIM_OP_TRYLOCK ? "" : op->ok ? " = 1" : " = 0");
}

/* "synchronize_srcu(&kvm->srcu)" */
static void fmt_sync(struct sim *s, const struct sim_op *op, const char *what,
		     enum sim_op_style style, char *buf, size_t len)
{
	(void)s;
	(void)style;
	snprintf(buf, len, "%s(%s)", what, class_name(op));
}

/* "xa_erase(&its->translation_cache, 0x10000) = vgic_irq LPI 8192" */
static void fmt_xarray(struct sim *s, const struct sim_op *op, const char *what,
		       enum sim_op_style style, char *buf, size_t len)
{
	char val[128] = "", xa[96];

	sim_op_xarray_name(op, xa, sizeof(xa));
	if (op->value)
		name_object(s, op->value, style, val, sizeof(val));
	snprintf(buf, len, "%s(%s, %#llx)%s%s", what, xa,
		 (unsigned long long)op->index,
		 op->kind == SIM_OP_XA_STORE ? " <- " : " = ",
		 !op->value ? "NULL" : val[0] ? val : "entry");
}

/* "refcount_dec(vgic_irq LPI 8192): 2 -> 1" */
static void fmt_refcount(struct sim *s, const struct sim_op *op, const char *what,
			 enum sim_op_style style, char *buf, size_t len)
{
	char val[128];

	name_object(s, op->addr, style, val, sizeof(val));
	snprintf(buf, len, "%s(%s): %lld -> %lld", what, val[0] ? val : "static",
		 (long long)op->before, (long long)op->after);
}

/* A shared field, named with its offset: "READ_ONCE(vgic_its 0+0x8)". */
static void fmt_access(struct sim *s, const struct sim_op *op, const char *what,
		       enum sim_op_style style, char *buf, size_t len)
{
	char val[128];

	(void)style;
	sim_describe_addr(s, op->addr, val, sizeof(val));
	if ((op->kind == SIM_OP_READ && op->before == op->after &&
	     op->before == 0 && strcmp(what, "READ_ONCE") == 0) ||
	    (op->kind == SIM_OP_WRITE && strcmp(what, "WRITE_ONCE") == 0))
		snprintf(buf, len, "%s(%s)", what, val);
	else
		snprintf(buf, len, "%s(%s): %lld -> %lld", what, val,
			 (long long)op->before, (long long)op->after);
}

/* "kfree(vgic_irq LPI 8192)" */
static void fmt_object(struct sim *s, const struct sim_op *op, const char *what,
		       enum sim_op_style style, char *buf, size_t len)
{
	char val[128];

	name_object(s, op->addr, style, val, sizeof(val));
	snprintf(buf, len, "%s(%s)", what, val);
}

/* An RCU callback runs on an object; a label names only the callback. */
static void fmt_callback(struct sim *s, const struct sim_op *op, const char *what,
			 enum sim_op_style style, char *buf, size_t len)
{
	if (style == SIM_OP_STYLE_LABEL)
		fmt_plain(s, op, what, style, buf, len);
	else
		fmt_object(s, op, what, style, buf, len);
}

typedef void op_formatter(struct sim *s, const struct sim_op *op,
			  const char *what, enum sim_op_style style, char *buf,
			  size_t len);

static op_formatter *const formatters[SIM_OP__COUNT] = {
#define SIM_OP_FORMATTER(name, label, format) [SIM_OP_##name] = fmt_##format,
	SIM_OP_KINDS(SIM_OP_FORMATTER)
#undef SIM_OP_FORMATTER
};

void sim_format_op(struct sim *s, const struct sim_op *op,
		   enum sim_op_style style, char *buf, size_t len)
{
	const char *what = op->what ? op->what : sim_op_kind_name(op->kind);

	assert(op->kind >= 0 && op->kind < SIM_OP__COUNT);
	assert(style == SIM_OP_STYLE_REPORT || style == SIM_OP_STYLE_LABEL);
	/* A failed allocation says what the caller got back. */
	if (op->injected && op->kind == SIM_OP_ALLOC)
		snprintf(buf, len, "%s = NULL (fault injected)", what);
	else if (op->injected && style == SIM_OP_STYLE_REPORT) {
		char xa[96];

		sim_op_xarray_name(op, xa, sizeof(xa));
		snprintf(buf, len, "%s(%s, %#llx) = -ENOMEM (fault injected)",
			 what, xa, (unsigned long long)op->index);
	} else
		formatters[op->kind](s, op, what, style, buf, len);
}

void sim_format_event(struct sim *s, const struct sim_event *ev, char *buf,
		      size_t len)
{
	const struct sim_op *op = &ev->op;
	char where[SIM_WHERE_MAX], obj[128];
	const char *actor = ev->actor >= 0 ? s->actors[ev->actor].name : "-";

	if (op->site)
		sim_site_where(op->site, where, sizeof(where));
	else
		snprintf(where, sizeof(where), "-");
	sim_format_op(s, op, SIM_OP_STYLE_REPORT, obj, sizeof(obj));
	snprintf(buf, len, "%-12s %-48s %s", actor, where, obj);
}

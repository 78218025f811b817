// SPDX-License-Identifier: MIT
/*
 * Actors, their ops and the ITS commands inside its_commands ops. Runs
 * after the VM is loaded: ops name ITSes by name and vCPUs by number, and
 * MAPTI/MAPI LPIs count toward the same per-VM limit as the initial ones.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "load_internal.h"

#define CTX(c) (1u << (c))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const ld_contexts[] = { "vcpu", "vmm", "irqfd", NULL };

struct ld_op_desc {
	unsigned int contexts;		/* CTX() bits where the op may run */
	const char *const *keys;	/* every key the op may carry */
};

static const char *const ld_op_names[] = {
	[SCN_OP_GICR_CTLR] = "gicr_ctlr",
	[SCN_OP_GITS_CTLR] = "gits_ctlr",
	[SCN_OP_GITS_BASER] = "gits_baser",
	[SCN_OP_ITS_COMMANDS] = "its_commands",
	[SCN_OP_MSI] = "msi",
	[SCN_OP_ITS_CTRL] = "its_ctrl",
	[SCN_OP_REG_WRITE] = "reg_write",
	[SCN_OP_DESTROY_VM] = "destroy_vm",
	NULL,
};

static const struct ld_op_desc ld_ops[] = {
	[SCN_OP_GICR_CTLR] = { CTX(SCN_CTX_VCPU),
		(const char *const[]){ "op", "at", "redist", "enable_lpis", NULL } },
	[SCN_OP_GITS_CTLR] = { CTX(SCN_CTX_VCPU),
		(const char *const[]){ "op", "at", "its", "enabled", NULL } },
	[SCN_OP_GITS_BASER] = { CTX(SCN_CTX_VCPU),
		(const char *const[]){ "op", "at", "its", "table", "valid", NULL } },
	[SCN_OP_ITS_COMMANDS] = { CTX(SCN_CTX_VCPU),
		(const char *const[]){ "op", "at", "its", "commands", NULL } },
	[SCN_OP_MSI] = { CTX(SCN_CTX_VMM) | CTX(SCN_CTX_IRQFD),
		(const char *const[]){ "op", "at", "its", "device", "event", NULL } },
	[SCN_OP_ITS_CTRL] = { CTX(SCN_CTX_VMM),
		(const char *const[]){ "op", "at", "its", "action", NULL } },
	/* Which of these a reg_write needs depends on its target and reg. */
	[SCN_OP_REG_WRITE] = { CTX(SCN_CTX_VMM),
		(const char *const[]){ "op", "at", "target", "its", "vcpu",
				       "reg", "enabled", "table", "valid",
				       "enable_lpis", NULL } },
	[SCN_OP_DESTROY_VM] = { CTX(SCN_CTX_VMM),
		(const char *const[]){ "op", "at", NULL } },
};

static const char *const ld_its_actions[] = {
	[SCN_ITS_RESET] = "reset",
	[SCN_ITS_SAVE_TABLES] = "save_tables",
	[SCN_ITS_RESTORE_TABLES] = "restore_tables",
	NULL,
};

static const char *const ld_reg_targets[] = {
	[SCN_TARGET_ITS] = "its",
	[SCN_TARGET_REDIST] = "redist",
	NULL,
};

static const char *const ld_reg_names[] = {
	[SCN_REG_GITS_CTLR] = "GITS_CTLR",
	[SCN_REG_GITS_CWRITER] = "GITS_CWRITER",
	[SCN_REG_GITS_BASER] = "GITS_BASER",
	[SCN_REG_GICR_CTLR] = "GICR_CTLR",
	NULL,
};

/* Per register: its target and the keys it takes besides op, at, target, reg. */
static const struct {
	enum scn_reg_target target;
	const char *const *keys;
} ld_regs[] = {
	[SCN_REG_GITS_CTLR] = { SCN_TARGET_ITS,
		(const char *const[]){ "its", "enabled", NULL } },
	[SCN_REG_GITS_CWRITER] = { SCN_TARGET_ITS,
		(const char *const[]){ "its", NULL } },
	[SCN_REG_GITS_BASER] = { SCN_TARGET_ITS,
		(const char *const[]){ "its", "table", "valid", NULL } },
	[SCN_REG_GICR_CTLR] = { SCN_TARGET_REDIST,
		(const char *const[]){ "vcpu", "enable_lpis", NULL } },
};

static const char *const ld_cmd_names[] = {
	[SCN_CMD_MAPD] = "MAPD", [SCN_CMD_MAPC] = "MAPC",
	[SCN_CMD_MAPTI] = "MAPTI", [SCN_CMD_MAPI] = "MAPI",
	[SCN_CMD_DISCARD] = "DISCARD", [SCN_CMD_MOVI] = "MOVI",
	[SCN_CMD_MOVALL] = "MOVALL", [SCN_CMD_INV] = "INV",
	[SCN_CMD_INVALL] = "INVALL", [SCN_CMD_INT] = "INT",
	[SCN_CMD_CLEAR] = "CLEAR", [SCN_CMD_SYNC] = "SYNC", NULL,
};

/* Every key of a command kind is required; the rest are unknown. */
static const char *const *const ld_cmd_keys[] = {
	[SCN_CMD_MAPD] = (const char *const[]){ "cmd", "device", "valid", NULL },
	[SCN_CMD_MAPC] = (const char *const[]){ "cmd", "collection", "vcpu", "valid", NULL },
	[SCN_CMD_MAPTI] = (const char *const[]){ "cmd", "device", "event", "lpi", "collection", NULL },
	[SCN_CMD_MAPI] = (const char *const[]){ "cmd", "device", "event", "collection", NULL },
	[SCN_CMD_DISCARD] = (const char *const[]){ "cmd", "device", "event", NULL },
	[SCN_CMD_MOVI] = (const char *const[]){ "cmd", "device", "event", "collection", NULL },
	[SCN_CMD_MOVALL] = (const char *const[]){ "cmd", "from", "to", NULL },
	[SCN_CMD_INV] = (const char *const[]){ "cmd", "device", "event", NULL },
	[SCN_CMD_INVALL] = (const char *const[]){ "cmd", "collection", NULL },
	[SCN_CMD_INT] = (const char *const[]){ "cmd", "device", "event", NULL },
	[SCN_CMD_CLEAR] = (const char *const[]){ "cmd", "device", "event", NULL },
	[SCN_CMD_SYNC] = (const char *const[]){ "cmd", "vcpu", NULL },
};

const char *scn_context_name(enum scn_context context)
{
	assert((unsigned int)context < 3);
	return ld_contexts[context];
}

const char *scn_op_name(enum scn_op_kind kind)
{
	assert((unsigned int)kind <= SCN_OP_DESTROY_VM);
	return ld_op_names[kind];
}

const char *scn_cmd_name(enum scn_cmd_kind kind)
{
	assert((unsigned int)kind <= SCN_CMD_SYNC);
	return ld_cmd_names[kind];
}

/* Commands may name devices and events that do not exist: only ranges. */
static bool ld_cmd_field(struct ld *ld, json_t *obj, const char *key,
			 struct scn_cmd *c)
{
	char note[32];
	size_t at;

	if (!strcmp(key, "device"))
		return ld_u32(ld, obj, key, 0, SCN_MAX_ID, NULL, &c->device);
	if (!strcmp(key, "event"))
		return ld_u32(ld, obj, key, 0, SCN_MAX_ID, NULL, &c->event);
	if (!strcmp(key, "collection"))
		return ld_u32(ld, obj, key, 0, SCN_MAX_ID, NULL,
			      &c->collection);
	if (!strcmp(key, "vcpu"))
		return ld_u32(ld, obj, key, 0, ld->s->nr_vcpus - 1,
			      ld_vcpus_note(ld, note), &c->vcpu);
	if (!strcmp(key, "from"))
		return ld_u32(ld, obj, key, 0, ld->s->nr_vcpus - 1,
			      ld_vcpus_note(ld, note), &c->from);
	if (!strcmp(key, "to"))
		return ld_u32(ld, obj, key, 0, ld->s->nr_vcpus - 1,
			      ld_vcpus_note(ld, note), &c->to);
	if (!strcmp(key, "valid"))
		return ld_bool(ld, obj, key, true, &c->valid);
	assert(!strcmp(key, "lpi"));
	if (!ld_u32(ld, obj, key, SCN_LPI_MIN, SCN_LPI_MAX, NULL, &c->lpi))
		return false;
	at = ld_push_key(ld, key);
	if (!ld_count_lpi(ld, c->lpi))
		return false;
	ld_pop(ld, at);
	return true;
}

static bool ld_cmd(struct ld *ld, json_t *obj, struct scn_cmd *c)
{
	const char *const *keys;
	int kind, i;
	size_t at;

	if (!ld_is(ld, obj, LD_OBJECT) ||
	    !ld_enum(ld, obj, "cmd", "command", ld_cmd_names, &kind))
		return false;
	c->kind = kind;
	keys = ld_cmd_keys[kind];
	if (!ld_keys(ld, obj, keys))
		return false;
	for (i = 1; keys[i]; i++)
		if (!ld_cmd_field(ld, obj, keys[i], c))
			return false;
	/*
	 * MAPI maps the event id itself as the LPI INTID; the model allocates
	 * it when it is a valid LPI, so it counts like a MAPTI LPI.
	 */
	if (c->kind == SCN_CMD_MAPI && c->event >= SCN_LPI_MIN) {
		at = ld_push_key(ld, "event");
		if (!ld_count_lpi(ld, c->event))
			return false;
		ld_pop(ld, at);
	}
	return true;
}

static bool ld_cmds(struct ld *ld, json_t *obj, struct scn_op *op)
{
	json_t *arr, *v;
	size_t i, saved;

	if (!ld_array(ld, obj, "commands", true, 1, SIZE_MAX, &arr))
		return false;
	saved = ld_push_key(ld, "commands");
	op->cmds = ld_calloc(json_array_size(arr), sizeof(*op->cmds));
	json_array_foreach(arr, i, v) {
		size_t at = ld_push_index(ld, i);

		if (!ld_cmd(ld, v, &op->cmds[i]))
			return false;
		op->nr_cmds++;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

static bool ld_its_ref(struct ld *ld, json_t *obj, int *out)
{
	char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	const char *names[SCN_MAX_ITS + 1];
	const char *name;
	json_t *v;
	int i;

	if (!ld_get(ld, obj, "its", true, LD_STRING, &v))
		return false;
	name = json_string_value(v);
	assert(ld->s->nr_its <= SCN_MAX_ITS);
	for (i = 0; i < ld->s->nr_its; i++)
		names[i] = ld->s->its[i].name;
	names[i] = NULL;
	*out = ld_find(names, name);
	if (*out < 0)
		return ld_fail_key(ld, "its", "ITS %s does not exist (known: %s)",
				   ld_quote(name, q), ld_join(names, list));
	return true;
}

static bool ld_destroy_vm(struct ld *ld, struct scn_op *op, size_t index,
			  size_t nr_ops)
{
	if (index != nr_ops - 1)
		return ld_fail(ld,
			       "destroy_vm must be the last op of its actor (this actor has %zu ops)",
			       nr_ops);
	if (ld->destroy_path[0])
		return ld_fail(ld,
			       "a second destroy_vm (the first is at %s); at most one per scenario",
			       ld->destroy_path);
	memcpy(ld->destroy_path, op->path, sizeof(ld->destroy_path));
	ld->s->tears_down = true;
	return true;
}

/*
 * reg_write: target and reg first, then whether they belong together, then
 * any key this register does not take (file order), then the register's
 * own keys in the order of ld_regs[].keys.
 */
static bool ld_reg_write(struct ld *ld, json_t *obj, struct scn_op *op)
{
	static const char *const tables[] = { "device", "collection", NULL };
	static const char *const fixed[] = { "op", "at", "target", "reg", NULL };
	char q[LD_QUOTE_SIZE], q2[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	const char *regs[ARRAY_LEN(ld_reg_names)];
	const char *const *keys;
	const char *key;
	char note[32];
	json_t *v;
	int i, n = 0;

	if (!ld_enum(ld, obj, "target", "target", ld_reg_targets, &op->target) ||
	    !ld_enum(ld, obj, "reg", "reg", ld_reg_names, &op->reg))
		return false;
	if (ld_regs[op->reg].target != (enum scn_reg_target)op->target) {
		for (i = 0; ld_reg_names[i]; i++)
			if (ld_regs[i].target == (enum scn_reg_target)op->target)
				regs[n++] = ld_reg_names[i];
		regs[n] = NULL;
		return ld_fail_key(ld, "reg",
				   "reg %s is not a register of target %s (%s registers: %s)",
				   ld_quote(ld_reg_names[op->reg], q),
				   ld_quote(ld_reg_targets[op->target], q2),
				   ld_reg_targets[op->target], ld_join(regs, list));
	}
	keys = ld_regs[op->reg].keys;
	json_object_foreach(obj, key, v) {
		if (ld_find(fixed, key) >= 0 || ld_find(keys, key) >= 0)
			continue;
		return ld_fail_key(ld, key, "not allowed for reg %s (it takes: %s)",
				   ld_quote(ld_reg_names[op->reg], q),
				   ld_join(keys, list));
	}
	switch (op->reg) {
	case SCN_REG_GITS_CTLR:
		return ld_its_ref(ld, obj, &op->its) &&
		       ld_bool(ld, obj, "enabled", true, &op->enable);
	case SCN_REG_GITS_CWRITER:
		return ld_its_ref(ld, obj, &op->its);
	case SCN_REG_GITS_BASER:
		return ld_its_ref(ld, obj, &op->its) &&
		       ld_enum(ld, obj, "table", "table", tables, &op->table) &&
		       ld_bool(ld, obj, "valid", true, &op->enable);
	case SCN_REG_GICR_CTLR:
		return ld_u32(ld, obj, "vcpu", 0, ld->s->nr_vcpus - 1,
			      ld_vcpus_note(ld, note), &op->redist) &&
		       ld_bool(ld, obj, "enable_lpis", true, &op->enable);
	}
	assert(!"bad reg");
	return false;
}

static bool ld_op_fields(struct ld *ld, json_t *obj, const struct scn_actor *a,
			 struct scn_op *op, size_t index, size_t nr_ops)
{
	static const char *const tables[] = { "device", "collection", NULL };
	char note[32];
	int64_t n = 0;
	bool present;

	switch (op->kind) {
	case SCN_OP_GICR_CTLR:
		assert(a->vcpu >= 0);
		op->redist = (uint32_t)a->vcpu;
		if (!ld_int(ld, obj, "redist", false, 0, ld->s->nr_vcpus - 1,
			    ld_vcpus_note(ld, note), &n, &present))
			return false;
		if (present)
			op->redist = (uint32_t)n;
		return ld_bool(ld, obj, "enable_lpis", true, &op->enable);
	case SCN_OP_GITS_CTLR:
		return ld_its_ref(ld, obj, &op->its) &&
		       ld_bool(ld, obj, "enabled", true, &op->enable);
	case SCN_OP_GITS_BASER:
		return ld_its_ref(ld, obj, &op->its) &&
		       ld_enum(ld, obj, "table", "table", tables, &op->table) &&
		       ld_bool(ld, obj, "valid", true, &op->enable);
	case SCN_OP_ITS_COMMANDS:
		return ld_its_ref(ld, obj, &op->its) && ld_cmds(ld, obj, op);
	case SCN_OP_MSI:
		return ld_its_ref(ld, obj, &op->its) &&
		       ld_u32(ld, obj, "device", 0, SCN_MAX_ID, NULL,
			      &op->device) &&
		       ld_u32(ld, obj, "event", 0, SCN_MAX_ID, NULL, &op->event);
	case SCN_OP_ITS_CTRL:
		return ld_its_ref(ld, obj, &op->its) &&
		       ld_enum(ld, obj, "action", "action", ld_its_actions,
			       &op->action);
	case SCN_OP_REG_WRITE:
		return ld_reg_write(ld, obj, op);
	case SCN_OP_DESTROY_VM:
		return ld_destroy_vm(ld, op, index, nr_ops);
	}
	assert(!"bad op kind");
	return false;
}

static bool ld_op(struct ld *ld, json_t *obj, const struct scn_actor *a,
		  struct scn_op *op, size_t index, size_t nr_ops)
{
	char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	const struct ld_op_desc *desc;
	const char *allowed[4];
	int kind, i, n = 0;
	bool present;
	int64_t at = 0;

	if (!ld_is(ld, obj, LD_OBJECT) ||
	    !ld_enum(ld, obj, "op", "op", ld_op_names, &kind))
		return false;
	op->kind = kind;
	op->its = -1;
	desc = &ld_ops[kind];
	if (!ld_keys(ld, obj, desc->keys))
		return false;
	if (!(desc->contexts & CTX(a->context))) {
		for (i = 0; ld_contexts[i]; i++)
			if (desc->contexts & CTX(i))
				allowed[n++] = ld_contexts[i];
		allowed[n] = NULL;
		return ld_fail_key(ld, "op",
				   "%s is not allowed in context %s (allowed in: %s)",
				   ld_op_names[kind],
				   ld_quote(ld_contexts[a->context], q),
				   ld_join(allowed, list));
	}
	/* Shorter than LD_PATH_MAX by construction: actors[N].ops[M]. */
	assert(ld->plen < sizeof(op->path));
	memcpy(op->path, ld->path, ld->plen + 1);
	if (!ld_int(ld, obj, "at", false, 0, INT64_MAX, NULL, &at, &present))
		return false;
	if (present)
		op->at = (uint64_t)at;
	return ld_op_fields(ld, obj, a, op, index, nr_ops);
}

static bool ld_actor_vcpu(struct ld *ld, json_t *obj, struct scn_actor *a)
{
	const struct scenario *s = ld->s;
	char note[32], q[LD_QUOTE_SIZE], q2[LD_QUOTE_SIZE];
	uint32_t vcpu;
	int j;

	a->vcpu = -1;
	if (a->context != SCN_CTX_VCPU) {
		if (json_object_get(obj, "vcpu"))
			return ld_fail_key(ld, "vcpu",
					   "not allowed in context %s (only \"vcpu\" actors run on a vCPU)",
					   ld_quote(ld_contexts[a->context], q));
		return true;
	}
	if (!ld_u32(ld, obj, "vcpu", 0, s->nr_vcpus - 1,
		    ld_vcpus_note(ld, note), &vcpu))
		return false;
	/* The actor of a vCPU holds that vCPU's mutex: one actor each. */
	for (j = 0; j < a - s->actors; j++)
		if (s->actors[j].vcpu == (int)vcpu)
			return ld_fail_key(ld, "vcpu",
					   "vCPU %" PRIu32 " already belongs to actor %s (actors[%d]); one actor per vCPU",
					   vcpu, ld_quote(s->actors[j].name, q2), j);
	a->vcpu = (int)vcpu;
	return true;
}

/* "X.work1": the name the program gives an irqfd actor's N-th worker. */
static bool ld_generated_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *p;

	if (!dot || strncmp(dot, ".work", 5) || !dot[5])
		return false;
	for (p = dot + 5; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

static bool ld_actor(struct ld *ld, json_t *obj, struct scn_actor *a)
{
	static const char *const keys[] = {
		"name", "context", "vcpu", "ops", NULL,
	};
	const struct scenario *s = ld->s;
	char q[LD_QUOTE_SIZE];
	const char *name;
	json_t *arr, *v;
	size_t i, saved;
	int j, context;

	if (!ld_is(ld, obj, LD_OBJECT) || !ld_keys(ld, obj, keys) ||
	    !ld_name(ld, obj, "name", SCN_MAX_ACTOR_NAME, &name))
		return false;
	if (ld_generated_name(name))
		return ld_fail_key(ld, "name",
				   "%s could be the name of an irqfd actor's worker (NAME.workN): choose another",
				   ld_quote(name, q));
	for (j = 0; j < a - s->actors; j++)
		if (!strcmp(s->actors[j].name, name))
			return ld_fail_key(ld, "name",
					   "duplicate actor name %s (also at actors[%d].name)",
					   ld_quote(name, q), j);
	a->name = ld_strdup(name);
	if (!ld_enum(ld, obj, "context", "context", ld_contexts, &context))
		return false;
	a->context = context;
	if (!ld_actor_vcpu(ld, obj, a) ||
	    !ld_array(ld, obj, "ops", true, 1, SCN_MAX_OPS, &arr))
		return false;
	saved = ld_push_key(ld, "ops");
	a->ops = ld_calloc(json_array_size(arr), sizeof(*a->ops));
	json_array_foreach(arr, i, v) {
		size_t at = ld_push_index(ld, i);

		/* Counted first, so scenario_free() sees the op's commands. */
		a->nr_ops++;
		if (!ld_op(ld, v, a, &a->ops[i], i, json_array_size(arr)))
			return false;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

bool ld_actors(struct ld *ld, json_t *root)
{
	struct scenario *s = ld->s;
	json_t *arr, *v;
	size_t i, saved;

	if (!ld_array(ld, root, "actors", true, 1, SCN_MAX_ACTORS, &arr))
		return false;
	saved = ld_push_key(ld, "actors");
	s->actors = ld_calloc(json_array_size(arr), sizeof(*s->actors));
	json_array_foreach(arr, i, v) {
		size_t at = ld_push_index(ld, i);

		/* Counted first, so scenario_free() sees what ld_actor() built. */
		s->nr_actors++;
		if (!ld_actor(ld, v, &s->actors[i]))
			return false;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

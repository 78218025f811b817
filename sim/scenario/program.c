/* SPDX-License-Identifier: MIT */
/*
 * Running a scenario: setup builds the VM of "vm" through the model's
 * setup functions (no visible operations), spawns one actor per entry of
 * "actors", and each actor performs its operations through the model's
 * entry points, which are made of visible operations.
 */
#include "program.h"

#include <sim/lock.h>

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kvm/model.h"

/* Each irqfd msi op spawns at most one worker (the loader counts them). */
#define SCN_MAX_WORKERS SCN_MAX_ACTORS

struct actor_arg {
	struct scn_program *p;
	int index;		/* into scn->actors */
};

struct worker_arg {
	struct scn_program *p;
	struct vgic_its *its;
	uint32_t device, event;
};

struct scn_program {
	const struct scenario *scn;
	int variant;
	struct sim_hooks hooks;
	struct sim_lock_binding locks[8];
	const char *lock_keys[8];
	int nr_locks;
	/* per execution */
	struct sim *sim;
	struct kvm *kvm;
	struct vgic_its *its[SCN_MAX_ITS];
	struct actor_arg args[SCN_MAX_ACTORS];
	struct worker_arg workers[SCN_MAX_WORKERS];
	int nr_workers;
	struct model_its_cmd **cmds[SCN_MAX_ACTORS];	/* [actor][op] */
	char setup_err[256];
};

static const enum model_cmd cmd_map[] = {
	[SCN_CMD_MAPD] = MODEL_CMD_MAPD,	[SCN_CMD_MAPC] = MODEL_CMD_MAPC,
	[SCN_CMD_MAPTI] = MODEL_CMD_MAPTI,	[SCN_CMD_MAPI] = MODEL_CMD_MAPI,
	[SCN_CMD_DISCARD] = MODEL_CMD_DISCARD,	[SCN_CMD_MOVI] = MODEL_CMD_MOVI,
	[SCN_CMD_MOVALL] = MODEL_CMD_MOVALL,	[SCN_CMD_INV] = MODEL_CMD_INV,
	[SCN_CMD_INVALL] = MODEL_CMD_INVALL,	[SCN_CMD_INT] = MODEL_CMD_INT,
	[SCN_CMD_CLEAR] = MODEL_CMD_CLEAR,	[SCN_CMD_SYNC] = MODEL_CMD_SYNC,
};

static void setup_fail(struct scn_program *p, const char *what, int err)
{
	if (!p->setup_err[0])
		snprintf(p->setup_err, sizeof(p->setup_err),
			 "%s: the model refused %s (error %d)", p->scn->file,
			 what, err);
}

static void worker_main(void *arg)
{
	struct worker_arg *w = arg;

	model_irqfd_inject_work(w->p->kvm, w->its, w->device, w->event);
}

static void do_msi(struct scn_program *p, const struct scn_actor *a,
		   const struct scn_op *op)
{
	struct vgic_its *its = p->its[op->its];
	struct worker_arg *w;
	char name[SIM_ACTOR_NAME_MAX];

	if (a->context == SCN_CTX_VMM) {
		model_signal_msi(p->kvm, its, op->device, op->event);
		return;
	}
	/* irqfd: the atomic fast path; a miss is deferred to a worker. */
	if (model_irqfd_inject_atomic(p->kvm, its, op->device, op->event) !=
	    -EWOULDBLOCK)
		return;
	/* The loader made sure every deferral has a slot. */
	assert(p->nr_workers < SCN_MAX_WORKERS);
	w = &p->workers[p->nr_workers++];
	*w = (struct worker_arg){ p, its, op->device, op->event };
	snprintf(name, sizeof(name), "%s.work%d", a->name, p->nr_workers);
	sim_spawn(p->sim, name, worker_main, w);
}

static const enum model_its_ctrl_action its_ctrl_map[] = {
	[SCN_ITS_RESET] = MODEL_ITS_RESET,
	[SCN_ITS_SAVE_TABLES] = MODEL_ITS_SAVE_TABLES,
	[SCN_ITS_RESTORE_TABLES] = MODEL_ITS_RESTORE_TABLES,
};

/* A userspace register write; -EBUSY (a vCPU runs) is an outcome. */
static void do_reg_write(struct scn_program *p, const struct scn_op *op,
			 struct vgic_its *its)
{
	struct model_reg_write w = {
		.target = op->target == SCN_TARGET_ITS ? MODEL_REG_ITS :
							 MODEL_REG_REDIST,
		.its = its, .vcpu = op->redist, .enabled = op->enable,
		.valid = op->enable, .enable_lpis = op->enable,
	};

	switch (op->reg) {
	case SCN_REG_GITS_CTLR:
		w.reg = MODEL_REG_GITS_CTLR;
		break;
	case SCN_REG_GITS_CWRITER:
		w.reg = MODEL_REG_GITS_CWRITER;
		break;
	case SCN_REG_GITS_BASER:
		w.reg = op->table ? MODEL_REG_GITS_BASER1 : MODEL_REG_GITS_BASER0;
		break;
	case SCN_REG_GICR_CTLR:
		w.reg = MODEL_REG_GICR_CTLR;
		break;
	}
	model_reg_write(p->kvm, &w);
}

static void actor_main(void *arg)
{
	struct actor_arg *aa = arg;
	struct scn_program *p = aa->p;
	const struct scn_actor *a = &p->scn->actors[aa->index];
	unsigned int vcpu = a->vcpu >= 0 ? (unsigned int)a->vcpu : 0;

	for (int i = 0; i < a->nr_ops; i++) {
		const struct scn_op *op = &a->ops[i];
		struct vgic_its *its = op->its >= 0 ? p->its[op->its] : NULL;

		if (op->at)
			sim_not_before(op->at);
		switch (op->kind) {
		case SCN_OP_GICR_CTLR:
			model_gicr_ctlr_write(p->kvm, vcpu, op->redist, op->enable);
			break;
		case SCN_OP_GITS_CTLR:
			model_gits_ctlr_write(p->kvm, its, vcpu, op->enable);
			break;
		case SCN_OP_GITS_BASER:
			model_gits_baser_write(p->kvm, its, vcpu, op->table,
					       op->enable);
			break;
		case SCN_OP_ITS_COMMANDS:
			model_its_commands(p->kvm, its, vcpu,
					   p->cmds[aa->index][i],
					   op->nr_cmds);
			break;
		case SCN_OP_MSI:
			do_msi(p, a, op);
			break;
		case SCN_OP_ITS_CTRL:
			model_its_ctrl(p->kvm, its, its_ctrl_map[op->action]);
			break;
		case SCN_OP_REG_WRITE:
			do_reg_write(p, op, its);
			break;
		case SCN_OP_DESTROY_VM:
			/* The last reference goes once every thread has left. */
			sim_wait_others(SIM_HERE);
			model_vm_destroy(p->kvm);
			p->kvm = NULL;
			break;
		}
	}
}

static void setup(struct sim *s, void *ctx)
{
	struct scn_program *p = ctx;
	const struct scenario *scn = p->scn;
	int err;

	p->sim = s;
	p->nr_workers = 0;
	model_variant_select(p->variant);
	p->kvm = model_vm_create(scn->nr_vcpus);
	for (uint32_t v = 0; v < scn->nr_vcpus; v++)
		model_vcpu_set_lpis_enabled(p->kvm, v, scn->lpis_enabled[v]);
	for (int i = 0; i < scn->nr_its; i++) {
		const struct scn_its *si = &scn->its[i];
		struct vgic_its *its;

		its = model_its_create(p->kvm, si->name, si->enabled);
		p->its[i] = its;
		for (int c = 0; c < si->nr_collections; c++) {
			err = model_its_map_collection(p->kvm, its,
						       si->collections[c].id,
						       si->collections[c].vcpu);
			if (err)
				setup_fail(p, "a collection", err);
		}
		for (int d = 0; d < si->nr_devices; d++) {
			const struct scn_device *dev = &si->devices[d];

			for (int e = 0; e < dev->nr_events; e++) {
				err = model_its_map_event(p->kvm, its, dev->id,
							  dev->events[e].event,
							  dev->events[e].lpi,
							  dev->events[e].collection);
				if (err)
					setup_fail(p, "an event mapping", err);
			}
		}
		for (int c = 0; c < si->nr_cached; c++) {
			err = model_its_cache(p->kvm, its, si->cached[c].device,
					      si->cached[c].event);
			if (err)
				setup_fail(p, "a cached translation", err);
		}
	}
	for (int i = 0; i < scn->nr_actors; i++) {
		const struct scn_actor *a = &scn->actors[i];
		int id;

		p->args[i] = (struct actor_arg){ p, i };
		id = sim_spawn(s, a->name, actor_main, &p->args[i]);
		/* KVM_RUN holds the vCPU's mutex for the thread's whole life. */
		if (id >= 0 && a->context == SCN_CTX_VCPU)
			sim_actor_holds(s, id, model_vcpu_mutex(p->kvm, (unsigned int)a->vcpu));
		/* The irqfd wakeup runs with the wait-queue lock held, IRQs off. */
		if (id >= 0 && a->context == SCN_CTX_IRQFD)
			sim_actor_set_atomic(s, id, true);
	}
}

static int holders(void *ctx, const void *obj, char *buf, size_t len)
{
	struct scn_program *p = ctx;

	if (!p->kvm)
		return -1;
	return model_irq_holders(p->kvm, obj, buf, len);
}

static bool describe(void *ctx, const void *obj, const char *alloc_func,
		     char *buf, size_t len)
{
	struct scn_program *p = ctx;

	return model_describe(p->kvm, obj, alloc_func, buf, len);
}

struct scn_program *scn_program_create(const struct scenario *scn,
				       int variant, char *err, size_t errlen)
{
	struct scn_program *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->scn = scn;
	p->variant = variant;
	p->hooks = (struct sim_hooks){ .ctx = p, .setup = setup,
				       .holders = holders, .describe = describe };
	for (int i = 0; i < scn->nr_locks; i++) {
		const char *cls = model_lock_class_name(scn->locks[i].lock_class);
		const struct sim_lock_ops *ops = sim_lock_impl_lookup(scn->locks[i].impl);

		if (!cls || !ops || p->nr_locks >= 8) {
			snprintf(err, errlen, "%s: at locks.%s: not supported by the model",
				 scn->file, scn->locks[i].lock_class);
			scn_program_free(p);
			return NULL;
		}
		p->locks[p->nr_locks] = (struct sim_lock_binding){ cls, ops };
		p->lock_keys[p->nr_locks++] = scn->locks[i].lock_class;
	}
	for (int i = 0; i < scn->nr_actors; i++) {
		const struct scn_actor *a = &scn->actors[i];

		p->cmds[i] = calloc((size_t)a->nr_ops, sizeof(*p->cmds[i]));
		for (int o = 0; p->cmds[i] && o < a->nr_ops; o++) {
			const struct scn_op *op = &a->ops[o];

			if (op->kind != SCN_OP_ITS_COMMANDS)
				continue;
			p->cmds[i][o] = calloc((size_t)op->nr_cmds, sizeof(struct model_its_cmd));
			if (!p->cmds[i][o])
				break;
			for (int c = 0; c < op->nr_cmds; c++) {
				const struct scn_cmd *sc = &op->cmds[c];

				p->cmds[i][o][c] = (struct model_its_cmd){
					.cmd = cmd_map[sc->kind], .device = sc->device,
					.event = sc->event, .lpi = sc->lpi,
					.collection = sc->collection, .vcpu = sc->vcpu,
					.from = sc->from, .to = sc->to, .valid = sc->valid,
				};
			}
		}
	}
	return p;
}

void scn_program_free(struct scn_program *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->scn->nr_actors; i++) {
		for (int o = 0; p->cmds[i] && o < p->scn->actors[i].nr_ops; o++)
			free(p->cmds[i][o]);
		free(p->cmds[i]);
	}
	free(p);
}

const struct sim_hooks *scn_program_hooks(struct scn_program *p)
{
	return &p->hooks;
}

void scn_program_config(struct scn_program *p, uint64_t max_steps,
			struct sim_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_steps = max_steps;
	cfg->check_leaks = p->scn->tears_down;
	cfg->locks = p->locks;
	cfg->nr_locks = p->nr_locks;
	cfg->lock_rules = model_lock_rules();
}

const char *scn_program_setup_error(const struct scn_program *p)
{
	return p->setup_err[0] ? p->setup_err : NULL;
}

int scn_program_nr_locks(const struct scn_program *p)
{
	return p->nr_locks;
}

const char *scn_program_lock_key(const struct scn_program *p, int i)
{
	return p->lock_keys[i];
}

const char *scn_program_lock_impl(const struct scn_program *p, int i)
{
	return p->locks[i].ops->name;
}

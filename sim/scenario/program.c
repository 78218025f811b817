/* SPDX-License-Identifier: MIT */
/*
 * Running a scenario: setup builds the VM of "vm" through the model's
 * setup functions (no visible operations), spawns one actor per entry of
 * "actors", and each actor performs its operations through the model's
 * entry points, which are made of visible operations.
 */
#include <scenario/program.h>

#include <sim/alloc.h>
#include <sim/cover.h>
#include <sim/engine.h>
#include <sim/lock.h>

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <model/model.h>

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
	const struct model_ops *model;
	int variant;
	struct sim_hooks hooks;
	struct sim_lock_binding locks[SCN_MAX_LOCKS];
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

/*
 * Once every thread has finished, the model's state is what the kernel
 * assumes between system calls: check its invariants. Only there, not at
 * every point where all happen to be between operations: whether such a
 * point comes between two independent steps depends on their order, and
 * partial-order reduction runs one order of each class, so a verdict must
 * not depend on it. The final state is the same in every order; a broken
 * registry or a stale translation stays broken to the end unless a later
 * operation repairs it. After destroy_vm there is nothing left to check.
 */
static bool model_invariants(void *ctx, struct sim_violation *v)
{
	struct scn_program *p = ctx;

	return p->kvm && p->model->check_invariants(p->kvm, v);
}

static void cover_op(const char *what, int ret);
static void cover_msi_work(int ret);

static void worker_main(void *arg)
{
	struct worker_arg *w = arg;

	char doing[SIM_DOING_MAX];

	snprintf(doing, sizeof(doing),
		 "the irqfd injection worker: device %u event %u", w->device,
		 w->event);
	sim_actor_doing(doing);
	cover_msi_work(w->p->model->irqfd_inject_work(w->p->kvm, w->its,
						      w->device, w->event));
}

/* A return value in words, for --coverage. */
static const char *outcome(int ret, char *buf, size_t len)
{
	static const struct { int err; const char *name; } names[] = {
		{ -EBUSY, "-EBUSY" }, { -EINVAL, "-EINVAL" },
		{ -ENODEV, "-ENODEV" }, { -ENOMEM, "-ENOMEM" },
		{ -EWOULDBLOCK, "-EWOULDBLOCK" }, { -EFAULT, "-EFAULT" },
	};

	if (ret == 0)
		return "returned 0";
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (names[i].err == ret) {
			snprintf(buf, len, "returned %s", names[i].name);
			return buf;
		}
	snprintf(buf, len, ret > 0 ? "returned ITS error 0x%x" : "returned %d", ret);
	return buf;
}

/*
 * KVM_SIGNAL_MSI's and kvm_set_msi()'s result in words: above 0 the MSI
 * was delivered, 0 the guest blocked it (no mapping, the ITS or the LPI
 * disabled: vgic_its_inject_msi() folds every translation error into 0).
 */
static const char *msi_outcome(int ret, char *buf, size_t len)
{
	if (ret > 0)
		return "delivered";
	if (ret == 0)
		return "blocked: no translation, or the ITS or its LPIs disabled";
	return outcome(ret, buf, len);
}

/* --coverage: what the actor's operation @what returned. */
static void cover_op(const char *what, int ret)
{
	char buf[48];

	sim_cover("%s: %s", what, outcome(ret, buf, sizeof(buf)));
}

static void cover_msi_work(int ret)
{
	char buf[48];

	sim_cover("the irqfd injection worker's kvm_set_msi: %s",
		  msi_outcome(ret, buf, sizeof(buf)));
}

static void do_msi(struct scn_program *p, const struct scn_actor *a,
		   const struct scn_op *op)
{
	struct vgic_its *its = p->its[op->its];
	struct worker_arg *w;
	char name[SIM_ACTOR_NAME_MAX];
	int ret;

	if (a->context == SCN_CTX_VMM) {
		ret = p->model->signal_msi(p->kvm, its, op->device, op->event);
		sim_cover("%s: KVM_SIGNAL_MSI for %s %u:%u %s", a->name,
			  p->scn->its[op->its].name, op->device, op->event,
			  msi_outcome(ret, name, sizeof(name)));
		return;
	}
	/* irqfd: the atomic fast path; a miss is deferred to a worker. */
	ret = p->model->irqfd_inject_atomic(p->kvm, its, op->device, op->event);
	sim_cover("%s: irqfd for %s %u:%u %s", a->name, p->scn->its[op->its].name,
		  op->device, op->event,
		  ret == -EWOULDBLOCK ? "missed the cache: deferred to a worker" :
		  ret == 0 ? "injected from the cache, in atomic context" :
		  outcome(ret, name, sizeof(name)));
	if (ret != -EWOULDBLOCK)
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

/*
 * KVM_SET_DEVICE_ATTR on the ITS; -EBUSY (a vCPU runs) is an outcome. A
 * save that succeeded is judged at once: nothing else runs before this
 * actor's next visible operation, so guest memory holds what it wrote.
 */
static void do_its_ctrl(struct scn_program *p, const struct scn_op *op,
			struct vgic_its *its)
{
	static const char *const names[] = {
		[SCN_ITS_RESET] = "its_ctrl reset",
		[SCN_ITS_SAVE_TABLES] = "its_ctrl save_tables",
		[SCN_ITS_RESTORE_TABLES] = "its_ctrl restore_tables",
	};
	struct sim_violation v;
	int ret = p->model->its_ctrl(p->kvm, its, its_ctrl_map[op->action]);

	cover_op(names[op->action], ret);
	if (ret || op->action != SCN_ITS_SAVE_TABLES ||
	    !p->model->check_saved_tables)
		return;
	memset(&v, 0, sizeof(v));
	if (p->model->check_saved_tables(p->kvm, its, &v))
		sim_report_violation(&v);
}

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
	cover_op("reg_write", p->model->reg_write(p->kvm, &w));
}

/* @op in the scenario's words, for reports: "ops[0] its_commands its0: DISCARD 1:0". */
static void describe_op(const struct scn_program *p, const struct scn_op *op,
			char *buf, size_t len)
{
	const char *path = strstr(op->path, "ops[");
	size_t n;

	n = (size_t)snprintf(buf, len, "%s %s", path ? path : op->path,
			     scn_op_name(op->kind));
	if (op->its >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " %s",
				      p->scn->its[op->its].name);
	if (op->kind == SCN_OP_GICR_CTLR && n < len)
		n += (size_t)snprintf(buf + n, len - n, " redist %u enable_lpis %s",
				      op->redist, op->enable ? "true" : "false");
	if (op->kind == SCN_OP_GITS_CTLR && n < len)
		n += (size_t)snprintf(buf + n, len - n, " enabled %s",
				      op->enable ? "true" : "false");
	if (op->kind == SCN_OP_MSI && n < len)
		n += (size_t)snprintf(buf + n, len - n, " device %u event %u",
				      op->device, op->event);
	for (int c = 0; op->kind == SCN_OP_ITS_COMMANDS && c < op->nr_cmds &&
			n < len; c++) {
		const struct scn_cmd *cmd = &op->cmds[c];

		n += (size_t)snprintf(buf + n, len - n, "%s%s", c ? ", " : ": ",
				      scn_cmd_name(cmd->kind));
		if (n < len && (cmd->kind == SCN_CMD_MAPTI ||
				cmd->kind == SCN_CMD_MAPI ||
				cmd->kind == SCN_CMD_DISCARD ||
				cmd->kind == SCN_CMD_MOVI || cmd->kind == SCN_CMD_INV ||
				cmd->kind == SCN_CMD_INT || cmd->kind == SCN_CMD_CLEAR))
			n += (size_t)snprintf(buf + n, len - n, " %u:%u",
					      cmd->device, cmd->event);
		if (n < len && cmd->kind == SCN_CMD_MAPTI)
			n += (size_t)snprintf(buf + n, len - n, " lpi %u", cmd->lpi);
	}
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

		char doing[SIM_DOING_MAX];

		if (op->at)
			sim_not_before(op->at);
		describe_op(p, op, doing, sizeof(doing));
		sim_actor_doing(doing);
		switch (op->kind) {
		case SCN_OP_GICR_CTLR:
			p->model->gicr_ctlr_write(p->kvm, vcpu, op->redist, op->enable);
			break;
		case SCN_OP_GITS_CTLR:
			p->model->gits_ctlr_write(p->kvm, its, vcpu, op->enable);
			break;
		case SCN_OP_GITS_BASER:
			p->model->gits_baser_write(p->kvm, its, vcpu, op->table,
					       op->enable);
			break;
		case SCN_OP_ITS_COMMANDS:
			p->model->its_commands(p->kvm, its, vcpu,
					   p->cmds[aa->index][i],
					   op->nr_cmds);
			break;
		case SCN_OP_MSI:
			do_msi(p, a, op);
			break;
		case SCN_OP_ITS_CTRL:
			do_its_ctrl(p, op, its);
			break;
		case SCN_OP_REG_WRITE:
			do_reg_write(p, op, its);
			break;
		case SCN_OP_DESTROY_VM:
			/* The last reference goes once every thread has left. */
			sim_wait_others(SIM_HERE);
			p->model->vm_destroy(p->kvm);
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
	p->model->variant_select(p->variant);
	p->kvm = p->model->vm_create(scn->nr_vcpus);
	for (uint32_t v = 0; v < scn->nr_vcpus; v++)
		p->model->vcpu_set_lpis_enabled(p->kvm, v, scn->lpis_enabled[v]);
	for (int i = 0; i < scn->nr_its; i++) {
		const struct scn_its *si = &scn->its[i];
		struct vgic_its *its;

		its = p->model->its_create(p->kvm, si->name, si->enabled);
		p->its[i] = its;
		for (int c = 0; c < si->nr_collections; c++) {
			err = p->model->its_map_collection(p->kvm, its,
						       si->collections[c].id,
						       si->collections[c].vcpu);
			if (err)
				setup_fail(p, "a collection", err);
		}
		for (int d = 0; d < si->nr_devices; d++) {
			const struct scn_device *dev = &si->devices[d];

			/* Every device listed is mapped, with or without events. */
			err = p->model->its_map_device(p->kvm, its, dev->id);
			if (err)
				setup_fail(p, "a device mapping", err);
			for (int e = 0; e < dev->nr_events; e++) {
				err = p->model->its_map_event(p->kvm, its, dev->id,
							  dev->events[e].event,
							  dev->events[e].lpi,
							  dev->events[e].collection);
				if (err)
					setup_fail(p, "an event mapping", err);
			}
		}
		for (int c = 0; c < si->nr_cached; c++) {
			err = p->model->its_cache(p->kvm, its, si->cached[c].device,
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
			sim_actor_holds(s, id, p->model->vcpu_mutex(p->kvm, (unsigned int)a->vcpu));
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
	return p->model->irq_holders(p->kvm, obj, buf, len);
}

static bool describe(void *ctx, const void *obj, const char *alloc_func,
		     char *buf, size_t len)
{
	struct scn_program *p = ctx;

	return p->model->describe(p->kvm, obj, alloc_func, buf, len);
}

struct scn_program *scn_program_create(const struct scenario *scn,
				       const struct model_ops *model, int variant,
				       char *err, size_t errlen)
{
	struct scn_program *p = calloc(1, sizeof(*p));

	if (!p) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	p->scn = scn;
	p->model = model;
	p->variant = variant;
	p->hooks = (struct sim_hooks){ .ctx = p, .setup = setup,
				       .holders = holders, .describe = describe };
	if (model->check_invariants)
		p->hooks.invariants = model_invariants;
	for (int i = 0; i < scn->nr_locks; i++) {
		const char *cls = p->model->lock_class_name(scn->locks[i].lock_class);
		const struct sim_lock_ops *ops = sim_lock_impl_lookup(scn->locks[i].impl);

		if (!cls || !ops || p->nr_locks >= SCN_MAX_LOCKS) {
			snprintf(err, errlen, "%s: at locks.%s: not supported by the model",
				 scn->file, scn->locks[i].lock_class);
			scn_program_free(p);
			return NULL;
		}
		p->locks[p->nr_locks++] = (struct sim_lock_binding){ cls, ops };
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
	cfg->lock_rules = p->model->lock_rules();
}

const char *scn_program_setup_error(const struct scn_program *p)
{
	return p->setup_err[0] ? p->setup_err : NULL;
}

static int abandon(void *ctx, const struct sim *s, const int *cands, int n)
{
	(void)ctx;
	(void)s;
	(void)cands;
	(void)n;
	return -1;
}

int scn_factory_create(void *ctx, struct sim_instance *out, char *err,
		       size_t errlen)
{
	const struct scn_factory *f = ctx;
	struct sim_chooser stop = { .ctx = NULL, .choose = abandon };
	struct scn_program *prog;
	struct sim_config cfg;

	memset(out, 0, sizeof(*out));
	prog = scn_program_create(f->scn, f->model, f->variant, err, errlen);
	if (!prog)
		return -1;
	scn_program_config(prog, f->max_steps, &cfg);
	cfg.hang_ms = f->hang_ms;
	cfg.kcsan = f->kcsan;
	out->sim = sim_create(&cfg, scn_program_hooks(prog));
	out->priv = prog;
	if (!out->sim) {
		snprintf(err, errlen, "itsim: out of memory");
		scn_factory_destroy(ctx, out);
		return -1;
	}
	/* Build the initial state once: a VM the model refuses is bad input. */
	sim_execute(out->sim, &stop);
	if (sim_setup_bug(out->sim)) {
		snprintf(err, errlen, "%s: the model cannot build this VM: %s",
			 f->scn->file, sim_setup_bug(out->sim));
		scn_factory_destroy(ctx, out);
		return -1;
	}
	if (scn_program_setup_error(prog)) {
		snprintf(err, errlen, "%s", scn_program_setup_error(prog));
		scn_factory_destroy(ctx, out);
		return -1;
	}
	return 0;
}

void scn_factory_destroy(void *ctx, struct sim_instance *inst)
{
	(void)ctx;
	sim_destroy(inst->sim);
	scn_program_free(inst->priv);
	memset(inst, 0, sizeof(*inst));
}

/* SPDX-License-Identifier: MIT */
/*
 * The model interface: what the scenario layer and the engine's hooks call
 * on "a model" of the vgic-its code, as one table of operations.
 *
 * The built-in model (sim/kvm/, model_builtin) implements it; a model
 * loaded from a shared object (a compiled kernel tree) implements the
 * same table, so the two are interchangeable column by column.
 *
 * Only plain C types cross it, so callers need none of the kernel-style
 * headers. Operations marked "setup" are called while the initial state is
 * built, before any actor runs: their shim calls are not visible
 * operations. Operations marked "actor" run inside an actor and are made
 * of visible operations. Operations marked "hook" are called by the
 * engine's checkers; they only read the model's state and must not block.
 */
#ifndef MODEL_MODEL_H
#define MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim_violation;	/* <sim/engine.h> */

/* The variants one model offers at most, and their names' longest length. */
#define MODEL_MAX_VARIANTS	64
#define MODEL_VARIANT_NAME_MAX	63
/* The built-in model's variants registered from users' files, at most. */
#define MODEL_BUILTIN_MAX_REGISTERED	16

struct kvm;
struct vgic_its;
struct vgic_variant;
struct sim_lock;
struct sim_lock_rule;

enum model_cmd {
	MODEL_CMD_MAPD, MODEL_CMD_MAPC, MODEL_CMD_MAPTI, MODEL_CMD_MAPI,
	MODEL_CMD_DISCARD, MODEL_CMD_MOVI, MODEL_CMD_MOVALL, MODEL_CMD_INV,
	MODEL_CMD_INVALL, MODEL_CMD_INT, MODEL_CMD_CLEAR, MODEL_CMD_SYNC,
};

struct model_its_cmd {
	enum model_cmd cmd;
	uint32_t device, event, lpi, collection, vcpu, from, to;
	bool valid;
};

enum model_its_ctrl_action {
	MODEL_ITS_RESET,
	MODEL_ITS_SAVE_TABLES,
	MODEL_ITS_RESTORE_TABLES,
};

enum model_reg_target { MODEL_REG_ITS, MODEL_REG_REDIST };
enum model_reg {
	MODEL_REG_GITS_CTLR,	/* .enabled */
	MODEL_REG_GITS_CWRITER,	/* the guest's current write pointer */
	MODEL_REG_GITS_BASER0,	/* device table: .valid */
	MODEL_REG_GITS_BASER1,	/* collection table: .valid */
	MODEL_REG_GICR_CTLR,	/* .enable_lpis */
};
struct model_reg_write {
	enum model_reg_target target;
	struct vgic_its *its;	/* MODEL_REG_ITS */
	unsigned int vcpu;	/* MODEL_REG_REDIST: whose redistributor */
	enum model_reg reg;	/* must belong to @target */
	bool enabled, valid, enable_lpis;
};

struct model_ops {
	const char *name;	/* "builtin" */
	const char *summary;

	/*
	 * Variants: named sets of the functions that differ between
	 * patches, indexed from 0. variant_select() picks the one the
	 * calling thread's model runs (thread-local).
	 */
	int (*variant_count)(void);
	const char *(*variant_name)(int i);
	const char *(*variant_summary)(int i);
	int (*variant_lookup)(const char *name);	/* -1 when unknown */
	void (*variant_select)(int i);

	/* setup: a VM with @nr_vcpus vCPUs, a vGICv3 with LPIs, no ITS yet. */
	struct kvm *(*vm_create)(unsigned int nr_vcpus);
	/* setup: GICR_CTLR.EnableLPIs of @vcpu as the scenario starts. */
	void (*vcpu_set_lpis_enabled)(struct kvm *kvm, unsigned int vcpu,
				      bool on);
	/* setup: create an ITS device (kvm->devices), valid BASERs and CBASER. */
	struct vgic_its *(*its_create)(struct kvm *kvm, const char *name,
				       bool enabled);
	/*
	 * setup: mapped state, through the model's own command handlers
	 * (MAPC; MAPD with an ITT; MAPD if needed, then MAPTI). Return 0 or
	 * a negative errno.
	 */
	int (*its_map_device)(struct kvm *kvm, struct vgic_its *its,
			      uint32_t device_id);
	int (*its_map_collection)(struct kvm *kvm, struct vgic_its *its,
				  uint32_t coll_id, uint32_t vcpu);
	int (*its_map_event)(struct kvm *kvm, struct vgic_its *its,
			     uint32_t device_id, uint32_t event_id,
			     uint32_t lpi, uint32_t coll_id);
	/* setup: put this translation in the ITS's cache (takes its reference). */
	int (*its_cache)(struct kvm *kvm, struct vgic_its *its,
			 uint32_t device_id, uint32_t event_id);
	/*
	 * setup: the lock state of vCPU @vcpu's vcpu->mutex, which a vCPU
	 * actor holds for its whole life (KVM_RUN runs under it).
	 */
	struct sim_lock *(*vcpu_mutex)(struct kvm *kvm, unsigned int vcpu);

	/*
	 * actor (guest MMIO on vCPU @vcpu's thread). Each access runs inside
	 * a kvm->srcu read-side section, as kvm_handle_guest_abort() holds
	 * one around io_mem_abort(). Each returns 0 or a negative errno the
	 * way the handler would report it.
	 */
	int (*gicr_ctlr_write)(struct kvm *kvm, unsigned int vcpu,
			       unsigned int redist, bool enable_lpis);
	int (*gits_ctlr_write)(struct kvm *kvm, struct vgic_its *its,
			       unsigned int vcpu, bool enabled);
	/* @table: 0 device table (GITS_BASER0), 1 collection table (GITS_BASER1). */
	int (*gits_baser_write)(struct kvm *kvm, struct vgic_its *its,
				unsigned int vcpu, int table, bool valid);
	/*
	 * actor: write @n commands to the ITS command queue in guest memory
	 * (not visible: the guest owns that memory), then write
	 * GITS_CWRITER, which processes them under cmd_lock.
	 */
	int (*its_commands)(struct kvm *kvm, struct vgic_its *its,
			    unsigned int vcpu, const struct model_its_cmd *cmds,
			    int n);
	/*
	 * actor, vmm: KVM_SET_DEVICE_ATTR, KVM_DEV_ARM_VGIC_GRP_CTRL on @its
	 * (vgic_its_ctrl: kvm->lock, every vcpu->mutex by trylock,
	 * config_lock, its_lock). @action: enum model_its_ctrl_action.
	 * Return: 0, -EBUSY when some vCPU actor holds its vcpu->mutex (an
	 * outcome, not an error), or the operation's negative errno.
	 */
	int (*its_ctrl)(struct kvm *kvm, struct vgic_its *its, int action);
	/*
	 * actor, vmm: KVM_SET_DEVICE_ATTR, a userspace register write: an
	 * ITS register (KVM_DEV_ARM_VGIC_GRP_ITS_REGS) or a redistributor's
	 * (KVM_DEV_ARM_VGIC_GRP_REDIST_REGS). Each takes kvm->lock, every
	 * vcpu->mutex by trylock and config_lock, then runs the register's
	 * handler. Only the fields the register uses are read.
	 * Return: 0, -EBUSY as its_ctrl, -EINVAL for a bad combination.
	 */
	int (*reg_write)(struct kvm *kvm, const struct model_reg_write *w);
	/* actor, vmm: KVM_SIGNAL_MSI (fast path, then slow path). */
	int (*signal_msi)(struct kvm *kvm, struct vgic_its *its,
			  uint32_t device_id, uint32_t event_id);
	/*
	 * actor, irqfd (atomic): the cached fast path only
	 * (kvm_arch_set_irq_inatomic). Return: -EWOULDBLOCK when the caller
	 * must defer to the injection worker.
	 */
	int (*irqfd_inject_atomic)(struct kvm *kvm, struct vgic_its *its,
				   uint32_t device_id, uint32_t event_id);
	/* actor, worker: the irqfd slow path (kvm_set_msi). */
	int (*irqfd_inject_work)(struct kvm *kvm, struct vgic_its *its,
				 uint32_t device_id, uint32_t event_id);
	/* actor, vmm: last reference to the VM dropped (kvm_destroy_vm order). */
	void (*vm_destroy)(struct kvm *kvm);

	/*
	 * hook: if @obj is a struct vgic_irq, the number of references that
	 * live structures hold on it (ITEs, translation-cache slots of every
	 * ITS, ap_list entries) and, in @buf, who they are ("ITE its0 device
	 * 1 event 0, cache its0 1:0"). Return: -1 when @obj is not a
	 * vgic_irq.
	 */
	int (*irq_holders)(struct kvm *kvm, const void *obj, char *buf,
			   size_t len);
	/*
	 * hook, optional: the kernel's invariants, checked whenever every
	 * actor is between its scenario operations (so at the end too):
	 * each mapped ITE's LPI is the object the LPI registry holds for its
	 * INTID, and so is every LPI queued on an ap_list ("lpi-registry");
	 * each translation-cache entry maps its device and event to the LPI
	 * of that event's ITE ("stale-translation"). Plain reads only.
	 * Return: true with @v filled (kind, site, object, title, detail)
	 * when one is broken.
	 */
	bool (*check_invariants)(struct kvm *kvm, struct sim_violation *v);
	/*
	 * Right after a successful KVM_DEV_ARM_ITS_SAVE_TABLES on @its, from
	 * the saving actor: whether the tables in guest memory describe it
	 * (kvm/itsim-saved-tables.h). Return: true with @v filled when not.
	 */
	bool (*check_saved_tables)(struct kvm *kvm, struct vgic_its *its,
				   struct sim_violation *v);
	/*
	 * hook: a short deterministic name for the model object starting at
	 * @obj, allocated at function @alloc_func ("vgic_irq LPI 8192",
	 * "its_ite its0 device 1 event 0"). Called on live objects only.
	 * Return: false when it is not an object the model names.
	 */
	bool (*describe)(struct kvm *kvm, const void *obj,
			 const char *alloc_func, char *buf, size_t len);

	/*
	 * The documented lock order as pairs of class names,
	 * NULL-terminated: the lock-order checker's reference.
	 */
	const struct sim_lock_rule *(*lock_rules)(void);
	/* Scenario lock keys -> the lock class names the model initialises. */
	const char *(*lock_class_name)(const char *scenario_key);
};

/* The built-in model: sim/kvm/, written by hand beside upstream. */
extern const struct model_ops model_builtin;

/*
 * The built-in model only: add @v (a user's file variant:
 * include/kvm/itsim-variant.h) after the variants already known. @v and
 * its strings are borrowed and must stay valid until exit. Checked: the
 * name is non-empty, of A-Z a-z 0-9 . _ - only, and new; the base is
 * given and already known (a file variant inherits what it does not
 * replace); at most 16 are registered. Not thread-safe: call it before
 * any exploration starts, while no other thread uses the model.
 * Return: 0, or a negative errno with a one-line message in @err.
 */
int model_builtin_register_variant(const struct vgic_variant *v, char *err,
				   size_t errlen);

#endif /* MODEL_MODEL_H */

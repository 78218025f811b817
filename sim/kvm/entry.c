// SPDX-License-Identifier: MIT
/*
 * The model's plain-C interface (<model/model.h>): building a scenario's initial
 * state, the guest and userspace entry points the actors run, and the
 * checkers' hooks.
 *
 * The initial state is built the way a guest and a VMM would build it, by
 * running the model's own handlers in setup mode (no actor runs, so every
 * shim acts at once): ITS registers through their MMIO handlers, mappings
 * through the ITS command handlers, cached translations through
 * vgic_its_cache_translation() under its_lock.
 *
 * Guest memory layout (guest physical addresses):
 *   ITS control frames   SIM_ITS_FRAME_BASE + n * SIM_ITS_FRAME_SIZE
 *   LPI property table   SIM_PROPBASE (shared, 16 INTID bits)
 *   pending tables       SIM_PENDBASE + vcpu * SZ_64K
 *   device tables        SIM_ITS_TABLES + n * SIM_ITS_TABLES_SIZE
 *   collection tables    the same + SIM_ITS_COLL_OFFSET
 *   command queues       SIM_CMDQ + n * SZ_64K, one 4K page each
 *   ITTs                 SIM_ITT + ((n << 16 | device) << 19)
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/sprintf.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>


#include "entry.h"
#include "vgic.h"

/* After vgic.h: the guest side uses its ITS_CMD_SIZE. */
#include <kvm/itsim-guest.h>



/* Variants */

int model_variant_count(void)
{
	return vgic_variant_count();
}

const char *model_variant_name(int i)
{
	return vgic_variant_name(i);
}

const char *model_variant_summary(int i)
{
	return vgic_variant_summary(i);
}

int model_variant_lookup(const char *name)
{
	return vgic_variant_lookup(name);
}

int model_builtin_register_variant(const struct vgic_variant *v, char *err,
			   size_t errlen)
{
	return vgic_variant_register(v, err, errlen);
}

void model_variant_select(int i)
{
	vgic_variant_select(i);
}

/* The guest's view of the layout */

static u64 sim_baser_value(struct vgic_its *its, int table, bool valid)
{
	u64 addr = SIM_ITS_TABLES + sim_its_index(its) * SIM_ITS_TABLES_SIZE;

	if (table)
		addr += SIM_ITS_COLL_OFFSET;

	return (valid ? GITS_BASER_VALID : 0) | addr |
	       GITS_BASER_PAGE_SIZE_64K | (SIM_TABLE_PAGES - 1);
}

/* GICR_PROPBASER: 16 INTID bits. */
static void sim_program_propbaser(struct kvm *kvm)
{
	kvm->arch.vgic.propbaser = SIM_PROPBASE | (INTERRUPT_ID_BITS_ITS - 1);
}

static struct its_device *sim_find_device(struct vgic_its *its, u32 device_id)
{
	struct its_device *device;

	list_for_each_entry(device, &its->device_list, dev_list)
		if (device->device_id == device_id)
			return device;
	return NULL;
}

static struct its_ite *sim_find_ite(struct vgic_its *its, u32 device_id,
				    u32 event_id)
{
	struct its_device *device = sim_find_device(its, device_id);
	struct its_ite *ite;

	if (!device)
		return NULL;
	list_for_each_entry(ite, &device->itt_head, ite_list)
		if (ite->event_id == event_id)
			return ite;
	return NULL;
}


/* ITS command errors (positive E_ITS_* values) become -EINVAL. */
static int sim_cmd_result(int ret)
{
	return ret > 0 ? -EINVAL : ret;
}

/* Setup */

struct kvm *model_vm_create(unsigned int nr_vcpus)
{
	struct kvm *kvm;
	unsigned int i;

	if (nr_vcpus > KVM_MAX_VCPUS)
		return NULL;

	kvm = kvm_create_vm();
	if (!kvm)
		return NULL;

	kvm_vgic_create(kvm, KVM_DEV_TYPE_ARM_VGIC_V3);
	sim_program_propbaser(kvm);

	for (i = 0; i < nr_vcpus; i++) {
		struct kvm_vcpu *vcpu = kvm_vm_ioctl_create_vcpu(kvm, i);

		if (!vcpu)
			return NULL;

		/* No PTZ: enabling LPIs syncs the (empty) pending table. */
		vcpu->arch.vgic_cpu.pendbaser = SIM_PENDBASE + i * SZ_64K;
		atomic_set(&vcpu->arch.vgic_cpu.ctlr, GICR_CTLR_ENABLE_LPIS);
	}

	return kvm;
}

void model_vcpu_set_lpis_enabled(struct kvm *kvm, unsigned int vcpu, bool on)
{
	struct kvm_vcpu *v = kvm_get_vcpu(kvm, vcpu);

	if (v)
		atomic_set(&v->arch.vgic_cpu.ctlr,
			   on ? GICR_CTLR_ENABLE_LPIS : 0);
}

struct sim_lock *model_vcpu_mutex(struct kvm *kvm, unsigned int vcpu)
{
	struct kvm_vcpu *v = kvm_get_vcpu(kvm, vcpu);

	return v ? &v->mutex.dep_map : NULL;
}

struct vgic_its *model_its_create(struct kvm *kvm, const char *name,
				  bool enabled)
{
	unsigned int nr = 0;
	struct kvm_device *dev;
	struct vgic_its *its;
	gpa_t base;
	size_t n;

	list_for_each_entry(dev, &kvm->devices, vm_node)
		if (dev->ops == &kvm_arm_vgic_its_ops)
			nr++;

	if (kvm_ioctl_create_device(kvm, &kvm_arm_vgic_its_ops,
				    KVM_DEV_TYPE_ARM_VGIC_ITS, &dev))
		return NULL;

	its = dev->private;
	n = min(strlen(name), sizeof(its->name) - 1);
	memcpy(its->name, name, n);
	its->name[n] = '\0';

	/* KVM_VGIC_ITS_ADDR_TYPE */
	base = SIM_ITS_FRAME_BASE + nr * SIM_ITS_FRAME_SIZE;
	its->vgic_its_base = base;

	/* vgic_its_create() reset GICR_PROPBASER: the guest programs it. */
	sim_program_propbaser(kvm);

	vgic_mmio_write_its_baser(kvm, its, base + GITS_BASER, 8,
				  sim_baser_value(its, 0, true));
	vgic_mmio_write_its_baser(kvm, its, base + GITS_BASER + 8, 8,
				  sim_baser_value(its, 1, true));
	vgic_mmio_write_its_cbaser(kvm, its, base + GITS_CBASER, 8,
				   GITS_CBASER_VALID | sim_cmdq_addr(its));
	if (enabled)
		vgic_mmio_write_its_ctlr(kvm, its, base + GITS_CTLR, 4,
					 GITS_CTLR_ENABLE);

	return its;
}

int model_its_map_collection(struct kvm *kvm, struct vgic_its *its,
			     uint32_t coll_id, uint32_t vcpu)
{
	struct model_its_cmd c = {
		.cmd = MODEL_CMD_MAPC, .collection = coll_id, .vcpu = vcpu,
		.valid = true,
	};
	u64 cmd[4];

	sim_encode_cmd(its, &c, cmd);
	return sim_cmd_result(vgic_its_handle_command(kvm, its, cmd));
}

/* MAPD V=1, unless the device is mapped already. */
int model_its_map_device(struct kvm *kvm, struct vgic_its *its,
			 uint32_t device_id)
{
	struct model_its_cmd c = {
		.cmd = MODEL_CMD_MAPD, .device = device_id, .valid = true,
	};
	u64 cmd[4];

	if (sim_find_device(its, device_id))
		return 0;
	sim_encode_cmd(its, &c, cmd);
	return sim_cmd_result(vgic_its_handle_command(kvm, its, cmd));
}

int model_its_map_event(struct kvm *kvm, struct vgic_its *its,
			uint32_t device_id, uint32_t event_id, uint32_t lpi,
			uint32_t coll_id)
{
	struct model_its_cmd c;
	u64 cmd[4];
	int ret;

	ret = model_its_map_device(kvm, its, device_id);
	if (ret)
		return ret;

	ret = sim_lpi_prop_enable(kvm, lpi);
	if (ret)
		return ret;

	c = (struct model_its_cmd){
		.cmd = MODEL_CMD_MAPTI, .device = device_id, .event = event_id,
		.lpi = lpi, .collection = coll_id,
	};
	sim_encode_cmd(its, &c, cmd);
	return sim_cmd_result(vgic_its_handle_command(kvm, its, cmd));
}

int model_its_cache(struct kvm *kvm, struct vgic_its *its,
		    uint32_t device_id, uint32_t event_id)
{
	struct its_ite *ite = sim_find_ite(its, device_id, event_id);

	if (!ite || !ite->irq)
		return -ENOENT;

	mutex_lock(&its->its_lock);
	vgic_its_cache_translation(kvm, its, device_id, event_id, ite->irq);
	mutex_unlock(&its->its_lock);

	return 0;
}

/*
 * Actors: guest MMIO. kvm_handle_guest_abort() enters a kvm->srcu
 * read-side section before io_mem_abort() dispatches the access and leaves
 * it afterwards: one section per access, around the handler only.
 */

int model_gicr_ctlr_write(struct kvm *kvm, unsigned int vcpu,
			  unsigned int redist, bool enable_lpis)
{
	struct kvm_vcpu *rd = kvm_get_vcpu(kvm, redist);
	int idx;

	/* Any vCPU may write any frame; the handler gets the frame's owner. */
	(void)vcpu;
	if (!rd)
		return -EINVAL;

	idx = srcu_read_lock(&kvm->srcu);
	vgic_mmio_write_v3r_ctlr(rd, SIM_GICR_BASE + redist * SIM_GICR_FRAME_SIZE +
				 GICR_CTLR, 4,
				 enable_lpis ? GICR_CTLR_ENABLE_LPIS : 0);
	srcu_read_unlock(&kvm->srcu, idx);
	return 0;
}

int model_gits_ctlr_write(struct kvm *kvm, struct vgic_its *its,
			  unsigned int vcpu, bool enabled)
{
	int idx;

	(void)vcpu;
	idx = srcu_read_lock(&kvm->srcu);
	vgic_mmio_write_its_ctlr(kvm, its, its->vgic_its_base + GITS_CTLR, 4,
				 enabled ? GITS_CTLR_ENABLE : 0);
	srcu_read_unlock(&kvm->srcu, idx);
	return 0;
}

int model_gits_baser_write(struct kvm *kvm, struct vgic_its *its,
			   unsigned int vcpu, int table, bool valid)
{
	int idx;

	(void)vcpu;
	if (table != 0 && table != 1)
		return -EINVAL;

	idx = srcu_read_lock(&kvm->srcu);
	vgic_mmio_write_its_baser(kvm, its,
				  its->vgic_its_base + GITS_BASER + 8 * table, 8,
				  sim_baser_value(its, table, valid));
	srcu_read_unlock(&kvm->srcu, idx);
	return 0;
}

/*
 * The guest's part runs without visible operations: it fills its own
 * memory and advances its own copy of the write pointer, atomically with
 * respect to other actors (a guest serialises its queue writes), and then
 * writes GITS_CWRITER with the latest value.
 */
int model_its_commands(struct kvm *kvm, struct vgic_its *its,
		       unsigned int vcpu, const struct model_its_cmd *cmds,
		       int n)
{
	int ret, idx;

	(void)vcpu;
	/* GITS_CREADR is read as the guest would, before it writes. */
	ret = sim_guest_queue_cmds(kvm, its, cmds, n, &its->sim_guest_cwriter);
	if (ret)
		return ret;

	idx = srcu_read_lock(&kvm->srcu);
	vgic_mmio_write_its_cwriter(kvm, its, its->vgic_its_base + GITS_CWRITER,
				    8, its->sim_guest_cwriter);
	srcu_read_unlock(&kvm->srcu, idx);
	return 0;
}

/*
 * Actors: the VMM's KVM_SET_DEVICE_ATTR, which kvm_device_ioctl() hands to
 * the device's set_attr with no lock held. The value travels through
 * attr.addr as a user pointer would.
 */

int model_its_ctrl(struct kvm *kvm, struct vgic_its *its, int action)
{
	static const u64 ctrl_attr[] = {
		[MODEL_ITS_RESET] = KVM_DEV_ARM_ITS_CTRL_RESET,
		[MODEL_ITS_SAVE_TABLES] = KVM_DEV_ARM_ITS_SAVE_TABLES,
		[MODEL_ITS_RESTORE_TABLES] = KVM_DEV_ARM_ITS_RESTORE_TABLES,
	};
	struct kvm_device_attr attr = { .group = KVM_DEV_ARM_VGIC_GRP_CTRL };

	(void)kvm;
	if (action < 0 || (unsigned int)action >= ARRAY_SIZE(ctrl_attr))
		return -EINVAL;

	attr.attr = ctrl_attr[action];
	return its->dev->ops->set_attr(its->dev, &attr);
}

static int sim_its_reg_write(struct vgic_its *its,
			     const struct model_reg_write *w)
{
	struct kvm_device_attr attr = { .group = KVM_DEV_ARM_VGIC_GRP_ITS_REGS };
	u64 val;

	switch (w->reg) {
	case MODEL_REG_GITS_CTLR:
		attr.attr = GITS_CTLR;
		val = w->enabled ? GITS_CTLR_ENABLE : 0;
		break;
	case MODEL_REG_GITS_CWRITER:
		attr.attr = GITS_CWRITER;
		val = its->sim_guest_cwriter;
		break;
	case MODEL_REG_GITS_BASER0:
	case MODEL_REG_GITS_BASER1: {
		int table = w->reg == MODEL_REG_GITS_BASER1;

		attr.attr = GITS_BASER + 8 * table;
		val = sim_baser_value(its, table, w->valid);
		break;
	}
	default:
		return -EINVAL;
	}

	attr.addr = (u64)(unsigned long)&val;
	return its->dev->ops->set_attr(its->dev, &attr);
}

int model_reg_write(struct kvm *kvm, const struct model_reg_write *w)
{
	struct kvm_device_attr attr = {
		.group = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
	};
	u32 val;

	if (w->target == MODEL_REG_ITS)
		return w->its ? sim_its_reg_write(w->its, w) : -EINVAL;

	if (w->target != MODEL_REG_REDIST || w->reg != MODEL_REG_GICR_CTLR ||
	    !kvm_get_vcpu(kvm, w->vcpu))
		return -EINVAL;

	/* The model's MPIDR is the vCPU id in Aff0. */
	attr.attr = (u64)kvm_get_vcpu(kvm, w->vcpu)->vcpu_id
			<< KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT | GICR_CTLR;
	val = w->enable_lpis ? GICR_CTLR_ENABLE_LPIS : 0;
	attr.addr = (u64)(unsigned long)&val;
	return vgic_v3_attr_regs_access(kvm, &attr);
}

static void sim_msi(struct vgic_its *its, u32 device_id, u32 event_id,
		    struct kvm_msi *msi)
{
	u64 db = its->vgic_its_base + GITS_TRANSLATER;

	*msi = (struct kvm_msi){
		.address_lo = lower_32_bits(db),
		.address_hi = upper_32_bits(db),
		.data = event_id,
		.flags = KVM_MSI_VALID_DEVID,
		.devid = device_id,
	};
}

/* kvm_set_msi() (vgic-irqfd.c), for a level-high MSI route. */
static int sim_kvm_set_msi(struct kvm *kvm, struct kvm_msi *msi)
{
	if (!vgic_has_its(kvm))
		return -ENODEV;

	return vgic_its_inject_msi(kvm, msi);
}

int model_signal_msi(struct kvm *kvm, struct vgic_its *its,
		     uint32_t device_id, uint32_t event_id)
{
	struct kvm_msi msi;

	sim_msi(its, device_id, event_id, &msi);
	return sim_kvm_set_msi(kvm, &msi);
}

/* kvm_arch_set_irq_inatomic() (vgic-irqfd.c), MSI route. */
int model_irqfd_inject_atomic(struct kvm *kvm, struct vgic_its *its,
			      uint32_t device_id, uint32_t event_id)
{
	struct kvm_msi msi;

	if (!vgic_has_its(kvm))
		return -EWOULDBLOCK;

	sim_msi(its, device_id, event_id, &msi);
	return vgic_its_inject_cached_translation(kvm, &msi);
}

int model_irqfd_inject_work(struct kvm *kvm, struct vgic_its *its,
			    uint32_t device_id, uint32_t event_id)
{
	struct kvm_msi msi;

	sim_msi(its, device_id, event_id, &msi);
	return sim_kvm_set_msi(kvm, &msi);
}

void model_vm_destroy(struct kvm *kvm)
{
	kvm_destroy_vm(kvm);
}

/* Hooks: plain reads only, no shim call */

static bool sim_in_xarray(const struct xarray *xa, const void *obj)
{
	unsigned int i;

	for (i = 0; i < xa->nr; i++)
		if (xa->slots[i].entry == obj)
			return true;
	return false;
}

/*
 * ITEs and cache slots of every ITS still on kvm->devices (one being
 * destroyed is already unlinked), and every vCPU's ap_list. An LPI freed
 * while still queued leaves a poisoned node: the walk stops there.
 */
int model_irq_holders(struct kvm *kvm, const void *obj, char *buf, size_t len)
{
	struct sim_out o = { buf, len, 0 };
	struct kvm_device *dev;
	int n = 0;

	if (len)
		buf[0] = '\0';

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		struct vgic_its *its = dev->private;
		const struct xarray *xa = &its->translation_cache;
		struct its_device *device;
		struct its_ite *ite;
		unsigned int s;

		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;

		list_for_each_entry(device, &its->device_list, dev_list)
			list_for_each_entry(ite, &device->itt_head, ite_list)
				if (ite->irq == obj) {
					n++;
					sim_out_add(&o, "ITE %s device %u event %u",
						    its->name, device->device_id,
						    ite->event_id);
				}

		for (s = 0; s < xa->nr; s++)
			if (xa->slots[s].entry == obj) {
				n++;
				sim_out_add(&o, "cache %s %lu:%lu", its->name,
					    xa->slots[s].index >> VITS_TYPER_IDBITS,
					    xa->slots[s].index & VITS_MAX_EVENTID);
			}
	}

	n += sim_ap_list_holders(kvm, obj, &o);

	if (n)
		return n;

	return sim_in_xarray(&kvm->arch.vgic.lpi_xa, obj) ? 0 : -1;
}

bool model_describe(struct kvm *kvm, const void *obj, const char *alloc_func,
		    char *buf, size_t len)
{
	(void)kvm;

	if (sim_describe_vm_object(obj, alloc_func, buf, len)) {
		/* kvm, kvm_vcpu N, vgic_irq LPI N */
	} else if (!strcmp(alloc_func, "vgic_its_alloc_ite")) {
		const struct its_ite *ite = obj;
		const struct its_device *device = ite->sim_device;

		if (device)
			snprintf(buf, len, "its_ite %.*s device %u event %u",
				 (int)sizeof(device->sim_its->name),
				 device->sim_its->name, device->device_id,
				 ite->event_id);
		else
			snprintf(buf, len, "its_ite");
	} else if (!strcmp(alloc_func, "vgic_its_alloc_device")) {
		const struct its_device *device = obj;

		if (device->sim_its)
			snprintf(buf, len, "its_device %.*s device %u",
				 (int)sizeof(device->sim_its->name),
				 device->sim_its->name, device->device_id);
		else
			snprintf(buf, len, "its_device");
	} else if (!strcmp(alloc_func, "vgic_its_alloc_collection")) {
		const struct its_collection *coll = obj;

		if (coll->sim_its)
			snprintf(buf, len, "its_collection %.*s collection %u",
				 (int)sizeof(coll->sim_its->name),
				 coll->sim_its->name, coll->collection_id);
		else
			snprintf(buf, len, "its_collection");
	} else if (!strcmp(alloc_func, "vgic_its_create")) {
		const struct vgic_its *its = obj;

		if (its->name[0])
			snprintf(buf, len, "vgic_its %.*s",
				 (int)sizeof(its->name), its->name);
		else
			snprintf(buf, len, "vgic_its");
	} else if (!strcmp(alloc_func, "kvm_ioctl_create_device")) {
		const struct kvm_device *dev = obj;

		snprintf(buf, len, "kvm_device %s",
			 dev->ops ? dev->ops->name : "");
	} else {
		return false;
	}

	return true;
}

const char *model_lock_class_name(const char *scenario_key)
{
	static const struct {
		const char *key, *name;
	} map[] = {
		{ "kvm_lock", "&kvm->lock" },
		{ "vcpu_mutex", "&vcpu->mutex" },
		{ "cmd_lock", "&its->cmd_lock" },
		{ "its_lock", "&its->its_lock" },
		{ "lpi_xa", "&dist->lpi_xa.xa_lock" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].key, scenario_key))
			return map[i].name;
	return NULL;
}

#include <kvm/itsim-invariants.h>
#include <kvm/itsim-invariants-xa.h>
#include <kvm/itsim-saved-tables.h>

/* What the shared invariants read of this model: lpi_xa, its xarray. */

static const struct vgic_irq *sim_inv_registered(struct kvm *kvm, u32 intid,
						 int *nr)
{
	return sim_inv_xa_registered(&kvm->arch.vgic.lpi_xa, intid, nr);
}

static const char *sim_inv_its_name(struct kvm *kvm, struct vgic_its *its)
{
	(void)kvm;
	return its->name;
}

static bool sim_inv_cached(struct kvm *kvm, struct vgic_its *its,
			   unsigned int n, u32 *device_id, u32 *event_id,
			   const struct vgic_irq **irq)
{
	(void)kvm;
	return sim_inv_xa_cached(&its->translation_cache, n, device_id,
				 event_id, irq);
}

/*
 * The kernel's invariants, whenever every thread is between operations:
 * what vgic_get_irq(), the ITS commands and the translation cache all
 * assume of each other.
 */
bool model_check_invariants(struct kvm *kvm, struct sim_violation *v)
{
	return sim_check_kernel_invariants(kvm, v);
}

bool model_check_saved_tables(struct kvm *kvm, struct vgic_its *its,
			      struct sim_violation *v)
{
	return sim_saved_tables_broken(kvm, its, its->name, v);
}

// SPDX-License-Identifier: MIT
/*
 * The virtual ITS: LPI creation, the per-ITS translation cache, MSI
 * injection, ITS commands, the ITS MMIO registers that drive them, and ITS
 * creation and destruction.
 *
 * Upstream function followed, per model function (arch/arm64/kvm/vgic/
 * vgic-its.c of a 6.16-era tree, the per-ITS xarray cache of 6.10+, unless
 * noted):
 *   vgic_add_lpi                   6.16 (refcount_set for kref_init, 6.17)
 *   find_its_device, find_ite, find_collection, for_each_lpi_its
 *   update_lpi_config, update_affinity, collection_to_vcpu,
 *   update_affinity_ite, update_affinity_collection, max_lpis_propbaser
 *   its_sync_lpi_pending_table, vgic_enable_lpis
 *   vgic_its_resolve_lpi, vgic_its_cache_key
 *                                  6.16
 *   __vgic_doorbell_to_its         6.16, with the KVM MMIO bus lookup
 *                                  replaced by a walk of kvm->devices
 *   vgic_msi_to_its, vgic_its_trigger_msi, vgic_its_inject_msi
 *   its_free_ite                   6.16 (GICv4 unmap under irq_lock)
 *   its_cmd_mask_field and the its_cmd_get_* decoders
 *   vgic_its_cmd_handle_{discard,movi,mapi,mapd,mapc,clear,invall,int,
 *   inv,movall}, vgic_its_invall, vgic_its_check_id (flat tables only),
 *   vgic_its_check_event_id, vgic_its_alloc_{collection,ite,device},
 *   vgic_its_free_{collection,device,device_list,collection_list},
 *   vgic_its_handle_command
 *   vgic_mmio_write_its_cbaser, vgic_its_process_commands,
 *   vgic_mmio_write_its_cwriter, vgic_mmio_write_its_baser
 *   vgic_its_create (essentials), vgic_its_destroy
 *   vgic_its_attr_regs_access      6.16 write half; the its_registers[]
 *                                  lookup is a switch over the registers
 *                                  the model has (none of them has a
 *                                  uaccess_its_write handler upstream)
 *   compute_next_{devid,eventid}_offset, scan_its_table,
 *   vgic_its_{save,restore}_{ite,itt,dte,cte}, vgic_its_save_device_tables,
 *   vgic_its_restore_device_tables, vgic_its_{save,restore}_collection_table,
 *   vgic_its_{save,restore}_tables_v0, vgic_its_reset, vgic_its_ctrl
 *                                  6.16 (flat tables only; entries in
 *                                  host byte order, the le64 conversions
 *                                  being no-ops on arm64)
 *   vgic_its_set_attr              6.16, GRP_CTRL and GRP_ITS_REGS only
 * The translation cache's functions are replaceable per patch variant and
 * live in variants/ (upstream's in v0.c): vgic_its_check_cache,
 * vgic_its_cache_translation, vgic_its_invalidate_cache,
 * vgic_its_invalidate_all_caches, vgic_mmio_write_its_ctlr and
 * vgic_its_inject_cached_translation.
 *
 * Not modelled: GICv4 direct injection (irq->hw is never set), two-level
 * device tables, memory attributes (register sanitisation), memslot
 * visibility checks (all guest memory is backed), register reads from
 * userspace.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>

#include "vgic.h"

#define ABI_0_ESZ	8

#define ESZ_MAX		ABI_0_ESZ

struct vgic_its_abi {
	int cte_esz;
	int dte_esz;
	int ite_esz;
	int (*save_tables)(struct vgic_its *its);
	int (*restore_tables)(struct vgic_its *its);
};

static int vgic_its_save_tables_v0(struct vgic_its *its);
static int vgic_its_restore_tables_v0(struct vgic_its *its);

static const struct vgic_its_abi its_table_abi_versions[] = {
	[0] = {
	 .cte_esz = ABI_0_ESZ,
	 .dte_esz = ABI_0_ESZ,
	 .ite_esz = ABI_0_ESZ,
	 .save_tables = vgic_its_save_tables_v0,
	 .restore_tables = vgic_its_restore_tables_v0,
	},
};

#define NR_ITS_ABIS	ARRAY_SIZE(its_table_abi_versions)

static inline const struct vgic_its_abi *vgic_its_get_abi(struct vgic_its *its)
{
	return &its_table_abi_versions[its->abi_rev];
}

#define vgic_its_read_entry_lock(i, g, valp, t)				\
	({								\
		int __sz = vgic_its_get_abi(i)->t##_esz;		\
									\
		kvm_read_guest_lock((i)->dev->kvm, (g), (valp), __sz);	\
	})

#define vgic_its_write_entry_lock(i, g, val, t)				\
	({								\
		u64 __v = (val);					\
		int __sz = vgic_its_get_abi(i)->t##_esz;		\
									\
		vgic_write_guest_lock((i)->dev->kvm, (g), &__v, __sz);	\
	})

static int update_lpi_config(struct kvm *kvm, struct vgic_irq *irq,
			     struct kvm_vcpu *filter_vcpu,
			     bool __always_unused needs_inv);

/**
 * vgic_add_lpi() - find or create the vgic_irq for an LPI
 * @kvm: the VM
 * @intid: the LPI's INTID
 * @vcpu: the target vCPU of a new LPI, or NULL
 *
 * Context: its_lock of the mapping ITS held (MAPTI/MAPI, table restore),
 * which this function, given no ITS, cannot assert; lpi_xa itself is
 * guarded by its own lock, as several ITSes may map one INTID. May sleep.
 * Return: the LPI with one reference the caller owns (the ITE's), or an
 * ERR_PTR.
 */
static struct vgic_irq *vgic_add_lpi(struct kvm *kvm, u32 intid,
				     struct kvm_vcpu *vcpu)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq = vgic_get_irq(kvm, intid), *oldirq;
	unsigned long flags;
	int ret = 0;

	/* Exists already: the lookup reference is handed to the caller. */
	if (irq)
		return irq;

	irq = kzalloc(sizeof(struct vgic_irq), GFP_KERNEL_ACCOUNT);
	if (!irq)
		return ERR_PTR(-ENOMEM);

	ret = xa_reserve_irq(&dist->lpi_xa, intid, GFP_KERNEL_ACCOUNT);
	if (ret) {
		kfree(irq);
		return ERR_PTR(ret);
	}

	INIT_LIST_HEAD(&irq->ap_list);
	raw_spin_lock_init(&irq->irq_lock);

	irq->config = VGIC_CONFIG_EDGE;
	refcount_set(&irq->refcount, 1);
	irq->intid = intid;
	irq->target_vcpu = vcpu;
	irq->group = 1;

	xa_lock_irqsave(&dist->lpi_xa, flags);

	/*
	 * A concurrent MAPTI for the same INTID (from another ITS) may
	 * have stored its object since the lookup: reuse it if it is still
	 * live. A zero-count occupant is overwritten: whoever dropped it to
	 * zero still owns its release.
	 */
	oldirq = xa_load(&dist->lpi_xa, intid);
	if (vgic_try_get_irq_ref(oldirq)) {
		/* Lost the race: take the stored object, free ours. */
		kfree(irq);
		irq = oldirq;
	} else {
		ret = xa_err(__xa_store(&dist->lpi_xa, intid, irq, 0));
	}

	xa_unlock_irqrestore(&dist->lpi_xa, flags);

	if (ret) {
		xa_release(&dist->lpi_xa, intid);
		kfree(irq);
		return ERR_PTR(ret);
	}

	/*
	 * Priority, enable and pending bits are copied into the vgic_irq,
	 * which only exists once mapped: load them from guest memory now. A
	 * failed read undoes the creation by dropping our reference.
	 */
	ret = update_lpi_config(kvm, irq, NULL, false);
	if (ret) {
		vgic_put_irq(kvm, irq);
		return ERR_PTR(ret);
	}

	ret = vgic_v3_lpi_sync_pending_status(kvm, irq);
	if (ret) {
		vgic_put_irq(kvm, irq);
		return ERR_PTR(ret);
	}

	return irq;
}

/* Lookup by DeviceID; the caller holds its_lock. */
static struct its_device *find_its_device(struct vgic_its *its, u32 device_id)
{
	struct its_device *device;

	/* its_lock protects device_list. */
	lockdep_assert_held(&its->its_lock);

	list_for_each_entry(device, &its->device_list, dev_list)
		if (device_id == device->device_id)
			return device;

	return NULL;
}

/* Lookup by (DeviceID, EventID); the caller holds its_lock. */
static struct its_ite *find_ite(struct vgic_its *its, u32 device_id,
				u32 event_id)
{
	struct its_device *device;
	struct its_ite *ite;

	/* its_lock protects every device's ITT list. */
	lockdep_assert_held(&its->its_lock);

	device = find_its_device(its, device_id);
	if (device == NULL)
		return NULL;

	list_for_each_entry(ite, &device->itt_head, ite_list)
		if (ite->event_id == event_id)
			return ite;

	return NULL;
}

/* Every ITE of every device of @its; used like a for statement. */
#define for_each_lpi_its(dev, ite, its) \
	list_for_each_entry(dev, &(its)->device_list, dev_list) \
		list_for_each_entry(ite, &(dev)->itt_head, ite_list)

/* Lookup by collection ID; the caller holds its_lock. */
static struct its_collection *find_collection(struct vgic_its *its, u32 coll_id)
{
	struct its_collection *collection;

	/* its_lock protects collection_list. */
	lockdep_assert_held(&its->its_lock);

	list_for_each_entry(collection, &its->collection_list, coll_list) {
		if (coll_id == collection->collection_id)
			return collection;
	}

	return NULL;
}

/*
 * Reload @irq's priority and enable bit from the property table and
 * requeue it if that made it deliverable. A non-NULL @filter_vcpu limits
 * the update to LPIs currently targeting that vCPU (INVALL).
 */
static int update_lpi_config(struct kvm *kvm, struct vgic_irq *irq,
			     struct kvm_vcpu *filter_vcpu,
			     bool __always_unused needs_inv)
{
	u64 propbase = GICR_PROPBASER_ADDRESS(kvm->arch.vgic.propbaser);
	unsigned long flags;
	u8 prop;
	int ret;

	ret = kvm_read_guest_lock(kvm, propbase + irq->intid - GIC_LPI_OFFSET,
				  &prop, 1);

	if (ret)
		return ret;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);

	if (!filter_vcpu || filter_vcpu == irq->target_vcpu) {
		irq->priority = LPI_PROP_PRIORITY(prop);
		irq->enabled = LPI_PROP_ENABLE_BIT(prop);

		/* !irq->hw: GICv4 is not modelled */
		vgic_queue_irq_unlock(kvm, irq, flags);
		return 0;
	}

	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
	return ret;
}

static int update_affinity(struct vgic_irq *irq, struct kvm_vcpu *vcpu)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->target_vcpu = vcpu;
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);

	/* Remapping a GICv4 vLPI (irq->hw) is not modelled. */
	return 0;
}

static struct kvm_vcpu *collection_to_vcpu(struct kvm *kvm,
					   struct its_collection *col)
{
	return kvm_get_vcpu_by_id(kvm, col->target_addr);
}

/*
 * Derive the LPI's target vCPU from the ITE's collection. Needed after
 * the ITE changes collection and after its collection is remapped.
 */
static void update_affinity_ite(struct kvm *kvm, struct its_ite *ite)
{
	struct kvm_vcpu *vcpu;

	if (!its_is_collection_mapped(ite->collection))
		return;

	vcpu = collection_to_vcpu(kvm, ite->collection);
	update_affinity(ite->irq, vcpu);
}

/* Retarget the LPI of every ITE using @coll; the caller holds its_lock. */
static void update_affinity_collection(struct kvm *kvm, struct vgic_its *its,
				       struct its_collection *coll)
{
	struct its_device *device;
	struct its_ite *ite;

	/* The walk follows every ITE of @its: its_lock keeps them. */
	lockdep_assert_held(&its->its_lock);

	for_each_lpi_its(device, ite, its) {
		if (ite->collection != coll)
			continue;

		update_affinity_ite(kvm, ite);
	}
}

static u32 max_lpis_propbaser(u64 propbaser)
{
	int nr_idbits = (propbaser & 0x1f) + 1;

	return 1U << min(nr_idbits, INTERRUPT_ID_BITS_ITS);
}

/*
 * Copy @vcpu's pending table into the pending_latch of the LPIs that
 * already exist and target it; an LPI mapped later loads its own bit
 * when it is created.
 */
static int its_sync_lpi_pending_table(struct kvm_vcpu *vcpu)
{
	gpa_t pendbase = GICR_PENDBASER_ADDRESS(vcpu->arch.vgic_cpu.pendbaser);
	struct vgic_dist *dist = &vcpu->kvm->arch.vgic;
	unsigned long intid, flags;
	struct vgic_irq *irq;
	int last_byte_offset = -1;
	int ret = 0;
	u8 pendmask = 0;

	xa_for_each(&dist->lpi_xa, intid, irq) {
		int byte_offset, bit_nr;

		byte_offset = intid / BITS_PER_BYTE;
		bit_nr = intid % BITS_PER_BYTE;

		/*
		 * Eight INTIDs share a byte: only read guest memory when the
		 * byte changes.
		 */
		if (byte_offset != last_byte_offset) {
			ret = kvm_read_guest_lock(vcpu->kvm,
						  pendbase + byte_offset,
						  &pendmask, 1);
			if (ret)
				return ret;

			last_byte_offset = byte_offset;
		}

		/* The LPI may have been unmapped by another ITS meanwhile. */
		irq = vgic_get_irq(vcpu->kvm, intid);
		if (!irq)
			continue;

		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		if (irq->target_vcpu == vcpu)
			irq->pending_latch = pendmask & (1U << bit_nr);
		vgic_queue_irq_unlock(vcpu->kvm, irq, flags);
		vgic_put_irq(vcpu->kvm, irq);
	}

	return ret;
}

/**
 * vgic_its_resolve_lpi() - translate (DeviceID, EventID) through an ITS
 * @kvm: the VM
 * @its: the ITS
 * @devid: the DeviceID
 * @eventid: the EventID
 * @irq: where the LPI is returned
 *
 * On success the translation is also cached. No reference is taken for
 * the caller: the returned pointer is only valid while its_lock is held,
 * the ITE's reference keeping the LPI alive.
 *
 * Context: its_lock held; may sleep (cache insertion allocates).
 * Return: 0, -EBUSY if the ITS or the target's LPIs are disabled, or
 * E_ITS_INT_UNMAPPED_INTERRUPT.
 */
int vgic_its_resolve_lpi(struct kvm *kvm, struct vgic_its *its,
			 u32 devid, u32 eventid, struct vgic_irq **irq)
{
	struct kvm_vcpu *vcpu;
	struct its_ite *ite;

	lockdep_assert_held(&its->its_lock);

	/* Racy with a GITS_CTLR write, which holds only cmd_lock. */
	if (!READ_ONCE(its->enabled))
		return -EBUSY;

	ite = find_ite(its, devid, eventid);
	if (!ite || !its_is_collection_mapped(ite->collection))
		return E_ITS_INT_UNMAPPED_INTERRUPT;

	vcpu = collection_to_vcpu(kvm, ite->collection);
	if (!vcpu)
		return E_ITS_INT_UNMAPPED_INTERRUPT;

	if (!vgic_lpis_enabled(vcpu))
		return -EBUSY;

	vgic_its_cache_translation(kvm, its, devid, eventid, ite->irq);

	*irq = ite->irq;
	return 0;
}

/*
 * Upstream looks the doorbell up on the KVM MMIO bus (kvm_io_bus_get_dev)
 * and takes the ITS from the vgic_io_device found there. The MMIO bus is
 * not modelled: the ITS whose GITS_TRANSLATER is @db is found by walking
 * kvm->devices, which (like the bus) only changes at creation and VM
 * teardown.
 */
struct vgic_its *__vgic_doorbell_to_its(struct kvm *kvm, gpa_t db)
{
	struct kvm_device *dev;
	struct vgic_its *its;

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;

		its = dev->private;
		if (its->vgic_its_base + GITS_TRANSLATER == db)
			return its;
	}

	return ERR_PTR(-EINVAL);
}

unsigned long vgic_its_cache_key(u32 devid, u32 eventid)
{
	return (((unsigned long)devid) << VITS_TYPER_IDBITS) | eventid;
}

static struct vgic_its *vgic_msi_to_its(struct kvm *kvm, struct kvm_msi *msi)
{
	u64 address;

	if (!vgic_has_its(kvm))
		return ERR_PTR(-ENODEV);

	if (!(msi->flags & KVM_MSI_VALID_DEVID))
		return ERR_PTR(-EINVAL);

	address = (u64)msi->address_hi << 32 | msi->address_lo;

	return __vgic_doorbell_to_its(kvm, address);
}

/*
 * The slow path: translate (@devid, @eventid), mark the LPI pending and
 * queue it on its target. The caller holds its_lock.
 * Return: 0, a positive E_ITS_* value when the translation fails, or a
 * negative errno.
 */
static int vgic_its_trigger_msi(struct kvm *kvm, struct vgic_its *its,
				u32 devid, u32 eventid)
{
	struct vgic_irq *irq = NULL;
	unsigned long flags;
	int err;

	/*
	 * The LPI is used below without a reference of our own: only
	 * its_lock keeps the ITE, and with it the ITE's reference.
	 */
	lockdep_assert_held(&its->its_lock);

	err = vgic_its_resolve_lpi(kvm, its, devid, eventid, &irq);
	if (err)
		return err;

	/* irq->hw (setting the physical pending state) is not modelled. */

	/* No reference of our own: the ITE's is stable under its_lock. */
	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->pending_latch = true;
	vgic_queue_irq_unlock(kvm, irq, flags);

	return 0;
}

/**
 * vgic_its_inject_msi() - inject an MSI (KVM_SIGNAL_MSI, irqfd worker)
 * @kvm: the VM
 * @msi: the MSI
 *
 * Context: process context; takes its_lock on a cache miss.
 * Return: 1 if injected, 0 if the guest blocked it (an ITS mapping
 * error), or a negative errno.
 */
/*
 * Model only: what the slow path made of an MSI, for sim run --coverage
 * (KVM_SIGNAL_MSI folds every translation error into 0). Under its_lock,
 * so the ITS's Enable bit is the one the translation saw.
 */
static void vgic_its_cover_msi(struct vgic_its *its, struct kvm_msi *msi,
			       int ret)
{
	const char *why = "translated and injected";

	if (ret == -EBUSY)
		why = READ_ONCE(its->enabled) ?
		      "dropped: LPIs disabled on the target vCPU" :
		      "dropped: the ITS is disabled";
	else if (ret == E_ITS_INT_UNMAPPED_INTERRUPT)
		why = "dropped: no ITE, or its collection is not mapped";
	else if (ret)
		why = "dropped: another error";
	sim_cover("%s: MSI %u:%u on the slow path: %s", its->name, msi->devid,
		  msi->data, why);
}

int vgic_its_inject_msi(struct kvm *kvm, struct kvm_msi *msi)
{
	struct vgic_its *its;
	int ret;

	if (!vgic_its_inject_cached_translation(kvm, msi)) {
		/* Model only: for sim run --coverage. */
		sim_cover("MSI %u:%u: injected from the translation cache",
			  msi->devid, msi->data);
		return 1;
	}

	its = vgic_msi_to_its(kvm, msi);
	if (IS_ERR(its))
		return PTR_ERR(its);

	mutex_lock(&its->its_lock);
	ret = vgic_its_trigger_msi(kvm, its, msi->devid, msi->data);
	vgic_its_cover_msi(its, msi, ret);
	mutex_unlock(&its->its_lock);

	if (ret < 0)
		return ret;

	/*
	 * The KVM_SIGNAL_MSI convention: positive when delivered, 0 when
	 * the guest's mappings block it (any E_ITS_* value).
	 */
	if (ret)
		return 0;
	else
		return 1;
}

/*
 * The caller holds its_lock. Upstream cannot assert it here, having no
 * ITS at hand; the model reaches it through its report-only back pointer.
 */
static void its_free_ite(struct kvm *kvm, struct its_ite *ite)
{
	unsigned long flags;

	/* Unlinking from the device's ITT needs the lock guarding it. */
	lockdep_assert_held(&ite->sim_device->sim_its->its_lock);

	list_del(&ite->ite_list);

	/* Drop the ITE's reference, obtained from vgic_add_lpi(). */
	if (ite->irq) {
		/* Unmapping a GICv4 vLPI is not modelled: clear hw only. */
		raw_spin_lock_irqsave(&ite->irq->irq_lock, flags);
		ite->irq->hw = false;
		raw_spin_unlock_irqrestore(&ite->irq->irq_lock, flags);

		vgic_put_irq(kvm, ite->irq);
	}

	kfree(ite);
}

static u64 its_cmd_mask_field(u64 *its_cmd, int word, int shift, int size)
{
	return (its_cmd[word] >> shift) & (BIT_ULL(size) - 1);
}

#define its_cmd_get_command(cmd)	its_cmd_mask_field(cmd, 0,  0,  8)
#define its_cmd_get_deviceid(cmd)	its_cmd_mask_field(cmd, 0, 32, 32)
#define its_cmd_get_size(cmd)		(its_cmd_mask_field(cmd, 1,  0,  5) + 1)
#define its_cmd_get_id(cmd)		its_cmd_mask_field(cmd, 1,  0, 32)
#define its_cmd_get_physical_id(cmd)	its_cmd_mask_field(cmd, 1, 32, 32)
#define its_cmd_get_collection(cmd)	its_cmd_mask_field(cmd, 2,  0, 16)
#define its_cmd_get_ittaddr(cmd)	(its_cmd_mask_field(cmd, 2,  8, 44) << 8)
#define its_cmd_get_target_addr(cmd)	its_cmd_mask_field(cmd, 2, 16, 32)
#define its_cmd_get_validbit(cmd)	its_cmd_mask_field(cmd, 2, 63,  1)

/* DISCARD: unmap one event and free its ITE; the caller holds its_lock. */
static int vgic_its_cmd_handle_discard(struct kvm *kvm, struct vgic_its *its,
				       u64 *its_cmd)
{
	u32 device_id = its_cmd_get_deviceid(its_cmd);
	u32 event_id = its_cmd_get_id(its_cmd);
	struct its_ite *ite;

	lockdep_assert_held(&its->its_lock);

	ite = find_ite(its, device_id, event_id);
	if (ite && its_is_collection_mapped(ite->collection)) {
		struct its_device *device = find_its_device(its, device_id);
		int ite_esz = vgic_its_get_abi(its)->ite_esz;
		gpa_t gpa = device->itt_addr + ite->event_id * ite_esz;
		/*
		 * The architected pending-state removal is skipped: the
		 * mapping is torn down right here anyway.
		 */
		vgic_its_invalidate_cache(its);

		its_free_ite(kvm, ite);

		return vgic_its_write_entry_lock(its, gpa, 0ULL, ite);
	}

	return E_ITS_DISCARD_UNMAPPED_INTERRUPT;
}

/* MOVI: move one event to another collection; the caller holds its_lock. */
static int vgic_its_cmd_handle_movi(struct kvm *kvm, struct vgic_its *its,
				    u64 *its_cmd)
{
	u32 device_id = its_cmd_get_deviceid(its_cmd);
	u32 event_id = its_cmd_get_id(its_cmd);
	u32 coll_id = its_cmd_get_collection(its_cmd);
	struct kvm_vcpu *vcpu;
	struct its_ite *ite;
	struct its_collection *collection;

	lockdep_assert_held(&its->its_lock);

	ite = find_ite(its, device_id, event_id);
	if (!ite)
		return E_ITS_MOVI_UNMAPPED_INTERRUPT;

	if (!its_is_collection_mapped(ite->collection))
		return E_ITS_MOVI_UNMAPPED_COLLECTION;

	collection = find_collection(its, coll_id);
	if (!its_is_collection_mapped(collection))
		return E_ITS_MOVI_UNMAPPED_COLLECTION;

	ite->collection = collection;
	vcpu = collection_to_vcpu(kvm, collection);

	vgic_its_invalidate_cache(its);

	return update_affinity(ite->irq, vcpu);
}

/*
 * Whether @id fits the guest table @baser describes, and where its entry
 * is. Flat tables only: the model's guest never programs a two-level
 * table, so an indirect one is reported as out of range.
 */
static bool vgic_its_check_id(struct vgic_its __always_unused *its,
			      u64 baser, u32 id,
			      gpa_t *eaddr)
{
	int l1_tbl_size = GITS_BASER_NR_PAGES(baser) * SZ_64K;
	u64 type = GITS_BASER_TYPE(baser);
	phys_addr_t base = GITS_BASER_ADDR_48_to_52(baser);
	int esz = GITS_BASER_ENTRY_SIZE(baser);

	switch (type) {
	case GITS_BASER_TYPE_DEVICE:
		if (id > VITS_MAX_DEVID)
			return false;
		break;
	case GITS_BASER_TYPE_COLLECTION:
		/* GITS_TYPER.CIL reads 0: collection IDs are 16 bits wide */
		if (id >= BIT_ULL(16))
			return false;
		break;
	default:
		return false;
	}

	if (!(baser & GITS_BASER_INDIRECT)) {
		phys_addr_t addr;

		if (id >= (u32)(l1_tbl_size / esz))
			return false;

		addr = base + id * esz;

		if (eaddr)
			*eaddr = addr;

		/* Every guest physical address is backed in the model. */
		return true;
	}

	return false;
}

/* Whether @event_id fits the device's ITT (at device->itt_addr). */
static bool vgic_its_check_event_id(struct vgic_its __always_unused *its,
				    struct its_device *device, u32 event_id)
{
	/* The ITT has room for 2^num_eventid_bits entries */
	if (event_id >= BIT_ULL(device->num_eventid_bits))
		return false;

	/* Every guest physical address is backed in the model. */
	return true;
}

/*
 * Create collection @coll_id, not yet mapped to a redistributor. The
 * caller holds its_lock.
 * Return: 0 or -ENOMEM.
 */
static int vgic_its_alloc_collection(struct vgic_its *its,
				     struct its_collection **colp,
				     u32 coll_id)
{
	struct its_collection *collection;

	/* The new collection goes on collection_list. */
	lockdep_assert_held(&its->its_lock);

	collection = kzalloc(sizeof(*collection), GFP_KERNEL_ACCOUNT);
	if (!collection)
		return -ENOMEM;

	collection->collection_id = coll_id;
	collection->target_addr = COLLECTION_NOT_MAPPED;
	collection->sim_its = its;

	list_add_tail(&collection->coll_list, &its->collection_list);
	*colp = collection;

	return 0;
}

/* The caller holds its_lock. */
static void vgic_its_free_collection(struct vgic_its *its, u32 coll_id)
{
	struct its_collection *collection;
	struct its_device *device;
	struct its_ite *ite;

	/* Every ITE pointing at the collection is updated before it goes. */
	lockdep_assert_held(&its->its_lock);

	/*
	 * Unmapping a collection deletes it; an unknown ID leaves
	 * nothing to do.
	 */
	collection = find_collection(its, coll_id);
	if (!collection)
		return;

	for_each_lpi_its(device, ite, its)
		if (ite->collection &&
		    ite->collection->collection_id == coll_id)
			ite->collection = NULL;

	list_del(&collection->coll_list);
	kfree(collection);
}

/*
 * The caller holds its_lock. As for its_free_ite(), only the model can
 * assert it, through the device's report-only back pointer.
 */
static struct its_ite *vgic_its_alloc_ite(struct its_device *device,
					  struct its_collection *collection,
					  u32 event_id)
{
	struct its_ite *ite;

	/* The new ITE goes on the device's ITT list. */
	lockdep_assert_held(&device->sim_its->its_lock);

	ite = kzalloc(sizeof(*ite), GFP_KERNEL_ACCOUNT);
	if (!ite)
		return ERR_PTR(-ENOMEM);

	ite->event_id = event_id;
	ite->collection = collection;
	ite->sim_device = device;

	list_add_tail(&ite->ite_list, &device->itt_head);
	return ite;
}

/*
 * MAPTI and MAPI: create the ITE for an event and find or create its LPI.
 * The caller holds its_lock.
 */
static int vgic_its_cmd_handle_mapi(struct kvm *kvm, struct vgic_its *its,
				    u64 *its_cmd)
{
	u32 device_id = its_cmd_get_deviceid(its_cmd);
	u32 event_id = its_cmd_get_id(its_cmd);
	u32 coll_id = its_cmd_get_collection(its_cmd);
	struct its_ite *ite;
	struct kvm_vcpu *vcpu = NULL;
	struct its_device *device;
	struct its_collection *collection, *new_coll = NULL;
	struct vgic_irq *irq;
	u32 lpi_nr;

	lockdep_assert_held(&its->its_lock);

	device = find_its_device(its, device_id);
	if (!device)
		return E_ITS_MAPTI_UNMAPPED_DEVICE;

	if (!vgic_its_check_event_id(its, device, event_id))
		return E_ITS_MAPTI_ID_OOR;

	if (its_cmd_get_command(its_cmd) == GITS_CMD_MAPTI)
		lpi_nr = its_cmd_get_physical_id(its_cmd);
	else
		lpi_nr = event_id;
	if (lpi_nr < GIC_LPI_OFFSET ||
	    lpi_nr >= max_lpis_propbaser(kvm->arch.vgic.propbaser))
		return E_ITS_MAPTI_PHYSICALID_OOR;

	/* Remapping a mapped event is UNPREDICTABLE: keep the old ITE. */
	if (find_ite(its, device_id, event_id))
		return 0;

	collection = find_collection(its, coll_id);
	if (!collection) {
		int ret;

		if (!vgic_its_check_id(its, its->baser_coll_table, coll_id, NULL))
			return E_ITS_MAPC_COLLECTION_OOR;

		ret = vgic_its_alloc_collection(its, &collection, coll_id);
		if (ret)
			return ret;
		new_coll = collection;
	}

	ite = vgic_its_alloc_ite(device, collection, event_id);
	if (IS_ERR(ite)) {
		if (new_coll)
			vgic_its_free_collection(its, coll_id);
		return PTR_ERR(ite);
	}

	if (its_is_collection_mapped(collection))
		vcpu = collection_to_vcpu(kvm, collection);

	irq = vgic_add_lpi(kvm, lpi_nr, vcpu);
	if (IS_ERR(irq)) {
		if (new_coll)
			vgic_its_free_collection(its, coll_id);
		its_free_ite(kvm, ite);
		return PTR_ERR(irq);
	}
	ite->irq = irq;

	return 0;
}

/* The caller holds its_lock. */
static void vgic_its_free_device(struct kvm *kvm, struct vgic_its *its,
				 struct its_device *device)
{
	struct its_ite *ite, *temp;

	lockdep_assert_held(&its->its_lock);

	/*
	 * Unmapping a device that still has ITEs is UNPREDICTABLE;
	 * freeing them all keeps them from leaking.
	 *
	 * The ITE references go before the cache's: a cached LPI stays
	 * alive on the cache's reference until the invalidation below.
	 */
	list_for_each_entry_safe(ite, temp, &device->itt_head, ite_list)
		its_free_ite(kvm, ite);

	vgic_its_invalidate_cache(its);

	list_del(&device->dev_list);
	kfree(device);
}

/* The caller holds its_lock. */
static void vgic_its_free_device_list(struct kvm *kvm, struct vgic_its *its)
{
	struct its_device *cur, *temp;

	lockdep_assert_held(&its->its_lock);

	list_for_each_entry_safe(cur, temp, &its->device_list, dev_list)
		vgic_its_free_device(kvm, its, cur);
}

/* The caller holds its_lock. */
static void vgic_its_free_collection_list(struct kvm __always_unused *kvm,
					  struct vgic_its *its)
{
	struct its_collection *cur, *temp;

	lockdep_assert_held(&its->its_lock);

	list_for_each_entry_safe(cur, temp, &its->collection_list, coll_list)
		vgic_its_free_collection(its, cur->collection_id);
}

/* The caller holds its_lock. */
static struct its_device *vgic_its_alloc_device(struct vgic_its *its,
						u32 device_id, gpa_t itt_addr,
						u8 num_eventid_bits)
{
	struct its_device *device;

	/* The new device goes on device_list. */
	lockdep_assert_held(&its->its_lock);

	device = kzalloc(sizeof(*device), GFP_KERNEL_ACCOUNT);
	if (!device)
		return ERR_PTR(-ENOMEM);

	device->device_id = device_id;
	device->itt_addr = itt_addr;
	device->num_eventid_bits = num_eventid_bits;
	device->sim_its = its;
	INIT_LIST_HEAD(&device->itt_head);

	list_add_tail(&device->dev_list, &its->device_list);
	return device;
}

/*
 * MAPD: give a DeviceID an ITT, or take it away (V clear). The caller
 * holds its_lock.
 */
static int vgic_its_cmd_handle_mapd(struct kvm *kvm, struct vgic_its *its,
				    u64 *its_cmd)
{
	u32 device_id = its_cmd_get_deviceid(its_cmd);
	bool valid = its_cmd_get_validbit(its_cmd);
	u8 num_eventid_bits = its_cmd_get_size(its_cmd);
	gpa_t itt_addr = its_cmd_get_ittaddr(its_cmd);
	struct its_device *device;
	gpa_t gpa;

	lockdep_assert_held(&its->its_lock);

	if (!vgic_its_check_id(its, its->baser_device_table, device_id, &gpa))
		return E_ITS_MAPD_DEVICE_OOR;

	if (valid && num_eventid_bits > VITS_TYPER_IDBITS)
		return E_ITS_MAPD_ITTSIZE_OOR;

	device = find_its_device(its, device_id);

	/*
	 * Remapping a mapped device must forget everything cached for
	 * it: free the old mapping, then build the new one.
	 */
	if (device)
		vgic_its_free_device(kvm, its, device);

	/*
	 * Unmapping a device that was not mapped is not an error
	 * either (the spec is silent): just clear the DTE.
	 */
	if (!valid)
		return vgic_its_write_entry_lock(its, gpa, 0ULL, dte);

	device = vgic_its_alloc_device(its, device_id, itt_addr,
				       num_eventid_bits);
	if (IS_ERR(device))
		return PTR_ERR(device);

	return 0;
}

/*
 * MAPC: map a collection to a redistributor, or unmap it (V clear). The
 * caller holds its_lock.
 */
static int vgic_its_cmd_handle_mapc(struct kvm *kvm, struct vgic_its *its,
				    u64 *its_cmd)
{
	u16 coll_id;
	struct its_collection *collection;
	bool valid;
	u32 target_addr;

	lockdep_assert_held(&its->its_lock);

	valid = its_cmd_get_validbit(its_cmd);
	coll_id = its_cmd_get_collection(its_cmd);
	target_addr = its_cmd_get_target_addr(its_cmd);

	if (target_addr >= (u32)atomic_read(&kvm->online_vcpus))
		return E_ITS_MAPC_PROCNUM_OOR;

	if (!valid) {
		vgic_its_free_collection(its, coll_id);
		vgic_its_invalidate_cache(its);
	} else {
		collection = find_collection(its, coll_id);

		if (!collection) {
			int ret;

			if (!vgic_its_check_id(its, its->baser_coll_table,
						coll_id, NULL))
				return E_ITS_MAPC_COLLECTION_OOR;

			ret = vgic_its_alloc_collection(its, &collection,
							coll_id);
			if (ret)
				return ret;
			collection->target_addr = target_addr;
		} else {
			collection->target_addr = target_addr;
			update_affinity_collection(kvm, its, collection);
		}
	}

	return 0;
}

/* CLEAR: drop one event's pending state; the caller holds its_lock. */
static int vgic_its_cmd_handle_clear(struct kvm __always_unused *kvm,
				     struct vgic_its *its,
				     u64 *its_cmd)
{
	u32 device_id = its_cmd_get_deviceid(its_cmd);
	u32 event_id = its_cmd_get_id(its_cmd);
	struct its_ite *ite;

	lockdep_assert_held(&its->its_lock);

	ite = find_ite(its, device_id, event_id);
	if (!ite)
		return E_ITS_CLEAR_UNMAPPED_INTERRUPT;

	/* Written without irq_lock, as upstream does. */
	WRITE_ONCE(ite->irq->pending_latch, false);

	/* Clearing a GICv4 vLPI's physical state (irq->hw) is not modelled. */
	return 0;
}

/**
 * vgic_its_invall() - reload the configuration of every LPI of a vCPU
 * @vcpu: the vCPU whose LPIs are reloaded
 *
 * Walks every LPI of the VM, from any ITS: an LPI unmapped meanwhile
 * makes the lookup fail and is skipped.
 *
 * Needs no ITS lock: it touches no ITS structure, only lpi_xa (each LPI
 * through a reference of its own) and each LPI's irq_lock. INVALL calls it
 * holding its_lock; upstream's GICR_INVALLR write (not modelled) calls it
 * without, so asserting its_lock here would be wrong.
 *
 * Context: takes irq_lock; reads guest memory.
 * Return: 0.
 */
static int vgic_its_invall(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq;
	unsigned long intid;

	xa_for_each(&dist->lpi_xa, intid, irq) {
		irq = vgic_get_irq(kvm, intid);
		if (!irq)
			continue;

		update_lpi_config(kvm, irq, vcpu, false);
		vgic_put_irq(kvm, irq);
	}

	return 0;
}

/*
 * INVALL: reload, from the property table, the configuration of every LPI
 * of the VM that targets the collection's vCPU. The caller holds its_lock.
 */
static int vgic_its_cmd_handle_invall(struct kvm *kvm, struct vgic_its *its,
				      u64 *its_cmd)
{
	u32 coll_id = its_cmd_get_collection(its_cmd);
	struct its_collection *collection;
	struct kvm_vcpu *vcpu;

	lockdep_assert_held(&its->its_lock);

	collection = find_collection(its, coll_id);
	if (!its_is_collection_mapped(collection))
		return E_ITS_INVALL_UNMAPPED_COLLECTION;

	vcpu = collection_to_vcpu(kvm, collection);
	vgic_its_invall(vcpu);

	return 0;
}

/*
 * MOVALL: retarget LPIs from one redistributor to another. Pending state
 * is kept per vgic_irq, not per vCPU, so only target_vcpu changes; as in
 * upstream every LPI of the VM is retargeted, from any ITS. The caller
 * holds its_lock.
 */
static int vgic_its_cmd_handle_movall(struct kvm *kvm, struct vgic_its *its,
				      u64 *its_cmd)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	u32 target1_addr = its_cmd_get_target_addr(its_cmd);
	u32 target2_addr = its_cmd_mask_field(its_cmd, 3, 16, 32);
	struct kvm_vcpu *vcpu1, *vcpu2;
	struct vgic_irq *irq;
	unsigned long intid;

	lockdep_assert_held(&its->its_lock);

	vcpu1 = kvm_get_vcpu_by_id(kvm, target1_addr);
	vcpu2 = kvm_get_vcpu_by_id(kvm, target2_addr);

	if (!vcpu1 || !vcpu2)
		return E_ITS_MOVALL_PROCNUM_OOR;

	if (vcpu1 == vcpu2)
		return 0;

	xa_for_each(&dist->lpi_xa, intid, irq) {
		/* Another ITS may have unmapped it meanwhile. */
		irq = vgic_get_irq(kvm, intid);
		if (!irq)
			continue;

		update_affinity(irq, vcpu2);

		vgic_put_irq(kvm, irq);
	}

	vgic_its_invalidate_cache(its);

	return 0;
}

/* INT: make one event's LPI pending; the caller holds its_lock. */
static int vgic_its_cmd_handle_int(struct kvm *kvm, struct vgic_its *its,
				   u64 *its_cmd)
{
	u32 msi_data = its_cmd_get_id(its_cmd);
	u64 msi_devid = its_cmd_get_deviceid(its_cmd);

	lockdep_assert_held(&its->its_lock);

	return vgic_its_trigger_msi(kvm, its, msi_devid, msi_data);
}

/*
 * INV: reload one event's LPI configuration from the property table. The
 * caller holds its_lock.
 */
static int vgic_its_cmd_handle_inv(struct kvm *kvm, struct vgic_its *its,
				   u64 *its_cmd)
{
	u32 device_id = its_cmd_get_deviceid(its_cmd);
	u32 event_id = its_cmd_get_id(its_cmd);
	struct its_ite *ite;

	lockdep_assert_held(&its->its_lock);

	ite = find_ite(its, device_id, event_id);
	if (!ite)
		return E_ITS_INV_UNMAPPED_INTERRUPT;

	return update_lpi_config(kvm, ite->irq, NULL, true);
}

/*
 * Model only: the command this thread runs, for its findings' reports
 * ("during: ops[0] its_commands its0: ... (in its0 command 1 DISCARD 1:0)").
 */
static void vgic_its_note_command(struct vgic_its *its, u64 *its_cmd)
{
	sim_note_its_cmd(its->name, its_cmd_get_command(its_cmd),
			 its_cmd_get_deviceid(its_cmd), its_cmd_get_id(its_cmd));
}

/*
 * Model only: a command's result, for coverage. The guest never sees
 * it (no command error reporting is emulated), so a scenario whose
 * commands all fail can look clean; --coverage shows it.
 */
static void vgic_its_cover_command(struct vgic_its *its, u64 *its_cmd, int ret)
{
	const char *name = sim_its_cmd_name(its_cmd_get_command(its_cmd));

	if (!ret)
		sim_cover("%s: %s command done", its->name, name);
	else if (ret > 0)
		sim_cover("%s: %s command failed with ITS error 0x%x", its->name,
			  name, ret);
	else
		sim_cover("%s: %s command failed with %d", its->name, name, ret);
}

/**
 * vgic_its_handle_command() - run one ITS command
 * @kvm: the VM
 * @its: the ITS
 * @its_cmd: the command, four 64-bit words as read from the queue
 *
 * Context: process context; takes its_lock around the command. Its one
 * kernel caller, vgic_its_process_commands(), also holds cmd_lock, but
 * nothing here needs it, and the model's setup (entry.c) runs commands
 * without it: not asserted.
 * Return: 0, a positive E_ITS_* error for mapping errors, or a negative
 * errno (-ENODEV for an unknown command).
 */
int vgic_its_handle_command(struct kvm *kvm, struct vgic_its *its,
			    u64 *its_cmd)
{
	int ret = -ENODEV;

	vgic_its_note_command(its, its_cmd);
	mutex_lock(&its->its_lock);
	switch (its_cmd_get_command(its_cmd)) {
	case GITS_CMD_MAPD:
		ret = vgic_its_cmd_handle_mapd(kvm, its, its_cmd);
		break;
	case GITS_CMD_MAPC:
		ret = vgic_its_cmd_handle_mapc(kvm, its, its_cmd);
		break;
	case GITS_CMD_MAPI:
		ret = vgic_its_cmd_handle_mapi(kvm, its, its_cmd);
		break;
	case GITS_CMD_MAPTI:
		ret = vgic_its_cmd_handle_mapi(kvm, its, its_cmd);
		break;
	case GITS_CMD_MOVI:
		ret = vgic_its_cmd_handle_movi(kvm, its, its_cmd);
		break;
	case GITS_CMD_DISCARD:
		ret = vgic_its_cmd_handle_discard(kvm, its, its_cmd);
		break;
	case GITS_CMD_CLEAR:
		ret = vgic_its_cmd_handle_clear(kvm, its, its_cmd);
		break;
	case GITS_CMD_MOVALL:
		ret = vgic_its_cmd_handle_movall(kvm, its, its_cmd);
		break;
	case GITS_CMD_INT:
		ret = vgic_its_cmd_handle_int(kvm, its, its_cmd);
		break;
	case GITS_CMD_INV:
		ret = vgic_its_cmd_handle_inv(kvm, its, its_cmd);
		break;
	case GITS_CMD_INVALL:
		ret = vgic_its_cmd_handle_invall(kvm, its, its_cmd);
		break;
	case GITS_CMD_SYNC:
		/* Commands take effect at once: nothing to wait for */
		ret = 0;
		break;
	}
	mutex_unlock(&its->its_lock);

	/* Model only: what the command did, for sim run --coverage. */
	vgic_its_cover_command(its, its_cmd, ret);
	sim_actor_doing_now(NULL);
	return ret;
}

void vgic_mmio_write_its_cbaser(struct kvm __always_unused *kvm,
				struct vgic_its *its,
				gpa_t addr, unsigned int len,
				unsigned long val)
{
	/* Read-only while GITS_CTLR.Enable is set (unlocked check). */
	if (READ_ONCE(its->enabled))
		return;

	mutex_lock(&its->cmd_lock);
	its->cbaser = update_64bit_reg(its->cbaser, addr & 7, len, val);
	its->creadr = 0;
	/*
	 * CWRITER's reset value is UNKNOWN; setting it to CREADR makes the
	 * new queue start out empty.
	 */
	its->cwriter = its->creadr;
	mutex_unlock(&its->cmd_lock);
}

/**
 * vgic_its_process_commands() - run the commands between CREADR and CWRITER
 * @kvm: the VM
 * @its: the ITS
 *
 * Commands are read from the queue in guest memory one at a time; a command
 * that cannot be read is skipped (GICv3 spec 6.3.2).
 *
 * Context: cmd_lock held; may sleep.
 */
void vgic_its_process_commands(struct kvm *kvm, struct vgic_its *its)
{
	gpa_t cbaser;
	u64 cmd_buf[4];

	lockdep_assert_held(&its->cmd_lock);

	/* A disabled ITS leaves its queue alone. */
	if (!its->enabled)
		return;

	cbaser = GITS_CBASER_ADDRESS(its->cbaser);

	while (its->cwriter != its->creadr) {
		int ret = kvm_read_guest_lock(kvm, cbaser + its->creadr,
					      cmd_buf, ITS_CMD_SIZE);
		/*
		 * An unreadable command (a bad CBASER, say) is skipped: the
		 * GICv3 spec (6.3.2) allows ignoring it.
		 */
		if (!ret)
			vgic_its_handle_command(kvm, its, cmd_buf);

		its->creadr += ITS_CMD_SIZE;
		if (its->creadr == ITS_CMD_BUFFER_SIZE(its->cbaser))
			its->creadr = 0;
	}
}

/*
 * A CWRITER write hands the ITS new commands. cmd_lock covers the queue
 * pointers and is held while the queue runs, so a given ITS processes
 * commands on one thread at a time.
 */
void vgic_mmio_write_its_cwriter(struct kvm *kvm, struct vgic_its *its,
				 gpa_t addr, unsigned int len,
				 unsigned long val)
{
	u64 reg;

	if (!its)
		return;

	mutex_lock(&its->cmd_lock);

	reg = update_64bit_reg(its->cwriter, addr & 7, len, val);
	reg = ITS_CMD_OFFSET(reg);
	if (reg >= ITS_CMD_BUFFER_SIZE(its->cbaser)) {
		mutex_unlock(&its->cmd_lock);
		return;
	}
	its->cwriter = reg;

	vgic_its_process_commands(kvm, its);

	mutex_unlock(&its->cmd_lock);
}

#define BASER_INDEX(addr) (((addr) / sizeof(u64)) & 0x7)

#define GITS_BASER_RO_MASK	(GENMASK_ULL(52, 48) | GENMASK_ULL(58, 56))

/**
 * vgic_mmio_write_its_baser() - write GITS_BASER0 (devices) or 1 (collections)
 * @kvm: the VM
 * @its: the ITS
 * @addr: the register's address
 * @len: the access size
 * @val: the value written
 *
 * Ignored while the ITS is enabled (an unlocked check). Clearing Valid
 * frees the device list (ITE puts, cache invalidation) or the collection
 * list under its_lock only.
 *
 * Context: process context; takes its_lock.
 */
void vgic_mmio_write_its_baser(struct kvm *kvm, struct vgic_its *its,
			       gpa_t addr, unsigned int len,
			       unsigned long val)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	u64 entry_size, table_type;
	u64 reg, *regptr, clearbits = 0;

	/* Writes are dropped while GITS_CTLR.Enable is set (unlocked check). */
	if (READ_ONCE(its->enabled))
		return;

	switch (BASER_INDEX(addr)) {
	case 0:
		regptr = &its->baser_device_table;
		entry_size = abi->dte_esz;
		table_type = GITS_BASER_TYPE_DEVICE;
		break;
	case 1:
		regptr = &its->baser_coll_table;
		entry_size = abi->cte_esz;
		table_type = GITS_BASER_TYPE_COLLECTION;
		clearbits = GITS_BASER_INDIRECT;
		break;
	default:
		return;
	}

	reg = update_64bit_reg(*regptr, addr & 7, len, val);
	reg &= ~GITS_BASER_RO_MASK;
	reg &= ~clearbits;

	reg |= (entry_size - 1) << GITS_BASER_ENTRY_SIZE_SHIFT;
	reg |= table_type << GITS_BASER_TYPE_SHIFT;

	*regptr = reg;

	if (!(reg & GITS_BASER_VALID)) {
		/* its_lock: table save/restore walks these lists */
		mutex_lock(&its->its_lock);
		switch (table_type) {
		case GITS_BASER_TYPE_DEVICE:
			vgic_its_free_device_list(kvm, its);
			break;
		case GITS_BASER_TYPE_COLLECTION:
			vgic_its_free_collection_list(kvm, its);
			break;
		}
		mutex_unlock(&its->its_lock);
	}
}

void vgic_enable_lpis(struct kvm_vcpu *vcpu)
{
	if (!(vcpu->arch.vgic_cpu.pendbaser & GICR_PENDBASER_PTZ))
		its_sync_lpi_pending_table(vcpu);
}

/* Memory attributes are not modelled: only the page size is kept. */
#define INITIAL_BASER_VALUE	GITS_BASER_PAGE_SIZE_64K
#define INITIAL_PROPBASER_VALUE	0

/*
 * kvm_device_ops.create, called by kvm_ioctl_create_device() with
 * kvm->lock held. Upstream also initialises GICv4 when the vGIC is already
 * initialised; GICv4 is not modelled.
 */
static int vgic_its_create(struct kvm_device *dev, u32 type)
{
	struct vgic_its *its;

	/* kvm->lock ranks above config_lock, taken below. */
	lockdep_assert_held(&dev->kvm->lock);

	if (type != KVM_DEV_TYPE_ARM_VGIC_ITS)
		return -ENODEV;

	its = kzalloc(sizeof(struct vgic_its), GFP_KERNEL_ACCOUNT);
	if (!its)
		return -ENOMEM;

	mutex_lock(&dev->kvm->arch.config_lock);

	mutex_init(&its->its_lock);
	mutex_init(&its->cmd_lock);

	/* Show lockdep cmd_lock -> its_lock once, before any path nests them */
	mutex_lock(&its->cmd_lock);
	mutex_lock(&its->its_lock);
	mutex_unlock(&its->its_lock);
	mutex_unlock(&its->cmd_lock);

	its->vgic_its_base = VGIC_ADDR_UNDEF;

	INIT_LIST_HEAD(&its->device_list);
	INIT_LIST_HEAD(&its->collection_list);
	xa_init(&its->translation_cache);

	dev->kvm->arch.vgic.msis_require_devid = true;
	dev->kvm->arch.vgic.has_its = true;
	its->enabled = false;
	its->dev = dev;

	its->baser_device_table = INITIAL_BASER_VALUE |
		((u64)GITS_BASER_TYPE_DEVICE << GITS_BASER_TYPE_SHIFT);
	its->baser_coll_table = INITIAL_BASER_VALUE |
		((u64)GITS_BASER_TYPE_COLLECTION << GITS_BASER_TYPE_SHIFT);
	dev->kvm->arch.vgic.propbaser = INITIAL_PROPBASER_VALUE;

	dev->private = its;

	its->abi_rev = NR_ITS_ABIS - 1;

	mutex_unlock(&dev->kvm->arch.config_lock);

	return 0;
}

/*
 * kvm_device_ops.destroy, called at VM teardown after the device was
 * unlinked from kvm->devices; nothing else runs. Frees the ITS and @kvm_dev.
 */
static void vgic_its_destroy(struct kvm_device *kvm_dev)
{
	struct kvm *kvm = kvm_dev->kvm;
	struct vgic_its *its = kvm_dev->private;

	mutex_lock(&its->its_lock);

	vgic_its_free_device_list(kvm, its);
	vgic_its_free_collection_list(kvm, its);
	vgic_its_invalidate_cache(its);
	xa_destroy(&its->translation_cache);

	mutex_unlock(&its->its_lock);
	kfree(its);
	/* kvm_ioctl_create_device() allocated it; .destroy must free it */
	kfree(kvm_dev);
}

/* VMM: KVM_SET_DEVICE_ATTR on the ITS device */

/* An ITS register's guest write handler, as its_registers[] holds it. */
typedef void (*vgic_its_write_fn)(struct kvm *kvm, struct vgic_its *its,
				  gpa_t addr, unsigned int len,
				  unsigned long val);

/*
 * The model's stand-in for vgic_find_mmio_region(its_registers, ...): the
 * writable registers the model has, with their access width.
 */
static vgic_its_write_fn vgic_its_find_write(gpa_t offset, unsigned int *len)
{
	switch (offset) {
	case GITS_CTLR:
		*len = 4;
		return vgic_mmio_write_its_ctlr;
	case GITS_CBASER:
		*len = 8;
		return vgic_mmio_write_its_cbaser;
	case GITS_CWRITER:
		*len = 8;
		return vgic_mmio_write_its_cwriter;
	}

	if (offset >= GITS_BASER && offset < GITS_BASER + 0x40) {
		*len = 8;
		return vgic_mmio_write_its_baser;
	}

	return NULL;
}

/**
 * vgic_its_attr_regs_access() - KVM_DEV_ARM_VGIC_GRP_ITS_REGS write
 * @dev: the ITS device
 * @attr: the attribute: the register's offset in the ITS frame
 * @reg: the value to write
 *
 * No register the model has a userspace-specific handler, so userspace
 * runs the guest's handler: cmd_lock and its_lock end up inside
 * config_lock, every vcpu->mutex and kvm->lock.
 *
 * Context: VMM; takes kvm->lock, every vcpu->mutex (trylock) and
 * config_lock.
 * Return: 0, -EINVAL for a misaligned offset, -EBUSY while a vCPU runs,
 * -ENXIO for an unknown register or an ITS without a frame address.
 */
static int vgic_its_attr_regs_access(struct kvm_device *dev,
				     struct kvm_device_attr *attr, u64 *reg)
{
	vgic_its_write_fn its_write;
	struct vgic_its *its;
	gpa_t addr, offset;
	unsigned int len;
	int align, ret = 0;

	its = dev->private;
	offset = attr->attr;

	/*
	 * The userspace ABI takes 64-bit registers whole: only GITS_CTLR,
	 * GITS_IIDR and the ID registers may be accessed 32 bits wide.
	 */
	if ((offset < GITS_TYPER) || (offset >= GITS_PIDR4))
		align = 0x3;
	else
		align = 0x7;

	if (offset & align)
		return -EINVAL;

	mutex_lock(&dev->kvm->lock);

	if (kvm_trylock_all_vcpus(dev->kvm)) {
		mutex_unlock(&dev->kvm->lock);
		return -EBUSY;
	}

	mutex_lock(&dev->kvm->arch.config_lock);

	if (IS_VGIC_ADDR_UNDEF(its->vgic_its_base)) {
		ret = -ENXIO;
		goto out;
	}

	its_write = vgic_its_find_write(offset, &len);
	if (!its_write) {
		ret = -ENXIO;
		goto out;
	}

	addr = its->vgic_its_base + offset;
	its_write(dev->kvm, its, addr, len, *reg);

out:
	mutex_unlock(&dev->kvm->arch.config_lock);
	kvm_unlock_all_vcpus(dev->kvm);
	mutex_unlock(&dev->kvm->lock);
	return ret;
}

#define VITS_DTE_MAX_DEVID_OFFSET	(BIT(14) - 1)
#define VITS_ITE_MAX_EVENTID_OFFSET	(BIT(16) - 1)

/* The caller sorted the list by DeviceID (vgic_its_save_device_tables). */
static u32 compute_next_devid_offset(struct list_head *h,
				     struct its_device *dev)
{
	struct its_device *next;
	u32 next_offset;

	if (list_is_last(&dev->dev_list, h))
		return 0;
	next = list_next_entry(dev, dev_list);
	next_offset = next->device_id - dev->device_id;

	return min_t(u32, next_offset, VITS_DTE_MAX_DEVID_OFFSET);
}

/* The caller sorted the ITT by EventID (vgic_its_save_itt). */
static u32 compute_next_eventid_offset(struct list_head *h, struct its_ite *ite)
{
	struct its_ite *next;
	u32 next_offset;

	if (list_is_last(&ite->ite_list, h))
		return 0;
	next = list_next_entry(ite, ite_list);
	next_offset = next->event_id - ite->event_id;

	return min_t(u32, next_offset, VITS_ITE_MAX_EVENTID_OFFSET);
}

/*
 * Restores one table entry. Return: < 0 on error, 0 when it was the last
 * entry, else the ID offset of the next entry to look at.
 */
typedef int (*entry_fn_t)(struct vgic_its *its, u32 id, void *entry,
			  void *opaque);

/**
 * scan_its_table() - apply @fn to the entries of a table in guest memory
 * @its: the ITS
 * @base: the table's guest physical address
 * @size: the table's size in bytes
 * @esz: the entry size in bytes
 * @start_id: the ID of the first entry
 * @fn: what to do with each entry; its return value says where to go next
 * @opaque: passed to @fn
 *
 * Return: < 0 on error, 0 if the last entry was found, 1 if the table
 * ended first.
 */
static int scan_its_table(struct vgic_its *its, gpa_t base, int size, u32 esz,
			  int start_id, entry_fn_t fn, void *opaque)
{
	struct kvm *kvm = its->dev->kvm;
	unsigned long len = size;
	int id = start_id;
	gpa_t gpa = base;
	char entry[ESZ_MAX];
	int ret;

	memset(entry, 0, esz);

	while (true) {
		int next_offset;
		size_t byte_offset;

		ret = kvm_read_guest_lock(kvm, gpa, entry, esz);
		if (ret)
			return ret;

		next_offset = fn(its, id, entry, opaque);
		if (next_offset <= 0)
			return next_offset;

		byte_offset = next_offset * esz;
		if (byte_offset >= len)
			break;

		id += next_offset;
		gpa += byte_offset;
		len -= byte_offset;
	}
	return 1;
}

/*
 * Reads the LPI's INTID through the ITE's reference, under its_lock: the
 * INTID never changes, so a plain read.
 */
static int vgic_its_save_ite(struct vgic_its *its, struct its_device *dev,
			     struct its_ite *ite, gpa_t gpa)
{
	u32 next_offset;
	u64 val;

	lockdep_assert_held(&its->its_lock);

	/*
	 * Model only: upstream dereferences ite->collection unconditionally,
	 * but MAPC V=0 leaves ITEs with a NULL collection (DERIVED; not
	 * reported upstream). The model refuses the save instead of
	 * crashing the simulator.
	 */
	if (!ite->collection)
		return -EINVAL;

	next_offset = compute_next_eventid_offset(&dev->itt_head, ite);
	val = ((u64)next_offset << KVM_ITS_ITE_NEXT_SHIFT) |
	       ((u64)ite->irq->intid << KVM_ITS_ITE_PINTID_SHIFT) |
		ite->collection->collection_id;
	return vgic_its_write_entry_lock(its, gpa, val, ite);
}

/* entry_fn_t for one ITE of device @opaque; the caller holds its_lock. */
static int vgic_its_restore_ite(struct vgic_its *its, u32 event_id,
				void *ptr, void *opaque)
{
	struct its_device *dev = opaque;
	struct its_collection *collection;
	struct kvm *kvm = its->dev->kvm;
	struct kvm_vcpu *vcpu = NULL;
	u64 val;
	u64 *p = (u64 *)ptr;
	struct vgic_irq *irq;
	u32 coll_id, lpi_id;
	struct its_ite *ite;
	u32 offset;

	lockdep_assert_held(&its->its_lock);

	val = *p;

	coll_id = val & KVM_ITS_ITE_ICID_MASK;
	lpi_id = (val & KVM_ITS_ITE_PINTID_MASK) >> KVM_ITS_ITE_PINTID_SHIFT;

	if (!lpi_id)
		return 1; /* invalid entry, no choice but to scan next entry */

	if (lpi_id < VGIC_MIN_LPI)
		return -EINVAL;

	offset = val >> KVM_ITS_ITE_NEXT_SHIFT;
	if (event_id + offset >= BIT_ULL(dev->num_eventid_bits))
		return -EINVAL;

	collection = find_collection(its, coll_id);
	if (!collection)
		return -EINVAL;

	if (!vgic_its_check_event_id(its, dev, event_id))
		return -EINVAL;

	ite = vgic_its_alloc_ite(dev, collection, event_id);
	if (IS_ERR(ite))
		return PTR_ERR(ite);

	if (its_is_collection_mapped(collection))
		vcpu = kvm_get_vcpu_by_id(kvm, collection->target_addr);

	/* The ITE's reference, as MAPTI takes it. */
	irq = vgic_add_lpi(kvm, lpi_id, vcpu);
	if (IS_ERR(irq)) {
		its_free_ite(kvm, ite);
		return PTR_ERR(irq);
	}
	ite->irq = irq;

	return offset;
}

static int vgic_its_ite_cmp(void __always_unused *priv,
			    const struct list_head *a,
			    const struct list_head *b)
{
	struct its_ite *itea = container_of(a, struct its_ite, ite_list);
	struct its_ite *iteb = container_of(b, struct its_ite, ite_list);

	if (itea->event_id < iteb->event_id)
		return -1;
	else
		return 1;
}

static int vgic_its_save_itt(struct vgic_its *its, struct its_device *device)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	gpa_t base = device->itt_addr;
	struct its_ite *ite;
	int ret;
	int ite_esz = abi->ite_esz;

	list_sort(NULL, &device->itt_head, vgic_its_ite_cmp);

	list_for_each_entry(ite, &device->itt_head, ite_list) {
		gpa_t gpa = base + ite->event_id * ite_esz;

		/*
		 * A GICv4-forwarded LPI's state is in the hardware: without
		 * GICv4.1 it cannot be saved (never the case here).
		 */
		if (ite->irq->hw)
			return -EACCES;

		ret = vgic_its_save_ite(its, device, ite, gpa);
		if (ret)
			return ret;
	}
	return 0;
}

static int vgic_its_restore_itt(struct vgic_its *its, struct its_device *dev)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	gpa_t base = dev->itt_addr;
	int ret;
	int ite_esz = abi->ite_esz;
	size_t max_size = BIT_ULL(dev->num_eventid_bits) * ite_esz;

	ret = scan_its_table(its, base, max_size, ite_esz, 0,
			     vgic_its_restore_ite, dev);

	/* scan_its_table returns +1 if all ITEs are invalid */
	if (ret > 0)
		ret = 0;

	return ret;
}

static int vgic_its_save_dte(struct vgic_its *its, struct its_device *dev,
			     gpa_t ptr)
{
	u64 val, itt_addr_field;
	u32 next_offset;

	itt_addr_field = dev->itt_addr >> 8;
	next_offset = compute_next_devid_offset(&its->device_list, dev);
	val = (1ULL << KVM_ITS_DTE_VALID_SHIFT |
	       ((u64)next_offset << KVM_ITS_DTE_NEXT_SHIFT) |
	       (itt_addr_field << KVM_ITS_DTE_ITTADDR_SHIFT) |
		(dev->num_eventid_bits - 1));
	return vgic_its_write_entry_lock(its, ptr, val, dte);
}

/* entry_fn_t for one DTE; the caller holds its_lock. */
static int vgic_its_restore_dte(struct vgic_its *its, u32 id,
				void *ptr, void __always_unused *opaque)
{
	struct its_device *dev;
	u64 baser = its->baser_device_table;
	gpa_t itt_addr;
	u8 num_eventid_bits;
	u64 entry = *(u64 *)ptr;
	bool valid;
	u32 offset;
	int ret;

	lockdep_assert_held(&its->its_lock);

	valid = entry >> KVM_ITS_DTE_VALID_SHIFT;
	num_eventid_bits = (entry & KVM_ITS_DTE_SIZE_MASK) + 1;
	itt_addr = ((entry & KVM_ITS_DTE_ITTADDR_MASK)
			>> KVM_ITS_DTE_ITTADDR_SHIFT) << 8;

	if (!valid)
		return 1;

	/* dte entry is valid */
	offset = (entry & KVM_ITS_DTE_NEXT_MASK) >> KVM_ITS_DTE_NEXT_SHIFT;

	if (!vgic_its_check_id(its, baser, id, NULL))
		return -EINVAL;

	dev = vgic_its_alloc_device(its, id, itt_addr, num_eventid_bits);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	ret = vgic_its_restore_itt(its, dev);
	if (ret) {
		vgic_its_free_device(its->dev->kvm, its, dev);
		return ret;
	}

	return offset;
}

static int vgic_its_device_cmp(void __always_unused *priv,
			       const struct list_head *a,
			       const struct list_head *b)
{
	struct its_device *deva = container_of(a, struct its_device, dev_list);
	struct its_device *devb = container_of(b, struct its_device, dev_list);

	if (deva->device_id < devb->device_id)
		return -1;
	else
		return 1;
}

/* Every DTE and every ITT, into guest memory; the caller holds its_lock. */
static int vgic_its_save_device_tables(struct vgic_its *its)
{
	u64 baser = its->baser_device_table;
	struct its_device *dev;

	lockdep_assert_held(&its->its_lock);

	if (!(baser & GITS_BASER_VALID))
		return 0;

	list_sort(NULL, &its->device_list, vgic_its_device_cmp);

	list_for_each_entry(dev, &its->device_list, dev_list) {
		int ret;
		gpa_t eaddr;

		if (!vgic_its_check_id(its, baser,
				       dev->device_id, &eaddr))
			return -EINVAL;

		ret = vgic_its_save_itt(its, dev);
		if (ret)
			return ret;

		ret = vgic_its_save_dte(its, dev, eaddr);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * Devices and their ITEs from guest memory; on error, every device is
 * freed again. The caller holds its_lock.
 */
static int vgic_its_restore_device_tables(struct vgic_its *its)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	u64 baser = its->baser_device_table;
	int l1_esz, ret;
	int l1_tbl_size = GITS_BASER_NR_PAGES(baser) * SZ_64K;
	gpa_t l1_gpa;

	lockdep_assert_held(&its->its_lock);

	if (!(baser & GITS_BASER_VALID))
		return 0;

	l1_gpa = GITS_BASER_ADDR_48_to_52(baser);

	/* Two-level tables are not modelled: the guest never sets one up. */
	if (baser & GITS_BASER_INDIRECT)
		return -EINVAL;

	l1_esz = abi->dte_esz;
	ret = scan_its_table(its, l1_gpa, l1_tbl_size, l1_esz, 0,
			     vgic_its_restore_dte, NULL);

	/* scan_its_table returns +1 if all entries are invalid */
	if (ret > 0)
		ret = 0;

	if (ret < 0)
		vgic_its_free_device_list(its->dev->kvm, its);

	return ret;
}

static int vgic_its_save_cte(struct vgic_its *its,
			     struct its_collection *collection,
			     gpa_t gpa)
{
	u64 val;

	val = (1ULL << KVM_ITS_CTE_VALID_SHIFT |
	       ((u64)collection->target_addr << KVM_ITS_CTE_RDBASE_SHIFT) |
	       collection->collection_id);
	return vgic_its_write_entry_lock(its, gpa, val, cte);
}

/*
 * Return: 1 on success, 0 for an invalid entry (the end of the table), or
 * a negative errno.
 */
static int vgic_its_restore_cte(struct vgic_its *its, gpa_t gpa)
{
	struct its_collection *collection;
	struct kvm *kvm = its->dev->kvm;
	u32 target_addr, coll_id;
	u64 val;
	int ret;

	ret = vgic_its_read_entry_lock(its, gpa, &val, cte);
	if (ret)
		return ret;
	if (!(val & KVM_ITS_CTE_VALID_MASK))
		return 0;

	target_addr = (u32)(val >> KVM_ITS_CTE_RDBASE_SHIFT);
	coll_id = val & KVM_ITS_CTE_ICID_MASK;

	if (target_addr != COLLECTION_NOT_MAPPED &&
	    target_addr >= (u32)atomic_read(&kvm->online_vcpus))
		return -EINVAL;

	collection = find_collection(its, coll_id);
	if (collection)
		return -EEXIST;

	if (!vgic_its_check_id(its, its->baser_coll_table, coll_id, NULL))
		return -EINVAL;

	ret = vgic_its_alloc_collection(its, &collection, coll_id);
	if (ret)
		return ret;
	collection->target_addr = target_addr;
	return 1;
}

/* Every CTE, then an invalid one as end marker; the caller holds its_lock. */
static int vgic_its_save_collection_table(struct vgic_its *its)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	u64 baser = its->baser_coll_table;
	gpa_t gpa = GITS_BASER_ADDR_48_to_52(baser);
	struct its_collection *collection;
	size_t max_size, filled = 0;
	int ret, cte_esz = abi->cte_esz;

	lockdep_assert_held(&its->its_lock);

	if (!(baser & GITS_BASER_VALID))
		return 0;

	max_size = GITS_BASER_NR_PAGES(baser) * SZ_64K;

	list_for_each_entry(collection, &its->collection_list, coll_list) {
		ret = vgic_its_save_cte(its, collection, gpa);
		if (ret)
			return ret;
		gpa += cte_esz;
		filled += cte_esz;
	}

	if (filled == max_size)
		return 0;

	/*
	 * table is not fully filled, add a last dummy element
	 * with valid bit unset
	 */
	return vgic_its_write_entry_lock(its, gpa, 0ULL, cte);
}

/*
 * Collections from guest memory, up to the first invalid entry; on error,
 * every collection is freed again. The caller holds its_lock.
 */
static int vgic_its_restore_collection_table(struct vgic_its *its)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	u64 baser = its->baser_coll_table;
	int cte_esz = abi->cte_esz;
	size_t max_size, read = 0;
	gpa_t gpa;
	int ret = 0;

	lockdep_assert_held(&its->its_lock);

	if (!(baser & GITS_BASER_VALID))
		return 0;

	gpa = GITS_BASER_ADDR_48_to_52(baser);

	max_size = GITS_BASER_NR_PAGES(baser) * SZ_64K;

	while (read < max_size) {
		ret = vgic_its_restore_cte(its, gpa);
		if (ret <= 0)
			break;
		gpa += cte_esz;
		read += cte_esz;
	}

	if (ret > 0)
		return 0;

	if (ret < 0)
		vgic_its_free_collection_list(its->dev->kvm, its);

	return ret;
}

/* KVM_DEV_ARM_ITS_SAVE_TABLES; the caller holds its_lock. */
static int vgic_its_save_tables_v0(struct vgic_its *its)
{
	int ret;

	lockdep_assert_held(&its->its_lock);

	ret = vgic_its_save_device_tables(its);
	if (ret)
		return ret;

	return vgic_its_save_collection_table(its);
}

/* KVM_DEV_ARM_ITS_RESTORE_TABLES; the caller holds its_lock. */
static int vgic_its_restore_tables_v0(struct vgic_its *its)
{
	int ret;

	lockdep_assert_held(&its->its_lock);

	ret = vgic_its_restore_collection_table(its);
	if (ret)
		return ret;

	ret = vgic_its_restore_device_tables(its);
	if (ret)
		vgic_its_free_collection_list(its->dev->kvm, its);
	return ret;
}

/*
 * KVM_DEV_ARM_ITS_CTRL_RESET: back to the state after creation, keeping
 * the ABI fields of the BASERs. Freeing the device list drops every ITE
 * reference and invalidates the cache (path U). The caller holds its_lock.
 */
static void vgic_its_reset(struct kvm *kvm, struct vgic_its *its)
{
	lockdep_assert_held(&its->its_lock);

	its->baser_coll_table &= ~GITS_BASER_VALID;
	its->baser_device_table &= ~GITS_BASER_VALID;
	its->cbaser = 0;
	its->creadr = 0;
	its->cwriter = 0;
	its->enabled = 0;
	vgic_its_free_device_list(kvm, its);
	vgic_its_free_collection_list(kvm, its);
}

/**
 * vgic_its_ctrl() - KVM_DEV_ARM_VGIC_GRP_CTRL on an ITS
 * @kvm: the VM
 * @its: the ITS
 * @attr: KVM_DEV_ARM_ITS_CTRL_RESET, _SAVE_TABLES or _RESTORE_TABLES
 *
 * Userspace promises that no vCPU runs; the trylock of every vCPU mutex
 * checks it, so nothing on a vCPU thread (all MMIO) runs concurrently.
 *
 * Context: VMM; takes kvm->lock, every vcpu->mutex (trylock),
 * config_lock and its_lock, in that order.
 * Return: 0, -EBUSY while a vCPU runs, or the operation's error.
 */
static int vgic_its_ctrl(struct kvm *kvm, struct vgic_its *its, u64 attr)
{
	const struct vgic_its_abi *abi = vgic_its_get_abi(its);
	int ret = 0;

	if (attr == KVM_DEV_ARM_VGIC_CTRL_INIT) /* Nothing to do */
		return 0;

	mutex_lock(&kvm->lock);

	if (kvm_trylock_all_vcpus(kvm)) {
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}

	mutex_lock(&kvm->arch.config_lock);
	mutex_lock(&its->its_lock);

	switch (attr) {
	case KVM_DEV_ARM_ITS_CTRL_RESET:
		vgic_its_reset(kvm, its);
		break;
	case KVM_DEV_ARM_ITS_SAVE_TABLES:
		ret = abi->save_tables(its);
		break;
	case KVM_DEV_ARM_ITS_RESTORE_TABLES:
		ret = abi->restore_tables(its);
		break;
	}

	mutex_unlock(&its->its_lock);
	mutex_unlock(&kvm->arch.config_lock);
	kvm_unlock_all_vcpus(kvm);
	mutex_unlock(&kvm->lock);
	return ret;
}

/*
 * kvm_device_ops.set_attr (KVM_SET_DEVICE_ATTR). The VMM passes the
 * register value through a pointer in @attr->addr; get_user() is a plain
 * load in the model.
 */
static int vgic_its_set_attr(struct kvm_device *dev,
			     struct kvm_device_attr *attr)
{
	struct vgic_its *its = dev->private;

	switch (attr->group) {
	case KVM_DEV_ARM_VGIC_GRP_CTRL:
		return vgic_its_ctrl(dev->kvm, its, attr->attr);
	case KVM_DEV_ARM_VGIC_GRP_ITS_REGS: {
		u64 *uaddr = (u64 *)(unsigned long)attr->addr;
		u64 reg;

		reg = *uaddr;

		return vgic_its_attr_regs_access(dev, attr, &reg);
	}
	}
	return -ENXIO;
}

const struct kvm_device_ops kvm_arm_vgic_its_ops = {
	.name = "kvm-arm-vgic-its",
	.create = vgic_its_create,
	.destroy = vgic_its_destroy,
	.set_attr = vgic_its_set_attr,
};

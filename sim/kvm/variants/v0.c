// SPDX-License-Identifier: MIT
/*
 * v0: upstream before the fix, the root every other variant derives from;
 * it fills every replaceable function.
 *
 * Upstream function followed (arch/arm64/kvm/vgic/, 6.10 up to the June
 * 2026 fix, e.g. 6.16 and stable 7.0.11):
 *   vgic_its_check_cache            vgic-its.c, 6.16
 *   vgic_its_cache_translation      vgic-its.c, 6.16
 *   vgic_its_invalidate_cache       vgic-its.c: puts the iterator's
 *                                   pointer after xa_erase, whatever the
 *                                   erase returned
 *   vgic_its_invalidate_all_caches  vgic-its.c: RCU walk of kvm->devices,
 *                                   no mutex
 *   vgic_mmio_write_its_ctlr        vgic-its.c: invalidates holding only
 *                                   cmd_lock
 *   vgic_mmio_write_v3r_ctlr        vgic-mmio-v3.c, 6.10+ (the RWP
 *                                   compare-and-swap and the per-ITS
 *                                   vgic_its_invalidate_all_caches)
 *   vgic_its_inject_cached_translation
 *                                   vgic-its.c, 6.16
 *   vgic_put_irq                    vgic.c, 6.17 (refcount_t, deferred
 *                                   release; the CONFIG_LOCKDEP-only early
 *                                   dummy acquisition of lpi_xa's lock is
 *                                   left out)
 */
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kvm_host.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>

#include "../vgic.h"
#include "variants.h"

/*
 * The fast-path lookup. Looks at neither its->enabled nor the target's
 * GICR_CTLR: every invalidation path must keep the cache deliverable.
 * Returns the LPI with a new reference, or NULL.
 */
static struct vgic_irq *v0_vgic_its_check_cache(struct kvm *kvm, phys_addr_t db,
						u32 devid, u32 eventid)
{
	unsigned long cache_key = vgic_its_cache_key(devid, eventid);
	struct vgic_its *its;
	struct vgic_irq *irq;

	if (devid > VITS_MAX_DEVID || eventid > VITS_MAX_EVENTID)
		return NULL;

	its = __vgic_doorbell_to_its(kvm, db);
	if (IS_ERR(its))
		return NULL;

	rcu_read_lock();

	/*
	 * An invalidation may have dropped the slot's reference (and the
	 * last one) since the load: the try-get fails on a zero count, and
	 * RCU keeps the object readable until we leave.
	 */
	irq = xa_load(&its->translation_cache, cache_key);
	if (!vgic_try_get_irq_ref(irq))
		irq = NULL;

	rcu_read_unlock();

	return irq;
}

/**
 * vgic_its_cache_translation() - cache a successful translation
 * @kvm: the VM
 * @its: the ITS whose cache gets the entry
 * @devid: the DeviceID
 * @eventid: the EventID
 * @irq: the LPI, kept alive by its ITE
 *
 * Best effort: a failed store is not reported.
 *
 * Context: its_lock held; may sleep (xarray allocation).
 */
static void v0_vgic_its_cache_translation(struct kvm *kvm, struct vgic_its *its,
					  u32 devid, u32 eventid,
					  struct vgic_irq *irq)
{
	unsigned long cache_key = vgic_its_cache_key(devid, eventid);
	struct vgic_irq *old;

	/* A GICv4-forwarded LPI never goes through the cache */
	if (irq->hw)
		return;

	/*
	 * The slot's reference. An unconditional get is safe: the ITE's
	 * reference cannot be dropped while its_lock is held.
	 */
	lockdep_assert_held(&its->its_lock);
	vgic_get_irq_ref(irq);

	old = xa_store(&its->translation_cache, cache_key, irq, GFP_KERNEL_ACCOUNT);

	/*
	 * No slot, so no slot reference. The cache is only an optimisation:
	 * the caller is not told.
	 */
	if (xa_is_err(old)) {
		vgic_put_irq(kvm, irq);
		return;
	}

	/*
	 * The key may already have had an entry (cached earlier, or by a
	 * concurrent caller); the displaced entry's reference is ours to
	 * drop.
	 */
	if (old)
		vgic_put_irq(kvm, old);
}

/*
 * No lock required or asserted, and it must not sleep: the EnableLPIs path
 * calls it inside rcu_read_lock(). Two walkers without a common lock can
 * both load the same entry and both put it.
 */
static void v0_vgic_its_invalidate_cache(struct vgic_its *its)
{
	struct kvm *kvm = its->dev->kvm;
	struct vgic_irq *irq;
	unsigned long idx;

	xa_for_each(&its->translation_cache, idx, irq) {
		xa_erase(&its->translation_cache, idx);
		vgic_put_irq(kvm, irq);
	}
}

static void v0_vgic_its_invalidate_all_caches(struct kvm *kvm)
{
	struct kvm_device *dev;
	struct vgic_its *its;

	rcu_read_lock();

	list_for_each_entry_rcu(dev, &kvm->devices, vm_node) {
		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;

		its = dev->private;
		vgic_its_invalidate_cache(its);
	}

	rcu_read_unlock();
}

static void v0_vgic_mmio_write_its_ctlr(struct kvm *kvm, struct vgic_its *its,
					gpa_t __always_unused addr,
					unsigned int __always_unused len,
					unsigned long val)
{
	mutex_lock(&its->cmd_lock);

	/*
	 * Refuse to enable without valid CBASER, device BASER and
	 * collection BASER: the architecture leaves that UNPREDICTABLE.
	 */
	if (!its->enabled && (val & GITS_CTLR_ENABLE) &&
		(!(its->baser_device_table & GITS_BASER_VALID) ||
		 !(its->baser_coll_table & GITS_BASER_VALID) ||
		 !(its->cbaser & GITS_CBASER_VALID)))
		goto out;

	/* Read without a lock by the BASER/CBASER handlers and resolve. */
	WRITE_ONCE(its->enabled, !!(val & GITS_CTLR_ENABLE));
	if (!its->enabled)
		vgic_its_invalidate_cache(its);

	/*
	 * Run whatever the guest queued while disabled; a no-op when the
	 * ITS is now disabled or the queue is empty.
	 */
	vgic_its_process_commands(kvm, its);

out:
	mutex_unlock(&its->cmd_lock);
}

/**
 * vgic_mmio_write_v3r_ctlr() - write GICR_CTLR
 * @vcpu: the vCPU owning the redistributor frame (not necessarily the one
 *        performing the access)
 * @addr: the register's address
 * @len: the access size
 * @val: the value written
 *
 * Clearing EnableLPIs retires this redistributor's pending LPIs and
 * invalidates every ITS's translation cache, holding no lock: writers to
 * one redistributor are serialised only by the compare-and-swap on ctlr,
 * writers to different redistributors not at all.
 *
 * Context: a vCPU thread (holding its vcpu->mutex) or the VMM's
 * REDIST_REGS attribute path (holding kvm->lock, every vcpu->mutex and
 * config_lock).
 */
static void v0_vgic_mmio_write_v3r_ctlr(struct kvm_vcpu *vcpu,
					gpa_t __always_unused addr,
					unsigned int __always_unused len,
					unsigned long val)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	u32 ctlr;

	if (!vgic_has_its(vcpu->kvm))
		return;

	if (!(val & GICR_CTLR_ENABLE_LPIS)) {
		/*
		 * Only EnableLPIs -> RWP wins: with RWP already set another
		 * disable is in flight, and this write is dropped.
		 */
		ctlr = atomic_cmpxchg_acquire(&vgic_cpu->ctlr,
					      GICR_CTLR_ENABLE_LPIS,
					      GICR_CTLR_RWP);
		if (ctlr != GICR_CTLR_ENABLE_LPIS)
			return;

		vgic_flush_pending_lpis(vcpu);
		vgic_its_invalidate_all_caches(vcpu->kvm);
		atomic_set_release(&vgic_cpu->ctlr, 0);
	} else {
		ctlr = atomic_cmpxchg_acquire(&vgic_cpu->ctlr, 0,
					      GICR_CTLR_ENABLE_LPIS);
		if (ctlr != 0)
			return;

		vgic_enable_lpis(vcpu);
	}
}

/**
 * vgic_its_inject_cached_translation() - the MSI fast path
 * @kvm: the VM
 * @msi: the MSI (doorbell address, DeviceID, EventID)
 *
 * Context: any, including atomic (irqfd wakeup); does not sleep.
 * Return: 0 if injected, -EWOULDBLOCK if the translation is not cached.
 */
static int v0_vgic_its_inject_cached_translation(struct kvm *kvm,
						 struct kvm_msi *msi)
{
	struct vgic_irq *irq;
	unsigned long flags;
	phys_addr_t db;

	db = (u64)msi->address_hi << 32 | msi->address_lo;
	irq = vgic_its_check_cache(kvm, db, msi->devid, msi->data);
	if (!irq)
		return -EWOULDBLOCK;

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->pending_latch = true;
	vgic_queue_irq_unlock(kvm, irq, flags);
	/* The check_cache reference; may be the last one. */
	vgic_put_irq(kvm, irq);

	return 0;
}

/**
 * vgic_put_irq() - drop a reference to an interrupt
 * @kvm: the VM
 * @irq: the interrupt
 *
 * The final put removes the LPI from lpi_xa under its lock and frees it
 * after a grace period, so an RCU reader that loaded the pointer can still
 * attempt (and fail) a try-get on it.
 *
 * Context: must not hold ap_list_lock or irq_lock (lpi_xa's lock ranks
 * above them); does not sleep.
 */
static void v0_vgic_put_irq(struct kvm *kvm, struct vgic_irq *irq)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	unsigned long flags;

	if (!__vgic_put_irq(kvm, irq))
		return;

	/*
	 * The decrement and the erase are two steps: between them, a lookup
	 * sees the zero-count object in lpi_xa and its try-get fails.
	 */
	xa_lock_irqsave(&dist->lpi_xa, flags);
	vgic_release_lpi_locked(dist, irq);
	xa_unlock_irqrestore(&dist->lpi_xa, flags);
}

const struct vgic_variant vgic_variant_v0 = {
	.name = "v0",
	.base = NULL,
	.summary = "upstream 6.10-7.0 before the fix: invalidation puts the "
		   "iterator's pointer; GITS_CTLR and EnableLPIs paths walk "
		   "without its_lock",
	.check_cache = v0_vgic_its_check_cache,
	.cache_translation = v0_vgic_its_cache_translation,
	.invalidate_cache = v0_vgic_its_invalidate_cache,
	.invalidate_all_caches = v0_vgic_its_invalidate_all_caches,
	.write_its_ctlr = v0_vgic_mmio_write_its_ctlr,
	.write_v3r_ctlr = v0_vgic_mmio_write_v3r_ctlr,
	.inject_cached_translation = v0_vgic_its_inject_cached_translation,
	.put_irq = v0_vgic_put_irq,
};

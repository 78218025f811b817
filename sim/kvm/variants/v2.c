// SPDX-License-Identifier: MIT
/*
 * v2: "[PATCH v2] KVM: arm64: vgic-its: Serialize translation cache
 * invalidation under its_lock" (Hyunwoo Kim, 2 Jun 2026), not applied.
 *
 * Upstream function followed (the patch against the 7.0.11 vgic-its.c):
 *   vgic_its_invalidate_cache       asserts its_lock; body as v0 (puts the
 *                                   iterator's pointer)
 *   vgic_its_invalidate_all_caches  kvm->lock instead of RCU around the
 *                                   device walk, its_lock per ITS
 *   vgic_mmio_write_its_ctlr        its_lock inside cmd_lock around the
 *                                   invalidation
 * The maintainer rejected it: the EnableLPIs path runs on a vCPU thread
 * holding vcpu->mutex, and kvm->lock ranks above vcpu->mutex.
 */
#include <linux/cleanup.h>
#include <linux/kvm_host.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>

#include "../vgic.h"
#include "variants.h"

/*
 * With its_lock held by every invalidator and by the only inserter, walks,
 * erases and stores on one cache are serialised, so the iterator's
 * pointer is always what the erase removed.
 */
static void v2_vgic_its_invalidate_cache(struct vgic_its *its)
{
	struct kvm *kvm = its->dev->kvm;
	struct vgic_irq *irq;
	unsigned long idx;

	lockdep_assert_held(&its->its_lock);

	xa_for_each(&its->translation_cache, idx, irq) {
		xa_erase(&its->translation_cache, idx);
		vgic_put_irq(kvm, irq);
	}
}

/*
 * kvm->lock replaces the RCU read-side section so that its_lock (a mutex)
 * may be taken during the walk; the caller may already hold vcpu->mutex.
 */
static void v2_vgic_its_invalidate_all_caches(struct kvm *kvm)
{
	struct kvm_device *dev;
	struct vgic_its *its;

	guard(mutex)(&kvm->lock);

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;

		its = dev->private;
		guard(mutex)(&its->its_lock);
		vgic_its_invalidate_cache(its);
	}
}

static void v2_vgic_mmio_write_its_ctlr(struct kvm *kvm, struct vgic_its *its,
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
	if (!its->enabled) {
		mutex_lock(&its->its_lock);
		vgic_its_invalidate_cache(its);
		mutex_unlock(&its->its_lock);
	}

	/*
	 * Run whatever the guest queued while disabled; a no-op when the
	 * ITS is now disabled or the queue is empty.
	 */
	vgic_its_process_commands(kvm, its);

out:
	mutex_unlock(&its->cmd_lock);
}

const struct vgic_variant vgic_variant_v2 = {
	.name = "v2",
	.base = "v0",
	.summary = "proposed v2 (rejected): its_lock on every invalidation, "
		   "kvm->lock around the device walk",
	.invalidate_cache = v2_vgic_its_invalidate_cache,
	.invalidate_all_caches = v2_vgic_its_invalidate_all_caches,
	.write_its_ctlr = v2_vgic_mmio_write_its_ctlr,
};

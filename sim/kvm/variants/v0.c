// SPDX-License-Identifier: MIT
/*
 * v0: upstream before the fix, the root every other variant derives from.
 *
 * Upstream function followed (arch/arm64/kvm/vgic/vgic-its.c, 6.10 up to
 * the June 2026 fix, e.g. 6.16 and stable 7.0.11):
 *   vgic_its_invalidate_cache       puts the iterator's pointer after
 *                                   xa_erase, whatever the erase returned
 *   vgic_its_invalidate_all_caches  RCU walk of kvm->devices, no mutex
 *   vgic_mmio_write_its_ctlr        invalidates holding only cmd_lock
 */
#include <linux/kvm_host.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>

#include "../vgic.h"
#include "variants.h"

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

const struct vgic_variant vgic_variant_v0 = {
	.name = "v0",
	.base = NULL,
	.summary = "upstream 6.10-7.0 before the fix: invalidation puts the "
		   "iterator's pointer; GITS_CTLR and EnableLPIs paths walk "
		   "without its_lock",
	.invalidate_cache = v0_vgic_its_invalidate_cache,
	.invalidate_all_caches = v0_vgic_its_invalidate_all_caches,
	.write_its_ctlr = v0_vgic_mmio_write_its_ctlr,
};

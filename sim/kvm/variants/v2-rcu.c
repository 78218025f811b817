// SPDX-License-Identifier: MIT
/*
 * v2-rcu: v2 with its_lock taken inside the unchanged rcu_read_lock() walk
 * of vgic_its_invalidate_all_caches(). Hypothetical (kernel-model.md 4.6
 * item 4): the mistake v2 avoided by walking kvm->devices under kvm->lock
 * instead, since its_lock is a mutex and a mutex may sleep, which an RCU
 * read-side section forbids.
 *
 * Upstream function followed:
 *   vgic_its_invalidate_all_caches  v0's RCU walk (6.10+) with v2's
 *                                   per-ITS its_lock around the
 *                                   invalidation
 * Everything else is inherited from v2 (its_lock asserted by
 * vgic_its_invalidate_cache, its_lock inside cmd_lock for GITS_CTLR).
 */
#include <linux/cleanup.h>
#include <linux/kvm_host.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <kvm/arm_vgic.h>

#include "../vgic.h"
#include "variants.h"

/*
 * Sleeps on its_lock inside the RCU read-side section: invalid context
 * whether or not the mutex is contended.
 */
static void v2_rcu_vgic_its_invalidate_all_caches(struct kvm *kvm)
{
	struct kvm_device *dev;
	struct vgic_its *its;

	rcu_read_lock();

	list_for_each_entry_rcu(dev, &kvm->devices, vm_node) {
		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;

		its = dev->private;
		guard(mutex)(&its->its_lock);
		vgic_its_invalidate_cache(its);
	}

	rcu_read_unlock();
}

const struct vgic_variant vgic_variant_v2_rcu = {
	.name = "v2-rcu",
	.base = "v2",
	.summary = "hypothetical: v2's its_lock taken inside the RCU walk of "
		   "kvm->devices instead of kvm->lock (sleeps in an RCU "
		   "read-side section)",
	.invalidate_all_caches = v2_rcu_vgic_its_invalidate_all_caches,
};

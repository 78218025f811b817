// SPDX-License-Identifier: MIT
/*
 * v1: the fix stable shipped (6.12.93, 6.18.35, 7.0.12; 9 Jun 2026).
 *
 * Upstream function followed:
 *   vgic_its_invalidate_cache       put only the non-NULL value xa_erase
 *                                   returned
 * Everything else is inherited from v0.
 */
#include <linux/kvm_host.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>

#include "../vgic.h"
#include "variants.h"

/*
 * Still lockless and non-sleeping. xa_erase() is atomic against every
 * other erase and store on the cache and returns what it removed, so each
 * slot occupancy's reference is dropped exactly once: by the walker whose
 * erase ended it, or by the inserter whose store displaced it.
 */
static void v1_vgic_its_invalidate_cache(struct vgic_its *its)
{
	struct kvm *kvm = its->dev->kvm;
	struct vgic_irq *irq;
	unsigned long idx;

	xa_for_each(&its->translation_cache, idx, irq) {
		/* Only the caller xa_erase() handed the entry to puts it */
		irq = xa_erase(&its->translation_cache, idx);
		if (irq)
			vgic_put_irq(kvm, irq);
	}
}

const struct vgic_variant vgic_variant_v1 = {
	.name = "v1",
	.base = "v0",
	.summary = "stable fix (Jun 2026): put only the entry xa_erase "
		   "returned",
	.invalidate_cache = v1_vgic_its_invalidate_cache,
};

// SPDX-License-Identifier: MIT
/*
 * lockless-resolve: a deliberately wrong variant, kept as a test that the
 * model's lock rules are checked on code from a variant file
 * (tests/cli/variant_file.sh runs it).
 *
 * The idea it gets wrong: "on a cache miss, translate right here instead
 * of returning -EWOULDBLOCK and sending the MSI round the slow path". The
 * fast path may run in atomic context (irqfd wakeup), so the author does
 * not take its_lock, a mutex, and calls vgic_its_resolve_lpi() bare.
 *
 * But the translation is only valid under its_lock: vgic_its_resolve_lpi()
 * walks the ITS's device and ITE lists, which its_lock protects, and hands
 * back the ITE's LPI without a reference of its own, which only the
 * ITE (so, only its_lock) keeps alive; a concurrent DISCARD could free
 * the ITE and the LPI under us. It also inserts into the cache, which may
 * sleep. The model states the rule with lockdep_assert_held() in
 * vgic_its_resolve_lpi(), so the first run that misses the cache reports
 * assert-held there, before anything else can go wrong.
 *
 * The fix is what upstream does: return -EWOULDBLOCK and let the caller
 * take its_lock (vgic_its_inject_msi(), or the irqfd injection worker).
 */
#include <kvm/itsim-variant.h>

int vgic_its_inject_cached_translation(struct kvm *kvm, struct kvm_msi *msi)
{
	struct vgic_its *its;
	struct vgic_irq *irq;
	unsigned long flags;
	phys_addr_t db;
	bool cached;

	db = (u64)msi->address_hi << 32 | msi->address_lo;
	irq = vgic_its_check_cache(kvm, db, msi->devid, msi->data);
	cached = irq;
	if (!irq) {
		its = __vgic_doorbell_to_its(kvm, db);
		if (IS_ERR(its))
			return -EWOULDBLOCK;

		/* Wrong: no its_lock around the translation (see above). */
		if (vgic_its_resolve_lpi(kvm, its, msi->devid, msi->data, &irq))
			return -EWOULDBLOCK;
	}

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	irq->pending_latch = true;
	vgic_queue_irq_unlock(kvm, irq, flags);

	/* Only the cache lookup took a reference. */
	if (cached)
		vgic_put_irq(kvm, irq);

	return 0;
}

VARIANT("lockless-resolve", "v1",
	"wrong on purpose: resolves a cache miss in the fast path without its_lock",
	.inject_cached_translation = vgic_its_inject_cached_translation);

// SPDX-License-Identifier: MIT
/*
 * The redistributor's GICR_CTLR write handler and its helpers.
 *
 * Upstream function followed, per model function:
 *   vgic_has_its, vgic_lpis_enabled   vgic-mmio-v3.c, 6.16
 *   vgic_mmio_write_v3r_ctlr          vgic-mmio-v3.c, 6.10+ (the RWP
 *                                     compare-and-swap and the per-ITS
 *                                     vgic_its_invalidate_all_caches)
 *   update_64bit_reg                  vgic-mmio.c, 6.16
 * The register dispatch (vgic_register_region tables) is not modelled:
 * entry.c calls the handler directly with the redistributor's owner.
 */
#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/kvm_host.h>
#include <kvm/arm_vgic.h>

#include "vgic.h"

bool vgic_has_its(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;

	if (dist->vgic_model != KVM_DEV_TYPE_ARM_VGIC_V3)
		return false;

	return dist->has_its;
}

bool vgic_lpis_enabled(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	return atomic_read(&vgic_cpu->ctlr) == GICR_CTLR_ENABLE_LPIS;
}

/*
 * The offset and len parameters give the part of the 64-bit register
 * the guest accessed; val holds the value written.
 */
u64 update_64bit_reg(u64 reg, unsigned int offset, unsigned int len,
		     unsigned long val)
{
	int lower = (offset & 4) * 8;
	int upper = lower + 8 * len - 1;

	reg &= ~GENMASK_ULL(upper, lower);
	val &= GENMASK_ULL(len * 8 - 1, 0);

	return reg | ((u64)val << lower);
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
void vgic_mmio_write_v3r_ctlr(struct kvm_vcpu *vcpu,
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

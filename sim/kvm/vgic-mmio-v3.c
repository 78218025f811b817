// SPDX-License-Identifier: MIT
/*
 * The helpers of the redistributor's GICR_CTLR write handler.
 *
 * Upstream function followed, per model function:
 *   vgic_has_its, vgic_lpis_enabled   vgic-mmio-v3.c, 6.16
 *   update_64bit_reg                  vgic-mmio.c, 6.16
 * vgic_mmio_write_v3r_ctlr itself is replaceable per patch variant and
 * lives in variants/ (upstream's in v0.c). The register dispatch
 * (vgic_register_region tables) is not modelled: entry.c calls the handler
 * directly with the redistributor's owner.
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

// SPDX-License-Identifier: MIT
/*
 * The vGICv3 device's userspace register access (KVM_SET_DEVICE_ATTR,
 * KVM_DEV_ARM_VGIC_GRP_REDIST_REGS), write half.
 *
 * Upstream function followed, per model function
 * (arch/arm64/kvm/vgic/vgic-kvm-device.c, 6.16):
 *   vgic_v3_parse_attr             the MPIDR lookup: the model's vCPUs
 *                                  have MPIDR.Aff0 = vcpu_id and no other
 *                                  affinity level
 *   vgic_v3_redist_uaccess         (vgic-mmio-v3.c) with vgic_uaccess():
 *                                  the register table is a switch over
 *                                  the one redistributor register the
 *                                  model has, GICR_CTLR, whose region has
 *                                  no uaccess_write handler
 *   vgic_v3_attr_regs_access       writes, REDIST_REGS only. Upstream
 *                                  takes the vGIC's struct kvm_device and
 *                                  uses only dev->kvm; the model creates
 *                                  no kvm_device for the vGIC, so it takes
 *                                  the VM
 */
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/mutex.h>
#include <kvm/arm_vgic.h>

#include "vgic.h"

struct vgic_reg_attr {
	struct kvm_vcpu *vcpu;
	gpa_t addr;
};

static int vgic_v3_parse_attr(struct kvm *kvm, struct kvm_device_attr *attr,
			      struct vgic_reg_attr *reg_attr)
{
	unsigned long vgic_mpidr;

	vgic_mpidr = (attr->attr & KVM_DEV_ARM_VGIC_V3_MPIDR_MASK) >>
		      KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;

	reg_attr->vcpu = kvm_get_vcpu_by_id(kvm, vgic_mpidr);
	if (!reg_attr->vcpu)
		return -EINVAL;

	reg_attr->addr = attr->attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;

	return 0;
}

/*
 * A write to @vcpu's redistributor frame at @offset. A register without a
 * userspace handler runs the guest's.
 */
static int vgic_v3_redist_uaccess(struct kvm_vcpu *vcpu, gpa_t offset,
				  u32 *val)
{
	switch (offset) {
	case GICR_CTLR:
		vgic_mmio_write_v3r_ctlr(vcpu, offset, sizeof(u32), *val);
		return 0;
	}

	return -ENXIO;
}

/**
 * vgic_v3_attr_regs_access() - KVM_DEV_ARM_VGIC_GRP_REDIST_REGS write
 * @kvm: the VM
 * @attr: the MPIDR of the redistributor's vCPU and the register offset;
 *        @attr->addr points at the 32-bit value
 *
 * A GICR_CTLR write runs vgic_mmio_write_v3r_ctlr() with kvm->lock, every
 * vcpu->mutex and config_lock held: whatever that handler takes must rank
 * below all three.
 *
 * Context: VMM; takes kvm->lock, every vcpu->mutex (trylock) and
 * config_lock.
 * Return: 0, -EINVAL for an unknown vCPU, -EBUSY while a vCPU runs or
 * before the vGIC is initialised, -ENXIO for another register or group.
 */
int vgic_v3_attr_regs_access(struct kvm *kvm, struct kvm_device_attr *attr)
{
	struct vgic_reg_attr reg_attr;
	struct kvm_vcpu *vcpu;
	gpa_t addr;
	u32 val;
	int ret;

	if (attr->group != KVM_DEV_ARM_VGIC_GRP_REDIST_REGS)
		return -ENXIO;

	ret = vgic_v3_parse_attr(kvm, attr, &reg_attr);
	if (ret)
		return ret;

	vcpu = reg_attr.vcpu;
	addr = reg_attr.addr;

	/* get_user(): a plain load in the model */
	val = *(u32 *)(unsigned long)attr->addr;

	mutex_lock(&kvm->lock);

	if (kvm_trylock_all_vcpus(kvm)) {
		mutex_unlock(&kvm->lock);
		return -EBUSY;
	}

	mutex_lock(&kvm->arch.config_lock);

	if (unlikely(!vgic_initialized(kvm))) {
		ret = -EBUSY;
		goto out;
	}

	ret = vgic_v3_redist_uaccess(vcpu, addr, &val);

out:
	mutex_unlock(&kvm->arch.config_lock);
	kvm_unlock_all_vcpus(kvm);
	mutex_unlock(&kvm->lock);

	return ret;
}

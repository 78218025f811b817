/* SPDX-License-Identifier: MIT */
/*
 * struct kvm, struct kvm_vcpu and struct kvm_device as far as the model
 * uses them, after include/linux/kvm_host.h and arm64's asm/kvm_host.h.
 *
 * Declared shim, with two inert parts (reviewed, reasons below):
 * - the vCPU array: upstream an xarray read locklessly; here a plain
 *   array. vCPUs are created while the initial state is built and freed at
 *   VM teardown only, when no other actor runs, so lookups need no
 *   visible operation.
 * - guest memory, in place of memslots: the guest owns that memory and
 *   the simulator does not model guest-side races on it, so the
 *   kvm_{read,write}_guest_lock() bodies (in sim/kvm/kvm.c) are not
 *   visible operations.
 */
#ifndef __KVM_HOST_H
#define __KVM_HOST_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/srcu.h>
#include <linux/types.h>
#include <kvm/arm_vgic.h>

/* uapi device types */
#define KVM_DEV_TYPE_ARM_VGIC_V3	7
#define KVM_DEV_TYPE_ARM_VGIC_ITS	8

/* uapi: KVM_SIGNAL_MSI carries a DeviceID */
#define KVM_MSI_VALID_DEVID		(1U << 0)

/* uapi (arm64 asm/kvm.h): vGIC and ITS device attribute groups */
#define KVM_DEV_ARM_VGIC_GRP_ADDR		0
#define KVM_DEV_ARM_VGIC_GRP_DIST_REGS		1
#define KVM_DEV_ARM_VGIC_GRP_CTRL		4
#define KVM_DEV_ARM_VGIC_GRP_REDIST_REGS	5
#define KVM_DEV_ARM_VGIC_GRP_ITS_REGS		8
#define KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT		32
#define KVM_DEV_ARM_VGIC_V3_MPIDR_MASK		(0xffffffffULL << 32)
#define KVM_DEV_ARM_VGIC_OFFSET_MASK		0xffffffffULL
/* KVM_DEV_ARM_VGIC_GRP_CTRL attributes */
#define KVM_DEV_ARM_VGIC_CTRL_INIT		0
#define KVM_DEV_ARM_ITS_SAVE_TABLES		1
#define KVM_DEV_ARM_ITS_RESTORE_TABLES		2
#define KVM_DEV_ARM_ITS_CTRL_RESET		4

/* uapi: KVM_SET_DEVICE_ATTR's argument; @addr is a user pointer */
struct kvm_device_attr {
	u32 flags;
	u32 group;
	u64 attr;
	u64 addr;
};

/* The model's bound (upstream arm64: 512); scenarios stay below it. */
#define KVM_MAX_VCPUS			64

struct kvm_msi {
	u32 address_lo;
	u32 address_hi;
	u32 data;
	u32 flags;
	u32 devid;
	u8  pad[12];
};

struct kvm_device;

struct kvm_device_ops {
	const char *name;

	/*
	 * Runs under kvm->lock (kvm_ioctl_create_device()); work that can
	 * do without it belongs to a later init step.
	 */
	int (*create)(struct kvm_device *dev, u32 type);

	/*
	 * Frees @dev itself. Runs at VM teardown, no lock held, once the
	 * device is off kvm->devices.
	 */
	void (*destroy)(struct kvm_device *dev);

	/* KVM_SET_DEVICE_ATTR, from the VMM; no lock held on entry. */
	int (*set_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
};

struct kvm_device {
	const struct kvm_device_ops *ops;
	struct kvm *kvm;
	void *private;
	struct list_head vm_node;
};

struct kvm_vcpu_arch {
	struct vgic_cpu vgic_cpu;
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;		/* the KVM_CREATE_VCPU argument */
	int vcpu_idx;		/* creation order: slot in kvm->vcpus */
	struct mutex mutex;	/* held across KVM_RUN */
	struct kvm_vcpu_arch arch;
};

struct kvm_arch {
	/* serialises VM-wide configuration changes */
	struct mutex config_lock;
	struct vgic_dist vgic;
};

/* Guest memory: sparse 32-byte lines; what was never written reads 0. */
#define KVM_SIM_GUEST_LINE	32
#define KVM_SIM_GUEST_LINES	256

#include <kvm/itsim-guest-mem.h>

struct kvm {
	struct mutex lock;
	/*
	 * Readers: guest MMIO emulation (kvm_handle_guest_abort). Writers
	 * call synchronize_srcu() under kvm->lock, vcpu->mutex or slots_lock,
	 * so none of those may be taken inside a read-side section.
	 */
	struct srcu_struct srcu;
	/* inert, see the top of this file */
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS];
	atomic_t online_vcpus;
	struct list_head devices;
	struct kvm_arch arch;
	/* inert, see the top of this file */
	struct kvm_sim_guest_mem guest_mem;
};

#include <kvm/itsim-vcpus.h>

static inline struct kvm_vcpu *kvm_get_vcpu_by_id(struct kvm *kvm, int id)
{
	struct kvm_vcpu *vcpu = NULL;
	unsigned long i;

	if (id < 0)
		return NULL;
	if (id < KVM_MAX_VCPUS)
		vcpu = kvm_get_vcpu(kvm, id);
	if (vcpu && vcpu->vcpu_id == id)
		return vcpu;
	kvm_for_each_vcpu(i, vcpu, kvm)
		if (vcpu->vcpu_id == id)
			return vcpu;
	return NULL;
}

/* Return: 0, or -EFAULT when the model's guest memory is exhausted. */
int kvm_read_guest_lock(struct kvm *kvm, gpa_t gpa, void *data,
			unsigned long len);
int kvm_write_guest_lock(struct kvm *kvm, gpa_t gpa, const void *data,
			 unsigned long len);

/* kvm_main.c, in sim/kvm/kvm.c */
int kvm_trylock_all_vcpus(struct kvm *kvm);
void kvm_unlock_all_vcpus(struct kvm *kvm);

#endif /* __KVM_HOST_H */

// SPDX-License-Identifier: MIT
/*
 * The generic KVM parts the model needs: VM, vCPU and device creation (run
 * while the initial state is built), VM teardown, and guest memory.
 *
 * Upstream function followed, per model function:
 *   kvm_create_vm                  virt/kvm/kvm_main.c, 6.16 (the fields
 *                                  the model uses) with arm64's
 *                                  kvm_arch_init_vm
 *   kvm_vm_ioctl_create_vcpu       kvm_main.c, 6.16 with kvm_vcpu_init and
 *                                  arm64's kvm_arch_vcpu_create (vGIC part)
 *   kvm_ioctl_create_device        kvm_main.c, 6.16 (rculist insertion
 *                                  under kvm->lock)
 *   kvm_destroy_vm                 kvm_main.c, 6.16: kvm_arch_destroy_vm,
 *                                  then kvm_destroy_devices, then the VM
 *   kvm_arch_destroy_vm            arch/arm64/kvm/arm.c, 6.16 (vGIC, vCPUs)
 *   kvm_destroy_vcpus              kvm_main.c, 6.16
 *   kvm_destroy_devices            kvm_main.c, 6.10+ (plain list_del)
 *   kvm_trylock_all_vcpus          kvm_main.c, 6.16+ (mutex_trylock for
 *                                  mutex_trylock_nest_lock: the shim has
 *                                  no nest_lock annotation)
 *   kvm_unlock_all_vcpus           kvm_main.c, 6.16+
 *   kvm_read_guest_lock, kvm_write_guest_lock
 *                                  model only: guest memory without
 *                                  memslots (see <linux/kvm_host.h>)
 */
#include <linux/atomic.h>
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <kvm/arm_vgic.h>

#include "vgic.h"

int kvm_read_guest_lock(struct kvm *kvm, gpa_t gpa, void *data,
			unsigned long len)
{
	return kvm_sim_guest_read(&kvm->guest_mem, gpa, data, len);
}

int kvm_write_guest_lock(struct kvm *kvm, gpa_t gpa, const void *data,
			 unsigned long len)
{
	return kvm_sim_guest_write(&kvm->guest_mem, gpa, data, len);
}

/* Setup only: a VM with a vGICv3 distributor and no vCPU yet. */
struct kvm *kvm_create_vm(void)
{
	struct kvm *kvm = kzalloc(sizeof(*kvm), GFP_KERNEL_ACCOUNT);

	if (!kvm)
		return NULL;

	mutex_init(&kvm->lock);
	INIT_LIST_HEAD(&kvm->devices);
	if (init_srcu_struct(&kvm->srcu)) {
		kfree(kvm);
		return NULL;
	}

	/* kvm_arch_init_vm() */
	mutex_init(&kvm->arch.config_lock);
	kvm_vgic_early_init(kvm);

	return kvm;
}

/**
 * kvm_trylock_all_vcpus() - take every vCPU's mutex without blocking
 * @kvm: the VM
 *
 * A vCPU thread in KVM_RUN holds its mutex, so this fails while any vCPU
 * runs: userspace promised none would, and the trylock checks it rather
 * than waiting, which would invert kvm->lock against a vCPU thread that
 * needs kvm->lock.
 *
 * Context: kvm->lock held; takes each vcpu->mutex in vCPU order.
 * Return: 0 with every vcpu->mutex held, or -EINTR with none held.
 */
int kvm_trylock_all_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i, j;

	lockdep_assert_held(&kvm->lock);

	kvm_for_each_vcpu(i, vcpu, kvm)
		if (!mutex_trylock(&vcpu->mutex))
			goto out_unlock;
	return 0;

out_unlock:
	kvm_for_each_vcpu(j, vcpu, kvm) {
		if (i == j)
			break;
		mutex_unlock(&vcpu->mutex);
	}
	return -EINTR;
}

/* Context: every vcpu->mutex held by kvm_trylock_all_vcpus(). */
void kvm_unlock_all_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	lockdep_assert_held(&kvm->lock);

	kvm_for_each_vcpu(i, vcpu, kvm) {
		/* Only a successful kvm_trylock_all_vcpus() comes here. */
		lockdep_assert_held(&vcpu->mutex);
		mutex_unlock(&vcpu->mutex);
	}
}

/* Setup only: vCPU @id at the next index. */
struct kvm_vcpu *kvm_vm_ioctl_create_vcpu(struct kvm *kvm, int id)
{
	int idx = atomic_read(&kvm->online_vcpus);
	struct kvm_vcpu *vcpu;

	if (idx >= KVM_MAX_VCPUS)
		return NULL;

	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return NULL;

	/* kvm_vcpu_init() */
	mutex_init(&vcpu->mutex);
	vcpu->kvm = kvm;
	vcpu->vcpu_id = id;
	vcpu->vcpu_idx = idx;

	/* kvm_arch_vcpu_create() */
	kvm_vgic_vcpu_init(vcpu);

	kvm->vcpus[idx] = vcpu;
	atomic_inc(&kvm->online_vcpus);

	return vcpu;
}

/**
 * kvm_ioctl_create_device() - KVM_CREATE_DEVICE
 * @kvm: the VM
 * @ops: the device type's operations
 * @type: the device type
 * @devp: where the new device is returned
 *
 * Upstream finds @ops from the uapi struct kvm_create_device and returns a
 * file descriptor; the model passes the ops and returns the device.
 *
 * Context: setup; takes kvm->lock around ops->create and the insertion.
 * Return: 0 or a negative errno.
 */
int kvm_ioctl_create_device(struct kvm *kvm,
			    const struct kvm_device_ops *ops, u32 type,
			    struct kvm_device **devp)
{
	struct kvm_device *dev;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL_ACCOUNT);
	if (!dev)
		return -ENOMEM;

	dev->ops = ops;
	dev->kvm = kvm;

	mutex_lock(&kvm->lock);
	ret = ops->create(dev, type);
	if (ret < 0) {
		mutex_unlock(&kvm->lock);
		kfree(dev);
		return ret;
	}
	list_add_rcu(&dev->vm_node, &kvm->devices);
	mutex_unlock(&kvm->lock);

	*devp = dev;
	return 0;
}

static void kvm_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	kfree(vcpu);
}

static void kvm_destroy_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm) {
		/*
		 * Upstream erases the vcpu_array slot after the free; the
		 * model unpublishes first so that no checker hook ever walks
		 * a freed vCPU.
		 */
		kvm->vcpus[i] = NULL;
		kvm_vcpu_destroy(vcpu);
	}

	atomic_set(&kvm->online_vcpus, 0);
}

static void kvm_arch_destroy_vm(struct kvm *kvm)
{
	kvm_vgic_destroy(kvm);

	kvm_destroy_vcpus(kvm);
}

static void kvm_destroy_devices(struct kvm *kvm)
{
	struct kvm_device *dev, *tmp;

	/*
	 * No kvm->lock and plain list_del() rather than list_del_rcu():
	 * the VM's last reference is gone, so no writer or RCU reader of
	 * kvm->devices can remain.
	 */
	list_for_each_entry_safe(dev, tmp, &kvm->devices, vm_node) {
		list_del(&dev->vm_node);
		dev->ops->destroy(dev);
	}
}

/**
 * kvm_destroy_vm() - the last reference to the VM is gone
 * @kvm: the VM, freed on return
 *
 * The vGIC and the vCPUs go first (ap_list references flushed, lpi_xa
 * destroyed), then the devices (each ITS drops its ITE and cache
 * references), then the VM itself.
 *
 * Context: VM teardown: no vCPU thread, irqfd or MMIO access remains.
 */
void kvm_destroy_vm(struct kvm *kvm)
{
	kvm_arch_destroy_vm(kvm);
	kvm_destroy_devices(kvm);
	cleanup_srcu_struct(&kvm->srcu);
	kfree(kvm);
}

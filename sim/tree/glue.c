// SPDX-License-Identifier: MIT
/*
 * The KVM core a kernel tree's arch/arm64/kvm/vgic/ files call but do not
 * define, written for this project from the interfaces they call
 * (<linux/kvm_host.h> in sim/tree/shims):
 *
 * - VM, vCPU and device creation and VM teardown, in the roles of
 *   virt/kvm/kvm_main.c and arch/arm64/kvm/arm.c (6.12): the harness
 *   drives them as a VMM's ioctls would;
 * - the MMIO bus: register, look up, dispatch a guest access;
 * - vCPU lookup by MPIDR, lock_all_vcpus()/unlock_all_vcpus() (arm64's
 *   own trylock helpers in 6.12, kernel-model.md 3.3);
 * - guest memory over sparse lines inside struct kvm;
 * - requests, kicks, halt/resume of the guest: no vCPU ever runs guest
 *   code here, so there is nobody to kick or to stop (no-ops);
 * - device ops registration (kvm_register_device_ops).
 *
 * Everything that belongs to the hardware (the host's GIC CPU interface,
 * list registers, world switch), to GICv2 or to GICv4 direct injection is
 * a stop: no scenario reaches it, and reaching it must not pass silently.
 * tree_stop() reports the function through the engine's BUG path: a
 * "bug" finding naming the function, which ends that execution only.
 */
#include <linux/cpu.h>
#include <linux/kvm_host.h>
#include <linux/irq.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <kvm/arm_vgic.h>

#include "vgic.h"
#include "vgic-mmio.h"

/* Stop the run: @site names the function that must not be reached. */
#define tree_stop()							\
	do {								\
		sim_bug("a function the glue does not run (hardware, GICv2 or GICv4)", \
			SIM_HERE);					\
	} while (0)

/* Devices */

static const struct kvm_device_ops *kvm_sim_devices[KVM_DEV_TYPE_MAX];

int kvm_register_device_ops(const struct kvm_device_ops *ops, u32 type)
{
	if (type >= KVM_DEV_TYPE_MAX)
		return -ENOSPC;
	if (kvm_sim_devices[type] && kvm_sim_devices[type] != ops)
		return -EEXIST;
	kvm_sim_devices[type] = ops;
	return 0;
}

void kvm_unregister_device_ops(u32 type)
{
	if (type < KVM_DEV_TYPE_MAX)
		kvm_sim_devices[type] = NULL;
}

const struct kvm_device_ops *kvm_sim_device_ops(u32 type)
{
	return type < KVM_DEV_TYPE_MAX ? kvm_sim_devices[type] : NULL;
}

/*
 * KVM_CREATE_DEVICE (kvm_main.c): ops->create under kvm->lock, then the
 * device joins kvm->devices (an rculist), then ops->init without the lock.
 * Context: setup (the initial state); returns the device instead of a fd.
 */
int kvm_ioctl_create_device(struct kvm *kvm, u32 type,
			    struct kvm_device **devp)
{
	const struct kvm_device_ops *ops = kvm_sim_device_ops(type);
	struct kvm_device *dev;
	int ret;

	if (!ops)
		return -ENODEV;

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

	if (ops->init)
		ops->init(dev);

	*devp = dev;
	return 0;
}

/* VM and vCPUs */

/* KVM_CREATE_VM with arm64's kvm_arch_init_vm (the parts the vGIC sees). */
struct kvm *kvm_create_vm(void)
{
	struct kvm *kvm = kzalloc(sizeof(*kvm), GFP_KERNEL_ACCOUNT);

	if (!kvm)
		return NULL;

	mutex_init(&kvm->lock);
	mutex_init(&kvm->slots_lock);
	INIT_LIST_HEAD(&kvm->devices);
	if (init_srcu_struct(&kvm->srcu)) {
		kfree(kvm);
		return NULL;
	}
	kvm->max_vcpus = KVM_MAX_VCPUS;

	/* kvm_arch_init_vm() */
	mutex_init(&kvm->arch.config_lock);
	kvm_vgic_early_init(kvm);

	return kvm;
}

/*
 * The MPIDR arm64's reset gives vCPU @id (Aff0 4 bits, then Aff1, Aff2),
 * which userspace may leave as it is.
 */
static u64 kvm_sim_reset_mpidr(int id)
{
	return (u64)(id & 0xf) | ((u64)((id >> 4) & 0xff) << 8) |
	       ((u64)((id >> 12) & 0xff) << 16) | (1ULL << 31);
}

/*
 * KVM_CREATE_VCPU: kvm_vcpu_init, arm64's kvm_arch_vcpu_create (which
 * calls kvm_vgic_vcpu_init), then publication in the vCPU array.
 * Context: setup.
 */
struct kvm_vcpu *kvm_vm_ioctl_create_vcpu(struct kvm *kvm, int id)
{
	int idx = kvm->online_vcpus.counter;
	struct kvm_vcpu *vcpu;

	if (idx >= KVM_MAX_VCPUS || idx >= kvm->max_vcpus)
		return NULL;
	kvm->created_vcpus++;

	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu) {
		kvm->created_vcpus--;
		return NULL;
	}

	mutex_init(&vcpu->mutex);
	vcpu->kvm = kvm;
	vcpu->vcpu_id = id;
	vcpu->vcpu_idx = idx;
	vcpu->sim_mpidr = kvm_sim_reset_mpidr(id);

	if (kvm_vgic_vcpu_init(vcpu)) {
		kfree(vcpu);
		kvm->created_vcpus--;
		return NULL;
	}

	kvm->vcpus[idx] = vcpu;
	kvm->online_vcpus.counter++;
	return vcpu;
}

struct kvm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mpidr &= MPIDR_HWID_BITMASK;
	kvm_for_each_vcpu(i, vcpu, kvm)
		if (mpidr == kvm_vcpu_get_mpidr_aff(vcpu))
			return vcpu;
	return NULL;
}

/*
 * arm64's lock_all_vcpus() (arch/arm64/kvm/arm.c, 6.12): a trylock of
 * every vCPU mutex, in vCPU order, under kvm->lock; false (and none held)
 * as soon as one is taken, i.e. a vCPU thread is in KVM_RUN.
 * Weak: a tree that has its own (6.1 keeps it in vgic-kvm-device.c) runs
 * its own.
 */
__attribute__((weak)) bool lock_all_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu, *tmp;
	unsigned long c, i;

	lockdep_assert_held(&kvm->lock);

	kvm_for_each_vcpu(c, vcpu, kvm) {
		if (!mutex_trylock(&vcpu->mutex)) {
			kvm_for_each_vcpu(i, tmp, kvm) {
				if (i == c)
					break;
				mutex_unlock(&tmp->mutex);
			}
			return false;
		}
	}
	return true;
}

__attribute__((weak)) void unlock_all_vcpus(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm)
		mutex_unlock(&vcpu->mutex);
}

/*
 * KVM's per-CPU running vCPU is the calling actor's: the harness says
 * which vCPU thread each actor is before an operation. The VM is kept
 * with the engine instance (no thread-local storage in a loaded object).
 */

void kvm_sim_set_running_vcpu(struct kvm *kvm, struct kvm_vcpu *vcpu)
{
	int actor = sim_current_actor();

	sim_set_model_ctx(kvm);
	if (actor >= 0 && actor < (int)ARRAY_SIZE(kvm->sim_running))
		kvm->sim_running[actor] = vcpu;
}

struct kvm_vcpu *kvm_get_running_vcpu(void)
{
	struct kvm *kvm = sim_model_ctx();
	int actor = sim_current_actor();

	if (!kvm || actor < 0 || actor >= (int)ARRAY_SIZE(kvm->sim_running))
		return NULL;
	return kvm->sim_running[actor];
}

struct kvm_vcpu * __percpu *kvm_get_running_vcpus(void)
{
	tree_stop();
}

/*
 * Requests, kicks, halting the guest: no vCPU of the simulator is ever in
 * guest mode, so there is nothing to interrupt; a vCPU's next entry would
 * see the state the vgic code left (no-ops).
 */
void kvm_make_request(int req, struct kvm_vcpu *vcpu)
{
	(void)req;
	(void)vcpu;
}

bool kvm_make_all_cpus_request(struct kvm *kvm, unsigned int req)
{
	(void)kvm;
	(void)req;
	return true;
}

void kvm_vcpu_kick(struct kvm_vcpu *vcpu)
{
	(void)vcpu;
}

void kvm_arm_halt_guest(struct kvm *kvm)
{
	(void)kvm;
}

void kvm_arm_resume_guest(struct kvm *kvm)
{
	(void)kvm;
}

void kvm_vm_dead(struct kvm *kvm)
{
	(void)kvm;
}

bool kvm_sim_has_feat(struct kvm *kvm, const char *reg, const char *field,
		      const char *limit)
{
	(void)kvm;
	/* The VM has a GICv3 CPU interface (its vGIC is a v3). */
	if (!strcmp(reg, "ID_AA64PFR0_EL1") && !strcmp(field, "GIC") &&
	    !strcmp(limit, "IMP"))
		return kvm->arch.vgic.vgic_model == KVM_DEV_TYPE_ARM_VGIC_V3;
	tree_stop();
}

/* The MMIO bus */

int kvm_io_bus_register_dev(struct kvm *kvm, enum kvm_bus bus_idx, gpa_t addr,
			    int len, struct kvm_io_device *dev)
{
	struct kvm_sim_iodev *d;

	if (bus_idx != KVM_MMIO_BUS)
		return -EINVAL;
	if (kvm->sim_nr_iodevs >= KVM_SIM_MAX_IODEVS)
		return -ENOSPC;
	d = &kvm->sim_iodevs[kvm->sim_nr_iodevs++];
	d->addr = addr;
	d->len = len;
	d->dev = dev;
	return 0;
}

int kvm_io_bus_unregister_dev(struct kvm *kvm, enum kvm_bus bus_idx,
			      struct kvm_io_device *dev)
{
	int i;

	if (bus_idx != KVM_MMIO_BUS)
		return -EINVAL;
	for (i = 0; i < kvm->sim_nr_iodevs; i++) {
		if (kvm->sim_iodevs[i].dev != dev)
			continue;
		kvm->sim_iodevs[i] = kvm->sim_iodevs[--kvm->sim_nr_iodevs];
		return 0;
	}
	return -ENOENT;
}

static struct kvm_sim_iodev *kvm_sim_iodev_at(struct kvm *kvm, gpa_t addr,
					      int len)
{
	int i;

	for (i = 0; i < kvm->sim_nr_iodevs; i++) {
		struct kvm_sim_iodev *d = &kvm->sim_iodevs[i];

		if (addr >= d->addr && addr + len <= d->addr + d->len)
			return d;
	}
	return NULL;
}

/* Context: the caller is in a kvm->srcu read-side section. */
struct kvm_io_device *kvm_io_bus_get_dev(struct kvm *kvm, enum kvm_bus bus_idx,
					 gpa_t addr)
{
	struct kvm_sim_iodev *d;

	if (bus_idx != KVM_MMIO_BUS)
		return NULL;
	d = kvm_sim_iodev_at(kvm, addr, 1);
	return d ? d->dev : NULL;
}

/* Return: 0 when a device took the access, else -EOPNOTSUPP. */
int kvm_io_bus_write(struct kvm_vcpu *vcpu, enum kvm_bus bus_idx, gpa_t addr,
		     int len, const void *val)
{
	struct kvm_sim_iodev *d;

	if (bus_idx != KVM_MMIO_BUS)
		return -EOPNOTSUPP;
	d = kvm_sim_iodev_at(vcpu->kvm, addr, len);
	if (!d)
		return -EOPNOTSUPP;
	return kvm_iodevice_write(vcpu, d->dev, addr, len, val);
}

int kvm_io_bus_read(struct kvm_vcpu *vcpu, enum kvm_bus bus_idx, gpa_t addr,
		    int len, void *val)
{
	struct kvm_sim_iodev *d;

	if (bus_idx != KVM_MMIO_BUS)
		return -EOPNOTSUPP;
	d = kvm_sim_iodev_at(vcpu->kvm, addr, len);
	if (!d)
		return -EOPNOTSUPP;
	return kvm_iodevice_read(vcpu, d->dev, addr, len, val);
}

/* arm64 mmio.c: guest data in memory order (little-endian guests). */
unsigned long kvm_mmio_read_buf(const void *buf, unsigned int len)
{
	unsigned long data = 0;

	memcpy(&data, buf, len < sizeof(data) ? len : sizeof(data));
	return data;
}

void kvm_mmio_write_buf(void *buf, unsigned int len, unsigned long data)
{
	memcpy(buf, &data, len < sizeof(data) ? len : sizeof(data));
}

/* Guest memory */

/* A 40-bit IPA space: the ITTs sit above 4 GiB. */
u64 kvm_phys_size(const void *mmu_or_kvm)
{
	(void)mmu_or_kvm;
	return 1ULL << 40;
}

u64 kvm_phys_mask(const void *mmu_or_kvm)
{
	return kvm_phys_size(mmu_or_kvm) - 1;
}

bool kvm_is_visible_gfn(struct kvm *kvm, gfn_t gfn)
{
	return gfn < (kvm_phys_size(&kvm->arch.mmu) >> PAGE_SHIFT);
}

int kvm_read_guest(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len)
{
	return kvm_sim_guest_read(&kvm->guest_mem, gpa, data, len);
}

int kvm_read_guest_lock(struct kvm *kvm, gpa_t gpa, void *data,
			unsigned long len)
{
	int ret = kvm_sim_guest_read(&kvm->guest_mem, gpa, data, len);

	/* The tree's command loop fetching a command: name it for reports. */
	sim_tree_note_guest_read(kvm, gpa, data, len);
	return ret;
}

int kvm_write_guest_lock(struct kvm *kvm, gpa_t gpa, const void *data,
			 unsigned long len)
{
	return kvm_sim_guest_write(&kvm->guest_mem, gpa, data, len);
}

/* Teardown */

static void kvm_destroy_devices(struct kvm *kvm)
{
	struct kvm_device *dev, *tmp;

	/* The last reference is gone: plain list_del, no kvm->lock. */
	list_for_each_entry_safe(dev, tmp, &kvm->devices, vm_node) {
		list_del(&dev->vm_node);
		dev->ops->destroy(dev);
	}
}

/*
 * kvm_destroy_vm (kvm_main.c) with arm64's kvm_arch_destroy_vm: the vGIC
 * (kvm_vgic_destroy, which also tears down each vCPU's vGIC state), the
 * vCPUs, then the devices, then the VM.
 * Context: no vCPU thread, irqfd or MMIO access remains.
 */
void kvm_destroy_vm(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_vgic_destroy(kvm);
	kvm_for_each_vcpu(i, vcpu, kvm) {
		/* Unpublished before the free: no hook walks a freed vCPU. */
		kvm->vcpus[i] = NULL;
		kfree(vcpu);
	}
	kvm->online_vcpus.counter = 0;
	kvm_destroy_devices(kvm);
	cleanup_srcu_struct(&kvm->srcu);
	kfree(kvm);
}

/*
 * IRQ routing: vgic_init() installs the default GSI -> SPI routes. The
 * scenarios inject MSIs only, and the harness builds each MSI's routing
 * entry itself (as kvm_send_userspace_msi does), so no one reads the
 * table: accepted and dropped.
 */
int kvm_set_irq_routing(struct kvm *kvm,
			const struct kvm_irq_routing_entry *entries,
			unsigned int nr, unsigned int flags)
{
	(void)kvm;
	(void)entries;
	(void)nr;
	(void)flags;
	return 0;
}

void kvm_notify_acked_irq(struct kvm *kvm, unsigned irqchip, unsigned pin)
{
	(void)kvm;
	(void)irqchip;
	(void)pin;
	tree_stop();
}

/* Debugfs: no files here (kvm_vgic_map_resources and teardown call these). */
void vgic_debug_init(struct kvm *kvm)
{
	(void)kvm;
}

void vgic_debug_destroy(struct kvm *kvm)
{
	(void)kvm;
}

/*
 * Stops: hardware, host interrupts, GICv2, GICv4. The host's GIC has no
 * GICv4 here (kvm_vgic_global_state.has_gicv4 is false), no interrupt is
 * hardware-mapped, and no vCPU enters the guest, so none is reachable.
 */
void add_taint(unsigned int flag, int lockdep_ok) { (void)flag; (void)lockdep_ok; tree_stop(); }
bool cpus_have_final_cap(int cap) { (void)cap; tree_stop(); }
enum kvm_mode kvm_get_mode(void) { tree_stop(); }
u32 read_cpuid_id(void) { tree_stop(); }
bool is_midr_in_range_list(u32 midr, const struct midr_range *r) { (void)midr; (void)r; tree_stop(); }
int kstrtobool(const char *s, bool *res) { (void)s; (void)res; tree_stop(); }
int strtobool(const char *s, bool *res) { (void)s; (void)res; tree_stop(); }
bool cpus_have_const_cap(int cap) { (void)cap; tree_stop(); }
int cpuhp_setup_state(enum cpuhp_state st, const char *n, int (*up)(unsigned int), int (*down)(unsigned int)) { (void)st; (void)n; (void)up; (void)down; tree_stop(); }
u32 gic_read_sre(void) { tree_stop(); }
void gic_write_sre(u32 val) { (void)val; tree_stop(); }
bool has_vhe(void) { tree_stop(); }
void __vgic_v3_save_state(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_restore_state(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_activate_traps(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_deactivate_traps(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_save_vmcr_aprs(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_restore_vmcr_aprs(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_save_aprs(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_restore_aprs(struct vgic_v3_cpu_if *c) { (void)c; tree_stop(); }
void __vgic_v3_init_lrs(void) { tree_stop(); }
u64 __vgic_v3_get_gic_config(void) { tree_stop(); }
void __vgic_v3_write_vmcr(u32 vmcr) { (void)vmcr; tree_stop(); }
u64 __vgic_v3_read_vmcr(void) { tree_stop(); }

int irq_set_irqchip_state(unsigned int irq, enum irqchip_irq_state which, bool state) { (void)irq; (void)which; (void)state; tree_stop(); }
int irq_get_irqchip_state(unsigned int irq, enum irqchip_irq_state which, bool *state) { (void)irq; (void)which; (void)state; tree_stop(); }
struct irq_desc *irq_to_desc(unsigned int irq) { (void)irq; tree_stop(); }
bool irqd_irq_disabled(struct irq_data *d) { (void)d; tree_stop(); }
void enable_irq(unsigned int irq) { (void)irq; tree_stop(); }
void disable_irq_nosync(unsigned int irq) { (void)irq; tree_stop(); }
void enable_percpu_irq(unsigned int irq, unsigned int type) { (void)irq; (void)type; tree_stop(); }
void disable_percpu_irq(unsigned int irq) { (void)irq; tree_stop(); }
int request_percpu_irq(unsigned int irq, irqreturn_t (*h)(int, void *), const char *n, void *id) { (void)irq; (void)h; (void)n; (void)id; tree_stop(); }
void free_irq(unsigned int irq, void *dev_id) { (void)irq; (void)dev_id; tree_stop(); }
void free_percpu_irq(unsigned int irq, void *id) { (void)irq; (void)id; tree_stop(); }

bool gic_cpuif_has_vsgi(void) { tree_stop(); }
int its_get_vlpi(int irq, struct its_vlpi_map *map) { (void)irq; (void)map; tree_stop(); }
int its_invall_vpe(struct its_vpe *vpe) { (void)vpe; tree_stop(); }
int its_map_vlpi(int irq, struct its_vlpi_map *map) { (void)irq; (void)map; tree_stop(); }
int its_prop_update_vlpi(int irq, u8 config, bool inv) { (void)irq; (void)config; (void)inv; tree_stop(); }
int its_prop_update_vsgi(int irq, u8 priority, bool group) { (void)irq; (void)priority; (void)group; tree_stop(); }
int its_unmap_vlpi(int irq) { (void)irq; tree_stop(); }

void vgic_v2_clear_lr(struct kvm_vcpu *vcpu, int lr) { (void)vcpu; (void)lr; tree_stop(); }
int vgic_v2_cpuif_uaccess(struct kvm_vcpu *vcpu, bool w, int off, u32 *val) { (void)vcpu; (void)w; (void)off; (void)val; tree_stop(); }
int vgic_v2_dist_uaccess(struct kvm_vcpu *vcpu, bool w, int off, u32 *val) { (void)vcpu; (void)w; (void)off; (void)val; tree_stop(); }
void vgic_v2_enable(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v2_fold_lr_state(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v2_get_vmcr(struct kvm_vcpu *vcpu, struct vgic_vmcr *vmcr) { (void)vcpu; (void)vmcr; tree_stop(); }
int vgic_v2_has_attr_regs(struct kvm_device *dev, struct kvm_device_attr *attr) { (void)dev; (void)attr; tree_stop(); }
unsigned int vgic_v2_init_dist_iodev(struct vgic_io_device *dev) { (void)dev; tree_stop(); }
void vgic_v2_init_lrs(void) { tree_stop(); }
void vgic_v2_load(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
int vgic_v2_map_resources(struct kvm *kvm) { (void)kvm; tree_stop(); }
void vgic_v2_populate_lr(struct kvm_vcpu *vcpu, struct vgic_irq *irq, int lr) { (void)vcpu; (void)irq; (void)lr; tree_stop(); }
int vgic_v2_probe(const struct gic_kvm_info *info) { (void)info; tree_stop(); }
void vgic_v2_put(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v2_restore_state(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v2_save_state(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v2_set_underflow(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v2_set_vmcr(struct kvm_vcpu *vcpu, struct vgic_vmcr *vmcr) { (void)vcpu; (void)vmcr; tree_stop(); }
void vgic_v2_vmcr_sync(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }	/* 6.1 */
int vgic_v3_cpu_sysregs_uaccess(struct kvm_vcpu *vcpu, struct kvm_device_attr *attr, bool w) { (void)vcpu; (void)attr; (void)w; tree_stop(); }
int vgic_v3_has_cpu_sysregs_attr(struct kvm_vcpu *vcpu, struct kvm_device_attr *attr) { (void)vcpu; (void)attr; tree_stop(); }
void vgic_v4_commit(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
void vgic_v4_configure_vsgis(struct kvm *kvm) { (void)kvm; tree_stop(); }
void vgic_v4_get_vlpi_state(struct vgic_irq *irq, bool *val) { (void)irq; (void)val; tree_stop(); }
/* vgic-v4.c returns at once without a GICv4 host (vgic_its_create calls it). */
int vgic_v4_init(struct kvm *kvm)
{
	(void)kvm;
	if (kvm_vgic_global_state.has_gicv4)
		tree_stop();
	return 0;
}
int vgic_v4_load(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
int vgic_v4_put(struct kvm_vcpu *vcpu) { (void)vcpu; tree_stop(); }
int vgic_v4_request_vpe_irq(struct kvm_vcpu *vcpu, int irq) { (void)vcpu; (void)irq; tree_stop(); }
void vgic_v4_teardown(struct kvm *kvm) { (void)kvm; tree_stop(); }

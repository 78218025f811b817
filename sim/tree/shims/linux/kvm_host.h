/* SPDX-License-Identifier: MIT */
/*
 * The KVM core as a kernel tree's vgic files see it: struct kvm, struct
 * kvm_vcpu, struct kvm_device and its ops, the MMIO bus, vCPU lookup and
 * iteration, requests, and arm64's struct kvm_arch / kvm_vcpu_arch, as far
 * as arch/arm64/kvm/vgic/ uses them. It plays the part that
 * tools/testing/vma's vma_internal.h plays for mm/vma.c: one header in
 * place of the kernel's include chains (asm goto, per-CPU data, static
 * keys never reach the compiler).
 *
 * The bodies live in sim/tree/glue.c. Written for this project from the
 * interfaces the vgic files call; field names follow the kernel's where
 * the vgic files touch them.
 *
 * Inert parts (no visible operation), as in the built-in model:
 * - the vCPU array: vCPUs are created while the initial state is built
 *   and freed at VM teardown only, when no other actor runs;
 * - the MMIO bus: devices are registered while the initial state is
 *   built; lookups in invisible code read a table nothing changes later;
 * - guest memory: the guest owns it; races on it are not modelled.
 */
#ifndef __KVM_HOST_H
#define __KVM_HOST_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/rculist.h>
#include <linux/srcu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/lockdep.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <asm/cputype.h>
#include <asm/sysreg.h>
#include <linux/kvm.h>
#include <linux/kvm_types.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <kvm/iodev.h>
#include <kvm/arm_vgic.h>

#define KVM_MAX_VCPUS		64	/* the simulator's bound (arm64: 512) */
#define KVM_SIM_MAX_IODEVS	(2 + KVM_MAX_VCPUS + 8)

enum kvm_bus {
	KVM_MMIO_BUS,
	KVM_PIO_BUS,
	KVM_VIRTIO_CCW_NOTIFY_BUS,
	KVM_FAST_MMIO_BUS,
	KVM_NR_BUSES
};

struct kvm_sim_iodev {
	gpa_t addr;
	int len;
	struct kvm_io_device *dev;
};

/* Guest memory (<kvm/itsim-guest-mem.h>): 64 lines of 256 bytes, for the
 * ITS tables, command queues and ITTs the guest sets up. */
#define KVM_SIM_GUEST_LINE	256
#define KVM_SIM_GUEST_LINES	64
#include <kvm/itsim-guest-mem.h>

struct kvm_device;
struct kvm_device_attr;

struct kvm_device_ops {
	const char *name;
	int (*create)(struct kvm_device *dev, u32 type);
	void (*init)(struct kvm_device *dev);
	void (*destroy)(struct kvm_device *dev);
	void (*release)(struct kvm_device *dev);
	int (*set_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	int (*get_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	int (*has_attr)(struct kvm_device *dev, struct kvm_device_attr *attr);
	long (*ioctl)(struct kvm_device *dev, unsigned int ioctl,
		      unsigned long arg);
	int (*mmap)(struct kvm_device *dev, void *vma);
};

struct kvm_device {
	const struct kvm_device_ops *ops;
	struct kvm *kvm;
	void *private;
	struct list_head vm_node;
};

struct kvm_s2_mmu {
	int unused;
};

struct kvm_arch {
	struct mutex config_lock;
	struct kvm_s2_mmu mmu;
	struct vgic_dist vgic;
};

struct kvm_vcpu_arch {
	struct vgic_cpu vgic_cpu;
	u64 hcr_el2;
	bool pause;
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	int vcpu_idx;
	struct mutex mutex;
	bool sim_has_run;	/* glue: a KVM_RUN has started */
	u64 sim_mpidr;		/* MPIDR_EL1 as the VMM left it */
	struct kvm_vcpu_arch arch;
};

struct kvm {
	struct mutex lock;
	struct mutex slots_lock;
	struct srcu_struct srcu;
	struct list_head devices;
	atomic_t online_vcpus;
	int created_vcpus;
	int max_vcpus;
	struct kvm_vcpu *vcpus[KVM_MAX_VCPUS];	/* inert, see the top */
	struct kvm_arch arch;
	/* glue: the MMIO bus, inert */
	int sim_nr_iodevs;
	struct kvm_sim_iodev sim_iodevs[KVM_SIM_MAX_IODEVS];
	/* glue: guest memory, inert */
	struct kvm_sim_guest_mem guest_mem;
	/* harness: the vCPU each actor runs as (kvm_get_running_vcpu) */
	struct kvm_vcpu *sim_running[64];
	/* harness: GICR_CTLR.EnableLPIs each vCPU's guest wants at setup */
	u64 sim_lpis_wanted;
	/* harness: per ITS (by frame index), the scenario's name and the
	 * guest's own copy of its command queue write pointer */
	unsigned int sim_nr_its;
	char sim_its_name[8][16];
	u32 sim_guest_cwriter[8];
};

#include <kvm/itsim-vcpus.h>

static inline struct kvm_vcpu *kvm_get_vcpu_by_id(struct kvm *kvm, int id)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	if (id < 0)
		return NULL;
	kvm_for_each_vcpu(i, vcpu, kvm)
		if (vcpu->vcpu_id == id)
			return vcpu;
	return NULL;
}

#define vcpu_has_run_once(vcpu)	((vcpu)->sim_has_run)

/* Requests and kicks: no vCPU is ever in guest mode here; see glue.c. */
#define KVM_REQ_SLEEP		0
#define KVM_REQ_IRQ_PENDING	1
#define KVM_REQ_VM_DEAD		2
#define KVM_REQ_RELOAD_GICv4	3
#define KVM_REQ_GUEST_HYP_IRQ_PENDING 4
void kvm_make_request(int req, struct kvm_vcpu *vcpu);
bool kvm_make_all_cpus_request(struct kvm *kvm, unsigned int req);
void kvm_vcpu_kick(struct kvm_vcpu *vcpu);
void kvm_arm_halt_guest(struct kvm *kvm);
void kvm_arm_resume_guest(struct kvm *kvm);
void kvm_vm_dead(struct kvm *kvm);

/* The vCPU the calling actor runs as (KVM_RUN's per-CPU pointer). */
struct kvm_vcpu *kvm_get_running_vcpu(void);
struct kvm_vcpu *kvm_mpidr_to_vcpu(struct kvm *kvm, unsigned long mpidr);
static inline unsigned long kvm_vcpu_get_mpidr_aff(struct kvm_vcpu *vcpu)
{
	return vcpu->sim_mpidr & MPIDR_HWID_BITMASK;
}

/* arm64 arm.c (6.12): trylock every vCPU mutex; false if any is held. */
bool lock_all_vcpus(struct kvm *kvm);
void unlock_all_vcpus(struct kvm *kvm);

/* The MMIO bus (kvm_main.c) */
int kvm_io_bus_register_dev(struct kvm *kvm, enum kvm_bus bus_idx, gpa_t addr,
			    int len, struct kvm_io_device *dev);
int kvm_io_bus_unregister_dev(struct kvm *kvm, enum kvm_bus bus_idx,
			      struct kvm_io_device *dev);
struct kvm_io_device *kvm_io_bus_get_dev(struct kvm *kvm, enum kvm_bus bus_idx,
					 gpa_t addr);
int kvm_io_bus_write(struct kvm_vcpu *vcpu, enum kvm_bus bus_idx, gpa_t addr,
		     int len, const void *val);
int kvm_io_bus_read(struct kvm_vcpu *vcpu, enum kvm_bus bus_idx, gpa_t addr,
		    int len, void *val);

/* Guest memory */
int kvm_read_guest(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len);
int kvm_read_guest_lock(struct kvm *kvm, gpa_t gpa, void *data,
			unsigned long len);
/* The harness's look at what the tree's code reads (a fetched command). */
void sim_tree_note_guest_read(struct kvm *kvm, gpa_t gpa, const void *data,
			      unsigned long len);
int kvm_write_guest_lock(struct kvm *kvm, gpa_t gpa, const void *data,
			 unsigned long len);
bool kvm_is_visible_gfn(struct kvm *kvm, gfn_t gfn);
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define gpa_to_gfn(gpa)	((gfn_t)((gpa) >> PAGE_SHIFT))
/* The IPA space: 6.12 asks the stage-2 MMU (&kvm->arch.mmu), 6.1 the VM. */
u64 kvm_phys_size(const void *mmu_or_kvm);
u64 kvm_phys_mask(const void *mmu_or_kvm);

/* Devices */
int kvm_register_device_ops(const struct kvm_device_ops *ops, u32 type);
void kvm_unregister_device_ops(u32 type);
extern struct kvm_device_ops kvm_arm_vgic_v2_ops;
extern struct kvm_device_ops kvm_arm_vgic_v3_ops;

/* IRQ routing (vgic-irqfd.c) */
struct kvm_kernel_irq_routing_entry {
	u32 gsi;
	u32 type;
	int (*set)(struct kvm_kernel_irq_routing_entry *e, struct kvm *kvm,
		   int irq_source_id, int level, bool line_status);
	union {
		struct {
			unsigned irqchip;
			unsigned pin;
		} irqchip;
		struct {
			u32 address_lo;
			u32 address_hi;
			u32 data;
			u32 flags;
			u32 devid;
		} msi;
	};
};
#define KVM_NR_IRQCHIPS 1
int kvm_set_irq_routing(struct kvm *kvm,
			const struct kvm_irq_routing_entry *entries,
			unsigned int nr, unsigned int flags);
void kvm_notify_acked_irq(struct kvm *kvm, unsigned irqchip, unsigned pin);
int kvm_arch_set_irq_inatomic(struct kvm_kernel_irq_routing_entry *e,
			      struct kvm *kvm, int irq_source_id, int level,
			      bool line_status);
int kvm_set_msi(struct kvm_kernel_irq_routing_entry *irq_entry,
		struct kvm *kvm, int irq_source_id, int level,
		bool line_status);

/* Logging: formatted to nowhere (the checkers report what matters). */
#define kvm_debug(fmt, ...)	no_printk(fmt, ##__VA_ARGS__)
#define kvm_info(fmt, ...)	no_printk(fmt, ##__VA_ARGS__)
#define kvm_err(fmt, ...)	no_printk(fmt, ##__VA_ARGS__)

/*
 * arm64 features of the VM: only the GIC field is ever asked (vgic.h's
 * kvm_has_gicv3()); anything else stops the run (glue.c).
 */
bool kvm_sim_has_feat(struct kvm *kvm, const char *reg, const char *field,
		      const char *limit);
#define kvm_has_feat(kvm, reg, field, limit) \
	kvm_sim_has_feat(kvm, #reg, #field, #limit)

/*
 * Hardware: the host's GIC CPU interface, list registers and the world
 * switch. No scenario enters or leaves the guest, so each of these stops
 * the run with its name (glue.c).
 */
struct vgic_v3_cpu_if;
bool has_vhe(void);
void __vgic_v3_save_state(struct vgic_v3_cpu_if *cpu_if);
void __vgic_v3_restore_state(struct vgic_v3_cpu_if *cpu_if);
void __vgic_v3_activate_traps(struct vgic_v3_cpu_if *cpu_if);
void __vgic_v3_deactivate_traps(struct vgic_v3_cpu_if *cpu_if);

void __vgic_v3_init_lrs(void);
u64 __vgic_v3_get_gic_config(void);
void __vgic_v3_write_vmcr(u32 vmcr);
u64 __vgic_v3_read_vmcr(void);
void __vgic_v3_save_vmcr_aprs(struct vgic_v3_cpu_if *cpu_if);
void __vgic_v3_restore_vmcr_aprs(struct vgic_v3_cpu_if *cpu_if);
void __vgic_v3_save_aprs(struct vgic_v3_cpu_if *cpu_if);	/* 6.1 */
void __vgic_v3_restore_aprs(struct vgic_v3_cpu_if *cpu_if);	/* 6.1 */
/* kvm_call_hyp(f, ...): only the hardware functions above are called. */
#define kvm_call_hyp(f, ...) f(__VA_ARGS__)
#define kvm_call_hyp_ret(f, ...) f(__VA_ARGS__)
struct kvm_vcpu * __percpu *kvm_get_running_vcpus(void);
#define TAINT_CPU_OUT_OF_SPEC	2
#define LOCKDEP_STILL_OK	1
void add_taint(unsigned int flag, int lockdep_ok);

/* arm64 mmio.c: the data of an MMIO access as the guest laid it out. */
unsigned long kvm_mmio_read_buf(const void *buf, unsigned int len);
void kvm_mmio_write_buf(void *buf, unsigned int len, unsigned long data);

/* Host init (kvm_vgic_hyp_init and the probes): never run here. */
enum kvm_mode { KVM_MODE_DEFAULT, KVM_MODE_PROTECTED, KVM_MODE_NV, KVM_MODE_NONE };
enum kvm_mode kvm_get_mode(void);
#define ARM64_WORKAROUND_CAVIUM_30115	0
bool cpus_have_final_cap(int cap);
bool cpus_have_const_cap(int cap);	/* 6.1 */
#define FW_BUG			"[Firmware Bug]: "
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define early_param(str, fn)
int kstrtobool(const char *s, bool *res);
int strtobool(const char *s, bool *res);	/* 6.1 */
void free_irq(unsigned int irq, void *dev_id);
void free_percpu_irq(unsigned int irq, void *percpu_dev_id);	/* 6.1 */

/* glue.c: the generic ioctls the harness drives (kvm_main.c's roles). */
struct kvm *kvm_create_vm(void);
struct kvm_vcpu *kvm_vm_ioctl_create_vcpu(struct kvm *kvm, int id);
int kvm_ioctl_create_device(struct kvm *kvm, u32 type,
			    struct kvm_device **devp);
void kvm_destroy_vm(struct kvm *kvm);
const struct kvm_device_ops *kvm_sim_device_ops(u32 type);
/* The calling actor runs as @vcpu (NULL: not a vCPU thread). */
void kvm_sim_set_running_vcpu(struct kvm *kvm, struct kvm_vcpu *vcpu);
/* The engine's (<sim/engine.h>): the calling actor's id, or -1. */
int sim_current_actor(void);
void sim_set_model_ctx(void *ctx);
void *sim_model_ctx(void);
/* The engine's BUG(): a "bug" finding that ends the execution. */
_Noreturn void sim_bug(const char *what, const struct sim_site *site);

#endif /* __KVM_HOST_H */

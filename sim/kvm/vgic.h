/* SPDX-License-Identifier: MIT */
/*
 * The model's internal interface, after arch/arm64/kvm/vgic/vgic.h.
 *
 * Differences from upstream, all for the simulator:
 * - struct its_device, its_collection and its_ite live here rather than in
 *   vgic-its.c, so that entry.c's checker hooks can walk them; each has a
 *   model-only back pointer that names the object in reports (and lets
 *   its_free_ite() and vgic_its_alloc_ite() assert their ITS's its_lock).
 * - a few statics of vgic-its.c and vgic.c are declared here: the MMIO
 *   handlers (upstream reached through the its_registers[] table),
 *   vgic_its_handle_command() (the setup builds its initial state through
 *   it), the replaceable functions (variants/) and the helpers their
 *   bodies call (__vgic_put_irq, vgic_release_lpi_locked,
 *   vgic_its_cache_key, __vgic_doorbell_to_its).
 */
#ifndef SIM_KVM_VGIC_H
#define SIM_KVM_VGIC_H

#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/types.h>
#include <kvm/arm_vgic.h>
#include <linux/sprintf.h>
#include <kvm/itsim-report.h>

#define BITS_PER_BYTE			8

#define INTERRUPT_ID_BITS_ITS		16

#define LPI_PROP_ENABLE_BIT(p)		((p) & LPI_PROP_ENABLED)
#define LPI_PROP_PRIORITY(p)		((p) & 0xfc)

#define VITS_TYPER_IDBITS		16
#define VITS_MAX_EVENTID		(BIT(VITS_TYPER_IDBITS) - 1)
#define VITS_TYPER_DEVBITS		16
#define VITS_MAX_DEVID			(BIT(VITS_TYPER_DEVBITS) - 1)

/* ITS table entry layouts, ABI revision 0 (guest memory, host order) */
#define KVM_ITS_CTE_VALID_SHIFT		63
#define KVM_ITS_CTE_VALID_MASK		BIT_ULL(63)
#define KVM_ITS_CTE_RDBASE_SHIFT	16
#define KVM_ITS_CTE_ICID_MASK		GENMASK_ULL(15, 0)
#define KVM_ITS_ITE_NEXT_SHIFT		48
#define KVM_ITS_ITE_PINTID_SHIFT	16
#define KVM_ITS_ITE_PINTID_MASK		GENMASK_ULL(47, 16)
#define KVM_ITS_ITE_ICID_MASK		GENMASK_ULL(15, 0)
#define KVM_ITS_DTE_VALID_SHIFT		63
#define KVM_ITS_DTE_VALID_MASK		BIT_ULL(63)
#define KVM_ITS_DTE_NEXT_SHIFT		49
#define KVM_ITS_DTE_NEXT_MASK		GENMASK_ULL(62, 49)
#define KVM_ITS_DTE_ITTADDR_SHIFT	5
#define KVM_ITS_DTE_ITTADDR_MASK	GENMASK_ULL(48, 5)
#define KVM_ITS_DTE_SIZE_MASK		GENMASK_ULL(4, 0)

#define ITS_CMD_SIZE			32
#define ITS_CMD_BUFFER_SIZE(baser)	((((baser) & 0xff) + 1) << 12)
#define ITS_CMD_OFFSET(reg)		((reg) & GENMASK(19, 5))

/*
 * The ITS's view of the guest's device, collection and interrupt
 * translation tables; all protected by its->its_lock.
 */
struct its_device {
	struct list_head dev_list;

	/* this device's ITEs (its_ite.ite_list) */
	struct list_head itt_head;
	u32 num_eventid_bits;
	gpa_t itt_addr;
	u32 device_id;

	struct vgic_its *sim_its;	/* model only: reports, lockdep */
};

#define COLLECTION_NOT_MAPPED ((u32)~0)

struct its_collection {
	struct list_head coll_list;

	u32 collection_id;
	u32 target_addr;

	struct vgic_its *sim_its;	/* model only: for reports */
};

#define its_is_collection_mapped(coll) ((coll) && \
				((coll)->target_addr != COLLECTION_NOT_MAPPED))

struct its_ite {
	struct list_head ite_list;

	struct vgic_irq *irq;		/* owns one reference */
	struct its_collection *collection;
	u32 event_id;

	struct its_device *sim_device;	/* model only: reports, lockdep */
};

extern const struct kvm_device_ops kvm_arm_vgic_its_ops;

static inline int vgic_write_guest_lock(struct kvm *kvm, gpa_t gpa,
					const void *data, unsigned long len)
{
	return kvm_write_guest_lock(kvm, gpa, data, len);
}

/* vgic.c */
struct vgic_irq *vgic_get_irq(struct kvm *kvm, u32 intid);
/*
 * vgic_put_irq()'s helpers: the decrement (true: the last reference is
 * gone) and the release the caller does under lpi_xa's lock.
 */
bool __vgic_put_irq(struct kvm *kvm, struct vgic_irq *irq);
void vgic_release_lpi_locked(struct vgic_dist *dist, struct vgic_irq *irq);
bool vgic_queue_irq_unlock(struct kvm *kvm, struct vgic_irq *irq,
			   unsigned long flags);
void vgic_flush_pending_lpis(struct kvm_vcpu *vcpu);
int vgic_v3_lpi_sync_pending_status(struct kvm *kvm, struct vgic_irq *irq);

/*
 * Try-get: fails on NULL and on an LPI whose count already reached zero
 * (still visible in an xarray until its releaser erases it).
 */
static inline bool vgic_try_get_irq_ref(struct vgic_irq *irq)
{
	if (!irq)
		return false;

	if (irq->intid < VGIC_MIN_LPI)
		return true;

	return refcount_inc_not_zero(&irq->refcount);
}

/*
 * Unconditional get: legal only while the caller already owns a reference
 * (refcount_t warns on an increment from zero).
 */
static inline void vgic_get_irq_ref(struct vgic_irq *irq)
{
	if (irq->intid < VGIC_MIN_LPI)
		return;

	refcount_inc(&irq->refcount);
}

/* vgic-init.c parts, in vgic.c */
void kvm_vgic_early_init(struct kvm *kvm);
int kvm_vgic_create(struct kvm *kvm, u32 type);
int kvm_vgic_vcpu_init(struct kvm_vcpu *vcpu);
void kvm_vgic_destroy(struct kvm *kvm);

/* vgic-mmio-v3.c */
bool vgic_has_its(struct kvm *kvm);
bool vgic_lpis_enabled(struct kvm_vcpu *vcpu);
u64 update_64bit_reg(u64 reg, unsigned int offset, unsigned int len,
		     unsigned long val);

/* vgic-kvm-device.c */
int vgic_v3_attr_regs_access(struct kvm *kvm, struct kvm_device_attr *attr);

/* vgic-its.c */
void vgic_enable_lpis(struct kvm_vcpu *vcpu);
int vgic_its_inject_msi(struct kvm *kvm, struct kvm_msi *msi);
int vgic_its_resolve_lpi(struct kvm *kvm, struct vgic_its *its,
			 u32 devid, u32 eventid, struct vgic_irq **irq);
/* The ITS whose doorbell is @db, or ERR_PTR(-EINVAL). */
struct vgic_its *__vgic_doorbell_to_its(struct kvm *kvm, gpa_t db);
/* The translation cache's index for (@devid, @eventid). */
unsigned long vgic_its_cache_key(u32 devid, u32 eventid);
void vgic_its_process_commands(struct kvm *kvm, struct vgic_its *its);
int vgic_its_handle_command(struct kvm *kvm, struct vgic_its *its,
			    u64 *its_cmd);
void vgic_mmio_write_its_cwriter(struct kvm *kvm, struct vgic_its *its,
				 gpa_t addr, unsigned int len,
				 unsigned long val);
void vgic_mmio_write_its_cbaser(struct kvm *kvm, struct vgic_its *its,
				gpa_t addr, unsigned int len,
				unsigned long val);
void vgic_mmio_write_its_baser(struct kvm *kvm, struct vgic_its *its,
			       gpa_t addr, unsigned int len,
			       unsigned long val);

/*
 * Replaceable per patch variant (variants/): these dispatch to the
 * selected variant's implementation. Upstream's bodies are in
 * variants/v0.c.
 */
/* from vgic-its.c */
struct vgic_irq *vgic_its_check_cache(struct kvm *kvm, phys_addr_t db,
				      u32 devid, u32 eventid);
void vgic_its_cache_translation(struct kvm *kvm, struct vgic_its *its,
				u32 devid, u32 eventid, struct vgic_irq *irq);
void vgic_its_invalidate_cache(struct vgic_its *its);
void vgic_its_invalidate_all_caches(struct kvm *kvm);
void vgic_mmio_write_its_ctlr(struct kvm *kvm, struct vgic_its *its,
			      gpa_t addr, unsigned int len,
			      unsigned long val);
int vgic_its_inject_cached_translation(struct kvm *kvm, struct kvm_msi *msi);
/* from vgic-mmio-v3.c */
void vgic_mmio_write_v3r_ctlr(struct kvm_vcpu *vcpu, gpa_t addr,
			      unsigned int len, unsigned long val);
/* from vgic.c */
void vgic_put_irq(struct kvm *kvm, struct vgic_irq *irq);

/* Variant registry (variants/variants.c) */
struct vgic_variant;
int vgic_variant_count(void);
const char *vgic_variant_name(int i);
const char *vgic_variant_summary(int i);
int vgic_variant_lookup(const char *name);
int vgic_variant_register(const struct vgic_variant *v, char *err,
			  size_t errlen);
void vgic_variant_select(int i);

/* kvm.c */
struct kvm *kvm_create_vm(void);
struct kvm_vcpu *kvm_vm_ioctl_create_vcpu(struct kvm *kvm, int id);
int kvm_ioctl_create_device(struct kvm *kvm,
			    const struct kvm_device_ops *ops, u32 type,
			    struct kvm_device **devp);
void kvm_destroy_vm(struct kvm *kvm);

#endif /* SIM_KVM_VGIC_H */

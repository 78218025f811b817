/* SPDX-License-Identifier: MIT */
/*
 * The vGIC state the model needs, after include/kvm/arm_vgic.h (6.17-era:
 * refcount_t LPI refcounts with deferred release). Only the fields the
 * modelled paths touch are kept; GICv2, SPIs, PPIs and GICv4 are not
 * modelled. Declared shim: no visible operations.
 */
#ifndef __KVM_ARM_VGIC_H
#define __KVM_ARM_VGIC_H

#include <linux/irqchip/arm-gic-v3.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

#define VGIC_MIN_LPI		8192

/* Not a valid guest physical address (unset frame base). */
#define VGIC_ADDR_UNDEF		(-1)
#define IS_VGIC_ADDR_UNDEF(_x)	((_x) == (gpa_t)VGIC_ADDR_UNDEF)

struct kvm;
struct kvm_vcpu;
struct kvm_device;

enum vgic_irq_config {
	VGIC_CONFIG_EDGE = 0,
	VGIC_CONFIG_LEVEL
};

/*
 * An interrupt. For LPIs the object is refcounted: one reference per ITE
 * mapping it, one per translation-cache slot pointing at it, one while it
 * is queued on an ap_list, plus transient lookup references.
 */
struct vgic_irq {
	/* guards the delivery state: vcpu, target_vcpu and the flags */
	raw_spinlock_t irq_lock;
	struct rcu_head rcu;
	struct list_head ap_list;

	/* the vCPU whose ap_list holds it, NULL while not queued */
	struct kvm_vcpu *vcpu;
	/* where it is delivered: the vCPU of the ITE's collection */
	struct kvm_vcpu *target_vcpu;

	u32 intid;			/* as the guest numbers it */
	/* count hit zero under ap_list_lock; lpi_xa erase still to do */
	bool pending_release;
	/* pending state of an edge-triggered interrupt (every LPI) */
	bool pending_latch;
	bool active;
	bool enabled;
	bool hw;			/* GICv4 forwarded; never set here */
	refcount_t refcount;		/* LPIs only */
	unsigned int host_irq;		/* host IRQ behind a forwarded one */
	u8 priority;
	u8 group;			/* interrupt group, 0 or 1 */
	enum vgic_irq_config config;	/* edge (every LPI) or level */
};

/*
 * A virtual ITS. Its device and collection lists (and so every ITE) are
 * protected by its_lock; the command queue registers by cmd_lock.
 */
struct vgic_its {
	/* guest physical address of the ITS control frame */
	gpa_t			vgic_its_base;

	bool			enabled;
	struct kvm_device	*dev;

	/* GITS_BASER0 (device table), GITS_BASER1 (collection table) */
	u64			baser_device_table;
	u64			baser_coll_table;

	/* serialises command processing; covers the three fields below */
	struct mutex		cmd_lock;
	u64			cbaser;
	u32			creadr;
	u32			cwriter;

	/* table entry layout version (only version 0 here) */
	u32			abi_rev;

	/* covers both lists and every ITE hanging off them */
	struct mutex		its_lock;
	struct list_head	device_list;
	struct list_head	collection_list;

	/*
	 * (DeviceID << 16 | EventID) -> vgic_irq, filled on successful
	 * translations. Every slot owns one reference on its LPI.
	 */
	struct xarray		translation_cache;

	/* Model only: the name reports use ("its0"). */
	char			name[16];
	/*
	 * Model only: the guest driver's own copy of its write pointer into
	 * the command queue. A guest serialises its queue writes, so this is
	 * guest state, not device state; it is never read by the device.
	 */
	u32			sim_guest_cwriter;
};

struct vgic_dist {
	bool			initialized;

	/* KVM_DEV_TYPE_ARM_VGIC_V3: the only one modelled */
	u32			vgic_model;

	/* GICD_CTLR group enable: when clear, nothing is delivered */
	bool			enabled;

	/* set with the first ITS: every MSI must carry a DeviceID */
	bool			msis_require_devid;

	/* set once any ITS exists */
	bool			has_its;

	/*
	 * GICR_PROPBASER, kept once per VM: GICR_TYPER.CommonLPIAff reads
	 * 0b00, so every redistributor uses the same LPI property table
	 * (GICv3 spec, IHI 0069E, 6.1.1).
	 */
	u64			propbaser;

	/* INTID -> vgic_irq for every live LPI; its lock is taken IRQs off */
	struct xarray		lpi_xa;
};

#define vgic_initialized(k)	((k)->arch.vgic.initialized)

struct vgic_cpu {
	/*
	 * The interrupts queued on this vCPU ("ap": active or pending, or
	 * just stopped being either and not yet removed). Each entry holds
	 * a reference; ap_list_lock covers the list.
	 */
	raw_spinlock_t		ap_list_lock;
	struct list_head	ap_list_head;

	/* GICR_CTLR: 0, GICR_CTLR_ENABLE_LPIS, or GICR_CTLR_RWP (disabling) */
	atomic_t		ctlr;

	/* GICR_PENDBASER as the guest wrote it (PTZ included) */
	u64			pendbaser;
};

#endif /* __KVM_ARM_VGIC_H */

// SPDX-License-Identifier: MIT
/*
 * LPI lookup, reference counting and queueing, and the vGIC init/teardown
 * parts the model needs.
 *
 * Upstream function followed, per model function:
 *   vgic_get_lpi, vgic_get_irq          vgic.c, 6.17 (two-argument form,
 *                                       RCU + xa_load + try-get)
 *   __vgic_put_irq,                     vgic.c, 6.17 (generation B:
 *   vgic_put_irq_norelease,             refcount_t, deferred release;
 *   vgic_release_lpi_locked,            vgic_put_irq itself is replaceable
 *   vgic_release_deleted_lpis           per patch variant and lives in
 *                                       variants/v0.c)
 *   vgic_target_oracle                  vgic.c, 6.16
 *   vgic_queue_irq_unlock               vgic.c, 6.16 (vCPU kicks left out)
 *   vgic_flush_pending_lpis             vgic.c, 6.17
 *   vgic_v3_lpi_sync_pending_status     vgic-v3.c, 6.16
 *   kvm_vgic_early_init, kvm_vgic_create (fields only),
 *   kvm_vgic_vcpu_init (LPI parts), __kvm_vgic_vcpu_destroy,
 *   kvm_vgic_dist_destroy, kvm_vgic_destroy
 *                                       vgic-init.c, 6.16 (kvm->slots_lock
 *                                       in kvm_vgic_destroy is not
 *                                       modelled: memslots are not)
 * Only LPIs exist in the model: SGIs, PPIs and SPIs are not modelled.
 */
#include <linux/kernel.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>

#include "vgic.h"

/*
 * Lock ranks, outermost first:
 * kvm->lock (mutex)
 *   vcpu->mutex (mutex)
 *     kvm->arch.config_lock (mutex)
 *       its->cmd_lock (mutex)
 *         its->its_lock (mutex)
 *           kvm->arch.vgic.lpi_xa.xa_lock	spinlock, IRQs off
 *             vgic_cpu->ap_list_lock		raw spinlock, IRQs off
 *               vgic_irq->irq_lock		raw spinlock, IRQs off
 * and, separately:
 * kvm->slots_lock
 *   kvm->srcu
 *     kvm->arch.config_lock
 *
 * The three spinlocks are IRQ-safe because the host's timer interrupt can
 * take an ap_list_lock.
 *
 * Nest downwards only. A path holding a low-ranked lock that needs a
 * higher one releases the low one, takes the high one, retakes the low one
 * and rechecks whatever it read before (vgic_queue_irq_unlock does this).
 */

static struct vgic_irq *vgic_get_lpi(struct kvm *kvm, u32 intid)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	struct vgic_irq *irq = NULL;

	rcu_read_lock();

	irq = xa_load(&dist->lpi_xa, intid);
	if (!vgic_try_get_irq_ref(irq))
		irq = NULL;

	rcu_read_unlock();

	return irq;
}

/**
 * vgic_get_irq() - look up an interrupt by INTID
 * @kvm: the VM
 * @intid: the INTID
 *
 * Context: any; does not sleep.
 * Return: the interrupt with a new reference the caller must put, or NULL
 * if there is no live LPI with that INTID.
 */
struct vgic_irq *vgic_get_irq(struct kvm *kvm, u32 intid)
{
	/* Only LPIs are kept in lpi_xa */
	if (intid >= VGIC_MIN_LPI)
		return vgic_get_lpi(kvm, intid);

	/* SGIs, PPIs and SPIs are not modelled */
	return NULL;
}

void vgic_release_lpi_locked(struct vgic_dist *dist,
			     struct vgic_irq *irq)
{
	lockdep_assert_held(&dist->lpi_xa.xa_lock);
	__xa_erase(&dist->lpi_xa, irq->intid);
	kfree_rcu(irq, rcu);
}

bool __vgic_put_irq(struct kvm __always_unused *kvm,
		    struct vgic_irq *irq)
{
	if (irq->intid < VGIC_MIN_LPI)
		return false;

	return refcount_dec_and_test(&irq->refcount);
}

/*
 * For callers holding raw spinlocks below lpi_xa's lock (ap_list_lock):
 * the final put only marks the object; the caller must run
 * vgic_release_deleted_lpis() once its raw locks are dropped.
 */
static __must_check bool vgic_put_irq_norelease(struct kvm *kvm,
						struct vgic_irq *irq)
{
	if (!__vgic_put_irq(kvm, irq))
		return false;

	irq->pending_release = true;
	return true;
}

static void vgic_release_deleted_lpis(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;
	unsigned long flags, intid;
	struct vgic_irq *irq;

	xa_lock_irqsave(&dist->lpi_xa, flags);

	xa_for_each(&dist->lpi_xa, intid, irq) {
		if (irq->pending_release)
			vgic_release_lpi_locked(dist, irq);
	}

	xa_unlock_irqrestore(&dist->lpi_xa, flags);
}

/**
 * vgic_flush_pending_lpis() - drop every LPI from a vCPU's ap_list
 * @vcpu: the vCPU (redistributor) whose LPIs are retired
 *
 * Each LPI on the ap_list holds one reference, dropped here.
 *
 * Context: takes ap_list_lock and irq_lock; does not sleep.
 */
void vgic_flush_pending_lpis(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;
	struct vgic_irq *irq, *tmp;
	bool deleted = false;
	unsigned long flags;

	raw_spin_lock_irqsave(&vgic_cpu->ap_list_lock, flags);

	list_for_each_entry_safe(irq, tmp, &vgic_cpu->ap_list_head, ap_list) {
		if (irq->intid >= VGIC_MIN_LPI) {
			raw_spin_lock(&irq->irq_lock);
			list_del(&irq->ap_list);
			irq->vcpu = NULL;
			raw_spin_unlock(&irq->irq_lock);
			/* The ap_list's reference, taken at queueing */
			deleted |= vgic_put_irq_norelease(vcpu->kvm, irq);
		}
	}

	raw_spin_unlock_irqrestore(&vgic_cpu->ap_list_lock, flags);

	if (deleted)
		vgic_release_deleted_lpis(vcpu->kvm);
}

/*
 * Which vCPU's ap_list the interrupt belongs on right now (NULL: none),
 * from its active, pending and enabled state. Edge-triggered only: LPIs
 * have no line level.
 */
static struct kvm_vcpu *vgic_target_oracle(struct vgic_irq *irq)
{
	lockdep_assert_held(&irq->irq_lock);

	/* Active: stays on its current vCPU (else goes to its target) */
	if (irq->active)
		return irq->vcpu ? irq->vcpu : irq->target_vcpu;

	/*
	 * Pending and enabled: goes to the configured target, except that a
	 * disabled distributor delivers nothing.
	 */
	if (irq->enabled && irq->pending_latch) {
		if (unlikely(irq->target_vcpu &&
			     !irq->target_vcpu->kvm->arch.vgic.enabled))
			return NULL;

		return irq->target_vcpu;
	}

	/* Nothing to deliver: belongs on no ap_list. */
	return NULL;
}

/**
 * vgic_queue_irq_unlock() - queue an interrupt on its target's ap_list
 * @kvm: the VM
 * @irq: the interrupt, whose irq_lock the caller holds
 * @flags: the flags saved when irq_lock was taken
 *
 * Releases irq_lock. If the interrupt is queued, the ap_list takes a
 * reference of its own, which is legal because the caller holds one.
 *
 * Context: called with irq->irq_lock held; returns with it released.
 * Return: true if the interrupt was queued.
 */
bool vgic_queue_irq_unlock(struct kvm __always_unused *kvm,
			   struct vgic_irq *irq, unsigned long flags)
{
	struct kvm_vcpu *vcpu;

	lockdep_assert_held(&irq->irq_lock);

retry:
	vcpu = vgic_target_oracle(irq);
	if (irq->vcpu || !vcpu) {
		/*
		 * Either already queued (the ap_list it sits on owns it from
		 * here) or not deliverable: nothing to insert.
		 */
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		return false;
	}

	/*
	 * ap_list_lock ranks above irq_lock: release irq_lock before
	 * taking the target's ap_list_lock.
	 */
	raw_spin_unlock_irqrestore(&irq->irq_lock, flags);

	/* Unlocked window: the state read above may change here. */

	raw_spin_lock_irqsave(&vcpu->arch.vgic_cpu.ap_list_lock, flags);
	raw_spin_lock(&irq->irq_lock);

	/*
	 * Recheck under both locks. During the window the interrupt may
	 * have been queued elsewhere, stopped being deliverable, or been
	 * retargeted so that the ap_list_lock held is the wrong one. In
	 * every such case release both locks and decide again.
	 */
	if (unlikely(irq->vcpu || vcpu != vgic_target_oracle(irq))) {
		raw_spin_unlock(&irq->irq_lock);
		raw_spin_unlock_irqrestore(&vcpu->arch.vgic_cpu.ap_list_lock,
					   flags);

		raw_spin_lock_irqsave(&irq->irq_lock, flags);
		goto retry;
	}

	/*
	 * The ap_list owns a reference of its own. An unconditional get
	 * cannot see a zero count: the caller holds a reference too.
	 */
	vgic_get_irq_ref(irq);
	list_add_tail(&irq->ap_list, &vcpu->arch.vgic_cpu.ap_list_head);
	irq->vcpu = vcpu;

	raw_spin_unlock(&irq->irq_lock);
	raw_spin_unlock_irqrestore(&vcpu->arch.vgic_cpu.ap_list_lock, flags);

	/* Kicking the target vCPU is not modelled. */
	return true;
}

/**
 * vgic_v3_lpi_sync_pending_status() - load an LPI's pending bit
 * @kvm: the VM
 * @irq: a new LPI, on which the caller holds a reference
 *
 * Reads the bit from the target redistributor's pending table and, if
 * set, marks the LPI pending and consumes the bit.
 *
 * Context: process context (reads guest memory); takes irq_lock.
 * Return: 0 or a negative errno from the guest memory access.
 */
int vgic_v3_lpi_sync_pending_status(struct kvm *kvm, struct vgic_irq *irq)
{
	struct kvm_vcpu *vcpu;
	int byte_offset, bit_nr;
	gpa_t pendbase, ptr;
	unsigned long flags;
	bool status;
	u8 val;
	int ret;

retry:
	vcpu = irq->target_vcpu;
	if (!vcpu)
		return 0;

	pendbase = GICR_PENDBASER_ADDRESS(vcpu->arch.vgic_cpu.pendbaser);

	byte_offset = irq->intid / BITS_PER_BYTE;
	bit_nr = irq->intid % BITS_PER_BYTE;
	ptr = pendbase + byte_offset;

	ret = kvm_read_guest_lock(kvm, ptr, &val, 1);
	if (ret)
		return ret;

	status = val & (1 << bit_nr);

	raw_spin_lock_irqsave(&irq->irq_lock, flags);
	if (irq->target_vcpu != vcpu) {
		raw_spin_unlock_irqrestore(&irq->irq_lock, flags);
		goto retry;
	}
	irq->pending_latch = status;
	vgic_queue_irq_unlock(vcpu->kvm, irq, flags);

	if (status) {
		/* The bit now lives in pending_latch: clear it in the table. */
		val &= ~(1 << bit_nr);
		ret = vgic_write_guest_lock(kvm, ptr, &val, 1);
		if (ret)
			return ret;
	}
	return 0;
}

/* vgic-init.c */

void kvm_vgic_early_init(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;

	xa_init_flags(&dist->lpi_xa, XA_FLAGS_LOCK_IRQ);
}

/*
 * Setup only. Upstream takes kvm->lock, every vCPU mutex (trylock) and
 * config_lock and refuses once vCPUs have run; the model builds the VM
 * before any actor exists, so only the resulting state is kept.
 */
int kvm_vgic_create(struct kvm *kvm, u32 type)
{
	struct vgic_dist *dist = &kvm->arch.vgic;

	if (type != KVM_DEV_TYPE_ARM_VGIC_V3)
		return -ENODEV;

	dist->vgic_model = type;
	/* The guest has enabled the distributor's Group 1 */
	dist->enabled = true;
	dist->initialized = true;

	return 0;
}

int kvm_vgic_vcpu_init(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	INIT_LIST_HEAD(&vgic_cpu->ap_list_head);
	raw_spin_lock_init(&vgic_cpu->ap_list_lock);

	return 0;
}

static void __kvm_vgic_vcpu_destroy(struct kvm_vcpu *vcpu)
{
	struct vgic_cpu *vgic_cpu = &vcpu->arch.vgic_cpu;

	/*
	 * The vCPU is going away: its ap_list gives up every LPI
	 * reference it holds, whatever the LPIs' state.
	 */
	vgic_flush_pending_lpis(vcpu);

	INIT_LIST_HEAD(&vgic_cpu->ap_list_head);
}

static void kvm_vgic_dist_destroy(struct kvm *kvm)
{
	struct vgic_dist *dist = &kvm->arch.vgic;

	dist->initialized = false;

	/*
	 * LPIs still mapped by an ITE stay allocated: the ITS is destroyed
	 * later (kvm_destroy_devices), and its puts erase from an empty
	 * xarray.
	 */
	xa_destroy(&dist->lpi_xa);
}

/**
 * kvm_vgic_destroy() - tear down the vGIC and the vCPUs' vGIC state
 * @kvm: the VM, whose last reference is gone
 *
 * Context: VM teardown, nothing else runs; takes config_lock.
 */
void kvm_vgic_destroy(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	mutex_lock(&kvm->arch.config_lock);

	kvm_for_each_vcpu(i, vcpu, kvm)
		__kvm_vgic_vcpu_destroy(vcpu);

	kvm_vgic_dist_destroy(kvm);

	mutex_unlock(&kvm->arch.config_lock);
}

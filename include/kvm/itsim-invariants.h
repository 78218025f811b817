/* SPDX-License-Identifier: MIT */
/*
 * The kernel's invariants between system calls, checked the same way on
 * the built-in model and on a kernel tree (the model's entry.c, the tree
 * harness): what vgic_get_irq(), the ITS commands and the translation
 * cache assume of each other once every thread is between operations.
 *
 *  - lpi-registry: each mapped ITE's LPI is the object the VM's LPI
 *    registry holds for its INTID (lpi_xa, or 6.1's lpi_list_head), the
 *    registry holds one object per INTID, and an LPI queued on an ap_list
 *    is the registry's too.
 *  - stale-translation: each translation-cache entry maps its device and
 *    event to the LPI of that event's ITE.
 *
 * The includer defines how its registry and cache are read (plain reads
 * only: these run as a hook), after including this header, which
 * declares them (kvm/itsim-invariants-xa.h has the readers of the
 * xarray layout the model and generation A share):
 *
 *   static const struct vgic_irq *sim_inv_registered(struct kvm *kvm,
 *							u32 intid, int *nr);
 *	the registry's object for @intid (NULL: none), and in @nr how many
 *	objects it holds for it;
 *   static const char *sim_inv_its_name(struct kvm *kvm, struct vgic_its *its);
 *   static bool sim_inv_cached(struct kvm *kvm, struct vgic_its *its,
 *			        unsigned int n, u32 *device_id, u32 *event_id,
 *			        const struct vgic_irq **irq);
 *	the @n-th translation-cache entry of @its; false past the last.
 *
 * and the kernel's own struct vgic_its, its_device, its_ite and
 * kvm_device_ops kvm_arm_vgic_its_ops, which both have.
 */
#ifndef ITSIM_INVARIANTS_H
#define ITSIM_INVARIANTS_H

#include <sim/engine.h>
#include <kvm/itsim-guest.h>

static const struct vgic_irq *sim_inv_registered(struct kvm *kvm, u32 intid,
						 int *nr);
static const char *sim_inv_its_name(struct kvm *kvm, struct vgic_its *its);
static bool sim_inv_cached(struct kvm *kvm, struct vgic_its *its,
			   unsigned int n, u32 *device_id, u32 *event_id,
			   const struct vgic_irq **irq);

/* The ITE of @device_id/@event_id in @its, or NULL. */
static inline const struct its_ite *sim_inv_event_ite(struct vgic_its *its,
						      u32 device_id,
						      u32 event_id)
{
	struct its_device *device;
	struct its_ite *ite;

	list_for_each_entry(device, &its->device_list, dev_list) {
		if (device->device_id != device_id)
			continue;
		list_for_each_entry(ite, &device->itt_head, ite_list)
			if (ite->event_id == event_id)
				return ite;
	}
	return NULL;
}

/*
 * @irq as the report's other lines name it: two objects of one INTID (an
 * LPI freed and made again) are told apart there, so they must be here.
 */
static inline void sim_inv_irq_name(const struct vgic_irq *irq, char *buf,
				    size_t len)
{
	sim_describe_object(sim_current(), irq, buf, len);
	if (!buf[0])	/* no engine: a unit test of the model */
		snprintf(buf, len, "vgic_irq LPI %u", irq->intid);
}

static inline bool sim_inv_registry_broken(struct kvm *kvm,
					   struct sim_violation *v)
{
	struct kvm_device *dev;
	struct kvm_vcpu *vcpu;
	unsigned long i;
	int nr;

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		struct vgic_its *its = dev->private;
		struct its_device *device;
		struct its_ite *ite;
		const struct vgic_irq *reg;

		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;
		list_for_each_entry(device, &its->device_list, dev_list)
			list_for_each_entry(ite, &device->itt_head, ite_list) {
				if (!ite->irq)
					continue;
				reg = sim_inv_registered(kvm, ite->irq->intid, &nr);
				if (reg == ite->irq && nr == 1)
					continue;
				sim_inv_irq_name(ite->irq, v->object,
						 sizeof(v->object));
				snprintf(v->title, sizeof(v->title),
					 "BUG: LPI registry: ITE %s device %u event %u maps LPI %u, but the registry holds %s for it",
					 sim_inv_its_name(kvm, its),
					 device->device_id, ite->event_id,
					 ite->irq->intid,
					 nr > 1 ? "two objects" :
					 reg ? "another object" : "nothing");
				snprintf(v->detail, sizeof(v->detail),
					 "every thread is between operations: a mapped LPI must be the one object vgic_get_irq() finds for its INTID; %s\n",
					 reg ? "two live objects share the INTID, and MSIs reach the other one" :
					       "the object left the registry while still mapped (an MSI finds nothing, a new MAPTI makes a second object)");
				return true;
			}
	}
	kvm_for_each_vcpu(i, vcpu, kvm) {
		struct list_head *head = &vcpu->arch.vgic_cpu.ap_list_head;
		struct list_head *pos;

		for (pos = head->next; pos != head && pos != SIM_POISON_PTR;
		     pos = pos->next) {
			const struct vgic_irq *irq =
				list_entry(pos, struct vgic_irq, ap_list);
			const struct vgic_irq *reg;

			if (irq->intid < VGIC_MIN_LPI)
				continue;
			reg = sim_inv_registered(kvm, irq->intid, &nr);
			if (!reg || reg == irq)
				continue;
			sim_inv_irq_name(irq, v->object, sizeof(v->object));
			snprintf(v->title, sizeof(v->title),
				 "BUG: LPI registry: two live objects for LPI %u (one queued on vcpu %d's ap_list, another in the registry)",
				 irq->intid, vcpu->vcpu_id);
			snprintf(v->detail, sizeof(v->detail),
				 "every thread is between operations: an INTID has one vgic_irq at a time\n");
			return true;
		}
	}
	return false;
}

static inline bool sim_inv_translation_stale(struct kvm *kvm,
					     struct sim_violation *v)
{
	struct kvm_device *dev;

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		struct vgic_its *its = dev->private;
		const struct vgic_irq *irq;
		u32 device_id, event_id;
		unsigned int n;

		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;
		for (n = 0; sim_inv_cached(kvm, its, n, &device_id, &event_id,
					   &irq); n++) {
			const struct its_ite *ite;

			ite = sim_inv_event_ite(its, device_id, event_id);
			if (ite && ite->irq == irq)
				continue;
			sim_inv_irq_name(irq, v->object, sizeof(v->object));
			if (ite && ite->irq)
				snprintf(v->title, sizeof(v->title),
					 "BUG: stale translation: %s caches device %u event %u as LPI %u, but its ITE maps LPI %u",
					 sim_inv_its_name(kvm, its), device_id,
					 event_id, irq->intid, ite->irq->intid);
			else
				snprintf(v->title, sizeof(v->title),
					 "BUG: stale translation: %s caches device %u event %u as LPI %u, but the event is not mapped",
					 sim_inv_its_name(kvm, its), device_id,
					 event_id, irq->intid);
			snprintf(v->detail, sizeof(v->detail),
				 "every thread is between operations, so the command that changed the mapping has completed; an MSI for the event still reaches LPI %u through the cache\n",
				 irq->intid);
			return true;
		}
	}
	return false;
}

/* Return: true with @v filled when one of the invariants is broken. */
static inline bool sim_check_kernel_invariants(struct kvm *kvm,
					       struct sim_violation *v)
{
	if (sim_inv_registry_broken(kvm, v)) {
		v->kind = SIM_FINDING_LPI_REGISTRY;
		v->site = SIM_HERE;
		return true;
	}
	if (sim_inv_translation_stale(kvm, v)) {
		v->kind = SIM_FINDING_STALE_TRANSLATION;
		v->site = SIM_HERE;
		return true;
	}
	return false;
}

#endif /* ITSIM_INVARIANTS_H */

/* SPDX-License-Identifier: MIT */
/*
 * What a successful KVM_DEV_ARM_ITS_SAVE_TABLES must leave in guest
 * memory, checked the same way on the built-in model and on a kernel tree
 * (ABI revision 0, 8-byte entries, flat tables): for each mapped device,
 * a valid device table entry at its DeviceID with the ITT's address and
 * size and the offset to the next mapped DeviceID; for each of its
 * events, an ITT entry with the LPI's INTID, the collection and the
 * offset to the next event; and in the collection table, one valid entry
 * per collection, in list order, with its target, then an invalid one
 * when the table has room. That is what KVM_DEV_ARM_ITS_RESTORE_TABLES
 * reads back on the destination of a migration.
 *
 * Judged right after the save returns, before the saving thread's next
 * visible operation, so nothing else has run since the save released
 * its_lock. The includer has the kernel's struct vgic_its, its_device,
 * its_ite, its_collection, the KVM_ITS_* entry layouts of vgic.h and
 * struct kvm's guest_mem (kvm/itsim-guest-mem.h).
 */
#ifndef ITSIM_SAVED_TABLES_H
#define ITSIM_SAVED_TABLES_H

#include <sim/engine.h>
#include <linux/irqchip/arm-gic-v3.h>

#define SIM_SAVED_ESZ	8

static inline u64 sim_saved_entry(struct kvm *kvm, gpa_t gpa)
{
	u64 val = 0;

	kvm_sim_guest_read(&kvm->guest_mem, gpa, &val, sizeof(val));
	return val;	/* little-endian, as the host */
}

/* The offset from @id to the next larger one in @ids (@n sorted), or 0. */
static inline u32 sim_saved_next(const u32 *ids, int n, u32 id, u32 max)
{
	for (int i = 0; i < n; i++)
		if (ids[i] > id)
			return ids[i] - id < max ? ids[i] - id : max;
	return 0;
}

static inline int sim_saved_sort(u32 *ids, int n)
{
	for (int i = 1; i < n; i++)
		for (int k = i; k > 0 && ids[k - 1] > ids[k]; k--) {
			u32 t = ids[k];

			ids[k] = ids[k - 1];
			ids[k - 1] = t;
		}
	return n;
}

#define SIM_SAVED_MAX_IDS 128

/* The finding, once the caller has written what differs in @v->detail. */
static inline bool sim_saved_mismatch(struct sim_violation *v, const char *its)
{
	v->kind = SIM_FINDING_SAVED_TABLES;
	v->site = SIM_HERE;
	snprintf(v->object, sizeof(v->object), "%s tables", its);
	snprintf(v->title, sizeof(v->title),
		 "BUG: the tables KVM_DEV_ARM_ITS_SAVE_TABLES wrote do not describe %s",
		 its);
	return true;
}

static inline bool sim_saved_itt_broken(struct kvm *kvm, const char *name,
					struct its_device *dev,
					struct sim_violation *v)
{
	u32 ids[SIM_SAVED_MAX_IDS];
	struct its_ite *ite;
	int n = 0;

	list_for_each_entry(ite, &dev->itt_head, ite_list)
		if (n < SIM_SAVED_MAX_IDS)
			ids[n++] = ite->event_id;
	sim_saved_sort(ids, n);
	list_for_each_entry(ite, &dev->itt_head, ite_list) {
		gpa_t gpa = dev->itt_addr + (gpa_t)ite->event_id * SIM_SAVED_ESZ;
		u64 val = sim_saved_entry(kvm, gpa);
		u32 next = sim_saved_next(ids, n, ite->event_id, BIT(16) - 1);
		u32 intid = (val & KVM_ITS_ITE_PINTID_MASK) >> KVM_ITS_ITE_PINTID_SHIFT;
		u32 icid = val & KVM_ITS_ITE_ICID_MASK;

		if (!ite->irq || !ite->collection)
			continue;	/* a save refuses these */
		if (intid != ite->irq->intid ||
		    icid != ite->collection->collection_id ||
		    (u32)(val >> KVM_ITS_ITE_NEXT_SHIFT) != next)
		{
			snprintf(v->detail, sizeof(v->detail),
				"device %u event %u: the ITT entry at 0x%llx is 0x%016llx (LPI %u, collection %u, next %llu); the ITE maps LPI %u in collection %u, next event at +%u\n",
				dev->device_id, ite->event_id,
				(unsigned long long)gpa, (unsigned long long)val,
				intid, icid,
				(unsigned long long)(val >> KVM_ITS_ITE_NEXT_SHIFT),
				ite->irq->intid, ite->collection->collection_id,
				next);
			return sim_saved_mismatch(v, name);
		}
	}
	return false;
}

static inline bool sim_saved_devices_broken(struct kvm *kvm, const char *name,
					    struct vgic_its *its,
					    struct sim_violation *v)
{
	u64 baser = its->baser_device_table;
	gpa_t base = GITS_BASER_ADDR_48_to_52(baser);
	u32 ids[SIM_SAVED_MAX_IDS];
	struct its_device *dev;
	int n = 0;

	if (!(baser & GITS_BASER_VALID) || (baser & GITS_BASER_INDIRECT))
		return false;	/* nothing saved; two-level: not modelled */
	list_for_each_entry(dev, &its->device_list, dev_list)
		if (n < SIM_SAVED_MAX_IDS)
			ids[n++] = dev->device_id;
	sim_saved_sort(ids, n);
	list_for_each_entry(dev, &its->device_list, dev_list) {
		gpa_t gpa = base + (gpa_t)dev->device_id * SIM_SAVED_ESZ;
		u64 val = sim_saved_entry(kvm, gpa);
		u32 next = sim_saved_next(ids, n, dev->device_id, BIT(14) - 1);
		u64 itt = ((val & KVM_ITS_DTE_ITTADDR_MASK) >> KVM_ITS_DTE_ITTADDR_SHIFT) << 8;
		u32 size = val & KVM_ITS_DTE_SIZE_MASK;
		u32 got_next = (val & KVM_ITS_DTE_NEXT_MASK) >> KVM_ITS_DTE_NEXT_SHIFT;

		if (!(val & KVM_ITS_DTE_VALID_MASK) || itt != dev->itt_addr ||
		    size != dev->num_eventid_bits - 1 || got_next != next)
		{
			snprintf(v->detail, sizeof(v->detail),
				"device %u: the device table entry at 0x%llx is 0x%016llx (%s, ITT 0x%llx, size %u, next %u); the device has its ITT at 0x%llx, %u event ID bits, next device at +%u\n",
				dev->device_id, (unsigned long long)gpa,
				(unsigned long long)val,
				val & KVM_ITS_DTE_VALID_MASK ? "valid" : "invalid",
				(unsigned long long)itt, size, got_next,
				(unsigned long long)dev->itt_addr,
				dev->num_eventid_bits, next);
			return sim_saved_mismatch(v, name);
		}
		if (sim_saved_itt_broken(kvm, name, dev, v))
			return true;
	}
	return false;
}

static inline bool sim_saved_collections_broken(struct kvm *kvm,
						const char *name,
						struct vgic_its *its,
						struct sim_violation *v)
{
	u64 baser = its->baser_coll_table;
	gpa_t gpa = GITS_BASER_ADDR_48_to_52(baser);
	gpa_t end = gpa + (gpa_t)GITS_BASER_NR_PAGES(baser) * SZ_64K;
	struct its_collection *coll;
	int i = 0;

	if (!(baser & GITS_BASER_VALID))
		return false;
	list_for_each_entry(coll, &its->collection_list, coll_list) {
		u64 val = sim_saved_entry(kvm, gpa);
		u64 target = (val >> KVM_ITS_CTE_RDBASE_SHIFT) & GENMASK_ULL(31, 0);

		if (!(val & KVM_ITS_CTE_VALID_MASK) ||
		    (val & KVM_ITS_CTE_ICID_MASK) != coll->collection_id ||
		    target != coll->target_addr)
		{
			snprintf(v->detail, sizeof(v->detail),
				"collection %u: the collection table's entry %d at 0x%llx is 0x%016llx; expected a valid entry for collection %u targeting %u\n",
				coll->collection_id, i, (unsigned long long)gpa,
				(unsigned long long)val, coll->collection_id,
				coll->target_addr);
			return sim_saved_mismatch(v, name);
		}
		gpa += SIM_SAVED_ESZ;
		i++;
	}
	if (gpa < end && (sim_saved_entry(kvm, gpa) & KVM_ITS_CTE_VALID_MASK)) {
		snprintf(v->detail, sizeof(v->detail),
			 "the collection table's entry %d at 0x%llx, after the last of %d collections, is valid: a restore would map a collection that does not exist\n",
			 i, (unsigned long long)gpa, i);
		return sim_saved_mismatch(v, name);
	}
	return false;
}

/* Return: true with @v filled when the saved tables do not describe @its. */
static inline bool sim_saved_tables_broken(struct kvm *kvm,
					   struct vgic_its *its,
					   const char *name,
					   struct sim_violation *v)
{
	return sim_saved_devices_broken(kvm, name, its, v) ||
	       sim_saved_collections_broken(kvm, name, its, v);
}

#endif /* ITSIM_SAVED_TABLES_H */

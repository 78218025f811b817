// SPDX-License-Identifier: MIT
/*
 * The 6.1 generation (5.4 to 6.9; Debian's 6.1.x): what the harness needs
 * that differs by generation. Included by harness.c, inside the unit
 * that compiles the tree's vgic-its.c.
 *
 * One translation cache for the whole VM: kvm->arch.vgic's
 * lpi_translation_cache, a list of preallocated entries (16 per vCPU,
 * made by vgic_lpi_translation_cache_init() when the first ITS is
 * initialised), used entries first, each holding one reference on its
 * irq and naming its ITS by doorbell address. The list, the entries and
 * the VM's LPI list (lpi_list_head) are under the raw lpi_list_lock.
 */

#define ITSIM_TREE_GENERATION	"6.1 generation"

/* References the VM's cache holds on @obj for @its, each named in @o. */
static int gen_cache_holders(struct kvm *kvm, struct vgic_its *its,
			     const void *obj, struct sim_out *o)
{
	phys_addr_t db = its->vgic_its_base + GITS_TRANSLATER;
	struct vgic_translation_cache_entry *cte;
	int n = 0;

	list_for_each_entry(cte, &kvm->arch.vgic.lpi_translation_cache, entry)
		if (cte->irq == obj && cte->db == db) {
			n++;
			sim_out_add(o, "cache %s %u:%u", sim_its_name(kvm, its),
				    cte->devid, cte->eventid);
		}
	return n;
}

/* Whether @obj is one of the VM's LPIs (on lpi_list_head). */
static bool gen_lpi_listed(struct kvm *kvm, const void *obj)
{
	struct vgic_irq *irq;

	list_for_each_entry(irq, &kvm->arch.vgic.lpi_list_head, lpi_list)
		if (irq == obj)
			return true;
	return false;
}

/*
 * The invariants' view (kvm/itsim-invariants.h): the LPI list, where
 * vgic_get_irq() takes the first object of an INTID, and the VM's one
 * cache, whose entries for @its are those of its doorbell.
 */
static const struct vgic_irq *sim_inv_registered(struct kvm *kvm, u32 intid,
						 int *nr)
{
	const struct vgic_irq *first = NULL;
	struct vgic_irq *irq;

	*nr = 0;
	list_for_each_entry(irq, &kvm->arch.vgic.lpi_list_head, lpi_list)
		if (irq->intid == intid) {
			if (!first)
				first = irq;
			(*nr)++;
		}
	return first;
}

static bool sim_inv_cached(struct kvm *kvm, struct vgic_its *its,
			   unsigned int n, u32 *device_id, u32 *event_id,
			   const struct vgic_irq **irq)
{
	phys_addr_t db = its->vgic_its_base + GITS_TRANSLATER;
	struct vgic_translation_cache_entry *cte;

	list_for_each_entry(cte, &kvm->arch.vgic.lpi_translation_cache, entry) {
		if (!cte->irq || cte->db != db || n--)
			continue;
		*device_id = cte->devid;
		*event_id = cte->eventid;
		*irq = cte->irq;
		return true;
	}
	return false;
}

/* The cache's entries, named by what they cache. */
static bool gen_describe(struct kvm *kvm, const void *obj,
			 const char *alloc_func, char *buf, size_t len)
{
	const struct vgic_translation_cache_entry *cte = obj;
	struct kvm_device *dev;

	if (strcmp(alloc_func, "vgic_lpi_translation_cache_init"))
		return false;
	if (kvm && cte->irq)
		list_for_each_entry(dev, &kvm->devices, vm_node) {
			struct vgic_its *its = dev->private;

			if (dev->ops == &kvm_arm_vgic_its_ops &&
			    its->vgic_its_base + GITS_TRANSLATER == cte->db) {
				snprintf(buf, len,
					 "vgic_translation_cache_entry %s %u:%u",
					 sim_its_name(kvm, its), cte->devid,
					 cte->eventid);
				return true;
			}
		}
	snprintf(buf, len, "vgic_translation_cache_entry");
	return true;
}

/*
 * The documented lock order, as adjacent pairs of the class names the
 * init sites give (the checker takes the transitive closure), from
 *   Documentation/virt/kvm/locking.rst: kvm->lock outside vcpu->mutex;
 *   synchronize_srcu(&kvm->srcu) runs under kvm->lock, vcpu->mutex and
 *   kvm->slots_lock, so none of them may be taken inside a reader;
 *   arch/arm64/kvm/vgic/vgic.c, the comment at its top (6.1): kvm->lock
 *   -> vcpu->mutex -> kvm->arch.config_lock -> its->cmd_lock ->
 *   its->its_lock -> vgic_cpu->ap_list_lock -> kvm->lpi_list_lock ->
 *   vgic_irq->irq_lock.
 */
#define LOCKING_RST	"Documentation/virt/kvm/locking.rst"
#define VGIC_C		"arch/arm64/kvm/vgic/vgic.c lock order comment (6.1)"

static const struct sim_lock_rule tree_rules[] = {
	{ "&kvm->lock", "&vcpu->mutex", LOCKING_RST },
	{ "&vcpu->mutex", "&kvm->arch.config_lock", VGIC_C },
	{ "&kvm->arch.config_lock", "&its->cmd_lock", VGIC_C },
	{ "&its->cmd_lock", "&its->its_lock", VGIC_C },
	{ "&its->its_lock", "&vgic_cpu->ap_list_lock", VGIC_C },
	{ "&vgic_cpu->ap_list_lock", "&dist->lpi_list_lock", VGIC_C },
	{ "&dist->lpi_list_lock", "&irq->irq_lock", VGIC_C },
	{ "&kvm->lock", "&kvm->srcu", LOCKING_RST },
	{ "&vcpu->mutex", "&kvm->srcu", LOCKING_RST },
	{ "&kvm->slots_lock", "&kvm->srcu", LOCKING_RST },
	{ NULL, NULL, NULL },
};

/*
 * The class of the VM's LPI-table lock, which the scenario lock key
 * "lpi_xa" names: in this generation lpi_list_lock (it also guards the
 * translation cache), initialised in kvm_vgic_early_init().
 */
#define GEN_LPI_LOCK	"&dist->lpi_list_lock"

// SPDX-License-Identifier: MIT
/*
 * Generation A (6.10 to 6.16; Debian's 6.12.118): what the harness needs
 * that differs by generation. Included by harness.c, inside the unit
 * that compiles the tree's vgic-its.c.
 *
 * Each ITS caches translations in its own xarray (its->translation_cache,
 * index devid << VITS_TYPER_IDBITS | eventid), each entry holding one
 * reference; the VM's LPIs are the xarray kvm->arch.vgic.lpi_xa.
 */

#define ITSIM_TREE_GENERATION	"generation A"

/* References @its's translation cache holds on @obj, each named in @o. */
static int gen_cache_holders(struct kvm *kvm, struct vgic_its *its,
			     const void *obj, struct sim_out *o)
{
	const struct xarray *xa = &its->translation_cache;
	unsigned int s;
	int n = 0;

	for (s = 0; s < xa->nr; s++)
		if (xa->slots[s].entry == obj) {
			n++;
			sim_out_add(o, "cache %s %lu:%lu", sim_its_name(kvm, its),
				    xa->slots[s].index >> VITS_TYPER_IDBITS,
				    xa->slots[s].index & VITS_MAX_EVENTID);
		}
	return n;
}

/* Whether @obj is one of the VM's LPIs (in lpi_xa). */
static bool gen_lpi_listed(struct kvm *kvm, const void *obj)
{
	const struct xarray *xa = &kvm->arch.vgic.lpi_xa;
	unsigned int s;

	for (s = 0; s < xa->nr; s++)
		if (xa->slots[s].entry == obj)
			return true;
	return false;
}

#include <kvm/itsim-invariants-xa.h>

/* The invariants' view (kvm/itsim-invariants.h): lpi_xa, its xarray. */
static const struct vgic_irq *sim_inv_registered(struct kvm *kvm, u32 intid,
						 int *nr)
{
	return sim_inv_xa_registered(&kvm->arch.vgic.lpi_xa, intid, nr);
}

static bool sim_inv_cached(struct kvm *kvm, struct vgic_its *its,
			   unsigned int n, u32 *device_id, u32 *event_id,
			   const struct vgic_irq **irq)
{
	(void)kvm;
	return sim_inv_xa_cached(&its->translation_cache, n, device_id,
				 event_id, irq);
}

/* What this generation allocates that the common names do not cover. */
static bool gen_describe(struct kvm *kvm, const void *obj,
			 const char *alloc_func, char *buf, size_t len)
{
	(void)kvm;
	(void)obj;
	(void)alloc_func;
	(void)buf;
	(void)len;
	return false;
}

/*
 * The documented lock order, as adjacent pairs of the class names the
 * init sites give (the checker takes the transitive closure), from
 *   Documentation/virt/kvm/locking.rst: kvm->lock outside vcpu->mutex;
 *   synchronize_srcu(&kvm->srcu) runs under kvm->lock, vcpu->mutex and
 *   kvm->slots_lock, so none of them may be taken inside a reader;
 *   arch/arm64/kvm/vgic/vgic.c, the comment at its top (6.10 to 6.16):
 *   ... its_lock -> vgic_cpu->ap_list_lock -> vgic_dist->lpi_xa.xa_lock
 *   -> vgic_irq->irq_lock, i.e. ap_list_lock ABOVE lpi_xa's lock (later
 *   trees swap the two), and kvm->slots_lock -> kvm->srcu ->
 *   kvm->arch.config_lock.
 */
#define LOCKING_RST	"Documentation/virt/kvm/locking.rst"
#define VGIC_C		"arch/arm64/kvm/vgic/vgic.c lock order comment (6.12)"

static const struct sim_lock_rule tree_rules[] = {
	{ "&kvm->lock", "&vcpu->mutex", LOCKING_RST },
	{ "&vcpu->mutex", "&kvm->arch.config_lock", VGIC_C },
	{ "&kvm->arch.config_lock", "&its->cmd_lock", VGIC_C },
	{ "&its->cmd_lock", "&its->its_lock", VGIC_C },
	{ "&its->its_lock", "&vgic_cpu->ap_list_lock", VGIC_C },
	{ "&vgic_cpu->ap_list_lock", "&dist->lpi_xa.xa_lock", VGIC_C },
	{ "&dist->lpi_xa.xa_lock", "&irq->irq_lock", VGIC_C },
	{ "&kvm->lock", "&kvm->srcu", LOCKING_RST },
	{ "&vcpu->mutex", "&kvm->srcu", LOCKING_RST },
	{ "&kvm->slots_lock", "&kvm->srcu", VGIC_C },
	{ "&kvm->srcu", "&kvm->arch.config_lock", VGIC_C },
	{ NULL, NULL, NULL },
};

/* The class of the VM's LPI-table lock, which the scenario lock key
 * "lpi_xa" names (kvm_vgic_early_init()). */
#define GEN_LPI_LOCK	"&dist->lpi_xa.xa_lock"

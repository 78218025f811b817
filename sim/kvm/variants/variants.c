// SPDX-License-Identifier: MIT
/*
 * The variant registry, selection (with inheritance resolved once, at
 * selection) and the dispatchers the model calls by their kernel names.
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../vgic.h"
#include "variants.h"

#define VGIC_VARIANT_ENTRY(n) &vgic_variant_##n,
static const struct vgic_variant *const vgic_variants[] = {
	VGIC_VARIANTS(VGIC_VARIANT_ENTRY)
};
#undef VGIC_VARIANT_ENTRY

#define NR_VGIC_VARIANTS ((int)ARRAY_SIZE(vgic_variants))

static _Thread_local struct vgic_variant vgic_variant_resolved;

/* Until a variant is selected: v0, which is complete on its own. */
_Thread_local const struct vgic_variant *vgic_variant = &vgic_variant_v0;

int vgic_variant_count(void)
{
	return NR_VGIC_VARIANTS;
}

const char *vgic_variant_name(int i)
{
	if (i < 0 || i >= NR_VGIC_VARIANTS)
		return NULL;
	return vgic_variants[i]->name;
}

const char *vgic_variant_summary(int i)
{
	if (i < 0 || i >= NR_VGIC_VARIANTS)
		return NULL;
	return vgic_variants[i]->summary;
}

int vgic_variant_lookup(const char *name)
{
	int i;

	for (i = 0; i < NR_VGIC_VARIANTS; i++)
		if (!strcmp(vgic_variants[i]->name, name))
			return i;
	return -1;
}

/* Fill every NULL field of @res from the chain of bases of @v. */
static void vgic_variant_resolve(struct vgic_variant *res,
				 const struct vgic_variant *v)
{
	int depth;

	*res = *v;
	for (depth = 0; v->base; depth++) {
		int b = vgic_variant_lookup(v->base);

		/* An unknown base or a cycle is a bug in the registry. */
		BUG_ON(b < 0 || depth >= NR_VGIC_VARIANTS);
		v = vgic_variants[b];

		if (!res->invalidate_cache)
			res->invalidate_cache = v->invalidate_cache;
		if (!res->invalidate_all_caches)
			res->invalidate_all_caches = v->invalidate_all_caches;
		if (!res->write_its_ctlr)
			res->write_its_ctlr = v->write_its_ctlr;
	}

	BUG_ON(!res->invalidate_cache || !res->invalidate_all_caches ||
	       !res->write_its_ctlr);
}

void vgic_variant_select(int i)
{
	BUG_ON(i < 0 || i >= NR_VGIC_VARIANTS);
	vgic_variant_resolve(&vgic_variant_resolved, vgic_variants[i]);
	vgic_variant = &vgic_variant_resolved;
}

void vgic_its_invalidate_cache(struct vgic_its *its)
{
	vgic_variant->invalidate_cache(its);
}

void vgic_its_invalidate_all_caches(struct kvm *kvm)
{
	vgic_variant->invalidate_all_caches(kvm);
}

void vgic_mmio_write_its_ctlr(struct kvm *kvm, struct vgic_its *its,
			      gpa_t addr, unsigned int len, unsigned long val)
{
	vgic_variant->write_its_ctlr(kvm, its, addr, len, val);
}

/* SPDX-License-Identifier: MIT */
/*
 * Patch variants: the model functions that differ between versions of a
 * patch, one file per variant.
 *
 * The model calls the ordinary kernel names (vgic_its_invalidate_cache()
 * and so on); those are small dispatchers in variants.c that call the
 * selected variant's implementation. A variant names its base and fills
 * only the functions it replaces: a NULL field is inherited from the base
 * (recursively, by name), so a variant file reads as a diff against its
 * base. The root variant (no base) fills every field.
 *
 * Adding a variant: one new file defining `const struct vgic_variant
 * vgic_variant_<name>`, one line in VGIC_VARIANTS below, one line in
 * meson.build. Adding a replaceable function: a field here, its
 * dispatcher in variants.c, and its upstream body moved into v0.c.
 */
#ifndef __KVM_VGIC_VARIANTS_H
#define __KVM_VGIC_VARIANTS_H

#include <linux/kvm_host.h>
#include <linux/types.h>
#include <kvm/arm_vgic.h>

struct vgic_variant {
	const char *name;	/* as scenarios and traces name it: "v1" */
	const char *base;	/* the variant inherited from, or NULL */
	const char *summary;	/* one line, shown by `sim list` */

	void (*invalidate_cache)(struct vgic_its *its);
	void (*invalidate_all_caches)(struct kvm *kvm);
	void (*write_its_ctlr)(struct kvm *kvm, struct vgic_its *its,
			       gpa_t addr, unsigned int len,
			       unsigned long val);
};

/*
 * Registry, in the order `sim list` shows: X(name) per variant, the C
 * identifier part of vgic_variant_<name> (its .name may differ: v2_rcu is
 * "v2-rcu").
 */
#define VGIC_VARIANTS(X)	\
	X(v0)			\
	X(v1)			\
	X(v2)			\
	X(v2_rcu)

#define VGIC_VARIANT_DECLARE(n) extern const struct vgic_variant vgic_variant_##n;
VGIC_VARIANTS(VGIC_VARIANT_DECLARE)
#undef VGIC_VARIANT_DECLARE

/*
 * The variant this thread's model runs, with every field resolved through
 * its bases. Each simulator instance runs on one thread.
 */
extern _Thread_local const struct vgic_variant *vgic_variant;

#endif /* __KVM_VGIC_VARIANTS_H */

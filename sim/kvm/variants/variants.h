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
 * dispatcher and its line in vgic_variant_resolve() in variants.c, its
 * upstream body moved into v0.c, and its line in the list at the head of
 * include/kvm/itsim-variant.h.
 *
 * Variants can also be added at run time (vgic_variant_register(): a
 * user's file compiled against include/kvm/itsim-variant.h); they come
 * after the built-in ones.
 *
 * Layout of a variant file, which `sim variant new` relies on to cut
 * function texts out of the built-in files: each function is named
 * <variant>_<kernel name> (v2_rcu_vgic_its_invalidate_all_caches), its
 * definition starts at column 0 with the return type on the line of its
 * name, and it ends with "}" alone on a line at column 0.
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

	/*
	 * One field per replaceable function, named after the kernel
	 * function it replaces with the subsystem prefix dropped, with the
	 * kernel function's signature.
	 */
	struct vgic_irq *(*check_cache)(struct kvm *kvm, phys_addr_t db,
					u32 devid, u32 eventid);
	void (*cache_translation)(struct kvm *kvm, struct vgic_its *its,
				  u32 devid, u32 eventid,
				  struct vgic_irq *irq);
	void (*invalidate_cache)(struct vgic_its *its);
	void (*invalidate_all_caches)(struct kvm *kvm);
	void (*write_its_ctlr)(struct kvm *kvm, struct vgic_its *its,
			       gpa_t addr, unsigned int len,
			       unsigned long val);
	void (*write_v3r_ctlr)(struct kvm_vcpu *vcpu, gpa_t addr,
			       unsigned int len, unsigned long val);
	int (*inject_cached_translation)(struct kvm *kvm, struct kvm_msi *msi);
	void (*put_irq)(struct kvm *kvm, struct vgic_irq *irq);
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

// SPDX-License-Identifier: MIT
/*
 * The variant registry (the built-in variants, then those registered at
 * run time), selection (with inheritance resolved once, at selection) and
 * the dispatchers the model calls by their kernel names.
 */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/sprintf.h>
#include <linux/string.h>

#include "../entry.h"
#include "../vgic.h"
#include "variants.h"

#define VGIC_VARIANT_ENTRY(n) &vgic_variant_##n,
static const struct vgic_variant *const vgic_builtin_variants[] = {
	VGIC_VARIANTS(VGIC_VARIANT_ENTRY)
};
#undef VGIC_VARIANT_ENTRY

#define NR_VGIC_BUILTIN_VARIANTS ((int)ARRAY_SIZE(vgic_builtin_variants))
#define NR_VGIC_REGISTERED_MAX	MODEL_BUILTIN_MAX_REGISTERED

/*
 * Variants registered at run time, borrowed from the caller. Written only
 * before any exploration starts, read by every simulator thread after.
 */
static const struct vgic_variant *
vgic_registered_variants[NR_VGIC_REGISTERED_MAX];
static int nr_vgic_registered_variants;

static _Thread_local struct vgic_variant vgic_variant_resolved;

/* Until a variant is selected: v0, which is complete on its own. */
_Thread_local const struct vgic_variant *vgic_variant = &vgic_variant_v0;

static const struct vgic_variant *vgic_variant_at(int i)
{
	if (i < 0)
		return NULL;
	if (i < NR_VGIC_BUILTIN_VARIANTS)
		return vgic_builtin_variants[i];
	i -= NR_VGIC_BUILTIN_VARIANTS;
	if (i < nr_vgic_registered_variants)
		return vgic_registered_variants[i];
	return NULL;
}

int vgic_variant_count(void)
{
	return NR_VGIC_BUILTIN_VARIANTS + nr_vgic_registered_variants;
}

const char *vgic_variant_name(int i)
{
	const struct vgic_variant *v = vgic_variant_at(i);

	return v ? v->name : NULL;
}

const char *vgic_variant_summary(int i)
{
	const struct vgic_variant *v = vgic_variant_at(i);

	return v ? v->summary : NULL;
}

int vgic_variant_lookup(const char *name)
{
	int i;

	for (i = 0; i < vgic_variant_count(); i++)
		if (!strcmp(vgic_variant_at(i)->name, name))
			return i;
	return -1;
}

static bool vgic_variant_name_valid(const char *name)
{
	const char *p;

	if (!*name)
		return false;
	for (p = name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-')
			continue;
		return false;
	}
	return true;
}

/*
 * A field that points at the model's own dispatcher would call itself for
 * ever: the file meant a function of its own by that name and defines none
 * (a typo in the definition's name).
 */
static bool vgic_variant_self_call(const struct vgic_variant *v, char *err,
				   size_t errlen)
{
#define SELF(field, func)						\
	do {								\
		if (v->field == func) {					\
			snprintf(err, errlen,				\
				 "variant \"%s\": .%s = %s is the model's own dispatcher, which would call itself: the file defines no function %s (a typo in its name?)", \
				 v->name, #field, #func, #func);	\
			return true;					\
		}							\
	} while (0)
	SELF(check_cache, vgic_its_check_cache);
	SELF(cache_translation, vgic_its_cache_translation);
	SELF(invalidate_cache, vgic_its_invalidate_cache);
	SELF(invalidate_all_caches, vgic_its_invalidate_all_caches);
	SELF(write_its_ctlr, vgic_mmio_write_its_ctlr);
	SELF(write_v3r_ctlr, vgic_mmio_write_v3r_ctlr);
	SELF(inject_cached_translation, vgic_its_inject_cached_translation);
	SELF(put_irq, vgic_put_irq);
#undef SELF
	return false;
}

/**
 * vgic_variant_register() - add a variant after the built-in ones
 * @v: the variant; borrowed, it and its strings must outlive every use
 * @err: where a one-line message goes on failure
 * @errlen: size of @err
 *
 * Context: before any exploration starts; not thread-safe.
 * Return: 0, or -EINVAL (bad or duplicate name, missing or unknown base)
 * or -ENOSPC (registry full) with @err filled.
 */
int vgic_variant_register(const struct vgic_variant *v, char *err,
			  size_t errlen)
{
	int nr = nr_vgic_registered_variants;

	if (!v->name || !*v->name) {
		snprintf(err, errlen, "the variant has no name");
		return -EINVAL;
	}
	if (strlen(v->name) > MODEL_VARIANT_NAME_MAX) {
		snprintf(err, errlen,
			 "variant name \"%.20s...\" is longer than %d characters",
			 v->name, MODEL_VARIANT_NAME_MAX);
		return -EINVAL;
	}
	if (!vgic_variant_name_valid(v->name)) {
		snprintf(err, errlen,
			 "variant name \"%s\" is not valid (use only A-Z a-z 0-9 . _ -)",
			 v->name);
		return -EINVAL;
	}
	if (vgic_variant_lookup(v->name) >= 0) {
		snprintf(err, errlen,
			 "variant \"%s\" already exists (built in or registered earlier)",
			 v->name);
		return -EINVAL;
	}
	if (!v->base || !*v->base) {
		snprintf(err, errlen,
			 "variant \"%s\" names no base (VARIANT(\"%s\", \"v0\", ...) inherits from v0)",
			 v->name, v->name);
		return -EINVAL;
	}
	if (vgic_variant_lookup(v->base) < 0) {
		snprintf(err, errlen,
			 "variant \"%s\": base \"%s\" is not a known variant",
			 v->name, v->base);
		return -EINVAL;
	}
	if (vgic_variant_self_call(v, err, errlen))
		return -EINVAL;
	if (nr >= NR_VGIC_REGISTERED_MAX) {
		snprintf(err, errlen,
			 "variant \"%s\": too many variants registered (at most %d)",
			 v->name, NR_VGIC_REGISTERED_MAX);
		return -ENOSPC;
	}

	/*
	 * A base must already be registered and a name is new, so the
	 * inheritance graph stays acyclic and every base resolves.
	 */
	vgic_registered_variants[nr] = v;
	nr_vgic_registered_variants = nr + 1;
	BUG_ON(vgic_variant_lookup(v->name) != vgic_variant_count() - 1);
	return 0;
}

#define VGIC_VARIANT_INHERIT(res, v, field)				\
	do {								\
		if (!(res)->field)					\
			(res)->field = (v)->field;			\
	} while (0)

/* Fill every NULL field of @res from the chain of bases of @v. */
static void vgic_variant_resolve(struct vgic_variant *res,
				 const struct vgic_variant *v)
{
	int depth;

	*res = *v;
	for (depth = 0; v->base; depth++) {
		int b = vgic_variant_lookup(v->base);

		/* An unknown base or a cycle is a bug in the registry. */
		BUG_ON(b < 0 || depth >= vgic_variant_count());
		v = vgic_variant_at(b);

		VGIC_VARIANT_INHERIT(res, v, check_cache);
		VGIC_VARIANT_INHERIT(res, v, cache_translation);
		VGIC_VARIANT_INHERIT(res, v, invalidate_cache);
		VGIC_VARIANT_INHERIT(res, v, invalidate_all_caches);
		VGIC_VARIANT_INHERIT(res, v, write_its_ctlr);
		VGIC_VARIANT_INHERIT(res, v, write_v3r_ctlr);
		VGIC_VARIANT_INHERIT(res, v, inject_cached_translation);
		VGIC_VARIANT_INHERIT(res, v, put_irq);
	}

	/* The root (v0) fills every field. */
	BUG_ON(!res->check_cache);
	BUG_ON(!res->cache_translation);
	BUG_ON(!res->invalidate_cache);
	BUG_ON(!res->invalidate_all_caches);
	BUG_ON(!res->write_its_ctlr);
	BUG_ON(!res->write_v3r_ctlr);
	BUG_ON(!res->inject_cached_translation);
	BUG_ON(!res->put_irq);
}

#undef VGIC_VARIANT_INHERIT

void vgic_variant_select(int i)
{
	const struct vgic_variant *v = vgic_variant_at(i);

	BUG_ON(!v);
	vgic_variant_resolve(&vgic_variant_resolved, v);
	vgic_variant = &vgic_variant_resolved;
}

struct vgic_irq *vgic_its_check_cache(struct kvm *kvm, phys_addr_t db,
				      u32 devid, u32 eventid)
{
	return vgic_variant->check_cache(kvm, db, devid, eventid);
}

void vgic_its_cache_translation(struct kvm *kvm, struct vgic_its *its,
				u32 devid, u32 eventid, struct vgic_irq *irq)
{
	vgic_variant->cache_translation(kvm, its, devid, eventid, irq);
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

void vgic_mmio_write_v3r_ctlr(struct kvm_vcpu *vcpu, gpa_t addr,
			      unsigned int len, unsigned long val)
{
	vgic_variant->write_v3r_ctlr(vcpu, addr, len, val);
}

int vgic_its_inject_cached_translation(struct kvm *kvm, struct kvm_msi *msi)
{
	return vgic_variant->inject_cached_translation(kvm, msi);
}

void vgic_put_irq(struct kvm *kvm, struct vgic_irq *irq)
{
	vgic_variant->put_irq(kvm, irq);
}

/* SPDX-License-Identifier: MIT */
/*
 * A variant file: your version of the translation cache's functions,
 * checked by itsim against every scenario (sim run --variant-file F.c).
 *
 * Write each function you change with its kernel name and signature, not
 * static, exactly as your kernel patch would have it; it is compiled into
 * a shared object where it stays hidden, so it does not clash with the
 * model's own. Functions you do not write are inherited from the base you
 * name (v0 upstream before the fix, v1 the stable fix, v2, ...; `sim list`
 * shows them, `sim variant new NAME --from BASE` prints a base's functions
 * ready to edit). Helpers of your own must be static.
 *
 * The replaceable functions, by VARIANT() field:
 *   .check_cache                vgic-its.c
 *	struct vgic_irq *vgic_its_check_cache(struct kvm *kvm, phys_addr_t db,
 *					      u32 devid, u32 eventid);
 *   .cache_translation          vgic-its.c
 *	void vgic_its_cache_translation(struct kvm *kvm, struct vgic_its *its,
 *					u32 devid, u32 eventid,
 *					struct vgic_irq *irq);
 *   .invalidate_cache           vgic-its.c
 *	void vgic_its_invalidate_cache(struct vgic_its *its);
 *   .invalidate_all_caches      vgic-its.c
 *	void vgic_its_invalidate_all_caches(struct kvm *kvm);
 *   .write_its_ctlr             vgic-its.c
 *	void vgic_mmio_write_its_ctlr(struct kvm *kvm, struct vgic_its *its,
 *				      gpa_t addr, unsigned int len,
 *				      unsigned long val);
 *   .write_v3r_ctlr             vgic-mmio-v3.c
 *	void vgic_mmio_write_v3r_ctlr(struct kvm_vcpu *vcpu, gpa_t addr,
 *				      unsigned int len, unsigned long val);
 *   .inject_cached_translation  vgic-its.c
 *	int vgic_its_inject_cached_translation(struct kvm *kvm,
 *					       struct kvm_msi *msi);
 *   .put_irq                    vgic.c
 *	void vgic_put_irq(struct kvm *kvm, struct vgic_irq *irq);
 *
 * A call to a replaceable function goes through the variant being run:
 * a file replacing only vgic_its_invalidate_all_caches() still calls its
 * base's vgic_its_invalidate_cache(). A call to a function your file
 * defines calls your definition (as in the kernel, where both would sit in
 * one file). Everything else the model has (vgic.h: vgic_get_irq(),
 * vgic_queue_irq_unlock(), vgic_flush_pending_lpis(), vgic_enable_lpis(),
 * vgic_its_process_commands(), vgic_its_cache_key(), ...) is called as is.
 *
 * What exists: the kernel headers are small shims under include/linux/
 * (atomic, bits, bug, cleanup, compiler, container_of, err, errno, gfp,
 * kernel, kref, kvm_host, list, list_sort, lockdep, mutex, rculist,
 * rcupdate, refcount, sizes, slab, spinlock, sprintf, srcu, string, types,
 * xarray, irqchip/arm-gic-v3, printk) and <kvm/arm_vgic.h>; all are
 * included below (printk and pr_*() print nothing). APIs a patch might
 * reach for that are not modelled are declared in
 * <kvm/itsim-not-modelled.h>: a call names itself as such. Anything else
 * (trace points, GICv4, memslots) is absent.
 *
 * What the simulator sees: only visible operations, each one step that
 * another actor may be scheduled around:
 *   locks             mutex_lock/trylock/unlock, spin_lock*, raw_spin_lock*
 *                     (the irqsave forms too), guard() and scoped_guard()
 *   xarray            xa_load, xa_store, xa_erase, __xa_store, __xa_erase,
 *                     xa_reserve, xa_release, xa_find, xa_find_after,
 *                     xa_empty, xa_destroy; xa_for_each() is one step per
 *                     entry found; xa_lock() and xa_unlock() (and their
 *                     irqsave forms) are spin locks
 *   reference counts  refcount_* and kref_*
 *   atomics           atomic_* (read, set, cmpxchg, inc, dec, ...)
 *   marked accesses   READ_ONCE(), WRITE_ONCE()
 *   RCU               rcu_read_lock(), rcu_read_unlock(), synchronize_rcu(),
 *                     kfree_rcu()
 *   SRCU              srcu_read_lock(), srcu_read_unlock(),
 *                     synchronize_srcu()
 *   memory            kzalloc(), kmalloc(), kcalloc(), kfree()
 * lockdep_assert_held() is checked where it stands. Plain field accesses,
 * list_*() and rcu_dereference() are invisible: each happens atomically
 * together with the visible operation before it, so no actor is scheduled
 * between them. Where the kernel needs READ_ONCE()/WRITE_ONCE(), write
 * them: that is what makes the access a step another actor can race with.
 *
 * End the file with one VARIANT() line: the variant's name (A-Z a-z 0-9
 * . _ -, as scenarios and traces name it), its base, a one-line summary,
 * and one field per function you wrote:
 *
 *	VARIANT("mine", "v1", "v1 plus its_lock around the walk",
 *		.invalidate_cache = vgic_its_invalidate_cache,
 *		.invalidate_all_caches = vgic_its_invalidate_all_caches);
 */
#ifndef __KVM_ITSIM_VARIANT_H
#define __KVM_ITSIM_VARIANT_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <linux/kernel.h>
#include <linux/kref.h>
#include <linux/kvm_host.h>
#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sprintf.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <kvm/arm_vgic.h>
#include <kvm/itsim-not-modelled.h>
#include <linux/printk.h>

#include "vgic.h"
#include "variants.h"

/*
 * The one symbol the loader looks up. Written as a statement:
 * VARIANT(...); a NULL field is inherited from @base_.
 */
#define VARIANT(name_, base_, summary_, ...)				\
	__attribute__((visibility("default")))				\
	const struct vgic_variant itsim_file_variant = {		\
		.name = name_,						\
		.base = base_,						\
		.summary = summary_,					\
		__VA_ARGS__						\
	}

#endif /* __KVM_ITSIM_VARIANT_H */

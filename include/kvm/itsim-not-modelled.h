/* SPDX-License-Identifier: MIT */
/*
 * Kernel APIs a patch to this code might reach for that the shims do not
 * provide, in one place. Each is declared so that a call to it stops the
 * compile with "NAME is not modelled" and where to look, instead of an
 * implicit declaration: the compiler's "error" attribute fires only when
 * a call is compiled. To use one, write what it does with the shims'
 * operations (docs/your-own-patch.md, "What the shims provide").
 */
#ifndef _KVM_ITSIM_NOT_MODELLED_H
#define _KVM_ITSIM_NOT_MODELLED_H

#include <linux/gfp.h>
#include <linux/types.h>

struct xarray;
struct rcu_head;
struct kmem_cache;

#define ITSIM_NOT_MODELLED(what)					\
	__attribute__((error(what " is not modelled by itsim's kernel shims: see "\
			     "docs/your-own-patch.md, \"What the shims provide\"")))

void *xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		 void *entry, gfp_t gfp) ITSIM_NOT_MODELLED("xa_cmpxchg()");
void *__xa_cmpxchg(struct xarray *xa, unsigned long index, void *old,
		   void *entry, gfp_t gfp) ITSIM_NOT_MODELLED("__xa_cmpxchg()");
int xa_alloc(struct xarray *xa, u32 *id, void *entry, u64 limit, gfp_t gfp)
	ITSIM_NOT_MODELLED("xa_alloc()");
void *xa_store_range(struct xarray *xa, unsigned long first,
		     unsigned long last, void *entry, gfp_t gfp)
	ITSIM_NOT_MODELLED("xa_store_range()");
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
	ITSIM_NOT_MODELLED("call_rcu() (kfree_rcu() is)");
void synchronize_rcu_expedited(void)
	ITSIM_NOT_MODELLED("synchronize_rcu_expedited() (synchronize_rcu() is)");
void *kvmalloc(size_t size, gfp_t flags) ITSIM_NOT_MODELLED("kvmalloc() (kzalloc() is)");
void kvfree(const void *addr) ITSIM_NOT_MODELLED("kvfree() (kfree() is)");
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t flags)
	ITSIM_NOT_MODELLED("kmem_cache_alloc() (kzalloc() is)");
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t flags)
	ITSIM_NOT_MODELLED("kmem_cache_zalloc() (kzalloc() is)");
void kmem_cache_free(struct kmem_cache *cache, void *obj)
	ITSIM_NOT_MODELLED("kmem_cache_free() (kfree() is)");
void schedule_work(void *work) ITSIM_NOT_MODELLED("schedule_work()");
void msleep(unsigned int msecs) ITSIM_NOT_MODELLED("msleep()");

#endif /* _KVM_ITSIM_NOT_MODELLED_H */

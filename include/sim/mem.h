/* SPDX-License-Identifier: MIT */
/*
 * The per-execution arena behind kzalloc/kfree. Objects get ids from a
 * per-execution counter; freed objects are poisoned and kept until the
 * execution ends, so any later visible access names both sites.
 */
#ifndef SIM_MEM_H
#define SIM_MEM_H

#include <stdbool.h>
#include <stddef.h>

#include <sim/site.h>

#define SIM_POISON_BYTE 0x6b

/* sim_kzalloc()'s @flags, from the caller's gfp flags. */
#define SIM_ALLOC_MAY_SLEEP 0x1u	/* blocking allowed (GFP_KERNEL) */
#define SIM_ALLOC_NOFAIL 0x2u		/* __GFP_NOFAIL: never injected */

/*
 * Return: the zeroed object, or NULL when fault injection fails this
 * allocation (<sim/fault.h>).
 */
void *sim_kzalloc(size_t size, const char *type, unsigned int flags,
		  const struct sim_site *site);
void sim_kfree(const void *ptr, const struct sim_site *site);
/*
 * Memory for a shim's own bookkeeping (a grown xarray's slots), not a
 * kernel object: zeroed, 16-byte aligned, valid until the execution ends.
 * It never fails; an execution that fills the scratch region ends with a
 * "crash" finding, as one that fills the arena does.
 */
void *sim_scratch_alloc(size_t size, const struct sim_site *site);
/* Free after every RCU reader active now has left its read-side section. */
void sim_kfree_rcu(const void *ptr, const struct sim_site *site);

void sim_rcu_read_lock(const struct sim_site *site);
void sim_rcu_read_unlock(const struct sim_site *site);

#endif /* SIM_MEM_H */

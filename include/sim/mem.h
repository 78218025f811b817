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

/* @may_sleep: the allocation flags allow blocking (GFP_KERNEL). */
void *sim_kzalloc(size_t size, const char *type, bool may_sleep,
		  const struct sim_site *site);
void sim_kfree(const void *ptr, const struct sim_site *site);
/* Free after every RCU reader active now has left its read-side section. */
void sim_kfree_rcu(const void *ptr, const struct sim_site *site);

void sim_rcu_read_lock(const struct sim_site *site);
void sim_rcu_read_unlock(const struct sim_site *site);

#endif /* SIM_MEM_H */

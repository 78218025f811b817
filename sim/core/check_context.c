/* SPDX-License-Identifier: MIT */
/*
 * Context checker, after the kernel's might_sleep(): a sleeping operation
 * (a mutex acquisition, a blocking allocation, synchronize_rcu/srcu) in an
 * RCU read-side section, under a spinlock or in an atomic context (an
 * irqfd actor) is a sleep-in-atomic.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <string.h>

bool sim_held_spins(const struct sim_held *h)
{
	return h->cls->type == SIM_LOCK_SPINLOCK ||
	       h->cls->type == SIM_LOCK_RAW_SPINLOCK || h->lock->ops->atomic;
}

bool sim_holds_off_gp(const struct sim_actor *a)
{
	if (a->rcu_depth > 0)
		return true;
	for (int i = 0; i < a->nr_held; i++)
		if (sim_held_spins(&a->held[i]))
			return true;
	return false;
}

void sim_might_sleep(struct sim *s, const char *what, const struct sim_site *site)
{
	struct sim_actor *a = sim_running(s);
	struct sim_finding *f;
	const struct sim_held *spin = NULL;
	char line[256], where[SIM_WHERE_MAX];

	if (!a)
		return;
	for (int i = 0; i < a->nr_held; i++)
		if (sim_held_spins(&a->held[i]))
			spin = &a->held[i];
	if (!a->atomic && a->rcu_depth == 0 && !spin)
		return;
	f = sim_finding_begin(s, SIM_FINDING_SLEEP_IN_ATOMIC, site);
	snprintf(f->title, sizeof(f->title),
		 "BUG: sleeping function called from invalid context at %s:%d",
		 sim_site_file(site), site->line);
	snprintf(f->object, sizeof(f->object), "%s", what);
	snprintf(line, sizeof(line),
		 "in_atomic(): %d, irqs_disabled(): %d, name: %s\nRCU nest depth: %d, expected: 0\n",
		 a->atomic || spin, a->atomic, a->name, a->rcu_depth);
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	snprintf(line, sizeof(line), "%s may sleep, but %s\n", what,
		 a->atomic ? "this actor runs in atomic context (irqfd wakeup, IRQs off)" :
		 spin ? "a spinlock is held" : "it is inside an RCU read-side section");
	strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	for (int i = 0; i < a->nr_held; i++) {
		if (a->held[i].site)
			snprintf(line, sizeof(line), " held: %s, taken at %s\n",
				 a->held[i].cls->name,
				 sim_site_where(a->held[i].site, where, sizeof(where)));
		else
			snprintf(line, sizeof(line),
				 " held: %s, since the thread started\n",
				 a->held[i].cls->name);
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
	sim_fail(s);
}

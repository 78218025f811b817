/* SPDX-License-Identifier: MIT */
/*
 * Instrumented shims for plain shared accesses: READ_ONCE/WRITE_ONCE and
 * atomic_t. Each call is one visible operation, performed whole before any
 * other actor runs (so a cmpxchg is atomic, as on the hardware).
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/cleanup.h>
#include <sim/engine.h>
#include <sim/op.h>

#include <stdio.h>
#include <stdlib.h>

_Thread_local const struct sim_site *__sim_guard_site;

void __sim_read_once(const volatile void *p, const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_READ, .addr = (const void *)p,
			     .site = site, .what = "READ_ONCE",
			     .relaxed = true };

	sim_visible(&op);
	sim_done(&op);
}

void __sim_write_once(volatile void *p, const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_WRITE, .addr = (const void *)p,
			     .site = site, .what = "WRITE_ONCE",
			     .relaxed = true };

	sim_visible(&op);
	sim_done(&op);
}

int __sim_atomic_read(const atomic_t *v, const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_READ, .addr = v, .site = site,
			     .what = "atomic_read" };

	sim_visible(&op);
	op.before = op.after = v->counter;
	sim_done(&op);
	return (int)op.after;
}

void __sim_atomic_set(atomic_t *v, int i, const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_WRITE, .addr = v, .site = site,
			     .what = "atomic_set" };

	sim_visible(&op);
	op.before = v->counter;
	v->counter = i;
	op.after = i;
	sim_done(&op);
}

int __sim_atomic_cmpxchg(atomic_t *v, int old, int new,
			 const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_RMW, .addr = v, .site = site,
			     .what = "atomic_cmpxchg" };

	sim_visible(&op);
	op.before = v->counter;
	op.ok = v->counter == old;
	if (op.ok)
		v->counter = new;
	op.after = v->counter;
	sim_done(&op);
	return (int)op.before;
}

int __sim_atomic_add_return(atomic_t *v, int i, const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_RMW, .addr = v, .site = site,
			     .what = "atomic_add_return" };

	sim_visible(&op);
	op.before = v->counter;
	v->counter += i;
	op.after = v->counter;
	sim_done(&op);
	return (int)op.after;
}

void __sim_warn(const char *cond, const struct sim_site *site)
{
	char what[256];

	snprintf(what, sizeof(what), "WARN_ON(%s)", cond);
	sim_warn(what, site);
}

void __sim_bug(const char *cond, const struct sim_site *site)
{
	char what[256];

	snprintf(what, sizeof(what), "BUG_ON(%s)", cond);
	sim_bug(what, site);
}

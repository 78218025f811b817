/* SPDX-License-Identifier: MIT */
/*
 * Fault injection, as the kernel's failslab with the per-task fail-nth
 * knob makes it: a plan names, for each failure, an actor, one of its
 * scenario operations and the N-th allocation that operation makes, and
 * every execution run under the plan fails exactly those allocations
 * (kzalloc() returns NULL, an xarray store its -ENOMEM error entry).
 *
 * Under a fixed plan an allocation fails or not by the failing actor's
 * own history alone, so the dependency relation and every strategy work
 * unchanged: exploring each plan's interleavings in turn explores every
 * execution with those failures. The driver finds the plans to explore
 * from the allocations the executions counted (the "space"): a plan with
 * fewer failures than the bound is extended by each allocation counted
 * under it.
 */
#ifndef SIM_FAULT_H
#define SIM_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sim/site.h>

struct sim;

/* Failures per execution at most (the bound K of --faults). */
#define SIM_FAULTS_MAX 4
/* Functions a scenario may restrict injection to. */
#define SIM_FAULT_SITES_MAX 16
#define SIM_FAULT_ACTOR_MAX 48	/* SIM_ACTOR_NAME_MAX */

struct sim_fault {
	char actor[SIM_FAULT_ACTOR_MAX];
	uint32_t op;		/* the actor's operation, from 0 */
	uint32_t nth;		/* its allocation in that operation, from 1 */
};

/* Planned failures are kept in this order, and plans extended along it. */
int sim_fault_cmp(const struct sim_fault *a, const struct sim_fault *b);

/*
 * Fail the allocations @plan names in every following execution (@n 0:
 * none, today's executions). With @count, count every allocation that
 * could fail (the space). @funcs: only allocations made directly by
 * these functions (the kernel's names) can fail or are counted; NULL:
 * all. The strings must outlive the instance's executions.
 */
void sim_set_faults(struct sim *s, const struct sim_fault *plan, int n,
		    bool count, const char *const *funcs, int nr_funcs);
/* The plan set; returns its length. */
int sim_get_faults(const struct sim *s, struct sim_fault plan[SIM_FAULTS_MAX]);

/* Allocations counted per actor and operation, most in any execution. */
struct sim_fault_point {
	char actor[SIM_FAULT_ACTOR_MAX];
	uint32_t op;
	uint32_t allocs;
};

/* An allocation site counted, for --coverage. */
struct sim_alloc_site {
	const struct sim_site *site;
	const char *what;	/* "kzalloc", "xa_store", ... */
	bool failed;		/* a failure was injected there */
};

/* Forget the space and the sites counted so far. */
void sim_fault_space_clear(struct sim *s);
/* The allocation sites counted since the last clear, in first-seen order. */
size_t sim_fault_sites(const struct sim *s, const struct sim_alloc_site **sites);
/* The space counted since the last clear (valid until the next execution). */
size_t sim_fault_space(const struct sim *s, const struct sim_fault_point **pts);

/* How many of its plan's failures the last execution injected. */
int sim_faults_injected(const struct sim *s);
/*
 * The @i-th failure the last execution injected, in words for a report:
 * "xa_store in vgic_its_cache_translation (vgic-its.c:624), 1st
 * allocation of vcpu0 in ops[0] msi its0 device 1 event 0".
 */
void sim_fault_describe(const struct sim *s, int i, char *buf, size_t len);

/*
 * For the shims: the running actor is about to allocate (@what: "kzalloc",
 * "xa_store") at @site. Counts it; return true when the plan fails it.
 * Outside an actor (building the initial state, hooks) nothing fails.
 */
bool sim_fault_alloc(const char *what, const struct sim_site *site);

#endif /* SIM_FAULT_H */

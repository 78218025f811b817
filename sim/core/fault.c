/* SPDX-License-Identifier: MIT */
/*
 * Fault injection (<sim/fault.h>): the plan, the allocations counted, and
 * the failures an execution injected, for its report.
 */
#include "sim_internal.h"

#include <sim/alloc.h>
#include <sim/fault.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sim_fault_cmp(const struct sim_fault *a, const struct sim_fault *b)
{
	int c = strcmp(a->actor, b->actor);

	if (c)
		return c;
	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	if (a->nth != b->nth)
		return a->nth < b->nth ? -1 : 1;
	return 0;
}

void sim_set_faults(struct sim *s, const struct sim_fault *plan, int n,
		    bool count, const char *const *funcs, int nr_funcs)
{
	assert(n >= 0 && n <= SIM_FAULTS_MAX);
	if (n)
		memcpy(s->fault_plan, plan, (size_t)n * sizeof(*plan));
	s->nr_fault_plan = n;
	s->fault_count = count;
	s->fault_funcs = funcs;
	s->nr_fault_funcs = funcs ? nr_funcs : 0;
}

int sim_get_faults(const struct sim *s, struct sim_fault plan[SIM_FAULTS_MAX])
{
	memcpy(plan, s->fault_plan, (size_t)s->nr_fault_plan * sizeof(*plan));
	return s->nr_fault_plan;
}

void sim_fault_space_clear(struct sim *s)
{
	s->nr_fault_space = 0;
	s->nr_alloc_sites = 0;
	for (int i = 0; i < s->nr_actors; i++)
		s->actors[i].space_slot = -1;
}

size_t sim_fault_space(const struct sim *s, const struct sim_fault_point **pts)
{
	*pts = s->fault_space;
	return s->nr_fault_space;
}

size_t sim_fault_sites(const struct sim *s, const struct sim_alloc_site **sites)
{
	*sites = s->alloc_sites;
	return s->nr_alloc_sites;
}

/* @site reached (and failed there when @failed). */
static void note_site(struct sim *s, const char *what,
		      const struct sim_site *site, bool failed)
{
	struct sim_alloc_site *as = NULL;

	for (size_t i = 0; i < s->nr_alloc_sites && !as; i++)
		if (s->alloc_sites[i].site == site)
			as = &s->alloc_sites[i];
	if (!as) {
		s->alloc_sites = sim_xreallocarray(s->alloc_sites,
						   s->nr_alloc_sites + 1,
						   sizeof(*s->alloc_sites));
		as = &s->alloc_sites[s->nr_alloc_sites++];
		as->site = site;
		as->what = what;
		as->failed = false;
	}
	as->failed |= failed;
}

int sim_faults_injected(const struct sim *s)
{
	return s->nr_injected;
}

static const char *ordinal_suffix(uint32_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

void sim_fault_describe(const struct sim *s, int i, char *buf, size_t len)
{
	const struct sim_injected *in = &s->injected[i];

	assert(i >= 0 && i < s->nr_injected);
	snprintf(buf, len, "%s in %s (%s:%d), %u%s allocation of %s in %s",
		 in->what, sim_site_func(in->site), sim_site_file(in->site),
		 in->site->line, in->nth,
		 ordinal_suffix(in->nth), s->actors[in->actor].name,
		 in->doing[0] ? in->doing : "its only operation");
}

static bool site_named(const struct sim *s, const struct sim_site *site)
{
	const char *func = sim_site_func(site);

	for (int i = 0; i < s->nr_fault_funcs; i++)
		if (strcmp(s->fault_funcs[i], func) == 0 ||
		    strcmp(s->fault_funcs[i], site->func) == 0)
			return true;
	return false;
}

/* The most allocations @a's operation @op made in one execution. */
static void count(struct sim *s, struct sim_actor *a, uint32_t op, uint32_t nth)
{
	struct sim_fault_point *pt;

	if (a->space_slot < 0) {
		for (size_t i = 0; i < s->nr_fault_space && a->space_slot < 0; i++)
			if (s->fault_space[i].op == op &&
			    strcmp(s->fault_space[i].actor, a->name) == 0)
				a->space_slot = (int32_t)i;
	}
	if (a->space_slot < 0) {
		/* A new actor and operation: not on the hot path. */
		s->fault_space = sim_xreallocarray(s->fault_space,
						   s->nr_fault_space + 1,
						   sizeof(*s->fault_space));
		pt = &s->fault_space[s->nr_fault_space];
		memset(pt, 0, sizeof(*pt));
		snprintf(pt->actor, sizeof(pt->actor), "%s", a->name);
		pt->op = op;
		a->space_slot = (int32_t)s->nr_fault_space++;
	}
	pt = &s->fault_space[a->space_slot];
	if (pt->allocs < nth)
		pt->allocs = nth;
}

bool sim_fault_alloc(const char *what, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;
	uint32_t op, nth;

	if (!a || (!s->nr_fault_plan && !s->fault_count))
		return false;
	if (s->nr_fault_funcs && !site_named(s, site))
		return false;
	op = a->op_seq ? a->op_seq - 1 : 0;
	nth = ++a->op_allocs;
	if (s->fault_count)
		count(s, a, op, nth);
	for (int i = 0; i < s->nr_fault_plan; i++) {
		const struct sim_fault *f = &s->fault_plan[i];
		struct sim_injected *in;

		if (f->op != op || f->nth != nth || strcmp(f->actor, a->name))
			continue;
		note_site(s, what, site, true);
		assert(s->nr_injected < SIM_FAULTS_MAX);
		in = &s->injected[s->nr_injected++];
		in->actor = s->current;
		in->op = op;
		in->nth = nth;
		in->what = what;
		in->site = site;
		memcpy(in->doing, a->doing, sizeof(in->doing));
		return true;
	}
	note_site(s, what, site, false);
	return false;
}

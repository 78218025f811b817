/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own assertion that cannot be survived: BUG_ON() and BUG(),
 * and the paths a model cannot run (a kernel tree's GICv2, GICv4 or
 * hardware functions). The kernel oopses the thread; here the execution
 * ends with a finding and the exploration goes on.
 */
#include "sim_internal.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void sim_bug(const char *what, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_finding *f;
	char where[SIM_WHERE_MAX];

	sim_site_where(site, where, sizeof(where));
	if (s && s->in_setup && !sim_running(s)) {
		snprintf(s->setup_bug, sizeof(s->setup_bug),
			 "kernel BUG at %s:%d! (%s) while building the initial state: %s",
			 sim_site_file(site), site->line, site->func, what);
		longjmp(s->setup_jmp, 1);
	}
	if (!s || !sim_running(s)) {
		fprintf(stderr, "itsim: BUG at %s outside any execution: %s\n",
			where, what);
		abort();
	}
	f = sim_finding_begin(s, SIM_FINDING_BUG, site);
	snprintf(f->title, sizeof(f->title), "kernel BUG at %s:%d!",
		 sim_site_file(site), site->line);
	snprintf(f->object, sizeof(f->object), "%s", site->func);
	snprintf(f->detail, sizeof(f->detail), "%s reached %s in %s\n",
		 s->actors[s->current].name, what, where);
	sim_fail(s);
}

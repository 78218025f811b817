/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own assertions. BUG_ON() and BUG(), and the paths a model
 * cannot run (a kernel tree's GICv2, GICv4 or hardware functions), cannot
 * be survived: the kernel oopses the thread; here the execution ends with
 * a finding and the exploration goes on. WARN_ON() and friends can: the
 * kernel prints its splat and carries on, and so does the execution; the
 * first warning is its finding unless something worse follows.
 */
#include "sim_internal.h"

#include <assert.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void sim_warn(const char *what, const struct sim_site *site)
{
	struct sim *s = sim_cur;
	const struct sim_event *last;
	struct sim_finding *f;
	char where[SIM_WHERE_MAX];

	/* Building the initial state, or a second warning: nothing more. */
	if (!s || !sim_running(s) || s->warned)
		return;
	s->warned = true;
	f = &s->warning;
	memset(f, 0, sizeof(*f));
	f->kind = SIM_FINDING_WARNING;
	f->site = site;
	f->actor = s->current;
	f->step = s->step;
	/* The kernel's shape; CPU and PID are the actor's number. */
	snprintf(f->title, sizeof(f->title), "WARNING: CPU: %d PID: %d at %s:%d %s",
		 s->current, s->current, sim_site_file(site), site->line,
		 site->func);
	snprintf(f->object, sizeof(f->object), "%s", what);
	snprintf(f->detail, sizeof(f->detail),
		 "%s fired in %s at %s; the execution went on\n",
		 what, s->actors[s->current].name,
		 sim_site_where(site, where, sizeof(where)));
	last = sim_last_event_of_current(s);
	if (last)
		sim_finding_step(f, (uint32_t)(last - s->log),
				 "its last step before the warning");
}

/* The end of a clean execution: the model's invariants (sim_hooks). */
_Noreturn void sim_report_violation(const struct sim_violation *v)
{
	struct sim *s = sim_cur;
	struct sim_finding *f;

	assert(s && sim_running(s));
	assert(v->kind >= 0 && v->kind < SIM_FINDING__COUNT);
	f = sim_finding_begin(s, (enum sim_finding_kind)v->kind, v->site);
	snprintf(f->object, sizeof(f->object), "%s", v->object);
	snprintf(f->title, sizeof(f->title), "%s", v->title);
	snprintf(f->detail, sizeof(f->detail), "%s", v->detail);
	sim_fail(s);
}

struct invariants_call {
	struct sim *s;
	struct sim_violation *v;
	bool broken;
};

static void call_invariants(void *ctx)
{
	struct invariants_call *c = ctx;

	c->broken = c->s->hooks.invariants(c->s->hooks.ctx, c->v);
}

void sim_check_end_invariants(struct sim *s)
{
	struct sim_violation v;
	struct invariants_call c = { s, &v, false };
	struct sim_finding *f;
	int sig;

	memset(&v, 0, sizeof(v));
	sig = sim_guarded_hook(s, call_invariants, &c);
	if (sig) {
		/*
		 * Walking the VM's structures after every thread ended
		 * faulted: they link memory that is freed or was never an
		 * object (a freed object left on a list). The kernel's next
		 * walk there (teardown) would oops the same way.
		 */
		f = sim_finding_begin(s, SIM_FINDING_CRASH, NULL);
		snprintf(f->object, sizeof(f->object), "%s",
			 sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" :
			 "a signal");
		snprintf(f->title, sizeof(f->title),
			 "general protection fault walking the VM's structures after every thread ended (a freed object still linked?)");
		snprintf(f->detail, sizeof(f->detail),
			 "the ITS device, ITT and LPI lists, the translation cache and the ap_lists must reach only live objects once every thread has ended; a walk of them faulted, as the kernel's own walk at teardown would\n");
		return;
	}
	if (!c.broken)
		return;
	assert(v.kind >= 0 && v.kind < SIM_FINDING__COUNT);
	f = sim_finding_begin(s, (enum sim_finding_kind)v.kind, v.site);
	snprintf(f->object, sizeof(f->object), "%s", v.object);
	snprintf(f->title, sizeof(f->title), "%s", v.title);
	snprintf(f->detail, sizeof(f->detail), "%s", v.detail);
}

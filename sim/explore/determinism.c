// SPDX-License-Identifier: MIT
/*
 * The code under test must behave the same every time it runs the same
 * schedule: every strategy replays prefixes and compares executions, and
 * a trace must reproduce. State that outlives an execution breaks that
 * silently (a static variable in a variant file or a patched tree, a
 * counter, a lazily initialised table). Before a job explores, its first
 * schedule (always the lowest-numbered runnable actor) runs twice; the
 * two logs must agree step for step, operation, site, object and values.
 */
#include <explore/determinism.h>

#include <sim/alloc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The lowest-numbered runnable actor (the chooser returns an index). */
static int first_choice(void *ctx, const struct sim *s, const int *cands, int n)
{
	(void)ctx;
	(void)s;
	(void)cands;
	(void)n;
	return 0;
}

static bool same_event(const struct sim_event *a, const struct sim_event *b)
{
	return a->actor == b->actor && a->op.kind == b->op.kind &&
	       a->op.site == b->op.site && a->op.addr == b->op.addr &&
	       a->op.index == b->op.index && a->op.value == b->op.value &&
	       a->op.before == b->op.before && a->op.after == b->op.after &&
	       a->op.ok == b->op.ok;
}

int sim_check_determinism(struct sim *s, char *msg, size_t len)
{
	struct sim_chooser ch = { .ctx = NULL, .choose = first_choice };
	enum sim_exec_result r1, r2;
	struct sim_event *log;
	size_t n1, n2, i;
	char a[400], b[400];

	r1 = sim_execute(s, &ch);
	n1 = sim_log_len(s);
	log = sim_xcalloc(n1 ? n1 : 1, sizeof(*log));
	for (i = 0; i < n1; i++)
		log[i] = *sim_log_at(s, i);
	r2 = sim_execute(s, &ch);
	n2 = sim_log_len(s);
	for (i = 0; i < n1 && i < n2; i++)
		if (!same_event(&log[i], sim_log_at(s, i)))
			break;
	if (i == n1 && i == n2 && r1 == r2) {
		free(log);
		return 0;
	}
	if (i < n2) {
		char *w = b;

		sim_format_event(s, sim_log_at(s, i), b, sizeof(b));
		/* One line of prose: the report's column padding squeezed. */
		for (const char *r = b; *r; r++)
			if (*r != ' ' || w == b || w[-1] != ' ')
				*w++ = *r;
		*w = '\0';
	} else
		snprintf(b, sizeof(b), "(the execution had ended)");
	if (i < n1) {
		/* What the first run did there, by site: its objects went with
		 * its arena, so it is not rendered again. */
		char where[SIM_WHERE_MAX];

		snprintf(a, sizeof(a), "%s %s %s",
			 log[i].actor >= 0 ? sim_actor_name(s, log[i].actor) : "-",
			 sim_site_where(log[i].op.site, where, sizeof(where)),
			 log[i].op.what ? log[i].op.what : sim_op_kind_name(log[i].op.kind));
	} else {
		snprintf(a, sizeof(a), "(the execution had ended)");
	}
	snprintf(msg, len,
		 "the code under test is not deterministic: the same schedule, run twice, differs at step %zu: first \"%s\", then \"%s\". "
		 "State outlives an execution (a static variable in a variant file or a patched tree?), so no verdict would be reliable",
		 i, a, b);
	free(log);
	return -1;
}

/* SPDX-License-Identifier: MIT */
/*
 * Coverage (<sim/cover.h>): named events, each counted once per execution
 * that reached it. The table is kept across executions and grows only
 * when a new name is seen; an execution marks what it reached with its
 * sequence number, so nothing is reset between executions.
 */
#include "sim_internal.h"

#include <sim/alloc.h>
#include <sim/cover.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sim_cover_enable(struct sim *s, bool on)
{
	s->cover_on = on;
}

bool sim_cover_on(void)
{
	struct sim *s = sim_cur;

	return s && s->cover_on && sim_running(s);
}

void sim_cover_clear(struct sim *s)
{
	s->nr_cover = 0;
}

size_t sim_cover_items(const struct sim *s, const struct sim_cover_item **items)
{
	*items = s->cover;
	return s->nr_cover;
}

void sim_cover(const char *fmt, ...)
{
	struct sim *s = sim_cur;
	char what[SIM_COVER_WHAT];
	va_list ap;
	size_t i;

	if (!s || !s->cover_on || !sim_running(s))
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	for (i = 0; i < s->nr_cover; i++)
		if (strcmp(s->cover[i].what, what) == 0)
			break;
	if (i == s->nr_cover) {
		s->cover = sim_xreallocarray(s->cover, s->nr_cover + 1,
					     sizeof(*s->cover));
		s->cover_seen = sim_xreallocarray(s->cover_seen, s->nr_cover + 1,
						  sizeof(*s->cover_seen));
		memset(&s->cover[i], 0, sizeof(s->cover[i]));
		memcpy(s->cover[i].what, what, sizeof(what));
		s->cover_seen[i] = 0;
		s->nr_cover++;
	}
	/* Once per execution: s->executions numbers them from 1. */
	if (s->cover_seen[i] != s->executions) {
		s->cover_seen[i] = s->executions;
		s->cover[i].count++;
	}
}

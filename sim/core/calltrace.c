/* SPDX-License-Identifier: MIT */
/*
 * Call traces of logged steps: the return addresses on the running
 * actor's stack, taken with glibc's backtrace() (the unwinder reads the
 * code's CFI and walks the actor's own coroutine stack, whose first frame,
 * actor_entry(), returns to address 0: the walk ends there). Only the
 * re-run of a kept finding takes them; sim/explore/calltrace.c turns them
 * into "Call trace:" lines when the report is rendered.
 */
#include "sim_internal.h"

#include <assert.h>
#include <execinfo.h>
#include <stdlib.h>

int sim_calltraces(struct sim *s, bool on)
{
	size_t slots = s->cfg.max_steps + 1;

	_Static_assert(SIM_CALLTRACE_MAX < 256, "a count fits trace_len");
	assert(sim_cur == NULL);
	if (on && !s->trace_pcs) {
		void *probe[2];

		s->trace_pcs = calloc(slots * SIM_CALLTRACE_MAX, sizeof(void *));
		s->trace_len = calloc(slots, 1);
		if (!s->trace_pcs || !s->trace_len) {
			free(s->trace_pcs);
			free(s->trace_len);
			s->trace_pcs = NULL;
			s->trace_len = NULL;
			return -1;
		}
		/*
		 * The first backtrace() loads the unwinder (libgcc_s): do it
		 * here, on the thread's own stack, not on an actor's.
		 */
		backtrace(probe, 2);
	}
	s->calltraces = on;
	return 0;
}

void sim_calltrace_take(struct sim *s, size_t i)
{
	void *buf[SIM_CALLTRACE_MAX + 1];
	int n = 0;

	assert(s->calltraces && s->trace_pcs);
	assert(i < s->cfg.max_steps + 1);
	/* A step the scheduler logs (an actor's start) has no code of its own. */
	if (sim_running(s))
		n = backtrace(buf, SIM_CALLTRACE_MAX + 1);
	/*
	 * buf[0] is in this function (the sanitizer build's interceptor of
	 * backtrace() may add its own frame): the engine's, as are the next
	 * few, which the reader drops by the step's site.
	 */
	s->trace_len[i] = 0;
	for (int k = 1; k < n && buf[k]; k++)
		s->trace_pcs[i * SIM_CALLTRACE_MAX + s->trace_len[i]++] = buf[k];
	assert(s->trace_len[i] <= SIM_CALLTRACE_MAX);
}

size_t sim_log_calltrace(const struct sim *s, size_t i, void *const **pcs)
{
	assert(i < s->log_len);
	if (!s->trace_pcs || !s->calltraces_taken) {
		*pcs = NULL;
		return 0;
	}
	*pcs = &s->trace_pcs[i * SIM_CALLTRACE_MAX];
	return s->trace_len[i];
}

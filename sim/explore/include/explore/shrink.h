/* SPDX-License-Identifier: MIT */
/*
 * Shrinking: make the schedule of a finding smaller while it still shows
 * the same finding (same sim_finding_key()). Fewer preemptions first, then
 * fewer steps; never longer than the schedule given.
 *
 * A schedule here is the actor id chosen at each step. Running one: at
 * step i choose schedule[i] (the run is abandoned when it is not a
 * candidate); past its end, a non-preemptive continuation: the actor of
 * the previous step while it can go on, else the lowest id. A preemption
 * is a switch away from an actor that was still a candidate.
 *
 * Executions are deterministic functions of the schedule, except for the
 * lock-order history lockdep keeps across executions: every run made here
 * sees the history as it was before the execution that just ended (so a
 * "possible circular locking dependency" shows again), and afterwards the
 * history is put back as that execution left it, so the exploration goes
 * on exactly as if nothing had been re-run.
 */
#ifndef SIM_SHRINK_H
#define SIM_SHRINK_H

#include <stddef.h>

#include <sim/engine.h>

/* Executions one sim_shrink() may run, the first (the input) included. */
#define SIM_SHRINK_MAX_RUNS 200

/*
 * Shrink @schedule, the full schedule of the execution that just ended on
 * @s with a finding whose key is @key. Passes, repeated while one helps:
 * 1. truncation at each context switch (the continuation does the rest);
 * 2. at each preemption, the preempted actor's runs of steps joined: its
 *    next run brought forward, or this one put off until the next, or
 *    only its next step brought forward;
 * 3. removing each run of one actor's steps, then 4. each single step.
 * A try is kept only when it shows the same key with fewer preemptions, or
 * as many in fewer steps, and is no longer than @schedule. Deterministic.
 * When nothing helps, or @schedule does not show @key, *@out is a copy of
 * @schedule.
 * Return: 0 with *@out (malloc'd, *@out_len <= @len), or -1 when out of
 * memory.
 */
int sim_shrink(struct sim *s, const int *schedule, size_t len, const char *key,
	       int **out, size_t *out_len);

/*
 * Re-running a schedule against the history of the execution that just
 * ended (what sim_shrink() does for each try): begin before any re-run,
 * end after the last (it puts the history back and frees @r).
 */
struct sim_rerun;

/* Return: NULL when out of memory. */
struct sim_rerun *sim_rerun_begin(struct sim *s);
/* One execution following @schedule as above; its preemptions to *@pre. */
enum sim_exec_result sim_rerun(struct sim_rerun *r, const int *schedule,
			       size_t len, int *pre);
void sim_rerun_end(struct sim_rerun *r);

#endif /* SIM_SHRINK_H */

/* SPDX-License-Identifier: MIT */
/*
 * Work sharing between the workers of one search (--jobs N): a board on
 * which a search hands a branch of its own to a worker that has nothing
 * to do (a task), and takes the result back when its own search reaches
 * that branch. dpor uses it (sim/explore/dpor.c says what a task carries
 * and when a result is taken or thrown away); the driver
 * (sim/explore/driver.c) runs the tasks.
 *
 * A task is taken at most once. Its giver waits for it with
 * sim_share_wait(), which gives the task back unrun when no worker has
 * taken it yet: a giver never waits for a worker that is not coming.
 */
#ifndef SIM_EXPLORE_SHARE_H
#define SIM_EXPLORE_SHARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <explore/explore.h>

struct sim_share;
struct sim_task;
struct sim_giver;

struct sim_share *sim_share_new(void);
void sim_share_free(struct sim_share *sh);

/*
 * Whether a worker waits for a task and none is on the board: cheap
 * enough for every execution boundary (two relaxed loads).
 */
bool sim_share_wanted(const struct sim_share *sh);

/*
 * How hand-outs of one kind have fared so far, search-wide: the tasks
 * taken back against those thrown away. dpor gives a branch its search
 * has just inserted into (a risky one) only while no more of them were
 * thrown away than taken back.
 */
void sim_share_risky_outcome(struct sim_share *sh, bool taken);
bool sim_share_risky_pays(const struct sim_share *sh);
/*
 * Likewise, how the waits of tasks for their giver's steps (dpor's hold)
 * have fared: whether the steps came. A wait costs a worker a few of its
 * giver's executions, a step that comes too late the task's work, so it
 * waits while at least one wait in eight (after the first sixteen) saw
 * them come.
 */
void sim_share_hold_outcome(struct sim_share *sh, bool came);
bool sim_share_hold_pays(const struct sim_share *sh);

/*
 * A search that gives tasks, as its tasks see it: how far it has run,
 * and whether it runs at all (it waits for a task of its own, or holds).
 * sim_giver_ran() is cheap enough for every execution.
 */
struct sim_giver *sim_giver_new(struct sim_share *sh);
void sim_giver_free(struct sim_giver *g);
void sim_giver_ran(struct sim_giver *g, uint64_t runs);

/*
 * Put a task on the board for unit @unit of the split search: @in is the
 * giver's (freed with @free_in), @budget the runs it may take, @giver
 * the search giving it.
 */
struct sim_task *sim_share_give(struct sim_share *sh, size_t unit, void *in,
				void (*free_in)(void *), uint64_t budget,
				struct sim_giver *giver);

/*
 * A worker's side: the next task, waiting for one; NULL once the search
 * is over (sim_share_over()).
 */
struct sim_task *sim_share_take(struct sim_share *sh);
/* The worker has run @t: its result, lock history and the strategy's out. */
void sim_share_finish(struct sim_share *sh, struct sim_task *t);
/* No task will come any more: sim_share_take() returns NULL. */
void sim_share_over(struct sim_share *sh);

/*
 * How a giver that waits runs a task meanwhile: @help runs @t and calls
 * sim_share_finish(); @can_help says whether the calling thread can now.
 */
void sim_share_helpers(struct sim_share *sh, bool (*can_help)(void *ctx),
		       void (*help)(void *ctx, struct sim_task *t), void *ctx);
/*
 * The giver's side: wait until @t has been run, running tasks on the
 * board meanwhile (sim_share_helpers()). From then on the giver posts
 * @t nothing (sim_task_hold()). Return: false when no
 * worker had taken it (it is off the board and the giver runs it itself).
 */
bool sim_share_wait(struct sim_share *sh, struct sim_task *t);
/*
 * Mail for a task while it runs, oldest first: its giver posts (@msg is
 * one malloc() block, freed with free() if never fetched), the worker
 * fetches between executions (NULL: none; a relaxed load when empty).
 * Mail left when the task is done was never seen by it.
 */
void sim_task_post(struct sim_task *t, void *msg);
void *sim_task_fetch(struct sim_task *t);
bool sim_task_mail_left(struct sim_task *t);
/*
 * The worker running @t waits a little for mail that may still come:
 * until its giver has run @runs more executions, waits for @t (it posts
 * nothing after), waits for anything or holds itself, or @t is cancelled.
 * @self: the worker's search as a giver, which does not run meanwhile.
 */
void sim_task_hold(struct sim_share *sh, struct sim_task *t,
		   struct sim_giver *self, uint64_t runs);
/* Tell the worker running @t that its result will not be used. */
void sim_task_cancel(struct sim_task *t);
bool sim_task_cancelled(const struct sim_task *t);
void sim_task_free(struct sim_task *t);

size_t sim_task_unit(const struct sim_task *t);
void *sim_task_in(const struct sim_task *t);
uint64_t sim_task_budget(const struct sim_task *t);
/* What the worker's strategy sends back (freed with @free_out). */
void sim_task_set_out(struct sim_task *t, void *out, void (*free_out)(void *));
void *sim_task_out(const struct sim_task *t);
/* The worker's search: its counts and findings, and its lock history. */
struct sim_explore_result *sim_task_result(struct sim_task *t);
void sim_task_set_log(struct sim_task *t, struct sim_lock_log *log);
struct sim_lock_log *sim_task_log(const struct sim_task *t);

#endif

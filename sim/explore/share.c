/* SPDX-License-Identifier: MIT */
/* The board tasks are handed out on (<explore/share.h>). */
#include <explore/share.h>

#include <assert.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <sim/alloc.h>

enum task_state { QUEUED, TAKEN, DONE, RECLAIMED };

struct sim_task {
	struct sim_task *next;		/* on the board */
	enum task_state state;		/* under the board's lock */
	_Atomic bool cancelled;
	size_t unit;
	uint64_t budget;
	void *in, *out;
	void (*free_in)(void *), (*free_out)(void *);
	struct sim_explore_result res;
	struct sim_lock_log *log;
	struct sim_giver *giver;
	bool settled;			/* its giver waits for it: no more mail */
	/* Mail, under its own lock: the board's is the busy one. */
	uv_mutex_t mail_lock;
	_Atomic size_t nr_mail;
	void **mail;
	size_t mail_head, mail_cap;
};

struct sim_share {
	uv_mutex_t lock;
	uv_cond_t cond;			/* a task given, run, or the end */
	struct sim_task *head, **tail;	/* queued, oldest first */
	_Atomic unsigned waiting;	/* workers in sim_share_take() */
	_Atomic unsigned queued;
	_Atomic unsigned risky_taken, risky_thrown;	/* tasks */
	_Atomic unsigned holds, holds_paid;
	bool over;
	/* A giver that waits runs tasks meanwhile, when it can. */
	bool (*can_help)(void *ctx);
	void (*help)(void *ctx, struct sim_task *t);
	void *ctx;
};

struct sim_giver {
	struct sim_share *sh;
	_Atomic uint64_t runs;
	_Atomic bool idle;		/* waiting, or holding: runs stand still */
	_Atomic unsigned holders;	/* workers in sim_task_hold() on it */
};

struct sim_giver *sim_giver_new(struct sim_share *sh)
{
	struct sim_giver *g = sim_xcalloc(1, sizeof(*g));

	g->sh = sh;
	return g;
}

void sim_giver_free(struct sim_giver *g)
{
	free(g);
}

/* Those holding on @g see a change. */
static void giver_wake(struct sim_giver *g)
{
	if (!atomic_load(&g->holders))
		return;
	uv_mutex_lock(&g->sh->lock);
	uv_cond_broadcast(&g->sh->cond);
	uv_mutex_unlock(&g->sh->lock);
}

void sim_giver_ran(struct sim_giver *g, uint64_t runs)
{
	atomic_store(&g->runs, runs);
	giver_wake(g);
}

static void giver_idle(struct sim_giver *g, bool idle)
{
	if (!g)
		return;
	atomic_store(&g->idle, idle);
	if (idle)
		giver_wake(g);
}

struct sim_share *sim_share_new(void)
{
	struct sim_share *sh = sim_xcalloc(1, sizeof(*sh));

	uv_mutex_init(&sh->lock);
	uv_cond_init(&sh->cond);
	sh->tail = &sh->head;
	return sh;
}

void sim_share_free(struct sim_share *sh)
{
	if (!sh)
		return;
	assert(!sh->head);
	uv_cond_destroy(&sh->cond);
	uv_mutex_destroy(&sh->lock);
	free(sh);
}

bool sim_share_wanted(const struct sim_share *sh)
{
	return atomic_load_explicit(&sh->waiting, memory_order_relaxed) >
	       atomic_load_explicit(&sh->queued, memory_order_relaxed);
}

void sim_share_risky_outcome(struct sim_share *sh, bool taken)
{
	atomic_fetch_add_explicit(taken ? &sh->risky_taken : &sh->risky_thrown,
				  1, memory_order_relaxed);
}

bool sim_share_risky_pays(const struct sim_share *sh)
{
	return atomic_load_explicit(&sh->risky_thrown, memory_order_relaxed) <=
	       atomic_load_explicit(&sh->risky_taken, memory_order_relaxed);
}

void sim_share_hold_outcome(struct sim_share *sh, bool came)
{
	atomic_fetch_add_explicit(&sh->holds, 1, memory_order_relaxed);
	if (came)
		atomic_fetch_add_explicit(&sh->holds_paid, 1,
					  memory_order_relaxed);
}

bool sim_share_hold_pays(const struct sim_share *sh)
{
	unsigned n = atomic_load_explicit(&sh->holds, memory_order_relaxed);

	return n < 16 ||
	       8 * atomic_load_explicit(&sh->holds_paid, memory_order_relaxed) >= n;
}

struct sim_task *sim_share_give(struct sim_share *sh, size_t unit, void *in,
				void (*free_in)(void *), uint64_t budget,
				struct sim_giver *giver)
{
	struct sim_task *t = sim_xcalloc(1, sizeof(*t));

	t->giver = giver;
	t->unit = unit;
	t->in = in;
	t->free_in = free_in;
	t->budget = budget;
	uv_mutex_init(&t->mail_lock);
	uv_mutex_lock(&sh->lock);
	t->state = QUEUED;
	*sh->tail = t;
	sh->tail = &t->next;
	atomic_fetch_add(&sh->queued, 1);
	uv_cond_broadcast(&sh->cond);
	uv_mutex_unlock(&sh->lock);
	return t;
}

/* Take @t off the board, wherever it is in the queue. Under the lock. */
static void unlink_task(struct sim_share *sh, struct sim_task *t)
{
	struct sim_task **link = &sh->head;

	while (*link != t)
		link = &(*link)->next;
	*link = t->next;
	if (sh->tail == &t->next)
		sh->tail = link;
	t->next = NULL;
	atomic_fetch_sub(&sh->queued, 1);
}

struct sim_task *sim_share_take(struct sim_share *sh)
{
	struct sim_task *t = NULL;

	uv_mutex_lock(&sh->lock);
	atomic_fetch_add(&sh->waiting, 1);
	while (!sh->head && !sh->over)
		uv_cond_wait(&sh->cond, &sh->lock);
	atomic_fetch_sub(&sh->waiting, 1);
	if (sh->head) {
		t = sh->head;
		unlink_task(sh, t);
		t->state = TAKEN;
	}
	uv_mutex_unlock(&sh->lock);
	return t;
}

void sim_share_finish(struct sim_share *sh, struct sim_task *t)
{
	uv_mutex_lock(&sh->lock);
	t->state = DONE;
	uv_cond_broadcast(&sh->cond);
	uv_mutex_unlock(&sh->lock);
}

void sim_share_over(struct sim_share *sh)
{
	uv_mutex_lock(&sh->lock);
	sh->over = true;
	uv_cond_broadcast(&sh->cond);
	uv_mutex_unlock(&sh->lock);
}

void sim_share_helpers(struct sim_share *sh, bool (*can_help)(void *ctx),
		       void (*help)(void *ctx, struct sim_task *t), void *ctx)
{
	sh->can_help = can_help;
	sh->help = help;
	sh->ctx = ctx;
}

bool sim_share_wait(struct sim_share *sh, struct sim_task *t)
{
	bool ran, idle = false;

	uv_mutex_lock(&sh->lock);
	t->settled = true;
	uv_cond_broadcast(&sh->cond);
	if (t->state == QUEUED) {
		unlink_task(sh, t);
		t->state = RECLAIMED;
	}
	/*
	 * Meanwhile, tasks on the board, the waited one's among them. They
	 * are newer than what waits here, and a task waits only for tasks it
	 * gave, newer still: the newest always goes on, so no wait is forever.
	 */
	while (t->state == TAKEN) {
		bool can = sh->can_help && sh->can_help(sh->ctx);

		/* Its runs stand still from here: not at a task reclaimed. */
		if (!idle && t->giver) {
			idle = true;
			atomic_store(&t->giver->idle, true);
			uv_cond_broadcast(&sh->cond);
		}

		if (can && sh->head) {
			struct sim_task *h = sh->head;

			unlink_task(sh, h);
			h->state = TAKEN;
			uv_mutex_unlock(&sh->lock);
			sh->help(sh->ctx, h);
			uv_mutex_lock(&sh->lock);
			continue;
		}
		if (can)
			atomic_fetch_add(&sh->waiting, 1);
		uv_cond_wait(&sh->cond, &sh->lock);
		if (can)
			atomic_fetch_sub(&sh->waiting, 1);
	}
	ran = t->state == DONE;
	uv_mutex_unlock(&sh->lock);
	if (idle)
		giver_idle(t->giver, false);
	return ran;
}

void sim_task_hold(struct sim_share *sh, struct sim_task *t,
		   struct sim_giver *self, uint64_t runs)
{
	struct sim_giver *g = t->giver;
	uint64_t until;

	if (!g)
		return;
	giver_idle(self, true);
	until = atomic_load(&g->runs) + runs;
	uv_mutex_lock(&sh->lock);
	atomic_fetch_add(&g->holders, 1);
	while (!t->settled && !sim_task_cancelled(t) && !atomic_load(&g->idle) &&
	       atomic_load(&g->runs) < until)
		uv_cond_wait(&sh->cond, &sh->lock);
	atomic_fetch_sub(&g->holders, 1);
	uv_mutex_unlock(&sh->lock);
	giver_idle(self, false);
}

void sim_task_post(struct sim_task *t, void *msg)
{
	size_t n;

	uv_mutex_lock(&t->mail_lock);
	n = atomic_load_explicit(&t->nr_mail, memory_order_relaxed);
	if (t->mail_head + n == t->mail_cap) {
		if (t->mail_head) {
			memmove(t->mail, &t->mail[t->mail_head], n * sizeof(*t->mail));
			t->mail_head = 0;
		} else {
			t->mail_cap = t->mail_cap ? 2 * t->mail_cap : 8;
			t->mail = sim_xreallocarray(t->mail, t->mail_cap,
						    sizeof(*t->mail));
		}
	}
	t->mail[t->mail_head + n] = msg;
	atomic_store_explicit(&t->nr_mail, n + 1, memory_order_relaxed);
	uv_mutex_unlock(&t->mail_lock);
}

void *sim_task_fetch(struct sim_task *t)
{
	void *msg = NULL;
	size_t n;

	if (!atomic_load_explicit(&t->nr_mail, memory_order_relaxed))
		return NULL;
	uv_mutex_lock(&t->mail_lock);
	n = atomic_load_explicit(&t->nr_mail, memory_order_relaxed);
	if (n) {
		msg = t->mail[t->mail_head++];
		atomic_store_explicit(&t->nr_mail, n - 1, memory_order_relaxed);
		if (n == 1)
			t->mail_head = 0;
	}
	uv_mutex_unlock(&t->mail_lock);
	return msg;
}

bool sim_task_mail_left(struct sim_task *t)
{
	bool left;

	uv_mutex_lock(&t->mail_lock);
	left = atomic_load_explicit(&t->nr_mail, memory_order_relaxed) != 0;
	uv_mutex_unlock(&t->mail_lock);
	return left;
}

void sim_task_cancel(struct sim_task *t)
{
	atomic_store_explicit(&t->cancelled, true, memory_order_relaxed);
}

bool sim_task_cancelled(const struct sim_task *t)
{
	return atomic_load_explicit(&t->cancelled, memory_order_relaxed);
}

void sim_task_free(struct sim_task *t)
{
	if (!t)
		return;
	if (t->free_in)
		t->free_in(t->in);
	if (t->free_out)
		t->free_out(t->out);
	sim_explore_result_free(&t->res);
	sim_history_log_free(t->log);
	for (size_t n = atomic_load(&t->nr_mail); n; n--)
		free(t->mail[t->mail_head++]);
	free(t->mail);
	uv_mutex_destroy(&t->mail_lock);
	free(t);
}

size_t sim_task_unit(const struct sim_task *t)
{
	return t->unit;
}

void *sim_task_in(const struct sim_task *t)
{
	return t->in;
}

uint64_t sim_task_budget(const struct sim_task *t)
{
	return t->budget;
}

void sim_task_set_out(struct sim_task *t, void *out, void (*free_out)(void *))
{
	if (t->free_out)
		t->free_out(t->out);
	t->out = out;
	t->free_out = free_out;
}

void *sim_task_out(const struct sim_task *t)
{
	return t->out;
}

struct sim_explore_result *sim_task_result(struct sim_task *t)
{
	return &t->res;
}

void sim_task_set_log(struct sim_task *t, struct sim_lock_log *log)
{
	sim_history_log_free(t->log);
	t->log = log;
}

struct sim_lock_log *sim_task_log(const struct sim_task *t)
{
	return t->log;
}

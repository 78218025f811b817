/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: runs one execution from a fresh initial state, stopping
 * every actor at each visible operation and letting the chooser decide
 * which enabled actor goes next. Nothing here allocates or makes a system
 * call once the instance exists: the hot path is a coroutine switch.
 */
#include "sim_internal.h"
#include "kcsan.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Thread_local struct sim *sim_cur;

static const char *const op_kind_names[] = {
#define SIM_OP_NAME(name, label, format) label,
	SIM_OP_KINDS(SIM_OP_NAME)
#undef SIM_OP_NAME
};

const char *sim_op_kind_name(enum sim_op_kind kind)
{
	assert(kind >= 0 && kind < SIM_OP__COUNT);
	return op_kind_names[kind];
}

struct sim *sim_create(const struct sim_config *cfg,
		       const struct sim_hooks *hooks)
{
	struct sim *s = calloc(1, sizeof(*s));

	assert(cfg->max_steps > 0);
	if (!s)
		return NULL;
	sim_crash_guard_install();
	s->cfg = *cfg;
	s->hooks = *hooks;
	s->current = -1;
	s->watch_id = -1;
	/* What KASAN's judgement costs is measured against this. */
	s->kasan_off = getenv("ITSIM_NO_KASAN") != NULL;
	s->log = calloc(cfg->max_steps + 1, sizeof(*s->log));
	s->schedule = calloc(cfg->max_steps + 1, sizeof(*s->schedule));
	if (!s->log || !s->schedule || !sim_arena_init(s) ||
	    (cfg->kcsan && !sim_kcsan_init(s))) {
		sim_destroy(s);
		return NULL;
	}
	sim_lockdep_init(s);
	return s;
}

void sim_destroy(struct sim *s)
{
	if (!s)
		return;
	assert(sim_cur != s);
	for (int i = 0; i < SIM_MAX_ACTORS; i++)
		sim_coro_fini(&s->actors[i].coro);
	sim_arena_fini(s);
	sim_kcsan_fini(s);
	free(s->fault_space);
	free(s->alloc_sites);
	free(s->cover);
	free(s->cover_seen);
	free(s->log);
	free(s->schedule);
	free(s->trace_pcs);
	free(s->trace_len);
	free(s->step_holders);
	free(s);
}

struct sim *sim_current(void)
{
	return sim_cur;
}

void sim_set_model_ctx(void *ctx)
{
	assert(sim_cur);
	sim_cur->model_ctx = ctx;
}

const char *sim_setup_bug(const struct sim *s)
{
	return s->setup_bug[0] ? s->setup_bug : NULL;
}

void *sim_model_ctx(void)
{
	return sim_cur ? sim_cur->model_ctx : NULL;
}

int sim_current_actor(void)
{
	struct sim_actor *a = sim_running(sim_cur);

	return a ? (int)(a - sim_cur->actors) : -1;
}

bool sim_in_actor(void)
{
	return sim_running(sim_cur) != NULL;
}

int sim_nr_actors(const struct sim *s)
{
	return s->nr_actors;
}

void sim_publish_check(const char *what, const char *func, int line)
{
	struct sim *s = sim_cur;

	if (!s || !sim_running(s))
		return;		/* building the initial state */
	for (int i = 0; i < s->nr_actors; i++) {
		if (i == s->current || i == s->rcu_actor ||
		    s->actors[i].state == SIM_ACTOR_DONE)
			continue;
		fprintf(stderr,
			"itsim: %s:%d: %s while %s runs: RCU-published data may "
			"only change while no other thread runs (it is read in "
			"invisible code); make the access a visible operation\n",
			func, line, what, s->actors[i].name);
		abort();
	}
}

const struct sim_event *sim_last_event_of_current(const struct sim *s)
{
	for (uint32_t i = s->log_len; i-- > 0;)
		if (s->log[i].actor == s->current)
			return &s->log[i];
	return NULL;
}

bool sim_actor_unfinished(const struct sim *s, int actor)
{
	assert(actor >= 0 && actor < s->nr_actors);
	return s->actors[actor].state == SIM_ACTOR_RUNNABLE;
}

const char *sim_actor_name(const struct sim *s, int actor)
{
	assert(actor >= 0 && actor < s->nr_actors);
	return s->actors[actor].name;
}

int sim_actor_lookup(const struct sim *s, const char *name)
{
	for (int i = 0; i < s->nr_actors; i++)
		if (strcmp(s->actors[i].name, name) == 0)
			return i;
	return -1;
}

const struct sim_finding *sim_last_finding(const struct sim *s)
{
	return s->failed ? &s->finding : NULL;
}

size_t sim_log_len(const struct sim *s)
{
	return s->log_len;
}

const struct sim_event *sim_log_at(const struct sim *s, size_t i)
{
	assert(i < s->log_len);
	return &s->log[i];
}

size_t sim_schedule_len(const struct sim *s)
{
	return s->schedule_len;
}

int sim_schedule_at(const struct sim *s, size_t i)
{
	assert(i < s->schedule_len);
	return s->schedule[i];
}

/* Entry of every actor coroutine: run the program, then finish for good. */
static void actor_entry(void)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = &s->actors[s->current];

	sim_coro_started(&s->sched);
	a->fn(a->arg);
	sim_check_ref_deficit(s, a);
	sim_lockdep_actor_exit(s, a);
	a->state = SIM_ACTOR_DONE;
	sim_coro_jump(&a->coro, &s->sched);
	abort();	/* a finished actor is never resumed */
}

int sim_spawn(struct sim *s, const char *name, void (*fn)(void *arg),
	      void *arg)
{
	struct sim_actor *a;
	int id = s->nr_actors;

	assert(fn);
	if (id >= SIM_MAX_ACTORS)
		return -1;
	a = &s->actors[id];
	if (!a->coro.base && !sim_coro_init(&a->coro, SIM_STACK_SIZE))
		return -1;
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->state = SIM_ACTOR_RUNNABLE;
	a->fn = fn;
	a->arg = arg;
	a->not_before = 0;
	a->rcu_depth = 0;
	a->locks_held = 0;
	a->shared_held = 0;
	a->atomic = false;
	a->ref_deficit = -1;
	a->nr_held = 0;
	a->doing[0] = '\0';
	a->doing_now[0] = '\0';
	a->parts = 0;
	a->op_seq = 0;
	a->op_allocs = 0;
	a->space_slot = -1;
	a->op_log = 0;
	sim_coro_prepare(&a->coro, actor_entry);
	/*
	 * An actor spawned by another actor has not run its first invisible
	 * stretch yet; starting it is a step of its own, chosen like any
	 * other, so spawning never runs code out of turn.
	 */
	a->started = s->current < 0;
	a->spawn_step = s->current < 0 ? -1 : (long)s->step - 1;
	a->lifelong = NULL;
	memset(&a->pending, 0, sizeof(a->pending));
	a->pending.kind = SIM_OP_START;
	s->nr_actors++;
	sim_kcsan_spawn(s, id);
	return id;
}

void sim_actor_holds(struct sim *s, int actor, struct sim_lock *lock)
{
	assert(actor >= 0 && actor < s->nr_actors);
	assert(lock->ops);
	/*
	 * Not counted in locks_held: a lock held for the actor's whole life
	 * protects nothing that changes while the actor runs.
	 */
	/* One such lock per actor: a vCPU thread's own mutex. */
	assert(!s->actors[actor].lifelong);
	s->actors[actor].lifelong = lock;
	lock->ops->acquire(lock, actor);
	sim_lockdep_acquired(s, &s->actors[actor], lock, NULL, true);
}

void sim_actor_set_atomic(struct sim *s, int actor, bool atomic)
{
	assert(actor >= 0 && actor < s->nr_actors);
	s->actors[actor].atomic = atomic;
}

void sim_actor_doing(const char *what)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;

	_Static_assert(sizeof(((struct sim_finding *)0)->doing) == SIM_DOING_MAX,
		       "a finding holds what its actor was doing");
	if (!a)
		return;
	snprintf(a->doing, sizeof(a->doing), "%s", what);
	a->doing_now[0] = '\0';
	a->parts = 0;
	/* A new operation: fail-nth counts its allocations from 1. */
	a->op_seq++;
	a->op_allocs = 0;
	a->space_slot = -1;
	a->op_log = s->log_len;
}

void sim_actor_doing_now(const char *what)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;

	_Static_assert(sizeof(((struct sim_finding *)0)->doing_now) ==
		       SIM_DOING_NOW_MAX, "a finding holds the part too");
	if (a)
		snprintf(a->doing_now, sizeof(a->doing_now), "%s", what ? what : "");
}

int sim_actor_next_part(void)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;

	return a ? ++a->parts : 0;
}

const struct sim_op *sim_pending_op(const struct sim *s, int actor)
{
	assert(actor >= 0 && actor < s->nr_actors);
	assert(s->actors[actor].state == SIM_ACTOR_RUNNABLE);
	return &s->actors[actor].pending;
}

long sim_actor_spawn_step(const struct sim *s, int actor)
{
	assert(actor >= 0 && actor < s->nr_actors);
	return s->actors[actor].spawn_step;
}

bool sim_actor_in_critical_section(const struct sim *s, int actor)
{
	assert(actor >= 0 && actor < s->nr_actors);
	return s->actors[actor].locks_held > 0;
}

void sim_not_before(uint64_t t)
{
	struct sim_actor *a = sim_running(sim_cur);

	assert(a);
	a->not_before = t;
}

/* Switch from the running actor back to the scheduler. */
static void yield_to_scheduler(struct sim *s, struct sim_actor *a)
{
	sim_coro_jump(&a->coro, &s->sched);
	/* Resumed: the scheduler chose us. */
	assert(sim_cur == s);
	assert(&s->actors[s->current] == a);
}

/*
 * --coverage: the sites where the checkers judged what an operation did
 * (a put, a free, a lock taken), so a clean row shows which of them its
 * executions reached.
 */
static void cover_checked_site(const struct sim_op *op)
{
	char where[SIM_WHERE_MAX];

	switch (op->kind) {
	case SIM_OP_REF_DEC:
	case SIM_OP_FREE:
	case SIM_OP_FREE_RCU:
		sim_cover("checked site: %s at %s", op->what ? op->what :
			  sim_op_kind_name(op->kind),
			  sim_site_where(op->site, where, sizeof(where)));
		break;
	case SIM_OP_LOCK:
		sim_cover("checked site: %s(%s) at %s", sim_op_lock_verb(op),
			  op->cls ? op->cls->name : "?",
			  sim_site_where(op->site, where, sizeof(where)));
		break;
	default:
		break;
	}
}

void sim_visible(struct sim_op *op)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = sim_running(s);

	if (!a)
		return;
	assert(op->kind > SIM_OP_START && op->kind < SIM_OP__COUNT);
	assert(op->site);
	sim_check_ref_deficit(s, a);
	a->pending = *op;
	yield_to_scheduler(s, a);
	sim_check_lifetime(s, op);
}

void sim_done(struct sim_op *op)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = sim_running(s);
	struct sim_event *ev;

	if (!a)
		return;
	assert(s->log_len < s->cfg.max_steps + 1);
	ev = &s->log[s->log_len++];
	ev->step = s->step - 1;
	ev->actor = s->current;
	ev->time = s->now;
	ev->op = *op;
	sim_kcsan_event(s, ev);
	sim_log_calltrace_take(s, s->log_len - 1);
	sim_check_refcount(s, ev);
	if (s->watch_id >= 0)
		sim_watch_step(s);
	if (s->cover_on)
		cover_checked_site(op);
}

void sim_watch_holders(struct sim *s, int obj_id)
{
	s->watch_id = obj_id;
}

void sim_wait_others(const struct sim_site *site)
{
	struct sim_op op = { .kind = SIM_OP_WAIT_OTHERS, .site = site,
			     .what = "wait for the other actors" };

	sim_visible(&op);
	sim_done(&op);
}

_Noreturn void sim_fail(struct sim *s)
{
	struct sim_actor *a = sim_running(s);

	assert(s->failed);
	assert(a);
	if (s->attempt) {
		struct sim_event *ev = &s->log[s->log_len];

		assert(s->log_len < s->cfg.max_steps + 1);
		ev->step = s->step;
		ev->actor = s->current;
		ev->time = s->now;
		ev->op = *s->attempt;
		sim_log_calltrace_take(s, s->log_len);
		sim_finding_step(&s->finding, (uint32_t)s->log_len++,
				 "attempted here");
		s->attempt = NULL;
	}
	sim_coro_jump(&a->coro, &s->sched);
	abort();	/* a failed execution's actors are never resumed */
}

static bool op_enabled(const struct sim *s, int id)
{
	const struct sim_actor *a = &s->actors[id];
	const struct sim_op *op = &a->pending;

	switch (op->kind) {
	case SIM_OP_LOCK:
	case SIM_OP_XA_STORE:
	case SIM_OP_XA_ERASE:
	case SIM_OP_XA_RESERVE:
		if (!op->lock)
			return true;
		/*
		 * A lock inside a freed object holds poison: let the actor
		 * run, and the lifetime checker report the access.
		 */
		if (sim_obj_is_freed((struct sim *)s, op->lock))
			return true;
		/* Waiting for a lock: not runnable, never spinning. */
		return op->lock->ops->can_acquire(op->lock, id);
	case SIM_OP_WAIT_OTHERS:
		/*
		 * The other threads, not the RCU callbacks: those go on while
		 * the VM is torn down (and end only after everyone else).
		 */
		for (int i = 0; i < s->nr_actors; i++)
			if (i != id && i != s->rcu_actor &&
			    s->actors[i].state != SIM_ACTOR_DONE)
				return false;
		return true;
	case SIM_OP_RCU_CALLBACK:
		if (sim_rcu_ready((struct sim *)s))
			return true;
		for (int i = 0; i < s->nr_actors; i++)
			if (i != id && s->actors[i].state != SIM_ACTOR_DONE)
				return false;
		return true;
	case SIM_OP_SYNC:
		/* A grace period ends once no other actor is a reader. */
		for (int i = 0; i < s->nr_actors; i++) {
			const struct sim_actor *r = &s->actors[i];

			if (i == id || r->state == SIM_ACTOR_DONE)
				continue;
			if (op->lock ? (op->lock->holders >> i) & 1 :
				       sim_holds_off_gp(r))
				return false;
		}
		return true;
	default:
		return true;
	}
}

/* Run actor @id until its next visible operation or its end. */
static void run_actor(struct sim *s, int id)
{
	assert(s->current == -1);
	s->current = id;
	sim_coro_jump(&s->sched, &s->actors[id].coro);
	s->current = -1;
}

/*
 * The candidates at this step: enabled actors whose operation is due at
 * the current virtual time. Time advances to the earliest due operation
 * only when nothing is due now.
 */
static int candidates(struct sim *s, int *cands)
{
	uint64_t earliest = UINT64_MAX;
	bool enabled[SIM_MAX_ACTORS];
	int n = 0;

	for (int i = 0; i < s->nr_actors; i++) {
		const struct sim_actor *a = &s->actors[i];

		enabled[i] = a->state == SIM_ACTOR_RUNNABLE && op_enabled(s, i);
		if (enabled[i] && a->not_before < earliest)
			earliest = a->not_before;
	}
	if (earliest == UINT64_MAX)
		return 0;
	if (earliest > s->now)
		s->now = earliest;
	for (int i = 0; i < s->nr_actors; i++)
		if (enabled[i] && s->actors[i].not_before <= s->now)
			cands[n++] = i;
	assert(n > 0);
	return n;
}

static void report_stuck(struct sim *s, bool livelock)
{
	struct sim_finding *f;
	char line[300], where[SIM_WHERE_MAX];

	f = sim_finding_begin(s, livelock ? SIM_FINDING_LIVELOCK :
					    SIM_FINDING_DEADLOCK, NULL);
	if (livelock)
		snprintf(f->title, sizeof(f->title),
			 "livelock: no end after %llu steps",
			 (unsigned long long)s->cfg.max_steps);
	else
		snprintf(f->title, sizeof(f->title),
			 "deadlock: every unfinished actor is blocked");
	for (int i = 0; i < s->nr_actors; i++) {
		const struct sim_actor *a = &s->actors[i];
		const struct sim_op *op = &a->pending;

		if (a->state == SIM_ACTOR_DONE || livelock || i == s->rcu_actor)
			continue;
		snprintf(line, sizeof(line), "%s blocked in %s at %s%s%s\n",
			 a->name, op->what ? op->what : sim_op_kind_name(op->kind),
			 sim_site_where(op->site, where, sizeof(where)),
			 op->cls ? " on " : "",
			 op->cls ? op->cls->name : "");
		strncat(f->detail, line, sizeof(f->detail) - strlen(f->detail) - 1);
	}
}

static void reset(struct sim *s)
{
	sim_arena_reset(s);
	sim_kcsan_reset(s);
	sim_lock_static_reset();
	sim_lock_static_note(s);
	s->nr_actors = 0;
	s->current = -1;
	s->in_hook = false;
	s->log_len = 0;
	s->schedule_len = 0;
	s->now = 0;
	s->step = 0;
	s->failed = false;
	s->warned = false;
	s->abandon = false;
	s->attempt = NULL;
	s->rcu_actor = -1;
	s->rcu_queued = 0;
	s->nr_injected = 0;
	s->watch_prev = -1;
	s->watch_drop = -1;
	s->calltraces_taken = s->calltraces;
	memset(&s->finding, 0, sizeof(s->finding));
}

/*
 * The model builds the initial state. A BUG there (sim_bug()) comes back
 * here: the state is thrown away with the execution. Return: whether it
 * was built.
 */
static bool run_setup(struct sim *s)
{
	s->setup_bug[0] = '\0';
	if (setjmp(s->setup_jmp) == 0) {
		s->in_setup = true;
		s->hooks.setup(s, s->hooks.ctx);
	}
	s->in_setup = false;
	return s->setup_bug[0] == '\0';
}

enum sim_exec_result sim_execute(struct sim *s, const struct sim_chooser *ch)
{
	enum sim_exec_result res = SIM_EXEC_CLEAN;
	int cands[SIM_MAX_ACTORS];

	assert(sim_cur == NULL);
	sim_crash_guard_thread();
	sim_cur = s;
	reset(s);
	s->executions++;
	if (!run_setup(s)) {
		sim_cur = NULL;
		return SIM_EXEC_ABANDONED;
	}
	sim_effects_setup(s);
	/* Initial actors run their invisible prologue in actor order. */
	for (int i = 0; i < s->nr_actors && !s->failed && !s->abandon; i++)
		if (s->actors[i].started)
			run_actor(s, i);

	while (!s->failed && !s->abandon) {
		int n = candidates(s, cands);
		int pick, id;
		bool locked;

		if (n == 0) {
			for (int i = 0; i < s->nr_actors; i++)
				if (s->actors[i].state != SIM_ACTOR_DONE &&
				    i != s->rcu_actor) {
					report_stuck(s, false);
					break;
				}
			break;
		}
		if (s->step >= s->cfg.max_steps) {
			report_stuck(s, true);
			break;
		}
		pick = ch->choose(ch->ctx, s, cands, n);
		if (pick < 0) {
			res = SIM_EXEC_ABANDONED;
			break;
		}
		assert(pick < n);
		id = cands[pick];
		s->schedule[s->schedule_len++] = id;
		s->step++;
		locked = s->actors[id].started && sim_effects_locked(s, id);
		if (!s->actors[id].started) {
			struct sim_event *ev = &s->log[s->log_len++];

			memset(ev, 0, sizeof(*ev));
			ev->step = s->step - 1;
			ev->actor = id;
			ev->time = s->now;
			ev->op.kind = SIM_OP_START;
			ev->op.what = "start";
			sim_log_calltrace_take(s, s->log_len - 1);
			s->actors[id].started = true;
			sim_kcsan_start(s, id);
		}
		run_actor(s, id);
		sim_effects_step(s, locked);
	}
	if (s->abandon)
		res = SIM_EXEC_ABANDONED;
	if (!s->failed && res == SIM_EXEC_CLEAN) {
		sim_rcu_flush(s);
		if (s->hooks.invariants)
			sim_check_end_invariants(s);
		if (s->failed)
			;	/* the invariant is the finding */
		else if (s->cfg.check_leaks)
			sim_check_leaks(s);
		else if (s->hooks.holders)
			sim_check_ref_leaks(s);
	}
	if (!s->failed && res == SIM_EXEC_CLEAN && s->warned) {
		s->finding = s->warning;
		s->failed = true;
	}
	if (s->failed)
		res = SIM_EXEC_FINDING;
	sim_cur = NULL;
	return res;
}

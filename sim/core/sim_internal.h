/* SPDX-License-Identifier: MIT */
/* The engine's private state. Only sim/core/ includes this. */
#ifndef SIM_CORE_INTERNAL_H
#define SIM_CORE_INTERNAL_H

#include <setjmp.h>

#include <sim/alloc.h>
#include <sim/engine.h>
#include <sim/cover.h>
#include <sim/fault.h>

#include "coro.h"

#define SIM_SETUP_ACTOR 63	/* lock-holder bit used while building state */
/*
 * The arena is reserved, not committed: pages are touched as objects are
 * carved, so a big limit costs nothing until an execution needs it. It
 * stands for the guest's memory cgroup, not a capacity of the engine's:
 * an execution that fills it has run away (its "crash" finding says so).
 * The object table starts small and grows up to SIM_MAX_OBJECTS.
 */
#define SIM_MAX_OBJECTS (1u << 22)
#define SIM_OBJECTS_INITIAL 8192u
#define SIM_MAX_RCU_PENDING 256
#define SIM_ARENA_SIZE (1u << 30)
/* Shims' bookkeeping per execution (sim_scratch_alloc), reserved only. */
#define SIM_SCRATCH_SIZE (64u << 20)
#define SIM_STACK_SIZE (256u << 10)

enum sim_actor_state { SIM_ACTOR_RUNNABLE, SIM_ACTOR_DONE };

#define SIM_MAX_HELD 24		/* locks one actor may hold at once */
#define SIM_MAX_CLASSES 64	/* lock classes the order checker tracks */

/*
 * A directed graph of lock classes 0..n-1, read through @edge, for the
 * one path search (sim_lock_graph_path, lockgraph.c).
 */
struct sim_lock_graph {
	int n;
	bool (*edge)(const void *ctx, int from, int to);
	const void *ctx;
};
/*
 * Depth first from @from: whether @to is reachable, with the path (from
 * first, to last) in @path[0..*len). @seen has n entries, all false.
 */
bool sim_lock_graph_path(const struct sim_lock_graph *g, int from, int to,
			 int *path, int *len, bool *seen);

/* A lock an actor holds, as lockdep's held_lock. */
struct sim_held {
	struct sim_lock *lock;
	const struct sim_lock_class *cls;
	const struct sim_site *site;	/* where it was taken */
	uint32_t step;
	bool lifelong;		/* sim_actor_holds(): released at the end */
};

/* One observed dependency: @to was taken while @from was held. */
struct sim_dep {
	bool seen;
	const struct sim_site *from_site, *to_site;
	char actor[SIM_ACTOR_NAME_MAX];
	uint64_t execution;
};

struct sim_actor {
	char name[SIM_ACTOR_NAME_MAX];
	char doing[SIM_DOING_MAX];	/* sim_actor_doing() */
	char doing_now[SIM_DOING_NOW_MAX];	/* sim_actor_doing_now() */
	int parts;		/* sim_actor_next_part() of this operation */
	enum sim_actor_state state;
	void (*fn)(void *arg);
	void *arg;
	bool started;		/* has run up to its first visible operation */
	long spawn_step;	/* the step of the actor that spawned it, or -1 */
	struct sim_lock *lifelong;	/* held from start to end (sim_actor_holds) */
	struct sim_op pending;	/* valid while runnable and started */
	uint64_t not_before;
	int rcu_depth;
	/* s->rcu_queued when its section holding off grace periods began. */
	uint64_t gp_since;
	int locks_held;		/* locks this actor took and holds now */
	int shared_held;	/* ... of which read sides (srcu_read_lock) */
	bool atomic;		/* atomic context: must never sleep */
	/* Its last put that left fewer references than holders, or -1: the
	 * holder must be gone by its next visible operation (check_refcount.c). */
	int32_t ref_deficit;
	struct sim_held held[SIM_MAX_HELD];
	int nr_held;
	/* Fault injection (fault.c): sim_actor_doing() calls so far, the
	 * allocations of the operation it runs, its entry in the space. */
	uint32_t op_seq, op_allocs;
	int32_t space_slot;
	/* The log length when its current operation began (sim_actor_doing()). */
	size_t op_log;
	struct sim_coro coro;
};

/* A failure an execution injected (fault.c), for its report. */
struct sim_injected {
	int actor;
	uint32_t op, nth;
	const char *what;
	const struct sim_site *site;
	char doing[SIM_DOING_MAX];
};

enum sim_obj_state { SIM_OBJ_LIVE, SIM_OBJ_RCU_PENDING, SIM_OBJ_FREED };

struct sim_obj {
	size_t offset;		/* into the arena */
	size_t size;
	uint32_t id;		/* per execution, in allocation order */
	enum sim_obj_state state;
	const char *type;	/* the kzalloc size expression */
	const struct sim_site *alloc_site;
	const struct sim_site *free_site;
	int alloc_actor, free_actor;
	uint32_t alloc_step, free_step;
	uint64_t rcu_readers;	/* RCU_PENDING: actors still to leave */
	uint64_t rcu_seq;	/* RCU_PENDING: place in the callback queue */
	uint64_t rcu_waited;	/* the readers when it was queued */
	uint32_t ref_off;	/* its refcount's offset + 1, or 0: none */
	bool ref_tracked;	/* the holders hook knew it at a put */
	/* step_effects.c: its holders are looked at after each step, and
	 * what they were at the last look. */
	bool holders_tracked;
	int holders_last;
	char name[64];		/* captured when freed */
};

struct sim {
	struct sim_config cfg;
	struct sim_hooks hooks;
	void *model_ctx;	/* sim_set_model_ctx() */
	/* Building the initial state: a BUG there unwinds to sim_execute(). */
	bool in_setup;
	jmp_buf setup_jmp;
	char setup_bug[256];	/* what it was, or "" */

	struct sim_actor actors[SIM_MAX_ACTORS];
	int nr_actors;
	int current;		/* running actor, or -1 for the scheduler */
	bool in_hook;		/* a checker hook runs: shims act directly */
	struct sim_coro sched;

	char *arena;
	size_t arena_used;
	char *scratch;
	/*
	 * The locks with static storage, as this instance's thread has them
	 * (_Thread_local): where another instance's are (sim_translate()).
	 */
	const void *statics[SIM_MAX_STATIC_LOCKS];
	int nr_statics;
	size_t scratch_used;
	struct sim_obj *objs;
	uint32_t nr_objs, objs_cap;

	struct sim_event *log;	/* cfg.max_steps + 1 entries */
	size_t log_len;
	int *schedule;
	size_t schedule_len;
	uint64_t now;
	uint32_t step;

	bool failed;
	struct sim_finding finding;
	/*
	 * The execution's first WARN_ON() that fired (check_bug.c): the
	 * execution goes on, and it is the execution's finding if nothing
	 * worse happens by the end.
	 */
	bool warned;
	struct sim_finding warning;
	/* crash.c's watchdog: the progress it last saw, and for how long. */
	uint64_t wd_exec;
	uint32_t wd_step, wd_ms;
	/* Where this instance last found a hang: an actor stuck after a step
	 * at the same site is judged after one tick, not the whole limit. */
	const struct sim_site *wd_hang_site;
	bool abandon;		/* interrupted: the execution is given up */
	/*
	 * The operation the running actor is about to announce, while checks
	 * that judge the attempt itself (lock order, sleeping) run; a finding
	 * then logs it as the execution's last event.
	 */
	const struct sim_op *attempt;
	/* The RCU callback actor of this execution, or -1 until needed. */
	int rcu_actor;
	uint64_t rcu_queued;	/* kfree_rcu() calls this execution */
	/* Bumped by every free and arena reset: KASAN's cached live range. */
	uint64_t obj_epoch;
	/* KCSAN's clocks and shadow (check_kcsan.c), or NULL: not asked for. */
	struct sim_kcsan *kcsan;

	/* Fault injection (fault.c): the plan, kept across executions. */
	struct sim_fault fault_plan[SIM_FAULTS_MAX];
	int nr_fault_plan;
	bool fault_count;
	const char *const *fault_funcs;
	int nr_fault_funcs;
	struct sim_fault_point *fault_space;	/* counted across executions */
	size_t nr_fault_space;
	struct sim_alloc_site *alloc_sites;	/* ... and where */
	size_t nr_alloc_sites;
	struct sim_injected injected[SIM_FAULTS_MAX];	/* this execution's */
	int nr_injected;

	/* ITSIM_NO_KASAN set: KASAN's checks return at once (tools/bench). */
	bool kasan_off;

	/* Coverage (cover.c): on, the events seen, the last execution of each. */
	bool cover_on;
	struct sim_cover_item *cover;
	uint64_t *cover_seen;
	size_t nr_cover;

	/*
	 * step_effects.c: asked for (a strategy uses it), known this
	 * execution, and per step the objects whose holders it changed (a
	 * bit per object id modulo 64).
	 */
	bool track_effects, effects_known;
	uint64_t *step_holders;
	/* sim_guarded_hook(): one runs, and where to come back. */
	bool hook_guard;
	sigjmp_buf hook_jmp;

	/* sim_watch_holders(): the object, its holders after the last step,
	 * and the last fall (log index, from, to; index -1: none yet). */
	int watch_id;
	int watch_prev;
	long watch_drop;
	int watch_from, watch_to;

	/*
	 * sim_calltraces(): on, and the return addresses of each log entry
	 * (SIM_CALLTRACE_MAX a slot, cfg.max_steps + 1 slots, allocated the
	 * first time they are turned on) and how many each holds.
	 */
	bool calltraces;
	bool calltraces_taken;	/* the last execution ran with them on */
	void **trace_pcs;
	uint8_t *trace_len;

	/*
	 * Lock order, kept across all executions of this instance: the
	 * classes seen, the documented order between them (closure of
	 * cfg.lock_rules) and the dependencies observed so far.
	 */
	const struct sim_lock_class *classes[SIM_MAX_CLASSES];
	int class_rule[SIM_MAX_CLASSES];	/* index into rule_names, or -1 */
	int nr_classes;
	const char *rule_names[SIM_MAX_CLASSES];
	int nr_rule_names;
	bool rule_before[SIM_MAX_CLASSES][SIM_MAX_CLASSES];	/* [outer][inner] */
	const char *rule_why[SIM_MAX_CLASSES][SIM_MAX_CLASSES];
	struct sim_dep deps[SIM_MAX_CLASSES][SIM_MAX_CLASSES];	/* [from][to] */
	uint64_t executions;
	uint64_t history_gen;	/* bumped by each change of the above */
};

extern _Thread_local struct sim *sim_cur;

/* The actor running now, or NULL in setup, in a hook or outside sim. */
static inline struct sim_actor *sim_running(struct sim *s)
{
	if (!s || s->current < 0 || s->in_hook)
		return NULL;
	return &s->actors[s->current];
}

/* calltrace.c: record the running actor's call trace as log entry @i's. */
void sim_calltrace_take(struct sim *s, size_t i);

/* Log entry @i was just filled: its call trace, when they are on. */
static inline void sim_log_calltrace_take(struct sim *s, size_t i)
{
	if (s->calltraces)
		sim_calltrace_take(s, i);
}

/* Raise a finding from the running actor: never returns to it. */
_Noreturn void sim_fail(struct sim *s);
/* Start filling s->finding; returns it for the caller to complete. */
struct sim_finding *sim_finding_begin(struct sim *s,
				      enum sim_finding_kind kind,
				      const struct sim_site *site);
void sim_finding_step(struct sim_finding *f, uint32_t log_index,
		      const char *role);

/* Arena (arena.c). */
bool sim_arena_init(struct sim *s);
void sim_arena_fini(struct sim *s);
void sim_arena_reset(struct sim *s);
struct sim_obj *sim_obj_find(struct sim *s, const void *addr);
bool sim_obj_is_freed(struct sim *s, const void *addr);
void *sim_obj_base(struct sim *s, const struct sim_obj *o);
/*
 * The model's name for @o now (a freed object: the one it had when it was
 * freed). Return: false when the model does not know it, and @buf holds
 * "object #N (TYPE)", unique by its id.
 */
bool sim_obj_model_name(struct sim *s, struct sim_obj *o, char *buf,
			size_t len);
/* The name a report gives @o: the model's, told apart from others (report.c). */
void sim_obj_name(struct sim *s, struct sim_obj *o, char *buf, size_t len);
void sim_rcu_reader_left(struct sim *s, int actor);
/* An object whose grace period has ended and whose free is due, or NULL. */
struct sim_obj *sim_rcu_ready(struct sim *s);
#define SIM_RCU_ACTOR_NAME "[rcu]"
void sim_rcu_flush(struct sim *s);

/* Lock-order and context checks (check_lockdep.c, check_context.c). */
void sim_lockdep_init(struct sim *s);
/* The order checker's index of @cls, registering it on first sight. */
int sim_lockdep_class(struct sim *s, const struct sim_lock_class *cls);
/* Note where this thread's locks with static storage are, in @s. */
void sim_lock_static_note(struct sim *s);
void sim_lockdep_acquire(struct sim *s, struct sim_lock *lock,
			 const struct sim_site *site, bool trylock);
/* Only the recursion check of sim_lockdep_acquire() (sim_lock_check_inner()). */
void sim_lockdep_recursion(struct sim *s, struct sim_lock *lock,
			   const struct sim_site *site);
/* How many times @a holds @lock now (read sides nest); 0 for no actor. */
int sim_lockdep_held_count(const struct sim_actor *a, const struct sim_lock *lock);
void sim_lockdep_acquired(struct sim *s, struct sim_actor *a,
			  struct sim_lock *lock, const struct sim_site *site,
			  bool lifelong);
void sim_lockdep_release(struct sim *s, struct sim_lock *lock,
			 const struct sim_site *site);
void sim_lockdep_actor_exit(struct sim *s, struct sim_actor *a);
/* A sleeping operation is about to happen in the running actor. */
/*
 * A held lock that spins: the spinlock kinds, and any lock run by an
 * implementation whose holders are atomic ("spin"). Holding one disables
 * preemption (and IRQs for the _irqsave kinds).
 */
bool sim_held_spins(const struct sim_held *h);
/*
 * A read side (srcu_read_lock()): any number of holders, never waits,
 * and excludes nobody; unlike "noop", which stands for a lock that is
 * missing and whose holders still write what it would protect.
 */
static inline bool sim_lock_is_shared(const struct sim_lock *lock)
{
	return !lock->ops->exclusive && !lock->ops->noop;
}
/*
 * Whether @a holds off RCU grace periods now: an rcu_read_lock() section,
 * and, since the RCU flavours were consolidated (Linux 5.0), any region
 * with preemption or IRQs disabled (RCU-sched): a spinning lock held. An
 * atomic actor (the irqfd wakeup) is not counted for its whole life: the
 * kernel's wakeups are one each, with preemption on between them, and
 * the engine has no visible step where one ends; the locks and RCU
 * sections inside a wakeup count as everywhere.
 */
bool sim_holds_off_gp(const struct sim_actor *a);
void sim_might_sleep(struct sim *s, const char *what,
		     const struct sim_site *site);

/* Checkers (check_*.c), fed by the engine. */
void sim_check_lifetime(struct sim *s, const struct sim_op *op);
void sim_check_refcount(struct sim *s, const struct sim_event *ev);
void sim_check_leaks(struct sim *s);
void sim_check_ref_leaks(struct sim *s);
/*
 * Run @fn(@ctx), an engine hook that walks the code under test's
 * structures (holders, invariants, names), with in_hook set. Code under
 * test may have left a freed object linked there, and the walk fault: it
 * then comes back here. Return: 0, or the signal.
 */
int sim_guarded_hook(struct sim *s, void (*fn)(void *ctx), void *ctx);
/* A hook's question about one object, with room for its words. */
struct sim_obj_hook_call {
	struct sim *s;
	struct sim_obj *o;
	char *buf;
	size_t len;
	int ret;
};
/* The model's count of @o's holders (-1: it does not count them). */
int sim_holders_of(struct sim *s, struct sim_obj *o, char *who, size_t len);
/* The same, unnamed: nothing formatted (the hot path's). */
int sim_holders_count(struct sim *s, struct sim_obj *o);

/* step_effects.c: the engine's side. */
void sim_effects_setup(struct sim *s);
bool sim_effects_locked(const struct sim *s, int id);
void sim_effects_step(struct sim *s, bool locked);
void sim_effects_new_refcount(struct sim_obj *o);
/*
 * @f is the oops of the running actor: add the references its current
 * operation took and had not dropped, which the dead thread never will.
 */
void sim_note_dying_refs(struct sim *s, struct sim_finding *f);
/* sim_watch_holders()'s look after a step (sim_done()). */
void sim_watch_step(struct sim *s);
void sim_check_end_invariants(struct sim *s);
/*
 * The log index of the step that freed @o, or -1: a kfree(), or for an
 * object freed after a grace period the step of kind @rcu that stands for
 * it (SIM_OP_FREE_RCU: the kfree_rcu() call; SIM_OP_RCU_CALLBACK: the
 * callback that freed it).
 */
long sim_obj_free_event(struct sim *s, const struct sim_obj *o,
			enum sim_op_kind rcu);
/* Keeps check_kasan.c (the __asan_ callbacks) linked into executables. */
void sim_kasan_keep(void);
/* KASAN's judgement of one plain access (for the __tsan_ callbacks). */
void sim_kasan_check(uintptr_t addr, size_t size, bool write);
/* Keeps kcsan_tsan.c (the __tsan_ callbacks) linked into executables. */
void sim_kcsan_keep(void);
void sim_check_ref_deficit(struct sim *s, struct sim_actor *a);
/* The running actor's last logged event, or NULL: where a finding that is
 * no visible operation (a warning, a crash, a hang) says the actor was. */
const struct sim_event *sim_last_event_of_current(const struct sim *s);
/* crash.c: the alternate signal stack and the watchdog's timer, once per
 * thread. */
void sim_crash_guard_thread(void);

#endif /* SIM_CORE_INTERNAL_H */

/* SPDX-License-Identifier: MIT */
/*
 * The engine: one simulator instance runs one execution at a time, from a
 * freshly built initial state, with every choice of which actor goes next
 * made by a chooser (the exploration strategy). An instance owns all of its
 * state; several instances may run on different threads.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sim/finding.h>
#include <sim/lock.h>
#include <sim/op.h>

struct sim;

#define SIM_MAX_ACTORS 32
#define SIM_ACTOR_NAME_MAX 48

/* The program under test, as the scenario layer builds it. */
/* A broken invariant (sim_hooks.invariants): the finding it makes. */
struct sim_violation {
	int kind;			/* enum sim_finding_kind */
	const struct sim_site *site;
	char object[96];
	char title[160];
	char detail[640];
};

/*
 * A broken invariant found by the running actor itself (the ITS tables
 * right after its save): the execution's finding is @v's, and it ends.
 */
_Noreturn void sim_report_violation(const struct sim_violation *v);

struct sim_hooks {
	void *ctx;
	/* Build the initial state and spawn the actors (no visible operations). */
	void (*setup)(struct sim *s, void *ctx);
	/*
	 * Number of references live structures hold on the object at @obj,
	 * and who they are in @buf; -1 when it is not a refcounted object.
	 */
	int (*holders)(void *ctx, const void *obj, char *buf, size_t len);
	/* A deterministic name for a live object; false if unknown. */
	bool (*describe)(void *ctx, const void *obj, const char *alloc_func,
			 char *buf, size_t len);
	/*
	 * Optional: the kernel's invariants, judged on the state every
	 * otherwise clean execution ends in (all actors done, pending RCU
	 * frees run), as the leak check is. Return: true with @v filled
	 * when one is broken; the execution's finding is then @v's.
	 */
	bool (*invariants)(void *ctx, struct sim_violation *v);
};

/* A lock class (by name) run by a given implementation. */
struct sim_lock_binding {
	const char *class_name;
	const struct sim_lock_ops *ops;
};

struct sim_config {
	uint64_t max_steps;	/* per execution; beyond it: livelock */
	bool check_leaks;	/* the scenario tears everything down */
	const struct sim_lock_binding *locks;
	int nr_locks;
	/* The documented lock order, NULL-terminated (may be NULL). */
	const struct sim_lock_rule *lock_rules;
	/*
	 * An actor that runs this many milliseconds of CPU time without a
	 * visible operation (a loop the scheduler cannot see into) ends its
	 * execution with a "hang" finding; 0: no limit.
	 */
	uint32_t hang_ms;
	/*
	 * KCSAN (check_kcsan.c): track happens-before and judge the plain
	 * accesses of code built with SIM_KCSAN_CFLAGS.
	 */
	bool kcsan;
};

/*
 * Chooses among the candidate actors (ids in ascending order) at each
 * step. Return: an index into @cands, or -1 to abandon the execution (a
 * replayed schedule that cannot be followed).
 */
struct sim_chooser {
	void *ctx;
	int (*choose)(void *ctx, const struct sim *s, const int *cands, int n);
};

enum sim_exec_result {
	SIM_EXEC_CLEAN,		/* every actor finished, no finding */
	SIM_EXEC_FINDING,	/* a checker reported; see sim_finding() */
	SIM_EXEC_ABANDONED,	/* the chooser returned -1 */
};

struct sim *sim_create(const struct sim_config *cfg,
		       const struct sim_hooks *hooks);
void sim_destroy(struct sim *s);

enum sim_exec_result sim_execute(struct sim *s, const struct sim_chooser *ch);

/* The finding of the last execution (valid until the next one). */
const struct sim_finding *sim_last_finding(const struct sim *s);

/* Spawn an actor: during setup, or from an actor (it starts later). */
int sim_spawn(struct sim *s, const char *name, void (*fn)(void *arg),
	      void *arg);
/* The calling actor's next visible operation does not start before @t. */
void sim_not_before(uint64_t t);
/* The calling actor waits until every other actor has finished. */
void sim_wait_others(const struct sim_site *site);
/* The calling actor's id, or -1 outside an actor. */
int sim_current_actor(void);
/* The instance running on this thread, or NULL. */
struct sim *sim_current(void);
/*
 * The kernel's BUG(): inside an actor, a "bug" finding that ends the
 * execution (the run goes on with the next one), titled "kernel BUG at
 * FUNC:LINE!" with @what. While the model builds the initial state, the
 * execution is abandoned and sim_setup_bug() says why: the model cannot
 * build the scenario's VM.
 */
_Noreturn void sim_bug(const char *what, const struct sim_site *site);
/*
 * The kernel's WARN_ON(): a "warning" finding if nothing worse happens in
 * the execution, which goes on. Only the first of an execution counts;
 * none while the initial state is built.
 */
void sim_warn(const char *what, const struct sim_site *site);
/*
 * Make a crash in an actor (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) a
 * "crash" finding that ends its execution only. sim_create() installs the
 * handlers; call it again after anything that took those signals over (a
 * test framework's own handlers).
 */
void sim_crash_guard_install(void);
/*
 * Link flags for code under test loaded as a shared object: its calls of
 * exit(), _exit(), _Exit(), quick_exit(), abort() and pthread_exit() reach
 * the engine, which makes them a "crash" finding of the running actor (the
 * executable exports the __wrap_ functions).
 */
/*
 * Compile flags for code under test built at run time: KASAN's plain
 * access checks as calls into the engine (check_kasan.c).
 */
#define SIM_KASAN_CFLAGS \
	"-fsanitize=kernel-address --param=asan-instrumentation-with-call-threshold=0 --param=asan-stack=0 --param=asan-globals=0"
/*
 * The same for --kcsan: gcc's thread sanitizer with every access an
 * outlined __tsan_ call (check_kcsan.c), volatile accesses told apart
 * (READ_ONCE(), WRITE_ONCE(): marked), no function entry and exit hooks,
 * as the kernel's KCSAN builds. gcc cannot combine it with KASAN; the
 * engine's __tsan_ callbacks judge each access for KASAN too. Compile
 * only: linking with it would pull in userspace TSan's runtime.
 */
#define SIM_KCSAN_CFLAGS \
	"-fsanitize=thread --param=tsan-distinguish-volatile=1 --param=tsan-instrument-func-entry-exit=0"
#define SIM_WRAP_EXIT_LDFLAGS \
	"-Wl,--wrap=exit,--wrap=_exit,--wrap=_Exit,--wrap=quick_exit,--wrap=abort,--wrap=pthread_exit"
/*
 * Ctrl-C or SIGTERM: an execution stuck in an actor's invisible code is
 * abandoned at the watchdog's next tick (within 50 ms of CPU
 * time), so the caller's own stop flag is seen. Async-signal-safe.
 */
void sim_interrupt(void);
/* The BUG that stopped the last execution's setup, or NULL. */
const char *sim_setup_bug(const struct sim *s);
/*
 * A pointer the model keeps with the instance running on this thread (a
 * kernel tree's struct kvm), so model code loaded from a shared object
 * needs no thread-local storage of its own. NULL until set.
 */
void sim_set_model_ctx(void *ctx);
void *sim_model_ctx(void);
/*
 * Mark @actor as holding @lock from the start until it ends (a vCPU
 * thread's vcpu->mutex, held for the whole of KVM_RUN).
 */
void sim_actor_holds(struct sim *s, int actor, struct sim_lock *lock);
/* @actor runs in atomic context (IRQs off): it must never sleep. */
void sim_actor_set_atomic(struct sim *s, int actor, bool atomic);
/*
 * What the running actor is doing, in the scenario's words ("ops[1]
 * its_commands its0: DISCARD 1:0, MAPTI 1:0 lpi 8193"): a finding of its
 * names it. Copied (cut at SIM_DOING_MAX - 1 bytes); "" clears it.
 */
#define SIM_DOING_MAX 112
void sim_actor_doing(const char *what);
/*
 * Which part of that operation the running actor is in ("its0 command
 * DISCARD 1:0"), named by the code under test as it goes; NULL or ""
 * clears it. A finding names it beside the operation.
 */
#define SIM_DOING_NOW_MAX 64
void sim_actor_doing_now(const char *what);
/*
 * The next part of the running actor's operation, counted from 1 since
 * its sim_actor_doing() (its N-th ITS command), or 0 outside an actor.
 */
int sim_actor_next_part(void);

/* The operation @actor (runnable) will perform when chosen next. */
const struct sim_op *sim_pending_op(const struct sim *s, int actor);
/*
 * The step during which another actor spawned @actor, or -1 when it was
 * spawned while the initial state was built.
 */
long sim_actor_spawn_step(const struct sim *s, int actor);
/*
 * Record, from the next execution on, which refcounted objects' holders
 * each step changed (sim/core/step_effects.c), for a strategy that
 * decides the refcount checker's dependencies on what a step did rather
 * than on what it might do. Return: -1 out of memory.
 */
int sim_track_step_effects(struct sim *s, bool on);
/*
 * Whether it is known which objects' holders step @step of the last
 * execution changed: then @mask has bit (id % 63) of each one's arena id,
 * and @unprotected says it changed some while its actor held no lock.
 */
bool sim_step_holders_changed(const struct sim *s, size_t step,
			      uint64_t *mask, bool *unprotected);
/* True when @actor holds a lock it took (not its lifelong vcpu->mutex). */
bool sim_actor_in_critical_section(const struct sim *s, int actor);
/*
 * Whether the pending operations of two actors commute in the current
 * state (partial-order reduction); conservative: false when unsure.
 */
bool sim_ops_independent(struct sim *s, int actor_a, int actor_b);

int sim_nr_actors(const struct sim *s);
/*
 * Whether @actor has not finished: after an execution that stopped at a
 * finding or a deadlock, its sim_pending_op() is what it would have done.
 */
bool sim_actor_unfinished(const struct sim *s, int actor);
const char *sim_actor_name(const struct sim *s, int actor);
int sim_actor_lookup(const struct sim *s, const char *name);

/* The event log of the last execution: one event per step. */
struct sim_event {
	uint32_t step;
	int actor;
	uint64_t time;
	struct sim_op op;
};

size_t sim_log_len(const struct sim *s);
const struct sim_event *sim_log_at(const struct sim *s, size_t i);
/* The schedule of the last execution: the actor chosen at each step. */
/*
 * For the following executions: after every step, ask the model's holders
 * hook about the object with id @obj_id (-1: none) and keep the last step
 * where its holders fell. A leak finding on that object then names the
 * step (a structure let go of it and no put followed). Costs a hook call
 * per step: for re-running a leak's trace for its report only.
 */
void sim_watch_holders(struct sim *s, int obj_id);

/*
 * Call traces, for the report of a kept finding: while on, each step
 * logged from an actor records the return addresses on the actor's own
 * stack, innermost first (the engine's own frames included: the reader
 * drops them), at most SIM_CALLTRACE_MAX. Off by default: taking one
 * walks the stack, which exploration never pays for; the finding's
 * schedule is re-run with it on before its report is rendered.
 * Return: 0, or -1 when out of memory (left off).
 */
#define SIM_CALLTRACE_MAX 24
int sim_calltraces(struct sim *s, bool on);
/*
 * The call trace of log entry @i of the last execution, in *@pcs: how
 * many return addresses (0 when traces were off, or for a step that no
 * actor's code took, such as an actor's start).
 */
size_t sim_log_calltrace(const struct sim *s, size_t i, void *const **pcs);
size_t sim_schedule_len(const struct sim *s);
int sim_schedule_at(const struct sim *s, size_t i);

/*
 * Describe what @addr points into, for reports: "vgic_irq LPI 8192",
 * "vgic_irq LPI 8192 (freed)", or "" when it is not an arena object.
 */
void sim_describe_addr(struct sim *s, const void *addr, char *buf,
		       size_t len);
/*
 * The object @addr lies in, without the field offset or " (freed)":
 * "vgic_irq LPI 8192"; "" when none (NULL, or not an arena object).
 */
void sim_describe_object(struct sim *s, const void *addr, char *buf,
			 size_t len);
/*
 * The lock-order history (kept across executions) around re-runs of the
 * execution that just ended: save it, rewind it before each re-run to how
 * it was before that execution, restore it after the last (which frees
 * the saved copy). Return: NULL when out of memory.
 */
struct sim_history;
struct sim_history *sim_history_save(struct sim *s);
void sim_history_rewind(struct sim_history *h);
void sim_history_restore(struct sim_history *h);
/*
 * Forget the lock-order history: the next execution starts a new run, as
 * each unit of a split search does (<explore/split.h>).
 */
void sim_history_forget(struct sim *s);
/* An observed lock dependency: @to was taken while @from was held. */
struct sim_lock_edge {
	const char *from, *to;	/* class names */
};
/*
 * The dependencies observed so far, at most @max of them into @out.
 * Return: how many there are (call with @max 0 to size @out).
 */
size_t sim_history_edges(const struct sim *s, struct sim_lock_edge *out,
			 size_t max);
/*
 * The lock-order history of a run that is part of a larger search (a
 * task of a shared search, <explore/share.h>): its dependencies, each
 * with the execution that saw it first, counted from the run's start
 * (@since: sim_history_executions() then). Merged into the history of the
 * search it belongs to, the dependencies are numbered after that
 * search's executions so far, as if the run had been its own, and it
 * counts the run's executions. Return of sim_history_log(): NULL on OOM.
 */
struct sim_lock_log;
/*
 * Where an instance keeps the program's objects (its arena and scratch
 * memory, its thread's locks with static storage): taken when it is
 * between executions, to move addresses of its into another instance
 * (sim_dep_event_translate()). Return of sim_place_of(): malloc'd (free()
 * it), or NULL when out of memory.
 */
struct sim_place;
struct sim_place *sim_place_of(const struct sim *s);
const void *sim_translate(const struct sim_place *from, const struct sim *to,
			  const void *p);
uint64_t sim_history_executions(const struct sim *s);
struct sim_lock_log *sim_history_log(const struct sim *s, uint64_t since);
void sim_history_log_free(struct sim_lock_log *l);
/* Whether @s's dependencies and @l's close a cycle together or alone. */
bool sim_history_log_cycle(const struct sim *s, const struct sim_lock_log *l);
void sim_history_log_merge(struct sim *s, const struct sim_lock_log *l);
/*
 * A run that goes back to an earlier point of its own and explores from
 * there again (a task of a shared search, sim/explore/dpor.c): the history
 * may stay only if it has not changed since that point (the same
 * sim_history_changes()); sim_history_back() then counts executions
 * from where sim_history_executions() was at the point.
 */
uint64_t sim_history_changes(const struct sim *s);
void sim_history_back(struct sim *s, uint64_t executions);
/*
 * A cycle in the union of @nr dependencies, found with the same search
 * the lock checker uses. Return: the number of classes on the cycle (0
 * when there is none); the first @max of them are written to @cycle, each
 * taken while holding the one before it, the first while holding the last.
 */
int sim_lock_edges_cycle(const struct sim_lock_edge *e, size_t nr,
			 const char **cycle, int max);

/* "mutex_lock", "raw_spin_unlock", ...: how a lock operation was written. */
const char *sim_op_lock_verb(const struct sim_op *op);
/* "&its->translation_cache": an xarray operation's array, by its lock class. */
void sim_op_xarray_name(const struct sim_op *op, char *buf, size_t len);
/* How an operation is shown. */
enum sim_op_style {
	/*
	 * A report's step: objects with their field offset and "(freed)",
	 * a lock with the object it lies in.
	 */
	SIM_OP_STYLE_REPORT,
	/*
	 * A picture's label: whole objects, a lock by its class only, the
	 * depth of a nested RCU read side.
	 */
	SIM_OP_STYLE_LABEL,
};
/*
 * Format @op (kind, object, arguments, result), e.g.
 * "xa_erase(&its->translation_cache, 0x10000) = vgic_irq LPI 8192".
 */
void sim_format_op(struct sim *s, const struct sim_op *op,
		   enum sim_op_style style, char *buf, size_t len);
/* Format one event as a report line (no trailing newline). */
void sim_format_event(struct sim *s, const struct sim_event *ev, char *buf,
		      size_t len);

/*
 * An engine instance with the program its hooks run (one per worker of a
 * search), and what its factory needs to free it.
 */
struct sim_instance {
	struct sim *sim;
	void *priv;
};

/*
 * Makes engine instances, each with state of its own (the engine, the
 * program its hooks run): the exploration driver asks for one per worker,
 * on its own thread, before any worker starts.
 */
struct sim_factory {
	void *ctx;
	/* Return: 0, or -1 with a one-line message in @err. */
	int (*create)(void *ctx, struct sim_instance *out, char *err,
		      size_t errlen);
	void (*destroy)(void *ctx, struct sim_instance *inst);
};

#endif /* SIM_ENGINE_H */

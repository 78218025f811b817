// SPDX-License-Identifier: MIT
/*
 * Code under test that crashes (a NULL dereference, a division by zero, a
 * stack overflow, an abort()) ends its execution with a "crash" finding,
 * as the kernel's oops ends the faulting thread: the exploration goes on,
 * every other result is kept, and the schedule replays the crash. The
 * handler runs on an alternate stack (an overflowing actor's own stack is
 * unusable) and leaves the actor the way a checker's finding does, by a
 * switch back to the scheduler; the actor's coroutine is abandoned and
 * made afresh by the next execution. A crash outside any actor (the
 * engine, or a model building its initial state) is fatal, as before,
 * after one line that says so.
 */
#include "sim_internal.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* Per thread: the stack the handler runs on, and the watchdog's timer. */
static _Thread_local char *alt_stack;
static _Thread_local bool has_watchdog;

/* The watchdog ticks every this many milliseconds of the thread's CPU. */
#define WATCHDOG_TICK_MS 50
#define WATCHDOG_SIGNAL SIGVTALRM

static atomic_bool interrupted;

static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGABRT: return "SIGABRT";
	}
	return "signal";
}

static bool in_guard_page(const struct sim_actor *a, const void *addr)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	const char *base = a->coro.base;

	return base && (const char *)addr < base &&
	       (const char *)addr >= base - page;
}

/* Leave the running actor for the scheduler, as sim_fail() does. */
static _Noreturn void leave_actor(struct sim *s, struct sim_actor *a)
{
	s->attempt = NULL;
	sim_coro_jump(&a->coro, &s->sched);
	abort();
}

/*
 * A fault at an address a kernel pointer holds by mistake, not by
 * corruption: the NULL page, or the top page, where ERR_PTR(-errno) and
 * the xarray's error entries (xa_mk_internal(-errno)) lie. Both are the
 * same in every run, so the report may print them.
 */
static bool bad_address(const void *p);

static bool bad_pointer(int sig, const siginfo_t *si)
{
	if ((sig != SIGSEGV && sig != SIGBUS) || si->si_code == SI_KERNEL)
		return false;
	return bad_address(si->si_addr);
}

static bool bad_address(const void *p)
{
	uintptr_t addr = (uintptr_t)p;

	return addr < 4096 || addr >= (uintptr_t)-4096;
}

/* The kernel's words for a fault at @addr, a bad pointer. */
static void bad_pointer_title(struct sim_finding *f, const void *addr,
			      const struct sim_actor *a)
{
	if ((uintptr_t)addr < 4096)
		snprintf(f->title, sizeof(f->title),
			 "Unable to handle kernel NULL pointer dereference at virtual address %016lx in %s",
			 (unsigned long)(uintptr_t)addr, a->name);
	else
		snprintf(f->title, sizeof(f->title),
			 "Unable to handle kernel paging request at virtual address %016lx in %s",
			 (unsigned long)(uintptr_t)addr, a->name);
}

static const char *bad_pointer_why(const void *addr)
{
	return (uintptr_t)addr < 4096 ? ", at NULL plus an offset" :
	       ", at an ERR_PTR() or an xarray error entry (IS_ERR()/xa_is_err() unchecked?)";
}

void sim_check_pointer(const void *p, const char *what,
		       const struct sim_site *site)
{
	struct sim *s = sim_cur;
	struct sim_actor *a;
	struct sim_finding *f;

	if (!bad_address(p) || !s || !(a = sim_running(s)) || s->failed)
		return;
	/*
	 * Judged before the shim touches it: the engine's own code would
	 * fault on it too, but the kernel's oops is the code under test's.
	 */
	f = sim_finding_begin(s, SIM_FINDING_BAD_POINTER, site);
	snprintf(f->object, sizeof(f->object), "%s", what);
	bad_pointer_title(f, p, a);
	snprintf(f->detail, sizeof(f->detail),
		 "%s called %s on %016lx%s; the execution ends here, the search goes on\n",
		 a->name, what, (unsigned long)(uintptr_t)p, bad_pointer_why(p));
	sim_note_dying_refs(s, f);
	sim_fail(s);
}

int sim_guarded_hook(struct sim *s, void (*fn)(void *ctx), void *ctx)
{
	/* Not changed between sigsetjmp() and a siglongjmp(): still valid. */
	bool was_in_hook = s->in_hook;
	int sig;

	if (s->hook_guard) {
		fn(ctx);	/* within one already: that one catches */
		return 0;
	}
	/* No signal mask saved: no system call on this path (the handler
	 * runs with SA_NODEFER, so nothing stays blocked). */
	sig = sigsetjmp(s->hook_jmp, 0);
	if (!sig) {
		s->hook_guard = true;
		s->in_hook = true;
		fn(ctx);
	}
	s->hook_guard = false;
	s->in_hook = was_in_hook;
	return sig;
}

static void crash_handler(int sig, siginfo_t *si, void *uc)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;
	struct sim_finding *f;
	const struct sim_event *last;
	char line[160];

	(void)uc;
	if (s && s->hook_guard)
		siglongjmp(s->hook_jmp, sig);	/* sim_guarded_hook() */
	if (!a || s->failed || s->in_hook) {
		/* Not the code under test's: die as we would have. */
		int n = snprintf(line, sizeof(line),
				 "itsim: fatal %s outside the code under test\n",
				 signal_name(sig));

		if (n > 0 && write(2, line, (size_t)n) < 0)
			n = 0;
		signal(sig, SIG_DFL);
		raise(sig);
		_exit(128 + sig);
	}
	/* Named by the actor's last visible step: where it was, as far as
	 * the engine saw (the faulting line is not known without unwinding). */
	last = sim_last_event_of_current(s);
	f = sim_finding_begin(s, bad_pointer(sig, si) ? SIM_FINDING_BAD_POINTER :
							SIM_FINDING_CRASH,
			      last ? last->op.site : NULL);
	snprintf(f->object, sizeof(f->object), "%s", signal_name(sig));
	if (sig == SIGSEGV && in_guard_page(a, si->si_addr))
		snprintf(f->title, sizeof(f->title),
			 "BUG: stack guard page was hit (kernel stack overflow) in %s",
			 a->name);
	else if (bad_pointer(sig, si))
		bad_pointer_title(f, si->si_addr, a);
	else if (sig == SIGSEGV && si->si_code == SI_KERNEL)
		/* x86-64 reports no address for a non-canonical one. */
		snprintf(f->title, sizeof(f->title),
			 "general protection fault, probably for non-canonical address (freed memory's poison?) in %s",
			 a->name);
	else if (sig == SIGSEGV || sig == SIGBUS)
		/* No address: it differs from run to run. */
		snprintf(f->title, sizeof(f->title),
			 "Unable to handle kernel paging request (%s) in %s",
			 signal_name(sig), a->name);
	else if (sig == SIGFPE)
		snprintf(f->title, sizeof(f->title),
			 "Internal error: arithmetic exception (division by zero?) in %s",
			 a->name);
	else if (sig == SIGABRT)
		snprintf(f->title, sizeof(f->title),
			 "Internal error: abort() called in %s", a->name);
	else
		snprintf(f->title, sizeof(f->title),
			 "Internal error: illegal instruction in %s", a->name);
	snprintf(f->detail, sizeof(f->detail),
		 "%s crashed (%s) after its step #%u%s; the execution ends here, the search goes on\n",
		 a->name, signal_name(sig), s->step ? s->step - 1 : 0,
		 !bad_pointer(sig, si) ? "" : bad_pointer_why(si->si_addr));
	if (last)
		sim_finding_step(f, (uint32_t)(last - s->log),
				 "its last step before the crash");
	sim_note_dying_refs(s, f);
	/* As sim_fail(): back to the scheduler; this actor never resumes. */
	leave_actor(s, a);
}

/*
 * exit() and its kin in code under test would end the whole run with every
 * result lost. Variant files and trees are linked with --wrap for each of
 * them, so the call lands here: inside an actor it ends the execution with
 * a "crash" finding, as an oops ends the thread; elsewhere (the engine, or
 * a model building its state) the process ends as the code asked.
 */
static _Noreturn void exit_called(const char *how, int code, bool has_code)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;
	const struct sim_event *last;
	struct sim_finding *f;

	if (!a || s->failed || s->in_hook) {
		fprintf(stderr, "itsim: %s called outside the code under test\n", how);
		fflush(NULL);
		if (!strcmp(how, "abort()"))
			abort();
		_exit(has_code ? code : 2);
	}
	last = sim_last_event_of_current(s);
	f = sim_finding_begin(s, SIM_FINDING_CRASH, last ? last->op.site : NULL);
	snprintf(f->object, sizeof(f->object), "%s", how);
	if (has_code)
		snprintf(f->title, sizeof(f->title),
			 "Internal error: %s called with status %d in %s",
			 how, code, a->name);
	else
		snprintf(f->title, sizeof(f->title),
			 "Internal error: %s called in %s", how, a->name);
	snprintf(f->detail, sizeof(f->detail),
		 "%s called %s after its step #%u; it would have ended the whole run, so the execution ends here and the search goes on\n",
		 a->name, how, s->step ? s->step - 1 : 0);
	if (last)
		sim_finding_step(f, (uint32_t)(last - s->log),
				 "its last step before the call");
	leave_actor(s, a);
}

/* The --wrap targets: exported by the sim executable. */
_Noreturn void __wrap_exit(int code);
_Noreturn void __wrap__exit(int code);
_Noreturn void __wrap__Exit(int code);
_Noreturn void __wrap_quick_exit(int code);
_Noreturn void __wrap_abort(void);
_Noreturn void __wrap_pthread_exit(void *ret);

void __wrap_exit(int code) { exit_called("exit()", code, true); }
void __wrap__exit(int code) { exit_called("_exit()", code, true); }
void __wrap__Exit(int code) { exit_called("_Exit()", code, true); }
void __wrap_quick_exit(int code) { exit_called("quick_exit()", code, true); }
void __wrap_abort(void) { exit_called("abort()", 0, false); }
void __wrap_pthread_exit(void *ret) { (void)ret; exit_called("pthread_exit()", 0, false); }

/*
 * Every WATCHDOG_TICK_MS of the thread's CPU time: an actor whose
 * execution has not taken a step since the last ticks is in a loop the
 * scheduler cannot see into. Past the limit it is a "hang"; once the run
 * is interrupted, the execution is abandoned at once.
 */
static void watchdog_tick(int sig, siginfo_t *si, void *uc)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;
	const struct sim_event *last;
	struct sim_finding *f;
	uint32_t limit;

	(void)sig;
	(void)si;
	(void)uc;
	if (!a || s->failed || s->in_hook)
		return;
	if (s->wd_exec != s->executions || s->wd_step != s->step) {
		s->wd_exec = s->executions;
		s->wd_step = s->step;
		s->wd_ms = 0;
		return;
	}
	s->wd_ms += WATCHDOG_TICK_MS;
	if (atomic_load(&interrupted)) {
		s->abandon = true;
		leave_actor(s, a);
	}
	if (!s->cfg.hang_ms)
		return;
	last = sim_last_event_of_current(s);
	/* The same loop again: proved once, it need not take the limit. */
	limit = last && last->op.site == s->wd_hang_site ? WATCHDOG_TICK_MS :
							   s->cfg.hang_ms;
	if (s->wd_ms < limit)
		return;
	f = sim_finding_begin(s, SIM_FINDING_HANG, last ? last->op.site : NULL);
	if (last)
		sim_finding_step(f, (uint32_t)(last - s->log),
				 "its last step before the hang");
	s->wd_hang_site = f->site;
	if (s->cfg.hang_ms % 1000)
		snprintf(f->title, sizeof(f->title),
			 "watchdog: BUG: soft lockup - %s stuck for %u.%03us without a visible operation",
			 a->name, s->cfg.hang_ms / 1000, s->cfg.hang_ms % 1000);
	else
		snprintf(f->title, sizeof(f->title),
			 "watchdog: BUG: soft lockup - %s stuck for %us without a visible operation",
			 a->name, s->cfg.hang_ms / 1000);
	snprintf(f->object, sizeof(f->object), "%s", a->name);
	snprintf(f->detail, sizeof(f->detail),
		 "%s ran %u ms of CPU time after its step #%u without reaching another visible operation (a loop the scheduler cannot see into); the execution ends here, the search goes on\n",
		 a->name, s->wd_ms, s->step ? s->step - 1 : 0);
	leave_actor(s, a);
}

void sim_interrupt(void)
{
	atomic_store(&interrupted, true);
}

static void start_watchdog(void)
{
	struct sigevent sev;
	struct itimerspec its;
	timer_t timer;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = WATCHDOG_SIGNAL;
	sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
	if (timer_create(CLOCK_THREAD_CPUTIME_ID, &sev, &timer) != 0)
		return;
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = WATCHDOG_TICK_MS * 1000000L;
	its.it_value = its.it_interval;
	if (timer_settime(timer, 0, &its, NULL) == 0)
		has_watchdog = true;
}

void sim_crash_guard_thread(void)
{
	size_t size = 64 * 1024;
	stack_t ss;
	void *map;

	/* Always: without a hang limit it still honours an interrupt. */
	if (!has_watchdog)
		start_watchdog();
	if (alt_stack)
		return;
	/*
	 * mmap'd, never freed: a sanitizer that unmaps the thread's
	 * alternate stack when the thread ends finds a mapping it can undo.
	 */
	map = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return;
	ss.ss_sp = map;
	ss.ss_size = size;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) != 0) {
		munmap(map, size);
		return;
	}
	alt_stack = map;
}

void sim_crash_guard_install(void)
{
	sim_kasan_keep();
	sim_kcsan_keep();
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = crash_handler;
	/* No mask left behind: the handler leaves by a stack switch. */
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(*crash_signals); i++)
		sigaction(crash_signals[i], &sa, NULL);
	sa.sa_sigaction = watchdog_tick;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER | SA_RESTART;
	sigaction(WATCHDOG_SIGNAL, &sa, NULL);
}

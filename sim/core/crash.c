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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

/* Per thread: the stack the handler runs on. */
static _Thread_local char *alt_stack;

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

static void crash_handler(int sig, siginfo_t *si, void *uc)
{
	struct sim *s = sim_cur;
	struct sim_actor *a = s ? sim_running(s) : NULL;
	struct sim_finding *f;
	const struct sim_event *last;
	char line[160];

	(void)uc;
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
	last = NULL;
	for (uint32_t i = s->log_len; i-- > 0;)
		if (s->log[i].actor == s->current) {
			last = &s->log[i];
			break;
		}
	f = sim_finding_begin(s, SIM_FINDING_CRASH, last ? last->op.site : NULL);
	snprintf(f->object, sizeof(f->object), "%s", signal_name(sig));
	if (sig == SIGSEGV && in_guard_page(a, si->si_addr))
		snprintf(f->title, sizeof(f->title),
			 "BUG: stack guard page was hit (kernel stack overflow) in %s",
			 a->name);
	else if ((sig == SIGSEGV || sig == SIGBUS) &&
		 (uintptr_t)si->si_addr < 4096)
		snprintf(f->title, sizeof(f->title),
			 "Unable to handle kernel NULL pointer dereference at virtual address %#lx in %s",
			 (unsigned long)(uintptr_t)si->si_addr, a->name);
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
		 "%s crashed (%s) after its step #%u; the execution ends here, the search goes on\n",
		 a->name, signal_name(sig), s->step ? s->step - 1 : 0);
	if (last)
		sim_finding_step(f, (uint32_t)(last - s->log),
				 "its last step before the crash");
	/* As sim_fail(): back to the scheduler; this actor never resumes. */
	s->attempt = NULL;
	sim_coro_jump(&a->coro, &s->sched);
	abort();
}

void sim_crash_guard_thread(void)
{
	size_t size = 64 * 1024;
	stack_t ss;
	void *map;

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
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = crash_handler;
	/* No mask left behind: the handler leaves by a stack switch. */
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(crash_signals) / sizeof(*crash_signals); i++)
		sigaction(crash_signals[i], &sa, NULL);
}

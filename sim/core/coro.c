/* SPDX-License-Identifier: MIT */
/*
 * Actor stacks and switching. The switch itself is a dozen instructions
 * (switch_*.S); swapcontext() would cost a system call per switch to save
 * the signal mask, which dominated the run time of an exploration.
 */
#include "coro.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_ASAN 1
#endif
#endif

#ifdef SIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

void sim_coro_switch(void **save_sp, void *load_sp);

bool sim_coro_init(struct sim_coro *c, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t total;
	char *map;

	assert(size % page == 0);
	total = size + page;
	map = mmap(NULL, total, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED)
		return false;
	/* The guard page turns a stack overflow into a fault, not corruption. */
	if (mprotect(map, page, PROT_NONE) != 0) {
		munmap(map, total);
		return false;
	}
	memset(c, 0, sizeof(*c));
	c->base = map + page;
	c->size = size;
	return true;
}

void sim_coro_fini(struct sim_coro *c)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (!c->base)
		return;
	munmap((char *)c->base - page, c->size + page);
	memset(c, 0, sizeof(*c));
}

void sim_coro_prepare(struct sim_coro *c, void (*entry)(void))
{
	uintptr_t top = ((uintptr_t)c->base + c->size) & ~(uintptr_t)15;
	uint64_t *frame;

	assert(c->base);
	assert(entry);
#ifdef SIM_ASAN
	/*
	 * An actor abandoned mid-execution (a finding ends it) never returns
	 * from its frames, so their red zones are still poisoned: clear them
	 * before the stack is used again.
	 */
	__asan_unpoison_memory_region(c->base, c->size);
#endif
#if defined(__x86_64__)
	/*
	 * Frame popped by sim_coro_switch: MXCSR and x87 control word, r15,
	 * r14, r13, r12, rbx, rbp, then the return address. After the ret,
	 * rsp is 8 mod 16, as at the entry of any called function.
	 */
	frame = (uint64_t *)(top - 72);
	memset(frame, 0, 72);
	frame[0] = 0x1f80 | ((uint64_t)0x037f << 32);
	frame[7] = (uint64_t)(uintptr_t)entry;
#elif defined(__aarch64__)
	/* x19..x28, x29 (fp), x30 (lr), d8..d15: 160 bytes, lr at +88. */
	frame = (uint64_t *)(top - 160);
	memset(frame, 0, 160);
	frame[11] = (uint64_t)(uintptr_t)entry;
#else
#error "itsim: no coroutine switch for this architecture (x86-64 and aarch64 only)"
#endif
	c->sp = frame;
}

void sim_coro_jump(struct sim_coro *from, struct sim_coro *to)
{
	assert(from != to);
	assert(to->sp);
#ifdef SIM_ASAN
	__sanitizer_start_switch_fiber(&from->asan_fake, to->base, to->size);
#endif
	sim_coro_switch(&from->sp, to->sp);
#ifdef SIM_ASAN
	__sanitizer_finish_switch_fiber(from->asan_fake, NULL, NULL);
#endif
}

void sim_coro_started(struct sim_coro *caller)
{
#ifdef SIM_ASAN
	const void *bottom = NULL;
	size_t size = 0;

	/* Learn the bounds of the thread's own stack for switching back. */
	__sanitizer_finish_switch_fiber(NULL, &bottom, &size);
	if (!caller->base) {
		caller->base = (void *)bottom;
		caller->size = size;
	}
#else
	(void)caller;
#endif
}

/* SPDX-License-Identifier: MIT */
/*
 * READ_ONCE()/WRITE_ONCE() are instrumented: each is a visible operation
 * on the location, so the scheduler may preempt before it.
 */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#include <linux/types.h>
#include <sim/site.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __must_check __attribute__((warn_unused_result))
#define __always_unused __attribute__((unused))
#define __maybe_unused __attribute__((unused))
#define __cleanup(func) __attribute__((cleanup(func)))

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

void __sim_read_once(const volatile void *p, const struct sim_site *site);
void __sim_write_once(volatile void *p, const struct sim_site *site);

#define READ_ONCE(x)                                                         \
	({                                                                   \
		__sim_read_once(&(x), SIM_HERE);                             \
		*(const volatile __typeof__(x) *)&(x);                       \
	})

#define WRITE_ONCE(x, val)                                                   \
	do {                                                                 \
		__sim_write_once(&(x), SIM_HERE);                            \
		*(volatile __typeof__(x) *)&(x) = (val);                     \
	} while (0)

/*
 * data_race(expr): the accesses of @expr are racy on purpose (statistics,
 * a diagnostic): under --kcsan they are not judged, as in the kernel.
 */
void __sim_data_race(int delta);
#define data_race(expr)                                                      \
	({                                                                   \
		__sim_data_race(1);                                          \
		__auto_type __v = (expr);                                    \
		__sim_data_race(-1);                                         \
		__v;                                                         \
	})

#endif /* _LINUX_COMPILER_H */

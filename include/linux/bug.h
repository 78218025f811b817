/* SPDX-License-Identifier: MIT */
/*
 * WARN_ON() and friends return their condition and, when it holds, make a
 * "warning" finding (sim_warn()): the execution carries on, as the kernel
 * does after its splat. BUG_ON() is a "bug" finding that ends the
 * execution (sim_bug()), as the kernel oopses the thread; the exploration
 * goes on either way.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

void __sim_warn(const char *cond, const struct sim_site *site);
_Noreturn void __sim_bug(const char *cond, const struct sim_site *site);

#define WARN_ON(cond)                                                        \
	({                                                                   \
		bool __c = !!(cond);                                         \
		if (unlikely(__c))                                           \
			__sim_warn(#cond, SIM_HERE);                         \
		unlikely(__c);                                               \
	})
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define WARN(cond, fmt, ...) WARN_ON(cond)
#define WARN_ONCE(cond, fmt, ...) WARN_ON(cond)
#define BUG() __sim_bug("BUG()", SIM_HERE)
#define BUG_ON(cond)                                                         \
	do {                                                                 \
		if (unlikely(cond))                                          \
			__sim_bug(#cond, SIM_HERE);                          \
	} while (0)

#endif /* _LINUX_BUG_H */

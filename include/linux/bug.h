/* SPDX-License-Identifier: MIT */
/*
 * WARN_ON() and friends. Inert: WARN_ON() evaluates and returns its
 * condition and the model carries on, as the kernel does after its splat;
 * the states a warning guards are judged by the checkers instead.
 * BUG_ON() is a "bug" finding that ends the execution (sim_bug()), as the
 * kernel oopses the thread; the exploration goes on.
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
#define BUG_ON(cond)                                                         \
	do {                                                                 \
		if (unlikely(cond))                                          \
			__sim_bug(#cond, SIM_HERE);                          \
	} while (0)

#endif /* _LINUX_BUG_H */

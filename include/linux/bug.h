/* SPDX-License-Identifier: MIT */
/*
 * WARN_ON() and friends. Inert: WARN_ON() evaluates and returns its
 * condition and the model carries on, as the kernel does after its splat;
 * the states a warning guards are judged by the checkers instead.
 * BUG_ON() stops the simulator with a message: the model must never reach
 * one, so reaching it is a bug in the model, not a finding.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

void __sim_warn(const char *cond, const struct sim_site *site);
void __sim_bug(const char *cond, const struct sim_site *site);

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

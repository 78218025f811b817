/* SPDX-License-Identifier: MIT */
/* Declared shim: common kernel helpers. No visible operations. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(type, a, b) min((type)(a), (type)(b))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))

/*
 * Sleeping is checked where it happens (mutex, allocation,
 * synchronize_*()); might_sleep() asks the same question on its own, as
 * CONFIG_DEBUG_ATOMIC_SLEEP does.
 */
#include <sim/lock.h>
#define might_sleep() sim_might_sleep_here("might_sleep()", SIM_HERE)

#endif /* _LINUX_KERNEL_H */

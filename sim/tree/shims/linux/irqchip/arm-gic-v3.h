/* SPDX-License-Identifier: MIT */
/*
 * The tree's own arm-gic-v3.h (staged, found next), after the types it
 * expects its includer to have defined.
 */
#ifndef _ITSIM_TREE_ARM_GIC_V3_WRAP_H
#define _ITSIM_TREE_ARM_GIC_V3_WRAP_H

#include <linux/types.h>
#include <linux/bits.h>
#include <linux/spinlock.h>
#include <asm/arch_gicv3.h>

#include_next <linux/irqchip/arm-gic-v3.h>

#endif

/* SPDX-License-Identifier: MIT */
/* irqreturn_t is in <linux/types.h>. */
#ifndef _ITSIM_TREE_LINUX_IRQRETURN_H
#define _ITSIM_TREE_LINUX_IRQRETURN_H
#include <linux/types.h>
#define IRQ_NONE 0
#define IRQ_HANDLED 1
#endif

/* SPDX-License-Identifier: MIT */
/* Nothing beyond <linux/irq.h>. */
#ifndef _ITSIM_TREE_LINUX_IRQDOMAIN_H
#define _ITSIM_TREE_LINUX_IRQDOMAIN_H
#include <linux/irq.h>
#endif

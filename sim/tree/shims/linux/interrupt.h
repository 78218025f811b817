/* SPDX-License-Identifier: MIT */
/* Nothing beyond the umbrella header. */
#ifndef _ITSIM_TREE_LINUX_INTERRUPT_H
#define _ITSIM_TREE_LINUX_INTERRUPT_H
#include <linux/irq.h>
#endif

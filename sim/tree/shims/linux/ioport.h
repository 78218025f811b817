/* SPDX-License-Identifier: MIT */
/* struct resource, as <linux/irqchip/arm-vgic-info.h> embeds it. */
#ifndef _ITSIM_TREE_LINUX_IOPORT_H
#define _ITSIM_TREE_LINUX_IOPORT_H
#include <linux/types.h>
struct resource { phys_addr_t start; phys_addr_t end; const char *name; unsigned long flags; };
#define resource_size(r) ((r)->end - (r)->start + 1)
#endif

/* SPDX-License-Identifier: MIT */
/* Nothing the vgic files use. */
#ifndef _ITSIM_TREE_LINUX_CPU_H
#define _ITSIM_TREE_LINUX_CPU_H

#endif

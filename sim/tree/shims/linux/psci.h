/* SPDX-License-Identifier: MIT */
/* Nothing the vgic files use. */
#ifndef _ITSIM_TREE_LINUX_PSCI_H
#define _ITSIM_TREE_LINUX_PSCI_H

#endif

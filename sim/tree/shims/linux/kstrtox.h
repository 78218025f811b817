/* SPDX-License-Identifier: MIT */
/* Early parameters are never parsed here. */
#ifndef _ITSIM_TREE_LINUX_KSTRTOX_H
#define _ITSIM_TREE_LINUX_KSTRTOX_H

#endif

/* SPDX-License-Identifier: MIT */
/* The timer's vgic hooks are never reached. */
#ifndef _ITSIM_TREE_KVM_ARM_ARCH_TIMER_H
#define _ITSIM_TREE_KVM_ARM_ARCH_TIMER_H

#endif

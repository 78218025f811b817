/* SPDX-License-Identifier: MIT */
/* Everything the vgic files use of it is in the umbrella header. */
#ifndef _ITSIM_TREE_ASM_KVM_ARM_H
#define _ITSIM_TREE_ASM_KVM_ARM_H
#include <linux/kvm_host.h>
#endif

/* SPDX-License-Identifier: MIT */
/* The types <kvm/iodev.h> and uapi <linux/kvm.h> expect. */
#ifndef _ITSIM_TREE_LINUX_KVM_TYPES_H
#define _ITSIM_TREE_LINUX_KVM_TYPES_H
#include <linux/types.h>
struct kvm;
struct kvm_vcpu;
struct kvm_io_device;
#define KVM_STATS_NAME_SIZE 48
#endif

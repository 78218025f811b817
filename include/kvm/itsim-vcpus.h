/* SPDX-License-Identifier: MIT */
/*
 * kvm_get_vcpu() and kvm_for_each_vcpu() over struct kvm's vcpus[] and
 * online_vcpus, for both <linux/kvm_host.h> shims (the built-in model's
 * and a kernel tree's); included after struct kvm is defined. Inert:
 * online_vcpus only changes while no actor runs.
 */
#ifndef _KVM_ITSIM_VCPUS_H
#define _KVM_ITSIM_VCPUS_H

static inline struct kvm_vcpu *kvm_get_vcpu(struct kvm *kvm, int i)
{
	if (i < 0 || i >= kvm->online_vcpus.counter)
		return NULL;
	return kvm->vcpus[i];
}

#define kvm_for_each_vcpu(idx, vcpup, kvm)				\
	for (idx = 0;							\
	     idx < (unsigned long)(kvm)->online_vcpus.counter; idx++)	\
		if (!((vcpup) = (kvm)->vcpus[idx])) {} else

#endif /* _KVM_ITSIM_VCPUS_H */

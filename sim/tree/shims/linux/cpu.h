/* SPDX-License-Identifier: MIT */
/* CPU hotplug: 6.1's kvm_vgic_hyp_init() registers a starting callback
 * (never run here: host init is the harness's constructor). */
#ifndef _ITSIM_TREE_LINUX_CPU_H
#define _ITSIM_TREE_LINUX_CPU_H

enum cpuhp_state { CPUHP_AP_KVM_ARM_VGIC_INIT_STARTING = 1 };
int cpuhp_setup_state(enum cpuhp_state state, const char *name,
		      int (*startup)(unsigned int cpu),
		      int (*teardown)(unsigned int cpu));

#endif

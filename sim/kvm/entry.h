/* SPDX-License-Identifier: MIT */
/*
 * The built-in model's implementation of the model interface
 * (<model/model.h>): entry.c and lock-order.c define these, ops.c puts
 * them in the table. Nothing outside sim/kvm/ includes this.
 */
#ifndef SIM_KVM_ENTRY_H
#define SIM_KVM_ENTRY_H

#include <model/model.h>

int model_variant_count(void);
const char *model_variant_name(int i);
const char *model_variant_summary(int i);
int model_variant_lookup(const char *name);
void model_variant_select(int i);

struct kvm *model_vm_create(unsigned int nr_vcpus);
void model_vcpu_set_lpis_enabled(struct kvm *kvm, unsigned int vcpu, bool on);
struct vgic_its *model_its_create(struct kvm *kvm, const char *name,
				  bool enabled);
int model_its_map_device(struct kvm *kvm, struct vgic_its *its,
			 uint32_t device_id);
int model_its_map_collection(struct kvm *kvm, struct vgic_its *its,
			     uint32_t coll_id, uint32_t vcpu);
int model_its_map_event(struct kvm *kvm, struct vgic_its *its,
			uint32_t device_id, uint32_t event_id, uint32_t lpi,
			uint32_t coll_id);
int model_its_cache(struct kvm *kvm, struct vgic_its *its,
		    uint32_t device_id, uint32_t event_id);
struct sim_lock *model_vcpu_mutex(struct kvm *kvm, unsigned int vcpu);

int model_gicr_ctlr_write(struct kvm *kvm, unsigned int vcpu,
			  unsigned int redist, bool enable_lpis);
int model_gits_ctlr_write(struct kvm *kvm, struct vgic_its *its,
			  unsigned int vcpu, bool enabled);
int model_gits_baser_write(struct kvm *kvm, struct vgic_its *its,
			   unsigned int vcpu, int table, bool valid);
int model_its_commands(struct kvm *kvm, struct vgic_its *its,
		       unsigned int vcpu, const struct model_its_cmd *cmds,
		       int n);
int model_its_ctrl(struct kvm *kvm, struct vgic_its *its, int action);
int model_reg_write(struct kvm *kvm, const struct model_reg_write *w);
int model_signal_msi(struct kvm *kvm, struct vgic_its *its,
		     uint32_t device_id, uint32_t event_id);
int model_irqfd_inject_atomic(struct kvm *kvm, struct vgic_its *its,
			      uint32_t device_id, uint32_t event_id);
int model_irqfd_inject_work(struct kvm *kvm, struct vgic_its *its,
			    uint32_t device_id, uint32_t event_id);
void model_vm_destroy(struct kvm *kvm);

int model_irq_holders(struct kvm *kvm, const void *obj, char *buf, size_t len);
bool model_check_invariants(struct kvm *kvm, struct sim_violation *v);
bool model_check_saved_tables(struct kvm *kvm, struct vgic_its *its,
			      struct sim_violation *v);
bool model_describe(struct kvm *kvm, const void *obj, const char *alloc_func,
		    char *buf, size_t len);

const struct sim_lock_rule *model_lock_rules(void);
const char *model_lock_class_name(const char *scenario_key);

#endif /* SIM_KVM_ENTRY_H */

/* SPDX-License-Identifier: MIT */
/* The built-in model as the model interface's table (<model/model.h>). */
#include "entry.h"

const struct model_ops model_builtin = {
	.name = "builtin",
	.summary = "the hand-written kernel-style model in sim/kvm/",
	.variant_count = model_variant_count,
	.variant_name = model_variant_name,
	.variant_summary = model_variant_summary,
	.variant_lookup = model_variant_lookup,
	.variant_select = model_variant_select,
	.vm_create = model_vm_create,
	.vcpu_set_lpis_enabled = model_vcpu_set_lpis_enabled,
	.its_create = model_its_create,
	.its_map_collection = model_its_map_collection,
	.its_map_event = model_its_map_event,
	.its_cache = model_its_cache,
	.vcpu_mutex = model_vcpu_mutex,
	.gicr_ctlr_write = model_gicr_ctlr_write,
	.gits_ctlr_write = model_gits_ctlr_write,
	.gits_baser_write = model_gits_baser_write,
	.its_commands = model_its_commands,
	.its_ctrl = model_its_ctrl,
	.reg_write = model_reg_write,
	.signal_msi = model_signal_msi,
	.irqfd_inject_atomic = model_irqfd_inject_atomic,
	.irqfd_inject_work = model_irqfd_inject_work,
	.vm_destroy = model_vm_destroy,
	.irq_holders = model_irq_holders,
	.describe = model_describe,
	.lock_rules = model_lock_rules,
	.lock_class_name = model_lock_class_name,
};

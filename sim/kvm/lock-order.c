// SPDX-License-Identifier: MIT
/*
 * The documented lock hierarchy the lock-order checker holds the model to
 * (kernel-model.md 3.1-3.2), by the class names the model's init sites
 * give their locks. Adjacent pairs only: the checker takes the transitive
 * closure.
 *
 * Sources:
 *   Documentation/virt/kvm/locking.rst, "Lock ordering": kvm->lock outside
 *   vcpu->mutex; synchronize_srcu(&kvm->srcu) is called with kvm->lock,
 *   vcpu->mutex and kvm->slots_lock held, so none of them may be taken
 *   inside a kvm->srcu read-side section.
 *   arch/arm64/kvm/vgic/vgic.c, the lock order comment at the top, in its
 *   later form (lpi_xa.xa_lock above ap_list_lock: the model's puts are
 *   the deferred-release kind that form goes with), including
 *   kvm->slots_lock -> kvm->srcu -> config_lock.
 *
 * kvm->slots_lock and kvm->irq_lock are not modelled (no memslots, no
 * irq routing updates), so their rules are left out.
 */
#include <linux/lockdep.h>	/* struct sim_lock_rule */

#include "entry.h"

#define LOCKING_RST	"Documentation/virt/kvm/locking.rst"
#define VGIC_C		"arch/arm64/kvm/vgic/vgic.c lock order comment"

static const struct sim_lock_rule model_rules[] = {
	{ "&kvm->lock", "&vcpu->mutex", LOCKING_RST },
	{ "&vcpu->mutex", "&kvm->arch.config_lock", VGIC_C },
	{ "&kvm->arch.config_lock", "&its->cmd_lock", VGIC_C },
	{ "&its->cmd_lock", "&its->its_lock", VGIC_C },
	{ "&its->its_lock", "&dist->lpi_xa.xa_lock", VGIC_C },
	{ "&dist->lpi_xa.xa_lock", "&vgic_cpu->ap_list_lock", VGIC_C },
	{ "&vgic_cpu->ap_list_lock", "&irq->irq_lock", VGIC_C },
	/* synchronize_srcu() runs under these: not inside a reader */
	{ "&kvm->lock", "&kvm->srcu", LOCKING_RST },
	{ "&vcpu->mutex", "&kvm->srcu", LOCKING_RST },
	{ "&kvm->srcu", "&kvm->arch.config_lock", VGIC_C },
	{ NULL, NULL, NULL },
};

const struct sim_lock_rule *model_lock_rules(void)
{
	return model_rules;
}

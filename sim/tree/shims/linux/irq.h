/* SPDX-License-Identifier: MIT */
/*
 * Host interrupt descriptors: reached only by hardware-mapped interrupts
 * (hw == true: timers, GICv4), which no scenario creates. Calls stop the
 * run with the function's name (sim/tree/glue.c).
 */
#ifndef _ITSIM_TREE_LINUX_IRQ_H
#define _ITSIM_TREE_LINUX_IRQ_H

#include <linux/types.h>

enum irqchip_irq_state {
	IRQCHIP_STATE_PENDING,
	IRQCHIP_STATE_ACTIVE,
	IRQCHIP_STATE_MASKED,
	IRQCHIP_STATE_LINE_LEVEL,
};

struct irq_data {
	unsigned int irq;
	irq_hw_number_t hwirq;
	void *chip_data;
	struct irq_data *parent_data;
};

struct irq_desc {
	struct irq_data irq_data;
};

int irq_set_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool state);
int irq_get_irqchip_state(unsigned int irq, enum irqchip_irq_state which,
			  bool *state);
struct irq_desc *irq_to_desc(unsigned int irq);
static inline struct irq_data *irq_desc_get_irq_data(struct irq_desc *desc)
{
	return &desc->irq_data;
}
int irq_set_vcpu_affinity(unsigned int irq, void *vcpu_info);
bool irqd_irq_disabled(struct irq_data *d);
void enable_irq(unsigned int irq);
void disable_irq_nosync(unsigned int irq);
void enable_percpu_irq(unsigned int irq, unsigned int type);
void disable_percpu_irq(unsigned int irq);
int request_percpu_irq(unsigned int irq, irqreturn_t (*handler)(int, void *),
		       const char *devname, void *percpu_dev_id);
#define IRQ_TYPE_NONE 0

#endif /* _ITSIM_TREE_LINUX_IRQ_H */

/* SPDX-License-Identifier: MIT */
/*
 * The guest that every model's setup plays: where its ITS frames, tables,
 * command queues and ITTs are, and how it enables an LPI before mapping
 * it. Shared by the built-in model (sim/kvm/entry.c) and a kernel tree's
 * harness (sim/tree/harness.c), so both build the same VM. The includer
 * has the kernel's types and <linux/kvm_host.h>, <linux/sizes.h> and the
 * vgic headers (GIC_LPI_OFFSET, LPI_PROP_*, ITS_CMD_SIZE), its own or the
 * tree's.
 *
 * Also the checkers' hooks' one way of listing names into a buffer.
 */
#ifndef _KVM_ITSIM_GUEST_H
#define _KVM_ITSIM_GUEST_H

#include <model/its_cmd.h>

#define SIM_ITS_FRAME_BASE	0x08080000ULL
#define SIM_ITS_FRAME_SIZE	0x00020000ULL
#define SIM_GICR_BASE		0x0a000000ULL
#define SIM_GICR_FRAME_SIZE	0x00020000ULL
#define SIM_PROPBASE		0x10000000ULL
#define SIM_PENDBASE		0x20000000ULL
#define SIM_ITS_TABLES		0x30000000ULL
#define SIM_ITS_TABLES_SIZE	0x00100000ULL
#define SIM_ITS_COLL_OFFSET	0x00080000ULL
#define SIM_CMDQ		0x40000000ULL
#define SIM_ITT			0x1000000000ULL

/* Flat device and collection tables: 8 x 64K pages of 8-byte entries. */
#define SIM_TABLE_PAGES		8
/* Every device is mapped with 16 EventID bits. */
#define SIM_EVENTID_BITS	16
/* Priority 0xa0, Group 1, enabled: what a Linux guest writes. */
#define SIM_LPI_PROP		(0xa0 | LPI_PROP_GROUP1 | LPI_PROP_ENABLED)

/* Which ITS of the VM, by its frame. */
static inline unsigned int sim_its_index(struct vgic_its *its)
{
	return (its->vgic_its_base - SIM_ITS_FRAME_BASE) / SIM_ITS_FRAME_SIZE;
}

static inline gpa_t sim_cmdq_addr(struct vgic_its *its)
{
	return SIM_CMDQ + sim_its_index(its) * SZ_64K;
}

static inline gpa_t sim_itt_addr(struct vgic_its *its, u32 device_id)
{
	return SIM_ITT + (((u64)sim_its_index(its) << 16 | device_id) << 19);
}

/* The guest enables an LPI in the property table before mapping it. */
static inline int sim_lpi_prop_enable(struct kvm *kvm, u32 lpi)
{
	u8 prop = SIM_LPI_PROP;

	if (lpi < GIC_LPI_OFFSET)
		return 0;
	return kvm_write_guest_lock(kvm, SIM_PROPBASE + lpi - GIC_LPI_OFFSET,
				    &prop, 1);
}

/* The command's four doublewords, in the GICv3 ITS command layout. */
static inline int sim_encode_cmd(struct vgic_its *its,
				 const struct model_its_cmd *c, u64 *cmd)
{
	if (model_its_cmd_encode(c, sim_itt_addr(its, c->device),
				 SIM_EVENTID_BITS, cmd))
		return -EINVAL;
	return 0;
}

/*
 * One command as the guest queues it: its words, and the LPI it maps
 * enabled in the property table first.
 */
static inline int sim_guest_prepare_cmd(struct kvm *kvm, struct vgic_its *its,
					const struct model_its_cmd *c, u64 *cmd)
{
	int ret = sim_encode_cmd(its, c, cmd);

	if (ret)
		return ret;
	if (c->cmd == MODEL_CMD_MAPTI)
		return sim_lpi_prop_enable(kvm, c->lpi);
	if (c->cmd == MODEL_CMD_MAPI)
		return sim_lpi_prop_enable(kvm, c->event);
	return 0;
}

/*
 * The guest's side of the command queue, without visible operations (the
 * guest owns that memory and serialises its own queue writes): @n
 * commands go to guest memory after the guest's write pointer @w, which
 * advances past them. Return: 0, -ENOSPC when the 4K queue has no room
 * left since GITS_CREADR, or the first error.
 */
static inline int sim_guest_queue_cmds(struct kvm *kvm, struct vgic_its *its,
				       const struct model_its_cmd *cmds,
				       int n, u32 *w)
{
	u32 size = SZ_4K;
	u32 used = (*w - its->creadr) % size;
	int i, ret;

	if (n < 0 || used + (u32)n * ITS_CMD_SIZE >= size)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		u64 cmd[4];

		ret = sim_guest_prepare_cmd(kvm, its, &cmds[i], cmd);
		if (ret)
			return ret;
		ret = kvm_write_guest_lock(kvm, sim_cmdq_addr(its) + *w, cmd,
					   sizeof(cmd));
		if (ret)
			return ret;
		*w = (*w + ITS_CMD_SIZE) % size;
	}
	return 0;
}

/* A buffer the hooks list names into, "a, b, c". */
struct sim_out {
	char *buf;
	size_t len, pos;
};

/* Append ", " (after the first) and a formatted name; truncates quietly. */
#define sim_out_add(o, ...)						\
	do {								\
		if ((o)->pos && (o)->pos < (o)->len)			\
			(o)->pos += snprintf((o)->buf + (o)->pos,	\
					     (o)->len - (o)->pos, ", ");	\
		if ((o)->pos < (o)->len)				\
			(o)->pos += snprintf((o)->buf + (o)->pos,	\
					     (o)->len - (o)->pos,	\
					     __VA_ARGS__);		\
	} while (0)

/* The arena's poison byte (SIM_POISON_BYTE), repeated over a pointer. */
#define SIM_POISON_PTR		((void *)0x6b6b6b6b6b6b6b6bULL)

/*
 * The ap_list entries that hold a reference on @obj, named into @o.
 * Return: how many. Plain reads: a hook, not a visible operation.
 */
static inline int sim_ap_list_holders(struct kvm *kvm, const void *obj,
				      struct sim_out *o)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;
	int n = 0;

	kvm_for_each_vcpu(i, vcpu, kvm) {
		struct list_head *head = &vcpu->arch.vgic_cpu.ap_list_head;
		struct list_head *pos;

		for (pos = head->next; pos != head && pos != SIM_POISON_PTR;
		     pos = pos->next) {
			if (list_entry(pos, struct vgic_irq, ap_list) != obj)
				continue;
			n++;
			sim_out_add(o, "ap_list vcpu %d", vcpu->vcpu_id);
		}
	}
	return n;
}

/*
 * The names every model gives the VM's own objects, by the function that
 * allocated them. Return: false when @alloc_func is none of those.
 */
static inline bool sim_describe_vm_object(const void *obj,
					  const char *alloc_func, char *buf,
					  size_t len)
{
	if (!strcmp(alloc_func, "kvm_create_vm")) {
		snprintf(buf, len, "kvm");
	} else if (!strcmp(alloc_func, "kvm_vm_ioctl_create_vcpu")) {
		const struct kvm_vcpu *vcpu = obj;

		snprintf(buf, len, "kvm_vcpu %d", vcpu->vcpu_id);
	} else if (!strcmp(alloc_func, "vgic_add_lpi")) {
		const struct vgic_irq *irq = obj;

		if (irq->intid)
			snprintf(buf, len, "vgic_irq LPI %u", irq->intid);
		else
			snprintf(buf, len, "vgic_irq");
	} else {
		return false;
	}
	return true;
}

#endif /* _KVM_ITSIM_GUEST_H */

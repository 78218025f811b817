// SPDX-License-Identifier: MIT
/*
 * A kernel tree as a model (<model/model.h>): the tree's own vgic code,
 * driven the way a VMM and a guest drive it.
 *
 * The tree's vgic-its.c is compiled inside this unit (#include of the
 * file, as the kernel's tools/testing/vma includes mm/vma.c), so that the
 * checkers' hooks can walk its private structs (its_device, its_ite) and
 * setup can reach its static helpers.
 *
 * Setup, all through the ABI:
 *   KVM_CREATE_VM; KVM_CREATE_DEVICE(VGIC_V3); KVM_SET_DEVICE_ATTR NR_IRQS
 *   (64: the fewest, 32 SPIs), ADDR
 *   (distributor, redistributor region); KVM_CREATE_VCPU each; CTRL INIT;
 *   the first KVM_RUN's kvm_vgic_map_resources(). Each ITS:
 *   KVM_CREATE_DEVICE(ITS), ADDR, CTRL INIT; then the guest programs
 *   GICR_PROPBASER/PENDBASER and sets GICR_CTLR.EnableLPIs through its
 *   redistributor frames, GITS_BASER0/1, GITS_CBASER and GITS_CTLR
 *   through the ITS frame (MMIO dispatched by the bus), and maps
 *   collections and events with MAPC/MAPD/MAPTI written to its command
 *   queue in guest memory, then GITS_CWRITER.
 * One step is not an ABI path: a cached translation is put in the cache
 * by vgic_its_cache_translation() under its_lock, as the resolve path
 * does. An MSI would cache it too, but would also leave the LPI pending
 * and queued on its target's ap_list (one more reference than the
 * scenario describes), and only a guest entry could retire it.
 *
 * Guest memory layout (guest physical addresses), as the built-in model's:
 *   distributor          SIM_GICD_BASE
 *   ITS control frames   SIM_ITS_FRAME_BASE + n * SIM_ITS_FRAME_SIZE
 *   redistributors       SIM_GICR_BASE + vcpu * KVM_VGIC_V3_REDIST_SIZE
 *   LPI property table   SIM_PROPBASE (shared, 16 INTID bits)
 *   pending tables       SIM_PENDBASE + vcpu * SZ_64K
 *   device tables        SIM_ITS_TABLES + n * SIM_ITS_TABLES_SIZE
 *   collection tables    the same + SIM_ITS_COLL_OFFSET
 *   command queues       SIM_CMDQ + n * SZ_64K, one 4K page each
 *   ITTs                 SIM_ITT + ((n << 16 | device) << 19)
 */
#include ITSIM_TREE_VGIC_ITS

#include <linux/sprintf.h>
#include <kvm/itsim-guest.h>
#include <kvm/itsim-report.h>
#include <model/model.h>

#ifndef ITSIM_TREE_VERSION
#define ITSIM_TREE_VERSION "unknown"
#endif

#define SIM_GICD_BASE		0x08000000ULL
#define SIM_MAX_ITS		8
/* The arena's poison byte, repeated over a pointer. */

#define EXPORT __attribute__((visibility("default")))

/* Host init: what kvm_vgic_hyp_init() would find on a GICv3 host without
 * GICv4. Run once when the object is loaded, before any VM exists. */
__attribute__((constructor)) static void itsim_tree_host_init(void)
{
	kvm_vgic_global_state.type = VGIC_V3;
	kvm_vgic_global_state.max_gic_vcpus = VGIC_V3_MAX_CPUS;
	/* ICH_VTR_EL2: 5 priority bits, 16 INTID bits, 4 list registers */
	kvm_vgic_global_state.ich_vtr_el2 = (4U << ICH_VTR_PRI_BITS_SHIFT) | 3;
	kvm_vgic_global_state.has_gicv4 = false;
	kvm_vgic_global_state.has_gicv4_1 = false;
	static_branch_enable(&kvm_vgic_global_state.gicv3_cpuif);
	kvm_register_vgic_device(KVM_DEV_TYPE_ARM_VGIC_V3);
}

/* Variants: a tree is one. */

static int tree_variant_count(void) { return 1; }
static const char *tree_variant_name(int i) { return i ? NULL : "linux-" ITSIM_TREE_VERSION; }
static const char *tree_variant_summary(int i) { return i ? NULL : "the kernel tree's own arch/arm64/kvm/vgic, as built"; }
static int tree_variant_lookup(const char *name) { return strcmp(name, tree_variant_name(0)) ? -1 : 0; }
static void tree_variant_select(int i) { (void)i; }

/* The guest's view */

static u64 sim_baser_value(struct vgic_its *its, int table, bool valid)
{
	u64 addr = SIM_ITS_TABLES + sim_its_index(its) * SIM_ITS_TABLES_SIZE;

	if (table)
		addr += SIM_ITS_COLL_OFFSET;
	return (valid ? GITS_BASER_VALID : 0) | addr |
	       ((u64)GITS_BASER_TYPE_DEVICE + table) << GITS_BASER_TYPE_SHIFT |
	       GITS_BASER_PAGE_SIZE_64K | (SIM_TABLE_PAGES - 1);
}

static gpa_t sim_gicr_frame(unsigned int idx)
{
	return SIM_GICR_BASE + (u64)idx * KVM_VGIC_V3_REDIST_SIZE;
}

/* A guest store of @len bytes, as io_mem_abort() hands it to the bus. */
static int sim_mmio_write(struct kvm_vcpu *vcpu, gpa_t addr, int len, u64 val)
{
	u8 buf[8];

	kvm_mmio_write_buf(buf, len, val);
	return kvm_io_bus_write(vcpu, KVM_MMIO_BUS, addr, len, buf);
}

/* KVM_SET_DEVICE_ATTR with a 64-bit value behind attr.addr. */
static int sim_set_attr(struct kvm_device *dev, u32 group, u64 attr, u64 val)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (u64)(unsigned long)&val,
	};

	return dev->ops->set_attr(dev, &a);
}

static int sim_set_attr32(struct kvm_device *dev, u32 group, u64 attr, u32 val)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (u64)(unsigned long)&val,
	};

	return dev->ops->set_attr(dev, &a);
}

/*
 * The guest's side of the command queue, without visible operations (the
 * guest owns that memory and serialises its own queue writes): the
 * commands go to guest memory after the guest's own write pointer, and
 * @cwriter returns the pointer GITS_CWRITER is to be written with.
 */
static int sim_queue_cmds(struct kvm *kvm, struct vgic_its *its,
			  const struct model_its_cmd *cmds, int n, u32 *cwriter)
{
	/* The real struct vgic_its has no room: the VM keeps the pointer. */
	u32 *w = &kvm->sim_guest_cwriter[sim_its_index(its)];
	int ret = sim_guest_queue_cmds(kvm, its, cmds, n, w);

	*cwriter = *w;
	return ret;
}

/* Setup */

static struct kvm_device *sim_vgic_device(struct kvm *kvm)
{
	struct kvm_device *dev;

	list_for_each_entry(dev, &kvm->devices, vm_node)
		if (dev->ops == &kvm_arm_vgic_v3_ops)
			return dev;
	return NULL;
}

static struct kvm *tree_vm_create(unsigned int nr_vcpus)
{
	struct kvm_device *vgic;
	struct kvm *kvm;
	unsigned int i;

	if (nr_vcpus > KVM_MAX_VCPUS || nr_vcpus > 64)
		return NULL;
	kvm = kvm_create_vm();
	if (!kvm)
		return NULL;
	/*
	 * The fewest interrupts the ABI allows (32 SPIs): no scenario uses
	 * an SPI, and each one costs setup work in every execution.
	 */
	if (kvm_ioctl_create_device(kvm, KVM_DEV_TYPE_ARM_VGIC_V3, &vgic) ||
	    sim_set_attr32(vgic, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0,
			   VGIC_NR_PRIVATE_IRQS + 32) ||
	    sim_set_attr(vgic, KVM_DEV_ARM_VGIC_GRP_ADDR,
			 KVM_VGIC_V3_ADDR_TYPE_DIST, SIM_GICD_BASE) ||
	    sim_set_attr(vgic, KVM_DEV_ARM_VGIC_GRP_ADDR,
			 KVM_VGIC_V3_ADDR_TYPE_REDIST, SIM_GICR_BASE))
		return NULL;
	for (i = 0; i < nr_vcpus; i++)
		if (!kvm_vm_ioctl_create_vcpu(kvm, i))
			return NULL;
	if (sim_set_attr(vgic, KVM_DEV_ARM_VGIC_GRP_CTRL,
			 KVM_DEV_ARM_VGIC_CTRL_INIT, 0))
		return NULL;
	/* The first KVM_RUN (kvm_arch_vcpu_run_pid_change). */
	if (kvm_vgic_map_resources(kvm))
		return NULL;
	for (i = 0; i < nr_vcpus; i++)
		kvm->vcpus[i]->sim_has_run = true;
	kvm->sim_lpis_wanted = nr_vcpus == 64 ? ~0ULL : (1ULL << nr_vcpus) - 1;
	return kvm;
}

/*
 * GICR_CTLR writes are ignored until the VM has an ITS, so the guest's
 * wish is remembered and carried out when the first ITS appears.
 */
static void tree_vcpu_set_lpis_enabled(struct kvm *kvm, unsigned int vcpu,
				       bool on)
{
	if (vcpu >= 64)
		return;
	if (on)
		kvm->sim_lpis_wanted |= 1ULL << vcpu;
	else
		kvm->sim_lpis_wanted &= ~(1ULL << vcpu);
	if (kvm->sim_nr_its) {
		struct kvm_vcpu *v = kvm_get_vcpu(kvm, vcpu);

		if (v)
			sim_mmio_write(v, sim_gicr_frame(vcpu) + GICR_CTLR, 4,
				       on ? GICR_CTLR_ENABLE_LPIS : 0);
	}
}

static struct sim_lock *tree_vcpu_mutex(struct kvm *kvm, unsigned int vcpu)
{
	struct kvm_vcpu *v = kvm_get_vcpu(kvm, vcpu);

	return v ? &v->mutex.dep_map : NULL;
}

/* The guest programs its redistributors once the first ITS exists. */
static void sim_guest_enable_lpis(struct kvm *kvm)
{
	struct kvm_vcpu *vcpu;
	unsigned long i;

	kvm_for_each_vcpu(i, vcpu, kvm) {
		gpa_t rd = sim_gicr_frame(i);

		sim_mmio_write(vcpu, rd + GICR_PROPBASER, 8,
			       SIM_PROPBASE | (INTERRUPT_ID_BITS_ITS - 1));
		sim_mmio_write(vcpu, rd + GICR_PENDBASER, 8,
			       SIM_PENDBASE + i * SZ_64K);
		if (kvm->sim_lpis_wanted & (1ULL << i))
			sim_mmio_write(vcpu, rd + GICR_CTLR, 4,
				       GICR_CTLR_ENABLE_LPIS);
	}
}

static struct vgic_its *tree_its_create(struct kvm *kvm, const char *name,
					bool enabled)
{
	unsigned int nr = kvm->sim_nr_its;
	struct kvm_vcpu *vcpu0 = kvm_get_vcpu(kvm, 0);
	struct kvm_device *dev;
	struct vgic_its *its;
	u64 propbaser = kvm->arch.vgic.propbaser;
	gpa_t base;
	size_t n;

	if (nr >= SIM_MAX_ITS || !vcpu0)
		return NULL;
	if (kvm_ioctl_create_device(kvm, KVM_DEV_TYPE_ARM_VGIC_ITS, &dev))
		return NULL;
	its = dev->private;
	base = SIM_ITS_FRAME_BASE + nr * SIM_ITS_FRAME_SIZE;
	if (sim_set_attr(dev, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_ITS_ADDR_TYPE,
			 base) ||
	    sim_set_attr(dev, KVM_DEV_ARM_VGIC_GRP_CTRL,
			 KVM_DEV_ARM_VGIC_CTRL_INIT, 0))
		return NULL;
	n = min(strlen(name), sizeof(kvm->sim_its_name[nr]) - 1);
	memcpy(kvm->sim_its_name[nr], name, n);
	kvm->sim_its_name[nr][n] = '\0';
	kvm->sim_nr_its++;

	if (nr == 0) {
		sim_guest_enable_lpis(kvm);
	} else {
		/*
		 * vgic_its_create() reset GICR_PROPBASER, which the guest can
		 * no longer write with LPIs on: put back what it had, as a
		 * VMM restoring the redistributors would.
		 */
		kvm->arch.vgic.propbaser = propbaser;
	}

	sim_mmio_write(vcpu0, base + GITS_BASER, 8, sim_baser_value(its, 0, true));
	sim_mmio_write(vcpu0, base + GITS_BASER + 8, 8,
		       sim_baser_value(its, 1, true));
	sim_mmio_write(vcpu0, base + GITS_CBASER, 8,
		       GITS_CBASER_VALID | sim_cmdq_addr(its));
	if (enabled)
		sim_mmio_write(vcpu0, base + GITS_CTLR, 4, GITS_CTLR_ENABLE);
	return its;
}

/*
 * Setup commands go through the queue: the ITS processes commands only
 * while enabled, so a disabled one is enabled around them (which, at
 * setup, invalidates an empty cache).
 */
static int sim_setup_cmds(struct kvm *kvm, struct vgic_its *its,
			  const struct model_its_cmd *cmds, int n)
{
	struct kvm_vcpu *vcpu0 = kvm_get_vcpu(kvm, 0);
	bool was_enabled = its->enabled;
	u32 cwriter;
	int ret;

	ret = sim_queue_cmds(kvm, its, cmds, n, &cwriter);
	if (ret)
		return ret;
	if (!was_enabled)
		sim_mmio_write(vcpu0, its->vgic_its_base + GITS_CTLR, 4,
			       GITS_CTLR_ENABLE);
	sim_mmio_write(vcpu0, its->vgic_its_base + GITS_CWRITER, 8, cwriter);
	if (!was_enabled)
		sim_mmio_write(vcpu0, its->vgic_its_base + GITS_CTLR, 4, 0);
	/* A command the ITS could not process leaves CREADR behind. */
	return its->creadr == cwriter ? 0 : -EINVAL;
}

static int tree_its_map_collection(struct kvm *kvm, struct vgic_its *its,
				   uint32_t coll_id, uint32_t vcpu)
{
	struct model_its_cmd c = {
		.cmd = MODEL_CMD_MAPC, .collection = coll_id, .vcpu = vcpu,
		.valid = true,
	};

	return sim_setup_cmds(kvm, its, &c, 1);
}

/* MAPD V=1 of @device_id, unless the ITS has it mapped already. */
static int tree_its_map_device(struct kvm *kvm, struct vgic_its *its,
			       uint32_t device_id)
{
	struct model_its_cmd c = {
		.cmd = MODEL_CMD_MAPD, .device = device_id, .valid = true,
	};
	bool mapped;

	mutex_lock(&its->its_lock);
	mapped = find_its_device(its, device_id) != NULL;
	mutex_unlock(&its->its_lock);
	return mapped ? 0 : sim_setup_cmds(kvm, its, &c, 1);
}

static int tree_its_map_event(struct kvm *kvm, struct vgic_its *its,
			      uint32_t device_id, uint32_t event_id,
			      uint32_t lpi, uint32_t coll_id)
{
	struct model_its_cmd c[2] = {
		{ .cmd = MODEL_CMD_MAPD, .device = device_id, .valid = true },
		{ .cmd = MODEL_CMD_MAPTI, .device = device_id, .event = event_id,
		  .lpi = lpi, .collection = coll_id },
	};
	int ret;

	mutex_lock(&its->its_lock);
	ret = find_its_device(its, device_id) != NULL;
	mutex_unlock(&its->its_lock);
	return ret ? sim_setup_cmds(kvm, its, &c[1], 1) :
		     sim_setup_cmds(kvm, its, c, 2);
}

static int tree_its_cache(struct kvm *kvm, struct vgic_its *its,
			  uint32_t device_id, uint32_t event_id)
{
	struct its_ite *ite;
	int ret = -ENOENT;

	mutex_lock(&its->its_lock);
	ite = find_ite(its, device_id, event_id);
	if (ite && ite->irq) {
		vgic_its_cache_translation(kvm, its, device_id, event_id,
					   ite->irq);
		ret = 0;
	}
	mutex_unlock(&its->its_lock);
	return ret;
}

/*
 * Actors: guest MMIO on vCPU @vcpu's thread. kvm_handle_guest_abort()
 * holds kvm->srcu around io_mem_abort(), which dispatches on the bus.
 */

static struct kvm_vcpu *sim_enter(struct kvm *kvm, unsigned int vcpu)
{
	struct kvm_vcpu *v = kvm_get_vcpu(kvm, vcpu);

	kvm_sim_set_running_vcpu(kvm, v);
	return v;
}

static int sim_guest_write(struct kvm *kvm, unsigned int vcpu, gpa_t addr,
			   int len, u64 val)
{
	struct kvm_vcpu *v = sim_enter(kvm, vcpu);
	int idx, ret;

	if (!v)
		return -EINVAL;
	idx = srcu_read_lock(&kvm->srcu);
	ret = sim_mmio_write(v, addr, len, val);
	srcu_read_unlock(&kvm->srcu, idx);
	return ret;
}

static int tree_gicr_ctlr_write(struct kvm *kvm, unsigned int vcpu,
				unsigned int redist, bool enable_lpis)
{
	/* Any vCPU may write any frame; the handler gets the frame's owner. */
	return sim_guest_write(kvm, vcpu, sim_gicr_frame(redist) + GICR_CTLR, 4,
			       enable_lpis ? GICR_CTLR_ENABLE_LPIS : 0);
}

static int tree_gits_ctlr_write(struct kvm *kvm, struct vgic_its *its,
				unsigned int vcpu, bool enabled)
{
	return sim_guest_write(kvm, vcpu, its->vgic_its_base + GITS_CTLR, 4,
			       enabled ? GITS_CTLR_ENABLE : 0);
}

static int tree_gits_baser_write(struct kvm *kvm, struct vgic_its *its,
				 unsigned int vcpu, int table, bool valid)
{
	if (table != 0 && table != 1)
		return -EINVAL;
	return sim_guest_write(kvm, vcpu,
			       its->vgic_its_base + GITS_BASER + 8 * table, 8,
			       sim_baser_value(its, table, valid));
}

static int tree_its_commands(struct kvm *kvm, struct vgic_its *its,
			     unsigned int vcpu,
			     const struct model_its_cmd *cmds, int n)
{
	u32 cwriter;
	int ret;

	ret = sim_queue_cmds(kvm, its, cmds, n, &cwriter);
	if (ret)
		return ret;
	ret = sim_guest_write(kvm, vcpu, its->vgic_its_base + GITS_CWRITER, 8,
			      cwriter);
	/* The queue ran: no command is running any more. */
	sim_actor_doing_now(NULL);
	return ret;
}

/*
 * A read of guest memory by the tree's code (glue.c): when it fetches a
 * command from an ITS's queue (what vgic_its_process_commands() does
 * before handling it), the command names what the actor runs now, as
 * the model's vgic_its_handle_command() notes it, for the reports.
 */
void sim_tree_note_guest_read(struct kvm *kvm, gpa_t gpa, const void *data,
			      unsigned long len)
{
	unsigned int i = (gpa - SIM_CMDQ) / SZ_64K;
	const u64 *w = data;

	if (len != ITS_CMD_SIZE || gpa < SIM_CMDQ || i >= SIM_MAX_ITS ||
	    !strcmp(sim_its_cmd_name(w[0] & 0xff), "unknown"))
		return;
	sim_note_its_cmd(kvm->sim_its_name[i], w[0] & 0xff, (u32)(w[0] >> 32),
			 (u32)w[1]);
}

/* Actors: the VMM's KVM_SET_DEVICE_ATTR (no lock held on entry). */

static int tree_its_ctrl(struct kvm *kvm, struct vgic_its *its, int action)
{
	static const u64 ctrl_attr[] = {
		[MODEL_ITS_RESET] = KVM_DEV_ARM_ITS_CTRL_RESET,
		[MODEL_ITS_SAVE_TABLES] = KVM_DEV_ARM_ITS_SAVE_TABLES,
		[MODEL_ITS_RESTORE_TABLES] = KVM_DEV_ARM_ITS_RESTORE_TABLES,
	};

	kvm_sim_set_running_vcpu(kvm, NULL);
	if (action < 0 || (unsigned int)action >= ARRAY_SIZE(ctrl_attr))
		return -EINVAL;
	return sim_set_attr(its->dev, KVM_DEV_ARM_VGIC_GRP_CTRL,
			    ctrl_attr[action], 0);
}

static int tree_reg_write(struct kvm *kvm, const struct model_reg_write *w)
{
	struct vgic_its *its = w->its;
	struct kvm_vcpu *v;

	kvm_sim_set_running_vcpu(kvm, NULL);
	if (w->target == MODEL_REG_ITS) {
		if (!its)
			return -EINVAL;
		switch (w->reg) {
		case MODEL_REG_GITS_CTLR:
			return sim_set_attr(its->dev, KVM_DEV_ARM_VGIC_GRP_ITS_REGS,
					    GITS_CTLR,
					    w->enabled ? GITS_CTLR_ENABLE : 0);
		case MODEL_REG_GITS_CWRITER:
			return sim_set_attr(its->dev, KVM_DEV_ARM_VGIC_GRP_ITS_REGS,
					    GITS_CWRITER,
					    kvm->sim_guest_cwriter[sim_its_index(its)]);
		case MODEL_REG_GITS_BASER0:
		case MODEL_REG_GITS_BASER1: {
			int table = w->reg == MODEL_REG_GITS_BASER1;

			return sim_set_attr(its->dev, KVM_DEV_ARM_VGIC_GRP_ITS_REGS,
					    GITS_BASER + 8 * table,
					    sim_baser_value(its, table, w->valid));
		}
		default:
			return -EINVAL;
		}
	}
	v = kvm_get_vcpu(kvm, w->vcpu);
	if (w->target != MODEL_REG_REDIST || w->reg != MODEL_REG_GICR_CTLR || !v)
		return -EINVAL;
	return sim_set_attr32(sim_vgic_device(kvm), KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
			      kvm_vcpu_get_mpidr_aff(v) << KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT |
			      GICR_CTLR,
			      w->enable_lpis ? GICR_CTLR_ENABLE_LPIS : 0);
}

/* The MSI route kvm_send_userspace_msi() builds for KVM_SIGNAL_MSI. */
static void sim_msi_route(struct vgic_its *its, u32 device_id, u32 event_id,
			  struct kvm_kernel_irq_routing_entry *e)
{
	u64 db = its->vgic_its_base + GITS_TRANSLATER;

	memset(e, 0, sizeof(*e));
	e->type = KVM_IRQ_ROUTING_MSI;
	e->msi.address_lo = lower_32_bits(db);
	e->msi.address_hi = upper_32_bits(db);
	e->msi.data = event_id;
	e->msi.flags = KVM_MSI_VALID_DEVID;
	e->msi.devid = device_id;
}

static int tree_signal_msi(struct kvm *kvm, struct vgic_its *its,
			   uint32_t device_id, uint32_t event_id)
{
	struct kvm_kernel_irq_routing_entry e;

	kvm_sim_set_running_vcpu(kvm, NULL);
	sim_msi_route(its, device_id, event_id, &e);
	return kvm_set_msi(&e, kvm, 0, 1, false);
}

static int tree_irqfd_inject_atomic(struct kvm *kvm, struct vgic_its *its,
				    uint32_t device_id, uint32_t event_id)
{
	struct kvm_kernel_irq_routing_entry e;

	kvm_sim_set_running_vcpu(kvm, NULL);
	sim_msi_route(its, device_id, event_id, &e);
	return kvm_arch_set_irq_inatomic(&e, kvm, 0, 1, false);
}

static int tree_irqfd_inject_work(struct kvm *kvm, struct vgic_its *its,
				  uint32_t device_id, uint32_t event_id)
{
	return tree_signal_msi(kvm, its, device_id, event_id);
}

static void tree_vm_destroy(struct kvm *kvm)
{
	kvm_sim_set_running_vcpu(kvm, NULL);
	kvm_destroy_vm(kvm);
}

/* Hooks: plain reads only */

static const char *sim_its_name(struct kvm *kvm, struct vgic_its *its)
{
	unsigned int i = sim_its_index(its);

	return i < SIM_MAX_ITS ? kvm->sim_its_name[i] : "its?";
}

/*
 * What differs by generation: the translation cache's holders, the VM's
 * LPI table, the documented lock order (gen-a.c, gen-6.1.c; build.sh
 * names the tree's).
 */
#include <kvm/itsim-invariants.h>
#include ITSIM_TREE_GEN_FILE

static const char *sim_inv_its_name(struct kvm *kvm, struct vgic_its *its)
{
	return sim_its_name(kvm, its);
}

static bool tree_check_invariants(struct kvm *kvm, struct sim_violation *v)
{
	return sim_check_kernel_invariants(kvm, v);
}

#include <kvm/itsim-saved-tables.h>

static bool tree_check_saved_tables(struct kvm *kvm, struct vgic_its *its,
				    struct sim_violation *v)
{
	return sim_saved_tables_broken(kvm, its, sim_its_name(kvm, its), v);
}

static int tree_irq_holders(struct kvm *kvm, const void *obj, char *buf,
			    size_t len)
{
	struct sim_out o = { buf, len, 0 };
	struct kvm_device *dev;
	int n = 0;

	if (len)
		buf[0] = '\0';
	list_for_each_entry(dev, &kvm->devices, vm_node) {
		struct vgic_its *its = dev->private;
		struct its_device *device;
		struct its_ite *ite;

		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;
		list_for_each_entry(device, &its->device_list, dev_list)
			list_for_each_entry(ite, &device->itt_head, ite_list)
				if (ite->irq == obj) {
					n++;
					sim_out_add(&o, "ITE %s device %u event %u",
						    sim_its_name(kvm, its),
						    device->device_id, ite->event_id);
				}
		n += gen_cache_holders(kvm, its, obj, &o);
	}
	n += sim_ap_list_holders(kvm, obj, &o);
	if (n)
		return n;
	return gen_lpi_listed(kvm, obj) ? 0 : -1;
}

/* The ITS and device an ITE belongs to, by search (the tree keeps no
 * back pointers). */
static bool sim_find_ite_owner(struct kvm *kvm, const struct its_ite *ite,
			       struct vgic_its **itsp,
			       struct its_device **devicep)
{
	struct kvm_device *dev;

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		struct vgic_its *its = dev->private;
		struct its_device *device;
		struct its_ite *i;

		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;
		list_for_each_entry(device, &its->device_list, dev_list)
			list_for_each_entry(i, &device->itt_head, ite_list)
				if (i == ite) {
					*itsp = its;
					*devicep = device;
					return true;
				}
	}
	return false;
}

static bool sim_find_owner_its(struct kvm *kvm, const void *obj, bool device,
			       struct vgic_its **itsp)
{
	struct kvm_device *dev;

	list_for_each_entry(dev, &kvm->devices, vm_node) {
		struct vgic_its *its = dev->private;
		struct its_device *d;
		struct its_collection *c;

		if (dev->ops != &kvm_arm_vgic_its_ops)
			continue;
		if (device) {
			list_for_each_entry(d, &its->device_list, dev_list)
				if ((const void *)d == obj)
					goto found;
		} else {
			list_for_each_entry(c, &its->collection_list, coll_list)
				if ((const void *)c == obj)
					goto found;
		}
		continue;
found:
		*itsp = its;
		return true;
	}
	return false;
}

static bool tree_describe(struct kvm *kvm, const void *obj,
			  const char *alloc_func, char *buf, size_t len)
{
	struct vgic_its *its;

	if (sim_describe_vm_object(obj, alloc_func, buf, len)) {
		/* kvm, kvm_vcpu N, vgic_irq LPI N */
	} else if (gen_describe(kvm, obj, alloc_func, buf, len)) {
		/* what only this generation allocates */
	} else if (!strcmp(alloc_func, "vgic_its_alloc_ite")) {
		const struct its_ite *ite = obj;
		struct its_device *device;

		if (kvm && sim_find_ite_owner(kvm, ite, &its, &device))
			snprintf(buf, len, "its_ite %s device %u event %u",
				 sim_its_name(kvm, its), device->device_id,
				 ite->event_id);
		else
			snprintf(buf, len, "its_ite");
	} else if (!strcmp(alloc_func, "vgic_its_alloc_device")) {
		const struct its_device *device = obj;

		if (kvm && sim_find_owner_its(kvm, obj, true, &its))
			snprintf(buf, len, "its_device %s device %u",
				 sim_its_name(kvm, its), device->device_id);
		else
			snprintf(buf, len, "its_device");
	} else if (!strcmp(alloc_func, "vgic_its_alloc_collection")) {
		const struct its_collection *coll = obj;

		if (kvm && sim_find_owner_its(kvm, obj, false, &its))
			snprintf(buf, len, "its_collection %s collection %u",
				 sim_its_name(kvm, its), coll->collection_id);
		else
			snprintf(buf, len, "its_collection");
	} else if (!strcmp(alloc_func, "vgic_its_create")) {
		const struct vgic_its *i = obj;

		if (kvm && i->vgic_its_base != VGIC_ADDR_UNDEF)
			snprintf(buf, len, "vgic_its %s",
				 sim_its_name(kvm, (struct vgic_its *)i));
		else
			snprintf(buf, len, "vgic_its");
	} else if (!strcmp(alloc_func, "kvm_ioctl_create_device")) {
		const struct kvm_device *dev = obj;

		snprintf(buf, len, "kvm_device %s", dev->ops ? dev->ops->name : "");
	} else if (!strcmp(alloc_func, "kvm_vgic_dist_init")) {
		snprintf(buf, len, "vgic_irq SPIs");
	} else if (!strcmp(alloc_func, "vgic_allocate_private_irqs_locked")) {
		snprintf(buf, len, "vgic_irq private");
	} else if (!strcmp(alloc_func, "vgic_v3_alloc_redist_region")) {
		snprintf(buf, len, "vgic_redist_region");
	} else {
		return false;
	}
	return true;
}

static const struct sim_lock_rule *tree_lock_rules(void)
{
	return tree_rules;
}

/* Scenario lock keys -> the class names this tree's init sites give. */
static const char *tree_lock_class_name(const char *scenario_key)
{
	static const struct {
		const char *key, *name;
	} tree_lock_map[] = {
		{ "kvm_lock", "&kvm->lock" },		/* glue.c kvm_create_vm */
		{ "vcpu_mutex", "&vcpu->mutex" },	/* glue.c vcpu creation */
		{ "cmd_lock", "&its->cmd_lock" },	/* vgic_its_create */
		{ "its_lock", "&its->its_lock" },	/* vgic_its_create */
		{ "lpi_xa", GEN_LPI_LOCK },		/* gen-*.c */
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tree_lock_map); i++)
		if (!strcmp(tree_lock_map[i].key, scenario_key))
			return tree_lock_map[i].name;
	return NULL;
}

EXPORT const struct model_ops itsim_tree_model = {
	.name = "linux-" ITSIM_TREE_VERSION,
	.summary = "a kernel tree's arch/arm64/kvm/vgic (" ITSIM_TREE_GENERATION "), compiled unmodified",
	.variant_count = tree_variant_count,
	.variant_name = tree_variant_name,
	.variant_summary = tree_variant_summary,
	.variant_lookup = tree_variant_lookup,
	.variant_select = tree_variant_select,
	.vm_create = tree_vm_create,
	.vcpu_set_lpis_enabled = tree_vcpu_set_lpis_enabled,
	.its_create = tree_its_create,
	.its_map_device = tree_its_map_device,
	.its_map_collection = tree_its_map_collection,
	.its_map_event = tree_its_map_event,
	.its_cache = tree_its_cache,
	.vcpu_mutex = tree_vcpu_mutex,
	.gicr_ctlr_write = tree_gicr_ctlr_write,
	.gits_ctlr_write = tree_gits_ctlr_write,
	.gits_baser_write = tree_gits_baser_write,
	.its_commands = tree_its_commands,
	.its_ctrl = tree_its_ctrl,
	.reg_write = tree_reg_write,
	.signal_msi = tree_signal_msi,
	.irqfd_inject_atomic = tree_irqfd_inject_atomic,
	.irqfd_inject_work = tree_irqfd_inject_work,
	.vm_destroy = tree_vm_destroy,
	.irq_holders = tree_irq_holders,
	.check_invariants = tree_check_invariants,
	.check_saved_tables = tree_check_saved_tables,
	.describe = tree_describe,
	.lock_rules = tree_lock_rules,
	.lock_class_name = tree_lock_class_name,
};

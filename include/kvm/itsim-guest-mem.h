/* SPDX-License-Identifier: MIT */
/*
 * Guest memory for both <linux/kvm_host.h> shims (the built-in model's
 * and a kernel tree's): sparse aligned lines of KVM_SIM_GUEST_LINE bytes
 * inside struct kvm, KVM_SIM_GUEST_LINES of them (the includer sets both),
 * so that a guest access never allocates, which would be a visible
 * operation. What was never written reads as 0; a line that goes back to
 * all zeroes is forgotten, to keep room. Inert: the guest's memory is not
 * what the checkers watch (races on it are not seen). Under --kcsan its
 * bookkeeping (lines, nr) is the simulator's, not the kernel's: the
 * helpers are left uninstrumented (the kernel does not watch guest
 * memory it copies either).
 */
#ifndef _KVM_ITSIM_GUEST_MEM_H
#define _KVM_ITSIM_GUEST_MEM_H

#include <linux/errno.h>
#include <linux/string.h>

#define KVM_SIM_GUEST_INERT __attribute__((no_sanitize_thread))

struct kvm_sim_guest_line {
	gpa_t gpa;		/* KVM_SIM_GUEST_LINE aligned */
	u8 data[KVM_SIM_GUEST_LINE];
};

struct kvm_sim_guest_mem {
	unsigned int nr;
	struct kvm_sim_guest_line lines[KVM_SIM_GUEST_LINES];
};

KVM_SIM_GUEST_INERT
static inline struct kvm_sim_guest_line *
kvm_sim_guest_line(struct kvm_sim_guest_mem *mem, gpa_t base, bool create)
{
	struct kvm_sim_guest_line *line;
	unsigned int i;

	for (i = 0; i < mem->nr; i++)
		if (mem->lines[i].gpa == base)
			return &mem->lines[i];

	if (!create || mem->nr == KVM_SIM_GUEST_LINES)
		return NULL;

	line = &mem->lines[mem->nr++];
	line->gpa = base;
	memset(line->data, 0, sizeof(line->data));
	return line;
}

KVM_SIM_GUEST_INERT static inline void kvm_sim_guest_line_trim(struct kvm_sim_guest_mem *mem,
					   struct kvm_sim_guest_line *line)
{
	unsigned int i;

	for (i = 0; i < KVM_SIM_GUEST_LINE; i++)
		if (line->data[i])
			return;

	*line = mem->lines[--mem->nr];
}

/* The bytes of the line holding @gpa that a @len-byte access covers. */
static inline unsigned long kvm_sim_guest_chunk(gpa_t gpa, unsigned long len)
{
	unsigned long off = gpa & (KVM_SIM_GUEST_LINE - 1);

	return len < KVM_SIM_GUEST_LINE - off ? len : KVM_SIM_GUEST_LINE - off;
}

KVM_SIM_GUEST_INERT static inline int kvm_sim_guest_read(struct kvm_sim_guest_mem *mem, gpa_t gpa,
				     void *data, unsigned long len)
{
	u8 *dst = data;

	while (len) {
		gpa_t base = gpa & ~(gpa_t)(KVM_SIM_GUEST_LINE - 1);
		unsigned long n = kvm_sim_guest_chunk(gpa, len);
		struct kvm_sim_guest_line *line;

		line = kvm_sim_guest_line(mem, base, false);
		if (line)
			memcpy(dst, &line->data[gpa - base], n);
		else
			memset(dst, 0, n);

		dst += n;
		gpa += n;
		len -= n;
	}

	return 0;
}

/* Return: 0, or -EFAULT when the lines are exhausted. */
KVM_SIM_GUEST_INERT static inline int kvm_sim_guest_write(struct kvm_sim_guest_mem *mem, gpa_t gpa,
				      const void *data, unsigned long len)
{
	const u8 *src = data;

	while (len) {
		gpa_t base = gpa & ~(gpa_t)(KVM_SIM_GUEST_LINE - 1);
		unsigned long n = kvm_sim_guest_chunk(gpa, len);
		struct kvm_sim_guest_line *line;

		line = kvm_sim_guest_line(mem, base, true);
		if (!line)
			return -EFAULT;

		memcpy(&line->data[gpa - base], src, n);
		kvm_sim_guest_line_trim(mem, line);

		src += n;
		gpa += n;
		len -= n;
	}

	return 0;
}

#endif /* _KVM_ITSIM_GUEST_MEM_H */

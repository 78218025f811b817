/* SPDX-License-Identifier: MIT */
/*
 * refcount_t, instrumented. Every operation is one visible operation and is
 * watched by the refcount checker, which reports what the kernel's
 * refcount_t would warn about (decrement at zero, increment from zero) and
 * more: a decrement that leaves fewer references than live structures hold.
 *
 * refcount_set(): initialisation of an object not yet published; visible.
 * refcount_inc_not_zero(): Return: false when the count was zero.
 * refcount_dec_and_test(): Return: true when the count reached zero; the
 *   caller then owns the object's release.
 */
#ifndef _LINUX_REFCOUNT_H
#define _LINUX_REFCOUNT_H

#include <linux/atomic.h>

typedef struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n) { .refs = ATOMIC_INIT(n) }

enum sim_refcount_op {
	SIM_REF_SET, SIM_REF_READ, SIM_REF_INC, SIM_REF_INC_NOT_ZERO,
	SIM_REF_DEC, SIM_REF_DEC_AND_TEST,
};

/* Return: for INC_NOT_ZERO and DEC_AND_TEST, the truth value; for READ, the count. */
int __sim_refcount(refcount_t *r, enum sim_refcount_op op, int arg,
		   const struct sim_site *site);

#define refcount_set(r, n) ((void)__sim_refcount((r), SIM_REF_SET, (n), SIM_HERE))
#define refcount_read(r) ((unsigned int)__sim_refcount((refcount_t *)(r), SIM_REF_READ, 0, SIM_HERE))
#define refcount_inc(r) ((void)__sim_refcount((r), SIM_REF_INC, 0, SIM_HERE))
#define refcount_inc_not_zero(r) ((bool)__sim_refcount((r), SIM_REF_INC_NOT_ZERO, 0, SIM_HERE))
#define refcount_dec(r) ((void)__sim_refcount((r), SIM_REF_DEC, 0, SIM_HERE))
#define refcount_dec_and_test(r) ((bool)__sim_refcount((r), SIM_REF_DEC_AND_TEST, 0, SIM_HERE))

#endif /* _LINUX_REFCOUNT_H */

/* SPDX-License-Identifier: MIT */
/*
 * refcount_t shim: one visible operation per call, reported with the
 * count before and after so the refcount checker can judge it. Like the
 * kernel's refcount_t, a decrement at zero and an increment from zero do
 * not change the count (the kernel saturates; here the checker reports
 * and ends the execution first).
 */
#include <linux/refcount.h>
#include <sim/op.h>

#include <assert.h>
#include <stddef.h>

/* The refcount checker reads a count through the address it is given. */
static_assert(offsetof(refcount_t, refs.counter) == 0,
	      "refcount_t's counter must be its first member");

int __sim_refcount(refcount_t *r, enum sim_refcount_op kind, int arg,
		   const struct sim_site *site)
{
	struct sim_op op = { .addr = r, .site = site };
	int *c = &r->refs.counter;
	int ret = 0;

	switch (kind) {
	case SIM_REF_SET:
		op.kind = SIM_OP_WRITE;
		op.what = "refcount_set";
		break;
	case SIM_REF_READ:
		op.kind = SIM_OP_REF_READ;
		op.what = "refcount_read";
		break;
	case SIM_REF_INC:
		op.kind = SIM_OP_REF_INC;
		op.what = "refcount_inc";
		break;
	case SIM_REF_INC_NOT_ZERO:
		op.kind = SIM_OP_REF_INC_NOT_ZERO;
		op.what = "refcount_inc_not_zero";
		break;
	case SIM_REF_DEC:
		op.kind = SIM_OP_REF_DEC;
		op.what = "refcount_dec";
		break;
	case SIM_REF_DEC_AND_TEST:
		op.kind = SIM_OP_REF_DEC;
		op.what = "refcount_dec_and_test";
		break;
	}
	sim_check_pointer(r, op.what, site);
	sim_visible(&op);
	op.before = *c;
	switch (kind) {
	case SIM_REF_SET:
		*c = arg;
		sim_obj_note_refcount(c);
		break;
	case SIM_REF_READ:
		ret = *c;
		break;
	case SIM_REF_INC:
		if (*c != 0)
			(*c)++;
		break;
	case SIM_REF_INC_NOT_ZERO:
		op.ok = *c != 0;
		if (op.ok)
			(*c)++;
		ret = op.ok;
		break;
	case SIM_REF_DEC:
	case SIM_REF_DEC_AND_TEST:
		if (*c != 0)
			(*c)--;
		ret = op.before == 1;
		op.ok = ret;
		break;
	}
	op.after = *c;
	assert(*c >= 0);
	sim_done(&op);
	return ret;
}

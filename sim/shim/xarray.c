/* SPDX-License-Identifier: MIT */
/*
 * The xarray shim: a sorted inline array of (index, entry) pairs. Every
 * public call is one visible operation. Calls that take xa_lock in the
 * kernel name the lock in their operation, so the scheduler does not run
 * them while another actor holds it; they take and drop it within the one
 * step, which is exactly how the kernel's xa_store()/xa_erase() behave as
 * seen by anyone else.
 */
#include <linux/errno.h>
#include <linux/xarray.h>
#include <sim/cover.h>
#include <sim/engine.h>
#include <sim/fault.h>
#include <sim/lock.h>
#include <sim/mem.h>
#include <sim/op.h>

#include <assert.h>
#include <string.h>

/* The slot holding @index, or where it would be inserted. */
static unsigned int xa_pos(const struct xarray *xa, unsigned long index)
{
	unsigned int lo = 0, hi = xa->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (xa->slots[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool xa_has(const struct xarray *xa, unsigned int pos,
		   unsigned long index)
{
	return pos < xa->nr && xa->slots[pos].index == index;
}

/* The slot of the first entry in [@start, @max], or xa->nr: none. */
static unsigned int xa_first_entry(const struct xarray *xa, unsigned long start,
				   unsigned long max)
{
	for (unsigned int pos = xa_pos(xa, start); pos < xa->nr; pos++) {
		if (xa->slots[pos].index > max)
			break;
		if (xa->slots[pos].entry)
			return pos;
	}
	return xa->nr;
}

void __sim_xa_init(struct xarray *xa, gfp_t flags,
		   struct sim_lock_class *key, const char *name,
		   const struct sim_site *site)
{
	memset(xa, 0, sizeof(*xa));
	xa->xa_flags = flags;
	xa->slots = xa->inline_slots;
	xa->cap = XA_SIM_INLINE;
	sim_lock_init(&xa->xa_lock.dep_map, key, name, SIM_LOCK_SPINLOCK, site);
}

/*
 * What an operation would do in the current state (struct sim_op_peek).
 * A find reads from its start to the first entry it meets, or to its
 * last index: an entry stored or erased beyond it changes nothing it
 * sees. An erase of an index with no slot, and a release of one that is
 * not a bare reservation, leave the array as it is: they only read it.
 */
static void peek_find(const struct sim_op *op, struct sim_op_peek *p)
{
	const struct xarray *xa = op->addr;
	unsigned int pos = xa_first_entry(xa, op->index, op->last);

	p->last = pos < xa->nr ? xa->slots[pos].index : op->last;
	p->changes_nothing = true;
}

static void peek_erase(const struct sim_op *op, struct sim_op_peek *p)
{
	const struct xarray *xa = op->addr;

	p->last = op->index;
	p->changes_nothing = !xa_has(xa, xa_pos(xa, op->index), op->index);
}

static void peek_release(const struct sim_op *op, struct sim_op_peek *p)
{
	const struct xarray *xa = op->addr;
	unsigned int pos = xa_pos(xa, op->index);

	p->last = op->index;
	p->changes_nothing = !xa_has(xa, pos, op->index) || xa->slots[pos].entry;
}

static void announce(struct sim_op *op, struct xarray *xa, enum sim_op_kind kind,
		     unsigned long index, const char *what, bool takes_lock,
		     const struct sim_site *site)
{
	sim_check_pointer(xa, what, site);
	op->kind = kind;
	op->addr = xa;
	op->index = index;
	op->what = what;
	op->site = site;
	op->lock = takes_lock ? &xa->xa_lock.dep_map : NULL;
	op->cls = xa->xa_lock.dep_map.cls;
	/*
	 * Operations at other indexes commute: the array grows as the
	 * kernel's does, and whether a store needs a node (the one thing an
	 * injected failure depends on) is decided by its own index alone.
	 */
	op->whole = index == ~0UL;
	if (!op->last)
		op->last = index;
	/* Called under its own xa_lock, it would spin on itself forever. */
	if (takes_lock)
		sim_lock_check_inner(op);
	sim_visible(op);
}

/* --coverage: what a lookup or an update found, per xarray. */
static void cover(const struct sim_op *op, const char *what)
{
	char xa[96];

	if (!sim_cover_on())
		return;
	sim_op_xarray_name(op, xa, sizeof(xa));
	sim_cover("%s(%s): %s", op->what, xa, what);
}

/*
 * Whether putting @index in needs a new node, which can fail: a new
 * index, except the first entry at index 0, which the kernel keeps in
 * the array's head. A failure injected here is the kernel's -ENOMEM.
 */
static bool xa_node_fails(const struct xarray *xa, unsigned int pos,
			  unsigned long index, const char *what,
			  const struct sim_site *site)
{
	if (xa_has(xa, pos, index) || (index == 0 && xa->nr == 0))
		return false;
	return sim_fault_alloc(what, site);
}

/* Open a slot for @index at @pos, growing the array when it is full. */
static void xa_insert_slot(struct xarray *xa, unsigned int pos,
			   unsigned long index, void *entry)
{
	if (xa->nr == xa->cap) {
		struct xa_sim_slot *grown;

		grown = sim_scratch_alloc(2 * (size_t)xa->cap * sizeof(*grown),
					  SIM_HERE);
		memcpy(grown, xa->slots, xa->nr * sizeof(*grown));
		xa->slots = grown;
		xa->cap *= 2;
	}
	memmove(&xa->slots[pos + 1], &xa->slots[pos],
		(xa->nr - pos) * sizeof(xa->slots[0]));
	xa->slots[pos].index = index;
	xa->slots[pos].entry = entry;
	xa->nr++;
}

void *__sim_xa_load(struct xarray *xa, unsigned long index,
		    const struct sim_site *site)
{
	struct sim_op op = { 0 };
	unsigned int pos;
	void *entry = NULL;

	announce(&op, xa, SIM_OP_XA_LOAD, index, "xa_load", false, site);
	pos = xa_pos(xa, index);
	if (xa_has(xa, pos, index))
		entry = xa->slots[pos].entry;
	op.after = entry != NULL;
	op.value = entry;
	sim_done(&op);
	cover(&op, entry ? "found an entry" : "found none");
	return entry;
}

static void *do_store(struct xarray *xa, unsigned int pos, unsigned long index,
		      void *entry)
{
	void *old;

	if (xa_has(xa, pos, index)) {
		old = xa->slots[pos].entry;
		if (entry) {
			xa->slots[pos].entry = entry;
		} else {
			memmove(&xa->slots[pos], &xa->slots[pos + 1],
				(xa->nr - pos - 1) * sizeof(xa->slots[0]));
			xa->nr--;
		}
		return old;
	}
	if (entry)
		xa_insert_slot(xa, pos, index, entry);
	return NULL;
}

void *__sim_xa_store(struct xarray *xa, unsigned long index, void *entry,
		     gfp_t gfp, bool locked, const struct sim_site *site)
{
	const char *what = locked ? "__xa_store" : "xa_store";
	struct sim_op op = { 0 };
	unsigned int pos;
	void *old;

	if (locked)
		sim_lock_assert_held(&xa->xa_lock.dep_map, "&xa->xa_lock", site);
	/*
	 * xa_store() may allocate a node, sleeping when @gfp allows it
	 * (__xas_nomem()); __xa_store() drops the xa_lock it is called under
	 * to do so, which is not modelled, so only the unlocked form is
	 * judged.
	 */
	if (!locked && gfpflags_allow_blocking(gfp))
		sim_might_sleep_here("xa_store(GFP_KERNEL)", site);
	announce(&op, xa, SIM_OP_XA_STORE, index, what, !locked, site);
	pos = xa_pos(xa, index);
	if (entry && xa_node_fails(xa, pos, index, what, site)) {
		op.injected = true;
		op.ok = false;
		sim_done(&op);
		return xa_mk_internal((unsigned long)-ENOMEM);
	}
	old = do_store(xa, pos, index, entry);
	op.before = old != NULL;
	op.after = entry != NULL;
	op.value = entry;
	op.ok = true;
	sim_done(&op);
	cover(&op, old ? "replaced an entry" : entry ? "stored a new entry" : "stored nothing");
	return old;
}

int __sim_xa_insert(struct xarray *xa, unsigned long index, void *entry,
		    gfp_t gfp, const struct sim_site *site)
{
	struct sim_op op = { 0 };
	unsigned int pos;
	int ret = 0;

	if (gfpflags_allow_blocking(gfp))
		sim_might_sleep_here("xa_insert(GFP_KERNEL)", site);
	announce(&op, xa, SIM_OP_XA_STORE, index, "xa_insert", true, site);
	pos = xa_pos(xa, index);
	/* Occupied, reserved slots too: -EBUSY, as the kernel's. */
	if (xa_has(xa, pos, index)) {
		ret = -EBUSY;
	} else if (xa_node_fails(xa, pos, index, "xa_insert", site)) {
		op.injected = true;
		ret = -ENOMEM;
	} else if (entry) {
		xa_insert_slot(xa, pos, index, entry);
	} else {
		/* Inserting NULL reserves the slot, as xa_reserve() does. */
		xa_insert_slot(xa, pos, index, NULL);
	}
	op.before = ret == -EBUSY;
	op.after = ret == 0 && entry;
	op.value = ret == 0 ? entry : NULL;
	op.ok = ret == 0;
	sim_done(&op);
	return ret;
}

void *__sim_xa_erase(struct xarray *xa, unsigned long index, bool locked,
		     const struct sim_site *site)
{
	struct sim_op op = { 0 };
	void *old;

	if (locked)
		sim_lock_assert_held(&xa->xa_lock.dep_map, "&xa->xa_lock", site);
	op.peek = peek_erase;
	announce(&op, xa, SIM_OP_XA_ERASE, index,
		 locked ? "__xa_erase" : "xa_erase", !locked, site);
	old = do_store(xa, xa_pos(xa, index), index, NULL);
	op.before = old != NULL;
	op.value = old;
	op.ok = old != NULL;
	sim_done(&op);
	cover(&op, old ? "removed an entry" : "found none");
	return old;
}

int __sim_xa_reserve(struct xarray *xa, unsigned long index, gfp_t gfp,
		     const struct sim_site *site)
{
	struct sim_op op = { 0 };
	unsigned int pos;
	int ret = 0;

	/* As xa_store(): reserving may allocate a node. */
	if (gfpflags_allow_blocking(gfp))
		sim_might_sleep_here("xa_reserve(GFP_KERNEL)", site);
	announce(&op, xa, SIM_OP_XA_RESERVE, index, "xa_reserve", true, site);
	pos = xa_pos(xa, index);
	/* A reserved slot holds NULL: loads and walks do not see it. */
	if (xa_node_fails(xa, pos, index, "xa_reserve", site)) {
		op.injected = true;
		ret = -ENOMEM;
	} else if (!xa_has(xa, pos, index)) {
		xa_insert_slot(xa, pos, index, NULL);
	}
	op.ok = ret == 0;
	sim_done(&op);
	return ret;
}

void __sim_xa_release(struct xarray *xa, unsigned long index,
		      const struct sim_site *site)
{
	struct sim_op op = { 0 };
	unsigned int pos;

	op.peek = peek_release;
	announce(&op, xa, SIM_OP_XA_ERASE, index, "xa_release", true, site);
	pos = xa_pos(xa, index);
	/* Only a slot still reserved (empty) is released. */
	if (xa_has(xa, pos, index) && !xa->slots[pos].entry) {
		memmove(&xa->slots[pos], &xa->slots[pos + 1],
			(xa->nr - pos - 1) * sizeof(xa->slots[0]));
		xa->nr--;
	}
	sim_done(&op);
}

void *__sim_xa_find(struct xarray *xa, unsigned long *index,
		    unsigned long max, bool after, const struct sim_site *site)
{
	struct sim_op op = { 0 };
	unsigned long start = *index;
	bool at_end = after && start == ~0UL;
	void *entry = NULL;

	if (after && !at_end)
		start++;
	/* Past the end, it reads nothing: the whole array, conservatively. */
	op.last = at_end ? ~0UL : max;
	if (!at_end && start <= max)
		op.peek = peek_find;
	announce(&op, xa, SIM_OP_XA_FIND, start,
		 after ? "xa_find_after" : "xa_find", false, site);
	if (!at_end) {
		unsigned int pos = xa_first_entry(xa, start, max);

		if (pos < xa->nr) {
			entry = xa->slots[pos].entry;
			*index = xa->slots[pos].index;
		}
	}
	op.after = entry != NULL;
	op.value = entry;
	sim_done(&op);
	cover(&op, entry ? "found an entry" : "found none");
	return entry;
}

bool __sim_xa_empty(struct xarray *xa, const struct sim_site *site)
{
	struct sim_op op = { 0 };
	bool empty;

	op.last = ~0UL;		/* it reads every index */
	announce(&op, xa, SIM_OP_XA_FIND, 0, "xa_empty", false, site);
	empty = xa_first_entry(xa, 0, ~0UL) == xa->nr;
	op.after = !empty;
	sim_done(&op);
	return empty;
}

void __sim_xa_destroy(struct xarray *xa, const struct sim_site *site)
{
	struct sim_op op = { 0 };

	announce(&op, xa, SIM_OP_XA_ERASE, ~0UL, "xa_destroy", true, site);
	xa->nr = 0;
	sim_done(&op);
}

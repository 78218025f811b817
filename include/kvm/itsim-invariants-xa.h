/* SPDX-License-Identifier: MIT */
/*
 * The readers kvm/itsim-invariants.h needs, for the layout the model and
 * generation A (6.10 on) share: the LPI registry is the xarray lpi_xa,
 * indexed by INTID, and each ITS caches translations in an xarray of its
 * own, indexed by devid << VITS_TYPER_IDBITS | eventid. Plain reads.
 */
#ifndef ITSIM_INVARIANTS_XA_H
#define ITSIM_INVARIANTS_XA_H

#include <linux/xarray.h>

/* An LPI registry that is an xarray indexed by INTID (lpi_xa). */
static inline const struct vgic_irq *
sim_inv_xa_registered(const struct xarray *xa, u32 intid, int *nr)
{
	unsigned int i;

	*nr = 0;
	for (i = 0; i < xa->nr; i++)
		if (xa->slots[i].index == intid) {
			*nr = 1;
			return xa->slots[i].entry;
		}
	return NULL;
}

/* A per-ITS cache that is an xarray indexed by devid << 16 | eventid. */
static inline bool sim_inv_xa_cached(const struct xarray *xa, unsigned int n,
				     u32 *device_id, u32 *event_id,
				     const struct vgic_irq **irq)
{
	if (n >= xa->nr)
		return false;
	*device_id = xa->slots[n].index >> VITS_TYPER_IDBITS;
	*event_id = xa->slots[n].index & VITS_MAX_EVENTID;
	*irq = xa->slots[n].entry;
	return true;
}

#endif /* ITSIM_INVARIANTS_XA_H */

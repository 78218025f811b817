/* SPDX-License-Identifier: MIT */
/*
 * MPIDR affinity fields (architecture layout), and the CPU model
 * matching vgic-v3.c does at host init, which never runs here: the
 * model numbers are placeholders and is_midr_in_range_list() stops the
 * run (glue.c).
 */
#ifndef _ITSIM_TREE_ASM_CPUTYPE_H
#define _ITSIM_TREE_ASM_CPUTYPE_H

#include <linux/types.h>

#define MPIDR_HWID_BITMASK	0xff00ffffffUL
#define MPIDR_LEVEL_BITS_SHIFT	3
#define MPIDR_LEVEL_BITS	(1 << MPIDR_LEVEL_BITS_SHIFT)
#define MPIDR_LEVEL_MASK	((1 << MPIDR_LEVEL_BITS) - 1)
#define MPIDR_LEVEL_SHIFT(level) \
	(((1 << (level)) >> 1) << MPIDR_LEVEL_BITS_SHIFT)
#define MPIDR_AFFINITY_LEVEL(mpidr, level) \
	(((mpidr) >> MPIDR_LEVEL_SHIFT(level)) & MPIDR_LEVEL_MASK)

struct midr_range {
	u32 model;
	u32 rv_min;
	u32 rv_max;
};
#define MIDR_ALL_VERSIONS(m) { .model = (m), .rv_min = 0, .rv_max = ~0U }
#define MIDR_APPLE_M1_ICESTORM		0
#define MIDR_APPLE_M1_FIRESTORM		0
#define MIDR_APPLE_M1_ICESTORM_PRO	0
#define MIDR_APPLE_M1_FIRESTORM_PRO	0
#define MIDR_APPLE_M1_ICESTORM_MAX	0
#define MIDR_APPLE_M1_FIRESTORM_MAX	0
#define MIDR_APPLE_M2_BLIZZARD		0
#define MIDR_APPLE_M2_AVALANCHE		0
#define MIDR_APPLE_M2_BLIZZARD_PRO	0
#define MIDR_APPLE_M2_AVALANCHE_PRO	0
#define MIDR_APPLE_M2_BLIZZARD_MAX	0
#define MIDR_APPLE_M2_AVALANCHE_MAX	0
u32 read_cpuid_id(void);
bool is_midr_in_range_list(u32 midr, const struct midr_range *ranges);

#endif /* _ITSIM_TREE_ASM_CPUTYPE_H */

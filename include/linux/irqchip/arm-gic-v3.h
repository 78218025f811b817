/* SPDX-License-Identifier: MIT */
/*
 * Declared shim: the GICv3/ITS architectural constants the model uses
 * (register offsets, register fields, command numbers and the ITS command
 * error codes), written from the GIC architecture specification. No
 * visible operations.
 */
#ifndef _LINUX_IRQCHIP_ARM_GIC_V3_H
#define _LINUX_IRQCHIP_ARM_GIC_V3_H

#include <linux/bits.h>

#define GIC_LPI_OFFSET			8192

/* Redistributor */
#define GICR_CTLR			0x0000
#define GICR_PROPBASER			0x0070
#define GICR_PENDBASER			0x0078

#define GICR_CTLR_ENABLE_LPIS_SHIFT	0
#define GICR_CTLR_ENABLE_LPIS		(1UL << GICR_CTLR_ENABLE_LPIS_SHIFT)
#define GICR_CTLR_RWP			(1UL << 3)

#define GICR_PROPBASER_IDBITS_MASK	(0x1f)
#define GICR_PROPBASER_ADDRESS(x)	((x) & GENMASK_ULL(51, 12))
#define GICR_PENDBASER_ADDRESS(x)	((x) & GENMASK_ULL(51, 16))
#define GICR_PENDBASER_PTZ		BIT_ULL(62)

/* LPI configuration table entry */
#define LPI_PROP_GROUP1			(1 << 1)
#define LPI_PROP_ENABLED		(1 << 0)

/* ITS control frame */
#define GITS_CTLR			0x0000
#define GITS_TYPER			0x0008
#define GITS_CBASER			0x0080
#define GITS_CWRITER			0x0088
#define GITS_CREADR			0x0090
#define GITS_BASER			0x0100
#define GITS_PIDR4			0xffd0
#define GITS_TRANSLATER			0x10040

#define GITS_CTLR_ENABLE		(1U << 0)

#define GITS_CBASER_VALID		(1ULL << 63)
#define GITS_CBASER_ADDRESS(x)		((x) & GENMASK_ULL(51, 12))

#define GITS_BASER_VALID		(1ULL << 63)
#define GITS_BASER_INDIRECT		(1ULL << 62)
#define GITS_BASER_TYPE_SHIFT		56
#define GITS_BASER_TYPE(r)		(((r) >> GITS_BASER_TYPE_SHIFT) & 7)
#define GITS_BASER_ENTRY_SIZE_SHIFT	48
#define GITS_BASER_ENTRY_SIZE(r)	((((r) >> GITS_BASER_ENTRY_SIZE_SHIFT) & 0x1f) + 1)
#define GITS_BASER_ENTRY_SIZE_MASK	GENMASK_ULL(52, 48)
#define GITS_BASER_PAGE_SIZE_SHIFT	8
#define GITS_BASER_PAGE_SIZE_64K	(2ULL << GITS_BASER_PAGE_SIZE_SHIFT)
#define GITS_BASER_NR_PAGES(r)		(((r) & 0xff) + 1)
/* 64K pages: PA[47:16] in place, PA[51:48] in bits [15:12]. */
#define GITS_BASER_ADDR_48_to_52(r)					\
	(((r) & GENMASK_ULL(47, 16)) | ((((r) >> 12) & 0xfULL) << 48))

#define GITS_BASER_TYPE_NONE		0
#define GITS_BASER_TYPE_DEVICE		1
#define GITS_BASER_TYPE_COLLECTION	4

/* ITS commands: the command number is bits [7:0] of the first dword */
#define GITS_CMD_MAPD			0x08
#define GITS_CMD_MAPC			0x09
#define GITS_CMD_MAPTI			0x0a
#define GITS_CMD_MAPI			0x0b
#define GITS_CMD_MOVI			0x01
#define GITS_CMD_DISCARD		0x0f
#define GITS_CMD_INV			0x0c
#define GITS_CMD_MOVALL			0x0e
#define GITS_CMD_INVALL			0x0d
#define GITS_CMD_INT			0x03
#define GITS_CMD_CLEAR			0x04
#define GITS_CMD_SYNC			0x05

/* ITS command errors (command number in bits [15:8], cause in [7:0]) */
#define E_ITS_MOVI_UNMAPPED_INTERRUPT		0x010107
#define E_ITS_MOVI_UNMAPPED_COLLECTION		0x010109
#define E_ITS_INT_UNMAPPED_INTERRUPT		0x010307
#define E_ITS_CLEAR_UNMAPPED_INTERRUPT		0x010507
#define E_ITS_MAPD_DEVICE_OOR			0x010801
#define E_ITS_MAPD_ITTSIZE_OOR			0x010802
#define E_ITS_MAPC_PROCNUM_OOR			0x010902
#define E_ITS_MAPC_COLLECTION_OOR		0x010903
#define E_ITS_MAPTI_UNMAPPED_DEVICE		0x010a04
#define E_ITS_MAPTI_ID_OOR			0x010a05
#define E_ITS_MAPTI_PHYSICALID_OOR		0x010a06
#define E_ITS_INV_UNMAPPED_INTERRUPT		0x010c07
#define E_ITS_INVALL_UNMAPPED_COLLECTION	0x010d09
#define E_ITS_MOVALL_PROCNUM_OOR		0x010e01
#define E_ITS_DISCARD_UNMAPPED_INTERRUPT	0x010f07

#endif /* _LINUX_IRQCHIP_ARM_GIC_V3_H */

/* SPDX-License-Identifier: MIT */
/* No system registers here: the GICv3 CPU interface accessors stop the run (glue.c). */
#ifndef _ITSIM_TREE_ASM_ARCH_GICV3_H
#define _ITSIM_TREE_ASM_ARCH_GICV3_H
#include <linux/types.h>
u32 gic_read_sre(void);
void gic_write_sre(u32 val);
#endif

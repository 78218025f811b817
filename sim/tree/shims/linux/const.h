/* SPDX-License-Identifier: MIT */
/* uapi helpers. */
#ifndef _ITSIM_TREE_LINUX_CONST_H
#define _ITSIM_TREE_LINUX_CONST_H
#define _AC(X, Y) X
#define _AT(T, X) ((T)(X))
#define _UL(x) (_AC(x, UL))
#define _ULL(x) (_AC(x, ULL))
#define UL(x) _UL(x)
#define ULL(x) _ULL(x)
#define __KERNEL_DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#endif

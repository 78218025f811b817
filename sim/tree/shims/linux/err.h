/* SPDX-License-Identifier: MIT */
/* The project's error pointers plus PTR_ERR_OR_ZERO(). */
#ifndef _ITSIM_TREE_LINUX_ERR_H
#define _ITSIM_TREE_LINUX_ERR_H

#include_next <linux/err.h>

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#define ERR_CAST(p) ((void *)(p))

#endif /* _ITSIM_TREE_LINUX_ERR_H */

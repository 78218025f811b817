/* SPDX-License-Identifier: MIT */
/* The C library's bsearch(): on constant register tables only. */
#ifndef _ITSIM_TREE_LINUX_BSEARCH_H
#define _ITSIM_TREE_LINUX_BSEARCH_H

#include <linux/types.h>

void *bsearch(const void *key, const void *base, size_t num, size_t size,
	      int (*cmp)(const void *key, const void *elt));

#endif /* _ITSIM_TREE_LINUX_BSEARCH_H */

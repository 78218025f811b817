/* SPDX-License-Identifier: MIT */
/*
 * User memory is the VMM's own (the harness passes pointers into its
 * frame as attr->addr): copies are plain and never fail.
 */
#ifndef _ITSIM_TREE_LINUX_UACCESS_H
#define _ITSIM_TREE_LINUX_UACCESS_H

#include <linux/string.h>
#include <linux/types.h>

static inline unsigned long copy_from_user(void *to, const void __user *from,
					   unsigned long n)
{
	memcpy(to, (const void *)from, n);
	return 0;
}

static inline unsigned long copy_to_user(void __user *to, const void *from,
					 unsigned long n)
{
	memcpy((void *)to, from, n);
	return 0;
}

#define get_user(x, ptr) ({ (x) = *(ptr); 0; })
#define put_user(x, ptr) ({ *(ptr) = (x); 0; })

#endif /* _ITSIM_TREE_LINUX_UACCESS_H */

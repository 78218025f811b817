/* SPDX-License-Identifier: MIT */
/* The project's error numbers plus the ones a kernel tree also uses. */
#ifndef _ITSIM_TREE_LINUX_ERRNO_H
#define _ITSIM_TREE_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ESRCH 3
#define EBADF 9
#define ERANGE 34
#define ENOSYS 38
#define ENOTSUPP 524
#define EOPNOTSUPP 95
#define ENOTCONN 107

#endif /* _ITSIM_TREE_LINUX_ERRNO_H */

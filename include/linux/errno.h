/* SPDX-License-Identifier: MIT */
/* Declared shim: the kernel's error numbers (same values as Linux uapi). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EINTR 4
#define EIO 5
#define E2BIG 7
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define EAGAIN 11
#define EWOULDBLOCK EAGAIN
#define ENXIO 6

#endif /* _LINUX_ERRNO_H */

/* SPDX-License-Identifier: MIT */
/*
 * Declared shim: snprintf() is the C library's, declared here so model
 * files need no system header. Formatting touches only the caller's
 * buffer: not a visible operation.
 */
#ifndef _LINUX_SPRINTF_H
#define _LINUX_SPRINTF_H

#include <linux/types.h>

int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* _LINUX_SPRINTF_H */

/* SPDX-License-Identifier: MIT */
/*
 * Declared shim: the C library's string functions, declared here so model
 * files need no system header. They are used on private buffers and on
 * objects not yet published, so none of them is a visible operation.
 */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dest, const void *src, size_t n);
int strcmp(const char *s1, const char *s2);
size_t strlen(const char *s);

#endif /* _LINUX_STRING_H */

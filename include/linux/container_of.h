/* SPDX-License-Identifier: MIT */
/* Declared shim: container_of(), written for this project. */
#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H

#include <stddef.h>

#define container_of(ptr, type, member)                                      \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif /* _LINUX_CONTAINER_OF_H */

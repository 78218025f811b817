/* SPDX-License-Identifier: MIT */
/* uapi flexible arrays. */
#ifndef _ITSIM_TREE_LINUX_STDDEF_H
#define _ITSIM_TREE_LINUX_STDDEF_H
#include <stddef.h>
#define __DECLARE_FLEX_ARRAY(TYPE, NAME) struct { struct { } __empty_ ## NAME; TYPE NAME[]; }
#define DECLARE_FLEX_ARRAY(TYPE, NAME) __DECLARE_FLEX_ARRAY(TYPE, NAME)
#endif

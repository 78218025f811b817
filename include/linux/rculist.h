/* SPDX-License-Identifier: MIT */
#ifndef _LINUX_RCULIST_H
#define _LINUX_RCULIST_H
#include <linux/list.h>
#include <linux/rcupdate.h>
#endif

/* SPDX-License-Identifier: MIT */
/* Static keys: see <linux/static_key.h>. */
#include <linux/static_key.h>

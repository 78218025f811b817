/* SPDX-License-Identifier: MIT */
/* struct kref over the instrumented refcount_t (kernel 6.10-6.16 LPIs). */
#ifndef _LINUX_KREF_H
#define _LINUX_KREF_H

#include <linux/refcount.h>

struct kref {
	refcount_t refcount;
};

#define kref_init(k) refcount_set(&(k)->refcount, 1)
#define kref_read(k) refcount_read(&(k)->refcount)
#define kref_get(k) refcount_inc(&(k)->refcount)
#define kref_get_unless_zero(k) refcount_inc_not_zero(&(k)->refcount)
/* Return: 1 if the object was released. */
#define kref_put(k, release)                                                 \
	({                                                                   \
		struct kref *__k = (k);                                      \
		int __r = 0;                                                 \
		if (refcount_dec_and_test(&__k->refcount)) {                 \
			release(__k);                                        \
			__r = 1;                                             \
		}                                                            \
		__r;                                                         \
	})

#endif /* _LINUX_KREF_H */

/* SPDX-License-Identifier: MIT */
/*
 * list_sort(), written for this project after the kernel's API: a stable
 * insertion sort where the kernel has a stable merge sort, so the result
 * is the same. Inert, like <linux/list.h>: the caller holds the lock that
 * protects the list.
 */
#ifndef _LINUX_LIST_SORT_H
#define _LINUX_LIST_SORT_H

#include <linux/list.h>

/* > 0 when @a sorts after @b; <= 0 keeps their order. */
typedef int (*list_cmp_func_t)(void *priv, const struct list_head *a,
			       const struct list_head *b);

static inline void list_sort(void *priv, struct list_head *head,
			     list_cmp_func_t cmp)
{
	struct list_head sorted, *pos, *at;

	INIT_LIST_HEAD(&sorted);
	while (!list_empty(head)) {
		pos = head->next;
		list_del(pos);
		/* after the last entry that does not sort after it: stable */
		at = sorted.prev;
		while (at != &sorted && cmp(priv, at, pos) > 0)
			at = at->prev;
		list_add(pos, at);
	}
	if (list_empty(&sorted))
		return;
	/* splice @sorted back into the now empty @head */
	head->next = sorted.next;
	head->prev = sorted.prev;
	sorted.next->prev = head;
	sorted.prev->next = head;
}

#endif /* _LINUX_LIST_SORT_H */

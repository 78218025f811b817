/* SPDX-License-Identifier: MIT */
/*
 * Doubly linked lists, written for this project after the kernel's API.
 *
 * Inert shim: list manipulation is not a visible operation. Every list the
 * model keeps is protected by a lock whose acquisition is visible (its_lock
 * for the device, collection and ITT lists, ap_list_lock for ap_lists), and
 * kvm->devices only changes at device creation and VM teardown, which never
 * run concurrently with anything in the model.
 */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H

#include <linux/container_of.h>
#include <linux/types.h>

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_del_init(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	INIT_LIST_HEAD(entry);
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

static inline bool list_is_last(const struct list_head *list,
				const struct list_head *head)
{
	return list->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_next_entry(pos, member)                                         \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))

#define list_for_each(pos, head)                                             \
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_entry(pos, head, member)                               \
	for (pos = list_first_entry(head, __typeof__(*pos), member);         \
	     !list_entry_is_head(pos, head, member);                         \
	     pos = list_next_entry(pos, member))

#define list_for_each_entry_safe(pos, n, head, member)                       \
	for (pos = list_first_entry(head, __typeof__(*pos), member),         \
	    n = list_next_entry(pos, member);                                \
	     !list_entry_is_head(pos, head, member);                         \
	     pos = n, n = list_next_entry(n, member))

/*
 * RCU list variants: see the comment at the top for why they are inert.
 * Readers walk these lists in invisible code, which partial-order
 * reduction can only take as independent of everything when nothing
 * publishes concurrently: a change while another thread is running is
 * stopped with an error rather than explored unsoundly.
 */
void sim_publish_check(const char *what, const char *func, int line);
#define list_add_rcu(new, head)                                              \
	(sim_publish_check("list_add_rcu", __func__, __LINE__),             \
	 list_add(new, head))
#define list_add_tail_rcu(new, head)                                         \
	(sim_publish_check("list_add_tail_rcu", __func__, __LINE__),        \
	 list_add_tail(new, head))
#define list_del_rcu(entry)                                                  \
	(sim_publish_check("list_del_rcu", __func__, __LINE__),             \
	 list_del(entry))
#define list_for_each_entry_rcu(pos, head, member, ...)                      \
	list_for_each_entry(pos, head, member)

#endif /* _LINUX_LIST_H */

/* SPDX-License-Identifier: MIT */
/*
 * Static keys as plain booleans: they are set once at host init
 * (kvm_vgic_hyp_init), before any VM exists, and only read afterwards.
 */
#ifndef _ITSIM_TREE_LINUX_STATIC_KEY_H
#define _ITSIM_TREE_LINUX_STATIC_KEY_H

#include <linux/types.h>

struct static_key_false {
	bool enabled;
};
struct static_key_true {
	bool enabled;
};

#define STATIC_KEY_FALSE_INIT	{ .enabled = false }
#define STATIC_KEY_TRUE_INIT	{ .enabled = true }
#define DEFINE_STATIC_KEY_FALSE(name) struct static_key_false name = STATIC_KEY_FALSE_INIT
#define DEFINE_STATIC_KEY_TRUE(name) struct static_key_true name = STATIC_KEY_TRUE_INIT
#define static_branch_unlikely(k) ((k)->enabled)
#define static_branch_likely(k) ((k)->enabled)
#define static_branch_enable(k) ((k)->enabled = true)
#define static_branch_disable(k) ((k)->enabled = false)
#define static_key_enabled(k) ((k)->enabled)

#endif /* _ITSIM_TREE_LINUX_STATIC_KEY_H */

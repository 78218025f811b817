/* SPDX-License-Identifier: MIT */
/* No speculation to harden against: the index as it is, once bounded. */
#ifndef _ITSIM_TREE_LINUX_NOSPEC_H
#define _ITSIM_TREE_LINUX_NOSPEC_H

#define array_index_nospec(index, size) ((index) < (size) ? (index) : 0)

#endif /* _ITSIM_TREE_LINUX_NOSPEC_H */

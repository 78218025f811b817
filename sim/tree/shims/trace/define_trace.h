/* SPDX-License-Identifier: MIT */
/* Trace events are empty. */
#ifndef _ITSIM_TREE_TRACE_DEFINE_TRACE_H
#define _ITSIM_TREE_TRACE_DEFINE_TRACE_H

#endif

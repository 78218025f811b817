/* SPDX-License-Identifier: MIT */
/* Trace events are empty. */
#ifndef _ITSIM_TREE_TRACE_EVENTS_KVM_H
#define _ITSIM_TREE_TRACE_EVENTS_KVM_H
#include <linux/tracepoint.h>
#endif

/* SPDX-License-Identifier: MIT */
/* Trace events compile to empty inline functions. */
#ifndef _ITSIM_TREE_LINUX_TRACEPOINT_H
#define _ITSIM_TREE_LINUX_TRACEPOINT_H
#define PARAMS(args...) args
#define TP_PROTO(args...) args
#define TP_ARGS(args...) args
#define TP_STRUCT__entry(args...)
#define TP_fast_assign(args...)
#define TP_printk(args...)
#define TRACE_EVENT(name, proto, args, struct, assign, print) static inline void trace_##name(proto) { }
#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)
#define DEFINE_EVENT(template, name, proto, args) static inline void trace_##name(proto) { }
#endif

/* SPDX-License-Identifier: MIT */
/*
 * Kernel log messages go nowhere: the arguments are type-checked and
 * dropped. What a message would flag is the checkers' to report.
 */
#ifndef _ITSIM_TREE_LINUX_PRINTK_H
#define _ITSIM_TREE_LINUX_PRINTK_H

static inline __printf(1, 2) int no_printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#define pr_fmt(fmt) fmt
#define pr_err(fmt, ...) no_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) no_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) no_printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) no_printk(fmt, ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) no_printk(fmt, ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...) no_printk(fmt, ##__VA_ARGS__)

#endif /* _ITSIM_TREE_LINUX_PRINTK_H */

/* SPDX-License-Identifier: MIT */
/*
 * printk and the pr_*() family, for the model and variant files: checked
 * like printf, printed nowhere. A message changes nothing the checkers
 * watch, and a run's output must not depend on which executions printed.
 */
#ifndef _LINUX_PRINTK_H
#define _LINUX_PRINTK_H

static inline __attribute__((format(printf, 1, 2))) int
__sim_no_printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

#define printk(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_emerg(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_warn_once(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define kvm_err(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define kvm_info(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)
#define kvm_debug(fmt, ...) __sim_no_printk(fmt, ##__VA_ARGS__)

#endif /* _LINUX_PRINTK_H */

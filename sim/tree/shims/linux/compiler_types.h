/* SPDX-License-Identifier: MIT */
/*
 * Force-included before every file of a kernel tree, as Kbuild
 * force-includes the kernel's own compiler_types.h: the attributes and
 * annotations kernel headers use before including anything (arm-gic-v3.h
 * uses __init at file scope). Sparse and section annotations are empty.
 *
 * Kept free of system headers. __always_inline is not defined here:
 * glibc's <sys/cdefs.h> defines it (the same attribute), and the vgic
 * files reach it only through glibc's.
 */
#ifndef _ITSIM_TREE_COMPILER_TYPES_H
#define _ITSIM_TREE_COMPILER_TYPES_H

#define __user
#define __kernel
#define __iomem
#define __rcu
#define __percpu
#define __force
#define __bitwise
#define __safe
#define __private
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __cond_acquires(x)
#define __init
#define __initdata
#define __initconst
#define __exit
#define __ro_after_init
#define __read_mostly
#define __cold __attribute__((__cold__))
#define __noreturn __attribute__((__noreturn__))
#define __packed __attribute__((__packed__))
#define __aligned(x) __attribute__((__aligned__(x)))
#define __printf(a, b) __attribute__((__format__(printf, a, b)))
#define noinline __attribute__((__noinline__))
#define __noinline __attribute__((__noinline__))
#define notrace
#define __used __attribute__((__used__))
#define __weak __attribute__((__weak__))
#define __pure __attribute__((__pure__))
#define __counted_by(m)
#define __nocfi
#define __randomize_layout
#define __no_randomize_layout
#define __fallthrough __attribute__((__fallthrough__))
#define fallthrough __attribute__((__fallthrough__))
#define __same_type(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))
#define __must_be_array(a) 0
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)

/*
 * The configuration the tree is built for (Kbuild's autoconf.h and
 * kconfig.h): an arm64 host with KVM. Debug options (LOCKDEP,
 * DEBUG_SPINLOCK) are off: the engine's checkers do their work, and
 * setup-time lockdep priming would be invisible anyway.
 */
#define CONFIG_KVM 1
#define CONFIG_ARM64 1
#define CONFIG_64BIT 1
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x) ___is_defined(x)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option) __is_defined(option)
#define IS_BUILTIN(option) __is_defined(option)

#endif /* _ITSIM_TREE_COMPILER_TYPES_H */

#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Compile a kernel tree's arch/arm64/kvm/vgic/*.c, unmodified, against the
# project's shims (include/), the tree shims (sim/tree/shims/), the
# KVM-core glue and the model-interface harness into one shared object that
# exports itsim_tree_model (a const struct model_ops).
#
# usage: build.sh TREE OUT.so [SRCROOT [GEN [LDFLAGS [XCFLAGS]]]]
#   TREE     the kernel tree's top directory (the one holding arch/, include/)
#   OUT.so   the object to write; OUT.so.d/ holds the staged headers and objects
#   SRCROOT  this project's source root (default: two levels above this script)
#   GEN      the tree's generation as sim/tree/src.c reads it: "a" (default;
#            6.10 to 6.16) or "6.1"; the harness includes sim/tree/gen-GEN.c
#   LDFLAGS  extra link flags (the loader's --wrap of exit() and its kin)
#   XCFLAGS  extra compile flags (the engine's KASAN or, for --kcsan,
#            KCSAN instrumentation; never given to the link)
#
# Headers used as they are in the tree are staged under OUT.so.d/stage by
# symbolic links, so that only they (not the tree's whole include/, whose
# linux/*.h would replace the instrumented shims) are reachable. Search
# order: tree shims, staged tree headers, project shims, vgic/.
#
# The object is built with hidden visibility: the kernel functions it
# defines bind inside it and never to a model linked into the loader. Its
# undefined symbols must all be the engine's and shims' (sim_*, __sim_*)
# or the C library's; the check at the end refuses anything else, so a
# kernel function missing from the glue is an error here, not a silent
# call into another model.
set -eu

TREE=$1
OUT=$2
SRCROOT=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
GEN=${4:-a}
LDFLAGS=${5:-}
XCFLAGS=${6:-}
CC=${CC:-cc}
case $GEN in
a | 6.1) ;;
*) echo "build.sh: no harness for generation '$GEN'" >&2; exit 1 ;;
esac
VGIC=$TREE/arch/arm64/kvm/vgic
WORK=$OUT.d
STAGE=$WORK/stage

rm -rf "$WORK"
mkdir -p "$STAGE/kvm" "$STAGE/linux/irqchip" "$STAGE/asm"
ln -s "$TREE/include/kvm/arm_vgic.h" "$STAGE/kvm/arm_vgic.h"
ln -s "$TREE/include/kvm/iodev.h" "$STAGE/kvm/iodev.h"
for h in arm-gic-v3.h arm-gic-v4.h arm-gic-common.h arm-vgic-info.h; do
	ln -s "$TREE/include/linux/irqchip/$h" "$STAGE/linux/irqchip/$h"
done
ln -s "$TREE/include/uapi/linux/kvm.h" "$STAGE/linux/kvm.h"
ln -s "$TREE/arch/arm64/include/uapi/asm/kvm.h" "$STAGE/asm/kvm.h"

# What Kbuild gives every kernel file, and what this project insists on.
CFLAGS="-std=gnu11 -fgnu89-inline -D__KERNEL__ -fno-strict-aliasing -O1 -g \
 -fPIC -fvisibility=hidden -fno-common \
 -include $SRCROOT/sim/tree/shims/linux/compiler_types.h \
 -I $SRCROOT/sim/tree/shims -I $STAGE -I $SRCROOT/include -I $VGIC \
 -Werror=implicit-function-declaration -Werror=incompatible-pointer-types \
 -Werror=int-conversion -Wno-attributes -Wframe-larger-than=2048 $XCFLAGS"

# The tree's version, from its top Makefile (VERSION.PATCHLEVEL.SUBLEVEL).
mkvar() { sed -n "s/^$1 *= *//p" "$TREE/Makefile" | head -n 1; }
KVERSION=$(mkvar VERSION).$(mkvar PATCHLEVEL).$(mkvar SUBLEVEL)

# vgic-its.c is compiled inside harness.c (its private structs).
UNITS="vgic.c vgic-init.c vgic-mmio.c vgic-mmio-v3.c vgic-kvm-device.c \
 vgic-v3.c vgic-irqfd.c"
OBJS=
for u in $UNITS; do
	o=$WORK/${u%.c}.o
	$CC $CFLAGS -c "$VGIC/$u" -o "$o"
	OBJS="$OBJS $o"
done
$CC $CFLAGS -DITSIM_TREE_VGIC_ITS="\"$VGIC/vgic-its.c\"" \
	-DITSIM_TREE_VERSION="\"$KVERSION\"" \
	-DITSIM_TREE_GEN_FILE="\"$SRCROOT/sim/tree/gen-$GEN.c\"" \
	-I "$SRCROOT/sim/model/include" \
	-c "$SRCROOT/sim/tree/harness.c" -o "$WORK/harness.o"
$CC $CFLAGS -c "$SRCROOT/sim/tree/glue.c" -o "$WORK/glue.o"
# shellcheck disable=SC2086 # LDFLAGS is a list of flags
$CC -shared $LDFLAGS -o "$OUT" $OBJS "$WORK/harness.o" "$WORK/glue.o"

# Every undefined symbol must be the loader's engine and shims, or libc's.
bad=$(nm -u --format=posix "$OUT" | awk '{print $1}' | sed 's/@.*//' |
	grep -v -E '^(__?sim_|sim_|__wrap_|__asan_|__tsan_)' |
	grep -v -x -E 'memset|memcpy|memmove|memcmp|strcmp|strlen|strncmp|snprintf|vsnprintf|fprintf|fputs|abort|stderr|__stack_chk_fail|_ITM_.*|__gmon_start__|__tls_get_addr|__cxa_finalize|__bzero|bsearch|qsort|__assert_fail' || true)
if [ -n "$bad" ]; then
	echo "build.sh: $OUT: undefined symbols that are neither the engine's nor libc's:" >&2
	echo "$bad" | sed 's/^/  /' >&2
	exit 1
fi

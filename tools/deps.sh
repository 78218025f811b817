# shellcheck shell=bash
# Sourced by tools/sim and tools/check: install what the build needs from
# Debian's packages when it is missing, then configure and build.

ITSIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

itsim_need_packages() {
	local missing=()
	command -v meson >/dev/null 2>&1 || missing+=(meson)
	command -v ninja >/dev/null 2>&1 || missing+=(ninja-build)
	command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
	command -v cc >/dev/null 2>&1 || missing+=(gcc)
	if command -v pkg-config >/dev/null 2>&1; then
		pkg-config --exists libuv || missing+=(libuv1-dev)
		pkg-config --exists jansson || missing+=(libjansson-dev)
		pkg-config --exists cmocka || missing+=(libcmocka-dev)
		pkg-config --exists libdw || missing+=(libdw-dev)
	else
		missing+=(libuv1-dev libjansson-dev libcmocka-dev libdw-dev)
	fi
	itsim_apt_install "${missing[@]}"
}

# itsim_need_test_packages: what the tests alone use, beside the build's:
# python3-junitparser (checks `sim run --junit`), man-db (renders the man
# page) and bash-completion (runs the completion).
itsim_need_test_packages() {
	local missing=()
	/usr/bin/python3 -c 'import junitparser' >/dev/null 2>&1 ||
		missing+=(python3-junitparser)
	command -v man >/dev/null 2>&1 || missing+=(man-db)
	[ -r /usr/share/bash-completion/bash_completion ] || missing+=(bash-completion)
	itsim_apt_install "${missing[@]}"
}

# itsim_apt_install [PACKAGE...]: install these Debian packages, if any.
# ITSIM_NO_INSTALL=1: only say what is missing (the build or the tests
# that need it then fail or skip on their own).
itsim_apt_install() {
	[ $# -eq 0 ] && return 0
	if [ "${ITSIM_NO_INSTALL:-}" = 1 ]; then
		echo "itsim: missing Debian packages: $* (ITSIM_NO_INSTALL=1: not installing them)" >&2
		return 0
	fi
	echo "itsim: installing $* (Debian packages)" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >&2 &&
		$sudo apt-get install -y -qq "$@" >&2
}

# itsim_need_kernel_sources [VERSION...]: Debian's linux-source-VERSION
# packages (by default 6.12 and 6.1), which install
# /usr/src/linux-source-VERSION.tar.xz (about 150 MB each): what
# `sim run --kernel-tree` opens in the examples and the tree-real test
# checks (it is skipped without them). Only what opens these tarballs
# asks for them; the quick start never does.
itsim_need_kernel_sources() {
	local missing=() v
	[ $# -eq 0 ] && set -- 6.12 6.1
	for v in "$@"; do
		if ! [[ $v =~ ^[0-9]+\.[0-9]+$ ]]; then
			echo "itsim: no Debian kernel source package for version '$v'" >&2
			return 1
		fi
		[ -r "/usr/src/linux-source-$v.tar.xz" ] || missing+=("linux-source-$v")
	done
	command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
	itsim_apt_install "${missing[@]}"
}

# itsim_need_kernel_tree_args ARG...: for a command line naming
# --kernel-tree /usr/src/linux-source-VERSION.tar.xz that is not there,
# install its package.
itsim_need_kernel_tree_args() {
	local prev="" arg tree
	for arg in "$@"; do
		tree=""
		[ "$prev" = --kernel-tree ] && tree=$arg
		case $arg in --kernel-tree=*) tree=${arg#--kernel-tree=} ;; esac
		prev=$arg
		# NAME=SRC names the column: the path is after the "=".
		case $tree in [A-Za-z0-9._+-]*=/*) tree=${tree#*=} ;; esac
		case $tree in
		/usr/src/linux-source-*.tar.xz)
			[ -e "$tree" ] && continue
			tree=${tree#/usr/src/linux-source-}
			itsim_need_kernel_sources "${tree%.tar.xz}" || return 1
			;;
		esac
	done
}

# itsim_build DIR [meson options...]: configure DIR once, then build it.
itsim_build() {
	local dir=$1
	shift
	if [ ! -f "$ITSIM_ROOT/$dir/build.ninja" ]; then
		meson setup "$ITSIM_ROOT/$dir" "$ITSIM_ROOT" "$@" >&2 || return 1
	fi
	ninja -C "$ITSIM_ROOT/$dir" >&2
}

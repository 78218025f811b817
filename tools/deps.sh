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
	else
		missing+=(libuv1-dev libjansson-dev libcmocka-dev)
	fi
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "itsim: installing ${missing[*]} (Debian packages)" >&2
	local sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >&2 &&
		$sudo apt-get install -y -qq "${missing[@]}" >&2
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

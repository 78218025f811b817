# shellcheck shell=bash
# What every test under tests/cli/ begins and ends with. A test sources it
# first thing, with its own arguments still in "$@":
#
#	. "$(dirname "$0")/lib.sh"
#
# and has then:
#   sim, src  its arguments SIM DIR: the built sim (made absolute, as
#             tests change directory) and a source directory; a test that
#             runs no sim takes DIR alone (src)
#   tmp       a directory of its own, removed when the test exits
#   ok        count a check that passed
#   bad MSG   count one that failed, printing "FAIL MSG"
#   finish [LABEL]  print "[LABEL: ]N passed, N failed" and exit 0 when
#             none failed, 1 otherwise
set -u
# The one-line rows scripts read: no width from the caller's terminal.
unset COLUMNS

case $# in
2)
	sim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
	src=$2
	;;
1)
	src=$1
	;;
*)
	echo "usage: $0 [SIM] DIR" >&2
	exit 2
	;;
esac

pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() {
	pass=$((pass + 1))
}

bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

finish() {
	echo "${1:+$1: }$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

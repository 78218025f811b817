#!/usr/bin/env bash
# Command-line usage: help, version, and each kind of bad usage (exit 2).
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"

# check NAME EXPECTED_STATUS PATTERN -- ARGS...: run sim, match output.
check() {
	local name=$1 want=$2 pattern=$3
	shift 4
	local out status
	out=$("$sim" "$@" 2>&1)
	status=$?
	if [ "$status" -eq "$want" ] && printf '%s\n' "$out" | grep -qE -- "$pattern"; then
		ok
	else
		bad "$name: status $status (want $want), output:"
		printf '%s\n' "$out" | head -5 | sed 's/^/  /'
	fi
}

check no-args 2 '^usage: sim COMMAND' --
check help 0 '^usage: sim COMMAND' -- --help
check version 0 '^sim \(itsim\) [0-9]' -- --version
check unknown-command 2 'unknown command "frobnicate"' -- frobnicate
check run-help 0 '^usage: sim run' -- run --help
check replay-help 0 '^usage: sim replay' -- replay --help
check list-help 0 '^usage: sim list' -- list --help
check list 0 'premature-free' -- list
check list-variants 0 '^  v1 ' -- list
check list-extra-arg 2 'takes no arguments' -- list extra
check run-no-scenario 2 'no scenario given' -- run
check run-bad-option 2 'usage: sim run' -- run --frob "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-missing-file 2 "^$tmp/nope.json: cannot read: No such file or directory$" -- run "$tmp/nope.json"
check run-bad-max-exec 2 'max-executions takes a positive integer' -- run --max-executions 0 "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-bad-max-steps 2 'max-steps takes an integer' -- run --max-steps x "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-unknown-variant 2 'unknown variant "v9"' -- run --variant v9 "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-unknown-strategy 2 'unknown strategy "bfs"' -- run --strategy bfs "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-bad-seed 2 'seed takes an integer >= 0' -- run --seed -1 "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-bad-depth 2 'depth takes an integer from 1 to 8' -- run --depth 0 "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check run-bad-bound 2 'preemption-bound takes an integer from 0 to 64' -- run --preemption-bound 65 "$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
check replay-no-trace 2 'give exactly one trace' -- replay
check replay-missing 2 "cannot read" -- replay "$tmp/nope.trace"
printf '{"format": "itsim-trace", "version": 7}' >"$tmp/v7.trace"
check replay-bad-version 2 'at version: only version 1 is supported' -- replay "$tmp/v7.trace"
printf '{"format": "itsim-trace", "version": 1,' >"$tmp/trunc.trace"
check replay-syntax 2 "^$tmp/trunc.trace:1:[0-9]+: " -- replay "$tmp/trunc.trace"
sed 's/"sha256": "\(.\)/"sha256": "0/' "$src/tests/regressions/r-r-double-put.trace" >"$tmp/tampered.trace"
check replay-tampered 2 'at scenario.sha256: does not match the embedded text' -- replay "$tmp/tampered.trace"
printf '[1, 2]' >"$tmp/array.trace"
check replay-not-object 2 'expected an object' -- replay "$tmp/array.trace"
# tools/sim and tools/check say which packages they install, and with
# ITSIM_NO_INSTALL=1 only say what is missing: apt-get is not run.
mkdir -p "$tmp/fakebin"
printf '#!/bin/sh\necho "$@" >>"%s/apt.log"\n' "$tmp" >"$tmp/fakebin/apt-get"
chmod +x "$tmp/fakebin/apt-get"
PATH="$tmp/fakebin:$PATH" ITSIM_NO_INSTALL=1 bash -c ". '$src/tools/deps.sh'; sudo() { \"\$@\"; }; itsim_apt_install itsim-nothing-dev" 2>"$tmp/noinst.err"
grep -q '^itsim: missing Debian packages: itsim-nothing-dev (ITSIM_NO_INSTALL=1: not installing them)$' "$tmp/noinst.err" &&
	[ ! -e "$tmp/apt.log" ] && ok || { bad "ITSIM_NO_INSTALL=1 still installs"; cat "$tmp/noinst.err"; }
PATH="$tmp/fakebin:$PATH" bash -c ". '$src/tools/deps.sh'; sudo() { \"\$@\"; }; itsim_apt_install itsim-nothing-dev" 2>"$tmp/inst.err"
grep -q '^itsim: installing itsim-nothing-dev (Debian packages)$' "$tmp/inst.err" &&
	grep -q 'install -y -qq itsim-nothing-dev' "$tmp/apt.log" && ok ||
	{ bad "the package install is not said or not run"; cat "$tmp/inst.err"; }
finish

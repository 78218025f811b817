#!/usr/bin/env bash
# Every case under tests/bad-input, through the real command line: sim run
# must exit 2 and print exactly the expected message, before any work.
# Arguments: SIM CASES-DIR.
. "$(dirname "$0")/lib.sh"
for dir in "$src"/*/; do
	name=$(basename "$dir")
	[ -f "$dir/scenario.json" ] || continue
	expected=$(cat "$dir/error")
	actual=$(cd "$dir" && "$sim" run --trace-dir "$tmp/traces" scenario.json 2>&1 >/dev/null)
	status=$?
	if [ "$status" -eq 2 ] && [ "$actual" = "$expected" ] && [ ! -e "$tmp/traces" ]; then
		ok
	else
		bad "$name: status $status"
		echo "  expected: $expected"
		echo "  actual:   $actual"
	fi
done
[ "$pass" -ge 25 ] || bad "only $pass cases passed under $src (there are at least 25)"
finish

#!/usr/bin/env bash
# Every case under tests/bad-input, through the real command line: sim run
# must exit 2 and print exactly the expected message, before any work.
set -u
sim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cases=$2
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$cases"/*/; do
	name=$(basename "$dir")
	[ -f "$dir/scenario.json" ] || continue
	expected=$(cat "$dir/error")
	actual=$(cd "$dir" && "$sim" run --trace-dir "$tmp/traces" scenario.json 2>&1 >/dev/null)
	status=$?
	if [ "$status" -eq 2 ] && [ "$actual" = "$expected" ] && [ ! -e "$tmp/traces" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: status $status"
		echo "  expected: $expected"
		echo "  actual:   $actual"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -ge 25 ]

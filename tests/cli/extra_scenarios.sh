#!/usr/bin/env bash
# The test-only scenarios: sim run must meet every expectation (exit 0).
set -u
sim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$sim" run -q --trace-dir "$tmp/traces" "$dir"/*.json >"$tmp/out" 2>&1
status=$?
cat "$tmp/out"
rows=$(grep -c ' yes ' "$tmp/out")
if [ "$status" -eq 0 ] && [ "$rows" -ge 4 ]; then
	echo "$rows passed, 0 failed"
	exit 0
fi
echo "0 passed, 1 failed (exit $status)"
exit 1

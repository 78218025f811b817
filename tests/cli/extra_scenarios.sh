#!/usr/bin/env bash
# The test-only scenarios: sim run must meet every expectation (exit 0).
# Arguments: SIM SCENARIOS-DIR.
. "$(dirname "$0")/lib.sh"
"$sim" run -q --trace-dir "$tmp/traces" "$src"/*.json >"$tmp/out" 2>&1
status=$?
cat "$tmp/out"
rows=$(grep -c ' yes ' "$tmp/out")
if [ "$status" -eq 0 ] && [ "$rows" -ge 4 ]; then
	pass=$rows
else
	bad "sim run exited $status, $rows rows met their expectation (want 0, 4 or more)"
fi
finish

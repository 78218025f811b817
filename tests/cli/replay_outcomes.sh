#!/usr/bin/env bash
# sim replay's four outcomes, each with its exit status and its message:
# 0 clean, 1 reproduced, 3 a different finding (the new one and the
# recorded one both named), 4 diverged (the step, the actor the schedule
# wants and the actors that could run). 2 stays bad input (usage.sh).
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
reg=$src/tests/regressions

# check NAME EXPECTED_STATUS PATTERN... -- ARGS...: run sim replay, and
# every PATTERN must match a line of its output.
check() {
	local name=$1 want=$2 out status p good=1
	shift 2
	local patterns=()
	while [ "$1" != -- ]; do patterns+=("$1"); shift; done
	shift
	out=$("$sim" replay "$@" 2>&1)
	status=$?
	[ "$status" -eq "$want" ] || good=0
	for p in "${patterns[@]}"; do
		printf '%s\n' "$out" | grep -qE -- "$p" || { good=0; echo "  $name: no line matches: $p"; }
	done
	if [ "$good" -eq 1 ]; then
		ok
	else
		bad "$name: status $status (want $want), output ends:"
		printf '%s\n' "$out" | tail -4 | sed 's/^/  /'
	fi
}

# reproduced: the recorded finding, on the recorded variant.
check reproduced 1 '^reproduced: premature-free at __vgic_put_irq:110$' \
	-- "$reg/r-r-double-put.trace"
check reproduced-explicit-variant 1 '^reproduced: premature-free at __vgic_put_irq:110$' \
	-- --variant v0 "$reg/r-r-double-put.trace"

# clean: the fix follows the whole schedule and nothing shows.
check clean 0 "^clean: the schedule's 16 steps were followed on variant v1 and no finding showed$" \
	-- --variant v1 "$reg/r-r-double-put.trace"

# a different finding: v2 stops at its own lock-order first. The new
# finding is printed (report and summary line), then the recorded one.
check different 3 \
	'^WARNING: lock order violation: &kvm->lock taken while holding &vcpu->mutex$' \
	'^different finding: lock-order at vgic_its_invalidate_all_caches:54: WARNING: lock order violation' \
	'^recorded finding:  premature-free at __vgic_put_irq:110: refcount_t: premature release' \
	-- --variant v2 "$reg/r-r-double-put.trace"

# diverged: v1 takes another path, so an actor of the schedule cannot run.
check diverged-v1 4 '^diverged: at step #19 of 24 on variant v1, the schedule wants vcpu0; runnable: vcpu1$' \
	-- --variant v1 "$reg/r-discard-uaf-irq-lock.trace"

# diverged: a schedule naming an actor the scenario does not have.
sed '/"schedule": \[/{n;s/"vcpu[0-9]*"/"vcpu9"/}' "$reg/r-r-double-put.trace" >"$tmp/vcpu9.trace"
check diverged-unknown-actor 4 '^diverged: at step #0 of 16 on variant v0, the schedule wants vcpu9; runnable: vcpu0, vcpu1$' \
	-- "$tmp/vcpu9.trace"

# diverged: every actor finished before the schedule did. On v1 the
# userspace write takes 47 steps of vmm and 3 of the RCU callback runner;
# this schedule goes on with 10 more of vmm (then the trace's own 7).
awk '{ print }
/"schedule": \[/ {
	for (i = 0; i < 47; i++) print "    \"vmm\",";
	for (i = 0; i < 3; i++) print "    \"[rcu]\",";
	for (i = 0; i < 10; i++) print "    \"vmm\","
}' "$reg/v2-userspace-gicr-ctlr-recursive.trace" >"$tmp/long.trace"
check diverged-ended 4 '^diverged: at step #50 of 67 on variant v1, the schedule wants vmm; runnable: none \(every actor has finished\)$' \
	-- --variant v1 "$tmp/long.trace"

# --svg writes nothing when no finding shows, and says so; the status is
# the outcome's.
check svg-clean 0 'no finding, so no picture written' \
	-- --svg "$tmp/x.svg" --variant v1 "$reg/r-r-double-put.trace"
[ ! -e "$tmp/x.svg" ] && ok || bad "svg-clean wrote a picture"

# bad input: a step budget the engine cannot hold is refused before any
# memory is taken for it.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); d["max_steps"] = 10**12
json.dump(d, open(sys.argv[2], "w"))' "$reg/r-r-double-put.trace" "$tmp/huge.trace"
check huge-max-steps 2 'huge.trace: at max_steps: expected an integer from 1 to 10000000$' \
	-- "$tmp/huge.trace"

finish

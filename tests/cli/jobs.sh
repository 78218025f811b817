#!/usr/bin/env bash
# --jobs changes nothing but the time: for every strategy that splits its
# search (dfs, sleepset, dpor, bounded), one worker (one search) and three
# (the units of a split search) give the same outcome, the same number of
# complete executions, the same completeness and the same findings (kind
# and site), on shipped scenarios, under every variant.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"

# summary FILE: one line per result: scenario variant executions complete keys
summary() {
	python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    keys = sorted(f["key"] for f in r["findings"])
    print(r["scenario"], r["variant"], r["executions"], r["complete"], ",".join(keys))
' "$1"
}

for strategy in dfs sleepset dpor bounded; do
	for scn in a-two-vcpus-clear-enable-lpis c-clear-enable-lpis-vs-discard \
		   h-clear-enable-lpis-vs-save-tables i-walker-vs-discard-remap-recache; do
		[ "$strategy" = dfs ] && [ "${scn%%-*}" = c ] && continue	# too big
		[ "$strategy" = dfs ] && [ "${scn%%-*}" = i ] && continue
		for jobs in 1 3; do
			"$sim" run --json --jobs "$jobs" --strategy "$strategy" \
				--variant all --trace-dir "$tmp/traces" \
				"$src/scenarios/$scn.json" >"$tmp/$jobs.json" 2>"$tmp/err"
			status=$?
			if [ "$status" -gt 1 ]; then
				bad "$strategy $scn --jobs $jobs: status $status"
				sed 's/^/  /' "$tmp/err" | head -5
				continue 2
			fi
			summary "$tmp/$jobs.json" >"$tmp/$jobs.sum"
		done
		if cmp -s "$tmp/1.sum" "$tmp/3.sum"; then
			ok
		else
			bad "$strategy $scn: --jobs 1 and --jobs 3 differ"
			diff "$tmp/1.sum" "$tmp/3.sum" | sed 's/^/  /'
		fi
	done
done

# Under a budget that cuts the search short, too: the units share
# --max-executions in their order, so every run of the same command, with
# any number of workers, keeps the same executions, findings and hits.
for budget in 90 300; do
	for run in 1 2 3; do
		for jobs in 1 2 3; do
			"$sim" run --json --jobs "$jobs" --max-executions "$budget" \
				--variant v0,v1 --trace-dir "$tmp/traces" \
				"$src/scenarios/c-clear-enable-lpis-vs-discard.json" \
				"$src/scenarios/i-walker-vs-discard-remap-recache.json" \
				>"$tmp/b.json" 2>/dev/null
			python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["scenario"], r["variant"], r["executions"], r["abandoned"], r["search"],
          sorted((f["key"], f["hits"]) for f in r["findings"]))
' "$tmp/b.json" >"$tmp/b.$run.$jobs.sum"
		done
	done
	same=true
	for f in "$tmp"/b.*.sum; do
		cmp -s "$f" "$tmp/b.1.1.sum" || { same=false; diff "$tmp/b.1.1.sum" "$f" | sed 's/^/  /'; }
	done
	if $same && grep -q truncated "$tmp/b.1.1.sum"; then
		ok
	else
		bad "--max-executions $budget: runs with 1, 2 and 3 workers differ (or nothing was cut)"
	fi
	rm -f "$tmp"/b.*.sum
done

# Bad values of --jobs and --shard.
for opt in "--jobs 0" "--jobs x" "--jobs 300" "--shard 0/2" "--shard 3/2" \
	   "--shard 1/0" "--shard 1" "--shard 1/2x" "--shard -1/2"; do
	# shellcheck disable=SC2086
	if "$sim" run $opt "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" \
		>/dev/null 2>"$tmp/err"; then
		status=0
	else
		status=$?
	fi
	if [ "$status" -eq 2 ] && grep -q -- "${opt%% *}" "$tmp/err"; then
		ok
	else
		bad "$opt: status $status"
	fi
done
# --shard with a strategy that cannot be split.
if "$sim" run --strategy random --shard 1/2 \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >/dev/null 2>"$tmp/err"; then
	status=0
else
	status=$?
fi
if [ "$status" -eq 2 ] && grep -q "can be split" "$tmp/err"; then
	ok
else
	bad "--shard with random: status $status"
fi

finish jobs

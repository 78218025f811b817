#!/usr/bin/env bash
# sim merge: the N shards of a split search (sim run --shard I/N), merged,
# give what one run gives: the same complete executions, completeness and
# findings (and, where the units partition the tree, the same hits,
# shortest steps, labels, repeated and abandoned executions). Bad sets of
# shards and bad files are refused with a message on stderr and exit 2.
#
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
set -eo pipefail

scenario() {
	local f
	for f in "$src"/scenarios/"$1"-*.json; do
		echo "$f"
	done
}

# run OUT ARGS...: sim run --json ARGS > OUT; 0 and 1 (a mismatch) are fine.
run() {
	local out=$1 status=0
	shift
	"$sim" run --json --trace-dir "$tmp/traces" "$@" >"$out" 2>"$out.err" ||
		status=$?
	if [ "$status" -gt 1 ]; then
		echo "FAIL sim run $*: status $status"
		sed 's/^/  /' "$out.err" | head -5
		return 1
	fi
}

# shards N PREFIX ARGS...: PREFIX.I.json for I in 1..N, two at a time.
shards() {
	local n=$1 prefix=$2 i pids=() rc=0
	shift 2
	for i in $(seq 1 "$n"); do
		# Each shard its own traces, as on machines of their own.
		run "$prefix.$i.json" --shard "$i/$n" "$@" \
			--trace-dir "$prefix.$i.traces" &
		pids+=($!)
		if [ $((i % 2)) -eq 0 ]; then
			wait "${pids[@]}" || rc=1
			pids=()
		fi
	done
	if [ ${#pids[@]} -gt 0 ]; then
		wait "${pids[@]}" || rc=1
	fi
	return "$rc"
}

# compare_all LIST: each line of LIST is "MODE WHOLE MERGED NAME", a check
# of the merged document MERGED against the run WHOLE; print "ok" for each
# that holds, else "FAIL NAME" and what differs. (One python3 for all of
# them: starting one per check was half of this test's time.)
# MODE exact: counts, completeness, findings by key with hits, steps and
# label; split: executions, completeness, the set of keys (and, for
# bounded, repeated).
compare_all() {
	python3 - "$1" <<'EOF'
import json, os, sys

def compare(mode, whole, merged):
    w = json.load(open(whole))["results"]
    m = json.load(open(merged))["results"]
    bad = []
    if len(w) != len(m):
        bad.append("%d results, merged %d" % (len(w), len(m)))
    for a, b in zip(w, m):
        name = "%s %s %s" % (a["scenario"], a["variant"], a["strategy"])
        if (a["scenario"], a["variant"]) != (b["scenario"], b["variant"]):
            bad.append("%s: merged row is %s %s" % (name, b["scenario"], b["variant"]))
            continue
        fields = ["executions", "complete", "matched"]
        # bounded: executions earlier rounds ran, the same however split; a
        # split dpor's: executions of classes other units count, work the
        # split adds (compared in exact mode, against the same split).
        if mode == "exact" or a["strategy"] == "bounded":
            fields.append("repeated")
        if mode == "exact":
            fields.append("abandoned")
        for k in fields:
            if a[k] != b[k]:
                bad.append("%s: %s %r, merged %r" % (name, k, a[k], b[k]))
        fa = {f["key"]: f for f in a["findings"]}
        fb = {f["key"]: f for f in b["findings"]}
        if set(fa) != set(fb):
            bad.append("%s: keys %s, merged %s" % (name, sorted(fa), sorted(fb)))
        elif mode == "exact":
            for key in fa:
                for k in ("hits", "steps", "label", "kind"):
                    if fa[key][k] != fb[key][k]:
                        bad.append("%s: %s %s %r, merged %r"
                                   % (name, key, k, fa[key][k], fb[key][k]))
        for f in b["findings"]:
            if not os.path.isfile(f["trace"]):
                bad.append("%s: %s: no trace %s" % (name, f["key"], f["trace"]))
        if "shards" not in b or "shard" in b:
            bad.append("%s: merged row without \"shards\"" % name)
    return bad

for check in open(sys.argv[1]):
    mode, whole, merged, name = check.rstrip("\n").split(" ", 3)
    try:
        bad = compare(mode, whole, merged)
    except Exception as e:
        bad = ["%s: %r" % (type(e).__name__, e)]
    print("FAIL " + name if bad else "ok")
    for line in bad:
        print("  " + line)
EOF
}

# check_case N STRATEGY SCN [VARIANTS]: the whole run against its N shards
# merged, under VARIANTS (v0,v1).
check_case() {
	local n=$1 strategy=$2 scn=$3 whole=$tmp/$2-$3 jobs=1 status=0
	local shard=$tmp/$2-$3-$1.shard merged=$tmp/$2-$3-$1.merged.json
	local args=(--strategy "$strategy" --variant "${4:-v0,v1}" "$(scenario "$scn")")

	# One search, and the same split run by 2 workers without --shard,
	# side by side.
	if [ ! -e "$whole.1.json" ]; then
		run "$whole.1.json" --jobs 1 "${args[@]}" &
		local one=$!
		run "$whole.2.json" --jobs 2 "${args[@]}" || { wait "$one" || true; bad "$strategy $scn"; return; }
		wait "$one" || { bad "$strategy $scn"; return; }
	fi
	# --jobs with --shard: the shard's units on two workers.
	[ "$n" -eq 5 ] && jobs=2
	shards "$n" "$shard" --jobs "$jobs" "${args[@]}" || { bad "$strategy $scn N=$n"; return; }
	"$sim" merge --json $(for i in $(seq 1 "$n"); do echo "$shard.$i.json"; done) \
		>"$merged" 2>"$merged.err" || status=$?
	if [ "$status" -gt 1 ]; then
		bad "$strategy $scn N=$n: sim merge status $status"
		sed 's/^/  /' "$merged.err" | head -5
		return
	fi
	# Against one search: what the brief of --jobs promises.
	echo "split $whole.1.json $merged $strategy $scn N=$n: merged differs" \
		"from sim run --jobs 1" >>"$tmp/compare.list"
	# Against the same split in one run: everything, abandoned included.
	# (--shard 1/1 --jobs 1 is not split, as --jobs 1 is not.)
	local ref=$whole.2.json
	[ "$n" -eq 1 ] && ref=$whole.1.json
	echo "exact $ref $merged $strategy $scn N=$n: merged differs from the" \
		"same split in one run" >>"$tmp/compare.list"
}

for n in 3 1 5; do
	# dfs with a finding: not on a, whose 1.2 million interleavings (v0
	# and v1) took most of this test's time, but on b under v0, two
	# walkers without a common lock as in a, the same double put, 52618
	# interleavings; once is enough (h has v1's clean rows). dfs on c is
	# cut by its budget; it has a check of its own.
	[ "$n" -eq 3 ] && check_case "$n" dfs b v0
	check_case "$n" dfs h
	for strategy in dpor bounded; do
		for scn in a c h; do
			check_case "$n" "$strategy" "$scn"
		done
	done
done
# The checks check_case listed, all at once.
: >>"$tmp/compare.list"
compared=0
while IFS= read -r line; do
	case $line in
	ok) ok; compared=$((compared + 1)) ;;
	"FAIL "*) bad "${line#FAIL }"; compared=$((compared + 1)) ;;
	*) echo "$line" ;;
	esac
done < <(compare_all "$tmp/compare.list")
checks=$(wc -l <"$tmp/compare.list")
[ "$compared" -eq "$checks" ] || bad "compare_all: $compared of $checks checks done"

# A budget is per run, so N shards each spend one: a truncated search is
# not one run's. The merge still says truncated and sums what ran.
c=$(scenario c)
# (3000 executions may miss v0's finding: then the row does not match.)
status=0
shards 3 "$tmp/trunc" --jobs 1 --strategy dfs --variant v0 --max-executions 3000 "$c" ||
	status=2
[ "$status" -eq 0 ] && { "$sim" merge --json "$tmp"/trunc.{1,2,3}.json \
	>"$tmp/trunc.json" || status=$?; }
if [ "$status" -le 1 ] && python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
parts = [json.load(open(f))["results"][0]["executions"] for f in sys.argv[2:]]
assert len(r) == 1 and not r[0]["complete"], r
assert r[0]["executions"] == sum(parts) and 0 < sum(parts) <= 9000, (r, parts)
' "$tmp/trunc.json" "$tmp"/trunc.{1,2,3}.json; then
	ok
else
	bad "dfs c truncated: merged not truncated, or not the sum"
fi

h=$(scenario h)
a=$(scenario a)
s1=$tmp/tab.1.json
s2=$tmp/tab.2.json
shards 2 "$tmp/tab" --jobs 1 --strategy dpor --variant all "$a" "$h"
shards 3 "$tmp/three" --jobs 1 --strategy dpor --variant v0 "$a"

# The documents the checks below judge or refuse, all made by one python3:
# edit(IN, OUT, CHANGE) writes $tmp/OUT, IN's document d after CHANGE.
python3 - "$s1" "$s2" "$tmp" <<'EOF'
import json, os, sys
s1, s2, tmp = sys.argv[1:]

def edit(src, out, change):
    d = json.load(open(src))
    exec(change, {"d": d})
    json.dump(d, open(os.path.join(tmp, out), "w"))

# A row that does not meet its expectation.
for f in (s1, s2):
    edit(f, os.path.basename(f) + ".miss", """
for r in d["results"]:
    if r["variant"] == "v1":
        r["expected"] = ["use-after-free"]
""")
edit(s1, "type.json", 'd["results"][0]["executions"] = "12"')
edit(s1, "neg.json", 'd["results"][1]["repeated"] = -1')
edit(s1, "nokey.json", 'del d["results"][2]["complete"]')
edit(s1, "entry.json", 'd["results"][3] = "v2"')
edit(s1, "steps.json", 'next(r for r in d["results"] if r["findings"])["findings"][0]["steps"] = 1.5')
edit(s1, "expected.json", 'd["results"][0]["expected"] = "clean"')
edit(s1, "index.json", 'd["results"][0]["shard"]["index"] = 3')
edit(s2, "units.json", 'd["results"][0]["units"] += 1')
EOF

# The table: the summary rows of sim run -q but the time, and its status.
status=0
"$sim" run -q --jobs 2 --strategy dpor --variant all --trace-dir "$tmp/traces" "$a" "$h" |
	sed 's/  *[0-9]*\.[0-9][0-9]s$//; s/  *time$//' >"$tmp/run.txt" || status=$?
mstatus=0
"$sim" merge -q "$tmp"/tab.{1,2}.json | sed 's/  *-$//; s/  *time$//' >"$tmp/merge.txt" ||
	mstatus=$?
if [ "$status" -eq "$mstatus" ] && diff -u "$tmp/run.txt" "$tmp/merge.txt"; then
	ok
else
	bad "table: sim merge -q differs from sim run -q (status $status, $mstatus)"
fi
# Without -q, a line per finding before the table.
if "$sim" merge "$tmp"/tab.{1,2}.json |
	grep -qE '^premature-free: .* \(trace: .*\.trace\)$'; then
	ok
else
	bad "table: no line per finding"
fi
# A row that does not meet its expectation: exit 1.
status=0
"$sim" merge "$tmp"/tab.1.json.miss "$tmp"/tab.2.json.miss >"$tmp/out" 2>&1 || status=$?
if [ "$status" -eq 1 ] && grep -qE ' v1 .* NO ' "$tmp/out"; then
	ok
else
	bad "mismatch: status $status (want 1)"
fi

# refused NAME PATTERN FILES...: sim merge exits 2, PATTERN on stderr, no
# stdout.
refused() {
	local name=$1 pattern=$2 status=0
	shift 2
	"$sim" merge "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
	if [ "$status" -eq 2 ] && [ ! -s "$tmp/out" ] && grep -qE -- "$pattern" "$tmp/err"; then
		ok
	else
		bad "$name: status $status (want 2), stderr:"
		sed 's/^/  /' "$tmp/err" | head -5
	fi
}

refused missing-shard 'scenario a-two-vcpus-clear-enable-lpis under v0 \(dpor\): shard 2/2 missing' "$s1"
refused missing-shards 'shard 3/3 missing' "$tmp/three.1.json" "$tmp/three.2.json"
refused duplicate-shard "shard 1/2 given twice \($s1, $s1\)" "$s1" "$s1" "$s2"
refused mixed-n 'has shard 1/2 but .*three.1.json has shard 1/3' "$s1" "$s2" "$tmp/three.1.json"
refused no-file "^$tmp/nope.json: cannot read: No such file or directory$" "$s1" "$tmp/nope.json"
refused directory "^$tmp: cannot read: Is a directory$" "$tmp"
printf 'not json\n' >"$tmp/text.json"
refused not-json "^$tmp/text.json:1:[0-9]+: " "$tmp/text.json"
head -c 200 "$s1" >"$tmp/cut.json"
refused truncated "^$tmp/cut.json:[0-9]+:[0-9]+: " "$tmp/cut.json"
printf '{"results": [], "results": []}' >"$tmp/dup.json"
refused duplicate-key "^$tmp/dup.json:1:[0-9]+: .*duplicate" "$tmp/dup.json"
printf '[1, 2]' >"$tmp/array.json"
refused not-object "^$tmp/array.json: top level: expected an object" "$tmp/array.json"
printf '{"matrix": {}}' >"$tmp/noresults.json"
refused no-results "^$tmp/noresults.json: results: missing" "$tmp/noresults.json"
printf '{"results": []}' >"$tmp/empty.json"
refused empty 'no results' "$tmp/empty.json"
refused wrong-type "^$tmp/type.json: results\[0\]\.executions: not an integer$" "$tmp/type.json" "$s2"
refused negative "^$tmp/neg.json: results\[1\]\.repeated: negative$" "$tmp/neg.json" "$s2"
refused missing-key "^$tmp/nokey.json: results\[2\]\.complete: missing$" "$tmp/nokey.json" "$s2"
refused entry-type "^$tmp/entry.json: results\[3\]: not an object$" "$tmp/entry.json" "$s2"
refused finding-type "^$tmp/steps.json: results\[[0-9]+\]\.findings\[0\]\.steps: not an integer$" "$tmp/steps.json" "$s2"
refused expected-type "^$tmp/expected.json: results\[0\]\.expected: not a list" "$tmp/expected.json" "$s2"
refused shard-range "^$tmp/index.json: results\[0\]\.shard\.index: not from 1 to shard.of$" "$tmp/index.json" "$s2"
refused units 'not shards of the same split' "$s1" "$tmp/units.json"
"$sim" merge --json "$s1" "$s2" >"$tmp/merged-out.json"
refused merged-again 'looks like the output of sim merge' "$tmp/merged-out.json"
refused no-args 'no result file given'
refused bad-option '^usage: sim merge' --frob "$s1"
status=0
"$sim" merge --help >"$tmp/out" 2>&1 || status=$?
if [ "$status" -eq 0 ] && grep -q '^usage: sim merge' "$tmp/out"; then
	ok
else
	bad "help: status $status"
fi

# Any repeat is named before a later misfit, and a misfit before a later
# repeat, as when the parts were checked one at a time in the order given.
refused repeat-first 'shard 1/2 given twice' "$s1" "$s1" "$tmp/three.1.json"
refused misfit-first 'has shard 1/2 but .*three.1.json has shard 1/3' "$s1" \
	"$tmp/three.1.json" "$s1"

# The documents below are made, not run: shards(KIND, ...) in one python3.
# big-groups.I.json: 12000 groups (6000 scenarios, each under 2 of 8
# variants) x 2 shards; big-findings.I.json: one group of 20000 findings x
# 2 shards; sparse.json: 3000 scenarios, each under a variant of its own,
# unsharded; many-n.json: 2000 groups, each of shard 1 of 100000; gaps.I.json:
# groups with shards missing here and there; hostile.I.json: names,
# titles and traces with ESC, BEL, CR, newline and U+009B (CSI) in them.
python3 - "$tmp" <<'EOF'
import json, os, sys
tmp = sys.argv[1]

def result(scenario, variant, index, of, findings=(), expected=()):
    return {"scenario": scenario, "file": "s.json", "sha256": "0" * 64,
            "variant": variant, "strategy": "dpor", "findings": list(findings),
            "expected": list(expected), "executions": 5, "abandoned": 0,
            "repeated": 0, "complete": True, "units": of,
            "shard": {"index": index, "of": of}}

def write(name, results):
    with open(os.path.join(tmp, name), "w") as f:
        json.dump({"results": results}, f, separators=(",", ":"))

# Long names and keys that differ only at the end: comparing two is dear,
# as it may be with a hand-edited or hostile file. The quadratic merge
# compared each with all the others.
prefix = "x" * 1000
for k in (1, 2):
    write("big-groups.%d.json" % k, [
        result(prefix + str(g // 2), "v%d" % (g // 2 % 4 + 4 * (g % 2)), k, 2)
        for g in range(12000)])
    write("big-findings.%d.json" % k, [result("s", "v0", k, 2, expected=["k9"], findings=[
        {"kind": "k9", "key": prefix + str(i), "title": "t", "trace": "t%d.%d" % (k, i),
         "steps": 2 + (i + k) % 2, "hits": 1, "label": -1} for i in range(20000)])])
write("sparse.json", [result("s%d" % g, "v%d" % g, 1, 1) for g in range(3000)])
write("many-n.json", [result("s%d" % g, "v0", 1, 100000) for g in range(2000)])
write("gaps.1.json", [result("a", "v0", 2, 7), result("b", "v0", 1, 100000)])
write("gaps.2.json", [result("a", "v0", 5, 7), result("b", "v0", 100000, 100000)])

evil = "e\u001b]0;pwned\u0007\r\n\u009b31m"
for k in (1, 2):
    write("hostile.%d.json" % k, [result(evil + "s", variant, k, 2, expected=["k9"], findings=[
        {"kind": "k9", "key": "k", "title": evil + "title", "trace": evil + "trace",
         "steps": 2, "hits": 1, "label": -1}]) for variant in ("v0", evil + "v")])
EOF

# Linear in the input: the merge searched every group for each part, the
# row's findings for each finding, and every row for each cell of the
# matrix. On the inputs above that took about 90 s, against about 1 s
# (2 s under ASan) once they are maps and sorts. No time is asserted: 20 s
# bounds a run, and the output is checked.
status=0
timeout 20 "$sim" merge -q "$tmp"/big-groups.{1,2}.json >"$tmp/out" 2>"$tmp/err" || status=$?
rows=$(grep -cE '^x+[0-9]+ +v[0-7] +clean +clean +yes +10 +complete +-$' "$tmp/out" || true)
cells=$(grep -cE '^x+[0-9]+( +(clean =|not run)){8} *$' "$tmp/out" || true)
if [ "$status" -eq 0 ] && [ "$rows" -eq 12000 ] && [ "$cells" -eq 6000 ]; then
	ok
else
	bad "12000 groups: status $status (124: timed out), $rows rows, $cells matrix rows"
fi
status=0
timeout 20 "$sim" merge --json "$tmp"/big-findings.{1,2}.json >"$tmp/out" 2>"$tmp/err" ||
	status=$?
if [ "$status" -eq 0 ] && python3 - "$tmp/out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
assert len(r) == 1 and r[0]["executions"] == 10 and r[0]["matched"], len(r)
f = r[0]["findings"]
assert len(f) == 20000, len(f)
for i, x in enumerate(f):
    # The shorter trace: shard 1's for an odd i, shard 2's for an even one.
    want = ("x" * 1000 + str(i), 2, 2, "t%d.%d" % (2 - i % 2, i))
    assert (x["key"], x["hits"], x["steps"], x["trace"]) == want, (i, x)
EOF
then
	ok
else
	bad "20000 findings: status $status (124: timed out), or not merged right"
fi

# A matrix of mostly "not run" is left out of the text: 3000 x 3000 cells
# for 3000 rows (and the quadratic merge asked each cell of every row).
# The JSON matrix has the cells that ran, as always.
status=0
timeout 20 "$sim" merge -q "$tmp/sparse.json" >"$tmp/out" 2>"$tmp/err" || status=$?
timeout 20 "$sim" merge --json "$tmp/sparse.json" >"$tmp/out.json" 2>>"$tmp/err" || status=$?
if [ "$status" -eq 0 ] && [ "$(wc -l <"$tmp/out")" -eq 3003 ] &&
	grep -qx '(no scenario x variant matrix: 3000 scenarios x 3000 variants, most cells not run)' \
		"$tmp/out" &&
	python3 - "$tmp/out.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))["matrix"]
assert m["variants"] == ["v%d" % i for i in range(3000)]
assert [s["scenario"] for s in m["scenarios"]] == ["s%d" % i for i in range(3000)]
assert all(list(s["cells"]) == ["v%d" % i] for i, s in enumerate(m["scenarios"]))
EOF
then
	ok
else
	bad "3000 x 3000 matrix: status $status (124: timed out), or not as it should be"
fi

# Memory bounded by the input: a group's N comes from the input, up to
# 100000; a slot per shard in each of 2000 groups (1.6 GB) does not fit in
# 1 GB of address space, the parts given do. (A sanitizer's shadow memory
# does not fit either: there, the messages alone are checked.)
limit="ulimit -v 1000000"
{ (eval "$limit"; "$sim" merge --help); } >/dev/null 2>&1 || limit=:
status=0
(eval "$limit"; exec "$sim" merge -q "$tmp/many-n.json") >"$tmp/out" 2>"$tmp/err" || status=$?
named=$(grep -cE '^sim merge: scenario s[0-9]+ under v0 \(dpor\): shard [2-9]/100000 missing$' \
	"$tmp/err" || true)
more=$(grep -cE ': 99991 more shards of 100000 missing$' "$tmp/err" || true)
if [ "$status" -eq 2 ] && [ "$named" -eq 16000 ] && [ "$more" -eq 2000 ] &&
	[ "$(wc -l <"$tmp/err")" -eq 18000 ]; then
	ok
else
	bad "2000 groups of 1 of 100000 shards: status $status, $named named, $more counted:"
	grep -v missing "$tmp/err" | head -3 | sed 's/^/  /'
fi
# The missing shards between and after those given, at most 8 named.
status=0
"$sim" merge "$tmp"/gaps.{1,2}.json >"$tmp/out" 2>"$tmp/err" || status=$?
cat >"$tmp/want" <<'EOF'
sim merge: scenario a under v0 (dpor): shard 1/7 missing
sim merge: scenario a under v0 (dpor): shard 3/7 missing
sim merge: scenario a under v0 (dpor): shard 4/7 missing
sim merge: scenario a under v0 (dpor): shard 6/7 missing
sim merge: scenario a under v0 (dpor): shard 7/7 missing
sim merge: scenario b under v0 (dpor): shard 2/100000 missing
sim merge: scenario b under v0 (dpor): shard 3/100000 missing
sim merge: scenario b under v0 (dpor): shard 4/100000 missing
sim merge: scenario b under v0 (dpor): shard 5/100000 missing
sim merge: scenario b under v0 (dpor): shard 6/100000 missing
sim merge: scenario b under v0 (dpor): shard 7/100000 missing
sim merge: scenario b under v0 (dpor): shard 8/100000 missing
sim merge: scenario b under v0 (dpor): shard 9/100000 missing
sim merge: scenario b under v0 (dpor): 99990 more shards of 100000 missing
EOF
if [ "$status" -eq 2 ] && diff -u "$tmp/want" "$tmp/err"; then
	ok
else
	bad "gaps: status $status (want 2)"
fi

# escaped NAME FILE WANT...: FILE has none of the bytes a terminal obeys
# rather than shows (C0 controls but newline, DEL, a C1 control's UTF-8,
# a byte that is not UTF-8) and has each WANT, an escaped form.
escaped() {
	local name=$1 file=$2
	shift 2
	if python3 - "$file" "$@" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
raw = re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xff", data)
missing = [w for w in sys.argv[2:] if w.encode() not in data]
if raw:
    print("  raw %r at byte %d" % (raw.group(), raw.start()))
if missing:
    print("  no %s" % ", ".join(missing))
sys.exit(1 if raw or missing else 0)
EOF
	then
		ok
	else
		bad "$name: not escaped"
	fi
}

# What a terminal shows of names, titles and traces: each control
# character as \xNN, a line per finding, the table's columns aligned.
evil='e\x1b]0;pwned\x07\x0d\x0a\xc2\x9b31m'
status=0
"$sim" merge "$tmp"/hostile.{1,2}.json >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || bad "hostile: status $status (want 0)"
escaped "hostile: findings, matrix and table" "$tmp/out" \
	"k9: ${evil}title (trace: ${evil}trace)" "${evil}s  k9 =  k9 =" \
	"${evil}s  ${evil}v  k9 "
if python3 - "$tmp/out" <<'EOF'
import sys
lines = open(sys.argv[1], "rb").read().decode().split("\n")
head = next(l for l in lines if l.startswith("scenario ") and "executions" in l)
rows = [l for l in lines if l.startswith("e\\x1b") and " complete " in l]
# Each column as wide as its escaped cells: the header's names line up.
assert len(rows) == 2, rows
assert all(r.index(" k9 ") + 1 == head.index("outcome") for r in rows), (head, rows)
EOF
then
	ok
else
	bad "hostile: the table's columns do not line up"
fi
"$sim" merge "$tmp/hostile.1.json" >"$tmp/out" 2>"$tmp/err" || true
escaped "hostile: missing shard" "$tmp/err" \
	"sim merge: scenario ${evil}s under ${evil}v (dpor): shard 2/2 missing"
[ "$(wc -l <"$tmp/err")" -eq 2 ] || bad "hostile: a message is not one line"
# File names (a glob may give any), jansson's message quoting the input,
# an option.
name=$tmp/$'\e]0;x\a\r\xff'
cp "$tmp/type.json" "$name.json"
printf '{"results": [\033]0;x\007]}' >"$name.bad"
: >"$tmp/err"
"$sim" merge "$name.json" "$s2" >"$tmp/out" 2>>"$tmp/err" || true
"$sim" merge "$name.nope" >"$tmp/out" 2>>"$tmp/err" || true
"$sim" merge "$name.bad" >"$tmp/out" 2>>"$tmp/err" || true
"$sim" merge $'--\e[2J' "$s2" >"$tmp/out" 2>>"$tmp/err" || true
escaped "hostile: stderr" "$tmp/err" "unrecognized option '--\x1b[2J'" \
	'\x1b]0;x\x07\x0d\xff.json: results[0].executions: not an integer' \
	'\x1b]0;x\x07\x0d\xff.nope: cannot read: No such file or directory' \
	"invalid token near '\x1b'"

finish

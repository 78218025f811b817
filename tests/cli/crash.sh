#!/usr/bin/env bash
# Code under test that crashes ends only its execution, with a "crash"
# finding: a NULL dereference, a stack overflow (the guard page), a
# division by zero and abort() in a variant file. Every other row and the
# JSON stay intact, and the crash's trace replays. A loop with no visible
# operation is a "hang" past --hang-seconds, and SIGTERM stops even that
# loop at once, with the rows kept and valid JSON.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1
a=$src/scenarios/a-two-vcpus-clear-enable-lpis.json

"$sim" variant new base --from v1 >base.c
# variant NAME BODY: base.c with BODY run when a walker's xa_erase() finds
# the slot already empty (only when two walkers overlap).
variant() {
	python3 - "$1" "$2" <<'PY' >"$1.c"
import sys
name, body = sys.argv[1], sys.argv[2]
s = open("base.c").read()
s = s.replace("\t\tirq = xa_erase(&its->translation_cache, idx);\n",
              "\t\tirq = xa_erase(&its->translation_cache, idx);\n\t\tif (!irq) {\n\t\t\t" + body + "\n\t\t}\n", 1)
i = s.index("void vgic_its_invalidate_cache(")
s = s[:i] + """static unsigned long recurse(unsigned long n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	return recurse(n + (unsigned long)pad[0]) + 1;
}

static volatile int zero, one = 1;
void abort(void);	/* the C library's: kernel headers do not declare them */
void exit(int);
void _exit(int);

""" + s[i:]
s = s.replace('VARIANT("base"', 'VARIANT("%s"' % name)
print(s, end="")
PY
}
variant nullv '*(volatile int *)0 = 1;'
variant errv '*(volatile int *)(long)-12 = 1;'
variant poisonv '*(volatile int *)0x6b6b6b6b6b6b6b6bUL = 1;'
variant overflowv 'idx += recurse(idx);'
variant divv 'idx += one / zero;'
variant abortv 'abort();'
variant exitv 'exit(3);'
variant uexitv '_exit(0);'
variant spinv 'for (volatile int spin = 1; spin;) ;'

"$sim" run --json --variant v1 --variant-file nullv.c --variant-file errv.c \
	--variant-file poisonv.c --variant-file overflowv.c \
	--variant-file divv.c --variant-file abortv.c --variant-file exitv.c \
	--variant-file uexitv.c --trace-dir t "$a" >run.json 2>run.err
status=$?
[ "$status" -eq 1 ] && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' run.json && ok ||
	{ bad "the run did not end with 1 and valid JSON ($status)"; tail -5 run.err; }
python3 - run.json <<'PY' && ok || bad "the rows are not one clean v1 and four crashes"
import json, sys
rows = {r["variant"]: r for r in json.load(open(sys.argv[1]))["results"]}
kinds = {v: sorted({f["kind"] for f in r["findings"]}) for v, r in rows.items()}
want = {"v1": [], "nullv": ["bad-pointer"], "errv": ["bad-pointer"], "poisonv": ["crash"], "overflowv": ["crash"], "divv": ["crash"], "abortv": ["crash"],
        "exitv": ["crash"], "uexitv": ["crash"]}
if kinds != want or not all(r["complete"] for r in rows.values()):
    print("  ", kinds)
    sys.exit(1)
PY
"$sim" run --variant-file nullv.c --variant-file errv.c --variant-file poisonv.c \
	--variant-file overflowv.c --variant-file divv.c \
	--variant-file abortv.c --variant-file exitv.c --variant-file uexitv.c \
	--trace-dir t "$a" >run.out 2>&1
grep -q '^Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000 in vcpu[01]$' run.out && ok ||
	bad "no NULL dereference report"
grep -q '^Unable to handle kernel paging request at virtual address fffffffffffffff4 in vcpu[01]$' run.out && ok ||
	bad "no ERR_PTR dereference report"
grep -q '^general protection fault, probably for non-canonical address (freed memory.s poison?) in vcpu[01]$' run.out && ok ||
	bad "no general protection fault report"
grep -q '^BUG: stack guard page was hit (kernel stack overflow) in vcpu[01]$' run.out && ok ||
	bad "no stack overflow report"
grep -q '^Internal error: arithmetic exception (division by zero?) in vcpu[01]$' run.out && ok ||
	bad "no division by zero report"
grep -q '^Internal error: abort() called in vcpu[01]$' run.out && ok ||
	bad "no abort() report"
grep -q '^Internal error: exit() called with status 3 in vcpu[01]$' run.out &&
	grep -q '^Internal error: _exit() called with status 0 in vcpu[01]$' run.out && ok ||
	bad "no exit() or _exit() report"
t=$(ls t/*.exitv.crash.*.trace 2>/dev/null | head -1)
"$sim" replay --trust-embedded-code "$t" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: crash at ' replay.out && ok ||
	{ bad "the exit() trace does not replay"; tail -3 replay.out; }

# A frame above the kernel's arm64 limit is refused when the file compiles.
variant bigframev '{ volatile char big[4096]; big[idx % 4096] = 1; idx += big[0]; }'
"$sim" run --variant-file bigframev.c "$a" >big.out 2>&1
[ $? -eq 2 ] && grep -q 'frame size of [0-9]* bytes is larger than 2048 bytes' big.out && ok ||
	{ bad "a 4 KiB frame was not refused"; tail -3 big.out; }

t=$(ls t/*.nullv.bad-pointer.*.trace 2>/dev/null | head -1)
"$sim" replay --trust-embedded-code "$t" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: bad-pointer at vgic_its_invalidate_cache:' replay.out && ok ||
	{ bad "the crash's trace does not replay"; tail -3 replay.out; }

# A loop the scheduler cannot see into: a hang, and the search goes on.
"$sim" run --json --hang-seconds 1 --variant-file spinv.c --trace-dir t "$a" >hang.json 2>hang.err
python3 - hang.json <<'PY' && ok || { bad "a spinning variant is not a hang with the search complete"; tail -3 hang.err; }
import json, sys
r = [r for r in json.load(open(sys.argv[1]))["results"] if r["variant"] == "spinv"][0]
assert [f["kind"] for f in r["findings"]] == ["hang"] and r["complete"], r
PY
# SIGTERM while spinning with no limit: stopped within a second or so,
# exit 1, every finished row and the interrupted one in valid JSON.
start=$(date +%s)
timeout --preserve-status -s TERM 2 "$sim" run --json --hang-seconds 0 --variant-file spinv.c \
	--trace-dir t "$a" >term.json 2>term.err
status=$?
took=$(( $(date +%s) - start ))
[ "$status" -eq 1 ] && [ "$took" -le 6 ] && python3 - term.json <<'PY' && ok || { bad "SIGTERM did not stop the spin with the rows kept ($status, ${took}s)"; tail -3 term.err; }
import json, sys
rows = {r["variant"]: r["search"] for r in json.load(open(sys.argv[1]))["results"]}
assert rows.get("spinv") == "interrupted" and rows.get("v1") == "complete", rows
PY

finish

#!/usr/bin/env bash
# Output files are safe: the trace directory is proved writable before any
# search runs; a trace is written whole into a new file and renamed, so a
# symlink planted at its path is replaced, never followed; a run with
# another strategy never overwrites the default strategy's traces.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1
a=$src/scenarios/a-two-vcpus-clear-enable-lpis.json

# 1. An unwritable --trace-dir is bad input before the search starts.
"$sim" run --variant v0 --trace-dir /dev/null/traces "$a" >out 2>err
[ $? -eq 2 ] && grep -q '^--trace-dir /dev/null/traces: cannot create: ' err &&
	! grep -q 'itsim: scenario' out && ok ||
	{ bad "an unwritable --trace-dir is not refused before the search"; cat err; }
mkdir ro && chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	"$sim" run --variant v0 --trace-dir ro "$a" >out 2>err
	[ $? -eq 2 ] && grep -q '^--trace-dir ro: cannot write there: ' err && ok ||
		{ bad "a read-only --trace-dir is not refused"; cat err; }
fi
"$sim" run --variant v0 --svg-dir /dev/null/svg "$a" >out 2>err
[ $? -eq 2 ] && grep -q '^--svg-dir /dev/null/svg: cannot create: ' err && ok ||
	{ bad "an unwritable --svg-dir is not refused"; cat err; }

# 2. A symlink where a trace goes is replaced by the trace, not followed.
mkdir t && echo precious >victim
ln -s ../victim t/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.trace
"$sim" run -q --variant v0 --trace-dir t "$a" >out 2>err
[ $? -eq 0 ] && [ "$(cat victim)" = precious ] &&
	[ -f t/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.trace ] &&
	[ ! -L t/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.trace ] &&
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' \
		t/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.trace && ok ||
	{ bad "the planted symlink was followed, or the trace is not whole"; cat err; ls -l t; }
ls t | grep -q 'tmp-' && bad "a temporary file was left behind" || ok

# 3. Another strategy's traces carry its name (and seed): nothing is
#    overwritten, and the report says where each went.
"$sim" run --variant v0 --strategy random --seed 7 --max-executions 200 --trace-dir t "$a" >rand.out 2>&1
r=t/a-two-vcpus-clear-enable-lpis.v0.random-s7.premature-free.__vgic_put_irq-110.trace
[ -f "$r" ] && grep -q "^  trace $r\$" rand.out &&
	[ -f t/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.trace ] && ok ||
	{ bad "a random run's trace is not named apart"; ls t; grep replay: rand.out; }

# 4. Two scenario files with one name: the second trace gets a number.
sed 's/"max_executions": [0-9]*/"max_executions": 1000/' "$a" >copy.json
"$sim" run -q --variant v0 --trace-dir u "$a" copy.json >two.out 2>&1
[ -f u/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.trace ] &&
	[ -f u/a-two-vcpus-clear-enable-lpis.v0.premature-free.__vgic_put_irq-110.2.trace ] && ok ||
	{ bad "a second trace of the same name overwrote the first"; ls u; }

# 5. --show N prints the N-th execution, clean or not, the same whatever
#    --jobs says; past the end it says how many there were.
"$sim" run -q --show 3 --variant v1 --jobs 2 --trace-dir s "$a" >show1.out 2>&1
"$sim" run -q --show 3 --variant v1 --jobs 1 --trace-dir s "$a" >show2.out 2>&1
grep -q '^a-two-vcpus-clear-enable-lpis under v1, execution 3: clean$' show1.out &&
	grep -q '^interleaving ([0-9]* steps, 2 actors):$' show1.out &&
	grep -q ' srcu_read_lock(&kvm->srcu)' show1.out &&
	cmp -s <(sed -n '/, execution 3: /,/^$/p' show1.out) <(sed -n '/, execution 3: /,/^$/p' show2.out) && ok ||
	{ bad "--show 3 does not print the third execution the same way"; head -3 show1.out; }
"$sim" run -q --show 1000 --variant v1 --trace-dir s "$a" >show3.out 2>&1
grep -q '^a-two-vcpus-clear-enable-lpis under v1: no execution 1000 to show: the search ran [0-9][0-9]*$' show3.out && ok ||
	{ bad "--show past the end is not said"; cat show3.out; }

# 5a. A report names the ITS command its actor was running.
"$sim" run -v --variant v0 --trace-dir s "$src/scenarios/i-walker-vs-discard-remap-recache.json" >cmd.out 2>&1
grep -q '^during: ops\[0\] its_commands its0: DISCARD 1:0, MAPTI 1:0 lpi 8193, INT 1:0 (in its0 command 1 DISCARD 1:0)$' cmd.out &&
	ok || { bad "no ITS command named in the report"; grep '^during' cmd.out | head -3; }

# 6. A narrow terminal ($COLUMNS, or the terminal's width): every line of
#    the quick start fits 80 columns but trace paths, kinds in short with
#    a legend, each row under its scenario; without a width, the one-line
#    rows scripts read.
COLUMNS=80 "$sim" run --trace-dir traces "$src"/scenarios/*.json >narrow.out 2>&1
[ $? -eq 0 ] && ok || bad "the narrow quick start did not exit 0"
awk 'length($0) > 80 && !/^  trace traces\/[^ ]*$/ { print; bad = 1 } END { exit bad }' narrow.out && ok ||
	bad "lines wider than 80 columns"
grep -q '^kinds: .*PF premature-free' narrow.out && grep -q '^  v0  *PF  *PF  *yes  *[0-9]' narrow.out &&
	grep -q '^a-two-vcpus-clear-enable-lpis  *PF =  *clean =  *LO = *$' narrow.out && ok ||
	{ bad "no narrow table, matrix or legend"; tail -30 narrow.out; }
for f in "$src"/scenarios/*.json; do
	name=$(basename "$f" .json)
	grep -q "^$name\$" narrow.out || bad "no narrow row group for $name"
done
env -u COLUMNS "$sim" run -q --trace-dir traces "$a" >wide.out 2>&1
grep -q '^a-two-vcpus-clear-enable-lpis  *v0  *premature-free  *premature-free  *yes ' wide.out && ok ||
	bad "the wide table is gone without a width"

finish

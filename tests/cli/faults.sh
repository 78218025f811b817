#!/usr/bin/env bash
# Fault injection (--faults, explore.faults): a variant whose
# vgic_its_cache_translation() passes xa_store()'s error entry on is a
# bad-pointer under one failed allocation, one that forgets the slot's
# reference leaks it, and v1 is clean; the report names the failed
# allocation, the trace carries it and replays it; --faults 0 is exactly
# today's search; --fault-site narrows it; bad values are bad input.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1
m="$src/scenarios/m-msi-cache-store-fails.json"
e="$src/scenarios/e-msi-slow-path-vs-clear-enable-lpis.json"

"$sim" variant new nocheck --from v1 >nocheck.c || bad "variant new"
# 6.12's body: the xa_is_err() check and its put are gone.
perl -0pi -e 's/\tif \(xa_is_err\(old\)\) \{\n\t\tvgic_put_irq\(kvm, irq\);\n\t\treturn;\n\t\}\n\n//' nocheck.c
grep -q 'xa_is_err' nocheck.c && bad "nocheck.c still checks xa_is_err()" || ok
"$sim" variant new noput --from v1 >noput.c || bad "variant new"
# The check stays, its put is forgotten: the slot's reference leaks.
perl -0pi -e 's/(\tif \(xa_is_err\(old\)\) \{\n)\t\tvgic_put_irq\(kvm, irq\);\n/$1/' noput.c
perl -0ne 'exit !/if \(xa_is_err\(old\)\) \{\n\t\treturn;/' noput.c && ok || bad "noput.c still puts"

# 1. One failed allocation: bad-pointer and leak, v1 clean.
"$sim" run --variant v1 --variant-file nocheck.c --variant-file noput.c \
	--trace-dir "$tmp/t" -v "$m" >run.out 2>run.err
[ $? -eq 1 ] && ok || bad "the run did not fail"
grep -q '^m-msi-cache-store-fails  *v1  *clean  *clean  *yes ' run.out && ok || bad "v1 is not clean"
grep -q '^m-msi-cache-store-fails  *nocheck  *bad-pointer  *clean  *NO ' run.out && ok ||
	{ bad "nocheck is not a bad-pointer"; cat run.out; }
grep -q '^m-msi-cache-store-fails  *noput  *leak  *clean  *NO ' run.out && ok || bad "noput does not leak"
grep -q '^fault injected: xa_store in vgic_its_cache_translation (nocheck.c:[0-9]*), 1st allocation of vmm in ops\[0\] msi its0 device 1 event 0$' run.out &&
	ok || bad "the report does not name the failed allocation"
grep -q 'xa_store(&its->translation_cache, 0x10000) = -ENOMEM (fault injected)' run.out && ok ||
	bad "the interleaving does not show the failed store"
grep -q "^vmm's operation took 1 reference to vgic_irq LPI 8192 (first at #[0-9]*) and had not put it: the dead thread never will$" run.out &&
	ok || bad "the oops does not name the slot's reference it loses"
grep -q '^kmemleak: suspected leak of vgic_irq LPI 8192: count 3, but 2 holders$' run.out && ok ||
	bad "noput's leak report"
grep -q 'with failed allocations (1 fault plan of up to 1;' run.out && ok || bad "no fault plan line"

# 2. The trace carries the failure; the replay injects it again.
trace=$(ls "$tmp"/t/*nocheck.bad-pointer*.trace 2>/dev/null | head -1)
[ -n "$trace" ] && ok || bad "no trace for nocheck"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["faults"]; assert f == [{"actor": "vmm", "op": 0, "nth": 1}], f' "$trace" &&
	ok || bad "the trace's faults"
"$sim" replay --trust-embedded-code "$trace" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: bad-pointer' replay.out && ok || { bad "the replay did not reproduce"; cat replay.out; }
grep -q '^fault injected: xa_store in vgic_its_cache_translation' replay.out && ok || bad "the replay's report"
# Without its failure the same schedule is clean.
python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); del t["faults"]; json.dump(t, open("nofault.trace","w"))' "$trace"
"$sim" replay --trust-embedded-code nofault.trace >replay.out 2>&1
[ $? -eq 0 ] && ok || { bad "the schedule without its failure is not clean"; cat replay.out; }
# A bad faults entry is bad input, positioned.
python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); t["faults"]=[{"actor": "vmm", "op": 0, "nth": 0}]; json.dump(t, open("bad.trace","w"))' "$trace"
"$sim" replay --trust-embedded-code bad.trace >/dev/null 2>bad.err
[ $? -eq 2 ] && grep -q '^bad.trace: at faults\[0\]: expected {"actor": NAME, "op": N >= 0, "nth": N >= 1}$' bad.err &&
	ok || { bad "a bad faults entry"; cat bad.err; }

# 3. --faults 0 is today's search, byte for byte (but the wall clock).
strip() { python3 -c 'import json,sys; d=json.load(sys.stdin)
def z(o):
    if isinstance(o, dict): return {k: z(v) for k, v in o.items() if k != "seconds"}
    if isinstance(o, list): return [z(v) for v in o]
    return o
print(json.dumps(z(d), sort_keys=True))'; }
"$sim" run --json --variant all --trace-dir "$tmp/t0" "$e" | strip >plain.json
"$sim" run --json --variant all --faults 0 --trace-dir "$tmp/t0" "$e" | strip >zero.json
cmp -s plain.json zero.json && ok || bad "--faults 0 differs from no injection"
"$sim" run --json --variant all --faults 1 --trace-dir "$tmp/t0" "$e" | strip >one.json
cmp -s plain.json one.json && bad "--faults 1 explored nothing more" || ok

# 4. --fault-site: only that function's allocations fail.
"$sim" run -q --variant-file nocheck.c --variant nocheck --fault-site vgic_add_lpi \
	--trace-dir "$tmp/t" "$m" >site.out 2>&1
[ $? -eq 0 ] && grep -q '^m-msi-cache-store-fails  *nocheck  *clean  *clean  *yes ' site.out && ok ||
	{ bad "--fault-site vgic_add_lpi still failed the cache store"; cat site.out; }
"$sim" run -q --variant-file nocheck.c --variant nocheck --fault-site vgic_its_cache_translation \
	--trace-dir "$tmp/t" "$m" >site.out 2>&1
[ $? -eq 1 ] && ok || bad "--fault-site vgic_its_cache_translation found nothing"

# 5. --coverage: the allocation sites reached, and whether each failed.
"$sim" run --coverage --variant v1 --trace-dir "$tmp/t" "$m" >cov.out 2>&1
grep -q '^  allocation sites reached (1):$' cov.out &&
	grep -q '^    xa_store   v0.c:[0-9]* vgic_its_cache_translation  *failure explored$' cov.out && ok ||
	{ bad "--coverage"; cat cov.out; }
"$sim" run --coverage --faults 0 --variant v1 --trace-dir "$tmp/t" "$m" >cov.out 2>&1
grep -q 'vgic_its_cache_translation  *not failed (--faults 0)$' cov.out && ok || bad "--coverage --faults 0"
"$sim" run --coverage --variant v1 --trace-dir "$tmp/t" "$src/scenarios/o-restore-tables-fails.json" >cov.out 2>&1
for f in vgic_add_lpi vgic_its_alloc_collection vgic_its_alloc_ite vgic_its_alloc_device; do
	grep -q "^    kzalloc    vgic-its.c:[0-9]* $f  *failure explored$" cov.out && ok || bad "o: $f not failed"
done
grep -q '^    xa_reserve vgic-its.c:[0-9]* vgic_add_lpi  *failure explored$' cov.out && ok || bad "o: xa_reserve not failed"

# 6. Bad values.
for args in "--faults 5" "--faults x" "--faults -1"; do
	# shellcheck disable=SC2086
	"$sim" run $args "$m" >/dev/null 2>bad.err
	[ $? -eq 2 ] && grep -q '^sim run: --faults takes an integer from 0 to 4, not ' bad.err && ok ||
		bad "$args is not bad input"
done
"$sim" run --fault-site '1abc' "$m" >/dev/null 2>bad.err
[ $? -eq 2 ] && grep -q '^sim run: --fault-site takes a function name (a C identifier), not "1abc"$' bad.err && ok ||
	bad "--fault-site 1abc is not bad input"
finish

#!/usr/bin/env bash
# sim run --coverage: what a search reached, so a clean row can be told
# from a vacuous one. Each operation's outcome (an MSI delivered, a save
# refused with -EBUSY while a vCPU runs), each ITS command's result, what
# the xarray lookups and trylocks found, the lock pairs taken; and a
# warning for scenarios whose actors never race, or that never hold a
# translation-cache entry.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1
s=$src/scenarios

cov() {	# SCENARIO: the coverage block of its v1 row
	"$sim" run --coverage --variant v1 --trace-dir "$tmp/t" "$1" 2>&1 |
		sed -n '/^coverage of /,/ under v1: /p'
}

cov "$s/e-msi-slow-path-vs-clear-enable-lpis.json" >e.out
grep -q '^ *3  vmm: KVM_SIGNAL_MSI for its0 1:0 delivered$' e.out && ok || { bad "e: the MSI's outcome"; cat e.out; }
grep -q '^ *3  xa_load(&its->translation_cache): found none$' e.out && ok || bad "e: the fast path's miss"
grep -q '^ *[0-9]*  xa_find(&its->translation_cache): found an entry$' e.out && ok || bad "e: the walker's find"
grep -q '^    &its->its_lock -> &irq->irq_lock$' e.out && ok || bad "e: a lock pair"
grep -q '^warning' e.out && bad "e: a warning on a scenario that races" || ok
grep -q '^ *[0-9]*  checked site: mutex_lock(&its->its_lock) at vgic-its.c:[0-9]* vgic_its_inject_msi$' e.out &&
	grep -q '^ *[0-9]*  checked site: refcount_dec_and_test at vgic.c:[0-9]* __vgic_put_irq$' e.out && ok ||
	{ bad "e: the checked sites reached"; grep checked e.out; }

grep -q '^ *3  its0: MSI 1:0 on the slow path: translated and injected$' e.out && ok ||
	bad "e: the slow path's outcome"
# Why an MSI is dropped: the VMM disables the ITS first (once no vCPU
# runs; -EBUSY before), then signals.
python3 - "$s/e-msi-slow-path-vs-clear-enable-lpis.json" >disabled.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["name"] = "disabled"
d["actors"][0]["ops"].insert(0, {"op": "reg_write", "target": "its", "its": "its0",
                                 "reg": "GITS_CTLR", "enabled": False})
d["expect"] = {"v1": []}
json.dump(d, sys.stdout)
PY
cov disabled.json >d.out
grep -q '^ *[0-9]*  its0: MSI 1:0 on the slow path: dropped: the ITS is disabled$' d.out &&
	grep -q '^ *[0-9]*  reg_write: returned -EBUSY$' d.out && ok ||
	{ bad "a dropped MSI's reason"; grep 'MSI\|reg_write' d.out; }

cov "$s/h-clear-enable-lpis-vs-save-tables.json" >h.out
grep -q '^ *[0-9]*  its_ctrl save_tables: returned -EBUSY$' h.out &&
	grep -q '^ *[0-9]*  its_ctrl save_tables: returned 0$' h.out &&
	grep -q '^ *[0-9]*  mutex_trylock(&vcpu->mutex) failed: held elsewhere$' h.out && ok ||
	{ bad "h: the save's two outcomes and the failed trylock"; cat h.out; }

cov "$s/i-walker-vs-discard-remap-recache.json" >i.out
for c in DISCARD MAPTI INT; do
	grep -q "^ *[0-9]*  its0: $c command done$" i.out && ok || bad "i: $c's result"
done

# A command that fails: MAPTI of a device nobody mapped
# (E_ITS_MAPTI_UNMAPPED_DEVICE).
sed -e 's/"cmd": "MAPTI", "device": 1/"cmd": "MAPTI", "device": 9/' \
	"$s/i-walker-vs-discard-remap-recache.json" >unmapped.json
cov unmapped.json >u.out
grep -q '^ *[0-9]*  its0: MAPTI command failed with ITS error 0x10a04$' u.out && ok ||
	{ bad "a failed MAPTI's error"; grep MAPTI u.out; }

# Vacuous: two walkers over an empty cache never race and hold nothing.
python3 - "$s/a-two-vcpus-clear-enable-lpis.json" >vacuous.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["name"] = "vacuous"
del d["vm"]["its"][0]["cached"]
d["expect"] = {"v1": []}
json.dump(d, sys.stdout)
PY
cov vacuous.json >v.out
grep -q '^warning: vacuous: the actors never raced on a shared object: dpor found one class of executions$' v.out &&
	grep -q "^warning: vacuous: no execution found, stored or removed a translation-cache entry: the cache's races were not exercised$" v.out &&
	ok || { bad "no warning on a vacuous scenario"; cat v.out; }

# Without --coverage, none of it.
"$sim" run --variant v1 --trace-dir "$tmp/t" vacuous.json >plain.out 2>&1
grep -q '^coverage of\|^warning' plain.out && bad "coverage printed without --coverage" || ok
finish

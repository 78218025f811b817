#!/usr/bin/env bash
# KCSAN (sim run --kcsan): variant files built with -fsanitize=thread.
# A plain read-modify-write of a vgic_irq field by two invalidators with
# no common lock is a data race; the same under the irq's irq_lock, with
# READ_ONCE()/WRITE_ONCE(), or inside data_race() is clean. KASAN still
# judges the same accesses (a read after kfree()). Every built-in variant
# as a file keeps its verdicts on every shipped scenario. The race's
# trace records --kcsan and replays to the same report, byte for byte;
# --kcsan with nothing compiled at run time is bad input (exit 2).
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1
scn=$src/scenarios/a-two-vcpus-clear-enable-lpis.json

# 1. The four access patterns, in vgic_its_invalidate_cache()'s walk,
#    which both vCPUs run at once with no lock in common (path R).
"$sim" variant new kbase --from v1 >kbase.c
python3 - <<'PY'
s = open("kbase.c").read()
old = "\t\tirq = xa_erase(&its->translation_cache, idx);\n"
assert old in s
bodies = {
    "racev": "irq->host_irq++;",
    "lockv": "unsigned long flags;\n\t\traw_spin_lock_irqsave(&irq->irq_lock, flags);\n"
             "\t\tirq->host_irq++;\n\t\traw_spin_unlock_irqrestore(&irq->irq_lock, flags);",
    "oncev": "WRITE_ONCE(irq->host_irq, READ_ONCE(irq->host_irq) + 1);",
    "drv": "data_race(irq->host_irq++);",
    "uafv": "u32 *p = kzalloc(sizeof(*p), GFP_ATOMIC);\n\t\tkfree(p);\n\t\tidx += *(volatile u32 *)p;",
}
for name, body in bodies.items():
    t = s.replace(old, "\t\t{\n\t\t" + body + "\n\t\t}\n" + old, 1)
    open(name + ".c", "w").write(t.replace('VARIANT("kbase"', 'VARIANT("%s"' % name))
PY
"$sim" run -v --kcsan --trace-dir t --variant racev,lockv,oncev,drv,uafv \
	--variant-file racev.c --variant-file lockv.c --variant-file oncev.c \
	--variant-file drv.c --variant-file uafv.c "$scn" >race.out 2>&1
[ $? -eq 1 ] && ok || bad "the racy variants did not make the run fail"
grep -q '^BUG: KCSAN: data-race in vgic_its_invalidate_cache / vgic_its_invalidate_cache$' race.out &&
	grep -Eq '^read of size 4 at offset [0-9]+ of vgic_irq LPI 8192 by vcpu[01] at vgic_its_invalidate_cache\+0x[0-9a-f]+/0x[0-9a-f]+, after its step at racev.c:[0-9]+ vgic_its_invalidate_cache$' race.out &&
	grep -Eq '^write of size 4 at offset [0-9]+ of vgic_irq LPI 8192 by vcpu[01] at vgic_its_invalidate_cache\+' race.out &&
	ok || { bad "no KCSAN report of the plain write against the plain read"; grep -A4 KCSAN race.out | head; }
for row in 'racev  *data-race  *clean  *NO' 'lockv  *clean  *clean  *yes' \
	'oncev  *clean  *clean  *yes' 'drv  *clean  *clean  *yes' \
	'uafv  *use-after-free  *clean  *NO'; do
	grep -q "$row" race.out && ok || { bad "no row '$row'"; grep -E 'racev|lockv|oncev|drv|uafv' race.out | tail -5; }
done
grep -q '^BUG: KASAN: slab-use-after-free in vgic_its_invalidate_cache$' race.out && ok ||
	bad "KASAN did not judge the read after kfree() under --kcsan"

# 2. The trace says --kcsan; replaying it rebuilds the file for KCSAN and
#    prints the same report; a second run prints the same bytes.
trace=$(ls t/*racev.data-race*.trace 2>/dev/null | head -1)
[ -n "$trace" ] && grep -q '"kcsan": true' "$trace" && ok || bad "the race's trace does not record kcsan"
"$sim" replay --trust-embedded-code "$trace" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^BUG: KCSAN: data-race in vgic_its_invalidate_cache / vgic_its_invalidate_cache$' replay.out &&
	ok || { bad "the race's trace did not replay"; tail -5 replay.out; }
"$sim" run -v --kcsan --trace-dir t2 --variant racev --variant-file racev.c "$scn" 2>&1 |
	sed -n '/^BUG: KCSAN/,/^====/p' >again1.out
"$sim" run -v --kcsan --trace-dir t3 --variant racev --variant-file racev.c "$scn" 2>&1 |
	sed -n '/^BUG: KCSAN/,/^====/p' >again2.out
[ -s again1.out ] && cmp -s again1.out again2.out && ok || bad "two runs printed different race reports"

# 3. The built-in variants as files keep their verdicts under --kcsan.
args=()
for v in v0 v1 v2 v2-rcu; do
	n=k${v//-/}
	"$sim" variant new "$n" --from "$v" >"$n.c"
	args+=(--variant-file "$n.c" --expect-like "$n=$v")
	names=${names:+$names,}$n
done
"$sim" run -q --kcsan --trace-dir t4 --variant "$names" "${args[@]}" \
	"$src"/scenarios/*.json >all.out 2>&1 && ok ||
	{ bad "a built-in variant's verdict changed under --kcsan"; grep -E ' NO ' all.out | head; }
grep -q 'data-race' all.out && bad "a data race in a built-in variant" || ok

# 4. Nothing to instrument: bad input.
"$sim" run --kcsan "$scn" >bad.out 2>&1
[ $? -eq 2 ] && grep -q -- '--kcsan judges code compiled at run time' bad.out && ok ||
	{ bad "--kcsan without run-time code was not refused"; cat bad.out; }

finish kcsan

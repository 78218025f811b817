#!/usr/bin/env bash
# Bring your own patch: variant files written from `sim variant new` give
# the built-in variants' verdicts; a compile error is the compiler's
# message and exit 2; traces of file variants replay without the file;
# --variant all prints the scenario x variant matrix; a file that breaks
# one of the model's lock rules gets assert-held.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1

# 1. A file per built-in variant, unchanged: the same outcome and
#    executions as the built-in, scenario by scenario.
args=()
for v in v0 v1 v2 v2-rcu; do
	if "$sim" variant new "file-$v" --from "$v" >"file-$v.c"; then ok; else bad "variant new --from $v"; fi
	grep -q '^VARIANT("file-'"$v"'", "'"$v"'"' "file-$v.c" && ok || bad "no VARIANT line in file-$v.c"
	args+=(--variant-file "file-$v.c" --expect-like "file-$v=$v")
done
"$sim" run -q --trace-dir "$tmp/t1" "${args[@]}" "$src"/scenarios/*.json >run.out 2>run.err
status=$?
[ "$status" -eq 0 ] && ok || { bad "run with file variants exited $status"; cat run.err; }
for v in v0 v1 v2 v2-rcu; do
	built=$(awk -v v="$v" '$2 == v { print $1, $3, $6 }' run.out | sed -n '/^[a-z]-/p')
	file=$(awk -v v="file-$v" '$2 == v { print $1, $3, $6 }' run.out)
	if [ -n "$built" ] && [ "$built" = "$file" ]; then ok; else bad "file-$v differs from $v:"; diff <(echo "$built") <(echo "$file"); fi
done
# The matrix shows both, judged where the scenario names the variant.
grep -q '^scenario .*file-v1' run.out && ok || bad "no matrix with the file variants"
grep -q "^(= met the scenario's expectation" run.out && ok || bad "no matrix legend"

# A variant the scenario does not name is expected clean: a file that
# double-puts fails the run, and --expect-like judges it as its base.
a="$src/scenarios/a-two-vcpus-clear-enable-lpis.json"
"$sim" run -q --variant v1 --variant-file file-v0.c --trace-dir "$tmp/t5" "$a" >unnamed.out 2>&1
[ $? -eq 1 ] && ok || bad "a double-putting file variant did not fail the run"
grep -q '^a-two-vcpus-clear-enable-lpis  *file-v0  *premature-free  *clean  *NO ' unnamed.out && ok ||
	{ bad "the unnamed file variant is not judged against clean"; cat unnamed.out; }
"$sim" run --variant v1 --variant-file file-v0.c --trace-dir "$tmp/t5" "$a" >unnamed.out 2>&1
grep -q '^the scenario does not name file-v0: expected clean: NOT MET$' unnamed.out && ok ||
	bad "the report does not say why file-v0 was expected clean"
"$sim" run -q --variant v1 --variant-file file-v0.c --expect-like v0 --trace-dir "$tmp/t5" "$a" >like.out 2>&1
[ $? -eq 0 ] && grep -q '^a-two-vcpus-clear-enable-lpis  *file-v0  *premature-free  *premature-free  *yes ' like.out && ok ||
	{ bad "--expect-like v0 does not judge file-v0 as v0"; cat like.out; }
"$sim" run -q --variant v1 --variant-file file-v1.c --expect-like file-v1=v0 --trace-dir "$tmp/t5" "$a" >like.out 2>&1
[ $? -eq 1 ] && ok || bad "--expect-like file-v1=v0 did not fail a clean file-v1"
"$sim" run -q --expect-like v9 "$a" >/dev/null 2>like.err
[ $? -eq 2 ] && grep -q 'unknown variant "v9"' like.err && ok || bad "--expect-like with an unknown base is not bad input"

# 2. A compile error: the compiler's own message, exit 2.
sed 's/xa_erase(/xa_erase_typo(/' file-v1.c >broken.c
"$sim" run --variant-file broken.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >broken.out 2>broken.err
status=$?
[ "$status" -eq 2 ] && ok || bad "a compile error exited $status"
grep -q "error: implicit declaration of function 'xa_erase_typo'\|error: implicit declaration of function ‘xa_erase_typo’" broken.err && ok || { bad "no compiler message"; cat broken.err; }
grep -q '^broken.c: the variant file does not compile' broken.err && ok || bad "no summary line naming the file"
# A typo in a replaceable function's name: the compiler names it (it has
# no prototype) instead of the run hanging in a dispatcher calling itself.
sed 's/^void vgic_its_invalidate_cache(/void vgic_its_invalidate_cahce(/' file-v1.c >typo.c
"$sim" run --variant-file typo.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >typo.out 2>typo.err
[ $? -eq 2 ] && grep -q "no previous prototype for .vgic_its_invalidate_cahce" typo.err &&
	grep -q '^typo.c: the variant file does not compile.*not one of the replaceable ones' typo.err && ok ||
	{ bad "a typo'd function name is not a compile error naming it"; cat typo.err; }
# A kernel API the shims lack names itself as not modelled; pr_debug()
# and friends compile and print nothing.
sed 's/^\tunsigned long idx;$/\tunsigned long idx;\n\tvoid *unused = xa_cmpxchg(\&its->translation_cache, 0, NULL, NULL, GFP_KERNEL);/' \
	file-v1.c >cmpx.c
"$sim" run --variant-file cmpx.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >cmpx.out 2>cmpx.err
[ $? -eq 2 ] && grep -q "xa_cmpxchg() is not modelled by itsim's kernel shims: see docs/your-own-patch.md" cmpx.err && ok ||
	{ bad "xa_cmpxchg() does not say it is not modelled"; head -5 cmpx.err; }
sed 's/^\tunsigned long idx;$/\tunsigned long idx;\n\tpr_debug("walking %p\\n", its);/' file-v1.c >prd.c
"$sim" run -q --variant-file prd.c --expect-like prd=v1 "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >prd.out 2>prd.err
[ $? -eq 0 ] && grep -q 'pr_debug' prd.c && ok || { bad "pr_debug() does not compile"; head -5 prd.err; }
# The same typo in a static function: the VARIANT line then names the
# model's own dispatcher, which would call itself; refused at load.
sed 's/^void vgic_its_invalidate_cache(/static void vgic_its_invalidate_cahce(/' file-v1.c >typo2.c
timeout 60 "$sim" run --variant-file typo2.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >typo2.out 2>typo2.err
[ $? -eq 2 ] && grep -q 'invalidate_cache = vgic_its_invalidate_cache is the model.s own dispatcher' typo2.err && ok ||
	{ bad "a VARIANT naming a dispatcher is not refused"; cat typo2.err; }
echo 'VARIANT("nobase", "v9", "x");' >nobase.c
sed -i '1i #include <kvm/itsim-variant.h>' nobase.c
"$sim" run --variant-file nobase.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >/dev/null 2>nobase.err
[ $? -eq 2 ] && grep -q 'nobase.c: .*v9' nobase.err && ok || { bad "an unknown base is not bad input"; cat nobase.err; }
"$sim" variant new x --from v9 >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "variant new with an unknown base"

# A static variable that outlives an execution (lazy init) makes the code
# nondeterministic: refused with the first step that differed, never an
# engine assertion or a verdict.
python3 - file-v1.c >static.c <<'PY'
import sys
s = open(sys.argv[1]).read()
i = s.index("void vgic_its_invalidate_cache(struct vgic_its *its)")
j = s.index("{", i) + 1
print(s[:j] + "\n\tstatic int calls;\n\n\tif (calls++ == 0)\n\t\treturn;\n" + s[j:], end="")
PY
"$sim" run --variant-file static.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >static.out 2>static.err
[ $? -eq 2 ] && grep -q '^a-two-vcpus-clear-enable-lpis under file-v1: the code under test is not deterministic: the same schedule, run twice, differs at step [0-9]*: .*static.c:' static.err && ok ||
	{ bad "a static that outlives an execution is not refused as nondeterminism"; cat static.err; }

# A name longer than the engine holds is bad input, not a BUG at setup.
sed "s/^VARIANT(\"file-v1\"/VARIANT(\"$(printf 'x%.0s' $(seq 75))\"/" file-v1.c >longname.c
"$sim" run --variant-file longname.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >longname.out 2>longname.err
[ $? -eq 2 ] && grep -q '^longname.c: variant name "x*\.\.\." is longer than 63 characters$' longname.err && ok ||
	{ bad "a 75-character variant name is not refused"; cat longname.err; }

# 3. A trace of a file variant replays on another machine: no file, no cache.
t=$(ls "$tmp"/t1/a-two-vcpus-clear-enable-lpis.file-v0.premature-free.*.trace 2>/dev/null | head -1)
if [ -n "$t" ] && grep -q '"variant_file"' "$t"; then ok; else bad "no trace embedding the variant file"; fi
rm -rf "$XDG_CACHE_HOME" file-v0.c
"$sim" replay "$t" >replay.out 2>&1
[ $? -eq 2 ] && grep -q 'embeds the C source of variant file-v0 (file-v0.c, [0-9]* bytes, sha256 [0-9a-f]*...): replaying it compiles and runs that code' replay.out &&
	[ ! -d "$XDG_CACHE_HOME/itsim/variants" ] && ok ||
	{ bad "a trace's embedded code was compiled without --trust-embedded-code"; cat replay.out; }
"$sim" replay --trust-embedded-code "$t" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: premature-free' replay.out && ok || { bad "the file variant's trace does not replay"; tail -3 replay.out; }
# Its sites keep the user's file name, not the cache's copy's.
grep -q ' file-v0\.c:[0-9]* ' replay.out && ! grep -q '[0-9a-f]\{64\}' replay.out && ok ||
	{ bad "the replayed report does not name file-v0.c"; grep -m3 '#' replay.out; }
# A recorded file name that is not a plain base name is bad input.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); d["variant_file"]["name"] = "../x.c"
json.dump(d, open("badname.trace", "w"))' "$t"
"$sim" replay badname.trace >badname.out 2>&1
[ $? -eq 2 ] && grep -q 'badname.trace: at variant_file.name: expected a file' badname.out && ok ||
	{ bad "a trace naming ../x.c is not exit 2"; cat badname.out; }

# 4. --variant all and --json carry the matrix.
"$sim" run -q --variant all --trace-dir "$tmp/t2" "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >all.out
grep -q '^a-two-vcpus-clear-enable-lpis .*premature-free = .*clean = ' all.out && ok || bad "--variant all prints no matrix"
"$sim" run -q --json --variant all --trace-dir "$tmp/t3" "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >all.json
grep -q '"matrix"' all.json && ok || bad "--json has no matrix"

# 5. The model's lock rules bind variant files too: tests/variants/
#    lockless-resolve.c calls vgic_its_resolve_lpi() without its_lock on a
#    cache miss; the model's lockdep_assert_held() there must report
#    assert-held naming the function, and the trace must replay it.
lr="$src/tests/variants/lockless-resolve.c"
"$sim" run --variant lockless-resolve --variant-file "$lr" --trace-dir "$tmp/t4" \
	"$src/scenarios/e-msi-slow-path-vs-clear-enable-lpis.json" >lr.out 2>lr.err
status=$?
[ "$status" -eq 0 ] || [ "$status" -eq 1 ] && ok || { bad "lockless-resolve run exited $status"; cat lr.err; }
grep -q '^WARNING: lockdep_assert_held(&its->its_lock) failed in vgic_its_resolve_lpi$' lr.out && ok ||
	{ bad "no assert-held report naming vgic_its_resolve_lpi"; cat lr.out; }
grep -q '^e-msi-slow-path-vs-clear-enable-lpis  *lockless-resolve  *assert-held ' lr.out && ok ||
	bad "the summary does not give lockless-resolve assert-held"
t=$(ls "$tmp"/t4/*.lockless-resolve.assert-held.vgic_its_resolve_lpi-*.trace 2>/dev/null | head -1)
"$sim" replay --trust-embedded-code "$t" >lr-replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: assert-held at vgic_its_resolve_lpi:' lr-replay.out && ok ||
	{ bad "the lockless-resolve trace does not replay"; tail -3 lr-replay.out; }

# 6. BUG_ON() in a variant is a "bug" finding that ends only the execution
#    it fires in: the run goes on, and the other rows are intact.
"$sim" variant new bugv --from v1 >bugv.c
sed -i 's/^\t\tirq = xa_erase(&its->translation_cache, idx);/&\n\t\tBUG_ON(!irq);/' bugv.c
"$sim" run --variant v1 --variant-file bugv.c --trace-dir "$tmp/t6" \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >bug.out 2>bug.err
[ $? -eq 1 ] && ok || { bad "a variant reaching BUG_ON did not end the run with 1"; cat bug.err; }
grep -q '^kernel BUG at bugv.c:[0-9]*!$' bug.out &&
	grep -q '^vcpu[01] reached BUG_ON(!irq) in bugv.c:[0-9]* vgic_its_invalidate_cache$' bug.out && ok ||
	{ bad "no kernel BUG report"; tail -5 bug.out; }
grep -q '^a-two-vcpus-clear-enable-lpis  *v1  *clean  *clean  *yes  *[0-9][0-9]* ' bug.out && ok ||
	bad "the v1 row is not intact beside the BUG_ON variant"
grep -q '^a-two-vcpus-clear-enable-lpis  *bugv  *bug  .*complete' bug.out && ok ||
	bad "the BUG_ON variant's search did not complete with a bug"

# 7. WARN_ON() that fires is a "warning" finding in the kernel's shape;
#    the execution goes on (the walker's put after it is in the report),
#    and its trace replays.
"$sim" variant new warnv --from v1 >warnv.c
sed -i 's/^\t\tirq = xa_erase(&its->translation_cache, idx);/&\n\t\tWARN_ON(!irq);/' warnv.c
"$sim" run --variant-file warnv.c --trace-dir "$tmp/t7" \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >warn.out 2>warn.err
[ $? -eq 1 ] && grep -q '^WARNING: CPU: [0-9]* PID: [0-9]* at warnv.c:[0-9]* vgic_its_invalidate_cache$' warn.out &&
	grep -q '^a-two-vcpus-clear-enable-lpis  *warnv  *warning  .*complete' warn.out && ok ||
	{ bad "a WARN_ON that fires is not a warning finding"; tail -5 warn.out; }
t=$(ls "$tmp"/t7/*.warnv.warning.vgic_its_invalidate_cache-*.trace 2>/dev/null | head -1)
"$sim" replay --trust-embedded-code "$t" >warn-replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: warning at vgic_its_invalidate_cache:' warn-replay.out && ok ||
	{ bad "the warning's trace does not replay"; tail -3 warn-replay.out; }

# 8. The code under test printing to stdout cannot corrupt --json: its
#    output goes to stderr, the document to stdout.
python3 - file-v1.c >chatty.c <<'PY'
import sys
s = open(sys.argv[1]).read()
i = s.index("void vgic_its_invalidate_cache(struct vgic_its *its)")
j = s.index("{", i) + 1
s = s[:j] + '\n\tprintf("chatty walker\\n");\n' + s[j:]
s = s[:i] + "int printf(const char *fmt, ...);\n\n" + s[i:]
print(s.replace('VARIANT("file-v1"', 'VARIANT("chatty"'), end="")
PY
"$sim" run --json --variant-file chatty.c --trace-dir "$tmp/t8" \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >chatty.json 2>chatty.err
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' chatty.json &&
	grep -q '^chatty walker$' chatty.err && ok ||
	{ bad "a variant's printf corrupted --json"; head -3 chatty.json; }

# 9. A FIFO is not a variant file, and a compiler stuck on one (an
#    #include of it) is killed after the timeout: exit 2, never a hang.
mkfifo fifo.c fifo.h
timeout 30 "$sim" run --variant-file fifo.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >fifo.out 2>fifo.err
[ $? -eq 2 ] && grep -q '^fifo.c: not a regular file$' fifo.err && ok ||
	{ bad "a FIFO given as a variant file is not refused"; cat fifo.err; }
sed '1i #include "fifo.h"' file-v1.c >stuck.c
ITSIM_COMPILE_TIMEOUT=2 timeout 60 "$sim" run --variant-file stuck.c \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >stuck.out 2>stuck.err
[ $? -eq 2 ] && grep -q 'the compiler ran more than 2 s' stuck.err && ok ||
	{ bad "a compiler stuck on a FIFO is not stopped"; tail -3 stuck.err; }

# A file that makes the compiler exhaust memory (a macro explosion) is
# stopped by the compiler's memory limit, exit 2 with its message.
"$sim" variant new memv --from v1 >memv.c
{
	echo '#define A0 x,x,x,x,x,x,x,x'
	for k in 1 2 3 4 5 6 7; do
		echo "#define A$k A$((k - 1)),A$((k - 1)),A$((k - 1)),A$((k - 1)),A$((k - 1)),A$((k - 1)),A$((k - 1)),A$((k - 1))"
	done
	echo 'enum { x = 1 };'
	echo 'static const int bomb[] = { A7 };'
} >>memv.c
ITSIM_COMPILE_MEMORY_MB=300 "$sim" run --variant-file memv.c \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >mem.out 2>&1
[ $? -eq 2 ] && grep -q 'memory exhausted' mem.out && ok ||
	{ bad "a compiler exhausting memory is not stopped by its limit"; tail -3 mem.out; }

# A put dropped from the cache invalidation: a leak at the end of each
# execution, in a scenario without VM teardown (kmemleak after the
# threads end: the LPI's count exceeds its holders).
"$sim" variant new noput --from v1 >noput.c
python3 - <<'PY'
s = open("noput.c").read()
old = "\t\tif (irq)\n\t\t\tvgic_put_irq(kvm, irq);\n"
assert old in s
open("noput.c", "w").write(s.replace(old, "\t\t(void)irq;\n", 1))
PY
"$sim" run -v --variant-file noput.c "$src/scenarios/a-two-vcpus-clear-enable-lpis.json" \
	>noput.out 2>&1
[ $? -eq 1 ] && grep -q '^kmemleak: suspected leak of vgic_irq LPI 8192: count 2, but 1 holder$' noput.out &&
	grep -q 'holders 1: ITE its0 device 1 event 0' noput.out && ok ||
	{ bad "a missing put is no leak without teardown"; grep -m3 -E 'leak|NO' noput.out; }

# A cache invalidation that does nothing: after DISCARD the event is
# unmapped but still cached, a stale translation once every thread is done.
"$sim" variant new noinval --from v1 >noinval.c
python3 - <<'PY'
s = open("noinval.c").read()
start = s.index("\txa_for_each(&its->translation_cache, idx, irq) {")
end = s.index("\t}\n", start) + 3
open("noinval.c", "w").write(s[:start] + "\t(void)kvm;\n\t(void)irq;\n\t(void)idx;\n" + s[end:])
PY
"$sim" run -v --variant-file noinval.c "$src/scenarios/c-clear-enable-lpis-vs-discard.json" \
	>noinval.out 2>&1
[ $? -eq 1 ] && grep -q '^BUG: stale translation: its0 caches device 1 event 0 as LPI 8192, but the event is not mapped$' noinval.out &&
	grep -q 'noinval  *stale-translation  *clean  *NO' noinval.out && ok ||
	{ bad "a missing invalidation is no stale translation"; grep -m3 -E 'BUG|NO|error' noinval.out; }

# KASAN: a plain read after kfree() is a use-after-free, one past the end
# of an object an out-of-bounds access; a plain read after kfree_rcu()
# inside an RCU read-side section is no bug (the grace period has not
# ended). Variant files are compiled with -fsanitize=kernel-address.
"$sim" variant new kbase --from v1 >kbase.c
python3 - <<'PY'
s = open("kbase.c").read()
old = "\t\tirq = xa_erase(&its->translation_cache, idx);\n"
assert old in s
for name, body in (("uafv", "u32 *p = kzalloc(sizeof(*p), GFP_ATOMIC);\n\t\tkfree(p);\n\t\tidx += *(volatile u32 *)p;"),
                   ("oobv", "u8 *p = kzalloc(4, GFP_ATOMIC);\n\t\tidx += ((volatile u8 *)p)[5];\n\t\tkfree(p);"),
                   ("rcuv", "u32 *p = kzalloc(sizeof(*p), GFP_ATOMIC);\n\t\tkfree_rcu(p, rcu);\n\t\tidx += *(volatile u32 *)p;")):
    t = s.replace(old, old + "\t\t{\n\t\t" + body + "\n\t\t}\n", 1).replace('VARIANT("kbase"', 'VARIANT("%s"' % name)
    open(name + ".c", "w").write(t)
PY
"$sim" run -v --variant-file uafv.c --variant-file oobv.c --variant-file rcuv.c \
	"$src/scenarios/a-two-vcpus-clear-enable-lpis.json" >kasan.out 2>&1
[ $? -eq 1 ] && grep -q '^BUG: KASAN: slab-use-after-free in vgic_its_invalidate_cache$' kasan.out &&
	grep -q '^Read of size 4 at offset 0 of .* (4 bytes, freed) by vcpu[01], a plain access' kasan.out &&
	grep -q '^BUG: KASAN: slab-out-of-bounds in vgic_its_invalidate_cache$' kasan.out &&
	grep -q '^Read of size 1 at offset 5 of ' kasan.out &&
	grep -q 'uafv  *use-after-free  *clean  *NO' kasan.out &&
	grep -q 'oobv  *out-of-bounds  *clean  *NO' kasan.out &&
	grep -q 'rcuv  *clean  *clean  *yes' kasan.out && ok ||
	{ bad "KASAN did not judge plain accesses as it should"; grep -E 'KASAN|uafv|oobv|rcuv' kasan.out | head; }

finish

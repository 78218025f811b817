#!/usr/bin/env bash
# The kernel's own vgic code (sim run --kernel-tree), checked against the
# hand model: Debian's 6.12.118 as shipped is clean on every scenario of
# the cache's double put, and breaks the LPI registry on both scenarios of
# CVE-2026-74568 (race 1: its vgic_put_irq() drops the count to zero
# before it takes lpi_xa's lock, as 6.17's does), and oopses on every
# scenario with one failed allocation (its vgic_its_cache_translation()
# passes xa_store()'s error entry to vgic_put_irq(); our patch adding the
# check makes it clean), and with race 1 and a failed node allocation
# together, takes lpi_xa's xa_lock recursively in vgic_add_lpi(); with
# our revert patch it
# gives v0's verdicts on the cache scenarios, with our v2 and
# v2-rcu patches (tests/kernel-patches/6.12/) v2's and v2-rcu's, finding
# kind for finding kind; with the revert and a global lock of its own
# (global-lock.patch) clean again. A second run compiles nothing; bad trees and
# patches are exit 2 with a message. Skipped (77) without the tarball.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tree_lib.sh"
tarball=/usr/src/linux-source-6.12.tar.xz
if [ ! -r "$tarball" ]; then
	echo "SKIP: $tarball is missing (Debian package linux-source-6.12)"
	exit 77
fi
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1
p=$src/tests/kernel-patches/6.12
scn=("${cache_scn[@]}")
[ "${#scn[@]}" -ge 10 ] && [ "${#cve_scn[@]}" -eq 2 ] && [ "${#fault_scn[@]}" -ge 3 ] && ok ||
	bad "the scenario sets are not 10+, 2 and 3+"

# 1. As shipped: every cache scenario clean; the first run compiles the tree.
"$sim" run --json --kernel-tree "$tarball" "${scn[@]}" >shipped.json 2>shipped.err
[ $? -eq 0 ] && ok || { bad "the shipped tree did not meet every expectation"; tail -5 shipped.err; }
grep -q "compiling $tarball (linux 6.12.118)" shipped.err && ok || bad "the first run did not say it compiles the tree"
rows=$(outcomes shipped.json | awk '$2 == "linux-6.12.118"')
[ "$(echo "$rows" | wc -l)" -eq "${#scn[@]}" ] && ok || bad "not one linux-6.12.118 row per scenario"
echo "$rows" | awk '$3 != "clean" || $4 != "True" { bad = 1; print "  " $0 } END { exit bad }' && ok ||
	bad "6.12.118 as shipped is not clean everywhere"

# 1a. Race 1 of CVE-2026-74568, in 6.12's own code: both scenarios break
#     the LPI registry (a new object erased from lpi_xa while mapped);
#     generation A has no deferred release, so no leak.
"$sim" run --json --variant v1 --kernel-tree "$tarball" "${cve_scn[@]}" >cve.json 2>cve.err
[ $? -eq 1 ] && outcomes cve.json | awk '$2 == "linux-6.12.118"' >cve.txt &&
	[ "$(wc -l <cve.txt)" -eq 2 ] &&
	awk '$3 != "lpi-registry" { bad = 1; print "  " $0 } END { exit bad }' cve.txt && ok ||
	{ bad "6.12.118 does not break the LPI registry on the CVE-2026-74568 scenarios"; cat cve.txt; tail -3 cve.err; }

# 1b. One failed allocation: 6.12.118 hands xa_store()'s -ENOMEM error
#     entry to vgic_put_irq(), a bad pointer, on every fault scenario (each
#     caches a translation); with the check added, clean.
"$sim" run --json --variant v1 --kernel-tree "$tarball" \
	--kernel-tree "checked=$tarball" --patch "$p/cache-store-error.patch" \
	"${fault_scn[@]}" >fault.json 2>fault.err
[ $? -eq 1 ] && outcomes fault.json >fault.txt &&
	[ "$(awk '$2 == "linux-6.12.118" && $3 == "bad-pointer"' fault.txt | wc -l)" -eq "${#fault_scn[@]}" ] &&
	[ "$(awk '$2 == "checked" && $3 == "clean"' fault.txt | wc -l)" -eq "${#fault_scn[@]}" ] &&
	[ "$(awk '$2 == "v1" && $4 == "True"' fault.txt | wc -l)" -eq "${#fault_scn[@]}" ] && ok ||
	{ bad "6.12.118 under one failed allocation: not bad-pointer as shipped and clean checked"; cat fault.txt; }
"$sim" run --variant v1 --kernel-tree "$tarball" "$src/scenarios/m-msi-cache-store-fails.json" >fault.out 2>&1
grep -q '^actor: vmm, in vgic-its.c:[0-9]* vgic_its_cache_translation$' fault.out &&
	grep -q '^fault injected: xa_store in vgic_its_cache_translation (vgic-its.c:[0-9]*), 1st allocation of vmm in ops\[0\] msi its0 device 1 event 0$' fault.out &&
	ok || { bad "the report does not show the tree's own line and the failed store"; head -12 fault.out; }

# 1c. Race 1 of CVE-2026-74568 and a failed node allocation together: the
#     releaser erases the slot vgic_add_lpi() reserved, so its
#     __xa_store() needs a node; when that fails, 6.12.118 calls
#     xa_release(), which takes lpi_xa's xa_lock, with that lock held.
"$sim" run --variant v1 --kernel-tree "$tarball" --faults 1 "${cve_scn[0]}" >aa.out 2>&1
grep -q '^WARNING: possible recursive locking detected$' aa.out &&
	grep -q '^&dist->lpi_xa.xa_lock is trying to acquire lock at vgic-its.c:[0-9]* vgic_add_lpi$' aa.out &&
	grep -q '^fault injected: __xa_store in vgic_add_lpi (vgic-its.c:[0-9]*), ' aa.out && ok ||
	{ bad "6.12.118's xa_release() under xa_lock is not a recursive-lock"; grep -A8 recursive aa.out | head -12; }

# 1d. What a save wrote is judged: with our patch that saves each ITE
#     with another collection, the save of scenario h is a saved-tables
#     finding naming the entry; as shipped, clean (section 1).
"$sim" run --variant v1 --kernel-tree "icid=$tarball" --patch "$p/save-wrong-icid.patch" \
	"$src/scenarios/h-clear-enable-lpis-vs-save-tables.json" >saved.out 2>&1
[ $? -eq 1 ] && grep -q '^BUG: the tables KVM_DEV_ARM_ITS_SAVE_TABLES wrote do not describe its0$' saved.out &&
	grep -q '^device 1 event 0: the ITT entry at 0x[0-9a-f]* is 0x0000000020000001 (LPI 8192, collection 1, next 0); the ITE maps LPI 8192 in collection 0, next event at +0$' saved.out &&
	ok || { bad "a save with a wrong ITE is not a saved-tables finding"; grep -A4 'BUG: the tables' saved.out; }

# 1e. A tree that frees an ITE it left on its device's list: the engine's
#     own walks of the lists (holders after each step, the invariants at
#     the end) reach the freed ITE and fault. The run goes on, and says
#     what the kernel would: the put while the ITE still holds the LPI, a
#     use after free, the fault of a walk at the end.
"$sim" run -q --json --variant v1 --kernel-tree "linked=$tarball" --patch "$p/ite-left-linked.patch" \
	"$src/scenarios/c-clear-enable-lpis-vs-discard.json" "$src/scenarios/n-mapd-mapti-fails.json" \
	>linked.json 2>linked.err
status=$?
linked=$(outcomes linked.json | awk '$2 == "linked" { print $1, $3 }')
[ "$status" -eq 1 ] && grep -q '^c-clear-enable-lpis-vs-discard .*crash' <<<"$linked" &&
	grep -q '^c-clear-enable-lpis-vs-discard .*premature-free' <<<"$linked" &&
	grep -q '^n-mapd-mapti-fails .*use-after-free' <<<"$linked" && ok ||
	{ bad "a tree that leaves a freed ITE linked (exit $status):"; echo "$linked"; tail -3 linked.err; }

# 2. A second run compiles and extracts nothing.
"$sim" run -q --kernel-tree "$tarball" "${scn[0]}" >again.out 2>again.err
[ $? -eq 0 ] && ! grep -q 'compiling\|extracting' again.err && ok ||
	{ bad "the second run compiled or extracted again"; cat again.err; }

# 3. Our patches give the hand model's verdicts, kind for kind.
"$sim" run --json --variant v0,v2,v2-rcu \
	--kernel-tree "v0-tree=$tarball" --patch "$p/revert-fix.patch" \
	--kernel-tree "v2-tree=$tarball" --patch "$p/revert-fix.patch" --patch "$p/v2.patch" \
	--kernel-tree "v2-rcu-tree=$tarball" --patch "$p/revert-fix.patch" --patch "$p/v2-rcu.patch" \
	--expect-like v0-tree=v0 --expect-like v2-tree=v2 --expect-like v2-rcu-tree=v2-rcu \
	"${scn[@]}" >diff.json 2>diff.err
[ $? -eq 0 ] && ok || { bad "a patched tree did not meet its variant's expectation"; tail -5 diff.err; }
outcomes diff.json >diff.txt
for v in v0 v2 v2-rcu; do
	model=$(awk -v v="$v" '$2 == v { print $1, $3 }' diff.txt)
	tree=$(awk -v v="$v-tree" '$2 == v { print $1, $3 }' diff.txt)
	if [ -n "$model" ] && [ "$model" = "$tree" ]; then ok; else
		bad "$v-tree's finding kinds differ from $v's:"; diff <(echo "$model") <(echo "$tree"); fi
done

# 3b'. A report on the tree names the ITS command its actor was running,
#      from the command the tree's own loop fetched from the queue.
"$sim" run -v --variant v0 --kernel-tree "v0-tree=$tarball" --patch "$p/revert-fix.patch" \
	--expect-like v0-tree=v0 "$src/scenarios/c-clear-enable-lpis-vs-discard.json" >cmd.out 2>&1
sed -n '/variant v0-tree,/,$p' cmd.out | grep -q '^during: ops\[0\] its_commands its0: DISCARD 1:0 (in its0 command 1 DISCARD 1:0)$' &&
	ok || { bad "a tree's report does not name the running ITS command"; grep '^during' cmd.out | sort -u; }

# 3a. A lock a patch adds with static storage is one lock in every
#     execution: a global raw spinlock around the walk (global-lock.patch,
#     guard() of a DEFINE_RAW_SPINLOCK) takes the double put away again.
"$sim" run --json --variant v1 --kernel-tree "global=$tarball" --patch "$p/revert-fix.patch" \
	--patch "$p/global-lock.patch" "${scn[@]}" >global.json 2>global.err
[ $? -eq 0 ] && outcomes global.json | awk '$2 == "global"' >global.txt &&
	[ "$(wc -l <global.txt)" -eq "${#scn[@]}" ] &&
	awk '$3 != "clean" { bad = 1; print "  " $0 } END { exit bad }' global.txt && ok ||
	{ bad "revert-fix + global-lock is not clean everywhere"; tail -5 global.err; }

# 3b. The documented lock order the tree column checks against
#     (sim/tree/gen-a.c's table) is the tree's own: every adjacent pair
#     of the "Locking order is always" chain at the head of its vgic.c.
vgicc=$(ls "$XDG_CACHE_HOME"/itsim/trees/*/arch/arm64/kvm/vgic/vgic.c | head -1)
lock_chain_in_table "$vgicc" "$src/sim/tree/gen-a.c" && ok ||
	bad "gen-a.c's lock-order table is not the tree's vgic.c chain"

# 4. A tree's trace replays on the same tree, patches taken from the
#    trace; without the tree, or on a tree with a changed file, exit 2.
t=$(ls traces/*.v0-tree.premature-free.*.trace 2>/dev/null | head -1)
if [ -n "$t" ] && grep -q '"kernel_tree"' "$t"; then ok; else bad "no trace of v0-tree recording its kernel tree"; fi
"$sim" replay --kernel-tree "$tarball" "$t" >replay.out 2>&1
[ $? -eq 2 ] && grep -q 'embeds 1 patch to kernel tree v0-tree (first: .*revert-fix.patch, [0-9]* bytes).*--trust-embedded-code' replay.out && ok ||
	{ bad "a tree's trace applied its embedded patches without --trust-embedded-code"; cat replay.out; }
"$sim" replay --trust-embedded-code --kernel-tree "$tarball" "$t" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: premature-free at vgic_put_irq:' replay.out && ok ||
	{ bad "the tree's trace does not reproduce"; tail -3 replay.out; }
"$sim" replay "$t" >replay.out 2>&1
[ $? -eq 2 ] && grep -q 'ran on kernel tree v0-tree (Linux 6.12.118' replay.out && ok ||
	{ bad "a tree's trace replayed without its tree is not exit 2 naming it"; cat replay.out; }
cp -r "$(ls -d "$XDG_CACHE_HOME"/itsim/trees/*/ | grep -v objects | head -1)" changed
echo '/* changed */' >>changed/arch/arm64/kvm/vgic/vgic-mmio.c
"$sim" replay --trust-embedded-code --kernel-tree "$tmp/changed" "$t" >replay.out 2>&1
[ $? -eq 2 ] && grep -q 'arch/arm64/kvm/vgic/vgic-mmio.c differs from its file in the tree the trace ran' replay.out && ok ||
	{ bad "a changed tree is not refused naming the file"; cat replay.out; }

# 5. Bad input: each is exit 2 with one line that names what is wrong.
check_bad() {
	local name=$1 pattern=$2
	shift 2
	"$sim" run -q "$@" "${scn[0]}" >bad.out 2>bad.err
	[ $? -eq 2 ] && grep -qE -- "$pattern" bad.err && ok ||
		{ bad "$name: want exit 2 and /$pattern/"; cat bad.err; }
}
check_bad missing-tree 'no-such-tree: ' --kernel-tree "$tmp/no-such-tree"
mkdir -p notatree && echo 'all:' >notatree/Makefile
check_bad not-a-tree 'notatree' --kernel-tree "$tmp/notatree"
check_bad patch-first 'give the --kernel-tree it applies to first' --patch "$p/v2.patch" --kernel-tree "$tarball"
check_bad hunk-fails 'v2.patch.*hunk #[0-9]+ of arch/arm64/kvm/vgic/vgic-its.c' --kernel-tree "$tarball" --patch "$p/v2.patch"
# A patch that does not compile: the compiler's own message, exit 2.
sed 's/^+\t\tvgic_put_irq(kvm, irq);/+\t\tvgic_put_irq(kvm, irq)/' "$p/revert-fix.patch" >broken.patch
check_bad no-compile 'does not compile against the shims' --kernel-tree "$tarball" --patch broken.patch
grep -q 'vgic-its.c:[0-9]*:[0-9]*: error: expected .;. before' bad.err && ok || { bad "no compiler message for a tree that does not compile"; head -5 bad.err; }
check_bad same-name 'two kernel trees named' --kernel-tree "$tarball" --kernel-tree "$tarball"

finish

#!/usr/bin/env bash
# The 6.1 generation's vgic code (one global translation cache under
# lpi_list_lock), compiled from Debian's linux-source-6.1 as shipped: clean
# on every shipped scenario, as that design is (its invalidations are
# serialised by the raw lock and clear each entry after the put; its final
# put and the LPI's removal from lpi_list_head are one critical section,
# so CVE-2026-74568's races cannot happen). With our
# patch that walks the cache without the lock
# (tests/kernel-patches/6.1/unlocked-invalidate.patch) it double-puts
# wherever v0 does, finding kind for finding kind. Its lock-order table is
# its vgic.c's; its traces replay. Skipped (77) without the tarball.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tree_lib.sh"
tarball=/usr/src/linux-source-6.1.tar.xz
if [ ! -r "$tarball" ]; then
	echo "SKIP: $tarball is missing (Debian package linux-source-6.1)"
	exit 77
fi
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1
scn=("$src"/scenarios/*.json)

# 1. As shipped: every scenario clean, in a column of its own.
"$sim" run --json --kernel-tree "$tarball" "${scn[@]}" >shipped.json 2>shipped.err
[ $? -eq 0 ] && ok || { bad "the shipped 6.1 tree did not meet every expectation"; tail -5 shipped.err; }
rows=$(outcomes shipped.json | awk '$2 ~ /^linux-6\.1\.[0-9]+$/')
[ "$(echo "$rows" | wc -l)" -eq "${#scn[@]}" ] && ok || bad "not one linux-6.1.x row per scenario"
echo "$rows" | awk '$3 != "clean" || $4 != "True" { bad = 1; print "  " $0 } END { exit bad }' && ok ||
	bad "6.1 as shipped is not clean everywhere"

# 2. Without lpi_list_lock around the walk: v0's verdicts (on the cache's
#    scenarios: the CVE's are about another release generation's code).
"$sim" run --json --variant v0 \
	--kernel-tree "unlocked=$tarball" --patch "$src/tests/kernel-patches/6.1/unlocked-invalidate.patch" \
	--expect-like unlocked=v0 "${cache_scn[@]}" >diff.json 2>diff.err
[ $? -eq 0 ] && ok || { bad "the unlocked 6.1 tree did not meet v0's expectations"; tail -5 diff.err; }
outcomes diff.json >diff.txt
model=$(awk '$2 == "v0" { print $1, $3 }' diff.txt)
tree=$(awk '$2 == "unlocked" { print $1, $3 }' diff.txt)
if [ -n "$model" ] && [ "$model" = "$tree" ] && grep -q premature-free <<<"$tree"; then ok; else
	bad "the unlocked 6.1 tree's finding kinds differ from v0's:"; diff <(echo "$model") <(echo "$tree"); fi

# 3. The lock order it is judged by is its own vgic.c's.
vgicc=$(ls "$XDG_CACHE_HOME"/itsim/trees/*/arch/arm64/kvm/vgic/vgic.c | head -1)
grep -q lpi_list_lock "$vgicc" && lock_chain_in_table "$vgicc" "$src/sim/tree/gen-6.1.c" && ok ||
	bad "gen-6.1.c's lock-order table is not the 6.1 tree's vgic.c chain"

# 4. Its trace replays on the same tree.
t=$(ls traces/*.unlocked.premature-free.*.trace 2>/dev/null | head -1)
[ -n "$t" ] && "$sim" replay --trust-embedded-code --kernel-tree "$tarball" "$t" >replay.out 2>&1
[ $? -eq 1 ] && grep -q '^reproduced: premature-free at __vgic_put_lpi_locked:' replay.out && ok ||
	{ bad "the 6.1 tree's trace does not reproduce"; tail -3 replay.out; }

finish

#!/usr/bin/env bash
# Call traces in reports: under each step that matters, the functions
# that led to it, innermost first, as the kernel prints them. The golden
# reports leave them out (their offsets are the compiler's); this checks
# them, in whichever build runs it:
# 1. scenario a under v0 (r-r-double-put.trace): the put steps' traces
#    start at the put and go out through vgic_its_invalidate_cache and
#    vgic_its_invalidate_all_caches, in that order;
# 2. every frame line is "name+0xOFF/0xSIZE (file.c:LINE)" or
#    "name (file.c:LINE) [inline]": no address, no directory, no
#    built-in variant's prefix;
# 3. the same replay prints the same bytes twice, sim run prints them
#    too, with --jobs 2 as with --jobs 1;
# 4. code compiled at run time and loaded (a variant file; a kernel tree
#    when Debian's linux-source-6.12 is installed) is named with its
#    own file and lines.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
reg=$src/tests/regressions
scn_a=$src/scenarios/a-two-vcpus-clear-enable-lpis.json
cd "$tmp" || exit 1

# trace_of ROLE FILE: the frame lines under the step that matters ROLE
# ("this put") of the report in FILE, or nothing.
trace_of() {
	awk -v role="  $1:" '
		$0 == role { in_role = 1; next }
		in_role && /^    Call trace:$/ { in_trace = 1; next }
		in_trace && /^     / { print; next }
		in_role && (in_trace || /^  [^ #]/ || /^$/) { exit }
	' "$2"
}

# in_order FILE NAME...: each NAME is a frame's function, in this order.
in_order() {
	local file=$1 at=0 n
	shift
	for name in "$@"; do
		n=$(awk -v at="$at" -v name="$name" '
			NR > at { f = $1; sub(/\+0x.*/, "", f); sub(/\..*/, "", f)
				  if (f ~ "^(" name ")$") { print NR; exit } }' "$file")
		[ -n "$n" ] || { echo "  no frame of $name after frame $at"; return 1; }
		at=$n
	done
}

# 1. The premature free's put steps.
"$sim" replay --trust-embedded-code "$reg/r-r-double-put.trace" >replay1.out 2>&1
[ $? -eq 1 ] && ok || bad "the replay of r-r-double-put.trace did not reproduce"
for role in "this put" "previous put"; do
	trace_of "$role" replay1.out >"$role.frames"
	if [ -s "$role.frames" ]; then ok; else bad "no call trace under \"$role\""; sed -n '/^steps that matter/,/^interleaving/p' replay1.out; continue; fi
	# The innermost frame is the function the step's line names, at its line.
	head -1 "$role.frames" | grep -qE '^     __vgic_put_irq[+ .].*\(vgic\.c:110\)' && ok ||
		{ bad "\"$role\": the innermost frame is not __vgic_put_irq at vgic.c:110"; cat "$role.frames"; }
	in_order "$role.frames" '__vgic_put_irq|vgic_put_irq' vgic_its_invalidate_cache \
		vgic_its_invalidate_all_caches vgic_mmio_write_v3r_ctlr && ok ||
		{ bad "\"$role\": not the frames of a GICR_CTLR write's invalidation"; cat "$role.frames"; }
	# Out to the model's entry point, and not into the engine below it.
	tail -1 "$role.frames" | grep -qE '^     model_gicr_ctlr_write\+0x[0-9a-f]+/0x[0-9a-f]+ \(entry\.c:[0-9]+\)$' && ok ||
		{ bad "\"$role\": the outermost frame is not model_gicr_ctlr_write"; cat "$role.frames"; }
done
# Only the steps that matter carry one.
[ "$(grep -c '^    Call trace:$' replay1.out)" -eq 2 ] && ok || bad "not one call trace per step that matters"

# 2. The shape of every frame line.
sed -n '/^    Call trace:$/,/^  [^ ]/p' replay1.out | grep '^     ' >frames.all
frame_re='^     [A-Za-z_][A-Za-z0-9_.]*(\+0x[0-9a-f]+/0x[0-9a-f]+ \([A-Za-z0-9_.-]+\.[ch]:[0-9]+\)| \([A-Za-z0-9_.-]+\.[ch]:[0-9]+\) \[inline\])$'
[ -s frames.all ] && ! grep -vE "$frame_re" frames.all && ok || bad "frame lines not of the kernel's shape"
grep -qE '^     v[0-9]_|^     v2_rcu_' frames.all && bad "a built-in variant's prefix shows" || ok
"$sim" replay --trust-embedded-code "$reg/v2-rcu-its-lock-in-rcu.trace" >rcu.out 2>&1
trace_of "attempted here" rcu.out | head -1 |
	grep -qE '^     vgic_its_invalidate_all_caches\+0x[0-9a-f]+/0x[0-9a-f]+ \(v2-rcu\.c:42\)$' && ok ||
	{ bad "v2-rcu's function is not named as the kernel's at v2-rcu.c:42"; sed -n '/^steps that matter/,/^interleaving/p' rcu.out; }

# 3. The same bytes every time, from replay and from run.
"$sim" replay --trust-embedded-code "$reg/r-r-double-put.trace" >replay2.out 2>&1
cmp -s replay1.out replay2.out && ok || { bad "two replays differ"; diff replay1.out replay2.out | head; }
"$sim" run -v --variant v0 --jobs 1 --trace-dir t1 "$scn_a" >run1.out 2>&1
"$sim" run -v --variant v0 --jobs 2 --trace-dir t2 "$scn_a" >run2.out 2>&1
trace_of "this put" run1.out >run1.frames
in_order run1.frames '__vgic_put_irq|vgic_put_irq' vgic_its_invalidate_cache \
	vgic_its_invalidate_all_caches && ok || { bad "sim run's report has no call trace of the put"; cat run1.frames; }
diff <(sed -n '/^====/,/^====/p' run1.out) <(sed -n '/^====/,/^====/p' run2.out) >/dev/null && ok ||
	bad "--jobs 2 prints other reports than --jobs 1"

# 4. A variant file, compiled and loaded at run time.
"$sim" variant new myfix --from v0 >myfix.c || bad "sim variant new"
"$sim" run -v --variant-file myfix.c --variant myfix --trace-dir t3 "$scn_a" >file.out 2>&1
trace_of "this put" file.out >file.frames
grep -qE '^     vgic_its_invalidate_cache\+0x[0-9a-f]+/0x[0-9a-f]+ \(myfix\.c:[0-9]+\)$' file.frames &&
	grep -qE '^     vgic_its_invalidate_all_caches\+0x[0-9a-f]+/0x[0-9a-f]+ \(myfix\.c:[0-9]+\)$' file.frames && ok ||
	{ bad "the variant file's functions are not named with myfix.c's lines"; cat file.frames; }

# ... and a kernel tree: 6.12 with the fix reverted puts twice.
tarball=/usr/src/linux-source-6.12.tar.xz
if [ -r "$tarball" ]; then
	"$sim" run -v --variant v1 --kernel-tree "v0-tree=$tarball" \
		--patch "$src/tests/kernel-patches/6.12/revert-fix.patch" \
		--trace-dir t4 "$scn_a" >tree.out 2>&1
	trace_of "this put" tree.out >tree.frames
	in_order tree.frames vgic_put_irq vgic_its_invalidate_cache \
		vgic_its_invalidate_all_caches vgic_mmio_write_v3r_ctlr &&
		grep -qE '^     vgic_its_invalidate_cache\+0x[0-9a-f]+/0x[0-9a-f]+ \(vgic-its\.c:[0-9]+\)$' tree.frames && ok ||
		{ bad "the kernel tree's functions are not in the put's call trace"; cat tree.frames; }
else
	echo "SKIP the kernel tree: no $tarball (tools/check installs linux-source-6.12)"
fi

finish calltrace

# Helpers of the kernel-tree tests (sourced after lib.sh).

# The shipped scenarios, in three sets: those of the translation cache's
# double put (June 2026), whose verdicts a tree shares with the model's
# variants; those of CVE-2026-74568 (LPI release against
# re-registration, in vgic.c), whose verdicts depend on the release
# generation, not on the cache's variant; and those that inject a failed
# allocation (explore.faults), whose verdicts depend on each tree's error
# paths.
mapfile -t fault_scn < <(grep -l '"faults"' "$src"/scenarios/*.json)
mapfile -t cve_scn < <(grep -l 'CVE-2026-74568' "$src"/scenarios/*.json)
mapfile -t cache_scn < <(grep -L 'CVE-2026-74568\|"faults"' "$src"/scenarios/*.json)

# outcomes FILE: "scenario variant outcome matched" per row of --json.
outcomes() {
	python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    kinds = ",".join(sorted({f["kind"] for f in r["findings"]})) or "clean"
    print(r["scenario"], r["variant"], kinds, r["matched"])' "$1"
}

# lock_chain_in_table VGIC_C GEN_C: every adjacent pair of the "Locking
# order is always" chain at the head of a tree's vgic.c is a pair of the
# lock-order table in sim/tree/gen-*.c (names compared by their last
# member: "&dist->lpi_xa.xa_lock" is "lpi_xa.xa_lock").
lock_chain_in_table() {
	python3 - "$1" "$2" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
block = text[text.index("Locking order is always:"):]
chain = []
for line in block.split("\n")[1:]:
    m = re.match(r"^ \*( +)([a-z_]+->[a-z_.>-]+)", line)
    if not m:
        break
    chain.append(m.group(2).split("->")[-1])
table = re.findall(r'\{ "&([^"]+)", "&([^"]+)", [A-Z_]+ \}', open(sys.argv[2]).read())
pairs = {(a.split("->")[-1], b.split("->")[-1]) for a, b in table}
missing = [(a, b) for a, b in zip(chain, chain[1:]) if (a, b) not in pairs]
if len(chain) < 6 or missing:
    print("  chain:", chain, "missing from the table:", missing)
    sys.exit(1)
PY
}

#!/usr/bin/env bash
# sim run's CI formats, read by real parsers: --format ktap by the
# kernel's own KTAP parser (tools/testing/kunit/kunit_parser.py, taken
# from Debian's linux-source-6.12), --junit FILE by python3-junitparser
# (Debian). One test per scenario x variant; a row that did not meet the
# scenario's expectation is a failure, and its finding is in the output.
# Arguments: SIM SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
cd "$tmp" || exit 1
a=$src/scenarios/a-two-vcpus-clear-enable-lpis.json

# A variant that double-puts (v0's code) but is expected clean: one row fails.
"$sim" variant new bad --from v0 >bad.c
"$sim" run --format ktap --junit out.xml --variant-file bad.c --trace-dir t "$a" >out.ktap 2>err
[ $? -eq 1 ] && head -1 out.ktap | grep -qx 'KTAP version 1' && grep -qx '1..5' out.ktap &&
	grep -qx 'not ok 5 a-two-vcpus-clear-enable-lpis.bad' out.ktap &&
	! grep -q '^====' out.ktap && ok ||
	{ bad "the KTAP output is not one result per row, or has reports"; head -5 out.ktap; tail -3 err; }

tarball=/usr/src/linux-source-6.12.tar.xz
if [ -r "$tarball" ]; then
	tar -xJf "$tarball" --wildcards --strip-components=4 \
		'*/tools/testing/kunit/kunit_parser.py' '*/tools/testing/kunit/kunit_printer.py' 2>/dev/null
	PYTHONPATH=. /usr/bin/python3 - out.ktap <<'PY' >parsed 2>&1 && ok || { bad "the kernel's KTAP parser does not accept it"; cat parsed; }
import sys
import kunit_parser
t = kunit_parser.parse_run_tests(open(sys.argv[1]).read().splitlines())
got = [(s.name, s.status.name) for s in t.subtests]
want = [("a-two-vcpus-clear-enable-lpis." + v, "SUCCESS") for v in ("v0", "v1", "v2", "v2-rcu")]
want.append(("a-two-vcpus-clear-enable-lpis.bad", "FAILURE"))
assert got == want and t.counts.errors == 0, (got, t.counts)
PY
else
	echo "SKIP: $tarball is missing: the kernel's KTAP parser is not run"
fi

if /usr/bin/python3 -c 'import junitparser' 2>/dev/null; then
	/usr/bin/python3 - out.xml <<'PY' >junit.out 2>&1 && ok || { bad "junitparser does not read the JUnit file as expected"; cat junit.out; }
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
cases = [(s.name, c.name, [type(r).__name__ for r in c.result]) for s in xml for c in s]
want = [("a-two-vcpus-clear-enable-lpis", v, []) for v in ("v0", "v1", "v2", "v2-rcu")]
want.append(("a-two-vcpus-clear-enable-lpis", "bad", ["Failure"]))
assert cases == want, cases
f = [r for s in xml for c in s for r in c.result][0]
assert f.type == "premature-free" and "expected clean" in f.message, (f.type, f.message)
assert "premature-free@" in f.text and ".trace" in f.text, f.text
PY
else
	echo "SKIP: python3-junitparser is missing (tools/check installs it)"
fi
# Escaped: a lock-order title ("&kvm->lock taken while holding ...")
# never breaks the XML, and reads back as it was.
"$sim" variant new bad2 --from v2 >bad2.c
"$sim" run -q --junit out2.xml --variant-file bad2.c --trace-dir t "$a" >/dev/null 2>&1
grep -q 'WARNING: lock order violation: &amp;kvm-&gt;lock taken while holding &amp;vcpu-&gt;mutex' out2.xml &&
	/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
assert any("&kvm->lock" in (f.text or "") for f in t.iter("failure"))' out2.xml && ok ||
	{ bad "a title with & and > is not escaped in the XML"; grep -m2 'lock order' out2.xml; }

finish

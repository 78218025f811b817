#!/usr/bin/env bash
# Installed like a tool: `meson install` puts sim, its man page sim(1), a
# bash completion, the shipped scenarios, the docs and what variant files
# and kernel trees compile against under the prefix; the installed sim
# runs a scenario and a variant file from there alone.
# Arguments: SIM SOURCE-DIR BUILD-DIR.
build=$3
set -- "$1" "$2"
. "$(dirname "$0")/lib.sh"
export XDG_CACHE_HOME="$tmp/cache"
meson install -C "$build" --destdir "$tmp/inst" --no-rebuild >"$tmp/install.log" 2>&1 ||
	{ bad "meson install failed"; tail -5 "$tmp/install.log"; finish; }
prefix=$(find "$tmp/inst" -path '*/bin/sim' | head -1)
prefix=${prefix%/bin/sim}
for f in bin/sim share/man/man1/sim.1 share/bash-completion/completions/sim \
	share/itsim/scenarios/a-two-vcpus-clear-enable-lpis.json \
	share/doc/itsim/README.md share/doc/itsim/docs/kernel-tree.md \
	share/itsim/include/kvm/itsim-variant.h share/itsim/sim/tree/build.sh \
	share/itsim/sim/tree/gen-a.c share/itsim/sim/model/include/model/model.h; do
	[ -e "$prefix/$f" ] && ok || bad "not installed: $f"
done

# The man page renders, without groff warnings.
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$prefix/share/man/man1/sim.1" 2>"$tmp/man.err" >"$tmp/man.out"
	grep -q '^NAME' "$tmp/man.out" && grep -q -- '--trust-embedded-code' "$tmp/man.out" &&
		[ ! -s "$tmp/man.err" ] && ok || { bad "the man page does not render"; head -3 "$tmp/man.err"; }
	groff -man -ww -z "$prefix/share/man/man1/sim.1" 2>"$tmp/groff.err"
	[ ! -s "$tmp/groff.err" ] && ok || { bad "groff warns about the man page"; head -3 "$tmp/groff.err"; }
else
	echo "SKIP: no man (Debian package man-db)"
fi

# The completion completes: a command, then a strategy.
if [ -r /usr/share/bash-completion/bash_completion ]; then
	out=$(bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"
		COMP_WORDS=(sim ru); COMP_CWORD=1; COMP_LINE="sim ru"; COMP_POINT=6
		_sim; echo "${COMPREPLY[*]}"
		COMP_WORDS=(sim run --strategy d); COMP_CWORD=3; COMP_LINE="sim run --strategy d"; COMP_POINT=20
		_sim; echo "${COMPREPLY[*]}"' _ "$prefix/share/bash-completion/completions/sim" 2>&1)
	[ "$out" = "run
dpor dfs" ] && ok || { bad "the completion does not complete"; echo "$out"; }
else
	echo "SKIP: no bash-completion (Debian package)"
fi

# The installed sim, from its prefix alone: a scenario, a variant file.
cd "$tmp" || exit 1
"$prefix/bin/sim" run -q --trace-dir t "$prefix/share/itsim/scenarios/a-two-vcpus-clear-enable-lpis.json" >run.out 2>&1 &&
	ok || { bad "the installed sim does not run a shipped scenario"; tail -3 run.out; }
"$prefix/bin/sim" variant new mine --from v1 >mine.c &&
	"$prefix/bin/sim" run -q --variant-file mine.c --trace-dir t \
		"$prefix/share/itsim/scenarios/a-two-vcpus-clear-enable-lpis.json" >mine.out 2>&1 &&
	grep -q '^a-two-vcpus-clear-enable-lpis  *mine  *clean ' mine.out && ok ||
	{ bad "the installed sim does not compile a variant file"; tail -3 mine.out; }

finish

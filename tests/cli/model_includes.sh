#!/usr/bin/env bash
# The model is kernel-style code compiled against our shims (STYLE.md 1):
# files under sim/kvm/ include only <linux/...>, <kvm/...>, <asm/...> and
# local headers. entry.c and entry.h, the model's plain-C side of the
# model interface, may also use the freestanding <stdbool.h>, <stddef.h>,
# <stdint.h>; entry.h includes the interface, <model/model.h>.
# Arguments: SOURCE-DIR.
. "$(dirname "$0")/lib.sh"
checked=0
while IFS= read -r file; do
	checked=$((checked + 1))
	while IFS= read -r line; do
		inc=$(printf '%s' "$line" | sed -E 's/^#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1/')
		case "$inc" in
		\<linux/*\> | \<kvm/*\> | \<asm/*\> | \"*\") ;;
		\<model/model.h\> | \<model/its_cmd.h\>)
			# The interface the model implements, and the ITS command
			# layout its setup writes (entry.c and entry.h only).
			case "$file" in */entry.c | */entry.h) ;; *)
				echo "FAIL $file: $line"; fail=$((fail + 1)) ;; esac ;;
		\<stdbool.h\> | \<stddef.h\> | \<stdint.h\>)
			case "$file" in */entry.c | */entry.h) ;; *)
				bad "$file: $line" ;; esac ;;
		*) bad "$file: $line" ;;
		esac
	done < <(grep -E '^#[[:space:]]*include' "$file")
	# Local includes must not reach into the engine.
	if grep -qE '^#[[:space:]]*include[[:space:]]*"(\.\./)+(core|explore|scenario|cli)/' "$file"; then
		bad "$file includes engine internals"
	fi
done < <(find "$src/sim/kvm" -name '*.[ch]')
echo "$checked files checked, $fail bad includes"
pass=$((checked - fail))
[ "$checked" -ge 5 ] || bad "only $checked files under $src/sim/kvm (there are at least 5)"
finish

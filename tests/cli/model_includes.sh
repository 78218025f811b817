#!/usr/bin/env bash
# The model is kernel-style code compiled against our shims (STYLE.md 1):
# files under sim/kvm/ include only <linux/...>, <kvm/...>, <asm/...> and
# local headers. entry.c and entry.h, the model's plain-C side of the
# model interface, may also use the freestanding <stdbool.h>, <stddef.h>,
# <stdint.h>; entry.h includes the interface, <model/model.h>.
set -u
src=$1
fail=0
checked=0
while IFS= read -r file; do
	checked=$((checked + 1))
	while IFS= read -r line; do
		inc=$(printf '%s' "$line" | sed -E 's/^#[[:space:]]*include[[:space:]]*([<"][^>"]*[>"]).*/\1/')
		case "$inc" in
		\<linux/*\> | \<kvm/*\> | \<asm/*\> | \"*\") ;;
		\<model/model.h\>)
			# The interface the model implements (entry.h only).
			case "$file" in */entry.h) ;; *)
				echo "FAIL $file: $line"; fail=$((fail + 1)) ;; esac ;;
		\<stdbool.h\> | \<stddef.h\> | \<stdint.h\>)
			case "$file" in */entry.c | */entry.h) ;; *)
				echo "FAIL $file: $line"; fail=$((fail + 1)) ;; esac ;;
		*) echo "FAIL $file: $line"; fail=$((fail + 1)) ;;
		esac
	done < <(grep -E '^#[[:space:]]*include' "$file")
	# Local includes must not reach into the engine.
	if grep -qE '^#[[:space:]]*include[[:space:]]*"(\.\./)+(core|explore|scenario|cli)/' "$file"; then
		echo "FAIL $file includes engine internals"
		fail=$((fail + 1))
	fi
done < <(find "$src/sim/kvm" -name '*.[ch]')
echo "$checked files checked, $fail bad includes"
echo "$((checked - fail)) passed, $fail failed"
[ "$checked" -ge 5 ] && [ "$fail" -eq 0 ]

/* SPDX-License-Identifier: MIT */
/* Variants compiled from a user's C file (--variant-file). */
#ifndef SIM_CLI_VARIANT_FILE_H
#define SIM_CLI_VARIANT_FILE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Compile (or find in the cache), load and register the variant in the C
 * file at @path; its name goes to @name_out. Return: 0, or 2 with the
 * compiler's or the loader's messages on stderr.
 */
int cli_variant_file_load(const char *path, char *name_out, size_t name_len);
/*
 * The same for a source embedded in a trace, shown as @display; @file is
 * the base name its file had (its sites are reported under it), or NULL
 * for "variant.c".
 */
int cli_variant_text_load(const char *display, const char *file,
			  const char *text, char *name_out, size_t name_len);
/*
 * Compile variant files from now on for --kcsan (SIM_KCSAN_CFLAGS), not
 * KASAN; the cache keeps both builds apart.
 */
void cli_variant_set_kcsan(bool on);
/* The source, hash and file base name of a loaded file variant, for traces. */
bool cli_variant_file_source(const char *name, const char **text,
			     const char **sha256, const char **file);

/*
 * This project's sources that user code compiles against (the shims, the
 * model's headers, sim/tree/): PREFIX/share/itsim beside an installed sim,
 * else the source tree the binary was built from.
 */
void cli_source_root(char *buf, size_t len);

#endif /* SIM_CLI_VARIANT_FILE_H */

/* SPDX-License-Identifier: MIT */
/*
 * Text from input, made safe to print on a terminal.
 *
 * A name in a scenario or a result file, a finding's title, a file name
 * on the command line may hold bytes a terminal obeys instead of showing:
 * ESC begins sequences that move the cursor, set the window title or
 * recolour what follows; CR, backspace and a newline overwrite or split
 * the line; a C1 control (U+0080..U+009F, e.g. U+009B, CSI) is ESC in one
 * character. Each such byte is printed as \xNN, two lowercase hex digits:
 *
 *   - the C0 controls 0x00..0x1f and DEL 0x7f, newline and tab included,
 *     so that one message stays one line;
 *   - both bytes of a C1 control's UTF-8 encoding: U+009B is \xc2\x9b;
 *   - a byte that does not begin a valid UTF-8 sequence (a stray
 *     continuation byte, an overlong form, a surrogate, a code point
 *     beyond U+10FFFF, a sequence cut short): a terminal may take it for
 *     the start of a character and swallow the bytes after it.
 *
 * Everything else, printable ASCII and valid UTF-8, is copied as it is,
 * so text without such bytes prints byte for byte unchanged. A backslash
 * is not doubled: the form is for reading, not for parsing back.
 */
#ifndef SIM_CLI_TERM_H
#define SIM_CLI_TERM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * How many columns @out's text may take: the terminal's width when @out
 * is a terminal, else $COLUMNS when it is set (a test, or a user who
 * pipes the output and still wants it narrow), else 0: no limit.
 */
int term_width(FILE *out);

/*
 * @text to @out, each of its lines longer than @width (> 0) broken at
 * spaces, the rest of it indented by four: what a narrow terminal shows
 * whole. A word longer than the width (a path) stays whole. @width 0:
 * as it is.
 */
void term_wrap(FILE *out, const char *text, int width);

/* The length of @s escaped: what a column holding it must be wide. */
size_t term_len(const char *s);
/* @s escaped, in a new string the caller frees. */
char *term_escape(const char *s);
/* @s escaped, to @out. */
void term_fputs(const char *s, FILE *out);
/*
 * One line to @out: the text @fmt makes, every control character in it
 * escaped (those @fmt holds too: a message is one line), then a newline.
 * For messages that quote input, whatever argument holds it.
 */
void term_line(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void term_vline(FILE *out, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif /* SIM_CLI_TERM_H */

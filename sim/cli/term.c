/* SPDX-License-Identifier: MIT */
/* Text from input, made safe to print on a terminal (term.h). */
#include "term.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <sim/alloc.h>

#include <sys/ioctl.h>
#include <unistd.h>

void term_wrap(FILE *out, const char *text, int width)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		int indent = 0;

		while (width > 0 && indent + (int)len > width) {
			int room = width - indent, cut = -1;

			/*
			 * The last space that fits, unless the word after it
			 * would not fit a line of its own either (a path):
			 * breaking before it would only add a line.
			 */
			for (int i = room; i > 0 && cut < 0; i--) {
				size_t word = strcspn(text + i + 1, " \n");

				if (text[i] == ' ' && text[i - 1] != ' ' &&
				    (int)word <= width - 4)
					cut = i;
			}
			if (cut < 0)
				break;	/* one word wider than the line */
			fprintf(out, "%*s%.*s\n", indent, "", cut, text);
			text += cut + 1;
			len -= (size_t)cut + 1;
			indent = 4;
		}
		fprintf(out, "%*s%.*s\n", indent, "", (int)len, text);
		text += len + (nl ? 1 : 0);
	}
}

int term_width(FILE *out)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if (!env || !*env)
		return 0;
	n = strtol(env, &end, 10);
	return *end || n < 20 || n > 10000 ? 0 : (int)n;
}

/* "\xNN": what one escaped byte takes. */
#define ESCAPED_LEN 4

/*
 * How many bytes at @s print as they are: a printable ASCII character,
 * or a whole valid UTF-8 sequence of a character that is not a C1
 * control; 0 when the byte at @s must be escaped. Reads no further than
 * the first byte that fails, so never past the terminating NUL.
 */
static size_t keep_len(const unsigned char *s)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t n;

	if (c >= 0x20 && c < 0x7f)
		return 1;
	/* C0, DEL, a continuation byte, an overlong 2-byte lead, > U+10FFFF */
	if (c < 0xc2 || c > 0xf4)
		return 0;
	n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	/* RFC 3629's table: the second byte's range rules out the overlong
	 * forms, the surrogates and what lies beyond U+10FFFF. */
	if (c == 0xc2)
		lo = 0xa0;	/* C2 80..C2 9F: the C1 controls */
	else if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

size_t term_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = 0;

	assert(s);
	while (*p) {
		size_t n = keep_len(p);

		len += n ? n : ESCAPED_LEN;
		p += n ? n : 1;
	}
	assert(len >= strlen(s));
	return len;
}

char *term_escape(const char *s)
{
	size_t len = term_len(s);
	const unsigned char *p = (const unsigned char *)s;
	char *out = sim_xmalloc(len + 1), *o = out;

	while (*p) {
		size_t n = keep_len(p);

		if (n) {
			memcpy(o, p, n);
			o += n;
			p += n;
			continue;
		}
		snprintf(o, ESCAPED_LEN + 1, "\\x%02x", *p++);
		o += ESCAPED_LEN;
	}
	*o = '\0';
	assert((size_t)(o - out) == len);
	return out;
}

void term_fputs(const char *s, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;

	assert(s);
	while (*p) {
		size_t n = 0;

		/* Runs that print as they are, in one write. */
		while (p[n]) {
			size_t k = keep_len(p + n);

			if (!k)
				break;
			n += k;
		}
		fwrite(p, 1, n, out);
		p += n;
		if (*p)
			fprintf(out, "\\x%02x", *p++);
	}
}

void term_vline(FILE *out, const char *fmt, va_list ap)
{
	char *text;

	if (vasprintf(&text, fmt, ap) < 0) {
		fprintf(stderr, "itsim: out of memory (a message)\n");
		abort();
	}
	term_fputs(text, out);
	fputc('\n', out);
	free(text);
}

void term_line(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	term_vline(out, fmt, ap);
	va_end(ap);
}

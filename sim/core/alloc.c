/* SPDX-License-Identifier: MIT */
/* The engine's aborting allocators (<sim/alloc.h>). */
#include <sim/alloc.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n, size_t size)
{
	fprintf(stderr, "itsim: out of memory (allocating %zu x %zu bytes)\n",
		n, size);
	abort();
}

void *sim_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(1, size);
	return p;
}

void *sim_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory(n, size);
	return p;
}

void *sim_xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size && n > SIZE_MAX / size)
		out_of_memory(n, size);
	n *= size;
	q = realloc(p, n > 0 ? n : 1);
	if (!q)
		out_of_memory(1, n);
	return q;
}

char *sim_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory(1, strlen(s) + 1);
	return p;
}

char *sim_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(1, 0);
	return p;
}

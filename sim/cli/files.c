/* SPDX-License-Identifier: MIT */
/* Files the command line writes. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	if (fputs(text, f) < 0)
		err = errno;
	/* One fclose, whatever happened: it frees the stream either way. */
	if (fclose(f) != 0 && !err)
		err = errno;
	if (err) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(err));
		return -1;
	}
	return 0;
}

char *cli_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

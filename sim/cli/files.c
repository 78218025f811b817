/* SPDX-License-Identifier: MIT */
/* Files the command line writes. */
#include "cli.h"

#include <explore/write.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_write_file(const char *path, const char *text)
{
	char err[1024];

	if (sim_write_file(path, text, strlen(text), err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
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

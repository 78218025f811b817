/* SPDX-License-Identifier: MIT */
/* Files the command line writes. */
#include "cli.h"

#include <errno.h>
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

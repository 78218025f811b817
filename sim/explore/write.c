// SPDX-License-Identifier: MIT
/*
 * Output files (traces, pictures) are written whole or not at all: a
 * temporary file in the same directory, then rename(2), which is atomic
 * and replaces a symlink instead of following it.
 */
#include <explore/write.h>

#include <sim/alloc.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int sim_write_file(const char *path, const char *data, size_t len, char *err,
		   size_t errlen)
{
	char *tmp = sim_xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp), e = 0;
	size_t done = 0;

	if (fd < 0) {
		e = errno;
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : ENOSPC;
			break;
		}
		done += (size_t)n;
	}
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && rename(tmp, path) != 0)
		e = errno;
	if (e)
		unlink(tmp);
out:
	if (e)
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(e));
	free(tmp);
	return e ? -1 : 0;
}

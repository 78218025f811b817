/* SPDX-License-Identifier: MIT */
/* Writing an output file whole or not at all. */
#ifndef SIM_EXPLORE_WRITE_H
#define SIM_EXPLORE_WRITE_H

#include <stddef.h>

/*
 * Write @len bytes of @data to @path: into a new file beside it (created
 * with O_EXCL, so nothing planted there is followed), flushed to disk,
 * then renamed over @path, so a full disk, a signal or a concurrent run
 * never leaves a partial file and a symlink at @path is replaced, not
 * followed. Return: 0, or -1 with "PATH: cannot write: REASON" in @err.
 */
int sim_write_file(const char *path, const char *data, size_t len, char *err,
		   size_t errlen);

#endif /* SIM_EXPLORE_WRITE_H */

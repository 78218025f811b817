/* SPDX-License-Identifier: MIT */
/* The run summary as KTAP and as JUnit XML. */
#ifndef SIM_CLI_CI_FORMATS_H
#define SIM_CLI_CI_FORMATS_H

#include <stdio.h>

#include "summary.h"

/* KTAP version 1: one test per row, diagnostics before each result. */
void summary_print_ktap(FILE *out, const struct summary_row *rows, size_t n);
/* JUnit XML, one suite per scenario, written whole to @path. Return: 0,
 * or -1 with a message on stderr. */
int summary_write_junit(const char *path, const struct summary_row *rows,
			size_t n);

#endif /* SIM_CLI_CI_FORMATS_H */

/* SPDX-License-Identifier: MIT */
/* The built-in variant files' text, embedded at build time. */
#ifndef SIM_CLI_VARIANT_SOURCES_H
#define SIM_CLI_VARIANT_SOURCES_H

struct variant_source {
	const char *file;	/* "v2-rcu": the file's name without .c */
	const char *text;
};

/* Terminated by an entry with a NULL file. */
extern const struct variant_source variant_sources[];

#endif /* SIM_CLI_VARIANT_SOURCES_H */

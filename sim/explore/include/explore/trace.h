/* SPDX-License-Identifier: MIT */
/*
 * Trace files ("itsim-trace" version 1): everything needed to re-run one
 * execution anywhere: the scenario's text and hash, the variant, the lock
 * implementations, the schedule by actor name, the allocations fault
 * injection failed ("faults", only when there were any), and the finding
 * it showed.
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include <sim/fault.h>

#define SIM_TRACE_FORMAT "itsim-trace"
#define SIM_TRACE_VERSION 1

struct sim_trace_lock {
	char *lock;		/* scenario key, e.g. "its_lock" */
	char *impl;		/* "mutex", "spin", "noop" */
};

/* A kernel tree's column: what was compiled, to check a replay's tree. */
struct sim_trace_tree {
	char *version;		/* "6.12.118"; NULL: the run was not on a tree */
	char *hash;		/* of the files after patching and the patches */
	struct sim_trace_file {
		char *name;	/* relative to the tree's top */
		char *sha256;
	} *files;
	int nr_files;
	struct sim_trace_patch {
		char *name;	/* the file it was read from, as given */
		char *text;
	} *patches;
	int nr_patches;
};

struct sim_trace {
	char *scenario_file;
	char *scenario_text;
	char *scenario_sha256;
	char *variant;
	/* a variant from a user's file: its source and hash, else NULL, and
	 * the file's base name (reports name its sites by it), else NULL */
	char *variant_file_text;
	char *variant_file_sha256;
	char *variant_file_name;
	struct sim_trace_tree tree;
	char *strategy;
	uint64_t max_steps;	/* the step budget the execution ran under */
	/*
	 * Code compiled at run time was built for KCSAN (sim run --kcsan), so
	 * the replay builds it so too; written only when true.
	 */
	bool kcsan;
	struct sim_trace_lock *locks;
	int nr_locks;
	char **schedule;
	size_t schedule_len;
	/* the allocations fault injection failed (none: an empty plan) */
	struct sim_fault faults[SIM_FAULTS_MAX];
	int nr_faults;
	/* the finding */
	char *kind, *title, *object, *site;
	uint32_t step;
};

/* Return: 0, or -1 with a one-line message in @err. */
int sim_trace_write(const char *path, const struct sim_trace *t, char *err,
		    size_t errlen);
/* Return: 0, or 2 (bad input) with a positioned message in @err. */
int sim_trace_read(const char *path, struct sim_trace *t, char *err,
		   size_t errlen);
void sim_trace_free(struct sim_trace *t);

#endif /* SIM_TRACE_H */

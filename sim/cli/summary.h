/* SPDX-License-Identifier: MIT */
/*
 * The run summary: one row per scenario x variant, whoever made it
 * (sim run from an exploration, sim merge from shards' JSON), and every
 * way it is shown: the table, the scenario x variant matrix, JSON.
 */
#ifndef SIM_CLI_SUMMARY_H
#define SIM_CLI_SUMMARY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One distinct finding of a row, as traces and JSON name it. */
struct summary_finding {
	char *kind, *key, *title, *trace;
	uint64_t steps;		/* of the kept trace */
	uint64_t hits;		/* executions that showed it */
	int label;		/* the strategy's label (bounded: bound), or -1 */
};

struct summary_row {
	char *scenario, *file, *sha256, *variant, *strategy;
	/* What the scenario expects of this variant; not judged when false. */
	bool judged;
	char **expected;	/* finding kinds; none: clean */
	size_t nr_expected;
	struct summary_finding *findings;
	size_t nr_findings;
	/* Kept by summary_row_add_finding(), zero in a new row: the room in
	 * @findings, and each key's index in it (or NULL), so that adding a
	 * finding costs the same however many the row has. */
	size_t findings_room;
	json_t *by_key;
	uint64_t executions;	/* complete executions */
	uint64_t abandoned, repeated;	/* see <explore/explore.h> */
	uint64_t steps;		/* scheduled in all runs; merged rows: 0 */
	bool complete;
	bool merged;		/* made by sim merge from @shards shards */
	char search[32];	/* how the search ended: "complete", "bound 2", ... */
	double seconds;		/* wall clock, or < 0 when there is no one time */
	uint64_t units;		/* of the split search */
	unsigned shard;		/* 1-based index of the shard (not merged) */
	unsigned shards;	/* shards of the run (1: not sharded) */
	char *note;		/* or NULL */
	/* Set by summary_row_judge(). */
	char outcome[512];
	bool matched;
};

/*
 * The outcome text (the finding kinds in the engine's order, then kinds
 * this build does not know, as first seen; or "clean") and the verdict:
 * a judged row matches when it expects clean and has no finding, or has
 * every kind it expects.
 */
void summary_row_judge(struct summary_row *r);
/* What @r expects, as the table shows it: "premature-free,lock-order",
 * "clean", or "-" when the row is not judged. */
void summary_row_expected(const struct summary_row *r, char *buf, size_t len);
/*
 * Add @f to @r's findings: a new key is copied, a known one combined
 * (<explore/explore.h> sim_found_combine()).
 */
void summary_row_add_finding(struct summary_row *r,
			     const struct summary_finding *f);
/* The finding of @r with @key, or NULL. */
const struct summary_finding *summary_row_find(const struct summary_row *r,
					       const char *key);
void summary_row_free(struct summary_row *r);

/*
 * A map from strings to indexes: a JSON object used as a hash table, for
 * lookups by name or key that must not grow with the number of rows or
 * findings. Out of memory, it aborts, as <sim/alloc.h> does.
 */
json_t *summary_map_new(void);
bool summary_map_get(json_t *map, const char *key, size_t *index);
void summary_map_put(json_t *map, const char *key, size_t index);

/*
 * The table every sim run and sim merge ends with, and the matrix: text
 * from the rows is escaped for the terminal (term.h), the columns as wide
 * as the escaped text. When that is wider than @max_width (> 0: the
 * terminal's), a narrow form: finding kinds in short with a legend, the
 * table's rows under their scenario, the matrix's variants in parts.
 */
void summary_print_table(FILE *out, const struct summary_row *rows, size_t n,
			 int max_width);
/* Scenario x variant, when more than one variant ran; not when it would
 * be more than 4096 cells and more than 4 a row, most of them "not run"
 * (scenarios and variants that each ran once: n x n cells). */
void summary_print_matrix(FILE *out, const struct summary_row *rows, size_t n,
			  int max_width);
/* One JSON document: {"results": [...], "matrix": {...}}. */
void summary_print_json(FILE *out, const struct summary_row *rows, size_t n);

#endif /* SIM_CLI_SUMMARY_H */

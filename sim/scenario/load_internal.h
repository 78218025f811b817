/* SPDX-License-Identifier: MIT */
/*
 * Shared by load.c (file, top level, vm, locks, explore, expect) and
 * load_ops.c (actors, ops, ITS commands). Not for use outside
 * sim/scenario/.
 *
 * Every validator returns true when the input is good and false after
 * ld_fail() has written the one error line; the first error stops the
 * load. Checks run in a fixed order (the order of the format description,
 * then file order inside an object or array), never in hash or pointer
 * order, so a file always gets the same message.
 */
#ifndef SIM_SCENARIO_LOAD_INTERNAL_H
#define SIM_SCENARIO_LOAD_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <scenario/scenario.h>

#define LD_PATH_MAX 256

struct ld {
	const char *file;		/* display name */
	char *err;
	size_t errlen;
	const struct scenario_names *names;
	struct scenario *s;		/* being filled; freed on failure */
	char path[LD_PATH_MAX];		/* JSON path of the value being checked */
	size_t plen;
	uint32_t lpis[SCN_MAX_LPIS];	/* distinct LPI INTIDs seen so far */
	int nr_lpis;
	char destroy_path[64];		/* the destroy_vm op, "" while none */
};

/* JSON types a value may be required to have. */
enum ld_type { LD_OBJECT, LD_ARRAY, LD_STRING, LD_INTEGER, LD_BOOL };

/* Path: push returns the length to give back to ld_pop(). */
size_t ld_push_key(struct ld *ld, const char *key);
size_t ld_push_index(struct ld *ld, size_t index);
void ld_pop(struct ld *ld, size_t saved);

/* Write "FILE: at PATH: message" and return false. */
bool ld_fail(struct ld *ld, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* ld_fail() at the path of member @key of the current value. */
bool ld_fail_key(struct ld *ld, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Quoted, escaped, shortened copy of user text, safe on one line. */
#define LD_QUOTE_SIZE 80
const char *ld_quote(const char *s, char buf[LD_QUOTE_SIZE]);
/* "a, b, c" from a NULL-terminated list. */
#define LD_JOIN_SIZE 512
const char *ld_join(const char *const *list, char buf[LD_JOIN_SIZE]);
/* Index of @s in NULL-terminated @list, or -1. */
int ld_find(const char *const *list, const char *s);

void *ld_calloc(size_t n, size_t size);
char *ld_strdup(const char *s);

/* The current value must have type @t. */
bool ld_is(struct ld *ld, json_t *v, enum ld_type t);
/* Every key of object @obj must be in @known; reports the first in file order. */
bool ld_keys(struct ld *ld, json_t *obj, const char *const *known);

/*
 * Members of object @obj (the current value). Each checks the member at
 * its own path; an absent optional member leaves *present false (and the
 * output untouched). @present may be NULL for required members.
 */
bool ld_get(struct ld *ld, json_t *obj, const char *key, bool required,
	    enum ld_type t, json_t **out);
bool ld_int(struct ld *ld, json_t *obj, const char *key, bool required,
	    int64_t lo, int64_t hi, const char *note, int64_t *out,
	    bool *present);
bool ld_u32(struct ld *ld, json_t *obj, const char *key, int64_t lo,
	    int64_t hi, const char *note, uint32_t *out);
bool ld_bool(struct ld *ld, json_t *obj, const char *key, bool required,
	     bool *out);
/* A required array of @min..@max entries. */
bool ld_array(struct ld *ld, json_t *obj, const char *key, bool required,
	      size_t min, size_t max, json_t **out);
/* A required string naming one of @known; @what is "op", "context", ... */
bool ld_enum(struct ld *ld, json_t *obj, const char *key, const char *what,
	     const char *const *known, int *out);
/* A required non-empty string of [A-Za-z0-9._-], at most @max long. */
bool ld_name(struct ld *ld, json_t *obj, const char *key, size_t max,
	     const char **out);
/*
 * The path of entry @index of the array whose path is the first @len
 * characters of the current path, plus @suffix: "also at" references.
 */
const char *ld_entry_path(struct ld *ld, size_t len, int index,
			  const char *suffix, char buf[LD_PATH_MAX]);
/* " (vm.vcpus is N)", for messages about vCPU numbers. */
const char *ld_vcpus_note(struct ld *ld, char buf[32]);

/* Count @lpi toward SCN_MAX_LPIS; the current path is the lpi's. */
bool ld_count_lpi(struct ld *ld, uint32_t lpi);

/* load_ops.c */
bool ld_actors(struct ld *ld, json_t *root);

#endif /* SIM_SCENARIO_LOAD_INTERNAL_H */

// SPDX-License-Identifier: MIT
/*
 * The loader's small tools: the JSON path of the value being checked, the
 * one error line, and typed member getters that check type and range at
 * the member's own path. jansson values carry no position, so after
 * parsing a path is the only way to say where something is wrong.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"

static void ld_append(struct ld *ld, const char *text)
{
	size_t n = strlen(text);

	assert(ld->plen < LD_PATH_MAX);
	if (n > LD_PATH_MAX - 1 - ld->plen)
		n = LD_PATH_MAX - 1 - ld->plen;	/* deterministic truncation */
	memcpy(ld->path + ld->plen, text, n);
	ld->plen += n;
	ld->path[ld->plen] = '\0';
}

size_t ld_push_key(struct ld *ld, const char *key)
{
	size_t saved = ld->plen;
	char buf[LD_QUOTE_SIZE];
	const char *p;

	if (ld->plen)
		ld_append(ld, ".");
	/* Keys are user text: escape them, but without the quotes. */
	ld_quote(key, buf);
	p = buf + 1;
	buf[strlen(buf) - 1] = '\0';
	ld_append(ld, p);
	return saved;
}

size_t ld_push_index(struct ld *ld, size_t index)
{
	size_t saved = ld->plen;
	char buf[32];

	snprintf(buf, sizeof(buf), "[%zu]", index);
	ld_append(ld, buf);
	return saved;
}

void ld_pop(struct ld *ld, size_t saved)
{
	assert(saved <= ld->plen);
	ld->plen = saved;
	ld->path[saved] = '\0';
}

static bool ld_vfail(struct ld *ld, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ld->err && ld->errlen)
		snprintf(ld->err, ld->errlen, "%s: at %s: %s", ld->file,
			 ld->plen ? ld->path : "top level", msg);
	return false;
}

bool ld_fail(struct ld *ld, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ld_vfail(ld, fmt, ap);
	va_end(ap);
	return false;
}

bool ld_fail_key(struct ld *ld, const char *key, const char *fmt, ...)
{
	va_list ap;

	ld_push_key(ld, key);
	va_start(ap, fmt);
	ld_vfail(ld, fmt, ap);
	va_end(ap);
	return false;
}

const char *ld_quote(const char *s, char buf[LD_QUOTE_SIZE])
{
	/* Room for the closing quote, "..." and the NUL. */
	const size_t limit = LD_QUOTE_SIZE - 6;
	size_t n = 0;

	buf[n++] = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[5];
		size_t len;

		if (c == '"' || c == '\\')
			snprintf(esc, sizeof(esc), "\\%c", c);
		else if (c == '\n')
			strcpy(esc, "\\n");
		else if (c == '\t')
			strcpy(esc, "\\t");
		else if (c < 0x20 || c == 0x7f)
			snprintf(esc, sizeof(esc), "\\x%02x", c);
		else
			esc[0] = (char)c, esc[1] = '\0';
		len = strlen(esc);
		if (n + len > limit) {
			/* Do not cut a UTF-8 sequence in half. */
			while (n > 1 && ((unsigned char)buf[n - 1] & 0xc0) == 0x80)
				n--;
			if (n > 1 && ((unsigned char)buf[n - 1] & 0xc0) == 0xc0)
				n--;
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		memcpy(buf + n, esc, len);
		n += len;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	assert(n < LD_QUOTE_SIZE);
	return buf;
}

const char *ld_join(const char *const *list, char buf[LD_JOIN_SIZE])
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; list[i]; i++) {
		size_t len = strlen(list[i]);

		if (n + len + 2 + 5 >= LD_JOIN_SIZE) {
			strcpy(buf + n, i ? ", ..." : "...");
			return buf;
		}
		if (i) {
			memcpy(buf + n, ", ", 2);
			n += 2;
		}
		memcpy(buf + n, list[i], len + 1);
		n += len;
	}
	return buf;
}

int ld_find(const char *const *list, const char *s)
{
	int i;

	assert(list);
	for (i = 0; list[i]; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

void *ld_calloc(size_t n, size_t size)
{
	/* calloc(0, ...) may return NULL; ask for at least one element. */
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fputs("itsim: out of memory loading a scenario\n", stderr);
		abort();
	}
	return p;
}

char *ld_strdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(ld_calloc(len, 1), s, len);
}

static const char *ld_type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "an unknown JSON value";
}

bool ld_is(struct ld *ld, json_t *v, enum ld_type t)
{
	static const char *const want[] = {
		[LD_OBJECT] = "an object", [LD_ARRAY] = "an array",
		[LD_STRING] = "a string", [LD_INTEGER] = "an integer",
		[LD_BOOL] = "a boolean",
	};
	bool ok;

	assert(v);
	switch (t) {
	case LD_OBJECT:
		ok = json_is_object(v);
		break;
	case LD_ARRAY:
		ok = json_is_array(v);
		break;
	case LD_STRING:
		ok = json_is_string(v);
		break;
	case LD_INTEGER:
		ok = json_is_integer(v);
		break;
	case LD_BOOL:
		ok = json_is_boolean(v);
		break;
	default:
		assert(!"bad ld_type");
		ok = false;
	}
	if (!ok)
		return ld_fail(ld, "expected %s, got %s", want[t],
			       ld_type_name(v));
	return true;
}

bool ld_keys(struct ld *ld, json_t *obj, const char *const *known)
{
	const char *key;
	json_t *v;

	assert(json_is_object(obj));
	json_object_foreach(obj, key, v) {
		char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];

		if (ld_find(known, key) >= 0)
			continue;
		return ld_fail_key(ld, key, "unknown key %s (known: %s)",
				   ld_quote(key, q), ld_join(known, list));
	}
	return true;
}

bool ld_get(struct ld *ld, json_t *obj, const char *key, bool required,
	    enum ld_type t, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	size_t saved;

	assert(json_is_object(obj));
	*out = NULL;
	if (!v) {
		if (required)
			return ld_fail_key(ld, key, "missing required key");
		return true;
	}
	saved = ld_push_key(ld, key);
	if (!ld_is(ld, v, t))
		return false;
	ld_pop(ld, saved);
	*out = v;
	return true;
}

bool ld_int(struct ld *ld, json_t *obj, const char *key, bool required,
	    int64_t lo, int64_t hi, const char *note, int64_t *out,
	    bool *present)
{
	json_int_t n;
	json_t *v;

	assert(lo <= hi);
	assert(present || required);
	if (present)
		*present = false;
	if (!ld_get(ld, obj, key, required, LD_INTEGER, &v))
		return false;
	if (!v)
		return true;
	n = json_integer_value(v);
	if (n < lo || n > hi) {
		if (hi == INT64_MAX)
			return ld_fail_key(ld, key,
					   "%lld is out of range: must be >= %" PRId64 "%s",
					   (long long)n, lo, note ? note : "");
		return ld_fail_key(ld, key,
				   "%lld is out of range %" PRId64 "..%" PRId64 "%s",
				   (long long)n, lo, hi, note ? note : "");
	}
	*out = n;
	if (present)
		*present = true;
	return true;
}

bool ld_u32(struct ld *ld, json_t *obj, const char *key, int64_t lo,
	    int64_t hi, const char *note, uint32_t *out)
{
	int64_t n = 0;

	assert(lo >= 0);
	assert(hi <= UINT32_MAX);
	if (!ld_int(ld, obj, key, true, lo, hi, note, &n, NULL))
		return false;
	*out = (uint32_t)n;
	return true;
}

bool ld_bool(struct ld *ld, json_t *obj, const char *key, bool required,
	     bool *out)
{
	json_t *v;

	if (!ld_get(ld, obj, key, required, LD_BOOL, &v))
		return false;
	if (v)
		*out = json_is_true(v);
	return true;
}

bool ld_array(struct ld *ld, json_t *obj, const char *key, bool required,
	      size_t min, size_t max, json_t **out)
{
	size_t n;

	assert(min <= max);
	if (!ld_get(ld, obj, key, required, LD_ARRAY, out))
		return false;
	if (!*out)
		return true;
	n = json_array_size(*out);
	if (n >= min && n <= max)
		return true;
	if (max == SIZE_MAX)
		return ld_fail_key(ld, key, "expected at least %zu %s, got %zu",
				   min, min == 1 ? "entry" : "entries", n);
	return ld_fail_key(ld, key, "expected %zu..%zu entries, got %zu", min,
			   max, n);
}

bool ld_enum(struct ld *ld, json_t *obj, const char *key, const char *what,
	     const char *const *known, int *out)
{
	char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	const char *str;
	json_t *v;

	if (!ld_get(ld, obj, key, true, LD_STRING, &v))
		return false;
	str = json_string_value(v);
	*out = ld_find(known, str);
	if (*out < 0)
		return ld_fail_key(ld, key, "unknown %s %s (known: %s)", what,
				   ld_quote(str, q), ld_join(known, list));
	return true;
}

bool ld_name(struct ld *ld, json_t *obj, const char *key, size_t max,
	     const char **out)
{
	const char *p;
	json_t *v;

	if (!ld_get(ld, obj, key, true, LD_STRING, &v))
		return false;
	*out = json_string_value(v);
	if (!**out)
		return ld_fail_key(ld, key, "must not be empty");
	if (strlen(*out) > max)
		return ld_fail_key(ld, key, "longer than %zu characters", max);
	for (p = *out; *p; p++) {
		char q[LD_QUOTE_SIZE];

		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-')
			continue;
		return ld_fail_key(ld, key,
				   "%s is not a valid name (use only A-Z a-z 0-9 . _ -)",
				   ld_quote(*out, q));
	}
	return true;
}

const char *ld_entry_path(struct ld *ld, size_t len, int index,
			  const char *suffix, char buf[LD_PATH_MAX])
{
	char tail[LD_PATH_MAX];

	assert(len <= ld->plen);
	snprintf(tail, sizeof(tail), "[%d]%s", index, suffix);
	snprintf(buf, LD_PATH_MAX, "%.*s%.*s", (int)len, ld->path,
		 (int)(LD_PATH_MAX - 1 - len), tail);
	return buf;
}

const char *ld_vcpus_note(struct ld *ld, char buf[32])
{
	snprintf(buf, 32, " (vm.vcpus is %" PRIu32 ")", ld->s->nr_vcpus);
	return buf;
}

bool ld_count_lpi(struct ld *ld, uint32_t lpi)
{
	int i;

	assert(lpi >= SCN_LPI_MIN);
	assert(ld->nr_lpis <= SCN_MAX_LPIS);
	for (i = 0; i < ld->nr_lpis; i++)
		if (ld->lpis[i] == lpi)
			return true;
	if (ld->nr_lpis == SCN_MAX_LPIS)
		return ld_fail(ld,
			       "LPI %" PRIu32 " makes %d distinct LPIs in the VM; "
			       "the simulator's fixed LPI xarray holds at most %d",
			       lpi, SCN_MAX_LPIS + 1, SCN_MAX_LPIS);
	ld->lpis[ld->nr_lpis++] = lpi;
	return true;
}

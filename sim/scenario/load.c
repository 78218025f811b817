// SPDX-License-Identifier: MIT
/*
 * The scenario loader: JSON text to struct scenario, or one error line.
 *
 * jansson parses with JSON_REJECT_DUPLICATES, so syntax errors and
 * duplicate keys come back positioned (FILE:LINE:COLUMN). Everything after
 * parsing is reported at a JSON path. This file checks the top level, the
 * VM, locks, explore and expect; load_ops.c checks the actors.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_internal.h"
#include <sim/fault.h>
#include <scenario/sha256.h>

const char *const scn_lock_classes[] = {
	"kvm_lock", "vcpu_mutex", "cmd_lock", "its_lock", "lpi_xa", NULL,
};
/* "locks" has unique keys, each one of these: never more than the limit. */
_Static_assert(sizeof(scn_lock_classes) / sizeof(*scn_lock_classes) - 1 <=
	       SCN_MAX_LOCKS, "SCN_MAX_LOCKS below the lock classes");

static bool ld_collections(struct ld *ld, json_t *its_obj, struct scn_its *its)
{
	static const char *const keys[] = { "id", "vcpu", NULL };
	json_t *arr, *v;
	size_t i, saved;

	if (!ld_array(ld, its_obj, "collections", false, 0, SCN_MAX_COLLECTIONS,
		      &arr))
		return false;
	if (!arr)
		return true;
	saved = ld_push_key(ld, "collections");
	its->collections = ld_calloc(json_array_size(arr),
				     sizeof(*its->collections));
	json_array_foreach(arr, i, v) {
		struct scn_collection *c = &its->collections[i];
		size_t at = ld_push_index(ld, i);
		char note[32], other[LD_PATH_MAX];
		int j;

		if (!ld_is(ld, v, LD_OBJECT) || !ld_keys(ld, v, keys) ||
		    !ld_u32(ld, v, "id", 0, SCN_MAX_ID, NULL, &c->id))
			return false;
		for (j = 0; j < its->nr_collections; j++)
			if (its->collections[j].id == c->id)
				return ld_fail_key(ld, "id",
						   "duplicate collection id %" PRIu32 " (also at %s)",
						   c->id, ld_entry_path(ld, at, j, ".id", other));
		if (!ld_u32(ld, v, "vcpu", 0, ld->s->nr_vcpus - 1,
			    ld_vcpus_note(ld, note), &c->vcpu))
			return false;
		its->nr_collections++;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

static bool ld_has_collection(const struct scn_its *its, uint32_t id)
{
	int i;

	for (i = 0; i < its->nr_collections; i++)
		if (its->collections[i].id == id)
			return true;
	return false;
}

static bool ld_events(struct ld *ld, json_t *dev_obj, struct scn_its *its,
		      struct scn_device *dev)
{
	static const char *const keys[] = { "event", "lpi", "collection", NULL };
	char q[LD_QUOTE_SIZE];
	json_t *arr, *v;
	size_t i, saved;

	if (!ld_array(ld, dev_obj, "events", false, 0, SIZE_MAX, &arr))
		return false;
	if (!arr)
		return true;
	saved = ld_push_key(ld, "events");
	dev->events = ld_calloc(json_array_size(arr), sizeof(*dev->events));
	json_array_foreach(arr, i, v) {
		struct scn_event *e = &dev->events[i];
		size_t at = ld_push_index(ld, i), lpi_at;
		char other[LD_PATH_MAX];
		int j;

		if (!ld_is(ld, v, LD_OBJECT) || !ld_keys(ld, v, keys) ||
		    !ld_u32(ld, v, "event", 0, SCN_MAX_ID, NULL, &e->event))
			return false;
		for (j = 0; j < dev->nr_events; j++)
			if (dev->events[j].event == e->event)
				return ld_fail_key(ld, "event",
						   "duplicate event %" PRIu32 " of device %" PRIu32 " (also at %s)",
						   e->event, dev->id,
						   ld_entry_path(ld, at, j, ".event", other));
		/* Several events may share one LPI, as the kernel allows. */
		if (!ld_u32(ld, v, "lpi", SCN_LPI_MIN, SCN_LPI_MAX, NULL,
			    &e->lpi))
			return false;
		lpi_at = ld_push_key(ld, "lpi");
		if (!ld_count_lpi(ld, e->lpi))
			return false;
		ld_pop(ld, lpi_at);
		if (!ld_u32(ld, v, "collection", 0, SCN_MAX_ID, NULL,
			    &e->collection))
			return false;
		if (!ld_has_collection(its, e->collection))
			return ld_fail_key(ld, "collection",
					   "collection %" PRIu32 " is not mapped in ITS %s",
					   e->collection, ld_quote(its->name, q));
		dev->nr_events++;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

static bool ld_devices(struct ld *ld, json_t *its_obj, struct scn_its *its)
{
	static const char *const keys[] = { "id", "events", NULL };
	json_t *arr, *v;
	size_t i, saved;

	if (!ld_array(ld, its_obj, "devices", false, 0, SCN_MAX_DEVICES, &arr))
		return false;
	if (!arr)
		return true;
	saved = ld_push_key(ld, "devices");
	its->devices = ld_calloc(json_array_size(arr), sizeof(*its->devices));
	json_array_foreach(arr, i, v) {
		struct scn_device *d = &its->devices[i];
		size_t at = ld_push_index(ld, i);
		char other[LD_PATH_MAX];
		int j;

		/* Counted first, so scenario_free() sees the events array. */
		its->nr_devices++;
		if (!ld_is(ld, v, LD_OBJECT) || !ld_keys(ld, v, keys) ||
		    !ld_u32(ld, v, "id", 0, SCN_MAX_ID, NULL, &d->id))
			return false;
		for (j = 0; j < its->nr_devices - 1; j++)
			if (its->devices[j].id == d->id)
				return ld_fail_key(ld, "id",
						   "duplicate device id %" PRIu32 " (also at %s)",
						   d->id, ld_entry_path(ld, at, j, ".id", other));
		if (!ld_events(ld, v, its, d))
			return false;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

static bool ld_has_event(const struct scn_its *its, uint32_t device,
			 uint32_t event)
{
	int i, j;

	for (i = 0; i < its->nr_devices; i++) {
		if (its->devices[i].id != device)
			continue;
		for (j = 0; j < its->devices[i].nr_events; j++)
			if (its->devices[i].events[j].event == event)
				return true;
	}
	return false;
}

static bool ld_cached(struct ld *ld, json_t *its_obj, struct scn_its *its)
{
	static const char *const keys[] = { "device", "event", NULL };
	char q[LD_QUOTE_SIZE];
	json_t *arr, *v;
	size_t i, saved;

	if (!ld_array(ld, its_obj, "cached", false, 0, SIZE_MAX, &arr))
		return false;
	if (!arr)
		return true;
	if (json_array_size(arr) > SCN_MAX_CACHED)
		return ld_fail_key(ld, "cached",
				   "%zu cached entries; the simulator's fixed translation cache holds at most %d per ITS",
				   json_array_size(arr), SCN_MAX_CACHED);
	saved = ld_push_key(ld, "cached");
	its->cached = ld_calloc(json_array_size(arr), sizeof(*its->cached));
	json_array_foreach(arr, i, v) {
		struct scn_cached *c = &its->cached[i];
		size_t at = ld_push_index(ld, i);
		char other[LD_PATH_MAX];
		int j;

		if (!ld_is(ld, v, LD_OBJECT) || !ld_keys(ld, v, keys) ||
		    !ld_u32(ld, v, "device", 0, SCN_MAX_ID, NULL, &c->device) ||
		    !ld_u32(ld, v, "event", 0, SCN_MAX_ID, NULL, &c->event))
			return false;
		if (!ld_has_event(its, c->device, c->event))
			return ld_fail(ld,
				       "device %" PRIu32 " event %" PRIu32 " is not mapped in ITS %s",
				       c->device, c->event,
				       ld_quote(its->name, q));
		for (j = 0; j < its->nr_cached; j++)
			if (its->cached[j].device == c->device &&
			    its->cached[j].event == c->event)
				return ld_fail(ld,
					       "duplicate cached entry for device %" PRIu32 " event %" PRIu32 " (also at %s)",
					       c->device, c->event,
					       ld_entry_path(ld, at, j, "", other));
		its->nr_cached++;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

static bool ld_its(struct ld *ld, json_t *obj, struct scn_its *its)
{
	static const char *const keys[] = {
		"name", "enabled", "collections", "devices", "cached", NULL,
	};
	char q[LD_QUOTE_SIZE];
	const char *name;
	json_t *v;
	int j;

	if (!ld_is(ld, obj, LD_OBJECT) || !ld_keys(ld, obj, keys) ||
	    !ld_get(ld, obj, "name", true, LD_STRING, &v))
		return false;
	name = json_string_value(v);
	if (!*name)
		return ld_fail_key(ld, "name", "must not be empty");
	/* The model keeps the name in a fixed field, for reports. */
	if (strlen(name) > SCN_ITS_NAME_MAX)
		return ld_fail_key(ld, "name", "longer than %d characters",
				   SCN_ITS_NAME_MAX);
	for (j = 0; j < its - ld->s->its; j++)
		if (!strcmp(ld->s->its[j].name, name))
			return ld_fail_key(ld, "name",
					   "duplicate ITS name %s (also at vm.its[%d].name)",
					   ld_quote(name, q), j);
	its->name = ld_strdup(name);
	its->enabled = true;
	return ld_bool(ld, obj, "enabled", false, &its->enabled) &&
	       ld_collections(ld, obj, its) && ld_devices(ld, obj, its) &&
	       ld_cached(ld, obj, its);
}

static bool ld_vm(struct ld *ld, json_t *vm)
{
	static const char *const keys[] = {
		"vcpus", "lpis_enabled", "its", NULL,
	};
	struct scenario *s = ld->s;
	json_t *arr, *v;
	size_t i, saved;
	char note[32];

	if (!ld_keys(ld, vm, keys) ||
	    !ld_u32(ld, vm, "vcpus", 1, SCN_MAX_VCPUS, NULL, &s->nr_vcpus))
		return false;
	for (i = 0; i < s->nr_vcpus; i++)
		s->lpis_enabled[i] = true;

	if (!ld_array(ld, vm, "lpis_enabled", false, 0, SIZE_MAX, &arr))
		return false;
	if (arr) {
		saved = ld_push_key(ld, "lpis_enabled");
		if (json_array_size(arr) != s->nr_vcpus)
			return ld_fail(ld,
				       "expected %" PRIu32 " entries, one per vCPU%s, got %zu",
				       s->nr_vcpus, ld_vcpus_note(ld, note),
				       json_array_size(arr));
		json_array_foreach(arr, i, v) {
			size_t at = ld_push_index(ld, i);

			if (!ld_is(ld, v, LD_BOOL))
				return false;
			s->lpis_enabled[i] = json_is_true(v);
			ld_pop(ld, at);
		}
		ld_pop(ld, saved);
	}

	if (!ld_array(ld, vm, "its", true, 1, SCN_MAX_ITS, &arr))
		return false;
	saved = ld_push_key(ld, "its");
	s->its = ld_calloc(json_array_size(arr), sizeof(*s->its));
	json_array_foreach(arr, i, v) {
		size_t at = ld_push_index(ld, i);

		/* Counted first, so scenario_free() sees what ld_its() built. */
		s->nr_its++;
		if (!ld_its(ld, v, &s->its[i]))
			return false;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

static bool ld_locks(struct ld *ld, json_t *root)
{
	char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	struct scenario *s = ld->s;
	const char *key;
	json_t *obj, *v;
	size_t saved;

	if (!ld_get(ld, root, "locks", false, LD_OBJECT, &obj))
		return false;
	if (!obj)
		return true;
	saved = ld_push_key(ld, "locks");
	s->locks = ld_calloc(json_object_size(obj), sizeof(*s->locks));
	json_object_foreach(obj, key, v) {
		size_t at = ld_push_key(ld, key);
		const char *impl;

		if (ld_find(scn_lock_classes, key) < 0)
			return ld_fail(ld, "unknown lock class %s (known: %s)",
				       ld_quote(key, q),
				       ld_join(scn_lock_classes, list));
		if (!ld_is(ld, v, LD_STRING))
			return false;
		impl = json_string_value(v);
		if (ld_find(ld->names->lock_impls, impl) < 0)
			return ld_fail(ld,
				       "unknown lock implementation %s (known: %s)",
				       ld_quote(impl, q),
				       ld_join(ld->names->lock_impls, list));
		s->locks[s->nr_locks].lock_class = ld_strdup(key);
		s->locks[s->nr_locks].impl = ld_strdup(impl);
		s->nr_locks++;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

/* A C identifier: a function of the model, a variant or a kernel tree. */
static bool is_identifier(const char *s)
{
	if (!*s || strlen(s) > 63 || !(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* explore.fault_sites: the functions whose allocations may fail. */
static bool ld_fault_sites(struct ld *ld, json_t *obj)
{
	struct scenario *s = ld->s;
	json_t *arr, *v;
	size_t i, key;

	if (!json_object_get(obj, "fault_sites"))
		return true;
	if (!ld_array(ld, obj, "fault_sites", true, 1, SIM_FAULT_SITES_MAX, &arr))
		return false;
	s->fault_sites = ld_calloc(json_array_size(arr), sizeof(*s->fault_sites));
	key = ld_push_key(ld, "fault_sites");
	json_array_foreach(arr, i, v) {
		size_t at = ld_push_index(ld, i);
		char q[LD_QUOTE_SIZE];

		if (!ld_is(ld, v, LD_STRING))
			return false;
		if (!is_identifier(json_string_value(v)))
			return ld_fail(ld, "expected a function name (a C identifier), not %s",
				       ld_quote(json_string_value(v), q));
		for (int k = 0; k < s->nr_fault_sites; k++)
			if (!strcmp(s->fault_sites[k], json_string_value(v)))
				return ld_fail(ld, "%s is named twice",
					       ld_quote(json_string_value(v), q));
		s->fault_sites[s->nr_fault_sites++] = ld_strdup(json_string_value(v));
		ld_pop(ld, at);
	}
	ld_pop(ld, key);
	return true;
}

static bool ld_explore(struct ld *ld, json_t *root)
{
	static const char *const keys[] = {
		"strategy", "max_executions", "max_steps", "seed",
		"preemption_bound", "depth", "faults", "fault_sites", NULL,
	};
	struct scenario *s = ld->s;
	json_t *obj, *v;
	int64_t n = 0;
	size_t saved;

	if (!ld_get(ld, root, "explore", false, LD_OBJECT, &obj))
		return false;
	if (!obj)
		return true;
	saved = ld_push_key(ld, "explore");
	if (!ld_keys(ld, obj, keys) ||
	    !ld_get(ld, obj, "strategy", false, LD_STRING, &v))
		return false;
	if (v) {
		char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
		const char *str = json_string_value(v);

		if (ld_find(ld->names->strategies, str) < 0)
			return ld_fail_key(ld, "strategy",
					   "unknown strategy %s (known: %s)",
					   ld_quote(str, q),
					   ld_join(ld->names->strategies, list));
		s->strategy = ld_strdup(str);
	}
	if (!ld_int(ld, obj, "max_executions", false, 1, 1000000000000LL,
		    NULL, &n, &s->has_max_executions))
		return false;
	if (s->has_max_executions)
		s->max_executions = (uint64_t)n;
	if (!ld_int(ld, obj, "max_steps", false, 1, 10000000, NULL, &n,
		    &s->has_max_steps))
		return false;
	if (s->has_max_steps)
		s->max_steps = (uint64_t)n;
	if (!ld_int(ld, obj, "seed", false, 0, INT64_MAX, NULL, &n,
		    &s->has_seed))
		return false;
	if (s->has_seed)
		s->seed = (uint64_t)n;
	if (!ld_int(ld, obj, "preemption_bound", false, 0, 64, NULL, &n,
		    &s->has_preemption_bound))
		return false;
	if (s->has_preemption_bound)
		s->preemption_bound = (int)n;
	if (!ld_int(ld, obj, "depth", false, 1, 8, NULL, &n, &s->has_depth))
		return false;
	if (s->has_depth)
		s->depth = (int)n;
	if (!ld_int(ld, obj, "faults", false, 0, SIM_FAULTS_MAX,
		    " (failed allocations per execution)", &n,
		    &s->has_faults))
		return false;
	if (s->has_faults)
		s->faults = (int)n;
	if (!ld_fault_sites(ld, obj))
		return false;
	ld_pop(ld, saved);
	return true;
}

static bool ld_expect_kinds(struct ld *ld, json_t *arr, struct scn_expect *e)
{
	char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	json_t *v;
	size_t i;

	e->kinds = ld_calloc(json_array_size(arr), sizeof(*e->kinds));
	json_array_foreach(arr, i, v) {
		size_t at = ld_push_index(ld, i);
		char other[LD_PATH_MAX];
		const char *kind;
		int j;

		if (!ld_is(ld, v, LD_STRING))
			return false;
		kind = json_string_value(v);
		if (ld_find(ld->names->finding_kinds, kind) < 0)
			return ld_fail(ld, "unknown finding kind %s (known: %s)",
				       ld_quote(kind, q),
				       ld_join(ld->names->finding_kinds, list));
		for (j = 0; j < e->nr_kinds; j++)
			if (!strcmp(e->kinds[j], kind))
				return ld_fail(ld,
					       "duplicate finding kind %s (also at %s)",
					       ld_quote(kind, q),
					       ld_entry_path(ld, at, j, "", other));
		e->kinds[e->nr_kinds++] = ld_strdup(kind);
		ld_pop(ld, at);
	}
	return true;
}

static bool ld_expect(struct ld *ld, json_t *root)
{
	char q[LD_QUOTE_SIZE], list[LD_JOIN_SIZE];
	struct scenario *s = ld->s;
	const char *key;
	json_t *obj, *v;
	size_t saved;

	if (!ld_get(ld, root, "expect", false, LD_OBJECT, &obj))
		return false;
	if (!obj)
		return true;
	saved = ld_push_key(ld, "expect");
	s->expect = ld_calloc(json_object_size(obj), sizeof(*s->expect));
	json_object_foreach(obj, key, v) {
		size_t at = ld_push_key(ld, key);
		struct scn_expect *e = &s->expect[s->nr_expect];

		if (ld_find(ld->names->variants, key) < 0)
			return ld_fail(ld, "unknown variant %s (known: %s)",
				       ld_quote(key, q),
				       ld_join(ld->names->variants, list));
		if (!ld_is(ld, v, LD_ARRAY))
			return false;
		e->variant = ld_strdup(key);
		s->nr_expect++;
		if (!ld_expect_kinds(ld, v, e))
			return false;
		ld_pop(ld, at);
	}
	ld_pop(ld, saved);
	return true;
}

/*
 * Limits that come from how the scenario runs: every irqfd msi may defer
 * to a worker actor, and every command takes a slot of the ITS's command
 * queue (one 4K page of 32-byte commands, one slot always empty).
 */
static bool ld_capacity(struct ld *ld)
{
	const struct scenario *s = ld->s;
	int workers = 0, cmds[SCN_MAX_ITS] = { 0 };
	char q[LD_QUOTE_SIZE];

	for (int i = 0; i < s->nr_actors; i++) {
		const struct scn_actor *a = &s->actors[i];

		for (int o = 0; o < a->nr_ops; o++) {
			const struct scn_op *op = &a->ops[o];

			if (op->kind == SCN_OP_MSI && a->context == SCN_CTX_IRQFD)
				workers++;
			if (op->kind != SCN_OP_ITS_COMMANDS)
				continue;
			cmds[op->its] += op->nr_cmds;
			if (cmds[op->its] <= SCN_MAX_QUEUED_CMDS)
				continue;
			ld->plen = (size_t)snprintf(ld->path, sizeof(ld->path),
						    "%s.commands", op->path);
			return ld_fail(ld, "more than %d commands for ITS %s in one scenario (its command queue holds %d)",
				       SCN_MAX_QUEUED_CMDS,
				       ld_quote(s->its[op->its].name, q),
				       SCN_MAX_QUEUED_CMDS);
		}
	}
	if (s->nr_actors + workers > SCN_MAX_ACTORS) {
		ld->plen = (size_t)snprintf(ld->path, sizeof(ld->path), "actors");
		return ld_fail(ld, "%d actors and up to %d irqfd workers (one per irqfd msi) exceed %d (one more actor slot is the RCU callback actor's)",
			       s->nr_actors, workers, SCN_MAX_ACTORS);
	}
	return true;
}

static bool ld_root(struct ld *ld, json_t *root)
{
	static const char *const keys[] = {
		"name", "description", "vm", "actors", "locks", "explore",
		"expect", NULL,
	};
	struct scenario *s = ld->s;
	const char *name;
	json_t *v;
	size_t saved;

	if (!ld_is(ld, root, LD_OBJECT) || !ld_keys(ld, root, keys) ||
	    !ld_name(ld, root, "name", SCN_MAX_NAME, &name))
		return false;
	s->name = ld_strdup(name);
	if (!ld_get(ld, root, "description", false, LD_STRING, &v))
		return false;
	if (v)
		s->description = ld_strdup(json_string_value(v));

	if (!ld_get(ld, root, "vm", true, LD_OBJECT, &v))
		return false;
	saved = ld_push_key(ld, "vm");
	if (!ld_vm(ld, v))
		return false;
	ld_pop(ld, saved);

	return ld_actors(ld, root) && ld_capacity(ld) && ld_locks(ld, root) &&
	       ld_explore(ld, root) && ld_expect(ld, root);
}

int scenario_load_buffer(const char *text, size_t len,
			 const char *display_name,
			 const struct scenario_names *names,
			 struct scenario **out, char *err, size_t errlen)
{
	struct ld ld = { 0 };
	struct scenario *s;
	json_error_t jerr;
	json_t *root;
	bool ok;

	assert(text || len == 0);
	assert(display_name);
	assert(names && names->variants && names->lock_impls);
	assert(names->finding_kinds && names->strategies);
	assert(out);
	assert(err || errlen == 0);
	*out = NULL;
	if (errlen)
		err[0] = '\0';

	s = ld_calloc(1, sizeof(*s));
	s->file = ld_strdup(display_name);
	s->text = ld_calloc(len + 1, 1);
	if (len)
		memcpy(s->text, text, len);
	s->text_len = len;
	sha256_hex(s->text, len, s->sha256);

	/* Hash order never reaches the output; fixing the seed is hygiene. */
	json_object_seed(1);
	root = json_loadb(s->text, len,
			  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!root) {
		if (errlen)
			snprintf(err, errlen, "%s:%d:%d: %s", display_name,
				 jerr.line, jerr.column, jerr.text);
		scenario_free(s);
		return SCN_EXIT_BAD_INPUT;
	}

	ld.file = display_name;
	ld.err = err;
	ld.errlen = errlen;
	ld.names = names;
	ld.s = s;
	ok = ld_root(&ld, root);
	json_decref(root);
	if (!ok) {
		assert(!errlen || err[0]);
		scenario_free(s);
		return SCN_EXIT_BAD_INPUT;
	}
	assert(ld.plen == 0);
	*out = s;
	return 0;
}

int scenario_load_string(const char *text, const char *display_name,
			 const struct scenario_names *names,
			 struct scenario **out, char *err, size_t errlen)
{
	assert(text);
	return scenario_load_buffer(text, strlen(text), display_name, names,
				    out, err, errlen);
}

int scenario_load_file(const char *path, const struct scenario_names *names,
		       struct scenario **out, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int error = 0, ret;
	FILE *f;

	assert(path);
	assert(out);
	*out = NULL;
	f = fopen(path, "rb");
	if (!f)
		error = errno;
	while (f) {
		size_t want, got;

		if (len == cap) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
			if (!buf) {
				fputs("itsim: out of memory reading a scenario\n",
				      stderr);
				abort();
			}
		}
		want = cap - len;
		errno = 0;
		got = fread(buf + len, 1, want, f);
		len += got;
		if (got < want) {
			if (ferror(f))
				error = errno ? errno : EIO;
			break;
		}
	}
	if (f)
		fclose(f);
	if (error) {
		if (errlen)
			snprintf(err, errlen, "%s: cannot read: %s", path,
				 strerror(error));
		free(buf);
		return SCN_EXIT_BAD_INPUT;
	}
	ret = scenario_load_buffer(buf, len, path, names, out, err, errlen);
	free(buf);
	return ret;
}

void scenario_free(struct scenario *s)
{
	int i, j;

	if (!s)
		return;
	for (i = 0; i < s->nr_its; i++) {
		struct scn_its *its = &s->its[i];

		for (j = 0; j < its->nr_devices; j++)
			free(its->devices[j].events);
		free(its->name);
		free(its->collections);
		free(its->devices);
		free(its->cached);
	}
	free(s->its);
	for (i = 0; i < s->nr_actors; i++) {
		for (j = 0; j < s->actors[i].nr_ops; j++)
			free(s->actors[i].ops[j].cmds);
		free(s->actors[i].name);
		free(s->actors[i].ops);
	}
	free(s->actors);
	for (i = 0; i < s->nr_locks; i++) {
		free(s->locks[i].lock_class);
		free(s->locks[i].impl);
	}
	free(s->locks);
	for (i = 0; i < s->nr_expect; i++) {
		for (j = 0; j < s->expect[i].nr_kinds; j++)
			free(s->expect[i].kinds[j]);
		free(s->expect[i].kinds);
		free(s->expect[i].variant);
	}
	free(s->expect);
	for (i = 0; i < s->nr_fault_sites; i++)
		free(s->fault_sites[i]);
	free(s->fault_sites);
	free(s->strategy);
	free(s->name);
	free(s->description);
	free(s->text);
	free(s->file);
	free(s);
}

bool scenario_is_timed(const struct scenario *s)
{
	for (int a = 0; a < s->nr_actors; a++)
		for (int i = 0; i < s->actors[a].nr_ops; i++)
			if (s->actors[a].ops[i].at > 0)
				return true;
	return false;
}

/* SPDX-License-Identifier: MIT */
/* Reading and writing trace files with jansson, keys in a fixed order. */
#include <sim/alloc.h>
#include <explore/strategy.h>
#include <explore/trace.h>
#include <explore/write.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "kernel_tree": the tree's version, hash, files and patches. */
static json_t *tree_json(const struct sim_trace_tree *tr)
{
	json_t *o = json_object(), *files = json_object(), *patches = json_array();

	json_object_set_new(o, "version", json_string(tr->version));
	json_object_set_new(o, "hash", json_string(tr->hash));
	for (int i = 0; i < tr->nr_files; i++)
		json_object_set_new(files, tr->files[i].name,
				    json_string(tr->files[i].sha256));
	json_object_set_new(o, "files", files);
	for (int i = 0; i < tr->nr_patches; i++)
		json_array_append_new(patches, json_pack("{s:s, s:s}", "name",
			tr->patches[i].name, "text", tr->patches[i].text));
	json_object_set_new(o, "patches", patches);
	return o;
}

int sim_trace_write(const char *path, const struct sim_trace *t, char *err,
		    size_t errlen)
{
	json_t *root, *locks, *sched, *finding, *scn;
	char *text;
	int rc = 0;

	json_object_seed(1);
	root = json_object();
	json_object_set_new(root, "format", json_string(SIM_TRACE_FORMAT));
	json_object_set_new(root, "version", json_integer(SIM_TRACE_VERSION));
	scn = json_object();
	json_object_set_new(scn, "file", json_string(t->scenario_file));
	json_object_set_new(scn, "sha256", json_string(t->scenario_sha256));
	json_object_set_new(scn, "text", json_string(t->scenario_text));
	json_object_set_new(root, "scenario", scn);
	json_object_set_new(root, "variant", json_string(t->variant));
	if (t->variant_file_text) {
		json_t *vf = json_object();

		json_object_set_new(vf, "sha256", json_string(t->variant_file_sha256));
		json_object_set_new(vf, "text", json_string(t->variant_file_text));
		if (t->variant_file_name)
			json_object_set_new(vf, "name", json_string(t->variant_file_name));
		json_object_set_new(root, "variant_file", vf);
	}
	if (t->tree.version)
		json_object_set_new(root, "kernel_tree", tree_json(&t->tree));
	locks = json_object();
	for (int i = 0; i < t->nr_locks; i++)
		json_object_set_new(locks, t->locks[i].lock,
				    json_string(t->locks[i].impl));
	json_object_set_new(root, "locks", locks);
	json_object_set_new(root, "strategy", json_string(t->strategy));
	json_object_set_new(root, "max_steps", json_integer((json_int_t)t->max_steps));
	if (t->kcsan)
		json_object_set_new(root, "kcsan", json_true());
	sched = json_array();
	for (size_t i = 0; i < t->schedule_len; i++)
		json_array_append_new(sched, json_string(t->schedule[i]));
	json_object_set_new(root, "schedule", sched);
	if (t->nr_faults) {
		json_t *faults = json_array();

		for (int i = 0; i < t->nr_faults; i++)
			json_array_append_new(faults,
					      json_pack("{s:s, s:I, s:I}",
							"actor", t->faults[i].actor,
							"op", (json_int_t)t->faults[i].op,
							"nth", (json_int_t)t->faults[i].nth));
		json_object_set_new(root, "faults", faults);
	}
	finding = json_object();
	json_object_set_new(finding, "kind", json_string(t->kind));
	json_object_set_new(finding, "title", json_string(t->title));
	json_object_set_new(finding, "object", json_string(t->object));
	json_object_set_new(finding, "site", json_string(t->site));
	json_object_set_new(finding, "step", json_integer(t->step));
	json_object_set_new(root, "finding", finding);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		snprintf(err, errlen, "%s: cannot write: out of memory", path);
		rc = -1;
	} else {
		/* A trace ends with a newline, as json_dump_file() wrote it. */
		char *line = sim_xasprintf("%s\n", text);

		rc = sim_write_file(path, line, strlen(line), err, errlen);
		free(line);
		free(text);
	}
	json_decref(root);
	return rc;
}

static char *dup_str(json_t *v)
{
	return strdup(json_string_value(v));
}

/* Fetch a string member; on error, describe it at its JSON path. */
static int get_string(json_t *obj, const char *key, const char *path,
		      const char *file, char **out, char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		snprintf(err, errlen, "%s: at %s%s%s: missing required key", file,
			 path, *path ? "." : "", key);
		return 2;
	}
	if (!json_is_string(v)) {
		snprintf(err, errlen, "%s: at %s%s%s: expected a string", file,
			 path, *path ? "." : "", key);
		return 2;
	}
	*out = dup_str(v);
	return 0;
}

/*
 * Each step below reads one part of a trace into @t and returns 0, or 2
 * with @err describing what is wrong at which JSON path of @path.
 */

/* The document: valid JSON, an object, of our format and version. */
static int read_root(const char *path, json_t **rootp, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *root, *v;

	*rootp = NULL;
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (jerr.line < 0)
			snprintf(err, errlen, "%s: cannot read: %s", path, jerr.text);
		else
			snprintf(err, errlen, "%s:%d:%d: %s", path, jerr.line,
				 jerr.column, jerr.text);
		return 2;
	}
	*rootp = root;
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s: at (top): expected an object", path);
		return 2;
	}
	v = json_object_get(root, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), SIM_TRACE_FORMAT)) {
		snprintf(err, errlen, "%s: at format: not an %s file", path,
			 SIM_TRACE_FORMAT);
		return 2;
	}
	v = json_object_get(root, "version");
	if (!json_is_integer(v) || json_integer_value(v) != SIM_TRACE_VERSION) {
		snprintf(err, errlen, "%s: at version: only version %d is supported",
			 path, SIM_TRACE_VERSION);
		return 2;
	}
	return 0;
}

/* The embedded scenario, the variant, the strategy and max_steps. */
static int read_run(json_t *root, const char *path, struct sim_trace *t,
		    char *err, size_t errlen)
{
	json_t *scn = json_object_get(root, "scenario"), *v;

	if (!json_is_object(scn)) {
		snprintf(err, errlen, "%s: at scenario: expected an object", path);
		return 2;
	}
	if (get_string(scn, "file", "scenario", path, &t->scenario_file, err, errlen) ||
	    get_string(scn, "sha256", "scenario", path, &t->scenario_sha256, err, errlen) ||
	    get_string(scn, "text", "scenario", path, &t->scenario_text, err, errlen) ||
	    get_string(root, "variant", "", path, &t->variant, err, errlen) ||
	    get_string(root, "strategy", "", path, &t->strategy, err, errlen))
		return 2;
	v = json_object_get(root, "max_steps");
	/* As sim run's --max-steps: the engine's log has one slot a step. */
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > SIM_MAX_STEPS_LIMIT) {
		snprintf(err, errlen, "%s: at max_steps: expected an integer from 1 to %d",
			 path, SIM_MAX_STEPS_LIMIT);
		return 2;
	}
	t->max_steps = (uint64_t)json_integer_value(v);
	v = json_object_get(root, "kcsan");
	if (v && !json_is_boolean(v)) {
		snprintf(err, errlen, "%s: at kcsan: expected true or false", path);
		return 2;
	}
	t->kcsan = json_is_true(v);
	return 0;
}

/* The variant's own file, when the trace's variant came from one. */
static int read_variant_file(json_t *root, const char *path, struct sim_trace *t,
			     char *err, size_t errlen)
{
	json_t *v = json_object_get(root, "variant_file");

	if (!v)
		return 0;
	if (!json_is_object(v)) {
		snprintf(err, errlen, "%s: at variant_file: expected an object", path);
		return 2;
	}
	if (get_string(v, "sha256", "variant_file", path, &t->variant_file_sha256, err, errlen) ||
	    get_string(v, "text", "variant_file", path, &t->variant_file_text, err, errlen))
		return 2;
	/* Optional (older traces lack it): a plain C file name. */
	if (!json_object_get(v, "name"))
		return 0;
	if (get_string(v, "name", "variant_file", path, &t->variant_file_name, err, errlen))
		return 2;
	if (!*t->variant_file_name || strlen(t->variant_file_name) > 64 ||
	    strchr(t->variant_file_name, '/') || t->variant_file_name[0] == '.') {
		snprintf(err, errlen, "%s: at variant_file.name: expected a file's base name (no '/', not starting with '.', at most 64 characters)",
			 path);
		return 2;
	}
	return 0;
}

/* The kernel tree the trace's column ran, when it ran one. */
static int read_kernel_tree(json_t *root, const char *path, struct sim_trace *t,
			    char *err, size_t errlen)
{
	json_t *v = json_object_get(root, "kernel_tree"), *files, *patches, *f;
	struct sim_trace_tree *tr = &t->tree;
	const char *key;
	size_t i;

	if (!v)
		return 0;
	files = json_object_get(v, "files");
	patches = json_object_get(v, "patches");
	if (!json_is_object(v) || !json_is_object(files) || !json_is_array(patches)) {
		snprintf(err, errlen, "%s: at kernel_tree: expected an object with "
			 "files and patches", path);
		return 2;
	}
	if (get_string(v, "version", "kernel_tree", path, &tr->version, err, errlen) ||
	    get_string(v, "hash", "kernel_tree", path, &tr->hash, err, errlen))
		return 2;
	tr->files = calloc(json_object_size(files) + 1, sizeof(*tr->files));
	json_object_foreach(files, key, f) {
		if (!json_is_string(f)) {
			snprintf(err, errlen, "%s: at kernel_tree.files.%s: expected "
				 "a sha256", path, key);
			return 2;
		}
		tr->files[tr->nr_files].name = strdup(key);
		tr->files[tr->nr_files++].sha256 = dup_str(f);
	}
	tr->patches = calloc(json_array_size(patches) + 1, sizeof(*tr->patches));
	json_array_foreach(patches, i, f) {
		char at[64];

		snprintf(at, sizeof(at), "kernel_tree.patches[%zu]", i);
		if (get_string(f, "name", at, path, &tr->patches[i].name, err, errlen) ||
		    get_string(f, "text", at, path, &tr->patches[i].text, err, errlen))
			return 2;
		tr->nr_patches = (int)i + 1;
	}
	return 0;
}

/* The lock implementations, lock class to implementation. */
static int read_locks(json_t *root, const char *path, struct sim_trace *t,
		      char *err, size_t errlen)
{
	json_t *locks = json_object_get(root, "locks"), *v;
	const char *key;

	if (!json_is_object(locks)) {
		snprintf(err, errlen, "%s: at locks: expected an object", path);
		return 2;
	}
	t->locks = calloc(json_object_size(locks) + 1, sizeof(*t->locks));
	json_object_foreach(locks, key, v) {
		if (!json_is_string(v)) {
			snprintf(err, errlen, "%s: at locks.%s: expected a string",
				 path, key);
			return 2;
		}
		t->locks[t->nr_locks].lock = strdup(key);
		t->locks[t->nr_locks].impl = dup_str(v);
		t->nr_locks++;
	}
	return 0;
}

/* The schedule: an actor name per step. */
static int read_schedule(json_t *root, const char *path, struct sim_trace *t,
			 char *err, size_t errlen)
{
	json_t *sched = json_object_get(root, "schedule"), *v;

	if (!json_is_array(sched)) {
		snprintf(err, errlen, "%s: at schedule: expected an array", path);
		return 2;
	}
	t->schedule = calloc(json_array_size(sched) + 1, sizeof(*t->schedule));
	for (size_t i = 0; i < json_array_size(sched); i++) {
		v = json_array_get(sched, i);
		if (!json_is_string(v)) {
			snprintf(err, errlen, "%s: at schedule[%zu]: expected an actor name",
				 path, i);
			return 2;
		}
		t->schedule[i] = dup_str(v);
		t->schedule_len = i + 1;
	}
	return 0;
}

/* The failed allocations, optional: [{"actor", "op", "nth"}, ...]. */
static int read_faults(json_t *root, const char *path, struct sim_trace *t,
		       char *err, size_t errlen)
{
	json_t *faults = json_object_get(root, "faults"), *v;
	size_t i;

	if (!faults)
		return 0;
	if (!json_is_array(faults) || json_array_size(faults) > SIM_FAULTS_MAX) {
		snprintf(err, errlen, "%s: at faults: expected an array of at most %d entries",
			 path, SIM_FAULTS_MAX);
		return 2;
	}
	json_array_foreach(faults, i, v) {
		struct sim_fault *f = &t->faults[i];
		json_t *actor = json_object_get(v, "actor");
		json_t *op = json_object_get(v, "op"), *nth = json_object_get(v, "nth");

		if (!json_is_object(v) || !json_is_string(actor) ||
		    !json_string_value(actor)[0] ||
		    strlen(json_string_value(actor)) >= sizeof(f->actor) ||
		    !json_is_integer(op) || json_integer_value(op) < 0 ||
		    json_integer_value(op) > UINT32_MAX ||
		    !json_is_integer(nth) || json_integer_value(nth) < 1 ||
		    json_integer_value(nth) > UINT32_MAX) {
			snprintf(err, errlen, "%s: at faults[%zu]: expected {\"actor\": NAME, \"op\": N >= 0, \"nth\": N >= 1}",
				 path, i);
			return 2;
		}
		snprintf(f->actor, sizeof(f->actor), "%s", json_string_value(actor));
		f->op = (uint32_t)json_integer_value(op);
		f->nth = (uint32_t)json_integer_value(nth);
		if (i && sim_fault_cmp(&t->faults[i - 1], f) >= 0) {
			snprintf(err, errlen, "%s: at faults[%zu]: out of order or repeated (the faults are sorted by actor, op, nth)",
				 path, i);
			return 2;
		}
		t->nr_faults = (int)i + 1;
	}
	return 0;
}

/* The recorded finding: kind, title, object, site and step. */
static int read_finding(json_t *root, const char *path, struct sim_trace *t,
			char *err, size_t errlen)
{
	json_t *finding = json_object_get(root, "finding"), *v;

	if (!json_is_object(finding)) {
		snprintf(err, errlen, "%s: at finding: expected an object", path);
		return 2;
	}
	if (get_string(finding, "kind", "finding", path, &t->kind, err, errlen) ||
	    get_string(finding, "title", "finding", path, &t->title, err, errlen) ||
	    get_string(finding, "object", "finding", path, &t->object, err, errlen) ||
	    get_string(finding, "site", "finding", path, &t->site, err, errlen))
		return 2;
	v = json_object_get(finding, "step");
	t->step = json_is_integer(v) ? (uint32_t)json_integer_value(v) : 0;
	return 0;
}

int sim_trace_read(const char *path, struct sim_trace *t, char *err,
		   size_t errlen)
{
	json_t *root;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = read_root(path, &root, err, errlen);
	if (!rc)
		rc = read_run(root, path, t, err, errlen);
	if (!rc)
		rc = read_variant_file(root, path, t, err, errlen);
	if (!rc)
		rc = read_kernel_tree(root, path, t, err, errlen);
	if (!rc)
		rc = read_locks(root, path, t, err, errlen);
	if (!rc)
		rc = read_schedule(root, path, t, err, errlen);
	if (!rc)
		rc = read_faults(root, path, t, err, errlen);
	if (!rc)
		rc = read_finding(root, path, t, err, errlen);
	json_decref(root);
	if (rc)
		sim_trace_free(t);
	return rc;
}

void sim_trace_free(struct sim_trace *t)
{
	free(t->scenario_file);
	free(t->scenario_text);
	free(t->scenario_sha256);
	free(t->variant);
	free(t->variant_file_text);
	free(t->variant_file_sha256);
	free(t->variant_file_name);
	free(t->tree.version);
	free(t->tree.hash);
	for (int i = 0; i < t->tree.nr_files; i++) {
		free(t->tree.files[i].name);
		free(t->tree.files[i].sha256);
	}
	free(t->tree.files);
	for (int i = 0; i < t->tree.nr_patches; i++) {
		free(t->tree.patches[i].name);
		free(t->tree.patches[i].text);
	}
	free(t->tree.patches);
	free(t->strategy);
	for (int i = 0; i < t->nr_locks; i++) {
		free(t->locks[i].lock);
		free(t->locks[i].impl);
	}
	free(t->locks);
	for (size_t i = 0; i < t->schedule_len; i++)
		free(t->schedule[i]);
	free(t->schedule);
	free(t->kind);
	free(t->title);
	free(t->object);
	free(t->site);
	memset(t, 0, sizeof(*t));
}

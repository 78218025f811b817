// SPDX-License-Identifier: MIT
/*
 * The scenario loader: every case under tests/bad-input fails with exactly
 * its expected message, a scenario using every op and command loads into
 * the expected structs, and SHA-256 matches the FIPS 180-2 examples.
 *
 * Registered in tests/unit/meson.build as:
 *
 *   test('scenario-load',
 *        executable('test_scenario_load', 'test_scenario_load.c',
 *                   scenario_sources,
 *                   include_directories: scenario_inc,
 *                   dependencies: [dependency('jansson'), dependency('cmocka')]),
 *        args: [meson.project_source_root() / 'tests/bad-input'],
 *        env: ['CMOCKA_MESSAGE_OUTPUT=TAP'], protocol: 'tap',
 *        suite: 'unit')
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "names.h"
#include <scenario/scenario.h>
#include <scenario/sha256.h>

#define MIN_BAD_INPUT_CASES 25

/* The real registries, so these cases agree with what sim run says. */
#define names (*scenario_registry_names())

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char *read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	long size;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf && fread(buf, 1, (size_t)size, f) == (size_t)size) {
			buf[size] = '\0';
			if (len)
				*len = (size_t)size;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

/* ---- tests/bad-input: one directory per case ---- */

/*
 * Load @dir/scenario.json from inside @dir, so the message names the file
 * "scenario.json" and the loader's own file reading is what runs.
 */
static void bad_input_case(void **state)
{
	const char *dir = *state;
	char err[1024], path[4096], *expected;
	struct scenario *s = (struct scenario *)&s;	/* must become NULL */
	size_t len = 0;
	int cwd, ret;

	snprintf(path, sizeof(path), "%s/error", dir);
	expected = read_file(path, &len);
	assert_non_null(expected);
	/* One line with its trailing newline, as the README says. */
	assert_true(len > 1);
	assert_int_equal(expected[len - 1], '\n');
	expected[len - 1] = '\0';
	assert_null(strchr(expected, '\n'));

	cwd = open(".", O_RDONLY | O_DIRECTORY);
	assert_true(cwd >= 0);
	assert_int_equal(chdir(dir), 0);
	ret = scenario_load_file("scenario.json", &names, &s, err, sizeof(err));
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);

	assert_int_equal(ret, SCN_EXIT_BAD_INPUT);
	assert_null(s);
	assert_null(strchr(err, '\n'));
	assert_string_equal(err, expected);
	free(expected);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Case directories under @root in name order; NULL-terminated. */
static char **list_cases(const char *root, size_t *count)
{
	char **dirs = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d = opendir(root);

	if (!d) {
		fprintf(stderr, "%s: %s\n", root, strerror(errno));
		exit(1);
	}
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", root, de->d_name);
		if (stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		dirs = realloc(dirs, (n + 2) * sizeof(*dirs));
		dirs[n++] = strdup(path);
	}
	closedir(d);
	if (!dirs)
		dirs = malloc(sizeof(*dirs));
	dirs[n] = NULL;
	qsort(dirs, n, sizeof(*dirs), cmp_names);
	*count = n;
	return dirs;
}

static size_t nr_cases;

static void bad_input_enough_cases(void **state)
{
	(void)state;
	assert_true(nr_cases >= MIN_BAD_INPUT_CASES);
}

/* ---- a valid scenario with every op and command ---- */

static const char every_op[] =
	"{\n"
	"  \"name\": \"every-op\",\n"
	"  \"description\": \"covers every op and command\",\n"
	"  \"vm\": {\n"
	"    \"vcpus\": 3,\n"
	"    \"lpis_enabled\": [true, false, true],\n"
	"    \"its\": [\n"
	"      { \"name\": \"its0\",\n"
	"        \"collections\": [ { \"id\": 0, \"vcpu\": 0 }, { \"id\": 5, \"vcpu\": 2 } ],\n"
	"        \"devices\": [\n"
	"          { \"id\": 1, \"events\": [ { \"event\": 0, \"lpi\": 8192, \"collection\": 0 },\n"
	"                                   { \"event\": 7, \"lpi\": 8192, \"collection\": 5 } ] },\n"
	"          { \"id\": 65535 } ],\n"
	"        \"cached\": [ { \"device\": 1, \"event\": 7 }, { \"device\": 1, \"event\": 0 } ] },\n"
	"      { \"name\": \"its1\", \"enabled\": false }\n"
	"    ]\n"
	"  },\n"
	"  \"actors\": [\n"
	"    { \"name\": \"vcpu0\", \"context\": \"vcpu\", \"vcpu\": 0, \"ops\": [\n"
	"      { \"op\": \"gicr_ctlr\", \"enable_lpis\": false },\n"
	"      { \"op\": \"gicr_ctlr\", \"redist\": 2, \"enable_lpis\": true, \"at\": 5 },\n"
	"      { \"op\": \"gits_ctlr\", \"its\": \"its1\", \"enabled\": true },\n"
	"      { \"op\": \"gits_baser\", \"its\": \"its0\", \"table\": \"collection\", \"valid\": false },\n"
	"      { \"at\": 6, \"valid\": true, \"table\": \"device\", \"its\": \"its1\", \"op\": \"gits_baser\" } ] },\n"
	"    { \"name\": \"vcpu2\", \"context\": \"vcpu\", \"vcpu\": 2, \"ops\": [\n"
	"      { \"op\": \"its_commands\", \"its\": \"its0\", \"at\": 3, \"commands\": [\n"
	"        { \"cmd\": \"MAPD\", \"device\": 3, \"valid\": true },\n"
	"        { \"cmd\": \"MAPC\", \"collection\": 9, \"vcpu\": 1, \"valid\": true },\n"
	"        { \"cmd\": \"MAPTI\", \"device\": 3, \"event\": 4, \"lpi\": 8200, \"collection\": 9 },\n"
	"        { \"cmd\": \"MAPI\", \"device\": 3, \"event\": 8201, \"collection\": 9 },\n"
	"        { \"cmd\": \"DISCARD\", \"device\": 1, \"event\": 0 },\n"
	"        { \"cmd\": \"MOVI\", \"device\": 1, \"event\": 7, \"collection\": 0 },\n"
	"        { \"cmd\": \"MOVALL\", \"from\": 2, \"to\": 1 },\n"
	"        { \"cmd\": \"INV\", \"device\": 1, \"event\": 7 },\n"
	"        { \"cmd\": \"INVALL\", \"collection\": 5 },\n"
	"        { \"cmd\": \"INT\", \"device\": 1, \"event\": 7 },\n"
	"        { \"cmd\": \"CLEAR\", \"device\": 1, \"event\": 7 },\n"
	"        { \"cmd\": \"SYNC\", \"vcpu\": 2 },\n"
	"        { \"cmd\": \"MAPD\", \"device\": 3, \"valid\": false } ] } ] },\n"
	"    { \"name\": \"irq.fd-1\", \"context\": \"irqfd\", \"ops\": [\n"
	"      { \"op\": \"msi\", \"its\": \"its0\", \"device\": 1, \"event\": 7 } ] },\n"
	"    { \"name\": \"vmm\", \"context\": \"vmm\", \"ops\": [\n"
	"      { \"op\": \"msi\", \"its\": \"its1\", \"device\": 65535, \"event\": 65535, \"at\": 10 },\n"
	"      { \"op\": \"destroy_vm\", \"at\": 20 } ] }\n"
	"  ],\n"
	"  \"locks\": { \"its_lock\": \"spin\", \"lpi_xa\": \"noop\", \"kvm_lock\": \"mutex\" },\n"
	"  \"explore\": { \"strategy\": \"dfs\", \"max_executions\": 1000000000000,\n"
	"               \"max_steps\": 10000000, \"seed\": 9223372036854775807 },\n"
	"  \"expect\": { \"v1\": [], \"v0\": [\"premature-free\", \"use-after-free\"] }\n"
	"}\n";

static void assert_cmd(const struct scn_cmd *c, enum scn_cmd_kind kind,
		       uint32_t device, uint32_t event, uint32_t lpi,
		       uint32_t collection, uint32_t vcpu, uint32_t from,
		       uint32_t to, bool valid)
{
	assert_int_equal(c->kind, kind);
	assert_int_equal(c->device, device);
	assert_int_equal(c->event, event);
	assert_int_equal(c->lpi, lpi);
	assert_int_equal(c->collection, collection);
	assert_int_equal(c->vcpu, vcpu);
	assert_int_equal(c->from, from);
	assert_int_equal(c->to, to);
	assert_int_equal(c->valid, valid);
}

static void valid_vm(const struct scenario *s)
{
	const struct scn_its *its = &s->its[0];

	assert_int_equal(s->nr_vcpus, 3);
	assert_true(s->lpis_enabled[0]);
	assert_false(s->lpis_enabled[1]);
	assert_true(s->lpis_enabled[2]);
	assert_false(s->lpis_enabled[3]);
	assert_int_equal(s->nr_its, 2);

	assert_string_equal(its->name, "its0");
	assert_true(its->enabled);
	assert_int_equal(its->nr_collections, 2);
	assert_int_equal(its->collections[0].id, 0);
	assert_int_equal(its->collections[0].vcpu, 0);
	assert_int_equal(its->collections[1].id, 5);
	assert_int_equal(its->collections[1].vcpu, 2);
	assert_int_equal(its->nr_devices, 2);
	assert_int_equal(its->devices[0].id, 1);
	assert_int_equal(its->devices[0].nr_events, 2);
	assert_int_equal(its->devices[0].events[0].event, 0);
	assert_int_equal(its->devices[0].events[0].lpi, 8192);
	assert_int_equal(its->devices[0].events[0].collection, 0);
	assert_int_equal(its->devices[0].events[1].event, 7);
	assert_int_equal(its->devices[0].events[1].lpi, 8192);
	assert_int_equal(its->devices[0].events[1].collection, 5);
	assert_int_equal(its->devices[1].id, 65535);
	assert_int_equal(its->devices[1].nr_events, 0);
	assert_int_equal(its->nr_cached, 2);
	assert_int_equal(its->cached[0].device, 1);
	assert_int_equal(its->cached[0].event, 7);
	assert_int_equal(its->cached[1].device, 1);
	assert_int_equal(its->cached[1].event, 0);

	its = &s->its[1];
	assert_string_equal(its->name, "its1");
	assert_false(its->enabled);
	assert_int_equal(its->nr_collections, 0);
	assert_int_equal(its->nr_devices, 0);
	assert_int_equal(its->nr_cached, 0);
}

static void valid_actors(const struct scenario *s)
{
	const struct scn_actor *a = &s->actors[0];
	const struct scn_op *op;
	const struct scn_cmd *c;

	assert_int_equal(s->nr_actors, 4);
	assert_string_equal(a->name, "vcpu0");
	assert_int_equal(a->context, SCN_CTX_VCPU);
	assert_int_equal(a->vcpu, 0);
	assert_int_equal(a->nr_ops, 5);
	op = &a->ops[0];
	assert_int_equal(op->kind, SCN_OP_GICR_CTLR);
	assert_int_equal(op->at, 0);
	assert_int_equal(op->its, -1);
	assert_int_equal(op->redist, 0);	/* the actor's own vCPU */
	assert_false(op->enable);
	assert_string_equal(op->path, "actors[0].ops[0]");
	op = &a->ops[1];
	assert_int_equal(op->kind, SCN_OP_GICR_CTLR);
	assert_int_equal(op->at, 5);
	assert_int_equal(op->redist, 2);
	assert_true(op->enable);
	op = &a->ops[2];
	assert_int_equal(op->kind, SCN_OP_GITS_CTLR);
	assert_int_equal(op->its, 1);
	assert_true(op->enable);
	op = &a->ops[3];
	assert_int_equal(op->kind, SCN_OP_GITS_BASER);
	assert_int_equal(op->its, 0);
	assert_int_equal(op->table, 1);
	assert_false(op->enable);
	op = &a->ops[4];
	assert_int_equal(op->kind, SCN_OP_GITS_BASER);
	assert_int_equal(op->at, 6);
	assert_int_equal(op->its, 1);
	assert_int_equal(op->table, 0);
	assert_true(op->enable);
	assert_string_equal(op->path, "actors[0].ops[4]");

	a = &s->actors[1];
	assert_string_equal(a->name, "vcpu2");
	assert_int_equal(a->vcpu, 2);
	assert_int_equal(a->nr_ops, 1);
	op = &a->ops[0];
	assert_int_equal(op->kind, SCN_OP_ITS_COMMANDS);
	assert_int_equal(op->at, 3);
	assert_int_equal(op->its, 0);
	assert_int_equal(op->nr_cmds, 13);
	c = op->cmds;
	assert_cmd(&c[0], SCN_CMD_MAPD, 3, 0, 0, 0, 0, 0, 0, true);
	assert_cmd(&c[1], SCN_CMD_MAPC, 0, 0, 0, 9, 1, 0, 0, true);
	assert_cmd(&c[2], SCN_CMD_MAPTI, 3, 4, 8200, 9, 0, 0, 0, false);
	assert_cmd(&c[3], SCN_CMD_MAPI, 3, 8201, 0, 9, 0, 0, 0, false);
	assert_cmd(&c[4], SCN_CMD_DISCARD, 1, 0, 0, 0, 0, 0, 0, false);
	assert_cmd(&c[5], SCN_CMD_MOVI, 1, 7, 0, 0, 0, 0, 0, false);
	assert_cmd(&c[6], SCN_CMD_MOVALL, 0, 0, 0, 0, 0, 2, 1, false);
	assert_cmd(&c[7], SCN_CMD_INV, 1, 7, 0, 0, 0, 0, 0, false);
	assert_cmd(&c[8], SCN_CMD_INVALL, 0, 0, 0, 5, 0, 0, 0, false);
	assert_cmd(&c[9], SCN_CMD_INT, 1, 7, 0, 0, 0, 0, 0, false);
	assert_cmd(&c[10], SCN_CMD_CLEAR, 1, 7, 0, 0, 0, 0, 0, false);
	assert_cmd(&c[11], SCN_CMD_SYNC, 0, 0, 0, 0, 2, 0, 0, false);
	assert_cmd(&c[12], SCN_CMD_MAPD, 3, 0, 0, 0, 0, 0, 0, false);

	a = &s->actors[2];
	assert_string_equal(a->name, "irq.fd-1");
	assert_int_equal(a->context, SCN_CTX_IRQFD);
	assert_int_equal(a->vcpu, -1);
	assert_int_equal(a->ops[0].kind, SCN_OP_MSI);
	assert_int_equal(a->ops[0].its, 0);
	assert_int_equal(a->ops[0].device, 1);
	assert_int_equal(a->ops[0].event, 7);

	a = &s->actors[3];
	assert_string_equal(a->name, "vmm");
	assert_int_equal(a->context, SCN_CTX_VMM);
	assert_int_equal(a->vcpu, -1);
	assert_int_equal(a->nr_ops, 2);
	assert_int_equal(a->ops[0].kind, SCN_OP_MSI);
	assert_int_equal(a->ops[0].its, 1);
	assert_int_equal(a->ops[0].device, 65535);
	assert_int_equal(a->ops[0].event, 65535);
	assert_int_equal(a->ops[0].at, 10);
	assert_int_equal(a->ops[1].kind, SCN_OP_DESTROY_VM);
	assert_int_equal(a->ops[1].its, -1);
	assert_int_equal(a->ops[1].at, 20);
	assert_string_equal(a->ops[1].path, "actors[3].ops[1]");
	assert_true(s->tears_down);
}

static void valid_rest(const struct scenario *s)
{
	assert_int_equal(s->nr_locks, 3);	/* file order */
	assert_string_equal(s->locks[0].lock_class, "its_lock");
	assert_string_equal(s->locks[0].impl, "spin");
	assert_string_equal(s->locks[1].lock_class, "lpi_xa");
	assert_string_equal(s->locks[1].impl, "noop");
	assert_string_equal(s->locks[2].lock_class, "kvm_lock");
	assert_string_equal(s->locks[2].impl, "mutex");

	assert_string_equal(s->strategy, "dfs");
	assert_true(s->has_max_executions);
	assert_true(s->max_executions == 1000000000000ULL);
	assert_true(s->has_max_steps);
	assert_int_equal(s->max_steps, 10000000);
	assert_true(s->has_seed);
	assert_true(s->seed == 9223372036854775807ULL);

	assert_int_equal(s->nr_expect, 2);	/* file order */
	assert_string_equal(s->expect[0].variant, "v1");
	assert_int_equal(s->expect[0].nr_kinds, 0);
	assert_string_equal(s->expect[1].variant, "v0");
	assert_int_equal(s->expect[1].nr_kinds, 2);
	assert_string_equal(s->expect[1].kinds[0], "premature-free");
	assert_string_equal(s->expect[1].kinds[1], "use-after-free");
}

static void valid_every_op(void **state)
{
	struct scenario *s = NULL;
	char err[512] = "untouched", hash[65];
	int ret;

	(void)state;
	ret = scenario_load_string(every_op, "every-op.json", &names, &s, err,
				   sizeof(err));
	if (ret)
		fail_msg("%s", err);
	assert_non_null(s);
	assert_string_equal(s->file, "every-op.json");
	assert_string_equal(s->text, every_op);
	assert_int_equal(s->text_len, strlen(every_op));
	sha256_hex(every_op, strlen(every_op), hash);
	assert_string_equal(s->sha256, hash);
	assert_string_equal(s->name, "every-op");
	assert_string_equal(s->description, "covers every op and command");
	valid_vm(s);
	valid_actors(s);
	valid_rest(s);
	scenario_free(s);
}

/* Defaults: what a minimal file leaves out. */
static void valid_minimal(void **state)
{
	static const char text[] =
		"{\"name\":\"m\",\"vm\":{\"vcpus\":2,\"its\":[{\"name\":\"i\"}]},"
		"\"actors\":[{\"name\":\"a\",\"context\":\"vmm\","
		"\"ops\":[{\"op\":\"msi\",\"its\":\"i\",\"device\":0,\"event\":0}]}]}";
	struct scenario *s = NULL;
	char err[512];

	(void)state;
	if (scenario_load_string(text, "m.json", &names, &s, err, sizeof(err)))
		fail_msg("%s", err);
	assert_null(s->description);
	assert_true(s->lpis_enabled[0]);
	assert_true(s->lpis_enabled[1]);
	assert_false(s->lpis_enabled[2]);
	assert_true(s->its[0].enabled);
	assert_int_equal(s->nr_locks, 0);
	assert_null(s->strategy);
	assert_false(s->has_max_executions);
	assert_false(s->has_max_steps);
	assert_false(s->has_seed);
	assert_int_equal(s->nr_expect, 0);
	assert_false(s->tears_down);
	assert_int_equal(s->actors[0].ops[0].at, 0);
	scenario_free(s);
}

/* The same file, the same structs and hash; the file path as given. */
static void valid_from_file(void **state)
{
	char path[] = "/tmp/itsim-scenario-XXXXXX";
	struct scenario *a = NULL, *b = NULL;
	char err[512];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, every_op, strlen(every_op)),
			 (ssize_t)strlen(every_op));
	close(fd);
	if (scenario_load_file(path, &names, &a, err, sizeof(err)))
		fail_msg("%s", err);
	unlink(path);
	assert_int_equal(scenario_load_string(every_op, "x", &names, &b, err,
					      sizeof(err)), 0);
	assert_string_equal(a->file, path);
	assert_string_equal(a->text, b->text);
	assert_string_equal(a->sha256, b->sha256);
	assert_int_equal(a->nr_actors, b->nr_actors);
	scenario_free(a);
	scenario_free(b);
	scenario_free(NULL);
}

static void cannot_read(void **state)
{
	struct scenario *s = (struct scenario *)&s;
	char err[512];

	(void)state;
	assert_int_equal(scenario_load_file("/nonexistent/scenario.json",
					    &names, &s, err, sizeof(err)),
			 SCN_EXIT_BAD_INPUT);
	assert_null(s);
	assert_string_equal(err, "/nonexistent/scenario.json: cannot read: No such file or directory");
	assert_int_equal(scenario_load_file("/", &names, &s, err, sizeof(err)),
			 SCN_EXIT_BAD_INPUT);
	assert_string_equal(err, "/: cannot read: Is a directory");
}

/* A short buffer truncates the line; no buffer at all is allowed. */
static void error_buffer(void **state)
{
	struct scenario *s;
	char err[8];

	(void)state;
	assert_int_equal(scenario_load_string("[]", "abcdef.json", &names, &s,
					      err, sizeof(err)),
			 SCN_EXIT_BAD_INPUT);
	assert_string_equal(err, "abcdef.");
	assert_int_equal(scenario_load_string("{", "x", &names, &s, NULL, 0),
			 SCN_EXIT_BAD_INPUT);
	assert_null(s);
}

/*
 * A NUL byte is part of the text, not its end: jansson rejects it (its
 * wording, passed through unchanged like every parse error).
 */
static void nul_in_buffer(void **state)
{
	static const char text[] = "{\"name\": \"a\"}\0{}";
	struct scenario *s;
	char err[512];

	(void)state;
	assert_int_equal(scenario_load_buffer(text, sizeof(text) - 1, "nul.json",
					      &names, &s, err, sizeof(err)),
			 SCN_EXIT_BAD_INPUT);
	assert_null(s);
	assert_string_equal(err, "nul.json:1:14: end of file expected near end of file");
}

static void names_of_kinds(void **state)
{
	(void)state;
	assert_string_equal(scn_context_name(SCN_CTX_IRQFD), "irqfd");
	assert_string_equal(scn_op_name(SCN_OP_GICR_CTLR), "gicr_ctlr");
	assert_string_equal(scn_op_name(SCN_OP_DESTROY_VM), "destroy_vm");
	assert_string_equal(scn_cmd_name(SCN_CMD_MAPD), "MAPD");
	assert_string_equal(scn_cmd_name(SCN_CMD_SYNC), "SYNC");
	assert_string_equal(scn_lock_classes[4], "lpi_xa");
	assert_null(scn_lock_classes[5]);
}

/* ---- SHA-256: FIPS 180-2 appendix B and the empty message ---- */

static void sha256_vectors(void **state)
{
	static const char two_block[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char out[65];
	char *million;

	(void)state;
	sha256_hex("", 0, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex(NULL, 0, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex(two_block, strlen(two_block), out);
	assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	million = malloc(1000000);
	assert_non_null(million);
	memset(million, 'a', 1000000);
	sha256_hex(million, 1000000, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* Feeding the million a's in uneven pieces gives the same digest. */
static void sha256_incremental(void **state)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[32];
	char a[127], out[65];
	size_t done = 0, piece = 1;
	int i;

	(void)state;
	memset(a, 'a', sizeof(a));
	sha256_init(&ctx);
	while (done < 1000000) {
		size_t n = piece < 1000000 - done ? piece : 1000000 - done;

		sha256_update(&ctx, a, n);
		done += n;
		piece = piece % sizeof(a) + 1;
	}
	sha256_final(&ctx, digest);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(valid_every_op),
		cmocka_unit_test(valid_minimal),
		cmocka_unit_test(valid_from_file),
		cmocka_unit_test(cannot_read),
		cmocka_unit_test(error_buffer),
		cmocka_unit_test(nul_in_buffer),
		cmocka_unit_test(names_of_kinds),
		cmocka_unit_test(sha256_vectors),
		cmocka_unit_test(sha256_incremental),
		cmocka_unit_test(bad_input_enough_cases),
	};
	const size_t nr_fixed = sizeof(fixed) / sizeof(fixed[0]);
	struct CMUnitTest *tests;
	char **dirs;
	size_t i;
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TESTS/BAD-INPUT-DIR\n", argv[0]);
		return 1;
	}
	/* One group, so TAP output has one plan: fixed tests, then cases. */
	dirs = list_cases(argv[1], &nr_cases);
	tests = calloc(nr_fixed + nr_cases, sizeof(*tests));
	assert(tests);
	memcpy(tests, fixed, sizeof(fixed));
	for (i = 0; i < nr_cases; i++) {
		const char *slash = strrchr(dirs[i], '/');
		struct CMUnitTest *t = &tests[nr_fixed + i];

		t->name = slash ? slash + 1 : dirs[i];
		t->test_func = bad_input_case;
		t->initial_state = dirs[i];
	}
	failed = _cmocka_run_group_tests("scenario-load", tests,
					 nr_fixed + nr_cases, NULL, NULL);
	for (i = 0; i < nr_cases; i++)
		free(dirs[i]);
	free(dirs);
	free(tests);
	return failed ? 1 : 0;
}

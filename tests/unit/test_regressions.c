/* SPDX-License-Identifier: MIT */
/*
 * Regression traces: every trace under tests/regressions/ carries a
 * "regression" object naming the variants on which its finding must still
 * reproduce and those that fix it. Each is replayed through the real
 * command line (sim replay --variant V TRACE): exit 1 means a finding,
 * exit 0 none.
 *
 * argv[1]: the sim binary; argv[2]: the tests/regressions directory.
 */
#include <dirent.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

static const char *sim_bin, *dir;

static int replay(const char *trace, const char *variant)
{
	char cmd[4096];
	int status;

	snprintf(cmd, sizeof(cmd), "'%s' replay --variant '%s' '%s' >/dev/null 2>&1",
		 sim_bin, variant, trace);
	status = system(cmd);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void check_list(json_t *reg, const char *key, const char *trace,
		       int want, int *checked)
{
	json_t *list = json_object_get(reg, key), *v;
	size_t i;

	assert_true(json_is_array(list));
	json_array_foreach(list, i, v) {
		int got;

		assert_true(json_is_string(v));
		got = replay(trace, json_string_value(v));
		if (got != want)
			fail_msg("%s on %s: sim replay exited %d, want %d", trace,
				 json_string_value(v), got, want);
		(*checked)++;
	}
}

static void test_regressions(void **state)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int traces = 0, checked = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d))) {
		char path[4096];
		json_error_t err;
		json_t *root, *reg, *story;
		size_t n = strlen(de->d_name);

		if (n < 6 || strcmp(de->d_name + n - 6, ".trace") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		root = json_load_file(path, 0, &err);
		if (!root)
			fail_msg("%s:%d: %s", path, err.line, err.text);
		reg = json_object_get(root, "regression");
		if (!json_is_object(reg))
			fail_msg("%s: no \"regression\" object", path);
		/* A regression tells its story (STYLE.md point 12). */
		story = json_object_get(reg, "story");
		assert_true(json_is_array(story) && json_array_size(story) >= 3);
		check_list(reg, "must_reproduce", path, 1, &checked);
		check_list(reg, "must_not_reproduce", path, 0, &checked);
		json_decref(root);
		traces++;
	}
	closedir(d);
	assert_true(traces >= 8);
	assert_true(checked >= 2 * traces);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s SIM REGRESSIONS-DIR\n", argv[0]);
		return 2;
	}
	sim_bin = argv[1];
	dir = argv[2];
	return cmocka_run_group_tests(tests, NULL, NULL);
}

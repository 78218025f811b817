/* SPDX-License-Identifier: MIT */
/*
 * Regression traces: every trace under tests/regressions/ carries a
 * "regression" object (tests/regressions/README.md) with its story and the
 * variants on which its finding must still reproduce and those that fix it.
 * Through the real command line:
 *
 * - the story has its required parts, or the test names the file, the
 *   line and the part that is missing;
 * - sim replay --variant V TRACE exits 1 (reproduced) on each variant of
 *   must_reproduce;
 * - on each variant of must_not_reproduce, sim run explores the scenario
 *   embedded in the trace with dpor to the end (bounded by
 *   MAX_EXECUTIONS), and the recorded finding (its kind and site) must not
 *   show in any interleaving: a replay that merely diverges proves nothing;
 * - sim replay TRACE, run in the regressions directory, prints exactly
 *   NAME.report but for its call traces, which are not in the golden
 *   file: their offsets and inlined frames are the compiler's, and differ
 *   between the normal and the sanitizer build (tests/cli/calltrace.sh
 *   checks them). ITSIM_UPDATE_GOLDEN=1 rewrites the .report files
 *   instead.
 *
 * argv[1]: the sim binary; argv[2]: the tests/regressions directory.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

/* Exit statuses of sim replay (sim replay --help). */
#define REPLAY_REPRODUCED 1

/* The shipped regressions' scenarios finish in a few thousand under dpor. */
#define MAX_EXECUTIONS "200000"

#define GOLDEN_ENV "ITSIM_UPDATE_GOLDEN"

static char sim_bin[PATH_MAX];
static const char *dir;
/* Scratch space of the whole run, removed at its end, failed or not. */
static char tmp[] = "/tmp/itsim-regressions-XXXXXX";

/* The .trace files of the regressions directory, sorted. */
static int list_traces(char ***names)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, alphasort), nr = 0;

	assert_true(n >= 0);
	*names = calloc((size_t)n + 1, sizeof(**names));
	for (int i = 0; i < n; i++) {
		size_t len = strlen(ents[i]->d_name);

		if (len > 6 && strcmp(ents[i]->d_name + len - 6, ".trace") == 0)
			(*names)[nr++] = strdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return nr;
}

static void free_names(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The whole of @path (malloc'd, NUL-terminated), or NULL. */
static char *slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
}

/* Run @cmd through the shell; its output in *@out. Return: exit status. */
static int run_capture(const char *cmd, char **out)
{
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int status;

	assert_non_null(p);
	do {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, cap - len, p);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	status = pclose(p);
	assert_true(WIFEXITED(status));
	*out = buf;
	return WEXITSTATUS(status);
}

/* ------------------------------------------------------------------ */
/* The story                                                           */

/* The 1-based line of @pos in @text. */
static int line_at(const char *text, const char *pos)
{
	int line = 1;

	for (const char *c = text; c < pos; c++)
		line += *c == '\n';
	return line;
}

/* The line of the first @needle in @text at or after @from, or @dflt. */
static int line_of(const char *text, const char *from, const char *needle,
		   int dflt)
{
	const char *p = from ? strstr(from, needle) : NULL;

	return p ? line_at(text, p) : dflt;
}

/* The line of a story entry: its first characters, as JSON writes them. */
static int entry_line(const char *text, const char *story, const char *entry,
		      int dflt)
{
	json_t *s = json_string(entry);
	char *enc = json_dumps(s, JSON_ENCODE_ANY);
	int line;

	/* "...: at most 40 encoded characters after the opening quote. */
	if (strlen(enc) > 41)
		enc[41] = '\0';
	line = line_of(text, story, enc, dflt);
	free(enc);
	json_decref(s);
	return line;
}

/*
 * The variant names of a phrase such as "v0", "v0 or v1", "v2, v2-rcu and
 * gate" at @p, up to ';', '.', '(' or the end. Return: how many.
 */
static int parse_variants(const char *p, char names[][64], int max)
{
	int n = 0;

	for (;;) {
		size_t len = 0;

		while (*p == ' ' || *p == ',')
			p++;
		if (!*p || *p == ';' || *p == '.' || *p == '(')
			return n;
		while (p[len] && (isalnum((unsigned char)p[len]) || p[len] == '-' ||
				  p[len] == '_'))
			len++;
		if (len == 0)
			return n;
		if (!((len == 2 && strncmp(p, "or", 2) == 0) ||
		      (len == 3 && strncmp(p, "and", 3) == 0)) && n < max && len < 64) {
			memcpy(names[n], p, len);
			names[n][len] = '\0';
			n++;
		}
		p += len;
	}
}

/* Whether @names holds exactly the strings of the JSON array @list. */
static bool same_variants(char names[][64], int n, json_t *list)
{
	json_t *v;
	size_t i;

	if ((size_t)n != json_array_size(list))
		return false;
	json_array_foreach(list, i, v) {
		bool found = false;

		for (int k = 0; k < n; k++)
			found |= json_is_string(v) && strcmp(names[k], json_string_value(v)) == 0;
		if (!found)
			return false;
	}
	return true;
}

/* A non-empty array of strings. */
static bool variant_list(json_t *list)
{
	json_t *v;
	size_t i;

	if (!json_is_array(list) || json_array_size(list) == 0)
		return false;
	json_array_foreach(list, i, v)
		if (!json_is_string(v) || !*json_string_value(v))
			return false;
	return true;
}

/* Where a story is checked, and where a problem is written. */
struct story_ctx {
	const char *path, *text;
	const char *reg_at, *story_at;	/* in text, or NULL */
	int reg_line, story_line;
	char *msg;
	size_t len;
};

/* Write "PATH:LINE: ..." to the message. Return: -1. */
static int problem(const struct story_ctx *c, int line, const char *fmt, ...)
{
	va_list ap;
	int o = snprintf(c->msg, c->len, "%s:%d: ", c->path, line);

	va_start(ap, fmt);
	vsnprintf(c->msg + o, c->len - (size_t)o, fmt, ap);
	va_end(ap);
	return -1;
}

/* Who, the numbered steps and the fix; the variants line in *@must_line. */
static int check_story_lines(const struct story_ctx *c, json_t *story,
			     const char **must_line)
{
	bool who = false, fixed = false;
	int steps = 0;
	json_t *v;
	size_t i;

	if (!json_is_array(story))
		return problem(c, c->story_line,
			       "regression.story: missing, or not an array of lines");
	json_array_foreach(story, i, v) {
		const char *s = json_string_value(v);
		char *end;
		long k;

		if (!s)
			return problem(c, c->story_line,
				       "regression.story[%zu]: not a string", i);
		who |= strncmp(s, "Who: ", 5) == 0;
		fixed |= strncmp(s, "Fixed by: ", 10) == 0;
		if (strstr(s, "Must reproduce on "))
			*must_line = s;
		if (!isdigit((unsigned char)s[0]))
			continue;
		k = strtol(s, &end, 10);
		if (end[0] != '.' || end[1] != ' ')
			continue;
		if (k != ++steps)
			return problem(c, entry_line(c->text, c->story_at, s, c->story_line),
				       "regression.story: step %ld where step %d belongs",
				       k, steps);
	}
	if (!who)
		return problem(c, c->story_line, "regression.story: no \"Who: \" "
			       "line (who runs which path, under which lock)");
	if (steps < 2)
		return problem(c, c->story_line, "regression.story: %d numbered "
			       "steps (\"1. \", \"2. \", ...), at least 2 wanted", steps);
	if (!fixed)
		return problem(c, c->story_line, "regression.story: no \"Fixed by: \" "
			       "line (what fixed it, or what was done instead)");
	return 0;
}

/* Both lists name variants, the first the trace's own. */
static int check_lists(const struct story_ctx *c, json_t *variant, json_t *must,
		       json_t *must_not)
{
	int must_at = line_of(c->text, c->reg_at, "\"must_reproduce\"", c->reg_line);
	bool listed = false;
	json_t *w;
	size_t i;

	if (!variant_list(must))
		return problem(c, must_at, "regression.must_reproduce: missing, "
			       "empty or not variant names");
	if (!variant_list(must_not))
		return problem(c, line_of(c->text, c->reg_at, "\"must_not_reproduce\"",
					  c->reg_line),
			       "regression.must_not_reproduce: missing, empty or "
			       "not variant names");
	if (!json_is_string(variant))
		return 0;
	json_array_foreach(must, i, w)
		listed |= strcmp(json_string_value(w), json_string_value(variant)) == 0;
	if (!listed)
		return problem(c, must_at, "regression.must_reproduce: does not "
			       "name the trace's own variant %s",
			       json_string_value(variant));
	return 0;
}

/* "Must reproduce on ...; must not on ..." names the lists' variants. */
static int check_must_line(const struct story_ctx *c, const char *must_line,
			   json_t *must, json_t *must_not)
{
	const char *not;
	char names[16][64];
	int line, n;

	if (!must_line)
		return problem(c, c->story_line, "regression.story: no \"Must "
			       "reproduce on ...; must not on ...\" line");
	line = entry_line(c->text, c->story_at, must_line, c->story_line);
	n = parse_variants(strstr(must_line, "Must reproduce on ") + 18, names, 16);
	if (!same_variants(names, n, must))
		return problem(c, line, "regression.story: \"Must reproduce on\" "
			       "does not name the variants of must_reproduce");
	not = strstr(must_line, "; must not on ");
	if (!not)
		return problem(c, line, "regression.story: no \"; must not on ...\" "
			       "after \"Must reproduce on ...\"");
	n = parse_variants(not + 14, names, 16);
	if (!same_variants(names, n, must_not))
		return problem(c, line, "regression.story: \"must not on\" does not "
			       "name the variants of must_not_reproduce");
	return 0;
}

/*
 * Check the regression object of the trace @path against the minimum of
 * tests/regressions/README.md. Return: 0, or -1 with "FILE:LINE: what is
 * missing" in @msg.
 */
static int check_story(const char *path, char *msg, size_t len)
{
	struct story_ctx c = { .path = path, .msg = msg, .len = len };
	char *text = slurp(path, NULL);
	const char *must_line = NULL;
	json_t *root = NULL, *reg, *must, *must_not;
	json_error_t jerr;
	int rc;

	c.text = text;
	if (!text)
		return problem(&c, 1, "cannot read: %s", strerror(errno));
	root = json_loads(text, 0, &jerr);
	c.reg_at = strstr(text, "\"regression\"");
	/* Without it: the last line, where it would be added. */
	c.reg_line = c.reg_at ? line_at(text, c.reg_at) :
		line_at(text, text + strlen(text) - (*text != '\0'));
	c.story_at = c.reg_at ? strstr(c.reg_at, "\"story\"") : NULL;
	c.story_line = c.story_at ? line_at(text, c.story_at) : c.reg_line;
	reg = json_object_get(root, "regression");
	must = json_object_get(reg, "must_reproduce");
	must_not = json_object_get(reg, "must_not_reproduce");
	if (!root)
		rc = problem(&c, jerr.line, "%s", jerr.text);
	else if (!json_is_object(reg))
		rc = problem(&c, c.reg_line, "no \"regression\" object");
	else
		rc = check_story_lines(&c, json_object_get(reg, "story"), &must_line) ||
		     check_lists(&c, json_object_get(root, "variant"), must, must_not) ||
		     check_must_line(&c, must_line, must, must_not) ? -1 : 0;
	json_decref(root);
	free(text);
	return rc;
}

static void test_stories(void **state)
{
	char **names, path[PATH_MAX], msg[1024];
	int n = list_traces(&names), bad = 0;

	(void)state;
	assert_true(n >= 8);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (check_story(path, msg, sizeof(msg))) {
			print_error("%s\n", msg);
			bad++;
		}
	}
	free_names(names, n);
	if (bad)
		fail_msg("%d regression stories lack a required part", bad);
}

/* The story checker itself: each missing part, at its line. */
static void test_story_problems(void **state)
{
	static const char good[] =
		"{\n"
		"  \"variant\": \"v0\",\n"
		"  \"regression\": {\n"
		"    \"story\": [\n"
		"      \"Who: vcpu0 (path R, no lock) and vcpu1 (path C, its_lock).\",\n"
		"      \"1. Both find the entry.\",\n"
		"      \"2. Both put it.\",\n"
		"      \"Fixed by: v1, put what xa_erase() returned.\",\n"
		"      \"Must reproduce on v0; must not on v1 or v2 (the fixes).\"\n"
		"    ],\n"
		"    \"must_reproduce\": [ \"v0\" ],\n"
		"    \"must_not_reproduce\": [ \"v1\", \"v2\" ]\n"
		"  }\n"
		"}\n";
	static const struct {
		const char *from, *to;	/* a change to the good story */
		const char *want;	/* ":LINE: message start" */
	} cases[] = {
		{ NULL, NULL, NULL },
		{ "\"Who: ", "\"We: ", ":4: regression.story: no \"Who: \" line" },
		{ "\"2. Both", "\"3. Both", ":7: regression.story: step 3 where step 2" },
		{ "\"2. Both put it.\",\n", "", ":4: regression.story: 1 numbered steps" },
		{ "Fixed by: ", "Fix: ", ":4: regression.story: no \"Fixed by: \" line" },
		{ "or v2 (the", "(the", ":9: regression.story: \"must not on\" does not" },
		{ "on v0;", "on v2;", ":9: regression.story: \"Must reproduce on\" does not" },
		{ "Must reproduce", "Reproduces", ":4: regression.story: no \"Must reproduce on" },
		{ "\"must_reproduce\": [ \"v0\" ]", "\"must_reproduce\": [ ]",
		  ":11: regression.must_reproduce: missing, empty" },
		{ "\"variant\": \"v0\"", "\"variant\": \"gate\"",
		  ":11: regression.must_reproduce: does not name the trace's own variant gate" },
		{ "\"regression\"", "\"regress\"", ":14: no \"regression\" object" },
	};
	char path[PATH_MAX], msg[1024];

	(void)state;
	snprintf(path, sizeof(path), "%s/story.trace", tmp);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[sizeof(good) + 64], want[PATH_MAX + 256];
		const char *at = cases[i].from ? strstr(good, cases[i].from) : NULL;
		FILE *f = fopen(path, "w");
		int rc;

		assert_non_null(f);
		if (cases[i].from) {
			assert_non_null(at);
			snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - good), good,
				 cases[i].to, at + strlen(cases[i].from));
		} else {
			snprintf(text, sizeof(text), "%s", good);
		}
		fputs(text, f);
		fclose(f);
		rc = check_story(path, msg, sizeof(msg));
		if (!cases[i].want) {
			if (rc)
				fail_msg("a good story is refused: %s", msg);
			continue;
		}
		snprintf(want, sizeof(want), "%s%s", path, cases[i].want);
		if (rc == 0 || strncmp(msg, want, strlen(want)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s...\"", i,
				 rc ? msg : "(no problem)", want);
	}
}

/* ------------------------------------------------------------------ */
/* Must reproduce: the replay shows the recorded finding               */

static json_t *load_trace(const char *name)
{
	char path[PATH_MAX];
	json_error_t err;
	json_t *root;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	root = json_load_file(path, 0, &err);
	if (!root)
		fail_msg("%s:%d: %s", path, err.line, err.text);
	if (!json_is_object(json_object_get(root, "regression")))
		fail_msg("%s: no \"regression\" object", path);
	return root;
}

static json_t *variants(json_t *root, const char *key)
{
	json_t *list = json_object_get(json_object_get(root, "regression"), key);

	assert_true(json_is_array(list));
	return list;
}

static void test_must_reproduce(void **state)
{
	char **names, cmd[3 * PATH_MAX], *out;
	int n = list_traces(&names), checked = 0;

	(void)state;
	for (int i = 0; i < n; i++) {
		json_t *root = load_trace(names[i]), *v;
		size_t k;

		json_array_foreach(variants(root, "must_reproduce"), k, v) {
			int got;

			snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' replay --trust-embedded-code --variant '%s' '%s' 2>&1",
				 dir, sim_bin, json_string_value(v), names[i]);
			got = run_capture(cmd, &out);
			if (got != REPLAY_REPRODUCED) {
				const char *last = out + strlen(out);

				while (last > out && last[-1] == '\n')
					last--;
				while (last > out && last[-1] != '\n')
					last--;
				fail_msg("%s on %s: sim replay exited %d, want %d (reproduced): %s",
					 names[i], json_string_value(v), got,
					 REPLAY_REPRODUCED, last);
			}
			free(out);
			checked++;
		}
		json_decref(root);
	}
	free_names(names, n);
	assert_true(checked >= 8);
}

/* ------------------------------------------------------------------ */
/* Must not reproduce: no interleaving of the scenario shows it        */

/*
 * Explore the scenario embedded in @root under @variant with dpor, to the
 * end. Fail unless the search completed and no finding with the trace's
 * kind and site showed.
 */
static void explore_without(const char *name, json_t *root, const char *variant)
{
	json_t *finding = json_object_get(root, "finding"), *doc, *res, *r, *f;
	const char *text = json_string_value(
		json_object_get(json_object_get(root, "scenario"), "text"));
	char key[256], scn[PATH_MAX], cmd[4 * PATH_MAX], *out;
	json_error_t err;
	size_t i, k;
	bool seen = false;
	FILE *fp;
	int got;

	assert_non_null(text);
	snprintf(key, sizeof(key), "%s@%s",
		 json_string_value(json_object_get(finding, "kind")),
		 json_string_value(json_object_get(finding, "site")));
	snprintf(scn, sizeof(scn), "%s/%s.json", tmp, name);
	fp = fopen(scn, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	snprintf(cmd, sizeof(cmd),
		 "'%s' run --json --jobs 1 --strategy dpor --max-executions %s "
		 "--variant '%s' --trace-dir '%s/traces' '%s' 2>/dev/null",
		 sim_bin, MAX_EXECUTIONS, variant, tmp, scn);
	got = run_capture(cmd, &out);
	if (got != 0 && got != 1)
		fail_msg("%s on %s: sim run exited %d exploring the embedded scenario",
			 name, variant, got);
	doc = json_loads(out, 0, &err);
	if (!doc)
		fail_msg("%s on %s: sim run --json: %s", name, variant, err.text);
	res = json_object_get(doc, "results");
	assert_true(json_is_array(res));
	json_array_foreach(res, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "variant")), variant))
			continue;
		seen = true;
		if (!json_is_true(json_object_get(r, "complete")))
			fail_msg("%s on %s: dpor did not finish within %s executions, "
				 "so the absence of %s proves nothing", name, variant,
				 MAX_EXECUTIONS, key);
		json_array_foreach(json_object_get(r, "findings"), k, f)
			if (strcmp(json_string_value(json_object_get(f, "key")), key) == 0)
				fail_msg("%s on %s: %s still shows, in %lld of %lld "
					 "interleavings", name, variant, key,
					 (long long)json_integer_value(json_object_get(f, "hits")),
					 (long long)json_integer_value(json_object_get(r, "executions")));
	}
	if (!seen)
		fail_msg("%s on %s: sim run reported no result for the variant",
			 name, variant);
	json_decref(doc);
	free(out);
}

static void test_must_not_reproduce(void **state)
{
	char **names;
	int n = list_traces(&names), checked = 0;

	(void)state;
	for (int i = 0; i < n; i++) {
		json_t *root = load_trace(names[i]), *v;
		size_t k;

		json_array_foreach(variants(root, "must_not_reproduce"), k, v) {
			explore_without(names[i], root, json_string_value(v));
			checked++;
		}
		json_decref(root);
	}
	free_names(names, n);
	assert_true(checked >= 8);
}

/* ------------------------------------------------------------------ */
/* Golden reports                                                      */

static bool updating(void)
{
	const char *e = getenv(GOLDEN_ENV);

	return e && *e && strcmp(e, "0") != 0;
}

/*
 * Cut the "Call trace:" blocks out of the report @text, in place: the
 * header line and the frame lines below it, which are indented further.
 */
static void strip_calltraces(char *text)
{
	static const char head[] = "    Call trace:\n";
	char *w = text;
	const char *r = text;

	while (*r) {
		size_t len = strcspn(r, "\n") + (r[strcspn(r, "\n")] == '\n');

		if (strncmp(r, head, sizeof(head) - 1) == 0) {
			r += len;
			while (strncmp(r, "     ", 5) == 0)
				r += strcspn(r, "\n") + (r[strcspn(r, "\n")] == '\n');
			continue;
		}
		memmove(w, r, len);
		w += len;
		r += len;
	}
	*w = '\0';
}

/* Name the first line where @got and @want differ. */
static void report_difference(const char *golden, const char *got,
			      const char *want)
{
	int line = 1;

	while (*got && *got == *want) {
		line += *got == '\n';
		got++;
		want++;
	}
	while (line > 1 && got[-1] != '\n') {
		got--;
		want--;
	}
	print_error("%s:%d: the report differs here\n  golden: %.*s\n  now:    %.*s\n",
		    golden, line, (int)strcspn(want, "\n"), want,
		    (int)strcspn(got, "\n"), got);
}

static void test_golden_reports(void **state)
{
	char **names, cmd[3 * PATH_MAX], golden[PATH_MAX], *out, *want;
	int n = list_traces(&names), bad = 0;
	DIR *d;
	struct dirent *de;

	(void)state;
	for (int i = 0; i < n; i++) {
		size_t stem = strlen(names[i]) - 6;
		int got;

		snprintf(golden, sizeof(golden), "%s/%.*s.report", dir, (int)stem, names[i]);
		/* Relative to the directory: no build-dependent path in the text. */
		snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' replay --trust-embedded-code '%s' 2>&1", dir,
			 sim_bin, names[i]);
		got = run_capture(cmd, &out);
		strip_calltraces(out);
		if (got != REPLAY_REPRODUCED) {
			print_error("%s: sim replay exited %d, want %d (reproduced)\n",
				    names[i], got, REPLAY_REPRODUCED);
			bad++;
		}
		if (updating()) {
			FILE *f = fopen(golden, "w");

			assert_non_null(f);
			fputs(out, f);
			assert_int_equal(fclose(f), 0);
			free(out);
			continue;
		}
		want = slurp(golden, NULL);
		if (!want) {
			print_error("%s: missing (%s=1 writes it)\n", golden, GOLDEN_ENV);
			bad++;
		} else if (strcmp(out, want) != 0) {
			report_difference(golden, out, want);
			bad++;
		}
		free(want);
		free(out);
	}
	/* A golden report without its trace is left over. */
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char trace[PATH_MAX];
		struct stat st;

		if (len < 8 || strcmp(de->d_name + len - 7, ".report") != 0)
			continue;
		snprintf(trace, sizeof(trace), "%s/%.*s.trace", dir, (int)(len - 7),
			 de->d_name);
		if (stat(trace, &st) != 0) {
			print_error("%s/%s: no trace of that name\n", dir, de->d_name);
			bad++;
		}
	}
	closedir(d);
	free_names(names, n);
	if (bad)
		fail_msg("%d golden reports do not match (%s=1 rewrites them)", bad,
			 GOLDEN_ENV);
}

/* The cut leaves every other line, the steps' own included. */
static void test_strip_calltraces(void **state)
{
	char text[] =
		"steps that matter:\n"
		"  this put:\n"
		"  #15   vcpu1        vgic.c:110 __vgic_put_irq   refcount_dec_and_test\n"
		"    Call trace:\n"
		"     __vgic_put_irq (vgic.c:110) [inline]\n"
		"     vgic_put_irq+0x34/0x90 (vgic.c:126)\n"
		"  previous put:\n"
		"  #13   vcpu0        vgic.c:110 __vgic_put_irq   refcount_dec_and_test\n"
		"    Call trace:\n"
		"     vgic_put_irq+0x34/0x90 (vgic.c:126)\n"
		"\n"
		"interleaving (16 steps, 2 actors):\n"
		"    #0    vcpu0        entry.c:303 model_gicr_ctlr_write\n";

	(void)state;
	strip_calltraces(text);
	assert_string_equal(text,
		"steps that matter:\n"
		"  this put:\n"
		"  #15   vcpu1        vgic.c:110 __vgic_put_irq   refcount_dec_and_test\n"
		"  previous put:\n"
		"  #13   vcpu0        vgic.c:110 __vgic_put_irq   refcount_dec_and_test\n"
		"\n"
		"interleaving (16 steps, 2 actors):\n"
		"    #0    vcpu0        entry.c:303 model_gicr_ctlr_write\n");
}

static int make_tmp(void **state)
{
	(void)state;
	return mkdtemp(tmp) ? 0 : -1;
}

static int remove_tmp(void **state)
{
	char cmd[sizeof(tmp) + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_story_problems),
		cmocka_unit_test(test_strip_calltraces),
		cmocka_unit_test(test_stories),
		cmocka_unit_test(test_must_reproduce),
		cmocka_unit_test(test_must_not_reproduce),
		cmocka_unit_test(test_golden_reports),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: %s SIM REGRESSIONS-DIR\n", argv[0]);
		return 2;
	}
	if (!realpath(argv[1], sim_bin)) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	dir = argv[2];
	return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}

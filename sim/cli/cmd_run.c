/* SPDX-License-Identifier: MIT */
/*
 * sim run: explore scenarios under their variants, print a report per
 * distinct finding and a summary row per scenario x variant, write a trace
 * per finding, and compare the outcome with the scenario's expectations.
 */
#include "cli.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stddef.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include <explore/trace.h>
#include <model/model.h>
#include <tree/tree.h>
#include <sim/alloc.h>

#include "ci_formats.h"
#include "summary.h"
#include "term.h"
#include "trees.h"
#include "variant_file.h"

static const char run_usage[] =
	"usage: sim run [options] SCENARIO.json...\n"
	"\n"
	"Explore every scenario under each variant its \"expect\" names (or\n"
	"--variant), report each distinct finding with its interleaving, write\n"
	"a trace per finding and print a summary table.\n"
	"\n"
	"options:\n"
	"  --variant V       run variant V; 'all' for every variant, or a\n"
	"                    comma-separated list (default: the keys of \"expect\")\n"
	"  --variant-file F.c  compile F.c (your version of the cache functions,\n"
	"                    see sim variant new) and run it too; repeatable\n"
	"  --kernel-tree [NAME=]SRC  also run the kernel's own vgic code: SRC is\n"
	"                    a kernel tree or its tarball (Debian's\n"
	"                    /usr/src/linux-source-6.12.tar.xz), compiled against\n"
	"                    the shims once and cached; a column named NAME, by\n"
	"                    default linux-VERSION; repeatable\n"
	"  --patch P         apply P (a unified diff, git format-patch output or\n"
	"                    an mbox, -p1) to the last --kernel-tree first;\n"
	"                    repeatable, in order; each adds +P to the default name\n"
	"  --kcsan           build the code compiled at run time (--variant-file,\n"
	"                    --kernel-tree) for KCSAN instead of KASAN: plain\n"
	"                    accesses are still judged for use after free, and\n"
	"                    two conflicting ones that happens-before does not\n"
	"                    order are a data-race finding (the built-in model is\n"
	"                    not instrumented); see docs/findings.md\n"
	"  --expect-like [COLUMN=]BASE  judge a variant the scenario's \"expect\"\n"
	"                    does not name (COLUMN, or every such variant) as the\n"
	"                    scenario judges BASE; without it such a variant is\n"
	"                    expected clean: a patch must not add a finding\n"
	"  --strategy S      dpor (one execution per class of equivalent\n"
	"                    interleavings; the default unless the scenario says),\n"
	"                    sleepset, dfs (every interleaving), bounded (fewest\n"
	"                    preemptions first), random or pct (seeded samples);\n"
	"                    see sim list and docs/strategies.md\n"
	"  --jobs N          explore with N workers (default: the number of CPUs);\n"
	"                    dfs, sleepset, dpor and bounded split the search into\n"
	"                    the same units whatever N is, so N changes nothing\n"
	"                    but the time\n"
	"  --shard I/N       explore only the I-th of N parts of those units\n"
	"                    (I from 1); combine the --json outputs of all N\n"
	"                    with sim merge\n"
	"  --max-executions N  stop after N executions (default: the scenario's,\n"
	"                    or " SIM_STR(SIM_DEFAULT_MAX_EXECUTIONS) "); the row then says \"truncated\"\n"
	"  --executions N    the same as --max-executions (random, pct)\n"
	"  --seed N          seed of random and pct (default: the scenario's, or 0)\n"
	"  --preemption-bound N  bounded: the last bound tried (default: the\n"
	"                    scenario's, or " SIM_STR(SIM_DEFAULT_PREEMPTION_BOUND) ")\n"
	"  --depth D         pct: the bug depth d (default: the scenario's, or "
	SIM_STR(SIM_DEFAULT_DEPTH) ")\n"
	"  --max-steps N     steps per execution before it is a livelock\n"
	"                    (default: the scenario's, or " SIM_STR(SIM_DEFAULT_MAX_STEPS) ")\n"
	"  --show N          print the N-th complete execution's interleaving,\n"
	"                    clean or not (the search then runs as one, unsplit)\n"
	"  --faults K        fault injection: also explore every execution in\n"
	"                    which up to K allocations (kzalloc and friends, an\n"
	"                    xarray store that needs a node) fail, as failslab's\n"
	"                    fail-nth makes them (default: the scenario's, or 0;\n"
	"                    at most " SIM_STR(SIM_FAULTS_MAX) "): after the fault-free search, one\n"
	"                    search per fault plan, each with --max-executions;\n"
	"                    not with --shard; see docs/strategies.md\n"
	"  --fault-site FUNC  only allocations made directly by FUNC may fail;\n"
	"                    repeatable (default: the scenario's, or any)\n"
	"  --coverage        after each row, print what the search reached: each\n"
	"                    operation's outcome and ITS command's result (the\n"
	"                    model's), what xarray lookups and trylocks found, the\n"
	"                    sites where puts, frees and locks were checked, the\n"
	"                    lock pairs taken, the allocation sites and whether a\n"
	"                    failure was injected at each; warn when the actors\n"
	"                    never raced or no translation-cache entry was reached\n"
	"  --hang-seconds N  an actor that runs N s of CPU time without a visible\n"
	"                    operation ends its execution with a \"hang\" finding\n"
	"                    (default " SIM_STR(SIM_DEFAULT_HANG_SECONDS) "; 0: no limit)\n"
	"  --trace-dir D     where traces are written (default: traces)\n"
	"  --svg-dir D       also draw each finding's interleaving as D/NAME.svg\n"
	"  --json            print one JSON document instead of the reports\n"
	"  --format F        text (the default), json (as --json) or ktap: KTAP\n"
	"                    version 1, one test per scenario x variant, as\n"
	"                    kselftest and KUnit print it\n"
	"  --junit FILE      also write the summary as JUnit XML to FILE\n"
	"  -q, --quiet       print only the summary table\n"
	"  -v, --verbose     print the report of every finding; by default a row\n"
	"                    that met the scenario's expectation gets one line per\n"
	"                    finding (and its trace), one that did not every report\n"
	"  -h, --help        this text\n"
	"\n"
	"On a terminal, a progress line is drawn on stderr (not with -q or\n"
	"--json). Ctrl-C stops at the next execution boundary and prints the\n"
	"summary of what was covered, the search marked \"interrupted\".\n"
	"\n"
	"exit status: 0 every scenario x variant met its expectation, 1 one did\n"
	"not (or the run was interrupted), 2 bad usage or bad input.\n";

struct run_opts {
	const char *variant;
	int file_variants[MODEL_BUILTIN_MAX_REGISTERED];	/* --variant-file */
	int nr_file_variants;
	/* ... their paths, compiled once every option is known (--kcsan). */
	const char *file_paths[MODEL_BUILTIN_MAX_REGISTERED];
	int nr_file_paths;
	bool kcsan;		/* --kcsan */
	const char *strategy;
	uint64_t max_executions, max_steps, seed, bound, depth, hang_seconds, show,
		 faults;
	bool has_max_executions, has_max_steps, has_seed, has_bound, has_depth,
	     has_hang_seconds, has_show, has_faults;
	const char *fault_sites[SIM_FAULT_SITES_MAX];	/* --fault-site */
	int nr_fault_sites;

	unsigned jobs, shard, shards;
	const char *trace_dir;
	const char *svg_dir;
	/*
	 * json, ktap: the summary in that form on stdout and nothing else
	 * there (machine is either); junit: also written to that file.
	 */
	bool json, ktap, machine, quiet;
	bool verbose;		/* every report, also of rows that met their expectation */
	bool coverage;		/* --coverage */
	const char *junit;
	/* --expect-like [COLUMN=]BASE: how columns expect does not name are judged. */
	struct expect_like {
		char column[MODEL_VARIANT_NAME_MAX + 1];	/* "": every such column */
		char base[MODEL_VARIANT_NAME_MAX + 1];
	} like[MODEL_MAX_VARIANTS];
	int nr_like;
};

/* The rows of the summary, one per scenario x variant run. */
struct rows {
	struct summary_row *r;
	size_t n;
};

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0)
		return false;
	*out = v;
	return true;
}

static bool parse_u64_zero(const char *s, uint64_t *out)
{
	if (s && strcmp(s, "0") == 0) {
		*out = 0;
		return true;
	}
	return parse_u64(s, out);
}

/* Which variants to run for @scn: fills @ids, returns their number or -1. */
static int add_variant(int *ids, int n, int id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return n;
	ids[n] = id;
	return n + 1;
}

static int pick_variants(const struct scenario *scn, const struct run_opts *o,
			 const struct model_ops *model, int *ids)
{
	const char *opt = o->variant;
	int n = 0;

	/* A variant from a file runs in every scenario, after the others. */
	if (!opt && (scn->nr_expect || o->nr_file_variants || cli_tree_count())) {
		for (int i = 0; i < scn->nr_expect; i++)
			n = add_variant(ids, n, model->variant_lookup(scn->expect[i].variant));
		for (int i = 0; i < o->nr_file_variants; i++)
			n = add_variant(ids, n, o->file_variants[i]);
		return n;
	}
	if (!opt) {
		fprintf(stderr,
			"%s: no variant to run: the scenario has no \"expect\"; use --variant\n",
			scn->file);
		return -1;
	}
	if (strcmp(opt, "all") == 0) {
		for (int i = 0; i < model->variant_count(); i++)
			n = add_variant(ids, n, i);
		return n;
	}
	for (const char *p = opt; *p;) {
		size_t len = strcspn(p, ",");
		char name[MODEL_VARIANT_NAME_MAX + 1];

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		if (model->variant_lookup(name) < 0) {
			fprintf(stderr, "sim run: unknown variant \"%s\" (see sim list)\n",
				name);
			return -1;
		}
		n = add_variant(ids, n, model->variant_lookup(name));
		p += len;
		if (*p == ',')
			p++;
	}
	for (int i = 0; i < o->nr_file_variants; i++)
		n = add_variant(ids, n, o->file_variants[i]);
	return n;
}

static const struct scn_expect *named_expect(const struct scenario *scn,
					   const char *variant)
{
	for (int i = 0; i < scn->nr_expect; i++)
		if (strcmp(scn->expect[i].variant, variant) == 0)
			return &scn->expect[i];
	return NULL;
}

/*
 * What @job's column is judged against: the scenario's expectation where
 * it names the column; else, for a column --expect-like maps to BASE,
 * what the scenario expects of BASE; else clean, because a patch under
 * test must not introduce a finding. @why says which, for the report.
 * Return: the expectation, or NULL for clean.
 */
static const struct scn_expect *find_expect(const struct cli_job *job,
					    const struct run_opts *o,
					    char *why, size_t len)
{
	const char *name = cli_variant_name(job);
	const struct scn_expect *e = named_expect(job->scn, name);
	const struct expect_like *like = NULL;

	why[0] = '\0';
	if (e)
		return e;
	/* A --expect-like for this column wins over one for every column. */
	for (int i = 0; i < o->nr_like; i++)
		if (strcmp(o->like[i].column, name) == 0 ||
		    (!o->like[i].column[0] && !like))
			like = &o->like[i];
	if (like) {
		snprintf(why, len, "judged as the scenario judges %s (--expect-like)",
			 like->base);
		return named_expect(job->scn, like->base);
	}
	snprintf(why, len, "the scenario does not name %s: expected clean",
		 name);
	return NULL;
}

/*
 * The settings of one exploration: the command line's, else the
 * scenario's, else the defaults (<explore/driver.h>).
 */
static void make_job(const struct scenario *scn, const struct run_opts *o,
		     int variant, struct cli_job *job)
{
	const char *strategy = o->strategy ? o->strategy :
			       scn->strategy ? scn->strategy : SIM_DEFAULT_STRATEGY;

	memset(job, 0, sizeof(*job));
	job->scn = scn;
	job->model = &model_builtin;
	job->variant = variant;
	/* Both names were checked: by the option parser and the loader. */
	job->strategy = sim_strategy_lookup(strategy);
	assert(job->strategy);
	job->max_executions = o->has_max_executions ? o->max_executions :
			      scn->has_max_executions ? scn->max_executions :
			      SIM_DEFAULT_MAX_EXECUTIONS;
	job->show = o->has_show ? o->show : 0;
	job->hang_ms = (uint32_t)((o->has_hang_seconds ? o->hang_seconds :
				   SIM_DEFAULT_HANG_SECONDS) * 1000);
	job->params.max_steps = o->has_max_steps ? o->max_steps :
				scn->has_max_steps ? scn->max_steps :
				SIM_DEFAULT_MAX_STEPS;
	job->params.seed = o->has_seed ? o->seed : scn->has_seed ? scn->seed : 0;
	job->params.preemption_bound = o->has_bound ? (int)o->bound :
				       scn->has_preemption_bound ?
				       scn->preemption_bound :
				       SIM_DEFAULT_PREEMPTION_BOUND;
	job->params.depth = o->has_depth ? (int)o->depth :
			    scn->has_depth ? scn->depth : SIM_DEFAULT_DEPTH;
	job->params.timed = scenario_is_timed(scn);
	job->coverage = o->coverage;
	job->kcsan = o->kcsan;
	job->faults = (int)(o->has_faults ? o->faults :
			    scn->has_faults ? (uint64_t)scn->faults : 0);
	if (o->nr_fault_sites) {
		job->fault_funcs = o->fault_sites;
		job->nr_fault_funcs = o->nr_fault_sites;
	} else if (scn->nr_fault_sites) {
		job->fault_funcs = (const char *const *)scn->fault_sites;
		job->nr_fault_funcs = scn->nr_fault_sites;
	}
	job->progress = !o->quiet && !o->machine;
	job->svg = o->svg_dir != NULL;
	job->jobs = o->jobs;
	job->shard = o->shard;
	job->shards = o->shards;
}

/*
 * The paths this run wrote: a second finding that would get the same name
 * (two scenario files with one name, say) gets a number instead of
 * overwriting the first.
 */
static char **written;
static size_t nr_written;

static bool was_written(const char *path)
{
	for (size_t i = 0; i < nr_written; i++)
		if (strcmp(written[i], path) == 0)
			return true;
	return false;
}

/*
 * DIR/SCENARIO.VARIANT[.STRATEGY[-sSEED]].KIND.FUNC-LINE[.N].trace: the
 * default strategy (dpor) is left out of the name, another one is in it
 * (with its seed where it has one), so a random run never overwrites a
 * dpor run's traces. Return: the path (malloc'd).
 */
static char *trace_path(const struct cli_job *job, const struct sim_found *fd,
			const char *dir)
{
	const char *strategy = job->strategy->name;
	char *tag, *base, *path;

	if (!strcmp(strategy, SIM_DEFAULT_STRATEGY))
		tag = sim_xstrdup("");
	else if (!strcmp(strategy, "random") || !strcmp(strategy, "pct"))
		tag = sim_xasprintf(".%s-s%llu", strategy,
				    (unsigned long long)job->params.seed);
	else
		tag = sim_xasprintf(".%s", strategy);
	base = sim_xasprintf("%s/%s.%s%s.%s.%s-%d", dir, job->scn->name,
			     cli_variant_name(job), tag,
			     sim_finding_kind_name(fd->finding.kind),
			     fd->finding.site ? sim_site_func(fd->finding.site) : "none",
			     fd->finding.site ? fd->finding.site->line : 0);
	path = sim_xasprintf("%s.trace", base);
	for (int n = 2; was_written(path); n++) {
		free(path);
		path = sim_xasprintf("%s.%d.trace", base, n);
	}
	written = sim_xreallocarray(written, nr_written + 1, sizeof(*written));
	written[nr_written++] = sim_xstrdup(path);
	free(base);
	free(tag);
	return path;
}

static int write_trace(const struct cli_job *job, const struct sim_found *fd,
		       const char *path)
{
	const struct scenario *scn = job->scn;
	struct sim_trace t = { 0 };
	struct sim_trace_lock locks[SCN_MAX_LOCKS];
	char site[128], err[PATH_MAX + 256];

	snprintf(site, sizeof(site), "%s:%d",
		 fd->finding.site ? sim_site_func(fd->finding.site) : "-",
		 fd->finding.site ? fd->finding.site->line : 0);
	for (int i = 0; i < scn->nr_locks; i++) {
		locks[i].lock = scn->locks[i].lock_class;
		locks[i].impl = scn->locks[i].impl;
	}
	t.scenario_file = scn->file;
	t.scenario_text = scn->text;
	t.scenario_sha256 = (char *)scn->sha256;
	t.variant = (char *)cli_variant_name(job);
	t.strategy = (char *)job->strategy->name;
	t.max_steps = job->params.max_steps;
	t.kcsan = job->kcsan;
	if (job->tree)
		t.tree = job->tree->info;
	t.locks = locks;
	t.nr_locks = scn->nr_locks;
	t.schedule = fd->schedule;
	t.schedule_len = fd->schedule_len;
	memcpy(t.faults, fd->faults, sizeof(t.faults));
	t.nr_faults = fd->nr_faults;
	{
		const char *text, *sha, *file;

		if (cli_variant_file_source(t.variant, &text, &sha, &file)) {
			t.variant_file_text = (char *)text;
			t.variant_file_sha256 = (char *)sha;
			t.variant_file_name = (char *)file;
		}
	}
	t.kind = (char *)sim_finding_kind_name(fd->finding.kind);
	t.title = (char *)fd->finding.title;
	t.object = (char *)fd->finding.object;
	t.site = site;
	t.step = fd->finding.step;
	if (sim_trace_write(path, &t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

/* mkdir -p: create @dir and any missing parent. Return: 0 or -1 (errno). */
static int make_dirs(const char *dir)
{
	char path[1024];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		path[i] = i < n ? '/' : '\0';
	}
	return 0;
}

/*
 * An output directory, made and proved writable before any search runs:
 * a typo in --trace-dir is not found out after an hour of exploration.
 * Return: 0, or CLI_EXIT_BAD_INPUT with a message.
 */
static int check_out_dir(const char *opt, const char *dir)
{
	char *probe;
	int fd;

	if (make_dirs(dir)) {
		fprintf(stderr, "%s %s: cannot create: %s\n", opt, dir,
			strerror(errno));
		return CLI_EXIT_BAD_INPUT;
	}
	probe = sim_xasprintf("%s/.itsim-probe-XXXXXX", dir);
	fd = mkstemp(probe);
	if (fd < 0) {
		fprintf(stderr, "%s %s: cannot write there: %s\n", opt, dir,
			strerror(errno));
		free(probe);
		return CLI_EXIT_BAD_INPUT;
	}
	close(fd);
	unlink(probe);
	free(probe);
	return 0;
}

/* DIR/NAME.svg beside the trace DIR2/NAME.trace. */
static int write_svg(const char *dir, const char *trace_path, const char *svg)
{
	const char *base = strrchr(trace_path, '/');
	char *path;
	size_t n;
	int rc;

	base = base ? base + 1 : trace_path;
	n = strlen(base) - strlen(".trace");
	path = sim_xasprintf("%s/%.*s.svg", dir, (int)n, base);
	rc = cli_write_file(path, svg);
	free(path);
	return rc;
}

/*
 * A new summary row for @job, its identity and expectation filled in;
 * @why as find_expect() gives it.
 */
static struct summary_row *new_row(struct rows *rows, const struct cli_job *job,
				   const struct run_opts *o, char *why,
				   size_t len)
{
	const struct scn_expect *e = find_expect(job, o, why, len);
	struct summary_row *r;

	rows->r = sim_xreallocarray(rows->r, rows->n + 1, sizeof(*rows->r));
	r = &rows->r[rows->n++];
	memset(r, 0, sizeof(*r));
	r->scenario = sim_xstrdup(job->scn->name);
	r->file = sim_xstrdup(job->scn->file);
	r->sha256 = sim_xstrdup(job->scn->sha256);
	r->variant = sim_xstrdup(cli_variant_name(job));
	r->strategy = sim_xstrdup(job->strategy->name);
	r->judged = true;
	if (e) {
		r->nr_expected = (size_t)e->nr_kinds;
		r->expected = sim_xcalloc(r->nr_expected, sizeof(*r->expected));
		for (size_t k = 0; k < r->nr_expected; k++)
			r->expected[k] = sim_xstrdup(e->kinds[k]);
	}
	r->shard = job->shard + 1;
	r->shards = job->shards ? job->shards : 1;
	return r;
}

/* The counts and how the search ended, from the driver's result. */
static void fill_row(struct summary_row *r, const struct cli_job *job,
		     const struct sim_job_result *out)
{
	r->executions = out->res.executions;
	r->abandoned = out->res.abandoned;
	r->repeated = out->res.repeated;
	r->steps = out->res.steps;
	r->complete = out->res.complete;
	r->units = out->units;
	r->seconds = out->seconds;
	r->note = out->note ? sim_xstrdup(out->note) : NULL;
	sim_strategy_end_label(job->strategy, &job->params, out->res.interrupted,
			       out->res.finished, out->res.complete, r->search,
			       sizeof(r->search));
}

static void print_report(const struct cli_job *job, const struct sim_found *fd,
			 const char *path)
{
	/* The command that replays it; code the trace embeds (a variant
	 * file, a tree's patches) is the user's own here, so trusted. */
	const char *text, *sha, *file;
	bool embeds = (job->tree && job->tree->nr_patches) ||
		      cli_variant_file_source(cli_variant_name(job), &text, &sha,
					      &file);

	printf("%s", fd->report);
	if (fd->label >= 0 && job->strategy->label_name)
		printf("found at %s %d\n", job->strategy->label_name, fd->label);
	if (fd->preemptions >= 0)
		printf("shrunk to %zu steps with %d preemption%s\n",
		       fd->schedule_len, fd->preemptions,
		       fd->preemptions == 1 ? "" : "s");
	printf("replay: sim replay %s%s%s%s%s\n\n",
	       embeds ? "--trust-embedded-code " : "",
	       job->tree ? "--kernel-tree " : "", job->tree ? job->tree->src : "",
	       job->tree ? " " : "", path);
}

/*
 * Each distinct finding: its trace (and picture) written, its summary
 * added to @r. Return: 0, or CLI_EXIT_BAD_INPUT.
 */
static int keep_findings(const struct cli_job *job, const struct run_opts *o,
			 const struct sim_explore_result *res,
			 struct summary_row *r)
{
	for (int i = 0; i < res->nr_found; i++) {
		const struct sim_found *fd = &res->found[i];
		char *path = trace_path(job, fd, o->trace_dir);
		struct summary_finding sf;

		if (write_trace(job, fd, path) ||
		    (o->svg_dir && write_svg(o->svg_dir, path, fd->svg))) {
			free(path);
			return CLI_EXIT_BAD_INPUT;
		}
		sf = (struct summary_finding){
			.kind = (char *)sim_finding_kind_name(fd->finding.kind),
			.key = (char *)fd->key, .title = (char *)fd->finding.title,
			.trace = path, .steps = fd->schedule_len, .hits = fd->hits,
			.label = fd->label,
		};
		summary_row_add_finding(r, &sf);
		free(path);
	}
	return 0;
}

/* "found KEY: TITLE", then its trace, wrapped on a narrow terminal. */
static void print_found_line(const struct sim_found *fd, const char *path)
{
	char *text = sim_xasprintf("found %s: %s\n  trace %s\n", fd->key,
				   fd->finding.title, path);

	term_wrap(stdout, text, term_width(stdout));
	free(text);
}

/*
 * The findings of a judged row: every report when the row did not meet
 * its expectation (or with -v); else one line each, with its trace.
 */
static void print_findings(const struct cli_job *job, const struct run_opts *o,
			   const struct sim_explore_result *res,
			   const struct summary_row *r)
{
	for (int i = 0; i < res->nr_found; i++) {
		const struct sim_found *fd = &res->found[i];
		const char *path = "?";

		for (size_t k = 0; k < r->nr_findings; k++)
			if (!strcmp(r->findings[k].key, fd->key))
				path = r->findings[k].trace;
		if (o->verbose || !r->matched)
			print_report(job, fd, path);
		else
			print_found_line(fd, path);
	}
}

/* "a under v0: premature-free after 412454 executions (exhaustive)" */
static void print_row_line(const struct cli_job *job,
			   const struct summary_row *r,
			   const struct sim_job_result *out, const char *why)
{
	const struct sim_explore_result *res = &out->res;
	char *text = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&text, &size);

	if (!m)
		abort();

	fprintf(m, "%s under %s: %s after %llu execution%s", r->scenario, r->variant,
	       r->outcome, (unsigned long long)r->executions,
	       r->executions == 1 ? "" : "s");
	if (res->abandoned)
		fprintf(m, " and %llu redundant one%s cut short",
		       (unsigned long long)res->abandoned,
		       res->abandoned == 1 ? "" : "s");
	if (res->repeated)
		fprintf(m, ", %llu %s", (unsigned long long)res->repeated,
		       job->strategy->repeated_name ? job->strategy->repeated_name :
		       "not counted again");
	if (job->faults)
		fprintf(m, ", %llu of them with failed allocations (%zu fault plan%s of up to %d;"
		       " %llu run%s that missed the plan's failure not counted)",
		       (unsigned long long)out->fault_executions, out->plans,
		       out->plans == 1 ? "" : "s", job->faults,
		       (unsigned long long)res->uninjected,
		       res->uninjected == 1 ? "" : "s");
	fprintf(m, " (%s)\n", r->complete ? "exhaustive" :
	       strcmp(r->search, "truncated") == 0 ?
	       "truncated: --max-executions reached" : r->search);
	if (why[0])
		fprintf(m, "%s%s\n", why, r->matched ? "" : ": NOT MET");
	fclose(m);
	/* On a narrow terminal, broken at spaces rather than by it. */
	term_wrap(stdout, text, term_width(stdout));
	free(text);
	printf("\n");
}

static int site_cmp(const void *a, const void *b)
{
	const struct sim_alloc_site *x = a, *y = b;
	int c = strcmp(sim_site_file(x->site), sim_site_file(y->site));

	if (c)
		return c;
	if (x->site->line != y->site->line)
		return x->site->line < y->site->line ? -1 : 1;
	return strcmp(x->what, y->what);
}

static int cover_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sim_cover_item *)a)->what,
		      ((const struct sim_cover_item *)b)->what);
}

static int edge_cmp(const void *a, const void *b)
{
	const struct sim_lock_edge *x = a, *y = b;
	int c = strcmp(x->from, y->from);

	return c ? c : strcmp(x->to, y->to);
}

/* Whether a translation cache's xarray was reached but never held an entry. */
static bool cache_never_held(const struct sim_explore_result *res)
{
	bool seen = false;

	for (size_t i = 0; i < res->nr_cover; i++) {
		const char *w = res->cover[i].what;

		if (!strstr(w, "translation_cache)"))
			continue;
		seen = true;
		if (!strstr(w, ": found none") && !strstr(w, ": stored nothing"))
			return false;
	}
	return seen;
}

/*
 * --coverage: what the search reached, so a clean row can be told from a
 * vacuous one: each operation's outcome and each ITS command's result,
 * what the xarrays and trylocks found, the lock pairs taken, the
 * allocation sites and whether a failure was injected at each; and a
 * warning for a search that could not have found a race.
 */
static void print_coverage(const struct cli_job *job,
			   const struct sim_job_result *out)
{
	const struct sim_explore_result *res = &out->res;
	struct sim_cover_item *items;
	struct sim_alloc_site *sites;
	struct sim_lock_edge *pairs;
	char where[SIM_WHERE_MAX];
	size_t n = 0;

	printf("coverage of %s under %s (executions that reached each):\n",
	       job->scn->name, cli_variant_name(job));
	items = sim_xcalloc(res->nr_cover + 1, sizeof(*items));
	if (res->nr_cover)
		memcpy(items, res->cover, res->nr_cover * sizeof(*items));
	qsort(items, res->nr_cover, sizeof(*items), cover_cmp);
	for (size_t i = 0; i < res->nr_cover; i++)
		printf("  %8llu  %s\n", (unsigned long long)items[i].count,
		       items[i].what);
	free(items);
	pairs = sim_xcalloc(out->nr_lock_pairs + 1, sizeof(*pairs));
	if (out->nr_lock_pairs)
		memcpy(pairs, out->lock_pairs, out->nr_lock_pairs * sizeof(*pairs));
	qsort(pairs, out->nr_lock_pairs, sizeof(*pairs), edge_cmp);
	for (size_t i = 0; i < out->nr_lock_pairs; i++)
		if (!i || edge_cmp(&pairs[i], &pairs[i - 1]))
			n++;
	printf("  lock pairs taken, held -> taken (%zu):\n", n);
	for (size_t i = 0; i < out->nr_lock_pairs; i++)
		if (!i || edge_cmp(&pairs[i], &pairs[i - 1]))
			printf("    %s -> %s\n", pairs[i].from, pairs[i].to);
	free(pairs);
	printf("  allocation sites reached (%zu):\n", res->nr_sites);
	sites = sim_xcalloc(res->nr_sites + 1, sizeof(*sites));
	if (res->nr_sites)
		memcpy(sites, res->sites, res->nr_sites * sizeof(*sites));
	qsort(sites, res->nr_sites, sizeof(*sites), site_cmp);
	for (size_t i = 0; i < res->nr_sites; i++)
		printf("    %-10s %-56s %s\n", sites[i].what,
		       sim_site_where(sites[i].site, where, sizeof(where)),
		       sites[i].failed ? "failure explored" :
		       job->faults ? "failure not reached" : "not failed (--faults 0)");
	free(sites);
	if (res->complete && res->executions == 1 && job->scn->nr_actors > 1 &&
	    !strcmp(job->strategy->name, "dpor"))
		printf("warning: %s: the actors never raced on a shared object: dpor found one class of executions\n",
		       job->scn->name);
	if (cache_never_held(res))
		printf("warning: %s: no execution found, stored or removed a translation-cache entry: the cache's races were not exercised\n",
		       job->scn->name);
}

/*
 * Explore @job, print what it found and add its row. Return:
 * CLI_EXIT_OK, CLI_EXIT_MISMATCH (not matched, or interrupted) or
 * CLI_EXIT_BAD_INPUT.
 */
static int run_column(const struct cli_job *job, const struct run_opts *o,
		      struct rows *rows)
{
	struct sim_job_result out;
	struct summary_row *r;
	char why[160];
	int rc;

	if (cli_explore(job, &out)) {
		sim_job_result_free(&out);
		return CLI_EXIT_BAD_INPUT;
	}
	if (!o->machine && !o->quiet)
		cli_print_header(stdout, job);
	r = new_row(rows, job, o, why, sizeof(why));
	fill_row(r, job, &out);
	rc = keep_findings(job, o, &out.res, r);
	if (rc) {
		sim_job_result_free(&out);
		return rc;
	}
	summary_row_judge(r);
	if (!o->machine && !o->quiet)
		print_findings(job, o, &out.res, r);
	if (job->show && !o->machine) {
		if (out.shown)
			printf("%s under %s, %s\n", job->scn->name,
			       cli_variant_name(job), out.shown);
		else
			printf("%s under %s: no execution %llu to show: the search ran %llu\n",
			       job->scn->name, cli_variant_name(job),
			       (unsigned long long)job->show,
			       (unsigned long long)out.res.executions);
	}
	if (!o->machine && r->note)
		printf("note: %s\n", r->note);
	if (!o->machine && o->coverage)
		print_coverage(job, &out);
	if (!o->machine && !o->quiet)
		print_row_line(job, r, &out, why);
	rc = !r->matched || out.res.interrupted ? CLI_EXIT_MISMATCH : CLI_EXIT_OK;
	sim_job_result_free(&out);
	return rc;
}

static int bad_option(const char *what, const char *value)
{
	fprintf(stderr, "sim run: %s, not \"%s\"\n", what, value);
	return CLI_EXIT_BAD_INPUT;
}

static int add_variant_file(struct run_opts *o, const char *path)
{
	char name[MODEL_VARIANT_NAME_MAX + 1];

	if (o->nr_file_variants >= MODEL_BUILTIN_MAX_REGISTERED) {
		fprintf(stderr, "sim run: at most %d --variant-file\n",
			MODEL_BUILTIN_MAX_REGISTERED);
		return CLI_EXIT_BAD_INPUT;
	}
	if (cli_variant_file_load(path, name, sizeof(name)))
		return CLI_EXIT_BAD_INPUT;
	o->file_variants[o->nr_file_variants++] = model_builtin.variant_lookup(name);
	return 0;
}

/* --expect-like BASE, or COLUMN=BASE: BASE must be a variant. */
static int add_expect_like(struct run_opts *o, const char *arg)
{
	struct expect_like *l;
	const char *eq = strchr(arg, '=');
	const char *base = eq ? eq + 1 : arg;
	size_t clen = eq ? (size_t)(eq - arg) : 0;

	if (o->nr_like >= MODEL_MAX_VARIANTS)
		return bad_option("--expect-like given too often", arg);
	if ((eq && clen == 0) || clen > MODEL_VARIANT_NAME_MAX ||
	    strlen(base) > MODEL_VARIANT_NAME_MAX)
		return bad_option("--expect-like takes BASE or COLUMN=BASE", arg);
	if (model_builtin.variant_lookup(base) < 0) {
		fprintf(stderr, "sim run: --expect-like: unknown variant \"%s\" (see sim list)\n",
			base);
		return CLI_EXIT_BAD_INPUT;
	}
	l = &o->like[o->nr_like++];
	snprintf(l->column, sizeof(l->column), "%.*s", (int)clen, arg);
	snprintf(l->base, sizeof(l->base), "%s", base);
	return 0;
}

static int parse_shard(struct run_opts *o, const char *arg)
{
	unsigned i, n;
	char tail;

	if (sscanf(arg, "%u/%u%c", &i, &n, &tail) != 2 || n < 1 || n > 100000 ||
	    i < 1 || i > n || arg[0] == '-' || strchr(arg, ' '))
		return bad_option("--shard takes I/N with 1 <= I <= N <= 100000", arg);
	o->shard = i - 1;
	o->shards = n;
	return 0;
}

/* A numeric option: its value and whether it was given, in run_opts. */
struct num_opt {
	int c;
	uint64_t min, max;
	size_t value, given;	/* offsets into struct run_opts */
	const char *what;	/* the message when the value is bad */
};

#define NUM_OPT(c, min, max, field, what) \
	{ c, min, max, offsetof(struct run_opts, field), \
	  offsetof(struct run_opts, has_##field), what }

static const struct num_opt num_opts[] = {
	NUM_OPT('e', 1, UINT64_MAX, max_executions,
		"--max-executions takes a positive integer"),
	NUM_OPT('m', 1, SIM_MAX_STEPS_LIMIT, max_steps,
		"--max-steps takes an integer from 1 to " SIM_STR(SIM_MAX_STEPS_LIMIT)),
	NUM_OPT('S', 0, UINT64_MAX, seed, "--seed takes an integer >= 0"),
	NUM_OPT('b', 0, 64, bound,
		"--preemption-bound takes an integer from 0 to 64"),
	NUM_OPT('d', 1, 8, depth, "--depth takes an integer from 1 to 8"),
	NUM_OPT('N', 1, UINT64_MAX, show, "--show takes a positive integer"),
	NUM_OPT('W', 0, 3600, hang_seconds,
		"--hang-seconds takes an integer from 0 to 3600"),
	NUM_OPT('T', 0, SIM_FAULTS_MAX, faults,
		"--faults takes an integer from 0 to " SIM_STR(SIM_FAULTS_MAX)),
};

/* --fault-site FUNC: a function name, at most SIM_FAULT_SITES_MAX of them. */
static int add_fault_site(struct run_opts *o, const char *arg)
{
	size_t n = strspn(arg, "abcdefghijklmnopqrstuvwxyz"
			       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	if (!*arg || arg[n] || (*arg >= '0' && *arg <= '9') || n > 63)
		return bad_option("--fault-site takes a function name (a C identifier)",
				  arg);
	if (o->nr_fault_sites == SIM_FAULT_SITES_MAX)
		return bad_option("--fault-site is given more than "
				  SIM_STR(SIM_FAULT_SITES_MAX) " times", arg);
	o->fault_sites[o->nr_fault_sites++] = arg;
	return 0;
}

static int parse_num(struct run_opts *o, const struct num_opt *n,
		     const char *arg)
{
	uint64_t v;
	bool ok = n->min == 0 ? parse_u64_zero(arg, &v) : parse_u64(arg, &v);

	if (!ok || v < n->min || v > n->max)
		return bad_option(n->what, arg);
	*(uint64_t *)((char *)o + n->value) = v;
	*(bool *)((char *)o + n->given) = true;
	return 0;
}

/*
 * One option into @o. Return: 0, -1 for --help (printed), or
 * CLI_EXIT_BAD_INPUT with a message.
 */
static int parse_option(struct run_opts *o, int c, const char *arg)
{
	uint64_t v;

	for (size_t i = 0; i < sizeof(num_opts) / sizeof(*num_opts); i++)
		if (num_opts[i].c == c)
			return parse_num(o, &num_opts[i], arg);
	switch (c) {
	case 'a': o->variant = arg; return 0;
	case 'F':
		if (o->nr_file_paths >= MODEL_BUILTIN_MAX_REGISTERED) {
			fprintf(stderr, "sim run: at most %d --variant-file\n",
				MODEL_BUILTIN_MAX_REGISTERED);
			return CLI_EXIT_BAD_INPUT;
		}
		o->file_paths[o->nr_file_paths++] = arg;
		return 0;
	case 'k': o->kcsan = true; return 0;
	case 'Y': return add_fault_site(o, arg);
	case 's':
		if (!sim_strategy_lookup(arg)) {
			fprintf(stderr, "sim run: unknown strategy \"%s\" (see sim list)\n",
				arg);
			return CLI_EXIT_BAD_INPUT;
		}
		o->strategy = arg;
		return 0;
	case 'J':
		if (!parse_u64(arg, &v) || v > 256)
			return bad_option("--jobs takes an integer from 1 to 256", arg);
		o->jobs = (unsigned)v;
		return 0;
	case 'H': return parse_shard(o, arg);
	case 'L': return add_expect_like(o, arg);
	case 'K': return cli_tree_add(arg);
	case 'P': return cli_tree_add_patch(arg);
	case 't': o->trace_dir = arg; return 0;
	case 'G': o->svg_dir = arg; return 0;
	case 'j': o->json = o->machine = true; return 0;
	case 'v': o->verbose = true; return 0;
	case 'C': o->coverage = true; return 0;
	case 'f':
		if (!strcmp(arg, "json")) {
			o->json = o->machine = true;
		} else if (!strcmp(arg, "ktap")) {
			o->ktap = o->machine = true;
		} else if (strcmp(arg, "text")) {
			fprintf(stderr, "sim run: --format takes text, json or ktap, not \"%s\"\n",
				arg);
			return CLI_EXIT_BAD_INPUT;
		}
		return 0;
	case 'X': o->junit = arg; return 0;
	case 'q': o->quiet = true; return 0;
	case 'h': fputs(run_usage, stdout); return -1;
	default: fputs(run_usage, stderr); return CLI_EXIT_BAD_INPUT;
	}
}

static int parse_options(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		{ "variant", required_argument, NULL, 'a' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "strategy", required_argument, NULL, 's' },
		{ "max-executions", required_argument, NULL, 'e' },
		{ "max-steps", required_argument, NULL, 'm' },
		{ "executions", required_argument, NULL, 'e' },
		{ "seed", required_argument, NULL, 'S' },
		{ "hang-seconds", required_argument, NULL, 'W' },
		{ "show", required_argument, NULL, 'N' },
		{ "faults", required_argument, NULL, 'T' },
		{ "fault-site", required_argument, NULL, 'Y' },
		{ "preemption-bound", required_argument, NULL, 'b' },
		{ "depth", required_argument, NULL, 'd' },
		{ "trace-dir", required_argument, NULL, 't' },
		{ "svg-dir", required_argument, NULL, 'G' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "coverage", no_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "junit", required_argument, NULL, 'X' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "shard", required_argument, NULL, 'H' },
		{ "expect-like", required_argument, NULL, 'L' },
		{ "kernel-tree", required_argument, NULL, 'K' },
		{ "patch", required_argument, NULL, 'P' },
		{ "kcsan", no_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char n[16];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1)
		if ((rc = parse_option(o, c, optarg)) != 0)
			return rc;
	if (o->kcsan && !o->nr_file_paths && !cli_tree_count()) {
		fprintf(stderr, "sim run: --kcsan judges code compiled at run time: give "
			"--variant-file or --kernel-tree (the built-in model is not "
			"instrumented; sim variant new NAME --from V makes a file of a "
			"built-in variant)\n");
		return CLI_EXIT_BAD_INPUT;
	}
	/* Code compiled at run time: KASAN's instrumentation, or KCSAN's. */
	cli_variant_set_kcsan(o->kcsan);
	tree_set_kcsan(o->kcsan);
	for (int i = 0; i < o->nr_file_paths; i++)
		if ((rc = add_variant_file(o, o->file_paths[i])) != 0)
			return rc;
	if (!o->jobs)
		o->jobs = uv_available_parallelism();
	/* libuv sizes its pool on first use: before any exploration. */
	snprintf(n, sizeof(n), "%u", o->jobs);
	setenv("UV_THREADPOOL_SIZE", n, 1);
	if (optind == argc) {
		fprintf(stderr, "sim run: no scenario given\n%s", run_usage);
		return CLI_EXIT_BAD_INPUT;
	}
	return 0;
}

/* Load everything first: bad input stops the run before any work. */
static int load_scenarios(char **files, int n, struct scenario **scns)
{
	char err[1024];

	for (int i = 0; i < n; i++) {
		if (scenario_load_file(files[i], cli_names(), &scns[i], err,
				       sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			return CLI_EXIT_BAD_INPUT;
		}
	}
	return 0;
}

/*
 * Every scenario under each of its variants. Return: CLI_EXIT_OK,
 * CLI_EXIT_MISMATCH (a row did not match, or Ctrl-C stopped the run) or
 * CLI_EXIT_BAD_INPUT.
 */
static int run_all(struct scenario **scns, int n, const struct run_opts *o,
		   struct rows *rows)
{
	int rc = CLI_EXIT_OK;

	for (int i = 0; i < n; i++) {
		int ids[MODEL_MAX_VARIANTS], nv = pick_variants(scns[i], o, &model_builtin, ids);

		if (nv < 0)
			return CLI_EXIT_BAD_INPUT;
		/* The variants, then each kernel tree: one column each. */
		for (int v = 0; v < nv + cli_tree_count(); v++) {
			struct cli_job job;
			int r;

			make_job(scns[i], o, v < nv ? ids[v] : 0, &job);
			if (v >= nv) {
				job.tree = cli_tree_at(v - nv);
				job.model = job.tree->model;
				job.column = job.tree->name;
			}
			r = run_column(&job, o, rows);
			if (r == CLI_EXIT_BAD_INPUT)
				return r;
			if (r == CLI_EXIT_MISMATCH)
				rc = r;
			/* Ctrl-C: summarise what was covered, run nothing more. */
			if (sim_job_interrupted())
				return rc;
		}
	}
	return rc;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { .trace_dir = "traces" };
	struct scenario **scns;
	struct rows rows = { 0 };
	FILE *summary = stdout;
	int rc, nscn;

	rc = parse_options(argc, argv, &o);
	if (rc)
		return rc < 0 ? CLI_EXIT_OK : rc;
	/*
	 * JSON and KTAP go to the real stdout, kept aside; the code under
	 * test (a variant file's or a tree's printf) writes to stderr, so it
	 * cannot corrupt the document a machine reads.
	 */
	if (o.machine) {
		int fd = dup(STDOUT_FILENO);

		fflush(stdout);
		if (fd >= 0 && (summary = fdopen(fd, "w")) != NULL)
			dup2(STDERR_FILENO, STDOUT_FILENO);
		else
			summary = stdout;
	}
	nscn = argc - optind;
	scns = sim_xcalloc((size_t)nscn, sizeof(*scns));
	rc = load_scenarios(argv + optind, nscn, scns);
	if (!rc)
		rc = check_out_dir("--trace-dir", o.trace_dir);
	if (!rc && o.svg_dir)
		rc = check_out_dir("--svg-dir", o.svg_dir);
	/* Trees compile (or come from the cache) once the inputs are good. */
	if (!rc)
		rc = cli_trees_load();
	if (!rc)
		rc = run_all(scns, nscn, &o, &rows);
	if (rc != CLI_EXIT_BAD_INPUT && o.json) {
		summary_print_json(summary, rows.r, rows.n);
	} else if (rc != CLI_EXIT_BAD_INPUT && o.ktap) {
		summary_print_ktap(summary, rows.r, rows.n);
	} else if (rc != CLI_EXIT_BAD_INPUT) {
		summary_print_matrix(stdout, rows.r, rows.n, term_width(stdout));
		summary_print_table(stdout, rows.r, rows.n, term_width(stdout));
	}
	if (summary != stdout)
		fclose(summary);
	/* After the summary: a file that cannot be written loses nothing else. */
	if (rc != CLI_EXIT_BAD_INPUT && o.junit &&
	    summary_write_junit(o.junit, rows.r, rows.n))
		rc = CLI_EXIT_BAD_INPUT;
	for (size_t i = 0; i < rows.n; i++)
		summary_row_free(&rows.r[i]);
	free(rows.r);
	for (int i = 0; i < nscn; i++)
		scenario_free(scns[i]);
	free(scns);
	return rc;
}

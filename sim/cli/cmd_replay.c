/* SPDX-License-Identifier: MIT */
/*
 * sim replay: re-run one trace's schedule, byte for byte, and print the
 * same report, then one of four outcomes, each with its exit status:
 * clean (0), reproduced (1), a different finding (3) or diverged (4);
 * 2 is bad usage or bad input.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <explore/trace.h>
#include <model/model.h>
#include <tree/tree.h>
#include <scenario/sha256.h>

#include "trees.h"
#include "variant_file.h"

#define PATH_MAX_TRACE 4200

/* The outcomes of a replay, as exit statuses (2 is CLI_EXIT_BAD_INPUT). */
enum {
	REPLAY_CLEAN = 0,	/* followed to the end of the schedule, no finding */
	REPLAY_REPRODUCED = 1,	/* the recorded finding showed */
	REPLAY_DIFFERENT = 3,	/* a finding showed, not the recorded one */
	REPLAY_DIVERGED = 4,	/* the schedule could not be followed */
};

struct replay_args {
	const char *trace, *variant, *svg, *vfile, *tree;
	bool trust;		/* --trust-embedded-code */
};

static const char replay_usage[] =
	"usage: sim replay [--variant V] [--variant-file F.c] [--kernel-tree SRC]\n"
	"                  [--trust-embedded-code] [--svg OUT.svg] TRACE\n"
	"\n"
	"Re-run the schedule recorded in TRACE on the scenario embedded in it\n"
	"and print the report. With --variant, follow the same schedule on\n"
	"another variant: a step whose actor cannot run there is reported as\n"
	"diverged. A trace of a variant from a file embeds that file, so it\n"
	"replays anywhere; --variant-file F.c replays on the variant in F.c.\n"
	"A trace of a kernel tree's column records the tree's version, the hash\n"
	"of each compiled file and the patches' text: give the same tree with\n"
	"--kernel-tree SRC; the patches are applied from the trace, and a tree\n"
	"whose files differ is refused (exit 2), naming the first one.\n"
	"A trace is data: code embedded in it (a variant file's source, a\n"
	"tree's patches) is compiled and run only with --trust-embedded-code;\n"
	"without it, sim replay says what the trace embeds and exits 2. Giving\n"
	"the variant's file again with --variant-file is trusting it too.\n"
	"With --svg, also draw the execution as a swimlane picture.\n"
	"\n"
	"exit status:\n"
	"  0  clean: the schedule was followed to its end and no finding showed\n"
	"  1  reproduced: the recorded finding (its kind and site) showed\n"
	"  2  bad usage or bad input\n"
	"  3  a different finding showed (both are named)\n"
	"  4  diverged: at some step the actor the schedule names could not\n"
	"     run, or every actor finished before the schedule did\n";

/* An embedded text must still have the hash recorded beside it. */
static bool hash_matches(const char *trace, const char *key, const char *text,
			 const char *sha256)
{
	char sha[65];

	sha256_hex(text, strlen(text), sha);
	if (strcmp(sha, sha256) == 0)
		return true;
	fprintf(stderr, "%s: at %s.sha256: does not match the embedded text\n",
		trace, key);
	return false;
}

/* Return: 0 to go on, or the exit status (--help, bad usage). */
static int parse_args(int argc, char **argv, struct replay_args *a)
{
	static const struct option longopts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "svg", required_argument, NULL, 'G' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "kernel-tree", required_argument, NULL, 'K' },
		{ "trust-embedded-code", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v': a->variant = optarg; break;
		case 'G': a->svg = optarg; break;
		case 'F': a->vfile = optarg; break;
		case 'K': a->tree = optarg; break;
		case 'T': a->trust = true; break;
		case 'h': fputs(replay_usage, stdout); return -1;
		default: fputs(replay_usage, stderr); return CLI_EXIT_BAD_INPUT;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "sim replay: give exactly one trace\n%s", replay_usage);
		return CLI_EXIT_BAD_INPUT;
	}
	a->trace = argv[optind];
	return 0;
}

/*
 * Read the trace, check its embedded texts against their hashes and
 * register the variants from files: the trace's own, then --variant-file
 * (which names the variant replayed unless --variant does).
 * Return: 0, or CLI_EXIT_BAD_INPUT with a message on stderr.
 */
static int load_trace(struct replay_args *a, struct sim_trace *t, char *vname,
		      size_t vlen)
{
	char err[1024];

	if (sim_trace_read(a->trace, t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return CLI_EXIT_BAD_INPUT;
	}
	if (!hash_matches(a->trace, "scenario", t->scenario_text, t->scenario_sha256))
		return CLI_EXIT_BAD_INPUT;
	/* Code compiled at run time is built as the recorded run built it. */
	cli_variant_set_kcsan(t->kcsan);
	tree_set_kcsan(t->kcsan);
	if (t->variant_file_text && !a->vfile) {
		char shown[PATH_MAX_TRACE];

		if (!hash_matches(a->trace, "variant_file", t->variant_file_text,
				  t->variant_file_sha256))
			return CLI_EXIT_BAD_INPUT;
		if (!a->trust) {
			fprintf(stderr, "sim replay: %s embeds the C source of variant %s "
				"(%s, %zu bytes, sha256 %.16s...): replaying it compiles and "
				"runs that code. Read it (the trace's variant_file.text), then "
				"give --trust-embedded-code, or the same file with --variant-file\n",
				a->trace, t->variant,
				t->variant_file_name ? t->variant_file_name : "variant.c",
				strlen(t->variant_file_text), t->variant_file_sha256);
			return CLI_EXIT_BAD_INPUT;
		}
		snprintf(shown, sizeof(shown), "%s (variant file)", a->trace);
		if (cli_variant_text_load(shown, t->variant_file_name,
					  t->variant_file_text, vname, vlen))
			return CLI_EXIT_BAD_INPUT;
	}
	if (a->vfile) {
		if (cli_variant_file_load(a->vfile, vname, vlen))
			return CLI_EXIT_BAD_INPUT;
		if (!a->variant)
			a->variant = vname;
	}
	return 0;
}

/*
 * The trace ran a kernel tree's column: replay it on the tree the user
 * gives, patched with the trace's patches and checked file by file.
 * Return: 0, or CLI_EXIT_BAD_INPUT with a message on stderr.
 */
static int tree_job(const struct replay_args *a, const struct sim_trace *t,
		    struct cli_job *job)
{
	static char dir[] = "/tmp/itsim-replay-XXXXXX";

	if (!a->tree) {
		fprintf(stderr, "sim replay: %s ran on kernel tree %s (Linux %s, tree "
			"hash %.12s): give that tree, sim replay --kernel-tree SRC %s\n",
			a->trace, t->variant, t->tree.version, t->tree.hash, a->trace);
		return CLI_EXIT_BAD_INPUT;
	}
	if (a->variant || a->vfile) {
		fprintf(stderr, "sim replay: %s ran on a kernel tree: --variant and "
			"--variant-file do not apply\n", a->trace);
		return CLI_EXIT_BAD_INPUT;
	}
	if (t->tree.nr_patches && !a->trust) {
		fprintf(stderr, "sim replay: %s embeds %d patch%s to kernel tree %s "
			"(first: %s, %zu bytes): replaying it applies, compiles and runs "
			"them. Read them (the trace's kernel_tree.patches), then give "
			"--trust-embedded-code\n", a->trace, t->tree.nr_patches,
			t->tree.nr_patches == 1 ? "" : "es", t->variant,
			t->tree.patches[0].name, strlen(t->tree.patches[0].text));
		return CLI_EXIT_BAD_INPUT;
	}
	if (t->tree.nr_patches && !mkdtemp(dir)) {
		fprintf(stderr, "sim replay: cannot create %s for the trace's patches\n",
			dir);
		return CLI_EXIT_BAD_INPUT;
	}
	if (cli_tree_add_replayed(t->variant, a->tree, &t->tree, dir) ||
	    cli_trees_load())
		return CLI_EXIT_BAD_INPUT;
	job->tree = cli_tree_at(cli_tree_count() - 1);
	job->model = job->tree->model;
	job->column = job->tree->name;
	job->variant = 0;
	return 0;
}

/*
 * Load the embedded scenario and fill in @job: one execution of the
 * replay strategy along the trace's schedule, on the variant asked for.
 * Return: 0, or CLI_EXIT_BAD_INPUT with a message on stderr.
 */
static int make_job(const struct replay_args *a, const struct sim_trace *t,
		    struct scenario **scn, struct sim_replay_divergence *div,
		    struct cli_job *job)
{
	const char *variant = a->variant ? a->variant : t->variant;
	char err[1024];

	if (scenario_load_string(t->scenario_text, t->scenario_file, cli_names(),
				 scn, err, sizeof(err))) {
		fprintf(stderr, "%s (embedded in %s)\n", err, a->trace);
		return CLI_EXIT_BAD_INPUT;
	}
	memset(job, 0, sizeof(*job));
	job->scn = *scn;
	job->model = &model_builtin;
	if (t->tree.version) {
		if (tree_job(a, t, job))
			return CLI_EXIT_BAD_INPUT;
	} else if (a->tree) {
		fprintf(stderr, "sim replay: %s ran on variant %s, not on a kernel "
			"tree: --kernel-tree does not apply\n", a->trace, t->variant);
		return CLI_EXIT_BAD_INPUT;
	} else {
		job->variant = model_builtin.variant_lookup(variant);
	}
	if (job->variant < 0) {
		fprintf(stderr, "sim replay: unknown variant \"%s\" (see sim list)\n",
			variant);
		return CLI_EXIT_BAD_INPUT;
	}
	job->strategy = &sim_strategy_replay;
	job->max_executions = 1;
	job->hang_ms = SIM_DEFAULT_HANG_SECONDS * 1000;
	job->kcsan = t->kcsan;
	job->params.max_steps = t->max_steps;
	job->params.schedule = (const char *const *)t->schedule;
	job->params.schedule_len = t->schedule_len;
	job->plan = t->faults;
	job->nr_plan = t->nr_faults;
	job->params.divergence = div;
	job->svg = a->svg != NULL;
	return 0;
}

/* "func:line", as traces record a finding's site: the kernel's name. */
static void site_of(const struct sim_finding *f, char *buf, size_t len)
{
	if (f->site)
		snprintf(buf, len, "%s:%d", sim_site_func(f->site), f->site->line);
	else
		snprintf(buf, len, "-");
}

/*
 * Whether the trace recorded this site: by the kernel's name, or by a
 * built-in variant's own name, as traces written before 2026-12 did
 * (v2_vgic_its_invalidate_all_caches:54).
 */
static bool same_site(const struct sim_finding *f, const char *site,
		      const char *recorded)
{
	char raw[160];

	if (strcmp(site, recorded) == 0)
		return true;
	if (!f->site)
		return false;
	snprintf(raw, sizeof(raw), "%s:%d", f->site->func, f->site->line);
	return strcmp(raw, recorded) == 0;
}

/* The finding's report, then whether it is the one the trace recorded. */
static int report_finding(const struct sim_trace *t, const struct sim_found *fd)
{
	const char *kind = sim_finding_kind_name(fd->finding.kind);
	char site[160];

	site_of(&fd->finding, site, sizeof(site));
	printf("%s", fd->report);
	if (strcmp(kind, t->kind) == 0 && same_site(&fd->finding, site, t->site)) {
		printf("reproduced: %s at %s\n", t->kind, t->site);
		return REPLAY_REPRODUCED;
	}
	printf("different finding: %s at %s: %s\n", kind, site, fd->finding.title);
	printf("recorded finding:  %s at %s: %s\n", t->kind, t->site, t->title);
	return REPLAY_DIFFERENT;
}

/* Where the schedule was left, as far as the replay strategy can tell. */
static void report_divergence(const struct sim_trace *t, const char *variant,
			      const struct sim_replay_divergence *div)
{
	if (div->step < 0) {
		printf("diverged: the schedule cannot be followed on variant %s\n",
		       variant);
		return;
	}
	printf("diverged: at step #%ld of %zu on variant %s, the schedule wants %s; "
	       "runnable: %s\n", div->step, t->schedule_len, variant, div->want,
	       div->runnable[0] ? div->runnable : "none (every actor has finished)");
}

/* Print the outcome of the replay. Return: its exit status. */
static int report_outcome(const struct replay_args *a, const struct sim_trace *t,
			  const struct cli_job *job, const struct sim_job_result *out,
			  const struct sim_replay_divergence *div)
{
	const char *variant = cli_variant_name(job);
	int rc;

	cli_print_header(stdout, job);
	if (out->res.nr_found > 0) {
		rc = report_finding(t, &out->res.found[0]);
		if (a->svg && cli_write_file(a->svg, out->res.found[0].svg))
			rc = CLI_EXIT_BAD_INPUT;
		return rc;
	}
	if (out->res.diverged || div->step >= 0) {
		report_divergence(t, variant, div);
		rc = REPLAY_DIVERGED;
	} else {
		printf("clean: the schedule's %zu steps were followed on variant %s "
		       "and no finding showed\n", t->schedule_len, variant);
		rc = REPLAY_CLEAN;
	}
	if (a->svg)
		fprintf(stderr, "sim replay: no finding, so no picture written to %s\n",
			a->svg);
	return rc;
}

int cmd_replay(int argc, char **argv)
{
	struct replay_args a;
	struct sim_replay_divergence div = { .step = -1 };
	struct scenario *scn = NULL;
	struct sim_trace t = { 0 };
	struct sim_job_result out;
	struct cli_job job;
	char vname[MODEL_VARIANT_NAME_MAX + 1];
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc < 0 ? CLI_EXIT_OK : rc;
	rc = load_trace(&a, &t, vname, sizeof(vname));
	if (!rc)
		rc = make_job(&a, &t, &scn, &div, &job);
	if (!rc) {
		if (cli_explore(&job, &out) == 0)
			rc = report_outcome(&a, &t, &job, &out, &div);
		else
			rc = CLI_EXIT_BAD_INPUT;
		sim_job_result_free(&out);
	}
	scenario_free(scn);
	sim_trace_free(&t);
	return rc;
}

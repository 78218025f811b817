/* SPDX-License-Identifier: MIT */
/*
 * sim replay: re-run one trace's schedule, byte for byte, and print the
 * same report. Exit 1 when the execution shows a finding, 0 when it runs
 * clean or the schedule cannot be followed (diverged), 2 on bad input.
 */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <explore/trace.h>

#include <model/model.h>
#include <scenario/sha256.h>
#include "variant_file.h"

#define PATH_MAX_TRACE 4200

static const char replay_usage[] =
	"usage: sim replay [--variant V] [--variant-file F.c] [--svg OUT.svg] TRACE\n"
	"\n"
	"Re-run the schedule recorded in TRACE on the scenario embedded in it\n"
	"and print the report. With --variant, follow the same schedule on\n"
	"another variant: a step whose actor cannot run there is reported as\n"
	"diverged. A trace of a variant from a file embeds that file, so it\n"
	"replays anywhere; --variant-file F.c replays on the variant in F.c.\n"
	"With --svg, also draw the execution as a swimlane picture.\n"
	"\n"
	"exit status: 1 a finding (the recorded one or another), 0 none\n"
	"(clean or diverged), 2 bad usage or bad input.\n";

static void print_outcome(const struct sim_trace *t, const struct sim_found *fd)
{
	char key[192];

	sim_finding_key(&fd->finding, key, sizeof(key));
	printf("%s", fd->report);
	if (strcmp(sim_finding_kind_name(fd->finding.kind), t->kind) == 0 &&
	    strncmp(key + strlen(t->kind) + 1, t->site, strlen(t->site)) == 0)
		printf("reproduced: %s at %s\n", t->kind, t->site);
	else
		printf("a different finding than recorded (%s at %s)\n", t->kind,
		       t->site);
}

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

int cmd_replay(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "variant", required_argument, NULL, 'v' },
		{ "svg", required_argument, NULL, 'G' },
		{ "variant-file", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *variant = NULL, *svg = NULL, *vfile = NULL;
	char vname[64];
	struct scenario *scn = NULL;
	struct sim_trace t;
	struct sim_job_result out;
	struct cli_job job = { 0 };
	char err[1024];
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v': variant = optarg; break;
		case 'G': svg = optarg; break;
		case 'F': vfile = optarg; break;
		case 'h': fputs(replay_usage, stdout); return CLI_EXIT_OK;
		default: fputs(replay_usage, stderr); return CLI_EXIT_BAD_INPUT;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "sim replay: give exactly one trace\n%s", replay_usage);
		return CLI_EXIT_BAD_INPUT;
	}
	if (sim_trace_read(argv[optind], &t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return CLI_EXIT_BAD_INPUT;
	}
	if (!hash_matches(argv[optind], "scenario", t.scenario_text, t.scenario_sha256)) {
		rc = CLI_EXIT_BAD_INPUT;
		goto out;
	}
	/* The recorded variant's own file, then the one asked for. */
	if (t.variant_file_text) {
		char shown[PATH_MAX_TRACE];

		if (!hash_matches(argv[optind], "variant_file", t.variant_file_text,
				  t.variant_file_sha256)) {
			rc = CLI_EXIT_BAD_INPUT;
			goto out;
		}
		snprintf(shown, sizeof(shown), "%s (variant file)", argv[optind]);
		if (cli_variant_text_load(shown, t.variant_file_text, vname, sizeof(vname))) {
			rc = CLI_EXIT_BAD_INPUT;
			goto out;
		}
	}
	if (vfile) {
		if (cli_variant_file_load(vfile, vname, sizeof(vname))) {
			rc = CLI_EXIT_BAD_INPUT;
			goto out;
		}
		if (!variant)
			variant = vname;
	}
	if (scenario_load_string(t.scenario_text, t.scenario_file, cli_names(),
				 &scn, err, sizeof(err))) {
		fprintf(stderr, "%s (embedded in %s)\n", err, argv[optind]);
		rc = CLI_EXIT_BAD_INPUT;
		goto out;
	}
	job.scn = scn;
	job.model = &model_builtin;
	job.variant = model_builtin.variant_lookup(variant ? variant : t.variant);
	if (job.variant < 0) {
		fprintf(stderr, "sim replay: unknown variant \"%s\" (see sim list)\n",
			variant ? variant : t.variant);
		rc = CLI_EXIT_BAD_INPUT;
		goto out;
	}
	job.strategy = &sim_strategy_replay;
	job.max_executions = 1;
	job.params.max_steps = t.max_steps;
	job.params.schedule = (const char *const *)t.schedule;
	job.params.schedule_len = t.schedule_len;
	job.svg = svg != NULL;
	if (cli_explore(&job, &out)) {
		sim_job_result_free(&out);
		rc = CLI_EXIT_BAD_INPUT;
		goto out;
	}
	cli_print_header(stdout, &job);
	if (out.res.nr_found > 0) {
		print_outcome(&t, &out.res.found[0]);
		rc = CLI_EXIT_MISMATCH;
		if (svg && cli_write_file(svg, out.res.found[0].svg))
			rc = CLI_EXIT_BAD_INPUT;
	} else if (out.res.abandoned) {
		printf("diverged: the schedule of %s cannot be followed on variant %s\n",
		       argv[optind], cli_variant_name(&job));
		rc = CLI_EXIT_OK;
	} else {
		printf("no finding: the schedule ran to completion on variant %s\n",
		       cli_variant_name(&job));
		rc = CLI_EXIT_OK;
	}
	if (svg && out.res.nr_found == 0)
		fprintf(stderr, "sim replay: no finding, so no picture written to %s\n", svg);
	sim_job_result_free(&out);
out:
	scenario_free(scn);
	sim_trace_free(&t);
	return rc;
}

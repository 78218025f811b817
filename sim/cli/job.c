/* SPDX-License-Identifier: MIT */
/*
 * One scenario x variant as a job of the exploration driver
 * (<explore/driver.h>): its settings, its engine instances (the scenario
 * layer's factory), the progress line, the header line.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <explore/driver.h>
#include <model/model.h>
#include <scenario/program.h>

#include "names.h"
#include "term.h"

const struct scenario_names *cli_names(void)
{
	return scenario_registry_names();
}

struct progress_line {
	const struct cli_job *job;
	bool shown;
};

/* The terminal's width (stderr's, term_width()), or 80. */
static size_t terminal_width(void)
{
	int w = term_width(stderr);

	return w > 0 ? (size_t)w : 80;
}

/*
 * Wall-clock rates are shown live only; they never reach a report. The
 * line names the scenario and the variant, and is cut to the terminal's
 * width so that a redraw overwrites it in place.
 */
static void draw_progress(void *ctx, const struct sim_progress *p)
{
	struct progress_line *pl = ctx;
	const struct cli_job *job = pl->job;
	double rate = p->seconds > 0 ? p->executions / p->seconds : 0.0;
	char line[512];
	size_t n, width = terminal_width();

	n = (size_t)snprintf(line, sizeof(line),
			     "%s under %s, %s: %llu executions, %.0f/s, %llu finding%s",
			     job->scn->name, cli_variant_name(job), job->strategy->name,
			     (unsigned long long)p->executions, rate,
			     (unsigned long long)p->findings, p->findings == 1 ? "" : "s");
	if (n < sizeof(line) && p->nr_units > 1)
		n += (size_t)snprintf(line + n, sizeof(line) - n, ", unit %zu of %zu",
				      p->unit, p->nr_units);
	if (n < sizeof(line) && p->fraction > 0 && job->strategy->exhaustive)
		n += (size_t)snprintf(line + n, sizeof(line) - n,
				      ", ~%.1f%% of ~%.0f (estimate)", p->fraction * 100,
				      p->executions / p->fraction);
	else if (n < sizeof(line) && !job->strategy->exhaustive && job->max_executions)
		n += (size_t)snprintf(line + n, sizeof(line) - n, ", %.1f%% of the budget",
				      100.0 * p->executions / job->max_executions);
	/* One column short: a full line would wrap before the next redraw. */
	if (width > 1 && strlen(line) > width - 1)
		line[width - 1] = '\0';
	fprintf(stderr, "\r\033[K%s", line);
	pl->shown = true;
}

static void clear_progress(void *ctx)
{
	struct progress_line *pl = ctx;

	if (pl->shown)
		fputs("\r\033[K", stderr);
	pl->shown = false;
}

int cli_explore(const struct cli_job *job, struct sim_job_result *out)
{
	struct scn_factory f = {
		.scn = job->scn, .model = job->model, .variant = job->variant,
		.max_steps = job->params.max_steps, .hang_ms = job->hang_ms,
		.kcsan = job->kcsan,
	};
	struct progress_line pl = { .job = job };
	struct sim_job dj = {
		.strategy = job->strategy, .params = job->params,
		.max_executions = job->max_executions, .jobs = job->jobs,
		.shard = job->shard, .shards = job->shards,
		/* Shrink each finding's trace, except when replaying one. */
		.shrink = !job->strategy->replays,
		.show = job->show,
		.faults = job->faults,
		.coverage = job->coverage,
		.fault_funcs = job->fault_funcs,
		.nr_fault_funcs = job->nr_fault_funcs,
		.plan = job->plan,
		.nr_plan = job->nr_plan,
		.factory = scn_factory(&f),
	};
	char title[160], err[1024];

	if (job->svg) {
		snprintf(title, sizeof(title), "scenario %s, variant %s",
			 job->scn->name, cli_variant_name(job));
		dj.svg_title = title;
	}
	if (job->progress && isatty(STDERR_FILENO)) {
		dj.progress = draw_progress;
		dj.progress_end = clear_progress;
		dj.progress_ctx = &pl;
	}
	if (sim_job_run(&dj, out, err, sizeof(err))) {
		fprintf(stderr, "%s under %s: %s\n", job->scn->name,
			cli_variant_name(job), err);
		return CLI_EXIT_BAD_INPUT;
	}
	return 0;
}

const char *cli_variant_name(const struct cli_job *job)
{
	if (job->column)
		return job->column;
	return job->model->variant_name(job->variant);
}

void cli_print_header(FILE *out, const struct cli_job *job)
{
	const struct scenario *scn = job->scn;
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		abort();

	fprintf(f, "itsim: scenario %s (sha256 %.12s), variant %s, locks ",
		scn->name, scn->sha256, cli_variant_name(job));
	if (scn->nr_locks == 0)
		fprintf(f, "default");
	for (int i = 0; i < scn->nr_locks; i++)
		fprintf(f, "%s%s=%s", i ? "," : "", scn->locks[i].lock_class,
			scn->locks[i].impl);
	fprintf(f, ", strategy %s", job->strategy->name);
	if (job->faults)
		fprintf(f, ", faults %d", job->faults);
	if (job->nr_plan)
		fprintf(f, ", %d failed allocation%s", job->nr_plan,
			job->nr_plan == 1 ? "" : "s");
	if (!job->strategy->replays)
		fprintf(f, ", max %llu executions",
			(unsigned long long)job->max_executions);
	fprintf(f, ", max %llu steps\n", (unsigned long long)job->params.max_steps);
	fclose(f);
	term_wrap(out, text, term_width(out));
	free(text);
}

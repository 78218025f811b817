/* SPDX-License-Identifier: MIT */
/* Exploring one scenario under one variant: engine, program, strategy. */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "../kvm/model.h"
#include "../scenario/names.h"
#include "../scenario/program.h"

const struct scenario_names *cli_names(void)
{
	return scenario_registry_names();
}

static int abandon(void *ctx, const struct sim *s, const int *cands, int n)
{
	(void)ctx;
	(void)s;
	(void)cands;
	(void)n;
	return -1;
}

/*
 * The exploration runs on libuv's thread pool while this thread runs the
 * loop: a timer draws the progress line, a signal handler turns Ctrl-C
 * into a request to stop at the next execution boundary.
 */
struct drive {
	uv_loop_t loop;
	uv_work_t work;
	uv_timer_t timer;
	uv_signal_t sigint;
	struct sim *sim;
	const struct cli_job *job;
	void *st;
	struct cli_outcome *out;
	struct sim_explore_ctl ctl;
	uint64_t t0;
	int rc;
	bool progress_shown;
};

static bool interrupted;

static void work_cb(uv_work_t *w)
{
	struct drive *d = w->data;

	if (sim_explore(d->sim, d->job->strategy, d->st, d->job->max_executions,
			&d->out->res, &d->ctl))
		d->rc = -1;
}

static void clear_progress(struct drive *d)
{
	if (d->progress_shown)
		fputs("\r\033[K", stderr);
	d->progress_shown = false;
}

static void after_work_cb(uv_work_t *w, int status)
{
	struct drive *d = w->data;

	(void)status;
	clear_progress(d);
	uv_close((uv_handle_t *)&d->timer, NULL);
	uv_close((uv_handle_t *)&d->sigint, NULL);
}

/* Wall-clock rates are shown live only; they never reach a report. */
static void tick_cb(uv_timer_t *t)
{
	struct drive *d = t->data;
	uint64_t n = atomic_load(&d->ctl.executions);
	uint64_t found = atomic_load(&d->ctl.findings);
	uint64_t ppm = atomic_load(&d->ctl.progress_ppm);
	double secs = (double)(uv_hrtime() - d->t0) / 1e9;

	fprintf(stderr, "\r\033[K%s %s: %llu executions, %.0f/s, %llu finding%s",
		d->job->scn->name, d->job->strategy->name, (unsigned long long)n,
		secs > 0 ? n / secs : 0.0, (unsigned long long)found,
		found == 1 ? "" : "s");
	if (ppm > 0 && d->job->strategy->exhaustive)
		fprintf(stderr, ", ~%.1f%% of ~%.0f (estimate)", ppm / 1e4,
			n / (ppm / 1e6));
	else if (!d->job->strategy->exhaustive && d->job->max_executions)
		fprintf(stderr, ", %.1f%% of the budget",
			100.0 * n / d->job->max_executions);
	d->progress_shown = true;
}

static void sigint_cb(uv_signal_t *h, int signum)
{
	struct drive *d = h->data;

	(void)signum;
	atomic_store(&d->ctl.stop, true);
	interrupted = true;
}

bool cli_interrupted(void)
{
	return interrupted;
}

static int drive(struct sim *s, const struct cli_job *job, void *st,
		 struct cli_outcome *out, bool progress)
{
	struct drive d = { .sim = s, .job = job, .st = st, .out = out };
	char title[160];

	/* Shrink each finding's trace, except when replaying one as it is. */
	d.ctl.shrink = job->strategy != &sim_strategy_replay;
	if (job->svg) {
		snprintf(title, sizeof(title), "scenario %s, variant %s",
			 job->scn->name, model_variant_name(job->variant));
		d.ctl.svg_title = title;
	}

	uv_loop_init(&d.loop);
	d.work.data = d.timer.data = d.sigint.data = &d;
	uv_timer_init(&d.loop, &d.timer);
	uv_signal_init(&d.loop, &d.sigint);
	uv_signal_start(&d.sigint, sigint_cb, SIGINT);
	if (progress)
		uv_timer_start(&d.timer, tick_cb, 250, 250);
	d.t0 = uv_hrtime();
	uv_queue_work(&d.loop, &d.work, work_cb, after_work_cb);
	uv_run(&d.loop, UV_RUN_DEFAULT);
	uv_loop_close(&d.loop);
	out->seconds = (double)(uv_hrtime() - d.t0) / 1e9;
	return d.rc;
}

int cli_explore(const struct cli_job *job, struct cli_outcome *out)
{
	struct scn_program *prog;
	struct sim_config cfg;
	struct sim *s;
	char err[256];
	void *st;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	prog = scn_program_create(job->scn, job->variant, err, sizeof(err));
	if (!prog) {
		fprintf(stderr, "%s\n", err);
		return CLI_EXIT_BAD_INPUT;
	}
	out->nr_locks = scn_program_nr_locks(prog);
	for (int i = 0; i < out->nr_locks; i++) {
		out->lock_keys[i] = scn_program_lock_key(prog, i);
		out->lock_impls[i] = scn_program_lock_impl(prog, i);
	}
	scn_program_config(prog, job->params.max_steps, &cfg);
	s = sim_create(&cfg, scn_program_hooks(prog));
	st = job->strategy->create(&job->params);
	if (!s || !st) {
		fprintf(stderr, "itsim: out of memory\n");
		rc = CLI_EXIT_BAD_INPUT;
		goto out;
	}
	/* Build the initial state once first: a VM the model refuses is bad input. */
	{
		struct sim_chooser stop = { .ctx = NULL, .choose = abandon };

		sim_execute(s, &stop);
		if (scn_program_setup_error(prog)) {
			fprintf(stderr, "%s\n", scn_program_setup_error(prog));
			rc = CLI_EXIT_BAD_INPUT;
			goto out;
		}
	}
	/* Wall time is shown in the summary only, never in a report. */
	if (drive(s, job, st, out, job->progress && isatty(STDERR_FILENO))) {
		fprintf(stderr, "itsim: out of memory\n");
		rc = CLI_EXIT_BAD_INPUT;
	}
out:
	if (st)
		job->strategy->destroy(st);
	sim_destroy(s);
	scn_program_free(prog);
	return rc;
}

void cli_outcome_free(struct cli_outcome *out)
{
	sim_explore_result_free(&out->res);
}

void cli_print_header(FILE *f, const struct cli_job *job,
		      const struct cli_outcome *out)
{
	fprintf(f, "itsim: scenario %s (sha256 %.12s), variant %s, locks ",
		job->scn->name, job->scn->sha256, model_variant_name(job->variant));
	if (out->nr_locks == 0)
		fprintf(f, "default");
	for (int i = 0; i < out->nr_locks; i++)
		fprintf(f, "%s%s=%s", i ? "," : "", out->lock_keys[i],
			out->lock_impls[i]);
	fprintf(f, ", strategy %s", job->strategy->name);
	if (strcmp(job->strategy->name, "replay") != 0)
		fprintf(f, ", max %llu executions",
			(unsigned long long)job->max_executions);
	fprintf(f, ", max %llu steps\n", (unsigned long long)job->params.max_steps);
}

int cli_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

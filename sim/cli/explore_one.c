/* SPDX-License-Identifier: MIT */
/* Exploring one scenario under one variant: engine, program, strategy. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
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

int cli_explore(const struct cli_job *job, struct cli_outcome *out)
{
	struct scn_program *prog;
	struct sim_config cfg;
	struct sim *s;
	char err[256];
	uint64_t t0;
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
	t0 = uv_hrtime();
	if (sim_explore(s, job->strategy, st, job->max_executions, &out->res)) {
		fprintf(stderr, "itsim: out of memory\n");
		rc = CLI_EXIT_BAD_INPUT;
	}
	/* Wall time is shown in the summary only, never in a report. */
	out->seconds = (double)(uv_hrtime() - t0) / 1e9;
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

// SPDX-License-Identifier: MIT
/*
 * tree-run: a development driver for a compiled kernel tree. dlopen()s the
 * object build.sh made, and explores scenarios through it with the same
 * scenario layer (program.c's factory) and driver as sim run, printing
 * one line per scenario: outcome (the distinct finding kinds, or clean),
 * executions, and whether the search completed.
 *
 * usage: tree-run TREE.so SCENARIO.json... [--strategy S] [--jobs N]
 *        [--report]
 *
 * Built outside the default targets while the tree runtime is young
 * (see sim/tree/build.sh for the command); it needs -rdynamic, like sim,
 * so the object's calls into the engine and shims land here.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/finding.h>
#include <sim/lock.h>
#include <explore/driver.h>
#include <explore/strategy.h>
#include <model/model.h>
#include <scenario/program.h>
#include <scenario/scenario.h>

#define MAX_NAMES 16

static struct scenario_names names_for(const struct model_ops *model)
{
	static const char *variants[MAX_NAMES], *impls[MAX_NAMES],
		*strategies[MAX_NAMES];
	/* The built-in model's names too: scenarios' "expect" keys use them. */
	static const char *const builtin[] = { "v0", "v1", "v2", "v2-rcu" };
	const struct sim_lock_ops *const *impl = sim_lock_impls();
	const struct sim_strategy_ops *const *strategy = sim_strategies();
	int n = 0;

	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		variants[n++] = builtin[i];
	for (int i = 0; i < model->variant_count() && n < MAX_NAMES - 1; i++)
		variants[n++] = model->variant_name(i);
	for (int i = 0; impl[i] && i < MAX_NAMES - 1; i++)
		impls[i] = impl[i]->name;
	for (int i = 0; strategy[i] && i < MAX_NAMES - 1; i++)
		strategies[i] = strategy[i]->name;
	return (struct scenario_names){ .variants = variants,
					.lock_impls = impls,
					.finding_kinds = sim_finding_kind_names(),
					.strategies = strategies };
}

int main(int argc, char **argv)
{
	const char *strategy_name = "dpor";
	const struct model_ops *model;
	struct scenario_names names;
	unsigned jobs = 1;
	bool report = false;
	int status = 0;
	void *h;

	if (argc < 3) {
		fprintf(stderr, "usage: %s TREE.so SCENARIO.json... "
			"[--strategy S] [--jobs N] [--report]\n", argv[0]);
		return 2;
	}
	h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "tree-run: %s\n", dlerror());
		return 2;
	}
	model = dlsym(h, "itsim_tree_model");
	if (!model) {
		fprintf(stderr, "tree-run: %s: no itsim_tree_model\n", argv[1]);
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--strategy") && i + 1 < argc)
			strategy_name = argv[++i];
		else if (!strcmp(argv[i], "--jobs") && i + 1 < argc)
			jobs = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--report"))
			report = true;
	}
	names = names_for(model);
	printf("model %s: %s\n", model->name, model->variant_name(0));
	for (int i = 2; i < argc; i++) {
		const struct sim_strategy_ops *strategy;
		struct sim_job_result res;
		struct scenario *scn;
		struct scn_factory f;
		struct sim_job job;
		char err[1024];

		if (argv[i][0] == '-') {
			if (strcmp(argv[i], "--report"))
				i++;
			continue;
		}
		if (scenario_load_file(argv[i], &names, &scn, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			status = 2;
			continue;
		}
		strategy = sim_strategy_lookup(strategy_name);
		if (!strategy) {
			fprintf(stderr, "tree-run: no strategy %s\n", strategy_name);
			return 2;
		}
		f = (struct scn_factory){ .scn = scn, .model = model, .variant = 0,
					  .max_steps = 10000 };
		memset(&job, 0, sizeof(job));
		job.strategy = strategy;
		job.params.max_steps = 10000;
		job.max_executions = 2000000;
		job.jobs = jobs;
		job.factory = scn_factory(&f);
		if (sim_job_run(&job, &res, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			scenario_free(scn);
			status = 2;
			continue;
		}
		printf("%s  %s  ", scn->name, model->variant_name(0));
		if (!res.res.nr_found)
			printf("clean");
		for (int k = 0; k < res.res.nr_found; k++)
			printf("%s%s", k ? "," : "",
			       sim_finding_kind_name(res.res.found[k].finding.kind));
		printf("  %llu executions  %s\n",
		       (unsigned long long)res.res.executions,
		       res.res.complete ? "complete" : "incomplete");
		for (int k = 0; report && k < res.res.nr_found; k++)
			printf("%s\n", res.res.found[k].report);
		sim_job_result_free(&res);
		scenario_free(scn);
	}
	return status;
}

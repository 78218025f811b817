/* SPDX-License-Identifier: MIT */
/* sim list: what a scenario may name. */
#include "cli.h"

#include <string.h>

#include <model/model.h>

static const char list_usage[] =
	"usage: sim list\n"
	"\n"
	"Print the variants, lock implementations, scenario operations and ITS\n"
	"commands, exploration strategies and finding kinds.\n";

int cmd_list(int argc, char **argv)
{
	const struct sim_lock_ops *const *impl;
	const struct sim_strategy_ops *const *strategy;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(list_usage, stdout);
		return CLI_EXIT_OK;
	}
	if (argc > 1) {
		fprintf(stderr, "sim list: takes no arguments\n%s", list_usage);
		return CLI_EXIT_BAD_INPUT;
	}
	printf("variants:\n");
	for (int i = 0; i < model_builtin.variant_count(); i++)
		printf("  %-10s %s\n", model_builtin.variant_name(i), model_builtin.variant_summary(i));
	printf("\nlock implementations (\"locks\": {CLASS: IMPL}):\n");
	for (impl = sim_lock_impls(); *impl; impl++)
		printf("  %-10s %s\n", (*impl)->name, (*impl)->summary);
	printf("\nlock classes:\n ");
	for (int i = 0; scn_lock_classes[i]; i++)
		printf(" %s", scn_lock_classes[i]);
	printf("\n\noperations:\n");
	for (int k = SCN_OP_GICR_CTLR; k <= SCN_OP_DESTROY_VM; k++)
		printf("  %s\n", scn_op_name(k));
	printf("\nITS commands:\n ");
	for (int k = SCN_CMD_MAPD; k <= SCN_CMD_SYNC; k++)
		printf(" %s", scn_cmd_name(k));
	printf("\n\nstrategies:\n");
	for (strategy = sim_strategies(); *strategy; strategy++)
		printf("  %-10s %s\n", (*strategy)->name, (*strategy)->summary);
	printf("\nfinding kinds:\n");
	for (int k = 0; k < SIM_FINDING__COUNT; k++)
		printf("  %-19s %s\n", sim_finding_kind_name(k),
		       sim_finding_kind_summary(k));
	return CLI_EXIT_OK;
}

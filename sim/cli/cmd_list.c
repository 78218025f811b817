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
	const char *const *names;

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
	printf("  %-10s %s\n", "mutex", "exclusive, sleeping: waiters block");
	printf("  %-10s %s\n", "spin", "exclusive, not sleeping");
	printf("  %-10s %s\n", "noop", "no exclusion: what if this lock were not taken");
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
	for (names = sim_strategy_names(); *names; names++)
		printf("  %-10s %s\n", *names, sim_strategy_lookup(*names)->summary);
	printf("\nfinding kinds:\n");
	for (names = sim_finding_kind_names(); *names; names++)
		printf("  %s\n", *names);
	return CLI_EXIT_OK;
}

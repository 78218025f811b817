/* SPDX-License-Identifier: MIT */
/* sim: the itsim command line. */
#include "cli.h"

#include <string.h>

#ifndef ITSIM_VERSION
#define ITSIM_VERSION "unknown"
#endif

static const char usage[] =
	"usage: sim COMMAND [options] [args]\n"
	"\n"
	"itsim: a deterministic simulator and systematic concurrency tester for\n"
	"the KVM arm64 vgic-its translation cache.\n"
	"\n"
	"commands:\n"
	"  run SCENARIO...   explore every interleaving, report findings\n"
	"  merge RESULT.json...\n"
	"                    combine the --json outputs of sim run --shard I/N\n"
	"  replay TRACE      re-run a recorded trace and print its report\n"
	"  list              variants, lock implementations, ops, finding kinds\n"
	"  bench             measure a scheduling step and the execution rate\n"
	"  variant new NAME --from BASE\n"
	"                    print a variant file to edit (see --variant-file)\n"
	"\n"
	"  sim COMMAND --help  describes each command; sim --version\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return CLI_EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("sim (itsim) %s\n", ITSIM_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(argv[1], "replay") == 0)
		return cmd_replay(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return cmd_list(argc - 1, argv + 1);
	if (strcmp(argv[1], "bench") == 0)
		return cmd_bench(argc - 1, argv + 1);
	if (strcmp(argv[1], "variant") == 0)
		return cmd_variant(argc - 1, argv + 1);
	fprintf(stderr, "sim: unknown command \"%s\"\n%s", argv[1], usage);
	return CLI_EXIT_BAD_INPUT;
}

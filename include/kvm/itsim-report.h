/* SPDX-License-Identifier: MIT */
/*
 * What model code (the built-in model, a tree's harness) tells the
 * simulator for its reports and coverage, and nothing else of the engine:
 * the part of an operation it runs (sim_actor_doing_now(): "its0 command
 * DISCARD 1:0") and the outcomes sim run --coverage counts (sim_cover()).
 */
#ifndef _KVM_ITSIM_REPORT_H
#define _KVM_ITSIM_REPORT_H

#include <linux/irqchip/arm-gic-v3.h>
#include <linux/sprintf.h>
#include <linux/types.h>
#include <sim/cover.h>
#include <sim/engine.h>

/* An ITS command's name, from its number (GITS_CMD_*). */
static inline const char *sim_its_cmd_name(u8 cmd)
{
	static const char *const names[] = {
		[GITS_CMD_MOVI] = "MOVI", [GITS_CMD_INT] = "INT",
		[GITS_CMD_CLEAR] = "CLEAR", [GITS_CMD_SYNC] = "SYNC",
		[GITS_CMD_MAPD] = "MAPD", [GITS_CMD_MAPC] = "MAPC",
		[GITS_CMD_MAPTI] = "MAPTI", [GITS_CMD_MAPI] = "MAPI",
		[GITS_CMD_INV] = "INV", [GITS_CMD_INVALL] = "INVALL",
		[GITS_CMD_MOVALL] = "MOVALL", [GITS_CMD_DISCARD] = "DISCARD",
	};

	return cmd < sizeof(names) / sizeof(names[0]) && names[cmd] ?
	       names[cmd] : "unknown";
}

/*
 * The command an actor runs now, for sim_actor_doing_now(): "its0
 * command 2 DISCARD 1:0", the second of its operation's commands; the
 * commands without a DeviceID by name alone.
 */
static inline void sim_note_its_cmd(const char *its, u8 cmd, u32 device_id,
				    u32 event_id)
{
	char now[SIM_DOING_NOW_MAX];
	int n = sim_actor_next_part();

	if (cmd == GITS_CMD_MAPC || cmd == GITS_CMD_SYNC ||
	    cmd == GITS_CMD_INVALL || cmd == GITS_CMD_MOVALL)
		snprintf(now, sizeof(now), "%s command %d %s", its, n,
			 sim_its_cmd_name(cmd));
	else
		snprintf(now, sizeof(now), "%s command %d %s %u:%u", its, n,
			 sim_its_cmd_name(cmd), device_id, event_id);
	sim_actor_doing_now(now);
}

#endif /* _KVM_ITSIM_REPORT_H */

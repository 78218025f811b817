/* SPDX-License-Identifier: MIT */
/*
 * Scenarios: the JSON file that says which VM to build, which actors run
 * which operations, which lock implementations to use, how to explore and
 * what each patch variant must find. The loader turns it into the structs
 * below or into one error line, and nothing else: it knows no model code.
 *
 * Error lines (no trailing newline):
 *   FILE:LINE:COLUMN: <jansson's message>    JSON syntax, duplicate keys
 *   FILE: at PATH: <message>                 everything else, e.g.
 *                                            "at vm.its[0].devices[2].lpi"
 *   FILE: cannot read: <strerror>            the file could not be read
 * tests/bad-input/ holds one case per kind of error.
 */
#ifndef SIM_SCENARIO_SCENARIO_H
#define SIM_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits the loader enforces (the simulator's fixed capacities). */
#define SCN_MAX_VCPUS	64
#define SCN_MAX_ITS	8
#define SCN_MAX_ACTORS	31	/* the engine's 32, less the [rcu] callback actor */
#define SCN_ITS_NAME_MAX	15	/* characters in an ITS name */
#define SCN_MAX_LOCKS	8	/* entries of "locks": one per lock class at most */
#define SCN_MAX_QUEUED_CMDS	127	/* ITS commands per ITS per scenario */
#define SCN_MAX_LPIS	32	/* distinct LPI INTIDs in the VM (lpi_xa) */
#define SCN_MAX_CACHED	32	/* cached translations per ITS */
#define SCN_MAX_ID	65535	/* device, event and collection ids */
/*
 * What one execution's arena (8192 objects) can hold with room to spare:
 * each collection, device and event is an object of the initial state.
 */
#define SCN_MAX_COLLECTIONS	256	/* per ITS */
#define SCN_MAX_DEVICES		256	/* per ITS */
#define SCN_MAX_OPS		1024	/* per actor */
/* Names: a scenario's goes into trace file names; an actor's, with the
 * ".workN" of the irqfd workers it spawns, into the engine's 47. */
#define SCN_MAX_NAME		64
#define SCN_MAX_ACTOR_NAME	40
#define SCN_LPI_MIN	8192	/* GIC_LPI_OFFSET */
#define SCN_LPI_MAX	65535

/* The exit status for bad input, returned by the loaders on failure. */
#define SCN_EXIT_BAD_INPUT 2

enum scn_context { SCN_CTX_VCPU, SCN_CTX_VMM, SCN_CTX_IRQFD };
/* SCN_OP_DESTROY_VM stays last: `sim list` walks GICR_CTLR..DESTROY_VM. */
enum scn_op_kind {
	SCN_OP_GICR_CTLR, SCN_OP_GITS_CTLR, SCN_OP_GITS_BASER,
	SCN_OP_ITS_COMMANDS, SCN_OP_MSI, SCN_OP_ITS_CTRL, SCN_OP_REG_WRITE,
	SCN_OP_DESTROY_VM,
};
enum scn_its_action { SCN_ITS_RESET, SCN_ITS_SAVE_TABLES, SCN_ITS_RESTORE_TABLES };
enum scn_reg_target { SCN_TARGET_ITS, SCN_TARGET_REDIST };
enum scn_reg {
	SCN_REG_GITS_CTLR, SCN_REG_GITS_CWRITER, SCN_REG_GITS_BASER,
	SCN_REG_GICR_CTLR,
};
enum scn_cmd_kind {
	SCN_CMD_MAPD, SCN_CMD_MAPC, SCN_CMD_MAPTI, SCN_CMD_MAPI,
	SCN_CMD_DISCARD, SCN_CMD_MOVI, SCN_CMD_MOVALL, SCN_CMD_INV,
	SCN_CMD_INVALL, SCN_CMD_INT, SCN_CMD_CLEAR, SCN_CMD_SYNC,
};

/* Fields a command kind does not carry are 0 (valid: false). */
struct scn_cmd {
	enum scn_cmd_kind kind;
	uint32_t device, event, lpi, collection, vcpu, from, to;
	bool valid;
};
struct scn_op {
	enum scn_op_kind kind;
	uint64_t at;            /* virtual time, default 0 */
	int its;		/* index into vm.its[], -1 when not applicable */
	/* gicr_ctlr: default = the actor's own vCPU; reg_write redist: "vcpu" */
	uint32_t redist;
	/*
	 * gicr_ctlr enable_lpis, gits_ctlr enabled, gits_baser valid;
	 * reg_write: the register's one boolean
	 */
	bool enable;
	/* gits_baser, reg_write GITS_BASER: 0 = device, 1 = collection */
	int table;
	int action;		/* its_ctrl: enum scn_its_action */
	int target, reg;	/* reg_write: enum scn_reg_target, enum scn_reg */
	struct scn_cmd *cmds;	/* its_commands */
	int nr_cmds;
	uint32_t device, event;	/* msi */
	/* JSON path of the op, e.g. "actors[1].ops[0]", for later messages */
	char path[64];
};
struct scn_actor {
	char *name;
	enum scn_context context;
	int vcpu;		/* -1 unless context is vcpu */
	struct scn_op *ops;
	int nr_ops;
};
struct scn_event { uint32_t event, lpi, collection; };
struct scn_device {
	uint32_t id;
	struct scn_event *events;
	int nr_events;
};
struct scn_collection { uint32_t id, vcpu; };
struct scn_cached { uint32_t device, event; };
struct scn_its {
	char *name;
	bool enabled;
	struct scn_collection *collections;
	int nr_collections;
	struct scn_device *devices;
	int nr_devices;
	struct scn_cached *cached;
	int nr_cached;
};
/* An entry of "locks", e.g. "its_lock" -> "mutex". */
struct scn_lock_choice {
	char *lock_class;
	char *impl;
};
struct scn_expect {
	char *variant;
	char **kinds;
	int nr_kinds;
};
struct scenario {
	char *file;		/* as given */
	char *text;		/* the exact contents (embedded in traces) */
	size_t text_len;	/* bytes in text, without the loader's NUL */
	char sha256[65];	/* of text */
	char *name;
	char *description;	/* NULL when not given */
	uint32_t nr_vcpus;
	bool lpis_enabled[SCN_MAX_VCPUS];
	struct scn_its *its;
	int nr_its;
	struct scn_actor *actors;
	int nr_actors;
	struct scn_lock_choice *locks;	/* in file order */
	int nr_locks;
	char *strategy;		/* NULL when not given */
	uint64_t max_executions, max_steps, seed;
	bool has_max_executions, has_max_steps, has_seed;
	int preemption_bound, depth;	/* bounded, pct */
	bool has_preemption_bound, has_depth;
	/*
	 * Fault injection: failed allocations per execution at most, and
	 * the functions whose allocations may fail (NULL: any).
	 */
	int faults;
	bool has_faults;
	char **fault_sites;
	int nr_fault_sites;
	struct scn_expect *expect;	/* in file order */
	int nr_expect;
	bool tears_down;	/* some actor's op is destroy_vm */
};

/*
 * NULL-terminated name lists the loader validates against (the caller
 * supplies the real registries). All four must be non-NULL; an empty list
 * accepts nothing.
 */
struct scenario_names {
	const char *const *variants;
	const char *const *lock_impls;
	const char *const *finding_kinds;
	const char *const *strategies;
};

/*
 * scenario_load_file() - read and validate the scenario at @path.
 *
 * Return: 0 on success with *out owned by the caller (scenario_free());
 * on failure SCN_EXIT_BAD_INPUT (2), *out NULL, and ONE line without a
 * trailing newline in @err (truncated to @errlen; @err may be NULL when
 * @errlen is 0). Messages name the file as @path.
 */
int scenario_load_file(const char *path, const struct scenario_names *names,
		       struct scenario **out, char *err, size_t errlen);
/* As scenario_load_file() for a NUL-terminated text named @display_name. */
int scenario_load_string(const char *text, const char *display_name,
			 const struct scenario_names *names,
			 struct scenario **out, char *err, size_t errlen);
/*
 * As scenario_load_string() for @len bytes that need no NUL (a NUL byte
 * inside is a syntax error).
 */
int scenario_load_buffer(const char *text, size_t len,
			 const char *display_name,
			 const struct scenario_names *names,
			 struct scenario **out, char *err, size_t errlen);
/* Free @s and everything it owns; NULL is fine. */
void scenario_free(struct scenario *s);
/* Whether an operation of @s waits for a virtual time ("at"). */
bool scenario_is_timed(const struct scenario *s);

/* Names as written in the file: "vcpu", "gicr_ctlr", "MAPTI", ... */
const char *scn_context_name(enum scn_context context);
const char *scn_op_name(enum scn_op_kind kind);
const char *scn_cmd_name(enum scn_cmd_kind kind);
/* Lock classes the "locks" object may name, NULL-terminated. */
extern const char *const scn_lock_classes[];

#endif /* SIM_SCENARIO_SCENARIO_H */

/* SPDX-License-Identifier: MIT */
/*
 * Findings: what a checker reports. One enum of kinds (GenMC keeps one
 * too), named exactly as scenarios and traces spell them.
 *
 * X(name, label, summary): the summary is what sim list says of the kind.
 */
#ifndef SIM_FINDING_H
#define SIM_FINDING_H

#include <stddef.h>
#include <stdint.h>

#include <sim/op.h>
#include <sim/site.h>

#define SIM_FINDING_KINDS(X)                                                 \
	X(REFCOUNT_UNDERFLOW, "refcount-underflow",                          \
	  "a put of a reference count already at zero")                      \
	X(REFCOUNT_INC_ZERO, "refcount-inc-zero",                            \
	  "a get of a reference count at zero: the object is being freed")   \
	X(PREMATURE_FREE, "premature-free",                                  \
	  "a put leaving fewer references than live structures hold")        \
	X(USE_AFTER_FREE, "use-after-free",                                  \
	  "an access to a freed object")                                     \
	X(OUT_OF_BOUNDS, "out-of-bounds",                                    \
	  "a plain access past the end of an object (KASAN, run-time code)") \
	X(DOUBLE_FREE, "double-free",                                        \
	  "a free of an object already freed")                               \
	X(LEAK, "leak",                                                      \
	  "a reference nobody will drop, or an object left after teardown") \
	X(ASSERT_HELD, "assert-held",                                        \
	  "lockdep_assert_held() of a lock the actor does not hold")         \
	X(DEADLOCK, "deadlock",                                              \
	  "every unfinished actor blocked")                                  \
	X(LIVELOCK, "livelock",                                              \
	  "an execution that does not end within --max-steps")               \
	X(LOCK_ORDER, "lock-order",                                          \
	  "locks taken against the documented order, or in a cycle")         \
	X(BAD_UNLOCK, "bad-unlock",                                          \
	  "a release of a lock the actor does not hold")                     \
	X(RECURSIVE_LOCK, "recursive-lock",                                  \
	  "an acquisition of a lock the actor already holds")                \
	X(LOCK_HELD_AT_EXIT, "lock-held-at-exit",                            \
	  "an actor ended holding a lock")                                   \
	X(SLEEP_IN_ATOMIC, "sleep-in-atomic",                                \
	  "sleeping in atomic context, under a spinlock or RCU read side")   \
	X(BUG, "bug",                                                        \
	  "BUG_ON() or BUG() reached, or a path the model cannot run")        \
	X(WARNING, "warning",                                                \
	  "WARN_ON() and friends fired; the execution went on")               \
	X(CRASH, "crash",                                                    \
	  "the code under test crashed: a stack overflow, abort(), a bad access") \
	X(BAD_POINTER, "bad-pointer",                                        \
	  "a dereference of NULL, an ERR_PTR() or an xarray error entry")     \
	X(HANG, "hang",                                                      \
	  "an actor ran its CPU-time limit without a visible operation")     \
	X(LPI_REGISTRY, "lpi-registry",                                      \
	  "a mapped LPI that is not the one the LPI registry holds")         \
	X(STALE_TRANSLATION, "stale-translation",                            \
	  "a cached translation to another LPI than the event's ITE maps")   \
	X(SAVED_TABLES, "saved-tables",                                      \
	  "ITS tables a save wrote that do not describe the ITS")            \
	X(DATA_RACE, "data-race",                                            \
	  "conflicting accesses unordered by happens-before (KCSAN, --kcsan)")

enum sim_finding_kind {
#define SIM_FINDING_ENUM(name, label, summary) SIM_FINDING_##name,
	SIM_FINDING_KINDS(SIM_FINDING_ENUM)
#undef SIM_FINDING_ENUM
	SIM_FINDING__COUNT
};

const char *sim_finding_kind_name(enum sim_finding_kind kind);
/* One line saying what the kind means. */
const char *sim_finding_kind_summary(enum sim_finding_kind kind);
/* Return: the kind, or -1 when @name is not a finding kind. */
int sim_finding_kind_lookup(const char *name);
/* NULL-terminated list of kind names. */
const char *const *sim_finding_kind_names(void);

#define SIM_FINDING_MAX_STEPS 6

/* A step of the execution that matters to a finding. */
struct sim_finding_step {
	uint32_t log_index;	/* into the execution's event log */
	char role[48];		/* "allocated", "freed", "first put", ... */
};

struct sim_finding {
	enum sim_finding_kind kind;
	char title[160];	/* one line, kernel style */
	char object[96];	/* "vgic_irq LPI 8192", or "" */
	char detail[640];	/* further lines, each ending in '\n' */
	int actor;		/* the actor that hit it, or -1 */
	char doing[112];	/* its scenario operation then (SIM_DOING_MAX) */
	char doing_now[64];	/* and the part of it (SIM_DOING_NOW_MAX) */
	const struct sim_site *site;	/* where it was detected, or NULL */
	uint32_t step;		/* number of scheduling steps taken */
	struct sim_finding_step steps[SIM_FINDING_MAX_STEPS];
	int nr_steps;
	uint32_t obj_ref;	/* a leak: its object's id + 1, or 0 */
};

#endif /* SIM_FINDING_H */

/* SPDX-License-Identifier: MIT */
/*
 * Coverage of model paths a scenario claims to explore (STYLE.md 14): the
 * exploration must really reach them, or a "clean" verdict would mean
 * nothing. Scenario (h): the VMM's save of the ITS tables both fails with
 * -EBUSY (a vCPU thread still in KVM_RUN holds its vcpu->mutex, so the
 * trylock fails) and succeeds (after that thread has left), judged from
 * the event log of every execution.
 *
 * argv[1]: the scenarios directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <sim/engine.h>
#include <explore/strategy.h>

#include <model/model.h>
#include "names.h"
#include <scenario/program.h>
#include <scenario/scenario.h>

static const char *dir;

struct outcome {
	int busy;	/* a trylock of a vcpu->mutex failed */
	int saved;	/* the VMM took its_lock: the save went through */
	int executions;
};

static void classify(struct sim *s, struct outcome *o)
{
	int vmm = sim_actor_lookup(s, "vmm");
	bool busy = false, saved = false;

	for (size_t i = 0; i < sim_log_len(s); i++) {
		const struct sim_event *ev = sim_log_at(s, i);
		const struct sim_op *op = &ev->op;

		if (ev->actor != vmm || !op->cls)
			continue;
		if (op->kind == SIM_OP_TRYLOCK && !op->ok &&
		    strcmp(op->cls->name, "&vcpu->mutex") == 0)
			busy = true;
		if (op->kind == SIM_OP_LOCK &&
		    strcmp(op->cls->name, "&its->its_lock") == 0)
			saved = true;
	}
	o->busy += busy;
	o->saved += saved;
	o->executions++;
}

/* A loaded scenario run by dfs on one built-in variant. */
struct run {
	struct scenario *scn;
	struct scn_program *prog;
	struct sim *s;
	void *st;
	struct sim_chooser ch;
};

/* @scn (owned by @r from now on) under @variant, ready for dfs. */
static void run_open(struct run *r, struct scenario *scn, const char *variant)
{
	struct sim_strategy_params sp = { .max_steps = 10000 };
	struct sim_config cfg;
	char err[512];

	r->scn = scn;
	r->prog = scn_program_create(scn, &model_builtin,
				     model_builtin.variant_lookup(variant), err,
				     sizeof(err));
	assert_non_null(r->prog);
	scn_program_config(r->prog, sp.max_steps, &cfg);
	r->s = sim_create(&cfg, scn_program_hooks(r->prog));
	r->st = sim_strategy_dfs.create(&sp);
	r->ch = (struct sim_chooser){ r->st, sim_strategy_dfs.choose };
}

/* The next dfs execution, or false when the search is over. */
static bool run_next(struct run *r, enum sim_exec_result *res)
{
	if (!sim_strategy_dfs.next(r->st))
		return false;
	*res = sim_execute(r->s, &r->ch);
	sim_strategy_dfs.done(r->st, r->s, *res);
	return true;
}

static void run_close(struct run *r)
{
	sim_strategy_dfs.destroy(r->st);
	sim_destroy(r->s);
	scn_program_free(r->prog);
	scenario_free(r->scn);
}

static struct outcome explore_h(const char *variant)
{
	char path[4096], err[512];
	struct scenario *scn;
	struct outcome o = { 0 };
	enum sim_exec_result res;
	struct run r;

	snprintf(path, sizeof(path), "%s/h-clear-enable-lpis-vs-save-tables.json", dir);
	assert_int_equal(scenario_load_file(path, scenario_registry_names(), &scn,
					    err, sizeof(err)), 0);
	run_open(&r, scn, variant);
	while (run_next(&r, &res)) {
		assert_int_equal(res, SIM_EXEC_CLEAN);
		classify(r.s, &o);
	}
	run_close(&r);
	return o;
}

static void test_save_tables_both_outcomes(void **state)
{
	const char *variants[] = { "v0", "v1" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct outcome o = explore_h(variants[i]);

		assert_true(o.executions > 1);
		assert_true(o.busy > 0);	/* -EBUSY: vCPU 0 still in KVM_RUN */
		assert_true(o.saved > 0);	/* saved: vCPU 0 has left */
		/* And never both in one execution: a failed trylock returns. */
		assert_true(o.busy + o.saved <= o.executions);
	}
}

/*
 * A scenario whose device 1 has no events, and a vCPU that maps event 0
 * of it with MAPTI. MAPTI of an unmapped device fails without allocating
 * (E_ITS_MAPTI_UNMAPPED_DEVICE); of a mapped one, vgic_add_lpi allocates
 * the LPI in the actor, a visible operation. Device 2 is listed the same
 * way but never used, so the count shows MAPTI alone allocated.
 */
static const char eventless[] =
	"{ \"name\": \"eventless-device\", \"vm\": { \"vcpus\": 1, \"its\": [ {"
	"  \"name\": \"its0\", \"collections\": [ { \"id\": 0, \"vcpu\": 0 } ],"
	"  \"devices\": [ { \"id\": 1 }, { \"id\": 2, \"events\": [] } ] } ] },"
	"  \"actors\": [ { \"name\": \"vcpu0\", \"context\": \"vcpu\", \"vcpu\": 0,"
	"    \"ops\": [ { \"op\": \"its_commands\", \"its\": \"its0\", \"commands\": ["
	"      { \"cmd\": \"MAPTI\", \"device\": %d, \"event\": 0, \"lpi\": 8192,"
	"        \"collection\": 0 } ] } ] } ],"
	"  \"expect\": { \"v1\": [] } }";

/* Allocations of vgic_irq by vcpu0 in the one execution of @device's MAPTI. */
static int lpi_allocations(int device)
{
	char text[sizeof(eventless) + 16], err[512];
	struct scenario *scn;
	enum sim_exec_result res;
	struct run r;
	int allocs = 0;

	snprintf(text, sizeof(text), eventless, device);
	assert_int_equal(scenario_load_string(text, "eventless.json",
					      scenario_registry_names(), &scn,
					      err, sizeof(err)), 0);
	run_open(&r, scn, "v1");
	assert_true(run_next(&r, &res));
	assert_int_equal(res, SIM_EXEC_CLEAN);
	assert_null(scn_program_setup_error(r.prog));
	for (size_t i = 0; i < sim_log_len(r.s); i++) {
		const struct sim_event *ev = sim_log_at(r.s, i);

		if (ev->op.kind == SIM_OP_ALLOC && ev->op.what &&
		    strstr(ev->op.what, "kzalloc") && ev->op.site &&
		    strcmp(ev->op.site->func, "vgic_add_lpi") == 0)
			allocs++;
	}
	run_close(&r);
	return allocs;
}

static void test_devices_without_events_are_mapped(void **state)
{
	(void)state;
	assert_int_equal(lpi_allocations(1), 1);	/* no "events" key */
	assert_int_equal(lpi_allocations(2), 1);	/* "events": [] */
	assert_int_equal(lpi_allocations(3), 0);	/* not listed: not mapped */
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_tables_both_outcomes),
		cmocka_unit_test(test_devices_without_events_are_mapped),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: %s SCENARIOS-DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}

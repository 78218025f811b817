/* SPDX-License-Identifier: MIT */
/* Finding kinds and the raising of a finding. */
#include "sim_internal.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {
#define SIM_FINDING_NAME(name, label, summary) label,
	SIM_FINDING_KINDS(SIM_FINDING_NAME)
#undef SIM_FINDING_NAME
	NULL
};

static const char *const kind_summaries[] = {
#define SIM_FINDING_SUMMARY(name, label, summary) summary,
	SIM_FINDING_KINDS(SIM_FINDING_SUMMARY)
#undef SIM_FINDING_SUMMARY
};

const char *sim_finding_kind_name(enum sim_finding_kind kind)
{
	assert(kind >= 0 && kind < SIM_FINDING__COUNT);
	return kind_names[kind];
}

const char *sim_finding_kind_summary(enum sim_finding_kind kind)
{
	assert(kind >= 0 && kind < SIM_FINDING__COUNT);
	return kind_summaries[kind];
}

int sim_finding_kind_lookup(const char *name)
{
	for (int i = 0; i < SIM_FINDING__COUNT; i++)
		if (strcmp(kind_names[i], name) == 0)
			return i;
	return -1;
}

const char *const *sim_finding_kind_names(void)
{
	return kind_names;
}

struct sim_finding *sim_finding_begin(struct sim *s,
				      enum sim_finding_kind kind,
				      const struct sim_site *site)
{
	struct sim_finding *f = &s->finding;

	/* Only the first violation of an execution is reported. */
	assert(!s->failed);
	s->failed = true;
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->site = site;
	f->actor = sim_running(s) ? s->current : -1;
	if (f->actor >= 0) {
		memcpy(f->doing, s->actors[f->actor].doing, sizeof(f->doing));
		memcpy(f->doing_now, s->actors[f->actor].doing_now,
		       sizeof(f->doing_now));
	}
	f->step = s->step;
	return f;
}

void sim_finding_step(struct sim_finding *f, uint32_t log_index,
		      const char *role)
{
	if (f->nr_steps >= SIM_FINDING_MAX_STEPS)
		return;
	f->steps[f->nr_steps].log_index = log_index;
	snprintf(f->steps[f->nr_steps].role,
		 sizeof(f->steps[f->nr_steps].role), "%s", role);
	f->nr_steps++;
}

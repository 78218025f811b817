/* SPDX-License-Identifier: MIT */
/*
 * Rendering a finding the way the kernel reports one: a separator, the
 * title, the object and what happened to it, the steps that matter, then
 * the whole interleaving step by step (GenMC's traces, under lockdep and
 * KASAN titles).
 */
#include <explore/explore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEPARATOR "=================================================================="

static void event_line(FILE *out, struct sim *s, size_t i, const char *mark)
{
	char line[400];
	const struct sim_event *ev = sim_log_at(s, i);

	sim_format_event(s, ev, line, sizeof(line));
	fprintf(out, "  %s#%-4u %s\n", mark, ev->step, line);
}

char *sim_render_report(struct sim *s, const struct sim_finding *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	size_t n = sim_log_len(s);
	char where[SIM_WHERE_MAX];

	if (!out)
		return NULL;
	fprintf(out, "%s\n%s\n", SEPARATOR, f->title);
	if (f->object[0])
		fprintf(out, "object: %s\n", f->object);
	if (f->actor >= 0 && f->site)
		fprintf(out, "actor: %s, in %s\n", sim_actor_name(s, f->actor),
			sim_site_where(f->site, where, sizeof(where)));
	if (f->actor >= 0 && f->doing[0])
		fprintf(out, "during: %s\n", f->doing);
	for (int i = 0; i < sim_faults_injected(s); i++) {
		char what[SIM_WHERE_MAX + 2 * SIM_DOING_MAX];

		sim_fault_describe(s, i, what, sizeof(what));
		fprintf(out, "fault injected: %s\n", what);
	}
	fputs(f->detail, out);
	if (f->nr_steps) {
		fprintf(out, "\nsteps that matter:\n");
		for (int i = 0; i < f->nr_steps; i++) {
			fprintf(out, "  %s:\n", f->steps[i].role);
			if (f->steps[i].log_index < n)
				event_line(out, s, f->steps[i].log_index, "");
		}
	}
	fprintf(out, "\ninterleaving (%zu steps, %d actors):\n", n,
		sim_nr_actors(s));
	for (size_t i = 0; i < n; i++) {
		bool key = false;

		for (int k = 0; k < f->nr_steps; k++)
			key |= f->steps[k].log_index == i;
		event_line(out, s, i, key ? "> " : "  ");
	}
	fprintf(out, "%s\n", SEPARATOR);
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *sim_render_execution(struct sim *s, uint64_t n, enum sim_exec_result r)
{
	const struct sim_finding *f = sim_last_finding(s);
	char *buf = NULL, key[160];
	size_t len = 0, steps = sim_log_len(s);
	FILE *out = open_memstream(&buf, &len);

	if (!out)
		return NULL;
	if (r == SIM_EXEC_FINDING && f) {
		sim_finding_key(f, key, sizeof(key));
		fprintf(out, "execution %llu: %s: %s\n", (unsigned long long)n, key,
			f->title);
	} else {
		fprintf(out, "execution %llu: clean\n", (unsigned long long)n);
	}
	fprintf(out, "interleaving (%zu steps, %d actors):\n", steps,
		sim_nr_actors(s));
	for (size_t i = 0; i < steps; i++)
		event_line(out, s, i, "  ");
	if (fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

// SPDX-License-Identifier: MIT
/*
 * The run summary in the formats CI systems read: KTAP (what kselftest
 * and KUnit print, and what kernel CI parses) and JUnit XML (GitLab,
 * Jenkins, GitHub). One test per scenario x variant row: it passes when
 * the row met the scenario's expectation; a row that is not judged is
 * skipped. The finding kinds, their sites and trace paths, and how the
 * search ended are the diagnostics.
 */
#include "ci_formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <explore/svg.h>
#include <explore/write.h>

void summary_print_ktap(FILE *out, const struct summary_row *rows, size_t n)
{
	char exp[256];

	fprintf(out, "KTAP version 1\n");
	fprintf(out, "# itsim: %zu scenario x variant row%s\n", n, n == 1 ? "" : "s");
	fprintf(out, "1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		const struct summary_row *r = &rows[i];

		summary_row_expected(r, exp, sizeof(exp));
		fprintf(out, "# %s under %s: %s, expected %s; %llu executions, %s\n",
			r->scenario, r->variant, r->outcome,
			r->judged ? exp : "(not judged)",
			(unsigned long long)r->executions, r->search);
		for (size_t k = 0; k < r->nr_findings; k++)
			fprintf(out, "# %s: %s (trace %s)\n", r->findings[k].key,
				r->findings[k].title, r->findings[k].trace);
		if (!r->judged)
			fprintf(out, "ok %zu %s.%s # SKIP not judged\n", i + 1,
				r->scenario, r->variant);
		else
			fprintf(out, "%s %zu %s.%s\n", r->matched ? "ok" : "not ok",
				i + 1, r->scenario, r->variant);
	}
}

int summary_write_junit(const char *path, const struct summary_row *rows,
			size_t n)
{
	char *buf = NULL, exp[256], err[1024];
	size_t len = 0, failures = 0, skipped = 0;
	FILE *out = open_memstream(&buf, &len);
	int rc;

	if (!out)
		return -1;
	for (size_t i = 0; i < n; i++) {
		failures += rows[i].judged && !rows[i].matched;
		skipped += !rows[i].judged;
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites name=\"itsim\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
		n, failures, skipped);
	for (size_t i = 0; i < n;) {
		const struct summary_row *r = &rows[i];
		size_t j = i, f = 0, sk = 0;

		/* One suite per scenario: its consecutive rows. */
		while (j < n && !strcmp(rows[j].scenario, r->scenario)) {
			f += rows[j].judged && !rows[j].matched;
			sk += !rows[j].judged;
			j++;
		}
		fprintf(out, "  <testsuite name=\"");
		sim_xml_escape(out, r->scenario, 0);
		fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n",
			j - i, f, sk);
		for (; i < j; i++) {
			const struct summary_row *t = &rows[i];

			fprintf(out, "    <testcase classname=\"itsim.");
			sim_xml_escape(out, t->scenario, 0);
			fprintf(out, "\" name=\"");
			sim_xml_escape(out, t->variant, 0);
			/* No time attribute: the file is the same for the same run. */
			fprintf(out, "\">\n");
			if (!t->judged) {
				fprintf(out, "      <skipped message=\"not judged\"/>\n");
			} else if (!t->matched) {
				fprintf(out, "      <failure type=\"");
				sim_xml_escape(out, t->outcome, 0);
				fprintf(out, "\" message=\"expected ");
				summary_row_expected(t, exp, sizeof(exp));
				sim_xml_escape(out, exp, 0);
				fprintf(out, ", got ");
				sim_xml_escape(out, t->outcome, 0);
				fprintf(out, "\">");
				for (size_t k = 0; k < t->nr_findings; k++) {
					sim_xml_escape(out, t->findings[k].key, 0);
					fputs(": ", out);
					sim_xml_escape(out, t->findings[k].title, 0);
					fputs(" (trace ", out);
					sim_xml_escape(out, t->findings[k].trace, 0);
					fputs(")\n", out);
				}
				fprintf(out, "</failure>\n");
			}
			fprintf(out, "      <system-out>");
			sim_xml_escape(out, t->search, 0);
			fprintf(out, ", %llu executions</system-out>\n",
				(unsigned long long)t->executions);
			fprintf(out, "    </testcase>\n");
		}
		fprintf(out, "  </testsuite>\n");
	}
	fprintf(out, "</testsuites>\n");
	if (fclose(out) != 0) {
		free(buf);
		return -1;
	}
	rc = sim_write_file(path, buf, len, err, sizeof(err));
	if (rc)
		fprintf(stderr, "%s\n", err);
	free(buf);
	return rc;
}

/* SPDX-License-Identifier: MIT */
/*
 * Pictures of an interleaving: the execution that just ended drawn as a
 * swimlane diagram, one column per actor and one row per step (time flows
 * down), with the locks and RCU read-side sections each actor is in as
 * bars beside its lane, the objects touched coloured consistently, and the
 * steps of the finding marked. A self-contained SVG 1.1 document.
 */
#ifndef SIM_SVG_H
#define SIM_SVG_H

#include <stdio.h>

#include <sim/engine.h>
#include <sim/finding.h>

/*
 * Render the execution that just ended in @s (the moment sim_render_report
 * is called) as an SVG document. @f: its finding, or NULL for a clean one.
 * @title_line: a heading such as "scenario a, variant v0", or NULL.
 * The output is deterministic: the same execution gives the same bytes.
 * Return: a malloc'd NUL-terminated document, or NULL when out of memory.
 */
char *sim_render_svg(struct sim *s, const struct sim_finding *f,
		     const char *title_line);

/*
 * Write @p escaped for XML text and attribute values (control characters
 * as spaces, which XML 1.0 does not allow), cut to @max characters with
 * an ellipsis (0: no limit). The pictures use it, and the JUnit writer.
 */
void sim_xml_escape(FILE *out, const char *p, size_t max);

#endif /* SIM_SVG_H */

/* SPDX-License-Identifier: MIT */
/*
 * The interleaving as a picture: one column per actor, one row per step,
 * time flowing down (GenMC's and lockdep's traces, drawn). Beside each
 * lane, bars show the locks the actor holds and its RCU read-side
 * sections; each box is tinted with the object it touches, the same
 * object always in the same colour (by order of first appearance); the
 * steps that matter to the finding are outlined in red with their role.
 *
 * Everything is derived from the event log, names, ids and offsets, never
 * from an address, so the same execution gives the same bytes. Labels are
 * set in a monospace font so their widths can be estimated here.
 */
#include <explore/svg.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Geometry, in px. */
#define MARGIN 16
#define GUTTER 48		/* step numbers */
#define ROW_H 42
#define BOX_H 34
#define HEAD_H 30		/* lane headers */
#define CHAR_W 7		/* 11px monospace, rounded up */
#define SMALL_W 6		/* 9-10px monospace */
#define TITLE_W 8		/* 13px monospace */
#define BAR_W 14
#define BAR_GAP 3
#define LANE_PAD 8
#define BOX_MIN_W 170
#define LABEL_MAX 64		/* longer labels are cut; the tooltip has all */
#define WHERE_MAX 52
#define ROLE_MAX 28
#define LINE_H 17

#define FONT "DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, monospace"

#define RED "#d32f2f"
#define RCU_COLOR "#2e7d32"

static const char *const obj_palette[] = {
	"#4e79a7", "#f28e2b", "#b07aa1", "#76b7b2", "#edc948",
	"#9c755f", "#ff9da7", "#59a14f", "#bab0ac", "#17becf",
};
#define NR_OBJ_COLORS (int)(sizeof(obj_palette) / sizeof(obj_palette[0]))

static const char *const lock_palette[] = {
	"#455a64", "#6d4c41", "#5e35b1", "#00838f",
	"#ad1457", "#827717", "#1565c0", "#bf360c",
};
#define NR_LOCK_COLORS (int)(sizeof(lock_palette) / sizeof(lock_palette[0]))

struct step {
	char where[SIM_WHERE_MAX];	/* file:line func */
	char label[192];	/* the operation, short */
	char full[400];		/* the report's line */
	char role[160];		/* the finding's roles for this step */
	int obj;		/* index into objs, or -1 */
	int actor;
	uint32_t nr;		/* ev->step */
	uint64_t time;
};

struct bar {
	int actor;
	int cls;		/* index into locks; -1: an RCU read-side section */
	int depth;		/* RCU nesting depth */
	const void *key;	/* the lock's identity (never printed) */
	size_t start, end;	/* log indices, inclusive */
	bool open;		/* still held when the log ends */
	int slot;
};

struct lock_class {
	char name[96];
	enum sim_lock_type type;
};

struct pic {
	struct sim *s;
	const struct sim_finding *f;
	size_t n;		/* steps */
	int nr_actors;
	struct step *steps;
	char (*objs)[96];
	int nr_objs;
	struct lock_class *locks;
	int nr_locks;
	struct bar *bars;
	int nr_bars;
	bool rcu;		/* any RCU read-side section */
	/* layout */
	int *nslots, *box_w, *lane_x, *lane_w;
	int width, height;
	int rows_y;		/* top of row 0 */
	int nr_rows;		/* steps, and one for the detection point */
};

/* ---- text ---- */

static size_t utf8_len(const char *p)
{
	size_t n = 0;

	for (; *p; p++)
		n += ((unsigned char)*p & 0xc0) != 0x80;
	return n;
}

/*
 * Write @p escaped for XML text and attribute values, cut to @max
 * characters (0: no limit) with an ellipsis.
 */
void sim_xml_escape(FILE *out, const char *p, size_t max)
{
	bool cut = max && utf8_len(p) > max;
	size_t chars = 0;

	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c & 0xc0) != 0x80 && cut && ++chars > max - 1) {
			fputs("\xe2\x80\xa6", out);
			return;
		}
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			/* XML 1.0 allows no other control characters. */
			fputc(c < 0x20 ? ' ' : c, out);
		}
	}
}

static int text_w(const char *p, size_t max, int char_w)
{
	size_t n = utf8_len(p);

	if (max && n > max)
		n = max;
	return (int)n * char_w;
}

static int imax(int a, int b)
{
	return a > b ? a : b;
}

/* The colour @hex mixed with white: the box fill for an object. */
static void tint(const char *hex, char *buf, size_t len)
{
	unsigned int rgb = (unsigned int)strtoul(hex + 1, NULL, 16);
	unsigned int c[3] = { rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff };

	for (int i = 0; i < 3; i++)
		c[i] = (c[i] + (255 - c[i]) * 76 / 100) & 0xff;
	/* Seven characters and the NUL: every caller's buffer holds them. */
	if (snprintf(buf, len, "#%02x%02x%02x", c[0], c[1], c[2]) >= (int)len)
		abort();
}

static const char *obj_color(int i)
{
	return obj_palette[i % NR_OBJ_COLORS];
}

static const char *lock_color(int i)
{
	return i < 0 ? RCU_COLOR : lock_palette[i % NR_LOCK_COLORS];
}

/* ---- what the log says ---- */

static const char *lock_type_name(enum sim_lock_type t)
{
	switch (t) {
	case SIM_LOCK_MUTEX: return "mutex";
	case SIM_LOCK_SPINLOCK: return "spinlock";
	case SIM_LOCK_RAW_SPINLOCK: return "raw spinlock";
	case SIM_LOCK_SRCU: return "srcu read side";
	}
	return "lock";
}

/* The lock's class name, short enough for a bar: "&its->its_lock" -> "its_lock". */
static const char *short_class(const char *name)
{
	const char *p = strstr(name, "->");
	const char *last = NULL;

	while (p) {
		last = p + 2;
		p = strstr(last, "->");
	}
	if (last && *last)
		return last;
	return name[0] == '&' && name[1] ? name + 1 : name;
}

static int intern_obj(struct pic *p, const char *name)
{
	if (!name[0])
		return -1;
	for (int i = 0; i < p->nr_objs; i++)
		if (strcmp(p->objs[i], name) == 0)
			return i;
	/* At most one new object per step: objs has room for n. */
	snprintf(p->objs[p->nr_objs], sizeof(p->objs[0]), "%s", name);
	return p->nr_objs++;
}

static int intern_lock(struct pic *p, const struct sim_lock_class *cls)
{
	const char *name = cls && cls->name ? cls->name : "lock";

	for (int i = 0; i < p->nr_locks; i++)
		if (strcmp(p->locks[i].name, name) == 0)
			return i;
	snprintf(p->locks[p->nr_locks].name, sizeof(p->locks[0].name), "%s", name);
	p->locks[p->nr_locks].type = cls ? cls->type : SIM_LOCK_MUTEX;
	return p->nr_locks++;
}

/* The object a step is about: the lock's, the entry's, the location's. */
static const void *primary_addr(const struct sim_op *op)
{
	switch (op->kind) {
	case SIM_OP_XA_LOAD:
	case SIM_OP_XA_FIND:
	case SIM_OP_XA_STORE:
	case SIM_OP_XA_ERASE:
	case SIM_OP_XA_RESERVE:
		return op->value ? op->value : op->addr;
	case SIM_OP_START:
	case SIM_OP_RCU_LOCK:
	case SIM_OP_RCU_UNLOCK:
	case SIM_OP_SYNC:
	case SIM_OP_WAIT_OTHERS:
	case SIM_OP__COUNT:
		return NULL;
	default:
		return op->addr;
	}
}

/* A lock or RCU section begins at step @i. */
static void open_bar(struct pic *p, int actor, int cls, int depth,
		    const void *key, size_t i)
{
	struct bar *b = &p->bars[p->nr_bars++];

	*b = (struct bar){ .actor = actor, .cls = cls, .depth = depth,
			   .key = key, .start = i, .end = i, .open = true };
}

/* ... and ends at step @i: the innermost open one that matches. */
static void close_bar(struct pic *p, int actor, bool rcu, const void *key,
		      size_t i)
{
	for (int k = p->nr_bars; k-- > 0;) {
		struct bar *b = &p->bars[k];

		if (b->actor != actor || !b->open || (b->cls < 0) != rcu)
			continue;
		if (!rcu && b->key != key)
			continue;
		b->open = false;
		b->end = i;
		return;
	}
}

static void collect(struct pic *p)
{
	const struct sim_finding *f = p->f;

	for (size_t i = 0; i < p->n; i++) {
		const struct sim_event *ev = sim_log_at(p->s, i);
		const struct sim_op *op = &ev->op;
		struct step *st = &p->steps[i];
		char name[96];
		const void *key = op->lock ? (const void *)op->lock : op->addr;

		st->actor = ev->actor;
		st->nr = ev->step;
		st->time = ev->time;
		if (op->site)
			sim_site_where(op->site, st->where, sizeof(st->where));
		else
			snprintf(st->where, sizeof(st->where), "%s",
				 op->kind == SIM_OP_START ? "(actor starts)" : "-");
		sim_format_op(p->s, op, SIM_OP_STYLE_LABEL, st->label, sizeof(st->label));
		sim_format_event(p->s, ev, st->full, sizeof(st->full));
		sim_describe_object(p->s, primary_addr(op), name, sizeof(name));
		st->obj = intern_obj(p, name);
		if (ev->actor < 0 || ev->actor >= p->nr_actors)
			continue;
		switch (op->kind) {
		case SIM_OP_LOCK:
		case SIM_OP_TRYLOCK:
			if (op->kind == SIM_OP_LOCK || op->ok)
				open_bar(p, ev->actor, intern_lock(p, op->cls), 0,
					 key, i);
			break;
		case SIM_OP_UNLOCK:
			intern_lock(p, op->cls);
			close_bar(p, ev->actor, false, key, i);
			break;
		case SIM_OP_RCU_LOCK:
			p->rcu = true;
			open_bar(p, ev->actor, -1, (int)op->after, NULL, i);
			break;
		case SIM_OP_RCU_UNLOCK:
			close_bar(p, ev->actor, true, NULL, i);
			break;
		default:
			break;
		}
	}
	for (int k = 0; k < p->nr_bars; k++)
		if (p->bars[k].open)
			p->bars[k].end = p->nr_rows - 1;
	for (int k = 0; f && k < f->nr_steps; k++) {
		struct step *st;

		if (f->steps[k].log_index >= p->n)
			continue;
		st = &p->steps[f->steps[k].log_index];
		if (st->role[0])
			strncat(st->role, ", ", sizeof(st->role) - strlen(st->role) - 1);
		strncat(st->role, f->steps[k].role[0] ? f->steps[k].role : "finding",
			sizeof(st->role) - strlen(st->role) - 1);
	}
}

/* ---- layout ---- */

static void detect_label(const struct pic *p, char *buf, size_t len)
{
	const struct sim_finding *f = p->f;
	char where[SIM_WHERE_MAX];

	if (f->site)
		snprintf(buf, len, "%s detected at %s",
			 sim_finding_kind_name(f->kind),
			 sim_site_where(f->site, where, sizeof(where)));
	else
		snprintf(buf, len, "%s detected", sim_finding_kind_name(f->kind));
}

/* Bars take the leftmost slot free over their rows: outer locks leftmost. */
static void assign_slots(struct pic *p)
{
	for (int k = 0; k < p->nr_bars; k++) {
		struct bar *b = &p->bars[k];
		int slot = 0;

		for (bool busy = true; busy; slot += busy) {
			busy = false;
			for (int j = 0; j < k; j++) {
				const struct bar *o = &p->bars[j];

				if (o->actor == b->actor && o->slot == slot &&
				    o->start <= b->end && b->start <= o->end)
					busy = true;
			}
		}
		b->slot = slot;
		p->nslots[b->actor] = imax(p->nslots[b->actor], slot + 1);
	}
}

static int row_top(const struct pic *p, size_t row)
{
	return p->rows_y + (int)row * ROW_H + (ROW_H - BOX_H) / 2;
}

static int box_x(const struct pic *p, int actor)
{
	return p->lane_x[actor] + LANE_PAD + p->nslots[actor] * (BAR_W + BAR_GAP);
}

/* ---- drawing ---- */

static void text_line(FILE *out, int x, int y, const char *cls,
		      const char *anchor, const char *s, size_t max)
{
	fprintf(out, "<text class=\"%s\" x=\"%d\" y=\"%d\"%s%s%s>", cls, x, y,
		anchor ? " text-anchor=\"" : "", anchor ? anchor : "",
		anchor ? "\"" : "");
	sim_xml_escape(out, s, max);
	fputs("</text>\n", out);
}

static void draw_style(FILE *out)
{
	fputs("<style type=\"text/css\">\n"
	      "text { font-family: " FONT "; fill: #212121; }\n"
	      ".h1 { font-size: 15px; font-weight: bold; }\n"
	      ".h2 { font-size: 11px; fill: #616161; }\n"
	      ".ftitle { font-size: 13px; font-weight: bold; fill: #b71c1c; }\n"
	      ".fline { font-size: 11px; fill: #37474f; }\n"
	      ".actor { font-size: 12px; font-weight: bold; }\n"
	      ".nr { font-size: 10px; fill: #757575; }\n"
	      ".nrkey { font-size: 10px; font-weight: bold; fill: " RED "; }\n"
	      ".where { font-size: 10px; fill: #546e7a; }\n"
	      ".op { font-size: 11px; }\n"
	      ".role { font-size: 10px; font-weight: bold; fill: " RED "; }\n"
	      ".barlabel { font-size: 9px; fill: #ffffff; }\n"
	      ".detect { font-size: 11px; font-weight: bold; fill: " RED "; }\n"
	      ".legend { font-size: 11px; }\n"
	      ".lhead { font-size: 11px; font-weight: bold; fill: #616161; }\n"
	      "</style>\n", out);
}

static int finding_lines(const struct pic *p)
{
	const struct sim_finding *f = p->f;
	int lines = 1;

	if (!f)
		return 0;
	lines += f->object[0] != 0;
	lines += f->actor >= 0;
	lines += f->actor >= 0 && f->doing[0];
	for (const char *c = f->detail; *c; c++)
		lines += *c == '\n';
	if (f->detail[0] && f->detail[strlen(f->detail) - 1] != '\n')
		lines++;
	return lines;
}

/* The finding: its title, object, where it hit, and the detail lines. */
static void draw_finding(FILE *out, const struct pic *p, int y)
{
	const struct sim_finding *f = p->f;
	int h = finding_lines(p) * LINE_H + 12, x = MARGIN + 12;
	char line[700], where[SIM_WHERE_MAX];

	fprintf(out, "<g class=\"finding\">\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#fdecea\" stroke=\"" RED "\" stroke-width=\"1.5\"/>\n",
		MARGIN, y, p->width - 2 * MARGIN, h);
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"5\" height=\"%d\" fill=\"" RED "\"/>\n",
		MARGIN, y, h);
	y += LINE_H + 2;
	text_line(out, x, y, "ftitle", NULL, f->title, 0);
	if (f->object[0]) {
		y += LINE_H;
		snprintf(line, sizeof(line), "object: %s", f->object);
		text_line(out, x, y, "fline", NULL, line, 0);
	}
	if (f->actor >= 0) {
		y += LINE_H;
		if (f->site)
			snprintf(line, sizeof(line), "actor: %s, in %s",
				 sim_actor_name(p->s, f->actor),
				 sim_site_where(f->site, where, sizeof(where)));
		else
			snprintf(line, sizeof(line), "actor: %s",
				 sim_actor_name(p->s, f->actor));
		text_line(out, x, y, "fline", NULL, line, 0);
		if (f->doing[0]) {
			y += LINE_H;
			snprintf(line, sizeof(line), "during: %s", f->doing);
			text_line(out, x, y, "fline", NULL, line, 0);
		}
	}
	for (const char *c = f->detail; *c;) {
		const char *e = strchr(c, '\n');
		size_t n = e ? (size_t)(e - c) : strlen(c);

		snprintf(line, sizeof(line), "%.*s", (int)n, c);
		y += LINE_H;
		text_line(out, x, y, "fline", NULL, line, 0);
		c += n + (e != NULL);
	}
	fputs("</g>\n", out);
}

static int finding_width(const struct pic *p)
{
	const struct sim_finding *f = p->f;
	int w = 0;

	if (!f)
		return 0;
	w = imax(w, text_w(f->title, 0, TITLE_W));
	w = imax(w, (int)(strlen(f->object) + 8) * CHAR_W);
	w = imax(w, (int)(strlen(f->site ? f->site->func : "") + 60) * CHAR_W);
	for (const char *c = f->detail; *c;) {
		const char *e = strchr(c, '\n');
		size_t n = e ? (size_t)(e - c) : strlen(c);

		w = imax(w, (int)n * CHAR_W);
		c += n + (e != NULL);
	}
	return w + 30;
}

static void draw_lanes(FILE *out, const struct pic *p, int head_y)
{
	int bottom = p->rows_y + p->nr_rows * ROW_H;

	/* Every other row shaded, across all lanes, to follow a step. */
	for (int r = 1; r < p->nr_rows; r += 2)
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f5f6f8\"/>\n",
			MARGIN, p->rows_y + r * ROW_H,
			p->lane_x[p->nr_actors - 1] + p->lane_w[p->nr_actors - 1] - MARGIN,
			ROW_H);
	for (int a = 0; a < p->nr_actors; a++) {
		const char *name = sim_actor_name(p->s, a);
		int x = p->lane_x[a], w = p->lane_w[a];
		bool hit = p->f && p->f->actor == a;

		fputs("<g class=\"lane\">\n<title>", out);
		sim_xml_escape(out, name, 0);
		fputs("</title>\n", out);
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\" stroke=\"%s\"/>\n",
			x + 2, head_y, w - 4, HEAD_H - 4,
			hit ? "#fdecea" : "#eceff1", hit ? RED : "#b0bec5");
		text_line(out, x + w / 2, head_y + 18, "actor", "middle", name, 0);
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#cfd8dc\" stroke-width=\"1\"/>\n",
			x + w, head_y, x + w, bottom);
		fputs("</g>\n", out);
	}
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#cfd8dc\" stroke-width=\"1\"/>\n",
		p->lane_x[0], head_y, p->lane_x[0], bottom);
}

static void draw_bars(FILE *out, const struct pic *p)
{
	for (int k = 0; k < p->nr_bars; k++) {
		const struct bar *b = &p->bars[k];
		int x = p->lane_x[b->actor] + LANE_PAD + b->slot * (BAR_W + BAR_GAP);
		int y0 = row_top(p, b->start) + 1;
		int y1 = row_top(p, b->end) + BOX_H - 1;
		const char *name = b->cls >= 0 ? p->locks[b->cls].name : "rcu_read_lock";
		char tip[256], lab[96];
		int cx, cy, fit, fade = y1;

		if (b->cls >= 0)
			snprintf(tip, sizeof(tip), "%s (%s) held by %s from #%u ",
				 name, lock_type_name(p->locks[b->cls].type),
				 sim_actor_name(p->s, b->actor), p->steps[b->start].nr);
		else
			snprintf(tip, sizeof(tip), "RCU read-side section (depth %d) of %s from #%u ",
				 b->depth, sim_actor_name(p->s, b->actor),
				 p->steps[b->start].nr);
		if (b->open)
			strncat(tip, "on: still held when the execution ended",
				sizeof(tip) - strlen(tip) - 1);
		else
			snprintf(tip + strlen(tip), sizeof(tip) - strlen(tip),
				 "to #%u", p->steps[b->end].nr);
		if (b->cls < 0 && b->depth > 1)
			snprintf(lab, sizeof(lab), "rcu %d", b->depth);
		else
			snprintf(lab, sizeof(lab), "%s",
				 b->cls >= 0 ? short_class(name) : "rcu");
		/* Still held when the execution ended: it fades out below. */
		if (b->open && p->n) {
			fade = row_top(p, p->n - 1) + BOX_H;
			if (fade > y1)
				fade = y1;
		}
		cx = x + BAR_W / 2;
		cy = (y0 + fade) / 2;
		fit = (fade - y0 - 6) / SMALL_W;
		fprintf(out, "<g class=\"%s\">\n<title>", b->cls >= 0 ? "lockbar" : "rcubar");
		sim_xml_escape(out, tip, 0);
		fputs("</title>\n", out);
		if (fade < y1)
			fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.3\"/>\n",
				x, fade - 3, BAR_W, y1 - fade + 3, lock_color(b->cls));
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\"/>\n",
			x, y0, BAR_W, fade - y0, lock_color(b->cls));
		if (fit >= 3) {
			fprintf(out, "<text class=\"barlabel\" x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(90 %d %d)\">",
				cx, cy + 3, cx, cy);
			sim_xml_escape(out, lab, (size_t)fit);
			fputs("</text>\n", out);
		}
		fputs("</g>\n", out);
	}
}

/* A thin line from each step to the next when another actor takes over. */
static void draw_switches(FILE *out, const struct pic *p)
{
	for (size_t i = 1; i < p->n; i++) {
		const struct step *a = &p->steps[i - 1], *b = &p->steps[i];
		int xa, xb;

		if (a->actor == b->actor || a->actor < 0 || b->actor < 0 ||
		    a->actor >= p->nr_actors || b->actor >= p->nr_actors)
			continue;
		xa = box_x(p, a->actor) + p->box_w[a->actor] / 2;
		xb = box_x(p, b->actor) + p->box_w[b->actor] / 2;
		fprintf(out, "<path class=\"switch\" d=\"M %d %d L %d %d\" fill=\"none\" stroke=\"#90a4ae\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>\n",
			xa, row_top(p, i - 1) + BOX_H, xb, row_top(p, i));
	}
}

static void draw_steps(FILE *out, const struct pic *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct step *st = &p->steps[i];
		bool key = st->role[0] != '\0';
		int y = row_top(p, i), x, w;
		char fill[8], nr[16];

		snprintf(nr, sizeof(nr), "#%u", st->nr);
		text_line(out, MARGIN + GUTTER - 8, y + BOX_H / 2 + 4,
			  key ? "nrkey" : "nr", "end", nr, 0);
		if (st->actor < 0 || st->actor >= p->nr_actors)
			continue;
		x = box_x(p, st->actor);
		w = p->box_w[st->actor];
		if (st->obj >= 0)
			tint(obj_color(st->obj), fill, sizeof(fill));
		else
			snprintf(fill, sizeof(fill), "#ffffff");
		fputs("<g class=\"step\">\n<title>", out);
		sim_xml_escape(out, nr, 0);
		fputs(" ", out);
		sim_xml_escape(out, st->full, 0);
		if (st->time) {
			char t[40];

			snprintf(t, sizeof(t), " (time %llu)", (unsigned long long)st->time);
			sim_xml_escape(out, t, 0);
		}
		if (key) {
			fputs(" [", out);
			sim_xml_escape(out, st->role, 0);
			fputs("]", out);
		}
		fputs("</title>\n", out);
		fprintf(out, "<rect class=\"box%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>\n",
			key ? " key" : "", x, y, w, BOX_H, fill,
			key ? RED : st->obj >= 0 ? obj_color(st->obj) : "#9e9e9e",
			key ? "2.5" : "1");
		if (st->obj >= 0)
			fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"5\" height=\"%d\" fill=\"%s\"/>\n",
				x + 2, y + 2, BOX_H - 4, obj_color(st->obj));
		text_line(out, x + 11, y + 13, "where", NULL, st->where, WHERE_MAX);
		if (key)
			text_line(out, x + w - 6, y + 13, "role", "end", st->role, ROLE_MAX);
		text_line(out, x + 11, y + 28, "op", NULL, st->label, LABEL_MAX);
		fputs("</g>\n", out);
	}
}

static void draw_detect(FILE *out, const struct pic *p)
{
	size_t row = p->n;
	int y = row_top(p, row), x, w;
	char label[300];

	detect_label(p, label, sizeof(label));
	if (p->f->actor >= 0 && p->f->actor < p->nr_actors) {
		x = box_x(p, p->f->actor);
		w = p->box_w[p->f->actor];
	} else {
		x = p->lane_x[0] + LANE_PAD;
		w = p->lane_x[p->nr_actors - 1] + p->lane_w[p->nr_actors - 1] -
		    LANE_PAD - x;
	}
	fputs("<g class=\"detect\">\n<title>", out);
	sim_xml_escape(out, p->f->title, 0);
	fputs("</title>\n", out);
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#ffffff\" stroke=\"" RED "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\n",
		x, y + 4, w, BOX_H - 8);
	text_line(out, x + 10, y + BOX_H / 2 + 4, "detect", NULL, label,
		  (size_t)((w - 16) / CHAR_W));
	fputs("</g>\n", out);
}

/* Legend items flow left to right and wrap. */
struct flow {
	FILE *out;		/* NULL: only measure */
	int x0, x, y, right;
	int indent;		/* where items start, past the heading */
};

static void flow_item(struct flow *fl, int w)
{
	if (fl->x > fl->indent && fl->x + w > fl->right) {
		fl->x = fl->indent;
		fl->y += LINE_H + 4;
	}
}

static void legend_head(struct flow *fl, const char *head)
{
	fl->x = fl->x0;
	if (fl->out)
		text_line(fl->out, fl->x, fl->y + 11, "lhead", NULL, head, 0);
	fl->x += 92;
	fl->indent = fl->x;
}

enum swatch { SW_BOX, SW_KEY, SW_DASHED, SW_BAR };

static void legend_swatch(struct flow *fl, enum swatch kind, const char *fill,
			  const char *stroke, const char *text)
{
	int w = 22 + text_w(text, 0, CHAR_W) + 18;

	flow_item(fl, w);
	if (fl->out) {
		if (kind == SW_BAR)
			fprintf(fl->out, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"16\" rx=\"2\" fill=\"%s\"/>\n",
				fl->x + 4, fl->y, fill);
		else
			fprintf(fl->out, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"14\" rx=\"3\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n",
				fl->x, fl->y + 1, fill, stroke,
				kind == SW_KEY ? "2.5" : kind == SW_DASHED ? "1.5" : "1",
				kind == SW_DASHED ? " stroke-dasharray=\"3 2\"" : "");
		text_line(fl->out, fl->x + 22, fl->y + 12, "legend", NULL, text, 0);
	}
	fl->x += w;
}

/* Return: the y below the legend. */
static int legend(const struct pic *p, FILE *out, int y)
{
	struct flow fl = { .out = out, .x0 = MARGIN + 8, .x = MARGIN + 8,
			   .y = y + 10, .right = p->width - MARGIN - 8,
			   .indent = MARGIN + 8 };
	char fill[8], text[160];

	if (out)
		fprintf(out, "<g class=\"legend\">\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#fafafa\" stroke=\"#cfd8dc\"/>\n",
			MARGIN, y, p->width - 2 * MARGIN,
			legend(p, NULL, y) - y - 6);
	if (p->nr_objs) {
		legend_head(&fl, "objects");
		for (int i = 0; i < p->nr_objs; i++) {
			bool its = p->f && strcmp(p->f->object, p->objs[i]) == 0;

			tint(obj_color(i), fill, sizeof(fill));
			snprintf(text, sizeof(text), "%s%s", p->objs[i],
				 its ? " (the finding's)" : "");
			legend_swatch(&fl, its ? SW_KEY : SW_BOX, fill,
				      its ? RED : obj_color(i), text);
		}
		fl.y += LINE_H + 4;
	}
	if (p->nr_locks || p->rcu) {
		legend_head(&fl, "held");
		for (int i = 0; i < p->nr_locks; i++) {
			snprintf(text, sizeof(text), "%s (%s)", p->locks[i].name,
				 lock_type_name(p->locks[i].type));
			legend_swatch(&fl, SW_BAR, lock_color(i), NULL, text);
		}
		if (p->rcu)
			legend_swatch(&fl, SW_BAR, RCU_COLOR, NULL,
				      "RCU read-side section");
		fl.y += LINE_H + 4;
	}
	legend_head(&fl, "marks");
	if (p->f && p->f->nr_steps)
		legend_swatch(&fl, SW_KEY, "#ffffff", RED,
			      "a step of the finding (its role in red)");
	if (p->f)
		legend_swatch(&fl, SW_DASHED, "#ffffff", RED,
			      "where it was detected");
	legend_swatch(&fl, SW_BOX, "#ffffff", "#9e9e9e",
		      "a step touching no object");
	flow_item(&fl, 200);
	if (out) {
		fprintf(out, "<path d=\"M %d %d L %d %d\" stroke=\"#90a4ae\" stroke-dasharray=\"3 3\"/>\n",
			fl.x, fl.y + 14, fl.x + 16, fl.y + 2);
		text_line(out, fl.x + 22, fl.y + 12, "legend", NULL,
			  "another actor runs", 0);
	}
	fl.y += LINE_H + 4;
	if (out)
		fputs("</g>\n", out);
	return fl.y + 6;
}

static int layout(struct pic *p, const char *title_line)
{
	int x = MARGIN + GUTTER, y = MARGIN, w;
	char label[300];

	assign_slots(p);
	for (int a = 0; a < p->nr_actors; a++)
		p->box_w[a] = imax(BOX_MIN_W,
				   text_w(sim_actor_name(p->s, a), 0, CHAR_W) + 20);
	for (size_t i = 0; i < p->n; i++) {
		const struct step *st = &p->steps[i];
		int a = st->actor, top;

		if (a < 0 || a >= p->nr_actors)
			continue;
		top = text_w(st->where, WHERE_MAX, SMALL_W) + 24;
		if (st->role[0])
			top += text_w(st->role, ROLE_MAX, SMALL_W) + 8;
		p->box_w[a] = imax(p->box_w[a], top);
		p->box_w[a] = imax(p->box_w[a],
				   text_w(st->label, LABEL_MAX, CHAR_W) + 20);
	}
	if (p->f && p->f->actor >= 0 && p->f->actor < p->nr_actors) {
		detect_label(p, label, sizeof(label));
		p->box_w[p->f->actor] = imax(p->box_w[p->f->actor],
					     text_w(label, 0, CHAR_W) + 24);
	}
	for (int a = 0; a < p->nr_actors; a++) {
		p->lane_x[a] = x;
		p->lane_w[a] = 2 * LANE_PAD + p->nslots[a] * (BAR_W + BAR_GAP) +
			       p->box_w[a];
		x += p->lane_w[a];
	}
	w = x + MARGIN;
	if (title_line)
		w = imax(w, text_w(title_line, 0, 9) + 2 * MARGIN);
	w = imax(w, finding_width(p) + 2 * MARGIN);
	p->width = imax(w, 560);
	/* Heading, summary, finding panel, lane heads, rows, legend. */
	y += title_line ? 22 : 0;
	y += 18;
	if (p->f)
		y += 10 + finding_lines(p) * LINE_H + 12;
	y += 12 + HEAD_H;
	p->rows_y = y;
	y += p->nr_rows * ROW_H + 14;
	p->height = legend(p, NULL, y) + MARGIN;
	return 0;
}

static void draw(FILE *out, struct pic *p, const char *title_line)
{
	int y = MARGIN;
	char line[200];

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		p->width, p->height, p->width, p->height);
	fputs("<title>", out);
	sim_xml_escape(out, title_line ? title_line : "itsim interleaving", 0);
	if (p->f) {
		fputs(": ", out);
		sim_xml_escape(out, p->f->title, 0);
	}
	fputs("</title>\n", out);
	draw_style(out);
	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		p->width, p->height);
	if (title_line) {
		y += 15;
		text_line(out, MARGIN, y, "h1", NULL, title_line, 0);
		y += 7;
	}
	snprintf(line, sizeof(line), "%zu step%s, %d actor%s; time flows down, one column per actor",
		 p->n, p->n == 1 ? "" : "s", p->nr_actors,
		 p->nr_actors == 1 ? "" : "s");
	y += 14;
	text_line(out, MARGIN, y, "h2", NULL, line, 0);
	y += 4;
	if (p->f) {
		y += 10;
		draw_finding(out, p, y);
		y += finding_lines(p) * LINE_H + 12;
	}
	y += 12;
	if (p->nr_actors > 0) {
		draw_lanes(out, p, y);
		draw_bars(out, p);
		draw_switches(out, p);
		draw_steps(out, p);
		if (p->f)
			draw_detect(out, p);
	}
	legend(p, out, p->rows_y + p->nr_rows * ROW_H + 14);
	fputs("</svg>\n", out);
}

char *sim_render_svg(struct sim *s, const struct sim_finding *f,
		     const char *title_line)
{
	struct pic p = { .s = s, .f = f };
	char *buf = NULL;
	size_t len = 0, n = sim_log_len(s);
	FILE *out;
	int na = sim_nr_actors(s);

	p.n = n;
	p.nr_actors = na;
	p.nr_rows = (int)n + (f != NULL);
	p.steps = calloc(n ? n : 1, sizeof(*p.steps));
	p.objs = calloc(n ? n : 1, sizeof(*p.objs));
	p.locks = calloc(n ? n : 1, sizeof(*p.locks));
	p.bars = calloc(n ? n : 1, sizeof(*p.bars));
	p.nslots = calloc((size_t)na + 1, sizeof(int));
	p.box_w = calloc((size_t)na + 1, sizeof(int));
	p.lane_x = calloc((size_t)na + 1, sizeof(int));
	p.lane_w = calloc((size_t)na + 1, sizeof(int));
	if (!p.steps || !p.objs || !p.locks || !p.bars || !p.nslots ||
	    !p.box_w || !p.lane_x || !p.lane_w)
		goto out;
	collect(&p);
	layout(&p, title_line);
	out = open_memstream(&buf, &len);
	if (!out)
		goto out;
	draw(out, &p, title_line);
	if (fclose(out) != 0) {
		free(buf);
		buf = NULL;
	}
out:
	free(p.steps);
	free(p.objs);
	free(p.locks);
	free(p.bars);
	free(p.nslots);
	free(p.box_w);
	free(p.lane_x);
	free(p.lane_w);
	return buf;
}

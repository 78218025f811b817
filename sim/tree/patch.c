/* SPDX-License-Identifier: MIT */
/*
 * Applying a user's patches onto a private copy of a tree's subset.
 *
 * Its own hunk applier rather than patch(1), for the messages and for one
 * repair: a patch read from a mail archive often lost every line's leading
 * whitespace, so its context lines have no marker and no indentation
 * left. Such a line is kept as a "damaged" context line; a damaged hunk
 * is placed where its context and removed lines match the file once
 * whitespace is ignored, if that place is the only one, and takes those
 * lines from the file. Undamaged hunks match exactly, at the offset
 * nearest the line they name, as `git apply` wants them.
 *
 * A patch is a sequence of file diffs found anywhere in the text, so a
 * plain unified diff, `git format-patch` output and an mbox of several
 * messages read alike: commit messages, diffstats and signatures lie
 * outside any file diff, and a hunk ends where its header's counts say.
 */
#include "src_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scenario/sha256.h>
#include <sim/alloc.h>

struct hline {
	char tag;		/* ' ', '-' or '+' */
	bool damaged;		/* a context line that lost its marker and indentation */
	const char *text;
	size_t len;
};

struct hunk {
	long old_start, old_count, new_start, new_count;
	int at;			/* the patch's line of the "@@" header */
	int nr, cap;
	struct hline *l;
	bool new_noeol;		/* the new side ends without a newline */
	int damaged;		/* damaged lines */
};

struct fdiff {
	char *old_path, *new_path;	/* -p1 stripped; NULL for /dev/null */
	bool is_new, is_delete, has_paths;
	int at, msg;
	int nr, cap;
	struct hunk *h;
};

struct patchfile {
	const char *name;
	char *text;
	size_t len;
	char **line;
	size_t *llen;
	int nr_lines;
	int nr, cap;
	struct fdiff *f;
	int messages, damaged_lines;
};

/* A file of the work copy as lines without their newlines. */
struct flines {
	int nr, cap;
	char **s;
	size_t *len;
	bool noeol;
};

static void fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Split @p->text into lines in place (a CR before a newline is dropped). */
static void split_lines(struct patchfile *p)
{
	int cap = 0;

	for (char *s = p->text; s < p->text + p->len;) {
		char *nl = memchr(s, '\n', (size_t)(p->text + p->len - s));
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (n && s[n - 1] == '\r')
			n--;
		s[n] = '\0';
		if (p->nr_lines == cap) {
			cap = cap ? 2 * cap : 256;
			p->line = sim_xreallocarray(p->line, (size_t)cap, sizeof(*p->line));
			p->llen = sim_xreallocarray(p->llen, (size_t)cap, sizeof(*p->llen));
		}
		p->line[p->nr_lines] = s;
		p->llen[p->nr_lines++] = n;
		if (!nl)
			break;
		s = nl + 1;
	}
}

/*
 * A path of a "---"/"+++"/"diff --git" line with one directory stripped
 * (-p1); NULL for /dev/null. Return: false when none can be stripped.
 */
static bool strip_path(const char *s, char **out)
{
	const char *end = s, *slash;

	*out = NULL;
	while (*end && *end != '\t')
		end++;
	while (end > s && end[-1] == ' ')
		end--;
	if ((size_t)(end - s) == 9 && strncmp(s, "/dev/null", 9) == 0)
		return true;
	slash = memchr(s, '/', (size_t)(end - s));
	if (!slash || slash + 1 >= end)
		return false;
	*out = sim_xasprintf("%.*s", (int)(end - slash - 1), slash + 1);
	return true;
}

static struct fdiff *new_fdiff(struct patchfile *p, int at)
{
	struct fdiff *f;

	if (p->nr == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 8;
		p->f = sim_xreallocarray(p->f, (size_t)p->cap, sizeof(*p->f));
	}
	f = &p->f[p->nr++];
	memset(f, 0, sizeof(*f));
	f->at = at;
	f->msg = p->messages ? p->messages : 1;
	return f;
}

static const char *fdiff_name(const struct fdiff *f)
{
	return f->new_path ? f->new_path : f->old_path ? f->old_path : "?";
}

static void add_line(struct hunk *h, char tag, bool damaged, const char *text, size_t len)
{
	if (h->nr == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		h->l = sim_xreallocarray(h->l, (size_t)h->cap, sizeof(*h->l));
	}
	h->l[h->nr++] = (struct hline){ tag, damaged, text, len };
	h->damaged += damaged;
}

static bool parse_range(const char **s, long *start, long *count)
{
	char *end;

	*start = strtol(*s, &end, 10);
	if (end == *s || *start < 0)
		return false;
	*count = 1;
	if (*end == ',') {
		const char *c = end + 1;

		*count = strtol(c, &end, 10);
		if (end == c || *count < 0)
			return false;
	}
	*s = end;
	return true;
}

/* Parse the hunk whose "@@" header is line *@i, leaving *@i after it. */
static bool parse_hunk(struct patchfile *p, struct fdiff *f, int *i, char *err, size_t len)
{
	const char *s = p->line[*i] + 4;
	long old_left, new_left;
	struct hunk *h;

	if (f->nr == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->h = sim_xreallocarray(f->h, (size_t)f->cap, sizeof(*f->h));
	}
	h = &f->h[f->nr];
	memset(h, 0, sizeof(*h));
	h->at = *i + 1;
	if (!parse_range(&s, &h->old_start, &h->old_count) || !starts(s, " +") ||
	    (s += 2, !parse_range(&s, &h->new_start, &h->new_count)) || !starts(s, " @@")) {
		fail(err, len, "%s:%d: malformed hunk header: %s", p->name, h->at, p->line[*i]);
		return false;
	}
	f->nr++;
	old_left = h->old_count;
	new_left = h->new_count;
	for ((*i)++; old_left > 0 || new_left > 0; (*i)++) {
		const char *l;
		char c;

		if (*i >= p->nr_lines || starts(p->line[*i], "@@ -") ||
		    starts(p->line[*i], "diff --git ")) {
			fail(err, len, "%s:%d: hunk #%d of %s ends early: its header promises %ld old and %ld new lines",
			     p->name, h->at, f->nr, fdiff_name(f), h->old_count, h->new_count);
			return false;
		}
		l = p->line[*i];
		c = l[0];
		if (c == '\\')
			continue;
		if (c == '+' ? new_left == 0 : c == '-' ? old_left == 0 :
		    old_left == 0 || new_left == 0) {
			fail(err, len, "%s:%d: hunk #%d of %s has more lines than its header says (%ld old, %ld new)",
			     p->name, *i + 1, f->nr, fdiff_name(f), h->old_count, h->new_count);
			return false;
		}
		if (c == '+' || c == '-' || c == ' ')
			add_line(h, c, false, l + 1, p->llen[*i] - 1);
		else if (c == '\0')
			add_line(h, ' ', false, l, 0);	/* a blank context line lost its space */
		else
			add_line(h, ' ', true, l, p->llen[*i]);
		if (c != '+')
			old_left--;
		if (c != '-')
			new_left--;
	}
	/* "\ No newline at end of file" after the last line. */
	if (*i < p->nr_lines && p->line[*i][0] == '\\') {
		if (h->nr && h->l[h->nr - 1].tag != '-')
			h->new_noeol = true;
		(*i)++;
	}
	p->damaged_lines += h->damaged;
	return true;
}

/* Extended headers of a "diff --git" file diff, from line *@i on. */
static bool parse_git_headers(struct patchfile *p, struct fdiff *f, int *i, char *err,
			      size_t len)
{
	for (; *i < p->nr_lines; (*i)++) {
		const char *l = p->line[*i];

		if (starts(l, "new file mode"))
			f->is_new = true;
		else if (starts(l, "deleted file mode"))
			f->is_delete = true;
		else if (starts(l, "rename ") || starts(l, "copy ")) {
			fail(err, len, "%s:%d: %s: renames and copies are not supported; give the patch without -M/-C",
			     p->name, *i + 1, fdiff_name(f));
			return false;
		} else if (starts(l, "Binary files") || starts(l, "GIT binary patch")) {
			fail(err, len, "%s:%d: %s: binary patches are not supported", p->name,
			     *i + 1, fdiff_name(f));
			return false;
		} else if (!starts(l, "index ") && !starts(l, "old mode") &&
			   !starts(l, "new mode") && !starts(l, "similarity index") &&
			   !starts(l, "dissimilarity index")) {
			return true;
		}
	}
	return true;
}

static bool parse(struct patchfile *p, char *err, size_t len)
{
	struct fdiff *f = NULL;

	split_lines(p);
	for (int i = 0; i < p->nr_lines;) {
		const char *l = p->line[i];

		if (starts(l, "From ") && (i == 0 || p->llen[i - 1] == 0)) {
			p->messages++;
			f = NULL;
			i++;
		} else if (strncasecmp(l, "Content-Transfer-Encoding:", 26) == 0 &&
			   (strcasestr(l, "base64") || strcasestr(l, "quoted-printable"))) {
			fail(err, len, "%s:%d: the message is %s encoded: save the patch decoded (as `git format-patch` or `b4 am` writes it)",
			     p->name, i + 1, strcasestr(l, "base64") ? "base64" : "quoted-printable");
			return false;
		} else if (starts(l, "diff --git ")) {
			const char *b = strstr(l + 11, " b/");

			f = new_fdiff(p, i + 1);
			if (!strip_path(l + 11, &f->old_path) || !b || !strip_path(b + 1, &f->new_path)) {
				fail(err, len, "%s:%d: malformed diff header: %s", p->name, i + 1, l);
				return false;
			}
			if (f->old_path && b - (l + 11) > 2) {
				/* "a/X b/X": the old path ends where " b/" begins. */
				free(f->old_path);
				f->old_path = sim_xasprintf("%.*s", (int)(b - (l + 11) - 2), l + 13);
			}
			i++;
			if (!parse_git_headers(p, f, &i, err, len))
				return false;
		} else if (starts(l, "--- ") && i + 1 < p->nr_lines &&
			   starts(p->line[i + 1], "+++ ")) {
			char *o, *n;

			if (!strip_path(l + 4, &o) || !strip_path(p->line[i + 1] + 4, &n) ||
			    (!o && !n)) {
				fail(err, len, "%s:%d: cannot take a directory off these paths (-p1): %s", p->name,
				     i + 1, l);
				return false;
			}
			if (!f || f->has_paths || f->nr)
				f = new_fdiff(p, i + 1);
			free(f->old_path);
			free(f->new_path);
			f->old_path = o;
			f->new_path = n;
			f->is_new = !o;
			f->is_delete = !n;
			f->has_paths = true;
			i += 2;
		} else if (starts(l, "@@ -")) {
			if (!f || (!f->has_paths && !f->nr)) {
				fail(err, len, "%s:%d: a hunk outside any file diff (no --- and +++ lines before it)",
				     p->name, i + 1);
				return false;
			}
			if (!parse_hunk(p, f, &i, err, len))
				return false;
		} else {
			i++;
		}
	}
	if (!p->nr) {
		fail(err, len, "%s: no diff in it (no --- and +++ lines, no @@ hunks)", p->name);
		return false;
	}
	return true;
}

static void flines_free(struct flines *fl)
{
	for (int i = 0; i < fl->nr; i++)
		free(fl->s[i]);
	free(fl->s);
	free(fl->len);
	memset(fl, 0, sizeof(*fl));
}

static void flines_push(struct flines *fl, const char *s, size_t n)
{
	if (fl->nr == fl->cap) {
		fl->cap = fl->cap ? 2 * fl->cap : 256;
		fl->s = sim_xreallocarray(fl->s, (size_t)fl->cap, sizeof(*fl->s));
		fl->len = sim_xreallocarray(fl->len, (size_t)fl->cap, sizeof(*fl->len));
	}
	fl->s[fl->nr] = sim_xasprintf("%.*s", (int)n, s);
	fl->len[fl->nr++] = n;
}

static void flines_read(struct flines *fl, const char *text, size_t len)
{
	const char *s = text, *end = text + len;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));

		flines_push(fl, s, nl ? (size_t)(nl - s) : (size_t)(end - s));
		if (!nl) {
			fl->noeol = true;
			break;
		}
		s = nl + 1;
	}
}

static char *flines_text(const struct flines *fl, size_t *len)
{
	size_t n = 0;
	char *out, *o;

	for (int i = 0; i < fl->nr; i++)
		n += fl->len[i] + 1;
	o = out = sim_xmalloc(n + 1);
	for (int i = 0; i < fl->nr; i++) {
		memcpy(o, fl->s[i], fl->len[i]);
		o += fl->len[i];
		if (i + 1 < fl->nr || !fl->noeol)
			*o++ = '\n';
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

/* Equal but for whitespace: leading and trailing ignored, inner runs equal to one. */
static bool ws_equal(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	bool started = false;

	for (;;) {
		bool wa = false, wb = false;

		while (i < an && isspace((unsigned char)a[i]))
			i++, wa = true;
		while (j < bn && isspace((unsigned char)b[j]))
			j++, wb = true;
		if (i == an || j == bn)
			return i == an && j == bn;
		if ((started && wa != wb) || a[i] != b[j])
			return false;
		started = true;
		i++;
		j++;
	}
}

/* Does the side of @h made of tags @t1/@t2 sit at @pos of @fl? */
static bool match_at(const struct flines *fl, const struct hunk *h, int pos, char t1, char t2,
		     bool ignore_ws)
{
	int k = 0;

	for (int i = 0; i < h->nr; i++) {
		const struct hline *l = &h->l[i];

		if (l->tag != t1 && l->tag != t2)
			continue;
		if (pos + k >= fl->nr)
			return false;
		if (ignore_ws ? !ws_equal(fl->s[pos + k], fl->len[pos + k], l->text, l->len)
			      : (fl->len[pos + k] != l->len ||
				 memcmp(fl->s[pos + k], l->text, l->len) != 0))
			return false;
		k++;
	}
	return true;
}

static int side_len(const struct hunk *h, char t1, char t2)
{
	int n = 0;

	for (int i = 0; i < h->nr; i++)
		n += h->l[i].tag == t1 || h->l[i].tag == t2;
	return n;
}

/* The place nearest @want, from @min on, where the old side matches exactly; -1 if none. */
static int find_exact(const struct flines *fl, const struct hunk *h, int want, int min, int oldn)
{
	int last = fl->nr - oldn;

	if (h->old_count == 0 && oldn == 0)
		return want >= min && want <= fl->nr ? want : -1;
	for (int d = 0; want - d >= min || want + d <= last; d++) {
		if (want - d >= min && want - d <= last && match_at(fl, h, want - d, ' ', '-', false))
			return want - d;
		if (d && want + d >= min && want + d <= last && match_at(fl, h, want + d, ' ', '-', false))
			return want + d;
	}
	return -1;
}

/* Every place where a side matches with whitespace ignored: the count, and the first in *@at. */
static int count_ws(const struct flines *fl, const struct hunk *h, char t1, char t2, int n, int *at)
{
	int count = 0;

	for (int pos = 0; pos + n <= fl->nr; pos++)
		if (match_at(fl, h, pos, t1, t2, true)) {
			if (!count)
				*at = pos;
			count++;
		}
	return count;
}

/* Is the new side of @h already in the file, exactly? */
static bool find_result(const struct flines *fl, const struct hunk *h, int newn, int *at)
{
	for (int pos = 0; pos + newn <= fl->nr; pos++)
		if (match_at(fl, h, pos, ' ', '+', false)) {
			*at = pos;
			return true;
		}
	return false;
}

/* Replace the old side of @h at @pos with its new side; context comes from the file. */
static void splice(struct flines *fl, const struct hunk *h, int pos, int oldn)
{
	struct flines out = { 0 };
	int k = 0;

	for (int i = 0; i < pos; i++)
		flines_push(&out, fl->s[i], fl->len[i]);
	for (int i = 0; i < h->nr; i++) {
		const struct hline *l = &h->l[i];

		if (l->tag == ' ')
			flines_push(&out, fl->s[pos + k], fl->len[pos + k]);
		else if (l->tag == '+')
			flines_push(&out, l->text, l->len);
		k += l->tag != '+';
	}
	for (int i = pos + oldn; i < fl->nr; i++)
		flines_push(&out, fl->s[i], fl->len[i]);
	out.noeol = pos + oldn == fl->nr ? h->new_noeol : fl->noeol;
	flines_free(fl);
	*fl = out;
}

/* "hunk #2 of FILE", with the message's number when an mbox has several. */
static char *hunk_name(const struct patchfile *p, const struct fdiff *f, int j)
{
	if (p->messages > 1)
		return sim_xasprintf("message %d: hunk #%d of %s", f->msg, j + 1, fdiff_name(f));
	return sim_xasprintf("hunk #%d of %s", j + 1, fdiff_name(f));
}

static bool apply_hunk(const struct patchfile *p, const struct fdiff *f, int j,
		       struct flines *fl, long *delta, int *min, FILE *notes, char *err,
		       size_t len)
{
	const struct hunk *h = &f->h[j];
	int oldn = side_len(h, ' ', '-'), newn = side_len(h, ' ', '+');
	long orig = h->old_count ? h->old_start - 1 : h->old_start;
	int want = (int)(orig + *delta), pos, at = 0, n;
	char *name = hunk_name(p, f, j);

	if (want < *min)
		want = *min;
	if (h->damaged) {
		n = count_ws(fl, h, ' ', '-', oldn, &pos);
		if (n != 1 || pos < *min) {
			fail(err, len, "%s: %s lost its leading whitespace (mail-archive damage) and cannot be repaired: its context matches %s of the file once whitespace is ignored",
			     p->name, name,
			     n == 0 ? "no place" : n > 1 ? "more than one place" : "only a place before the previous hunk's");
			free(name);
			return false;
		}
		if (notes)
			fprintf(notes, "%s: %s: indentation restored from the file's lines %d-%d\n",
				p->name, name, pos + 1, pos + oldn);
	} else {
		pos = find_exact(fl, h, want, *min, oldn);
		if (pos < 0) {
			if (newn && find_result(fl, h, newn, &at))
				fail(err, len, "%s: %s does not apply: it is already applied (its result is at line %d)",
				     p->name, name, at + 1);
			else if (oldn && count_ws(fl, h, ' ', '-', oldn, &at) >= 1)
				fail(err, len, "%s: %s does not apply: its context matches line %d only if whitespace is ignored",
				     p->name, name, at + 1);
			else
				fail(err, len, "%s: %s does not apply: no place in the file matches its %d context and removed lines (expected at line %ld)",
				     p->name, name, oldn, orig + 1);
			free(name);
			return false;
		}
		if (notes && pos != orig + *delta && orig + *delta >= *min)
			fprintf(notes, "%s: %s applied at offset %+ld\n", p->name, name,
				(long)pos - (orig + *delta));
	}
	splice(fl, h, pos, oldn);
	*delta = pos - orig + newn - oldn;
	*min = pos + newn;
	free(name);
	return true;
}

static bool safe_path(const char *rel)
{
	return rel[0] != '/' && !strstr(rel, "/../") && !starts(rel, "../") &&
	       strcmp(rel, "..") != 0 && !(strlen(rel) > 3 && strcmp(rel + strlen(rel) - 3, "/..") == 0);
}

static bool apply_fdiff(const struct patchfile *p, const struct fdiff *f, const char *work,
			FILE *notes, char *err, size_t len)
{
	const char *rel = fdiff_name(f);
	char *path;
	struct flines fl = { 0 };
	struct stat st;
	long delta = 0;
	int min = 0;
	bool ok = true;

	if (!safe_path(rel) || (f->old_path && !safe_path(f->old_path))) {
		fail(err, len, "%s:%d: refusing the path %s (absolute or with ..)", p->name, f->at, rel);
		return false;
	}
	if (f->old_path && f->new_path && strcmp(f->old_path, f->new_path) != 0) {
		fail(err, len, "%s:%d: %s: renames are not supported (the old name is %s)", p->name,
		     f->at, f->new_path, f->old_path);
		return false;
	}
	if (!tree_in_subset(rel)) {
		if (notes)
			fprintf(notes, "%s: %s skipped: itsim reads none of it\n", p->name, rel);
		return true;
	}
	path = sim_xasprintf("%s/%s", work, rel);
	if (f->is_new) {
		if (stat(path, &st) == 0) {
			fail(err, len, "%s:%d: creates %s, which exists", p->name, f->at, rel);
			ok = false;
		}
	} else {
		size_t n;
		char *text = tree_slurp(path, &n);

		if (!text) {
			fail(err, len, "%s:%d: %s is not in the tree", p->name, f->at, rel);
			ok = false;
		} else {
			flines_read(&fl, text, n);
			free(text);
		}
	}
	for (int j = 0; ok && j < f->nr; j++)
		ok = apply_hunk(p, f, j, &fl, &delta, &min, notes, err, len);
	if (ok && f->is_delete) {
		if (fl.nr) {
			fail(err, len, "%s:%d: deletes %s, but %d lines of it are left after its hunks",
			     p->name, f->at, rel, fl.nr);
			ok = false;
		} else if (unlink(path) != 0) {
			fail(err, len, "%s: cannot delete %s: %s", p->name, path, strerror(errno));
			ok = false;
		}
	} else if (ok) {
		size_t n;
		char *text = flines_text(&fl, &n);

		if (tree_write_file(path, text, n) != 0) {
			fail(err, len, "%s: cannot write %s: %s", p->name, path, strerror(errno));
			ok = false;
		}
		free(text);
	}
	flines_free(&fl);
	free(path);
	return ok;
}

static void patchfile_free(struct patchfile *p)
{
	for (int i = 0; i < p->nr; i++) {
		for (int j = 0; j < p->f[i].nr; j++)
			free(p->f[i].h[j].l);
		free(p->f[i].h);
		free(p->f[i].old_path);
		free(p->f[i].new_path);
	}
	free(p->f);
	free(p->line);
	free(p->llen);
	free(p->text);
}

static enum tree_status apply_one(const char *name, const char *work, uint8_t digest[32],
				  FILE *notes, char *err, size_t len)
{
	struct patchfile p = { .name = name };
	enum tree_status rc = TREE_OK;
	struct sha256_ctx ctx;

	p.text = tree_slurp(name, &p.len);
	if (!p.text) {
		fail(err, len, "%s: cannot read: %s", name, strerror(errno));
		return TREE_ERR_MISSING;
	}
	sha256_init(&ctx);
	sha256_update(&ctx, p.text, p.len);
	sha256_final(&ctx, digest);
	if (strlen(p.text) != p.len) {
		fail(err, len, "%s: not a patch (it holds a NUL byte)", name);
		rc = TREE_ERR_PATCH;
	} else if (!parse(&p, err, len)) {
		rc = TREE_ERR_PATCH;
	} else {
		if (notes && p.messages > 1)
			fprintf(notes, "%s: an mbox of %d messages, applied in order\n", name, p.messages);
		if (notes && p.damaged_lines)
			fprintf(notes, "%s: %d context lines lost their leading whitespace (mail-archive damage); repairing them from the files\n",
				name, p.damaged_lines);
		for (int i = 0; i < p.nr && rc == TREE_OK; i++)
			if (!apply_fdiff(&p, &p.f[i], work, notes, err, len))
				rc = TREE_ERR_PATCH;
	}
	patchfile_free(&p);
	return rc;
}

/* Copy the subset's files from @from to @to. */
static bool copy_subset(const struct tree_src *t, const char *from, const char *to,
			char *err, size_t len)
{
	for (int i = 0; i < t->nr_files; i++) {
		char *src = sim_xasprintf("%s/%s", from, t->files[i].name);
		char *dst = sim_xasprintf("%s/%s", to, t->files[i].name);
		size_t n;
		char *text = tree_slurp(src, &n);
		bool ok = text && tree_write_file(dst, text, n) == 0;

		if (!ok)
			fail(err, len, "%s: cannot copy %s to %s: %s", t->src, src, dst, strerror(errno));
		free(text);
		free(src);
		free(dst);
		if (!ok)
			return false;
	}
	return true;
}

enum tree_status tree_patch(struct tree_src *t, const char *const *patches, int n,
			    FILE *notes, char *err, size_t len)
{
	const char *tmpdir = getenv("TMPDIR");
	enum tree_status rc = TREE_OK;
	uint8_t (*digest)[32];
	char *work;

	if (t->work) {
		fail(err, len, "%s: already patched", t->src);
		return TREE_ERR_PATCH;
	}
	if (n <= 0)
		return TREE_OK;
	work = sim_xasprintf("%s/itsim-tree-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(work)) {
		fail(err, len, "%s: cannot create a private copy: %s", work, strerror(errno));
		free(work);
		return TREE_ERR_IO;
	}
	if (!copy_subset(t, t->base, work, err, len)) {
		tree_remove_dir(work);
		free(work);
		return TREE_ERR_IO;
	}
	digest = sim_xcalloc((size_t)n, sizeof(*digest));
	for (int i = 0; i < n && rc == TREE_OK; i++)
		rc = apply_one(patches[i], work, digest[i], notes, err, len);
	if (rc != TREE_OK) {
		tree_remove_dir(work);
		free(work);
		free(digest);
		return rc;
	}
	t->work = work;
	t->patch_digest = digest;
	t->nr_patches = n;
	tree_scan(t, work);
	return TREE_OK;
}

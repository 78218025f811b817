/* SPDX-License-Identifier: MIT */
/*
 * Pictures of an interleaving: a tiny program over the shims (two actors,
 * a mutex, an RCU section, refcounts, one double put) run once under a
 * fixed schedule, its finding drawn as SVG, and the document checked:
 * well-formed XML, one box per step, one lane per actor, the finding's
 * title, a bar for the mutex, and the same bytes every time.
 *
 * ITSIM_SVG_OUT=FILE writes the picture there, to look at.
 */
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <sim/engine.h>
#include <explore/svg.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- the program ---- */

struct thing {
	refcount_t ref;
	int val;
};

struct shared {
	struct mutex a;
	struct thing *thing;
};

static struct shared *sh;

/* Takes a reference under the lock, reads under RCU, then puts twice. */
static void walker(void *arg)
{
	struct thing *t;

	(void)arg;
	mutex_lock(&sh->a);
	t = READ_ONCE(sh->thing);
	refcount_inc(&t->ref);
	mutex_unlock(&sh->a);
	rcu_read_lock();
	(void)READ_ONCE(t->val);
	rcu_read_unlock();
	refcount_dec(&t->ref);
	refcount_dec(&t->ref);	/* the double put */
}

/* Drops the initial reference under the lock. */
static void dropper(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	WRITE_ONCE(sh->thing->val, 1);
	refcount_dec(&sh->thing->ref);
	mutex_unlock(&sh->a);
}

static void setup(struct sim *s, void *ctx)
{
	(void)ctx;
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	mutex_init(&sh->a);
	sh->thing = kzalloc(sizeof(*sh->thing), GFP_KERNEL);
	refcount_set(&sh->thing->ref, 1);
	sim_spawn(s, "walker", walker, NULL);
	sim_spawn(s, "dropper", dropper, NULL);
}

static bool describe(void *ctx, const void *obj, const char *alloc_func,
		     char *buf, size_t len)
{
	(void)ctx;
	(void)alloc_func;
	if (obj == sh)
		snprintf(buf, len, "shared <&> \"state\"");	/* needs escaping */
	else if (sh && obj == sh->thing)
		snprintf(buf, len, "thing 1");
	else
		return false;
	return true;
}

/* Alternate between the actors that can run: a fixed interleaving. */
static int alternate(void *ctx, const struct sim *s, const int *cands, int n)
{
	int *turn = ctx;

	(void)s;
	(void)cands;
	return (*turn)++ % n;
}

static struct sim *run_once(void)
{
	static const struct sim_config cfg = { .max_steps = 100 };
	static const struct sim_hooks hooks = { .setup = setup,
						.describe = describe };
	static int turn;
	struct sim_chooser ch = { &turn, alternate };
	struct sim *s = sim_create(&cfg, &hooks);

	assert_non_null(s);
	turn = 0;
	assert_int_equal(sim_execute(s, &ch), SIM_EXEC_FINDING);
	return s;
}

/* ---- a small XML well-formedness checker ---- */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' ||
	       c == '.';
}

/* An entity reference at @p ('&'): its length, or 0 when malformed. */
static size_t entity(const char *p)
{
	static const char *const named[] = { "&amp;", "&lt;", "&gt;", "&quot;",
					     "&apos;" };
	size_t i = 2;

	for (size_t k = 0; k < 5; k++)
		if (strncmp(p, named[k], strlen(named[k])) == 0)
			return strlen(named[k]);
	if (p[1] != '#')
		return 0;
	if (p[i] == 'x')
		i++;
	while ((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
	       (p[i] >= 'A' && p[i] <= 'F'))
		i++;
	return p[i] == ';' && i > 2 ? i + 1 : 0;
}

/*
 * Return: NULL when @doc is well-formed (one root element named @root,
 * balanced tags, quoted attributes, no raw '<' or stray '&' in text), else
 * a description of the first problem.
 */
static const char *xml_check(const char *doc, const char *root)
{
	static char err[200];
	char stack[64][64];
	int depth = 0, roots = 0;
	const char *p = doc;

	if (strncmp(p, "<?xml ", 6) == 0) {
		p = strstr(p, "?>");
		if (!p)
			return "unterminated XML declaration";
		p += 2;
	}
	while (*p) {
		if (*p == '&') {
			if (!entity(p))
				goto bad_amp;
			p += entity(p);
			continue;
		}
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' &&
		    *p != '\r')
			return "control character";
		if (*p != '<') {
			if (depth == 0 && *p != '\n' && *p != ' ')
				return "text outside the root element";
			p++;
			continue;
		}
		if (strncmp(p, "<!--", 4) == 0) {
			p = strstr(p + 4, "-->");
			if (!p)
				return "unterminated comment";
			p += 3;
			continue;
		}
		if (p[1] == '/') {
			size_t n = 0;

			p += 2;
			while (name_char(p[n]))
				n++;
			if (depth == 0 || strlen(stack[depth - 1]) != n ||
			    strncmp(stack[depth - 1], p, n) != 0) {
				snprintf(err, sizeof(err), "</%.*s> closes <%s>",
					 (int)n, p, depth ? stack[depth - 1] : "");
				return err;
			}
			depth--;
			p += n;
			while (*p == ' ' || *p == '\n')
				p++;
			if (*p++ != '>')
				return "malformed end tag";
			continue;
		}
		/* A start tag. */
		{
			size_t n = 0;
			bool empty = false;

			p++;
			while (name_char(p[n]))
				n++;
			if (n == 0 || n >= sizeof(stack[0]))
				return "bad element name";
			if (depth == 0 && (++roots > 1 || strncmp(p, root, n) != 0 ||
					   strlen(root) != n))
				return "not a single root element";
			if (depth == 64)
				return "too deep";
			snprintf(stack[depth], sizeof(stack[0]), "%.*s", (int)n, p);
			p += n;
			for (;;) {
				size_t an = 0;
				char q;

				while (*p == ' ' || *p == '\n' || *p == '\t')
					p++;
				if (*p == '>') {
					p++;
					break;
				}
				if (p[0] == '/' && p[1] == '>') {
					p += 2;
					empty = true;
					break;
				}
				while (name_char(p[an]))
					an++;
				if (an == 0 || p[an] != '=')
					return "malformed attribute";
				p += an + 1;
				q = *p++;
				if (q != '"' && q != '\'')
					return "unquoted attribute value";
				while (*p && *p != q) {
					if (*p == '<')
						return "'<' in an attribute value";
					if (*p == '&') {
						if (!entity(p))
							goto bad_amp;
						p += entity(p);
					} else {
						p++;
					}
				}
				if (!*p++)
					return "unterminated attribute value";
			}
			if (!empty)
				depth++;
		}
	}
	if (depth)
		return "unclosed elements at the end";
	return roots == 1 ? NULL : "no root element";
bad_amp:
	snprintf(err, sizeof(err), "stray '&' before \"%.20s\"", p);
	return err;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void xml_escape(const char *in, char *out, size_t len)
{
	size_t o = 0;

	for (; *in && o + 7 < len; in++) {
		const char *r = *in == '&' ? "&amp;" : *in == '<' ? "&lt;" :
				*in == '>' ? "&gt;" : *in == '"' ? "&quot;" :
				*in == '\'' ? "&apos;" : NULL;

		if (r) {
			memcpy(out + o, r, strlen(r));
			o += strlen(r);
		} else {
			out[o++] = *in;
		}
	}
	out[o] = '\0';
}

/* ---- tests ---- */

static void test_checker(void **state)
{
	(void)state;
	assert_null(xml_check("<?xml version=\"1.0\"?>\n<svg a=\"1\"><g/><t>x &amp; y</t></svg>\n", "svg"));
	assert_non_null(xml_check("<svg><g></svg>", "svg"));
	assert_non_null(xml_check("<svg><g a=1/></svg>", "svg"));
	assert_non_null(xml_check("<svg>a & b</svg>", "svg"));
	assert_non_null(xml_check("<svg a=\"<\"/>", "svg"));
	assert_non_null(xml_check("<svg/><svg/>", "svg"));
	assert_non_null(xml_check("<svg><t></g></svg>", "svg"));
}

static void test_svg_of_a_double_put(void **state)
{
	struct sim *s = run_once();
	const struct sim_finding *f = sim_last_finding(s);
	char *svg, *again, title[400];
	const char *err, *out = getenv("ITSIM_SVG_OUT");

	(void)state;
	assert_non_null(f);
	assert_string_equal(sim_finding_kind_name(f->kind), "refcount-underflow");
	svg = sim_render_svg(s, f, "test <svg> & \"pictures\"");
	assert_non_null(svg);
	if (out) {
		FILE *fp = fopen(out, "w");

		assert_non_null(fp);
		fputs(svg, fp);
		fclose(fp);
	}
	err = xml_check(svg, "svg");
	if (err)
		fail_msg("not well-formed: %s", err);
	assert_non_null(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\""));
	/* One box per step, one lane per actor. */
	assert_true(sim_log_len(s) > 10);
	assert_int_equal(count(svg, "<g class=\"step\">"), (int)sim_log_len(s));
	assert_int_equal(count(svg, "<g class=\"lane\">"), sim_nr_actors(s));
	assert_int_equal(sim_nr_actors(s), 2);
	assert_non_null(strstr(svg, ">walker<"));
	assert_non_null(strstr(svg, ">dropper<"));
	/* The finding: its title, and its steps outlined. */
	xml_escape(f->title, title, sizeof(title));
	assert_non_null(strstr(svg, title));
	assert_int_equal(count(svg, "class=\"box key\""), f->nr_steps);
	assert_non_null(strstr(svg, ">put at zero<"));
	assert_non_null(strstr(svg, ">previous put<"));
	/* Each actor took the mutex once: two bars, and the RCU section. */
	assert_int_equal(count(svg, "<g class=\"lockbar\">"), 2);
	assert_non_null(strstr(svg, "<title>&amp;sh-&gt;a (mutex) held by walker"));
	assert_non_null(strstr(svg, "<title>&amp;sh-&gt;a (mutex) held by dropper"));
	assert_int_equal(count(svg, "<g class=\"rcubar\">"), 1);
	/* Objects are named and escaped, never addresses. */
	assert_non_null(strstr(svg, "thing 1"));
	assert_non_null(strstr(svg, "shared &lt;&amp;&gt; &quot;state&quot;"));
	assert_null(strstr(svg, "0x7f"));
	assert_non_null(strstr(svg, "test &lt;svg&gt; &amp; &quot;pictures&quot;"));
	/* The same execution draws the same bytes. */
	again = sim_render_svg(s, f, "test <svg> & \"pictures\"");
	assert_non_null(again);
	assert_string_equal(svg, again);
	free(again);
	sim_destroy(s);
	/* ... and so does a new instance running it again. */
	s = run_once();
	again = sim_render_svg(s, sim_last_finding(s), "test <svg> & \"pictures\"");
	assert_string_equal(svg, again);
	free(again);
	/* A clean picture (no finding) is well-formed too. */
	again = sim_render_svg(s, NULL, NULL);
	assert_non_null(again);
	err = xml_check(again, "svg");
	if (err)
		fail_msg("not well-formed without a finding: %s", err);
	assert_int_equal(count(again, "<g class=\"step\">"), (int)sim_log_len(s));
	assert_null(strstr(again, "class=\"box key\""));
	free(again);
	free(svg);
	sim_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker),
		cmocka_unit_test(test_svg_of_a_double_put),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

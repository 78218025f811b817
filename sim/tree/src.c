/* SPDX-License-Identifier: MIT */
/*
 * Opening a kernel tree: where its subset is, which kernel it is (the top
 * Makefile), whether it has the vgic files, which generation its vgic code
 * is (include/kvm/arm_vgic.h), and the hashes of what will be compiled.
 */
#include "src_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scenario/sha256.h>
#include <sim/alloc.h>

/*
 * The subset: everything read from a tree, relative to its top. A
 * directory stands for the .c and .h files under it; a pattern's last
 * component may hold wildcards. Changing this table changes the cache key
 * of every extraction.
 */
static const char *const subset[] = {
	"Makefile",
	"arch/arm64/kvm/vgic",
	"arch/arm64/include/uapi/asm/kvm.h",
	"include/kvm",
	"include/linux/irqchip/arm-gic*.h",
	"include/linux/irqchip/arm-vgic-info.h",
	"include/uapi/linux/kvm.h",
	"virt/kvm",
	NULL,
};

/* What a tree must have, checked in this order; the first missing one is named. */
static const char *const required[] = {
	"arch/arm64/kvm/vgic/vgic.c",
	"arch/arm64/kvm/vgic/vgic-its.c",
	"arch/arm64/kvm/vgic/vgic-mmio.c",
	"arch/arm64/kvm/vgic/vgic-mmio-v3.c",
	"arch/arm64/kvm/vgic/vgic-init.c",
	"arch/arm64/kvm/vgic/vgic-kvm-device.c",
	"arch/arm64/kvm/vgic/vgic-v3.c",
	"arch/arm64/kvm/vgic/vgic-irqfd.c",
	"arch/arm64/kvm/vgic/vgic-mmio-v2.c",
	"arch/arm64/kvm/vgic/vgic.h",
	"arch/arm64/kvm/vgic/vgic-mmio.h",
	"include/kvm/arm_vgic.h",
	NULL,
};

const char *tree_subset_path(int i)
{
	return i >= 0 && i < (int)(sizeof(subset) / sizeof(subset[0])) ? subset[i] : NULL;
}

const char *tree_required_file(int i)
{
	return i >= 0 && i < (int)(sizeof(required) / sizeof(required[0])) ? required[i] : NULL;
}

const char *tree_generation_name(enum tree_generation gen)
{
	switch (gen) {
	case TREE_GEN_6_1:
		return "6.1 generation";
	case TREE_GEN_A:
		return "generation A";
	case TREE_GEN_B:
		return "generation B";
	case TREE_GEN_UNKNOWN:
		break;
	}
	return "unknown generation";
}

char *tree_slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 4096, n = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = sim_xmalloc(cap);
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			cap *= 2;
			buf = sim_xreallocarray(buf, cap, 1);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(buf);
			close(fd);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int tree_mkdirs_for(const char *path)
{
	char *p = sim_xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			rc = -1;
		*s = '/';
		if (rc)
			break;
	}
	free(p);
	return rc;
}

int tree_write_file(const char *path, const char *data, size_t len)
{
	char *tmp = sim_xasprintf("%s.tmp%d", path, (int)getpid());
	int fd, rc = -1, e;

	if (tree_mkdirs_for(path))
		goto out;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto out;
	while (len) {
		ssize_t w = write(fd, data, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) == 0 && len == 0 && rename(tmp, path) == 0)
		rc = 0;
out:
	e = errno;
	if (rc)
		unlink(tmp);
	free(tmp);
	errno = e;
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void tree_remove_dir(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Does @rel fall under subset entry @pat? */
static bool subset_match(const char *pat, const char *rel)
{
	size_t n = strlen(pat);

	if (strpbrk(pat, "*?["))
		return fnmatch(pat, rel, FNM_PATHNAME) == 0;
	if (strcmp(pat, rel) == 0)
		return true;
	return strncmp(pat, rel, n) == 0 && rel[n] == '/';
}

static bool source_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 2 && name[n - 2] == '.' &&
	       (name[n - 1] == 'c' || name[n - 1] == 'h');
}

bool tree_in_subset(const char *rel)
{
	const char *base = strrchr(rel, '/');

	for (int i = 0; subset[i]; i++) {
		if (!subset_match(subset[i], rel))
			continue;
		/* Under a directory entry, only its C sources and headers. */
		if (!strpbrk(subset[i], "*?[") && strcmp(subset[i], rel) != 0)
			return source_name(base ? base + 1 : rel);
		return true;
	}
	return false;
}

struct file_list {
	int n, cap;
	struct tree_file *f;
};

static void list_add(struct file_list *l, const char *rel)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->f = sim_xreallocarray(l->f, (size_t)l->cap, sizeof(*l->f));
	}
	memset(&l->f[l->n], 0, sizeof(l->f[0]));
	l->f[l->n++].name = sim_xstrdup(rel);
}

/* Add the subset's files under @top/@rel (a file or a directory). */
static void walk(struct file_list *l, const char *top, const char *rel)
{
	char *path = sim_xasprintf("%s/%s", top, rel);
	struct dirent **names;
	struct stat st;
	int n;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && tree_in_subset(rel))
		list_add(l, rel);
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		free(path);
		return;
	}
	n = scandir(path, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char *sub = sim_xasprintf("%s/%s", rel, names[i]->d_name);

			walk(l, top, sub);
			free(sub);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(path);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tree_file *)a)->name,
		      ((const struct tree_file *)b)->name);
}

static void hex(const uint8_t d[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void tree_scan(struct tree_src *t, const char *top)
{
	struct file_list l = { 0 };
	struct sha256_ctx all;
	uint8_t d[32];

	for (int i = 0; subset[i]; i++) {
		const char *pat = subset[i], *slash = strrchr(pat, '/');

		if (strpbrk(pat, "*?[")) {
			/* Wildcards in the last component only: walk its directory. */
			char *dir = sim_xasprintf("%.*s", (int)(slash - pat), pat);

			walk(&l, top, dir);
			free(dir);
		} else {
			walk(&l, top, pat);
		}
	}
	if (l.n)
		qsort(l.f, (size_t)l.n, sizeof(*l.f), by_name);
	sha256_init(&all);
	for (int i = 0; i < l.n; i++) {
		char *path = sim_xasprintf("%s/%s", top, l.f[i].name);
		size_t len = 0;
		char *text = tree_slurp(path, &len);

		sha256_hex(text ? text : "", text ? len : 0, l.f[i].sha256);
		sha256_update(&all, l.f[i].name, strlen(l.f[i].name) + 1);
		sha256_update(&all, l.f[i].sha256, 64);
		free(text);
		free(path);
	}
	for (int i = 0; i < t->nr_patches; i++)
		sha256_update(&all, t->patch_digest[i], 32);
	sha256_final(&all, d);
	hex(d, t->hash);
	for (int i = 0; i < t->nr_files; i++)
		free(t->files[i].name);
	free(t->files);
	t->files = l.f;
	t->nr_files = l.n;
}

/* "VERSION = 6" -> "6"; NULL when @key is not set in @mk. */
static bool make_var(const char *mk, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);

	for (const char *p = mk; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *v, *end;

		if (strncmp(p, key, kl) != 0)
			continue;
		v = p + kl;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v != '=')
			continue;
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		end = v;
		while (*end && *end != '\n' && *end != ' ' && *end != '\t' && *end != '#')
			end++;
		snprintf(out, len, "%.*s", (int)(end - v), v);
		return true;
	}
	return false;
}

static bool read_version(const char *top, char *out, size_t len)
{
	char *path = sim_xasprintf("%s/Makefile", top);
	char *mk = tree_slurp(path, NULL);
	char v[16], p[16], s[16], x[32] = "";
	bool ok;

	free(path);
	if (!mk)
		return false;
	ok = make_var(mk, "VERSION", v, sizeof(v)) && *v &&
	     make_var(mk, "PATCHLEVEL", p, sizeof(p)) && *p &&
	     make_var(mk, "SUBLEVEL", s, sizeof(s)) && *s;
	if (ok) {
		make_var(mk, "EXTRAVERSION", x, sizeof(x));
		snprintf(out, len, "%s.%s.%s%s", v, p, s, x);
	}
	free(mk);
	return ok;
}

/* The text of struct @name's body in @h ("" when absent), malloc'd. */
static char *struct_body(const char *h, const char *name)
{
	char *open = sim_xasprintf("struct %s {", name);
	const char *p = strstr(h, open), *end;

	free(open);
	if (!p)
		return sim_xstrdup("");
	end = strstr(p, "\n};");
	return end ? sim_xasprintf("%.*s", (int)(end - p), p) : sim_xstrdup(p);
}

enum tree_generation tree_detect_generation(const char *root, char *why, size_t len)
{
	char *path = sim_xasprintf("%s/include/kvm/arm_vgic.h", root);
	char *h = tree_slurp(path, NULL), *irq, *its, *dist;
	enum tree_generation gen = TREE_GEN_UNKNOWN;
	bool kref, refcount_t, xa_cache, list_cache;

	free(path);
	if (!h) {
		snprintf(why, len, "include/kvm/arm_vgic.h cannot be read");
		return TREE_GEN_UNKNOWN;
	}
	irq = struct_body(h, "vgic_irq");
	its = struct_body(h, "vgic_its");
	dist = struct_body(h, "vgic_dist");
	kref = strstr(irq, "struct kref") != NULL;
	refcount_t = strstr(irq, "refcount_t") != NULL;
	xa_cache = strstr(its, "struct xarray") && strstr(its, "translation_cache");
	list_cache = strstr(dist, "lpi_translation_cache") != NULL;
	if (refcount_t) {
		gen = TREE_GEN_B;
		snprintf(why, len, "struct vgic_irq counts references with a refcount_t, LPIs released deferred (the 6.17 generation), not a kref");
	} else if (!kref) {
		snprintf(why, len, "struct vgic_irq has neither a kref nor a refcount_t");
	} else if (xa_cache && !list_cache) {
		gen = TREE_GEN_A;
		snprintf(why, len, "kref, per-ITS xarray translation cache");
	} else if (list_cache && !xa_cache) {
		gen = TREE_GEN_6_1;
		snprintf(why, len, "kref, one global translation cache list under lpi_list_lock");
	} else if (xa_cache) {
		snprintf(why, len, "both a per-ITS xarray and a global list translation cache");
	} else {
		snprintf(why, len, "a kref but no translation cache that itsim knows (neither struct vgic_its's xarray nor struct vgic_dist's list)");
	}
	free(irq);
	free(its);
	free(dist);
	free(h);
	return gen;
}

static bool archive_name(const char *src)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", NULL };
	size_t n = strlen(src);

	for (int i = 0; ext[i]; i++) {
		size_t e = strlen(ext[i]);

		if (n > e && strcmp(src + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

/* The checks every tree passes, on its subset at @t->base. */
static enum tree_status check(struct tree_src *t, bool archive, char *err, size_t len)
{
	char why[200];

	if (!read_version(t->base, t->version, sizeof(t->version))) {
		snprintf(err, len, "%s: not a kernel source %s: no top Makefile with VERSION, PATCHLEVEL and SUBLEVEL",
			 t->src, archive ? "archive" : "tree");
		return TREE_ERR_NOT_TREE;
	}
	for (int i = 0; required[i]; i++) {
		char *path = sim_xasprintf("%s/%s", t->base, required[i]);
		struct stat st;
		bool there = stat(path, &st) == 0 && S_ISREG(st.st_mode);

		free(path);
		if (!there) {
			snprintf(err, len, "%s: Linux %s has no %s: itsim needs the arm64 KVM vgic files",
				 t->src, t->version, required[i]);
			return TREE_ERR_NO_VGIC;
		}
	}
	t->gen = tree_detect_generation(t->base, why, sizeof(why));
	if (t->gen != TREE_GEN_A && t->gen != TREE_GEN_6_1) {
		snprintf(err, len, "%s: Linux %s is not a generation itsim runs: %s; it runs the 6.1 generation (global translation cache) and generation A (6.12: kref, per-ITS xarray cache)",
			 t->src, t->version, why);
		return TREE_ERR_GENERATION;
	}
	return TREE_OK;
}

enum tree_status tree_open(const char *src, FILE *notes, struct tree_src **out,
			   char *err, size_t len)
{
	struct tree_src *t;
	enum tree_status rc;
	struct stat st;
	bool archive;

	*out = NULL;
	if (stat(src, &st) != 0) {
		snprintf(err, len, "%s: cannot open: %s", src, strerror(errno));
		return TREE_ERR_MISSING;
	}
	archive = !S_ISDIR(st.st_mode);
	if (archive && (!S_ISREG(st.st_mode) || !archive_name(src))) {
		snprintf(err, len, "%s: neither a kernel source directory nor a .tar, .tar.gz or .tar.xz archive of one",
			 src);
		return TREE_ERR_NOT_TREE;
	}
	t = sim_xcalloc(1, sizeof(*t));
	t->src = sim_xstrdup(src);
	if (archive) {
		rc = tree_extract(src, notes, &t->base, &t->extracted, err, len);
		if (rc != TREE_OK) {
			tree_close(t);
			return rc;
		}
	} else {
		t->base = sim_xstrdup(src);
	}
	rc = check(t, archive, err, len);
	if (rc != TREE_OK) {
		tree_close(t);
		return rc;
	}
	tree_scan(t, t->base);
	*out = t;
	return TREE_OK;
}

void tree_close(struct tree_src *t)
{
	if (!t)
		return;
	if (t->work)
		tree_remove_dir(t->work);
	for (int i = 0; i < t->nr_files; i++)
		free(t->files[i].name);
	free(t->files);
	free(t->patch_digest);
	free(t->work);
	free(t->base);
	free(t->src);
	free(t);
}

const char *tree_root(const struct tree_src *t)
{
	return t->work ? t->work : t->base;
}

const char *tree_version(const struct tree_src *t)
{
	return t->version;
}

enum tree_generation tree_generation(const struct tree_src *t)
{
	return t->gen;
}

bool tree_extracted(const struct tree_src *t)
{
	return t->extracted;
}

const char *tree_hash(const struct tree_src *t)
{
	return t->hash;
}

int tree_file_count(const struct tree_src *t)
{
	return t->nr_files;
}

const char *tree_file_name(const struct tree_src *t, int i)
{
	return i >= 0 && i < t->nr_files ? t->files[i].name : NULL;
}

const char *tree_file_sha256(const struct tree_src *t, int i)
{
	return i >= 0 && i < t->nr_files ? t->files[i].sha256 : NULL;
}

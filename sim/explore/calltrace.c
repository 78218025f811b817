/* SPDX-License-Identifier: MIT */
/*
 * Call traces in reports (explore/calltrace.h): each return address a step
 * recorded becomes the function it returns into, with its offset and size
 * from the symbol table and the file and line of the call from the line
 * table, and before it the functions the compiler inlined at that call,
 * from the DWARF scopes around it. The engine's frames are dropped at both
 * ends, so a trace reads as the kernel's would.
 */
#include <explore/calltrace.h>

#include <sim/site.h>

#include <assert.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A report shows at most this many frames of a step. */
#define CALLTRACE_LINES 16
/* Frames of one step, inlined ones included. */
#define FRAMES_MAX (SIM_CALLTRACE_MAX * 4)

struct frame {
	const char *name;	/* libdw's, valid while the view of the code is */
	const char *file;	/* the path the compiler recorded, or NULL */
	int line;
	bool inlined;
	uint64_t off, size;	/* of the return address in its symbol */
	bool engine;		/* compiled from the engine's sources */
};

/*
 * What each return address expands to, kept with the view of the code:
 * the traces of a search's reports run through the same few calls, and
 * finding the inlined functions around one walks its compilation unit.
 * Its strings are libdw's, valid while the view is: the cache is emptied
 * when the view is rebuilt. Open addressing;
 * a full cache (or a deeper call) is simply not kept.
 */
#define PC_FRAMES 8
#define PC_SLOTS 4096u		/* a power of two */
#define PC_PROBES 16

struct pc_entry {
	uintptr_t ra;		/* 0: a free slot */
	int n;
	struct frame fr[PC_FRAMES];
};

static struct pc_entry *pc_cache;

static struct pc_entry *pc_slot(uintptr_t ra, bool *found)
{
	size_t h = (size_t)((ra * 0x9e3779b97f4a7c15ull) >> 40) & (PC_SLOTS - 1);

	assert(ra);
	for (int k = 0; pc_cache && k < PC_PROBES; k++) {
		struct pc_entry *e = &pc_cache[(h + (size_t)k) & (PC_SLOTS - 1)];

		if (e->ra == ra || !e->ra) {
			*found = e->ra == ra;
			return e;
		}
	}
	*found = false;
	return NULL;
}

/*
 * One view of the process's code for every report: what libdw reads of
 * an object (its symbols, line tables, DWARF) stays for the next report,
 * which would otherwise read it all again. It is rebuilt when the objects
 * the dynamic loader has loaded change (a variant file or a kernel tree
 * loaded since). The loader's list, not /proc/self/maps: libelf maps the
 * files it reads, and such a mapping is no loaded object. libdw's handles
 * are not shared between threads, and reports of a search with --jobs
 * are rendered on several: one report at a time holds it.
 */
static pthread_mutex_t symbolizer_lock = PTHREAD_MUTEX_INITIALIZER;
static Dwfl *symbolizer_dwfl;
static uint64_t symbolizer_objects;	/* what it was built from, hashed */

struct sim_symbolizer {
	Dwfl *dwfl;
};

static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

__attribute__((destructor)) static void symbolizer_fini(void)
{
	if (symbolizer_dwfl)
		dwfl_end(symbolizer_dwfl);
	symbolizer_dwfl = NULL;
	free(pc_cache);
	pc_cache = NULL;
}

/* The loaded objects: file names (NULL: the executable) and load biases. */
struct objects {
	size_t n, cap;
	char **names;
	uintptr_t *bias;
	uint64_t hash;
	bool oom;
};

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ull;
	return h;
}

static int add_object(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct objects *o = arg;
	const char *name = info->dlpi_name && *info->dlpi_name ?
		info->dlpi_name : NULL;

	(void)size;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		char **names = realloc(o->names, cap * sizeof(*names));
		uintptr_t *bias = names ? realloc(o->bias, cap * sizeof(*bias)) : NULL;

		if (names)
			o->names = names;
		if (!bias) {
			o->oom = true;
			return 1;
		}
		o->bias = bias;
		o->cap = cap;
	}
	o->names[o->n] = name ? strdup(name) : NULL;
	if (name && !o->names[o->n]) {
		o->oom = true;
		return 1;
	}
	o->bias[o->n] = (uintptr_t)info->dlpi_addr;
	o->hash = fnv(o->hash, name ? name : "", name ? strlen(name) + 1 : 1);
	o->hash = fnv(o->hash, &o->bias[o->n], sizeof(o->bias[o->n]));
	o->n++;
	return 0;
}

static void free_objects(struct objects *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->names[i]);
	free(o->names);
	free(o->bias);
}

/* A view of @o's objects. Return: NULL when libdw cannot make one. */
static Dwfl *report_objects(const struct objects *o)
{
	Dwfl *d = dwfl_begin(&proc_callbacks);
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (!d)
		return NULL;
	exe[len > 0 ? len : 0] = '\0';
	dwfl_report_begin(d);
	for (size_t i = 0; i < o->n; i++) {
		const char *file = o->names[i] ? o->names[i] : exe;

		/* The vDSO has no file: none of its code is traced. */
		if (*file && access(file, R_OK) == 0)
			dwfl_report_elf(d, file, file, -1, o->bias[i], true);
	}
	if (dwfl_report_end(d, NULL, NULL) != 0) {
		dwfl_end(d);
		return NULL;
	}
	return d;
}

struct sim_symbolizer *sim_symbolizer_open(void)
{
	static struct sim_symbolizer the;
	struct objects o = { .hash = 0xcbf29ce484222325ull };

	pthread_mutex_lock(&symbolizer_lock);
	dl_iterate_phdr(add_object, &o);
	if (o.oom)
		goto fail;
	if (!symbolizer_dwfl || o.hash != symbolizer_objects) {
		/* What the cache holds may name code no longer there. */
		if (pc_cache)
			memset(pc_cache, 0, PC_SLOTS * sizeof(*pc_cache));
		if (symbolizer_dwfl)
			dwfl_end(symbolizer_dwfl);
		symbolizer_dwfl = report_objects(&o);
		symbolizer_objects = o.hash;
	}
	if (!symbolizer_dwfl)
		goto fail;
	if (!pc_cache)	/* out of memory: every frame is looked up */
		pc_cache = calloc(PC_SLOTS, sizeof(*pc_cache));
	free_objects(&o);
	the.dwfl = symbolizer_dwfl;
	return &the;
fail:
	free_objects(&o);
	pthread_mutex_unlock(&symbolizer_lock);
	return NULL;
}

void sim_symbolizer_close(struct sim_symbolizer *sy)
{
	if (!sy)
		return;
	assert(sy->dwfl == symbolizer_dwfl);
	pthread_mutex_unlock(&symbolizer_lock);
}

/*
 * The engine's code, by the path its compilation unit was built from:
 * the scheduler and checkers, the shims' bodies, the scenario layer
 * whose actor programs call the model, the exploration.
 */
static bool engine_unit(const char *cu)
{
	static const char *const dirs[] = {
		"sim/core/", "sim/shim/", "sim/scenario/", "sim/explore/",
	};

	for (size_t i = 0; cu && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (strstr(cu, dirs[i]))
			return true;
	return false;
}

/* Whether @name is @func, or a copy of it GCC made ("func.isra.0"). */
static bool names_func(const char *name, const char *func)
{
	size_t n = func ? strlen(func) : 0;

	return name && func && strncmp(name, func, n) == 0 &&
	       (name[n] == '\0' || name[n] == '.');
}

/* The call site an inlined instance of a function was inlined at. */
static void call_site(Dwarf_Die *cu, Dwarf_Die *inl, const char **file,
		      int *line)
{
	Dwarf_Attribute attr;
	Dwarf_Word idx, ln;
	Dwarf_Files *files;
	size_t nfiles;

	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_line, &attr), &ln) == 0)
		*line = (int)ln;
	if (dwarf_formudata(dwarf_attr(inl, DW_AT_call_file, &attr), &idx) == 0 &&
	    dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && idx < nfiles)
		*file = dwarf_filesrc(files, idx, NULL, NULL);
}

/*
 * The functions inlined at @pc, innermost first, into @fr (room for @max),
 * from the innermost inlined instance (@inl) out through the DIEs that
 * contain it: dwarf_getscopes() follows an inlined instance to where its
 * function is defined, not to where it was inlined. *@file and *@line
 * come in as the line table's, and go out as the call site in the
 * function that was not inlined. Return: how many.
 */
static int inlined(Dwarf_Die *cu, Dwarf_Die *inl, struct frame *fr, int max,
		   const char **file, int *line)
{
	Dwarf_Die *chain = NULL;
	int nchain = dwarf_getscopes_die(inl, &chain), n = 0;

	for (int k = 0; k < nchain && n < max; k++) {
		if (dwarf_tag(&chain[k]) == DW_TAG_subprogram)
			break;
		if (dwarf_tag(&chain[k]) != DW_TAG_inlined_subroutine)
			continue;
		fr[n++] = (struct frame){
			.name = dwarf_diename(&chain[k]), .file = *file,
			.line = *line, .inlined = true,
		};
		/* The next frame out is where this one was inlined. */
		call_site(cu, &chain[k], file, line);
	}
	free(chain);
	return n;
}

/*
 * The frames of return address @ra, innermost first, at @fr (room for
 * @max). Return: how many; none for an address no object maps.
 */
static int expand(struct sim_symbolizer *sy, uintptr_t ra, struct frame *fr,
		  int max)
{
	Dwarf_Addr pc = (Dwarf_Addr)ra - 1;	/* inside the call */
	Dwfl_Module *m = dwfl_addrmodule(sy->dwfl, pc);
	Dwarf_Die *cu, *scopes = NULL;
	Dwarf_Addr bias = 0;
	GElf_Sym sym = { 0 };
	GElf_Off off = 0;
	const char *sym_name, *file = NULL;
	int line = 0, nscopes, n = 0;

	if (!m || max < 1)
		return 0;
	sym_name = dwfl_module_addrinfo(m, pc, &off, &sym, NULL, NULL, NULL);
	cu = dwfl_module_addrdie(m, pc, &bias);
	file = dwfl_lineinfo(dwfl_module_getsrc(m, pc), NULL, &line, NULL, NULL,
			     NULL);
	nscopes = cu ? dwarf_getscopes(cu, pc - bias, &scopes) : 0;
	for (int k = 0; k < nscopes; k++) {
		int tag = dwarf_tag(&scopes[k]);

		if (tag == DW_TAG_inlined_subroutine) {
			n = inlined(cu, &scopes[k], fr, max - 1, &file, &line);
			break;
		}
		if (tag == DW_TAG_subprogram) {
			/* The symbol table may not know a static function. */
			if (!sym_name)
				sym_name = dwarf_diename(&scopes[k]);
			break;
		}
	}
	free(scopes);
	/*
	 * GCC may split a function and inline the part back into itself:
	 * one function, one frame, at the line of the inner one.
	 */
	if (n && sym_name && names_func(sym_name, fr[n - 1].name)) {
		n--;
		file = fr[n].file;
		line = fr[n].line;
	}
	fr[n++] = (struct frame){
		.name = sym_name, .file = file, .line = line,
		.off = off + 1, .size = sym_name ? sym.st_size : 0,
	};
	for (int k = 0; k < n; k++)
		fr[k].engine = engine_unit(cu ? dwarf_diename(cu) : NULL);
	return n;
}

static void print_frame(FILE *out, const struct frame *f)
{
	struct sim_site site = { .func = f->name, .file = f->file, .line = f->line };

	/*
	 * The kernel's name of a built-in variant's function (site.c); a
	 * frame no symbol names is a "?", never an address.
	 */
	if (!f->name) {
		fprintf(out, "     ?\n");
		return;
	}
	fprintf(out, "     %s", f->file ? sim_site_func(&site) : f->name);
	if (!f->inlined && f->size)
		fprintf(out, "+0x%llx/0x%llx", (unsigned long long)f->off,
			(unsigned long long)f->size);
	if (f->file && f->line > 0)
		fprintf(out, " (%s:%d)", sim_site_file(&site), f->line);
	fprintf(out, "%s\n", f->inlined ? " [inline]" : "");
}

/* expand(), through the cache. */
static int expand_cached(struct sim_symbolizer *sy, uintptr_t ra,
			 struct frame *fr, int max)
{
	struct frame all[FRAMES_MAX];
	bool found;
	struct pc_entry *e = ra ? pc_slot(ra, &found) : NULL;
	int n;

	if (e && found) {
		n = e->n < max ? e->n : max;
		memcpy(fr, e->fr, (size_t)n * sizeof(*fr));
		return n;
	}
	n = expand(sy, ra, all, FRAMES_MAX);
	if (e && n <= PC_FRAMES) {
		e->ra = ra;
		e->n = n;
		memcpy(e->fr, all, (size_t)n * sizeof(*all));
	}
	if (n > max)
		n = max;
	memcpy(fr, all, (size_t)n * sizeof(*fr));
	return n;
}

void sim_calltrace_print(FILE *out, struct sim_symbolizer *sy, struct sim *s,
			 size_t i)
{
	const struct sim_site *site = sim_log_at(s, i)->op.site;
	struct frame fr[FRAMES_MAX];
	void *const *pcs;
	size_t n = sim_log_calltrace(s, i, &pcs);
	int nr = 0, first = -1, last;

	if (!sy || !n)
		return;
	for (size_t k = 0; k < n; k++)
		nr += expand_cached(sy, (uintptr_t)pcs[k], fr + nr, FRAMES_MAX - nr);
	/*
	 * It starts at the function the step's line names, as the kernel
	 * prints from the function that did the operation (the engine's
	 * frames, sim_done() and the shim's, come before it); without it
	 * (a site the shim made up, a tail call that left no frame), at
	 * the first frame that is not the engine's.
	 */
	for (int k = 0; site && k < nr && first < 0; k++)
		if (names_func(fr[k].name, site->func))
			first = k;
	for (int k = 0; k < nr && first < 0; k++)
		if (!fr[k].engine && fr[k].name)
			first = k;
	if (first < 0)
		return;
	/*
	 * The engine's frames end it: the actor's program in the scenario
	 * layer, the actor's entry in the scheduler.
	 */
	for (last = first + 1; last < nr && !fr[last].engine; last++)
		;
	fprintf(out, "    Call trace:\n");
	for (int k = first; k < last && k - first < CALLTRACE_LINES; k++)
		print_frame(out, &fr[k]);
}

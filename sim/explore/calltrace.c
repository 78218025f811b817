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

/*
 * libdw's handles are not shared between threads; reports of a search
 * with --jobs are rendered on several. One symbolizer at a time: it is
 * opened only for a kept finding's report.
 */
static pthread_mutex_t symbolizer_lock = PTHREAD_MUTEX_INITIALIZER;

struct sim_symbolizer {
	Dwfl *dwfl;
};

static const Dwfl_Callbacks proc_callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
};

struct sim_symbolizer *sim_symbolizer_open(void)
{
	struct sim_symbolizer *sy = calloc(1, sizeof(*sy));

	if (!sy)
		return NULL;
	pthread_mutex_lock(&symbolizer_lock);
	sy->dwfl = dwfl_begin(&proc_callbacks);
	if (!sy->dwfl)
		goto fail;
	/* Every object mapped now: sim itself, libraries, dlopen()ed code. */
	dwfl_report_begin(sy->dwfl);
	if (dwfl_linux_proc_report(sy->dwfl, getpid()) != 0 ||
	    dwfl_report_end(sy->dwfl, NULL, NULL) != 0)
		goto fail;
	return sy;
fail:
	if (sy->dwfl)
		dwfl_end(sy->dwfl);
	pthread_mutex_unlock(&symbolizer_lock);
	free(sy);
	return NULL;
}

void sim_symbolizer_close(struct sim_symbolizer *sy)
{
	if (!sy)
		return;
	dwfl_end(sy->dwfl);
	pthread_mutex_unlock(&symbolizer_lock);
	free(sy);
}

struct frame {
	const char *name;	/* libdw's, valid while the symbolizer is */
	const char *file;	/* the path the compiler recorded, or NULL */
	int line;
	bool inlined;
	uint64_t off, size;	/* of the return address in its symbol */
	bool engine;		/* compiled from the engine's sources */
};

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
	/* The kernel's name of a built-in variant's function (site.c). */
	struct sim_site site = { .func = f->name, .file = f->file, .line = f->line };
	const char *name = sim_site_func(&site);

	assert(f->name);
	fprintf(out, "     %s", name);
	if (!f->inlined && f->size)
		fprintf(out, "+0x%llx/0x%llx", (unsigned long long)f->off,
			(unsigned long long)f->size);
	if (f->file && f->line > 0)
		fprintf(out, " (%s:%d)", sim_site_file(&site), f->line);
	fprintf(out, "%s\n", f->inlined ? " [inline]" : "");
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
		nr += expand(sy, (uintptr_t)pcs[k], fr + nr, FRAMES_MAX - nr);
	/*
	 * The engine's frames end the trace: the actor's program in the
	 * scenario layer, the actor's entry in the scheduler.
	 */
	for (last = 0; last < nr; last++)
		if (fr[last].engine && last > 0 && !fr[last - 1].engine)
			break;
	/*
	 * It starts at the function the step's line names, as the kernel
	 * prints from the function that did the operation; without it (a
	 * site the shim made up), at the first frame that is not the
	 * engine's.
	 */
	for (int k = 0; site && k < last && first < 0; k++)
		if (names_func(fr[k].name, site->func))
			first = k;
	for (int k = 0; k < last && first < 0; k++)
		if (!fr[k].engine && fr[k].name)
			first = k;
	if (first < 0)
		return;
	fprintf(out, "    Call trace:\n");
	for (int k = first, shown = 0; k < last && shown < CALLTRACE_LINES; k++)
		if (fr[k].name) {
			print_frame(out, &fr[k]);
			shown++;
		}
}

/* SPDX-License-Identifier: MIT */
/*
 * Names for the code addresses the __tsan_ callbacks see. Code compiled
 * at run time is built with hidden visibility, so dladdr() finds the
 * object but not the function: the function comes from the object's own
 * symbol table (.symtab, read with <elf.h> once per object, only when a
 * race is reported). Output is "func+0xOFF/0xSIZE", as the kernel's %pS,
 * never an address: the same in every run.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sim_internal.h"
#include "kcsan.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYM_OBJECTS 16
#define PAIR_SITES 1024

struct sym {
	uintptr_t lo, size;
	const char *name;	/* into the mapped file */
};

struct object {
	uintptr_t base;
	char *path;
	struct sym *syms;	/* FUNC symbols by address */
	size_t nr;
};

static pthread_mutex_t sym_lock = PTHREAD_MUTEX_INITIALIZER;
static struct object objects[SYM_OBJECTS];
static int nr_objects;
static struct sim_site pair_sites[PAIR_SITES];
static int nr_pair_sites;

static int by_lo(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The FUNC symbols of the ELF file at @path; the mapping stays for good. */
static void load(struct object *ob)
{
	int fd = open(ob->path, O_RDONLY | O_CLOEXEC);
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	struct stat st;
	const char *map;

	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(*eh)) {
		close(fd);
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	eh = (const Elf64_Ehdr *)map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > (size_t)st.st_size)
		return;
	sh = (const Elf64_Shdr *)(map + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *sy;
		size_t n;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum ||
		    sh[i].sh_offset + sh[i].sh_size > (size_t)st.st_size)
			continue;
		sy = (const Elf64_Sym *)(map + sh[i].sh_offset);
		n = sh[i].sh_size / sizeof(*sy);
		ob->syms = calloc(n, sizeof(*ob->syms));
		if (!ob->syms)
			return;
		for (size_t j = 0; j < n; j++) {
			const Elf64_Shdr *str = &sh[sh[i].sh_link];

			if (ELF64_ST_TYPE(sy[j].st_info) != STT_FUNC || !sy[j].st_value ||
			    sy[j].st_name >= str->sh_size)
				continue;
			ob->syms[ob->nr].lo = sy[j].st_value;
			ob->syms[ob->nr].size = sy[j].st_size;
			ob->syms[ob->nr].name = map + str->sh_offset + sy[j].st_name;
			ob->nr++;
		}
		qsort(ob->syms, ob->nr, sizeof(*ob->syms), by_lo);
		return;
	}
}

static const struct object *object_of(const Dl_info *info)
{
	for (int i = 0; i < nr_objects; i++)
		if (objects[i].base == (uintptr_t)info->dli_fbase)
			return &objects[i];
	if (nr_objects == SYM_OBJECTS || !info->dli_fname)
		return NULL;
	objects[nr_objects].base = (uintptr_t)info->dli_fbase;
	objects[nr_objects].path = strdup(info->dli_fname);
	if (objects[nr_objects].path)
		load(&objects[nr_objects]);
	return &objects[nr_objects++];
}

void sim_kcsan_symbolize(const void *pc, char *buf, size_t len, bool offset)
{
	const struct object *ob;
	const struct sym *best = NULL;
	uintptr_t rel;
	Dl_info info;

	snprintf(buf, len, "?");
	if (!pc || !dladdr(pc, &info))
		return;
	pthread_mutex_lock(&sym_lock);
	ob = object_of(&info);
	rel = (uintptr_t)pc - (uintptr_t)info.dli_fbase;
	/* The return address: the call itself is the byte before. */
	for (size_t i = 0; ob && i < ob->nr && ob->syms[i].lo <= rel - 1; i++)
		if (rel - 1 < ob->syms[i].lo + ob->syms[i].size)
			best = &ob->syms[i];
	if (best && offset)
		snprintf(buf, len, "%s+0x%lx/0x%lx", best->name,
			 (unsigned long)(rel - best->lo), (unsigned long)best->size);
	else if (best)
		snprintf(buf, len, "%s", best->name);
	pthread_mutex_unlock(&sym_lock);
}

const struct sim_site *sim_kcsan_pair_site(const char *f1, const char *f2)
{
	char name[2 * SIM_KCSAN_SYM_MAX + 4];
	const struct sim_site *site = NULL;

	/* No "/": the site names trace files. */
	snprintf(name, sizeof(name), "%s,%s", f1, f2);
	pthread_mutex_lock(&sym_lock);
	for (int i = 0; i < nr_pair_sites && !site; i++)
		if (strcmp(pair_sites[i].func, name) == 0)
			site = &pair_sites[i];
	if (!site && nr_pair_sites < PAIR_SITES) {
		char *func = strdup(name);

		if (func) {
			pair_sites[nr_pair_sites].func = func;
			pair_sites[nr_pair_sites].file = "kcsan";
			pair_sites[nr_pair_sites].line = 0;
			site = &pair_sites[nr_pair_sites++];
		}
	}
	pthread_mutex_unlock(&sym_lock);
	return site;
}

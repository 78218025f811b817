/* SPDX-License-Identifier: MIT */
/*
 * What the source side of sim/tree/ (src.c, extract.c, patch.c) shares:
 * the tree's struct and the small file helpers.
 */
#ifndef SIM_TREE_SRC_INTERNAL_H
#define SIM_TREE_SRC_INTERNAL_H

#include <stdint.h>
#include <sys/types.h>

#include <tree/tree.h>

struct tree_file {
	char *name;		/* relative to the tree's top */
	char sha256[65];
};

struct tree_src {
	char *src;		/* as given */
	char *base;		/* the subset's top: SRC itself or the cache's extraction */
	char *work;		/* the private patched copy, or NULL */
	char version[64];
	enum tree_generation gen;
	bool extracted;
	int nr_files;
	struct tree_file *files;
	int nr_patches;
	uint8_t (*patch_digest)[32];	/* SHA-256 of each applied patch's text */
	char hash[65];
};

/* Read a whole file. Return: malloc'd text (NUL-terminated), or NULL with errno set. */
char *tree_slurp(const char *path, size_t *len);
/* Write @len bytes to @path through a temporary file and rename(). Return: 0 or -1 with errno. */
int tree_write_file(const char *path, const char *data, size_t len);
/* mkdir -p of @path's parent directories. Return: 0 or -1 with errno. */
int tree_mkdirs_for(const char *path);
/* rm -rf @dir; errors are ignored. */
void tree_remove_dir(const char *dir);
/* Is @rel (a path relative to the top) one of the subset's files? */
bool tree_in_subset(const char *rel);
/* List the subset's files under @top into @t->files and hash them (tree_hash). */
void tree_scan(struct tree_src *t, const char *top);

/*
 * Extract the subset of @archive into the cache (once). @dir gets the
 * extraction's top (malloc'd); @extracted whether this call extracted.
 */
enum tree_status tree_extract(const char *archive, FILE *notes, char **dir,
			      bool *extracted, char *err, size_t len);

/* $XDG_CACHE_HOME/itsim/trees (else ~/.cache/...), created: malloc'd, or NULL. */
char *tree_cache_dir(void);


#endif /* SIM_TREE_SRC_INTERNAL_H */

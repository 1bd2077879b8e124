/* arena.h — a bump allocator for memory that lives and dies together, such
 * as a syntax tree: allocation is a pointer increment, and the whole arena
 * is released at once. Nothing allocated here may be passed to free(). */
#ifndef RUNBOOK_ARENA_H
#define RUNBOOK_ARENA_H

#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *chunks; /* newest first */
    char *ptr, *end;    /* free space in the newest chunk */
    char *last;         /* the most recent allocation (for arena_grow) */
    size_t next_size;   /* size of the next chunk */
} Arena;

#define ARENA_INIT {0}

/* n zeroed bytes, aligned for any object. Never returns NULL (out of
 * memory exits as xmalloc does). */
void *arena_alloc(Arena *a, size_t n);
/* A copy of s[0..n) with a NUL after it (s may hold NULs). */
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Resize p (from arena_alloc, old bytes long) to n bytes, keeping its
 * contents; in place when p is the most recent allocation and fits. */
void *arena_grow(Arena *a, void *p, size_t old, size_t n);
/* Release everything; the arena is empty and reusable afterwards. */
void arena_release(Arena *a);

#endif

/* arena.c — see arena.h. Chunks come zeroed (calloc, or fresh anonymous
 * mappings), so every byte handed out is already zero and nothing is ever
 * cleared twice; chunk sizes double up to a cap, so a large tree costs a
 * few dozen allocations instead of one per node. */
#include "arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_FIRST_CHUNK (16u * 1024)
#define ARENA_MAX_CHUNK (4u * 1024 * 1024)
#define ARENA_MAP_MIN (64u * 1024)
#define ARENA_HUGE (2u * 1024 * 1024)

/* Under AddressSanitizer every allocation is its own heap block, so that
 * the sanitizer sees an overrun of a node or a string as it would with
 * malloc (a bump allocator would hide it inside a chunk). */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_EACH_ALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_EACH_ALLOC 1
#endif
#endif

struct ArenaChunk {
    ArenaChunk *next;
    size_t bytes; /* of the mapping, when mapped */
    bool mapped;
    alignas(max_align_t) char data[];
};

static size_t round_up(size_t n)
{
    return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

#ifndef ARENA_EACH_ALLOC
/* Large chunks are mapped with their pages populated up front: touching
 * fresh pages one fault at a time was a third of the time `runbook check`
 * spent on a 10,000-line runbook (a fault costs microseconds, especially
 * under virtualisation), and a tree is written densely from start to end
 * anyway. Chunks of ARENA_HUGE bytes or more are aligned so that the
 * kernel can back them with huge pages where it offers them (Linux
 * transparent huge pages in "madvise" mode): one fault per 2 MiB. */
static void *map_chunk(size_t bytes)
{
#if defined(MAP_ANONYMOUS) && defined(MAP_POPULATE)
    int prot = PROT_READ | PROT_WRITE, flags = MAP_PRIVATE | MAP_ANONYMOUS;
#if defined(MADV_HUGEPAGE)
    if (bytes >= ARENA_HUGE && bytes % ARENA_HUGE == 0) {
        char *m = mmap(NULL, bytes + ARENA_HUGE, prot, flags, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        char *al = (char *)(((uintptr_t)m + ARENA_HUGE - 1) & ~(uintptr_t)(ARENA_HUGE - 1));
        if (al > m)
            munmap(m, (size_t)(al - m));
        munmap(al + bytes, (size_t)(m + ARENA_HUGE - al));
        (void)madvise(al, bytes, MADV_HUGEPAGE);
#if defined(MADV_POPULATE_WRITE)
        (void)madvise(al, bytes, MADV_POPULATE_WRITE); /* Linux 5.14; else faults */
#endif
        return al;
    }
#endif
    void *m = mmap(NULL, bytes, prot, flags | MAP_POPULATE, -1, 0);
    return m == MAP_FAILED ? NULL : m;
#else
    (void)bytes;
    return NULL;
#endif
}

static ArenaChunk *chunk_alloc(size_t bytes)
{
    if (bytes >= ARENA_MAP_MIN) {
        ArenaChunk *c = map_chunk(bytes);
        if (c) {
            c->bytes = bytes;
            c->mapped = true;
            return c;
        }
    }
    return xcalloc(1, bytes);
}

static void new_chunk(Arena *a, size_t need)
{
    /* Sizes count the header, so that a mapping is a power of two. */
    size_t bytes = a->next_size ? a->next_size : ARENA_FIRST_CHUNK;
    if (bytes < ARENA_MAX_CHUNK)
        a->next_size = bytes * 2;
    if (bytes < need + sizeof(ArenaChunk))
        bytes = need + sizeof(ArenaChunk);
    ArenaChunk *c = chunk_alloc(bytes);
    c->next = a->chunks;
    a->chunks = c;
    a->ptr = c->data;
    a->end = (char *)c + bytes;
}
#endif

void *arena_alloc(Arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        out_of_memory();
#ifdef ARENA_EACH_ALLOC
    ArenaChunk *c = xcalloc(1, sizeof(ArenaChunk) + (n ? n : 1));
    c->next = a->chunks;
    a->chunks = c;
    return c->data;
#else
    n = round_up(n ? n : 1);
    if (n > (size_t)(a->end - a->ptr))
        new_chunk(a, n);
    void *p = a->ptr;
    a->ptr += n;
    a->last = p;
    return p;
#endif
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    return p;
}

void *arena_grow(Arena *a, void *p, size_t old, size_t n)
{
    if (n <= old)
        return p;
    if (n > SIZE_MAX / 2)
        out_of_memory();
    if (p && p == a->last && round_up(n) <= (size_t)(a->end - (char *)p)) {
        a->ptr = (char *)p + round_up(n);
        return p; /* the bytes past old are still zero */
    }
    void *q = arena_alloc(a, n);
    if (old)
        memcpy(q, p, old);
    return q;
}

void arena_release(Arena *a)
{
    ArenaChunk *c = a->chunks;
    while (c) {
        ArenaChunk *next = c->next;
        if (c->mapped)
            munmap(c, c->bytes);
        else
            free(c);
        c = next;
    }
    *a = (Arena)ARENA_INIT;
}

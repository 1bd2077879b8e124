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
#define ARENA_MAX_CHUNK (1024u * 1024)
#define ARENA_MAP_MIN (64u * 1024)

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

/* Large chunks are mapped with their pages populated up front: touching
 * fresh pages one fault at a time was a third of the time `runbook check`
 * spent on a 10,000-line runbook (a fault costs microseconds, especially
 * under virtualisation), and a tree is written densely from start to end
 * anyway. */
static ArenaChunk *chunk_alloc(size_t bytes)
{
#if defined(MAP_ANONYMOUS) && defined(MAP_POPULATE)
    if (bytes >= ARENA_MAP_MIN) {
        void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (m != MAP_FAILED) {
            ArenaChunk *c = m;
            c->bytes = bytes;
            c->mapped = true;
            return c;
        }
    }
#endif
    return xcalloc(1, bytes);
}

static void new_chunk(Arena *a, size_t need)
{
    size_t size = a->next_size ? a->next_size : ARENA_FIRST_CHUNK;
    if (size < ARENA_MAX_CHUNK)
        a->next_size = size * 2;
    if (size < need)
        size = need;
    ArenaChunk *c = chunk_alloc(sizeof(ArenaChunk) + size);
    c->next = a->chunks;
    a->chunks = c;
    a->ptr = c->data;
    a->end = c->data + size;
}

void *arena_alloc(Arena *a, size_t n)
{
    if (n > SIZE_MAX / 2)
        out_of_memory();
    n = round_up(n ? n : 1);
    if (n > (size_t)(a->end - a->ptr))
        new_chunk(a, n);
    void *p = a->ptr;
    a->ptr += n;
    a->last = p;
    return p;
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

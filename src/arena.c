/* arena.c — per-report bump allocator: every object of one report's model
 * and layout is freed at once by nb_arena_drop.  Used by all stages. */
#include "nb.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} arena_block;

struct nb_arena {
    arena_block *head;
    bool failed;          /* nb_arena_failed */
};

nb_arena *nb_arena_new(void)
{
    return nb_calloc(1, sizeof(nb_arena));
}

static arena_block *new_block(size_t min_size)
{
    size_t size = min_size > ARENA_BLOCK ? min_size : ARENA_BLOCK;
    arena_block *b = nb_malloc(sizeof(arena_block) + size);
    if (!b)
        return NULL;
    b->next = NULL;
    b->used = 0;
    b->size = size;
    return b;
}

void *nb_arena_alloc(nb_arena *a, size_t size)
{
    size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need < size) {
        a->failed = true;
        return NULL;
    }
    if (!a->head || a->head->size - a->head->used < need) {
        arena_block *b = new_block(need);
        if (!b) {
            a->failed = true;
            return NULL;
        }
        b->next = a->head;
        a->head = b;
    }
    void *p = a->head->data + a->head->used;
    a->head->used += need;
    memset(p, 0, size);
    return p;
}

char *nb_arena_strndup(nb_arena *a, const char *s, size_t n)
{
    char *p = nb_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *nb_arena_strdup(nb_arena *a, const char *s)
{
    return nb_arena_strndup(a, s, strlen(s));
}

bool nb_arena_failed(const nb_arena *a)
{
    return a->failed;
}

size_t nb_arena_bytes(const nb_arena *a)
{
    size_t n = 0;
    for (const arena_block *b = a ? a->head : NULL; b; b = b->next)
        n += sizeof *b + b->size;
    return n;
}

void nb_arena_drop(nb_arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        nb_free(b);
        b = next;
    }
    nb_free(a);
}

void *nb_arena_grow(nb_arena *a, void *array, int count, int *cap, size_t elem)
{
    if (count < *cap)
        return array;
    int ncap = *cap ? *cap * 2 : 16;
    void *p = nb_arena_alloc(a, elem * (size_t)ncap);
    if (!p)
        return NULL;
    if (count)
        memcpy(p, array, elem * (size_t)count);
    *cap = ncap;
    return p;
}

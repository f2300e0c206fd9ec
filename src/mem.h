/* mem.h — mem.c, shared basics: the one allocator of src/.  Every stage
 * allocates through nb_malloc and friends (and the arena on top of them),
 * so that one switch can make the Nth allocation fail — the fault
 * injection of the allocation-failure walk (tests/t_alloc.sh), after
 * SQLite's test harness. */
#ifndef NB_MEM_H
#define NB_MEM_H

#include <stdbool.h>
#include <stddef.h>

void *nb_malloc(size_t size);                 /* NULL on failure */
void *nb_calloc(size_t count, size_t size);   /* zeroed; NULL on overflow or failure */
void *nb_realloc(void *p, size_t size);       /* p is kept on failure */
char *nb_strdup(const char *s);               /* NULL for NULL or on failure */
void nb_free(void *p);

/* Fault injection, for tests only.  While a counter is installed every
 * allocation counts itself in it; allocation number `fail_at` (1-based)
 * fails, and with `persistent` every later one too.  Installing is the one
 * process-wide switch of the program — it exists for the walk, main.c sets
 * it only from NIANBAO_FAIL_ALLOC — and is NULL (no counting) otherwise. */
typedef struct nb_mem_faults {
    long fail_at;         /* 0: never fail, only count */
    bool persistent;
    long calls;           /* allocations seen so far */
    long failed;          /* allocations refused so far */
} nb_mem_faults;

void nb_mem_install_faults(nb_mem_faults *faults);

#endif

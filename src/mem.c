/* mem.c — shared basics: the one allocator of src/ (see mem.h), with the
 * test-only fault injection of the allocation-failure walk. */
#include "mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The test-only switch (mem.h): NULL in every normal run.  Atomic because
 * the font set and batch rendering allocate from several threads. */
static _Atomic(nb_mem_faults *) installed_faults;

void nb_mem_install_faults(nb_mem_faults *faults)
{
    atomic_store(&installed_faults, faults);
}

static bool injected_failure(void)
{
    nb_mem_faults *f = atomic_load_explicit(&installed_faults, memory_order_relaxed);
    if (!f)
        return false;
    long n = __atomic_add_fetch(&f->calls, 1, __ATOMIC_RELAXED);
    bool fail = f->fail_at > 0 && (n == f->fail_at || (f->persistent && n > f->fail_at));
    if (fail)
        __atomic_add_fetch(&f->failed, 1, __ATOMIC_RELAXED);
    return fail;
}

void *nb_malloc(size_t size)
{
    return injected_failure() ? NULL : malloc(size ? size : 1);
}

void *nb_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *nb_realloc(void *p, size_t size)
{
    return injected_failure() ? NULL : realloc(p, size ? size : 1);
}

char *nb_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = nb_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void nb_free(void *p)
{
    free(p);
}

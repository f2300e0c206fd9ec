/* importlibs.c — import stage (import_pdf.c, import_docx.c): the
 * libraries only `nianbao import` uses, opened when it first calls them.
 * Linked into the program, poppler-glib (with libstdc++, cairo, NSS, X11
 * …) and libxml2 (with ICU) were loaded and relocated at the start of
 * every process, 64 libraries: `nianbao --version` took 16 ms of CPU
 * instead of 1.4, and a render of seed 001 spent a quarter of its
 * instructions in the dynamic loader.  So the functions the importers
 * call are defined here under their own names and forward to the library,
 * opened with dlopen (the loader keeps it; nothing is cached here).  A
 * call not listed here fails to link: add it below.  If a library cannot
 * be opened, its functions fail the way the library reports failure
 * (NULL, -1), and the importers say the file cannot be read. */
#include "nb.h"
#include "mem.h"
#include "utf8.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <glib-object.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <poppler.h>
#include <string.h>
#include <zip.h>

/* Sonames from the Makefile (the libraries the headers belong to). */
#ifndef NB_SONAME_POPPLER_GLIB
#define NB_SONAME_POPPLER_GLIB "libpoppler-glib.so.8"
#endif
#ifndef NB_SONAME_XML2
#define NB_SONAME_XML2 "libxml2.so.2"
#endif
#ifndef NB_SONAME_ZIP
#define NB_SONAME_ZIP "libzip.so.4"
#endif

static void *symbol(const char *soname, const char *name)
{
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    return lib ? dlsym(lib, name) : NULL;
}

/* ret name(params) forwarding to the same function of the library, or
 * returning `fail` without it. */
#define FORWARD(soname, ret, name, params, args, fail)                          \
    ret name params                                                             \
    {                                                                           \
        ret(*real) params;                                                      \
        *(void **)&real = symbol(soname, #name);                                \
        return real ? real args : fail;                                         \
    }
#define FORWARD_VOID(soname, name, params, args)                                \
    void name params                                                            \
    {                                                                           \
        void(*real) params;                                                     \
        *(void **)&real = symbol(soname, #name);                                \
        if (real)                                                               \
            real args;                                                          \
    }

/* ---- poppler-glib (and the GLib it brings) ---------------------------------- */

#define PG NB_SONAME_POPPLER_GLIB
FORWARD(PG, PopplerDocument *, poppler_document_new_from_bytes,
        (GBytes *bytes, const char *password, GError **error), (bytes, password, error), NULL)
FORWARD(PG, int, poppler_document_get_n_pages, (PopplerDocument *d), (d), 0)
FORWARD(PG, PopplerPage *, poppler_document_get_page, (PopplerDocument *d, int i), (d, i), NULL)
FORWARD(PG, char *, poppler_page_get_text, (PopplerPage *page), (page), NULL)
FORWARD(PG, gboolean, poppler_page_get_text_layout,
        (PopplerPage *page, PopplerRectangle **rects, guint *n), (page, rects, n), FALSE)
FORWARD(PG, GBytes *, g_bytes_new_take, (gpointer data, gsize size), (data, size), NULL)
FORWARD_VOID(PG, g_bytes_unref, (GBytes *bytes), (bytes))
FORWARD_VOID(PG, g_object_unref, (gpointer object), (object))
FORWARD_VOID(PG, g_free, (gpointer mem), (mem))
FORWARD_VOID(PG, g_clear_error, (GError **err), (err))

/* Called for every character: kept here rather than looked up each time.
 * The same answers as GLib's for the valid UTF-8 poppler gives. */
gunichar g_utf8_get_char(const gchar *p)
{
    uint32_t cp = 0;
    nb_utf8_decode(p, strnlen(p, 4) ? strnlen(p, 4) : 1, &cp);
    return cp;
}

/* GLib: tab, line feed, carriage return, form feed, and the Unicode
 * space, line and paragraph separators (Zs, Zl, Zp). */
gboolean g_unichar_isspace(gunichar c)
{
    return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x20 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/* g_utf8_next_char reads this table: the length of a sequence by its
 * first byte, as GLib's own. */
static const gchar utf8_skip[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 1, 1,
};
const gchar *const g_utf8_skip = utf8_skip;

/* ---- libxml2 -------------------------------------------------------------------- */

#define XML NB_SONAME_XML2
FORWARD(XML, xmlDocPtr, xmlReadMemory,
        (const char *buf, int size, const char *url, const char *encoding, int options),
        (buf, size, url, encoding, options), NULL)
FORWARD_VOID(XML, xmlFreeDoc, (xmlDocPtr doc), (doc))
FORWARD(XML, xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc), NULL)
FORWARD(XML, xmlChar *, xmlGetNsProp, (const xmlNode *node, const xmlChar *name,
        const xmlChar *ns), (node, name, ns), NULL)
FORWARD(XML, xmlChar *, xmlNodeGetContent, (const xmlNode *node), (node), NULL)

/* The importers free libxml2's strings with xmlFree, a variable of
 * libxml2 (it is not built with per-thread allocators) that holds free()
 * unless xmlMemSetup changes it, which nianbao never calls; never
 * written. */
xmlFreeFunc xmlFree = free;

/* ---- libzip --------------------------------------------------------------------- */

#define ZIP NB_SONAME_ZIP
zip_t *zip_open(const char *path, int flags, int *error)
{
    zip_t *(*f)(const char *, int, int *);
    *(void **)&f = symbol(ZIP, "zip_open");
    if (!f && error)
        *error = ZIP_ER_OPEN;
    return f ? f(path, flags, error) : NULL;
}
FORWARD(ZIP, int, zip_close, (zip_t *z), (z), -1)
FORWARD(ZIP, int, zip_stat, (zip_t *z, const char *name, zip_flags_t flags, zip_stat_t *st),
        (z, name, flags, st), -1)
FORWARD(ZIP, zip_file_t *, zip_fopen, (zip_t *z, const char *name, zip_flags_t flags),
        (z, name, flags), NULL)
FORWARD(ZIP, zip_int64_t, zip_fread, (zip_file_t *f, void *buf, zip_uint64_t n), (f, buf, n), -1)
FORWARD(ZIP, int, zip_fclose, (zip_file_t *f), (f), -1)

/* doc.c — the display list between layout and PDF: growing arrays of
 * pages, items and outline entries, all in the report's arena. */
#include "doc.h"

#include <string.h>

nb_page *nb_doc_add_page(nb_doc *doc, nb_arena *arena)
{
    nb_page *pages = nb_arena_grow(arena, doc->pages, doc->npages, &doc->cap, sizeof *pages);
    if (!pages)
        return NULL;
    doc->pages = pages;
    nb_page *p = &doc->pages[doc->npages++];
    memset(p, 0, sizeof *p);
    p->number = doc->npages;
    return p;
}

nb_item *nb_page_add_item(nb_page *page, nb_arena *arena)
{
    nb_item *items = nb_arena_grow(arena, page->items, page->nitems, &page->cap, sizeof *items);
    if (!items)
        return NULL;
    page->items = items;
    nb_item *it = &page->items[page->nitems++];
    memset(it, 0, sizeof *it);
    return it;
}

nb_outline *nb_doc_add_outline(nb_doc *doc, nb_arena *arena)
{
    nb_outline *o = nb_arena_grow(arena, doc->outline, doc->noutline, &doc->outline_cap, sizeof *o);
    if (!o)
        return NULL;
    doc->outline = o;
    nb_outline *e = &doc->outline[doc->noutline++];
    memset(e, 0, sizeof *e);
    return e;
}

/* doc.c — the display list between layout and PDF: growing arrays of
 * pages, items, cell marks, outline entries and paths, all in the report's
 * arena. */
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

nb_cell_mark *nb_page_add_cell(nb_page *page, nb_arena *arena)
{
    nb_cell_mark *c = nb_arena_grow(arena, page->cells, page->ncells, &page->cells_cap, sizeof *c);
    if (!c)
        return NULL;
    page->cells = c;
    nb_cell_mark *m = &page->cells[page->ncells++];
    memset(m, 0, sizeof *m);
    return m;
}

nb_item *nb_page_insert_first(nb_page *page, nb_arena *arena)
{
    if (!nb_page_add_item(page, arena))
        return NULL;
    memmove(page->items + 1, page->items, (size_t)(page->nitems - 1) * sizeof *page->items);
    memset(page->items, 0, sizeof *page->items);
    return page->items;
}

bool nb_path_add(nb_path *p, nb_arena *arena, char op, const double *pts, int npts)
{
    char *ops = nb_arena_grow(arena, p->ops, p->nops, &p->ops_cap, 1);
    if (!ops)
        return false;
    p->ops = ops;
    p->ops[p->nops++] = op;
    for (int i = 0; i < 2 * npts; i++) {
        double *v = nb_arena_grow(arena, p->pts, p->npts, &p->pts_cap, sizeof *v);
        if (!v)
            return false;
        p->pts = v;
        p->pts[p->npts++] = pts[i];
    }
    return true;
}

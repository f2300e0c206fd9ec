/* doc.h — the laid-out document: pages of display items in page
 * coordinates (pt, origin at the page's top-left, y downwards).  Made by
 * page.c (layout), drawn by pdf.c; decorations (watermark, proof marks)
 * are further items appended after layout and never change it. */
#ifndef NB_DOC_H
#define NB_DOC_H

#include "para.h"

typedef enum {
    NB_ITEM_TEXT,     /* one nb_line, left edge of the line box at x,
                         baseline at y (line->offset already included) */
    NB_ITEM_RULE,     /* a stroked segment (x,y)-(x2,y2), width `stroke` */
    NB_ITEM_FILL,     /* a filled rectangle x,y,w=x2-x,h=y2-y, in `gray` */
    NB_ITEM_PATH      /* `path` (page coordinates), filled in `gray`, or
                         stroked `stroke` wide when stroke > 0 */
} nb_item_kind;

/* A vector outline: ops 'm' (1 point), 'l' (1), 'c' (3: a cubic Bézier)
 * and 'h' (close, 0), with their points in order, pt. */
typedef struct nb_path {
    char *ops;
    int nops;
    double *pts;          /* x, y of each point in turn */
    int npts;             /* doubles in pts (2 per point) */
    int ops_cap, pts_cap;
} nb_path;

/* A colour other than the item's `gray`: NB_RGB(0xC0, 0x20, 0x20). */
#define NB_RGB(r, g, b) (0x1000000u | ((uint32_t)(r) << 16) | ((uint32_t)(g) << 8) | (uint32_t)(b))

typedef struct nb_item {
    nb_item_kind kind;
    double x, y, x2, y2;
    double stroke;        /* rule width, pt */
    double gray;          /* 0 black … 1 white, for fills */
    const nb_line *line;  /* NB_ITEM_TEXT */
    double embolden;      /* NB_ITEM_TEXT: > 0 strokes the glyphs' outlines
                             with this width too (synthetic bold, for faces
                             without a bold weight) */
    uint32_t color;       /* NB_RGB(...) paints in that colour; 0: black
                             text and rules, `gray` fills */
    const nb_path *path;  /* NB_ITEM_PATH */
    bool artifact;        /* not part of the content (a watermark): marked
                             as an /Artifact, never text */
    bool numbered;        /* NB_ITEM_TEXT of a line of running text (title,
                             headings, paragraphs, closing): counted by the
                             proof's line numbers */
} nb_item;

/* Where a table's number cell was drawn, so that decorations after layout
 * (a proof's highlighted cells) can find it. */
typedef struct nb_cell_mark {
    const void *table;    /* the nb_form_table the cell belongs to */
    int field;            /* its field index in that table */
    double x, y, x2, y2;  /* the cell's box, page coordinates */
} nb_cell_mark;

typedef struct nb_page {
    nb_item *items;
    int nitems, cap;
    int number;           /* printed page number, 1-based */
    nb_cell_mark *cells;  /* the number cells drawn on the page */
    int ncells, cells_cap;
} nb_page;

typedef struct nb_outline {
    int level;            /* 0 title, 1 一、 headings, 2 （一） headings */
    const char *title;
    int page;             /* 0-based index into pages */
    double y;             /* top of the heading, page coordinates */
} nb_outline;

typedef struct nb_doc {
    double width, height; /* pt: A4 595.276 × 841.89 */
    nb_page *pages;
    int npages, cap;
    nb_outline *outline;
    int noutline, outline_cap;
    /* document information */
    const char *title;
    const char *author;   /* the body (机关名称) */
    const char *subject;
    const char *lang;     /* "zh-CN" */
} nb_doc;

/* Growing arrays live in the arena (old copies are simply abandoned). */
nb_page *nb_doc_add_page(nb_doc *doc, nb_arena *arena);
nb_item *nb_page_add_item(nb_page *page, nb_arena *arena);
nb_outline *nb_doc_add_outline(nb_doc *doc, nb_arena *arena);
nb_cell_mark *nb_page_add_cell(nb_page *page, nb_arena *arena);
/* A zeroed item inserted before all others (drawn under them). */
nb_item *nb_page_insert_first(nb_page *page, nb_arena *arena);
/* Path building; false on OOM. */
bool nb_path_add(nb_path *p, nb_arena *arena, char op, const double *pts, int npts);

#endif

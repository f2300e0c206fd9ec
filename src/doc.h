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
    NB_ITEM_FILL      /* a filled rectangle x,y,w=x2-x,h=y2-y, in `gray` */
} nb_item_kind;

typedef struct nb_item {
    nb_item_kind kind;
    double x, y, x2, y2;
    double stroke;        /* rule width, pt */
    double gray;          /* 0 black … 1 white, for fills */
    const nb_line *line;  /* NB_ITEM_TEXT */
    double embolden;      /* NB_ITEM_TEXT: > 0 strokes the glyphs' outlines
                             with this width too (synthetic bold, for faces
                             without a bold weight) */
} nb_item;

typedef struct nb_page {
    nb_item *items;
    int nitems, cap;
    int number;           /* printed page number, 1-based */
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

#endif

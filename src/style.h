/* style.h — style.c, layout stage: a page style (layouts/NAME.yaml) →
 * nb_style: page and block geometry in pt, the line grid, roles with
 * their font chains and sizes, and the settings of titles, tables, page
 * numbers and the closing. */
#ifndef NB_STYLE_H
#define NB_STYLE_H

#include "font.h"

/* The roles every style defines, in this order.  The font set is opened
 * with style->roles in this order, so a role's value is its index there. */
typedef enum {
    NB_ROLE_TITLE, NB_ROLE_BODY, NB_ROLE_H1, NB_ROLE_H2, NB_ROLE_TABLE, NB_ROLE_TABLE_HEAD,
    NB_ROLE_PAGE_NUMBER, NB_ROLE_COUNT
} nb_role;

typedef struct nb_style {
    const char *name;
    const char *path;              /* the file it was read from */
    double page_w, page_h;         /* pt */
    double left, top;              /* block origin, pt */
    double block_w, block_h;       /* pt */
    int lines, chars;              /* the grid */
    double line_pitch, char_pitch; /* pt */
    nb_font_role roles[NB_ROLE_COUNT];
    double sizes[NB_ROLE_COUNT];   /* pt */
    int title_lines_after;
    int para_indent, heading_indent;   /* characters */
    double cell_pad, cell_leading, min_row, rule, head_gray;  /* pt; leading × size */
    double head_embolden;          /* pt of outline stroke on header text, 0 none */
    int table_space_after;         /* grid lines */
    const char *page_number_format;
    nb_span page_number_at;        /* where the format was written (line 0: default) */
    double page_number_below;      /* pt */
    int page_number_inset;         /* characters */
    int closing_lines_before, closing_date_inset;
} nb_style;

/* NAME (looked up as DATA/layouts/NAME.yaml) or a path to a .yaml file. */
nb_status nb_style_load(nb_diag *diag, nb_arena *arena, const char *data_dir,
                        const char *name_or_path, nb_style **out);
/* The same from text in memory (`name` in messages): the fuzzers' entry. */
nb_status nb_style_parse(nb_diag *diag, nb_arena *arena, const char *name, const char *text,
                         size_t len, nb_style **out);

extern const char *const nb_role_names[NB_ROLE_COUNT];

#endif

/* import_util.h — internal to the import stage (import*.c): the state of
 * one import, the text helpers of import_text.c and the table reader of
 * import_table.c.  Not used outside import*.c. */
#ifndef NB_IMPORT_UTIL_H
#define NB_IMPORT_UTIL_H

#include "import.h"

typedef struct para {
    const char *text;
    const nb_import_line *at;   /* its first line */
    bool bold;
} para;

typedef struct para_list {
    para *items;
    int count, cap;
} para_list;

/* One import: the input, what was found, and the YAML being written. */
typedef struct imp {
    nb_diag *diag;
    nb_arena *arena;
    const nb_form *form;
    const nb_import_doc *doc;
    int *section_line;          /* per form section: its heading's line, or -1 */
    const char *body;           /* 机关名称, from the title */
    const char *title_rest;     /* the title from the year on */
    int year;
    para_list preamble;
    const char *signer, *date;
    bool uncertain;             /* something was marked 未能确定 */
    char *out;                  /* the YAML (malloc'd while written) */
    size_t out_len, out_cap;
    bool out_failed;
} imp;

/* ---- text (import_text.c) ---- */
/* Whitespace removed, ASCII punctuation made full-width ( ) , : ; → （ ），：；,
 * full-width digits made ASCII, 「1、」「1．」 made 「1.」; in the arena. */
const char *imp_norm(nb_arena *a, const char *s);
/* Past a leading 「一、」「（三）」「1.」 of normalized text (s itself if none). */
const char *imp_strip_numbering(const char *s);
/* The label's words: normalized, numbering stripped, and (when
 * drop_note) a trailing 「（…）」 note dropped. */
const char *imp_core(nb_arena *a, const char *label, bool drop_note);
/* Leading and trailing whitespace (ASCII, full-width, no-break) removed. */
const char *imp_trim(nb_arena *a, const char *s);
/* Spaces between a digit and a CJK character dropped (export debris). */
const char *imp_tidy_spaces(nb_arena *a, const char *s);
const char *imp_concat(nb_arena *a, const char *x, const char *y);
int imp_chars(const char *s);
bool imp_is_space(uint32_t cp);
bool imp_is_cjk(uint32_t cp);
/* A sub-heading: 「（一）主动公开」 (short, no sentence inside), or a short
 * line without any punctuation, or a short bold line. */
bool imp_is_heading(const char *text, bool bold);
/* The year (4 digits before 年) in text: where it starts, or NULL. */
const char *imp_find_year(const char *text, int *year);
/* Where a trailing date 「2022年1月14日」 starts in text, when text ends
 * with one (after at most a signer), else NULL. */
const char *imp_closing_date(const char *text);
bool imp_is_signer(const char *text);
/* The digits of a number as published (spaces, full-width digits and
 * thousands commas removed), or NULL when text is not a number. */
const char *imp_number(nb_arena *a, const char *text);
/* 「— 3 —」, 「-3-」, 「第 3 页」 (import_txt.c). */
bool imp_is_page_number(const char *s);
nb_span imp_span(const imp *m, const nb_import_line *at);
nb_status imp_read_file(nb_diag *diag, const char *path, char **data, size_t *len);

/* ---- the YAML being written (import_text.c) ---- */
bool imp_out_init(imp *m);
void imp_out(imp *m, const char *s);
void imp_outf(imp *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A YAML scalar: plain when that reads back the same, else double-quoted. */
void imp_out_scalar(imp *m, const char *s);
/* The text, moved into the arena (NULL after a failed allocation). */
char *imp_out_finish(imp *m);

/* ---- tables (import_table.c) ---- */
/* Reads form section s's table from lines [from, to) and writes it. */
bool imp_table(imp *m, int s, int from, int to);

#endif

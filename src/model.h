/* model.h — the types of the pipeline's data: the form (read from
 * layouts/forms/NNNN.yaml by form.c) and one report (read from the input file
 * by input.c).  Types only, no logic.  Everything lives in an nb_arena. */
#ifndef NB_MODEL_H
#define NB_MODEL_H

#include "nb.h"

/* ==== the form ========================================================= */

typedef enum { NB_FIELD_COUNT, NB_FIELD_AMOUNT } nb_field_kind;

/* One number of a table: its input key path inside the table's mapping
 * (e.g. "本年度办理结果.无法提供.本机关不掌握相关政府信息.自然人"). */
typedef struct nb_field {
    const char *path;       /* full dotted path, relative to the table */
    const char *row_name;   /* the form's words for its row ("（七）总计") */
    const char *col_name;   /* its column ("自然人"); NULL for a lone value */
    nb_field_kind kind;
} nb_field;

/* One cell of the drawn grid: a label (text) or a number (field >= 0). */
typedef struct nb_form_cell {
    int row, col;           /* 0-based top-left grid position */
    int rows, cols;         /* spans, >= 1 */
    const char *text;       /* label text, or NULL for a number cell */
    int field;              /* index into nb_form_table.fields, or -1 */
    bool head;              /* header style (bold, shaded) */
} nb_form_cell;

typedef struct nb_form_table {
    const char *key;        /* "表三": the input's key for its numbers */
    const char *name;       /* "收到和处理政府信息公开申请情况" */
    int nrows, ncols;
    int header_rows;        /* rows repeated on continuation pages */
    double *widths;         /* ncols relative column widths */
    nb_form_cell *cells;    /* in row-major order of their top-left corner */
    int ncells;
    bool *keep_with_next;   /* nrows: row must stay on the page of the next */
    const char **row_names; /* nrows: the row's name for messages, or NULL */
    nb_field *fields;
    int nfields;
    /* Field paths hashed (open addressing, 1 + field index, 0 empty;
     * field_slots a power of two), for nb_form_find_field; NULL: search
     * the fields one by one. */
    int *field_index;
    unsigned field_slots;
} nb_form_table;

typedef enum { NB_SECTION_TEXT, NB_SECTION_TABLE } nb_section_kind;

typedef struct nb_form_section {
    const char *key;        /* input key: "总体情况" */
    const char *heading;    /* printed heading: "一、总体情况" */
    nb_section_kind kind;
    int table;              /* index into nb_form.tables, or -1 */
} nb_form_section;

/* One expanded consistency rule: sum(total) = sum(parts). */
typedef struct nb_rule {
    int table;
    int *total;  int ntotal;   /* field indices */
    int *parts;  int nparts;
    const char *text;          /* the rule in the form's words */
    const char *where;         /* the row or column it was expanded for */
} nb_rule;

/* One column of a district's overview (batch --overview): the sum of
 * some fields of one table, e.g. 不予公开 = the eight rows' 总计. */
typedef struct nb_overview_col {
    const char *label;         /* column heading: "不予公开" */
    int table;
    int *fields;  int nfields;
} nb_overview_col;

typedef struct nb_form {
    const char *path;          /* the file it was read from */
    int format;                /* 2021 */
    const char *title;
    nb_form_section *sections;  int nsections;
    nb_form_table *tables;      int ntables;
    nb_rule *rules;             int nrules;
    nb_overview_col *overview;  int noverview;
} nb_form;

/* ==== one report ======================================================= */

typedef enum { NB_BLOCK_PARAGRAPH, NB_BLOCK_HEADING } nb_block_kind;

/* A free-text block: a second-level heading （一）… or a paragraph. */
typedef struct nb_block {
    nb_block_kind kind;
    const char *text;          /* UTF-8, trimmed, never NULL */
    nb_span span;
    bool placeholder;          /* still the template's stand-in text
                                  (「请在此填写正文。」): `check` warns, a final
                                  render refuses, a proof highlights it */
    const char *lead;          /* a paragraph's run-in heading (段首标题,
                                  「（一）主动公开方面。」) set before its text
                                  in the 二级标题 face, or NULL */
} nb_block;

typedef struct nb_section_text {
    const char *heading;       /* override of the form's heading, or NULL */
    nb_block *blocks;  int nblocks;
    bool present;              /* the key was in the input */
    nb_span span;
} nb_section_text;

/* Fixed point: every number is stored × 10^4 so that the fee (万元) and
 * the counts share one exact representation.  A fee published with more
 * decimals is computed rounded to four and printed as written (`text`). */
#define NB_VALUE_SCALE 10000

typedef struct nb_value {
    int64_t v;                 /* value × NB_VALUE_SCALE */
    bool given;                /* written in the input (else 0 or computed) */
    bool computed;             /* a total filled in from its parts */
    nb_span span;              /* where it was written (or its row/table) */
    const char *text;          /* as written (trimmed), when given */
} nb_value;

typedef struct nb_report {
    const char *path;          /* input file name, as given on the command line */
    const nb_form *form;
    const char *body;          /* 机关名称 */
    int year;                  /* 年度 */
    const char **title_lines;  /* the title, already broken into lines */
    int ntitle_lines;
    nb_block *preamble;        /* 前言 paragraphs (may be none) */
    int npreamble;
    nb_section_text *sections; /* form->nsections entries, same order */
    nb_value **values;         /* form->ntables arrays of table.nfields */
    bool *table_given;         /* form->ntables: the table's key was written */
    bool *table_invalid;       /* form->ntables: errors inside it were reported,
                                  so its rules are not checked (no cascades) */
    nb_span *table_spans;      /* form->ntables: where its key was written */
    const char *signer;        /* 落款, may be NULL */
    const char *date;          /* 成文日期, may be NULL */
    nb_span span_body, span_year, span_closing;
    nb_span span_title;        /* 标题 as written; line 0 when the default */
    uint64_t source_hash;      /* FNV-1a-64 of the file's bytes: names this
                                  exact input on a proof */
    nb_span span_signer, span_date;   /* line 0: not written */
} nb_report;

#endif

/* audit.h — audit.c and textcheck.c, validate stage: every check over a
 * read report as a list of findings with their figures, whether they hold
 * or not: the form's rules (勾稽关系), last year's carry-over
 * (--previous), and the figures the text states against the table cells.
 * check.c reports the ones that fail; the proof's check page (proof.c)
 * lists them all.  Run after nb_check_report (totals filled in). */
#ifndef NB_AUDIT_H
#define NB_AUDIT_H

#include "model.h"

typedef enum {
    NB_FIND_RULE,    /* a rule of the form */
    NB_FIND_CARRY,   /* this year's 上年结转 = last year's 结转下年度 */
    NB_FIND_TEXT,    /* a figure of the text = a table cell */
    NB_FIND_COLUMN   /* one column's sums (a summary of its column rules) */
} nb_finding_kind;

typedef struct nb_finding {
    nb_finding_kind kind;
    bool ok;
    const char *where;     /* "表三 · 自然人", "表四 · 行政复议" */
    const char *figures;   /* "一 + 二 = 4 + 0 = 4；（七） + 四 = 3 + 1 = 4" */
    int table;             /* the cell that would be wrong when !ok: */
    int field;             /*   its table and field, field -1 for none */
    int64_t expected;      /*   and the value this finding expects there */
    nb_span span;          /* where to point a message */
} nb_finding;

typedef struct nb_findings {
    nb_finding *items;
    int count, cap;
} nb_findings;

/* One finding per expanded rule of the form. */
nb_status nb_audit_rules(nb_arena *arena, const nb_report *report, nb_findings *out);
/* One finding per column that column rules add up: each rule's two sides'
 * sums, e.g. 「一 + 二 = 4；（七） + 四 = 4；（一） + … + （六） = 3」. */
nb_status nb_audit_columns(nb_arena *arena, const nb_report *report, nb_findings *out);
/* One finding per column of the carry-over, against last year's report. */
nb_status nb_audit_carry(nb_arena *arena, const nb_report *report, const nb_report *previous,
                         nb_findings *out);
/* One finding per figure of the text that can be attributed to one table
 * figure (textcheck.c); figures that cannot are left out. */
nb_status nb_audit_text(nb_arena *arena, const nb_report *report, nb_findings *out);

/* Cells the text patterns name that `form` lacks (a pattern without its
 * cell never fires): 0 for the 2021 form, asserted by the tests. */
int nb_audit_text_unknown_cells(const nb_form *form);

int nb_audit_failures(const nb_findings *f, nb_finding_kind kind);
/* How messages name a cell: 表三「一、本年新收政府信息公开申请数量」×「总计」. */
const char *nb_audit_cell_words(nb_arena *arena, const nb_form_table *t, int field);
nb_finding *nb_audit_add(nb_findings *f, nb_arena *arena);

#endif

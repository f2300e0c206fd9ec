/* coverage.c — validate stage, run before layout: every character of a
 * report must have a font in the chain of the role it is set in (title,
 * headings, body, tables), or render would stop at it.  Checked here so
 * that `check` knows it too (emoji, private-use characters, a rare
 * character the bundled fonts lack, a system font without some glyph),
 * with the same message render gives, at the same place. */
#include "coverage.h"
#include "shape.h"
#include "style.h"
#include "utf8.h"

#include <string.h>

static void visit_blocks(const nb_block *b, int n, nb_coverage_visit visit, void *user)
{
    for (int i = 0; i < n; i++)
        visit(user, b[i].kind == NB_BLOCK_HEADING ? NB_ROLE_H2 : NB_ROLE_BODY, b[i].span, b[i].text);
}

static void visit_table(const nb_form_table *t, nb_span where, nb_coverage_visit visit, void *user)
{
    for (int i = 0; i < t->ncells; i++)
        if (t->cells[i].text)
            visit(user, t->cells[i].head ? NB_ROLE_TABLE_HEAD : NB_ROLE_TABLE, where,
                  t->cells[i].text);
    visit(user, NB_ROLE_TABLE, where, "0123456789.");
}

void nb_coverage_each_text(const nb_report *rep, nb_coverage_visit visit, void *user)
{
    const nb_form *form = rep->form;
    nb_span title = rep->span_title.line ? rep->span_title : rep->span_body;
    title.file = rep->path;
    for (int i = 0; i < rep->ntitle_lines; i++)
        visit(user, NB_ROLE_TITLE, title, rep->title_lines[i]);
    visit_blocks(rep->preamble, rep->npreamble, visit, user);
    for (int i = 0; i < form->nsections; i++) {
        const nb_form_section *s = &form->sections[i];
        if (s->kind == NB_SECTION_TEXT) {
            visit(user, NB_ROLE_H1, rep->sections[i].span, s->heading);
            visit_blocks(rep->sections[i].blocks, rep->sections[i].nblocks, visit, user);
        } else {
            visit(user, NB_ROLE_H1, rep->table_spans[s->table], s->heading);
            visit_table(&form->tables[s->table], rep->table_spans[s->table], visit, user);
        }
    }
    if (rep->signer)
        visit(user, NB_ROLE_BODY, rep->span_closing, rep->signer);
    if (rep->date)
        visit(user, NB_ROLE_BODY, rep->span_closing, rep->date);
}

typedef struct checker {
    nb_diag *diag;
    const nb_fontset *fonts;
    bool missing;
} checker;

/* Each missing character once per text. */
static bool seen_before(const char *text, size_t at, const char *ch, int n)
{
    for (const char *p = text; p < text + at; p++)
        if (memcmp(p, ch, (size_t)n) == 0)
            return true;
    return false;
}

static void check_text(void *user, int role, nb_span where, const char *text)
{
    checker *c = user;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int n = nb_utf8_decode(text + i, len - i, &cp);
        if (nb_shape_font_for(c->fonts, role, cp) == -1 && !seen_before(text, i, text + i, n)) {
            nb_shape_report_missing(c->diag, where, cp, text, i, n);
            c->missing = true;
        }
        i += (size_t)n;
    }
}

nb_status nb_coverage_check(nb_diag *diag, const nb_report *rep, const nb_fontset *fonts)
{
    checker c = {diag, fonts, false};
    nb_coverage_each_text(rep, check_text, &c);
    return c.missing ? NB_ERR_DATA : NB_OK;
}

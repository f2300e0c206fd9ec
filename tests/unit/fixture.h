/* fixture.h — shared by the unit tests that set whole tables and pages
 * (test_page.c, test_table.c) and lines (test_para.c): the real form, the
 * default page style and its fonts, opened once per test group as
 * cmocka group setup; and the text a set line shows.  Header-only, so
 * each test binary stays one source file in the Makefile's rule. */
#ifndef NB_TEST_FIXTURE_H
#define NB_TEST_FIXTURE_H

#include <string.h>

#include "form.h"
#include "para.h"
#include "style.h"

typedef struct fixture {
    nb_arena *arena;
    nb_diag diag;
    nb_style *style;
    nb_fontset *fonts;
    nb_text *text;
    nb_form *form;
} fixture;

/* Run from the project root (as tests/run.sh does): the page style
 * gbt9704, its bundled fonts and the 2021 form. */
static inline int form_fixture_setup(void **state)
{
    static fixture fx;
    nb_diag_init(&fx.diag);
    fx.arena = nb_arena_new();
    if (nb_style_load(&fx.diag, fx.arena, ".", "gbt9704", &fx.style) != NB_OK
        || nb_font_open_set(&fx.diag, "fonts", fx.style->roles, NB_ROLE_COUNT, &fx.fonts) != NB_OK
        || nb_form_load(&fx.diag, fx.arena, "layouts/forms/2021.yaml", &fx.form) != NB_OK)
        return -1;
    fx.text = nb_text_new(fx.fonts);
    *state = &fx;
    return 0;
}

static inline int form_fixture_teardown(void **state)
{
    fixture *fx = *state;
    nb_text_drop(fx->text);
    nb_font_drop_set(fx->fonts);
    nb_arena_drop(fx->arena);
    nb_diag_free(&fx->diag);
    return 0;
}

/* Appends the characters line `l` shows to out (holding n bytes, room
 * for cap with its NUL); returns the new length.  Stops short rather
 * than cut a character. */
static inline size_t line_text_append(const nb_line *l, char *out, size_t n, size_t cap)
{
    for (int g = 0; g < l->nglyphs && n + l->glyphs[g].text_len < cap; g++) {
        memcpy(out + n, l->text + l->glyphs[g].text_start, l->glyphs[g].text_len);
        n += l->glyphs[g].text_len;
    }
    out[n] = '\0';
    return n;
}

#endif

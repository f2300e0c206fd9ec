/* test_cffsubset.c — the CFF subsetter (cffsubset.c) held against
 * FreeType, an independent reader of the same fonts: every glyph's CID
 * from the charset; the subset's glyphs have their CIDs, the same
 * outline point for point and the same advance as in the whole font;
 * fonts it does not handle are refused, and damaged fonts (truncated,
 * bytes changed) never make it read out of bounds (ASan watches). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_CID_H
#include FT_TRUETYPE_TABLES_H
#include <hb.h>

#include "cffsubset.h"
#include "font.h"

static const char *const fandol[] = {
    "fonts/FandolFang-Regular.otf", "fonts/FandolHei-Regular.otf", "fonts/FandolHei-Bold.otf",
    "fonts/FandolKai-Regular.otf", "fonts/FandolSong-Regular.otf", "fonts/FandolSong-Bold.otf",
};
static const char *const noto = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

typedef struct font {
    hb_blob_t *file, *cff;
    const uint8_t *data;      /* the CFF table */
    size_t len;
    FT_Library lib;
    FT_Face face;             /* the whole font, read by FreeType */
} font;

static void open_font(font *f, const char *path, unsigned index)
{
    memset(f, 0, sizeof *f);
    f->file = hb_blob_create_from_file_or_fail(path);
    assert_non_null(f->file);
    hb_face_t *face = hb_face_create(f->file, index);
    f->cff = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    hb_face_destroy(face);
    unsigned len = 0;
    f->data = (const uint8_t *)hb_blob_get_data(f->cff, &len);
    f->len = len;
    assert_true(f->len > 1000);
    assert_int_equal(FT_Init_FreeType(&f->lib), 0);
    assert_int_equal(FT_New_Face(f->lib, path, index, &f->face), 0);
}

static void close_font(font *f)
{
    FT_Done_Face(f->face);
    FT_Done_FreeType(f->lib);
    hb_blob_destroy(f->cff);
    hb_blob_destroy(f->file);
}

static void test_charset_cids_agree_with_freetype(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fandol / sizeof *fandol; i++) {
        font f;
        open_font(&f, fandol[i], 0);
        unsigned n = (unsigned)f.face->num_glyphs;
        uint32_t *cids = malloc(sizeof *cids * n);
        assert_true(nb_cff_charset_cids(f.data, f.len, cids, n));
        for (unsigned g = 0; g < n; g++) {
            FT_UInt cid = 0;
            assert_int_equal(FT_Get_CID_From_Glyph_Index(f.face, g, &cid), 0);
            assert_int_equal(cids[g], cid);
        }
        assert_false(nb_cff_charset_cids(f.data, f.len, cids, n - 1));   /* wrong count */
        free(cids);
        close_font(&f);
    }
}

/* Outline of a glyph in font units, unhinted: points and tags as text. */
static char *outline(FT_Face face, unsigned gid, long *advance)
{
    assert_int_equal(FT_Load_Glyph(face, gid, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING), 0);
    const FT_Outline *o = &face->glyph->outline;
    *advance = face->glyph->metrics.horiAdvance;
    char *s = malloc((size_t)o->n_points * 40 + 64);
    size_t len = (size_t)sprintf(s, "%d contours:", o->n_contours);
    for (int i = 0; i < o->n_contours; i++)
        len += (size_t)sprintf(s + len, " %d", o->contours[i]);
    for (int i = 0; i < o->n_points; i++)
        len += (size_t)sprintf(s + len, " %ld,%ld/%d", o->points[i].x, o->points[i].y,
                               o->tags[i] & 3);
    return s;
}

/* Glyphs spread over the font: 0 is added by the subsetter. */
static size_t some_glyphs(unsigned nglyphs, uint32_t *gids, size_t cap)
{
    size_t n = 0;
    for (unsigned g = 1; g < nglyphs && n < cap; g += 1 + g % 97)
        gids[n++] = g;
    return n;
}

static void test_subset_keeps_cids_outlines_and_widths(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fandol / sizeof *fandol; i++) {
        font f;
        open_font(&f, fandol[i], 0);
        uint32_t gids[400];
        size_t n = some_glyphs((unsigned)f.face->num_glyphs, gids, 400);
        uint8_t *sub = NULL;
        size_t sub_len = 0;
        assert_int_equal(nb_cff_subset(f.data, f.len, gids, n, &sub, &sub_len), NB_OK);
        assert_true(sub_len < f.len / 4);
        /* The subset's charset, read back, holds the glyphs' CIDs in order. */
        uint32_t *cids = malloc(sizeof *cids * (n + 1));
        assert_true(nb_cff_charset_cids(sub, sub_len, cids, (unsigned)n + 1));
        /* FreeType reads a bare CID-keyed CFF by CID: through the charset. */
        FT_Face s;
        assert_int_equal(FT_New_Memory_Face(f.lib, sub, (FT_Long)sub_len, 0, &s), 0);
        FT_Bool cid_keyed = 0;
        assert_int_equal(FT_Get_CID_Is_Internally_CID_Keyed(s, &cid_keyed), 0);
        assert_true(cid_keyed);
        for (size_t k = 0; k <= n; k++) {
            unsigned old = k == 0 ? 0 : gids[k - 1];
            FT_UInt want = 0;
            FT_Get_CID_From_Glyph_Index(f.face, old, &want);
            assert_int_equal(cids[k], want);
            long adv_old, adv_new;
            char *a = outline(f.face, old, &adv_old), *b = outline(s, want, &adv_new);
            assert_string_equal(a, b);
            assert_int_equal(adv_old, adv_new);
            free(a);
            free(b);
        }
        free(cids);
        FT_Done_Face(s);
        free(sub);
        close_font(&f);
    }
}

static void test_glyph_list_is_checked(void **state)
{
    (void)state;
    font f;
    open_font(&f, fandol[5], 0);
    uint8_t *sub = NULL;
    size_t len = 0;
    const uint32_t unsorted[] = {5, 3}, repeated[] = {3, 3}, too_big[] = {1, 999999};
    assert_int_equal(nb_cff_subset(f.data, f.len, unsorted, 2, &sub, &len), NB_ERR_FONT);
    assert_int_equal(nb_cff_subset(f.data, f.len, repeated, 2, &sub, &len), NB_ERR_FONT);
    assert_int_equal(nb_cff_subset(f.data, f.len, too_big, 2, &sub, &len), NB_ERR_FONT);
    assert_null(sub);
    const uint32_t with_zero[] = {0, 3}, without[] = {3};
    uint8_t *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    assert_int_equal(nb_cff_subset(f.data, f.len, with_zero, 2, &a, &alen), NB_OK);
    assert_int_equal(nb_cff_subset(f.data, f.len, without, 1, &b, &blen), NB_OK);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    free(a);
    free(b);
    assert_int_equal(nb_cff_subset(f.data, f.len, NULL, 0, &a, &alen), NB_OK);   /* .notdef only */
    free(a);
    close_font(&f);
}

/* Noto CJK is CID-keyed but calls subroutines: hb-subset's work. */
static void test_fonts_with_subroutines_are_refused(void **state)
{
    (void)state;
    if (access(noto, R_OK) != 0)
        skip();
    font f;
    open_font(&f, noto, 2);
    uint32_t gids[400];
    size_t n = some_glyphs((unsigned)f.face->num_glyphs, gids, 400);
    uint8_t *sub = NULL;
    size_t len = 0;
    assert_int_equal(nb_cff_subset(f.data, f.len, gids, n, &sub, &len), NB_ERR_FONT);
    assert_null(sub);
    close_font(&f);
}

/* Every answer on damaged input is NB_OK or NB_ERR_FONT, and what it
 * returns as a font reads back; the rest is for ASan to watch. */
static void try_damaged(const uint8_t *data, size_t len, const uint32_t *gids, size_t n,
                        int *accepted)
{
    uint8_t *sub = NULL;
    size_t sub_len = 0;
    nb_status st = nb_cff_subset(data, len, gids, n, &sub, &sub_len);
    assert_true(st == NB_OK || st == NB_ERR_FONT);
    if (st == NB_OK) {
        uint32_t *cids = malloc(sizeof *cids * (n + 1));
        assert_true(nb_cff_charset_cids(sub, sub_len, cids, (unsigned)n + 1));
        free(cids);
        ++*accepted;
    } else {
        assert_null(sub);
    }
    free(sub);
}

static void test_damaged_fonts_are_safe(void **state)
{
    (void)state;
    font f;
    open_font(&f, fandol[5], 0);
    uint32_t gids[60];
    size_t n = some_glyphs((unsigned)f.face->num_glyphs, gids, 60);
    uint8_t *copy = malloc(f.len);
    memcpy(copy, f.data, f.len);
    int accepted = 0, tries = 0;
    /* Truncated: a copy of each length on the heap, so ASan sees its end. */
    for (size_t cut = 0; cut < f.len; cut += cut < 4096 ? 7 : f.len / 97, tries++) {
        uint8_t *part = malloc(cut ? cut : 1);
        memcpy(part, f.data, cut);
        try_damaged(part, cut, gids, n, &accepted);
        free(part);
    }
    assert_true(accepted < tries);
    /* Bytes changed: everywhere in the header and dictionaries, then
     * spread over the charstrings. */
    uint32_t seed = 12345;
    for (int k = 0; k < 3000; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t at = k < 2000 ? (seed >> 8) % 4096 : (seed >> 4) % f.len;
        uint8_t was = copy[at];
        copy[at] = (uint8_t)(seed >> 24) ^ (k & 1 ? 0xFF : 0x01);
        try_damaged(copy, f.len, gids, n, &accepted);
        copy[at] = was;
    }
    assert_true(accepted > 0);
    free(copy);
    close_font(&f);
}

/* A CID-keyed CFF face is read without FreeType (nb_cff_cid_font and
 * font.c's table reading): ROS, every glyph's CID and the descriptor
 * metrics as FreeType gives them, for the six Fandol faces and a Noto CJK
 * face of a collection. */
static void check_like_freetype(const char *path, unsigned index)
{
    font f;
    open_font(&f, path, index);
    unsigned n = (unsigned)f.face->num_glyphs;
    uint32_t *cids = malloc(sizeof *cids * n);
    nb_cff_ros ros;
    assert_true(nb_cff_cid_font(f.data, f.len, n, cids, &ros));
    const char *reg = NULL, *ord = NULL;
    FT_Int sup = -1;
    assert_int_equal(FT_Get_CID_Registry_Ordering_Supplement(f.face, &reg, &ord, &sup), 0);
    assert_string_equal(ros.registry, reg);
    assert_string_equal(ros.ordering, ord);
    assert_int_equal(ros.supplement, sup);
    for (unsigned g = 0; g < n; g += 97) {
        FT_UInt cid = 0;
        FT_Get_CID_From_Glyph_Index(f.face, g, &cid);
        assert_int_equal(cids[g], cid);
    }
    char spec[300];
    snprintf(spec, sizeof spec, "%s#%u", path, index);
    const char *files[] = {spec};
    nb_font_role roles[] = {{"正文", files, 1}};
    nb_diag d;
    nb_diag_init(&d);
    nb_fontset *set;
    assert_int_equal(nb_font_open_set(&d, NULL, roles, 1, &set), NB_OK);
    const nb_font_metrics *m = nb_font_info(nb_font_at(set, 0));
    assert_true(m->complete && m->cff && m->cid_keyed);
    assert_string_equal(m->postscript_name, FT_Get_Postscript_Name(f.face));
    assert_string_equal(m->registry, reg);
    assert_int_equal(m->ascender, f.face->ascender);
    assert_int_equal(m->descender, f.face->descender);
    assert_int_equal(m->bbox[0], f.face->bbox.xMin);
    assert_int_equal(m->bbox[3], f.face->bbox.yMax);
    assert_int_equal(m->fixed_pitch, FT_IS_FIXED_WIDTH(f.face) != 0);
    TT_OS2 *os2 = FT_Get_Sfnt_Table(f.face, FT_SFNT_OS2);
    assert_non_null(os2);
    assert_int_equal(m->cap_height, os2->version >= 2 ? os2->sCapHeight : (int)(f.face->ascender * 0.7));
    assert_int_equal(m->bold, (f.face->style_flags & FT_STYLE_FLAG_BOLD) || os2->usWeightClass >= 600);
    for (unsigned g = 0; g < n; g += 89)
        assert_int_equal(nb_font_cid(nb_font_at(set, 0), g), cids[g]);
    nb_font_drop_set(set);
    nb_diag_free(&d);
    free(cids);
    close_font(&f);
}

static void test_cid_font_read_as_freetype_reads_it(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fandol / sizeof *fandol; i++)
        check_like_freetype(fandol[i], 0);
    if (access(noto, R_OK) == 0)
        check_like_freetype(noto, 2);
}

/* What FreeType refuses to load, nb_cff_cid_font refuses too (the font
 * then goes to FreeType, which calls it damaged): a header offset size
 * out of 1..4, a FontBBox of two numbers. */
static void test_cid_font_damage_refused(void **state)
{
    (void)state;
    font f;
    open_font(&f, fandol[2], 0);
    unsigned n = (unsigned)f.face->num_glyphs;
    uint32_t *cids = malloc(sizeof *cids * n);
    uint8_t *copy = malloc(f.len);
    nb_cff_ros ros;
    memcpy(copy, f.data, f.len);
    copy[3] = 0xC3;
    assert_false(nb_cff_cid_font(copy, f.len, n, cids, &ros));
    memcpy(copy, f.data, f.len);
    /* The Top DICT's FontBBox (-310 -310 1142 989, its third operand a
     * shortint "28 hi lo", the fourth two bytes): 28 made a one-byte
     * number, "hi" becomes an operator that takes three operands, and
     * FontBBox is left with two. */
    size_t at = 0;
    for (size_t i = 0; i + 6 < 200 && !at; i++)
        if (copy[i] == 28 && copy[i + 3] >= 247 && copy[i + 3] <= 254 && copy[i + 5] == 5)
            at = i;
    assert_true(at > 0);
    assert_true(nb_cff_cid_font(copy, f.len, n, cids, &ros));
    copy[at] = 69;
    assert_false(nb_cff_cid_font(copy, f.len, n, cids, &ros));
    free(copy);
    free(cids);
    close_font(&f);
}

/* Through a cache of stripped charstrings, cold and then warm, and with
 * overlapping glyph lists, the subset is byte for byte the one made
 * without (a batch's reports share the cache of each face). */
static void test_cache_gives_the_same_subset(void **state)
{
    (void)state;
    font f;
    open_font(&f, fandol[0], 0);
    uint32_t gids[400];
    size_t n = some_glyphs((unsigned)f.face->num_glyphs, gids, 400);
    nb_cff_cache *cache = nb_cff_cache_new((unsigned)f.face->num_glyphs);
    assert_non_null(cache);
    for (int round = 0; round < 3; round++) {
        /* Round 1 takes every other glyph of round 0's list and more. */
        size_t m = round == 1 ? n / 2 : n;
        uint32_t list[400];
        for (size_t k = 0; k < m; k++)
            list[k] = round == 1 ? gids[2 * k] + 1 : gids[k];
        uint8_t *a = NULL, *b = NULL;
        size_t alen = 0, blen = 0;
        assert_int_equal(nb_cff_subset(f.data, f.len, list, m, &a, &alen), NB_OK);
        assert_int_equal(nb_cff_subset_cached(f.data, f.len, list, m, cache, &b, &blen), NB_OK);
        assert_int_equal(alen, blen);
        assert_memory_equal(a, b, alen);
        free(a);
        free(b);
    }
    nb_cff_cache_free(cache);
    close_font(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset_cids_agree_with_freetype),
        cmocka_unit_test(test_cid_font_read_as_freetype_reads_it),
        cmocka_unit_test(test_cid_font_damage_refused),
        cmocka_unit_test(test_cache_gives_the_same_subset),
        cmocka_unit_test(test_subset_keeps_cids_outlines_and_widths),
        cmocka_unit_test(test_glyph_list_is_checked),
        cmocka_unit_test(test_fonts_with_subroutines_are_refused),
        cmocka_unit_test(test_damaged_fonts_are_safe),
    };
    return cmocka_run_group_tests_name("cffsubset", tests, NULL, NULL);
}

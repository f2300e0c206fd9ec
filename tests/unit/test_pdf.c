/* test_pdf.c — the PDF stage end to end on one page of mixed text: CJK,
 * digits with units, Latin, a URL and the punctuation pairs that get
 * compressed.  Checked from the written file with the tools a reader
 * would use: qpdf, pdffonts, pdftotext and pdftoppm. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pdf.h"
#include "pdffont.h"

#include <hb.h>
#include <hpdf_objects.h>

#define MM (72.0 / 25.4)

static const char *const paragraphs[] = {
    "2021年，我镇通过政府信息公开专栏主动公开政府信息71条，全文电子化率达100%，"
    "收费0.5万元。详见https://www.example.gov.cn/xxgk/2021/index.html。",
    "《中华人民共和国政府信息公开条例》，“三安全一稳定”）、（一）主动公开。”其他："
    "Open Government Information 2021 annual report，共4件。",
    "刘䶮同志负责依申请公开工作。",
};

typedef struct fixture {
    nb_fontset *fonts;
    nb_text *text;
    nb_arena *arena;
    nb_diag diag;
    nb_doc doc;
    char path[64];
} fixture;

static void add_paragraph(fixture *fx, nb_page *page, const char *s, double *y)
{
    nb_para_style st = {0, 16.0f, (float)(156 * MM), 32.0f, (float)(156 * MM / 28),
                        NB_ALIGN_JUSTIFY, false};
    nb_line *lines;
    int n;
    assert_int_equal(nb_para_layout(fx->text, fx->arena, &fx->diag, (nb_span){"t", 1, 1}, s,
                                    &st, &lines, &n),
                     NB_OK);
    for (int i = 0; i < n; i++) {
        nb_item *it = nb_page_add_item(page, fx->arena);
        it->kind = NB_ITEM_TEXT;
        it->line = &lines[i];
        it->x = 28 * MM + lines[i].offset;
        it->y = *y;
        *y += 225 * MM / 22;
    }
}

static int setup(void **state)
{
    static fixture fx;
    static const char *files[] = {"FandolFang-Regular.otf",
                                  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#2"};
    nb_font_role roles[] = {{"正文", files, 2}};
    nb_diag_init(&fx.diag);
    if (nb_font_open_set(&fx.diag, "fonts", roles, 1, &fx.fonts) != NB_OK)
        return -1;
    fx.text = nb_text_new(fx.fonts);
    fx.arena = nb_arena_new();
    fx.doc = (nb_doc){.width = 595.276, .height = 841.89, .title = "测试", .author = "南郊镇",
                      .lang = "zh-CN"};
    nb_page *page = nb_doc_add_page(&fx.doc, fx.arena);
    double y = 37 * MM + 16;
    for (size_t i = 0; i < sizeof paragraphs / sizeof *paragraphs; i++)
        add_paragraph(&fx, page, paragraphs[i], &y);
    nb_item *rule = nb_page_add_item(page, fx.arena);
    *rule = (nb_item){.kind = NB_ITEM_RULE, .x = 28 * MM, .y = y, .x2 = 184 * MM, .y2 = y,
                      .stroke = 0.5};
    nb_outline *o = nb_doc_add_outline(&fx.doc, fx.arena);
    *o = (nb_outline){0, "测试标题", 0, 37 * MM};
    snprintf(fx.path, sizeof fx.path, "/tmp/nianbao-test-pdf-%d.pdf", (int)getpid());
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    if (!getenv("KEEP_PDF"))
        unlink(fx->path);
    nb_text_drop(fx->text);
    nb_font_drop_set(fx->fonts);
    nb_arena_drop(fx->arena);
    nb_diag_free(&fx->diag);
    return 0;
}

static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    size_t k;
    while (out && n + 1 < cap && (k = fread(out + n, 1, cap - n - 1, p)) > 0)
        n += k;
    pclose(p);
    if (out)
        out[n] = '\0';
    return out;
}

static void strip_space(char *s)
{
    char *d = s;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\f' && *s != '\r' && *s != '\t')
            *d++ = *s;
    *d = '\0';
}

static void test_write(void **state)
{
    fixture *fx = *state;
    nb_pdf_options opts = {"nianbao test", -1, true};
    nb_pdf_stats stats;
    nb_status st = nb_pdf_write_stats(&fx->diag, fx->fonts, &fx->doc, &opts, fx->path, &stats);
    nb_diag_print(&fx->diag, stderr);
    assert_int_equal(st, NB_OK);
    assert_true(stats.font_bytes > 0);
    assert_true(stats.glyphs > 50);
}

static void test_text_round_trips(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>/dev/null", fx->path);
    char *got = run(cmd);
    assert_non_null(got);
    strip_space(got);
    for (size_t i = 0; i < sizeof paragraphs / sizeof *paragraphs; i++) {
        char *want = strdup(paragraphs[i]);
        strip_space(want);
        if (!strstr(got, want))
            print_error("missing: %s\nin: %s\n", want, got);
        assert_non_null(strstr(got, want));
        free(want);
    }
    free(got);
    (void)0;
}

static void test_fonts_embedded_subset_cid(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "pdffonts %s 2>/dev/null", fx->path);
    char *out = run(cmd);
    assert_non_null(out);
    int fonts = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "name", 4) == 0 || strncmp(line, "----", 4) == 0)
            continue;
        fonts++;
        assert_non_null(strstr(line, "+"));               /* subset tag */
        assert_non_null(strstr(line, "CID"));             /* CID font */
        assert_non_null(strstr(line, "Identity-H"));
        assert_non_null(strstr(line, "yes yes"));         /* emb sub */
    }
    assert_int_equal(fonts, 2);   /* FandolFang and the Noto fallback */
    free(out);
}

static void test_qpdf_and_render_clean(void **state)
{
    fixture *fx = *state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1; echo $?", fx->path);
    char *rc = run(cmd);
    assert_string_equal(rc, "0\n");
    free(rc);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -png %s /tmp/nianbao-test-page-%d 2>&1",
             fx->path, (int)getpid());
    char *err = run(cmd);
    assert_string_equal(err, "");
    free(err);
    snprintf(cmd, sizeof cmd, "rm -f /tmp/nianbao-test-page-%d*", (int)getpid());
    free(run(cmd));
}

static void test_output_is_deterministic(void **state)
{
    fixture *fx = *state;
    nb_pdf_options opts = {"nianbao test", -1, true};
    char again[80];
    snprintf(again, sizeof again, "%s.2.pdf", fx->path);
    assert_int_equal(nb_pdf_write(&fx->diag, fx->fonts, &fx->doc, &opts, again), NB_OK);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "cmp -s %s %s; echo $?", fx->path, again);
    char *rc = run(cmd);
    assert_string_equal(rc, "0\n");
    free(rc);
    unlink(again);
}

static void test_failed_write_keeps_old_file(void **state)
{
    fixture *fx = *state;
    nb_pdf_options opts = {"nianbao test", -1, true};
    nb_diag d;
    nb_diag_init(&d);
    assert_int_not_equal(nb_pdf_write(&d, fx->fonts, &fx->doc, &opts, "/nonexistent/dir/x.pdf"),
                         NB_OK);
    assert_true(d.errors > 0);
    nb_diag_free(&d);
    struct stat st;
    assert_int_equal(stat(fx->path, &st), 0);
    assert_true(st.st_size > 1000);
}

/* Counts of "stream" keywords and /FlateDecode filters in a file, as
 * "streams filters". */
static char *count_streams(const char *path)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "printf '%%s %%s\\n' $(grep -ac '^stream.$' %s) "
             "$(grep -ac '^/Filter /FlateDecode$' %s)", path, path);
    return run(cmd);
}

/* Every stream is deflated (by pdfout.c, not libharu), each with exactly
 * one /Filter; without compression none has a filter and the text still
 * comes back. */
static void test_streams_deflated_or_plain(void **state)
{
    fixture *fx = *state;
    char *counts = count_streams(fx->path);
    int streams = 0, filters = 0;
    assert_int_equal(sscanf(counts, "%d %d", &streams, &filters), 2);
    assert_true(streams >= 4);   /* content, 2 font programs, ToUnicode (shared or not) */
    assert_int_equal(filters, streams);
    free(counts);
    nb_pdf_options opts = {"nianbao test", -1, false};
    char plain[80];
    snprintf(plain, sizeof plain, "%s.plain.pdf", fx->path);
    assert_int_equal(nb_pdf_write(&fx->diag, fx->fonts, &fx->doc, &opts, plain), NB_OK);
    counts = count_streams(plain);
    assert_int_equal(sscanf(counts, "%d %d", &streams, &filters), 2);
    assert_int_equal(filters, 0);
    assert_true(streams >= 4);
    free(counts);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1 && pdftotext -enc UTF-8 %s - | "
             "grep -c 'Open Government'", plain, plain);
    char *found = run(cmd);
    assert_string_equal(found, "1\n");
    free(found);
    unlink(plain);
}

/* Fandol goes through cffsubset.c, the Noto fallback through hb-subset;
 * with hb-subset for both, every page renders to the same pixels, and
 * Ghostscript and MuPDF read the file silently. */
static void test_own_cff_subset_renders_as_hb_subset(void **state)
{
    fixture *fx = *state;
    nb_pdf_options opts = {"nianbao test", -1, true, true};
    char hb[80];
    snprintf(hb, sizeof hb, "%s.hb.pdf", fx->path);
    assert_int_equal(nb_pdf_write(&fx->diag, fx->fonts, &fx->doc, &opts, hb), NB_OK);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "cmp -s %s %s; echo $?", fx->path, hb);
    char *differ = run(cmd);
    assert_string_equal(differ, "1\n");   /* the font programs differ */
    free(differ);
    /* The same pixels, and enough dark ones that the page is not blank. */
    snprintf(cmd, sizeof cmd, "pdftoppm -r 110 -gray %s > %s.a.pgm && pdftoppm -r 110 -gray %s > %s.b.pgm "
             "&& cmp -s %s.a.pgm %s.b.pgm && tail -c +20 %s.a.pgm | tr -d '\\377' | wc -c; rm -f %s.?.pgm",
             fx->path, hb, hb, hb, hb, hb, hb, hb);
    char *dark = run(cmd);
    assert_true(atoi(dark) > 5000);
    free(dark);
    unlink(hb);
    snprintf(cmd, sizeof cmd, "gs -q -dSAFER -o /dev/null -sDEVICE=nullpage %s 2>&1; "
             "/usr/bin/python3 -c 'import fitz, sys; d = fitz.open(sys.argv[1]); "
             "[p.get_pixmap(dpi=40) for p in d]; print(fitz.TOOLS.mupdf_warnings(), end=\"\")' %s 2>&1",
             fx->path, fx->path);
    char *said = run(cmd);
    assert_string_equal(said, "");
    free(said);
}

/* Every glyph is where the layout put it, within 0.002 pt, as MuPDF
 * reads the content stream (Td moves, Tc spacing, TJ adjustments), in
 * the order drawn; and justified lines leave their even spacing to Tc. */
static void test_glyphs_where_layout_put_them(void **state)
{
    fixture *fx = *state;
    char want[96];
    snprintf(want, sizeof want, "%s.glyphs", fx->path);
    FILE *f = fopen(want, "w");
    assert_non_null(f);
    const nb_page *page = &fx->doc.pages[0];
    int glyphs = 0;
    for (int i = 0; i < page->nitems; i++) {
        const nb_item *it = &page->items[i];
        for (int k = 0; it->kind == NB_ITEM_TEXT && k < it->line->nglyphs; k++, glyphs++)
            fprintf(f, "%.4f %.4f\n", it->x + it->line->glyphs[k].x,
                    it->y - it->line->glyphs[k].dy);
    }
    fclose(f);
    char cmd[900];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import fitz, sys\n"
             "want = [tuple(map(float, l.split())) for l in open(sys.argv[2])]\n"
             "doc = fitz.open(sys.argv[1])\n"
             "spans = sorted(doc[0].get_texttrace(), key=lambda s: s[\"seqno\"])\n"
             "got = [c[2] for s in spans for c in s[\"chars\"]]\n"
             "err = max(max(abs(a[0] - b[0]), abs(a[1] - b[1])) for a, b in zip(want, got))\n"
             "print(len(got), \"%%.4f\" %% err)' %s %s; "
             "/usr/bin/python3 -c 'import fitz, sys, re; d = fitz.open(sys.argv[1]); "
             "print(len(re.findall(rb\"Tc\", d.xref_stream(d[0].get_contents()[0]))))' %s",
             fx->path, want, fx->path);
    char *out = run(cmd);
    int n = 0, tcs = 0;
    double err = 1;
    assert_int_equal(sscanf(out, "%d %lf %d", &n, &err, &tcs), 3);
    if (n != glyphs || err >= 0.002)
        print_error("%s", out);
    assert_int_equal(n, glyphs);
    assert_true(err < 0.002);
    assert_true(tcs >= 2);   /* the justified lines' spacing */
    free(out);
    unlink(want);
}

/* TrueType outlines (glyf) take the CIDFontType2 route. */
static void test_truetype_font(void **state)
{
    (void)state;
    static const char *files[] = {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"};
    if (access(files[0], R_OK) != 0)
        skip();
    nb_font_role roles[] = {{"正文", files, 1}};
    nb_diag d;
    nb_diag_init(&d);
    nb_fontset *fonts;
    assert_int_equal(nb_font_open_set(&d, "fonts", roles, 1, &fonts), NB_OK);
    nb_text *text = nb_text_new(fonts);
    nb_arena *arena = nb_arena_new();
    nb_doc doc = {.width = 595.276, .height = 841.89, .lang = "zh-CN"};
    nb_page *page = nb_doc_add_page(&doc, arena);
    nb_para_style st = {0, 16.0f, 400, 0, 0, NB_ALIGN_LEFT, false};
    nb_line *lines;
    int n;
    const char *s = "依申请公开四件，《条例》（一）。";   /* Droid has no Latin digits */
    assert_int_equal(nb_para_layout(text, arena, &d, (nb_span){0}, s, &st, &lines, &n), NB_OK);
    nb_item *it = nb_page_add_item(page, arena);
    *it = (nb_item){.kind = NB_ITEM_TEXT, .x = 80, .y = 120, .line = &lines[0]};
    char path[64];
    snprintf(path, sizeof path, "/tmp/nianbao-test-ttf-%d.pdf", (int)getpid());
    nb_pdf_options opts = {"nianbao test", -1, true};
    assert_int_equal(nb_pdf_write(&d, fonts, &doc, &opts, path), NB_OK);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "pdffonts %s 2>/dev/null | grep -c 'CID TrueType.*Identity-H.*yes yes yes'", path);
    char *count = run(cmd);
    assert_string_equal(count, "1\n");
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>&1", path);
    char *got = run(cmd);
    strip_space(got);
    assert_string_equal(got, s);
    /* The glyphs go through the /CIDToGIDMap stream: they must render. */
    snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -gray %s 2>&1 | tail -c +16 | tr -d '\\377' | wc -c",
             path);
    char *dark = run(cmd);
    assert_true(atoi(dark) > 100);
    free(dark);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -gray %s 2>&1 >/dev/null", path);
    char *err = run(cmd);
    assert_string_equal(err, "");
    free(err);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);
    free(count);
    free(got);
    unlink(path);
    nb_text_drop(text);
    nb_font_drop_set(fonts);
    nb_arena_drop(arena);
    nb_diag_free(&d);
}

/* The bookmark leads to its page and height (MuPDF gives the FitH top as
 * measured from the page's top: 37 mm), its destination written inside
 * the outline item, not as an object of its own. */
static void test_outline_destination(void **state)
{
    fixture *fx = *state;
    char cmd[400];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import fitz, sys; t = fitz.open(sys.argv[1]).get_toc(simple=False); "
             "print(len(t), t[0][1], t[0][2], t[0][3].get(\"name\"))' %s; grep -ac '^/Dest \\[ ' %s",
             fx->path, fx->path);
    char *out = run(cmd);
    assert_string_equal(out, "1 测试标题 1 page=1&view=FitH,104.8819\n1\n");
    free(out);
}

/* Fonts share one ToUnicode CMap only while none of their codes stands
 * for another text: three fonts over one face, the second drawing a
 * glyph for other text than the first, the third as the first; a font
 * whose glyph is the tail of a cluster (no text) agrees with no other
 * text for that code either. */
static void test_tounicode_shared_only_when_codes_agree(void **state)
{
    fixture *fx = *state;
    const nb_font *font = nb_font_at(fx->fonts, 0);
    hb_codepoint_t jia = 0, yi = 0;
    assert_true(hb_font_get_nominal_glyph(nb_font_hb(font), 0x7532, &jia));   /* 甲 */
    assert_true(hb_font_get_nominal_glyph(nb_font_hb(font), 0x4E59, &yi));    /* 乙 */
    HPDF_Doc doc = HPDF_New(NULL, NULL);
    assert_non_null(doc);
    nb_pdf_font pf[4];
    static const char *const texts[4][2] = {{"甲", "乙"}, {"乙", "乙"}, {"甲", "乙"}, {"", "乙"}};
    for (int i = 0; i < 4; i++) {
        assert_true(nb_pdffont_init(&pf[i], font, doc));
        nb_pdffont_use(&pf[i], jia, texts[i][0], strlen(texts[i][0]));
        nb_pdffont_use(&pf[i], yi, texts[i][1], strlen(texts[i][1]));
    }
    assert_int_equal(nb_pdffont_write_tounicode(pf, 4, doc, NULL), NB_OK);
    void *cmap[4];
    for (int i = 0; i < 4; i++)
        assert_non_null(cmap[i] = HPDF_Dict_GetItem(pf[i].type0, "ToUnicode", HPDF_OCLASS_DICT));
    assert_ptr_equal(cmap[0], cmap[2]);
    assert_ptr_not_equal(cmap[0], cmap[1]);
    assert_ptr_not_equal(cmap[3], cmap[0]);
    assert_ptr_not_equal(cmap[3], cmap[1]);
    for (int i = 0; i < 4; i++)
        nb_pdffont_fini(&pf[i]);
    HPDF_Free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_text_round_trips),
        cmocka_unit_test(test_fonts_embedded_subset_cid),
        cmocka_unit_test(test_qpdf_and_render_clean),
        cmocka_unit_test(test_output_is_deterministic),
        cmocka_unit_test(test_failed_write_keeps_old_file),
        cmocka_unit_test(test_streams_deflated_or_plain),
        cmocka_unit_test(test_own_cff_subset_renders_as_hb_subset),
        cmocka_unit_test(test_glyphs_where_layout_put_them),
        cmocka_unit_test(test_truetype_font),
        cmocka_unit_test(test_outline_destination),
        cmocka_unit_test(test_tounicode_shared_only_when_codes_agree),
    };
    return cmocka_run_group_tests_name("pdf", tests, setup, teardown);
}

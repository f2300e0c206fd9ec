/* test_para.c — the text engine: shaping with fallback, line breaking
 * (clreq rules), the GB/T 9704 grid, justification and punctuation
 * compression, checked on the lines nb_para_layout makes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "linebreak.h"
#include "utf8.h"
#include "fixture.h"
#include "para.h"

#define MM (72.0f / 25.4f)

typedef struct para_fixture {
    nb_fontset *fonts;
    nb_text *text;
    nb_arena *arena;
    nb_diag diag;
    int body;
} para_fixture;

static int setup(void **state)
{
    static para_fixture fx;
    static const char *body_files[] = {"FandolFang-Regular.otf",
                                       "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#2"};
    nb_font_role roles[] = {{"正文", body_files, 2}};
    nb_diag_init(&fx.diag);
    if (nb_font_open_set(&fx.diag, "fonts", roles, 1, &fx.fonts) != NB_OK)
        return -1;
    fx.text = nb_text_new(fx.fonts);
    fx.arena = nb_arena_new();
    fx.body = nb_font_role_index(fx.fonts, "正文");
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    para_fixture *fx = *state;
    nb_text_drop(fx->text);
    nb_font_drop_set(fx->fonts);
    nb_arena_drop(fx->arena);
    nb_diag_free(&fx->diag);
    return 0;
}

static nb_para_style body_style(const para_fixture *fx)
{
    return (nb_para_style){fx->body, 16.0f, 156 * MM, 0, 156 * MM / 28, NB_ALIGN_JUSTIFY, false};
}

static int layout(para_fixture *fx, const char *s, const nb_para_style *st, nb_line **lines)
{
    int n = 0;
    assert_int_equal(nb_para_layout(fx->text, fx->arena, &fx->diag, (nb_span){"t", 1, 1}, s,
                                     st, lines, &n),
                     NB_OK);
    return n;
}

static void line_text(const nb_line *l, char *out, size_t cap)
{
    line_text_append(l, out, 0, cap);
}

static void test_grid_28_characters_fill_the_measure(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    nb_line *lines;
    const char *s = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八"
                    "九十一";
    int n = layout(fx, s, &st, &lines);
    assert_int_equal(n, 2);
    assert_true(fabsf(lines[0].width - st.measure) < 0.1f);
    char buf[256];
    line_text(&lines[1], buf, sizeof buf);
    assert_string_equal(buf, "九十一");
}

static void test_full_lines_are_justified(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    st.first_indent = 2 * st.cjk_pitch;
    nb_line *lines;
    const char *s = "2021年，我镇通过政府信息公开专栏主动公开政府信息，共主动公开政府信息71条，"
                    "全文电子化率达100%。同时，利用微信公众号https://example.gov.cn/news/2021"
                    "平台公开信息429条，《条例》、《办法》“三安全一稳定”）、。”等标点。";
    int n = layout(fx, s, &st, &lines);
    assert_true(n >= 3);
    for (int i = 0; i < n - 1; i++) {
        float right = lines[i].offset + lines[i].width;
        if (fabsf(right - st.measure) >= 0.1f)
            print_error("line %d right edge %.2f, measure %.2f\n", i, right, st.measure);
        assert_true(fabsf(right - st.measure) < 0.1f);
    }
    assert_true(lines[n - 1].width < st.measure);
}

static uint32_t first_char(const nb_line *l)
{
    uint32_t c = 0;
    nb_utf8_decode(l->text + l->glyphs[0].text_start, 4, &c);
    return c;
}

static uint32_t last_char(const nb_line *l)
{
    const nb_glyph *g = &l->glyphs[l->nglyphs - 1];
    while (g > l->glyphs && g->text_len == 0)
        g--;
    const char *p = l->text + g->text_start + g->text_len;
    do
        p--;
    while (((unsigned char)*p & 0xC0) == 0x80);
    uint32_t c = 0;
    nb_utf8_decode(p, 4, &c);
    return c;
}

static void test_no_forbidden_line_starts_or_ends(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    /* Punctuation placed so that a naive breaker would put it at a line
     * start: every 28th character is a closing mark or follows an
     * opening one. */
    const char *s = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八，"
                    "一二三四五六七八九十一二三四五六七八九十一二三四五六七《"
                    "条例》一二三四五六七八九十一二三四五六七八九十一二三四五六”"
                    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八。";
    nb_line *lines;
    int n = layout(fx, s, &st, &lines);
    for (int i = 0; i < n; i++) {
        assert_false(nb_linebreak_is_closing(first_char(&lines[i])));
        assert_false(nb_linebreak_is_opening(last_char(&lines[i])));
        if (i < n - 1)
            assert_true(fabsf(lines[i].offset + lines[i].width - st.measure) < 0.1f);
    }
}

static void test_numbers_stay_with_units(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    const char *s = "一二三四五六七八九十一二三四五六七八九十一二三四五六2021年"
                    "一二三四五六七八九十一二三四五六七八九十一二三四五六4件办结"
                    "一二三四五六七八九十一二三四五六七八九十一二三四五0.5万元";
    nb_line *lines;
    int n = layout(fx, s, &st, &lines);
    for (int i = 0; i + 1 < n; i++) {
        uint32_t a = last_char(&lines[i]), b = first_char(&lines[i + 1]);
        bool digit_a = a >= '0' && a <= '9';
        bool split_number = digit_a && ((b >= '0' && b <= '9') || b == '.');
        bool split_unit = digit_a && (b == 0x5E74 || b == 0x4EF6 || b == 0x4E07);
        assert_false(split_number);
        assert_false(split_unit);
    }
}

static float glyph_gap(const nb_line *l, int i)
{
    return l->glyphs[i + 1].x - l->glyphs[i].x;
}

static void test_adjacent_punctuation_is_compressed(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    st.align = NB_ALIGN_LEFT;
    nb_line *lines;
    int n = layout(fx, "《条例》，规定。”好", &st, &lines);
    assert_int_equal(n, 1);
    /* 》 followed by ， : the 》 advances half a pitch only. */
    assert_true(glyph_gap(&lines[0], 3) < st.cjk_pitch * 0.6f);
    /* 。 followed by ” */
    assert_true(glyph_gap(&lines[0], 7) < st.cjk_pitch * 0.6f);
    /* ordinary characters keep the full pitch */
    assert_true(fabsf(glyph_gap(&lines[0], 1) - st.cjk_pitch) < 0.01f);
}

static void test_fallback_font_for_rare_character(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    const nb_font *primary = nb_font_at(fx->fonts, 0);
    uint32_t rare = 0x4DAE;   /* 䶮: in CJK Extension A, absent from Fandol */
    assert_false(nb_font_has_char(primary, rare));
    nb_line *lines;
    int n = layout(fx, "刘䶮同志", &st, &lines);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].glyphs[1].font, 1);
    assert_int_equal(lines[0].glyphs[0].font, 0);
}

static void test_missing_character_is_an_error(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    nb_line *lines;
    int n;
    nb_diag d;
    nb_diag_init(&d);
    nb_status s = nb_para_layout(fx->text, fx->arena, &d, (nb_span){"x.yaml", 7, 3},
                                 "好\xEE\x80\x80字", &st, &lines, &n);
    assert_int_equal(s, NB_ERR_DATA);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0].message, "U+E000"));
    assert_int_equal(d.items[0].span.line, 7);
    nb_diag_free(&d);
}

static void test_linebreak_rules_without_fonts(void **state)
{
    (void)state;
    const char *s = "共4件，见https://a.gov.cn/x。";
    size_t len = strlen(s);
    unsigned char brk[64];
    nb_linebreak_find(s, len, brk);
    const char *p4 = strstr(s, "4");
    assert_int_equal(brk[p4 - s + 1], NB_BREAK_NO);          /* 4|件 */
    const char *comma = strstr(s, "，");
    assert_int_equal(brk[comma - s], NB_BREAK_NO);           /* 件|， */
    const char *url = strstr(s, "https");
    for (const char *q = url + 1; q < strstr(s, "。"); q++)
        assert_int_equal(brk[q - s], NB_BREAK_NO);           /* inside the URL */
    assert_int_equal(brk[url - s], NB_BREAK_ALLOW);          /* 见|https */
}

/* A space between Latin words is where such a text may break, and only
 * there. */
static void test_linebreak_at_spaces_between_words(void **state)
{
    (void)state;
    const char *s = "见Open Government Data Portal。";
    size_t len = strlen(s);
    unsigned char brk[64];
    nb_linebreak_find(s, len, brk);
    int allowed = 0;
    for (size_t i = 1; i < len; i++)
        if (brk[i] == NB_BREAK_ALLOW && s[i - 1] == ' ')
            allowed++;
    assert_int_equal(allowed, 3);
    assert_int_equal(brk[strstr(s, "pen") - s], NB_BREAK_NO);   /* O|pen */
}

/* U+FFFF, which libunibreak 1.1 takes for the end of the text (it then
 * aborts on an assertion; found by fuzz_font), is broken around like any
 * other character, and the text is left as it was. */
static void test_linebreak_past_ffff(void **state)
{
    (void)state;
    char s[] = "共\xEF\xBF\xBF件，见附件\xEF\xBF\xBF。";
    size_t len = strlen(s);
    unsigned char brk[64];
    assert_true(nb_linebreak_find(s, len, brk));
    assert_int_equal(brk[strstr(s, "附") - s], NB_BREAK_ALLOW);   /* 见|附: past the first U+FFFF */
    assert_int_equal(brk[strstr(s, "。") - s], NB_BREAK_NO);      /* never before the stop */
    assert_string_equal(s, "共\xEF\xBF\xBF件，见附件\xEF\xBF\xBF。");
}

/* A paragraph whose last line would hold one character and its stop
 * (开。) is broken so that the last line holds three, on as many lines,
 * the lines before it justified to the measure. */
static void test_no_stub_last_line(void **state)
{
    para_fixture *fx = *state;
    nb_para_style st = body_style(fx);
    st.first_indent = 2 * st.cjk_pitch;
    const char *s = "一二三四五六七八九十一二三四五六七八九十一二三四五六"
                    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八"
                    "开。";
    nb_line *lines;
    int n = layout(fx, s, &st, &lines);
    assert_int_equal(n, 3);
    char buf[256];
    line_text(&lines[2], buf, sizeof buf);
    assert_string_equal(buf, "七八开。");   /* each line before gave one */
    for (int i = 0; i < 2; i++)
        assert_true(fabsf(lines[i].offset + lines[i].width - st.measure) < 0.1f);
    /* A last line that is long enough is left as the greedy breaker set it. */
    n = layout(fx, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一。", &st, &lines);
    line_text(&lines[n - 1], buf, sizeof buf);
    assert_string_equal(buf, "七八九十一。");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_28_characters_fill_the_measure),
        cmocka_unit_test(test_full_lines_are_justified),
        cmocka_unit_test(test_no_forbidden_line_starts_or_ends),
        cmocka_unit_test(test_numbers_stay_with_units),
        cmocka_unit_test(test_adjacent_punctuation_is_compressed),
        cmocka_unit_test(test_fallback_font_for_rare_character),
        cmocka_unit_test(test_missing_character_is_an_error),
        cmocka_unit_test(test_linebreak_rules_without_fonts),
        cmocka_unit_test(test_linebreak_at_spaces_between_words),
        cmocka_unit_test(test_linebreak_past_ffff),
        cmocka_unit_test(test_no_stub_last_line),
    };
    return cmocka_run_group_tests_name("para", tests, setup, teardown);
}

/* style.c — layout stage: reads a page style (layouts/gbt9704.yaml and
 * friends) into nb_style.  Everything that GB/T 9704 fixes — page, margins,
 * grid, which font and size each role uses — is data here, so a second
 * style is a second file, not code. */
#include "style.h"
#include "suggest.h"
#include "yamlread.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *const nb_role_names[NB_ROLE_COUNT] = {
    "标题", "正文", "一级标题", "二级标题", "表格", "表头", "页码"};

#define PT_PER_MM (72.0 / 25.4)

/* ---- the schema: every key a page style may have ----------------------------- */

/* One number of a style: where it is written, its range in the unit the
 * file uses, and where it goes (a double, or an int when `whole`). */
typedef struct number_spec {
    const char *section, *key;
    bool whole;
    double min, max, dflt;
    double scale;            /* file unit → nb_style unit (mm → pt, or 1) */
    const char *unit;        /* for messages */
    size_t offset;
} number_spec;

#define AT(field) offsetof(nb_style, field)
enum { N_PAGE_W, N_PAGE_H, N_TOP, N_LEFT, N_BLOCK_W, N_BLOCK_H, N_LINES, N_CHARS };
static const number_spec numbers[] = {
    [N_PAGE_W] = {"page", "width", false, 50, 1500, 210, PT_PER_MM, "毫米", AT(page_w)},
    [N_PAGE_H] = {"page", "height", false, 50, 1500, 297, PT_PER_MM, "毫米", AT(page_h)},
    [N_TOP] = {"margins", "top", false, 0, 500, 37, PT_PER_MM, "毫米", AT(top)},
    [N_LEFT] = {"margins", "left", false, 0, 500, 28, PT_PER_MM, "毫米", AT(left)},
    [N_BLOCK_W] = {"block", "width", false, 20, 1500, 156, PT_PER_MM, "毫米", AT(block_w)},
    [N_BLOCK_H] = {"block", "height", false, 20, 1500, 225, PT_PER_MM, "毫米", AT(block_h)},
    [N_LINES] = {"grid", "lines", true, 5, 200, 22, 1, "行", AT(lines)},
    [N_CHARS] = {"grid", "chars", true, 10, 200, 28, 1, "字", AT(chars)},
    {"title", "lines_after", true, 0, 20, 1, 1, "行", AT(title_lines_after)},
    {"paragraph", "indent", true, 0, 10, 2, 1, "字", AT(para_indent)},
    {"headings", "indent", true, 0, 10, 2, 1, "字", AT(heading_indent)},
    {"table", "padding", false, 0, 20, 1.2, PT_PER_MM, "毫米", AT(cell_pad)},
    {"table", "line_spacing", false, 0.8, 5, 1.3, 1, "倍", AT(cell_leading)},
    {"table", "min_row", false, 1, 30, 6.5, PT_PER_MM, "毫米", AT(min_row)},
    {"table", "rule", false, 0, 5, 0.5, 1, "pt", AT(rule)},
    {"table", "head_gray", false, 0, 1, 0.92, 1, "（0 黑，1 白）", AT(head_gray)},
    {"table", "head_bold", false, 0, 2, 0, 1, "pt", AT(head_embolden)},
    {"table", "space_after", true, 0, 10, 1, 1, "行", AT(table_space_after)},
    {"page_number", "below", false, 0, 100, 7, PT_PER_MM, "毫米", AT(page_number_below)},
    {"page_number", "inset", true, 0, 20, 1, 1, "字", AT(page_number_inset)},
    {"closing", "lines_before", true, 0, 20, 2, 1, "行", AT(closing_lines_before)},
    {"closing", "date_inset", true, 0, 20, 4, 1, "字", AT(closing_date_inset)},
};
enum { NNUMBERS = sizeof numbers / sizeof *numbers };

/* Sections that must be written; the others take their defaults. */
static const char *const required_sections[] = {"page", "margins", "block", "grid", "roles"};
static const char *const top_keys[] = {"name", "page", "margins", "block", "grid", "roles",
                                       "title", "paragraph", "headings", "table",
                                       "page_number", "closing"};
static const char *const role_keys[] = {"size", "fonts"};

enum { MAX_ROLE_FONTS = 8, MAX_PAGE_NUMBER_CHARS = 32 };
static const double MIN_SIZE = 4, MAX_SIZE = 144;   /* pt */

typedef struct style_reader {
    nb_diag *diag;
    nb_arena *arena;
    nb_yaml yaml;
    bool ok;
    nb_span number_at[NNUMBERS];   /* where each number was written (line 0: default) */
} style_reader;

static nb_span span_of(style_reader *r, nb_ynode *n)
{
    return nb_yaml_span(&r->yaml, n);
}

static void fail(style_reader *r)
{
    r->ok = false;
}

static const char *type_word(nb_ynode *n)
{
    return nb_yaml_is_map(n) ? "映射" : nb_yaml_is_seq(n) ? "列表" : "一个值";
}

/* Every key of `map` must be one of `known`; the others are errors with
 * the nearest known key as a hint. */
static void check_keys(style_reader *r, nb_ynode *map, const char *where,
                       const char *const *known, int nknown)
{
    void *it = NULL;
    nb_ynode *key, *value;
    while ((key = nb_yaml_map_next(map, &it, &value))) {
        const char *k = nb_yaml_is_scalar(key) ? nb_yaml_text(r->arena, key) : NULL;
        bool found = false;
        for (int i = 0; k && i < nknown && !found; i++)
            found = strcmp(k, known[i]) == 0;
        if (found)
            continue;
        if (where)
            nb_diag_error(r->diag, span_of(r, key), "版式文件：「%s」中没有「%s」这一项", where,
                          k ? k : "（非文字）");
        else
            nb_diag_error(r->diag, span_of(r, key), "版式文件中没有「%s」这一项",
                          k ? k : "（非文字）");
        const char *near = k ? nb_suggest(k, known, nknown) : NULL;
        if (near)
            nb_diag_hint(r->diag, "您是否想写「%s」？", near);
        fail(r);
    }
}

/* The keys a section may hold: its numbers (and page_number's format). */
static int section_keys(const char *section, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < NNUMBERS && n < max; i++)
        if (strcmp(numbers[i].section, section) == 0)
            out[n++] = numbers[i].key;
    if (strcmp(section, "page_number") == 0 && n < max)
        out[n++] = "format";
    return n;
}

/* A section's mapping, or NULL (absent, or an error when not a mapping). */
static nb_ynode *section(style_reader *r, nb_ynode *root, const char *name)
{
    nb_ynode *n = nb_yaml_get(root, name);
    if (n && !nb_yaml_is_map(n)) {
        nb_diag_error(r->diag, span_of(r, n), "版式文件：「%s」应为映射（名称: 数值），实为%s", name,
                      type_word(n));
        fail(r);
        return NULL;
    }
    return n;
}

/* Decimal digits with at most one point: no sign, exponent, nan or inf. */
static bool parse_decimal(const char *s, bool whole, double *out)
{
    const char *p = s;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
        p++;
        digits++;
    }
    if (*p == '.' && !whole)
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (*p || digits == 0 || digits > 12)
        return false;
    *out = strtod(s, NULL);
    return true;
}

static void read_number(style_reader *r, nb_style *st, nb_ynode *sec, int i)
{
    const number_spec *spec = &numbers[i];
    nb_ynode *n = sec ? nb_yaml_get(sec, spec->key) : NULL;
    double v = spec->dflt;
    if (n) {
        r->number_at[i] = span_of(r, n);
        const char *s = nb_yaml_is_scalar(n) ? nb_yaml_text(r->arena, n) : NULL;
        if (!s || !parse_decimal(s, spec->whole, &v)) {
            nb_diag_error(r->diag, span_of(r, n), "版式文件：「%s.%s」应为%s，实为「%s」",
                          spec->section, spec->key,
                          spec->whole ? "整数（如 2）" : "数字（如 12 或 0.5）",
                          s ? s : type_word(n));
            fail(r);
            v = spec->dflt;
        } else if (v < spec->min || v > spec->max) {
            nb_diag_error(r->diag, span_of(r, n), "版式文件：「%s.%s」应在 %g 至 %g %s之间，实为 %s",
                          spec->section, spec->key, spec->min, spec->max, spec->unit, s);
            fail(r);
            v = spec->dflt;
        }
    }
    unsigned char *field = (unsigned char *)st + spec->offset;
    if (spec->whole) {
        int whole = (int)v;
        memcpy(field, &whole, sizeof whole);
    } else {
        double scaled = v * spec->scale;
        memcpy(field, &scaled, sizeof scaled);
    }
}

/* ---- roles -------------------------------------------------------------------- */

static void read_fonts(style_reader *r, nb_font_role *fr, nb_ynode *fonts, const char *role)
{
    int count = nb_yaml_seq_len(fonts);
    if (!nb_yaml_is_seq(fonts) || count < 1 || count > MAX_ROLE_FONTS) {
        nb_diag_error(r->diag, span_of(r, fonts),
                      "版式文件：角色「%s」的 fonts 应为 1 至 %d 个字体文件名的列表", role,
                      MAX_ROLE_FONTS);
        fail(r);
        return;
    }
    fr->files = NB_ARENA_NEW_ARRAY(r->arena, const char *, count);
    nb_span *spans = NB_ARENA_NEW_ARRAY(r->arena, nb_span, count);
    fr->spans = spans;
    if (!fr->files || !spans) {
        fail(r);
        return;
    }
    void *it = NULL;
    nb_ynode *f;
    while ((f = nb_yaml_seq_next(fonts, &it))) {
        const char *name = nb_yaml_is_scalar(f) ? nb_yaml_text(r->arena, f) : NULL;
        if (!name || !*name) {
            nb_diag_error(r->diag, span_of(r, f), "版式文件：角色「%s」的字体应为文件名，实为%s",
                          role, name ? "空白" : type_word(f));
            fail(r);
            continue;
        }
        spans[fr->nfiles] = span_of(r, f);
        fr->files[fr->nfiles++] = name;
    }
}

static void read_role(style_reader *r, nb_style *st, int role, nb_ynode *roles)
{
    const char *name = nb_role_names[role];
    nb_ynode *n = nb_yaml_get(roles, name);
    st->roles[role].role = name;
    st->sizes[role] = 12;
    if (!n || !nb_yaml_is_map(n)) {
        nb_diag_error(r->diag, span_of(r, n ? n : roles),
                      n ? "版式文件：角色「%s」应为 {size: 字号, fonts: [字体, …]}"
                        : "版式文件：roles 中缺少角色「%s」", name);
        fail(r);
        return;
    }
    check_keys(r, n, name, role_keys, 2);
    nb_ynode *size = nb_yaml_get(n, "size"), *fonts = nb_yaml_get(n, "fonts");
    const char *s = nb_yaml_is_scalar(size) ? nb_yaml_text(r->arena, size) : NULL;
    double v = 0;
    if (!size || !fonts) {
        nb_diag_error(r->diag, span_of(r, n), "版式文件：角色「%s」须有 size（字号）和 fonts（字体）", name);
        fail(r);
    } else if (!s || !parse_decimal(s, false, &v) || v < MIN_SIZE || v > MAX_SIZE) {
        nb_diag_error(r->diag, span_of(r, size), "版式文件：角色「%s」的字号应在 %g 至 %g pt 之间，实为「%s」",
                      name, MIN_SIZE, MAX_SIZE, s ? s : type_word(size));
        fail(r);
    } else {
        st->sizes[role] = v;
    }
    if (fonts)
        read_fonts(r, &st->roles[role], fonts, name);
}

static void read_roles(style_reader *r, nb_style *st, nb_ynode *roles)
{
    check_keys(r, roles, "roles", nb_role_names, NB_ROLE_COUNT);
    for (int i = 0; i < NB_ROLE_COUNT; i++)
        read_role(r, st, i, roles);
}

/* ---- page number format ----------------------------------------------------------- */

/* Exactly one %d and no other %; short enough to sit beside the block. */
static void read_page_number_format(style_reader *r, nb_style *st, nb_ynode *pn)
{
    nb_ynode *n = pn ? nb_yaml_get(pn, "format") : NULL;
    st->page_number_format = "— %d —";
    if (!n)
        return;
    st->page_number_at = span_of(r, n);
    const char *fmt = nb_yaml_is_scalar(n) ? nb_yaml_text(r->arena, n) : NULL;
    const char *d = fmt ? strstr(fmt, "%d") : NULL;
    int chars = 0;
    for (const char *p = fmt; p && *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (!d || strchr(d + 2, '%') || strchr(fmt, '%') != d || chars > MAX_PAGE_NUMBER_CHARS) {
        nb_diag_error(r->diag, span_of(r, n),
                      "版式文件：「page_number.format」应为含一个 %%d（页码）、不超过 %d 个字符的文字，实为%s%s%s",
                      MAX_PAGE_NUMBER_CHARS, fmt && chars <= 40 ? "「" : "",
                      !fmt ? type_word(n) : chars <= 40 ? fmt : "过长的文字",
                      fmt && chars <= 40 ? "」" : "");
        nb_diag_hint(r->diag, "例如「— %%d —」");
        fail(r);
        return;
    }
    st->page_number_format = fmt;
}

/* ---- the style as a whole ------------------------------------------------------------ */

static void check_geometry(style_reader *r, const nb_style *st)
{
    if (st->left + st->block_w > st->page_w + 0.01) {
        nb_diag_error(r->diag, r->number_at[N_BLOCK_W].line ? r->number_at[N_BLOCK_W] : r->number_at[N_LEFT],
                      "版式文件：左边距加版心宽度（%.1f 毫米）超出页面宽度（%.1f 毫米）",
                      (st->left + st->block_w) / PT_PER_MM, st->page_w / PT_PER_MM);
        fail(r);
    }
    if (st->top + st->block_h > st->page_h + 0.01) {
        nb_diag_error(r->diag, r->number_at[N_BLOCK_H].line ? r->number_at[N_BLOCK_H] : r->number_at[N_TOP],
                      "版式文件：上边距加版心高度（%.1f 毫米）超出页面高度（%.1f 毫米）",
                      (st->top + st->block_h) / PT_PER_MM, st->page_h / PT_PER_MM);
        fail(r);
    }
    double line_pitch = st->block_h / st->lines, char_pitch = st->block_w / st->chars;
    for (int i = 0; i < NB_ROLE_COUNT; i++)
        if (st->sizes[i] > 4 * line_pitch || st->sizes[i] * 4 > st->block_w) {
            nb_diag_error(r->diag, r->number_at[N_LINES].line ? r->number_at[N_LINES] : (nb_span){st->path, 0, 0},
                          "版式文件：角色「%s」的字号 %g pt 与版心（行距 %.1f pt，宽 %.1f pt）不相称",
                          nb_role_names[i], st->sizes[i], line_pitch, st->block_w);
            fail(r);
            break;
        }
    double number_bottom = st->top + st->block_h + st->page_number_below +
                           st->sizes[NB_ROLE_PAGE_NUMBER];
    if (number_bottom > st->page_h) {
        nb_diag_error(r->diag, r->number_at[N_BLOCK_H].line ? r->number_at[N_BLOCK_H] : (nb_span){st->path, 0, 0},
                      "版式文件：页码落在页面之外（版心下 %.1f 毫米，页面只余 %.1f 毫米）",
                      st->page_number_below / PT_PER_MM,
                      (st->page_h - st->top - st->block_h) / PT_PER_MM);
        fail(r);
    }
    (void)char_pitch;
}

/* One validation pass over everything the file gives: its shape, every
 * key (unknown ones named, with the nearest known one), every number
 * (decimal digits only — no nan, inf or sign — and in its range), the
 * roles and their fonts, and how the numbers fit together.  After it,
 * every value the layout uses is finite and sane. */
static void read_style(style_reader *r, nb_style *s, nb_ynode *root)
{
    check_keys(r, root, NULL, top_keys, sizeof top_keys / sizeof *top_keys);
    for (size_t i = 0; i < sizeof required_sections / sizeof *required_sections; i++)
        if (!nb_yaml_get(root, required_sections[i])) {
            nb_diag_error(r->diag, span_of(r, root), "版式文件缺少「%s」", required_sections[i]);
            fail(r);
        }
    nb_ynode *name = nb_yaml_get(root, "name");
    s->name = nb_yaml_is_scalar(name) ? nb_yaml_text(r->arena, name) : NULL;
    for (size_t t = 1; t < sizeof top_keys / sizeof *top_keys; t++) {
        if (strcmp(top_keys[t], "roles") == 0)
            continue;
        nb_ynode *sec = section(r, root, top_keys[t]);
        const char *keys[16];
        int nkeys = section_keys(top_keys[t], keys, 16);
        if (sec)
            check_keys(r, sec, top_keys[t], keys, nkeys);
        for (int i = 0; i < NNUMBERS; i++)
            if (strcmp(numbers[i].section, top_keys[t]) == 0)
                read_number(r, s, sec, i);
        if (strcmp(top_keys[t], "page_number") == 0)
            read_page_number_format(r, s, sec);
    }
    nb_ynode *roles = nb_yaml_get(root, "roles");
    if (roles && !nb_yaml_is_map(roles)) {
        nb_diag_error(r->diag, span_of(r, roles), "版式文件：「roles」应为映射（角色: {size, fonts}），实为%s",
                      type_word(roles));
        fail(r);
    } else if (roles) {
        read_roles(r, s, roles);
    }
    if (r->ok)
        check_geometry(r, s);
    s->line_pitch = s->block_h / s->lines;
    s->char_pitch = s->block_w / s->chars;
}

static void style_path(const char *data_dir, const char *name, char *out, size_t cap)
{
    size_t len = strlen(name);
    bool is_file = strchr(name, '/') || (len > 5 && strcmp(name + len - 5, ".yaml") == 0);
    if (is_file)
        snprintf(out, cap, "%s", name);
    else
        snprintf(out, cap, "%s/layouts/%s.yaml", data_dir, name);
}

/* The parsed file (r->yaml, freed here) → the style. */
static nb_status read_loaded(style_reader *r, const char *path, nb_style **out)
{
    nb_style *s = nb_arena_alloc(r->arena, sizeof *s);
    nb_ynode *root = nb_yaml_root(&r->yaml);
    if (s && !nb_yaml_is_map(root)) {
        nb_diag_error(r->diag, span_of(r, root), "版式文件的最外层应为映射（名称: 内容），实为%s",
                      type_word(root));
        nb_diag_hint(r->diag, "可参照 layouts/gbt9704.yaml");
        r->ok = false;
    } else if (s) {
        s->path = nb_arena_strdup(r->arena, path);
        /* Spans kept in the style (page_number_at) name the file by this
         * copy: `path` may be the caller's buffer, gone after loading. */
        if (s->path)
            r->yaml.file = s->path;
        read_style(r, s, root);
    }
    nb_yaml_free(&r->yaml);
    if (!s)
        return NB_ERR_NOMEM;
    if (!r->ok)
        return NB_ERR_USAGE;
    *out = s;
    return NB_OK;
}

nb_status nb_style_load(nb_diag *diag, nb_arena *arena, const char *data_dir,
                        const char *name_or_path, nb_style **out)
{
    char path[PATH_MAX];
    style_path(data_dir, name_or_path, path, sizeof path);
    style_reader r = {.diag = diag, .arena = arena, .ok = true};
    nb_status st = nb_yaml_load(diag, path, &r.yaml);
    if (st != NB_OK) {
        nb_diag_hint(diag, "版式可为 layouts/ 下的名称（gbt9704、compact）或 .yaml 文件路径");
        return st == NB_ERR_YAML ? NB_ERR_USAGE : st;
    }
    return read_loaded(&r, path, out);
}

nb_status nb_style_parse(nb_diag *diag, nb_arena *arena, const char *name, const char *text,
                         size_t len, nb_style **out)
{
    style_reader r = {.diag = diag, .arena = arena, .ok = true};
    nb_status st = nb_yaml_load_string(diag, name, text, len, &r.yaml);
    if (st != NB_OK)
        return st == NB_ERR_YAML ? NB_ERR_USAGE : st;
    return read_loaded(&r, name, out);
}

/* style.c — layout stage: reads a page style (layouts/gbt9704.yaml and
 * friends) into nb_style.  Everything that GB/T 9704 fixes — page, margins,
 * grid, which font and size each role uses — is data here, so a second
 * style is a second file, not code. */
#include "style.h"
#include "yamlread.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *const nb_role_names[NB_ROLE_COUNT] = {
    "标题", "正文", "一级标题", "二级标题", "表格", "表头", "页码"};

#define PT_PER_MM (72.0 / 25.4)

typedef struct style_reader {
    nb_diag *diag;
    nb_arena *arena;
    nb_yaml yaml;
    bool ok;
} style_reader;

static struct fy_node *need(style_reader *r, struct fy_node *map, const char *key)
{
    struct fy_node *n = nb_yaml_get(map, key);
    if (!n) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, map), "版式文件缺少「%s」", key);
        r->ok = false;
    }
    return n;
}

static double number(style_reader *r, struct fy_node *map, const char *key, double dflt)
{
    struct fy_node *n = map ? nb_yaml_get(map, key) : NULL;
    const char *s = n ? nb_yaml_text(r->arena, n) : NULL;
    if (!s)
        return dflt;
    char *end;
    double v = strtod(s, &end);
    if (*end || v < 0 || v > 10000) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, n), "版式文件：「%s」应为非负数，实为「%s」", key, s);
        r->ok = false;
        return dflt;
    }
    return v;
}

static void read_role(style_reader *r, nb_style *st, int role, struct fy_node *roles)
{
    struct fy_node *n = need(r, roles, nb_role_names[role]);
    struct fy_node *fonts = n ? need(r, n, "fonts") : NULL;
    int count = nb_yaml_seq_len(fonts);
    st->sizes[role] = number(r, n, "size", 12);
    st->roles[role].role = nb_role_names[role];
    st->roles[role].files = NB_ARENA_NEW_ARRAY(r->arena, const char *, count + 1);
    if (!fonts || count == 0 || !st->roles[role].files || st->sizes[role] <= 0) {
        if (n)
            nb_diag_error(r->diag, nb_yaml_span(&r->yaml, n), "版式文件：角色「%s」须有字号和字体",
                          nb_role_names[role]);
        r->ok = false;
        return;
    }
    void *it = NULL;
    struct fy_node *f;
    while ((f = nb_yaml_seq_next(fonts, &it)))
        st->roles[role].files[st->roles[role].nfiles++] = nb_yaml_text(r->arena, f);
}

static void read_geometry(style_reader *r, nb_style *st, struct fy_node *root)
{
    struct fy_node *page = need(r, root, "page"), *margins = need(r, root, "margins");
    struct fy_node *block = need(r, root, "block"), *grid = need(r, root, "grid");
    st->page_w = number(r, page, "width", 210) * PT_PER_MM;
    st->page_h = number(r, page, "height", 297) * PT_PER_MM;
    st->left = number(r, margins, "left", 28) * PT_PER_MM;
    st->top = number(r, margins, "top", 37) * PT_PER_MM;
    st->block_w = number(r, block, "width", 156) * PT_PER_MM;
    st->block_h = number(r, block, "height", 225) * PT_PER_MM;
    st->lines = (int)number(r, grid, "lines", 22);
    st->chars = (int)number(r, grid, "chars", 28);
    if (st->lines < 5 || st->chars < 10 || st->left + st->block_w > st->page_w ||
        st->top + st->block_h > st->page_h) {
        nb_diag_error(r->diag, nb_yaml_span(&r->yaml, root), "版式文件：版心或网格不合理");
        r->ok = false;
        return;
    }
    st->line_pitch = st->block_h / st->lines;
    st->char_pitch = st->block_w / st->chars;
}

static void read_settings(style_reader *r, nb_style *st, struct fy_node *root)
{
    struct fy_node *title = nb_yaml_get(root, "title"), *para = nb_yaml_get(root, "paragraph");
    struct fy_node *heads = nb_yaml_get(root, "headings"), *table = nb_yaml_get(root, "table");
    struct fy_node *pn = nb_yaml_get(root, "page_number"), *closing = nb_yaml_get(root, "closing");
    st->title_lines_after = (int)number(r, title, "lines_after", 1);
    st->para_indent = (int)number(r, para, "indent", 2);
    st->heading_indent = (int)number(r, heads, "indent", 2);
    st->cell_pad = number(r, table, "padding", 1.2) * PT_PER_MM;
    st->cell_leading = number(r, table, "line_spacing", 1.3);
    st->min_row = number(r, table, "min_row", 6.5) * PT_PER_MM;
    st->rule = number(r, table, "rule", 0.5);
    st->head_gray = number(r, table, "head_gray", 0.92);
    st->head_embolden = number(r, table, "head_bold", 0);
    st->table_space_after = (int)number(r, table, "space_after", 1);
    const char *fmt = pn ? nb_yaml_text(r->arena, nb_yaml_get(pn, "format")) : NULL;
    st->page_number_format = fmt && strstr(fmt, "%d") && !strchr(strstr(fmt, "%d") + 1, '%') &&
                                     strchr(fmt, '%') == strstr(fmt, "%d")
                                 ? fmt
                                 : "— %d —";
    st->page_number_below = number(r, pn, "below", 7) * PT_PER_MM;
    st->page_number_inset = (int)number(r, pn, "inset", 1);
    st->closing_lines_before = (int)number(r, closing, "lines_before", 2);
    st->closing_date_inset = (int)number(r, closing, "date_inset", 4);
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

nb_status nb_style_load(nb_diag *diag, nb_arena *arena, const char *data_dir,
                        const char *name_or_path, nb_style **out)
{
    char path[PATH_MAX];
    style_path(data_dir, name_or_path, path, sizeof path);
    style_reader r = {diag, arena, {0}, true};
    nb_status st = nb_yaml_load(diag, path, &r.yaml);
    if (st != NB_OK) {
        nb_diag_hint(diag, "版式可为 layouts/ 下的名称（gbt9704、compact）或 .yaml 文件路径");
        return st == NB_ERR_YAML ? NB_ERR_USAGE : st;
    }
    nb_style *s = nb_arena_alloc(arena, sizeof *s);
    struct fy_node *root = nb_yaml_root(&r.yaml);
    if (s && nb_yaml_is_map(root)) {
        s->name = nb_yaml_text(arena, nb_yaml_get(root, "name"));
        s->path = nb_arena_strdup(arena, path);
        read_geometry(&r, s, root);
        struct fy_node *roles = need(&r, root, "roles");
        for (int i = 0; i < NB_ROLE_COUNT && roles; i++)
            read_role(&r, s, i, roles);
        read_settings(&r, s, root);
    } else {
        r.ok = false;
    }
    nb_yaml_free(&r.yaml);
    if (!r.ok || !s)
        return s ? NB_ERR_USAGE : NB_ERR_NOMEM;
    *out = s;
    return NB_OK;
}

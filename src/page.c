/* page.c — layout stage: the whole report onto pages.
 *
 * Text sits on the GB/T 9704 grid: `lines` slots of `line_pitch` per page,
 * each text line in one slot with its glyphs' body centred in it.  Tables
 * have their own row heights; the text after a table resumes at the next
 * slot.  Order: title (centred, then a blank line), preamble, the six
 * sections in the form's order with their headings (一、 in 黑体, （一） in
 * 楷体), the three tables under sections 二 三 四, the closing, and at
 * last the page numbers.
 *
 * Keeping: a heading is placed only with room for what must follow it (two
 * lines of a paragraph, or a table's header with its first rows); a
 * paragraph leaves at least two lines at a page foot and carries at least
 * two to the next page; a table part never holds only its header.
 *
 * Balancing: the pages are filled first by taking on each page all that
 * fits.  When a page (not the last) then ends more than two empty lines
 * above the foot — a table that cannot start under what is there, say —
 * the pages from three before the first such page to the last are broken
 * earlier, page by page, by 0 to 3 grid lines, so that what follows moves
 * down: a search over these breaks that carries on the few best ways of
 * breaking each page (trials that break a page at the same place go on
 * alike) and keeps the layout with the fewest pages, then the shortest
 * foot, then the least space left over all the short feet.  Text and
 * tables are set once and reused by every trial. */
#include "page.h"
#include "table.h"
#include "title.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Lines (or a table) set once for a key (a block, a heading's text, a
 * form table) and role, reused by every trial layout. */
typedef struct set_item {
    const void *key;
    int role;             /* -1: a table */
    void *value;          /* nb_line array, or nb_table */
    int n;
} set_item;

typedef struct memo {
    set_item *items;
    int n, cap;
} memo;

typedef struct composer {
    memo *memo;
    /* Balancing: the height page k may fill (holds[k], k < nholds; 0: the
     * whole block), and the height the current page may fill. */
    const double *holds;
    int nholds;
    double limit;
    nb_text *text;
    nb_arena *arena;
    nb_diag *diag;
    const nb_style *st;
    const nb_report *rep;
    nb_doc *doc;
    nb_page *page;
    double y;             /* from the block's top, pt */
    /* The text at the foot of the current page that may go over to the
     * next with the closing: the item where the last paragraph's lines on
     * this page begin (-1: none, e.g. after a table), how many there are,
     * whether the paragraph starts here, and the heading just before it
     * (its first item and outline entry, or -1). */
    int tail_item, tail_lines;
    bool tail_whole;
    int heading_item, heading_end, heading_outline;
    int tail_heading, tail_outline;
} composer;

static void forget_tail(composer *c)
{
    c->tail_item = c->heading_item = c->tail_heading = -1;
    c->tail_lines = 0;
}

static bool new_page(composer *c)
{
    c->page = nb_doc_add_page(c->doc, c->arena);
    c->y = 0;
    int k = c->doc->npages - 1;
    double hold = k >= 0 && k < c->nholds ? c->holds[k] : 0;
    c->limit = hold > 0 ? hold : c->st->block_h;
    forget_tail(c);
    return c->page != NULL;
}

static set_item *recall(const composer *c, const void *key, int role)
{
    for (int i = 0; i < c->memo->n; i++)
        if (c->memo->items[i].key == key && c->memo->items[i].role == role)
            return &c->memo->items[i];
    return NULL;
}

static nb_status remember(composer *c, const void *key, int role, void *value, int n)
{
    memo *m = c->memo;
    set_item *grown = nb_arena_grow(c->arena, m->items, m->n, &m->cap, sizeof *grown);
    if (!grown)
        return NB_ERR_NOMEM;
    m->items = grown;
    m->items[m->n++] = (set_item){key, role, value, n};
    return NB_OK;
}

/* The slot a text line would take next, as an offset from the block top. */
static double next_slot(const composer *c)
{
    double k = ceil(c->y / c->st->line_pitch - 1e-6);
    return k * c->st->line_pitch;
}

static int free_slots(const composer *c)
{
    return (int)floor((c->limit - next_slot(c)) / c->st->line_pitch + 1e-6);
}

static nb_status set_text(composer *c, const char *s, int role, double indent, nb_align align,
                          bool grid, nb_span where, nb_line **lines, int *n)
{
    const nb_style *st = c->st;
    nb_para_style ps = {role, (float)st->sizes[role], (float)st->block_w, (float)indent,
                        grid ? (float)st->char_pitch : 0, align, false};
    return nb_para_layout(c->text, c->arena, c->diag, where, s, &ps, lines, n);
}

/* One line into the next slot: the glyphs' body (about 0.88 em over the
 * baseline, 0.12 em under) centred in the slot, as a word processor's
 * document grid sets it. */
static double put_line(composer *c, const nb_line *line)
{
    double slot = next_slot(c);
    double baseline = slot + c->st->line_pitch / 2 + 0.38 * line->size;
    nb_item *it = nb_page_add_item(c->page, c->arena);
    if (it)
        *it = (nb_item){.kind = NB_ITEM_TEXT, .x = c->st->left + line->offset,
                        .y = c->st->top + baseline, .line = line, .numbered = true};
    c->y = slot + c->st->line_pitch;
    return c->st->top + slot;
}

static void add_outline(composer *c, int level, const char *title, double y)
{
    nb_outline *o = nb_doc_add_outline(c->doc, c->arena);
    if (o)
        *o = (nb_outline){level, title, c->doc->npages - 1, y};
}

/* The lines about to be put are the page's tail (see composer). */
static void note_tail(composer *c, int lines, bool whole)
{
    bool after_heading = whole && c->heading_item >= 0 && c->heading_end == c->page->nitems;
    c->tail_heading = after_heading ? c->heading_item : -1;
    c->tail_outline = c->heading_outline;
    c->tail_item = c->page->nitems;
    c->tail_lines = lines;
    c->tail_whole = whole;
}

/* A paragraph split so that neither page holds a single line of it. */
static nb_status put_lines(composer *c, const nb_line *lines, int n)
{
    int i = 0;
    while (i < n) {
        int room = free_slots(c), left = n - i;
        int take = left <= room ? left : room;
        if (take < left && left - take < 2)
            take = left - 2;
        if (take < left && take < 2) {
            if (c->y > 0) {
                if (!new_page(c))
                    return NB_ERR_NOMEM;
                continue;
            }
            take = left < room ? left : room;   /* a page too short for the rule */
        }
        note_tail(c, take, i == 0);
        for (int k = 0; k < take; k++)
            put_line(c, &lines[i + k]);
        i += take;
        if (i < n && !new_page(c))
            return NB_ERR_NOMEM;
    }
    return NB_OK;
}

/* A paragraph; one with a run-in heading (段首标题) opens with it in the
 * 二级标题 face, on the same lines. */
static nb_status set_paragraph_once(composer *c, const nb_block *b, nb_line **lines, int *n)
{
    const char *text = nb_para_unfold(c->arena, b->text);
    const char *lead = b->lead ? nb_para_unfold(c->arena, b->lead) : NULL;
    if (!text || (b->lead && !lead))
        return NB_ERR_NOMEM;
    if (!lead)
        return set_text(c, text, NB_ROLE_BODY, c->st->para_indent * c->st->char_pitch,
                        NB_ALIGN_JUSTIFY, true, b->span, lines, n);
    const nb_style *st = c->st;
    nb_para_style ps = {NB_ROLE_BODY, (float)st->sizes[NB_ROLE_BODY], (float)st->block_w,
                        (float)(st->para_indent * st->char_pitch), (float)st->char_pitch,
                        NB_ALIGN_JUSTIFY, false};
    return nb_para_layout_runin(c->text, c->arena, c->diag, b->span, lead, NB_ROLE_H2, text,
                                &ps, lines, n);
}

static nb_status set_paragraph(composer *c, const nb_block *b, nb_line **lines, int *n)
{
    const set_item *m = recall(c, b, NB_ROLE_BODY);
    if (m) {
        *lines = m->value;
        *n = m->n;
        return NB_OK;
    }
    nb_status st = set_paragraph_once(c, b, lines, n);
    return st == NB_OK ? remember(c, b, NB_ROLE_BODY, *lines, *n) : st;
}

/* A heading or title must fit on one page: one that would not is an error
 * of the input (it cannot be set as written), never lines off the page. */
static bool taller_than_page(composer *c, int n, nb_span where, const char *what, const char *text)
{
    if (n <= c->st->lines)
        return false;
    size_t len = strlen(text), cut = 0;
    for (int k = 0; k < 12 && cut < len; k++) {   /* the first 12 characters, whole */
        uint32_t cp;
        cut += (size_t)nb_utf8_decode(text + cut, len - cut, &cp);
    }
    nb_diag_error(c->diag, where, "%s「%.*s%s」太长：排出 %d 行，一页只有 %d 行，无法排版", what,
                  (int)cut, text, cut < len ? "…" : "", n, c->st->lines);
    nb_diag_hint(c->diag, "%s应简短，放在一页之内；较长的内容请写成段落", what);
    return true;
}

/* A heading goes to a new page unless what follows it fits after it. */
static nb_status put_heading(composer *c, const char *s, int role, int level, nb_span where,
                             double need_after)
{
    nb_line *lines;
    int n;
    const set_item *m = recall(c, s, role);
    if (m) {
        lines = m->value;
        n = m->n;
    } else {
        nb_status st = set_text(c, s, role, c->st->heading_indent * c->st->char_pitch,
                                NB_ALIGN_JUSTIFY, true, where, &lines, &n);
        if (st == NB_OK)
            st = remember(c, s, role, lines, n);
        if (st != NB_OK)
            return st;
    }
    if (taller_than_page(c, n, where, "小标题", s))
        return NB_ERR_DATA;
    double need = n * c->st->line_pitch + need_after;
    if (c->y > 0 && next_slot(c) + need > c->limit + 0.01 && !new_page(c))
        return NB_ERR_NOMEM;
    add_outline(c, level, s, c->st->top + next_slot(c));
    c->heading_item = c->page->nitems;
    c->heading_outline = c->doc->noutline - 1;
    for (int i = 0; i < n; i++)
        put_line(c, &lines[i]);
    c->heading_end = c->page->nitems;
    return NB_OK;
}

/* ---- tables ------------------------------------------------------------------- */

static double table_start_height(const nb_table *t)
{
    int h = nb_table_header_rows(t);
    int b = nb_table_fit(t, h, 1e9, false);
    for (int r = h + 1; r <= nb_table_rows(t); r++)
        if (nb_table_fit(t, h, nb_table_height(t, h, r), false) > h) {
            b = r;
            break;
        }
    return nb_table_height(t, 0, b);
}

static nb_status put_table(composer *c, const nb_table *t)
{
    int nrows = nb_table_rows(t), a = nb_table_header_rows(t);
    while (a < nrows) {
        int b = nb_table_fit(t, a, c->limit - c->y, true);
        if (b == a) {
            if (c->y == 0 && c->limit < c->st->block_h - 0.01) {
                c->limit = c->st->block_h;   /* no page is held shorter than a group of rows */
                continue;
            }
            if (c->y == 0) {
                /* Row heights come from the style (min_row, padding, sizes). */
                nb_diag_error(c->diag, (nb_span){c->st->path, 0, 0},
                              "版式的表格行高过大：表格的一组行比版心还高，无法排版");
                nb_diag_hint(c->diag, "请减小版式文件中 table 的 min_row、padding 或表格字号");
                return NB_ERR_LAYOUT;
            }
            if (!new_page(c))
                return NB_ERR_NOMEM;
            continue;
        }
        c->y += nb_table_draw(t, c->page, c->arena, c->st->left, c->st->top + c->y, a, b, true);
        a = b;
        if (a < nrows && !new_page(c))
            return NB_ERR_NOMEM;
    }
    forget_tail(c);
    /* The text resumes on the first grid line clear of the gap. */
    c->y += c->st->table_space_after * c->st->line_pitch;   /* the next text resumes on the grid */
    return NB_OK;
}

/* ---- sections ---------------------------------------------------------------- */

/* Lines of the next block that must share a page with a heading (all of
 * a shorter paragraph). */
enum { KEEP_LINES = 2 };

/* A heading and the block after it, if any: the heading stays on the page
 * only with the first lines of what follows.  *used says whether `next`
 * was placed too (a paragraph is). */
static nb_status put_heading_with(composer *c, const char *s, int role, int level, nb_span where,
                                  const nb_block *next, bool *used)
{
    nb_line *lines = NULL;
    int n = 0, keep = next ? KEEP_LINES : 0;
    *used = next && next->kind == NB_BLOCK_PARAGRAPH;
    if (*used) {
        nb_status st = set_paragraph(c, next, &lines, &n);
        if (st != NB_OK)
            return st;
        keep = n < keep ? n : keep;
    }
    nb_status st = put_heading(c, s, role, level, where, keep * c->st->line_pitch);
    return st == NB_OK && *used ? put_lines(c, lines, n) : st;
}

static nb_status put_blocks(composer *c, const nb_block *blocks, int n)
{
    for (int i = 0; i < n; i++) {
        const nb_block *b = &blocks[i], *next = i + 1 < n ? &blocks[i + 1] : NULL;
        nb_status st;
        bool used = false;
        if (b->kind == NB_BLOCK_HEADING) {
            st = put_heading_with(c, b->text, NB_ROLE_H2, 2, b->span, next, &used);
        } else {
            nb_line *lines;
            int nl;
            st = set_paragraph(c, b, &lines, &nl);
            if (st == NB_OK)
                st = put_lines(c, lines, nl);
        }
        if (st != NB_OK)
            return st;
        i += used;
    }
    return NB_OK;
}

static nb_status put_section(composer *c, int si)
{
    const nb_form *form = c->rep->form;
    const nb_form_section *s = &form->sections[si];
    nb_span where = {c->rep->path, 1, 1};
    if (s->kind == NB_SECTION_TEXT) {
        const nb_section_text *sec = &c->rep->sections[si];
        bool used;
        nb_status st = put_heading_with(c, s->heading, NB_ROLE_H1, 1, sec->span,
                                        sec->nblocks ? &sec->blocks[0] : NULL, &used);
        return st == NB_OK ? put_blocks(c, sec->blocks + used, sec->nblocks - used) : st;
    }
    const nb_form_table *ft = &form->tables[s->table];
    const set_item *m = recall(c, ft, -1);
    nb_table *t = m ? m->value : NULL;
    nb_status st = NB_OK;
    if (!m) {
        st = nb_table_layout(c->text, c->arena, c->diag, c->st, ft, c->rep->values[s->table],
                             where, &t);
        if (st == NB_OK)
            st = remember(c, ft, -1, t, 0);
    }
    if (st == NB_OK)
        st = put_heading(c, s->heading, NB_ROLE_H1, 1, where, table_start_height(t));
    return st == NB_OK ? put_table(c, t) : st;
}

/* ---- title, closing, page numbers -------------------------------------------------- */

/* One line of the title as given: broken, when too wide, where title.c
 * says; *total counts the lines set so far. */
static nb_status put_title_line(composer *c, const char *s, nb_span where, int *total, double *top)
{
    const nb_report *r = c->rep;
    size_t starts[4], len = strlen(s);
    int parts = nb_title_break(c->text, s, r->body, NB_ROLE_TITLE, (float)c->st->sizes[NB_ROLE_TITLE],
                               (float)c->st->block_w, starts, 4);
    for (int p = 0; p < parts; p++) {
        size_t end = p + 1 < parts ? starts[p + 1] : len;
        const char *piece = nb_arena_strndup(c->arena, s + starts[p], end - starts[p]);
        nb_line *lines;
        int n;
        nb_status st = piece ? set_text(c, piece, NB_ROLE_TITLE, 0, NB_ALIGN_CENTER, false, where,
                                        &lines, &n)
                             : NB_ERR_NOMEM;
        if (st != NB_OK)
            return st;
        *total += n;
        if (taller_than_page(c, *total, where, "标题", r->title_lines[0]))
            return NB_ERR_DATA;
        for (int k = 0; k < n; k++) {
            double y = put_line(c, &lines[k]);
            *top = *top < 0 ? y : *top;
        }
    }
    return NB_OK;
}

/* The title: each line given, centred; a line too wide is broken at word
 * boundaries into balanced lines (title.c).  Then a blank line. */
static nb_status put_title(composer *c)
{
    const nb_report *r = c->rep;
    nb_span where = r->span_title.line ? r->span_title : r->span_body;
    where.file = r->path;
    int total = 0;
    double top = -1;
    size_t len = 0;
    for (int i = 0; i < r->ntitle_lines; i++) {
        nb_status st = put_title_line(c, r->title_lines[i], where, &total, &top);
        if (st != NB_OK)
            return st;
        len += strlen(r->title_lines[i]);
    }
    if (top >= 0)
        add_outline(c, 0, "", top);
    /* The whole title, however long: never cut inside a character (F04). */
    char *title = nb_arena_alloc(c->arena, len + 1);
    if (!title)
        return NB_ERR_NOMEM;
    for (int i = 0; i < r->ntitle_lines; i++)
        strcat(title, r->title_lines[i]);
    c->doc->title = title;
    if (c->doc->noutline)
        c->doc->outline[0].title = title;
    c->y = next_slot(c) + c->st->title_lines_after * c->st->line_pitch;
    return NB_OK;
}

/* The closing must go to the next page: the last lines of the text go
 * with it, so that it does not stand alone there — two lines of the last
 * paragraph, or all of it (with its heading) when it is shorter than four
 * lines on this page.  Nothing moves when that would empty the page. */
static bool carry_tail(composer *c, bool *carried)
{
    *carried = false;
    int from = c->tail_item;
    if (from >= 0 && c->tail_lines >= 4)
        from += c->tail_lines - 2;
    else if (from >= 0 && c->tail_heading >= 0)
        from = c->tail_heading;
    nb_page *old = c->page;
    int n = old->nitems;
    if (from <= 0)
        return new_page(c);
    int outline = from == c->tail_heading ? c->tail_outline : -1;
    if (!new_page(c))
        return false;
    for (int i = from; i < n; i++) {
        double y = put_line(c, old->items[i].line);
        if (i == from && outline >= 0) {
            c->doc->outline[outline].page = c->doc->npages - 1;
            c->doc->outline[outline].y = y;
        }
    }
    old->nitems = from;
    *carried = true;
    return true;
}

/* GB/T 9704: the date ends four characters in from the right; the signer
 * is centred over the date.  A signer or date too long for one line keeps
 * every line (each placed the same way, kept inside the block). */
static void place_closing(const composer *c, nb_line *sig, int ns, nb_line *date, int nd)
{
    double w = c->st->block_w;
    double date_right = w - c->st->closing_date_inset * c->st->char_pitch;
    for (int i = 0; i < nd; i++) {
        double left = date_right - date[i].width;
        date[i].offset = (float)(left < 0 ? 0 : left);
    }
    double centre = date[0].offset + date[0].width / 2;
    for (int i = 0; i < ns; i++) {
        double left = centre - sig[i].width / 2;
        if (left + sig[i].width > w)
            left = w - sig[i].width;
        sig[i].offset = (float)(left < 0 ? 0 : left);
    }
}

static nb_status put_closing(composer *c)
{
    const nb_report *r = c->rep;
    if (!r->signer || !r->date)
        return NB_OK;
    nb_line *sig, *date;
    int ns, nd;
    nb_status st = set_text(c, r->signer, NB_ROLE_BODY, 0, NB_ALIGN_LEFT, true, r->span_closing,
                            &sig, &ns);
    if (st == NB_OK)
        st = set_text(c, r->date, NB_ROLE_BODY, 0, NB_ALIGN_LEFT, true, r->span_closing, &date,
                      &nd);
    if (st != NB_OK)
        return st;
    place_closing(c, sig, ns, date, nd);
    double before = (c->st->closing_lines_before - 1) * c->st->line_pitch;
    c->y = next_slot(c) + before;
    /* Signer and date share a page unless together they are taller than
     * one, and never stand alone on it. */
    if (free_slots(c) < ns + nd && ns + nd <= c->st->lines) {
        bool carried;
        if (!carry_tail(c, &carried))
            return NB_ERR_NOMEM;
        c->y = carried ? next_slot(c) + before : 0;
    }
    for (int i = 0; i < ns + nd; i++) {
        if (free_slots(c) < 1 && !new_page(c))
            return NB_ERR_NOMEM;
        put_line(c, i < ns ? &sig[i] : &date[i - ns]);
    }
    return NB_OK;
}

static nb_status put_page_numbers(composer *c)
{
    const nb_style *st = c->st;
    for (int i = 0; i < c->doc->npages; i++) {
        char s[128];
        const char *at = strstr(st->page_number_format, "%d");
        snprintf(s, sizeof s, "%.*s%d%s", (int)(at - st->page_number_format),
                 st->page_number_format, i + 1, at + 2);
        nb_line *lines;
        int n;
        /* The page number's text is the style's: a character its fonts lack
         * is the style file's fault, not the report's. */
        nb_span where = st->page_number_at.line ? st->page_number_at : (nb_span){st->path, 0, 0};
        nb_status rc = set_text(c, s, NB_ROLE_PAGE_NUMBER, 0, NB_ALIGN_LEFT, false, where,
                                &lines, &n);
        if (rc != NB_OK)
            return rc == NB_ERR_DATA ? NB_ERR_USAGE : rc;
        if (n < 1)
            return NB_ERR_LAYOUT;
        double inset = st->page_number_inset * st->char_pitch;
        bool odd = (i + 1) % 2 == 1;
        double x = odd ? st->left + st->block_w - inset - lines[0].width : st->left + inset;
        nb_item *it = nb_page_add_item(&c->doc->pages[i], c->arena);
        if (!it)
            return NB_ERR_NOMEM;
        /* GB/T 9704 7.5: the dash (一字线) before the number lies `below`
         * (7 mm) under the block; its ink's top is read from the font. */
        double baseline = st->top + st->block_h + st->page_number_below +
                          nb_para_first_ink_top(c->text, &lines[0]);
        *it = (nb_item){.kind = NB_ITEM_TEXT, .x = x, .y = baseline, .line = &lines[0]};
    }
    return NB_OK;
}

/* ---- balancing ---------------------------------------------------------------- */

/* The whole report onto pages of `doc` (page numbers aside), page k held
 * filled to holds[k] pt at most. */
static nb_status compose(const composer *proto, const double *holds, int nholds, nb_doc *doc)
{
    composer c = *proto;
    c.doc = doc;
    c.holds = holds;
    c.nholds = nholds;
    const nb_report *report = c.rep;
    doc->width = c.st->page_w;
    doc->height = c.st->page_h;
    doc->author = report->body;
    doc->subject = "政府信息公开工作年度报告";
    doc->lang = "zh-CN";
    if (!new_page(&c))
        return NB_ERR_NOMEM;
    nb_status st = put_title(&c);
    if (st == NB_OK)
        st = put_blocks(&c, report->preamble, report->npreamble);
    for (int i = 0; st == NB_OK && i < report->form->nsections; i++)
        st = put_section(&c, i);
    return st == NB_OK ? put_closing(&c) : st;
}

/* How far above the foot of the block page p's content ends, pt: the
 * glyphs' body of its lowest line, or its lowest rule. */
static double short_foot(const nb_style *st, const nb_page *page)
{
    double low = st->top;
    for (int i = 0; i < page->nitems; i++) {
        const nb_item *it = &page->items[i];
        double y = it->kind == NB_ITEM_TEXT ? it->y + 0.12 * it->line->size
                                            : (it->y > it->y2 ? it->y : it->y2);
        low = y > low ? y : low;
    }
    return st->top + st->block_h - low;
}

/* Two empty grid lines at a foot are allowed (a heading kept with its
 * lines, a paragraph kept from leaving one line, leave as much). */
static double allowance(const nb_style *st)
{
    return 2 * st->line_pitch + (st->line_pitch - st->sizes[NB_ROLE_BODY]) / 2 + 0.01;
}

/* How a layout (or its first pages) is judged: fewer pages first, then
 * the shortest foot, then the space left over the allowance at all the
 * feet (squared, so that one very short page weighs more than two a
 * little short).  The last page does not count. */
typedef struct fill {
    int pages;
    double worst;         /* the largest space over the allowance, pt */
    double over;          /* Σ (short − allowance)² over short pages, pt² */
    double even;          /* Σ short² over all of them, pt²: the fill's evenness */
} fill;

/* The feet of pages [0, upto) of doc (the last page never counts). */
static fill judge_pages(const nb_style *st, const nb_doc *doc, int upto)
{
    fill f = {doc->npages, 0, 0, 0};
    for (int p = 0; p < upto && p + 1 < doc->npages; p++) {
        double foot = short_foot(st, &doc->pages[p]), over = foot - allowance(st);
        f.even += foot * foot;
        f.worst = over > f.worst ? over : f.worst;
        f.over += over > 0 ? over * over : 0;
    }
    return f;
}

/* Feet within a millimetre count as equal, and a layout is not changed
 * for less than half the space over the allowance, or (none over it) for
 * a fill less than a fifth more even. */
static bool better_feet(fill a, fill b)
{
    const double mm = 72 / 25.4;
    if (a.worst < b.worst - mm)
        return true;
    if (a.worst > b.worst + mm)
        return false;
    return a.over < 0.5 * b.over || (a.over <= b.over && a.even < 0.8 * b.even);
}

static bool better(fill a, fill b)
{
    return a.pages < b.pages || (a.pages == b.pages && better_feet(a, b));
}

/* ---- the search over page holds ---- */

/* Holds tried on a page, lines; pages before the first short one that may
 * be held; trial layouts kept on to the next page. */
enum { MOST_HELD = 3, REACH_BACK = 3, BEAM = 3 };

/* A trial layout: its holds, its pages, and how its first pages are
 * judged.  Two trials that break page k at the same place go on alike:
 * where page k ends is told by its last line and the next page's first. */
typedef struct trial {
    double *holds;
    nb_doc doc;
    fill head;            /* pages [0, k] */
    const nb_line *last, *next;
} trial;

static const nb_line *page_line(const nb_page *page, bool last)
{
    for (int i = 0; i < page->nitems; i++) {
        const nb_item *it = &page->items[last ? page->nitems - 1 - i : i];
        if (it->kind == NB_ITEM_TEXT && it->line)
            return it->line;
    }
    return NULL;
}

/* Where trial t breaks page k; false when page k is its last. */
static bool note_break(const nb_style *st, trial *t, int k)
{
    if (k + 1 >= t->doc.npages)
        return false;
    t->head = judge_pages(st, &t->doc, k + 1);
    t->last = page_line(&t->doc.pages[k], true);
    t->next = page_line(&t->doc.pages[k + 1], false);
    return true;
}

/* Adds t to the beam (n trials, at most BEAM): a trial breaking where
 * another does replaces it only if its pages so far are better. */
static void keep_trial(trial *beam, int *n, const trial *t)
{
    int at = -1;
    for (int i = 0; i < *n; i++)
        if (beam[i].last == t->last && beam[i].next == t->next)
            at = i;
    if (at >= 0) {
        if (better_feet(t->head, beam[at].head))
            beam[at] = *t;
        return;
    }
    if (*n < BEAM) {
        beam[(*n)++] = *t;
        return;
    }
    int worst = 0;
    for (int i = 1; i < *n; i++)
        if (better_feet(beam[worst].head, beam[i].head))
            worst = i;
    if (better_feet(t->head, beam[worst].head))
        beam[worst] = *t;
}

/* The height a page may fill to end h grid lines higher than it does:
 * the block less the whole lines empty at its foot and h more (a page
 * ending in a table row part-way down a line gives up less than a line
 * for h = 1). */
static double held(const nb_style *st, const nb_page *page, int h)
{
    double under = (st->line_pitch - st->sizes[NB_ROLE_BODY]) / 2;
    int empty = (int)floor((short_foot(st, page) - under) / st->line_pitch + 1e-6);
    return st->block_h - (empty + h) * st->line_pitch + 0.01;
}

typedef struct search {
    const composer *proto;
    int nholds;
    nb_doc *best;
    fill best_fill;
} search;

/* The trials of holding page k of each trial of `from` 1 to MOST_HELD
 * lines (and not at all) into `to`; every layout made is a candidate. */
static nb_status search_page(search *s, const trial *from, int nfrom, int k, trial *to, int *nto)
{
    const nb_style *st = s->proto->st;
    *nto = 0;
    for (int i = 0; i < nfrom; i++)
        for (int h = 0; h <= MOST_HELD; h++) {
            trial t = from[i];
            if (h > 0) {
                t.holds = NB_ARENA_NEW_ARRAY(s->proto->arena, double, s->nholds);
                if (!t.holds)
                    return NB_ERR_NOMEM;
                memcpy(t.holds, from[i].holds, (size_t)s->nholds * sizeof *t.holds);
                t.holds[k] = held(st, &from[i].doc.pages[k], h);
                t.doc = (nb_doc){0};
                nb_status rc = compose(s->proto, t.holds, s->nholds, &t.doc);
                if (rc != NB_OK)
                    return rc;
                fill f = judge_pages(st, &t.doc, t.doc.npages);
                if (better(f, s->best_fill)) {
                    *s->best = t.doc;
                    s->best_fill = f;
                }
            }
            if (note_break(st, &t, k))
                keep_trial(to, nto, &t);
        }
    return NB_OK;
}

/* The greedy layout `best` has a short page: the pages from a few before
 * the first short one to the last short one are held, page by page, 0 to
 * MOST_HELD lines, each trial carried on by the next page's holds; the
 * best layout met replaces `best`. */
static nb_status balance(const composer *proto, nb_doc *best, fill *best_fill)
{
    const nb_style *st = proto->st;
    int first = -1, last = -1;
    for (int p = 0; p + 1 < best->npages; p++)
        if (short_foot(st, &best->pages[p]) > allowance(st)) {
            first = first < 0 ? p : first;
            last = p;
        }
    if (first < 0)
        return NB_OK;
    search s = {proto, best->npages + 1, best, *best_fill};
    trial *a = NB_ARENA_NEW_ARRAY(proto->arena, trial, BEAM);
    trial *b = NB_ARENA_NEW_ARRAY(proto->arena, trial, BEAM);
    double *zero = NB_ARENA_NEW_ARRAY(proto->arena, double, s.nholds);
    if (!a || !b || !zero)
        return NB_ERR_NOMEM;
    a[0] = (trial){zero, *best, {0, 0, 0, 0}, NULL, NULL};
    int na = 1;
    for (int k = first - REACH_BACK < 0 ? 0 : first - REACH_BACK;
         k < last && na > 0; k++) {
        int nb;
        nb_status rc = search_page(&s, a, na, k, b, &nb);
        if (rc != NB_OK)
            return rc;
        trial *swap = a;
        a = b;
        b = swap;
        na = nb;
    }
    *best_fill = s.best_fill;
    return NB_OK;
}

nb_status nb_page_layout(nb_text *text, nb_arena *arena, nb_diag *diag, const nb_style *style,
                         const nb_report *report, nb_doc *doc)
{
    memo m = {0};
    composer c = {&m, NULL, 0, 0, text, arena, diag, style, report, doc, NULL, 0,
                  .tail_item = -1};
    nb_doc best = {0};
    nb_status st = compose(&c, NULL, 0, &best);
    fill f = judge_pages(style, &best, best.npages);
    if (st == NB_OK)
        st = balance(&c, &best, &f);
    if (st != NB_OK)
        return st;
    *doc = best;
    c.doc = doc;
    return put_page_numbers(&c);
}

void nb_page_dump_lines(FILE *out, const nb_doc *doc)
{
    for (int p = 0; p < doc->npages; p++)
        for (int i = 0; i < doc->pages[p].nitems; i++) {
            const nb_item *it = &doc->pages[p].items[i];
            if (it->kind != NB_ITEM_TEXT)
                continue;
            fprintf(out, "%d %.2f %.2f %.2f ", p + 1, it->x, it->y, it->line->width);
            nb_para_print_text(out, it->line);
            fputc('\n', out);
        }
}

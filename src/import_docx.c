/* import_docx.c — import stage, reader: a Word file (.docx, as filled in by
 * an office, often made with WPS) → nb_import_doc.  The zip is opened with
 * libzip and word/document.xml (and word/styles.xml) parsed with libxml2,
 * never by hand.  Each paragraph of the body becomes a line (bold when all
 * of its text is bold, directly or through its style — styles with numeric
 * ids as WPS writes them); each table row becomes a line of cells separated
 * by tabs, a cell's paragraphs and line breaks joined, the continuation
 * cells of a vertical merge (vMerge) left empty, so that the table reader
 * sees every label once.  Empty paragraphs (page-break stand-ins) are
 * dropped by the common part. */
#include "import_util.h"
#include "mem.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
enum { MAX_PART = 64 << 20 };   /* a report's XML is a few MB; refuse bombs */

typedef struct docx {
    nb_diag *diag;
    nb_import_doc *doc;
    xmlDocPtr styles;
    int para;                   /* paragraphs seen, for places in messages */
    char *buf;                  /* the text of the element being read */
    size_t len, cap;
    bool failed;
} docx;

static bool is_w(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href
        && strcmp((const char *)n->ns->href, W_NS) == 0
        && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, name))
            return c;
    return NULL;
}

/* w:val of an element, or NULL; the caller frees it with xmlFree. */
static xmlChar *val_of(const xmlNode *n)
{
    return n ? xmlGetNsProp(n, (const xmlChar *)"val", (const xmlChar *)W_NS) : NULL;
}

/* <w:b/> or <w:b w:val="true|1|on"/> in a run's or style's properties. */
static int bold_in(const xmlNode *rpr)
{
    const xmlNode *b = child(rpr, "b");
    if (!b)
        return -1;
    xmlChar *v = val_of(b);
    bool off = v && (strcmp((char *)v, "0") == 0 || strcmp((char *)v, "false") == 0
                     || strcmp((char *)v, "off") == 0);
    xmlFree(v);
    return off ? 0 : 1;
}

/* Whether style `id` (a paragraph style, through its basedOn chain) sets
 * bold, or is a heading. */
static bool style_bold(const docx *d, const char *id, int depth)
{
    const xmlNode *root = d->styles ? xmlDocGetRootElement(d->styles) : NULL;
    for (const xmlNode *s = root ? root->children : NULL; s && depth < 8; s = s->next) {
        if (!is_w(s, "style"))
            continue;
        xmlChar *sid = xmlGetNsProp(s, (const xmlChar *)"styleId", (const xmlChar *)W_NS);
        bool match = sid && strcmp((char *)sid, id) == 0;
        xmlFree(sid);
        if (!match)
            continue;
        int b = bold_in(child(s, "rPr"));
        if (b >= 0)
            return b == 1;
        if (child(child(s, "pPr"), "outlineLvl"))
            return true;
        xmlChar *base = val_of(child(s, "basedOn"));
        bool r = base && style_bold(d, (char *)base, depth + 1);
        xmlFree(base);
        return r;
    }
    return false;
}

static void put(docx *d, const char *s, size_t n)
{
    if (d->failed)
        return;
    if (d->len + n + 1 > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        while (d->len + n + 1 > cap)
            cap *= 2;
        char *grown = nb_realloc(d->buf, cap);
        if (!grown) {
            d->failed = true;
            return;
        }
        d->buf = grown;
        d->cap = cap;
    }
    memcpy(d->buf + d->len, s, n);
    d->len += n;
    d->buf[d->len] = '\0';
}

/* The text under n: w:t; a w:tab is a space; field codes and deleted text
 * are not text.  Counts text runs and bold ones. */
static void collect_text(docx *d, const xmlNode *n, bool para_bold, int *runs, int *bold_runs)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_w(c, "r")) {
            size_t before = d->len;
            collect_text(d, c, para_bold, runs, bold_runs);
            if (d->len > before) {
                int b = bold_in(child(c, "rPr"));
                (*runs)++;
                *bold_runs += b == 1 || (b < 0 && para_bold);
            }
        } else if (is_w(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            if (t)
                put(d, (const char *)t, strlen((const char *)t));
            xmlFree(t);
        } else if (is_w(c, "tab")) {
            put(d, " ", 1);
        } else if (is_w(c, "instrText") || is_w(c, "delText") || is_w(c, "rPr") || is_w(c, "pPr")) {
            continue;
        } else {
            collect_text(d, c, para_bold, runs, bold_runs);
        }
    }
}

static bool para_style_bold(const docx *d, const xmlNode *p)
{
    const xmlNode *ppr = child(p, "pPr");
    xmlChar *id = val_of(child(ppr, "pStyle"));
    bool b = id && style_bold(d, (char *)id, 0);
    xmlFree(id);
    int direct = bold_in(child(ppr, "rPr"));
    return direct >= 0 ? direct == 1 || b : b;
}

static nb_status emit(docx *d, bool bold)
{
    if (d->failed)
        return NB_ERR_NOMEM;
    nb_status st = nb_import_doc_add(d->doc, d->buf ? d->buf : "", d->len, d->para, false);
    if (st == NB_OK)
        d->doc->lines[d->doc->nlines - 1].bold = bold;
    d->len = 0;
    if (d->buf)
        d->buf[0] = '\0';
    return st;
}

/* The text of the paragraph's leading bold runs, in bytes. */
static size_t bold_head(const docx *d, const xmlNode *p, bool para_bold)
{
    docx probe = {.styles = d->styles};
    size_t head = 0;
    for (const xmlNode *r = p->children; r; r = r->next) {
        if (!is_w(r, "r"))
            continue;
        int runs = 0, bold = 0, b = bold_in(child(r, "rPr"));
        size_t before = probe.len;
        collect_text(&probe, r, para_bold, &runs, &bold);
        if (probe.failed || (probe.len > before && !(b == 1 || (b < 0 && para_bold))))
            break;
        head = probe.len;
    }
    nb_free(probe.buf);
    return head;
}

/* A heading typed as the bold first run of a paragraph (「（一）主动公开情况。」
 * then the text) becomes a heading line and a paragraph line. */
static nb_status read_paragraph(docx *d, const xmlNode *p)
{
    int runs = 0, bold = 0;
    d->para++;
    bool para_bold = para_style_bold(d, p);
    collect_text(d, p, para_bold, &runs, &bold);
    if (runs > 0 && bold > 0 && bold < runs && !d->failed) {
        size_t head = bold_head(d, p, para_bold);
        char *heading = head ? nb_arena_strndup(d->doc->arena, d->buf, head) : NULL;
        const char *words = heading ? imp_trim(d->doc->arena, heading) : NULL;
        if (words && *words && imp_is_heading(words, true) && d->len > head) {
            nb_status st = nb_import_doc_add(d->doc, words, strlen(words), d->para, false);
            if (st != NB_OK)
                return st;
            d->doc->lines[d->doc->nlines - 1].bold = true;
            memmove(d->buf, d->buf + head, d->len - head + 1);
            d->len -= head;
            return emit(d, false);
        }
    }
    return emit(d, runs > 0 && bold == runs);
}

/* A continuation cell of a vertical merge: <w:vMerge/> without restart. */
static bool merged_below(const xmlNode *tc)
{
    const xmlNode *vm = child(child(tc, "tcPr"), "vMerge");
    if (!vm)
        return false;
    xmlChar *v = val_of(vm);
    bool cont = !v || strcmp((char *)v, "restart") != 0;
    xmlFree(v);
    return cont;
}

static void read_cell(docx *d, const xmlNode *tc)
{
    int runs = 0, bold = 0;
    for (const xmlNode *p = tc->children; p; p = p->next)
        if (is_w(p, "p") || is_w(p, "tbl") || is_w(p, "sdt"))
            collect_text(d, p, false, &runs, &bold);
}

static nb_status read_table(docx *d, const xmlNode *tbl)
{
    for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
        if (!is_w(tr, "tr"))
            continue;
        d->para++;
        bool first = true;
        for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
            if (!is_w(tc, "tc"))
                continue;
            if (!first)
                put(d, "\t", 1);
            first = false;
            if (!merged_below(tc))
                read_cell(d, tc);
        }
        nb_status st = emit(d, false);
        if (st != NB_OK)
            return st;
    }
    return NB_OK;
}

static nb_status read_body(docx *d, const xmlNode *body)
{
    nb_status st = NB_OK;
    for (const xmlNode *c = body->children; c && st == NB_OK; c = c->next) {
        if (is_w(c, "p"))
            st = read_paragraph(d, c);
        else if (is_w(c, "tbl"))
            st = read_table(d, c);
        else if (is_w(c, "sdt"))
            st = read_body(d, child(c, "sdtContent") ? child(c, "sdtContent") : c);
    }
    return st;
}

/* One part of the zip, parsed; NULL (with a message for document.xml)
 * when absent or not XML. */
static xmlDocPtr read_part(docx *d, zip_t *z, const char *name, bool required)
{
    zip_stat_t zs;
    zip_file_t *f = NULL;
    char *data = NULL;
    xmlDocPtr x = NULL;
    if (zip_stat(z, name, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) && zs.size < MAX_PART
        && (f = zip_fopen(z, name, 0)) && (data = nb_malloc(zs.size + 1))
        && zip_fread(f, data, zs.size) == (zip_int64_t)zs.size)
        x = xmlReadMemory(data, (int)zs.size, name, NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (f)
        zip_fclose(f);
    nb_free(data);
    if (!x && required)
        nb_diag_error(d->diag, (nb_span){d->doc->file, 0, 0},
                      "Word 文件中的 %s 缺失、过大或无法解析，无法导入", name);
    return x;
}

nb_status nb_import_docx_read(nb_diag *diag, const char *path, nb_import_doc *doc)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z) {
        nb_diag_error(diag, (nb_span){path, 0, 0},
                      "无法打开这个 Word 文件（.docx 应为 zip 压缩包；旧的 .doc 格式请先另存为 .docx）");
        return NB_ERR_IO;
    }
    docx d = {.diag = diag, .doc = doc};
    xmlDocPtr x = read_part(&d, z, "word/document.xml", true);
    d.styles = read_part(&d, z, "word/styles.xml", false);
    zip_close(z);
    nb_status st = NB_ERR_IO;
    const xmlNode *root = x ? xmlDocGetRootElement(x) : NULL;
    const xmlNode *body = child(root, "body");
    if (body)
        st = read_body(&d, body);
    else if (x)
        nb_diag_error(diag, (nb_span){path, 0, 0}, "Word 文件中没有正文（word/document.xml 无 w:body）");
    nb_free(d.buf);
    if (d.styles)
        xmlFreeDoc(d.styles);
    if (x)
        xmlFreeDoc(x);
    return st;
}

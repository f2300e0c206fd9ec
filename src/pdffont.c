/* pdffont.c — PDF stage: embedding one font as libharu 2.3 cannot (it has
 * no CFF support and no way to draw glyph ids).  Built on libharu's object
 * layer: Type0 /Identity-H → CIDFontType0 (CFF outlines, the subset's raw
 * CFF table as FontFile3 /CIDFontType0C) or CIDFontType2 (glyf outlines,
 * FontFile2 with /CIDToGIDMap /Identity).  The codes drawn are CIDs: the
 * CFF charset's CIDs for CID-keyed fonts such as Fandol and Noto CJK
 * (see shared/notes/pdf-cid-fonts.md for why), glyph ids otherwise (kept
 * stable by HB_SUBSET_FLAGS_RETAIN_GIDS). */
#include "pdffont.h"
#include "mem.h"
#include "pdfout.h"
#include "cffsubset.h"
#include "utf8.h"

#include <hb-subset.h>
#include <hpdf_objects.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool nb_pdffont_init(nb_pdf_font *pf, const nb_font *font, HPDF_Doc doc)
{
    memset(pf, 0, sizeof *pf);
    pf->font = font;
    pf->nglyphs = hb_face_get_glyph_count(nb_font_face(font));
    pf->text_ref = nb_calloc(pf->nglyphs + 1, sizeof *pf->text_ref);
    pf->pool_cap = 4096;
    pf->pool = nb_malloc(pf->pool_cap);
    if (!pf->text_ref || !pf->pool)
        return false;
    /* Each into the cross-reference table at once: the document frees
     * what is there (and HPDF_Xref_Add what it cannot put there), a
     * dictionary outside it would be lost.  type0 (pdf.c's "initialised")
     * is set only when all three are there. */
    HPDF_Dict dicts[3];
    for (int i = 0; i < 3; i++) {
        dicts[i] = HPDF_Dict_New(doc->mmgr);
        if (!dicts[i] || HPDF_Xref_Add(doc->xref, dicts[i]) != HPDF_OK)
            return false;
    }
    pf->type0 = dicts[0];
    pf->cidfont = dicts[1];
    pf->descriptor = dicts[2];
    return true;
}

void nb_pdffont_fini(nb_pdf_font *pf)
{
    nb_free(pf->text_ref);
    nb_free(pf->pool);
    nb_free(pf->gids);
    pf->text_ref = NULL;
    pf->pool = NULL;
    pf->gids = NULL;
}

static bool code_is_cid(const nb_pdf_font *pf)
{
    const nb_font_metrics *m = nb_font_info(pf->font);
    return m->cff && m->cid_keyed;
}

/* The glyph's text into the pool (grown as needed); on failure the font is
 * marked, so that the PDF fails instead of losing the text. */
static bool keep_text(nb_pdf_font *pf, uint32_t gid, const char *text, size_t len)
{
    if (pf->pool_len + len + 1 > pf->pool_cap) {
        size_t cap = (pf->pool_cap + len + 1) * 2;
        char *p = nb_realloc(pf->pool, cap);
        if (!p) {
            pf->nomem = true;
            return false;
        }
        pf->pool = p;
        pf->pool_cap = cap;
    }
    memcpy(pf->pool + pf->pool_len, text, len);
    pf->pool[pf->pool_len + len] = '\0';
    pf->text_ref[gid] = (uint32_t)pf->pool_len + 1;
    pf->pool_len += len + 1;
    return true;
}

/* The glyph joins the list of those used: what finishing walks instead
 * of every glyph of the face (Fandol: 30 000 each, five faces a report). */
static bool list_glyph(nb_pdf_font *pf, uint32_t gid)
{
    if (pf->used == pf->gids_cap) {
        int cap = pf->gids_cap ? 2 * pf->gids_cap : 256;
        uint32_t *g = nb_realloc(pf->gids, sizeof *g * (size_t)cap);
        if (!g) {
            pf->nomem = true;
            return false;
        }
        pf->gids = g;
        pf->gids_cap = cap;
    }
    pf->gids[pf->used++] = gid;
    return true;
}

uint32_t nb_pdffont_use(nb_pdf_font *pf, uint32_t gid, const char *text, size_t len)
{
    if (gid >= pf->nglyphs)
        gid = 0;
    if (!pf->text_ref[gid]) {
        if (keep_text(pf, gid, text, len))
            list_glyph(pf, gid);
    } else if (len > 0 && pf->pool[pf->text_ref[gid] - 1] == '\0') {
        /* First seen as the tail of a cluster (no text); keep the text now
         * that the glyph stands for some. */
        keep_text(pf, gid, text, len);
    }
    return code_is_cid(pf) ? nb_font_cid(pf->font, gid) : gid;
}

double nb_pdffont_width(const nb_pdf_font *pf, uint32_t gid)
{
    hb_position_t adv = hb_font_get_glyph_h_advance(nb_font_hb(pf->font), gid);
    return round(adv * 10000.0 / nb_font_upem(pf->font)) / 10.0;
}

static int by_gid(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- names ----------------------------------------------------------------- */

/* A subset tag derived from the glyph set: same glyphs, same tag. */
static void subset_tag(const nb_pdf_font *pf, char tag[7])
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < pf->used; i++) {
        uint32_t g = pf->gids[i];
        h = (h ^ (g & 0xFF)) * 16777619u;
        h = (h ^ (g >> 8)) * 16777619u;
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h = h / 26 + (uint32_t)i * 7919u;
    }
    tag[6] = '\0';
}

/* ---- streams ------------------------------------------------------------- */

/* A new stream object holding data[0..len), deflated unless d is NULL. */
static HPDF_Dict new_stream(HPDF_Doc doc, nb_deflater *d, nb_pdfout_kind kind, const void *data,
                            size_t len)
{
    HPDF_Dict s = HPDF_DictStream_New(doc->mmgr, doc->xref);
    return s && nb_pdfout_fill_stream(s, d, kind, data, len) ? s : NULL;
}

static void utf8_to_utf16_hex(nb_pdfout *b, const char *s)
{
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t c;
        i += (size_t)nb_utf8_decode(s + i, n - i, &c);
        uint16_t u[2];
        for (int k = 0, m = nb_utf16_encode(c, u); k < m; k++)
            nb_pdfout_hex4(b, u[k]);
    }
}

typedef struct code_entry {
    uint32_t code, gid;
} code_entry;

static int by_code(const void *a, const void *b)
{
    const code_entry *x = a, *y = b;
    return x->code < y->code ? -1 : x->code > y->code;
}

static code_entry *sorted_codes(const nb_pdf_font *pf, int *n)
{
    code_entry *e = nb_malloc(sizeof *e * (size_t)(pf->used + 1));
    *n = 0;
    if (!e)
        return NULL;
    bool cid = code_is_cid(pf);
    for (int i = 0; i < pf->used; i++) {
        uint32_t g = pf->gids[i];
        e[(*n)++] = (code_entry){cid ? nb_font_cid(pf->font, g) : g, g};
    }
    qsort(e, (size_t)*n, sizeof *e, by_code);
    return e;
}

/* ---- ToUnicode, shared between fonts ------------------------------------------- */

/* The text a code stands for ("" for the tail of a cluster, which gets
 * no entry), in code order: one font's, or a group's merged from several. */
typedef struct cmap_entry {
    uint32_t code;
    const char *text;
} cmap_entry;

typedef struct cmap_group {
    cmap_entry *e;
    int n;
} cmap_group;

static HPDF_Dict tounicode_stream(HPDF_Doc doc, nb_deflater *d, const cmap_entry *e, int n)
{
    nb_pdfout b = {0};
    nb_pdfout_printf(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                  "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (int i = 0; i < n;) {
        int block = 0;
        for (int k = i; k < n && block < 100; k++)
            block += e[k].text[0] != '\0';
        if (block)
            nb_pdfout_printf(&b, "%d beginbfchar\n", block);
        int done = 0;
        for (; i < n && done < block; i++) {
            if (!e[i].text[0])
                continue;
            nb_pdfout_str(&b, "<");
            nb_pdfout_hex4(&b, e[i].code);
            nb_pdfout_str(&b, "> <");
            utf8_to_utf16_hex(&b, e[i].text);
            nb_pdfout_str(&b, ">\n");
            done++;
        }
        if (block)
            nb_pdfout_printf(&b, "endbfchar\n");
        else
            break;
    }
    nb_pdfout_printf(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    HPDF_Dict s = b.failed ? NULL : new_stream(doc, d, NB_PDFOUT_TEXT, b.data, b.len);
    nb_pdfout_free(&b);
    return s;
}

/* The font's codes with their texts, in code order. */
static cmap_entry *font_cmap(const nb_pdf_font *pf, int *n)
{
    code_entry *codes = sorted_codes(pf, n);
    cmap_entry *e = codes ? nb_malloc(sizeof *e * ((size_t)*n + 1)) : NULL;
    for (int i = 0; e && i < *n; i++)
        e[i] = (cmap_entry){codes[i].code, pf->pool + pf->text_ref[codes[i].gid] - 1};
    nb_free(codes);
    return e;
}

/* Whether no code of e[0..n) stands for another text in the group. */
static bool agrees(const cmap_group *g, const cmap_entry *e, int n)
{
    for (int i = 0, k = 0; i < n && k < g->n;) {
        if (e[i].code < g->e[k].code) {
            i++;
            continue;
        }
        if (g->e[k].code < e[i].code) {
            k++;
            continue;
        }
        if (strcmp(e[i].text, g->e[k].text) != 0)
            return false;
        i++;
        k++;
    }
    return true;
}

/* The group's entries and e[0..n) in one code-ordered list. */
static bool merge(cmap_group *g, const cmap_entry *e, int n)
{
    cmap_entry *m = nb_malloc(sizeof *m * ((size_t)g->n + (size_t)n + 1));
    if (!m)
        return false;
    int len = 0, i = 0, k = 0;
    while (i < n || k < g->n) {
        if (k == g->n || (i < n && e[i].code < g->e[k].code))
            m[len++] = e[i++];
        else if (i == n || g->e[k].code < e[i].code)
            m[len++] = g->e[k++];
        else {
            m[len++] = e[i++];
            k++;
        }
    }
    nb_free(g->e);
    g->e = m;
    g->n = len;
    return true;
}

/* The group font `pf` joins: the first whose codes agree with its own,
 * or a new one; -1 when memory ran out. */
static int join_group(cmap_group *groups, int *ngroups, const nb_pdf_font *pf)
{
    int n = 0;
    cmap_entry *e = font_cmap(pf, &n);
    if (!e)
        return -1;
    int g = 0;
    while (g < *ngroups && !agrees(&groups[g], e, n))
        g++;
    if (g == *ngroups)
        groups[(*ngroups)++] = (cmap_group){NULL, 0};
    bool ok = merge(&groups[g], e, n);
    nb_free(e);
    return ok ? g : -1;
}

nb_status nb_pdffont_write_tounicode(nb_pdf_font *fonts, int n, HPDF_Doc doc, nb_deflater *d)
{
    cmap_group *groups = nb_calloc((size_t)n + 1, sizeof *groups);
    int *group_of = nb_calloc((size_t)n + 1, sizeof *group_of);
    HPDF_Dict *streams = nb_calloc((size_t)n + 1, sizeof *streams);
    int ngroups = 0;
    nb_status st = groups && group_of && streams ? NB_OK : NB_ERR_NOMEM;
    for (int i = 0; i < n && st == NB_OK; i++)
        if (fonts[i].type0 && (group_of[i] = join_group(groups, &ngroups, &fonts[i])) < 0)
            st = NB_ERR_NOMEM;
    for (int g = 0; g < ngroups && st == NB_OK; g++)
        if (!(streams[g] = tounicode_stream(doc, d, groups[g].e, groups[g].n)))
            st = NB_ERR_NOMEM;
    for (int i = 0; i < n && st == NB_OK; i++)
        if (fonts[i].type0)
            HPDF_Dict_Add(fonts[i].type0, "ToUnicode", streams[group_of[i]]);
    for (int g = 0; g < ngroups; g++)
        nb_free(groups[g].e);
    nb_free(groups);
    nb_free(group_of);
    nb_free(streams);
    return st;
}

/* /W lists only glyphs whose width differs from /DW 1000: the full-width
 * CJK glyphs, nearly all of a report, need no entry. */
static HPDF_Array widths_array(const nb_pdf_font *pf, HPDF_Doc doc, const code_entry *e, int n)
{
    HPDF_Array w = HPDF_Array_New(doc->mmgr);
    bool ok = w != NULL;
    for (int i = 0; ok && i < n;) {
        if (nb_pdffont_width(pf, e[i].gid) == 1000.0) {
            i++;
            continue;
        }
        HPDF_Array run = HPDF_Array_New(doc->mmgr);
        if (!run || HPDF_Array_AddNumber(w, (HPDF_INT32)e[i].code) != HPDF_OK) {
            HPDF_Array_Free(run);
            ok = false;
        } else {
            ok = HPDF_Array_Add(w, run) == HPDF_OK;   /* which frees run if it fails */
        }
        uint32_t next = e[i].code;
        for (; ok && i < n && e[i].code == next && nb_pdffont_width(pf, e[i].gid) != 1000.0;
             i++, next++)
            ok = HPDF_Array_AddReal(run, (HPDF_REAL)nb_pdffont_width(pf, e[i].gid)) == HPDF_OK;
    }
    if (!ok) {   /* out of memory: nothing half-built is kept */
        HPDF_Array_Free(w);
        return NULL;
    }
    return w;
}

/* ---- subsetting --------------------------------------------------------------- */

/* Glyph outlines (glyf) keep the original glyph ids as codes, and a
 * /CIDToGIDMap stream maps them to the subset's compact ids: measured on
 * DroidSansFallbackFull with seed 001's text, HB_SUBSET_FLAGS_RETAIN_GIDS
 * (loca and hmtx padded up to the highest id kept) gives 33.9 KB deflated,
 * a renumbered subset 28.8 KB plus a map of 2 bytes per code (mostly
 * zeros, about 1 KB deflated). */
/* Tables a TrueType FontFile2 keeps (PDF 32000 9.9; hinting ones go with
 * NO_HINTING, cmap and the rest for readers that want them). */
static bool kept_for_glyf(hb_tag_t t)
{
    static const hb_tag_t keep[] = {
        HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'e', 'a', 'd'),
        HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('m', 'a', 'x', 'p'),
        HB_TAG('c', 'm', 'a', 'p'), HB_TAG('p', 'o', 's', 't'), HB_TAG('O', 'S', '/', '2'),
        HB_TAG('n', 'a', 'm', 'e'), HB_TAG('c', 'v', 't', ' '), HB_TAG('f', 'p', 'g', 'm'),
        HB_TAG('p', 'r', 'e', 'p'),
    };
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++)
        if (t == keep[i])
            return true;
    return false;
}

/* hb-subset builds every table the face has, with a closure over GSUB
 * that adds glyphs never drawn; the PDF keeps the CFF table of a CFF font
 * and the outline tables of a TrueType one.  Dropping the rest: one glyph
 * of Noto Serif CJK took 46 M instructions, 41 M of them planning. */
static void drop_unembedded_tables(hb_subset_input_t *in, hb_face_t *face, bool cff)
{
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    hb_tag_t tags[64];
    unsigned offset = 0, n;
    do {
        n = sizeof tags / sizeof *tags;
        hb_face_get_table_tags(face, offset, &n, tags);
        for (unsigned i = 0; i < n; i++)
            if (cff ? tags[i] != HB_TAG('C', 'F', 'F', ' ') : !kept_for_glyf(tags[i]))
                hb_set_add(drop, tags[i]);
        offset += n;
    } while (n == sizeof tags / sizeof *tags);
}

static hb_blob_t *hb_subset_program(const nb_pdf_font *pf, bool *raw_cff, hb_map_t **old_to_new)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    hb_set_add(glyphs, 0);
    for (int i = 0; i < pf->used; i++)
        hb_set_add(glyphs, pf->gids[i]);
    unsigned flags = HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE;
    /* A name-keyed CFF (Latin OpenType) is drawn by glyph index, which no
     * map can redirect in a CIDFontType0: keep the indices. */
    if (nb_font_info(pf->font)->cff && !code_is_cid(pf))
        flags |= HB_SUBSET_FLAGS_RETAIN_GIDS;
    hb_subset_input_set_flags(in, flags);
    drop_unembedded_tables(in, nb_font_face(pf->font), nb_font_info(pf->font)->cff);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(nb_font_face(pf->font), in);
    hb_subset_input_destroy(in);
    if (!plan)
        return NULL;
    hb_face_t *sub = hb_subset_plan_execute_or_fail(plan);
    *raw_cff = nb_font_info(pf->font)->cff;
    if (sub && !*raw_cff) {
        *old_to_new = hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(plan));
        if (!hb_map_allocation_successful(*old_to_new)) {
            hb_map_destroy(*old_to_new);
            *old_to_new = NULL;
        }
    }
    hb_subset_plan_destroy(plan);
    if (!sub)
        return NULL;
    hb_blob_t *blob = *raw_cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                               : hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    return blob;
}

/* A CID-keyed CFF without subroutines (Fandol) through cffsubset.c: same
 * glyphs, outlines and CIDs as hb-subset gives (tests/unit/test_pdf.c
 * compares them), 1/50 of the time.  *out is NULL if the font is not of
 * that kind (hb-subset's turn); out of memory is not such a case. */
static nb_status own_cff_subset(const nb_pdf_font *pf, hb_blob_t **out)
{
    *out = NULL;
    if (pf->hb_subset_only || !code_is_cid(pf))
        return NB_OK;
    uint32_t *gids = nb_malloc(sizeof *gids * ((size_t)pf->used + 1));
    if (!gids)
        return NB_ERR_NOMEM;
    size_t n = 0;
    gids[n++] = 0;
    for (int i = 0; i < pf->used; i++)
        if (pf->gids[i] != 0)
            gids[n++] = pf->gids[i];
    hb_blob_t *table = hb_face_reference_table(nb_font_face(pf->font), HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const char *data = hb_blob_get_data(table, &len);
    uint8_t *program = NULL;
    size_t program_len = 0;
    nb_status st = nb_cff_subset_cached((const uint8_t *)data, len, gids, n,
                                        nb_font_cff_cache(pf->font), &program, &program_len);
    hb_blob_destroy(table);
    nb_free(gids);
    if (st == NB_ERR_NOMEM)
        return st;
    if (st == NB_OK && program_len <= UINT32_MAX)
        *out = hb_blob_create((const char *)program, (unsigned)program_len,
                              HB_MEMORY_MODE_WRITABLE, program, nb_free);
    else
        nb_free(program);
    return NB_OK;
}

/* The subset font program: *program NULL (with NB_OK) if neither
 * subsetter could make it. */
static nb_status subset_program(const nb_pdf_font *pf, bool *raw_cff, hb_map_t **old_to_new,
                                hb_blob_t **program)
{
    nb_status st = own_cff_subset(pf, program);
    *raw_cff = *program != NULL;
    if (st == NB_OK && !*program)
        *program = hb_subset_program(pf, raw_cff, old_to_new);
    return st;
}

/* /CIDToGIDMap: two bytes per code from 0 to the highest code drawn. */
static HPDF_Dict cid_to_gid_stream(HPDF_Doc doc, nb_deflater *d, const code_entry *e, int n,
                                   const hb_map_t *old_to_new)
{
    uint32_t max = n > 0 ? e[n - 1].code : 0;
    unsigned char *map = nb_calloc((size_t)max + 1, 2);
    if (!map)
        return NULL;
    for (int i = 0; i < n; i++) {
        hb_codepoint_t g = hb_map_get(old_to_new, e[i].gid);
        if (g == HB_MAP_VALUE_INVALID)
            g = 0;
        map[2 * e[i].code] = (unsigned char)(g >> 8);
        map[2 * e[i].code + 1] = (unsigned char)g;
    }
    HPDF_Dict s = new_stream(doc, d, NB_PDFOUT_TEXT, map, ((size_t)max + 1) * 2);
    nb_free(map);
    return s;
}

static void fill_descriptor(const nb_pdf_font *pf, HPDF_Doc doc, const char *name)
{
    const nb_font_metrics *m = nb_font_info(pf->font);
    double k = 1000.0 / nb_font_upem(pf->font);
    HPDF_Dict d = pf->descriptor;
    HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    HPDF_Dict_AddName(d, "FontName", name);
    /* Symbolic (4): CJK fonts lie outside the standard Latin set. */
    HPDF_Dict_AddNumber(d, "Flags", 4 | (m->fixed_pitch ? 1 : 0) | (m->serif ? 2 : 0));
    /* A failed libharu call stays in the document's error state (pdf.c
     * checks it before saving); only a missing container must not be used. */
    HPDF_Array bbox = HPDF_Array_New(doc->mmgr);
    for (int i = 0; bbox && i < 4; i++)
        HPDF_Array_AddNumber(bbox, (HPDF_INT32)lround(m->bbox[i] * k));
    HPDF_Dict_Add(d, "FontBBox", bbox);
    HPDF_Dict_AddReal(d, "ItalicAngle", (HPDF_REAL)m->italic_angle);
    HPDF_Dict_AddNumber(d, "Ascent", (HPDF_INT32)lround(m->ascender * k));
    HPDF_Dict_AddNumber(d, "Descent", (HPDF_INT32)lround(m->descender * k));
    HPDF_Dict_AddNumber(d, "CapHeight", (HPDF_INT32)lround(m->cap_height * k));
    HPDF_Dict_AddNumber(d, "StemV", m->stem_v);
}

static void fill_cidfont(const nb_pdf_font *pf, HPDF_Doc doc, const char *name, bool cff)
{
    const nb_font_metrics *m = nb_font_info(pf->font);
    HPDF_Dict c = pf->cidfont;
    HPDF_Dict_AddName(c, "Type", "Font");
    HPDF_Dict_AddName(c, "Subtype", cff ? "CIDFontType0" : "CIDFontType2");
    HPDF_Dict_AddName(c, "BaseFont", name);
    HPDF_Dict info = HPDF_Dict_New(doc->mmgr);
    bool ros = code_is_cid(pf) && m->registry && m->ordering;
    if (info) {
        HPDF_Dict_Add(info, "Registry", HPDF_String_New(doc->mmgr, ros ? m->registry : "Adobe", NULL));
        HPDF_Dict_Add(info, "Ordering",
                      HPDF_String_New(doc->mmgr, ros ? m->ordering : "Identity", NULL));
        HPDF_Dict_AddNumber(info, "Supplement", ros ? m->supplement : 0);
    }
    HPDF_Dict_Add(c, "CIDSystemInfo", info);
    HPDF_Dict_Add(c, "FontDescriptor", pf->descriptor);
    HPDF_Dict_AddNumber(c, "DW", 1000);
}

nb_status nb_pdffont_finish(nb_pdf_font *pf, nb_diag *diag, HPDF_Doc doc, nb_deflater *d)
{
    if (pf->nomem) {   /* a glyph left out of the subset and of ToUnicode */
        nb_diag_error(diag, (nb_span){nb_font_info(pf->font)->path, 0, 0},
                      "内存不足，无法嵌入字体");
        return NB_ERR_NOMEM;
    }
    /* Ascending, as every list below is written. */
    qsort(pf->gids, (size_t)pf->used, sizeof *pf->gids, by_gid);
    char tag[7], name[160];
    subset_tag(pf, tag);
    snprintf(name, sizeof name, "%s+%s", tag, nb_font_info(pf->font)->postscript_name);
    bool cff = false;
    hb_map_t *old_to_new = NULL;
    hb_blob_t *program = NULL;
    if (subset_program(pf, &cff, &old_to_new, &program) != NB_OK) {
        nb_diag_error(diag, (nb_span){nb_font_info(pf->font)->path, 0, 0},
                      "内存不足，无法嵌入字体");
        return NB_ERR_NOMEM;
    }
    unsigned plen = 0;
    const char *pdata = program ? hb_blob_get_data(program, &plen) : NULL;
    if (!pdata || plen == 0) {
        hb_blob_destroy(program);
        hb_map_destroy(old_to_new);
        nb_diag_error(diag, (nb_span){nb_font_info(pf->font)->path, 0, 0},
                      "字体子集化失败（hb-subset）");
        return NB_ERR_PDF;
    }
    HPDF_Dict file = new_stream(doc, d, NB_PDFOUT_FONT, pdata, plen);
    pf->program_bytes = plen;
    hb_blob_destroy(program);
    int n = 0;
    code_entry *codes = sorted_codes(pf, &n);
    HPDF_Dict cidmap = codes && !cff && old_to_new ? cid_to_gid_stream(doc, d, codes, n, old_to_new)
                                                   : NULL;
    /* The streams are in the cross-reference table (the document frees
     * them); the /W array is not until it is added, so it comes last. */
    bool made = codes && file && (cff || cidmap);
    HPDF_Array widths = made ? widths_array(pf, doc, codes, n) : NULL;
    nb_free(codes);
    hb_map_destroy(old_to_new);
    if (!widths)
        return NB_ERR_NOMEM;
    if (cff)
        HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    fill_descriptor(pf, doc, name);
    HPDF_Dict_Add(pf->descriptor, cff ? "FontFile3" : "FontFile2", file);
    fill_cidfont(pf, doc, name, cff);
    HPDF_Dict_Add(pf->cidfont, "W", widths);
    if (!cff)
        HPDF_Dict_Add(pf->cidfont, "CIDToGIDMap", cidmap);
    HPDF_Dict t = pf->type0;
    HPDF_Dict_AddName(t, "Type", "Font");
    HPDF_Dict_AddName(t, "Subtype", "Type0");
    HPDF_Dict_AddName(t, "BaseFont", name);
    HPDF_Dict_AddName(t, "Encoding", "Identity-H");
    HPDF_Array desc = HPDF_Array_New(doc->mmgr);
    if (desc)
        HPDF_Array_Add(desc, pf->cidfont);
    HPDF_Dict_Add(t, "DescendantFonts", desc);
    return NB_OK;
}

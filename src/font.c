/* font.c — layout stage: the font set.  Opens every face named by a page
 * style's roles once with HarfBuzz (shaping, coverage, advances); what only
 * the PDF needs — CIDs and descriptor metrics, read from the OpenType and
 * CFF tables for CID-keyed CFF faces, with FreeType for the others — is
 * read the first time it is asked for, once per face under a lock, so
 * fallback faces that draw nothing cost nothing.  Shared by every report
 * and thread; the only file that touches FreeType. */
#include "font.h"
#include "mem.h"
#include "cffsubset.h"
#include "fontfind.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_MODULE_H
#include FT_CID_H
#include FT_TRUETYPE_TABLES_H
#include FT_TYPE1_TABLES_H

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct nb_font {
    char *path;
    unsigned index;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    unsigned nglyphs;
    /* Read on first use (see ensure_details). */
    pthread_mutex_t lock;
    atomic_bool ready;
    uint32_t *gid_to_cid;      /* NULL unless CID-keyed */
    /* Stripped charstrings for cffsubset.c, made when the face is subset a
     * second time (a batch's second report): one report keeps nothing. */
    atomic_uint subsets;
    _Atomic(nb_cff_cache *) cff_cache;
    nb_font_metrics m;
};

typedef struct role_chain {
    char *name;
    int *ids;
    int n;
} role_chain;

struct nb_fontset {
    nb_font **fonts;
    int nfonts;
    role_chain *roles;
    int nroles;
};

static char *dup_string(const char *s)
{
    return s ? nb_strdup(s) : NULL;
}

/* "dir/file.ttc#2" → path "dir/file.ttc", index 2. */
static void resolve_path(const char *dir, const char *spec, char *path, size_t cap,
                         unsigned *index)
{
    const char *hash = strrchr(spec, '#');
    size_t len = hash ? (size_t)(hash - spec) : strlen(spec);
    *index = hash ? (unsigned)strtoul(hash + 1, NULL, 10) : 0;
    if (spec[0] == '/' || !dir)
        snprintf(path, cap, "%.*s", (int)len, spec);
    else
        snprintf(path, cap, "%s/%.*s", dir, (int)len, spec);
}

/* FreeType allocates through mem.c (so the allocation-failure walk reaches
 * it); a refused allocation is noted in `user`, since FreeType's own
 * error may name only its consequence (e.g. a module it could not add). */
static void *ft_alloc(FT_Memory memory, long size)
{
    void *p = nb_malloc((size_t)size);
    if (!p)
        *(bool *)memory->user = true;
    return p;
}

static void *ft_realloc(FT_Memory memory, long cur_size, long new_size, void *block)
{
    (void)cur_size;
    void *p = nb_realloc(block, (size_t)new_size);
    if (!p)
        *(bool *)memory->user = true;
    return p;
}

static void ft_free(FT_Memory memory, void *block)
{
    (void)memory;
    nb_free(block);
}

static void read_ft_metrics(nb_font *f, FT_Face ft)
{
    nb_font_metrics *m = &f->m;
    const char *ps = FT_Get_Postscript_Name(ft);
    m->postscript_name = dup_string(ps ? ps : "Unnamed");
    m->out_of_memory |= !m->postscript_name;
    m->ascender = ft->ascender;
    m->descender = ft->descender;
    m->bbox[0] = (int)ft->bbox.xMin;
    m->bbox[1] = (int)ft->bbox.yMin;
    m->bbox[2] = (int)ft->bbox.xMax;
    m->bbox[3] = (int)ft->bbox.yMax;
    m->fixed_pitch = FT_IS_FIXED_WIDTH(ft);
    m->bold = (ft->style_flags & FT_STYLE_FLAG_BOLD) != 0;
    TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    if (os2) {
        m->cap_height = os2->version >= 2 ? os2->sCapHeight : (int)(ft->ascender * 0.7);
        m->x_height = os2->version >= 2 ? os2->sxHeight : (int)(ft->ascender * 0.5);
        m->bold = m->bold || os2->usWeightClass >= 600;
        /* sFamilyClass high byte 1..7 are the serif classes. */
        int cls = os2->sFamilyClass >> 8;
        m->serif = cls >= 1 && cls <= 7;
    } else {
        m->cap_height = (int)(ft->ascender * 0.7);
        m->x_height = (int)(ft->ascender * 0.5);
    }
    TT_Postscript *post = FT_Get_Sfnt_Table(ft, FT_SFNT_POST);
    m->italic_angle = post ? post->italicAngle / 65536.0 : 0.0;
    m->stem_v = m->bold ? 140 : 80;
}

/* Every glyph's CID read straight from the CFF charset: FreeType's
 * FT_Get_CID_From_Glyph_Index looks its service up on every call, which
 * for the four Fandol faces of seed 001 (41 408 glyphs) cost 13.3 M
 * instructions, 13 % of the whole run; the charset costs 0.1 M. */
static bool charset_cids(nb_font *f)
{
    hb_blob_t *cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const char *data = hb_blob_get_data(cff, &len);
    bool ok = nb_cff_charset_cids((const uint8_t *)data, len, f->gid_to_cid, f->nglyphs);
    hb_blob_destroy(cff);
    return ok;
}

static bool read_cids(nb_font *f, FT_Face ft)
{
    FT_Bool cid_keyed = 0;
    if (FT_Get_CID_Is_Internally_CID_Keyed(ft, &cid_keyed) != 0 || !cid_keyed)
        return true;
    const char *registry = NULL, *ordering = NULL;
    FT_Int supplement = 0;
    if (FT_Get_CID_Registry_Ordering_Supplement(ft, &registry, &ordering, &supplement) == 0) {
        f->m.registry = dup_string(registry);
        f->m.ordering = dup_string(ordering);
        f->m.supplement = supplement;
        if ((registry && !f->m.registry) || (ordering && !f->m.ordering))
            return false;
    }
    f->gid_to_cid = nb_calloc(f->nglyphs ? f->nglyphs : 1, sizeof *f->gid_to_cid);
    if (!f->gid_to_cid)
        return false;
    if (!charset_cids(f))
        for (unsigned g = 0; g < f->nglyphs; g++) {
            FT_UInt cid = g;
            FT_Get_CID_From_Glyph_Index(ft, g, &cid);
            f->gid_to_cid[g] = cid;
        }
    f->m.cid_keyed = true;
    return true;
}

static void drop_font(nb_font *f)
{
    if (!f)
        return;
    hb_font_destroy(f->font);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    nb_free(f->gid_to_cid);
    nb_cff_cache_free(atomic_load(&f->cff_cache));
    nb_free((char *)f->m.postscript_name);
    nb_free((char *)f->m.registry);
    nb_free((char *)f->m.ordering);
    nb_free(f->path);
    pthread_mutex_destroy(&f->lock);
    nb_free(f);
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The table directory of face `index` (an OpenType file or a collection)
 * must lie inside the file, and every table it lists too: a truncated or
 * damaged file is refused here, by name, instead of drawing nothing and
 * letting the fallback font silently take its place.  NULL if sound, else
 * what is wrong. */
static const char *damage(const unsigned char *d, size_t len, unsigned index)
{
    size_t dir = 0;
    if (len >= 16 && memcmp(d, "ttcf", 4) == 0) {
        uint32_t nfonts = be32(d + 8);
        if (index >= nfonts || 12 + 4 * (size_t)index + 4 > len)
            return "字体集合的目录不完整";
        dir = be32(d + 12 + 4 * (size_t)index);
    }
    if (dir + 12 > len)
        return "文件太短，不是字体文件";
    size_t ntables = (size_t)d[dir + 4] << 8 | d[dir + 5];
    if (ntables == 0 || dir + 12 + 16 * ntables > len)
        return "表目录不完整";
    for (size_t i = 0; i < ntables; i++) {
        const unsigned char *rec = d + dir + 12 + 16 * i;
        uint64_t off = be32(rec + 8), size = be32(rec + 12);
        if (off + size > len)
            return "文件不完整（有的表超出了文件末尾），可能只复制了一部分";
    }
    return NULL;
}

static nb_status load_font(nb_diag *diag, nb_span named, const char *path, unsigned index,
                           nb_font **out)
{
    nb_span at = named.file ? named : (nb_span){path, 0, 0};
    nb_font *f = nb_calloc(1, sizeof *f);
    if (!f)
        return NB_ERR_NOMEM;
    pthread_mutex_init(&f->lock, NULL);
    f->path = nb_strdup(path);
    if (!f->path) {
        drop_font(f);
        return NB_ERR_NOMEM;
    }
    f->index = index;
    f->m.path = f->path;
    /* Only a regular file: opening a FIFO would block, a device never end. */
    struct stat file;
    bool exists = stat(path, &file) == 0, regular = exists && S_ISREG(file.st_mode);
    int err = exists ? 0 : errno;
    f->blob = regular ? hb_blob_create_from_file_or_fail(path) : NULL;
    unsigned len = 0;
    const char *data = f->blob ? hb_blob_get_data(f->blob, &len) : NULL;
    const char *why = f->blob ? damage((const unsigned char *)data, len, index) : NULL;
    f->face = f->blob && !why && index < hb_face_count(f->blob) ? hb_face_create(f->blob, index) : NULL;
    f->font = f->face ? hb_font_create(f->face) : NULL;
    hb_blob_t *cmap = f->face ? hb_face_reference_table(f->face, HB_TAG('c', 'm', 'a', 'p')) : NULL;
    if (!why && f->face && (hb_face_get_glyph_count(f->face) == 0 || hb_blob_get_length(cmap) == 0))
        why = "没有字形或字符映射表（cmap）";
    hb_blob_destroy(cmap);
    if (!f->font || !f->path || why) {
        if (!f->blob)
            nb_diag_error(diag, at, "无法打开字体文件「%s」：%s", path,
                          !exists ? nb_errno_str(err) : regular ? "读取失败" : "不是普通文件");
        else if (why)
            nb_diag_error(diag, at, "字体文件「%s」已损坏：%s", path, why);
        else
            nb_diag_error(diag, at, "无法读取字体文件「%s」的第 %u 个字体", path, index);
        drop_font(f);
        return NB_ERR_FONT;
    }
    f->upem = hb_face_get_upem(f->face);
    hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
    hb_font_make_immutable(f->font);
    f->nglyphs = hb_face_get_glyph_count(f->face);
    hb_blob_t *cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
    f->m.cff = hb_blob_get_length(cff) > 0;
    hb_blob_destroy(cff);
    *out = f;
    return NB_OK;
}

/* ---- descriptor metrics without FreeType -------------------------------- */

/* An OpenType table of the face, when it has at least `min` bytes. */
typedef struct sfnt_table {
    hb_blob_t *blob;
    const unsigned char *p;
    unsigned len;
} sfnt_table;

static bool get_table(const nb_font *f, hb_tag_t tag, unsigned min, sfnt_table *t)
{
    t->blob = hb_face_reference_table(f->face, tag);
    t->p = (const unsigned char *)hb_blob_get_data(t->blob, &t->len);
    return t->p && t->len >= min;
}

static int s16(const unsigned char *p) { return (int16_t)(p[0] << 8 | p[1]); }
static unsigned u16(const unsigned char *p) { return (unsigned)(p[0] << 8 | p[1]); }

/* FreeType's sfnt_is_postscript: the characters a PostScript name keeps. */
static bool ps_char(unsigned c)
{
    return c > 32 && c < 127 && !strchr("[](){}<>/%", (int)c);
}

/* Name 6 as FreeType gives it for an OpenType font: the Windows English
 * entry (UTF-16) or else the Macintosh Roman one, other characters left
 * out; *out NULL when there is none.  False only for want of memory. */
static bool ps_name(const nb_font *f, char **out_name)
{
    sfnt_table name;
    char *out = NULL;
    bool nomem = false;
    if (get_table(f, HB_TAG('n', 'a', 'm', 'e'), 6, &name)) {
        unsigned count = u16(name.p + 2), strings = u16(name.p + 4);
        long win = -1, mac = -1;
        for (unsigned i = 0; i < count && 6 + 12 * (size_t)(i + 1) <= name.len; i++) {
            const unsigned char *r = name.p + 6 + 12 * i;
            if (u16(r + 6) != 6 || u16(r + 8) == 0)
                continue;
            if (u16(r) == 3 && u16(r + 2) == 1 && u16(r + 4) == 0x409 && win < 0)
                win = i;
            if (u16(r) == 1 && u16(r + 2) == 0 && u16(r + 4) == 0 && mac < 0)
                mac = i;
        }
        long pick = win >= 0 ? win : mac;
        const unsigned char *r = pick >= 0 ? name.p + 6 + 12 * pick : NULL;
        size_t len = r ? u16(r + 8) : 0, at = r ? (size_t)strings + u16(r + 10) : 0;
        bool there = r && at <= name.len && len <= name.len - at;
        nomem = there && !(out = nb_malloc(len + 1));
        if (there && out) {
            size_t n = 0, step = pick == win ? 2 : 1;
            for (size_t i = 0; i + step <= len; i += step) {
                const unsigned char *c = name.p + at + i;
                if ((step == 1 || c[0] == 0) && ps_char(c[step - 1]))
                    out[n++] = (char)c[step - 1];
            }
            out[n] = '\0';
            if (n == 0) {
                nb_free(out);
                out = NULL;
            }
        }
    }
    hb_blob_destroy(name.blob);
    *out_name = out;
    return !nomem;
}

/* The metrics FreeType's sfnt loader reports, from head, hhea, OS/2 and
 * post (head, hhea and maxp must be there, as FreeType requires). */
static bool sfnt_metrics(const nb_font *f, nb_font_metrics *m)
{
    /* Zeroed: the && below may leave hhea and maxp unread, and their
     * blobs are destroyed all the same (fuzz_font: a font without head). */
    sfnt_table head = {0}, hhea = {0}, maxp = {0}, os2 = {0}, post = {0};
    bool ok = get_table(f, HB_TAG('h', 'e', 'a', 'd'), 54, &head) &&
              get_table(f, HB_TAG('h', 'h', 'e', 'a'), 36, &hhea) &&
              get_table(f, HB_TAG('m', 'a', 'x', 'p'), 6, &maxp);
    /* FreeType takes an OS/2 table shorter than its version says, or of
     * version 0xFFFF, for none. */
    bool has_os2 = get_table(f, HB_TAG('O', 'S', '/', '2'), 78, &os2);
    unsigned version = has_os2 ? u16(os2.p) : 0;
    has_os2 = has_os2 && version != 0xFFFF &&
              os2.len >= 78u + (version >= 1 ? 8 : 0) + (version >= 2 ? 10 : 0);
    bool has_post = get_table(f, HB_TAG('p', 'o', 's', 't'), 32, &post);
    if (ok) {
        unsigned selection = has_os2 ? u16(os2.p + 62) : 0;
        m->ascender = s16(hhea.p + 4);
        m->descender = s16(hhea.p + 6);
        if (has_os2 && (selection & 128)) {   /* USE_TYPO_METRICS */
            m->ascender = s16(os2.p + 68);
            m->descender = s16(os2.p + 70);
        } else if (has_os2 && !m->ascender && !m->descender) {
            bool typo = s16(os2.p + 68) || s16(os2.p + 70);
            m->ascender = typo ? s16(os2.p + 68) : (int)u16(os2.p + 74);
            m->descender = typo ? s16(os2.p + 70) : -(int)u16(os2.p + 76);
        }
        for (int i = 0; i < 4; i++)
            m->bbox[i] = s16(head.p + 36 + 2 * i);
        m->fixed_pitch = has_post && (post.p[12] | post.p[13] | post.p[14] | post.p[15]);
        m->bold = has_os2 ? (selection & 32) != 0 : (u16(head.p + 44) & 1) != 0;
        bool v2 = has_os2 && version >= 2;
        m->cap_height = v2 ? s16(os2.p + 88) : (int)(m->ascender * 0.7);
        m->x_height = v2 ? s16(os2.p + 86) : (int)(m->ascender * 0.5);
        if (has_os2) {
            m->bold = m->bold || u16(os2.p + 4) >= 600;
            int cls = s16(os2.p + 30) >> 8;   /* sFamilyClass 1..7: serif classes */
            m->serif = cls >= 1 && cls <= 7;
        }
        int32_t angle = has_post ? (int32_t)((uint32_t)post.p[4] << 24 | (uint32_t)post.p[5] << 16 |
                                             (uint32_t)post.p[6] << 8 | post.p[7]) : 0;
        m->italic_angle = angle / 65536.0;
        m->stem_v = m->bold ? 140 : 80;
    }
    hb_blob_destroy(head.blob);
    hb_blob_destroy(hhea.blob);
    hb_blob_destroy(maxp.blob);
    hb_blob_destroy(os2.blob);
    hb_blob_destroy(post.blob);
    return ok;
}

/* A CID-keyed CFF font (Fandol, Noto CJK) without FreeType: its tables and
 * CFF are checked and read here (nb_cff_cid_font).  FreeType's face load
 * took 3 M instructions for the five faces of seed 001, mostly in
 * structures the PDF never uses.  1 when read; 0 (f left as it was) when
 * not such a font: FreeType then reads the face (and decides whether it
 * is damaged); -1 (f as it was) out of memory, which is no such case. */
static int own_details(nb_font *f)
{
    if (!f->m.cff)
        return 0;
    nb_font_metrics m = f->m;
    uint32_t *cids = nb_calloc(f->nglyphs ? f->nglyphs : 1, sizeof *cids);
    hb_blob_t *cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const char *data = hb_blob_get_data(cff, &len);
    nb_cff_ros ros;
    bool ok = cids && sfnt_metrics(f, &m) &&
              nb_cff_cid_font((const uint8_t *)data, len, f->nglyphs, cids, &ros);
    hb_blob_destroy(cff);
    char *name = NULL;
    bool nomem = !cids || (ok && !ps_name(f, &name));
    ok = ok && !nomem;
    m.postscript_name = name ? name : ok ? dup_string("Unnamed") : NULL;
    m.registry = ok ? dup_string(ros.registry) : NULL;
    m.ordering = ok ? dup_string(ros.ordering) : NULL;
    nomem = nomem || (ok && (!m.postscript_name || !m.registry || !m.ordering));
    if (!ok || nomem) {
        nb_free(cids);
        nb_free((char *)m.postscript_name);
        nb_free((char *)m.registry);
        nb_free((char *)m.ordering);
        return nomem ? -1 : 0;
    }
    m.supplement = ros.supplement;
    m.cid_keyed = true;
    m.complete = true;
    f->m = m;
    f->gid_to_cid = cids;
    return 1;
}

/* FreeType reads the face from HarfBuzz's mapping of the file.  Short of
 * memory, the details stay incomplete and say so (out_of_memory): the
 * face is shared read-only once read, so this is not tried again. */
static void load_details(nb_font *f)
{
    int own = own_details(f);
    if (own != 0) {
        f->m.out_of_memory = own < 0;
        return;
    }
    bool refused = false, read = false;
    struct FT_MemoryRec_ memory = {&refused, ft_alloc, ft_free, ft_realloc};
    FT_Library lib = NULL;
    FT_Face ft = NULL;
    unsigned len = 0;
    const char *data = hb_blob_get_data(f->blob, &len);
    if (FT_New_Library(&memory, &lib) == 0) {
        FT_Add_Default_Modules(lib);
        if (FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len, (FT_Long)f->index, &ft) == 0) {
            read_ft_metrics(f, ft);
            bool cids = read_cids(f, ft);
            f->m.out_of_memory |= !cids;   /* read_cids fails only for want of memory */
            FT_Done_Face(ft);
            read = true;
        }
    }
    if (lib)
        FT_Done_Library(lib);
    f->m.out_of_memory |= refused;
    if (!f->m.postscript_name)
        f->m.postscript_name = dup_string("Unnamed");
    f->m.out_of_memory |= !f->m.postscript_name;
    f->m.complete = read && !f->m.out_of_memory;
}

static void ensure_details(const nb_font *cf)
{
    nb_font *f = (nb_font *)cf;   /* the lazily read part is guarded below */
    if (atomic_load_explicit(&f->ready, memory_order_acquire))
        return;
    pthread_mutex_lock(&f->lock);
    if (!atomic_load_explicit(&f->ready, memory_order_relaxed)) {
        load_details(f);
        atomic_store_explicit(&f->ready, true, memory_order_release);
    }
    pthread_mutex_unlock(&f->lock);
}

static int find_loaded(const nb_fontset *set, const char *path, unsigned index)
{
    for (int i = 0; i < set->nfonts; i++)
        if (set->fonts[i]->index == index && strcmp(set->fonts[i]->path, path) == 0)
            return i;
    return -1;
}

static nb_status add_font(nb_diag *diag, nb_fontset *set, const char *dir,
                          const char *spec, nb_span named, int *id)
{
    char path[PATH_MAX];
    unsigned index;
    size_t prefix = strlen(NB_FONT_FAMILY_PREFIX);
    if (strncmp(spec, NB_FONT_FAMILY_PREFIX, prefix) != 0) {
        resolve_path(dir, spec, path, sizeof path, &index);
    } else if (!nb_fontfind_family(spec + prefix, path, sizeof path, &index)) {
        nb_diag_error(diag, (nb_span){0}, "系统中没有字体「%s」（版式中写的是「%s」）", spec + prefix, spec);
        nb_diag_hint(diag, "`fc-list : family` 列出系统已安装的字体；或改用 fonts/ 中的字体文件");
        return NB_ERR_FONT;
    }
    *id = find_loaded(set, path, index);
    if (*id >= 0)
        return NB_OK;
    nb_font **fonts = nb_realloc(set->fonts, sizeof *fonts * (size_t)(set->nfonts + 1));
    if (!fonts)
        return NB_ERR_NOMEM;
    set->fonts = fonts;
    nb_status st = load_font(diag, named, path, index, &set->fonts[set->nfonts]);
    if (st != NB_OK)
        return st;
    *id = set->nfonts++;
    return NB_OK;
}

static nb_status add_role(nb_diag *diag, nb_fontset *set, const char *dir,
                          const nb_font_role *spec)
{
    role_chain *rc = &set->roles[set->nroles++];   /* counted now: dropped with the set */
    rc->name = nb_strdup(spec->role);
    rc->ids = nb_calloc((size_t)spec->nfiles + 1, sizeof *rc->ids);
    if (!rc->name || !rc->ids)
        return NB_ERR_NOMEM;
    for (int i = 0; i < spec->nfiles; i++) {
        nb_span named = spec->spans ? spec->spans[i] : (nb_span){0};
        nb_status st = add_font(diag, set, dir, spec->files[i], named, &rc->ids[rc->n]);
        if (st != NB_OK)
            return st;
        rc->n++;
    }
    return NB_OK;
}

nb_status nb_font_open_set(nb_diag *diag, const char *fonts_dir, const nb_font_role *roles,
                           int nroles, nb_fontset **out)
{
    nb_fontset *set = nb_calloc(1, sizeof *set);
    if (!set)
        return NB_ERR_NOMEM;
    set->roles = nb_calloc((size_t)nroles + 1, sizeof *set->roles);
    nb_status st = set->roles ? NB_OK : NB_ERR_NOMEM;
    for (int i = 0; i < nroles && st == NB_OK; i++)
        st = add_role(diag, set, fonts_dir, &roles[i]);
    if (st != NB_OK) {
        nb_font_drop_set(set);
        return st;
    }
    *out = set;
    return NB_OK;
}

void nb_font_drop_set(nb_fontset *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->nfonts; i++)
        drop_font(set->fonts[i]);
    for (int i = 0; i < set->nroles; i++) {
        nb_free(set->roles[i].name);
        nb_free(set->roles[i].ids);
    }
    nb_free(set->fonts);
    nb_free(set->roles);
    nb_free(set);
}

int nb_font_role_index(const nb_fontset *set, const char *role)
{
    for (int i = 0; i < set->nroles; i++)
        if (strcmp(set->roles[i].name, role) == 0)
            return i;
    return -1;
}

int nb_font_count(const nb_fontset *set) { return set->nfonts; }
const nb_font *nb_font_at(const nb_fontset *set, int id) { return set->fonts[id]; }

int nb_font_role_chain(const nb_fontset *set, int role, const int **ids)
{
    *ids = set->roles[role].ids;
    return set->roles[role].n;
}

hb_font_t *nb_font_hb(const nb_font *f) { return f->font; }
hb_face_t *nb_font_face(const nb_font *f) { return f->face; }
hb_blob_t *nb_font_blob(const nb_font *f) { return f->blob; }
unsigned nb_font_upem(const nb_font *f) { return f->upem; }
const char *nb_font_path(const nb_font *f) { return f->path; }
const nb_font_metrics *nb_font_info(const nb_font *f)
{
    ensure_details(f);
    return &f->m;
}

bool nb_font_has_char(const nb_font *f, uint32_t codepoint)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(f->font, codepoint, &g);
}

nb_cff_cache *nb_font_cff_cache(const nb_font *cf)
{
    nb_font *f = (nb_font *)cf;   /* the cache is made once, under the lock */
    ensure_details(f);
    if (!f->m.cid_keyed || atomic_fetch_add_explicit(&f->subsets, 1, memory_order_relaxed) == 0)
        return NULL;
    nb_cff_cache *c = atomic_load_explicit(&f->cff_cache, memory_order_acquire);
    if (c)
        return c;
    pthread_mutex_lock(&f->lock);
    c = atomic_load_explicit(&f->cff_cache, memory_order_relaxed);
    if (!c && (c = nb_cff_cache_new(f->nglyphs)))   /* without memory: none */
        atomic_store_explicit(&f->cff_cache, c, memory_order_release);
    pthread_mutex_unlock(&f->lock);
    return c;
}

uint32_t nb_font_cid(const nb_font *f, uint32_t gid)
{
    ensure_details(f);
    if (!f->gid_to_cid || gid >= f->nglyphs)
        return gid;
    return f->gid_to_cid[gid];
}

/* font.h — font.c, layout stage: the font set.  Loaded once per process
 * from the roles of a page style, read-only afterwards and shared by every
 * report and thread; only font.c touches FreeType. */
#ifndef NB_FONT_H
#define NB_FONT_H

#include "nb.h"
#include <hb.h>

typedef struct nb_font nb_font;        /* one face: a file and a face index */
typedef struct nb_fontset nb_fontset;

/* A role (正文, 标题, 一级标题, 二级标题, 表格, 表头, 页码) names a chain
 * of font files: the first is the role's face, the rest are fallbacks for
 * characters it lacks.  Paths are relative to the fonts directory unless
 * absolute; "file.ttc#2" selects face index 2 of a collection. */
typedef struct nb_font_role {
    const char *role;
    const char **files;
    int nfiles;
    const nb_span *spans;    /* where each file is named (page style), or NULL */
} nb_font_role;

nb_status nb_font_open_set(nb_diag *diag, const char *fonts_dir,
                           const nb_font_role *roles, int nroles,
                           nb_fontset **out);
void nb_font_drop_set(nb_fontset *set);

int nb_font_role_index(const nb_fontset *set, const char *role); /* -1 */
int nb_font_count(const nb_fontset *set);
const nb_font *nb_font_at(const nb_fontset *set, int font_id);
/* The chain of a role: font ids, primary first. */
int nb_font_role_chain(const nb_fontset *set, int role, const int **ids);

/* Read-only accessors, safe from any thread. */
hb_font_t *nb_font_hb(const nb_font *f);      /* hb-ot funcs, scale = upem */
hb_face_t *nb_font_face(const nb_font *f);
hb_blob_t *nb_font_blob(const nb_font *f);    /* the whole file */
unsigned nb_font_upem(const nb_font *f);
const char *nb_font_path(const nb_font *f);   /* the file it was read from */
bool nb_font_has_char(const nb_font *f, uint32_t codepoint);

typedef struct nb_font_metrics {
    const char *postscript_name;  /* "FandolFang-Regular" */
    const char *path;
    bool cff;            /* outlines in a CFF table (else glyf) */
    bool cid_keyed;      /* CFF with ROS: PDF codes are CIDs */
    const char *registry, *ordering;  /* ROS, e.g. "Adobe", "GB1" */
    int supplement;
    int ascender, descender, cap_height, x_height;  /* font units */
    int bbox[4];                                    /* font units */
    double italic_angle;
    int stem_v;
    bool fixed_pitch, serif, bold;
    bool complete;       /* the face (and its CIDs) could be read — by
                            cffsubset.c's checks or else by FreeType: else
                            the font is damaged and cannot be embedded */
    bool out_of_memory;  /* incomplete for want of memory, not a damaged file */
} nb_font_metrics;

const nb_font_metrics *nb_font_info(const nb_font *f);
/* CID of a glyph index: the CFF charset's CID for CID-keyed fonts, the
 * glyph index itself otherwise. */
uint32_t nb_font_cid(const nb_font *f, uint32_t gid);
/* The face's cache of hint-free charstrings for cffsubset.c, shared by
 * the run's reports and threads; NULL the first time a face is asked
 * (a single report gains nothing from it) and for other faces. */
struct nb_cff_cache *nb_font_cff_cache(const nb_font *f);

#endif

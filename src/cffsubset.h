/* cffsubset.h — cffsubset.c, PDF stage (used by pdffont.c and font.c):
 * reading and subsetting CID-keyed CFF fonts without subroutines, such as
 * the Fandol fonts.  Every other font goes through hb-subset. */
#ifndef NB_CFFSUBSET_H
#define NB_CFFSUBSET_H

#include "nb.h"

/* The CID of every glyph of a CID-keyed CFF table (cids[gid] for gid <
 * nglyphs, read from its charset).  False if `cff` is not a well-formed
 * CID-keyed CFF with exactly `nglyphs` glyphs. */
bool nb_cff_charset_cids(const uint8_t *cff, size_t len, uint32_t *cids, unsigned nglyphs);

/* Registry-Ordering-Supplement of a CID-keyed CFF font ("Adobe", "GB1", 5). */
typedef struct nb_cff_ros {
    char registry[64], ordering[64];
    int supplement;
} nb_cff_ros;

/* What the PDF needs of a CID-keyed CFF table with `nglyphs` glyphs: its
 * ROS and every glyph's CID (cids[gid]), after checking what FreeType's
 * loading would (the indexes, Top DICT, charset, FDSelect and Private
 * DICTs all inside the table).  False when it is not such a font, is
 * damaged, or names its ROS by standard strings: then FreeType decides. */
bool nb_cff_cid_font(const uint8_t *cff, size_t len, unsigned nglyphs, uint32_t *cids,
                     nb_cff_ros *ros);

/* A CID-keyed CFF table holding only the glyphs `gids` (ascending, no
 * repeats; glyph 0 is always kept), each keeping its CID, its outline
 * byte for byte and its Font DICT, with hints removed.  Writes a malloc'd
 * table to *out.  NB_OK; NB_ERR_FONT when the font is malformed or not of
 * this kind (name-keyed, subroutines, arithmetic operators, CFF2); or
 * NB_ERR_NOMEM.  Safe on any bytes: the fuzzing entry point. */
nb_status nb_cff_subset(const uint8_t *cff, size_t len, const uint32_t *gids, size_t ngids,
                        uint8_t **out, size_t *out_len);

/* The hint-free charstrings of one face, kept as they are made so that
 * the next report of a run copies instead of stripping them again (a
 * batch draws the same glyphs hundreds of times).  Shared by threads:
 * each glyph is stored once, atomically, and never changed. */
typedef struct nb_cff_cache nb_cff_cache;
nb_cff_cache *nb_cff_cache_new(unsigned nglyphs);   /* NULL without memory */
void nb_cff_cache_free(nb_cff_cache *c);

/* nb_cff_subset through `cache` (NULL: none), which must belong to this
 * very table: same result. */
nb_status nb_cff_subset_cached(const uint8_t *cff, size_t len, const uint32_t *gids, size_t ngids,
                               nb_cff_cache *cache, uint8_t **out, size_t *out_len);

#endif

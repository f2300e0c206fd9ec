/* pdf.h — pdf.c (+ pdffont.c), last stage: nb_doc → PDF bytes through
 * libharu.  Fonts are embedded as Type0/Identity-H CID fonts, subset with
 * hb-subset, with widths and a ToUnicode CMap built from the glyphs drawn. */
#ifndef NB_PDF_H
#define NB_PDF_H

#include "doc.h"

typedef struct nb_pdf_options {
    const char *creator;      /* "nianbao 0.1.0" */
    long long epoch;          /* creation date, seconds (SOURCE_DATE_EPOCH);
                                 < 0: no date written at all */
    bool compress;            /* deflate streams (default true) */
    bool hb_subset_only;      /* every font through hb-subset, none through
                                 cffsubset.c (for tests that compare them) */
    const struct nb_temp_registry *temps;   /* told the temporary's name (outfile.h); may be NULL */
} nb_pdf_options;

/* Writes the whole document to `path` atomically: into a temporary file
 * beside it, renamed over `path` only on success, so a failure never
 * leaves a half-written PDF in place of a good one. */
nb_status nb_pdf_write(nb_diag *diag, const nb_fontset *fonts,
                       const nb_doc *doc, const nb_pdf_options *opts,
                       const char *path);

/* Statistics of the last write for `make bench`. */
typedef struct nb_pdf_stats {
    double pages_ms;          /* content streams (deflating aside) */
    double subset_ms;         /* font programs, widths, CMaps (deflating aside) */
    double deflate_ms;        /* every stream */
    double write_ms;          /* libharu's serialisation and the file */
    size_t font_bytes;        /* embedded font programs, before compression */
    size_t file_bytes;
    int glyphs;               /* distinct glyphs embedded */
} nb_pdf_stats;

nb_status nb_pdf_write_stats(nb_diag *diag, const nb_fontset *fonts,
                             const nb_doc *doc, const nb_pdf_options *opts,
                             const char *path, nb_pdf_stats *stats);

#endif

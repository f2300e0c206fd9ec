/* pdffont.h — pdffont.c, PDF stage (internal to pdf.c): one embedded font
 * per nb_font drawn — a Type0 font with Identity-H encoding over a CID
 * font, subset with hb-subset once every page is laid out. */
#ifndef NB_PDFFONT_H
#define NB_PDFFONT_H

#include "font.h"
#include "pdfout.h"

#include <hpdf.h>

typedef struct nb_pdf_font {
    const nb_font *font;
    HPDF_Dict type0, cidfont, descriptor;
    uint32_t *text_ref;      /* per glyph id: 1 + offset of its text in pool, 0 unused */
    unsigned nglyphs;
    char *pool;              /* NUL-separated UTF-8 texts of the glyphs */
    size_t pool_len, pool_cap;
    int used;                /* distinct glyphs drawn */
    uint32_t *gids;          /* the used glyph ids (in the order first drawn;
                                ascending once nb_pdffont_finish starts) */
    int gids_cap;
    size_t program_bytes;    /* embedded font program, before compression */
    bool hb_subset_only;     /* never cffsubset.c (set by the caller) */
    bool nomem;              /* a glyph's text could not be kept: finishing fails
                                rather than embed a subset without it */
} nb_pdf_font;

/* Creates the font's dictionaries (so that pages can name it); their
 * contents are completed by nb_pdffont_finish. */
bool nb_pdffont_init(nb_pdf_font *pf, const nb_font *font, HPDF_Doc doc);
void nb_pdffont_fini(nb_pdf_font *pf);

/* Records that glyph `gid` is drawn standing for text[0..len) and returns
 * the code to write in the content stream (a CID). */
uint32_t nb_pdffont_use(nb_pdf_font *pf, uint32_t gid, const char *text, size_t len);

/* Advance of a glyph in 1/1000 em, exactly as written in /W. */
double nb_pdffont_width(const nb_pdf_font *pf, uint32_t gid);

/* Subsets and embeds the font program, writes /W, the descriptor and the
 * subset-tagged names; streams are deflated with `d` (NULL: left
 * uncompressed). */
nb_status nb_pdffont_finish(nb_pdf_font *pf, nb_diag *diag, HPDF_Doc doc, nb_deflater *d);

/* Writes the ToUnicode CMaps of the finished fonts among fonts[0..n)
 * (those with a type0): fonts whose codes never stand for different texts
 * share one CMap — the Fandol faces all draw Adobe-GB1 CIDs, so a report
 * needs one instead of five (seed 001: 2.4 KB instead of 3.9 KB deflated,
 * and four stream objects fewer).  Each font joins the first CMap its
 * codes agree with, in font order: the same fonts give the same bytes. */
nb_status nb_pdffont_write_tounicode(nb_pdf_font *fonts, int n, HPDF_Doc doc, nb_deflater *d);

#endif

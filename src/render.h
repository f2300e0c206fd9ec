/* render.h — render.c, the pipeline's driver for one report: input →
 * model → check → layout (style, fonts, paragraphs, tables, pages) → PDF.
 * main.c calls it; batch rendering will call it once per report. */
#ifndef NB_RENDER_H
#define NB_RENDER_H

#include "nb.h"

typedef struct nb_render_options {
    const char *data_dir;     /* holds layouts/ and fonts/ */
    const char *layout;       /* style name ("gbt9704") or a file path */
    const char *input;        /* the report file */
    const char *output;       /* the PDF to write */
    bool bench;               /* print stage timings to stderr */
} nb_render_options;

/* NB_OK, NB_ERR_DATA (input breaks the rules: no PDF written), or another
 * status for usage/IO/font/layout/PDF failures.  Messages go to diag. */
nb_status nb_render(nb_diag *diag, const nb_render_options *opts);

#endif

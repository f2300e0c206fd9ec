/* import.h — import*.c, the way in: a published report (the Word file an
 * office filled in, the published PDF, or text copied from a web page) →
 * an input file (YAML) for the rest of the pipeline.
 *
 * Each reader (import_txt.c, import_pdf.c, import_docx.c) turns its source
 * into the same plain model, an nb_import_doc: lines of text, each a
 * paragraph, a wrapped piece of one, or a table row whose cells are
 * separated by tabs.  import.c then finds the six sections by the form's
 * headings, rejoins paragraphs, recognises sub-headings, reads the three
 * tables by the form's labels and writes the YAML.  Every number that cannot
 * be placed with confidence is reported with its place and marked in the
 * YAML with a `# 未能确定` comment. */
#ifndef NB_IMPORT_H
#define NB_IMPORT_H

#include "model.h"

typedef struct nb_import_line {
    const char *text;   /* UTF-8; table cells separated by '\t' */
    int line;           /* where it was in the source: line, paragraph or
                           line of the page (1-based) */
    int page;           /* page of a PDF (1-based), else 0 */
    bool joins;         /* continues the paragraph of the line before */
    bool bold;          /* set in bold throughout (a heading hint) */
} nb_import_line;

typedef struct nb_import_doc {
    const char *file;   /* the source's name, for messages */
    nb_arena *arena;
    nb_import_line *lines;
    int nlines, cap;
} nb_import_doc;

void nb_import_doc_init(nb_import_doc *doc, nb_arena *arena, const char *file);
/* Appends a copy of text[0..len). */
nb_status nb_import_doc_add(nb_import_doc *doc, const char *text, size_t len,
                            int line, bool joins);

/* The readers.  Each fills `doc`; problems go into `diag`. */
nb_status nb_import_txt_buffer(nb_diag *diag, const char *data, size_t len,
                               nb_import_doc *doc);
nb_status nb_import_pdf_read(nb_diag *diag, const char *path, nb_import_doc *doc);
nb_status nb_import_docx_read(nb_diag *diag, const char *path, nb_import_doc *doc);

/* The model → the input file's text (NUL-terminated, in the arena).
 * NB_ERR_DATA when a number or section could not be placed with confidence
 * (the YAML is still written, marked); NB_OK otherwise. */
nb_status nb_import_to_yaml(nb_diag *diag, const nb_form *form,
                            const nb_import_doc *doc, char **yaml);

/* A file by its extension (.txt, .pdf, .docx) → YAML. */
nb_status nb_import_file(nb_diag *diag, nb_arena *arena, const nb_form *form,
                         const char *path, char **yaml);

/* Text in memory → YAML, touching no file: the entry point for fuzzing. */
nb_status nb_import_txt_to_yaml(nb_diag *diag, nb_arena *arena,
                                const nb_form *form, const char *data,
                                size_t len, char **yaml);

#endif

/* import_pdf.c — import stage, reader: a PDF's text layer → nb_import_doc
 * (poppler-glib). */
#include "import_util.h"

nb_status nb_import_pdf_read(nb_diag *diag, const char *path, nb_import_doc *doc)
{
    nb_diag_error(diag, (nb_span){path, 0, 0}, "暂不支持导入 PDF");
    return NB_ERR_USAGE;
}

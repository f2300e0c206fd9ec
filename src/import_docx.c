/* import_docx.c — import stage, reader: a Word file (.docx) → nb_import_doc
 * (libzip + libxml2). */
#include "import_util.h"

nb_status nb_import_docx_read(nb_diag *diag, const char *path, nb_import_doc *doc)
{
    nb_diag_error(diag, (nb_span){path, 0, 0}, "暂不支持导入 Word 文件");
    return NB_ERR_USAGE;
}

/* render.c — placeholder until the layout engine lands (owned by the
 * layout work): the driver of input → check → layout → PDF. */
#include "render.h"

nb_status nb_render(nb_diag *diag, const nb_render_options *opts)
{
    nb_diag_error(diag, (nb_span){opts->input, 0, 0}, "render 尚不可用");
    return NB_ERR_USAGE;
}

/* fontfind.h — fontfind.c, layout stage: a font named in a page style by
 * its family as installed on the system ("family:方正小标宋简体"), found
 * through fontconfig.  The bundled fonts stay the default; this is for an
 * office that has its own licensed faces. */
#ifndef NB_FONTFIND_H
#define NB_FONTFIND_H

#include "nb.h"

/* The prefix of such a font entry in a style's `fonts:` list. */
#define NB_FONT_FAMILY_PREFIX "family:"

/* The file and face index of `name` ("方正小标宋简体", or with fontconfig
 * properties: "Noto Serif CJK SC:style=Bold").  Only a font whose family
 * is the one asked for counts (fontconfig would otherwise substitute a
 * look-alike): false when the system has none. */
bool nb_fontfind_family(const char *name, char *path, size_t cap, unsigned *index);

#endif

/* fontfind.c — layout stage: a family name → the font file fontconfig has
 * for it, for font.c when a style names "family:…" instead of a file.
 * fontconfig always answers with its best match; a match whose families
 * do not include the name asked for is refused, so that a missing
 * 方正小标宋 is an error, not a silent substitute. */
#include "fontfind.h"

#include <fontconfig/fontconfig.h>
#include <string.h>

static bool has_family(FcPattern *font, const char *family)
{
    FcChar8 *name;
    for (int i = 0; FcPatternGetString(font, FC_FAMILY, i, &name) == FcResultMatch; i++)
        if (FcStrCmpIgnoreCase(name, (const FcChar8 *)family) == 0)
            return true;
    return false;
}

bool nb_fontfind_family(const char *name, char *path, size_t cap, unsigned *index)
{
    FcConfig *config = FcInitLoadConfigAndFonts();
    FcPattern *want = config ? FcNameParse((const FcChar8 *)name) : NULL;
    FcChar8 *family = NULL;
    bool found = false;
    if (want && FcPatternGetString(want, FC_FAMILY, 0, &family) == FcResultMatch) {
        char asked[256];
        snprintf(asked, sizeof asked, "%s", (const char *)family);
        FcConfigSubstitute(config, want, FcMatchPattern);
        FcDefaultSubstitute(want);
        FcResult result;
        FcPattern *font = FcFontMatch(config, want, &result);
        FcChar8 *file;
        int face = 0;
        if (font && has_family(font, asked) &&
            FcPatternGetString(font, FC_FILE, 0, &file) == FcResultMatch) {
            FcPatternGetInteger(font, FC_INDEX, 0, &face);
            snprintf(path, cap, "%s", (const char *)file);
            *index = (unsigned)(face & 0xFFFF);
            found = true;
        }
        if (font)
            FcPatternDestroy(font);
    }
    if (want)
        FcPatternDestroy(want);
    if (config)
        FcConfigDestroy(config);
    return found;
}

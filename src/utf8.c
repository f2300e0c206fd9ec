/* utf8.c — shared basics: the one UTF-8 decoder and UTF-16 encoder of the
 * program (input validation, key matching, line breaking, PDF strings). */
#include "utf8.h"

#include <string.h>

int nb_utf8_valid_length(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || (size_t)len > left || (len == 2 && c < 0xC2))
        return 0;
    for (int i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (len == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0)))
        return 0;   /* overlong or surrogate */
    if (len == 4 && ((c == 0xF0 && s[1] < 0x90) || c > 0xF4 || (c == 0xF4 && s[1] >= 0x90)))
        return 0;
    return len;
}

int nb_utf8_decode(const char *s, size_t left, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    int len = nb_utf8_valid_length(p, left);
    if (len == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t v = len == 1 ? p[0] : p[0] & (0x7Fu >> len);
    for (int i = 1; i < len; i++)
        v = (v << 6) | (p[i] & 0x3F);
    *cp = v;
    return len;
}

int nb_utf16_encode(uint32_t cp, uint16_t out[2])
{
    if (cp < 0x10000) {
        out[0] = (uint16_t)cp;
        return 1;
    }
    cp -= 0x10000;
    out[0] = (uint16_t)(0xD800 + (cp >> 10));
    out[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
    return 2;
}

int nb_utf8_encode(uint32_t cp, char out[5])
{
    int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    static const unsigned char lead[] = {0, 0x00, 0xC0, 0xE0, 0xF0};
    for (int k = n - 1; k > 0; k--, cp >>= 6)
        out[k] = (char)(0x80 | (cp & 0x3F));
    out[0] = (char)(lead[n] | cp);
    out[n] = '\0';
    return n;
}

/* East Asian Width W and F (UAX #11), in the blocks Chinese text uses. */
static bool is_wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

int nb_utf8_columns(const char *s)
{
    int cols = 0;
    size_t left = strlen(s);
    while (left > 0) {
        uint32_t c;
        int n = nb_utf8_decode(s, left, &c);
        cols += is_wide(c) ? 2 : 1;
        s += n;
        left -= (size_t)n;
    }
    return cols;
}

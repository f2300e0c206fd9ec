/* linebreak.c — layout stage: break opportunities of a text.  libunibreak
 * gives UAX #14 with the Chinese tailoring ("zh"); on top of it we apply
 * what clreq / GB/T 15834 and official documents require and UAX #14
 * leaves open: no closing mark at a line start and no opening mark at a
 * line end (quotes included, which UAX #14 treats as ambiguous), a number
 * never parted from its unit (2021年, 4件, 0.5万元, 100%), and no break
 * inside a run of Latin letters, digits and symbols — words, numbers,
 * dates and URLs stay whole. */
#include "linebreak.h"
#include "mem.h"
#include "utf8.h"

#include <linebreak.h>
#include <stdlib.h>
#include <string.h>

static bool in_list(uint32_t c, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == c)
            return true;
    return false;
}

bool nb_linebreak_is_closing(uint32_t c)
{
    static const uint32_t closing[] = {
        0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D, 0x300F,
        0x201D, 0x2019, 0x300B, 0x3009, 0x3011, 0x3015, 0xFF3D, 0xFF5D, 0xFF0E, 0x3017,
        0x3019, 0xFF05, 0x00B7, 0x30FB, 0x2026, 0x2025,
        ',', '.', ';', ':', '?', '!', ')', ']', '}', '%'};
    return in_list(c, closing, sizeof closing / sizeof *closing);
}

bool nb_linebreak_is_opening(uint32_t c)
{
    static const uint32_t opening[] = {
        0xFF08, 0x300C, 0x300E, 0x201C, 0x2018, 0x300A, 0x3008, 0x3010, 0x3014, 0xFF3B,
        0xFF5B, 0x3016, 0x3018, '(', '[', '{'};
    return in_list(c, opening, sizeof opening / sizeof *opening);
}

static bool is_unit(uint32_t c)
{
    /* The measure words and units that follow numbers in these reports. */
    static const char units[] =
        "年月日时分秒条件万亿元个次篇号项人名家户岁天期页章节款余多份倍类批场处位亩米届轮季度周组台套";
    if (c == '%' || c == 0xFF05 || c == 0x2030)
        return true;
    for (size_t i = 0; units[i];) {
        uint32_t u;
        i += (size_t)nb_utf8_decode(units + i, sizeof units - 1 - i, &u);
        if (u == c)
            return true;
    }
    return false;
}

static bool is_word_char(uint32_t c)
{
    return c > 0x20 && c < 0x7F;
}

static bool is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static bool forbidden_between(uint32_t a, uint32_t b)
{
    if (nb_linebreak_is_closing(b) || nb_linebreak_is_opening(a))
        return true;
    if (is_word_char(a) && is_word_char(b))
        return true;
    if (is_digit(a) && is_unit(b))
        return true;
    /* …… and —— are one mark each and never split. */
    return a == b && (a == 0x2026 || a == 0x2014 || a == 0x2E3A);
}

/* libunibreak 1.1 takes U+FFFF (a valid, if unassigned, character a font
 * may map) for its end-of-text mark and aborts on an assertion: it is
 * given U+FFFD instead, of the same three bytes.  NULL if out of memory. */
static const char *find_ffff(const char *s, const char *end)
{
    for (; (s = memchr(s, 0xEF, (size_t)(end - s))) && end - s >= 3; s++)
        if (s[1] == '\xBF' && s[2] == '\xBF')
            return s;
    return NULL;
}

static const char *without_ffff(const char *text, size_t len, char **copy)
{
    *copy = NULL;
    if (!find_ffff(text, text + len))
        return text;
    if (!(*copy = nb_malloc(len)))
        return NULL;
    memcpy(*copy, text, len);
    for (char *p = *copy; (p = (char *)find_ffff(p, *copy + len)); p += 3)
        p[2] = '\xBD';
    return *copy;
}

bool nb_linebreak_find(const char *text, size_t len, unsigned char *brk)
{
    memset(brk, NB_BREAK_NO, len + 1);
    if (len == 0)
        return true;
    char *copy;
    const char *given = without_ffff(text, len, &copy);
    char *after = given ? nb_malloc(len) : NULL;   /* libunibreak: status of a break after each byte */
    if (!after) {
        nb_free(copy);
        return false;   /* never lines broken only where forced, silently */
    }
    set_linebreaks_utf8((const utf8_t *)given, len, "zh", after);
    nb_free(copy);
    uint32_t prev = 0;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        int n = nb_utf8_decode(text + i, len - i, &c);
        if (i > 0) {
            char st = after[i - 1];
            if (st == LINEBREAK_MUSTBREAK)
                brk[i] = NB_BREAK_MUST;
            else if (st == LINEBREAK_ALLOWBREAK && !forbidden_between(prev, c))
                brk[i] = NB_BREAK_ALLOW;
        }
        prev = c;
        i += (size_t)n;
    }
    nb_free(after);
    return true;
}

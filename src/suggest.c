/* suggest.c — shared basics: the nearest known name to a misspelt key
 * (edit distance over characters, not bytes), for the "您是否想写" hints
 * of input.c and style.c. */
#include "suggest.h"
#include "utf8.h"

#include <string.h>

static int decode_all(const char *s, uint32_t *out, int max)
{
    int n = 0;
    size_t left = strlen(s);
    while (left > 0 && n < max) {
        int k = nb_utf8_decode(s, left, &out[n++]);
        s += k;
        left -= (size_t)k;
    }
    return n;
}

static int edit_distance(const char *a, const char *b)
{
    enum { MAXC = 64 };
    uint32_t ca[MAXC], cb[MAXC];
    int na = decode_all(a, ca, MAXC), nb = decode_all(b, cb, MAXC);
    int prev[MAXC + 1], cur[MAXC + 1];
    for (int j = 0; j <= nb; j++)
        prev[j] = j;
    for (int i = 1; i <= na; i++) {
        cur[0] = i;
        for (int j = 1; j <= nb; j++) {
            int sub = prev[j - 1] + (ca[i - 1] != cb[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
    }
    return prev[nb];
}

static int char_count(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

const char *nb_suggest(const char *key, const char *const *cands, int n)
{
    const char *best = NULL;
    int best_d = 1 << 30;
    for (int i = 0; i < n; i++) {
        int d = edit_distance(key, cands[i]);
        if (strstr(cands[i], key) || strstr(key, cands[i]))
            d = d < 2 ? d : 2;
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    int len = char_count(key);
    return best && best_d <= (len < 4 ? 1 : len / 2) ? best : NULL;
}


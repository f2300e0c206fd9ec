/* fuzz_font.c — libFuzzer target: any bytes as a font file (the seeds are
 * small subsets of the Fandol CFF fonts and of TrueType fonts).  Opened as
 * the only font of a role: a damaged font must be refused with a message
 * (F09), one that opens must give its metrics and CIDs, shape and break a
 * line of the characters it maps, and embed them in a PDF (CFF subsetter,
 * hb-subset, widths, ToUnicode) — never crash, hang or leak. */
#define _GNU_SOURCE
#include "fuzz.h"
#include "page.h"
#include "pdf.h"

#include <sys/mman.h>
#include <unistd.h>

/* Up to 24 characters the font maps, as UTF-8. */
static void mapped_text(const nb_font *f, char *out, size_t cap)
{
    hb_set_t *set = hb_set_create();
    hb_face_collect_unicodes(nb_font_face(f), set);
    size_t n = 0;
    int count = 0;
    for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(set, &c) && count < 24;) {
        if (c < 0x21 || (c >= 0x7F && c < 0xA0) || (c >= 0xD800 && c < 0xE000) || c > 0x10FFFF || n + 5 >= cap)
            continue;
        uint8_t *p = (uint8_t *)out + n;
        if (c < 0x80) { p[0] = (uint8_t)c; n += 1; }
        else if (c < 0x800) { p[0] = 0xC0 | c >> 6; p[1] = 0x80 | (c & 0x3F); n += 2; }
        else if (c < 0x10000) { p[0] = 0xE0 | c >> 12; p[1] = 0x80 | ((c >> 6) & 0x3F); p[2] = 0x80 | (c & 0x3F); n += 3; }
        else { p[0] = 0xF0 | c >> 18; p[1] = 0x80 | ((c >> 12) & 0x3F); p[2] = 0x80 | ((c >> 6) & 0x3F); p[3] = 0x80 | (c & 0x3F); n += 4; }
        count++;
    }
    out[n] = '\0';
    hb_set_destroy(set);
}

static void embed(nb_job *job, const nb_fontset *fonts, const char *text)
{
    nb_text *t = nb_text_new(fonts);
    nb_para_style ps = {0, 12, 400, 0, 0, NB_ALIGN_LEFT, false};
    nb_line *lines = NULL;
    int n = 0;
    if (t && *text &&
        nb_para_layout(t, job->arena, &job->diag, (nb_span){"fuzz", 1, 1}, text, &ps, &lines,
                       &n) == NB_OK && n > 0) {
        nb_doc doc;
        memset(&doc, 0, sizeof doc);
        doc.width = 595;
        doc.height = 842;
        nb_page *page = nb_doc_add_page(&doc, job->arena);
        nb_item *it = page ? nb_page_add_item(page, job->arena) : NULL;
        if (it) {
            *it = (nb_item){.kind = NB_ITEM_TEXT, .x = 72, .y = 100, .line = &lines[0]};
            char out[64];
            snprintf(out, sizeof out, "/dev/shm/nianbao-fuzz-%d.pdf", (int)getpid());
            nb_pdf_options po = {.creator = "fuzz", .epoch = -1, .compress = true};
            nb_pdf_write(&job->diag, fonts, &doc, &po, out);
            unlink(out);
        }
    }
    nb_text_drop(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_run *run = fuzz_run();
    nb_job job;
    if (nb_job_init(&job, run) != NB_OK)
        return 0;
    int fd = memfd_create("fuzz-font", MFD_CLOEXEC);
    if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
        if (fd >= 0)
            close(fd);
        nb_job_fini(&job);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const char *files[] = {path};
    nb_font_role role = {"正文", files, 1, NULL};
    nb_fontset *fonts = NULL;
    if (nb_font_open_set(&job.diag, NULL, &role, 1, &fonts) == NB_OK) {
        const nb_font *f = nb_font_at(fonts, 0);
        const nb_font_metrics *m = nb_font_info(f);
        for (uint32_t g = 0; g < 64; g++)
            (void)nb_font_cid(f, g);
        char text[128];
        mapped_text(f, text, sizeof text);
        if (m->complete)
            embed(&job, fonts, text);
        nb_font_drop_set(fonts);
    }
    close(fd);
    nb_diag_print(&job.diag, fuzz_sink());
    nb_job_fini(&job);
    return 0;
}

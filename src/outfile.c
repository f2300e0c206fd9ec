/* outfile.c — PDF stage: output-path safety and the atomic write (see
 * outfile.h).  The policy: an output that is an input (by device and
 * inode) is refused, so `render a.yaml -o a.yaml` cannot destroy the
 * report; a directory, device, FIFO or socket is refused, never replaced
 * by a regular file; a symbolic link is written through (its target
 * replaced atomically, the link kept), as editors do; a dangling link is
 * refused.  The temporary is `NAME.tmp.XXXXXX` beside the target, or
 * `.nbXXXXXX` when that would pass NAME_MAX. */
#include "outfile.h"
#include "mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_words(mode_t mode)
{
    if (S_ISDIR(mode))
        return "是一个目录";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "是一个设备文件";
    if (S_ISFIFO(mode))
        return "是一个管道（FIFO）";
    if (S_ISSOCK(mode))
        return "是一个套接字";
    return "不是普通文件";
}

nb_status nb_outfile_check(nb_diag *diag, const char *path, const char *const *inputs)
{
    nb_span at = {path, 0, 0};
    struct stat ls, st;
    if (lstat(path, &ls) != 0)
        return NB_OK;   /* a new file */
    if (stat(path, &st) != 0) {
        nb_diag_error(diag, at, "输出路径是一个符号链接，但它指向的文件不存在");
        nb_diag_hint(diag, "请删除这个链接，或给出另一个输出文件名");
        return NB_ERR_USAGE;
    }
    if (!S_ISREG(st.st_mode)) {
        nb_diag_error(diag, at, "输出路径%s，不能写成 PDF 文件", kind_words(st.st_mode));
        nb_diag_hint(diag, S_ISDIR(st.st_mode) ? "请给出 PDF 文件名，如 目录/报告.pdf"
                                               : "请给出一个普通文件的名称，如 报告.pdf");
        return NB_ERR_USAGE;
    }
    for (int i = 0; inputs && inputs[i]; i++) {
        struct stat in;
        if (stat(inputs[i], &in) == 0 && in.st_dev == st.st_dev && in.st_ino == st.st_ino) {
            nb_diag_error(diag, at, "输出文件就是输入文件「%s」，写入会毁掉它", inputs[i]);
            nb_diag_hint(diag, "请另取一个输出文件名");
            return NB_ERR_USAGE;
        }
    }
    return NB_OK;
}

/* The file a path names, through symbolic links (NULL: the path itself).
 * Allocated by realpath. */
static char *link_target(const char *path)
{
    struct stat ls;
    if (lstat(path, &ls) != 0 || !S_ISLNK(ls.st_mode))
        return NULL;
    return realpath(path, NULL);
}

static char *temp_name(const char *target)
{
    static const char tail[] = ".tmp.XXXXXX";
    const char *slash = strrchr(target, '/');
    size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
    size_t baselen = strlen(target) - dirlen;
    bool fits = baselen + sizeof tail - 1 <= NAME_MAX;
    char *t = nb_malloc(strlen(target) + sizeof tail + 8);
    if (!t)
        return NULL;
    memcpy(t, target, dirlen);
    if (fits)
        snprintf(t + dirlen, baselen + sizeof tail, "%s%s", target + dirlen, tail);
    else
        snprintf(t + dirlen, 10, ".nbXXXXXX");
    return t;
}

/* The six X's replaced by random letters and digits. */
static void randomize(char *t)
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        static _Atomic unsigned counter;   /* a fallback: distinct in this process */
        unsigned v = (unsigned)getpid() * 2654435761u + ++counter * 40503u;
        for (int i = 0; i < 6; i++, v /= 62)
            r[i] = (unsigned char)(v % 62);
    }
    char *x = t + strlen(t) - 6;
    for (int i = 0; i < 6; i++)
        x[i] = alphabet[r[i] % 62];
}

static void publish(const nb_temp_registry *temps, const char *path)
{
    if (temps && temps->publish)
        temps->publish(temps->user, path);
}

/* Creates the temporary, named to the registry before it exists, so that
 * there is no moment when it exists unnamed. */
static int create_temp(char *t, const nb_temp_registry *temps)
{
    for (int tries = 0; tries < 100; tries++) {
        randomize(t);
        publish(temps, t);
        int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

nb_status nb_outfile_write_all(int fd, const void *data, size_t n)
{
    const unsigned char *p = data;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return NB_ERR_IO;
        p += k;
        n -= (size_t)k;
    }
    return NB_OK;
}

nb_status nb_outfile_write(nb_diag *diag, const char *path, nb_outfile_fill fill, void *user,
                           const nb_temp_registry *temps)
{
    nb_status st = nb_outfile_check(diag, path, NULL);
    if (st != NB_OK)
        return st;
    char *resolved = link_target(path);
    const char *target = resolved ? resolved : path;
    char *tmp = temp_name(target);
    if (!tmp) {
        nb_free(resolved);
        return NB_ERR_NOMEM;
    }
    int fd = create_temp(tmp, temps);
    int err = errno;
    /* The temporary is private (0600); a report keeps the mode of the file
     * it replaces, or gets the usual 0644. */
    struct stat old;
    if (fd >= 0)
        fchmod(fd, stat(target, &old) == 0 ? (old.st_mode & 07777) : 0644);
    st = fd < 0 ? NB_ERR_IO : fill(fd, user);
    if (fd >= 0 && st == NB_OK && fsync(fd) != 0)
        st = NB_ERR_IO;
    if (st != NB_OK)
        err = errno;
    if (fd >= 0 && close(fd) != 0 && st == NB_OK) {
        st = NB_ERR_IO;
        err = errno;
    }
    if (st == NB_OK && rename(tmp, target) != 0) {
        st = NB_ERR_IO;
        err = errno;
    }
    if (st != NB_OK) {
        nb_diag_error(diag, (nb_span){path, 0, 0}, "无法写入 PDF：%s", nb_errno_str(err));
        if (fd >= 0)
            unlink(tmp);
    }
    publish(temps, NULL);
    nb_free(tmp);
    nb_free(resolved);
    return st;
}

/* outfile.h — outfile.c, PDF stage: where a finished file may go and how
 * it gets there.  A PDF is written into a temporary file beside its
 * target and renamed over it, so a failure or a signal never leaves a
 * half-written file in its place; the temporary's name is published to a
 * registry the caller passes in (main.c's signal handler removes it). */
#ifndef NB_OUTFILE_H
#define NB_OUTFILE_H

#include "nb.h"

/* Told the temporary's path just before the file is created, and NULL
 * once it is gone (renamed or removed).  Called from the writing thread;
 * `publish` must be quick (main.c copies the name with signals blocked). */
typedef struct nb_temp_registry {
    void (*publish)(void *user, const char *temp_path);
    void *user;
} nb_temp_registry;

/* Refuses an output path that must not be replaced: a directory, a device,
 * FIFO or socket, a symbolic link to nothing, or the same file (device and
 * inode: also through hard or symbolic links) as one of `inputs`
 * (NULL-terminated; entries may be NULL-skipped by `ninputs` < 0).  A
 * symbolic link to a regular file is fine: its target is replaced and the
 * link kept.  NB_OK or NB_ERR_USAGE with a message. */
nb_status nb_outfile_check(nb_diag *diag, const char *path, const char *const *inputs);

/* Writes the file's bytes to the open temporary. */
typedef nb_status (*nb_outfile_fill)(int fd, void *user);

/* `path` written atomically by `fill`, keeping the mode of the file it
 * replaces (else 0644).  `temps` may be NULL. */
nb_status nb_outfile_write(nb_diag *diag, const char *path, nb_outfile_fill fill, void *user,
                           const nb_temp_registry *temps);
/* All of n bytes to fd, through EINTR and short writes (for fill functions). */
nb_status nb_outfile_write_all(int fd, const void *data, size_t n);

#endif

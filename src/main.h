/* main.h — the command line's own shared parts (main.c and main_*.c, one
 * file per larger command).  Not part of the library: these files may
 * print, exit, read the environment and the clock; nothing below them may. */
#ifndef NB_MAIN_H
#define NB_MAIN_H

#include "run.h"

#include <limits.h>

enum { EXIT_DATA = 1, EXIT_ENV = 2 };

typedef struct cli {
    nb_diag diag;
    char data_dir[PATH_MAX];
} cli;

extern const char usage_text[];

/* 0 ok, 1 the data is wrong, 2 usage, I/O or internal error. */
int exit_code(nb_status st);
/* Opens the run context with the page style `layout` (NULL: gbt9704),
 * printing what went wrong. */
nb_status open_run(cli *c, const char *layout, nb_run **run);

int cmd_batch(cli *c, int argc, char **argv);   /* main_batch.c */
int cmd_sum(cli *c, int argc, char **argv);     /* main_sum.c */

#endif

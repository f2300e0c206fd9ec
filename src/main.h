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
    bool json;               /* --json: diagnostics as one JSON array on stdout */
    bool json_started;       /* its first item was written */
} cli;

/* Prints a diagnostics list: text to stderr, or JSON items with --json. */
void cli_print_diag(cli *c, const nb_diag *d);

/* ---- options (main_opts.c) -------------------------------------------- */

/* One option of a command: `--lng`, `-shrt` (either may be absent). */
typedef struct nb_cli_opt {
    const char *lng;
    char shrt;
    bool takes;              /* takes a value: `--lng V`, `--lng=V`, `-sV` */
    const char *what;        /* the value's name in messages ("机关名称") */
} nb_cli_opt;

typedef struct nb_cli_args {
    const char *cmd;         /* "render", for messages */
    const nb_cli_opt *opts;  /* ends with an all-zero entry */
    int argc;
    char **argv;
    int i;
    bool operands_only;      /* after `--` */
} nb_cli_args;

enum { NB_CLI_OPERAND = -1, NB_CLI_DONE = -2, NB_CLI_BAD = -3, NB_CLI_HELP = -4 };

/* The next option (its index in opts, with *value for one that takes a
 * value), an operand (*value; a lone "-" is one), NB_CLI_HELP for
 * --help/-h, NB_CLI_DONE, or NB_CLI_BAD after printing why. */
int nb_cli_next(nb_cli_args *a, const char **value);

extern const char usage_text[];

/* 0 ok, 1 the data is wrong, 2 usage, I/O or internal error. */
int exit_code(nb_status st);
/* Opens the run context with the page style `layout` (NULL: gbt9704),
 * printing what went wrong. */
nb_status open_run(cli *c, const char *layout, nb_run **run);

/* When a proof says it was made: SOURCE_DATE_EPOCH when set, else now. */
const char *generation_time(char *buf, size_t cap);

/* Says "out of memory" for a stage that ran out with no room left to say so. */
void cli_say_out_of_memory(nb_diag *d, nb_status st, const char *file);
/* Closes the --json array (even when empty); returns rc. */
int cli_finish_json(cli *c, int rc);
/* A usage mistake of `cmd`, said with where to find the usage; returns 2. */
int cli_usage_error(const char *cmd, const char *what);
/* This year by the clock (UTC). */
int cli_this_year(void);

int cmd_check(cli *c, int argc, char **argv);   /* main_check.c */
int cmd_render(cli *c, int argc, char **argv);  /* main_render.c */
int cmd_init(cli *c, int argc, char **argv);    /* main_init.c */
int cmd_batch(cli *c, int argc, char **argv);   /* main_batch.c */
int cmd_sum(cli *c, int argc, char **argv);     /* main_sum.c */
int cmd_fonts(cli *c, int argc, char **argv);   /* main_fonts.c */
int cmd_import(cli *c, int argc, char **argv);  /* main_import.c */

#endif

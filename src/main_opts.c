/* main_opts.c — the command line's one option parser, shared by every
 * command (main.c, main_*.c): `-o FILE`, `-oFILE`, `--output FILE`,
 * `--output=FILE`, flags, `--` ending the options, and a lone `-` as an
 * operand (standard input or output).  An unknown option, a missing value
 * (`--body` at the end) and a value given to a flag are named, in Chinese,
 * with the command's name and where to find its help. */
#include "main.h"

#include <string.h>

static void complain(const nb_cli_args *a, const char *what, const char *arg)
{
    fprintf(stderr, "nianbao %s: %s「%s」\n（`nianbao %s --help` 查看用法）\n", a->cmd, what, arg,
            a->cmd);
}

static int find_long(const nb_cli_args *a, const char *name, size_t len)
{
    for (int k = 0; a->opts[k].lng || a->opts[k].shrt; k++)
        if (a->opts[k].lng && strlen(a->opts[k].lng) == len && !strncmp(a->opts[k].lng, name, len))
            return k;
    return -1;
}

static int find_short(const nb_cli_args *a, char c)
{
    for (int k = 0; a->opts[k].lng || a->opts[k].shrt; k++)
        if (a->opts[k].shrt == c)
            return k;
    return -1;
}

/* The value of option k: glued (`=v`, `-ov`) or the next argument. */
static int take_value(nb_cli_args *a, int k, const char *glued, const char *arg,
                      const char **value)
{
    if (!a->opts[k].takes) {
        if (glued) {
            complain(a, "这个选项不带值：", arg);
            return NB_CLI_BAD;
        }
        return k;
    }
    if (glued) {
        *value = glued;
        return k;
    }
    if (a->i >= a->argc) {
        fprintf(stderr, "nianbao %s: 选项「%s」缺少值（%s）\n（`nianbao %s --help` 查看用法）\n",
                a->cmd, arg, a->opts[k].what ? a->opts[k].what : "值", a->cmd);
        return NB_CLI_BAD;
    }
    *value = a->argv[a->i++];
    return k;
}

int nb_cli_next(nb_cli_args *a, const char **value)
{
    *value = NULL;
    if (a->i >= a->argc)
        return NB_CLI_DONE;
    const char *arg = a->argv[a->i++];
    if (a->operands_only || arg[0] != '-' || arg[1] == '\0') {
        *value = arg;
        return NB_CLI_OPERAND;
    }
    if (!strcmp(arg, "--")) {
        a->operands_only = true;
        return nb_cli_next(a, value);
    }
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
        return NB_CLI_HELP;
    if (arg[1] == '-') {
        const char *name = arg + 2, *eq = strchr(name, '=');
        int k = find_long(a, name, eq ? (size_t)(eq - name) : strlen(name));
        if (k < 0) {
            complain(a, "无法识别的选项", arg);
            return NB_CLI_BAD;
        }
        return take_value(a, k, eq ? eq + 1 : NULL, arg, value);
    }
    int k = find_short(a, arg[1]);
    if (k < 0) {
        complain(a, "无法识别的选项", arg);
        return NB_CLI_BAD;
    }
    return take_value(a, k, arg[2] ? arg + 2 : NULL, arg, value);
}

/* custkit.c — the dispatcher: `custkit COMMAND [ARGS]`, like git. One table of commands;
 * each lives in cmd/<name>.c as cmd_<name>(argc, argv). */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

static const struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"import", cmd_import, "read CSV, TSV or XLSX (any encoding) and write canonical CSV"},
    {"clean", cmd_clean, "normalise, validate and deduplicate; roll up orders"},
    {"tag", cmd_tag, "add tag columns from a rules file"},
    {"segment", cmd_segment, "assign value tiers, RFM, RFM8 or lifecycle segments"},
    {"export", cmd_export, "write the Excel report, one sheet per segment"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: custkit COMMAND [OPTIONS] [FILE...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "  %-8s %s\n", "help", "show the manual page of custkit or of a command");
    fprintf(out, "\nThe pipeline:\n"
                 "  custkit import customers.xlsx | custkit clean --orders orders.csv \\\n"
                 "    | custkit tag -r tags.rules | custkit segment --by rfm \\\n"
                 "    | custkit export -o report.xlsx\n");
}

int main(int argc, char **argv)
{
    /* Numbers are parsed and printed the same whatever the user's locale. */
    setlocale(LC_ALL, "C");
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("custkit %s\n", CK_VERSION);
        return 0;
    }
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "help") == 0) {
        if (argc < 3)
            return ck_show_help(NULL);
        for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
            if (strcmp(argv[2], commands[i].name) == 0)
                return ck_show_help(argv[2]);
        if (strcmp(argv[2], "rules") == 0)
            return ck_show_help("rules");
        ck_msg(NULL, "no help for '%s'", argv[2]);
        return 2;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    ck_msg(NULL, "'%s' is not a custkit command", name);
    usage(stderr);
    return 2;
}

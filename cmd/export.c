/* export.c — placeholder until `custkit export` lands (see the README's command table). */
#include "common.h"

int cmd_export(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ck_msg("export", "not built yet in this version of custkit");
    return 2;
}

/* clean.c — placeholder until `custkit clean` lands (see the README's command table). */
#include "common.h"

int cmd_clean(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ck_msg("clean", "not built yet in this version of custkit");
    return 2;
}

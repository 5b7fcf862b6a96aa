/* tag.c — placeholder until `custkit tag` lands (see the README's command table). */
#include "common.h"

int cmd_tag(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ck_msg("tag", "not built yet in this version of custkit");
    return 2;
}

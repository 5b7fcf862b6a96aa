/* segment.c — placeholder until `custkit segment` lands (see the README's command table). */
#include "common.h"

int cmd_segment(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    ck_msg("segment", "not built yet in this version of custkit");
    return 2;
}

/* segment_compare.h — `segment --compare`: the customers of this run matched with those of a
 * previous run's output, the movement of each between tiers, and those who disappeared. */
#ifndef CK_SEGMENT_COMPARE_H
#define CK_SEGMENT_COMPARE_H

#include <stddef.h>

#include "segment/segment.h"
/* One comparison. Of the current rows it keeps only id, phone and email (keys), of the
 * previous file only id, phone, email, segment and segment_rank (prev), so memory stays small
 * whatever the tables' width. Set up with ck_seg_compare_init, freed with ck_seg_compare_free. */
struct ck_seg_compare {
    const char *path;         /* the previous output, as named in messages (not owned) */
    struct ck_roles cur_roles; /* the current table's roles (columns of its rows) */
    struct ck_table keys;      /* current rows: id, phone, email */
    struct ck_roles key_roles;
    struct ck_table prev;      /* previous rows: id, phone, email, segment, segment_rank */
    struct ck_roles prev_roles;
    long prev_seg_col, prev_rank_col; /* columns of prev; rank -1 when the file has none */
    long *match;                      /* per current row: its previous row, or -1 */
    unsigned char *prev_seen;         /* per previous row: 1 when a current row matched it */
    size_t moves[CK_MOVE_COUNT];      /* after ck_seg_compare_count */
    size_t disappeared;               /* previous rows no current row matched */
};

/* Start a comparison with the previous output path; cur_roles are the current table's roles
 * (its id, phone and email columns are the ones kept). */
int ck_seg_compare_init(struct ck_seg_compare *sc, const char *path,
                        const struct ck_roles *cur_roles, struct ck_error *e);
/* Keep the keys of one current row: f holds its fields, by the columns of cur_roles. */
int ck_seg_compare_add(struct ck_seg_compare *sc, const char *const *f, struct ck_error *e);
/* Read the previous output (roles by the mappings cols, "ROLE=HEADER", else by its header
 * alone) and match every current row added so far with its rows by id, else phone, else email
 * (ck_seg_match). CK_EUSAGE when the file has no 分层/segment column or nothing to match by. */
int ck_seg_compare_load(struct ck_seg_compare *sc, const char *const *cols, size_t ncols,
                        struct ck_error *e);
/* The previous tier rank (1 = best) of previous row prow: its segment_rank when that is a
 * positive number, else the place of its segment among res's tiers. CK_EUSAGE, naming the
 * file, the line and by (the --by of this run), when neither gives one. */
int ck_seg_compare_rank(const struct ck_seg_compare *sc, size_t prow,
                        const struct ck_seg_result *res, const char *by, long *rank,
                        struct ck_error *e);
/* The previous segment of current row i ("" when new) and its movement (enum ck_seg_move). */
int ck_seg_compare_row(const struct ck_seg_compare *sc, size_t i, const struct ck_seg_result *res,
                       const char *by, const char **previous, int *move, struct ck_error *e);
/* Count the movements of every current row into sc->moves. */
int ck_seg_compare_count(struct ck_seg_compare *sc, const struct ck_seg_result *res,
                         const char *by, struct ck_error *e);
/* Write the previous output's rows that no current row matched (its header first) to lost,
 * reading the file a second time; CK_EINPUT when it has changed since ck_seg_compare_load. */
int ck_seg_compare_write_lost(const struct ck_seg_compare *sc, const char *lost,
                              struct ck_error *e);
void ck_seg_compare_free(struct ck_seg_compare *sc);

#endif

/* segment_compare.c — `segment --compare`: match this run's customers with a previous run's
 * output, count who moved up, down, stayed, appeared and disappeared, and write the lost. */
#include "segment/segment_compare.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The roles a comparison matches customers by, in ck_seg_match's order of preference. */
static const int key_roles_used[3] = {CK_ROLE_ID, CK_ROLE_PHONE, CK_ROLE_EMAIL};

int ck_seg_compare_init(struct ck_seg_compare *sc, const char *path,
                        const struct ck_roles *cur_roles, struct ck_error *e)
{
    static const char *const names[3] = {"id", "phone", "email"};
    size_t len[3] = {2, 5, 5};
    struct ck_row h = {3, (char **)names, len, 1};
    memset(sc, 0, sizeof *sc);
    sc->path = path;
    sc->cur_roles = *cur_roles;
    ck_table_init(&sc->keys);
    ck_table_init(&sc->prev);
    for (int r = 0; r < CK_ROLE_COUNT; r++)
        sc->key_roles.col[r] = sc->prev_roles.col[r] = -1;
    for (int k = 0; k < 3; k++)
        if (cur_roles->col[key_roles_used[k]] >= 0)
            sc->key_roles.col[key_roles_used[k]] = k;
    sc->prev_seg_col = sc->prev_rank_col = -1;
    return ck_table_set_header(&sc->keys, &h, e);
}

int ck_seg_compare_add(struct ck_seg_compare *sc, const char *const *f, struct ck_error *e)
{
    const char *v[3];
    size_t len[3];
    for (int k = 0; k < 3; k++) {
        int c = sc->cur_roles.col[key_roles_used[k]];
        v[k] = c >= 0 ? f[c] : "";
        len[k] = strlen(v[k]);
    }
    struct ck_row row = {3, (char **)v, len, 0};
    return ck_table_append(&sc->keys, &row, e);
}

/* The columns of the previous output a comparison reads: segment and segment_rank, by their
 * names in either language. CK_EUSAGE when it has no segment column. */
static int find_segment_columns(const struct ck_seg_compare *sc, const struct ck_row *h,
                                long *seg, long *rank, struct ck_error *e)
{
    static const char *const seg_names[] = {"分层", "segment"};
    static const char *const rank_names[] = {"分层序号", "segment_rank"};
    *seg = *rank = -1;
    for (size_t c = 0; c < h->n; c++)
        for (int i = 0; i < 2; i++) {
            if (*seg < 0 && strcmp(h->f[c], seg_names[i]) == 0)
                *seg = (long)c;
            if (*rank < 0 && strcmp(h->f[c], rank_names[i]) == 0)
                *rank = (long)c;
        }
    if (*seg < 0)
        return ck_error_set(e, CK_EUSAGE,
                            "--compare: %s has no 分层/segment column; give the output of an "
                            "earlier custkit segment run",
                            sc->path);
    return CK_OK;
}

/* Read the previous output once, keeping of each row what matching and movement need. */
static int read_previous(struct ck_seg_compare *sc, const char *const *cols, size_t ncols,
                         struct ck_error *e)
{
    static const char *const kept[5] = {"id", "phone", "email", "segment", "segment_rank"};
    struct ck_reader *r;
    struct ck_read_opts ro;
    struct ck_roles roles;
    memset(&ro, 0, sizeof ro);
    int rc = ck_reader_open(&r, sc->path, &ro, e);
    if (rc != CK_OK)
        return rc;
    const struct ck_row *h = ck_reader_header(r);
    long seg, rank;
    if (ck_roles_resolve(&roles, h, CK_TABLE_CUSTOMERS, cols, ncols, e) != CK_OK &&
        ck_roles_resolve(&roles, h, CK_TABLE_CUSTOMERS, NULL, 0, e) != CK_OK)
        rc = CK_EUSAGE;
    else
        rc = find_segment_columns(sc, h, &seg, &rank, e);
    if (rc != CK_OK) {
        ck_reader_close(r);
        return rc;
    }
    long src[5] = {roles.col[key_roles_used[0]], roles.col[key_roles_used[1]],
                   roles.col[key_roles_used[2]], seg, rank};
    size_t klen[5];
    for (int k = 0; k < 5; k++)
        klen[k] = strlen(kept[k]);
    struct ck_row kh = {5, (char **)kept, klen, 1};
    rc = ck_table_set_header(&sc->prev, &kh, e);
    for (int k = 0; k < 3; k++)
        if (src[k] >= 0)
            sc->prev_roles.col[key_roles_used[k]] = k;
    sc->prev_seg_col = 3;
    sc->prev_rank_col = rank >= 0 ? 4 : -1;
    while (rc == CK_OK) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(r, &row, e)) != CK_OK || !row)
            break;
        const char *v[5];
        size_t len[5];
        for (int k = 0; k < 5; k++) {
            int in = src[k] >= 0 && (size_t)src[k] < row->n;
            v[k] = in ? row->f[src[k]] : "";
            len[k] = in ? row->len[src[k]] : 0;
        }
        struct ck_row kr = {5, (char **)v, len, row->line};
        rc = ck_table_append(&sc->prev, &kr, e);
    }
    ck_reader_close(r);
    return rc;
}

int ck_seg_compare_load(struct ck_seg_compare *sc, const char *const *cols, size_t ncols,
                        struct ck_error *e)
{
    int rc = read_previous(sc, cols, ncols, e);
    if (rc != CK_OK)
        return rc;
    sc->match = malloc((sc->keys.nrows ? sc->keys.nrows : 1) * sizeof *sc->match);
    sc->prev_seen = calloc(sc->prev.nrows ? sc->prev.nrows : 1, 1);
    if (!sc->match || !sc->prev_seen)
        return ck_error_set(e, CK_ENOMEM, "out of memory");
    rc = ck_seg_match(&sc->keys, &sc->key_roles, &sc->prev, &sc->prev_roles, sc->match,
                      sc->prev_seen, e);
    if (rc != CK_OK) {
        if (rc == CK_EUSAGE) { /* name the file in the message */
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            return ck_error_set(e, rc, "%s (%s)", msg, sc->path);
        }
        return rc;
    }
    sc->disappeared = 0;
    for (size_t j = 0; j < sc->prev.nrows; j++)
        sc->disappeared += !sc->prev_seen[j];
    return CK_OK;
}

int ck_seg_compare_rank(const struct ck_seg_compare *sc, size_t prow,
                        const struct ck_seg_result *res, const char *by, long *rank,
                        struct ck_error *e)
{
    if (sc->prev_rank_col >= 0) {
        const char *s = ck_table_cell(&sc->prev, prow, (size_t)sc->prev_rank_col);
        char *end;
        long v = strtol(s, &end, 10);
        if (end != s && !*end && v > 0) {
            *rank = v;
            return CK_OK;
        }
    }
    const char *name = ck_table_cell(&sc->prev, prow, (size_t)sc->prev_seg_col);
    for (size_t t = 0; t < res->ntiers; t++)
        if (strcmp(res->names[t], name) == 0) {
            *rank = (long)t + 1;
            return CK_OK;
        }
    return ck_error_set(e, CK_EUSAGE,
                        "--compare: %s:%ld: segment '%s' has no segment_rank and is not a tier "
                        "of --by %s",
                        sc->path, sc->prev.lines ? sc->prev.lines[prow] : (long)prow + 2, name,
                        by);
}

int ck_seg_compare_row(const struct ck_seg_compare *sc, size_t i, const struct ck_seg_result *res,
                       const char *by, const char **previous, int *move, struct ck_error *e)
{
    long prow = sc->match[i], prank = 0;
    *previous = "";
    if (prow >= 0) {
        int rc = ck_seg_compare_rank(sc, (size_t)prow, res, by, &prank, e);
        if (rc != CK_OK)
            return rc;
        *previous = ck_table_cell(&sc->prev, (size_t)prow, (size_t)sc->prev_seg_col);
    }
    *move = ck_seg_movement(prank, (long)res->tier[i] + 1);
    return CK_OK;
}

int ck_seg_compare_count(struct ck_seg_compare *sc, const struct ck_seg_result *res,
                         const char *by, struct ck_error *e)
{
    memset(sc->moves, 0, sizeof sc->moves);
    for (size_t i = 0; i < sc->keys.nrows; i++) {
        const char *previous;
        int move;
        if (ck_seg_compare_row(sc, i, res, by, &previous, &move, e) != CK_OK)
            return CK_EUSAGE;
        sc->moves[move]++;
    }
    return CK_OK;
}

int ck_seg_compare_write_lost(const struct ck_seg_compare *sc, const char *lost,
                              struct ck_error *e)
{
    struct ck_reader *r;
    struct ck_writer *w;
    struct ck_read_opts ro;
    memset(&ro, 0, sizeof ro);
    int rc = ck_reader_open(&r, sc->path, &ro, e);
    if (rc != CK_OK)
        return rc;
    rc = ck_writer_open(&w, lost, 0, e);
    if (rc != CK_OK) {
        ck_reader_close(r);
        return rc;
    }
    rc = ck_writer_row_v(w, ck_reader_header(r), e);
    for (size_t j = 0; rc == CK_OK && sc->disappeared; j++) {
        const struct ck_row *row;
        if ((rc = ck_reader_next(r, &row, e)) != CK_OK || !row)
            break;
        if (j >= sc->prev.nrows) {
            rc = ck_error_set(e, CK_EINPUT, "%s changed while it was read", sc->path);
            break;
        }
        if (!sc->prev_seen[j])
            rc = ck_writer_row_v(w, row, e);
    }
    ck_reader_close(r);
    if (rc != CK_OK) {
        ck_writer_abort(w);
        return rc;
    }
    return ck_writer_close(w, e);
}

void ck_seg_compare_free(struct ck_seg_compare *sc)
{
    ck_table_free(&sc->keys);
    ck_table_free(&sc->prev);
    free(sc->match);
    free(sc->prev_seen);
    sc->match = NULL;
    sc->prev_seen = NULL;
}

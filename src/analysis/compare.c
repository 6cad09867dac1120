/* Optimizer comparison (compare.h): stability sets in h from the exact crossings, the best step
 * size from the optimizer of the spectral radius. */
#define _POSIX_C_SOURCE 200809L
#include "ganstab/compare.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"

const char *const ganstab_compare_default_specs[] = {
    "simgd",
    "altgd",
    "extragradient",
    "optimistic",
    "momentum beta=0.5",
    "momentum beta=-0.5",
    "momentum beta=-0.5 variant=alternating",
    "complex-momentum beta=0.8 beta_im=0.3",
    "lookahead base=simgd k=5 alpha=0.5",
    "sga lambda=1",
    "cgd",
    "conopt gamma=1",
};
const size_t ganstab_compare_default_count =
    sizeof ganstab_compare_default_specs / sizeof ganstab_compare_default_specs[0];

void ganstab_compare_options_init(ganstab_compare_options *opt)
{
    opt->from = GANSTAB_COMPARE_DEFAULT_FROM;
    opt->to = GANSTAB_COMPARE_DEFAULT_TO;
    opt->tol = GANSTAB_DEFAULT_TOL;
    opt->scan = 0;
}

/* The verdict at h (the deciding spectrum of c with update.h = h; game: c's, built once). */
static int verdict_at(ganstab_case *c, ganstab_analysis_ctx *game, double h, double tol, size_t n,
                      ganstab_eigenvalue *ev, ganstab_verdict *v, ganstab_error *err)
{
    int rc = ganstab_case_param_set(c, GANSTAB_KEY_UPDATE_H, h, "compare", err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_set(game, GANSTAB_KEY_UPDATE_H, h, "compare", err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_spectrum(game, ev, NULL, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_classify(ev, n, GANSTAB_DYNAMICS_MAP, tol, v, NULL, err);
    return rc;
}

/* One optimizer (c: the case with its [update]) on the game, built once for all of them. */
static int compare_one(ganstab_case *c, ganstab_analysis_ctx *game,
                       const ganstab_compare_options *opt, ganstab_compare_row *row,
                       ganstab_error *err)
{
    row->update = c->update;
    size_t n = 0;
    int rc = ganstab_analysis_ctx_rebase(game, c);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_spectrum_size(game, &n, err);
    if (rc != GANSTAB_OK)
        return rc;
    row->n_op = n;
    ganstab_eigenvalue *ev = calloc(n, sizeof *ev);
    ganstab_crossing *cr = NULL;
    size_t ncr = 0;
    if (ev == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "compare", "out of memory");
    rc = ganstab_analysis_ctx_crossings(game, GANSTAB_KEY_UPDATE_H, opt->from, opt->to, opt->tol,
                                        opt->scan, &cr, &ncr, err);
    /* segment ends: the range's ends and the crossings where the verdict changes */
    double ends[GANSTAB_COMPARE_MAX_SEGMENTS + 1];
    int exact[GANSTAB_COMPARE_MAX_SEGMENTS + 1];
    size_t nends = 0;
    ends[nends] = opt->from;
    exact[nends++] = 0;
    for (size_t i = 0; rc == GANSTAB_OK && i < ncr; i++) {
        if (cr[i].kind != GANSTAB_CROSSING_STABILITY || cr[i].before == cr[i].after ||
            !(cr[i].value > ends[nends - 1]) || !(cr[i].value < opt->to))
            continue;
        if (nends == GANSTAB_COMPARE_MAX_SEGMENTS)
            rc = ganstab_error_set(err, GANSTAB_EINVAL, "compare",
                                   "more than %d verdict changes in h in [%g, %g]",
                                   GANSTAB_COMPARE_MAX_SEGMENTS - 1, opt->from, opt->to);
        else {
            ends[nends] = cr[i].value;
            exact[nends++] = 1;
        }
    }
    ends[nends] = opt->to;
    exact[nends++] = 0;
    row->nseg = 0;
    row->stable_measure = 0.0;
    for (size_t i = 0; rc == GANSTAB_OK && i + 1 < nends; i++) {
        ganstab_verdict v = GANSTAB_VERDICT_UNSTABLE;
        rc = verdict_at(c, game, 0.5 * (ends[i] + ends[i + 1]), opt->tol, n, ev, &v, err);
        if (rc != GANSTAB_OK)
            break;
        if (row->nseg > 0 && row->seg[row->nseg - 1].verdict == v) { /* merge */
            row->seg[row->nseg - 1].hi = ends[i + 1];
            row->seg[row->nseg - 1].hi_is_crossing = exact[i + 1];
        } else {
            row->seg[row->nseg++] =
                (ganstab_compare_segment){ends[i], ends[i + 1], exact[i], exact[i + 1], v};
        }
    }
    for (size_t i = 0; rc == GANSTAB_OK && i < row->nseg; i++)
        if (row->seg[i].verdict == GANSTAB_VERDICT_STABLE)
            row->stable_measure += row->seg[i].hi - row->seg[i].lo;
    row->has_best = 0;
    if (rc == GANSTAB_OK && row->stable_measure > 0.0) {
        ganstab_axis axis;
        int geometric = 0;
        ganstab_optimum *o = NULL;
        ganstab_study_options so;
        ganstab_study_options_init(&so);
        so.tol = opt->tol;
        so.threads = 1;
        rc = ganstab_optimize_axis_init(c, "update.h", 1, opt->from, opt->to, 0, "compare", &axis,
                                        &geometric, err);
        if (rc == GANSTAB_OK)
            rc = ganstab_study_optimize_in(game, &axis, geometric, &so, &o, err);
        if (rc == GANSTAB_OK) {
            row->has_best = 1;
            row->best_h = o->argmin;
            row->best_radius = o->objective;
            row->best_bound = o->objective_bound;
            row->best_rate = o->rate;
            row->best_kind = o->kind;
            row->update.h = o->argmin;
        }
        ganstab_optimum_free(o);
    }
    free(cr);
    free(ev);
    return rc;
}

int ganstab_compare(const ganstab_case *c, const char *const *specs, size_t n,
                    const ganstab_compare_options *opt, ganstab_compare_row **out,
                    ganstab_error *err)
{
    *out = NULL;
    if (n == 0 || n > GANSTAB_COMPARE_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, "compare",
                                 "expected 1 to %d optimizers, got %zu", GANSTAB_COMPARE_MAX, n);
    if (!(opt->from > 0.0) || !(opt->from < opt->to) || !isfinite(opt->to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "compare",
                                 "the h range must satisfy 0 < from < to < inf (got [%.17g, "
                                 "%.17g])",
                                 opt->from, opt->to);
    ganstab_compare_row *rows = calloc(n, sizeof *rows);
    ganstab_case *tmp = malloc(sizeof *tmp);
    /* the game of c: every optimizer differs from it only in [update] */
    ganstab_analysis_ctx *game = NULL;
    int rc = rows == NULL || tmp == NULL
                 ? ganstab_error_set(err, GANSTAB_ENOMEM, "compare", "out of memory")
                 : ganstab_analysis_ctx_alloc(c, &game, err);
    for (size_t i = 0; rc == GANSTAB_OK && i < n; i++) {
        char where[96];
        snprintf(where, sizeof where, "optimizer %zu", i + 1);
        rc = ganstab_compare_apply(c, specs[i], where, tmp, err);
        if (rc == GANSTAB_OK) {
            /* the spec as text, blanks normalized */
            size_t len = 0;
            int blank = 0;
            for (const char *p = specs[i]; *p != '\0' && len + 2 < sizeof rows[i].spec; p++) {
                if (isspace((unsigned char)*p)) {
                    blank = len > 0;
                    continue;
                }
                if (blank)
                    rows[i].spec[len++] = ' ';
                blank = 0;
                rows[i].spec[len++] = *p;
            }
            rows[i].spec[len] = '\0';
            rc = compare_one(tmp, game, opt, &rows[i], err);
        }
    }
    free(tmp);
    ganstab_analysis_ctx_free(game);
    if (rc != GANSTAB_OK) {
        free(rows);
        return rc;
    }
    *out = rows;
    return GANSTAB_OK;
}

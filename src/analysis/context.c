/* Study contexts (analysis.h, ganstab_analysis_ctx): one case's game built once and
 * re-parametrized point by point, and the crossing searches of parameter sweeps over it (model
 * expr: natural continuation along the branch of equilibria, folds located on the extended
 * system). */
#include "ganstab/analysis.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cblas.h> /* the CBLAS API; OpenBLAS (linked) implements it */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>

#include "ganstab/dirac.h"
#include "ganstab/expr.h"
#include "ganstab/fdjac.h"
#include "ganstab/gmm.h"
#include "ganstab/lq.h"
#include "ganstab/lq2d.h"
#include "ganstab/matrix_game.h"
#include "ganstab/update.h"

#include "../core/gsl_quiet.h"

#include "analysis_internal.h"

typedef ganstab_game game;

/* ---- study contexts: one game, re-parametrized point by point -------------------------- */

struct ganstab_analysis_ctx {
    ganstab_case c; /* the case at the current values */
    game g;
    int built;       /* g holds a game built from c (else built at the next point) */
    int model_stale; /* a model key changed: build the model again */
    int reg_stale;   /* a regularizer key changed: initialise the regularizer again */
    int eq_stale;    /* an expr [params] value changed: find the equilibrium again */
    size_t builds;
};

int ganstab_analysis_ctx_alloc(const ganstab_case *c, ganstab_analysis_ctx **out,
                               ganstab_error *err)
{
    *out = malloc(sizeof **out);
    if (*out == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    (*out)->c = *c;
    (*out)->g.model = NULL;
    (*out)->built = (*out)->model_stale = (*out)->reg_stale = (*out)->eq_stale = 0;
    (*out)->builds = 0;
    return GANSTAB_OK;
}

void ganstab_analysis_ctx_free(ganstab_analysis_ctx *s)
{
    if (s == NULL)
        return;
    ganstab_game_free(&s->g);
    free(s);
}

const ganstab_case *ganstab_analysis_ctx_case(const ganstab_analysis_ctx *s)
{
    return &s->c;
}

size_t ganstab_analysis_ctx_builds(const ganstab_analysis_ctx *s)
{
    return s->builds;
}

int ganstab_analysis_ctx_rebase(ganstab_analysis_ctx *s, const ganstab_case *c)
{
    s->c = *c;
    /* the same game; its equilibrium as a fresh build of c finds it */
    if (s->built && ganstab_expr_is(s->g.model))
        s->eq_stale = 1;
    return GANSTAB_OK;
}

int ganstab_analysis_ctx_set(ganstab_analysis_ctx *s, ganstab_case_key key, double value,
                             const char *where, ganstab_error *err)
{
    int rc = ganstab_case_param_set(&s->c, key, value, where, err);
    if (rc != GANSTAB_OK || ganstab_case_key_in_section(key, "update"))
        return rc; /* the update acts on J: the game stays */
    if (ganstab_case_key_in_section(key, "regularizer")) {
        s->reg_stale = 1;
        return GANSTAB_OK;
    }
    /* a [params] value is a variable of the compiled formulas (unless libmatheval needed it as a
       number: a constant exponent) */
    if (s->built && key >= GANSTAB_KEY_PARAM_FIRST && key <= GANSTAB_KEY_PARAM_LAST &&
        ganstab_expr_is(s->g.model) &&
        ganstab_expr_set_param(s->g.model, (size_t)(key - GANSTAB_KEY_PARAM_FIRST), value, NULL) ==
            GANSTAB_OK) {
        s->eq_stale = 1;
        return GANSTAB_OK;
    }
    s->model_stale = 1;
    return GANSTAB_OK;
}

/* The game at the current values, as ganstab_game_init builds it from the case (the same
 * operations give the same bits: a changed parameter is a variable of the same trees, the
 * equilibrium is found again from the case's start, not from the previous point's). */
static int ctx_game(ganstab_analysis_ctx *s, ganstab_error *err)
{
    int rc = GANSTAB_OK;
    if (!s->built || s->model_stale) {
        ganstab_game_free(&s->g);
        s->built = 0;
        if ((rc = ganstab_game_init(&s->c, &s->g, err)) != GANSTAB_OK)
            return rc;
        s->builds++;
        s->built = 1;
        s->model_stale = s->reg_stale = s->eq_stale = 0;
        return GANSTAB_OK;
    }
    if (s->eq_stale) {
        rc = ganstab_expr_reset_equilibrium(s->g.model,
                                            s->c.expr_start_given ? s->c.expr_start : NULL, err);
        if (rc != GANSTAB_OK)
            return rc;
        s->eq_stale = 0;
    }
    if (s->reg_stale) {
        rc = ganstab_regularizer_init(&s->g.reg, s->c.reg_kind, s->c.gamma, s->c.sigma, s->c.g0,
                                      s->c.eta, err);
        if (rc != GANSTAB_OK)
            return rc;
        s->reg_stale = 0;
    }
    return GANSTAB_OK;
}

int ganstab_analysis_ctx_spectrum_size(ganstab_analysis_ctx *s, size_t *size, ganstab_error *err)
{
    int rc = ctx_game(s, err);
    if (rc == GANSTAB_OK &&
        (rc = ganstab_game_spectrum_size(&s->g, &s->c.update, size)) != GANSTAB_OK)
        rc = ganstab_error_set(err, rc, "analysis", "out of memory");
    return rc;
}

int ganstab_analysis_ctx_spectrum(ganstab_analysis_ctx *s, ganstab_eigenvalue *ev, double *xstar,
                                  ganstab_error *err)
{
    int rc = ctx_game(s, err);
    return rc == GANSTAB_OK
               ? ganstab_game_spectrum(&s->g, &s->c.update, 1, ev, xstar, NULL, NULL, err)
               : rc;
}

int ganstab_analysis_ctx_point(ganstab_analysis_ctx *s, ganstab_eigenvalue *ev, double *residual,
                               int *stationary, ganstab_error *err)
{
    int rc = ctx_game(s, err);
    return rc == GANSTAB_OK
               ? ganstab_game_spectrum(&s->g, &s->c.update, 0, ev, NULL, residual, stationary, err)
               : rc;
}

/* |v(x*)|_2 of a game (ganstab_analysis_residual). */
int ganstab_analysis_ctx_residual(ganstab_analysis_ctx *s, double *residual, ganstab_error *err)
{
    int rc = ctx_game(s, err);
    return rc == GANSTAB_OK ? ganstab_analysis_game_residual(&s->g, residual, err) : rc;
}

/* ---- parameter sweeps ----------------------------------------------------------------- */

/* Equilibria of model expr found at the scan points of a sweep: Newton's starts for natural
 * continuation (every evaluation starts from the solution at the nearest scan point, so the
 * sweep follows one branch of equilibria, deterministically). */
typedef struct {
    size_t count, n;
    double *p; /* increasing */
    double *x; /* count x n */
} branch_table;

static void branch_free(branch_table *b)
{
    free(b->p);
    free(b->x);
    b->p = b->x = NULL;
    b->count = 0;
}

/* The stored solution whose parameter is nearest to p (ties: the lower) among those in
 * [pmin, pmax], or NULL. */
static const double *branch_nearest(const branch_table *b, double p, double pmin, double pmax)
{
    if (b->count == 0)
        return NULL;
    p = fmin(fmax(p, pmin), pmax);
    size_t lo = 0, hi = b->count; /* first index with b->p[i] >= p */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->p[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t best = lo == b->count ? b->count - 1 : lo;
    if (lo > 0 && (lo == b->count || fabs(b->p[lo - 1] - p) <= fabs(b->p[lo] - p)))
        best = lo - 1;
    if (b->p[best] < pmin || b->p[best] > pmax)
        return NULL;
    return b->x + best * b->n;
}

typedef struct {
    ganstab_case c;
    ganstab_case_key key;
    const branch_table *branch; /* NULL: no continuation */
    double pmin, pmax;          /* the stretch of the branch being searched */
    /* model expr: built (differentiated) once and re-parametrized at every point; borrowed from
       ctx (not freed here) unless it had to be built again */
    ganstab_model *model;
    int borrowed;
    /* the study's game (every other model: s->c is not used) */
    ganstab_analysis_ctx *ctx;
} sweep_ctx;

/* The case at parameter value p, with Newton starting on the followed branch. */
static int sweep_case(sweep_ctx *s, double p, ganstab_error *err)
{
    int rc = ganstab_case_param_set(&s->c, s->key, p, ganstab_case_param_name(&s->c, s->key), err);
    const double *start = s->branch != NULL ? branch_nearest(s->branch, p, s->pmin, s->pmax) : NULL;
    s->c.expr_start_given = start != NULL;
    if (start != NULL)
        memcpy(s->c.expr_start, start, s->branch->n * sizeof *start);
    return rc;
}

/* Model expr at parameter p: the persistent model with the new value (built again only where
 * the parameter is folded into a constant exponent, or not built yet), and its equilibrium
 * found again (from the branch's nearest solution). *found as ganstab_expr_update_equilibrium. */
static int sweep_model(sweep_ctx *s, double p, int *found, ganstab_error *err)
{
    int rc = sweep_case(s, p, err);
    if (rc != GANSTAB_OK)
        return rc;
    int is_param = s->key >= GANSTAB_KEY_PARAM_FIRST && s->key <= GANSTAB_KEY_PARAM_LAST;
    if (s->model != NULL && is_param &&
        ganstab_expr_set_param(s->model, (size_t)(s->key - GANSTAB_KEY_PARAM_FIRST), p, NULL) !=
            GANSTAB_OK) {
        if (!s->borrowed)
            ganstab_model_free(s->model);
        s->model = NULL;
        s->borrowed = 0;
    }
    if (s->model == NULL) {
        ganstab_case_expr *ce = malloc(sizeof *ce);
        if (ce == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        ganstab_case_expr_spec(&s->c, ce);
        ce->spec.start = NULL; /* built once; the equilibrium comes below */
        int point_ok = 1;
        rc = ganstab_expr_build(&ce->spec, &s->model, &point_ok, err);
        free(ce);
        if (rc != GANSTAB_OK)
            return rc;
    }
    return ganstab_expr_update_equilibrium(s->model, s->c.expr_start_given ? s->c.expr_start : NULL,
                                           found, err);
}

static int sweep_spectrum(double p, void *ctx, ganstab_eigenvalue *ev, ganstab_error *err)
{
    sweep_ctx *s = ctx;
    if (s->ctx != NULL) {
        const ganstab_case *c = ganstab_analysis_ctx_case(s->ctx);
        int rc =
            ganstab_analysis_ctx_set(s->ctx, s->key, p, ganstab_case_param_name(c, s->key), err);
        if (rc != GANSTAB_OK)
            return rc;
        return ganstab_analysis_locate_failure(ganstab_analysis_ctx_spectrum(s->ctx, ev, NULL, err),
                                               c, s->key, p, err);
    }
    int found = 0;
    int rc = sweep_model(s, p, &found, err);
    game g = {s->model, {0}};
    if (rc == GANSTAB_OK)
        rc = ganstab_regularizer_init(&g.reg, s->c.reg_kind, s->c.gamma, s->c.sigma, s->c.g0,
                                      s->c.eta, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_game_spectrum(&g, &s->c.update, 1, ev, NULL, NULL, NULL, err);
    return ganstab_analysis_locate_failure(rc, &s->c, s->key, p, err);
}

/* det M (n-by-n column-major, overwritten) by Gaussian elimination with partial pivoting. */
static double determinant(double *M, size_t n)
{
    double det = 1.0;
    for (size_t k = 0; k < n; k++) {
        size_t piv = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(M[i + k * n]) > fabs(M[piv + k * n]))
                piv = i;
        if (M[piv + k * n] == 0.0)
            return 0.0;
        if (piv != k) {
            for (size_t j = 0; j < n; j++) {
                double t = M[k + j * n];
                M[k + j * n] = M[piv + j * n];
                M[piv + j * n] = t;
            }
            det = -det;
        }
        det *= M[k + k * n];
        for (size_t i = k + 1; i < n; i++) {
            double f = M[i + k * n] / M[k + k * n];
            for (size_t j = k + 1; j < n; j++)
                M[i + j * n] -= f * M[k + j * n];
        }
    }
    return det;
}

/* The extended system of a fold (limit point) of the equilibria v(x; p) = 0 along p:
 * (v(x; p), det J(x; p)) = 0 in the n + 1 unknowns (x, p) (Kuznetsov, Elements of Applied
 * Bifurcation Theory, 3rd ed., Sec. 10.2.2: a regular root at a nondegenerate fold). The field
 * is the model's own (a map: F - x, so det J = 0 is DF having the eigenvalue 1). */
typedef struct {
    sweep_ctx *s;
    size_t n;
} fold_ctx;

static int fold_f(const gsl_vector *z, void *params, gsl_vector *f)
{
    fold_ctx *fc = params;
    size_t n = fc->n;
    double v[GANSTAB_EXPR_MAX_STATE], J[GANSTAB_EXPR_MAX_STATE * GANSTAB_EXPR_MAX_STATE];
    int found = 0;
    if (sweep_model(fc->s, gsl_vector_get(z, n), &found, NULL) != GANSTAB_OK)
        return GSL_EDOM;
    if (ganstab_expr_raw_field(fc->s->model, z->data, v, J, NULL) != GANSTAB_OK)
        return GSL_EBADFUNC;
    for (size_t i = 0; i < n; i++)
        gsl_vector_set(f, i, v[i]);
    gsl_vector_set(f, n, determinant(J, n));
    return GSL_SUCCESS;
}

/* Newton (GSL hybrids, finite-difference Jacobian) on the extended system from the last
 * equilibrium (x0, p0) before the branch ends; the fold's parameter into *value with the size
 * of the last step as its accuracy. 0 if it does not converge. */
static int locate_fold(sweep_ctx *s, size_t n, const double *x0, double p0, double *value,
                       double *accuracy)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    gsl_multiroot_fsolver *solver =
        gsl_multiroot_fsolver_alloc(gsl_multiroot_fsolver_hybrids, n + 1);
    gsl_vector *z = gsl_vector_alloc(n + 1);
    if (solver == NULL || z == NULL) {
        if (solver != NULL)
            gsl_multiroot_fsolver_free(solver);
        if (z != NULL)
            gsl_vector_free(z);
        ganstab_gsl_quiet_end(saved);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        gsl_vector_set(z, i, x0[i]);
    gsl_vector_set(z, n, p0);
    fold_ctx fc = {s, n};
    gsl_multiroot_function F = {fold_f, n + 1, &fc};
    int ok = gsl_multiroot_fsolver_set(solver, &F, z) == GSL_SUCCESS;
    double step = INFINITY;
    for (int it = 0; ok && it < 200; it++) {
        int status = gsl_multiroot_fsolver_iterate(solver);
        step = 0.0;
        for (size_t i = 0; i <= n; i++)
            step = fmax(step, fabs(gsl_vector_get(solver->dx, i)) /
                                  fmax(1.0, fabs(gsl_vector_get(solver->x, i))));
        if (status != GSL_SUCCESS || step <= GANSTAB_EXPR_NEWTON_STEP_TOL)
            break;
    }
    double res = 0.0;
    for (size_t i = 0; ok && i < n; i++)
        res += gsl_vector_get(solver->f, i) * gsl_vector_get(solver->f, i);
    double p = gsl_vector_get(solver->x, n);
    ok = ok && isfinite(p) && sqrt(res) <= GANSTAB_STATIONARY_TOL &&
         fabs(gsl_vector_get(solver->f, n)) <= GANSTAB_STATIONARY_TOL;
    *value = p;
    *accuracy = fmax(fabs(gsl_vector_get(solver->dx, n)), 4.0 * DBL_EPSILON * fmax(1.0, fabs(p)));
    gsl_multiroot_fsolver_free(solver);
    gsl_vector_free(z);
    ganstab_gsl_quiet_end(saved);
    return ok;
}

static int crossing_order(const void *a, const void *b)
{
    const ganstab_crossing *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->type < y->type ? -1 : (x->type > y->type ? 1 : 0);
}

static int append_crossings(ganstab_crossing **all, size_t *count, const ganstab_crossing *more,
                            size_t nmore)
{
    if (nmore == 0)
        return GANSTAB_OK;
    ganstab_crossing *grown = realloc(*all, (*count + nmore) * sizeof *grown);
    if (grown == NULL)
        return GANSTAB_ENOMEM;
    memcpy(grown + *count, more, nmore * sizeof *more);
    *all = grown;
    *count += nmore;
    return GANSTAB_OK;
}

/* Newton from the previous scan point's equilibrium (pa, xa) converged at pb to xb: is xb on the
 * same branch, or did Newton jump to another branch (past a fold, where the followed branch
 * ends)? On a smooth branch the equilibrium at the midpoint parameter lies within
 * O(h^2 |x''|) of the midpoint of the two solutions, a small fraction of |xb - xa| ~ h |x'|;
 * after a jump there is no equilibrium near that midpoint. Accepted within a quarter of the
 * step (or rounding); *same = 0 otherwise. */
static int same_branch(sweep_ctx *s, size_t n, double pa, const double *xa, double pb,
                       const double *xb, int *same, ganstab_error *err)
{
    double mid[GANSTAB_EXPR_MAX_STATE], xm[GANSTAB_EXPR_MAX_STATE], step = 0.0, scale = 1.0;
    for (size_t i = 0; i < n; i++) {
        mid[i] = 0.5 * (xa[i] + xb[i]);
        step = fmax(step, fabs(xb[i] - xa[i]));
        scale = fmax(scale, fabs(mid[i]));
    }
    const branch_table *branch = s->branch;
    s->branch = NULL; /* start at the midpoint, not on the table */
    int found = 0;
    int rc = sweep_model(s, 0.5 * (pa + pb), &found, err);
    s->branch = branch;
    if (rc == GANSTAB_OK && found) {
        /* Newton from the midpoint */
        rc = ganstab_expr_update_equilibrium(s->model, mid, &found, err);
        s->model->ops->equilibrium(s->model, xm);
    }
    if (rc != GANSTAB_OK)
        return rc;
    double off = 0.0;
    for (size_t i = 0; i < n; i++)
        off = fmax(off, fabs(xm[i] - mid[i]));
    *same = found && off <= 0.25 * step + 1e-9 * scale;
    return GANSTAB_OK;
}

/* Model expr: follow the branch of equilibria through the scan (natural continuation from the
 * guess), and where it ends inside (from, to) — an equilibrium formula stops being finite, or
 * Newton from the neighbouring solution stops converging — locate the fold there on the
 * extended system and report it (kind stability, type fold, the verdict on the far side
 * not-stationary: no equilibrium continues the branch). The crossings of the spectrum are
 * searched on each stretch where the branch exists. */
static int expr_crossings(ganstab_analysis_ctx *ctx, ganstab_case_key key, double from, double to,
                          double tol, size_t scan, ganstab_crossing **out, size_t *count,
                          ganstab_error *err)
{
    const ganstab_case *c = &ctx->c;
    if (scan == 0)
        scan = GANSTAB_CROSSING_DEFAULT_SCAN;
    size_t n = 0, nev = 0, npts = scan + 1;
    int rc = ganstab_case_dimension(c, &n, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_spectrum_size(ctx, &nev, err);
    if (rc != GANSTAB_OK)
        return rc;
    sweep_ctx *s = calloc(1, sizeof *s);
    branch_table b = {0, n, malloc(npts * sizeof(double)), malloc(npts * n * sizeof(double))};
    int *found = calloc(npts, sizeof *found);
    double *px = malloc(npts * sizeof *px), *xs = malloc(npts * n * sizeof *xs);
    ganstab_crossing *all = NULL;
    size_t nall = 0;
    if (s == NULL || b.p == NULL || b.x == NULL || found == NULL || px == NULL || xs == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    s->c = *c;
    s->key = key;
    s->model = ctx->g.model; /* built once for the study; its equilibrium is found again below */
    s->borrowed = 1;
    s->branch = &b;
    s->pmin = -INFINITY;
    s->pmax = INFINITY;
    /* 1. the branch through the scan points */
    int by_newton = c->expr_text[GANSTAB_KEY_MODEL_GUESS - GANSTAB_KEY_MODEL_GENERATOR][0] != '\0';
    long prev = -1; /* the last scan point on the branch */
    for (size_t k = 0; k < npts && rc == GANSTAB_OK; k++) {
        px[k] = k == scan ? to : from + (to - from) * (double)k / (double)scan;
        rc = ganstab_analysis_locate_failure(sweep_model(s, px[k], &found[k], err), &s->c, key,
                                             px[k], err);
        if (rc != GANSTAB_OK)
            break;
        s->model->ops->equilibrium(s->model, xs + k * n);
        if (found[k] && by_newton && prev >= 0)
            rc = same_branch(s, n, px[prev], xs + (size_t)prev * n, px[k], xs + k * n, &found[k],
                             err);
        if (rc == GANSTAB_OK && found[k]) {
            b.p[b.count] = px[k];
            memcpy(b.x + b.count * n, xs + k * n, n * sizeof *xs);
            b.count++;
            prev = (long)k;
        }
    }
    if (rc != GANSTAB_OK)
        goto done;
    if (b.count == 0) {
        rc = ganstab_error_set(
            err, GANSTAB_ENUMERIC, c->file[0] != '\0' ? c->file : "analysis",
            "no equilibrium on [%.17g, %.17g] of %s: %s", from, to, ganstab_case_param_name(c, key),
            c->expr_text[GANSTAB_KEY_MODEL_EQUILIBRIUM - GANSTAB_KEY_MODEL_GENERATOR][0] != '\0'
                ? "model.equilibrium is not finite at any scan point"
                : "Newton's method from model.guess converges at no scan "
                  "point");
        goto done;
    }
    /* 2. each stretch of the branch: its ends inside (from, to) are folds */
    ganstab_crossing_options opt = {nev, ganstab_update_dynamics(&c->update), tol, scan};
    for (size_t k0 = 0; k0 < npts && rc == GANSTAB_OK;) {
        if (!found[k0]) {
            k0++;
            continue;
        }
        size_t k1 = k0;
        while (k1 + 1 < npts && found[k1 + 1])
            k1++;
        double lo = from, hi = to;
        /* starts from this stretch only, and (below) not from beyond its folds */
        s->pmin = px[k0];
        s->pmax = px[k1];
        for (int side = 0; side < 2 && rc == GANSTAB_OK; side++) {
            size_t kin = side == 0 ? k0 : k1;
            if ((side == 0 && k0 == 0) || (side == 1 && k1 == scan))
                continue;
            size_t kout = side == 0 ? k0 - 1 : k1 + 1;
            double value = 0.0, accuracy = 0.0;
            int ok = locate_fold(s, n, xs + kin * n, px[kin], &value, &accuracy);
            double h = fabs(px[kout] - px[kin]);
            if (!ok || value < fmin(px[kin], px[kout]) - h || value > fmax(px[kin], px[kout]) + h) {
                rc = ganstab_error_set(
                    err, GANSTAB_ENUMERIC, c->file[0] != '\0' ? c->file : "analysis",
                    "the branch of equilibria followed from %s ends between %s = %.17g and "
                    "%.17g (%s), but no fold (v = 0 with det J = 0) was found there",
                    c->expr_text[GANSTAB_KEY_MODEL_EQUILIBRIUM - GANSTAB_KEY_MODEL_GENERATOR][0] !=
                            '\0'
                        ? "model.equilibrium"
                        : "model.guess",
                    ganstab_case_param_name(c, key), px[kin], px[kout],
                    c->expr_text[GANSTAB_KEY_MODEL_EQUILIBRIUM - GANSTAB_KEY_MODEL_GENERATOR][0] !=
                            '\0'
                        ? "the equilibrium formula stops being finite"
                        : "Newton's method stops converging");
                break;
            }
            double margin = 2.0 * GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(value));
            /* a scan point at or past the fold (Newton may converge at a double root there) is
               no start for the stretch */
            if (side == 0)
                s->pmin = fmax(s->pmin, value + margin);
            else
                s->pmax = fmin(s->pmax, value - margin);
            ganstab_crossing x = {value,
                                  value - accuracy,
                                  value + accuracy,
                                  GANSTAB_CROSSING_STABILITY,
                                  GANSTAB_CROSSING_FOLD,
                                  GANSTAB_VERDICT_NOT_STATIONARY,
                                  GANSTAB_VERDICT_NOT_STATIONARY};
            double inside = side == 0 ? value + margin : value - margin;
            ganstab_eigenvalue *ev = malloc(nev * sizeof *ev);
            if (ev == NULL) {
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
                break;
            }
            rc = sweep_spectrum(inside, s, ev, err);
            ganstab_verdict v = GANSTAB_VERDICT_MARGINAL;
            if (rc == GANSTAB_OK)
                rc = ganstab_classify(ev, nev, opt.dyn, tol, &v, NULL, err);
            free(ev);
            if (side == 0)
                x.after = v;
            else
                x.before = v;
            if (rc == GANSTAB_OK && value >= from && value <= to &&
                (rc = append_crossings(&all, &nall, &x, 1)) != GANSTAB_OK)
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
            if (side == 0)
                lo = value + margin;
            else
                hi = value - margin;
        }
        if (rc == GANSTAB_OK && lo < hi) {
            ganstab_crossing *found_x = NULL;
            size_t nfound = 0;
            rc = ganstab_crossings_find(sweep_spectrum, s, &opt, lo, hi, &found_x, &nfound, err);
            if (rc == GANSTAB_OK && append_crossings(&all, &nall, found_x, nfound) != GANSTAB_OK)
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
            free(found_x);
        }
        k0 = k1 + 1;
    }
    if (rc == GANSTAB_OK && nall > 1)
        qsort(all, nall, sizeof *all, crossing_order);
done:
    if (rc != GANSTAB_OK) {
        free(all);
        all = NULL;
        nall = 0;
    }
    *out = all;
    *count = nall;
    branch_free(&b);
    free(found);
    free(px);
    free(xs);
    if (s != NULL && !s->borrowed)
        ganstab_model_free(s->model);
    free(s);
    return rc;
}

/* After a search along `key`: the context's case at the value it had before (value), and the
 * borrowed expr model's parameters and equilibrium as they belong to it. */
static void ctx_restore(ganstab_analysis_ctx *ctx, ganstab_case_key key, double value)
{
    if (ganstab_analysis_ctx_set(ctx, key, value, "analysis", NULL) != GANSTAB_OK)
        ctx->model_stale = 1;
    if (ctx->built && ganstab_expr_is(ctx->g.model)) {
        for (size_t i = 0; i < ctx->c.n_params && !ctx->model_stale; i++)
            if (ganstab_expr_set_param(ctx->g.model, i, ctx->c.params[i].value, NULL) != GANSTAB_OK)
                ctx->model_stale = 1;
        ctx->eq_stale = 1;
    }
}

int ganstab_analysis_ctx_crossings(ganstab_analysis_ctx *ctx, ganstab_case_key key, double from,
                                   double to, double tol, size_t scan, ganstab_crossing **out,
                                   size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    if (ganstab_case_param_is_integer(key))
        return ganstab_error_set(err, GANSTAB_EINVAL, ganstab_case_key_name(key),
                                 "an integer parameter has no critical values between its values "
                                 "(use `ganstab sweep` or `ganstab map`)");
    double value = ganstab_case_param_get(&ctx->c, key);
    int rc;
    if (ctx->c.model == GANSTAB_MODEL_EXPR) {
        rc = expr_crossings(ctx, key, from, to, tol, scan, out, count, err);
        ctx_restore(ctx, key, value);
        return rc;
    }
    sweep_ctx *s = calloc(1, sizeof *s); /* s->c unused: the context holds the case */
    if (s == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    s->key = key;
    s->branch = NULL;
    s->pmin = -INFINITY;
    s->pmax = INFINITY;
    s->ctx = ctx;
    size_t n = 0;
    rc = ganstab_analysis_ctx_spectrum_size(ctx, &n, err);
    if (rc == GANSTAB_OK) {
        ganstab_crossing_options opt = {n, ganstab_update_dynamics(&ctx->c.update), tol, scan};
        rc = ganstab_crossings_find(sweep_spectrum, s, &opt, from, to, out, count, err);
    }
    free(s);
    ctx_restore(ctx, key, value);
    return rc;
}

int ganstab_analysis_crossings(const ganstab_case *c, ganstab_case_key key, double from, double to,
                               double tol, size_t scan, ganstab_crossing **out, size_t *count,
                               ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    ganstab_analysis_ctx *ctx = NULL;
    int rc = ganstab_analysis_ctx_alloc(c, &ctx, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_crossings(ctx, key, from, to, tol, scan, out, count, err);
    ganstab_analysis_ctx_free(ctx);
    return rc;
}

/* Is x* stationary for the case with `key` = p? */
static int stationary_at(ganstab_analysis_ctx *ctx, ganstab_case_key key, double p, int *yes,
                         ganstab_error *err)
{
    int rc = ganstab_analysis_ctx_set(ctx, key, p, ganstab_case_param_name(&ctx->c, key), err);
    double residual = 0.0;
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_residual(ctx, &residual, err);
    if (rc != GANSTAB_OK)
        return ganstab_analysis_locate_failure(rc, &ctx->c, key, p, err);
    *yes = residual <= GANSTAB_STATIONARY_TOL;
    return GANSTAB_OK;
}

/* Bisect the stationarity boundary between a and b (either order; stationary at a iff sa) to the
 * crossing bracket precision; the end that is stationary is returned. */
static int stationary_edge(ganstab_analysis_ctx *ctx, ganstab_case_key key, double a, double b,
                           int sa, double *edge, ganstab_error *err)
{
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (a + b);
        if (fabs(b - a) <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(mid)))
            break;
        int yes = 0;
        int rc = stationary_at(ctx, key, mid, &yes, err);
        if (rc != GANSTAB_OK)
            return rc;
        if (yes == sa)
            a = mid;
        else
            b = mid;
    }
    *edge = sa ? a : b;
    return GANSTAB_OK;
}

static int append_interval(ganstab_interval **v, size_t *n, double lo, double hi,
                           ganstab_error *err)
{
    ganstab_interval *bigger = realloc(*v, (*n + 1) * sizeof **v);
    if (bigger == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    *v = bigger;
    (*v)[(*n)++] = (ganstab_interval){lo, hi};
    return GANSTAB_OK;
}

int ganstab_analysis_crossings_gaps(const ganstab_case *c, ganstab_case_key key, double from,
                                    double to, double tol, size_t scan, ganstab_crossing **out,
                                    size_t *count, ganstab_interval **gaps, size_t *ngaps,
                                    ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    *gaps = NULL;
    *ngaps = 0;
    ganstab_analysis_ctx *ctx = NULL;
    int rc = ganstab_analysis_ctx_alloc(c, &ctx, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_crossings_gaps(ctx, key, from, to, tol, scan, out, count, gaps,
                                                 ngaps, err);
    ganstab_analysis_ctx_free(ctx);
    return rc;
}

int ganstab_analysis_ctx_crossings_gaps(ganstab_analysis_ctx *ctx, ganstab_case_key key,
                                        double from, double to, double tol, size_t scan,
                                        ganstab_crossing **out, size_t *count,
                                        ganstab_interval **gaps, size_t *ngaps, ganstab_error *err)
{
    const ganstab_case *c = &ctx->c;
    *out = NULL;
    *count = 0;
    *gaps = NULL;
    *ngaps = 0;
    if (!isfinite(from) || !isfinite(to) || !(from < to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "critical",
                                 "need finite from < to, got from = %g, to = %g", from, to);
    /* model expr follows its branch of equilibria and reports where it ends as a fold with the
       verdict not-stationary beyond (ganstab_analysis_crossings): no separate gaps */
    if (c->model == GANSTAB_MODEL_EXPR)
        return ganstab_analysis_ctx_crossings(ctx, key, from, to, tol, scan, out, count, err);
    if (scan == 0)
        scan = GANSTAB_CROSSING_DEFAULT_SCAN;
    /* the value at entry: each crossing search below starts from the case as given */
    double value = ganstab_case_param_get(c, key);
    int *ok = malloc((scan + 1) * sizeof *ok);
    double *grid = malloc((scan + 1) * sizeof *grid);
    ganstab_crossing *all = NULL;
    size_t nall = 0;
    int rc = GANSTAB_OK;
    if (ok == NULL || grid == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    for (size_t k = 0; k <= scan && rc == GANSTAB_OK; k++) {
        grid[k] = k == scan ? to : from + (to - from) * (double)k / (double)scan;
        rc = stationary_at(ctx, key, grid[k], &ok[k], err);
    }
    /* maximal runs of stationary grid points, each widened to its bisected edges */
    for (size_t k = 0; rc == GANSTAB_OK && k <= scan;) {
        size_t k1 = k;
        while (k1 + 1 <= scan && ok[k1 + 1] == ok[k])
            k1++;
        double lo = grid[k], hi = grid[k1];
        if (k > 0)
            rc = stationary_edge(ctx, key, grid[k], grid[k - 1], ok[k], &lo, err);
        if (rc == GANSTAB_OK && k1 < scan)
            rc = stationary_edge(ctx, key, grid[k1], grid[k1 + 1], ok[k1], &hi, err);
        if (rc != GANSTAB_OK)
            break;
        if (!ok[k]) {
            /* a gap: from the last stationary point before it to the first after */
            double glo = k > 0 ? lo : from, ghi = k1 < scan ? hi : to;
            rc = append_interval(gaps, ngaps, glo, ghi, err);
        } else if (lo < hi) {
            ganstab_crossing *part = NULL;
            size_t npart = 0;
            size_t sub = k1 - k < GANSTAB_CROSSING_SCAN_MIN ? GANSTAB_CROSSING_SCAN_MIN : k1 - k;
            ctx_restore(ctx, key, value);
            rc = ganstab_analysis_ctx_crossings(ctx, key, lo, hi, tol, sub, &part, &npart, err);
            if (rc == GANSTAB_OK && npart > 0) {
                ganstab_crossing *bigger = realloc(all, (nall + npart) * sizeof *all);
                if (bigger == NULL)
                    rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
                else {
                    all = bigger;
                    memcpy(all + nall, part, npart * sizeof *part);
                    nall += npart;
                }
            }
            free(part);
        }
        k = k1 + 1;
    }
done:
    ctx_restore(ctx, key, value);
    free(ok);
    free(grid);
    if (rc != GANSTAB_OK) {
        free(all);
        free(*gaps);
        *gaps = NULL;
        *ngaps = 0;
        return rc;
    }
    *out = all;
    *count = nall;
    return GANSTAB_OK;
}

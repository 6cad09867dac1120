/* Stationary discriminator placements of the GMM-GAN and the stability map over them
 * (gmm_map.h). */
#include "ganstab/gmm_map.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/gmm.h"

#include "../core/gsl_quiet.h"

#define H6(i, j) ((i) + GANSTAB_GMM_N * (j))

/* ---- completions ------------------------------------------------------------------------- */

typedef struct {
    const double *mu_star;
    double l[2];
} completion_ctx;

static void placement(const completion_ctx *ctx, const gsl_vector *r, double *x)
{
    x[GANSTAB_GMM_MU1] = ctx->mu_star[0];
    x[GANSTAB_GMM_MU2] = ctx->mu_star[1];
    x[GANSTAB_GMM_L1] = ctx->l[0];
    x[GANSTAB_GMM_R1] = gsl_vector_get(r, 0);
    x[GANSTAB_GMM_L2] = ctx->l[1];
    x[GANSTAB_GMM_R2] = gsl_vector_get(r, 1);
}

/* f = grad_mu L(mu*, l, r) (gmm.h, rule 3) and df = its r-derivatives, the Hessian block
 * d2L/dmu_i dr_j. Newton iterates may leave l_j < r_j; with r_j <= l_j the interval is empty and
 * its terms vanish (rule 2), so the function stays defined (and such roots are dropped later). */
static int completion_fdf(const gsl_vector *r, void *params, gsl_vector *f, gsl_matrix *df)
{
    const completion_ctx *ctx = params;
    double x[GANSTAB_GMM_N], g[GANSTAB_GMM_N], H[GANSTAB_GMM_N * GANSTAB_GMM_N];
    placement(ctx, r, x);
    ganstab_gmm_hessian(ctx->mu_star, x, g, H);
    static const size_t rcol[2] = {GANSTAB_GMM_R1, GANSTAB_GMM_R2};
    for (size_t i = 0; i < 2; i++) {
        if (f != NULL)
            gsl_vector_set(f, i, g[i]);
        if (df != NULL)
            for (size_t j = 0; j < 2; j++)
                gsl_matrix_set(df, i, j, H[H6(i, rcol[j])]);
    }
    return GSL_SUCCESS;
}

static int completion_f(const gsl_vector *r, void *params, gsl_vector *f)
{
    return completion_fdf(r, params, f, NULL);
}

static int completion_df(const gsl_vector *r, void *params, gsl_matrix *df)
{
    return completion_fdf(r, params, NULL, df);
}

static int completion_cmp(const void *pa, const void *pb)
{
    const ganstab_gmm_completion *a = pa, *b = pb;
    if (a->r[0] != b->r[0])
        return a->r[0] < b->r[0] ? -1 : 1;
    if (a->r[1] != b->r[1])
        return a->r[1] < b->r[1] ? -1 : 1;
    return 0;
}

static int completions_body(const double *mu_star, const double *l, ganstab_gmm_completion *out,
                            size_t max, size_t *count, ganstab_error *err)
{
    *count = 0;
    for (size_t i = 0; i < 2; i++)
        if (!isfinite(mu_star[i]) || !isfinite(l[i]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "gmm_map",
                                     "mu* and l must be finite, got mu* = (%g, %g), l = (%g, %g)",
                                     mu_star[0], mu_star[1], l[0], l[1]);
    completion_ctx ctx = {mu_star, {l[0], l[1]}};
    gsl_multiroot_function_fdf fdf = {completion_f, completion_df, completion_fdf, 2, &ctx};
    gsl_multiroot_fdfsolver *solver =
        gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, 2);
    /* every root found, before truncation to max (the true count must be reported) */
    ganstab_gmm_completion found[GANSTAB_GMM_COMPLETION_STARTS * GANSTAB_GMM_COMPLETION_STARTS];
    size_t nfound = 0;
    if (solver == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "gmm_map", "out of memory");
    double centre = 0.5 * (mu_star[0] + mu_star[1]);
    for (size_t k1 = 0; k1 < GANSTAB_GMM_COMPLETION_STARTS; k1++)
        for (size_t k2 = 0; k2 < GANSTAB_GMM_COMPLETION_STARTS; k2++) {
            double s[2] = {GANSTAB_GMM_COMPLETION_SPAN * (double)(k1 + 1) /
                               (double)GANSTAB_GMM_COMPLETION_STARTS,
                           GANSTAB_GMM_COMPLETION_SPAN * (double)(k2 + 1) /
                               (double)GANSTAB_GMM_COMPLETION_STARTS};
            double start[2] = {l[0] + s[0], l[1] + s[1]};
            gsl_vector_view x0 = gsl_vector_view_array(start, 2);
            if (gsl_multiroot_fdfsolver_set(solver, &fdf, &x0.vector) != GSL_SUCCESS)
                continue;
            int converged = 0;
            for (int it = 0; it < GANSTAB_GMM_COMPLETION_MAX_ITER; it++) {
                if (gsl_multiroot_test_residual(solver->f, GANSTAB_GMM_COMPLETION_TOL) ==
                    GSL_SUCCESS) {
                    converged = 1;
                    break;
                }
                if (gsl_multiroot_fdfsolver_iterate(solver) != GSL_SUCCESS)
                    break;
            }
            if (!converged)
                converged = gsl_multiroot_test_residual(solver->f, GANSTAB_GMM_COMPLETION_TOL) ==
                            GSL_SUCCESS;
            double r[2] = {gsl_vector_get(solver->x, 0), gsl_vector_get(solver->x, 1)};
            if (!converged || !isfinite(r[0]) || !isfinite(r[1]))
                continue;
            if (fabs(r[0] - centre) > GANSTAB_GMM_COMPLETION_BOX ||
                fabs(r[1] - centre) > GANSTAB_GMM_COMPLETION_BOX)
                continue; /* a root at infinity */
            if (!(r[0] - l[0] > GANSTAB_GMM_COMPLETION_MIN_LENGTH) ||
                !(r[1] - l[1] > GANSTAB_GMM_COMPLETION_MIN_LENGTH))
                continue; /* the trivial root r = l, or an empty interval */
            int dup = 0;
            for (size_t q = 0; q < nfound && !dup; q++)
                dup = fmax(fabs(found[q].r[0] - r[0]), fabs(found[q].r[1] - r[1])) <=
                      GANSTAB_GMM_COMPLETION_MERGE;
            if (dup)
                continue;
            double x[GANSTAB_GMM_N] = {mu_star[0], mu_star[1], l[0], r[0], l[1], r[1]};
            double g[GANSTAB_GMM_N];
            ganstab_gmm_gradient(mu_star, x, g);
            found[nfound].r[0] = r[0];
            found[nfound].r[1] = r[1];
            found[nfound].residual = fmax(fabs(g[0]), fabs(g[1]));
            found[nfound].ordered = l[0] < r[0] && r[0] <= l[1] && l[1] < r[1];
            nfound++;
        }
    gsl_multiroot_fdfsolver_free(solver);
    qsort(found, nfound, sizeof found[0], completion_cmp);
    for (size_t q = 0; q < nfound && q < max; q++)
        out[q] = found[q];
    *count = nfound;
    return GANSTAB_OK;
}

/* completions_body with GSL's error handler off, the caller's restored after. */
int ganstab_gmm_completions(const double *mu_star, const double *l, ganstab_gmm_completion *out,
                            size_t max, size_t *count, ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = completions_body(mu_star, l, out, max, count, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* ---- the symmetric family ------------------------------------------------------------------ */

/* 1 / sqrt(2 pi), the standard normal density's constant. */
#define INV_SQRT_2PI 0.39894228040143267794

static double phi(double t)
{
    return INV_SQRT_2PI * exp(-0.5 * t * t);
}

typedef struct {
    double a, level;
} sym_ctx;

/* g(t) - level, g(t) = phi(t - a) - phi(t + a) (gmm_map.h) */
static double sym_g(double t, void *params)
{
    const sym_ctx *s = params;
    return phi(t - s->a) - phi(t + s->a) - s->level;
}

/* g'(t) = -(t - a) phi(t - a) + (t + a) phi(t + a) */
static double sym_dg(double t, void *params)
{
    const sym_ctx *s = params;
    return -(t - s->a) * phi(t - s->a) + (t + s->a) * phi(t + s->a);
}

/* The root of fn in [lo, hi] by Brent (the caller checked the sign change). */
static int brent_body(double (*fn)(double, void *), sym_ctx *ctx, double lo, double hi,
                      double *root, ganstab_error *err)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "gmm_map", "out of memory");
    gsl_function F = {fn, ctx};
    int status = gsl_root_fsolver_set(s, &F, lo, hi), converged = 0;
    for (int it = 0; status == GSL_SUCCESS && !converged && it < GANSTAB_GMM_SYMMETRIC_MAX_ITER;
         it++) {
        if ((status = gsl_root_fsolver_iterate(s)) != GSL_SUCCESS)
            break;
        converged = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
                                           GANSTAB_GMM_SYMMETRIC_TOL, 0.0) == GSL_SUCCESS;
    }
    if (status == GSL_SUCCESS && !converged)
        status = GSL_EMAXITER;
    *root = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (status != GSL_SUCCESS)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm_map", "Brent failed: %s",
                                 gsl_strerror(status));
    return GANSTAB_OK;
}

/* brent_body with GSL's error handler off, the caller's restored after. */
static int brent(double (*fn)(double, void *), sym_ctx *ctx, double lo, double hi, double *root,
                 ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = brent_body(fn, ctx, lo, hi, root, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* Upper end of the brackets: g and g' at a + 40 are below 1e-300 relative to their values near
 * the means, so every sign change of interest lies below it. */
#define SYM_BRACKET_WIDTH 40.0

int ganstab_gmm_symmetric_alpha_max(double a, double *t_max, ganstab_error *err)
{
    if (!(a > 0.0) || !isfinite(a))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm_map",
                                 "half-separation a must be finite and > 0, got %g", a);
    sym_ctx ctx = {a, 0.0};
    /* g'(a) = 2 a phi(2 a) > 0, and g' < 0 beyond t_max: bracket [a, a + width], stepped up
       until g' changes sign (phi(2a) may underflow for large a: then no maximum is resolvable) */
    double lo = a, hi = a + 1.0;
    while (sym_dg(hi, &ctx) > 0.0 && hi < a + SYM_BRACKET_WIDTH) {
        lo = hi;
        hi += 1.0;
    }
    if (!(sym_dg(lo, &ctx) > 0.0) || !(sym_dg(hi, &ctx) < 0.0))
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm_map",
                                 "no sign change of g' in [%g, %g] for a = %g", lo, hi, a);
    return brent(sym_dg, &ctx, lo, hi, t_max, err);
}

int ganstab_gmm_symmetric_placement(const double *mu_star, double alpha, double *disc,
                                    ganstab_error *err)
{
    if (!isfinite(mu_star[0]) || !isfinite(mu_star[1]) || !(mu_star[0] < mu_star[1]))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm_map",
                                 "the symmetric family needs finite mu*_1 < mu*_2, got (%g, %g)",
                                 mu_star[0], mu_star[1]);
    double m = 0.5 * (mu_star[0] + mu_star[1]), a = 0.5 * (mu_star[1] - mu_star[0]), t_max;
    int rc = ganstab_gmm_symmetric_alpha_max(a, &t_max, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (!(alpha > 0.0) || !(alpha < t_max))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm_map",
                                 "alpha must lie in (0, t_max = %.10g), got %g", t_max, alpha);
    sym_ctx ctx = {a, 0.0};
    ctx.level = sym_g(alpha, &ctx);
    /* g - level > 0 at t_max and decreases to -level < 0: bracket [t_max, t_max + k] */
    double hi = t_max + 1.0;
    while (sym_g(hi, &ctx) > 0.0 && hi < t_max + SYM_BRACKET_WIDTH)
        hi += 1.0;
    if (!(sym_g(hi, &ctx) < 0.0))
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm_map",
                                 "g(beta) = g(%g) has no root below %g (alpha too close to 0)",
                                 alpha, hi);
    double beta;
    if ((rc = brent(sym_g, &ctx, t_max, hi, &beta, err)) != GANSTAB_OK)
        return rc;
    disc[0] = m - beta;
    disc[1] = m - alpha;
    disc[2] = m + alpha;
    disc[3] = m + beta;
    return GANSTAB_OK;
}

/* ---- the map -------------------------------------------------------------------------------- */

double ganstab_grid_axis_value(const ganstab_grid_axis *a, size_t k)
{
    if (a->count <= 1)
        return a->from;
    return a->from + (a->to - a->from) * (double)k / (double)(a->count - 1);
}

char ganstab_gmm_map_letter(ganstab_verdict v)
{
    switch (v) {
    case GANSTAB_VERDICT_STABLE:
        return 'S';
    case GANSTAB_VERDICT_UNSTABLE:
        return 'U';
    case GANSTAB_VERDICT_MARGINAL:
        return 'M';
    default:
        return 'N';
    }
}

void ganstab_gmm_map_free(ganstab_gmm_map *m)
{
    if (m == NULL)
        return;
    free(m->count);
    free(m->first);
    free(m->points);
    free(m);
}

static int check_axis(const ganstab_grid_axis *a, const char *name, ganstab_error *err)
{
    if (a->count == 0 || a->count > GANSTAB_GMM_MAP_MAX_AXIS || !isfinite(a->from) ||
        !isfinite(a->to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm_map",
                                 "grid axis %s: need finite ends and 1 <= count <= %d, got "
                                 "[%g, %g] with count %zu",
                                 name, GANSTAB_GMM_MAP_MAX_AXIS, a->from, a->to, a->count);
    return GANSTAB_OK;
}

/* Analyse one placement: the map's copy of the case with model.disc set (validated like a case
 * file; setting the same key every time, the copy is the case with this placement). */
static int analyse_point(ganstab_case *copy, double tol, ganstab_gmm_map_point *p,
                         ganstab_error *err)
{
    char text[160];
    snprintf(text, sizeof text, "%.17g %.17g %.17g %.17g", p->disc[0], p->disc[1], p->disc[2],
             p->disc[3]);
    int rc = ganstab_case_set(copy, "model", "disc", text, "gmm placement map", err);
    if (rc != GANSTAB_OK)
        return rc;
    ganstab_result *r = NULL;
    if ((rc = ganstab_analyze(copy, tol, &r, err)) != GANSTAB_OK)
        return rc;
    const ganstab_eigenvalue *deciding =
        r->manifold_dim > 0 ? r->transversal_eigenvalues : r->eigenvalues;
    p->residual = r->residual;
    p->verdict = r->verdict;
    p->decisive = deciding[r->decisive];
    p->margin = ganstab_stability_margin(&p->decisive, r->dynamics);
    p->manifold_dim = r->manifold_dim;
    p->null_space_dim = r->null_space_dim;
    p->null_space_matches = r->null_space_matches;
    ganstab_result_free(r);
    return GANSTAB_OK;
}

int ganstab_gmm_placement_map(const ganstab_case *c, const ganstab_grid_axis *l1,
                              const ganstab_grid_axis *l2, double tol, ganstab_gmm_map **out,
                              ganstab_error *err)
{
    *out = NULL;
    if (c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm_map",
                                 "a placement map needs model gmm, got %s",
                                 ganstab_model_name(c->model));
    int rc;
    if ((rc = check_axis(l1, "l1", err)) != GANSTAB_OK ||
        (rc = check_axis(l2, "l2", err)) != GANSTAB_OK)
        return rc;
    if ((rc = ganstab_case_validate(c, err)) != GANSTAB_OK)
        return rc;
    size_t cells = l1->count * l2->count;
    ganstab_gmm_map *m = calloc(1, sizeof *m);
    ganstab_case *copy = malloc(sizeof *copy);
    if (m != NULL) {
        m->count = calloc(cells, sizeof *m->count);
        m->first = calloc(cells, sizeof *m->first);
        m->points = calloc(cells * GANSTAB_GMM_MAX_COMPLETIONS, sizeof *m->points);
    }
    if (m == NULL || copy == NULL || m->count == NULL || m->first == NULL || m->points == NULL) {
        ganstab_gmm_map_free(m);
        free(copy);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "gmm_map", "out of memory");
    }
    memcpy(copy, c, sizeof *copy); /* once: every point sets only model.disc */
    memcpy(m->mu_star, c->gmm_mu_star, sizeof m->mu_star);
    m->update = c->update;
    m->dynamics = ganstab_update_dynamics(&c->update);
    m->tol = tol;
    m->l1 = *l1;
    m->l2 = *l2;
    m->best = SIZE_MAX;
    for (size_t i1 = 0; i1 < l1->count && rc == GANSTAB_OK; i1++)
        for (size_t i2 = 0; i2 < l2->count && rc == GANSTAB_OK; i2++) {
            size_t cell = i1 * l2->count + i2;
            double l[2] = {ganstab_grid_axis_value(l1, i1), ganstab_grid_axis_value(l2, i2)};
            ganstab_gmm_completion comp[GANSTAB_GMM_MAX_COMPLETIONS];
            size_t found = 0;
            rc = ganstab_gmm_completions(m->mu_star, l, comp, GANSTAB_GMM_MAX_COMPLETIONS, &found,
                                         err);
            if (rc != GANSTAB_OK)
                break;
            m->count[cell] = found;
            m->first[cell] = m->n_points;
            if (found == 0)
                m->n_empty_cells++;
            if (found > GANSTAB_GMM_MAX_COMPLETIONS) {
                m->n_truncated_cells++;
                found = GANSTAB_GMM_MAX_COMPLETIONS;
            }
            for (size_t q = 0; q < found && rc == GANSTAB_OK; q++) {
                ganstab_gmm_map_point *p = &m->points[m->n_points];
                p->cell = cell;
                p->disc[0] = l[0];
                p->disc[1] = comp[q].r[0];
                p->disc[2] = l[1];
                p->disc[3] = comp[q].r[1];
                p->ordered = comp[q].ordered;
                if ((rc = analyse_point(copy, tol, p, err)) != GANSTAB_OK)
                    break;
                switch (p->verdict) {
                case GANSTAB_VERDICT_STABLE:
                    m->n_stable++;
                    if (m->best == SIZE_MAX || p->margin < m->points[m->best].margin)
                        m->best = m->n_points;
                    break;
                case GANSTAB_VERDICT_UNSTABLE:
                    m->n_unstable++;
                    break;
                case GANSTAB_VERDICT_MARGINAL:
                    m->n_marginal++;
                    break;
                default:
                    m->n_not_stationary++;
                    break;
                }
                if (!p->null_space_matches)
                    m->n_null_space_mismatch++;
                m->n_points++;
            }
        }
    free(copy);
    if (rc != GANSTAB_OK) {
        ganstab_gmm_map_free(m);
        return rc;
    }
    *out = m;
    return GANSTAB_OK;
}

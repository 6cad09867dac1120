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

/* A numerical failure deep in the pipeline ("eigen: LAPACKE_dgeevx") says what failed but not
 * for which case: prefix the case file, and the swept parameter value if there is one. */
int ganstab_analysis_locate_failure(int rc, const ganstab_case *c, ganstab_case_key key,
                                    double value, ganstab_error *err)
{
    int swept = ((int)key >= 0 && key < GANSTAB_CASE_NKEYS) ||
                (key >= GANSTAB_KEY_PARAM_FIRST && key <= GANSTAB_KEY_PARAM_LAST);
    if ((rc != GANSTAB_ENUMERIC && !(swept && rc == GANSTAB_EINVAL)) || err == NULL)
        return rc;
    /* room for file + ": " + inner location + " at KEY = VALUE"; set_where truncates */
    char where[2 * GANSTAB_ERROR_WHERE_MAX + 160];
    char at[128] = "";
    /* a location that already names the case file (a formula's "FILE:LINE") is not prefixed */
    size_t flen = strlen(c->file);
    int named = flen > 0 && strncmp(err->where, c->file, flen) == 0;
    if (swept)
        snprintf(at, sizeof at, " at %s = %.17g", ganstab_case_param_name(c, key), value);
    snprintf(where, sizeof where, "%s%s%s%s", c->file[0] != '\0' && !named ? c->file : "",
             c->file[0] != '\0' && !named ? ": " : "", err->where, at);
    ganstab_error_set_where(err, where);
    return rc;
}

void ganstab_result_free(ganstab_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n_stationary; i++) {
        free(r->stationary[i].point);
        free(r->stationary[i].eigenvalues);
    }
    free(r->stationary);
    free(r->equilibrium);
    ganstab_matrix_free(r->jacobian);
    ganstab_matrix_free(r->jacobian_fd);
    free(r->field_eigenvalues);
    ganstab_matrix_free(r->op);
    free(r->eigenvalues);
    free(r->transversal_field_eigenvalues);
    free(r->transversal_eigenvalues);
    free(r->names_owned);
    free(r);
}

/* An orthonormal frame Q = [T, C] (N-by-N, column-major, malloc'ed into *q) adapted to the
 * tangent space of the model's equilibrium set at x: the first k columns span it, the other
 * N - k (C) its orthogonal complement. k = 0 (and *q = NULL) for isolated equilibria. With an
 * update rule u (not NULL) the frame is of u's augmented state (N = m n, update.h), the tangent
 * vectors lifted by ganstab_update_lift; otherwise of the state itself (N = n). */
static int tangent_frame_lifted(const ganstab_model *m, const double *x, size_t n,
                                const ganstab_update *u, size_t *k, double **q, ganstab_error *err)
{
    *q = NULL;
    *k = m->ops->tangent != NULL ? m->ops->tangent(m, x, NULL) : 0;
    if (*k == 0)
        return GANSTAB_OK;
    size_t N = u != NULL ? ganstab_update_memory(u) * n : n;
    double *f = calloc(N * N, sizeof *f), *tau = malloc(N * sizeof *tau);
    double *t = u != NULL ? calloc(n * *k, sizeof *t) : NULL;
    if (f == NULL || tau == NULL || (u != NULL && t == NULL)) {
        free(f);
        free(tau);
        free(t);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    }
    if (u != NULL) {
        m->ops->tangent(m, x, t);
        ganstab_update_lift(u, t, n, *k, f);
        free(t);
    } else {
        m->ops->tangent(m, x, f);
    }
    lapack_int ln = (lapack_int)N;
    lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, ln, (lapack_int)*k, f, ln, tau);
    if (info == 0)
        info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, ln, ln, (lapack_int)*k, f, ln, tau);
    free(tau);
    if (info != 0) {
        free(f);
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "analysis: LAPACKE_dgeqrf/dorgqr",
                                 "info = %d", (int)info);
    }
    *q = f;
    return GANSTAB_OK;
}

static int tangent_frame(const ganstab_model *m, const double *x, size_t n, size_t *k, double **q,
                         ganstab_error *err)
{
    return tangent_frame_lifted(m, x, n, NULL, k, q, err);
}

/* max |M t|_2 over the first k (tangent) columns t of the frame q. */
static double tangent_image(const ganstab_matrix *M, const double *q, size_t k, double *work)
{
    size_t n = M->rows;
    double worst = 0.0;
    for (size_t c = 0; c < k; c++) {
        cblas_dgemv(CblasColMajor, CblasNoTrans, (int)n, (int)n, 1.0, M->data, (int)n, q + c * n, 1,
                    0.0, work, 1);
        worst = fmax(worst, cblas_dnrm2((int)n, work, 1));
    }
    return worst;
}

/* ev[0..n-k) = eigenvalues of C^T M C, C = columns k..n-1 of the frame q (tmp: n-by-(n-k),
 * t: (n-k)-by-(n-k) workspaces). BLAS: n is up to 2501 for model lq at d = 40. */
static int transversal_eigen(const ganstab_matrix *M, const double *q, size_t k,
                             ganstab_matrix *tmp, ganstab_matrix *t, ganstab_eigenvalue *ev,
                             ganstab_error *err)
{
    size_t n = M->rows, nt = n - k;
    const double *cb = q + k * n;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)nt, (int)n, 1.0, M->data,
                (int)n, cb, (int)n, 0.0, tmp->data, (int)n);
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, (int)nt, (int)nt, (int)n, 1.0, cb, (int)n,
                tmp->data, (int)n, 0.0, t->data, (int)nt);
    return ganstab_eigen_compute_alloc(t, ev, err);
}

/* The transversal spectrum of an update operator with memory (r->n_op = m n): off the lifted
 * tangent space of the equilibrium manifold, which the operator fixes. */
static int lifted_transversal_eigen(const ganstab_model *m, const ganstab_update *u,
                                    ganstab_result *r, size_t k, ganstab_error *err)
{
    size_t N = r->n_op, kk = 0;
    double *q = NULL;
    int rc = tangent_frame_lifted(m, r->equilibrium, r->n, u, &kk, &q, err);
    if (rc != GANSTAB_OK)
        return rc;
    ganstab_matrix *t = ganstab_matrix_alloc(N - k, N - k), *tmp = ganstab_matrix_alloc(N, N - k);
    if (kk != k || t == NULL || tmp == NULL)
        rc = ganstab_error_set(err, kk != k ? GANSTAB_EINVAL : GANSTAB_ENOMEM, "analysis",
                               kk != k ? "lifted manifold dimension mismatch" : "out of memory");
    else
        rc = transversal_eigen(r->op, q, k, tmp, t, r->transversal_eigenvalues, err);
    free(q);
    ganstab_matrix_free(t);
    ganstab_matrix_free(tmp);
    return rc;
}

/* Numerical null-space dimension of J and, for a model with an equilibrium manifold, the
 * transversal spectra (analysis.h, ganstab_result). */
static int manifold_analysis(const ganstab_model *m, const ganstab_update *u, ganstab_result *r,
                             ganstab_error *err)
{
    size_t n = r->n, k = 0;
    lapack_int ln = (lapack_int)n;
    double *a = malloc(n * n * sizeof *a), *sv = malloc(n * sizeof *sv);
    double *jt = calloc(n, sizeof *jt), *q = NULL;
    ganstab_matrix *t = NULL, *tmp = NULL;
    int rc = GANSTAB_OK;
    if (a == NULL || sv == NULL || jt == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    memcpy(a, r->jacobian->data, n * n * sizeof *a);
    double *sup = malloc((n > 1 ? n - 1 : 1) * sizeof *sup);
    lapack_int info = sup == NULL ? -1000
                                  : LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'N', ln, ln, a, ln, sv,
                                                   NULL, 1, NULL, 1, sup);
    free(sup);
    if (info == -1000) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    if (info != 0) {
        rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "analysis: LAPACKE_dgesvd", "info = %d",
                               (int)info);
        goto done;
    }
    double smax = sv[0], zero = GANSTAB_NULL_SPACE_RTOL * sv[0];
    for (size_t i = 0; i < n; i++)
        if (sv[i] <= zero)
            r->null_space_dim++;
    if ((rc = tangent_frame(m, r->equilibrium, n, &k, &q, err)) != GANSTAB_OK)
        goto done;
    r->manifold_dim = k;
    r->n_transversal = n - k;
    r->n_op_transversal = r->n_op - k;
    r->null_space_matches = r->null_space_dim == k;
    if (k == 0 || k >= n)
        goto done;
    double image = tangent_image(r->jacobian, q, k, jt);
    r->tangent_residual = smax > 0.0 ? image / smax : image;
    if (r->tangent_residual > GANSTAB_NULL_SPACE_RTOL)
        r->null_space_matches = 0;
    size_t nt = n - k;
    t = ganstab_matrix_alloc(nt, nt);
    tmp = ganstab_matrix_alloc(n, nt);
    r->transversal_field_eigenvalues = calloc(nt, sizeof *r->transversal_field_eigenvalues);
    r->transversal_eigenvalues = calloc(r->n_op_transversal, sizeof *r->transversal_eigenvalues);
    if (t == NULL || tmp == NULL || r->transversal_field_eigenvalues == NULL ||
        r->transversal_eigenvalues == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    rc = transversal_eigen(r->jacobian, q, k, tmp, t, r->transversal_field_eigenvalues, err);
    if (rc == GANSTAB_OK && r->op == NULL) /* flow: the deciding spectrum is the field's */
        memcpy(r->transversal_eigenvalues, r->transversal_field_eigenvalues,
               nt * sizeof *r->transversal_eigenvalues);
    else if (rc == GANSTAB_OK && r->n_op == n)
        rc = transversal_eigen(r->op, q, k, tmp, t, r->transversal_eigenvalues, err);
    else if (rc == GANSTAB_OK) /* an update with memory: the lifted manifold (analysis.h) */
        rc = lifted_transversal_eigen(m, u, r, k, err);
done:
    free(a);
    free(sv);
    free(q);
    free(jt);
    ganstab_matrix_free(t);
    ganstab_matrix_free(tmp);
    return rc;
}

/* J and the deciding spectrum at the equilibrium: the part shared by analyze and sweeps.
 * v and J at xstar, the residual |v(xstar)|_2 (residual may be NULL), the update operator op
 * (maps), then the full deciding spectrum into ev (skipped when ev is NULL). With
 * require_stationary, a residual above GANSTAB_STATIONARY_TOL is refused before any eigenvalue is
 * computed: a linearization at a point the dynamics leave decides nothing (DESIGN.md, Verdicts), so
 * a sweep of its spectrum would report meaningless critical values. */
static int spectrum_core(const ganstab_update *u, const game *g, const double *xstar,
                         int require_stationary, ganstab_matrix *J, ganstab_matrix *op,
                         ganstab_eigenvalue *field_ev, ganstab_eigenvalue *ev, double *residual,
                         ganstab_error *err)
{
    size_t n = J->rows;
    double *v = malloc(n * sizeof *v);
    if (v == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    int rc = ganstab_field_eval(g->model, &g->reg, xstar, v, J->data, err);
    double ss = 0.0;
    for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
        ss += v[i] * v[i];
    free(v);
    if (rc == GANSTAB_OK && residual != NULL)
        *residual = sqrt(ss);
    if (rc == GANSTAB_OK && require_stationary && sqrt(ss) > GANSTAB_STATIONARY_TOL)
        rc = ganstab_error_set(err, GANSTAB_EINVAL, "analysis",
                               "the equilibrium is not stationary here (residual %.3g > %g): "
                               "its linearization has no critical values",
                               sqrt(ss), GANSTAB_STATIONARY_TOL);
    size_t bi = 0, bj = 0;
    if (rc == GANSTAB_OK && !ganstab_matrix_all_finite(J, &bi, &bj))
        rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "jacobian",
                               "entry (%zu,%zu) at the equilibrium is not finite", bi + 1, bj + 1);
    if (rc == GANSTAB_OK && field_ev != NULL)
        rc = ganstab_eigen_compute_alloc(J, field_ev, err);
    if (rc == GANSTAB_OK && u->scheme != GANSTAB_SCHEME_FLOW) {
        rc = ganstab_update_operator(u, J, g->model->n_g, op, err);
        if (rc == GANSTAB_OK && ev != NULL)
            rc = ganstab_eigen_compute_alloc(op, ev, err);
    } else if (rc == GANSTAB_OK && ev != NULL) {
        rc = field_ev != NULL ? (memcpy(ev, field_ev, n * sizeof *ev), GANSTAB_OK)
                              : ganstab_eigen_compute_alloc(J, ev, err);
    }
    return rc;
}

/* ---- stationary points ------------------------------------------------------------ */

typedef struct {
    const ganstab_game *g;
    size_t n;
    double *J;
    int status;
} root_ctx;

static int root_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    root_ctx *r = params;
    r->status = ganstab_game_field(r->g, x->data, f->data, NULL, NULL);
    return r->status == GANSTAB_OK ? GSL_SUCCESS : GSL_EBADFUNC;
}

static int root_df(const gsl_vector *x, void *params, gsl_matrix *df)
{
    root_ctx *r = params;
    double *v = malloc(r->n * sizeof *v);
    r->status = v == NULL ? GANSTAB_ENOMEM : ganstab_game_field(r->g, x->data, v, r->J, NULL);
    free(v);
    if (r->status != GANSTAB_OK)
        return GSL_EBADFUNC;
    for (size_t i = 0; i < r->n; i++) /* GSL matrices are row-major, ours column-major */
        for (size_t j = 0; j < r->n; j++)
            gsl_matrix_set(df, i, j, r->J[i + j * r->n]);
    return GSL_SUCCESS;
}

static int root_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *df)
{
    int s = root_f(x, params, f);
    return s == GSL_SUCCESS ? root_df(x, params, df) : s;
}

/* Newton from one start; 1 and the point in `out` if it converged to |v| <= tol. */
static int newton_from(root_ctx *ctx, gsl_multiroot_fdfsolver *solver, const double *start,
                       double *out)
{
    gsl_multiroot_function_fdf fdf = {root_f, root_df, root_fdf, ctx->n, ctx};
    gsl_vector_const_view x0 = gsl_vector_const_view_array(start, ctx->n);
    if (gsl_multiroot_fdfsolver_set(solver, &fdf, &x0.vector) != GSL_SUCCESS)
        return 0;
    for (int it = 0; it < 200; it++) {
        if (gsl_multiroot_fdfsolver_iterate(solver) != GSL_SUCCESS)
            break;
        if (gsl_multiroot_test_residual(solver->f, GANSTAB_STATIONARY_TOL / 10.0) == GSL_SUCCESS)
            break;
    }
    double ss = 0.0;
    for (size_t i = 0; i < ctx->n; i++) {
        out[i] = gsl_vector_get(solver->x, i);
        ss += gsl_vector_get(solver->f, i) * gsl_vector_get(solver->f, i);
        if (!isfinite(out[i]))
            return 0;
    }
    return sqrt(ss) <= GANSTAB_STATIONARY_TOL;
}

/* The verdict at a stationary point p with deciding matrix M (J or the update operator) and its
 * full spectrum in sp->eigenvalues: on the spectrum transversal to the model's family of
 * equilibria through p when there is one. */
static int stationary_verdict(const ganstab_model *m, const ganstab_update *u, const double *p,
                              const ganstab_matrix *M, ganstab_stationary_point *sp,
                              const ganstab_result *r, ganstab_error *err)
{
    size_t n = M->rows, k = 0;
    double *q = NULL;
    int rc = tangent_frame_lifted(m, p, r->n, n != r->n ? u : NULL, &k, &q, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (k == 0 || k >= r->n) {
        free(q);
        return ganstab_classify(sp->eigenvalues, n, r->dynamics, r->tol, &sp->verdict, NULL, err);
    }
    ganstab_matrix *tmp = ganstab_matrix_alloc(n, n - k), *t = ganstab_matrix_alloc(n - k, n - k);
    ganstab_eigenvalue *ev = calloc(n - k, sizeof *ev);
    if (tmp == NULL || t == NULL || ev == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    if (rc == GANSTAB_OK)
        rc = transversal_eigen(M, q, k, tmp, t, ev, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_classify(ev, n - k, r->dynamics, r->tol, &sp->verdict, NULL, err);
    free(q);
    free(ev);
    ganstab_matrix_free(tmp);
    ganstab_matrix_free(t);
    return rc;
}

static int find_stationary_body(const ganstab_update *u, const ganstab_game *g, const double *xstar,
                                ganstab_result *r, ganstab_error *err)
{
    size_t n = r->n;
    root_ctx ctx = {g, n, malloc(n * n * sizeof(double)), GANSTAB_OK};
    gsl_multiroot_fdfsolver *solver =
        gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, n);
    double *start = malloc(n * sizeof *start), *p = malloc(n * sizeof *p);
    r->stationary = calloc(GANSTAB_STATIONARY_MAX, sizeof *r->stationary);
    int rc = GANSTAB_OK;
    if (ctx.J == NULL || solver == NULL || start == NULL || p == NULL || r->stationary == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    const size_t per_axis = 11;
    size_t starts = GANSTAB_STATIONARY_SEARCH_STARTS;
    if (n <= 3) {
        starts = 1;
        for (size_t i = 0; i < n; i++)
            starts *= per_axis;
    }
    unsigned long long seed = 0x9E3779B97F4A7C15ull; /* fixed: reports are reproducible */
    for (size_t k = 0; k < starts && r->n_stationary < GANSTAB_STATIONARY_MAX; k++) {
        size_t rest = k;
        for (size_t i = 0; i < n; i++) {
            double w;
            if (n <= 3) {
                w = (double)(rest % per_axis) / (double)(per_axis - 1);
                rest /= per_axis;
            } else {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                w = (double)(seed >> 11) * 0x1.0p-53;
            }
            start[i] = xstar[i] + GANSTAB_STATIONARY_SEARCH_RADIUS * (2.0 * w - 1.0);
        }
        if (!newton_from(&ctx, solver, start, p))
            continue;
        /* Only points inside the searched box: Newton also runs off to "stationary points at
           infinity", where the field decays (e.g. f'(t) underflows as |t| grows). */
        int inside = 1;
        for (size_t i = 0; i < n; i++)
            if (fabs(p[i] - xstar[i]) > GANSTAB_STATIONARY_SEARCH_RADIUS)
                inside = 0;
        if (!inside)
            continue;
        if (ganstab_field_kink(g->model, &g->reg, p))
            continue;
        /* A point where the field vanishes on a whole neighbourhood (the model's tangent space
           there is everything, e.g. the GMM-GAN with both discriminator intervals collapsed) is
           not an equilibrium worth listing: the dynamics have stopped, not converged. */
        if (g->model->ops->tangent != NULL && g->model->ops->tangent(g->model, p, NULL) >= n) {
            r->n_dead_stationary++;
            continue;
        }
        int seen = 0;
        for (size_t s = 0; s < r->n_stationary; s++) {
            double d = 0.0;
            for (size_t i = 0; i < n; i++)
                d = fmax(d, fabs(r->stationary[s].point[i] - p[i]));
            if (d <= GANSTAB_STATIONARY_MERGE)
                seen = 1;
        }
        if (seen)
            continue;
        ganstab_stationary_point *sp = &r->stationary[r->n_stationary];
        sp->point = malloc(n * sizeof(double));
        sp->eigenvalues = malloc(r->n_op * sizeof(ganstab_eigenvalue));
        if (sp->point == NULL || sp->eigenvalues == NULL) {
            free(sp->point);
            free(sp->eigenvalues);
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
            goto done;
        }
        r->n_stationary++;
        memcpy(sp->point, p, n * sizeof *p);
        ganstab_matrix *J = ganstab_matrix_alloc(n, n),
                       *op = ganstab_matrix_alloc(r->n_op, r->n_op);
        rc = J == NULL || op == NULL
                 ? ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory")
                 : spectrum_core(u, g, p, 0, J, op, NULL, sp->eigenvalues, &sp->residual, err);
        /* on a family of equilibria the verdict is transversal, as at x* (analysis.h) */
        if (rc == GANSTAB_OK)
            rc = stationary_verdict(g->model, u, p, u->scheme == GANSTAB_SCHEME_FLOW ? J : op, sp,
                                    r, err);
        ganstab_matrix_free(J);
        ganstab_matrix_free(op);
        if (rc != GANSTAB_OK)
            goto done;
    }
done:
    if (solver != NULL)
        gsl_multiroot_fdfsolver_free(solver);
    free(ctx.J);
    free(start);
    free(p);
    return rc;
}

/* find_stationary_body with GSL's error handler off, the caller's restored after. */
static int find_stationary(const ganstab_update *u, const ganstab_game *g, const double *xstar,
                           ganstab_result *r, ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = find_stationary_body(u, g, xstar, r, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

int ganstab_analyze_game(const ganstab_game *gp, const ganstab_update *u, double tol,
                         ganstab_result **out, ganstab_error *err)
{
    *out = NULL;
    int rc = GANSTAB_OK;
    game g = *gp;
    size_t n = g.model->n_g + g.model->n_d;
    ganstab_result *r = calloc(1, sizeof *r);
    if (r == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    r->n = n;
    r->n_g = g.model->n_g;
    r->n_d = g.model->n_d;
    r->names_owned = ganstab_model_names_copy(g.model);
    r->state_names = r->names_owned;
    r->tol = tol;
    r->dynamics = ganstab_update_dynamics(u);
    r->scheme = u->scheme;
    r->spectral_radius = NAN;
    r->equilibrium = calloc(n, sizeof(double));
    r->jacobian = ganstab_matrix_alloc(n, n);
    r->jacobian_fd = ganstab_matrix_alloc(n, n);
    r->field_eigenvalues = calloc(n, sizeof(ganstab_eigenvalue));
    r->n_op = ganstab_update_memory(u) * n;
    r->n_op_transversal = r->n_op;
    r->eigenvalues = calloc(r->n_op, sizeof(ganstab_eigenvalue));
    r->op = u->scheme != GANSTAB_SCHEME_FLOW ? ganstab_matrix_alloc(r->n_op, r->n_op) : NULL;
    if (r->names_owned == NULL || r->equilibrium == NULL || r->jacobian == NULL ||
        r->jacobian_fd == NULL || r->field_eigenvalues == NULL || r->eigenvalues == NULL ||
        (u->scheme != GANSTAB_SCHEME_FLOW && r->op == NULL)) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    g.model->ops->equilibrium(g.model, r->equilibrium);
    if ((rc = spectrum_core(u, &g, r->equilibrium, 0, r->jacobian, r->op, r->field_eigenvalues,
                            r->eigenvalues, &r->residual, err)) != GANSTAB_OK)
        goto done;
    /* Independent cross-check of the analytic Jacobian (DESIGN.md: in every report), where the
       model can evaluate its field near x*. */
    if (g.model->fd_unavailable != NULL) {
        r->jacobian_check_skipped = 1;
        r->jacobian_check_reason = g.model->fd_unavailable; /* static storage (model.h) */
    } else {
        if ((rc = ganstab_jacobian_fd(ganstab_game_field_fn, &g, n, r->equilibrium,
                                      r->jacobian_fd->data, err)) != GANSTAB_OK)
            goto done;
        r->jacobian_max_abs_diff = ganstab_matrix_max_abs_diff(r->jacobian, r->jacobian_fd);
        r->jacobian_agrees = r->jacobian_max_abs_diff <= GANSTAB_FD_TOL;
    }
    if ((rc = manifold_analysis(g.model, u, r, err)) != GANSTAB_OK)
        goto done;
    /* With an equilibrium manifold the verdict is transversal (analysis.h). */
    const ganstab_eigenvalue *field_ev =
        r->manifold_dim > 0 ? r->transversal_field_eigenvalues : r->field_eigenvalues;
    const ganstab_eigenvalue *deciding =
        r->manifold_dim > 0 ? r->transversal_eigenvalues : r->eigenvalues;
    size_t nd = r->manifold_dim > 0 ? r->n_op_transversal : r->n_op;
    r->spectral_abscissa =
        ganstab_spectral_abscissa(field_ev, r->manifold_dim > 0 ? r->n_transversal : n);
    if (r->op != NULL)
        r->spectral_radius = ganstab_spectral_radius(deciding, nd);
    if ((rc = ganstab_classify(deciding, nd, r->dynamics, tol, &r->verdict, &r->decisive, err)) !=
        GANSTAB_OK)
        goto done;
    /* Not an equilibrium: the eigenvalues describe a linearization at a point the dynamics
       leave, so they decide nothing (DESIGN.md, Verdicts). */
    r->kink = ganstab_field_kink(g.model, &g.reg, r->equilibrium);
    if (r->residual > GANSTAB_STATIONARY_TOL) {
        r->verdict = GANSTAB_VERDICT_NOT_STATIONARY;
        if ((rc = find_stationary(u, &g, r->equilibrium, r, err)) != GANSTAB_OK)
            goto done;
    }
done:
    if (rc != GANSTAB_OK) {
        ganstab_result_free(r);
        return rc;
    }
    *out = r;
    return GANSTAB_OK;
}

int ganstab_analyze(const ganstab_case *c, double tol, ganstab_result **out, ganstab_error *err)
{
    *out = NULL;
    int rc = ganstab_case_validate(c, err);
    if (rc != GANSTAB_OK)
        return rc;
    game g;
    if ((rc = ganstab_game_init(c, &g, err)) != GANSTAB_OK)
        return rc;
    rc = ganstab_analyze_game(&g, &c->update, tol, out, err);
    ganstab_game_free(&g);
    return rc == GANSTAB_OK ? rc
                            : ganstab_analysis_locate_failure(rc, c, GANSTAB_CASE_NKEYS, 0.0, err);
}

/* The size of the deciding spectrum of a case: the state dimension, less the dimension of the
 * equilibrium manifold through x* for models that have one (analysis.h). */
int ganstab_game_spectrum_size(const ganstab_game *g, const ganstab_update *u, size_t *size)
{
    size_t n = g->model->n_g + g->model->n_d, k = 0;
    double *xstar = calloc(n, sizeof *xstar);
    if (xstar == NULL)
        return GANSTAB_ENOMEM;
    g->model->ops->equilibrium(g->model, xstar);
    if (g->model->ops->tangent != NULL)
        k = g->model->ops->tangent(g->model, xstar, NULL);
    free(xstar);
    *size = ganstab_update_memory(u) * n - k;
    return GANSTAB_OK;
}

int ganstab_analysis_spectrum_size(const ganstab_case *c, size_t *size, ganstab_error *err)
{
    game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    rc = ganstab_game_spectrum_size(&g, &c->update, size);
    ganstab_game_free(&g);
    return rc == GANSTAB_OK ? rc : ganstab_error_set(err, rc, "analysis", "out of memory");
}

/* The deciding spectrum of the case's game g at g's equilibrium (ganstab_analysis_spectrum).
 * With `refuse`, a point that is not stationary is an error; otherwise *stationary (may be NULL
 * with refuse) says whether it is, ev is only filled at a stationary point, and *residual (may be
 * NULL) receives |v(x*)|. */
int ganstab_game_spectrum(const ganstab_game *gp, const ganstab_update *u, int refuse,
                          ganstab_eigenvalue *ev, double *xstar_out, double *residual,
                          int *stationary, ganstab_error *err)
{
    game g = *gp;
    int rc = GANSTAB_OK;
    size_t n = g.model->n_g + g.model->n_d, k = 0, N = ganstab_update_memory(u) * n;
    double res = 0.0;
    double *xstar = calloc(n, sizeof *xstar), *q = NULL, *work = calloc(n, sizeof *work);
    ganstab_matrix *J = ganstab_matrix_alloc(n, n), *op = ganstab_matrix_alloc(N, N);
    ganstab_matrix *tmp = NULL, *t = NULL;
    if (xstar == NULL || work == NULL || J == NULL || op == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    g.model->ops->equilibrium(g.model, xstar);
    if ((rc = tangent_frame(g.model, xstar, n, &k, &q, err)) != GANSTAB_OK)
        goto done;
    if (xstar_out != NULL)
        memcpy(xstar_out, xstar, n * sizeof *xstar);
    rc = spectrum_core(u, &g, xstar, refuse, J, op, NULL, k == 0 ? ev : NULL, &res, err);
    if (residual != NULL)
        *residual = res;
    if (stationary != NULL)
        *stationary = res <= GANSTAB_STATIONARY_TOL;
    if (rc != GANSTAB_OK || k == 0 || res > GANSTAB_STATIONARY_TOL)
        goto done;
    /* A manifold of equilibria: the spectrum off its tangent space T decides (analysis.h). The
       projection is only meaningful while J T = 0; ganstab_analyze measures that against
       sigma_max(J); here the Frobenius norm, an upper bound of sigma_max, saves the SVD at every
       scan point (looser by at most sqrt(rank J), still far below the nonzero singular values:
       GANSTAB_NULL_SPACE_RTOL). */
    double fro = 0.0;
    for (size_t i = 0; i < n * n; i++)
        fro += J->data[i] * J->data[i];
    fro = sqrt(fro);
    double image = tangent_image(J, q, k, work);
    if (image > GANSTAB_NULL_SPACE_RTOL * fro) {
        rc = ganstab_error_set(err, GANSTAB_EINVAL, "analysis",
                               "the tangent space of the equilibrium manifold of model %s is not "
                               "in the null space of J here (|J t| = %.3g): the spectrum "
                               "transversal to it is undefined",
                               g.model->ops->name, image);
        goto done;
    }
    if (N != n) { /* an update with memory: off the lifted manifold (analysis.h) */
        free(q);
        q = NULL;
        if ((rc = tangent_frame_lifted(g.model, xstar, n, u, &k, &q, err)) != GANSTAB_OK)
            goto done;
    }
    tmp = ganstab_matrix_alloc(N, N - k);
    t = ganstab_matrix_alloc(N - k, N - k);
    if (tmp == NULL || t == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    rc = transversal_eigen(u->scheme == GANSTAB_SCHEME_FLOW ? J : op, q, k, tmp, t, ev, err);
done:
    free(xstar);
    free(work);
    free(q);
    ganstab_matrix_free(J);
    ganstab_matrix_free(op);
    ganstab_matrix_free(tmp);
    ganstab_matrix_free(t);
    return rc;
}

int ganstab_analysis_spectrum_at(const ganstab_case *c, ganstab_eigenvalue *ev, double *xstar_out,
                                 ganstab_error *err)
{
    game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    rc = ganstab_game_spectrum(&g, &c->update, 1, ev, xstar_out, NULL, NULL, err);
    ganstab_game_free(&g);
    return rc;
}

int ganstab_analysis_spectrum(const ganstab_case *c, ganstab_eigenvalue *ev, ganstab_error *err)
{
    return ganstab_analysis_spectrum_at(c, ev, NULL, err);
}

int ganstab_analysis_point(const ganstab_case *c, ganstab_eigenvalue *ev, double *residual,
                           int *stationary, ganstab_error *err)
{
    game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    rc = ganstab_game_spectrum(&g, &c->update, 0, ev, NULL, residual, stationary, err);
    ganstab_game_free(&g);
    return rc;
}

int ganstab_analysis_game_residual(const game *g, double *residual, ganstab_error *err)
{
    size_t n = g->model->n_g + g->model->n_d;
    double *x = calloc(n, sizeof *x), *v = calloc(n, sizeof *v);
    int rc;
    if (x == NULL || v == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    } else {
        g->model->ops->equilibrium(g->model, x);
        rc = ganstab_field_eval(g->model, &g->reg, x, v, NULL, err);
        double ss = 0.0;
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
            ss += v[i] * v[i];
        if (rc == GANSTAB_OK)
            *residual = sqrt(ss);
    }
    free(x);
    free(v);
    return rc;
}

int ganstab_analysis_residual(const ganstab_case *c, double *residual, ganstab_error *err)
{
    game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    rc = ganstab_analysis_game_residual(&g, residual, err);
    ganstab_model_free(g.model);
    return rc;
}

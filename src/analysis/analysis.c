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
#include "ganstab/update.h"

typedef ganstab_game game;

int ganstab_game_init(const ganstab_case *c, ganstab_game *g, ganstab_error *err)
{
    g->model = NULL;
    switch (c->model) {
    case GANSTAB_MODEL_DIRAC:
        g->model = ganstab_dirac_alloc(c->loss);
        break;
    case GANSTAB_MODEL_LQ2D:
        g->model = ganstab_lq2d_alloc(c->loss);
        break;
    case GANSTAB_MODEL_LQ: {
        double *cov = malloc(c->lq_dim * c->lq_dim * sizeof *cov);
        if (cov == NULL)
            break;
        int rc = ganstab_case_lq_covariance(c, cov, err);
        if (rc == GANSTAB_OK)
            rc = ganstab_lq_alloc(c->loss, c->lq_dim, c->lq_mean, cov, &g->model, err);
        free(cov);
        if (rc != GANSTAB_OK && rc != GANSTAB_ENOMEM)
            return rc;
        break;
    }
    case GANSTAB_MODEL_GMM: {
        int rc = ganstab_gmm_model_alloc(c->gmm_mu_star, c->gmm_disc, &g->model, err);
        if (rc != GANSTAB_OK && rc != GANSTAB_ENOMEM)
            return rc;
        break;
    }
    case GANSTAB_MODEL_EXPR: {
        ganstab_case_expr *ce = malloc(sizeof *ce);
        if (ce == NULL)
            break;
        ganstab_case_expr_spec(c, ce);
        int rc = ganstab_expr_alloc(&ce->spec, &g->model, err);
        free(ce);
        if (rc != GANSTAB_OK && rc != GANSTAB_ENOMEM)
            return rc;
        break;
    }
    }
    if (g->model == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    int rc = ganstab_regularizer_init(&g->reg, c->reg_kind, c->gamma, c->sigma, c->g0, c->eta, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(g->model);
        g->model = NULL;
    }
    return rc;
}

/* A numerical failure deep in the pipeline ("eigen: LAPACKE_dgeevx") says what failed but not
 * for which case: prefix the case file, and the swept parameter value if there is one. */
static int locate_failure(int rc, const ganstab_case *c, ganstab_case_key key, double value,
                          ganstab_error *err)
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

void ganstab_game_free(ganstab_game *g)
{
    if (g == NULL)
        return;
    ganstab_model_free(g->model);
    g->model = NULL;
}

size_t ganstab_game_dimension(const ganstab_game *g)
{
    return g->model->n_g + g->model->n_d;
}

int ganstab_game_field(const ganstab_game *g, const double *x, double *v, double *J,
                       ganstab_error *err)
{
    return ganstab_field_eval(g->model, &g->reg, x, v, J, err);
}

static int game_field(const double *x, void *ctx, double *v, ganstab_error *err)
{
    return ganstab_game_field(ctx, x, v, NULL, err);
}

int ganstab_case_dimension(const ganstab_case *c, size_t *n, ganstab_error *err)
{
    switch (c->model) {
    case GANSTAB_MODEL_DIRAC:
    case GANSTAB_MODEL_LQ2D:
        *n = 2;
        return GANSTAB_OK;
    case GANSTAB_MODEL_LQ:
        *n = ganstab_lq_generator_count(c->lq_dim) + ganstab_lq_discriminator_count(c->lq_dim);
        return GANSTAB_OK;
    case GANSTAB_MODEL_GMM:
        *n = GANSTAB_GMM_N; /* mu1, mu2, l1, r1, l2, r2 */
        return GANSTAB_OK;
    case GANSTAB_MODEL_EXPR: {
        ganstab_case_expr *ce = malloc(sizeof *ce);
        if (ce == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        ganstab_case_expr_spec(c, ce);
        int rc = ganstab_expr_check(&ce->spec, n, NULL, err);
        free(ce);
        return rc;
    }
    }
    return ganstab_error_set(err, GANSTAB_EINVAL, "analysis", "unknown model");
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
static int spectrum_core(const ganstab_case *c, const game *g, const double *xstar,
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
    if (rc == GANSTAB_OK && c->update.scheme != GANSTAB_SCHEME_FLOW) {
        rc = ganstab_update_operator(&c->update, J, g->model->n_g, op, err);
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

static int find_stationary(const ganstab_case *c, const ganstab_game *g, const double *xstar,
                           ganstab_result *r, ganstab_error *err)
{
    size_t n = r->n;
    gsl_set_error_handler_off();
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
            double u;
            if (n <= 3) {
                u = (double)(rest % per_axis) / (double)(per_axis - 1);
                rest /= per_axis;
            } else {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                u = (double)(seed >> 11) * 0x1.0p-53;
            }
            start[i] = xstar[i] + GANSTAB_STATIONARY_SEARCH_RADIUS * (2.0 * u - 1.0);
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
                 : spectrum_core(c, g, p, 0, J, op, NULL, sp->eigenvalues, &sp->residual, err);
        /* on a family of equilibria the verdict is transversal, as at x* (analysis.h) */
        if (rc == GANSTAB_OK)
            rc = stationary_verdict(g->model, &c->update, p,
                                    c->update.scheme == GANSTAB_SCHEME_FLOW ? J : op, sp, r, err);
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

int ganstab_analyze(const ganstab_case *c, double tol, ganstab_result **out, ganstab_error *err)
{
    *out = NULL;
    int rc = ganstab_case_validate(c, err);
    if (rc != GANSTAB_OK)
        return rc;
    game g;
    if ((rc = ganstab_game_init(c, &g, err)) != GANSTAB_OK)
        return rc;
    size_t n = g.model->n_g + g.model->n_d;
    ganstab_result *r = calloc(1, sizeof *r);
    if (r == NULL) {
        ganstab_model_free(g.model);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    }
    r->n = n;
    r->n_g = g.model->n_g;
    r->n_d = g.model->n_d;
    r->names_owned = ganstab_model_names_copy(g.model);
    r->state_names = r->names_owned;
    r->tol = tol;
    r->dynamics = ganstab_update_dynamics(&c->update);
    r->scheme = c->update.scheme;
    r->spectral_radius = NAN;
    r->equilibrium = calloc(n, sizeof(double));
    r->jacobian = ganstab_matrix_alloc(n, n);
    r->jacobian_fd = ganstab_matrix_alloc(n, n);
    r->field_eigenvalues = calloc(n, sizeof(ganstab_eigenvalue));
    r->n_op = ganstab_update_memory(&c->update) * n;
    r->n_op_transversal = r->n_op;
    r->eigenvalues = calloc(r->n_op, sizeof(ganstab_eigenvalue));
    r->op = c->update.scheme != GANSTAB_SCHEME_FLOW ? ganstab_matrix_alloc(r->n_op, r->n_op) : NULL;
    if (r->names_owned == NULL || r->equilibrium == NULL || r->jacobian == NULL ||
        r->jacobian_fd == NULL || r->field_eigenvalues == NULL || r->eigenvalues == NULL ||
        (c->update.scheme != GANSTAB_SCHEME_FLOW && r->op == NULL)) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    g.model->ops->equilibrium(g.model, r->equilibrium);
    if ((rc = spectrum_core(c, &g, r->equilibrium, 0, r->jacobian, r->op, r->field_eigenvalues,
                            r->eigenvalues, &r->residual, err)) != GANSTAB_OK)
        goto done;
    /* Independent cross-check of the analytic Jacobian (DESIGN.md: in every report), where the
       model can evaluate its field near x*. */
    if (g.model->fd_unavailable != NULL) {
        r->jacobian_check_skipped = 1;
        r->jacobian_check_reason = g.model->fd_unavailable; /* static storage (model.h) */
    } else {
        if ((rc = ganstab_jacobian_fd(game_field, &g, n, r->equilibrium, r->jacobian_fd->data,
                                      err)) != GANSTAB_OK)
            goto done;
        r->jacobian_max_abs_diff = ganstab_matrix_max_abs_diff(r->jacobian, r->jacobian_fd);
        r->jacobian_agrees = r->jacobian_max_abs_diff <= GANSTAB_FD_TOL;
    }
    if ((rc = manifold_analysis(g.model, &c->update, r, err)) != GANSTAB_OK)
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
        if ((rc = find_stationary(c, &g, r->equilibrium, r, err)) != GANSTAB_OK)
            goto done;
    }
done:
    ganstab_model_free(g.model);
    if (rc != GANSTAB_OK) {
        ganstab_result_free(r);
        return locate_failure(rc, c, GANSTAB_CASE_NKEYS, 0.0, err);
    }
    *out = r;
    return GANSTAB_OK;
}

/* The size of the deciding spectrum of a case: the state dimension, less the dimension of the
 * equilibrium manifold through x* for models that have one (analysis.h). */
static int deciding_size(const ganstab_game *g, const ganstab_update *u, size_t *size)
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
    rc = deciding_size(&g, &c->update, size);
    ganstab_game_free(&g);
    return rc == GANSTAB_OK ? rc : ganstab_error_set(err, rc, "analysis", "out of memory");
}

/* The deciding spectrum of the case's game g at g's equilibrium (ganstab_analysis_spectrum).
 * With `refuse`, a point that is not stationary is an error; otherwise *stationary (may be NULL
 * with refuse) says whether it is, ev is only filled at a stationary point, and *residual (may be
 * NULL) receives |v(x*)|. */
static int game_spectrum(const ganstab_case *c, const game *gp, int refuse, ganstab_eigenvalue *ev,
                         double *xstar_out, double *residual, int *stationary, ganstab_error *err)
{
    game g = *gp;
    int rc = GANSTAB_OK;
    size_t n = g.model->n_g + g.model->n_d, k = 0, N = ganstab_update_memory(&c->update) * n;
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
    rc = spectrum_core(c, &g, xstar, refuse, J, op, NULL, k == 0 ? ev : NULL, &res, err);
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
        if ((rc = tangent_frame_lifted(g.model, xstar, n, &c->update, &k, &q, err)) != GANSTAB_OK)
            goto done;
    }
    tmp = ganstab_matrix_alloc(N, N - k);
    t = ganstab_matrix_alloc(N - k, N - k);
    if (tmp == NULL || t == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    rc = transversal_eigen(c->update.scheme == GANSTAB_SCHEME_FLOW ? J : op, q, k, tmp, t, ev, err);
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
    rc = game_spectrum(c, &g, 1, ev, xstar_out, NULL, NULL, err);
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
    rc = game_spectrum(c, &g, 0, ev, NULL, residual, stationary, err);
    ganstab_game_free(&g);
    return rc;
}

static int game_residual(const game *g, double *residual, ganstab_error *err);

int ganstab_analysis_residual(const ganstab_case *c, double *residual, ganstab_error *err)
{
    game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    rc = game_residual(&g, residual, err);
    ganstab_model_free(g.model);
    return rc;
}

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
    if (rc == GANSTAB_OK && (rc = deciding_size(&s->g, &s->c.update, size)) != GANSTAB_OK)
        rc = ganstab_error_set(err, rc, "analysis", "out of memory");
    return rc;
}

int ganstab_analysis_ctx_spectrum(ganstab_analysis_ctx *s, ganstab_eigenvalue *ev, double *xstar,
                                  ganstab_error *err)
{
    int rc = ctx_game(s, err);
    return rc == GANSTAB_OK ? game_spectrum(&s->c, &s->g, 1, ev, xstar, NULL, NULL, err) : rc;
}

int ganstab_analysis_ctx_point(ganstab_analysis_ctx *s, ganstab_eigenvalue *ev, double *residual,
                               int *stationary, ganstab_error *err)
{
    int rc = ctx_game(s, err);
    return rc == GANSTAB_OK ? game_spectrum(&s->c, &s->g, 0, ev, NULL, residual, stationary, err)
                            : rc;
}

/* |v(x*)|_2 of a game (ganstab_analysis_residual). */
static int game_residual(const game *g, double *residual, ganstab_error *err)
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

int ganstab_analysis_ctx_residual(ganstab_analysis_ctx *s, double *residual, ganstab_error *err)
{
    int rc = ctx_game(s, err);
    return rc == GANSTAB_OK ? game_residual(&s->g, residual, err) : rc;
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
        return locate_failure(ganstab_analysis_ctx_spectrum(s->ctx, ev, NULL, err), c, s->key, p,
                              err);
    }
    int found = 0;
    int rc = sweep_model(s, p, &found, err);
    game g = {s->model, {0}};
    if (rc == GANSTAB_OK)
        rc = ganstab_regularizer_init(&g.reg, s->c.reg_kind, s->c.gamma, s->c.sigma, s->c.g0,
                                      s->c.eta, err);
    if (rc == GANSTAB_OK)
        rc = game_spectrum(&s->c, &g, 1, ev, NULL, NULL, NULL, err);
    return locate_failure(rc, &s->c, s->key, p, err);
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
    gsl_set_error_handler_off();
    gsl_multiroot_fsolver *solver =
        gsl_multiroot_fsolver_alloc(gsl_multiroot_fsolver_hybrids, n + 1);
    gsl_vector *z = gsl_vector_alloc(n + 1);
    if (solver == NULL || z == NULL) {
        if (solver != NULL)
            gsl_multiroot_fsolver_free(solver);
        if (z != NULL)
            gsl_vector_free(z);
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
        rc = locate_failure(sweep_model(s, px[k], &found[k], err), &s->c, key, px[k], err);
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
        return locate_failure(rc, &ctx->c, key, p, err);
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

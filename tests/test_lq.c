/* Model lq (the d-dimensional LQ-GAN of Nagarajan & Kolter 2017, Sec. 3.3 / Appendix D): the
 * closed-form (Isserlis) field and Jacobian against tensor Gauss-Hermite quadrature of the same
 * expectations, the quadrature Jacobian against central differences, the equilibrium manifold
 * (null space of J = its tangent space) and Theorem 3.1's bounds on the transversal spectrum
 * for random covariances, and the [model] keys' bad inputs. */
#include "testutil.h"

#include <lapacke.h>
#include <stdlib.h>

#include "ganstab/fdjac.h"
#include "ganstab/lq.h"
#include "ganstab/regularizer.h"

/* Closed form and quadrature agree to rounding where the integrands are polynomials (D = 0):
 * both are exact there, sums of ~10^3 terms of O(10) size. */
#define MOMENT_TOL 1e-11
/* Theorem 3.1's bounds are inequalities; allow rounding of the eigenvalues (~1e-14). */
#define BOUND_TOL 1e-10

static void lq_case(ganstab_case *c, size_t d, const char *loss, unsigned seed, int with_mean)
{
    char dim[32], cov[64], mean[512], lossk[64];
    snprintf(dim, sizeof dim, "model.dim=%zu", d);
    snprintf(cov, sizeof cov, "model.cov=random %u", seed);
    snprintf(lossk, sizeof lossk, "case.loss=%s", loss);
    size_t k = (size_t)snprintf(mean, sizeof mean, "model.mean=");
    for (size_t i = 0; i < d; i++)
        k += (size_t)snprintf(mean + k, sizeof mean - k, "%s%g", i ? " " : "",
                              with_mean ? 0.3 * (double)i - 0.2 * (double)(seed % 3) : 0.0);
    const char *a[] = {"case.model=lq", lossk, dim, cov, mean, NULL};
    testutil_case_build(c, a);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_validate(c, &err), GANSTAB_OK);
}

static ganstab_model *lq_model(const ganstab_case *c)
{
    double *cov = malloc(c->lq_dim * c->lq_dim * sizeof *cov);
    assert_non_null(cov);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_lq_covariance(c, cov, &err), GANSTAB_OK);
    ganstab_model *m = NULL;
    assert_int_equal(ganstab_lq_alloc(c->loss, c->lq_dim, c->lq_mean, cov, &m, &err), GANSTAB_OK);
    free(cov);
    return m;
}

/* Both data terms at x: v (n) and J (n*n). */
static void field(const ganstab_model *m, const double *x, double *v, double *J)
{
    size_t n = m->n_g + m->n_d;
    memset(v, 0, n * sizeof *v);
    memset(J, 0, n * n * sizeof *J);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_REAL, x, NULL, v, J, &err), GANSTAB_OK);
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_FAKE, x, NULL, v, J, &err), GANSTAB_OK);
}

static double max_abs(const double *a, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s = fmax(s, fabs(a[i]));
    return s;
}

/* Isserlis moments (K_DD, K_DG and the zero field at x*; E phi, E phi phi^T at a displaced
 * generator with D = 0) against direct Gauss-Hermite quadrature, d = 1, 2, 3. */
static void test_moments_vs_quadrature(void **state)
{
    (void)state;
    const char *losses[] = {"standard", "nonsaturating", "wgan"};
    for (size_t d = 1; d <= 3; d++)
        for (size_t li = 0; li < 3; li++)
            for (unsigned seed = 1; seed <= 3; seed++) {
                ganstab_case c;
                lq_case(&c, d, losses[li], seed, 1);
                ganstab_model *m = lq_model(&c);
                size_t n = m->n_g + m->n_d;
                double *x = calloc(n, sizeof *x), *v1 = calloc(n, sizeof *v1);
                double *v2 = calloc(n, sizeof *v2), *J1 = calloc(n * n, sizeof *J1);
                double *J2 = calloc(n * n, sizeof *J2);
                assert_true(x && v1 && v2 && J1 && J2);
                for (int at = 0; at < 2; at++) {
                    m->ops->equilibrium(m, x);
                    if (at == 1) /* generator off the manifold, D = 0 still */
                        for (size_t i = 0; i < m->n_g; i++)
                            x[i] += 0.1 * sin(1.0 + (double)(i * seed));
                    field(m, x, v1, J1);
                    ganstab_error err;
                    assert_int_equal(ganstab_lq_force_quadrature(m, 1, &err), GANSTAB_OK);
                    field(m, x, v2, J2);
                    assert_int_equal(ganstab_lq_force_quadrature(m, 0, &err), GANSTAB_OK);
                    double scale = fmax(1.0, max_abs(J1, n * n));
                    for (size_t i = 0; i < n; i++)
                        assert_close(v1[i], v2[i], MOMENT_TOL * scale);
                    for (size_t i = 0; i < n * n; i++)
                        assert_close(J1[i], J2[i], MOMENT_TOL * scale);
                    if (at == 0)
                        assert_true(max_abs(v1, n) <= MOMENT_TOL);
                }
                free(x);
                free(v1);
                free(v2);
                free(J1);
                free(J2);
                ganstab_model_free(m);
            }
}

typedef struct {
    const ganstab_model *m;
    ganstab_regularizer reg;
} fd_ctx;

static int fd_field(const double *x, double *v, double *J, void *ctx, ganstab_error *err)
{
    fd_ctx *f = ctx;
    return ganstab_field_eval(f->m, &f->reg, x, v, J, err);
}

/* The analytic Jacobian (closed form at x*, quadrature away from D = 0) against central
 * differences: at x* through the analysis, and at points with D != 0 directly. */
static void test_jacobian_vs_finite_differences(void **state)
{
    (void)state;
    const char *losses[] = {"standard", "nonsaturating", "wgan"};
    for (size_t d = 1; d <= 3; d++)
        for (size_t li = 0; li < 3; li++) {
            ganstab_case c;
            lq_case(&c, d, losses[li], 5, 1);
            ganstab_result *r = testutil_analyze(&c);
            assert_false(r->jacobian_check_skipped);
            assert_true(r->jacobian_agrees);
            assert_true(r->jacobian_max_abs_diff <= GANSTAB_FD_TOL);
            ganstab_result_free(r);

            ganstab_model *m = lq_model(&c);
            size_t n = m->n_g + m->n_d;
            fd_ctx f = {m, {0}};
            ganstab_error err;
            assert_int_equal(ganstab_regularizer_init(&f.reg, GANSTAB_REG_NONE, 0, 0, 1, 0, &err),
                             GANSTAB_OK);
            double *x = calloc(n, sizeof *x), *v = calloc(n, sizeof *v);
            double *J = calloc(n * n, sizeof *J), *Jfd = calloc(n * n, sizeof *Jfd);
            assert_true(x && v && J && Jfd);
            m->ops->equilibrium(m, x);
            for (size_t i = 0; i < n; i++)
                x[i] += 0.05 * cos(2.0 + 3.0 * (double)i);
            assert_int_equal(ganstab_field_eval(m, &f.reg, x, v, J, &err), GANSTAB_OK);
            assert_int_equal(ganstab_jacobian_fd(fd_field, &f, n, x, Jfd, &err), GANSTAB_OK);
            double diff = 0.0;
            for (size_t i = 0; i < n * n; i++)
                diff = fmax(diff, fabs(J[i] - Jfd[i]));
            assert_true(diff <= GANSTAB_FD_TOL);
            free(x);
            free(v);
            free(J);
            free(Jfd);
            ganstab_model_free(m);
        }
}

/* Eigenvalues of a symmetric k-by-k matrix (column-major, overwritten), ascending. */
static void sym_eigenvalues(double *a, size_t k, double *w)
{
    lapack_int info = LAPACKE_dsyev(LAPACK_COL_MAJOR, 'N', 'U', (lapack_int)k, a, (lapack_int)k, w);
    assert_int_equal(info, 0);
}

/* Smallest eigenvalue above the numerical zero of a PSD spectrum (ascending). */
static double min_positive(const double *w, size_t k)
{
    double zero = 1e-10 * fmax(1.0, fabs(w[k - 1]));
    for (size_t i = 0; i < k; i++)
        if (w[i] > zero)
            return w[i];
    return NAN;
}

/* For random Sigma and mean, d <= 5: null space of J = tangent space of the equilibrium
 * manifold (dimension d(d-1)/2), every transversal eigenvalue has Re < 0 and obeys Theorem
 * 3.1's bounds with K_DD = J_DD / (2 f''(0)), K_DG = J_DG / f'(0). */
static void test_manifold_and_theorem_3_1(void **state)
{
    (void)state;
    double f1 = 0.0, f2 = 0.0;
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, 0.0, &f1, &f2);
    double worst_margin_real = -INFINITY, worst_margin_complex = -INFINITY;
    for (size_t d = 1; d <= 5; d++)
        for (unsigned seed = 1; seed <= 4; seed++) {
            ganstab_case c;
            lq_case(&c, d, "standard", seed, seed % 2);
            ganstab_result *r = testutil_analyze(&c);
            size_t ng = r->n_g, nd = r->n_d, n = r->n;
            assert_int_equal(r->manifold_dim, d * (d - 1) / 2);
            assert_int_equal(r->null_space_dim, r->manifold_dim);
            assert_true(r->null_space_matches);
            assert_int_equal(r->verdict, GANSTAB_VERDICT_STABLE);
            assert_int_equal(r->jacobian_check_skipped, d > GANSTAB_LQ_QUADRATURE_MAX_DIM);
            /* K_DD (nd x nd) and K_DG^T K_DG (ng x ng) from the blocks of J. */
            double *kdd = malloc(nd * nd * sizeof *kdd), *ktk = calloc(ng * ng, sizeof *ktk);
            double *w1 = malloc(nd * sizeof *w1), *w2 = malloc(ng * sizeof *w2);
            assert_true(kdd && ktk && w1 && w2);
            for (size_t i = 0; i < nd; i++)
                for (size_t j = 0; j < nd; j++)
                    kdd[i + j * nd] = ganstab_matrix_get(r->jacobian, ng + i, ng + j) / (2.0 * f2);
            for (size_t i = 0; i < ng; i++)
                for (size_t j = 0; j < ng; j++)
                    for (size_t k = 0; k < nd; k++)
                        ktk[i + j * ng] += ganstab_matrix_get(r->jacobian, ng + k, i) *
                                           ganstab_matrix_get(r->jacobian, ng + k, j) / (f1 * f1);
            /* J_GD = -J_DG^T and J_GG = 0 (Theorem 3.1's form of J) */
            for (size_t i = 0; i < ng; i++)
                for (size_t j = 0; j < n; j++) {
                    double expect = j < ng ? 0.0 : -ganstab_matrix_get(r->jacobian, j, i);
                    assert_close(ganstab_matrix_get(r->jacobian, i, j), expect, 1e-14);
                }
            sym_eigenvalues(kdd, nd, w1);
            sym_eigenvalues(ktk, ng, w2);
            double kmin = min_positive(w1, nd), kmax = w1[nd - 1], tmin = min_positive(w2, ng);
            assert_true(w1[0] > 0.0); /* K_DD positive definite: D's features are independent */
            double bound_real =
                2.0 * f2 * f1 * f1 * kmin * tmin / (4.0 * f2 * f2 * kmin * kmax + f1 * f1 * tmin);
            double bound_complex = f2 * kmin;
            const ganstab_eigenvalue *spec =
                r->manifold_dim > 0 ? r->transversal_field_eigenvalues : r->field_eigenvalues;
            assert_int_equal(r->n_transversal, n - r->manifold_dim);
            for (size_t i = 0; i < r->n_transversal; i++) {
                const ganstab_eigenvalue *e = &spec[i];
                assert_true(e->re < 0.0);
                if (e->im == 0.0) {
                    assert_true(e->re <= bound_real + BOUND_TOL);
                    worst_margin_real = fmax(worst_margin_real, e->re - bound_real);
                } else {
                    assert_true(e->re <= bound_complex + BOUND_TOL);
                    worst_margin_complex = fmax(worst_margin_complex, e->re - bound_complex);
                }
            }
            free(kdd);
            free(ktk);
            free(w1);
            free(w2);
            ganstab_result_free(r);
        }
    print_message("Theorem 3.1: max (Re lambda - bound) real %.3g, complex %.3g\n",
                  worst_margin_real, worst_margin_complex);
}

/* WGAN: D = c is an equilibrium for every c (it cancels in V), so the manifold has one more
 * dimension; J = [[0, -K^T], [K, 0]] has an imaginary transversal spectrum: marginal. */
static void test_wgan_marginal(void **state)
{
    (void)state;
    for (size_t d = 1; d <= 5; d++) {
        ganstab_case c;
        lq_case(&c, d, "wgan", 2, 1);
        ganstab_result *r = testutil_analyze(&c);
        assert_int_equal(r->manifold_dim, d * (d - 1) / 2 + 1);
        assert_int_equal(r->null_space_dim, r->manifold_dim);
        assert_true(r->null_space_matches);
        assert_false(r->jacobian_check_skipped); /* closed form everywhere */
        assert_true(r->jacobian_agrees);
        assert_int_equal(r->verdict, GANSTAB_VERDICT_MARGINAL);
        for (size_t i = 0; i < r->n_transversal; i++)
            assert_true(fabs(r->transversal_field_eigenvalues[i].re) <= 1e-12);
        ganstab_result_free(r);
    }
}

/* The regularizer of eq. (4) on model lq: at x* the generator rows become
 * [-2 eta J_DG^T J_DG, -J_DG^T (I + 2 eta J_DD)] with the blocks of the unregularized J (Sec. 3.4),
 * for every d: the curvature term, which would need the field off D = 0 (d <= 3 only for the
 * standard loss), vanishes with v_D = 0 at x* and is not evaluated there. */
static void test_nk_rows(void **state)
{
    (void)state;
    static const struct {
        size_t d;
        const char *loss;
    } rows[] = {{1, "standard"},      {2, "standard"}, {4, "standard"},
                {5, "nonsaturating"}, {3, "wgan"},     {5, "wgan"}};
    const double eta = 0.03;
    for (size_t k = 0; k < TESTUTIL_COUNT(rows); k++) {
        ganstab_case c;
        lq_case(&c, rows[k].d, rows[k].loss, (unsigned)k + 1, 1);
        ganstab_result *r0 = testutil_analyze(&c);
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_case_set_assignment(&c, "regularizer.kind=nk", &err), GANSTAB_OK);
        char e[64];
        snprintf(e, sizeof e, "regularizer.eta=%g", eta);
        assert_int_equal(ganstab_case_set_assignment(&c, e, &err), GANSTAB_OK);
        ganstab_result *r = testutil_analyze(&c);
        size_t ng = r->n_g, nd = r->n_d;
        assert_int_equal(r->verdict, GANSTAB_VERDICT_STABLE);
        assert_int_equal(r->jacobian_check_skipped, rows[k].d > GANSTAB_LQ_QUADRATURE_MAX_DIM &&
                                                        strcmp(rows[k].loss, "wgan") != 0);
        assert_true(r->jacobian_check_skipped || r->jacobian_agrees);
#define J0(i, j) ganstab_matrix_get(r0->jacobian, (i), (j))
        for (size_t a = 0; a < ng; a++) {
            for (size_t b = 0; b < ng; b++) {
                double s = 0.0;
                for (size_t t = ng; t < ng + nd; t++)
                    s += J0(t, a) * J0(t, b);
                assert_close(ganstab_matrix_get(r->jacobian, a, b), -2.0 * eta * s, MOMENT_TOL);
            }
            for (size_t u = ng; u < ng + nd; u++) {
                double s = J0(u, a);
                for (size_t t = ng; t < ng + nd; t++)
                    s += 2.0 * eta * J0(t, a) * J0(t, u);
                assert_close(ganstab_matrix_get(r->jacobian, a, u), -s, MOMENT_TOL);
            }
        }
#undef J0
        for (size_t i = ng; i < ng + nd; i++) /* the discriminator's rows are untouched */
            for (size_t j = 0; j < ng + nd; j++)
                assert_close(ganstab_matrix_get(r->jacobian, i, j),
                             ganstab_matrix_get(r0->jacobian, i, j), 0.0);
        ganstab_result_free(r0);
        ganstab_result_free(r);
    }
}

/* d > 3, standard loss: the field away from D = 0 is refused, and the FD check is skipped with
 * its reason. */
static void test_large_dimension(void **state)
{
    (void)state;
    ganstab_case c;
    lq_case(&c, 5, "standard", 1, 1);
    ganstab_model *m = lq_model(&c);
    size_t n = m->n_g + m->n_d;
    double *x = calloc(n, sizeof *x), *v = calloc(n, sizeof *v);
    assert_true(x && v);
    m->ops->equilibrium(m, x);
    x[n - 1] = 0.1;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = m->ops->term(m, GANSTAB_SIDE_REAL, x, NULL, v, NULL, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "d <= 3"));
    free(x);
    free(v);
    ganstab_model_free(m);
    ganstab_result *r = testutil_analyze(&c);
    assert_true(r->jacobian_check_skipped);
    assert_non_null(r->jacobian_check_reason);
    assert_non_null(strstr(r->jacobian_check_reason, "d <= 3"));
    ganstab_result_free(r);
}

static void test_state_names(void **state)
{
    (void)state;
    ganstab_case c;
    lq_case(&c, 2, "standard", 1, 0);
    ganstab_model *m = lq_model(&c);
    static const char *const names[] = {"A11", "A12", "A21", "A22", "b1", "b2",
                                        "W11", "W12", "W22", "w1",  "w2", "c"};
    assert_int_equal(m->n_g + m->n_d, TESTUTIL_COUNT(names));
    for (size_t i = 0; i < TESTUTIL_COUNT(names); i++)
        assert_string_equal(m->state_names[i], names[i]);
    /* equilibrium: A = chol(Sigma) lower-triangular, b = mean, D = 0 */
    double x[12];
    m->ops->equilibrium(m, x);
    assert_close(x[1], 0.0, 0.0);
    assert_true(x[0] > 0.0 && x[3] > 0.0);
    for (size_t i = 6; i < 12; i++)
        assert_close(x[i], 0.0, 0.0);
    ganstab_model_free(m);
}

/* Bad [model] input: refused with GANSTAB_EINVAL at the key's location, naming the key. */
static void test_bad_model_keys(void **state)
{
    (void)state;
    static const struct {
        const char *key, *value;
        int at_validate;
        const char *needle;
    } bad[] = {
        {"dim", "0", 0, "'dim'"},           {"dim", "41", 0, "'dim'"},
        {"dim", "2.5", 0, "'dim'"},         {"mean", "1 2 3", 1, "'mean'"}, /* dim = 2 */
        {"mean", "1 x", 0, "'mean'"},       {"cov", "1 2 2 1", 1, "positive definite"},
        {"cov", "2 1 0 2", 1, "symmetric"}, {"cov", "1 0 0", 1, "'cov'"},
        {"cov", "random", 0, "'cov'"},      {"cov", "random -1", 0, "'cov'"},
        {"cov", "diag 1 -1", 0, "'cov'"},   {"cov", "diag 1 2 3", 1, "'cov'"},
        {"cov", "identity 2", 0, "'cov'"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(bad); i++) {
        ganstab_case c;
        const char *a[] = {"case.model=lq", "model.dim=2", NULL};
        testutil_case_build(&c, a);
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_case_set(&c, "model", bad[i].key, bad[i].value, "bad.ini:7", &err);
        if (bad[i].at_validate) {
            assert_int_equal(rc, GANSTAB_OK);
            rc = ganstab_case_validate(&c, &err);
        }
        if (rc != GANSTAB_EINVAL)
            print_error("%s = %s accepted\n", bad[i].key, bad[i].value);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "bad.ini:7");
        assert_non_null(strstr(err.message, bad[i].needle));
        if (bad[i].at_validate) /* the pipeline refuses it too */
            assert_int_equal(
                ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &(ganstab_result *){NULL}, &err),
                GANSTAB_EINVAL);
    }
    /* [model] keys belong to model lq only */
    ganstab_case c;
    const char *a[] = {"case.model=dirac", "model.dim=2", NULL};
    testutil_case_build(&c, a);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_case_validate(&c, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "mem.ini:2");
    assert_non_null(strstr(err.message, "'dim'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_vs_quadrature),
        cmocka_unit_test(test_jacobian_vs_finite_differences),
        cmocka_unit_test(test_manifold_and_theorem_3_1),
        cmocka_unit_test(test_wgan_marginal),
        cmocka_unit_test(test_nk_rows),
        cmocka_unit_test(test_large_dimension),
        cmocka_unit_test(test_state_names),
        cmocka_unit_test(test_bad_model_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

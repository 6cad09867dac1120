/* Unit tests for src/analysis/gmm_map.c and src/report/markdown_gmm_map.c: stationary completions
 * of discriminator placements of the GMM-GAN (Li et al. 2018), the symmetric family, and the
 * stability map. Independent second computations coded here:
 *   - stationarity by the engine's full field v (ganstab_gmm_field), not the solver's residual;
 *   - the symmetric family (closed-form equation g(beta) = g(alpha), Brent) against the 2-D
 *     Newton solver, and t_max against g itself;
 *   - the flow verdict against Routh-Hurwitz on det(lambda^2 I + lambda M + A A^T), the
 *     characteristic polynomial of the transversal matrix, with M and A coded from the closed
 *     forms of gmm.h rule 3 (no engine Hessian, no LAPACK, no tangent basis);
 *   - the simgd verdict against the same polynomial sent to the unit disc (Moebius transform);
 *   - determinism (two maps, field by field), rendering, error paths.
 *
 * Local vs global: the paper proves global convergence only with an optimal discriminator
 * (Theorem 4.1) and shows first-order dynamics failing from typical starts (Sec. 5-6); the map is
 * a linearization at each placement, so "S" means attracting for starts close enough to it, and
 * nothing about the basin. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>

#include "ganstab/case.h"
#include "ganstab/gmm.h"
#include "ganstab/gmm_map.h"
#include "ganstab/io.h"

/* The engine's field at a completion must vanish to the analysis' stationarity bound. */
static const double FIELD_TOL = 1e-10;
/* A completion and the symmetric family's closed form describe the same root; both are solved to
 * ~1e-14 (residual) over |det| ~ 1e-2 (Jacobian), so 1e-9 leaves margin. */
static const double ROOT_AGREE_TOL = 1e-9;
/* Routh-Hurwitz quantities are sums of products of O(0.01-1) numbers exact to ~1e-15; one
 * closer to 0 than this (relative to the scale of its terms) is not decided and is skipped. */
static const double RH_DECISIVE = 1e-8;

static const double PI_INV_SQRT2 = 0.39894228040143267794; /* 1 / sqrt(2 pi) */

static double phi(double t)
{
    return PI_INV_SQRT2 * exp(-0.5 * t * t);
}

/* |v|_2 of the engine's field at (mu*, disc). */
static double field_norm(const double *mu_star, const double *disc)
{
    double x[GANSTAB_GMM_N] = {mu_star[0], mu_star[1], disc[0], disc[1], disc[2], disc[3]};
    double v[GANSTAB_GMM_N];
    ganstab_gmm_field(mu_star, x, v, NULL);
    double s = 0.0;
    for (size_t i = 0; i < GANSTAB_GMM_N; i++)
        s += v[i] * v[i];
    return sqrt(s);
}

static void build_gmm_case(ganstab_case *c, const char *mu_star, const char *scheme, const char *h)
{
    char mu[64], sc[64], hh[64];
    snprintf(mu, sizeof mu, "model.mu_star=%s", mu_star);
    snprintf(sc, sizeof sc, "update.scheme=%s", scheme);
    snprintf(hh, sizeof hh, "update.h=%s", h);
    const char *a[] = {"case.model=gmm",      mu,  "model.disc=-2 -1 0 1", sc,
                       h != NULL ? hh : NULL, NULL};
    testutil_case_build(c, a);
}

/* ---- completions ------------------------------------------------------------------------- */

static void test_completions_stationary(void **state)
{
    (void)state;
    static const double mus[][2] = {{-0.5, 0.5}, {-1.0, 0.7}, {0.3, 2.1}};
    size_t total = 0, multi = 0, none = 0;
    for (size_t k = 0; k < TESTUTIL_COUNT(mus); k++)
        for (int i1 = 0; i1 <= 12; i1++)
            for (int i2 = 0; i2 <= 12; i2++) {
                double m = 0.5 * (mus[k][0] + mus[k][1]);
                double l[2] = {m - 3.5 + 0.25 * i1, m - 1.5 + 0.25 * i2};
                ganstab_gmm_completion comp[GANSTAB_GMM_MAX_COMPLETIONS];
                size_t n = 99;
                ganstab_error err;
                ganstab_error_clear(&err);
                assert_int_equal(
                    ganstab_gmm_completions(mus[k], l, comp, GANSTAB_GMM_MAX_COMPLETIONS, &n, &err),
                    GANSTAB_OK);
                assert_true(n <= GANSTAB_GMM_MAX_COMPLETIONS);
                total += n;
                multi += n > 1;
                none += n == 0;
                for (size_t q = 0; q < n; q++) {
                    double disc[4] = {l[0], comp[q].r[0], l[1], comp[q].r[1]};
                    assert_true(comp[q].r[0] > l[0] && comp[q].r[1] > l[1]);
                    assert_true(field_norm(mus[k], disc) <= FIELD_TOL);
                    assert_true(comp[q].residual <= FIELD_TOL);
                    if (q > 0) /* sorted, distinct */
                        assert_true(
                            comp[q - 1].r[0] < comp[q].r[0] ||
                            (comp[q - 1].r[0] == comp[q].r[0] && comp[q - 1].r[1] < comp[q].r[1]));
                }
            }
    /* the grid sees all three situations: none, one, several completions */
    assert_true(total > 0);
    assert_true(multi > 0);
    assert_true(none > 0);
}

/* A cell with two completions, values from an independent Newton iteration (numpy-free Python,
 * plain Newton on G_i from many starts): mu* = (-0.5, 0.5), l = (-2, 0.3). */
static void test_completions_known(void **state)
{
    (void)state;
    double mu[2] = {-0.5, 0.5}, l[2] = {-2.0, 0.3};
    ganstab_gmm_completion comp[GANSTAB_GMM_MAX_COMPLETIONS];
    size_t n = 0;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_completions(mu, l, comp, GANSTAB_GMM_MAX_COMPLETIONS, &n, &err),
                     GANSTAB_OK);
    assert_int_equal(n, 2);
    assert_close(comp[0].r[0], -1.07562183, 1e-8);
    assert_close(comp[0].r[1], 1.28449303, 1e-8);
    assert_close(comp[1].r[0], -0.41750804, 1e-8);
    assert_close(comp[1].r[1], 1.91458397, 1e-8);
    assert_true(comp[0].ordered && comp[1].ordered);
    /* truncation reports the true count */
    assert_int_equal(ganstab_gmm_completions(mu, l, comp, 1, &n, &err), GANSTAB_OK);
    assert_int_equal(n, 2);
    /* far to the right of both means nothing balances: no completion */
    double far[2] = {3.0, 3.5};
    assert_int_equal(ganstab_gmm_completions(mu, far, comp, GANSTAB_GMM_MAX_COMPLETIONS, &n, &err),
                     GANSTAB_OK);
    assert_int_equal(n, 0);
}

/* ---- the symmetric family ----------------------------------------------------------------- */

static double g_sym(double t, double a)
{
    return phi(t - a) - phi(t + a);
}

static void test_symmetric_family(void **state)
{
    (void)state;
    static const double mus[][2] = {{-0.5, 0.5}, {-1.0, 1.0}, {0.5, 1.3}, {-2.0, 1.0}};
    ganstab_error err;
    for (size_t k = 0; k < TESTUTIL_COUNT(mus); k++) {
        double a = 0.5 * (mus[k][1] - mus[k][0]), t_max;
        assert_int_equal(ganstab_gmm_symmetric_alpha_max(a, &t_max, &err), GANSTAB_OK);
        /* t_max is the maximum of g on (0, inf): larger than its neighbours */
        assert_true(t_max > a);
        assert_true(g_sym(t_max, a) > g_sym(t_max - 1e-4, a));
        assert_true(g_sym(t_max, a) > g_sym(t_max + 1e-4, a));
        for (int i = 1; i <= 9; i++) {
            double alpha = t_max * i / 10.0, disc[4];
            assert_int_equal(ganstab_gmm_symmetric_placement(mus[k], alpha, disc, &err),
                             GANSTAB_OK);
            /* stationary by the engine's field */
            assert_true(field_norm(mus[k], disc) <= FIELD_TOL);
            /* the 2-D solver completes (l1, l2) to the same (r1, r2) */
            double l[2] = {disc[0], disc[2]};
            ganstab_gmm_completion comp[GANSTAB_GMM_MAX_COMPLETIONS];
            size_t n = 0, hit = 0;
            assert_int_equal(
                ganstab_gmm_completions(mus[k], l, comp, GANSTAB_GMM_MAX_COMPLETIONS, &n, &err),
                GANSTAB_OK);
            for (size_t q = 0; q < n; q++)
                if (fabs(comp[q].r[0] - disc[1]) <= ROOT_AGREE_TOL &&
                    fabs(comp[q].r[1] - disc[3]) <= ROOT_AGREE_TOL)
                    hit++;
            if (hit != 1)
                print_error("mu* = (%g, %g), alpha = %g: disc = %.17g %.17g %.17g %.17g, %zu "
                            "completions\n",
                            mus[k][0], mus[k][1], alpha, disc[0], disc[1], disc[2], disc[3], n);
            assert_int_equal(hit, 1);
        }
    }
}

/* ---- independent verdicts ----------------------------------------------------------------- */

/* p(lambda) = det(lambda^2 I + lambda M + A A^T), c[0..4] ascending, with
 * M = d2L/dmu2 and A = d(grad_mu L)/d(l1, r1, l2, r2) from gmm.h rule 3's closed forms:
 *   M_ii = 1/2 sum_j [(r_j - mu_i) phi(r_j - mu_i) - (l_j - mu_i) phi(l_j - mu_i)], M_12 = 0,
 *   A_i,l_j = +1/2 (l_j - mu_i) phi(l_j - mu_i),  A_i,r_j = -1/2 (r_j - mu_i) phi(r_j - mu_i).
 * It is the characteristic polynomial of the transversal matrix: with J = [[-M, -A], [A^T, 0]]
 * and an orthonormal basis Q of range A^T, the matrix off ker A is K = [[-M, -B], [B^T, 0]],
 * B = A Q, and det(lambda I - K) = det(lambda I) det(lambda I + M + B B^T / lambda)
 * = det(lambda^2 I + lambda M + A A^T) (Schur complement; B B^T = A Q Q^T A^T = A A^T). */
static void transversal_charpoly(const double *mu, const double *disc, double *c)
{
    double M[2] = {0, 0}, A[2][4];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double l = disc[2 * j] - mu[i], r = disc[2 * j + 1] - mu[i];
            M[i] += 0.5 * (r * phi(r) - l * phi(l));
            A[i][2 * j] = 0.5 * l * phi(l);
            A[i][2 * j + 1] = -0.5 * r * phi(r);
        }
    double S[2][2];
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++) {
            S[i][k] = 0.0;
            for (int j = 0; j < 4; j++)
                S[i][k] += A[i][j] * A[k][j];
        }
    /* (lambda^2 + M1 lambda + S11)(lambda^2 + M2 lambda + S22) - S12^2 */
    c[4] = 1.0;
    c[3] = M[0] + M[1];
    c[2] = S[0][0] + S[1][1] + M[0] * M[1];
    c[1] = M[0] * S[1][1] + M[1] * S[0][0];
    c[0] = S[0][0] * S[1][1] - S[0][1] * S[1][0];
}

/* Routh-Hurwitz for a quartic with c[4] > 0: +1 Hurwitz, -1 not, 0 undecided (a quantity within
 * RH_DECISIVE of 0 relative to its terms). */
static int routh_hurwitz4(const double *c)
{
    double q[6], scale[6];
    q[0] = c[0], scale[0] = fabs(c[0]);
    q[1] = c[1], scale[1] = fabs(c[1]);
    q[2] = c[2], scale[2] = fabs(c[2]);
    q[3] = c[3], scale[3] = fabs(c[3]);
    q[4] = c[3] * c[2] - c[4] * c[1];
    scale[4] = fabs(c[3] * c[2]) + fabs(c[4] * c[1]);
    q[5] = c[3] * c[2] * c[1] - c[4] * c[1] * c[1] - c[3] * c[3] * c[0];
    scale[5] = fabs(c[3] * c[2] * c[1]) + fabs(c[4] * c[1] * c[1]) + fabs(c[3] * c[3] * c[0]);
    int all_pos = 1;
    for (int i = 0; i < 6; i++) {
        if (fabs(q[i]) <= RH_DECISIVE * fmax(scale[i], 1e-300))
            return 0;
        if (q[i] < 0)
            all_pos = 0;
    }
    return all_pos ? 1 : -1;
}

/* simgd: eigenvalues 1 + h lambda; |1 + h lambda| < 1 iff w = (z - 1)/(z + 1) has Re w < 0,
 * and lambda = 2 w / (h (1 - w)); so P(w) = sum_k c_k (2 w)^k (h (1 - w))^(4 - k) must be
 * Hurwitz (z = -1 maps to w = inf: a vanishing leading coefficient is undecided). */
static int simgd_schur4(const double *c, double h)
{
    double P[5] = {0, 0, 0, 0, 0};
    for (int k = 0; k <= 4; k++) {
        /* (2 w)^k (h (1 - w))^(4 - k) = 2^k h^(4-k) w^k (1 - w)^(4-k) */
        int n = 4 - k;
        double binom = 1.0, coef = pow(2.0, k) * pow(h, n) * c[k];
        for (int j = 0; j <= n; j++) {
            P[k + j] += coef * binom * (j % 2 ? -1.0 : 1.0);
            binom = binom * (n - j) / (j + 1);
        }
    }
    if (fabs(P[4]) <= RH_DECISIVE * (fabs(P[0]) + fabs(P[1]) + fabs(P[2]) + fabs(P[3])))
        return 0;
    double q[5];
    for (int i = 0; i < 5; i++)
        q[i] = P[i] / P[4];
    return routh_hurwitz4(q);
}

static int verdict_sign(ganstab_verdict v)
{
    return v == GANSTAB_VERDICT_STABLE ? 1 : v == GANSTAB_VERDICT_UNSTABLE ? -1 : 0;
}

static void check_verdicts(const char *scheme, const char *h, double hval)
{
    static const char *const mus_text[] = {"-0.5 0.5", "-1 0.7", "0 1.6"};
    static const double mus[][2] = {{-0.5, 0.5}, {-1.0, 0.7}, {0.0, 1.6}};
    size_t agree[2] = {0, 0}; /* stable, unstable */
    for (size_t k = 0; k < TESTUTIL_COUNT(mus); k++) {
        ganstab_case c;
        build_gmm_case(&c, mus_text[k], scheme, h);
        ganstab_grid_axis l1 = {-3.5 + mus[k][0], 0.5 + mus[k][0], 9};
        ganstab_grid_axis l2 = {-1.0 + mus[k][0], 3.0 + mus[k][0], 9};
        ganstab_gmm_map *m = NULL;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_gmm_placement_map(&c, &l1, &l2, GANSTAB_DEFAULT_TOL, &m, &err);
        if (rc != GANSTAB_OK)
            print_error("%s: %s\n", err.where, err.message);
        assert_int_equal(rc, GANSTAB_OK);
        for (size_t p = 0; p < m->n_points; p++) {
            const ganstab_gmm_map_point *pt = &m->points[p];
            double cp[5];
            transversal_charpoly(mus[k], pt->disc, cp);
            int indep = hval > 0.0 ? simgd_schur4(cp, hval) : routh_hurwitz4(cp);
            assert_true(pt->manifold_dim == 2);
            assert_true(pt->null_space_matches);
            if (indep == 0 || verdict_sign(pt->verdict) == 0)
                continue;
            if (indep != verdict_sign(pt->verdict))
                print_error("%s: disc = %.17g %.17g %.17g %.17g: engine %s, independent %d\n",
                            scheme, pt->disc[0], pt->disc[1], pt->disc[2], pt->disc[3],
                            ganstab_verdict_name(pt->verdict), indep);
            assert_int_equal(indep, verdict_sign(pt->verdict));
            agree[indep > 0 ? 0 : 1]++;
        }
        ganstab_gmm_map_free(m);
    }
    /* both verdicts occur and are confirmed: the test can fail either way */
    print_message("%s h = %s: %zu stable, %zu unstable confirmed\n", scheme, h ? h : "-", agree[0],
                  agree[1]);
    assert_true(agree[0] > 0);
    assert_true(agree[1] > 0);
}

static void test_flow_vs_routh_hurwitz(void **state)
{
    (void)state;
    check_verdicts("flow", NULL, 0.0);
}

static void test_simgd_vs_unit_disc(void **state)
{
    (void)state;
    check_verdicts("simgd", "0.1", 0.1);
    check_verdicts("simgd", "1", 1.0);
}

/* The symmetric family under the flow, checked point by point against Routh-Hurwitz. */
static void test_symmetric_family_flow(void **state)
{
    (void)state;
    double mu[2] = {-0.5, 0.5}, t_max;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_symmetric_alpha_max(0.5, &t_max, &err), GANSTAB_OK);
    size_t checked = 0;
    for (int i = 1; i <= 19; i++) {
        double disc[4], cp[5];
        assert_int_equal(ganstab_gmm_symmetric_placement(mu, t_max * i / 20.0, disc, &err),
                         GANSTAB_OK);
        ganstab_case c;
        char text[160];
        build_gmm_case(&c, "-0.5 0.5", "flow", NULL);
        snprintf(text, sizeof text, "%.17g %.17g %.17g %.17g", disc[0], disc[1], disc[2], disc[3]);
        assert_int_equal(ganstab_case_set(&c, "model", "disc", text, "test", &err), GANSTAB_OK);
        ganstab_result *r = NULL;
        assert_int_equal(ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err), GANSTAB_OK);
        transversal_charpoly(mu, disc, cp);
        int indep = routh_hurwitz4(cp);
        if (indep != 0 && verdict_sign(r->verdict) != 0) {
            assert_int_equal(indep, verdict_sign(r->verdict));
            checked++;
        }
        ganstab_result_free(r);
    }
    assert_true(checked >= 15);
}

/* ---- the map: determinism, rendering, errors ------------------------------------------------ */

static ganstab_gmm_map *small_map(const char *scheme, const char *h)
{
    ganstab_case c;
    build_gmm_case(&c, "-0.5 0.5", scheme, h);
    ganstab_grid_axis l1 = {-3.0, 0.0, 7}, l2 = {-1.0, 2.0, 7};
    ganstab_gmm_map *m = NULL;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_placement_map(&c, &l1, &l2, GANSTAB_DEFAULT_TOL, &m, &err),
                     GANSTAB_OK);
    return m;
}

static void test_map_deterministic(void **state)
{
    (void)state;
    ganstab_gmm_map *a = small_map("simgd", "0.1"), *b = small_map("simgd", "0.1");
    assert_int_equal(a->n_points, b->n_points);
    assert_true(a->n_points > 0);
    assert_int_equal(a->best, b->best);
    assert_memory_equal(a->count, b->count, 49 * sizeof *a->count);
    for (size_t p = 0; p < a->n_points; p++) {
        const ganstab_gmm_map_point *x = &a->points[p], *y = &b->points[p];
        assert_int_equal(x->cell, y->cell);
        assert_memory_equal(x->disc, y->disc, sizeof x->disc);
        assert_int_equal(x->verdict, y->verdict);
        assert_true(x->margin == y->margin);
        assert_true(x->decisive.re == y->decisive.re && x->decisive.im == y->decisive.im);
    }
    /* the summary counts what the points say */
    assert_int_equal(a->n_stable + a->n_unstable + a->n_marginal + a->n_not_stationary,
                     a->n_points);
    ganstab_gmm_map_free(a);
    ganstab_gmm_map_free(b);
}

static void test_render(void **state)
{
    (void)state;
    ganstab_gmm_map *m = small_map("flow", NULL);
    FILE *f = tmpfile();
    assert_non_null(f);
    ganstab_error err;
    assert_int_equal(ganstab_md_gmm_map(f, m, &err), GANSTAB_OK);
    long size = ftell(f);
    assert_true(size > 0);
    char *text = calloc((size_t)size + 1, 1);
    assert_non_null(text);
    rewind(f);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_non_null(strstr(text, "| l1 \\ l2 | -1 | -0.5 | 0 | 0.5 | 1 | 1.5 | 2 |"));
    assert_non_null(strstr(text, "| -3 |"));
    assert_non_null(strstr(text, "Legend:"));
    assert_non_null(strstr(text, "–")); /* some cells have no completion */
    assert_non_null(strstr(text, "Most attracting placement"));
    /* one letter per stored point */
    size_t letters = 0;
    for (const char *s = strstr(text, "|---|"); s != NULL && *s != '\0' && *s != 'L'; s++)
        letters += *s == 'S' || *s == 'U' || *s == 'M' || *s == 'N';
    assert_int_equal(letters, m->n_points);
    if (getenv("GANSTAB_SHOW_MAP") != NULL) /* make unit-test with it set shows the example */
        fputs(text, stdout);
    free(text);
    ganstab_gmm_map_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    ganstab_error err;
    double disc[4], t;
    ganstab_error_clear(&err);
    double bad_mu[2] = {0.5, -0.5};
    assert_error(ganstab_gmm_symmetric_placement(bad_mu, 0.1, disc, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    double mu[2] = {-0.5, 0.5};
    assert_error(ganstab_gmm_symmetric_placement(mu, 0.0, disc, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_gmm_symmetric_placement(mu, 5.0, disc, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_gmm_symmetric_alpha_max(-1.0, &t, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    double l_nan[2] = {NAN, 0.0};
    ganstab_gmm_completion comp[1];
    size_t n;
    assert_error(ganstab_gmm_completions(mu, l_nan, comp, 1, &n, &err), GANSTAB_EINVAL, &err);
    ganstab_case c;
    build_gmm_case(&c, "-0.5 0.5", "flow", NULL);
    ganstab_grid_axis ok = {-1.0, 1.0, 3}, empty = {-1.0, 1.0, 0}, inf = {-INFINITY, 1.0, 3};
    ganstab_gmm_map *m = (ganstab_gmm_map *)&c; /* must be reset to NULL on failure */
    ganstab_error_clear(&err);
    assert_error(ganstab_gmm_placement_map(&c, &empty, &ok, 1e-10, &m, &err), GANSTAB_EINVAL, &err);
    assert_null(m);
    ganstab_error_clear(&err);
    assert_error(ganstab_gmm_placement_map(&c, &ok, &inf, 1e-10, &m, &err), GANSTAB_EINVAL, &err);
    ganstab_case d;
    const char *a[] = {"case.model=dirac", NULL};
    testutil_case_build(&d, a);
    ganstab_error_clear(&err);
    assert_error(ganstab_gmm_placement_map(&d, &ok, &ok, 1e-10, &m, &err), GANSTAB_EINVAL, &err);
    assert_null(m);
    ganstab_gmm_map_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_completions_stationary),
        cmocka_unit_test(test_completions_known),
        cmocka_unit_test(test_symmetric_family),
        cmocka_unit_test(test_flow_vs_routh_hurwitz),
        cmocka_unit_test(test_simgd_vs_unit_disc),
        cmocka_unit_test(test_symmetric_family_flow),
        cmocka_unit_test(test_map_deterministic),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

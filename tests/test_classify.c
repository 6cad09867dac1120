/* Unit tests for src/core/classify.c: verdict names, stability margins, flow (Hurwitz) and map
 * (unit circle) verdicts on hand-built spectra including eigenvalues exactly on and within
 * error_bound + tol of the boundary, the decisive index, the tolerance checks, and a second
 * computation: Routh-Hurwitz (flows) and Jury (maps) criteria from the characteristic
 * polynomial of random 2x2 and 3x3 matrices. */
#include "testutil.h"

#include <float.h>

#include "ganstab/classify.h"
#include "ganstab/eigen.h"

/* Hand-built margins are exact binary fractions or computed by the same expression as the
 * library (error_bound + tol): comparisons are exact. */
static const double EXACT = 0.0;

static ganstab_eigenvalue ev_make(double re, double im, double error_bound)
{
    ganstab_eigenvalue e = {re, im, hypot(re, im), error_bound};
    return e;
}

static ganstab_verdict verdict_of(const ganstab_eigenvalue *ev, size_t n, ganstab_dynamics dyn,
                                  double tol, size_t *decisive)
{
    ganstab_verdict v = GANSTAB_VERDICT_NOT_STATIONARY;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_classify(ev, n, dyn, tol, &v, decisive, &err);
    if (rc != GANSTAB_OK)
        print_error("classify: %s\n", err.message);
    assert_int_equal(rc, GANSTAB_OK);
    return v;
}

static void test_verdict_names(void **state)
{
    (void)state;
    assert_string_equal(ganstab_verdict_name(GANSTAB_VERDICT_STABLE), "stable");
    assert_string_equal(ganstab_verdict_name(GANSTAB_VERDICT_UNSTABLE), "unstable");
    assert_string_equal(ganstab_verdict_name(GANSTAB_VERDICT_MARGINAL), "marginal");
    assert_string_equal(ganstab_verdict_name(GANSTAB_VERDICT_NOT_STATIONARY), "not-stationary");
    assert_string_equal(ganstab_verdict_name((ganstab_verdict)99), "unknown");
}

static void test_stability_margin(void **state)
{
    (void)state;
    ganstab_eigenvalue e = ev_make(-0.25, 0.5, 0.0);
    assert_close(ganstab_stability_margin(&e, GANSTAB_DYNAMICS_FLOW), -0.25, EXACT);
    assert_close(ganstab_stability_margin(&e, GANSTAB_DYNAMICS_MAP), hypot(0.25, 0.5) - 1.0, EXACT);
    e = ev_make(-1.5, 0.0, 0.0); /* stable flow, unstable map */
    assert_close(ganstab_stability_margin(&e, GANSTAB_DYNAMICS_FLOW), -1.5, EXACT);
    assert_close(ganstab_stability_margin(&e, GANSTAB_DYNAMICS_MAP), 0.5, EXACT);
}

static void test_flow_verdicts(void **state)
{
    (void)state;
    const double tol = GANSTAB_DEFAULT_TOL;
    size_t d = 99;
    /* Stable: every Re < 0, decisively. */
    const ganstab_eigenvalue stable[3] = {ev_make(-0.25, 0.5, 1e-16), ev_make(-0.25, -0.5, 1e-16),
                                          ev_make(-2.0, 0.0, 1e-16)};
    assert_int_equal(verdict_of(stable, 3, GANSTAB_DYNAMICS_FLOW, tol, &d), GANSTAB_VERDICT_STABLE);
    assert_int_equal(d, 0);
    /* Unstable: one Re > 0, the others stable. */
    const ganstab_eigenvalue unstable[3] = {ev_make(-0.1, 3.0, 1e-16), ev_make(-0.1, -3.0, 1e-16),
                                            ev_make(0.7, 0.0, 1e-16)};
    assert_int_equal(verdict_of(unstable, 3, GANSTAB_DYNAMICS_FLOW, tol, &d),
                     GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(d, 2);
    /* Marginal: Dirac-GAN without regularization, +-i/2 exactly on the axis. */
    const ganstab_eigenvalue dirac[2] = {ev_make(0.0, 0.5, 1e-16), ev_make(0.0, -0.5, 1e-16)};
    assert_int_equal(verdict_of(dirac, 2, GANSTAB_DYNAMICS_FLOW, tol, NULL),
                     GANSTAB_VERDICT_MARGINAL);
    /* ... even with tol = 0 and a zero error bound: 0 is neither < 0 nor > 0. */
    const ganstab_eigenvalue exact_axis[2] = {ev_make(0.0, 0.5, 0.0), ev_make(0.0, -0.5, 0.0)};
    assert_int_equal(verdict_of(exact_axis, 2, GANSTAB_DYNAMICS_FLOW, 0.0, NULL),
                     GANSTAB_VERDICT_MARGINAL);
    /* A zero eigenvalue among stable ones: marginal, and it is the decisive one. */
    const ganstab_eigenvalue zero[3] = {ev_make(0.0, 0.0, 0.0), ev_make(-1.0, 0.0, 0.0),
                                        ev_make(-3.0, 0.0, 0.0)};
    assert_int_equal(verdict_of(zero, 3, GANSTAB_DYNAMICS_FLOW, tol, &d), GANSTAB_VERDICT_MARGINAL);
    assert_int_equal(d, 0);
    /* Unstable wins over marginal. */
    const ganstab_eigenvalue both[3] = {ev_make(0.0, 1.0, 0.0), ev_make(0.0, -1.0, 0.0),
                                        ev_make(1e-3, 0.0, 0.0)};
    assert_int_equal(verdict_of(both, 3, GANSTAB_DYNAMICS_FLOW, tol, &d), GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(d, 2);
    /* An infinite error bound (defective eigenvalue) can never be decisive. */
    const ganstab_eigenvalue defective[2] = {ev_make(-1.0, 0.0, INFINITY),
                                             ev_make(-1.0, 0.0, INFINITY)};
    assert_int_equal(verdict_of(defective, 2, GANSTAB_DYNAMICS_FLOW, tol, NULL),
                     GANSTAB_VERDICT_MARGINAL);
}

/* The dead zone is |margin| <= error_bound + tol: marginal inside (boundaries included),
 * decisive just outside. Table of (margin as a multiple of error_bound + tol, verdict). */
static void test_flow_dead_zone(void **state)
{
    (void)state;
    static const double bounds[] = {0.0, 1e-16, 3e-12, 1e-9};
    static const double tols[] = {0.0, 1e-10, GANSTAB_DEFAULT_TOL, 1e-6};
    static const struct {
        double factor;
        ganstab_verdict verdict;
    } table[] = {
        {-2.0, GANSTAB_VERDICT_STABLE},     {-1.0001, GANSTAB_VERDICT_STABLE},
        {-1.0, GANSTAB_VERDICT_MARGINAL}, /* exactly on the edge: not decisive */
        {-0.5, GANSTAB_VERDICT_MARGINAL},   {0.0, GANSTAB_VERDICT_MARGINAL},
        {0.5, GANSTAB_VERDICT_MARGINAL},    {1.0, GANSTAB_VERDICT_MARGINAL},
        {1.0001, GANSTAB_VERDICT_UNSTABLE}, {2.0, GANSTAB_VERDICT_UNSTABLE},
    };
    for (size_t b = 0; b < TESTUTIL_COUNT(bounds); b++)
        for (size_t t = 0; t < TESTUTIL_COUNT(tols); t++) {
            double u = bounds[b] + tols[t];
            if (u == 0.0)
                continue; /* no dead zone: covered by test_flow_verdicts */
            for (size_t k = 0; k < TESTUTIL_COUNT(table); k++) {
                /* A complex pair at the margin, plus a clearly stable real eigenvalue. */
                double re = table[k].factor * u;
                const ganstab_eigenvalue ev[3] = {ev_make(re, 0.5, bounds[b]),
                                                  ev_make(re, -0.5, bounds[b]),
                                                  ev_make(-1.0, 0.0, bounds[b])};
                size_t d = 99;
                ganstab_verdict v = verdict_of(ev, 3, GANSTAB_DYNAMICS_FLOW, tols[t], &d);
                if (v != table[k].verdict)
                    print_error("bound %g tol %g factor %g: got %s\n", bounds[b], tols[t],
                                table[k].factor, ganstab_verdict_name(v));
                assert_int_equal(v, table[k].verdict);
                assert_int_equal(d, re > -1.0 ? 0 : 2);
            }
        }
}

static void test_map_verdicts(void **state)
{
    (void)state;
    const double tol = GANSTAB_DEFAULT_TOL;
    size_t d = 99;
    /* |lambda| < 1: 0.5, 0.3 +- 0.4i (|.| = 0.5), -0.9. The decisive one is -0.9. */
    const ganstab_eigenvalue stable[4] = {ev_make(0.5, 0.0, 1e-16), ev_make(0.3, 0.4, 1e-16),
                                          ev_make(0.3, -0.4, 1e-16), ev_make(-0.9, 0.0, 1e-16)};
    assert_int_equal(verdict_of(stable, 4, GANSTAB_DYNAMICS_MAP, tol, &d), GANSTAB_VERDICT_STABLE);
    assert_int_equal(d, 3);
    /* |lambda| > 1 from a stable-flow eigenvalue: -1.2 (the map overshoots). */
    const ganstab_eigenvalue flip[2] = {ev_make(0.5, 0.0, 1e-16), ev_make(-1.2, 0.0, 1e-16)};
    assert_int_equal(verdict_of(flip, 2, GANSTAB_DYNAMICS_MAP, tol, &d), GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(d, 1);
    /* A complex pair outside the circle: 0.9 +- 0.9i (|.| ~ 1.27). */
    const ganstab_eigenvalue ns[2] = {ev_make(0.9, 0.9, 1e-16), ev_make(0.9, -0.9, 1e-16)};
    assert_int_equal(verdict_of(ns, 2, GANSTAB_DYNAMICS_MAP, tol, &d), GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(d, 0);
    /* |lambda| = 1 exactly: -1, +1, and 0.6 +- 0.8i are all marginal. */
    const ganstab_eigenvalue on_circle[3][2] = {
        {ev_make(-1.0, 0.0, 0.0), ev_make(0.5, 0.0, 0.0)},
        {ev_make(1.0, 0.0, 0.0), ev_make(0.5, 0.0, 0.0)},
        {ev_make(0.6, 0.8, 0.0), ev_make(0.6, -0.8, 0.0)},
    };
    for (size_t k = 0; k < 3; k++)
        assert_int_equal(verdict_of(on_circle[k], 2, GANSTAB_DYNAMICS_MAP, tol, NULL),
                         GANSTAB_VERDICT_MARGINAL);
    /* Within tol of the circle / just outside the dead zone. */
    const ganstab_eigenvalue inside_zone[1] = {ev_make(1.0 + 0.5 * tol, 0.0, 0.0)};
    const ganstab_eigenvalue beyond_zone[1] = {ev_make(1.0 + 2.0 * tol, 0.0, 0.0)};
    const ganstab_eigenvalue below_zone[1] = {ev_make(1.0 - 2.0 * tol, 0.0, 0.0)};
    assert_int_equal(verdict_of(inside_zone, 1, GANSTAB_DYNAMICS_MAP, tol, NULL),
                     GANSTAB_VERDICT_MARGINAL);
    assert_int_equal(verdict_of(beyond_zone, 1, GANSTAB_DYNAMICS_MAP, tol, NULL),
                     GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(verdict_of(below_zone, 1, GANSTAB_DYNAMICS_MAP, tol, NULL),
                     GANSTAB_VERDICT_STABLE);
    /* The same spectrum, read as a flow: 0.5 > 0 is unstable, -0.9 irrelevant. */
    assert_int_equal(verdict_of(stable, 4, GANSTAB_DYNAMICS_FLOW, tol, &d),
                     GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(d, 0);
}

/* End to end with computed eigenvalues: the Dirac-GAN Jacobian [[0,-1/2],[1/2,0]] is marginal
 * as a flow; the rotation [[0.6,-0.8],[0.8,0.6]] (|lambda| = 1 up to rounding) is marginal as a
 * map; the damped [[0,-1/2],[1/2,-1/2]] is a stable flow. */
static void test_computed_spectra(void **state)
{
    (void)state;
    static const double dirac[4] = {0.0, -0.5, 0.5, 0.0};
    static const double rotation[4] = {0.6, -0.8, 0.8, 0.6};
    static const double damped[4] = {0.0, -0.5, 0.5, -0.5};
    const double *mats[3] = {dirac, rotation, damped};
    const ganstab_dynamics dyn[3] = {GANSTAB_DYNAMICS_FLOW, GANSTAB_DYNAMICS_MAP,
                                     GANSTAB_DYNAMICS_FLOW};
    const ganstab_verdict expected[3] = {GANSTAB_VERDICT_MARGINAL, GANSTAB_VERDICT_MARGINAL,
                                         GANSTAB_VERDICT_STABLE};
    for (size_t k = 0; k < 3; k++) {
        ganstab_matrix *a = testutil_matrix_from_rows(2, 2, mats[k]);
        ganstab_eigenvalue ev[2];
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_eigen_compute_alloc(a, ev, &err), GANSTAB_OK);
        assert_int_equal(verdict_of(ev, 2, dyn[k], GANSTAB_DEFAULT_TOL, NULL), expected[k]);
        ganstab_matrix_free(a);
    }
}

/* Second computation from the characteristic polynomial, without eigenvalues:
 * 2x2 flow (Routh-Hurwitz): stable iff tr < 0 and det > 0;
 * 3x3 flow, x^3 + a2 x^2 + a1 x + a0: stable iff a2 > 0, a0 > 0 and a2*a1 > a0;
 * 2x2 map (Jury): stable iff |det| < 1 and |tr| < 1 + det.
 * Random matrices are almost never within 1e-10 of the boundary, so every verdict is decisive
 * and must agree. */
static void test_random_vs_routh_hurwitz_and_jury(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 1729);
    size_t counts[2][2] = {{0, 0}, {0, 0}}; /* [flow/map][stable/unstable] */
    for (int t = 0; t < 400; t++) {
        double r[4];
        for (size_t k = 0; k < 4; k++)
            r[k] = testutil_rng_uniform(&rng, -1.2, 1.2);
        double tr = r[0] + r[3], det = r[0] * r[3] - r[1] * r[2];
        ganstab_matrix *a = testutil_matrix_from_rows(2, 2, r);
        ganstab_eigenvalue ev[2];
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_eigen_compute_alloc(a, ev, &err), GANSTAB_OK);
        ganstab_matrix_free(a);

        int rh = tr < 0.0 && det > 0.0;
        ganstab_verdict v = verdict_of(ev, 2, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, NULL);
        assert_int_equal(v, rh ? GANSTAB_VERDICT_STABLE : GANSTAB_VERDICT_UNSTABLE);
        counts[0][rh ? 0 : 1]++;

        int jury = fabs(det) < 1.0 && fabs(tr) < 1.0 + det;
        v = verdict_of(ev, 2, GANSTAB_DYNAMICS_MAP, GANSTAB_DEFAULT_TOL, NULL);
        assert_int_equal(v, jury ? GANSTAB_VERDICT_STABLE : GANSTAB_VERDICT_UNSTABLE);
        counts[1][jury ? 0 : 1]++;
    }
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++)
            assert_true(counts[i][j] > 40); /* both outcomes well represented */

    size_t stable3 = 0;
    for (int t = 0; t < 300; t++) {
        double r[9];
        for (size_t k = 0; k < 9; k++)
            r[k] = testutil_rng_uniform(&rng, -1.0, 1.0);
        for (size_t k = 0; k < 3; k++)
            r[k * 4] -= 0.8; /* shift the diagonal so that about half are stable */
        double tr = 0.0, m2 = 0.0, det = 0.0;
        testutil_charpoly3(r, &tr, &m2, &det);
        double a2 = -tr, a1 = m2, a0 = -det;
        int rh = a2 > 0.0 && a0 > 0.0 && a2 * a1 > a0;
        ganstab_matrix *a = testutil_matrix_from_rows(3, 3, r);
        ganstab_eigenvalue ev[3];
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_eigen_compute_alloc(a, ev, &err), GANSTAB_OK);
        ganstab_matrix_free(a);
        ganstab_verdict v = verdict_of(ev, 3, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, NULL);
        assert_int_equal(v, rh ? GANSTAB_VERDICT_STABLE : GANSTAB_VERDICT_UNSTABLE);
        stable3 += (size_t)rh;
    }
    assert_true(stable3 > 50 && stable3 < 250);
}

static void test_bad_tolerance_and_empty(void **state)
{
    (void)state;
    const ganstab_eigenvalue ev[1] = {ev_make(-1.0, 0.0, 0.0)};
    const double bad[] = {-1e-300, -1.0, NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < TESTUTIL_COUNT(bad); k++) {
        ganstab_verdict v = GANSTAB_VERDICT_NOT_STATIONARY;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_error(ganstab_classify(ev, 1, GANSTAB_DYNAMICS_FLOW, bad[k], &v, NULL, &err),
                     GANSTAB_EINVAL, &err);
        assert_int_equal(v, GANSTAB_VERDICT_NOT_STATIONARY); /* untouched */
        assert_int_equal(ganstab_classify(ev, 1, GANSTAB_DYNAMICS_MAP, bad[k], &v, NULL, NULL),
                         GANSTAB_EINVAL);
    }
    ganstab_verdict v;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_classify(ev, 0, GANSTAB_DYNAMICS_FLOW, 0.0, &v, NULL, &err),
                 GANSTAB_EINVAL, &err);
    /* tol = 0 and -0.0 are valid. */
    assert_int_equal(ganstab_classify(ev, 1, GANSTAB_DYNAMICS_FLOW, 0.0, &v, NULL, &err),
                     GANSTAB_OK);
    assert_int_equal(v, GANSTAB_VERDICT_STABLE);
    assert_int_equal(ganstab_classify(ev, 1, GANSTAB_DYNAMICS_FLOW, -0.0, &v, NULL, &err),
                     GANSTAB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_names),
        cmocka_unit_test(test_stability_margin),
        cmocka_unit_test(test_flow_verdicts),
        cmocka_unit_test(test_flow_dead_zone),
        cmocka_unit_test(test_map_verdicts),
        cmocka_unit_test(test_computed_spectra),
        cmocka_unit_test(test_random_vs_routh_hurwitz_and_jury),
        cmocka_unit_test(test_bad_tolerance_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

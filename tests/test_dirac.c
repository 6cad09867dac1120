/* Unit tests for src/models/{loss,model,dirac}.c: the loss derivatives against their closed
 * forms and against finite differences of an independently coded f (including |t| large enough
 * that a naive exp overflows), the Dirac-GAN field (Mescheder et al. 2018, eq. (4)) against a
 * hand-coded formula at random points, for the standard, WGAN and non-saturating losses (the
 * latter's generator ascends f(-psi theta): v = (-psi f'(-psi theta), theta f'(psi theta)), with
 * the standard Jacobian at the equilibrium), the analytic Jacobian of each data term against
 * central differences at random points and shifts (not only at the equilibrium), the
 * gradient-penalty hook against differences of P = (|psi| - g0)^2/2 with its kink flag, the
 * equilibrium (Lemma 2.2) and the state names. */
#include "testutil.h"

#include <float.h>
#include <stdlib.h>

#include "ganstab/dirac.h"
#include "ganstab/model.h"

/* Closed forms evaluated by a different but algebraically equal expression than the library:
 * a few roundings of O(1) numbers, so 1e-15 absolute (relative for the tiny tails below). */
static const double CLOSED_FORM_TOL = 1e-15;
/* Relative accuracy of f'(t), f''(t) for |t| up to 40 where they are ~4e-18: each is a ratio
 * of exp values with a few roundings, so a few eps relative; 1e-14 leaves room for libm. */
static const double TAIL_REL_TOL = 1e-14;
/* Central difference with step FD_H of an O(1)-derivative function of O(1..40) values:
 * truncation h^2 |f'''|/6 ~ 2e-11, rounding eps |f| / h ~ 1e-9 at |f| = 40. */
static const double FD_H = 1e-5;
static const double FD_TOL = 5e-9;
/* For f(t) ~ -e^-t at t = 20..40 the difference f(t+h) - f(t-h) has relative rounding error
 * ~ eps |f| / (h |f'|) = eps / h ~ 2e-11 and relative truncation h^2/6; 1e-9 relative. */
static const double FD_REL_TOL = 1e-9;
/* Jacobian entries vs central differences of the field (entries O(1) for the random points
 * below, field values O(1)): truncation h^2 |v'''| ~ 1e-10, rounding eps / h ~ 1e-11. */
static const double JAC_FD_TOL = 1e-8;
/* Library Jacobian vs the hand-differentiated one: entries like theta^2 f''(u) and u f''(u) with
 * |theta|, |psi| <= 3 (|u| <= 9) are sums of products of values up to ~10, each a few ulps: 4e-14.
 */
static const double HAND_JAC_TOL = 4e-14;
/* A first-order one-sided difference (P(2h) - P(h))/h of the quadratic P = (|psi| - g0)^2/2
 * (P'' = 1) misses P'(0+) by exactly 3h/2 (plus rounding eps |P| / h ~ 1e-10): 2h. */
static const double ONE_SIDED_TOL = 2.0 * 1e-5;

/* ---- an independent implementation of the losses --------------------------------------- */

/* f(t) = -log(1 + e^-t), written so that exp never overflows: for t < 0,
 * -log(1 + e^-t) = t - log(1 + e^t). */
static double f_standard(double t)
{
    return t >= 0.0 ? -log1p(exp(-t)) : t - log1p(exp(t));
}

/* f'(t) = e^-t / (1 + e^-t) = 1 / (1 + e^t); via tanh: f'(t) = (1 - tanh(t/2)) / 2, which is
 * a different expression from the library's; tanh is accurate near +-1 only in absolute terms,
 * so the tails use the exp forms. */
static double f1_standard(double t)
{
    if (t > 1.0)
        return exp(-t) / (1.0 + exp(-t));
    if (t < -1.0)
        return 1.0 / (1.0 + exp(t));
    return 0.5 * (1.0 - tanh(0.5 * t));
}

/* f''(t) = -e^t / (1 + e^t)^2 = -1 / (4 cosh^2(t/2)). */
static double f2_standard(double t)
{
    double c = cosh(0.5 * t);
    return -1.0 / (4.0 * c * c);
}

static double central_diff(double (*g)(double), double t)
{
    return (g(t + FD_H) - g(t - FD_H)) / (2.0 * FD_H);
}

static void assert_rel_tiny(double actual, double expected, double rel, const char *what, double t)
{
    double d = fabs(actual - expected);
    if (!(d <= rel * fabs(expected))) {
        print_error("%s(%g) = %.17g, expected %.17g, relative error %.3g > %.3g\n", what, t, actual,
                    expected, d / fabs(expected), rel);
        fail();
    }
}

/* ---- loss derivatives ------------------------------------------------------------------- */

static void test_loss_closed_forms_at_zero(void **state)
{
    (void)state;
    double f1 = NAN, f2 = NAN;
    /* Mescheder et al. 2018, Sec. 2/3: f'(0) = 1/2, f''(0) = -1/4 for f(t) = -log(1+e^-t). */
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, 0.0, &f1, &f2);
    assert_true(f1 == 0.5);
    assert_true(f2 == -0.25);
    /* WGAN f(t) = t: f' = 1, f'' = 0 everywhere. */
    static const double ts[] = {-1e6, -40.0, -1.0, 0.0, 0.3, 40.0, 1e6};
    for (size_t i = 0; i < TESTUTIL_COUNT(ts); i++) {
        f1 = f2 = NAN;
        ganstab_loss_derivatives(GANSTAB_LOSS_WGAN, ts[i], &f1, &f2);
        assert_true(f1 == 1.0);
        assert_true(f2 == 0.0);
    }
    /* Either output may be NULL. */
    f1 = NAN;
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, 0.0, &f1, NULL);
    assert_true(f1 == 0.5);
    f2 = NAN;
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, 0.0, NULL, &f2);
    assert_true(f2 == -0.25);
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, 0.0, NULL, NULL);
}

static void test_loss_names(void **state)
{
    (void)state;
    assert_string_equal(ganstab_loss_name(GANSTAB_LOSS_STANDARD), "standard");
    assert_string_equal(ganstab_loss_name(GANSTAB_LOSS_WGAN), "wgan");
    assert_string_equal(ganstab_loss_name(GANSTAB_LOSS_NONSATURATING), "nonsaturating");
}

/* A table of known values: f'(t) = sigmoid(-t), f''(t) = -sigmoid(t) sigmoid(-t). */
static void test_loss_table(void **state)
{
    (void)state;
    static const struct {
        double t, f1, f2;
    } table[] = {
        {0.0, 0.5, -0.25},
        /* log 3: sigmoid(-log 3) = 1/4, f'' = -(3/4)(1/4) = -3/16 */
        {1.0986122886681098, 0.25, -0.1875},
        {-1.0986122886681098, 0.75, -0.1875},
        /* log 9: 1/10, -9/100 */
        {2.1972245773362196, 0.1, -0.09},
        {-2.1972245773362196, 0.9, -0.09},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        double f1 = NAN, f2 = NAN;
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, table[i].t, &f1, &f2);
        assert_close(f1, table[i].f1, CLOSED_FORM_TOL);
        assert_close(f2, table[i].f2, CLOSED_FORM_TOL);
    }
}

static void test_loss_vs_independent_formula_and_fd(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xD1AC01);
    for (int k = 0; k < 200; k++) {
        double t = testutil_rng_uniform(&rng, -12.0, 12.0);
        double f1 = NAN, f2 = NAN;
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, t, &f1, &f2);
        assert_close(f1, f1_standard(t), CLOSED_FORM_TOL);
        assert_close(f2, f2_standard(t), CLOSED_FORM_TOL);
        /* Second computation: differences of f itself, and of the independent f'. */
        assert_close(f1, central_diff(f_standard, t), FD_TOL);
        assert_close(f2, central_diff(f1_standard, t), FD_TOL);
    }
}

static void test_loss_large_arguments(void **state)
{
    (void)state;
    /* Relative accuracy in the tails, where f' and f'' are ~e^-|t|. */
    static const double tails[] = {20.0, 30.0, 40.0};
    for (size_t i = 0; i < TESTUTIL_COUNT(tails); i++) {
        double t = tails[i], f1 = NAN, f2 = NAN;
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, t, &f1, &f2);
        double e = exp(-t);
        assert_rel_tiny(f1, e / (1.0 + e), TAIL_REL_TOL, "f'", t);
        assert_rel_tiny(f2, -e / ((1.0 + e) * (1.0 + e)), TAIL_REL_TOL, "f''", t);
        assert_rel_tiny(f1, central_diff(f_standard, t), FD_REL_TOL, "f' vs fd", t);
        /* f'(-t) = 1 - f'(t); f'' is even. */
        double g1 = NAN, g2 = NAN;
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, -t, &g1, &g2);
        assert_close(g1, 1.0 - e / (1.0 + e), CLOSED_FORM_TOL);
        assert_close(g1, central_diff(f_standard, -t), FD_TOL);
        assert_rel_tiny(g2, f2, TAIL_REL_TOL, "f'' even", t);
    }
    /* f'(+-40): sane values, not NaN or overflow. */
    double f1p = NAN, f1m = NAN, f2p = NAN, f2m = NAN;
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, 40.0, &f1p, &f2p);
    ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, -40.0, &f1m, &f2m);
    assert_true(f1p > 0.0 && f1p < 1e-17);
    assert_true(f1m == 1.0);
    assert_true(f2p < 0.0 && f2p > -1e-17 && f2m == f2p);
    /* Far beyond exp's range (exp(800) = inf): limits 0 and 1, f'' -> -0, never NaN. */
    static const double huge[] = {710.0, 800.0, 1e6, 1e300, DBL_MAX};
    for (size_t i = 0; i < TESTUTIL_COUNT(huge); i++) {
        double a1 = NAN, a2 = NAN, b1 = NAN, b2 = NAN;
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, huge[i], &a1, &a2);
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, -huge[i], &b1, &b2);
        assert_true(isfinite(a1) && isfinite(a2) && isfinite(b1) && isfinite(b2));
        assert_true(a1 >= 0.0 && a1 < 1e-300);
        assert_true(b1 == 1.0);
        assert_true(a2 <= 0.0 && a2 > -1e-300);
        assert_true(b2 <= 0.0 && b2 > -1e-300);
    }
}

/* ---- the model -------------------------------------------------------------------------- */

static ganstab_model *dirac(ganstab_loss loss)
{
    ganstab_model *m = ganstab_dirac_alloc(loss);
    assert_non_null(m);
    return m;
}

/* Both data terms at x (no shift), as the regularizer module adds them. */
static void field(const ganstab_model *m, const double *x, double *v, double *J)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    v[0] = v[1] = 0.0;
    if (J != NULL)
        memset(J, 0, 4 * sizeof *J);
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_REAL, x, NULL, v, J, &err), GANSTAB_OK);
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_FAKE, x, NULL, v, J, &err), GANSTAB_OK);
}

static void test_model_structure(void **state)
{
    (void)state;
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    assert_int_equal(m->n_g, 1);
    assert_int_equal(m->n_d, 1);
    assert_int_equal(m->data_dim, 1);
    assert_int_equal(m->loss, GANSTAB_LOSS_STANDARD);
    assert_string_equal(m->ops->name, "dirac");
    assert_non_null(m->state_names);
    assert_string_equal(m->state_names[0], "theta");
    assert_string_equal(m->state_names[1], "psi");
    assert_non_null(m->ops->term);
    assert_non_null(m->ops->penalty);
    assert_non_null(m->ops->equilibrium);
    ganstab_model_free(m);
    m = dirac(GANSTAB_LOSS_WGAN);
    assert_int_equal(m->loss, GANSTAB_LOSS_WGAN);
    ganstab_model_free(m);
    ganstab_model_free(NULL); /* accepted */
}

static void test_equilibrium(void **state)
{
    (void)state;
    /* the non-saturating generator row differs from the standard one only from second order on:
       at the equilibrium J is the same */
    static const ganstab_loss losses[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN,
                                          GANSTAB_LOSS_NONSATURATING};
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        ganstab_model *m = dirac(losses[l]);
        double x[2] = {NAN, NAN}, v[2], J[4];
        m->ops->equilibrium(m, x);
        /* Lemma 2.2: theta = psi = 0 */
        assert_true(x[0] == 0.0 && x[1] == 0.0);
        field(m, x, v, J);
        assert_true(v[0] == 0.0 && v[1] == 0.0);
        /* J = [[0, -f'(0)], [f'(0), 0]] (column-major) */
        double a = losses[l] == GANSTAB_LOSS_WGAN ? 1.0 : 0.5;
        assert_true(J[0] == 0.0);
        assert_true(J[1] == a);
        assert_true(J[2] == -a);
        assert_true(J[3] == 0.0);
        ganstab_model_free(m);
    }
}

/* v = (-dL/dtheta, +dL/dpsi) with L = f(psi theta) + f(0): (-psi f'(psi theta), theta f'(psi
 * theta)). */
static void test_field_vs_formula(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xF1E1D);
    ganstab_model *ms = dirac(GANSTAB_LOSS_STANDARD), *mw = dirac(GANSTAB_LOSS_WGAN);
    for (int k = 0; k < 100; k++) {
        double x[2] = {testutil_rng_uniform(&rng, -3.0, 3.0),
                       testutil_rng_uniform(&rng, -3.0, 3.0)};
        double v[2];
        field(ms, x, v, NULL);
        double u = x[0] * x[1];
        assert_close(v[0], -x[1] * f1_standard(u), CLOSED_FORM_TOL * 4.0);
        assert_close(v[1], x[0] * f1_standard(u), CLOSED_FORM_TOL * 4.0);
        field(mw, x, v, NULL);
        assert_true(v[0] == -x[1]);
        assert_true(v[1] == x[0]);
    }
    /* Large psi*theta: no overflow. */
    double x[2] = {30.0, -30.0}, v[2];
    field(ms, x, v, NULL);
    assert_close(v[0], 30.0, CLOSED_FORM_TOL * 30.0);
    assert_close(v[1], 30.0 * f1_standard(-900.0), CLOSED_FORM_TOL * 30.0);
    ganstab_model_free(ms);
    ganstab_model_free(mw);
}

/* Central-difference Jacobian of one side's term (shift s) at x. */
static void term_fd(const ganstab_model *m, ganstab_data_side side, const double *x, double s,
                    double *Jfd)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    for (size_t j = 0; j < 2; j++) {
        double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]};
        xp[j] += FD_H;
        xm[j] -= FD_H;
        double vp[2] = {0, 0}, vm[2] = {0, 0};
        assert_int_equal(m->ops->term(m, side, xp, &s, vp, NULL, &err), GANSTAB_OK);
        assert_int_equal(m->ops->term(m, side, xm, &s, vm, NULL, &err), GANSTAB_OK);
        for (size_t i = 0; i < 2; i++)
            Jfd[i + 2 * j] = (vp[i] - vm[i]) / (2.0 * FD_H);
    }
}

static void test_jacobian_vs_fd(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x1AC0B1);
    static const ganstab_loss losses[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN,
                                          GANSTAB_LOSS_NONSATURATING};
    ganstab_error err;
    ganstab_error_clear(&err);
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        ganstab_model *m = dirac(losses[l]);
        for (int k = 0; k < 40; k++) {
            double x[2] = {testutil_rng_uniform(&rng, -2.0, 2.0),
                           testutil_rng_uniform(&rng, -2.0, 2.0)};
            /* the first point of each loss is the equilibrium; the others are random, with
               random data shifts (the instance-noise path) on half of them */
            if (k == 0)
                x[0] = x[1] = 0.0;
            double s = k % 2 == 0 ? 0.0 : testutil_rng_uniform(&rng, -2.0, 2.0);
            for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE; side++) {
                double v[2] = {0, 0}, J[4] = {0, 0, 0, 0}, Jfd[4];
                assert_int_equal(m->ops->term(m, (ganstab_data_side)side, x, &s, v, J, &err),
                                 GANSTAB_OK);
                term_fd(m, (ganstab_data_side)side, x, s, Jfd);
                for (size_t i = 0; i < 4; i++)
                    assert_close(J[i], Jfd[i], JAC_FD_TOL);
                /* terms accumulate (+=), they do not overwrite */
                double v2[2] = {v[0] + 1.0, v[1] - 2.0}, J2[4] = {J[0] + 1, J[1], J[2], J[3] - 1};
                assert_int_equal(m->ops->term(m, (ganstab_data_side)side, x, &s, v2, J2, &err),
                                 GANSTAB_OK);
                assert_close(v2[0], 2.0 * v[0] + 1.0, CLOSED_FORM_TOL * 4.0);
                assert_close(v2[1], 2.0 * v[1] - 2.0, CLOSED_FORM_TOL * 4.0);
                assert_close(J2[0], 2.0 * J[0] + 1.0, CLOSED_FORM_TOL * 4.0);
                assert_close(J2[3], 2.0 * J[3] - 1.0, CLOSED_FORM_TOL * 4.0);
            }
            /* The real-data term has no theta dependence (p_D = delta_0 does not move). */
            double vr[2] = {0, 0}, Jr[4] = {0, 0, 0, 0};
            assert_int_equal(m->ops->term(m, GANSTAB_SIDE_REAL, x, &s, vr, Jr, &err), GANSTAB_OK);
            assert_true(vr[0] == 0.0 && Jr[0] == 0.0 && Jr[1] == 0.0 && Jr[2] == 0.0);
            /* NULL shift means shift 0. */
            double va[2] = {0, 0}, vb[2] = {0, 0}, zero = 0.0;
            assert_int_equal(m->ops->term(m, GANSTAB_SIDE_FAKE, x, NULL, va, NULL, &err),
                             GANSTAB_OK);
            assert_int_equal(m->ops->term(m, GANSTAB_SIDE_FAKE, x, &zero, vb, NULL, &err),
                             GANSTAB_OK);
            assert_true(va[0] == vb[0] && va[1] == vb[1]);
        }
        ganstab_model_free(m);
    }
}

/* The penalty hook: P = 1/2 (|grad_x D_psi| - g0)^2 = (|psi| - g0)^2 / 2 on either side (eq. (7)
 * with gamma = 1 for g0 = 0; WGAN-GP/DRAGAN for g0 > 0). dP/dpsi = psi - g0 sign(psi) jumps by
 * 2 g0 at psi = 0, where the hook returns the limit from above (-g0) and sets the kink flag. */
static double penalty_P(double psi, double g0)
{
    double d = fabs(psi) - g0;
    return 0.5 * d * d;
}

static void test_penalty(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xBE4A17);
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    ganstab_error err;
    ganstab_error_clear(&err);
    for (int k = 0; k < 40; k++) {
        double x[2] = {testutil_rng_uniform(&rng, -2.0, 2.0),
                       testutil_rng_uniform(&rng, -2.0, 2.0)};
        /* away from the kink: |psi| > FD_H by far */
        if (fabs(x[1]) < 1e-3)
            x[1] = 0.5;
        double g0 = k % 2 == 0 ? 0.0 : testutil_rng_uniform(&rng, 0.05, 3.0);
        for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE; side++) {
            double g[2] = {0, 0}, H[4] = {0, 0, 0, 0};
            int kink = 0;
            assert_int_equal(m->ops->penalty(m, (ganstab_data_side)side, x, g0, g, H, &kink, &err),
                             GANSTAB_OK);
            /* gradient vs central difference of P (a quadratic on each side of 0: exact up to
               rounding) */
            double P_p = penalty_P(x[1] + FD_H, g0), P_m = penalty_P(x[1] - FD_H, g0);
            assert_close(g[0], 0.0, 0.0);
            assert_close(g[1], (P_p - P_m) / (2.0 * FD_H), FD_TOL);
            assert_close(g[1], x[1] - g0 * (x[1] < 0.0 ? -1.0 : 1.0), CLOSED_FORM_TOL * 4.0);
            assert_true(H[0] == 0.0 && H[1] == 0.0 && H[2] == 0.0 && H[3] == 1.0);
            assert_int_equal(kink, 0);
            /* H and kink may be NULL; the hook accumulates (+=) */
            double g2[2] = {1.0, -2.0};
            assert_int_equal(
                m->ops->penalty(m, (ganstab_data_side)side, x, g0, g2, NULL, NULL, &err),
                GANSTAB_OK);
            assert_true(g2[0] == 1.0);
            assert_close(g2[1], -2.0 + g[1], CLOSED_FORM_TOL * 4.0);
        }
    }
    /* psi = 0: zero-centered (g0 = 0) is smooth; g0 > 0 gives the one-sided value -g0 (the limit
       psi -> 0+) and the kink flag, whose pointer may be NULL */
    for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE; side++) {
        double x[2] = {0.7, 0.0};
        double g[2] = {0, 0}, H[4] = {0, 0, 0, 0};
        int kink = 0;
        assert_int_equal(m->ops->penalty(m, (ganstab_data_side)side, x, 0.0, g, H, &kink, &err),
                         GANSTAB_OK);
        assert_true(g[0] == 0.0 && g[1] == 0.0 && H[3] == 1.0);
        assert_int_equal(kink, 0);
        static const double g0s[] = {0.25, 1.0, 2.5};
        for (size_t i = 0; i < TESTUTIL_COUNT(g0s); i++) {
            double g0 = g0s[i];
            double gk[2] = {0, 0}, Hk[4] = {0, 0, 0, 0};
            kink = 0;
            assert_int_equal(
                m->ops->penalty(m, (ganstab_data_side)side, x, g0, gk, Hk, &kink, &err),
                GANSTAB_OK);
            assert_close(gk[1], -g0, 0.0);
            assert_true(Hk[0] == 0.0 && Hk[1] == 0.0 && Hk[2] == 0.0 && Hk[3] == 1.0);
            assert_int_equal(kink, 1);
            /* the one-sided value is the limit from above: P'(0+) by a one-sided difference */
            double right = (penalty_P(2.0 * FD_H, g0) - penalty_P(FD_H, g0)) / FD_H;
            assert_close(gk[1], right, ONE_SIDED_TOL);
            /* the left limit differs by the jump 2 g0 */
            double left = (penalty_P(-FD_H, g0) - penalty_P(-2.0 * FD_H, g0)) / FD_H;
            assert_close(left - gk[1], 2.0 * g0, 2.0 * ONE_SIDED_TOL); /* two such errors */
            /* -0.0 is psi = 0 as well */
            double xm[2] = {0.7, -0.0}, gm[2] = {0, 0};
            kink = 0;
            assert_int_equal(
                m->ops->penalty(m, (ganstab_data_side)side, xm, g0, gm, NULL, &kink, &err),
                GANSTAB_OK);
            assert_close(gm[1], -g0, 0.0);
            assert_int_equal(kink, 1);
            /* a NULL kink pointer is accepted at the kink */
            assert_int_equal(
                m->ops->penalty(m, (ganstab_data_side)side, x, g0, gm, NULL, NULL, &err),
                GANSTAB_OK);
            /* within GANSTAB_KINK_RADIUS of 0 counts as on the kink (model.h); the value there
               is still the one of its side; beyond the radius there is no kink */
            static const double near[] = {1e-300, -1e-300, 0.5, -0.5, 2.0, -2.0};
            for (size_t j = 0; j < TESTUTIL_COUNT(near); j++) {
                double psi = j < 2 ? near[j] : near[j] * GANSTAB_KINK_RADIUS;
                double xs[2] = {0.7, psi}, gs[2] = {0, 0};
                kink = 0;
                assert_int_equal(
                    m->ops->penalty(m, (ganstab_data_side)side, xs, g0, gs, NULL, &kink, &err),
                    GANSTAB_OK);
                assert_int_equal(kink, fabs(psi) < GANSTAB_KINK_RADIUS);
                assert_close(gs[1], psi - g0 * (psi < 0.0 ? -1.0 : 1.0), CLOSED_FORM_TOL * 4.0);
            }
        }
    }
    ganstab_model_free(m);
}

/* ---- the non-saturating loss ------------------------------------------------------------ */

/* Written from the definition, not from src/models/dirac.c: the discriminator ascends
 * L = f(psi theta) + f(0) as before, v_psi = theta f'(psi theta); the generator ascends
 * f(-psi theta) instead of descending f(psi theta), v_theta = d/dtheta f(-psi theta)
 * = -psi f'(-psi theta). */
static void nonsaturating_formula(const double *x, double *v)
{
    double theta = x[0], psi = x[1];
    v[0] = -psi * f1_standard(-psi * theta);
    v[1] = theta * f1_standard(psi * theta);
}

/* Its Jacobian, differentiated by hand: d/dtheta (-psi f'(-psi theta)) = psi^2 f''(-u),
 * d/dpsi = -f'(-u) + u f''(-u); the discriminator row is the standard one. u = psi theta. */
static void nonsaturating_jacobian(const double *x, double *J)
{
    double theta = x[0], psi = x[1], u = psi * theta;
    J[0] = psi * psi * f2_standard(-u);
    J[2] = -f1_standard(-u) + u * f2_standard(-u);
    J[1] = f1_standard(u) + u * f2_standard(u);
    J[3] = theta * theta * f2_standard(u);
}

static void test_nonsaturating(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x0505A7);
    ganstab_model *mn = dirac(GANSTAB_LOSS_NONSATURATING), *ms = dirac(GANSTAB_LOSS_STANDARD);
    assert_int_equal(mn->loss, GANSTAB_LOSS_NONSATURATING);
    /* the same f as the standard loss */
    for (int k = 0; k < 20; k++) {
        double t = testutil_rng_uniform(&rng, -12.0, 12.0);
        double a1, a2, b1, b2;
        ganstab_loss_derivatives(GANSTAB_LOSS_NONSATURATING, t, &a1, &a2);
        ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, t, &b1, &b2);
        assert_true(a1 == b1 && a2 == b2);
    }
    int differs = 0;
    for (int k = 0; k < 100; k++) {
        double x[2] = {testutil_rng_uniform(&rng, -3.0, 3.0),
                       testutil_rng_uniform(&rng, -3.0, 3.0)};
        double v[2], J[4], vf[2], Jf[4], vs[2];
        field(mn, x, v, J);
        nonsaturating_formula(x, vf);
        assert_close(v[0], vf[0], CLOSED_FORM_TOL * 4.0);
        assert_close(v[1], vf[1], CLOSED_FORM_TOL * 4.0);
        /* analytic J vs the hand-differentiated one and vs central differences of the formula */
        nonsaturating_jacobian(x, Jf);
        for (size_t i = 0; i < 4; i++)
            assert_close(J[i], Jf[i], HAND_JAC_TOL);
        for (size_t j = 0; j < 2; j++) {
            double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, vp[2], vm[2];
            xp[j] += FD_H;
            xm[j] -= FD_H;
            nonsaturating_formula(xp, vp);
            nonsaturating_formula(xm, vm);
            for (size_t i = 0; i < 2; i++)
                assert_close(J[i + 2 * j], (vp[i] - vm[i]) / (2.0 * FD_H), JAC_FD_TOL);
        }
        /* the discriminator's row is the standard one; the generator's is not (f'(-u) =
           1 - f'(u) != f'(u) for u != 0), so the formula above is not the standard field */
        field(ms, x, vs, NULL);
        assert_true(v[1] == vs[1]);
        if (fabs(v[0] - vs[0]) > 1e-3)
            differs++;
    }
    assert_true(differs > 50);
    /* at the equilibrium, also with the data shifted (the instance-noise path): the standard
       Jacobian [[0, -f'(0)], [f'(0), 0]] for the fake term, bit for bit */
    ganstab_error err;
    ganstab_error_clear(&err);
    for (int k = 0; k < 10; k++) {
        double x0[2] = {0.0, 0.0};
        double s = k == 0 ? 0.0 : testutil_rng_uniform(&rng, -2.0, 2.0);
        double vn[2] = {0, 0}, Jn[4] = {0, 0, 0, 0}, vs[2] = {0, 0}, Js[4] = {0, 0, 0, 0};
        assert_int_equal(mn->ops->term(mn, GANSTAB_SIDE_FAKE, x0, &s, vn, Jn, &err), GANSTAB_OK);
        assert_int_equal(ms->ops->term(ms, GANSTAB_SIDE_FAKE, x0, &s, vs, Js, &err), GANSTAB_OK);
        assert_true(vn[0] == vs[0] && vn[1] == vs[1]);
        for (size_t i = 0; i < 4; i++)
            assert_true(Jn[i] == Js[i]);
        if (k == 0) {
            assert_true(Jn[0] == 0.0 && Jn[1] == 0.5 && Jn[2] == -0.5 && Jn[3] == 0.0);
        }
    }
    ganstab_model_free(mn);
    ganstab_model_free(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loss_closed_forms_at_zero),
        cmocka_unit_test(test_loss_names),
        cmocka_unit_test(test_loss_table),
        cmocka_unit_test(test_loss_vs_independent_formula_and_fd),
        cmocka_unit_test(test_loss_large_arguments),
        cmocka_unit_test(test_model_structure),
        cmocka_unit_test(test_equilibrium),
        cmocka_unit_test(test_field_vs_formula),
        cmocka_unit_test(test_jacobian_vs_fd),
        cmocka_unit_test(test_penalty),
        cmocka_unit_test(test_nonsaturating),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for src/models/{loss,model,dirac}.c: the loss derivatives against their closed
 * forms and against finite differences of an independently coded f (including |t| large enough
 * that a naive exp overflows), the Dirac-GAN field (Mescheder et al. 2018, eq. (4)) against a
 * hand-coded formula at random points, the analytic Jacobian of each data term against central
 * differences at random points and shifts (not only at the equilibrium), the gradient-penalty
 * hook against differences of P = psi^2/2, the equilibrium (Lemma 2.2) and the state names. */
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
    static const ganstab_loss losses[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN};
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
    static const ganstab_loss losses[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN};
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

/* The penalty hook: P = 1/2 |grad_x D_psi|^2 = psi^2 / 2 on either side (eq. (7), gamma = 1). */
static void test_penalty(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xBE4A17);
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    ganstab_error err;
    ganstab_error_clear(&err);
    for (int k = 0; k < 20; k++) {
        double x[2] = {testutil_rng_uniform(&rng, -2.0, 2.0),
                       testutil_rng_uniform(&rng, -2.0, 2.0)};
        for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE; side++) {
            double g[2] = {0, 0}, H[4] = {0, 0, 0, 0};
            assert_int_equal(m->ops->penalty(m, (ganstab_data_side)side, x, g, H, &err),
                             GANSTAB_OK);
            /* gradient vs central difference of P = psi^2/2 (exact for a quadratic up to
               rounding) */
            double P_p = 0.5 * (x[1] + FD_H) * (x[1] + FD_H),
                   P_m = 0.5 * (x[1] - FD_H) * (x[1] - FD_H);
            assert_close(g[0], 0.0, 0.0);
            assert_close(g[1], (P_p - P_m) / (2.0 * FD_H), FD_TOL);
            assert_close(g[1], x[1], 0.0);
            assert_true(H[0] == 0.0 && H[1] == 0.0 && H[2] == 0.0 && H[3] == 1.0);
            /* H may be NULL */
            double g2[2] = {0, 0};
            assert_int_equal(m->ops->penalty(m, (ganstab_data_side)side, x, g2, NULL, &err),
                             GANSTAB_OK);
            assert_true(g2[1] == x[1]);
        }
    }
    ganstab_model_free(m);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

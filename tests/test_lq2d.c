/* Unit tests for src/models/lq2d.c, the LQ-GAN of Nagarajan & Kolter 2017 (Sec. 4, Figure 3):
 * x ~ U[-1, 1], z ~ U[-1, 1], D(x) = w2 x^2, G(z) = a z,
 *   V(a, w2) = E_x f(w2 x^2) + E_z f(-w2 a^2 z^2)                                   (eq. (2)),
 * state (a, w2), generator first, field v = (-dV/da, +dV/dw2).
 * Second computations, all written here from V (never from the library's integrands):
 *   - the field at random (a, w2) against GSL's adaptive gsl_integration_qag of the expectations
 *     of dV/da and dV/dw2 (the library uses 64-node Gauss-Legendre), for the standard and WGAN
 *     losses;
 *   - the field against central differences (gsl_deriv_central) of V itself, V by qag: this one
 *     fixes the signs of v = (-dV/da, +dV/dw2) from the objective alone;
 *   - the analytic Jacobian against central differences of the field and against qag of the
 *     second derivatives of V written out here;
 *   - the non-saturating loss (the generator ascends f(D(G(z))) = f(w2 a^2 z^2) instead of
 *     descending f(-D(G(z))), as the Dirac-GAN does in Mescheder et al.'s convention) is either
 *     refused for lq2d or its field is that one.
 * Closed forms: the equilibrium (1, 0) is stationary; J there is [[0, 2f'(0)/3], [-2f'(0)/3,
 * 2f''(0)/5]] (J_GG = 0 and J_GD = -J_DG exactly: Sec. 3.3's J with K_DD = E x^4 = 1/5,
 * K_DG = -2/3). The penalty hook: grad_x D = 2 w2 x, so the zero-centred P = 1/2 E|grad D|^2 is
 * 2 w2^2 E[x^2] = 2 w2^2/3 on data and 2 w2^2 a^2/3 on the generator's samples; gp (the mixture),
 * r1 (data) and r2 (generator) all subtract gamma 4/3 from J_DD at the equilibrium; WGAN-GP and
 * DRAGAN (g0 > 0) are refused with GANSTAB_EINVAL naming lq2d. */
#include "testutil.h"

#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <stdlib.h>

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/lq2d.h"
#include "ganstab/regularizer.h"

/* The reference integrals: qag with the 61-point Gauss-Kronrod rule, requested to 1e-14
 * absolute; the integrands are analytic on [-1, 1] (polynomials times f'(c t^2) with
 * |c| = |w2| or |w2| a^2 <= 6, whose poles lie at c t^2 = +-i pi (2k + 1), |t| >= sqrt(pi/6)
 * ~ 0.72, off the real axis at 45 degrees), so qag converges in a few subdivisions. */
static const double QAG_EPSABS = 1e-14;
static const double QAG_EPSREL = 1e-13;
/* Library (64-node Gauss-Legendre) vs qag: for |w2| a^2 <= 6 the nearest pole of the integrand
 * in z lies on a Bernstein ellipse of parameter rho >= 1.6, so the rule's error is
 * ~rho^-128 < 1e-25; what remains is the rounding of 64-term sums of O(1..10) values and qag's
 * own 1e-14: measured <= 9e-16 (field and J); 1e-13. */
static const double QUADRATURE_TOL = 1e-13;
/* Field vs central differences of V (V itself by qag to ~1e-14): gsl_deriv_central's
 * five-point rule with step 1e-3 has truncation ~h^4 |V^(5)| ~ 1e-11 and rounding
 * 1e-14/h ~ 1e-11 (measured <= 2e-11); 1e-8. */
static const double DERIV_V_STEP = 1e-3;
static const double DERIV_V_TOL = 1e-8;
/* Analytic J vs central differences of the field with step FD_H: truncation h^2 |v'''|/6,
 * v''' holding up to y^6 f''''(u) ~ 10^2 here, ~2e-9; rounding eps |v| / h ~ 1e-10
 * (measured <= 7e-11); 1e-7 (GANSTAB_FD_TOL's value) leaves room. */
static const double FD_H = 1e-5;
static const double JAC_FD_TOL = 1e-7;
/* Closed forms at the equilibrium: Gauss-Legendre is exact for the degree-2 and degree-4
 * integrands there; GSL's nodes and weights carry ~eps each and the 64-term sums a few more
 * ulps of 1/3: measured 1.1e-16; 1e-15. */
static const double EQUILIBRIUM_TOL = 1e-15;
/* Penalty contributions written here as closed forms (E x^2 = 1/3) vs the hook's: a few
 * roundings of values up to gamma * 8 |w2 a| / 3 ~ 20: 1e-14. */
static const double PENALTY_TOL = 1e-14;

/* ---- an independent implementation of the losses --------------------------------------- */

/* f(t) = -log(1 + e^-t) (standard) or t (WGAN), with exp never overflowing. */
static double ref_f(ganstab_loss loss, double t)
{
    if (loss == GANSTAB_LOSS_WGAN)
        return t;
    return t >= 0.0 ? -log1p(exp(-t)) : t - log1p(exp(t));
}

/* f'(t) = 1/(1 + e^t) = (1 - tanh(t/2))/2; f''(t) = -1/(4 cosh^2(t/2)). */
static double ref_f1(ganstab_loss loss, double t)
{
    return loss == GANSTAB_LOSS_WGAN ? 1.0 : 0.5 * (1.0 - tanh(0.5 * t));
}

static double ref_f2(ganstab_loss loss, double t)
{
    if (loss == GANSTAB_LOSS_WGAN)
        return 0.0;
    double c = cosh(0.5 * t);
    return -0.25 / (c * c);
}

/* f'(0), f''(0): 1/2, -1/4 (standard); 1, 0 (WGAN). */
static double fp0(ganstab_loss loss)
{
    return loss == GANSTAB_LOSS_WGAN ? 1.0 : 0.5;
}

static double fpp0(ganstab_loss loss)
{
    return loss == GANSTAB_LOSS_WGAN ? 0.0 : -0.25;
}

/* ---- reference expectations over U[-1, 1] ------------------------------------------------ */

/* Integrands of the expectations, each a function of the sample t (x for data, z for latent),
 * differentiated here by hand from V(a, w2) = E_x f(w2 x^2) + E_z f(-w2 a^2 z^2), u = -w2 a^2 z^2:
 *   V_a   = E_z[-2 w2 a z^2 f'(u)]
 *   V_w2  = E_x[x^2 f'(w2 x^2)] + E_z[-a^2 z^2 f'(u)]
 *   V_aa  = E_z[-2 w2 z^2 f'(u) + 4 w2^2 a^2 z^4 f''(u)]
 *   V_aw2 = E_z[-2 a z^2 f'(u) + 2 w2 a^3 z^4 f''(u)]
 *   V_w2w2 = E_x[x^4 f''(w2 x^2)] + E_z[a^4 z^4 f''(u)] */
typedef enum {
    I_V,        /* f(w2 t^2) + f(-w2 a^2 t^2): V itself */
    I_VA,       /* -2 w2 a t^2 f'(u) */
    I_VW_REAL,  /* t^2 f'(w2 t^2) */
    I_VW_FAKE,  /* -a^2 t^2 f'(u) */
    I_VAA,      /* -2 w2 t^2 f'(u) + 4 w2^2 a^2 t^4 f''(u) */
    I_VAW,      /* -2 a t^2 f'(u) + 2 w2 a^3 t^4 f''(u) */
    I_VWW,      /* t^4 f''(w2 t^2) + a^4 t^4 f''(u) */
    I_NS_GAIN_A /* d/da f(w2 a^2 t^2) = 2 w2 a t^2 f'(w2 a^2 t^2): the non-saturating v_a */
} integrand_id;

typedef struct {
    ganstab_loss loss;
    double a, w2;
    integrand_id id;
} integrand;

static double integrand_fn(double t, void *param)
{
    const integrand *p = param;
    double a = p->a, w2 = p->w2, t2 = t * t, u = -w2 * a * a * t2;
    ganstab_loss l = p->loss;
    double value = 0.0;
    switch (p->id) {
    case I_V:
        value = ref_f(l, w2 * t2) + ref_f(l, u);
        break;
    case I_VA:
        value = -2.0 * w2 * a * t2 * ref_f1(l, u);
        break;
    case I_VW_REAL:
        value = t2 * ref_f1(l, w2 * t2);
        break;
    case I_VW_FAKE:
        value = -a * a * t2 * ref_f1(l, u);
        break;
    case I_VAA:
        value = -2.0 * w2 * t2 * ref_f1(l, u) + 4.0 * w2 * w2 * a * a * t2 * t2 * ref_f2(l, u);
        break;
    case I_VAW:
        value = -2.0 * a * t2 * ref_f1(l, u) + 2.0 * w2 * a * a * a * t2 * t2 * ref_f2(l, u);
        break;
    case I_VWW:
        value = t2 * t2 * ref_f2(l, w2 * t2) + a * a * a * a * t2 * t2 * ref_f2(l, u);
        break;
    case I_NS_GAIN_A:
        value = 2.0 * w2 * a * t2 * ref_f1(l, w2 * a * a * t2);
        break;
    }
    return 0.5 * value; /* the density of U[-1, 1] */
}

/* E over U[-1, 1] of integrand `id` at (a, w2), by adaptive Gauss-Kronrod. */
static double expectation(ganstab_loss loss, double a, double w2, integrand_id id)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    assert_non_null(w);
    integrand p = {loss, a, w2, id};
    gsl_function F = {integrand_fn, &p};
    double result = 0.0, abserr = 0.0;
    int gs = gsl_integration_qag(&F, -1.0, 1.0, QAG_EPSABS, QAG_EPSREL, 1000, GSL_INTEG_GAUSS61, w,
                                 &result, &abserr);
    gsl_integration_workspace_free(w);
    assert_int_equal(gs, GSL_SUCCESS);
    return result;
}

/* v = (-V_a, V_w2) and J = dv/dx = [[-V_aa, -V_aw2], [V_aw2, V_w2w2]] (column-major). */
static void reference_field(ganstab_loss loss, double a, double w2, double *v, double *J)
{
    v[0] = -expectation(loss, a, w2, I_VA);
    v[1] = expectation(loss, a, w2, I_VW_REAL) + expectation(loss, a, w2, I_VW_FAKE);
    if (J == NULL)
        return;
    double vaw = expectation(loss, a, w2, I_VAW);
    J[0] = -expectation(loss, a, w2, I_VAA);
    J[1] = vaw;
    J[2] = -vaw;
    J[3] = expectation(loss, a, w2, I_VWW);
}

/* V as a function of one coordinate, the other fixed: for gsl_deriv_central. */
typedef struct {
    ganstab_loss loss;
    double a, w2;
    int coord; /* 0: vary a; 1: vary w2 */
} v_slice;

static double v_slice_fn(double s, void *param)
{
    const v_slice *p = param;
    double a = p->coord == 0 ? s : p->a, w2 = p->coord == 1 ? s : p->w2;
    return expectation(p->loss, a, w2, I_V);
}

static double dV(ganstab_loss loss, double a, double w2, int coord)
{
    v_slice p = {loss, a, w2, coord};
    gsl_function F = {v_slice_fn, &p};
    double result = 0.0, abserr = 0.0;
    int gs = gsl_deriv_central(&F, coord == 0 ? a : w2, DERIV_V_STEP, &result, &abserr);
    assert_int_equal(gs, GSL_SUCCESS);
    return result;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static ganstab_model *lq2d(ganstab_loss loss)
{
    ganstab_model *m = ganstab_lq2d_alloc(loss);
    assert_non_null(m);
    return m;
}

static void reg_init(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma, double g0)
{
    testutil_regularizer(r, kind, gamma, 0.0, g0, 0.0);
}

/* Central-difference Jacobian of the field (column-major). */
static void field_fd(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                     double *Jfd)
{
    for (size_t j = 0; j < 2; j++) {
        double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, vp[2], vm[2];
        xp[j] += FD_H;
        xm[j] -= FD_H;
        testutil_field_eval(m, r, xp, vp, NULL);
        testutil_field_eval(m, r, xm, vm, NULL);
        for (size_t i = 0; i < 2; i++)
            Jfd[i + 2 * j] = (vp[i] - vm[i]) / (2.0 * FD_H);
    }
}

static const ganstab_loss LOSSES[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN};

/* Random points: a in [-2, 2], |w2| <= 1.5 (|w2| a^2 <= 6). */
static void random_point(testutil_rng *rng, double *x)
{
    x[0] = testutil_rng_uniform(rng, -2.0, 2.0);
    x[1] = testutil_rng_uniform(rng, -1.5, 1.5);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_model_metadata(void **state)
{
    (void)state;
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_model *m = lq2d(LOSSES[l]);
        assert_string_equal(m->ops->name, "lq2d");
        assert_int_equal(m->n_g, 1);
        assert_int_equal(m->n_d, 1);
        assert_int_equal(m->data_dim, 1);
        assert_string_equal(m->state_names[0], "a");
        assert_string_equal(m->state_names[1], "w2");
        assert_int_equal(m->loss, LOSSES[l]);
        assert_non_null(m->ops->term);
        assert_non_null(m->ops->penalty);
        assert_non_null(m->ops->equilibrium);
        ganstab_model_free(m);
    }
    ganstab_model_free(NULL);
}

/* The field at random points against qag of the expectations of -dV/da and dV/dw2. */
static void test_field_vs_adaptive_quadrature(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x10A2D);
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_model *m = lq2d(LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 1.0);
        double worst = 0.0;
        for (int k = 0; k < 40; k++) {
            double x[2], v[2], ref[2];
            random_point(&rng, x);
            testutil_field_eval(m, &none, x, v, NULL);
            reference_field(LOSSES[l], x[0], x[1], ref, NULL);
            for (size_t i = 0; i < 2; i++) {
                assert_close(v[i], ref[i], QUADRATURE_TOL);
                worst = fmax(worst, fabs(v[i] - ref[i]));
            }
        }
        print_message("lq2d %s: field vs qag, max |diff| = %.3g\n", ganstab_loss_name(LOSSES[l]),
                      worst);
        ganstab_model_free(m);
    }
}

/* The signs and the objective: v = (-dV/da, +dV/dw2) with V differentiated numerically. */
static void test_field_vs_derivative_of_objective(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x0B1EC7);
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_model *m = lq2d(LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 1.0);
        double worst = 0.0;
        for (int k = 0; k < 12; k++) {
            double x[2], v[2];
            random_point(&rng, x);
            testutil_field_eval(m, &none, x, v, NULL);
            double want[2] = {-dV(LOSSES[l], x[0], x[1], 0), dV(LOSSES[l], x[0], x[1], 1)};
            for (size_t i = 0; i < 2; i++) {
                assert_close(v[i], want[i], DERIV_V_TOL);
                worst = fmax(worst, fabs(v[i] - want[i]));
            }
        }
        print_message("lq2d %s: field vs dV, max |diff| = %.3g\n", ganstab_loss_name(LOSSES[l]),
                      worst);
        ganstab_model_free(m);
    }
}

/* The analytic Jacobian at random points: against central differences of the field and against
 * qag of V's second derivatives. */
static void test_jacobian_random_points(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x7AC0B);
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_model *m = lq2d(LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 1.0);
        double worst_fd = 0.0, worst_q = 0.0;
        for (int k = 0; k < 40; k++) {
            double x[2], v[2], J[4], Jfd[4], vref[2], Jref[4];
            random_point(&rng, x);
            testutil_field_eval(m, &none, x, v, J);
            field_fd(m, &none, x, Jfd);
            reference_field(LOSSES[l], x[0], x[1], vref, Jref);
            for (size_t i = 0; i < 4; i++) {
                assert_close(J[i], Jfd[i], JAC_FD_TOL);
                assert_close(J[i], Jref[i], QUADRATURE_TOL);
                worst_fd = fmax(worst_fd, fabs(J[i] - Jfd[i]));
                worst_q = fmax(worst_q, fabs(J[i] - Jref[i]));
            }
            /* J without J: the same field */
            double v2[2];
            testutil_field_eval(m, &none, x, v2, NULL);
            assert_true(v2[0] == v[0] && v2[1] == v[1]);
        }
        print_message("lq2d %s: J vs FD %.3g, J vs qag %.3g\n", ganstab_loss_name(LOSSES[l]),
                      worst_fd, worst_q);
        ganstab_model_free(m);
    }
}

/* (1, 0) is stationary and J there is Sec. 3.3's [[0, 2f'(0)/3], [-2f'(0)/3, 2f''(0)/5]]
 * (generator first), with J_GG = 0 and J_GD = -J_DG exactly. */
static void test_equilibrium(void **state)
{
    (void)state;
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_model *m = lq2d(LOSSES[l]);
        double x[2] = {NAN, NAN};
        m->ops->equilibrium(m, x);
        assert_true(x[0] == 1.0 && x[1] == 0.0);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 1.0);
        double v[2], J[4], Jfd[4];
        testutil_field_eval(m, &none, x, v, J);
        assert_true(v[0] == 0.0); /* every term carries the factor w2 = 0 */
        assert_close(v[1], 0.0, EQUILIBRIUM_TOL);
        double f1 = fp0(LOSSES[l]), f2 = fpp0(LOSSES[l]);
        assert_true(J[0] == 0.0);
        assert_close(J[2], 2.0 * f1 / 3.0, EQUILIBRIUM_TOL);
        assert_close(J[1], -2.0 * f1 / 3.0, EQUILIBRIUM_TOL);
        assert_close(J[3], 2.0 * f2 / 5.0, EQUILIBRIUM_TOL);
        assert_true(J[1] == -J[2]);
        if (LOSSES[l] == GANSTAB_LOSS_WGAN)
            assert_true(J[3] == 0.0);
        field_fd(m, &none, x, Jfd);
        for (size_t i = 0; i < 4; i++)
            assert_close(J[i], Jfd[i], JAC_FD_TOL);
        /* K_DD = E x^4 = 1/5 and K_DG = -d/da E (a z)^2 = -2/3 (Theorem 3.1's quantities) */
        assert_close(J[3], 2.0 * f2 * (1.0 / 5.0), EQUILIBRIUM_TOL);
        assert_close(J[1], f1 * (-2.0 / 3.0), EQUILIBRIUM_TOL);
        ganstab_model_free(m);
    }
}

/* Through the pipeline: ganstab_analyze reports residual ~0, the closed-form J and a passing
 * finite-difference check; the standard loss is stable (tr = 2f''(0)/5 < 0, det = 4f'(0)^2/9). */
static void test_analyze(void **state)
{
    (void)state;
    static const char *const losses[] = {"standard", "wgan"};
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        char loss[48];
        snprintf(loss, sizeof loss, "case.loss=%s", losses[l]);
        const char *const set[] = {"case.model=lq2d", loss, NULL};
        ganstab_case c;
        testutil_case_build(&c, set);
        ganstab_result *r = testutil_analyze(&c);
        assert_int_equal(r->n, 2);
        assert_string_equal(r->state_names[0], "a");
        assert_true(r->equilibrium[0] == 1.0 && r->equilibrium[1] == 0.0);
        assert_true(r->residual <= EQUILIBRIUM_TOL);
        assert_true(r->jacobian_agrees);
        double f1 = fp0(LOSSES[l]);
        assert_close(ganstab_matrix_get(r->jacobian, 0, 1), 2.0 * f1 / 3.0, EQUILIBRIUM_TOL);
        assert_close(ganstab_matrix_get(r->jacobian, 1, 1), 2.0 * fpp0(LOSSES[l]) / 5.0,
                     EQUILIBRIUM_TOL);
        assert_int_equal(r->verdict, LOSSES[l] == GANSTAB_LOSS_WGAN ? GANSTAB_VERDICT_MARGINAL
                                                                    : GANSTAB_VERDICT_STABLE);
        ganstab_result_free(r);
    }
}

/* The non-saturating loss: in this model's convention (real data get f(D), generated data
 * f(-D)) the saturating generator descends E f(-D(G(z))); the non-saturating one ascends
 * E f(D(G(z))) = E f(w2 a^2 z^2) instead (Goodfellow et al. 2014; the Dirac-GAN's
 * GANSTAB_LOSS_NONSATURATING makes the same swap), so v_a = E[2 w2 a z^2 f'(w2 a^2 z^2)], the
 * discriminator's v_w2 unchanged. Either lq2d refuses the loss (EINVAL, from the case or the
 * game) or its field is this one; the linearization at (1, 0) is the standard one either way. */
static void test_nonsaturating(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    const char *const set[] = {"case.model=lq2d", "case.loss=nonsaturating", NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_validate(&c, &err);
    ganstab_game g = {0};
    if (rc == GANSTAB_OK)
        rc = ganstab_game_init(&c, &g, &err);
    if (rc != GANSTAB_OK) {
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_non_null(strstr(err.message, "nonsaturating"));
        return;
    }
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x5A7);
    double worst = 0.0;
    for (int k = 0; k < 20; k++) {
        double x[2], v[2], J[4], Jfd[4], vref[2];
        random_point(&rng, x);
        ganstab_error_clear(&err);
        rc = ganstab_game_field(&g, x, v, J, &err);
        if (rc == GANSTAB_EINVAL) {
            assert_non_null(strstr(err.message, "nonsaturating"));
            ganstab_game_free(&g);
            return;
        }
        assert_int_equal(rc, GANSTAB_OK);
        vref[0] = expectation(GANSTAB_LOSS_STANDARD, x[0], x[1], I_NS_GAIN_A);
        vref[1] = expectation(GANSTAB_LOSS_STANDARD, x[0], x[1], I_VW_REAL) +
                  expectation(GANSTAB_LOSS_STANDARD, x[0], x[1], I_VW_FAKE);
        worst = fmax(worst, fmax(fabs(v[0] - vref[0]), fabs(v[1] - vref[1])));
        if (fabs(v[0] - vref[0]) > QUADRATURE_TOL)
            print_error("lq2d nonsaturating at (a, w2) = (%.17g, %.17g): v_a = %.17g, the "
                        "generator ascending f(w2 a^2 z^2) gives %.17g\n",
                        x[0], x[1], v[0], vref[0]);
        assert_close(v[0], vref[0], QUADRATURE_TOL);
        assert_close(v[1], vref[1], QUADRATURE_TOL);
        for (size_t j = 0; j < 2; j++) {
            double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, vp[2], vm[2];
            xp[j] += FD_H;
            xm[j] -= FD_H;
            assert_int_equal(ganstab_game_field(&g, xp, vp, NULL, &err), GANSTAB_OK);
            assert_int_equal(ganstab_game_field(&g, xm, vm, NULL, &err), GANSTAB_OK);
            for (size_t i = 0; i < 2; i++)
                Jfd[i + 2 * j] = (vp[i] - vm[i]) / (2.0 * FD_H);
        }
        for (size_t i = 0; i < 4; i++)
            assert_close(J[i], Jfd[i], JAC_FD_TOL);
    }
    print_message("lq2d nonsaturating: field vs qag, max |diff| = %.3g\n", worst);
    ganstab_game_free(&g);
}

/* Zero-centred penalties (g0 = 0): grad_x D(x) = 2 w2 x, 1/2 |grad D|^2 = 2 w2^2 x^2, so with
 * E x^2 = 1/3 on data and E (a z)^2 = a^2/3 on generated samples the discriminator's field loses
 *   gamma d/dw2 [c_r 2 w2^2/3 + c_f 2 w2^2 a^2/3] = gamma (c_r + c_f a^2) 4 w2/3
 * (c_r, c_f = 1/2, 1/2 for gp; 1, 0 for r1; 0, 1 for r2), and its Jacobian row loses
 * gamma [c_f 8 w2 a/3, (c_r + c_f a^2) 4/3]; the generator's row is untouched (eq. (14)). At
 * (1, 0) every one of them subtracts gamma 4/3 from J_DD. */
static void test_centered_penalties(void **state)
{
    (void)state;
    static const struct {
        ganstab_regularizer_kind kind;
        double c_real, c_fake;
    } kinds[] = {
        {GANSTAB_REG_GP, 0.5, 0.5}, {GANSTAB_REG_R1, 1.0, 0.0}, {GANSTAB_REG_R2, 0.0, 1.0}};
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x9E4A);
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_model *m = lq2d(LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 1.0);
        for (size_t k = 0; k < TESTUTIL_COUNT(kinds); k++) {
            double cr = kinds[k].c_real, cf = kinds[k].c_fake;
            for (int s = 0; s < 15; s++) {
                double gamma = testutil_rng_uniform(&rng, 0.01, 3.0), x[2];
                random_point(&rng, x);
                ganstab_regularizer pen;
                reg_init(&pen, kinds[k].kind, gamma, 0.0);
                double v0[2], J0[4], v[2], J[4], Jfd[4];
                testutil_field_eval(m, &none, x, v0, J0);
                testutil_field_eval(m, &pen, x, v, J);
                double a = x[0], w2 = x[1];
                assert_true(v[0] == v0[0] && J[0] == J0[0] && J[2] == J0[2]);
                assert_close(v[1], v0[1] - gamma * (cr + cf * a * a) * 4.0 * w2 / 3.0, PENALTY_TOL);
                assert_close(J[1], J0[1] - gamma * cf * 8.0 * w2 * a / 3.0, PENALTY_TOL);
                assert_close(J[3], J0[3] - gamma * (cr + cf * a * a) * 4.0 / 3.0, PENALTY_TOL);
                field_fd(m, &pen, x, Jfd);
                for (size_t i = 0; i < 4; i++)
                    assert_close(J[i], Jfd[i], JAC_FD_TOL);
                assert_int_equal(ganstab_field_kink(m, &pen, x), 0);
            }
            /* at the equilibrium: J_DD - gamma 4/3, nothing else changes */
            double gamma = testutil_rng_uniform(&rng, 0.01, 3.0);
            ganstab_regularizer pen;
            reg_init(&pen, kinds[k].kind, gamma, 0.0);
            double xs[2] = {1.0, 0.0}, v0[2], J0[4], v[2], J[4];
            testutil_field_eval(m, &none, xs, v0, J0);
            testutil_field_eval(m, &pen, xs, v, J);
            assert_true(v[0] == v0[0] && v[1] == v0[1]); /* the penalty's gradient is 0 there */
            assert_true(J[0] == J0[0] && J[1] == J0[1] && J[2] == J0[2]);
            assert_close(J[3], 2.0 * fpp0(LOSSES[l]) / 5.0 - gamma * 4.0 / 3.0, EQUILIBRIUM_TOL);
        }
        ganstab_model_free(m);
    }
}

/* The direct hook: P's gradient and Hessian per side, against the closed forms above. */
static void test_penalty_hook(void **state)
{
    (void)state;
    ganstab_model *m = lq2d(GANSTAB_LOSS_STANDARD);
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x400C);
    for (int k = 0; k < 20; k++) {
        double x[2];
        random_point(&rng, x);
        double a = x[0], w2 = x[1];
        for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE; side++) {
            double grad[2] = {0.0, 0.0}, H[4] = {0.0, 0.0, 0.0, 0.0};
            int kink = 0;
            ganstab_error err;
            ganstab_error_clear(&err);
            int rc = m->ops->penalty(m, (ganstab_data_side)side, x, 0.0, grad, H, &kink, &err);
            assert_int_equal(rc, GANSTAB_OK);
            assert_int_equal(kink, 0);
            /* P_real = 2 w2^2/3, P_fake = 2 w2^2 a^2/3 */
            if (side == GANSTAB_SIDE_REAL) {
                assert_close(grad[0], 0.0, 0.0);
                assert_close(grad[1], 4.0 * w2 / 3.0, PENALTY_TOL);
                assert_close(H[0], 0.0, 0.0);
                assert_close(H[1], 0.0, 0.0);
                assert_close(H[2], 0.0, 0.0);
                assert_close(H[3], 4.0 / 3.0, PENALTY_TOL);
            } else {
                assert_close(grad[0], 4.0 * w2 * w2 * a / 3.0, PENALTY_TOL);
                assert_close(grad[1], 4.0 * w2 * a * a / 3.0, PENALTY_TOL);
                assert_close(H[0], 4.0 * w2 * w2 / 3.0, PENALTY_TOL);
                assert_close(H[1], 8.0 * w2 * a / 3.0, PENALTY_TOL);
                assert_close(H[2], 8.0 * w2 * a / 3.0, PENALTY_TOL);
                assert_close(H[3], 4.0 * a * a / 3.0, PENALTY_TOL);
            }
            /* H may be NULL; the hook accumulates */
            double g2[2] = {1.0, 1.0};
            rc = m->ops->penalty(m, (ganstab_data_side)side, x, 0.0, g2, NULL, NULL, &err);
            assert_int_equal(rc, GANSTAB_OK);
            assert_close(g2[0], 1.0 + grad[0], PENALTY_TOL);
            assert_close(g2[1], 1.0 + grad[1], PENALTY_TOL);
        }
    }
    ganstab_model_free(m);
}

/* WGAN-GP and DRAGAN need |grad D| around g0 > 0, which lq2d does not provide: EINVAL naming the
 * model, from the field and from the pipeline. */
static void test_gradient_norm_penalties_refused(void **state)
{
    (void)state;
    static const ganstab_regularizer_kind kinds[] = {GANSTAB_REG_WGAN_GP, GANSTAB_REG_DRAGAN};
    ganstab_model *m = lq2d(GANSTAB_LOSS_STANDARD);
    for (size_t k = 0; k < TESTUTIL_COUNT(kinds); k++) {
        ganstab_regularizer r;
        reg_init(&r, kinds[k], 1.0, 1.0);
        double x[2] = {1.0, 0.0}, v[2], J[4];
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_field_eval(m, &r, x, v, J, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "lq2d");
        assert_non_null(strstr(err.message, "lq2d"));
        assert_non_null(strstr(err.message, "g0"));
        ganstab_error_clear(&err);
        rc = ganstab_field_eval(m, &r, x, v, NULL, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        /* the hook itself */
        double grad[2] = {0.0, 0.0};
        ganstab_error_clear(&err);
        rc = m->ops->penalty(m, GANSTAB_SIDE_REAL, x, 0.5, grad, NULL, NULL, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
    }
    ganstab_model_free(m);

    static const char *const kind_names[] = {"regularizer.kind=wgan-gp", "regularizer.kind=dragan"};
    for (size_t k = 0; k < TESTUTIL_COUNT(kind_names); k++) {
        const char *const set[] = {"case.model=lq2d", kind_names[k], "regularizer.gamma=0.5", NULL};
        ganstab_case c;
        testutil_case_build(&c, set);
        ganstab_result *r = (ganstab_result *)&c;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_null(r);
        assert_non_null(strstr(err.message, "lq2d"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_metadata),
        cmocka_unit_test(test_field_vs_adaptive_quadrature),
        cmocka_unit_test(test_field_vs_derivative_of_objective),
        cmocka_unit_test(test_jacobian_random_points),
        cmocka_unit_test(test_equilibrium),
        cmocka_unit_test(test_analyze),
        cmocka_unit_test(test_nonsaturating),
        cmocka_unit_test(test_centered_penalties),
        cmocka_unit_test(test_penalty_hook),
        cmocka_unit_test(test_gradient_norm_penalties_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

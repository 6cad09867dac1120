/* Unit tests for src/regularizers/regularizer.c on the Dirac-GAN: ganstab_field_eval for none,
 * gp, instance noise, R1, R2, WGAN-GP, DRAGAN and consensus optimization. Closed forms (Mescheder
 * et al. 2018, Lemmas 2.2, 3.2, 3.3 and Sec. 4.1): at the equilibrium J = [[0, -f'(0)],
 * [f'(0), -c]] with c = gamma (gp, R1, R2: all three reduce to gamma/2 psi^2 on the Dirac-GAN) or
 * c = -2 f''(0) sigma^2 (noise); WGAN-GP/DRAGAN subtract gamma (psi - g0 sign(psi)) from v_psi,
 * with the one-sided value sign(0) = +1 and the kink flagged within GANSTAB_KINK_RADIUS of psi = 0
 * for g0 > 0 (and gamma > 0) only;
 * ConOpt is w = v - gamma J^T v with Jacobian J - gamma J^T J at the equilibrium. Second
 * computations: the noisy field away from the equilibrium against GSL's adaptive
 * gsl_integration_qagi of the same Gaussian expectation (the library uses Gauss-Hermite), every
 * analytic Jacobian against central differences of ganstab_field_eval at random points, and the
 * ConOpt field against v - gamma J_fd^T v built here from the unregularized field and its
 * finite-difference Jacobian.
 * The Nagarajan-Kolter regularizer nk (Nagarajan & Kolter 2017, eq. (4)) on the Dirac-GAN and
 * the LQ-GAN (lq2d): the field against v_G - 2 eta J_DG^T v_D built here from the unregularized
 * field and its finite-difference J (J_DG = dv_D/dtheta_G), the discriminator's component
 * untouched, eta = 0 the unregularized game bit for bit; its analytic Jacobian against central
 * differences at random non-stationary points (where the curvature term matters); at the
 * equilibrium exactly Sec. 3.4's J_eta, generator first: [[-2 eta J_DG^2, -J_DG (1 + 2 eta J_DD)],
 * [J_DG, J_DD]], with J_DG, J_DD from the unregularized J and from the closed forms (Dirac:
 * J_DG = f'(0), J_DD = 0; LQ-GAN: J_DG = -2f'(0)/3, J_DD = 2f''(0)/5).
 * Error paths: invalid gamma/sigma/g0/eta, noise on a model with multi-dimensional data, a
 * non-finite field. */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <stdlib.h>

#include "ganstab/dirac.h"
#include "ganstab/lq2d.h"
#include "ganstab/regularizer.h"

/* Closed forms at the equilibrium: quadrature weights sum to 1 and sum w z^2 = 1 up to a few
 * eps (GSL's Golub-Welsch nodes), times O(1) entries: 1e-13 as the brief demands. */
static const double EQUILIBRIUM_TOL = 1e-13;
/* Exact arithmetic identities (gp subtracts gamma*psi, sigma = 0 is the same code path). */
static const double EXACT = 0.0;
/* One or two roundings of O(1) values. */
static const double ROUNDING_TOL = 1e-15;
/* 64-node Gauss-Hermite vs qagi (requested to 1e-13) for the logistic integrands at
 * |psi| sigma <= 1.5, |theta| <= 1.5: the logistic's poles are at distance pi/(|psi| sigma) >= 2
 * from the real axis in the standardized variable, where the rule's error is far below 1e-12;
 * 1e-9 as the brief demands leaves a wide margin. */
static const double QUADRATURE_TOL = 1e-9;
/* Requested accuracy of the reference integral. */
static const double QAGI_EPSABS = 1e-13;
/* Central differences of the field with step FD_H: truncation h^2 |v'''|/6 ~ 1e-11, rounding
 * eps/h ~ 1e-11 for O(1) fields; 1e-8 leaves room. */
static const double FD_H = 1e-5;
static const double JAC_FD_TOL = 1e-8;
/* WGAN-GP/DRAGAN field vs v_none - gamma (psi - g0 sign(psi)) written here: the same operations
 * in a different order on values up to gamma (|psi| + g0) ~ 20, a few roundings: 1e-14. */
static const double PENALTY_TOL = 1e-14;
/* ConOpt field vs v - gamma J_fd^T v with J_fd the central-difference Jacobian of the
 * unregularized field: J_fd is accurate to ~1e-10 (JAC_FD_TOL's budget: h^2 |v'''| + eps/h),
 * multiplied by gamma <= 3 and summed against |v| <= 3 over two components: ~2e-9; 1e-8. */
static const double CONOPT_FIELD_FD_TOL = 1e-8;
/* The same with the library's own analytic J of the unregularized field: one matrix-vector
 * product of O(1) entries, a few roundings of values up to ~10. */
static const double CONOPT_FIELD_TOL = 1e-14;
/* ConOpt's analytic Jacobian vs central differences of the ConOpt field. Two difference
 * quotients meet here: the library's curvature term sum_k v_k dJ_k/dx_j is itself a central
 * difference of the analytic J (step 1e-5 max(1, |x_j|): truncation h^2 |J'''| ~ 1e-10 and
 * rounding eps |J| / h ~ 2e-11, times gamma |v| <= 10), and the test's difference of w
 * (truncation h^2 |w'''|, w''' holding fourth derivatives of f, ~1e-9; rounding eps |w| / h
 * ~ 1e-10). Worst case a few 1e-9 at the random points below (measured: 2e-10); 1e-7 leaves a
 * wide margin and still catches a missing J^T J or curvature term, which are
 * O(gamma |v| |J'|) >> 1e-3 there (asserted below). */
static const double CONOPT_JAC_FD_TOL = 1e-7;
/* nk field vs v_G - 2 eta J_fd[D, G] v_D built here: the central-difference entry is accurate to
 * ~1e-10 (JAC_FD_TOL's budget), times 2 eta <= 6 and |v_D| <= ~3: ~2e-9 (measured: 1.7e-10);
 * 1e-8. */
static const double NK_FIELD_FD_TOL = 1e-8;
/* The same with the library's analytic J of the unregularized field: one product and one
 * difference of O(1..10) values, a few roundings. */
static const double NK_FIELD_TOL = 1e-14;
/* nk's analytic Jacobian vs central differences of the nk field: as for ConOpt (the curvature
 * term is a central difference of the analytic J, step 1e-5; the test differences the field
 * with step FD_H), a few 1e-9 at worst for 2 eta |v_D| <= ~20 (measured: 1.6e-9, lq2d standard);
 * 1e-7, far below the O(eta |v_D| |J'|) ~ 1e-2 of a missing curvature term (asserted). */
static const double NK_JAC_FD_TOL = 1e-7;
/* J_eta at the equilibrium from the unregularized J written here vs the library's: the same
 * products in another order (and, for the LQ-GAN, a curvature term weighted by the residual
 * v_D ~ 1e-18 of the quadrature): a few ulps of values up to ~3, relative 1e-15. */
static const double NK_EQUILIBRIUM_TOL = 1e-15;

static ganstab_model *dirac(ganstab_loss loss)
{
    ganstab_model *m = ganstab_dirac_alloc(loss);
    assert_non_null(m);
    return m;
}

static void reg_init(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma,
                     double sigma)
{
    testutil_regularizer(r, kind, gamma, sigma, 1.0, 0.0);
}

static void reg_init_g0(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma,
                        double g0)
{
    testutil_regularizer(r, kind, gamma, 0.0, g0, 0.0);
}

/* ---- independent reference: the noisy Dirac field by adaptive integration --------------- */

/* f'(t) for f(t) = -log(1 + e^-t), coded independently of src/models/loss.c. */
static double logistic_f1(double t)
{
    return 0.5 * (1.0 - tanh(0.5 * t));
}

typedef struct {
    double theta, psi, sigma;
    int component; /* 0: E[-psi f'(psi (theta + s))]; 1: E[(theta+s) f'(psi(theta+s))];
                      2: E[-s f'(-psi s)] */
} noise_integrand;

static double noise_integrand_fn(double z, void *param)
{
    const noise_integrand *p = param;
    double phi = exp(-0.5 * z * z) / sqrt(2.0 * M_PI), s = p->sigma * z;
    switch (p->component) {
    case 0:
        return phi * (-p->psi * logistic_f1(p->psi * (p->theta + s)));
    case 1:
        return phi * (p->theta + s) * logistic_f1(p->psi * (p->theta + s));
    default:
        return phi * (-s * logistic_f1(-p->psi * s));
    }
}

/* v(theta, psi) = (E_fake[-psi f'(psi y)], E_fake[y f'(psi y)] + E_real[-r f'(-psi r)]),
 * y = theta + s', r = s with s, s' ~ N(0, sigma^2) (Sec. 3.2: noise on real and fake data). */
static void noisy_field_reference(double theta, double psi, double sigma, double *v)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    assert_non_null(w);
    double part[3];
    for (int c = 0; c < 3; c++) {
        noise_integrand p = {theta, psi, sigma, c};
        gsl_function F = {noise_integrand_fn, &p};
        double result = 0.0, abserr = 0.0;
        int gs = gsl_integration_qagi(&F, QAGI_EPSABS, 1e-13, 1000, w, &result, &abserr);
        assert_int_equal(gs, GSL_SUCCESS);
        part[c] = result;
    }
    gsl_integration_workspace_free(w);
    v[0] = part[0];
    v[1] = part[1] + part[2];
}

/* Central-difference Jacobian of ganstab_field_eval (column-major). */
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

/* ---- tests -------------------------------------------------------------------------------- */

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_NONE), "none");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_GP), "gp");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_NOISE), "noise");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_R1), "r1");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_R2), "r2");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_WGAN_GP), "wgan-gp");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_DRAGAN), "dragan");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_CONOPT), "conopt");
    assert_string_equal(ganstab_regularizer_name(GANSTAB_REG_NK), "nk");
}

static void test_init_stores_parameters(void **state)
{
    (void)state;
    ganstab_regularizer r;
    reg_init(&r, GANSTAB_REG_GP, 0.75, 0.0);
    assert_int_equal(r.kind, GANSTAB_REG_GP);
    assert_true(r.gamma == 0.75 && r.sigma == 0.0);
    reg_init(&r, GANSTAB_REG_NOISE, 0.0, 1.25);
    assert_int_equal(r.kind, GANSTAB_REG_NOISE);
    assert_true(r.sigma == 1.25);
    /* the quadrature rule is prepared: 64 nodes, weights summing to 1 */
    assert_int_equal(r.rule.n, GANSTAB_GAUSS_HERMITE_NODES);
    double sum = 0.0;
    for (size_t i = 0; i < r.rule.n; i++)
        sum += r.rule.weight[i];
    assert_close(sum, 1.0, EQUILIBRIUM_TOL);
}

/* Unregularized: v = (-psi f'(psi theta), theta f'(psi theta)); J at 0 = [[0, -1/2], [1/2, 0]]. */
static void test_none(void **state)
{
    (void)state;
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    ganstab_regularizer r;
    reg_init(&r, GANSTAB_REG_NONE, 0.0, 0.0);
    double x0[2] = {0.0, 0.0}, v[2] = {NAN, NAN}, J[4];
    /* output arrays are overwritten, not accumulated */
    for (size_t i = 0; i < 4; i++)
        J[i] = 123.0;
    testutil_field_eval(m, &r, x0, v, J);
    assert_true(v[0] == 0.0 && v[1] == 0.0);
    assert_true(J[0] == 0.0 && J[1] == 0.5 && J[2] == -0.5 && J[3] == 0.0);
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x0E0E);
    for (int k = 0; k < 20; k++) {
        double x[2] = {testutil_rng_uniform(&rng, -2, 2), testutil_rng_uniform(&rng, -2, 2)};
        testutil_field_eval(m, &r, x, v, NULL);
        double f1 = logistic_f1(x[0] * x[1]);
        assert_close(v[0], -x[1] * f1, 4.0 * ROUNDING_TOL);
        assert_close(v[1], x[0] * f1, 4.0 * ROUNDING_TOL);
    }
    ganstab_model_free(m);
}

/* gp subtracts gamma*psi from v_psi only (R = gamma/2 psi^2, eq. (7)); J loses gamma at (2,2). */
static void test_gp(void **state)
{
    (void)state;
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    ganstab_regularizer none, gp;
    reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A77A);
    static const double gammas[] = {0.0, 0.1, 0.5, 1.0, 2.0, 3.7};
    for (size_t g = 0; g < TESTUTIL_COUNT(gammas); g++) {
        double gamma = gammas[g];
        reg_init(&gp, GANSTAB_REG_GP, gamma, 0.0);
        /* Lemma 3.3 closed form at the equilibrium */
        double x0[2] = {0.0, 0.0}, v[2], J[4];
        testutil_field_eval(m, &gp, x0, v, J);
        assert_true(v[0] == 0.0 && v[1] == 0.0);
        assert_close(J[0], 0.0, EXACT);
        assert_close(J[1], 0.5, EXACT);
        assert_close(J[2], -0.5, EXACT);
        assert_close(J[3], -gamma, EXACT);
        for (int k = 0; k < 10; k++) {
            double x[2] = {testutil_rng_uniform(&rng, -2, 2), testutil_rng_uniform(&rng, -2, 2)};
            double vn[2], Jn[4], vg[2], Jg[4];
            testutil_field_eval(m, &none, x, vn, Jn);
            testutil_field_eval(m, &gp, x, vg, Jg);
            assert_close(vg[0], vn[0], EXACT);
            assert_close(vg[1], vn[1] - gamma * x[1], ROUNDING_TOL);
            assert_close(Jg[0], Jn[0], EXACT);
            assert_close(Jg[1], Jn[1], EXACT);
            assert_close(Jg[2], Jn[2], EXACT);
            assert_close(Jg[3], Jn[3] - gamma, ROUNDING_TOL);
        }
    }
    /* gamma is ignored unless kind = gp */
    ganstab_regularizer none_with_gamma;
    reg_init(&none_with_gamma, GANSTAB_REG_NONE, 2.0, 0.0);
    double x[2] = {0.3, -0.7}, va[2], vb[2];
    testutil_field_eval(m, &none, x, va, NULL);
    testutil_field_eval(m, &none_with_gamma, x, vb, NULL);
    assert_true(va[0] == vb[0] && va[1] == vb[1]);
    ganstab_model_free(m);
}

/* Lemma 3.2 at the equilibrium: J = [[0, -f'(0)], [f'(0), 2 f''(0) sigma^2]]. */
static void test_noise_at_equilibrium(void **state)
{
    (void)state;
    static const double sigmas[] = {0.0, 0.1, 0.5, 1.0, 1.4142135623730951, 2.0, 3.0};
    ganstab_model *ms = dirac(GANSTAB_LOSS_STANDARD), *mw = dirac(GANSTAB_LOSS_WGAN);
    for (size_t i = 0; i < TESTUTIL_COUNT(sigmas); i++) {
        double sigma = sigmas[i];
        ganstab_regularizer r;
        reg_init(&r, GANSTAB_REG_NOISE, 0.0, sigma);
        double x0[2] = {0.0, 0.0}, v[2], J[4];
        testutil_field_eval(ms, &r, x0, v, J);
        /* the equilibrium stays an equilibrium (real and fake shifts cancel node by node) */
        assert_close(v[0], 0.0, EQUILIBRIUM_TOL);
        assert_close(v[1], 0.0, EQUILIBRIUM_TOL);
        assert_close(J[0], 0.0, EQUILIBRIUM_TOL);
        assert_close(J[1], 0.5, EQUILIBRIUM_TOL);
        assert_close(J[2], -0.5, EQUILIBRIUM_TOL);
        assert_close(J[3], 2.0 * -0.25 * sigma * sigma, EQUILIBRIUM_TOL);
        /* WGAN: f'' = 0, so noise changes nothing at the equilibrium (Lemma 3.2, f''(0) = 0). */
        testutil_field_eval(mw, &r, x0, v, J);
        assert_close(J[1], 1.0, EQUILIBRIUM_TOL);
        assert_close(J[2], -1.0, EQUILIBRIUM_TOL);
        assert_close(J[3], 0.0, EQUILIBRIUM_TOL);
    }
    ganstab_model_free(ms);
    ganstab_model_free(mw);
}

/* Away from the equilibrium: Gauss-Hermite vs adaptive qagi of the same expectation. */
static void test_noise_vs_adaptive_integration(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x5161A);
    for (int k = 0; k < 12; k++) {
        double sigma = testutil_rng_uniform(&rng, 0.05, 1.5);
        double x[2] = {testutil_rng_uniform(&rng, -1.5, 1.5),
                       testutil_rng_uniform(&rng, -1.0, 1.0)};
        ganstab_regularizer r;
        reg_init(&r, GANSTAB_REG_NOISE, 0.0, sigma);
        double v[2], vref[2];
        testutil_field_eval(m, &r, x, v, NULL);
        noisy_field_reference(x[0], x[1], sigma, vref);
        assert_close(v[0], vref[0], QUADRATURE_TOL);
        assert_close(v[1], vref[1], QUADRATURE_TOL);
    }
    /* WGAN, f' = 1: v = (-psi, theta + E s' - E s) = (-psi, theta) for every sigma. */
    ganstab_model *mw = dirac(GANSTAB_LOSS_WGAN);
    for (int k = 0; k < 5; k++) {
        double sigma = testutil_rng_uniform(&rng, 0.1, 3.0);
        double x[2] = {testutil_rng_uniform(&rng, -2, 2), testutil_rng_uniform(&rng, -2, 2)};
        ganstab_regularizer r;
        reg_init(&r, GANSTAB_REG_NOISE, 0.0, sigma);
        double v[2];
        testutil_field_eval(mw, &r, x, v, NULL);
        assert_close(v[0], -x[1], EQUILIBRIUM_TOL);
        assert_close(v[1], x[0], EQUILIBRIUM_TOL);
    }
    ganstab_model_free(m);
    ganstab_model_free(mw);
}

/* sigma = 0 is the unregularized field, bit for bit. */
static void test_noise_sigma_zero_is_none(void **state)
{
    (void)state;
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    ganstab_regularizer none, noise0;
    reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
    reg_init(&noise0, GANSTAB_REG_NOISE, 0.0, 0.0);
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x2E60);
    for (int k = 0; k < 20; k++) {
        double x[2] = {testutil_rng_uniform(&rng, -3, 3), testutil_rng_uniform(&rng, -3, 3)};
        double va[2], Ja[4], vb[2], Jb[4];
        testutil_field_eval(m, &none, x, va, Ja);
        testutil_field_eval(m, &noise0, x, vb, Jb);
        for (size_t i = 0; i < 2; i++)
            assert_close(vb[i], va[i], EXACT);
        for (size_t i = 0; i < 4; i++)
            assert_close(Jb[i], Ja[i], EXACT);
    }
    ganstab_model_free(m);
}

/* Analytic J vs central differences of ganstab_field_eval, for every kind and both losses. */
static void test_jacobian_vs_fd(void **state)
{
    (void)state;
    static const struct {
        ganstab_regularizer_kind kind;
        double gamma, sigma;
    } regs[] = {
        {GANSTAB_REG_NONE, 0.0, 0.0},  {GANSTAB_REG_GP, 0.3, 0.0},    {GANSTAB_REG_GP, 2.5, 0.0},
        {GANSTAB_REG_NOISE, 0.0, 0.4}, {GANSTAB_REG_NOISE, 0.0, 1.2},
    };
    static const ganstab_loss losses[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN};
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xFDFD);
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        ganstab_model *m = dirac(losses[l]);
        for (size_t g = 0; g < TESTUTIL_COUNT(regs); g++) {
            ganstab_regularizer r;
            reg_init(&r, regs[g].kind, regs[g].gamma, regs[g].sigma);
            for (int k = 0; k < 6; k++) {
                double x[2] = {testutil_rng_uniform(&rng, -1.5, 1.5),
                               testutil_rng_uniform(&rng, -1.5, 1.5)};
                if (k == 0)
                    x[0] = x[1] = 0.0;
                double v[2], J[4], Jfd[4];
                testutil_field_eval(m, &r, x, v, J);
                field_fd(m, &r, x, Jfd);
                for (size_t i = 0; i < 4; i++)
                    assert_close(J[i], Jfd[i], JAC_FD_TOL);
                /* J = NULL gives the same field */
                double v2[2];
                testutil_field_eval(m, &r, x, v2, NULL);
                assert_true(v2[0] == v[0] && v2[1] == v[1]);
            }
        }
        ganstab_model_free(m);
    }
}

/* ---- R1, R2: on the Dirac-GAN both are the gradient penalty (Sec. 4.1) --------------------- */

static const ganstab_loss ALL_LOSSES[] = {GANSTAB_LOSS_STANDARD, GANSTAB_LOSS_WGAN,
                                          GANSTAB_LOSS_NONSATURATING};

static double fprime0(ganstab_loss loss)
{
    return loss == GANSTAB_LOSS_WGAN ? 1.0 : 0.5;
}

static double fsecond0(ganstab_loss loss)
{
    return loss == GANSTAB_LOSS_WGAN ? 0.0 : -0.25;
}

/* "on the Dirac-GAN, both regularizers reduce to the gradient penalty from Section 3.3": the
 * discriminator's gradient is psi on real and fake data alike, so E_{p_D}, E_{p_theta} and their
 * mixture give the same gamma/2 psi^2. The weights (1, 0), (0, 1), (1/2, 1/2) sum exactly, so the
 * three fields are equal bit for bit. */
static void test_r1_r2_equal_gp(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x5121);
    for (size_t l = 0; l < TESTUTIL_COUNT(ALL_LOSSES); l++) {
        ganstab_model *m = dirac(ALL_LOSSES[l]);
        double a = fprime0(ALL_LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
        for (int g = 0; g < 8; g++) {
            double gamma = g == 0 ? 0.0 : testutil_rng_uniform(&rng, 0.0, 3.0);
            ganstab_regularizer gp, r1, r2;
            reg_init(&gp, GANSTAB_REG_GP, gamma, 0.0);
            reg_init(&r1, GANSTAB_REG_R1, gamma, 0.0);
            reg_init(&r2, GANSTAB_REG_R2, gamma, 0.0);
            /* Lemma 3.3 at the equilibrium: J = [[0, -a], [a, -gamma]], v = 0 */
            double x0[2] = {0.0, 0.0};
            const ganstab_regularizer *zc[] = {&r1, &r2};
            for (size_t z = 0; z < 2; z++) {
                double v[2], J[4];
                testutil_field_eval(m, zc[z], x0, v, J);
                assert_true(v[0] == 0.0 && v[1] == 0.0);
                assert_close(J[0], 0.0, EXACT);
                assert_close(J[1], a, EXACT);
                assert_close(J[2], -a, EXACT);
                assert_close(J[3], -gamma, EXACT);
                /* a zero-centered penalty has no kink */
                assert_int_equal(ganstab_field_kink(m, zc[z], x0), 0);
            }
            for (int k = 0; k < 12; k++) {
                double x[2] = {testutil_rng_uniform(&rng, -3, 3),
                               testutil_rng_uniform(&rng, -3, 3)};
                if (k == 1)
                    x[1] = 0.0;
                double vg[2], Jg[4], vn[2], Jn[4];
                testutil_field_eval(m, &gp, x, vg, Jg);
                testutil_field_eval(m, &none, x, vn, Jn);
                for (size_t z = 0; z < 2; z++) {
                    double v[2], J[4];
                    testutil_field_eval(m, zc[z], x, v, J);
                    for (size_t i = 0; i < 2; i++)
                        assert_close(v[i], vg[i], EXACT);
                    for (size_t i = 0; i < 4; i++)
                        assert_close(J[i], Jg[i], EXACT);
                    /* and the closed form: v_psi -= gamma psi, J_22 -= gamma */
                    assert_close(v[0], vn[0], EXACT);
                    assert_close(v[1], vn[1] - gamma * x[1], PENALTY_TOL);
                    assert_close(J[0], Jn[0], EXACT);
                    assert_close(J[1], Jn[1], EXACT);
                    assert_close(J[2], Jn[2], EXACT);
                    assert_close(J[3], Jn[3] - gamma, PENALTY_TOL);
                    assert_int_equal(ganstab_field_kink(m, zc[z], x), 0);
                }
            }
        }
        ganstab_model_free(m);
    }
}

/* ---- WGAN-GP and DRAGAN: gamma/2 (|psi| - g0)^2 ------------------------------------------- */

static double sign_plus(double psi)
{
    return psi < 0.0 ? -1.0 : 1.0; /* sign(0) := +1, the limit psi -> 0+ */
}

/* v = v_none - gamma (psi - g0 sign(psi)) e_psi, J = J_none - gamma e_psi e_psi^T. */
static void assert_centered_penalty(const ganstab_model *m, const ganstab_regularizer *reg,
                                    const ganstab_regularizer *none, const double *x)
{
    double v[2], J[4], vn[2], Jn[4];
    testutil_field_eval(m, reg, x, v, J);
    testutil_field_eval(m, none, x, vn, Jn);
    double gamma = reg->gamma, g0 = reg->g0;
    assert_close(v[0], vn[0], EXACT);
    assert_close(v[1], vn[1] - gamma * (x[1] - g0 * sign_plus(x[1])), PENALTY_TOL);
    assert_close(J[0], Jn[0], EXACT);
    assert_close(J[1], Jn[1], EXACT);
    assert_close(J[2], Jn[2], EXACT);
    assert_close(J[3], Jn[3] - gamma, PENALTY_TOL);
}

static void test_centered_penalty_closed_form(void **state)
{
    (void)state;
    static const ganstab_regularizer_kind kinds[] = {GANSTAB_REG_WGAN_GP, GANSTAB_REG_DRAGAN};
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A0C);
    for (size_t l = 0; l < TESTUTIL_COUNT(ALL_LOSSES); l++) {
        ganstab_model *m = dirac(ALL_LOSSES[l]);
        double a = fprime0(ALL_LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
        for (size_t kd = 0; kd < TESTUTIL_COUNT(kinds); kd++)
            for (int g = 0; g < 6; g++) {
                double gamma = testutil_rng_uniform(&rng, 0.01, 3.0);
                double g0 = testutil_rng_uniform(&rng, 0.05, 3.0);
                ganstab_regularizer reg;
                reg_init_g0(&reg, kinds[kd], gamma, g0);
                assert_true(reg.g0 == g0);
                /* away from psi = 0, both signs: the closed form, no kink, J vs differences */
                for (int k = 0; k < 10; k++) {
                    double psi = testutil_rng_uniform(&rng, 0.1, 3.0) * (k % 2 == 0 ? 1.0 : -1.0);
                    double x[2] = {testutil_rng_uniform(&rng, -3, 3), psi};
                    assert_centered_penalty(m, &reg, &none, x);
                    assert_int_equal(ganstab_field_kink(m, &reg, x), 0);
                    double v[2], J[4], Jfd[4];
                    testutil_field_eval(m, &reg, x, v, J);
                    field_fd(m, &reg, x, Jfd);
                    for (size_t i = 0; i < 4; i++)
                        assert_close(J[i], Jfd[i], JAC_FD_TOL);
                }
                /* at psi = 0 (+0 and -0): the one-sided value v_psi = theta f'(0) + gamma g0,
                   i.e. the limit from above, and a kink */
                double theta = testutil_rng_uniform(&rng, -3, 3);
                static const double zeros[] = {0.0, -0.0};
                for (size_t z = 0; z < 2; z++) {
                    double x[2] = {theta, zeros[z]}, v[2], J[4];
                    assert_centered_penalty(m, &reg, &none, x);
                    testutil_field_eval(m, &reg, x, v, J);
                    assert_close(v[0], 0.0, EXACT);
                    assert_close(v[1], theta * a + gamma * g0, PENALTY_TOL);
                    /* one-sided: the penalty's curvature is 1 on either side */
                    assert_close(J[3], -gamma + theta * theta * fsecond0(ALL_LOSSES[l]),
                                 PENALTY_TOL);
                    assert_int_equal(ganstab_field_kink(m, &reg, x), 1);
                }
                /* the jump across psi = 0 is 2 gamma g0; the value at 0 is the upper limit */
                double xu[2] = {theta, 1e-300}, xl[2] = {theta, -1e-300}, x0[2] = {theta, 0.0};
                double vu[2], vl[2], v0[2];
                testutil_field_eval(m, &reg, xu, vu, NULL);
                testutil_field_eval(m, &reg, xl, vl, NULL);
                testutil_field_eval(m, &reg, x0, v0, NULL);
                assert_close(vu[1] - vl[1], 2.0 * gamma * g0, PENALTY_TOL);
                assert_close(v0[1], vu[1], PENALTY_TOL);
                /* within GANSTAB_KINK_RADIUS of psi = 0 counts as on the kink (model.h: where
                   Newton lands on it); beyond it, no kink */
                assert_int_equal(ganstab_field_kink(m, &reg, xu), 1);
                assert_int_equal(ganstab_field_kink(m, &reg, xl), 1);
                static const double near[] = {0.5, -0.5, 2.0, -2.0};
                for (size_t i = 0; i < TESTUTIL_COUNT(near); i++) {
                    double xn[2] = {theta, near[i] * GANSTAB_KINK_RADIUS};
                    assert_int_equal(ganstab_field_kink(m, &reg, xn), fabs(near[i]) < 1.0);
                }
                /* the equilibrium is not stationary: residual gamma g0 */
                double e[2] = {0.0, 0.0}, ve[2];
                testutil_field_eval(m, &reg, e, ve, NULL);
                assert_close(hypot(ve[0], ve[1]), gamma * g0, PENALTY_TOL);

                /* g0 = 0 (accepted by the regularizer, refused as a case key): the zero-centered
                   gradient penalty, bit for bit, and no kink anywhere */
                ganstab_regularizer flat, gp;
                reg_init_g0(&flat, kinds[kd], gamma, 0.0);
                reg_init(&gp, GANSTAB_REG_GP, gamma, 0.0);
                double xs[3][2] = {{theta, 0.0}, {theta, 0.7}, {theta, -1.3}};
                for (size_t i = 0; i < 3; i++) {
                    double vf[2], Jf[4], vg[2], Jg[4];
                    testutil_field_eval(m, &flat, xs[i], vf, Jf);
                    testutil_field_eval(m, &gp, xs[i], vg, Jg);
                    assert_true(vf[0] == vg[0] && vf[1] == vg[1]);
                    for (size_t k = 0; k < 4; k++)
                        assert_true(Jf[k] == Jg[k]);
                    assert_int_equal(ganstab_field_kink(m, &flat, xs[i]), 0);
                }
                /* gamma = 0: no penalty, no kink */
                ganstab_regularizer off;
                reg_init_g0(&off, kinds[kd], 0.0, g0);
                assert_int_equal(ganstab_field_kink(m, &off, x0), 0);
                double voff[2], vn[2];
                testutil_field_eval(m, &off, x0, voff, NULL);
                testutil_field_eval(m, &none, x0, vn, NULL);
                assert_true(voff[0] == vn[0] && voff[1] == vn[1]);
            }
        /* only a centered penalty has a kink at psi = 0 */
        static const ganstab_regularizer_kind smooth[] = {GANSTAB_REG_NONE,  GANSTAB_REG_GP,
                                                          GANSTAB_REG_NOISE, GANSTAB_REG_R1,
                                                          GANSTAB_REG_R2,    GANSTAB_REG_CONOPT};
        for (size_t kd = 0; kd < TESTUTIL_COUNT(smooth); kd++) {
            ganstab_regularizer reg;
            ganstab_error err;
            ganstab_error_clear(&err);
            assert_int_equal(ganstab_regularizer_init(&reg, smooth[kd], 1.5, 0.5, 2.0, 0.0, &err),
                             GANSTAB_OK);
            double x0[2] = {0.3, 0.0};
            assert_int_equal(ganstab_field_kink(m, &reg, x0), 0);
        }
        ganstab_model_free(m);
    }
}

/* ---- consensus optimization: w = v - gamma J^T v ------------------------------------------ */

/* Away from the equilibrium: w against v - gamma J^T v built here from the unregularized field,
 * once with its finite-difference Jacobian (independent of the analytic one) and once with the
 * analytic J (tight). J^T, not J: the two differ there, and the test would notice. */
static void test_conopt_field(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xC0D0);
    for (size_t l = 0; l < TESTUTIL_COUNT(ALL_LOSSES); l++) {
        ganstab_model *m = dirac(ALL_LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
        int transpose_matters = 0;
        for (int k = 0; k < 30; k++) {
            double gamma = testutil_rng_uniform(&rng, 0.01, 3.0);
            ganstab_regularizer co;
            reg_init(&co, GANSTAB_REG_CONOPT, gamma, 0.0);
            double x[2] = {testutil_rng_uniform(&rng, -2, 2), testutil_rng_uniform(&rng, -2, 2)};
            double v0[2], J0[4], J0fd[4], w[2];
            testutil_field_eval(m, &none, x, v0, J0);
            field_fd(m, &none, x, J0fd);
            testutil_field_eval(m, &co, x, w, NULL);
            for (size_t i = 0; i < 2; i++) {
                /* (J^T v)_i = sum_k J_ki v_k; column-major J_ki = J[k + 2 i] */
                double jtv_fd = J0fd[0 + 2 * i] * v0[0] + J0fd[1 + 2 * i] * v0[1];
                double jtv = J0[0 + 2 * i] * v0[0] + J0[1 + 2 * i] * v0[1];
                double jv = J0[i + 0] * v0[0] + J0[i + 2] * v0[1];
                assert_close(w[i], v0[i] - gamma * jtv_fd, CONOPT_FIELD_FD_TOL);
                assert_close(w[i], v0[i] - gamma * jtv, CONOPT_FIELD_TOL);
                if (gamma * fabs(jv - jtv) > 1e3 * CONOPT_FIELD_FD_TOL)
                    transpose_matters = 1;
            }
            assert_int_equal(ganstab_field_kink(m, &co, x), 0);
        }
        /* the sample is one where v - gamma J v would have failed */
        assert_true(transpose_matters || ALL_LOSSES[l] == GANSTAB_LOSS_WGAN);
        /* gamma = 0 is the unregularized game, bit for bit */
        ganstab_regularizer co0;
        reg_init(&co0, GANSTAB_REG_CONOPT, 0.0, 0.0);
        double x[2] = {0.7, -1.1}, va[2], Ja[4], vb[2], Jb[4];
        testutil_field_eval(m, &none, x, va, Ja);
        testutil_field_eval(m, &co0, x, vb, Jb);
        for (size_t i = 0; i < 2; i++)
            assert_true(va[i] == vb[i]);
        for (size_t i = 0; i < 4; i++)
            assert_true(Ja[i] == Jb[i]);
        ganstab_model_free(m);
    }
}

/* dw/dx = J - gamma (J^T J + sum_k v_k dJ_k/dx): the analytic Jacobian (with its curvature term
 * from differences of the analytic J) against central differences of w at random non-stationary
 * points; at the equilibrium v = 0 and it is exactly J - gamma J^T J = [[-gamma a^2, -a],
 * [a, -gamma a^2]] (J^T J = a^2 I for J = [[0, -a], [a, 0]], Lemma 2.2). */
static void test_conopt_jacobian(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xC0DE);
    for (size_t l = 0; l < TESTUTIL_COUNT(ALL_LOSSES); l++) {
        ganstab_model *m = dirac(ALL_LOSSES[l]);
        double a = fprime0(ALL_LOSSES[l]);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
        int curvature_matters = 0;
        double worst = 0.0;
        for (int k = 0; k < 30; k++) {
            double gamma = testutil_rng_uniform(&rng, 0.01, 3.0);
            ganstab_regularizer co;
            reg_init(&co, GANSTAB_REG_CONOPT, gamma, 0.0);
            double x[2] = {testutil_rng_uniform(&rng, -2, 2), testutil_rng_uniform(&rng, -2, 2)};
            double w[2], J[4], Jfd[4], v0[2], J0[4];
            testutil_field_eval(m, &co, x, w, J);
            field_fd(m, &co, x, Jfd);
            testutil_field_eval(m, &none, x, v0, J0);
            assert_true(v0[0] != 0.0 || v0[1] != 0.0); /* not stationary */
            for (size_t i = 0; i < 4; i++) {
                assert_close(J[i], Jfd[i], CONOPT_JAC_FD_TOL);
                worst = fmax(worst, fabs(J[i] - Jfd[i]));
            }
            /* without the curvature term the Jacobian would be J0 - gamma J0^T J0 */
            for (size_t i = 0; i < 2; i++)
                for (size_t j = 0; j < 2; j++) {
                    double jtj = J0[0 + 2 * i] * J0[0 + 2 * j] + J0[1 + 2 * i] * J0[1 + 2 * j];
                    double no_curv = J0[i + 2 * j] - gamma * jtj;
                    if (fabs(no_curv - J[i + 2 * j]) > 1e3 * CONOPT_JAC_FD_TOL)
                        curvature_matters = 1;
                }
        }
        assert_true(worst <= CONOPT_JAC_FD_TOL);
        assert_true(curvature_matters || ALL_LOSSES[l] == GANSTAB_LOSS_WGAN);

        /* at the equilibrium: exact */
        for (int g = 0; g < 8; g++) {
            double gamma = testutil_rng_uniform(&rng, 0.01, 3.0);
            ganstab_regularizer co;
            reg_init(&co, GANSTAB_REG_CONOPT, gamma, 0.0);
            double x0[2] = {0.0, 0.0}, w[2], J[4], Jfd[4];
            testutil_field_eval(m, &co, x0, w, J);
            assert_true(w[0] == 0.0 && w[1] == 0.0);
            /* J - gamma J^T J from the unregularized J, computed here */
            double J0[4], v0[2];
            testutil_field_eval(m, &none, x0, v0, J0);
            for (size_t i = 0; i < 2; i++)
                for (size_t j = 0; j < 2; j++) {
                    double jtj = J0[0 + 2 * i] * J0[0 + 2 * j] + J0[1 + 2 * i] * J0[1 + 2 * j];
                    assert_close(J[i + 2 * j], J0[i + 2 * j] - gamma * jtj, EXACT);
                }
            assert_close(J[0], -gamma * a * a, EXACT);
            assert_close(J[1], a, EXACT);
            assert_close(J[2], -a, EXACT);
            assert_close(J[3], -gamma * a * a, EXACT);
            field_fd(m, &co, x0, Jfd);
            for (size_t i = 0; i < 4; i++)
                assert_close(J[i], Jfd[i], CONOPT_JAC_FD_TOL);
        }
        ganstab_model_free(m);
    }
}

/* ---- Nagarajan & Kolter 2017, eq. (4): v_G <- v_G - 2 eta J_DG^T v_D ---------------------- */

/* The models nk is tested on: the Dirac-GAN with every loss and the LQ-GAN with the standard and
 * WGAN losses, each with its J_DG = dv_D/dtheta_G and J_DD = dv_D/dpsi at the equilibrium
 * (closed forms: Mescheder et al. 2018, Lemma 2.2; Nagarajan & Kolter 2017, Sec. 3.3 with
 * K_DD = 1/5, K_DG = -2/3) and a box of random states around it. */
typedef struct {
    const char *label;
    int lq2d;
    ganstab_loss loss;
    double x0[2];    /* the equilibrium */
    double jdg, jdd; /* the closed forms at x0 */
    double radius;   /* random states in x0 +- radius */
} nk_model;

static const nk_model NK_MODELS[] = {
    {"dirac standard", 0, GANSTAB_LOSS_STANDARD, {0.0, 0.0}, 0.5, 0.0, 2.0},
    {"dirac wgan", 0, GANSTAB_LOSS_WGAN, {0.0, 0.0}, 1.0, 0.0, 2.0},
    {"dirac nonsaturating", 0, GANSTAB_LOSS_NONSATURATING, {0.0, 0.0}, 0.5, 0.0, 2.0},
    {"lq2d standard", 1, GANSTAB_LOSS_STANDARD, {1.0, 0.0}, -1.0 / 3.0, -0.1, 1.5},
    {"lq2d wgan", 1, GANSTAB_LOSS_WGAN, {1.0, 0.0}, -2.0 / 3.0, 0.0, 1.5},
};

static ganstab_model *nk_model_alloc(const nk_model *nm)
{
    ganstab_model *m = nm->lq2d ? ganstab_lq2d_alloc(nm->loss) : ganstab_dirac_alloc(nm->loss);
    assert_non_null(m);
    return m;
}

static void reg_init_eta(ganstab_regularizer *r, double eta)
{
    testutil_regularizer(r, GANSTAB_REG_NK, 0.0, 0.0, 1.0, eta);
    assert_true(r->eta == eta);
    assert_int_equal(r->kind, GANSTAB_REG_NK);
}

static void nk_random_state(testutil_rng *rng, const nk_model *nm, double *x)
{
    for (size_t i = 0; i < 2; i++)
        x[i] = nm->x0[i] + testutil_rng_uniform(rng, -nm->radius, nm->radius);
}

/* Away from the equilibrium: the generator's component is v_G - 2 eta (dv_D/dtheta_G) v_D, built
 * here from the unregularized field, once with its central-difference Jacobian and once with the
 * analytic one; the discriminator's component is untouched (bit for bit). eta = 0 is the
 * unregularized game, field and Jacobian, bit for bit. */
static void test_nk_field(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x4E4B);
    for (size_t mi = 0; mi < TESTUTIL_COUNT(NK_MODELS); mi++) {
        const nk_model *nm = &NK_MODELS[mi];
        ganstab_model *m = nk_model_alloc(nm);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
        double worst = 0.0, largest_term = 0.0;
        for (int k = 0; k < 30; k++) {
            double eta = testutil_rng_uniform(&rng, 0.01, 3.0), x[2];
            nk_random_state(&rng, nm, x);
            ganstab_regularizer reg;
            reg_init_eta(&reg, eta);
            double v0[2], J0[4], J0fd[4], w[2];
            testutil_field_eval(m, &none, x, v0, J0);
            field_fd(m, &none, x, J0fd);
            testutil_field_eval(m, &reg, x, w, NULL);
            /* column-major: J_DG = dv_1/dx_0 = J[1 + 2 * 0] */
            double want_fd = v0[0] - 2.0 * eta * J0fd[1] * v0[1];
            double want = v0[0] - 2.0 * eta * J0[1] * v0[1];
            assert_close(w[0], want_fd, NK_FIELD_FD_TOL);
            assert_close(w[0], want, NK_FIELD_TOL);
            assert_true(w[1] == v0[1]);
            worst = fmax(worst, fabs(w[0] - want_fd));
            largest_term = fmax(largest_term, fabs(w[0] - v0[0]));
            assert_int_equal(ganstab_field_kink(m, &reg, x), 0);
        }
        /* the sample is one where forgetting the term would have failed */
        assert_true(largest_term > 1e3 * NK_FIELD_FD_TOL);
        print_message("nk %s: field vs v - 2 eta J_fd[D,G] v_D: max |diff| = %.3g (term up to "
                      "%.3g)\n",
                      nm->label, worst, largest_term);

        /* eta = 0: the unregularized game, bit for bit */
        ganstab_regularizer nk0;
        reg_init_eta(&nk0, 0.0);
        double x[2] = {nm->x0[0] + 0.7, nm->x0[1] - 1.1}, va[2], Ja[4], vb[2], Jb[4];
        testutil_field_eval(m, &none, x, va, Ja);
        testutil_field_eval(m, &nk0, x, vb, Jb);
        for (size_t i = 0; i < 2; i++)
            assert_true(va[i] == vb[i]);
        for (size_t i = 0; i < 4; i++)
            assert_true(Ja[i] == Jb[i]);
        ganstab_model_free(m);
    }
}

/* d/dx of v_G - 2 eta J_DG^T v_D: the analytic Jacobian (its curvature term sum_k v_k dJ_kG/dx
 * from differences of the analytic J) against central differences of the nk field at random
 * non-stationary points; at the equilibrium v_D = 0 and it is exactly Sec. 3.4's J_eta. */
static void test_nk_jacobian(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x4E4A);
    for (size_t mi = 0; mi < TESTUTIL_COUNT(NK_MODELS); mi++) {
        const nk_model *nm = &NK_MODELS[mi];
        ganstab_model *m = nk_model_alloc(nm);
        ganstab_regularizer none;
        reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
        double worst = 0.0;
        int curvature_matters = 0;
        for (int k = 0; k < 30; k++) {
            double eta = testutil_rng_uniform(&rng, 0.01, 3.0), x[2];
            nk_random_state(&rng, nm, x);
            ganstab_regularizer reg;
            reg_init_eta(&reg, eta);
            double w[2], J[4], Jfd[4], v0[2], J0[4];
            testutil_field_eval(m, &reg, x, w, J);
            field_fd(m, &reg, x, Jfd);
            testutil_field_eval(m, &none, x, v0, J0);
            assert_true(v0[1] != 0.0); /* v_D != 0: the curvature term is in play */
            for (size_t i = 0; i < 4; i++) {
                assert_close(J[i], Jfd[i], NK_JAC_FD_TOL);
                worst = fmax(worst, fabs(J[i] - Jfd[i]));
            }
            /* the discriminator's row is the unregularized one */
            assert_true(J[1] == J0[1] && J[3] == J0[3]);
            /* without the curvature term the generator's row would be J0_G. - 2 eta J_DG J0_D. */
            for (size_t j = 0; j < 2; j++) {
                double no_curv = J0[0 + 2 * j] - 2.0 * eta * J0[1] * J0[1 + 2 * j];
                if (fabs(no_curv - J[0 + 2 * j]) > 1e3 * NK_JAC_FD_TOL)
                    curvature_matters = 1;
            }
        }
        assert_true(worst <= NK_JAC_FD_TOL);
        /* WGAN Dirac: J is constant, so the curvature term vanishes identically */
        assert_true(curvature_matters || (!nm->lq2d && nm->loss == GANSTAB_LOSS_WGAN));
        print_message("nk %s: J vs FD max |diff| = %.3g\n", nm->label, worst);

        /* at the equilibrium: J_eta = [[-2 eta J_DG^2, -J_DG (1 + 2 eta J_DD)], [J_DG, J_DD]] */
        for (int g = 0; g < 8; g++) {
            double eta = g == 0 ? 0.0 : testutil_rng_uniform(&rng, 0.0, 3.0);
            ganstab_regularizer reg;
            reg_init_eta(&reg, eta);
            double x0[2] = {nm->x0[0], nm->x0[1]}, w[2], J[4], Jfd[4], v0[2], J0[4];
            testutil_field_eval(m, &reg, x0, w, J);
            testutil_field_eval(m, &none, x0, v0, J0);
            /* v_D is 0 up to the quadrature's rounding (lq2d: ~1e-18), so is the added term */
            assert_close(w[0], v0[0], NK_EQUILIBRIUM_TOL);
            assert_true(w[1] == v0[1]);
            /* the unregularized J is Sec. 3.3's: J_GG = 0, J_GD = -J_DG */
            double jdg = J0[1], jdd = J0[3];
            assert_true(J0[0] == 0.0 && J0[2] == -jdg);
            assert_rel_close(jdg, nm->jdg, NK_EQUILIBRIUM_TOL);
            assert_rel_close(jdd, nm->jdd, NK_EQUILIBRIUM_TOL);
            double want[4] = {-2.0 * eta * jdg * jdg, jdg, -jdg * (1.0 + 2.0 * eta * jdd), jdd};
            double closed[4] = {-2.0 * eta * nm->jdg * nm->jdg, nm->jdg,
                                -nm->jdg * (1.0 + 2.0 * eta * nm->jdd), nm->jdd};
            for (size_t i = 0; i < 4; i++) {
                assert_rel_close(J[i], want[i], NK_EQUILIBRIUM_TOL);
                assert_rel_close(J[i], closed[i], NK_EQUILIBRIUM_TOL);
            }
            field_fd(m, &reg, x0, Jfd);
            for (size_t i = 0; i < 4; i++)
                assert_close(J[i], Jfd[i], NK_JAC_FD_TOL);
            /* det J_eta = J_DG^2 whatever eta (Sec. 3.4's blocks, scalars here) */
            assert_rel_close(J[0] * J[3] - J[2] * J[1], jdg * jdg, 4.0 * NK_EQUILIBRIUM_TOL);
        }
        ganstab_model_free(m);
    }
}

static void test_invalid_parameters(void **state)
{
    (void)state;
    static const struct {
        ganstab_regularizer_kind kind;
        double gamma, sigma;
        const char *needle;
    } bad[] = {
        {GANSTAB_REG_GP, -1.0, 0.0, "gamma"},        {GANSTAB_REG_GP, -1e-300, 0.0, "gamma"},
        {GANSTAB_REG_GP, NAN, 0.0, "gamma"},         {GANSTAB_REG_GP, INFINITY, 0.0, "gamma"},
        {GANSTAB_REG_GP, -INFINITY, 0.0, "gamma"},   {GANSTAB_REG_NONE, -2.0, 0.0, "gamma"},
        {GANSTAB_REG_NOISE, 0.0, -0.5, "sigma"},     {GANSTAB_REG_NOISE, 0.0, NAN, "sigma"},
        {GANSTAB_REG_NOISE, 0.0, INFINITY, "sigma"}, {GANSTAB_REG_NOISE, 0.0, -INFINITY, "sigma"},
        {GANSTAB_REG_GP, 1.0, -1.0, "sigma"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(bad); i++) {
        ganstab_regularizer r;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc =
            ganstab_regularizer_init(&r, bad[i].kind, bad[i].gamma, bad[i].sigma, 1.0, 0.0, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "regularizer");
        if (strstr(err.message, bad[i].needle) == NULL) {
            print_error("case %zu: message \"%s\" does not name %s\n", i, err.message,
                        bad[i].needle);
            fail();
        }
        assert_non_null(strstr(err.message, ">= 0"));
    }
    /* g0: finite and >= 0 (the case key demands > 0; 0 is the zero-centered penalty) */
    static const double bad_g0[] = {-1.0, -1e-300, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < TESTUTIL_COUNT(bad_g0); i++) {
        ganstab_regularizer r;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_regularizer_init(&r, GANSTAB_REG_WGAN_GP, 1.0, 0.0, bad_g0[i], 0.0, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "regularizer");
        assert_non_null(strstr(err.message, "g0"));
        assert_non_null(strstr(err.message, ">= 0"));
    }
    /* eta (nk): finite and >= 0 */
    static const double bad_eta[] = {-1.0, -1e-300, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < TESTUTIL_COUNT(bad_eta); i++) {
        ganstab_regularizer r;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_regularizer_init(&r, GANSTAB_REG_NK, 0.0, 0.0, 1.0, bad_eta[i], &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "regularizer");
        assert_non_null(strstr(err.message, "eta"));
        assert_non_null(strstr(err.message, ">= 0"));
    }
    /* gamma = 0, sigma = 0, g0 = 0 and eta = 0 are valid (the boundary of the domain) */
    ganstab_regularizer r;
    reg_init(&r, GANSTAB_REG_GP, 0.0, 0.0);
    reg_init_g0(&r, GANSTAB_REG_DRAGAN, 0.0, 0.0);
    assert_int_equal(r.kind, GANSTAB_REG_DRAGAN);
    reg_init_eta(&r, 0.0);
}

/* Noise needs one-dimensional data; a non-finite state gives a non-finite field. */
static void test_field_errors(void **state)
{
    (void)state;
    ganstab_model *m = dirac(GANSTAB_LOSS_STANDARD);
    ganstab_regularizer noise, none;
    reg_init(&noise, GANSTAB_REG_NOISE, 0.0, 0.5);
    reg_init(&none, GANSTAB_REG_NONE, 0.0, 0.0);
    ganstab_error err;
    double x[2] = {0.1, 0.2}, v[2], J[4];

    m->data_dim = 2; /* pretend a model with 2-d data */
    ganstab_error_clear(&err);
    int rc = ganstab_field_eval(m, &noise, x, v, J, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "regularizer");
    assert_non_null(strstr(err.message, "one-dimensional"));
    assert_non_null(strstr(err.message, "dirac"));
    m->data_dim = 1;

    double bad[2] = {NAN, 0.0};
    ganstab_error_clear(&err);
    rc = ganstab_field_eval(m, &none, bad, v, NULL, &err);
    assert_error(rc, GANSTAB_ENUMERIC, &err);
    assert_string_equal(err.where, "field");
    assert_non_null(strstr(err.message, "not finite"));

    double bad2[2] = {1.0, INFINITY}; /* v_theta = -inf * f'(inf) = -inf*0 -> NaN */
    ganstab_error_clear(&err);
    rc = ganstab_field_eval(m, &none, bad2, v, NULL, &err);
    assert_error(rc, GANSTAB_ENUMERIC, &err);
    ganstab_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_init_stores_parameters),
        cmocka_unit_test(test_none),
        cmocka_unit_test(test_gp),
        cmocka_unit_test(test_noise_at_equilibrium),
        cmocka_unit_test(test_noise_vs_adaptive_integration),
        cmocka_unit_test(test_noise_sigma_zero_is_none),
        cmocka_unit_test(test_jacobian_vs_fd),
        cmocka_unit_test(test_r1_r2_equal_gp),
        cmocka_unit_test(test_centered_penalty_closed_form),
        cmocka_unit_test(test_conopt_field),
        cmocka_unit_test(test_conopt_jacobian),
        cmocka_unit_test(test_nk_field),
        cmocka_unit_test(test_nk_jacobian),
        cmocka_unit_test(test_invalid_parameters),
        cmocka_unit_test(test_field_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

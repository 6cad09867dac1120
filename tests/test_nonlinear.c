/* Unit tests for src/analysis/nonlinear_check.c and src/analysis/gmm_density.c: the outcome of the
 * nonlinear dynamics against what Mescheder et al. 2018 prove for the Dirac-GAN, and the density
 * figure's numbers against the closed form of F = p_mu* - p_mu (Li et al. 2018, eq. (5)). */
#include "testutil.h"

#include "ganstab/ganstab.h"

/* Half the trapezoid integral of |F| on [-12, 12] with 24001 points (spacing 1e-3) against the
 * exact TV: F is smooth with a few sign changes, so the error is a few 1e-7 at most. */
#define TV_QUADRATURE_TOL 1e-6
#define EXACT 0.0

static void build(ganstab_case *c, const char *const *assignments)
{
    testutil_case_build(c, assignments);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_validate(c, &err), GANSTAB_OK);
}

/* Mescheder et al. 2018: the unregularized Dirac-GAN's gradient flow keeps theta^2 + psi^2
 * (Lemma 2.3: it cycles); simultaneous gradient descent spirals out (Lemma 2.4), by the factor
 * sqrt(1 + h^2) per step where the field is linear (WGAN loss): diverges; the gradient penalty
 * makes the flow converge (Theorem 4.1). Started from x* + 0.5. */
static void test_nonlinear_dirac(void **state)
{
    (void)state;
    static const struct {
        const char *const assignments[5];
        ganstab_sim_outcome outcome;
        const char *name;
    } rows[] = {
        {{"case.model=dirac", "update.scheme=flow", NULL}, GANSTAB_SIM_CYCLES, "cycles"},
        {{"case.model=dirac", "case.loss=wgan", "update.scheme=simgd", "update.h=0.1", NULL},
         GANSTAB_SIM_DIVERGES,
         "diverges"},
        {{"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=1", NULL},
         GANSTAB_SIM_CONVERGES,
         "converges"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(rows); i++) {
        ganstab_case c;
        build(&c, rows[i].assignments);
        ganstab_nonlinear nl;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_nonlinear_check(&c, &nl, &err), GANSTAB_OK);
        assert_int_equal(nl.outcome, rows[i].outcome);
        assert_string_equal(ganstab_sim_outcome_name(nl.outcome), rows[i].name);
        assert_int_equal(nl.n, 2);
        assert_close(nl.start[0], GANSTAB_NONLINEAR_START, EXACT);
        assert_close(nl.start[1], GANSTAB_NONLINEAR_START, EXACT);
        assert_int_equal(nl.steps, GANSTAB_NONLINEAR_STEPS);
    }
    assert_string_equal(ganstab_sim_outcome_name(GANSTAB_SIM_CONVERGES_SLOWLY), "converges slowly");
}

static double normal(double t)
{
    return exp(-t * t / 2) / sqrt(2 * 3.14159265358979323846);
}

static double difference(const double *mu_star, const double *mu, double t)
{
    return 0.5 * (normal(t - mu_star[0]) + normal(t - mu_star[1])) -
           0.5 * (normal(t - mu[0]) + normal(t - mu[1]));
}

static double tv_quadrature(const double *mu_star, const double *mu)
{
    double sum = 0.0, prev = fabs(difference(mu_star, mu, -12.0));
    for (int i = 1; i <= 24000; i++) {
        double t = -12.0 + 1e-3 * i, cur = fabs(difference(mu_star, mu, t));
        sum += 0.5 * (prev + cur) * 1e-3;
        prev = cur;
    }
    return 0.5 * sum;
}

/* Li et al. 2018, Figure 3's start: the panels' TV distances against the quadrature of |F|, the
 * optimal discriminator where F > 0, and the discriminator alone with no steps is the start's. */
static void test_gmm_density(void **state)
{
    (void)state;
    static const char *const fig3[] = {
        "case.model=gmm",      "model.mu_star=-2 2", "model.disc=-1 0.2 -1 2.5",
        "update.scheme=simgd", "update.h=0.3",       NULL};
    ganstab_case c;
    build(&c, fig3);
    const double start[6] = {-1, 2.5, -1, 0.2, -1, 2.5}, end[6] = {-2, 2, -3, -3.5, 1, 3};
    ganstab_gmm_density d;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_gmm_density_compute(&c, 0, start, end, &d, &err), GANSTAB_OK);
    double tv_start = tv_quadrature(c.gmm_mu_star, start);
    for (int k = 0; k < 3; k++) {
        assert_close(d.panel[k].mu[0], start[0], EXACT);
        assert_close(d.panel[k].mu[1], start[1], EXACT);
        assert_close(d.panel[k].tv, tv_start, TV_QUADRATURE_TOL);
    }
    assert_close(d.panel[3].tv, 0.0, EXACT); /* the end's generator is the data */
    for (int j = 0; j < 4; j++) {
        assert_close(d.panel[0].disc[j], start[2 + j], EXACT);
        assert_close(d.panel[2].disc[j], start[2 + j], EXACT);
        assert_close(d.panel[3].disc[j], end[2 + j], EXACT);
    }
    assert_true(d.panel[0].open[0] && d.panel[0].open[1]);
    assert_true(!d.panel[3].open[0] && d.panel[3].open[1]);
    assert_true(d.optimal.n_intervals >= 1);
    for (size_t k = 0; k < d.optimal.n_intervals; k++) {
        double l = fmax(d.optimal.left[k], -12.0), r = fmin(d.optimal.right[k], 12.0);
        assert_true(difference(c.gmm_mu_star, start, 0.5 * (l + r)) > 0);
    }

    double bad[6] = {NAN, 2.5, -1, 0.2, -1, 2.5};
    assert_error(ganstab_gmm_density_compute(&c, 0, bad, end, &d, &err), GANSTAB_EINVAL, &err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonlinear_dirac),
        cmocka_unit_test(test_gmm_density),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

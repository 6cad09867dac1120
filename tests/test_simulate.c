/* Unit tests for src/analysis/simulate.c: trajectories of the nonlinear Dirac-GAN dynamics
 * against the invariants of Mescheder et al. 2018, Sec. 2 — Lemma 2.3 (the unregularized flow
 * conserves theta^2 + psi^2), Lemma 2.4 (simgd: every step multiplies the norm by
 * sqrt(1 + h^2 f'(theta psi)^2) > 1), Lemma 2.5 (altgd: bounded for alpha = sqrt(ng nd) h f'(0)
 * < 2, unbounded beyond) — against second computations (closed-form rotations, the clipped
 * flow's piecewise closed form, the linear operator of ganstab_analyze applied k times for the
 * linear WGAN field, step-by-step re-implementations), and the asymptotic decay rate of stable
 * cases against the engine's spectral radius / abscissa. Error paths: bad options, divergence. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "ganstab/analysis.h"
#include "ganstab/gmm.h"
#include "ganstab/model.h"
#include "ganstab/simulate.h"

/* Lemma 2.3: the bound on the relative drift of theta^2 + psi^2 over t = 100 (rk8pd at
 * rtol 1e-12 measures ~1e-12). */
static const double ENERGY_DRIFT_TOL = 1e-9;
/* Per-step growth factors recomputed from the iterate: a few roundings of O(1) numbers. */
static const double GROWTH_TOL = 1e-13;
/* Flow against a closed form: rk8pd at rtol 1e-12 over t = O(10). */
static const double FLOW_TOL = 1e-10;
/* The linear WGAN field iterated vs the operator of ganstab_analyze applied k times: the two
 * accumulate rounding differently, ~k eps relative. */
static const double LINEAR_TOL = 1e-11;
/* The criterion: fitted decay rate and the engine's within 1%. */
static const double RATE_TOL = 0.01;

/* f'(0) of the standard loss f(t) = -log(1+e^-t) (Sec. 2.1). */
#define FP0 0.5

static void build(ganstab_case *c, const char *const *assignments)
{
    testutil_case_build(c, assignments);
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_validate(c, &err);
    if (rc != GANSTAB_OK)
        print_error("validate: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

/* Simulate; t_end <= 0 means "not given"; init NULL means the default start; atol < 0 the
 * default absolute tolerance. */
static ganstab_trajectory *simulate_atol(const ganstab_case *c, size_t steps, double t_end,
                                         const double *init, double atol)
{
    ganstab_sim_options opt;
    ganstab_sim_options_init(&opt);
    opt.steps = steps;
    if (atol >= 0.0)
        opt.atol = atol;
    if (t_end > 0.0) {
        opt.has_t_end = 1;
        opt.t_end = t_end;
    }
    if (init != NULL) {
        opt.has_init = 1;
        opt.n_init = 2;
        opt.init[0] = init[0];
        opt.init[1] = init[1];
    }
    ganstab_trajectory *tr = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_simulate(c, &opt, &tr, &err);
    if (rc != GANSTAB_OK)
        print_error("simulate: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_non_null(tr);
    assert_int_equal(tr->n_points, steps + 1);
    assert_int_equal(tr->n, 2);
    return tr;
}

static ganstab_trajectory *simulate(const ganstab_case *c, size_t steps, double t_end,
                                    const double *init)
{
    return simulate_atol(c, steps, t_end, init, -1.0);
}

#define THETA(tr, k) ((tr)->x[(k) * (tr)->n])
#define PSI(tr, k) ((tr)->x[(k) * (tr)->n + 1])

/* ---- the trajectory itself ---------------------------------------------------------------- */

static void test_trajectory_layout(void **state)
{
    (void)state;
    ganstab_case c;
    build(&c,
          (const char *const[]){"case.model=dirac", "update.scheme=simgd", "update.h=0.25", NULL});
    ganstab_trajectory *tr = simulate(&c, 10, 0.0, NULL);
    assert_string_equal(tr->state_names[0], "theta");
    assert_string_equal(tr->state_names[1], "psi");
    assert_int_equal(tr->n_g, 1);
    assert_int_equal(tr->scheme, GANSTAB_SCHEME_SIMGD);
    assert_true(tr->equilibrium[0] == 0.0 && tr->equilibrium[1] == 0.0);
    /* the documented default start (theta, psi) = (1, 1) */
    assert_true(THETA(tr, 0) == 1.0 && PSI(tr, 0) == 1.0);
    for (size_t k = 0; k < tr->n_points; k++) {
        assert_int_equal(tr->step[k], (long)k);
        assert_true(tr->t[k] == (double)k * 0.25);
        double th = THETA(tr, k), ps = PSI(tr, k);
        assert_true(tr->distance[k] == hypot(th, ps));
        assert_true(tr->energy[k] == th * th + ps * ps);
    }
    /* the first step by hand: v(1, 1) = (-f'(1), f'(1)), f'(t) = 1/(1 + e^t) */
    double f1 = 1.0 / (1.0 + exp(1.0));
    assert_close(THETA(tr, 1), 1.0 - 0.25 * f1, 1e-16);
    assert_close(PSI(tr, 1), 1.0 + 0.25 * f1, 1e-16);
    ganstab_trajectory_free(tr);

    /* ttur counts updates; an explicit start; the flow's output grid */
    build(&c, (const char *const[]){"case.model=dirac", "update.scheme=ttur", "update.hg=0.1",
                                    "update.hd=0.3", NULL});
    tr = simulate(&c, 3, 0.0, (const double[]){0.5, -2.0});
    assert_true(THETA(tr, 0) == 0.5 && PSI(tr, 0) == -2.0);
    assert_true(tr->t[3] == 3.0);
    ganstab_trajectory_free(tr);

    build(&c, (const char *const[]){"case.model=dirac", NULL});
    tr = simulate(&c, 7, 3.5, NULL);
    for (size_t k = 0; k < tr->n_points; k++)
        assert_close(tr->t[k], 0.5 * (double)k, 1e-15);
    assert_true(tr->t[7] == 3.5);
    ganstab_trajectory_free(tr);
    ganstab_trajectory_free(NULL);
}

/* ---- Lemma 2.3: the unregularized flow conserves theta^2 + psi^2 -------------------------- */

static void test_lemma_2_3_energy_conserved(void **state)
{
    (void)state;
    static const double STARTS[][2] = {{1.0, 1.0}, {0.3, -2.0}, {-1.5, 0.2}};
    static const char *const LOSSES[] = {"case.loss=standard", "case.loss=wgan"};
    double worst = 0.0;
    for (size_t l = 0; l < TESTUTIL_COUNT(LOSSES); l++) {
        ganstab_case c;
        build(&c, (const char *const[]){"case.model=dirac", LOSSES[l], NULL});
        for (size_t s = 0; s < TESTUTIL_COUNT(STARTS); s++) {
            ganstab_trajectory *tr = simulate(&c, 1000, 100.0, STARTS[s]);
            double e0 = tr->energy[0], drift = 0.0;
            for (size_t k = 0; k < tr->n_points; k++)
                drift = fmax(drift, fabs(tr->energy[k] / e0 - 1.0));
            if (!(drift < ENERGY_DRIFT_TOL))
                print_error("%s from (%g, %g): drift %.3g\n", LOSSES[l], STARTS[s][0], STARTS[s][1],
                            drift);
            assert_true(drift < ENERGY_DRIFT_TOL);
            /* and it does not converge: the distance to x* stays sqrt(E) */
            assert_close(tr->distance[tr->n_points - 1], sqrt(e0), 1e-9);
            worst = fmax(worst, drift);
            ganstab_trajectory_free(tr);
        }
    }
    print_message("Lemma 2.3: max relative drift of theta^2 + psi^2 over t = 100: %.3g\n", worst);
}

/* WGAN (f(t) = t): v = (-psi, theta), the flow is the rotation by t. */
static void test_wgan_flow_is_a_rotation(void **state)
{
    (void)state;
    ganstab_case c;
    build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", NULL});
    const double x0[2] = {0.8, -0.3};
    ganstab_trajectory *tr = simulate(&c, 200, 20.0, x0);
    double worst = 0.0;
    for (size_t k = 0; k < tr->n_points; k++) {
        double t = tr->t[k];
        double th = x0[0] * cos(t) - x0[1] * sin(t), ps = x0[0] * sin(t) + x0[1] * cos(t);
        assert_close(THETA(tr, k), th, FLOW_TOL);
        assert_close(PSI(tr, k), ps, FLOW_TOL);
        worst = fmax(worst, fmax(fabs(THETA(tr, k) - th), fabs(PSI(tr, k) - ps)));
    }
    print_message("WGAN flow vs rotation over t = 20: max error %.3g\n", worst);
    ganstab_trajectory_free(tr);
}

/* ---- Lemma 2.4: simgd increases the norm monotonically ------------------------------------ */

static void test_lemma_2_4_simgd_standard(void **state)
{
    (void)state;
    static const char *const STEPS[] = {"update.h=0.01", "update.h=0.1", "update.h=0.5",
                                        "update.h=1", "update.h=2"};
    static const double STARTS[][2] = {{1.0, 1.0}, {0.01, 0.0}, {-0.5, 2.0}, {3.0, -0.1}};
    double worst = 0.0;
    for (size_t i = 0; i < TESTUTIL_COUNT(STEPS); i++) {
        ganstab_case c;
        build(&c, (const char *const[]){"case.model=dirac", "update.scheme=simgd", STEPS[i], NULL});
        for (size_t s = 0; s < TESTUTIL_COUNT(STARTS); s++) {
            ganstab_trajectory *tr = simulate(&c, 500, 0.0, STARTS[s]);
            for (size_t k = 0; k + 1 < tr->n_points; k++) {
                /* |x + h v|^2 = |x|^2 (1 + h^2 f'(theta psi)^2), since x . v = 0 */
                double f1 = 0.0;
                ganstab_loss_derivatives(GANSTAB_LOSS_STANDARD, THETA(tr, k) * PSI(tr, k), &f1,
                                         NULL);
                double growth = sqrt(1.0 + c.update.h * c.update.h * f1 * f1);
                double ratio = tr->distance[k + 1] / tr->distance[k];
                assert_close(ratio / growth, 1.0, GROWTH_TOL);
                worst = fmax(worst, fabs(ratio / growth - 1.0));
                /* strictly increasing wherever the growth is above rounding */
                if (growth - 1.0 > GROWTH_TOL)
                    assert_true(tr->distance[k + 1] > tr->distance[k]);
                else
                    assert_true(tr->distance[k + 1] >= tr->distance[k] * (1.0 - GROWTH_TOL));
            }
            ganstab_trajectory_free(tr);
        }
    }
    print_message("Lemma 2.4 (standard): max |step ratio / sqrt(1 + h^2 f'^2) - 1| = %.3g\n",
                  worst);
}

static void test_lemma_2_4_simgd_wgan(void **state)
{
    (void)state;
    static const double H[] = {0.01, 0.1, 0.5, 1.0, 3.0};
    static const double STARTS[][2] = {{1.0, 1.0}, {1e-3, -2e-3}, {-4.0, 0.5}};
    double worst = 0.0;
    for (size_t i = 0; i < TESTUTIL_COUNT(H); i++) {
        char h[48];
        snprintf(h, sizeof h, "update.h=%.17g", H[i]);
        ganstab_case c;
        build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", "update.scheme=simgd",
                                        h, NULL});
        double growth = sqrt(1.0 + H[i] * H[i]); /* f'(0) = 1 */
        for (size_t s = 0; s < TESTUTIL_COUNT(STARTS); s++) {
            ganstab_trajectory *tr = simulate(&c, 200, 0.0, STARTS[s]);
            for (size_t k = 0; k + 1 < tr->n_points; k++) {
                double ratio = tr->distance[k + 1] / tr->distance[k];
                assert_close(ratio / growth, 1.0, GROWTH_TOL);
                worst = fmax(worst, fabs(ratio / growth - 1.0));
            }
            ganstab_trajectory_free(tr);
        }
    }
    print_message("Lemma 2.4 (wgan): max |step ratio / sqrt(1 + h^2) - 1| = %.3g\n", worst);
}

/* ---- Lemma 2.5: altgd bounded for alpha < 2, unbounded beyond ------------------------------ */

typedef struct {
    const char *loss;
    const char *h, *ng, *nd, *order;
    double alpha; /* sqrt(ng nd) h f'(0) */
} altgd_row;

static ganstab_trajectory *altgd(const altgd_row *r, size_t steps, const double *x0)
{
    ganstab_case c;
    build(&c, (const char *const[]){"case.model=dirac", r->loss, "update.scheme=altgd", r->h, r->ng,
                                    r->nd, r->order, NULL});
    return simulate(&c, steps, 0.0, x0);
}

/* Largest distance over the trajectory relative to the initial one. */
static double max_growth(const ganstab_trajectory *tr)
{
    double m = 0.0;
    for (size_t k = 0; k < tr->n_points; k++)
        m = fmax(m, tr->distance[k] / tr->distance[0]);
    return m;
}

static void test_lemma_2_5_altgd_bounded(void **state)
{
    (void)state;
    static const altgd_row ROWS[] = {
        {"case.loss=wgan", "update.h=0.1", "update.ng=1", "update.nd=1", "update.order=gen-first",
         0.1},
        {"case.loss=wgan", "update.h=1", "update.ng=1", "update.nd=1", "update.order=gen-first",
         1.0},
        {"case.loss=wgan", "update.h=1.5", "update.ng=1", "update.nd=1", "update.order=disc-first",
         1.5},
        {"case.loss=wgan", "update.h=0.5", "update.ng=2", "update.nd=3", "update.order=gen-first",
         0.5 * 2.449489742783178},
        {"case.loss=standard", "update.h=0.5", "update.ng=1", "update.nd=1",
         "update.order=gen-first", 0.25},
        {"case.loss=standard", "update.h=2", "update.ng=1", "update.nd=1", "update.order=gen-first",
         1.0},
        {"case.loss=standard", "update.h=3", "update.ng=1", "update.nd=1",
         "update.order=disc-first", 1.5},
        {"case.loss=standard", "update.h=1", "update.ng=1", "update.nd=5", "update.order=gen-first",
         1.118033988749895},
    };
    const double x0[2] = {1e-2, 5e-3};
    for (size_t i = 0; i < TESTUTIL_COUNT(ROWS); i++) {
        ganstab_trajectory *tr = altgd(&ROWS[i], 20000, x0);
        double g = max_growth(tr);
        print_message("Lemma 2.5 %s %s %s %s: alpha = %.4g, max distance / initial = %.4g\n",
                      ROWS[i].loss, ROWS[i].h, ROWS[i].ng, ROWS[i].nd, ROWS[i].alpha, g);
        /* the orbit of an area-preserving rotation-like map stays on an invariant ellipse
           (exactly for wgan, approximately near 0 for the standard loss) */
        assert_true(g < 3.0);
        ganstab_trajectory_free(tr);
    }
}

static void test_lemma_2_5_altgd_unbounded(void **state)
{
    (void)state;
    static const altgd_row ROWS[] = {
        {"case.loss=wgan", "update.h=2.1", "update.ng=1", "update.nd=1", "update.order=gen-first",
         2.1},
        {"case.loss=wgan", "update.h=1.1", "update.ng=1", "update.nd=4", "update.order=disc-first",
         2.2},
        {"case.loss=wgan", "update.h=2.01", "update.ng=1", "update.nd=1", "update.order=gen-first",
         2.01},
        {"case.loss=standard", "update.h=4.5", "update.ng=1", "update.nd=1",
         "update.order=gen-first", 2.25},
        {"case.loss=standard", "update.h=2.5", "update.ng=1", "update.nd=4",
         "update.order=gen-first", 2.5},
    };
    const double x0[2] = {1e-3, 5e-4};
    for (size_t i = 0; i < TESTUTIL_COUNT(ROWS); i++) {
        ganstab_trajectory *tr = altgd(&ROWS[i], 300, x0);
        size_t first = tr->n_points;
        for (size_t k = 0; k < tr->n_points && first == tr->n_points; k++)
            if (tr->distance[k] > 1e3 * tr->distance[0])
                first = k;
        print_message("Lemma 2.5 %s %s %s %s: alpha = %.4g, distance > 1e3 x initial at "
                      "step %zu, max growth %.4g\n",
                      ROWS[i].loss, ROWS[i].h, ROWS[i].ng, ROWS[i].nd, ROWS[i].alpha, first,
                      max_growth(tr));
        assert_true(first < tr->n_points);
        ganstab_trajectory_free(tr);
    }
}

/* ---- the linear WGAN field: simulation = the analysis operator applied k times ------------- */

static void test_linear_field_matches_operator(void **state)
{
    (void)state;
    static const char *const SETS[][8] = {
        {"update.scheme=simgd", "update.h=0.3", NULL},
        {"update.scheme=ttur", "update.hg=0.2", "update.hd=0.5", NULL},
        {"update.scheme=altgd", "update.h=0.4", NULL},
        {"update.scheme=altgd", "update.h=0.3", "update.ng=2", "update.nd=3", NULL},
        {"update.scheme=altgd", "update.h=0.3", "update.ng=3", "update.nd=2",
         "update.order=disc-first", NULL},
    };
    static const char *const REGS[][3] = {
        {"regularizer.kind=none", NULL},
        {"regularizer.kind=gp", "regularizer.gamma=0.7", NULL},
    };
    for (size_t r = 0; r < TESTUTIL_COUNT(REGS); r++)
        for (size_t s = 0; s < TESTUTIL_COUNT(SETS); s++) {
            const char *a[16] = {"case.model=dirac", "case.loss=wgan"};
            size_t n = 2;
            for (size_t i = 0; REGS[r][i] != NULL; i++)
                a[n++] = REGS[r][i];
            for (size_t i = 0; SETS[s][i] != NULL; i++)
                a[n++] = SETS[s][i];
            a[n] = NULL;
            ganstab_case c;
            build(&c, a);
            ganstab_result *res = testutil_analyze(&c);
            assert_non_null(res->op);
            const double x0[2] = {0.7, -0.4};
            ganstab_trajectory *tr = simulate(&c, 100, 0.0, x0);
            double x[2] = {x0[0], x0[1]};
            for (size_t k = 1; k < tr->n_points; k++) {
                double y0 = ganstab_matrix_get(res->op, 0, 0) * x[0] +
                            ganstab_matrix_get(res->op, 0, 1) * x[1];
                double y1 = ganstab_matrix_get(res->op, 1, 0) * x[0] +
                            ganstab_matrix_get(res->op, 1, 1) * x[1];
                x[0] = y0;
                x[1] = y1;
                double scale = fmax(1.0, hypot(x[0], x[1]));
                assert_close(THETA(tr, k), x[0], LINEAR_TOL * scale);
                assert_close(PSI(tr, k), x[1], LINEAR_TOL * scale);
            }
            ganstab_trajectory_free(tr);
            ganstab_result_free(res);
        }
}

/* ---- decay rate of stable cases vs the spectrum ------------------------------------------- */

/* Least-squares slope of log(distance) against t over the points whose distance lies in
 * [lo, hi]. */
static double log_slope(const ganstab_trajectory *tr, double lo, double hi, size_t *used)
{
    double st = 0.0, sy = 0.0, stt = 0.0, sty = 0.0;
    size_t m = 0;
    for (size_t k = 0; k < tr->n_points; k++) {
        double d = tr->distance[k];
        if (d > hi || d < lo)
            continue;
        double t = tr->t[k], y = log(d);
        st += t;
        sy += y;
        stt += t * t;
        sty += t * y;
        m++;
    }
    *used = m;
    double dm = (double)m;
    return (dm * sty - st * sy) / (dm * stt - st * st);
}

/* The fit starts at distance 1e-6, 3 decades below the start (1e-3): the subdominant mode of a
 * pair of close real eigenvalues (altgd ng = 2, nd = 3: 0.743 and 0.591) has died out there, and
 * the nonlinear terms (relative O(d^2)) are ~1e-12. */
#define RATE_FIT_FROM 1e-6

typedef struct {
    const char *label;
    const char *set[8];
    /* The fit runs down to this distance: a complex pair makes log(distance) oscillate about its
     * trend, and the slope's bias falls with the square of the window, so it is long where the
     * field allows — gp's field is exact down to underflow; the quadrature field of `noise`
     * carries ~1e-17 of rounding at x*, so its iterates stall at distances ~2e-17. A flow is
     * integrated with atol = fit_to * 1e-4. */
    double fit_to;
} rate_row;

#define EXACT 1e-40
/* three decades above the stall of the noise iterates */
#define QUADRATURE_MAP 1e-14
/* the integrator's atol (1e-16) must stay above the field's rounding, or no step is accepted */
#define QUADRATURE_FLOW 1e-12

static void test_decay_rate_matches_spectrum(void **state)
{
    (void)state;
    static const rate_row ROWS[] = {
        {"gp 0.5 flow", {"regularizer.kind=gp", "regularizer.gamma=0.5", NULL}, EXACT},
        {"gp 0.2 flow", {"regularizer.kind=gp", "regularizer.gamma=0.2", NULL}, EXACT},
        {"gp 1.5 flow (real)", {"regularizer.kind=gp", "regularizer.gamma=1.5", NULL}, EXACT},
        {"noise 1 flow", {"regularizer.kind=noise", "regularizer.sigma=1", NULL}, QUADRATURE_FLOW},
        {"gp 0.5 simgd h 0.1",
         {"regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=simgd", "update.h=0.1",
          NULL},
         EXACT},
        {"gp 0.6 simgd h 0.5",
         {"regularizer.kind=gp", "regularizer.gamma=0.6", "update.scheme=simgd", "update.h=0.5",
          NULL},
         EXACT},
        {"gp 2 simgd h 1 (real, +-rho)",
         {"regularizer.kind=gp", "regularizer.gamma=2", "update.scheme=simgd", "update.h=1", NULL},
         EXACT},
        {"gp 0.5 altgd h 0.5",
         {"regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=altgd", "update.h=0.5",
          NULL},
         EXACT},
        {"gp 0.8 altgd h 0.3 ng 2 nd 3",
         {"regularizer.kind=gp", "regularizer.gamma=0.8", "update.scheme=altgd", "update.h=0.3",
          "update.ng=2", "update.nd=3", NULL},
         EXACT},
        {"gp 0.5 altgd h 1 disc-first",
         {"regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=altgd", "update.h=1",
          "update.order=disc-first", NULL},
         EXACT},
        {"gp 0.7 ttur hg 0.1 hd 0.2",
         {"regularizer.kind=gp", "regularizer.gamma=0.7", "update.scheme=ttur", "update.hg=0.1",
          "update.hd=0.2", NULL},
         EXACT},
        {"noise 0.7 simgd h 0.3",
         {"regularizer.kind=noise", "regularizer.sigma=0.7", "update.scheme=simgd", "update.h=0.3",
          NULL},
         QUADRATURE_MAP},
        {"noise 1.2 simgd h 1",
         {"regularizer.kind=noise", "regularizer.sigma=1.2", "update.scheme=simgd", "update.h=1",
          NULL},
         QUADRATURE_MAP},
    };
    double worst_log = 0.0, worst_rate = 0.0;
    for (size_t i = 0; i < TESTUTIL_COUNT(ROWS); i++) {
        const rate_row *row = &ROWS[i];
        const char *a[12] = {"case.model=dirac"};
        size_t n = 1;
        for (size_t j = 0; row->set[j] != NULL; j++)
            a[n++] = row->set[j];
        a[n] = NULL;
        ganstab_case c;
        build(&c, a);
        ganstab_result *res = testutil_analyze(&c);
        assert_int_equal(res->verdict, GANSTAB_VERDICT_STABLE);
        int flow = c.update.scheme == GANSTAB_SCHEME_FLOW;
        /* t per update: h for simgd and altgd, 1 for ttur (two step sizes) */
        double dt = c.update.scheme == GANSTAB_SCHEME_TTUR ? 1.0 : c.update.h;
        /* the predicted log-rate per unit of t: Re lambda(J) for the flow, log(rho)/dt for maps */
        double per_t = flow ? res->spectral_abscissa : log(res->spectral_radius) / dt;
        /* from distance 1e-3 to below fit_to, with a margin */
        double t_needed = log(1e-3 / row->fit_to) / fabs(per_t) * 1.3 + 10.0;
        const double x0[2] = {1e-3 * 0.6, 1e-3 * 0.8};
        ganstab_trajectory *tr =
            flow ? /* an absolute tolerance far below the smallest fitted distance */
                simulate_atol(&c, 8000, t_needed, x0, row->fit_to * 1e-4)
                 : simulate(&c, (size_t)ceil(t_needed / dt), 0.0, x0);
        assert_true(tr->distance[tr->n_points - 1] < row->fit_to);
        size_t used = 0;
        double fitted = log_slope(tr, row->fit_to, RATE_FIT_FROM, &used);
        double err_log = fabs(fitted / per_t - 1.0);
        /* the same as a rate: per update (maps, rho) or per unit time (flow, e^abscissa) */
        double unit = flow ? 1.0 : dt;
        double err_rate = fabs(exp((fitted - per_t) * unit) - 1.0);
        print_message("decay %-30s predicted %s = %.10g, fitted %.10g over %zu points: "
                      "log-rate error %.2e, rate error %.2e\n",
                      row->label, flow ? "e^abscissa" : "rho", exp(per_t * unit),
                      exp(fitted * unit), used, err_log, err_rate);
        assert_true(used >= 20);
        assert_true(err_log < RATE_TOL);
        worst_log = fmax(worst_log, err_log);
        worst_rate = fmax(worst_rate, err_rate);
        ganstab_trajectory_free(tr);
        ganstab_result_free(res);
    }
    print_message("decay rates: worst relative error %.3g (rate), %.3g (log-rate)\n", worst_rate,
                  worst_log);
}

/* ---- weight clipping ---------------------------------------------------------------------- */

static void test_clipping_discrete(void **state)
{
    (void)state;
    ganstab_case c;
    build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", "update.scheme=simgd",
                                    "update.h=0.2", "regularizer.clip=0.5", NULL});
    const double x0[2] = {1.0, 0.3};
    ganstab_trajectory *tr = simulate(&c, 300, 0.0, x0);
    /* by hand: x <- clamp(x + h (-psi, theta)) */
    double th = x0[0], ps = x0[1];
    int clamped = 0;
    for (size_t k = 1; k < tr->n_points; k++) {
        double nth = th - 0.2 * ps, nps = ps + 0.2 * th;
        clamped |= fabs(nps) > 0.5;
        th = nth;
        ps = fmin(fmax(nps, -0.5), 0.5);
        assert_true(THETA(tr, k) == th && PSI(tr, k) == ps);
        assert_true(fabs(PSI(tr, k)) <= 0.5);
    }
    assert_true(clamped);
    ganstab_trajectory_free(tr);

    /* altgd: the discriminator is clamped after each of its sub-steps; the start too */
    build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", "update.scheme=altgd",
                                    "update.h=0.3", "update.nd=2", "regularizer.clip=0.4", NULL});
    tr = simulate(&c, 100, 0.0, (const double[]){0.9, 0.6});
    th = 0.9;
    ps = 0.4;
    assert_true(PSI(tr, 0) == 0.4);
    for (size_t k = 1; k < tr->n_points; k++) {
        th = th - 0.3 * ps;
        for (int j = 0; j < 2; j++)
            ps = fmin(fmax(ps + 0.3 * th, -0.4), 0.4);
        assert_true(THETA(tr, k) == th && PSI(tr, k) == ps);
    }
    ganstab_trajectory_free(tr);

    /* the optimizers of games: clamped once, after the whole update (extragradient's
       extrapolated point is not) */
    build(&c,
          (const char *const[]){"case.model=dirac", "case.loss=wgan", "update.scheme=extragradient",
                                "update.h=0.3", "update.he=0.2", "regularizer.clip=0.4", NULL});
    tr = simulate(&c, 100, 0.0, (const double[]){0.9, 0.6});
    th = 0.9;
    ps = 0.4;
    for (size_t k = 1; k < tr->n_points; k++) {
        double yth = th + 0.2 * -ps, yps = ps + 0.2 * th;
        th += 0.3 * -yps;
        ps = fmin(fmax(ps + 0.3 * yth, -0.4), 0.4);
        assert_true(THETA(tr, k) == th && PSI(tr, k) == ps);
    }
    ganstab_trajectory_free(tr);
}

/* WGAN flow from (1, 0) with |psi| <= 1/2: psi = sin t until t1 = pi/6, then psi sticks at 1/2
 * (v_psi = theta > 0 pushes outward) while theta = cos(pi/6) - (t - t1)/2, until theta = 0 at
 * t2 = pi/6 + 2 cos(pi/6); then a rotation again. */
static void test_clipping_flow(void **state)
{
    (void)state;
    ganstab_case c;
    build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", "regularizer.clip=0.5",
                                    NULL});
    ganstab_trajectory *tr = simulate(&c, 200, 4.0, (const double[]){1.0, 0.0});
    const double pi = 3.14159265358979323846;
    double t1 = pi / 6.0, t2 = t1 + 2.0 * cos(t1), worst = 0.0;
    for (size_t k = 0; k < tr->n_points; k++) {
        double t = tr->t[k], th, ps;
        if (t <= t1) {
            th = cos(t);
            ps = sin(t);
        } else if (t <= t2) {
            th = cos(t1) - 0.5 * (t - t1);
            ps = 0.5;
        } else { /* from (0, 1/2): rotation */
            th = -0.5 * sin(t - t2);
            ps = 0.5 * cos(t - t2);
        }
        assert_true(fabs(PSI(tr, k)) <= 0.5);
        worst = fmax(worst, fmax(fabs(THETA(tr, k) - th), fabs(PSI(tr, k) - ps)));
    }
    print_message("clipped WGAN flow vs its piecewise closed form: max error %.3g\n", worst);
    assert_true(worst < 1e-8);
    ganstab_trajectory_free(tr);
}

/* ---- errors ------------------------------------------------------------------------------- */

static int simulate_status(const ganstab_case *c, const ganstab_sim_options *opt,
                           ganstab_error *err)
{
    ganstab_trajectory *tr = (ganstab_trajectory *)1; /* must be reset to NULL */
    ganstab_error_clear(err);
    int rc = ganstab_simulate(c, opt, &tr, err);
    assert_null(tr);
    return rc;
}

static void test_bad_options(void **state)
{
    (void)state;
    ganstab_case flow, map;
    build(&flow, (const char *const[]){"case.model=dirac", NULL});
    build(&map,
          (const char *const[]){"case.model=dirac", "update.scheme=simgd", "update.h=0.1", NULL});
    ganstab_sim_options opt;
    ganstab_error err;

    ganstab_sim_options_init(&opt); /* steps 0 */
    assert_error(simulate_status(&map, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--steps");
    opt.steps = GANSTAB_SIM_MAX_STEPS + 1u;
    assert_error(simulate_status(&map, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--steps");

    ganstab_sim_options_init(&opt);
    opt.steps = 10; /* flow without t_end */
    assert_error(simulate_status(&flow, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--t-end");
    static const double BAD_T[] = {0.0, -1.0, NAN, INFINITY};
    for (size_t i = 0; i < TESTUTIL_COUNT(BAD_T); i++) {
        opt.has_t_end = 1;
        opt.t_end = BAD_T[i];
        assert_error(simulate_status(&flow, &opt, &err), GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "--t-end");
    }
    opt.t_end = 1.0;
    opt.rtol = -1e-9;
    assert_error(simulate_status(&flow, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--rtol");
    opt.rtol = 0.0;
    opt.atol = NAN;
    assert_error(simulate_status(&flow, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--atol");
    opt.atol = 0.0;
    assert_error(simulate_status(&flow, &opt, &err), GANSTAB_EINVAL, &err);

    ganstab_sim_options_init(&opt);
    opt.steps = 10;
    opt.has_init = 1;
    opt.n_init = 1;
    opt.init[0] = 1.0;
    assert_error(simulate_status(&map, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--init");
    assert_non_null(strstr(err.message, "theta,psi"));
    opt.n_init = 3;
    assert_error(simulate_status(&map, &opt, &err), GANSTAB_EINVAL, &err);
    opt.n_init = 2;
    opt.init[1] = NAN;
    assert_error(simulate_status(&map, &opt, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--init");
    assert_non_null(strstr(err.message, "psi"));
    opt.init[1] = -INFINITY;
    assert_error(simulate_status(&map, &opt, &err), GANSTAB_EINVAL, &err);
}

static void test_divergence(void **state)
{
    (void)state;
    /* simgd on WGAN with h = 10: the norm grows by sqrt(101) per step and overflows */
    ganstab_case c;
    build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", "update.scheme=simgd",
                                    "update.h=10", NULL});
    ganstab_sim_options opt;
    ganstab_sim_options_init(&opt);
    opt.steps = 1000;
    ganstab_error err;
    assert_error(simulate_status(&c, &opt, &err), GANSTAB_ENUMERIC, &err);
    assert_string_equal(err.where, "mem.ini: simulate");
    assert_non_null(strstr(err.message, "step "));
    assert_non_null(strstr(err.message, "diverged"));
    print_message("divergence: %s: %s\n", err.where, err.message);

    /* the same with the standard loss and altgd far beyond alpha = 2 */
    build(&c, (const char *const[]){"case.model=dirac", "case.loss=wgan", "update.scheme=altgd",
                                    "update.h=50", NULL});
    assert_error(simulate_status(&c, &opt, &err), GANSTAB_ENUMERIC, &err);

    /* an integrator that cannot meet a pure absolute tolerance of 1e-300 */
    build(&c, (const char *const[]){"case.model=dirac", NULL});
    ganstab_sim_options_init(&opt);
    opt.steps = 2;
    opt.has_t_end = 1;
    opt.t_end = 1.0;
    opt.rtol = 0.0;
    opt.atol = 1e-300;
    assert_error(simulate_status(&c, &opt, &err), GANSTAB_ENUMERIC, &err);
    assert_string_equal(err.where, "mem.ini: simulate");
    print_message("integrator failure: %s: %s\n", err.where, err.message);
}

/* ---- the GMM-GAN (Li et al. 2018) ----------------------------------------------------------- */

/* Figure 3: mu* = (-2, 2), start mu_hat = (-1, 2.5), intervals [-1, 0.2] and [-1, 2.5], step
 * 0.3, first-order dynamics. The tv column is the exact TV distance of each point (recomputed
 * here with ganstab_gmm_tv); a collapse event is recorded once per interval, at the first point
 * where r <= l, and the collapsed interval never moves again (gmm.h, rule 2). */
static void test_gmm_figure_3_events(void **state)
{
    (void)state;
    static const char *const set[] = {
        "case.model=gmm",      "model.mu_star=-2, 2", "model.disc=-1, 0.2, -1, 2.5",
        "update.scheme=simgd", "update.h=0.3",        NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    ganstab_sim_options opt;
    ganstab_sim_options_init(&opt);
    opt.steps = 400;
    opt.has_init = 1;
    opt.n_init = 6;
    const double start[6] = {-1.0, 2.5, -1.0, 0.2, -1.0, 2.5};
    memcpy(opt.init, start, sizeof start);
    ganstab_trajectory *tr = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_simulate(&c, &opt, &tr, &err), GANSTAB_OK);
    assert_non_null(tr->tv);
    for (size_t k = 0; k < tr->n_points; k += 7) {
        double tv = NAN;
        assert_int_equal(ganstab_gmm_tv(c.gmm_mu_star, &tr->x[k * 6], &tv, &err), GANSTAB_OK);
        assert_close(tr->tv[k], tv, 0.0);
    }
    assert_int_equal(tr->n_events, 2);
    for (size_t e = 0; e < 2; e++) {
        const ganstab_sim_event *ev = &tr->events[e];
        assert_int_equal(ev->kind, GANSTAB_SIM_EVENT_DISC_COLLAPSE);
        assert_int_equal(ev->interval, (int)e + 1); /* the left interval first (Figure 3(c)) */
        size_t l = 2 + 2 * e, k = (size_t)ev->step;
        assert_true(tr->x[k * 6 + l + 1] <= tr->x[k * 6 + l]);
        assert_true(tr->x[(k - 1) * 6 + l + 1] > tr->x[(k - 1) * 6 + l]);
        for (size_t j = k; j < tr->n_points; j++) {
            assert_close(tr->x[j * 6 + l], tr->x[k * 6 + l], 0.0);
            assert_close(tr->x[j * 6 + l + 1], tr->x[k * 6 + l + 1], 0.0);
        }
    }
    /* both intervals empty: nothing moves any more (Sec. 6: the generator's gradient is 0) */
    size_t last = tr->n_points - 1;
    assert_close(tr->x[last * 6], tr->x[(size_t)tr->events[1].step * 6], 0.0);
    ganstab_trajectory_free(tr);
}

/* The behaviours of ganstab_sim_summarize on runs whose outcome is known by construction:
 * a start at the data with the optimal dynamics converges at once; a start with both means
 * equal and symmetric about the data's centre stays mode-collapsed (the two generator means
 * get identical gradients); both intervals empty from the start: the generator never moves
 * (vanishing gradients), and the collapsed start is recorded as collapse events at step 0. */
static void test_gmm_behaviours(void **state)
{
    (void)state;
    static const struct {
        const char *scheme, *init;
        unsigned want;
    } rows[] = {
        {"simulate.scheme=optimal", "simulate.init=-0.5, 0.5, 0, 0, 0, 0",
         1u << GANSTAB_BEHAVIOUR_CONVERGES},
        {"simulate.scheme=simgd", "simulate.init=0, 0, -1, 1, 3, 4",
         1u << GANSTAB_BEHAVIOUR_MODE_COLLAPSE},
        {"simulate.scheme=simgd", "simulate.init=1, 2, 0, -1, 3, 3",
         1u << GANSTAB_BEHAVIOUR_VANISHING_GRADIENTS | 1u << GANSTAB_BEHAVIOUR_DISC_COLLAPSE},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(rows); i++) {
        const char *const set[] = {"case.model=gmm",
                                   "model.mu_star=-0.5, 0.5",
                                   "model.disc=-1, 0, 0, 1",
                                   "update.scheme=simgd",
                                   "update.h=0.1",
                                   rows[i].scheme,
                                   rows[i].init,
                                   "simulate.steps=500",
                                   NULL};
        ganstab_case c;
        testutil_case_build(&c, set);
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
        ganstab_sim_summary s;
        assert_int_equal(ganstab_sim_summarize(&c, &s, &err), GANSTAB_OK);
        assert_int_equal(s.has_tv, 1);
        if (s.detected != rows[i].want)
            print_error("row %zu: detected %#x, want %#x (tv %g, turns %zu, stall %g)\n", i,
                        s.detected, rows[i].want, s.tv_final, s.turns, s.stall);
        assert_int_equal(s.detected, rows[i].want);
        assert_int_equal(s.agrees, 1); /* nothing expected */
        /* expecting a behaviour that did not happen disagrees */
        c.sim_expect = 1u << GANSTAB_BEHAVIOUR_OSCILLATION;
        assert_int_equal(ganstab_sim_summarize(&c, &s, &err), GANSTAB_OK);
        assert_int_equal(s.agrees, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trajectory_layout),
        cmocka_unit_test(test_lemma_2_3_energy_conserved),
        cmocka_unit_test(test_wgan_flow_is_a_rotation),
        cmocka_unit_test(test_lemma_2_4_simgd_standard),
        cmocka_unit_test(test_lemma_2_4_simgd_wgan),
        cmocka_unit_test(test_lemma_2_5_altgd_bounded),
        cmocka_unit_test(test_lemma_2_5_altgd_unbounded),
        cmocka_unit_test(test_linear_field_matches_operator),
        cmocka_unit_test(test_decay_rate_matches_spectrum),
        cmocka_unit_test(test_clipping_discrete),
        cmocka_unit_test(test_clipping_flow),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_divergence),
        cmocka_unit_test(test_gmm_figure_3_events),
        cmocka_unit_test(test_gmm_behaviours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the case-free entry points (analysis.h, game.h, update.h): a game built from a
 * typed specification and a given Jacobian are analysed exactly as the same game written as a
 * case (bit for bit: the same J, operator and LAPACK call), the critical values of a named
 * parameter are those the case path finds and the closed forms (Mescheder et al. 2018, Lemma 3.3:
 * gamma_crit = 2 f'(0) = 1 for the flow; the Brusselator's Hopf point b = 1 + a^2), and every bad
 * input is refused with its code. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "ganstab/analysis.h"
#include "ganstab/game.h"
#include "ganstab/simulate.h"
#include "ganstab/study.h"
#include "ganstab/update.h"

/* DESIGN.md: critical values located to a bracket of 1e-12*max(1,|value|); the brief asks 1e-10. */
static const double CRITICAL_TOL = 1e-10;

static void set(ganstab_case *c, const char *section, const char *key, const char *value)
{
    ganstab_error err = {0};
    int rc = ganstab_case_set(c, section, key, value, "test", &err);
    if (rc != GANSTAB_OK)
        fail_msg("%s.%s = %s: %s", section, key, value, err.message);
}

/* The Dirac-GAN with gradient penalty gamma under simgd h, as a case and as a spec. */
static void dirac_gp(ganstab_case *c, ganstab_game_spec *spec, ganstab_update *u,
                     const char *scheme)
{
    ganstab_case_init(c, "");
    set(c, "case", "model", "dirac");
    set(c, "regularizer", "kind", "gp");
    set(c, "regularizer", "gamma", "0.5");
    set(c, "update", "scheme", scheme);
    if (strcmp(scheme, "flow") != 0)
        set(c, "update", "h", "0.1");
    ganstab_game_spec_init(spec, GANSTAB_MODEL_DIRAC);
    spec->regularizer = GANSTAB_REG_GP;
    spec->gamma = 0.5;
    ganstab_update_init(u,
                        strcmp(scheme, "flow") == 0 ? GANSTAB_SCHEME_FLOW : GANSTAB_SCHEME_SIMGD);
    if (strcmp(scheme, "flow") != 0)
        u->h = 0.1;
}

static void assert_same_result(const ganstab_result *a, const ganstab_result *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->n_op, b->n_op);
    assert_int_equal(a->verdict, b->verdict);
    for (size_t i = 0; i < a->n_op; i++) {
        assert_true(a->eigenvalues[i].re == b->eigenvalues[i].re);
        assert_true(a->eigenvalues[i].im == b->eigenvalues[i].im);
        assert_true(a->eigenvalues[i].error_bound == b->eigenvalues[i].error_bound);
    }
    assert_true(a->spectral_abscissa == b->spectral_abscissa);
}

static void test_spec_equals_case(void **state)
{
    (void)state;
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    ganstab_game_spec spec;
    ganstab_update u;
    dirac_gp(c, &spec, &u, "simgd");
    ganstab_error err = {0};
    ganstab_result *rc_case = NULL, *rc_spec = NULL, *rc_jac = NULL;
    assert_int_equal(ganstab_analyze(c, GANSTAB_DEFAULT_TOL, &rc_case, &err), GANSTAB_OK);
    assert_int_equal(ganstab_analyze_spec(&spec, &u, GANSTAB_DEFAULT_TOL, &rc_spec, &err),
                     GANSTAB_OK);
    assert_same_result(rc_case, rc_spec);
    assert_true(rc_spec->jacobian_agrees);
    /* the case's J handed over as a given Jacobian: the same operator and spectrum */
    assert_int_equal(ganstab_analyze_jacobian(rc_case->jacobian->data, 2, 1, &u,
                                              GANSTAB_DEFAULT_TOL, &rc_jac, &err),
                     GANSTAB_OK);
    assert_same_result(rc_case, rc_jac);
    for (size_t i = 0; i < 4; i++)
        assert_true(rc_jac->op->data[i] == rc_case->op->data[i]);
    assert_string_equal(rc_jac->state_names[0], "x1");
    ganstab_result_free(rc_case);
    ganstab_result_free(rc_spec);
    ganstab_result_free(rc_jac);
    free(c);
}

static void test_critical_spec(void **state)
{
    (void)state;
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    ganstab_game_spec spec;
    ganstab_update u;
    dirac_gp(c, &spec, &u, "flow");
    ganstab_error err = {0};
    ganstab_crossing *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(ganstab_critical_spec(&spec, &u, "regularizer.gamma", 0.1, 4.0,
                                           GANSTAB_DEFAULT_TOL, 0, &a, &na, &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_analysis_crossings(c, GANSTAB_KEY_REG_GAMMA, 0.1, 4.0,
                                                GANSTAB_DEFAULT_TOL, 0, &b, &nb, &err),
                     GANSTAB_OK);
    /* Lemma 3.3: J = [[0, -f'(0)], [f'(0), -gamma]], complex pair until gamma = 2 f'(0) = 1 */
    assert_int_equal(na, 1);
    assert_int_equal(nb, 1);
    assert_int_equal(a[0].type, GANSTAB_CROSSING_COMPLEX_TO_REAL);
    assert_close(a[0].value, 1.0, CRITICAL_TOL);
    assert_true(a[0].value == b[0].value && a[0].lo == b[0].lo && a[0].hi == b[0].hi);
    free(a);
    free(b);
    /* an update parameter: simgd's step-size limit with the penalty, as the case path finds it */
    dirac_gp(c, &spec, &u, "simgd");
    assert_int_equal(ganstab_critical_spec(&spec, &u, "update.h", 0.01, 4.0, GANSTAB_DEFAULT_TOL, 0,
                                           &a, &na, &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_analysis_crossings(c, GANSTAB_KEY_UPDATE_H, 0.01, 4.0,
                                                GANSTAB_DEFAULT_TOL, 0, &b, &nb, &err),
                     GANSTAB_OK);
    assert_true(na >= 1);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++)
        assert_true(a[i].value == b[i].value && a[i].type == b[i].type);
    /* |1 + h lambda| = 1 with lambda = (-1/4 +- i sqrt(3)/4): h = -2 Re(lambda) / |lambda|^2 = 2 */
    assert_close(a[na - 1].value, 2.0, CRITICAL_TOL);
    free(a);
    free(b);
    free(c);
}

/* A formula parameter: the Brusselator's Hopf bifurcation at b = 1 + a^2 (model expr). */
static void test_critical_formula_param(void **state)
{
    (void)state;
    static const char *const names[] = {"a", "b"};
    static const double values[] = {1.0, 1.5};
    ganstab_expr_spec x = {0};
    x.where = "test";
    x.state = (ganstab_expr_text){"x, y", "test"};
    x.field = (ganstab_expr_text){"a - (b + 1)*x + x^2*y; b*x - x^2*y", "test"};
    x.equilibrium = (ganstab_expr_text){"a, b/a", "test"};
    x.nparams = 2;
    x.param_names = names;
    x.param_values = values;
    ganstab_game_spec spec;
    ganstab_game_spec_init(&spec, GANSTAB_MODEL_EXPR);
    spec.expr = &x;
    ganstab_update u;
    ganstab_update_init(&u, GANSTAB_SCHEME_FLOW);
    ganstab_error err = {0};
    ganstab_crossing *cr = NULL;
    size_t n = 0;
    assert_int_equal(ganstab_critical_spec(&spec, &u, "params.b", 1.0, 3.5, GANSTAB_DEFAULT_TOL, 0,
                                           &cr, &n, &err),
                     GANSTAB_OK);
    int hopf = 0;
    for (size_t i = 0; i < n; i++)
        if (cr[i].type == GANSTAB_CROSSING_HOPF) {
            assert_close(cr[i].value, 1.0 + values[0] * values[0], CRITICAL_TOL);
            hopf++;
        }
    assert_int_equal(hopf, 1);
    free(cr);
    /* the same game as a case (ganstab_case_from_spec): the case path's crossing search agrees */
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    assert_int_equal(ganstab_case_from_spec(&spec, &u, c, &err), GANSTAB_OK);
    ganstab_crossing *cc = NULL;
    size_t nc = 0;
    assert_int_equal(ganstab_analysis_crossings(c, (ganstab_case_key)(GANSTAB_KEY_PARAM_FIRST + 1),
                                                1.0, 3.5, GANSTAB_DEFAULT_TOL, 0, &cc, &nc, &err),
                     GANSTAB_OK);
    hopf = 0;
    for (size_t i = 0; i < nc; i++)
        if (cc[i].type == GANSTAB_CROSSING_HOPF) {
            assert_close(cc[i].value, 1.0 + values[0] * values[0], CRITICAL_TOL);
            hopf++;
        }
    assert_int_equal(hopf, 1);
    free(cc);
    free(c);
}

/* The run of a built game under an update rule is the case's run, bit for bit: the WGAN
 * Dirac-GAN with weight clipping under simgd and alternating steps, and under the flow. */
static void test_simulate_game(void **state)
{
    (void)state;
    static const char *const schemes[] = {"simgd", "altgd", "flow"};
    for (size_t k = 0; k < 3; k++) {
        ganstab_case *c = malloc(sizeof *c);
        assert_non_null(c);
        ganstab_case_init(c, "");
        set(c, "case", "model", "dirac");
        set(c, "case", "loss", "wgan");
        set(c, "regularizer", "clip", "0.4");
        set(c, "update", "scheme", schemes[k]);
        if (k < 2)
            set(c, "update", "h", "0.1");
        ganstab_sim_options opt;
        ganstab_sim_options_init(&opt);
        opt.steps = 300;
        opt.has_t_end = k == 2;
        opt.t_end = 30.0;
        ganstab_error err = {0};
        ganstab_trajectory *a = NULL, *b = NULL;
        assert_int_equal(ganstab_simulate(c, &opt, &a, &err), GANSTAB_OK);
        ganstab_game_spec spec;
        ganstab_game_spec_init(&spec, GANSTAB_MODEL_DIRAC);
        spec.loss = GANSTAB_LOSS_WGAN;
        ganstab_game g;
        assert_int_equal(ganstab_game_build(&spec, &g, &err), GANSTAB_OK);
        assert_int_equal(ganstab_simulate_game(&g, &c->update, 0.4, &opt, &b, &err), GANSTAB_OK);
        assert_int_equal(a->n_points, b->n_points);
        for (size_t i = 0; i < a->n_points * 2; i++)
            assert_true(a->x[i] == b->x[i]);
        for (size_t i = 0; i < a->n_points; i++)
            assert_true(a->t[i] == b->t[i] && fabs(b->x[2 * i + 1]) <= 0.4);
        ganstab_trajectory_free(a);
        ganstab_trajectory_free(b);
        /* refused: a negative clip, the GMM-GAN's own dynamics, a step size of 0 */
        assert_error(ganstab_simulate_game(&g, &c->update, -1.0, &opt, &b, &err), GANSTAB_EINVAL,
                     &err);
        assert_null(b);
        ganstab_update u;
        ganstab_update_init(&u, GANSTAB_SCHEME_OPTIMAL);
        u.h = 0.1;
        assert_error(ganstab_simulate_game(&g, &u, 0.0, &opt, &b, &err), GANSTAB_EINVAL, &err);
        ganstab_update_init(&u, GANSTAB_SCHEME_SIMGD);
        assert_error(ganstab_simulate_game(&g, &u, 0.0, &opt, &b, &err), GANSTAB_EINVAL, &err);
        ganstab_game_free(&g);
        free(c);
    }
}

/* A spec as a case (ganstab_case_from_spec): the same analysis as the spec's own entry point, the
 * same sweep as the case written as text, the update rule kept key by key, a formula game's
 * critical values, and model matrix refused (its case names a file). */
static void test_case_from_spec(void **state)
{
    (void)state;
    ganstab_case *c = malloc(sizeof *c), *text = malloc(sizeof *text);
    assert_non_null(c);
    assert_non_null(text);
    ganstab_game_spec spec;
    ganstab_update u;
    dirac_gp(text, &spec, &u, "simgd");
    ganstab_error err = {0};
    assert_int_equal(ganstab_case_from_spec(&spec, &u, c, &err), GANSTAB_OK);
    ganstab_result *a = NULL, *b = NULL;
    assert_int_equal(ganstab_analyze(c, GANSTAB_DEFAULT_TOL, &a, &err), GANSTAB_OK);
    assert_int_equal(ganstab_analyze_spec(&spec, &u, GANSTAB_DEFAULT_TOL, &b, &err), GANSTAB_OK);
    assert_same_result(a, b);
    ganstab_result_free(a);
    ganstab_result_free(b);
    ganstab_axis axis;
    ganstab_study_options opt;
    ganstab_study_options_init(&opt);
    opt.threads = 1;
    ganstab_sweep_table *ts = NULL, *tt = NULL;
    assert_int_equal(ganstab_axis_init(c, "update.h", 0.1, 3.0, 30, 2, 100, "test", &axis, &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_study_sweep(c, &axis, &opt, &ts, &err), GANSTAB_OK);
    assert_int_equal(ganstab_study_sweep(text, &axis, &opt, &tt, &err), GANSTAB_OK);
    assert_int_equal(ts->npoints, tt->npoints);
    for (size_t k = 0; k < ts->npoints; k++)
        assert_true(ts->points[k].spectral_radius == tt->points[k].spectral_radius &&
                    ts->points[k].verdict == tt->points[k].verdict);
    assert_int_equal(ts->ncross, tt->ncross);
    assert_true(ts->ncross >= 1);
    assert_close(ts->crossings[ts->ncross - 1].value, 2.0, CRITICAL_TOL);
    ganstab_sweep_table_free(ts);
    ganstab_sweep_table_free(tt);
    /* lookahead over altgd: every key of the rule arrives */
    ganstab_update_init(&u, GANSTAB_SCHEME_LOOKAHEAD);
    u.base = GANSTAB_SCHEME_ALTGD;
    u.h = 0.3;
    u.k = 3;
    u.alpha = 0.4;
    u.ng = 2;
    u.order = GANSTAB_ORDER_DISC_FIRST;
    assert_int_equal(ganstab_case_from_spec(&spec, &u, c, &err), GANSTAB_OK);
    assert_int_equal(c->update.scheme, GANSTAB_SCHEME_LOOKAHEAD);
    assert_int_equal(c->update.base, GANSTAB_SCHEME_ALTGD);
    assert_true(c->update.h == 0.3 && c->update.alpha == 0.4);
    assert_int_equal(c->update.k, 3);
    assert_int_equal(c->update.ng, 2);
    assert_int_equal(c->update.nd, 1);
    assert_int_equal(c->update.order, GANSTAB_ORDER_DISC_FIRST);
    /* model lq with its covariance given as numbers: the analysis of the spec */
    const double mean[2] = {0.5, -1.0}, cov[4] = {2.0, 0.3, 0.3, 1.0};
    ganstab_game_spec_init(&spec, GANSTAB_MODEL_LQ);
    spec.lq.dim = 2;
    spec.lq.mean = mean;
    spec.lq.cov = cov;
    spec.regularizer = GANSTAB_REG_NK;
    spec.eta = 0.7;
    ganstab_update_init(&u, GANSTAB_SCHEME_FLOW);
    assert_int_equal(ganstab_case_from_spec(&spec, &u, c, &err), GANSTAB_OK);
    assert_int_equal(ganstab_analyze(c, GANSTAB_DEFAULT_TOL, &a, &err), GANSTAB_OK);
    assert_int_equal(ganstab_analyze_spec(&spec, &u, GANSTAB_DEFAULT_TOL, &b, &err), GANSTAB_OK);
    assert_same_result(a, b);
    ganstab_result_free(a);
    ganstab_result_free(b);
    /* model matrix: no case form */
    const double J[4] = {0.0, 0.5, -0.5, -0.1};
    ganstab_game_spec_init(&spec, GANSTAB_MODEL_MATRIX);
    spec.matrix.jacobian = J;
    spec.matrix.n = 2;
    assert_error(ganstab_case_from_spec(&spec, &u, c, &err), GANSTAB_EINVAL, &err);
    free(c);
    free(text);
}

static void test_errors(void **state)
{
    (void)state;
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    ganstab_game_spec spec;
    ganstab_update u;
    dirac_gp(c, &spec, &u, "simgd");
    free(c);
    ganstab_error err = {0};
    ganstab_result *r = NULL;
    ganstab_crossing *cr = NULL;
    size_t n = 0;
    int rc = ganstab_critical_spec(&spec, &u, "regularizer.gama", 0.1, 1.0, GANSTAB_DEFAULT_TOL, 0,
                                   &cr, &n, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "regularizer.gama"));
    rc = ganstab_critical_spec(&spec, &u, "update.h", 1.0, 0.5, GANSTAB_DEFAULT_TOL, 0, &cr, &n,
                               &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_null(cr);
    /* a step size of 0, a lookahead alpha outside (0, 1], altgd without players */
    u.h = 0.0;
    assert_error(ganstab_analyze_spec(&spec, &u, GANSTAB_DEFAULT_TOL, &r, &err), GANSTAB_EINVAL,
                 &err);
    assert_null(r);
    assert_non_null(strstr(err.message, "h:"));
    ganstab_update_init(&u, GANSTAB_SCHEME_LOOKAHEAD);
    u.h = 0.1;
    u.alpha = 1.5;
    assert_error(ganstab_update_check(&u, 1, 1, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "alpha"));
    /* lookahead over ttur needs hg and hd, not h */
    u.alpha = 0.5;
    u.base = GANSTAB_SCHEME_TTUR;
    u.h = 0.0;
    u.hg = 0.1;
    u.hd = 0.2;
    assert_int_equal(ganstab_update_check(&u, 1, 1, &err), GANSTAB_OK);
    assert_error(ganstab_update_check(&u, 2, 0, &err), GANSTAB_EINVAL, &err);
    u.hd = 0.0;
    assert_error(ganstab_update_check(&u, 1, 1, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "hd"));
    ganstab_update_init(&u, GANSTAB_SCHEME_ALTGD);
    u.h = 0.1;
    const double J[4] = {0.0, 0.5, -0.5, -0.5};
    assert_error(ganstab_analyze_jacobian(J, 2, 0, &u, GANSTAB_DEFAULT_TOL, &r, &err),
                 GANSTAB_EINVAL, &err);
    assert_null(r);
    /* a Jacobian that is not finite, and n = 0 */
    const double bad[4] = {0.0, 0.5, NAN, -0.5};
    ganstab_update_init(&u, GANSTAB_SCHEME_FLOW);
    assert_error(ganstab_analyze_jacobian(bad, 2, 1, &u, GANSTAB_DEFAULT_TOL, &r, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_analyze_jacobian(J, 0, 0, &u, GANSTAB_DEFAULT_TOL, &r, &err),
                 GANSTAB_EINVAL, &err);
    /* model expr without formulas, an unknown model kind */
    ganstab_game_spec_init(&spec, GANSTAB_MODEL_EXPR);
    assert_error(ganstab_analyze_spec(&spec, &u, GANSTAB_DEFAULT_TOL, &r, &err), GANSTAB_EINVAL,
                 &err);
    ganstab_game_spec_init(&spec, (ganstab_model_kind)99);
    assert_error(ganstab_analyze_spec(&spec, &u, GANSTAB_DEFAULT_TOL, &r, &err), GANSTAB_EINVAL,
                 &err);
    assert_string_equal(ganstab_model_name(GANSTAB_MODEL_MATRIX), "matrix");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_equals_case),       cmocka_unit_test(test_critical_spec),
        cmocka_unit_test(test_critical_formula_param), cmocka_unit_test(test_simulate_game),
        cmocka_unit_test(test_case_from_spec),         cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

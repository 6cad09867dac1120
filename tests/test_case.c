/* Unit tests for src/analysis/case.c: defaults of ganstab_case_init, every key setting its field
 * (and its `set`/`where` records), key names, sections, sweepable parameters (lookup, set, get),
 * the effective-parameter list per scheme, and a table of bad inputs through every entry point
 * (ganstab_case_set, ganstab_case_set_assignment, ganstab_case_validate,
 * ganstab_case_param_lookup, ganstab_case_param_set), each asserting GANSTAB_EINVAL, the exact
 * `where` and message substrings naming the offending key and value (DESIGN.md: errors "name
 * the offending key and value"). */
#include "testutil.h"

#include <stdio.h>

#include "ganstab/case.h"
#include "ganstab/gmm.h"

/* Values set from text are parsed by strtod: "0.25" etc. are exact binary fractions. */
static const double EXACT = 0.0;

static void set_ok(ganstab_case *c, const char *section, const char *key, const char *value,
                   const char *where)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_set(c, section, key, value, where, &err);
    if (rc != GANSTAB_OK)
        print_error("case_set %s.%s = '%s': %s: %s\n", section, key, value, err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

static void assert_contains(const char *haystack, const char *needle, const char *label)
{
    if (needle != NULL && strstr(haystack, needle) == NULL) {
        print_error("%s: message \"%s\" does not contain \"%s\"\n", label, haystack, needle);
        fail();
    }
}

static void test_defaults(void **state)
{
    (void)state;
    ganstab_case c;
    memset(&c, 0xAB, sizeof c); /* init must not depend on the previous contents */
    ganstab_case_init(&c, "cases/x.ini");
    assert_string_equal(c.file, "cases/x.ini");
    assert_string_equal(c.title, "");
    assert_int_equal(c.model, GANSTAB_MODEL_DIRAC);
    assert_int_equal(c.loss, GANSTAB_LOSS_STANDARD);
    assert_int_equal(c.reg_kind, GANSTAB_REG_NONE);
    assert_true(c.gamma == 0.0 && c.sigma == 0.0);
    assert_int_equal(c.update.scheme, GANSTAB_SCHEME_FLOW);
    assert_int_equal(c.update.ng, 1);
    assert_int_equal(c.update.nd, 1);
    assert_int_equal(c.update.order, GANSTAB_ORDER_GEN_FIRST);
    assert_int_equal(c.has_critical, 0);
    for (int k = 0; k < GANSTAB_CASE_NKEYS; k++) {
        assert_int_equal(c.set[k], 0);
        assert_string_equal(c.where[k], "");
    }
    ganstab_case_init(&c, NULL);
    assert_string_equal(c.file, "");
}

static void test_key_names_and_sections(void **state)
{
    (void)state;
    static const char *const names[GANSTAB_CASE_NKEYS] = {"case.title",
                                                          "case.model",
                                                          "case.loss",
                                                          "regularizer.kind",
                                                          "regularizer.gamma",
                                                          "regularizer.sigma",
                                                          "regularizer.g0",
                                                          "regularizer.clip",
                                                          "regularizer.eta",
                                                          "update.scheme",
                                                          "update.h",
                                                          "update.hg",
                                                          "update.hd",
                                                          "update.ng",
                                                          "update.nd",
                                                          "update.order",
                                                          "critical.param",
                                                          "critical.from",
                                                          "critical.to",
                                                          "critical.scan",
                                                          "table1.method",
                                                          "table1.paper",
                                                          "table1.paper_ac",
                                                          "table1.h",
                                                          "table1.steps",
                                                          "table1.note",
                                                          "model.dim",
                                                          "model.mean",
                                                          "model.cov",
                                                          "model.mu_star",
                                                          "model.disc",
                                                          "model.mode_collapse",
                                                          "update.unroll",
                                                          "simulate.scheme",
                                                          "simulate.init",
                                                          "simulate.steps",
                                                          "simulate.t_end",
                                                          "simulate.expect",
                                                          "placements.l1",
                                                          "placements.l2",
                                                          "model.generator",
                                                          "model.discriminator",
                                                          "model.state",
                                                          "model.payoff",
                                                          "model.generator_payoff",
                                                          "model.field",
                                                          "model.equilibrium",
                                                          "model.guess",
                                                          "model.data",
                                                          "model.dynamics",
                                                          "model.nodes",
                                                          "critical.expect",
                                                          "heatmap.dynamics",
                                                          "heatmap.grid",
                                                          "heatmap.inits",
                                                          "heatmap.iters",
                                                          "heatmap.step",
                                                          "heatmap.seed",
                                                          "sweep.param",
                                                          "sweep.from",
                                                          "sweep.to",
                                                          "sweep.steps",
                                                          "map.x",
                                                          "map.y",
                                                          "map.scan",
                                                          "optimize.param",
                                                          "optimize.from",
                                                          "optimize.to",
                                                          "optimize.scan",
                                                          "plot.figure",
                                                          "plot.axes",
                                                          "plot.window",
                                                          "update.he",
                                                          "update.beta",
                                                          "update.beta_im",
                                                          "update.variant",
                                                          "update.base",
                                                          "update.k",
                                                          "update.alpha",
                                                          "update.lambda",
                                                          "update.gamma",
                                                          "compare.optimizer",
                                                          "compare.from",
                                                          "compare.to",
                                                          "model.jacobian",
                                                          "model.generator_dim"};
    for (int k = 0; k < GANSTAB_CASE_NKEYS; k++)
        assert_string_equal(ganstab_case_key_name((ganstab_case_key)k), names[k]);
    assert_null(ganstab_case_key_name(GANSTAB_CASE_NKEYS));
    for (int k = 0; k < GANSTAB_CASE_NKEYS; k++) /* the section is the name's prefix */
        assert_int_equal(ganstab_case_key_in_section((ganstab_case_key)k, "update"),
                         strncmp(names[k], "update.", 7) == 0);
    assert_false(ganstab_case_key_in_section(GANSTAB_CASE_NKEYS, "update"));
    assert_null(ganstab_case_key_name((ganstab_case_key)-1));
    static const char *const known[] = {"case",   "regularizer", "update",     "model",  "critical",
                                        "table1", "simulate",    "placements", "params", "heatmap",
                                        "sweep",  "map",         "optimize",   "plot",   "compare"};
    for (size_t i = 0; i < TESTUTIL_COUNT(known); i++)
        assert_true(ganstab_case_section_known(known[i]));
    static const char *const unknown[] = {"", "Case", "cases", "updates", "[case]", "general"};
    for (size_t i = 0; i < TESTUTIL_COUNT(unknown); i++)
        assert_false(ganstab_case_section_known(unknown[i]));
}

/* Each key, set from text, lands in its field, with `set` and `where` recorded. */
static void test_every_key_sets_its_field(void **state)
{
    (void)state;
    static const struct {
        const char *section, *key, *value;
        ganstab_case_key id;
    } table[] = {
        {"case", "title", "Dirac with GP", GANSTAB_KEY_CASE_TITLE},
        {"case", "model", "dirac", GANSTAB_KEY_CASE_MODEL},
        {"case", "loss", "wgan", GANSTAB_KEY_CASE_LOSS},
        {"regularizer", "kind", "noise", GANSTAB_KEY_REG_KIND},
        {"regularizer", "gamma", "0.25", GANSTAB_KEY_REG_GAMMA},
        {"regularizer", "sigma", "1.5", GANSTAB_KEY_REG_SIGMA},
        {"regularizer", "g0", "2", GANSTAB_KEY_REG_G0},
        {"regularizer", "clip", "0.01", GANSTAB_KEY_REG_CLIP},
        {"regularizer", "eta", "0.5", GANSTAB_KEY_REG_ETA},
        {"update", "scheme", "altgd", GANSTAB_KEY_UPDATE_SCHEME},
        {"update", "h", "0.125", GANSTAB_KEY_UPDATE_H},
        {"update", "hg", "0.5", GANSTAB_KEY_UPDATE_HG},
        {"update", "hd", "2e-1", GANSTAB_KEY_UPDATE_HD},
        {"update", "ng", "3", GANSTAB_KEY_UPDATE_NG},
        {"update", "nd", "1000", GANSTAB_KEY_UPDATE_ND},
        {"update", "order", "disc-first", GANSTAB_KEY_UPDATE_ORDER},
        {"critical", "param", "update.h", GANSTAB_KEY_CRITICAL_PARAM},
        {"critical", "from", "-0.5", GANSTAB_KEY_CRITICAL_FROM},
        {"critical", "to", "4", GANSTAB_KEY_CRITICAL_TO},
        {"critical", "scan", "250", GANSTAB_KEY_CRITICAL_SCAN},
        {"table1", "method", "WGAN-GP", GANSTAB_KEY_TABLE1_METHOD},
        {"table1", "paper", "converges", GANSTAB_KEY_TABLE1_PAPER},
        {"table1", "paper_ac", "does-not-converge", GANSTAB_KEY_TABLE1_PAPER_AC},
        {"table1", "h", "0.05", GANSTAB_KEY_TABLE1_H},
        {"table1", "steps", "300", GANSTAB_KEY_TABLE1_STEPS},
        {"table1", "note", "a note", GANSTAB_KEY_TABLE1_NOTE},
        {"model", "dim", "2", GANSTAB_KEY_MODEL_DIM},
        {"model", "mean", "1, -2", GANSTAB_KEY_MODEL_MEAN},
        {"model", "cov", "2 1 1 3", GANSTAB_KEY_MODEL_COV},
        {"model", "mu_star", "-0.5, 0.5", GANSTAB_KEY_MODEL_MU_STAR},
        {"model", "disc", "-1 0.25 0.5 2", GANSTAB_KEY_MODEL_DISC},
        {"model", "mode_collapse", "0.01", GANSTAB_KEY_MODEL_MODE_COLLAPSE},
        {"update", "unroll", "7", GANSTAB_KEY_UPDATE_UNROLL},
        {"simulate", "scheme", "unrolled", GANSTAB_KEY_SIMULATE_SCHEME},
        {"simulate", "init", "1, 2, 3", GANSTAB_KEY_SIMULATE_INIT},
        {"simulate", "steps", "123", GANSTAB_KEY_SIMULATE_STEPS},
        {"simulate", "t_end", "2.5", GANSTAB_KEY_SIMULATE_T_END},
        {"simulate", "expect", "oscillation, mode-collapse", GANSTAB_KEY_SIMULATE_EXPECT},
        {"placements", "l1", "-3 -1 9", GANSTAB_KEY_PLACEMENTS_L1},
        {"placements", "l2", "0.5 0.5 1", GANSTAB_KEY_PLACEMENTS_L2},
        {"model", "generator", "theta", GANSTAB_KEY_MODEL_GENERATOR},
        {"model", "discriminator", "psi", GANSTAB_KEY_MODEL_DISCRIMINATOR},
        {"model", "state", "x, y", GANSTAB_KEY_MODEL_STATE},
        {"model", "payoff", "f(psi*theta) + f(0)", GANSTAB_KEY_MODEL_PAYOFF},
        {"model", "generator_payoff", "fns(psi*theta)", GANSTAB_KEY_MODEL_GENERATOR_PAYOFF},
        {"model", "field", "y; -x", GANSTAB_KEY_MODEL_FIELD},
        {"model", "equilibrium", "0, 0", GANSTAB_KEY_MODEL_EQUILIBRIUM},
        {"model", "guess", "1, 1", GANSTAB_KEY_MODEL_GUESS},
        {"model", "data", "x ~ uniform(-1, 1)", GANSTAB_KEY_MODEL_DATA},
        {"model", "dynamics", "map", GANSTAB_KEY_MODEL_DYNAMICS},
        {"model", "nodes", "16", GANSTAB_KEY_MODEL_NODES},
        {"critical", "expect", "hopf: 2; flip: sqrt(2)", GANSTAB_KEY_CRITICAL_EXPECT},
        {"heatmap", "dynamics", "optimal unrolled", GANSTAB_KEY_HEATMAP_DYNAMICS},
        {"heatmap", "grid", "7", GANSTAB_KEY_HEATMAP_GRID},
        {"heatmap", "inits", "9", GANSTAB_KEY_HEATMAP_INITS},
        {"heatmap", "iters", "11", GANSTAB_KEY_HEATMAP_ITERS},
        {"heatmap", "step", "0.125", GANSTAB_KEY_HEATMAP_STEP},
        {"heatmap", "seed", "18446744073709551615", GANSTAB_KEY_HEATMAP_SEED},
        {"sweep", "param", "update.h", GANSTAB_KEY_SWEEP_PARAM},
        {"sweep", "from", "0.25", GANSTAB_KEY_SWEEP_FROM},
        {"sweep", "to", "3", GANSTAB_KEY_SWEEP_TO},
        {"sweep", "steps", "11", GANSTAB_KEY_SWEEP_STEPS},
        {"map", "x", "regularizer.gamma 0 3 31", GANSTAB_KEY_MAP_X},
        {"map", "y", "update.nd  1, 8, 8", GANSTAB_KEY_MAP_Y},
        {"map", "scan", "150", GANSTAB_KEY_MAP_SCAN},
        {"optimize", "param", "regularizer.gamma", GANSTAB_KEY_OPTIMIZE_PARAM},
        {"optimize", "from", "0.5", GANSTAB_KEY_OPTIMIZE_FROM},
        {"optimize", "to", "1.5", GANSTAB_KEY_OPTIMIZE_TO},
        {"optimize", "scan", "400", GANSTAB_KEY_OPTIMIZE_SCAN},
        {"plot", "figure", "Mescheder et al. 2018, Figure 3(a)", GANSTAB_KEY_PLOT_FIGURE},
        {"plot", "axes", "psi, theta", GANSTAB_KEY_PLOT_AXES},
        {"plot", "window", "-1 1, 0 2.5", GANSTAB_KEY_PLOT_WINDOW},
        {"update", "he", "0.375", GANSTAB_KEY_UPDATE_HE},
        {"update", "beta", "-0.5", GANSTAB_KEY_UPDATE_BETA},
        {"update", "beta_im", "0.25", GANSTAB_KEY_UPDATE_BETA_IM},
        {"update", "variant", "alternating", GANSTAB_KEY_UPDATE_VARIANT},
        {"update", "base", "cgd", GANSTAB_KEY_UPDATE_BASE},
        {"update", "k", "6", GANSTAB_KEY_UPDATE_K},
        {"update", "alpha", "0.75", GANSTAB_KEY_UPDATE_ALPHA},
        {"update", "lambda", "-1.5", GANSTAB_KEY_UPDATE_LAMBDA},
        {"update", "gamma", "3", GANSTAB_KEY_UPDATE_GAMMA},
        {"compare", "optimizer", "momentum beta=-0.5 variant=alternating",
         GANSTAB_KEY_COMPARE_OPTIMIZER},
        {"compare", "from", "0.01", GANSTAB_KEY_COMPARE_FROM},
        {"compare", "to", "3", GANSTAB_KEY_COMPARE_TO},
        {"model", "jacobian", "J.npy", GANSTAB_KEY_MODEL_JACOBIAN},
        {"model", "generator_dim", "7", GANSTAB_KEY_MODEL_GENERATOR_DIM},
    };
    assert_int_equal(TESTUTIL_COUNT(table), GANSTAB_CASE_NKEYS);
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        char where[32];
        snprintf(where, sizeof where, "t.ini:%zu", i + 1);
        set_ok(&c, table[i].section, table[i].key, table[i].value, where);
        assert_int_equal(c.set[table[i].id], 1);
        assert_string_equal(c.where[table[i].id], where);
    }
    assert_string_equal(c.title, "Dirac with GP");
    assert_int_equal(c.lq_dim, 2);
    assert_int_equal(c.lq_mean_count, 2);
    assert_close(c.lq_mean[1], -2.0, EXACT);
    assert_int_equal(c.lq_cov_kind, GANSTAB_LQ_COV_EXPLICIT);
    assert_int_equal(c.lq_cov_count, 4);
    assert_close(c.lq_cov[3], 3.0, EXACT);
    assert_int_equal(c.model, GANSTAB_MODEL_DIRAC);
    assert_int_equal(c.loss, GANSTAB_LOSS_WGAN);
    assert_int_equal(c.reg_kind, GANSTAB_REG_NOISE);
    assert_close(c.gamma, 0.25, EXACT);
    assert_close(c.sigma, 1.5, EXACT);
    assert_int_equal(c.update.scheme, GANSTAB_SCHEME_ALTGD);
    assert_close(c.update.h, 0.125, EXACT);
    assert_close(c.update.hg, 0.5, EXACT);
    assert_close(c.update.hd, 0.2, EXACT);
    assert_int_equal(c.update.ng, 3);
    assert_int_equal(c.update.nd, 1000);
    assert_int_equal(c.update.order, GANSTAB_ORDER_DISC_FIRST);
    assert_close(c.update.he, 0.375, EXACT);
    assert_close(c.update.beta, -0.5, EXACT);
    assert_close(c.update.beta_im, 0.25, EXACT);
    assert_int_equal(c.update.variant, GANSTAB_VARIANT_ALTERNATING);
    assert_int_equal(c.update.base, GANSTAB_SCHEME_CGD);
    assert_int_equal(c.update.k, 6);
    assert_close(c.update.alpha, 0.75, EXACT);
    assert_close(c.update.lambda, -1.5, EXACT);
    assert_close(c.update.gamma, 3.0, EXACT);
    assert_int_equal(c.has_compare, 1);
    assert_int_equal(c.n_compare, 1);
    assert_string_equal(c.matrix_file, "J.npy");
    assert_string_equal(c.matrix_path, "J.npy"); /* t.ini has no directory */
    assert_int_equal(c.matrix_generator_dim, 7);
    assert_string_equal(c.compare_spec[0], "momentum beta=-0.5 variant=alternating");
    assert_close(c.compare_from, 0.01, EXACT);
    assert_close(c.compare_to, 3.0, EXACT);
    assert_int_equal(c.has_critical, 1);
    assert_int_equal(c.critical_param, GANSTAB_KEY_UPDATE_H);
    assert_close(c.critical_from, -0.5, EXACT);
    assert_close(c.critical_to, 4.0, EXACT);
    assert_int_equal(c.critical_scan, 250);
    assert_close(c.gmm_mu_star[0], -0.5, EXACT);
    assert_close(c.gmm_disc[1], 0.25, EXACT);
    assert_close(c.gmm_disc[3], 2.0, EXACT);
    assert_close(c.gmm_mode_collapse, 0.01, EXACT);
    assert_int_equal(c.unroll, 7);
    assert_int_equal(c.has_heatmap, 1);
    assert_int_equal(c.heatmap_dynamics,
                     (1u << GANSTAB_GMM_OPTIMAL) | (1u << GANSTAB_GMM_UNROLLED));
    assert_int_equal(c.heatmap_grid, 7);
    assert_int_equal(c.heatmap_inits, 9);
    assert_int_equal(c.heatmap_iters, 11);
    assert_close(c.heatmap_step, 0.125, EXACT);
    assert_true(c.heatmap_seed == 18446744073709551615ull);
    assert_int_equal(c.has_simulate, 1);
    assert_int_equal(c.sim_scheme, GANSTAB_SCHEME_UNROLLED);
    assert_int_equal(c.sim_init_count, 3);
    assert_close(c.sim_init[2], 3.0, EXACT);
    assert_int_equal(c.sim_steps, 123);
    assert_int_equal(c.has_placements, 1);
    assert_close(c.placements_l1[0], -3.0, EXACT);
    assert_close(c.placements_l1[2], 9.0, EXACT);
    assert_close(c.placements_l2[1], 0.5, EXACT);
    assert_close(c.sim_t_end, 2.5, EXACT);
    assert_int_equal(c.has_plot, 1);
    assert_string_equal(c.plot_figure, "Mescheder et al. 2018, Figure 3(a)");
    assert_string_equal(c.plot_axes[0], "psi");
    assert_string_equal(c.plot_axes[1], "theta");
    assert_close(c.plot_window[0], -1.0, EXACT);
    assert_close(c.plot_window[3], 2.5, EXACT);
    assert_int_equal(c.sim_expect,
                     1u << GANSTAB_BEHAVIOUR_OSCILLATION | 1u << GANSTAB_BEHAVIOUR_MODE_COLLAPSE);
    assert_string_equal(c.expr_text[GANSTAB_KEY_MODEL_PAYOFF - GANSTAB_KEY_MODEL_GENERATOR],
                        "f(psi*theta) + f(0)");
    assert_string_equal(c.expr_text[GANSTAB_KEY_MODEL_DATA - GANSTAB_KEY_MODEL_GENERATOR],
                        "x ~ uniform(-1, 1)");
    assert_int_equal(c.expr_dynamics, GANSTAB_EXPR_MAP);
    assert_int_equal(c.expr_nodes, 16);
    assert_int_equal(c.n_expect, 2);
    assert_int_equal(c.expect[1].type, GANSTAB_CROSSING_FLIP);
    assert_string_equal(c.expect[1].formula, "sqrt(2)");
    assert_close(ganstab_case_expect_value(&c, 1), sqrt(2.0), 0.0);
    assert_true(c.has_sweep && c.has_map && c.has_optimize);
    assert_string_equal(c.sweep_param, "update.h");
    assert_close(c.sweep_from, 0.25, EXACT);
    assert_close(c.sweep_to, 3.0, EXACT);
    assert_int_equal(c.sweep_steps, 11);
    assert_string_equal(c.map_param[0], "regularizer.gamma");
    assert_string_equal(c.map_param[1], "update.nd");
    assert_close(c.map_to[0], 3.0, EXACT);
    assert_close(c.map_from[1], 1.0, EXACT);
    assert_int_equal(c.map_count[0], 31);
    assert_int_equal(c.map_count[1], 8);
    assert_int_equal(c.map_scan, 150);
    assert_string_equal(c.optimize_param, "regularizer.gamma");
    assert_close(c.optimize_from, 0.5, EXACT);
    assert_close(c.optimize_to, 1.5, EXACT);
    assert_int_equal(c.optimize_scan, 400);

    /* the other choices of each choice key */
    static const struct {
        const char *section, *key, *value;
        int expect;
    } choices[] = {
        {"case", "loss", "standard", GANSTAB_LOSS_STANDARD},
        {"regularizer", "kind", "none", GANSTAB_REG_NONE},
        {"regularizer", "kind", "gp", GANSTAB_REG_GP},
        {"update", "scheme", "flow", GANSTAB_SCHEME_FLOW},
        {"update", "scheme", "simgd", GANSTAB_SCHEME_SIMGD},
        {"update", "scheme", "ttur", GANSTAB_SCHEME_TTUR},
        {"update", "order", "gen-first", GANSTAB_ORDER_GEN_FIRST},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(choices); i++) {
        set_ok(&c, choices[i].section, choices[i].key, choices[i].value, "x");
        int got = strcmp(choices[i].key, "loss") == 0     ? (int)c.loss
                  : strcmp(choices[i].key, "kind") == 0   ? (int)c.reg_kind
                  : strcmp(choices[i].key, "scheme") == 0 ? (int)c.update.scheme
                                                          : (int)c.update.order;
        assert_int_equal(got, choices[i].expect);
    }
    /* every sweepable critical.param name is accepted */
    static const struct {
        const char *name;
        ganstab_case_key key;
    } params[] = {{"regularizer.gamma", GANSTAB_KEY_REG_GAMMA},
                  {"regularizer.sigma", GANSTAB_KEY_REG_SIGMA},
                  {"update.h", GANSTAB_KEY_UPDATE_H},
                  {"update.hg", GANSTAB_KEY_UPDATE_HG},
                  {"update.hd", GANSTAB_KEY_UPDATE_HD}};
    for (size_t i = 0; i < TESTUTIL_COUNT(params); i++) {
        set_ok(&c, "critical", "param", params[i].name, "x");
        assert_int_equal(c.critical_param, params[i].key);
    }
}

static void test_set_assignment(void **state)
{
    (void)state;
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_set_assignment(&c, "update.h=0.75", &err), GANSTAB_OK);
    assert_close(c.update.h, 0.75, EXACT);
    assert_string_equal(c.where[GANSTAB_KEY_UPDATE_H], "--set update.h");
    /* the value may contain '=' and '.' */
    assert_int_equal(ganstab_case_set_assignment(&c, "case.title=a=b.c", &err), GANSTAB_OK);
    assert_string_equal(c.title, "a=b.c");
    assert_string_equal(c.where[GANSTAB_KEY_CASE_TITLE], "--set case.title");
    assert_int_equal(ganstab_case_set_assignment(&c, "regularizer.kind=gp", &err), GANSTAB_OK);
    assert_int_equal(c.reg_kind, GANSTAB_REG_GP);
}

/* ---- bad inputs ------------------------------------------------------------------------ */

/* Every refusal: GANSTAB_EINVAL in the return value and the record, the exact location, and
 * message substrings naming the key and the value (NULL needles are not checked). */
static void expect_refusal(int rc, const ganstab_error *err, const char *where, const char *label,
                           const char *n1, const char *n2, const char *n3)
{
    if (rc != GANSTAB_EINVAL || err->code != GANSTAB_EINVAL || strcmp(err->where, where) != 0) {
        print_error("%s: rc = %d, code = %d, where = \"%s\" (expected \"%s\"), message = \"%s\"\n",
                    label, rc, err->code, err->where, where, err->message);
        fail();
    }
    assert_error(rc, GANSTAB_EINVAL, err);
    assert_contains(err->message, n1, label);
    assert_contains(err->message, n2, label);
    assert_contains(err->message, n3, label);
}

static void expect_unchanged(const ganstab_case *before, const ganstab_case *after,
                             const char *label)
{
    if (memcmp(before, after, sizeof *before) != 0) {
        print_error("%s: the case changed although the input was refused\n", label);
        fail();
    }
}

/* ganstab_case_set is called with this location. */
#define SET_WHERE "t.ini:42"

/* ganstab_case_set(section, key, value): message must contain n1, n2, n3. */
typedef struct {
    const char *section, *key, *value, *n1, *n2, *n3;
} bad_set;

static const bad_set BAD_SET[] = {
    {"solver", "h", "1", "unknown section", "solver", NULL},
    {"update", "eta", "1", "unknown key", "'eta'", "[update]"},
    {"model", "width", "3", "'width'", "[model]", "dirac"},
    {"update", "h", "abc", "'h'", "'abc'", "positive"},
    {"update", "h", "1e999", "'h'", "'1e999'", NULL},
    {"regularizer", "gamma", "nan", "'gamma'", "'nan'", NULL},
    {"regularizer", "sigma", "inf", "'sigma'", "'inf'", NULL},
    {"critical", "from", "-inf", "'from'", "'-inf'", NULL},
    {"update", "h", "", "'h'", "got ''", NULL},
    {"update", "hd", "0.1x", "'hd'", "'0.1x'", NULL},
    {"update", "h", "0", "'h'", "'0'", "positive"},
    {"update", "h", "-1", "'h'", "'-1'", "positive"},
    {"update", "hg", "-0.1", "'hg'", "'-0.1'", NULL},
    {"regularizer", "sigma", "-0.5", "'sigma'", "'-0.5'", ">= 0"},
    {"regularizer", "gamma", "-1", "'gamma'", "'-1'", ">= 0"},
    {"update", "ng", "0", "'ng'", "'0'", "integer"},
    {"update", "ng", "1.5", "'ng'", "'1.5'", "integer"},
    {"update", "ng", "1001", "'ng'", "'1001'", "1..1000"},
    {"update", "nd", "-2", "'nd'", "'-2'", NULL},
    {"update", "nd", "", "'nd'", "''", NULL},
    {"critical", "scan", "5", "'scan'", "'5'", "integer"},
    {"case", "model", "foo", "'model'", "'foo'", "dirac"},
    {"update", "scheme", "adam", "'adam'", "complex-momentum", "'scheme'"},
    {"update", "alpha", "1.5", "'alpha'", "(0, 1]", "'1.5'"},
    {"update", "alpha", "0", "'alpha'", "positive", "'0'"},
    {"update", "he", "-1", "'he'", "positive", "'-1'"},
    {"update", "beta", "abc", "'beta'", "'abc'", "number"},
    {"update", "beta_im", "inf", "'beta_im'", "'inf'", NULL},
    {"update", "variant", "sideways", "'variant'", "alternating", "'sideways'"},
    {"update", "base", "lookahead", "'base'", "'lookahead'", "extragradient"},
    {"update", "base", "momentum", "'base'", "'momentum'", "conopt"},
    {"update", "k", "0", "'k'", "'0'", "positive integer"},
    {"update", "k", "1001", "'k'", "'1001'", "1..1000"},
    {"update", "lambda", "nan", "'lambda'", "'nan'", NULL},
    {"update", "gamma", "0", "'gamma'", "'0'", "positive"},
    {"model", "mu_star", "1", "'mu_star'", "2 numbers", NULL},
    {"model", "disc", "1 2 3", "'disc'", "4 numbers", NULL},
    {"model", "disc", "1 0 2 3", "'disc'", "l <= r", NULL},
    {"model", "mode_collapse", "0", "'mode_collapse'", "positive", NULL},
    {"update", "unroll", "0", "'unroll'", "integer", NULL},
    {"simulate", "steps", "0", "'steps'", "'0'", NULL},
    {"simulate", "init", "1 x", "'init'", "'1 x'", NULL},
    {"simulate", "expect", "wins", "'expect'", "'wins'", "converges"},
    {"simulate", "expect", ",", "'expect'", "one or more", NULL},
    {"placements", "l1", "0 1", "'l1'", "FROM TO COUNT", NULL},
    {"placements", "l1", "1 0 5", "'l1'", "'1 0 5'", NULL},
    {"placements", "l2", "0 1 2.5", "'l2'", "COUNT", NULL},
    {"placements", "l2", "0 1 201", "'l2'", "2..200", NULL},
    {"placements", "l2", "0 1 1", "'l2'", "FROM = TO", NULL},
    {"case", "loss", "hinge", "'loss'", "'hinge'", "standard|wgan"},
    {"update", "scheme", "adam", "'scheme'", "'adam'", "flow|simgd|altgd|ttur"},
    {"update", "order", "both", "'order'", "'both'", "gen-first|disc-first"},
    {"case", "title", "", "'title'", "empty", NULL},
    {"critical", "param", "update.ng", "'param'", "'update.ng'", NULL},
    {"sweep", "steps", "0", "'steps'", "'0'", "1..1000000"},
    {"sweep", "steps", "1000001", "'steps'", "'1000001'", NULL},
    {"sweep", "from", "abc", "'from'", "'abc'", "a number"},
    {"sweep", "param", "", "'param'", "parameter name", NULL},
    {"map", "x", "update.h 0 1", "'x'", "PARAM FROM TO COUNT", NULL},
    {"map", "x", "update.h 1 0 5", "'x'", "FROM < TO", NULL},
    {"map", "y", "update.h 0 1 1", "'y'", "2..1001", NULL},
    {"map", "y", "update.h 0 1 2.5", "'y'", "COUNT", NULL},
    {"map", "scan", "9", "'scan'", "'9'", "10..1000000"},
    {"optimize", "to", "nan", "'to'", "'nan'", NULL},
    {"optimize", "scan", "abc", "'scan'", "'abc'", NULL},
    {"plot", "figure", "", "'figure'", "empty", NULL},
    {"plot", "axes", "theta", "'axes'", "two different state names", "'theta'"},
    {"plot", "axes", "theta theta", "'axes'", "two different", NULL},
    {"plot", "axes", "theta psi a", "'axes'", "'theta psi a'", NULL},
    {"plot", "window", "0 1 2", "'window'", "XMIN XMAX YMIN YMAX", "'0 1 2'"},
    {"plot", "window", "1 0 0 1", "'window'", "XMIN < XMAX", NULL},
    {"plot", "window", "0 1 0 nan", "'window'", "'0 1 0 nan'", NULL},
    {"plot", "colour", "red", "unknown key", "'colour'", "[plot]"},
};

/* ganstab_case_set_assignment(assignment): location `where`. */
typedef struct {
    const char *assignment, *where, *n1, *n2;
} bad_assignment;

static const bad_assignment BAD_ASSIGNMENT[] = {
    {"update.h", "--set", "'update.h'", "'='"},                /* no '=' */
    {"h=0.1", "--set", "'h=0.1'", "SECTION.KEY=VALUE"},        /* no '.' */
    {"h=0.1.2", "--set", "'h=0.1.2'", NULL},                   /* '.' only in the value */
    {"update.=1", "--set", "'update.=1'", NULL},               /* empty key */
    {".h=1", "--set", "'.h=1'", NULL},                         /* empty section */
    {"update.eta=1", "--set update.eta", "'eta'", "[update]"}, /* unknown key */
    {"update.h=-1", "--set update.h", "'h'", "'-1'"},          /* bad value */
    {"solver.h=1", "--set solver.h", "solver", NULL},          /* unknown section */
    {"update.scheme=sgd", "--set update.scheme", "'scheme'", "'sgd'"},
};

/* ganstab_case_validate after setup[] (each set at "t.ini:<1-based index>"). */
typedef struct {
    const char *label;
    const char *setup[6][3];
    const char *where, *n1, *n2, *n3;
} bad_validate;

static const bad_validate BAD_VALIDATE[] = {
    {"model missing", {{0}}, "t.ini", "case.model", NULL, NULL},
    {"momentum without beta",
     {{"case", "model", "dirac"}, {"update", "scheme", "momentum"}, {"update", "h", "0.1"}},
     "t.ini:2",
     "update.beta",
     "update.scheme = momentum",
     NULL},
    {"complex-momentum without beta_im",
     {{"case", "model", "dirac"},
      {"update", "scheme", "complex-momentum"},
      {"update", "h", "0.1"},
      {"update", "beta", "0.5"}},
     "t.ini:2",
     "update.beta_im",
     "complex-momentum",
     NULL},
    {"lookahead without base",
     {{"case", "model", "dirac"}, {"update", "scheme", "lookahead"}, {"update", "h", "0.1"}},
     "t.ini:2",
     "update.base",
     "lookahead",
     NULL},
    {"lookahead over ttur without hd",
     {{"case", "model", "dirac"},
      {"update", "scheme", "lookahead"},
      {"update", "base", "ttur"},
      {"update", "hg", "0.1"}},
     "t.ini:2",
     "update.hd",
     "lookahead",
     NULL},
    {"sga without lambda",
     {{"case", "model", "dirac"}, {"update", "scheme", "sga"}, {"update", "h", "0.1"}},
     "t.ini:2",
     "update.lambda",
     "sga",
     NULL},
    {"conopt step without gamma",
     {{"case", "model", "dirac"}, {"update", "scheme", "conopt"}, {"update", "h", "0.1"}},
     "t.ini:2",
     "update.gamma",
     "conopt",
     NULL},
    {"beta with simgd",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"update", "beta", "0.5"}},
     "t.ini:4",
     "'beta'",
     "does not apply",
     "simgd"},
    {"alpha without lookahead",
     {{"case", "model", "dirac"},
      {"update", "scheme", "extragradient"},
      {"update", "h", "0.1"},
      {"update", "alpha", "0.5"}},
     "t.ini:4",
     "'alpha'",
     "not lookahead",
     NULL},
    {"aligned is sga's variant",
     {{"case", "model", "dirac"},
      {"update", "scheme", "momentum"},
      {"update", "h", "0.1"},
      {"update", "beta", "0.5"},
      {"update", "variant", "aligned"}},
     "t.ini:5",
     "'variant'",
     "simultaneous or alternating",
     "'aligned'"},
    {"cgd needs players",
     {{"case", "model", "expr"},
      {"model", "state", "x, y"},
      {"model", "field", "-y; x"},
      {"model", "equilibrium", "0, 0"},
      {"update", "scheme", "cgd"},
      {"update", "h", "0.1"}},
     "t.ini:5",
     "cgd",
     "players",
     NULL},
    {"gp without gamma",
     {{"case", "model", "dirac"}, {"regularizer", "kind", "gp"}},
     "t.ini:2",
     "regularizer.gamma",
     "regularizer.kind = gp",
     NULL},
    {"noise without sigma",
     {{"case", "model", "dirac"}, {"update", "scheme", "flow"}, {"regularizer", "kind", "noise"}},
     "t.ini:3",
     "regularizer.sigma",
     "noise",
     NULL},
    {"simgd without h",
     {{"case", "model", "dirac"}, {"update", "scheme", "simgd"}},
     "t.ini:2",
     "update.h",
     "update.scheme = simgd",
     NULL},
    {"altgd without h",
     {{"case", "model", "dirac"}, {"update", "hg", "0.1"}, {"update", "scheme", "altgd"}},
     "t.ini:3",
     "update.h",
     "altgd",
     NULL},
    {"ttur without hd",
     {{"case", "model", "dirac"}, {"update", "scheme", "ttur"}, {"update", "hg", "0.1"}},
     "t.ini:2",
     "update.hd",
     "ttur",
     NULL},
    {"ttur without hg",
     {{"case", "model", "dirac"}, {"update", "scheme", "ttur"}, {"update", "hd", "0.1"}},
     "t.ini:2",
     "update.hg",
     "ttur",
     NULL},
    {"critical from > to",
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "gp"},
      {"regularizer", "gamma", "0.5"},
      {"critical", "param", "regularizer.gamma"},
      {"critical", "from", "2"},
      {"critical", "to", "1"}},
     "t.ini:6",
     "'to'",
     "critical.from (2)",
     "got 1"},
    {"critical from == to",
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "gp"},
      {"regularizer", "gamma", "0.5"},
      {"critical", "param", "regularizer.gamma"},
      {"critical", "to", "1.5"},
      {"critical", "from", "1.5"}},
     "t.ini:5",
     "'to'",
     "got 1.5",
     NULL},
    {"critical param without effect",
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "noise"},
      {"regularizer", "sigma", "1"},
      {"critical", "param", "regularizer.gamma"},
      {"critical", "from", "0"},
      {"critical", "to", "4"}},
     "t.ini:4",
     "'regularizer.gamma'",
     "no effect",
     "has no gamma"},
    {"critical missing to",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"critical", "param", "update.h"},
      {"critical", "from", "0.5"}},
     "t.ini",
     "critical.to",
     "missing",
     NULL},
    {"critical sweep leaves the domain",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"critical", "param", "update.h"},
      {"critical", "from", "-1"},
      {"critical", "to", "2"}},
     "t.ini:5",
     "update.h",
     "positive",
     "-1"},
    {"sweep without steps",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"sweep", "param", "update.h"},
      {"sweep", "from", "0.1"},
      {"sweep", "to", "1"}},
     "t.ini",
     "[sweep]",
     "sweep.steps",
     NULL},
    {"sweep of a parameter without effect",
     {{"case", "model", "dirac"},
      {"sweep", "param", "update.h"},
      {"sweep", "from", "0.1"},
      {"sweep", "to", "1"},
      {"sweep", "steps", "4"}},
     "t.ini:2",
     "'update.h'",
     "no effect",
     NULL},
    {"optimize range outside the domain",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"optimize", "param", "update.h"},
      {"optimize", "from", "-1"},
      {"optimize", "to", "1"}},
     "t.ini:4",
     "update.h",
     "positive",
     "-1"},
    {"map with the same parameter twice",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"map", "x", "update.h 0.1 1 3"},
      {"map", "y", "update.h 0.1 2 3"}},
     "t.ini:5",
     "map.x",
     "'update.h'",
     NULL},
    {"map of an integer with a fractional step",
     {{"case", "model", "dirac"},
      {"update", "scheme", "altgd"},
      {"update", "h", "0.1"},
      {"map", "x", "update.h 0.1 1 3"},
      {"map", "y", "update.nd 1 4 3"}},
     "t.ini:5",
     "integer",
     "multiple of 2",
     NULL},
    {"map without y",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"map", "x", "update.h 0.1 1 3"}},
     "t.ini",
     "[map]",
     "map.y",
     NULL},
    {"optimize with only from",
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"optimize", "param", "update.h"},
      {"optimize", "from", "0.5"}},
     "t.ini:5",
     "both",
     NULL,
     NULL},
    {"optimize of a zero parameter without a range",
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "gp"},
      {"regularizer", "gamma", "0"},
      {"optimize", "param", "regularizer.gamma"}},
     "t.ini:4",
     "no scale",
     "regularizer.gamma",
     NULL},
    {"plot axes not state names",
     {{"case", "model", "lq2d"}, {"plot", "axes", "theta, psi"}},
     "t.ini:2",
     "'theta'",
     "model lq2d",
     "(a, w2)"},
    {"plot axes on a six-dimensional state",
     {{"case", "model", "gmm"},
      {"model", "mu_star", "-1 1"},
      {"model", "disc", "-2 0 0 2"},
      {"plot", "axes", "mu1 mu2"}},
     "t.ini:4",
     "two-dimensional",
     "6 components",
     NULL},
    {"plot window on a six-dimensional state",
     {{"case", "model", "gmm"},
      {"model", "mu_star", "-1 1"},
      {"model", "disc", "-2 0 0 2"},
      {"plot", "window", "-1 1 -1 1"}},
     "t.ini:4",
     "'window'",
     "model gmm",
     NULL},
};

/* ganstab_case_param_lookup(name) in a case with regularizer.kind = kind, update.scheme =
 * scheme; location "--param". */
typedef struct {
    const char *kind, *scheme, *name, *n1, *n2, *n3;
} bad_lookup;

static const bad_lookup BAD_LOOKUP[] = {
    {"gp", "flow", "regularizer.etta", "unknown parameter", "'regularizer.etta'", NULL},
    {"gp", "flow", "regularizer.eta", "no effect", "'regularizer.eta'", "not nk"},
    {"gp", "flow", "update.scheme", "'update.scheme'", "can be varied", NULL},
    {"gp", "flow", "critical.from", "'critical.from'", "can be varied", NULL},
    {"none", "simgd", "update.hd", "'update.hd'", "no effect", "not ttur"},
    {"none", "flow", "update.h", "'update.h'", "no effect", "flow or ttur"},
    {"noise", "flow", "regularizer.gamma", "'regularizer.gamma'", "no effect", "has no gamma"},
    {"gp", "flow", "regularizer.sigma", "'regularizer.sigma'", "no effect", "not noise"},
};

/* ganstab_case_param_set(key, value) at location `where`. */
typedef struct {
    ganstab_case_key key;
    double value;
    const char *where, *n1, *n2, *n3;
} bad_param_set;

static const bad_param_set BAD_PARAM_SET[] = {
    {GANSTAB_KEY_UPDATE_H, -1.0, "--from", "update.h", "-1", "positive"},
    {GANSTAB_KEY_UPDATE_H, 0.0, "--from", "update.h", "got 0", NULL},
    {GANSTAB_KEY_UPDATE_HG, -0.0, "--from", "update.hg", "positive", NULL},
    {GANSTAB_KEY_REG_GAMMA, NAN, "--from", "regularizer.gamma", "nan", NULL},
    {GANSTAB_KEY_REG_SIGMA, -0.5, "--to", "regularizer.sigma", "-0.5", ">= 0"},
    {GANSTAB_KEY_UPDATE_HD, INFINITY, "--to", "update.hd", "inf", NULL},
    {GANSTAB_KEY_UPDATE_NG, 2.5, "--to", "update.ng", "integer", "2.5"},
    {GANSTAB_KEY_UPDATE_ND, 0.0, "--from", "update.nd", "1..1000", "got 0"},
    {GANSTAB_KEY_UPDATE_ND, 1001.0, "--to", "update.nd", "1001", NULL},
    {GANSTAB_KEY_CRITICAL_SCAN, 20.0, "--to", "critical.scan", "not a numeric parameter", NULL},
};

static void test_bad_inputs(void **state)
{
    (void)state;
    /* the brief asks for at least 25 bad inputs across the entry points */
    assert_true(TESTUTIL_COUNT(BAD_SET) + TESTUTIL_COUNT(BAD_ASSIGNMENT) +
                    TESTUTIL_COUNT(BAD_VALIDATE) + TESTUTIL_COUNT(BAD_LOOKUP) +
                    TESTUTIL_COUNT(BAD_PARAM_SET) >=
                25);
    ganstab_case c, before;
    ganstab_error err;
    char label[160];

    for (size_t i = 0; i < TESTUTIL_COUNT(BAD_SET); i++) {
        const bad_set *b = &BAD_SET[i];
        snprintf(label, sizeof label, "case_set %s.%s = '%s'", b->section, b->key, b->value);
        ganstab_case_init(&c, "t.ini");
        before = c;
        ganstab_error_clear(&err);
        int rc = ganstab_case_set(&c, b->section, b->key, b->value, SET_WHERE, &err);
        expect_refusal(rc, &err, SET_WHERE, label, b->n1, b->n2, b->n3);
        expect_unchanged(&before, &c, label);
    }

    for (size_t i = 0; i < TESTUTIL_COUNT(BAD_ASSIGNMENT); i++) {
        const bad_assignment *b = &BAD_ASSIGNMENT[i];
        snprintf(label, sizeof label, "--set '%s'", b->assignment);
        ganstab_case_init(&c, "t.ini");
        before = c;
        ganstab_error_clear(&err);
        int rc = ganstab_case_set_assignment(&c, b->assignment, &err);
        expect_refusal(rc, &err, b->where, label, b->n1, b->n2, NULL);
        expect_unchanged(&before, &c, label);
    }

    for (size_t i = 0; i < TESTUTIL_COUNT(BAD_VALIDATE); i++) {
        const bad_validate *b = &BAD_VALIDATE[i];
        ganstab_case_init(&c, "t.ini");
        for (size_t s = 0; s < 6 && b->setup[s][0] != NULL; s++) {
            char where[32];
            snprintf(where, sizeof where, "t.ini:%zu", s + 1);
            set_ok(&c, b->setup[s][0], b->setup[s][1], b->setup[s][2], where);
        }
        before = c;
        ganstab_error_clear(&err);
        int rc = ganstab_case_validate(&c, &err);
        expect_refusal(rc, &err, b->where, b->label, b->n1, b->n2, b->n3);
        expect_unchanged(&before, &c, b->label);
    }

    for (size_t i = 0; i < TESTUTIL_COUNT(BAD_LOOKUP); i++) {
        const bad_lookup *b = &BAD_LOOKUP[i];
        snprintf(label, sizeof label, "param_lookup '%s' (kind %s, scheme %s)", b->name, b->kind,
                 b->scheme);
        ganstab_case_init(&c, "t.ini");
        set_ok(&c, "regularizer", "kind", b->kind, "t.ini:1");
        set_ok(&c, "update", "scheme", b->scheme, "t.ini:2");
        ganstab_case_key key = GANSTAB_CASE_NKEYS;
        ganstab_error_clear(&err);
        int rc = ganstab_case_param_lookup(&c, b->name, "--param", &key, &err);
        expect_refusal(rc, &err, "--param", label, b->n1, b->n2, b->n3);
        assert_int_equal(key, GANSTAB_CASE_NKEYS); /* not written on failure */
    }

    for (size_t i = 0; i < TESTUTIL_COUNT(BAD_PARAM_SET); i++) {
        const bad_param_set *b = &BAD_PARAM_SET[i];
        snprintf(label, sizeof label, "param_set %s = %g", ganstab_case_key_name(b->key), b->value);
        ganstab_case_init(&c, "t.ini");
        before = c;
        ganstab_error_clear(&err);
        int rc = ganstab_case_param_set(&c, b->key, b->value, b->where, &err);
        expect_refusal(rc, &err, b->where, label, b->n1, b->n2, b->n3);
        expect_unchanged(&before, &c, label);
    }
}

/* A refused value keeps the previous one (and its location). */
static void test_refused_value_keeps_previous(void **state)
{
    (void)state;
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    set_ok(&c, "update", "h", "0.5", "t.ini:3");
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_set(&c, "update", "h", "-2", "t.ini:9", &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_close(c.update.h, 0.5, EXACT);
    assert_string_equal(c.where[GANSTAB_KEY_UPDATE_H], "t.ini:3");
}

static ganstab_case valid_case(const char *const (*kv)[3], size_t n)
{
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    for (size_t i = 0; i < n; i++)
        set_ok(&c, kv[i][0], kv[i][1], kv[i][2], "t.ini:1");
    return c;
}

static void test_validate_accepts(void **state)
{
    (void)state;
    static const char *const ok1[][3] = {{"case", "model", "dirac"}};
    static const char *const ok2[][3] = {
        {"case", "model", "dirac"},   {"regularizer", "kind", "gp"}, {"regularizer", "gamma", "0"},
        {"update", "scheme", "ttur"}, {"update", "hg", "0.1"},       {"update", "hd", "0.2"}};
    static const char *const ok3[][3] = {
        {"case", "model", "dirac"},    {"regularizer", "kind", "noise"},
        {"regularizer", "sigma", "1"}, {"update", "scheme", "altgd"},
        {"update", "h", "0.1"},        {"critical", "param", "update.h"},
        {"critical", "from", "0.01"},  {"critical", "to", "6"}};
    /* gamma sweep from 0 is inside gamma's domain (>= 0) */
    static const char *const ok4[][3] = {
        {"case", "model", "dirac"},    {"regularizer", "kind", "gp"},
        {"regularizer", "gamma", "1"}, {"critical", "param", "regularizer.gamma"},
        {"critical", "from", "0"},     {"critical", "to", "4"}};
    ganstab_error err;
    ganstab_case c = valid_case(ok1, TESTUTIL_COUNT(ok1));
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
    c = valid_case(ok2, TESTUTIL_COUNT(ok2));
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
    c = valid_case(ok3, TESTUTIL_COUNT(ok3));
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
    c = valid_case(ok4, TESTUTIL_COUNT(ok4));
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
}

static void test_param_lookup_set_get(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *scheme, *name;
        ganstab_case_key key;
    } table[] = {
        {"gp", "flow", "regularizer.gamma", GANSTAB_KEY_REG_GAMMA},
        {"noise", "flow", "regularizer.sigma", GANSTAB_KEY_REG_SIGMA},
        {"none", "simgd", "update.h", GANSTAB_KEY_UPDATE_H},
        {"none", "altgd", "update.h", GANSTAB_KEY_UPDATE_H},
        {"none", "ttur", "update.hg", GANSTAB_KEY_UPDATE_HG},
        {"gp", "ttur", "update.hd", GANSTAB_KEY_UPDATE_HD},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_case c;
        ganstab_case_init(&c, NULL);
        set_ok(&c, "regularizer", "kind", table[i].kind, "x");
        set_ok(&c, "update", "scheme", table[i].scheme, "x");
        ganstab_error err;
        ganstab_error_clear(&err);
        ganstab_case_key key = GANSTAB_CASE_NKEYS;
        assert_int_equal(ganstab_case_param_lookup(&c, table[i].name, "--param", &key, &err),
                         GANSTAB_OK);
        assert_int_equal(key, table[i].key);
        assert_int_equal(ganstab_case_param_set(&c, key, 0.375, "--from", &err), GANSTAB_OK);
        assert_close(ganstab_case_param_get(&c, key), 0.375, EXACT);
        assert_int_equal(c.set[key], 1);
    }
    ganstab_case c;
    ganstab_case_init(&c, NULL);
    assert_true(isnan(ganstab_case_param_get(&c, GANSTAB_KEY_CRITICAL_SCAN)));
    /* the integer parameters of altgd: looked up only where they act, set to integers */
    static const char *const ints[] = {"update.ng", "update.nd"};
    for (size_t i = 0; i < TESTUTIL_COUNT(ints); i++) {
        ganstab_case a;
        ganstab_case_init(&a, NULL);
        set_ok(&a, "update", "scheme", "altgd", "x");
        ganstab_error e;
        ganstab_error_clear(&e);
        ganstab_case_key key = GANSTAB_CASE_NKEYS;
        assert_int_equal(ganstab_case_param_lookup(&a, ints[i], "--param", &key, &e), GANSTAB_OK);
        assert_true(ganstab_case_param_is_integer(key));
        assert_close(ganstab_case_param_get(&a, key), 1.0, EXACT);
        assert_int_equal(ganstab_case_param_set(&a, key, 7.0, "--from", &e), GANSTAB_OK);
        assert_close(ganstab_case_param_get(&a, key), 7.0, EXACT);
        assert_int_equal(i == 0 ? a.update.ng : a.update.nd, 7);
        set_ok(&a, "update", "scheme", "simgd", "x");
        assert_error(ganstab_case_param_lookup(&a, ints[i], "--param", &key, &e), GANSTAB_EINVAL,
                     &e);
        assert_non_null(strstr(e.message, "not altgd"));
    }
    assert_false(ganstab_case_param_is_integer(GANSTAB_KEY_UPDATE_H));
    /* boundaries: gamma = sigma = 0 accepted, h must be > 0 */
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_REG_GAMMA, 0.0, "x", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_REG_SIGMA, 0.0, "x", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_UPDATE_H, 1e-300, "x", &err),
                     GANSTAB_OK);
    assert_close(c.update.h, 1e-300, EXACT);
}

static int find_param(const ganstab_case_param *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ganstab_case_parameters: the parameters that affect the case, in report order. */
static void test_parameters_per_scheme(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *scheme;
        const char *names[10];
    } table[] = {
        {"none", "flow", {"case.model", "case.loss", "regularizer.kind", "update.scheme"}},
        {"gp",
         "flow",
         {"case.model", "case.loss", "regularizer.kind", "regularizer.gamma", "update.scheme"}},
        {"noise",
         "simgd",
         {"case.model", "case.loss", "regularizer.kind", "regularizer.sigma", "update.scheme",
          "update.h"}},
        {"none",
         "altgd",
         {"case.model", "case.loss", "regularizer.kind", "update.scheme", "update.h", "update.ng",
          "update.nd", "update.order"}},
        {"gp",
         "ttur",
         {"case.model", "case.loss", "regularizer.kind", "regularizer.gamma", "update.scheme",
          "update.hg", "update.hd"}},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_case c;
        ganstab_case_init(&c, NULL);
        set_ok(&c, "case", "model", "dirac", "x");
        set_ok(&c, "case", "loss", "wgan", "x");
        set_ok(&c, "regularizer", "kind", table[i].kind, "x");
        set_ok(&c, "regularizer", "gamma", "0.5", "x");
        set_ok(&c, "regularizer", "sigma", "1.25", "x");
        set_ok(&c, "update", "scheme", table[i].scheme, "x");
        set_ok(&c, "update", "h", "0.1", "x");
        set_ok(&c, "update", "hg", "0.2", "x");
        set_ok(&c, "update", "hd", "0.3", "x");
        set_ok(&c, "update", "ng", "2", "x");
        set_ok(&c, "update", "nd", "5", "x");
        set_ok(&c, "update", "order", "disc-first", "x");
        ganstab_case_param p[16];
        size_t n = ganstab_case_parameters(&c, p, TESTUTIL_COUNT(p));
        size_t expect_n = 0;
        while (expect_n < 10 && table[i].names[expect_n] != NULL)
            expect_n++;
        assert_int_equal(n, expect_n);
        for (size_t k = 0; k < n; k++)
            assert_string_equal(p[k].name, table[i].names[k]);
        /* values */
        int j;
        assert_string_equal(p[find_param(p, n, "case.model")].text, "dirac");
        assert_string_equal(p[find_param(p, n, "case.loss")].text, "wgan");
        assert_string_equal(p[find_param(p, n, "regularizer.kind")].text, table[i].kind);
        assert_string_equal(p[find_param(p, n, "update.scheme")].text, table[i].scheme);
        assert_false(p[find_param(p, n, "update.scheme")].is_number);
        if ((j = find_param(p, n, "regularizer.gamma")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.5);
        if ((j = find_param(p, n, "regularizer.sigma")) >= 0)
            assert_true(p[j].is_number && p[j].number == 1.25);
        if ((j = find_param(p, n, "update.h")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.1);
        if ((j = find_param(p, n, "update.hg")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.2);
        if ((j = find_param(p, n, "update.hd")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.3);
        if ((j = find_param(p, n, "update.ng")) >= 0)
            assert_true(p[j].is_number && p[j].number == 2.0);
        if ((j = find_param(p, n, "update.nd")) >= 0)
            assert_true(p[j].is_number && p[j].number == 5.0);
        if ((j = find_param(p, n, "update.order")) >= 0)
            assert_string_equal(p[j].text, "disc-first");
        /* a short buffer: the full count is returned, only max entries are written */
        ganstab_case_param small[2];
        memset(small, 0, sizeof small);
        assert_int_equal(ganstab_case_parameters(&c, small, 2), expect_n);
        assert_string_equal(small[0].name, "case.model");
        assert_string_equal(small[1].name, "case.loss");
        assert_int_equal(ganstab_case_parameters(&c, NULL, 0), expect_n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_key_names_and_sections),
        cmocka_unit_test(test_every_key_sets_its_field),
        cmocka_unit_test(test_set_assignment),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_refused_value_keeps_previous),
        cmocka_unit_test(test_validate_accepts),
        cmocka_unit_test(test_param_lookup_set_get),
        cmocka_unit_test(test_parameters_per_scheme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

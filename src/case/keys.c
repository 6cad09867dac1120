/* The case file's keys (case.h): the declarative key table with its offsetof column, section
 * and key names, a case's defaults (ganstab_case_init), parameter lookup by name. */
#include "ganstab/case.h"

#include "ganstab/gmm_heatmap.h" /* [heatmap] defaults and dynamics names */

#include "ganstab/critical.h"
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"

/* Indexed by ganstab_case_key. */
/* Where a number or count key is held in the case (the offsetof column): REAL, a double; PARAM,
 * a double that critical/sweep/map/optimize may vary; UINT, an unsigned; SIZE, a size_t. */
#define REAL(member) CASE_FIELD_DOUBLE, offsetof(ganstab_case, member), 0
#define PARAM(member) CASE_FIELD_DOUBLE, offsetof(ganstab_case, member), 1
#define UINT(member) CASE_FIELD_UNSIGNED, offsetof(ganstab_case, member), 0
#define SIZE(member) CASE_FIELD_SIZE, offsetof(ganstab_case, member), 0
#define NOFIELD CASE_FIELD_NONE, 0, 0

const ganstab_case_key_spec ganstab_case_key_table[GANSTAB_CASE_NKEYS] = {
    [GANSTAB_KEY_CASE_TITLE] = {"case.title", "case", "title", KEY_TEXT, DOM_ANY, NULL, NULL,
                                NOFIELD},
    [GANSTAB_KEY_CASE_MODEL] = {"case.model", "case", "model", KEY_CHOICE, DOM_ANY,
                                "dirac|lq2d|lq|gmm|expr|matrix", NULL, NOFIELD},
    [GANSTAB_KEY_CASE_LOSS] = {"case.loss", "case", "loss", KEY_CHOICE, DOM_ANY,
                               "standard|wgan|nonsaturating", NULL, NOFIELD},
    [GANSTAB_KEY_REG_KIND] = {"regularizer.kind", "regularizer", "kind", KEY_CHOICE, DOM_ANY,
                              "none|gp|noise|r1|r2|wgan-gp|dragan|conopt|nk", NULL, NOFIELD},
    [GANSTAB_KEY_REG_GAMMA] = {"regularizer.gamma", "regularizer", "gamma", KEY_NUMBER, DOM_NONNEG,
                               NULL, NULL, PARAM(gamma)},
    [GANSTAB_KEY_REG_SIGMA] = {"regularizer.sigma", "regularizer", "sigma", KEY_NUMBER, DOM_NONNEG,
                               NULL, NULL, PARAM(sigma)},
    [GANSTAB_KEY_REG_ETA] = {"regularizer.eta", "regularizer", "eta", KEY_NUMBER, DOM_NONNEG, NULL,
                             NULL, PARAM(eta)},
    [GANSTAB_KEY_REG_G0] = {"regularizer.g0", "regularizer", "g0", KEY_NUMBER, DOM_POSITIVE, NULL,
                            NULL, PARAM(g0)},
    [GANSTAB_KEY_REG_CLIP] = {"regularizer.clip", "regularizer", "clip", KEY_NUMBER, DOM_POSITIVE,
                              NULL, NULL, REAL(clip)},
    [GANSTAB_KEY_UPDATE_SCHEME] =
        {"update.scheme", "update", "scheme", KEY_CHOICE, DOM_ANY,
         "flow|simgd|altgd|ttur|optimal|unrolled|extragradient|optimistic|momentum|"
         "complex-momentum|lookahead|sga|cgd|conopt",
         NULL, NOFIELD},
    [GANSTAB_KEY_UPDATE_H] = {"update.h", "update", "h", KEY_NUMBER, DOM_POSITIVE, NULL, NULL,
                              PARAM(update.h)},
    [GANSTAB_KEY_UPDATE_HG] = {"update.hg", "update", "hg", KEY_NUMBER, DOM_POSITIVE, NULL, NULL,
                               PARAM(update.hg)},
    [GANSTAB_KEY_UPDATE_HD] = {"update.hd", "update", "hd", KEY_NUMBER, DOM_POSITIVE, NULL, NULL,
                               PARAM(update.hd)},
    [GANSTAB_KEY_UPDATE_NG] = {"update.ng", "update", "ng", KEY_COUNT, DOM_POSITIVE, NULL, NULL,
                               UINT(update.ng)},
    [GANSTAB_KEY_UPDATE_ND] = {"update.nd", "update", "nd", KEY_COUNT, DOM_POSITIVE, NULL, NULL,
                               UINT(update.nd)},
    [GANSTAB_KEY_UPDATE_ORDER] = {"update.order", "update", "order", KEY_CHOICE, DOM_ANY,
                                  "gen-first|disc-first", NULL, NOFIELD},
    [GANSTAB_KEY_CRITICAL_PARAM] = {"critical.param", "critical", "param", KEY_TEXT, DOM_ANY, NULL,
                                    NULL, NOFIELD},
    [GANSTAB_KEY_CRITICAL_FROM] = {"critical.from", "critical", "from", KEY_NUMBER, DOM_ANY, NULL,
                                   NULL, REAL(critical_from)},
    [GANSTAB_KEY_CRITICAL_TO] = {"critical.to", "critical", "to", KEY_NUMBER, DOM_ANY, NULL, NULL,
                                 REAL(critical_to)},
    [GANSTAB_KEY_CRITICAL_SCAN] = {"critical.scan", "critical", "scan", KEY_COUNT, DOM_POSITIVE,
                                   NULL, NULL, SIZE(critical_scan)},
    [GANSTAB_KEY_TABLE1_METHOD] = {"table1.method", "table1", "method", KEY_TEXT, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_TABLE1_PAPER] = {"table1.paper", "table1", "paper", KEY_CHOICE, DOM_ANY,
                                  "does-not-converge|converges", NULL, NOFIELD},
    [GANSTAB_KEY_TABLE1_PAPER_AC] = {"table1.paper_ac", "table1", "paper_ac", KEY_CHOICE, DOM_ANY,
                                     "does-not-converge|converges", NULL, NOFIELD},
    [GANSTAB_KEY_TABLE1_H] = {"table1.h", "table1", "h", KEY_NUMBER, DOM_POSITIVE, NULL, NULL,
                              REAL(table1_h)},
    [GANSTAB_KEY_TABLE1_STEPS] = {"table1.steps", "table1", "steps", KEY_COUNT, DOM_POSITIVE, NULL,
                                  NULL, SIZE(table1_steps)},
    [GANSTAB_KEY_TABLE1_NOTE] = {"table1.note", "table1", "note", KEY_TEXT, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_MODEL_DIM] = {"model.dim", "model", "dim", KEY_LQ, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_MEAN] = {"model.mean", "model", "mean", KEY_LQ, DOM_ANY, NULL, NULL,
                                NOFIELD},
    [GANSTAB_KEY_MODEL_COV] = {"model.cov", "model", "cov", KEY_LQ, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_MU_STAR] = {"model.mu_star", "model", "mu_star", KEY_GMM, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_DISC] = {"model.disc", "model", "disc", KEY_GMM, DOM_ANY, NULL, NULL,
                                NOFIELD},
    [GANSTAB_KEY_MODEL_MODE_COLLAPSE] = {"model.mode_collapse", "model", "mode_collapse", KEY_GMM,
                                         DOM_POSITIVE, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_UPDATE_UNROLL] = {"update.unroll", "update", "unroll", KEY_COUNT, DOM_POSITIVE,
                                   NULL, NULL, UINT(unroll)},
    [GANSTAB_KEY_UPDATE_HE] = {"update.he", "update", "he", KEY_NUMBER, DOM_POSITIVE, NULL, NULL,
                               PARAM(update.he)},
    [GANSTAB_KEY_UPDATE_BETA] = {"update.beta", "update", "beta", KEY_NUMBER, DOM_ANY, NULL, NULL,
                                 PARAM(update.beta)},
    [GANSTAB_KEY_UPDATE_BETA_IM] = {"update.beta_im", "update", "beta_im", KEY_NUMBER, DOM_ANY,
                                    NULL, NULL, PARAM(update.beta_im)},
    [GANSTAB_KEY_UPDATE_VARIANT] = {"update.variant", "update", "variant", KEY_CHOICE, DOM_ANY,
                                    "simultaneous|alternating|plain|aligned", NULL, NOFIELD},
    [GANSTAB_KEY_UPDATE_BASE] = {"update.base", "update", "base", KEY_CHOICE, DOM_ANY,
                                 "simgd|altgd|ttur|extragradient|sga|cgd|conopt", NULL, NOFIELD},
    [GANSTAB_KEY_UPDATE_K] = {"update.k", "update", "k", KEY_COUNT, DOM_POSITIVE, NULL, NULL,
                              UINT(update.k)},
    [GANSTAB_KEY_UPDATE_ALPHA] = {"update.alpha", "update", "alpha", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL, PARAM(update.alpha)},
    [GANSTAB_KEY_UPDATE_LAMBDA] = {"update.lambda", "update", "lambda", KEY_NUMBER, DOM_ANY, NULL,
                                   NULL, PARAM(update.lambda)},
    [GANSTAB_KEY_UPDATE_GAMMA] = {"update.gamma", "update", "gamma", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL, PARAM(update.gamma)},
    [GANSTAB_KEY_COMPARE_OPTIMIZER] = {"compare.optimizer", "compare", "optimizer", KEY_COMPARE,
                                       DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_COMPARE_FROM] = {"compare.from", "compare", "from", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL, REAL(compare_from)},
    [GANSTAB_KEY_COMPARE_TO] = {"compare.to", "compare", "to", KEY_NUMBER, DOM_POSITIVE, NULL, NULL,
                                REAL(compare_to)},
    [GANSTAB_KEY_SIMULATE_SCHEME] =
        {"simulate.scheme", "simulate", "scheme", KEY_CHOICE, DOM_ANY,
         "flow|simgd|altgd|ttur|optimal|unrolled|extragradient|optimistic|momentum|"
         "complex-momentum|lookahead|sga|cgd|conopt",
         NULL, NOFIELD},
    [GANSTAB_KEY_SIMULATE_INIT] = {"simulate.init", "simulate", "init", KEY_SIM, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_SIMULATE_STEPS] = {"simulate.steps", "simulate", "steps", KEY_SIM, DOM_POSITIVE,
                                    NULL, NULL, NOFIELD},
    [GANSTAB_KEY_SIMULATE_T_END] = {"simulate.t_end", "simulate", "t_end", KEY_NUMBER, DOM_POSITIVE,
                                    NULL, NULL, REAL(sim_t_end)},
    [GANSTAB_KEY_SIMULATE_EXPECT] = {"simulate.expect", "simulate", "expect", KEY_SIM, DOM_ANY,
                                     NULL, NULL, NOFIELD},
    [GANSTAB_KEY_PLACEMENTS_L1] = {"placements.l1", "placements", "l1", KEY_AXIS, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_PLACEMENTS_L2] = {"placements.l2", "placements", "l2", KEY_AXIS, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_GENERATOR] = {"model.generator", "model", "generator", KEY_EXPR, DOM_ANY,
                                     NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_DISCRIMINATOR] = {"model.discriminator", "model", "discriminator", KEY_EXPR,
                                         DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_STATE] = {"model.state", "model", "state", KEY_EXPR, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_MODEL_PAYOFF] = {"model.payoff", "model", "payoff", KEY_EXPR, DOM_ANY, NULL, NULL,
                                  NOFIELD},
    [GANSTAB_KEY_MODEL_GENERATOR_PAYOFF] = {"model.generator_payoff", "model", "generator_payoff",
                                            KEY_EXPR, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_FIELD] = {"model.field", "model", "field", KEY_EXPR, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_MODEL_EQUILIBRIUM] = {"model.equilibrium", "model", "equilibrium", KEY_EXPR,
                                       DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_GUESS] = {"model.guess", "model", "guess", KEY_EXPR, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_MODEL_DATA] = {"model.data", "model", "data", KEY_EXPR, DOM_ANY, NULL, NULL,
                                NOFIELD},
    [GANSTAB_KEY_MODEL_DYNAMICS] = {"model.dynamics", "model", "dynamics", KEY_CHOICE, DOM_ANY,
                                    "flow|map", NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_NODES] = {"model.nodes", "model", "nodes", KEY_EXPR, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_CRITICAL_EXPECT] = {"critical.expect", "critical", "expect", KEY_EXPECT, DOM_ANY,
                                     NULL, NULL, NOFIELD},
    [GANSTAB_KEY_HEATMAP_DYNAMICS] = {"heatmap.dynamics", "heatmap", "dynamics", KEY_HEATMAP,
                                      DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_HEATMAP_GRID] = {"heatmap.grid", "heatmap", "grid", KEY_HEATMAP, DOM_POSITIVE,
                                  NULL, NULL, NOFIELD},
    [GANSTAB_KEY_HEATMAP_INITS] = {"heatmap.inits", "heatmap", "inits", KEY_HEATMAP, DOM_POSITIVE,
                                   NULL, NULL, NOFIELD},
    [GANSTAB_KEY_HEATMAP_ITERS] = {"heatmap.iters", "heatmap", "iters", KEY_HEATMAP, DOM_POSITIVE,
                                   NULL, NULL, NOFIELD},
    [GANSTAB_KEY_HEATMAP_STEP] = {"heatmap.step", "heatmap", "step", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL, REAL(heatmap_step)},
    [GANSTAB_KEY_HEATMAP_SEED] = {"heatmap.seed", "heatmap", "seed", KEY_HEATMAP, DOM_NONNEG, NULL,
                                  NULL, NOFIELD},
    [GANSTAB_KEY_SWEEP_PARAM] = {"sweep.param", "sweep", "param", KEY_STUDY, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_SWEEP_FROM] = {"sweep.from", "sweep", "from", KEY_STUDY, DOM_ANY, NULL, NULL,
                                NOFIELD},
    [GANSTAB_KEY_SWEEP_TO] = {"sweep.to", "sweep", "to", KEY_STUDY, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_SWEEP_STEPS] = {"sweep.steps", "sweep", "steps", KEY_STUDY, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_MAP_X] = {"map.x", "map", "x", KEY_STUDY, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MAP_Y] = {"map.y", "map", "y", KEY_STUDY, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MAP_SCAN] = {"map.scan", "map", "scan", KEY_STUDY, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_OPTIMIZE_PARAM] = {"optimize.param", "optimize", "param", KEY_STUDY, DOM_ANY, NULL,
                                    NULL, NOFIELD},
    [GANSTAB_KEY_OPTIMIZE_FROM] = {"optimize.from", "optimize", "from", KEY_STUDY, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_OPTIMIZE_TO] = {"optimize.to", "optimize", "to", KEY_STUDY, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_OPTIMIZE_SCAN] = {"optimize.scan", "optimize", "scan", KEY_STUDY, DOM_ANY, NULL,
                                   NULL, NOFIELD},
    [GANSTAB_KEY_PLOT_FIGURE] = {"plot.figure", "plot", "figure", KEY_PLOT, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_PLOT_AXES] = {"plot.axes", "plot", "axes", KEY_PLOT, DOM_ANY, NULL, NULL, NOFIELD},
    [GANSTAB_KEY_PLOT_WINDOW] = {"plot.window", "plot", "window", KEY_PLOT, DOM_ANY, NULL, NULL,
                                 NOFIELD},
    [GANSTAB_KEY_MODEL_JACOBIAN] = {"model.jacobian", "model", "jacobian", KEY_MATRIX, DOM_ANY,
                                    NULL, NULL, NOFIELD},
    [GANSTAB_KEY_MODEL_GENERATOR_DIM] = {"model.generator_dim", "model", "generator_dim",
                                         KEY_MATRIX, DOM_ANY, NULL, NULL, NOFIELD},
};

static const char *const SECTIONS[] = {"case",   "regularizer", "update",     "model",  "critical",
                                       "table1", "simulate",    "placements", "params", "heatmap",
                                       "sweep",  "map",         "optimize",   "plot",   "compare"};

const char *ganstab_behaviour_name(ganstab_behaviour b)
{
    static const char *const names[GANSTAB_BEHAVIOUR_COUNT] = {
        "converges", "mode-collapse", "discriminator-collapse", "vanishing-gradients",
        "oscillation"};
    return (int)b >= 0 && b < GANSTAB_BEHAVIOUR_COUNT ? names[b] : "unknown";
}

const char *ganstab_case_key_name(ganstab_case_key key)
{
    if ((int)key < 0 || key >= GANSTAB_CASE_NKEYS)
        return NULL;
    return ganstab_case_key_table[key].name;
}

int ganstab_case_key_in_section(ganstab_case_key key, const char *section)
{
    return (int)key >= 0 && key < GANSTAB_CASE_NKEYS &&
           strcmp(ganstab_case_key_table[key].section, section) == 0;
}

void ganstab_case_init(ganstab_case *c, const char *file)
{
    memset(c, 0, sizeof *c);
    snprintf(c->file, sizeof c->file, "%s", file != NULL ? file : "");
    c->model = GANSTAB_MODEL_DIRAC;
    c->loss = GANSTAB_LOSS_STANDARD;
    c->reg_kind = GANSTAB_REG_NONE;
    c->update.scheme = GANSTAB_SCHEME_FLOW;
    c->update.ng = 1;
    c->update.nd = 1;
    c->update.order = GANSTAB_ORDER_GEN_FIRST;
    /* lookahead: Zhang et al. 2019's defaults k = 5, alpha = 0.5 */
    c->update.k = 5;
    c->update.alpha = 0.5;
    c->critical_param = GANSTAB_CASE_NKEYS;
    c->g0 = 1.0;
    c->clip = 0.0;
    c->table1_paper_ac = -1;
    c->table1_h = 0.01;
    c->table1_steps = 20000;
    c->lq_dim = 1;
    c->gmm_mode_collapse = GANSTAB_GMM_MODE_COLLAPSE_DEFAULT;
    c->unroll = GANSTAB_UNROLL_DEFAULT;
    c->heatmap_dynamics = (1u << GANSTAB_GMM_FIRST_ORDER) | (1u << GANSTAB_GMM_UNROLLED) |
                          (1u << GANSTAB_GMM_OPTIMAL);
    c->heatmap_grid = GANSTAB_GMM_HEATMAP_DEFAULT_GRID;
    c->heatmap_inits = GANSTAB_GMM_HEATMAP_DEFAULT_INITS;
    c->heatmap_iters = GANSTAB_GMM_HEATMAP_DEFAULT_ITERS;
    c->heatmap_step = GANSTAB_GMM_HEATMAP_DEFAULT_STEP;
    c->heatmap_seed = GANSTAB_GMM_HEATMAP_DEFAULT_SEED;
    c->lq_cov_kind = GANSTAB_LQ_COV_IDENTITY;
    snprintf(c->lq_mean_text, sizeof c->lq_mean_text, "0");
    snprintf(c->lq_cov_text, sizeof c->lq_cov_text, "identity");
}

int ganstab_case_uses_gamma(const ganstab_case *c)
{
    return c->reg_kind != GANSTAB_REG_NONE && c->reg_kind != GANSTAB_REG_NOISE &&
           c->reg_kind != GANSTAB_REG_NK;
}

int ganstab_case_section_known(const char *section)
{
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++)
        if (strcmp(section, SECTIONS[i]) == 0)
            return 1;
    return 0;
}

/* Index of value in a '|'-separated list, or -1. */

const char *ganstab_case_domain_text(number_domain d)
{
    return d == DOM_POSITIVE ? "a positive number" : d == DOM_NONNEG ? "a number >= 0" : "a number";
}

/* The index of [params] NAME, or -1. */
int ganstab_case_find_param(const ganstab_case *c, const char *name)
{
    for (size_t i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].name, name) == 0)
            return (int)i;
    return -1;
}

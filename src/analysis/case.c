#include "ganstab/case.h"

#include "ganstab/analysis.h"
#include "ganstab/compare.h"
#include "ganstab/critical.h"
#include "ganstab/gmm_heatmap.h"
#include "ganstab/gmm_map.h"
#include "ganstab/matrix_game.h"
#include "ganstab/study.h"
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    KEY_TEXT,
    KEY_CHOICE,
    KEY_NUMBER,
    KEY_COUNT,
    KEY_LQ,
    KEY_GMM,
    KEY_SIM,
    KEY_AXIS,
    KEY_HEATMAP,
    KEY_EXPR,   /* [model] texts of model expr (and nodes), checked in ganstab_case_validate */
    KEY_EXPECT, /* [critical] expect */
    KEY_STUDY,  /* [sweep], [map], [optimize]: set_study_key */
    KEY_PLOT,
    KEY_COMPARE, /* [compare] optimizer: repeatable, checked in ganstab_case_validate */
    KEY_MATRIX   /* [model] of model matrix: set_matrix_key, validate_matrix */
} key_type;

/* The real-valued parameters `critical`, `sweep`, `map` and `optimize` vary (besides
 * params.NAME), for messages. */
#define REAL_PARAMS                                                                                \
    "regularizer.gamma, regularizer.sigma, regularizer.g0, regularizer.eta, update.h, update.hg, " \
    "update.hd, update.he, update.beta, update.beta_im, update.alpha, update.lambda, "             \
    "update.gamma"
#define INTEGER_PARAMS "update.ng, update.nd, update.k"

/* Domain of a numeric key. */
typedef enum { DOM_ANY, DOM_NONNEG, DOM_POSITIVE } number_domain;

typedef struct {
    const char *name; /* SECTION.KEY */
    const char *section;
    const char *key;
    key_type type;
    number_domain domain;
    const char *choices; /* KEY_CHOICE: '|'-separated accepted values */
    const char *planned; /* KEY_CHOICE: '|'-separated values that are planned, not built yet */
} key_spec;

/* Indexed by ganstab_case_key. */
static const key_spec KEYS[GANSTAB_CASE_NKEYS] = {
    [GANSTAB_KEY_CASE_TITLE] = {"case.title", "case", "title", KEY_TEXT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_CASE_MODEL] = {"case.model", "case", "model", KEY_CHOICE, DOM_ANY,
                                "dirac|lq2d|lq|gmm|expr|matrix", NULL},
    [GANSTAB_KEY_CASE_LOSS] = {"case.loss", "case", "loss", KEY_CHOICE, DOM_ANY,
                               "standard|wgan|nonsaturating", NULL},
    [GANSTAB_KEY_REG_KIND] = {"regularizer.kind", "regularizer", "kind", KEY_CHOICE, DOM_ANY,
                              "none|gp|noise|r1|r2|wgan-gp|dragan|conopt|nk", NULL},
    [GANSTAB_KEY_REG_GAMMA] = {"regularizer.gamma", "regularizer", "gamma", KEY_NUMBER, DOM_NONNEG,
                               NULL, NULL},
    [GANSTAB_KEY_REG_SIGMA] = {"regularizer.sigma", "regularizer", "sigma", KEY_NUMBER, DOM_NONNEG,
                               NULL, NULL},
    [GANSTAB_KEY_REG_ETA] = {"regularizer.eta", "regularizer", "eta", KEY_NUMBER, DOM_NONNEG, NULL,
                             NULL},
    [GANSTAB_KEY_REG_G0] = {"regularizer.g0", "regularizer", "g0", KEY_NUMBER, DOM_POSITIVE, NULL,
                            NULL},
    [GANSTAB_KEY_REG_CLIP] = {"regularizer.clip", "regularizer", "clip", KEY_NUMBER, DOM_POSITIVE,
                              NULL, NULL},
    [GANSTAB_KEY_UPDATE_SCHEME] =
        {"update.scheme", "update", "scheme", KEY_CHOICE, DOM_ANY,
         "flow|simgd|altgd|ttur|optimal|unrolled|extragradient|optimistic|momentum|"
         "complex-momentum|lookahead|sga|cgd|conopt",
         NULL},
    [GANSTAB_KEY_UPDATE_H] = {"update.h", "update", "h", KEY_NUMBER, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_HG] = {"update.hg", "update", "hg", KEY_NUMBER, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_HD] = {"update.hd", "update", "hd", KEY_NUMBER, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_NG] = {"update.ng", "update", "ng", KEY_COUNT, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_ND] = {"update.nd", "update", "nd", KEY_COUNT, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_ORDER] = {"update.order", "update", "order", KEY_CHOICE, DOM_ANY,
                                  "gen-first|disc-first", NULL},
    [GANSTAB_KEY_CRITICAL_PARAM] = {"critical.param", "critical", "param", KEY_TEXT, DOM_ANY, NULL,
                                    NULL},
    [GANSTAB_KEY_CRITICAL_FROM] = {"critical.from", "critical", "from", KEY_NUMBER, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_CRITICAL_TO] = {"critical.to", "critical", "to", KEY_NUMBER, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_CRITICAL_SCAN] = {"critical.scan", "critical", "scan", KEY_COUNT, DOM_POSITIVE,
                                   NULL, NULL},
    [GANSTAB_KEY_TABLE1_METHOD] = {"table1.method", "table1", "method", KEY_TEXT, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_TABLE1_PAPER] = {"table1.paper", "table1", "paper", KEY_CHOICE, DOM_ANY,
                                  "does-not-converge|converges", NULL},
    [GANSTAB_KEY_TABLE1_PAPER_AC] = {"table1.paper_ac", "table1", "paper_ac", KEY_CHOICE, DOM_ANY,
                                     "does-not-converge|converges", NULL},
    [GANSTAB_KEY_TABLE1_H] = {"table1.h", "table1", "h", KEY_NUMBER, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_TABLE1_STEPS] = {"table1.steps", "table1", "steps", KEY_COUNT, DOM_POSITIVE, NULL,
                                  NULL},
    [GANSTAB_KEY_TABLE1_NOTE] = {"table1.note", "table1", "note", KEY_TEXT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_DIM] = {"model.dim", "model", "dim", KEY_LQ, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_MEAN] = {"model.mean", "model", "mean", KEY_LQ, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_COV] = {"model.cov", "model", "cov", KEY_LQ, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_MU_STAR] = {"model.mu_star", "model", "mu_star", KEY_GMM, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_MODEL_DISC] = {"model.disc", "model", "disc", KEY_GMM, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_MODE_COLLAPSE] = {"model.mode_collapse", "model", "mode_collapse", KEY_GMM,
                                         DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_UNROLL] = {"update.unroll", "update", "unroll", KEY_COUNT, DOM_POSITIVE,
                                   NULL, NULL},
    [GANSTAB_KEY_UPDATE_HE] = {"update.he", "update", "he", KEY_NUMBER, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_BETA] = {"update.beta", "update", "beta", KEY_NUMBER, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_UPDATE_BETA_IM] = {"update.beta_im", "update", "beta_im", KEY_NUMBER, DOM_ANY,
                                    NULL, NULL},
    [GANSTAB_KEY_UPDATE_VARIANT] = {"update.variant", "update", "variant", KEY_CHOICE, DOM_ANY,
                                    "simultaneous|alternating|plain|aligned", NULL},
    [GANSTAB_KEY_UPDATE_BASE] = {"update.base", "update", "base", KEY_CHOICE, DOM_ANY,
                                 "simgd|altgd|ttur|extragradient|sga|cgd|conopt", NULL},
    [GANSTAB_KEY_UPDATE_K] = {"update.k", "update", "k", KEY_COUNT, DOM_POSITIVE, NULL, NULL},
    [GANSTAB_KEY_UPDATE_ALPHA] = {"update.alpha", "update", "alpha", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL},
    [GANSTAB_KEY_UPDATE_LAMBDA] = {"update.lambda", "update", "lambda", KEY_NUMBER, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_UPDATE_GAMMA] = {"update.gamma", "update", "gamma", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL},
    [GANSTAB_KEY_COMPARE_OPTIMIZER] = {"compare.optimizer", "compare", "optimizer", KEY_COMPARE,
                                       DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_COMPARE_FROM] = {"compare.from", "compare", "from", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL},
    [GANSTAB_KEY_COMPARE_TO] = {"compare.to", "compare", "to", KEY_NUMBER, DOM_POSITIVE, NULL,
                                NULL},
    [GANSTAB_KEY_SIMULATE_SCHEME] =
        {"simulate.scheme", "simulate", "scheme", KEY_CHOICE, DOM_ANY,
         "flow|simgd|altgd|ttur|optimal|unrolled|extragradient|optimistic|momentum|"
         "complex-momentum|lookahead|sga|cgd|conopt",
         NULL},
    [GANSTAB_KEY_SIMULATE_INIT] = {"simulate.init", "simulate", "init", KEY_SIM, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_SIMULATE_STEPS] = {"simulate.steps", "simulate", "steps", KEY_SIM, DOM_POSITIVE,
                                    NULL, NULL},
    [GANSTAB_KEY_SIMULATE_T_END] = {"simulate.t_end", "simulate", "t_end", KEY_NUMBER, DOM_POSITIVE,
                                    NULL, NULL},
    [GANSTAB_KEY_SIMULATE_EXPECT] = {"simulate.expect", "simulate", "expect", KEY_SIM, DOM_ANY,
                                     NULL, NULL},
    [GANSTAB_KEY_PLACEMENTS_L1] = {"placements.l1", "placements", "l1", KEY_AXIS, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_PLACEMENTS_L2] = {"placements.l2", "placements", "l2", KEY_AXIS, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_MODEL_GENERATOR] = {"model.generator", "model", "generator", KEY_EXPR, DOM_ANY,
                                     NULL, NULL},
    [GANSTAB_KEY_MODEL_DISCRIMINATOR] = {"model.discriminator", "model", "discriminator", KEY_EXPR,
                                         DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_STATE] = {"model.state", "model", "state", KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_PAYOFF] = {"model.payoff", "model", "payoff", KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_GENERATOR_PAYOFF] = {"model.generator_payoff", "model", "generator_payoff",
                                            KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_FIELD] = {"model.field", "model", "field", KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_EQUILIBRIUM] = {"model.equilibrium", "model", "equilibrium", KEY_EXPR,
                                       DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_GUESS] = {"model.guess", "model", "guess", KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_DATA] = {"model.data", "model", "data", KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_DYNAMICS] = {"model.dynamics", "model", "dynamics", KEY_CHOICE, DOM_ANY,
                                    "flow|map", NULL},
    [GANSTAB_KEY_MODEL_NODES] = {"model.nodes", "model", "nodes", KEY_EXPR, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_CRITICAL_EXPECT] = {"critical.expect", "critical", "expect", KEY_EXPECT, DOM_ANY,
                                     NULL, NULL},
    [GANSTAB_KEY_HEATMAP_DYNAMICS] = {"heatmap.dynamics", "heatmap", "dynamics", KEY_HEATMAP,
                                      DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_HEATMAP_GRID] = {"heatmap.grid", "heatmap", "grid", KEY_HEATMAP, DOM_POSITIVE,
                                  NULL, NULL},
    [GANSTAB_KEY_HEATMAP_INITS] = {"heatmap.inits", "heatmap", "inits", KEY_HEATMAP, DOM_POSITIVE,
                                   NULL, NULL},
    [GANSTAB_KEY_HEATMAP_ITERS] = {"heatmap.iters", "heatmap", "iters", KEY_HEATMAP, DOM_POSITIVE,
                                   NULL, NULL},
    [GANSTAB_KEY_HEATMAP_STEP] = {"heatmap.step", "heatmap", "step", KEY_NUMBER, DOM_POSITIVE, NULL,
                                  NULL},
    [GANSTAB_KEY_HEATMAP_SEED] = {"heatmap.seed", "heatmap", "seed", KEY_HEATMAP, DOM_NONNEG, NULL,
                                  NULL},
    [GANSTAB_KEY_SWEEP_PARAM] = {"sweep.param", "sweep", "param", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_SWEEP_FROM] = {"sweep.from", "sweep", "from", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_SWEEP_TO] = {"sweep.to", "sweep", "to", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_SWEEP_STEPS] = {"sweep.steps", "sweep", "steps", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MAP_X] = {"map.x", "map", "x", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MAP_Y] = {"map.y", "map", "y", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MAP_SCAN] = {"map.scan", "map", "scan", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_OPTIMIZE_PARAM] = {"optimize.param", "optimize", "param", KEY_STUDY, DOM_ANY, NULL,
                                    NULL},
    [GANSTAB_KEY_OPTIMIZE_FROM] = {"optimize.from", "optimize", "from", KEY_STUDY, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_OPTIMIZE_TO] = {"optimize.to", "optimize", "to", KEY_STUDY, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_OPTIMIZE_SCAN] = {"optimize.scan", "optimize", "scan", KEY_STUDY, DOM_ANY, NULL,
                                   NULL},
    [GANSTAB_KEY_PLOT_FIGURE] = {"plot.figure", "plot", "figure", KEY_PLOT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_PLOT_AXES] = {"plot.axes", "plot", "axes", KEY_PLOT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_PLOT_WINDOW] = {"plot.window", "plot", "window", KEY_PLOT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_MODEL_JACOBIAN] = {"model.jacobian", "model", "jacobian", KEY_MATRIX, DOM_ANY,
                                    NULL, NULL},
    [GANSTAB_KEY_MODEL_GENERATOR_DIM] = {"model.generator_dim", "model", "generator_dim",
                                         KEY_MATRIX, DOM_ANY, NULL, NULL},
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
    return KEYS[key].name;
}

static double *param_ptr(ganstab_case *c, ganstab_case_key key);

int ganstab_case_key_in_section(ganstab_case_key key, const char *section)
{
    return (int)key >= 0 && key < GANSTAB_CASE_NKEYS && strcmp(KEYS[key].section, section) == 0;
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
    {
        ganstab_gmm_heatmap_options hm;
        ganstab_gmm_heatmap_options_init(&hm);
        c->heatmap_dynamics = (1u << GANSTAB_GMM_FIRST_ORDER) | (1u << GANSTAB_GMM_UNROLLED) |
                              (1u << GANSTAB_GMM_OPTIMAL);
        c->heatmap_grid = hm.grid;
        c->heatmap_inits = hm.inits;
        c->heatmap_iters = hm.iters;
        c->heatmap_step = hm.step;
        c->heatmap_seed = hm.seed;
    }
    c->lq_cov_kind = GANSTAB_LQ_COV_IDENTITY;
    snprintf(c->lq_mean_text, sizeof c->lq_mean_text, "0");
    snprintf(c->lq_cov_text, sizeof c->lq_cov_text, "identity");
}

const char *ganstab_model_name(ganstab_model_kind model)
{
    switch (model) {
    case GANSTAB_MODEL_LQ2D:
        return "lq2d";
    case GANSTAB_MODEL_LQ:
        return "lq";
    case GANSTAB_MODEL_GMM:
        return "gmm";
    case GANSTAB_MODEL_EXPR:
        return "expr";
    case GANSTAB_MODEL_MATRIX:
        return "matrix";
    default:
        return "dirac";
    }
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
static int choice_index(const char *list, const char *value)
{
    if (list == NULL)
        return -1;
    size_t len = strlen(value);
    int idx = 0;
    for (const char *p = list; *p != '\0'; idx++) {
        const char *bar = strchr(p, '|');
        size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, value, n) == 0)
            return idx;
        if (bar == NULL)
            break;
        p = bar + 1;
    }
    return -1;
}

static const char *domain_text(number_domain d)
{
    return d == DOM_POSITIVE ? "a positive number" : d == DOM_NONNEG ? "a number >= 0" : "a number";
}

/* A text value: not empty, shorter than GANSTAB_CASE_TEXT_MAX. */
static int check_text(const char *key, const char *value, const char *where, ganstab_error *err)
{
    if (value[0] == '\0')
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': empty value", key);
    if (strlen(value) >= GANSTAB_CASE_TEXT_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': value longer than %d characters", key,
                                 GANSTAB_CASE_TEXT_MAX - 1);
    return GANSTAB_OK;
}

/* Parse a complete, finite double. */
static int parse_number(const char *text, double *out)
{
    if (text[0] == '\0')
        return 0;
    errno = 0;
    char *end = NULL;
    double x = strtod(text, &end);
    /* ERANGE on underflow still returns the (subnormal) value, which is a valid number; only
       overflow and underflow to exactly zero are out of range. */
    int out_of_range = errno == ERANGE && (fabs(x) > 1.0 || x == 0.0);
    if (end == text || *end != '\0' || out_of_range || !isfinite(x))
        return 0;
    *out = x;
    return 1;
}

static int check_number(const key_spec *k, const char *text, double *out, const char *where,
                        ganstab_error *err)
{
    double x = 0.0;
    if (!parse_number(text, &x))
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': expected %s, got '%s'",
                                 k->key, domain_text(k->domain), text);
    if ((k->domain == DOM_POSITIVE && !(x > 0.0)) || (k->domain == DOM_NONNEG && !(x >= 0.0)))
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': expected %s, got '%s'",
                                 k->key, domain_text(k->domain), text);
    *out = x;
    return GANSTAB_OK;
}

static int check_count(const key_spec *k, const char *text, unsigned *out, const char *where,
                       ganstab_error *err)
{
    errno = 0;
    char *end = NULL;
    long v = text[0] == '\0' ? 0 : strtol(text, &end, 10);
    if (text[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
        v > (long)GANSTAB_CROSSING_SCAN_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': expected a positive integer, got '%s'", k->key, text);
    *out = (unsigned)v;
    return GANSTAB_OK;
}

/* Numbers separated by blanks and/or commas into out[0..max); *count receives how many there
 * were (up to max + 1, so "too many" is detectable). 0 if a word is not a finite number. */
static int parse_numbers(const char *text, double *out, size_t max, size_t *count)
{
    char buf[GANSTAB_ERROR_MESSAGE_MAX];
    *count = 0;
    while (*text != '\0') {
        while (*text != '\0' && (isspace((unsigned char)*text) || *text == ','))
            text++;
        if (*text == '\0')
            break;
        size_t len = 0;
        while (text[len] != '\0' && !isspace((unsigned char)text[len]) && text[len] != ',')
            len++;
        if (len >= sizeof buf)
            return 0;
        memcpy(buf, text, len);
        buf[len] = '\0';
        double x = 0.0;
        if (!parse_number(buf, &x))
            return 0;
        if (*count < max)
            out[*count] = x;
        if (*count <= max)
            (*count)++;
        text += len;
    }
    return 1;
}

/* Remember the text of a [model] value for reports, shortened to fit. */
static void keep_text(char *dst, size_t size, const char *value)
{
    if (strlen(value) < size) {
        snprintf(dst, size, "%s", value);
        return;
    }
    snprintf(dst, size, "%.*s...", (int)(size - 4), value);
}

/* [model] dim, mean, cov of model lq (README, "Model lq"). Counts against dim and positive
 * definiteness are checked in ganstab_case_validate, when dim is known. */
static int set_lq_key(ganstab_case *c, int id, const char *value, const char *where,
                      ganstab_error *err)
{
    const size_t max = GANSTAB_LQ_MAX_DIM;
    size_t count = 0;
    if (id == GANSTAB_KEY_MODEL_DIM) {
        errno = 0;
        char *end = NULL;
        long v = value[0] == '\0' ? 0 : strtol(value, &end, 10);
        if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
            v > (long)max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'dim': expected an integer in 1..%d, got '%s'",
                                     GANSTAB_LQ_MAX_DIM, value);
        c->lq_dim = (size_t)v;
        return GANSTAB_OK;
    }
    if (id == GANSTAB_KEY_MODEL_MEAN) {
        if (!parse_numbers(value, c->lq_mean, max, &count) || count == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'mean': expected dim numbers separated by blanks or "
                                     "commas, got '%s'",
                                     value);
        if (count > max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where, "key 'mean': more than %d numbers",
                                     GANSTAB_LQ_MAX_DIM);
        c->lq_mean_count = count;
        keep_text(c->lq_mean_text, sizeof c->lq_mean_text, value);
        return GANSTAB_OK;
    }
    /* cov */
    const char *rest = value;
    while (isalpha((unsigned char)*rest))
        rest++;
    size_t wlen = (size_t)(rest - value);
    if (wlen == 8 && strncmp(value, "identity", 8) == 0 && *rest == '\0') {
        c->lq_cov_kind = GANSTAB_LQ_COV_IDENTITY;
    } else if (wlen == 4 && strncmp(value, "diag", 4) == 0) {
        if (!parse_numbers(rest, c->lq_cov, max, &count) || count == 0 || count > max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected 'diag' and dim positive numbers, got "
                                     "'%s'",
                                     value);
        for (size_t i = 0; i < count; i++)
            if (!(c->lq_cov[i] > 0.0))
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'cov': diagonal entry %zu is %g, expected a "
                                         "positive number",
                                         i + 1, c->lq_cov[i]);
        c->lq_cov_kind = GANSTAB_LQ_COV_DIAG;
        c->lq_cov_count = count;
    } else if (wlen == 6 && strncmp(value, "random", 6) == 0) {
        while (isspace((unsigned char)*rest))
            rest++;
        errno = 0;
        char *end = NULL;
        unsigned long long seed = *rest == '\0' || *rest == '-' ? 0 : strtoull(rest, &end, 10);
        if (*rest == '\0' || *rest == '-' || end == NULL || *end != '\0' || errno == ERANGE ||
            seed > 0xFFFFFFFFull)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected 'random SEED' with SEED an integer in "
                                     "0..4294967295, got '%s'",
                                     value);
        c->lq_cov_kind = GANSTAB_LQ_COV_RANDOM;
        c->lq_cov_seed = (unsigned long)seed;
    } else {
        double *tmp = malloc((max * max + 1) * sizeof *tmp);
        if (tmp == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, where, "out of memory");
        int ok = parse_numbers(value, tmp, max * max, &count) && count > 0;
        if (ok && count <= max * max)
            memcpy(c->lq_cov, tmp, count * sizeof *tmp);
        free(tmp);
        if (!ok || count > max * max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected identity, 'diag v1 ... vd', "
                                     "'random SEED' or dim*dim numbers (row-major), got '%s'",
                                     value);
        c->lq_cov_kind = GANSTAB_LQ_COV_EXPLICIT;
        c->lq_cov_count = count;
    }
    keep_text(c->lq_cov_text, sizeof c->lq_cov_text, value);
    return GANSTAB_OK;
}

/* [model] mu_star, disc, mode_collapse of model gmm (README, "Model gmm"). */
static int set_gmm_key(ganstab_case *c, int id, const char *value, const char *where,
                       ganstab_error *err)
{
    if (id == GANSTAB_KEY_MODEL_MODE_COLLAPSE)
        return check_number(&KEYS[id], value, &c->gmm_mode_collapse, where, err);
    int mu = id == GANSTAB_KEY_MODEL_MU_STAR;
    size_t want = mu ? 2 : 4, count = 0;
    double v[4] = {0.0, 0.0, 0.0, 0.0};
    if (!parse_numbers(value, v, want, &count) || count != want)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 mu ? "key 'mu_star': expected 2 numbers (the true means), got "
                                      "'%s'"
                                    : "key 'disc': expected 4 numbers l1, r1, l2, r2 (the "
                                      "discriminator intervals), got '%s'",
                                 value);
    if (!mu && (!(v[0] <= v[1]) || !(v[2] <= v[3])))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'disc': each interval needs l <= r, got [%g, %g] and "
                                 "[%g, %g]",
                                 v[0], v[1], v[2], v[3]);
    memcpy(mu ? c->gmm_mu_star : c->gmm_disc, v, want * sizeof v[0]);
    return GANSTAB_OK;
}

/* [plot] figure, axes, window (plot.h). The case is unchanged on failure. */
static int set_plot_key(ganstab_case *c, int id, const char *value, const char *where,
                        ganstab_error *err)
{
    if (id == GANSTAB_KEY_PLOT_FIGURE) {
        if (value[0] == '\0')
            return ganstab_error_set(err, GANSTAB_EINVAL, where, "key 'figure': empty value");
        if (strlen(value) >= GANSTAB_CASE_TEXT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'figure': value longer than %d characters",
                                     GANSTAB_CASE_TEXT_MAX - 1);
        snprintf(c->plot_figure, sizeof c->plot_figure, "%s", value);
        return GANSTAB_OK;
    }
    if (id == GANSTAB_KEY_PLOT_WINDOW) {
        double v[4] = {0.0, 0.0, 0.0, 0.0};
        size_t count = 0;
        if (!parse_numbers(value, v, 4, &count) || count != 4 || !(v[0] < v[1]) || !(v[2] < v[3]))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'window': expected 4 numbers XMIN XMAX YMIN YMAX with "
                                     "XMIN < XMAX and YMIN < YMAX, got '%s'",
                                     value);
        memcpy(c->plot_window, v, sizeof v);
        return GANSTAB_OK;
    }
    /* axes: two names separated by blanks or commas; checked against the model in validate */
    char names[2][GANSTAB_CASE_NAME_MAX];
    size_t count = 0;
    const char *p = value;
    for (;;) {
        while (*p != '\0' && (isspace((unsigned char)*p) || *p == ','))
            p++;
        if (*p == '\0')
            break;
        size_t len = 0;
        while (p[len] != '\0' && !isspace((unsigned char)p[len]) && p[len] != ',')
            len++;
        if (count == 2 || len >= GANSTAB_CASE_NAME_MAX) {
            count = 3;
            break;
        }
        memcpy(names[count], p, len);
        names[count][len] = '\0';
        count++;
        p += len;
    }
    if (count != 2 || strcmp(names[0], names[1]) == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'axes': expected two different state names (x, then y), "
                                 "got '%s'",
                                 value);
    memcpy(c->plot_axes, names, sizeof names);
    return GANSTAB_OK;
}

/* [simulate] init, steps, expect (README, "Simulations in reports"). */
static int set_sim_key(ganstab_case *c, int id, const char *value, const char *where,
                       ganstab_error *err)
{
    if (id == GANSTAB_KEY_SIMULATE_INIT) {
        size_t count = 0;
        double v[GANSTAB_CASE_SIM_INIT_MAX]; /* the case is unchanged on failure */
        if (!parse_numbers(value, v, GANSTAB_CASE_SIM_INIT_MAX, &count) || count == 0 ||
            count > GANSTAB_CASE_SIM_INIT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'init': expected the start state (at most %d numbers "
                                     "separated by blanks or commas), got '%s'",
                                     GANSTAB_CASE_SIM_INIT_MAX, value);
        memcpy(c->sim_init, v, count * sizeof v[0]);
        c->sim_init_count = count;
        return GANSTAB_OK;
    }
    if (id == GANSTAB_KEY_SIMULATE_STEPS) {
        errno = 0;
        char *end = NULL;
        long long v = value[0] == '\0' ? 0 : strtoll(value, &end, 10);
        if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
            v > GANSTAB_CASE_SIM_STEPS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'steps': expected an integer in 1..%d, got '%s'",
                                     GANSTAB_CASE_SIM_STEPS_MAX, value);
        c->sim_steps = (size_t)v;
        return GANSTAB_OK;
    }
    /* expect: behaviour names separated by blanks or commas */
    unsigned mask = 0;
    const char *p = value;
    for (;;) {
        while (*p != '\0' && (isspace((unsigned char)*p) || *p == ','))
            p++;
        if (*p == '\0')
            break;
        size_t len = 0;
        while (p[len] != '\0' && !isspace((unsigned char)p[len]) && p[len] != ',')
            len++;
        int found = -1;
        for (int b = 0; b < GANSTAB_BEHAVIOUR_COUNT; b++) {
            const char *name = ganstab_behaviour_name((ganstab_behaviour)b);
            if (strlen(name) == len && strncmp(name, p, len) == 0)
                found = b;
        }
        if (found < 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': unknown behaviour '%.*s' (expected converges, "
                                     "mode-collapse, discriminator-collapse, vanishing-gradients, "
                                     "oscillation)",
                                     (int)len, p);
        mask |= 1u << found;
        p += len;
    }
    if (mask == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'expect': expected one or more behaviours, got '%s'", value);
    c->sim_expect = mask;
    return GANSTAB_OK;
}

/* A whole-string decimal integer in [lo, hi] into *n. */
static int parse_integer(const char *text, long long lo, long long hi, size_t *n)
{
    errno = 0;
    char *end = NULL;
    long long v = text[0] == '\0' ? 0 : strtoll(text, &end, 10);
    if (text[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return 0;
    *n = (size_t)v;
    return 1;
}

/* [sweep] param/from/to/steps, [map] x/y/scan, [optimize] param/from/to/scan (README, "Parameter
 * studies in reports"). Names are checked against the case in ganstab_case_validate. */
static int set_study_key(ganstab_case *c, int id, const char *value, const char *where,
                         ganstab_error *err)
{
    const char *key = KEYS[id].key;
    double x = 0.0;
    size_t n = 0;
    switch (id) {
    case GANSTAB_KEY_SWEEP_PARAM:
    case GANSTAB_KEY_OPTIMIZE_PARAM:
        if (value[0] == '\0' || strlen(value) >= GANSTAB_CASE_PARAM_NAME_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected a parameter name (SECTION.KEY), got '%s'",
                                     key, value);
        snprintf(id == GANSTAB_KEY_SWEEP_PARAM ? c->sweep_param : c->optimize_param,
                 GANSTAB_CASE_PARAM_NAME_MAX, "%s", value);
        return GANSTAB_OK;
    case GANSTAB_KEY_SWEEP_FROM:
    case GANSTAB_KEY_SWEEP_TO:
    case GANSTAB_KEY_OPTIMIZE_FROM:
    case GANSTAB_KEY_OPTIMIZE_TO:
        if (!parse_number(value, &x))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected a number, got '%s'", key, value);
        *(id == GANSTAB_KEY_SWEEP_FROM      ? &c->sweep_from
          : id == GANSTAB_KEY_SWEEP_TO      ? &c->sweep_to
          : id == GANSTAB_KEY_OPTIMIZE_FROM ? &c->optimize_from
                                            : &c->optimize_to) = x;
        return GANSTAB_OK;
    case GANSTAB_KEY_SWEEP_STEPS:
        if (!parse_integer(value, 1, GANSTAB_STUDY_MAX_STEPS, &n))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'steps': expected an integer in 1..%d, got '%s'",
                                     GANSTAB_STUDY_MAX_STEPS, value);
        c->sweep_steps = n;
        return GANSTAB_OK;
    case GANSTAB_KEY_MAP_SCAN:
    case GANSTAB_KEY_OPTIMIZE_SCAN:
        if (!parse_integer(value, GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, &n))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'scan': expected an integer in %d..%d, got '%s'",
                                     GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, value);
        *(id == GANSTAB_KEY_MAP_SCAN ? &c->map_scan : &c->optimize_scan) = n;
        return GANSTAB_OK;
    default: { /* map.x, map.y: PARAM FROM TO COUNT */
        int a = id == GANSTAB_KEY_MAP_X ? 0 : 1;
        const char *p = value;
        while (*p != '\0' && !isspace((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - value);
        double v[3] = {0.0, 0.0, 0.0};
        size_t count = 0;
        char name[GANSTAB_CASE_PARAM_NAME_MAX];
        if (len == 0 || len >= sizeof name || !parse_numbers(p, v, 3, &count) || count != 3 ||
            !(v[0] < v[1]) || v[2] != floor(v[2]) || v[2] < GANSTAB_MAP_AXIS_MIN ||
            v[2] > GANSTAB_MAP_AXIS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected PARAM FROM TO COUNT with FROM < TO and "
                                     "COUNT an integer in %d..%d, got '%s'",
                                     key, GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX, value);
        memcpy(name, value, len);
        name[len] = '\0';
        snprintf(c->map_param[a], GANSTAB_CASE_PARAM_NAME_MAX, "%s", name);
        c->map_from[a] = v[0];
        c->map_to[a] = v[1];
        c->map_count[a] = (size_t)v[2];
        return GANSTAB_OK;
    }
    }
}

int ganstab_case_lq_covariance(const ganstab_case *c, double *cov, ganstab_error *err)
{
    size_t d = c->lq_dim;
    const char *where = c->set[GANSTAB_KEY_MODEL_COV] ? c->where[GANSTAB_KEY_MODEL_COV]
                        : c->file[0] != '\0'          ? c->file
                                                      : "case";
    memset(cov, 0, d * d * sizeof *cov);
    switch (c->lq_cov_kind) {
    case GANSTAB_LQ_COV_IDENTITY:
        for (size_t i = 0; i < d; i++)
            cov[i + i * d] = 1.0;
        break;
    case GANSTAB_LQ_COV_DIAG:
        if (c->lq_cov_count != d)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': 'diag' needs dim = %zu numbers, got %zu", d,
                                     c->lq_cov_count);
        for (size_t i = 0; i < d; i++)
            cov[i + i * d] = c->lq_cov[i];
        break;
    case GANSTAB_LQ_COV_RANDOM: {
        double b[GANSTAB_LQ_MAX_DIM * GANSTAB_LQ_MAX_DIM];
        unsigned long long x = c->lq_cov_seed;
        for (size_t k = 0; k < d * d; k++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            b[k] = 2.0 * ((double)(x >> 11) * 0x1.0p-53) - 1.0;
        }
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++) {
                double s = 0.0;
                for (size_t k = 0; k < d; k++)
                    s += b[i + k * d] * b[j + k * d];
                cov[i + j * d] = s / (double)d + (i == j ? 1.0 : 0.0);
            }
        break;
    }
    case GANSTAB_LQ_COV_EXPLICIT:
        if (c->lq_cov_count != d * d)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected dim*dim = %zu numbers (row-major), got "
                                     "%zu",
                                     d * d, c->lq_cov_count);
        memcpy(cov, c->lq_cov, d * d * sizeof *cov);
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < i; j++)
                if (cov[i + j * d] != cov[j + i * d])
                    return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                             "key 'cov': not symmetric: entry (%zu,%zu) = %g but "
                                             "(%zu,%zu) = %g",
                                             i + 1, j + 1, cov[j + i * d], j + 1, i + 1,
                                             cov[i + j * d]);
        break;
    }
    /* Positive definiteness: an unpivoted Cholesky succeeds exactly for SPD matrices (up to
       rounding: a pivot <= 0 means not numerically positive definite). */
    double l[GANSTAB_LQ_MAX_DIM * GANSTAB_LQ_MAX_DIM];
    memcpy(l, cov, d * d * sizeof *l);
    for (size_t j = 0; j < d; j++) {
        double p = l[j + j * d];
        for (size_t k = 0; k < j; k++)
            p -= l[j + k * d] * l[j + k * d];
        if (!(p > 0.0))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': not positive definite (Cholesky pivot %zu is "
                                     "%g)",
                                     j + 1, p);
        l[j + j * d] = sqrt(p);
        for (size_t i = j + 1; i < d; i++) {
            double s = l[i + j * d];
            for (size_t k = 0; k < j; k++)
                s -= l[i + k * d] * l[j + k * d];
            l[i + j * d] = s / l[j + j * d];
        }
    }
    return GANSTAB_OK;
}

/* [heatmap] dynamics (names separated by blanks or commas), grid, inits, iters (integers in the
 * ranges of gmm_heatmap.h) and seed (an integer in 0 .. 2^64 - 1). */
static int set_heatmap_key(ganstab_case *c, int id, const char *value, const char *where,
                           ganstab_error *err)
{
    if (id == GANSTAB_KEY_HEATMAP_DYNAMICS) {
        unsigned mask = 0;
        const char *p = value;
        while (*p != '\0') {
            while (*p != '\0' && (isspace((unsigned char)*p) || *p == ','))
                p++;
            size_t len = 0;
            while (p[len] != '\0' && !isspace((unsigned char)p[len]) && p[len] != ',')
                len++;
            if (len == 0)
                break;
            char word[32];
            ganstab_gmm_dynamics d;
            ganstab_error scratch;
            snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1),
                     p);
            if (len >= sizeof word || ganstab_gmm_dynamics_parse(word, &d, &scratch) != GANSTAB_OK)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'dynamics': unknown dynamics '%.*s' (expected "
                                         "first-order, unrolled, optimal)",
                                         (int)len, p);
            mask |= 1u << d;
            p += len;
        }
        if (mask == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'dynamics': expected one or more of first-order, "
                                     "unrolled, optimal, got '%s'",
                                     value);
        c->heatmap_dynamics = mask;
        return GANSTAB_OK;
    }
    unsigned long long lo = 1, hi = 0;
    const char *what = "";
    switch (id) {
    case GANSTAB_KEY_HEATMAP_GRID:
        lo = GANSTAB_GMM_HEATMAP_GRID_MIN, hi = GANSTAB_GMM_HEATMAP_GRID_MAX, what = "grid";
        break;
    case GANSTAB_KEY_HEATMAP_INITS:
        hi = GANSTAB_GMM_HEATMAP_INITS_MAX, what = "inits";
        break;
    case GANSTAB_KEY_HEATMAP_ITERS:
        hi = GANSTAB_GMM_HEATMAP_ITERS_MAX, what = "iters";
        break;
    default: /* seed */
        lo = 0, hi = ULLONG_MAX, what = "seed";
        break;
    }
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(value, &end, 10);
    if (value[0] == '\0' || value[0] == '-' || value[0] == '+' || end == NULL || *end != '\0' ||
        errno == ERANGE || v < lo || v > hi)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': expected an integer in %llu..%llu, got '%s'", what, lo,
                                 hi, value);
    if (id == GANSTAB_KEY_HEATMAP_GRID)
        c->heatmap_grid = (size_t)v;
    else if (id == GANSTAB_KEY_HEATMAP_INITS)
        c->heatmap_inits = (size_t)v;
    else if (id == GANSTAB_KEY_HEATMAP_ITERS)
        c->heatmap_iters = (size_t)v;
    else
        c->heatmap_seed = v;
    return GANSTAB_OK;
}

static int find_key(const char *section, const char *key)
{
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
        if (strcmp(KEYS[i].section, section) == 0 && strcmp(KEYS[i].key, key) == 0)
            return i;
    return -1;
}

/* The index of [params] NAME, or -1. */
static int find_param(const ganstab_case *c, const char *name)
{
    for (size_t i = 0; i < c->n_params; i++)
        if (strcmp(c->params[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* [params] NAME = VALUE: declare a parameter (or give a declared one a new value). */
static int set_param(ganstab_case *c, const char *name, const char *value, const char *where,
                     ganstab_error *err)
{
    if (!ganstab_sym_is_identifier(name, strlen(name)))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "[params]: '%s' is not a parameter name (a letter, then letters, "
                                 "digits or _, at most %d characters)",
                                 name, GANSTAB_SYM_NAME_MAX - 1);
    if (ganstab_sym_reserved(name))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "[params]: '%s' is reserved (a function or a constant of the "
                                 "formulas)",
                                 name);
    double x = 0.0;
    if (!parse_number(value, &x))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': expected a number, got '%s'", name, value);
    int i = find_param(c, name);
    if (i < 0) {
        if (c->n_params >= GANSTAB_EXPR_MAX_PARAMS)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "[params]: more than %d parameters", GANSTAB_EXPR_MAX_PARAMS);
        i = (int)c->n_params++;
        snprintf(c->params[i].name, sizeof c->params[i].name, "%s", name);
        snprintf(c->params[i].key, sizeof c->params[i].key, "params.%s", name);
        if (c->critical_param_pending[0] != '\0' &&
            strcmp(c->critical_param_pending, c->params[i].key) == 0) {
            c->critical_param = (ganstab_case_key)(GANSTAB_KEY_PARAM_FIRST + i);
            c->critical_param_pending[0] = '\0';
        }
    }
    c->params[i].value = x;
    snprintf(c->params[i].where, sizeof c->params[i].where, "%s", where != NULL ? where : "");
    return GANSTAB_OK;
}

/* [critical] expect = TYPE: FORMULA; TYPE: FORMULA ... (syntax here; the names the formulas use
 * in ganstab_case_validate, when the parameters are known). */
static int set_expect(ganstab_case *c, const char *value, const char *where, ganstab_error *err)
{
    static const ganstab_crossing_type types[] = {GANSTAB_CROSSING_FOLD,
                                                  GANSTAB_CROSSING_HOPF,
                                                  GANSTAB_CROSSING_FLIP,
                                                  GANSTAB_CROSSING_NEIMARK_SACKER,
                                                  GANSTAB_CROSSING_COMPLEX_TO_REAL,
                                                  GANSTAB_CROSSING_REAL_TO_COMPLEX};
    size_t n = 0;
    const char *p = value;
    while (*p != '\0') {
        const char *end = strchr(p, ';');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        size_t column = (size_t)(p - value) + 1;
        if (colon == NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': expected 'TYPE: VALUE' at column %zu (TYPE "
                                     "fold, hopf, flip, neimark-sacker, complex-to-real or "
                                     "real-to-complex; items separated by ';')",
                                     column);
        const char *t = p;
        size_t tl = (size_t)(colon - p);
        while (tl > 0 && isspace((unsigned char)*t))
            t++, tl--;
        while (tl > 0 && isspace((unsigned char)t[tl - 1]))
            tl--;
        int type = -1;
        for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
            const char *name = ganstab_crossing_type_name(types[k]);
            if (strlen(name) == tl && strncmp(name, t, tl) == 0)
                type = (int)types[k];
        }
        if (type < 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': unknown crossing type '%.*s' at column %zu "
                                     "(expected fold, hopf, flip, neimark-sacker, "
                                     "complex-to-real or real-to-complex)",
                                     (int)tl, t, column);
        if (n == GANSTAB_CASE_EXPECT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': more than %d crossings",
                                     GANSTAB_CASE_EXPECT_MAX);
        size_t off = (size_t)(colon + 1 - value), flen = len - (size_t)(colon + 1 - p);
        ganstab_sym tree;
        int rc = ganstab_sym_parse_any(value + off, flen, off, 0, &tree, err);
        if (rc != GANSTAB_OK) {
            char message[GANSTAB_ERROR_MESSAGE_MAX];
            snprintf(message, sizeof message, "%s", err != NULL ? err->message : "");
            return ganstab_error_set(err, rc, where, "key 'expect': %s", message);
        }
        ganstab_sym_free(&tree);
        const char *f = value + off;
        while (flen > 0 && isspace((unsigned char)*f))
            f++, flen--;
        while (flen > 0 && isspace((unsigned char)f[flen - 1]))
            flen--;
        c->expect[n].type = type;
        snprintf(c->expect[n].formula, sizeof c->expect[n].formula, "%.*s", (int)flen, f);
        snprintf(c->expect[n].statement, sizeof c->expect[n].statement,
                 "the case expects a %s crossing at %s",
                 ganstab_crossing_type_name((ganstab_crossing_type)type), c->expect[n].formula);
        n++;
        if (end == NULL)
            break;
        p = end + 1;
    }
    if (n == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key 'expect': empty value");
    c->n_expect = n;
    return GANSTAB_OK;
}

/* The parameter names a [critical] expect formula may use (model expr), and their values. */
static size_t expect_scope(const ganstab_case *c, const char **names, double *values)
{
    size_t n = c->model == GANSTAB_MODEL_EXPR ? c->n_params : 0;
    for (size_t i = 0; i < n; i++) {
        names[i] = c->params[i].name;
        values[i] = c->params[i].value;
    }
    return n;
}

double ganstab_case_expect_value(const ganstab_case *c, size_t i)
{
    const char *names[GANSTAB_EXPR_MAX_PARAMS];
    double values[GANSTAB_EXPR_MAX_PARAMS];
    ganstab_sym_scope scope = {names, expect_scope(c, names, values)};
    ganstab_sym tree;
    if (i >= c->n_expect || ganstab_sym_parse(c->expect[i].formula, strlen(c->expect[i].formula), 0,
                                              &scope, &tree, NULL) != GANSTAB_OK)
        return NAN;
    double v = ganstab_sym_value(&tree, values);
    ganstab_sym_free(&tree);
    return isfinite(v) ? v : NAN;
}

/* [model] jacobian, generator_dim of model matrix (README, "Model matrix"). The path is
 * resolved against the case file's directory (unless absolute); the file is read by validate. */
static int set_matrix_key(ganstab_case *c, int id, const char *value, const char *where,
                          ganstab_error *err)
{
    if (id == GANSTAB_KEY_MODEL_GENERATOR_DIM) {
        errno = 0;
        char *end = NULL;
        long v = value[0] == '\0' ? 0 : strtol(value, &end, 10);
        if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
            v >= GANSTAB_MATRIX_GAME_MAX_N)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'generator_dim': expected an integer in 1..n-1 (the "
                                     "generator's components of the n-by-n matrix), got '%s'",
                                     value);
        c->matrix_generator_dim = (size_t)v;
        return GANSTAB_OK;
    }
    int rc = check_text("jacobian", value, where, err);
    if (rc != GANSTAB_OK)
        return rc;
    const char *slash = strrchr(c->file, '/');
    int dir = value[0] != '/' && slash != NULL ? (int)(slash - c->file) + 1 : 0;
    snprintf(c->matrix_file, sizeof c->matrix_file, "%s", value);
    snprintf(c->matrix_path, sizeof c->matrix_path, "%.*s%s", dir, c->file, value);
    return GANSTAB_OK;
}

int ganstab_case_set(ganstab_case *c, const char *section, const char *key, const char *value,
                     const char *where, ganstab_error *err)
{
    if (!ganstab_case_section_known(section))
        return ganstab_error_set(
            err, GANSTAB_EINVAL, where,
            "unknown section '[%s]' (expected case, regularizer, update, "
            "model, params, critical, table1, simulate, placements, heatmap, sweep, "
            "map, optimize or plot)",
            section);
    if (strcmp(section, "params") == 0)
        return set_param(c, key, value, where, err);
    int id = find_key(section, key);
    if (id < 0) {
        if (strcmp(section, "model") == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "unknown key '%s' in [model]: model '%s' has no "
                                     "model-specific keys",
                                     key, ganstab_model_name(c->model));
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "unknown key '%s' in [%s]", key,
                                 section);
    }
    const key_spec *k = &KEYS[id];
    int rc = GANSTAB_OK;
    switch (k->type) {
    case KEY_LQ:
        if ((rc = set_lq_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_GMM:
        if ((rc = set_gmm_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_MATRIX:
        if ((rc = set_matrix_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_SIM:
        if ((rc = set_sim_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_EXPECT:
        if ((rc = set_expect(c, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_EXPR:
        if (id == GANSTAB_KEY_MODEL_NODES) {
            errno = 0;
            char *end = NULL;
            long v = value[0] == '\0' ? 0 : strtol(value, &end, 10);
            if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
                v > GANSTAB_EXPR_NODES_MAX)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'nodes': expected an integer in 1..%d, got '%s'",
                                         GANSTAB_EXPR_NODES_MAX, value);
            c->expr_nodes = (size_t)v;
            break;
        }
        if ((rc = check_text(key, value, where, err)) != GANSTAB_OK)
            return rc;
        snprintf(c->expr_text[id - GANSTAB_KEY_MODEL_GENERATOR], GANSTAB_CASE_TEXT_MAX, "%s",
                 value);
        break;
    case KEY_HEATMAP:
        if ((rc = set_heatmap_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_STUDY:
        if ((rc = set_study_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_PLOT:
        if ((rc = set_plot_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_COMPARE:
        /* one optimizer per line; each is applied to the case in ganstab_case_validate */
        if ((rc = check_text(key, value, where, err)) != GANSTAB_OK)
            return rc;
        if (c->n_compare >= sizeof c->compare_spec / sizeof c->compare_spec[0])
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': more than %zu optimizers", key,
                                     sizeof c->compare_spec / sizeof c->compare_spec[0]);
        snprintf(c->compare_spec[c->n_compare], sizeof c->compare_spec[0], "%s", value);
        snprintf(c->compare_where[c->n_compare], sizeof c->compare_where[0], "%s",
                 where != NULL ? where : "");
        c->n_compare++;
        break;
    case KEY_AXIS: {
        /* FROM TO COUNT: a grid axis of left endpoints (gmm_map.h) */
        double v[3] = {0.0, 0.0, 0.0};
        size_t count = 0;
        if (!parse_numbers(value, v, 3, &count) || count != 3 || !(v[0] <= v[1]) ||
            !(v[2] >= 1.0) || v[2] > GANSTAB_GMM_MAP_MAX_AXIS || v[2] != floor(v[2]) ||
            (v[2] == 1.0 && v[0] != v[1]) || (v[2] > 1.0 && v[0] == v[1]))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected FROM TO COUNT with FROM < TO and COUNT "
                                     "an integer in 2..%d (or FROM = TO and COUNT 1), got '%s'",
                                     key, GANSTAB_GMM_MAP_MAX_AXIS, value);
        memcpy(id == GANSTAB_KEY_PLACEMENTS_L1 ? c->placements_l1 : c->placements_l2, v, sizeof v);
        break;
    }
    case KEY_TEXT:
        if ((rc = check_text(key, value, where, err)) != GANSTAB_OK)
            return rc;
        if (id == GANSTAB_KEY_CASE_TITLE) {
            snprintf(c->title, sizeof c->title, "%s", value);
        } else if (id == GANSTAB_KEY_TABLE1_METHOD) {
            snprintf(c->table1_method, sizeof c->table1_method, "%s", value);
        } else if (id == GANSTAB_KEY_TABLE1_NOTE) {
            snprintf(c->table1_note, sizeof c->table1_note, "%s", value);
        } else if (strncmp(value, "params.", 7) == 0) {
            /* a parameter of model expr: resolved now if declared, else when [params] declares
               it (checked in validate) */
            int i = find_param(c, value + 7);
            c->critical_param_pending[0] = '\0';
            if (i >= 0) {
                c->critical_param = (ganstab_case_key)(GANSTAB_KEY_PARAM_FIRST + i);
            } else {
                if (strlen(value) >= sizeof c->critical_param_pending)
                    return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                             "key 'param': '%s' is too long", value);
                snprintf(c->critical_param_pending, sizeof c->critical_param_pending, "%s", value);
                c->critical_param = GANSTAB_CASE_NKEYS;
            }
        } else { /* critical.param: a sweepable parameter name, checked fully in validate */
            c->critical_param_pending[0] = '\0';
            ganstab_case_key pk = GANSTAB_CASE_NKEYS;
            for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
                if (strcmp(ganstab_case_key_name((ganstab_case_key)i), value) == 0)
                    pk = (ganstab_case_key)i;
            if (pk == GANSTAB_CASE_NKEYS || param_ptr(c, pk) == NULL)
                return ganstab_error_set(
                    err, GANSTAB_EINVAL, where,
                    "key 'param': expected one of " REAL_PARAMS ", params.NAME, got '%s'", value);
            c->critical_param = pk;
        }
        break;
    case KEY_CHOICE: {
        int idx = choice_index(k->choices, value);
        if (idx < 0) {
            if (choice_index(k->planned, value) >= 0)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key '%s': '%s' is not supported in this version "
                                         "(supported: %s)",
                                         key, value, k->choices);
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected one of %s, got '%s'", key, k->choices,
                                     value);
        }
        switch (id) {
        case GANSTAB_KEY_CASE_MODEL:
            c->model = (ganstab_model_kind)idx;
            break;
        case GANSTAB_KEY_CASE_LOSS:
            c->loss = (ganstab_loss)idx;
            break;
        case GANSTAB_KEY_REG_KIND:
            c->reg_kind = (ganstab_regularizer_kind)idx;
            break;
        case GANSTAB_KEY_UPDATE_SCHEME:
            c->update.scheme = (ganstab_scheme)idx;
            break;
        case GANSTAB_KEY_UPDATE_VARIANT:
            c->update.variant = idx == 1   ? GANSTAB_VARIANT_ALTERNATING
                                : idx == 3 ? GANSTAB_VARIANT_ALIGNED
                                           : GANSTAB_VARIANT_DEFAULT;
            c->variant_choice = idx;
            break;
        case GANSTAB_KEY_UPDATE_BASE: {
            static const ganstab_scheme bases[] = {
                GANSTAB_SCHEME_SIMGD,         GANSTAB_SCHEME_ALTGD, GANSTAB_SCHEME_TTUR,
                GANSTAB_SCHEME_EXTRAGRADIENT, GANSTAB_SCHEME_SGA,   GANSTAB_SCHEME_CGD,
                GANSTAB_SCHEME_CONOPT};
            c->update.base = bases[idx];
            break;
        }
        case GANSTAB_KEY_SIMULATE_SCHEME:
            c->sim_scheme = (ganstab_scheme)idx;
            break;
        case GANSTAB_KEY_TABLE1_PAPER:
            c->table1_paper = idx;
            break;
        case GANSTAB_KEY_TABLE1_PAPER_AC:
            c->table1_paper_ac = idx;
            break;
        case GANSTAB_KEY_MODEL_DYNAMICS:
            /* a map x+ = F(x) is analysed as the update x+ = x + v(x), v = F - x: the operator
               of simgd with h = 1 (the user gives no [update] keys for it: validate) */
            c->expr_dynamics = (ganstab_expr_dynamics)idx;
            if (!c->set[GANSTAB_KEY_UPDATE_SCHEME])
                c->update.scheme = idx == 1 ? GANSTAB_SCHEME_SIMGD : GANSTAB_SCHEME_FLOW;
            if (!c->set[GANSTAB_KEY_UPDATE_H])
                c->update.h = idx == 1 ? 1.0 : 0.0;
            break;
        default:
            c->update.order = (ganstab_order)idx;
            break;
        }
        break;
    }
    case KEY_NUMBER: {
        double x = 0.0;
        if ((rc = check_number(k, value, &x, where, err)) != GANSTAB_OK)
            return rc;
        switch (id) {
        case GANSTAB_KEY_REG_GAMMA:
            c->gamma = x;
            break;
        case GANSTAB_KEY_REG_SIGMA:
            c->sigma = x;
            break;
        case GANSTAB_KEY_REG_G0:
            c->g0 = x;
            break;
        case GANSTAB_KEY_REG_ETA:
            c->eta = x;
            break;
        case GANSTAB_KEY_REG_CLIP:
            c->clip = x;
            break;
        case GANSTAB_KEY_UPDATE_H:
            c->update.h = x;
            break;
        case GANSTAB_KEY_UPDATE_HG:
            c->update.hg = x;
            break;
        case GANSTAB_KEY_UPDATE_HD:
            c->update.hd = x;
            break;
        case GANSTAB_KEY_CRITICAL_FROM:
            c->critical_from = x;
            break;
        case GANSTAB_KEY_TABLE1_H:
            c->table1_h = x;
            break;
        case GANSTAB_KEY_SIMULATE_T_END:
            c->sim_t_end = x;
            break;
        case GANSTAB_KEY_HEATMAP_STEP:
            c->heatmap_step = x;
            break;
        case GANSTAB_KEY_COMPARE_FROM:
            c->compare_from = x;
            break;
        case GANSTAB_KEY_COMPARE_TO:
            c->compare_to = x;
            break;
        case GANSTAB_KEY_UPDATE_HE:
        case GANSTAB_KEY_UPDATE_BETA:
        case GANSTAB_KEY_UPDATE_BETA_IM:
        case GANSTAB_KEY_UPDATE_ALPHA:
        case GANSTAB_KEY_UPDATE_LAMBDA:
        case GANSTAB_KEY_UPDATE_GAMMA:
            if (id == GANSTAB_KEY_UPDATE_ALPHA && x > 1.0)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'alpha': expected a number in (0, 1], got '%s'",
                                         value);
            *param_ptr(c, id) = x;
            break;
        default:
            c->critical_to = x;
            break;
        }
        break;
    }
    case KEY_COUNT: {
        unsigned v = 0;
        if ((rc = check_count(k, value, &v, where, err)) != GANSTAB_OK)
            return rc;
        if (id != GANSTAB_KEY_CRITICAL_SCAN && id != GANSTAB_KEY_TABLE1_STEPS &&
            v > GANSTAB_CASE_MAX_SUBSTEPS)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected an integer in 1..%d, got '%s'", key,
                                     GANSTAB_CASE_MAX_SUBSTEPS, value);
        if (id == GANSTAB_KEY_TABLE1_STEPS)
            c->table1_steps = v; /* at most GANSTAB_CROSSING_SCAN_MAX (check_count) */
        else if (id == GANSTAB_KEY_UPDATE_UNROLL)
            c->unroll = v;
        else if (id == GANSTAB_KEY_UPDATE_NG)
            c->update.ng = v;
        else if (id == GANSTAB_KEY_UPDATE_ND)
            c->update.nd = v;
        else if (id == GANSTAB_KEY_UPDATE_K)
            c->update.k = v;
        else if (v < GANSTAB_CROSSING_SCAN_MIN || v > GANSTAB_CROSSING_SCAN_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'scan': expected an integer in %d..%d, got '%s'",
                                     GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, value);
        else
            c->critical_scan = v;
        break;
    }
    }
    c->set[id] = 1;
    snprintf(c->where[id], sizeof c->where[id], "%s", where != NULL ? where : "");
    if (strcmp(section, "critical") == 0)
        c->has_critical = 1;
    if (strcmp(section, "table1") == 0)
        c->has_table1 = 1;
    if (strcmp(section, "simulate") == 0)
        c->has_simulate = 1;
    if (strcmp(section, "placements") == 0)
        c->has_placements = 1;
    if (strcmp(section, "heatmap") == 0)
        c->has_heatmap = 1;
    if (strcmp(section, "sweep") == 0)
        c->has_sweep = 1;
    if (strcmp(section, "map") == 0)
        c->has_map = 1;
    if (strcmp(section, "optimize") == 0)
        c->has_optimize = 1;
    if (strcmp(section, "plot") == 0)
        c->has_plot = 1;
    if (strcmp(section, "compare") == 0)
        c->has_compare = 1;
    return GANSTAB_OK;
}

int ganstab_case_set_assignment(ganstab_case *c, const char *assignment, ganstab_error *err)
{
    const char *eq = strchr(assignment, '=');
    const char *dot = strchr(assignment, '.');
    char where[GANSTAB_CASE_WHERE_MAX];
    if (eq == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set",
                                 "expected SECTION.KEY=VALUE, got '%s' (no '=')", assignment);
    if (dot == NULL || dot > eq || dot == assignment || dot + 1 == eq)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set",
                                 "expected SECTION.KEY=VALUE, got '%s'", assignment);
    size_t slen = (size_t)(dot - assignment), klen = (size_t)(eq - dot - 1);
    /* "update.h = 0.5" as one shell word: trim blanks around the name and the value. */
    while (slen > 0 && isspace((unsigned char)assignment[0])) {
        assignment++;
        slen--;
    }
    while (klen > 0 && isspace((unsigned char)dot[klen]))
        klen--;
    const char *value = eq + 1;
    while (isspace((unsigned char)*value))
        value++;
    char value_buf[GANSTAB_CASE_TEXT_MAX];
    size_t vlen = strlen(value);
    while (vlen > 0 && isspace((unsigned char)value[vlen - 1]))
        vlen--;
    if (vlen >= sizeof value_buf)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set", "value too long in '%s'",
                                 assignment);
    memcpy(value_buf, value, vlen);
    value_buf[vlen] = '\0';
    char section[64], key[64];
    if (slen >= sizeof section || klen >= sizeof key)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set", "name too long in '%s'", assignment);
    memcpy(section, assignment, slen);
    section[slen] = '\0';
    memcpy(key, dot + 1, klen);
    key[klen] = '\0';
    snprintf(where, sizeof where, "--set %s.%s", section, key);
    if (strcmp(section, "params") == 0 && find_param(c, key) < 0) {
        char known[GANSTAB_ERROR_MESSAGE_MAX / 2] = "";
        size_t used = 0;
        for (size_t i = 0; i < c->n_params && used + 40 < sizeof known; i++)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i > 0 ? ", " : "",
                                     c->params[i].name);
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "unknown parameter '%s' (--set changes parameters the case "
                                 "declares in [params]: %s)",
                                 key, used > 0 ? known : "it declares none");
    }
    return ganstab_case_set(c, section, key, value_buf, where, err);
}

/* Where to point a cross-key error: the key that made the other key necessary. */
static const char *where_of(const ganstab_case *c, ganstab_case_key key)
{
    if (c->set[key] && c->where[key][0] != '\0')
        return c->where[key];
    return c->file[0] != '\0' ? c->file : "case";
}

static int require(const ganstab_case *c, ganstab_case_key needed, ganstab_case_key because,
                   const char *because_value, ganstab_error *err)
{
    if (c->set[needed])
        return GANSTAB_OK;
    return ganstab_error_set(
        err, GANSTAB_EINVAL, where_of(c, because), "missing required key '%s' (needed by %s = %s)",
        ganstab_case_key_name(needed), ganstab_case_key_name(because), because_value);
}

/* Does the update (or its lookahead base) run scheme s? */
static int scheme_runs(const ganstab_update *u, ganstab_scheme s)
{
    return u->scheme == s || (u->scheme == GANSTAB_SCHEME_LOOKAHEAD && u->base == s);
}

/* NULL if [update] key `key` matters to the case's update rule, else why not (static text). */
static const char *update_key_why(const ganstab_case *c, ganstab_case_key key)
{
    const ganstab_update *u = &c->update;
    switch (key) {
    case GANSTAB_KEY_UPDATE_H:
        return u->scheme == GANSTAB_SCHEME_FLOW || u->scheme == GANSTAB_SCHEME_TTUR ||
                       (u->scheme == GANSTAB_SCHEME_LOOKAHEAD && u->base == GANSTAB_SCHEME_TTUR)
                   ? "update.scheme is flow or ttur (ttur steps with hg, hd)"
                   : NULL;
    case GANSTAB_KEY_UPDATE_HG:
    case GANSTAB_KEY_UPDATE_HD:
        return scheme_runs(u, GANSTAB_SCHEME_TTUR) ? NULL : "update.scheme is not ttur";
    case GANSTAB_KEY_UPDATE_NG:
    case GANSTAB_KEY_UPDATE_ND:
        return scheme_runs(u, GANSTAB_SCHEME_ALTGD) ? NULL : "update.scheme is not altgd";
    case GANSTAB_KEY_UPDATE_HE:
        return scheme_runs(u, GANSTAB_SCHEME_EXTRAGRADIENT) ||
                       u->scheme == GANSTAB_SCHEME_OPTIMISTIC
                   ? NULL
                   : "update.scheme is not extragradient or optimistic";
    case GANSTAB_KEY_UPDATE_BETA:
        return u->scheme == GANSTAB_SCHEME_MOMENTUM || u->scheme == GANSTAB_SCHEME_COMPLEX_MOMENTUM
                   ? NULL
                   : "update.scheme is not momentum or complex-momentum";
    case GANSTAB_KEY_UPDATE_BETA_IM:
        return u->scheme == GANSTAB_SCHEME_COMPLEX_MOMENTUM
                   ? NULL
                   : "update.scheme is not complex-momentum";
    case GANSTAB_KEY_UPDATE_VARIANT:
        return u->scheme == GANSTAB_SCHEME_MOMENTUM || scheme_runs(u, GANSTAB_SCHEME_SGA)
                   ? NULL
                   : "update.scheme is not momentum or sga";
    case GANSTAB_KEY_UPDATE_ORDER:
        return scheme_runs(u, GANSTAB_SCHEME_ALTGD) || (u->scheme == GANSTAB_SCHEME_MOMENTUM &&
                                                        u->variant == GANSTAB_VARIANT_ALTERNATING)
                   ? NULL
                   : "update.scheme is not altgd or alternating momentum";
    case GANSTAB_KEY_UPDATE_BASE:
    case GANSTAB_KEY_UPDATE_K:
    case GANSTAB_KEY_UPDATE_ALPHA:
        return u->scheme == GANSTAB_SCHEME_LOOKAHEAD ? NULL : "update.scheme is not lookahead";
    case GANSTAB_KEY_UPDATE_LAMBDA:
        return scheme_runs(u, GANSTAB_SCHEME_SGA) ? NULL : "update.scheme is not sga";
    case GANSTAB_KEY_UPDATE_GAMMA:
        return scheme_runs(u, GANSTAB_SCHEME_CONOPT) ? NULL : "update.scheme is not conopt";
    default:
        return "it is not an [update] key";
    }
}

/* The [update] keys update rule u needs (u: the case's, or the [simulate] scheme's with the
 * case's keys), each missing one reported at key `because` (update.scheme or simulate.scheme). */
static int require_update_keys(const ganstab_case *c, ganstab_scheme scheme,
                               ganstab_case_key because, ganstab_error *err)
{
    const char *name = ganstab_scheme_name(scheme);
    ganstab_case_key need[4];
    size_t n = 0;
    ganstab_scheme inner = scheme == GANSTAB_SCHEME_LOOKAHEAD && c->set[GANSTAB_KEY_UPDATE_BASE]
                               ? c->update.base
                               : scheme;
    if (scheme == GANSTAB_SCHEME_LOOKAHEAD)
        need[n++] = GANSTAB_KEY_UPDATE_BASE;
    if (inner == GANSTAB_SCHEME_TTUR) {
        need[n++] = GANSTAB_KEY_UPDATE_HG;
        need[n++] = GANSTAB_KEY_UPDATE_HD;
    } else if (inner != GANSTAB_SCHEME_FLOW && inner != GANSTAB_SCHEME_LOOKAHEAD) {
        need[n++] = GANSTAB_KEY_UPDATE_H;
    }
    if (inner == GANSTAB_SCHEME_MOMENTUM || inner == GANSTAB_SCHEME_COMPLEX_MOMENTUM)
        need[n++] = GANSTAB_KEY_UPDATE_BETA;
    if (inner == GANSTAB_SCHEME_COMPLEX_MOMENTUM)
        need[n++] = GANSTAB_KEY_UPDATE_BETA_IM;
    if (inner == GANSTAB_SCHEME_SGA)
        need[n++] = GANSTAB_KEY_UPDATE_LAMBDA;
    if (inner == GANSTAB_SCHEME_CONOPT)
        need[n++] = GANSTAB_KEY_UPDATE_GAMMA;
    for (size_t i = 0; i < n; i++) {
        int rc = require(c, need[i], because, name, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

/* The optimizers' [update] keys: each given one must matter to the scheme (a momentum beta with
 * simgd is a mistake worth an error, not a silent no-op), the variant must be one of the scheme's,
 * and an alternating or block-structured rule needs players. */
static int validate_update(const ganstab_case *c, int players, ganstab_error *err)
{
    static const ganstab_case_key keys[] = {
        GANSTAB_KEY_UPDATE_HE,      GANSTAB_KEY_UPDATE_BETA,   GANSTAB_KEY_UPDATE_BETA_IM,
        GANSTAB_KEY_UPDATE_VARIANT, GANSTAB_KEY_UPDATE_BASE,   GANSTAB_KEY_UPDATE_K,
        GANSTAB_KEY_UPDATE_ALPHA,   GANSTAB_KEY_UPDATE_LAMBDA, GANSTAB_KEY_UPDATE_GAMMA};
    const ganstab_update *u = &c->update;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *why = update_key_why(c, keys[i]);
        if (c->set[keys[i]] && why != NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, keys[i]),
                                     "key '%s': does not apply here (%s; scheme is %s)",
                                     KEYS[keys[i]].key, why, ganstab_scheme_name(u->scheme));
    }
    if (c->set[GANSTAB_KEY_UPDATE_VARIANT]) {
        int momentum = u->scheme == GANSTAB_SCHEME_MOMENTUM;
        if (momentum != (c->variant_choice <= 1))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_VARIANT),
                                     "key 'variant': %s takes %s, got '%s'",
                                     momentum ? "momentum" : "sga",
                                     momentum ? "simultaneous or alternating" : "plain or aligned",
                                     c->variant_choice == 0   ? "simultaneous"
                                     : c->variant_choice == 1 ? "alternating"
                                     : c->variant_choice == 2 ? "plain"
                                                              : "aligned");
    }
    int split = scheme_runs(u, GANSTAB_SCHEME_CGD) || scheme_runs(u, GANSTAB_SCHEME_ALTGD) ||
                scheme_runs(u, GANSTAB_SCHEME_TTUR) ||
                (u->scheme == GANSTAB_SCHEME_MOMENTUM && u->variant == GANSTAB_VARIANT_ALTERNATING);
    if (!players && split && u->scheme != GANSTAB_SCHEME_ALTGD && u->scheme != GANSTAB_SCHEME_TTUR)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_SCHEME),
                                 "key 'scheme': %s treats the generator and the discriminator "
                                 "differently; a field over 'state' has no players (name them "
                                 "with generator and discriminator)",
                                 ganstab_scheme_name(u->scheme));
    return GANSTAB_OK;
}

/* [compare]: the range inside (0, inf) with from < to, and every optimizer applicable to the
 * case's game (ganstab_compare_apply), each error at its line. */
static int validate_compare(const ganstab_case *c, ganstab_error *err)
{
    double from = c->set[GANSTAB_KEY_COMPARE_FROM] ? c->compare_from : GANSTAB_COMPARE_DEFAULT_FROM;
    double to = c->set[GANSTAB_KEY_COMPARE_TO] ? c->compare_to : GANSTAB_COMPARE_DEFAULT_TO;
    if (!(from < to))
        return ganstab_error_set(
            err, GANSTAB_EINVAL,
            where_of(c, c->set[GANSTAB_KEY_COMPARE_TO] ? GANSTAB_KEY_COMPARE_TO
                                                       : GANSTAB_KEY_COMPARE_FROM),
            "[compare]: expected from < to, got from = %.17g, to = %.17g", from, to);
    ganstab_case *tmp = malloc(sizeof *tmp);
    if (tmp == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "case", "out of memory");
    int rc = GANSTAB_OK;
    for (size_t i = 0; rc == GANSTAB_OK && i < c->n_compare; i++)
        rc = ganstab_compare_apply(c, c->compare_spec[i], c->compare_where[i], tmp, err);
    free(tmp);
    return rc;
}

/* [simulate]: steps given; a flow needs t_end, nothing else may have it; the scheme suits the
 * model; expect only for model gmm (the behaviours are the GMM-GAN's). The start's length is
 * checked against the model's state dimension where the model is built (ganstab_simulate). */
static int validate_simulate(const ganstab_case *c, ganstab_error *err)
{
    const char *at = c->file[0] != '\0' ? c->file : "case";
    if (!c->set[GANSTAB_KEY_SIMULATE_STEPS])
        return ganstab_error_set(err, GANSTAB_EINVAL, at, "[simulate]: missing required key '%s'",
                                 ganstab_case_key_name(GANSTAB_KEY_SIMULATE_STEPS));
    ganstab_scheme scheme = c->set[GANSTAB_KEY_SIMULATE_SCHEME] ? c->sim_scheme : c->update.scheme;
    const char *name = ganstab_scheme_name(scheme);
    if (scheme == GANSTAB_SCHEME_FLOW && !c->set[GANSTAB_KEY_SIMULATE_T_END])
        return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                 "[simulate]: missing required key 'simulate.t_end' (the horizon "
                                 "of a flow)");
    if (scheme != GANSTAB_SCHEME_FLOW && c->set[GANSTAB_KEY_SIMULATE_T_END])
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_T_END),
                                 "key 't_end': only a flow has a horizon (the simulation runs %s)",
                                 name);
    if ((scheme == GANSTAB_SCHEME_OPTIMAL || scheme == GANSTAB_SCHEME_UNROLLED) &&
        c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_SCHEME),
                                 "key 'scheme': '%s' is a dynamics of model gmm only", name);
    if (scheme != c->update.scheme) {
        /* the step sizes and coefficients the simulated scheme needs come from [update] */
        int rc = require_update_keys(c, scheme, GANSTAB_KEY_SIMULATE_SCHEME, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    if (c->set[GANSTAB_KEY_SIMULATE_EXPECT] && c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_EXPECT),
                                 "key 'expect': behaviours are detected for model gmm only");
    return GANSTAB_OK;
}

void ganstab_case_expr_spec(const ganstab_case *c, ganstab_case_expr *out)
{
    memset(out, 0, sizeof *out);
    out->spec.where = c->file[0] != '\0' ? c->file : "case";
    ganstab_expr_text *texts[GANSTAB_CASE_EXPR_TEXTS] = {&out->spec.generator,
                                                         &out->spec.discriminator,
                                                         &out->spec.state,
                                                         &out->spec.payoff,
                                                         &out->spec.generator_payoff,
                                                         &out->spec.field,
                                                         &out->spec.equilibrium,
                                                         &out->spec.guess,
                                                         &out->spec.data};
    for (int i = 0; i < GANSTAB_CASE_EXPR_TEXTS; i++) {
        int key = GANSTAB_KEY_MODEL_GENERATOR + i;
        texts[i]->text = c->expr_text[i][0] != '\0' ? c->expr_text[i] : NULL;
        texts[i]->where = c->set[key] && c->where[key][0] != '\0' ? c->where[key]
                          : c->file[0] != '\0'                    ? c->file
                                                                  : "case";
    }
    out->spec.dynamics = c->expr_dynamics;
    out->spec.nodes = c->expr_nodes;
    for (size_t i = 0; i < c->n_params && i < GANSTAB_EXPR_MAX_PARAMS; i++) {
        out->param_names[i] = c->params[i].name;
        out->param_values[i] = c->params[i].value;
    }
    out->spec.nparams = c->n_params;
    out->spec.param_names = out->param_names;
    out->spec.param_values = out->param_values;
    out->spec.start = c->expr_start_given ? c->expr_start : NULL;
    out->spec.curvature = c->reg_kind == GANSTAB_REG_CONOPT || c->reg_kind == GANSTAB_REG_NK;
}

/* Model expr: the formulas (expr.h), and what applies to them. A payoff (or a field over
 * generator and discriminator) is a game: every update rule, ConOpt and NK apply; a field over
 * `state` has no players (no altgd, ttur, nk); a map is its own update rule. Gradient penalties
 * and instance noise need the discriminator D(x) and the data it sees, which formulas of L do
 * not define. */
static int validate_expr(const ganstab_case *c, ganstab_error *err)
{
    ganstab_case_expr *ce = malloc(sizeof *ce);
    if (ce == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "case", "out of memory");
    ganstab_case_expr_spec(c, ce);
    size_t n = 0, n_g = 0;
    int rc = ganstab_expr_check(&ce->spec, &n, &n_g, err);
    free(ce);
    if (rc != GANSTAB_OK)
        return rc;
    int players = c->expr_text[GANSTAB_KEY_MODEL_STATE - GANSTAB_KEY_MODEL_GENERATOR][0] == '\0';
    int map = c->expr_dynamics == GANSTAB_EXPR_MAP;
    if (c->set[GANSTAB_KEY_CASE_LOSS])
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CASE_LOSS),
                                 "key 'loss': model expr writes its loss in the formulas (f, fns, "
                                 "fw); case.loss does not apply, got '%s'",
                                 ganstab_loss_name(c->loss));
    if (c->set[GANSTAB_KEY_MODEL_NODES] &&
        c->expr_text[GANSTAB_KEY_MODEL_DATA - GANSTAB_KEY_MODEL_GENERATOR][0] == '\0')
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MODEL_NODES),
                                 "key 'nodes': quadrature nodes are for data variables "
                                 "(model.data), and the model has none");
    const char *reg = ganstab_regularizer_name(c->reg_kind);
    switch (c->reg_kind) {
    case GANSTAB_REG_NONE:
        break;
    case GANSTAB_REG_CONOPT:
    case GANSTAB_REG_NK:
        if (map)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                     "key 'kind': a map (model.dynamics = map) is its own update "
                                     "rule; regularizer %s transforms a vector field",
                                     reg);
        if (c->reg_kind == GANSTAB_REG_NK && !players)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                     "key 'kind': regularizer nk acts on the generator through "
                                     "the discriminator's gradient; a field over 'state' has no "
                                     "players (name them with generator and discriminator)");
        break;
    default:
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                 "key 'kind': regularizer %s needs the discriminator's input "
                                 "gradient or the data distribution, which a formula for L does "
                                 "not define; model expr supports none, conopt and nk",
                                 reg);
    }
    /* every [update] key, and the [simulate] scheme (in key order) */
    for (int i = 0; map && i < GANSTAB_CASE_NKEYS; i++) {
        ganstab_case_key k = (ganstab_case_key)i;
        if (c->set[k] &&
            (ganstab_case_key_in_section(k, "update") || k == GANSTAB_KEY_SIMULATE_SCHEME))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, k),
                                     "key '%s': a map (model.dynamics = map) is its own update "
                                     "rule x+ = F(x); [update] keys do not apply",
                                     KEYS[k].key);
    }
    ganstab_scheme sim = c->set[GANSTAB_KEY_SIMULATE_SCHEME] ? c->sim_scheme : c->update.scheme;
    if (!players &&
        (c->update.scheme == GANSTAB_SCHEME_ALTGD || c->update.scheme == GANSTAB_SCHEME_TTUR ||
         sim == GANSTAB_SCHEME_ALTGD || sim == GANSTAB_SCHEME_TTUR)) {
        int in_sim =
            sim != c->update.scheme && (sim == GANSTAB_SCHEME_ALTGD || sim == GANSTAB_SCHEME_TTUR);
        ganstab_case_key k = in_sim ? GANSTAB_KEY_SIMULATE_SCHEME : GANSTAB_KEY_UPDATE_SCHEME;
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, k),
                                 "key 'scheme': %s updates the generator and the discriminator "
                                 "separately; a field over 'state' has no players (name them "
                                 "with generator and discriminator)",
                                 ganstab_scheme_name(in_sim ? sim : c->update.scheme));
    }
    (void)n;
    (void)n_g;
    return GANSTAB_OK;
}

/* Model matrix: only J is known, so only what needs J alone applies. Without generator_dim
 * there are no players (no altgd, ttur, cgd, alternating momentum, nk); gradient penalties and
 * instance noise need the discriminator D(x) and the data, which J does not give; ConOpt and NK
 * are exact (the curvature of a linear field is 0). No nonlinear field: nothing to simulate
 * ([simulate], and [table1], whose check simulates). The file is read here, so that a bad one
 * fails before any output. */
static int validate_matrix(const ganstab_case *c, ganstab_error *err)
{
    int rc = require(c, GANSTAB_KEY_MODEL_JACOBIAN, GANSTAB_KEY_CASE_MODEL, "matrix", err);
    if (rc != GANSTAB_OK)
        return rc;
    if (c->set[GANSTAB_KEY_CASE_LOSS])
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CASE_LOSS),
                                 "key 'loss': model matrix is given by its Jacobian J alone; "
                                 "case.loss does not apply, got '%s'",
                                 ganstab_loss_name(c->loss));
    int players = c->matrix_generator_dim > 0;
    const char *reg = ganstab_regularizer_name(c->reg_kind);
    if (c->reg_kind != GANSTAB_REG_NONE && c->reg_kind != GANSTAB_REG_CONOPT &&
        c->reg_kind != GANSTAB_REG_NK)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                 "key 'kind': regularizer %s needs the discriminator's input "
                                 "gradient or the data distribution, which the Jacobian J alone "
                                 "does not give; model matrix supports none, conopt and nk",
                                 reg);
    if (c->reg_kind == GANSTAB_REG_NK && !players)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                 "key 'kind': regularizer nk acts on the generator through the "
                                 "discriminator's gradient; model matrix needs model.generator_dim "
                                 "to know which components are the generator's");
    const ganstab_update *u = &c->update;
    int split = scheme_runs(u, GANSTAB_SCHEME_CGD) || scheme_runs(u, GANSTAB_SCHEME_ALTGD) ||
                scheme_runs(u, GANSTAB_SCHEME_TTUR) ||
                (u->scheme == GANSTAB_SCHEME_MOMENTUM && u->variant == GANSTAB_VARIANT_ALTERNATING);
    if (split && !players)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_SCHEME),
                                 "key 'scheme': %s treats the generator and the discriminator "
                                 "differently; model matrix needs model.generator_dim to know "
                                 "which components are the generator's",
                                 ganstab_scheme_name(u->scheme));
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
        if (c->set[i] && (ganstab_case_key_in_section((ganstab_case_key)i, "simulate") ||
                          ganstab_case_key_in_section((ganstab_case_key)i, "table1")))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, (ganstab_case_key)i),
                                     "[%s]: model matrix has no nonlinear field to simulate (only "
                                     "its Jacobian J)",
                                     KEYS[i].section);
    size_t n = 0;
    if ((rc = ganstab_matrix_game_read(c->matrix_path, NULL, &n, err)) != GANSTAB_OK)
        return rc;
    if (c->matrix_generator_dim >= n)
        return ganstab_error_set(
            err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MODEL_GENERATOR_DIM),
            "key 'generator_dim': expected an integer in 1..%zu (n - 1 for the "
            "%zu-by-%zu matrix in %s), got %zu",
            n - 1, n, n, c->matrix_path, c->matrix_generator_dim);
    return GANSTAB_OK;
}

/* A study's parameter and range against the case (the same checks as `sweep`, `map` and
 * `optimize` make on their options), each error at the key that caused it. */
static int validate_studies(const ganstab_case *c, ganstab_error *err)
{
    const char *at = c->file[0] != '\0' ? c->file : "case";
    ganstab_axis axis;
    ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
    int rc = GANSTAB_OK;
    if (c->has_sweep) {
        static const ganstab_case_key need[] = {GANSTAB_KEY_SWEEP_PARAM, GANSTAB_KEY_SWEEP_FROM,
                                                GANSTAB_KEY_SWEEP_TO, GANSTAB_KEY_SWEEP_STEPS};
        for (size_t i = 0; i < 4; i++)
            if (!c->set[need[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                         "[sweep]: missing required key '%s'",
                                         ganstab_case_key_name(need[i]));
        if ((rc = ganstab_case_param_lookup(c, c->sweep_param, where_of(c, GANSTAB_KEY_SWEEP_PARAM),
                                            &key, err)) != GANSTAB_OK ||
            (rc = ganstab_axis_init(c, c->sweep_param, c->sweep_from, c->sweep_to,
                                    c->sweep_steps + 1, 2, GANSTAB_STUDY_MAX_STEPS + 1,
                                    where_of(c, GANSTAB_KEY_SWEEP_TO), &axis, err)) != GANSTAB_OK)
            return rc;
    }
    if (c->has_map) {
        static const ganstab_case_key axes[] = {GANSTAB_KEY_MAP_X, GANSTAB_KEY_MAP_Y};
        ganstab_case_key keys[2] = {GANSTAB_KEY_REG_GAMMA, GANSTAB_KEY_REG_GAMMA};
        for (size_t a = 0; a < 2; a++) {
            if (!c->set[axes[a]])
                return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                         "[map]: missing required key '%s'",
                                         ganstab_case_key_name(axes[a]));
            if ((rc = ganstab_axis_init(c, c->map_param[a], c->map_from[a], c->map_to[a],
                                        c->map_count[a], GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX,
                                        where_of(c, axes[a]), &axis, err)) != GANSTAB_OK)
                return rc;
            keys[a] = axis.key;
        }
        if (keys[0] == keys[1])
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MAP_Y),
                                     "key 'y': '%s' is already map.x's parameter", c->map_param[1]);
    }
    if (c->has_optimize) {
        if (!c->set[GANSTAB_KEY_OPTIMIZE_PARAM])
            return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                     "[optimize]: missing required key 'optimize.param'");
        int given = c->set[GANSTAB_KEY_OPTIMIZE_FROM] + c->set[GANSTAB_KEY_OPTIMIZE_TO];
        if (given == 1)
            return ganstab_error_set(err, GANSTAB_EINVAL,
                                     where_of(c, c->set[GANSTAB_KEY_OPTIMIZE_FROM]
                                                     ? GANSTAB_KEY_OPTIMIZE_FROM
                                                     : GANSTAB_KEY_OPTIMIZE_TO),
                                     "[optimize]: give both 'from' and 'to', or neither");
        int geometric = 0;
        if ((rc = ganstab_optimize_axis_init(c, c->optimize_param, given == 2, c->optimize_from,
                                             c->optimize_to, c->optimize_scan,
                                             where_of(c, GANSTAB_KEY_OPTIMIZE_PARAM), &axis,
                                             &geometric, err)) != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

/* [plot] axes name two components of the model's state (a phase portrait needs a plane);
 * window only applies with a two-dimensional state or explicit axes. */
static int validate_plot(const ganstab_case *c, ganstab_error *err)
{
    size_t n = 0;
    int rc = ganstab_case_dimension(c, &n, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (c->set[GANSTAB_KEY_PLOT_WINDOW] && n != 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_PLOT_WINDOW),
                                 "key 'window': the phase portrait needs a two-dimensional state; "
                                 "model %s has %zu components",
                                 ganstab_model_name(c->model), n);
    if (!c->set[GANSTAB_KEY_PLOT_AXES])
        return GANSTAB_OK;
    if (n != 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_PLOT_AXES),
                                 "key 'axes': the phase portrait needs a two-dimensional state; "
                                 "model %s has %zu components",
                                 ganstab_model_name(c->model), n);
    ganstab_game g;
    if ((rc = ganstab_game_init(c, &g, err)) != GANSTAB_OK)
        return rc;
    for (size_t a = 0; a < 2 && rc == GANSTAB_OK; a++) {
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(g.model->state_names[i], c->plot_axes[a]) == 0;
        if (!found)
            rc = ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_PLOT_AXES),
                                   "key 'axes': '%s' is not a state component of model %s "
                                   "(%s, %s)",
                                   c->plot_axes[a], ganstab_model_name(c->model),
                                   g.model->state_names[0], g.model->state_names[1]);
    }
    ganstab_game_free(&g);
    return rc;
}

int ganstab_case_validate(const ganstab_case *c, ganstab_error *err)
{
    int rc = GANSTAB_OK;
    if (!c->set[GANSTAB_KEY_CASE_MODEL])
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "case",
                                 "missing required key 'case.model' (expected one of dirac, lq2d, "
                                 "lq, gmm, expr, matrix)");
    static const struct {
        ganstab_case_key key;
        ganstab_model_kind model;
    } model_keys[] = {{GANSTAB_KEY_MODEL_DIM, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_MEAN, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_COV, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_MU_STAR, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_DISC, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_MODE_COLLAPSE, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_GENERATOR, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_DISCRIMINATOR, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_STATE, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_PAYOFF, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_GENERATOR_PAYOFF, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_FIELD, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_EQUILIBRIUM, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_GUESS, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_DATA, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_DYNAMICS, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_NODES, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_JACOBIAN, GANSTAB_MODEL_MATRIX},
                      {GANSTAB_KEY_MODEL_GENERATOR_DIM, GANSTAB_MODEL_MATRIX}};
    for (size_t i = 0; i < sizeof model_keys / sizeof model_keys[0]; i++)
        if (c->set[model_keys[i].key] && c->model != model_keys[i].model)
            return ganstab_error_set(
                err, GANSTAB_EINVAL, where_of(c, model_keys[i].key),
                "unknown key '%s' in [model]: model '%s' has no such key (%s is a key of model "
                "%s)",
                KEYS[model_keys[i].key].key, ganstab_model_name(c->model),
                KEYS[model_keys[i].key].name, ganstab_model_name(model_keys[i].model));
    if (c->model == GANSTAB_MODEL_GMM) {
        static const ganstab_case_key need[] = {GANSTAB_KEY_MODEL_MU_STAR, GANSTAB_KEY_MODEL_DISC};
        for (size_t i = 0; i < 2; i++)
            if ((rc = require(c, need[i], GANSTAB_KEY_CASE_MODEL, "gmm", err)) != GANSTAB_OK)
                return rc;
        if (c->loss != GANSTAB_LOSS_STANDARD)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CASE_LOSS),
                                     "key 'loss': model gmm has its own payoff (Li et al. 2018, "
                                     "eq. (6)); case.loss does not apply, got '%s'",
                                     ganstab_loss_name(c->loss));
        if (c->reg_kind != GANSTAB_REG_NONE && c->reg_kind != GANSTAB_REG_NOISE)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                     "key 'kind': model gmm supports regularizer none or noise "
                                     "(its discriminator is an indicator: gradient penalties and "
                                     "curvature terms are undefined), got '%s'",
                                     ganstab_regularizer_name(c->reg_kind));
    } else if (c->update.scheme == GANSTAB_SCHEME_OPTIMAL ||
               c->update.scheme == GANSTAB_SCHEME_UNROLLED) {
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_SCHEME),
                                 "key 'scheme': '%s' is a dynamics of model gmm only",
                                 ganstab_scheme_name(c->update.scheme));
    }
    if (c->model == GANSTAB_MODEL_EXPR) {
        if ((rc = validate_expr(c, err)) != GANSTAB_OK)
            return rc;
    } else if (c->model == GANSTAB_MODEL_MATRIX && (rc = validate_matrix(c, err)) != GANSTAB_OK) {
        return rc;
    } else if (c->n_params > 0) {
        return ganstab_error_set(err, GANSTAB_EINVAL, c->params[0].where,
                                 "[params]: named parameters are for model expr (the model is "
                                 "%s)",
                                 ganstab_model_name(c->model));
    }
    /* unroll counts for the unrolled scheme and for a [heatmap] with unrolled dynamics */
    if (c->set[GANSTAB_KEY_UPDATE_UNROLL] && c->update.scheme != GANSTAB_SCHEME_UNROLLED &&
        !(c->has_heatmap && (c->heatmap_dynamics & (1u << GANSTAB_GMM_UNROLLED))))
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_UNROLL),
                                 "key 'unroll': only update.scheme = unrolled or a [heatmap] of "
                                 "unrolled dynamics has unrolled steps (scheme is %s)",
                                 ganstab_scheme_name(c->update.scheme));
    if (c->model == GANSTAB_MODEL_LQ) {
        if (c->set[GANSTAB_KEY_MODEL_MEAN] && c->lq_mean_count != c->lq_dim)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MODEL_MEAN),
                                     "key 'mean': expected dim = %zu numbers, got %zu", c->lq_dim,
                                     c->lq_mean_count);
        double *cov = malloc(c->lq_dim * c->lq_dim * sizeof *cov);
        if (cov == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "case", "out of memory");
        rc = ganstab_case_lq_covariance(c, cov, err);
        free(cov);
        if (rc != GANSTAB_OK)
            return rc;
    }
    if (ganstab_case_uses_gamma(c) &&
        (rc = require(c, GANSTAB_KEY_REG_GAMMA, GANSTAB_KEY_REG_KIND,
                      ganstab_regularizer_name(c->reg_kind), err)) != GANSTAB_OK)
        return rc;
    if (c->reg_kind == GANSTAB_REG_NOISE &&
        (rc = require(c, GANSTAB_KEY_REG_SIGMA, GANSTAB_KEY_REG_KIND, "noise", err)) != GANSTAB_OK)
        return rc;
    if (c->reg_kind == GANSTAB_REG_NK &&
        (rc = require(c, GANSTAB_KEY_REG_ETA, GANSTAB_KEY_REG_KIND, "nk", err)) != GANSTAB_OK)
        return rc;
    int map = c->model == GANSTAB_MODEL_EXPR && c->expr_dynamics == GANSTAB_EXPR_MAP;
    /* a map is its own update rule (validate_expr) */
    if (!map && (rc = require_update_keys(c, c->update.scheme, GANSTAB_KEY_UPDATE_SCHEME, err)) !=
                    GANSTAB_OK)
        return rc;
    int players = c->model != GANSTAB_MODEL_EXPR ||
                  c->expr_text[GANSTAB_KEY_MODEL_STATE - GANSTAB_KEY_MODEL_GENERATOR][0] == '\0';
    if ((rc = validate_update(c, players, err)) != GANSTAB_OK)
        return rc;
    if (c->has_table1) {
        static const ganstab_case_key t1[] = {GANSTAB_KEY_TABLE1_METHOD, GANSTAB_KEY_TABLE1_PAPER};
        for (size_t i = 0; i < 2; i++)
            if (!c->set[t1[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[table1]: missing required key '%s'",
                                         ganstab_case_key_name(t1[i]));
    }
    if (c->has_compare && (rc = validate_compare(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_simulate && (rc = validate_simulate(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_placements) {
        static const ganstab_case_key axes[] = {GANSTAB_KEY_PLACEMENTS_L1,
                                                GANSTAB_KEY_PLACEMENTS_L2};
        for (size_t i = 0; i < 2; i++) {
            if (!c->set[axes[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[placements]: missing required key '%s'",
                                         ganstab_case_key_name(axes[i]));
            if (c->model != GANSTAB_MODEL_GMM)
                return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, axes[i]),
                                         "[placements]: a map of discriminator placements is for "
                                         "model gmm only");
        }
    }
    if (c->has_heatmap && c->model != GANSTAB_MODEL_GMM) {
        ganstab_case_key first = GANSTAB_KEY_HEATMAP_DYNAMICS;
        for (int k = GANSTAB_KEY_HEATMAP_DYNAMICS; k <= GANSTAB_KEY_HEATMAP_SEED; k++)
            if (c->set[k]) {
                first = (ganstab_case_key)k;
                break;
            }
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, first),
                                 "[heatmap]: success heatmaps are for model gmm only");
    }
    for (size_t i = 0; i < c->n_expect; i++) {
        const char *names[GANSTAB_EXPR_MAX_PARAMS];
        double values[GANSTAB_EXPR_MAX_PARAMS];
        ganstab_sym_scope scope = {names, expect_scope(c, names, values)};
        ganstab_sym tree;
        const char *f = c->expect[i].formula;
        if ((rc = ganstab_sym_parse(f, strlen(f), 0, &scope, &tree, err)) != GANSTAB_OK) {
            char message[GANSTAB_ERROR_MESSAGE_MAX];
            snprintf(message, sizeof message, "%s", err != NULL ? err->message : "");
            return ganstab_error_set(err, rc, where_of(c, GANSTAB_KEY_CRITICAL_EXPECT),
                                     "key 'expect': '%s': %s", f, message);
        }
        unsigned long long uses = ganstab_sym_uses(&tree, tree.root);
        ganstab_sym_free(&tree);
        size_t swept = (size_t)(c->critical_param - GANSTAB_KEY_PARAM_FIRST);
        if (c->critical_param >= GANSTAB_KEY_PARAM_FIRST &&
            c->critical_param <= GANSTAB_KEY_PARAM_LAST && swept < 64 && (uses >> swept) & 1u)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_EXPECT),
                                     "key 'expect': '%s' uses '%s', the parameter being swept", f,
                                     c->params[swept].name);
        if (isnan(ganstab_case_expect_value(c, i)))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_EXPECT),
                                     "key 'expect': '%s' is not a finite number", f);
    }
    if (c->has_critical && c->critical_param_pending[0] != '\0')
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_PARAM),
                                 "key 'param': unknown parameter '%s' ([params] does not declare "
                                 "'%s')",
                                 c->critical_param_pending, c->critical_param_pending + 7);
    if ((rc = validate_studies(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_plot && (rc = validate_plot(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_critical) {
        static const ganstab_case_key crit[] = {GANSTAB_KEY_CRITICAL_PARAM,
                                                GANSTAB_KEY_CRITICAL_FROM, GANSTAB_KEY_CRITICAL_TO};
        for (size_t i = 0; i < 3; i++)
            if (!c->set[crit[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[critical]: missing required key '%s'",
                                         ganstab_case_key_name(crit[i]));
        if (!(c->critical_from < c->critical_to))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_TO),
                                     "key 'to': must be greater than critical.from (%g), got %g",
                                     c->critical_from, c->critical_to);
        ganstab_case_key k;
        if ((rc = ganstab_case_param_lookup(c, ganstab_case_param_name(c, c->critical_param),
                                            where_of(c, GANSTAB_KEY_CRITICAL_PARAM), &k, err)) !=
            GANSTAB_OK) {
            if (err != NULL) {
                char msg[GANSTAB_ERROR_MESSAGE_MAX], at[GANSTAB_ERROR_WHERE_MAX];
                snprintf(msg, sizeof msg, "%s", err->message);
                snprintf(at, sizeof at, "%s", err->where);
                ganstab_error_set(err, rc, at,
                                  "[critical] sweep: %s; change critical.param with --set or "
                                  "remove the [critical] section",
                                  msg);
            }
            return rc;
        }
        ganstab_case tmp = *c;
        if ((rc = ganstab_case_param_set(&tmp, k, c->critical_from,
                                         where_of(c, GANSTAB_KEY_CRITICAL_FROM), err)) !=
                GANSTAB_OK ||
            (rc = ganstab_case_param_set(&tmp, k, c->critical_to,
                                         where_of(c, GANSTAB_KEY_CRITICAL_TO), err)) != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

/* Is `key` a numeric parameter held by the case (a double, or the integers ng, nd)? */
static const void *param_ptr_const(const ganstab_case *c, ganstab_case_key key)
{
    if (key == GANSTAB_KEY_UPDATE_NG)
        return &c->update.ng;
    if (key == GANSTAB_KEY_UPDATE_ND)
        return &c->update.nd;
    if (key == GANSTAB_KEY_UPDATE_K)
        return &c->update.k;
    return param_ptr((ganstab_case *)c, key);
}

/* Does the parameter change anything in this case? */
static int param_has_effect(const ganstab_case *c, ganstab_case_key key, const char **why)
{
    switch (key) {
    case GANSTAB_KEY_REG_GAMMA:
        *why = "regularizer.kind has no gamma (it is none or noise)";
        return ganstab_case_uses_gamma(c);
    case GANSTAB_KEY_REG_G0:
        *why = "regularizer.kind is not wgan-gp or dragan";
        return c->reg_kind == GANSTAB_REG_WGAN_GP || c->reg_kind == GANSTAB_REG_DRAGAN;
    case GANSTAB_KEY_REG_ETA:
        *why = "regularizer.kind is not nk";
        return c->reg_kind == GANSTAB_REG_NK;
    case GANSTAB_KEY_REG_SIGMA:
        *why = "regularizer.kind is not noise";
        return c->reg_kind == GANSTAB_REG_NOISE;
    case GANSTAB_KEY_UPDATE_H:
    case GANSTAB_KEY_UPDATE_HG:
    case GANSTAB_KEY_UPDATE_HD:
    case GANSTAB_KEY_UPDATE_NG:
    case GANSTAB_KEY_UPDATE_ND:
    case GANSTAB_KEY_UPDATE_HE:
    case GANSTAB_KEY_UPDATE_BETA:
    case GANSTAB_KEY_UPDATE_BETA_IM:
    case GANSTAB_KEY_UPDATE_K:
    case GANSTAB_KEY_UPDATE_ALPHA:
    case GANSTAB_KEY_UPDATE_LAMBDA:
    case GANSTAB_KEY_UPDATE_GAMMA:
        *why = update_key_why(c, key);
        return *why == NULL;
    default:
        *why = "it is not a numeric parameter";
        return 0;
    }
}

static int is_param_key(ganstab_case_key key)
{
    return key >= GANSTAB_KEY_PARAM_FIRST && key <= GANSTAB_KEY_PARAM_LAST;
}

const char *ganstab_case_param_name(const ganstab_case *c, ganstab_case_key key)
{
    if (is_param_key(key)) {
        size_t i = (size_t)(key - GANSTAB_KEY_PARAM_FIRST);
        return i < c->n_params ? c->params[i].key : NULL;
    }
    return ganstab_case_key_name(key);
}

/* 1 if a formula of the expr case uses parameter i (else sweeping it changes nothing). */
static int expr_uses_param(const ganstab_case *c, size_t i, ganstab_error *err)
{
    ganstab_case_expr *ce = malloc(sizeof *ce);
    if (ce == NULL)
        return 0;
    ganstab_case_expr_spec(c, ce);
    int uses = ganstab_expr_uses_param(&ce->spec, c->params[i].name, err);
    free(ce);
    return uses;
}

int ganstab_case_param_is_integer(ganstab_case_key key)
{
    return key == GANSTAB_KEY_UPDATE_NG || key == GANSTAB_KEY_UPDATE_ND ||
           key == GANSTAB_KEY_UPDATE_K;
}

int ganstab_case_param_lookup(const ganstab_case *c, const char *name, const char *where,
                              ganstab_case_key *key, ganstab_error *err)
{
    if (name == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "no parameter given");
    if (strncmp(name, "params.", 7) == 0) {
        int i = find_param(c, name + 7);
        if (c->model != GANSTAB_MODEL_EXPR || i < 0)
            return ganstab_error_set(
                err, GANSTAB_EINVAL, where, "unknown parameter '%s' (%s)", name,
                c->model != GANSTAB_MODEL_EXPR ? "params.NAME names a [params] entry of model expr"
                                               : "[params] does not declare it");
        if (!expr_uses_param(c, (size_t)i, NULL))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "'%s' has no effect in this case (no formula uses '%s')", name,
                                     name + 7);
        *key = (ganstab_case_key)(GANSTAB_KEY_PARAM_FIRST + i);
        return GANSTAB_OK;
    }
    if (c->model == GANSTAB_MODEL_EXPR && c->expr_dynamics == GANSTAB_EXPR_MAP &&
        strncmp(name, "update.", 7) == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "'%s' has no effect in this case (model.dynamics is map: the "
                                 "update is the map itself)",
                                 name);
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++) {
        if (strcmp(ganstab_case_key_name((ganstab_case_key)i), name) != 0)
            continue;
        const char *why = NULL;
        if ((KEYS[i].type != KEY_NUMBER && !ganstab_case_param_is_integer((ganstab_case_key)i)) ||
            param_ptr_const(c, (ganstab_case_key)i) == NULL)
            return ganstab_error_set(
                err, GANSTAB_EINVAL, where,
                "'%s' is not a parameter that can be varied (expected " REAL_PARAMS
                ", params.NAME, or the integers " INTEGER_PARAMS ")",
                name);
        if (!param_has_effect(c, (ganstab_case_key)i, &why))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "'%s' has no effect in this case (%s)", name, why);
        *key = (ganstab_case_key)i;
        return GANSTAB_OK;
    }
    return ganstab_error_set(err, GANSTAB_EINVAL, where,
                             "unknown parameter '%s' (expected " REAL_PARAMS
                             ", params.NAME, or the integers " INTEGER_PARAMS ")",
                             name);
}

static double *param_ptr(ganstab_case *c, ganstab_case_key key)
{
    switch (key) {
    case GANSTAB_KEY_REG_GAMMA:
        return &c->gamma;
    case GANSTAB_KEY_REG_SIGMA:
        return &c->sigma;
    case GANSTAB_KEY_REG_G0:
        return &c->g0;
    case GANSTAB_KEY_REG_ETA:
        return &c->eta;
    case GANSTAB_KEY_UPDATE_H:
        return &c->update.h;
    case GANSTAB_KEY_UPDATE_HG:
        return &c->update.hg;
    case GANSTAB_KEY_UPDATE_HD:
        return &c->update.hd;
    case GANSTAB_KEY_UPDATE_HE:
        return &c->update.he;
    case GANSTAB_KEY_UPDATE_BETA:
        return &c->update.beta;
    case GANSTAB_KEY_UPDATE_BETA_IM:
        return &c->update.beta_im;
    case GANSTAB_KEY_UPDATE_ALPHA:
        return &c->update.alpha;
    case GANSTAB_KEY_UPDATE_LAMBDA:
        return &c->update.lambda;
    case GANSTAB_KEY_UPDATE_GAMMA:
        return &c->update.gamma;
    default:
        return NULL;
    }
}

int ganstab_case_param_set(ganstab_case *c, ganstab_case_key key, double value, const char *where,
                           ganstab_error *err)
{
    if (is_param_key(key)) {
        size_t i = (size_t)(key - GANSTAB_KEY_PARAM_FIRST);
        if (i >= c->n_params)
            return ganstab_error_set(err, GANSTAB_EINVAL, where, "no such parameter");
        if (!isfinite(value))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "%s: expected a finite number, got %.17g", c->params[i].key,
                                     value);
        c->params[i].value = value;
        return GANSTAB_OK;
    }
    if (ganstab_case_param_is_integer(key)) {
        if (!(value >= 1.0 && value <= (double)GANSTAB_CASE_MAX_SUBSTEPS) || value != floor(value))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "%s: expected an integer in 1..%d, got %.17g",
                                     ganstab_case_key_name(key), GANSTAB_CASE_MAX_SUBSTEPS, value);
        unsigned v = (unsigned)value;
        if (key == GANSTAB_KEY_UPDATE_NG)
            c->update.ng = v;
        else if (key == GANSTAB_KEY_UPDATE_ND)
            c->update.nd = v;
        else
            c->update.k = v;
        c->set[key] = 1;
        return GANSTAB_OK;
    }
    double *p = param_ptr(c, key);
    if (p == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "'%s' is not a numeric parameter",
                                 ganstab_case_key_name(key));
    const key_spec *k = &KEYS[key];
    if (!isfinite(value) || (k->domain == DOM_POSITIVE && !(value > 0.0)) ||
        (k->domain == DOM_NONNEG && !(value >= 0.0)) ||
        (key == GANSTAB_KEY_UPDATE_ALPHA && value > 1.0))
        return ganstab_error_set(
            err, GANSTAB_EINVAL, where, "%s: expected %s, got %.17g", ganstab_case_key_name(key),
            key == GANSTAB_KEY_UPDATE_ALPHA ? "a number in (0, 1]" : domain_text(k->domain), value);
    *p = value;
    c->set[key] = 1;
    return GANSTAB_OK;
}

double ganstab_case_param_get(const ganstab_case *c, ganstab_case_key key)
{
    if (is_param_key(key)) {
        size_t i = (size_t)(key - GANSTAB_KEY_PARAM_FIRST);
        return i < c->n_params ? c->params[i].value : NAN;
    }
    if (key == GANSTAB_KEY_UPDATE_NG)
        return (double)c->update.ng;
    if (key == GANSTAB_KEY_UPDATE_ND)
        return (double)c->update.nd;
    if (key == GANSTAB_KEY_UPDATE_K)
        return (double)c->update.k;
    double *p = param_ptr((ganstab_case *)c, key);
    return p != NULL ? *p : NAN;
}

static void add_text(ganstab_case_param *out, size_t max, size_t *n, const char *name,
                     const char *text)
{
    if (*n < max)
        out[*n] = (ganstab_case_param){name, 0, 0.0, text};
    (*n)++;
}

static void add_number(ganstab_case_param *out, size_t max, size_t *n, const char *name, double x)
{
    if (*n < max)
        out[*n] = (ganstab_case_param){name, 1, x, NULL};
    (*n)++;
}

/* The keys of the optimizers of games that matter to the case's update rule, in key order. */
static void add_optimizer_parameters(const ganstab_case *c, ganstab_case_param *out, size_t max,
                                     size_t *n)
{
    const ganstab_update *u = &c->update;
    if (u->scheme == GANSTAB_SCHEME_LOOKAHEAD) {
        add_text(out, max, n, "update.base", ganstab_scheme_name(u->base));
        add_number(out, max, n, "update.k", (double)u->k);
        add_number(out, max, n, "update.alpha", u->alpha);
    }
    static const ganstab_case_key keys[] = {
        GANSTAB_KEY_UPDATE_H,       GANSTAB_KEY_UPDATE_HG,     GANSTAB_KEY_UPDATE_HD,
        GANSTAB_KEY_UPDATE_NG,      GANSTAB_KEY_UPDATE_ND,     GANSTAB_KEY_UPDATE_ORDER,
        GANSTAB_KEY_UPDATE_HE,      GANSTAB_KEY_UPDATE_BETA,   GANSTAB_KEY_UPDATE_BETA_IM,
        GANSTAB_KEY_UPDATE_VARIANT, GANSTAB_KEY_UPDATE_LAMBDA, GANSTAB_KEY_UPDATE_GAMMA};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ganstab_case_key k = keys[i];
        if (update_key_why(c, k) != NULL)
            continue;
        if (k == GANSTAB_KEY_UPDATE_ORDER)
            add_text(out, max, n, KEYS[k].name, ganstab_order_name(u->order));
        else if (k == GANSTAB_KEY_UPDATE_VARIANT)
            add_text(out, max, n, KEYS[k].name,
                     u->variant == GANSTAB_VARIANT_ALTERNATING ? "alternating"
                     : u->variant == GANSTAB_VARIANT_ALIGNED   ? "aligned"
                     : u->scheme == GANSTAB_SCHEME_MOMENTUM    ? "simultaneous"
                                                               : "plain");
        else if (k == GANSTAB_KEY_UPDATE_HE)
            add_number(out, max, n, KEYS[k].name, ganstab_update_he(u));
        else
            add_number(out, max, n, KEYS[k].name, ganstab_case_param_get(c, k));
    }
}

size_t ganstab_case_parameters(const ganstab_case *c, ganstab_case_param *out, size_t max)
{
    size_t n = 0;
    add_text(out, max, &n, "case.model", ganstab_model_name(c->model));
    /* gmm has its own payoff (gmm.h, rule 6); expr writes its loss in the formulas */
    if (c->model != GANSTAB_MODEL_GMM && c->model != GANSTAB_MODEL_EXPR &&
        c->model != GANSTAB_MODEL_MATRIX)
        add_text(out, max, &n, "case.loss", ganstab_loss_name(c->loss));
    if (c->model == GANSTAB_MODEL_MATRIX) {
        add_text(out, max, &n, "model.jacobian", c->matrix_file);
        if (c->matrix_generator_dim > 0)
            add_number(out, max, &n, "model.generator_dim", (double)c->matrix_generator_dim);
    }
    int map = c->model == GANSTAB_MODEL_EXPR && c->expr_dynamics == GANSTAB_EXPR_MAP;
    if (c->model == GANSTAB_MODEL_EXPR) {
        for (int i = 0; i < GANSTAB_CASE_EXPR_TEXTS; i++)
            if (c->expr_text[i][0] != '\0')
                add_text(out, max, &n, KEYS[GANSTAB_KEY_MODEL_GENERATOR + i].name, c->expr_text[i]);
        if (c->expr_text[GANSTAB_KEY_MODEL_FIELD - GANSTAB_KEY_MODEL_GENERATOR][0] != '\0')
            add_text(out, max, &n, "model.dynamics", map ? "map" : "flow");
        if (c->expr_text[GANSTAB_KEY_MODEL_DATA - GANSTAB_KEY_MODEL_GENERATOR][0] != '\0')
            add_number(out, max, &n, "model.nodes",
                       (double)(c->expr_nodes != 0 ? c->expr_nodes : GANSTAB_EXPR_NODES_DEFAULT));
        for (size_t i = 0; i < c->n_params; i++)
            add_number(out, max, &n, c->params[i].key, c->params[i].value);
    }
    if (c->model == GANSTAB_MODEL_LQ) {
        add_number(out, max, &n, "model.dim", (double)c->lq_dim);
        add_text(out, max, &n, "model.mean", c->lq_mean_text);
        add_text(out, max, &n, "model.cov", c->lq_cov_text);
    }
    if (c->model == GANSTAB_MODEL_GMM) {
        add_number(out, max, &n, "model.mu_star[1]", c->gmm_mu_star[0]);
        add_number(out, max, &n, "model.mu_star[2]", c->gmm_mu_star[1]);
        static const char *const disc[] = {"model.disc[l1]", "model.disc[r1]", "model.disc[l2]",
                                           "model.disc[r2]"};
        for (size_t i = 0; i < 4; i++)
            add_number(out, max, &n, disc[i], c->gmm_disc[i]);
        add_number(out, max, &n, "model.mode_collapse", c->gmm_mode_collapse);
    }
    add_text(out, max, &n, "regularizer.kind", ganstab_regularizer_name(c->reg_kind));
    if (ganstab_case_uses_gamma(c))
        add_number(out, max, &n, "regularizer.gamma", c->gamma);
    if (c->reg_kind == GANSTAB_REG_NOISE)
        add_number(out, max, &n, "regularizer.sigma", c->sigma);
    if (c->reg_kind == GANSTAB_REG_NK)
        add_number(out, max, &n, "regularizer.eta", c->eta);
    if (c->reg_kind == GANSTAB_REG_WGAN_GP || c->reg_kind == GANSTAB_REG_DRAGAN)
        add_number(out, max, &n, "regularizer.g0", c->g0);
    if (c->set[GANSTAB_KEY_REG_CLIP])
        add_number(out, max, &n, "regularizer.clip", c->clip);
    if (map) { /* the map is the update rule: x+ = F(x) */
        add_text(out, max, &n, "update.scheme", "map");
        return n;
    }
    add_text(out, max, &n, "update.scheme", ganstab_scheme_name(c->update.scheme));
    switch (c->update.scheme) {
    case GANSTAB_SCHEME_SIMGD:
        add_number(out, max, &n, "update.h", c->update.h);
        break;
    case GANSTAB_SCHEME_ALTGD:
        add_number(out, max, &n, "update.h", c->update.h);
        add_number(out, max, &n, "update.ng", (double)c->update.ng);
        add_number(out, max, &n, "update.nd", (double)c->update.nd);
        add_text(out, max, &n, "update.order", ganstab_order_name(c->update.order));
        break;
    case GANSTAB_SCHEME_TTUR:
        add_number(out, max, &n, "update.hg", c->update.hg);
        add_number(out, max, &n, "update.hd", c->update.hd);
        break;
    case GANSTAB_SCHEME_OPTIMAL:
        add_number(out, max, &n, "update.h", c->update.h);
        break;
    case GANSTAB_SCHEME_UNROLLED:
        add_number(out, max, &n, "update.h", c->update.h);
        add_number(out, max, &n, "update.unroll", (double)c->unroll);
        break;
    case GANSTAB_SCHEME_FLOW:
        break;
    default:
        add_optimizer_parameters(c, out, max, &n);
        break;
    }
    return n;
}

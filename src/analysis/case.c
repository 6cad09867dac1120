#include "ganstab/case.h"

#include "ganstab/analysis.h"
#include "ganstab/critical.h"
#include "ganstab/gmm_map.h"

#include <ctype.h>
#include <errno.h>
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
    KEY_PLOT
} key_type;

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
                                "dirac|lq2d|lq|gmm", NULL},
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
    [GANSTAB_KEY_UPDATE_SCHEME] = {"update.scheme", "update", "scheme", KEY_CHOICE, DOM_ANY,
                                   "flow|simgd|altgd|ttur|optimal|unrolled",
                                   "extragradient|optimistic|momentum"},
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
    [GANSTAB_KEY_SIMULATE_SCHEME] = {"simulate.scheme", "simulate", "scheme", KEY_CHOICE, DOM_ANY,
                                     "flow|simgd|altgd|ttur|optimal|unrolled", NULL},
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
    [GANSTAB_KEY_PLOT_FIGURE] = {"plot.figure", "plot", "figure", KEY_PLOT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_PLOT_AXES] = {"plot.axes", "plot", "axes", KEY_PLOT, DOM_ANY, NULL, NULL},
    [GANSTAB_KEY_PLOT_WINDOW] = {"plot.window", "plot", "window", KEY_PLOT, DOM_ANY, NULL, NULL},
};

static const char *const SECTIONS[] = {"case",   "regularizer", "update",     "model", "critical",
                                       "table1", "simulate",    "placements", "plot"};

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
    c->critical_param = GANSTAB_CASE_NKEYS;
    c->g0 = 1.0;
    c->clip = 0.0;
    c->table1_paper_ac = -1;
    c->table1_h = 0.01;
    c->table1_steps = 20000;
    c->lq_dim = 1;
    c->gmm_mode_collapse = GANSTAB_GMM_MODE_COLLAPSE_DEFAULT;
    c->unroll = GANSTAB_UNROLL_DEFAULT;
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

static int find_key(const char *section, const char *key)
{
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
        if (strcmp(KEYS[i].section, section) == 0 && strcmp(KEYS[i].key, key) == 0)
            return i;
    return -1;
}

int ganstab_case_set(ganstab_case *c, const char *section, const char *key, const char *value,
                     const char *where, ganstab_error *err)
{
    if (!ganstab_case_section_known(section))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "unknown section '[%s]' (expected case, regularizer, update, "
                                 "model, critical, table1, simulate, placements or plot)",
                                 section);
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
    case KEY_SIM:
        if ((rc = set_sim_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_PLOT:
        if ((rc = set_plot_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
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
        if (value[0] == '\0')
            return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': empty value", key);
        if (strlen(value) >= GANSTAB_CASE_TEXT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': value longer than %d characters", key,
                                     GANSTAB_CASE_TEXT_MAX - 1);
        if (id == GANSTAB_KEY_CASE_TITLE) {
            snprintf(c->title, sizeof c->title, "%s", value);
        } else if (id == GANSTAB_KEY_TABLE1_METHOD) {
            snprintf(c->table1_method, sizeof c->table1_method, "%s", value);
        } else if (id == GANSTAB_KEY_TABLE1_NOTE) {
            snprintf(c->table1_note, sizeof c->table1_note, "%s", value);
        } else { /* critical.param: a sweepable parameter name, checked fully in validate */
            ganstab_case_key pk = GANSTAB_CASE_NKEYS;
            for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
                if (strcmp(ganstab_case_key_name((ganstab_case_key)i), value) == 0)
                    pk = (ganstab_case_key)i;
            if (pk != GANSTAB_KEY_REG_GAMMA && pk != GANSTAB_KEY_REG_SIGMA &&
                pk != GANSTAB_KEY_REG_G0 && pk != GANSTAB_KEY_REG_ETA &&
                pk != GANSTAB_KEY_UPDATE_H && pk != GANSTAB_KEY_UPDATE_HG &&
                pk != GANSTAB_KEY_UPDATE_HD)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'param': expected one of regularizer.gamma, "
                                         "regularizer.sigma, regularizer.g0, regularizer.eta, "
                                         "update.h, update.hg, update.hd, "
                                         "got '%s'",
                                         value);
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
        case GANSTAB_KEY_SIMULATE_SCHEME:
            c->sim_scheme = (ganstab_scheme)idx;
            break;
        case GANSTAB_KEY_TABLE1_PAPER:
            c->table1_paper = idx;
            break;
        case GANSTAB_KEY_TABLE1_PAPER_AC:
            c->table1_paper_ac = idx;
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
    if (strcmp(section, "plot") == 0)
        c->has_plot = 1;
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
        /* the step sizes the simulated scheme needs come from [update] */
        int rc = GANSTAB_OK;
        if ((scheme == GANSTAB_SCHEME_SIMGD || scheme == GANSTAB_SCHEME_ALTGD ||
             scheme == GANSTAB_SCHEME_OPTIMAL || scheme == GANSTAB_SCHEME_UNROLLED) &&
            (rc = require(c, GANSTAB_KEY_UPDATE_H, GANSTAB_KEY_SIMULATE_SCHEME, name, err)) !=
                GANSTAB_OK)
            return rc;
        if (scheme == GANSTAB_SCHEME_TTUR &&
            ((rc = require(c, GANSTAB_KEY_UPDATE_HG, GANSTAB_KEY_SIMULATE_SCHEME, name, err)) !=
                 GANSTAB_OK ||
             (rc = require(c, GANSTAB_KEY_UPDATE_HD, GANSTAB_KEY_SIMULATE_SCHEME, name, err)) !=
                 GANSTAB_OK))
            return rc;
    }
    if (c->set[GANSTAB_KEY_SIMULATE_EXPECT] && c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_EXPECT),
                                 "key 'expect': behaviours are detected for model gmm only");
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
                                 "lq, gmm)");
    static const struct {
        ganstab_case_key key;
        ganstab_model_kind model;
    } model_keys[] = {{GANSTAB_KEY_MODEL_DIM, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_MEAN, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_COV, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_MU_STAR, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_DISC, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_MODE_COLLAPSE, GANSTAB_MODEL_GMM}};
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
    if (c->set[GANSTAB_KEY_UPDATE_UNROLL] && c->update.scheme != GANSTAB_SCHEME_UNROLLED)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_UNROLL),
                                 "key 'unroll': only update.scheme = unrolled has unrolled steps "
                                 "(scheme is %s)",
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
    const char *scheme = ganstab_scheme_name(c->update.scheme);
    if ((c->update.scheme == GANSTAB_SCHEME_SIMGD || c->update.scheme == GANSTAB_SCHEME_ALTGD ||
         c->update.scheme == GANSTAB_SCHEME_OPTIMAL ||
         c->update.scheme == GANSTAB_SCHEME_UNROLLED) &&
        (rc = require(c, GANSTAB_KEY_UPDATE_H, GANSTAB_KEY_UPDATE_SCHEME, scheme, err)) !=
            GANSTAB_OK)
        return rc;
    if (c->update.scheme == GANSTAB_SCHEME_TTUR &&
        ((rc = require(c, GANSTAB_KEY_UPDATE_HG, GANSTAB_KEY_UPDATE_SCHEME, scheme, err)) !=
             GANSTAB_OK ||
         (rc = require(c, GANSTAB_KEY_UPDATE_HD, GANSTAB_KEY_UPDATE_SCHEME, scheme, err)) !=
             GANSTAB_OK))
        return rc;
    if (c->has_table1) {
        static const ganstab_case_key t1[] = {GANSTAB_KEY_TABLE1_METHOD, GANSTAB_KEY_TABLE1_PAPER};
        for (size_t i = 0; i < 2; i++)
            if (!c->set[t1[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[table1]: missing required key '%s'",
                                         ganstab_case_key_name(t1[i]));
    }
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
        if ((rc = ganstab_case_param_lookup(c, ganstab_case_key_name(c->critical_param),
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
        *why = "update.scheme is not simgd or altgd";
        return c->update.scheme == GANSTAB_SCHEME_SIMGD ||
               c->update.scheme == GANSTAB_SCHEME_ALTGD ||
               c->update.scheme == GANSTAB_SCHEME_OPTIMAL ||
               c->update.scheme == GANSTAB_SCHEME_UNROLLED;
    case GANSTAB_KEY_UPDATE_HG:
    case GANSTAB_KEY_UPDATE_HD:
        *why = "update.scheme is not ttur";
        return c->update.scheme == GANSTAB_SCHEME_TTUR;
    default:
        *why = "it is not a numeric parameter";
        return 0;
    }
}

int ganstab_case_param_lookup(const ganstab_case *c, const char *name, const char *where,
                              ganstab_case_key *key, ganstab_error *err)
{
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++) {
        if (strcmp(ganstab_case_key_name((ganstab_case_key)i), name) != 0)
            continue;
        const char *why = NULL;
        if (KEYS[i].type != KEY_NUMBER || i == GANSTAB_KEY_CRITICAL_FROM ||
            i == GANSTAB_KEY_CRITICAL_TO)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "'%s' is not a parameter that can be varied (expected "
                                     "regularizer.gamma, regularizer.sigma, regularizer.g0, "
                                     "regularizer.eta, update.h, update.hg or update.hd)",
                                     name);
        if (!param_has_effect(c, (ganstab_case_key)i, &why))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "'%s' has no effect in this case (%s)", name, why);
        *key = (ganstab_case_key)i;
        return GANSTAB_OK;
    }
    return ganstab_error_set(err, GANSTAB_EINVAL, where,
                             "unknown parameter '%s' (expected regularizer.gamma, "
                             "regularizer.sigma, regularizer.g0, regularizer.eta, update.h, "
                             "update.hg or update.hd)",
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
    default:
        return NULL;
    }
}

int ganstab_case_param_set(ganstab_case *c, ganstab_case_key key, double value, const char *where,
                           ganstab_error *err)
{
    double *p = param_ptr(c, key);
    if (p == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "'%s' is not a numeric parameter",
                                 ganstab_case_key_name(key));
    const key_spec *k = &KEYS[key];
    if (!isfinite(value) || (k->domain == DOM_POSITIVE && !(value > 0.0)) ||
        (k->domain == DOM_NONNEG && !(value >= 0.0)))
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "%s: expected %s, got %.17g",
                                 ganstab_case_key_name(key), domain_text(k->domain), value);
    *p = value;
    c->set[key] = 1;
    return GANSTAB_OK;
}

double ganstab_case_param_get(const ganstab_case *c, ganstab_case_key key)
{
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

size_t ganstab_case_parameters(const ganstab_case *c, ganstab_case_param *out, size_t max)
{
    size_t n = 0;
    add_text(out, max, &n, "case.model", ganstab_model_name(c->model));
    if (c->model != GANSTAB_MODEL_GMM) /* gmm has its own payoff (gmm.h, rule 6) */
        add_text(out, max, &n, "case.loss", ganstab_loss_name(c->loss));
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
    default:
        break;
    }
    return n;
}

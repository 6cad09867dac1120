/* A case's numeric parameters by name (ganstab_case_param_*): which keys studies may vary and
 * whether they matter to the case, their values, and the parameter table reports print. */
#include "ganstab/case.h"

#include "ganstab/critical.h"
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"

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

static const void *param_ptr_const(const ganstab_case *c, ganstab_case_key key)
{
    if (key == GANSTAB_KEY_UPDATE_NG)
        return &c->update.ng;
    if (key == GANSTAB_KEY_UPDATE_ND)
        return &c->update.nd;
    if (key == GANSTAB_KEY_UPDATE_K)
        return &c->update.k;
    return ganstab_case_param_ptr((ganstab_case *)c, key);
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
        *why = ganstab_case_update_key_why(c, key);
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
        int i = ganstab_case_find_param(c, name + 7);
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
        if ((ganstab_case_key_table[i].type != KEY_NUMBER &&
             !ganstab_case_param_is_integer((ganstab_case_key)i)) ||
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

double *ganstab_case_param_ptr(ganstab_case *c, ganstab_case_key key)
{
    if ((int)key < 0 || key >= GANSTAB_CASE_NKEYS || !ganstab_case_key_table[key].param)
        return NULL;
    return (double *)((char *)c + ganstab_case_key_table[key].offset);
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
    double *p = ganstab_case_param_ptr(c, key);
    if (p == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "'%s' is not a numeric parameter",
                                 ganstab_case_key_name(key));
    const ganstab_case_key_spec *k = &ganstab_case_key_table[key];
    if (!isfinite(value) || (k->domain == DOM_POSITIVE && !(value > 0.0)) ||
        (k->domain == DOM_NONNEG && !(value >= 0.0)) ||
        (key == GANSTAB_KEY_UPDATE_ALPHA && value > 1.0))
        return ganstab_error_set(
            err, GANSTAB_EINVAL, where, "%s: expected %s, got %.17g", ganstab_case_key_name(key),
            key == GANSTAB_KEY_UPDATE_ALPHA ? "a number in (0, 1]"
                                            : ganstab_case_domain_text(k->domain),
            value);
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
    double *p = ganstab_case_param_ptr((ganstab_case *)c, key);
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
        if (ganstab_case_update_key_why(c, k) != NULL)
            continue;
        if (k == GANSTAB_KEY_UPDATE_ORDER)
            add_text(out, max, n, ganstab_case_key_table[k].name, ganstab_order_name(u->order));
        else if (k == GANSTAB_KEY_UPDATE_VARIANT)
            add_text(out, max, n, ganstab_case_key_table[k].name,
                     u->variant == GANSTAB_VARIANT_ALTERNATING ? "alternating"
                     : u->variant == GANSTAB_VARIANT_ALIGNED   ? "aligned"
                     : u->scheme == GANSTAB_SCHEME_MOMENTUM    ? "simultaneous"
                                                               : "plain");
        else if (k == GANSTAB_KEY_UPDATE_HE)
            add_number(out, max, n, ganstab_case_key_table[k].name, ganstab_update_he(u));
        else
            add_number(out, max, n, ganstab_case_key_table[k].name, ganstab_case_param_get(c, k));
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
                add_text(out, max, &n, ganstab_case_key_table[GANSTAB_KEY_MODEL_GENERATOR + i].name,
                         c->expr_text[i]);
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

/* NULL if [update] key `key` matters to the case's update rule, else why not (static text). */
const char *ganstab_case_update_key_why(const ganstab_case *c, ganstab_case_key key)
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
        return ganstab_case_scheme_runs(u, GANSTAB_SCHEME_TTUR) ? NULL
                                                                : "update.scheme is not ttur";
    case GANSTAB_KEY_UPDATE_NG:
    case GANSTAB_KEY_UPDATE_ND:
        return ganstab_case_scheme_runs(u, GANSTAB_SCHEME_ALTGD) ? NULL
                                                                 : "update.scheme is not altgd";
    case GANSTAB_KEY_UPDATE_HE:
        return ganstab_case_scheme_runs(u, GANSTAB_SCHEME_EXTRAGRADIENT) ||
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
        return u->scheme == GANSTAB_SCHEME_MOMENTUM ||
                       ganstab_case_scheme_runs(u, GANSTAB_SCHEME_SGA)
                   ? NULL
                   : "update.scheme is not momentum or sga";
    case GANSTAB_KEY_UPDATE_ORDER:
        return ganstab_case_scheme_runs(u, GANSTAB_SCHEME_ALTGD) ||
                       (u->scheme == GANSTAB_SCHEME_MOMENTUM &&
                        u->variant == GANSTAB_VARIANT_ALTERNATING)
                   ? NULL
                   : "update.scheme is not altgd or alternating momentum";
    case GANSTAB_KEY_UPDATE_BASE:
    case GANSTAB_KEY_UPDATE_K:
    case GANSTAB_KEY_UPDATE_ALPHA:
        return u->scheme == GANSTAB_SCHEME_LOOKAHEAD ? NULL : "update.scheme is not lookahead";
    case GANSTAB_KEY_UPDATE_LAMBDA:
        return ganstab_case_scheme_runs(u, GANSTAB_SCHEME_SGA) ? NULL : "update.scheme is not sga";
    case GANSTAB_KEY_UPDATE_GAMMA:
        return ganstab_case_scheme_runs(u, GANSTAB_SCHEME_CONOPT) ? NULL
                                                                  : "update.scheme is not conopt";
    default:
        return "it is not an [update] key";
    }
}

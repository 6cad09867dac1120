/* A case from typed specifications (case.h, ganstab_case_from_spec): every value of a game spec
 * (game.h) and an update rule (update.h) set as a case file would set it, printed with %.17g so
 * that it reads back exactly, then validated. What a case can do (sweep, map, optimize, compare,
 * the whole pipeline of run.h) can then be done for a game built in C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/case.h"

#include "case_internal.h"

#define SPEC_WHERE "spec"

static int set_text(ganstab_case *c, const char *section, const char *key, const char *value,
                    ganstab_error *err)
{
    return ganstab_case_set(c, section, key, value, SPEC_WHERE, err);
}

/* Numbers as a blank-separated list, each %.17g (exact on reading back); malloc'ed. */
static char *number_list(const double *x, size_t n)
{
    size_t size = n * 26 + 1; /* " " and at most 24 characters of %.17g each */
    char *text = malloc(size);
    if (text == NULL)
        return NULL;
    size_t len = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, size - len, "%s%.17g", i > 0 ? " " : "", x[i]);
    return text;
}

static int set_numbers(ganstab_case *c, const char *section, const char *key, const double *x,
                       size_t n, ganstab_error *err)
{
    char *text = number_list(x, n);
    int rc = text == NULL ? ganstab_error_set(err, GANSTAB_ENOMEM, SPEC_WHERE, "out of memory")
                          : set_text(c, section, key, text, err);
    free(text);
    return rc;
}

static int set_number(ganstab_case *c, const char *section, const char *key, double x,
                      ganstab_error *err)
{
    return set_numbers(c, section, key, &x, 1, err);
}

static int set_model(ganstab_case *c, const ganstab_game_spec *s, ganstab_error *err)
{
    int rc = GANSTAB_OK;
    switch (s->model) {
    case GANSTAB_MODEL_LQ: {
        char dim[32];
        snprintf(dim, sizeof dim, "%zu", s->lq.dim);
        if (s->lq.mean == NULL || s->lq.cov == NULL || s->lq.dim == 0 ||
            s->lq.dim > GANSTAB_LQ_MAX_DIM)
            return ganstab_error_set(err, GANSTAB_EINVAL, SPEC_WHERE,
                                     "model lq needs lq.dim in 1..%d, lq.mean and lq.cov",
                                     GANSTAB_LQ_MAX_DIM);
        if ((rc = set_text(c, "model", "dim", dim, err)) == GANSTAB_OK &&
            (rc = set_numbers(c, "model", "mean", s->lq.mean, s->lq.dim, err)) == GANSTAB_OK)
            rc = set_numbers(c, "model", "cov", s->lq.cov, s->lq.dim * s->lq.dim, err);
        return rc;
    }
    case GANSTAB_MODEL_GMM:
        if ((rc = set_numbers(c, "model", "mu_star", s->gmm.mu_star, 2, err)) == GANSTAB_OK)
            rc = set_numbers(c, "model", "disc", s->gmm.disc, 4, err);
        return rc;
    case GANSTAB_MODEL_EXPR: {
        const ganstab_expr_spec *x = s->expr;
        if (x == NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, SPEC_WHERE,
                                     "model expr needs its formulas");
        const ganstab_expr_text *texts[GANSTAB_CASE_EXPR_TEXTS] = {
            &x->generator, &x->discriminator, &x->state, &x->payoff, &x->generator_payoff,
            &x->field,     &x->equilibrium,   &x->guess, &x->data};
        for (int i = 0; rc == GANSTAB_OK && i < GANSTAB_CASE_EXPR_TEXTS; i++)
            if (texts[i]->text != NULL)
                rc = set_text(c, "model",
                              ganstab_case_key_table[GANSTAB_KEY_MODEL_GENERATOR + i].key,
                              texts[i]->text, err);
        if (rc == GANSTAB_OK && x->dynamics == GANSTAB_EXPR_MAP)
            rc = set_text(c, "model", "dynamics", "map", err);
        if (rc == GANSTAB_OK && x->nodes > 0) {
            char nodes[32];
            snprintf(nodes, sizeof nodes, "%zu", x->nodes);
            rc = set_text(c, "model", "nodes", nodes, err);
        }
        for (size_t i = 0; rc == GANSTAB_OK && i < x->nparams; i++)
            rc = set_number(c, "params", x->param_names[i], x->param_values[i], err);
        return rc;
    }
    case GANSTAB_MODEL_MATRIX:
        return ganstab_error_set(err, GANSTAB_EINVAL, SPEC_WHERE,
                                 "a case names model matrix's Jacobian by its file; for a matrix "
                                 "in memory use ganstab_analyze_jacobian or the game "
                                 "(ganstab_game_build)");
    default:
        return GANSTAB_OK;
    }
}

static int set_regularizer(ganstab_case *c, const ganstab_game_spec *s, ganstab_error *err)
{
    int rc = set_text(c, "regularizer", "kind", ganstab_regularizer_name(s->regularizer), err);
    if (rc == GANSTAB_OK && ganstab_case_uses_gamma(c))
        rc = set_number(c, "regularizer", "gamma", s->gamma, err);
    if (rc == GANSTAB_OK && s->regularizer == GANSTAB_REG_NOISE)
        rc = set_number(c, "regularizer", "sigma", s->sigma, err);
    if (rc == GANSTAB_OK &&
        (s->regularizer == GANSTAB_REG_WGAN_GP || s->regularizer == GANSTAB_REG_DRAGAN))
        rc = set_number(c, "regularizer", "g0", s->g0, err);
    if (rc == GANSTAB_OK && s->regularizer == GANSTAB_REG_NK)
        rc = set_number(c, "regularizer", "eta", s->eta, err);
    return rc;
}

/* The [update] keys that matter to u's scheme (ganstab_case_update_key_why), each as given. */
static int set_update(ganstab_case *c, const ganstab_update *u, ganstab_error *err)
{
    int rc = set_text(c, "update", "scheme", ganstab_scheme_name(u->scheme), err);
    if (rc != GANSTAB_OK || u->scheme == GANSTAB_SCHEME_FLOW)
        return rc;
    if (u->scheme == GANSTAB_SCHEME_LOOKAHEAD)
        rc = set_text(c, "update", "base", ganstab_scheme_name(u->base), err);
    if (rc == GANSTAB_OK && u->variant != GANSTAB_VARIANT_DEFAULT)
        rc = set_text(c, "update", "variant", ganstab_variant_name(u->variant), err);
    for (int k = 0; rc == GANSTAB_OK && k < GANSTAB_CASE_NKEYS; k++) {
        const ganstab_case_key_spec *ks = &ganstab_case_key_table[k];
        if (strcmp(ks->section, "update") != 0 || ks->field == CASE_FIELD_NONE ||
            ganstab_case_update_key_why(c, (ganstab_case_key)k) != NULL)
            continue;
        /* the value in u: the case keeps the update rule in c->update */
        size_t at = ks->offset - offsetof(ganstab_case, update);
        if (ks->field == CASE_FIELD_DOUBLE) {
            double x = *(const double *)((const char *)u + at);
            if (!(k == GANSTAB_KEY_UPDATE_HE && x == 0.0)) /* he = 0: h, as when not given */
                rc = set_number(c, "update", ks->key, x, err);
        } else if (ks->field == CASE_FIELD_UNSIGNED && k != GANSTAB_KEY_UPDATE_UNROLL) {
            char count[32];
            snprintf(count, sizeof count, "%u", *(const unsigned *)((const char *)u + at));
            rc = set_text(c, "update", ks->key, count, err);
        }
    }
    if (rc == GANSTAB_OK && ganstab_case_update_key_why(c, GANSTAB_KEY_UPDATE_ORDER) == NULL)
        rc = set_text(c, "update", "order", ganstab_order_name(u->order), err);
    return rc;
}

int ganstab_case_from_spec(const ganstab_game_spec *spec, const ganstab_update *u,
                           ganstab_case *out, ganstab_error *err)
{
    ganstab_case_init(out, "");
    int rc = set_text(out, "case", "model", ganstab_model_name(spec->model), err);
    if (rc == GANSTAB_OK && spec->model != GANSTAB_MODEL_GMM && spec->model != GANSTAB_MODEL_EXPR)
        rc = set_text(out, "case", "loss", ganstab_loss_name(spec->loss), err);
    if (rc == GANSTAB_OK)
        rc = set_model(out, spec, err);
    if (rc == GANSTAB_OK)
        rc = set_regularizer(out, spec, err);
    if (rc == GANSTAB_OK)
        rc = set_update(out, u, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_case_validate(out, err);
    return rc;
}

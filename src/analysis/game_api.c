/* The analysis entry points that take typed specifications (analysis.h): a game spec or a given
 * Jacobian under an update rule, and the critical values of one named parameter — no case file,
 * no text. A parameter study builds the game once: an update parameter changes the operator
 * only, a regularizer parameter the regularizer only, a formula parameter (model expr) the value
 * of a variable of the compiled formulas (and the equilibrium found again). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/critical.h"
#include "ganstab/expr.h"
#include "ganstab/matrix_game.h"

int ganstab_analyze_spec(const ganstab_game_spec *spec, const ganstab_update *u, double tol,
                         ganstab_result **out, ganstab_error *err)
{
    *out = NULL;
    ganstab_game g;
    int rc = ganstab_game_build(spec, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    rc = ganstab_update_check(u, g.model->n_g, g.model->n_d, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analyze_game(&g, u, tol, out, err);
    ganstab_game_free(&g);
    return rc;
}

int ganstab_analyze_jacobian(const double *J, size_t n, size_t n_g, const ganstab_update *u,
                             double tol, ganstab_result **out, ganstab_error *err)
{
    *out = NULL;
    ganstab_game g = {NULL, {0}};
    int rc = ganstab_matrix_model_alloc(J, n, n_g, &g.model, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_regularizer_init(&g.reg, GANSTAB_REG_NONE, 0.0, 0.0, 1.0, 0.0, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_update_check(u, g.model->n_g, g.model->n_d, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analyze_game(&g, u, tol, out, err);
    ganstab_game_free(&g);
    return rc;
}

/* ---- critical values of a named parameter ---------------------------------------------------- */

typedef enum { PARAM_REGULARIZER, PARAM_UPDATE, PARAM_FORMULA } param_owner;

/* The numeric parameters by name, as a case file spells them (SECTION.KEY). */
static const struct {
    const char *name;
    param_owner owner;
    size_t offset; /* into ganstab_game_spec or ganstab_update */
} PARAMS[] = {
    {"regularizer.gamma", PARAM_REGULARIZER, offsetof(ganstab_game_spec, gamma)},
    {"regularizer.sigma", PARAM_REGULARIZER, offsetof(ganstab_game_spec, sigma)},
    {"regularizer.g0", PARAM_REGULARIZER, offsetof(ganstab_game_spec, g0)},
    {"regularizer.eta", PARAM_REGULARIZER, offsetof(ganstab_game_spec, eta)},
    {"update.h", PARAM_UPDATE, offsetof(ganstab_update, h)},
    {"update.hg", PARAM_UPDATE, offsetof(ganstab_update, hg)},
    {"update.hd", PARAM_UPDATE, offsetof(ganstab_update, hd)},
    {"update.he", PARAM_UPDATE, offsetof(ganstab_update, he)},
    {"update.beta", PARAM_UPDATE, offsetof(ganstab_update, beta)},
    {"update.beta_im", PARAM_UPDATE, offsetof(ganstab_update, beta_im)},
    {"update.alpha", PARAM_UPDATE, offsetof(ganstab_update, alpha)},
    {"update.lambda", PARAM_UPDATE, offsetof(ganstab_update, lambda)},
    {"update.gamma", PARAM_UPDATE, offsetof(ganstab_update, gamma)},
};

typedef struct {
    ganstab_game_spec spec; /* the value of a regularizer parameter changes here */
    ganstab_update u;       /* ... of an update parameter here */
    ganstab_game g;         /* built once */
    param_owner owner;
    size_t offset;  /* PARAMS[].offset */
    size_t formula; /* PARAM_FORMULA: the index in spec.expr's parameters */
    const char *name;
    /* PARAM_FORMULA: the formulas with the parameter values of the current point, for the one
       case that builds again (a parameter in a constant exponent: ganstab_expr_set_param) */
    ganstab_expr_spec expr;
    double values[GANSTAB_EXPR_MAX_PARAMS];
} param_study;

static int study_point(double p, void *ctx, ganstab_eigenvalue *ev, ganstab_error *err)
{
    param_study *s = ctx;
    int rc = GANSTAB_OK;
    switch (s->owner) {
    case PARAM_UPDATE:
        *(double *)((char *)&s->u + s->offset) = p;
        rc = ganstab_update_check(&s->u, s->g.model->n_g, s->g.model->n_d, err);
        break;
    case PARAM_REGULARIZER:
        *(double *)((char *)&s->spec + s->offset) = p;
        rc = ganstab_regularizer_init(&s->g.reg, s->spec.regularizer, s->spec.gamma, s->spec.sigma,
                                      s->spec.g0, s->spec.eta, err);
        break;
    case PARAM_FORMULA:
        /* the equilibrium found again exactly as a fresh build finds it (from the guess) */
        s->values[s->formula] = p;
        if (ganstab_expr_set_param(s->g.model, s->formula, p, NULL) == GANSTAB_OK) {
            rc = ganstab_expr_reset_equilibrium(s->g.model, s->expr.start, err);
        } else { /* folded into a constant exponent: build again with the value */
            ganstab_game_free(&s->g);
            rc = ganstab_game_build(&s->spec, &s->g, err);
        }
        break;
    }
    if (rc == GANSTAB_OK)
        rc = ganstab_game_spectrum(&s->g, &s->u, 1, ev, NULL, NULL, NULL, err);
    if (rc != GANSTAB_OK && err != NULL) {
        char where[GANSTAB_ERROR_WHERE_MAX];
        snprintf(where, sizeof where, "%.200s at %s = %.17g", err->where, s->name, p);
        ganstab_error_set_where(err, where);
    }
    return rc;
}

static int find_param(param_study *s, const char *name, ganstab_error *err)
{
    s->name = name;
    for (size_t i = 0; i < sizeof PARAMS / sizeof PARAMS[0]; i++)
        if (strcmp(PARAMS[i].name, name) == 0) {
            s->owner = PARAMS[i].owner;
            s->offset = PARAMS[i].offset;
            return GANSTAB_OK;
        }
    const ganstab_expr_spec *x = s->spec.expr;
    if (strncmp(name, "params.", 7) == 0 && s->spec.model == GANSTAB_MODEL_EXPR && x != NULL)
        for (size_t i = 0; i < x->nparams; i++)
            if (strcmp(x->param_names[i], name + 7) == 0) {
                s->owner = PARAM_FORMULA;
                s->formula = i;
                s->expr = *x;
                memcpy(s->values, x->param_values, x->nparams * sizeof *s->values);
                s->expr.param_values = s->values;
                s->spec.expr = &s->expr;
                return GANSTAB_OK;
            }
    return ganstab_error_set(err, GANSTAB_EINVAL, "critical",
                             "unknown parameter '%s' (expected regularizer.gamma, "
                             "regularizer.sigma, regularizer.g0, regularizer.eta, update.h, "
                             "update.hg, update.hd, update.he, update.beta, update.beta_im, "
                             "update.alpha, update.lambda, update.gamma or params.NAME of model "
                             "expr)",
                             name);
}

int ganstab_critical_spec(const ganstab_game_spec *spec, const ganstab_update *u, const char *param,
                          double from, double to, double tol, size_t scan, ganstab_crossing **out,
                          size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    if (!(isfinite(from) && isfinite(to) && from < to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "critical",
                                 "%s: the range needs FROM < TO, got %.17g .. %.17g", param, from,
                                 to);
    param_study *s = malloc(sizeof *s);
    if (s == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "critical", "out of memory");
    s->spec = *spec;
    s->u = *u;
    int rc = find_param(s, param, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_game_build(&s->spec, &s->g, err);
    if (rc != GANSTAB_OK) {
        free(s);
        return rc;
    }
    size_t n = 0;
    rc = ganstab_game_spectrum_size(&s->g, &s->u, &n);
    if (rc != GANSTAB_OK)
        rc = ganstab_error_set(err, rc, "critical", "out of memory");
    if (rc == GANSTAB_OK) {
        ganstab_crossing_options opt = {n, ganstab_update_dynamics(&s->u), tol, scan};
        rc = ganstab_crossings_find(study_point, s, &opt, from, to, out, count, err);
    }
    ganstab_game_free(&s->g);
    free(s);
    return rc;
}

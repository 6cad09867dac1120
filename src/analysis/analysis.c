#include "ganstab/analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/dirac.h"
#include "ganstab/fdjac.h"
#include "ganstab/update.h"

/* Everything the pipeline needs for one case: model + regularizer. */
typedef struct {
    ganstab_model *model;
    ganstab_regularizer reg;
} game;

static int game_init(const ganstab_case *c, game *g, ganstab_error *err)
{
    g->model = NULL;
    switch (c->model) {
    case GANSTAB_MODEL_DIRAC:
        g->model = ganstab_dirac_alloc(c->loss);
        break;
    }
    if (g->model == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    int rc = ganstab_regularizer_init(&g->reg, c->reg_kind, c->gamma, c->sigma, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(g->model);
        g->model = NULL;
    }
    return rc;
}

/* A numerical failure deep in the pipeline ("eigen: LAPACKE_dgeevx") says what failed but not
 * for which case: prefix the case file, and the swept parameter value if there is one. */
static int locate_failure(int rc, const ganstab_case *c, ganstab_case_key key, double value,
                          ganstab_error *err)
{
    if (rc != GANSTAB_ENUMERIC || err == NULL)
        return rc;
    /* room for file + ": " + inner location + " at KEY = VALUE"; set_where truncates */
    char where[2 * GANSTAB_ERROR_WHERE_MAX + 160];
    char at[128] = "";
    if ((int)key >= 0 && key < GANSTAB_CASE_NKEYS)
        snprintf(at, sizeof at, " at %s = %.17g", ganstab_case_key_name(key), value);
    snprintf(where, sizeof where, "%s%s%s%s", c->file[0] != '\0' ? c->file : "",
             c->file[0] != '\0' ? ": " : "", err->where, at);
    ganstab_error_set_where(err, where);
    return rc;
}

static int game_field(const double *x, void *ctx, double *v, ganstab_error *err)
{
    const game *g = ctx;
    return ganstab_field_eval(g->model, &g->reg, x, v, NULL, err);
}

int ganstab_case_dimension(const ganstab_case *c, size_t *n, ganstab_error *err)
{
    switch (c->model) {
    case GANSTAB_MODEL_DIRAC:
        *n = 2;
        return GANSTAB_OK;
    }
    return ganstab_error_set(err, GANSTAB_EINVAL, "analysis", "unknown model");
}

void ganstab_result_free(ganstab_result *r)
{
    if (r == NULL)
        return;
    free(r->equilibrium);
    ganstab_matrix_free(r->jacobian);
    ganstab_matrix_free(r->jacobian_fd);
    free(r->field_eigenvalues);
    ganstab_matrix_free(r->op);
    free(r->eigenvalues);
    free(r);
}

/* J and the deciding spectrum at the equilibrium: the part shared by analyze and sweeps. */
static int spectrum_core(const ganstab_case *c, const game *g, const double *xstar,
                         ganstab_matrix *J, ganstab_matrix *op, ganstab_eigenvalue *field_ev,
                         ganstab_eigenvalue *ev, ganstab_error *err)
{
    size_t n = J->rows;
    double *v = malloc(n * sizeof *v);
    if (v == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    int rc = ganstab_field_eval(g->model, &g->reg, xstar, v, J->data, err);
    free(v);
    size_t bi = 0, bj = 0;
    if (rc == GANSTAB_OK && !ganstab_matrix_all_finite(J, &bi, &bj))
        rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "jacobian",
                               "entry (%zu,%zu) at the equilibrium is not finite", bi + 1, bj + 1);
    if (rc == GANSTAB_OK && field_ev != NULL)
        rc = ganstab_eigen_compute_alloc(J, field_ev, err);
    if (rc == GANSTAB_OK && c->update.scheme != GANSTAB_SCHEME_FLOW) {
        rc = ganstab_update_operator(&c->update, J, g->model->n_g, op, err);
        if (rc == GANSTAB_OK)
            rc = ganstab_eigen_compute_alloc(op, ev, err);
    } else if (rc == GANSTAB_OK) {
        rc = field_ev != NULL ? (memcpy(ev, field_ev, n * sizeof *ev), GANSTAB_OK)
                              : ganstab_eigen_compute_alloc(J, ev, err);
    }
    return rc;
}

int ganstab_analyze(const ganstab_case *c, double tol, ganstab_result **out, ganstab_error *err)
{
    *out = NULL;
    int rc = ganstab_case_validate(c, err);
    if (rc != GANSTAB_OK)
        return rc;
    game g;
    if ((rc = game_init(c, &g, err)) != GANSTAB_OK)
        return rc;
    size_t n = g.model->n_g + g.model->n_d;
    ganstab_result *r = calloc(1, sizeof *r);
    if (r == NULL) {
        ganstab_model_free(g.model);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    }
    r->n = n;
    r->n_g = g.model->n_g;
    r->n_d = g.model->n_d;
    r->state_names = g.model->state_names;
    r->tol = tol;
    r->dynamics = ganstab_update_dynamics(&c->update);
    r->spectral_radius = NAN;
    r->equilibrium = calloc(n, sizeof(double));
    r->jacobian = ganstab_matrix_alloc(n, n);
    r->jacobian_fd = ganstab_matrix_alloc(n, n);
    r->field_eigenvalues = calloc(n, sizeof(ganstab_eigenvalue));
    r->eigenvalues = calloc(n, sizeof(ganstab_eigenvalue));
    r->op = c->update.scheme != GANSTAB_SCHEME_FLOW ? ganstab_matrix_alloc(n, n) : NULL;
    double *v = calloc(n, sizeof(double));
    if (r->equilibrium == NULL || r->jacobian == NULL || r->jacobian_fd == NULL ||
        r->field_eigenvalues == NULL || r->eigenvalues == NULL || v == NULL ||
        (c->update.scheme != GANSTAB_SCHEME_FLOW && r->op == NULL)) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
        goto done;
    }
    g.model->ops->equilibrium(g.model, r->equilibrium);
    if ((rc = ganstab_field_eval(g.model, &g.reg, r->equilibrium, v, NULL, err)) != GANSTAB_OK)
        goto done;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++)
        ss += v[i] * v[i];
    r->residual = sqrt(ss);
    if ((rc = spectrum_core(c, &g, r->equilibrium, r->jacobian, r->op, r->field_eigenvalues,
                            r->eigenvalues, err)) != GANSTAB_OK)
        goto done;
    /* Independent cross-check of the analytic Jacobian (DESIGN.md: in every report). */
    if ((rc = ganstab_jacobian_fd(game_field, &g, n, r->equilibrium, r->jacobian_fd->data, err)) !=
        GANSTAB_OK)
        goto done;
    r->jacobian_max_abs_diff = ganstab_matrix_max_abs_diff(r->jacobian, r->jacobian_fd);
    r->jacobian_agrees = r->jacobian_max_abs_diff <= GANSTAB_FD_TOL;
    r->spectral_abscissa = ganstab_spectral_abscissa(r->field_eigenvalues, n);
    if (r->op != NULL)
        r->spectral_radius = ganstab_spectral_radius(r->eigenvalues, n);
    if ((rc = ganstab_classify(r->eigenvalues, n, r->dynamics, tol, &r->verdict, &r->decisive,
                               err)) != GANSTAB_OK)
        goto done;
    /* Not an equilibrium: the eigenvalues describe a linearization at a point the dynamics
       leave, so they decide nothing (DESIGN.md, Verdicts). */
    if (r->residual > GANSTAB_STATIONARY_TOL)
        r->verdict = GANSTAB_VERDICT_NOT_STATIONARY;
done:
    free(v);
    ganstab_model_free(g.model);
    if (rc != GANSTAB_OK) {
        ganstab_result_free(r);
        return locate_failure(rc, c, GANSTAB_CASE_NKEYS, 0.0, err);
    }
    *out = r;
    return GANSTAB_OK;
}

int ganstab_analysis_spectrum(const ganstab_case *c, ganstab_eigenvalue *ev, ganstab_error *err)
{
    game g;
    int rc = game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t n = g.model->n_g + g.model->n_d;
    double *xstar = calloc(n, sizeof *xstar);
    ganstab_matrix *J = ganstab_matrix_alloc(n, n), *op = ganstab_matrix_alloc(n, n);
    if (xstar == NULL || J == NULL || op == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    } else {
        g.model->ops->equilibrium(g.model, xstar);
        rc = spectrum_core(c, &g, xstar, J, op, NULL, ev, err);
    }
    free(xstar);
    ganstab_matrix_free(J);
    ganstab_matrix_free(op);
    ganstab_model_free(g.model);
    return rc;
}

typedef struct {
    ganstab_case c;
    ganstab_case_key key;
} sweep_ctx;

static int sweep_spectrum(double p, void *ctx, ganstab_eigenvalue *ev, ganstab_error *err)
{
    sweep_ctx *s = ctx;
    int rc = ganstab_case_param_set(&s->c, s->key, p, ganstab_case_key_name(s->key), err);
    if (rc != GANSTAB_OK)
        return rc;
    return locate_failure(ganstab_analysis_spectrum(&s->c, ev, err), &s->c, s->key, p, err);
}

int ganstab_analysis_crossings(const ganstab_case *c, ganstab_case_key key, double from, double to,
                               double tol, size_t scan, ganstab_crossing **out, size_t *count,
                               ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    sweep_ctx *s = malloc(sizeof *s);
    if (s == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    s->c = *c;
    s->key = key;
    size_t n = 0;
    int rc = ganstab_case_dimension(c, &n, err);
    if (rc == GANSTAB_OK) {
        ganstab_crossing_options opt = {n, ganstab_update_dynamics(&c->update), tol, scan};
        rc = ganstab_crossings_find(sweep_spectrum, s, &opt, from, to, out, count, err);
    }
    free(s);
    return rc;
}

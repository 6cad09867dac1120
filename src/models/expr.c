/* Model expr (expr.h): formulas -> libmatheval's symbolic derivatives -> exact evaluation trees.
 * This file: evaluation, the equilibrium, building and the public API (expr_internal.h says
 * which file holds the rest).
 *
 * A payoff L defines the game field v = (-grad_theta L, +grad_psi L) (DESIGN.md; with a
 * separate generator objective L_G the generator rows are -grad_theta L_G), a field formula
 * defines v = F (flow) or v = F - x (map: x+ = F(x) is the update x+ = x + v(x)). Formulas are
 * split into their top-level terms and the terms grouped by the data variables they use; a
 * group's terms are one libmatheval expression whose derivatives are averaged over the
 * quadrature of exactly those variables (a term without data variables is evaluated once).
 * libmatheval's derivative texts are parsed back and simplified exactly (symbolic.h) before they
 * are evaluated, here, without libmatheval. */
#include "ganstab/expr.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multiroots.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/symbolic.h"

#include "../core/gsl_quiet.h"
#include "expr_internal.h"

/* ---- evaluation, and where it fails ----------------------------------------------------- */

static void format_point(const expr_params *p, const double *x, const double *data, char *buf,
                         size_t size)
{
    size_t used = 0;
    int w = snprintf(buf, size, "(");
    for (size_t i = 0; w >= 0 && i < p->n && used < size; i++) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", p->ps.names[i]);
    }
    for (size_t i = 0; w >= 0 && i < p->n && used < size; i++) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, "%s%.6g", i > 0 ? ", " : ") = (", x[i]);
    }
    if (w >= 0 && used < size) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, ")");
    }
    for (size_t d = 0; data != NULL && w >= 0 && d < p->m && used < size; d++) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, "%s%s = %.6g", d == 0 ? " with " : ", ",
                     p->ps.data[d].name, data[d]);
    }
}

/* A non-finite v_i (j < 0) or J_ij of group g at data point q: locate it in the user's formula
 * by hyper-dual evaluation of the same terms, and report it at the key and column. */
static int diagnose(const expr_params *p, size_t g, size_t q, size_t i, long j, const double *x,
                    ganstab_error *err)
{
    const expr_group *gr = &p->group[g];
    size_t s = p->source_of[i], n = p->n;
    const double *data = p->m > 0 ? gr->points + q * p->m : NULL;
    ganstab_sym_dual vars[MAX_SCOPE];
    double plain[MAX_SCOPE + 1];
    expr_fill_vars(p, x, data, plain);
    for (size_t v = 0; v < p->n + p->m + p->P; v++)
        vars[v] = (ganstab_sym_dual){plain[v], 0.0, 0.0, 0.0};
    /* payoff: v_i = dL/dx_i, J_ij = d2L/dx_i dx_j; field: v_i = F_i, J_ij = dF_i/dx_j */
    if (p->ps.payoff) {
        vars[i].d1 = 1.0;
        if (j >= 0)
            vars[j].d2 = 1.0;
    } else if (j >= 0) {
        vars[j].d1 = 1.0;
    }
    ganstab_sym_failure fail;
    (void)ganstab_sym_eval(&p->ps.source[s], gr->terms[s], gr->signs[s], gr->nterms[s], vars,
                           &fail);
    char what[96], at[256];
    if (p->ps.payoff && j >= 0)
        snprintf(what, sizeof what, "d2/(d%s d%s)", p->ps.names[i], p->ps.names[j]);
    else if (p->ps.payoff)
        snprintf(what, sizeof what, "d/d%s", p->ps.names[i]);
    else if (j >= 0)
        snprintf(what, sizeof what, "formula %zu (of state '%s'), d/d%s", i + 1, p->ps.names[i],
                 p->ps.names[j]);
    else
        snprintf(what, sizeof what, "formula %zu (of state '%s')", i + 1, p->ps.names[i]);
    format_point(p, x, data, at, sizeof at);
    (void)n;
    if (fail.failed)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[s],
                                 "key '%s': %s: %s at column %zu, at %s", p->ps.source_key[s], what,
                                 fail.what, fail.column, at);
    return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[s],
                             "key '%s': %s is not finite at %s", p->ps.source_key[s], what, at);
}

/* v (n) and J (n-by-n column-major, may be NULL) of the model at x, summed over groups and
 * quadrature points; on a non-finite entry the error locates it. */
int expr_eval(const expr_params *p, const double *x, double *v, double *J, ganstab_error *err)
{
    size_t n = p->n;
    double vars[MAX_SCOPE + 1024];
    double *buf = p->nvars <= sizeof vars / sizeof vars[0] ? vars : malloc(p->nvars * sizeof *buf);
    if (buf == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    for (size_t g = 0; g < p->ngroups; g++) {
        const expr_group *gr = &p->group[g];
        for (size_t q = 0; q < gr->npoints; q++) {
            expr_fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, buf);
            double w = gr->weights[q];
            for (size_t i = 0; i < n; i++) {
                if (!gr->v[i].zero && gr->v[i].tree.root >= 0)
                    v[i] += p->sign[i] * w * ganstab_sym_value(&gr->v[i].tree, buf);
                for (size_t j = 0; J != NULL && j < n; j++) {
                    const expr_fn *f = &gr->J[i * n + j];
                    if (!f->zero && f->tree.root >= 0)
                        J[i + j * n] += p->sign[i] * w * ganstab_sym_value(&f->tree, buf);
                }
            }
        }
    }
    if (buf != vars)
        free(buf);
    if (p->dynamics == GANSTAB_EXPR_MAP)
        for (size_t i = 0; i < n; i++) {
            v[i] -= x[i];
            if (J != NULL)
                J[i + i * n] -= 1.0;
        }
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        finite = finite && isfinite(v[i]);
        for (size_t j = 0; J != NULL && j < n; j++)
            finite = finite && isfinite(J[i + j * n]);
    }
    if (finite)
        return GANSTAB_OK;
    if (err == NULL)
        return GANSTAB_ENUMERIC;
    /* find the first non-finite contribution: values first, then the Jacobian */
    double tmp[MAX_SCOPE + 1024];
    double *b2 = p->nvars <= sizeof tmp / sizeof tmp[0] ? tmp : malloc(p->nvars * sizeof *b2);
    if (b2 == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    int found = 0;
    for (int pass = 0; pass < 2 && !found; pass++)
        for (size_t g = 0; g < p->ngroups && !found; g++) {
            const expr_group *gr = &p->group[g];
            for (size_t q = 0; q < gr->npoints && !found; q++) {
                expr_fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, b2);
                for (size_t i = 0; i < n && !found; i++) {
                    if (pass == 0 && !gr->v[i].zero &&
                        !isfinite(ganstab_sym_value(&gr->v[i].tree, b2))) {
                        diagnose(p, g, q, i, -1, x, err);
                        found = 1;
                    }
                    for (size_t j = 0; pass == 1 && J != NULL && j < n && !found; j++) {
                        const expr_fn *f = &gr->J[i * n + j];
                        if (!f->zero && !isfinite(ganstab_sym_value(&f->tree, b2))) {
                            diagnose(p, g, q, i, (long)j, x, err);
                            found = 1;
                        }
                    }
                }
            }
        }
    if (b2 != tmp)
        free(b2);
    if (!found) /* every contribution finite, their sum not: an overflow */
        return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[0],
                                 "key '%s': the field or its Jacobian overflows at x",
                                 p->ps.source_key[0]);
    return GANSTAB_ENUMERIC; /* err set by diagnose */
}

static int expr_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                     const double *shift, double *v, double *J, ganstab_error *err)
{
    if (side == GANSTAB_SIDE_FAKE)
        return GANSTAB_OK; /* the whole field is on the real side */
    if (shift != NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "model expr has no data points to shift (instance noise)");
    return expr_eval(m->params, x, v, J, err);
}

static int expr_penalty(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                        double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)side;
    (void)x;
    (void)g0;
    (void)grad;
    (void)H;
    (void)kink;
    return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                             "model expr defines no discriminator function D(x), so gradient "
                             "penalties are undefined");
}

static int expr_curvature(const ganstab_model *m, const double *x, const double *w, double *C,
                          ganstab_error *err)
{
    const expr_params *p = m->params;
    size_t n = p->n;
    if (!p->has_curvature)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "the model was built without its curvature");
    memset(C, 0, n * n * sizeof *C);
    double vars[MAX_SCOPE + 1024];
    double *buf = p->nvars <= sizeof vars / sizeof vars[0] ? vars : malloc(p->nvars * sizeof *buf);
    if (buf == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    for (size_t g = 0; g < p->ngroups; g++) {
        const expr_group *gr = &p->group[g];
        for (size_t q = 0; q < gr->npoints; q++) {
            expr_fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, buf);
            for (size_t k = 0; k < n; k++) {
                if (w[k] == 0.0)
                    continue;
                double scale = w[k] * p->sign[k] * gr->weights[q];
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++) {
                        const expr_fn *f = &gr->H[(k * n + i) * n + j];
                        if (!f->zero)
                            C[i + j * n] += scale * ganstab_sym_value(&f->tree, buf);
                    }
            }
        }
    }
    if (buf != vars)
        free(buf);
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(C[i]))
            return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[0],
                                     "key '%s': a second derivative of the field is not finite "
                                     "(the curvature term of regularizer conopt or nk)",
                                     p->ps.source_key[0]);
    return GANSTAB_OK;
}

static void expr_equilibrium(const ganstab_model *m, double *x)
{
    const expr_params *p = m->params;
    memcpy(x, p->xstar, p->n * sizeof *x);
}

static const ganstab_model_ops EXPR_OPS = {
    "expr", expr_term, expr_penalty, expr_equilibrium, expr_free_params, NULL, expr_curvature};

int ganstab_expr_is(const ganstab_model *m)
{
    return m != NULL && m->ops == &EXPR_OPS;
}

/* ---- the equilibrium -------------------------------------------------------------------- */

/* The equilibrium or guess formulas at the parameters; a non-finite value is located. */
static int point_values(const expr_params *p, double *x, ganstab_error *err)
{
    const parsed_spec *ps = &p->ps;
    ganstab_sym_dual vars[MAX_PARAMS];
    for (size_t i = 0; i < ps->P; i++)
        vars[i] = (ganstab_sym_dual){ps->param_values[i], 0.0, 0.0, 0.0};
    for (size_t i = 0; i < ps->n; i++) {
        ganstab_sym_failure fail;
        ganstab_sym_dual r = ganstab_sym_eval(&ps->point[i], NULL, NULL, 0, vars, &fail);
        x[i] = r.v;
        if (isfinite(x[i]))
            continue;
        if (fail.failed)
            return ganstab_error_set(err, GANSTAB_ENUMERIC, ps->point_where,
                                     "key '%s': value %zu (of '%s'): %s at column %zu",
                                     ps->point_key, i + 1, ps->names[i], fail.what, fail.column);
        return ganstab_error_set(err, GANSTAB_ENUMERIC, ps->point_where,
                                 "key '%s': value %zu (of '%s') is not finite", ps->point_key,
                                 i + 1, ps->names[i]);
    }
    return GANSTAB_OK;
}

typedef struct {
    const ganstab_model *m;
    size_t n;
} newton_ctx;

static int newton_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    newton_ctx *c = params;
    memset(f->data, 0, c->n * sizeof(double));
    return expr_eval(c->m->params, x->data, f->data, NULL, NULL) == GANSTAB_OK ? GSL_SUCCESS
                                                                               : GSL_EBADFUNC;
}

static int newton_df(const gsl_vector *x, void *params, gsl_matrix *df)
{
    newton_ctx *c = params;
    double v[MAX_STATE] = {0}, J[MAX_STATE * MAX_STATE] = {0};
    if (expr_eval(c->m->params, x->data, v, J, NULL) != GANSTAB_OK)
        return GSL_EBADFUNC;
    for (size_t i = 0; i < c->n; i++) /* GSL is row-major, J column-major */
        for (size_t j = 0; j < c->n; j++)
            gsl_matrix_set(df, i, j, J[i + j * c->n]);
    return GSL_SUCCESS;
}

static int newton_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *df)
{
    int s = newton_f(x, params, f);
    return s == GSL_SUCCESS ? newton_df(x, params, df) : s;
}

/* Newton's method (GSL hybridsj: Powell's hybrid method, which takes the Newton step near the
 * root) on v(x) = 0 from p->start. */
static int newton_body(const ganstab_model *m, ganstab_error *err)
{
    expr_params *p = m->params;
    size_t n = p->n;
    gsl_multiroot_fdfsolver *solver =
        gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, n);
    if (solver == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    newton_ctx ctx = {m, n};
    gsl_multiroot_function_fdf fdf = {newton_f, newton_df, newton_fdf, n, &ctx};
    gsl_vector_const_view x0 = gsl_vector_const_view_array(p->start, n);
    p->eq_source = GANSTAB_EXPR_EQ_NEWTON_FAILED;
    memcpy(p->xstar, p->start, n * sizeof *p->xstar);
    p->iterations = 0;
    p->residual = INFINITY;
    if (gsl_multiroot_fdfsolver_set(solver, &fdf, &x0.vector) != GSL_SUCCESS) {
        gsl_multiroot_fdfsolver_free(solver);
        return GANSTAB_OK; /* the field is not finite at the start: not converged */
    }
    for (int it = 1; it <= GANSTAB_EXPR_NEWTON_MAX_ITER; it++) {
        int status = gsl_multiroot_fdfsolver_iterate(solver);
        p->iterations = it;
        if (status != GSL_SUCCESS)
            break; /* no progress (at the root to rounding, or stuck) */
        double step = 0.0;
        for (size_t i = 0; i < n; i++)
            step = fmax(step, fabs(gsl_vector_get(solver->dx, i)) /
                                  fmax(1.0, fabs(gsl_vector_get(solver->x, i))));
        if (step <= GANSTAB_EXPR_NEWTON_STEP_TOL)
            break;
    }
    double ss = 0.0;
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        double xi = gsl_vector_get(solver->x, i), fi = gsl_vector_get(solver->f, i);
        finite = finite && isfinite(xi) && isfinite(fi);
        ss += fi * fi;
    }
    if (finite && sqrt(ss) <= GANSTAB_STATIONARY_TOL) {
        for (size_t i = 0; i < n; i++)
            p->xstar[i] = gsl_vector_get(solver->x, i);
        p->eq_source = GANSTAB_EXPR_EQ_NEWTON;
        p->residual = sqrt(ss);
    } else if (finite) {
        p->residual = sqrt(ss);
    }
    gsl_multiroot_fdfsolver_free(solver);
    return GANSTAB_OK;
}

/* newton_body with GSL's error handler off, the caller's restored after. */
static int newton(const ganstab_model *m, ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = newton_body(m, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* The equilibrium from p->start (the formulas' values, already there): the formulas' values
 * themselves, or Newton from `start` (NULL: from the guess). */
static int equilibrium_from(const ganstab_model *m, const double *start, ganstab_error *err)
{
    expr_params *p = m->params;
    if (start != NULL && !p->ps.has_equilibrium)
        memcpy(p->start, start, p->n * sizeof *p->start);
    if (!p->ps.has_equilibrium)
        return newton(m, err);
    memcpy(p->xstar, p->start, p->n * sizeof *p->xstar);
    p->eq_source = GANSTAB_EXPR_EQ_GIVEN;
    p->iterations = 0; /* as a model just built */
    p->residual = 0.0;
    return GANSTAB_OK;
}

/* ---- building ------------------------------------------------------------------------------ */

/* What expr_build does about the equilibrium. */
typedef enum {
    BUILD_FULL = 0,      /* evaluate it (a non-finite formula is an error) or run Newton */
    BUILD_TOLERANT,      /* the same, but a non-finite formula only clears *point_ok */
    BUILD_NO_EQUILIBRIUM /* neither: the model evaluates its field at given points */
} build_mode;

static int expr_build(const ganstab_expr_spec *sp, build_mode mode, int *point_ok,
                      ganstab_model **out, ganstab_error *err)
{
    *out = NULL;
    if (point_ok != NULL)
        *point_ok = 1;
    ganstab_model *m = calloc(1, sizeof *m);
    expr_params *p = calloc(1, sizeof *p);
    if (m == NULL || p == NULL) {
        free(m);
        free(p);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    }
    m->ops = &EXPR_OPS;
    m->params = p;
    int rc = expr_parse_spec(sp, &p->ps, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(m);
        return rc;
    }
    size_t n = p->ps.n;
    p->n = n;
    p->m = p->ps.m;
    p->P = p->ps.P;
    p->dynamics = sp->dynamics;
    p->has_curvature = sp->curvature;
    for (size_t i = 0; i < n; i++) {
        p->state_ptrs[i] = p->ps.names[i];
        if (p->ps.payoff) {
            int gen = i < p->ps.n_g;
            p->sign[i] = gen ? -1.0 : 1.0;
            p->source_of[i] = gen && p->ps.nsources > 1 ? 1 : 0;
        } else {
            p->sign[i] = 1.0;
            p->source_of[i] = i;
        }
    }
    m->n_g = p->ps.n_g;
    m->n_d = n - p->ps.n_g;
    m->data_dim = 0;
    m->state_names = p->state_ptrs;
    m->loss = GANSTAB_LOSS_STANDARD;
    m->fd_unavailable = NULL;
    size_t nodes = sp->nodes != 0 ? sp->nodes : GANSTAB_EXPR_NODES_DEFAULT;
    if (nodes < 1 || nodes > GANSTAB_EXPR_NODES_MAX)
        rc = ganstab_error_set(err, GANSTAB_EINVAL, "model", "nodes must be in 1..%d, got %zu",
                               GANSTAB_EXPR_NODES_MAX, nodes);
    if (rc == GANSTAB_OK)
        rc = expr_build_groups(p, nodes, err);
    for (size_t g = 0; g < p->ngroups && rc == GANSTAB_OK; g++) {
        expr_group *gr = &p->group[g];
        gr->v = calloc(n, sizeof *gr->v);
        gr->J = calloc(n * n, sizeof *gr->J);
        gr->H = sp->curvature ? calloc(n * n * n, sizeof *gr->H) : NULL;
        if (gr->v == NULL || gr->J == NULL || (sp->curvature && gr->H == NULL)) {
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            break;
        }
        for (size_t i = 0; i < n; i++)
            gr->v[i].zero = 1;
        for (size_t i = 0; i < n * n; i++)
            gr->J[i].zero = 1;
        for (size_t i = 0; gr->H != NULL && i < n * n * n; i++)
            gr->H[i].zero = 1;
        for (size_t s = 0; s < p->ps.nsources && rc == GANSTAB_OK; s++)
            if (gr->nterms[s] > 0)
                rc = expr_differentiate(p, gr, s, err);
    }
    p->nvars = n + p->m + p->P + p->k.n;
    if (rc == GANSTAB_OK && mode == BUILD_NO_EQUILIBRIUM) {
        *out = m;
        return GANSTAB_OK;
    }
    if (rc == GANSTAB_OK)
        rc = point_values(p, p->start, mode == BUILD_TOLERANT ? NULL : err);
    if (rc == GANSTAB_ENUMERIC && mode == BUILD_TOLERANT) {
        *point_ok = 0;
        *out = m;
        return GANSTAB_OK;
    }
    if (rc == GANSTAB_OK)
        rc = equilibrium_from(m, sp->start, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(m);
        return rc;
    }
    *out = m;
    return GANSTAB_OK;
}

int ganstab_expr_alloc(const ganstab_expr_spec *sp, ganstab_model **out, ganstab_error *err)
{
    return expr_build(sp, BUILD_FULL, NULL, out, err);
}

int ganstab_expr_build(const ganstab_expr_spec *sp, ganstab_model **out, int *point_ok,
                       ganstab_error *err)
{
    return expr_build(sp, BUILD_TOLERANT, point_ok, out, err);
}

int ganstab_expr_solve(const ganstab_expr_spec *sp, double *x, int *found, ganstab_error *err)
{
    ganstab_expr_spec spec = *sp;
    spec.curvature = 0;
    ganstab_model *m = NULL;
    int point_ok = 1;
    int rc = expr_build(&spec, BUILD_TOLERANT, &point_ok, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    const expr_params *p = m->params;
    *found = point_ok && p->eq_source != GANSTAB_EXPR_EQ_NEWTON_FAILED;
    memcpy(x, point_ok ? p->xstar : p->start, p->n * sizeof *x);
    ganstab_model_free(m);
    return GANSTAB_OK;
}

int ganstab_expr_field_at(const ganstab_expr_spec *sp, const double *x, double *v, double *J,
                          ganstab_error *err)
{
    ganstab_expr_spec spec = *sp;
    spec.curvature = 0;
    ganstab_model *m = NULL;
    int rc = expr_build(&spec, BUILD_NO_EQUILIBRIUM, NULL, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t n = ((const expr_params *)m->params)->n;
    memset(v, 0, n * sizeof *v);
    if (J != NULL)
        memset(J, 0, n * n * sizeof *J);
    rc = expr_eval(m->params, x, v, J, err);
    ganstab_model_free(m);
    return rc;
}

int ganstab_expr_set_param(ganstab_model *m, size_t i, double value, ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    expr_params *p = m->params;
    if (i >= p->P)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "no parameter %zu", i + 1);
    if (p->folded[p->n + p->m + i] && value != p->ps.param_values[i])
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "parameter '%s' is part of a constant exponent: rebuild the "
                                 "model",
                                 p->ps.names[p->n + p->m + i]);
    p->ps.param_values[i] = value;
    return GANSTAB_OK;
}

int ganstab_expr_update_equilibrium(ganstab_model *m, const double *start, int *found,
                                    ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    expr_params *p = m->params;
    double x[MAX_STATE];
    *found = 1;
    int rc = point_values(p, x, NULL);
    if (rc != GANSTAB_OK && p->ps.has_equilibrium) {
        *found = 0; /* the formula is not finite here: the last point stays */
        return GANSTAB_OK;
    }
    if (p->ps.has_equilibrium) {
        memcpy(p->xstar, x, p->n * sizeof *x);
        p->eq_source = GANSTAB_EXPR_EQ_GIVEN;
        return GANSTAB_OK;
    }
    if (start == NULL && rc != GANSTAB_OK)
        return point_values(p, x, err); /* the guess itself is not finite: located */
    memcpy(p->start, start != NULL ? start : x, p->n * sizeof *x);
    rc = newton(m, err);
    *found = p->eq_source == GANSTAB_EXPR_EQ_NEWTON;
    return rc;
}

int ganstab_expr_reset_equilibrium(ganstab_model *m, const double *start, ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    expr_params *p = m->params;
    int rc = point_values(p, p->start, err);
    return rc == GANSTAB_OK ? equilibrium_from(m, start, err) : rc;
}

int ganstab_expr_raw_field(const ganstab_model *m, const double *x, double *v, double *J,
                           ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    const expr_params *p = m->params;
    memset(v, 0, p->n * sizeof *v);
    if (J != NULL)
        memset(J, 0, p->n * p->n * sizeof *J);
    return expr_eval(p, x, v, J, err);
}

int ganstab_expr_equilibrium_info(const ganstab_model *m, ganstab_expr_eq_info *info,
                                  ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    const expr_params *p = m->params;
    info->source = p->eq_source;
    info->iterations = p->iterations;
    info->residual = p->residual;
    info->start = p->start;
    return GANSTAB_OK;
}

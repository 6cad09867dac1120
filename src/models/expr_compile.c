/* Model expr (expr.h): derivative construction. Formulas are split into their top-level terms
 * and the terms grouped by the data variables they use; a group's terms are one libmatheval
 * expression whose derivatives are averaged over the quadrature of exactly those variables (a
 * term without data variables is evaluated once). libmatheval's derivative texts are parsed back
 * and simplified exactly (symbolic.h) into the evaluation trees expr.c evaluates. */
#include <gsl/gsl_integration.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_internal.h"
#include "ganstab/quadrature.h"

static void fn_free(expr_fn *f, size_t count)
{
    for (size_t i = 0; f != NULL && i < count; i++)
        ganstab_sym_free(&f[i].tree);
    free(f);
}

void expr_free_params(void *params)
{
    expr_params *p = params;
    if (p == NULL)
        return;
    size_t n = p->n;
    for (size_t g = 0; g < p->ngroups; g++) {
        expr_group *gr = &p->group[g];
        free(gr->points);
        free(gr->weights);
        for (size_t s = 0; s < MAX_SOURCES; s++) {
            free(gr->terms[s]);
            free(gr->signs[s]);
        }
        fn_free(gr->v, n);
        fn_free(gr->J, n * n);
        fn_free(gr->H, n * n * n);
    }
    ganstab_sym_constants_free(&p->k);
    expr_parsed_free(&p->ps);
    free(p);
}

/* The full variable vector of an evaluation: x, the data point, params, constants. */
void expr_fill_vars(const expr_params *p, const double *x, const double *data, double *vars)
{
    memcpy(vars, x, p->n * sizeof *vars);
    for (size_t d = 0; d < p->m; d++)
        vars[p->n + d] = data != NULL ? data[d] : 0.0;
    memcpy(vars + p->n + p->m, p->ps.param_values, p->P * sizeof *vars);
    if (p->k.n > 0)
        memcpy(vars + p->n + p->m + p->P, p->k.value, p->k.n * sizeof *vars);
}

/* libmatheval's text of evaluator e as an exact evaluation tree. */
static int tree_from(expr_params *p, void *e, expr_fn *out, ganstab_error *err)
{
    char *text = ganstab_sym_matheval_string(e);
    if (text == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    ganstab_sym raw;
    int rc = ganstab_sym_parse_any(text, strlen(text), 0, 1, &raw, err);
    if (rc != GANSTAB_OK) {
        /* libmatheval printed something the parser of its syntax does not read: a bug here */
        char message[GANSTAB_ERROR_MESSAGE_MAX];
        snprintf(message, sizeof message, "%s", err != NULL ? err->message : "");
        free(text);
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "model: libmatheval",
                                 "cannot read its derivative back: %s", message);
    }
    free(text);
    ganstab_sym_scope scope = {p->ps.scope_names, p->n + p->m + p->P};
    rc = ganstab_sym_resolve(&raw, &scope, &p->k, 0, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_sym_simplify(&raw, 0, &out->tree) == GANSTAB_OK
                 ? GANSTAB_OK
                 : ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    ganstab_sym_free(&raw);
    if (rc == GANSTAB_OK) {
        const ganstab_sym_node *r = &out->tree.node[out->tree.root];
        out->zero = r->kind == GANSTAB_SYM_NUMBER && r->number == 0.0;
    }
    return rc;
}

/* A libmatheval evaluator of a simplified tree, to differentiate further (NULL with *rc set on
 * failure). */
static void *refeed(expr_params *p, const expr_fn *f, int *rc, ganstab_error *err)
{
    char *text =
        ganstab_sym_tree_to_matheval(&f->tree, p->n + p->m + p->P, p->ps.scope_names, &p->k);
    void *e = text != NULL ? ganstab_sym_matheval_create(text) : NULL;
    if (e == NULL)
        *rc = text == NULL ? ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory")
                           : ganstab_error_set(err, GANSTAB_ENUMERIC, "model: libmatheval",
                                               "refused a derivative as '%s'", text);
    free(text);
    return e;
}

/* The quadrature rule of a group: the tensor product of the rules of its data variables. */
static int group_rule(expr_params *p, expr_group *gr, size_t nodes, ganstab_error *err)
{
    size_t m = p->m, used[MAX_DATA], nused = 0;
    for (size_t d = 0; d < m; d++)
        if (gr->mask & (1u << d))
            used[nused++] = d;
    size_t npoints = 1;
    for (size_t u = 0; u < nused; u++) {
        npoints *= nodes;
        if (npoints > GANSTAB_EXPR_POINTS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                     "key 'data': a term uses %zu data variables: %zu^%zu "
                                     "quadrature points exceed %d (lower model.nodes, or split "
                                     "the term)",
                                     nused, nodes, nused, GANSTAB_EXPR_POINTS_MAX);
    }
    double node[MAX_DATA][GANSTAB_EXPR_NODES_MAX], weight[MAX_DATA][GANSTAB_EXPR_NODES_MAX];
    for (size_t u = 0; u < nused; u++) {
        const data_var *d = &p->ps.data[used[u]];
        if (d->kind == DIST_UNIFORM) {
            gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(nodes);
            if (t == NULL)
                return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            for (size_t i = 0; i < nodes; i++) {
                double xi = 0.0, wi = 0.0;
                gsl_integration_glfixed_point(d->a, d->b, i, &xi, &wi, t);
                node[u][i] = xi;
                weight[u][i] = wi / (d->b - d->a); /* the density of U(a, b) */
            }
            gsl_integration_glfixed_table_free(t);
        } else {
            ganstab_gauss_hermite q;
            int rc = ganstab_gauss_hermite_init(&q, nodes, err);
            if (rc != GANSTAB_OK)
                return rc;
            for (size_t i = 0; i < nodes; i++) {
                node[u][i] = d->a + d->b * q.node[i];
                weight[u][i] = q.weight[i];
            }
        }
    }
    gr->npoints = npoints;
    gr->points = calloc(npoints * (m > 0 ? m : 1), sizeof *gr->points);
    gr->weights = malloc(npoints * sizeof *gr->weights);
    if (gr->points == NULL || gr->weights == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    for (size_t q = 0; q < npoints; q++) {
        size_t rest = q;
        double w = 1.0;
        for (size_t u = 0; u < nused; u++) {
            size_t i = rest % nodes;
            rest /= nodes;
            gr->points[q * m + used[u]] = node[u][i];
            w *= weight[u][i];
        }
        gr->weights[q] = w;
    }
    return GANSTAB_OK;
}

/* Which group (by data mask) each term of each source belongs to. */
int expr_build_groups(expr_params *p, size_t nodes, ganstab_error *err)
{
    size_t n = p->n;
    for (size_t s = 0; s < p->ps.nsources; s++) {
        const ganstab_sym *src = &p->ps.source[s];
        size_t count = ganstab_sym_terms(src, NULL, NULL, 0);
        if (count > MAX_TERMS)
            return ganstab_error_set(err, GANSTAB_EINVAL, p->ps.source_where[s],
                                     "key '%s': more than %d terms", p->ps.source_key[s],
                                     MAX_TERMS);
        int terms[MAX_TERMS], signs[MAX_TERMS];
        ganstab_sym_terms(src, terms, signs, MAX_TERMS);
        for (size_t t = 0; t < count; t++) {
            unsigned long long uses = ganstab_sym_uses(src, terms[t]);
            unsigned mask = (unsigned)((uses >> n) & ((1ull << p->m) - 1ull));
            size_t g = 0;
            while (g < p->ngroups && p->group[g].mask != mask)
                g++;
            if (g == p->ngroups) {
                p->group[g].mask = mask;
                p->ngroups++;
                int rc = group_rule(p, &p->group[g], nodes, err);
                if (rc != GANSTAB_OK)
                    return rc;
            }
            expr_group *gr = &p->group[g];
            if (gr->terms[s] == NULL) {
                gr->terms[s] = malloc(count * sizeof(int));
                gr->signs[s] = malloc(count * sizeof(int));
                if (gr->terms[s] == NULL || gr->signs[s] == NULL)
                    return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            }
            gr->terms[s][gr->nterms[s]] = terms[t];
            gr->signs[s][gr->nterms[s]] = signs[t];
            gr->nterms[s]++;
        }
    }
    return GANSTAB_OK;
}

/* libmatheval derivatives of one group: v, J (and H) of the components whose source is s. */
int expr_differentiate(expr_params *p, expr_group *gr, size_t s, ganstab_error *err)
{
    size_t n = p->n, nscope = p->n + p->m + p->P;
    unsigned char foldable[MAX_SCOPE] = {0};
    double values[MAX_SCOPE] = {0};
    for (size_t i = 0; i < p->P; i++) {
        foldable[p->n + p->m + i] = 1;
        values[p->n + p->m + i] = p->ps.param_values[i];
    }
    (void)nscope;
    char *text =
        ganstab_sym_to_matheval_folding(&p->ps.source[s], gr->terms[s], gr->signs[s], gr->nterms[s],
                                        p->ps.scope_names, values, foldable, &p->k, p->folded);
    if (text == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    void *base = ganstab_sym_matheval_create(text);
    if (base == NULL) {
        int rc =
            ganstab_error_set(err, GANSTAB_ENUMERIC, "model: libmatheval",
                              "refused the formula of key '%s' as '%s'", p->ps.source_key[s], text);
        free(text);
        return rc;
    }
    free(text);
    int rc = GANSTAB_OK;
    for (size_t i = 0; i < n && rc == GANSTAB_OK; i++) {
        if (p->source_of[i] != s)
            continue;
        /* v_i: the payoff's derivative, or the field component itself */
        void *vi = p->ps.payoff ? ganstab_sym_matheval_derivative(base, p->ps.names[i]) : base;
        if (vi == NULL) {
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            break;
        }
        rc = tree_from(p, vi, &gr->v[i], err);
        if (vi != base)
            ganstab_sym_matheval_destroy(vi);
        /* the next derivatives from the simplified tree, handed to libmatheval again */
        void *vs = rc == GANSTAB_OK && !gr->v[i].zero ? refeed(p, &gr->v[i], &rc, err) : NULL;
        for (size_t j = 0; j < n && vs != NULL && rc == GANSTAB_OK; j++) {
            void *jij = ganstab_sym_matheval_derivative(vs, p->ps.names[j]);
            if (jij == NULL) {
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
                break;
            }
            expr_fn *f = &gr->J[i * n + j];
            rc = tree_from(p, jij, f, err);
            ganstab_sym_matheval_destroy(jij);
            void *js =
                rc == GANSTAB_OK && gr->H != NULL && !f->zero ? refeed(p, f, &rc, err) : NULL;
            for (size_t k = 0; k < n && js != NULL && rc == GANSTAB_OK; k++) {
                void *h = ganstab_sym_matheval_derivative(js, p->ps.names[k]);
                if (h == NULL) {
                    rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
                    break;
                }
                rc = tree_from(p, h, &gr->H[(i * n + j) * n + k], err);
                ganstab_sym_matheval_destroy(h);
            }
            ganstab_sym_matheval_destroy(js);
        }
        ganstab_sym_matheval_destroy(vs);
    }
    ganstab_sym_matheval_destroy(base);
    return rc;
}

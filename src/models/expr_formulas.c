/* Model expr (expr.h): the formulas of a model for reports (simplified for reading) and their
 * independent hyper-dual check. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_internal.h"

/* ---- formulas for reports --------------------------------------------------------------- */

/* A copy of an evaluation tree with the constants as numbers, optionally negated, simplified
 * for reading and printed. */
static char *display(const expr_params *p, const ganstab_sym *tree, int negate)
{
    size_t base = p->n + p->m + p->P;
    ganstab_sym copy = {NULL, 0, 0, -1, NULL, 0}, pretty;
    int ok = 1;
    for (size_t i = 0; i < tree->n && ok; i++) {
        ganstab_sym_node d = tree->node[i];
        if (d.kind == GANSTAB_SYM_NAME && (size_t)d.index >= base) {
            d.kind = GANSTAB_SYM_NUMBER;
            d.number = p->k.value[(size_t)d.index - base];
            d.index = -1;
        }
        ok = ganstab_sym_add_node(&copy, d.kind, d.a, d.b, d.index, d.number, d.column) >= 0;
    }
    copy.root = tree->root;
    if (ok && negate) {
        copy.root = ganstab_sym_add_node(&copy, GANSTAB_SYM_NEG, tree->root, -1, -1, 0.0, 1);
        ok = copy.root >= 0;
    }
    char *text = NULL;
    if (ok && ganstab_sym_simplify(&copy, 1, &pretty) == GANSTAB_OK) {
        text = ganstab_sym_print(&pretty, p->ps.scope_names);
        ganstab_sym_free(&pretty);
    }
    ganstab_sym_free(&copy);
    return text;
}

static int append(char **dst, const char *piece)
{
    size_t a = *dst != NULL ? strlen(*dst) : 0, b = strlen(piece);
    char *grown = realloc(*dst, a + b + 1);
    if (grown == NULL)
        return 0;
    memcpy(grown + a, piece, b + 1);
    *dst = grown;
    return 1;
}

/* The sum over groups of entry e of fn (v: n entries, J: n*n), each group with data variables
 * as E_{x,z}[...]; the deterministic group first. negate for a generator row of a payoff. */
static char *display_sum(const expr_params *p, int jacobian, size_t e, int negate)
{
    char *out = NULL;
    int any = 0, ok = 1;
    for (int pass = 0; pass < 2 && ok; pass++)
        for (size_t g = 0; g < p->ngroups && ok; g++) {
            const expr_group *gr = &p->group[g];
            if ((gr->mask == 0) != (pass == 0))
                continue;
            const expr_fn *f = jacobian ? &gr->J[e] : &gr->v[e];
            if (f->zero)
                continue;
            char *t = display(p, &f->tree, negate);
            if (t == NULL) {
                ok = 0;
                break;
            }
            if (any)
                ok = append(&out, " + ");
            if (ok && gr->mask != 0) {
                ok = append(&out, "E_");
                for (size_t d = 0, first = 1; ok && d < p->m; d++)
                    if (gr->mask & (1u << d)) {
                        ok = append(&out, first ? "" : ",") && append(&out, p->ps.data[d].name);
                        first = 0;
                    }
                ok = ok && append(&out, "[");
            }
            ok = ok && append(&out, t) && (gr->mask == 0 || append(&out, "]"));
            free(t);
            any = 1;
        }
    if (ok && !any)
        ok = append(&out, "0");
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* The field and Jacobian at x by hyper-dual differentiation of the parsed formulas. */
static void hyperdual_field(const expr_params *p, const double *x, double *v, double *J)
{
    size_t n = p->n;
    memset(v, 0, n * sizeof *v);
    memset(J, 0, n * n * sizeof *J);
    ganstab_sym_dual vars[MAX_SCOPE];
    double plain[MAX_SCOPE + 1024];
    for (size_t g = 0; g < p->ngroups; g++) {
        const expr_group *gr = &p->group[g];
        for (size_t q = 0; q < gr->npoints; q++) {
            expr_fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, plain);
            double w = gr->weights[q];
            for (size_t i = 0; i < n; i++) {
                size_t s = p->source_of[i];
                if (gr->nterms[s] == 0)
                    continue;
                for (size_t j = 0; j < n; j++) {
                    for (size_t k = 0; k < p->n + p->m + p->P; k++)
                        vars[k] = (ganstab_sym_dual){plain[k], 0.0, 0.0, 0.0};
                    if (p->ps.payoff) {
                        vars[i].d1 = 1.0;
                        vars[j].d2 = 1.0;
                    } else {
                        vars[j].d1 = 1.0;
                    }
                    ganstab_sym_dual r = ganstab_sym_eval(&p->ps.source[s], gr->terms[s],
                                                          gr->signs[s], gr->nterms[s], vars, NULL);
                    double vi = p->ps.payoff ? r.d1 : r.v, jij = p->ps.payoff ? r.d12 : r.d1;
                    if (j == 0)
                        v[i] += p->sign[i] * w * vi;
                    J[i + j * n] += p->sign[i] * w * jij;
                }
            }
        }
    }
    if (p->dynamics == GANSTAB_EXPR_MAP)
        for (size_t i = 0; i < n; i++) {
            v[i] -= x[i];
            J[i + i * n] -= 1.0;
        }
}

static int uses_function(const parsed_spec *ps, int id)
{
    for (size_t s = 0; s < ps->nsources; s++)
        for (size_t i = 0; i < ps->source[s].n; i++)
            if (ps->source[s].node[i].kind == GANSTAB_SYM_CALL && ps->source[s].node[i].index == id)
                return 1;
    return 0;
}

static char *copy_text(const char *s)
{
    if (s == NULL)
        return NULL;
    char *c = malloc(strlen(s) + 1);
    if (c != NULL)
        memcpy(c, s, strlen(s) + 1);
    return c;
}

void ganstab_expr_formulas_free(ganstab_expr_formulas *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; f->state_names != NULL && i < f->n; i++)
        free(f->state_names[i]);
    for (size_t i = 0; f->field != NULL && i < f->n; i++)
        free(f->field[i]);
    for (size_t i = 0; f->jacobian != NULL && i < f->n * f->n; i++)
        free(f->jacobian[i]);
    free(f->state_names);
    free(f->field);
    free(f->jacobian);
    free(f->payoff_text);
    free(f->generator_payoff_text);
    free(f->data_text);
    free(f->eq_start);
    free(f);
}

int ganstab_expr_formulas_build(const ganstab_expr_spec *sp, const double *x,
                                ganstab_expr_formulas **out, ganstab_error *err)
{
    *out = NULL;
    ganstab_expr_spec spec = *sp;
    spec.curvature = 0;
    ganstab_model *m = NULL;
    int rc = ganstab_expr_alloc(&spec, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    const expr_params *p = m->params;
    size_t n = p->n;
    ganstab_expr_formulas *f = calloc(1, sizeof *f);
    int ok = f != NULL;
    if (ok) {
        f->n = n;
        f->n_g = p->ps.n_g;
        f->payoff = p->ps.payoff;
        f->dynamics = p->dynamics;
        f->state_names = calloc(n, sizeof *f->state_names);
        f->field = calloc(n, sizeof *f->field);
        f->jacobian = calloc(n * n, sizeof *f->jacobian);
        f->eq_start = malloc(n * sizeof *f->eq_start);
        ok = f->state_names != NULL && f->field != NULL && f->jacobian != NULL &&
             f->eq_start != NULL;
    }
    for (size_t i = 0; ok && i < n; i++) {
        int negate = p->ps.payoff && i < p->ps.n_g;
        ok = (f->state_names[i] = copy_text(p->ps.names[i])) != NULL &&
             (f->field[i] = display_sum(p, 0, i, negate)) != NULL;
        for (size_t j = 0; ok && j < n; j++)
            ok = (f->jacobian[i * n + j] = display_sum(p, 1, i * n + j, negate)) != NULL;
    }
    if (ok && sp->payoff.text != NULL)
        ok = (f->payoff_text = copy_text(sp->payoff.text)) != NULL;
    if (ok && sp->generator_payoff.text != NULL)
        ok = (f->generator_payoff_text = copy_text(sp->generator_payoff.text)) != NULL;
    if (ok && sp->data.text != NULL)
        ok = (f->data_text = copy_text(sp->data.text)) != NULL;
    if (ok) {
        f->uses_f = uses_function(&p->ps, ganstab_sym_function_id("f"));
        f->uses_fns = uses_function(&p->ps, ganstab_sym_function_id("fns"));
        f->uses_fw = uses_function(&p->ps, ganstab_sym_function_id("fw"));
        f->eq_source = p->eq_source;
        f->eq_iterations = p->iterations;
        f->eq_residual = p->residual;
        memcpy(f->eq_start, p->start, n * sizeof *f->eq_start);
        /* the independent check at x */
        double v[MAX_STATE] = {0}, J[MAX_STATE * MAX_STATE] = {0};
        double va[MAX_STATE], Ja[MAX_STATE * MAX_STATE];
        rc = expr_eval(p, x, v, J, err);
        if (rc == GANSTAB_OK) {
            hyperdual_field(p, x, va, Ja);
            for (size_t i = 0; i < n; i++) {
                f->ad_max_abs_diff = fmax(f->ad_max_abs_diff, fabs(v[i] - va[i]));
                f->ad_scale = fmax(f->ad_scale, fabs(v[i]));
                for (size_t j = 0; j < n; j++) {
                    double d = fabs(J[i + j * n] - Ja[i + j * n]);
                    f->ad_max_abs_diff = isnan(d) ? NAN : fmax(f->ad_max_abs_diff, d);
                    f->ad_scale = fmax(f->ad_scale, fabs(J[i + j * n]));
                }
            }
        }
    }
    ganstab_model_free(m);
    if (!ok && rc == GANSTAB_OK)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    if (rc != GANSTAB_OK) {
        ganstab_expr_formulas_free(f);
        return rc;
    }
    *out = f;
    return GANSTAB_OK;
}

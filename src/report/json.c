/* JSON printers (cJSON): the `analyze` and `critical` objects of DESIGN.md, key order fixed.
 * Numbers go in as raw text formatted with %.17g so they round-trip exactly (cJSON's own
 * number printer chooses its precision itself); -0 prints as 0 and non-finite values as null. */
#include "ganstab/ganstab.h"
#include "json_internal.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A matrix as an array of rows (row-major nesting, whatever the storage order), or null. */
static void put_matrix(ganstab_json_builder *b, cJSON *parent, const char *name,
                       const ganstab_matrix *m)
{
    if (m == NULL) {
        ganstab_json_put(b, parent, name, cJSON_CreateNull());
        return;
    }
    cJSON *rows = ganstab_json_put(b, parent, name, cJSON_CreateArray());
    for (size_t i = 0; i < m->rows; i++) {
        cJSON *row = ganstab_json_put(b, rows, NULL, cJSON_CreateArray());
        for (size_t j = 0; j < m->cols; j++)
            ganstab_json_put(b, row, NULL, ganstab_json_number(ganstab_matrix_get(m, i, j)));
    }
}

static void put_complex(ganstab_json_builder *b, cJSON *array, double re, double im)
{
    cJSON *z = ganstab_json_put(b, array, NULL, cJSON_CreateObject());
    ganstab_json_put_number(b, z, "re", re);
    ganstab_json_put_number(b, z, "im", im);
}

/* Eigenvalues as {"re","im"} or, with full, {"re","im","abs","error_bound"}. */
static void put_eigenvalues(ganstab_json_builder *b, cJSON *parent, const char *name,
                            const ganstab_eigenvalue *ev, size_t n, int full)
{
    cJSON *list = ganstab_json_put(b, parent, name, cJSON_CreateArray());
    for (size_t i = 0; ev != NULL && i < n; i++) {
        if (!full) {
            put_complex(b, list, ev[i].re, ev[i].im);
            continue;
        }
        cJSON *z = ganstab_json_put(b, list, NULL, cJSON_CreateObject());
        ganstab_json_put_number(b, z, "re", ev[i].re);
        ganstab_json_put_number(b, z, "im", ev[i].im);
        ganstab_json_put_number(b, z, "abs", ev[i].abs);
        ganstab_json_put_number(b, z, "error_bound", ev[i].error_bound);
    }
}

static void put_parameters(ganstab_json_builder *b, cJSON *parent, const ganstab_case *c)
{
    ganstab_case_param params[GANSTAB_REPORT_PARAMS_MAX];
    size_t n = ganstab_case_parameters(c, params, GANSTAB_REPORT_PARAMS_MAX);
    if (n > GANSTAB_REPORT_PARAMS_MAX) {
        b->failed = 1; /* cannot happen with the keys case.h defines; refuse to truncate */
        return;
    }
    cJSON *obj = ganstab_json_put(b, parent, "parameters", cJSON_CreateObject());
    for (size_t i = 0; i < n; i++) {
        if (params[i].is_number)
            ganstab_json_put_number(b, obj, params[i].name, params[i].number);
        else
            ganstab_json_put_string(b, obj, params[i].name, params[i].text);
    }
}

static void put_claims(ganstab_json_builder *b, cJSON *parent, const ganstab_claim_check *checks,
                       size_t n)
{
    cJSON *list = ganstab_json_put(b, parent, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < n; i++) {
        const ganstab_claim_check *k = &checks[i];
        cJSON *obj = ganstab_json_put(b, list, NULL, cJSON_CreateObject());
        ganstab_json_put_string(b, obj, "id", k->id);
        ganstab_json_put_string(b, obj, "statement", k->statement);
        ganstab_json_put_string(b, obj, "source", k->source);
        cJSON *predicted = ganstab_json_put(b, obj, "predicted", cJSON_CreateArray());
        for (size_t j = 0; j < k->n_predicted && j < GANSTAB_CLAIM_MAX_EIGENVALUES; j++)
            put_complex(b, predicted, k->predicted_re[j], k->predicted_im[j]);
        if (k->has_verdict) {
            cJSON *verdicts = ganstab_json_put(b, obj, "predicted_verdict", cJSON_CreateArray());
            for (int v = GANSTAB_VERDICT_STABLE; v <= GANSTAB_VERDICT_NOT_STATIONARY; v++)
                if (k->verdict_mask & (1u << v))
                    ganstab_json_put(b, verdicts, NULL,
                                     cJSON_CreateString(ganstab_verdict_name((ganstab_verdict)v)));
        }
        if (k->predicted_text[0] != '\0')
            ganstab_json_put_string(b, obj, "predicted_text", k->predicted_text);
        if (k->computed_text[0] != '\0')
            ganstab_json_put_string(b, obj, "computed_text", k->computed_text);
        if (k->has_re_bound) {
            cJSON *bound = ganstab_json_put(b, obj, "predicted_re_bound", cJSON_CreateObject());
            ganstab_json_put_number(b, bound, "real", k->re_bound_real);
            ganstab_json_put_number(b, bound, "complex", k->re_bound_complex);
            ganstab_json_put_number(b, bound, "margin", k->re_bound_margin);
        }
        ganstab_json_put_number(b, obj, "max_abs_error", k->max_abs_error);
        ganstab_json_put_bool(b, obj, "agrees", k->agrees);
    }
}

/* {"param","from","to","crossings","claims"}: the whole `critical` object. */
static cJSON *sweep_object(ganstab_json_builder *b, const char *param, double from, double to,
                           const ganstab_crossing *crossings, size_t ncross,
                           const ganstab_claim_critical *checks, size_t nchecks)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL) {
        b->failed = 1;
        return NULL;
    }
    ganstab_json_put_string(b, obj, "param", param);
    ganstab_json_put_number(b, obj, "from", from);
    ganstab_json_put_number(b, obj, "to", to);
    cJSON *list = ganstab_json_put(b, obj, "crossings", cJSON_CreateArray());
    for (size_t i = 0; i < ncross; i++) {
        const ganstab_crossing *x = &crossings[i];
        cJSON *item = ganstab_json_put(b, list, NULL, cJSON_CreateObject());
        ganstab_json_put_number(b, item, "value", x->value);
        cJSON *bracket = ganstab_json_put(b, item, "bracket", cJSON_CreateArray());
        ganstab_json_put(b, bracket, NULL, ganstab_json_number(x->lo));
        ganstab_json_put(b, bracket, NULL, ganstab_json_number(x->hi));
        ganstab_json_put_string(b, item, "kind", ganstab_crossing_kind_name(x->kind));
        ganstab_json_put_string(b, item, "type", ganstab_crossing_type_name(x->type));
        ganstab_json_put_string(b, item, "before", ganstab_verdict_name(x->before));
        ganstab_json_put_string(b, item, "after", ganstab_verdict_name(x->after));
    }
    cJSON *claims = ganstab_json_put(b, obj, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < nchecks; i++) {
        const ganstab_claim_critical *k = &checks[i];
        cJSON *item = ganstab_json_put(b, claims, NULL, cJSON_CreateObject());
        ganstab_json_put_string(b, item, "id", k->id);
        ganstab_json_put_string(b, item, "statement", k->statement);
        ganstab_json_put_string(b, item, "source", k->source);
        ganstab_json_put_number(b, item, "predicted", k->predicted);
        ganstab_json_put_number(b, item, "computed", k->found ? k->computed : NAN);
        ganstab_json_put_number(b, item, "abs_error", k->found ? k->abs_error : NAN);
        ganstab_json_put_string(b, item, "kind", ganstab_crossing_kind_name(k->kind));
        ganstab_json_put_string(b, item, "type", ganstab_crossing_type_name(k->type));
        ganstab_json_put_bool(b, item, "agrees", k->agrees);
    }
    return obj;
}

/* Print the tree (pretty, newline-terminated), free it, and report what went wrong. */
static int emit(FILE *out, cJSON *root, const ganstab_json_builder *b, ganstab_error *err)
{
    if (b->failed || root == NULL) {
        cJSON_Delete(root);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "json", "out of memory building JSON");
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "json", "out of memory printing JSON");
    int bad = fputs(text, out) == EOF || fputc('\n', out) == EOF;
    cJSON_free(text);
    if (bad || ferror(out))
        return ganstab_error_set(err, GANSTAB_EIO, "json", "cannot write output");
    return GANSTAB_OK;
}

int ganstab_json_report(FILE *out, const ganstab_report *rep, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_case *c = rep->c;
    const ganstab_result *r = rep->r;
    ganstab_json_builder b = {0};
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        b.failed = 1;

    ganstab_json_put_string(&b, root, "ganstab", GANSTAB_VERSION);
    cJSON *cs = ganstab_json_put(&b, root, "case", cJSON_CreateObject());
    ganstab_json_put_string(&b, cs, "file", c->file);
    ganstab_json_put_string(&b, cs, "title", c->title);
    put_parameters(&b, root, c);

    cJSON *eq = ganstab_json_put(&b, root, "equilibrium", cJSON_CreateObject());
    cJSON *point = ganstab_json_put(&b, eq, "point", cJSON_CreateArray());
    for (size_t i = 0; r->equilibrium != NULL && i < r->n; i++)
        ganstab_json_put(&b, point, NULL, ganstab_json_number(r->equilibrium[i]));
    ganstab_json_put_number(&b, eq, "residual", r->residual);
    ganstab_json_put_bool(&b, eq, "differentiable", !r->kink);

    put_matrix(&b, root, "jacobian", r->jacobian);
    cJSON *check = ganstab_json_put(&b, root, "jacobian_check", cJSON_CreateObject());
    if (r->jacobian_check_skipped) {
        ganstab_json_put_string(&b, check, "method", "skipped");
        ganstab_json_put_string(&b, check, "reason",
                                r->jacobian_check_reason != NULL ? r->jacobian_check_reason : "");
    } else {
        ganstab_json_put_string(&b, check, "method", "central-difference");
        ganstab_json_put_number(&b, check, "max_abs_diff", r->jacobian_max_abs_diff);
        ganstab_json_put_number(&b, check, "tolerance", GANSTAB_FD_TOL);
        ganstab_json_put_bool(&b, check, "agrees", r->jacobian_agrees);
    }
    ganstab_json_put(&b, root, "manifold_dim", ganstab_json_count(r->manifold_dim));
    ganstab_json_put(&b, root, "null_space_dim", ganstab_json_count(r->null_space_dim));
    if (r->manifold_dim > 0) {
        ganstab_json_put_number(&b, root, "tangent_residual", r->tangent_residual);
        ganstab_json_put_bool(&b, root, "null_space_matches", r->null_space_matches);
        put_eigenvalues(&b, root, "transversal_field_eigenvalues", r->transversal_field_eigenvalues,
                        r->n_transversal, 0);
        put_eigenvalues(&b, root, "transversal_eigenvalues", r->transversal_eigenvalues,
                        r->n_op_transversal, 1);
    }

    put_eigenvalues(&b, root, "field_eigenvalues", r->field_eigenvalues, r->n, 0);
    put_matrix(&b, root, "operator", r->op);
    put_eigenvalues(&b, root, "eigenvalues", r->eigenvalues, r->n_op, 1);
    ganstab_json_put_number(&b, root, "spectral_abscissa", r->spectral_abscissa);
    ganstab_json_put_number(&b, root, "spectral_radius",
                            r->dynamics == GANSTAB_DYNAMICS_FLOW ? NAN : r->spectral_radius);
    ganstab_json_put_string(&b, root, "verdict", ganstab_verdict_name(r->verdict));
    ganstab_json_put(&b, root, "decisive", ganstab_json_count(r->decisive));
    ganstab_json_put_number(&b, root, "tolerance", r->tol);
    if (r->verdict == GANSTAB_VERDICT_NOT_STATIONARY) {
        cJSON *list = ganstab_json_put(&b, root, "stationary_points", cJSON_CreateArray());
        for (size_t k = 0; k < r->n_stationary; k++) {
            const ganstab_stationary_point *sp = &r->stationary[k];
            cJSON *obj = ganstab_json_put(&b, list, NULL, cJSON_CreateObject());
            cJSON *pt = ganstab_json_put(&b, obj, "point", cJSON_CreateArray());
            for (size_t i = 0; i < r->n; i++)
                ganstab_json_put(&b, pt, NULL, ganstab_json_number(sp->point[i]));
            ganstab_json_put_number(&b, obj, "residual", sp->residual);
            put_eigenvalues(&b, obj, "eigenvalues", sp->eigenvalues, r->n_op, 1);
            ganstab_json_put_string(&b, obj, "verdict", ganstab_verdict_name(sp->verdict));
        }
        ganstab_json_put(&b, root, "dead_stationary_runs",
                         ganstab_json_count(r->n_dead_stationary));
    }
    if (rep->nonlinear != NULL) {
        cJSON *nl = ganstab_json_put(&b, root, "nonlinear", cJSON_CreateObject());
        cJSON *start = ganstab_json_put(&b, nl, "start", cJSON_CreateArray());
        for (size_t i = 0; i < rep->nonlinear->n && i < GANSTAB_SIM_START_MAX; i++)
            ganstab_json_put(&b, start, NULL, ganstab_json_number(rep->nonlinear->start[i]));
        ganstab_json_put(&b, nl, "steps", ganstab_json_count(rep->nonlinear->steps));
        ganstab_json_put_number(&b, nl, "t_end", rep->nonlinear->t_end);
        ganstab_json_put_string(&b, nl, "outcome",
                                ganstab_sim_outcome_name(rep->nonlinear->outcome));
        ganstab_json_put_number(&b, nl, "distance_ratio", rep->nonlinear->ratio);
    }
    if (rep->simulation != NULL) {
        const ganstab_sim_summary *s = rep->simulation;
        cJSON *sim = ganstab_json_put(&b, root, "simulation", cJSON_CreateObject());
        ganstab_json_put_string(&b, sim, "scheme", ganstab_scheme_name(s->scheme));
        ganstab_json_put(&b, sim, "steps", ganstab_json_count(s->steps));
        cJSON *start = ganstab_json_put(&b, sim, "start", cJSON_CreateArray());
        cJSON *final = ganstab_json_put(&b, sim, "final", cJSON_CreateArray());
        for (size_t i = 0; i < s->n; i++) {
            ganstab_json_put(&b, start, NULL, ganstab_json_number(s->start[i]));
            ganstab_json_put(&b, final, NULL, ganstab_json_number(s->final[i]));
        }
        ganstab_json_put_number(&b, sim, "distance_start", s->distance_start);
        ganstab_json_put_number(&b, sim, "distance_final", s->distance_final);
        if (s->has_tv) {
            ganstab_json_put_number(&b, sim, "tv_start", s->tv_start);
            ganstab_json_put_number(&b, sim, "tv_final", s->tv_final);
            ganstab_json_put_number(&b, sim, "tv_min", s->tv_min);
            ganstab_json_put(&b, sim, "tv_min_step", ganstab_json_count((size_t)s->tv_min_step));
            cJSON *ev = ganstab_json_put(&b, sim, "events", cJSON_CreateArray());
            for (size_t e = 0; e < s->n_events && e < GANSTAB_SIM_SUMMARY_EVENTS; e++) {
                cJSON *o = ganstab_json_put(&b, ev, NULL, cJSON_CreateObject());
                ganstab_json_put(&b, o, "step", ganstab_json_count((size_t)s->events[e].step));
                ganstab_json_put_string(&b, o, "event", ganstab_sim_event_name(s->events[e].kind));
                if (s->events[e].interval > 0)
                    ganstab_json_put(&b, o, "interval",
                                     ganstab_json_count((size_t)s->events[e].interval));
            }
            ganstab_json_put(&b, sim, "n_events", ganstab_json_count(s->n_events));
            cJSON *det = ganstab_json_put(&b, sim, "detected", cJSON_CreateArray());
            cJSON *exp = ganstab_json_put(&b, sim, "expected", cJSON_CreateArray());
            for (int k = 0; k < GANSTAB_BEHAVIOUR_COUNT; k++) {
                if (s->detected & (1u << k))
                    ganstab_json_put(
                        &b, det, NULL,
                        cJSON_CreateString(ganstab_behaviour_name((ganstab_behaviour)k)));
                if (s->expected & (1u << k))
                    ganstab_json_put(
                        &b, exp, NULL,
                        cJSON_CreateString(ganstab_behaviour_name((ganstab_behaviour)k)));
            }
            ganstab_json_put(&b, sim, "agrees", cJSON_CreateBool(s->agrees));
        }
    }
    if (rep->placements != NULL) {
        const ganstab_gmm_map *m = rep->placements;
        cJSON *pm = ganstab_json_put(&b, root, "placement_map", cJSON_CreateObject());
        const ganstab_grid_axis *axes[2] = {&m->l1, &m->l2};
        static const char *const axis_names[2] = {"l1", "l2"};
        for (size_t i = 0; i < 2; i++) {
            cJSON *ax = ganstab_json_put(&b, pm, axis_names[i], cJSON_CreateObject());
            ganstab_json_put_number(&b, ax, "from", axes[i]->from);
            ganstab_json_put_number(&b, ax, "to", axes[i]->to);
            ganstab_json_put(&b, ax, "count", ganstab_json_count(axes[i]->count));
        }
        ganstab_json_put(&b, pm, "placements", ganstab_json_count(m->n_points));
        ganstab_json_put(&b, pm, "stable", ganstab_json_count(m->n_stable));
        ganstab_json_put(&b, pm, "unstable", ganstab_json_count(m->n_unstable));
        ganstab_json_put(&b, pm, "marginal", ganstab_json_count(m->n_marginal));
        ganstab_json_put(&b, pm, "not_stationary", ganstab_json_count(m->n_not_stationary));
        ganstab_json_put(&b, pm, "empty_cells", ganstab_json_count(m->n_empty_cells));
        ganstab_json_put(&b, pm, "null_space_mismatches",
                         ganstab_json_count(m->n_null_space_mismatch));
        if (m->best < m->n_points) {
            const ganstab_gmm_map_point *p = &m->points[m->best];
            cJSON *best = ganstab_json_put(&b, pm, "most_attracting", cJSON_CreateObject());
            cJSON *disc = ganstab_json_put(&b, best, "disc", cJSON_CreateArray());
            for (size_t i = 0; i < 4; i++)
                ganstab_json_put(&b, disc, NULL, ganstab_json_number(p->disc[i]));
            ganstab_json_put_number(&b, best, "margin", p->margin);
        }
    }
    if (rep->formulas != NULL) {
        const ganstab_expr_formulas *f = rep->formulas;
        static const char *const sources[] = {"given", "newton", "newton-failed"};
        cJSON *fo = ganstab_json_put(&b, root, "formulas", cJSON_CreateObject());
        ganstab_json_put_string(&b, fo, "kind", f->payoff ? "payoff" : "field");
        ganstab_json_put_string(&b, fo, "dynamics",
                                f->dynamics == GANSTAB_EXPR_MAP ? "map" : "flow");
        if (f->payoff)
            ganstab_json_put_string(&b, fo, "payoff", f->payoff_text);
        if (f->generator_payoff_text != NULL)
            ganstab_json_put_string(&b, fo, "generator_payoff", f->generator_payoff_text);
        if (f->data_text != NULL)
            ganstab_json_put_string(&b, fo, "data", f->data_text);
        cJSON *field = ganstab_json_put(&b, fo, "field", cJSON_CreateArray());
        cJSON *jac = ganstab_json_put(&b, fo, "jacobian", cJSON_CreateArray());
        for (size_t i = 0; i < f->n; i++) {
            ganstab_json_put(&b, field, NULL, cJSON_CreateString(f->field[i]));
            cJSON *row = ganstab_json_put(&b, jac, NULL, cJSON_CreateArray());
            for (size_t j = 0; j < f->n; j++)
                ganstab_json_put(&b, row, NULL, cJSON_CreateString(f->jacobian[i * f->n + j]));
        }
        cJSON *hd = ganstab_json_put(&b, fo, "hyperdual_check", cJSON_CreateObject());
        ganstab_json_put_number(&b, hd, "max_abs_diff", f->ad_max_abs_diff);
        cJSON *eqs = ganstab_json_put(&b, fo, "equilibrium", cJSON_CreateObject());
        ganstab_json_put_string(&b, eqs, "source", sources[f->eq_source]);
        if (f->eq_source != GANSTAB_EXPR_EQ_GIVEN) {
            cJSON *start = ganstab_json_put(&b, eqs, "start", cJSON_CreateArray());
            for (size_t i = 0; i < f->n; i++)
                ganstab_json_put(&b, start, NULL, ganstab_json_number(f->eq_start[i]));
            ganstab_json_put(&b, eqs, "iterations", ganstab_json_count((size_t)f->eq_iterations));
        }
    }
    put_claims(&b, root, rep->checks, rep->nchecks);

    if (rep->has_critical && rep->critical_skipped != NULL)
        ganstab_json_put_string(&b, root, "critical_skipped", rep->critical_skipped);
    else if (rep->has_critical)
        ganstab_json_put(&b, root, "critical",
                         sweep_object(&b, ganstab_case_param_name(c, c->critical_param),
                                      c->critical_from, c->critical_to, rep->crossings, rep->ncross,
                                      rep->critical_checks, rep->ncritical_checks));
    if (rep->sweep != NULL)
        ganstab_json_put(&b, root, "sweep", ganstab_json_study_sweep(rep->sweep, &b.failed));
    if (rep->map != NULL)
        ganstab_json_put(&b, root, "map", ganstab_json_study_map(rep->map, &b.failed));
    if (rep->optimum != NULL)
        ganstab_json_put(&b, root, "optimize", ganstab_json_study_optimum(rep->optimum, &b.failed));
    if (rep->compare != NULL)
        ganstab_json_put(&b, root, "compare", ganstab_json_study_compare(rep->compare, &b.failed));
    return emit(out, root, &b, err);
}

int ganstab_json_sweep(FILE *out, const ganstab_sweep *sw, ganstab_error *err)
{
    ganstab_error_clear(err);
    ganstab_json_builder b = {0};
    cJSON *root = sweep_object(&b, sw->param, sw->from, sw->to, sw->crossings, sw->ncross,
                               sw->checks, sw->nchecks);
    if (sw->ngaps > 0) { /* where x* is not stationary (only when there is such a part) */
        cJSON *gaps = ganstab_json_put(&b, root, "not_stationary", cJSON_CreateArray());
        for (size_t k = 0; k < sw->ngaps; k++) {
            cJSON *g = ganstab_json_put(&b, gaps, NULL, cJSON_CreateArray());
            ganstab_json_put(&b, g, NULL, ganstab_json_number(sw->gaps[k].lo));
            ganstab_json_put(&b, g, NULL, ganstab_json_number(sw->gaps[k].hi));
        }
    }
    return emit(out, root, &b, err);
}

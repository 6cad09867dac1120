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

/* Tracks allocation failure while the tree is built, so building code stays linear: every
 * helper accepts a NULL parent (an earlier failure) and just records the failure again. */
typedef struct {
    int failed;
} json_builder;

/* Attach item to parent (object member `name`, or array element when name is NULL). Returns
 * item, or NULL (item freed, failure recorded) when item or parent is missing. */
static cJSON *put(json_builder *b, cJSON *parent, const char *name, cJSON *item)
{
    int ok = 0;
    if (item != NULL && parent != NULL)
        ok = name != NULL ? cJSON_AddItemToObject(parent, name, item)
                          : cJSON_AddItemToArray(parent, item);
    if (!ok) {
        cJSON_Delete(item);
        b->failed = 1;
        return NULL;
    }
    return item;
}

static cJSON *json_number(double x)
{
    if (!isfinite(x))
        return cJSON_CreateNull();
    char text[40];
    snprintf(text, sizeof text, "%.17g", x == 0.0 ? 0.0 : x);
    return cJSON_CreateRaw(text);
}

static cJSON *json_count(size_t n)
{
    char text[32];
    snprintf(text, sizeof text, "%zu", n);
    return cJSON_CreateRaw(text);
}

static void put_number(json_builder *b, cJSON *parent, const char *name, double x)
{
    put(b, parent, name, json_number(x));
}

static void put_string(json_builder *b, cJSON *parent, const char *name, const char *s)
{
    put(b, parent, name, s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull());
}

static void put_bool(json_builder *b, cJSON *parent, const char *name, int value)
{
    put(b, parent, name, cJSON_CreateBool(value != 0));
}

/* A matrix as an array of rows (row-major nesting, whatever the storage order), or null. */
static void put_matrix(json_builder *b, cJSON *parent, const char *name, const ganstab_matrix *m)
{
    if (m == NULL) {
        put(b, parent, name, cJSON_CreateNull());
        return;
    }
    cJSON *rows = put(b, parent, name, cJSON_CreateArray());
    for (size_t i = 0; i < m->rows; i++) {
        cJSON *row = put(b, rows, NULL, cJSON_CreateArray());
        for (size_t j = 0; j < m->cols; j++)
            put(b, row, NULL, json_number(ganstab_matrix_get(m, i, j)));
    }
}

static void put_complex(json_builder *b, cJSON *array, double re, double im)
{
    cJSON *z = put(b, array, NULL, cJSON_CreateObject());
    put_number(b, z, "re", re);
    put_number(b, z, "im", im);
}

/* Eigenvalues as {"re","im"} or, with full, {"re","im","abs","error_bound"}. */
static void put_eigenvalues(json_builder *b, cJSON *parent, const char *name,
                            const ganstab_eigenvalue *ev, size_t n, int full)
{
    cJSON *list = put(b, parent, name, cJSON_CreateArray());
    for (size_t i = 0; ev != NULL && i < n; i++) {
        if (!full) {
            put_complex(b, list, ev[i].re, ev[i].im);
            continue;
        }
        cJSON *z = put(b, list, NULL, cJSON_CreateObject());
        put_number(b, z, "re", ev[i].re);
        put_number(b, z, "im", ev[i].im);
        put_number(b, z, "abs", ev[i].abs);
        put_number(b, z, "error_bound", ev[i].error_bound);
    }
}

static void put_parameters(json_builder *b, cJSON *parent, const ganstab_case *c)
{
    ganstab_case_param params[GANSTAB_REPORT_PARAMS_MAX];
    size_t n = ganstab_case_parameters(c, params, GANSTAB_REPORT_PARAMS_MAX);
    if (n > GANSTAB_REPORT_PARAMS_MAX) {
        b->failed = 1; /* cannot happen with the keys case.h defines; refuse to truncate */
        return;
    }
    cJSON *obj = put(b, parent, "parameters", cJSON_CreateObject());
    for (size_t i = 0; i < n; i++) {
        if (params[i].is_number)
            put_number(b, obj, params[i].name, params[i].number);
        else
            put_string(b, obj, params[i].name, params[i].text);
    }
}

static void put_claims(json_builder *b, cJSON *parent, const ganstab_claim_check *checks, size_t n)
{
    cJSON *list = put(b, parent, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < n; i++) {
        const ganstab_claim_check *k = &checks[i];
        cJSON *obj = put(b, list, NULL, cJSON_CreateObject());
        put_string(b, obj, "id", k->id);
        put_string(b, obj, "statement", k->statement);
        put_string(b, obj, "source", k->source);
        cJSON *predicted = put(b, obj, "predicted", cJSON_CreateArray());
        for (size_t j = 0; j < k->n_predicted && j < GANSTAB_CLAIM_MAX_EIGENVALUES; j++)
            put_complex(b, predicted, k->predicted_re[j], k->predicted_im[j]);
        if (k->has_verdict) {
            cJSON *verdicts = put(b, obj, "predicted_verdict", cJSON_CreateArray());
            for (int v = GANSTAB_VERDICT_STABLE; v <= GANSTAB_VERDICT_NOT_STATIONARY; v++)
                if (k->verdict_mask & (1u << v))
                    put(b, verdicts, NULL,
                        cJSON_CreateString(ganstab_verdict_name((ganstab_verdict)v)));
        }
        if (k->predicted_text[0] != '\0')
            put_string(b, obj, "predicted_text", k->predicted_text);
        if (k->computed_text[0] != '\0')
            put_string(b, obj, "computed_text", k->computed_text);
        if (k->has_re_bound) {
            cJSON *bound = put(b, obj, "predicted_re_bound", cJSON_CreateObject());
            put_number(b, bound, "real", k->re_bound_real);
            put_number(b, bound, "complex", k->re_bound_complex);
            put_number(b, bound, "margin", k->re_bound_margin);
        }
        put_number(b, obj, "max_abs_error", k->max_abs_error);
        put_bool(b, obj, "agrees", k->agrees);
    }
}

/* {"param","from","to","crossings","claims"}: the whole `critical` object. */
static cJSON *sweep_object(json_builder *b, const char *param, double from, double to,
                           const ganstab_crossing *crossings, size_t ncross,
                           const ganstab_claim_critical *checks, size_t nchecks)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj == NULL) {
        b->failed = 1;
        return NULL;
    }
    put_string(b, obj, "param", param);
    put_number(b, obj, "from", from);
    put_number(b, obj, "to", to);
    cJSON *list = put(b, obj, "crossings", cJSON_CreateArray());
    for (size_t i = 0; i < ncross; i++) {
        const ganstab_crossing *x = &crossings[i];
        cJSON *item = put(b, list, NULL, cJSON_CreateObject());
        put_number(b, item, "value", x->value);
        cJSON *bracket = put(b, item, "bracket", cJSON_CreateArray());
        put(b, bracket, NULL, json_number(x->lo));
        put(b, bracket, NULL, json_number(x->hi));
        put_string(b, item, "kind", ganstab_crossing_kind_name(x->kind));
        put_string(b, item, "type", ganstab_crossing_type_name(x->type));
        put_string(b, item, "before", ganstab_verdict_name(x->before));
        put_string(b, item, "after", ganstab_verdict_name(x->after));
    }
    cJSON *claims = put(b, obj, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < nchecks; i++) {
        const ganstab_claim_critical *k = &checks[i];
        cJSON *item = put(b, claims, NULL, cJSON_CreateObject());
        put_string(b, item, "id", k->id);
        put_string(b, item, "statement", k->statement);
        put_string(b, item, "source", k->source);
        put_number(b, item, "predicted", k->predicted);
        put_number(b, item, "computed", k->found ? k->computed : NAN);
        put_number(b, item, "abs_error", k->found ? k->abs_error : NAN);
        put_string(b, item, "kind", ganstab_crossing_kind_name(k->kind));
        put_string(b, item, "type", ganstab_crossing_type_name(k->type));
        put_bool(b, item, "agrees", k->agrees);
    }
    return obj;
}

/* Print the tree (pretty, newline-terminated), free it, and report what went wrong. */
static int emit(FILE *out, cJSON *root, const json_builder *b, ganstab_error *err)
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
    json_builder b = {0};
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        b.failed = 1;

    put_string(&b, root, "ganstab", GANSTAB_VERSION);
    cJSON *cs = put(&b, root, "case", cJSON_CreateObject());
    put_string(&b, cs, "file", c->file);
    put_string(&b, cs, "title", c->title);
    put_parameters(&b, root, c);

    cJSON *eq = put(&b, root, "equilibrium", cJSON_CreateObject());
    cJSON *point = put(&b, eq, "point", cJSON_CreateArray());
    for (size_t i = 0; r->equilibrium != NULL && i < r->n; i++)
        put(&b, point, NULL, json_number(r->equilibrium[i]));
    put_number(&b, eq, "residual", r->residual);
    put_bool(&b, eq, "differentiable", !r->kink);

    put_matrix(&b, root, "jacobian", r->jacobian);
    cJSON *check = put(&b, root, "jacobian_check", cJSON_CreateObject());
    if (r->jacobian_check_skipped) {
        put_string(&b, check, "method", "skipped");
        put_string(&b, check, "reason",
                   r->jacobian_check_reason != NULL ? r->jacobian_check_reason : "");
    } else {
        put_string(&b, check, "method", "central-difference");
        put_number(&b, check, "max_abs_diff", r->jacobian_max_abs_diff);
        put_number(&b, check, "tolerance", GANSTAB_FD_TOL);
        put_bool(&b, check, "agrees", r->jacobian_agrees);
    }
    put(&b, root, "manifold_dim", json_count(r->manifold_dim));
    put(&b, root, "null_space_dim", json_count(r->null_space_dim));
    if (r->manifold_dim > 0) {
        put_number(&b, root, "tangent_residual", r->tangent_residual);
        put_bool(&b, root, "null_space_matches", r->null_space_matches);
        put_eigenvalues(&b, root, "transversal_field_eigenvalues", r->transversal_field_eigenvalues,
                        r->n_transversal, 0);
        put_eigenvalues(&b, root, "transversal_eigenvalues", r->transversal_eigenvalues,
                        r->n_op_transversal, 1);
    }

    put_eigenvalues(&b, root, "field_eigenvalues", r->field_eigenvalues, r->n, 0);
    put_matrix(&b, root, "operator", r->op);
    put_eigenvalues(&b, root, "eigenvalues", r->eigenvalues, r->n_op, 1);
    put_number(&b, root, "spectral_abscissa", r->spectral_abscissa);
    put_number(&b, root, "spectral_radius",
               r->dynamics == GANSTAB_DYNAMICS_FLOW ? NAN : r->spectral_radius);
    put_string(&b, root, "verdict", ganstab_verdict_name(r->verdict));
    put(&b, root, "decisive", json_count(r->decisive));
    put_number(&b, root, "tolerance", r->tol);
    if (r->verdict == GANSTAB_VERDICT_NOT_STATIONARY) {
        cJSON *list = put(&b, root, "stationary_points", cJSON_CreateArray());
        for (size_t k = 0; k < r->n_stationary; k++) {
            const ganstab_stationary_point *sp = &r->stationary[k];
            cJSON *obj = put(&b, list, NULL, cJSON_CreateObject());
            cJSON *pt = put(&b, obj, "point", cJSON_CreateArray());
            for (size_t i = 0; i < r->n; i++)
                put(&b, pt, NULL, json_number(sp->point[i]));
            put_number(&b, obj, "residual", sp->residual);
            put_eigenvalues(&b, obj, "eigenvalues", sp->eigenvalues, r->n_op, 1);
            put_string(&b, obj, "verdict", ganstab_verdict_name(sp->verdict));
        }
        put(&b, root, "dead_stationary_runs", json_count(r->n_dead_stationary));
    }
    if (rep->nonlinear != NULL) {
        cJSON *nl = put(&b, root, "nonlinear", cJSON_CreateObject());
        cJSON *start = put(&b, nl, "start", cJSON_CreateArray());
        for (size_t i = 0; i < rep->nonlinear->n && i < GANSTAB_SIM_START_MAX; i++)
            put(&b, start, NULL, json_number(rep->nonlinear->start[i]));
        put(&b, nl, "steps", json_count(rep->nonlinear->steps));
        put_number(&b, nl, "t_end", rep->nonlinear->t_end);
        put_string(&b, nl, "outcome", ganstab_sim_outcome_name(rep->nonlinear->outcome));
        put_number(&b, nl, "distance_ratio", rep->nonlinear->ratio);
    }
    if (rep->simulation != NULL) {
        const ganstab_sim_summary *s = rep->simulation;
        cJSON *sim = put(&b, root, "simulation", cJSON_CreateObject());
        put_string(&b, sim, "scheme", ganstab_scheme_name(s->scheme));
        put(&b, sim, "steps", json_count(s->steps));
        cJSON *start = put(&b, sim, "start", cJSON_CreateArray());
        cJSON *final = put(&b, sim, "final", cJSON_CreateArray());
        for (size_t i = 0; i < s->n; i++) {
            put(&b, start, NULL, json_number(s->start[i]));
            put(&b, final, NULL, json_number(s->final[i]));
        }
        put_number(&b, sim, "distance_start", s->distance_start);
        put_number(&b, sim, "distance_final", s->distance_final);
        if (s->has_tv) {
            put_number(&b, sim, "tv_start", s->tv_start);
            put_number(&b, sim, "tv_final", s->tv_final);
            put_number(&b, sim, "tv_min", s->tv_min);
            put(&b, sim, "tv_min_step", json_count((size_t)s->tv_min_step));
            cJSON *ev = put(&b, sim, "events", cJSON_CreateArray());
            for (size_t e = 0; e < s->n_events && e < GANSTAB_SIM_SUMMARY_EVENTS; e++) {
                cJSON *o = put(&b, ev, NULL, cJSON_CreateObject());
                put(&b, o, "step", json_count((size_t)s->events[e].step));
                put_string(&b, o, "event", ganstab_sim_event_name(s->events[e].kind));
                if (s->events[e].interval > 0)
                    put(&b, o, "interval", json_count((size_t)s->events[e].interval));
            }
            put(&b, sim, "n_events", json_count(s->n_events));
            cJSON *det = put(&b, sim, "detected", cJSON_CreateArray());
            cJSON *exp = put(&b, sim, "expected", cJSON_CreateArray());
            for (int k = 0; k < GANSTAB_BEHAVIOUR_COUNT; k++) {
                if (s->detected & (1u << k))
                    put(&b, det, NULL,
                        cJSON_CreateString(ganstab_behaviour_name((ganstab_behaviour)k)));
                if (s->expected & (1u << k))
                    put(&b, exp, NULL,
                        cJSON_CreateString(ganstab_behaviour_name((ganstab_behaviour)k)));
            }
            put(&b, sim, "agrees", cJSON_CreateBool(s->agrees));
        }
    }
    if (rep->placements != NULL) {
        const ganstab_gmm_map *m = rep->placements;
        cJSON *pm = put(&b, root, "placement_map", cJSON_CreateObject());
        const ganstab_grid_axis *axes[2] = {&m->l1, &m->l2};
        static const char *const axis_names[2] = {"l1", "l2"};
        for (size_t i = 0; i < 2; i++) {
            cJSON *ax = put(&b, pm, axis_names[i], cJSON_CreateObject());
            put_number(&b, ax, "from", axes[i]->from);
            put_number(&b, ax, "to", axes[i]->to);
            put(&b, ax, "count", json_count(axes[i]->count));
        }
        put(&b, pm, "placements", json_count(m->n_points));
        put(&b, pm, "stable", json_count(m->n_stable));
        put(&b, pm, "unstable", json_count(m->n_unstable));
        put(&b, pm, "marginal", json_count(m->n_marginal));
        put(&b, pm, "not_stationary", json_count(m->n_not_stationary));
        put(&b, pm, "empty_cells", json_count(m->n_empty_cells));
        put(&b, pm, "null_space_mismatches", json_count(m->n_null_space_mismatch));
        if (m->best < m->n_points) {
            const ganstab_gmm_map_point *p = &m->points[m->best];
            cJSON *best = put(&b, pm, "most_attracting", cJSON_CreateObject());
            cJSON *disc = put(&b, best, "disc", cJSON_CreateArray());
            for (size_t i = 0; i < 4; i++)
                put(&b, disc, NULL, json_number(p->disc[i]));
            put_number(&b, best, "margin", p->margin);
        }
    }
    if (rep->formulas != NULL) {
        const ganstab_expr_formulas *f = rep->formulas;
        static const char *const sources[] = {"given", "newton", "newton-failed"};
        cJSON *fo = put(&b, root, "formulas", cJSON_CreateObject());
        put_string(&b, fo, "kind", f->payoff ? "payoff" : "field");
        put_string(&b, fo, "dynamics", f->dynamics == GANSTAB_EXPR_MAP ? "map" : "flow");
        if (f->payoff)
            put_string(&b, fo, "payoff", f->payoff_text);
        if (f->generator_payoff_text != NULL)
            put_string(&b, fo, "generator_payoff", f->generator_payoff_text);
        if (f->data_text != NULL)
            put_string(&b, fo, "data", f->data_text);
        cJSON *field = put(&b, fo, "field", cJSON_CreateArray());
        cJSON *jac = put(&b, fo, "jacobian", cJSON_CreateArray());
        for (size_t i = 0; i < f->n; i++) {
            put(&b, field, NULL, cJSON_CreateString(f->field[i]));
            cJSON *row = put(&b, jac, NULL, cJSON_CreateArray());
            for (size_t j = 0; j < f->n; j++)
                put(&b, row, NULL, cJSON_CreateString(f->jacobian[i * f->n + j]));
        }
        cJSON *hd = put(&b, fo, "hyperdual_check", cJSON_CreateObject());
        put_number(&b, hd, "max_abs_diff", f->ad_max_abs_diff);
        cJSON *eqs = put(&b, fo, "equilibrium", cJSON_CreateObject());
        put_string(&b, eqs, "source", sources[f->eq_source]);
        if (f->eq_source != GANSTAB_EXPR_EQ_GIVEN) {
            cJSON *start = put(&b, eqs, "start", cJSON_CreateArray());
            for (size_t i = 0; i < f->n; i++)
                put(&b, start, NULL, json_number(f->eq_start[i]));
            put(&b, eqs, "iterations", json_count((size_t)f->eq_iterations));
        }
    }
    put_claims(&b, root, rep->checks, rep->nchecks);

    if (rep->has_critical && rep->critical_skipped != NULL)
        put_string(&b, root, "critical_skipped", rep->critical_skipped);
    else if (rep->has_critical)
        put(&b, root, "critical",
            sweep_object(&b, ganstab_case_param_name(c, c->critical_param), c->critical_from,
                         c->critical_to, rep->crossings, rep->ncross, rep->critical_checks,
                         rep->ncritical_checks));
    if (rep->sweep != NULL)
        put(&b, root, "sweep", ganstab_json_study_sweep(rep->sweep, &b.failed));
    if (rep->map != NULL)
        put(&b, root, "map", ganstab_json_study_map(rep->map, &b.failed));
    if (rep->optimum != NULL)
        put(&b, root, "optimize", ganstab_json_study_optimum(rep->optimum, &b.failed));
    if (rep->compare != NULL)
        put(&b, root, "compare", ganstab_json_study_compare(rep->compare, &b.failed));
    return emit(out, root, &b, err);
}

int ganstab_json_sweep(FILE *out, const ganstab_sweep *sw, ganstab_error *err)
{
    ganstab_error_clear(err);
    json_builder b = {0};
    cJSON *root = sweep_object(&b, sw->param, sw->from, sw->to, sw->crossings, sw->ncross,
                               sw->checks, sw->nchecks);
    if (sw->ngaps > 0) { /* where x* is not stationary (only when there is such a part) */
        cJSON *gaps = put(&b, root, "not_stationary", cJSON_CreateArray());
        for (size_t k = 0; k < sw->ngaps; k++) {
            cJSON *g = put(&b, gaps, NULL, cJSON_CreateArray());
            put(&b, g, NULL, json_number(sw->gaps[k].lo));
            put(&b, g, NULL, json_number(sw->gaps[k].hi));
        }
    }
    return emit(out, root, &b, err);
}

/* Printers of the parameter studies (study.h): sweeps, stability maps and optima as CSV, JSON and
 * Markdown. Like every printer they are deterministic: the studies' results do not depend on the
 * thread count, the key order is fixed, and the Markdown rounds as md_format.c does. */
#include "ganstab/ganstab.h"
#include "json_internal.h"
#include "md_internal.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_BUF 64
#define CPLX_BUF 160
/* markdown.c's noise floor: values this small relative to their list's largest are printed as 0 */
#define NOISE_FLOOR 1e-13

/* ---- shared ----------------------------------------------------------------------------- */

static const char *measure_name(ganstab_dynamics dyn)
{
    return dyn == GANSTAB_DYNAMICS_MAP ? "spectral_radius" : "spectral_abscissa";
}

static const char *axis_name(int along)
{
    return along == 0 ? "x" : "y";
}

static int finish(FILE *out, const char *what, ganstab_error *err)
{
    if (ferror(out))
        return ganstab_error_set(err, GANSTAB_EIO, what, "cannot write output");
    return GANSTAB_OK;
}

/* ---- CSV -------------------------------------------------------------------------------- */

static void csv_number(FILE *out, double x)
{
    fputc(',', out);
    if (isnan(x))
        return;
    if (isinf(x)) {
        fputs(x > 0 ? "inf" : "-inf", out);
        return;
    }
    fprintf(out, "%.17g", x == 0.0 ? 0.0 : x);
}

static void csv_text(FILE *out, const char *s)
{
    fputc(',', out);
    fputs(s != NULL ? s : "", out);
}

int ganstab_csv_sweep_table(FILE *out, const ganstab_sweep_report *s, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_sweep_table *t = s->t;
    fputs("record,value,verdict,residual,spectral_abscissa,spectral_radius,rate,kind,type,before,"
          "after",
          out);
    for (size_t i = 0; i < t->n_eigen; i++)
        fprintf(out, ",lambda%zu_re,lambda%zu_im", i + 1, i + 1);
    fputc('\n', out);
    for (size_t k = 0; k < t->npoints; k++) {
        const ganstab_sweep_point *p = &t->points[k];
        fputs("point", out);
        csv_number(out, p->value);
        csv_text(out, ganstab_verdict_name(p->verdict));
        csv_number(out, p->residual);
        csv_number(out, p->spectral_abscissa);
        csv_number(out, p->spectral_radius);
        csv_number(out, p->rate);
        fputs(",,,,", out);
        for (size_t i = 0; i < t->n_eigen; i++) {
            csv_number(out, p->eigenvalues != NULL ? p->eigenvalues[i].re : NAN);
            csv_number(out, p->eigenvalues != NULL ? p->eigenvalues[i].im : NAN);
        }
        fputc('\n', out);
    }
    for (size_t k = 0; k < t->ncross; k++) {
        const ganstab_crossing *x = &t->crossings[k];
        fputs("crossing", out);
        csv_number(out, x->value);
        fputs(",,,,,", out);
        csv_text(out, ganstab_crossing_kind_name(x->kind));
        csv_text(out, ganstab_crossing_type_name(x->type));
        csv_text(out, ganstab_verdict_name(x->before));
        csv_text(out, ganstab_verdict_name(x->after));
        for (size_t i = 0; i < 2 * t->n_eigen; i++)
            fputc(',', out);
        fputc('\n', out);
    }
    for (size_t k = 0; k < t->ngaps; k++)
        for (int e = 0; e < 2; e++) {
            fputs(e == 0 ? "not-stationary-from" : "not-stationary-to", out);
            csv_number(out, e == 0 ? t->gaps[k].lo : t->gaps[k].hi);
            fputs(",not-stationary,,,,,,,,", out);
            for (size_t i = 0; i < 2 * t->n_eigen; i++)
                fputc(',', out);
            fputc('\n', out);
        }
    return finish(out, "csv", err);
}

int ganstab_csv_stability_map(FILE *out, const ganstab_map_report *r, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_stability_map *m = r->m;
    fprintf(out, "record,x,y,verdict,residual,%s,rate,kind,type,before,after,along,curve\n",
            measure_name(m->dynamics));
    for (size_t j = 0; j < m->y.count; j++)
        for (size_t i = 0; i < m->x.count; i++) {
            const ganstab_map_cell *cell = &m->cells[j * m->x.count + i];
            fputs("cell", out);
            csv_number(out, ganstab_axis_value(&m->x, i));
            csv_number(out, ganstab_axis_value(&m->y, j));
            csv_text(out, ganstab_verdict_name(cell->verdict));
            csv_number(out, cell->residual);
            csv_number(out, cell->measure);
            csv_number(out, cell->rate);
            fputs(",,,,,,\n", out);
        }
    for (size_t k = 0; k < m->npoints; k++) {
        const ganstab_map_point *p = &m->points[k];
        fputs("boundary", out);
        csv_number(out, p->x);
        csv_number(out, p->y);
        fputs(",,,,", out);
        csv_text(out, ganstab_crossing_kind_name(p->crossing.kind));
        csv_text(out, ganstab_crossing_type_name(p->crossing.type));
        csv_text(out, ganstab_verdict_name(p->crossing.before));
        csv_text(out, ganstab_verdict_name(p->crossing.after));
        csv_text(out, axis_name(p->along));
        if (p->curve >= 0)
            fprintf(out, ",%ld\n", p->curve);
        else
            fputs(",\n", out);
    }
    for (size_t k = 0; k < m->ngaps; k++) {
        const ganstab_map_gap *g = &m->gaps[k];
        const ganstab_axis *fixed = g->along == 0 ? &m->y : &m->x;
        double at = ganstab_axis_value(fixed, g->line);
        for (int e = 0; e < 2; e++) {
            double v = e == 0 ? g->lo : g->hi;
            fputs(e == 0 ? "not-stationary-from" : "not-stationary-to", out);
            csv_number(out, g->along == 0 ? v : at);
            csv_number(out, g->along == 0 ? at : v);
            fputs(",not-stationary,,,,,,,", out);
            csv_text(out, axis_name(g->along));
            fputs(",\n", out);
        }
    }
    return finish(out, "csv", err);
}

/* ---- JSON ------------------------------------------------------------------------------- */

/* json_internal.h's builder: failures are recorded, every helper accepts a NULL parent. */
typedef ganstab_json_builder jb;

static void put_pair(jb *b, cJSON *o, const char *name, double lo, double hi)
{
    cJSON *a = ganstab_json_put(b, o, name, cJSON_CreateArray());
    ganstab_json_put(b, a, NULL, ganstab_json_number(lo));
    ganstab_json_put(b, a, NULL, ganstab_json_number(hi));
}

static void put_eigen(jb *b, cJSON *o, const char *name, const ganstab_eigenvalue *ev, size_t n)
{
    cJSON *list =
        ganstab_json_put(b, o, name, ev != NULL ? cJSON_CreateArray() : cJSON_CreateNull());
    for (size_t i = 0; ev != NULL && i < n; i++) {
        cJSON *z = ganstab_json_put(b, list, NULL, cJSON_CreateObject());
        ganstab_json_put_number(b, z, "re", ev[i].re);
        ganstab_json_put_number(b, z, "im", ev[i].im);
        ganstab_json_put_number(b, z, "abs", ev[i].abs);
        ganstab_json_put_number(b, z, "error_bound", ev[i].error_bound);
    }
}

static cJSON *head(jb *b, const ganstab_case *c)
{
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        b->failed = 1;
    ganstab_json_put_string(b, root, "ganstab", GANSTAB_VERSION);
    cJSON *cs = ganstab_json_put(b, root, "case", cJSON_CreateObject());
    ganstab_json_put_string(b, cs, "file", c->file);
    ganstab_json_put_string(b, cs, "title", c->title);
    ganstab_case_param params[GANSTAB_REPORT_PARAMS_MAX];
    size_t n = ganstab_case_parameters(c, params, GANSTAB_REPORT_PARAMS_MAX);
    if (n > GANSTAB_REPORT_PARAMS_MAX) {
        b->failed = 1;
        return root;
    }
    cJSON *obj = ganstab_json_put(b, root, "parameters", cJSON_CreateObject());
    for (size_t i = 0; i < n; i++) {
        if (params[i].is_number)
            ganstab_json_put_number(b, obj, params[i].name, params[i].number);
        else
            ganstab_json_put_string(b, obj, params[i].name, params[i].text);
    }
    return root;
}

static void put_crossing(jb *b, cJSON *item, const ganstab_crossing *x)
{
    put_pair(b, item, "bracket", x->lo, x->hi);
    ganstab_json_put_string(b, item, "kind", ganstab_crossing_kind_name(x->kind));
    ganstab_json_put_string(b, item, "type", ganstab_crossing_type_name(x->type));
    ganstab_json_put_string(b, item, "before", ganstab_verdict_name(x->before));
    ganstab_json_put_string(b, item, "after", ganstab_verdict_name(x->after));
}

static int emit(FILE *out, cJSON *root, const jb *b, ganstab_error *err)
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

static void put_axis(jb *b, cJSON *o, const char *name, const ganstab_axis *a, size_t scan)
{
    cJSON *ax = ganstab_json_put(b, o, name, cJSON_CreateObject());
    ganstab_json_put_string(b, ax, "param", a->name);
    ganstab_json_put_number(b, ax, "from", a->from);
    ganstab_json_put_number(b, ax, "to", a->to);
    ganstab_json_put(b, ax, "count", ganstab_json_count(a->count));
    ganstab_json_put_bool(b, ax, "integer", a->integer);
    ganstab_json_put(b, ax, "scan", scan > 0 ? ganstab_json_count(scan) : cJSON_CreateNull());
    cJSON *v = ganstab_json_put(b, ax, "values", cJSON_CreateArray());
    for (size_t k = 0; k < a->count; k++)
        ganstab_json_put(b, v, NULL, ganstab_json_number(ganstab_axis_value(a, k)));
}

static cJSON *sweep_object(jb *b, cJSON *root, const ganstab_sweep_report *s)
{
    const ganstab_sweep_table *t = s->t;
    ganstab_json_put_string(b, root, "param", t->axis.name);
    ganstab_json_put_number(b, root, "from", t->axis.from);
    ganstab_json_put_number(b, root, "to", t->axis.to);
    ganstab_json_put(b, root, "steps", ganstab_json_count(t->npoints - 1));
    ganstab_json_put_bool(b, root, "integer", t->axis.integer);
    ganstab_json_put_string(b, root, "dynamics",
                            t->dynamics == GANSTAB_DYNAMICS_MAP ? "map" : "flow");
    ganstab_json_put_number(b, root, "tolerance", t->tol);
    ganstab_json_put(b, root, "scan",
                     t->scan > 0 ? ganstab_json_count(t->scan) : cJSON_CreateNull());
    cJSON *pts = ganstab_json_put(b, root, "points", cJSON_CreateArray());
    for (size_t k = 0; k < t->npoints; k++) {
        const ganstab_sweep_point *p = &t->points[k];
        cJSON *o = ganstab_json_put(b, pts, NULL, cJSON_CreateObject());
        ganstab_json_put_number(b, o, "value", p->value);
        ganstab_json_put_string(b, o, "verdict", ganstab_verdict_name(p->verdict));
        ganstab_json_put_number(b, o, "residual", p->residual);
        ganstab_json_put_number(b, o, "spectral_abscissa", p->spectral_abscissa);
        ganstab_json_put_number(b, o, "spectral_radius", p->spectral_radius);
        ganstab_json_put_number(b, o, "rate", p->rate);
        ganstab_json_put(b, o, "decisive",
                         p->eigenvalues != NULL ? ganstab_json_count(p->decisive)
                                                : cJSON_CreateNull());
        put_eigen(b, o, "eigenvalues", p->eigenvalues, t->n_eigen);
    }
    cJSON *cr = ganstab_json_put(b, root, "crossings", cJSON_CreateArray());
    for (size_t k = 0; k < t->ncross; k++) {
        cJSON *o = ganstab_json_put(b, cr, NULL, cJSON_CreateObject());
        ganstab_json_put_number(b, o, "value", t->crossings[k].value);
        put_crossing(b, o, &t->crossings[k]);
    }
    cJSON *gaps = ganstab_json_put(b, root, "not_stationary", cJSON_CreateArray());
    for (size_t k = 0; k < t->ngaps; k++) {
        cJSON *g = ganstab_json_put(b, gaps, NULL, cJSON_CreateArray());
        ganstab_json_put(b, g, NULL, ganstab_json_number(t->gaps[k].lo));
        ganstab_json_put(b, g, NULL, ganstab_json_number(t->gaps[k].hi));
    }
    cJSON *claims = ganstab_json_put(b, root, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < s->nchecks; i++) {
        const ganstab_claim_critical *k = &s->checks[i];
        cJSON *o = ganstab_json_put(b, claims, NULL, cJSON_CreateObject());
        ganstab_json_put_string(b, o, "id", k->id);
        ganstab_json_put_string(b, o, "statement", k->statement);
        ganstab_json_put_string(b, o, "source", k->source);
        ganstab_json_put_number(b, o, "predicted", k->predicted);
        ganstab_json_put_number(b, o, "computed", k->found ? k->computed : NAN);
        ganstab_json_put_number(b, o, "abs_error", k->found ? k->abs_error : NAN);
        ganstab_json_put_string(b, o, "kind", ganstab_crossing_kind_name(k->kind));
        ganstab_json_put_string(b, o, "type", ganstab_crossing_type_name(k->type));
        ganstab_json_put_bool(b, o, "agrees", k->agrees);
    }
    return root;
}

int ganstab_json_sweep_table(FILE *out, const ganstab_sweep_report *s, ganstab_error *err)
{
    ganstab_error_clear(err);
    jb b = {0};
    cJSON *root = head(&b, s->c);
    sweep_object(&b, root, s);
    return emit(out, root, &b, err);
}

/* One table of the grid as rows (y) of columns (x). */
static void put_grid(jb *b, cJSON *o, const char *name, const ganstab_stability_map *m, int which)
{
    cJSON *rows = ganstab_json_put(b, o, name, cJSON_CreateArray());
    for (size_t j = 0; j < m->y.count; j++) {
        cJSON *row = ganstab_json_put(b, rows, NULL, cJSON_CreateArray());
        for (size_t i = 0; i < m->x.count; i++) {
            const ganstab_map_cell *cell = &m->cells[j * m->x.count + i];
            switch (which) {
            case 0:
                ganstab_json_put(b, row, NULL,
                                 cJSON_CreateString(ganstab_verdict_name(cell->verdict)));
                break;
            case 1:
                ganstab_json_put(b, row, NULL, ganstab_json_number(cell->residual));
                break;
            case 2:
                ganstab_json_put(b, row, NULL, ganstab_json_number(cell->measure));
                break;
            default:
                ganstab_json_put(b, row, NULL, ganstab_json_number(cell->rate));
                break;
            }
        }
    }
}

static void map_fields(jb *bp, cJSON *root, const ganstab_map_report *r)
{
    const ganstab_stability_map *m = r->m;
    jb b = *bp;
    ganstab_json_put_string(&b, root, "dynamics",
                            m->dynamics == GANSTAB_DYNAMICS_MAP ? "map" : "flow");
    ganstab_json_put_number(&b, root, "tolerance", m->tol);
    put_axis(&b, root, "x", &m->x, m->scan_x);
    put_axis(&b, root, "y", &m->y, m->scan_y);
    cJSON *counts = ganstab_json_put(&b, root, "counts", cJSON_CreateObject());
    static const char *const names[4] = {"stable", "unstable", "marginal", "not_stationary"};
    for (size_t v = 0; v < 4; v++)
        ganstab_json_put(&b, counts, names[v], ganstab_json_count(m->verdict_count[v]));
    put_grid(&b, root, "verdict", m, 0);
    put_grid(&b, root, "residual", m, 1);
    put_grid(&b, root, measure_name(m->dynamics), m, 2);
    put_grid(&b, root, "rate", m, 3);
    cJSON *pts = ganstab_json_put(&b, root, "boundary", cJSON_CreateArray());
    for (size_t k = 0; k < m->npoints; k++) {
        const ganstab_map_point *p = &m->points[k];
        cJSON *o = ganstab_json_put(&b, pts, NULL, cJSON_CreateObject());
        ganstab_json_put_number(&b, o, "x", p->x);
        ganstab_json_put_number(&b, o, "y", p->y);
        ganstab_json_put_string(&b, o, "along", axis_name(p->along));
        put_crossing(&b, o, &p->crossing);
        ganstab_json_put(&b, o, "curve",
                         p->curve >= 0 ? ganstab_json_count((size_t)p->curve) : cJSON_CreateNull());
    }
    cJSON *curves = ganstab_json_put(&b, root, "curves", cJSON_CreateArray());
    for (size_t k = 0; k < m->ncurves; k++) {
        const ganstab_map_curve *cv = &m->curves[k];
        cJSON *o = ganstab_json_put(&b, curves, NULL, cJSON_CreateObject());
        ganstab_json_put_string(&b, o, "kind", ganstab_crossing_kind_name(cv->kind));
        ganstab_json_put_bool(&b, o, "closed", cv->closed);
        cJSON *list = ganstab_json_put(&b, o, "points", cJSON_CreateArray());
        for (size_t q = 0; q < cv->npoints; q++)
            ganstab_json_put(&b, list, NULL, ganstab_json_count(cv->points[q]));
    }
    cJSON *gaps = ganstab_json_put(&b, root, "not_stationary", cJSON_CreateArray());
    for (size_t k = 0; k < m->ngaps; k++) {
        const ganstab_map_gap *g = &m->gaps[k];
        cJSON *o = ganstab_json_put(&b, gaps, NULL, cJSON_CreateObject());
        ganstab_json_put_string(&b, o, "along", axis_name(g->along));
        ganstab_json_put_number(&b, o, "at",
                                ganstab_axis_value(g->along == 0 ? &m->y : &m->x, g->line));
        put_pair(&b, o, "range", g->lo, g->hi);
    }
    cJSON *claims = ganstab_json_put(&b, root, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < r->nchecks; i++) {
        const ganstab_claim_boundary *k = &r->checks[i];
        cJSON *o = ganstab_json_put(&b, claims, NULL, cJSON_CreateObject());
        ganstab_json_put_string(&b, o, "id", k->id);
        ganstab_json_put_string(&b, o, "statement", k->statement);
        ganstab_json_put_string(&b, o, "source", k->source);
        ganstab_json_put(&b, o, "lines", ganstab_json_count(k->lines));
        ganstab_json_put(&b, o, "predicted", ganstab_json_count(k->predicted));
        ganstab_json_put(&b, o, "found", ganstab_json_count(k->found));
        ganstab_json_put(&b, o, "unexplained", ganstab_json_count(k->unexplained));
        ganstab_json_put_number(&b, o, "max_abs_error", k->max_abs_error);
        put_pair(&b, o, "worst", k->worst_x, k->worst_y);
        ganstab_json_put_bool(&b, o, "agrees", k->agrees);
    }
    *bp = b;
}

int ganstab_json_stability_map(FILE *out, const ganstab_map_report *r, ganstab_error *err)
{
    ganstab_error_clear(err);
    jb b = {0};
    cJSON *root = head(&b, r->c);
    map_fields(&b, root, r);
    return emit(out, root, &b, err);
}

static void optimum_fields(jb *bp, cJSON *root, const ganstab_optimum_report *r)
{
    const ganstab_optimum *o = r->o;
    jb b = *bp;
    ganstab_json_put_string(&b, root, "param", o->axis.name);
    ganstab_json_put_number(&b, root, "from", o->axis.from);
    ganstab_json_put_number(&b, root, "to", o->axis.to);
    ganstab_json_put(&b, root, "scan", ganstab_json_count(o->axis.count));
    ganstab_json_put_string(&b, root, "grid",
                            o->axis.integer ? "integers"
                            : o->geometric  ? "geometric"
                                            : "linear");
    ganstab_json_put_string(&b, root, "dynamics",
                            o->dynamics == GANSTAB_DYNAMICS_MAP ? "map" : "flow");
    ganstab_json_put_string(&b, root, "objective", measure_name(o->dynamics));
    ganstab_json_put_number(&b, root, "tolerance", o->tol);
    ganstab_json_put_number(&b, root, "argmin", o->argmin);
    put_pair(&b, root, "bracket", o->lo, o->hi);
    ganstab_json_put_number(&b, root, "value", o->objective);
    ganstab_json_put_number(&b, root, "error_bound", o->objective_bound);
    ganstab_json_put_number(&b, root, "rate", o->rate);
    ganstab_json_put_string(&b, root, "verdict", ganstab_verdict_name(o->verdict));
    ganstab_json_put_string(&b, root, "kind", ganstab_optimum_kind_name(o->kind));
    if (o->kind == GANSTAB_OPTIMUM_PLATEAU)
        put_pair(&b, root, "plateau", o->plateau_lo, o->plateau_hi);
    else
        ganstab_json_put(&b, root, "plateau", cJSON_CreateNull());
    ganstab_json_put(&b, root, "evaluations", ganstab_json_count(o->evaluations));
    put_eigen(&b, root, "eigenvalues", o->eigenvalues, o->n_eigen);
    cJSON *claims = ganstab_json_put(&b, root, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < r->nchecks; i++) {
        const ganstab_claim_optimum *k = &r->checks[i];
        cJSON *c = ganstab_json_put(&b, claims, NULL, cJSON_CreateObject());
        ganstab_json_put_string(&b, c, "id", k->id);
        ganstab_json_put_string(&b, c, "statement", k->statement);
        ganstab_json_put_string(&b, c, "source", k->source);
        ganstab_json_put_number(&b, c, "predicted_argmin", k->predicted_argmin);
        ganstab_json_put_number(&b, c, "predicted_value", k->predicted_objective);
        ganstab_json_put_string(&b, c, "predicted_kind", k->predicted_kind);
        ganstab_json_put_number(&b, c, "computed_argmin", k->computed_argmin);
        ganstab_json_put_number(&b, c, "computed_value", k->computed_objective);
        ganstab_json_put_number(&b, c, "predicted_value_at_computed_argmin",
                                k->objective_at_computed);
        ganstab_json_put_number(&b, c, "argmin_error", k->argmin_error);
        ganstab_json_put_number(&b, c, "value_error", k->objective_error);
        ganstab_json_put_bool(&b, c, "agrees", k->agrees);
    }
    *bp = b;
}

int ganstab_json_optimum(FILE *out, const ganstab_optimum_report *r, ganstab_error *err)
{
    ganstab_error_clear(err);
    jb b = {0};
    cJSON *root = head(&b, r->c);
    optimum_fields(&b, root, r);
    return emit(out, root, &b, err);
}

/* ---- embedded in the report's JSON (json_internal.h) ------------------------------------ */

static cJSON *embedded(int *failed, const void *r, int which)
{
    jb b = {0};
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        b.failed = 1;
    if (which == 0)
        sweep_object(&b, root, r);
    else if (which == 1)
        map_fields(&b, root, r);
    else
        optimum_fields(&b, root, r);
    if (b.failed)
        *failed = 1;
    return root;
}

cJSON *ganstab_json_study_sweep(const ganstab_sweep_report *s, int *failed)
{
    return embedded(failed, s, 0);
}

cJSON *ganstab_json_study_map(const ganstab_map_report *m, int *failed)
{
    return embedded(failed, m, 1);
}

cJSON *ganstab_json_study_optimum(const ganstab_optimum_report *o, int *failed)
{
    return embedded(failed, o, 2);
}

/* ---- Markdown --------------------------------------------------------------------------- */

static void heading(FILE *out, int level, const char *fmt, const char *a, const char *b,
                    const char *c)
{
    for (int i = 0; i < level; i++)
        fputc('#', out);
    fputc(' ', out);
    fprintf(out, fmt, a, b, c);
    fputs("\n\n", out);
}

static void case_line(FILE *out, const ganstab_case *c)
{
    fprintf(out, "Case: %s", c->title[0] != '\0' ? c->title : c->file);
    if (c->file[0] != '\0')
        fprintf(out, " (`%s`)", c->file);
    fputs("\n\n", out);
}

static const char *mark(int agrees)
{
    return agrees ? "✓" : "✗";
}

static void claim_id(FILE *out, const char *id, const char *source)
{
    fprintf(out, "| `%s` (", id);
    ganstab_md_put_cell_text(out, source);
    fputs(") | ", out);
}

void ganstab_md_derivations(FILE *out, int level, const char *const *ids, size_t n)
{
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= strcmp(ids[i], ids[j]) == 0;
        const char *text = ganstab_claim_derivation(ids[i]);
        if (dup || text == NULL)
            continue;
        if (shown++ == 0)
            heading(out, level, "Derivations of the closed forms%s%s%s", "", "", "");
        fprintf(out, "**`%s`.** %s\n\n", ids[i], text);
    }
}

/* A value with its error bound and the matching rate: the digits below the bound are noise. */
static void fmt_measure(char *m, char *rate, size_t size, ganstab_dynamics dyn, double value,
                        double rate_value, double bound)
{
    ganstab_md_fmt_bounded(m, size, value, bound, 0.0);
    if (!isfinite(value)) {
        snprintf(rate, size, "—");
        return;
    }
    if (dyn == GANSTAB_DYNAMICS_MAP && value <= bound) {
        /* nilpotent within the bound: faster than any linear rate */
        snprintf(rate, size, "≥ %d", (int)floor(-log(fmax(bound, 1e-300))));
        return;
    }
    ganstab_md_fmt_bounded(rate, size, rate_value,
                           dyn == GANSTAB_DYNAMICS_MAP ? bound / fabs(value) : bound, 0.0);
}

static void put_crossing_rows(FILE *out, const ganstab_crossing *x, size_t n)
{
    char a[NUM_BUF], w[NUM_BUF];
    fputs("| value | bracket width | kind | type | before → after |\n|---:|---:|---|---|---|\n",
          out);
    for (size_t i = 0; i < n; i++) {
        ganstab_md_fmt_number(a, sizeof a, x[i].value, 0.0);
        ganstab_md_fmt_error_size(w, sizeof w, x[i].hi - x[i].lo);
        fprintf(out, "| %s | %s | %s | %s | %s → %s |\n", a, w,
                ganstab_crossing_kind_name(x[i].kind), ganstab_crossing_type_name(x[i].type),
                ganstab_verdict_name(x[i].before), ganstab_verdict_name(x[i].after));
    }
    fputc('\n', out);
}

int ganstab_md_sweep_table(FILE *out, const ganstab_sweep_report *s, int level, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_sweep_table *t = s->t;
    int map = t->dynamics == GANSTAB_DYNAMICS_MAP;
    char a[NUM_BUF], b[NUM_BUF], steps[NUM_BUF];
    ganstab_md_fmt_number(a, sizeof a, t->axis.from, 0.0);
    ganstab_md_fmt_number(b, sizeof b, t->axis.to, 0.0);
    snprintf(steps, sizeof steps, "%zu", t->npoints);
    heading(out, level, "Sweep of `%s` over [%s, %s]", t->axis.name, a, b);
    if (level == 1)
        case_line(out, s->c);
    fprintf(out,
            "%s values of `%s` from %s to %s. At each: the verdict, the %s of the deciding "
            "spectrum (%s), the convergence rate (%s), and the decisive eigenvalue.\n\n",
            steps, t->axis.name, a, b, map ? "spectral radius ρ" : "spectral abscissa max Re λ",
            map ? "eigenvalues of the update operator" : "eigenvalues of J",
            map ? "−log ρ per update" : "−max Re λ per unit of time");
    fprintf(out, "| `%s` | verdict | %s | rate | decisive eigenvalue |\n|---:|---|---:|---:|---|\n",
            t->axis.name, map ? "ρ" : "max Re λ");
    for (size_t k = 0; k < t->npoints; k++) {
        const ganstab_sweep_point *p = &t->points[k];
        char v[NUM_BUF], m[NUM_BUF], rate[NUM_BUF], z[CPLX_BUF];
        ganstab_md_fmt_number(v, sizeof v, p->value, 0.0);
        if (p->eigenvalues == NULL) {
            ganstab_md_fmt_number(m, sizeof m, p->residual, 0.0);
            fprintf(out, "| %s | %s | — | — | ‖v(x*)‖ = %s |\n", v,
                    ganstab_verdict_name(p->verdict), m);
            continue;
        }
        const ganstab_eigenvalue *d = &p->eigenvalues[p->decisive];
        double maxabs = 0.0;
        for (size_t i = 0; i < t->n_eigen; i++)
            maxabs = fmax(maxabs, p->eigenvalues[i].abs);
        fmt_measure(m, rate, sizeof m, t->dynamics, map ? p->spectral_radius : p->spectral_abscissa,
                    p->rate, d->error_bound);
        ganstab_md_fmt_eigenvalue(z, sizeof z, d->re, d->im, d->error_bound,
                                  NOISE_FLOOR * fmax(1.0, maxabs));
        fprintf(out, "| %s | %s | %s | %s | %s |\n", v, ganstab_verdict_name(p->verdict), m, rate,
                z);
    }
    fputc('\n', out);
    heading(out, level + 1, "Crossings%s%s%s", "", "", "");
    if (t->axis.integer) {
        fprintf(out,
                "`%s` is an integer parameter: there are no critical values between its "
                "values.\n\n",
                t->axis.name);
    } else {
        if (t->ncross == 0)
            fprintf(out, "No crossing in [%s, %s].\n\n", a, b);
        else
            put_crossing_rows(out, t->crossings, t->ncross);
        for (size_t k = 0; k < t->ngaps; k++) {
            char lo[NUM_BUF], hi[NUM_BUF];
            ganstab_md_fmt_number(lo, sizeof lo, t->gaps[k].lo, 0.0);
            ganstab_md_fmt_number(hi, sizeof hi, t->gaps[k].hi, 0.0);
            fprintf(out,
                    "x* is not stationary for `%s` in (%s, %s]: no crossing is sought there.\n\n",
                    t->axis.name, lo, hi);
        }
        if (s->nchecks > 0) {
            fputs("| claim | statement | predicted | computed | error | agrees |\n"
                  "|---|---|---|---|---|:---:|\n",
                  out);
            for (size_t i = 0; i < s->nchecks; i++) {
                const ganstab_claim_critical *k = &s->checks[i];
                char pv[NUM_BUF], cv[NUM_BUF], e[NUM_BUF];
                claim_id(out, k->id, k->source);
                ganstab_md_put_cell_text(out, k->statement);
                ganstab_md_fmt_number(pv, sizeof pv, k->predicted, 0.0);
                fprintf(out, " | %s (%s, %s) | ", pv, ganstab_crossing_kind_name(k->kind),
                        ganstab_crossing_type_name(k->type));
                if (k->found) {
                    ganstab_md_fmt_number(cv, sizeof cv, k->computed, 0.0);
                    ganstab_md_fmt_error_size(e, sizeof e, k->abs_error);
                    fprintf(out, "%s | %s", cv, e);
                } else {
                    fputs("not found | —", out);
                }
                fprintf(out, " | %s |\n", mark(k->agrees));
            }
            fputc('\n', out);
        }
    }
    if (level == 1) {
        const char **ids = malloc((s->nchecks + 1) * sizeof *ids);
        for (size_t i = 0; ids != NULL && i < s->nchecks; i++)
            ids[i] = s->checks[i].id;
        if (ids != NULL)
            ganstab_md_derivations(out, level + 1, ids, s->nchecks);
        free(ids);
    }
    return finish(out, "markdown", err);
}

static const char VERDICT_LETTER[4] = {'S', 'U', 'M', 'N'};

/* The types along a curve, in order of first appearance ("neimark-sacker, flip"). */
static void curve_types(char *buf, size_t size, const ganstab_stability_map *m,
                        const ganstab_map_curve *cv)
{
    int seen[6] = {0};
    buf[0] = '\0';
    for (size_t q = 0; q < cv->npoints; q++) {
        ganstab_crossing_type t = m->points[cv->points[q]].crossing.type;
        if ((int)t < 0 || t > GANSTAB_CROSSING_REAL_TO_COMPLEX || seen[t])
            continue;
        seen[t] = 1;
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", len > 0 ? ", " : "", ganstab_crossing_type_name(t));
    }
}

static void fmt_point(char *buf, size_t size, const ganstab_map_point *p)
{
    char x[NUM_BUF], y[NUM_BUF];
    ganstab_md_fmt_number(x, sizeof x, p->x, 0.0);
    ganstab_md_fmt_number(y, sizeof y, p->y, 0.0);
    snprintf(buf, size, "(%s, %s)", x, y);
}

int ganstab_md_stability_map(FILE *out, const ganstab_map_report *r, int level, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_stability_map *m = r->m;
    int map = m->dynamics == GANSTAB_DYNAMICS_MAP;
    char xa[NUM_BUF], xb[NUM_BUF], ya[NUM_BUF], yb[NUM_BUF];
    ganstab_md_fmt_number(xa, sizeof xa, m->x.from, 0.0);
    ganstab_md_fmt_number(xb, sizeof xb, m->x.to, 0.0);
    ganstab_md_fmt_number(ya, sizeof ya, m->y.from, 0.0);
    ganstab_md_fmt_number(yb, sizeof yb, m->y.to, 0.0);
    heading(out, level, "Stability map over `%s` × `%s`%s", m->x.name, m->y.name, "");
    if (level == 1)
        case_line(out, r->c);
    fprintf(out,
            "x = `%s` from %s to %s (%zu points), y = `%s` from %s to %s (%zu points). The verdict "
            "at every grid point (S stable, U unstable, M marginal, N not stationary) from the "
            "%s; top row y = %s, bottom row y = %s, columns x = %s … %s:\n\n",
            m->x.name, xa, xb, m->x.count, m->y.name, ya, yb, m->y.count,
            map ? "eigenvalues of the update operator" : "eigenvalues of J", yb, ya, xa, xb);
    size_t width = 0;
    char(*labels)[NUM_BUF] = malloc(m->y.count * sizeof *labels);
    if (labels == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "markdown", "out of memory");
    for (size_t j = 0; j < m->y.count; j++) {
        ganstab_md_fmt_number(labels[j], NUM_BUF, ganstab_axis_value(&m->y, j), 0.0);
        if (strlen(labels[j]) > width)
            width = strlen(labels[j]);
    }
    fputs("```text\n", out);
    for (size_t j = m->y.count; j-- > 0;) {
        fprintf(out, "%*s | ", (int)width, labels[j]);
        for (size_t i = 0; i < m->x.count; i++)
            fputc(VERDICT_LETTER[m->cells[j * m->x.count + i].verdict], out);
        fputc('\n', out);
    }
    fputs("```\n\n", out);
    free(labels);
    fprintf(out, "Grid points: %zu stable, %zu unstable, %zu marginal, %zu not stationary.\n\n",
            m->verdict_count[GANSTAB_VERDICT_STABLE], m->verdict_count[GANSTAB_VERDICT_UNSTABLE],
            m->verdict_count[GANSTAB_VERDICT_MARGINAL],
            m->verdict_count[GANSTAB_VERDICT_NOT_STATIONARY]);
    if (r->figure != NULL)
        ganstab_md_put_figure(out, r->figure);

    heading(out, level + 1, "Boundary%s%s%s", "", "", "");
    size_t nrow = 0, ncol = 0;
    for (size_t k = 0; k < m->npoints; k++)
        *(m->points[k].along == 0 ? &nrow : &ncol) += 1;
    fprintf(out,
            "%zu boundary points, each located by the crossing solver (Brent, bracket ≤ "
            "1e-12·max(1, |value|)), not read off the grid: %zu along the rows (x located at each "
            "grid value of y), %zu along the columns (y located at each grid value of x)%s.",
            m->npoints, nrow, ncol,
            m->x.integer || m->y.integer ? "; an integer axis has no crossings between its values"
                                         : "");
    if (m->ncurves > 0) {
        fprintf(out,
                " Points on the edges of each grid cell pair up into %zu curves (stability: where "
                "the verdict changes; oscillation: where a complex pair turns real):\n\n",
                m->ncurves);
        fputs("| curve | kind | points | closed | types along it | first point (x, y) | last point "
              "(x, y) |\n|---:|---|---:|---|---|---|---|\n",
              out);
        for (size_t k = 0; k < m->ncurves; k++) {
            const ganstab_map_curve *cv = &m->curves[k];
            char types[160], p0[2 * NUM_BUF + 8], p1[2 * NUM_BUF + 8];
            curve_types(types, sizeof types, m, cv);
            fmt_point(p0, sizeof p0, &m->points[cv->points[0]]);
            fmt_point(p1, sizeof p1, &m->points[cv->points[cv->npoints - 1]]);
            fprintf(out, "| %zu | %s | %zu | %s | %s | %s | %s |\n", k,
                    ganstab_crossing_kind_name(cv->kind), cv->npoints, cv->closed ? "yes" : "no",
                    types, p0, p1);
        }
        fputc('\n', out);
    } else {
        fputs("\n\n", out);
    }
    if (m->npoints > 0) {
        fprintf(out, "<details><summary>All %zu boundary points</summary>\n\n", m->npoints);
        fputs("| x | y | located | kind | type | before → after | curve |\n"
              "|---:|---:|---|---|---|---|---:|\n",
              out);
        for (size_t k = 0; k < m->npoints; k++) {
            const ganstab_map_point *p = &m->points[k];
            char x[NUM_BUF], y[NUM_BUF], cv[32];
            ganstab_md_fmt_number(x, sizeof x, p->x, 0.0);
            ganstab_md_fmt_number(y, sizeof y, p->y, 0.0);
            if (p->curve >= 0)
                snprintf(cv, sizeof cv, "%ld", p->curve);
            else
                snprintf(cv, sizeof cv, "—");
            fprintf(out, "| %s | %s | %s | %s | %s | %s → %s | %s |\n", x, y, axis_name(p->along),
                    ganstab_crossing_kind_name(p->crossing.kind),
                    ganstab_crossing_type_name(p->crossing.type),
                    ganstab_verdict_name(p->crossing.before),
                    ganstab_verdict_name(p->crossing.after), cv);
        }
        fputs("\n</details>\n\n", out);
    }
    for (size_t k = 0; k < m->ngaps; k++) {
        const ganstab_map_gap *g = &m->gaps[k];
        char at[NUM_BUF], lo[NUM_BUF], hi[NUM_BUF];
        ganstab_md_fmt_number(at, sizeof at,
                              ganstab_axis_value(g->along == 0 ? &m->y : &m->x, g->line), 0.0);
        ganstab_md_fmt_number(lo, sizeof lo, g->lo, 0.0);
        ganstab_md_fmt_number(hi, sizeof hi, g->hi, 0.0);
        fprintf(out, "At `%s` = %s, x* is not stationary for `%s` in (%s, %s].\n\n",
                g->along == 0 ? m->y.name : m->x.name, at, g->along == 0 ? m->x.name : m->y.name,
                lo, hi);
    }
    heading(out, level + 1, "Boundary claims%s%s%s", "", "", "");
    if (r->nchecks == 0) {
        fputs("No claim of the catalogue predicts a boundary on this map.\n\n", out);
    } else {
        fputs("Each claim's critical values of the varied parameter, from its closed form with "
              "the line's fixed value, against the boundary points located on that line (same "
              "kind and type); \"unexplained\" counts verdict changes the closed form does not "
              "have.\n\n| claim | statement | predicted | computed | max error | agrees |\n"
              "|---|---|---|---|---|:---:|\n",
              out);
        for (size_t i = 0; i < r->nchecks; i++) {
            const ganstab_claim_boundary *k = &r->checks[i];
            char e[NUM_BUF];
            claim_id(out, k->id, k->source);
            ganstab_md_put_cell_text(out, k->statement);
            ganstab_md_fmt_error_size(e, sizeof e, k->max_abs_error);
            fprintf(out,
                    " | %zu boundary values on %zu grid lines | %zu found, %zu unexplained | %s | "
                    "%s |\n",
                    k->predicted, k->lines, k->found, k->unexplained, k->found > 0 ? e : "—",
                    mark(k->agrees));
        }
        fputc('\n', out);
    }
    if (level == 1) {
        const char **ids = malloc((r->nchecks + 1) * sizeof *ids);
        for (size_t i = 0; ids != NULL && i < r->nchecks; i++)
            ids[i] = r->checks[i].id;
        if (ids != NULL)
            ganstab_md_derivations(out, level + 1, ids, r->nchecks);
        free(ids);
    }
    return finish(out, "markdown", err);
}

int ganstab_md_optimum(FILE *out, const ganstab_optimum_report *r, int level, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_optimum *o = r->o;
    int map = o->dynamics == GANSTAB_DYNAMICS_MAP;
    char a[NUM_BUF], b[NUM_BUF], v[NUM_BUF], w[NUM_BUF], m[NUM_BUF], rate[NUM_BUF];
    ganstab_md_fmt_number(a, sizeof a, o->axis.from, 0.0);
    ganstab_md_fmt_number(b, sizeof b, o->axis.to, 0.0);
    heading(out, level, "Fastest convergence over `%s`%s%s", o->axis.name, "", "");
    if (level == 1)
        case_line(out, r->c);
    fprintf(out,
            "The value of `%s` in [%s, %s] that minimizes the %s: a scan of %zu points (%s), "
            "golden-section search on the best point's neighbours (exact where two eigenvalue "
            "moduli meet), then, where the objective is smooth through the minimum, Brent on its "
            "5-point derivative; clusters of eigenvalues within their error bounds count by their "
            "mean (a defective multiple eigenvalue is split by ~√ε).\n\n",
            o->axis.name, a, b,
            map ? "spectral radius ρ of the update operator" : "spectral abscissa max Re λ of J",
            o->axis.count,
            o->axis.integer ? "every integer"
            : o->geometric  ? "geometric"
                            : "linear");
    ganstab_md_fmt_number(v, sizeof v, o->argmin, 0.0);
    ganstab_md_fmt_error_size(w, sizeof w, o->hi - o->lo);
    fmt_measure(m, rate, sizeof m, o->dynamics, o->objective, o->rate, o->objective_bound);
    (void)w; /* the bracket and the evaluation count (JSON) depend on the last bits of the
                objective, so the deterministic Markdown leaves them out */
    fprintf(out, "| quantity | value |\n|---|---|\n| optimal `%s` | **%s** |\n", o->axis.name, v);
    fprintf(out, "| kind | %s |\n", ganstab_optimum_kind_name(o->kind));
    if (o->kind == GANSTAB_OPTIMUM_PLATEAU) {
        char lo[NUM_BUF], hi[NUM_BUF];
        ganstab_md_fmt_number(lo, sizeof lo, o->plateau_lo, 0.0);
        ganstab_md_fmt_number(hi, sizeof hi, o->plateau_hi, 0.0);
        fprintf(out,
                "| plateau | the minimum is attained within its error bound on [%s, %s] of "
                "the scan |\n",
                lo, hi);
    }
    fprintf(out, "| %s there | %s |\n| rate there | %s %s |\n| verdict there | %s |\n",
            map ? "spectral radius ρ" : "max Re λ", m, rate,
            map ? "per update (−log ρ)" : "per unit of time (−max Re λ)",
            ganstab_verdict_name(o->verdict));
    fputc('\n', out);
    heading(out, level + 1, "Optimum claims%s%s%s", "", "", "");
    if (r->nchecks == 0) {
        fputs("No claim of the catalogue predicts this optimum in closed form.\n\n", out);
    } else {
        fputs("| claim | statement | predicted | computed | error | agrees |\n"
              "|---|---|---|---|---|:---:|\n",
              out);
        for (size_t i = 0; i < r->nchecks; i++) {
            const ganstab_claim_optimum *k = &r->checks[i];
            char pa[NUM_BUF], po[NUM_BUF], ca[NUM_BUF], co[NUM_BUF], ea[NUM_BUF], eo[NUM_BUF];
            ganstab_md_fmt_number(pa, sizeof pa, k->predicted_argmin, 0.0);
            ganstab_md_fmt_number(po, sizeof po, k->predicted_objective, 0.0);
            ganstab_md_fmt_number(ca, sizeof ca, k->computed_argmin, 0.0);
            ganstab_md_fmt_bounded(co, sizeof co, k->computed_objective, o->objective_bound, 0.0);
            ganstab_md_fmt_error_size(ea, sizeof ea, k->argmin_error);
            ganstab_md_fmt_error_size(eo, sizeof eo, k->objective_error);
            claim_id(out, k->id, k->source);
            ganstab_md_put_cell_text(out, k->statement);
            fprintf(out, " | `%s` = %s, %s = %s (%s) | `%s` = %s, %s = %s | %s; %s | %s |\n",
                    o->axis.name, pa, map ? "ρ" : "max Re λ", po, k->predicted_kind, o->axis.name,
                    ca, map ? "ρ" : "max Re λ", co, ea, eo, mark(k->agrees));
        }
        fputc('\n', out);
    }
    if (level == 1) {
        const char **ids = malloc((r->nchecks + 1) * sizeof *ids);
        for (size_t i = 0; ids != NULL && i < r->nchecks; i++)
            ids[i] = r->checks[i].id;
        if (ids != NULL)
            ganstab_md_derivations(out, level + 1, ids, r->nchecks);
        free(ids);
    }
    return finish(out, "markdown", err);
}

/* ---- optimizer comparison ---------------------------------------------------------------- */

static void compare_fields(jb *b, cJSON *root, const ganstab_compare_report *r)
{
    cJSON *range = ganstab_json_put(b, root, "h_range", cJSON_CreateArray());
    ganstab_json_put(b, range, NULL, ganstab_json_number(r->opt->from));
    ganstab_json_put(b, range, NULL, ganstab_json_number(r->opt->to));
    ganstab_json_put(b, root, "tolerance", ganstab_json_number(r->opt->tol));
    cJSON *list = ganstab_json_put(b, root, "optimizers", cJSON_CreateArray());
    for (size_t i = 0; i < r->n; i++) {
        const ganstab_compare_row *w = &r->rows[i];
        cJSON *o = ganstab_json_put(b, list, NULL, cJSON_CreateObject());
        ganstab_json_put(b, o, "optimizer", cJSON_CreateString(w->spec));
        ganstab_json_put(b, o, "scheme", cJSON_CreateString(ganstab_scheme_name(w->update.scheme)));
        ganstab_json_put(b, o, "operator_dim", ganstab_json_number((double)w->n_op));
        cJSON *segs = ganstab_json_put(b, o, "segments", cJSON_CreateArray());
        for (size_t k = 0; k < w->nseg; k++) {
            cJSON *s = ganstab_json_put(b, segs, NULL, cJSON_CreateObject());
            ganstab_json_put(b, s, "from", ganstab_json_number(w->seg[k].lo));
            ganstab_json_put(b, s, "to", ganstab_json_number(w->seg[k].hi));
            ganstab_json_put(b, s, "from_is_crossing", cJSON_CreateBool(w->seg[k].lo_is_crossing));
            ganstab_json_put(b, s, "to_is_crossing", cJSON_CreateBool(w->seg[k].hi_is_crossing));
            ganstab_json_put(b, s, "verdict",
                             cJSON_CreateString(ganstab_verdict_name(w->seg[k].verdict)));
        }
        ganstab_json_put(b, o, "stable_length", ganstab_json_number(w->stable_measure));
        if (w->has_best) {
            cJSON *best = ganstab_json_put(b, o, "best", cJSON_CreateObject());
            ganstab_json_put(b, best, "h", ganstab_json_number(w->best_h));
            ganstab_json_put(b, best, "spectral_radius", ganstab_json_number(w->best_radius));
            ganstab_json_put(b, best, "error_bound", ganstab_json_number(w->best_bound));
            ganstab_json_put(b, best, "rate", ganstab_json_number(w->best_rate));
            ganstab_json_put(b, best, "kind",
                             cJSON_CreateString(ganstab_optimum_kind_name(w->best_kind)));
        } else {
            ganstab_json_put(b, o, "best", cJSON_CreateNull());
        }
    }
    cJSON *claims = ganstab_json_put(b, root, "claims", cJSON_CreateArray());
    for (size_t i = 0; i < r->nchecks; i++) {
        const ganstab_claim_compare *k = &r->checks[i];
        cJSON *o = ganstab_json_put(b, claims, NULL, cJSON_CreateObject());
        ganstab_json_put(b, o, "id", cJSON_CreateString(k->id));
        ganstab_json_put(b, o, "statement", cJSON_CreateString(k->statement));
        ganstab_json_put(b, o, "source", cJSON_CreateString(k->source));
        ganstab_json_put(b, o, "optimizer", cJSON_CreateString(r->rows[k->row].spec));
        ganstab_json_put(b, o, "predicted", cJSON_CreateString(k->predicted));
        ganstab_json_put(b, o, "computed", cJSON_CreateString(k->computed));
        cJSON *ends = ganstab_json_put(b, o, "predicted_ends", cJSON_CreateArray());
        for (size_t j = 0; j < k->npred; j++)
            ganstab_json_put(b, ends, NULL, ganstab_json_number(k->pred[j]));
        ganstab_json_put(b, o, "max_abs_error", ganstab_json_number(k->max_abs_error));
        ganstab_json_put(b, o, "agrees", cJSON_CreateBool(k->agrees));
    }
}

int ganstab_json_compare(FILE *out, const ganstab_compare_report *r, ganstab_error *err)
{
    ganstab_error_clear(err);
    jb b = {0};
    cJSON *root = head(&b, r->c);
    compare_fields(&b, root, r);
    return emit(out, root, &b, err);
}

/* An h value of a comparison: 12 significant digits (crossings are located to ~1e-12). */
static void fmt_h(char *buf, size_t size, double h)
{
    if (isinf(h))
        snprintf(buf, size, "∞");
    else
        snprintf(buf, size, "%.12g", h);
}

int ganstab_md_compare(FILE *out, const ganstab_compare_report *r, int level, ganstab_error *err)
{
    ganstab_error_clear(err);
    char a[NUM_BUF], b[NUM_BUF];
    fmt_h(a, sizeof a, r->opt->from);
    fmt_h(b, sizeof b, r->opt->to);
    heading(out, level, "Optimizer comparison over the step size h%s%s%s", "", "", "");
    if (level == 1)
        case_line(out, r->c);
    fprintf(out,
            "For each optimizer: the verdict of its update operator at the equilibrium as h runs "
            "over [%s, %s] (the verdict changes where `critical` locates a crossing; `(` and `)` "
            "mark such a crossing, where the operator is marginal, `[` and `]` the ends of the "
            "range), the stable set, and the h in the range that minimizes the spectral radius ρ "
            "(`optimize`), with the rate −log ρ per update there. Memory methods act on the "
            "augmented state: the operator dimension counts it.\n\n",
            a, b);
    fputs("| optimizer | dim | verdict over h | best h | ρ there | rate per update |\n"
          "|---|---:|---|---:|---:|---:|\n",
          out);
    for (size_t i = 0; i < r->n; i++) {
        const ganstab_compare_row *w = &r->rows[i];
        fprintf(out, "| `%s` | %zu | ", w->spec, w->n_op);
        for (size_t k = 0; k < w->nseg; k++) {
            char lo[NUM_BUF], hi[NUM_BUF];
            fmt_h(lo, sizeof lo, w->seg[k].lo);
            fmt_h(hi, sizeof hi, w->seg[k].hi);
            int stable = w->seg[k].verdict == GANSTAB_VERDICT_STABLE;
            fprintf(out, "%s%s%s %s%s, %s%s%s", k > 0 ? "; " : "", stable ? "**" : "",
                    ganstab_verdict_name(w->seg[k].verdict), w->seg[k].lo_is_crossing ? "(" : "[",
                    lo, hi, w->seg[k].hi_is_crossing ? ")" : "]", stable ? "**" : "");
        }
        if (w->has_best) {
            char h[NUM_BUF], m[NUM_BUF], rate[NUM_BUF];
            ganstab_md_fmt_number(h, sizeof h, w->best_h, 0.0);
            fmt_measure(m, rate, sizeof m, GANSTAB_DYNAMICS_MAP, w->best_radius, w->best_rate,
                        w->best_bound);
            fprintf(out, " | %s | %s | %s |\n", h, m, rate);
        } else {
            fputs(" | — | — | — |\n", out);
        }
    }
    fputc('\n', out);
    if (r->nchecks > 0) {
        heading(out, level + 1, "Claims about the optimizers%s%s%s", "", "", "");
        fputs("| claim | statement | predicted stable h | computed stable h | error | agrees |\n"
              "|---|---|---|---|---:|:---:|\n",
              out);
        for (size_t i = 0; i < r->nchecks; i++) {
            const ganstab_claim_compare *k = &r->checks[i];
            char e[NUM_BUF];
            ganstab_md_fmt_error_size(e, sizeof e, k->max_abs_error);
            claim_id(out, k->id, k->source);
            ganstab_md_put_cell_text(out, k->statement);
            fputs(" | ", out);
            ganstab_md_put_cell_text(out, k->predicted);
            fputs(" | ", out);
            ganstab_md_put_cell_text(out, k->computed);
            fprintf(out, " | %s | %s |\n", k->npred > 0 ? e : "—", mark(k->agrees));
        }
        fputc('\n', out);
    }
    return GANSTAB_OK;
}

cJSON *ganstab_json_study_compare(const ganstab_compare_report *r, int *failed)
{
    jb b = {0};
    cJSON *root = cJSON_CreateObject();
    if (root == NULL)
        b.failed = 1;
    compare_fields(&b, root, r);
    if (b.failed)
        *failed = 1;
    return root;
}

int ganstab_md_optimizers_page(FILE *out, const ganstab_compare_report *const *reps,
                               const char *const *stems, size_t n, ganstab_error *err)
{
    ganstab_error_clear(err);
    size_t nclaims = 0, agree = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < reps[i]->nchecks; k++) {
            nclaims++;
            agree += reps[i]->checks[k].agrees ? 1u : 0u;
        }
    fputs("# Optimizers of games: which one converges, and with which step size\n\n", out);
    fprintf(out,
            "Generated by `ganstab report` from the cases with a `[compare]` section (`ganstab "
            "compare CASE.ini` prints one of them). For each game, every optimizer's update "
            "operator at the equilibrium (model field → Jacobian J → operator → LAPACK "
            "eigenvalues), its verdict as the step size h varies, its stable set with the ends "
            "located as `critical` locates crossings (to ~1e-12), and the h with the smallest "
            "spectral radius. Claims: %zu, of which %zu agree with the computation.\n\n",
            nclaims, agree);
    fputs("## The optimizers\n\n"
          "The field v is the direction both players move in (x' = v(x) is the gradient flow; "
          "generator components first), J = ∂v/∂x at x*. Methods with memory iterate an "
          "augmented state; their operator is the Jacobian of one iteration on it.\n\n"
          "| scheme | one iteration | operator at x* | source |\n|---|---|---|---|\n"
          "| `simgd` | x⁺ = x + h v(x) | I + hJ | Mescheder et al. 2017 |\n"
          "| `altgd` | generator step, then discriminator step at the new point | product of "
          "the sub-step Jacobians | Mescheder et al. 2018, Lemma 2.5 |\n"
          "| `extragradient` | x½ = x + h_e v(x), x⁺ = x + h v(x½) | I + hJ(I + h_eJ) | "
          "Korpelevich 1976 |\n"
          "| `optimistic` | x_{t+1} = x_t + (h + h_e) v(x_t) − h_e v(x_{t−1}) | [[I + (h + h_e)J, "
          "−h_eJ], [I, 0]] on (x_t, x_{t−1}) | Daskalakis et al. 2018; Gidel et al. 2019 |\n"
          "| `momentum` | x_{t+1} = x_t + h v(x_t) + β(x_t − x_{t−1}); `alternating`: the second "
          "player's step at the first one's new point | [[(1+β)I + hJ, −βI], [I, 0]] (product of "
          "the players' sub-steps when alternating) | Polyak 1964; Gidel et al. 2019 |\n"
          "| `complex-momentum` | μ_{t+1} = βμ_t + v(x_t), x_{t+1} = x_t + h Re μ_{t+1}, β ∈ ℂ | "
          "real form on (x, Re μ, Im μ) | Lorraine et al. 2022 |\n"
          "| `lookahead` | k steps of the base scheme to x_k, x⁺ = x + α(x_k − x) | (1 − α)I + "
          "αB^k | Zhang et al. 2019; Chavdarova et al. 2021 |\n"
          "| `sga` | x⁺ = x + h(I + λ(J − Jᵀ)/2) v (J at x; `aligned`: λ's sign by Balduzzi's "
          "rule) | I + h(I + λ(J − Jᵀ)/2)J | Balduzzi et al. 2018 |\n"
          "| `cgd` | x⁺ = x + h(I − hJ_off)⁻¹ v, J_off the cross blocks of J(x) | I + h(I − "
          "hJ_off)⁻¹J | Schäfer & Anandkumar 2019 |\n"
          "| `conopt` | x⁺ = x + h(v − γJᵀv) | I + h(J − γJᵀJ) | Mescheder et al. 2017 |\n\n"
          "Every operator is checked against the central-difference Jacobian of one actual "
          "iteration on the nonlinear field (tests/test_optimizers.c).\n\n",
          out);
    const char **ids = NULL;
    size_t nids = 0;
    for (size_t i = 0; i < n; i++)
        nids += reps[i]->nchecks;
    ids = malloc((nids + 1) * sizeof *ids);
    if (ids == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "markdown", "out of memory");
    nids = 0;
    for (size_t i = 0; i < n; i++) {
        const ganstab_case *c = reps[i]->c;
        fprintf(out, "## %s\n\nCase `%s`, report [%s.md](%s.md).\n\n",
                c->title[0] != '\0' ? c->title : c->file, c->file, stems[i], stems[i]);
        int status = ganstab_md_compare(out, reps[i], 3, err);
        if (status != GANSTAB_OK) {
            free(ids);
            return status;
        }
        for (size_t k = 0; k < reps[i]->nchecks; k++)
            ids[nids++] = reps[i]->checks[k].id;
    }
    ganstab_md_derivations(out, 2, ids, nids);
    free(ids);
    return GANSTAB_OK;
}

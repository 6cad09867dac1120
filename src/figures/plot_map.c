/* The figure of a two-parameter stability map (plot.h, study.h): the grid's spectral radius (maps)
 * or spectral abscissa (flows) as an image with a colour bar, the boundary points the crossing
 * solver located and the curves study.c chained them into, and the closed-form boundaries of the
 * claims that predict one (the same closed forms the report checks the map against), evaluated
 * along dense lines of the map. Numbers come from the map and from claims.h; nothing is drawn
 * here (plot_svg.c). */
#include "ganstab/plot.h"

#include "ganstab/claims.h"
#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Colours of the overlays, readable on every colour of the scale (dark violet to yellow) and on
 * the legend's white: stability black (located; grey where the verdict stays) and red (closed
 * form), a complex pair turning real magenta (located) and cyan (closed form). */
static const ganstab_plot_colour MAP_BLACK = {0, 0, 0};
static const ganstab_plot_colour MAP_GREY = {110, 110, 110};
static const ganstab_plot_colour MAP_MAGENTA = {231, 41, 138};
static const ganstab_plot_colour MAP_RED = {228, 26, 28};
static const ganstab_plot_colour MAP_CYAN = {23, 190, 207};

/* One closed-form critical value: on sample line `line` of direction `along` (0: a row, the value
 * is an x; 1: a column, the value is a y), of claim `id` and kind `kind`. */
typedef struct {
    const char *id;
    ganstab_crossing_kind kind;
    int along;
    size_t line;
    double value;
} map_prediction;

typedef struct {
    map_prediction *p;
    size_t n, cap;
} prediction_list;

static int prediction_add(prediction_list *l, map_prediction p, ganstab_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap == 0 ? 256 : 2 * l->cap;
        map_prediction *grown = realloc(l->p, cap * sizeof *grown);
        if (grown == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
        l->p = grown;
        l->cap = cap;
    }
    l->p[l->n++] = p;
    return GANSTAB_OK;
}

/* The sample lines of the fixed parameter: its own values for an integer axis, else
 * GANSTAB_PLOT_MAP_LINES equally spaced values over the window's side [lo, hi] (the grid's range
 * and half a cell beyond, so that a boundary reaches the window's edge). */
typedef struct {
    const ganstab_axis *axis;
    double lo, hi;
} sample_axis;

static size_t sample_lines(const sample_axis *f)
{
    return f->axis->integer ? f->axis->count : GANSTAB_PLOT_MAP_LINES;
}

static double sample_value(const sample_axis *f, size_t k)
{
    if (f->axis->integer)
        return ganstab_axis_value(f->axis, k);
    size_t n = GANSTAB_PLOT_MAP_LINES;
    return k + 1 == n ? f->hi : f->lo + (f->hi - f->lo) * (double)k / (double)(n - 1);
}

/* Every claim's critical values of the varied parameter in [vlo, vhi] (the window) along the
 * sample lines of one direction; a line outside the fixed parameter's domain (half a cell beyond
 * the grid) has none. The case's own [critical] expectations are left out: they hold for its own
 * values only. */
static int predict_direction(const ganstab_case *c, const ganstab_stability_map *m, int along,
                             const sample_axis *fixed, double vlo, double vhi, prediction_list *out,
                             ganstab_error *err)
{
    const ganstab_axis *vary = along == 0 ? &m->x : &m->y;
    ganstab_case *lc = malloc(sizeof *lc);
    if (lc == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    int rc = GANSTAB_OK;
    size_t lines = sample_lines(fixed);
    for (size_t k = 0; k < lines && rc == GANSTAB_OK; k++) {
        *lc = *c;
        lc->has_critical = 0;
        ganstab_error outside;
        if (ganstab_case_param_set(lc, fixed->axis->key, sample_value(fixed, k), fixed->axis->name,
                                   &outside) != GANSTAB_OK)
            continue;
        ganstab_claim_critical *pred = NULL;
        size_t npred = 0;
        rc = ganstab_claims_check_critical(lc, vary->key, vlo, vhi, NULL, 0, &pred, &npred, err);
        for (size_t q = 0; q < npred && rc == GANSTAB_OK; q++)
            rc = prediction_add(
                out, (map_prediction){pred[q].id, pred[q].kind, along, k, pred[q].predicted}, err);
        free(pred);
    }
    free(lc);
    return rc;
}

static int same_group(const map_prediction *a, const map_prediction *b)
{
    return strcmp(a->id, b->id) == 0 && a->kind == b->kind;
}

/* Values of one group (claim, kind, direction) on line k, ascending, into v (at most cap);
 * returns how many there are. */
static size_t group_values(const prediction_list *l, const map_prediction *g, size_t k, double *v,
                           size_t cap)
{
    size_t n = 0;
    for (size_t q = 0; q < l->n; q++) {
        const map_prediction *p = &l->p[q];
        if (p->along != g->along || p->line != k || !same_group(p, g))
            continue;
        if (n < cap) {
            size_t i = n;
            while (i > 0 && v[i - 1] > p->value) {
                v[i] = v[i - 1];
                i--;
            }
            v[i] = p->value;
        }
        n++;
    }
    return n < cap ? n : cap;
}

/* Most closed-form values of one claim and kind on one line (claims_internal.h's
 * CLAIM_MAX_CRITICAL is 4). */
#define MAP_GROUP_MAX 8

static void style_closed_form(ganstab_plot_series *s, int stability, const char *label)
{
    s->colour = stability ? MAP_RED : MAP_CYAN;
    s->dash = GANSTAB_PLOT_DASHED;
    s->width = stability ? 1.6 : 1.2;
    s->marker = GANSTAB_PLOT_MARK_CROSS;
    s->marker_size = 8.0;
    plot_format(s->label, sizeof s->label, "%s", label);
}

/* Point i of a line series is finite and joined to neither neighbour. */
static int isolated(const ganstab_plot_series *s, size_t i)
{
    return isfinite(s->x[i]) && isfinite(s->y[i]) &&
           !(i > 0 && isfinite(s->x[i - 1]) && isfinite(s->y[i - 1])) &&
           !(i + 1 < s->n && isfinite(s->x[i + 1]) && isfinite(s->y[i + 1]));
}

/* The series of one group: the r-th smallest value on every line, joined between consecutive lines
 * that have as many values (a continuous fixed axis), or markers (an integer one). */
static int group_series(ganstab_plot_panel *p, const sample_axis *fixed, const prediction_list *l,
                        const map_prediction *g, ganstab_error *err)
{
    size_t lines = sample_lines(fixed);
    size_t *count = malloc(lines * sizeof *count);
    double *values = malloc(lines * MAP_GROUP_MAX * sizeof *values);
    if (count == NULL || values == NULL) {
        free(count);
        free(values);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    }
    size_t most = 0;
    for (size_t k = 0; k < lines; k++) {
        count[k] = group_values(l, g, k, &values[k * MAP_GROUP_MAX], MAP_GROUP_MAX);
        most = count[k] > most ? count[k] : most;
    }
    int stability = g->kind == GANSTAB_CROSSING_STABILITY;
    char label[GANSTAB_PLOT_LABEL_MAX];
    plot_format(label, sizeof label, "%s, closed form (%s)",
                stability ? "boundary" : "complex ↔ real", g->id);
    int rc = GANSTAB_OK;
    for (size_t r = 0; r < most && rc == GANSTAB_OK; r++) {
        ganstab_plot_series *s = ganstab_plot_series_add(
            p, fixed->axis->integer ? GANSTAB_PLOT_POINTS : GANSTAB_PLOT_LINE, 2 * lines, 0, err);
        if (s == NULL) {
            rc = GANSTAB_ENOMEM;
            break;
        }
        size_t n = 0;
        for (size_t k = 0; k < lines; k++) {
            if (k > 0 && count[k] != count[k - 1]) { /* a break: the branches change */
                s->x[n] = s->y[n] = NAN;
                n++;
            }
            double v = count[k] > r ? values[k * MAP_GROUP_MAX + r] : NAN;
            double at = sample_value(fixed, k);
            s->x[n] = g->along == 0 ? v : at;
            s->y[n] = g->along == 0 ? at : v;
            n++;
        }
        s->n = n;
        style_closed_form(s, stability, label);
        if (fixed->axis->integer)
            continue;
        /* a value joined to neither neighbour (e.g. a closed form that holds on one line only)
           would be an invisible line of one point: a cross instead */
        size_t alone = 0;
        for (size_t i = 0; i < n; i++)
            alone += isolated(s, i) ? 1 : 0;
        double *ax = alone > 0 ? malloc(2 * alone * sizeof *ax) : NULL;
        if (alone > 0 && ax == NULL) {
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
            break;
        }
        for (size_t i = 0, q = 0; i < n && ax != NULL; i++)
            if (isolated(s, i)) {
                ax[2 * q] = s->x[i];
                ax[2 * q + 1] = s->y[i];
                q++;
            }
        rc = plot_thin_series(s, p->xmax - p->xmin, p->ymax - p->ymin, err);
        ganstab_plot_series *crosses =
            rc == GANSTAB_OK && alone > 0
                ? ganstab_plot_series_add(p, GANSTAB_PLOT_POINTS, alone, 0, err)
                : NULL;
        if (rc == GANSTAB_OK && alone > 0 && crosses == NULL)
            rc = GANSTAB_ENOMEM;
        for (size_t q = 0; crosses != NULL && q < alone; q++) {
            crosses->x[q] = ax[2 * q];
            crosses->y[q] = ax[2 * q + 1];
        }
        if (crosses != NULL)
            style_closed_form(crosses, stability, label);
        free(ax);
    }
    free(count);
    free(values);
    return rc;
}

/* The closed-form boundaries: every claim along the rows (x varies) and along the columns (y
 * varies) where that parameter is continuous; each claim and kind drawn from the direction that
 * gives it more values (rows on a tie). The window's sides: the panel's. */
static int closed_forms(ganstab_plot_panel *p, const ganstab_case *c,
                        const ganstab_stability_map *m, ganstab_error *err)
{
    sample_axis rows = {&m->y, p->ymin, p->ymax}, columns = {&m->x, p->xmin, p->xmax};
    prediction_list l = {NULL, 0, 0};
    int rc = GANSTAB_OK;
    if (!m->x.integer)
        rc = predict_direction(c, m, 0, &rows, p->xmin, p->xmax, &l, err);
    if (rc == GANSTAB_OK && !m->y.integer)
        rc = predict_direction(c, m, 1, &columns, p->ymin, p->ymax, &l, err);
    for (size_t q = 0; q < l.n && rc == GANSTAB_OK; q++) {
        const map_prediction *g = &l.p[q];
        /* the first of its group in the list: the group's turn */
        int seen = 0;
        for (size_t e = 0; e < q && !seen; e++)
            seen = same_group(&l.p[e], g);
        if (seen)
            continue;
        size_t per_direction[2] = {0, 0};
        for (size_t e = q; e < l.n; e++)
            if (same_group(&l.p[e], g))
                per_direction[l.p[e].along]++;
        map_prediction chosen = *g;
        chosen.along = per_direction[1] > per_direction[0] ? 1 : 0;
        rc = group_series(p, chosen.along == 0 ? &rows : &columns, &l, &chosen, err);
    }
    free(l.p);
    return rc;
}

/* Which located points a marker series shows. */
typedef enum {
    POINTS_BOUNDARY = 0, /* stability crossings where the verdict changes: the region's boundary */
    POINTS_KEEP,         /* stability crossings that keep the verdict (e.g. a second eigenvalue
                            leaving an already unstable spectrum) */
    POINTS_OSCILLATION   /* a complex pair turning real or back */
} points_role;

static int point_in(const ganstab_map_point *pt, points_role role)
{
    if (pt->crossing.kind == GANSTAB_CROSSING_OSCILLATION)
        return role == POINTS_OSCILLATION;
    int changes = pt->crossing.before != pt->crossing.after;
    return role == (changes ? POINTS_BOUNDARY : POINTS_KEEP);
}

/* The located points of one role as markers. */
static int located_points(ganstab_plot_panel *p, const ganstab_stability_map *m, points_role role,
                          ganstab_error *err)
{
    size_t n = 0;
    for (size_t k = 0; k < m->npoints; k++)
        n += point_in(&m->points[k], role) ? 1 : 0;
    if (n == 0)
        return GANSTAB_OK;
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_POINTS, n, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    size_t q = 0;
    for (size_t k = 0; k < m->npoints; k++)
        if (point_in(&m->points[k], role)) {
            s->x[q] = m->points[k].x;
            s->y[q] = m->points[k].y;
            q++;
        }
    switch (role) {
    case POINTS_BOUNDARY:
        s->marker = GANSTAB_PLOT_MARK_CIRCLE;
        s->marker_size = 4.0;
        s->colour = MAP_BLACK;
        plot_format(s->label, sizeof s->label, "boundary points, located (%zu)", n);
        break;
    case POINTS_KEEP:
        s->marker = GANSTAB_PLOT_MARK_CIRCLE;
        s->marker_size = 3.0;
        s->colour = MAP_GREY;
        plot_format(s->label, sizeof s->label, "crossings that keep the verdict, located (%zu)", n);
        break;
    default:
        s->marker = GANSTAB_PLOT_MARK_DIAMOND;
        s->marker_size = 4.5;
        s->colour = MAP_MAGENTA;
        plot_format(s->label, sizeof s->label, "complex ↔ real points, located (%zu)", n);
        break;
    }
    return GANSTAB_OK;
}

/* The curves study.c chained the points into, as lines. */
static int located_curves(ganstab_plot_panel *p, const ganstab_stability_map *m, ganstab_error *err)
{
    /* the region's boundary first (and first in the legend), then where pairs turn real */
    for (size_t q = 0; q < 2 * m->ncurves; q++) {
        const ganstab_map_curve *cv = &m->curves[q % m->ncurves];
        if ((cv->kind == GANSTAB_CROSSING_STABILITY) != (q < m->ncurves))
            continue;
        size_t n = cv->npoints + (cv->closed ? 1 : 0);
        ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, n, 0, err);
        if (s == NULL)
            return GANSTAB_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            const ganstab_map_point *pt = &m->points[cv->points[i % cv->npoints]];
            s->x[i] = pt->x;
            s->y[i] = pt->y;
        }
        int stability = cv->kind == GANSTAB_CROSSING_STABILITY;
        s->colour = stability ? MAP_BLACK : MAP_MAGENTA;
        s->width = stability ? 1.4 : 1.2;
        plot_format(s->label, sizeof s->label, "%s, located points joined",
                    stability ? "boundary" : "complex ↔ real");
    }
    return GANSTAB_OK;
}

/* "γ (regularizer.gamma)", or the name alone where it has no symbol. */
static void axis_label(char *buf, size_t size, const char *symbol, const char *name)
{
    if (strcmp(symbol, name) == 0)
        plot_format(buf, size, "%s", name);
    else
        plot_format(buf, size, "%s (%s)", symbol, name);
}

int ganstab_plot_stability_map(const ganstab_case *c, const ganstab_stability_map *m,
                               ganstab_plot_figure *fig, ganstab_error *err)
{
    size_t nx = m->x.count, ny = m->y.count;
    if (nx < 1 || ny < 1 || m->cells == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot", "map: an empty stability map");
    int rc = ganstab_plot_figure_init(fig, 1, 1, 980.0, 600.0, err);
    ganstab_plot_panel *p = &fig->panels[0];
    if (rc == GANSTAB_OK)
        rc = ganstab_plot_image_alloc(p, nx, ny, err);
    double *x = malloc(nx * sizeof *x), *y = malloc(ny * sizeof *y);
    if (rc == GANSTAB_OK && (x == NULL || y == NULL))
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    if (rc != GANSTAB_OK) {
        free(x);
        free(y);
        return rc;
    }
    for (size_t i = 0; i < nx; i++)
        x[i] = ganstab_axis_value(&m->x, i);
    for (size_t j = 0; j < ny; j++)
        y[j] = ganstab_axis_value(&m->y, j);
    plot_cell_edges(x, nx, p->image.x_edges);
    plot_cell_edges(y, ny, p->image.y_edges);
    free(x);
    free(y);
    int map = m->dynamics == GANSTAB_DYNAMICS_MAP;
    double reach = 0.0;
    for (size_t k = 0; k < nx * ny; k++) {
        p->image.z[k] = m->cells[k].measure; /* NaN where x* is not stationary: left blank */
        if (isfinite(m->cells[k].measure))
            reach = fmax(reach, fabs(m->cells[k].measure));
    }
    p->xmin = p->image.x_edges[0];
    p->xmax = p->image.x_edges[nx];
    p->ymin = p->image.y_edges[0];
    p->ymax = p->image.y_edges[ny];
    p->has_scale = 1;
    /* the boundary in the middle of the scale: rho = 1 of [0, 2], or Re lambda = 0 of [-A, A] */
    p->zmin = map ? 0.0 : -(reach > 0.0 ? reach : 1.0);
    p->zmax = map ? GANSTAB_PLOT_MAP_RADIUS_MAX : (reach > 0.0 ? reach : 1.0);
    p->legend = GANSTAB_PLOT_LEGEND_OUTSIDE;
    const char *xname = ganstab_case_param_name(c, m->x.key);
    const char *yname = ganstab_case_param_name(c, m->y.key);
    const char *xs = plot_symbol(xname), *ys = plot_symbol(yname);
    axis_label(p->xlabel, sizeof p->xlabel, xs, xname);
    axis_label(p->ylabel, sizeof p->ylabel, ys, yname);
    char top[32];
    plot_number(top, sizeof top, GANSTAB_PLOT_MAP_RADIUS_MAX);
    if (map)
        plot_format(p->zlabel, sizeof p->zlabel,
                    "spectral radius ρ of the update operator (above %s: as %s)", top, top);
    else
        plot_format(p->zlabel, sizeof p->zlabel, "spectral abscissa max Re λ of J");
    plot_format(p->title, sizeof p->title,
                "%s\n%s over %s × %s on a %zu × %zu grid: %zu stable, %zu unstable, %zu marginal, "
                "%zu not stationary (blank)",
                c->title[0] != '\0' ? c->title : "stability map",
                map ? "spectral radius ρ" : "spectral abscissa", xs, ys, nx, ny,
                m->verdict_count[GANSTAB_VERDICT_STABLE],
                m->verdict_count[GANSTAB_VERDICT_UNSTABLE],
                m->verdict_count[GANSTAB_VERDICT_MARGINAL],
                m->verdict_count[GANSTAB_VERDICT_NOT_STATIONARY]);
    /* the closed forms last: dashes (and crosses) over the located curves and points show where
       the two agree */
    rc = located_curves(p, m, err);
    for (int role = POINTS_BOUNDARY; role <= POINTS_OSCILLATION && rc == GANSTAB_OK; role++)
        rc = located_points(p, m, (points_role)role, err);
    if (rc == GANSTAB_OK)
        rc = closed_forms(p, c, m, err);
    return rc;
}

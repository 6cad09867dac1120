/* Parameter studies (study.h): sweeps, two-parameter stability maps with their boundary curves,
 * and the fastest-converging parameter value. Every grid point goes through the same pipeline as
 * `analyze` (ganstab_analysis_point: model field -> Jacobian -> operator -> LAPACK), every
 * boundary point through the crossing solver (ganstab_analysis_crossings_gaps, critical.c). */
#include "ganstab/study.h"

#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/update.h"

#include "../core/gsl_quiet.h"

/* ---- axes and options ------------------------------------------------------------------- */

void ganstab_study_options_init(ganstab_study_options *opt)
{
    opt->tol = GANSTAB_DEFAULT_TOL;
    opt->scan = 0;
    opt->threads = 0;
}

double ganstab_study_rate(ganstab_dynamics dyn, double spectral_abscissa, double spectral_radius)
{
    if (dyn == GANSTAB_DYNAMICS_FLOW)
        return -spectral_abscissa;
    if (spectral_radius == 0.0)
        return INFINITY;
    return -log(spectral_radius);
}

const char *ganstab_optimum_kind_name(ganstab_optimum_kind k)
{
    switch (k) {
    case GANSTAB_OPTIMUM_SMOOTH:
        return "smooth";
    case GANSTAB_OPTIMUM_KINK:
        return "kink";
    case GANSTAB_OPTIMUM_RANGE_END:
        return "range-end";
    case GANSTAB_OPTIMUM_PLATEAU:
        return "plateau";
    case GANSTAB_OPTIMUM_GRID:
        return "grid";
    }
    return "unknown";
}

static int check_options(const ganstab_study_options *opt, ganstab_error *err)
{
    if (!(opt->tol >= 0.0) || !isfinite(opt->tol))
        return ganstab_error_set(err, GANSTAB_EINVAL, "study",
                                 "tolerance must be a finite number >= 0, got %g", opt->tol);
    if (opt->threads > GANSTAB_STUDY_THREADS_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, "threads", "expected 0..%d, got %u",
                                 GANSTAB_STUDY_THREADS_MAX, opt->threads);
    if (opt->scan != 0 &&
        (opt->scan < GANSTAB_CROSSING_SCAN_MIN || opt->scan > GANSTAB_CROSSING_SCAN_MAX))
        return ganstab_error_set(err, GANSTAB_EINVAL, "scan", "expected %d..%d, got %zu",
                                 GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, opt->scan);
    return GANSTAB_OK;
}

static int thread_count(unsigned threads)
{
    return threads > 0 ? (int)threads : omp_get_max_threads();
}

/* A scan of at least `want` intervals that has every one of `intervals` grid intervals' ends as a
 * scan point (a multiple of intervals), within the crossing solver's limits. */
static size_t aligned_scan(size_t want, size_t intervals)
{
    if (intervals == 0)
        return want;
    size_t m = (want + intervals - 1) / intervals;
    while (m > 1 && m * intervals > GANSTAB_CROSSING_SCAN_MAX)
        m--;
    size_t scan = m * intervals;
    return scan < GANSTAB_CROSSING_SCAN_MIN ? GANSTAB_CROSSING_SCAN_MIN : scan;
}

/* ---- one grid point --------------------------------------------------------------------- */

typedef struct {
    ganstab_verdict verdict;
    double residual, abscissa, radius, rate;
    size_t decisive, ncomplex;
} point_eval;

/* The deciding spectrum of the context's game at its current values (ev: n entries) and what the
 * studies record of it. */
static int evaluate_point(ganstab_analysis_ctx *ctx, size_t n, ganstab_dynamics dyn, double tol,
                          ganstab_eigenvalue *ev, point_eval *pe, ganstab_error *err)
{
    int stationary = 0;
    memset(pe, 0, sizeof *pe);
    int rc = ganstab_analysis_ctx_point(ctx, ev, &pe->residual, &stationary, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (!stationary) {
        pe->verdict = GANSTAB_VERDICT_NOT_STATIONARY;
        pe->abscissa = pe->radius = pe->rate = NAN;
        return GANSTAB_OK;
    }
    rc = ganstab_classify(ev, n, dyn, tol, &pe->verdict, &pe->decisive, err);
    pe->abscissa = ganstab_spectral_abscissa(ev, n);
    pe->radius = dyn == GANSTAB_DYNAMICS_MAP ? ganstab_spectral_radius(ev, n) : NAN;
    pe->rate = ganstab_study_rate(dyn, pe->abscissa, pe->radius);
    pe->ncomplex = ganstab_eigen_count_complex(ev, n);
    return rc;
}

/* Prefix a failure with where in the study it happened. */
static void locate(ganstab_error *err, const ganstab_case *c, const char *what)
{
    if (err == NULL)
        return;
    /* room for file + location + what; ganstab_error_set_where truncates to the record */
    char where[GANSTAB_CASE_WHERE_MAX + GANSTAB_ERROR_WHERE_MAX + 256];
    snprintf(where, sizeof where, "%s%s%s%s%s", c->file, c->file[0] != '\0' ? ": " : "", err->where,
             err->where[0] != '\0' ? " " : "", what);
    ganstab_error_set_where(err, where);
}

/* The first failure of a parallel loop (lowest index: every iteration runs, so the set of
 * failures and hence its minimum do not depend on the schedule). */
typedef struct {
    long index; /* LONG_MAX-like sentinel: none */
    int rc;
    ganstab_error err;
} first_failure;

static void failure_init(first_failure *f, long n)
{
    f->index = n;
    f->rc = GANSTAB_OK;
    ganstab_error_clear(&f->err);
}

static void failure_note(first_failure *f, long k, int rc, const ganstab_error *err)
{
#pragma omp critical(ganstab_study_failure)
    {
        if (k < f->index) {
            f->index = k;
            f->rc = rc;
            f->err = *err;
        }
    }
}

static int failure_report(const first_failure *f, ganstab_error *err)
{
    if (f->rc == GANSTAB_OK)
        return GANSTAB_OK;
    if (err != NULL)
        *err = f->err;
    return f->rc;
}

/* A scheme the studies can vary: one with an operator built from J. */
static int study_scheme(const ganstab_case *c, ganstab_error *err)
{
    if (c->update.scheme == GANSTAB_SCHEME_OPTIMAL || c->update.scheme == GANSTAB_SCHEME_UNROLLED)
        return ganstab_error_set(err, GANSTAB_EINVAL, "update.scheme",
                                 "'%s' has no operator built from J: it cannot be studied here",
                                 ganstab_scheme_name(c->update.scheme));
    return GANSTAB_OK;
}

static int case_dimension(const ganstab_case *c, size_t *n, ganstab_dynamics *dyn,
                          ganstab_error *err)
{
    int rc = ganstab_case_validate(c, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_spectrum_size(c, n, err);
    *dyn = ganstab_update_dynamics(&c->update);
    if (rc == GANSTAB_OK)
        rc = study_scheme(c, err);
    return rc;
}

/* ---- sweep ------------------------------------------------------------------------------ */

void ganstab_sweep_table_free(ganstab_sweep_table *t)
{
    if (t == NULL)
        return;
    free(t->points);
    free(t->storage);
    free(t->crossings);
    free(t->gaps);
    free(t);
}

static int study_sweep_body(const ganstab_case *c, const ganstab_axis *axis,
                            const ganstab_study_options *opt, ganstab_sweep_table **out,
                            ganstab_error *err)
{
    *out = NULL;
    size_t n = 0;
    ganstab_dynamics dyn;
    int rc = check_options(opt, err);
    if (rc == GANSTAB_OK)
        rc = case_dimension(c, &n, &dyn, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (axis->count < 2 || axis->count > GANSTAB_STUDY_MAX_STEPS + 1)
        return ganstab_error_set(err, GANSTAB_EINVAL, "sweep", "expected 2..%d values, got %zu",
                                 GANSTAB_STUDY_MAX_STEPS + 1, axis->count);
    ganstab_sweep_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "sweep", "out of memory");
    t->axis = *axis;
    t->dynamics = dyn;
    t->tol = opt->tol;
    t->n_eigen = n;
    t->npoints = axis->count;
    t->points = calloc(t->npoints, sizeof *t->points);
    t->storage = calloc(t->npoints * n, sizeof *t->storage);
    if (t->points == NULL || t->storage == NULL) {
        ganstab_sweep_table_free(t);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "sweep", "out of memory");
    }
    first_failure fail;
    failure_init(&fail, (long)t->npoints);
    int nt = thread_count(opt->threads);
#pragma omp parallel num_threads(nt)
    {
        /* one game per thread, built once */
        ganstab_analysis_ctx *cc = NULL;
        ganstab_analysis_ctx_alloc(c, &cc, NULL);
#pragma omp for schedule(dynamic)
        for (long k = 0; k < (long)t->npoints; k++) {
            ganstab_error e;
            ganstab_error_clear(&e);
            ganstab_sweep_point *p = &t->points[k];
            p->value = ganstab_axis_value(axis, (size_t)k);
            ganstab_eigenvalue *ev = t->storage + (size_t)k * n;
            point_eval pe;
            int r = cc == NULL ? ganstab_error_set(&e, GANSTAB_ENOMEM, "sweep", "out of memory")
                               : GANSTAB_OK;
            if (r == GANSTAB_OK)
                r = ganstab_analysis_ctx_set(cc, axis->key, p->value, axis->name, &e);
            if (r == GANSTAB_OK)
                r = evaluate_point(cc, n, dyn, opt->tol, ev, &pe, &e);
            if (r == GANSTAB_OK) {
                p->residual = pe.residual;
                p->verdict = pe.verdict;
                p->decisive = pe.decisive;
                p->spectral_abscissa = dyn == GANSTAB_DYNAMICS_FLOW ? pe.abscissa : NAN;
                p->spectral_radius = pe.radius;
                p->rate = pe.rate;
                p->eigenvalues = pe.verdict == GANSTAB_VERDICT_NOT_STATIONARY ? NULL : ev;
            } else {
                char at[96];
                snprintf(at, sizeof at, "at %s = %.17g", axis->name, p->value);
                locate(&e, c, at);
                failure_note(&fail, k, r, &e);
            }
        }
        ganstab_analysis_ctx_free(cc);
    }
    rc = failure_report(&fail, err);
    if (rc == GANSTAB_OK && !axis->integer) {
        size_t want = opt->scan != 0 ? opt->scan : GANSTAB_CROSSING_DEFAULT_SCAN;
        t->scan = aligned_scan(want, t->npoints - 1);
        rc = ganstab_analysis_crossings_gaps(c, axis->key, axis->from, axis->to, opt->tol, t->scan,
                                             &t->crossings, &t->ncross, &t->gaps, &t->ngaps, err);
    }
    if (rc != GANSTAB_OK) {
        ganstab_sweep_table_free(t);
        return rc;
    }
    *out = t;
    return GANSTAB_OK;
}

/* study_sweep_body with GSL's error handler off, the caller's restored after (one bracket around
 * the parallel region: gsl_quiet.h). */
int ganstab_study_sweep(const ganstab_case *c, const ganstab_axis *axis,
                        const ganstab_study_options *opt, ganstab_sweep_table **out,
                        ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = study_sweep_body(c, axis, opt, out, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* ---- stability map ---------------------------------------------------------------------- */

void ganstab_stability_map_free(ganstab_stability_map *m)
{
    if (m == NULL)
        return;
    free(m->cells);
    free(m->points);
    free(m->curves);
    free(m->curve_storage);
    free(m->gaps);
    free(m);
}

/* Results of one grid line's crossing search. */
typedef struct {
    ganstab_crossing *crossings;
    size_t ncross;
    ganstab_interval *gaps;
    size_t ngaps;
} line_result;

/* Crossing searches along every line of one direction: along = 0: rows (y fixed, x varies);
 * 1: columns. */
static int search_lines(const ganstab_case *c, const ganstab_axis *vary, const ganstab_axis *fixed,
                        size_t scan, const ganstab_study_options *opt, int along,
                        line_result *lines, ganstab_error *err)
{
    first_failure fail;
    failure_init(&fail, (long)fixed->count);
    int nt = thread_count(opt->threads);
#pragma omp parallel num_threads(nt)
    {
        /* one game per thread, built once */
        ganstab_analysis_ctx *cc = NULL;
        ganstab_analysis_ctx_alloc(c, &cc, NULL);
#pragma omp for schedule(dynamic)
        for (long j = 0; j < (long)fixed->count; j++) {
            ganstab_error e;
            ganstab_error_clear(&e);
            double at = ganstab_axis_value(fixed, (size_t)j);
            int r = cc == NULL ? ganstab_error_set(&e, GANSTAB_ENOMEM, "map", "out of memory")
                               : GANSTAB_OK;
            if (r == GANSTAB_OK)
                r = ganstab_analysis_ctx_set(cc, fixed->key, at, fixed->name, &e);
            if (r == GANSTAB_OK)
                r = ganstab_analysis_ctx_crossings_gaps(
                    cc, vary->key, vary->from, vary->to, opt->tol, scan, &lines[j].crossings,
                    &lines[j].ncross, &lines[j].gaps, &lines[j].ngaps, &e);
            if (r != GANSTAB_OK) {
                char where[128];
                snprintf(where, sizeof where, "(%s of the map, %s = %.17g)",
                         along ? "column" : "row", fixed->name, at);
                locate(&e, c, where);
                failure_note(&fail, j, r, &e);
            }
        }
        ganstab_analysis_ctx_free(cc);
    }
    return failure_report(&fail, err);
}

static double slack(double v)
{
    return GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(v));
}

/* A column point that a row search found already (a crossing exactly at a grid node, with the
 * same verdicts on either side). */
static int duplicate_point(const ganstab_stability_map *m, size_t nrow_points,
                           const ganstab_map_point *q)
{
    for (size_t k = 0; k < nrow_points; k++) {
        const ganstab_map_point *p = &m->points[k];
        /* the same event seen from both directions; a point where only one direction sees the
           verdict change (a corner of the region) is kept twice, with its two readings */
        if (p->crossing.kind == q->crossing.kind && p->crossing.type == q->crossing.type &&
            p->crossing.before == q->crossing.before && p->crossing.after == q->crossing.after &&
            fabs(p->x - q->x) <= 2.0 * slack(q->x) + (p->crossing.hi - p->crossing.lo) &&
            fabs(p->y - q->y) <= 2.0 * slack(q->y) + (q->crossing.hi - q->crossing.lo))
            return 1;
    }
    return 0;
}

/* ---- boundary curves (marching squares on the searched lines' crossings) ---------------- */

typedef struct {
    size_t a, b;
} segment;

typedef struct {
    double s;
    size_t index;
} perimeter_point;

static int perimeter_cmp(const void *a, const void *b)
{
    const perimeter_point *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

static int curve_point(const ganstab_map_point *p, ganstab_crossing_kind kind)
{
    if (p->crossing.kind != kind)
        return 0;
    /* the stability region's boundary: only where the verdict changes */
    return kind == GANSTAB_CROSSING_OSCILLATION || p->crossing.before != p->crossing.after;
}

/* Add the points of one line list with coordinate u in [u0, u1] at perimeter offset base + (u -
 * u0)/(u1 - u0) (or reversed), as their canonical vertices (canon: one index per location). */
static size_t gather(const ganstab_stability_map *m, const size_t *list, size_t nlist, int along,
                     double u0, double u1, double base, int reversed, ganstab_crossing_kind kind,
                     const size_t *canon, perimeter_point *out, size_t nout)
{
    for (size_t t = 0; t < nlist; t++) {
        const ganstab_map_point *p = &m->points[list[t]];
        if (!curve_point(p, kind))
            continue;
        size_t v = canon[list[t]];
        double u = along == 0 ? p->x : p->y;
        if (u < u0 - slack(u0) || u > u1 + slack(u1))
            continue;
        double f = (u - u0) / (u1 - u0);
        f = fmin(1.0, fmax(0.0, f));
        int seen = 0;
        for (size_t q = 0; q < nout; q++)
            seen |= out[q].index == v;
        if (!seen)
            out[nout++] = (perimeter_point){base + (reversed ? 1.0 - f : f), v};
    }
    return nout;
}

/* What the map's curves separate at a point (x, y): the verdict (stability) or the number of
 * complex eigenvalues (oscillation). */
typedef struct {
    ganstab_analysis_ctx *game; /* the map's case, its game built once */
    size_t n;
    ganstab_dynamics dyn;
    double tol;
} class_ctx;

static int point_class(const class_ctx *ctx, const ganstab_stability_map *m, double x, double y,
                       ganstab_crossing_kind kind, size_t *cls, ganstab_error *err)
{
    ganstab_eigenvalue *ev = malloc(ctx->n * sizeof *ev);
    int rc =
        ev == NULL ? ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory") : GANSTAB_OK;
    point_eval pe;
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_set(ctx->game, m->x.key, x, m->x.name, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_set(ctx->game, m->y.key, y, m->y.name, err);
    if (rc == GANSTAB_OK)
        rc = evaluate_point(ctx->game, ctx->n, ctx->dyn, ctx->tol, ev, &pe, err);
    if (rc == GANSTAB_OK)
        *cls = kind == GANSTAB_CROSSING_STABILITY ? (size_t)pe.verdict : pe.ncomplex;
    free(ev);
    return rc;
}

static int build_curves(ganstab_stability_map *m, const class_ctx *ctx, ganstab_error *err)
{
    size_t nx = m->x.count, ny = m->y.count;
    /* point indices per row and per column */
    size_t *row_start = calloc(ny + 1, sizeof *row_start),
           *col_start = calloc(nx + 1, sizeof *col_start);
    size_t *row_list = malloc((m->npoints + 1) * sizeof *row_list);
    size_t *col_list = malloc((m->npoints + 1) * sizeof *col_list);
    segment *segs = NULL;
    size_t nseg = 0, capseg = 0;
    perimeter_point *cell = NULL;
    size_t *deg = NULL, *adj_start = NULL, *adj = NULL, *canon = NULL, *node_first = NULL;
    char *used = NULL;
    int rc = GANSTAB_OK;
    if (row_start == NULL || col_start == NULL || row_list == NULL || col_list == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
        goto done;
    }
    for (size_t k = 0; k < m->npoints; k++) {
        if (m->points[k].along == 0)
            row_start[m->points[k].line + 1]++;
        else
            col_start[m->points[k].line + 1]++;
    }
    for (size_t j = 0; j < ny; j++)
        row_start[j + 1] += row_start[j];
    for (size_t i = 0; i < nx; i++)
        col_start[i + 1] += col_start[i];
    {
        size_t *rfill = calloc(ny, sizeof *rfill), *cfill = calloc(nx, sizeof *cfill);
        if (rfill == NULL || cfill == NULL) {
            free(rfill);
            free(cfill);
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
            goto done;
        }
        for (size_t k = 0; k < m->npoints; k++) {
            size_t l = m->points[k].line;
            if (m->points[k].along == 0)
                row_list[row_start[l] + rfill[l]++] = k;
            else
                col_list[col_start[l] + cfill[l]++] = k;
        }
        free(rfill);
        free(cfill);
    }
    /* A boundary through a grid node is found there by its row and by its column (with the
       verdicts read along different directions): one vertex. canon[k] is the first point of the
       same kind at the same node. */
    canon = malloc((m->npoints + 1) * sizeof *canon);
    node_first = malloc(2 * nx * ny * sizeof *node_first);
    if (canon == NULL || node_first == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
        goto done;
    }
    for (size_t k = 0; k < 2 * nx * ny; k++)
        node_first[k] = m->npoints;
    for (size_t k = 0; k < m->npoints; k++) {
        const ganstab_map_point *p = &m->points[k];
        canon[k] = k;
        const ganstab_axis *vary = p->along == 0 ? &m->x : &m->y;
        double u = p->along == 0 ? p->x : p->y;
        double step = (vary->to - vary->from) / (double)(vary->count - 1);
        double r = nearbyint((u - vary->from) / step);
        if (r < 0.0 || r > (double)(vary->count - 1))
            continue;
        size_t node = (size_t)r;
        if (fabs(u - ganstab_axis_value(vary, node)) > 2.0 * slack(u))
            continue;
        size_t i = p->along == 0 ? node : p->line, j = p->along == 0 ? p->line : node;
        size_t slot = 2 * (j * nx + i) + (p->crossing.kind == GANSTAB_CROSSING_STABILITY ? 0 : 1);
        if (node_first[slot] == m->npoints)
            node_first[slot] = k;
        else
            canon[k] = node_first[slot];
    }
    size_t maxcell = 0;
    for (size_t j = 0; j < ny; j++)
        if (row_start[j + 1] - row_start[j] > maxcell)
            maxcell = row_start[j + 1] - row_start[j];
    for (size_t i = 0; i < nx; i++)
        if (col_start[i + 1] - col_start[i] > maxcell)
            maxcell = col_start[i + 1] - col_start[i];
    cell = malloc((4 * maxcell + 1) * sizeof *cell);
    if (cell == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
        goto done;
    }
    static const ganstab_crossing_kind kinds[2] = {GANSTAB_CROSSING_STABILITY,
                                                   GANSTAB_CROSSING_OSCILLATION};
    for (size_t kk = 0; kk < 2; kk++) {
        for (size_t j = 0; j + 1 < ny; j++)
            for (size_t i = 0; i + 1 < nx; i++) {
                double x0 = ganstab_axis_value(&m->x, i), x1 = ganstab_axis_value(&m->x, i + 1);
                double y0 = ganstab_axis_value(&m->y, j), y1 = ganstab_axis_value(&m->y, j + 1);
                size_t np = 0;
                /* counter-clockwise: bottom (row j), right (column i+1), top (row j+1, right to
                   left), left (column i, top to bottom) */
                np = gather(m, row_list + row_start[j], row_start[j + 1] - row_start[j], 0, x0, x1,
                            0.0, 0, kinds[kk], canon, cell, np);
                np = gather(m, col_list + col_start[i + 1], col_start[i + 2] - col_start[i + 1], 1,
                            y0, y1, 1.0, 0, kinds[kk], canon, cell, np);
                np = gather(m, row_list + row_start[j + 1], row_start[j + 2] - row_start[j + 1], 0,
                            x0, x1, 2.0, 1, kinds[kk], canon, cell, np);
                np = gather(m, col_list + col_start[i], col_start[i + 1] - col_start[i], 1, y0, y1,
                            3.0, 1, kinds[kk], canon, cell, np);
                if (np < 2 || np % 2 != 0)
                    continue; /* none, or an odd count (a crossing missed on some edge) */
                qsort(cell, np, sizeof *cell, perimeter_cmp);
                /* Four points: the arcs p0-p1 and p2-p3 of the perimeter are on one side of the
                   boundary, p1-p2 and p3-p0 on the other, and the two pairings are both
                   consistent with the corners (the saddle case of marching squares). The class at
                   the cell's centre decides: if it is that of the arc p0-p1, those arcs are
                   joined through the centre and the curves cut off p1-p2 and p3-p0. */
                size_t shift = 0;
                /* A curve changes its crossing type only at isolated (codimension-2) points, so
                   the pairing that joins points of the same type wins; only where both join
                   equally many does the centre decide. */
                int same0 = 0, same1 = 0;
                if (np == 4)
                    for (size_t q = 0; q < 4; q++) {
                        int same = m->points[cell[q].index].crossing.type ==
                                   m->points[cell[(q + 1) % 4].index].crossing.type;
                        if (q % 2 == 0)
                            same0 += same;
                        else
                            same1 += same;
                    }
                if (np == 4 && same0 != same1) {
                    shift = same1 > same0 ? 1 : 0;
                } else if (np == 4) {
                    double sm = 0.5 * (cell[0].s + cell[1].s), ax = 0.0, ay = 0.0;
                    int edge = (int)floor(sm);
                    double f = sm - (double)edge;
                    ax = edge == 0   ? x0 + f * (x1 - x0)
                         : edge == 1 ? x1
                         : edge == 2 ? x1 - f * (x1 - x0)
                                     : x0;
                    ay = edge == 0   ? y0
                         : edge == 1 ? y0 + f * (y1 - y0)
                         : edge == 2 ? y1
                                     : y1 - f * (y1 - y0);
                    size_t c_arc = 0, c_centre = 0;
                    if ((rc = point_class(ctx, m, ax, ay, kinds[kk], &c_arc, err)) != GANSTAB_OK ||
                        (rc = point_class(ctx, m, 0.5 * (x0 + x1), 0.5 * (y0 + y1), kinds[kk],
                                          &c_centre, err)) != GANSTAB_OK)
                        goto done;
                    shift = c_arc == c_centre ? 1 : 0;
                }
                for (size_t q = 0; q + 1 < np; q += 2) {
                    /* points on a grid line shared by two cells pair up in both: once is enough */
                    size_t a = cell[(q + shift) % np].index, b = cell[(q + 1 + shift) % np].index;
                    int dup = 0;
                    for (size_t t = nseg; t-- > 0 && !dup;)
                        dup = (segs[t].a == a && segs[t].b == b) ||
                              (segs[t].a == b && segs[t].b == a);
                    if (dup)
                        continue;
                    if (nseg == capseg) {
                        capseg = capseg == 0 ? 64 : 2 * capseg;
                        segment *bigger = realloc(segs, capseg * sizeof *segs);
                        if (bigger == NULL) {
                            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
                            goto done;
                        }
                        segs = bigger;
                    }
                    segs[nseg++] = (segment){a, b};
                }
            }
    }
    /* adjacency of the segment graph (CSR), segments in index order */
    deg = calloc(m->npoints + 1, sizeof *deg);
    adj_start = calloc(m->npoints + 2, sizeof *adj_start);
    adj = malloc((2 * nseg + 1) * sizeof *adj);
    used = calloc(nseg + 1, 1);
    m->curves = calloc(nseg + 1, sizeof *m->curves);
    m->curve_storage = malloc((2 * nseg + 1) * sizeof *m->curve_storage);
    if (deg == NULL || adj_start == NULL || adj == NULL || used == NULL || m->curves == NULL ||
        m->curve_storage == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
        goto done;
    }
    for (size_t s = 0; s < nseg; s++) {
        deg[segs[s].a]++;
        deg[segs[s].b]++;
    }
    for (size_t k = 0; k < m->npoints; k++)
        adj_start[k + 1] = adj_start[k] + deg[k];
    {
        size_t *fill = calloc(m->npoints + 1, sizeof *fill);
        if (fill == NULL) {
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
            goto done;
        }
        for (size_t s = 0; s < nseg; s++) {
            adj[adj_start[segs[s].a] + fill[segs[s].a]++] = s;
            adj[adj_start[segs[s].b] + fill[segs[s].b]++] = s;
        }
        free(fill);
    }
    size_t stored = 0;
    for (;;) {
        /* start at an end (odd degree) if there is one left, else anywhere on a cycle */
        size_t start = m->npoints;
        for (int pass = 0; pass < 2 && start == m->npoints; pass++)
            for (size_t k = 0; k < m->npoints && start == m->npoints; k++) {
                size_t free_edges = 0;
                for (size_t e = adj_start[k]; e < adj_start[k + 1]; e++)
                    free_edges += !used[adj[e]];
                if (free_edges > 0 && (pass == 1 || deg[k] % 2 == 1))
                    start = k;
            }
        if (start == m->npoints)
            break;
        ganstab_map_curve *cv = &m->curves[m->ncurves++];
        cv->points = m->curve_storage + stored;
        cv->kind = m->points[start].crossing.kind;
        size_t cur = start;
        cv->points[cv->npoints++] = cur;
        for (;;) {
            size_t next_seg = nseg;
            for (size_t e = adj_start[cur]; e < adj_start[cur + 1]; e++)
                if (!used[adj[e]] && (next_seg == nseg || adj[e] < next_seg))
                    next_seg = adj[e];
            if (next_seg == nseg)
                break;
            used[next_seg] = 1;
            cur = segs[next_seg].a == cur ? segs[next_seg].b : segs[next_seg].a;
            cv->points[cv->npoints++] = cur;
        }
        if (cv->npoints > 2 && cur == start) {
            cv->closed = 1;
            cv->npoints--;
        }
        stored += cv->npoints;
    }
    /* every point on a curve's vertex (and its twins at the same node) names the first curve */
    for (size_t k = 0; k < m->ncurves; k++)
        for (size_t q = 0; q < m->curves[k].npoints; q++)
            for (size_t p = 0; p < m->npoints; p++)
                if (canon[p] == m->curves[k].points[q] && m->points[p].curve < 0 &&
                    curve_point(&m->points[p], m->curves[k].kind))
                    m->points[p].curve = (long)k;
done:
    free(canon);
    free(node_first);
    free(row_start);
    free(col_start);
    free(row_list);
    free(col_list);
    free(segs);
    free(cell);
    free(deg);
    free(adj_start);
    free(adj);
    free(used);
    return rc;
}

static int study_map_body(const ganstab_case *c, const ganstab_axis *x, const ganstab_axis *y,
                          const ganstab_study_options *opt, ganstab_stability_map **out,
                          ganstab_error *err)
{
    *out = NULL;
    size_t n = 0;
    ganstab_dynamics dyn;
    int rc = check_options(opt, err);
    if (rc == GANSTAB_OK)
        rc = case_dimension(c, &n, &dyn, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (x->key == y->key)
        return ganstab_error_set(err, GANSTAB_EINVAL, "map",
                                 "the two axes vary the same parameter %s", x->name);
    const ganstab_axis *axes[2] = {x, y};
    for (size_t a = 0; a < 2; a++)
        if (axes[a]->count < GANSTAB_MAP_AXIS_MIN || axes[a]->count > GANSTAB_MAP_AXIS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, "map",
                                     "%s: expected %d..%d grid points, got %zu", axes[a]->name,
                                     GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX, axes[a]->count);
    ganstab_stability_map *m = calloc(1, sizeof *m);
    if (m == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
    m->x = *x;
    m->y = *y;
    m->dynamics = dyn;
    m->tol = opt->tol;
    size_t nx = x->count, ny = y->count, ncells = nx * ny;
    m->cells = calloc(ncells, sizeof *m->cells);
    ganstab_eigenvalue *storage = malloc(ncells * n * sizeof *storage);
    line_result *rows = calloc(ny, sizeof *rows), *cols = calloc(nx, sizeof *cols);
    if (m->cells == NULL || storage == NULL || rows == NULL || cols == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
        goto done;
    }
    /* 1. the grid's verdicts */
    first_failure fail;
    failure_init(&fail, (long)ncells);
    int nt = thread_count(opt->threads);
#pragma omp parallel num_threads(nt)
    {
        /* one game per thread, built once */
        ganstab_analysis_ctx *cc = NULL;
        ganstab_analysis_ctx_alloc(c, &cc, NULL);
#pragma omp for schedule(dynamic)
        for (long k = 0; k < (long)ncells; k++) {
            ganstab_error e;
            ganstab_error_clear(&e);
            size_t i = (size_t)k % nx, j = (size_t)k / nx;
            double xv = ganstab_axis_value(x, i), yv = ganstab_axis_value(y, j);
            int r = cc == NULL ? ganstab_error_set(&e, GANSTAB_ENOMEM, "map", "out of memory")
                               : GANSTAB_OK;
            if (r == GANSTAB_OK)
                r = ganstab_analysis_ctx_set(cc, x->key, xv, x->name, &e);
            if (r == GANSTAB_OK)
                r = ganstab_analysis_ctx_set(cc, y->key, yv, y->name, &e);
            point_eval pe;
            if (r == GANSTAB_OK)
                r = evaluate_point(cc, n, dyn, opt->tol, storage + (size_t)k * n, &pe, &e);
            if (r == GANSTAB_OK) {
                ganstab_map_cell *cell = &m->cells[k];
                cell->verdict = pe.verdict;
                cell->residual = pe.residual;
                cell->measure = dyn == GANSTAB_DYNAMICS_MAP ? pe.radius : pe.abscissa;
                cell->rate = pe.rate;
                cell->ncomplex = pe.ncomplex;
            } else {
                char at[160];
                snprintf(at, sizeof at, "at %s = %.17g, %s = %.17g", x->name, xv, y->name, yv);
                locate(&e, c, at);
                failure_note(&fail, k, r, &e);
            }
        }
        ganstab_analysis_ctx_free(cc);
    }
    if ((rc = failure_report(&fail, err)) != GANSTAB_OK)
        goto done;
    for (size_t k = 0; k < ncells; k++)
        m->verdict_count[m->cells[k].verdict]++;
    /* 2. the boundary along every row (x varies) and column (y varies) of a continuous axis */
    size_t want = opt->scan != 0 ? opt->scan : GANSTAB_MAP_DEFAULT_SCAN;
    if (!x->integer) {
        m->scan_x = aligned_scan(want, nx - 1);
        if ((rc = search_lines(c, x, y, m->scan_x, opt, 0, rows, err)) != GANSTAB_OK)
            goto done;
    }
    if (!y->integer) {
        m->scan_y = aligned_scan(want, ny - 1);
        if ((rc = search_lines(c, y, x, m->scan_y, opt, 1, cols, err)) != GANSTAB_OK)
            goto done;
    }
    /* 3. merge: rows first, then the columns' points not already found at a grid node */
    size_t total = 0, totalgaps = 0;
    for (size_t j = 0; j < ny; j++) {
        total += rows[j].ncross;
        totalgaps += rows[j].ngaps;
    }
    for (size_t i = 0; i < nx; i++) {
        total += cols[i].ncross;
        totalgaps += cols[i].ngaps;
    }
    m->points = malloc((total + 1) * sizeof *m->points);
    m->gaps = malloc((totalgaps + 1) * sizeof *m->gaps);
    if (m->points == NULL || m->gaps == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "map", "out of memory");
        goto done;
    }
    for (size_t j = 0; j < ny; j++) {
        double yv = ganstab_axis_value(y, j);
        for (size_t t = 0; t < rows[j].ncross; t++)
            m->points[m->npoints++] =
                (ganstab_map_point){rows[j].crossings[t].value, yv, 0, j, rows[j].crossings[t], -1};
        for (size_t t = 0; t < rows[j].ngaps; t++)
            m->gaps[m->ngaps++] = (ganstab_map_gap){0, j, rows[j].gaps[t].lo, rows[j].gaps[t].hi};
    }
    size_t nrow_points = m->npoints;
    for (size_t i = 0; i < nx; i++) {
        double xv = ganstab_axis_value(x, i);
        for (size_t t = 0; t < cols[i].ncross; t++) {
            ganstab_map_point q = {xv, cols[i].crossings[t].value, 1, i, cols[i].crossings[t], -1};
            if (!duplicate_point(m, nrow_points, &q))
                m->points[m->npoints++] = q;
        }
        for (size_t t = 0; t < cols[i].ngaps; t++)
            m->gaps[m->ngaps++] = (ganstab_map_gap){1, i, cols[i].gaps[t].lo, cols[i].gaps[t].hi};
    }
    /* 4. curves, where both axes are continuous */
    if (!x->integer && !y->integer) {
        class_ctx ctx = {NULL, n, dyn, opt->tol};
        rc = ganstab_analysis_ctx_alloc(c, &ctx.game, err);
        if (rc == GANSTAB_OK)
            rc = build_curves(m, &ctx, err);
        ganstab_analysis_ctx_free(ctx.game);
    }
done:
    free(storage);
    for (size_t j = 0; rows != NULL && j < ny; j++) {
        free(rows[j].crossings);
        free(rows[j].gaps);
    }
    for (size_t i = 0; cols != NULL && i < nx; i++) {
        free(cols[i].crossings);
        free(cols[i].gaps);
    }
    free(rows);
    free(cols);
    if (rc != GANSTAB_OK) {
        ganstab_stability_map_free(m);
        return rc;
    }
    *out = m;
    return GANSTAB_OK;
}

/* study_map_body with GSL's error handler off, the caller's restored after (one bracket around the
 * parallel region: gsl_quiet.h). */
int ganstab_study_map(const ganstab_case *c, const ganstab_axis *x, const ganstab_axis *y,
                      const ganstab_study_options *opt, ganstab_stability_map **out,
                      ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = study_map_body(c, x, y, opt, out, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* ---- optimum ---------------------------------------------------------------------------- */

void ganstab_optimum_free(ganstab_optimum *o)
{
    if (o == NULL)
        return;
    free(o->eigenvalues);
    free(o);
}

typedef struct {
    const ganstab_case *base;
    ganstab_analysis_ctx *game; /* the case's game, built once */
    ganstab_case_key key;
    const char *name;
    size_t n;
    ganstab_dynamics dyn;
    double tol;
    ganstab_eigenvalue *ev;
    size_t *label; /* n: cluster_objective's workspace */
    size_t evaluations;
    int status;
    ganstab_error *err;
} objective_ctx;

/* The spectral radius (map) or abscissa (flow) with every cluster of eigenvalues whose error
 * disks overlap (|l_i - l_j| <= bound_i + bound_j, transitively) replaced by its mean. A defective
 * multiple eigenvalue comes out of LAPACK split by ~eps^(1/m) (e.g. 1e-8 for the double eigenvalue
 * of Lemma 3.3's critical gamma, or the nilpotent operator at h = 1/|f'(0)| there), which would put
 * a floor of that size under the objective and move its minimum by as much; the cluster's mean (a
 * trace) is accurate to ~eps, and where the eigenvalues really differ by less than their bounds
 * the two values agree within those bounds. */
static double cluster_objective(const ganstab_eigenvalue *ev, size_t n, ganstab_dynamics dyn,
                                size_t *label)
{
    for (size_t i = 0; i < n; i++)
        label[i] = i;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                if (label[i] != label[j] && hypot(ev[i].re - ev[j].re, ev[i].im - ev[j].im) <=
                                                ev[i].error_bound + ev[j].error_bound) {
                    size_t l = label[i] < label[j] ? label[i] : label[j];
                    label[i] = label[j] = l;
                    changed = 1;
                }
    }
    double best = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (label[i] != i)
            continue;
        double re = 0.0, im = 0.0;
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (label[j] == i) {
                re += ev[j].re;
                im += ev[j].im;
                m++;
            }
        re /= (double)m;
        im /= (double)m;
        double v = dyn == GANSTAB_DYNAMICS_MAP ? hypot(re, im) : re;
        if (v > best)
            best = v;
    }
    return best;
}

/* The objective (cluster_objective; +inf where x* is not stationary) and the decisive eigenvalue's
 * error bound. */
static int objective_at(objective_ctx *o, double p, double *f, double *bound, point_eval *pe_out)
{
    point_eval pe;
    o->evaluations++;
    int rc = ganstab_analysis_ctx_set(o->game, o->key, p, o->name, o->err);
    if (rc == GANSTAB_OK)
        rc = evaluate_point(o->game, o->n, o->dyn, o->tol, o->ev, &pe, o->err);
    if (rc != GANSTAB_OK) {
        char at[96];
        snprintf(at, sizeof at, "at %s = %.17g", o->name, p);
        locate(o->err, o->base, at);
        return rc;
    }
    if (pe.verdict == GANSTAB_VERDICT_NOT_STATIONARY) {
        *f = INFINITY;
        if (bound != NULL)
            *bound = 0.0;
    } else {
        *f = cluster_objective(o->ev, o->n, o->dyn, o->label);
        if (bound != NULL)
            *bound = o->ev[pe.decisive].error_bound;
    }
    if (pe_out != NULL)
        *pe_out = pe;
    return GANSTAB_OK;
}

static double objective_gsl(double p, void *param)
{
    objective_ctx *o = param;
    if (o->status != GANSTAB_OK)
        return NAN;
    double f = 0.0;
    o->status = objective_at(o, p, &f, NULL, NULL);
    return f;
}

/* f'(p) by the 5-point central difference with step d (error d^4 f^(5)/30 + ~1.5 eps |f| / d). */
static double derivative5(objective_ctx *o, double p, double d)
{
    double fm2 = objective_gsl(p - 2.0 * d, o), fm1 = objective_gsl(p - d, o);
    double fp1 = objective_gsl(p + d, o), fp2 = objective_gsl(p + 2.0 * d, o);
    return (fm2 - 8.0 * fm1 + 8.0 * fp1 - fp2) / (12.0 * d);
}

typedef struct {
    objective_ctx *o;
    double d;
} derivative_ctx;

static double derivative_gsl(double p, void *param)
{
    derivative_ctx *dc = param;
    return derivative5(dc->o, p, dc->d);
}

/* Golden-section search for the minimum on [a, b] to the bracket precision; ties go left, so the
 * result does not depend on rounding in the last bit of equal values. */
static int golden(objective_ctx *o, double a, double b, double *lo, double *hi)
{
    const double r = 0.5 * (3.0 - sqrt(5.0));
    double x1 = a + r * (b - a), x2 = b - r * (b - a), f1 = 0.0, f2 = 0.0;
    int rc;
    if ((rc = objective_at(o, x1, &f1, NULL, NULL)) != GANSTAB_OK ||
        (rc = objective_at(o, x2, &f2, NULL, NULL)) != GANSTAB_OK)
        return rc;
    for (int it = 0; it < 200; it++) {
        if (b - a <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(0.5 * (a + b))))
            break;
        if (f1 <= f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = a + r * (b - a);
            if ((rc = objective_at(o, x1, &f1, NULL, NULL)) != GANSTAB_OK)
                return rc;
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = b - r * (b - a);
            if ((rc = objective_at(o, x2, &f2, NULL, NULL)) != GANSTAB_OK)
                return rc;
        }
    }
    *lo = a;
    *hi = b;
    return GANSTAB_OK;
}

/* Ratio of the one-sided derivative close to p (d/10 away) to that farther (d away): ~0.1 where f
 * is smooth through a minimum at p (f' ~ f'' (q - p)), ~1 at a kink (f' jumps there). */
#define OPTIMUM_SMOOTH_RATIO 0.5

/* Polish a minimum found by golden section at p (bracket [*lo, *hi]) inside [a, b]: where f is
 * smooth through it, the root of a 5-point derivative (accurate to ~eps/d relative) replaces the
 * golden-section point, whose comparisons cannot resolve a quadratic minimum below ~sqrt(eps). */
static int polish(objective_ctx *o, double a, double b, double *lo, double *hi, int *smooth)
{
    *smooth = 0;
    double p = 0.5 * (*lo + *hi);
    double span = fmin(p - a, b - p);
    double d = p != 0.0 ? fmin(span, 1e-3 * fabs(p)) : span;
    if (!(d > 0.0))
        return GANSTAB_OK;
    double step = d / 20.0;
    o->status = GANSTAB_OK;
    double gl1 = derivative5(o, p - d, step), gl2 = derivative5(o, p - d / 10.0, step);
    double gr1 = derivative5(o, p + d, step), gr2 = derivative5(o, p + d / 10.0, step);
    if (o->status != GANSTAB_OK)
        return o->status;
    if (!(gl1 < 0.0 && gr1 > 0.0) || !isfinite(gl1 + gl2 + gr1 + gr2))
        return GANSTAB_OK;
    if (!(fabs(gl2 / gl1) < OPTIMUM_SMOOTH_RATIO && fabs(gr2 / gr1) < OPTIMUM_SMOOTH_RATIO))
        return GANSTAB_OK; /* a kink: golden section's point stands */
    *smooth = 1;
    derivative_ctx dc = {o, step};
    gsl_function f = {derivative_gsl, &dc};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL)
        return ganstab_error_set(o->err, GANSTAB_ENOMEM, "optimize", "out of memory");
    int gs = gsl_root_fsolver_set(s, &f, p - d, p + d);
    double x0 = p - d, x1 = p + d;
    for (int it = 0; gs == GSL_SUCCESS && o->status == GANSTAB_OK && it < 100; it++) {
        gs = gsl_root_fsolver_iterate(s);
        x0 = gsl_root_fsolver_x_lower(s);
        x1 = gsl_root_fsolver_x_upper(s);
        if (x1 - x0 <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(x0)))
            break;
    }
    gsl_root_fsolver_free(s);
    if (o->status != GANSTAB_OK)
        return o->status;
    if (gs == GSL_SUCCESS) {
        *lo = x0;
        *hi = x1;
    }
    return GANSTAB_OK;
}

int ganstab_study_optimize(const ganstab_case *c, const ganstab_axis *axis, int geometric,
                           const ganstab_study_options *opt, ganstab_optimum **out,
                           ganstab_error *err)
{
    *out = NULL;
    ganstab_analysis_ctx *game = NULL;
    int rc = ganstab_analysis_ctx_alloc(c, &game, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_study_optimize_in(game, axis, geometric, opt, out, err);
    ganstab_analysis_ctx_free(game);
    return rc;
}

int ganstab_study_optimize_in(ganstab_analysis_ctx *scratch, const ganstab_axis *axis,
                              int geometric, const ganstab_study_options *opt,
                              ganstab_optimum **out, ganstab_error *err)
{
    *out = NULL;
    const ganstab_case *c = ganstab_analysis_ctx_case(scratch);
    size_t n = 0;
    ganstab_dynamics dyn;
    int rc = check_options(opt, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_case_validate(c, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_ctx_spectrum_size(scratch, &n, err);
    if (rc == GANSTAB_OK)
        rc = study_scheme(c, err);
    if (rc != GANSTAB_OK)
        return rc;
    dyn = ganstab_update_dynamics(&c->update);
    if (geometric && !(axis->from > 0.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "optimize",
                                 "a geometric scan needs from > 0, got %.17g", axis->from);
    size_t npts = axis->count;
    if (npts < 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, "optimize", "need at least 2 scan points");
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    ganstab_optimum *res = calloc(1, sizeof *res);
    double *grid = malloc(npts * sizeof *grid), *fval = malloc(npts * sizeof *fval);
    double *bounds = malloc(npts * sizeof *bounds);
    ganstab_eigenvalue *ev = malloc(n * sizeof *ev);
    size_t *label = malloc(n * sizeof *label);
    if (res == NULL || grid == NULL || fval == NULL || bounds == NULL || ev == NULL ||
        label == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "optimize", "out of memory");
        goto done;
    }
    res->axis = *axis;
    res->geometric = geometric;
    res->dynamics = dyn;
    res->tol = opt->tol;
    res->n_eigen = n;
    for (size_t k = 0; k < npts; k++) {
        if (geometric && k > 0 && k + 1 < npts)
            grid[k] = axis->from * exp(log(axis->to / axis->from) * (double)k / (double)(npts - 1));
        else
            grid[k] = ganstab_axis_value(axis, k);
    }
    /* 1. the dense scan (in parallel, each point into its own slot) */
    first_failure fail;
    failure_init(&fail, (long)npts);
    int nt = thread_count(opt->threads);
#pragma omp parallel num_threads(nt)
    {
        /* one game per thread, built once (this thread's first point: the study's own game) */
        ganstab_analysis_ctx *cc = NULL;
        if (omp_get_thread_num() == 0)
            cc = scratch;
        else
            ganstab_analysis_ctx_alloc(c, &cc, NULL);
#pragma omp for schedule(dynamic)
        for (long k = 0; k < (long)npts; k++) {
            ganstab_error e;
            ganstab_error_clear(&e);
            ganstab_eigenvalue *kev = malloc(n * sizeof *kev);
            size_t *klabel = malloc(n * sizeof *klabel);
            int r = cc == NULL || kev == NULL || klabel == NULL
                        ? ganstab_error_set(&e, GANSTAB_ENOMEM, "optimize", "out of memory")
                        : GANSTAB_OK;
            if (r == GANSTAB_OK) {
                objective_ctx o = {c,        cc,  axis->key, axis->name, n,          dyn,
                                   opt->tol, kev, klabel,    0,          GANSTAB_OK, &e};
                r = objective_at(&o, grid[k], &fval[k], &bounds[k], NULL);
            }
            if (r != GANSTAB_OK)
                failure_note(&fail, k, r, &e);
            free(kev);
            free(klabel);
        }
        if (cc != scratch)
            ganstab_analysis_ctx_free(cc);
    }
    if ((rc = failure_report(&fail, err)) != GANSTAB_OK)
        goto done;
    res->evaluations = npts;
    size_t best = npts;
    for (size_t k = 0; k < npts; k++)
        if (isfinite(fval[k]) && (best == npts || fval[k] < fval[best]))
            best = k;
    if (best == npts) {
        rc = ganstab_error_set(err, GANSTAB_EINVAL, axis->name,
                               "the equilibrium is not stationary anywhere on [%.17g, %.17g]: "
                               "nothing to optimize",
                               axis->from, axis->to);
        goto done;
    }
    objective_ctx o = {c,        scratch, axis->key, axis->name, n,          dyn,
                       opt->tol, ev,      label,     0,          GANSTAB_OK, err};
    double lo = grid[best], hi = grid[best];
    if (axis->integer) {
        res->kind = GANSTAB_OPTIMUM_GRID;
    } else {
        /* 2. a plateau: the minimum's neighbours within its error bound (+ tol) */
        double noise = bounds[best] + opt->tol;
        size_t first = best, last = best;
        while (first > 0 && isfinite(fval[first - 1]) &&
               fval[first - 1] <= fval[best] + fmax(noise, bounds[first - 1] + opt->tol))
            first--;
        while (last + 1 < npts && isfinite(fval[last + 1]) &&
               fval[last + 1] <= fval[best] + fmax(noise, bounds[last + 1] + opt->tol))
            last++;
        if (last - first >= 2) {
            res->kind = GANSTAB_OPTIMUM_PLATEAU;
            res->plateau_lo = grid[first];
            res->plateau_hi = grid[last];
            lo = hi = grid[first];
        } else {
            /* 3. golden section on the neighbours' bracket, then polish a smooth minimum */
            double a = grid[best > 0 ? best - 1 : 0], b = grid[best + 1 < npts ? best + 1 : best];
            if ((rc = golden(&o, a, b, &lo, &hi)) != GANSTAB_OK)
                goto done;
            double p = 0.5 * (lo + hi);
            if ((best == 0 && p - axis->from <= 2.0 * slack(axis->from)) ||
                (best + 1 == npts && axis->to - p <= 2.0 * slack(axis->to))) {
                res->kind = GANSTAB_OPTIMUM_RANGE_END;
                lo = hi = best == 0 ? axis->from : axis->to;
            } else {
                int smooth = 0;
                if ((rc = polish(&o, a, b, &lo, &hi, &smooth)) != GANSTAB_OK)
                    goto done;
                res->kind = smooth ? GANSTAB_OPTIMUM_SMOOTH : GANSTAB_OPTIMUM_KINK;
            }
        }
    }
    res->argmin = lo == hi ? lo : 0.5 * (lo + hi);
    res->lo = lo;
    res->hi = hi;
    point_eval pe;
    if ((rc = objective_at(&o, res->argmin, &res->objective, &res->objective_bound, &pe)) !=
        GANSTAB_OK)
        goto done;
    res->verdict = pe.verdict;
    res->rate = pe.rate;
    res->evaluations += o.evaluations;
    res->eigenvalues = malloc(n * sizeof *res->eigenvalues);
    if (res->eigenvalues == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "optimize", "out of memory");
        goto done;
    }
    memcpy(res->eigenvalues, ev, n * sizeof *ev);
done:
    ganstab_gsl_quiet_end(saved);
    free(grid);
    free(fval);
    free(bounds);
    free(ev);
    free(label);
    if (rc != GANSTAB_OK) {
        ganstab_optimum_free(res);
        return rc;
    }
    *out = res;
    return GANSTAB_OK;
}

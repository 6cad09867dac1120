/* The figures of a case (plot.h): eigenvalues, loci, time series, the GMM-GAN's density difference
 * and heatmaps as ganstab_plot_figure data. The numbers come from the engine (ganstab_analyze,
 * ganstab_analysis_spectrum, ganstab_analysis_crossings, ganstab_simulate,
 * ganstab_gmm_density_compute); nothing here draws (src/render/plot_svg.c) or prints. The phase
 * portrait is in plot_phase.c, the building blocks in plot_util.c, the run in plot_run.c. */
#include "ganstab/plot.h"

#include "ganstab/critical.h"
#include "ganstab/gmm.h"
#include "ganstab/gmm_density.h"
#include "plot_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A window around [lo, hi] with this fraction of its width added on each side. */
#define PLOT_PAD 0.06
/* Locus: markers at the crossings get notes; more than this many crossings are marked without. */
#define PLOT_LOCUS_NOTES_MAX 6
/* Eigen: the values of at most this many eigenvalues are written beside them. */
#define PLOT_EIGEN_NOTES_MAX 6
/* Eigen: a zoom panel when the decisive eigenvalue is closer to the boundary than this fraction
 * of the whole picture (about 10 pt on a 500 pt panel: too close to see). */
#define PLOT_EIGEN_ZOOM 0.05
/* Trajectory: a distance axis is logarithmic when the positive distances span more than this
 * factor (a converging run: linear would show a flat line after the first tenth). */
#define PLOT_LOG_SPAN 100.0
/* An end of the discriminator that changes between bounded and unbounded more often than this is
 * drawn solid and thin. */
#define PLOT_FLIPS_DENSE 50

/* Widen [lo, hi] by fraction of its width on each side (an empty range by half its size, or 1). */
static void plot_pad(double *lo, double *hi, double fraction)
{
    double span = *hi - *lo;
    if (!(span > 0.0)) {
        double half = fmax(fabs(*lo), 1.0) * 0.5;
        *lo -= half;
        *hi += half;
        return;
    }
    *lo -= fraction * span;
    *hi += fraction * span;
}

/* The stable side of the boundary, lightly shaded, and the boundary itself: the imaginary axis
 * (flow) or the unit circle (maps), over the panel's window. */
static int plot_boundary(ganstab_plot_panel *p, ganstab_dynamics dyn, ganstab_error *err)
{
    static const ganstab_plot_colour stable_tint = {44, 160, 44};
    static const ganstab_plot_colour boundary = {90, 90, 90};
    if (dyn == GANSTAB_DYNAMICS_FLOW) {
        int rc = GANSTAB_OK;
        if (p->xmin < 0.0)
            rc = plot_rect(p, p->xmin, p->ymin, fmin(0.0, p->xmax), p->ymax, stable_tint, 0.08,
                           "stable side (Re λ < 0)", err);
        if (rc == GANSTAB_OK && p->xmin <= 0.0 && p->xmax >= 0.0)
            rc = plot_segment(p, 0.0, p->ymin, 0.0, p->ymax, boundary, GANSTAB_PLOT_DASHED, 1.0,
                              "imaginary axis (Re λ = 0)", err);
        return rc;
    }
    enum { SEGMENTS = 360 };
    ganstab_plot_series *disc = ganstab_plot_series_add(p, GANSTAB_PLOT_FILL, SEGMENTS, 0, err);
    if (disc == NULL)
        return GANSTAB_ENOMEM;
    disc->colour = stable_tint;
    disc->opacity = 0.08;
    plot_format(disc->label, sizeof disc->label, "stable side (|λ| < 1)");
    for (size_t k = 0; k < SEGMENTS; k++) {
        double t = 2.0 * PLOT_PI * (double)k / SEGMENTS;
        disc->x[k] = cos(t);
        disc->y[k] = sin(t);
    }
    ganstab_plot_series *circle =
        ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, SEGMENTS + 1, 0, err);
    if (circle == NULL)
        return GANSTAB_ENOMEM;
    for (size_t k = 0; k <= SEGMENTS; k++) {
        double t = 2.0 * PLOT_PI * (double)k / SEGMENTS;
        circle->x[k] = cos(t);
        circle->y[k] = sin(t);
    }
    circle->colour = boundary;
    circle->dash = GANSTAB_PLOT_DASHED;
    plot_format(circle->label, sizeof circle->label, "unit circle (|λ| = 1)");
    return GANSTAB_OK;
}

/* "the update operator I + hJ" etc.: what the deciding eigenvalues belong to. */
static const char *operator_text(const ganstab_update *u)
{
    switch (u->scheme) {
    case GANSTAB_SCHEME_FLOW:
        return "J (gradient flow)";
    case GANSTAB_SCHEME_SIMGD:
        return "I + hJ (simgd)";
    case GANSTAB_SCHEME_TTUR:
        return "I + diag(h_g, h_d) J (ttur)";
    case GANSTAB_SCHEME_ALTGD:
        return "the altgd operator";
    default:
        return "the update operator";
    }
}

static const char *eigen_units(ganstab_dynamics dyn)
{
    return dyn == GANSTAB_DYNAMICS_FLOW ? " (1/time)" : " (per update)";
}

/* The window of a complex-plane panel: the points, plus 0 (flow) or the unit circle (maps) when
 * `boundary`, padded, square when `square`. */
static void complex_window(ganstab_plot_panel *p, const double *re, const double *im, size_t n,
                           ganstab_dynamics dyn, int boundary, int square)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(re[i]) || !isfinite(im[i]))
            continue;
        x0 = fmin(x0, re[i]);
        x1 = fmax(x1, re[i]);
        y0 = fmin(y0, im[i]);
        y1 = fmax(y1, im[i]);
    }
    if (!(x0 <= x1)) {
        x0 = y0 = -1.0;
        x1 = y1 = 1.0;
    }
    if (boundary && dyn == GANSTAB_DYNAMICS_FLOW) {
        x0 = fmin(x0, 0.0);
        x1 = fmax(x1, 0.0);
        y0 = fmin(y0, 0.0);
        y1 = fmax(y1, 0.0);
    } else if (boundary) {
        x0 = fmin(x0, -1.0);
        x1 = fmax(x1, 1.0);
        y0 = fmin(y0, -1.0);
        y1 = fmax(y1, 1.0);
    }
    double span = fmax(x1 - x0, y1 - y0);
    if (!(span > 0.0))
        span = fmax(1.0, fmax(fabs(x0), fabs(y0)));
    if (square) {
        double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), half = 0.5 * span * (1.0 + 2 * 0.12);
        p->xmin = cx - half;
        p->xmax = cx + half;
        p->ymin = cy - half;
        p->ymax = cy + half;
    } else {
        p->xmin = x0;
        p->xmax = x1;
        p->ymin = y0;
        p->ymax = y1;
        if (!(x1 - x0 > 1e-3 * span)) {
            p->xmin -= 0.05 * span;
            p->xmax += 0.05 * span;
        }
        if (!(y1 - y0 > 1e-3 * span)) {
            p->ymin -= 0.05 * span;
            p->ymax += 0.05 * span;
        }
        plot_pad(&p->xmin, &p->xmax, 0.08);
        plot_pad(&p->ymin, &p->ymax, 0.08);
    }
}

/* ---- eigen ---------------------------------------------------------------------------------- */

static int eigen_points(ganstab_plot_panel *p, const ganstab_eigenvalue *ev, size_t n,
                        size_t decisive, const char *label, ganstab_error *err)
{
    static const ganstab_plot_colour colour = {31, 119, 180};
    static const ganstab_plot_colour red = {214, 39, 40};
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_POINTS, n, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        s->x[i] = ev[i].re;
        s->y[i] = ev[i].im;
    }
    s->colour = colour;
    s->marker_size = 7.0;
    plot_format(s->label, sizeof s->label, "%s", label);
    /* a few eigenvalues get their value written beside them, on the side towards the middle */
    for (size_t i = 0; i < n && n <= PLOT_EIGEN_NOTES_MAX; i++) {
        char re[32], im[32], value[GANSTAB_PLOT_LABEL_MAX], text[GANSTAB_PLOT_LABEL_MAX];
        plot_number(re, sizeof re, ev[i].re);
        plot_number(im, sizeof im, fabs(ev[i].im));
        if (ev[i].im == 0.0)
            plot_format(value, sizeof value, "%s", re);
        else
            plot_format(value, sizeof value, "%s %s %si", re, ev[i].im < 0 ? "−" : "+", im);
        int right = ev[i].re > 0.5 * (p->xmin + p->xmax);
        plot_format(text, sizeof text, right ? "%s   " : "   %s", value);
        int rc = ganstab_plot_note_add(p, ev[i].re, ev[i].im, right ? 1 : -1, colour, text, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    if (decisive >= n)
        return GANSTAB_OK;
    ganstab_plot_series *d = ganstab_plot_series_add(p, GANSTAB_PLOT_POINTS, 1, 0, err);
    if (d == NULL)
        return GANSTAB_ENOMEM;
    d->x[0] = ev[decisive].re;
    d->y[0] = ev[decisive].im;
    d->colour = red;
    d->marker = GANSTAB_PLOT_MARK_DIAMOND;
    d->marker_size = 9.0;
    d->width = 1.2;
    plot_format(d->label, sizeof d->label, "decisive eigenvalue");
    return GANSTAB_OK;
}

int ganstab_plot_eigen(const ganstab_case *c, const ganstab_result *r, ganstab_plot_figure *fig,
                       ganstab_error *err)
{
    if (r->verdict == GANSTAB_VERDICT_NOT_STATIONARY)
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "plot",
                                 "plot eigen: the equilibrium is not stationary (|v(x*)| = %.3g), "
                                 "so no eigenvalue decides its stability; plot the dynamics "
                                 "(--kind trajectory, or phase for a two-dimensional state) "
                                 "instead",
                                 r->residual);
    ganstab_dynamics dyn = r->dynamics;
    int manifold = r->manifold_dim > 0 && r->transversal_eigenvalues != NULL;
    const ganstab_eigenvalue *ev = manifold ? r->transversal_eigenvalues : r->eigenvalues;
    size_t n = manifold ? r->n_op_transversal : r->n_op;
    double *re = malloc((n + r->n_op + 1) * sizeof *re),
           *im = malloc((n + r->n_op + 1) * sizeof *im);
    if (re == NULL || im == NULL) {
        free(re);
        free(im);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        re[i] = ev[i].re;
        im[i] = ev[i].im;
    }
    double radius_or_abscissa =
        dyn == GANSTAB_DYNAMICS_FLOW ? r->spectral_abscissa : r->spectral_radius;
    /* a second panel zooms on the decisive eigenvalue when its distance to the boundary is too
       small to see beside the others (e.g. near 1 for small steps); not where it sits on the
       boundary (marginal): there the first panel already shows it */
    const ganstab_eigenvalue *d = &ev[r->decisive < n ? r->decisive : 0];
    double dist = fabs(ganstab_stability_margin(d, dyn));
    double bx = 0.0, by = d->im; /* the boundary point nearest d */
    if (dyn == GANSTAB_DYNAMICS_MAP) {
        bx = d->abs > 0.0 ? d->re / d->abs : 1.0;
        by = d->abs > 0.0 ? d->im / d->abs : 0.0;
    }
    ganstab_plot_panel whole;
    memset(&whole, 0, sizeof whole);
    complex_window(&whole, re, im, n, dyn, 1, dyn == GANSTAB_DYNAMICS_MAP);
    double span = fmax(whole.xmax - whole.xmin, whole.ymax - whole.ymin);
    int zoom = n > 0 && dist < PLOT_EIGEN_ZOOM * span && dist > 1e-6 * span;
    int rc = ganstab_plot_figure_init(fig, 1, zoom ? 2 : 1, zoom ? 1100.0 : 620.0, 520.0, err);
    for (size_t panel = 0; rc == GANSTAB_OK && panel < (zoom ? 2u : 1u); panel++) {
        ganstab_plot_panel *p = &fig->panels[panel];
        p->legend = GANSTAB_PLOT_LEGEND_AUTO;
        char num[32];
        plot_number(num, sizeof num, radius_or_abscissa);
        if (panel == 0) {
            p->xmin = whole.xmin;
            p->xmax = whole.xmax;
            p->ymin = whole.ymin;
            p->ymax = whole.ymax;
            p->equal_aspect = dyn == GANSTAB_DYNAMICS_MAP;
            plot_format(p->title, sizeof p->title, "%s\n%s: %s %s (eigenvalues of %s)",
                        c->title[0] != '\0' ? c->title : "eigenvalues",
                        ganstab_verdict_name(r->verdict),
                        dyn == GANSTAB_DYNAMICS_FLOW ? "spectral abscissa" : "spectral radius", num,
                        operator_text(&c->update));
        } else {
            double half = 1.5 * dist, cx = 0.5 * (d->re + bx), cy = 0.5 * (d->im + by);
            p->xmin = cx - half;
            p->xmax = cx + half;
            p->ymin = cy - half;
            p->ymax = cy + half;
            p->equal_aspect = 1;
            char gap[32];
            plot_number(gap, sizeof gap, dist);
            plot_format(
                p->title, sizeof p->title, "zoom: the decisive eigenvalue and the %s\n(%s = %s)",
                dyn == GANSTAB_DYNAMICS_FLOW ? "imaginary axis" : "unit circle",
                dyn == GANSTAB_DYNAMICS_FLOW ? "distance |Re λ|" : "distance |1 − |λ||", gap);
        }
        plot_format(p->xlabel, sizeof p->xlabel, "Re λ%s", eigen_units(dyn));
        plot_format(p->ylabel, sizeof p->ylabel, "Im λ%s", eigen_units(dyn));
        rc = plot_boundary(p, dyn, err);
        if (rc == GANSTAB_OK && manifold) {
            /* the eigenvalues along the manifold of equilibria (0 for J, 1 for an operator) */
            ganstab_plot_series *s =
                ganstab_plot_series_add(p, GANSTAB_PLOT_POINTS, r->n_op, 0, err);
            if (s == NULL) {
                rc = GANSTAB_ENOMEM;
                break;
            }
            for (size_t i = 0; i < r->n_op; i++) {
                s->x[i] = r->eigenvalues[i].re;
                s->y[i] = r->eigenvalues[i].im;
            }
            s->colour = (ganstab_plot_colour){150, 150, 150};
            s->marker = GANSTAB_PLOT_MARK_SQUARE;
            s->marker_size = 9.0;
            plot_format(s->label, sizeof s->label, "all %zu, with %zu along the equilibria",
                        r->n_op, r->manifold_dim);
        }
        char label[GANSTAB_PLOT_LABEL_MAX];
        plot_format(label, sizeof label, "%seigenvalues of %s", manifold ? "transversal " : "",
                    operator_text(&c->update));
        if (rc == GANSTAB_OK)
            rc = eigen_points(p, ev, n, r->decisive, label, err);
    }
    free(re);
    free(im);
    return rc;
}

/* ---- locus ---------------------------------------------------------------------------------- */

typedef struct {
    size_t n, m;     /* samples, eigenvalues per sample */
    double *p;       /* n parameter values */
    double *re, *im; /* n * m, tracked: [k * m + j] is track j at sample k */
} locus_data;

/* Order ev[0..m) to continue the tracks of the previous samples: predict each track linearly,
 * then repeatedly give the closest (track, eigenvalue) pair to each other. */
static void locus_match(const locus_data *L, size_t k, const ganstab_eigenvalue *ev,
                        unsigned char *used, size_t *assign)
{
    size_t m = L->m;
    for (size_t j = 0; j < m; j++) {
        used[j] = 0;
        assign[j] = m;
    }
    for (size_t round = 0; round < m; round++) {
        double best = INFINITY;
        size_t bt = 0, be = 0;
        for (size_t t = 0; t < m; t++) {
            if (assign[t] < m)
                continue;
            double pr = L->re[(k - 1) * m + t], pi = L->im[(k - 1) * m + t];
            if (k >= 2) {
                pr += pr - L->re[(k - 2) * m + t];
                pi += pi - L->im[(k - 2) * m + t];
            }
            for (size_t e = 0; e < m; e++) {
                if (used[e])
                    continue;
                double d = hypot(ev[e].re - pr, ev[e].im - pi);
                if (d < best || (d == best && (t < bt || (t == bt && e < be)))) {
                    best = d;
                    bt = t;
                    be = e;
                }
            }
        }
        assign[bt] = be;
        used[be] = 1;
    }
}

static int locus_compute(const ganstab_case *c, ganstab_case_key key, double from, double to,
                         locus_data *L, ganstab_error *err)
{
    memset(L, 0, sizeof *L);
    size_t m = 0;
    int rc = ganstab_analysis_spectrum_size(c, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t n = GANSTAB_PLOT_LOCUS_POINTS;
    L->n = n;
    L->m = m;
    L->p = malloc(n * sizeof *L->p);
    L->re = malloc(n * m * sizeof *L->re);
    L->im = malloc(n * m * sizeof *L->im);
    ganstab_eigenvalue *ev = malloc(m * sizeof *ev);
    unsigned char *used = malloc(m);
    size_t *assign = malloc(m * sizeof *assign);
    ganstab_case *run = malloc(sizeof *run);
    if (L->p == NULL || L->re == NULL || L->im == NULL || ev == NULL || used == NULL ||
        assign == NULL || run == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    if (run != NULL)
        *run = *c;
    for (size_t k = 0; k < n && rc == GANSTAB_OK; k++) {
        double p = k + 1 == n ? to : from + (to - from) * (double)k / (double)(n - 1);
        L->p[k] = p;
        rc = ganstab_case_param_set(run, key, p, ganstab_case_param_name(c, key), err);
        if (rc == GANSTAB_OK)
            rc = ganstab_analysis_spectrum(run, ev, err);
        if (rc != GANSTAB_OK)
            break;
        if (k == 0) {
            for (size_t j = 0; j < m; j++) {
                L->re[j] = ev[j].re;
                L->im[j] = ev[j].im;
            }
            continue;
        }
        locus_match(L, k, ev, used, assign);
        for (size_t t = 0; t < m; t++) {
            L->re[k * m + t] = ev[assign[t]].re;
            L->im[k * m + t] = ev[assign[t]].im;
        }
    }
    if (rc != GANSTAB_OK && err != NULL && err->code == GANSTAB_EINVAL &&
        strstr(err->message, ganstab_case_param_name(c, key)) == NULL) {
        char msg[GANSTAB_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        ganstab_error_set(err, rc, err->where, "%s (locus over %s)", msg,
                          ganstab_case_param_name(c, key));
    }
    free(ev);
    free(used);
    free(assign);
    free(run);
    return rc;
}

static void locus_free(locus_data *L)
{
    free(L->p);
    free(L->re);
    free(L->im);
    memset(L, 0, sizeof *L);
}

/* The parameter and range a locus sweeps: the options, else the case's [critical] section. */
static int locus_range(const ganstab_case *c, const ganstab_plot_options *o, ganstab_case_key *key,
                       double *from, double *to, size_t *scan, ganstab_error *err)
{
    if (o != NULL && o->has_param) {
        *key = o->param;
        *from = o->from;
        *to = o->to;
    } else if (c->has_critical) {
        *key = c->critical_param;
        *from = c->critical_from;
        *to = c->critical_to;
    } else {
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "plot",
                                 "plot locus: no parameter to vary (give --param, --from and "
                                 "--to, or a [critical] section)");
    }
    if (!(*from < *to) || !isfinite(*from) || !isfinite(*to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "--to",
                                 "must be greater than --from (%g), got %g", *from, *to);
    *scan = o != NULL && o->scan > 0                  ? o->scan
            : c->has_critical && c->critical_scan > 0 ? c->critical_scan
                                                      : GANSTAB_CROSSING_DEFAULT_SCAN;
    return GANSTAB_OK;
}

int ganstab_plot_locus(const ganstab_case *c, const ganstab_plot_options *o,
                       ganstab_plot_figure *fig, ganstab_error *err)
{
    static const ganstab_plot_colour crit_colour = {214, 39, 40};
    ganstab_case_key key = GANSTAB_CASE_NKEYS;
    double from = 0.0, to = 0.0;
    size_t scan = 0;
    int rc = locus_range(c, o, &key, &from, &to, &scan, err);
    if (rc != GANSTAB_OK)
        return rc;
    double tol = o != NULL && o->tol > 0.0 ? o->tol : GANSTAB_DEFAULT_TOL;
    ganstab_dynamics dyn = ganstab_update_dynamics(&c->update);
    locus_data L;
    memset(&L, 0, sizeof L);
    ganstab_crossing *cross = NULL;
    size_t ncross = 0;
    ganstab_eigenvalue *ev = NULL;
    size_t dim = 0, m_size = 0;
    int transversal = 0;
    rc = ganstab_case_dimension(c, &dim, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_spectrum_size(c, &m_size, err);
    transversal = rc == GANSTAB_OK && m_size < dim;
    if (rc == GANSTAB_OK)
        rc = locus_compute(c, key, from, to, &L, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_analysis_crossings(c, key, from, to, tol, scan, &cross, &ncross, err);
    if (rc == GANSTAB_OK && (ev = malloc((L.m > 0 ? L.m : 1) * sizeof *ev)) == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    if (rc == GANSTAB_OK)
        rc = ganstab_plot_figure_init(fig, 1, 2, 1100.0, 500.0, err);
    const char *sym = plot_symbol(ganstab_case_param_name(c, key));
    char a[32], b[32];
    plot_number(a, sizeof a, from);
    plot_number(b, sizeof b, to);
    ganstab_plot_panel *left = &fig->panels[0], *right = &fig->panels[1];
    if (rc == GANSTAB_OK) {
        complex_window(left, L.re, L.im, L.n * L.m, dyn, 1, dyn == GANSTAB_DYNAMICS_MAP);
        left->equal_aspect = dyn == GANSTAB_DYNAMICS_MAP;
        left->legend = GANSTAB_PLOT_LEGEND_AUTO;
        left->has_scale = 1;
        left->zmin = from;
        left->zmax = to;
        plot_format(left->zlabel, sizeof left->zlabel, "%s (%s)", sym,
                    ganstab_case_param_name(c, key));
        plot_format(left->title, sizeof left->title,
                    "%s\n%seigenvalues of %s as %s runs over [%s, %s]",
                    c->title[0] != '\0' ? c->title : "locus", transversal ? "transversal " : "",
                    operator_text(&c->update), sym, a, b);
        plot_format(left->xlabel, sizeof left->xlabel, "Re λ%s", eigen_units(dyn));
        plot_format(left->ylabel, sizeof left->ylabel, "Im λ%s", eigen_units(dyn));
        rc = plot_boundary(left, dyn, err);
    }
    /* right: Re lambda (flow) or |lambda| (maps) against the parameter */
    double *margin = rc == GANSTAB_OK ? malloc(L.n * L.m * sizeof *margin) : NULL;
    if (rc == GANSTAB_OK && margin == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    if (rc == GANSTAB_OK) {
        double y0 = dyn == GANSTAB_DYNAMICS_FLOW ? 0.0 : 1.0, y1 = y0;
        for (size_t i = 0; i < L.n * L.m; i++) {
            margin[i] = dyn == GANSTAB_DYNAMICS_FLOW ? L.re[i] : hypot(L.re[i], L.im[i]);
            y0 = fmin(y0, margin[i]);
            y1 = fmax(y1, margin[i]);
        }
        right->xmin = from;
        right->xmax = to;
        right->ymin = y0;
        right->ymax = y1;
        plot_pad(&right->ymin, &right->ymax, 0.08);
        right->legend = GANSTAB_PLOT_LEGEND_AUTO;
        plot_format(right->title, sizeof right->title, "%s against %s; critical values dotted",
                    dyn == GANSTAB_DYNAMICS_FLOW ? "real parts" : "moduli", sym);
        plot_format(right->xlabel, sizeof right->xlabel, "%s (%s)", sym,
                    ganstab_case_param_name(c, key));
        plot_format(right->ylabel, sizeof right->ylabel, "%s%s",
                    dyn == GANSTAB_DYNAMICS_FLOW ? "Re λ" : "|λ|", eigen_units(dyn));
        rc = plot_segment(right, from, dyn == GANSTAB_DYNAMICS_FLOW ? 0.0 : 1.0, to,
                          dyn == GANSTAB_DYNAMICS_FLOW ? 0.0 : 1.0,
                          (ganstab_plot_colour){90, 90, 90}, GANSTAB_PLOT_DASHED, 1.0,
                          dyn == GANSTAB_DYNAMICS_FLOW ? "Re λ = 0" : "|λ| = 1", err);
    }
    /* the tracks, in both panels */
    for (size_t t = 0; rc == GANSTAB_OK && t < L.m; t++) {
        ganstab_plot_colour col =
            L.m <= PLOT_PALETTE_SIZE ? plot_palette[t] : (ganstab_plot_colour){31, 119, 180};
        char label[GANSTAB_PLOT_LABEL_MAX] = "";
        if (t == 0)
            plot_format(label, sizeof label, "eigenvalue tracks");
        rc = plot_line(left, &L.re[t], L.m, &L.im[t], L.m, L.n, col, GANSTAB_PLOT_SOLID, 1.2, label,
                       err);
        if (rc == GANSTAB_OK)
            rc = plot_line(right, L.p, 1, &margin[t], L.m, L.n, col, GANSTAB_PLOT_SOLID, 1.2, NULL,
                           err);
    }
    /* dots coloured by the parameter, every GANSTAB_PLOT_LOCUS_DOT_EVERY-th sample */
    if (rc == GANSTAB_OK) {
        size_t every = GANSTAB_PLOT_LOCUS_DOT_EVERY, ndots = (L.n - 1) / every + 1;
        ganstab_plot_series *dots =
            ganstab_plot_series_add(left, GANSTAB_PLOT_POINTS, ndots * L.m, 1, err);
        if (dots == NULL) {
            rc = GANSTAB_ENOMEM;
        } else {
            size_t q = 0;
            for (size_t k = 0; k < L.n; k += every)
                for (size_t t = 0; t < L.m; t++, q++) {
                    dots->x[q] = L.re[k * L.m + t];
                    dots->y[q] = L.im[k * L.m + t];
                    dots->value[q] = L.p[k];
                }
            dots->n = q;
            dots->marker_size = 5.0;
            dots->width = 0.4;
            dots->colour = (ganstab_plot_colour){60, 60, 60};
            char step[32];
            plot_number(step, sizeof step, (to - from) * (double)every / (double)(L.n - 1));
            plot_format(dots->label, sizeof dots->label, "%s every %s", sym, step);
        }
    }
    /* the crossings */
    for (size_t i = 0; rc == GANSTAB_OK && i < ncross; i++) {
        ganstab_case run = *c;
        rc =
            ganstab_case_param_set(&run, key, cross[i].value, ganstab_case_param_name(c, key), err);
        if (rc == GANSTAB_OK)
            rc = ganstab_analysis_spectrum(&run, ev, err);
        if (rc != GANSTAB_OK)
            break;
        ganstab_plot_series *s = ganstab_plot_series_add(left, GANSTAB_PLOT_POINTS, L.m, 0, err);
        ganstab_plot_series *sr =
            s != NULL ? ganstab_plot_series_add(right, GANSTAB_PLOT_POINTS, L.m, 0, err) : NULL;
        if (s == NULL || sr == NULL) {
            rc = GANSTAB_ENOMEM;
            break;
        }
        for (size_t j = 0; j < L.m; j++) {
            s->x[j] = ev[j].re;
            s->y[j] = ev[j].im;
            sr->x[j] = cross[i].value;
            sr->y[j] = dyn == GANSTAB_DYNAMICS_FLOW ? ev[j].re : ev[j].abs;
        }
        ganstab_plot_series *both[2] = {s, sr};
        for (int k = 0; k < 2; k++) {
            both[k]->marker = GANSTAB_PLOT_MARK_DIAMOND;
            both[k]->marker_size = 9.0;
            both[k]->colour = crit_colour;
            both[k]->width = 1.2;
            snprintf(both[k]->label, sizeof both[k]->label, "critical values (%zu)", ncross);
        }
        char v[32], note[GANSTAB_PLOT_LABEL_MAX];
        plot_number(v, sizeof v, cross[i].value);
        plot_format(note, sizeof note, " %s = %s (%s)", sym, v,
                    ganstab_crossing_type_name(cross[i].type));
        rc = plot_segment(right, cross[i].value, right->ymin, cross[i].value, right->ymax,
                          crit_colour, GANSTAB_PLOT_DOTTED, 1.0, NULL, err);
        if (rc == GANSTAB_OK && i < PLOT_LOCUS_NOTES_MAX) {
            /* the note goes beside the eigenvalue closest to the boundary */
            size_t j0 = 0;
            for (size_t j = 1; j < L.m; j++)
                if (ganstab_stability_margin(&ev[j], dyn) > ganstab_stability_margin(&ev[j0], dyn))
                    j0 = j;
            double ny = right->ymax - (0.12 + 0.06 * (double)i) * (right->ymax - right->ymin);
            int rside = cross[i].value > 0.5 * (right->xmin + right->xmax);
            rc = ganstab_plot_note_add(right, cross[i].value, ny, rside ? 1 : -1, crit_colour, note,
                                       err);
            /* left: above the marker, away from the nearer side */
            int lside = ev[j0].re > 0.5 * (left->xmin + left->xmax);
            double ly = ev[j0].im + (0.045 + 0.05 * (double)i) * (left->ymax - left->ymin);
            /* a few crossings are named in the complex plane too (more would overlap there) */
            if (rc == GANSTAB_OK && ncross <= 2)
                rc = ganstab_plot_note_add(left, ev[j0].re, ly, lside ? 1 : -1, crit_colour, note,
                                           err);
        }
    }
    free(margin);
    free(ev);
    free(cross);
    locus_free(&L);
    return rc;
}

/* ---- trajectory ----------------------------------------------------------------------------- */

static void finite_range(const double *x, size_t n, size_t stride, double *lo, double *hi)
{
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isfinite(v)) {
            *lo = fmin(*lo, v);
            *hi = fmax(*hi, v);
        }
    }
}

static const char *time_label(const ganstab_case *run)
{
    switch (run->update.scheme) {
    case GANSTAB_SCHEME_FLOW:
        return "time t";
    case GANSTAB_SCHEME_TTUR:
        return "update k";
    default:
        return "time t = k·h (k updates of step h)";
    }
}

int ganstab_plot_trajectory(const ganstab_case *c, const ganstab_plot_options *o,
                            ganstab_plot_figure *fig, ganstab_error *err)
{
    ganstab_case run;
    ganstab_sim_options sim;
    ganstab_trajectory *tr = NULL;
    int rc = ganstab_plot_run(c, o, &run, &sim, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_simulate(&run, &sim, &tr, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_plot_figure_init(fig, 2, 1, 760.0, 680.0, err);
    if (rc != GANSTAB_OK) {
        ganstab_trajectory_free(tr);
        return rc;
    }
    int gmm = tr->tv != NULL;
    size_t N = tr->n_points;
    ganstab_plot_panel *top = &fig->panels[0], *bottom = &fig->panels[1];
    char what[160], start[200];
    plot_run_text(what, sizeof what, &run, &sim);
    plot_state_text(start, sizeof start, tr, 0);
    plot_format(top->title, sizeof top->title, "%s\n%s from %s",
                c->title[0] != '\0' ? c->title : "trajectory", what, start);
    top->xmin = bottom->xmin = tr->t[0];
    top->xmax = bottom->xmax = tr->t[N - 1] > tr->t[0] ? tr->t[N - 1] : tr->t[0] + 1.0;
    double y0 = INFINITY, y1 = -INFINITY;
    finite_range(tr->x, N * tr->n, 1, &y0, &y1);
    if (!(y0 <= y1)) {
        y0 = -1.0;
        y1 = 1.0;
    }
    top->ymin = y0;
    top->ymax = y1;
    plot_pad(&top->ymin, &top->ymax, PLOT_PAD);
    top->legend = GANSTAB_PLOT_LEGEND_OUTSIDE;
    plot_format(top->xlabel, sizeof top->xlabel, "%s", time_label(&run));
    plot_format(top->ylabel, sizeof top->ylabel,
                gmm ? "means μ̂ (solid), discriminator ends (dotted)" : "state components");
    /* the discriminator's ends first, the generator's means on top of them */
    for (size_t q = 0; q < tr->n && rc == GANSTAB_OK; q++) {
        size_t i = (q + tr->n_g) % tr->n;
        char label[GANSTAB_PLOT_LABEL_MAX];
        ganstab_plot_colour col = plot_palette[i % PLOT_PALETTE_SIZE];
        ganstab_plot_dash dash = GANSTAB_PLOT_SOLID;
        if (gmm && i >= tr->n_g) {
            /* (l1, r1) one colour, (l2, r2) another, dotted (Li et al. 2018, Figure 1) */
            col = plot_palette[2 + (i - tr->n_g) / 2];
            dash = GANSTAB_PLOT_DOTTED;
        }
        double width = gmm && i < tr->n_g ? 1.6 : 1.2;
        /* the optimal discriminator's unbounded ends (+-inf) are drawn beyond the axes (so a
           jump to infinity shows as a line leaving the panel); an end that flips between bounded
           and unbounded step after step (Li et al. 2018, Figure 1(c): "the discriminator varies
           wildly") is drawn through its finite values only: lines to infinity and back at every
           step would cover the panel */
        double *y = malloc(N * sizeof *y), *t = malloc(N * sizeof *t);
        if (y == NULL || t == NULL) {
            free(y);
            free(t);
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
            break;
        }
        size_t flips = 0, infinite = 0;
        double beyond = 0.5 * (top->ymax - top->ymin);
        for (size_t k = 0; k < N; k++) {
            double v = tr->x[k * tr->n + i];
            infinite += isinf(v) ? 1u : 0u;
            if (k > 0 && isinf(v) != isinf(tr->x[(k - 1) * tr->n + i]))
                flips++;
            y[k] = isinf(v) ? (v > 0 ? top->ymax + beyond : top->ymin - beyond) : v;
            t[k] = tr->t[k];
        }
        size_t m = N;
        int dense = flips > PLOT_FLIPS_DENSE;
        if (dense) {
            m = 0;
            for (size_t k = 0; k < N; k++)
                if (isfinite(tr->x[k * tr->n + i])) {
                    t[m] = tr->t[k];
                    y[m] = tr->x[k * tr->n + i];
                    m++;
                }
        }
        if (gmm && i >= tr->n_g)
            /* one entry per interval: [l_j, r_j] */
            plot_format(label, sizeof label, "[%s, %s]%s", plot_symbol(tr->state_names[i]),
                        i + 1 < tr->n ? plot_symbol(tr->state_names[i + 1]) : "",
                        dense          ? " where bounded (±∞ between)"
                        : infinite > 0 ? " (±∞ off the axes)"
                                       : " interval");
        else
            plot_format(label, sizeof label, "%s%s", plot_symbol(tr->state_names[i]),
                        i < tr->n_g ? " (generator)" : " (discriminator)");
        if (gmm && i >= tr->n_g && (i - tr->n_g) % 2 == 1)
            label[0] = '\0';
        if (m > 0)
            rc = plot_line(top, t, 1, y, 1, m, col, dash, width, label, err);
        free(y);
        free(t);
    }
    /* bottom: the distance (and the TV distance) */
    double d0 = INFINITY, d1 = -INFINITY;
    finite_range(tr->distance, N, 1, &d0, &d1);
    if (gmm)
        finite_range(tr->tv, N, 1, &d0, &d1);
    int logy = d0 > 0.0 && d1 / d0 > PLOT_LOG_SPAN;
    if (!(d0 <= d1)) {
        d0 = 0.0;
        d1 = 1.0;
    }
    bottom->ylog = logy;
    if (logy) {
        bottom->ymin = d0 / 1.5;
        bottom->ymax = d1 * 1.5;
    } else {
        bottom->ymin = fmin(0.0, d0);
        bottom->ymax = d1 > bottom->ymin ? d1 : bottom->ymin + 1.0;
        plot_pad(&bottom->ymin, &bottom->ymax, PLOT_PAD);
    }
    bottom->legend = GANSTAB_PLOT_LEGEND_OUTSIDE;
    plot_format(bottom->xlabel, sizeof bottom->xlabel, "%s", time_label(&run));
    plot_format(bottom->ylabel, sizeof bottom->ylabel, gmm ? "distance" : "distance ‖x − x*‖₂");
    plot_format(bottom->title, sizeof bottom->title,
                gmm ? "distance of the means to μ* and total variation distance to the data%s"
                    : "distance to the equilibrium x*%s",
                logy ? " (log scale)" : "");
    if (rc == GANSTAB_OK)
        rc = plot_line(bottom, tr->t, 1, tr->distance, 1, N, (ganstab_plot_colour){0, 0, 0},
                       GANSTAB_PLOT_SOLID, 1.4, gmm ? "‖μ̂ − μ*‖₂" : "‖x − x*‖₂", err);
    if (rc == GANSTAB_OK && gmm) {
        rc = plot_line(bottom, tr->t, 1, tr->tv, 1, N, plot_palette[3], GANSTAB_PLOT_SOLID, 1.4,
                       "TV distance (eq. (3))", err);
        if (rc == GANSTAB_OK && !logy)
            rc = plot_segment(bottom, bottom->xmin, GANSTAB_GMM_TV_SUCCESS, bottom->xmax,
                              GANSTAB_GMM_TV_SUCCESS, plot_palette[3], GANSTAB_PLOT_DASHED, 0.8,
                              "TV = 0.1 (success, Sec. 5)", err);
        if (rc == GANSTAB_OK && logy && GANSTAB_GMM_TV_SUCCESS > bottom->ymin &&
            GANSTAB_GMM_TV_SUCCESS < bottom->ymax)
            rc = plot_segment(bottom, bottom->xmin, GANSTAB_GMM_TV_SUCCESS, bottom->xmax,
                              GANSTAB_GMM_TV_SUCCESS, plot_palette[3], GANSTAB_PLOT_DASHED, 0.8,
                              "TV = 0.1 (success, Sec. 5)", err);
    }
    /* events: vertical lines with a note */
    for (size_t e = 0; rc == GANSTAB_OK && e < tr->n_events && e < 8; e++) {
        const ganstab_sim_event *ev = &tr->events[e];
        size_t k = (size_t)ev->step < N ? (size_t)ev->step : N - 1;
        double t = tr->t[k];
        char note[GANSTAB_PLOT_LABEL_MAX];
        if (ev->kind == GANSTAB_SIM_EVENT_DISC_COLLAPSE)
            plot_format(note, sizeof note, " interval %d collapses (step %ld)", ev->interval,
                        ev->step);
        else
            plot_format(note, sizeof note, " %s (step %ld)", ganstab_sim_event_name(ev->kind),
                        ev->step);
        rc = plot_segment(bottom, t, bottom->ymin, t, bottom->ymax,
                          (ganstab_plot_colour){120, 120, 120}, GANSTAB_PLOT_DOTTED, 0.8, "events",
                          err);
        double frac = 0.93 - 0.07 * (double)e;
        double ny = logy ? exp(log(bottom->ymin) + frac * (log(bottom->ymax) - log(bottom->ymin)))
                         : bottom->ymin + frac * (bottom->ymax - bottom->ymin);
        if (rc == GANSTAB_OK)
            rc = ganstab_plot_note_add(bottom, t, ny, -1, (ganstab_plot_colour){80, 80, 80}, note,
                                       err);
    }
    ganstab_trajectory_free(tr);
    return rc;
}

/* ---- density (model gmm, Li et al. 2018, Figure 3) ------------------------------------------ */

static double normal_pdf(double t)
{
    return exp(-0.5 * t * t) / sqrt(2.0 * PLOT_PI);
}

/* F(t) = p_mu*(t) - p_mu(t), the half weights kept (eq. (5)). */
double plot_gmm_difference(const double *mu_star, const double *mu, double t)
{
    return 0.5 * (normal_pdf(t - mu_star[0]) + normal_pdf(t - mu_star[1])) -
           0.5 * (normal_pdf(t - mu[0]) + normal_pdf(t - mu[1]));
}

/* One panel: F for generator mu with discriminator disc (l1, r1, l2, r2) shaded; the optimal
 * discriminator's intervals (opt, or NULL) as a bar on the zero line. */
static int density_panel(ganstab_plot_panel *p, const double *mu_star,
                         const ganstab_gmm_density_panel *g, const double *opt, size_t nopt,
                         ganstab_error *err)
{
    const double *mu = g->mu, *disc = g->disc;
    static const ganstab_plot_colour interval_colour[2] = {{31, 119, 180}, {255, 127, 14}};
    static const ganstab_plot_colour green = {44, 160, 44};
    int rc = GANSTAB_OK;
    for (int j = 0; j < 2 && rc == GANSTAB_OK; j++) {
        double l = disc[2 * j], r = disc[2 * j + 1];
        char label[GANSTAB_PLOT_LABEL_MAX];
        if (g->open[j]) {
            plot_format(label, sizeof label, "discriminator interval %d", j + 1);
            rc = plot_rect(p, fmax(l, p->xmin), p->ymin, fmin(r, p->xmax), p->ymax,
                           interval_colour[j], 0.22, label, err);
        } else {
            plot_format(label, sizeof label, "interval %d collapsed (length 0)", j + 1);
            rc = plot_segment(p, l, p->ymin, l, p->ymax, interval_colour[j], GANSTAB_PLOT_DASHED,
                              1.2, label, err);
        }
    }
    if (rc == GANSTAB_OK)
        rc = plot_segment(p, p->xmin, 0.0, p->xmax, 0.0, (ganstab_plot_colour){90, 90, 90},
                          GANSTAB_PLOT_SOLID, 0.6, NULL, err);
    double bar = 0.025 * (p->ymax - p->ymin);
    for (size_t k = 0; k < nopt && rc == GANSTAB_OK; k++)
        rc = plot_rect(p, fmax(opt[2 * k], p->xmin), -bar, fmin(opt[2 * k + 1], p->xmax), bar,
                       green, 0.9, "optimal discriminator {F > 0}", err);
    ganstab_plot_series *s =
        rc == GANSTAB_OK
            ? ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, GANSTAB_PLOT_DENSITY_POINTS, 0, err)
            : NULL;
    if (rc == GANSTAB_OK && s == NULL)
        rc = GANSTAB_ENOMEM;
    if (rc == GANSTAB_OK) {
        for (size_t i = 0; i < s->n; i++) {
            double t = p->xmin + (p->xmax - p->xmin) * (double)i / (double)(s->n - 1);
            s->x[i] = t;
            s->y[i] = plot_gmm_difference(mu_star, mu, t);
        }
        s->colour = (ganstab_plot_colour){0, 0, 0};
        s->width = 1.5;
        plot_format(s->label, sizeof s->label, "F = p_μ* − p_μ̂");
    }
    return rc;
}

int ganstab_plot_density(const ganstab_case *c, const ganstab_plot_options *o,
                         ganstab_plot_figure *fig, ganstab_error *err)
{
    if (c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "plot",
                                 "plot density: the density difference of Li et al. 2018 is a "
                                 "figure of model gmm (this case has model %s)",
                                 ganstab_model_name(c->model));
    ganstab_case run;
    ganstab_sim_options sim;
    ganstab_trajectory *tr = NULL;
    int rc = ganstab_plot_run(c, o, &run, &sim, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_simulate(&run, &sim, &tr, err);
    if (rc != GANSTAB_OK)
        return rc;
    const double *mu_star = c->gmm_mu_star;
    const double *x0 = tr->x, *xN = &tr->x[(tr->n_points - 1) * tr->n];
    /* (b) the optimal discriminator at the start, (c) the discriminator alone for as many
       first-order steps as the run has (the generator held: eta_g = 0) */
    ganstab_gmm_density g;
    rc = ganstab_gmm_density_compute(&run, sim.steps, x0, xN, &g, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_plot_figure_init(fig, 2, 2, 1000.0, 720.0, err);
    if (rc != GANSTAB_OK) {
        ganstab_trajectory_free(tr);
        return rc;
    }
    /* the t axis: every mean with 4 standard deviations either side */
    double lo = fmin(fmin(mu_star[0], mu_star[1]), fmin(fmin(x0[0], x0[1]), fmin(xN[0], xN[1])));
    double hi = fmax(fmax(mu_star[0], mu_star[1]), fmax(fmax(x0[0], x0[1]), fmax(xN[0], xN[1])));
    lo -= 4.0;
    hi += 4.0;
    double fmax_abs = 0.0;
    const double *mus[3] = {x0, x0, xN};
    for (int k = 0; k < 3; k++)
        for (size_t i = 0; i < GANSTAB_PLOT_DENSITY_POINTS; i++) {
            double t = lo + (hi - lo) * (double)i / (GANSTAB_PLOT_DENSITY_POINTS - 1);
            fmax_abs = fmax(fmax_abs, fabs(plot_gmm_difference(mu_star, mus[k], t)));
        }
    if (!(fmax_abs > 0.0))
        fmax_abs = 0.1;
    double opt[4];
    size_t nopt = 0;
    for (size_t k = 0; k < g.optimal.n_intervals && k < 2; k++) {
        opt[2 * nopt] = isfinite(g.optimal.left[k]) ? g.optimal.left[k] : lo - 1.0;
        opt[2 * nopt + 1] = isfinite(g.optimal.right[k]) ? g.optimal.right[k] : hi + 1.0;
        nopt++;
    }
    char what[160], mu_text[96], d_text[160], tvs[32];
    plot_run_text(what, sizeof what, &run, &sim);
    for (size_t k = 0; k < 4 && rc == GANSTAB_OK; k++) {
        ganstab_plot_panel *p = &fig->panels[k];
        p->xmin = lo;
        p->xmax = hi;
        p->ymin = -1.15 * fmax_abs;
        p->ymax = 1.15 * fmax_abs;
        p->legend = GANSTAB_PLOT_LEGEND_AUTO;
        plot_format(p->xlabel, sizeof p->xlabel, "sample t");
        plot_format(p->ylabel, sizeof p->ylabel, "density difference F(t)");
        const double *mu = g.panel[k].mu, *d = g.panel[k].disc;
        char n0[32], n1[32];
        plot_number(n0, sizeof n0, mu[0]);
        plot_number(n1, sizeof n1, mu[1]);
        plot_format(mu_text, sizeof mu_text, "μ̂ = (%s, %s)", n0, n1);
        char e[4][32];
        for (int j = 0; j < 4; j++)
            plot_number(e[j], sizeof e[j], d[j]);
        plot_format(d_text, sizeof d_text, "D = [%s, %s] ∪ [%s, %s]", e[0], e[1], e[2], e[3]);
        plot_number(tvs, sizeof tvs, g.panel[k].tv);
        switch (k) {
        case 0:
            plot_format(p->title, sizeof p->title, "(a) start: %s, %s, TV %s", mu_text, d_text,
                        tvs);
            break;
        case 1:
            plot_format(p->title, sizeof p->title,
                        "(b) the optimal discriminator {F > 0} for the start's generator: %s",
                        d_text);
            break;
        case 2:
            plot_format(p->title, sizeof p->title,
                        "(c) generator held at the start, %zu first-order discriminator steps: %s",
                        sim.steps, d_text);
            break;
        default:
            plot_format(p->title, sizeof p->title, "(d) after %s: %s, %s, TV %s", what, mu_text,
                        d_text, tvs);
            break;
        }
        if (rc == GANSTAB_OK)
            rc =
                density_panel(p, mu_star, &g.panel[k], k == 0 ? opt : NULL, k == 0 ? nopt : 0, err);
    }
    ganstab_trajectory_free(tr);
    return rc;
}

/* ---- heatmaps ------------------------------------------------------------------------------- */

int ganstab_plot_heatmap(const ganstab_plot_heatmap_data *d, ganstab_plot_figure *fig,
                         ganstab_error *err)
{
    if (d->nx == 0 || d->ny == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot", "a heatmap needs at least one cell");
    for (size_t i = 0; i + 1 < d->nx; i++)
        if (!(d->x[i] < d->x[i + 1]) || !isfinite(d->x[i]) || !isfinite(d->x[i + 1]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                     "heatmap: the x grid must be finite and increasing");
    for (size_t j = 0; j + 1 < d->ny; j++)
        if (!(d->y[j] < d->y[j + 1]) || !isfinite(d->y[j]) || !isfinite(d->y[j + 1]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                     "heatmap: the y grid must be finite and increasing");
    if (!isfinite(d->x[0]) || !isfinite(d->y[0]) || !(d->zmin < d->zmax) || !isfinite(d->zmin) ||
        !isfinite(d->zmax))
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "heatmap: bad grid or colour range [%g, %g]", d->zmin, d->zmax);
    int rc = ganstab_plot_figure_init(fig, 1, 1, 640.0, 560.0, err);
    ganstab_plot_panel *p = &fig->panels[0];
    if (rc == GANSTAB_OK)
        rc = ganstab_plot_image_alloc(p, d->nx, d->ny, err);
    if (rc != GANSTAB_OK)
        return rc;
    plot_cell_edges(d->x, d->nx, p->image.x_edges);
    plot_cell_edges(d->y, d->ny, p->image.y_edges);
    memcpy(p->image.z, d->z, d->nx * d->ny * sizeof *d->z);
    p->xmin = p->image.x_edges[0];
    p->xmax = p->image.x_edges[d->nx];
    p->ymin = p->image.y_edges[0];
    p->ymax = p->image.y_edges[d->ny];
    p->has_scale = 1;
    p->zmin = d->zmin;
    p->zmax = d->zmax;
    p->equal_aspect = 1;
    plot_format(p->title, sizeof p->title, "%s", d->title != NULL ? d->title : "");
    plot_format(p->xlabel, sizeof p->xlabel, "%s", d->xlabel != NULL ? d->xlabel : "");
    plot_format(p->ylabel, sizeof p->ylabel, "%s", d->ylabel != NULL ? d->ylabel : "");
    plot_format(p->zlabel, sizeof p->zlabel, "%s", d->zlabel != NULL ? d->zlabel : "");
    return GANSTAB_OK;
}

int ganstab_plot_gmm_heatmap(const ganstab_case *c, const ganstab_gmm_heatmap *m,
                             ganstab_plot_share share, ganstab_plot_figure *fig, ganstab_error *err)
{
    static const char *const share_text[3] = {"success share (final TV < 0.1, no mode collapse)",
                                              "discriminator-collapse share",
                                              "mode-collapse share"};
    const size_t *count = share == GANSTAB_PLOT_SHARE_DISC_COLLAPSE   ? m->disc_collapse
                          : share == GANSTAB_PLOT_SHARE_MODE_COLLAPSE ? m->mode_collapse_count
                                                                      : m->success;
    size_t g = m->grid;
    double *z = malloc(g * g * sizeof *z);
    if (z == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    /* x: mu1 (the table's rows, index i1), y: mu2 (columns, i2); z[j * nx + i] at (x[i], y[j]) */
    for (size_t i1 = 0; i1 < g; i1++)
        for (size_t i2 = 0; i2 < g; i2++)
            z[i2 * g + i1] = (double)count[i1 * g + i2] / (double)m->opt.inits;
    char title[GANSTAB_PLOT_TEXT_MAX], step[32], a[32], b[32];
    plot_number(step, sizeof step, m->opt.step);
    plot_number(a, sizeof a, m->mu_star[0]);
    plot_number(b, sizeof b, m->mu_star[1]);
    char dyn[48];
    if (m->opt.dynamics == GANSTAB_GMM_UNROLLED)
        snprintf(dyn, sizeof dyn, "unrolled (%u steps)", m->unroll);
    else
        snprintf(dyn, sizeof dyn, "%s", ganstab_gmm_dynamics_name(m->opt.dynamics));
    (void)c; /* the case gives mu* and the thresholds; its own title is about another run */
    plot_format(title, sizeof title,
                "GMM-GAN, %s dynamics, μ* = (%s, %s) (Li et al. 2018, Figure 2)\n%s over %zu "
                "random discriminator starts per cell, %zu steps of size %s, seed %llu",
                dyn, a, b, share_text[share], m->opt.inits, m->opt.iters, step,
                (unsigned long long)m->opt.seed);
    ganstab_plot_heatmap_data d = {title,
                                   "μ̂₁ (generator mean 1 at the start)",
                                   "μ̂₂ (generator mean 2 at the start)",
                                   share == GANSTAB_PLOT_SHARE_SUCCESS ? "success probability"
                                                                       : "share of runs",
                                   g,
                                   g,
                                   m->mu,
                                   m->mu,
                                   z,
                                   0.0,
                                   1.0};
    int rc = ganstab_plot_heatmap(&d, fig, err);
    free(z);
    return rc;
}

/* ---- dispatch ------------------------------------------------------------------------------- */

int ganstab_plot_case(const ganstab_case *c, const ganstab_result *r, ganstab_plot_kind kind,
                      const ganstab_plot_options *o, ganstab_plot_figure *fig, ganstab_error *err)
{
    switch (kind) {
    case GANSTAB_PLOT_EIGEN:
        if (r == NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, "plot", "eigen: no analysis result");
        return ganstab_plot_eigen(c, r, fig, err);
    case GANSTAB_PLOT_LOCUS:
        return ganstab_plot_locus(c, o, fig, err);
    case GANSTAB_PLOT_PHASE:
        return ganstab_plot_phase(c, o, fig, err);
    case GANSTAB_PLOT_TRAJECTORY:
        return ganstab_plot_trajectory(c, o, fig, err);
    case GANSTAB_PLOT_DENSITY:
        return ganstab_plot_density(c, o, fig, err);
    case GANSTAB_PLOT_MAP:
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "map: build it from a ganstab_stability_map "
                                 "(ganstab_plot_stability_map)");
    default:
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "heatmap: build it from a ganstab_gmm_heatmap "
                                 "(ganstab_plot_gmm_heatmap)");
    }
}

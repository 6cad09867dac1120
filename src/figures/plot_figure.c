/* The figure model of plot.h: panels of series as plain data, thinning of polylines to what a
 * page can show, the colour scale. No drawing here (plot_svg.c) and no model (plot_case.c). */
#include "ganstab/plot.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Default style of a new series: 1 pt lines (the width PLplot draws axes with), 5 pt markers
 * (visible beside 10 pt tick labels without hiding neighbours). */
#define PLOT_DEFAULT_WIDTH 1.0
#define PLOT_DEFAULT_MARKER 5.0

int ganstab_plot_figure_init(ganstab_plot_figure *fig, size_t rows, size_t cols, double width,
                             double height, ganstab_error *err)
{
    memset(fig, 0, sizeof *fig);
    if (rows == 0 || cols == 0 || rows * cols > GANSTAB_PLOT_MAX_PANELS)
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "a figure has 1..%d panels, got %zu x %zu",
                                 GANSTAB_PLOT_MAX_PANELS, rows, cols);
    if (!(width > 0.0) || !(height > 0.0) || !isfinite(width) || !isfinite(height))
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot", "page size %g x %g pt", width,
                                 height);
    fig->rows = rows;
    fig->cols = cols;
    fig->npanels = rows * cols;
    fig->width = width;
    fig->height = height;
    for (size_t i = 0; i < fig->npanels; i++) {
        ganstab_plot_panel *p = &fig->panels[i];
        p->xmin = p->ymin = 0.0;
        p->xmax = p->ymax = 1.0;
        p->zmin = 0.0;
        p->zmax = 1.0;
    }
    return GANSTAB_OK;
}

static void series_free(ganstab_plot_series *s)
{
    free(s->x);
    free(s->y);
    free(s->u);
    free(s->v);
    free(s->value);
}

void ganstab_plot_figure_free(ganstab_plot_figure *fig)
{
    if (fig == NULL)
        return;
    for (size_t i = 0; i < GANSTAB_PLOT_MAX_PANELS; i++) {
        ganstab_plot_panel *p = &fig->panels[i];
        for (size_t k = 0; k < p->nseries; k++)
            series_free(&p->series[k]);
        free(p->series);
        free(p->notes);
        free(p->image.x_edges);
        free(p->image.y_edges);
        free(p->image.z);
        memset(p, 0, sizeof *p);
    }
    fig->npanels = 0;
}

ganstab_plot_series *ganstab_plot_series_add(ganstab_plot_panel *p, ganstab_plot_series_kind kind,
                                             size_t n, int with_values, ganstab_error *err)
{
    if (p->nseries == p->cap_series) {
        size_t cap = p->cap_series == 0 ? 8 : 2 * p->cap_series;
        ganstab_plot_series *grown = realloc(p->series, cap * sizeof *grown);
        if (grown == NULL) {
            ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
            return NULL;
        }
        p->series = grown;
        p->cap_series = cap;
    }
    ganstab_plot_series *s = &p->series[p->nseries];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->opacity = 1.0;
    s->width = PLOT_DEFAULT_WIDTH;
    s->marker = GANSTAB_PLOT_MARK_CIRCLE;
    s->marker_size = PLOT_DEFAULT_MARKER;
    s->n = n;
    size_t m = n > 0 ? n : 1;
    s->x = calloc(m, sizeof *s->x);
    s->y = calloc(m, sizeof *s->y);
    int bad = s->x == NULL || s->y == NULL;
    if (kind == GANSTAB_PLOT_ARROWS) {
        s->u = calloc(m, sizeof *s->u);
        s->v = calloc(m, sizeof *s->v);
        bad = bad || s->u == NULL || s->v == NULL;
    }
    if (with_values) {
        s->value = calloc(m, sizeof *s->value);
        bad = bad || s->value == NULL;
    }
    if (bad) {
        series_free(s);
        ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
        return NULL;
    }
    p->nseries++;
    return s;
}

int ganstab_plot_note_add(ganstab_plot_panel *p, double x, double y, int align,
                          ganstab_plot_colour colour, const char *text, ganstab_error *err)
{
    if (p->nnotes == p->cap_notes) {
        size_t cap = p->cap_notes == 0 ? 8 : 2 * p->cap_notes;
        ganstab_plot_note *grown = realloc(p->notes, cap * sizeof *grown);
        if (grown == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
        p->notes = grown;
        p->cap_notes = cap;
    }
    ganstab_plot_note *n = &p->notes[p->nnotes++];
    n->x = x;
    n->y = y;
    n->align = align < 0 ? -1 : align > 0 ? 1 : 0;
    n->colour = colour;
    snprintf(n->text, sizeof n->text, "%s", text);
    return GANSTAB_OK;
}

int ganstab_plot_image_alloc(ganstab_plot_panel *p, size_t nx, size_t ny, ganstab_error *err)
{
    free(p->image.x_edges);
    free(p->image.y_edges);
    free(p->image.z);
    memset(&p->image, 0, sizeof p->image);
    p->has_image = 0;
    if (nx == 0 || ny == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot", "an image needs at least one cell");
    p->image.x_edges = calloc(nx + 1, sizeof *p->image.x_edges);
    p->image.y_edges = calloc(ny + 1, sizeof *p->image.y_edges);
    p->image.z = nx <= SIZE_MAX / ny ? calloc(nx * ny, sizeof *p->image.z) : NULL;
    if (p->image.x_edges == NULL || p->image.y_edges == NULL || p->image.z == NULL) {
        free(p->image.x_edges);
        free(p->image.y_edges);
        free(p->image.z);
        memset(&p->image, 0, sizeof p->image);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    }
    p->image.nx = nx;
    p->image.ny = ny;
    p->has_image = 1;
    return GANSTAB_OK;
}

/* Distance (scaled max-norm coordinates, Euclidean) of p from the segment a-b. */
static double segment_distance(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0.0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    return hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/* A thinned run may span at most this many original points: bounds the work per point (each
 * candidate is checked against the points since the last kept one). */
#define PLOT_THIN_MAX_RUN 512

size_t ganstab_plot_thin(const double *x, const double *y, size_t n, double sx, double sy,
                         double tol, unsigned char *keep)
{
    size_t kept = 0;
    size_t a = 0; /* the last kept point of the current finite run */
    int in_run = 0;
    for (size_t i = 0; i < n; i++) {
        int finite = isfinite(x[i]) && isfinite(y[i]);
        int next_finite = i + 1 < n && isfinite(x[i + 1]) && isfinite(y[i + 1]);
        int k;
        if (!finite || !in_run || !next_finite) {
            k = 1; /* a break, the start or the end of a run */
        } else if (i - a >= PLOT_THIN_MAX_RUN) {
            k = 1;
        } else {
            /* drop i if every point since a stays within tol of the segment a -> i + 1 */
            double ax = x[a] / sx, ay = y[a] / sy, bx = x[i + 1] / sx, by = y[i + 1] / sy;
            k = 0;
            for (size_t j = a + 1; j <= i && !k; j++)
                k = segment_distance(x[j] / sx, y[j] / sy, ax, ay, bx, by) > tol;
        }
        if (k && finite)
            a = i;
        in_run = finite;
        keep[i] = (unsigned char)k;
        kept += (size_t)k;
    }
    return kept;
}

/* viridis (matplotlib, CC0) sampled at 11 equally spaced points; linear in between. */
static const unsigned char SCALE[11][3] = {
    {68, 1, 84},    {72, 36, 117},  {65, 68, 135},  {53, 95, 141},  {42, 120, 142}, {33, 145, 140},
    {34, 168, 132}, {68, 190, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37}};

ganstab_plot_colour ganstab_plot_scale_colour(double t)
{
    if (isnan(t))
        return (ganstab_plot_colour){220, 220, 220};
    t = t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t;
    double pos = t * 10.0;
    size_t k = (size_t)floor(pos);
    if (k >= 10)
        k = 9;
    double f = pos - (double)k;
    ganstab_plot_colour c;
    unsigned char *out[3] = {&c.r, &c.g, &c.b};
    for (int j = 0; j < 3; j++) {
        double v = (1.0 - f) * SCALE[k][j] + f * SCALE[k + 1][j];
        *out[j] = (unsigned char)lround(v);
    }
    return c;
}

static const char *const KIND_NAMES[GANSTAB_PLOT_KIND_COUNT] = {
    "eigen", "locus", "phase", "trajectory", "density", "heatmap", "map"};

const char *ganstab_plot_kind_name(ganstab_plot_kind kind)
{
    return (int)kind >= 0 && kind < GANSTAB_PLOT_KIND_COUNT ? KIND_NAMES[kind] : "unknown";
}

int ganstab_plot_kind_parse(const char *name, ganstab_plot_kind *kind)
{
    for (int k = 0; k < GANSTAB_PLOT_KIND_COUNT; k++)
        if (strcmp(name, KIND_NAMES[k]) == 0) {
            *kind = (ganstab_plot_kind)k;
            return GANSTAB_OK;
        }
    return GANSTAB_EINVAL;
}

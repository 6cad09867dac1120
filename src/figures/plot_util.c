/* The building blocks of the figure builders (plot_internal.h): the palette, symbols and number
 * texts of titles and labels, thinned lines, segments, rectangles and markers on a panel, grid
 * cell edges. They fill ganstab_plot_figure data (plot_figure.c) and call nothing else of ganstab
 * but the error and thinning helpers. */
#include "ganstab/plot.h"

#include "plot_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const ganstab_plot_colour plot_palette[PLOT_PALETTE_SIZE] = {
    {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
    {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};

const char *plot_symbol(const char *name)
{
    static const struct {
        const char *name, *symbol;
    } table[] = {{"theta", "θ"},
                 {"psi", "ψ"},
                 {"a", "a"},
                 {"w2", "w₂"},
                 {"mu1", "μ̂₁"},
                 {"mu2", "μ̂₂"},
                 {"l1", "l₁"},
                 {"r1", "r₁"},
                 {"l2", "l₂"},
                 {"r2", "r₂"},
                 {"regularizer.gamma", "γ"},
                 {"regularizer.sigma", "σ"},
                 {"regularizer.eta", "η"},
                 {"regularizer.g0", "g₀"},
                 {"update.h", "h"},
                 {"update.hg", "h_g"},
                 {"update.hd", "h_d"},
                 {"update.ng", "n_g"},
                 {"update.nd", "n_d"}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0)
            return table[i].symbol;
    if (strncmp(name, "params.", 7) == 0) /* a [params] entry of model expr: its own name */
        return name + 7;
    return name;
}

void plot_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

void plot_number(char *buf, size_t size, double x)
{
    if (isinf(x)) {
        snprintf(buf, size, "%s∞", x < 0 ? "−" : "");
        return;
    }
    if (x == 0.0)
        x = 0.0; /* no "-0" */
    snprintf(buf, size, "%.4g", x);
}

int plot_thin_series(ganstab_plot_series *s, double sx, double sy, ganstab_error *err)
{
    if (s->n < 3)
        return GANSTAB_OK;
    unsigned char *keep = malloc(s->n);
    if (keep == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    ganstab_plot_thin(s->x, s->y, s->n, sx, sy, GANSTAB_PLOT_RESOLUTION, keep);
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++)
        if (keep[i]) {
            s->x[m] = s->x[i];
            s->y[m] = s->y[i];
            if (s->value != NULL)
                s->value[m] = s->value[i];
            m++;
        }
    s->n = m;
    free(keep);
    return GANSTAB_OK;
}

int plot_line(ganstab_plot_panel *p, const double *x, size_t xstride, const double *y,
              size_t ystride, size_t n, ganstab_plot_colour colour, ganstab_plot_dash dash,
              double width, const char *label, ganstab_error *err)
{
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, n, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        s->x[i] = x[i * xstride];
        s->y[i] = y[i * ystride];
    }
    s->colour = colour;
    s->dash = dash;
    s->width = width;
    plot_format(s->label, sizeof s->label, "%s", label != NULL ? label : "");
    return plot_thin_series(s, p->xmax - p->xmin, p->ymax - p->ymin, err);
}

int plot_segment(ganstab_plot_panel *p, double x0, double y0, double x1, double y1,
                 ganstab_plot_colour colour, ganstab_plot_dash dash, double width,
                 const char *label, ganstab_error *err)
{
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, 2, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    s->x[0] = x0;
    s->y[0] = y0;
    s->x[1] = x1;
    s->y[1] = y1;
    s->colour = colour;
    s->dash = dash;
    s->width = width;
    plot_format(s->label, sizeof s->label, "%s", label != NULL ? label : "");
    return GANSTAB_OK;
}

int plot_rect(ganstab_plot_panel *p, double x0, double y0, double x1, double y1,
              ganstab_plot_colour colour, double opacity, const char *label, ganstab_error *err)
{
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_FILL, 4, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    double xs[4] = {x0, x1, x1, x0}, ys[4] = {y0, y0, y1, y1};
    memcpy(s->x, xs, sizeof xs);
    memcpy(s->y, ys, sizeof ys);
    s->colour = colour;
    s->opacity = opacity;
    plot_format(s->label, sizeof s->label, "%s", label != NULL ? label : "");
    return GANSTAB_OK;
}

int plot_marker(ganstab_plot_panel *p, double x, double y, ganstab_plot_marker m, double size,
                ganstab_plot_colour colour, const char *label, ganstab_error *err)
{
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_POINTS, 1, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    s->x[0] = x;
    s->y[0] = y;
    s->marker = m;
    s->marker_size = size;
    s->colour = colour;
    plot_format(s->label, sizeof s->label, "%s", label != NULL ? label : "");
    return GANSTAB_OK;
}

void plot_cell_edges(const double *x, size_t n, double *e)
{
    if (n == 1) {
        e[0] = x[0] - 0.5;
        e[1] = x[0] + 0.5;
        return;
    }
    e[0] = x[0] - 0.5 * (x[1] - x[0]);
    for (size_t i = 1; i < n; i++)
        e[i] = 0.5 * (x[i - 1] + x[i]);
    e[n] = x[n - 1] + 0.5 * (x[n - 1] - x[n - 2]);
}

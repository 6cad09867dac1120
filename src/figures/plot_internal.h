/* What the figure builders of src/figures/plot_*.c share (not part of the public API). */
#ifndef GANSTAB_PLOT_INTERNAL_H
#define GANSTAB_PLOT_INTERNAL_H

#include <stddef.h>

#include "ganstab/plot.h"

#define PLOT_PI 3.14159265358979323846
#define PLOT_PALETTE_SIZE 10

/* Ten distinguishable colours (matplotlib's tab10), for series in order. */
extern const ganstab_plot_colour plot_palette[PLOT_PALETTE_SIZE];

/* The symbol a reader knows: "theta" -> "θ", "regularizer.gamma" -> "γ"; else the name. */
const char *plot_symbol(const char *name);
/* snprintf for titles and labels: text that does not fit is cut (titles are wrapped and shown
 * whole up to GANSTAB_PLOT_TEXT_MAX bytes). */
void plot_format(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A number for a title or label: %.4g, no "-0". */
void plot_number(char *buf, size_t size, double x);
/* Thin a line series in place to what the page can show (ganstab_plot_thin, scales sx, sy). */
int plot_thin_series(ganstab_plot_series *s, double sx, double sy, ganstab_error *err);
/* A line through (x[i * xstride], y[i * ystride]), i < n, thinned to the panel's window (set the
 * window first). */
int plot_line(ganstab_plot_panel *p, const double *x, size_t xstride, const double *y,
              size_t ystride, size_t n, ganstab_plot_colour colour, ganstab_plot_dash dash,
              double width, const char *label, ganstab_error *err);
int plot_segment(ganstab_plot_panel *p, double x0, double y0, double x1, double y1,
                 ganstab_plot_colour colour, ganstab_plot_dash dash, double width,
                 const char *label, ganstab_error *err);
int plot_rect(ganstab_plot_panel *p, double x0, double y0, double x1, double y1,
              ganstab_plot_colour colour, double opacity, const char *label, ganstab_error *err);
int plot_marker(ganstab_plot_panel *p, double x, double y, ganstab_plot_marker m, double size,
                ganstab_plot_colour colour, const char *label, ganstab_error *err);
/* Edges of the cells around grid points x[0..n) (increasing): half way between neighbours, the
 * outer ones as far out as the neighbouring half; a single point gets a unit cell. e: n + 1. */
void plot_cell_edges(const double *x, size_t n, double *e);
/* "simgd, h = 0.1, 500 steps", "gradient flow to t = 50". */
void plot_run_text(char *buf, size_t size, const ganstab_case *run, const ganstab_sim_options *sim);
/* "(θ, ψ) = (1, 1)": point k of the trajectory. */
void plot_state_text(char *buf, size_t size, const ganstab_trajectory *tr, size_t k);
/* F(t) = p_mu*(t) - p_mu(t) of the GMM-GAN (Li et al. 2018, eq. (5), half weights). */
double plot_gmm_difference(const double *mu_star, const double *mu, double t);

#endif

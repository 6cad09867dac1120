/* Figures of a case: the pictures a researcher draws by hand — eigenvalues in the complex plane,
 * eigenvalue loci over a parameter, phase portraits, time series, the GMM-GAN's density difference,
 * heatmaps and two-parameter stability maps — built as data (a ganstab_plot_figure of panels and
 * series) by one function per kind, and drawn by one renderer with PLplot's SVG driver into memory.
 *
 * Ownership: a figure owns its series' arrays; ganstab_plot_figure_free releases them (the struct
 * itself is the caller's). ganstab_plot_render_svg returns a malloc'ed buffer the caller frees.
 * The builders never print; the renderer captures PLplot's error messages into the error record.
 * Not thread-safe: PLplot keeps global state, so render one figure at a time.
 *
 * Determinism: the SVG bytes depend only on the figure (no dates, no pointers, fixed fonts and
 * number formats; PLplot's output is post-processed into a compact, fixed layout), and the
 * builders depend only on the case and the options. */
#ifndef GANSTAB_PLOT_H
#define GANSTAB_PLOT_H

#include <stddef.h>

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/error.h"
#include "ganstab/gmm_heatmap.h"
#include "ganstab/simulate.h"
#include "ganstab/study.h"

#define GANSTAB_PLOT_TEXT_MAX 256
#define GANSTAB_PLOT_LABEL_MAX 96
#define GANSTAB_PLOT_MAX_PANELS 4
/* Longest legend: more entries than this are drawn without a legend line (series still drawn). */
#define GANSTAB_PLOT_LEGEND_MAX 12

typedef struct {
    unsigned char r, g, b;
} ganstab_plot_colour;

typedef enum { GANSTAB_PLOT_SOLID = 0, GANSTAB_PLOT_DASHED, GANSTAB_PLOT_DOTTED } ganstab_plot_dash;

typedef enum {
    GANSTAB_PLOT_MARK_NONE = 0,
    GANSTAB_PLOT_MARK_CIRCLE,
    GANSTAB_PLOT_MARK_SQUARE,
    GANSTAB_PLOT_MARK_DIAMOND,
    GANSTAB_PLOT_MARK_TRIANGLE,
    GANSTAB_PLOT_MARK_CROSS /* an x, not filled */
} ganstab_plot_marker;

typedef enum {
    /* a polyline through (x[i], y[i]); a non-finite coordinate breaks it into pieces */
    GANSTAB_PLOT_LINE = 0,
    /* a marker at every finite (x[i], y[i]); with `value` each is filled with the panel's colour
       scale at value[i] */
    GANSTAB_PLOT_POINTS,
    /* an arrow from (x[i], y[i]) to (x[i] + u[i], y[i] + v[i]) */
    GANSTAB_PLOT_ARROWS,
    /* the closed polygon (x[0..n), y[0..n)) filled with the colour at `opacity` */
    GANSTAB_PLOT_FILL
} ganstab_plot_series_kind;

typedef struct {
    ganstab_plot_series_kind kind;
    char label[GANSTAB_PLOT_LABEL_MAX]; /* the legend entry; "" for none */
    ganstab_plot_colour colour;
    double opacity;             /* FILL: 0..1 */
    ganstab_plot_dash dash;     /* LINE */
    double width;               /* LINE, ARROWS, marker outlines: line width in pt */
    ganstab_plot_marker marker; /* POINTS */
    double marker_size;         /* POINTS: marker diameter in pt */
    int arrowhead;              /* LINE: an arrowhead half way along, pointing forward */
    size_t n;
    double *x, *y; /* n each, owned */
    double *u, *v; /* ARROWS: n each, owned; NULL otherwise */
    double *value; /* POINTS with a colour scale: n, owned; NULL otherwise */
} ganstab_plot_series;

/* Text placed at data coordinates (x, y); align -1 left, 0 centred, +1 right. */
typedef struct {
    double x, y;
    int align;
    ganstab_plot_colour colour;
    char text[GANSTAB_PLOT_LABEL_MAX];
} ganstab_plot_note;

typedef enum {
    GANSTAB_PLOT_LEGEND_NONE = 0,
    GANSTAB_PLOT_LEGEND_TOP_RIGHT,
    GANSTAB_PLOT_LEGEND_TOP_LEFT,
    GANSTAB_PLOT_LEGEND_BOTTOM_RIGHT,
    GANSTAB_PLOT_LEGEND_BOTTOM_LEFT,
    GANSTAB_PLOT_LEGEND_OUTSIDE, /* to the right of the axes */
    GANSTAB_PLOT_LEGEND_AUTO     /* the inside corner that hides the fewest points */
} ganstab_plot_legend;

/* A matrix on a grid: cell (i, j) covers [x_edges[i], x_edges[i+1]] x [y_edges[j], y_edges[j+1]]
 * and has the value z[j * nx + i] (NaN: no data, left blank). Drawn with the panel's colour
 * scale, colour by colour: the cells of one colour as a few rectangles in one SVG path (a 41 x 41
 * heatmap is a few dozen elements, not 1681 polygons). */
typedef struct {
    size_t nx, ny;
    double *x_edges, *y_edges; /* nx + 1, ny + 1, increasing; owned */
    double *z;                 /* nx * ny, owned */
} ganstab_plot_image;

typedef struct {
    char title[GANSTAB_PLOT_TEXT_MAX]; /* wrapped to the axes' width; '\n' forces a break */
    char xlabel[GANSTAB_PLOT_LABEL_MAX], ylabel[GANSTAB_PLOT_LABEL_MAX];
    double xmin, xmax, ymin, ymax; /* the window (data coordinates; for a log axis, the data
                                      range itself, > 0) */
    int xlog, ylog;                /* logarithmic axis */
    int equal_aspect;              /* one unit is as long on x as on y (circles look round) */
    ganstab_plot_legend legend;
    /* colour scale of POINTS with values and of the image, with a colour bar beside the axes */
    int has_scale;
    double zmin, zmax; /* zmin < zmax */
    char zlabel[GANSTAB_PLOT_LABEL_MAX];
    int has_image;
    ganstab_plot_image image;
    size_t nseries, cap_series;
    ganstab_plot_series *series; /* drawn in order: later on top */
    size_t nnotes, cap_notes;
    ganstab_plot_note *notes;
} ganstab_plot_panel;

typedef struct {
    double width, height; /* the page in pt */
    size_t rows, cols;    /* panels are laid out row by row */
    size_t npanels;
    ganstab_plot_panel panels[GANSTAB_PLOT_MAX_PANELS];
} ganstab_plot_figure;

/* ---- the figure model ---------------------------------------------------------------------- */

/* An empty figure of rows x cols panels (rows * cols <= GANSTAB_PLOT_MAX_PANELS) on a page of
 * width x height pt. Panels start with a unit window, no labels, no series. */
int ganstab_plot_figure_init(ganstab_plot_figure *fig, size_t rows, size_t cols, double width,
                             double height, ganstab_error *err);
void ganstab_plot_figure_free(ganstab_plot_figure *fig); /* the contents; accepts a zeroed fig */

/* A new series of n points on the panel: arrays allocated (zeroed), style defaults (black, solid,
 * width 1, circle markers of 5 pt, opacity 1); ARROWS get u and v, `with_values` gets value.
 * NULL and err set (GANSTAB_ENOMEM) on failure. The pointer is valid until the next add. */
ganstab_plot_series *ganstab_plot_series_add(ganstab_plot_panel *p, ganstab_plot_series_kind kind,
                                             size_t n, int with_values, ganstab_error *err);
int ganstab_plot_note_add(ganstab_plot_panel *p, double x, double y, int align,
                          ganstab_plot_colour colour, const char *text, ganstab_error *err);
/* Give the panel an nx x ny image (edges and values zeroed). */
int ganstab_plot_image_alloc(ganstab_plot_panel *p, size_t nx, size_t ny, ganstab_error *err);

/* The points of a polyline a reader can tell apart: keep[i] = 1 for the first and the last point
 * of every finite run and for every non-finite point (a break), and for as few others as keep
 * every dropped point within `tol` of the segment between its kept neighbours (coordinates scaled
 * by 1/sx, 1/sy, e.g. the window's width and height); 0 for the others. Returns the number kept.
 * Greedy: a point is dropped while all points since the last kept one stay within tol of the
 * segment from that one to the next point (runs of at most 512 points). sx, sy, tol > 0. */
size_t ganstab_plot_thin(const double *x, const double *y, size_t n, double sx, double sy,
                         double tol, unsigned char *keep);
/* A fraction of the window below which a line's deviation cannot be seen: 1/2000 of an axis of at
 * most ~700 pt is 0.35 pt, below a line's width. */
#define GANSTAB_PLOT_RESOLUTION (1.0 / 2000.0)

/* The colour scale (perceptually uniform, dark violet -> blue -> green -> yellow, after
 * matplotlib's viridis) at t in [0, 1] (clamped; NaN gives light grey). */
ganstab_plot_colour ganstab_plot_scale_colour(double t);

/* ---- rendering ----------------------------------------------------------------------------- */

/* Draw the figure with PLplot's SVG driver into memory and compact the result (one element per
 * line, runs of polylines of one style merged into a path). *svg (malloc'ed, NUL-terminated) and
 * *len on success. GANSTAB_EINVAL for an invalid figure (a window that is empty or not finite, a
 * log axis over non-positive values), GANSTAB_EIO when PLplot fails (its message in err),
 * GANSTAB_ENOMEM. */
int ganstab_plot_render_svg(const ganstab_plot_figure *fig, char **svg, size_t *len,
                            ganstab_error *err);

/* ---- the figures of a case ----------------------------------------------------------------- */

typedef enum {
    GANSTAB_PLOT_EIGEN = 0,  /* the deciding eigenvalues in the complex plane, with the boundary */
    GANSTAB_PLOT_LOCUS,      /* eigenvalue loci over a parameter, critical values marked */
    GANSTAB_PLOT_PHASE,      /* vector field, streamlines and the simulated run (2-D states) */
    GANSTAB_PLOT_TRAJECTORY, /* the run's state and distance (gmm: TV distance) over time */
    GANSTAB_PLOT_DENSITY,    /* gmm: p_mu* - p_mu_hat with the discriminator shaded (Li Fig. 3) */
    GANSTAB_PLOT_HEATMAP,    /* a matrix on a grid with a colour bar (Li Fig. 2) */
    GANSTAB_PLOT_MAP         /* a [map] study: spectral radius/abscissa over two parameters, the
                                located boundary and the claims' closed forms */
} ganstab_plot_kind;
#define GANSTAB_PLOT_KIND_COUNT 7

/* "eigen", "locus", "phase", "trajectory", "density", "heatmap", "map" (static storage). */
const char *ganstab_plot_kind_name(ganstab_plot_kind kind);
/* The inverse; GANSTAB_EINVAL for any other name. */
int ganstab_plot_kind_parse(const char *name, ganstab_plot_kind *kind);

/* Samples of a locus: the parameter at LOCUS_POINTS equally spaced values (ends included). */
#define GANSTAB_PLOT_LOCUS_POINTS 401
/* Of those, every LOCUS_DOT_EVERY-th also gets a dot coloured by the parameter value. */
#define GANSTAB_PLOT_LOCUS_DOT_EVERY 20
/* The horizon of a run without [simulate] section or --steps/--t-end: this much time (steps of h
 * for simgd/altgd, updates for ttur); a flow gets GANSTAB_PLOT_FLOW_POINTS output points. */
#define GANSTAB_PLOT_DEFAULT_T 50.0
#define GANSTAB_PLOT_FLOW_POINTS 1000
/* ... and at most this many discrete steps (h = 1e-4 would otherwise ask for 5e5). */
#define GANSTAB_PLOT_DEFAULT_STEPS_MAX 100000
/* The phase portrait's default window: x* +- this times the run's largest start offset, widened
 * to hold the whole run (1.1 times its reach) up to 4 times that offset. */
#define GANSTAB_PLOT_PHASE_MARGIN 1.5
/* Phase portrait: arrows on an ARROWS x ARROWS grid; streamlines on a STREAM x STREAM occupancy
 * grid (a streamline stops where it enters a cell another one crosses: evenly spaced lines, as
 * matplotlib's streamplot at density 1). */
#define GANSTAB_PLOT_PHASE_ARROWS 17
#define GANSTAB_PLOT_PHASE_STREAM 24
/* Density plot: samples of F on the t axis. */
#define GANSTAB_PLOT_DENSITY_POINTS 801

/* What a case's figure shows beyond the case itself (the CLI's options; zero = the defaults). */
typedef struct {
    /* the run (phase, trajectory, density): --steps, --init, --t-end; else the case's [simulate]
       section; else the defaults above (start x* + 1) */
    int has_steps;
    size_t steps;
    int has_init;
    size_t n_init;
    double init[GANSTAB_SIM_MAX_DIM];
    int has_t_end;
    double t_end;
    /* locus: --param/--from/--to (else the case's [critical] section), --scan, --tol */
    int has_param;
    ganstab_case_key param;
    double from, to;
    size_t scan; /* 0: the case's critical.scan or GANSTAB_CROSSING_DEFAULT_SCAN */
    double tol;  /* classification tolerance (GANSTAB_DEFAULT_TOL if 0) */
} ganstab_plot_options;

/* The eigenvalues that decide r's verdict (transversal ones with an equilibrium manifold, the
 * others shown apart) in the complex plane with the imaginary axis (flow) or the unit circle
 * (maps), the verdict and the spectral abscissa/radius in the title. GANSTAB_EINVAL when r is
 * not-stationary (no eigenvalue decides). */
int ganstab_plot_eigen(const ganstab_case *c, const ganstab_result *r, ganstab_plot_figure *fig,
                       ganstab_error *err);
/* Two panels: the deciding eigenvalues at GANSTAB_PLOT_LOCUS_POINTS values of the parameter in
 * the complex plane (tracks, dots coloured by the parameter, the boundary), and their real parts
 * (flow) or moduli (maps) over the parameter; every crossing (ganstab_analysis_crossings) is
 * marked in both. */
int ganstab_plot_locus(const ganstab_case *c, const ganstab_plot_options *o,
                       ganstab_plot_figure *fig, ganstab_error *err);
/* The plane of the two state components (plot.axes, default the state order) in plot.window
 * (default x* +- GANSTAB_PLOT_PHASE_MARGIN * the start's offset): arrows of the (regularized)
 * field v, streamlines of x' = v(x) with arrowheads, the simulated run of the case's scheme with
 * its start marked, x*, and the clipped region (regularizer.clip) shaded. Two-dimensional states
 * only (GANSTAB_EINVAL otherwise). */
int ganstab_plot_phase(const ganstab_case *c, const ganstab_plot_options *o,
                       ganstab_plot_figure *fig, ganstab_error *err);
/* Two panels over time: the state components (gmm: the means solid, the discriminator's ends
 * dotted, Li et al. 2018, Figure 1) and the distance to x* (gmm: and the TV distance), events
 * marked. */
int ganstab_plot_trajectory(const ganstab_case *c, const ganstab_plot_options *o,
                            ganstab_plot_figure *fig, ganstab_error *err);
/* Model gmm: F = p_mu* - p_mu_hat with the discriminator intervals shaded (Li et al. 2018,
 * Figure 3): (a) the start, with the optimal discriminator {F > 0} (b) marked; (c) the start's
 * generator held fixed while the discriminator takes the run's number of first-order steps;
 * (d) the end of the run. GANSTAB_EINVAL for other models. */
int ganstab_plot_density(const ganstab_case *c, const ganstab_plot_options *o,
                         ganstab_plot_figure *fig, ganstab_error *err);

/* A generic heatmap: z (ny rows of nx values, z[j * nx + i] at (x[i], y[j])) on the grid points
 * x[0..nx), y[0..ny) (increasing; each cell spans half way to its neighbours), the colour scale
 * over [zmin, zmax] with a colour bar labelled zlabel. nx, ny >= 1; a single point per axis gets
 * a unit cell. */
typedef struct {
    const char *title, *xlabel, *ylabel, *zlabel;
    size_t nx, ny;
    const double *x, *y, *z;
    double zmin, zmax;
} ganstab_plot_heatmap_data;
int ganstab_plot_heatmap(const ganstab_plot_heatmap_data *d, ganstab_plot_figure *fig,
                         ganstab_error *err);

/* Which share of a GMM-GAN heatmap to draw. */
typedef enum {
    GANSTAB_PLOT_SHARE_SUCCESS = 0,
    GANSTAB_PLOT_SHARE_DISC_COLLAPSE,
    GANSTAB_PLOT_SHARE_MODE_COLLAPSE
} ganstab_plot_share;
/* Li et al. 2018, Figure 2: the share of the heatmap's runs over its grid of generator starts
 * (x: mu_hat_1, y: mu_hat_2; cell (i1, i2) of the map at (mu[i1], mu[i2])), colour bar 0..1; the
 * title states the dynamics, mu*, starts, steps, step size and seed (the case's own title, about
 * another run, is not used). */
int ganstab_plot_gmm_heatmap(const ganstab_case *c, const ganstab_gmm_heatmap *m,
                             ganstab_plot_share share, ganstab_plot_figure *fig,
                             ganstab_error *err);

/* Stability map: the colour scale of the spectral radius runs over [0, RADIUS_MAX] (rho = 1, the
 * boundary, in its middle; larger radii take the top colour); a flow's spectral abscissa over
 * [-A, A], A the largest |max Re lambda| of the grid. */
#define GANSTAB_PLOT_MAP_RADIUS_MAX 2.0
/* Stability map: the claims' closed-form boundaries are evaluated on this many lines of a
 * continuous parameter (an integer parameter: on its values), equally spaced, ends included. */
#define GANSTAB_PLOT_MAP_LINES 401

/* The figure of a two-parameter stability map m of case c (ganstab_study_map; x: m->x, y: m->y,
 * each labelled with its parameter's symbol and name): every grid point's spectral radius (maps)
 * or spectral abscissa (flows) as an image with a colour bar (blank where x* is not stationary),
 * the located boundary points (where the verdict changes: black dots; stability crossings that
 * keep it: grey dots; a complex pair turning real: magenta diamonds) and the curves study.c
 * chained them into, and the closed-form boundary of every claim
 * that predicts one for the varied parameter (ganstab_claims_check_critical on
 * GANSTAB_PLOT_MAP_LINES lines of the fixed one, the case's own [critical] expectations left
 * out): dashed red (stability) or cyan (complex to real) lines, crosses on the values of an
 * integer parameter. Each claim is drawn along the rows (x varies) or the columns (y varies),
 * whichever gives it more values. */
int ganstab_plot_stability_map(const ganstab_case *c, const ganstab_stability_map *m,
                               ganstab_plot_figure *fig, ganstab_error *err);

/* The figure of `kind` for a case: dispatches to the builders above (r is needed by eigen only;
 * heatmap and map are not built here: they need a ganstab_gmm_heatmap or a
 * ganstab_stability_map). */
int ganstab_plot_case(const ganstab_case *c, const ganstab_result *r, ganstab_plot_kind kind,
                      const ganstab_plot_options *o, ganstab_plot_figure *fig, ganstab_error *err);

/* The run a phase/trajectory/density figure shows (the resolution of the defaults above, exposed
 * so that tests and reports can state it): the case with the run's scheme, and its options. */
int ganstab_plot_run(const ganstab_case *c, const ganstab_plot_options *o, ganstab_case *run,
                     ganstab_sim_options *sim, ganstab_error *err);

#endif

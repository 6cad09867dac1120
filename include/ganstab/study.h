/* Parameter studies of one case: a sweep of one parameter (the deciding spectrum, verdict and
 * convergence rate at each value, and the crossings between them), a two-parameter stability map
 * (a verdict per grid point, and the region's boundary located by the crossing solver along every
 * grid row and column and chained into curves), and the parameter value that converges fastest.
 *
 * Ownership: ganstab_study_sweep / _map / _optimize allocate their results; the matching *_free
 * releases all of it (and accepts NULL). Results do not depend on the number of threads: every
 * grid point, row and column is computed independently into its own slot, and everything that
 * combines them runs afterwards in a fixed order. */
#ifndef GANSTAB_STUDY_H
#define GANSTAB_STUDY_H

#include <stddef.h>

#include "ganstab/analysis.h"
#include "ganstab/axis.h"
#include "ganstab/case.h"
#include "ganstab/classify.h"
#include "ganstab/critical.h"
#include "ganstab/eigen.h"
#include "ganstab/error.h"

/* Most sweep steps (values - 1): a table of a million rows is already far more than a reader or a
 * plot needs; the crossings between the values are located exactly anyway. */
#define GANSTAB_STUDY_MAX_STEPS 1000000
/* Grid points per map axis: 2 (the ends) .. 1001 (a million cells; each row and column also runs a
 * crossing search). */
#define GANSTAB_MAP_AXIS_MIN 2
#define GANSTAB_MAP_AXIS_MAX 1001
/* Scan intervals of each row's and column's crossing search (at least; rounded up to a multiple
 * of the axis's grid intervals so that every grid point is a scan point): the boundary points
 * themselves are located to GANSTAB_CROSSING_REL_WIDTH by Brent, the scan only has to separate
 * them (two crossings closer than a scan interval are still found by critical.c's dip search). */
#define GANSTAB_MAP_DEFAULT_SCAN 200
/* OpenMP threads: 0 = all cores (omp_get_max_threads), at most this many. */
#define GANSTAB_STUDY_THREADS_MAX 1024

typedef struct {
    double tol;       /* classification tolerance (GANSTAB_DEFAULT_TOL) */
    size_t scan;      /* crossing scan intervals (sweep: on the range; map: per row/column; 0 =
                         default) or optimize's dense scan points (0 = default) */
    unsigned threads; /* 0: all cores; at most GANSTAB_STUDY_THREADS_MAX */
} ganstab_study_options;

void ganstab_study_options_init(ganstab_study_options *opt);

/* The convergence rate of a deciding spectrum: -max Re lambda (flow, per unit time) or
 * -log(spectral radius) (map, per step; +inf for a nilpotent operator). Positive iff stable up to
 * the tolerance. */
double ganstab_study_rate(ganstab_dynamics dyn, double spectral_abscissa, double spectral_radius);

/* ---- sweep ------------------------------------------------------------------------------ */

typedef struct {
    double value;
    double residual; /* |v(x*)| */
    ganstab_verdict verdict;
    size_t decisive;          /* index of the eigenvalue with the largest margin */
    double spectral_abscissa; /* max Re of J's deciding eigenvalues (flows; NAN for maps and if
                                 not stationary) */
    double spectral_radius;   /* max |.| (maps; NAN for flows and if not stationary) */
    double rate;              /* ganstab_study_rate (NAN if not stationary) */
    ganstab_eigenvalue *eigenvalues; /* n_eigen, into the table's storage; NULL if not stationary */
} ganstab_sweep_point;

typedef struct {
    ganstab_axis axis;
    ganstab_dynamics dynamics;
    double tol;
    size_t scan; /* the crossing search's scan intervals */
    size_t n_eigen, npoints;
    ganstab_sweep_point *points;
    ganstab_crossing *crossings; /* in (from, to), as `critical` finds them; none for an integer
                                    parameter */
    size_t ncross;
    ganstab_interval *gaps; /* parameter ranges where x* is not stationary (continuous only) */
    size_t ngaps;
    ganstab_eigenvalue *storage;
} ganstab_sweep_table;

int ganstab_study_sweep(const ganstab_case *c, const ganstab_axis *axis,
                        const ganstab_study_options *opt, ganstab_sweep_table **out,
                        ganstab_error *err);
void ganstab_sweep_table_free(ganstab_sweep_table *t);

/* ---- two-parameter stability map ------------------------------------------------------- */

typedef struct {
    ganstab_verdict verdict;
    double residual;
    double measure; /* spectral radius (maps) or spectral abscissa (flows); NAN if not stationary */
    double rate;
    size_t ncomplex; /* complex eigenvalues of the deciding spectrum */
} ganstab_map_cell;

/* A boundary point: a crossing located along one grid line. */
typedef struct {
    double x, y;
    int along; /* 0: on row `line` (y = y[line] exact, x located), 1: on column `line` */
    size_t line;
    ganstab_crossing crossing; /* value = the located coordinate; kind, type, before/after */
    long curve;                /* index into curves, -1 if on none */
} ganstab_map_point;

/* A polyline through boundary points (both axes continuous): consecutive points are joined inside
 * one grid cell, where the crossings on the cell's edges pair up (marching squares on the
 * verdicts (stability) or on the number of complex eigenvalues (oscillation)). Stability curves
 * join only points where the verdict changes (the region's boundary). */
typedef struct {
    ganstab_crossing_kind kind;
    int closed; /* the last point joins the first */
    size_t npoints;
    size_t *points; /* indices into the map's points, into curve_storage */
} ganstab_map_curve;

/* Where x* is not stationary on one grid line. */
typedef struct {
    int along;
    size_t line;
    double lo, hi;
} ganstab_map_gap;

typedef struct {
    ganstab_axis x, y;
    ganstab_dynamics dynamics;
    double tol;
    size_t scan_x, scan_y;   /* scan intervals of the row (x) and column (y) searches; 0 if none */
    ganstab_map_cell *cells; /* y.count rows of x.count: cells[j * x.count + i] at (x_i, y_j) */
    size_t verdict_count[4]; /* cells per ganstab_verdict */
    ganstab_map_point *points; /* rows (j ascending) first, then columns; sorted along each line */
    size_t npoints;
    ganstab_map_curve *curves;
    size_t ncurves;
    size_t *curve_storage;
    ganstab_map_gap *gaps;
    size_t ngaps;
} ganstab_stability_map;

int ganstab_study_map(const ganstab_case *c, const ganstab_axis *x, const ganstab_axis *y,
                      const ganstab_study_options *opt, ganstab_stability_map **out,
                      ganstab_error *err);
void ganstab_stability_map_free(ganstab_stability_map *m);

/* ---- optimum ---------------------------------------------------------------------------- */

typedef enum {
    GANSTAB_OPTIMUM_SMOOTH = 0, /* a stationary point of the decisive eigenvalue's modulus (real
                                   part): Brent on a 5-point derivative */
    GANSTAB_OPTIMUM_KINK,       /* where two eigenvalue moduli (real parts) meet, e.g. where a
                                   complex pair turns real: golden section, exact for a V */
    GANSTAB_OPTIMUM_RANGE_END,  /* the objective decreases up to an end of the range */
    GANSTAB_OPTIMUM_PLATEAU,    /* constant within the error bounds on a stretch of the scan */
    GANSTAB_OPTIMUM_GRID        /* an integer parameter: the best of its values */
} ganstab_optimum_kind;

/* "smooth", "kink", "range-end", "plateau", "grid" (static storage). */
const char *ganstab_optimum_kind_name(ganstab_optimum_kind k);

/* Minimize the spectral radius (maps) or the spectral abscissa (flows) of the deciding spectrum
 * over one parameter. */
typedef struct {
    ganstab_axis axis; /* the range and the dense scan (count = scan points) */
    int geometric; /* the scan's points are equally spaced in log (GANSTAB_OPTIMIZE_GEOMETRIC_*) */
    ganstab_dynamics dynamics;
    double tol;
    double argmin;          /* the optimal parameter value */
    double lo, hi;          /* its final bracket */
    double objective;       /* spectral radius (map) or spectral abscissa (flow) there */
    double objective_bound; /* the decisive eigenvalue's error bound there */
    double rate;            /* ganstab_study_rate there */
    ganstab_verdict verdict;
    ganstab_optimum_kind kind;
    double plateau_lo, plateau_hi; /* PLATEAU: the scan points within the bound of the minimum */
    size_t n_eigen;
    ganstab_eigenvalue *eigenvalues; /* the deciding spectrum at argmin (malloc'ed) */
    size_t evaluations;
} ganstab_optimum;

/* The scan visits every value of an integer axis, or axis->count points of a continuous one. */
int ganstab_study_optimize(const ganstab_case *c, const ganstab_axis *axis, int geometric,
                           const ganstab_study_options *opt, ganstab_optimum **out,
                           ganstab_error *err);
/* The same on a study context's game at its current values (analysis.h): the game it has built
 * already is used (compare runs its crossing search and this on one game); the swept key is left
 * at the last value evaluated. */
int ganstab_study_optimize_in(ganstab_analysis_ctx *ctx, const ganstab_axis *axis, int geometric,
                              const ganstab_study_options *opt, ganstab_optimum **out,
                              ganstab_error *err);
void ganstab_optimum_free(ganstab_optimum *o);

#endif

/* Critical parameter values: where, as one scalar parameter p varies, an eigenvalue crosses
 * the stability boundary or a complex pair turns real (or back). The parameter-to-spectrum
 * map is a caller callback, so this module knows no model. Results are caller-freed. */
#ifndef GANSTAB_CRITICAL_H
#define GANSTAB_CRITICAL_H

#include <stddef.h>

#include "ganstab/classify.h"
#include "ganstab/eigen.h"

/* Brackets are refined until hi - lo <= GANSTAB_CROSSING_REL_WIDTH * max(1, |value|)
 * (DESIGN.md: "each located to a bracket no wider than 1e-12*max(1,|value|)"). */
#define GANSTAB_CROSSING_REL_WIDTH 1e-12
/* Default number of scan intervals on [from, to]; two crossings of the same test function
 * closer than (to - from)/scan may cancel and be missed (`--scan` raises it). */
#define GANSTAB_CROSSING_DEFAULT_SCAN 1000
/* Accepted range for the scan count: fewer than 10 intervals cannot separate the crossings of a
 * 2x2 system; 1e6 evaluations is already minutes for the larger models. */
#define GANSTAB_CROSSING_SCAN_MIN 10
#define GANSTAB_CROSSING_SCAN_MAX 1000000
/* A Hopf/Neimark-Sacker test function also vanishes where two real eigenvalues satisfy
 * l_i = -l_j (flow) or l_i*l_j = 1 (map) ("neutral saddle", no stability change). We keep
 * the root only if a complex pair lies this close to the boundary there: at a true crossing
 * its distance is ~|dmargin/dp| * 1e-12, while a neutral saddle has no complex pair near it.
 * sqrt(DBL_EPSILON) ~ 1.5e-8 separates the two with room either side. */
#define GANSTAB_CROSSING_ON_BOUNDARY 1.5e-8
/* Before/after verdicts are read at value -/+ GANSTAB_CROSSING_PROBE*max(1,|value|), far
 * enough that the leaving eigenvalue's margin (>= ~1e-6 for a transversal crossing, ~1e-3
 * at a square-root one) exceeds the classification tolerance. */
#define GANSTAB_CROSSING_PROBE 1e-6

typedef enum { GANSTAB_CROSSING_STABILITY = 0, GANSTAB_CROSSING_OSCILLATION } ganstab_crossing_kind;

typedef enum {
    GANSTAB_CROSSING_FOLD = 0,        /* real eigenvalue through 0 (flow) or +1 (map) */
    GANSTAB_CROSSING_HOPF,            /* complex pair through the imaginary axis (flow) */
    GANSTAB_CROSSING_FLIP,            /* real eigenvalue through -1 (map) */
    GANSTAB_CROSSING_NEIMARK_SACKER,  /* complex pair through the unit circle (map) */
    GANSTAB_CROSSING_COMPLEX_TO_REAL, /* a complex pair becomes two real eigenvalues */
    GANSTAB_CROSSING_REAL_TO_COMPLEX
} ganstab_crossing_type;

typedef struct {
    double value;  /* midpoint of the final bracket */
    double lo, hi; /* final bracket, hi - lo <= 1e-12*max(1,|value|) */
    ganstab_crossing_kind kind;
    ganstab_crossing_type type;
    ganstab_verdict before; /* verdict just below value */
    ganstab_verdict after;  /* verdict just above value */
} ganstab_crossing;

const char *ganstab_crossing_kind_name(ganstab_crossing_kind k);
const char *ganstab_crossing_type_name(ganstab_crossing_type t);

/* Spectrum at parameter p: n eigenvalues into ev. Return GANSTAB_OK or an error code. */
typedef int (*ganstab_spectrum_fn)(double p, void *ctx, ganstab_eigenvalue *ev, ganstab_error *err);

typedef struct {
    size_t n;             /* number of eigenvalues the callback returns */
    ganstab_dynamics dyn; /* flow (Re lambda vs 0) or map (|lambda| vs 1) */
    double tol;           /* classification tolerance (GANSTAB_DEFAULT_TOL) */
    size_t scan;          /* scan intervals (GANSTAB_CROSSING_DEFAULT_SCAN if 0) */
} ganstab_crossing_options;

/* All crossings in [from, to], sorted by value (then kind, type). *out is malloc'ed (free with
 * free(); NULL when *count == 0). Requires from < to, both finite. How they are found:
 *  1. each test function (ganstab_crossing_test_function) on the scan grid; every sign change
 *     beyond its noise is refined by Brent to the bracket precision;
 *  2. two roots inside one scan interval leave the same sign at both grid points: at a strict
 *     local minimum of |T| on the grid, golden-section search looks for the other sign between
 *     the neighbours and, if it finds it, both roots are refined;
 *  3. a root of the Hopf (flow) / Neimark-Sacker (map) test function is a crossing of that type
 *     when a complex pair sits on the boundary there; when instead two real eigenvalues meet on it
 *     (a double, e.g. defective, eigenvalue at 0, +1 or -1, where the fold/flip test function only
 *     touches zero) it is reported as FOLD or FLIP; otherwise (a neutral saddle) it is dropped;
 *  4. end points: a crossing exactly at `from` or `to` is detected with a probe just outside
 *     where the callback accepts it; where it refuses (the end of the parameter's domain, e.g.
 *     gamma = 0) a stability test function that vanishes at the end point, with a verdict that
 *     differs at the next grid point, is a crossing at the end point (bracket [end, end]; the
 *     side outside the range reads the end point's own verdict);
 *  5. a safety net: wherever the verdict changes between decisive (stable/unstable) grid points
 *     and no stability crossing was found between them (an eigenvalue of even multiplicity whose
 *     test functions do not change sign), the change is bisected on the verdict and, where the
 *     eigenvalues at the boundary form a cluster, pinned by the root of the cluster's mean margin.
 * Crossings of the same kind and type with overlapping brackets (one event seen by two test
 * functions) are merged. Before/after verdicts are read at value -/+ GANSTAB_CROSSING_PROBE *
 * max(1, |value|); in cases 4 and 5, where that probe reads marginal (a margin growing like
 * |p - value|^2 or |p - value|^(1/m)), the first decisive verdict of the scan on that side. */
int ganstab_crossings_find(ganstab_spectrum_fn fn, void *ctx, const ganstab_crossing_options *opt,
                           double from, double to, ganstab_crossing **out, size_t *count,
                           ganstab_error *err);

/* The test function of crossing type t at a spectrum: a real number that changes sign exactly
 * when a crossing of that type happens, smooth in the matrix entries (a symmetric function of
 * the eigenvalues), and its noise level from the eigenvalues' error bounds plus tol.
 * Types: FOLD, HOPF (flow), FOLD, FLIP, NEIMARK_SACKER (map), COMPLEX_TO_REAL (either: the
 * discriminant prod_{i<j} (l_i - l_j)^2, whose sign is (-1)^(number of complex pairs)). */
double ganstab_crossing_test_function(const ganstab_eigenvalue *ev, size_t n, ganstab_dynamics dyn,
                                      ganstab_crossing_type t, double tol, double *noise);

#endif

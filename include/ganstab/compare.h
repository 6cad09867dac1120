/* Optimizer comparison (issue 11): for the game of one case, every optimizer's stability set in
 * the step size h (the exact crossings `critical` finds, with the verdict between them), its best
 * step size (the `optimize` minimum of the spectral radius over h) and the rate there.
 *
 * An optimizer is given as text: a scheme name and [update] assignments, blank-separated, e.g.
 * "momentum beta=-0.5 variant=alternating" or "lookahead base=extragradient k=5 alpha=0.5". The
 * step size h is the compared parameter: a spec never sets it (nor hg, hd: ttur and lookahead over
 * ttur have no single h). With extragradient and optimistic, he = h unless the spec sets he.
 *
 * Ownership: ganstab_compare allocates *out (an array of n rows); free with free(). */
#ifndef GANSTAB_COMPARE_H
#define GANSTAB_COMPARE_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/classify.h"
#include "ganstab/error.h"
#include "ganstab/study.h"
#include "ganstab/update.h"

/* Most optimizers of one comparison, and most verdict segments of one h range. */
#define GANSTAB_COMPARE_MAX 32
#define GANSTAB_COMPARE_MAX_SEGMENTS 32
/* The default h range: (0, 4] is scanned from this lower end (h = 0 is the identity map, whose
 * eigenvalues all equal 1). */
#define GANSTAB_COMPARE_DEFAULT_FROM 1e-3
#define GANSTAB_COMPARE_DEFAULT_TO 4.0

/* The optimizers compared when none are given: the rules of issue 11 with common coefficients. */
extern const char *const ganstab_compare_default_specs[];
extern const size_t ganstab_compare_default_count;

typedef struct {
    double lo, hi; /* an h range; its ends are crossings (exact) or the range's ends */
    int lo_is_crossing, hi_is_crossing;
    ganstab_verdict verdict; /* at its midpoint */
} ganstab_compare_segment;

typedef struct {
    char spec[GANSTAB_CASE_TEXT_MAX]; /* as given, blanks normalized */
    ganstab_update update;            /* the rule (h: the best step size) */
    size_t n_op;                      /* the operator's dimension */
    size_t nseg;
    ganstab_compare_segment seg[GANSTAB_COMPARE_MAX_SEGMENTS];
    double stable_measure; /* total length of the stable segments */
    int has_best;          /* a stable h exists: best_* below */
    double best_h, best_radius, best_rate, best_bound;
    ganstab_optimum_kind best_kind;
} ganstab_compare_row;

typedef struct {
    double from, to; /* the h range, 0 < from < to */
    double tol;
    size_t scan; /* crossing scan intervals (0: default) */
} ganstab_compare_options;

void ganstab_compare_options_init(ganstab_compare_options *opt);

/* Compare the optimizers specs[0..n) on c's game. */
int ganstab_compare(const ganstab_case *c, const char *const *specs, size_t n,
                    const ganstab_compare_options *opt, ganstab_compare_row **out,
                    ganstab_error *err);

#endif

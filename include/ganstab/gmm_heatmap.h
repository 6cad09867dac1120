/* Success heatmap of the GMM-GAN dynamics (Li et al. 2018, Sec. 5 and Figure 2): for every
 * generator start mu_hat on a G x G grid of [-1, 1]^2, run K random discriminator starts for T
 * steps of one dynamics (gmm.h) and record the shares that succeed, end with a collapsed
 * discriminator interval, or end mode-collapsed.
 *
 * Ownership: ganstab_gmm_heatmap_run allocates the result; the caller releases it with
 * ganstab_gmm_heatmap_free. No global state; the functions are reentrant.
 *
 * Random starts (the paper does not say how it draws them): for cell c = i1 * G + i2 and start k,
 * a counter-based generator, so results depend only on (case, dynamics, seed, G, K, T, h), never on
 * the thread count or the order in which cells run: the SplitMix64 output function mix64
 * (Steele, Lea & Flood 2014; z ^= z >> 30, z *= 0xbf58476d1ce4e5b9, z ^= z >> 27,
 * z *= 0x94d049bb133111eb, z ^= z >> 31) keys a SplitMix64 stream with
 * state0 = mix64(mix64(mix64(seed) ^ c) ^ k); its j-th output (j = 1..4) is
 * mix64(state0 + j * 0x9e3779b97f4a7c15), and u_j = (output >> 11) * 2^-53 in [0, 1).
 * Interval i (i = 1, 2) gets l_i = -3 + 6 u_{2i-1} (uniform in [-3, 3]) and length
 * 3 (1 - u_{2i}) (uniform in (0, 3]), r_i = l_i + length. Why: with mu_hat, mu* in [-1, 1] and
 * unit variances, [-3, 3] holds almost all of both mixtures' mass, so an interval starts where
 * it can see the data; every interval starts open (length > 0); at most half the range long, so an
 * interval cannot start covering everything. The two intervals are drawn independently and may
 * overlap or come in either order (gmm.h rule 1 allows it; the paper's Figure 3 starts
 * overlapping).
 */
#ifndef GANSTAB_GMM_HEATMAP_H
#define GANSTAB_GMM_HEATMAP_H

#include <stddef.h>
#include <stdint.h>

#include "ganstab/case.h"
#include "ganstab/error.h"
#include "ganstab/gmm.h"

/* Grid points per axis: at least 2 (the ends -1 and 1); at most 1001 (a 1e6-cell map; beyond
 * that the output, not the dynamics, is the problem). */
#define GANSTAB_GMM_HEATMAP_GRID_MIN 2u
#define GANSTAB_GMM_HEATMAP_GRID_MAX 1001u
/* Discriminator starts per cell: 1 .. 1e6 (the paper uses 120). */
#define GANSTAB_GMM_HEATMAP_INITS_MAX 1000000u
/* Steps per run: 1 .. 1e8 (the simulator's GANSTAB_SIM_MAX_STEPS; the paper uses 3000). */
#define GANSTAB_GMM_HEATMAP_ITERS_MAX 100000000u
/* Largest thread count accepted (0 = all cores, OpenMP's default). */
#define GANSTAB_GMM_HEATMAP_THREADS_MAX 1024u
/* The start distribution above: left ends uniform in [-RANGE, RANGE], lengths in (0, LENGTH]. */
#define GANSTAB_GMM_HEATMAP_START_RANGE 3.0
#define GANSTAB_GMM_HEATMAP_START_LENGTH 3.0

/* Called after each finished cell with the number of finished cells and their total; from the
 * worker threads, one call at a time (inside an OpenMP critical section), so it must be quick and
 * must not call back into the heatmap. The library itself never prints. */
typedef void (*ganstab_gmm_heatmap_progress)(size_t done, size_t total, void *ctx);

typedef struct {
    ganstab_gmm_dynamics dynamics;
    size_t grid;                           /* G, in [GRID_MIN, GRID_MAX] */
    size_t inits;                          /* K, in [1, INITS_MAX] */
    size_t iters;                          /* T, in [1, ITERS_MAX] */
    double step;                           /* h = eta_g = eta_d, finite and > 0 */
    uint64_t seed;                         /* any value */
    unsigned threads;                      /* 0: all cores; at most THREADS_MAX */
    ganstab_gmm_heatmap_progress progress; /* may be NULL */
    void *progress_ctx;
} ganstab_gmm_heatmap_options;

/* The paper's Figure 2 settings (Li et al. 2018, Sec. 5): grid 41, 120 starts, 3000 steps, step
 * 0.3, seed 1 (the defaults of ganstab_gmm_heatmap_options_init and of a case's [heatmap]). */
#define GANSTAB_GMM_HEATMAP_DEFAULT_GRID 41
#define GANSTAB_GMM_HEATMAP_DEFAULT_INITS 120
#define GANSTAB_GMM_HEATMAP_DEFAULT_ITERS 3000
#define GANSTAB_GMM_HEATMAP_DEFAULT_STEP 0.3
#define GANSTAB_GMM_HEATMAP_DEFAULT_SEED 1

/* The paper's Figure 2 settings (above), threads 0, first-order dynamics, no progress
 * callback. */
void ganstab_gmm_heatmap_options_init(ganstab_gmm_heatmap_options *opt);

/* The result. Cell c = i1 * grid + i2 has the generator start (mu[i1], mu[i2]); the counts are
 * out of `inits` runs (shares: count / inits):
 *   success:       final d_TV < GANSTAB_GMM_TV_SUCCESS (0.1) and |mu1 - mu2| >= mode_collapse
 *                  (a mode-collapsed generator can have TV < 0.1, simulate.h);
 *   disc_collapse: at the end at least one interval has r <= l (gmm.h rule 2). Always 0 for the
 *                  optimal dynamics, whose discriminator is recomputed every step (its unused
 *                  interval (+inf, +inf) is not a collapse);
 *   mode_collapse: at the end |mu1 - mu2| < mode_collapse. */
typedef struct {
    ganstab_gmm_heatmap_options opt; /* as run (progress fields cleared) */
    double mu_star[2];
    double mode_collapse; /* the case's model.mode_collapse */
    unsigned unroll;      /* the case's update.unroll (unrolled dynamics only) */
    size_t grid, cells;   /* cells = grid * grid */
    double *mu;           /* grid coordinates: mu[i] = -1 + 2 i / (grid - 1) */
    size_t *success, *disc_collapse, *mode_collapse_count; /* cells counts each */
    /* final d_TV < GANSTAB_GMM_TV_SUCCESS alone, the paper's criterion (Sec. 5), which also
       counts a mode-collapsed generator close enough to the data (cells counts) */
    size_t *tv_below;
    /* Steps computed in all, for throughput measurements: first-order runs go in batches of
     * GANSTAB_GMM_LANES (gmm.h) and count every lane of every step the batch took (a frozen lane
     * still costs its 16 exp); unrolled runs count the steps before their freeze; the optimal
     * dynamics count the one run per cell. */
    uint64_t steps;
} ganstab_gmm_heatmap;

/* The grid coordinate -1 + 2 i / (grid - 1) (exactly -1 and 1 at the ends). */
double ganstab_gmm_heatmap_axis(size_t grid, size_t i);

/* The discriminator start (l1, r1, l2, r2) of start k in cell c for seed (the generator above). */
void ganstab_gmm_heatmap_start(uint64_t seed, size_t cell, size_t k, double *disc);

/* Run the map for a validated case of model gmm (mu_star, mode_collapse, unroll from it;
 * update.scheme and update.h are ignored: opt gives the dynamics and the step). Parallel over
 * cells (OpenMP, schedule(dynamic)); the inner loop is ganstab_gmm_step's allocation-free fast
 * path with the TV computed once, at the end. Early exit, where the rest of the run provably
 * changes nothing: first-order and unrolled runs whose two intervals are both collapsed (the field
 * vanishes and no interval reopens, gmm.h rule 2); the optimal dynamics ignore the incoming
 * intervals, so the K runs of a cell are identical and are computed once.
 * Errors: GANSTAB_EINVAL (where case.model's location for a case of another model, else the
 * option's name: "grid", "inits", "iters", "step", "threads"); GANSTAB_ENUMERIC from
 * ganstab_gmm_step or ganstab_gmm_tv (a failed crossing search), reported for the lowest failing
 * cell, where "heatmap" and the message naming the cell and the start; GANSTAB_ENOMEM. On failure
 * *out is NULL.
 */
int ganstab_gmm_heatmap_run(const ganstab_case *c, const ganstab_gmm_heatmap_options *opt,
                            ganstab_gmm_heatmap **out, ganstab_error *err);

void ganstab_gmm_heatmap_free(ganstab_gmm_heatmap *m); /* accepts NULL */

/* The three findings Li et al. state about their Figure 2 (Sec. 5), measured on heatmaps of the
 * same grid: maps[d] is the map of dynamics d (ganstab_gmm_dynamics) or NULL.
 *   1. "all three methods fail when we initialize the two generator means to be the same":
 *      on the diagonal mu1 = mu2 every run fails (success share 0) for every dynamics given.
 *   2. "the optimal discriminator otherwise always converges": success share 1 in every
 *      off-diagonal cell (needs the optimal map).
 *   3. "unrolled dynamics do succeed more often than regular first order dynamics": the mean
 *      off-diagonal success share of unrolled exceeds first-order's (needs both maps).
 * Shares are means over cells of count / inits; NaN where a map is absent. */
typedef struct {
    int present[3];
    double diag_max_success[3];       /* largest success share on the diagonal */
    double diag_min_mode_collapse[3]; /* smallest mode-collapse share on the diagonal */
    double diag_max_tv_below[3];      /* largest share with TV < 0.1 alone on the diagonal */
    double off_mean_success[3];       /* mean success share over the off-diagonal cells */
    double off_min_success[3];        /* smallest off-diagonal success share */
    double off_mean_disc_collapse[3], off_mean_mode_collapse[3];
    size_t off_min_cell[3];   /* a cell where off_min_success is attained */
    size_t off_cells;         /* grid * (grid - 1) */
    size_t unrolled_ge_first; /* off-diagonal cells where unrolled >= first-order */
    int applies[3], holds[3]; /* per finding 1..3 (index 0..2) */
} ganstab_gmm_fig2;

/* GANSTAB_EINVAL ("heatmap") if no map is given or the given maps differ in grid or inits. */
int ganstab_gmm_fig2_findings(const ganstab_gmm_heatmap *const maps[3], ganstab_gmm_fig2 *out,
                              ganstab_error *err);

#endif

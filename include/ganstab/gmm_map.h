/* Which discriminator placements of the GMM-GAN (Li et al. 2018) are locally attracting: the
 * equilibria with F == 0 form the family {(mu*, l, r) : grad_mu L(mu*, l, r) = 0} (gmm.h, rule 4);
 * this module completes given left endpoints (l1, l2) to stationary placements (r1, r2), gives the
 * closed-form symmetric one-parameter family, and maps the case's verdict over a grid of (l1, l2).
 *
 * Ownership: ganstab_gmm_placement_map allocates the map; ganstab_gmm_map_free releases all of it.
 * Everything else writes into caller arrays. No global state; results are deterministic (fixed
 * start grid, sorted roots).
 *
 * Local vs global (what the paper says and what the map shows): Li et al. prove GLOBAL
 * convergence only for the optimal-discriminator dynamics (Theorem 4.1) and observe that the
 * first-order dynamics (9)-(11) often fail (mode collapse, oscillation, discriminator collapse,
 * Sec. 5-6); they contrast this with the LOCAL stability results of Nagarajan & Kolter (Sec. 7).
 * The map is purely local: a cell "S" says that trajectories starting close enough to that
 * placement (with mu near mu*) converge to the family; it says nothing about the basin, and a
 * first-order run started elsewhere can still collapse. Cells "U" are placements where the
 * generator is pushed away from mu* even though mu = mu* is its target. */
#ifndef GANSTAB_GMM_MAP_H
#define GANSTAB_GMM_MAP_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/classify.h"
#include "ganstab/eigen.h"
#include "ganstab/error.h"

/* ---- stationary completions ---------------------------------------------------------------- */

/* With mu = mu* the stationarity conditions are, for i = 1, 2 (gmm.h, rule 3, times 2):
 *     G_i(r) = phi(r1 - mu*_i) + phi(r2 - mu*_i) - phi(l1 - mu*_i) - phi(l2 - mu*_i) = 0,
 * 2 equations in the 2 unknowns (r1, r2) for fixed (l1, l2), with Jacobian
 * dG_i/dr_j = -(r_j - mu*_i) phi(r_j - mu*_i) = 2 d2L/dmu_i dr_j (the Hessian block A's r-columns).
 * G vanishes trivially at r = (l1, l2) (both intervals empty) and at r = (l2, l1) (impossible with
 * l_j < r_j); only roots with r_j - l_j > GANSTAB_GMM_COMPLETION_MIN_LENGTH count. */

/* Most completions kept per (l1, l2). By Rolle, each G_i = 0 defines a curve in the (r1, r2)
 * plane, r1 -> phi(r1 - a) monotone on each side of a; sampled grids show 0, 1 or 2 roots
 * (tests/test_gmm_map.c); 8 leaves room, and more are reported as truncated, never dropped
 * silently. */
#define GANSTAB_GMM_MAX_COMPLETIONS 8
/* Newton (GSL hybridsj) stops when max_i |dL/dmu_i| <= this: the terms are O(0.2) and exact to a
 * few eps, so 1e-14 is reachable and four orders below GANSTAB_GMM_STATIONARY_TOL, which the
 * model's tangent op and the analysis apply afterwards. */
#define GANSTAB_GMM_COMPLETION_TOL 1e-14
#define GANSTAB_GMM_COMPLETION_MAX_ITER 100
/* Starts r_j = l_j + s, s on a uniform grid of GANSTAB_GMM_COMPLETION_STARTS points per axis in
 * (0, GANSTAB_GMM_COMPLETION_SPAN]: with unit-variance components every finite root is within a
 * few units of the means (phi(6) ~ 6e-9 is too small to balance O(0.01) terms), and 8 covers that
 * from any left endpoint within the same few units of mu*. */
#define GANSTAB_GMM_COMPLETION_STARTS 16
#define GANSTAB_GMM_COMPLETION_SPAN 8.0
/* Roots farther than this from mu* are "roots at infinity" (phi underflows, the Jacobian is
 * singular): Newton runs off there when no finite root exists; they are dropped. */
#define GANSTAB_GMM_COMPLETION_BOX 20.0
/* Two roots closer than this (max norm) are one: Newton's roots here are accurate to ~1e-14 /
 * |det G'| ~ 1e-12 for O(0.01) determinants; 1e-7 is far above that and far below the distance of
 * genuinely different roots (O(0.1) on the grids tested). */
#define GANSTAB_GMM_COMPLETION_MERGE 1e-7
/* Least interval length of a completion: Newton from nearby starts also converges to the trivial
 * root r = l (empty intervals, rule 2), whose basin must not count. 1e-6 is far above that root's
 * Newton accuracy and below any interval length that matters at unit variance. */
#define GANSTAB_GMM_COMPLETION_MIN_LENGTH 1e-6

typedef struct {
    double r[2];     /* (r1, r2), r_j > l_j + GANSTAB_GMM_COMPLETION_MIN_LENGTH */
    double residual; /* max_i |dL/dmu_i(mu*, l, r)| by ganstab_gmm_gradient */
    int ordered;     /* l1 < r1 <= l2 < r2: eq. (5)'s ordering (disjoint intervals) */
} ganstab_gmm_completion;

/* All completions (r1, r2) of the left endpoints l = (l1, l2) to stationary placements at
 * mu = mu*: Newton (hybridsj, exact 2x2 Jacobian from ganstab_gmm_hessian) from the start grid
 * above, converged roots inside the box with both intervals open, merged, sorted by (r1, r2).
 * out[0..min(*count, max)) is filled; *count is the number found (0: no stationary completion
 * exists for these l, e.g. both l left of both means by much or l1 ~ l2; > max: truncated).
 * GANSTAB_EINVAL for non-finite input; GANSTAB_ENOMEM. */
int ganstab_gmm_completions(const double *mu_star, const double *l, ganstab_gmm_completion *out,
                            size_t max, size_t *count, ganstab_error *err);

/* ---- the symmetric family ------------------------------------------------------------------- */

/* For mu* = (m - a, m + a), a > 0, the placements [l1, r1] = [m - beta, m - alpha],
 * [l2, r2] = [m + alpha, m + beta] are stationary iff g(beta) = g(alpha),
 * g(t) = phi(t - a) - phi(t + a). Derivation (shift by m, means -+a): for mu_1 = -a,
 *     2 dL/dmu_1 = phi(-alpha + a) - phi(-beta + a) + phi(beta + a) - phi(alpha + a)
 *                = [phi(alpha - a) - phi(alpha + a)] - [phi(beta - a) - phi(beta + a)]
 *                = g(alpha) - g(beta)      (phi even),
 * and for mu_2 = +a the same with the opposite sign, so one equation. g is odd, positive on
 * (0, inf), increases up to its single maximum t_max > a (g'(t_max) = 0, i.e.
 * (t - a)/(t + a) = e^(-2 a t)) and decreases to 0: for every alpha in (0, t_max) there is exactly
 * one beta > t_max with g(beta) = g(alpha) (beta -> inf as alpha -> 0, beta -> t_max as
 * alpha -> t_max). */

/* Brent's tolerance for t_max and beta (absolute, in units of the unit variance). */
#define GANSTAB_GMM_SYMMETRIC_TOL 1e-14
/* Brent's iteration cap: it gains a bit per step at worst, so 200 covers any double bracket. */
#define GANSTAB_GMM_SYMMETRIC_MAX_ITER 200

/* t_max(a) for a > 0. GANSTAB_EINVAL for a <= 0 or non-finite; GANSTAB_ENUMERIC if Brent fails. */
int ganstab_gmm_symmetric_alpha_max(double a, double *t_max, ganstab_error *err);

/* disc = (m - beta, m - alpha, m + alpha, m + beta) for mu* with mu*_1 < mu*_2 (m the midpoint,
 * a = (mu*_2 - mu*_1) / 2) and 0 < alpha < t_max(a); GANSTAB_EINVAL otherwise. */
int ganstab_gmm_symmetric_placement(const double *mu_star, double alpha, double *disc,
                                    ganstab_error *err);

/* ---- the stability map ---------------------------------------------------------------------- */

typedef struct {
    double from, to; /* inclusive; from == to allowed with count 1 */
    size_t count;    /* >= 1; points from + k (to - from) / (count - 1) */
} ganstab_grid_axis;

/* Largest grid accepted per axis (each point costs ~16^2 Newton runs and one analysis per root). */
#define GANSTAB_GMM_MAP_MAX_AXIS 200

typedef struct {
    size_t cell;     /* i1 * n2 + i2 */
    double disc[4];  /* (l1, r1, l2, r2) */
    int ordered;     /* see ganstab_gmm_completion */
    double residual; /* |v(mu*, l, r)|_2 by the analysis */
    ganstab_verdict verdict;
    ganstab_eigenvalue decisive; /* of the transversal deciding spectrum (analysis.h) */
    double margin; /* Re lambda (flow) or |lambda| - 1 (maps): ganstab_stability_margin */
    size_t manifold_dim, null_space_dim;
    int null_space_matches;
} ganstab_gmm_map_point;

typedef struct {
    double mu_star[2];
    ganstab_update update; /* the case's update rule */
    ganstab_dynamics dynamics;
    double tol;
    ganstab_grid_axis l1, l2;
    size_t *count;   /* n1 * n2: completions found per cell (may exceed what is stored) */
    size_t *first;   /* n1 * n2: index into points of the cell's first stored completion */
    size_t n_points; /* stored completions, cell by cell, each cell's sorted by (r1, r2) */
    ganstab_gmm_map_point *points;
    /* summary */
    size_t n_stable, n_unstable, n_marginal, n_not_stationary;
    size_t n_empty_cells, n_truncated_cells, n_null_space_mismatch;
    size_t best; /* the stable point with the smallest margin (most attracting); SIZE_MAX if none */
} ganstab_gmm_map;

/* The value of grid axis a at index k. */
double ganstab_grid_axis_value(const ganstab_grid_axis *a, size_t k);

/* For every (l1, l2) of the grid, every stationary completion (ganstab_gmm_completions) and at
 * each the verdict of c's update rule, regularizer and tolerance tol: ganstab_analyze on a copy
 * of c with model.disc set to the placement, i.e. transversal to the family with the null-space
 * check. c must be a valid gmm case (its disc is ignored). GANSTAB_EINVAL for another model, a
 * bad axis (count 0 or > GANSTAB_GMM_MAP_MAX_AXIS, non-finite ends); the analysis' errors as they
 * come. *out is owned by the caller (ganstab_gmm_map_free). */
int ganstab_gmm_placement_map(const ganstab_case *c, const ganstab_grid_axis *l1,
                              const ganstab_grid_axis *l2, double tol, ganstab_gmm_map **out,
                              ganstab_error *err);
void ganstab_gmm_map_free(ganstab_gmm_map *m); /* accepts NULL */

/* 'S', 'U', 'M' (marginal), 'N' (not stationary). */
char ganstab_gmm_map_letter(ganstab_verdict v);

#endif

/* The GMM-GAN of Li, Madry, Peebles & Schmidt 2018 ("On the limitations of first-order
 * approximation in GAN dynamics", Sec. 3, eqs. (2), (5), (6)): data G_mu* and generator G_mu are
 * mixtures 1/2 N(mu_1, 1) + 1/2 N(mu_2, 1), the discriminator D is the sum of two interval
 * indicators, and the payoff is L(mu, l, r) = E_{G_mu*}[D] + E_{G_mu}[1 - D]; the generator
 * minimizes L, the discriminator maximizes it. This module has the payoff with its exact gradient
 * and Hessian, the zero crossings of F = p_mu* - p_mu (Theorem A.2), the total variation distance
 * (eq. (3)), one step of the first-order (eqs. (9)-(11)), optimal-discriminator (eqs. (7)-(8)) and
 * unrolled (Metz et al. 2017) dynamics, and the model for the analysis pipeline (model.h).
 *
 * Ownership: every array is the caller's; nothing here allocates, except
 * ganstab_gmm_model_alloc, whose model the caller releases with ganstab_model_free. No global
 * state; every function is reentrant.
 *
 * State: x = (mu1, mu2, l1, r1, l2, r2) (generator first, DESIGN.md); GANSTAB_GMM_MU1 ... index it.
 * mu_star = (mu*_1, mu*_2) is a parameter, not state.
 *
 * Choices, with reasons:
 *
 * 1. D = 1_[l1,r1] + 1_[l2,r2], the SUM of the two indicators exactly as eq. (5) writes it: each
 *    interval contributes independently, an overlap counts twice (there D = 2 and 1 - D = -1).
 *    The ordering l1 <= r1 <= l2 <= r2 of eq. (5) is neither required nor restored (no
 *    projection): the first-order dynamics (9)-(11) do not preserve it, and the paper's own
 *    Figure 3 starts outside it (left [-1, 0.2], right [-1, 2.5] overlap). Inside the ordered set
 *    the sum is the indicator of the union, so those configurations mean what the paper means.
 *    Consequence: over unconstrained (l, r) the discriminator can do better than TV, e.g. both
 *    intervals on the same component of {F > 0} give L - 1 = twice its mass, so the max of L over
 *    R^4 is not 1 + TV. The best response of eq. (7) is taken over disjoint intervals, as the
 *    paper says ("two disjoint intervals"), where max L = 1 + TV (eq. (4)).
 *
 * 2. Collapsed intervals. An interval with r <= l is EMPTY: its mass under N(m, 1) is
 *    max(0, Phi(r - m) - Phi(l - m)) = 0, and it contributes zero to L, to the gradient and to the
 *    Hessian in all six variables. Sec. 6 says an interval that reaches length 0 "can never
 *    uncollapse, and its contribution to the gradient of the generator is zero"; with the smooth
 *    Phi(r - m) - Phi(l - m) of eq. (13) an interval with l = r would have dL/dr = F(r),
 *    dL/dl = -F(l) and re-open wherever F > 0 (and with r < l it would count negative mass).
 *    Consequences: a collapsed interval never moves again under the first-order and unrolled
 *    dynamics (also inside the unrolled steps); L is continuous but not differentiable at r = l,
 *    where the one-sided (collapsed-side) derivatives, zero, are returned; when both intervals
 *    are collapsed the field vanishes on an open set. Intervals may have infinite endpoints
 *    (-inf <= l, r <= +inf; the optimal discriminator needs them); NaN is never valid.
 *
 * 3. Mixture weights 1/2 everywhere (eq. (2)). The paper drops them in eq. (13) (it should read
 *    sqrt(2 pi) L = 1/2 sum_i sum_j int_{l_i}^{r_i} (...) dx + sqrt(2 pi)) and in the gradient of
 *    Appendix C.1 (which also reuses i for the interval index). With them, for open intervals j:
 *        dL/dmu_i = 1/2 sum_j [phi(r_j - mu_i) - phi(l_j - mu_i)],
 *        dL/dr_j = F(r_j),   dL/dl_j = -F(l_j),   F(t) = p_mu*(t) - p_mu(t),
 *    phi the standard normal density (C.1's sign, times 1/2).
 *
 * 4. Equilibria. At mu = mu* (and at the swapped mu = (mu*_2, mu*_1), the same distribution)
 *    F == 0, so the discriminator's gradient vanishes for EVERY (l, r); the generator's
 *    -dL/dmu_i = 1/2 sum_j [phi(l_j - mu_i) - phi(r_j - mu_i)] does not, so not every placement is
 *    an equilibrium of the first-order dynamics. The equilibria with F == 0 are the family
 *    {(mu*, l, r) : grad_mu L(mu*, l, r) = 0}: 2 equations in 4 endpoints, generically a
 *    2-dimensional family (and its swapped copy). There J = [[-H_mm, -A], [A^T, 0]] with
 *    A = d(grad_mu L)/d(l, r) (2x4); the model's tangent op returns ker A (see below). Other
 *    stationary points exist, e.g. both intervals collapsed (any mu), or, for mu* symmetric about
 *    c, the mode-collapsed mu_1 = mu_2 = c with each interval either collapsed or [c - z, c + z]
 *    for the zeros c -+ z of F; the tangent op returns the whole space (6) for the first and
 *    does not describe the second (0).
 *
 * 5. Optimal discriminator (eq. (7)). {F > 0} has at most 2 components (F has at most 3 zeros,
 *    Theorem A.2), possibly unbounded, so the argmax of eq. (7) over finite l, r need not exist:
 *    ganstab_gmm_best_response writes the components in increasing order as (l, r) with
 *    l = -HUGE_VAL or r = +HUGE_VAL where unbounded, and an unused interval as
 *    (l, r) = (+HUGE_VAL, +HUGE_VAL), which is empty by rule 2 and keeps l1 <= r1 <= l2 <= r2.
 *    Where F == 0 every D is optimal (L = 1); both intervals are then empty, so the generator does
 *    not move (the paper's Figure 1(c) notes the discriminator is arbitrary there).
 *
 * 6. The loss is eq. (1) with the identity measuring function m(t) = t, i.e. GANSTAB_LOSS_WGAN
 *    (f(t) = t); the model ignores the case's loss. Gradient penalties are undefined (grad D = 0
 *    almost everywhere for indicator discriminators): the penalty op returns GANSTAB_EINVAL.
 *
 * Accuracy: payoff and TV by erfc in forms that keep both tails (absolute error a few eps);
 * gradient and Hessian are closed forms in phi (a few eps relative per term). */
#ifndef GANSTAB_GMM_H
#define GANSTAB_GMM_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/model.h"

/* Indices into the state x. */
enum {
    GANSTAB_GMM_MU1 = 0,
    GANSTAB_GMM_MU2 = 1,
    GANSTAB_GMM_L1 = 2,
    GANSTAB_GMM_R1 = 3,
    GANSTAB_GMM_L2 = 4,
    GANSTAB_GMM_R2 = 5,
    GANSTAB_GMM_N = 6 /* state dimension */
};

/* Theorem A.2: F = p_mu* - p_mu (4 Gaussians, equal variance) has at most 3 zeros unless
 * F == 0 (counted with multiplicity: at most the number of sign changes of the weights ordered by
 * mean, Descartes' rule for exponential sums). */
#define GANSTAB_GMM_MAX_ROOTS 3

/* Largest |grad_mu L| for which a placement with F == 0 counts as stationary (the tangent op).
 * grad_mu L is a closed form exact to ~1e-16 at O(1) values; a residual above 1e-10 is a real
 * displacement, not rounding (the same bound as GANSTAB_STATIONARY_TOL of the analysis). */
#define GANSTAB_GMM_STATIONARY_TOL 1e-10

/* The tangent op counts mu_hat as on the family mu_hat = mu* (or swapped) within
 * GANSTAB_GMM_FAMILY_TOL * max(1, |mu*_i|) per mean: Newton's method (the analysis' search for
 * stationary points) stops within ~1e-12 of mu* (residual <= 1e-10 with O(0.1) derivatives),
 * while any other stationary point with F != 0 lies O(0.1) or more away from it. */
#define GANSTAB_GMM_FAMILY_TOL 1e-9

/* A singular value of A = d(grad_mu L)/d(l, r) (2x4) counts as zero when it is at most
 * GANSTAB_GMM_RANK_RTOL * sigma_max(A): the entries t phi(t)/2 are exact to a few eps relative, so
 * a genuine rank deficiency shows as sigma_min ~ 1e-16 sigma_max; 1e-10 leaves six orders of
 * margin on both sides for O(1) placements (GANSTAB_NULL_SPACE_RTOL's reasoning). */
#define GANSTAB_GMM_RANK_RTOL 1e-10

/* Unrolling depth of the paper's experiments (Sec. 5: "5 unrolling steps", Metz et al. 2017). */
#define GANSTAB_GMM_DEFAULT_UNROLL 5u
/* Largest accepted unrolling depth: each unrolled step costs 16 exp; beyond this the step is
 * not a practical dynamics (the paper uses 5). */
#define GANSTAB_GMM_MAX_UNROLL 10000u

/* ---- the payoff, eq. (6), on raw arrays ----------------------------------------------------- */

/* 1 if the interval [l, r] is open (non-empty, r > l), 0 if collapsed (r <= l, rule 2). */
int ganstab_gmm_interval_open(double l, double r);

/* L(mu, l, r) = E_{G_mu*}[D] + E_{G_mu}[1 - D] at x = (mu1, mu2, l1, r1, l2, r2) (eq. (6)),
 * by erfc (8 per open interval). */
double ganstab_gmm_payoff(const double *mu_star, const double *x);

/* grad[0..6) = dL/dx (no erf: 16 exp with both intervals open, one per (endpoint, mean) pair). */
void ganstab_gmm_gradient(const double *mu_star, const double *x, double *grad);

/* grad[0..6) = dL/dx (grad may be NULL) and hess (6x6, column-major, symmetric) = d2L/dx2, from
 * the same 16 exp. hess has the blocks d2L/dmu_i^2 (diagonal in i), d2L/dmu_i de and the diagonal
 * d2L/de^2 = +-F'(e); endpoints do not interact. */
void ganstab_gmm_hessian(const double *mu_star, const double *x, double *grad, double *hess);

/* The game field v = (-grad_mu L, +grad_(l,r) L) and, if J is not NULL, J = dv/dx (6x6,
 * column-major): generator rows -d2L, discriminator rows +d2L. */
void ganstab_gmm_field(const double *mu_star, const double *x, double *v, double *J);

/* ---- zero crossings of F and the TV distance (eq. (3), Theorem A.2) ---------------------------
 */

typedef struct {
    int identically_zero; /* F == 0: {mu1, mu2} = {mu*_1, mu*_2} as multisets */
    size_t n_roots;       /* zeros of F, ascending, each once (<= GANSTAB_GMM_MAX_ROOTS) */
    double root[GANSTAB_GMM_MAX_ROOTS];
    int crossing[GANSTAB_GMM_MAX_ROOTS]; /* 1: F changes sign there; 0: tangential (touches 0) */
    /* sign of F (+1 or -1) on the n_roots + 1 gaps (-inf, root[0]), ..., (root[n-1], +inf);
       all 0 when identically_zero */
    int sign[GANSTAB_GMM_MAX_ROOTS + 1];
    /* the optimal discriminator {F > 0} (eq. (7)): n_intervals <= 2 components, ascending;
       left = -HUGE_VAL / right = +HUGE_VAL where unbounded; 0 when identically_zero */
    size_t n_intervals;
    double left[2], right[2];
} ganstab_gmm_crossings;

/* All zeros of F(t) = p_mu*(t) - p_mu(t), exactly merged equal means first (F == 0 is reported as
 * identically_zero, not as "no roots"), then isolated by Rolle on the exponential sum
 * e^(t^2/2) F(t) = sum_k w_k e^(c_k t - c_k^2/2): the zeros of its derivative split the line into
 * monotone pieces, each refined by safeguarded Newton down to the rounding of t itself
 * (2 eps (|t| + max |mean|), the resolution of the computed exponents). A local extremum whose
 * value is within its rounding bound of 0 is a tangential root; so two roots closer than about
 * sqrt(eps |F| / |F''|) ~ 1e-8 (where F between them is below rounding) are reported as one
 * tangential root. Zeros far outside the means are found too (e.g. mu* = (0, 1.001),
 * mu = (1, 1) has a zero at t ~ 694, where F ~ 1e-104289 underflows). Allocation-free; about 80
 * exp on average, at most ~230 (measured on random means in [-3, 3]).
 * GANSTAB_EINVAL for non-finite means, GANSTAB_ENUMERIC if a refinement does not converge. */
int ganstab_gmm_crossings_find(const double *mu_star, const double *mu_hat,
                               ganstab_gmm_crossings *out, ganstab_error *err);

/* d_TV(G_mu*, G_mu) = 1/2 int |F| = G_mu*(A) - G_mu(A), A = {F > 0} (eq. (3)), exactly from the
 * crossings by erfc; 0 when F == 0. c must come from ganstab_gmm_crossings_find(mu_star, mu_hat).
 */
double ganstab_gmm_tv_from_crossings(const double *mu_star, const double *mu_hat,
                                     const ganstab_gmm_crossings *c);
/* Both steps in one. */
int ganstab_gmm_tv(const double *mu_star, const double *mu_hat, double *tv, ganstab_error *err);

/* disc[0..4) = (l1, r1, l2, r2) of the optimal discriminator {F > 0} in the representation of
 * rule 5; also the crossings if c is not NULL. */
int ganstab_gmm_best_response(const double *mu_star, const double *mu_hat, double *disc,
                              ganstab_gmm_crossings *c, ganstab_error *err);

/* ---- the unrolled objective (Metz et al. 2017) --------------------------------------------------
 */

/* theta_0 = (l, r) of x, theta_{j+1} = theta_j + eta_d grad_theta L(mu, theta_j) (j < k; collapsed
 * intervals stay put, rule 2); the unrolled objective is U(mu) = L(mu, theta_k(mu)).
 * value (may be NULL; costs erfc) = U(mu); grad_mu (2, may be NULL) = dU/dmu, exact by
 * forward-mode chain rule through the k steps: T_0 = 0,
 *     T_{j+1} = T_j + eta_d (H_theta,mu + H_theta,theta T_j),   T_j = d theta_j / d mu (4x2),
 *     dU/dmu = grad_mu L(mu, theta_k) + T_k^T grad_theta L(mu, theta_k);
 * theta_k (4, may be NULL) = the unrolled discriminator. (k + 1) * 16 exp, allocation-free. */
void ganstab_gmm_unrolled(const double *mu_star, const double *x, double eta_d, unsigned k,
                          double *value, double *grad_mu, double *theta_k);

/* ---- dynamics: one step each, allocation-free ---------------------------------------------- */

typedef enum {
    GANSTAB_GMM_FIRST_ORDER = 0, /* eqs. (9)-(11): simultaneous gradient steps */
    GANSTAB_GMM_OPTIMAL,         /* eqs. (7)-(8): exact best response, then a generator step */
    GANSTAB_GMM_UNROLLED         /* generator descends U of ganstab_gmm_unrolled; disc: (10)-(11) */
} ganstab_gmm_dynamics;

/* "first-order", "optimal", "unrolled" (static storage). */
const char *ganstab_gmm_dynamics_name(ganstab_gmm_dynamics d);
/* The inverse of ganstab_gmm_dynamics_name; GANSTAB_EINVAL for any other string. */
int ganstab_gmm_dynamics_parse(const char *name, ganstab_gmm_dynamics *d, ganstab_error *err);

typedef struct {
    ganstab_gmm_dynamics dynamics;
    double mu_star[2];
    double eta_g, eta_d;      /* generator and discriminator step sizes (eta_d unused: optimal) */
    unsigned unroll;          /* k (unrolled only) */
    double mode_collapse_gap; /* mode collapse: |mu1 - mu2| < gap */
} ganstab_gmm_stepper;

/* Fill s after checking every value (finite mu_star; finite eta_g, eta_d >= 0;
 * unroll <= GANSTAB_GMM_MAX_UNROLL; finite gap >= 0): GANSTAB_EINVAL naming the value otherwise.
 * Steps trust an initialized stepper and do not check it again. */
int ganstab_gmm_stepper_init(ganstab_gmm_stepper *s, ganstab_gmm_dynamics dynamics,
                             const double *mu_star, double eta_g, double eta_d, unsigned unroll,
                             double mode_collapse_gap, ganstab_error *err);

/* Diagnostics of one step, all about the state after it. */
typedef struct {
    double tv;             /* d_TV(G_mu*, G_mu) at the new mu (eq. (3)) */
    int collapsed[2];      /* interval j is empty (r_j <= l_j) after the step */
    int collapse_event[2]; /* interval j was open before and is empty after the step (a
                              discriminator collapse, Sec. 6; never for optimal, whose intervals
                              are recomputed each step) */
    int mode_collapsed;    /* |mu1 - mu2| < mode_collapse_gap */
} ganstab_gmm_step_info;

/* One step of s->dynamics on x (in place):
 *   first-order: mu -= eta_g grad_mu L, (l, r) += eta_d grad_(l,r) L, all at the old x;
 *   optimal:     (l, r) = best response at the old mu (written into x, rule 5), then
 *                mu -= eta_g grad_mu L(mu, l, r); x's incoming (l, r) are ignored;
 *   unrolled:    mu -= eta_g dU/dmu (k = s->unroll), (l, r) += eta_d grad_(l,r) L at the old x.
 * info (may be NULL: then nothing else is computed, the fast path for inner loops) gets the
 * diagnostics, TV included (one ganstab_gmm_crossings_find and at most 16 erfc). Transcendentals
 * per step without info (both intervals open; a collapsed interval saves its share): first-order
 * 16 exp; unrolled 16 (k + 1) exp; optimal one crossings_find + 8 exp. No erf/erfc.
 * GANSTAB_EINVAL if x holds a NaN; GANSTAB_ENUMERIC if the new mu is not finite or a crossing
 * search fails (x is then unspecified). */
int ganstab_gmm_step(const ganstab_gmm_stepper *s, double *x, ganstab_gmm_step_info *info,
                     ganstab_error *err);

/* Lanes of the lane-parallel first-order kernel. */
#define GANSTAB_GMM_LANES 8u

/* GANSTAB_GMM_LANES independent first-order runs at once (the heatmap's inner loop): x[i][w] is
 * state component i (GANSTAB_GMM_MU1 ...) of lane w. Advances every lane by up to `steps` steps of
 * ganstab_gmm_step's first-order dynamics, with the same result bits lane by lane (the same
 * operations in the same order; 16 exp per lane and step, vectorized), and stops early only when
 * every lane has both intervals collapsed, where the field is 0 on an open set (rule 2) and
 * further steps change nothing. Returns the number of steps taken (<= steps). The states must be
 * finite (then they stay finite: every gradient component is bounded by 2 phi(0)); unused lanes
 * can hold a dead state such as l = r = 0. Allocation-free, reentrant. */
size_t ganstab_gmm_first_order_lanes(const double *mu_star, double eta_g, double eta_d,
                                     size_t steps, double (*x)[GANSTAB_GMM_LANES]);

/* ---- the model (model.h) ------------------------------------------------------------------- */

/* A model for the analysis pipeline: state (mu1, mu2, l1, r1, l2, r2), n_g = 2, n_d = 4,
 * data_dim = 1, loss GANSTAB_LOSS_WGAN (rule 6), fd_unavailable = NULL. Ops:
 *   term: real side E_{G_mu*}[D] adds to the discriminator rows only, fake side E_{G_mu}[1 - D]
 *         to all rows; a shift s moves every data point of that side (x -> x + s, instance noise),
 *         i.e. the side's means by s; J += the exact Hessian-based Jacobian;
 *   penalty: GANSTAB_EINVAL (rule 6);
 *   equilibrium: (mu_star, disc): mu = mu*, the given discriminator placement;
 *   tangent: at an x with F == 0 (mu = mu* or swapped, within GANSTAB_GMM_FAMILY_TOL) and
 *         |grad_mu L| <= GANSTAB_GMM_STATIONARY_TOL: {(0, b) : A b = 0},
 *         A = d(grad_mu L)/d(l, r) (2x4, exact),
 *         of dimension 4 - rank A (rank by singular values, GANSTAB_GMM_RANK_RTOL), basis
 *         orthonormal (LAPACK dgesvd). With rank A = 2 this is exactly ker J and the tangent
 *         space of the family; with rank A < 2 (e.g. mu*_1 = mu*_2, or placements in the far
 *         tails) the family need not be a manifold at x and ker A is only its first-order
 *         (Zariski) tangent space, which the analysis' null-space comparison will show. With both
 *         intervals strictly collapsed the field vanishes near x: dimension 6, basis I. At any
 *         other x (not stationary, or stationary with F != 0) 0.
 * mu_star (2) and disc (4, (l1, r1, l2, r2)) must be finite (GANSTAB_EINVAL). *out is owned by the
 * caller (ganstab_model_free); GANSTAB_ENOMEM. */
int ganstab_gmm_model_alloc(const double *mu_star, const double *disc, ganstab_model **out,
                            ganstab_error *err);

#endif

/* Private to src/claims: the table form of a claim. */
#ifndef GANSTAB_CLAIMS_INTERNAL_H
#define GANSTAB_CLAIMS_INTERNAL_H

#include "ganstab/claims.h"
#include "ganstab/gmm.h"

#define CLAIM_MAX_CRITICAL 4

typedef struct {
    size_t n;
    double value[CLAIM_MAX_CRITICAL];
    ganstab_crossing_kind kind[CLAIM_MAX_CRITICAL];
    ganstab_crossing_type type[CLAIM_MAX_CRITICAL];
} claim_critical_prediction;

typedef struct {
    const char *id;
    const char *statement;
    const char *source;
    /* 1 if the claim speaks about this case */
    int (*applies)(const ganstab_case *c);
    /* fill spectrum, n_predicted, predicted_re/im, has_verdict, verdict_mask (NULL: none) */
    void (*predict)(const ganstab_case *c, ganstab_claim_check *out);
    /* critical values of `key` the claim predicts (NULL: none) */
    int (*predict_critical)(const ganstab_case *c, ganstab_case_key key,
                            claim_critical_prediction *out, ganstab_error *err);
    /* for claims about other quantities than the spectrum (NULL: none): fill predicted_text,
     * computed_text and set *agrees, evaluating the engine (ganstab_game_*) as needed */
    int (*check)(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check *out,
                 int *agrees, ganstab_error *err);
} claim_def;

/* The largest stable step of simgd for a 2x2 Jacobian with trace tr < 0 and determinant
 * det > 0 (derivation in mescheder2018.c, damped_simgd_hmax): Neimark-Sacker at -tr/det when the
 * eigenvalues are complex, flip at 2/|lambda_min| when real. */
double claims_simgd_hmax(double tr, double det, ganstab_crossing_type *type);

/* f'(0) and f''(0) of the case's loss, from the papers (not from the engine's loss code):
 * f(t) = -log(1 + e^-t) (standard; the non-saturating variant uses the same f): 1/2, -1/4;
 * f(t) = t (WGAN): 1, 0. */
double claims_fprime0(const ganstab_case *c);
double claims_fsecond0(const ganstab_case *c);

/* The verdicts a claim allows, as a mask of (1u << ganstab_verdict). */
void claims_set_verdicts(ganstab_claim_check *out, unsigned mask);

/* Append a predicted critical value (ignored when full or non-finite). */
void claims_add_critical(claim_critical_prediction *p, double v, ganstab_crossing_kind kind,
                         ganstab_crossing_type type);

/* Roots of z^2 - tr z + det into out->predicted_* (n_predicted = 2). */
void claims_quadratic_roots(double tr, double det, ganstab_claim_check *out);

/* An error size as the smallest power of ten not below it ("<= 1e-14"; "< 1e-15" below that;
 * "0"): rounding-level numbers in a claim's text, whose digits differ between CPUs, must not
 * change the committed reports (the Markdown printer rounds its own numbers the same way). */
void claims_fmt_error_size(char *buf, size_t size, double x);

/* ---- the d-dimensional LQ-GAN (lq_predict.c) ------------------------------------------------
 * Nagarajan & Kolter's K_DD and K_DG for model lq, from the data's Gaussian moments written out
 * (not from src/models/lq.c), and the Jacobian at the equilibrium they predict. */
typedef struct {
    size_t d, ng, nd, n; /* data dimension, generator / discriminator / state sizes */
    double *mean, *cov;  /* the data's m (d) and Sigma (d*d, column-major) */
    ganstab_matrix *kdd; /* nd x nd: K_DD = E_pdata[phi phi^T] */
    ganstab_matrix *kdg; /* nd x ng: K_DG at the generator given to claims_lq_set_generator */
} claims_lq;

/* m, Sigma and K_DD of case c (model lq); K_DG zero. Release with claims_lq_free. */
int claims_lq_init(const ganstab_case *c, claims_lq *q, ganstab_error *err);
/* K_DG at theta_G = theta_g[0..ng) (A row-major, then b): valid where A A^T = Sigma, b = m. */
void claims_lq_set_generator(claims_lq *q, const double *theta_g);
void claims_lq_free(claims_lq *q); /* accepts a zeroed or freed q */
/* J (n x n, generator first) = [[-2 eta J_DG^T J_DG, -J_DG^T (I + 2 eta J_DD)],
 * [J_DG, J_DD]] with J_DD = 2 f2 K_DD, J_DG = f1 K_DG (Sec. 3.3-3.4; eta = 0: unregularized). */
void claims_lq_jacobian(const claims_lq *q, double f1, double f2, double eta, ganstab_matrix *J);

/* Trace and determinant of the field's 2x2 Jacobian at the equilibrium from the papers'
 * formulas, where the claims know them: the Dirac-GAN unregularized, with gp/r1/r2, instance noise
 * (J = [[0, -f'(0)], [f'(0), -c]], mescheder2018.c) or ConOpt; the LQ-GAN of Figure 3 with or
 * without the eta regularizer (J_eta, nagarajan2017.c). 0 if the case is none of these. */
int claims_dirac_trdet(const ganstab_case *c, double *tr, double *det);
int claims_lq2d_trdet(const ganstab_case *c, double *tr, double *det);

/* The claims of Nagarajan & Kolter (NeurIPS 2017) on the LQ-GAN. */
extern const claim_def GANSTAB_CLAIMS_NAGARAJAN2017[];
extern const size_t GANSTAB_CLAIMS_NAGARAJAN2017_COUNT;

/* The claims of Mescheder, Geiger, Nowozin (ICML 2018) and the closed forms derived from them. */
extern const claim_def GANSTAB_CLAIMS_MESCHEDER2018[];
extern const size_t GANSTAB_CLAIMS_MESCHEDER2018_COUNT;

/* ---- Li, Madry, Peebles & Schmidt 2018, the GMM-GAN (li2018.c) ----------------------------
 * The helpers behind the li2018 claims, each on raw parameters so that a test can give them a
 * configuration that must fail. mu_star (2) is the case's; C, delta, eta as the paper names them
 * (Sec. 4): B(C) = [-C, C]^2, Sep(delta) = {|mu_1 - mu_2| > delta}, Rect(delta) = {|mu_i - mu*_j| <
 * delta for some i, j}. */

/* The constants chosen for a case (li2018.c says why): C, gamma, delta, eta. */
typedef struct {
    double C;     /* box half-width: max(LI2018_C_MIN, max_i |mu*_i|) */
    double gamma; /* separation of mu*: min(1, |mu*_1 - mu*_2|) */
    double delta; /* gamma / 100 (Lemma 4.5's proof: 2 delta <= gamma / 50) */
    double eta;   /* delta / C (Lemma 4.5: eta <= delta / C) */
} claims_li2018_params;
void claims_li2018_params_of(const double *mu_star, claims_li2018_params *p);

/* F(t) = p_mu*(t) - p_mu_hat(t) up to the positive factor e^(-t^2/2) / (2 sqrt(2 pi)) and
 * e^-M (no underflow), written out from eq. (2), not from gmm.c: *value, and *bound, its rounding
 * bound (the sign of *value is known iff |*value| > *bound); *slope (may be NULL) = d/dt of the
 * same sum. */
void claims_li2018_scaled_density_difference(const double *mu_star, const double *mu_hat, double t,
                                             double *value, double *bound, double *slope);
/* The independent check of one ganstab_gmm_crossings (Theorem A.2): the number of roots whose
 * residual is not at rounding level, of gaps whose sign disagrees with c->sign, and of roots whose
 * crossing flag disagrees with the signs on both sides. 0: all verified. */
size_t claims_li2018_verify_crossings(const double *mu_star, const double *mu_hat,
                                      const ganstab_gmm_crossings *c);
/* Sign changes of F on n points evenly spaced in [lo, hi] (points whose sign is below rounding
 * are skipped): a lower bound on the number of crossing zeros there. */
size_t claims_li2018_sign_changes(const double *mu_star, const double *mu_hat, double lo, double hi,
                                  size_t n);

/* grad (2) = the gradient of f(mu_hat) = d_TV(G_mu_hat, G_mu*) where it is differentiable: by the
 * envelope theorem, grad_mu L(mu_hat, D*) at the optimal discriminator D* (eq. (7)). */
int claims_li2018_tv_gradient(const double *mu_star, const double *mu_hat, double *grad,
                              ganstab_error *err);

/* Lemma 4.3: min of ||grad f|| over a grid of n x n points of B(C) and, for sep_delta > 0, the
 * lines |mu_1 - mu_2| = sep_delta (1 + LI2018_SEP_MARGIN) (n_line points, both orders), keeping
 * Sep(sep_delta) (sep_delta < 0: every grid point) outside Rect(rect_delta). */
typedef struct {
    double min_norm, argmin[2]; /* outside Rect(rect_delta) */
    double min_norm_all;        /* also inside Rect (within 1e-9 of mu* or its swap excluded) */
    size_t n_points;
} claims_li2018_gradient_min;
int claims_li2018_min_gradient(const double *mu_star, double C, double rect_delta, double sep_delta,
                               size_t n, size_t n_line, claims_li2018_gradient_min *out,
                               ganstab_error *err);

/* Lemma 4.5: one optimal step of size eta from every start of a grid of Sep(delta) cap B(C)
 * (n x n, and the lines |mu_1 - mu_2| = delta (1 + LI2018_SEP_MARGIN), 1.5 delta, 2 delta,
 * 3 delta with n_line centers each, both orders): the smallest |mu'_1 - mu'_2| and its start. */
typedef struct {
    double min_gap, argmin[2];
    size_t n_points;
} claims_li2018_sep_step;
int claims_li2018_sep_step_min(const double *mu_star, double C, double delta, double eta, size_t n,
                               size_t n_line, claims_li2018_sep_step *out, ganstab_error *err);

/* Lemma 4.6: one optimal step of size eta from every point of an n x n grid of B(box) and n_line
 * points on each edge of its boundary: the largest ||mu'||_inf and its start. */
typedef struct {
    double max_norm, argmax[2];
    size_t n_points;
} claims_li2018_box_step;
int claims_li2018_box_step_max(const double *mu_star, double box, double eta, size_t n,
                               size_t n_line, claims_li2018_box_step *out, ganstab_error *err);

/* Theorem 4.1: optimal-discriminator dynamics (step eta) from the starts of an n x n grid of B(C)
 * with |mu_1 - mu_2| >= delta (plus n_line starts at separation delta): each runs until
 * d_TV <= delta (at most t_max steps), then hold more steps; worst TV at the end, the largest
 * number of steps to reach delta, the largest TV during the hold steps, starts that never got
 * there. */
typedef struct {
    double worst_final_tv, worst_hold_tv, worst_start[2];
    size_t max_steps, n_starts, n_failed;
} claims_li2018_convergence;
int claims_li2018_converge(const double *mu_star, double C, double delta, double eta, size_t n,
                           size_t n_line, size_t t_max, size_t hold, claims_li2018_convergence *out,
                           ganstab_error *err);

/* The claims of Li, Madry, Peebles & Schmidt (ICML 2018) on the GMM-GAN. */
extern const claim_def GANSTAB_CLAIMS_LI2018[];
extern const size_t GANSTAB_CLAIMS_LI2018_COUNT;

#endif

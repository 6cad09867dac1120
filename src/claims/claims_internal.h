/* Private to src/claims: the table form of a claim. */
#ifndef GANSTAB_CLAIMS_INTERNAL_H
#define GANSTAB_CLAIMS_INTERNAL_H

#include "ganstab/claims.h"

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

/* The claims of Nagarajan & Kolter (NeurIPS 2017) on the LQ-GAN. */
extern const claim_def GANSTAB_CLAIMS_NAGARAJAN2017[];
extern const size_t GANSTAB_CLAIMS_NAGARAJAN2017_COUNT;

/* The claims of Mescheder, Geiger, Nowozin (ICML 2018) and the closed forms derived from them. */
extern const claim_def GANSTAB_CLAIMS_MESCHEDER2018[];
extern const size_t GANSTAB_CLAIMS_MESCHEDER2018_COUNT;

#endif

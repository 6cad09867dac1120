/* Claims of Nagarajan & Kolter, "Gradient descent GAN optimization is locally stable"
 * (NeurIPS 2017), checked on their LQ-GAN (Sec. 4, Figure 3): x ~ U[-1, 1], z ~ U[-1, 1],
 * D(x) = w2 x^2, G(z) = a z, equilibrium (a, w2) = (1, 0); and on the d-dimensional Gaussian
 * LQ-GAN of Appendix D (model lq; the section at the end of this file).
 *
 * Every prediction is computed from the paper's formulas and the model's definition, never from
 * the engine. The paper orders the state discriminator first; ganstab orders it generator first,
 * so J = [[J_GG, -J_DG^T], [J_DG, J_DD]] here.
 *
 * The quantities of Theorem 3.1 for this model (scalars, both parameters one-dimensional):
 *   K_DD = E_pdata[(dD/dw2)^2] = E[x^4] = 1/5,
 *   K_DG = d/da (E_pdata - E_pG)[dD/dw2] = -d/da E[(a z)^2] = -2a/3 = -2/3 at a = 1,
 *   J_DD = 2 f''(0) K_DD,  J_DG = f'(0) K_DG,  J_GG = 0.
 * With the regularizer of eq. (4) (Sec. 3.4) the generator rows become
 *   [-2 eta J_DG^T J_DG,  -J_DG^T (I + 2 eta J_DD)]. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims_internal.h"
#include "ganstab/eigen.h"
#include "ganstab/lq.h"

#define BIT(v) (1u << (v))

static const double K_DD = 1.0 / 5.0;
static const double K_DG = -2.0 / 3.0;

static double eta_of(const ganstab_case *c)
{
    return c->reg_kind == GANSTAB_REG_NK ? c->eta : 0.0;
}

static int applies_lq2d(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_LQ2D &&
           (c->reg_kind == GANSTAB_REG_NONE || c->reg_kind == GANSTAB_REG_NK);
}

/* Trace and determinant of J_eta (generator first):
 *   J_eta = [[-2 eta J_DG^2, -J_DG (1 + 2 eta J_DD)], [J_DG, J_DD]],
 *   tr = J_DD - 2 eta J_DG^2,
 *   det = -2 eta J_DG^2 J_DD + J_DG^2 (1 + 2 eta J_DD) = J_DG^2   (independent of eta). */
static void jeta_trdet(const ganstab_case *c, double *tr, double *det)
{
    double jdd = 2.0 * claims_fsecond0(c) * K_DD, jdg = claims_fprime0(c) * K_DG, eta = eta_of(c);
    *tr = jdd - 2.0 * eta * jdg * jdg;
    *det = jdg * jdg;
}

int claims_lq2d_trdet(const ganstab_case *c, double *tr, double *det)
{
    if (!applies_lq2d(c))
        return 0;
    jeta_trdet(c, tr, det);
    return 1;
}

/* ---- the Jacobian at equilibrium (Sec. 3.3, 3.4) ----------------------------------------- */

static void predict_jacobian(const ganstab_case *c, ganstab_claim_check *out)
{
    double tr = 0.0, det = 0.0;
    jeta_trdet(c, &tr, &det);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    claims_quadratic_roots(tr, det, out);
    /* det > 0, so the flow is stable iff tr < 0; at tr = 0 (WGAN, eta = 0) the pair is on the
       imaginary axis: "the system can perennially cycle" (Sec. 3.3, Appendix E). */
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out,
                            tr < 0.0 ? BIT(GANSTAB_VERDICT_STABLE) : BIT(GANSTAB_VERDICT_MARGINAL));
}

/* The spiral becomes a node where tr^2 = 4 det: 2 eta J_DG^2 = J_DD + 2 |J_DG|, i.e.
 * eta = (J_DD + 2|J_DG|) / (2 J_DG^2): 2.55 for the standard loss, 1.5 for WGAN. tr < 0 for every
 * eta > 0, so there is no stability change in eta. */
static int critical_jacobian(const ganstab_case *c, ganstab_case_key key,
                             claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    if (key != GANSTAB_KEY_REG_ETA || c->reg_kind != GANSTAB_REG_NK)
        return GANSTAB_OK;
    if (c->update.scheme != GANSTAB_SCHEME_FLOW)
        return GANSTAB_OK;
    double jdd = 2.0 * claims_fsecond0(c) * K_DD, jdg = claims_fprime0(c) * K_DG;
    claims_add_critical(out, (jdd + 2.0 * fabs(jdg)) / (2.0 * jdg * jdg),
                        GANSTAB_CROSSING_OSCILLATION, GANSTAB_CROSSING_COMPLEX_TO_REAL);
    return GANSTAB_OK;
}

/* ---- Theorem 3.1 ----------------------------------------------------------------------- */

static int applies_theorem_3_1(const ganstab_case *c)
{
    return applies_lq2d(c) && eta_of(c) == 0.0 && claims_fsecond0(c) < 0.0;
}

/* Re(lambda) <= 2 f'' f'^2 l(K_DD) l(K^T K) / (4 f''^2 l(K_DD) L(K_DD) + f'^2 l(K^T K)) for real
 * lambda, Re(lambda) <= f'' l(K_DD) otherwise (l: smallest positive eigenvalue, L: largest;
 * scalars here). */
static void predict_theorem_3_1(const ganstab_case *c, ganstab_claim_check *out)
{
    double f1 = claims_fprime0(c), f2 = claims_fsecond0(c), ktk = K_DG * K_DG;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    out->has_re_bound = 1;
    out->re_bound_real =
        2.0 * f2 * f1 * f1 * K_DD * ktk / (4.0 * f2 * f2 * K_DD * K_DD + f1 * f1 * ktk);
    out->re_bound_complex = f2 * K_DD;
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
}

/* ---- Theorem 3.2 ----------------------------------------------------------------------- */

/* Concave f: stable if eta < 1 / (2 lambda_max(-J_DD)). WGAN (f'' = 0): stable for any eta > 0,
 * with Re(lambda) <= -2 f'^2 eta l(K^T K) / (4 f'^2 eta^2 L(K^T K) + 1) for real lambda and
 * Re(lambda) <= -eta f'^2 l(K^T K) otherwise. The condition for concave f is sufficient only:
 * here det J_eta = J_DG^2 does not depend on eta and tr J_eta < 0 for all eta >= 0, so the true
 * boundary is at infinity (derived claim below; `critical` over regularizer.eta confirms). */
static int applies_theorem_3_2(const ganstab_case *c)
{
    if (c->model != GANSTAB_MODEL_LQ2D || c->reg_kind != GANSTAB_REG_NK)
        return 0;
    double jdd = 2.0 * claims_fsecond0(c) * K_DD;
    if (claims_fsecond0(c) < 0.0)
        return c->eta < 1.0 / (2.0 * -jdd);
    return c->eta > 0.0;
}

static void predict_theorem_3_2(const ganstab_case *c, ganstab_claim_check *out)
{
    double f1 = claims_fprime0(c), ktk = K_DG * K_DG, eta = c->eta;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    if (claims_fsecond0(c) == 0.0) {
        out->has_re_bound = 1;
        out->re_bound_real = -2.0 * f1 * f1 * eta * ktk / (4.0 * f1 * f1 * eta * eta * ktk + 1.0);
        out->re_bound_complex = -eta * f1 * f1 * ktk;
    }
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
}

/* ---- derived: simgd on J_eta ------------------------------------------------------------ */

static int applies_lq2d_simgd(const ganstab_case *c)
{
    double tr = 0.0, det = 0.0;
    jeta_trdet(c, &tr, &det);
    return applies_lq2d(c) && c->update.scheme == GANSTAB_SCHEME_SIMGD && tr < 0.0;
}

/* I + h J_eta: eigenvalues 1 + h lambda (roots of mu^2 - (2 + h tr) mu + 1 + h tr + h^2 det);
 * largest stable step as for the Dirac-GAN (mescheder2018.c, derived:simgd-damped-hmax). */
static void predict_lq2d_simgd(const ganstab_case *c, ganstab_claim_check *out)
{
    double tr = 0.0, det = 0.0, h = c->update.h;
    jeta_trdet(c, &tr, &det);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    claims_quadratic_roots(2.0 + h * tr, 1.0 + h * tr + h * h * det, out);
    ganstab_crossing_type type;
    double hmax = claims_simgd_hmax(tr, det, &type);
    claims_set_verdicts(out,
                        h < hmax ? BIT(GANSTAB_VERDICT_STABLE) : BIT(GANSTAB_VERDICT_UNSTABLE));
}

/* Over eta at fixed h (the eta-h region): det = J_DG^2 does not depend on eta and tr = J_DD -
 * 2 eta J_DG^2 decreases with it, so (as for the damping c = -tr of the Dirac-GAN,
 * mescheder2018.c, critical_damped_simgd) I + h J_eta is stable exactly for
 *   h det < -tr < 2/h + h det/2,
 * the first bound a Neimark-Sacker crossing (|mu|^2 = 1 + h tr + h^2 det = 1 with the pair complex,
 * which needs |tr| < 2 sqrt(det), i.e. h sqrt(det) < 2), the second a flip (4 + 2h tr + h^2 det =
 * 0; there |tr| = 2/h + h det/2 >= 2 sqrt(det): real). Solved for eta: eta_NS = (J_DD + h J_DG^2) /
 * (2 J_DG^2),  eta_flip = (J_DD + 2/h + h J_DG^2/2) / (2 J_DG^2). At h sqrt(det) = 2 (h = 6 for the
 * standard loss) both meet at the double eigenvalue -1 (one flip); for larger h no eta is stable
 * (eta_flip is then the second eigenvalue's flip). */
static int critical_lq2d_simgd(const ganstab_case *c, ganstab_case_key key,
                               claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    double tr = 0.0, det = 0.0;
    jeta_trdet(c, &tr, &det);
    if (key == GANSTAB_KEY_REG_ETA && c->reg_kind == GANSTAB_REG_NK) {
        double jdd = 2.0 * claims_fsecond0(c) * K_DD, jdg2 = det, h = c->update.h;
        double eta_ns = (jdd + h * jdg2) / (2.0 * jdg2);
        double eta_flip = (jdd + 2.0 / h + h * jdg2 / 2.0) / (2.0 * jdg2);
        /* eta >= 0 is eta's domain; a bound at 0 up to rounding (h = 0.9 for the standard loss)
           is the crossing exactly at the end of the domain */
        const double zero = GANSTAB_CROSSING_REL_WIDTH;
        if (h * sqrt(det) < 2.0 && eta_ns >= -zero)
            claims_add_critical(out, fmax(0.0, eta_ns), GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_NEIMARK_SACKER);
        if (eta_flip >= -zero)
            claims_add_critical(out, fmax(0.0, eta_flip), GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_FLIP);
        return GANSTAB_OK;
    }
    if (key != GANSTAB_KEY_UPDATE_H)
        return GANSTAB_OK;
    ganstab_crossing_type type;
    double hmax = claims_simgd_hmax(tr, det, &type);
    claims_add_critical(out, hmax, GANSTAB_CROSSING_STABILITY, type);
    return GANSTAB_OK;
}

/* ---- Proposition 3.1 -------------------------------------------------------------------- */

/* V_aa = -J_aa needs the generator's field to be -dV/da: not for the non-saturating loss. */
static int applies_prop_3_1(const ganstab_case *c)
{
    return applies_lq2d(c) && eta_of(c) == 0.0 && c->loss != GANSTAB_LOSS_NONSATURATING;
}

static void predict_prop_3_1(const ganstab_case *c, ganstab_claim_check *out)
{
    (void)c;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "V_aa < 0 and V_w2w2 <= 0 at (a, w2) = (1, eps), eps = 0.1, 0.01, 0.001 "
             "(V_aa ~ -2 eps f'(0)/3)");
}

/* The proposition: V is concave in the discriminator (f concave) and also in the generator near
 * the equilibrium. For the LQ-GAN, d2V/da2 = E[-2 w2 z^2 f'(u) + 4 w2^2 a^2 z^4 f''(u)],
 * u = -w2 a^2 z^2, which is -2 w2 f'(0)/3 + O(w2^2) < 0 for every small w2 > 0: concave-concave
 * arbitrarily close to (1, 0). The engine's Hessian entries come from its Jacobian:
 * v_a = -dV/da gives V_aa = -J_aa, v_w2 = dV/dw2 gives V_w2w2 = J_w2w2. */
static int check_prop_3_1(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check *out,
                          int *agrees, ganstab_error *err)
{
    (void)r;
    static const double eps[] = {0.1, 0.01, 0.001};
    ganstab_game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    double x[2], v[2], J[4];
    size_t used = 0;
    *agrees = 1;
    used += (size_t)snprintf(out->computed_text, sizeof out->computed_text, "(V_aa, V_w2w2) =");
    for (size_t k = 0; k < sizeof eps / sizeof eps[0] && rc == GANSTAB_OK; k++) {
        g.model->ops->equilibrium(g.model, x);
        x[1] += eps[k];
        rc = ganstab_game_field(&g, x, v, J, err);
        if (rc != GANSTAB_OK)
            break;
        double vaa = -J[0], vww = J[3];
        if (!(vaa < 0.0) || !(vww <= 0.0))
            *agrees = 0;
        if (used < sizeof out->computed_text)
            used += (size_t)snprintf(out->computed_text + used, sizeof out->computed_text - used,
                                     " (%.3g, %.3g)", vaa, vww);
    }
    ganstab_game_free(&g);
    return rc;
}

/* ==== The d-dimensional LQ-GAN (model lq; Sec. 3.3 and Appendix D) ========================
 *
 * K_DD and K_DG come from the data's Gaussian moments written out (lq_predict.c), evaluated at
 * the generator the engine linearized at (its equilibrium: A = chol(Sigma), b = m); the engine's
 * J comes from src/models/lq.c's Isserlis recursion and, with the regularizer, from
 * src/regularizers/regularizer.c. Where the equilibria form a manifold (A -> A Q) the Re-bounds
 * concern the spectrum transversal to it (claims.c; Theorem A.4). */

static int applies_lq(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_LQ &&
           (c->reg_kind == GANSTAB_REG_NONE || c->reg_kind == GANSTAB_REG_NK);
}

/* An eigenvalue of a positive semidefinite K counts as positive above this times the largest:
 * K's rank deficiencies are the equilibrium manifold's directions (Assumption III), exact zeros
 * computed to ~1e-15 relative; its positive eigenvalues for the well-conditioned covariances
 * here are >= 1e-3 of the largest. */
#define GANSTAB_CLAIM_POSITIVE_RTOL 1e-10

/* Eigenvalues of the symmetric part of m (k x k): smallest, largest, and the smallest above
 * GANSTAB_CLAIM_POSITIVE_RTOL * (largest) (lmin_pos may be NULL). */
static int sym_spectrum(const ganstab_matrix *m, double *lmin, double *lmax, double *lmin_pos,
                        ganstab_error *err)
{
    size_t k = m->rows;
    ganstab_eigenvalue *ev = malloc(k * sizeof *ev);
    ganstab_matrix *s = ganstab_matrix_alloc(k, k);
    int rc = ev == NULL || s == NULL
                 ? ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory")
                 : GANSTAB_OK;
    for (size_t j = 0; rc == GANSTAB_OK && j < k; j++)
        for (size_t i = 0; i < k; i++)
            ganstab_matrix_set(s, i, j,
                               0.5 * (ganstab_matrix_get(m, i, j) + ganstab_matrix_get(m, j, i)));
    if (rc == GANSTAB_OK)
        rc = ganstab_eigen_compute_alloc(s, ev, err);
    *lmin = INFINITY;
    *lmax = -INFINITY;
    for (size_t i = 0; rc == GANSTAB_OK && i < k; i++) {
        *lmin = fmin(*lmin, ev[i].re);
        *lmax = fmax(*lmax, ev[i].re);
    }
    if (lmin_pos != NULL) {
        *lmin_pos = INFINITY;
        for (size_t i = 0; rc == GANSTAB_OK && i < k; i++)
            if (ev[i].re > GANSTAB_CLAIM_POSITIVE_RTOL * *lmax && ev[i].re < *lmin_pos)
                *lmin_pos = ev[i].re;
    }
    free(ev);
    ganstab_matrix_free(s);
    return rc;
}

/* K_DD, and K_DG at the result's equilibrium. */
static int lq_matrices(const ganstab_case *c, const ganstab_result *r, claims_lq *q,
                       ganstab_error *err)
{
    int rc = claims_lq_init(c, q, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (r->n != q->n || r->equilibrium == NULL) {
        claims_lq_free(q);
        return ganstab_error_set(err, GANSTAB_EINVAL, "claims",
                                 "result of dimension %zu is not model lq's (%zu)", r->n, q->n);
    }
    claims_lq_set_generator(q, r->equilibrium);
    return GANSTAB_OK;
}

/* l+(K_DG^T K_DG) and L(K_DG^T K_DG). */
static int lq_ktk_extremes(const claims_lq *q, double *lpos, double *lmax, ganstab_error *err)
{
    ganstab_matrix *ktk = ganstab_matrix_alloc(q->ng, q->ng);
    if (ktk == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    for (size_t j = 0; j < q->ng; j++)
        for (size_t i = 0; i < q->ng; i++) {
            double s = 0.0;
            for (size_t k = 0; k < q->nd; k++)
                s += ganstab_matrix_get(q->kdg, k, i) * ganstab_matrix_get(q->kdg, k, j);
            ganstab_matrix_set(ktk, i, j, s);
        }
    double lmin = 0.0;
    int rc = sym_spectrum(ktk, &lmin, lmax, lpos, err);
    ganstab_matrix_free(ktk);
    return rc;
}

/* ---- the Jacobian (Sec. 3.3-3.4) ------------------------------------------------------- */

/* The engine's J and the prediction are exact formulas evaluated in different orders (moments
 * by recursion vs written out; the regularizer's rows as J_DG^T J_DG sums over n_d terms in
 * both): each entry is a sum of at most n products whose sizes are bounded by a few times the
 * largest entry, so they differ by rounding, at most ~n eps max|J| (Higham, Accuracy and
 * Stability of Numerical Algorithms, Sec. 3.1). Over tests/test_claims.c's random cases (d <= 5)
 * the differences are at most 0.14 n eps max|J|: the factor leaves two orders of magnitude, and
 * an error in one term of a moment (O(1) relative) is ~1e13 times larger. */
#define GANSTAB_CLAIM_JACOBIAN_EPS_FACTOR 16.0

static void predict_jacobian_lq(const ganstab_case *c, ganstab_claim_check *out)
{
    double eta = eta_of(c);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    out->compares_entries = 1;
    if (eta == 0.0)
        snprintf(out->predicted_text, sizeof out->predicted_text,
                 "J_DD = 2f''(0)K_DD, J_DG = f'(0)K_DG, J_GG = 0, J_GD = -J_DG^T with f'(0) = %g, "
                 "f''(0) = %g and K_DD, K_DG from the N(m, Sigma) moments at x*",
                 claims_fprime0(c), claims_fsecond0(c));
    else
        snprintf(out->predicted_text, sizeof out->predicted_text,
                 "J_DD = 2f''(0)K_DD, J_DG = f'(0)K_DG, J_GG = -2 eta J_DG^T J_DG, J_GD = "
                 "-J_DG^T(I + 2 eta J_DD) with eta = %g, f'(0) = %g, f''(0) = %g and K_DD, K_DG "
                 "from the N(m, Sigma) moments at x*",
                 eta, claims_fprime0(c), claims_fsecond0(c));
    /* WGAN (f'' = 0) without the regularizer: J = [[0, -K^T], [K, 0]] is antisymmetric, and so
       is C^T J C for an orthonormal C: an imaginary transversal spectrum ("the system can
       perennially cycle", Sec. 3.3, Appendix E). */
    if (claims_fsecond0(c) == 0.0 && eta == 0.0 && c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_MARGINAL));
}

static int check_jacobian_lq(const ganstab_case *c, const ganstab_result *r,
                             ganstab_claim_check *out, int *agrees, ganstab_error *err)
{
    claims_lq q;
    int rc = lq_matrices(c, r, &q, err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t n = q.n, ng = q.ng;
    ganstab_matrix *P = ganstab_matrix_alloc(n, n);
    if (P == NULL) {
        claims_lq_free(&q);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    }
    claims_lq_jacobian(&q, claims_fprime0(c), claims_fsecond0(c), eta_of(c), P);
    double block[4] = {0.0, 0.0, 0.0, 0.0}, scale = 1.0; /* GG, GD, DG, DD */
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            double p = ganstab_matrix_get(P, i, j);
            size_t b = (i < ng ? 0u : 2u) + (j < ng ? 0u : 1u);
            block[b] = fmax(block[b], fabs(ganstab_matrix_get(r->jacobian, i, j) - p));
            scale = fmax(scale, fabs(p));
        }
    double tol = GANSTAB_CLAIM_JACOBIAN_EPS_FACTOR * (double)n * DBL_EPSILON * scale;
    out->max_abs_error = fmax(fmax(block[0], block[1]), fmax(block[2], block[3]));
    *agrees = out->max_abs_error <= tol;
    char e[4][32];
    for (size_t b = 0; b < 4; b++)
        claims_fmt_error_size(e[b], sizeof e[b], block[b]);
    snprintf(out->computed_text, sizeof out->computed_text,
             "max |J - predicted| over J_GG: %s, J_GD: %s, J_DG: %s, J_DD: %s (tolerance %.2g = "
             "%g n eps max|J|, max|J| = %.4g)",
             e[0], e[1], e[2], e[3], tol, GANSTAB_CLAIM_JACOBIAN_EPS_FACTOR, scale);
    ganstab_matrix_free(P);
    claims_lq_free(&q);
    return GANSTAB_OK;
}

/* ---- Theorem 3.1 ----------------------------------------------------------------------- */

static int applies_theorem_3_1_lq(const ganstab_case *c)
{
    return applies_lq(c) && eta_of(c) == 0.0 && claims_fsecond0(c) < 0.0;
}

static void predict_theorem_3_1_lq(const ganstab_case *c, ganstab_claim_check *out)
{
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    out->has_re_bound = 1; /* the values come from check_theorem_3_1_lq */
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
}

static int check_theorem_3_1_lq(const ganstab_case *c, const ganstab_result *r,
                                ganstab_claim_check *out, int *agrees, ganstab_error *err)
{
    double f1 = claims_fprime0(c), f2 = claims_fsecond0(c);
    claims_lq q;
    int rc = lq_matrices(c, r, &q, err);
    double lkdd = 0, Lkdd = 0, lktk = 0, Lktk = 0, kmin = 0;
    if (rc == GANSTAB_OK)
        rc = sym_spectrum(q.kdd, &kmin, &Lkdd, &lkdd, err);
    if (rc == GANSTAB_OK)
        rc = lq_ktk_extremes(&q, &lktk, &Lktk, err);
    claims_lq_free(&q);
    if (rc != GANSTAB_OK)
        return rc;
    out->re_bound_real =
        2.0 * f2 * f1 * f1 * lkdd * lktk / (4.0 * f2 * f2 * lkdd * Lkdd + f1 * f1 * lktk);
    out->re_bound_complex = f2 * lkdd;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "l+(K_DD) = %.4g, L(K_DD) = %.4g, l+(K_DG^T K_DG) = %.4g (Gaussian moments)", lkdd,
             Lkdd, lktk);
    *agrees = 1; /* the Re-bounds themselves are checked by the generic comparison */
    return GANSTAB_OK;
}

/* ---- Theorem 3.2 ----------------------------------------------------------------------- */

/* 1/(2 lambda_max(-J_DD)) = 1/(-4 f''(0) lambda_max(K_DD)) for concave f. */
static int lq_eta_bound(const ganstab_case *c, const claims_lq *q, double *eta_bound,
                        double *kdd_max, ganstab_error *err)
{
    double kmin = 0.0;
    int rc = sym_spectrum(q->kdd, &kmin, kdd_max, NULL, err);
    *eta_bound = 1.0 / (-4.0 * claims_fsecond0(c) * *kdd_max);
    return rc;
}

static int applies_theorem_3_2_lq(const ganstab_case *c)
{
    if (c->model != GANSTAB_MODEL_LQ || c->reg_kind != GANSTAB_REG_NK)
        return 0;
    if (claims_fsecond0(c) == 0.0)
        return c->eta > 0.0;
    claims_lq q;
    double bound = 0.0, kmax = 0.0;
    if (claims_lq_init(c, &q, NULL) != GANSTAB_OK)
        return 1; /* the check recomputes it and reports the error */
    int rc = lq_eta_bound(c, &q, &bound, &kmax, NULL);
    claims_lq_free(&q);
    return rc != GANSTAB_OK || c->eta < bound;
}

static void predict_theorem_3_2_lq(const ganstab_case *c, ganstab_claim_check *out)
{
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    out->has_re_bound = claims_fsecond0(c) == 0.0; /* values from check_theorem_3_2_lq */
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
}

/* The spectral abscissa of the engine's J_eta at x* for regularizer weight eta, transversal to
 * the equilibrium manifold: with Q an orthonormal basis of the tangent space T (J T = 0; the
 * regularizer vanishes with v_D, so T is the same for every eta) and P = Q Q^T, in a basis
 * [Q, C] J - s P = [[-s I, Q^T J C], [0, C^T J C]], so its spectrum is C^T J C's (the
 * transversal one, as ganstab_analyze computes it) plus -s, k times; s = 1 + |J|_F puts those
 * to the left of every eigenvalue of C^T J C (|lambda| <= |J|_2 <= |J|_F). */
static int lq_transversal_abscissa(const ganstab_case *c, const double *xstar, double eta,
                                   double *abscissa, ganstab_error *err)
{
    ganstab_case ce = *c;
    ce.eta = eta;
    ganstab_game g;
    int rc = ganstab_game_init(&ce, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t n = ganstab_game_dimension(&g);
    size_t k = g.model->ops->tangent != NULL ? g.model->ops->tangent(g.model, xstar, NULL) : 0;
    double *v = malloc(n * sizeof *v), *Q = calloc((k > 0 ? k : 1) * n, sizeof *Q);
    ganstab_matrix *J = ganstab_matrix_alloc(n, n);
    ganstab_eigenvalue *ev = malloc(n * sizeof *ev);
    if (v == NULL || Q == NULL || J == NULL || ev == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    if (rc == GANSTAB_OK)
        rc = ganstab_game_field(&g, xstar, v, J->data, err);
    if (rc == GANSTAB_OK && k > 0) {
        g.model->ops->tangent(g.model, xstar, Q);
        for (size_t a = 0; a < k; a++) { /* modified Gram-Schmidt */
            double *qa = Q + a * n, nrm = 0.0;
            for (size_t b = 0; b < a; b++) {
                double dot = 0.0;
                for (size_t i = 0; i < n; i++)
                    dot += Q[b * n + i] * qa[i];
                for (size_t i = 0; i < n; i++)
                    qa[i] -= dot * Q[b * n + i];
            }
            for (size_t i = 0; i < n; i++)
                nrm += qa[i] * qa[i];
            for (size_t i = 0; i < n; i++)
                qa[i] /= sqrt(nrm);
        }
        double fro = 0.0;
        for (size_t i = 0; i < n * n; i++)
            fro += J->data[i] * J->data[i];
        double s = 1.0 + sqrt(fro);
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++) {
                double p = 0.0;
                for (size_t a = 0; a < k; a++)
                    p += Q[a * n + i] * Q[a * n + j];
                J->data[i + j * n] -= s * p;
            }
    }
    if (rc == GANSTAB_OK)
        rc = ganstab_eigen_compute_alloc(J, ev, err);
    if (rc == GANSTAB_OK)
        *abscissa = ganstab_spectral_abscissa(ev, n);
    free(v);
    free(Q);
    free(ev);
    ganstab_matrix_free(J);
    ganstab_game_free(&g);
    return rc;
}

/* For concave f the condition eta < 1/(2 lambda_max(-J_DD)) is sufficient only. Where the true
 * boundary lies is not in the paper; `critical` does not sweep manifold models yet, so the check
 * states the engine's transversal spectral abscissa at the bound and at multiples of it. */
static const double LQ_ETA_MULTIPLES[] = {1.0, 3.0, 10.0, 30.0, 100.0, 1000.0};

static int check_theorem_3_2_lq(const ganstab_case *c, const ganstab_result *r,
                                ganstab_claim_check *out, int *agrees, ganstab_error *err)
{
    double f1 = claims_fprime0(c);
    claims_lq q;
    int rc = lq_matrices(c, r, &q, err);
    if (rc != GANSTAB_OK)
        return rc;
    *agrees = 1; /* the verdict and the Re-bounds are checked by the generic comparison */
    if (claims_fsecond0(c) == 0.0) {
        double l = 0.0, L = 0.0, eta = c->eta;
        rc = lq_ktk_extremes(&q, &l, &L, err);
        out->re_bound_real = -2.0 * f1 * f1 * eta * l / (4.0 * f1 * f1 * eta * eta * L + 1.0);
        out->re_bound_complex = -eta * f1 * f1 * l;
        snprintf(out->predicted_text, sizeof out->predicted_text,
                 "l+(K_DG^T K_DG) = %.4g, L(K_DG^T K_DG) = %.4g (Gaussian moments)", l, L);
        claims_lq_free(&q);
        return rc;
    }
    double bound = 0.0, kmax = 0.0;
    rc = lq_eta_bound(c, &q, &bound, &kmax, err);
    claims_lq_free(&q);
    if (rc != GANSTAB_OK)
        return rc;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "eta = %g < 1/(2 lambda_max(-J_DD)) = eta_b = %.4g (lambda_max(K_DD) = %.4g, "
             "Gaussian moments)",
             c->eta, bound, kmax);
    size_t used = (size_t)snprintf(out->computed_text, sizeof out->computed_text,
                                   "engine's transversal max Re lambda at eta = k eta_b:");
    double first_unstable = NAN;
    size_t nk = sizeof LQ_ETA_MULTIPLES / sizeof LQ_ETA_MULTIPLES[0];
    for (size_t i = 0; i < nk && rc == GANSTAB_OK; i++) {
        double a = 0.0;
        rc = lq_transversal_abscissa(c, r->equilibrium, LQ_ETA_MULTIPLES[i] * bound, &a, err);
        if (rc == GANSTAB_OK && !(a < 0.0) && isnan(first_unstable))
            first_unstable = LQ_ETA_MULTIPLES[i];
        if (rc == GANSTAB_OK && used < sizeof out->computed_text)
            used += (size_t)snprintf(out->computed_text + used, sizeof out->computed_text - used,
                                     "%s k = %g: %.4g", i > 0 ? "," : "", LQ_ETA_MULTIPLES[i], a);
    }
    if (rc == GANSTAB_OK && used < sizeof out->computed_text) {
        if (isnan(first_unstable))
            snprintf(out->computed_text + used, sizeof out->computed_text - used,
                     " (all < 0: the bound is sufficient, far from sharp; sampled, not swept)");
        else
            snprintf(out->computed_text + used, sizeof out->computed_text - used,
                     " (>= 0 first at k = %g: a stability boundary below it)", first_unstable);
    }
    return rc;
}

/* ---- Proposition 3.1 -------------------------------------------------------------------- */

/* Where the field off D = 0 can be evaluated: always for the WGAN loss (closed form), else by
 * quadrature for d <= GANSTAB_LQ_QUADRATURE_MAX_DIM (lq.h); larger d is not checked. */
static int applies_prop_3_1_lq(const ganstab_case *c)
{
    return applies_lq(c) && eta_of(c) == 0.0 && c->loss != GANSTAB_LOSS_NONSATURATING &&
           (c->loss == GANSTAB_LOSS_WGAN || c->lq_dim <= GANSTAB_LQ_QUADRATURE_MAX_DIM);
}

static const double PROP_3_1_EPS[] = {0.1, 0.01, 0.001};

static void predict_prop_3_1_lq(const ganstab_case *c, ganstab_claim_check *out)
{
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "V_GG < 0 and V_DD <= 0 at theta_G*, theta_D = eps (W = I, w = 0, c = 0), eps = 0.1, "
             "0.01, 0.001; to first order V_GG = -2 eps f'(0) I (-2 f'(0) = %g)",
             -2.0 * claims_fprime0(c));
}

/* The proposition: V is concave in the discriminator (f concave) and, arbitrarily close to the
 * equilibrium, also in the generator. With y = A z + b, Y = dy/dtheta_G (Y_k,A_kl = z_l,
 * Y_k,b_k = 1), q = dD(y)/dtheta_G = Y^T (2 W y + w) and V's fake term E f(-D(y)):
 *   V_GG = E[f''(-D) q q^T] - E[f'(-D) dq/dtheta_G] = E[f''(-D) q q^T] - 2 E[f'(-D) Y^T W Y].
 * At W = eps I, w = 0, c = 0: q = 2 eps Y^T y = O(eps), so
 *   V_GG = -2 eps f'(0) E[Y^T Y] + O(eps^2) = -2 eps f'(0) I + O(eps^2)
 * (E[z_l z_l'] = delta_ll', E z = 0: E[Y^T Y] = I). In fact V_GG < 0 for every eps > 0: the first
 * term is <= 0 (f'' <= 0) and the second < 0 (f' > 0 for both losses, Y^T Y >= 0 with E[Y^T Y]
 * = I); for the WGAN (f' = 1, f'' = 0) V_GG = -2 eps I exactly. V_DD = E_x f''(D) phi phi^T +
 * E_z f''(-D) phi phi^T <= 0. The engine's Hessian blocks come from its Jacobian there:
 * v_G = -dV/dtheta_G gives V_GG = -J_GG, v_D = dV/dtheta_D gives V_DD = J_DD. The point is the
 * result's equilibrium moved in W, so a wrong equilibrium (D != 0) shows here too. */
static int check_prop_3_1_lq(const ganstab_case *c, const ganstab_result *r,
                             ganstab_claim_check *out, int *agrees, ganstab_error *err)
{
    size_t d = c->lq_dim, n = r->n, ng = r->n_g, nd = r->n_d;
    ganstab_game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    double *x = malloc(n * sizeof *x), *v = malloc(n * sizeof *v);
    ganstab_matrix *J = ganstab_matrix_alloc(n, n), *vgg = ganstab_matrix_alloc(ng, ng);
    ganstab_matrix *vdd = ganstab_matrix_alloc(nd, nd);
    if (x == NULL || v == NULL || J == NULL || vgg == NULL || vdd == NULL ||
        ganstab_game_dimension(&g) != n)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    *agrees = 1;
    size_t used = 0;
    for (size_t k = 0; k < sizeof PROP_3_1_EPS / sizeof PROP_3_1_EPS[0] && rc == GANSTAB_OK; k++) {
        memcpy(x, r->equilibrium, n * sizeof *x);
        for (size_t i = 0; i < d; i++) /* W_ii: rows r < i of the triangle hold d - r entries */
            x[ng + i * (2 * d - i + 1) / 2] += PROP_3_1_EPS[k];
        rc = ganstab_game_field(&g, x, v, J->data, err);
        for (size_t j = 0; rc == GANSTAB_OK && j < ng; j++)
            for (size_t i = 0; i < ng; i++)
                ganstab_matrix_set(vgg, i, j, -ganstab_matrix_get(J, i, j));
        for (size_t j = 0; rc == GANSTAB_OK && j < nd; j++)
            for (size_t i = 0; i < nd; i++)
                ganstab_matrix_set(vdd, i, j, ganstab_matrix_get(J, ng + i, ng + j));
        double gmin = 0, gmax = 0, dmin = 0, dmax = 0;
        if (rc == GANSTAB_OK)
            rc = sym_spectrum(vgg, &gmin, &gmax, NULL, err);
        if (rc == GANSTAB_OK)
            rc = sym_spectrum(vdd, &dmin, &dmax, NULL, err);
        if (rc != GANSTAB_OK)
            break;
        /* "< 0" and "<= 0" beyond rounding, relative to the block's largest eigenvalue */
        if (!(gmax < -GANSTAB_CLAIM_POSITIVE_RTOL * fabs(gmin)))
            *agrees = 0;
        if (!(dmax <= GANSTAB_CLAIM_POSITIVE_RTOL * fmax(fabs(dmin), fabs(dmax))))
            *agrees = 0;
        if (used < sizeof out->computed_text)
            used += (size_t)snprintf(out->computed_text + used, sizeof out->computed_text - used,
                                     "%seps = %g: eigenvalues of V_GG in [%.4g, %.4g], of "
                                     "V_DD <= %.3g",
                                     k > 0 ? "; " : "", PROP_3_1_EPS[k], gmin, gmax,
                                     fabs(dmax) <= GANSTAB_CLAIM_POSITIVE_RTOL * fabs(dmin) ? 0.0
                                                                                            : dmax);
    }
    free(x);
    free(v);
    ganstab_matrix_free(J);
    ganstab_matrix_free(vgg);
    ganstab_matrix_free(vdd);
    ganstab_game_free(&g);
    return rc;
}

const claim_def GANSTAB_CLAIMS_NAGARAJAN2017[] = {
    {"nagarajan2017:jacobian",
     "At the equilibrium J = [[J_DD, J_DG], [-J_DG^T, 0]] with J_DD = 2f''(0)K_DD, "
     "J_DG = f'(0)K_DG (discriminator first); with the eq. (4) regularizer the generator rows "
     "become [-J_DG^T(I + 2 eta J_DD), -2 eta J_DG^T J_DG]. LQ-GAN: K_DD = 1/5, K_DG = -2/3.",
     "Nagarajan & Kolter 2017, Sec. 3.3-3.4 (J and J_eta)", applies_lq2d, predict_jacobian,
     critical_jacobian, NULL},
    {"nagarajan2017:theorem-3.1",
     "Every eigenvalue of J has Re(lambda) <= 2f''f'^2 l(K_DD) l(K_DG^T K_DG) / "
     "(4f''^2 l(K_DD) L(K_DD) + f'^2 l(K_DG^T K_DG)) if real, <= f''(0) l(K_DD) otherwise.",
     "Nagarajan & Kolter 2017, Theorem 3.1", applies_theorem_3_1, predict_theorem_3_1, NULL, NULL},
    {"nagarajan2017:theorem-3.2",
     "With the regularizer, the system is locally exponentially stable if "
     "eta < 1/(2 lambda_max(-J_DD)); the WGAN for any eta > 0, with Re(lambda) <= "
     "-2f'^2 eta l(K^T K)/(4f'^2 eta^2 L(K^T K) + 1) (real) and <= -eta f'^2 l(K^T K) (complex).",
     "Nagarajan & Kolter 2017, Theorem 3.2", applies_theorem_3_2, predict_theorem_3_2, NULL, NULL},
    {"nagarajan2017:proposition-3.1",
     "The GAN objective can be concave in both the discriminator and the generator parameters, "
     "in regions arbitrarily close to the equilibrium (not convex-concave).",
     "Nagarajan & Kolter 2017, Proposition 3.1", applies_prop_3_1, predict_prop_3_1, NULL,
     check_prop_3_1},
    {"nagarajan2017:jacobian",
     "At the equilibrium J = [[J_DD, J_DG], [-J_DG^T, 0]] with J_DD = 2f''(0)K_DD, "
     "J_DG = f'(0)K_DG (discriminator first); with the eq. (4) regularizer the generator rows "
     "become [-J_DG^T(I + 2 eta J_DD), -2 eta J_DG^T J_DG]. d-dimensional Gaussian LQ-GAN: "
     "K_DD = E[phi phi^T], K_DG = d/dtheta_G (E_pdata - E_pG)[phi], phi = dD/dtheta_D.",
     "Nagarajan & Kolter 2017, Sec. 3.3-3.4 and Appendix D", applies_lq, predict_jacobian_lq, NULL,
     check_jacobian_lq},
    {"nagarajan2017:theorem-3.1",
     "Every eigenvalue of J off the equilibrium manifold has Re(lambda) <= 2f''f'^2 l(K_DD) "
     "l(K_DG^T K_DG) / (4f''^2 l(K_DD) L(K_DD) + f'^2 l(K_DG^T K_DG)) if real, <= f''(0) l(K_DD) "
     "otherwise (d-dimensional Gaussian LQ-GAN).",
     "Nagarajan & Kolter 2017, Theorem 3.1 and Appendix D", applies_theorem_3_1_lq,
     predict_theorem_3_1_lq, NULL, check_theorem_3_1_lq},
    {"nagarajan2017:theorem-3.2",
     "With the regularizer, the system is locally exponentially stable if "
     "eta < 1/(2 lambda_max(-J_DD)); the WGAN for any eta > 0, with Re(lambda) <= "
     "-2f'^2 eta l(K^T K)/(4f'^2 eta^2 L(K^T K) + 1) (real) and <= -eta f'^2 l(K^T K) (complex) "
     "off the equilibrium manifold (d-dimensional Gaussian LQ-GAN).",
     "Nagarajan & Kolter 2017, Theorem 3.2 and Appendix D", applies_theorem_3_2_lq,
     predict_theorem_3_2_lq, NULL, check_theorem_3_2_lq},
    {"nagarajan2017:proposition-3.1",
     "The GAN objective can be concave in both the discriminator and the generator parameters, "
     "in regions arbitrarily close to the equilibrium (d-dimensional Gaussian LQ-GAN; checked "
     "where the field off D = 0 exists: the WGAN loss, or d <= 3).",
     "Nagarajan & Kolter 2017, Proposition 3.1", applies_prop_3_1_lq, predict_prop_3_1_lq, NULL,
     check_prop_3_1_lq},
    {"derived:lq2d-simgd-hmax",
     "SimGD on the LQ-GAN has eigenvalues 1 + h lambda(J_eta); det J_eta = J_DG^2 does not depend "
     "on eta, so it is stable iff h < -tr/det (complex) or h < 2/|lambda_min| (real).",
     "derived from Nagarajan & Kolter 2017, Sec. 3.4 (see src/claims/nagarajan2017.c)",
     applies_lq2d_simgd, predict_lq2d_simgd, critical_lq2d_simgd, NULL},
};

const size_t GANSTAB_CLAIMS_NAGARAJAN2017_COUNT =
    sizeof GANSTAB_CLAIMS_NAGARAJAN2017 / sizeof GANSTAB_CLAIMS_NAGARAJAN2017[0];

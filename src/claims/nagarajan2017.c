/* Claims of Nagarajan & Kolter, "Gradient descent GAN optimization is locally stable"
 * (NeurIPS 2017), checked on their LQ-GAN (Sec. 4, Figure 3): x ~ U[-1, 1], z ~ U[-1, 1],
 * D(x) = w2 x^2, G(z) = a z, equilibrium (a, w2) = (1, 0).
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
#include <math.h>
#include <stdio.h>

#include <stdlib.h>

#include "claims_internal.h"
#include "ganstab/eigen.h"

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

/* The d-dimensional LQ-GAN: K_DD and K_DG are read from the result's Jacobian blocks,
 * J_DD = 2 f''(0) K_DD and J_DG = f'(0) K_DG (that structure is checked against independently
 * computed Gaussian moments in tests/test_lq.c); the theorem is then the nontrivial relation
 * between those blocks' spectra and the transversal spectrum of J. l+ is the smallest eigenvalue
 * above GANSTAB_CLAIM_POSITIVE_RTOL * (largest): the rank deficiencies of K correspond to the
 * equilibrium manifold (Assumption III). */
#define GANSTAB_CLAIM_POSITIVE_RTOL 1e-10

static int applies_theorem_3_1_lq(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_LQ && c->reg_kind == GANSTAB_REG_NONE &&
           claims_fsecond0(c) < 0.0;
}

static void predict_theorem_3_1_lq(const ganstab_case *c, ganstab_claim_check *out)
{
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    out->has_re_bound = 1; /* the values come from check_theorem_3_1_lq */
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
}

/* Smallest positive (relative to the largest) and largest eigenvalue of a symmetric matrix. */
static int sym_extremes(ganstab_matrix *m, double *lmin_pos, double *lmax, ganstab_error *err)
{
    ganstab_eigenvalue *ev = malloc(m->rows * sizeof *ev);
    if (ev == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    int rc = ganstab_eigen_compute_alloc(m, ev, err);
    *lmax = rc == GANSTAB_OK ? ganstab_spectral_abscissa(ev, m->rows) : NAN;
    *lmin_pos = INFINITY;
    for (size_t i = 0; rc == GANSTAB_OK && i < m->rows; i++)
        if (ev[i].re > GANSTAB_CLAIM_POSITIVE_RTOL * *lmax && ev[i].re < *lmin_pos)
            *lmin_pos = ev[i].re;
    free(ev);
    return rc;
}

static int check_theorem_3_1_lq(const ganstab_case *c, const ganstab_result *r,
                                ganstab_claim_check *out, int *agrees, ganstab_error *err)
{
    size_t ng = r->n_g, nd = r->n_d, n = r->n;
    double f1 = claims_fprime0(c), f2 = claims_fsecond0(c);
    ganstab_matrix *kdd = ganstab_matrix_alloc(nd, nd), *ktk = ganstab_matrix_alloc(ng, ng);
    int rc = kdd == NULL || ktk == NULL
                 ? ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory")
                 : GANSTAB_OK;
    const double *J = r->jacobian != NULL ? r->jacobian->data : NULL;
    for (size_t j = 0; rc == GANSTAB_OK && j < nd; j++)
        for (size_t i = 0; i < nd; i++)
            ganstab_matrix_set(kdd, i, j, J[(ng + i) + (ng + j) * n] / (2.0 * f2));
    for (size_t j = 0; rc == GANSTAB_OK && j < ng; j++)
        for (size_t i = 0; i < ng; i++) {
            double s = 0.0; /* (K_DG^T K_DG)_ij with K_DG = J_DG / f'(0) */
            for (size_t k = 0; k < nd; k++)
                s += J[(ng + k) + i * n] * J[(ng + k) + j * n];
            ganstab_matrix_set(ktk, i, j, s / (f1 * f1));
        }
    double lkdd = 0, Lkdd = 0, lktk = 0, Lktk = 0;
    if (rc == GANSTAB_OK)
        rc = sym_extremes(kdd, &lkdd, &Lkdd, err);
    if (rc == GANSTAB_OK)
        rc = sym_extremes(ktk, &lktk, &Lktk, err);
    ganstab_matrix_free(kdd);
    ganstab_matrix_free(ktk);
    if (rc != GANSTAB_OK)
        return rc;
    out->re_bound_real =
        2.0 * f2 * f1 * f1 * lkdd * lktk / (4.0 * f2 * f2 * lkdd * Lkdd + f1 * f1 * lktk);
    out->re_bound_complex = f2 * lkdd;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "l+(K_DD) = %.4g, L(K_DD) = %.4g, l+(K_DG^T K_DG) = %.4g (from J's blocks)", lkdd,
             Lkdd, lktk);
    *agrees = 1; /* the Re-bounds themselves are checked by the generic comparison */
    return GANSTAB_OK;
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

static int critical_lq2d_simgd(const ganstab_case *c, ganstab_case_key key,
                               claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    if (key != GANSTAB_KEY_UPDATE_H)
        return GANSTAB_OK;
    double tr = 0.0, det = 0.0;
    jeta_trdet(c, &tr, &det);
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
    {"nagarajan2017:theorem-3.1",
     "Every eigenvalue of J off the equilibrium manifold has Re(lambda) <= 2f''f'^2 l(K_DD) "
     "l(K_DG^T K_DG) / (4f''^2 l(K_DD) L(K_DD) + f'^2 l(K_DG^T K_DG)) if real, <= f''(0) l(K_DD) "
     "otherwise (d-dimensional Gaussian LQ-GAN).",
     "Nagarajan & Kolter 2017, Theorem 3.1 and Appendix D", applies_theorem_3_1_lq,
     predict_theorem_3_1_lq, NULL, check_theorem_3_1_lq},
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
    {"derived:lq2d-simgd-hmax",
     "SimGD on the LQ-GAN has eigenvalues 1 + h lambda(J_eta); det J_eta = J_DG^2 does not depend "
     "on eta, so it is stable iff h < -tr/det (complex) or h < 2/|lambda_min| (real).",
     "derived from Nagarajan & Kolter 2017, Sec. 3.4 (see src/claims/nagarajan2017.c)",
     applies_lq2d_simgd, predict_lq2d_simgd, critical_lq2d_simgd, NULL},
};

const size_t GANSTAB_CLAIMS_NAGARAJAN2017_COUNT =
    sizeof GANSTAB_CLAIMS_NAGARAJAN2017 / sizeof GANSTAB_CLAIMS_NAGARAJAN2017[0];

/* Claims of Mescheder, Geiger, Nowozin, "Which training methods for GANs do actually
 * converge?" (ICML 2018) about the Dirac-GAN, and closed forms derived from them.
 *
 * Every prediction here is computed from the paper's formula with the paper's constants;
 * nothing calls the engine (model field, Jacobian, update operator, LAPACK). For the standard
 * loss f(t) = -log(1 + e^-t): f'(0) = 1/2, f''(0) = -1/4; for WGAN f(t) = t: f'(0) = 1,
 * f''(0) = 0 (Sec. 2.1 and 3.1). */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>

#include "claims_internal.h"

#include "../core/gsl_quiet.h"

#define BIT(v) (1u << (v))

/* The Dirac-GAN Jacobian with these regularizers has the form J = [[0, -a], [a, -c]] with
 * a = f'(0) and a damping c on the discriminator: c = gamma (Lemma 3.3's gradient penalty) or
 * c = -2 f''(0) sigma^2 (Lemma 3.2's instance noise: the eigenvalue sum f''(0) sigma^2 * 2 of
 * eq. (6) is the trace -c). Unregularized: c = 0 (Lemma 2.2). */
/* gp, R1 and R2 all reduce to gamma/2 psi^2 on the Dirac-GAN (Sec. 4.1: "on the Dirac-GAN,
 * both regularizers reduce to the gradient penalty from Section 3.3"). */
static int zero_centered_penalty(const ganstab_case *c)
{
    return c->reg_kind == GANSTAB_REG_GP || c->reg_kind == GANSTAB_REG_R1 ||
           c->reg_kind == GANSTAB_REG_R2;
}

static double damping(const ganstab_case *c)
{
    if (zero_centered_penalty(c))
        return c->gamma;
    if (c->reg_kind == GANSTAB_REG_NOISE)
        return -2.0 * claims_fsecond0(c) * c->sigma * c->sigma;
    return 0.0;
}

/* ---- Lemma 2.2 ---------------------------------------------------------------------- */

/* The regularizer changes nothing: kind none, or its weight is 0 (gamma, sigma, or eta). */
static int regularizer_inactive(const ganstab_case *c)
{
    switch (c->reg_kind) {
    case GANSTAB_REG_NONE:
        return 1;
    case GANSTAB_REG_NOISE:
        return c->sigma == 0.0;
    case GANSTAB_REG_NK:
        return c->eta == 0.0;
    default:
        return c->gamma == 0.0;
    }
}

static int applies_unregularized(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && regularizer_inactive(c);
}

static void predict_lemma_2_2(const ganstab_case *c, ganstab_claim_check *out)
{
    double a = claims_fprime0(c);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    claims_quadratic_roots(0.0, a * a, out); /* +-f'(0) i */
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_MARGINAL));
}

/* ---- Lemma 2.4 ---------------------------------------------------------------------- */

static int applies_lemma_2_4(const ganstab_case *c)
{
    return applies_unregularized(c) && c->update.scheme == GANSTAB_SCHEME_SIMGD;
}

/* eigenvalues 1 +- h f'(0) i, modulus sqrt(1 + h^2 f'(0)^2) > 1 */
static void predict_lemma_2_4(const ganstab_case *c, ganstab_claim_check *out)
{
    double a = claims_fprime0(c), h = c->update.h;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    out->n_predicted = 2;
    out->predicted_re[0] = out->predicted_re[1] = 1.0;
    out->predicted_im[0] = h * a;
    out->predicted_im[1] = -h * a;
    claims_set_verdicts(out, BIT(GANSTAB_VERDICT_UNSTABLE));
}

/* ---- Lemma 2.5 ---------------------------------------------------------------------- */

static int applies_lemma_2_5(const ganstab_case *c)
{
    return applies_unregularized(c) && c->update.scheme == GANSTAB_SCHEME_ALTGD;
}

static double lemma_2_5_alpha(const ganstab_case *c, double h)
{
    return sqrt((double)c->update.ng * (double)c->update.nd) * h * claims_fprime0(c);
}

/* eq. (5): lambda = 1 - alpha^2/2 +- sqrt((1 - alpha^2/2)^2 - 1): roots of z^2 - (2 - alpha^2) z
 * + 1. alpha <= 2: on the unit circle (marginal); alpha > 2: one outside (unstable). */
static void predict_lemma_2_5(const ganstab_case *c, ganstab_claim_check *out)
{
    double alpha = lemma_2_5_alpha(c, c->update.h);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    claims_quadratic_roots(2.0 - alpha * alpha, 1.0, out);
    claims_set_verdicts(out, alpha > 2.0 ? BIT(GANSTAB_VERDICT_UNSTABLE)
                                         : BIT(GANSTAB_VERDICT_MARGINAL));
}

/* alpha = 2 at h = 2 / (sqrt(ng nd) f'(0)): the pair meets at -1 and one root leaves the circle
 * (flip) while the pair turns real. */
static int critical_lemma_2_5(const ganstab_case *c, ganstab_case_key key,
                              claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    if (key != GANSTAB_KEY_UPDATE_H)
        return GANSTAB_OK;
    double h = 2.0 / lemma_2_5_alpha(c, 1.0);
    claims_add_critical(out, h, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP);
    claims_add_critical(out, h, GANSTAB_CROSSING_OSCILLATION, GANSTAB_CROSSING_COMPLEX_TO_REAL);
    return GANSTAB_OK;
}

/* ---- Lemma 3.1 ---------------------------------------------------------------------- */

static int applies_lemma_3_1(const ganstab_case *c)
{
    return applies_unregularized(c) && c->loss == GANSTAB_LOSS_WGAN &&
           (c->update.scheme == GANSTAB_SCHEME_SIMGD || c->update.scheme == GANSTAB_SCHEME_ALTGD);
}

/* With f'(0) = 1 the update operators are those of Lemmas 2.4/2.5; "do generally not converge":
 * the verdict is never stable. */
static void predict_lemma_3_1(const ganstab_case *c, ganstab_claim_check *out)
{
    if (c->update.scheme == GANSTAB_SCHEME_SIMGD)
        predict_lemma_2_4(c, out);
    else
        predict_lemma_2_5(c, out);
    claims_set_verdicts(out, BIT(GANSTAB_VERDICT_MARGINAL) | BIT(GANSTAB_VERDICT_UNSTABLE));
}

/* ---- Lemmas 3.2 and 3.3 ------------------------------------------------------------- */

static int applies_lemma_3_2(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && c->reg_kind == GANSTAB_REG_NOISE;
}

static int applies_lemma_3_3(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && zero_centered_penalty(c);
}

/* Field eigenvalues of both lemmas: roots of z^2 + c z + f'(0)^2, i.e.
 * eq. (6): f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2)   (c = -2 f''(0) sigma^2),
 * eq. (8): -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2)                (c = gamma).
 * The paper: all Re < 0 when f''(0) < 0 and sigma > 0, or gamma > 0 (flow verdict stable). */
static void predict_damped_field(const ganstab_case *c, ganstab_claim_check *out)
{
    double a = claims_fprime0(c), damp = damping(c);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    claims_quadratic_roots(-damp, a * a, out);
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        claims_set_verdicts(out, damp > 0.0 ? BIT(GANSTAB_VERDICT_STABLE)
                                            : BIT(GANSTAB_VERDICT_MARGINAL));
}

/* The complex pair turns real where c = 2|f'(0)|: sigma_crit^2 = |f'(0)|/|f''(0)| (Sec. 3.2),
 * gamma_crit = 2|f'(0)| (Sec. 3.3). For flow and simgd (eigenvalues 1 + h lambda, h real) the
 * operator's pair turns real at the same value. */
static int critical_damped_field(const ganstab_case *c, ganstab_case_key key,
                                 claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    if (c->update.scheme != GANSTAB_SCHEME_FLOW && c->update.scheme != GANSTAB_SCHEME_SIMGD)
        return GANSTAB_OK;
    double a = claims_fprime0(c), b = claims_fsecond0(c);
    if (key == GANSTAB_KEY_REG_GAMMA && zero_centered_penalty(c))
        claims_add_critical(out, 2.0 * fabs(a), GANSTAB_CROSSING_OSCILLATION,
                            GANSTAB_CROSSING_COMPLEX_TO_REAL);
    if (key == GANSTAB_KEY_REG_SIGMA && c->reg_kind == GANSTAB_REG_NOISE && b != 0.0)
        claims_add_critical(out, sqrt(fabs(a) / fabs(b)), GANSTAB_CROSSING_OSCILLATION,
                            GANSTAB_CROSSING_COMPLEX_TO_REAL);
    return GANSTAB_OK;
}

/* ---- Sec. 3.2: quadratic convergence at the critical noise level ------------------- */

/* Case values are typed in decimal: sigma = 1.4142135623730951 is sqrt(2) to the last bit, but
 * a user may round. Within 1e-12 relative counts as "at" the critical value. */
#define AT_CRITICAL_REL 1e-12

static int close_rel(double x, double y)
{
    return fabs(x - y) <= AT_CRITICAL_REL * fmax(fabs(x), fabs(y));
}

static int applies_sec_3_2_quadratic(const ganstab_case *c)
{
    double a = claims_fprime0(c), b = claims_fsecond0(c);
    return applies_lemma_3_2(c) && b != 0.0 && c->update.scheme == GANSTAB_SCHEME_SIMGD &&
           close_rel(c->sigma, sqrt(fabs(a) / fabs(b))) && close_rel(c->update.h, 1.0 / fabs(a));
}

/* At sigma_crit the field's eigenvalues are the double root f''(0) sigma^2 = -|f'(0)| (eq. (6)
 * with a vanishing square root), so I + hJ with h = 1/|f'(0)| has the double eigenvalue 0: the
 * operator is nilpotent and the iteration converges faster than any linear rate. */
static void predict_sec_3_2_quadratic(const ganstab_case *c, ganstab_claim_check *out)
{
    (void)c;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    out->n_predicted = 2;
    out->predicted_re[0] = out->predicted_re[1] = 0.0;
    out->predicted_im[0] = out->predicted_im[1] = 0.0;
    claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
}

/* ---- derived: simgd with damping c > 0 ---------------------------------------------- */

static int applies_damped_simgd(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && damping(c) > 0.0 &&
           c->update.scheme == GANSTAB_SCHEME_SIMGD;
}

/* Derivation. The operator I + hJ has eigenvalues mu = 1 + h lambda with lambda the roots of
 * z^2 + c z + a^2 (Lemmas 3.2/3.3), a = |f'(0)|.
 *  - complex lambda (c < 2a): |mu|^2 = (1 - hc/2)^2 + h^2 (a^2 - c^2/4) = 1 - hc + h^2 a^2,
 *    so |mu| < 1 iff h < c/a^2 (Neimark-Sacker at h = c/a^2);
 *  - real lambda (c >= 2a): both lambda in [-c, 0); mu > -1 iff h < 2/|lambda_min| with
 *    |lambda_min| = c/2 + sqrt(c^2/4 - a^2) (flip).
 * Equivalently, for fixed h: stable iff h a^2 < c < 2/h + h a^2/2 (the second from
 * c/2 + sqrt(c^2/4 - a^2) < 2/h). */
static double damped_simgd_hmax(double a, double damp, ganstab_crossing_type *type)
{
    return claims_simgd_hmax(-damp, a * a, type); /* J's trace -c, determinant a^2 */
}

static void predict_damped_simgd(const ganstab_case *c, ganstab_claim_check *out)
{
    double a = fabs(claims_fprime0(c)), damp = damping(c), h = c->update.h;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    /* mu = 1 + h lambda: roots of mu^2 - (2 - hc) mu + (1 - hc + h^2 a^2) */
    claims_quadratic_roots(2.0 - h * damp, 1.0 - h * damp + h * h * a * a, out);
    ganstab_crossing_type type;
    double hmax = damped_simgd_hmax(a, damp, &type);
    claims_set_verdicts(out,
                        h < hmax ? BIT(GANSTAB_VERDICT_STABLE) : BIT(GANSTAB_VERDICT_UNSTABLE));
}

/* c as a function of the swept value, and back. */
static double sigma_of_damping(const ganstab_case *c, double damp)
{
    return sqrt(damp / (-2.0 * claims_fsecond0(c)));
}

static int critical_damped_simgd(const ganstab_case *c, ganstab_case_key key,
                                 claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    double a = fabs(claims_fprime0(c)), h = c->update.h;
    if (key == GANSTAB_KEY_UPDATE_H) {
        ganstab_crossing_type type;
        double hmax = damped_simgd_hmax(a, damping(c), &type);
        claims_add_critical(out, hmax, GANSTAB_CROSSING_STABILITY, type);
        return GANSTAB_OK;
    }
    /* Sweeping the damping at fixed h: stable exactly for h a^2 < c < 2/h + h a^2/2. The lower
       bound is a Neimark-Sacker crossing only where the pair is complex there (c = h a^2 < 2a,
       i.e. h a < 2); at h a = 2 both bounds meet at c = 2a, where the double eigenvalue of I + hJ
       is -1: one flip, and no c is stable; for h a > 2 only the upper one (a flip) is left. */
    double lo = h * a * a, hi = 2.0 / h + h * a * a / 2.0;
    int has_lo = h * a < 2.0;
    if (key == GANSTAB_KEY_REG_GAMMA && zero_centered_penalty(c)) {
        if (has_lo)
            claims_add_critical(out, lo, GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_NEIMARK_SACKER);
        claims_add_critical(out, hi, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP);
    } else if (key == GANSTAB_KEY_REG_SIGMA && c->reg_kind == GANSTAB_REG_NOISE &&
               claims_fsecond0(c) < 0.0) {
        if (has_lo)
            claims_add_critical(out, sigma_of_damping(c, lo), GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_NEIMARK_SACKER);
        claims_add_critical(out, sigma_of_damping(c, hi), GANSTAB_CROSSING_STABILITY,
                            GANSTAB_CROSSING_FLIP);
    }
    return GANSTAB_OK;
}

/* ---- derived: altgd with damping c > 0 ---------------------------------------------- */

static int applies_damped_altgd(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && damping(c) > 0.0 &&
           c->update.scheme == GANSTAB_SCHEME_ALTGD;
}

/* Derivation. With J = [[0, -a], [a, -c]] a generator sub-step has Jacobian
 * G = [[1, -h a], [0, 1]] and a discriminator sub-step D = [[1, 0], [h a, q]], q = 1 - h c.
 * G^ng = [[1, -ng h a], [0, 1]]; D^nd = [[1, 0], [x, q^nd]] with x = h a (1 + q + ... + q^(nd-1))
 * = a (1 - q^nd) / c. The gen-first operator D^nd G^ng = [[1, -ng h a], [x, q^nd - ng h a x]]
 * (disc-first G^ng D^nd is similar to it: same eigenvalues) has
 *   tr = 1 + q^nd - ng h a x,  det = q^nd.
 * Schur-Cohn for z^2 - tr z + det: |det| < 1, 1 - tr + det = ng h a x > 0, and
 *   g(h) = 1 + tr + det = 2 + 2 q^nd - ng h a x > 0.
 * For ng = nd = 1: g = 4 - 2hc - h^2 a^2, so h_max = 4 / (c + sqrt(c^2 + 4 a^2)) (flip);
 * with c = 0 this is Lemma 2.5's alpha = 2. In general every root of g in (0, 2/c) is a flip,
 * and for ng, nd > 1 the stable set can be several intervals (g changes sign more than once);
 * beyond 2/c, |det| = |q|^nd > 1. For nd even, q^nd -> 1 and x -> 0 at h = 2/c: the operator is
 * [[1, -ng h a], [0, 1]], both eigenvalues +1 (a fold), if it was stable just below. */
static void altgd_trdet(const ganstab_case *c, double h, double damp, double *tr, double *det)
{
    double a = claims_fprime0(c), q = 1.0 - h * damp;
    double qn = pow(q, (double)c->update.nd);
    /* x = h a (1 + q + ... + q^(nd-1)); the closed form a (1 - q^nd)/c loses every digit as
       c -> 0, where the sum tends to nd */
    double x = 0.0;
    if (fabs(h * damp) < 1e-4) {
        double qk = 1.0;
        for (unsigned k = 0; k < c->update.nd; k++) {
            x += qk;
            qk *= q;
        }
        x *= h * a;
    } else {
        x = a * (1.0 - qn) / damp;
    }
    *tr = 1.0 + qn - (double)c->update.ng * h * a * x;
    *det = qn;
}

static void damped_altgd_trdet(const ganstab_case *c, double h, double *tr, double *det)
{
    altgd_trdet(c, h, damping(c), tr, det);
}

static double damped_altgd_g(double h, void *param)
{
    double tr = 0.0, det = 0.0;
    damped_altgd_trdet(param, h, &tr, &det);
    return 1.0 + tr + det;
}

/* g = 1 + tr + det as a function of the damping c at the case's h. */
static double damped_altgd_g_of_c(double damp, void *param)
{
    const ganstab_case *c = param;
    double tr = 0.0, det = 0.0;
    altgd_trdet(c, c->update.h, damp, &tr, &det);
    return 1.0 + tr + det;
}

/* Every h in (0, 2/c) where an eigenvalue passes -1 (roots of g, each a flip), in increasing
 * order, and whether the operator is stable just below 2/c. g(0) = 4 > 0; a fine grid finds the
 * sign changes (the stable set need not be one interval when ng, nd > 1), Brent refines each. */
#define ALTGD_GRID 20000

static int damped_altgd_roots_body(const ganstab_case *c, double *roots, size_t max, size_t *nroots,
                                   ganstab_error *err)
{
    double hq = 2.0 / damping(c);
    *nroots = 0;
    double prev_h = 0.0, prev_g = 4.0;
    for (int k = 1; k < ALTGD_GRID && *nroots < max; k++) {
        double h = hq * (double)k / (double)ALTGD_GRID;
        double g = damped_altgd_g(h, (void *)c);
        if ((g > 0.0) != (prev_g > 0.0)) {
            gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
            if (s == NULL)
                return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
            gsl_function f = {damped_altgd_g, (void *)c};
            double lo = prev_h, hi = h;
            int gs = gsl_root_fsolver_set(s, &f, lo, hi);
            for (int it = 0; gs == GSL_SUCCESS && it < 200; it++) {
                gs = gsl_root_fsolver_iterate(s);
                lo = gsl_root_fsolver_x_lower(s);
                hi = gsl_root_fsolver_x_upper(s);
                if (hi - lo <= 1e-15 * hi)
                    break;
            }
            gsl_root_fsolver_free(s);
            if (gs != GSL_SUCCESS)
                return ganstab_error_set(err, GANSTAB_ENUMERIC, "claims: derived altgd h_max", "%s",
                                         gsl_strerror(gs));
            roots[(*nroots)++] = 0.5 * (lo + hi);
        }
        prev_h = h;
        prev_g = g;
    }
    return GANSTAB_OK;
}

/* damped_altgd_roots_body with GSL's error handler off, the caller's restored after. */
static int damped_altgd_roots(const ganstab_case *c, double *roots, size_t max, size_t *nroots,
                              ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = damped_altgd_roots_body(c, roots, max, nroots, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* Schur-Cohn at the case's h: stable iff |det| < 1, 1 - tr + det > 0 and 1 + tr + det > 0. */
static void predict_damped_altgd(const ganstab_case *c, ganstab_claim_check *out)
{
    double tr = 0.0, det = 0.0;
    damped_altgd_trdet(c, c->update.h, &tr, &det);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    claims_quadratic_roots(tr, det, out);
    int stable = fabs(det) < 1.0 && 1.0 - tr + det > 0.0 && 1.0 + tr + det > 0.0;
    claims_set_verdicts(out, stable ? BIT(GANSTAB_VERDICT_STABLE) : BIT(GANSTAB_VERDICT_UNSTABLE));
}

/* Over the penalty weight c = gamma at fixed h (the gamma-h region of altgd): the same
 * Schur-Cohn conditions in c. det = q^nd < 1 needs 0 < hc < 2 (for nd even, hc = 2 gives q^nd = 1
 * and x = 0: both eigenvalues +1, a fold, if stable just below); 1 - tr + det = ng h a x > 0 there;
 * g(c) = 1 + tr + det starts from g(0) = 4 - alpha^2 (x -> h a nd, alpha = sqrt(ng nd) h a as in
 * Lemma 2.5). So:
 *  - c = 0 is the unregularized operator, on the unit circle for alpha < 2 (Lemma 2.5): every c > 0
 *    pulls the pair inside (|det| = q^nd < 1), a Neimark-Sacker crossing exactly at the end of
 *    gamma's domain, marginal -> stable;
 *  - every root of g in (0, 2/h) is a flip (found on a grid of ALTGD_GRID points and refined by
 *    Brent, as over h); for ng = nd = 1, g = 4 - 2hc - h^2 a^2 and the only root is
 *    c = (4 - h^2 a^2)/(2h). */
static int altgd_gamma_roots_body(const ganstab_case *c, double *roots, size_t max, size_t *nroots,
                                  ganstab_error *err)
{
    double cq = 2.0 / c->update.h;
    *nroots = 0;
    double prev_c = 0.0, prev_g = damped_altgd_g_of_c(0.0, (void *)c);
    for (int k = 1; k < ALTGD_GRID && *nroots < max; k++) {
        double cc = cq * (double)k / (double)ALTGD_GRID;
        double g = damped_altgd_g_of_c(cc, (void *)c);
        if ((g > 0.0) != (prev_g > 0.0)) {
            gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
            if (s == NULL)
                return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
            gsl_function f = {damped_altgd_g_of_c, (void *)c};
            double lo = prev_c, hi = cc;
            int gs = gsl_root_fsolver_set(s, &f, lo, hi);
            for (int it = 0; gs == GSL_SUCCESS && it < 200; it++) {
                gs = gsl_root_fsolver_iterate(s);
                lo = gsl_root_fsolver_x_lower(s);
                hi = gsl_root_fsolver_x_upper(s);
                if (hi - lo <= 1e-15 * hi)
                    break;
            }
            gsl_root_fsolver_free(s);
            if (gs != GSL_SUCCESS)
                return ganstab_error_set(err, GANSTAB_ENUMERIC, "claims: derived altgd gamma", "%s",
                                         gsl_strerror(gs));
            roots[(*nroots)++] = 0.5 * (lo + hi);
        }
        prev_c = cc;
        prev_g = g;
    }
    return GANSTAB_OK;
}

/* altgd_gamma_roots_body with GSL's error handler off, the caller's restored after. */
static int altgd_gamma_roots(const ganstab_case *c, double *roots, size_t max, size_t *nroots,
                             ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = altgd_gamma_roots_body(c, roots, max, nroots, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* Every flip in (0, 2/c), and for nd even the fold at h = 2/c (q^nd -> 1, x -> 0: both
 * eigenvalues +1) when the operator is stable just below it. */
static int critical_damped_altgd(const ganstab_case *c, ganstab_case_key key,
                                 claim_critical_prediction *out, ganstab_error *err)
{
    if (key == GANSTAB_KEY_REG_GAMMA && zero_centered_penalty(c)) {
        double alpha = lemma_2_5_alpha(c, c->update.h);
        if (alpha < 2.0)
            claims_add_critical(out, 0.0, GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_NEIMARK_SACKER);
        double roots[CLAIM_MAX_CRITICAL];
        size_t nroots = 0;
        int rc = altgd_gamma_roots(c, roots, CLAIM_MAX_CRITICAL, &nroots, err);
        for (size_t k = 0; rc == GANSTAB_OK && k < nroots; k++)
            claims_add_critical(out, roots[k], GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP);
        /* stable just below 2/h: g > 0 there, i.e. g(0) = 4 - alpha^2 > 0 and an even number of
           sign changes, or g(0) < 0 and an odd number */
        if (rc == GANSTAB_OK && c->update.nd % 2 == 0 && (alpha < 2.0) == (nroots % 2 == 0))
            claims_add_critical(out, 2.0 / c->update.h, GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_FOLD);
        return rc;
    }
    if (key != GANSTAB_KEY_UPDATE_H)
        return GANSTAB_OK;
    double roots[CLAIM_MAX_CRITICAL];
    size_t nroots = 0;
    int rc = damped_altgd_roots(c, roots, CLAIM_MAX_CRITICAL, &nroots, err);
    for (size_t k = 0; rc == GANSTAB_OK && k < nroots; k++)
        claims_add_critical(out, roots[k], GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP);
    if (rc == GANSTAB_OK && c->update.nd % 2 == 0 && nroots % 2 == 0)
        claims_add_critical(out, 2.0 / damping(c), GANSTAB_CROSSING_STABILITY,
                            GANSTAB_CROSSING_FOLD);
    return rc;
}

/* ---- derived: two time-scale simultaneous updates ----------------------------------- */

/* The derivation assumes J = [[0, -a], [a, -c]]: unregularized, zero-centered penalties or
 * noise. ConOpt has another J, WGAN-GP/DRAGAN are not stationary. */
static int damped_form(const ganstab_case *c)
{
    return c->reg_kind == GANSTAB_REG_NOISE || zero_centered_penalty(c) || regularizer_inactive(c);
}

static int applies_ttur(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && c->update.scheme == GANSTAB_SCHEME_TTUR &&
           damped_form(c);
}

/* I + diag(hg, hd) J = [[1, -hg a], [hd a, 1 - hd c]]: tr = 2 - hd c,
 * det = 1 - hd c + hg hd a^2. Schur-Cohn: 1 - tr + det = hg hd a^2 > 0 always;
 * stable iff det < 1 (hd c > hg hd a^2, i.e. c > hg a^2) and 1 + tr + det > 0
 * (4 - 2 hd c + hg hd a^2 > 0). Unregularized (c = 0): det = 1 + hg hd a^2 > 1, so two time
 * scales do not help (Mescheder et al. 2018, Sec. 2.2 and their Figure 22). */
static void predict_ttur(const ganstab_case *c, ganstab_claim_check *out)
{
    double a = claims_fprime0(c), damp = damping(c), hg = c->update.hg, hd = c->update.hd;
    double tr = 2.0 - hd * damp, det = 1.0 - hd * damp + hg * hd * a * a;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
    claims_quadratic_roots(tr, det, out);
    int stable = det < 1.0 && 1.0 + tr + det > 0.0;
    claims_set_verdicts(out, stable ? BIT(GANSTAB_VERDICT_STABLE) : BIT(GANSTAB_VERDICT_UNSTABLE));
}

static int critical_ttur(const ganstab_case *c, ganstab_case_key key,
                         claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    double a = claims_fprime0(c), damp = damping(c), hg = c->update.hg, hd = c->update.hd;
    if (damp <= 0.0)
        return GANSTAB_OK;
    /* det = 1 at hg = c/a^2 (complex pair on the circle iff the roots are complex there);
       1 + tr + det = 0 at hd = 4 / (2c - hg a^2) when 2c > hg a^2. */
    if (key == GANSTAB_KEY_UPDATE_HG) {
        double v = damp / (a * a);
        double tr = 2.0 - hd * damp;
        if (tr * tr / 4.0 < 1.0) /* det = 1 there: complex iff |tr| < 2 */
            claims_add_critical(out, v, GANSTAB_CROSSING_STABILITY,
                                GANSTAB_CROSSING_NEIMARK_SACKER);
    } else if (key == GANSTAB_KEY_UPDATE_HD && 2.0 * damp > hg * a * a) {
        claims_add_critical(out, 4.0 / (2.0 * damp - hg * a * a), GANSTAB_CROSSING_STABILITY,
                            GANSTAB_CROSSING_FLIP);
    }
    return GANSTAB_OK;
}

/* ---- consensus optimization --------------------------------------------------------- */

static int applies_conopt(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC && c->reg_kind == GANSTAB_REG_CONOPT && c->gamma > 0.0;
}

/* Derivation. ConOpt follows w = v - gamma J^T v (Mescheder et al. 2017). At the equilibrium
 * v = 0, so dw/dx = J - gamma J^T J; for the Dirac-GAN J = [[0, -a], [a, 0]] (Lemma 2.2),
 * J^T J = a^2 I and dw/dx = [[-gamma a^2, -a], [a, -gamma a^2]]: eigenvalues
 * -gamma a^2 +- a i, Re < 0 for every gamma > 0 (Table 1: ConOpt converges). SimGD on w:
 * |1 + h lambda|^2 = (1 - h gamma a^2)^2 + h^2 a^2 < 1 iff h < 2 gamma / (1 + gamma^2 a^2)
 * (Neimark-Sacker). */
static void conopt_trdet(const ganstab_case *c, double *tr, double *det)
{
    double a = claims_fprime0(c), g = c->gamma;
    *tr = -2.0 * g * a * a;
    *det = g * g * a * a * a * a + a * a;
}

static void predict_conopt(const ganstab_case *c, ganstab_claim_check *out)
{
    double tr = 0.0, det = 0.0;
    conopt_trdet(c, &tr, &det);
    double h = c->update.h;
    switch (c->update.scheme) {
    case GANSTAB_SCHEME_FLOW:
        out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
        claims_quadratic_roots(tr, det, out);
        claims_set_verdicts(out, BIT(GANSTAB_VERDICT_STABLE));
        break;
    case GANSTAB_SCHEME_SIMGD: {
        /* mu = 1 + h lambda: roots of mu^2 - (2 + h tr) mu + (1 + h tr + h^2 det) */
        out->spectrum = GANSTAB_CLAIM_SPECTRUM_OPERATOR;
        claims_quadratic_roots(2.0 + h * tr, 1.0 + h * tr + h * h * det, out);
        double a = claims_fprime0(c), g = c->gamma;
        claims_set_verdicts(out, h < 2.0 * g / (1.0 + g * g * a * a)
                                     ? BIT(GANSTAB_VERDICT_STABLE)
                                     : BIT(GANSTAB_VERDICT_UNSTABLE));
        break;
    }
    default:
        out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
        claims_quadratic_roots(tr, det, out);
        break;
    }
}

static int critical_conopt(const ganstab_case *c, ganstab_case_key key,
                           claim_critical_prediction *out, ganstab_error *err)
{
    (void)err;
    double a = claims_fprime0(c), g = c->gamma;
    if (c->update.scheme == GANSTAB_SCHEME_SIMGD && key == GANSTAB_KEY_UPDATE_H)
        claims_add_critical(out, 2.0 * g / (1.0 + g * g * a * a), GANSTAB_CROSSING_STABILITY,
                            GANSTAB_CROSSING_NEIMARK_SACKER);
    return GANSTAB_OK;
}

/* ---- WGAN-GP and DRAGAN: not stationary at the equilibrium --------------------------- */

static int applies_centered_penalty(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_DIRAC &&
           (c->reg_kind == GANSTAB_REG_WGAN_GP || c->reg_kind == GANSTAB_REG_DRAGAN) &&
           c->gamma > 0.0 && c->g0 > 0.0;
}

/* The penalty gamma/2 (|psi| - g0)^2 pulls |psi| towards g0 > 0: at psi = 0 its force on the
 * discriminator is gamma g0 (limit psi -> 0+; -gamma g0 from below), while the game's own
 * field vanishes there. So (0, 0) is not a stationary point (residual gamma g0), and since
 * v_theta = -psi f'(psi theta) vanishes only at psi = 0, where the penalty has its kink, no
 * point where the field is differentiable is stationary either: WGAN-GP (Sec. 3.1, Figure 3d)
 * and DRAGAN (Table 1, general case) do not converge on the Dirac-GAN. */
static void predict_centered_penalty(const ganstab_case *c, ganstab_claim_check *out)
{
    (void)c;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    claims_set_verdicts(out, BIT(GANSTAB_VERDICT_NOT_STATIONARY));
}

int claims_dirac_trdet(const ganstab_case *c, double *tr, double *det)
{
    if (c->model != GANSTAB_MODEL_DIRAC)
        return 0;
    if (applies_conopt(c)) {
        conopt_trdet(c, tr, det);
        return 1;
    }
    if (!damped_form(c) || c->reg_kind == GANSTAB_REG_CONOPT)
        return 0;
    double a = claims_fprime0(c);
    *tr = -damping(c); /* J = [[0, -a], [a, -c]] (Lemmas 2.2, 3.2, 3.3) */
    *det = a * a;
    return 1;
}

const claim_def GANSTAB_CLAIMS_MESCHEDER2018[] = {
    {"mescheder2018:lemma-2.2",
     "The unique equilibrium is theta = psi = 0; the Jacobian of the gradient vector field there "
     "has the two eigenvalues +-f'(0) i, both on the imaginary axis.",
     "Mescheder et al. 2018, Lemma 2.2", applies_unregularized, predict_lemma_2_2, NULL, NULL},
    {"mescheder2018:lemma-2.4",
     "For simultaneous gradient descent the update operator's Jacobian has eigenvalues "
     "1 +- h f'(0) i with absolute value sqrt(1 + h^2 f'(0)^2) > 1: not stable for any h.",
     "Mescheder et al. 2018, Lemma 2.4", applies_lemma_2_4, predict_lemma_2_4, NULL, NULL},
    {"mescheder2018:lemma-2.5",
     "For alternating gradient descent with ng generator and nd discriminator updates the "
     "eigenvalues are 1 - a^2/2 +- sqrt((1 - a^2/2)^2 - 1), a = sqrt(ng nd) h f'(0): on the unit "
     "circle for a <= 2, outside for a > 2.",
     "Mescheder et al. 2018, Lemma 2.5, eq. (5)", applies_lemma_2_5, predict_lemma_2_5,
     critical_lemma_2_5, NULL},
    {"mescheder2018:lemma-3.1",
     "WGANs trained with simultaneous or alternating gradient descent with a fixed number of "
     "discriminator updates and a fixed h > 0 do generally not converge to the equilibrium.",
     "Mescheder et al. 2018, Lemma 3.1", applies_lemma_3_1, predict_lemma_3_1, NULL, NULL},
    {"mescheder2018:lemma-3.2",
     "With Gaussian instance noise of standard deviation sigma the Jacobian's eigenvalues are "
     "f''(0) sigma^2 +- sqrt(f''(0)^2 sigma^4 - f'(0)^2); they turn real at "
     "sigma_crit^2 = |f'(0)|/|f''(0)|.",
     "Mescheder et al. 2018, Lemma 3.2, eq. (6) and Sec. 3.2", applies_lemma_3_2,
     predict_damped_field, critical_damped_field, NULL},
    {"mescheder2018:lemma-3.3",
     "With the gradient penalty gamma/2 psi^2 the Jacobian's eigenvalues are "
     "-gamma/2 +- sqrt(gamma^2/4 - f'(0)^2); all Re < 0 for gamma > 0; they turn real at "
     "gamma_crit = 2|f'(0)|.",
     "Mescheder et al. 2018, Lemma 3.3, eq. (8) and Sec. 3.3", applies_lemma_3_3,
     predict_damped_field, critical_damped_field, NULL},
    {"mescheder2018:sec-3.2-quadratic",
     "At the critical noise level sigma_crit the problem is best behaved: simultaneous gradient "
     "descent with h = |f'(0)|^-1 even converges quadratically (update-operator eigenvalues 0).",
     "Mescheder et al. 2018, Sec. 3.2 (after Lemma 3.2)", applies_sec_3_2_quadratic,
     predict_sec_3_2_quadratic, NULL, NULL},
    {"mescheder2018:wgan-gp-not-stationary",
     "WGAN-GP (and DRAGAN, whose penalty has the same form here) does not converge for the "
     "Dirac-GAN: the penalty gamma/2 (|psi| - g0)^2 pushes psi away from 0, so the equilibrium "
     "is not stationary (residual gamma g0).",
     "Mescheder et al. 2018, Sec. 3.1, Figure 3d and Table 1", applies_centered_penalty,
     predict_centered_penalty, NULL, NULL},
    {"derived:conopt",
     "Consensus optimization w = v - gamma J^T v has Jacobian J - gamma J^T J at the equilibrium, "
     "eigenvalues -gamma f'(0)^2 +- f'(0) i (converges; Table 1); simgd is stable iff "
     "h < 2 gamma/(1 + gamma^2 f'(0)^2).",
     "derived from Mescheder et al. 2017/2018, Table 1 (see src/claims/mescheder2018.c)",
     applies_conopt, predict_conopt, critical_conopt, NULL},
    {"derived:simgd-damped-hmax",
     "SimGD with damping c (gamma, or -2 f''(0) sigma^2) has eigenvalues 1 + h lambda and is "
     "stable iff h < c/f'(0)^2 (c < 2|f'(0)|) or h < 2/(c/2 + sqrt(c^2/4 - f'(0)^2)) (otherwise).",
     "derived from Mescheder et al. 2018, Lemmas 3.2/3.3 (see src/claims/mescheder2018.c)",
     applies_damped_simgd, predict_damped_simgd, critical_damped_simgd, NULL},
    {"derived:altgd-damped-hmax",
     "AltGD with damping c has tr = 1 + q^nd - ng h a x, det = q^nd (q = 1 - hc, "
     "x = a(1 - q^nd)/c, a = f'(0)); stable iff |det| < 1 and 1 -+ tr + det > 0 (Schur-Cohn); "
     "ng = nd = 1: h < 4/(c + sqrt(c^2 + 4a^2)).",
     "derived from Mescheder et al. 2018, Lemmas 2.5 and 3.3 (see src/claims/mescheder2018.c)",
     applies_damped_altgd, predict_damped_altgd, critical_damped_altgd, NULL},
    {"derived:ttur",
     "TTUR I + diag(hg, hd) J has tr = 2 - hd c, det = 1 - hd c + hg hd f'(0)^2: unstable "
     "without damping for all step sizes; with damping c stable iff hg f'(0)^2 < c and "
     "4 - 2 hd c + hg hd f'(0)^2 > 0.",
     "derived from Mescheder et al. 2018, Sec. 2.2 (see src/claims/mescheder2018.c)", applies_ttur,
     predict_ttur, critical_ttur, NULL},
};

const size_t GANSTAB_CLAIMS_MESCHEDER2018_COUNT =
    sizeof GANSTAB_CLAIMS_MESCHEDER2018 / sizeof GANSTAB_CLAIMS_MESCHEDER2018[0];

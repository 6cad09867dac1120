/* The claims of Li, Madry, Peebles & Schmidt 2018 ("On the limitations of first-order
 * approximation in GAN dynamics", Sec. 4 and Appendices A, C) on the GMM-GAN, checked numerically
 * with the engine's model (gmm.h) for the case's mu*: Theorem A.2 (at most 3 zeros of
 * F = p_mu* - p_mu), Lemma 4.3 (the gradient of f = d_TV is bounded away from 0), Lemma 4.5 (an
 * optimal-discriminator step does not mode-collapse), Lemma 4.6 (nor leave B(2C)) and Theorem 4.1
 * (the optimal-discriminator dynamics reach d_TV <= delta).
 *
 * The paper's constants are asymptotic ("delta sufficiently small", "C large", eta and T
 * poly(1/delta, e^-C^2)); the concrete values used here, per case, with reasons:
 *   C     = max(LI2018_C_MIN, max_i |mu*_i|): Theorem 4.1 needs |mu*_i| <= C; Lemma 4.6's proof
 *           (Appendix C.7, Case 3) needs 2 e^(5C^2/8) < e^(3C^2/4), "satisfied for C >= 3".
 *           B(C) is read as [-C, C]^2 (Theorem 4.1 writes |mu_i| <= C; Sec. 4 says "the box of
 *           sidelength C", which would be [-C/2, C/2]^2).
 *   gamma = min(1, |mu*_1 - mu*_2|): mu* in Sep(gamma) up to the boundary, and Lemma 4.3 asks
 *           C >= 1 >= gamma >= delta.
 *   delta = gamma / LI2018_DELTA_PER_GAMMA (= 100): Lemma 4.5's proof (Appendix C.6) assumes
 *           2 delta <= gamma / 50.
 *   eta   = delta / C: Lemma 4.5's "eta <= delta / C for some C large", with its C taken as ours
 *           (Lemmas 4.5, 4.6; Theorem 4.1 uses a larger step, see LI2018_41_ETA_PER_DELTA).
 * The claims about mu* in Sep(gamma) (Lemmas 4.3, 4.5, Theorem 4.1) apply only when
 * mu*_1 != mu*_2. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "claims_internal.h"

/* Lemma 4.6's proof (Appendix C.7): "satisfied for C >= 3". */
#define LI2018_C_MIN 3.0
/* Lemma 4.5's proof (Appendix C.6): 2 delta <= gamma / 50. */
#define LI2018_DELTA_PER_GAMMA 100.0
/* Sep(delta) is open (|mu_1 - mu_2| > delta): starts "on" its boundary sit this far (relative)
 * inside, far above the rounding of the gap (~1e-16) and far below any scale of the problem. */
#define LI2018_SEP_MARGIN 1e-6

/* Theorem A.2 sampling: a fixed-seed LCG (Knuth's MMIX constants), so every run checks the same
 * configurations. LI2018_A2_CASE random mu_hat with the case's mu*, LI2018_A2_PAIRS random pairs,
 * all means uniform in [-LI2018_A2_BOX, LI2018_A2_BOX]; each is also scanned for sign changes on
 * LI2018_A2_SCAN points of [min mean - LI2018_A2_SCAN_MARGIN, max mean + LI2018_A2_SCAN_MARGIN]
 * (beyond 8 the densities are below 1e-14 of their peaks). */
#define LI2018_A2_SEED 2018u
#define LI2018_A2_CASE 1000u
#define LI2018_A2_PAIRS 1000u
#define LI2018_A2_BOX 4.0
#define LI2018_A2_SCAN 128u
#define LI2018_A2_SCAN_MARGIN 8.0
/* Safety factor on the rounding bound of the scaled density difference (a sum of 4 exponentials
 * of arguments with relative error ~eps): the bound is a first-order estimate. */
#define LI2018_ROUNDING_SAFETY 4.0
/* A root's residual may be this many times its rounding bound (|slope| * the rounding of t plus
 * the sum's own rounding): the roots are refined to the rounding of t (gmm.h), so an honest root
 * sits at ~1; a root off by 1e-9 relative is ~1e6 times out. */
#define LI2018_ROOT_RESIDUAL_FACTOR 1e3

/* Lemma 4.3: grid of LI2018_43_GRID^2 points of B(C) plus LI2018_43_LINE points on each line
 * |mu_1 - mu_2| = delta (1 + LI2018_SEP_MARGIN), where the gradient is smallest (it vanishes at
 * mode collapse mu_1 = mu_2 = (mu*_1 + mu*_2) / 2 by symmetry). */
#define LI2018_43_GRID 121u
#define LI2018_43_LINE 601u
/* The gradient's entries are sums of at most 4 terms phi / 2 <= 0.2 with absolute rounding
 * ~1e-16 (closed forms, gmm.h); a minimum above 1e-12 is not rounding. */
#define LI2018_GRAD_FLOOR 1e-12

/* Lemma 4.5: grid and line sizes (the lines at gaps delta (1 + margin), 1.5, 2, 3 delta), and how
 * many times eta = delta / C may be halved to find a step size for which the lemma holds. */
#define LI2018_45_GRID 61u
#define LI2018_45_LINE 401u
#define LI2018_45_HALVINGS 10u

/* Lemma 4.6: grid of B(2C) and points per edge of its boundary. */
#define LI2018_46_GRID 41u
#define LI2018_46_LINE 401u

/* Theorem 4.1: starts on a LI2018_41_GRID^2 grid of B(C) plus LI2018_41_LINE starts at
 * separation delta; steps of size eta_T = LI2018_41_ETA_PER_DELTA delta, at most
 * T = LI2018_41_STEPS_DELTA / delta of them to reach d_TV <= delta, then LI2018_41_HOLD more steps
 * during which d_TV must stay <= delta. eta_T is 15 times Lemma 4.5's delta / C (C = 3): with
 * eta = delta / C every start converges too (measured for mu* = (-0.5, 0.5) and (-2, 2): at most
 * 9402 and 23411 steps), but that costs ~1 s per case; eta_T keeps the check near 0.1 s, and
 * LI2018_41_STEPS_DELTA = 40 allows ~2.5 times the most steps measured at eta_T (628 and 1561). */
#define LI2018_41_GRID 7u
#define LI2018_41_LINE 7u
#define LI2018_41_ETA_PER_DELTA 5.0
#define LI2018_41_STEPS_DELTA 40.0
#define LI2018_41_HOLD 100u

void claims_li2018_params_of(const double *mu_star, claims_li2018_params *p)
{
    p->C = fmax(LI2018_C_MIN, fmax(fabs(mu_star[0]), fabs(mu_star[1])));
    p->gamma = fmin(1.0, fabs(mu_star[0] - mu_star[1]));
    p->delta = p->gamma / LI2018_DELTA_PER_GAMMA;
    p->eta = p->delta / p->C;
}

/* ---- Theorem A.2 ------------------------------------------------------------------------- */

/* e^(t^2/2) 2 sqrt(2 pi) F(t) = sum_k w_k e^(c_k t - c_k^2/2), w = (+1, +1, -1, -1) for
 * c = (mu*_1, mu*_2, mu_hat_1, mu_hat_2) (eq. (2)); scaled by e^-M, M the largest exponent. */
void claims_li2018_scaled_density_difference(const double *mu_star, const double *mu_hat, double t,
                                             double *value, double *bound, double *slope)
{
    const double c[4] = {mu_star[0], mu_star[1], mu_hat[0], mu_hat[1]};
    const double w[4] = {1.0, 1.0, -1.0, -1.0};
    double e[4], m = -INFINITY;
    for (int k = 0; k < 4; k++) {
        e[k] = c[k] * t - c[k] * c[k] / 2.0;
        m = fmax(m, e[k]);
    }
    double v = 0.0, b = 0.0, s = 0.0;
    for (int k = 0; k < 4; k++) {
        double term = exp(e[k] - m);
        v += w[k] * term;
        s += w[k] * c[k] * term;
        /* the exponent's absolute error ~eps (|c t| + c^2/2 + |m|), the sum's ~4 eps */
        b += term * (4.0 + fabs(c[k] * t) + c[k] * c[k] / 2.0 + fabs(m));
    }
    *value = v;
    *bound = LI2018_ROUNDING_SAFETY * DBL_EPSILON * b;
    if (slope != NULL)
        *slope = s;
}

/* +1, -1, or 0 where F's sign is below rounding. */
static int density_sign(const double *mu_star, const double *mu_hat, double t)
{
    double v, b;
    claims_li2018_scaled_density_difference(mu_star, mu_hat, t, &v, &b, NULL);
    return v > b ? 1 : v < -b ? -1 : 0;
}

size_t claims_li2018_verify_crossings(const double *mu_star, const double *mu_hat,
                                      const ganstab_gmm_crossings *c)
{
    size_t bad = 0;
    int same = (mu_hat[0] == mu_star[0] && mu_hat[1] == mu_star[1]) ||
               (mu_hat[0] == mu_star[1] && mu_hat[1] == mu_star[0]);
    if (c->identically_zero || same)
        return c->identically_zero && same && c->n_roots == 0 ? 0 : 1;
    if (c->n_roots > GANSTAB_GMM_MAX_ROOTS)
        return 1;
    double cmax =
        fmax(fmax(fabs(mu_star[0]), fabs(mu_star[1])), fmax(fabs(mu_hat[0]), fabs(mu_hat[1])));
    int gap_sign[GANSTAB_GMM_MAX_ROOTS + 1];
    for (size_t i = 0; i < c->n_roots; i++) {
        double t = c->root[i], v, b, s;
        if (!isfinite(t) || (i > 0 && !(t > c->root[i - 1])))
            bad++;
        claims_li2018_scaled_density_difference(mu_star, mu_hat, t, &v, &b, &s);
        /* the root is refined to the rounding of t itself, 2 eps (|t| + max |mean|) (gmm.h) */
        double dt = 2.0 * DBL_EPSILON * (fabs(t) + cmax);
        if (!(fabs(v) <= LI2018_ROOT_RESIDUAL_FACTOR * (fabs(s) * dt + b)))
            bad++;
    }
    for (size_t g = 0; g <= c->n_roots; g++) {
        double t;
        if (c->n_roots == 0)
            t = (mu_star[0] + mu_star[1] + mu_hat[0] + mu_hat[1]) / 4.0;
        else if (g == 0)
            t = c->root[0] - 1.0;
        else if (g == c->n_roots)
            t = c->root[g - 1] + 1.0;
        else
            t = (c->root[g - 1] + c->root[g]) / 2.0;
        gap_sign[g] = density_sign(mu_star, mu_hat, t);
        if (gap_sign[g] != 0 && gap_sign[g] != c->sign[g])
            bad++;
    }
    for (size_t i = 0; i < c->n_roots; i++)
        if (gap_sign[i] != 0 && gap_sign[i + 1] != 0 &&
            (gap_sign[i] != gap_sign[i + 1]) != (c->crossing[i] != 0))
            bad++;
    return bad;
}

size_t claims_li2018_sign_changes(const double *mu_star, const double *mu_hat, double lo, double hi,
                                  size_t n)
{
    size_t changes = 0;
    int last = 0;
    for (size_t k = 0; k < n; k++) {
        double t = n > 1 ? lo + (hi - lo) * (double)k / (double)(n - 1) : lo;
        int s = density_sign(mu_star, mu_hat, t);
        if (s != 0) {
            if (last != 0 && s != last)
                changes++;
            last = s;
        }
    }
    return changes;
}

/* Knuth's MMIX LCG; the top 53 bits as a uniform in [0, 1). */
static double lcg_uniform(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return (double)(*state >> 11) * 0x1.0p-53;
}

typedef struct {
    size_t histogram[GANSTAB_GMM_MAX_ROOTS + 1], identically_zero, n_samples;
    size_t max_roots, bad, missed, max_changes;
} a2_tally;

static int a2_sample(const double *mu_star, const double *mu_hat, a2_tally *t, ganstab_error *err)
{
    ganstab_gmm_crossings c;
    int rc = ganstab_gmm_crossings_find(mu_star, mu_hat, &c, err);
    if (rc != GANSTAB_OK)
        return rc;
    t->n_samples++;
    t->bad += claims_li2018_verify_crossings(mu_star, mu_hat, &c);
    if (c.identically_zero) {
        t->identically_zero++;
        return GANSTAB_OK;
    }
    if (c.n_roots <= GANSTAB_GMM_MAX_ROOTS)
        t->histogram[c.n_roots]++;
    if (c.n_roots > t->max_roots)
        t->max_roots = c.n_roots;
    double lo = fmin(fmin(mu_star[0], mu_star[1]), fmin(mu_hat[0], mu_hat[1]));
    double hi = fmax(fmax(mu_star[0], mu_star[1]), fmax(mu_hat[0], mu_hat[1]));
    size_t changes = claims_li2018_sign_changes(mu_star, mu_hat, lo - LI2018_A2_SCAN_MARGIN,
                                                hi + LI2018_A2_SCAN_MARGIN, LI2018_A2_SCAN);
    size_t crossings = 0;
    for (size_t i = 0; i < c.n_roots; i++)
        crossings += c.crossing[i] != 0;
    if (changes > crossings) /* the dense scan saw a zero the engine did not report */
        t->missed++;
    if (changes > t->max_changes)
        t->max_changes = changes;
    return GANSTAB_OK;
}

static void predict_a2(const ganstab_case *c, ganstab_claim_check *out)
{
    (void)c;
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "at most 3 zeros of F = p_mu* - p_mu_hat unless F == 0; %u mu_hat with this mu* and "
             "%u random pairs, means uniform in [-%g, %g] (LCG seed %u)",
             LI2018_A2_CASE, LI2018_A2_PAIRS, LI2018_A2_BOX, LI2018_A2_BOX, LI2018_A2_SEED);
}

static int check_a2(const ganstab_case *cs, const ganstab_result *r, ganstab_claim_check *out,
                    int *agrees, ganstab_error *err)
{
    (void)r;
    a2_tally t;
    memset(&t, 0, sizeof t);
    uint64_t state = LI2018_A2_SEED;
    const double *ms = cs->gmm_mu_star;
    double swapped[2] = {ms[1], ms[0]};
    int rc = a2_sample(ms, ms, &t, err); /* F == 0 must be recognized, both ways round */
    if (rc == GANSTAB_OK)
        rc = a2_sample(ms, swapped, &t, err);
    for (size_t k = 0; rc == GANSTAB_OK && k < LI2018_A2_CASE + LI2018_A2_PAIRS; k++) {
        double u[4];
        for (int j = 0; j < 4; j++)
            u[j] = LI2018_A2_BOX * (2.0 * lcg_uniform(&state) - 1.0);
        rc = a2_sample(k < LI2018_A2_CASE ? ms : u + 2, u, &t, err);
    }
    if (rc != GANSTAB_OK)
        return rc;
    *agrees = t.max_roots <= GANSTAB_GMM_MAX_ROOTS && t.max_changes <= GANSTAB_GMM_MAX_ROOTS &&
              t.bad == 0 && t.missed == 0 && t.identically_zero == 2;
    snprintf(
        out->computed_text, sizeof out->computed_text,
        "%zu configurations: 0/1/2/3 zeros %zu/%zu/%zu/%zu, F == 0 %zu, max %zu; roots failing "
        "the residual/sign check %zu; scans with more sign changes than crossings %zu (max %zu "
        "changes)",
        t.n_samples, t.histogram[0], t.histogram[1], t.histogram[2], t.histogram[3],
        t.identically_zero, t.max_roots, t.bad, t.missed, t.max_changes);
    return GANSTAB_OK;
}

/* ---- Lemma 4.3 ----------------------------------------------------------------------------- */

int claims_li2018_tv_gradient(const double *mu_star, const double *mu_hat, double *grad,
                              ganstab_error *err)
{
    double x[GANSTAB_GMM_N], g[GANSTAB_GMM_N];
    x[GANSTAB_GMM_MU1] = mu_hat[0];
    x[GANSTAB_GMM_MU2] = mu_hat[1];
    int rc = ganstab_gmm_best_response(mu_star, mu_hat, x + GANSTAB_GMM_L1, NULL, err);
    if (rc != GANSTAB_OK)
        return rc;
    ganstab_gmm_gradient(mu_star, x, g);
    grad[0] = g[GANSTAB_GMM_MU1];
    grad[1] = g[GANSTAB_GMM_MU2];
    return GANSTAB_OK;
}

static double grid_point(double lo, double hi, size_t k, size_t n)
{
    return n > 1 ? lo + (hi - lo) * (double)k / (double)(n - 1) : (lo + hi) / 2.0;
}

static int in_rect(const double *mu_star, const double *m, double delta)
{
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            if (fabs(m[i] - mu_star[j]) < delta)
                return 1;
    return 0;
}

/* Points this close to mu* (or its swap) are left out of Lemma 4.3's minimum: f is not
 * differentiable at mu*, and within rounding distance of it F itself is rounding, so the computed
 * discriminator and gradient are noise (a grid point a few ulps from mu* gives ~0). */
#define LI2018_OPT_EXCLUDE 1e-9

static int near_optimum(const double *mu_star, const double *m)
{
    return (fabs(m[0] - mu_star[0]) <= LI2018_OPT_EXCLUDE &&
            fabs(m[1] - mu_star[1]) <= LI2018_OPT_EXCLUDE) ||
           (fabs(m[0] - mu_star[1]) <= LI2018_OPT_EXCLUDE &&
            fabs(m[1] - mu_star[0]) <= LI2018_OPT_EXCLUDE);
}

static int min_gradient_at(const double *mu_star, const double *m, double rect_delta,
                           claims_li2018_gradient_min *out, ganstab_error *err)
{
    if (near_optimum(mu_star, m))
        return GANSTAB_OK;
    double g[2];
    int rc = claims_li2018_tv_gradient(mu_star, m, g, err);
    if (rc != GANSTAB_OK)
        return rc;
    double norm = hypot(g[0], g[1]);
    out->n_points++;
    out->min_norm_all = fmin(out->min_norm_all, norm);
    if (!in_rect(mu_star, m, rect_delta) && norm < out->min_norm) {
        out->min_norm = norm;
        out->argmin[0] = m[0];
        out->argmin[1] = m[1];
    }
    return GANSTAB_OK;
}

int claims_li2018_min_gradient(const double *mu_star, double C, double rect_delta, double sep_delta,
                               size_t n, size_t n_line, claims_li2018_gradient_min *out,
                               ganstab_error *err)
{
    *out = (claims_li2018_gradient_min){INFINITY, {NAN, NAN}, INFINITY, 0};
    int rc = GANSTAB_OK;
    for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
        for (size_t j = 0; rc == GANSTAB_OK && j < n; j++) {
            double m[2] = {grid_point(-C, C, i, n), grid_point(-C, C, j, n)};
            if (fabs(m[0] - m[1]) > sep_delta)
                rc = min_gradient_at(mu_star, m, rect_delta, out, err);
        }
    double s = sep_delta * (1.0 + LI2018_SEP_MARGIN);
    for (size_t k = 0; rc == GANSTAB_OK && sep_delta > 0.0 && k < n_line; k++) {
        double t = grid_point(-C + s / 2.0, C - s / 2.0, k, n_line);
        double m[2] = {t - s / 2.0, t + s / 2.0}, w[2] = {t + s / 2.0, t - s / 2.0};
        rc = min_gradient_at(mu_star, m, rect_delta, out, err);
        if (rc == GANSTAB_OK)
            rc = min_gradient_at(mu_star, w, rect_delta, out, err);
    }
    return rc;
}

static int applies_gmm(const ganstab_case *c)
{
    return c->model == GANSTAB_MODEL_GMM && isfinite(c->gmm_mu_star[0]) &&
           isfinite(c->gmm_mu_star[1]);
}

/* The lemmas that assume mu* in Sep(gamma), gamma > 0. */
static int applies_gmm_separated(const ganstab_case *c)
{
    return applies_gmm(c) && c->gmm_mu_star[0] != c->gmm_mu_star[1];
}

static void predict_43(const ganstab_case *c, ganstab_claim_check *out)
{
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "||grad f|| >= K > 0 on B(C) cap Sep(delta) outside Rect(delta), f = d_TV; C = %g, "
             "delta = %g; grid %ux%u plus %u points on each line |mu_1 - mu_2| = delta; "
             "K > %g (rounding)",
             p.C, p.delta, LI2018_43_GRID, LI2018_43_GRID, LI2018_43_LINE, LI2018_GRAD_FLOOR);
}

static int check_43(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check *out,
                    int *agrees, ganstab_error *err)
{
    (void)r;
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    claims_li2018_gradient_min g;
    int rc = claims_li2018_min_gradient(c->gmm_mu_star, p.C, p.delta, p.delta, LI2018_43_GRID,
                                        LI2018_43_LINE, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    *agrees = g.min_norm > LI2018_GRAD_FLOOR;
    snprintf(out->computed_text, sizeof out->computed_text,
             "min ||grad f|| = %.3g at mu_hat = (%.4g, %.4g) (%zu points); %.3g also counting "
             "Rect(delta) (the statement's Rect(0) is empty), Opt(1e-9) left out",
             g.min_norm, g.argmin[0], g.argmin[1], g.n_points, g.min_norm_all);
    return GANSTAB_OK;
}

/* ---- Lemmas 4.5 and 4.6, Theorem 4.1: optimal-discriminator steps ------------------------- */

static int optimal_stepper(const double *mu_star, double eta, ganstab_gmm_stepper *s,
                           ganstab_error *err)
{
    return ganstab_gmm_stepper_init(s, GANSTAB_GMM_OPTIMAL, mu_star, eta, 0.0, 0u, 0.0, err);
}

/* mu' from mu (eq. (8) with the discriminator of eq. (7)). */
static int optimal_step(const ganstab_gmm_stepper *s, const double *m, double *next,
                        ganstab_error *err)
{
    double x[GANSTAB_GMM_N] = {m[0], m[1], 0.0, 0.0, 0.0, 0.0};
    int rc = ganstab_gmm_step(s, x, NULL, err);
    next[0] = x[GANSTAB_GMM_MU1];
    next[1] = x[GANSTAB_GMM_MU2];
    return rc;
}

static int sep_step_at(const ganstab_gmm_stepper *s, const double *m, claims_li2018_sep_step *out,
                       ganstab_error *err)
{
    double next[2];
    int rc = optimal_step(s, m, next, err);
    if (rc != GANSTAB_OK)
        return rc;
    double gap = fabs(next[0] - next[1]);
    out->n_points++;
    if (!(gap >= out->min_gap)) {
        out->min_gap = gap;
        out->argmin[0] = m[0];
        out->argmin[1] = m[1];
    }
    return GANSTAB_OK;
}

int claims_li2018_sep_step_min(const double *mu_star, double C, double delta, double eta, size_t n,
                               size_t n_line, claims_li2018_sep_step *out, ganstab_error *err)
{
    *out = (claims_li2018_sep_step){INFINITY, {NAN, NAN}, 0};
    ganstab_gmm_stepper s;
    int rc = optimal_stepper(mu_star, eta, &s, err);
    for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
        for (size_t j = 0; rc == GANSTAB_OK && j < n; j++) {
            double m[2] = {grid_point(-C, C, i, n), grid_point(-C, C, j, n)};
            if (fabs(m[0] - m[1]) > delta)
                rc = sep_step_at(&s, m, out, err);
        }
    const double gaps[] = {1.0 + LI2018_SEP_MARGIN, 1.5, 2.0, 3.0}; /* times delta */
    for (size_t g = 0; rc == GANSTAB_OK && g < sizeof gaps / sizeof gaps[0]; g++) {
        double w = gaps[g] * delta;
        for (size_t k = 0; rc == GANSTAB_OK && k < n_line; k++) {
            double t = grid_point(-C + w / 2.0, C - w / 2.0, k, n_line);
            double m[2] = {t - w / 2.0, t + w / 2.0}, v[2] = {t + w / 2.0, t - w / 2.0};
            rc = sep_step_at(&s, m, out, err);
            if (rc == GANSTAB_OK)
                rc = sep_step_at(&s, v, out, err);
        }
    }
    return rc;
}

static void predict_45(const ganstab_case *c, ganstab_claim_check *out)
{
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "one optimal-discriminator step with eta <= delta/C keeps mu_hat in Sep(delta): "
             "|mu'_1 - mu'_2| > delta; gamma = %g, delta = gamma/100 = %g, C = %g, eta = %.4g; "
             "grid %ux%u of Sep(delta) cap B(C) plus %u centers at gaps 1, 1.5, 2, 3 delta",
             p.gamma, p.delta, p.C, p.eta, LI2018_45_GRID, LI2018_45_GRID, LI2018_45_LINE);
}

static int check_45(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check *out,
                    int *agrees, ganstab_error *err)
{
    (void)r;
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    claims_li2018_sep_step st, first;
    double eta = p.eta;
    int rc = GANSTAB_OK;
    *agrees = 0;
    unsigned halvings = 0;
    for (; halvings <= LI2018_45_HALVINGS; halvings++, eta /= 2.0) {
        rc = claims_li2018_sep_step_min(c->gmm_mu_star, p.C, p.delta, eta, LI2018_45_GRID,
                                        LI2018_45_LINE, &st, err);
        if (rc != GANSTAB_OK)
            return rc;
        if (halvings == 0)
            first = st;
        if (st.min_gap > p.delta) {
            *agrees = 1;
            break;
        }
    }
    if (halvings == 0)
        snprintf(out->computed_text, sizeof out->computed_text,
                 "min |mu'_1 - mu'_2| = delta + %.3g, delta = %g (from mu_hat = (%.4g, %.4g); "
                 "%zu starts)",
                 first.min_gap - p.delta, p.delta, first.argmin[0], first.argmin[1],
                 first.n_points);
    else
        snprintf(out->computed_text, sizeof out->computed_text,
                 "at eta = delta/C: min |mu'_1 - mu'_2| = delta - %.3g, delta = %g, from mu_hat = "
                 "(%.4g, %.4g); %s",
                 p.delta - first.min_gap, p.delta, first.argmin[0], first.argmin[1],
                 *agrees ? "holds from eta = delta/(C 2^k), k below" : "fails for every eta tried");
    if (halvings > 0 && *agrees) {
        size_t used = strlen(out->computed_text);
        snprintf(out->computed_text + used, sizeof out->computed_text - used,
                 ": k = %u (eta = %.4g, min gap delta + %.3g)", halvings, eta,
                 st.min_gap - p.delta);
    }
    return GANSTAB_OK;
}

static int box_step_at(const ganstab_gmm_stepper *s, const double *m, claims_li2018_box_step *out,
                       ganstab_error *err)
{
    double next[2];
    int rc = optimal_step(s, m, next, err);
    if (rc != GANSTAB_OK)
        return rc;
    double norm = fmax(fabs(next[0]), fabs(next[1]));
    out->n_points++;
    if (!(norm <= out->max_norm)) {
        out->max_norm = norm;
        out->argmax[0] = m[0];
        out->argmax[1] = m[1];
    }
    return GANSTAB_OK;
}

int claims_li2018_box_step_max(const double *mu_star, double box, double eta, size_t n,
                               size_t n_line, claims_li2018_box_step *out, ganstab_error *err)
{
    *out = (claims_li2018_box_step){-INFINITY, {NAN, NAN}, 0};
    ganstab_gmm_stepper s;
    int rc = optimal_stepper(mu_star, eta, &s, err);
    for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
        for (size_t j = 0; rc == GANSTAB_OK && j < n; j++) {
            double m[2] = {grid_point(-box, box, i, n), grid_point(-box, box, j, n)};
            rc = box_step_at(&s, m, out, err);
        }
    for (size_t k = 0; rc == GANSTAB_OK && k < n_line; k++) {
        double t = grid_point(-box, box, k, n_line);
        const double edges[4][2] = {{-box, t}, {box, t}, {t, -box}, {t, box}};
        for (size_t e = 0; rc == GANSTAB_OK && e < 4; e++)
            rc = box_step_at(&s, edges[e], out, err);
    }
    return rc;
}

static void predict_46(const ganstab_case *c, ganstab_claim_check *out)
{
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "one optimal-discriminator step from mu_hat in B(2C) stays in B(2C): "
             "||mu'||_inf <= 2C = %g; C = %g, eta = %.4g; grid %ux%u of B(2C) plus %u points on "
             "each edge",
             2.0 * p.C, p.C, p.eta, LI2018_46_GRID, LI2018_46_GRID, LI2018_46_LINE);
}

static int check_46(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check *out,
                    int *agrees, ganstab_error *err)
{
    (void)r;
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    if (!(p.eta > 0.0)) /* mu*_1 = mu*_2: Lemma 4.6 does not need separation; any small eta */
        p.eta = 1.0 / (LI2018_DELTA_PER_GAMMA * p.C);
    claims_li2018_box_step b;
    int rc = claims_li2018_box_step_max(c->gmm_mu_star, 2.0 * p.C, p.eta, LI2018_46_GRID,
                                        LI2018_46_LINE, &b, err);
    if (rc != GANSTAB_OK)
        return rc;
    *agrees = b.max_norm <= 2.0 * p.C;
    snprintf(out->computed_text, sizeof out->computed_text,
             "max ||mu'||_inf = %.9g (2C - max = %.3g) from mu_hat = (%.4g, %.4g); %zu starts",
             b.max_norm, 2.0 * p.C - b.max_norm, b.argmax[0], b.argmax[1], b.n_points);
    return GANSTAB_OK;
}

static int converge_from(const ganstab_gmm_stepper *s, const double *m, double delta, size_t t_max,
                         size_t hold, claims_li2018_convergence *out, ganstab_error *err)
{
    double x[GANSTAB_GMM_N] = {m[0], m[1], 0.0, 0.0, 0.0, 0.0}, tv;
    int rc = ganstab_gmm_tv(s->mu_star, x, &tv, err);
    size_t k = 0;
    for (; rc == GANSTAB_OK && tv > delta && k < t_max; k++) {
        rc = ganstab_gmm_step(s, x, NULL, err);
        if (rc == GANSTAB_OK)
            rc = ganstab_gmm_tv(s->mu_star, x, &tv, err);
    }
    if (rc != GANSTAB_OK)
        return rc;
    out->n_starts++;
    if (tv > delta) {
        out->n_failed++;
    } else {
        if (k > out->max_steps)
            out->max_steps = k;
        for (size_t j = 0; rc == GANSTAB_OK && j < hold; j++) {
            rc = ganstab_gmm_step(s, x, NULL, err);
            if (rc == GANSTAB_OK)
                rc = ganstab_gmm_tv(s->mu_star, x, &tv, err);
            if (rc == GANSTAB_OK && !(tv <= out->worst_hold_tv))
                out->worst_hold_tv = tv;
        }
    }
    if (rc == GANSTAB_OK && !(tv <= out->worst_final_tv)) {
        out->worst_final_tv = tv;
        out->worst_start[0] = m[0];
        out->worst_start[1] = m[1];
    }
    return rc;
}

int claims_li2018_converge(const double *mu_star, double C, double delta, double eta, size_t n,
                           size_t n_line, size_t t_max, size_t hold, claims_li2018_convergence *out,
                           ganstab_error *err)
{
    *out = (claims_li2018_convergence){0.0, 0.0, {NAN, NAN}, 0, 0, 0};
    ganstab_gmm_stepper s;
    int rc = optimal_stepper(mu_star, eta, &s, err);
    for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
        for (size_t j = 0; rc == GANSTAB_OK && j < n; j++) {
            double m[2] = {grid_point(-C, C, i, n), grid_point(-C, C, j, n)};
            if (fabs(m[0] - m[1]) >= delta)
                rc = converge_from(&s, m, delta, t_max, hold, out, err);
        }
    for (size_t k = 0; rc == GANSTAB_OK && k < n_line; k++) {
        double t = grid_point(-C + delta / 2.0, C - delta / 2.0, k, n_line);
        double m[2] = {t - delta / 2.0, t + delta / 2.0};
        rc = converge_from(&s, m, delta, t_max, hold, out, err);
    }
    return rc;
}

static void predict_41(const ganstab_case *c, ganstab_claim_check *out)
{
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    out->spectrum = GANSTAB_CLAIM_SPECTRUM_FIELD;
    out->n_predicted = 0;
    snprintf(out->predicted_text, sizeof out->predicted_text,
             "optimal-discriminator dynamics from mu_hat in B(C), |mu_1 - mu_2| >= delta, reach "
             "d_TV <= delta within T steps (eta, T = poly(1/delta, e^-C^2)); C = %g, delta = %g, "
             "eta = 5 delta = %.4g, T = 40/delta = %.0f, then %u more steps; starts: grid %ux%u "
             "plus %u at gap delta",
             p.C, p.delta, LI2018_41_ETA_PER_DELTA * p.delta, LI2018_41_STEPS_DELTA / p.delta,
             LI2018_41_HOLD, LI2018_41_GRID, LI2018_41_GRID, LI2018_41_LINE);
}

static int check_41(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check *out,
                    int *agrees, ganstab_error *err)
{
    (void)r;
    claims_li2018_params p;
    claims_li2018_params_of(c->gmm_mu_star, &p);
    claims_li2018_convergence v;
    int rc = claims_li2018_converge(
        c->gmm_mu_star, p.C, p.delta, LI2018_41_ETA_PER_DELTA * p.delta, LI2018_41_GRID,
        LI2018_41_LINE, (size_t)ceil(LI2018_41_STEPS_DELTA / p.delta), LI2018_41_HOLD, &v, err);
    if (rc != GANSTAB_OK)
        return rc;
    *agrees = v.n_failed == 0 && v.worst_final_tv <= p.delta && v.worst_hold_tv <= p.delta;
    snprintf(out->computed_text, sizeof out->computed_text,
             "%zu starts, %zu did not reach delta; at most %zu steps to d_TV <= delta; "
             "max d_TV over the %u further steps %.3g, at the end %.3g (from mu_hat = (%.4g, "
             "%.4g))",
             v.n_starts, v.n_failed, v.max_steps, LI2018_41_HOLD, v.worst_hold_tv, v.worst_final_tv,
             v.worst_start[0], v.worst_start[1]);
    return GANSTAB_OK;
}

const claim_def GANSTAB_CLAIMS_LI2018[] = {
    {"li2018:theorem-A.2",
     "Any linear combination of k Gaussian densities with the same variance has at most k - 1 "
     "zeros unless identically 0; F = p_mu* - p_mu_hat has at most 3.",
     "Li et al. 2018, Theorem A.2", applies_gmm, predict_a2, NULL, check_a2},
    {"li2018:lemma-4.3",
     "For mu*, mu_hat in B(C), mu* in Sep(gamma), mu_hat in Sep(delta) away from Rect, "
     "||grad f_mu*(mu_hat)|| >= K = Omega(1) (delta e^-C^2 / C)^O(1), f = d_TV(G_mu_hat, G_mu*).",
     "Li et al. 2018, Lemma 4.3 (Appendix C.4)", applies_gmm_separated, predict_43, NULL, check_43},
    {"li2018:lemma-4.5",
     "No mode collapse: for delta small and eta <= delta/C (C large), mu_hat in Sep(delta) "
     "implies mu_hat - eta grad f_mu*(mu_hat) in Sep(delta).",
     "Li et al. 2018, Lemma 4.5 (Appendix C.6)", applies_gmm_separated, predict_45, NULL, check_45},
    {"li2018:lemma-4.6",
     "No divergence: for C large and eta small, mu* in B(C) and mu_hat in B(2C) imply "
     "mu_hat - eta grad f_mu*(mu_hat) in B(2C).",
     "Li et al. 2018, Lemma 4.6 (Appendix C.7)", applies_gmm, predict_46, NULL, check_46},
    {"li2018:theorem-4.1",
     "The optimal-discriminator dynamics from any separated start in B(C) reach "
     "d_TV(G_mu*, G_mu_hat) <= delta after T = poly(1/delta, e^-C^2) steps.",
     "Li et al. 2018, Theorem 4.1 (Appendix C.3)", applies_gmm_separated, predict_41, NULL,
     check_41},
};

const size_t GANSTAB_CLAIMS_LI2018_COUNT =
    sizeof GANSTAB_CLAIMS_LI2018 / sizeof GANSTAB_CLAIMS_LI2018[0];

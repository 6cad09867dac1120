/* Claims about optimizer comparisons (claims.h, compare.h) on the unregularized bilinear
 * Dirac-GAN, J = [[0, -a], [a, 0]] with a = f'(0) (Mescheder et al. 2018, Lemma 2.2). Each
 * operator is diagonalized by J's eigenvectors, so every eigenvalue mu = +-ia of J gives a scalar
 * recurrence; with t = h a the exact stable sets are (derivations in the reports, "Optimizers"):
 *   simgd           1 + i t: modulus sqrt(1 + t^2) > 1, never stable (Lemma 2.4);
 *   altgd (1, 1)    trace 2 - t^2, determinant 1 (Lemma 2.5): never stable;
 *   extragradient   1 + i t - t t_e (t_e = h_e a): stable iff h < 2 h_e / (1 + h_e^2 a^2); with
 *                   h_e = h: h < 1/a;
 *   optimistic      z^2 - (1 + 2 i t) z + i t (h_e = h): Schur-Cohn |c| < 1 and
 *                   |b - c conj(b)| < 1 - |c|^2 give 3 t^4 < t^2: h < 1/(sqrt(3) a);
 *   momentum (sim.) z^2 - (1 + beta + i t) z + beta: |b - c conj(b)| = (1 + beta) sqrt((1 - beta)^2
 *                   + t^2) > 1 - beta^2 for every t > 0 and |beta| < 1: never stable (and
 *                   |beta| >= 1 is never stable either, |c| = |beta|);
 *   momentum (alt.) (z - 1)^2 (z - beta)^2 + t^2 z^3: the only unit-circle crossing is z = -1 at
 *                   t = 2 |1 + beta|; stable exactly for -1 < beta < 0 and h < 2 (1 + beta)/a;
 *   optimistic, h_e (z^2 - (1 + (h + h_e) i a) z + i a h_e): h < 2 h_e (1 - s^2)/(1 + s^2),
 *                   s = a h_e < 1;
 *   complex mom.    (z - 1)(z - B)(z - conj B) - i h a z (z - beta): see the derivation;
 *   cgd             1 / (1 - i t): modulus 1/sqrt(1 + t^2) < 1, stable for every h > 0;
 *   conopt (gamma)  1 - h gamma a^2 + i t: stable iff h < 2 gamma / (1 + gamma^2 a^2);
 *   sga (lambda)    (I + lambda J) J has eigenvalues i a - lambda a^2, so 1 - h lambda a^2 + i t:
 *                   stable iff lambda > 0 and h < 2 lambda / (1 + lambda^2 a^2) (aligned:
 * |lambda|); lookahead       1 - alpha + alpha (1 + i t)^k over simgd: |.|^2 - 1 is a polynomial of
 * degree k in s = t^2, g(s) = (1-alpha)^2 + 2 alpha (1-alpha) Re (1+it)^k
 *                   + alpha^2 (1+s)^k - 1 with Re (1+it)^k = sum_j C(k,2j) (-s)^j; stable where
 *                   g < 0, between its positive roots (found by GSL's polynomial solver).
 * And a known fact (Gidel et al. 2019, "Negative momentum for improved game dynamics", Sec. 5):
 * alternating gradient steps with negative momentum converge on the bilinear game, while plain
 * alternating steps (and simultaneous steps with any momentum) do not. */
#include "ganstab/claims.h"

#include <gsl/gsl_poly.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/model.h"

#include "../core/gsl_quiet.h"

#define SRC_MESCHEDER "Mescheder et al. 2018, Lemmas 2.2, 2.4, 2.5 (derived)"
#define SRC_EG "Korpelevich 1976; Gidel et al. 2019 ICLR (derived for the Dirac-GAN)"
#define SRC_OG "Daskalakis et al. 2018; Gidel et al. 2019 ICLR (derived for the Dirac-GAN)"
#define SRC_HB "Gidel et al. 2019 AISTATS, Sec. 5 (derived for the Dirac-GAN)"
#define SRC_CGD "Schafer & Anandkumar 2019, Sec. 3 (derived for the Dirac-GAN)"
#define SRC_CONOPT "Mescheder et al. 2017, The Numerics of GANs (derived for the Dirac-GAN)"
#define SRC_SGA "Balduzzi et al. 2018, Sec. 3 (derived for the Dirac-GAN)"
#define SRC_LA "Chavdarova et al. 2021, lookahead-minmax (derived for the Dirac-GAN)"
#define SRC_CM "Lorraine et al. 2022, complex momentum (derived for the Dirac-GAN)"

typedef struct {
    size_t n; /* stable intervals in h (hi may be +inf) */
    double lo[GANSTAB_CLAIM_COMPARE_MAX_ENDS], hi[GANSTAB_CLAIM_COMPARE_MAX_ENDS];
    const char *source, *formula;
} prediction;

static void one(prediction *p, double hi, const char *source, const char *formula)
{
    p->n = hi > 0.0 ? 1 : 0;
    p->lo[0] = 0.0;
    p->hi[0] = hi;
    p->source = source;
    p->formula = formula;
}

/* Lookahead over simgd: the sub-level set {g < 0} of the degree-k polynomial in s = (h a)^2. */
static int lookahead_prediction(unsigned k, double alpha, double a, prediction *p)
{
    if (k > 24)
        return 0;
    double coef[25] = {0}, binom[26] = {1};
    for (unsigned i = 1; i <= k; i++) /* binom[j] = C(k, j), built row by row */
        for (unsigned j = i; j > 0; j--)
            binom[j] += binom[j - 1];
    for (unsigned j = 0; 2 * j <= k; j++)
        coef[j] += 2.0 * alpha * (1.0 - alpha) * binom[2 * j] * (j % 2 == 0 ? 1.0 : -1.0);
    for (unsigned j = 0; j <= k; j++)
        coef[j] += alpha * alpha * binom[j];
    coef[0] += (1.0 - alpha) * (1.0 - alpha) - 1.0;
    /* coef[0] = 0 exactly in exact arithmetic (g(0) = 0): divide s out */
    size_t deg = k - 1;
    double *c = coef + 1, z[2 * 24];
    double roots[24];
    size_t nr = 0;
    if (deg >= 1) {
        gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
        gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc(deg + 1);
        int solved = w != NULL && gsl_poly_complex_solve(c, deg + 1, w, z) == 0;
        ganstab_gsl_quiet_end(saved);
        if (!solved) {
            gsl_poly_complex_workspace_free(w);
            return 0;
        }
        gsl_poly_complex_workspace_free(w);
        for (size_t i = 0; i < deg; i++)
            if (z[2 * i] > 0.0 && fabs(z[2 * i + 1]) <= 1e-9 * fabs(z[2 * i]))
                roots[nr++] = z[2 * i];
    }
    /* polish each positive root by Newton on g/s, then sort */
    for (size_t i = 0; i < nr; i++) {
        for (int it = 0; it < 50; it++) {
            double v = gsl_poly_eval(c, (int)deg + 1, roots[i]);
            double dv = 0.0;
            for (size_t j = deg; j >= 1; j--)
                dv = dv * roots[i] + (double)j * c[j];
            if (dv == 0.0)
                break;
            double step = v / dv;
            roots[i] -= step;
            if (fabs(step) <= 1e-17 * roots[i])
                break;
        }
    }
    for (size_t i = 1; i < nr; i++)
        for (size_t j = i; j > 0 && roots[j] < roots[j - 1]; j--) {
            double t = roots[j];
            roots[j] = roots[j - 1];
            roots[j - 1] = t;
        }
    p->n = 0;
    double prev = 0.0;
    for (size_t i = 0; i <= nr && p->n < GANSTAB_CLAIM_COMPARE_MAX_ENDS; i++) {
        double next = i < nr ? roots[i] : INFINITY;
        double mid = i < nr ? 0.5 * (prev + next) : (prev > 0.0 ? 2.0 * prev : 1.0);
        if (gsl_poly_eval(c, (int)deg + 1, mid) < 0.0) { /* g(s)/s < 0: stable */
            p->lo[p->n] = sqrt(prev) / a;
            p->hi[p->n] = isinf(next) ? INFINITY : sqrt(next) / a;
            p->n++;
        }
        prev = next;
    }
    p->source = SRC_LA;
    p->formula = "stable exactly where |1 - alpha + alpha (1 + i h a)^k| < 1";
    return 1;
}

/* |1 - alpha + alpha b(h)^k|^2 - 1 for lookahead over a base whose operator on the bilinear game
 * is the scalar multiplier b(h) = 1 - h c a^2 + i h a (extragradient: c = h_e, or h when h_e is
 * tied to h; sga: lambda, |lambda| aligned; conopt: gamma). */
static double lookahead_scalar_g(const ganstab_update *u, double a, double h)
{
    double c = u->base == GANSTAB_SCHEME_EXTRAGRADIENT ? (u->he > 0.0 ? u->he : h)
               : u->base == GANSTAB_SCHEME_SGA
                   ? (u->variant == GANSTAB_VARIANT_ALIGNED ? fabs(u->lambda) : u->lambda)
                   : u->gamma;
    double br = 1.0 - h * c * a * a, bi = h * a, pr = 1.0, pi = 0.0;
    for (unsigned j = 0; j < u->k; j++) { /* (br + i bi)^k */
        double t = pr * br - pi * bi;
        pi = pr * bi + pi * br;
        pr = t;
    }
    double zr = 1.0 - u->alpha + u->alpha * pr, zi = u->alpha * pi;
    return zr * zr + zi * zi - 1.0;
}

/* The stable set of lookahead over extragradient, sga or conopt: where the scalar closed form
 * lookahead_scalar_g is negative, its sign changes located on a fine geometric grid of
 * (1e-6/a, 1e3/a) and refined by bisection to the last bit. The formula is evaluated in scalar
 * complex arithmetic, independently of the engine's matrices and eigenvalues. */
static int lookahead_scalar_prediction(const ganstab_update *u, double a, prediction *p)
{
    const size_t N = 200000;
    double lo = 1e-6 / a, hi = 1e3 / a, ratio = pow(hi / lo, 1.0 / (double)N);
    p->n = 0;
    double h0 = lo, g0 = lookahead_scalar_g(u, a, h0), start = g0 < 0.0 ? 0.0 : NAN;
    for (size_t i = 1; i <= N; i++) {
        double h1 = i == N ? hi : lo * pow(ratio, (double)i), g1 = lookahead_scalar_g(u, a, h1);
        if ((g0 < 0.0) != (g1 < 0.0)) {
            double l = h0, r = h1;
            for (int it = 0; it < 200 && r - l > 0.0; it++) {
                double mid = 0.5 * (l + r);
                if (mid <= l || mid >= r)
                    break;
                if ((lookahead_scalar_g(u, a, mid) < 0.0) == (g0 < 0.0))
                    l = mid;
                else
                    r = mid;
            }
            double x = 0.5 * (l + r);
            if (g0 >= 0.0) {
                start = x;
            } else if (p->n < GANSTAB_CLAIM_COMPARE_MAX_ENDS) {
                p->lo[p->n] = start;
                p->hi[p->n++] = x;
            }
        }
        h0 = h1;
        g0 = g1;
    }
    if (g0 < 0.0 && p->n < GANSTAB_CLAIM_COMPARE_MAX_ENDS) {
        p->lo[p->n] = start;
        p->hi[p->n++] = INFINITY;
    }
    p->source = SRC_LA;
    p->formula =
        "stable where |1 - alpha + alpha b(h)^k| < 1, b(h) = 1 - h c a^2 + i h a the base's "
        "multiplier (c = h_e, lambda or gamma; ends by bisection on this formula)";
    return 1;
}

/* The exact stable set of row r on the bilinear game with f'(0) = a; 0 if none is derived. */
static int predict(const ganstab_compare_row *r, double a, prediction *p)
{
    const ganstab_update *u = &r->update;
    memset(p, 0, sizeof *p);
    switch (u->scheme) {
    case GANSTAB_SCHEME_SIMGD:
        one(p, 0.0, SRC_MESCHEDER, "stable for no h: |1 + i h a| > 1");
        return 1;
    case GANSTAB_SCHEME_ALTGD:
        if (u->ng != 1 || u->nd != 1)
            return 0;
        one(p, 0.0, SRC_MESCHEDER, "stable for no h: the eigenvalues have product 1 (Lemma 2.5)");
        return 1;
    case GANSTAB_SCHEME_EXTRAGRADIENT:
        if (u->he > 0.0)
            one(p, 2.0 * u->he / (1.0 + u->he * u->he * a * a), SRC_EG,
                "stable exactly for h < 2 h_e / (1 + h_e^2 a^2)");
        else
            one(p, 1.0 / a, SRC_EG, "stable exactly for h < 1/a");
        return 1;
    case GANSTAB_SCHEME_OPTIMISTIC:
        if (u->he > 0.0) {
            double s = a * u->he;
            one(p, s < 1.0 ? 2.0 * u->he * (1.0 - s * s) / (1.0 + s * s) : 0.0, SRC_OG,
                s < 1.0 ? "stable exactly for h < 2 h_e (1 - a^2 h_e^2) / (1 + a^2 h_e^2)"
                        : "stable for no h when a h_e >= 1");
            return 1;
        }
        one(p, 1.0 / (sqrt(3.0) * a), SRC_OG, "stable exactly for h < 1/(sqrt(3) a)");
        return 1;
    case GANSTAB_SCHEME_MOMENTUM:
        if (u->variant == GANSTAB_VARIANT_ALTERNATING) {
            int neg = u->beta > -1.0 && u->beta < 0.0;
            one(p, neg ? 2.0 * (1.0 + u->beta) / a : 0.0, SRC_HB,
                neg ? "stable exactly for h < 2 (1 + beta) / a (-1 < beta < 0)"
                    : "stable for no h unless -1 < beta < 0");
            return 1;
        }
        one(p, 0.0, SRC_HB, "stable for no h and no beta");
        return 1;
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM: {
        /* characteristic polynomial (z - 1)(z - B)(z - conj B) - h mu z (z - beta), B = beta + i
           beta_im: one unit-circle crossing for h > 0, at cos w = c*; stable near h = 0 iff
           S = 4 (1 - beta)^2 - (3 - beta)((1 - beta)^2 + beta_im^2) < 0 (with |B| < 1) */
        double b = u->beta, r2 = b * b + u->beta_im * u->beta_im;
        double S = 4.0 * (1.0 - b) * (1.0 - b) -
                   (3.0 - b) * ((1.0 - b) * (1.0 - b) + u->beta_im * u->beta_im);
        double hc = 0.0;
        if (r2 < 1.0 && S < 0.0) {
            double cs = (1.0 + b + 2.0 * b * b - r2 + b * r2) / (2.0 * (b + r2));
            hc = sqrt(1.0 - cs * cs) *
                 fabs(1.0 - b + 2.0 * b * b - r2 * (1.0 + b) + 2.0 * cs * (r2 - b)) /
                 (a * (1.0 - 2.0 * b * cs + b * b));
            if (!(hc > 0.0) || !isfinite(hc))
                return 0;
        }
        one(p, hc, SRC_CM,
            hc > 0.0 ? "stable exactly for h < h_c (one Neimark-Sacker crossing, closed form in "
                       "the derivation)"
                     : "stable for no h (|beta + i beta_im| >= 1 or the root at 1 leaves first)");
        return 1;
    }
    case GANSTAB_SCHEME_CGD:
        one(p, INFINITY, SRC_CGD, "stable for every h > 0: |1/(1 - i h a)| < 1");
        return 1;
    case GANSTAB_SCHEME_CONOPT:
        one(p, 2.0 * u->gamma / (1.0 + u->gamma * u->gamma * a * a), SRC_CONOPT,
            "stable exactly for h < 2 gamma / (1 + gamma^2 a^2)");
        return 1;
    case GANSTAB_SCHEME_SGA: {
        double lambda = u->variant == GANSTAB_VARIANT_ALIGNED ? fabs(u->lambda) : u->lambda;
        one(p, lambda > 0.0 ? 2.0 * lambda / (1.0 + lambda * lambda * a * a) : 0.0, SRC_SGA,
            lambda > 0.0 ? "stable exactly for h < 2 lambda / (1 + lambda^2 a^2)"
                         : "stable for no h when lambda <= 0");
        return 1;
    }
    case GANSTAB_SCHEME_LOOKAHEAD:
        switch (u->base) {
        case GANSTAB_SCHEME_SIMGD:
            return lookahead_prediction(u->k, u->alpha, a, p);
        case GANSTAB_SCHEME_CGD:
            /* |1 - alpha + alpha b^k| <= 1 - alpha + alpha |b|^k < 1 with |b| = 1/sqrt(1 + t^2) */
            one(p, INFINITY, SRC_LA, "stable for every h > 0: the CGD multiplier has |b| < 1");
            return 1;
        case GANSTAB_SCHEME_ALTGD: {
            /* the altgd operator has eigenvalues e^{+-i w}, 2 cos w = 2 - ng nd t^2 (t < 2 /
               sqrt(ng nd), Lemma 2.5), so lookahead's are 1 - alpha + alpha e^{+-i k w}: modulus
               < 1 unless k w is a multiple of 2 pi (touch points, rho = 1); beyond, the real pair
               lambda, 1/lambda: stable while (1 - alpha + alpha lambda^{-k}) stays above -1 */
            double m = sqrt((double)u->ng * (double)u->nd);
            double end = 2.0 / (a * m);
            if (u->k % 2 == 1) {
                double q = pow(2.0 / u->alpha - 1.0, 1.0 / (double)u->k);
                end = sqrt(2.0 + q + 1.0 / q) / (a * m);
            }
            one(p, end, SRC_LA,
                u->k % 2 == 1
                    ? "stable for h < sqrt(2 + q + 1/q) / (a sqrt(ng nd)), q = (2/alpha - "
                      "1)^(1/k), but for the isolated touch points h_j = 2 sin(pi j/k) / "
                      "(a sqrt(ng nd)) where rho = 1"
                    : "stable for h < 2 / (a sqrt(ng nd)), but for the isolated touch "
                      "points h_j = 2 sin(pi j/k) / (a sqrt(ng nd)) where rho = 1");
            return 1;
        }
        case GANSTAB_SCHEME_EXTRAGRADIENT:
        case GANSTAB_SCHEME_SGA:
        case GANSTAB_SCHEME_CONOPT:
            return lookahead_scalar_prediction(u, a, p);
        default:
            return 0;
        }
    default:
        return 0;
    }
}

static void fmt_h(char *buf, size_t size, double h)
{
    if (isinf(h))
        snprintf(buf, size, "inf");
    else
        snprintf(buf, size, "%.12g", h);
}

/* Intervals as "(lo, hi) u ..." or "none". */
static void fmt_set(char *buf, size_t size, size_t n, const double *lo, const double *hi)
{
    size_t len = 0;
    buf[0] = '\0';
    if (n == 0)
        snprintf(buf, size, "none");
    for (size_t i = 0; i < n && len < size; i++) {
        char a[32], b[32];
        fmt_h(a, sizeof a, lo[i]);
        fmt_h(b, sizeof b, hi[i]);
        len += (size_t)snprintf(buf + len, size - len, "%s(%s, %s)", i > 0 ? " ∪ " : "", a, b);
    }
}

static int close_to(double x, double y)
{
    return fabs(x - y) <= GANSTAB_CLAIM_CRITICAL_TOL * fmax(1.0, fabs(y));
}

/* Compare prediction p, clipped to [from, to], with row r's stable segments. */
static void check_row(const prediction *p, const ganstab_compare_row *r,
                      const ganstab_compare_options *opt, ganstab_claim_compare *k)
{
    double lo[GANSTAB_CLAIM_COMPARE_MAX_ENDS], hi[GANSTAB_CLAIM_COMPARE_MAX_ENDS];
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++) {
        double l = fmax(p->lo[i], opt->from), h = fmin(p->hi[i], opt->to);
        if (l < h) {
            lo[n] = l;
            hi[n++] = h;
        }
    }
    fmt_set(k->predicted, sizeof k->predicted, p->n, p->lo, p->hi);
    double clo[GANSTAB_COMPARE_MAX_SEGMENTS], chi[GANSTAB_COMPARE_MAX_SEGMENTS];
    size_t m = 0;
    for (size_t i = 0; i < r->nseg; i++)
        if (r->seg[i].verdict == GANSTAB_VERDICT_STABLE) {
            clo[m] = r->seg[i].lo;
            chi[m++] = r->seg[i].hi;
        }
    fmt_set(k->computed, sizeof k->computed, m, clo, chi);
    k->agrees = m == n;
    k->max_abs_error = 0.0;
    k->npred = 0;
    for (size_t i = 0; i < n && i < m; i++) {
        /* an end inside the range is a predicted crossing: it must be found */
        double ends[2][2] = {{lo[i], clo[i]}, {hi[i], chi[i]}};
        for (int e = 0; e < 2; e++) {
            double want = ends[e][0], got = ends[e][1];
            int inside = want > opt->from && want < opt->to;
            if (inside && k->npred < GANSTAB_CLAIM_COMPARE_MAX_ENDS)
                k->pred[k->npred++] = want;
            k->max_abs_error = fmax(k->max_abs_error, fabs(got - want));
            if (!close_to(got, want))
                k->agrees = 0;
        }
    }
}

int ganstab_claims_check_compare(const ganstab_case *c, const ganstab_compare_options *opt,
                                 const ganstab_compare_row *rows, size_t n,
                                 ganstab_claim_compare **out, size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    if (c->model != GANSTAB_MODEL_DIRAC || c->reg_kind != GANSTAB_REG_NONE || n == 0)
        return GANSTAB_OK;
    double a = 0.0, f2 = 0.0;
    ganstab_loss_derivatives(c->loss, 0.0, &a, &f2);
    ganstab_claim_compare *k = calloc(n + 1, sizeof *k);
    if (k == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    size_t nk = 0;
    size_t altgd = SIZE_MAX, negative = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const ganstab_update *u = &rows[i].update;
        if (u->scheme == GANSTAB_SCHEME_ALTGD && u->ng == 1 && u->nd == 1 && altgd == SIZE_MAX)
            altgd = i;
        if (u->scheme == GANSTAB_SCHEME_MOMENTUM && u->variant == GANSTAB_VARIANT_ALTERNATING &&
            u->beta < 0.0 && negative == SIZE_MAX)
            negative = i;
        prediction p;
        if (!predict(&rows[i], a, &p))
            continue;
        ganstab_claim_compare *q = &k[nk++];
        snprintf(q->id, sizeof q->id, "optimizers:bilinear-%s", ganstab_scheme_name(u->scheme));
        q->source = p.source;
        q->row = i;
        q->other = SIZE_MAX;
        char f[32];
        fmt_h(f, sizeof f, a);
        snprintf(
            q->statement, sizeof q->statement,
            "`%.120s` on the unregularized Dirac-GAN (J = [[0, -a], [a, 0]], a = f'(0) = %s) is "
            "%s.",
            rows[i].spec, f, p.formula);
        check_row(&p, &rows[i], opt, q);
    }
    if (altgd != SIZE_MAX && negative != SIZE_MAX) {
        ganstab_claim_compare *q = &k[nk++];
        snprintf(q->id, sizeof q->id, "optimizers:negative-momentum-alternating");
        q->source = "Gidel et al. 2019 AISTATS, Sec. 5 and Theorem 6";
        q->row = negative;
        q->other = altgd;
        snprintf(q->statement, sizeof q->statement,
                 "Negative momentum makes alternating updates converge on the bilinear game: "
                 "`%.120s` is stable for small h, `%.120s` for no h.",
                 rows[negative].spec, rows[altgd].spec);
        snprintf(q->predicted, sizeof q->predicted, "stable near h = 0 vs none");
        int small =
            rows[negative].nseg > 0 && rows[negative].seg[0].verdict == GANSTAB_VERDICT_STABLE;
        snprintf(q->computed, sizeof q->computed, "%s vs %s",
                 small ? "stable from the range start" : "not stable at small h",
                 rows[altgd].stable_measure > 0.0 ? "some stable h" : "none");
        q->agrees = small && rows[altgd].stable_measure == 0.0;
    }
    if (nk == 0) {
        free(k);
        return GANSTAB_OK;
    }
    *out = k;
    *count = nk;
    return GANSTAB_OK;
}

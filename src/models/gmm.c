/* The GMM-GAN of Li, Madry, Peebles & Schmidt 2018 (gmm.h has the choices and their reasons).
 *
 * With D = 1_[l1,r1] + 1_[l2,r2] (eq. (5), a sum; empty intervals dropped, rule 2),
 *   L = 1 + sum_{open j} [ G_mu*([l_j, r_j]) - G_mu([l_j, r_j]) ],
 *   G_m([l, r]) = 1/2 sum_k [Phi(r - m_k) - Phi(l - m_k)]            (eqs. (2), (6), (13) with
 * 1/2). Each side of L is sigma * 1/2 sum_j sum_k [Phi(r_j - m_k) - Phi(l_j - m_k)] with sigma =
 * +1, m = mu* (real) or sigma = -1, m = mu (fake; the constant 1 of E[1 - D] has no derivative).
 * Writing o = +1 for a right end r, o = -1 for a left end l, and t = e - m_k for an endpoint e:
 *   dL/de      =  sigma/2 sum_k o phi(t)          d2L/de2     = -sigma/2 sum_k o t phi(t)
 *   dL/dm_k    = -sigma/2 sum_e o phi(t)          d2L/dm_k2   = -sigma/2 sum_e o t phi(t)
 *   d2L/de dm_k = +sigma/2 o t phi(t)             (phi'(t) = -t phi(t); no other second
 * derivatives: endpoints do not interact, and each mean only meets its own Gaussian). So one exp
 * per (endpoint, mean) pair gives the gradient and the Hessian. */
#include "ganstab/gmm.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gmm_exp.h"

static const char *const GMM_STATE[] = {"mu1", "mu2", "l1", "r1", "l2", "r2"};

/* 1/sqrt(2 pi) and 1/sqrt(2), to 20 digits (rounded to the nearest double by the compiler). */
#define GMM_INV_SQRT_2PI 0.39894228040143267794
#define GMM_SQRT1_2 0.70710678118654752440

/* Column-major 6x6 index. */
#define H6(i, j) ((i) + GANSTAB_GMM_N * (j))

int ganstab_gmm_interval_open(double l, double r)
{
    return r > l;
}

/* The GMM kernels' target clones: AVX-512, AVX2 and baseline x86-64, picked at load time by GCC's
 * function multiversioning. All three compute the same bits (gmm_exp.h: no FMA, no libm). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) &&                             \
    !defined(GANSTAB_NO_TARGET_CLONES)
#define GMM_TARGET_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define GMM_TARGET_CLONES
#endif

/* phi(t) = e^(-t^2/2) / sqrt(2 pi) (0 at t = +-inf, where the exponent is -inf). */
#define GMM_PHI(t) (GMM_INV_SQRT_2PI * gmm_exp_nonpos(-0.5 * (t) * (t)))

/* p[i] = phi(t[i]) for i < n, as one vectorized loop: every density of a gradient goes through
 * here (or through GMM_PHI in the lane kernel), so scalar steps and lanes agree bit for bit. */
GMM_TARGET_CLONES static void phi_batch(const double *t, double *p, size_t n)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        p[i] = GMM_PHI(t[i]);
}

/* Phi(b) - Phi(a) for a <= b (either may be infinite) by erfc, Phi(t) = erfc(-t/sqrt 2)/2: two
 * upper tails when a >= 0, two lower tails when b <= 0 (so a mass deep in a tail keeps its relative
 * accuracy instead of being a difference of numbers near 1), otherwise 1 minus both tails. */
static double normal_mass(double a, double b)
{
    if (a >= 0.0)
        return 0.5 * (erfc(a * GMM_SQRT1_2) - erfc(b * GMM_SQRT1_2));
    if (b <= 0.0)
        return 0.5 * (erfc(-b * GMM_SQRT1_2) - erfc(-a * GMM_SQRT1_2));
    return 1.0 - 0.5 * (erfc(-a * GMM_SQRT1_2) + erfc(b * GMM_SQRT1_2));
}

/* G_m([l, r]) for the mixture 1/2 N(m_0, 1) + 1/2 N(m_1, 1) and l < r. */
static double mixture_mass(const double *means, double l, double r)
{
    return 0.5 *
           (normal_mass(l - means[0], r - means[0]) + normal_mass(l - means[1], r - means[1]));
}

double ganstab_gmm_payoff(const double *mu_star, const double *x)
{
    double L = 1.0;
    for (int j = 0; j < 2; j++) {
        double l = x[GANSTAB_GMM_L1 + 2 * j], r = x[GANSTAB_GMM_R1 + 2 * j];
        if (!ganstab_gmm_interval_open(l, r))
            continue; /* empty (rule 2) */
        L += mixture_mass(mu_star, l, r) - mixture_mass(x, l, r);
    }
    return L;
}

/* grad += dL/dx and H (may be NULL) += d2L/dx2 of one side of L (file comment): sign = +1 with
 * means = mu* (+ shift) for E_{G_mu*}[D], sign = -1 with means = mu (+ shift) for -E_{G_mu}[D];
 * the means are the state's rows/columns 0, 1 only on the fake side (means_vary). Collapsed
 * intervals contribute nothing (rule 2). One exp per (open endpoint, mean) pair. */
static void side_derivatives(const double *means, double sign, int means_vary, const double *x,
                             double *grad, double *H)
{
    double t[8], p[8];
    size_t n = 0;
    for (int j = 0; j < 2; j++) {
        size_t il = (size_t)(GANSTAB_GMM_L1 + 2 * j);
        if (!ganstab_gmm_interval_open(x[il], x[il + 1]))
            continue;
        for (size_t ie = il; ie <= il + 1; ie++)
            for (size_t k = 0; k < 2; k++)
                t[n++] = x[ie] - means[k];
    }
    phi_batch(t, p, n);
    n = 0;
    for (int j = 0; j < 2; j++) {
        size_t il = (size_t)(GANSTAB_GMM_L1 + 2 * j);
        if (!ganstab_gmm_interval_open(x[il], x[il + 1]))
            continue;
        for (size_t ie = il; ie <= il + 1; ie++) {
            double o = ie == il ? -1.0 : 1.0;
            for (size_t k = 0; k < 2; k++, n++) {
                double hp = 0.5 * sign * o * p[n];
                grad[ie] += hp;
                if (means_vary)
                    grad[k] -= hp;
                if (H == NULL)
                    continue;
                /* t phi(t), 0 where phi underflows (also at t = +-inf, where t * 0 is NaN) */
                double hq = 0.5 * sign * o * (p[n] == 0.0 ? 0.0 : t[n] * p[n]);
                H[H6(ie, ie)] -= hq;
                if (means_vary) {
                    H[H6(ie, k)] += hq;
                    H[H6(k, ie)] += hq;
                    H[H6(k, k)] -= hq;
                }
            }
        }
    }
}

void ganstab_gmm_hessian(const double *mu_star, const double *x, double *grad, double *hess)
{
    double g[GANSTAB_GMM_N] = {0};
    if (hess != NULL)
        memset(hess, 0, GANSTAB_GMM_N * GANSTAB_GMM_N * sizeof *hess);
    side_derivatives(mu_star, 1.0, 0, x, g, hess);
    side_derivatives(x, -1.0, 1, x, g, hess);
    if (grad != NULL)
        memcpy(grad, g, sizeof g);
}

void ganstab_gmm_gradient(const double *mu_star, const double *x, double *grad)
{
    ganstab_gmm_hessian(mu_star, x, grad, NULL);
}

void ganstab_gmm_field(const double *mu_star, const double *x, double *v, double *J)
{
    double g[GANSTAB_GMM_N];
    ganstab_gmm_hessian(mu_star, x, g, J);
    for (size_t i = 0; i < GANSTAB_GMM_N; i++) {
        double s = i < 2 ? -1.0 : 1.0; /* v = (-grad_mu L, +grad_(l,r) L) */
        v[i] = s * g[i];
        if (J != NULL)
            for (size_t c = 0; c < GANSTAB_GMM_N; c++)
                J[H6(i, c)] *= s;
    }
}

/* dL/dmu only (the generator's half of the fake side): 8 exp with both intervals open. */
static void generator_gradient(const double *x, double *g)
{
    double t[8], p[8];
    size_t n = 0;
    for (int j = 0; j < 2; j++) {
        double l = x[GANSTAB_GMM_L1 + 2 * j], r = x[GANSTAB_GMM_R1 + 2 * j];
        if (!ganstab_gmm_interval_open(l, r))
            continue;
        for (size_t k = 0; k < 2; k++) {
            t[n++] = l - x[k];
            t[n++] = r - x[k];
        }
    }
    phi_batch(t, p, n);
    g[0] = g[1] = 0.0;
    n = 0;
    for (int j = 0; j < 2; j++) {
        if (!ganstab_gmm_interval_open(x[GANSTAB_GMM_L1 + 2 * j], x[GANSTAB_GMM_R1 + 2 * j]))
            continue;
        for (size_t k = 0; k < 2; k++, n += 2)
            g[k] += 0.5 * (p[n + 1] - p[n]);
    }
}

/* ---- zero crossings ------------------------------------------------------------------------ */

/* Rounding bound of a scaled exponential sum (level_eval): each term w b e^eps has relative error
 * <= ~4 u |eps| from the rounded exponent (eps is a product of two rounded differences, halved)
 * plus ~u from exp and ~6 u from the coefficient b (up to 3 factors c_k - c_i), and summing 4
 * terms adds ~3 u of sum |term|; u = DBL_EPSILON / 2. 8 DBL_EPSILON (1 + |eps|) = 16 u (1 + |eps|)
 * covers this with a margin of about 1.5. */
#define GMM_ROUND_FACTOR (8.0 * DBL_EPSILON)
/* Safeguarded Newton halves the bracket at least every other step: a bracket of 1e18 reaches
 * adjacent doubles in ~120 halvings; 500 never triggers unless something is broken. */
#define GMM_ROOT_MAX_ITER 500
/* Doublings of the outward search for a finite end of an unbounded monotone piece. Zeros lie
 * within ~log(sum |w|)/min gap of the means (1e17 for gaps of 1e-16), reached in ~60 doublings;
 * 1000 doublings would pass DBL_MAX. */
#define GMM_BRACKET_MAX_DOUBLINGS 1000

/* e^(t^2/2) * 2 sqrt(2 pi) F(t) = sum_k w_k e^(c_k t - c_k^2 / 2) with distinct c_k ascending and
 * w_k != 0. Level lv is the sum sum_{k >= lv} coef[lv][k] e^(c_k t - c_k^2/2) with
 * coef[lv][k] = w_k prod_{i < lv} (c_k - c_i): by Rolle, e^(-c_lv t) times level lv has derivative
 * e^(-c_lv t) times level lv + 1, whose terms keep the signs of w (c_k > c_i). */
typedef struct {
    size_t m;
    double c[4];
    double w[4];
    double coef[4][4];
} expsum;

static int sgn(double v)
{
    return (v > 0.0) - (v < 0.0);
}

static void expsum_build(const double *mu_star, const double *mu_hat, expsum *s)
{
    double c[4] = {mu_star[0], mu_star[1], mu_hat[0], mu_hat[1]};
    double w[4] = {1.0, 1.0, -1.0, -1.0};
    for (size_t i = 1; i < 4; i++) /* insertion sort by center */
        for (size_t j = i; j > 0 && c[j] < c[j - 1]; j--) {
            double tc = c[j], tw = w[j];
            c[j] = c[j - 1];
            w[j] = w[j - 1];
            c[j - 1] = tc;
            w[j - 1] = tw;
        }
    s->m = 0;
    for (size_t i = 0; i < 4;) { /* merge exactly equal centers (Theorem A.2's first step) */
        double wi = 0.0;
        size_t j = i;
        for (; j < 4 && c[j] == c[i]; j++)
            wi += w[j];
        if (wi != 0.0) {
            s->c[s->m] = c[i];
            s->w[s->m] = wi;
            s->m++;
        }
        i = j;
    }
    for (size_t lv = 0; lv < s->m; lv++)
        for (size_t k = lv; k < s->m; k++)
            s->coef[lv][k] = lv == 0 ? s->w[k] : s->coef[lv - 1][k] * (s->c[k] - s->c[lv - 1]);
}

/* Level lv at t, scaled by the positive factor e^(-t^2/2 + (t - c_n)^2/2 - ...) that makes the
 * term of the nearest center c_n (among k >= lv) exactly coef[lv][n] (so nothing overflows):
 * val, dval = the same scaling of P(t) and P'(t), P = e^(-c_lv t) level lv, and bound = the
 * rounding bound of val. The exponent of term k is
 * -((t - c_k)^2 - (t - c_n)^2)/2 = -(c_n - c_k)(2t - c_n - c_k)/2 <= 0, free of cancellation. */
static void level_eval(const expsum *s, size_t lv, double t, double *val, double *dval,
                       double *bound)
{
    size_t n = lv;
    for (size_t k = lv + 1; k < s->m; k++)
        if (fabs(t - s->c[k]) < fabs(t - s->c[n]))
            n = k;
    double sum = 0.0, dsum = 0.0, mag = 0.0;
    for (size_t k = lv; k < s->m; k++) {
        double eps = k == n ? 0.0 : -0.5 * (s->c[n] - s->c[k]) * (2.0 * t - s->c[n] - s->c[k]);
        double term = s->coef[lv][k] * exp(eps);
        sum += term;
        dsum += term * (s->c[k] - s->c[lv]);
        mag += fabs(term) * (1.0 + fabs(eps));
    }
    *val = sum;
    if (dval != NULL)
        *dval = dsum;
    if (bound != NULL)
        *bound = GMM_ROUND_FACTOR * mag;
}

/* The sign of level lv at t, 0 where |value| is within its rounding bound. */
static int level_sign(const expsum *s, size_t lv, double t)
{
    double val, bound;
    level_eval(s, lv, t, &val, NULL, &bound);
    return fabs(val) <= bound ? 0 : sgn(val);
}

/* A finite end for an unbounded monotone piece: from `from`, step outward (dir = -1 or +1) with
 * doubling steps until the sign of level lv is `target` (its sign at that infinity). */
static int bracket_outward(const expsum *s, size_t lv, double from, int dir, int target,
                           double *end, ganstab_error *err)
{
    double h = 1.0;
    for (int i = 0; i < GMM_BRACKET_MAX_DOUBLINGS; i++, h *= 2.0) {
        double t = from + dir * h;
        double val;
        level_eval(s, lv, t, &val, NULL, NULL);
        if (sgn(val) == target) {
            *end = t;
            return GANSTAB_OK;
        }
    }
    return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm: crossings",
                             "no bracket for an unbounded piece from %.17g", from);
}

/* The zero of level lv in (a, b), where P is monotone with sign sa at a and -sa at b: safeguarded
 * Newton (Newton steps that leave the bracket or do not halve it fall back to bisection) down to
 * adjacent doubles or a Newton step below the rounding of t itself: the exponents are computed
 * from 2t - c_n - c_k, whose absolute rounding is ~eps (|t| + max |c|), so t is not determined
 * more finely than that. */
static int refine(const expsum *s, size_t lv, double a, double b, int sa, double *root,
                  ganstab_error *err)
{
    double scale = fmax(fabs(s->c[0]), fabs(s->c[s->m - 1]));
    double t = a + 0.5 * (b - a), dx_old = b - a, dx = dx_old;
    for (int it = 0; it < GMM_ROOT_MAX_ITER; it++) {
        double val, dval;
        level_eval(s, lv, t, &val, &dval, NULL);
        if (val == 0.0) {
            *root = t;
            return GANSTAB_OK;
        }
        if (sgn(val) == sa)
            a = t;
        else
            b = t;
        double tol = 2.0 * DBL_EPSILON * (fabs(t) + scale), mid = a + 0.5 * (b - a);
        if (b - a <= tol || mid == a || mid == b) {
            *root = mid;
            return GANSTAB_OK;
        }
        double tn = t - val / dval;
        if (fabs(tn - t) <= tol) { /* converged; the target may sit on the bracket's edge */
            *root = fmin(fmax(tn, a), b);
            return GANSTAB_OK;
        }
        if (!(tn > a && tn < b) || fabs(2.0 * val) > fabs(dx_old * dval)) {
            dx_old = dx;
            dx = mid - t;
            t = mid;
        } else {
            dx_old = dx;
            dx = tn - t;
            t = tn;
        }
    }
    return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm: crossings",
                             "root refinement did not converge in [%.17g, %.17g]", a, b);
}

/* The zeros of level lv, ascending, at most m - lv - 1 (Descartes). crossing[i] says whether the
 * level changes sign there. Recursion: the zeros of level lv + 1 split the line into pieces where
 * P = e^(-c_lv t) level lv is monotone. */
static int level_roots(const expsum *s, size_t lv, double *root, int *crossing, size_t *count,
                       ganstab_error *err)
{
    size_t terms = s->m - lv;
    *count = 0;
    if (terms <= 1)
        return GANSTAB_OK;
    if (terms == 2) {
        /* a e^(-(t - c_a)^2/2) + b e^(-(t - c_b)^2/2) = 0 in closed form:
           t = (c_a + c_b)/2 + log(-b/a) / (c_a - c_b) when a, b have opposite signs. */
        double ca = s->c[lv], cb = s->c[lv + 1], a = s->coef[lv][lv], b = s->coef[lv][lv + 1];
        if (sgn(a) == sgn(b))
            return GANSTAB_OK;
        root[0] = 0.5 * (ca + cb) + log(-b / a) / (ca - cb);
        crossing[0] = 1;
        *count = 1;
        return GANSTAB_OK;
    }
    double pts[GANSTAB_GMM_MAX_ROOTS];
    int pts_cross[GANSTAB_GMM_MAX_ROOTS], pts_sign[GANSTAB_GMM_MAX_ROOTS];
    size_t np = 0;
    int rc = level_roots(s, lv + 1, pts, pts_cross, &np, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (np == 0) { /* P monotone on the whole line: split it at an anchor */
        pts[0] = 0.5 * (s->c[lv] + s->c[s->m - 1]);
        np = 1;
    }
    for (size_t i = 0; i < np; i++)
        pts_sign[i] = level_sign(s, lv, pts[i]);
    int s_left = sgn(s->coef[lv][lv]), s_right = sgn(s->coef[lv][s->m - 1]);
    double found[GANSTAB_GMM_MAX_ROOTS + 2];
    int is_point[GANSTAB_GMM_MAX_ROOTS + 2];
    size_t nf = 0;
    for (size_t i = 0; i <= np; i++) {
        int sa = i == 0 ? s_left : pts_sign[i - 1], sb = i == np ? s_right : pts_sign[i];
        if (sa * sb < 0) {
            double a = 0.0, b = 0.0, z = 0.0;
            if (i == 0)
                rc = bracket_outward(s, lv, pts[0], -1, sa, &a, err);
            else
                a = pts[i - 1];
            if (rc == GANSTAB_OK && i == np)
                rc = bracket_outward(s, lv, pts[np - 1], 1, sb, &b, err);
            else if (i < np)
                b = pts[i];
            if (rc == GANSTAB_OK)
                rc = refine(s, lv, a, b, sa, &z, err);
            if (rc != GANSTAB_OK)
                return rc;
            found[nf] = z;
            is_point[nf++] = 0;
        }
        if (i < np && pts_sign[i] == 0) { /* an extremum (or inflection) at 0: a multiple root */
            found[nf] = pts[i];
            is_point[nf++] = 1;
        }
    }
    if (nf > terms - 1)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm: crossings",
                                 "%zu zeros of a %zu-term exponential sum (at most %zu)", nf, terms,
                                 terms - 1);
    /* Crossing flags: a refined root always changes the sign; a zero at a split point does if the
       nearest nonzero signs on its two sides differ. */
    int cur = s_left;
    size_t ip = 0; /* next split point */
    for (size_t f = 0; f < nf; f++) {
        if (!is_point[f]) {
            crossing[f] = 1;
            cur = -cur;
        } else {
            while (pts[ip] != found[f])
                ip++;
            int next = s_right;
            for (size_t q = ip + 1; q < np; q++)
                if (pts_sign[q] != 0) {
                    next = pts_sign[q];
                    break;
                }
            crossing[f] = next != cur;
            cur = next;
        }
        root[f] = found[f];
    }
    *count = nf;
    return GANSTAB_OK;
}

int ganstab_gmm_crossings_find(const double *mu_star, const double *mu_hat,
                               ganstab_gmm_crossings *out, ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 2; i++)
        if (!isfinite(mu_star[i]) || !isfinite(mu_hat[i]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "gmm: crossings",
                                     "means must be finite, got mu* = (%g, %g), mu = (%g, %g)",
                                     mu_star[0], mu_star[1], mu_hat[0], mu_hat[1]);
    expsum s;
    expsum_build(mu_star, mu_hat, &s);
    if (s.m == 0) {
        out->identically_zero = 1;
        return GANSTAB_OK;
    }
    int rc = level_roots(&s, 0, out->root, out->crossing, &out->n_roots, err);
    if (rc != GANSTAB_OK)
        return rc;
    /* Gap signs, and {F > 0} from the sign changes (tangential roots do not split it). */
    out->sign[0] = sgn(s.w[0]);
    for (size_t i = 0; i < out->n_roots; i++)
        out->sign[i + 1] = out->crossing[i] ? -out->sign[i] : out->sign[i];
    double start = out->sign[0] > 0 ? -HUGE_VAL : NAN;
    for (size_t i = 0; i <= out->n_roots; i++) {
        double end = i < out->n_roots ? out->root[i] : HUGE_VAL;
        if (i < out->n_roots && !out->crossing[i])
            continue;
        if (out->sign[i] > 0) {
            if (out->n_intervals == 2)
                return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm: crossings",
                                         "more than two intervals with F > 0");
            out->left[out->n_intervals] = start;
            out->right[out->n_intervals++] = end;
        } else {
            start = end;
        }
    }
    return GANSTAB_OK;
}

double ganstab_gmm_tv_from_crossings(const double *mu_star, const double *mu_hat,
                                     const ganstab_gmm_crossings *c)
{
    double tv = 0.0;
    for (size_t i = 0; i < c->n_intervals; i++)
        tv += mixture_mass(mu_star, c->left[i], c->right[i]) -
              mixture_mass(mu_hat, c->left[i], c->right[i]);
    /* d_TV >= 0; a negative value is rounding of a TV below a few eps */
    return tv > 0.0 ? tv : 0.0;
}

int ganstab_gmm_tv(const double *mu_star, const double *mu_hat, double *tv, ganstab_error *err)
{
    ganstab_gmm_crossings c;
    int rc = ganstab_gmm_crossings_find(mu_star, mu_hat, &c, err);
    if (rc != GANSTAB_OK)
        return rc;
    *tv = ganstab_gmm_tv_from_crossings(mu_star, mu_hat, &c);
    return GANSTAB_OK;
}

int ganstab_gmm_best_response(const double *mu_star, const double *mu_hat, double *disc,
                              ganstab_gmm_crossings *c, ganstab_error *err)
{
    ganstab_gmm_crossings local;
    ganstab_gmm_crossings *cr = c != NULL ? c : &local;
    int rc = ganstab_gmm_crossings_find(mu_star, mu_hat, cr, err);
    if (rc != GANSTAB_OK)
        return rc;
    for (size_t j = 0; j < 2; j++) {
        disc[2 * j] = j < cr->n_intervals ? cr->left[j] : HUGE_VAL;
        disc[2 * j + 1] = j < cr->n_intervals ? cr->right[j] : HUGE_VAL;
    }
    return GANSTAB_OK;
}

/* ---- unrolled ------------------------------------------------------------------------------ */

/* ganstab_gmm_unrolled, plus g0 (4, may be NULL) = grad_theta L(mu, theta_0) for the
 * discriminator's own step (computed in the first unrolled step anyway). */
static void unrolled_core(const double *mu_star, const double *x, double eta_d, unsigned k,
                          double *value, double *grad_mu, double *theta_k, double *g0)
{
    double y[GANSTAB_GMM_N], g[GANSTAB_GMM_N], H[GANSTAB_GMM_N * GANSTAB_GMM_N];
    double T[4][2] = {{0.0}}; /* d theta_j / d mu */
    memcpy(y, x, sizeof y);
    for (unsigned j = 0; j < k; j++) {
        ganstab_gmm_hessian(mu_star, y, g, H);
        if (j == 0 && g0 != NULL)
            memcpy(g0, g + 2, 4 * sizeof *g0);
        /* T <- T + eta_d (H_theta,mu + H_theta,theta T); H_theta,theta is diagonal. Collapsed
           intervals have zero rows, so they and their T rows stay put (rule 2). */
        for (size_t a = 0; a < 4; a++) {
            size_t ia = a + 2;
            for (size_t i = 0; i < 2; i++)
                T[a][i] += eta_d * (H[H6(ia, i)] + H[H6(ia, ia)] * T[a][i]);
            y[ia] += eta_d * g[ia];
        }
    }
    if (grad_mu != NULL || (k == 0 && g0 != NULL)) {
        ganstab_gmm_gradient(mu_star, y, g);
        if (k == 0 && g0 != NULL)
            memcpy(g0, g + 2, 4 * sizeof *g0);
        if (grad_mu != NULL)
            for (size_t i = 0; i < 2; i++) {
                grad_mu[i] = g[i];
                for (size_t a = 0; a < 4; a++)
                    grad_mu[i] += T[a][i] * g[a + 2];
            }
    }
    if (value != NULL)
        *value = ganstab_gmm_payoff(mu_star, y);
    if (theta_k != NULL)
        memcpy(theta_k, y + 2, 4 * sizeof *theta_k);
}

void ganstab_gmm_unrolled(const double *mu_star, const double *x, double eta_d, unsigned k,
                          double *value, double *grad_mu, double *theta_k)
{
    unrolled_core(mu_star, x, eta_d, k, value, grad_mu, theta_k, NULL);
}

/* ---- dynamics ------------------------------------------------------------------------------ */

const char *ganstab_gmm_dynamics_name(ganstab_gmm_dynamics d)
{
    switch (d) {
    case GANSTAB_GMM_OPTIMAL:
        return "optimal";
    case GANSTAB_GMM_UNROLLED:
        return "unrolled";
    default:
        return "first-order";
    }
}

int ganstab_gmm_dynamics_parse(const char *name, ganstab_gmm_dynamics *d, ganstab_error *err)
{
    static const ganstab_gmm_dynamics all[] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_OPTIMAL,
                                               GANSTAB_GMM_UNROLLED};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (name != NULL && strcmp(name, ganstab_gmm_dynamics_name(all[i])) == 0) {
            *d = all[i];
            return GANSTAB_OK;
        }
    return ganstab_error_set(err, GANSTAB_EINVAL, "gmm",
                             "unknown dynamics '%s' (first-order | optimal | unrolled)",
                             name != NULL ? name : "(null)");
}

int ganstab_gmm_stepper_init(ganstab_gmm_stepper *s, ganstab_gmm_dynamics dynamics,
                             const double *mu_star, double eta_g, double eta_d, unsigned unroll,
                             double mode_collapse_gap, ganstab_error *err)
{
    memset(s, 0, sizeof *s);
    if (dynamics != GANSTAB_GMM_FIRST_ORDER && dynamics != GANSTAB_GMM_OPTIMAL &&
        dynamics != GANSTAB_GMM_UNROLLED)
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm", "unknown dynamics %d", (int)dynamics);
    if (!isfinite(mu_star[0]) || !isfinite(mu_star[1]))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm", "mu* must be finite, got (%g, %g)",
                                 mu_star[0], mu_star[1]);
    if (!isfinite(eta_g) || !(eta_g >= 0.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm",
                                 "eta_g must be a finite number >= 0, got %g", eta_g);
    if (!isfinite(eta_d) || !(eta_d >= 0.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm",
                                 "eta_d must be a finite number >= 0, got %g", eta_d);
    if (unroll > GANSTAB_GMM_MAX_UNROLL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm", "unroll must be <= %u, got %u",
                                 GANSTAB_GMM_MAX_UNROLL, unroll);
    if (!isfinite(mode_collapse_gap) || !(mode_collapse_gap >= 0.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "gmm",
                                 "mode-collapse gap must be a finite number >= 0, got %g",
                                 mode_collapse_gap);
    s->dynamics = dynamics;
    s->mu_star[0] = mu_star[0];
    s->mu_star[1] = mu_star[1];
    s->eta_g = eta_g;
    s->eta_d = eta_d;
    s->unroll = unroll;
    s->mode_collapse_gap = mode_collapse_gap;
    return GANSTAB_OK;
}

int ganstab_gmm_step(const ganstab_gmm_stepper *s, double *x, ganstab_gmm_step_info *info,
                     ganstab_error *err)
{
    for (size_t i = 0; i < GANSTAB_GMM_N; i++)
        if (isnan(x[i]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "gmm", "state %s is NaN", GMM_STATE[i]);
    int was_open[2] = {ganstab_gmm_interval_open(x[GANSTAB_GMM_L1], x[GANSTAB_GMM_R1]),
                       ganstab_gmm_interval_open(x[GANSTAB_GMM_L2], x[GANSTAB_GMM_R2])};
    double g[GANSTAB_GMM_N];
    int rc;
    switch (s->dynamics) {
    case GANSTAB_GMM_OPTIMAL:
        /* eq. (7) at the old mu, then eq. (8) */
        if ((rc = ganstab_gmm_best_response(s->mu_star, x, x + 2, NULL, err)) != GANSTAB_OK)
            return rc;
        generator_gradient(x, g);
        x[0] -= s->eta_g * g[0];
        x[1] -= s->eta_g * g[1];
        break;
    case GANSTAB_GMM_UNROLLED: {
        double gm[2];
        unrolled_core(s->mu_star, x, s->eta_d, s->unroll, NULL, gm, NULL, g + 2);
        x[0] -= s->eta_g * gm[0];
        x[1] -= s->eta_g * gm[1];
        for (size_t i = 2; i < GANSTAB_GMM_N; i++)
            x[i] += s->eta_d * g[i];
        break;
    }
    default: /* eqs. (9)-(11), simultaneous */
        ganstab_gmm_gradient(s->mu_star, x, g);
        x[0] -= s->eta_g * g[0];
        x[1] -= s->eta_g * g[1];
        for (size_t i = 2; i < GANSTAB_GMM_N; i++)
            x[i] += s->eta_d * g[i];
        break;
    }
    if (!isfinite(x[0]) || !isfinite(x[1]))
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm", "non-finite generator (%g, %g)",
                                 x[0], x[1]);
    if (info == NULL)
        return GANSTAB_OK;
    if ((rc = ganstab_gmm_tv(s->mu_star, x, &info->tv, err)) != GANSTAB_OK)
        return rc;
    for (int j = 0; j < 2; j++) {
        info->collapsed[j] = !ganstab_gmm_interval_open(x[2 + 2 * j], x[3 + 2 * j]);
        info->collapse_event[j] =
            s->dynamics != GANSTAB_GMM_OPTIMAL && was_open[j] && info->collapsed[j];
    }
    info->mode_collapsed = fabs(x[0] - x[1]) < s->mode_collapse_gap;
    return GANSTAB_OK;
}

/* ---- first-order dynamics, lane-parallel (gmm.h) -------------------------------------------- */

/* One side of the gradient for all lanes, in side_derivatives' order of operations (intervals,
 * then endpoints l, r, then means), each term times the interval's open mask (1 or 0: a closed
 * interval adds +-0, which changes no bit that matters). means_vary: the fake side (means are
 * the lanes' mu; the mean rows get the opposite terms). */
#define GMM_LANE_SIDE(MEAN, SIGN, VARY)                                                            \
    for (size_t j = 0; j < 2; j++)                                                                 \
        for (size_t ie = GANSTAB_GMM_L1 + 2 * j; ie <= GANSTAB_GMM_R1 + 2 * j; ie++) {             \
            double o = ie == GANSTAB_GMM_L1 + 2 * j ? -1.0 : 1.0;                                  \
            for (size_t k = 0; k < 2; k++) {                                                       \
                _Pragma("omp simd") for (size_t w = 0; w < GANSTAB_GMM_LANES; w++)                 \
                {                                                                                  \
                    double hp = 0.5 * (SIGN)*o * GMM_PHI(x[ie][w] - (MEAN)) * open[j][w];          \
                    g[ie][w] += hp;                                                                \
                    if (VARY)                                                                      \
                        g[k][w] -= hp;                                                             \
                }                                                                                  \
            }                                                                                      \
        }

/* The kernel, in GMM_TARGET_CLONES; the same bits as phi_batch. */
GMM_TARGET_CLONES static size_t first_order_lanes(const double *mu_star, double eta_g, double eta_d,
                                                  size_t steps, double (*x)[GANSTAB_GMM_LANES])
{
    const double ms0 = mu_star[0], ms1 = mu_star[1];
    size_t t = 0;
    for (; t < steps; t++) {
        double open[2][GANSTAB_GMM_LANES], g[GANSTAB_GMM_N][GANSTAB_GMM_LANES];
        double any = 0.0;
#pragma omp simd reduction(+ : any)
        for (size_t w = 0; w < GANSTAB_GMM_LANES; w++) {
            open[0][w] = x[GANSTAB_GMM_R1][w] > x[GANSTAB_GMM_L1][w] ? 1.0 : 0.0;
            open[1][w] = x[GANSTAB_GMM_R2][w] > x[GANSTAB_GMM_L2][w] ? 1.0 : 0.0;
            any += open[0][w] + open[1][w];
        }
        if (any == 0.0) /* every lane has both intervals collapsed: the field is 0 for good */
            break;
        memset(g, 0, sizeof g);
        GMM_LANE_SIDE(k == 0 ? ms0 : ms1, 1.0, 0)
        GMM_LANE_SIDE(x[k][w], -1.0, 1)
#pragma omp simd
        for (size_t w = 0; w < GANSTAB_GMM_LANES; w++) {
            x[0][w] -= eta_g * g[0][w];
            x[1][w] -= eta_g * g[1][w];
            for (size_t i = 2; i < GANSTAB_GMM_N; i++)
                x[i][w] += eta_d * g[i][w];
        }
    }
    return t;
}

size_t ganstab_gmm_first_order_lanes(const double *mu_star, double eta_g, double eta_d,
                                     size_t steps, double (*x)[GANSTAB_GMM_LANES])
{
    return first_order_lanes(mu_star, eta_g, eta_d, steps, x);
}

/* ---- the model ----------------------------------------------------------------------------- */

typedef struct {
    double mu_star[2];
    double disc[4];
} gmm_params;

static int gmm_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                    const double *shift, double *v, double *J, ganstab_error *err)
{
    const gmm_params *p = m->params;
    double s = shift != NULL ? shift[0] : 0.0;
    double g[GANSTAB_GMM_N] = {0}, H[GANSTAB_GMM_N * GANSTAB_GMM_N] = {0};
    if (side == GANSTAB_SIDE_REAL) {
        double means[2] = {p->mu_star[0] + s, p->mu_star[1] + s};
        side_derivatives(means, 1.0, 0, x, g, J != NULL ? H : NULL);
    } else {
        double means[2] = {x[0] + s, x[1] + s};
        side_derivatives(means, -1.0, 1, x, g, J != NULL ? H : NULL);
    }
    for (size_t i = 0; i < GANSTAB_GMM_N; i++) {
        double sg = i < 2 ? -1.0 : 1.0; /* v = (-grad_mu L, +grad_(l,r) L) */
        if (!isfinite(g[i]))
            return ganstab_error_set(err, GANSTAB_ENUMERIC, "gmm", "non-finite field component %s",
                                     GMM_STATE[i]);
        v[i] += sg * g[i];
        if (J != NULL)
            for (size_t c = 0; c < GANSTAB_GMM_N; c++)
                J[H6(i, c)] += sg * H[H6(i, c)];
    }
    return GANSTAB_OK;
}

static int gmm_penalty(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                       double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)side;
    (void)x;
    (void)g0;
    (void)grad;
    (void)H;
    (void)kink;
    return ganstab_error_set(err, GANSTAB_EINVAL, "gmm",
                             "gradient penalties are undefined for model gmm: its discriminator "
                             "is a sum of interval indicators, whose data gradient is 0 almost "
                             "everywhere (and a Dirac at the endpoints)");
}

static void gmm_equilibrium(const ganstab_model *m, double *x)
{
    const gmm_params *p = m->params;
    x[0] = p->mu_star[0];
    x[1] = p->mu_star[1];
    memcpy(x + 2, p->disc, sizeof p->disc);
}

/* gmm.h, the model's tangent op. */
static size_t gmm_tangent(const ganstab_model *m, const double *x, double *basis)
{
    const gmm_params *p = m->params;
    size_t n = GANSTAB_GMM_N;
    if (x[GANSTAB_GMM_R1] < x[GANSTAB_GMM_L1] && x[GANSTAB_GMM_R2] < x[GANSTAB_GMM_L2]) {
        /* both strictly collapsed: v = 0 on a neighbourhood */
        if (basis != NULL) {
            memset(basis, 0, n * n * sizeof *basis);
            for (size_t i = 0; i < n; i++)
                basis[i + n * i] = 1.0;
        }
        return n;
    }
    /* on the family up to GANSTAB_GMM_FAMILY_TOL: the stationary-point search lands there */
    double tol0 = GANSTAB_GMM_FAMILY_TOL * fmax(1.0, fabs(p->mu_star[0]));
    double tol1 = GANSTAB_GMM_FAMILY_TOL * fmax(1.0, fabs(p->mu_star[1]));
    int same = fabs(x[0] - p->mu_star[0]) <= tol0 && fabs(x[1] - p->mu_star[1]) <= tol1;
    int swapped = fabs(x[0] - p->mu_star[1]) <= tol1 && fabs(x[1] - p->mu_star[0]) <= tol0;
    if (!same && !swapped)
        return 0; /* F != 0 */
    double g[GANSTAB_GMM_N], H[GANSTAB_GMM_N * GANSTAB_GMM_N];
    ganstab_gmm_hessian(p->mu_star, x, g, H);
    if (fabs(g[0]) > GANSTAB_GMM_STATIONARY_TOL || fabs(g[1]) > GANSTAB_GMM_STATIONARY_TOL)
        return 0; /* not stationary */
    /* A = d(grad_mu L)/d(l, r): rows mu1, mu2, columns l1..r2 of the Hessian (2x4, col-major) */
    double a[8], sv[2], u[4], vt[16], work[64];
    for (size_t c = 0; c < 4; c++)
        for (size_t i = 0; i < 2; i++)
            a[i + 2 * c] = H[H6(i, c + 2)];
    lapack_int info = LAPACKE_dgesvd_work(LAPACK_COL_MAJOR, 'N', 'A', 2, 4, a, 2, sv, u, 1, vt, 4,
                                          work, (lapack_int)(sizeof work / sizeof work[0]));
    if (info != 0)
        return 0; /* a 2x4 SVD does not fail; if it did, no tangent space is claimed */
    size_t rank = 0;
    for (size_t i = 0; i < 2; i++)
        if (sv[i] > GANSTAB_GMM_RANK_RTOL * sv[0])
            rank++;
    size_t k = 4 - rank;
    if (basis != NULL) {
        memset(basis, 0, n * k * sizeof *basis);
        for (size_t c = 0; c < k; c++) /* rows rank..3 of V^T span ker A */
            for (size_t i = 0; i < 4; i++)
                basis[2 + i + n * c] = vt[(rank + c) + 4 * i];
    }
    return k;
}

static void gmm_free_params(void *params)
{
    free(params);
}

static const ganstab_model_ops GMM_OPS = {
    "gmm", gmm_term, gmm_penalty, gmm_equilibrium, gmm_free_params, gmm_tangent, NULL};

int ganstab_gmm_model_alloc(const double *mu_star, const double *disc, ganstab_model **out,
                            ganstab_error *err)
{
    *out = NULL;
    for (size_t i = 0; i < 2; i++)
        if (!isfinite(mu_star[i]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "gmm", "mu*_%zu must be finite, got %g",
                                     i + 1, mu_star[i]);
    for (size_t i = 0; i < 4; i++)
        if (!isfinite(disc[i]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "gmm",
                                     "discriminator endpoint %s must be finite, got %g",
                                     GMM_STATE[i + 2], disc[i]);
    ganstab_model *m = calloc(1, sizeof *m);
    gmm_params *p = calloc(1, sizeof *p);
    if (m == NULL || p == NULL) {
        free(m);
        free(p);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "gmm", "out of memory");
    }
    memcpy(p->mu_star, mu_star, sizeof p->mu_star);
    memcpy(p->disc, disc, sizeof p->disc);
    m->ops = &GMM_OPS;
    m->n_g = 2;
    m->n_d = 4;
    m->data_dim = 1;
    m->state_names = GMM_STATE;
    m->loss = GANSTAB_LOSS_WGAN; /* eq. (1) with m(t) = t (gmm.h, rule 6) */
    m->params = p;
    m->fd_unavailable = NULL;
    *out = m;
    return GANSTAB_OK;
}

/* Unit tests for src/models/gmm.c, the GMM-GAN of Li, Madry, Peebles & Schmidt 2018. Each result
 * is checked against a second, independent computation coded here:
 *   - the payoff against GSL adaptive quadrature (qags/qagiu/qagil/qagi) of the defining
 *     integrals E_{G_mu*}[D] + E_{G_mu}[1 - D] (eq. (6)), intervals summed as eq. (5) writes them;
 *   - gradient and Hessian against Richardson-extrapolated central differences of the payoff and
 *     of the gradient;
 *   - zero crossings against sign changes of F on a dense grid refined by bisection, plus
 *     constructed tangential, near-coincident, far-away, F == 0, swapped and mu_1 = mu_2 cases
 *     (the tangency found by nested GSL Brent solves on an independently coded F);
 *   - the TV distance against adaptive quadrature of |F|/2 on [-40, 40] (not split at the roots)
 *     and against max_D L - 1 (eq. (3) vs eq. (6));
 *   - the unrolled gradient against differences of the unrolled objective;
 *   - the collapse rule (Sec. 6) and Figure 3's discriminator collapse;
 *   - the model's Jacobian against gsl_deriv_central of its field, its tangent space against
 *     J t = 0 and the null space of J at stationary placements built by GSL root finding;
 *   - the optimal-discriminator step against differences of TV (envelope theorem);
 *   - every error path. */
#include "testutil.h"

#include <float.h>
#include <lapacke.h>
#include <stdlib.h>

#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_roots.h>

#include "ganstab/gmm.h"
#include "ganstab/model.h"

#include "../src/models/gmm_exp.h"

/* The brief's agreement for every independent computation: payoff, TV and roots are O(1)
 * quantities computed to ~1e-15 by the library and to ~1e-13 by the references below. */
static const double AGREE_TOL = 1e-10;
/* Richardson extrapolation of central differences with steps h, h/2, h/4 removes the h^2 and
 * h^4 terms; the h^6 remainder is ~ h^6 |f^(7)| / 5040 / 20 <= 1e-12 for h = 0.04 and Gaussian
 * derivatives |f^(7)| <= ~30, and rounding is ~ 3 eps |f| / (h/4) ~ 1e-13 for |f| <= 2. So
 * agreement to AGREE_TOL is expected with two orders of margin. */
static const double RICH_H = 0.04;
#define RICH_LEVELS 3
/* The unrolled objective composes k steps of size eta_d <= 1: its seventh derivative is larger
 * (with h = 0.04 the h^6 remainder reached 4e-11); half the step divides it by 64. */
static const double RICH_H_UNROLLED = 0.02;
/* gsl_deriv_central's own error is ~ eps^(2/3) ~ 4e-11 for O(1) fields; 1e-8 is above that by
 * two orders and far below any wrong Jacobian entry (O(0.01) or more). */
static const double DERIV_CENTRAL_TOL = 1e-8;
static const double DERIV_CENTRAL_H = 1e-3;
/* J t = 0 and orthonormality: J's entries are O(0.2) closed forms, t from a 2x4 SVD; the
 * products are a few eps. */
static const double TANGENT_TOL = 1e-14;
/* The quadrature references: GSL's requested accuracy (it meets it or returns an error code,
 * which the tests check). */
static const double QUAD_EPSABS = 1e-13;
#define QUAD_LIMIT 10000
/* Dense sampling of F: step and range. Random means lie in [-3, 3], so every zero lies in
 * [-20, 20] unless two means are within ~1e-5 (the far-root case, tested separately), and
 * zeros of these random configurations are further apart than the step. */
static const double GRID_STEP = 1e-3;
static const double GRID_LO = -20.0, GRID_HI = 20.0;

static const double INV_SQRT_2PI = 0.3989422804014326779399460599343818684759;

/* ---- independent reference implementations --------------------------------------------- */

static double ref_density(const double *means, double t)
{
    return 0.5 * INV_SQRT_2PI *
           (exp(-0.5 * (t - means[0]) * (t - means[0])) +
            exp(-0.5 * (t - means[1]) * (t - means[1])));
}

typedef struct {
    const double *ms, *mh;
} ref_pair;

static double ref_F(double t, void *p)
{
    const ref_pair *r = p;
    return ref_density(r->ms, t) - ref_density(r->mh, t);
}

static double ref_absF_half(double t, void *p)
{
    return 0.5 * fabs(ref_F(t, p));
}

/* F'(t) = sum w (m - t) phi(t - m) / 2 */
static double ref_dF(double t, void *p)
{
    const ref_pair *r = p;
    double s = 0.0;
    for (int k = 0; k < 2; k++) {
        s += (r->ms[k] - t) * exp(-0.5 * (t - r->ms[k]) * (t - r->ms[k]));
        s -= (r->mh[k] - t) * exp(-0.5 * (t - r->mh[k]) * (t - r->mh[k]));
    }
    return 0.5 * INV_SQRT_2PI * s;
}

static double density_fn(double t, void *p)
{
    return ref_density(p, t);
}

/* int_a^b of the mixture density by adaptive quadrature (qags, qagiu, qagil or qagi). */
static double quad_mass(const double *means, double a, double b)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(QUAD_LIMIT);
    assert_non_null(w);
    gsl_function F = {density_fn, (void *)means};
    double result = NAN, abserr = NAN;
    int st;
    if (isinf(a) && isinf(b))
        st = gsl_integration_qagi(&F, QUAD_EPSABS, 0.0, QUAD_LIMIT, w, &result, &abserr);
    else if (isinf(a))
        st = gsl_integration_qagil(&F, b, QUAD_EPSABS, 0.0, QUAD_LIMIT, w, &result, &abserr);
    else if (isinf(b))
        st = gsl_integration_qagiu(&F, a, QUAD_EPSABS, 0.0, QUAD_LIMIT, w, &result, &abserr);
    else
        st = gsl_integration_qags(&F, a, b, QUAD_EPSABS, 0.0, QUAD_LIMIT, w, &result, &abserr);
    gsl_integration_workspace_free(w);
    assert_int_equal(st, GSL_SUCCESS);
    return result;
}

/* eq. (6) with D = 1_[l1,r1] + 1_[l2,r2] (eq. (5)) and empty intervals where r <= l:
 * E_{G*}[D] + E_{G}[1 - D] = sum_j int_{I_j} p* + (int_R p - sum_j int_{I_j} p). */
static double ref_payoff(const double *ms, const double *x)
{
    static const double whole[2] = {-HUGE_VAL, HUGE_VAL};
    double real = 0.0, fake = quad_mass(x, whole[0], whole[1]);
    for (int j = 0; j < 2; j++) {
        double l = x[2 + 2 * j], r = x[3 + 2 * j];
        if (!(r > l))
            continue;
        real += quad_mass(ms, l, r);
        fake -= quad_mass(x, l, r);
    }
    return real + fake;
}

/* The derivative along coordinate i of f at x by central differences with steps h, h/2, h/4,
 * Richardson-extrapolated (Neville table for an even error expansion). */
typedef double (*scalar_fn)(const double *x, const void *ctx);

static double richardson(scalar_fn f, const void *ctx, const double *x, size_t n, size_t i,
                         double h)
{
    double D[RICH_LEVELS], y[GANSTAB_GMM_N];
    assert_true(n <= GANSTAB_GMM_N);
    for (size_t lv = 0; lv < RICH_LEVELS; lv++) {
        double hh = h / (double)(1u << lv);
        memcpy(y, x, n * sizeof *y);
        y[i] = x[i] + hh;
        double fp = f(y, ctx);
        y[i] = x[i] - hh;
        double fm = f(y, ctx);
        D[lv] = (fp - fm) / (2.0 * hh);
    }
    for (size_t k = 1; k < RICH_LEVELS; k++) {
        double p4 = pow(4.0, (double)k);
        for (size_t lv = RICH_LEVELS - 1; lv >= k; lv--)
            D[lv] = (p4 * D[lv] - D[lv - 1]) / (p4 - 1.0);
    }
    return D[RICH_LEVELS - 1];
}

typedef struct {
    const double *ms;
    size_t component; /* gradient component for grad_component */
    double eta_d;
    unsigned k;
    const double *x; /* full state, for the unrolled objective in mu */
} fn_ctx;

static double payoff_fn(const double *x, const void *c)
{
    return ganstab_gmm_payoff(((const fn_ctx *)c)->ms, x);
}

static double grad_component(const double *x, const void *c)
{
    const fn_ctx *f = c;
    double g[GANSTAB_GMM_N];
    ganstab_gmm_gradient(f->ms, x, g);
    return g[f->component];
}

static double unrolled_fn(const double *mu, const void *c)
{
    const fn_ctx *f = c;
    double y[GANSTAB_GMM_N], value = NAN;
    memcpy(y, f->x, sizeof y);
    y[0] = mu[0];
    y[1] = mu[1];
    ganstab_gmm_unrolled(f->ms, y, f->eta_d, f->k, &value, NULL, NULL);
    return value;
}

static double tv_fn(const double *mu, const void *c)
{
    double tv = NAN;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_tv(((const fn_ctx *)c)->ms, mu, &tv, &err), GANSTAB_OK);
    return tv;
}

/* A random state: means in [-3, 3], intervals with endpoints in [-5, 5]. */
static void random_state(testutil_rng *rng, double *ms, double *x)
{
    ms[0] = testutil_rng_uniform(rng, -3.0, 3.0);
    ms[1] = testutil_rng_uniform(rng, -3.0, 3.0);
    for (size_t i = 0; i < GANSTAB_GMM_N; i++)
        x[i] = testutil_rng_uniform(rng, i < 2 ? -3.0 : -5.0, i < 2 ? 3.0 : 5.0);
}

/* Random open intervals at least min_len long (for differences that must not cross r = l). */
static void random_open_state(testutil_rng *rng, double *ms, double *x, double min_len)
{
    random_state(rng, ms, x);
    for (int j = 0; j < 2; j++) {
        double l = testutil_rng_uniform(rng, -4.0, 3.0);
        x[2 + 2 * j] = l;
        x[3 + 2 * j] = l + testutil_rng_uniform(rng, min_len, 4.0);
    }
}

static double max_errors[10]; /* reported at the end */
enum {
    ERR_PAYOFF,
    ERR_GRAD,
    ERR_HESS,
    ERR_ROOT,
    ERR_ROOT_NEAR,
    ERR_TV,
    ERR_TV_CQUAD,
    ERR_UNROLL,
    ERR_JAC,
    ERR_ENVELOPE
};
static const char *const ERR_NAMES[] = {"payoff vs quadrature",      "gradient vs Richardson",
                                        "Hessian vs Richardson",     "roots vs grid+bisection",
                                        "near-double roots vs grid", "TV vs qag GK61 of |F|/2",
                                        "TV vs cquad of |F|/2",      "unrolled grad vs Richardson",
                                        "model J vs deriv_central",  "optimal step vs d TV"};

static void note(int which, double e)
{
    if (e > max_errors[which])
        max_errors[which] = e;
}

/* ---- payoff, gradient, Hessian ----------------------------------------------------------- */

static void test_payoff_vs_quadrature(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A11);
    for (int it = 0; it < 150; it++) {
        double ms[2], x[GANSTAB_GMM_N];
        random_state(&rng, ms, x); /* about a quarter of the intervals are collapsed (r < l) */
        if (it % 10 == 3) {        /* unbounded and overlapping intervals */
            x[2] = -HUGE_VAL;
            x[4] = x[3] - 1.0;
            x[5] = HUGE_VAL;
        }
        double L = ganstab_gmm_payoff(ms, x), ref = ref_payoff(ms, x);
        note(ERR_PAYOFF, fabs(L - ref));
        assert_close(L, ref, AGREE_TOL);
    }
    /* Figure 3's overlapping intervals count twice: L - 1 = sum of the two interval terms */
    double ms[2] = {-2.0, 2.0}, x[6] = {-1.0, 2.5, -1.0, 0.2, -1.0, 2.5};
    double a[6] = {-1.0, 2.5, -1.0, 0.2, 5.0, 4.0}, b[6] = {-1.0, 2.5, -1.0, 2.5, 5.0, 4.0};
    assert_close(ganstab_gmm_payoff(ms, x) - 1.0,
                 (ganstab_gmm_payoff(ms, a) - 1.0) + (ganstab_gmm_payoff(ms, b) - 1.0), 1e-15);
}

static void test_gradient_hessian_vs_richardson(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A12);
    for (int it = 0; it < 100; it++) {
        double ms[2], x[GANSTAB_GMM_N], g[GANSTAB_GMM_N], H[36], g2[GANSTAB_GMM_N];
        random_open_state(&rng, ms, x, 0.3);
        ganstab_gmm_hessian(ms, x, g, H);
        ganstab_gmm_gradient(ms, x, g2);
        fn_ctx c = {ms, 0, 0.0, 0, NULL};
        for (size_t i = 0; i < GANSTAB_GMM_N; i++) {
            assert_true(g[i] == g2[i]);
            double fd = richardson(payoff_fn, &c, x, GANSTAB_GMM_N, i, RICH_H);
            note(ERR_GRAD, fabs(g[i] - fd));
            assert_close(g[i], fd, AGREE_TOL);
        }
        for (size_t r = 0; r < GANSTAB_GMM_N; r++) {
            c.component = r;
            for (size_t col = 0; col < GANSTAB_GMM_N; col++) {
                double fd = richardson(grad_component, &c, x, GANSTAB_GMM_N, col, RICH_H);
                note(ERR_HESS, fabs(H[r + 6 * col] - fd));
                assert_close(H[r + 6 * col], fd, AGREE_TOL);
                assert_true(H[r + 6 * col] == H[col + 6 * r]);
            }
        }
    }
    /* The closed forms of gmm.h (rule 3): dL/dr_j = F(r_j), dL/dl_j = -F(l_j). */
    double ms[2] = {-0.5, 0.5}, x[6] = {-1.0, 1.0, -2.0, 0.3, 0.7, 1.9}, g[6];
    ref_pair rp = {ms, x};
    ganstab_gmm_gradient(ms, x, g);
    assert_close(g[3], ref_F(0.3, &rp), 1e-16);
    assert_close(g[2], -ref_F(-2.0, &rp), 1e-16);
    assert_close(g[5], ref_F(1.9, &rp), 1e-16);
    assert_close(g[4], -ref_F(0.7, &rp), 1e-16);
}

static void test_field(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A13);
    double ms[2], x[6], g[6], H[36], v[6], J[36];
    random_open_state(&rng, ms, x, 0.3);
    ganstab_gmm_hessian(ms, x, g, H);
    ganstab_gmm_field(ms, x, v, J);
    for (size_t i = 0; i < 6; i++) {
        double s = i < 2 ? -1.0 : 1.0;
        assert_true(v[i] == s * g[i]);
        for (size_t c = 0; c < 6; c++)
            assert_true(J[i + 6 * c] == s * H[i + 6 * c]);
    }
    ganstab_gmm_field(ms, x, v, NULL);
    assert_true(v[0] == -g[0]);
}

/* ---- collapse (gmm.h rule 2, Sec. 6) ----------------------------------------------------- */

static void test_collapsed_interval(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A14);
    for (int it = 0; it < 50; it++) {
        double ms[2], x[6], y[6], gx[6], gy[6], Hx[36], Hy[36];
        random_open_state(&rng, ms, x, 0.3);
        memcpy(y, x, sizeof y);
        /* interval 1 collapsed anywhere (r < l or r == l): no mass, no derivative at all */
        x[3] = x[2] - testutil_rng_uniform(&rng, 0.0, 2.0);
        if (it % 5 == 0)
            x[3] = x[2];
        y[2] = 7.0;
        y[3] = -7.0;
        assert_true(ganstab_gmm_payoff(ms, x) == ganstab_gmm_payoff(ms, y));
        ganstab_gmm_hessian(ms, x, gx, Hx);
        ganstab_gmm_hessian(ms, y, gy, Hy);
        for (size_t i = 0; i < 6; i++) {
            assert_true(gx[i] == gy[i]);
            for (size_t c = 0; c < 6; c++)
                assert_true(Hx[i + 6 * c] == Hy[i + 6 * c]);
        }
        assert_true(gx[2] == 0.0 && gx[3] == 0.0);
        for (size_t c = 0; c < 6; c++)
            assert_true(Hx[2 + 6 * c] == 0.0 && Hx[3 + 6 * c] == 0.0);
        /* payoff of the collapsed interval alone is exactly the constant 1 */
        double z[6] = {x[0], x[1], x[2], x[3], 3.0, 3.0};
        assert_true(ganstab_gmm_payoff(ms, z) == 1.0);
    }
    assert_int_equal(ganstab_gmm_interval_open(0.0, 1e-300), 1);
    assert_int_equal(ganstab_gmm_interval_open(0.0, 0.0), 0);
    assert_int_equal(ganstab_gmm_interval_open(1.0, 0.0), 0);
    assert_int_equal(ganstab_gmm_interval_open(-HUGE_VAL, HUGE_VAL), 1);
    assert_int_equal(ganstab_gmm_interval_open(HUGE_VAL, HUGE_VAL), 0);
}

/* Figure 3: mu* = (-2, 2), mu = (-1, 2.5), intervals [-1, 0.2] and [-1, 2.5], step 0.3. Under
 * discriminator-only steps the left interval (in F < 0) collapses and then never moves; the right
 * one converges to the component [z2, z3] of the optimal discriminator (Plot (c): not to the
 * optimum (-inf, z1] u [z2, z3] of Plot (b)). */
static void test_figure3_collapse(void **state)
{
    (void)state;
    double ms[2] = {-2.0, 2.0}, x[6] = {-1.0, 2.5, -1.0, 0.2, -1.0, 2.5};
    ref_pair rp = {ms, x};
    for (double t = -1.0; t <= 0.2; t += 0.01) /* the left interval lies in F < 0 */
        assert_true(ref_F(t, &rp) < 0.0);
    ganstab_gmm_stepper s;
    ganstab_error err;
    assert_int_equal(
        ganstab_gmm_stepper_init(&s, GANSTAB_GMM_FIRST_ORDER, ms, 0.0, 0.3, 0, 0.05, &err),
        GANSTAB_OK);
    int collapsed_at = 0;
    double l1 = 0.0, r1 = 0.0;
    for (int t = 1; t <= 3000; t++) {
        ganstab_gmm_step_info info;
        assert_int_equal(ganstab_gmm_step(&s, x, &info, &err), GANSTAB_OK);
        assert_true(x[0] == -1.0 && x[1] == 2.5); /* eta_g = 0 */
        assert_int_equal(info.collapse_event[1], 0);
        if (info.collapse_event[0]) {
            assert_int_equal(collapsed_at, 0);
            collapsed_at = t;
            l1 = x[2];
            r1 = x[3];
        }
        if (collapsed_at != 0) { /* stays collapsed, bit for bit */
            assert_true(info.collapsed[0]);
            assert_true(x[2] == l1 && x[3] == r1);
        } else {
            assert_false(info.collapsed[0]);
        }
        assert_false(info.collapsed[1]);
    }
    print_message("Figure 3: the left interval collapses at step %d, at [%.6f, %.6f]\n",
                  collapsed_at, l1, r1);
    assert_true(collapsed_at > 1 && collapsed_at < 100);
    ganstab_gmm_crossings c;
    assert_int_equal(ganstab_gmm_crossings_find(ms, x, &c, &err), GANSTAB_OK);
    assert_int_equal(c.n_intervals, 2);
    assert_true(isinf(c.left[0]) && c.left[0] < 0.0);
    assert_close(x[4], c.left[1], 1e-9);
    assert_close(x[5], c.right[1], 1e-9);
    /* the collapsed interval adds nothing to the generator's gradient */
    double g[6], y[6] = {x[0], x[1], 9.0, -9.0, x[4], x[5]}, gy[6];
    ganstab_gmm_gradient(ms, x, g);
    ganstab_gmm_gradient(ms, y, gy);
    assert_true(g[0] == gy[0] && g[1] == gy[1]);
}

/* ---- zero crossings ---------------------------------------------------------------------- */

/* Bisect F's sign change in (a, b) (sign fa at a) to adjacent doubles. */
static double bisect(const ref_pair *rp, double a, double b, double fa)
{
    for (;;) {
        double m = a + 0.5 * (b - a);
        if (m == a || m == b)
            return 0.5 * (a + b);
        double fm = ref_F(m, (void *)rp);
        if (fm == 0.0)
            return m;
        if ((fm < 0.0) == (fa < 0.0)) {
            a = m;
            fa = fm;
        } else {
            b = m;
        }
    }
}

/* Zeros of F by sign changes on the grid, each bisected to adjacent doubles; a grid point where
 * F is exactly 0 between opposite signs is the zero itself. */
static size_t grid_roots(const double *ms, const double *mh, double *roots, size_t cap)
{
    ref_pair rp = {ms, mh};
    size_t n = 0;
    double prev_t = GRID_LO, prev = ref_F(prev_t, &rp), zero_t = NAN;
    long steps = lround((GRID_HI - GRID_LO) / GRID_STEP);
    for (long i = 1; i <= steps; i++) {
        double t = GRID_LO + (double)i * GRID_STEP, f = ref_F(t, &rp);
        if (f == 0.0) {
            zero_t = t;
            continue;
        }
        if ((prev < 0.0 && f > 0.0) || (prev > 0.0 && f < 0.0)) {
            assert_true(n < cap);
            roots[n++] = isnan(zero_t) ? bisect(&rp, prev_t, t, prev) : zero_t;
        }
        zero_t = NAN;
        prev_t = t;
        prev = f;
    }
    return n;
}

/* Sign changes of the weights ordered by mean: Descartes' bound on the zeros (with
 * multiplicity) of sum_k w_k e^(c_k t - c_k^2/2). */
static size_t descartes_bound(const double *ms, const double *mh)
{
    double c[4] = {ms[0], ms[1], mh[0], mh[1]}, w[4] = {1, 1, -1, -1};
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            if (c[j] < c[i]) {
                double t = c[i];
                c[i] = c[j];
                c[j] = t;
                t = w[i];
                w[i] = w[j];
                w[j] = t;
            }
    double merged[4];
    size_t m = 0;
    for (int i = 0; i < 4;) {
        double s = 0;
        int j = i;
        for (; j < 4 && c[j] == c[i]; j++)
            s += w[j];
        if (s != 0)
            merged[m++] = s;
        i = j;
    }
    size_t changes = 0;
    for (size_t i = 1; i < m; i++)
        changes += (merged[i] > 0) != (merged[i - 1] > 0);
    return changes;
}

/* The library's crossings are consistent: sorted, signs alternate at crossings only, the
 * intervals are exactly the positive gaps, within Descartes' bound. */
static void check_structure(const double *ms, const double *mh, const ganstab_gmm_crossings *c)
{
    size_t mult = 0;
    for (size_t i = 0; i < c->n_roots; i++) {
        if (i > 0)
            assert_true(c->root[i] > c->root[i - 1]);
        assert_int_equal(c->sign[i + 1], c->crossing[i] ? -c->sign[i] : c->sign[i]);
        mult += c->crossing[i] ? 1 : 2;
    }
    assert_true(mult <= descartes_bound(ms, mh));
    assert_true(c->n_intervals <= 2);
    ref_pair rp = {ms, mh};
    for (size_t i = 0; i < c->n_intervals; i++) {
        assert_true(c->left[i] < c->right[i]);
        double mid = isinf(c->left[i])    ? c->right[i] - 1.0
                     : isinf(c->right[i]) ? c->left[i] + 1.0
                                          : 0.5 * (c->left[i] + c->right[i]);
        if (fabs(mid) < 35.0) /* F underflows beyond */
            assert_true(ref_F(mid, &rp) > 0.0);
    }
}

static void compare_with_grid(const double *ms, const double *mh)
{
    ganstab_gmm_crossings c;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_crossings_find(ms, mh, &c, &err), GANSTAB_OK);
    assert_false(c.identically_zero);
    check_structure(ms, mh, &c);
    double g[8];
    size_t ng = grid_roots(ms, mh, g, 8);
    double lib[GANSTAB_GMM_MAX_ROOTS];
    size_t nl = 0;
    for (size_t i = 0; i < c.n_roots; i++) {
        assert_true(c.crossing[i]); /* no tangency in these configurations */
        assert_true(c.root[i] > GRID_LO && c.root[i] < GRID_HI);
        lib[nl++] = c.root[i];
    }
    if (nl != ng)
        print_error("mu* = (%.17g, %.17g), mu = (%.17g, %.17g): %zu roots, grid %zu\n", ms[0],
                    ms[1], mh[0], mh[1], nl, ng);
    assert_int_equal(nl, ng);
    for (size_t i = 0; i < ng; i++) {
        note(ERR_ROOT, fabs(lib[i] - g[i]));
        assert_rel_close(lib[i], g[i], AGREE_TOL);
    }
    /* the sign on every gap, sampled */
    ref_pair rp = {ms, mh};
    for (size_t i = 0; i <= c.n_roots; i++) {
        double a = i == 0 ? c.root[0] - 3.0 : c.root[i - 1];
        double b = i == c.n_roots ? (c.n_roots > 0 ? c.root[i - 1] + 3.0 : 3.0) : c.root[i];
        if (c.n_roots == 0)
            a = -3.0;
        double f = ref_F(0.5 * (a + b), &rp);
        assert_int_equal(c.sign[i], (f > 0.0) - (f < 0.0));
    }
}

static void test_crossings_random(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A15);
    for (int it = 0; it < 200; it++) {
        double ms[2], x[6];
        random_state(&rng, ms, x);
        compare_with_grid(ms, x);
    }
}

static void test_crossings_special(void **state)
{
    (void)state;
    ganstab_gmm_crossings c;
    ganstab_error err;
    /* F == 0: equal, swapped, and a degenerate mu*_1 = mu*_2 */
    static const double zero_cases[][4] = {{-0.5, 0.5, -0.5, 0.5},
                                           {-0.5, 0.5, 0.5, -0.5},
                                           {1.0, 1.0, 1.0, 1.0},
                                           {0.0, -0.0, 0.0, 0.0}};
    for (size_t i = 0; i < TESTUTIL_COUNT(zero_cases); i++) {
        const double *ms = zero_cases[i], *mh = zero_cases[i] + 2;
        assert_int_equal(ganstab_gmm_crossings_find(ms, mh, &c, &err), GANSTAB_OK);
        assert_true(c.identically_zero);
        assert_int_equal(c.n_roots, 0);
        assert_int_equal(c.n_intervals, 0);
        double tv = -1.0, disc[4];
        assert_int_equal(ganstab_gmm_tv(ms, mh, &tv, &err), GANSTAB_OK);
        assert_true(tv == 0.0);
        assert_int_equal(ganstab_gmm_best_response(ms, mh, disc, NULL, &err), GANSTAB_OK);
        for (int k = 0; k < 4; k++)
            assert_true(isinf(disc[k]) && disc[k] > 0.0);
    }
    /* mu_1 = mu_2 (mode collapse), one shared mean, mu*_1 = mu*_2, near-equal means */
    static const double cases[][4] = {
        {-0.5, 0.5, 0.0, 0.0},  {-0.5, 0.5, 0.3, 0.3},       {-0.5, 0.5, -0.5, 1.5},
        {-2.0, 2.0, -1.0, 2.5}, {0.0, 0.0, -1.0, 1.0},       {1.0, 1.0, -2.0, 0.5},
        {-0.5, 0.5, 0.5, -0.7}, {0.2, 0.9, 0.2 + 1e-3, 0.9}, {-0.5, 0.5, -0.2, 0.2},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(cases); i++)
        compare_with_grid(cases[i], cases[i] + 2);
    /* A zero far outside the means (contradicting Appendix A.1's "no zeros of F outside the
       convex hull of their means"): mu* = (0, 1.001), mu = (1, 1) has zeros at ~0.4995 and
       ~694.148, where F ~ 1e-104289. Reference: mpmath at 40 digits with the same doubles. */
    double ms[2] = {0.0, 1.001}, mh[2] = {1.0, 1.0};
    assert_int_equal(ganstab_gmm_crossings_find(ms, mh, &c, &err), GANSTAB_OK);
    check_structure(ms, mh, &c);
    assert_int_equal(c.n_roots, 2);
    assert_rel_close(c.root[0], 0.49949925012619377, 1e-14);
    assert_rel_close(c.root[1], 694.14768056002165, 1e-14);
    assert_int_equal(c.sign[0], 1);
    assert_int_equal(c.sign[1], -1);
    assert_int_equal(c.sign[2], 1);
    assert_true(isinf(c.right[1]) && c.left[1] == c.root[1]);
    /* Means 1e-9 apart after exact cancellation: F = (phi(t - 1) - phi(t - 1 - 1e-9))/2 has
       its only zero at the midpoint, where F ~ 1e-19 is below the rounding of F itself (so
       sampling F cannot locate it); the two-term closed form can. */
    double m9[2] = {-1.0, 1.0}, h9[2] = {-1.0, 1.0 + 1e-9};
    assert_int_equal(ganstab_gmm_crossings_find(m9, h9, &c, &err), GANSTAB_OK);
    assert_int_equal(c.n_roots, 1);
    assert_close(c.root[0], 0.5 * (1.0 + h9[1]), 1e-16);
    assert_int_equal(c.sign[0], 1);
    /* Non-finite means are refused. */
    double bad[2] = {NAN, 0.0};
    assert_error(ganstab_gmm_crossings_find(bad, mh, &c, &err), GANSTAB_EINVAL, &err);
    double tv;
    assert_error(ganstab_gmm_tv(ms, bad, &tv, &err), GANSTAB_EINVAL, &err);
}

/* The tangency of mu* = (-2, 2), mu = (-3, b): as b grows through b_t ~ -0.635, two zeros of F
 * appear near t ~ -1.95 (a local extremum of F touches 0). b_t by nested GSL Brent solves on the
 * independent F: inner, the critical point (F' = 0) near -1.95; outer, F there = 0. */
typedef struct {
    double ms[2], mh[2];
} tangency_ctx;

static double find_crit(tangency_ctx *t)
{
    ref_pair rp = {t->ms, t->mh};
    gsl_function f = {ref_dF, &rp};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    assert_non_null(s);
    assert_true(ref_dF(-2.3, &rp) * ref_dF(-1.6, &rp) < 0.0);
    assert_int_equal(gsl_root_fsolver_set(s, &f, -2.3, -1.6), GSL_SUCCESS);
    double z = NAN;
    for (int i = 0; i < 200; i++) {
        assert_int_equal(gsl_root_fsolver_iterate(s), GSL_SUCCESS);
        z = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0.0,
                                   4.0 * DBL_EPSILON) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    return z;
}

static double extremum_value(double b, void *p)
{
    tangency_ctx *t = p;
    t->mh[1] = b;
    double z = find_crit(t);
    ref_pair rp = {t->ms, t->mh};
    return ref_F(z, &rp);
}

static void test_crossings_tangential(void **state)
{
    (void)state;
    tangency_ctx t = {{-2.0, 2.0}, {-3.0, 0.0}};
    gsl_function f = {extremum_value, &t};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    assert_non_null(s);
    assert_true(extremum_value(-0.64, &t) * extremum_value(-0.63, &t) < 0.0);
    assert_int_equal(gsl_root_fsolver_set(s, &f, -0.64, -0.63), GSL_SUCCESS);
    double bt = NAN;
    for (int i = 0; i < 200; i++) {
        assert_int_equal(gsl_root_fsolver_iterate(s), GSL_SUCCESS);
        bt = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0.0,
                                   2.0 * DBL_EPSILON) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    t.mh[1] = bt;
    double zt = find_crit(&t);
    print_message("tangency at b = %.17g, t = %.17g\n", bt, zt);
    ganstab_gmm_crossings c;
    ganstab_error err;
    /* at b_t: one tangential zero near zt, or two crossings within ~sqrt(eps) of it (b_t is a
       double, so F's extremum there is ~1e-17 on either side of 0), plus the zero near 0.65 */
    assert_int_equal(ganstab_gmm_crossings_find(t.ms, t.mh, &c, &err), GANSTAB_OK);
    check_structure(t.ms, t.mh, &c);
    size_t near = 0, tangential = 0;
    for (size_t i = 0; i < c.n_roots; i++)
        if (fabs(c.root[i] - zt) < 1e-6) {
            near++;
            tangential += !c.crossing[i];
        }
    print_message("at the tangency: %zu roots, %zu near it, %zu tangential\n", c.n_roots, near,
                  tangential);
    assert_true((near == 1 && tangential == 1) || (near == 2 && tangential == 0));
    assert_int_equal(c.n_roots, near + 1);
    /* near-coincident: b = b_t + delta splits the zero into two at distance ~ sqrt(delta); both
       are found and agree with bisection of the independent F on a grid fine enough to see them.
       delta < 0 leaves F's extremum on the other side of 0 by ~delta: no zero there. */
    static const double deltas[] = {1e-6, 1e-9, 1e-12, -1e-12, -1e-9};
    for (size_t d = 0; d < TESTUTIL_COUNT(deltas); d++) {
        t.mh[1] = bt + deltas[d];
        assert_int_equal(ganstab_gmm_crossings_find(t.ms, t.mh, &c, &err), GANSTAB_OK);
        check_structure(t.ms, t.mh, &c);
        if (deltas[d] < 0.0) {
            assert_int_equal(c.n_roots, 1);
            assert_true(c.root[0] > 0.5);
            continue;
        }
        assert_int_equal(c.n_roots, 3);
        double sep = c.root[1] - c.root[0];
        print_message("delta = %g: zeros %.17g, %.17g (%.3g apart)\n", deltas[d], c.root[0],
                      c.root[1], sep);
        /* an independent fine grid around the tangency point (step 2e-7, the pairs here are
           >= 1.8e-6 apart), then bisection */
        ref_pair rp = {t.ms, t.mh};
        double lo = zt - 0.01, step = 2e-7, prev = ref_F(lo, &rp);
        size_t found = 0;
        for (int i = 1; i <= 100000; i++) {
            double a = lo + (i - 1) * step, b = lo + i * step, fb = ref_F(b, &rp);
            if ((prev < 0.0) != (fb < 0.0)) {
                double z = bisect(&rp, a, b, prev);
                assert_true(found < 2);
                /* the two zeros of a near-double root are ill-conditioned: rounding of F
                   (~1e-16 in each implementation, sums of four terms <= 0.2) over the slope
                   |F'| ~ sqrt(delta) there moves them by ~2e-16/|F'|; 1e-15/|F'| allows 5x */
                double e = fabs(c.root[found] - z), slope = fabs(ref_dF(z, &rp));
                note(ERR_ROOT_NEAR, e);
                assert_true(e <= 1e-15 / slope);
                found++;
            }
            prev = fb;
        }
        assert_int_equal(found, 2);
    }
}

static void test_tv(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A16);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(QUAD_LIMIT);
    gsl_integration_cquad_workspace *cw = gsl_integration_cquad_workspace_alloc(1000);
    assert_non_null(w);
    assert_non_null(cw);
    for (int it = 0; it < 200; it++) {
        double ms[2], x[6];
        random_state(&rng, ms, x);
        if (it == 0) { /* Figure 3's generator */
            ms[0] = -2.0;
            ms[1] = 2.0;
            x[0] = -1.0;
            x[1] = 2.5;
        }
        ref_pair rp = {ms, x};
        gsl_function F = {ref_absF_half, &rp};
        /* Two adaptive rules on the kinked |F|: GK61 without extrapolation, and cquad. (qags,
           GK21 with epsilon extrapolation, returned 0.835341027598 with abserr 8e-14 for one of
           these configurations whose TV is 0.835341032621, by mpmath too.) */
        double ref = NAN, ref2 = NAN, abserr = NAN, tv = NAN;
        size_t nevals = 0;
        assert_int_equal(gsl_integration_qag(&F, -40.0, 40.0, QUAD_EPSABS, 0.0, QUAD_LIMIT,
                                             GSL_INTEG_GAUSS61, w, &ref, &abserr),
                         GSL_SUCCESS);
        assert_int_equal(
            gsl_integration_cquad(&F, -40.0, 40.0, QUAD_EPSABS, 0.0, cw, &ref2, &abserr, &nevals),
            GSL_SUCCESS);
        ganstab_error err;
        assert_int_equal(ganstab_gmm_tv(ms, x, &tv, &err), GANSTAB_OK);
        note(ERR_TV, fabs(tv - ref));
        note(ERR_TV_CQUAD, fabs(tv - ref2));
        assert_close(tv, ref, AGREE_TOL);
        assert_close(tv, ref2, AGREE_TOL);
        /* eq. (3) = eq. (6) at the best response: TV = max_D L - 1, and no other placement of
           two intervals does better (random ones, and the best response moved) */
        double y[6] = {x[0], x[1], 0, 0, 0, 0};
        ganstab_gmm_crossings c;
        assert_int_equal(ganstab_gmm_best_response(ms, x, y + 2, &c, &err), GANSTAB_OK);
        assert_close(ganstab_gmm_payoff(ms, y) - 1.0, tv, 1e-15);
        assert_true(ganstab_gmm_tv_from_crossings(ms, x, &c) == tv);
        for (int k = 0; k < 20; k++) {
            double z[6] = {x[0], x[1], 0, 0, 0, 0};
            for (int a = 2; a < 6; a++) /* ordered: disjoint intervals as in eq. (5) */
                z[a] = testutil_rng_uniform(&rng, -5.0, 5.0);
            for (int a = 3; a < 6; a++)
                for (int b = a; b > 2 && z[b] < z[b - 1]; b--) {
                    double tmp = z[b];
                    z[b] = z[b - 1];
                    z[b - 1] = tmp;
                }
            assert_true(ganstab_gmm_payoff(ms, z) <= 1.0 + tv + 1e-15);
            memcpy(z, y, sizeof z);
            z[2 + k % 4] += testutil_rng_uniform(&rng, -0.1, 0.1);
            if (z[2] <= z[3] && z[3] <= z[4] && z[4] <= z[5])
                assert_true(ganstab_gmm_payoff(ms, z) <= 1.0 + tv + 1e-15);
        }
        /* Without the ordering (gmm.h rule 1) both intervals may sit on the same component:
           L - 1 = 2 x its mass, more than TV when {F > 0} is one interval */
        if (c.n_intervals == 1) {
            double z[6] = {x[0], x[1], y[2], y[3], y[2], y[3]};
            assert_close(ganstab_gmm_payoff(ms, z) - 1.0, 2.0 * tv, 1e-15);
        }
    }
    gsl_integration_workspace_free(w);
    gsl_integration_cquad_workspace_free(cw);
    /* far from each other: TV -> 1; the same generator: 0 */
    double ms[2] = {-30.0, -29.0}, mh[2] = {29.0, 30.0}, tv = NAN;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_tv(ms, mh, &tv, &err), GANSTAB_OK);
    assert_close(tv, 1.0, 1e-15);
}

/* ---- unrolled ---------------------------------------------------------------------------- */

static void test_unrolled(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A17);
    static const unsigned ks[] = {1, 2, 5, 5, 10};
    static const double etas[] = {0.3, 0.3, 0.3, 1.0, 0.1};
    for (int it = 0; it < 60; it++) {
        double ms[2], x[6];
        random_open_state(&rng, ms, x, 2.5);
        unsigned k = ks[it % 5];
        double eta = etas[it % 5], value = NAN, grad[2], theta[4];
        ganstab_gmm_unrolled(ms, x, eta, k, &value, grad, theta);
        /* differences are valid only if no interval reaches its collapse kink nearby */
        if (!(theta[1] - theta[0] > 0.5 && theta[3] - theta[2] > 0.5))
            continue;
        fn_ctx c = {ms, 0, eta, k, x};
        for (size_t i = 0; i < 2; i++) {
            double fd = richardson(unrolled_fn, &c, x, 2, i, RICH_H_UNROLLED);
            note(ERR_UNROLL, fabs(grad[i] - fd));
            assert_close(grad[i], fd, AGREE_TOL);
        }
        /* theta_k is k plain discriminator steps */
        double y[6];
        memcpy(y, x, sizeof y);
        for (unsigned j = 0; j < k; j++) {
            double g[6];
            ganstab_gmm_gradient(ms, y, g);
            for (int a = 2; a < 6; a++)
                y[a] += eta * g[a];
        }
        for (int a = 0; a < 4; a++)
            assert_true(theta[a] == y[a + 2]);
        assert_true(value == ganstab_gmm_payoff(ms, y));
    }
    /* k = 0: the plain gradient and payoff */
    double ms[2] = {-0.5, 0.5}, x[6] = {-0.9, 0.8, -0.7, 0.1, 0.4, 0.9}, g[6], grad[2], value;
    ganstab_gmm_gradient(ms, x, g);
    ganstab_gmm_unrolled(ms, x, 0.3, 0, &value, grad, NULL);
    assert_true(grad[0] == g[0] && grad[1] == g[1]);
    assert_true(value == ganstab_gmm_payoff(ms, x));
    /* collapse inside the unrolled steps: Figure 3's left interval with a large eta_d collapses
       in the first step and then neither moves nor contributes; the derivative is still that
       of the unrolled objective (away from the kink) */
    double m3[2] = {-2.0, 2.0}, x3[6] = {-1.0, 2.5, -1.0, 0.2, -1.0, 2.5}, th[4];
    ganstab_gmm_unrolled(m3, x3, 20.0, 5, &value, grad, th);
    assert_false(ganstab_gmm_interval_open(th[0], th[1]));
    double th1[4];
    ganstab_gmm_unrolled(m3, x3, 20.0, 1, NULL, NULL, th1);
    assert_true(th1[0] == th[0] && th1[1] == th[1]);
    fn_ctx c = {m3, 0, 20.0, 5, x3};
    for (size_t i = 0; i < 2; i++) {
        double fd = richardson(unrolled_fn, &c, x3, 2, i, 1e-3);
        note(ERR_UNROLL, fabs(grad[i] - fd));
        assert_close(grad[i], fd, AGREE_TOL);
    }
}

/* ---- dynamics ---------------------------------------------------------------------------- */

static void test_first_order_step(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A18);
    ganstab_error err;
    for (int it = 0; it < 50; it++) {
        double ms[2], x[6], y[6], g[6];
        random_state(&rng, ms, x);
        memcpy(y, x, sizeof y);
        double eg = testutil_rng_uniform(&rng, 0.0, 1.0), ed = testutil_rng_uniform(&rng, 0, 1);
        ganstab_gmm_stepper s;
        assert_int_equal(
            ganstab_gmm_stepper_init(&s, GANSTAB_GMM_FIRST_ORDER, ms, eg, ed, 0, 0.05, &err),
            GANSTAB_OK);
        ganstab_gmm_step_info info;
        assert_int_equal(ganstab_gmm_step(&s, x, &info, &err), GANSTAB_OK);
        ganstab_gmm_gradient(ms, y, g); /* eqs. (9)-(11) */
        for (int i = 0; i < 6; i++)
            assert_true(x[i] == (i < 2 ? y[i] - eg * g[i] : y[i] + ed * g[i]));
        double tv;
        assert_int_equal(ganstab_gmm_tv(ms, x, &tv, &err), GANSTAB_OK);
        assert_true(info.tv == tv);
        for (int j = 0; j < 2; j++) {
            int open_before = y[3 + 2 * j] > y[2 + 2 * j], open_after = x[3 + 2 * j] > x[2 + 2 * j];
            assert_int_equal(info.collapsed[j], !open_after);
            assert_int_equal(info.collapse_event[j], open_before && !open_after);
        }
        assert_int_equal(info.mode_collapsed, fabs(x[0] - x[1]) < 0.05);
        /* unrolled with k = 0 is the same step, bit for bit */
        double z[6];
        memcpy(z, y, sizeof z);
        assert_int_equal(
            ganstab_gmm_stepper_init(&s, GANSTAB_GMM_UNROLLED, ms, eg, ed, 0, 0.05, &err),
            GANSTAB_OK);
        assert_int_equal(ganstab_gmm_step(&s, z, NULL, &err), GANSTAB_OK);
        for (int i = 0; i < 6; i++)
            assert_true(z[i] == x[i]);
    }
}

/* Unrolled step: generator by dU/dmu, discriminator by one plain step. */
static void test_unrolled_step(void **state)
{
    (void)state;
    double ms[2] = {-0.5, 0.5}, x[6] = {-0.9, 0.8, -0.7, 0.1, 0.4, 0.9}, y[6], g[6], gu[2];
    memcpy(y, x, sizeof y);
    ganstab_gmm_stepper s;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_UNROLLED, ms, 0.2, 0.3,
                                              GANSTAB_GMM_DEFAULT_UNROLL, 0.05, &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_gmm_step(&s, x, NULL, &err), GANSTAB_OK);
    ganstab_gmm_gradient(ms, y, g);
    ganstab_gmm_unrolled(ms, y, 0.3, 5, NULL, gu, NULL);
    assert_true(x[0] == y[0] - 0.2 * gu[0] && x[1] == y[1] - 0.2 * gu[1]);
    for (int i = 2; i < 6; i++)
        assert_true(x[i] == y[i] + 0.3 * g[i]);
    assert_true(gu[0] != g[0]); /* unrolling changes the generator's direction */
}

/* Optimal step: the discriminator is the best response at the old mu; the generator step is
 * -eta_g grad TV (envelope theorem: TV(mu) = max_D L - 1, so dTV/dmu = dL/dmu at D*(mu)),
 * checked against Richardson differences of the library's TV. */
static void test_optimal_step(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A19);
    ganstab_error err;
    for (int it = 0; it < 40; it++) {
        double ms[2], x[6], y[6], disc[4];
        random_state(&rng, ms, x);
        memcpy(y, x, sizeof y);
        ganstab_gmm_stepper s;
        double eta = 0.5;
        assert_int_equal(
            ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, eta, 0.0, 0, 0.05, &err),
            GANSTAB_OK);
        ganstab_gmm_step_info info;
        assert_int_equal(ganstab_gmm_step(&s, x, &info, &err), GANSTAB_OK);
        assert_int_equal(ganstab_gmm_best_response(ms, y, disc, NULL, &err), GANSTAB_OK);
        for (int a = 0; a < 4; a++)
            assert_true(x[a + 2] == disc[a]);
        assert_int_equal(info.collapse_event[0] + info.collapse_event[1], 0);
        fn_ctx c = {ms, 0, 0.0, 0, NULL};
        for (size_t i = 0; i < 2; i++) {
            double fd = richardson(tv_fn, &c, y, 2, i, 1e-3);
            double step = (y[i] - x[i]) / eta;
            note(ERR_ENVELOPE, fabs(step - fd));
            assert_close(step, fd, AGREE_TOL);
        }
    }
    /* at mu = mu* the optimal generator does not move */
    double ms[2] = {-0.5, 0.5}, x[6] = {-0.5, 0.5, 1, 2, 3, 4};
    ganstab_gmm_stepper s;
    assert_int_equal(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, 0.3, 0.0, 0, 0.05, &err),
                     GANSTAB_OK);
    ganstab_gmm_step_info info;
    assert_int_equal(ganstab_gmm_step(&s, x, &info, &err), GANSTAB_OK);
    assert_true(x[0] == -0.5 && x[1] == 0.5 && info.tv == 0.0);
    assert_true(info.collapsed[0] && info.collapsed[1]);
    /* Theorem 4.1 in practice: from a separated start the optimal dynamics reach TV < 0.02
       (Sec. 5 counts TV < 0.1 as converged; with a constant step the iterate then hovers
       around the non-smooth optimum, Figure 1(c)) */
    double z[6] = {-0.9, 0.8, 0, 0, 0, 0};
    assert_int_equal(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, 0.3, 0.0, 0, 0.05, &err),
                     GANSTAB_OK);
    for (int t = 0; t < 3000; t++)
        assert_int_equal(ganstab_gmm_step(&s, z, t == 2999 ? &info : NULL, &err), GANSTAB_OK);
    print_message("optimal dynamics after 3000 steps: mu = (%.6f, %.6f), TV = %.3g\n", z[0], z[1],
                  info.tv);
    assert_true(info.tv < 0.02);
}

/* Mode collapse is forever (Sec. 5): with mu_1 = mu_2 both components get the same gradient. */
static void test_mode_collapse_invariant(void **state)
{
    (void)state;
    double ms[2] = {-0.5, 0.5};
    static const ganstab_gmm_dynamics dyn[] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_OPTIMAL,
                                               GANSTAB_GMM_UNROLLED};
    for (size_t d = 0; d < 3; d++) {
        double x[6] = {0.3, 0.3, -0.7, 0.1, 0.4, 0.9};
        ganstab_gmm_stepper s;
        ganstab_error err;
        assert_int_equal(ganstab_gmm_stepper_init(&s, dyn[d], ms, 0.3, 0.3, 5, 1e-3, &err),
                         GANSTAB_OK);
        for (int t = 0; t < 200; t++) {
            ganstab_gmm_step_info info;
            assert_int_equal(ganstab_gmm_step(&s, x, &info, &err), GANSTAB_OK);
            assert_true(x[0] == x[1]);
            assert_true(info.mode_collapsed);
            /* the best single Gaussian N(0, 1) is at TV 0.0581 from mu* = (-0.5, 0.5) */
            assert_true(info.tv > 0.058);
        }
    }
    /* Sec. 5 counts TV < 0.1 as converged, and the optimal dynamics from (0.3, 0.3) reach the
       best mode-collapsed generator (0, 0), TV 0.0581 < 0.1: a mode-collapsed start need not
       count as a failure under the paper's own criterion (cf. Figure 2's diagonal). */
    double z[6] = {0.3, 0.3, 0, 0, 0, 0};
    ganstab_gmm_stepper s;
    ganstab_gmm_step_info info;
    ganstab_error err;
    assert_int_equal(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, 0.3, 0.0, 0, 1e-3, &err),
                     GANSTAB_OK);
    for (int t = 0; t < 3000; t++)
        assert_int_equal(ganstab_gmm_step(&s, z, &info, &err), GANSTAB_OK);
    print_message("optimal dynamics from (0.3, 0.3): mu = (%.6g, %.6g), TV = %.6f\n", z[0], z[1],
                  info.tv);
    assert_true(z[0] == z[1] && fabs(z[0]) < 1e-6);
    assert_true(info.tv < 0.1);
}

/* The densities' exp (gmm_exp.h) against long double expl, rounded to double: within 2.5 ulp of
 * the correctly rounded value on [-708, 0] (dense near 0, where the dynamics evaluate it most),
 * exactly 1 at 0, 0 at and below the underflow threshold and at -inf, NaN for NaN. A wrong
 * polynomial coefficient or range reduction shows up as thousands of ulp. */
static void test_exp_accuracy(void **state)
{
    (void)state;
    double worst = 0.0, at = 0.0;
    const long n = 2000000;
    for (long i = 1; i < n; i++) { /* x in (-708, 0): above the flush-to-0 threshold */
        for (int scale = 0; scale < 3; scale++) {
            double x = -708.0 * (double)i / (double)n *
                       (scale == 0   ? 1.0
                        : scale == 1 ? 1e-2
                                     : 1e-6);
            long double e = expl((long double)x);
            double en = (double)e;
            double ulp = nextafter(en, INFINITY) - en;
            double err = (double)fabsl(((long double)gmm_exp_nonpos(x) - e) / (long double)ulp);
            if (err > worst) {
                worst = err;
                at = x;
            }
        }
    }
    print_message("gmm_exp_nonpos: max error %.3f ulp (at x = %.17g)\n", worst, at);
    assert_true(worst <= 2.5);
    assert_true(gmm_exp_nonpos(0.0) == 1.0);
    assert_true(gmm_exp_nonpos(-0.0) == 1.0);
    assert_true(gmm_exp_nonpos(GMM_EXP_UNDERFLOW) == 0.0);
    assert_true(gmm_exp_nonpos(-1000.0) == 0.0);
    assert_true(gmm_exp_nonpos(-INFINITY) == 0.0);
    assert_true(isnan(gmm_exp_nonpos(NAN)));
    /* just above the threshold the result is a normal number near e^-708 */
    double y = gmm_exp_nonpos(-707.9);
    assert_true(y >= DBL_MIN && fabs(y - exp(-707.9)) <= 4.0 * DBL_EPSILON * y);
}

/* ---- the model --------------------------------------------------------------------------- */

static ganstab_model *alloc_model(const double *ms, const double *disc)
{
    ganstab_model *m = NULL;
    ganstab_error err;
    int rc = ganstab_gmm_model_alloc(ms, disc, &m, &err);
    if (rc != GANSTAB_OK)
        print_error("%s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_non_null(m);
    return m;
}

typedef struct {
    const ganstab_model *m;
    const double *x;
    const double *shift; /* NULL or one value, used on both sides */
    size_t row, col;
} field_ctx;

static void model_field(const ganstab_model *m, const double *x, const double *shift, double *v,
                        double *J)
{
    ganstab_error err;
    memset(v, 0, 6 * sizeof *v);
    if (J != NULL)
        memset(J, 0, 36 * sizeof *J);
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_REAL, x, shift, v, J, &err), GANSTAB_OK);
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_FAKE, x, shift, v, J, &err), GANSTAB_OK);
}

static double field_entry(double t, void *p)
{
    const field_ctx *c = p;
    double y[6], v[6];
    memcpy(y, c->x, sizeof y);
    y[c->col] = t;
    model_field(c->m, y, c->shift, v, NULL);
    return v[c->row];
}

static void test_model_structure(void **state)
{
    (void)state;
    double ms[2] = {-0.5, 0.5}, disc[4] = {-1.0, 0.0, 0.2, 1.5}, x[6];
    ganstab_model *m = alloc_model(ms, disc);
    static const char *const names[] = {"mu1", "mu2", "l1", "r1", "l2", "r2"};
    assert_string_equal(m->ops->name, "gmm");
    assert_int_equal(m->n_g, 2);
    assert_int_equal(m->n_d, 4);
    assert_int_equal(m->data_dim, 1);
    assert_int_equal(m->loss, GANSTAB_LOSS_WGAN);
    assert_null(m->fd_unavailable);
    for (int i = 0; i < 6; i++)
        assert_string_equal(m->state_names[i], names[i]);
    m->ops->equilibrium(m, x);
    assert_true(x[0] == -0.5 && x[1] == 0.5 && x[2] == -1.0 && x[3] == 0.0 && x[4] == 0.2 &&
                x[5] == 1.5);
    /* F == 0 at mu = mu*: the discriminator rows vanish for this (any) placement, the generator
       rows do not (gmm.h rule 4) */
    double v[6], g[6];
    model_field(m, x, NULL, v, NULL);
    for (int i = 2; i < 6; i++)
        assert_true(v[i] == 0.0);
    ganstab_gmm_gradient(ms, x, g);
    assert_true(v[0] == -g[0] && v[1] == -g[1]);
    assert_true(fabs(v[0]) > 1e-3);
    assert_int_equal(m->ops->tangent(m, x, NULL), 0); /* not stationary */
    /* penalty refused, with a message */
    ganstab_error err;
    double grad[6] = {0};
    int kink = 0;
    assert_error(m->ops->penalty(m, GANSTAB_SIDE_REAL, x, 0.0, grad, NULL, &kink, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(m->ops->penalty(m, GANSTAB_SIDE_FAKE, x, 1.0, grad, NULL, &kink, &err),
                 GANSTAB_EINVAL, &err);
    /* the real side only touches the discriminator rows */
    double vr[6] = {0}, Jr[36] = {0};
    assert_int_equal(m->ops->term(m, GANSTAB_SIDE_REAL, x, NULL, vr, Jr, &err), GANSTAB_OK);
    assert_true(vr[0] == 0.0 && vr[1] == 0.0);
    for (int c = 0; c < 6; c++)
        assert_true(Jr[0 + 6 * c] == 0.0 && Jr[1 + 6 * c] == 0.0 && Jr[2 + 6 * 0] == 0.0);
    /* a NaN state is a numerical failure of the term */
    double bad[6] = {NAN, 0.5, -1, 0, 0.2, 1.5};
    assert_error(m->ops->term(m, GANSTAB_SIDE_FAKE, bad, NULL, vr, NULL, &err), GANSTAB_ENUMERIC,
                 &err);
    ganstab_model_free(m);
    /* alloc refuses non-finite values */
    ganstab_model *out = (ganstab_model *)&err; /* must be reset to NULL */
    double badm[2] = {INFINITY, 0.0}, badd[4] = {0, NAN, 0, 1};
    assert_error(ganstab_gmm_model_alloc(badm, disc, &out, &err), GANSTAB_EINVAL, &err);
    assert_null(out);
    assert_error(ganstab_gmm_model_alloc(ms, badd, &out, &err), GANSTAB_EINVAL, &err);
    assert_null(out);
}

static void test_model_jacobian_vs_deriv_central(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6A1A);
    for (int it = 0; it < 30; it++) {
        double ms[2], x[6];
        random_open_state(&rng, ms, x, 0.3);
        ganstab_model *m = alloc_model(ms, x + 2);
        double shift = testutil_rng_uniform(&rng, -1.0, 1.0);
        const double *sh = it % 2 == 0 ? NULL : &shift;
        double v[6], J[36];
        model_field(m, x, sh, v, J);
        if (sh == NULL) { /* the model's field is ganstab_gmm_field */
            double v2[6], J2[36];
            ganstab_gmm_field(ms, x, v2, J2);
            for (int i = 0; i < 6; i++) {
                assert_close(v[i], v2[i], 1e-16);
                for (int c = 0; c < 6; c++)
                    assert_close(J[i + 6 * c], J2[i + 6 * c], 1e-16);
            }
        } else { /* a shift s moves each side's means by s */
            double ms2[2] = {ms[0] + shift, ms[1] + shift}, y[6], v2[6];
            memcpy(y, x, sizeof y);
            y[0] += shift;
            y[1] += shift;
            ganstab_gmm_field(ms2, y, v2, NULL);
            for (int i = 0; i < 6; i++)
                assert_close(v[i], v2[i], 1e-15);
        }
        for (size_t r = 0; r < 6; r++)
            for (size_t c = 0; c < 6; c++) {
                field_ctx fc = {m, x, sh, r, c};
                gsl_function F = {field_entry, &fc};
                double d = NAN, abserr = NAN;
                assert_int_equal(gsl_deriv_central(&F, x[c], DERIV_CENTRAL_H, &d, &abserr),
                                 GSL_SUCCESS);
                note(ERR_JAC, fabs(J[r + 6 * c] - d));
                assert_close(J[r + 6 * c], d, DERIV_CENTRAL_TOL);
            }
        ganstab_model_free(m);
    }
}

/* h(t) = phi(t + a) - phi(t - a) for mu* = (-a, a): the symmetric placement [-r, -l] u [l, r] is
 * stationary iff h(r) = h(l) (gmm.h rule 4). */
static double sym_residual(double r, void *p)
{
    const double *al = p; /* a, l */
    double a = al[0], l = al[1];
    double h_r = exp(-0.5 * (r + a) * (r + a)) - exp(-0.5 * (r - a) * (r - a));
    double h_l = exp(-0.5 * (l + a) * (l + a)) - exp(-0.5 * (l - a) * (l - a));
    return h_r - h_l;
}

static double brent(gsl_function *f, double lo, double hi)
{
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    assert_non_null(s);
    assert_true(GSL_FN_EVAL(f, lo) * GSL_FN_EVAL(f, hi) < 0.0);
    assert_int_equal(gsl_root_fsolver_set(s, f, lo, hi), GSL_SUCCESS);
    double z = NAN;
    for (int i = 0; i < 200; i++) {
        assert_int_equal(gsl_root_fsolver_iterate(s), GSL_SUCCESS);
        z = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0.0,
                                   2.0 * DBL_EPSILON) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    return z;
}

/* grad_mu L(mu*, l, r) = 0 for (r1, r2) given (l1, l2), coded independently. */
typedef struct {
    double ms[2], l1, l2;
} asym_ctx;

static int asym_f(const gsl_vector *r, void *p, gsl_vector *f)
{
    const asym_ctx *c = p;
    double r1 = gsl_vector_get(r, 0), r2 = gsl_vector_get(r, 1);
    for (size_t i = 0; i < 2; i++) {
        double m = c->ms[i];
        double s = exp(-0.5 * (r1 - m) * (r1 - m)) - exp(-0.5 * (c->l1 - m) * (c->l1 - m)) +
                   exp(-0.5 * (r2 - m) * (r2 - m)) - exp(-0.5 * (c->l2 - m) * (c->l2 - m));
        gsl_vector_set(f, i, 0.5 * INV_SQRT_2PI * s);
    }
    return GSL_SUCCESS;
}

/* The null-space dimension of the 6x6 J by singular values (independent of the tangent op). */
static size_t null_dim(const double *J)
{
    double a[36], sv[6], sup[5];
    memcpy(a, J, sizeof a);
    assert_int_equal(
        LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'N', 'N', 6, 6, a, 6, sv, NULL, 1, NULL, 1, sup), 0);
    size_t k = 0;
    for (int i = 0; i < 6; i++)
        k += sv[i] <= 1e-10 * sv[0];
    return k;
}

static void check_tangent(const double *ms, const double *disc, int swapped, size_t expect_k,
                          size_t expect_null)
{
    ganstab_model *m = alloc_model(ms, disc);
    double x[6], v[6], J[36], basis[36];
    m->ops->equilibrium(m, x);
    if (swapped) {
        x[0] = ms[1];
        x[1] = ms[0];
    }
    model_field(m, x, NULL, v, J);
    for (int i = 0; i < 6; i++)
        assert_true(fabs(v[i]) <= 1e-14); /* stationary */
    size_t k = m->ops->tangent(m, x, NULL);
    assert_int_equal(k, expect_k);
    assert_int_equal(m->ops->tangent(m, x, basis), k);
    for (size_t c = 0; c < k; c++) {
        const double *t = basis + 6 * c;
        if (expect_k < 6) /* the generator stays at mu* */
            assert_true(t[0] == 0.0 && t[1] == 0.0);
        for (size_t d = 0; d < k; d++) { /* orthonormal */
            double dot = 0.0;
            for (size_t i = 0; i < 6; i++)
                dot += t[i] * basis[6 * d + i];
            assert_close(dot, c == d ? 1.0 : 0.0, TANGENT_TOL);
        }
        for (int r = 0; r < 6; r++) { /* J t = 0 */
            double jt = 0.0;
            for (int i = 0; i < 6; i++)
                jt += J[r + 6 * i] * t[i];
            assert_close(jt, 0.0, TANGENT_TOL);
        }
    }
    assert_int_equal(null_dim(J), expect_null);
    ganstab_model_free(m);
}

static void test_model_tangent(void **state)
{
    (void)state;
    /* symmetric: mu* = (-1, 1), [-r, -l] u [l, r] with h(r) = h(l), l = 0.2 */
    double al[2] = {1.0, 0.2};
    gsl_function f = {sym_residual, al};
    double r = brent(&f, 0.25, 6.0);
    double ms[2] = {-1.0, 1.0}, disc[4] = {-r, -0.2, 0.2, r};
    print_message("symmetric stationary placement: [-%.17g, -0.2] u [0.2, %.17g]\n", r, r);
    check_tangent(ms, disc, 0, 2, 2);
    check_tangent(ms, disc, 1, 2, 2); /* the swapped generator is the same distribution */
    {
        /* within GANSTAB_GMM_FAMILY_TOL of mu* (where Newton's method stops) still on the
           family; 1e3 times farther it is not (F != 0 there) */
        ganstab_model *m = alloc_model(ms, disc);
        double x[6];
        m->ops->equilibrium(m, x);
        x[0] += 0.5 * GANSTAB_GMM_FAMILY_TOL;
        assert_int_equal(m->ops->tangent(m, x, NULL), 2);
        x[0] += 1e3 * GANSTAB_GMM_FAMILY_TOL;
        assert_int_equal(m->ops->tangent(m, x, NULL), 0);
        ganstab_model_free(m);
    }
    /* asymmetric: mu* = (-0.5, 0.7), l = (-1.25, 1.0), r solved by GSL hybrids */
    asym_ctx ac = {{-0.5, 0.7}, -1.25, 1.0};
    gsl_multiroot_function mf = {asym_f, 2, &ac};
    gsl_multiroot_fsolver *s = gsl_multiroot_fsolver_alloc(gsl_multiroot_fsolver_hybrids, 2);
    assert_non_null(s);
    gsl_vector *r0 = gsl_vector_alloc(2);
    assert_non_null(r0);
    gsl_vector_set(r0, 0, -0.47);
    gsl_vector_set(r0, 1, 1.7);
    assert_int_equal(gsl_multiroot_fsolver_set(s, &mf, r0), GSL_SUCCESS);
    for (int i = 0; i < 200; i++) {
        if (gsl_multiroot_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        if (gsl_multiroot_test_residual(s->f, 1e-17) == GSL_SUCCESS)
            break;
    }
    double d2[4] = {-1.25, gsl_vector_get(s->x, 0), 1.0, gsl_vector_get(s->x, 1)};
    gsl_vector_free(r0);
    gsl_multiroot_fsolver_free(s);
    print_message("asymmetric stationary placement: [-1.25, %.17g] u [1, %.17g]\n", d2[1], d2[3]);
    assert_true(d2[1] > d2[0] + 0.3 && d2[3] > d2[2] + 0.3);
    check_tangent(ac.ms, d2, 0, 2, 2);
    /* rank-deficient: mu*_1 = mu*_2 = 0, [-1, 1] u an empty interval. A has rank 1 (equal
       rows), the family {r1 + l1 = 0, interval 2 anywhere collapsed} has dimension 3, and so
       does ker J */
    double ms0[2] = {0.0, 0.0}, d0[4] = {-1.0, 1.0, 2.0, 1.5};
    check_tangent(ms0, d0, 0, 3, 3);
    /* both intervals collapsed: v = 0 near x, tangent space everything */
    double dc[4] = {1.0, 0.5, 3.0, 2.0};
    check_tangent(ms, dc, 0, 6, 6);
    /* not stationary: a generic placement, and a stationary placement with mu != mu* */
    ganstab_model *m = alloc_model(ms, disc);
    double x[6];
    m->ops->equilibrium(m, x);
    x[5] += 0.01;
    assert_int_equal(m->ops->tangent(m, x, NULL), 0);
    x[5] -= 0.01;
    x[0] += 1e-3;
    assert_int_equal(m->ops->tangent(m, x, NULL), 0);
    ganstab_model_free(m);
}

/* ---- error paths ------------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_gmm_stepper s;
    double ms[2] = {-0.5, 0.5}, bad[2] = {0.0, NAN};
    assert_error(ganstab_gmm_stepper_init(&s, (ganstab_gmm_dynamics)7, ms, 0.1, 0.1, 0, 0, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, bad, 0.1, 0.1, 0, 0, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, -0.1, 0.1, 0, 0, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, 0.1, INFINITY, 0, 0, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_UNROLLED, ms, 0.1, 0.1,
                                          GANSTAB_GMM_MAX_UNROLL + 1, 0, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, 0.1, 0.1, 0, -1.0, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_OPTIMAL, ms, 0.1, 0.1, 0, NAN, &err),
                 GANSTAB_EINVAL, &err);
    assert_int_equal(
        ganstab_gmm_stepper_init(&s, GANSTAB_GMM_FIRST_ORDER, ms, 0.1, 0.1, 0, 0, &err),
        GANSTAB_OK);
    double x[6] = {0.0, 1.0, -1.0, NAN, 0.0, 1.0};
    assert_error(ganstab_gmm_step(&s, x, NULL, &err), GANSTAB_EINVAL, &err);
    double y[6] = {INFINITY, 1.0, -1.0, 0.0, 0.0, 1.0};
    assert_error(ganstab_gmm_step(&s, y, NULL, &err), GANSTAB_ENUMERIC, &err);
    /* names */
    static const ganstab_gmm_dynamics all[] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_OPTIMAL,
                                               GANSTAB_GMM_UNROLLED};
    for (size_t i = 0; i < 3; i++) {
        ganstab_gmm_dynamics d = (ganstab_gmm_dynamics)99;
        assert_int_equal(ganstab_gmm_dynamics_parse(ganstab_gmm_dynamics_name(all[i]), &d, &err),
                         GANSTAB_OK);
        assert_int_equal(d, all[i]);
    }
    assert_string_equal(ganstab_gmm_dynamics_name(GANSTAB_GMM_FIRST_ORDER), "first-order");
    ganstab_gmm_dynamics d;
    assert_error(ganstab_gmm_dynamics_parse("second-order", &d, &err), GANSTAB_EINVAL, &err);
    assert_error(ganstab_gmm_dynamics_parse(NULL, &d, &err), GANSTAB_EINVAL, &err);
}

static void test_report(void **state)
{
    (void)state;
    for (size_t i = 0; i < TESTUTIL_COUNT(max_errors); i++)
        print_message("max |error| %-28s %.3g\n", ERR_NAMES[i], max_errors[i]);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_payoff_vs_quadrature),
        cmocka_unit_test(test_gradient_hessian_vs_richardson),
        cmocka_unit_test(test_field),
        cmocka_unit_test(test_collapsed_interval),
        cmocka_unit_test(test_figure3_collapse),
        cmocka_unit_test(test_crossings_random),
        cmocka_unit_test(test_crossings_special),
        cmocka_unit_test(test_crossings_tangential),
        cmocka_unit_test(test_tv),
        cmocka_unit_test(test_unrolled),
        cmocka_unit_test(test_first_order_step),
        cmocka_unit_test(test_unrolled_step),
        cmocka_unit_test(test_optimal_step),
        cmocka_unit_test(test_mode_collapse_invariant),
        cmocka_unit_test(test_exp_accuracy),
        cmocka_unit_test(test_model_structure),
        cmocka_unit_test(test_model_jacobian_vs_deriv_central),
        cmocka_unit_test(test_model_tangent),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

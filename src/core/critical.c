#include "ganstab/critical.h"

#include <complex.h>
#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gsl_quiet.h"

/* C11's CMPLX: glibc's <complex.h> defines it for GCC, not for clang 14 */
#ifndef CMPLX
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#endif

const char *ganstab_crossing_kind_name(ganstab_crossing_kind k)
{
    return k == GANSTAB_CROSSING_STABILITY ? "stability" : "oscillation";
}

const char *ganstab_crossing_type_name(ganstab_crossing_type t)
{
    switch (t) {
    case GANSTAB_CROSSING_FOLD:
        return "fold";
    case GANSTAB_CROSSING_HOPF:
        return "hopf";
    case GANSTAB_CROSSING_FLIP:
        return "flip";
    case GANSTAB_CROSSING_NEIMARK_SACKER:
        return "neimark-sacker";
    case GANSTAB_CROSSING_COMPLEX_TO_REAL:
        return "complex-to-real";
    case GANSTAB_CROSSING_REAL_TO_COMPLEX:
        return "real-to-complex";
    }
    return "unknown";
}

/* Product of factors with first-order noise: T = prod f_k, dT = sum_k e_k prod_{j!=k} |f_j|. */
typedef struct {
    double complex value;
    double noise;
} product;

static void product_mul(product *p, double complex f, double e)
{
    p->noise = p->noise * cabs(f) + e * cabs(p->value);
    p->value *= f;
}

double ganstab_crossing_test_function(const ganstab_eigenvalue *ev, size_t n, ganstab_dynamics dyn,
                                      ganstab_crossing_type t, double tol, double *noise)
{
    product p = {1.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        double complex li = CMPLX(ev[i].re, ev[i].im);
        double ei = ev[i].error_bound + tol;
        switch (t) {
        case GANSTAB_CROSSING_FOLD:
            product_mul(&p, dyn == GANSTAB_DYNAMICS_FLOW ? li : li - 1.0, ei);
            break;
        case GANSTAB_CROSSING_FLIP:
            product_mul(&p, li + 1.0, ei);
            break;
        default:
            for (size_t j = i + 1; j < n; j++) {
                double complex lj = CMPLX(ev[j].re, ev[j].im);
                double ej = ev[j].error_bound + tol;
                if (t == GANSTAB_CROSSING_HOPF) {
                    product_mul(&p, li + lj, ei + ej);
                } else if (t == GANSTAB_CROSSING_NEIMARK_SACKER) {
                    product_mul(&p, li * lj - 1.0, cabs(lj) * ei + cabs(li) * ej);
                } else {
                    double complex d = li - lj;
                    double e = ei + ej;
                    product_mul(&p, d * d, 2.0 * cabs(d) * e + e * e);
                }
            }
            break;
        }
    }
    if (noise != NULL)
        *noise = p.noise;
    /* A symmetric function of the eigenvalues of a real matrix is real; the imaginary part
       is rounding. */
    return creal(p.value);
}

/* ---- the search --------------------------------------------------------------------------- */

/* At most this many test functions per dynamics (map: fold, flip, Neimark-Sacker, discriminant). */
#define MAX_TESTS 4

typedef struct {
    ganstab_spectrum_fn fn;
    void *ctx;
    const ganstab_crossing_options *opt;
    ganstab_eigenvalue *ev;
    ganstab_crossing_type test;
    int status;
    ganstab_error *err;
    double from, to;
    int probe_ok[2]; /* the probes just outside [from, to] were evaluated */
    ganstab_crossing *res;
    size_t found, cap;
    size_t cluster, *picked; /* cluster_refine: the cluster's size and its members' indices */
} search;

static int evaluate(search *s, double p, ganstab_error *err)
{
    return s->fn(p, s->ctx, s->ev, err);
}

static double test_value(search *s, ganstab_crossing_type t, double *noise)
{
    return ganstab_crossing_test_function(s->ev, s->opt->n, s->opt->dyn, t, s->opt->tol, noise);
}

static double brent_function(double p, void *param)
{
    search *s = param;
    if (s->status != GANSTAB_OK)
        return NAN;
    s->status = evaluate(s, p, s->err);
    if (s->status != GANSTAB_OK)
        return NAN;
    return test_value(s, s->test, NULL);
}

/* Sign of the test function with a dead zone of its noise: 0 = "on the boundary". */
static int sign_with_noise(double v, double noise)
{
    if (fabs(v) <= noise)
        return 0;
    return v > 0 ? 1 : -1;
}

static int refine(search *s, double lo, double hi, double *root_lo, double *root_hi)
{
    gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (solver == NULL)
        return ganstab_error_set(s->err, GANSTAB_ENOMEM, "critical", "out of memory");
    gsl_function f = {brent_function, s};
    s->status = GANSTAB_OK;
    int gs = gsl_root_fsolver_set(solver, &f, lo, hi);
    int rc = GANSTAB_OK;
    if (gs != GSL_SUCCESS) {
        rc = s->status != GANSTAB_OK
                 ? s->status
                 : ganstab_error_set(s->err, GANSTAB_ENUMERIC, "critical: gsl_root_fsolver_set",
                                     "%s on [%.17g, %.17g]", gsl_strerror(gs), lo, hi);
        gsl_root_fsolver_free(solver);
        return rc;
    }
    /* Brent converges at least as fast as bisection: 200 halvings shrink any double bracket
       far below the requested width. */
    for (int iter = 0; iter < 400; iter++) {
        gs = gsl_root_fsolver_iterate(solver);
        if (s->status != GANSTAB_OK) {
            rc = s->status;
            break;
        }
        if (gs != GSL_SUCCESS) {
            rc =
                ganstab_error_set(s->err, GANSTAB_ENUMERIC, "critical: gsl_root_fsolver_iterate",
                                  "%s near %.17g", gsl_strerror(gs), gsl_root_fsolver_root(solver));
            break;
        }
        double a = gsl_root_fsolver_x_lower(solver), b = gsl_root_fsolver_x_upper(solver);
        double mid = 0.5 * (a + b);
        if (b - a <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(mid))) {
            *root_lo = a;
            *root_hi = b;
            gsl_root_fsolver_free(solver);
            return GANSTAB_OK;
        }
        if (iter == 399)
            rc = ganstab_error_set(s->err, GANSTAB_ENUMERIC, "critical",
                                   "root finder did not converge on [%.17g, %.17g]", a, b);
    }
    gsl_root_fsolver_free(solver);
    return rc;
}

static int verdict_at(search *s, double p, ganstab_verdict *v, size_t *ncomplex)
{
    int rc = evaluate(s, p, s->err);
    if (rc != GANSTAB_OK)
        return rc;
    if (ncomplex != NULL)
        *ncomplex = ganstab_eigen_count_complex(s->ev, s->opt->n);
    return ganstab_classify(s->ev, s->opt->n, s->opt->dyn, s->opt->tol, v, NULL, s->err);
}

/* What a root of the Hopf (flow) or Neimark-Sacker (map) test function is, from the spectrum at
 * the root (evaluated into s->ev): a complex pair on the stability boundary (a genuine Hopf /
 * Neimark-Sacker crossing: the pair's imaginary part exceeds its error bound), or two real
 * eigenvalues meeting on the boundary at 0 (flow) or +-1 (map) (a double, typically defective,
 * eigenvalue crossing it: the pair's sum (flow) or product (map) passes through the boundary value
 * with a simple root while the fold/flip test function, the square of a linear factor, only
 * touches zero: reported as FOLD or FLIP), or neither (a neutral saddle: dropped, *keep = 0). A
 * numerically double real eigenvalue may come out of LAPACK as a complex pair split by
 * ~sqrt(eps): an imaginary part within the error bound counts as real. */
static void classify_pair_root(search *s, ganstab_crossing_type *type, int *keep)
{
    const ganstab_dynamics dyn = s->opt->dyn;
    size_t near_real = 0, near_minus = 0;
    int pair = 0;
    for (size_t i = 0; i < s->opt->n; i++) {
        const ganstab_eigenvalue *e = &s->ev[i];
        double reach = GANSTAB_CROSSING_ON_BOUNDARY + e->error_bound + s->opt->tol;
        if (fabs(e->im) > e->error_bound + s->opt->tol) {
            if (fabs(ganstab_stability_margin(e, dyn)) <= reach)
                pair = 1;
            continue;
        }
        if (dyn == GANSTAB_DYNAMICS_FLOW) {
            if (fabs(e->re) <= reach)
                near_real++;
        } else if (fabs(e->re - 1.0) <= reach) {
            near_real++;
        } else if (fabs(e->re + 1.0) <= reach) {
            near_real++;
            near_minus++;
        }
    }
    *keep = 1;
    if (pair)
        return;
    if (near_real >= 2) {
        *type = dyn == GANSTAB_DYNAMICS_MAP && 2 * near_minus >= near_real ? GANSTAB_CROSSING_FLIP
                                                                           : GANSTAB_CROSSING_FOLD;
        return;
    }
    *keep = 0;
}

static int append(search *s, const ganstab_crossing *c)
{
    if (s->found == s->cap) {
        size_t cap = s->cap == 0 ? 16 : 2 * s->cap;
        ganstab_crossing *bigger = realloc(s->res, cap * sizeof *bigger);
        if (bigger == NULL)
            return ganstab_error_set(s->err, GANSTAB_ENOMEM, "critical", "out of memory");
        s->res = bigger;
        s->cap = cap;
    }
    s->res[s->found++] = *c;
    return GANSTAB_OK;
}

/* Classify the root of test function t located in [lo, hi] (kind, type, before/after verdicts)
 * and keep it if it is a crossing (critical.h). Roots outside the closed interval [from, to]
 * (between a probe and an end point) are skipped. */
static int record(search *s, ganstab_crossing_type t, double lo, double hi)
{
    double value = 0.5 * (lo + hi);
    /* Roots between a probe and an end point belong to the closed interval only if they are the
       end point itself, to the bracket precision. */
    if (value < s->from - GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(s->from)) ||
        value > s->to + GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(s->to)))
        return GANSTAB_OK;
    double w = fmax(GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(value)), hi - lo);
    double pb = value - w, pa = value + w;
    if (pb < s->from && !s->probe_ok[0])
        pb = s->from;
    if (pa > s->to && !s->probe_ok[1])
        pa = s->to;
    ganstab_crossing c = {value,
                          lo,
                          hi,
                          GANSTAB_CROSSING_STABILITY,
                          t,
                          GANSTAB_VERDICT_MARGINAL,
                          GANSTAB_VERDICT_MARGINAL};
    size_t nc_before = 0, nc_after = 0;
    int rc;
    if ((rc = verdict_at(s, pb, &c.before, &nc_before)) != GANSTAB_OK ||
        (rc = verdict_at(s, pa, &c.after, &nc_after)) != GANSTAB_OK)
        return rc;
    int keep = 1;
    if (t == GANSTAB_CROSSING_COMPLEX_TO_REAL) {
        c.kind = GANSTAB_CROSSING_OSCILLATION;
        if (nc_after < nc_before)
            c.type = GANSTAB_CROSSING_COMPLEX_TO_REAL;
        else if (nc_after > nc_before)
            c.type = GANSTAB_CROSSING_REAL_TO_COMPLEX;
        else
            keep = 0; /* two pairs exchanged at once: no net change */
    } else if (t == GANSTAB_CROSSING_HOPF || t == GANSTAB_CROSSING_NEIMARK_SACKER) {
        if ((rc = evaluate(s, value, s->err)) != GANSTAB_OK)
            return rc;
        classify_pair_root(s, &c.type, &keep);
    }
    return keep ? append(s, &c) : GANSTAB_OK;
}

/* Two crossings of the same test function closer than a scan interval leave it with the same
 * sign at both grid points, so the scan cannot see them. Where |T| has a strict local minimum on
 * the grid at p_k (T of one sign s at p_{k-1}, p_k, p_{k+1}), golden-section search minimizes
 * s T on [p_{k-1}, p_{k+1}]; a point where T has the other sign beyond its noise splits the cell
 * into two brackets, each refined as usual. A minimum that only touches zero is no sign change
 * (a double root) and is left to the NS/Hopf test functions (double eigenvalues) or the verdict
 * scan (scan_verdicts). GOLDEN_ITER halvings of the bracket by 0.618 reach the 1e-12 bracket
 * precision from any cell of a scan of at least 10 intervals. */
#define GOLDEN_ITER 80
#define DIP_REACH 0.5

static int dip(search *s, ganstab_crossing_type t, int sg, double a, double b, int *split,
               double *at)
{
    *split = 0;
    const double r = 0.5 * (3.0 - sqrt(5.0)); /* 1 - 1/phi */
    double lo = a, hi = b;
    double x1 = lo + r * (hi - lo), x2 = hi - r * (hi - lo), f1 = 0.0, f2 = 0.0, noise = 0.0;
    int rc;
    if ((rc = evaluate(s, x1, s->err)) != GANSTAB_OK)
        return rc;
    f1 = sg * test_value(s, t, &noise);
    if (sign_with_noise(f1, noise) < 0) {
        *split = 1;
        *at = x1;
        return GANSTAB_OK;
    }
    if ((rc = evaluate(s, x2, s->err)) != GANSTAB_OK)
        return rc;
    f2 = sg * test_value(s, t, &noise);
    if (sign_with_noise(f2, noise) < 0) {
        *split = 1;
        *at = x2;
        return GANSTAB_OK;
    }
    for (int it = 0; it < GOLDEN_ITER; it++) {
        if (hi - lo <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(0.5 * (lo + hi))))
            break;
        double x;
        if (f1 <= f2) {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x = x1 = lo + r * (hi - lo);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x = x2 = hi - r * (hi - lo);
        }
        if ((rc = evaluate(s, x, s->err)) != GANSTAB_OK)
            return rc;
        double f = sg * test_value(s, t, &noise);
        if (sign_with_noise(f, noise) < 0) {
            *split = 1;
            *at = x;
            return GANSTAB_OK;
        }
        if (x == x1)
            f1 = f;
        else
            f2 = f;
    }
    return GANSTAB_OK;
}

/* Is some kept stability crossing within [lo, hi]? */
static int stability_crossing_in(const search *s, double lo, double hi)
{
    for (size_t i = 0; i < s->found; i++)
        if (s->res[i].kind == GANSTAB_CROSSING_STABILITY && s->res[i].hi >= lo &&
            s->res[i].lo <= hi)
            return 1;
    return 0;
}

/* The mean stability margin of the cluster of s->cluster eigenvalues nearest the boundary (at the
 * last evaluation): smooth where the cluster is a multiple eigenvalue, whose members the
 * eigensolver splits by ~eps^(1/m) while their mean (a trace) stays accurate to ~eps. */
static double cluster_margin(search *s)
{
    double sum = 0.0;
    size_t n = s->opt->n;
    for (size_t c = 0; c < s->cluster; c++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            int used = 0;
            for (size_t u = 0; u < c; u++)
                used |= s->picked[u] == i;
            if (!used &&
                (best == n || fabs(ganstab_stability_margin(&s->ev[i], s->opt->dyn)) <
                                  fabs(ganstab_stability_margin(&s->ev[best], s->opt->dyn))))
                best = i;
        }
        s->picked[c] = best;
        sum += ganstab_stability_margin(&s->ev[best], s->opt->dyn);
    }
    return sum / (double)s->cluster;
}

static double cluster_function(double p, void *param)
{
    search *s = param;
    if (s->status != GANSTAB_OK)
        return NAN;
    s->status = evaluate(s, p, s->err);
    return s->status == GANSTAB_OK ? cluster_margin(s) : NAN;
}

/* A verdict change located by bisection in [*lo, *hi] (inside the grid cell [glo, ghi]) is only
 * as precise as the verdict: a multiple eigenvalue's computed members straddle the boundary
 * within their (Hoelder) error bound. Where the eigenvalues within that bound of the boundary form
 * a cluster of m >= 2, the root of the cluster's mean margin is the crossing to the bracket
 * precision; it replaces [*lo, *hi] when it changes sign inside the cell. */
static int cluster_refine(search *s, double glo, double ghi, double *lo, double *hi)
{
    double mid = 0.5 * (*lo + *hi);
    int rc = evaluate(s, mid, s->err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t m = 0;
    for (size_t i = 0; i < s->opt->n; i++)
        if (fabs(ganstab_stability_margin(&s->ev[i], s->opt->dyn)) <=
            s->ev[i].error_bound + s->opt->tol + GANSTAB_CROSSING_ON_BOUNDARY)
            m++;
    if (m < 2)
        return GANSTAB_OK;
    s->picked = malloc(m * sizeof *s->picked);
    if (s->picked == NULL)
        return ganstab_error_set(s->err, GANSTAB_ENOMEM, "critical", "out of memory");
    s->cluster = m;
    s->status = GANSTAB_OK;
    double flo = cluster_function(glo, s), fhi = cluster_function(ghi, s);
    rc = s->status;
    if (rc == GANSTAB_OK && flo * fhi < 0.0) {
        gsl_root_fsolver *solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        gsl_function f = {cluster_function, s};
        double a = glo, b = ghi;
        if (solver == NULL)
            rc = ganstab_error_set(s->err, GANSTAB_ENOMEM, "critical", "out of memory");
        int gs = solver != NULL ? gsl_root_fsolver_set(solver, &f, a, b) : GSL_FAILURE;
        for (int it = 0; rc == GANSTAB_OK && gs == GSL_SUCCESS && it < 400; it++) {
            gs = gsl_root_fsolver_iterate(solver);
            rc = s->status;
            a = gsl_root_fsolver_x_lower(solver);
            b = gsl_root_fsolver_x_upper(solver);
            if (gs == GSL_SUCCESS && b - a <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(a))) {
                *lo = a;
                *hi = b;
                break;
            }
        }
        if (solver != NULL)
            gsl_root_fsolver_free(solver);
    }
    free(s->picked);
    s->picked = NULL;
    s->cluster = 0;
    return rc;
}

/* The safety net: where the verdict changes between two decisive grid points (stable vs
 * unstable, any marginal points between them) but no stability crossing was located there (an
 * eigenvalue of even multiplicity that none of the test functions sees change sign), bisect on the
 * verdict itself: the point where it leaves `va` is the crossing, to the bracket precision; its
 * type is the stability test function closest to zero there (relative to its noise). */
static int verdict_crossing(search *s, const ganstab_crossing_type *tests, size_t ntests, double lo,
                            double hi, ganstab_verdict va, ganstab_verdict vb)
{
    int rc;
    const double glo = lo, ghi = hi;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (hi - lo <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(mid)))
            break;
        ganstab_verdict v;
        if ((rc = verdict_at(s, mid, &v, NULL)) != GANSTAB_OK)
            return rc;
        if (v == va)
            lo = mid;
        else
            hi = mid;
    }
    if ((rc = cluster_refine(s, glo, ghi, &lo, &hi)) != GANSTAB_OK)
        return rc;
    double value = 0.5 * (lo + hi);
    if ((rc = evaluate(s, value, s->err)) != GANSTAB_OK)
        return rc;
    ganstab_crossing_type best = tests[0];
    double best_ratio = INFINITY;
    for (size_t t = 0; t < ntests; t++) {
        if (tests[t] == GANSTAB_CROSSING_COMPLEX_TO_REAL)
            continue;
        double noise = 0.0, v = test_value(s, tests[t], &noise);
        double ratio = fabs(v) / fmax(noise, DBL_MIN);
        if (ratio < best_ratio) {
            best_ratio = ratio;
            best = tests[t];
        }
    }
    if (best == GANSTAB_CROSSING_HOPF || best == GANSTAB_CROSSING_NEIMARK_SACKER) {
        int keep = 1;
        classify_pair_root(s, &best, &keep);
    }
    ganstab_crossing c = {value,
                          lo,
                          hi,
                          GANSTAB_CROSSING_STABILITY,
                          best,
                          GANSTAB_VERDICT_MARGINAL,
                          GANSTAB_VERDICT_MARGINAL};
    double w = fmax(GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(value)), hi - lo);
    if ((rc = verdict_at(s, fmax(value - w, s->from), &c.before, NULL)) != GANSTAB_OK ||
        (rc = verdict_at(s, fmin(value + w, s->to), &c.after, NULL)) != GANSTAB_OK)
        return rc;
    /* A multiple eigenvalue leaves the boundary slowly (like |p - value|^(1/m)): within its
       Hoelder bound of the boundary the probes read marginal; the sides' verdicts are then the
       decisive ones of the scan. */
    if (c.before == GANSTAB_VERDICT_MARGINAL)
        c.before = va;
    if (c.after == GANSTAB_VERDICT_MARGINAL)
        c.after = vb;
    return append(s, &c);
}

static int crossing_cmp(const void *a, const void *b)
{
    const ganstab_crossing *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->type < y->type ? -1 : (x->type > y->type ? 1 : 0);
}

/* Sort, then merge crossings of the same kind and type whose brackets overlap (one event found by
 * two test functions, e.g. a double eigenvalue -1 by both the flip and the Neimark-Sacker test). */
static void sort_and_merge(search *s)
{
    if (s->found == 0)
        return; /* res may be NULL: qsort's pointer must not be */
    qsort(s->res, s->found, sizeof *s->res, crossing_cmp);
    size_t out = 0;
    for (size_t i = 0; i < s->found; i++) {
        int dup = 0;
        for (size_t j = out; j-- > 0;) {
            const ganstab_crossing *p = &s->res[j];
            double slack = GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(p->value));
            if (s->res[i].lo > p->hi + slack)
                break;
            if (p->kind == s->res[i].kind && p->type == s->res[i].type)
                dup = 1;
        }
        if (!dup)
            s->res[out++] = s->res[i];
    }
    s->found = out;
    /* A pair that meets the boundary where it collides into a double real eigenvalue (+-1 for a
       map, 0 for a flow) is one event: the fold/flip. Whether the Neimark-Sacker/Hopf product's
       root there still sees a "complex pair" depends on how LAPACK splits the defective double
       eigenvalue (~sqrt(eps)), so a Neimark-Sacker/Hopf crossing within
       GANSTAB_CROSSING_ON_BOUNDARY of a fold or flip is that fold or flip. */
    out = 0;
    for (size_t i = 0; i < s->found; i++) {
        const ganstab_crossing *x = &s->res[i];
        int drop = 0;
        if (x->kind == GANSTAB_CROSSING_STABILITY &&
            (x->type == GANSTAB_CROSSING_NEIMARK_SACKER || x->type == GANSTAB_CROSSING_HOPF))
            for (size_t j = 0; j < s->found; j++) {
                const ganstab_crossing *y = &s->res[j];
                if (y->kind == GANSTAB_CROSSING_STABILITY &&
                    (y->type == GANSTAB_CROSSING_FOLD || y->type == GANSTAB_CROSSING_FLIP) &&
                    fabs(y->value - x->value) <=
                        GANSTAB_CROSSING_ON_BOUNDARY * fmax(1.0, fabs(x->value)))
                    drop = 1;
            }
        if (!drop)
            s->res[out++] = *x;
    }
    s->found = out;
}

static int crossings_find_body(ganstab_spectrum_fn fn, void *ctx,
                               const ganstab_crossing_options *opt, double from, double to,
                               ganstab_crossing **out, size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    if (!isfinite(from) || !isfinite(to) || !(from < to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "critical",
                                 "need finite from < to, got from = %g, to = %g", from, to);
    if (opt->n == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, "critical", "empty spectrum");
    if (!(opt->tol >= 0.0) || !isfinite(opt->tol))
        return ganstab_error_set(err, GANSTAB_EINVAL, "critical",
                                 "tolerance must be a finite number >= 0, got %g", opt->tol);
    size_t scan = opt->scan != 0 ? opt->scan : GANSTAB_CROSSING_DEFAULT_SCAN;

    ganstab_crossing_type tests_flow[] = {GANSTAB_CROSSING_FOLD, GANSTAB_CROSSING_HOPF,
                                          GANSTAB_CROSSING_COMPLEX_TO_REAL};
    ganstab_crossing_type tests_map[] = {GANSTAB_CROSSING_FOLD, GANSTAB_CROSSING_FLIP,
                                         GANSTAB_CROSSING_NEIMARK_SACKER,
                                         GANSTAB_CROSSING_COMPLEX_TO_REAL};
    const ganstab_crossing_type *tests = opt->dyn == GANSTAB_DYNAMICS_FLOW ? tests_flow : tests_map;
    size_t ntests = opt->dyn == GANSTAB_DYNAMICS_FLOW ? 3 : 4;

    search s;
    memset(&s, 0, sizeof s);
    s.fn = fn;
    s.ctx = ctx;
    s.opt = opt;
    s.status = GANSTAB_OK;
    s.err = err;
    s.from = from;
    s.to = to;
    /* Points: [0] a probe just below `from`, [1..scan+1] the scan grid on [from, to], [scan+2] a
       probe just above `to`. A crossing exactly at an end point leaves the test function on the
       boundary there (sign 0); the probe outside supplies the sign it comes from, so crossings
       at the ends of the closed interval are found too. A probe outside the parameter's domain
       (the callback refuses it) counts as "no information"; an end point on the boundary of the
       domain is then handled by end_crossings. */
    size_t npts = scan + 3;
    s.ev = malloc(opt->n * sizeof *s.ev);
    int *signs = malloc(npts * ntests * sizeof *signs);
    double *values = malloc(npts * ntests * sizeof *values);
    double *grid = malloc(npts * sizeof *grid);
    ganstab_verdict *verdicts = malloc(npts * sizeof *verdicts);
    int rc = GANSTAB_OK;
    if (s.ev == NULL || signs == NULL || values == NULL || grid == NULL || verdicts == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "critical", "out of memory");
        goto done;
    }
    grid[0] = from - GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(from));
    grid[npts - 1] = to + GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(to));
    for (size_t k = 0; k < npts; k++) {
        int is_probe = k == 0 || k == npts - 1;
        if (!is_probe)
            grid[k] = k == scan + 1 ? to : from + (to - from) * (double)(k - 1) / (double)scan;
        ganstab_error probe_err;
        rc = evaluate(&s, grid[k], is_probe ? &probe_err : err);
        if (rc != GANSTAB_OK && is_probe) {
            rc = GANSTAB_OK;
            for (size_t t = 0; t < ntests; t++) {
                signs[k * ntests + t] = 0;
                values[k * ntests + t] = 0.0;
            }
            verdicts[k] = GANSTAB_VERDICT_NOT_STATIONARY; /* "no information" */
            continue;
        }
        if (rc != GANSTAB_OK)
            goto done;
        if (is_probe)
            s.probe_ok[k == 0 ? 0 : 1] = 1;
        for (size_t t = 0; t < ntests; t++) {
            double noise = 0.0;
            values[k * ntests + t] = test_value(&s, tests[t], &noise);
            signs[k * ntests + t] = sign_with_noise(values[k * ntests + t], noise);
        }
        if ((rc = ganstab_classify(s.ev, opt->n, opt->dyn, opt->tol, &verdicts[k], NULL, err)) !=
            GANSTAB_OK)
            goto done;
    }
    int end_zero[2][MAX_TESTS];
    for (size_t t = 0; t < ntests; t++) {
        end_zero[0][t] = signs[1 * ntests + t] == 0;
        end_zero[1][t] = signs[(npts - 2) * ntests + t] == 0;
        /* A probe only speaks for an end point that is itself on the boundary. */
        if (signs[1 * ntests + t] != 0)
            signs[0 * ntests + t] = 0;
        if (signs[(npts - 2) * ntests + t] != 0)
            signs[(npts - 1) * ntests + t] = 0;
    }
    /* 1. Sign changes of each test function between grid points. */
    for (size_t t = 0; t < ntests; t++) {
        long last = -1;
        for (size_t k = 0; k < npts; k++) {
            int sg = signs[k * ntests + t];
            if (sg == 0)
                continue;
            if (last >= 0 && sg != signs[(size_t)last * ntests + t]) {
                double lo = 0, hi = 0;
                s.test = tests[t];
                if ((rc = refine(&s, grid[last], grid[k], &lo, &hi)) != GANSTAB_OK ||
                    (rc = record(&s, tests[t], lo, hi)) != GANSTAB_OK)
                    goto done;
            }
            last = (long)k;
        }
    }
    /* 2. Pairs of sign changes inside one scan interval (dip). */
    for (size_t t = 0; t < ntests; t++) {
        for (size_t k = 2; k + 2 < npts; k++) {
            int sg = signs[k * ntests + t];
            if (sg == 0 || signs[(k - 1) * ntests + t] != sg || signs[(k + 1) * ntests + t] != sg)
                continue;
            double tk = fabs(values[k * ntests + t]);
            double tl = fabs(values[(k - 1) * ntests + t]), tr = fabs(values[(k + 1) * ntests + t]);
            if (!(tk < tl && tk < tr))
                continue;
            /* Only a dip that may reach zero: near two close roots T is a parabola, and the
               parabola through the three grid values predicts a minimum below zero; a smooth
               minimum of |T| far from zero (or rounding wiggles on a flat T) predicts one near
               |T_k|. DIP_REACH leaves room for the cubic terms of a wider dip. */
            double hl = grid[k] - grid[k - 1], hr = grid[k + 1] - grid[k];
            double dl = (tk - tl) / hl, dr = (tr - tk) / hr;
            double curv = (dr - dl) / (0.5 * (hl + hr));    /* second derivative */
            double slope = (dl * hr + dr * hl) / (hl + hr); /* first derivative at p_k */
            double predicted = tk - slope * slope / (2.0 * curv);
            if (!(curv > 0.0) || !(predicted <= DIP_REACH * tk))
                continue;
            int split = 0;
            double at = 0.0;
            if ((rc = dip(&s, tests[t], sg, grid[k - 1], grid[k + 1], &split, &at)) != GANSTAB_OK)
                goto done;
            if (!split)
                continue;
            double lo = 0, hi = 0;
            s.test = tests[t];
            if ((rc = refine(&s, grid[k - 1], at, &lo, &hi)) != GANSTAB_OK ||
                (rc = record(&s, tests[t], lo, hi)) != GANSTAB_OK ||
                (rc = refine(&s, at, grid[k + 1], &lo, &hi)) != GANSTAB_OK ||
                (rc = record(&s, tests[t], lo, hi)) != GANSTAB_OK)
                goto done;
        }
    }
    /* 3. End points on the boundary of the parameter's domain (the probe outside was refused):
       a stability test function zero at the end point, nonzero at the next grid point, and a
       verdict that changes between them is a crossing exactly at the end point. */
    for (int e = 0; e < 2; e++) {
        if (s.probe_ok[e])
            continue;
        size_t k = e == 0 ? 1 : npts - 2, next = e == 0 ? 2 : npts - 3;
        if (verdicts[k] == verdicts[next])
            continue;
        double value = grid[k];
        if (stability_crossing_in(&s, value, value))
            continue;
        for (size_t t = 0; t < ntests; t++) {
            if (tests[t] == GANSTAB_CROSSING_COMPLEX_TO_REAL || !end_zero[e][t] ||
                signs[next * ntests + t] == 0)
                continue;
            ganstab_crossing_type type = tests[t];
            int keep = 1;
            if (type == GANSTAB_CROSSING_HOPF || type == GANSTAB_CROSSING_NEIMARK_SACKER) {
                if ((rc = evaluate(&s, value, err)) != GANSTAB_OK)
                    goto done;
                classify_pair_root(&s, &type, &keep);
            }
            if (!keep)
                continue;
            double w = GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(value));
            ganstab_verdict inside;
            if ((rc = verdict_at(&s, e == 0 ? fmin(value + w, to) : fmax(value - w, from), &inside,
                                 NULL)) != GANSTAB_OK)
                goto done;
            /* A margin that grows like (p - end)^2 (e.g. the damping -2 f''(0) sigma^2 of
               instance noise) is still within the tolerance at the probe: the side's verdict is
               then the next grid point's, which differs from the end's. */
            if (inside == GANSTAB_VERDICT_MARGINAL)
                inside = verdicts[next];
            ganstab_crossing c = {value, value,       value, GANSTAB_CROSSING_STABILITY,
                                  type,  verdicts[k], inside};
            if (e == 1) {
                c.before = inside;
                c.after = verdicts[k];
            }
            if ((rc = append(&s, &c)) != GANSTAB_OK)
                goto done;
            break;
        }
    }
    /* 4. The safety net: every change between decisive verdicts on the grid has a crossing. */
    {
        long last = -1;
        for (size_t k = 1; k + 1 < npts; k++) {
            if (verdicts[k] != GANSTAB_VERDICT_STABLE && verdicts[k] != GANSTAB_VERDICT_UNSTABLE)
                continue;
            if (last >= 0 && verdicts[k] != verdicts[last] &&
                !stability_crossing_in(&s, grid[last], grid[k]) &&
                (rc = verdict_crossing(&s, tests, ntests, grid[last], grid[k], verdicts[last],
                                       verdicts[k])) != GANSTAB_OK)
                goto done;
            last = (long)k;
        }
    }
    sort_and_merge(&s);
done:
    free(s.ev);
    free(signs);
    free(values);
    free(grid);
    free(verdicts);
    if (rc != GANSTAB_OK || s.found == 0) {
        free(s.res);
        s.res = NULL;
        s.found = 0;
    }
    *out = s.res;
    *count = s.found;
    return rc;
}

/* crossings_find_body with GSL's error handler off, the caller's restored after. */
int ganstab_crossings_find(ganstab_spectrum_fn fn, void *ctx, const ganstab_crossing_options *opt,
                           double from, double to, ganstab_crossing **out, size_t *count,
                           ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = crossings_find_body(fn, ctx, opt, from, to, out, count, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

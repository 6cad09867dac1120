#include "ganstab/critical.h"

#include <complex.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct {
    ganstab_spectrum_fn fn;
    void *ctx;
    const ganstab_crossing_options *opt;
    ganstab_eigenvalue *ev;
    ganstab_crossing_type test;
    int status;
    ganstab_error *err;
} search;

static int evaluate(search *s, double p, ganstab_error *err)
{
    int rc = s->fn(p, s->ctx, s->ev, err);
    return rc;
}

static double brent_function(double p, void *param)
{
    search *s = param;
    if (s->status != GANSTAB_OK)
        return NAN;
    s->status = evaluate(s, p, s->err);
    if (s->status != GANSTAB_OK)
        return NAN;
    return ganstab_crossing_test_function(s->ev, s->opt->n, s->opt->dyn, s->test, s->opt->tol,
                                          NULL);
}

/* Sign of the test function with a dead zone of its noise: 0 = "on the boundary". */
static int test_sign(search *s, ganstab_crossing_type t)
{
    double noise = 0.0;
    double v =
        ganstab_crossing_test_function(s->ev, s->opt->n, s->opt->dyn, t, s->opt->tol, &noise);
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

/* Is some complex pair within GANSTAB_CROSSING_ON_BOUNDARY of the stability boundary? */
static int complex_pair_on_boundary(search *s, double p, int *yes)
{
    int rc = evaluate(s, p, s->err);
    if (rc != GANSTAB_OK)
        return rc;
    *yes = 0;
    for (size_t i = 0; i < s->opt->n; i++)
        if (s->ev[i].im != 0.0 &&
            fabs(ganstab_stability_margin(&s->ev[i], s->opt->dyn)) <=
                GANSTAB_CROSSING_ON_BOUNDARY + s->ev[i].error_bound + s->opt->tol)
            *yes = 1;
    return GANSTAB_OK;
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

int ganstab_crossings_find(ganstab_spectrum_fn fn, void *ctx, const ganstab_crossing_options *opt,
                           double from, double to, ganstab_crossing **out, size_t *count,
                           ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    gsl_set_error_handler_off(); /* GSL's default handler aborts; we check every return code */
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

    search s = {fn, ctx, opt, NULL, GANSTAB_CROSSING_FOLD, GANSTAB_OK, err};
    /* Points: [0] a probe just below `from`, [1..scan+1] the scan grid on [from, to], [scan+2] a
       probe just above `to`. A crossing exactly at an end point leaves the test function on the
       boundary there (sign 0); the probe outside supplies the sign it comes from, so crossings
       at the ends of the closed interval are found too. A probe outside the parameter's domain
       (the callback refuses it) counts as "no information". */
    size_t npts = scan + 3;
    s.ev = malloc(opt->n * sizeof *s.ev);
    int *signs = malloc(npts * ntests * sizeof *signs);
    double *grid = malloc(npts * sizeof *grid);
    int probe_ok[2] = {0, 0};
    size_t cap = 16, found = 0;
    ganstab_crossing *res = malloc(cap * sizeof *res);
    int rc = GANSTAB_OK;
    if (s.ev == NULL || signs == NULL || grid == NULL || res == NULL) {
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
            for (size_t t = 0; t < ntests; t++)
                signs[k * ntests + t] = 0;
            continue;
        }
        if (rc != GANSTAB_OK)
            goto done;
        if (is_probe)
            probe_ok[k == 0 ? 0 : 1] = 1;
        for (size_t t = 0; t < ntests; t++)
            signs[k * ntests + t] = test_sign(&s, tests[t]);
    }
    for (size_t t = 0; t < ntests; t++) {
        /* A probe only speaks for an end point that is itself on the boundary. */
        if (signs[1 * ntests + t] != 0)
            signs[0 * ntests + t] = 0;
        if (signs[(npts - 2) * ntests + t] != 0)
            signs[(npts - 1) * ntests + t] = 0;
    }
    for (size_t t = 0; t < ntests; t++) {
        long last = -1;
        for (size_t k = 0; k < npts; k++) {
            int sg = signs[k * ntests + t];
            if (sg == 0)
                continue;
            if (last >= 0 && sg != signs[(size_t)last * ntests + t]) {
                double lo = 0, hi = 0;
                s.test = tests[t];
                rc = refine(&s, grid[last], grid[k], &lo, &hi);
                if (rc != GANSTAB_OK)
                    goto done;
                double value = 0.5 * (lo + hi);
                /* Roots between a probe and an end point belong to the closed interval only
                   if they are the end point itself, to the bracket precision. */
                if (value < from - GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(from)) ||
                    value > to + GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(to))) {
                    last = (long)k;
                    continue;
                }
                double w = fmax(GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(value)), hi - lo);
                double pb = value - w, pa = value + w;
                if (pb < from && !probe_ok[0])
                    pb = from;
                if (pa > to && !probe_ok[1])
                    pa = to;
                ganstab_crossing c = {value,
                                      lo,
                                      hi,
                                      GANSTAB_CROSSING_STABILITY,
                                      tests[t],
                                      GANSTAB_VERDICT_MARGINAL,
                                      GANSTAB_VERDICT_MARGINAL};
                size_t nc_before = 0, nc_after = 0;
                if ((rc = verdict_at(&s, pb, &c.before, &nc_before)) != GANSTAB_OK ||
                    (rc = verdict_at(&s, pa, &c.after, &nc_after)) != GANSTAB_OK)
                    goto done;
                int keep = 1;
                if (tests[t] == GANSTAB_CROSSING_COMPLEX_TO_REAL) {
                    c.kind = GANSTAB_CROSSING_OSCILLATION;
                    if (nc_after < nc_before)
                        c.type = GANSTAB_CROSSING_COMPLEX_TO_REAL;
                    else if (nc_after > nc_before)
                        c.type = GANSTAB_CROSSING_REAL_TO_COMPLEX;
                    else
                        keep = 0; /* two pairs exchanged at once: no net change */
                } else if (tests[t] == GANSTAB_CROSSING_HOPF ||
                           tests[t] == GANSTAB_CROSSING_NEIMARK_SACKER) {
                    if ((rc = complex_pair_on_boundary(&s, value, &keep)) != GANSTAB_OK)
                        goto done;
                }
                if (keep) {
                    if (found == cap) {
                        cap *= 2;
                        ganstab_crossing *bigger = realloc(res, cap * sizeof *res);
                        if (bigger == NULL) {
                            rc =
                                ganstab_error_set(err, GANSTAB_ENOMEM, "critical", "out of memory");
                            goto done;
                        }
                        res = bigger;
                    }
                    res[found++] = c;
                }
            }
            last = (long)k;
        }
    }
    qsort(res, found, sizeof *res, crossing_cmp);
done:
    free(s.ev);
    free(signs);
    free(grid);
    if (rc != GANSTAB_OK || found == 0) {
        free(res);
        res = NULL;
        found = 0;
    }
    *out = res;
    *count = found;
    return rc;
}

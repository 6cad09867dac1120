#include <complex.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims_internal.h"

/* C11's CMPLX: glibc's <complex.h> defines it for GCC, not for clang 14 */
#ifndef CMPLX
#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))
#endif

typedef struct {
    const claim_def *defs;
    const size_t *count;
} claim_table;

static const claim_table TABLES[] = {
    {GANSTAB_CLAIMS_MESCHEDER2018, &GANSTAB_CLAIMS_MESCHEDER2018_COUNT},
    {GANSTAB_CLAIMS_NAGARAJAN2017, &GANSTAB_CLAIMS_NAGARAJAN2017_COUNT},
    {GANSTAB_CLAIMS_LI2018, &GANSTAB_CLAIMS_LI2018_COUNT},
};

#define NTABLES (sizeof TABLES / sizeof TABLES[0])

/* Pair each predicted eigenvalue with the nearest unused computed one; returns the largest
 * distance and whether every distance is within (error_bound + tol) of its partner. */
static double match(ganstab_claim_check *chk, const ganstab_eigenvalue *ev, size_t n, double tol,
                    int *within)
{
    int *used = calloc(n, sizeof *used);
    double worst = 0.0;
    *within = chk->n_predicted == n && used != NULL;
    if (used == NULL)
        return INFINITY;
    for (size_t p = 0; p < GANSTAB_CLAIM_MAX_EIGENVALUES; p++)
        chk->matched[p] = SIZE_MAX;
    for (size_t p = 0; p < chk->n_predicted && p < n; p++) {
        double complex z = CMPLX(chk->predicted_re[p], chk->predicted_im[p]);
        size_t best = n;
        double dist = INFINITY;
        for (size_t k = 0; k < n; k++) {
            double d = cabs(z - CMPLX(ev[k].re, ev[k].im));
            if (!used[k] && d < dist) {
                dist = d;
                best = k;
            }
        }
        if (best == n) {
            *within = 0;
            continue;
        }
        used[best] = 1;
        chk->matched[p] = best;
        if (!(dist <= ev[best].error_bound + tol))
            *within = 0;
        if (dist > worst || isnan(dist))
            worst = dist;
    }
    free(used);
    return worst;
}

int ganstab_claims_check(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check **out,
                         size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    size_t total = 0;
    for (size_t t = 0; t < NTABLES; t++)
        total += *TABLES[t].count;
    ganstab_claim_check *res = calloc(total > 0 ? total : 1, sizeof *res);
    if (res == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    size_t n = 0;
    for (size_t t = 0; t < NTABLES; t++)
        for (size_t i = 0; i < *TABLES[t].count; i++) {
            const claim_def *d = &TABLES[t].defs[i];
            if (d->predict == NULL || !d->applies(c))
                continue;
            ganstab_claim_check *chk = &res[n++];
            chk->id = d->id;
            chk->statement = d->statement;
            chk->source = d->source;
            d->predict(c, chk);
            /* a check may set what the generic comparisons below use (e.g. Re-bounds that come
               from the result's Jacobian blocks), so it runs first */
            int check_ok = 1;
            if (d->check != NULL) {
                int rc = d->check(c, r, chk, &check_ok, err);
                if (rc != GANSTAB_OK) {
                    free(res);
                    return rc;
                }
            }
            const ganstab_eigenvalue *ev = chk->spectrum == GANSTAB_CLAIM_SPECTRUM_FIELD
                                               ? r->field_eigenvalues
                                               : r->eigenvalues;
            int within = 1;
            if (chk->n_predicted > 0) /* else what the check reported (compares_entries) */
                chk->max_abs_error =
                    match(chk, ev, chk->spectrum == GANSTAB_CLAIM_SPECTRUM_FIELD ? r->n : r->n_op,
                          r->tol, &within);
            if (chk->spectrum == GANSTAB_CLAIM_SPECTRUM_OPERATOR && r->op == NULL)
                within = 0;
            int verdict_ok = !chk->has_verdict || (chk->verdict_mask & (1u << r->verdict)) != 0;
            int bound_ok = 1;
            if (chk->has_re_bound) {
                /* With a manifold of equilibria the bounds concern the system projected off it
                   (Nagarajan & Kolter 2017, Sec. 3.3 and Theorem A.4): the transversal spectrum. */
                int transversal = r->manifold_dim > 0 && r->transversal_field_eigenvalues != NULL;
                const ganstab_eigenvalue *fe =
                    transversal ? r->transversal_field_eigenvalues : r->field_eigenvalues;
                size_t nf = transversal ? r->n_transversal : r->n;
                chk->re_bound_margin = INFINITY;
                for (size_t k = 0; k < nf; k++) {
                    const ganstab_eigenvalue *e = &fe[k];
                    double b = e->im == 0.0 ? chk->re_bound_real : chk->re_bound_complex;
                    chk->re_bound_margin = fmin(chk->re_bound_margin, b - e->re);
                    if (!(e->re <= b + e->error_bound + r->tol))
                        bound_ok = 0;
                }
            }
            chk->agrees = within && verdict_ok && bound_ok && check_ok;
        }
    if (n == 0) {
        free(res);
        res = NULL;
    }
    *out = res;
    *count = n;
    return GANSTAB_OK;
}

double claims_fprime0(const ganstab_case *c)
{
    return c->loss == GANSTAB_LOSS_WGAN ? 1.0 : 0.5;
}

double claims_fsecond0(const ganstab_case *c)
{
    return c->loss == GANSTAB_LOSS_WGAN ? 0.0 : -0.25;
}

/* 10^k, correctly rounded (strtod), so that the comparisons below do not depend on libm. */
static double power_of_ten(int k)
{
    char text[16];
    snprintf(text, sizeof text, "1e%d", k);
    return strtod(text, NULL);
}

/* Below this an error size is rounding noise of the O(1..100) quantities compared here. */
#define CLAIMS_ERROR_FLOOR 1e-15

void claims_fmt_error_size(char *buf, size_t size, double x)
{
    x = fabs(x);
    if (!isfinite(x)) {
        snprintf(buf, size, "%g", x);
        return;
    }
    if (x == 0.0 || x < CLAIMS_ERROR_FLOOR) {
        snprintf(buf, size, x == 0.0 ? "0" : "< 1e-15");
        return;
    }
    int k = (int)ceil(log10(x)); /* a first guess; the exact comparisons decide */
    while (power_of_ten(k - 1) >= x)
        k--;
    while (power_of_ten(k) < x)
        k++;
    snprintf(buf, size, "<= 1e%d", k);
}

void claims_set_verdicts(ganstab_claim_check *out, unsigned mask)
{
    out->has_verdict = 1;
    out->verdict_mask = mask;
}

void claims_add_critical(claim_critical_prediction *p, double v, ganstab_crossing_kind kind,
                         ganstab_crossing_type type)
{
    if (p->n < CLAIM_MAX_CRITICAL && isfinite(v)) {
        p->value[p->n] = v;
        p->kind[p->n] = kind;
        p->type[p->n] = type;
        p->n++;
    }
}

void claims_quadratic_roots(double tr, double det, ganstab_claim_check *out)
{
    double disc = tr * tr / 4.0 - det;
    out->n_predicted = 2;
    if (disc >= 0.0) {
        double s = sqrt(disc);
        out->predicted_re[0] = tr / 2.0 + s;
        out->predicted_re[1] = tr / 2.0 - s;
        out->predicted_im[0] = out->predicted_im[1] = 0.0;
    } else {
        out->predicted_re[0] = out->predicted_re[1] = tr / 2.0;
        out->predicted_im[0] = sqrt(-disc);
        out->predicted_im[1] = -sqrt(-disc);
    }
}

double claims_simgd_hmax(double tr, double det, ganstab_crossing_type *type)
{
    if (tr * tr < 4.0 * det) {
        *type = GANSTAB_CROSSING_NEIMARK_SACKER;
        return -tr / det;
    }
    *type = GANSTAB_CROSSING_FLIP;
    return 2.0 / (-tr / 2.0 + sqrt(tr * tr / 4.0 - det));
}

int ganstab_claims_all_agree(const ganstab_claim_check *checks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!checks[i].agrees)
            return 0;
    return 1;
}

int ganstab_claims_check_critical(const ganstab_case *c, ganstab_case_key key, double from,
                                  double to, const ganstab_crossing *crossings, size_t ncross,
                                  ganstab_claim_critical **out, size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 8, n = 0;
    ganstab_claim_critical *res = malloc(cap * sizeof *res);
    if (res == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    for (size_t t = 0; t < NTABLES; t++)
        for (size_t i = 0; i < *TABLES[t].count; i++) {
            const claim_def *d = &TABLES[t].defs[i];
            if (d->predict_critical == NULL || !d->applies(c))
                continue;
            claim_critical_prediction pred = {0};
            int rc = d->predict_critical(c, key, &pred, err);
            if (rc != GANSTAB_OK) {
                free(res);
                return rc;
            }
            for (size_t k = 0; k < pred.n; k++) {
                double v = pred.value[k];
                /* the closed interval: a crossing exactly at an end point is found (critical.h) */
                if (!(v >= from - GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(from)) &&
                      v <= to + GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(to))))
                    continue;
                if (n == cap) {
                    cap *= 2;
                    ganstab_claim_critical *bigger = realloc(res, cap * sizeof *res);
                    if (bigger == NULL) {
                        free(res);
                        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
                    }
                    res = bigger;
                }
                ganstab_claim_critical *chk = &res[n++];
                *chk = (ganstab_claim_critical){
                    d->id, d->statement, d->source, v, pred.kind[k], pred.type[k],
                    0,     NAN,          INFINITY,  0};
                for (size_t j = 0; j < ncross; j++) {
                    const ganstab_crossing *x = &crossings[j];
                    if (x->kind != chk->kind || x->type != chk->type)
                        continue;
                    double e = fabs(x->value - v);
                    if (!chk->found || e < chk->abs_error) {
                        chk->found = 1;
                        chk->computed = x->value;
                        chk->abs_error = e;
                    }
                }
                chk->agrees =
                    chk->found && chk->abs_error <= GANSTAB_CLAIM_CRITICAL_TOL * fmax(1.0, fabs(v));
            }
        }
    /* the case's own expectations ([critical] expect), for its [critical] parameter */
    for (size_t i = 0; c->has_critical && key == c->critical_param && i < c->n_expect; i++) {
        double v = ganstab_case_expect_value(c, i);
        ganstab_crossing_type type = (ganstab_crossing_type)c->expect[i].type;
        if (!(v >= from && v <= to))
            continue;
        if (n == cap) {
            cap *= 2;
            ganstab_claim_critical *bigger = realloc(res, cap * sizeof *res);
            if (bigger == NULL) {
                free(res);
                return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
            }
            res = bigger;
        }
        ganstab_claim_critical *chk = &res[n++];
        ganstab_crossing_kind kind =
            type == GANSTAB_CROSSING_COMPLEX_TO_REAL || type == GANSTAB_CROSSING_REAL_TO_COMPLEX
                ? GANSTAB_CROSSING_OSCILLATION
                : GANSTAB_CROSSING_STABILITY;
        *chk = (ganstab_claim_critical){"case:critical.expect",
                                        c->expect[i].statement,
                                        c->where[GANSTAB_KEY_CRITICAL_EXPECT],
                                        v,
                                        kind,
                                        type,
                                        0,
                                        NAN,
                                        INFINITY,
                                        0};
        for (size_t j = 0; j < ncross; j++) {
            const ganstab_crossing *x = &crossings[j];
            double e = fabs(x->value - v);
            if (x->kind == kind && x->type == type && (!chk->found || e < chk->abs_error)) {
                chk->found = 1;
                chk->computed = x->value;
                chk->abs_error = e;
            }
        }
        chk->agrees =
            chk->found && chk->abs_error <= GANSTAB_CLAIM_CRITICAL_TOL * fmax(1.0, fabs(v));
    }
    if (n == 0) {
        free(res);
        res = NULL;
    }
    *out = res;
    *count = n;
    return GANSTAB_OK;
}

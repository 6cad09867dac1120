/* Unit tests for src/core/critical.c: critical parameter values of small synthetic families whose
 * crossings are known in closed form (Hopf, fold, flip, Neimark-Sacker, complex-to-real), the
 * neutral-saddle filter, the before/after verdicts, bracket widths, the sort order, the error
 * paths (bad range, a failing callback in each phase), the names, and the test functions'
 * sign conventions on hand-built spectra. */
#include "testutil.h"

#include <float.h>
#include <stdlib.h>

#include "ganstab/critical.h"

/* Crossing values must match the closed forms within this: the final bracket is 1e-12 wide, and
 * the test functions are smooth in the matrix entries with simple roots, so rounding in the
 * entries moves the root by ~eps/|slope| ~ 1e-15; 1e-10 (the DESIGN's classification
 * tolerance) is a generous ceiling that still catches a root of the wrong test function. */
static const double CROSSING_TOL = 1e-10;
/* Test-function values of hand-built spectra with binary-fraction eigenvalues: a few roundings
 * of products of O(1) numbers. */
/* Exact inputs with zero error bounds and tol give exactly zero noise. */
static const double EXACT = 0.0;
static const double TESTFN_TOL = 1e-15;
/* The before/after probes sit GANSTAB_CROSSING_PROBE * max(1, |value|) from a crossing at
 * |value| < 1 (the bracket is far narrower); a tenth of that distance tells a probe from a
 * refinement step. */
static const double PROBE_LOCATION_TOL = 0.1 * GANSTAB_CROSSING_PROBE;

/* ------------------------------------------------------------------ synthetic families */

typedef enum {
    FAM_FLOW_DAMPED,    /* [[0,-a],[a,-p]]: complex-to-real at p = 2a, always stable */
    FAM_FLOW_HOPF,      /* [[p,-1],[1,p]]: p +- i, Hopf at 0 */
    FAM_FLOW_FOLD,      /* diag(p - c, -1): fold at c */
    FAM_FLOW_TWO_FOLDS, /* diag(p - 0.3, p - 0.6): folds at 0.3 and 0.6 */
    FAM_FLOW_SADDLE,    /* diag(p, -0.5): l1 + l2 = 0 at p = 0.5, both real */
    FAM_MAP_SIMGD,      /* I + p [[0,-a],[a,-g]] */
    FAM_MAP_ALTGD,      /* [[1,-pa],[pa,1-p^2 a^2]]: det 1 */
    FAM_MAP_RECIPROCAL, /* diag(p, 1/p): l1*l2 = 1 identically */
    FAM_MAP_SADDLE,     /* diag(p, 0.5): l1*l2 = 1 at p = 2, both real */
    FAM_MAP_SADDLE3,    /* diag(p, 3, 0.1): l1*l2 = 1 at p = 1/3, both real */
    FAM_FLOW_JORDAN,    /* [[p - c, 1], [0, p - c]]: a defective double eigenvalue through 0 */
    FAM_FLOW_TWIN,      /* diag((p - c)(p - c - g), -1): folds at c and c + g */
    FAM_FLOW_QUAD       /* (p - c) I_4 + N (N nilpotent, one Jordan block): quadruple root */
} family;

typedef struct {
    family fam;
    double a, g, c;
    /* Failure injection: the callback returns GANSTAB_EIO when fail(p) holds. */
    int fail_mode; /* 0 none, 1 p > fail_at, 2 fail_lo < p < fail_hi,
                      3 |p - fail_at| in [fail_lo, fail_hi], 4 p < fail_at */
    double fail_at, fail_lo, fail_hi;
    size_t calls;       /* evaluations so far */
    size_t failed_call; /* which evaluation was refused (1-based), 0 if none */
    double failed_p;
    ganstab_eigen_workspace *w[5]; /* by size */
} family_ctx;

static size_t family_size(family f)
{
    return f == FAM_MAP_SADDLE3 ? 3 : f == FAM_FLOW_QUAD ? 4 : 2;
}

static int should_fail(const family_ctx *c, double p)
{
    switch (c->fail_mode) {
    case 1:
        return p > c->fail_at;
    case 2:
        return c->fail_lo < p && p < c->fail_hi;
    case 3: {
        double d = fabs(p - c->fail_at);
        return d >= c->fail_lo && d <= c->fail_hi;
    }
    case 4: /* outside the parameter's domain, p >= fail_at */
        return p < c->fail_at;
    default:
        return 0;
    }
}

/* Build the family's matrix at p (row-major) and return its size. */
static size_t family_matrix(const family_ctx *c, double p, double r[16])
{
    for (size_t k = 0; k < 16; k++)
        r[k] = 0.0;
    double a = c->a, g = c->g;
    switch (c->fam) {
    case FAM_FLOW_DAMPED:
        r[1] = -a;
        r[2] = a;
        r[3] = -p;
        break;
    case FAM_FLOW_HOPF:
        r[0] = p;
        r[1] = -1.0;
        r[2] = 1.0;
        r[3] = p;
        break;
    case FAM_FLOW_FOLD:
        r[0] = p - c->c;
        r[3] = -1.0;
        break;
    case FAM_FLOW_TWO_FOLDS:
        r[0] = p - 0.3;
        r[3] = p - 0.6;
        break;
    case FAM_FLOW_SADDLE:
        r[0] = p;
        r[3] = -0.5;
        break;
    case FAM_MAP_SIMGD:
        r[0] = 1.0;
        r[1] = -p * a;
        r[2] = p * a;
        r[3] = 1.0 - p * g;
        break;
    case FAM_MAP_ALTGD:
        r[0] = 1.0;
        r[1] = -p * a;
        r[2] = p * a;
        r[3] = 1.0 - p * p * a * a;
        break;
    case FAM_MAP_RECIPROCAL:
        r[0] = p;
        r[3] = 1.0 / p;
        break;
    case FAM_MAP_SADDLE:
        r[0] = p;
        r[3] = 0.5;
        break;
    case FAM_MAP_SADDLE3:
        r[0] = p;
        r[4] = 3.0;
        r[8] = 0.1;
        break;
    case FAM_FLOW_JORDAN:
        r[0] = r[3] = p - c->c;
        r[1] = 1.0;
        break;
    case FAM_FLOW_TWIN:
        r[0] = (p - c->c) * (p - c->c - g);
        r[3] = -1.0;
        break;
    case FAM_FLOW_QUAD:
        for (size_t i = 0; i < 4; i++) {
            r[i * 4 + i] = p - c->c;
            if (i < 3)
                r[i * 4 + i + 1] = 1.0;
        }
        break;
    }
    return family_size(c->fam);
}

static int family_spectrum(double p, void *vctx, ganstab_eigenvalue *ev, ganstab_error *err)
{
    family_ctx *c = vctx;
    c->calls++;
    if (should_fail(c, p)) {
        c->failed_call = c->calls;
        c->failed_p = p;
        return ganstab_error_set(err, GANSTAB_EIO, "test callback", "refusing p = %.17g", p);
    }
    double r[16];
    size_t n = family_matrix(c, p, r);
    ganstab_matrix *m = ganstab_matrix_alloc(n, n);
    if (m == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "test callback", "out of memory");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            ganstab_matrix_set(m, i, j, r[i * n + j]);
    int rc = ganstab_eigen_compute(m, ev, c->w[n], err);
    ganstab_matrix_free(m);
    return rc;
}

static family_ctx family_make(family fam, double a, double g, double c)
{
    family_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.fam = fam;
    ctx.a = a;
    ctx.g = g;
    ctx.c = c;
    for (size_t n = 1; n < 5; n++) {
        ctx.w[n] = ganstab_eigen_alloc(n);
        assert_non_null(ctx.w[n]);
    }
    return ctx;
}

static void family_release(family_ctx *ctx)
{
    for (size_t n = 1; n < 5; n++)
        ganstab_eigen_free(ctx->w[n]);
}

/* Run the search with default tolerance and scan; fail the test on error. */
static size_t find(family_ctx *ctx, ganstab_dynamics dyn, double from, double to,
                   ganstab_crossing **out)
{
    ganstab_crossing_options opt = {family_size(ctx->fam), dyn, GANSTAB_DEFAULT_TOL, 0};
    size_t count = 99;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_crossings_find(family_spectrum, ctx, &opt, from, to, out, &count, &err);
    if (rc != GANSTAB_OK)
        print_error("crossings_find: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_true((count == 0) == (*out == NULL));
    return count;
}

/* Every crossing: lo <= value <= hi, width within the contract, value in the range, sorted. */
static void check_crossings_wellformed(const ganstab_crossing *c, size_t count, double from,
                                       double to)
{
    for (size_t i = 0; i < count; i++) {
        assert_true(c[i].lo <= c[i].value && c[i].value <= c[i].hi);
        assert_true(c[i].hi - c[i].lo <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(c[i].value)));
        /* closed interval: a crossing exactly at an end point may have its bracket straddle it */
        double slack_lo = GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(from));
        double slack_hi = GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(to));
        assert_true(from - slack_lo <= c[i].lo && c[i].hi <= to + slack_hi);
        if (i > 0)
            assert_true(c[i - 1].value <= c[i].value);
    }
}

static void check_crossing(const ganstab_crossing *c, double value, ganstab_crossing_kind kind,
                           ganstab_crossing_type type, ganstab_verdict before,
                           ganstab_verdict after)
{
    assert_close(c->value, value, CROSSING_TOL);
    if (c->kind != kind || c->type != type)
        print_error("got %s/%s, expected %s/%s\n", ganstab_crossing_kind_name(c->kind),
                    ganstab_crossing_type_name(c->type), ganstab_crossing_kind_name(kind),
                    ganstab_crossing_type_name(type));
    assert_int_equal(c->kind, kind);
    assert_int_equal(c->type, type);
    if (c->before != before || c->after != after)
        print_error("got %s -> %s, expected %s -> %s\n", ganstab_verdict_name(c->before),
                    ganstab_verdict_name(c->after), ganstab_verdict_name(before),
                    ganstab_verdict_name(after));
    assert_int_equal(c->before, before);
    assert_int_equal(c->after, after);
}

/* ------------------------------------------------------------------ flows */

/* (a) J(g) = [[0,-a],[a,-g]], eigenvalues (-g +- sqrt(g^2 - 4a^2))/2: complex for g < 2a, real
 * after; Re < 0 throughout (0, 4], so on [0.01, 4] the only event is the oscillation crossing
 * at g = 2a. On the closed interval [0, 4] the end point g = 0 is itself a Hopf crossing
 * (this synthetic family, unlike a penalty weight, is defined for g < 0, where Re > 0), and it
 * must be listed: crossings at the ends of [from, to] count (DESIGN.md).
 * (a = 0.5 is Dirac-GAN with gradient penalty, Mescheder et al. 2018, Lemma 3.3.) */
static void test_flow_damped_rotation(void **state)
{
    (void)state;
    static const double table[] = {0.5, 0.3712, 1.23};
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        family_ctx ctx = family_make(FAM_FLOW_DAMPED, table[t], 0.0, 0.0);
        ganstab_crossing *c = NULL;
        size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.01, 4.0, &c);
        assert_int_equal(n, 1);
        check_crossings_wellformed(c, n, 0.01, 4.0);
        check_crossing(&c[0], 2.0 * table[t], GANSTAB_CROSSING_OSCILLATION,
                       GANSTAB_CROSSING_COMPLEX_TO_REAL, GANSTAB_VERDICT_STABLE,
                       GANSTAB_VERDICT_STABLE);
        free(c);
        n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 4.0, &c);
        assert_int_equal(n, 2);
        check_crossings_wellformed(c, n, 0.0, 4.0);
        check_crossing(&c[0], 0.0, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_HOPF,
                       GANSTAB_VERDICT_UNSTABLE, GANSTAB_VERDICT_STABLE);
        check_crossing(&c[1], 2.0 * table[t], GANSTAB_CROSSING_OSCILLATION,
                       GANSTAB_CROSSING_COMPLEX_TO_REAL, GANSTAB_VERDICT_STABLE,
                       GANSTAB_VERDICT_STABLE);
        free(c);
        family_release(&ctx);
    }
}

/* (b) [[p,-1],[1,p]]: p +- i crosses the imaginary axis at p = 0. */
static void test_flow_hopf(void **state)
{
    (void)state;
    family_ctx ctx = family_make(FAM_FLOW_HOPF, 0.0, 0.0, 0.0);
    ganstab_crossing *c = NULL;
    size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, -1.0, 1.0, &c);
    assert_int_equal(n, 1);
    check_crossings_wellformed(c, n, -1.0, 1.0);
    check_crossing(&c[0], 0.0, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_HOPF,
                   GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
    free(c);
    /* Off-grid root: shift the range so that 0 is not a scan point. */
    n = find(&ctx, GANSTAB_DYNAMICS_FLOW, -0.7531, 0.9, &c);
    assert_int_equal(n, 1);
    check_crossings_wellformed(c, n, -0.7531, 0.9);
    check_crossing(&c[0], 0.0, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_HOPF,
                   GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
    free(c);
    family_release(&ctx);
}

/* (c) diag(p - c, -1): a real eigenvalue through 0 at p = c. */
static void test_flow_fold(void **state)
{
    (void)state;
    static const double table[] = {0.3, 0.123456789, 0.999};
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        family_ctx ctx = family_make(FAM_FLOW_FOLD, 0.0, 0.0, table[t]);
        ganstab_crossing *c = NULL;
        size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 1.0, &c);
        assert_int_equal(n, 1);
        check_crossings_wellformed(c, n, 0.0, 1.0);
        check_crossing(&c[0], table[t], GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FOLD,
                       GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
        free(c);
        family_release(&ctx);
    }
}

/* Two crossings of the same test function, listed in order with their own verdicts. */
static void test_flow_two_folds_sorted(void **state)
{
    (void)state;
    family_ctx ctx = family_make(FAM_FLOW_TWO_FOLDS, 0.0, 0.0, 0.0);
    ganstab_crossing *c = NULL;
    size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 1.0, &c);
    assert_int_equal(n, 2);
    check_crossings_wellformed(c, n, 0.0, 1.0);
    check_crossing(&c[0], 0.3, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FOLD,
                   GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
    check_crossing(&c[1], 0.6, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FOLD,
                   GANSTAB_VERDICT_UNSTABLE, GANSTAB_VERDICT_UNSTABLE);
    free(c);
    /* A coarse scan (4 intervals) still separates them: 0.3 and 0.6 fall in different cells. */
    ganstab_crossing_options opt = {2, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, 4};
    size_t count = 0;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(
        ganstab_crossings_find(family_spectrum, &ctx, &opt, 0.0, 1.0, &c, &count, &err),
        GANSTAB_OK);
    assert_int_equal(count, 2);
    check_crossings_wellformed(c, count, 0.0, 1.0);
    assert_close(c[0].value, 0.3, CROSSING_TOL);
    assert_close(c[1].value, 0.6, CROSSING_TOL);
    free(c);
    family_release(&ctx);
}

/* Flow neutral saddle: diag(p, -0.5) has l1 + l2 = 0 at p = 0.5 (the Hopf test function changes
 * sign there), but no complex pair exists: nothing to report, the flow is unstable throughout. */
static void test_flow_neutral_saddle(void **state)
{
    (void)state;
    family_ctx ctx = family_make(FAM_FLOW_SADDLE, 0.0, 0.0, 0.0);
    /* The premise: the Hopf test function does change sign on the range. */
    ganstab_eigenvalue ev[2];
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(family_spectrum(0.2, &ctx, ev, &err), GANSTAB_OK);
    double before = ganstab_crossing_test_function(ev, 2, GANSTAB_DYNAMICS_FLOW,
                                                   GANSTAB_CROSSING_HOPF, 0.0, NULL);
    assert_int_equal(family_spectrum(0.8, &ctx, ev, &err), GANSTAB_OK);
    double after = ganstab_crossing_test_function(ev, 2, GANSTAB_DYNAMICS_FLOW,
                                                  GANSTAB_CROSSING_HOPF, 0.0, NULL);
    assert_true(before < 0.0 && after > 0.0);

    ganstab_crossing *c = NULL;
    size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.2, 0.8, &c);
    assert_int_equal(n, 0);
    assert_null(c);
    family_release(&ctx);
}

/* ------------------------------------------------------------------ maps */

/* (d) Simultaneous GD on the damped rotation, A(h) = I + hJ with J = [[0,-a],[a,-g]], g < 2a:
 * |lambda|^2 = 1 - g h + a^2 h^2, so the pair leaves the unit circle at h = g/a^2. */
static void test_map_neimark_sacker(void **state)
{
    (void)state;
    static const double table[][2] = {{0.5, 0.5}, {0.7, 0.3}, {1.1, 0.9}};
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        double a = table[t][0], g = table[t][1];
        family_ctx ctx = family_make(FAM_MAP_SIMGD, a, g, 0.0);
        ganstab_crossing *c = NULL;
        size_t n = find(&ctx, GANSTAB_DYNAMICS_MAP, 0.01, 4.0, &c);
        assert_int_equal(n, 1);
        check_crossings_wellformed(c, n, 0.01, 4.0);
        check_crossing(&c[0], g / (a * a), GANSTAB_CROSSING_STABILITY,
                       GANSTAB_CROSSING_NEIMARK_SACKER, GANSTAB_VERDICT_STABLE,
                       GANSTAB_VERDICT_UNSTABLE);
        free(c);
        family_release(&ctx);
    }
}

/* (e) Same map with g > 2a: real J eigenvalues mu = (-g +- sqrt(g^2 - 4a^2))/2; 1 + h mu
 * reaches -1 first for the more negative mu, at h = 4/(g + sqrt(g^2 - 4a^2)); for a = 1/2,
 * g = 2 that is 2/(1 + sqrt(3/4)). The eigenvalues stay real: no oscillation crossing. */
static void test_map_flip(void **state)
{
    (void)state;
    static const double table[][2] = {{0.5, 2.0}, {0.25, 1.5}};
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        double a = table[t][0], g = table[t][1];
        double expected = 4.0 / (g + sqrt(g * g - 4.0 * a * a));
        double other = 4.0 / (g - sqrt(g * g - 4.0 * a * a)); /* second flip, outside range */
        assert_true(other > 4.0);
        family_ctx ctx = family_make(FAM_MAP_SIMGD, a, g, 0.0);
        ganstab_crossing *c = NULL;
        size_t n = find(&ctx, GANSTAB_DYNAMICS_MAP, 0.01, 4.0, &c);
        assert_int_equal(n, 1);
        check_crossings_wellformed(c, n, 0.01, 4.0);
        check_crossing(&c[0], expected, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP,
                       GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
        free(c);
        family_release(&ctx);
    }
    /* The table's first row is the brief's closed form. */
    assert_rel_close(4.0 / (2.0 + sqrt(3.0)), 2.0 / (1.0 + sqrt(0.75)), TESTFN_TOL);
}

/* (f) Alternating GD on the Dirac-GAN, [[1,-ha],[ha,1-h^2 a^2]]: det = 1, tr = 2 - h^2 a^2. For
 * h a < 2 the pair sits on the unit circle (marginal, Mescheder et al. 2018, Lemma 2.5); at
 * h = 2/a it becomes the double eigenvalue -1 and splits into two reals, one below -1: a flip and
 * an oscillation crossing at the same value, and nothing in between. */
static void test_map_altgd(void **state)
{
    (void)state;
    const double a = 0.5;
    family_ctx ctx = family_make(FAM_MAP_ALTGD, a, 0.0, 0.0);
    ganstab_crossing *c = NULL;
    size_t n = find(&ctx, GANSTAB_DYNAMICS_MAP, 0.01, 6.0, &c);
    assert_int_equal(n, 2);
    check_crossings_wellformed(c, n, 0.01, 6.0);
    /* Same value: stability kind sorts before oscillation. */
    check_crossing(&c[0], 2.0 / a, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP,
                   GANSTAB_VERDICT_MARGINAL, GANSTAB_VERDICT_UNSTABLE);
    check_crossing(&c[1], 2.0 / a, GANSTAB_CROSSING_OSCILLATION, GANSTAB_CROSSING_COMPLEX_TO_REAL,
                   GANSTAB_VERDICT_MARGINAL, GANSTAB_VERDICT_UNSTABLE);
    free(c);
    /* On the unit circle only: no spurious crossings from rounding of l1*l2 - 1 = 0. */
    n = find(&ctx, GANSTAB_DYNAMICS_MAP, 0.01, 3.99, &c);
    assert_int_equal(n, 0);
    assert_null(c);
    family_release(&ctx);
}

/* (g) Map neutral saddles: the Neimark-Sacker test function prod (l_i l_j - 1) also vanishes when
 * two REAL eigenvalues have product 1. diag(p, 1/p) has it identically (and the fold test has a
 * double root at p = 1: unstable on both sides); diag(p, 1/2) and diag(p, 3, 1/10) cross it
 * transversally at p = 2 and p = 1/3 with no stability change. None is a crossing. */
static void test_map_neutral_saddles(void **state)
{
    (void)state;
    static const struct {
        family fam;
        double from, to, root;
    } table[] = {
        {FAM_MAP_RECIPROCAL, 0.5, 2.0, NAN},
        {FAM_MAP_SADDLE, 1.5, 2.5, 2.0},
        {FAM_MAP_SADDLE, 1.3, 2.9, 2.0}, /* off-grid */
        {FAM_MAP_SADDLE3, 0.2, 0.5, 1.0 / 3.0},
    };
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        family_ctx ctx = family_make(table[t].fam, 0.0, 0.0, 0.0);
        size_t n = family_size(table[t].fam);
        if (!isnan(table[t].root)) {
            /* The premise: the NS test function changes sign across the range. */
            ganstab_eigenvalue ev[3];
            ganstab_error err;
            ganstab_error_clear(&err);
            assert_int_equal(family_spectrum(table[t].from, &ctx, ev, &err), GANSTAB_OK);
            double lo = ganstab_crossing_test_function(ev, n, GANSTAB_DYNAMICS_MAP,
                                                       GANSTAB_CROSSING_NEIMARK_SACKER, 0.0, NULL);
            assert_int_equal(family_spectrum(table[t].to, &ctx, ev, &err), GANSTAB_OK);
            double hi = ganstab_crossing_test_function(ev, n, GANSTAB_DYNAMICS_MAP,
                                                       GANSTAB_CROSSING_NEIMARK_SACKER, 0.0, NULL);
            assert_true(lo * hi < 0.0);
        }
        ganstab_crossing *c = NULL;
        size_t count = find(&ctx, GANSTAB_DYNAMICS_MAP, table[t].from, table[t].to, &c);
        if (count != 0)
            print_error("row %zu: %zu crossing(s), first %s at %.17g\n", t, count,
                        ganstab_crossing_type_name(c[0].type), c[0].value);
        assert_int_equal(count, 0);
        assert_null(c);
        family_release(&ctx);
    }
}

/* ------------------------------------------------------------------ errors */

static void test_bad_range(void **state)
{
    (void)state;
    family_ctx ctx = family_make(FAM_FLOW_FOLD, 0.0, 0.0, 0.3);
    ganstab_crossing_options opt = {2, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, 0};
    static const double ranges[][2] = {
        {1.0, 1.0}, {1.0, 0.0}, {NAN, 1.0}, {0.0, NAN}, {-INFINITY, 1.0}, {0.0, INFINITY},
    };
    for (size_t t = 0; t < TESTUTIL_COUNT(ranges); t++) {
        ganstab_crossing dummy;
        ganstab_crossing *c = &dummy; /* must be overwritten with NULL */
        size_t count = 99;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_error(ganstab_crossings_find(family_spectrum, &ctx, &opt, ranges[t][0], ranges[t][1],
                                            &c, &count, &err),
                     GANSTAB_EINVAL, &err);
        assert_null(c);
        assert_int_equal(count, 0);
    }
    /* An empty spectrum is bad input too. */
    ganstab_crossing_options empty = {0, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, 0};
    ganstab_crossing *c = NULL;
    size_t count = 99;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_crossings_find(family_spectrum, &ctx, &empty, 0.0, 1.0, &c, &count, &err),
                 GANSTAB_EINVAL, &err);
    assert_int_equal(ctx.calls, 0); /* rejected before any evaluation */
    family_release(&ctx);
}

/* The callback's own code and message come back unchanged, whether it fails during the scan,
 * during root refinement (inside GSL's Brent solver), or while reading the verdicts beside the
 * root; no result is returned. */
static void test_callback_error_propagates(void **state)
{
    (void)state;
    /* Fold at 0.33 on (0, 1) with scan = 10: the scan evaluates 11 grid points k/10, the root
       lies in the cell (0.3, 0.4), the before/after probes sit 1e-6 from the root. */
    const size_t scan = 10;
    enum { SCAN, REFINE, PROBE };
    static const struct {
        int mode;
        double at, lo, hi;
        int phase;
    } table[] = {
        {1, 0.55, 0, 0, SCAN},    /* grid points 0.6 .. 1 refused */
        {2, 0, 0.3, 0.4, REFINE}, /* every point strictly inside the root's cell refused */
        /* only the probe annulus refused; Brent converges on this linear test function
           without visiting it */
        {3, 0.33, 0.5 * GANSTAB_CROSSING_PROBE, 2.0 * GANSTAB_CROSSING_PROBE, PROBE},
    };
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        family_ctx ctx = family_make(FAM_FLOW_FOLD, 0.0, 0.0, 0.33);
        ctx.fail_mode = table[t].mode;
        ctx.fail_at = table[t].at;
        ctx.fail_lo = table[t].lo;
        ctx.fail_hi = table[t].hi;
        ganstab_crossing_options opt = {2, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, scan};
        ganstab_crossing dummy;
        ganstab_crossing *c = &dummy;
        size_t count = 99;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_crossings_find(family_spectrum, &ctx, &opt, 0.0, 1.0, &c, &count, &err);
        if (rc != GANSTAB_EIO)
            print_error("row %zu: rc = %d (%s)\n", t, rc, err.message);
        assert_error(rc, GANSTAB_EIO, &err);
        assert_string_equal(err.where, "test callback");
        assert_non_null(strstr(err.message, "refusing p = "));
        assert_null(c);
        assert_int_equal(count, 0);
        /* The refusal happened in the intended phase, and the search stopped there. */
        assert_int_equal(ctx.failed_call, ctx.calls);
        switch (table[t].phase) {
        case SCAN:
            assert_true(ctx.failed_call <= scan + 1);
            break;
        case REFINE:
            assert_true(ctx.failed_call > scan + 1);
            assert_true(fabs(fabs(ctx.failed_p - 0.33) - GANSTAB_CROSSING_PROBE) >
                        PROBE_LOCATION_TOL); /* not a probe */
            break;
        case PROBE:
            assert_true(ctx.failed_call > scan + 1);
            assert_close(fabs(ctx.failed_p - 0.33), GANSTAB_CROSSING_PROBE, PROBE_LOCATION_TOL);
            break;
        }
        family_release(&ctx);
    }
    /* Sanity: without failure injection the same search finds the fold at 0.33. */
    family_ctx ctx = family_make(FAM_FLOW_FOLD, 0.0, 0.0, 0.33);
    ganstab_crossing_options opt = {2, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, scan};
    ganstab_crossing *c = NULL;
    size_t count = 0;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(
        ganstab_crossings_find(family_spectrum, &ctx, &opt, 0.0, 1.0, &c, &count, &err),
        GANSTAB_OK);
    assert_int_equal(count, 1);
    assert_close(c[0].value, 0.33, CROSSING_TOL);
    free(c);
    family_release(&ctx);
}

/* ------------------------------------------------------------------ hard cases */

/* A defective double eigenvalue through the boundary: the fold/flip test function is the square
 * of a linear factor and only touches zero, while the pair's sum (flow, Hopf test) or product
 * (map, Neimark-Sacker test) has a simple root there. The crossing is found to the bracket
 * precision and typed by what the pair is at the root: a double real eigenvalue at 0 (fold) or
 * -1 (flip). (a) The Jordan block [[p - c, 1], [0, p - c]]. (b) simgd on the Dirac-GAN at the
 * critical penalty g = 2a (Mescheder et al. 2018, Lemma 3.3: J has the defective double
 * eigenvalue -a), I + pJ has the double eigenvalue 1 - pa: it reaches -1 at p = 2/a. */
static void test_defective_double(void **state)
{
    (void)state;
    static const double folds[] = {0.3, 0.123456789};
    for (size_t t = 0; t < TESTUTIL_COUNT(folds); t++) {
        family_ctx ctx = family_make(FAM_FLOW_JORDAN, 0.0, 0.0, folds[t]);
        ganstab_crossing *c = NULL;
        size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 1.0, &c);
        assert_int_equal(n, 1);
        check_crossings_wellformed(c, n, 0.0, 1.0);
        check_crossing(&c[0], folds[t], GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FOLD,
                       GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
        free(c);
        family_release(&ctx);
    }
    static const double rates[] = {0.5, 0.37, 1.25};
    for (size_t t = 0; t < TESTUTIL_COUNT(rates); t++) {
        double a = rates[t];
        family_ctx ctx = family_make(FAM_MAP_SIMGD, a, 2.0 * a, 0.0);
        ganstab_crossing *c = NULL;
        size_t n = find(&ctx, GANSTAB_DYNAMICS_MAP, 0.01, 4.0 / a, &c);
        if (n != 1)
            print_error("a = %g: %zu crossings\n", a, n);
        assert_int_equal(n, 1);
        check_crossings_wellformed(c, n, 0.01, 4.0 / a);
        check_crossing(&c[0], 2.0 / a, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP,
                       GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_UNSTABLE);
        free(c);
        family_release(&ctx);
    }
}

/* Two crossings closer than a scan interval: with 10 intervals on [0, 1] the folds of
 * diag((p - c)(p - c - g), -1) at c = 0.33 and c + g (g = 0.02, 1e-3, 1e-4) fall in the same
 * cell (0.3, 0.4), where the fold test function has the same sign at both grid points; its dip
 * is searched and both roots are found, with the stable window between them. (The window's
 * depth is g^2/4: for g = 1e-4, 2.5e-9, above the tolerance 1e-10; at the probes 1e-6 inside it
 * the margin is ~1e-10, so the inner verdicts of the narrow windows are not asserted.) */
static void test_two_crossings_in_one_cell(void **state)
{
    (void)state;
    static const double gaps[] = {0.02, 1e-3, 1e-4};
    for (size_t t = 0; t < TESTUTIL_COUNT(gaps); t++) {
        family_ctx ctx = family_make(FAM_FLOW_TWIN, 0.0, gaps[t], 0.33);
        ganstab_crossing_options opt = {2, GANSTAB_DYNAMICS_FLOW, GANSTAB_DEFAULT_TOL, 10};
        ganstab_crossing *c = NULL;
        size_t n = 0;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(
            ganstab_crossings_find(family_spectrum, &ctx, &opt, 0.0, 1.0, &c, &n, &err),
            GANSTAB_OK);
        if (n != 2)
            print_error("gap %g: %zu crossings\n", gaps[t], n);
        assert_int_equal(n, 2);
        check_crossings_wellformed(c, n, 0.0, 1.0);
        ganstab_verdict inside = gaps[t] >= 1e-3 ? GANSTAB_VERDICT_STABLE : c[0].after;
        check_crossing(&c[0], 0.33, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FOLD,
                       GANSTAB_VERDICT_UNSTABLE, inside);
        check_crossing(&c[1], 0.33 + gaps[t], GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FOLD,
                       gaps[t] >= 1e-3 ? GANSTAB_VERDICT_STABLE : c[1].before,
                       GANSTAB_VERDICT_UNSTABLE);
        free(c);
        family_release(&ctx);
    }
}

/* The end of the parameter's domain: the callback refuses p < 0 (like a penalty weight), so no
 * probe below `from` exists. [[0,-a],[a,-p]] is marginal at p = 0 (+-ai) and stable beyond: the
 * crossing sits exactly at the end point and is still listed (Hopf, marginal -> stable). */
static void test_crossing_at_domain_end(void **state)
{
    (void)state;
    family_ctx ctx = family_make(FAM_FLOW_DAMPED, 0.5, 0.0, 0.0);
    ctx.fail_mode = 4;
    ctx.fail_at = 0.0;
    ganstab_crossing *c = NULL;
    size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 4.0, &c);
    assert_int_equal(n, 2);
    check_crossings_wellformed(c, n, 0.0, 4.0);
    check_crossing(&c[0], 0.0, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_HOPF,
                   GANSTAB_VERDICT_MARGINAL, GANSTAB_VERDICT_STABLE);
    assert_true(c[0].lo == 0.0 && c[0].hi == 0.0);
    check_crossing(&c[1], 1.0, GANSTAB_CROSSING_OSCILLATION, GANSTAB_CROSSING_COMPLEX_TO_REAL,
                   GANSTAB_VERDICT_STABLE, GANSTAB_VERDICT_STABLE);
    free(c);
    /* The same end inside the domain is found by the probe, with the verdict from below. */
    family_release(&ctx);
    ctx = family_make(FAM_FLOW_DAMPED, 0.5, 0.0, 0.0);
    n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 4.0, &c);
    assert_int_equal(n, 2);
    check_crossing(&c[0], 0.0, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_HOPF,
                   GANSTAB_VERDICT_UNSTABLE, GANSTAB_VERDICT_STABLE);
    free(c);
    family_release(&ctx);
}

/* A quadruple eigenvalue (one 4x4 Jordan block (p - c) I + N) through 0: every test function
 * has an even-order root (det = (p - c)^4, the Hopf product (2(p - c))^6), so none changes sign;
 * the verdict does (stable -> unstable). The verdict scan brackets it by bisection (only to the
 * Hoelder bound ~1e-3 of the cluster: its computed members are split by ~eps^(1/4)), then the
 * cluster's mean margin (a quarter of the trace, p - c) pins it to the bracket precision. */
static void test_even_order_root(void **state)
{
    (void)state;
    family_ctx ctx = family_make(FAM_FLOW_QUAD, 0.0, 0.0, 0.4321);
    ganstab_crossing *c = NULL;
    size_t n = find(&ctx, GANSTAB_DYNAMICS_FLOW, 0.0, 1.0, &c);
    assert_int_equal(n, 1);
    check_crossings_wellformed(c, n, 0.0, 1.0);
    assert_close(c[0].value, 0.4321, CROSSING_TOL);
    assert_int_equal(c[0].kind, GANSTAB_CROSSING_STABILITY);
    assert_int_equal(c[0].type, GANSTAB_CROSSING_FOLD);
    assert_int_equal(c[0].before, GANSTAB_VERDICT_STABLE);
    assert_int_equal(c[0].after, GANSTAB_VERDICT_UNSTABLE);
    free(c);
    family_release(&ctx);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(ganstab_crossing_kind_name(GANSTAB_CROSSING_STABILITY), "stability");
    assert_string_equal(ganstab_crossing_kind_name(GANSTAB_CROSSING_OSCILLATION), "oscillation");
    static const struct {
        ganstab_crossing_type type;
        const char *name;
    } table[] = {
        {GANSTAB_CROSSING_FOLD, "fold"},
        {GANSTAB_CROSSING_HOPF, "hopf"},
        {GANSTAB_CROSSING_FLIP, "flip"},
        {GANSTAB_CROSSING_NEIMARK_SACKER, "neimark-sacker"},
        {GANSTAB_CROSSING_COMPLEX_TO_REAL, "complex-to-real"},
        {GANSTAB_CROSSING_REAL_TO_COMPLEX, "real-to-complex"},
    };
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++)
        assert_string_equal(ganstab_crossing_type_name(table[t].type), table[t].name);
    assert_string_equal(ganstab_crossing_type_name((ganstab_crossing_type)99), "unknown");
}

/* ------------------------------------------------------------------ test functions */

static ganstab_eigenvalue ev_make(double re, double im)
{
    ganstab_eigenvalue e = {re, im, hypot(re, im), 0.0};
    return e;
}

/* Values of the test functions on hand-built spectra (error bounds 0, tol 0): the formulas of
 * critical.h evaluated by hand. */
static void test_test_function_values(void **state)
{
    (void)state;
    const ganstab_dynamics F = GANSTAB_DYNAMICS_FLOW, M = GANSTAB_DYNAMICS_MAP;
    const ganstab_eigenvalue stable_real[2] = {ev_make(-1.0, 0.0), ev_make(-2.0, 0.0)};
    const ganstab_eigenvalue saddle[2] = {ev_make(1.0, 0.0), ev_make(-2.0, 0.0)};
    const ganstab_eigenvalue damped[2] = {ev_make(-0.25, 0.5), ev_make(-0.25, -0.5)};
    const ganstab_eigenvalue growing[2] = {ev_make(0.125, 1.0), ev_make(0.125, -1.0)};
    const ganstab_eigenvalue three[3] = {ev_make(-0.25, 0.5), ev_make(-0.25, -0.5),
                                         ev_make(-1.0, 0.0)};
    const ganstab_eigenvalue inside[2] = {ev_make(0.375, 0.5), ev_make(0.375, -0.5)};
    const ganstab_eigenvalue outside[2] = {ev_make(0.875, 0.875), ev_make(0.875, -0.875)};
    const ganstab_eigenvalue reals_map[2] = {ev_make(0.5, 0.0), ev_make(0.25, 0.0)};
    const ganstab_eigenvalue past_flip[2] = {ev_make(0.5, 0.0), ev_make(-1.5, 0.0)};
    const ganstab_eigenvalue three_real[3] = {ev_make(3.0, 0.0), ev_make(1.0, 0.0),
                                              ev_make(0.0, 0.0)};
    const ganstab_eigenvalue two_pairs[4] = {ev_make(0.0, 1.0), ev_make(0.0, -1.0),
                                             ev_make(-1.0, 2.0), ev_make(-1.0, -2.0)};
    const struct {
        const ganstab_eigenvalue *ev;
        size_t n;
        ganstab_dynamics dyn;
        ganstab_crossing_type type;
        double expected;
    } table[] = {
        /* FOLD, flow: prod l_i (= det J): positive when an even number are negative reals. */
        {stable_real, 2, F, GANSTAB_CROSSING_FOLD, 2.0},
        {saddle, 2, F, GANSTAB_CROSSING_FOLD, -2.0},
        {damped, 2, F, GANSTAB_CROSSING_FOLD, 0.3125}, /* |l|^2 */
        /* HOPF, flow: prod_{i<j} (l_i + l_j): 2 Re for a pair. */
        {damped, 2, F, GANSTAB_CROSSING_HOPF, -0.5},
        {growing, 2, F, GANSTAB_CROSSING_HOPF, 0.25},
        {three, 3, F, GANSTAB_CROSSING_HOPF, -0.5 * (1.5625 + 0.25)},
        {stable_real, 2, F, GANSTAB_CROSSING_HOPF, -3.0},
        /* FOLD, map: prod (l_i - 1). */
        {reals_map, 2, M, GANSTAB_CROSSING_FOLD, 0.375},
        {past_flip, 2, M, GANSTAB_CROSSING_FOLD, -0.5 * -2.5},
        /* FLIP, map: prod (l_i + 1). */
        {reals_map, 2, M, GANSTAB_CROSSING_FLIP, 1.5 * 1.25},
        {past_flip, 2, M, GANSTAB_CROSSING_FLIP, 1.5 * -0.5},
        /* NEIMARK_SACKER, map: prod_{i<j} (l_i l_j - 1): |l|^2 - 1 for a pair. */
        {inside, 2, M, GANSTAB_CROSSING_NEIMARK_SACKER, 0.390625 - 1.0},
        {outside, 2, M, GANSTAB_CROSSING_NEIMARK_SACKER, 2.0 * 0.765625 - 1.0},
        /* COMPLEX_TO_REAL: prod_{i<j} (l_i - l_j)^2, sign (-1)^(number of pairs), both dyns. */
        {damped, 2, F, GANSTAB_CROSSING_COMPLEX_TO_REAL, -1.0},
        {damped, 2, M, GANSTAB_CROSSING_COMPLEX_TO_REAL, -1.0},
        {stable_real, 2, F, GANSTAB_CROSSING_COMPLEX_TO_REAL, 1.0},
        {three_real, 3, M, GANSTAB_CROSSING_COMPLEX_TO_REAL, 4.0 * 9.0 * 1.0},
    };
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        double noise = -1.0;
        double v = ganstab_crossing_test_function(table[t].ev, table[t].n, table[t].dyn,
                                                  table[t].type, 0.0, &noise);
        if (fabs(v - table[t].expected) > TESTFN_TOL * fmax(1.0, fabs(table[t].expected)))
            print_error("row %zu (%s): %.17g vs %.17g\n", t,
                        ganstab_crossing_type_name(table[t].type), v, table[t].expected);
        assert_rel_close(v, table[t].expected, TESTFN_TOL);
        assert_close(noise, 0.0, EXACT); /* exact eigenvalues, tol 0: no noise */
    }
    /* Two complex pairs: the discriminant is positive ((-1)^2), and its value is the product of
       the six squared differences. */
    double v = ganstab_crossing_test_function(two_pairs, 4, F, GANSTAB_CROSSING_COMPLEX_TO_REAL,
                                              0.0, NULL);
    assert_true(v > 0.0);
    double pair_l[4][2] = {{0, 1}, {0, -1}, {-1, 2}, {-1, -2}};
    double prod_re = 1.0, prod_im = 0.0;
    for (size_t i = 0; i < 4; i++)
        for (size_t j = i + 1; j < 4; j++) {
            double dr = pair_l[i][0] - pair_l[j][0], di = pair_l[i][1] - pair_l[j][1];
            double sr = dr * dr - di * di, si = 2.0 * dr * di; /* (l_i - l_j)^2 */
            double nr = prod_re * sr - prod_im * si, ni = prod_re * si + prod_im * sr;
            prod_re = nr;
            prod_im = ni;
        }
    assert_close(prod_im, 0.0, TESTFN_TOL);
    assert_rel_close(v, prod_re, TESTFN_TOL);
}

/* Sign conventions tie to the verdicts: along each synthetic family the stability test
 * functions are positive on one side and negative on the other exactly as the eigenvalues move
 * through the boundary; and the noise grows with tol (first-order propagation). */
static void test_test_function_noise(void **state)
{
    (void)state;
    const ganstab_eigenvalue stable_real[2] = {ev_make(-1.0, 0.0), ev_make(-2.0, 0.0)};
    const double tol = 1e-3;
    double noise = 0.0;
    double v = ganstab_crossing_test_function(stable_real, 2, GANSTAB_DYNAMICS_FLOW,
                                              GANSTAB_CROSSING_FOLD, tol, &noise);
    assert_rel_close(v, 2.0, TESTFN_TOL);
    /* d(l1 l2) = |l2| e1 + |l1| e2 = 3 tol. */
    assert_rel_close(noise, 3.0 * tol, TESTFN_TOL);
    /* error_bound adds to tol per eigenvalue. */
    ganstab_eigenvalue with_bound[2] = {stable_real[0], stable_real[1]};
    with_bound[0].error_bound = 1e-3;
    v = ganstab_crossing_test_function(with_bound, 2, GANSTAB_DYNAMICS_FLOW, GANSTAB_CROSSING_FOLD,
                                       0.0, &noise);
    assert_rel_close(noise, 2.0 * 1e-3, TESTFN_TOL);
    /* Noise pointer may be NULL. */
    v = ganstab_crossing_test_function(stable_real, 2, GANSTAB_DYNAMICS_FLOW, GANSTAB_CROSSING_HOPF,
                                       tol, NULL);
    assert_rel_close(v, -3.0, TESTFN_TOL);
    /* On the boundary (Dirac-GAN pair +-i/2), the Hopf value 0 lies within its noise. */
    const ganstab_eigenvalue dirac[2] = {ev_make(0.0, 0.5), ev_make(0.0, -0.5)};
    v = ganstab_crossing_test_function(dirac, 2, GANSTAB_DYNAMICS_FLOW, GANSTAB_CROSSING_HOPF,
                                       GANSTAB_DEFAULT_TOL, &noise);
    assert_true(fabs(v) <= noise);
    assert_true(noise > 0.0);
    /* Sign flips along the families of the crossing tests: Hopf on [[p,-1],[1,p]]. */
    family_ctx ctx = family_make(FAM_FLOW_HOPF, 0.0, 0.0, 0.0);
    ganstab_eigenvalue ev[2];
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(family_spectrum(-0.1, &ctx, ev, &err), GANSTAB_OK);
    assert_true(ganstab_crossing_test_function(ev, 2, GANSTAB_DYNAMICS_FLOW, GANSTAB_CROSSING_HOPF,
                                               0.0, NULL) < 0.0);
    assert_int_equal(family_spectrum(0.1, &ctx, ev, &err), GANSTAB_OK);
    assert_true(ganstab_crossing_test_function(ev, 2, GANSTAB_DYNAMICS_FLOW, GANSTAB_CROSSING_HOPF,
                                               0.0, NULL) > 0.0);
    family_release(&ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flow_damped_rotation),
        cmocka_unit_test(test_flow_hopf),
        cmocka_unit_test(test_flow_fold),
        cmocka_unit_test(test_flow_two_folds_sorted),
        cmocka_unit_test(test_flow_neutral_saddle),
        cmocka_unit_test(test_map_neimark_sacker),
        cmocka_unit_test(test_map_flip),
        cmocka_unit_test(test_map_altgd),
        cmocka_unit_test(test_map_neutral_saddles),
        cmocka_unit_test(test_bad_range),
        cmocka_unit_test(test_callback_error_propagates),
        cmocka_unit_test(test_defective_double),
        cmocka_unit_test(test_two_crossings_in_one_cell),
        cmocka_unit_test(test_crossing_at_domain_end),
        cmocka_unit_test(test_even_order_root),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_test_function_values),
        cmocka_unit_test(test_test_function_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

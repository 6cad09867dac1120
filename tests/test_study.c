/* Unit tests for src/analysis/study.c (sweeps, stability maps, optima) and the claims checked on
 * them (src/claims/study_claims.c): every boundary point of maps over random ranges against the
 * closed forms written out here from the derivations (Mescheder et al. 2018, Lemmas 2.5 and 3.3;
 * Nagarajan & Kolter 2017, Sec. 3.4), their crossing types and verdicts, completeness (every
 * closed-form boundary value inside the map is found), the boundary curves, identical results for
 * 1, 2 and all threads, sweeps against single analyses, optima against their closed forms, the
 * parts of a range where x* is not stationary, and bad input. */
#include "testutil.h"

#include <stdlib.h>

#include "ganstab/claims.h"
#include "ganstab/study.h"
#include "ganstab/symbolic.h"

/* Boundary points are located to a bracket of 1e-12 max(1, |v|) (critical.h) by Brent on test
 * functions with simple roots; the closed forms below are evaluated in a few flops. 1e-10 is the
 * accuracy the issue asks for and the claims promise (GANSTAB_CLAIM_CRITICAL_TOL). */
static const double BOUNDARY_TOL = 1e-10;
/* f'(0) of the standard loss f(t) = -log(1 + e^-t) (Mescheder et al. 2018, Sec. 2.1). */
static const double A = 0.5;
/* A random map that lands a grid line within this of a closed-form corner (where two boundary
   values meet) is skipped rather than asserted against a degenerate configuration. */
static const double CORNER_GAP = 1e-6;

static void build(ganstab_case *c, const char *const *set)
{
    testutil_case_build(c, set);
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_validate(c, &err);
    if (rc != GANSTAB_OK)
        print_error("validate: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

static ganstab_axis axis(const ganstab_case *c, const char *name, double from, double to,
                         size_t count)
{
    ganstab_axis a;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_axis_init(c, name, from, to, count, 2, GANSTAB_STUDY_MAX_STEPS + 1, "test", &a,
                               &err);
    if (rc != GANSTAB_OK)
        print_error("axis_init %s: %s: %s\n", name, err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    return a;
}

static ganstab_stability_map *run_map(const ganstab_case *c, const ganstab_axis *x,
                                      const ganstab_axis *y, unsigned threads)
{
    ganstab_study_options opt;
    ganstab_study_options_init(&opt);
    opt.threads = threads;
    ganstab_stability_map *m = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_study_map(c, x, y, &opt, &m, &err);
    if (rc != GANSTAB_OK)
        print_error("study_map: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_non_null(m);
    return m;
}

/* The closed-form boundary of one grid line: up to 3 values with their types. */
typedef struct {
    size_t n;
    double value[3];
    ganstab_crossing_type type[3];
} expected_line;

static void expect(expected_line *e, double v, ganstab_crossing_type t)
{
    e->value[e->n] = v;
    e->type[e->n] = t;
    e->n++;
}

/* The expected stability crossings along line `line` of direction `along` (0: x varies). */
typedef void (*closed_form_fn)(int along, double fixed, expected_line *e);

/* Check every stability point of the map against the closed form of its line, and every closed-
 * form value inside the range against the points: returns how many were compared. */
static size_t check_map(const ganstab_stability_map *m, closed_form_fn closed)
{
    size_t compared = 0;
    for (int along = 0; along < 2; along++) {
        const ganstab_axis *vary = along == 0 ? &m->x : &m->y, *fixed = along == 0 ? &m->y : &m->x;
        if (vary->integer)
            continue;
        for (size_t line = 0; line < fixed->count; line++) {
            double at = ganstab_axis_value(fixed, line);
            expected_line e = {0};
            closed(along, at, &e);
            /* computed -> closed form */
            for (size_t k = 0; k < m->npoints; k++) {
                const ganstab_map_point *p = &m->points[k];
                if (p->along != along || p->line != line ||
                    p->crossing.kind != GANSTAB_CROSSING_STABILITY)
                    continue;
                double v = along == 0 ? p->x : p->y;
                size_t best = e.n;
                for (size_t q = 0; q < e.n; q++)
                    if (best == e.n || fabs(e.value[q] - v) < fabs(e.value[best] - v))
                        best = q;
                if (best == e.n || fabs(e.value[best] - v) > BOUNDARY_TOL * fmax(1.0, fabs(v)) ||
                    e.type[best] != p->crossing.type)
                    print_error("%s = %.17g: computed %s at %s = %.17g, closed form %s at %.17g\n",
                                fixed->name, at, ganstab_crossing_type_name(p->crossing.type),
                                vary->name, v,
                                best < e.n ? ganstab_crossing_type_name(e.type[best]) : "none",
                                best < e.n ? e.value[best] : NAN);
                assert_true(best < e.n);
                assert_true(fabs(e.value[best] - v) <= BOUNDARY_TOL * fmax(1.0, fabs(v)));
                assert_int_equal(e.type[best], p->crossing.type);
                compared++;
            }
            /* closed form -> computed (a point at a grid node may have been found by the other
               direction only when both directions read the same verdicts: study.c) */
            for (size_t q = 0; q < e.n; q++) {
                double v = e.value[q];
                if (v < vary->from || v > vary->to)
                    continue;
                int found = 0;
                for (size_t k = 0; k < m->npoints; k++) {
                    const ganstab_map_point *p = &m->points[k];
                    double pv = along == 0 ? p->x : p->y, pf = along == 0 ? p->y : p->x;
                    if (p->crossing.kind == GANSTAB_CROSSING_STABILITY &&
                        fabs(pf - at) <= 1e-12 * fmax(1.0, fabs(at)) &&
                        fabs(pv - v) <= BOUNDARY_TOL * fmax(1.0, fabs(v)))
                        found = 1;
                }
                if (!found)
                    print_error("%s = %.17g: closed form %s at %s = %.17g not found\n", fixed->name,
                                at, ganstab_crossing_type_name(e.type[q]), vary->name, v);
                assert_true(found);
            }
        }
    }
    return compared;
}

/* ---- simgd with gradient penalty: the (gamma, h) region (derived from Lemma 3.3) ---------- */

/* J = [[0, -a], [a, -gamma]], I + hJ: at fixed h, stable iff h a^2 < gamma < 2/h + h a^2/2, the
 * lower bound a Neimark-Sacker crossing for h a < 2, the upper a flip; at fixed gamma < 2a one
 * Neimark-Sacker crossing at h = gamma/a^2; at gamma > 2a flips at h = 2/(gamma/2 +- s),
 * s = sqrt(gamma^2/4 - a^2) (the second: the other eigenvalue, unstable -> unstable). */
static void closed_gp_simgd(int along, double fixed, expected_line *e)
{
    if (along == 0) {
        double h = fixed;
        if (h * A < 2.0)
            expect(e, h * A * A, GANSTAB_CROSSING_NEIMARK_SACKER);
        expect(e, 2.0 / h + h * A * A / 2.0, GANSTAB_CROSSING_FLIP);
        return;
    }
    double g = fixed;
    if (g < 2.0 * A) {
        expect(e, g / (A * A), GANSTAB_CROSSING_NEIMARK_SACKER);
        return;
    }
    double s = sqrt(g * g / 4.0 - A * A);
    expect(e, 2.0 / (g / 2.0 + s), GANSTAB_CROSSING_FLIP);
    if (s > 0.0)
        expect(e, 2.0 / (g / 2.0 - s), GANSTAB_CROSSING_FLIP);
}

static void test_map_gp_simgd_random(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    testutil_rng rng;
    testutil_rng_seed(&rng, 20240901);
    size_t compared = 0;
    for (int trial = 0; trial < 12; trial++) {
        double g0 = testutil_rng_uniform(&rng, 0.01, 1.6),
               g1 = g0 + testutil_rng_uniform(&rng, 0.3, 2.0);
        double h0 = testutil_rng_uniform(&rng, 0.05, 3.0),
               h1 = h0 + testutil_rng_uniform(&rng, 0.3, 3.0);
        size_t nx = 3 + (size_t)testutil_rng_uniform(&rng, 0.0, 6.0);
        size_t ny = 3 + (size_t)testutil_rng_uniform(&rng, 0.0, 6.0);
        ganstab_axis x = axis(&c, "regularizer.gamma", g0, g1, nx);
        ganstab_axis y = axis(&c, "update.h", h0, h1, ny);
        int corner = 0; /* a grid line through gamma = 2a or h = 2/a (the corner (1, 4)) */
        for (size_t i = 0; i < nx; i++)
            corner |= fabs(ganstab_axis_value(&x, i) - 2.0 * A) < CORNER_GAP;
        for (size_t j = 0; j < ny; j++)
            corner |= fabs(ganstab_axis_value(&y, j) - 2.0 / A) < CORNER_GAP;
        if (corner)
            continue;
        ganstab_stability_map *m = run_map(&c, &x, &y, 0);
        compared += check_map(m, closed_gp_simgd);
        /* the complex pair turns real at gamma = 2a on every row */
        for (size_t k = 0; k < m->npoints; k++)
            if (m->points[k].crossing.kind == GANSTAB_CROSSING_OSCILLATION) {
                assert_int_equal(m->points[k].along, 0);
                assert_close(m->points[k].x, 2.0 * A, BOUNDARY_TOL);
                assert_int_equal(m->points[k].crossing.type, GANSTAB_CROSSING_COMPLEX_TO_REAL);
            }
        /* the verdict at each grid point is the closed form's (away from the boundary) */
        for (size_t j = 0; j < ny; j++)
            for (size_t i = 0; i < nx; i++) {
                double g = ganstab_axis_value(&x, i), h = ganstab_axis_value(&y, j);
                double lo = h * A * A, hi = 2.0 / h + h * A * A / 2.0;
                if (fabs(g - lo) < 1e-6 || fabs(g - hi) < 1e-6)
                    continue;
                ganstab_verdict want =
                    g > lo && g < hi ? GANSTAB_VERDICT_STABLE : GANSTAB_VERDICT_UNSTABLE;
                assert_int_equal(m->cells[j * nx + i].verdict, want);
            }
        ganstab_stability_map_free(m);
    }
    assert_true(compared >= 40);
}

/* The region of the default case: one stability curve through every point where the verdict
 * changes (Neimark-Sacker below, flip above, joined at the corner (1, 4)), one oscillation curve
 * on gamma = 1; and the claims on the same map agree. */
static void test_map_curves_and_claims(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_axis x = axis(&c, "regularizer.gamma", 0.0, 3.0, 13);
    ganstab_axis y = axis(&c, "update.h", 0.25, 6.0, 24);
    ganstab_stability_map *m = run_map(&c, &x, &y, 0);
    assert_true(check_map(m, closed_gp_simgd) > 40);
    size_t stab = 0, osc = 0;
    for (size_t k = 0; k < m->ncurves; k++) {
        const ganstab_map_curve *cv = &m->curves[k];
        assert_false(cv->closed);
        if (cv->kind == GANSTAB_CROSSING_STABILITY) {
            stab++;
            /* ordered along the curve: consecutive vertices within one grid cell */
            for (size_t q = 1; q < cv->npoints; q++) {
                const ganstab_map_point *a = &m->points[cv->points[q - 1]],
                                        *b = &m->points[cv->points[q]];
                assert_true(fabs(a->x - b->x) <= 0.25 + 1e-12);
                assert_true(fabs(a->y - b->y) <= 0.25 + 1e-12);
            }
        } else {
            osc++;
            for (size_t q = 0; q < cv->npoints; q++)
                assert_close(m->points[cv->points[q]].x, 2.0 * A, BOUNDARY_TOL);
        }
    }
    assert_int_equal(stab, 1);
    assert_int_equal(osc, 1);
    for (size_t k = 0; k < m->npoints; k++) {
        const ganstab_map_point *p = &m->points[k];
        if (p->crossing.kind == GANSTAB_CROSSING_STABILITY &&
            p->crossing.before != p->crossing.after)
            assert_true(p->curve >= 0 && m->curves[p->curve].kind == GANSTAB_CROSSING_STABILITY);
    }
    /* the corner of the region (gamma, h) = (2a, 2/a): the column gamma = 1 finds the flip of the
       defective double eigenvalue -1 at h = 4, stable -> unstable */
    int corner = 0;
    for (size_t k = 0; k < m->npoints; k++)
        if (m->points[k].along == 1 && fabs(m->points[k].x - 1.0) < 1e-15 &&
            m->points[k].crossing.type == GANSTAB_CROSSING_FLIP &&
            m->points[k].crossing.before == GANSTAB_VERDICT_STABLE) {
            assert_close(m->points[k].y, 4.0, BOUNDARY_TOL);
            corner = 1;
        }
    assert_true(corner);
    ganstab_claim_boundary *checks = NULL;
    size_t n = 0;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_claims_check_map(&c, m, &checks, &n, &err), GANSTAB_OK);
    assert_true(n >= 2);
    for (size_t i = 0; i < n; i++) {
        assert_true(checks[i].agrees);
        assert_int_equal(checks[i].found, checks[i].predicted);
        assert_int_equal(checks[i].unexplained, 0);
    }
    free(checks);
    ganstab_stability_map_free(m);
}

/* ---- altgd with gradient penalty, ng = nd = 1 ------------------------------------------ */

/* tr = 2 - h gamma - h^2 a^2, det = 1 - h gamma: stable iff 0 < h gamma and 2 h gamma + h^2 a^2 <
 * 4. At fixed h: a flip at gamma = (4 - h^2 a^2)/(2h) (if positive), and a Neimark-Sacker crossing
 * at gamma = 0 when h a < 2 (Lemma 2.5's circle); at fixed gamma: a flip at h = 4/(gamma +
 * sqrt(gamma^2 + 4 a^2)). */
static void closed_gp_altgd(int along, double fixed, expected_line *e)
{
    if (along == 0) {
        double h = fixed;
        if (h * A < 2.0)
            expect(e, 0.0, GANSTAB_CROSSING_NEIMARK_SACKER);
        double g = (4.0 - h * h * A * A) / (2.0 * h);
        if (g > 0.0)
            expect(e, g, GANSTAB_CROSSING_FLIP);
        return;
    }
    double g = fixed;
    expect(e, 4.0 / (g + sqrt(g * g + 4.0 * A * A)), GANSTAB_CROSSING_FLIP);
}

static void test_map_gp_altgd_random(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=altgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    testutil_rng rng;
    testutil_rng_seed(&rng, 77);
    size_t compared = 0;
    for (int trial = 0; trial < 14; trial++) {
        /* the first trial starts at gamma = 0: the crossing at the end of gamma's domain */
        double g0 = trial == 0 ? 0.0 : testutil_rng_uniform(&rng, 0.01, 1.5);
        double g1 = g0 + testutil_rng_uniform(&rng, 0.3, 3.0);
        double h0 = testutil_rng_uniform(&rng, 0.05, 2.5),
               h1 = h0 + testutil_rng_uniform(&rng, 0.3, 3.0);
        size_t nx = 3 + (size_t)testutil_rng_uniform(&rng, 0.0, 5.0);
        size_t ny = 3 + (size_t)testutil_rng_uniform(&rng, 0.0, 5.0);
        ganstab_axis x = axis(&c, "regularizer.gamma", g0, g1, nx);
        ganstab_axis y = axis(&c, "update.h", h0, h1, ny);
        ganstab_stability_map *m = run_map(&c, &x, &y, 2);
        compared += check_map(m, closed_gp_altgd);
        if (trial == 0)
            for (size_t k = 0; k < m->npoints; k++)
                if (m->points[k].along == 0 && m->points[k].x == 0.0) {
                    assert_int_equal(m->points[k].crossing.type, GANSTAB_CROSSING_NEIMARK_SACKER);
                    assert_int_equal(m->points[k].crossing.before, GANSTAB_VERDICT_MARGINAL);
                    assert_int_equal(m->points[k].crossing.after, GANSTAB_VERDICT_STABLE);
                }
        ganstab_stability_map_free(m);
    }
    if (compared < 40)
        print_error("compared %zu\n", compared);
    assert_true(compared >= 40);
}

/* ---- Lemma 2.5 over (h, nd): an integer axis ------------------------------------------- */

static void test_map_lemma_2_5_rows(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.5",
                                      NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_axis x = axis(&c, "update.h", 0.137, 6.0, 17);
    ganstab_axis y = axis(&c, "update.nd", 1.0, 9.0, 5); /* nd = 1, 3, 5, 7, 9 */
    assert_true(y.integer);
    ganstab_stability_map *m = run_map(&c, &x, &y, 0);
    assert_int_equal(m->scan_y, 0); /* no search along an integer axis */
    assert_int_equal(m->ncurves, 0);
    for (size_t j = 0; j < y.count; j++) {
        double nd = ganstab_axis_value(&y, j);
        assert_close(nd, 1.0 + 2.0 * (double)j, 0.0);
        /* alpha = sqrt(nd) h f'(0) = 2 */
        double hcrit = 2.0 / (sqrt(nd) * A);
        size_t flips = 0;
        for (size_t k = 0; k < m->npoints; k++) {
            const ganstab_map_point *p = &m->points[k];
            assert_int_equal(p->along, 0);
            if (p->line != j || p->crossing.kind != GANSTAB_CROSSING_STABILITY)
                continue;
            assert_int_equal(p->crossing.type, GANSTAB_CROSSING_FLIP);
            assert_close(p->x, hcrit, BOUNDARY_TOL * fmax(1.0, hcrit));
            assert_int_equal(p->crossing.before, GANSTAB_VERDICT_MARGINAL);
            assert_int_equal(p->crossing.after, GANSTAB_VERDICT_UNSTABLE);
            flips++;
        }
        assert_int_equal(flips, 1);
    }
    ganstab_stability_map_free(m);
}

/* ---- the LQ-GAN eta-h region (Nagarajan & Kolter 2017, Sec. 3.4) ------------------------ */

/* J_eta: tr = J_DD - 2 eta J_DG^2, det = J_DG^2 with J_DD = 2 f''(0)/5 = -1/10, J_DG = f'(0)(-2/3)
 * = -1/3 (the model's K_DD = E[x^4] = 1/5, K_DG = -2/3). */
static const double LQ_JDD = -0.1, LQ_DET = 1.0 / 9.0;

static void closed_lq2d(int along, double fixed, expected_line *e)
{
    if (along == 0) {
        double h = fixed;
        double ns = (LQ_JDD + h * LQ_DET) / (2.0 * LQ_DET);
        double flip = (LQ_JDD + 2.0 / h + h * LQ_DET / 2.0) / (2.0 * LQ_DET);
        if (h * sqrt(LQ_DET) < 2.0 && ns >= 0.0)
            expect(e, ns, GANSTAB_CROSSING_NEIMARK_SACKER);
        if (flip >= 0.0)
            expect(e, flip, GANSTAB_CROSSING_FLIP);
        return;
    }
    double tr = LQ_JDD - 2.0 * fixed * LQ_DET;
    if (tr * tr < 4.0 * LQ_DET) {
        expect(e, -tr / LQ_DET, GANSTAB_CROSSING_NEIMARK_SACKER);
        return;
    }
    double s = sqrt(tr * tr / 4.0 - LQ_DET);
    expect(e, 2.0 / (-tr / 2.0 + s), GANSTAB_CROSSING_FLIP);
    if (s > 0.0)
        expect(e, 2.0 / (-tr / 2.0 - s), GANSTAB_CROSSING_FLIP);
}

static void test_map_lq2d_random(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=lq2d",     "regularizer.kind=nk",
                                      "regularizer.eta=0.5", "update.scheme=simgd",
                                      "update.h=0.5",        NULL};
    ganstab_case c;
    build(&c, set);
    testutil_rng rng;
    testutil_rng_seed(&rng, 31337);
    size_t compared = 0;
    for (int trial = 0; trial < 6; trial++) {
        double e0 = testutil_rng_uniform(&rng, 0.0, 2.5),
               e1 = e0 + testutil_rng_uniform(&rng, 0.5, 2.5);
        double h0 = testutil_rng_uniform(&rng, 0.1, 4.0),
               h1 = h0 + testutil_rng_uniform(&rng, 0.5, 4.0);
        ganstab_axis x = axis(&c, "regularizer.eta", e0, e1, 5);
        ganstab_axis y = axis(&c, "update.h", h0, h1, 6);
        int corner = 0; /* a line through the corner (eta, h) = (2.55, 6) */
        for (size_t i = 0; i < x.count; i++)
            corner |= fabs(ganstab_axis_value(&x, i) - 2.55) < CORNER_GAP;
        for (size_t j = 0; j < y.count; j++)
            corner |= fabs(ganstab_axis_value(&y, j) - 6.0) < CORNER_GAP;
        if (corner)
            continue;
        ganstab_stability_map *m = run_map(&c, &x, &y, 0);
        compared += check_map(m, closed_lq2d);
        ganstab_stability_map_free(m);
    }
    assert_true(compared >= 20);
}

/* ---- thread-count identity ------------------------------------------------------------- */

static void assert_same_map(const ganstab_stability_map *a, const ganstab_stability_map *b)
{
    size_t n = a->x.count * a->y.count;
    assert_int_equal(a->npoints, b->npoints);
    assert_int_equal(a->ncurves, b->ncurves);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(a->cells[k].verdict, b->cells[k].verdict);
        assert_memory_equal(&a->cells[k].measure, &b->cells[k].measure, sizeof(double));
        assert_memory_equal(&a->cells[k].rate, &b->cells[k].rate, sizeof(double));
    }
    for (size_t k = 0; k < a->npoints; k++) {
        assert_memory_equal(&a->points[k].x, &b->points[k].x, sizeof(double));
        assert_memory_equal(&a->points[k].y, &b->points[k].y, sizeof(double));
        assert_int_equal(a->points[k].crossing.type, b->points[k].crossing.type);
        assert_int_equal(a->points[k].curve, b->points[k].curve);
    }
    for (size_t k = 0; k < a->ncurves; k++) {
        assert_int_equal(a->curves[k].npoints, b->curves[k].npoints);
        assert_memory_equal(a->curves[k].points, b->curves[k].points,
                            a->curves[k].npoints * sizeof(size_t));
    }
}

static void test_threads_identical(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_axis x = axis(&c, "regularizer.gamma", 0.0, 3.0, 9);
    ganstab_axis y = axis(&c, "update.h", 0.2, 5.0, 8);
    ganstab_stability_map *m1 = run_map(&c, &x, &y, 1);
    ganstab_stability_map *m2 = run_map(&c, &x, &y, 2);
    ganstab_stability_map *m0 = run_map(&c, &x, &y, 0);
    assert_same_map(m1, m2);
    assert_same_map(m1, m0);
    ganstab_stability_map_free(m0);
    ganstab_stability_map_free(m1);
    ganstab_stability_map_free(m2);
}

/* ---- sweep ------------------------------------------------------------------------------ */

static ganstab_sweep_table *run_sweep(const ganstab_case *c, const ganstab_axis *a, unsigned t)
{
    ganstab_study_options opt;
    ganstab_study_options_init(&opt);
    opt.threads = t;
    ganstab_sweep_table *s = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_study_sweep(c, a, &opt, &s, &err);
    if (rc != GANSTAB_OK)
        print_error("study_sweep: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    return s;
}

/* Every row is the single-point analysis at that value (ganstab_analyze, a second pipeline), the
 * rate is -log rho, the crossings are critical's, and 1 and 2 threads agree bit for bit. */
static void test_sweep(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=1.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_axis a = axis(&c, "update.h", 0.1, 3.0, 30);
    ganstab_sweep_table *s = run_sweep(&c, &a, 1), *s2 = run_sweep(&c, &a, 2);
    assert_int_equal(s->npoints, 30);
    for (size_t k = 0; k < s->npoints; k++) {
        const ganstab_sweep_point *p = &s->points[k];
        ganstab_case cc = c;
        cc.update.h = p->value;
        ganstab_result *r = testutil_analyze(&cc);
        assert_int_equal(p->verdict, r->verdict);
        assert_close(p->spectral_radius, r->spectral_radius, 1e-15);
        assert_close(p->rate, -log(r->spectral_radius), 1e-15);
        assert_memory_equal(&p->spectral_radius, &s2->points[k].spectral_radius, sizeof(double));
        ganstab_result_free(r);
    }
    /* gamma = 1.5 > 2a: real eigenvalues; flips at h = 2/(gamma/2 +- s), the second (10.47)
       beyond the range */
    double sq = sqrt(1.5 * 1.5 / 4.0 - A * A);
    assert_true(2.0 / (0.75 - sq) > 3.0);
    assert_int_equal(s->ncross, 1);
    assert_close(s->crossings[0].value, 2.0 / (0.75 + sq), BOUNDARY_TOL);
    assert_int_equal(s->crossings[0].type, GANSTAB_CROSSING_FLIP);
    assert_int_equal(s->crossings[0].before, GANSTAB_VERDICT_STABLE);
    assert_int_equal(s->crossings[0].after, GANSTAB_VERDICT_UNSTABLE);
    assert_int_equal(s->ngaps, 0);
    ganstab_sweep_table_free(s);
    ganstab_sweep_table_free(s2);

    /* an integer parameter: its values, no crossings */
    static const char *const alt[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.9",
                                      NULL};
    build(&c, alt);
    ganstab_axis nd = axis(&c, "update.nd", 1.0, 10.0, 10);
    s = run_sweep(&c, &nd, 0);
    for (size_t k = 0; k < s->npoints; k++) {
        /* Lemma 2.5: marginal while alpha = sqrt(nd) 0.9 / 2 <= 2, i.e. nd <= 19 */
        assert_close(s->points[k].value, (double)(k + 1), 0.0);
        assert_int_equal(s->points[k].verdict, GANSTAB_VERDICT_MARGINAL);
    }
    assert_int_equal(s->ncross, 0);
    assert_null(s->crossings);
    ganstab_sweep_table_free(s);
}

/* The deciding spectrum and residual of a freshly built game of the case c with `key` = value
 * (c keeps the value: it follows the context's values) against the study context's, bit for
 * bit. */
static void assert_ctx_point_fresh(ganstab_analysis_ctx *ctx, ganstab_case *c, ganstab_case_key key,
                                   double value, size_t n)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_eigenvalue *ev = calloc(n, sizeof *ev), *ev_fresh = calloc(n, sizeof *ev_fresh);
    assert_non_null(ev);
    assert_non_null(ev_fresh);
    assert_int_equal(ganstab_case_param_set(c, key, value, "test", &err), GANSTAB_OK);
    double res = -1.0, res_fresh = -2.0;
    int st = -1, st_fresh = -2;
    assert_int_equal(ganstab_analysis_ctx_set(ctx, key, value, "test", &err), GANSTAB_OK);
    assert_int_equal(ganstab_analysis_ctx_point(ctx, ev, &res, &st, &err), GANSTAB_OK);
    assert_int_equal(ganstab_analysis_point(c, ev_fresh, &res_fresh, &st_fresh, &err), GANSTAB_OK);
    assert_int_equal(st, st_fresh);
    assert_memory_equal(&res, &res_fresh, sizeof res);
    for (size_t i = 0; st && i < n; i++) {
        assert_memory_equal(&ev[i].re, &ev_fresh[i].re, sizeof(double));
        assert_memory_equal(&ev[i].im, &ev_fresh[i].im, sizeof(double));
        assert_memory_equal(&ev[i].error_bound, &ev_fresh[i].error_bound, sizeof(double));
    }
    free(ev);
    free(ev_fresh);
}

/* A study builds a formula game once: a swept [params] value is a variable of the compiled
 * formulas, and every point is bit for bit the freshly built game with that value (the
 * equilibrium found again from the guess, as a fresh build does), for Newton's equilibrium of a
 * field and for a payoff game with ConOpt (third derivatives); regularizer and update keys leave
 * the formulas alone. Counted by the context's builds and by libmatheval's parses: a sweep of 31
 * points parses exactly as many formulas as one of 7. */
static void test_expr_study_builds_once(void **state)
{
    (void)state;
    static const char *const field[] = {
        "case.model=expr", "model.state=x", "model.field=r + x - x^3/3",
        "model.guess=-2",  "params.r=-1",   NULL};
    static const char *const payoff[] = {"case.model=expr",
                                         "model.generator=theta",
                                         "model.discriminator=psi",
                                         "model.payoff=f(psi*theta) - c*psi^2/2 + c*theta^2/4",
                                         "model.equilibrium=0, 0",
                                         "params.c=0.25",
                                         "regularizer.kind=conopt",
                                         "regularizer.gamma=1",
                                         "update.scheme=simgd",
                                         "update.h=0.1",
                                         NULL};
    const char *const *sets[2] = {field, payoff};
    const char *swept[2] = {"params.r", "params.c"};
    const double from[2] = {-1.0, 0.0}, to[2] = {0.5, 2.0};
    ganstab_case *c = malloc(sizeof *c), *cur = malloc(sizeof *cur);
    assert_non_null(c);
    assert_non_null(cur);
    for (size_t t = 0; t < 2; t++) {
        build(c, sets[t]);
        ganstab_error err;
        ganstab_error_clear(&err);
        ganstab_analysis_ctx *ctx = NULL;
        assert_int_equal(ganstab_analysis_ctx_alloc(c, &ctx, &err), GANSTAB_OK);
        size_t n = 0;
        assert_int_equal(ganstab_analysis_ctx_spectrum_size(ctx, &n, &err), GANSTAB_OK);
        ganstab_case_key key = GANSTAB_CASE_NKEYS;
        assert_int_equal(ganstab_case_param_lookup(c, swept[t], "test", &key, &err), GANSTAB_OK);
        unsigned long parses = ganstab_sym_matheval_create_count();
        *cur = *c;
        for (int k = 0; k <= 12; k++)
            assert_ctx_point_fresh(ctx, cur, key, from[t] + (to[t] - from[t]) * k / 12.0, n);
        if (t == 1) { /* a regularizer and an update value: the same formulas */
            assert_ctx_point_fresh(ctx, cur, GANSTAB_KEY_REG_GAMMA, 0.5, n);
            assert_ctx_point_fresh(ctx, cur, GANSTAB_KEY_UPDATE_H, 0.3, n);
            assert_ctx_point_fresh(ctx, cur, key, 1.5, n);
        }
        assert_int_equal(ganstab_analysis_ctx_builds(ctx), 1);
        ganstab_analysis_ctx_free(ctx);
        /* the fresh builds parsed, the context did not after its first build */
        assert_true(ganstab_sym_matheval_create_count() > parses);

        /* whole sweeps (with their crossing searches): parses do not grow with the points */
        unsigned long before = ganstab_sym_matheval_create_count();
        ganstab_axis a7 = axis(c, swept[t], from[t], to[t], 7);
        ganstab_sweep_table *s7 = run_sweep(c, &a7, 1);
        unsigned long mid = ganstab_sym_matheval_create_count();
        ganstab_axis a31 = axis(c, swept[t], from[t], to[t], 31);
        ganstab_sweep_table *s31 = run_sweep(c, &a31, 1);
        unsigned long after = ganstab_sym_matheval_create_count();
        assert_true(mid > before);
        assert_int_equal(after - mid, mid - before);
        /* and the rows are the fresh builds' (every 5th point of 31 is one of the 7) */
        for (size_t k = 0; k < 7; k++) {
            assert_memory_equal(&s7->points[k].value, &s31->points[5 * k].value, sizeof(double));
            assert_int_equal(s7->points[k].verdict, s31->points[5 * k].verdict);
            assert_memory_equal(&s7->points[k].residual, &s31->points[5 * k].residual,
                                sizeof(double));
        }
        ganstab_sweep_table_free(s7);
        ganstab_sweep_table_free(s31);
    }
    free(c);
    free(cur);
}

/* WGAN-GP: x* is stationary only where gamma g0 <= GANSTAB_STATIONARY_TOL; the sweep records the
 * other points as not stationary and the boundary of that gap to the bracket precision. */
static void test_sweep_not_stationary(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",         "case.loss=wgan",
                                      "regularizer.kind=wgan-gp", "regularizer.gamma=0",
                                      "regularizer.g0=2",         NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_axis a = axis(&c, "regularizer.gamma", 0.0, 1.0, 5);
    ganstab_sweep_table *s = run_sweep(&c, &a, 0);
    assert_int_equal(s->points[0].verdict, GANSTAB_VERDICT_MARGINAL);
    for (size_t k = 1; k < s->npoints; k++) {
        assert_int_equal(s->points[k].verdict, GANSTAB_VERDICT_NOT_STATIONARY);
        assert_null(s->points[k].eigenvalues);
        assert_close(s->points[k].residual, 2.0 * s->points[k].value, 1e-15);
        assert_true(isnan(s->points[k].rate));
    }
    assert_int_equal(s->ngaps, 1);
    assert_close(s->gaps[0].lo, GANSTAB_STATIONARY_TOL / 2.0, 1e-12);
    assert_close(s->gaps[0].hi, 1.0, 0.0);
    ganstab_sweep_table_free(s);
}

/* ---- optimum ---------------------------------------------------------------------------- */

static ganstab_optimum *run_optimize(const ganstab_case *c, const char *name, double from,
                                     double to, int geometric)
{
    ganstab_axis a = axis(c, name, from, to, GANSTAB_OPTIMIZE_DEFAULT_SCAN);
    ganstab_study_options opt;
    ganstab_study_options_init(&opt);
    ganstab_optimum *o = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_study_optimize(c, &a, geometric, &opt, &o, &err);
    if (rc != GANSTAB_OK)
        print_error("optimize: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    return o;
}

/* simgd on the Dirac-GAN with gradient penalty, over h (derived:simgd-optimal-h): gamma < 2a:
 * h* = gamma/(2a^2), rho* = sqrt(1 - gamma^2/(4a^2)), smooth; gamma >= 2a: h* = 2/gamma,
 * rho* = sqrt(1 - 4a^2/gamma^2), a kink. Random gamma, including the critical 2a (nilpotent). */
static void test_optimal_h(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 4242);
    for (int trial = 0; trial < 8; trial++) {
        double g = trial == 0 ? 2.0 * A : testutil_rng_uniform(&rng, 0.05, 3.0);
        char gs[64];
        snprintf(gs, sizeof gs, "regularizer.gamma=%.17g", g);
        const char *const set[] = {"case.model=dirac",    "regularizer.kind=gp", gs,
                                   "update.scheme=simgd", "update.h=0.1",        NULL};
        ganstab_case c;
        build(&c, set);
        ganstab_optimum *o = run_optimize(&c, "update.h", 0.01, 8.0, 1);
        double hstar = g < 2.0 * A ? g / (2.0 * A * A) : 2.0 / g;
        double rho =
            g < 2.0 * A ? sqrt(1.0 - g * g / (4.0 * A * A)) : sqrt(1.0 - 4.0 * A * A / (g * g));
        if (fabs(o->argmin - hstar) > BOUNDARY_TOL * fmax(1.0, hstar))
            print_error("gamma = %.17g: h* = %.17g, closed form %.17g\n", g, o->argmin, hstar);
        assert_true(fabs(o->argmin - hstar) <= BOUNDARY_TOL * fmax(1.0, hstar));
        assert_true(fabs(o->objective - rho) <= o->objective_bound + GANSTAB_DEFAULT_TOL);
        assert_int_equal(o->kind, g < 2.0 * A ? GANSTAB_OPTIMUM_SMOOTH : GANSTAB_OPTIMUM_KINK);
        assert_int_equal(o->verdict, GANSTAB_VERDICT_STABLE);
        /* the claim agrees, and a disagreeing prediction would be caught: shift the argmin */
        ganstab_claim_optimum *k = NULL;
        size_t n = 0;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_claims_check_optimum(&c, o, &k, &n, &err), GANSTAB_OK);
        assert_int_equal(n, 1);
        assert_true(k[0].agrees);
        free(k);
        o->argmin += 1e-8;
        assert_int_equal(ganstab_claims_check_optimum(&c, o, &k, &n, &err), GANSTAB_OK);
        assert_false(k[0].agrees);
        free(k);
        ganstab_optimum_free(o);
    }
}

/* Over the damping at fixed h (derived:simgd-optimal-damping): gamma* = 2a, rho* = |1 - h a| for
 * every h; the flow (derived:flow-optimal-damping): gamma* = 2a, max Re lambda = -a; the LQ-GAN's
 * eta* = (J_DD + 2|J_DG|)/(2 J_DG^2) = 2.55. */
static void test_optimal_damping(void **state)
{
    (void)state;
    static const double steps[] = {0.3, 1.0, 2.0, 3.1};
    for (size_t t = 0; t < TESTUTIL_COUNT(steps); t++) {
        char hs[64];
        snprintf(hs, sizeof hs, "update.h=%.17g", steps[t]);
        const char *const set[] = {"case.model=dirac",
                                   "regularizer.kind=gp",
                                   "regularizer.gamma=0.5",
                                   "update.scheme=simgd",
                                   hs,
                                   NULL};
        ganstab_case c;
        build(&c, set);
        ganstab_optimum *o = run_optimize(&c, "regularizer.gamma", 0.01, 4.0, 0);
        assert_close(o->argmin, 2.0 * A, BOUNDARY_TOL);
        assert_true(fabs(o->objective - fabs(1.0 - steps[t] * A)) <=
                    o->objective_bound + GANSTAB_DEFAULT_TOL + 1e-6);
        assert_int_equal(o->kind, GANSTAB_OPTIMUM_KINK);
        ganstab_optimum_free(o);
    }
    static const char *const flow[] = {"case.model=dirac", "regularizer.kind=gp",
                                       "regularizer.gamma=0.5", NULL};
    ganstab_case c;
    build(&c, flow);
    ganstab_optimum *o = run_optimize(&c, "regularizer.gamma", 0.01, 4.0, 0);
    assert_close(o->argmin, 2.0 * A, BOUNDARY_TOL);
    assert_close(o->objective, -A, 1e-12);
    assert_close(o->rate, A, 1e-12);
    ganstab_optimum_free(o);
    static const char *const lq[] = {"case.model=lq2d",     "regularizer.kind=nk",
                                     "regularizer.eta=0.5", "update.scheme=simgd",
                                     "update.h=1",          NULL};
    build(&c, lq);
    o = run_optimize(&c, "regularizer.eta", 0.0, 5.0, 0);
    assert_close(o->argmin, (LQ_JDD + 2.0 * sqrt(LQ_DET)) / (2.0 * LQ_DET), BOUNDARY_TOL);
    assert_close(o->argmin, 2.55, BOUNDARY_TOL);
    assert_true(fabs(o->objective - (1.0 - sqrt(LQ_DET))) <= o->objective_bound + 1e-6);
    ganstab_optimum_free(o);
}

/* Unregularized altgd is on the unit circle for every h <= 4 (Lemma 2.5): a plateau, not a point;
 * an integer parameter is optimized over its values. */
static void test_optimum_plateau_and_grid(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.5",
                                      NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_optimum *o = run_optimize(&c, "update.h", 0.1, 6.0, 0);
    assert_int_equal(o->kind, GANSTAB_OPTIMUM_PLATEAU);
    assert_close(o->plateau_lo, 0.1, 0.0);
    assert_true(o->plateau_hi > 3.98 && o->plateau_hi <= 4.0);
    assert_int_equal(o->verdict, GANSTAB_VERDICT_MARGINAL);
    ganstab_optimum_free(o);
    static const char *const gp[] = {"case.model=dirac",      "regularizer.kind=gp",
                                     "regularizer.gamma=0.5", "update.scheme=altgd",
                                     "update.h=0.5",          NULL};
    build(&c, gp);
    ganstab_axis nd = axis(&c, "update.nd", 1.0, 12.0, 12);
    ganstab_study_options opt;
    ganstab_study_options_init(&opt);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_study_optimize(&c, &nd, 0, &opt, &o, &err), GANSTAB_OK);
    assert_int_equal(o->kind, GANSTAB_OPTIMUM_GRID);
    assert_close(o->argmin, floor(o->argmin), 0.0);
    /* the best nd is the best of the sweep over the same values */
    ganstab_sweep_table *s = run_sweep(&c, &nd, 0);
    double best = INFINITY;
    for (size_t k = 0; k < s->npoints; k++)
        best = fmin(best, s->points[k].spectral_radius);
    assert_close(o->objective, best, 1e-12);
    ganstab_sweep_table_free(s);
    ganstab_optimum_free(o);
}

/* ---- bad input -------------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    static const struct {
        const char *name;
        double from, to;
        size_t count;
        const char *n1, *n2;
    } axes[] = {
        {"update.eta", 0.1, 1.0, 5, "unknown parameter", "'update.eta'"},
        {"regularizer.sigma", 0.1, 1.0, 5, "no effect", "not noise"},
        {"update.nd", 1.0, 5.0, 5, "no effect", "not altgd"},
        {"update.h", 1.0, 0.5, 5, "FROM < TO", NULL},
        {"update.h", 1.0, 1.0, 5, "FROM < TO", NULL},
        {"update.h", 0.0, 1.0, 5, "update.h", "positive"},
        {"regularizer.gamma", -1.0, 1.0, 5, "regularizer.gamma", ">= 0"},
        {"update.h", 0.1, 1.0, 1, "2..", "got 1"},
        {"update.h", 0.1, INFINITY, 5, "FROM < TO", NULL},
        {"critical.from", 0.1, 1.0, 5, "can be varied", NULL},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(axes); i++) {
        ganstab_axis a;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_axis_init(&c, axes[i].name, axes[i].from, axes[i].to, axes[i].count, 2,
                                   100, "--x", &a, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "--x");
        if (strstr(err.message, axes[i].n1) == NULL ||
            (axes[i].n2 != NULL && strstr(err.message, axes[i].n2) == NULL))
            print_error("row %zu: %s\n", i, err.message);
        assert_non_null(strstr(err.message, axes[i].n1));
        if (axes[i].n2 != NULL)
            assert_non_null(strstr(err.message, axes[i].n2));
    }
    /* integer spacing */
    static const char *const alt[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.5",
                                      NULL};
    ganstab_case ca;
    build(&ca, alt);
    ganstab_axis a;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_axis_init(&ca, "update.nd", 1.0, 4.0, 3, 2, 100, "--y", &a, &err),
                 GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "multiple of 2"));
    assert_error(ganstab_axis_init(&ca, "update.nd", 0.5, 4.5, 5, 2, 100, "--y", &a, &err),
                 GANSTAB_EINVAL, &err);
    assert_error(ganstab_axis_init(&ca, "update.nd", 1.0, 1001.0, 2, 2, 100, "--y", &a, &err),
                 GANSTAB_EINVAL, &err);
    /* options, the same parameter twice, nothing stationary, an integer in critical */
    ganstab_axis x = axis(&c, "update.h", 0.1, 1.0, 3), g = axis(&c, "regularizer.gamma", 0, 1, 3);
    ganstab_study_options opt;
    ganstab_study_options_init(&opt);
    ganstab_stability_map *m = NULL;
    opt.tol = -1.0;
    assert_error(ganstab_study_map(&c, &x, &g, &opt, &m, &err), GANSTAB_EINVAL, &err);
    opt.tol = GANSTAB_DEFAULT_TOL;
    opt.threads = GANSTAB_STUDY_THREADS_MAX + 1;
    assert_error(ganstab_study_map(&c, &x, &g, &opt, &m, &err), GANSTAB_EINVAL, &err);
    opt.threads = 0;
    opt.scan = 5;
    assert_error(ganstab_study_map(&c, &x, &g, &opt, &m, &err), GANSTAB_EINVAL, &err);
    opt.scan = 0;
    assert_error(ganstab_study_map(&c, &x, &x, &opt, &m, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "same parameter"));
    assert_null(m);
    static const char *const wgp[] = {"case.model=dirac", "regularizer.kind=wgan-gp",
                                      "regularizer.gamma=1", NULL};
    ganstab_case cw;
    build(&cw, wgp);
    ganstab_axis gw = axis(&cw, "regularizer.gamma", 0.5, 2.0, 20);
    ganstab_optimum *o = NULL;
    assert_error(ganstab_study_optimize(&cw, &gw, 0, &opt, &o, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "not stationary"));
    assert_null(o);
    ganstab_crossing *cr = NULL;
    size_t ncr = 0;
    assert_error(ganstab_analysis_crossings(&ca, GANSTAB_KEY_UPDATE_ND, 1.0, 5.0,
                                            GANSTAB_DEFAULT_TOL, 0, &cr, &ncr, &err),
                 GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "integer"));
    /* the optimize axis without a range needs a nonzero value to scale around */
    static const char *const zero[] = {"case.model=dirac", "regularizer.kind=gp",
                                       "regularizer.gamma=0", NULL};
    ganstab_case cz;
    build(&cz, zero);
    int geometric = 0;
    assert_error(ganstab_optimize_axis_init(&cz, "regularizer.gamma", 0, 0.0, 0.0, 0, "--param", &a,
                                            &geometric, &err),
                 GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "no scale"));
    /* ... and the default range around h = 0.1: [0.001, 10], geometric */
    assert_int_equal(
        ganstab_optimize_axis_init(&c, "update.h", 0, 0.0, 0.0, 0, "--param", &a, &geometric, &err),
        GANSTAB_OK);
    assert_close(a.from, 0.001, 1e-18);
    assert_close(a.to, 10.0, 1e-15);
    assert_int_equal(a.count, GANSTAB_OPTIMIZE_DEFAULT_SCAN);
    assert_true(geometric);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_gp_simgd_random),
        cmocka_unit_test(test_map_curves_and_claims),
        cmocka_unit_test(test_map_gp_altgd_random),
        cmocka_unit_test(test_map_lemma_2_5_rows),
        cmocka_unit_test(test_map_lq2d_random),
        cmocka_unit_test(test_threads_identical),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_sweep_not_stationary),
        cmocka_unit_test(test_expr_study_builds_once),
        cmocka_unit_test(test_optimal_h),
        cmocka_unit_test(test_optimal_damping),
        cmocka_unit_test(test_optimum_plateau_and_grid),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Tests of the GMM-GAN success heatmap (gmm_heatmap.h): results independent of the thread count,
 * each cell equal to a direct loop over ganstab_gmm_step with diagnostics (a second computation of
 * TV, collapses and mode collapse, and without the early exit), the start distribution, the
 * optimal dynamics on the diagonal, and the error paths. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>

#include "ganstab/case.h"
#include "ganstab/gmm.h"
#include "ganstab/gmm_heatmap.h"
#include "ganstab/simulate.h"

/* The small map of every test: 5 x 5 cells, 8 starts, 200 steps (well under a second). */
#define SMALL_GRID 5u
#define SMALL_INITS 8u
#define SMALL_ITERS 200u

static void build_case(ganstab_case *c)
{
    const char *a[] = {"case.model=gmm", "model.mu_star=-0.5 0.5", "model.disc=-2 -1 0 1", NULL};
    testutil_case_build(c, a);
}

static void small_options(ganstab_gmm_heatmap_options *o, ganstab_gmm_dynamics d, unsigned threads)
{
    ganstab_gmm_heatmap_options_init(o);
    o->dynamics = d;
    o->grid = SMALL_GRID;
    o->inits = SMALL_INITS;
    o->iters = SMALL_ITERS;
    o->threads = threads;
}

static ganstab_gmm_heatmap *run_map(const ganstab_case *c, const ganstab_gmm_heatmap_options *o)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_gmm_heatmap *m = NULL;
    assert_int_equal(ganstab_gmm_heatmap_run(c, o, &m, &err), GANSTAB_OK);
    assert_non_null(m);
    return m;
}

static void test_defaults(void **state)
{
    (void)state;
    ganstab_gmm_heatmap_options o;
    ganstab_gmm_heatmap_options_init(&o);
    assert_int_equal(o.grid, 41);
    assert_int_equal(o.inits, 120);
    assert_int_equal(o.iters, 3000);
    assert_true(o.step == 0.3);
    assert_int_equal(o.seed, 1);
    assert_int_equal(o.threads, 0);
    assert_true(ganstab_gmm_heatmap_axis(41, 0) == -1.0);
    assert_true(ganstab_gmm_heatmap_axis(41, 20) == 0.0);
    assert_true(ganstab_gmm_heatmap_axis(41, 40) == 1.0);
}

/* Left ends in [-3, 3], lengths in (0, 3], reproducible, different per (seed, cell, start), and
 * roughly uniform (mean left end within 0.05 of 0 over 20000 draws: sd 3/sqrt(3)/sqrt(20000) =
 * 0.012, so 4 sd). */
static void test_starts(void **state)
{
    (void)state;
    double sum_l = 0.0, sum_len = 0.0;
    size_t n = 0;
    for (size_t cell = 0; cell < 100; cell++)
        for (size_t k = 0; k < 100; k++) {
            double d[4], e[4];
            ganstab_gmm_heatmap_start(7, cell, k, d);
            ganstab_gmm_heatmap_start(7, cell, k, e);
            assert_memory_equal(d, e, sizeof d);
            for (int i = 0; i < 2; i++) {
                double l = d[2 * i], len = d[2 * i + 1] - d[2 * i];
                assert_true(l >= -GANSTAB_GMM_HEATMAP_START_RANGE &&
                            l <= GANSTAB_GMM_HEATMAP_START_RANGE);
                assert_true(len > 0.0 && len <= GANSTAB_GMM_HEATMAP_START_LENGTH + 1e-15);
                sum_l += l;
                sum_len += len;
                n++;
            }
        }
    assert_true(fabs(sum_l / (double)n) < 0.05);
    assert_true(fabs(sum_len / (double)n - 1.5) < 0.05);
    double a[4], b[4], c[4];
    ganstab_gmm_heatmap_start(7, 3, 4, a);
    ganstab_gmm_heatmap_start(7, 4, 3, b);
    ganstab_gmm_heatmap_start(8, 3, 4, c);
    assert_true(a[0] != b[0] && a[0] != c[0]);
}

static void assert_maps_equal(const ganstab_gmm_heatmap *a, const ganstab_gmm_heatmap *b)
{
    assert_int_equal(a->cells, b->cells);
    assert_memory_equal(a->success, b->success, a->cells * sizeof *a->success);
    assert_memory_equal(a->disc_collapse, b->disc_collapse, a->cells * sizeof *a->disc_collapse);
    assert_memory_equal(a->mode_collapse_count, b->mode_collapse_count,
                        a->cells * sizeof *a->mode_collapse_count);
}

static void test_threads_identical(void **state)
{
    (void)state;
    ganstab_case c;
    build_case(&c);
    static const ganstab_gmm_dynamics all[] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_UNROLLED,
                                               GANSTAB_GMM_OPTIMAL};
    for (size_t d = 0; d < TESTUTIL_COUNT(all); d++) {
        ganstab_gmm_heatmap_options o1, o2, o0;
        small_options(&o1, all[d], 1);
        small_options(&o2, all[d], 2);
        small_options(&o0, all[d], 0);
        if (all[d] == GANSTAB_GMM_UNROLLED) /* 6x the work per step */
            o1.iters = o2.iters = o0.iters = 50;
        ganstab_gmm_heatmap *m1 = run_map(&c, &o1), *m2 = run_map(&c, &o2), *m0 = run_map(&c, &o0);
        assert_maps_equal(m1, m2);
        assert_maps_equal(m1, m0);
        for (size_t i = 0; i < m1->cells; i++) {
            assert_true(m1->success[i] <= SMALL_INITS);
            assert_true(m1->disc_collapse[i] <= SMALL_INITS);
            assert_true(m1->mode_collapse_count[i] <= SMALL_INITS);
            /* success excludes mode collapse */
            assert_true(m1->success[i] + m1->mode_collapse_count[i] <= SMALL_INITS);
        }
        ganstab_gmm_heatmap_free(m1);
        ganstab_gmm_heatmap_free(m2);
        ganstab_gmm_heatmap_free(m0);
    }
}

/* Every cell of the first-order map against a direct loop: ganstab_gmm_step with diagnostics
 * (info: TV, collapsed, mode_collapsed computed by the step itself), all steps, no early exit. */
static void test_direct_loop(void **state)
{
    (void)state;
    ganstab_case c;
    build_case(&c);
    ganstab_gmm_heatmap_options o;
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, 2);
    ganstab_gmm_heatmap *m = run_map(&c, &o);
    ganstab_gmm_stepper s;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_gmm_stepper_init(&s, GANSTAB_GMM_FIRST_ORDER, c.gmm_mu_star, o.step,
                                              o.step, c.unroll, c.gmm_mode_collapse, &err),
                     GANSTAB_OK);
    size_t total_success = 0, total_collapse = 0;
    for (size_t i1 = 0; i1 < SMALL_GRID; i1++)
        for (size_t i2 = 0; i2 < SMALL_GRID; i2++) {
            size_t cell = i1 * SMALL_GRID + i2, success = 0, disc = 0, mode = 0;
            for (size_t k = 0; k < SMALL_INITS; k++) {
                double x[GANSTAB_GMM_N];
                x[0] = -1.0 + 0.5 * (double)i1; /* the grid of 5 points, exact in binary */
                x[1] = -1.0 + 0.5 * (double)i2;
                ganstab_gmm_heatmap_start(o.seed, cell, k, x + 2);
                ganstab_gmm_step_info info;
                for (size_t t = 0; t < SMALL_ITERS; t++)
                    assert_int_equal(ganstab_gmm_step(&s, x, &info, &err), GANSTAB_OK);
                success += info.tv < GANSTAB_GMM_TV_SUCCESS && !info.mode_collapsed;
                disc += info.collapsed[0] || info.collapsed[1];
                mode += (size_t)info.mode_collapsed;
            }
            assert_int_equal(m->success[cell], success);
            assert_int_equal(m->disc_collapse[cell], disc);
            assert_int_equal(m->mode_collapse_count[cell], mode);
            total_success += success;
            total_collapse += disc;
        }
    /* the map is not trivial: some runs succeed, some discriminators collapse */
    assert_true(total_success > 0);
    assert_true(total_collapse > 0);
    ganstab_gmm_heatmap_free(m);
}

/* The lane kernel against ganstab_gmm_step, bit for bit: lanes with both intervals open, one
 * collapsed, both collapsed, overlapping intervals and far endpoints, over 400 steps; and its
 * early stop exactly when every lane is dead (the scalar steps then leave every lane unchanged). */
static void test_lanes_bitwise(void **state)
{
    (void)state;
    const double ms[2] = {-0.5, 0.5};
    ganstab_error err;
    ganstab_gmm_stepper s;
    assert_int_equal(
        ganstab_gmm_stepper_init(&s, GANSTAB_GMM_FIRST_ORDER, ms, 0.3, 0.3, 0, 0.05, &err),
        GANSTAB_OK);
    srand(12345);
    for (int trial = 0; trial < 40; trial++) {
        double x[GANSTAB_GMM_N][GANSTAB_GMM_LANES], ref[GANSTAB_GMM_LANES][GANSTAB_GMM_N];
        for (size_t w = 0; w < GANSTAB_GMM_LANES; w++) {
            double st[GANSTAB_GMM_N];
            st[0] = -1.5 + 3.0 * rand() / (double)RAND_MAX;
            st[1] = -1.5 + 3.0 * rand() / (double)RAND_MAX;
            ganstab_gmm_heatmap_start((uint64_t)trial, w, 0, st + 2);
            if (w == 1)
                st[3] = st[2]; /* first interval collapsed from the start */
            if (w == 2)
                st[3] = st[2] - 0.5, st[5] = st[4]; /* both dead */
            if (w == 3)
                st[2] = -40.0, st[3] = 40.0; /* far endpoints: densities underflow to 0 */
            if (trial % 5 == 4)              /* every lane dead: the kernel stops at once */
                st[3] = st[2], st[5] = st[4] - 1.0;
            for (size_t i = 0; i < GANSTAB_GMM_N; i++)
                x[i][w] = ref[w][i] = st[i];
        }
        const size_t steps = 400;
        size_t taken = ganstab_gmm_first_order_lanes(ms, 0.3, 0.3, steps, x);
        int all_dead = 1;
        for (size_t w = 0; w < GANSTAB_GMM_LANES; w++) {
            for (size_t t = 0; t < steps; t++)
                assert_int_equal(ganstab_gmm_step(&s, ref[w], NULL, &err), GANSTAB_OK);
            for (size_t i = 0; i < GANSTAB_GMM_N; i++)
                assert_memory_equal(&x[i][w], &ref[w][i], sizeof(double));
            all_dead &= !ganstab_gmm_interval_open(ref[w][2], ref[w][3]) &&
                        !ganstab_gmm_interval_open(ref[w][4], ref[w][5]);
        }
        if (trial % 5 == 4)
            assert_int_equal(taken, 0);
        else
            assert_true(taken == steps || all_dead);
    }
}

/* Optimal dynamics: on the diagonal mu1 = mu2 the two means get the same gradient and stay
 * equal, so the generator is mode-collapsed and never succeeds; the discriminator is the best
 * response, never collapsed; the K runs of a cell are one run (all or none). */
static void test_optimal(void **state)
{
    (void)state;
    ganstab_case c;
    build_case(&c);
    ganstab_gmm_heatmap_options o;
    small_options(&o, GANSTAB_GMM_OPTIMAL, 2);
    ganstab_gmm_heatmap *m = run_map(&c, &o);
    for (size_t i = 0; i < SMALL_GRID; i++) {
        assert_int_equal(m->success[i * SMALL_GRID + i], 0);
        assert_int_equal(m->mode_collapse_count[i * SMALL_GRID + i], SMALL_INITS);
    }
    size_t success = 0;
    for (size_t i = 0; i < m->cells; i++) {
        assert_int_equal(m->disc_collapse[i], 0);
        assert_true(m->success[i] == 0 || m->success[i] == SMALL_INITS);
        success += m->success[i];
    }
    assert_true(success > 0); /* the paper: the optimal dynamics succeed off the diagonal */
    ganstab_gmm_heatmap_free(m);
}

static void test_seed_matters(void **state)
{
    (void)state;
    ganstab_case c;
    build_case(&c);
    ganstab_gmm_heatmap_options a, b;
    small_options(&a, GANSTAB_GMM_FIRST_ORDER, 2);
    small_options(&b, GANSTAB_GMM_FIRST_ORDER, 2);
    b.seed = 2;
    ganstab_gmm_heatmap *ma = run_map(&c, &a), *mb = run_map(&c, &b);
    assert_true(memcmp(ma->disc_collapse, mb->disc_collapse, ma->cells * sizeof(size_t)) != 0 ||
                memcmp(ma->success, mb->success, ma->cells * sizeof(size_t)) != 0);
    ganstab_gmm_heatmap_free(ma);
    ganstab_gmm_heatmap_free(mb);
}

static void expect_einval(const ganstab_case *c, const ganstab_gmm_heatmap_options *o,
                          const char *where)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_gmm_heatmap *m = (ganstab_gmm_heatmap *)o; /* must be reset to NULL */
    assert_error(ganstab_gmm_heatmap_run(c, o, &m, &err), GANSTAB_EINVAL, &err);
    assert_null(m);
    assert_string_equal(err.where, where);
}

static void test_errors(void **state)
{
    (void)state;
    ganstab_case c;
    build_case(&c);
    ganstab_gmm_heatmap_options o;
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, 1);
    o.grid = 1;
    expect_einval(&c, &o, "grid");
    o.grid = GANSTAB_GMM_HEATMAP_GRID_MAX + 1;
    expect_einval(&c, &o, "grid");
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, 1);
    o.inits = 0;
    expect_einval(&c, &o, "inits");
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, 1);
    o.iters = 0;
    expect_einval(&c, &o, "iters");
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, 1);
    o.step = 0.0;
    expect_einval(&c, &o, "step");
    o.step = NAN;
    expect_einval(&c, &o, "step");
    o.step = INFINITY;
    expect_einval(&c, &o, "step");
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_HEATMAP_THREADS_MAX + 1);
    expect_einval(&c, &o, "threads");
    small_options(&o, GANSTAB_GMM_FIRST_ORDER, 1);
    ganstab_case d;
    const char *a[] = {"case.model=dirac", NULL};
    testutil_case_build(&d, a);
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_gmm_heatmap *m = NULL;
    assert_error(ganstab_gmm_heatmap_run(&d, &o, &m, &err), GANSTAB_EINVAL, &err);
    assert_null(m);
    ganstab_gmm_heatmap_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),          cmocka_unit_test(test_starts),
        cmocka_unit_test(test_threads_identical), cmocka_unit_test(test_direct_loop),
        cmocka_unit_test(test_optimal),           cmocka_unit_test(test_seed_matters),
        cmocka_unit_test(test_lanes_bitwise),     cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

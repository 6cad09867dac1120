/* Unit tests for src/core/eigen.c: eigenvalues of matrices with closed-form spectra, a second
 * computation (roots of the characteristic polynomial) on seeded random 2x2 and 3x3 matrices,
 * the documented sort order, |lambda| = hypot, error bounds (small when well conditioned, large
 * for a Jordan block), the spectral abscissa/radius/complex count, and the error paths. */
#include "testutil.h"

#include <complex.h>
#include <float.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_poly.h>
#include <stdlib.h>

#include "ganstab/eigen.h"

/* Eigenvalues of normal or triangular matrices with O(1)..O(10) entries: backward-stable QR
 * gives errors of a few eps*||A|| ~ 1e-15; 1e-13 (relative to max(1,|lambda|)) leaves room for
 * balancing and a different LAPACK build. */
static const double EIG_TOL = 1e-13;
/* Companion matrices are far from normal (eigenvalue condition numbers ~10..100 for the
 * polynomials below), so allow two more orders than EIG_TOL. */
static const double COMPANION_TOL = 1e-11;
/* Roots of the characteristic polynomial of a random O(1) 3x3 matrix, from its coefficients
 * (trace, principal minors, determinant) with gsl_poly_complex_solve, are accurate to about
 * eps/|p'(lambda)|; over the seeded samples below the largest difference from dgeevx is
 * 1.3e-14, and 1e-12 leaves two orders of room. */
static const double CHARPOLY_TOL = 1e-12;
/* "Well conditioned" per the eigen.h contract: eps*||A||/rcond for a normal O(1) matrix is a
 * few eps; the tests demand it stays below 1e-12. */
static const double WELL_CONDITIONED_BOUND = 1e-12;
/* A defective eigenvalue (Jordan block) has rcond ~ 0: LAPACK's first-order bound must report
 * at least this much (the true perturbation sensitivity is ~sqrt(eps) ~ 1.5e-8). */
static const double DEFECTIVE_BOUND_MIN = 1e-10;
/* |lambda| is hypot(re, im): allow one rounding of hypot (glibc hypot is correctly rounded to
 * within 1 ulp). */
/* Results of the same computation twice, or exact binary values: equality. */
static const double EXACT = 0.0;
static const double HYPOT_TOL = 2.0 * DBL_EPSILON;

typedef struct {
    double re, im;
} cplx;

/* Eigenvalues of a row-major n-by-n literal; fails the test on any error. */
static void eig_rows(size_t n, const double *rows, ganstab_eigenvalue *ev)
{
    ganstab_matrix *a = testutil_matrix_from_rows(n, n, rows);
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_eigen_compute_alloc(a, ev, &err);
    if (rc != GANSTAB_OK)
        print_error("eigen_compute_alloc: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    ganstab_matrix_free(a);
}

/* The documented order: decreasing re, then decreasing im; conjugate pairs adjacent, +im first;
 * and each abs = hypot(re, im). */
static void check_sorted(const ganstab_eigenvalue *ev, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        assert_true(ev[i].re >= ev[i + 1].re);
        if (ev[i].re == ev[i + 1].re && ev[i].im * ev[i + 1].im > 0.0)
            assert_true(ev[i].im > ev[i + 1].im);
    }
    for (size_t i = 0; i < n; i++) {
        assert_rel_close(ev[i].abs, hypot(ev[i].re, ev[i].im), HYPOT_TOL);
        if (ev[i].im > 0.0) {
            /* The conjugate follows immediately, exactly (dgeev returns pairs exactly). */
            assert_true(i + 1 < n);
            assert_true(ev[i + 1].re == ev[i].re);
            assert_true(ev[i + 1].im == -ev[i].im);
        } else if (ev[i].im < 0.0) {
            assert_true(i > 0);
            assert_true(ev[i - 1].re == ev[i].re);
            assert_true(ev[i - 1].im == -ev[i].im);
        }
    }
}

/* Compare, in order, with expected eigenvalues (already in the documented order). */
static void check_equal_in_order(const ganstab_eigenvalue *ev, const cplx *expected, size_t n,
                                 double tol)
{
    for (size_t i = 0; i < n; i++) {
        assert_rel_close(ev[i].re, expected[i].re, tol);
        assert_rel_close(ev[i].im, expected[i].im, tol);
        /* Real eigenvalues come back with im exactly 0 (count_complex relies on it). */
        if (expected[i].im == 0.0)
            assert_true(ev[i].im == 0.0);
    }
}

/* Match each computed eigenvalue to the nearest unused reference root; all within tol. */
static void check_matches_roots(const ganstab_eigenvalue *ev, const cplx *roots, size_t n,
                                double tol)
{
    int used[8] = {0};
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++) {
        size_t best = n;
        double best_d = INFINITY;
        for (size_t j = 0; j < n; j++) {
            if (used[j])
                continue;
            double d = hypot(ev[i].re - roots[j].re, ev[i].im - roots[j].im);
            if (d < best_d) {
                best_d = d;
                best = j;
            }
        }
        assert_true(best < n);
        used[best] = 1;
        assert_close(best_d, 0.0, tol);
    }
}

static void check_well_conditioned(const ganstab_eigenvalue *ev, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_true(isfinite(ev[i].error_bound));
        assert_true(ev[i].error_bound >= 0.0);
        assert_true(ev[i].error_bound < WELL_CONDITIONED_BOUND);
    }
}

/* [[a, -b], [b, a]] has eigenvalues a +- |b| i. */
static void test_rotation_scaling_2x2(void **state)
{
    (void)state;
    static const double table[][2] = {
        {0.0, 0.5},                                /* Dirac-GAN without regularization: +-i/2 */
        {-0.25, 0.433},                            /* damped rotation */
        {1.0, 2.0},     {-3.0, 1e-3}, {0.0, -1.0}, /* b < 0: same pair, +im still first */
        {2.5, 0.0}, /* b = 0: a double real eigenvalue, im exactly 0 */
        {-1e-8, 7.0},
    };
    for (size_t t = 0; t < TESTUTIL_COUNT(table); t++) {
        double a = table[t][0], b = table[t][1];
        const double rows[4] = {a, -b, b, a};
        ganstab_eigenvalue ev[2];
        eig_rows(2, rows, ev);
        const cplx expected[2] = {{a, fabs(b)}, {a, -fabs(b)}};
        check_equal_in_order(ev, expected, 2, EIG_TOL);
        check_sorted(ev, 2);
        check_well_conditioned(ev, 2);
        assert_int_equal(ganstab_eigen_count_complex(ev, 2), b != 0.0 ? 2 : 0);
    }
}

/* A triangular matrix's eigenvalues are its diagonal, whatever lies above (or below) it. */
static void test_triangular(void **state)
{
    (void)state;
    static const double upper[16] = {
        3.0, 1.0, -2.0, 0.5, /**/ 0.0, -1.0, 4.0, 1.0, /**/
        0.0, 0.0, 0.5,  2.0, /**/ 0.0, 0.0,  0.0, 2.0,
    };
    static const double lower[16] = {
        -0.75, 0.0, 0.0, 0.0, /**/ 1.0, 1.25, 0.0, 0.0, /**/
        2.0,   3.0, 0.1, 0.0, /**/ 4.0, 5.0,  6.0, -2.0,
    };
    static const cplx upper_ev[4] = {{3.0, 0}, {2.0, 0}, {0.5, 0}, {-1.0, 0}};
    static const cplx lower_ev[4] = {{1.25, 0}, {0.1, 0}, {-0.75, 0}, {-2.0, 0}};
    ganstab_eigenvalue ev[4];
    eig_rows(4, upper, ev);
    check_equal_in_order(ev, upper_ev, 4, EIG_TOL);
    check_sorted(ev, 4);
    assert_int_equal(ganstab_eigen_count_complex(ev, 4), 0);
    eig_rows(4, lower, ev);
    check_equal_in_order(ev, lower_ev, 4, EIG_TOL);
    check_sorted(ev, 4);
    assert_int_equal(ganstab_eigen_count_complex(ev, 4), 0);
    /* 1x1: the entry itself. */
    const double one[1] = {-4.5};
    eig_rows(1, one, ev);
    assert_close(ev[0].re, -4.5, EXACT);
    assert_close(ev[0].im, 0.0, EXACT);
    assert_close(ev[0].abs, 4.5, EXACT);
}

/* Companion matrix of x^4 + c3 x^3 + c2 x^2 + c1 x + c0: ones on the subdiagonal, last column
 * -c0..-c3. Its eigenvalues are the polynomial's roots. */
static void companion(const double c[4], double rows[16])
{
    for (size_t k = 0; k < 16; k++)
        rows[k] = 0.0;
    for (size_t i = 1; i < 4; i++)
        rows[i * 4 + (i - 1)] = 1.0;
    for (size_t i = 0; i < 4; i++)
        rows[i * 4 + 3] = -c[i];
}

static void test_companion(void **state)
{
    (void)state;
    /* (x-1)(x-2)(x-3)(x+4) = x^4 - 2x^3 - 13x^2 + 38x - 24 */
    static const double c_real[4] = {-24.0, 38.0, -13.0, -2.0};
    static const cplx real_roots[4] = {{3, 0}, {2, 0}, {1, 0}, {-4, 0}};
    /* (x^2+1)(x-2)(x+1/2) = x^4 - 1.5x^3 + 0x^2 - 1.5x - 1 */
    static const double c_mixed[4] = {-1.0, -1.5, 0.0, -1.5};
    static const cplx mixed_roots[4] = {{2, 0}, {0, 1}, {0, -1}, {-0.5, 0}};
    /* (x^2 - 2x + 5)(x^2 + x + 1/2): roots 1 +- 2i, -1/2 +- i/2
       = x^4 - x^3 + 3.5x^2 + 4x + 2.5 */
    static const double c_complex[4] = {2.5, 4.0, 3.5, -1.0};
    static const cplx complex_roots[4] = {{1, 2}, {1, -2}, {-0.5, 0.5}, {-0.5, -0.5}};
    double rows[16];
    ganstab_eigenvalue ev[4];

    companion(c_real, rows);
    eig_rows(4, rows, ev);
    check_equal_in_order(ev, real_roots, 4, COMPANION_TOL);
    check_sorted(ev, 4);

    companion(c_mixed, rows);
    eig_rows(4, rows, ev);
    check_sorted(ev, 4);
    check_equal_in_order(ev, mixed_roots, 4, COMPANION_TOL);
    assert_int_equal(ganstab_eigen_count_complex(ev, 4), 2);

    companion(c_complex, rows);
    eig_rows(4, rows, ev);
    check_sorted(ev, 4);
    check_equal_in_order(ev, complex_roots, 4, COMPANION_TOL);
    assert_int_equal(ganstab_eigen_count_complex(ev, 4), 4);
    /* LAPACK's bound is first order, but for simple roots it must cover the actual error. */
    for (size_t i = 0; i < 4; i++) {
        double actual = hypot(ev[i].re - complex_roots[i].re, ev[i].im - complex_roots[i].im);
        assert_true(actual <= ev[i].error_bound);
    }
}

/* Block diagonal: three 2x2 blocks, each with its own closed-form pair. */
static void test_block_diagonal_6x6(void **state)
{
    (void)state;
    double rows[36] = {0};
    /* block 1: rotation-scaling (-0.25, 0.5) -> -0.25 +- 0.5i */
    rows[0 * 6 + 0] = -0.25;
    rows[0 * 6 + 1] = -0.5;
    rows[1 * 6 + 0] = 0.5;
    rows[1 * 6 + 1] = -0.25;
    /* block 2: rotation-scaling (0.1, 3) -> 0.1 +- 3i */
    rows[2 * 6 + 2] = 0.1;
    rows[2 * 6 + 3] = -3.0;
    rows[3 * 6 + 2] = 3.0;
    rows[3 * 6 + 3] = 0.1;
    /* block 3: [[-2, 5], [0, 0.7]] -> 0.7, -2 */
    rows[4 * 6 + 4] = -2.0;
    rows[4 * 6 + 5] = 5.0;
    rows[5 * 6 + 5] = 0.7;
    static const cplx expected[6] = {{0.7, 0},     {0.1, 3},      {0.1, -3},
                                     {-0.25, 0.5}, {-0.25, -0.5}, {-2.0, 0}};
    ganstab_eigenvalue ev[6];
    eig_rows(6, rows, ev);
    check_equal_in_order(ev, expected, 6, EIG_TOL);
    check_sorted(ev, 6);
    check_well_conditioned(ev, 6);
    assert_int_equal(ganstab_eigen_count_complex(ev, 6), 4);
    assert_close(ganstab_spectral_abscissa(ev, 6), 0.7, EIG_TOL);
    assert_close(ganstab_spectral_radius(ev, 6), hypot(0.1, 3.0), EIG_TOL);
}

/* Several eigenvalues with exactly the same real part (e.g. unregularized games: every pair on
 * the imaginary axis): conjugate pairs must still be adjacent, +im first, as eigen.h promises.
 * Block diagonal rotations with frequencies 1 and 2, and one with a real 0 eigenvalue. */
static void test_sort_pairs_with_equal_real_parts(void **state)
{
    (void)state;
    static const double two_pairs[16] = {
        0.0, -1.0, 0.0, 0.0,  /**/ 1.0, 0.0, 0.0, 0.0, /**/
        0.0, 0.0,  0.0, -2.0, /**/ 0.0, 0.0, 2.0, 0.0,
    };
    static const double pair_and_zero[9] = {0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    ganstab_eigenvalue ev[4];
    eig_rows(4, two_pairs, ev);
    check_matches_roots(ev, (const cplx[]){{0, 1}, {0, -1}, {0, 2}, {0, -2}}, 4, EIG_TOL);
    check_sorted(ev, 4);
    eig_rows(3, pair_and_zero, ev);
    check_matches_roots(ev, (const cplx[]){{0, 1}, {0, -1}, {0, 0}}, 3, EIG_TOL);
    check_sorted(ev, 3);
}

/* Second computation, 2x2: the quadratic formula on x^2 - tr x + det. */
static void test_random_2x2_vs_quadratic(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 2);
    size_t n_complex = 0, n_real = 0;
    for (int t = 0; t < 300; t++) {
        double rows[4];
        for (size_t k = 0; k < 4; k++)
            rows[k] = testutil_rng_uniform(&rng, -1.0, 1.0);
        double tr = rows[0] + rows[3], det = rows[0] * rows[3] - rows[1] * rows[2];
        double disc = tr * tr - 4.0 * det;
        cplx roots[2];
        if (disc < 0.0) {
            double s = 0.5 * sqrt(-disc);
            roots[0] = (cplx){0.5 * tr, s};
            roots[1] = (cplx){0.5 * tr, -s};
            n_complex++;
        } else {
            /* Cancellation-free form: q = (tr + sign(tr) sqrt(disc))/2, roots q and det/q. */
            double q = 0.5 * (tr + copysign(sqrt(disc), tr));
            roots[0] = (cplx){q, 0.0};
            roots[1] = (cplx){q != 0.0 ? det / q : 0.0, 0.0};
            n_real++;
        }
        ganstab_eigenvalue ev[2];
        eig_rows(2, rows, ev);
        check_matches_roots(ev, roots, 2, CHARPOLY_TOL);
        check_sorted(ev, 2);
        /* Same classification real/complex as the discriminant's sign. */
        assert_int_equal(ganstab_eigen_count_complex(ev, 2), disc < 0.0 ? 2 : 0);
    }
    /* The sample exercises both branches. */
    assert_true(n_complex > 50);
    assert_true(n_real > 50);
}

/* Second computation, 3x3: roots of det(xI - A) = x^3 - tr x^2 + m2 x - det, where m2 is the
 * sum of the principal 2x2 minors, found by gsl_poly_complex_solve (companion QR inside GSL,
 * independent of our dgeevx call and its balancing). */
static void test_random_3x3_vs_charpoly(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    gsl_poly_complex_workspace *w = gsl_poly_complex_workspace_alloc(4);
    assert_non_null(w);
    testutil_rng rng;
    testutil_rng_seed(&rng, 3);
    size_t with_complex = 0;
    for (int t = 0; t < 300; t++) {
        double r[9];
        for (size_t k = 0; k < 9; k++)
            r[k] = testutil_rng_uniform(&rng, -1.0, 1.0);
        double tr = 0.0, m2 = 0.0, det = 0.0;
        testutil_charpoly3(r, &tr, &m2, &det);
        const double coeff[4] = {-det, m2, -tr, 1.0};
        double z[6];
        assert_int_equal(gsl_poly_complex_solve(coeff, 4, w, z), GSL_SUCCESS);
        cplx roots[3];
        for (size_t k = 0; k < 3; k++)
            roots[k] = (cplx){z[2 * k], z[2 * k + 1]};
        ganstab_eigenvalue ev[3];
        eig_rows(3, r, ev);
        check_matches_roots(ev, roots, 3, CHARPOLY_TOL);
        check_sorted(ev, 3);
        /* Invariants of the spectrum against the coefficients (a third view). */
        double sum = ev[0].re + ev[1].re + ev[2].re;
        assert_close(sum, tr, CHARPOLY_TOL);
        if (ganstab_eigen_count_complex(ev, 3) > 0)
            with_complex++;
    }
    assert_true(with_complex > 50);
    gsl_poly_complex_workspace_free(w);
}

/* Reusing one workspace gives the same answers as the allocating variant, and the input matrix
 * is not modified (dgeevx overwrites its argument: the library must copy). */
static void test_workspace_reuse_and_input_preserved(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 5);
    ganstab_eigen_workspace *w = ganstab_eigen_alloc(5);
    assert_non_null(w);
    ganstab_matrix *a = ganstab_matrix_alloc(5, 5);
    ganstab_matrix *saved = ganstab_matrix_alloc(5, 5);
    assert_non_null(a);
    assert_non_null(saved);
    ganstab_error err;
    ganstab_error_clear(&err);
    for (int t = 0; t < 10; t++) {
        for (size_t k = 0; k < 25; k++)
            a->data[k] = testutil_rng_uniform(&rng, -2.0, 2.0);
        assert_int_equal(ganstab_matrix_copy(a, saved, &err), GANSTAB_OK);
        ganstab_eigenvalue ev1[5], ev2[5];
        assert_int_equal(ganstab_eigen_compute(a, ev1, w, &err), GANSTAB_OK);
        assert_close(ganstab_matrix_max_abs_diff(a, saved), 0.0, EXACT);
        assert_int_equal(ganstab_eigen_compute_alloc(a, ev2, &err), GANSTAB_OK);
        for (size_t i = 0; i < 5; i++) {
            assert_close(ev1[i].re, ev2[i].re, EXACT);
            assert_close(ev1[i].im, ev2[i].im, EXACT);
        }
        check_sorted(ev1, 5);
    }
    ganstab_matrix_free(a);
    ganstab_matrix_free(saved);
    ganstab_eigen_free(w);
}

static void test_error_bounds(void **state)
{
    (void)state;
    /* Symmetric (normal) matrix: perfectly conditioned eigenvalues 3 and 1. */
    static const double sym[4] = {2.0, 1.0, 1.0, 2.0};
    ganstab_eigenvalue ev[2];
    eig_rows(2, sym, ev);
    check_well_conditioned(ev, 2);
    /* Jordan block: the double eigenvalue 1 is defective, its rcond ~ 0. */
    static const double jordan[4] = {1.0, 1.0, 0.0, 1.0};
    eig_rows(2, jordan, ev);
    for (size_t i = 0; i < 2; i++) {
        assert_close(ev[i].re, 1.0, EIG_TOL);
        assert_true(ev[i].error_bound > DEFECTIVE_BOUND_MIN); /* +inf allowed */
    }
    /* A nearly defective block [[1, 1], [d, 1]] (eigenvalues 1 +- sqrt(d)) is flagged too. */
    static const double near_jordan[4] = {1.0, 1.0, 1e-20, 1.0};
    eig_rows(2, near_jordan, ev);
    for (size_t i = 0; i < 2; i++)
        assert_true(ev[i].error_bound > DEFECTIVE_BOUND_MIN);
}

static void test_spectral_summaries(void **state)
{
    (void)state;
    const ganstab_eigenvalue ev[5] = {
        {0.3, 0.0, 0.3, 0.0},
        {-0.1, 2.0, hypot(-0.1, 2.0), 0.0},
        {-0.1, -2.0, hypot(-0.1, 2.0), 0.0},
        {-0.5, 0.0, 0.5, 0.0},
        {-3.0, 0.0, 3.0, 0.0},
    };
    assert_close(ganstab_spectral_abscissa(ev, 5), 0.3, EXACT);
    assert_close(ganstab_spectral_radius(ev, 5), 3.0, EXACT);
    assert_int_equal(ganstab_eigen_count_complex(ev, 5), 2);
    assert_close(ganstab_spectral_abscissa(ev + 1, 4), -0.1, EXACT);
    assert_close(ganstab_spectral_radius(ev, 3), hypot(0.1, 2.0), EXACT);
    assert_int_equal(ganstab_eigen_count_complex(ev + 3, 2), 0);
    /* A tiny but nonzero imaginary part counts: only exact zeros are real. */
    const ganstab_eigenvalue tiny[2] = {{1.0, 1e-300, 1.0, 0.0}, {1.0, -1e-300, 1.0, 0.0}};
    assert_int_equal(ganstab_eigen_count_complex(tiny, 2), 2);
    /* All negative: abscissa is the largest, not 0. */
    const ganstab_eigenvalue neg[2] = {{-2.0, 0.0, 2.0, 0.0}, {-5.0, 0.0, 5.0, 0.0}};
    assert_close(ganstab_spectral_abscissa(neg, 2), -2.0, EXACT);
}

static void test_nonfinite_entry(void **state)
{
    (void)state;
    const double bad[3] = {NAN, INFINITY, -INFINITY};
    ganstab_eigen_workspace *w = ganstab_eigen_alloc(3);
    assert_non_null(w);
    ganstab_matrix *a = ganstab_matrix_alloc(3, 3);
    assert_non_null(a);
    ganstab_matrix_set_identity(a);
    for (size_t b = 0; b < 3; b++) {
        ganstab_matrix_set(a, 1, 2, bad[b]);
        ganstab_eigenvalue ev[3];
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_error(ganstab_eigen_compute(a, ev, w, &err), GANSTAB_ENUMERIC, &err);
        /* The message names the entry, 1-based: (2,3). */
        assert_non_null(strstr(err.message, "(2,3)"));
        ganstab_error_clear(&err);
        assert_error(ganstab_eigen_compute_alloc(a, ev, &err), GANSTAB_ENUMERIC, &err);
    }
    ganstab_matrix_free(a);
    ganstab_eigen_free(w);
}

static void test_bad_shapes(void **state)
{
    (void)state;
    assert_null(ganstab_eigen_alloc(0));
    ganstab_eigen_free(NULL); /* no-op */

    ganstab_eigen_workspace *w3 = ganstab_eigen_alloc(3);
    assert_non_null(w3);
    ganstab_matrix *rect = ganstab_matrix_alloc(3, 2);
    ganstab_matrix *sq2 = ganstab_matrix_alloc(2, 2);
    ganstab_matrix *sq4 = ganstab_matrix_alloc(4, 4);
    assert_non_null(rect);
    assert_non_null(sq2);
    assert_non_null(sq4);
    ganstab_eigenvalue ev[4];
    ganstab_error err;

    ganstab_error_clear(&err);
    assert_error(ganstab_eigen_compute(rect, ev, w3, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_eigen_compute_alloc(rect, ev, &err), GANSTAB_EINVAL, &err);
    /* Square, but the workspace is for another size. */
    ganstab_error_clear(&err);
    assert_error(ganstab_eigen_compute(sq2, ev, w3, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_eigen_compute(sq4, ev, w3, &err), GANSTAB_EINVAL, &err);
    /* NULL error record: the code still comes back. */
    assert_int_equal(ganstab_eigen_compute(sq2, ev, w3, NULL), GANSTAB_EINVAL);

    ganstab_matrix_free(rect);
    ganstab_matrix_free(sq2);
    ganstab_matrix_free(sq4);
    ganstab_eigen_free(w3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotation_scaling_2x2),
        cmocka_unit_test(test_triangular),
        cmocka_unit_test(test_companion),
        cmocka_unit_test(test_block_diagonal_6x6),
        cmocka_unit_test(test_sort_pairs_with_equal_real_parts),
        cmocka_unit_test(test_random_2x2_vs_quadratic),
        cmocka_unit_test(test_random_3x3_vs_charpoly),
        cmocka_unit_test(test_workspace_reuse_and_input_preserved),
        cmocka_unit_test(test_error_bounds),
        cmocka_unit_test(test_spectral_summaries),
        cmocka_unit_test(test_nonfinite_entry),
        cmocka_unit_test(test_bad_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

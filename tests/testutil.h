/* Shared helpers for the cmocka unit tests: closeness assertions with a named tolerance,
 * error-record assertions, a deterministic PRNG (no rand(): results must not depend on the C
 * library), and small matrix builders. Header-only; every function is static inline. */
#ifndef GANSTAB_TESTUTIL_H
#define GANSTAB_TESTUTIL_H

/* cmocka needs these before its header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/error.h"
#include "ganstab/matrix.h"

/* |actual - expected| <= tol, reported with both values at %.17g and the tolerance's name. */
static inline void testutil_assert_close(double actual, double expected, double tol,
                                         const char *actual_expr, const char *expected_expr,
                                         const char *tol_expr, const char *file, int line)
{
    double d = fabs(actual - expected);
    if (!(d <= tol)) {
        print_error("%s = %.17g, %s = %.17g, |diff| = %.3g > %s = %.3g\n", actual_expr, actual,
                    expected_expr, expected, d, tol_expr, tol);
        _fail(file, line);
    }
}

/* |actual - expected| <= tol * max(1, |expected|): relative for large values, absolute near 0. */
static inline void testutil_assert_rel_close(double actual, double expected, double tol,
                                             const char *actual_expr, const char *expected_expr,
                                             const char *tol_expr, const char *file, int line)
{
    double scale = fmax(1.0, fabs(expected));
    double d = fabs(actual - expected);
    if (!(d <= tol * scale)) {
        print_error("%s = %.17g, %s = %.17g, |diff| = %.3g > %s * %.3g = %.3g\n", actual_expr,
                    actual, expected_expr, expected, d, tol_expr, scale, tol * scale);
        _fail(file, line);
    }
}

#define assert_close(actual, expected, tol)                                                        \
    testutil_assert_close((actual), (expected), (tol), #actual, #expected, #tol, __FILE__, __LINE__)
#define assert_rel_close(actual, expected, tol)                                                    \
    testutil_assert_rel_close((actual), (expected), (tol), #actual, #expected, #tol, __FILE__,     \
                              __LINE__)

/* The error contract: the function returned `code` and the record holds the same code and a
 * non-empty message. */
static inline void testutil_assert_error(int rc, int code, const ganstab_error *err,
                                         const char *expr, const char *file, int line)
{
    if (rc != code || err->code != code || err->message[0] == '\0') {
        print_error("%s: rc = %d, err.code = %d (expected %d), where = \"%s\", message = \"%s\"\n",
                    expr, rc, err->code, code, err->where, err->message);
        _fail(file, line);
    }
}

#define assert_error(rc, code, err)                                                                \
    testutil_assert_error((rc), (code), (err), #rc, __FILE__, __LINE__)

/* xorshift64* (Vigna 2016): tiny, deterministic across platforms, plenty for test inputs. */
typedef struct {
    uint64_t state;
} testutil_rng;

static inline void testutil_rng_seed(testutil_rng *r, uint64_t seed)
{
    r->state = seed != 0 ? seed : 0x9E3779B97F4A7C15ull; /* the state must never be 0 */
}

static inline uint64_t testutil_rng_next(testutil_rng *r)
{
    uint64_t x = r->state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

/* Uniform in [lo, hi): the top 53 bits give every double in [0, 1) on a 2^-53 grid. */
static inline double testutil_rng_uniform(testutil_rng *r, double lo, double hi)
{
    double u = (double)(testutil_rng_next(r) >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * u;
}

/* A rows-by-cols matrix from a row-major literal (how matrices are written on paper);
 * fails the test if allocation fails. Free with ganstab_matrix_free. */
static inline ganstab_matrix *testutil_matrix_from_rows(size_t rows, size_t cols,
                                                        const double *row_major)
{
    ganstab_matrix *m = ganstab_matrix_alloc(rows, cols);
    assert_non_null(m);
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            ganstab_matrix_set(m, i, j, row_major[i * cols + j]);
    return m;
}

#define TESTUTIL_COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Characteristic polynomial lambda^3 - tr lambda^2 + m2 lambda - det of the row-major 3x3
 * matrix r: trace, sum of principal 2x2 minors, determinant (a second computation of the
 * spectrum, independent of LAPACK). */
static inline void testutil_charpoly3(const double *r, double *tr, double *m2, double *det)
{
#define R(i, j) r[(i)*3 + (j)]
    *tr = R(0, 0) + R(1, 1) + R(2, 2);
    *m2 = (R(0, 0) * R(1, 1) - R(0, 1) * R(1, 0)) + (R(0, 0) * R(2, 2) - R(0, 2) * R(2, 0)) +
          (R(1, 1) * R(2, 2) - R(1, 2) * R(2, 1));
    *det = R(0, 0) * (R(1, 1) * R(2, 2) - R(1, 2) * R(2, 1)) -
           R(0, 1) * (R(1, 0) * R(2, 2) - R(1, 2) * R(2, 0)) +
           R(0, 2) * (R(1, 0) * R(2, 1) - R(1, 1) * R(2, 0));
#undef R
}

/* A case "mem.ini" from "SECTION.KEY=VALUE" strings (NULL-terminated list), each set as if at
 * line i+1 (not validated); fails the test on any error. */
static inline void testutil_case_build(ganstab_case *c, const char *const *assignments)
{
    ganstab_case_init(c, "mem.ini");
    for (size_t i = 0; assignments[i] != NULL; i++) {
        const char *a = assignments[i], *dot = strchr(a, '.'), *eq = strchr(a, '=');
        assert_non_null(dot);
        assert_non_null(eq);
        char section[32], key[32], where[48];
        snprintf(section, sizeof section, "%.*s", (int)(dot - a), a);
        snprintf(key, sizeof key, "%.*s", (int)(eq - dot - 1), dot + 1);
        snprintf(where, sizeof where, "mem.ini:%zu", i + 1);
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_case_set(c, section, key, eq + 1, where, &err);
        if (rc != GANSTAB_OK)
            print_error("%s: %s: %s\n", a, err.where, err.message);
        assert_int_equal(rc, GANSTAB_OK);
    }
}

/* ganstab_regularizer_init; fails the test (printing the error) otherwise. */
static inline void testutil_regularizer(ganstab_regularizer *r, ganstab_regularizer_kind kind,
                                        double gamma, double sigma, double g0, double eta)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_regularizer_init(r, kind, gamma, sigma, g0, eta, &err);
    if (rc != GANSTAB_OK)
        print_error("regularizer_init: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

/* ganstab_field_eval (v, and J when not NULL); fails the test otherwise. */
static inline void testutil_field_eval(const ganstab_model *m, const ganstab_regularizer *r,
                                       const double *x, double *v, double *J)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_field_eval(m, r, x, v, J, &err);
    if (rc != GANSTAB_OK)
        print_error("field_eval: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

/* ganstab_analyze with the default tolerance; fails the test (printing the error) otherwise. */
static inline ganstab_result *testutil_analyze(const ganstab_case *c)
{
    ganstab_result *r = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_analyze(c, GANSTAB_DEFAULT_TOL, &r, &err);
    if (rc != GANSTAB_OK)
        print_error("analyze: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_non_null(r);
    return r;
}

#endif

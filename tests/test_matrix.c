/* Unit tests for src/core/matrix.c: allocation, column-major layout, identity, copy, product
 * (against hand-computed products and a second, element-wise computation), finiteness scan,
 * max_abs_diff, and every error path. */
#include "testutil.h"

#include "ganstab/matrix.h"

/* Products of small integers are exact in double arithmetic: demand equality. */
static const double EXACT = 0.0;
/* Random products of O(1) entries with inner dimension <= 5: each sum has at most 5 rounded
 * terms, so two summation orders differ by a few ulps of 5; 1e-14 leaves two orders of room. */
static const double PRODUCT_TOL = 1e-14;

static void test_alloc_zero_dims_is_null(void **state)
{
    (void)state;
    assert_null(ganstab_matrix_alloc(0, 3));
    assert_null(ganstab_matrix_alloc(3, 0));
    assert_null(ganstab_matrix_alloc(0, 0));
    /* rows*cols*sizeof(double) overflows size_t: refused, not wrapped around. */
    assert_null(ganstab_matrix_alloc((size_t)-1 / 4, 4));
}

static void test_alloc_is_zero_and_free_null(void **state)
{
    (void)state;
    ganstab_matrix *m = ganstab_matrix_alloc(3, 4);
    assert_non_null(m);
    assert_non_null(m->data);
    assert_int_equal(m->rows, 3);
    assert_int_equal(m->cols, 4);
    for (size_t k = 0; k < 12; k++)
        assert_true(m->data[k] == 0.0);
    ganstab_matrix_free(m);
    ganstab_matrix_free(NULL); /* must be a no-op */
}

static void test_get_set_column_major(void **state)
{
    (void)state;
    ganstab_matrix *m = ganstab_matrix_alloc(2, 3);
    assert_non_null(m);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 3; j++)
            ganstab_matrix_set(m, i, j, (double)(10 * i + j));
    /* LAPACK's layout: data[i + j*rows]. */
    static const double expected[6] = {0, 10, 1, 11, 2, 12};
    for (size_t k = 0; k < 6; k++)
        assert_close(m->data[k], expected[k], EXACT);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 3; j++)
            assert_close(ganstab_matrix_get(m, i, j), (double)(10 * i + j), EXACT);
    ganstab_matrix_free(m);
}

static void test_identity(void **state)
{
    (void)state;
    ganstab_matrix *m = ganstab_matrix_alloc(4, 4);
    assert_non_null(m);
    for (size_t k = 0; k < 16; k++)
        m->data[k] = 7.0; /* overwritten everywhere, not just on the diagonal */
    ganstab_matrix_set_identity(m);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            assert_close(ganstab_matrix_get(m, i, j), i == j ? 1.0 : 0.0, EXACT);
    ganstab_matrix_free(m);

    /* Rectangular: ones on the leading diagonal. */
    ganstab_matrix *r = ganstab_matrix_alloc(2, 3);
    assert_non_null(r);
    ganstab_matrix_set_identity(r);
    static const double expected[6] = {1, 0, 0, 1, 0, 0};
    for (size_t k = 0; k < 6; k++)
        assert_close(r->data[k], expected[k], EXACT);
    ganstab_matrix_free(r);
}

static void test_copy(void **state)
{
    (void)state;
    static const double rows[6] = {1, 2, 3, 4, 5, 6};
    ganstab_matrix *a = testutil_matrix_from_rows(2, 3, rows);
    ganstab_matrix *b = ganstab_matrix_alloc(2, 3);
    assert_non_null(b);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_matrix_copy(a, b, &err), GANSTAB_OK);
    assert_close(ganstab_matrix_max_abs_diff(a, b), 0.0, EXACT);
    assert_true(a->data != b->data);
    ganstab_matrix_free(a);
    ganstab_matrix_free(b);
}

static void test_copy_dimension_mismatch(void **state)
{
    (void)state;
    ganstab_matrix *a = ganstab_matrix_alloc(2, 3);
    ganstab_matrix *b = ganstab_matrix_alloc(3, 2); /* same size, transposed shape */
    ganstab_matrix *c = ganstab_matrix_alloc(2, 2);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_copy(a, b, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_copy(a, c, &err), GANSTAB_EINVAL, &err);
    /* A NULL error record is allowed: the code still comes back. */
    assert_int_equal(ganstab_matrix_copy(a, c, NULL), GANSTAB_EINVAL);
    ganstab_matrix_free(a);
    ganstab_matrix_free(b);
    ganstab_matrix_free(c);
}

static void test_mul_known(void **state)
{
    (void)state;
    /* [[1,2,3],[4,5,6]] * [[7,8],[9,10],[11,12]] = [[58,64],[139,154]] */
    static const double ar[6] = {1, 2, 3, 4, 5, 6};
    static const double br[6] = {7, 8, 9, 10, 11, 12};
    static const double cr[4] = {58, 64, 139, 154};
    ganstab_matrix *a = testutil_matrix_from_rows(2, 3, ar);
    ganstab_matrix *b = testutil_matrix_from_rows(3, 2, br);
    ganstab_matrix *expected = testutil_matrix_from_rows(2, 2, cr);
    ganstab_matrix *c = ganstab_matrix_alloc(2, 2);
    assert_non_null(c);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_matrix_mul(a, b, c, &err), GANSTAB_OK);
    assert_close(ganstab_matrix_max_abs_diff(c, expected), 0.0, EXACT);

    /* Rotation by 90 degrees four times is the identity. */
    static const double rot[4] = {0, -1, 1, 0};
    ganstab_matrix *r = testutil_matrix_from_rows(2, 2, rot);
    ganstab_matrix *p = ganstab_matrix_alloc(2, 2);
    ganstab_matrix *q = ganstab_matrix_alloc(2, 2);
    ganstab_matrix *id = ganstab_matrix_alloc(2, 2);
    assert_non_null(p);
    assert_non_null(q);
    assert_non_null(id);
    ganstab_matrix_set_identity(id);
    assert_int_equal(ganstab_matrix_mul(r, r, p, &err), GANSTAB_OK); /* a == b is allowed */
    assert_int_equal(ganstab_matrix_mul(p, p, q, &err), GANSTAB_OK);
    assert_close(ganstab_matrix_max_abs_diff(q, id), 0.0, EXACT);

    ganstab_matrix_free(a);
    ganstab_matrix_free(b);
    ganstab_matrix_free(expected);
    ganstab_matrix_free(c);
    ganstab_matrix_free(r);
    ganstab_matrix_free(p);
    ganstab_matrix_free(q);
    ganstab_matrix_free(id);
}

/* Second computation: c_ij as the dot product of row i of a and column j of b, accumulated in
 * the opposite order, on seeded random matrices of several shapes. */
static void test_mul_random_vs_dot_products(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 20180101u);
    static const size_t shapes[][3] = {{1, 1, 1}, {2, 3, 4}, {5, 5, 5}, {4, 1, 3}, {3, 5, 2}};
    for (size_t s = 0; s < TESTUTIL_COUNT(shapes); s++) {
        size_t m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
        ganstab_matrix *a = ganstab_matrix_alloc(m, k);
        ganstab_matrix *b = ganstab_matrix_alloc(k, n);
        ganstab_matrix *c = ganstab_matrix_alloc(m, n);
        assert_non_null(a);
        assert_non_null(b);
        assert_non_null(c);
        for (size_t t = 0; t < m * k; t++)
            a->data[t] = testutil_rng_uniform(&rng, -1.0, 1.0);
        for (size_t t = 0; t < k * n; t++)
            b->data[t] = testutil_rng_uniform(&rng, -1.0, 1.0);
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_matrix_mul(a, b, c, &err), GANSTAB_OK);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
                double dot = 0.0;
                for (size_t l = k; l-- > 0;)
                    dot += a->data[i + l * m] * b->data[l + j * k];
                assert_close(ganstab_matrix_get(c, i, j), dot, PRODUCT_TOL);
            }
        ganstab_matrix_free(a);
        ganstab_matrix_free(b);
        ganstab_matrix_free(c);
    }
}

static void test_mul_dimension_mismatch(void **state)
{
    (void)state;
    ganstab_matrix *a = ganstab_matrix_alloc(2, 3);
    ganstab_matrix *b = ganstab_matrix_alloc(2, 3); /* inner dimensions 3 vs 2 */
    ganstab_matrix *b_ok = ganstab_matrix_alloc(3, 4);
    ganstab_matrix *c_wrong_rows = ganstab_matrix_alloc(3, 4);
    ganstab_matrix *c_wrong_cols = ganstab_matrix_alloc(2, 3);
    ganstab_matrix *c_ok = ganstab_matrix_alloc(2, 4);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(b_ok);
    assert_non_null(c_wrong_rows);
    assert_non_null(c_wrong_cols);
    assert_non_null(c_ok);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_mul(a, b, c_ok, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_mul(a, b_ok, c_wrong_rows, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_mul(a, b_ok, c_wrong_cols, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_matrix_mul(a, b_ok, c_ok, &err), GANSTAB_OK);
    assert_int_equal(err.code, GANSTAB_OK);
    ganstab_matrix_free(a);
    ganstab_matrix_free(b);
    ganstab_matrix_free(b_ok);
    ganstab_matrix_free(c_wrong_rows);
    ganstab_matrix_free(c_wrong_cols);
    ganstab_matrix_free(c_ok);
}

static void test_mul_aliasing(void **state)
{
    (void)state;
    static const double ar[4] = {1, 2, 3, 4};
    ganstab_matrix *a = testutil_matrix_from_rows(2, 2, ar);
    ganstab_matrix *b = testutil_matrix_from_rows(2, 2, ar);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_mul(a, b, a, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_mul(a, b, b, &err), GANSTAB_EINVAL, &err);
    ganstab_error_clear(&err);
    assert_error(ganstab_matrix_mul(a, a, a, &err), GANSTAB_EINVAL, &err);
    /* The refused call left its operands untouched. */
    for (size_t k = 0; k < 4; k++) {
        assert_close(a->data[k], b->data[k], EXACT);
    }
    assert_close(ganstab_matrix_get(a, 0, 1), 2.0, EXACT);
    ganstab_matrix_free(a);
    ganstab_matrix_free(b);
}

static void test_all_finite(void **state)
{
    (void)state;
    ganstab_matrix *m = ganstab_matrix_alloc(3, 4);
    assert_non_null(m);
    size_t bi = 99, bj = 99;
    assert_int_equal(ganstab_matrix_all_finite(m, &bi, &bj), 1);
    assert_int_equal(bi, 99); /* untouched when all entries are finite */
    assert_int_equal(bj, 99);
    assert_int_equal(ganstab_matrix_all_finite(m, NULL, NULL), 1);

    /* Each bad value, alone, at each position, is found at that position. */
    const double bad[3] = {NAN, INFINITY, -INFINITY};
    for (size_t b = 0; b < 3; b++)
        for (size_t i = 0; i < 3; i++)
            for (size_t j = 0; j < 4; j++) {
                ganstab_matrix_set(m, i, j, bad[b]);
                bi = bj = 99;
                assert_int_equal(ganstab_matrix_all_finite(m, &bi, &bj), 0);
                assert_int_equal(bi, i);
                assert_int_equal(bj, j);
                assert_int_equal(ganstab_matrix_all_finite(m, NULL, NULL), 0);
                ganstab_matrix_set(m, i, j, 0.0);
            }

    /* Two bad entries: the first in column-major order is reported. */
    ganstab_matrix_set(m, 0, 2, NAN);
    ganstab_matrix_set(m, 2, 1, INFINITY);
    assert_int_equal(ganstab_matrix_all_finite(m, &bi, &bj), 0);
    assert_int_equal(bi, 2);
    assert_int_equal(bj, 1);

    /* Huge but finite is finite. */
    ganstab_matrix_set(m, 0, 2, 0.0);
    ganstab_matrix_set(m, 2, 1, 1.7976931348623157e308);
    assert_int_equal(ganstab_matrix_all_finite(m, NULL, NULL), 1);
    ganstab_matrix_free(m);
}

static void test_max_abs_diff(void **state)
{
    (void)state;
    static const double ar[6] = {1, 2, 3, 4, 5, 6};
    static const double br[6] = {1, 2.5, 3, 4, 2, 6};
    ganstab_matrix *a = testutil_matrix_from_rows(2, 3, ar);
    ganstab_matrix *b = testutil_matrix_from_rows(2, 3, br);
    assert_close(ganstab_matrix_max_abs_diff(a, a), 0.0, EXACT);
    assert_close(ganstab_matrix_max_abs_diff(a, b), 3.0, EXACT);
    assert_close(ganstab_matrix_max_abs_diff(b, a), 3.0, EXACT); /* symmetric */
    /* A NaN difference must not be hidden by a larger finite one. */
    ganstab_matrix_set(b, 0, 0, NAN);
    assert_true(isnan(ganstab_matrix_max_abs_diff(a, b)));
    ganstab_matrix_set(b, 0, 0, 1.0);
    ganstab_matrix_set(b, 1, 2, INFINITY);
    assert_true(isinf(ganstab_matrix_max_abs_diff(a, b)));
    ganstab_matrix_free(a);
    ganstab_matrix_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_zero_dims_is_null),
        cmocka_unit_test(test_alloc_is_zero_and_free_null),
        cmocka_unit_test(test_get_set_column_major),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_copy_dimension_mismatch),
        cmocka_unit_test(test_mul_known),
        cmocka_unit_test(test_mul_random_vs_dot_products),
        cmocka_unit_test(test_mul_dimension_mismatch),
        cmocka_unit_test(test_mul_aliasing),
        cmocka_unit_test(test_all_finite),
        cmocka_unit_test(test_max_abs_diff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

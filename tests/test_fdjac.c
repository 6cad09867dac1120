/* Unit tests for src/core/fdjac.c: the central-difference Jacobian against analytic Jacobians of
 * nonlinear fields (closed forms, column-major orientation), a linear field (exact answer), a
 * second computation (a hand-rolled 4th-order central difference), and the error paths (a failing
 * field, a non-finite field). */
#include "testutil.h"

#include <stdlib.h>

#include "ganstab/fdjac.h"

/* gsl_deriv_central balances truncation against rounding: error ~ eps^(2/3) ~ 1e-11 for O(1)
 * fields with O(1) third derivatives (GANSTAB_FD_STEP comment); 1e-8 leaves three orders and is
 * still 10x tighter than GANSTAB_FD_TOL, the tolerance the reports use. */
static const double FD_TEST_TOL = 1e-8;
/* For a linear field the central difference has no truncation error, only rounding of
 * (v(x+h) - v(x-h))/2h with h ~ 1e-4..1e-2: ~eps/h ~ 1e-12. */
static const double LINEAR_TOL = 1e-10;

/* v = (sin(x0) x1, exp(x0) - x1^3); J = [[cos(x0) x1, sin(x0)], [exp(x0), -3 x1^2]]. */
static int field_trig_exp(const double *x, double *v, double *J, void *ctx, ganstab_error *err)
{
    assert_null(J); /* fdjac asks for v only */
    (void)ctx;
    (void)err;
    v[0] = sin(x[0]) * x[1];
    v[1] = exp(x[0]) - x[1] * x[1] * x[1];
    return GANSTAB_OK;
}

static void jac_trig_exp(const double *x, double *J)
{
    J[0 + 0 * 2] = cos(x[0]) * x[1];
    J[1 + 0 * 2] = exp(x[0]);
    J[0 + 1 * 2] = sin(x[0]);
    J[1 + 1 * 2] = -3.0 * x[1] * x[1];
}

/* A 3-d field with every entry distinct, in the style of the GAN fields (logistic terms):
 * v = (-x1 s(x0 x1), x0 s(x0 x1) - x2, x0^2 - x2/2), s(t) = 1/(1 + e^-t). */
static double sigmoid(double t)
{
    return 1.0 / (1.0 + exp(-t));
}

static int field_gan_like(const double *x, double *v, double *J, void *ctx, ganstab_error *err)
{
    (void)J; /* fdjac asks for v only */
    (void)ctx;
    (void)err;
    double s = sigmoid(x[0] * x[1]);
    v[0] = -x[1] * s;
    v[1] = x[0] * s - x[2];
    v[2] = x[0] * x[0] - 0.5 * x[2];
    return GANSTAB_OK;
}

static void jac_gan_like(const double *x, double *J)
{
    double t = x[0] * x[1], s = sigmoid(t), ds = s * (1.0 - s);
    /* row 0: d(-x1 s)/dx0 = -x1^2 ds; d/dx1 = -s - x1 x0 ds; d/dx2 = 0 */
    J[0 + 0 * 3] = -x[1] * x[1] * ds;
    J[0 + 1 * 3] = -s - x[0] * x[1] * ds;
    J[0 + 2 * 3] = 0.0;
    /* row 1: d(x0 s - x2)/dx0 = s + x0 x1 ds; d/dx1 = x0^2 ds; d/dx2 = -1 */
    J[1 + 0 * 3] = s + x[0] * x[1] * ds;
    J[1 + 1 * 3] = x[0] * x[0] * ds;
    J[1 + 2 * 3] = -1.0;
    /* row 2 */
    J[2 + 0 * 3] = 2.0 * x[0];
    J[2 + 1 * 3] = 0.0;
    J[2 + 2 * 3] = -0.5;
}

typedef struct {
    size_t n;
    const double *a; /* column-major */
} linear_ctx;

static int field_linear(const double *x, double *v, double *J, void *vctx, ganstab_error *err)
{
    (void)J; /* fdjac asks for v only */
    (void)err;
    const linear_ctx *c = vctx;
    for (size_t i = 0; i < c->n; i++) {
        v[i] = 0.0;
        for (size_t j = 0; j < c->n; j++)
            v[i] += c->a[i + j * c->n] * x[j];
    }
    return GANSTAB_OK;
}

static void fd_ok(ganstab_field_fn f, void *ctx, size_t n, const double *x, double *J)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_jacobian_fd(f, ctx, n, x, J, &err);
    if (rc != GANSTAB_OK)
        print_error("jacobian_fd: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

static void test_trig_exp_field(void **state)
{
    (void)state;
    static const double points[][2] = {
        {0.0, 0.0}, {0.3, -1.2}, {-1.0, 0.5}, {1.5707963267948966, 2.0}, {2.0, -0.25},
    };
    for (size_t p = 0; p < TESTUTIL_COUNT(points); p++) {
        double J[4], expected[4];
        fd_ok(field_trig_exp, NULL, 2, points[p], J);
        jac_trig_exp(points[p], expected);
        for (size_t k = 0; k < 4; k++)
            assert_close(J[k], expected[k], FD_TEST_TOL);
    }
    /* Orientation: at (0, 1), J = [[1, 0], [1, -3]]: column-major data is {1, 1, 0, -3}; the
       transpose {1, 0, 1, -3} would be wrong. */
    const double x[2] = {0.0, 1.0};
    double J[4];
    fd_ok(field_trig_exp, NULL, 2, x, J);
    assert_close(J[0], 1.0, FD_TEST_TOL);
    assert_close(J[1], 1.0, FD_TEST_TOL);
    assert_close(J[2], 0.0, FD_TEST_TOL);
    assert_close(J[3], -3.0, FD_TEST_TOL);
}

static void test_gan_like_field(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 2017);
    for (int t = 0; t < 10; t++) {
        double x[3], J[9], expected[9];
        for (size_t k = 0; k < 3; k++)
            x[k] = testutil_rng_uniform(&rng, -2.0, 2.0);
        fd_ok(field_gan_like, NULL, 3, x, J);
        jac_gan_like(x, expected);
        for (size_t k = 0; k < 9; k++)
            assert_close(J[k], expected[k], FD_TEST_TOL);
    }
}

static void test_linear_field(void **state)
{
    (void)state;
    /* Column-major 4x4 with distinct entries; J = A everywhere. */
    double a[16];
    for (size_t k = 0; k < 16; k++)
        a[k] = (double)k * 0.25 - 1.5;
    linear_ctx ctx = {4, a};
    const double x[4] = {0.5, -3.0, 10.0, 0.0};
    double J[16];
    fd_ok(field_linear, &ctx, 4, x, J);
    for (size_t k = 0; k < 16; k++)
        assert_close(J[k], a[k], LINEAR_TOL);
}

/* Second computation: a fixed-step 4th-order central difference,
 * f'(x) ~ (-f(x+2h) + 8 f(x+h) - 8 f(x-h) + f(x-2h)) / 12h with h = 1e-3 (truncation ~h^4 f^(5)
 * ~ 1e-12, rounding ~eps/h ~ 1e-13), computed here without GSL. */
static void test_vs_fourth_order_difference(void **state)
{
    (void)state;
    const double h = 1e-3;
    const double x0[3] = {0.7, -0.4, 1.1};
    double J[9];
    fd_ok(field_gan_like, NULL, 3, x0, J);
    for (size_t j = 0; j < 3; j++) {
        double vp2[3], vp1[3], vm1[3], vm2[3], x[3];
        const double offsets[4] = {2.0 * h, h, -h, -2.0 * h};
        double *outs[4] = {vp2, vp1, vm1, vm2};
        for (size_t o = 0; o < 4; o++) {
            for (size_t k = 0; k < 3; k++)
                x[k] = x0[k];
            x[j] += offsets[o];
            assert_int_equal(field_gan_like(x, outs[o], NULL, NULL, NULL), GANSTAB_OK);
        }
        for (size_t i = 0; i < 3; i++) {
            double d = (-vp2[i] + 8.0 * vp1[i] - 8.0 * vm1[i] + vm2[i]) / (12.0 * h);
            assert_close(J[i + j * 3], d, FD_TEST_TOL);
        }
    }
}

/* Fails once x0 leaves a window: the finite-difference steps cross it. */
typedef struct {
    double limit;
    size_t calls;
} failing_ctx;

static int field_failing(const double *x, double *v, double *J, void *vctx, ganstab_error *err)
{
    (void)J; /* fdjac asks for v only */
    failing_ctx *c = vctx;
    c->calls++;
    if (fabs(x[0]) > c->limit)
        return ganstab_error_set(err, GANSTAB_EIO, "test field", "x0 = %.17g out of range", x[0]);
    v[0] = x[0] * x[1];
    v[1] = x[1];
    return GANSTAB_OK;
}

static int field_nan(const double *x, double *v, double *J, void *ctx, ganstab_error *err)
{
    (void)J; /* fdjac asks for v only */
    (void)ctx;
    (void)err;
    v[0] = x[0] > 0.0 ? NAN : x[0];
    v[1] = x[1];
    return GANSTAB_OK;
}

static void test_errors(void **state)
{
    (void)state;
    const double x[2] = {0.0, 1.0};
    double J[4];
    ganstab_error err;

    /* The field's own code and message come back, from the first failing evaluation. */
    failing_ctx ctx = {1e-9, 0};
    ganstab_error_clear(&err);
    assert_error(ganstab_jacobian_fd(field_failing, &ctx, 2, x, J, &err), GANSTAB_EIO, &err);
    assert_string_equal(err.where, "test field");
    assert_non_null(strstr(err.message, "out of range"));
    size_t calls_at_failure = ctx.calls;
    assert_true(calls_at_failure >= 1);

    /* A field that always succeeds in the window gives the Jacobian (sanity for the above). */
    failing_ctx wide = {1e3, 0};
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_jacobian_fd(field_failing, &wide, 2, x, J, &err), GANSTAB_OK);
    assert_close(J[0], 1.0, FD_TEST_TOL); /* d(x0 x1)/dx0 = x1 */
    assert_close(J[2], 0.0, FD_TEST_TOL); /* d(x0 x1)/dx1 = x0 */

    /* NaN values from the field are a numerical failure, not a silent NaN Jacobian. */
    ganstab_error_clear(&err);
    assert_error(ganstab_jacobian_fd(field_nan, NULL, 2, x, J, &err), GANSTAB_ENUMERIC, &err);
    /* NULL error record: the code still comes back. */
    ctx.calls = 0;
    assert_int_equal(ganstab_jacobian_fd(field_failing, &ctx, 2, x, J, NULL), GANSTAB_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trig_exp_field), cmocka_unit_test(test_gan_like_field),
        cmocka_unit_test(test_linear_field),   cmocka_unit_test(test_vs_fourth_order_difference),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

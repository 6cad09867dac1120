/* Unit tests for src/core/quadrature.c: Gauss-Hermite rules for E[g(Z)], Z ~ N(0, 1), against
 * closed forms (moments (k-1)!!, E[cos Z] = exp(-1/2), a symmetry identity, the 1-, 2- and 3-node
 * rules), against a second computation (GSL's adaptive qagi on g(z) phi(z)), and the error
 * paths. */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "ganstab/quadrature.h"

/* Sums of at most 64 positive weights / terms of O(1): rounding ~64 eps ~ 1.4e-14 at worst; the
 * observed error is a few eps. */
static const double SUM_TOL = 1e-14;
/* Relative error of exact-degree moments E[Z^k] = (k-1)!! for k <= 2n-1: GSL's nodes and weights
 * are accurate to a few ulps, and the k-th power amplifies node errors by k; up to k = 100 the
 * observed relative error stays below 1e-14. */
static const double MOMENT_TOL = 1e-13;
/* Odd moments vanish by symmetry; GSL's nodes are symmetric only up to rounding, so the sum is
 * measured against its natural scale sum_i w_i |z_i|^k (cancellation of terms of that size). */
static const double ODD_MOMENT_TOL = 1e-14;
/* Smooth integrands (cos, the logistic function, analytic in a strip |Im z| < pi) with 64
 * nodes: geometric convergence to rounding level; observed differences ~3e-16. */
static const double SMOOTH_TOL = 1e-14;
/* Relative accuracy requested from qagi: 1e-14 is refused with GSL_EROUND (rounding limits the
 * 21-point Kronrod sums to ~5e-14 absolute); 1e-13 is met with estimates of 5e-15..5e-14. */
static const double QAGI_REQUEST = 1e-13;
/* Closed-form nodes/weights of the 2- and 3-node rules, from a few ulps of GSL's eigensolver. */
static const double RULE_TOL = 1e-14;
/* Mirror-image weights agree to a relative 1e-12: the tail weights (down to ~1e-90) come from
 * GSL's eigenvector components, relatively accurate to ~1e-13 there. */
static const double WEIGHT_SYMMETRY_TOL = 1e-12;

static double moment(const ganstab_gauss_hermite *q, unsigned k)
{
    double s = 0.0;
    for (size_t i = 0; i < q->n; i++)
        s += q->weight[i] * pow(q->node[i], (double)k);
    return s;
}

static double abs_moment(const ganstab_gauss_hermite *q, unsigned k)
{
    double s = 0.0;
    for (size_t i = 0; i < q->n; i++)
        s += q->weight[i] * pow(fabs(q->node[i]), (double)k);
    return s;
}

static double double_factorial_odd(unsigned k) /* (k-1)!! for even k: E[Z^k]; 1 for k = 0 */
{
    double f = 1.0;
    for (unsigned j = 3; j < k; j += 2)
        f *= (double)j;
    return f;
}

static void init_ok(ganstab_gauss_hermite *q, size_t n)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_gauss_hermite_init(q, n, &err);
    if (rc != GANSTAB_OK)
        print_error("gauss_hermite_init(%zu): %s\n", n, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_int_equal(q->n, n);
}

static void test_weights_and_low_moments(void **state)
{
    (void)state;
    ganstab_gauss_hermite q;
    init_ok(&q, GANSTAB_GAUSS_HERMITE_NODES);
    double sum = 0.0;
    for (size_t i = 0; i < q.n; i++) {
        assert_true(q.weight[i] > 0.0);
        assert_true(isfinite(q.node[i]));
        sum += q.weight[i];
    }
    assert_close(sum, 1.0, SUM_TOL);
    assert_rel_close(moment(&q, 2), 1.0, MOMENT_TOL);
    assert_rel_close(moment(&q, 4), 3.0, MOMENT_TOL);
    assert_rel_close(moment(&q, 6), 15.0, MOMENT_TOL);
    for (unsigned k = 1; k <= 5; k += 2)
        assert_close(moment(&q, k), 0.0, SUM_TOL);
}

/* An n-node rule is exact for polynomials of degree <= 2n-1 (and only up to that). */
static void test_exact_degree_table(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 3, 5, 10, 20, 33, 64};
    for (size_t s = 0; s < TESTUTIL_COUNT(sizes); s++) {
        ganstab_gauss_hermite q;
        init_ok(&q, sizes[s]);
        unsigned max_degree = (unsigned)(2 * sizes[s] - 1);
        if (max_degree > 100)
            max_degree = 100; /* (99)!! ~ 2.7e78: far enough */
        for (unsigned k = 0; k <= max_degree; k++) {
            double m = moment(&q, k);
            if (k % 2 == 0)
                assert_rel_close(m / double_factorial_odd(k), 1.0, MOMENT_TOL);
            else
                assert_close(m, 0.0, ODD_MOMENT_TOL * abs_moment(&q, k));
        }
        /* Degree 2n is NOT integrated exactly (E[Z^2n] is underestimated): the rule really
           has n nodes, not more. */
        if (sizes[s] <= 10) {
            unsigned k = (unsigned)(2 * sizes[s]);
            assert_true(moment(&q, k) < double_factorial_odd(k) * (1.0 - 1e-6));
        }
    }
}

/* The smallest rules in closed form (probabilists' Hermite polynomials He_n):
 * n = 1: node 0, weight 1; n = 2: +-1, 1/2 each; n = 3: 0 (2/3), +-sqrt(3) (1/6 each). */
static void test_small_rules_closed_form(void **state)
{
    (void)state;
    ganstab_gauss_hermite q;
    init_ok(&q, 1);
    assert_close(q.node[0], 0.0, RULE_TOL);
    assert_close(q.weight[0], 1.0, RULE_TOL);

    init_ok(&q, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_close(fabs(q.node[i]), 1.0, RULE_TOL);
        assert_close(q.weight[i], 0.5, RULE_TOL);
    }
    assert_close(q.node[0] + q.node[1], 0.0, RULE_TOL);

    init_ok(&q, 3);
    size_t zeros = 0;
    for (size_t i = 0; i < 3; i++) {
        if (fabs(q.node[i]) < RULE_TOL) {
            zeros++;
            assert_close(q.weight[i], 2.0 / 3.0, RULE_TOL);
        } else {
            assert_close(fabs(q.node[i]), sqrt(3.0), RULE_TOL);
            assert_close(q.weight[i], 1.0 / 6.0, RULE_TOL);
        }
    }
    assert_int_equal(zeros, 1);
}

/* Nodes come in +- pairs with equal weights (the normal density is even). */
static void test_symmetry(void **state)
{
    (void)state;
    ganstab_gauss_hermite q;
    init_ok(&q, GANSTAB_GAUSS_HERMITE_NODES);
    for (size_t i = 0; i < q.n; i++) {
        size_t best = q.n;
        double best_d = INFINITY;
        for (size_t j = 0; j < q.n; j++) {
            double d = fabs(q.node[j] + q.node[i]);
            if (d < best_d) {
                best_d = d;
                best = j;
            }
        }
        assert_rel_close(q.node[best], -q.node[i], RULE_TOL);
        assert_rel_close(q.weight[best] / q.weight[i], 1.0, WEIGHT_SYMMETRY_TOL);
    }
}

static double logistic_1m(double z) /* 1/(1 + e^z) */
{
    return 1.0 / (1.0 + exp(z));
}

static void test_smooth_closed_forms(void **state)
{
    (void)state;
    ganstab_gauss_hermite q;
    init_ok(&q, GANSTAB_GAUSS_HERMITE_NODES);
    double ecos = 0.0, elog = 0.0, ecos2 = 0.0;
    for (size_t i = 0; i < q.n; i++) {
        ecos += q.weight[i] * cos(q.node[i]);
        ecos2 += q.weight[i] * cos(2.0 * q.node[i]);
        elog += q.weight[i] * logistic_1m(q.node[i]);
    }
    /* E[cos(tZ)] = exp(-t^2/2), the characteristic function. */
    assert_close(ecos, exp(-0.5), SMOOTH_TOL);
    assert_close(ecos2, exp(-2.0), SMOOTH_TOL);
    /* 1/(1+e^z) + 1/(1+e^-z) = 1 and Z ~ -Z: E = 1/2. */
    assert_close(elog, 0.5, SMOOTH_TOL);
}

typedef struct {
    double shift;
} logistic_param;

static double logistic_times_density(double z, void *param)
{
    const logistic_param *p = param;
    return logistic_1m(z + p->shift) * exp(-0.5 * z * z) / sqrt(2.0 * M_PI);
}

/* Second computation: E[1/(1 + exp(Z + s))] for shifts where no symmetry gives the answer, by
 * adaptive integration over the real line (GSL qagi, independent of the fixed-node rule). */
static void test_vs_adaptive_integration(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    assert_non_null(w);
    ganstab_gauss_hermite q;
    init_ok(&q, GANSTAB_GAUSS_HERMITE_NODES);
    static const double shifts[] = {-2.0, -0.7, 0.0, 0.3, 1.0, 2.5};
    for (size_t s = 0; s < TESTUTIL_COUNT(shifts); s++) {
        logistic_param p = {shifts[s]};
        gsl_function f = {logistic_times_density, &p};
        double ref = 0.0, abserr = 0.0;
        assert_int_equal(gsl_integration_qagi(&f, 0.0, QAGI_REQUEST, 1000, w, &ref, &abserr),
                         GSL_SUCCESS);
        assert_true(abserr <= QAGI_REQUEST);
        double gh = 0.0;
        for (size_t i = 0; i < q.n; i++)
            gh += q.weight[i] * logistic_1m(q.node[i] + shifts[s]);
        /* The reference is only as good as qagi's own error estimate. */
        assert_close(gh, ref, SMOOTH_TOL + abserr);
    }
    gsl_integration_workspace_free(w);
}

static void test_bad_sizes(void **state)
{
    (void)state;
    static const size_t bad[] = {0, GANSTAB_GAUSS_HERMITE_NODES + 1, 1000};
    for (size_t t = 0; t < TESTUTIL_COUNT(bad); t++) {
        ganstab_gauss_hermite q;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_error(ganstab_gauss_hermite_init(&q, bad[t], &err), GANSTAB_EINVAL, &err);
        assert_int_equal(ganstab_gauss_hermite_init(&q, bad[t], NULL), GANSTAB_EINVAL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights_and_low_moments),
        cmocka_unit_test(test_exact_degree_table),
        cmocka_unit_test(test_small_rules_closed_form),
        cmocka_unit_test(test_symmetry),
        cmocka_unit_test(test_smooth_closed_forms),
        cmocka_unit_test(test_vs_adaptive_integration),
        cmocka_unit_test(test_bad_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

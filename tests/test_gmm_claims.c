/* Unit tests for src/claims/li2018.c (Li et al. 2018 on the GMM-GAN): for mu* = (-0.5, 0.5) and
 * (-2, 2) the five claims apply and agree, through the table and through ganstab_claims_check's
 * registration; each claim's helper fails on a configuration that must fail (a root moved off F's
 * zero, a flipped crossing flag or gap sign, the mode-collapse point where grad f = 0, a step size
 * that jumps across the Sep boundary or out of B(2C), one step where hundreds are needed); the
 * TV gradient (envelope theorem) matches central differences of ganstab_gmm_tv; the claims about
 * separated mu* do not apply to mu*_1 = mu*_2. */
#include "testutil.h"

#include <float.h>
#include <stdlib.h>

#include "../src/claims/claims_internal.h"
#include "ganstab/gmm.h"

/* What li2018.c treats as a gradient above rounding (LI2018_GRAD_FLOOR there). */
static const double GRAD_FLOOR = 1e-12;
/* Central difference of d_TV with step FD_STEP: truncation ~h^2 |f'''| ~1e-10 (f''' = O(1) away
 * from the non-smooth set) plus rounding ~eps / h ~1e-11; 1e-8 leaves two orders. */
static const double FD_STEP = 1e-5;
static const double FD_TOL = 1e-8;
/* A root displacement the independent check must see: ~1e8 times the rounding of t. */
static const double ROOT_SHIFT = 1e-6;

static ganstab_case gmm_case(double a, double b)
{
    ganstab_case c;
    ganstab_case_init(&c, "test");
    c.model = GANSTAB_MODEL_GMM;
    c.gmm_mu_star[0] = a;
    c.gmm_mu_star[1] = b;
    return c;
}

static void test_all_agree(void **state)
{
    (void)state;
    const double mus[2][2] = {{-0.5, 0.5}, {-2.0, 2.0}};
    for (size_t m = 0; m < 2; m++) {
        ganstab_case c = gmm_case(mus[m][0], mus[m][1]);
        assert_int_equal(GANSTAB_CLAIMS_LI2018_COUNT, 5);
        for (size_t i = 0; i < GANSTAB_CLAIMS_LI2018_COUNT; i++) {
            const claim_def *d = &GANSTAB_CLAIMS_LI2018[i];
            assert_true(d->applies(&c));
            ganstab_claim_check chk;
            memset(&chk, 0, sizeof chk);
            ganstab_error err = {0};
            int agrees = 0;
            d->predict(&c, &chk);
            assert_int_equal(d->check(&c, NULL, &chk, &agrees, &err), GANSTAB_OK);
            if (!agrees)
                print_error("%s: %s\n", d->id, chk.computed_text);
            assert_true(agrees);
            assert_true(chk.predicted_text[0] != '\0' && chk.computed_text[0] != '\0');
        }
    }
}

static void test_applies(void **state)
{
    (void)state;
    ganstab_case c = gmm_case(1.0, 1.0);
    size_t n = 0;
    for (size_t i = 0; i < GANSTAB_CLAIMS_LI2018_COUNT; i++)
        n += GANSTAB_CLAIMS_LI2018[i].applies(&c) != 0;
    assert_int_equal(n, 2); /* theorem-A.2 and lemma-4.6 need no separation */
    ganstab_case other;
    ganstab_case_init(&other, "test");
    for (size_t i = 0; i < GANSTAB_CLAIMS_LI2018_COUNT; i++)
        assert_false(GANSTAB_CLAIMS_LI2018[i].applies(&other));
}

/* Theorem A.2's independent root check: the engine's crossings pass, moved or mislabelled ones do
 * not. mu* = (-0.5, 0.5), mu_hat = (-2, 2): F > 0 in the middle, < 0 in both tails (Lemma C.6),
 * two crossing zeros. mu_hat = (-1, 3) against mu* = (-2, 2) has three (signs +, -, +, -). */
static void test_a2_verify_fails(void **state)
{
    (void)state;
    const double ms[2] = {-0.5, 0.5}, mh[2] = {-2.0, 2.0};
    ganstab_gmm_crossings c;
    ganstab_error err = {0};
    assert_int_equal(ganstab_gmm_crossings_find(ms, mh, &c, &err), GANSTAB_OK);
    assert_int_equal(c.n_roots, 2);
    assert_int_equal(claims_li2018_verify_crossings(ms, mh, &c), 0);
    assert_int_equal(claims_li2018_sign_changes(ms, mh, -10.0, 10.0, 200), 2);
    ganstab_gmm_crossings moved = c;
    moved.root[1] += ROOT_SHIFT;
    assert_true(claims_li2018_verify_crossings(ms, mh, &moved) > 0);
    ganstab_gmm_crossings flag = c;
    flag.crossing[0] = 0;
    assert_true(claims_li2018_verify_crossings(ms, mh, &flag) > 0);
    ganstab_gmm_crossings sign = c;
    sign.sign[1] = -sign.sign[1];
    assert_true(claims_li2018_verify_crossings(ms, mh, &sign) > 0);
    ganstab_gmm_crossings zero = c;
    zero.identically_zero = 1;
    assert_true(claims_li2018_verify_crossings(ms, mh, &zero) > 0);
    /* a dense scan sees three sign changes where F has three zeros */
    const double ms3[2] = {-2.0, 2.0}, mh3[2] = {-1.0, 3.0};
    assert_int_equal(ganstab_gmm_crossings_find(ms3, mh3, &c, &err), GANSTAB_OK);
    assert_int_equal(c.n_roots, 3);
    assert_int_equal(claims_li2018_verify_crossings(ms3, mh3, &c), 0);
    assert_int_equal(claims_li2018_sign_changes(ms3, mh3, -10.0, 10.0, 2000), 3);
}

/* grad f by the envelope theorem vs central differences of d_TV (seeded random points of
 * [-3, 3]^2 away from mu* and from mode collapse, where f is smooth). */
static void test_tv_gradient_vs_fd(void **state)
{
    (void)state;
    const double mus[2][2] = {{-0.5, 0.5}, {-2.0, 2.0}};
    testutil_rng rng;
    testutil_rng_seed(&rng, 42);
    for (size_t m = 0; m < 2; m++)
        for (size_t k = 0; k < 200; k++) {
            double mh[2] = {testutil_rng_uniform(&rng, -3.0, 3.0),
                            testutil_rng_uniform(&rng, -3.0, 3.0)};
            if (fabs(mh[0] - mh[1]) < 0.1 ||
                fabs(mh[0] - mus[m][0]) + fabs(mh[1] - mus[m][1]) < 0.1 ||
                fabs(mh[0] - mus[m][1]) + fabs(mh[1] - mus[m][0]) < 0.1)
                continue;
            double g[2];
            ganstab_error err = {0};
            assert_int_equal(claims_li2018_tv_gradient(mus[m], mh, g, &err), GANSTAB_OK);
            for (int i = 0; i < 2; i++) {
                double p[2] = {mh[0], mh[1]}, q[2] = {mh[0], mh[1]}, fp, fq;
                p[i] += FD_STEP;
                q[i] -= FD_STEP;
                assert_int_equal(ganstab_gmm_tv(mus[m], p, &fp, &err), GANSTAB_OK);
                assert_int_equal(ganstab_gmm_tv(mus[m], q, &fq, &err), GANSTAB_OK);
                assert_close(g[i], (fp - fq) / (2.0 * FD_STEP), FD_TOL);
            }
        }
}

/* Lemma 4.3 without Sep: the grid's centre (0, 0) is mode collapse at the midpoint of the
 * symmetric mu* = (-0.5, 0.5), where grad f = 0 by symmetry. */
static void test_43_fails_without_sep(void **state)
{
    (void)state;
    const double ms[2] = {-0.5, 0.5};
    claims_li2018_gradient_min g;
    ganstab_error err = {0};
    assert_int_equal(claims_li2018_min_gradient(ms, 3.0, 0.01, -1.0, 61, 0, &g, &err), GANSTAB_OK);
    assert_true(g.min_norm <= GRAD_FLOOR);
    assert_close(g.argmin[0], 0.0, DBL_EPSILON);
    assert_close(g.argmin[1], 0.0, DBL_EPSILON);
    /* with Sep(0.01) the same grid is bounded away from 0 */
    assert_int_equal(claims_li2018_min_gradient(ms, 3.0, 0.01, 0.01, 61, 101, &g, &err),
                     GANSTAB_OK);
    assert_true(g.min_norm > GRAD_FLOOR);
}

/* Lemma 4.5 with a huge step: from (-2, 2) against mu* = (-0.5, 0.5) the means move toward each
 * other (one discriminator interval around mu*, Appendix C.4 Case 3), and some step on the grid
 * lands them closer than delta. */
static void test_45_fails_for_large_eta(void **state)
{
    (void)state;
    const double ms[2] = {-0.5, 0.5};
    claims_li2018_sep_step s;
    ganstab_error err = {0};
    assert_int_equal(claims_li2018_sep_step_min(ms, 3.0, 0.01, 20.0, 61, 101, &s, &err),
                     GANSTAB_OK);
    assert_true(s.min_gap <= 0.01);
    assert_int_equal(claims_li2018_sep_step_min(ms, 3.0, 0.01, 0.01 / 3.0, 61, 101, &s, &err),
                     GANSTAB_OK);
    assert_true(s.min_gap > 0.01);
}

/* Lemma 4.6 with a huge step: from the corner (6, 6) both means move left by eta phi(...) / 2,
 * far past -6 for eta = 1e4. */
static void test_46_fails_for_large_eta(void **state)
{
    (void)state;
    const double ms[2] = {-0.5, 0.5};
    claims_li2018_box_step b;
    ganstab_error err = {0};
    assert_int_equal(claims_li2018_box_step_max(ms, 6.0, 1e4, 41, 101, &b, &err), GANSTAB_OK);
    assert_true(b.max_norm > 6.0);
    assert_int_equal(claims_li2018_box_step_max(ms, 6.0, 0.01 / 3.0, 41, 101, &b, &err),
                     GANSTAB_OK);
    assert_true(b.max_norm <= 6.0);
}

/* Theorem 4.1 with T = 1: the far starts cannot reach d_TV <= delta in one step. */
static void test_41_fails_for_short_run(void **state)
{
    (void)state;
    const double ms[2] = {-0.5, 0.5};
    claims_li2018_convergence v;
    ganstab_error err = {0};
    assert_int_equal(claims_li2018_converge(ms, 3.0, 0.01, 0.05, 3, 0, 1, 10, &v, &err),
                     GANSTAB_OK);
    assert_int_equal(v.n_starts, 6); /* the 3x3 grid less its diagonal */
    assert_true(v.n_failed > 0 && v.worst_final_tv > 0.01);
}

static void test_params(void **state)
{
    (void)state;
    claims_li2018_params p;
    const double a[2] = {-0.5, 0.5}, b[2] = {-2.0, 5.0}, c[2] = {0.0, 0.05};
    claims_li2018_params_of(a, &p);
    assert_true(p.C == 3.0 && p.gamma == 1.0 && p.delta == 0.01 && p.eta == 0.01 / 3.0);
    claims_li2018_params_of(b, &p);
    assert_true(p.C == 5.0 && p.gamma == 1.0);
    claims_li2018_params_of(c, &p);
    assert_true(p.gamma == 0.05 && p.delta == 0.05 / 100.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_agree),
        cmocka_unit_test(test_applies),
        cmocka_unit_test(test_a2_verify_fails),
        cmocka_unit_test(test_tv_gradient_vs_fd),
        cmocka_unit_test(test_43_fails_without_sep),
        cmocka_unit_test(test_45_fails_for_large_eta),
        cmocka_unit_test(test_46_fails_for_large_eta),
        cmocka_unit_test(test_41_fails_for_short_run),
        cmocka_unit_test(test_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

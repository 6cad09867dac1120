/* Unit tests for src/updates/update.c: the update operators against hand-built matrices (flow,
 * simgd, ttur), altgd against explicit products of the sub-step Jacobians for ng, nd = 1..4 in
 * both orders, gen-first vs disc-first similarity (same eigenvalues: AB and BA), Lemma 2.5's
 * trace 2 - ng nd h^2 f'(0)^2 and determinant 1 for the unregularized Dirac-GAN (Mescheder
 * et al. 2018, eq. (5)), a 3x3 case with n_g = 1 and n_g = 2, names, dynamics, and the
 * dimension-mismatch error. One iteration (ganstab_update_step) with its projection hook: WGAN
 * weight clipping keeps the discriminator in [-c, c] for every scheme, and simgd, ttur, altgd
 * and lookahead steps equal the same arithmetic written out by hand (the sub-steps simulate ran
 * itself before it shared the stepper); the workspace's errors. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "ganstab/eigen.h"
#include "ganstab/update.h"

/* Hand-built I + hJ: the same single multiply-add per entry, so exact. */
static const double EXACT = 0.0;
/* Products of up to 8 O(1) 2x2 or 3x3 matrices vs the library's products in a possibly
 * different association order: a few eps per factor; 1e-13 absolute on O(1..10) entries. */
static const double PRODUCT_TOL = 1e-13;
/* Trace and determinant of such a product vs Lemma 2.5's closed form. */
static const double LEMMA_TOL = 1e-13;
/* Eigenvalues of AB vs BA (similar matrices), both from LAPACK, well-conditioned for the
 * damped J used: a few eps * ||A||; 1e-12. */
static const double SIMILARITY_TOL = 1e-12;

static ganstab_matrix *alloc_or_fail(size_t n)
{
    ganstab_matrix *m = ganstab_matrix_alloc(n, n);
    assert_non_null(m);
    return m;
}

static void op_or_fail(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                       ganstab_matrix *A)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_update_operator(u, J, n_g, A, &err);
    if (rc != GANSTAB_OK)
        print_error("update_operator: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

static void assert_matrix_close(const ganstab_matrix *a, const ganstab_matrix *b, double tol)
{
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->cols, b->cols);
    for (size_t i = 0; i < a->rows; i++)
        for (size_t j = 0; j < a->cols; j++)
            assert_close(ganstab_matrix_get(a, i, j), ganstab_matrix_get(b, i, j), tol);
}

/* Naive triple loop, independent of ganstab_matrix_mul: c = a*b (new matrix). */
static ganstab_matrix *naive_mul(const ganstab_matrix *a, const ganstab_matrix *b)
{
    size_t n = a->rows;
    ganstab_matrix *c = alloc_or_fail(n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t k = 0; k < n; k++)
                s += ganstab_matrix_get(a, i, k) * ganstab_matrix_get(b, k, j);
            ganstab_matrix_set(c, i, j, s);
        }
    return c;
}

/* I + diag(d) J as written on paper. */
static ganstab_matrix *step(const ganstab_matrix *J, const double *d)
{
    size_t n = J->rows;
    ganstab_matrix *s = alloc_or_fail(n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            ganstab_matrix_set(s, i, j, (i == j ? 1.0 : 0.0) + d[i] * ganstab_matrix_get(J, i, j));
    return s;
}

/* left^k * right (new matrix; right is freed). */
static ganstab_matrix *power_times(const ganstab_matrix *left, unsigned k, ganstab_matrix *right)
{
    for (unsigned i = 0; i < k; i++) {
        ganstab_matrix *next = naive_mul(left, right);
        ganstab_matrix_free(right);
        right = next;
    }
    return right;
}

/* The altgd operator from its definition: gen-first Sd^nd Sg^ng, disc-first Sg^ng Sd^nd. */
static ganstab_matrix *altgd_reference(const ganstab_matrix *J, size_t n_g, double h, unsigned ng,
                                       unsigned nd, ganstab_order order)
{
    size_t n = J->rows;
    double dg[3], dd[3];
    for (size_t i = 0; i < n; i++) {
        dg[i] = i < n_g ? h : 0.0;
        dd[i] = i < n_g ? 0.0 : h;
    }
    ganstab_matrix *Sg = step(J, dg), *Sd = step(J, dd), *A = alloc_or_fail(n);
    ganstab_matrix_set_identity(A);
    if (order == GANSTAB_ORDER_GEN_FIRST)
        A = power_times(Sd, nd, power_times(Sg, ng, A));
    else
        A = power_times(Sg, ng, power_times(Sd, nd, A));
    ganstab_matrix_free(Sg);
    ganstab_matrix_free(Sd);
    return A;
}

/* The Dirac-GAN field Jacobian at the equilibrium: [[0, -a], [a, -c]]. */
static ganstab_matrix *dirac_J(double a, double c)
{
    const double rows[] = {0.0, -a, a, -c};
    return testutil_matrix_from_rows(2, 2, rows);
}

static ganstab_update make_update(ganstab_scheme s, double h, double hg, double hd, unsigned ng,
                                  unsigned nd, ganstab_order o)
{
    ganstab_update u;
    memset(&u, 0, sizeof u);
    u.scheme = s;
    u.h = h;
    u.hg = hg;
    u.hd = hd;
    u.ng = ng;
    u.nd = nd;
    u.order = o;
    return u;
}

static void test_names_and_dynamics(void **state)
{
    (void)state;
    assert_string_equal(ganstab_scheme_name(GANSTAB_SCHEME_FLOW), "flow");
    assert_string_equal(ganstab_scheme_name(GANSTAB_SCHEME_SIMGD), "simgd");
    assert_string_equal(ganstab_scheme_name(GANSTAB_SCHEME_ALTGD), "altgd");
    assert_string_equal(ganstab_scheme_name(GANSTAB_SCHEME_TTUR), "ttur");
    assert_string_equal(ganstab_order_name(GANSTAB_ORDER_GEN_FIRST), "gen-first");
    assert_string_equal(ganstab_order_name(GANSTAB_ORDER_DISC_FIRST), "disc-first");
    static const struct {
        ganstab_scheme s;
        ganstab_dynamics d;
    } table[] = {
        {GANSTAB_SCHEME_FLOW, GANSTAB_DYNAMICS_FLOW},
        {GANSTAB_SCHEME_SIMGD, GANSTAB_DYNAMICS_MAP},
        {GANSTAB_SCHEME_ALTGD, GANSTAB_DYNAMICS_MAP},
        {GANSTAB_SCHEME_TTUR, GANSTAB_DYNAMICS_MAP},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_update u = make_update(table[i].s, 0.1, 0.1, 0.1, 1, 1, GANSTAB_ORDER_GEN_FIRST);
        assert_int_equal(ganstab_update_dynamics(&u), table[i].d);
    }
}

static void test_flow_simgd_ttur_hand_built(void **state)
{
    (void)state;
    /* a general (non-Dirac) 3x3 J, so every entry of the diag scaling is exercised */
    const double Jr[] = {0.3, -1.2, 0.5, 0.7, -0.4, 2.0, -1.1, 0.6, -0.9};
    ganstab_matrix *J = testutil_matrix_from_rows(3, 3, Jr), *A = alloc_or_fail(3);
    ganstab_update u;

    u = make_update(GANSTAB_SCHEME_FLOW, 0.0, 0.0, 0.0, 1, 1, GANSTAB_ORDER_GEN_FIRST);
    op_or_fail(&u, J, 1, A);
    assert_matrix_close(A, J, EXACT);

    static const double hs[] = {0.01, 0.1, 0.5, 1.0, 3.0};
    for (size_t k = 0; k < TESTUTIL_COUNT(hs); k++) {
        double h = hs[k];
        u = make_update(GANSTAB_SCHEME_SIMGD, h, 0.0, 0.0, 1, 1, GANSTAB_ORDER_GEN_FIRST);
        op_or_fail(&u, J, 1, A);
        /* I + hJ written out */
        const double expect[] = {1 + h * 0.3, -h * 1.2, h * 0.5, h * 0.7,    1 - h * 0.4,
                                 h * 2.0,     -h * 1.1, h * 0.6, 1 - h * 0.9};
        ganstab_matrix *E = testutil_matrix_from_rows(3, 3, expect);
        assert_matrix_close(A, E, EXACT);
        ganstab_matrix_free(E);

        /* ttur with n_g = 1 and n_g = 2: rows scaled by hg (generator) or hd */
        double hg = h, hd = 2.5 * h;
        u = make_update(GANSTAB_SCHEME_TTUR, 0.0, hg, hd, 1, 1, GANSTAB_ORDER_GEN_FIRST);
        for (size_t n_g = 1; n_g <= 2; n_g++) {
            op_or_fail(&u, J, n_g, A);
            double s1 = hg, s2 = n_g == 2 ? hg : hd, s3 = hd;
            const double et[] = {1 + s1 * 0.3, -s1 * 1.2, s1 * 0.5, s2 * 0.7,    1 - s2 * 0.4,
                                 s2 * 2.0,     -s3 * 1.1, s3 * 0.6, 1 - s3 * 0.9};
            E = testutil_matrix_from_rows(3, 3, et);
            assert_matrix_close(A, E, EXACT);
            ganstab_matrix_free(E);
        }
        /* ttur with hg = hd = h is simgd */
        ganstab_matrix *B = alloc_or_fail(3);
        u = make_update(GANSTAB_SCHEME_TTUR, 0.0, h, h, 1, 1, GANSTAB_ORDER_GEN_FIRST);
        op_or_fail(&u, J, 1, A);
        u = make_update(GANSTAB_SCHEME_SIMGD, h, 0.0, 0.0, 1, 1, GANSTAB_ORDER_GEN_FIRST);
        op_or_fail(&u, J, 1, B);
        assert_matrix_close(A, B, EXACT);
        ganstab_matrix_free(B);
    }
    /* Lemma 2.4's operator for the Dirac J: [[1, -h a], [h a, 1]] */
    ganstab_matrix *Jd = dirac_J(0.5, 0.0), *Ad = alloc_or_fail(2);
    u = make_update(GANSTAB_SCHEME_SIMGD, 0.3, 0.0, 0.0, 1, 1, GANSTAB_ORDER_GEN_FIRST);
    op_or_fail(&u, Jd, 1, Ad);
    const double l24[] = {1.0, -0.15, 0.15, 1.0};
    ganstab_matrix *E = testutil_matrix_from_rows(2, 2, l24);
    assert_matrix_close(Ad, E, EXACT);
    ganstab_matrix_free(E);
    ganstab_matrix_free(Jd);
    ganstab_matrix_free(Ad);
    ganstab_matrix_free(J);
    ganstab_matrix_free(A);
}

static void test_altgd_vs_explicit_products(void **state)
{
    (void)state;
    ganstab_matrix *Jd = dirac_J(0.5, 0.7);
    const double Jr[] = {0.3, -1.2, 0.5, 0.7, -0.4, 2.0, -1.1, 0.6, -0.9};
    ganstab_matrix *J3 = testutil_matrix_from_rows(3, 3, Jr);
    static const ganstab_order orders[] = {GANSTAB_ORDER_GEN_FIRST, GANSTAB_ORDER_DISC_FIRST};
    static const double hs[] = {0.1, 0.45, 1.3};
    for (unsigned ng = 1; ng <= 4; ng++)
        for (unsigned nd = 1; nd <= 4; nd++)
            for (size_t o = 0; o < 2; o++)
                for (size_t k = 0; k < TESTUTIL_COUNT(hs); k++) {
                    ganstab_update u =
                        make_update(GANSTAB_SCHEME_ALTGD, hs[k], 0.0, 0.0, ng, nd, orders[o]);
                    ganstab_matrix *A = alloc_or_fail(2);
                    op_or_fail(&u, Jd, 1, A);
                    ganstab_matrix *R = altgd_reference(Jd, 1, hs[k], ng, nd, orders[o]);
                    assert_matrix_close(A, R, PRODUCT_TOL);
                    ganstab_matrix_free(A);
                    ganstab_matrix_free(R);
                    for (size_t n_g = 1; n_g <= 2; n_g++) {
                        A = alloc_or_fail(3);
                        op_or_fail(&u, J3, n_g, A);
                        R = altgd_reference(J3, n_g, hs[k], ng, nd, orders[o]);
                        assert_matrix_close(A, R, PRODUCT_TOL * 100.0);
                        ganstab_matrix_free(A);
                        ganstab_matrix_free(R);
                    }
                }
    /* ng = nd = 1 in closed form for the Dirac J (gen-first):
       Sd Sg = [[1, -h a], [h a, 1 - h c - h^2 a^2]] */
    double a = 0.5, c = 0.7, h = 0.45;
    ganstab_update u =
        make_update(GANSTAB_SCHEME_ALTGD, h, 0.0, 0.0, 1, 1, GANSTAB_ORDER_GEN_FIRST);
    ganstab_matrix *A = alloc_or_fail(2);
    op_or_fail(&u, Jd, 1, A);
    const double cf[] = {1.0, -h * a, h * a, 1.0 - h * c - h * h * a * a};
    ganstab_matrix *E = testutil_matrix_from_rows(2, 2, cf);
    assert_matrix_close(A, E, PRODUCT_TOL);
    /* disc-first Sg Sd = [[1 - h^2 a^2, -h a (1 - h c)], [h a, 1 - h c]] */
    u.order = GANSTAB_ORDER_DISC_FIRST;
    op_or_fail(&u, Jd, 1, A);
    const double cf2[] = {1.0 - h * h * a * a, -h * a * (1.0 - h * c), h * a, 1.0 - h * c};
    ganstab_matrix *E2 = testutil_matrix_from_rows(2, 2, cf2);
    assert_matrix_close(A, E2, PRODUCT_TOL);
    ganstab_matrix_free(E);
    ganstab_matrix_free(E2);
    ganstab_matrix_free(A);
    ganstab_matrix_free(Jd);
    ganstab_matrix_free(J3);
}

/* AB and BA are similar when A or B is invertible: the two orders have the same spectrum. */
static void test_altgd_orders_same_eigenvalues(void **state)
{
    (void)state;
    static const double cs[] = {0.3, 0.7, 1.5};
    for (size_t ci = 0; ci < TESTUTIL_COUNT(cs); ci++) {
        ganstab_matrix *J = dirac_J(0.5, cs[ci]);
        for (unsigned ng = 1; ng <= 4; ng++)
            for (unsigned nd = 1; nd <= 4; nd++) {
                ganstab_update u = make_update(GANSTAB_SCHEME_ALTGD, 0.37, 0.0, 0.0, ng, nd,
                                               GANSTAB_ORDER_GEN_FIRST);
                ganstab_matrix *A = alloc_or_fail(2), *B = alloc_or_fail(2);
                op_or_fail(&u, J, 1, A);
                u.order = GANSTAB_ORDER_DISC_FIRST;
                op_or_fail(&u, J, 1, B);
                ganstab_eigenvalue ea[2], eb[2];
                ganstab_error err;
                ganstab_error_clear(&err);
                assert_int_equal(ganstab_eigen_compute_alloc(A, ea, &err), GANSTAB_OK);
                assert_int_equal(ganstab_eigen_compute_alloc(B, eb, &err), GANSTAB_OK);
                for (size_t i = 0; i < 2; i++) {
                    assert_close(ea[i].re, eb[i].re, SIMILARITY_TOL);
                    assert_close(ea[i].im, eb[i].im, SIMILARITY_TOL);
                }
                /* and the same trace and determinant, computed directly */
                double ta = A->data[0] + A->data[3], tb = B->data[0] + B->data[3];
                double da = A->data[0] * A->data[3] - A->data[1] * A->data[2];
                double db = B->data[0] * B->data[3] - B->data[1] * B->data[2];
                assert_close(ta, tb, SIMILARITY_TOL);
                assert_close(da, db, SIMILARITY_TOL);
                ganstab_matrix_free(A);
                ganstab_matrix_free(B);
            }
        ganstab_matrix_free(J);
    }
}

/* Lemma 2.5 (eq. (5)): the eigenvalues are the roots of z^2 - (2 - alpha^2) z + 1 with
 * alpha^2 = ng nd h^2 f'(0)^2: trace 2 - ng nd h^2 f'(0)^2, determinant 1. */
static void test_lemma_2_5_trace_det(void **state)
{
    (void)state;
    static const double fprime[] = {0.5, 1.0}; /* standard loss, WGAN */
    static const double hs[] = {0.1, 0.5, 1.0, 2.0};
    static const ganstab_order orders[] = {GANSTAB_ORDER_GEN_FIRST, GANSTAB_ORDER_DISC_FIRST};
    for (size_t fi = 0; fi < TESTUTIL_COUNT(fprime); fi++) {
        double a = fprime[fi];
        ganstab_matrix *J = dirac_J(a, 0.0);
        for (unsigned ng = 1; ng <= 4; ng++)
            for (unsigned nd = 1; nd <= 4; nd++)
                for (size_t k = 0; k < TESTUTIL_COUNT(hs); k++)
                    for (size_t o = 0; o < 2; o++) {
                        double h = hs[k];
                        ganstab_update u =
                            make_update(GANSTAB_SCHEME_ALTGD, h, 0.0, 0.0, ng, nd, orders[o]);
                        ganstab_matrix *A = alloc_or_fail(2);
                        op_or_fail(&u, J, 1, A);
                        double tr = A->data[0] + A->data[3];
                        double det = A->data[0] * A->data[3] - A->data[1] * A->data[2];
                        double expect_tr = 2.0 - (double)(ng * nd) * h * h * a * a;
                        /* entries grow like (ng nd h^2 a^2); scale the tolerance with them */
                        double scale = fmax(1.0, fabs(expect_tr) * fabs(expect_tr));
                        assert_close(tr, expect_tr, LEMMA_TOL * scale);
                        assert_close(det, 1.0, LEMMA_TOL * scale);
                        ganstab_matrix_free(A);
                    }
        ganstab_matrix_free(J);
    }
}

static void test_dimension_mismatch(void **state)
{
    (void)state;
    ganstab_matrix *J22 = dirac_J(0.5, 0.0), *J23 = ganstab_matrix_alloc(2, 3);
    ganstab_matrix *A22 = alloc_or_fail(2), *A33 = alloc_or_fail(3),
                   *A23 = ganstab_matrix_alloc(2, 3);
    assert_non_null(J23);
    assert_non_null(A23);
    static const ganstab_scheme schemes[] = {GANSTAB_SCHEME_FLOW, GANSTAB_SCHEME_SIMGD,
                                             GANSTAB_SCHEME_ALTGD, GANSTAB_SCHEME_TTUR};
    for (size_t s = 0; s < TESTUTIL_COUNT(schemes); s++) {
        ganstab_update u = make_update(schemes[s], 0.1, 0.1, 0.2, 1, 1, GANSTAB_ORDER_GEN_FIRST);
        struct {
            const ganstab_matrix *J;
            ganstab_matrix *A;
            size_t n_g;
        } bad[] = {
            {J23, A22, 1}, /* J not square */
            {J22, A33, 1}, /* A of the wrong size */
            {J22, A23, 1}, /* A not square */
            {J22, A22, 3}, /* n_g > n */
        };
        for (size_t i = 0; i < TESTUTIL_COUNT(bad); i++) {
            ganstab_error err;
            ganstab_error_clear(&err);
            int rc = ganstab_update_operator(&u, bad[i].J, bad[i].n_g, bad[i].A, &err);
            assert_error(rc, GANSTAB_EINVAL, &err);
            assert_string_equal(err.where, "update");
            assert_non_null(strstr(err.message, "dimension"));
        }
    }
    ganstab_matrix_free(J22);
    ganstab_matrix_free(J23);
    ganstab_matrix_free(A22);
    ganstab_matrix_free(A33);
    ganstab_matrix_free(A23);
}

/* ---- one iteration with a projection ----------------------------------------------------------
 */

/* The unregularized WGAN Dirac-GAN (Mescheder et al. 2018, Sec. 2.2, f(t) = t): v = (-psi, theta),
 * J = [[0, -1], [1, 0]]; counts its evaluations (ctx). */
static int wgan_field(const double *x, double *v, double *J, void *ctx, ganstab_error *err)
{
    (void)err;
    ++*(unsigned *)ctx;
    v[0] = -x[1];
    v[1] = x[0];
    if (J != NULL) {
        J[0] = 0.0;
        J[1] = 1.0;
        J[2] = -1.0;
        J[3] = 0.0;
    }
    return GANSTAB_OK;
}

static void clip_to(double *x, size_t n, void *ctx)
{
    double c = *(const double *)ctx;
    for (size_t i = 0; i < n; i++)
        x[i] = fmin(fmax(x[i], -c), c);
}

static ganstab_update_system wgan_system(unsigned *calls, double *clip)
{
    ganstab_update_system sys = {.field = wgan_field,
                                 .field_ctx = calls,
                                 .project = clip != NULL ? clip_to : NULL,
                                 .project_ctx = clip,
                                 .n = 2,
                                 .n_g = 1};
    return sys;
}

static void step_or_fail(const ganstab_update *u, const ganstab_update_system *sys, double *s,
                         ganstab_update_workspace *w)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_update_step(u, sys, s, w, &err);
    if (rc != GANSTAB_OK)
        print_error("update_step: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

/* Clipping at c keeps psi in [-c, c] after every iteration of every scheme with an iteration, and
 * leaves the generator unclipped (theta grows past c on the cycling WGAN dynamics). */
static void test_step_clipping_keeps_discriminator_in_box(void **state)
{
    (void)state;
    static const ganstab_scheme schemes[] = {GANSTAB_SCHEME_SIMGD,
                                             GANSTAB_SCHEME_ALTGD,
                                             GANSTAB_SCHEME_TTUR,
                                             GANSTAB_SCHEME_EXTRAGRADIENT,
                                             GANSTAB_SCHEME_OPTIMISTIC,
                                             GANSTAB_SCHEME_MOMENTUM,
                                             GANSTAB_SCHEME_COMPLEX_MOMENTUM,
                                             GANSTAB_SCHEME_LOOKAHEAD,
                                             GANSTAB_SCHEME_SGA,
                                             GANSTAB_SCHEME_CGD,
                                             GANSTAB_SCHEME_CONOPT};
    double clip = 0.25;
    for (size_t k = 0; k < TESTUTIL_COUNT(schemes); k++) {
        ganstab_update u = make_update(schemes[k], 0.1, 0.05, 0.2, 1, 5, GANSTAB_ORDER_GEN_FIRST);
        u.beta = 0.3;
        u.beta_im = 0.2;
        u.base = GANSTAB_SCHEME_SIMGD;
        u.k = 3;
        u.alpha = 0.5;
        u.lambda = 0.5;
        u.gamma = 0.3;
        unsigned calls = 0;
        ganstab_update_system sys = wgan_system(&calls, &clip);
        ganstab_update_workspace *w = ganstab_update_workspace_alloc(&u, 2);
        assert_non_null(w);
        double s[6], x0[2] = {1.0, 1.0};
        ganstab_update_state_init(&u, x0, 2, s);
        clip_to(s + 1, 1, &clip); /* the start is clipped too (simulate.h) */
        double theta_max = 0.0;
        for (int t = 0; t < 200; t++) { /* one workspace for every step */
            step_or_fail(&u, &sys, s, w);
            assert_true(s[1] >= -clip && s[1] <= clip);
            theta_max = fmax(theta_max, fabs(s[0]));
        }
        assert_true(theta_max > clip);
        assert_true(calls >= 200);
        ganstab_update_workspace_free(w);
    }
}

/* The sub-steps simgd, ttur and altgd took in simulate.c before it shared ganstab_update_step,
 * written out: the same operations in the same order, so the results are equal bit for bit. */
static void test_step_projection_equals_hand_substeps(void **state)
{
    (void)state;
    double clip = 0.3, h = 0.1;
    unsigned calls = 0;
    ganstab_update_system sys = wgan_system(&calls, &clip);
    for (int order = 0; order < 2; order++) {
        ganstab_order o = order == 0 ? GANSTAB_ORDER_GEN_FIRST : GANSTAB_ORDER_DISC_FIRST;
        ganstab_update alt = make_update(GANSTAB_SCHEME_ALTGD, h, 0.0, 0.0, 2, 5, o);
        ganstab_update_workspace *w = ganstab_update_workspace_alloc(&alt, 2);
        assert_non_null(w);
        double s[2] = {0.9, 0.2}, x[2] = {0.9, 0.2};
        for (int t = 0; t < 50; t++) {
            step_or_fail(&alt, &sys, s, w);
            for (int phase = 0; phase < 2; phase++) {
                int generator = (phase == 0) == (o == GANSTAB_ORDER_GEN_FIRST);
                for (unsigned j = 0; j < (generator ? 2u : 5u); j++) {
                    double v[2] = {-x[1], x[0]};
                    if (generator) {
                        x[0] += h * v[0];
                    } else {
                        x[1] += h * v[1];
                        x[1] = fmin(fmax(x[1], -clip), clip);
                    }
                }
            }
            assert_true(s[0] == x[0] && s[1] == x[1]);
        }
        ganstab_update_workspace_free(w);
    }
    /* simgd and ttur: one evaluation, then the clip */
    ganstab_update simgd = make_update(GANSTAB_SCHEME_SIMGD, h, 0.0, 0.0, 1, 1, 0);
    ganstab_update ttur = make_update(GANSTAB_SCHEME_TTUR, h, 0.05, 0.2, 1, 1, 0);
    ganstab_update_workspace *w = ganstab_update_workspace_alloc(&simgd, 2);
    assert_non_null(w);
    double a[2] = {0.9, 0.2}, b[2] = {0.9, 0.2}, xa[2] = {0.9, 0.2}, xb[2] = {0.9, 0.2};
    for (int t = 0; t < 50; t++) {
        step_or_fail(&simgd, &sys, a, w);
        step_or_fail(&ttur, &sys, b, w);
        double va[2] = {-xa[1], xa[0]}, vb[2] = {-xb[1], xb[0]};
        for (int i = 0; i < 2; i++) {
            xa[i] += h * va[i];
            xb[i] += (i < 1 ? 0.05 : 0.2) * vb[i];
        }
        xa[1] = fmin(fmax(xa[1], -clip), clip);
        xb[1] = fmin(fmax(xb[1], -clip), clip);
        assert_true(a[0] == xa[0] && a[1] == xa[1] && b[0] == xb[0] && b[1] == xb[1]);
    }
    /* lookahead over simgd: its inner iterates are not clipped, the interpolated one is */
    ganstab_update la = make_update(GANSTAB_SCHEME_LOOKAHEAD, h, 0.0, 0.0, 1, 1, 0);
    la.base = GANSTAB_SCHEME_SIMGD;
    la.k = 4;
    la.alpha = 0.5;
    double l[2] = {0.9, 0.2}, xl[2] = {0.9, 0.2};
    for (int t = 0; t < 50; t++) {
        step_or_fail(&la, &sys, l, w);
        double f[2] = {xl[0], xl[1]};
        for (unsigned j = 0; j < 4; j++) {
            double v[2] = {-f[1], f[0]};
            f[0] += h * v[0];
            f[1] += h * v[1];
        }
        for (int i = 0; i < 2; i++)
            xl[i] += 0.5 * (f[i] - xl[i]);
        xl[1] = fmin(fmax(xl[1], -clip), clip);
        assert_true(l[0] == xl[0] && l[1] == xl[1]);
    }
    /* without a projection the box is left (the WGAN dynamics spiral outward under simgd) */
    ganstab_update_system free_sys = wgan_system(&calls, NULL);
    double z[2] = {0.9, 0.2};
    for (int t = 0; t < 50; t++)
        step_or_fail(&simgd, &free_sys, z, w);
    assert_true(fabs(z[1]) > clip);
    ganstab_update_workspace_free(w);
}

/* A workspace serves only its dimension, and the Jacobian-based rules need one allocated for
 * them; ganstab_update_workspace_free accepts NULL. */
static void test_step_workspace_errors(void **state)
{
    (void)state;
    ganstab_update_workspace_free(NULL);
    unsigned calls = 0;
    ganstab_update_system sys = wgan_system(&calls, NULL);
    ganstab_update simgd = make_update(GANSTAB_SCHEME_SIMGD, 0.1, 0.0, 0.0, 1, 1, 0);
    ganstab_update sga = simgd, la = simgd;
    sga.scheme = GANSTAB_SCHEME_SGA;
    la.scheme = GANSTAB_SCHEME_LOOKAHEAD;
    la.base = GANSTAB_SCHEME_CGD;
    la.k = 1;
    la.alpha = 1.0;
    ganstab_update_workspace *w3 = ganstab_update_workspace_alloc(&simgd, 3);
    ganstab_update_workspace *w2 = ganstab_update_workspace_alloc(&simgd, 2);
    ganstab_update_workspace *wl = ganstab_update_workspace_alloc(&la, 2);
    assert_true(w3 != NULL && w2 != NULL && wl != NULL);
    double s[2] = {1.0, 1.0};
    struct {
        const ganstab_update *u;
        ganstab_update_workspace *w;
    } bad[] = {{&simgd, w3}, {&simgd, NULL}, {&sga, w2}, {&la, w2}};
    for (size_t i = 0; i < TESTUTIL_COUNT(bad); i++) {
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_error(ganstab_update_step(bad[i].u, &sys, s, bad[i].w, &err), GANSTAB_EINVAL, &err);
        assert_string_equal(err.where, "update");
        assert_true(s[0] == 1.0 && s[1] == 1.0);
    }
    assert_int_equal(calls, 0);
    /* a lookahead workspace has what its base needs, and serves the base and simpler rules */
    step_or_fail(&la, &sys, s, wl);
    step_or_fail(&sga, &sys, s, wl);
    step_or_fail(&simgd, &sys, s, wl);
    ganstab_update_workspace_free(w3);
    ganstab_update_workspace_free(w2);
    ganstab_update_workspace_free(wl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_dynamics),
        cmocka_unit_test(test_flow_simgd_ttur_hand_built),
        cmocka_unit_test(test_altgd_vs_explicit_products),
        cmocka_unit_test(test_altgd_orders_same_eigenvalues),
        cmocka_unit_test(test_lemma_2_5_trace_det),
        cmocka_unit_test(test_dimension_mismatch),
        cmocka_unit_test(test_step_clipping_keeps_discriminator_in_box),
        cmocka_unit_test(test_step_projection_equals_hand_substeps),
        cmocka_unit_test(test_step_workspace_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the optimizers of games (src/updates/update.c, issue 11): for every scheme, the
 * operator ganstab_update_operator builds from J at the equilibrium must equal the
 * central-difference Jacobian of ONE ACTUAL ITERATION ganstab_update_step on the nonlinear field
 * (the augmented state at the fixed point s(x*)), on three nonlinear games:
 *   - the Dirac-GAN, standard loss (f'(t) = sigmoid(-t): nonlinear), gradient penalty;
 *   - the LQ-GAN of Nagarajan & Kolter (lq2d), with their regularizer (eta > 0);
 *   - a three-dimensional expr game with one generator and two discriminator parameters
 *     (cross terms and curvature everywhere, so J's blocks are all nonzero).
 * Parameters are drawn from a fixed-seed PRNG. The difference is an independent path: the
 * iteration evaluates the field (and its Jacobian where the rule needs one) at perturbed states;
 * the operator only multiplies matrices at x*. A negative control shows the comparison can fail
 * (the two orders of alternating momentum give different operators). Also: the augmented start
 * and the lifted tangent vectors; complex momentum with beta_im = 0 has momentum's spectrum plus
 * beta; lookahead with k = 1, alpha = 1 is its base. */
#include "testutil.h"

#include <stdlib.h>

#include "ganstab/case.h"
#include "ganstab/eigen.h"
#include "ganstab/fdjac.h"
#include "ganstab/update.h"

/* Central differences of a smooth map with O(1) derivatives: truncation ~ h^2 f''' and rounding
 * ~ eps / h at GSL's adaptive step; the field check of the analysis uses the same bound. */
static const double FD_TOL = GANSTAB_FD_TOL;
/* A negative control must differ by far more than FD_TOL. */
static const double CONTROL_MIN = 1e-3;
/* Eigenvalues of matrices that agree to rounding (identical spectra by construction). */
static const double SPECTRUM_TOL = 1e-12;

typedef struct {
    ganstab_game game;
    ganstab_update u;
    size_t n, n_g;
    double *s;                      /* scratch augmented state */
    ganstab_update_workspace *work; /* the iteration's scratch space */
} iter_ctx;

/* F(s) = one iteration from s (the map whose Jacobian the operator is). */
static int one_iteration(const double *s, double *out, double *J, void *ctx, ganstab_error *err)
{
    iter_ctx *it = ctx;
    (void)J; /* fdjac asks for the map only */
    size_t N = ganstab_update_memory(&it->u) * it->n;
    memcpy(out, s, N * sizeof *out);
    ganstab_update_system sys = {.field = ganstab_game_field_fn,
                                 .field_ctx = &it->game,
                                 .project = NULL,
                                 .project_ctx = NULL,
                                 .n = it->n,
                                 .n_g = it->n_g};
    return ganstab_update_step(&it->u, &sys, out, it->work, err);
}

static const char *const DIRAC[] = {"case.model=dirac", "case.loss=standard", "regularizer.kind=gp",
                                    "regularizer.gamma=0.7", NULL};
static const char *const LQ2D[] = {"case.model=lq2d", "case.loss=standard", "regularizer.kind=nk",
                                   "regularizer.eta=0.3", NULL};
static const char *const EXPR3[] = {
    "case.model=expr",
    "model.generator=a",
    "model.discriminator=b, c",
    "model.payoff=a*b + 0.3*a^2*c - 0.2*b^2 - 0.1*c^2 + 0.25*b*c*a + 0.1*log(1 + b^2)*a",
    "model.equilibrium=0, 0, 0",
    NULL};

/* Max |A - FD(step)| for update u on the game of `assignments`; *control receives the same for
 * the operator of `other` (NULL: not computed). */
static double operator_vs_iteration(const char *const *assignments, const ganstab_update *u,
                                    const ganstab_update *other, double *control)
{
    ganstab_case c;
    testutil_case_build(&c, assignments);
    ganstab_error err;
    ganstab_error_clear(&err);
    iter_ctx it;
    memset(&it, 0, sizeof it);
    int rc = ganstab_game_init(&c, &it.game, &err);
    if (rc != GANSTAB_OK)
        print_error("game: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    it.u = *u;
    it.n = ganstab_game_dimension(&it.game);
    it.n_g = it.game.model->n_g;
    size_t n = it.n, N = ganstab_update_memory(u) * n;
    it.work = ganstab_update_workspace_alloc(u, n);
    assert_non_null(it.work);
    double *xstar = calloc(n, sizeof *xstar), *v = calloc(n, sizeof *v);
    double *s0 = calloc(N, sizeof *s0), *fd = calloc(N * N, sizeof *fd);
    ganstab_matrix *J = ganstab_matrix_alloc(n, n), *A = ganstab_matrix_alloc(N, N);
    assert_true(xstar != NULL && v != NULL && s0 != NULL && fd != NULL && J != NULL && A != NULL);
    it.game.model->ops->equilibrium(it.game.model, xstar);
    assert_int_equal(ganstab_game_field(&it.game, xstar, v, J->data, &err), GANSTAB_OK);
    for (size_t i = 0; i < n; i++)
        assert_true(fabs(v[i]) < 1e-14); /* x* is an equilibrium */
    rc = ganstab_update_operator(u, J, it.n_g, A, &err);
    if (rc != GANSTAB_OK)
        print_error("operator: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    ganstab_update_state_init(u, xstar, n, s0);
    rc = ganstab_jacobian_fd(one_iteration, &it, N, s0, fd, &err);
    if (rc != GANSTAB_OK)
        print_error("fd: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    double worst = 0.0;
    for (size_t i = 0; i < N * N; i++)
        worst = fmax(worst, fabs(A->data[i] - fd[i]));
    if (other != NULL) {
        assert_int_equal(ganstab_update_operator(other, J, it.n_g, A, &err), GANSTAB_OK);
        *control = 0.0;
        for (size_t i = 0; i < N * N; i++)
            *control = fmax(*control, fabs(A->data[i] - fd[i]));
    }
    free(xstar);
    free(v);
    free(s0);
    free(fd);
    ganstab_matrix_free(J);
    ganstab_matrix_free(A);
    ganstab_update_workspace_free(it.work);
    ganstab_game_free(&it.game);
    return worst;
}

/* A random configuration of scheme s (draw k of 8: the variants, orders and bases rotate). */
static ganstab_update random_update(ganstab_scheme s, size_t draw, testutil_rng *rng)
{
    ganstab_update u;
    memset(&u, 0, sizeof u);
    u.scheme = s;
    u.h = testutil_rng_uniform(rng, 0.05, 0.8);
    u.ng = u.nd = 1;
    u.k = 1;
    u.alpha = 0.5;
    switch (s) {
    case GANSTAB_SCHEME_EXTRAGRADIENT:
    case GANSTAB_SCHEME_OPTIMISTIC:
        u.he = draw % 2 == 0 ? 0.0 : testutil_rng_uniform(rng, 0.05, 0.8); /* 0: h_e = h */
        break;
    case GANSTAB_SCHEME_MOMENTUM:
        u.beta = testutil_rng_uniform(rng, -0.9, 0.9);
        u.variant = draw % 2 == 0 ? GANSTAB_VARIANT_DEFAULT : GANSTAB_VARIANT_ALTERNATING;
        u.order = (draw / 2) % 2 == 0 ? GANSTAB_ORDER_GEN_FIRST : GANSTAB_ORDER_DISC_FIRST;
        break;
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM:
        u.beta = testutil_rng_uniform(rng, -0.9, 0.9);
        u.beta_im = testutil_rng_uniform(rng, -0.9, 0.9);
        break;
    case GANSTAB_SCHEME_LOOKAHEAD: {
        static const ganstab_scheme bases[] = {GANSTAB_SCHEME_SIMGD, GANSTAB_SCHEME_ALTGD,
                                               GANSTAB_SCHEME_TTUR,  GANSTAB_SCHEME_EXTRAGRADIENT,
                                               GANSTAB_SCHEME_SGA,   GANSTAB_SCHEME_CGD,
                                               GANSTAB_SCHEME_CONOPT};
        u.base = bases[draw % 7];
        u.k = 1 + (unsigned)(draw % 4);
        u.alpha = testutil_rng_uniform(rng, 0.1, 1.0);
        u.hg = testutil_rng_uniform(rng, 0.05, 0.8);
        u.hd = testutil_rng_uniform(rng, 0.05, 0.8);
        u.ng = 1 + (unsigned)(draw % 2);
        u.nd = 1 + (unsigned)(draw % 3);
        u.lambda = testutil_rng_uniform(rng, -2.0, 2.0);
        u.gamma = testutil_rng_uniform(rng, 0.1, 2.0);
        u.he = testutil_rng_uniform(rng, 0.05, 0.8);
        break;
    }
    case GANSTAB_SCHEME_SGA:
        u.lambda = testutil_rng_uniform(rng, -2.0, 2.0);
        /* aligned with a negative lambda: the iteration's sign rule must turn it positive */
        u.variant = draw % 2 == 0 ? GANSTAB_VARIANT_DEFAULT : GANSTAB_VARIANT_ALIGNED;
        break;
    case GANSTAB_SCHEME_CONOPT:
        u.gamma = testutil_rng_uniform(rng, 0.1, 2.0);
        break;
    default:
        break;
    }
    return u;
}

static void check_scheme(ganstab_scheme s)
{
    const char *const *games[] = {DIRAC, LQ2D, EXPR3};
    const char *names[] = {"dirac gp", "lq2d nk", "expr 3d"};
    testutil_rng rng;
    testutil_rng_seed(&rng, 20261123u + (uint64_t)s);
    for (size_t g = 0; g < 3; g++)
        for (size_t draw = 0; draw < 8; draw++) {
            ganstab_update u = random_update(s, draw, &rng);
            double d = operator_vs_iteration(games[g], &u, NULL, NULL);
            if (!(d <= FD_TOL))
                print_error("%s on %s, draw %zu (h = %.17g): max |A - FD| = %.3g\n",
                            ganstab_scheme_name(s), names[g], draw, u.h, d);
            assert_true(d <= FD_TOL);
        }
}

static void test_extragradient(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_EXTRAGRADIENT);
}

static void test_optimistic(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_OPTIMISTIC);
}

static void test_momentum(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_MOMENTUM);
}

static void test_complex_momentum(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_COMPLEX_MOMENTUM);
}

static void test_lookahead(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_LOOKAHEAD);
}

static void test_sga(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_SGA);
}

static void test_cgd(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_CGD);
}

static void test_conopt(void **state)
{
    (void)state;
    check_scheme(GANSTAB_SCHEME_CONOPT);
}

/* The comparison can fail: the disc-first operator against the gen-first iteration. */
static void test_negative_control(void **state)
{
    (void)state;
    ganstab_update u;
    memset(&u, 0, sizeof u);
    u.scheme = GANSTAB_SCHEME_MOMENTUM;
    u.variant = GANSTAB_VARIANT_ALTERNATING;
    u.h = 0.4;
    u.beta = -0.3;
    ganstab_update other = u;
    other.order = GANSTAB_ORDER_DISC_FIRST;
    double control = 0.0;
    double d = operator_vs_iteration(EXPR3, &u, &other, &control);
    assert_true(d <= FD_TOL);
    assert_true(control >= CONTROL_MIN);
    /* and sga's aligned operator (|lambda|) is not the plain one with a negative lambda */
    ganstab_update a;
    memset(&a, 0, sizeof a);
    a.scheme = GANSTAB_SCHEME_SGA;
    a.variant = GANSTAB_VARIANT_ALIGNED;
    a.h = 0.3;
    a.lambda = -1.5;
    ganstab_update plain = a;
    plain.variant = GANSTAB_VARIANT_DEFAULT;
    d = operator_vs_iteration(EXPR3, &a, &plain, &control);
    assert_true(d <= FD_TOL);
    assert_true(control >= CONTROL_MIN);
}

/* Sorted-by-(re, im) copy of an n-vector of eigenvalues of M. */
static void sorted_eigen(const ganstab_matrix *M, ganstab_eigenvalue *ev)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_eigen_compute_alloc(M, ev, &err), GANSTAB_OK);
    size_t n = M->rows;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && (ev[j].re < ev[j - 1].re ||
                                     (ev[j].re == ev[j - 1].re && ev[j].im < ev[j - 1].im));
             j--) {
            ganstab_eigenvalue t = ev[j];
            ev[j] = ev[j - 1];
            ev[j - 1] = t;
        }
}

/* complex-momentum with beta_im = 0 decouples Im mu (eigenvalue beta, n times) from heavy ball
 * (Lorraine et al. 2022: real beta recovers classical momentum); lookahead with k = 1, alpha = 1
 * is its base scheme. */
static void test_special_cases(void **state)
{
    (void)state;
    ganstab_matrix *J = testutil_matrix_from_rows(2, 2, (const double[]){0.1, -0.7, 0.9, -0.4});
    ganstab_update cm;
    memset(&cm, 0, sizeof cm);
    cm.scheme = GANSTAB_SCHEME_COMPLEX_MOMENTUM;
    cm.h = 0.3;
    cm.beta = 0.6;
    ganstab_update hb = cm;
    hb.scheme = GANSTAB_SCHEME_MOMENTUM;
    ganstab_matrix *A3 = ganstab_matrix_alloc(6, 6), *A2 = ganstab_matrix_alloc(4, 4);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_update_operator(&cm, J, 1, A3, &err), GANSTAB_OK);
    assert_int_equal(ganstab_update_operator(&hb, J, 1, A2, &err), GANSTAB_OK);
    ganstab_eigenvalue e3[6], e2[6];
    sorted_eigen(A3, e3);
    sorted_eigen(A2, e2);
    e2[4] = e2[5] = (ganstab_eigenvalue){0};
    e2[4].re = e2[5].re = cm.beta;
    for (size_t i = 0; i < 6; i++) { /* match each e3 to a distinct e2 */
        double best = INFINITY;
        size_t at = 0;
        for (size_t j = 0; j < 6; j++) {
            double d = hypot(e3[i].re - e2[j].re, e3[i].im - e2[j].im);
            if (d < best) {
                best = d;
                at = j;
            }
        }
        assert_true(best <= SPECTRUM_TOL);
        e2[at].re = INFINITY;
    }
    ganstab_update la;
    memset(&la, 0, sizeof la);
    la.scheme = GANSTAB_SCHEME_LOOKAHEAD;
    la.base = GANSTAB_SCHEME_CGD;
    la.k = 1;
    la.alpha = 1.0;
    la.h = 0.45;
    ganstab_update base = la;
    base.scheme = GANSTAB_SCHEME_CGD;
    ganstab_matrix *L = ganstab_matrix_alloc(2, 2), *B = ganstab_matrix_alloc(2, 2);
    assert_int_equal(ganstab_update_operator(&la, J, 1, L, &err), GANSTAB_OK);
    assert_int_equal(ganstab_update_operator(&base, J, 1, B, &err), GANSTAB_OK);
    for (size_t i = 0; i < 4; i++)
        assert_close(L->data[i], B->data[i], SPECTRUM_TOL);
    /* the augmented start and lifts: (x, x) for memory of past iterates, (x, 0, 0) for mu */
    double x[2] = {1.5, -2.0}, s[6];
    ganstab_update_state_init(&hb, x, 2, s);
    assert_true(s[0] == 1.5 && s[1] == -2.0 && s[2] == 1.5 && s[3] == -2.0);
    ganstab_update_lift(&cm, x, 2, 1, s);
    assert_true(s[0] == 1.5 && s[1] == -2.0 && s[2] == 0.0 && s[5] == 0.0);
    assert_int_equal(ganstab_update_memory(&cm), 3);
    assert_int_equal(ganstab_update_memory(&hb), 2);
    assert_int_equal(ganstab_update_memory(&la), 1);
    /* the operator refuses a wrong size (m n) */
    assert_int_equal(ganstab_update_operator(&hb, J, 1, B, &err), GANSTAB_EINVAL);
    ganstab_matrix_free(J);
    ganstab_matrix_free(A3);
    ganstab_matrix_free(A2);
    ganstab_matrix_free(L);
    ganstab_matrix_free(B);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extragradient),
        cmocka_unit_test(test_optimistic),
        cmocka_unit_test(test_momentum),
        cmocka_unit_test(test_complex_momentum),
        cmocka_unit_test(test_lookahead),
        cmocka_unit_test(test_sga),
        cmocka_unit_test(test_cgd),
        cmocka_unit_test(test_conopt),
        cmocka_unit_test(test_negative_control),
        cmocka_unit_test(test_special_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

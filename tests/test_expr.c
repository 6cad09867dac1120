/* Tests of model expr (expr.h) through the whole pipeline: the built-in Dirac-GAN and LQ-GAN
 * re-expressed as formulas give the built-ins' fields, Jacobians, operators and eigenvalues;
 * `critical` on classic dynamical systems finds their Hopf, fold, flip and Neimark-Sacker
 * points at the values derived in closed form below; errors name the case file's line and the
 * column in the formula; Newton's method, continuation, the exact curvature and the hyper-dual
 * check. */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include <float.h>
#include <omp.h>
#include <stdlib.h>
#include <unistd.h>

#include "ganstab/claims.h"
#include "ganstab/expr.h"
#include "ganstab/fdjac.h"
#include "ganstab/io.h"

/* Both sides compute the same sums in a different order (closed forms, the same 64-node
 * quadrature): rounding differences of a few ulps of O(1) entries. The issue asks for 1e-12. */
static const double SAME_TOL = 1e-12;
/* Critical values: located to a 1e-12 bracket; the claims' accuracy (claims.h). */
static const double CRITICAL_TOL = 1e-10;
/* Jacobians of ConOpt/NK away from a stationary point: the built-ins take the curvature from
 * central differences of J (error ~1e-10, regularizer.c), model expr exactly. */
static const double CURVATURE_TOL = 1e-7;

/* ---- helpers ---------------------------------------------------------------------------- */

/* Write text to a temporary case file; its path into path (size >= 64). */
static void write_case(const char *text, char *path)
{
    snprintf(path, 64, "%s", "/tmp/ganstab-test-expr-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t len = strlen(text);
    assert_true(write(fd, text, len) == (ssize_t)len);
    close(fd);
}

/* Load and validate a case from text; the status, with err filled. */
static int load_text(const char *text, ganstab_case *c, char *path, ganstab_error *err)
{
    write_case(text, path);
    ganstab_error_clear(err);
    int rc = ganstab_case_load(path, c, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_case_validate(c, err);
    return rc;
}

static void load_ok(const char *text, ganstab_case *c)
{
    char path[64];
    ganstab_error err;
    int rc = load_text(text, c, path, &err);
    if (rc != GANSTAB_OK)
        fail_msg("%s: %s\n%s", err.where, err.message, text);
    unlink(path);
}

static void set_ok(ganstab_case *c, const char *assignment)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_set_assignment(c, assignment, &err);
    if (rc != GANSTAB_OK)
        fail_msg("%s: %s: %s", assignment, err.where, err.message);
}

static void validate_ok(const ganstab_case *c)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    if (ganstab_case_validate(c, &err) != GANSTAB_OK)
        fail_msg("%s: %s", err.where, err.message);
}

static double max_matrix_diff(const ganstab_matrix *a, const ganstab_matrix *b)
{
    if (a == NULL || b == NULL)
        return a == b ? 0.0 : INFINITY;
    return ganstab_matrix_max_abs_diff(a, b);
}

/* Two analyses of the same game: equal J, operator, eigenvalues (same order: both sorted by
 * ganstab_eigen_compute) and verdict. */
static void assert_same_analysis(const ganstab_result *a, const ganstab_result *b, const char *what)
{
    assert_int_equal(a->n, b->n);
    double dj = max_matrix_diff(a->jacobian, b->jacobian);
    double dop = max_matrix_diff(a->op, b->op);
    double dev = 0.0;
    for (size_t i = 0; i < a->n; i++)
        dev = fmax(dev, hypot(a->eigenvalues[i].re - b->eigenvalues[i].re,
                              a->eigenvalues[i].im - b->eigenvalues[i].im));
    if (!(dj <= SAME_TOL && dop <= SAME_TOL && dev <= SAME_TOL) || a->verdict != b->verdict)
        fail_msg("%s: |J - J'| = %.3g, |A - A'| = %.3g, |eigenvalues| = %.3g, verdicts %s/%s", what,
                 dj, dop, dev, ganstab_verdict_name(a->verdict), ganstab_verdict_name(b->verdict));
}

/* The fields of two games at x: max |v - v'| and max |J - J'|. */
static void field_diff(const ganstab_game *ga, const ganstab_game *gb, const double *x, double *dv,
                       double *dj)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    size_t n = ganstab_game_dimension(ga);
    double va[16], vb[16], Ja[256], Jb[256];
    assert_int_equal(ganstab_game_field(ga, x, va, Ja, &err), GANSTAB_OK);
    assert_int_equal(ganstab_game_field(gb, x, vb, Jb, &err), GANSTAB_OK);
    *dv = *dj = 0.0;
    for (size_t i = 0; i < n; i++)
        *dv = fmax(*dv, fabs(va[i] - vb[i]));
    for (size_t i = 0; i < n * n; i++)
        *dj = fmax(*dj, fabs(Ja[i] - Jb[i]));
}

/* Regularizers and update rules every equivalence runs over. */
static const char *const REGULARIZERS[][2] = {
    {"regularizer.kind=none", "regularizer.gamma=0"},
    {"regularizer.kind=conopt", "regularizer.gamma=0.7"},
    {"regularizer.kind=nk", "regularizer.eta=0.4"},
};
static const char *const SCHEMES[][4] = {
    {"update.scheme=flow", NULL, NULL, NULL},
    {"update.scheme=simgd", "update.h=0.1", NULL, NULL},
    {"update.scheme=altgd", "update.h=0.2", "update.nd=2", NULL},
    {"update.scheme=ttur", "update.hg=0.1", "update.hd=0.3", NULL},
};

/* The built-in case and the expr case under every regularizer and update rule: the same
 * analysis at the equilibrium; the same field and (raw) Jacobian at random points; the
 * regularized Jacobian there within the built-ins' finite-difference curvature error. */
static void check_equivalence(const char *builtin, const char *formulas, const char *label,
                              const double *center, double radius)
{
    testutil_rng rng;
    testutil_rng_seed(&rng, 2024);
    for (size_t r = 0; r < TESTUTIL_COUNT(REGULARIZERS); r++)
        for (size_t s = 0; s < TESTUTIL_COUNT(SCHEMES); s++) {
            ganstab_case a, b;
            load_ok(builtin, &a);
            load_ok(formulas, &b);
            for (int k = 0; k < 2; k++) {
                set_ok(&a, REGULARIZERS[r][k]);
                set_ok(&b, REGULARIZERS[r][k]);
            }
            for (int k = 0; k < 4 && SCHEMES[s][k] != NULL; k++) {
                set_ok(&a, SCHEMES[s][k]);
                set_ok(&b, SCHEMES[s][k]);
            }
            validate_ok(&a);
            validate_ok(&b);
            ganstab_result *ra = testutil_analyze(&a), *rb = testutil_analyze(&b);
            char what[160];
            snprintf(what, sizeof what, "%s, %s, %s", label, REGULARIZERS[r][0], SCHEMES[s][0]);
            assert_same_analysis(ra, rb, what);
            assert_true(rb->jacobian_agrees);
            ganstab_game ga, gb;
            ganstab_error err;
            ganstab_error_clear(&err);
            assert_int_equal(ganstab_game_init(&a, &ga, &err), GANSTAB_OK);
            assert_int_equal(ganstab_game_init(&b, &gb, &err), GANSTAB_OK);
            for (int trial = 0; trial < 3; trial++) {
                double x[2] = {center[0] + testutil_rng_uniform(&rng, -radius, radius),
                               center[1] + testutil_rng_uniform(&rng, -radius, radius)};
                double dv = 0.0, dj = 0.0;
                field_diff(&ga, &gb, x, &dv, &dj);
                double jtol = r == 0 ? SAME_TOL : CURVATURE_TOL;
                if (!(dv <= SAME_TOL && dj <= jtol))
                    fail_msg("%s at (%g, %g): |v - v'| = %.3g, |J - J'| = %.3g", what, x[0], x[1],
                             dv, dj);
            }
            ganstab_game_free(&ga);
            ganstab_game_free(&gb);
            ganstab_result_free(ra);
            ganstab_result_free(rb);
        }
}

/* ---- the built-in models as formulas ---------------------------------------------------- */

/* Mescheder et al. 2018, Definition 2.1 and eq. (1): L = f(psi*theta) + f(-psi*0). The
 * non-saturating generator ascends f(-psi*theta), i.e. minimizes fns(psi*theta) = -f(-psi*theta).
 */
static void test_dirac_equivalence(void **state)
{
    (void)state;
    static const struct {
        const char *loss, *payoff, *generator;
    } losses[] = {
        {"standard", "f(psi*theta) + f(0)", NULL},
        {"wgan", "fw(psi*theta) + fw(0)", NULL},
        {"nonsaturating", "f(psi*theta) + f(0)", "fns(psi*theta)"},
    };
    const double center[2] = {0.0, 0.0};
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        char builtin[256], formulas[512];
        snprintf(builtin, sizeof builtin, "[case]\nmodel = dirac\nloss = %s\n", losses[l].loss);
        snprintf(formulas, sizeof formulas,
                 "[case]\nmodel = expr\n[model]\ngenerator = theta\ndiscriminator = psi\n"
                 "payoff = %s\n%s%s%sequilibrium = 0, 0\n",
                 losses[l].payoff, losses[l].generator != NULL ? "generator_payoff = " : "",
                 losses[l].generator != NULL ? losses[l].generator : "",
                 losses[l].generator != NULL ? "\n" : "");
        check_equivalence(builtin, formulas, losses[l].loss, center, 1.5);
    }
}

/* Nagarajan & Kolter 2017, Sec. 4: V = E_x f(w2 x^2) + E_z f(-w2 (a z)^2), x, z ~ U[-1, 1],
 * the discriminator maximizes, the generator minimizes (non-saturating: it ascends
 * f(w2 (a z)^2), i.e. minimizes fns(-w2 (a z)^2)). */
static void test_lq2d_equivalence(void **state)
{
    (void)state;
    static const struct {
        const char *loss, *payoff, *generator;
    } losses[] = {
        {"standard", "f(w2*x^2) + f(-w2*(a*z)^2)", NULL},
        {"wgan", "fw(w2*x^2) + fw(-w2*(a*z)^2)", NULL},
        {"nonsaturating", "f(w2*x^2) + f(-w2*(a*z)^2)", "fns(-w2*(a*z)^2)"},
    };
    const double center[2] = {1.0, 0.0};
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        char builtin[256], formulas[512];
        snprintf(builtin, sizeof builtin, "[case]\nmodel = lq2d\nloss = %s\n", losses[l].loss);
        snprintf(formulas, sizeof formulas,
                 "[case]\nmodel = expr\n[model]\ngenerator = a\ndiscriminator = w2\n"
                 "data = x ~ uniform(-1, 1); z ~ uniform(-1, 1)\npayoff = %s\n%s%s%s"
                 "equilibrium = 1, 0\n",
                 losses[l].payoff, losses[l].generator != NULL ? "generator_payoff = " : "",
                 losses[l].generator != NULL ? losses[l].generator : "",
                 losses[l].generator != NULL ? "\n" : "");
        check_equivalence(builtin, formulas, losses[l].loss, center, 0.5);
    }
}

/* ---- classic bifurcations --------------------------------------------------------------- */

typedef struct {
    ganstab_crossing_type type;
    double value;
} expected_crossing;

/* `critical` on a case: every stability crossing expected (type, value within CRITICAL_TOL) and
 * no other; oscillation crossings only where expected too. */
static void check_crossings(const char *text, const char *param, double from, double to,
                            const expected_crossing *want, size_t nwant, const char *label)
{
    ganstab_case c;
    load_ok(text, &c);
    ganstab_case_key key;
    ganstab_error err;
    ganstab_error_clear(&err);
    if (ganstab_case_param_lookup(&c, param, "--param", &key, &err) != GANSTAB_OK)
        fail_msg("%s: %s", label, err.message);
    ganstab_crossing *x = NULL;
    size_t nx = 0;
    int rc = ganstab_analysis_crossings(&c, key, from, to, GANSTAB_DEFAULT_TOL, 400, &x, &nx, &err);
    if (rc != GANSTAB_OK)
        fail_msg("%s: %s: %s", label, err.where, err.message);
    if (nx != nwant) {
        for (size_t i = 0; i < nx; i++)
            print_error("  found %s %.17g\n", ganstab_crossing_type_name(x[i].type), x[i].value);
        fail_msg("%s: %zu crossings, expected %zu", label, nx, nwant);
    }
    for (size_t i = 0; i < nwant; i++) {
        double scale = fmax(1.0, fabs(want[i].value));
        if (x[i].type != want[i].type ||
            !(fabs(x[i].value - want[i].value) <= CRITICAL_TOL * scale))
            fail_msg("%s: crossing %zu is %s at %.17g, expected %s at %.17g (|diff| %.3g)", label,
                     i, ganstab_crossing_type_name(x[i].type), x[i].value,
                     ganstab_crossing_type_name(want[i].type), want[i].value,
                     fabs(x[i].value - want[i].value));
        assert_true(x[i].hi - x[i].lo <= GANSTAB_CROSSING_REL_WIDTH * scale * (1.0 + 1e-9));
    }
    free(x);
}

/* Hopf points of flows. Brusselator x' = a - (b+1)x + x^2 y, y' = bx - x^2 y: at (a, b/a)
 * J = [[b - 1, a^2], [-b, -a^2]], tr J = b - 1 - a^2, det J = a^2 > 0: a Hopf point at
 * b = 1 + a^2. The Hopf normal form at mu = 0. Lorenz x' = s(y - x), y' = x(r - z) - y,
 * z' = xy - bz at C+ = (q, q, r - 1), q = sqrt(b(r - 1)): the characteristic polynomial
 * l^3 + (s + b + 1) l^2 + b(r + s) l + 2bs(r - 1) has a pair on the imaginary axis when the
 * product of the first two coefficients equals the third (Routh-Hurwitz), r = s(s + b + 3)/(s - b
 * - 1): 470/19 for s = 10, b = 8/3; 368/11 for s = 16, b = 4. */
static void test_hopf_points(void **state)
{
    (void)state;
    static const double as[] = {1.0, 1.5, 2.0};
    for (size_t i = 0; i < TESTUTIL_COUNT(as); i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "[case]\nmodel = expr\n[model]\nstate = x, y\nfield = a - (b + 1)*x + x^2*y; "
                 "b*x - x^2*y\nequilibrium = a, b/a\n[params]\na = %.17g\nb = 1\n",
                 as[i]);
        /* the pair is complex between the roots of (tr J)^2 = 4 det J: b = (a -+ 1)^2 */
        double from = 0.5, to = 1.0 + as[i] * as[i] + 1.5;
        expected_crossing want[3];
        size_t nwant = 0;
        double lower = (as[i] - 1.0) * (as[i] - 1.0), upper = (as[i] + 1.0) * (as[i] + 1.0);
        if (lower > from && lower < to)
            want[nwant++] = (expected_crossing){GANSTAB_CROSSING_REAL_TO_COMPLEX, lower};
        want[nwant++] = (expected_crossing){GANSTAB_CROSSING_HOPF, 1.0 + as[i] * as[i]};
        if (upper > from && upper < to)
            want[nwant++] = (expected_crossing){GANSTAB_CROSSING_COMPLEX_TO_REAL, upper};
        check_crossings(text, "params.b", from, to, want, nwant, "brusselator");
    }
    expected_crossing normal[] = {{GANSTAB_CROSSING_HOPF, 0.0}};
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x, y\n"
                    "field = mu*x - y - x*(x^2 + y^2); x + mu*y - y*(x^2 + y^2)\n"
                    "equilibrium = 0, 0\n[params]\nmu = -1\n",
                    "params.mu", -1.0, 1.0, normal, 1, "Hopf normal form");
    static const double sb[][2] = {{10.0, 8.0 / 3.0}, {16.0, 4.0}};
    for (size_t i = 0; i < TESTUTIL_COUNT(sb); i++) {
        double s = sb[i][0], b = sb[i][1], rh = s * (s + b + 3.0) / (s - b - 1.0);
        char text[512];
        snprintf(text, sizeof text,
                 "[case]\nmodel = expr\n[model]\nstate = x, y, z\n"
                 "field = s*(y - x); x*(r - z) - y; x*y - b*z\n"
                 "equilibrium = sqrt(b*(r - 1)), sqrt(b*(r - 1)), r - 1\n"
                 "[params]\ns = %.17g\nb = %.17g\nr = 2\n",
                 s, b);
        expected_crossing want[] = {{GANSTAB_CROSSING_HOPF, rh}};
        check_crossings(text, "params.r", 2.0, rh + 10.0, want, 1, "Lorenz C+");
        /* the same branch from a guess, followed by continuation from r = 2 */
        snprintf(text, sizeof text,
                 "[case]\nmodel = expr\n[model]\nstate = x, y, z\n"
                 "field = s*(y - x); x*(r - z) - y; x*y - b*z\n"
                 "guess = sqrt(b*(r - 1)) + 0.3, sqrt(b*(r - 1)) - 0.2, r - 0.5\n"
                 "[params]\ns = %.17g\nb = %.17g\nr = 2\n",
                 s, b);
        check_crossings(text, "params.r", 2.0, rh + 10.0, want, 1, "Lorenz C+ by continuation");
    }
}

/* Folds of flows. The Lorenz origin: eigenvalues -b and the roots of
 * l^2 + (s + 1) l + s(1 - r), real (discriminant (s - 1)^2 + 4sr > 0), one through 0 at r = 1
 * (the pitchfork). x' = r + x^2: the branch x = -sqrt(-r) (from a guess or as a formula) ends
 * in a saddle-node at r = 0. x' = r + x - x^3/3: the branch through x = -2 ends where
 * 1 - x^2 = 0 at x = -1, r = 2/3, while another branch (x > 1) goes on: continuation must not
 * jump to it. */
static void test_fold_points(void **state)
{
    (void)state;
    expected_crossing pitchfork[] = {{GANSTAB_CROSSING_FOLD, 1.0}};
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x, y, z\n"
                    "field = s*(y - x); x*(r - z) - y; x*y - b*z\nequilibrium = 0, 0, 0\n"
                    "[params]\ns = 10\nb = 2.6666666666666665\nr = 0.5\n",
                    "params.r", 0.0, 2.0, pitchfork, 1, "Lorenz origin");
    expected_crossing at0[] = {{GANSTAB_CROSSING_FOLD, 0.0}};
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x\nfield = r + x^2\nguess = -1\n"
                    "[params]\nr = -1\n",
                    "params.r", -1.0, 1.0, at0, 1, "saddle-node from a guess");
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x\nfield = r + x^2\n"
                    "equilibrium = -sqrt(-r)\n[params]\nr = -1\n",
                    "params.r", -1.0, 1.0, at0, 1, "saddle-node from a formula");
    expected_crossing two_thirds[] = {{GANSTAB_CROSSING_FOLD, 2.0 / 3.0}};
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x\nfield = r + x - x^3/3\n"
                    "guess = -2\n[params]\nr = -1\n",
                    "params.r", -1.0, 1.0, two_thirds, 1, "cubic fold");

    /* the fold's sides: the stable node before, no equilibrium after */
    ganstab_case c;
    load_ok("[case]\nmodel = expr\n[model]\nstate = x\nfield = r + x^2\nguess = -1\n"
            "[params]\nr = -1\n",
            &c);
    ganstab_case_key key;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_param_lookup(&c, "params.r", "t", &key, &err), GANSTAB_OK);
    ganstab_crossing *x = NULL;
    size_t nx = 0;
    assert_int_equal(
        ganstab_analysis_crossings(&c, key, -1.0, 1.0, GANSTAB_DEFAULT_TOL, 100, &x, &nx, &err),
        GANSTAB_OK);
    assert_int_equal(nx, 1);
    assert_int_equal(x[0].kind, GANSTAB_CROSSING_STABILITY);
    assert_int_equal(x[0].before, GANSTAB_VERDICT_STABLE);
    assert_int_equal(x[0].after, GANSTAB_VERDICT_NOT_STATIONARY);
    free(x);
}

/* Maps. Logistic x+ = r x (1 - x) at x* = 1 - 1/r: DF = 2 - r, through +1 at r = 1 (fold) and
 * -1 at r = 3 (flip). Henon x+ = 1 - a x^2 + y, y+ = b x: fixed points x = (-(1 - b) +- sqrt((1 -
 * b)^2 + 4a))/(2a), y = bx; DF = [[-2ax, 1], [b, 0]] has l^2 + 2ax l - b = 0; l = -1 when
 * 1 - 2ax - b = 0, i.e. on the + branch at a = 3(1 - b)^2/4 (flip); the fixed points appear at
 * a = -(1 - b)^2/4 (fold: the branch starts; l = 1 there). Delayed logistic x+ = y,
 * y+ = r y (1 - x) at x = y = 1 - 1/r: DF = [[0, 1], [1 - r, 1]], l^2 - l + r - 1 = 0: l = 1 at
 * r = 1 (fold), complex for r > 5/4, |l|^2 = det = r - 1 = 1 at r = 2 (Neimark-Sacker). */
static void test_map_points(void **state)
{
    (void)state;
    expected_crossing logistic[] = {{GANSTAB_CROSSING_FOLD, 1.0}, {GANSTAB_CROSSING_FLIP, 3.0}};
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x\nfield = r*x*(1 - x)\n"
                    "dynamics = map\nequilibrium = 1 - 1/r\n[params]\nr = 2\n",
                    "params.r", 0.5, 3.5, logistic, 2, "logistic map");
    double b = 0.3;
    const char *henon = "[case]\nmodel = expr\n[model]\nstate = x, y\n"
                        "field = 1 - a*x^2 + y; b*x\ndynamics = map\n"
                        "equilibrium = (-(1 - b) + sqrt((1 - b)^2 + 4*a))/(2*a), "
                        "b*(-(1 - b) + sqrt((1 - b)^2 + 4*a))/(2*a)\n"
                        "[params]\na = 0.2\nb = 0.3\n";
    expected_crossing flip[] = {{GANSTAB_CROSSING_FLIP, 3.0 * (1 - b) * (1 - b) / 4.0}};
    check_crossings(henon, "params.a", 0.1, 1.0, flip, 1, "Henon flip");
    expected_crossing appear[] = {{GANSTAB_CROSSING_FOLD, -(1 - b) * (1 - b) / 4.0}};
    check_crossings(henon, "params.a", -0.2, -0.05, appear, 1, "Henon fold");
    expected_crossing delayed[] = {{GANSTAB_CROSSING_FOLD, 1.0},
                                   {GANSTAB_CROSSING_REAL_TO_COMPLEX, 1.25},
                                   {GANSTAB_CROSSING_NEIMARK_SACKER, 2.0}};
    check_crossings("[case]\nmodel = expr\n[model]\nstate = x, y\nfield = y; r*y*(1 - x)\n"
                    "dynamics = map\nequilibrium = 1 - 1/r, 1 - 1/r\n[params]\nr = 1.5\n",
                    "params.r", 0.5, 2.5, delayed, 3, "delayed logistic map");
}

/* ---- errors ----------------------------------------------------------------------------- */

/* Errors at loading/validation: the code, "FILE:LINE" of the key, and the message. */
static void test_case_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line; /* the line the error names (0: the file) */
        const char *message;
    } table[] = {
        {"[case]\nmodel = expr\n[model]\ngenerator = theta\ndiscriminator = psi\n"
         "payoff = f(psi*thetaa) + f(0)\nequilibrium = 0, 0\n",
         6, "key 'payoff': unknown name 'thetaa' at column 7 (known: theta, psi)"},
        {"[case]\nmodel = expr\n[model]\nstate = x, y\nfield = y; x*(1 - y\nequilibrium = 0, 0\n",
         5,
         "formula 2 (of state 'y'): syntax error at column 12: expected ')' for the '(' at "
         "column 6"},
        {"[case]\nmodel = expr\n[model]\nstate = x, y\nfield = y ; -x\nequilibrium = 0, 0\n", 5,
         "1 formula for 2 state variables"},
        {"[case]\nmodel = expr\n[model]\nstate = x, exp\nfield = y; -x\nequilibrium = 0, 0\n", 4,
         "'exp' at column 4 is reserved"},
        {"[case]\nmodel = expr\n[model]\nstate = x, x\nfield = x; -x\nequilibrium = 0, 0\n", 4,
         "'x' at column 4 is named twice"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = -x\nequilibrium = 0, 1\n", 6,
         "key 'equilibrium': 2 values for 1 state variable"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = -x\nequilibrium = x\n", 6,
         "unknown name 'x' at column 1"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = -x\n", 0,
         "missing 'equilibrium' (formulas in the parameters) or 'guess'"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = z*x\ndata = z ~ beta(1, 2)\n"
         "equilibrium = 0\n",
         6, "unknown distribution 'beta'"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = z*x\ndata = z ~ normal(0, -1)\n"
         "equilibrium = 0\n",
         6, "normal(MEAN, SD) needs SD > 0"},
        {"[case]\nmodel = expr\nloss = wgan\n[model]\nstate = x\nfield = -x\nequilibrium = 0\n", 3,
         "case.loss does not apply"},
        {"[case]\nmodel = expr\n[regularizer]\nkind = gp\ngamma = 1\n[model]\ngenerator = t\n"
         "discriminator = p\npayoff = t*p\nequilibrium = 0, 0\n",
         4, "regularizer gp needs the discriminator's input gradient"},
        {"[case]\nmodel = expr\n[regularizer]\nkind = nk\neta = 1\n[model]\nstate = x\n"
         "field = -x\nequilibrium = 0\n",
         4, "a field over 'state' has no players"},
        {"[case]\nmodel = expr\n[update]\nscheme = altgd\nh = 0.1\n[model]\nstate = x\n"
         "field = -x\nequilibrium = 0\n",
         4, "altgd updates the generator and the discriminator separately"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = x/2\ndynamics = map\n"
         "equilibrium = 0\n[update]\nh = 0.1\n",
         9, "key 'h': a map (model.dynamics = map) is its own update rule"},
        {"[case]\nmodel = dirac\n[params]\ngamma = 1\n", 4,
         "[params]: named parameters are for model expr"},
        {"[case]\nmodel = expr\n[params]\nexp = 1\n", 4, "[params]: 'exp' is reserved"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = -x\nequilibrium = 0\n"
         "[critical]\nparam = params.nope\nfrom = 0\nto = 1\n",
         8, "unknown parameter 'params.nope'"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = -a*x\nequilibrium = 0\n"
         "[params]\na = 1\nb = 2\n[critical]\nparam = params.b\nfrom = 0\nto = 1\n",
         11, "'params.b' has no effect in this case (no formula uses 'b')"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_case c;
        char path[64], where[96];
        ganstab_error err;
        int rc = load_text(table[i].text, &c, path, &err);
        if (table[i].line > 0)
            snprintf(where, sizeof where, "%s:%d", path, table[i].line);
        else
            snprintf(where, sizeof where, "%s", path);
        unlink(path);
        if (rc != GANSTAB_EINVAL || strcmp(err.where, where) != 0 ||
            strstr(err.message, table[i].message) == NULL)
            fail_msg("case %zu: rc %d, '%s: %s'; expected EINVAL at '%s' with '%s'", i, rc,
                     err.where, err.message, where, table[i].message);
    }
}

/* Numerical failures at the equilibrium (GANSTAB_ENUMERIC, CLI exit 3), located at the key's
 * line and the column where the formula stops being finite. */
static void test_numeric_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int line;
        const char *message;
    } table[] = {
        {"[case]\nmodel = expr\n[model]\nstate = x, y\nfield = y; 1/x\nequilibrium = 0, 0\n", 5,
         "key 'field': formula 2 (of state 'y'): division by zero at column 5, at (x, y) = "
         "(0, 0)"},
        {"[case]\nmodel = expr\n[model]\ngenerator = t\ndiscriminator = p\n"
         "payoff = p*log(t)\nequilibrium = 0, 1\n",
         6, "key 'payoff': d/dt: log(0) is not finite at column 3, at (t, p) = (0, 1)"},
        {"[case]\nmodel = expr\n[model]\nstate = x, y\nfield = y; sqrt(x)\nequilibrium = 0, 0\n", 5,
         "formula 2 (of state 'y'), d/dx: sqrt is not differentiable at 0 at column 4"},
        {"[case]\nmodel = expr\n[model]\nstate = x\nfield = r - x\n"
         "equilibrium = sqrt(r - 1)\n[params]\nr = 0.5\n",
         6, "key 'equilibrium': value 1 (of 'x'): sqrt(-0.5) is not a real number at column 1"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_case c;
        char path[64], where[96];
        ganstab_error err;
        int rc = load_text(table[i].text, &c, path, &err);
        ganstab_result *r = NULL;
        if (rc == GANSTAB_OK)
            rc = ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err);
        snprintf(where, sizeof where, "%s:%d", path, table[i].line);
        unlink(path);
        ganstab_result_free(r);
        if (rc != GANSTAB_ENUMERIC || strcmp(err.where, where) != 0 ||
            strstr(err.message, table[i].message) == NULL)
            fail_msg("case %zu: rc %d, '%s: %s'; expected ENUMERIC at '%s' with '%s'", i, rc,
                     err.where, err.message, where, table[i].message);
    }
}

/* --set: declared parameters only, validated like the file. */
static void test_set_params(void **state)
{
    (void)state;
    ganstab_case c;
    load_ok("[case]\nmodel = expr\n[model]\nstate = x\nfield = -a*x\nequilibrium = 0\n"
            "[params]\na = 1\n",
            &c);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_set_assignment(&c, "params.a=2.5", &err), GANSTAB_OK);
    assert_close(c.params[0].value, 2.5, 0.0);
    int rc = ganstab_case_set_assignment(&c, "params.b=1", &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--set params.b");
    assert_non_null(strstr(err.message, "unknown parameter 'b'"));
    rc = ganstab_case_set_assignment(&c, "params.a=abc", &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "expected a number, got 'abc'"));
    /* a critical sweep of a parameter: the key names it, and setting it moves the model */
    ganstab_case_key key;
    assert_int_equal(ganstab_case_param_lookup(&c, "params.a", "t", &key, &err), GANSTAB_OK);
    assert_string_equal(ganstab_case_param_name(&c, key), "params.a");
    assert_int_equal(ganstab_case_param_set(&c, key, -3.0, "t", &err), GANSTAB_OK);
    assert_close(ganstab_case_param_get(&c, key), -3.0, 0.0);
    ganstab_result *r = testutil_analyze(&c);
    assert_close(ganstab_matrix_get(r->jacobian, 0, 0), 3.0, 0.0);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_UNSTABLE);
    ganstab_result_free(r);
    rc = ganstab_case_param_lookup(&c, "update.h", "t", &key, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
}

/* ---- Newton's method, curvature, the hyper-dual check, threads ---------------------------- */

static void test_newton(void **state)
{
    (void)state;
    /* converges: x^2 = 4 from 10, y = 0 */
    ganstab_case c;
    load_ok("[case]\nmodel = expr\n[model]\nstate = x, y\nfield = 4 - x^2; -y + x - 2\n"
            "guess = 10, 3\n",
            &c);
    ganstab_result *r = testutil_analyze(&c);
    assert_close(r->equilibrium[0], 2.0, 4.0 * DBL_EPSILON);
    assert_close(r->equilibrium[1], 0.0, 4.0 * DBL_EPSILON);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_STABLE);
    ganstab_result_free(r);
    /* no real root: the guess is analysed, not stationary, and no stationary point exists */
    load_ok("[case]\nmodel = expr\n[model]\nstate = x\nfield = x^2 + 1\nguess = 0.5\n", &c);
    r = testutil_analyze(&c);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_NOT_STATIONARY);
    assert_close(r->equilibrium[0], 0.5, 0.0);
    assert_int_equal(r->n_stationary, 0);
    ganstab_result_free(r);
    ganstab_case_expr ce;
    ganstab_case_expr_spec(&c, &ce);
    double x = 0.0;
    int found = 1;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_expr_solve(&ce.spec, &x, &found, &err), GANSTAB_OK);
    assert_int_equal(found, 0);
}

/* ConOpt's and NK's Jacobians away from a stationary point, J - gamma (J^T J + sum_k v_k Hess v_k)
 * and its NK analogue: model expr's exact curvature against central differences of its own
 * regularized field. */
static void test_exact_curvature(void **state)
{
    (void)state;
    static const char *const regs[] = {"[regularizer]\nkind = conopt\ngamma = 0.7\n",
                                       "[regularizer]\nkind = nk\neta = 0.4\n"};
    for (size_t k = 0; k < TESTUTIL_COUNT(regs); k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "[case]\nmodel = expr\n%s[model]\ngenerator = a\ndiscriminator = w2\n"
                 "data = x ~ uniform(-1, 1); z ~ uniform(-1, 1)\n"
                 "payoff = f(w2*x^2) + f(-w2*(a*z)^2) + 0.1*a^3*w2\nequilibrium = 1, 0\n",
                 regs[k]);
        ganstab_case c;
        load_ok(text, &c);
        ganstab_game g;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_game_init(&c, &g, &err), GANSTAB_OK);
        assert_non_null(g.model->ops->curvature);
        const double x[2] = {0.8, 0.6};
        double v[2], J[4], Jfd[4];
        assert_int_equal(ganstab_game_field(&g, x, v, J, &err), GANSTAB_OK);
        assert_true(fabs(v[0]) + fabs(v[1]) > 0.05); /* not stationary: the term matters */
        assert_int_equal(ganstab_jacobian_fd(ganstab_game_field_fn, &g, 2, x, Jfd, &err),
                         GANSTAB_OK);
        for (size_t i = 0; i < 4; i++)
            assert_close(J[i], Jfd[i], CURVATURE_TOL);
        ganstab_game_free(&g);
    }
}

/* The report's formulas: libmatheval's derivatives agree with the hyper-dual ones at x*, and
 * read as expected. */
static void test_formulas(void **state)
{
    (void)state;
    ganstab_case c;
    load_ok("[case]\nmodel = expr\n[model]\nstate = x, y, z\n"
            "field = s*(y - x); x*(r - z) - y; x*y - b*z\n"
            "equilibrium = sqrt(b*(r - 1)), sqrt(b*(r - 1)), r - 1\n"
            "[params]\ns = 10\nb = 2.6666666666666665\nr = 28\n",
            &c);
    ganstab_result *r = testutil_analyze(&c);
    ganstab_case_expr ce;
    ganstab_case_expr_spec(&c, &ce);
    ganstab_expr_formulas *f = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_expr_formulas_build(&ce.spec, r->equilibrium, &f, &err), GANSTAB_OK);
    assert_true(f->ad_max_abs_diff <= 1e-14 * fmax(1.0, f->ad_scale));
    assert_string_equal(f->field[0], "s*(y - x)");
    assert_string_equal(f->jacobian[0 * 3 + 0], "-s");
    assert_string_equal(f->jacobian[1 * 3 + 0], "r - z");
    assert_string_equal(f->jacobian[1 * 3 + 2], "-x");
    assert_string_equal(f->jacobian[2 * 3 + 2], "-b");
    assert_int_equal(f->eq_source, GANSTAB_EXPR_EQ_GIVEN);
    ganstab_expr_formulas_free(f);
    ganstab_result_free(r);

    load_ok("[case]\nmodel = expr\n[model]\ngenerator = theta\ndiscriminator = psi\n"
            "payoff = f(psi*theta) + f(0)\ngenerator_payoff = fns(psi*theta)\nguess = 0.1, -0.2\n",
            &c);
    r = testutil_analyze(&c);
    ganstab_case_expr_spec(&c, &ce);
    assert_int_equal(ganstab_expr_formulas_build(&ce.spec, r->equilibrium, &f, &err), GANSTAB_OK);
    assert_true(f->payoff && f->uses_f && f->uses_fns && !f->uses_fw);
    assert_string_equal(f->field[1], "theta*exp(-psi*theta)/(1 + exp(-psi*theta))");
    assert_string_equal(f->field[0], "-psi*exp(psi*theta)/(1 + exp(psi*theta))");
    assert_int_equal(f->eq_source, GANSTAB_EXPR_EQ_NEWTON);
    assert_true(f->ad_max_abs_diff <= 1e-15);
    ganstab_expr_formulas_free(f);
    ganstab_result_free(r);
}

/* Analyses of expr models from several OpenMP threads (libmatheval is entered under its lock)
 * equal the serial ones. */
static void test_threads(void **state)
{
    (void)state;
    ganstab_case c;
    load_ok("[case]\nmodel = expr\n[regularizer]\nkind = conopt\ngamma = 0.3\n[model]\n"
            "generator = a\ndiscriminator = w2\ndata = x ~ uniform(-1, 1); z ~ normal(0, 1)\n"
            "payoff = f(w2*x^2) + f(-w2*(a*z)^2)\nguess = 1.1, 0.1\n",
            &c);
    ganstab_result *serial = testutil_analyze(&c);
    enum { RUNS = 8 };
    double re[RUNS];
    int ok[RUNS];
#pragma omp parallel for num_threads(4) schedule(dynamic)
    for (int i = 0; i < RUNS; i++) {
        ganstab_result *r = NULL;
        ganstab_error err;
        ok[i] = ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err) == GANSTAB_OK &&
                max_matrix_diff(r->jacobian, serial->jacobian) == 0.0;
        re[i] = ok[i] ? r->eigenvalues[0].re : NAN;
        ganstab_result_free(r);
    }
    for (int i = 0; i < RUNS; i++) {
        assert_true(ok[i]);
        assert_true(re[i] == serial->eigenvalues[0].re);
    }
    ganstab_result_free(serial);
}

/* [critical] expect: the case's own predictions become claims of the sweep; a wrong one
 * disagrees, a missing crossing is not found; formulas that cannot be predictions are refused. */
static void test_expectations(void **state)
{
    (void)state;
    static const struct {
        const char *expect;
        int found, agrees;
    } table[] = {
        {"hopf: s*(s + b + 3)/(s - b - 1)", 1, 1},
        {"hopf: 24.7368", 1, 0},
        {"fold: 10", 0, 0},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "[case]\nmodel = expr\n[model]\nstate = x, y, z\n"
                 "field = s*(y - x); x*(r - z) - y; x*y - b*z\n"
                 "equilibrium = sqrt(b*(r - 1)), sqrt(b*(r - 1)), r - 1\n"
                 "[params]\ns = 10\nb = 2.6666666666666665\nr = 2\n"
                 "[critical]\nparam = params.r\nfrom = 2\nto = 30\nscan = 200\nexpect = %s\n",
                 table[i].expect);
        ganstab_case c;
        load_ok(text, &c);
        ganstab_crossing *x = NULL;
        size_t nx = 0;
        ganstab_claim_critical *k = NULL;
        size_t nk = 0;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_analysis_crossings(&c, c.critical_param, 2.0, 30.0,
                                                    GANSTAB_DEFAULT_TOL, 200, &x, &nx, &err),
                         GANSTAB_OK);
        assert_int_equal(
            ganstab_claims_check_critical(&c, c.critical_param, 2.0, 30.0, x, nx, &k, &nk, &err),
            GANSTAB_OK);
        assert_int_equal(nk, 1);
        assert_string_equal(k[0].id, "case:critical.expect");
        assert_int_equal(k[0].found, table[i].found);
        assert_int_equal(k[0].agrees, table[i].agrees);
        free(x);
        free(k);
    }
    static const struct {
        const char *expect, *message;
    } bad[] = {
        {"hopfx: 1", "unknown crossing type 'hopfx'"},
        {"hopf 1", "expected 'TYPE: VALUE' at column 1"},
        {"hopf: b + 1", "uses 'b', the parameter being swept"},
        {"flip: q", "unknown name 'q'"},
        {"flip: sqrt(-r)", "is not a finite number"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(bad); i++) {
        char text[512], path[64];
        snprintf(text, sizeof text,
                 "[case]\nmodel = expr\n[model]\nstate = x\nfield = -b*x\nequilibrium = 0\n"
                 "[params]\nb = 1\nr = 1\n[critical]\nparam = params.b\nfrom = 0\nto = 2\n"
                 "expect = %s\n",
                 bad[i].expect);
        ganstab_case c;
        ganstab_error err;
        int rc = load_text(text, &c, path, &err);
        unlink(path);
        if (rc != GANSTAB_EINVAL || strstr(err.message, bad[i].message) == NULL)
            fail_msg("expect = %s: rc %d, '%s'", bad[i].expect, rc, err.message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dirac_equivalence),
        cmocka_unit_test(test_lq2d_equivalence),
        cmocka_unit_test(test_hopf_points),
        cmocka_unit_test(test_fold_points),
        cmocka_unit_test(test_map_points),
        cmocka_unit_test(test_case_errors),
        cmocka_unit_test(test_numeric_errors),
        cmocka_unit_test(test_set_params),
        cmocka_unit_test(test_newton),
        cmocka_unit_test(test_exact_curvature),
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_expectations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Tests of the formula language (symbolic.h): the parser's precedence and its error columns,
 * the translation to libmatheval (each formula evaluated by libmatheval and by ganstab's own
 * evaluator), libmatheval's derivatives read back and simplified exactly against hyper-dual
 * differentiation and central differences, the printer (a printed formula parses back to the
 * same function), failure locations, and the lock around libmatheval under OpenMP threads. */
#include "testutil.h"

#include <float.h>
#include <omp.h>
#include <stdlib.h>

#include "ganstab/symbolic.h"

/* Two evaluations of the same elementary functions (libm through libmatheval, libm here):
 * they agree to a few ulps of the result. */
static const double EVAL_RTOL = 1e-14;
/* libmatheval's derivative formula vs hyper-dual arithmetic: two exact differentiations,
 * different operation orders; relative to the larger of 1 and |value|. */
static const double DERIV_RTOL = 1e-12;
/* Central differences with step 1e-5: truncation ~1e-10 |f'''|, rounding ~1e-11 |f|. */
static const double FD_RTOL = 1e-7;
static const double FD_STEP = 1e-5;

static const char *const NAMES[] = {"x", "y", "a"};
static const ganstab_sym_scope SCOPE = {NAMES, 3};

static void parse_ok(const char *text, ganstab_sym *s)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_sym_parse(text, strlen(text), 0, &SCOPE, s, &err);
    if (rc != GANSTAB_OK)
        fail_msg("parse '%s': %s", text, err.message);
}

static double value_of(const char *text, double x, double y, double a)
{
    ganstab_sym s;
    parse_ok(text, &s);
    double vars[3] = {x, y, a};
    double v = ganstab_sym_value(&s, vars);
    ganstab_sym_free(&s);
    return v;
}

/* Precedence and associativity against C's own evaluation of the same expressions. */
static void test_precedence(void **state)
{
    (void)state;
    /* volatile: C's side is evaluated at run time, one operation at a time, as ours is (clang
       folds the constant expressions otherwise, contracting a*b + c) */
    volatile double vx = 1.7, vy = -0.3, va = 2.5;
    double x = vx, y = vy, a = va;
    assert_close(value_of("2 + 3*4", x, y, a), 14.0, 0.0);
    assert_close(value_of("-2^2", x, y, a), -4.0, 0.0);
    assert_close(value_of("2^3^2", x, y, a), 512.0, 0.0);
    assert_close(value_of("(2^3)^2", x, y, a), 64.0, 0.0);
    assert_close(value_of("2^-1", x, y, a), 0.5, 0.0);
    assert_close(value_of("x - y - a", x, y, a), x - y - a, 0.0);
    assert_close(value_of("x / y / a", x, y, a), x / y / a, 0.0);
    assert_close(value_of("-x*y", x, y, a), -x * y, 0.0);
    assert_close(value_of("x*-y", x, y, a), x * -y, 0.0);
    assert_close(value_of("--x", x, y, a), x, 0.0);
    assert_close(value_of("+x - -y", x, y, a), x + y, 0.0);
    assert_close(value_of("x^2*y + a", x, y, a), pow(x, 2) * y + a, 0.0);
    assert_close(value_of("1e-3*x + .5 + 2.", x, y, a), 1e-3 * x + 0.5 + 2.0, 0.0);
    assert_close(value_of("pi*e", x, y, a), 3.14159265358979323846 * 2.7182818284590452354, 0.0);
    assert_close(value_of("exp(log(x))", x, y, a), exp(log(x)), 0.0);
    /* the loss helpers, as libmatheval evaluates their expansions */
    assert_close(value_of("f(x)", x, y, a), -log(1.0 + exp(-x)), 0.0);
    assert_close(value_of("fns(x)", x, y, a), log(1.0 + exp(x)), 0.0);
    assert_close(value_of("fw(x*y)", x, y, a), x * y, 0.0);
}

/* Every error names what is wrong and the column (counted from column0 + 1). */
static void test_errors_with_columns(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } table[] = {
        {"f(x*yy)", "unknown name 'yy' at column 15"},
        {"2x", "missing operator between '2' and 'x'"},
        {"x**2", "'**' is not an operator"},
        {"(x + y", "expected ')' for the '(' at column 11"},
        {"x + y)", "syntax error at column 16: unexpected ')' (no '(' to close)"},
        {"atan2(x, y)", "unknown function 'atan2' at column 11"},
        {"log(x, y)", "unexpected ',' (functions take one argument)"},
        {"exp + 1", "'exp' at column 11 is a function"},
        {"x +", "the formula ends where an operand is expected"},
        {"   ", "empty formula at column 11"},
        {"1e999*x", "number '1e999' at column 11 is out of range"},
        {"x $ y", "syntax error at column 13: unexpected character '$'"},
        {"x y", "syntax error at column 13: expected an operator, got 'y'"},
        {"step(x)", "unknown function 'step'"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_sym s;
        ganstab_error err;
        ganstab_error_clear(&err);
        int rc = ganstab_sym_parse(table[i].text, strlen(table[i].text), 10, &SCOPE, &s, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        if (strstr(err.message, table[i].message) == NULL)
            fail_msg("'%s': message '%s' lacks '%s'", table[i].text, err.message, table[i].message);
    }
    assert_true(ganstab_sym_reserved("exp") && ganstab_sym_reserved("f") &&
                ganstab_sym_reserved("pi") && ganstab_sym_reserved("ln2"));
    assert_false(ganstab_sym_reserved("theta"));
    assert_true(ganstab_sym_is_identifier("theta_2", 7));
    assert_false(ganstab_sym_is_identifier("_c0", 3)); /* ganstab's constants */
    assert_false(ganstab_sym_is_identifier("2x", 2));
}

/* The formulas the derivative tests run over: every function of the language, powers with
 * constant, negative, fractional and variable exponents, numbers that libmatheval could not
 * print exactly (0.1, 1/3, 8/3), the loss helpers. Evaluated at x, y in (0.2, 0.8), a = 1.3. */
static const char *const FORMULAS[] = {
    "x*y + a*x^2 - y/x",
    "0.1*3*x + x/3 - 8/3*y^2",
    "x^(1/3) + y^2.5 - x^-1.5 + x^y + 2^x",
    "exp(-x*y)*sin(a*x) + cos(y)^2 - tan(x*y)",
    "cot(x) + sec(y) + csc(x + y)",
    "asin(x) + acos(y) + atan(x*a) + acot(y)",
    "asec(1 + x) + acsc(2 + y)",
    "sinh(x) + cosh(y) + tanh(x - y) + coth(x + 0.5)",
    "sech(x) + csch(y)",
    "asinh(x*y) + acosh(1 + x) + atanh(y - 0.1)",
    "acoth(2 + x) + asech(y) + acsch(x)",
    "abs(x - y) + erf(x*y) + sqrt(x + y) + log(1 + x*y)",
    "f(x*y) + f(-a*x^2) + fns(y - x) + fw(a*x*y)",
    "pi*x*y - e^x",
};

static void random_point(testutil_rng *rng, double *vars)
{
    vars[0] = testutil_rng_uniform(rng, 0.2, 0.8);
    vars[1] = testutil_rng_uniform(rng, 0.2, 0.8);
    vars[2] = 1.3;
}

/* The libmatheval text of a formula and its constants. */
static void *to_matheval(const ganstab_sym *s, ganstab_sym_constants *k)
{
    double values[3] = {0.0, 0.0, 1.3};
    unsigned char foldable[3] = {0, 0, 1};
    char *text = ganstab_sym_to_matheval(s, NULL, NULL, 1, NAMES, values, foldable, k);
    assert_non_null(text);
    void *e = ganstab_sym_matheval_create(text);
    if (e == NULL)
        fail_msg("libmatheval refused '%s'", text);
    free(text);
    return e;
}

/* libmatheval's evaluation of its evaluator at vars (+ the _cK constants). */
static double matheval_value(void *e, const ganstab_sym_constants *k, const double *vars)
{
    char *names[64];
    double values[64];
    char store[64][32];
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        snprintf(store[n], sizeof store[n], "%s", NAMES[i]);
        names[n] = store[n];
        values[n++] = vars[i];
    }
    for (size_t i = 0; i < k->n && n < 64; i++) {
        snprintf(store[n], sizeof store[n], "_c%zu", i);
        names[n] = store[n];
        values[n++] = k->value[i];
    }
    return ganstab_sym_matheval_eval(e, n, names, values);
}

/* libmatheval's text of e as an exact evaluation tree over x, y, a and the constants. */
static void tree_of(void *e, const ganstab_sym_constants *k, ganstab_sym *out)
{
    char *text = ganstab_sym_matheval_string(e);
    assert_non_null(text);
    ganstab_sym raw;
    ganstab_error err;
    ganstab_error_clear(&err);
    if (ganstab_sym_parse_any(text, strlen(text), 0, 1, &raw, &err) != GANSTAB_OK)
        fail_msg("cannot read back '%s': %s", text, err.message);
    assert_int_equal(ganstab_sym_resolve(&raw, &SCOPE, k, 0, &err), GANSTAB_OK);
    assert_int_equal(ganstab_sym_simplify(&raw, 0, out), GANSTAB_OK);
    ganstab_sym_free(&raw);
    free(text);
}

static double tree_value(const ganstab_sym *t, const ganstab_sym_constants *k, const double *vars)
{
    double all[64];
    memcpy(all, vars, 3 * sizeof *all);
    for (size_t i = 0; i < k->n; i++)
        all[3 + i] = k->value[i];
    return ganstab_sym_value(t, all);
}

/* ganstab's evaluator and libmatheval's agree on every formula: the same functions. */
static void test_values_match_libmatheval(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 11);
    for (size_t f = 0; f < TESTUTIL_COUNT(FORMULAS); f++) {
        ganstab_sym s;
        parse_ok(FORMULAS[f], &s);
        ganstab_sym_constants k = {NULL, 0, 0};
        void *e = to_matheval(&s, &k);
        for (int trial = 0; trial < 20; trial++) {
            double vars[3];
            random_point(&rng, vars);
            double mine = ganstab_sym_value(&s, vars), theirs = matheval_value(e, &k, vars);
            assert_rel_close(mine, theirs, EVAL_RTOL * fmax(1.0, fabs(theirs)));
        }
        ganstab_sym_matheval_destroy(e);
        ganstab_sym_constants_free(&k);
        ganstab_sym_free(&s);
    }
}

/* First and second derivatives: libmatheval's (read back, simplified exactly) against
 * hyper-dual differentiation of the parsed formula and against central differences of the
 * value. */
static void test_derivatives_three_ways(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 7);
    for (size_t f = 0; f < TESTUTIL_COUNT(FORMULAS); f++) {
        ganstab_sym s;
        parse_ok(FORMULAS[f], &s);
        ganstab_sym_constants k = {NULL, 0, 0};
        void *e = to_matheval(&s, &k);
        for (size_t i = 0; i < 2; i++) {
            void *di = ganstab_sym_matheval_derivative(e, NAMES[i]);
            ganstab_sym ti;
            tree_of(di, &k, &ti);
            for (size_t j = 0; j < 2; j++) {
                void *dij = ganstab_sym_matheval_derivative(di, NAMES[j]);
                ganstab_sym tij;
                tree_of(dij, &k, &tij);
                for (int trial = 0; trial < 5; trial++) {
                    double vars[3];
                    random_point(&rng, vars);
                    ganstab_sym_dual dv[3];
                    for (size_t m = 0; m < 3; m++)
                        dv[m] = (ganstab_sym_dual){vars[m], 0.0, 0.0, 0.0};
                    dv[i].d1 = 1.0;
                    dv[j].d2 = 1.0;
                    ganstab_sym_dual hd = ganstab_sym_eval(&s, NULL, NULL, 0, dv, NULL);
                    double first = tree_value(&ti, &k, vars);
                    double second = tree_value(&tij, &k, vars);
                    assert_rel_close(first, hd.d1, DERIV_RTOL);
                    assert_rel_close(second, hd.d12, DERIV_RTOL);
                    /* central differences of the value and of libmatheval's first derivative */
                    double xp[3], xm[3];
                    memcpy(xp, vars, sizeof xp);
                    memcpy(xm, vars, sizeof xm);
                    xp[i] += FD_STEP;
                    xm[i] -= FD_STEP;
                    double fd =
                        (ganstab_sym_value(&s, xp) - ganstab_sym_value(&s, xm)) / (2.0 * FD_STEP);
                    assert_rel_close(first, fd, FD_RTOL);
                    memcpy(xp, vars, sizeof xp);
                    memcpy(xm, vars, sizeof xm);
                    xp[j] += FD_STEP;
                    xm[j] -= FD_STEP;
                    double fd2 =
                        (tree_value(&ti, &k, xp) - tree_value(&ti, &k, xm)) / (2.0 * FD_STEP);
                    assert_rel_close(second, fd2, FD_RTOL);
                }
                ganstab_sym_free(&tij);
                ganstab_sym_matheval_destroy(dij);
            }
            ganstab_sym_free(&ti);
            ganstab_sym_matheval_destroy(di);
        }
        ganstab_sym_matheval_destroy(e);
        ganstab_sym_constants_free(&k);
        ganstab_sym_free(&s);
    }
}

/* Why the derivatives are simplified before they are evaluated: libmatheval's own evaluation of
 * d/dy (sqrt(x) + y) at x = 0 is 0/(2*sqrt(0)) + 1 = NaN; the exact simplifier removes the
 * symbolic zero and gives 1. And why numbers reach libmatheval as variables: its folded and
 * %g-printed constants would lose digits (1/3*x printed 0.333333). */
static void test_symbolic_zeros_and_exact_constants(void **state)
{
    (void)state;
    ganstab_sym s, t;
    parse_ok("sqrt(x) + y", &s);
    ganstab_sym_constants k = {NULL, 0, 0};
    void *e = to_matheval(&s, &k);
    void *d = ganstab_sym_matheval_derivative(e, "y");
    double at0[3] = {0.0, 0.5, 1.3};
    assert_true(isnan(matheval_value(d, &k, at0)));
    tree_of(d, &k, &t);
    assert_close(tree_value(&t, &k, at0), 1.0, 0.0);
    ganstab_sym_free(&t);
    ganstab_sym_matheval_destroy(d);
    ganstab_sym_matheval_destroy(e);
    ganstab_sym_constants_free(&k);
    ganstab_sym_free(&s);

    parse_ok("1/3*x + x^(1/3)", &s);
    e = to_matheval(&s, &k);
    d = ganstab_sym_matheval_derivative(e, "x");
    tree_of(d, &k, &t);
    double v[3] = {0.7, 0.0, 0.0};
    assert_close(tree_value(&t, &k, v), 1.0 / 3.0 + pow(0.7, 1.0 / 3.0 - 1.0) / 3.0,
                 4.0 * DBL_EPSILON);
    ganstab_sym_free(&t);
    ganstab_sym_matheval_destroy(d);
    ganstab_sym_matheval_destroy(e);
    ganstab_sym_constants_free(&k);
    ganstab_sym_free(&s);
}

/* libmatheval 1.1.11 differentiates asinh(u) as u'/sqrt(1 - u^2) and acoth(u) as u'/(u^2 - 1)
 * (found by test_derivatives_three_ways); ganstab hands them over as identities it
 * differentiates right. Against the closed forms asinh' = 1/sqrt(1 + x^2),
 * asinh'' = -x/(1 + x^2)^(3/2), acoth' = 1/(1 - x^2), acoth'' = 2x/(1 - x^2)^2, also for
 * negative and large arguments (no cancellation in the identity). */
static void test_asinh_acoth_derivatives(void **state)
{
    (void)state;
    static const double xs[] = {-30.0, -2.0, -0.5, 0.0, 0.3, 1.7, 40.0};
    for (int fn = 0; fn < 2; fn++) {
        ganstab_sym s, t1, t2;
        parse_ok(fn == 0 ? "asinh(x)" : "acoth(x)", &s);
        ganstab_sym_constants k = {NULL, 0, 0};
        void *e = to_matheval(&s, &k);
        void *d1 = ganstab_sym_matheval_derivative(e, "x");
        void *d2 = ganstab_sym_matheval_derivative(d1, "x");
        tree_of(d1, &k, &t1);
        tree_of(d2, &k, &t2);
        for (size_t i = 0; i < TESTUTIL_COUNT(xs); i++) {
            double x = xs[i];
            if (fn == 1 && fabs(x) <= 1.0)
                continue; /* acoth is real for |x| > 1 */
            double v[3] = {x, 0.0, 0.0};
            double want1 = fn == 0 ? 1.0 / sqrt(1.0 + x * x) : 1.0 / (1.0 - x * x);
            double want2 =
                fn == 0 ? -x / pow(1.0 + x * x, 1.5) : 2.0 * x / ((1.0 - x * x) * (1.0 - x * x));
            assert_rel_close(tree_value(&t1, &k, v), want1, 1e-13);
            assert_rel_close(tree_value(&t2, &k, v), want2, 1e-13);
            assert_rel_close(matheval_value(e, &k, v), fn == 0 ? asinh(x) : atanh(1.0 / x), 1e-14);
        }
        ganstab_sym_free(&t1);
        ganstab_sym_free(&t2);
        ganstab_sym_matheval_destroy(d2);
        ganstab_sym_matheval_destroy(d1);
        ganstab_sym_matheval_destroy(e);
        ganstab_sym_constants_free(&k);
        ganstab_sym_free(&s);
    }
}

/* A printed formula (simplified for reading) parses back to the same function; and the printer
 * keeps the conventions a reader expects. */
static void test_printer_round_trip(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 3);
    for (size_t f = 0; f < TESTUTIL_COUNT(FORMULAS); f++) {
        ganstab_sym s, c, back;
        parse_ok(FORMULAS[f], &s);
        assert_int_equal(ganstab_sym_simplify(&s, 1, &c), GANSTAB_OK);
        char *text = ganstab_sym_print(&c, NAMES);
        assert_non_null(text);
        parse_ok(text, &back);
        for (int trial = 0; trial < 10; trial++) {
            double vars[3];
            random_point(&rng, vars);
            double a = ganstab_sym_value(&s, vars), b = ganstab_sym_value(&back, vars);
            /* the printer shows numbers to 10 digits */
            assert_rel_close(b, a, 1e-9);
        }
        free(text);
        ganstab_sym_free(&s);
        ganstab_sym_free(&c);
        ganstab_sym_free(&back);
    }
    static const struct {
        const char *in, *out;
    } table[] = {
        {"-x^2", "-x^2"},
        {"(-x)^2", "(-x)^2"},
        {"x^(y^a)", "x^y^a"},
        {"(x^y)^a", "(x^y)^a"},
        {"x - (y - a)", "x - (y - a)"},
        {"x - (-y)", "x + y"},
        {"0*exp(x) + 1*y + x^1 - 0", "y + x"},
        {"x*(-2)", "-2*x"},
        {"a*(3*x)", "3*a*x"},
        {"x/(y*a)", "x/(y*a)"},
        {"-(-x)", "x"},
        {"2^-1*x", "0.5*x"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_sym s, c;
        parse_ok(table[i].in, &s);
        assert_int_equal(ganstab_sym_simplify(&s, 1, &c), GANSTAB_OK);
        char *text = ganstab_sym_print(&c, NAMES);
        assert_string_equal(text, table[i].out);
        free(text);
        ganstab_sym_free(&s);
        ganstab_sym_free(&c);
    }
}

/* The first node that stops being finite, at its column. */
static void test_failure_locations(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double x;
        int differentiate;
        size_t column;
        const char *what;
    } table[] = {
        {"y + 1/(x - 1)", 1.0, 0, 6, "division by zero"},
        {"y*log(x)", -1.0, 0, 3, "log(-1) is not a real number"},
        {"2*sqrt(x)", 0.0, 1, 3, "sqrt is not differentiable at 0"},
        {"exp(1000*x)", 1.0, 0, 1, "exp(1000) is not finite"},
        {"x^0.5", -4.0, 0, 2, "-4^0.5 is not a finite real number"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_sym s;
        parse_ok(table[i].text, &s);
        ganstab_sym_dual v[3] = {{table[i].x, table[i].differentiate ? 1.0 : 0.0, 0.0, 0.0},
                                 {0.5, 0.0, 0.0, 0.0},
                                 {1.3, 0.0, 0.0, 0.0}};
        ganstab_sym_failure fail;
        ganstab_sym_dual r = ganstab_sym_eval(&s, NULL, NULL, 0, v, &fail);
        assert_false(isfinite(r.v) && isfinite(r.d1));
        assert_true(fail.failed);
        if (fail.column != table[i].column || strcmp(fail.what, table[i].what) != 0)
            fail_msg("'%s': column %zu '%s', want column %zu '%s'", table[i].text, fail.column,
                     fail.what, table[i].column, table[i].what);
        ganstab_sym_free(&s);
    }
}

/* Terms, their signs and the variables they use (for the quadrature groups). */
static void test_terms_and_uses(void **state)
{
    (void)state;
    ganstab_sym s;
    parse_ok("x - (y*a - -x) + -a", &s);
    int terms[8], signs[8];
    size_t n = ganstab_sym_terms(&s, terms, signs, 8);
    assert_int_equal(n, 4);
    static const int want_signs[] = {1, -1, -1, -1};
    static const unsigned long long want_uses[] = {1u, 6u, 1u, 4u};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(signs[i], want_signs[i]);
        assert_int_equal(ganstab_sym_uses(&s, terms[i]), want_uses[i]);
    }
    double vars[3] = {0.3, -1.1, 2.0};
    ganstab_sym_dual dv[3] = {{0.3, 0, 0, 0}, {-1.1, 0, 0, 0}, {2.0, 0, 0, 0}};
    assert_close(ganstab_sym_eval(&s, terms, signs, n, dv, NULL).v, ganstab_sym_value(&s, vars),
                 1e-15);
    ganstab_sym_free(&s);
}

/* libmatheval's parser keeps global state: evaluators built from several threads at once,
 * through the locked wrappers, give the same derivatives as built one after another. */
static void test_threads(void **state)
{
    (void)state;
    enum { REPEAT = 8 };
    const size_t count = TESTUTIL_COUNT(FORMULAS), total = REPEAT * TESTUTIL_COUNT(FORMULAS);
    double results[2][REPEAT * TESTUTIL_COUNT(FORMULAS)];
    const double vars[3] = {0.4, 0.6, 1.3};
    for (int pass = 0; pass < 2; pass++) {
        double *out = results[pass];
#pragma omp parallel for num_threads(pass == 0 ? 1 : 4) schedule(dynamic)
        for (size_t f = 0; f < total; f++) {
            ganstab_sym s, raw, t;
            ganstab_error err;
            const char *text = FORMULAS[f % count];
            out[f] = NAN;
            if (ganstab_sym_parse(text, strlen(text), 0, &SCOPE, &s, &err) != GANSTAB_OK)
                continue;
            ganstab_sym_constants k = {NULL, 0, 0};
            double values[3] = {0.0, 0.0, 1.3};
            unsigned char foldable[3] = {0, 0, 1};
            char *mt = ganstab_sym_to_matheval(&s, NULL, NULL, 1, NAMES, values, foldable, &k);
            void *e = mt != NULL ? ganstab_sym_matheval_create(mt) : NULL;
            void *d = e != NULL ? ganstab_sym_matheval_derivative(e, "x") : NULL;
            char *dt = d != NULL ? ganstab_sym_matheval_string(d) : NULL;
            if (dt != NULL && ganstab_sym_parse_any(dt, strlen(dt), 0, 1, &raw, &err) == 0) {
                if (ganstab_sym_resolve(&raw, &SCOPE, &k, 1, &err) == 0 &&
                    ganstab_sym_simplify(&raw, 0, &t) == 0) {
                    out[f] = ganstab_sym_value(&t, vars);
                    ganstab_sym_free(&t);
                }
                ganstab_sym_free(&raw);
            }
            free(dt);
            free(mt);
            ganstab_sym_matheval_destroy(d);
            ganstab_sym_matheval_destroy(e);
            ganstab_sym_constants_free(&k);
            ganstab_sym_free(&s);
        }
    }
    for (size_t f = 0; f < total; f++) {
        assert_true(isfinite(results[0][f]));
        assert_true(results[0][f] == results[0][f % count]);
        assert_true(results[1][f] == results[0][f]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence),
        cmocka_unit_test(test_errors_with_columns),
        cmocka_unit_test(test_values_match_libmatheval),
        cmocka_unit_test(test_derivatives_three_ways),
        cmocka_unit_test(test_symbolic_zeros_and_exact_constants),
        cmocka_unit_test(test_asinh_acoth_derivatives),
        cmocka_unit_test(test_printer_round_trip),
        cmocka_unit_test(test_failure_locations),
        cmocka_unit_test(test_terms_and_uses),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Evaluation of formula trees: plain values (the model's field, Jacobian and curvature from
 * libmatheval's simplified derivatives) and hyper-dual numbers (Fike and Alonso, "The
 * development of hyper-dual numbers for exact second-derivative calculations", AIAA 2011-886):
 * an independent second-order differentiation of the user's formulas that cross-checks
 * libmatheval's, and that finds the node where a formula stops being finite. The functions
 * are libmatheval's (acot(x) = atan(1/x), ..., step(0) = 1, delta(0) = inf), so that its
 * derivative formulas are derivatives of exactly these functions. */
#include "ganstab/symbolic.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "symbolic_internal.h"

/* 2/sqrt(pi), for erf' (M_2_SQRTPI is not C11). */
#define TWO_OVER_SQRT_PI 1.12837916709551257390

/* The value of function id at x. */
static double fn_value(int id, double x)
{
    switch (id) {
    case SYM_FN_EXP:
        return exp(x);
    case SYM_FN_LOG:
        return log(x);
    case SYM_FN_SQRT:
        return sqrt(x);
    case SYM_FN_SIN:
        return sin(x);
    case SYM_FN_COS:
        return cos(x);
    case SYM_FN_TAN:
        return tan(x);
    case SYM_FN_COT:
        return 1.0 / tan(x);
    case SYM_FN_SEC:
        return 1.0 / cos(x);
    case SYM_FN_CSC:
        return 1.0 / sin(x);
    case SYM_FN_ASIN:
        return asin(x);
    case SYM_FN_ACOS:
        return acos(x);
    case SYM_FN_ATAN:
        return atan(x);
    case SYM_FN_ACOT:
        return atan(1.0 / x);
    case SYM_FN_ASEC:
        return acos(1.0 / x);
    case SYM_FN_ACSC:
        return asin(1.0 / x);
    case SYM_FN_SINH:
        return sinh(x);
    case SYM_FN_COSH:
        return cosh(x);
    case SYM_FN_TANH:
        return tanh(x);
    case SYM_FN_COTH:
        return 1.0 / tanh(x);
    case SYM_FN_SECH:
        return 1.0 / cosh(x);
    case SYM_FN_CSCH:
        return 1.0 / sinh(x);
    case SYM_FN_ASINH:
        return asinh(x);
    case SYM_FN_ACOSH:
        return acosh(x);
    case SYM_FN_ATANH:
        return atanh(x);
    case SYM_FN_ACOTH:
        return atanh(1.0 / x);
    case SYM_FN_ASECH:
        return acosh(1.0 / x);
    case SYM_FN_ACSCH:
        return asinh(1.0 / x);
    case SYM_FN_ABS:
        return fabs(x);
    case SYM_FN_ERF:
        return erf(x);
    case SYM_FN_STEP:
        return x < 0.0 ? 0.0 : 1.0;
    case SYM_FN_DELTA:
        return x == 0.0 ? INFINITY : 0.0;
    case SYM_FN_NANDELTA:
        return x == 0.0 ? NAN : 0.0;
    case SYM_FN_F: /* as libmatheval evaluates its expansion -log(1+exp(-x)) */
        return -log(1.0 + exp(-x));
    case SYM_FN_FNS:
        return log(1.0 + exp(x));
    default: /* SYM_FN_FW */
        return x;
    }
}

/* g'(x) and g''(x) of function id. */
static void fn_derivatives(int id, double x, double g, double *g1, double *g2)
{
    double t, s, u, w, du;
    switch (id) {
    case SYM_FN_EXP:
        *g1 = g;
        *g2 = g;
        return;
    case SYM_FN_LOG:
        *g1 = 1.0 / x;
        *g2 = -1.0 / (x * x);
        return;
    case SYM_FN_SQRT:
        *g1 = 0.5 / g;
        *g2 = -0.25 / (g * g * g);
        return;
    case SYM_FN_SIN:
        *g1 = cos(x);
        *g2 = -g;
        return;
    case SYM_FN_COS:
        *g1 = -sin(x);
        *g2 = -g;
        return;
    case SYM_FN_TAN:
        *g1 = 1.0 + g * g;
        *g2 = 2.0 * g * (1.0 + g * g);
        return;
    case SYM_FN_COT:
        *g1 = -(1.0 + g * g);
        *g2 = 2.0 * g * (1.0 + g * g);
        return;
    case SYM_FN_SEC:
        t = tan(x);
        *g1 = g * t;
        *g2 = g * (t * t + g * g);
        return;
    case SYM_FN_CSC:
        t = 1.0 / tan(x);
        *g1 = -g * t;
        *g2 = g * (t * t + g * g);
        return;
    case SYM_FN_ASIN:
        s = 1.0 - x * x;
        *g1 = 1.0 / sqrt(s);
        *g2 = x / (s * sqrt(s));
        return;
    case SYM_FN_ACOS:
        s = 1.0 - x * x;
        *g1 = -1.0 / sqrt(s);
        *g2 = -x / (s * sqrt(s));
        return;
    case SYM_FN_ATAN:
    case SYM_FN_ACOT:
        s = 1.0 + x * x;
        *g1 = (id == SYM_FN_ATAN ? 1.0 : -1.0) / s;
        *g2 = (id == SYM_FN_ATAN ? -2.0 : 2.0) * x / (s * s);
        return;
    case SYM_FN_ASEC:
    case SYM_FN_ACSC:
        /* acos(1/x)' = 1/u, u = x^2 sqrt(1 - 1/x^2); asin(1/x)' = -1/u */
        w = sqrt(1.0 - 1.0 / (x * x));
        u = x * x * w;
        du = 2.0 * x * w + 1.0 / (x * w);
        *g1 = (id == SYM_FN_ASEC ? 1.0 : -1.0) / u;
        *g2 = (id == SYM_FN_ASEC ? -1.0 : 1.0) * du / (u * u);
        return;
    case SYM_FN_SINH:
        *g1 = cosh(x);
        *g2 = g;
        return;
    case SYM_FN_COSH:
        *g1 = sinh(x);
        *g2 = g;
        return;
    case SYM_FN_TANH:
        *g1 = 1.0 - g * g;
        *g2 = -2.0 * g * (1.0 - g * g);
        return;
    case SYM_FN_COTH:
        *g1 = 1.0 - g * g;
        *g2 = -2.0 * g * (1.0 - g * g);
        return;
    case SYM_FN_SECH:
        t = tanh(x);
        *g1 = -g * t;
        *g2 = g * (t * t - g * g);
        return;
    case SYM_FN_CSCH:
        t = 1.0 / tanh(x);
        *g1 = -g * t;
        *g2 = g * (t * t + g * g);
        return;
    case SYM_FN_ASINH:
        s = 1.0 + x * x;
        *g1 = 1.0 / sqrt(s);
        *g2 = -x / (s * sqrt(s));
        return;
    case SYM_FN_ACOSH:
        s = x * x - 1.0;
        *g1 = 1.0 / sqrt(s);
        *g2 = -x / (s * sqrt(s));
        return;
    case SYM_FN_ATANH:
    case SYM_FN_ACOTH:
        s = 1.0 - x * x;
        *g1 = 1.0 / s;
        *g2 = 2.0 * x / (s * s);
        return;
    case SYM_FN_ASECH:
        /* acosh(1/x)' = -1/q, q = x sqrt(1 - x^2) */
        s = sqrt(1.0 - x * x);
        u = x * s;
        du = (1.0 - 2.0 * x * x) / s;
        *g1 = -1.0 / u;
        *g2 = du / (u * u);
        return;
    case SYM_FN_ACSCH:
        /* asinh(1/x)' = -1/u, u = x^2 sqrt(1 + 1/x^2) */
        w = sqrt(1.0 + 1.0 / (x * x));
        u = x * x * w;
        du = 2.0 * x * w - 1.0 / (x * w);
        *g1 = -1.0 / u;
        *g2 = du / (u * u);
        return;
    case SYM_FN_ABS: /* libmatheval: abs' = 2 step(x) - 1, abs'' = 2 delta(x) */
        *g1 = x < 0.0 ? -1.0 : 1.0;
        *g2 = x == 0.0 ? INFINITY : 0.0;
        return;
    case SYM_FN_ERF:
        *g1 = TWO_OVER_SQRT_PI * exp(-x * x);
        *g2 = -2.0 * x * *g1;
        return;
    case SYM_FN_STEP:
        *g1 = x == 0.0 ? INFINITY : 0.0;
        *g2 = x == 0.0 ? NAN : 0.0;
        return;
    case SYM_FN_DELTA:
    case SYM_FN_NANDELTA:
        *g1 = x == 0.0 ? NAN : 0.0;
        *g2 = x == 0.0 ? NAN : 0.0;
        return;
    case SYM_FN_F: /* f' = e^-x/(1+e^-x), f'' = -e^-x/(1+e^-x)^2, as libmatheval writes them */
        t = exp(-x);
        *g1 = t / (1.0 + t);
        *g2 = -t / ((1.0 + t) * (1.0 + t));
        return;
    case SYM_FN_FNS: /* fns(x) = -f(-x): fns' = e^x/(1+e^x), fns'' = e^x/(1+e^x)^2 */
        t = exp(x);
        *g1 = t / (1.0 + t);
        *g2 = t / ((1.0 + t) * (1.0 + t));
        return;
    default: /* SYM_FN_FW */
        *g1 = 1.0;
        *g2 = 0.0;
        return;
    }
}

double sym_value_node(const ganstab_sym *s, int node, const double *vars)
{
    const ganstab_sym_node *d = &s->node[node];
    switch (d->kind) {
    case GANSTAB_SYM_NUMBER:
        return d->number;
    case GANSTAB_SYM_NAME:
        return vars[d->index];
    case GANSTAB_SYM_NEG:
        return -sym_value_node(s, d->a, vars);
    case GANSTAB_SYM_ADD:
        return sym_value_node(s, d->a, vars) + sym_value_node(s, d->b, vars);
    case GANSTAB_SYM_SUB:
        return sym_value_node(s, d->a, vars) - sym_value_node(s, d->b, vars);
    case GANSTAB_SYM_MUL:
        return sym_value_node(s, d->a, vars) * sym_value_node(s, d->b, vars);
    case GANSTAB_SYM_DIV:
        return sym_value_node(s, d->a, vars) / sym_value_node(s, d->b, vars);
    case GANSTAB_SYM_POW:
        return pow(sym_value_node(s, d->a, vars), sym_value_node(s, d->b, vars));
    default:
        return fn_value(d->index, sym_value_node(s, d->a, vars));
    }
}

double ganstab_sym_value(const ganstab_sym *s, const double *vars)
{
    return s->root >= 0 ? sym_value_node(s, s->root, vars) : 0.0;
}

/* ---- hyper-dual numbers ----------------------------------------------------------------- */

typedef ganstab_sym_dual dual;

static int dual_finite(dual a)
{
    return isfinite(a.v) && isfinite(a.d1) && isfinite(a.d2) && isfinite(a.d12);
}

static dual dual_mul(dual a, dual b)
{
    return (dual){a.v * b.v, a.v * b.d1 + a.d1 * b.v, a.v * b.d2 + a.d2 * b.v,
                  a.v * b.d12 + a.d1 * b.d2 + a.d2 * b.d1 + a.d12 * b.v};
}

/* g(a) for a function with value g, derivatives g1, g2 at a.v. A zero direction contributes
 * exactly 0 even where g1 or g2 is infinite (the formula does not move in that direction). */
static dual dual_chain(dual a, double g, double g1, double g2)
{
    dual r = {g, 0.0, 0.0, 0.0};
    if (a.d1 != 0.0)
        r.d1 = g1 * a.d1;
    if (a.d2 != 0.0)
        r.d2 = g1 * a.d2;
    if (a.d12 != 0.0)
        r.d12 += g1 * a.d12;
    if (a.d1 != 0.0 && a.d2 != 0.0)
        r.d12 += g2 * a.d1 * a.d2;
    return r;
}

static int is_constant(dual a)
{
    return a.d1 == 0.0 && a.d2 == 0.0 && a.d12 == 0.0;
}

static dual dual_pow(dual a, dual b)
{
    if (is_constant(b)) {
        /* the power rule, exact also for a <= 0 and integer c */
        double c = b.v;
        double g = pow(a.v, c);
        double g1 = c == 0.0 ? 0.0 : c * pow(a.v, c - 1.0);
        double g2 = c == 0.0 || c == 1.0 ? 0.0 : c * (c - 1.0) * pow(a.v, c - 2.0);
        return dual_chain(a, g, g1, g2);
    }
    /* a^b = exp(b log a) */
    dual la = dual_chain(a, log(a.v), 1.0 / a.v, -1.0 / (a.v * a.v));
    dual e = dual_mul(b, la);
    double g = exp(e.v);
    return dual_chain(e, g, g, g);
}

typedef struct {
    const ganstab_sym *s;
    const dual *vars;
    ganstab_sym_failure *fail;
} dual_eval;

/* Record the first non-finite result whose operands were finite. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
note_failure(dual_eval *e, size_t column, const char *fmt, ...)
{
    if (e->fail == NULL || e->fail->failed)
        return;
    e->fail->failed = 1;
    e->fail->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->fail->what, sizeof e->fail->what, fmt, ap);
    va_end(ap);
}

static dual eval_node(dual_eval *e, int node)
{
    const ganstab_sym_node *d = &e->s->node[node];
    dual a = {0, 0, 0, 0}, b = {0, 0, 0, 0}, r = {0, 0, 0, 0};
    if (d->a >= 0)
        a = eval_node(e, d->a);
    if (d->b >= 0)
        b = eval_node(e, d->b);
    switch (d->kind) {
    case GANSTAB_SYM_NUMBER:
        return (dual){d->number, 0.0, 0.0, 0.0};
    case GANSTAB_SYM_NAME:
        return e->vars[d->index];
    case GANSTAB_SYM_NEG:
        return (dual){-a.v, -a.d1, -a.d2, -a.d12};
    case GANSTAB_SYM_ADD:
        r = (dual){a.v + b.v, a.d1 + b.d1, a.d2 + b.d2, a.d12 + b.d12};
        break;
    case GANSTAB_SYM_SUB:
        r = (dual){a.v - b.v, a.d1 - b.d1, a.d2 - b.d2, a.d12 - b.d12};
        break;
    case GANSTAB_SYM_MUL:
        r = dual_mul(a, b);
        break;
    case GANSTAB_SYM_DIV: {
        if (b.v == 0.0 && dual_finite(a) && dual_finite(b)) {
            note_failure(e, d->column, "division by zero");
            return (dual){NAN, NAN, NAN, NAN};
        }
        dual inv = dual_chain(b, 1.0 / b.v, -1.0 / (b.v * b.v), 2.0 / (b.v * b.v * b.v));
        r = dual_mul(a, inv);
        break;
    }
    case GANSTAB_SYM_POW:
        r = dual_pow(a, b);
        if (!dual_finite(r) && dual_finite(a) && dual_finite(b)) {
            if (!isfinite(r.v))
                note_failure(e, d->column, "%.17g^%.17g is not a finite real number", a.v, b.v);
            else
                note_failure(e, d->column, "x^%.17g is not differentiable at x = %.17g", b.v, a.v);
        }
        return r;
    default: {
        double g = fn_value(d->index, a.v), g1 = 0.0, g2 = 0.0;
        fn_derivatives(d->index, a.v, g, &g1, &g2);
        r = dual_chain(a, g, g1, g2);
        if (!dual_finite(r) && dual_finite(a)) {
            const char *name = ganstab_sym_function_name(d->index);
            if (isnan(g))
                note_failure(e, d->column, "%s(%.17g) is not a real number", name, a.v);
            else if (!isfinite(g))
                note_failure(e, d->column, "%s(%.17g) is not finite", name, a.v);
            else
                note_failure(e, d->column, "%s is not differentiable at %.17g", name, a.v);
        }
        return r;
    }
    }
    if (!dual_finite(r) && dual_finite(a) && dual_finite(b))
        note_failure(e, d->column, "the result overflows");
    return r;
}

ganstab_sym_dual ganstab_sym_eval(const ganstab_sym *s, const int *terms, const int *signs,
                                  size_t count, const ganstab_sym_dual *vars,
                                  ganstab_sym_failure *fail)
{
    dual_eval e = {s, vars, fail};
    if (fail != NULL)
        memset(fail, 0, sizeof *fail);
    if (terms == NULL)
        return s->root >= 0 ? eval_node(&e, s->root) : (dual){0, 0, 0, 0};
    dual sum = {0, 0, 0, 0};
    for (size_t k = 0; k < count; k++) {
        dual t = eval_node(&e, terms[k]);
        double sign = signs != NULL && signs[k] < 0 ? -1.0 : 1.0;
        sum.v += sign * t.v;
        sum.d1 += sign * t.d1;
        sum.d2 += sign * t.d2;
        sum.d12 += sign * t.d12;
    }
    return sum;
}

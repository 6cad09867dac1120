/* Simplifying and printing formula trees (symbolic.h). libmatheval's derivatives are
 * unsimplified products of the rules (d/dx (x*y) = y + x*0): the exact simplifier turns them
 * into trees worth evaluating, the cosmetic one into formulas worth reading. */
#include "ganstab/symbolic.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symbolic_internal.h"

typedef struct {
    const ganstab_sym *in;
    ganstab_sym *out;
    int cosmetic;
    int failed;
} simplifier;

static int node_add(simplifier *z, ganstab_sym_kind kind, int a, int b, int index, double number,
                    size_t column)
{
    if (z->failed)
        return -1;
    int i = sym_add_node(z->out, kind, a, b, index, number, column);
    if (i < 0)
        z->failed = 1;
    return i;
}

static const ganstab_sym_node *out_node(const simplifier *z, int i)
{
    return &z->out->node[i];
}

static int is_number(const simplifier *z, int i, double x)
{
    return i >= 0 && out_node(z, i)->kind == GANSTAB_SYM_NUMBER && out_node(z, i)->number == x;
}

static int is_num(const simplifier *z, int i)
{
    return i >= 0 && out_node(z, i)->kind == GANSTAB_SYM_NUMBER;
}

static int is_neg(const simplifier *z, int i)
{
    return i >= 0 && out_node(z, i)->kind == GANSTAB_SYM_NEG;
}

static int make_number(simplifier *z, double x, size_t column)
{
    return node_add(z, GANSTAB_SYM_NUMBER, -1, -1, -1, x, column);
}

static int make_neg(simplifier *z, int a, size_t column);

/* Structural equality of two simplified subtrees. */
static int same_tree(const simplifier *z, int a, int b)
{
    if (a == b)
        return 1;
    if (a < 0 || b < 0)
        return 0;
    const ganstab_sym_node *x = out_node(z, a), *y = out_node(z, b);
    if (x->kind != y->kind || x->index != y->index ||
        (x->kind == GANSTAB_SYM_NUMBER && x->number != y->number))
        return 0;
    return same_tree(z, x->a, y->a) && same_tree(z, x->b, y->b);
}

#define MAX_FACTORS 64

typedef struct {
    int node[MAX_FACTORS];
    double power[MAX_FACTORS];
    size_t n;
    double coefficient;
    int negative, overflow;
} factors;

/* The factors of a product: numbers into the coefficient, signs out, x^c as (x, c). */
static void collect_factors(const simplifier *z, int i, factors *f)
{
    const ganstab_sym_node *d = out_node(z, i);
    if (d->kind == GANSTAB_SYM_MUL) {
        collect_factors(z, d->a, f);
        collect_factors(z, d->b, f);
    } else if (d->kind == GANSTAB_SYM_NEG) {
        f->negative = !f->negative;
        collect_factors(z, d->a, f);
    } else if (d->kind == GANSTAB_SYM_NUMBER) {
        f->coefficient *= d->number;
    } else {
        int base = i;
        double power = 1.0;
        if (d->kind == GANSTAB_SYM_POW && is_num(z, d->b)) {
            base = d->a;
            power = out_node(z, d->b)->number;
        }
        for (size_t k = 0; k < f->n; k++)
            if (same_tree(z, f->node[k], base)) {
                f->power[k] += power;
                return;
            }
        if (f->n == MAX_FACTORS) {
            f->overflow = 1;
            return;
        }
        f->node[f->n] = base;
        f->power[f->n++] = power;
    }
}

/* For reading: a product as c*x1^k1*x2^k2*... with the sign in front (x*x = x^2, 2*a*3 = 6*a). */
static int normal_product(simplifier *z, int a, int b, size_t column)
{
    factors f = {{0}, {0}, 0, 1.0, 0, 0};
    collect_factors(z, a, &f);
    collect_factors(z, b, &f);
    if (f.overflow || !isfinite(f.coefficient))
        return node_add(z, GANSTAB_SYM_MUL, a, b, -1, 0.0, column);
    if (f.coefficient < 0.0) {
        f.coefficient = -f.coefficient;
        f.negative = !f.negative;
    }
    if (f.coefficient == 0.0)
        return make_number(z, 0.0, column);
    int result = f.coefficient != 1.0 ? make_number(z, f.coefficient, column) : -1;
    for (size_t k = 0; k < f.n; k++) {
        if (f.power[k] == 0.0)
            continue;
        int term = f.node[k];
        if (f.power[k] != 1.0)
            term = node_add(z, GANSTAB_SYM_POW, term, make_number(z, f.power[k], column), -1, 0.0,
                            column);
        result = result < 0 ? term : node_add(z, GANSTAB_SYM_MUL, result, term, -1, 0.0, column);
    }
    if (result < 0)
        result = make_number(z, 1.0, column);
    return f.negative ? make_neg(z, result, column) : result;
}

/* A binary node of already simplified operands, simplified. */
static int make_binary(simplifier *z, ganstab_sym_kind kind, int a, int b, size_t column)
{
    if (a < 0 || b < 0)
        return -1;
    double x = 0.0, y = 0.0;
    if (is_num(z, a) && is_num(z, b)) {
        x = out_node(z, a)->number;
        y = out_node(z, b)->number;
        double v = kind == GANSTAB_SYM_ADD   ? x + y
                   : kind == GANSTAB_SYM_SUB ? x - y
                   : kind == GANSTAB_SYM_MUL ? x * y
                   : kind == GANSTAB_SYM_DIV ? x / y
                                             : pow(x, y);
        if (isfinite(v))
            return make_number(z, v, column);
    }
    switch (kind) {
    case GANSTAB_SYM_ADD:
        if (is_number(z, a, 0.0))
            return b;
        if (is_number(z, b, 0.0))
            return a;
        if (z->cosmetic && is_neg(z, b))
            return make_binary(z, GANSTAB_SYM_SUB, a, out_node(z, b)->a, column);
        if (z->cosmetic && is_num(z, b) && out_node(z, b)->number < 0.0)
            return make_binary(z, GANSTAB_SYM_SUB, a,
                               make_number(z, -out_node(z, b)->number, column), column);
        if (z->cosmetic && is_neg(z, a))
            return make_binary(z, GANSTAB_SYM_SUB, b, out_node(z, a)->a, column);
        break;
    case GANSTAB_SYM_SUB:
        if (is_number(z, b, 0.0))
            return a;
        if (is_number(z, a, 0.0))
            return make_neg(z, b, column);
        if (z->cosmetic && is_neg(z, b))
            return make_binary(z, GANSTAB_SYM_ADD, a, out_node(z, b)->a, column);
        if (z->cosmetic && is_num(z, b) && out_node(z, b)->number < 0.0)
            return make_binary(z, GANSTAB_SYM_ADD, a,
                               make_number(z, -out_node(z, b)->number, column), column);
        break;
    case GANSTAB_SYM_MUL:
        if (is_number(z, a, 0.0) || is_number(z, b, 0.0))
            return make_number(z, 0.0, column);
        if (is_number(z, a, 1.0))
            return b;
        if (is_number(z, b, 1.0))
            return a;
        if (is_number(z, a, -1.0))
            return make_neg(z, b, column);
        if (is_number(z, b, -1.0))
            return make_neg(z, a, column);
        if (z->cosmetic)
            return normal_product(z, a, b, column);
        break;
    case GANSTAB_SYM_DIV:
        /* 0/b = 0 is a symbolic zero of a derivative rule; 0/0 of two numbers is not */
        if (is_number(z, a, 0.0) && !is_number(z, b, 0.0))
            return make_number(z, 0.0, column);
        if (is_number(z, b, 1.0))
            return a;
        if (z->cosmetic) {
            if (is_neg(z, a))
                return make_neg(z, make_binary(z, kind, out_node(z, a)->a, b, column), column);
            if (is_neg(z, b))
                return make_neg(z, make_binary(z, kind, a, out_node(z, b)->a, column), column);
            if (is_num(z, a) && out_node(z, a)->number < 0.0)
                return make_neg(z,
                                make_binary(z, kind,
                                            make_number(z, -out_node(z, a)->number, column), b,
                                            column),
                                column);
        }
        break;
    default: /* POW */
        if (is_number(z, b, 1.0))
            return a;
        if (is_number(z, b, 0.0) || is_number(z, a, 1.0))
            return make_number(z, 1.0, column);
        break;
    }
    return node_add(z, kind, a, b, -1, 0.0, column);
}

static int make_neg(simplifier *z, int a, size_t column)
{
    if (a < 0)
        return -1;
    if (is_num(z, a))
        return make_number(z, -out_node(z, a)->number, column);
    if (is_neg(z, a))
        return out_node(z, a)->a;
    if (z->cosmetic && out_node(z, a)->kind == GANSTAB_SYM_SUB)
        return make_binary(z, GANSTAB_SYM_SUB, out_node(z, a)->b, out_node(z, a)->a, column);
    return node_add(z, GANSTAB_SYM_NEG, a, -1, -1, 0.0, column);
}

static int simplify_node(simplifier *z, int node)
{
    const ganstab_sym_node *d = &z->in->node[node];
    int a = d->a >= 0 ? simplify_node(z, d->a) : -1;
    int b = d->b >= 0 ? simplify_node(z, d->b) : -1;
    if (z->failed)
        return -1;
    switch (d->kind) {
    case GANSTAB_SYM_NUMBER:
        return make_number(z, d->number, d->column);
    case GANSTAB_SYM_NAME:
        return node_add(z, GANSTAB_SYM_NAME, -1, -1, d->index, 0.0, d->column);
    case GANSTAB_SYM_NEG:
        return make_neg(z, a, d->column);
    case GANSTAB_SYM_CALL:
        return node_add(z, GANSTAB_SYM_CALL, a, -1, d->index, 0.0, d->column);
    default:
        return make_binary(z, d->kind, a, b, d->column);
    }
}

/* Copy the nodes reachable from root into dst in post-order (children before parents). */
static int compact(const ganstab_sym *src, int node, ganstab_sym *dst)
{
    const ganstab_sym_node *d = &src->node[node];
    int a = d->a >= 0 ? compact(src, d->a, dst) : -1;
    int b = d->b >= 0 ? compact(src, d->b, dst) : -1;
    if ((d->a >= 0 && a < 0) || (d->b >= 0 && b < 0))
        return -1;
    return sym_add_node(dst, d->kind, a, b, d->index, d->number, d->column);
}

int ganstab_sym_simplify(const ganstab_sym *in, int cosmetic, ganstab_sym *out)
{
    memset(out, 0, sizeof *out);
    out->root = -1;
    ganstab_sym scratch = {NULL, 0, 0, -1, NULL, 0};
    simplifier z = {in, &scratch, cosmetic, 0};
    int root = in->root >= 0 ? simplify_node(&z, in->root) : make_number(&z, 0.0, 1);
    int rc = GANSTAB_OK;
    if (root < 0 || z.failed)
        rc = GANSTAB_ENOMEM;
    if (rc == GANSTAB_OK) {
        out->root = compact(&scratch, root, out);
        if (out->root < 0)
            rc = GANSTAB_ENOMEM;
    }
    free(scratch.node);
    if (rc != GANSTAB_OK) {
        ganstab_sym_free(out);
        return rc;
    }
    /* the variables keep their indices; a tree with its own names keeps them */
    if (in->nnames > 0) {
        out->names = calloc(in->nnames, sizeof *out->names);
        if (out->names == NULL) {
            ganstab_sym_free(out);
            return GANSTAB_ENOMEM;
        }
        out->nnames = in->nnames;
        for (size_t i = 0; i < in->nnames; i++) {
            size_t len = strlen(in->names[i]) + 1;
            out->names[i] = malloc(len);
            if (out->names[i] == NULL) {
                ganstab_sym_free(out);
                return GANSTAB_ENOMEM;
            }
            memcpy(out->names[i], in->names[i], len);
        }
    }
    return GANSTAB_OK;
}

/* ---- printing --------------------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
} text;

static void put(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap == 0 ? 128 : t->cap;
        while (t->len + n + 1 > cap)
            cap *= 2;
        char *grown = realloc(t->buf, cap);
        if (grown == NULL) {
            t->failed = 1;
            return;
        }
        t->buf = grown;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n + 1);
    t->len += n;
}

/* Binding strength: sums 1, products 2, negation 3, powers 4, atoms 5. */
static int precedence(const ganstab_sym *s, int i)
{
    const ganstab_sym_node *d = &s->node[i];
    switch (d->kind) {
    case GANSTAB_SYM_ADD:
    case GANSTAB_SYM_SUB:
        return 1;
    case GANSTAB_SYM_MUL:
    case GANSTAB_SYM_DIV:
        return 2;
    case GANSTAB_SYM_NEG:
        return 3;
    case GANSTAB_SYM_POW:
        return 4;
    case GANSTAB_SYM_NUMBER:
        return d->number < 0.0 || (d->number == 0.0 && signbit(d->number)) ? 3 : 5;
    default:
        return 5;
    }
}

static void print_number(text *t, double x)
{
    char buf[48];
    if (x == 0.0)
        x = 0.0; /* -0 prints as 0 */
    snprintf(buf, sizeof buf, "%.10g", x);
    /* "1e-07" -> "1e-7", "1e+20" -> "1e20" */
    char *e = strchr(buf, 'e');
    if (e != NULL) {
        char *digits = e + 1 + (e[1] == '-' || e[1] == '+');
        char *first = digits;
        while (*first == '0' && first[1] != '\0')
            first++;
        memmove(digits, first, strlen(first) + 1);
        if (e[1] == '+')
            memmove(e + 1, e + 2, strlen(e + 2) + 1);
    }
    put(t, buf);
}

static void print_node(text *t, const ganstab_sym *s, int i, const char *const *names);

/* 1 if the node prints with a leading minus sign (it then needs parentheses after an operator). */
static int starts_negative(const ganstab_sym *s, int i)
{
    const ganstab_sym_node *d = &s->node[i];
    switch (d->kind) {
    case GANSTAB_SYM_NEG:
        return 1;
    case GANSTAB_SYM_NUMBER:
        return d->number < 0.0;
    case GANSTAB_SYM_ADD:
    case GANSTAB_SYM_SUB:
    case GANSTAB_SYM_MUL:
    case GANSTAB_SYM_DIV:
        return starts_negative(s, d->a);
    default:
        return 0;
    }
}

static void print_operand(text *t, const ganstab_sym *s, int i, int parens,
                          const char *const *names)
{
    if (parens)
        put(t, "(");
    print_node(t, s, i, names);
    if (parens)
        put(t, ")");
}

static void print_node(text *t, const ganstab_sym *s, int i, const char *const *names)
{
    const ganstab_sym_node *d = &s->node[i];
    int pa = d->a >= 0 ? precedence(s, d->a) : 5, pb = d->b >= 0 ? precedence(s, d->b) : 5;
    switch (d->kind) {
    case GANSTAB_SYM_NUMBER:
        print_number(t, d->number);
        return;
    case GANSTAB_SYM_NAME:
        put(t, names != NULL ? names[d->index] : s->names[d->index]);
        return;
    case GANSTAB_SYM_NEG:
        put(t, "-");
        print_operand(t, s, d->a, pa <= 1 || starts_negative(s, d->a), names);
        return;
    case GANSTAB_SYM_CALL:
        put(t, ganstab_sym_function_name(d->index));
        print_operand(t, s, d->a, 1, names);
        return;
    case GANSTAB_SYM_ADD:
    case GANSTAB_SYM_SUB:
        print_operand(t, s, d->a, 0, names);
        put(t, d->kind == GANSTAB_SYM_ADD ? " + " : " - ");
        print_operand(t, s, d->b,
                      starts_negative(s, d->b) || (d->kind == GANSTAB_SYM_SUB && pb <= 1), names);
        return;
    case GANSTAB_SYM_MUL:
    case GANSTAB_SYM_DIV:
        print_operand(t, s, d->a, pa < 2, names);
        put(t, d->kind == GANSTAB_SYM_MUL ? "*" : "/");
        /* a*(b*c) prints as a*b*c (the same product); a/(b*c) and a*(b/c) keep theirs */
        print_operand(
            t, s, d->b,
            pb < 2 || starts_negative(s, d->b) ||
                (pb == 2 && (d->kind == GANSTAB_SYM_DIV || s->node[d->b].kind == GANSTAB_SYM_DIV)),
            names);
        return;
    default: /* POW: a^b^c = a^(b^c); (-a)^b needs its parentheses, so does a^(-b) */
        print_operand(t, s, d->a, pa <= 4, names);
        put(t, "^");
        print_operand(t, s, d->b, pb < 4, names);
        return;
    }
}

char *ganstab_sym_print(const ganstab_sym *s, const char *const *names)
{
    text t = {NULL, 0, 0, 0};
    if (s->root < 0)
        put(&t, "0");
    else
        print_node(&t, s, s->root, names);
    if (t.failed) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

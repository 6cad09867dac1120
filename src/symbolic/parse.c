/* The formula language: tokenizer, recursive-descent parser with positions, tree utilities and
 * the translation to libmatheval's syntax (symbolic.h). libmatheval's own parser reports no
 * position and accepts no user-defined function, so formulas are checked here first and handed
 * over fully parenthesized, with the loss helpers expanded. */
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "symbolic_internal.h"

/* libmatheval's named constants (its symbol table), with their values to 17 digits. */
static const struct {
    const char *name;
    double value;
} CONSTANTS[] = {
    {"e", 2.7182818284590452354},         {"log2e", 1.4426950408889634074},
    {"log10e", 0.43429448190325182765},   {"ln2", 0.69314718055994530942},
    {"ln10", 2.30258509299404568402},     {"pi", 3.14159265358979323846},
    {"pi_2", 1.57079632679489661923},     {"pi_4", 0.78539816339744830962},
    {"1_pi", 0.31830988618379067154},     {"2_pi", 0.63661977236758134308},
    {"2_sqrtpi", 1.12837916709551257390}, {"sqrt2", 1.41421356237309504880},
    {"sqrt1_2", 0.70710678118654752440},
};
#define NCONSTANTS (sizeof CONSTANTS / sizeof CONSTANTS[0])

static int constant_id(const char *name, size_t len)
{
    for (size_t i = 0; i < NCONSTANTS; i++)
        if (strlen(CONSTANTS[i].name) == len && strncmp(CONSTANTS[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

int ganstab_sym_reserved(const char *name)
{
    size_t len = strlen(name);
    return sym_function_lookup(name, len) >= 0 || constant_id(name, len) >= 0;
}

static int ident_start(char ch)
{
    return isalpha((unsigned char)ch) || ch == '_';
}

static int ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

int ganstab_sym_is_identifier(const char *name, size_t len)
{
    if (len == 0 || len >= GANSTAB_SYM_NAME_MAX || !isalpha((unsigned char)name[0]))
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!ident_char(name[i]))
            return 0;
    return 1;
}

/* ---- trees ------------------------------------------------------------------------------ */

void ganstab_sym_free(ganstab_sym *s)
{
    if (s == NULL)
        return;
    free(s->node);
    for (size_t i = 0; i < s->nnames; i++)
        free(s->names[i]);
    free(s->names);
    memset(s, 0, sizeof *s);
    s->root = -1;
}

int ganstab_sym_add_node(ganstab_sym *s, ganstab_sym_kind kind, int a, int b, int index,
                         double number, size_t column)
{
    return sym_add_node(s, kind, a, b, index, number, column);
}

int sym_add_node(ganstab_sym *s, ganstab_sym_kind kind, int a, int b, int index, double number,
                 size_t column)
{
    if (s->n == s->cap) {
        size_t cap = s->cap == 0 ? 32 : 2 * s->cap;
        ganstab_sym_node *grown = realloc(s->node, cap * sizeof *grown);
        if (grown == NULL)
            return -1;
        s->node = grown;
        s->cap = cap;
    }
    s->node[s->n] = (ganstab_sym_node){kind, a, b, index, number, column};
    return (int)s->n++;
}

/* Index of a tree-owned variable name (added if new); -1 when out of memory. */
static int own_name(ganstab_sym *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->nnames; i++)
        if (strlen(s->names[i]) == len && strncmp(s->names[i], name, len) == 0)
            return (int)i;
    char **grown = realloc(s->names, (s->nnames + 1) * sizeof *grown);
    if (grown == NULL)
        return -1;
    s->names = grown;
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, name, len);
    copy[len] = '\0';
    s->names[s->nnames] = copy;
    return (int)s->nnames++;
}

/* ---- parser ----------------------------------------------------------------------------- */

typedef enum { MODE_SCOPE, MODE_ANY, MODE_MATHEVAL } parse_mode;

typedef enum { TOK_END, TOK_NUMBER, TOK_IDENT, TOK_OP } token_kind;

typedef struct {
    token_kind kind;
    size_t start, len; /* in the text */
    double number;
    char op;
} token;

typedef struct {
    const char *text;
    size_t len, pos, column0;
    parse_mode mode;
    const ganstab_sym_scope *scope;
    ganstab_sym *out;
    ganstab_error *err;
    int failed;
    token tok;
    int depth;
} parser;

/* Nesting deeper than this is refused rather than risking the C stack (a formula of a case
 * file line has at most ~200 characters, so ~100 levels; libmatheval's output can nest deeper). */
#define PARSE_MAX_DEPTH 2000

static size_t column_at(const parser *p, size_t pos)
{
    return p->column0 + pos + 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
parse_fail(parser *p, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    char message[GANSTAB_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ganstab_error_set(p->err, GANSTAB_EINVAL, "", "%s", message);
    p->failed = 1;
    return -1;
}

/* A short quote of the token for messages. */
static void token_text(const parser *p, const token *t, char *buf, size_t size)
{
    if (t->kind == TOK_END) {
        snprintf(buf, size, "end of formula");
        return;
    }
    size_t len = t->len > 24 ? 24 : t->len;
    snprintf(buf, size, "'%.*s%s'", (int)len, p->text + t->start, t->len > len ? "..." : "");
}

static void next_token(parser *p)
{
    const char *s = p->text;
    while (p->pos < p->len && (s[p->pos] == ' ' || s[p->pos] == '\t'))
        p->pos++;
    token *t = &p->tok;
    t->start = p->pos;
    t->len = 0;
    if (p->pos >= p->len) {
        t->kind = TOK_END;
        return;
    }
    char ch = s[p->pos];
    /* libmatheval's constants 1_pi, 2_pi, 2_sqrtpi start with a digit */
    if (p->mode == MODE_MATHEVAL && isdigit((unsigned char)ch)) {
        size_t k = p->pos;
        while (k < p->len && ident_char(s[k]))
            k++;
        if (constant_id(s + p->pos, k - p->pos) >= 0) {
            t->kind = TOK_IDENT;
            t->len = k - p->pos;
            p->pos = k;
            return;
        }
    }
    if (isdigit((unsigned char)ch) ||
        (ch == '.' && p->pos + 1 < p->len && isdigit((unsigned char)s[p->pos + 1]))) {
        /* digits [. digits] [(e|E) [+-] digits]: libmatheval's number syntax */
        size_t k = p->pos;
        while (k < p->len && isdigit((unsigned char)s[k]))
            k++;
        if (k < p->len && s[k] == '.') {
            k++;
            while (k < p->len && isdigit((unsigned char)s[k]))
                k++;
        }
        if (k < p->len && (s[k] == 'e' || s[k] == 'E')) {
            size_t e = k + 1;
            if (e < p->len && (s[e] == '+' || s[e] == '-'))
                e++;
            if (e < p->len && isdigit((unsigned char)s[e])) {
                while (e < p->len && isdigit((unsigned char)s[e]))
                    e++;
                k = e;
            }
        }
        char buf[128];
        size_t len = k - p->pos;
        t->kind = TOK_NUMBER;
        t->len = len;
        if (len >= sizeof buf) {
            parse_fail(p, "number at column %zu is too long", column_at(p, p->pos));
            return;
        }
        memcpy(buf, s + p->pos, len);
        buf[len] = '\0';
        errno = 0;
        t->number = strtod(buf, NULL);
        if (!isfinite(t->number) || (errno == ERANGE && fabs(t->number) > 1.0)) {
            parse_fail(p, "number '%s' at column %zu is out of range", buf, column_at(p, p->pos));
            return;
        }
        p->pos = k;
        if (k < p->len && ident_start(s[k])) {
            size_t m = k;
            while (m < p->len && ident_char(s[m]))
                m++;
            parse_fail(p,
                       "syntax error at column %zu: missing operator between '%s' and '%.*s' "
                       "(write '%s*%.*s')",
                       column_at(p, k), buf, (int)(m - k), s + k, buf, (int)(m - k), s + k);
        }
        return;
    }
    if (ident_start(ch)) {
        size_t k = p->pos;
        while (k < p->len && ident_char(s[k]))
            k++;
        t->kind = TOK_IDENT;
        t->len = k - p->pos;
        p->pos = k;
        return;
    }
    t->kind = TOK_OP;
    t->op = ch;
    t->len = 1;
    if (strchr("+-*/^()", ch) == NULL || ch == '\0') {
        if (ch == ',')
            parse_fail(p,
                       "syntax error at column %zu: unexpected ',' (functions take one argument)",
                       column_at(p, p->pos));
        else if (isprint((unsigned char)ch))
            parse_fail(p, "syntax error at column %zu: unexpected character '%c'",
                       column_at(p, p->pos), ch);
        else
            parse_fail(p, "syntax error at column %zu: unexpected byte 0x%02x",
                       column_at(p, p->pos), (unsigned)(unsigned char)ch);
        return;
    }
    if (ch == '*' && p->pos + 1 < p->len && s[p->pos + 1] == '*') {
        parse_fail(p, "syntax error at column %zu: '**' is not an operator (write ^ for powers)",
                   column_at(p, p->pos));
        return;
    }
    p->pos++;
}

static int is_op(const parser *p, char op)
{
    return p->tok.kind == TOK_OP && p->tok.op == op;
}

static int parse_sum(parser *p);

/* The known names for an "unknown name" message: "theta, psi, gamma". */
static void known_names(const parser *p, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; p->scope != NULL && i < p->scope->n; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", p->scope->names[i]);
        if (w < 0 || (size_t)w >= size - used) {
            snprintf(buf + (size > 4 ? size - 4 : 0), 4, "...");
            return;
        }
        used += (size_t)w;
    }
}

static int parse_primary(parser *p)
{
    token t = p->tok;
    char quote[64];
    if (p->failed)
        return -1;
    if (t.kind == TOK_NUMBER) {
        next_token(p);
        return sym_add_node(p->out, GANSTAB_SYM_NUMBER, -1, -1, -1, t.number,
                            column_at(p, t.start));
    }
    if (is_op(p, '(')) {
        next_token(p);
        int inner = parse_sum(p);
        if (inner < 0)
            return -1;
        if (!is_op(p, ')')) {
            token_text(p, &p->tok, quote, sizeof quote);
            return parse_fail(p,
                              "syntax error at column %zu: expected ')' for the '(' at column "
                              "%zu, got %s",
                              column_at(p, p->tok.start), column_at(p, t.start), quote);
        }
        next_token(p);
        return inner;
    }
    if (t.kind == TOK_IDENT) {
        const char *name = p->text + t.start;
        size_t len = t.len, column = column_at(p, t.start);
        next_token(p);
        if (p->failed)
            return -1;
        int fn = sym_function_lookup(name, len);
        if (p->mode == MODE_MATHEVAL && fn >= 0 && sym_function_user(fn) == 2)
            fn = -1; /* f, fns, fw are not libmatheval functions */
        if (is_op(p, '(')) {
            if (fn < 0 || (p->mode != MODE_MATHEVAL && sym_function_user(fn) == 0))
                return parse_fail(p,
                                  "unknown function '%.*s' at column %zu (functions: exp, log, "
                                  "sqrt, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, "
                                  "asinh, acosh, atanh, cot, sec, csc, and their inverses and "
                                  "hyperbolic forms, abs, erf; loss helpers f, fns, fw)",
                                  (int)len, name, column);
            size_t open = p->tok.start;
            next_token(p);
            int arg = parse_sum(p);
            if (arg < 0)
                return -1;
            if (!is_op(p, ')')) {
                token_text(p, &p->tok, quote, sizeof quote);
                return parse_fail(p,
                                  "syntax error at column %zu: expected ')' closing %.*s( at "
                                  "column %zu, got %s",
                                  column_at(p, p->tok.start), (int)len, name, column_at(p, open),
                                  quote);
            }
            next_token(p);
            return sym_add_node(p->out, GANSTAB_SYM_CALL, arg, -1, fn, 0.0, column);
        }
        if (fn >= 0 && !(p->mode == MODE_MATHEVAL && sym_function_user(fn) == 2))
            return parse_fail(p, "'%.*s' at column %zu is a function: write %.*s(...)", (int)len,
                              name, column, (int)len, name);
        if (p->mode != MODE_SCOPE) {
            int id = own_name(p->out, name, len);
            if (id < 0)
                return parse_fail(p, "out of memory");
            return sym_add_node(p->out, GANSTAB_SYM_NAME, -1, -1, id, 0.0, column);
        }
        for (size_t i = 0; p->scope != NULL && i < p->scope->n; i++)
            if (strlen(p->scope->names[i]) == len && strncmp(p->scope->names[i], name, len) == 0)
                return sym_add_node(p->out, GANSTAB_SYM_NAME, -1, -1, (int)i, 0.0, column);
        int c = constant_id(name, len);
        if (c >= 0)
            return sym_add_node(p->out, GANSTAB_SYM_NUMBER, -1, -1, -1, CONSTANTS[c].value, column);
        char known[256];
        known_names(p, known, sizeof known);
        return parse_fail(p, "unknown name '%.*s' at column %zu (known: %s)", (int)len, name,
                          column, known[0] != '\0' ? known : "no names");
    }
    if (t.kind == TOK_END)
        return parse_fail(p,
                          "syntax error at column %zu: the formula ends where an operand is "
                          "expected",
                          column_at(p, t.start));
    token_text(p, &t, quote, sizeof quote);
    return parse_fail(p, "syntax error at column %zu: expected a number, a name or '(', got %s",
                      column_at(p, t.start), quote);
}

/* unary := ('-' | '+') unary | power ;  power := primary ['^' unary]  (right-associative, and
 * -a^b = -(a^b) as in mathematics) */
static int parse_unary(parser *p)
{
    if (p->failed)
        return -1;
    if (++p->depth > PARSE_MAX_DEPTH)
        return parse_fail(p, "formula nested too deeply");
    int result;
    if (is_op(p, '-') || is_op(p, '+')) {
        int neg = is_op(p, '-');
        size_t column = column_at(p, p->tok.start);
        next_token(p);
        int a = parse_unary(p);
        result = a < 0 || !neg ? a : sym_add_node(p->out, GANSTAB_SYM_NEG, a, -1, -1, 0.0, column);
    } else {
        int base = parse_primary(p);
        result = base;
        if (base >= 0 && is_op(p, '^')) {
            size_t column = column_at(p, p->tok.start);
            next_token(p);
            int exponent = parse_unary(p);
            result = exponent < 0
                         ? -1
                         : sym_add_node(p->out, GANSTAB_SYM_POW, base, exponent, -1, 0.0, column);
        }
    }
    p->depth--;
    if (result < 0 && !p->failed)
        return parse_fail(p, "out of memory");
    return result;
}

static int parse_product(parser *p)
{
    int a = parse_unary(p);
    while (a >= 0 && (is_op(p, '*') || is_op(p, '/'))) {
        ganstab_sym_kind kind = is_op(p, '*') ? GANSTAB_SYM_MUL : GANSTAB_SYM_DIV;
        size_t column = column_at(p, p->tok.start);
        next_token(p);
        int b = parse_unary(p);
        a = b < 0 ? -1 : sym_add_node(p->out, kind, a, b, -1, 0.0, column);
    }
    if (a < 0 && !p->failed)
        return parse_fail(p, "out of memory");
    return a;
}

static int parse_sum(parser *p)
{
    int a = parse_product(p);
    while (a >= 0 && (is_op(p, '+') || is_op(p, '-'))) {
        ganstab_sym_kind kind = is_op(p, '+') ? GANSTAB_SYM_ADD : GANSTAB_SYM_SUB;
        size_t column = column_at(p, p->tok.start);
        next_token(p);
        int b = parse_product(p);
        a = b < 0 ? -1 : sym_add_node(p->out, kind, a, b, -1, 0.0, column);
    }
    if (a < 0 && !p->failed)
        return parse_fail(p, "out of memory");
    return a;
}

static int parse_text(const char *text, size_t len, size_t column0, parse_mode mode,
                      const ganstab_sym_scope *scope, ganstab_sym *out, ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    out->root = -1;
    parser p = {text, len, 0, column0, mode, scope, out, err, 0, {TOK_END, 0, 0, 0.0, 0}, 0};
    size_t first = 0;
    while (first < len && (text[first] == ' ' || text[first] == '\t'))
        first++;
    if (first == len) {
        ganstab_error_set(err, GANSTAB_EINVAL, "", "empty formula at column %zu", column0 + 1);
        ganstab_sym_free(out);
        return GANSTAB_EINVAL;
    }
    next_token(&p);
    int root = p.failed ? -1 : parse_sum(&p);
    if (root >= 0 && p.tok.kind != TOK_END) {
        char quote[64];
        token_text(&p, &p.tok, quote, sizeof quote);
        parse_fail(&p,
                   is_op(&p, ')') ? "syntax error at column %zu: unexpected %s (no '(' to close)"
                                  : "syntax error at column %zu: expected an operator, got %s",
                   column_at(&p, p.tok.start), quote);
        root = -1;
    }
    if (root < 0) {
        ganstab_sym_free(out);
        return GANSTAB_EINVAL;
    }
    out->root = root;
    return GANSTAB_OK;
}

int ganstab_sym_parse(const char *text, size_t len, size_t column0, const ganstab_sym_scope *scope,
                      ganstab_sym *out, ganstab_error *err)
{
    return parse_text(text, len, column0, MODE_SCOPE, scope, out, err);
}

int ganstab_sym_parse_any(const char *text, size_t len, size_t column0, int matheval_output,
                          ganstab_sym *out, ganstab_error *err)
{
    return parse_text(text, len, column0, matheval_output ? MODE_MATHEVAL : MODE_ANY, NULL, out,
                      err);
}

/* ---- tree utilities --------------------------------------------------------------------- */

unsigned long long ganstab_sym_uses(const ganstab_sym *s, int node)
{
    if (node < 0)
        return 0;
    const ganstab_sym_node *d = &s->node[node];
    unsigned long long mask = 0;
    if (d->kind == GANSTAB_SYM_NAME && d->index >= 0 && d->index < 64)
        mask |= 1ull << d->index;
    return mask | ganstab_sym_uses(s, d->a) | ganstab_sym_uses(s, d->b);
}

static void collect_terms(const ganstab_sym *s, int node, int sign, int *terms, int *signs,
                          size_t max, size_t *count)
{
    const ganstab_sym_node *d = &s->node[node];
    if (d->kind == GANSTAB_SYM_ADD || d->kind == GANSTAB_SYM_SUB) {
        collect_terms(s, d->a, sign, terms, signs, max, count);
        collect_terms(s, d->b, d->kind == GANSTAB_SYM_SUB ? -sign : sign, terms, signs, max, count);
        return;
    }
    if (d->kind == GANSTAB_SYM_NEG) {
        collect_terms(s, d->a, -sign, terms, signs, max, count);
        return;
    }
    if (*count < max) {
        if (terms != NULL)
            terms[*count] = node;
        if (signs != NULL)
            signs[*count] = sign;
    }
    (*count)++;
}

size_t ganstab_sym_terms(const ganstab_sym *s, int *terms, int *signs, size_t max)
{
    size_t count = 0;
    if (s->root >= 0)
        collect_terms(s, s->root, 1, terms, signs, max, &count);
    return count;
}

/* ---- libmatheval text ------------------------------------------------------------------- */

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
} strbuf;

static void put(strbuf *b, const char *text)
{
    size_t n = strlen(text);
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 256 : b->cap;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *grown = realloc(b->buf, cap);
        if (grown == NULL) {
            b->failed = 1;
            return;
        }
        b->buf = grown;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, text, n + 1);
    b->len += n;
}

void ganstab_sym_constants_free(ganstab_sym_constants *k)
{
    if (k == NULL)
        return;
    free(k->value);
    k->value = NULL;
    k->n = k->cap = 0;
}

/* Write the number x as the variable _cK (reusing K for an identical value). */
static void put_constant(strbuf *b, ganstab_sym_constants *k, double x)
{
    size_t i = 0;
    while (i < k->n && memcmp(&k->value[i], &x, sizeof x) != 0)
        i++;
    if (i == k->n) {
        if (k->n == k->cap) {
            size_t cap = k->cap == 0 ? 16 : 2 * k->cap;
            double *grown = realloc(k->value, cap * sizeof *grown);
            if (grown == NULL) {
                b->failed = 1;
                return;
            }
            k->value = grown;
            k->cap = cap;
        }
        k->value[k->n++] = x;
    }
    char text[32];
    snprintf(text, sizeof text, "_c%zu", i);
    put(b, text);
}

/* 1 if libmatheval prints x exactly: its %g text reads back as the same double. */
static int prints_exactly(double x)
{
    char text[32];
    snprintf(text, sizeof text, "%g", x);
    double back = strtod(text, NULL);
    return memcmp(&back, &x, sizeof x) == 0 || (x == 0.0 && back == 0.0);
}

/* 1 if the subtree uses no variable outside foldable[]. */
static int foldable_subtree(const ganstab_sym *s, int node, const unsigned char *foldable)
{
    if (node < 0)
        return 1;
    const ganstab_sym_node *d = &s->node[node];
    if (d->kind == GANSTAB_SYM_NAME && (foldable == NULL || !foldable[d->index]))
        return 0;
    return foldable_subtree(s, d->a, foldable) && foldable_subtree(s, d->b, foldable);
}

typedef struct {
    strbuf b;
    const ganstab_sym *s;
    const char *const *names;
    const double *values;
    const unsigned char *foldable;
    ganstab_sym_constants *k;
    unsigned char *folded;
    size_t nscope; /* variables from nscope on are the constants _c(i - nscope) */
} emitter;

static void mark_folded(const ganstab_sym *s, int node, unsigned char *folded)
{
    if (node < 0 || folded == NULL)
        return;
    const ganstab_sym_node *d = &s->node[node];
    if (d->kind == GANSTAB_SYM_NAME)
        folded[d->index] = 1;
    mark_folded(s, d->a, folded);
    mark_folded(s, d->b, folded);
}

static void emit(emitter *e, int node);

/* A constant exponent c as a number if c, c-1, c-2 and c-3 print exactly (the exponents of the
 * derivatives up to the third, which libmatheval computes and then prints), else as _cK. */
static void emit_exponent(emitter *e, int node)
{
    if (!foldable_subtree(e->s, node, e->foldable)) {
        emit(e, node);
        return;
    }
    double c = sym_value_node(e->s, node, e->values);
    mark_folded(e->s, node, e->folded);
    int exact = isfinite(c);
    for (int k = 0; exact && k <= 3; k++)
        exact = prints_exactly(c - (double)k);
    if (!exact) {
        put_constant(&e->b, e->k, c);
        return;
    }
    char text[48];
    if (c < 0.0)
        snprintf(text, sizeof text, "(-%g)", -c);
    else
        snprintf(text, sizeof text, "%g", c);
    put(&e->b, text);
}

static void emit(emitter *e, int node)
{
    const ganstab_sym_node *d = &e->s->node[node];
    static const char ops[] = {[GANSTAB_SYM_ADD] = '+',
                               [GANSTAB_SYM_SUB] = '-',
                               [GANSTAB_SYM_MUL] = '*',
                               [GANSTAB_SYM_DIV] = '/',
                               [GANSTAB_SYM_POW] = '^'};
    switch (d->kind) {
    case GANSTAB_SYM_NUMBER:
        put_constant(&e->b, e->k, d->number);
        return;
    case GANSTAB_SYM_NAME:
        if ((size_t)d->index >= e->nscope) {
            char text[32];
            snprintf(text, sizeof text, "_c%zu", (size_t)d->index - e->nscope);
            put(&e->b, text);
        } else {
            put(&e->b, e->names != NULL ? e->names[d->index] : e->s->names[d->index]);
        }
        return;
    case GANSTAB_SYM_NEG:
        put(&e->b, "(-");
        emit(e, d->a);
        put(&e->b, ")");
        return;
    case GANSTAB_SYM_CALL:
        /* Mescheder et al. 2018, eq. (1): f(t) = -log(1 + exp(-t)) (standard), the generator's
           non-saturating objective fns(t) = -f(-t) = log(1 + exp(t)), f(t) = t (WGAN). */
        if (d->index == SYM_FN_ASINH) {
            /* libmatheval 1.1.11 differentiates asinh(u) as u'/sqrt(1 - u^2) (the derivative
               of asin): it gets asinh(u) = 2 atanh(u / (1 + sqrt(1 + u^2))) instead (tanh of
               half the angle: sinh y / (1 + cosh y)), an identity without cancellation for
               either sign of u, whose derivative it computes right (test_symbolic). */
            put(&e->b, "(2*atanh((");
            emit(e, d->a);
            put(&e->b, ")/(1+sqrt(1+(");
            emit(e, d->a);
            put(&e->b, ")^2))))");
            return;
        }
        if (d->index == SYM_FN_ACOTH) {
            /* ... and acoth(u) as u'/(u^2 - 1), the wrong sign: acoth(u) = atanh(1/u) */
            put(&e->b, "atanh(1/(");
            emit(e, d->a);
            put(&e->b, "))");
            return;
        }
        if (d->index == SYM_FN_F)
            put(&e->b, "(-log(1+exp(-(");
        else if (d->index == SYM_FN_FNS)
            put(&e->b, "(log(1+exp(");
        else if (d->index == SYM_FN_FW)
            put(&e->b, "((");
        else {
            put(&e->b, ganstab_sym_function_name(d->index));
            put(&e->b, "(");
        }
        emit(e, d->a);
        put(&e->b, d->index == SYM_FN_F     ? "))))"
                   : d->index == SYM_FN_FNS ? ")))"
                   : d->index == SYM_FN_FW  ? "))"
                                            : ")");
        return;
    default: {
        char op[2] = {ops[d->kind], '\0'};
        put(&e->b, "(");
        emit(e, d->a);
        put(&e->b, op);
        if (d->kind == GANSTAB_SYM_POW)
            emit_exponent(e, d->b);
        else
            emit(e, d->b);
        put(&e->b, ")");
        return;
    }
    }
}

char *ganstab_sym_to_matheval(const ganstab_sym *s, const int *terms, const int *signs,
                              size_t count, const char *const *names, const double *values,
                              const unsigned char *foldable, ganstab_sym_constants *k)
{
    return ganstab_sym_to_matheval_folding(s, terms, signs, count, names, values, foldable, k,
                                           NULL);
}

char *ganstab_sym_to_matheval_folding(const ganstab_sym *s, const int *terms, const int *signs,
                                      size_t count, const char *const *names, const double *values,
                                      const unsigned char *foldable, ganstab_sym_constants *k,
                                      unsigned char *folded)
{
    emitter e = {{NULL, 0, 0, 0}, s, names, values, foldable, k, folded, SIZE_MAX};
    if (terms == NULL)
        count = 1;
    if (count == 0)
        put(&e.b, "0");
    for (size_t i = 0; i < count; i++) {
        int sign = signs != NULL ? signs[i] : 1;
        put(&e.b, sign < 0 ? "-(" : (i > 0 ? "+(" : "("));
        emit(&e, terms != NULL ? terms[i] : s->root);
        put(&e.b, ")");
    }
    if (e.b.failed) {
        free(e.b.buf);
        return NULL;
    }
    return e.b.buf;
}

char *ganstab_sym_tree_to_matheval(const ganstab_sym *s, size_t nscope, const char *const *names,
                                   ganstab_sym_constants *k)
{
    emitter e = {{NULL, 0, 0, 0}, s, names, NULL, NULL, k, NULL, nscope};
    put(&e.b, "(");
    if (s->root >= 0)
        emit(&e, s->root);
    else
        put(&e.b, "0");
    put(&e.b, ")");
    if (e.b.failed) {
        free(e.b.buf);
        return NULL;
    }
    return e.b.buf;
}

/* ---- back from libmatheval -------------------------------------------------------------- */

int ganstab_sym_resolve(ganstab_sym *s, const ganstab_sym_scope *scope,
                        const ganstab_sym_constants *k, int constants_as_numbers,
                        ganstab_error *err)
{
    for (size_t i = 0; i < s->n; i++) {
        ganstab_sym_node *d = &s->node[i];
        if (d->kind != GANSTAB_SYM_NAME)
            continue;
        const char *name = s->names[d->index];
        size_t len = strlen(name);
        int found = -1;
        for (size_t j = 0; scope != NULL && j < scope->n && found < 0; j++)
            if (strcmp(scope->names[j], name) == 0)
                found = (int)j;
        if (found >= 0) {
            d->index = found;
            continue;
        }
        int c = constant_id(name, len);
        if (c >= 0) {
            *d = (ganstab_sym_node){GANSTAB_SYM_NUMBER, -1, -1, -1, CONSTANTS[c].value, d->column};
            continue;
        }
        char *end = NULL;
        unsigned long K =
            len > 2 && name[0] == '_' && name[1] == 'c' && isdigit((unsigned char)name[2])
                ? strtoul(name + 2, &end, 10)
                : 0;
        if (end != NULL && *end == '\0' && k != NULL && K < k->n) {
            if (constants_as_numbers)
                *d = (ganstab_sym_node){GANSTAB_SYM_NUMBER, -1, -1, -1, k->value[K], d->column};
            else
                d->index = (int)(scope->n + K);
            continue;
        }
        return ganstab_error_set(err, GANSTAB_EINVAL, "symbolic",
                                 "libmatheval returned the unknown name '%s'", name);
    }
    /* the names are resolved: the tree no longer owns any */
    for (size_t i = 0; i < s->nnames; i++)
        free(s->names[i]);
    free(s->names);
    s->names = NULL;
    s->nnames = 0;
    return GANSTAB_OK;
}

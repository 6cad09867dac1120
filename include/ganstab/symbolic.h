/* Formulas: the expression language of model expr (README, "Model expr"). A tokenizer and
 * recursive-descent parser that knows where every token came from (errors name the column),
 * the loss helpers f, fns, fw of Mescheder et al. 2018, eq. (1), expanded for libmatheval,
 * symbolic derivatives by libmatheval (serialized: its parser keeps global state), an
 * exact simplifier that makes them evaluable (and a cosmetic one and a printer that make them
 * readable), an evaluator, and an independent second-order forward-mode differentiation
 * (hyper-dual numbers) that cross-checks libmatheval's derivatives and locates where a formula
 * stops being finite.
 * A ganstab_sym owns its nodes (ganstab_sym_free); strings returned by ganstab_sym_print and
 * ganstab_sym_to_matheval and ganstab_sym_matheval_string are malloc'ed and owned by the caller. */
#ifndef GANSTAB_SYMBOLIC_H
#define GANSTAB_SYMBOLIC_H

#include <stddef.h>

#include "ganstab/error.h"

/* Longest identifier (state, parameter or data variable name). */
#define GANSTAB_SYM_NAME_MAX 32

typedef enum {
    GANSTAB_SYM_NUMBER = 0, /* number, also the constants pi and e */
    GANSTAB_SYM_NAME,       /* a variable: index into the scope (or into the tree's own names) */
    GANSTAB_SYM_NEG,        /* -a */
    GANSTAB_SYM_ADD,        /* a + b */
    GANSTAB_SYM_SUB,        /* a - b */
    GANSTAB_SYM_MUL,        /* a * b */
    GANSTAB_SYM_DIV,        /* a / b */
    GANSTAB_SYM_POW,        /* a ^ b (right-associative: a^b^c = a^(b^c)) */
    GANSTAB_SYM_CALL        /* function(a): index is a function id (ganstab_sym_function_name) */
} ganstab_sym_kind;

typedef struct {
    ganstab_sym_kind kind;
    int a, b;      /* operands (node indices), -1 where unused */
    int index;     /* NAME: variable index; CALL: function id */
    double number; /* NUMBER */
    size_t column; /* 1-based column of the node's token in the parsed text */
} ganstab_sym_node;

typedef struct {
    ganstab_sym_node *node;
    size_t n, cap;
    int root;
    /* Variables of a tree parsed without a scope (ganstab_sym_parse_any): their names, owned. */
    char **names;
    size_t nnames;
} ganstab_sym;

/* The names a formula may use, in index order. */
typedef struct {
    const char *const *names;
    size_t n;
} ganstab_sym_scope;

/* Parse text[0..len) as one expression, resolving names against scope. Columns count from
 * column0 + 1 at text[0] (so that an item of a list reports its column in the whole value).
 * Errors (GANSTAB_EINVAL, err->where untouched): "syntax error at column C: ...", "unknown
 * name 'x' at column C", "unknown function ...", "... takes one argument". */
int ganstab_sym_parse(const char *text, size_t len, size_t column0, const ganstab_sym_scope *scope,
                      ganstab_sym *out, ganstab_error *err);

/* The same without a scope: every identifier is a variable of the tree (names[], in order of
 * appearance). With matheval_output set, the text is libmatheval's own output: its named
 * constants (pi_2, 2_sqrtpi, ...), its functions step, delta, nandelta and constants written
 * "(-0.5)" are accepted, and f, fns, fw are not functions. */
int ganstab_sym_parse_any(const char *text, size_t len, size_t column0, int matheval_output,
                          ganstab_sym *out, ganstab_error *err);

void ganstab_sym_free(ganstab_sym *s); /* releases the nodes and names; accepts NULL */

/* "exp", "f", ... (static storage); NULL for an unknown id. */
const char *ganstab_sym_function_name(int id);
/* The id of a function name, -1 if there is none. */
int ganstab_sym_function_id(const char *name);

/* Append a node to a tree (operands are indices of nodes already in it); its index, or -1
 * when out of memory. */
int ganstab_sym_add_node(ganstab_sym *s, ganstab_sym_kind kind, int a, int b, int index,
                         double number, size_t column);

/* 1 if name cannot name a variable: a function (also f, fns, fw) or a libmatheval constant. */
int ganstab_sym_reserved(const char *name);

/* 1 if name can name a variable: [A-Za-z][A-Za-z0-9_]*, at most GANSTAB_SYM_NAME_MAX - 1
 * characters (a leading _ is ganstab's: the constants _cK given to libmatheval). */
int ganstab_sym_is_identifier(const char *name, size_t len);

/* Bit set of the variables (scope indices < 64) the subtree at node uses. */
unsigned long long ganstab_sym_uses(const ganstab_sym *s, int node);

/* Top-level additive terms of the tree: node indices into terms[0..max) and their signs
 * (+1, -1) into signs (either may be NULL to count only); the sum of sign*term is the tree.
 * Returns the number of terms (which may exceed max). */
size_t ganstab_sym_terms(const ganstab_sym *s, int *terms, int *signs, size_t max);

/* Numbers handed to libmatheval as variables _c0, _c1, ... (it prints numbers with %g, six
 * digits, and folds constant subexpressions, so a number it holds could not be read back
 * exactly). */
typedef struct {
    double *value;
    size_t n, cap;
} ganstab_sym_constants;

void ganstab_sym_constants_free(ganstab_sym_constants *k); /* accepts NULL */

/* libmatheval text of the subtrees terms[0..count) summed with signs (terms NULL: the whole
 * tree, count 1), fully parenthesized, the loss helpers expanded (f(u) = -log(1+exp(-(u))),
 * fns(u) = log(1+exp(u)), fw(u) = (u)). Variable i is written names[i]. Every number becomes a
 * variable _cK of k, except a constant exponent: libmatheval differentiates a^c by the power rule
 * only when c is a number, so an exponent without variables other than foldable[] ones (whose
 * values are values[i]) is written as its value when that and its decrements by 1, 2, 3 print
 * exactly with %g (the derivatives' exponents), else as a variable _cK too. Malloc'ed; NULL
 * when out of memory. */
char *ganstab_sym_to_matheval(const ganstab_sym *s, const int *terms, const int *signs,
                              size_t count, const char *const *names, const double *values,
                              const unsigned char *foldable, ganstab_sym_constants *k);
/* The same, also marking in folded[i] (may be NULL) every foldable variable whose value went
 * into a constant (an exponent): a model that folded it must be rebuilt when it changes. */
char *ganstab_sym_to_matheval_folding(const ganstab_sym *s, const int *terms, const int *signs,
                                      size_t count, const char *const *names, const double *values,
                                      const unsigned char *foldable, ganstab_sym_constants *k,
                                      unsigned char *folded);

/* libmatheval text of a resolved tree (ganstab_sym_resolve without constants_as_numbers):
 * variable i < nscope is names[i], variable nscope + K the constant _cK, and its own numbers
 * (small integers and exponents of libmatheval's rules, or numbers the exact simplifier folded)
 * become constants of k or printable exponents, as in ganstab_sym_to_matheval. For
 * differentiating a simplified derivative again: libmatheval's own trees of higher derivatives
 * grow with every 0*(...) its rules leave. Malloc'ed; NULL when out of memory. */
char *ganstab_sym_tree_to_matheval(const ganstab_sym *s, size_t nscope, const char *const *names,
                                   ganstab_sym_constants *k);

/* Turn a tree parsed by ganstab_sym_parse_any into one over scope: a name of the scope becomes
 * its index, a libmatheval constant its value, and _cK the variable scope->n + K (its value
 * k->value[K] then goes after the scope's in the evaluation's variables) or, with
 * constants_as_numbers, the number k->value[K] (for printing: as variables they keep the zeros
 * of user numbers apart from the symbolic zeros of libmatheval's rules, which the exact
 * simplifier removes). GANSTAB_EINVAL for any other name. */
int ganstab_sym_resolve(ganstab_sym *s, const ganstab_sym_scope *scope,
                        const ganstab_sym_constants *k, int constants_as_numbers,
                        ganstab_error *err);

/* out = in simplified. Always by identities that are exact for finite operands: 0*a = a*0 =
 * 0/a = 0, a+0 = 0+a = a-0 = a, 0-a = -a, 1*a = a*1 = a/1 = a^1 = a, a^0 = 1, -(-a) = a, and
 * operations on two numbers folded (evaluated as the tree would be). libmatheval's derivatives
 * are full of 0*(...) terms: without this, a derivative that is identically 0 evaluates to
 * 0*inf = NaN where the discarded factor is infinite (d/dy sqrt(x) = 0/(2*sqrt(x)) at x = 0).
 * With `cosmetic`, also for reading: signs moved outward (-a*b, a-(-b) = a+b), numbers
 * first in products. Only the nodes reachable from the root are kept, in post-order. Returns
 * GANSTAB_OK or GANSTAB_ENOMEM. The identities are exact for libmatheval's output because every
 * user number reaches it as a variable (ganstab_sym_to_matheval): a literal 0 there is a
 * symbolic zero of its differentiation rules. */
int ganstab_sym_simplify(const ganstab_sym *in, int cosmetic, ganstab_sym *out);

/* ---- evaluation ------------------------------------------------------------------------- */

/* The value of the tree with variable i = vars[i] (IEEE arithmetic, non-finite allowed). */
double ganstab_sym_value(const ganstab_sym *s, const double *vars);

/* A value with first derivatives in two directions and the mixed second derivative:
 * v + d1 e1 + d2 e2 + d12 e1 e2 with e1^2 = e2^2 = 0 (hyper-dual numbers; Fike and Alonso
 * 2011). Seeding d1 with direction u and d2 with w gives d1 = Du f, d2 = Dw f, d12 = D2 f(u, w),
 * all exact to rounding: a second, independent differentiation of the formulas. */
typedef struct {
    double v, d1, d2, d12;
} ganstab_sym_dual;

/* Where an evaluation stopped being finite. */
typedef struct {
    int failed;
    size_t column;
    char what[160]; /* "division by zero", "log(-1) is not a real number", ... */
} ganstab_sym_failure;

/* The subtrees terms[0..count) summed with signs (terms NULL: the whole tree) in hyper-dual
 * arithmetic, variable i = vars[i]. The first (innermost) node whose result is not finite while
 * its operands are goes into *fail (may be NULL): the place a formula stops being finite. */
ganstab_sym_dual ganstab_sym_eval(const ganstab_sym *s, const int *terms, const int *signs,
                                  size_t count, const ganstab_sym_dual *vars,
                                  ganstab_sym_failure *fail);

/* ---- printing --------------------------------------------------------------------------- */

/* The tree printed with the fewest parentheses that keep its meaning (a^b^c = a^(b^c),
 * -a^b = -(a^b)), numbers with up to 10 significant digits; variable i as names[i] (names NULL:
 * the tree's own names). Malloc'ed; NULL when out of memory. */
char *ganstab_sym_print(const ganstab_sym *s, const char *const *names);

/* ---- libmatheval ------------------------------------------------------------------------ */

/* libmatheval's evaluator objects (void * in its API). Creating, differentiating, printing and
 * destroying them goes through these wrappers, which hold one process-wide lock: libmatheval's
 * parser communicates through global variables, so two threads must never be inside it at
 * once. ganstab evaluates the derivatives with its own evaluator (above), never with
 * libmatheval's. */
void *ganstab_sym_matheval_create(const char *text);
void *ganstab_sym_matheval_derivative(void *evaluator, const char *name);
void ganstab_sym_matheval_destroy(void *evaluator); /* accepts NULL */
/* libmatheval's text of the evaluator, malloc'ed (NULL when out of memory). */
char *ganstab_sym_matheval_string(void *evaluator);
/* How many texts libmatheval has parsed (ganstab_sym_matheval_create) in this process so far:
 * for tests that a study builds its game once, whatever its number of points. */
unsigned long ganstab_sym_matheval_create_count(void);
/* libmatheval's own evaluation (for tests that compare the two evaluators), under the lock. */
double ganstab_sym_matheval_eval(void *evaluator, size_t count, char **names, double *values);

#endif

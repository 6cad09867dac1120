/* Model expr, internal (expr.h): what the files of the model share. expr_spec.c checks and
 * parses a spec (no libmatheval), expr_compile.c turns the parsed formulas into libmatheval's
 * derivatives read back as exact evaluation trees over the quadrature groups, expr.c evaluates
 * them, finds the equilibrium and holds the public API, expr_formulas.c prints the formulas for
 * reports. Calls go formulas -> expr -> compile -> spec, never back. */
#ifndef GANSTAB_EXPR_INTERNAL_H
#define GANSTAB_EXPR_INTERNAL_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/expr.h"
#include "ganstab/model.h"
#include "ganstab/symbolic.h"

#define MAX_STATE GANSTAB_EXPR_MAX_STATE
#define MAX_DATA GANSTAB_EXPR_MAX_DATA
#define MAX_PARAMS GANSTAB_EXPR_MAX_PARAMS
#define MAX_SCOPE (MAX_STATE + MAX_DATA + MAX_PARAMS)
/* Sources: L and L_G of a payoff, or the n components of a field. */
#define MAX_SOURCES MAX_STATE
/* Term groups: one per distinct set of data variables used by a term. */
#define MAX_GROUPS (1 << MAX_DATA)
#define MAX_TERMS 256

typedef enum { DIST_UNIFORM = 0, DIST_NORMAL } dist_kind;

typedef struct {
    char name[GANSTAB_SYM_NAME_MAX];
    dist_kind kind;
    double a, b; /* uniform(a, b) or normal(mean a, standard deviation b) */
} data_var;

/* What a spec says, checked and parsed (no libmatheval yet). */
typedef struct {
    size_t n, n_g, m, P;
    char names[MAX_SCOPE][GANSTAB_SYM_NAME_MAX]; /* states, data, params */
    const char *scope_names[MAX_SCOPE];
    double param_values[MAX_PARAMS];
    data_var data[MAX_DATA];
    int payoff;
    size_t nsources;
    ganstab_sym source[MAX_SOURCES];
    const char *source_key[MAX_SOURCES]; /* "payoff", "generator_payoff", "field" */
    const char *source_where[MAX_SOURCES];
    size_t source_item[MAX_SOURCES]; /* field: the component's number (1-based), else 0 */
    int has_equilibrium;             /* equilibrium (else guess) */
    ganstab_sym point[MAX_STATE];    /* equilibrium or guess items, over the params */
    const char *point_key, *point_where;
} parsed_spec;

/* ---- the compiled model ----------------------------------------------------------------- */

typedef struct {
    ganstab_sym tree; /* exact-simplified; variables: states, data, params, constants */
    int zero;         /* identically 0: not evaluated */
} expr_fn;

typedef struct {
    unsigned mask; /* the data variables the group's terms use */
    size_t npoints;
    double *points; /* npoints x m: the data variables' values (unused ones 0) */
    double *weights;
    /* per source: the group's terms of it */
    int *terms[MAX_SOURCES], *signs[MAX_SOURCES];
    size_t nterms[MAX_SOURCES];
    expr_fn *v; /* n */
    expr_fn *J; /* n*n, row-major: J[i*n + j] = dv_i/dx_j */
    expr_fn *H; /* n*n*n: H[(i*n + j)*n + k] = d2 v_i/(dx_j dx_k); NULL without curvature */
} expr_group;

typedef struct {
    parsed_spec ps;
    size_t n, m, P, nvars; /* nvars = n + m + P + constants */
    ganstab_sym_constants k;
    const char *state_ptrs[MAX_STATE];
    double sign[MAX_STATE];
    size_t source_of[MAX_STATE]; /* the source whose derivatives give component i */
    ganstab_expr_dynamics dynamics;
    size_t ngroups;
    expr_group group[MAX_GROUPS];
    int has_curvature;
    unsigned char folded[MAX_SCOPE]; /* variables folded into constant exponents */
    double xstar[MAX_STATE];
    double start[MAX_STATE];
    ganstab_expr_eq_source eq_source;
    int iterations;
    double residual;
} expr_params;

/* ---- expr_spec.c ---------------------------------------------------------------------------- */

/* Check and parse every key of sp into ps (errors located at the key); the caller releases ps
 * with expr_parsed_free, also after a failure. */
int expr_parse_spec(const ganstab_expr_spec *sp, parsed_spec *ps, ganstab_error *err);
void expr_parsed_free(parsed_spec *ps);

/* ---- expr_compile.c ------------------------------------------------------------------------- */

/* The model's params (its ops' free). */
void expr_free_params(void *params);
/* The full variable vector of an evaluation: x, the data point, params, constants. */
void expr_fill_vars(const expr_params *p, const double *x, const double *data, double *vars);
/* The term groups of p's sources with their quadrature (nodes per data variable). */
int expr_build_groups(expr_params *p, size_t nodes, ganstab_error *err);
/* libmatheval derivatives of one group: v, J (and H) of the components whose source is s. */
int expr_differentiate(expr_params *p, expr_group *gr, size_t s, ganstab_error *err);

/* ---- expr.c --------------------------------------------------------------------------------- */

/* v (n, accumulated) and J (n-by-n column-major, accumulated; may be NULL) at x; a non-finite
 * value is located (err may be NULL). */
int expr_eval(const expr_params *p, const double *x, double *v, double *J, ganstab_error *err);

#endif

/* Model expr: a game or a dynamical system written as formulas (README, "Model expr"). A
 * payoff L(theta, psi) (the generator minimizes it, the discriminator maximizes it; optionally
 * a separate generator objective) or a vector field F(x) (a flow x' = F(x) or a map
 * x+ = F(x)), named parameters, expectations over declared data variables, and an equilibrium
 * given by formulas or found by Newton's method from a guess. libmatheval differentiates the
 * formulas (symbolic.h): the field from the payoff, the Jacobian from the field, and the
 * curvature the ConOpt and NK regularizers need. The model owns everything it allocates
 * (ganstab_model_free); a spec only points to strings its caller owns. */
#ifndef GANSTAB_EXPR_H
#define GANSTAB_EXPR_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/model.h"

/* Most state variables: the simulator's limit (GANSTAB_SIM_MAX_DIM), far above what fits in a
 * case-file line of formulas. */
#define GANSTAB_EXPR_MAX_STATE 16
/* Most data variables, parameters. */
#define GANSTAB_EXPR_MAX_DATA 4
#define GANSTAB_EXPR_MAX_PARAMS 32
/* Quadrature nodes per data variable: 64 Gauss-Legendre (uniform) or Gauss-Hermite (normal)
 * nodes, as the built-in lq2d model and the instance-noise expectation use; exact for
 * polynomial integrands of degree <= 127, which is what a GAN payoff's derivatives are at an
 * equilibrium where the discriminator vanishes. */
#define GANSTAB_EXPR_NODES_DEFAULT 64
#define GANSTAB_EXPR_NODES_MAX 64
/* Most quadrature points of one term (nodes^k for a term with k data variables): a term's
 * evaluation must stay a fraction of a second in a 1000-point parameter scan. */
#define GANSTAB_EXPR_POINTS_MAX 100000
/* Newton's method from a guess: GSL hybridsj with the symbolic Jacobian, at most this many
 * iterations; it stops when a step changes no component by more than
 * GANSTAB_EXPR_NEWTON_STEP_TOL relative (quadratic convergence reaches rounding level a step or
 * two after the residual first drops below GANSTAB_STATIONARY_TOL), and it has converged when
 * the residual is at most GANSTAB_STATIONARY_TOL (analysis.h). */
#define GANSTAB_EXPR_NEWTON_MAX_ITER 100
#define GANSTAB_EXPR_NEWTON_STEP_TOL 1e-15

typedef enum {
    GANSTAB_EXPR_FLOW = 0, /* x' = F(x) (and a payoff's game field) */
    GANSTAB_EXPR_MAP       /* x+ = F(x): analysed as the update x+ = x + v(x), v = F - x */
} ganstab_expr_dynamics;

/* One formula or list of the case: its text (NULL if the key is absent) and where it was given
 * ("FILE:LINE" or "--set model.KEY"), for messages "WHERE: key 'KEY': ... at column C". */
typedef struct {
    const char *text;
    const char *where;
} ganstab_expr_text;

typedef struct {
    const char *where; /* for messages about the model as a whole (the case file), or NULL */
    ganstab_expr_text generator, discriminator, state; /* comma-separated names */
    ganstab_expr_text payoff, generator_payoff;        /* formulas (a game) ... */
    ganstab_expr_text field;                           /* ... or ';'-separated formulas */
    ganstab_expr_text equilibrium, guess;              /* comma-separated formulas */
    ganstab_expr_text data;                            /* "x ~ uniform(A, B); z ~ normal(M, S)" */
    ganstab_expr_dynamics dynamics;
    size_t nodes; /* quadrature nodes per data variable (0: GANSTAB_EXPR_NODES_DEFAULT) */
    size_t nparams;
    const char *const *param_names; /* [params] NAME = VALUE */
    const double *param_values;
    /* a Newton start that replaces the guess (continuation along a parameter), or NULL */
    const double *start;
    /* also build the exact curvature op (third derivatives of a payoff; for conopt and nk) */
    int curvature;
} ganstab_expr_spec;

/* Check every key of the spec without building anything: names, formulas (syntax, names they
 * use), counts, data, equilibrium/guess. *n and *n_g (either may be NULL) receive the state
 * dimension and the number of generator components (a field over `state` has n_g = n).
 * Errors (GANSTAB_EINVAL) are located at the key: "WHERE: key 'payoff': unknown name 'x' at
 * column 7 (known: ...)". */
int ganstab_expr_check(const ganstab_expr_spec *sp, size_t *n, size_t *n_g, ganstab_error *err);

/* 1 if a formula of the spec (a payoff, field, equilibrium or guess) uses parameter `name`; 0
 * also when the spec does not check. */
int ganstab_expr_uses_param(const ganstab_expr_spec *sp, const char *name, ganstab_error *err);

/* Build the model: parse, differentiate with libmatheval, set up the quadrature, find the
 * equilibrium (formulas evaluated, or Newton from the guess; a Newton that does not converge
 * leaves the start as the analysed point, which the analysis then reports as not stationary).
 * A non-finite equilibrium formula is GANSTAB_ENUMERIC, located at its column. */
int ganstab_expr_alloc(const ganstab_expr_spec *sp, ganstab_model **out, ganstab_error *err);

/* ganstab_expr_alloc, except that an equilibrium formula that is not finite is no error: it
 * clears *point_ok (the model is built; ganstab_expr_update_equilibrium can try again after
 * the parameters change). */
int ganstab_expr_build(const ganstab_expr_spec *sp, ganstab_model **out, int *point_ok,
                       ganstab_error *err);

/* The equilibrium at the spec's parameters: x (n) and *found = 1, or *found = 0 where an
 * equilibrium formula is not finite or Newton does not converge (x then holds the start). For
 * parameter sweeps that follow a branch of equilibria (analysis.c). Errors in the formulas
 * themselves are returned as by ganstab_expr_alloc. */
int ganstab_expr_solve(const ganstab_expr_spec *sp, double *x, int *found, ganstab_error *err);

/* The model's own field v (n) and Jacobian J (n-by-n column-major, may be NULL) at any x,
 * without looking for the equilibrium (no regularizer: v = F - x for a map). */
int ganstab_expr_field_at(const ganstab_expr_spec *sp, const double *x, double *v, double *J,
                          ganstab_error *err);

/* Sweeps without rebuilding (building differentiates symbolically; evaluating is cheap):
 * parameter i (the spec's order) takes the value `value`. GANSTAB_EINVAL when the parameter went
 * into a constant exponent (libmatheval differentiates a^c by the power rule only for numbers
 * c, so the model holds the value): build the model again then. */
int ganstab_expr_set_param(ganstab_model *m, size_t i, double value, ganstab_error *err);
/* The equilibrium at the current parameters again: the formulas evaluated, or Newton from start
 * (NULL: the guess). *found = 0 where a formula is not finite or Newton does not converge. */
int ganstab_expr_update_equilibrium(ganstab_model *m, const double *start, int *found,
                                    ganstab_error *err);
/* The equilibrium at the current parameters exactly as ganstab_expr_alloc finds it for a spec
 * with these parameter values and `start` (NULL: the guess): the same operations from the same
 * start (never the previous point's solution), and the same GANSTAB_ENUMERIC, located at the
 * formula, where an equilibrium or guess formula is not finite. For studies that build the model
 * once (analysis.h, ganstab_analysis_ctx). */
int ganstab_expr_reset_equilibrium(ganstab_model *m, const double *start, ganstab_error *err);
/* The model's own field (no regularizer; a map's v = F - x) and Jacobian (may be NULL) at x. */
int ganstab_expr_raw_field(const ganstab_model *m, const double *x, double *v, double *J,
                           ganstab_error *err);

/* 1 if m is an expr model. */
int ganstab_expr_is(const ganstab_model *m);

/* How the model's equilibrium was obtained. */
typedef enum {
    GANSTAB_EXPR_EQ_GIVEN = 0,    /* [model] equilibrium, evaluated */
    GANSTAB_EXPR_EQ_NEWTON,       /* Newton from the guess converged */
    GANSTAB_EXPR_EQ_NEWTON_FAILED /* it did not: the start is the analysed point */
} ganstab_expr_eq_source;

typedef struct {
    ganstab_expr_eq_source source;
    int iterations;      /* Newton iterations */
    double residual;     /* |v(x*)| where Newton stopped */
    const double *start; /* the Newton start (n), owned by the model */
} ganstab_expr_eq_info;

/* Fills info for an expr model (GANSTAB_EINVAL for any other model). */
int ganstab_expr_equilibrium_info(const ganstab_model *m, ganstab_expr_eq_info *info,
                                  ganstab_error *err);

/* ---- formulas for reports --------------------------------------------------------------- */

typedef struct {
    size_t n, n_g;
    int payoff; /* 1: a game from a payoff; 0: a vector field */
    ganstab_expr_dynamics dynamics;
    char **state_names;          /* n */
    char *payoff_text;           /* as given (NULL for a field) */
    char *generator_payoff_text; /* as given, or NULL */
    char **field;                /* n: v_i (payoff: -dL/dtheta_i, +dL/dpsi_j) or F_i (field, map) */
    char **jacobian;             /* n*n row-major: dv_i/dx_j (map: dF_i/dx_j) */
    char *data_text;             /* the data variables as given, or NULL */
    int uses_f, uses_fns, uses_fw; /* the loss helpers the formulas use */
    /* Independent check: the same field and Jacobian at the analysed point by hyper-dual
       differentiation of the parsed formulas (no libmatheval), max |difference| and the
       largest |entry| it is relative to. */
    double ad_max_abs_diff;
    double ad_scale;
    /* how the equilibrium was obtained (ganstab_expr_eq_info), the start owned here (n) */
    ganstab_expr_eq_source eq_source;
    int eq_iterations;
    double eq_residual;
    double *eq_start;
} ganstab_expr_formulas;

/* The formulas of the spec's model, simplified for reading, and the hyper-dual check at x
 * (the analysed point, n entries). Free with ganstab_expr_formulas_free. */
int ganstab_expr_formulas_build(const ganstab_expr_spec *sp, const double *x,
                                ganstab_expr_formulas **out, ganstab_error *err);
void ganstab_expr_formulas_free(ganstab_expr_formulas *f); /* accepts NULL */

#endif

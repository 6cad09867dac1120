/* The analysis pipeline: case -> model field (+ regularizer) -> Jacobian at the equilibrium
 * (analytic, cross-checked by central differences) -> update operator -> eigenvalues ->
 * verdict. ganstab_analyze allocates the result; ganstab_result_free releases all of it. */
#ifndef GANSTAB_ANALYSIS_H
#define GANSTAB_ANALYSIS_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/classify.h"
#include "ganstab/critical.h"
#include "ganstab/eigen.h"
#include "ganstab/field.h"
#include "ganstab/game.h"
#include "ganstab/matrix.h"

/* Largest |v(x*)| for which x* counts as stationary. Fields here are O(1) near x* and exact to
 * ~1e-15 at x* (closed forms; quadrature that is exact for the polynomial integrands there); a
 * residual above 1e-10 is a real displacement of the equilibrium, not rounding. */
#define GANSTAB_STATIONARY_TOL 1e-10

/* Where the given equilibrium is not stationary, ganstab looks for the points that are: Newton
 * (GSL hybridsj with the analytic Jacobian) from a grid of starts in the box
 * x* +- GANSTAB_STATIONARY_SEARCH_RADIUS (11 points per axis for n <= 3, else a fixed
 * pseudo-random set of GANSTAB_STATIONARY_SEARCH_STARTS). Points closer than
 * GANSTAB_STATIONARY_MERGE are merged; points outside the box and points on (within
 * GANSTAB_KINK_RADIUS of) a penalty kink, where the field is not differentiable, are dropped. The
 * radius covers the O(1) scales of the models here (data at 0, gradient norms g0 ~ 1, penalties
 * gamma ~ 1). */
#define GANSTAB_STATIONARY_SEARCH_RADIUS 5.0
#define GANSTAB_STATIONARY_SEARCH_STARTS 2000
#define GANSTAB_STATIONARY_MERGE 1e-7
#define GANSTAB_STATIONARY_MAX 16

/* A singular value of J counts as zero when it is at most
 * GANSTAB_NULL_SPACE_RTOL * sigma_max(J): J of the models here is exact to ~n eps relative
 * (closed forms, quadrature exact for the polynomial integrands at x*), while the nonzero
 * singular values of the LQ-GAN Jacobians for well-conditioned data covariances are >= 1e-3
 * sigma_max; 1e-10 sits between with margins of four orders or more. The same bound, relative
 * to sigma_max, decides that J t = 0 for a tangent vector t of unit length. */
#define GANSTAB_NULL_SPACE_RTOL 1e-10

typedef struct {
    double *point;                   /* n */
    double residual;                 /* |v(point)| */
    ganstab_eigenvalue *eigenvalues; /* n_op, the deciding spectrum there */
    ganstab_verdict verdict;
} ganstab_stationary_point;

typedef struct {
    size_t n, n_g, n_d;
    const char *const *state_names; /* n names, owned (names_owned) */
    const char **names_owned;       /* ganstab_model_names_copy: one allocation */
    double *equilibrium;            /* n */
    double residual;                /* |v(x*)|_2 */
    ganstab_matrix *jacobian;       /* analytic J = dv/dx at x* */
    ganstab_matrix *jacobian_fd;    /* central-difference J */
    double jacobian_max_abs_diff;   /* max |J - J_fd| */
    int jacobian_agrees;            /* max_abs_diff <= GANSTAB_FD_TOL */
    /* The finite-difference check needs the field near x*; where the model cannot evaluate it
       there the check is skipped (jacobian_fd is then zero and jacobian_agrees 0) and
       jacobian_check_reason (static storage) says why. */
    int jacobian_check_skipped;
    const char *jacobian_check_reason;
    /* Equilibrium manifold (models with a tangent op): its dimension at x*, the numerical
       null-space dimension of J (singular values <= GANSTAB_NULL_SPACE_RTOL sigma_max), and
       max |J t| / sigma_max over an orthonormal tangent basis t. When manifold_dim > 0 the
       verdict is decided transversally: with C an orthonormal basis of the complement of the
       tangent space T, J T = 0 (and A T = T for every update operator A = I + ... J) makes the
       operator block-triangular in the basis [T, C], so the spectrum off T is that of C^T J C
       (C^T A C). */
    size_t manifold_dim;
    size_t null_space_dim;
    double tangent_residual;
    int null_space_matches; /* null_space_dim == manifold_dim and J T = 0 within the bound */
    size_t n_transversal;   /* n - manifold_dim */
    /* The update operator acts on n_op = m n numbers, m the memory of the update rule (update.h:
       2 for optimistic and momentum, 3 for complex momentum, else 1); its manifold of fixed points
       is the equilibrium manifold lifted (ganstab_update_lift), of the same dimension. */
    size_t n_op;
    size_t n_op_transversal;                           /* n_op - manifold_dim */
    ganstab_eigenvalue *transversal_field_eigenvalues; /* of C^T J C; NULL if manifold_dim = 0 */
    ganstab_eigenvalue *transversal_eigenvalues; /* deciding, n_op_transversal: of C^T J C (flow)
                                                    or C^T A C (C for the lifted manifold) */
    ganstab_eigenvalue *field_eigenvalues;       /* n, of J */
    ganstab_matrix *op;                          /* update operator (n_op); NULL for flow */
    ganstab_eigenvalue *eigenvalues; /* n_op, the deciding spectrum: of J (flow) or of op */
    double spectral_abscissa;        /* max Re of the field eigenvalues (transversal if manifold) */
    double spectral_radius; /* max |.| of op eigenvalues (transversal if manifold); NAN flow */
    ganstab_dynamics dynamics;
    ganstab_scheme scheme; /* the update rule (names the augmented state's blocks) */
    int kink;              /* the field is not differentiable at x* (one-sided J) */
    /* when not stationary: the stationary points found in the search box (may be none) */
    size_t n_stationary;
    ganstab_stationary_point *stationary;
    /* Newton runs that ended where the field vanishes on a whole neighbourhood (the model's
       tangent op returns the full dimension there): counted, not listed */
    size_t n_dead_stationary;
    ganstab_verdict verdict;
    size_t decisive; /* index into eigenvalues (transversal_eigenvalues if manifold_dim > 0) */
    double tol;
} ganstab_result;

/* The analysis of a built game (game.h) under update rule u, without any case: the equilibrium
 * the model gives, J there (analytic, checked by central differences where the model can evaluate
 * its field nearby), the update operator, the eigenvalues with their error bounds, the verdict at
 * tolerance tol (GANSTAB_DEFAULT_TOL), and where x* is not stationary the stationary points found
 * nearby. u is taken as given: check it first (ganstab_update_check). *out owned by the caller
 * (ganstab_result_free). */
int ganstab_analyze_game(const ganstab_game *g, const ganstab_update *u, double tol,
                         ganstab_result **out, ganstab_error *err);

/* ganstab_analyze_game of the game spec describes (built and released here). */
int ganstab_analyze_spec(const ganstab_game_spec *spec, const ganstab_update *u, double tol,
                         ganstab_result **out, ganstab_error *err);

/* The same analysis of a linearization given as a matrix: J (n-by-n, column-major, copied) is the
 * Jacobian of a game's field at its equilibrium, the first n_g components the generator's (0 when
 * the update rule does not separate the players). The field analysed is v(x) = J x. */
int ganstab_analyze_jacobian(const double *J, size_t n, size_t n_g, const ganstab_update *u,
                             double tol, ganstab_result **out, ganstab_error *err);

/* The critical values of parameter `param` in [from, to] for game spec under update u: where the
 * verdict changes (ganstab_crossings_find, critical.h), at tolerance tol with `scan` intervals (0:
 * GANSTAB_CROSSING_DEFAULT_SCAN). `param` is named as in a case file: regularizer.gamma, .sigma,
 * .g0, .eta; update.h, .hg, .hd, .he, .beta, .beta_im, .alpha, .lambda, .gamma; params.NAME of a
 * model expr. The game is built once; only the parameter changes. *out (count entries) owned by
 * the caller (free). */
int ganstab_critical_spec(const ganstab_game_spec *spec, const ganstab_update *u, const char *param,
                          double from, double to, double tol, size_t scan, ganstab_crossing **out,
                          size_t *count, ganstab_error *err);

/* The case's analysis: ganstab_case_validate, then ganstab_analyze_game of the case's game and
 * update rule; numerical failures are located at the case file. */
int ganstab_analyze(const ganstab_case *c, double tol, ganstab_result **out, ganstab_error *err);
void ganstab_result_free(ganstab_result *r); /* accepts NULL */

/* The size of the deciding spectrum of game g under u: the augmented state's dimension (update.h)
 * less the dimension of the equilibrium manifold through x*, if the model has one. */
int ganstab_game_spectrum_size(const ganstab_game *g, const ganstab_update *u, size_t *size);

/* The deciding spectrum of g under u at g's equilibrium (ganstab_game_spectrum_size entries into
 * ev; x* into xstar_out if not NULL). With `refuse`, an equilibrium that is not stationary is an
 * error; otherwise *stationary (may be NULL) says whether it is, ev is only filled at a
 * stationary point, and *residual (may be NULL) receives |v(x*)|. */
int ganstab_game_spectrum(const ganstab_game *g, const ganstab_update *u, int refuse,
                          ganstab_eigenvalue *ev, double *xstar_out, double *residual,
                          int *stationary, ganstab_error *err);

/* The number of eigenvalues that decide the verdict: the state dimension, or for a model whose
 * equilibria form a manifold through x* the state dimension less the manifold's. */
int ganstab_analysis_spectrum_size(const ganstab_case *c, size_t *size, ganstab_error *err);

/* Only the deciding spectrum (no finite-difference check): for parameter sweeps. ev has
 * ganstab_analysis_spectrum_size() entries: the eigenvalues of J (flow) or of the update operator
 * A, or with an equilibrium manifold those of C^T J C (C^T A C) as in ganstab_analyze. Refused
 * (GANSTAB_EINVAL) where x* is not stationary, or where the manifold's tangent space T is not in
 * the null space of J (|J t| > GANSTAB_NULL_SPACE_RTOL ||J||_F for a unit tangent t). */
int ganstab_analysis_spectrum(const ganstab_case *c, ganstab_eigenvalue *ev, ganstab_error *err);
/* The same, and the equilibrium it was taken at into xstar (state dimension entries): for sweeps
 * that follow a branch of equilibria of model expr (set the case's expr_start to it). */
int ganstab_analysis_spectrum_at(const ganstab_case *c, ganstab_eigenvalue *ev, double *xstar,
                                 ganstab_error *err);

/* The deciding spectrum where x* may not be stationary (sweeps and maps record such points
 * instead of failing): *residual = |v(x*)|_2, *stationary = residual <= GANSTAB_STATIONARY_TOL, and
 * only at a stationary point is ev (ganstab_analysis_spectrum_size() entries) filled. */
int ganstab_analysis_point(const ganstab_case *c, ganstab_eigenvalue *ev, double *residual,
                           int *stationary, ganstab_error *err);

/* |v(x*)|_2 alone (no Jacobian, no eigenvalues). */
int ganstab_analysis_residual(const ganstab_case *c, double *residual, ganstab_error *err);

/* Every crossing of the case's deciding spectrum as parameter `key` runs over (from, to). For
 * model expr the sweep follows the branch of equilibria by natural continuation (Newton starts
 * at the solution of the nearest scan point), and where the branch ends inside the range it
 * locates the fold on the extended system (v = 0, det J = 0) and reports it as a crossing of
 * type fold, with the verdict not-stationary on the side without equilibrium. */
int ganstab_analysis_crossings(const ganstab_case *c, ganstab_case_key key, double from, double to,
                               double tol, size_t scan, ganstab_crossing **out, size_t *count,
                               ganstab_error *err);

/* A closed parameter interval. */
typedef struct {
    double lo, hi;
} ganstab_interval;

/* The same where x* stops being stationary in part of [from, to]: the scan grid (scan
 * intervals; 0: GANSTAB_CROSSING_DEFAULT_SCAN) is classified by the residual alone, the edges of
 * every stationary run are bisected to GANSTAB_CROSSING_REL_WIDTH, crossings are searched on each
 * stationary run (a crossing at an edge counts as one at the end of a parameter's domain,
 * critical.h), and the runs where x* is not stationary are returned in *gaps (malloc'ed, NULL
 * when *ngaps == 0; each from the last stationary point before it to the first after it, or to the
 * range's end). A stationary stretch narrower than a scan interval may be missed. */
int ganstab_analysis_crossings_gaps(const ganstab_case *c, ganstab_case_key key, double from,
                                    double to, double tol, size_t scan, ganstab_crossing **out,
                                    size_t *count, ganstab_interval **gaps, size_t *ngaps,
                                    ganstab_error *err);

/* ---- study contexts ---------------------------------------------------------------------
 * A sweep, map, optimization, comparison or crossing search evaluates one case at many values of
 * its parameters. A context builds the case's game (model + regularizer) once, at its first
 * point, and then changes only what a value changes: an [update] key leaves the game alone, a
 * regularizer key initialises the regularizer again, an expr [params] value is set as a variable
 * of the compiled formulas (ganstab_expr_set_param) and the equilibrium found again exactly as a
 * fresh build finds it (from the case's guess or start, never from the previous point), and any
 * other key builds the model again. Every result is bit for bit what the same call on a freshly
 * built game gives (ganstab_analysis_point etc. on the case with that value). A context is not
 * shared between threads: a parallel loop gives each thread its own. It owns a copy of the case;
 * free it with ganstab_analysis_ctx_free. */
typedef struct ganstab_analysis_ctx ganstab_analysis_ctx;

int ganstab_analysis_ctx_alloc(const ganstab_case *c, ganstab_analysis_ctx **out,
                               ganstab_error *err);
void ganstab_analysis_ctx_free(ganstab_analysis_ctx *ctx); /* accepts NULL */
/* The case at the context's current values (owned by the context). */
const ganstab_case *ganstab_analysis_ctx_case(const ganstab_analysis_ctx *ctx);
/* How many times the context has built its game (a test hook: 1 for a whole study, more only
 * where a model key other than an expr parameter changed). */
size_t ganstab_analysis_ctx_builds(const ganstab_analysis_ctx *ctx);
/* The context's case becomes c, which differs from it only in [update] keys (compare's
 * optimizers on one game): the game stays. */
int ganstab_analysis_ctx_rebase(ganstab_analysis_ctx *ctx, const ganstab_case *c);
/* Parameter `key` takes `value` (checked as ganstab_case_param_set; where names it in errors). */
int ganstab_analysis_ctx_set(ganstab_analysis_ctx *ctx, ganstab_case_key key, double value,
                             const char *where, ganstab_error *err);
/* ganstab_analysis_spectrum_size, _spectrum_at, _point and _residual at the current values. */
int ganstab_analysis_ctx_spectrum_size(ganstab_analysis_ctx *ctx, size_t *size, ganstab_error *err);
int ganstab_analysis_ctx_spectrum(ganstab_analysis_ctx *ctx, ganstab_eigenvalue *ev, double *xstar,
                                  ganstab_error *err);
int ganstab_analysis_ctx_point(ganstab_analysis_ctx *ctx, ganstab_eigenvalue *ev, double *residual,
                               int *stationary, ganstab_error *err);
int ganstab_analysis_ctx_residual(ganstab_analysis_ctx *ctx, double *residual, ganstab_error *err);
/* ganstab_analysis_crossings and _crossings_gaps from the current values; `key` has its value
 * from before the call again afterwards. */
int ganstab_analysis_ctx_crossings(ganstab_analysis_ctx *ctx, ganstab_case_key key, double from,
                                   double to, double tol, size_t scan, ganstab_crossing **out,
                                   size_t *count, ganstab_error *err);
int ganstab_analysis_ctx_crossings_gaps(ganstab_analysis_ctx *ctx, ganstab_case_key key,
                                        double from, double to, double tol, size_t scan,
                                        ganstab_crossing **out, size_t *count,
                                        ganstab_interval **gaps, size_t *ngaps, ganstab_error *err);

#endif

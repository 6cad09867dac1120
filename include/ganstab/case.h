/* A case: one fully validated analysis configuration (model, loss, regularizer, update rule,
 * optional critical-value sweep), independent of the file format it came from. Every value
 * remembers where it was set ("FILE:LINE" or "--set SECTION.KEY") so errors point there.
 * Plain struct: no pointers, copy freely. */
#ifndef GANSTAB_CASE_H
#define GANSTAB_CASE_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/expr.h"
#include "ganstab/game.h"
#include "ganstab/lq.h"
#include "ganstab/model.h"
#include "ganstab/regularizer.h"
#include "ganstab/symbolic.h"
#include "ganstab/update.h"

/* Every key a case can hold; SECTION.KEY names in ganstab_case_key_name. */
typedef enum {
    GANSTAB_KEY_CASE_TITLE = 0,
    GANSTAB_KEY_CASE_MODEL,
    GANSTAB_KEY_CASE_LOSS,
    GANSTAB_KEY_REG_KIND,
    GANSTAB_KEY_REG_GAMMA,
    GANSTAB_KEY_REG_SIGMA,
    GANSTAB_KEY_REG_G0,
    GANSTAB_KEY_REG_CLIP,
    GANSTAB_KEY_REG_ETA,
    GANSTAB_KEY_UPDATE_SCHEME,
    GANSTAB_KEY_UPDATE_H,
    GANSTAB_KEY_UPDATE_HG,
    GANSTAB_KEY_UPDATE_HD,
    GANSTAB_KEY_UPDATE_NG,
    GANSTAB_KEY_UPDATE_ND,
    GANSTAB_KEY_UPDATE_ORDER,
    GANSTAB_KEY_CRITICAL_PARAM,
    GANSTAB_KEY_CRITICAL_FROM,
    GANSTAB_KEY_CRITICAL_TO,
    GANSTAB_KEY_CRITICAL_SCAN,
    GANSTAB_KEY_TABLE1_METHOD,
    GANSTAB_KEY_TABLE1_PAPER,
    GANSTAB_KEY_TABLE1_PAPER_AC,
    GANSTAB_KEY_TABLE1_H,
    GANSTAB_KEY_TABLE1_STEPS,
    GANSTAB_KEY_TABLE1_NOTE,
    GANSTAB_KEY_MODEL_DIM, /* [model] keys of model lq */
    GANSTAB_KEY_MODEL_MEAN,
    GANSTAB_KEY_MODEL_COV,
    GANSTAB_KEY_MODEL_MU_STAR, /* [model] keys of model gmm */
    GANSTAB_KEY_MODEL_DISC,
    GANSTAB_KEY_MODEL_MODE_COLLAPSE,
    GANSTAB_KEY_UPDATE_UNROLL,
    GANSTAB_KEY_SIMULATE_SCHEME, /* [simulate]: the run `ganstab report` shows for this case */
    GANSTAB_KEY_SIMULATE_INIT,
    GANSTAB_KEY_SIMULATE_STEPS,
    GANSTAB_KEY_SIMULATE_T_END,
    GANSTAB_KEY_SIMULATE_EXPECT,
    GANSTAB_KEY_PLACEMENTS_L1, /* [placements] of model gmm: the stability map's grid */
    GANSTAB_KEY_PLACEMENTS_L2,
    GANSTAB_KEY_MODEL_GENERATOR, /* [model] keys of model expr (expr.h); the texts first */
    GANSTAB_KEY_MODEL_DISCRIMINATOR,
    GANSTAB_KEY_MODEL_STATE,
    GANSTAB_KEY_MODEL_PAYOFF,
    GANSTAB_KEY_MODEL_GENERATOR_PAYOFF,
    GANSTAB_KEY_MODEL_FIELD,
    GANSTAB_KEY_MODEL_EQUILIBRIUM,
    GANSTAB_KEY_MODEL_GUESS,
    GANSTAB_KEY_MODEL_DATA,
    GANSTAB_KEY_MODEL_DYNAMICS,
    GANSTAB_KEY_MODEL_NODES,
    GANSTAB_KEY_CRITICAL_EXPECT,  /* [critical] expect: the case author's predicted crossings */
    GANSTAB_KEY_HEATMAP_DYNAMICS, /* [heatmap] of model gmm: Li et al. Figure 2 in the report */
    GANSTAB_KEY_HEATMAP_GRID,
    GANSTAB_KEY_HEATMAP_INITS,
    GANSTAB_KEY_HEATMAP_ITERS,
    GANSTAB_KEY_HEATMAP_STEP,
    GANSTAB_KEY_HEATMAP_SEED,
    GANSTAB_KEY_SWEEP_PARAM, /* [sweep], [map], [optimize]: parameter studies (study.h) */
    GANSTAB_KEY_SWEEP_FROM,
    GANSTAB_KEY_SWEEP_TO,
    GANSTAB_KEY_SWEEP_STEPS,
    GANSTAB_KEY_MAP_X,
    GANSTAB_KEY_MAP_Y,
    GANSTAB_KEY_MAP_SCAN,
    GANSTAB_KEY_OPTIMIZE_PARAM,
    GANSTAB_KEY_OPTIMIZE_FROM,
    GANSTAB_KEY_OPTIMIZE_TO,
    GANSTAB_KEY_OPTIMIZE_SCAN,
    GANSTAB_KEY_PLOT_FIGURE, /* [plot]: how the report's figures show the case (plot.h) */
    GANSTAB_KEY_PLOT_AXES,
    GANSTAB_KEY_PLOT_WINDOW,
    GANSTAB_KEY_UPDATE_HE, /* [update] keys of the optimizers of games (update.h) */
    GANSTAB_KEY_UPDATE_BETA,
    GANSTAB_KEY_UPDATE_BETA_IM,
    GANSTAB_KEY_UPDATE_VARIANT,
    GANSTAB_KEY_UPDATE_BASE,
    GANSTAB_KEY_UPDATE_K,
    GANSTAB_KEY_UPDATE_ALPHA,
    GANSTAB_KEY_UPDATE_LAMBDA,
    GANSTAB_KEY_UPDATE_GAMMA,
    GANSTAB_KEY_COMPARE_OPTIMIZER, /* [compare]: the optimizer comparison of the report */
    GANSTAB_KEY_COMPARE_FROM,
    GANSTAB_KEY_COMPARE_TO,
    GANSTAB_KEY_MODEL_JACOBIAN, /* [model] keys of model matrix (matrix_game.h) */
    GANSTAB_KEY_MODEL_GENERATOR_DIM,
    GANSTAB_CASE_NKEYS,
    /* [params] NAME of model expr: GANSTAB_KEY_PARAM_FIRST + the parameter's index in the case
       (ganstab_case_param_name gives "params.NAME") */
    GANSTAB_KEY_PARAM_FIRST = 1000,
    GANSTAB_KEY_PARAM_LAST = GANSTAB_KEY_PARAM_FIRST + GANSTAB_EXPR_MAX_PARAMS - 1
} ganstab_case_key;

/* The [model] texts of model expr, GANSTAB_KEY_MODEL_GENERATOR ... GANSTAB_KEY_MODEL_DATA. */
#define GANSTAB_CASE_EXPR_TEXTS (GANSTAB_KEY_MODEL_DATA - GANSTAB_KEY_MODEL_GENERATOR + 1)

#define GANSTAB_CASE_WHERE_MAX 320
/* Longest parameter name a study section holds ("regularizer.gamma" and the like). */
#define GANSTAB_CASE_PARAM_NAME_MAX 64
#define GANSTAB_CASE_TEXT_MAX 256
/* Longest state name [plot] axes accepts (the models' names are a few characters). */
#define GANSTAB_CASE_NAME_MAX 32
/* ng, nd above this are refused: the operator is a product of ng + nd matrices and the
 * classification tolerance assumes "a few dozen" factors (classify.h). */
#define GANSTAB_CASE_MAX_SUBSTEPS 1000
/* Mode collapse of the GMM-GAN: |mu_hat_1 - mu_hat_2| below this (model.mode_collapse). The
 * generator's two unit-variance components then overlap so closely (TV distance between them
 * ~ 0.4 * 0.05 = 0.02) that the generator is effectively a single Gaussian. */
#define GANSTAB_GMM_MODE_COLLAPSE_DEFAULT 0.05
/* Unrolled discriminator steps of update.scheme = unrolled (Metz et al. 2017; Li et al. 2018,
 * Sec. 5, use 5). */
#define GANSTAB_UNROLL_DEFAULT 5
/* Most crossings [critical] expect lists. */
#define GANSTAB_CASE_EXPECT_MAX 8
/* Most numbers [simulate] init holds (GANSTAB_SIM_MAX_DIM of simulate.h). */
#define GANSTAB_CASE_SIM_INIT_MAX 16
/* Most steps [simulate] steps may ask for (GANSTAB_SIM_MAX_STEPS of simulate.h). */
#define GANSTAB_CASE_SIM_STEPS_MAX 100000000
/* Behaviours of a GMM-GAN run a case can expect ([simulate] expect), detected by
 * ganstab_sim_summarize (simulate.h) as Li et al. 2018 describe them (Figures 1 and 3). */
typedef enum {
    GANSTAB_BEHAVIOUR_CONVERGES = 0,       /* final TV below GANSTAB_GMM_TV_SUCCESS, modes apart */
    GANSTAB_BEHAVIOUR_MODE_COLLAPSE,       /* ends with |mu_hat_1 - mu_hat_2| < mode_collapse */
    GANSTAB_BEHAVIOUR_DISC_COLLAPSE,       /* a discriminator interval collapsed */
    GANSTAB_BEHAVIOUR_VANISHING_GRADIENTS, /* the generator stalls away from the data */
    GANSTAB_BEHAVIOUR_OSCILLATION,         /* the generator's means swing back and forth */
    GANSTAB_BEHAVIOUR_COUNT
} ganstab_behaviour;
/* "converges", "mode-collapse", "discriminator-collapse", "vanishing-gradients",
 * "oscillation" (static storage). */
const char *ganstab_behaviour_name(ganstab_behaviour b);
/* How [model] cov of model lq was given. */
typedef enum {
    GANSTAB_LQ_COV_IDENTITY = 0, /* identity (default) */
    GANSTAB_LQ_COV_DIAG,         /* diag v1 ... vd */
    GANSTAB_LQ_COV_RANDOM,       /* random SEED: ganstab_case_lq_covariance */
    GANSTAB_LQ_COV_EXPLICIT      /* d^2 numbers, row-major */
} ganstab_lq_cov_kind;

typedef struct {
    char file[GANSTAB_CASE_WHERE_MAX]; /* path of the case file, "" if none */
    char title[GANSTAB_CASE_TEXT_MAX];
    ganstab_model_kind model;
    ganstab_loss loss;
    ganstab_regularizer_kind reg_kind;
    double gamma, sigma;
    double g0;   /* wgan-gp, dragan target gradient norm (default 1) */
    double eta;  /* nk: Nagarajan-Kolter generator regularizer weight */
    double clip; /* WGAN weight clipping |psi| <= clip in simulations; 0 = none */
    ganstab_update update;
    int variant_choice; /* update.variant as given: 0 simultaneous, 1 alternating, 2 plain,
                           3 aligned (plain and simultaneous are both the default variant) */
    /* [critical]: the sweep `ganstab report` runs for this case (optional) */
    int has_critical;
    ganstab_case_key critical_param;
    double critical_from, critical_to;
    size_t critical_scan;
    /* [table1]: this case is a row of Mescheder et al. 2018's Table 1 (optional) */
    int has_table1;
    char table1_method[GANSTAB_CASE_TEXT_MAX]; /* row label, e.g. "WGAN-GP" */
    int table1_paper;    /* the paper's mark in the general-case column: 1 converges, 0 not */
    int table1_paper_ac; /* the absolutely-continuous column: 1, 0, or -1 if not given */
    double table1_h;     /* small step size for the simgd/altgd checks (default 0.01) */
    size_t table1_steps; /* altgd steps of the simulation (default 20000) */
    char table1_note[GANSTAB_CASE_TEXT_MAX]; /* explanation shown in the row ("" if none) */
    /* [model] of model lq: data N(mean, cov) in R^dim. The numbers are stored as parsed; their
       count and (for cov) symmetry and positive definiteness are checked by
       ganstab_case_validate once dim is known. */
    size_t lq_dim;                                          /* default 1 */
    size_t lq_mean_count;                                   /* numbers given in mean */
    double lq_mean[GANSTAB_LQ_MAX_DIM];                     /* default 0 */
    ganstab_lq_cov_kind lq_cov_kind;                        /* default identity */
    size_t lq_cov_count;                                    /* numbers given (diag, explicit) */
    double lq_cov[GANSTAB_LQ_MAX_DIM * GANSTAB_LQ_MAX_DIM]; /* diag values or row-major matrix */
    unsigned long lq_cov_seed;                              /* random SEED */
    char lq_mean_text[GANSTAB_CASE_TEXT_MAX];               /* as given, for reports */
    char lq_cov_text[GANSTAB_CASE_TEXT_MAX];                /* (truncated with "...") */
    /* [model] of model gmm (Li et al. 2018): true means mu_star, the discriminator intervals
       disc = (l1, r1, l2, r2) of the analysed point (mu_hat = mu_star), and the distance
       |mu_hat_1 - mu_hat_2| below which a simulation reports mode collapse. */
    double gmm_mu_star[2];
    double gmm_disc[4];
    double gmm_mode_collapse; /* default GANSTAB_GMM_MODE_COLLAPSE_DEFAULT */
    unsigned unroll;          /* update.unroll: unrolled discriminator steps (default 5) */
    /* [simulate] (optional): a run of the nonlinear dynamics for the report, with the scheme
       (default: update.scheme), the start (state order; default: as ganstab_simulate), the
       number of steps (required), the horizon of a flow, and the behaviours the paper describes
       for it (model gmm: a mask of (1u << ganstab_behaviour), simulate.h) */
    int has_simulate;
    ganstab_scheme sim_scheme;
    size_t sim_init_count;
    double sim_init[GANSTAB_CASE_SIM_INIT_MAX];
    size_t sim_steps;
    double sim_t_end;
    unsigned sim_expect;
    /* [placements] (optional, model gmm): the grid of left endpoints l1, l2 (from, to, count)
       over which the report maps the stationary discriminator placements and their stability
       (gmm_map.h) */
    int has_placements;
    double placements_l1[3], placements_l2[3];
    /* [heatmap] (optional, model gmm): success heatmaps (gmm_heatmap.h) that `ganstab report`
       computes and shows, one per dynamics in the mask (1u << ganstab_gmm_dynamics; default all
       three), with grid, starts, steps, step size and seed (defaults: the paper's 41, 120, 3000,
       0.3 and seed 1) */
    int has_heatmap;
    unsigned heatmap_dynamics;
    size_t heatmap_grid, heatmap_inits, heatmap_iters;
    double heatmap_step;
    unsigned long long heatmap_seed;
    /* [model] of model expr: the texts as given ("" where absent), indexed by key -
       GANSTAB_KEY_MODEL_GENERATOR; the dynamics of a field; quadrature nodes per data variable */
    char expr_text[GANSTAB_CASE_EXPR_TEXTS][GANSTAB_CASE_TEXT_MAX];
    ganstab_expr_dynamics expr_dynamics;
    size_t expr_nodes;
    /* [params] of model expr: named numbers the formulas use, sweepable as params.NAME */
    size_t n_params;
    struct {
        char name[GANSTAB_SYM_NAME_MAX];
        char key[GANSTAB_SYM_NAME_MAX + 8]; /* "params.NAME" */
        double value;
        char where[GANSTAB_CASE_WHERE_MAX];
    } params[GANSTAB_EXPR_MAX_PARAMS];
    /* [critical] expect = TYPE: FORMULA; ...: crossings the case's author derived (a type of
       critical.h and a formula in the parameters), checked as claims of the sweep */
    size_t n_expect;
    struct {
        int type; /* ganstab_crossing_type */
        char formula[GANSTAB_CASE_TEXT_MAX];
        char statement[GANSTAB_CASE_TEXT_MAX + 64];
    } expect[GANSTAB_CASE_EXPECT_MAX];
    /* critical.param = params.NAME given before [params] declares NAME: resolved when it does */
    char critical_param_pending[GANSTAB_SYM_NAME_MAX + 8];
    /* A Newton start replacing model.guess: set by parameter sweeps (natural continuation, each
       scan point starting from the previous one's equilibrium), never by the user. */
    int expr_start_given;
    double expr_start[GANSTAB_EXPR_MAX_STATE];
    /* [sweep], [map], [optimize] (optional): the parameter studies `ganstab report` runs
       (study.h). Parameter names are kept as text and resolved by ganstab_case_validate
       (ganstab_case_param_lookup), so they follow whatever parameters the case has. */
    int has_sweep, has_map, has_optimize;
    char sweep_param[GANSTAB_CASE_PARAM_NAME_MAX];
    double sweep_from, sweep_to;
    size_t sweep_steps;
    char map_param[2][GANSTAB_CASE_PARAM_NAME_MAX]; /* x, y */
    double map_from[2], map_to[2];
    size_t map_count[2];
    size_t map_scan; /* 0: GANSTAB_MAP_DEFAULT_SCAN */
    char optimize_param[GANSTAB_CASE_PARAM_NAME_MAX];
    double optimize_from, optimize_to; /* given together or not at all */
    size_t optimize_scan;              /* 0: GANSTAB_OPTIMIZE_DEFAULT_SCAN */
    /* [plot] (optional): the paper's figure this case reproduces (reports/index.md lists it), and
       the phase portrait's axes (two state names: x, then y; validated against the model's) and
       window (xmin, xmax, ymin, ymax in the axes' order) */
    int has_plot;
    /* [compare] (optional): the optimizers `ganstab report` and `ganstab compare` compare on this
       case's game (compare.h), one per `optimizer = SPEC` line (the one key that may repeat), and
       the h range (defaults GANSTAB_COMPARE_DEFAULT_FROM, _TO) */
    int has_compare;
    size_t n_compare;
    char compare_spec[32][GANSTAB_CASE_TEXT_MAX];
    char compare_where[32][GANSTAB_CASE_WHERE_MAX];
    double compare_from, compare_to;
    /* [model] of model matrix: the Jacobian's file as given (for reports) and resolved against
       the case file's directory (read by ganstab_case_validate and ganstab_game_init), and the
       generator's component count (0: not given, no players) */
    char matrix_file[GANSTAB_CASE_TEXT_MAX];
    char matrix_path[GANSTAB_CASE_WHERE_MAX + GANSTAB_CASE_TEXT_MAX];
    size_t matrix_generator_dim;
    char plot_figure[GANSTAB_CASE_TEXT_MAX];
    char plot_axes[2][GANSTAB_CASE_NAME_MAX];
    double plot_window[4];
    unsigned char set[GANSTAB_CASE_NKEYS];                  /* 1 if given by the user */
    char where[GANSTAB_CASE_NKEYS][GANSTAB_CASE_WHERE_MAX]; /* where it was given */
} ganstab_case;

/* The covariance of model lq's data (dim-by-dim, column-major = row-major: symmetric) from the
 * case's cov key. `random SEED` is B B^T / d + I with B's entries uniform in [-1, 1) from the
 * 64-bit LCG x <- 6364136223846793005 x + 1442695040888963407 (Knuth's MMIX constants) seeded
 * with SEED: symmetric positive definite with eigenvalues in [1, 1 + d], so well conditioned.
 * Fails (GANSTAB_EINVAL at cov's location) if the matrix is not symmetric positive definite or
 * the count does not match dim. */
int ganstab_case_lq_covariance(const ganstab_case *c, double *cov, ganstab_error *err);

/* Defaults: title "", loss standard, regularizer none, g0 = 1, no clipping, scheme flow,
 * ng = nd = 1, gen-first. */
void ganstab_case_init(ganstab_case *c, const char *file);

/* Longest accepted case-file line (inih's fixed buffer is 200 bytes; longer lines are an
 * error at their line, never silently split). */
#define GANSTAB_CASE_LINE_MAX 199

/* Read and validate a case file: ganstab_case_init, ganstab_case_set for every key (location
 * "PATH:LINE"), unknown sections and duplicate keys rejected at their line. Does not call
 * ganstab_case_validate (the caller applies --set overrides first). */
int ganstab_case_load(const char *path, ganstab_case *c, ganstab_error *err);

/* 1 if the case's regularizer has a weight gamma (gp, r1, r2, wgan-gp, dragan, conopt). */
int ganstab_case_uses_gamma(const ganstab_case *c);

/* 1 if [section] exists in the case-file format (case, regularizer, update, model, critical). */
int ganstab_case_section_known(const char *section);

/* Set SECTION.KEY from text, validating it completely (type, finiteness, domain).
 * `where` is copied into the error's location and remembered for the key. */
int ganstab_case_set(ganstab_case *c, const char *section, const char *key, const char *value,
                     const char *where, ganstab_error *err);

/* Apply "SECTION.KEY=VALUE" as given to --set (location "--set SECTION.KEY"). */
int ganstab_case_set_assignment(ganstab_case *c, const char *assignment, ganstab_error *err);

/* Cross-key checks after all keys are set: model given, keys the chosen regularizer/scheme
 * requires present (gamma for gp, sigma for noise, h for simgd/altgd, hg and hd for ttur). */
int ganstab_case_validate(const ganstab_case *c, ganstab_error *err);

/* 1 if key belongs to [section] ("update", ...); 0 otherwise and for an out-of-range key. */
int ganstab_case_key_in_section(ganstab_case_key key, const char *section);

/* "update.h" etc. (static storage); NULL for an out-of-range key. */
const char *ganstab_case_key_name(ganstab_case_key key);

/* A sweepable numeric parameter by name: regularizer.gamma, regularizer.sigma, regularizer.g0,
 * regularizer.eta, update.h, update.hg, update.hd, update.he, update.beta, update.beta_im,
 * update.alpha, update.lambda, update.gamma, params.NAME of model expr, and the integers
 * update.ng, update.nd, update.k (altgd sub-steps, lookahead steps: `sweep`, `map`, `optimize`
 * take their integer values; `critical` refuses them). Fails (GANSTAB_EINVAL, location `where`) if
 * the name is unknown, not numeric, or has no effect in this case (e.g. gamma when regularizer.kind
 * = noise, a parameter no formula uses). */
int ganstab_case_param_lookup(const ganstab_case *c, const char *name, const char *where,
                              ganstab_case_key *key, ganstab_error *err);
/* 1 for the integer parameters (update.ng, update.nd, update.k). */
int ganstab_case_param_is_integer(ganstab_case_key key);
/* Set a sweepable parameter, checking its domain (gamma, sigma >= 0; h, hg, hd > 0; ng, nd
 * integers in 1..GANSTAB_CASE_MAX_SUBSTEPS; params.NAME any finite number). */
int ganstab_case_param_set(ganstab_case *c, ganstab_case_key key, double value, const char *where,
                           ganstab_error *err);
double ganstab_case_param_get(const ganstab_case *c, ganstab_case_key key);
/* The name of a parameter key for messages and output: "update.h", "params.gamma" (static
 * storage or inside c); NULL for a key that names nothing. */
const char *ganstab_case_param_name(const ganstab_case *c, ganstab_case_key key);

/* The value of the case's i-th [critical] expect formula at its parameters (NAN if it is not
 * finite). */
double ganstab_case_expect_value(const ganstab_case *c, size_t i);

/* The formulas of a model expr case as a spec (expr.h), pointing into c (and into the struct
 * for the parameter arrays): valid while both live. */
typedef struct {
    ganstab_expr_spec spec;
    const char *param_names[GANSTAB_EXPR_MAX_PARAMS];
    double param_values[GANSTAB_EXPR_MAX_PARAMS];
} ganstab_case_expr;
void ganstab_case_expr_spec(const ganstab_case *c, ganstab_case_expr *out);

/* The typed game specification of a case (game.h), with the storage its pointers refer to
 * (model lq's covariance, model expr's formulas, which point into c: valid while c lives). */
typedef struct {
    ganstab_game_spec spec;
    double lq_cov[GANSTAB_LQ_MAX_DIM * GANSTAB_LQ_MAX_DIM];
    ganstab_case_expr expr;
    double *matrix_jacobian; /* model matrix: the file's J (malloc'ed; ganstab_case_game_release) */
} ganstab_case_game;
int ganstab_case_game_spec(const ganstab_case *c, ganstab_case_game *out, ganstab_error *err);
void ganstab_case_game_release(ganstab_case_game *cg); /* frees what the spec owns */

/* Apply an optimizer spec ("SCHEME KEY=VALUE ...", compare.h) to a copy of c (c's model, loss and
 * regularizer are kept; its [update] is replaced): the scheme and keys are validated as a case
 * file's would be, errors at `where`. */
int ganstab_compare_apply(const ganstab_case *c, const char *spec, const char *where,
                          ganstab_case *out, ganstab_error *err);

/* The case of a game spec (game.h) under update rule u, as if written in a case file: every value
 * set with ganstab_case_set (numbers printed with %.17g, so that they read back exactly), the
 * [update] keys that matter to u's scheme (he = 0 as not given: h), then ganstab_case_validate. For
 * what a case can do that the spec's own entry points (analysis.h) do not: sweep, map, optimize,
 * compare, the pipeline of run.h. Model matrix has no case form (its case names a file):
 * GANSTAB_EINVAL. */
int ganstab_case_from_spec(const ganstab_game_spec *spec, const ganstab_update *u,
                           ganstab_case *out, ganstab_error *err);

/* The game of a case (ganstab_game_build of its spec): its model and regularizer. */
int ganstab_game_init(const ganstab_case *c, ganstab_game *g, ganstab_error *err);

/* The state dimension of the case's model (model expr: from its formulas, without building). */
int ganstab_case_dimension(const ganstab_case *c, size_t *n, ganstab_error *err);

/* The parameters that affect this case, in report order, for printing. */
typedef struct {
    const char *name; /* "case.model", "regularizer.gamma", ... (static storage) */
    int is_number;
    double number;    /* when is_number */
    const char *text; /* otherwise; points into the case or static storage */
} ganstab_case_param;

/* Fills out[0..max) and returns the number of effective parameters. */
size_t ganstab_case_parameters(const ganstab_case *c, ganstab_case_param *out, size_t max);

#endif

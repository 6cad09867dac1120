/* A game: a model of the GAN (its loss) with a regularizer, i.e. the regularized vector field
 * v(x) = (-grad_theta L, +grad_psi L) with its analytic Jacobian, built from a typed
 * specification (no case file, no text). The model registry (one row per model kind: name,
 * dimension, alloc) lives behind ganstab_game_build. */
#ifndef GANSTAB_GAME_H
#define GANSTAB_GAME_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/expr.h"
#include "ganstab/field.h"
#include "ganstab/model.h"
#include "ganstab/regularizer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    GANSTAB_MODEL_DIRAC = 0, /* Dirac-GAN (Mescheder et al. 2018, Sec. 2.2): theta, psi */
    GANSTAB_MODEL_LQ2D,      /* the 2-D LQ-GAN of Nagarajan & Kolter 2017 */
    GANSTAB_MODEL_LQ,        /* the LQ-GAN in R^d (Nagarajan & Kolter 2017, Sec. 4) */
    GANSTAB_MODEL_GMM,       /* the GMM-GAN of Li et al. 2018 */
    GANSTAB_MODEL_EXPR,      /* formulas: a payoff or a vector field (expr.h) */
    GANSTAB_MODEL_MATRIX     /* a given Jacobian J: the linear field J x (matrix_game.h) */
} ganstab_model_kind;
#define GANSTAB_MODEL_COUNT 6

/* "dirac", "lq2d", "lq", "gmm", "expr", "matrix" (static storage; "dirac" for an unknown
 * kind). */
const char *ganstab_model_name(ganstab_model_kind model);

/* What a game is made of. Pointers are borrowed: they must stay valid while
 * ganstab_game_build runs (the built game copies what it keeps). */
typedef struct {
    ganstab_model_kind model;
    ganstab_loss loss; /* dirac, lq2d, lq (gmm has its own payoff; expr its formulas) */
    ganstab_regularizer_kind regularizer;
    double gamma, sigma, g0, eta; /* regularizer.h */
    struct {
        size_t dim;         /* data dimension d, 1..GANSTAB_LQ_MAX_DIM */
        const double *mean; /* d numbers */
        const double *cov;  /* d-by-d, symmetric positive definite */
    } lq;
    struct {
        double mu_star[2]; /* the data's means */
        double disc[4];    /* the discriminator's intervals (l1, r1, l2, r2) */
    } gmm;
    const ganstab_expr_spec *expr; /* model expr: the formulas */
    struct {
        const double *jacobian; /* n-by-n, column-major: the field J x */
        size_t n;
        size_t n_g; /* the generator's components (the first n_g); 0: no players */
    } matrix;
} ganstab_game_spec;

/* A spec of `model` with the defaults a case file has: the standard loss, no regularizer,
 * g0 = 1, every other number 0 and pointer NULL. */
void ganstab_game_spec_init(ganstab_game_spec *spec, ganstab_model_kind model);

/* The state dimension n = n_g + n_d of the game spec describes (without building it). */
int ganstab_game_spec_dimension(const ganstab_game_spec *spec, size_t *n, ganstab_error *err);

/* The built game. Owns the model; release with ganstab_game_free. */
typedef struct {
    ganstab_model *model;
    ganstab_regularizer reg;
} ganstab_game;

/* Build the model and the regularizer of spec into *g. On failure g->model is NULL. */
int ganstab_game_build(const ganstab_game_spec *spec, ganstab_game *g, ganstab_error *err);
void ganstab_game_free(ganstab_game *g); /* accepts NULL and a freed game */
size_t ganstab_game_dimension(const ganstab_game *g);

/* The regularized field v(x) (n numbers) and, if J is not NULL, its analytic Jacobian (n-by-n,
 * column-major). */
int ganstab_game_field(const ganstab_game *g, const double *x, double *v, double *J,
                       ganstab_error *err);

/* ganstab_game_field as a ganstab_field_fn (field.h), ctx = the (const) ganstab_game: for
 * ganstab_jacobian_fd, ganstab_update_step and every other consumer of a field callback. */
int ganstab_game_field_fn(const double *x, double *v, double *J, void *ctx, ganstab_error *err);

#ifdef __cplusplus
}
#endif

#endif

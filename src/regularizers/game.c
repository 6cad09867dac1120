/* Games from typed specifications (game.h): the model registry, one row per model kind with its
 * name, state dimension and constructor, and the regularizer on top. */
#include "ganstab/game.h"

#include <string.h>

#include "ganstab/dirac.h"
#include "ganstab/gmm.h"
#include "ganstab/lq.h"
#include "ganstab/lq2d.h"
#include "ganstab/matrix_game.h"

static int dirac_dimension(const ganstab_game_spec *s, size_t *n, ganstab_error *err)
{
    (void)s;
    (void)err;
    *n = 2; /* theta, psi */
    return GANSTAB_OK;
}

static int lq_dimension(const ganstab_game_spec *s, size_t *n, ganstab_error *err)
{
    (void)err;
    *n = ganstab_lq_generator_count(s->lq.dim) + ganstab_lq_discriminator_count(s->lq.dim);
    return GANSTAB_OK;
}

static int gmm_dimension(const ganstab_game_spec *s, size_t *n, ganstab_error *err)
{
    (void)s;
    (void)err;
    *n = GANSTAB_GMM_N; /* mu1, mu2, l1, r1, l2, r2 */
    return GANSTAB_OK;
}

static int expr_dimension(const ganstab_game_spec *s, size_t *n, ganstab_error *err)
{
    if (s->expr == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "game", "model expr needs its formulas");
    return ganstab_expr_check(s->expr, n, NULL, err);
}

static int matrix_dimension(const ganstab_game_spec *s, size_t *n, ganstab_error *err)
{
    (void)err;
    *n = s->matrix.n;
    return GANSTAB_OK;
}

/* The constructors leave *out NULL when out of memory (the caller reports it). */
static int dirac_alloc(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err)
{
    (void)err;
    *out = ganstab_dirac_alloc(s->loss);
    return GANSTAB_OK;
}

static int lq2d_alloc(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err)
{
    (void)err;
    *out = ganstab_lq2d_alloc(s->loss);
    return GANSTAB_OK;
}

static int lq_alloc(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err)
{
    return ganstab_lq_alloc(s->loss, s->lq.dim, s->lq.mean, s->lq.cov, out, err);
}

static int gmm_alloc(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err)
{
    return ganstab_gmm_model_alloc(s->gmm.mu_star, s->gmm.disc, out, err);
}

static int expr_alloc(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err)
{
    if (s->expr == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "game", "model expr needs its formulas");
    return ganstab_expr_alloc(s->expr, out, err);
}

static int matrix_alloc(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err)
{
    if (s->matrix.jacobian == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "game", "model matrix needs its Jacobian");
    return ganstab_matrix_model_alloc(s->matrix.jacobian, s->matrix.n, s->matrix.n_g, out, err);
}

typedef struct {
    const char *name;
    int (*dimension)(const ganstab_game_spec *s, size_t *n, ganstab_error *err);
    int (*alloc)(const ganstab_game_spec *s, ganstab_model **out, ganstab_error *err);
} model_entry;

/* Indexed by ganstab_model_kind. */
static const model_entry MODELS[GANSTAB_MODEL_COUNT] = {
    [GANSTAB_MODEL_DIRAC] = {"dirac", dirac_dimension, dirac_alloc},
    [GANSTAB_MODEL_LQ2D] = {"lq2d", dirac_dimension, lq2d_alloc},
    [GANSTAB_MODEL_LQ] = {"lq", lq_dimension, lq_alloc},
    [GANSTAB_MODEL_GMM] = {"gmm", gmm_dimension, gmm_alloc},
    [GANSTAB_MODEL_EXPR] = {"expr", expr_dimension, expr_alloc},
    [GANSTAB_MODEL_MATRIX] = {"matrix", matrix_dimension, matrix_alloc},
};

static const model_entry *entry(ganstab_model_kind model)
{
    return (int)model >= 0 && (int)model < GANSTAB_MODEL_COUNT ? &MODELS[model] : NULL;
}

const char *ganstab_model_name(ganstab_model_kind model)
{
    const model_entry *e = entry(model);
    return e != NULL ? e->name : MODELS[GANSTAB_MODEL_DIRAC].name;
}

void ganstab_game_spec_init(ganstab_game_spec *spec, ganstab_model_kind model)
{
    memset(spec, 0, sizeof *spec);
    spec->model = model;
    spec->loss = GANSTAB_LOSS_STANDARD;
    spec->regularizer = GANSTAB_REG_NONE;
    spec->g0 = 1.0;
    spec->lq.dim = 1;
}

int ganstab_game_spec_dimension(const ganstab_game_spec *spec, size_t *n, ganstab_error *err)
{
    const model_entry *e = entry(spec->model);
    if (e == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "analysis", "unknown model");
    return e->dimension(spec, n, err);
}

int ganstab_game_build(const ganstab_game_spec *spec, ganstab_game *g, ganstab_error *err)
{
    g->model = NULL;
    const model_entry *e = entry(spec->model);
    if (e == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "analysis", "unknown model");
    int rc = e->alloc(spec, &g->model, err);
    if (rc != GANSTAB_OK && rc != GANSTAB_ENOMEM)
        return rc;
    if (g->model == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    rc = ganstab_regularizer_init(&g->reg, spec->regularizer, spec->gamma, spec->sigma, spec->g0,
                                  spec->eta, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(g->model);
        g->model = NULL;
    }
    return rc;
}

void ganstab_game_free(ganstab_game *g)
{
    if (g == NULL)
        return;
    ganstab_model_free(g->model);
    g->model = NULL;
}

size_t ganstab_game_dimension(const ganstab_game *g)
{
    return g->model->n_g + g->model->n_d;
}

int ganstab_game_field(const ganstab_game *g, const double *x, double *v, double *J,
                       ganstab_error *err)
{
    return ganstab_field_eval(g->model, &g->reg, x, v, J, err);
}

int ganstab_game_field_fn(const double *x, double *v, double *J, void *ctx, ganstab_error *err)
{
    return ganstab_game_field(ctx, x, v, J, err);
}

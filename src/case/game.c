/* A case's game: model lq's covariance, the typed game spec of the case (game.h) and the game
 * built from it (ganstab_game_init), the state dimension without building. */
#include "ganstab/case.h"

#include "ganstab/critical.h"
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/matrix_game.h"

#include "case_internal.h"

int ganstab_case_lq_covariance(const ganstab_case *c, double *cov, ganstab_error *err)
{
    size_t d = c->lq_dim;
    const char *where = c->set[GANSTAB_KEY_MODEL_COV] ? c->where[GANSTAB_KEY_MODEL_COV]
                        : c->file[0] != '\0'          ? c->file
                                                      : "case";
    memset(cov, 0, d * d * sizeof *cov);
    switch (c->lq_cov_kind) {
    case GANSTAB_LQ_COV_IDENTITY:
        for (size_t i = 0; i < d; i++)
            cov[i + i * d] = 1.0;
        break;
    case GANSTAB_LQ_COV_DIAG:
        if (c->lq_cov_count != d)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': 'diag' needs dim = %zu numbers, got %zu", d,
                                     c->lq_cov_count);
        for (size_t i = 0; i < d; i++)
            cov[i + i * d] = c->lq_cov[i];
        break;
    case GANSTAB_LQ_COV_RANDOM: {
        double b[GANSTAB_LQ_MAX_DIM * GANSTAB_LQ_MAX_DIM];
        unsigned long long x = c->lq_cov_seed;
        for (size_t k = 0; k < d * d; k++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            b[k] = 2.0 * ((double)(x >> 11) * 0x1.0p-53) - 1.0;
        }
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < d; j++) {
                double s = 0.0;
                for (size_t k = 0; k < d; k++)
                    s += b[i + k * d] * b[j + k * d];
                cov[i + j * d] = s / (double)d + (i == j ? 1.0 : 0.0);
            }
        break;
    }
    case GANSTAB_LQ_COV_EXPLICIT:
        if (c->lq_cov_count != d * d)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected dim*dim = %zu numbers (row-major), got "
                                     "%zu",
                                     d * d, c->lq_cov_count);
        memcpy(cov, c->lq_cov, d * d * sizeof *cov);
        for (size_t i = 0; i < d; i++)
            for (size_t j = 0; j < i; j++)
                if (cov[i + j * d] != cov[j + i * d])
                    return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                             "key 'cov': not symmetric: entry (%zu,%zu) = %g but "
                                             "(%zu,%zu) = %g",
                                             i + 1, j + 1, cov[j + i * d], j + 1, i + 1,
                                             cov[i + j * d]);
        break;
    }
    /* Positive definiteness: an unpivoted Cholesky succeeds exactly for SPD matrices (up to
       rounding: a pivot <= 0 means not numerically positive definite). */
    double l[GANSTAB_LQ_MAX_DIM * GANSTAB_LQ_MAX_DIM];
    memcpy(l, cov, d * d * sizeof *l);
    for (size_t j = 0; j < d; j++) {
        double p = l[j + j * d];
        for (size_t k = 0; k < j; k++)
            p -= l[j + k * d] * l[j + k * d];
        if (!(p > 0.0))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': not positive definite (Cholesky pivot %zu is "
                                     "%g)",
                                     j + 1, p);
        l[j + j * d] = sqrt(p);
        for (size_t i = j + 1; i < d; i++) {
            double s = l[i + j * d];
            for (size_t k = 0; k < j; k++)
                s -= l[i + k * d] * l[j + k * d];
            l[i + j * d] = s / l[j + j * d];
        }
    }
    return GANSTAB_OK;
}

/* [heatmap] dynamics (names separated by blanks or commas), grid, inits, iters (integers in the
 * ranges of gmm_heatmap.h) and seed (an integer in 0 .. 2^64 - 1). */

int ganstab_case_game_spec(const ganstab_case *c, ganstab_case_game *out, ganstab_error *err)
{
    ganstab_game_spec *s = &out->spec;
    ganstab_game_spec_init(s, c->model);
    out->matrix_jacobian = NULL;
    s->loss = c->loss;
    s->regularizer = c->reg_kind;
    s->gamma = c->gamma;
    s->sigma = c->sigma;
    s->g0 = c->g0;
    s->eta = c->eta;
    switch (c->model) {
    case GANSTAB_MODEL_LQ: {
        int rc = ganstab_case_lq_covariance(c, out->lq_cov, err);
        if (rc != GANSTAB_OK)
            return rc;
        s->lq.dim = c->lq_dim;
        s->lq.mean = c->lq_mean;
        s->lq.cov = out->lq_cov;
        break;
    }
    case GANSTAB_MODEL_GMM:
        memcpy(s->gmm.mu_star, c->gmm_mu_star, sizeof s->gmm.mu_star);
        memcpy(s->gmm.disc, c->gmm_disc, sizeof s->gmm.disc);
        break;
    case GANSTAB_MODEL_EXPR:
        ganstab_case_expr_spec(c, &out->expr);
        s->expr = &out->expr.spec;
        break;
    case GANSTAB_MODEL_MATRIX: {
        int rc = ganstab_matrix_game_read(c->matrix_path, &out->matrix_jacobian, &s->matrix.n, err);
        if (rc != GANSTAB_OK)
            return rc;
        s->matrix.jacobian = out->matrix_jacobian;
        s->matrix.n_g = c->matrix_generator_dim;
        break;
    }
    default:
        break;
    }
    return GANSTAB_OK;
}

void ganstab_case_game_release(ganstab_case_game *cg)
{
    if (cg == NULL)
        return;
    free(cg->matrix_jacobian);
    cg->matrix_jacobian = NULL;
}

int ganstab_game_init(const ganstab_case *c, ganstab_game *g, ganstab_error *err)
{
    g->model = NULL;
    ganstab_case_game *cg = malloc(sizeof *cg);
    if (cg == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    int rc = ganstab_case_game_spec(c, cg, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_game_build(&cg->spec, g, err);
    ganstab_case_game_release(cg);
    free(cg);
    return rc;
}

int ganstab_case_dimension(const ganstab_case *c, size_t *n, ganstab_error *err)
{
    ganstab_case_game *cg = malloc(sizeof *cg);
    if (cg == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "analysis", "out of memory");
    ganstab_game_spec_init(&cg->spec, c->model);
    cg->spec.lq.dim = c->lq_dim;
    if (c->model == GANSTAB_MODEL_EXPR) {
        ganstab_case_expr_spec(c, &cg->expr);
        cg->spec.expr = &cg->expr.spec;
    }
    int rc = GANSTAB_OK;
    if (c->model == GANSTAB_MODEL_MATRIX) /* the file's size, without keeping J */
        rc = ganstab_matrix_game_read(c->matrix_path, NULL, &cg->spec.matrix.n, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_game_spec_dimension(&cg->spec, n, err);
    free(cg);
    return rc;
}

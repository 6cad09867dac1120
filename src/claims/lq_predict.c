/* The d-dimensional LQ-GAN's matrices of Nagarajan & Kolter 2017 (Sec. 3.3, Appendix D) written
 * out from the model's definition for the claims: data x ~ N(m, Sigma), generator y = A z + b with
 * z ~ N(0, I), discriminator D = theta_D . phi with the features
 *   phi = (x_i^2 (i = j) and 2 x_i x_j (i < j), upper triangle row-major;  x_i;  1)
 * (the state layout of include/ganstab/lq.h). At an equilibrium (p_G = p_data, D = 0):
 *   K_DD = E_pdata[phi phi^T]: Gaussian moments of order <= 4 in closed form (gauss_moment);
 *   K_DG = d/dtheta_G (E_pdata - E_pG)[phi] = -d/dtheta_G E_pG[phi] with
 *          E_pG[y_i y_j] = (A A^T)_ij + b_i b_j and E_pG[y_i] = b_i, so
 *          d/dA_kl (A A^T)_ij = delta_ik A_jl + delta_jk A_il,
 *          d/db_k (b_i b_j)   = delta_ik b_j + delta_jk b_i,   d/db_k b_i = delta_ik.
 * Nothing here calls src/models/lq.c, which computes the same expectations by the Isserlis/Stein
 * recursion from its own feature table: the two meet only in the claims' comparison.
 *
 * Sign convention: the paper defines K_DG = int grad_D D(x) grad_G^T p_G(x) dx, i.e.
 * +d/dtheta_G E_pG[phi]; with its eq. (2) and (3) that gives J_DG = -f'(0) K_DG, not the
 * f'(0) K_DG it writes. Every statement of the paper depends on K_DG only through K^T K and the
 * form [[., P], [-P^T, .]] of J, which the sign does not change; like the lq2d claims
 * (K_DG = -2/3) we take the sign that makes J_DG = f'(0) K_DG hold. */
#include <stdlib.h>
#include <string.h>

#include "claims_internal.h"

/* Feature r as coef[r] times the monomial prod_{t < len[r]} x_{idx[r][t]} (len 2, 1 or 0). */
typedef struct {
    size_t idx[2];
    size_t len;
    double coef;
} feature;

static void feature_table(size_t d, feature *f)
{
    size_t r = 0;
    for (size_t i = 0; i < d; i++)
        for (size_t j = i; j < d; j++)
            f[r++] = (feature){{i, j}, 2, i == j ? 1.0 : 2.0};
    for (size_t i = 0; i < d; i++)
        f[r++] = (feature){{i, 0}, 1, 1.0};
    f[r] = (feature){{0, 0}, 0, 1.0};
}

/* E[x_k0 ... x_k(order-1)] for x ~ N(m, S) (S column-major d-by-d), order <= 4, written out:
 * every way to pair some factors (covariances) and keep the rest (means). */
static double gauss_moment(const double *m, const double *S, size_t d, const size_t *k,
                           size_t order)
{
#define MU(a) m[k[a]]
#define SG(a, b) S[k[a] + k[b] * d]
    switch (order) {
    case 0:
        return 1.0;
    case 1:
        return MU(0);
    case 2:
        return MU(0) * MU(1) + SG(0, 1);
    case 3:
        return MU(0) * MU(1) * MU(2) + MU(0) * SG(1, 2) + MU(1) * SG(0, 2) + MU(2) * SG(0, 1);
    default: /* 4: one term with four means, six with two means and one pair, three pairings */
        return MU(0) * MU(1) * MU(2) * MU(3) + MU(0) * MU(1) * SG(2, 3) + MU(0) * MU(2) * SG(1, 3) +
               MU(0) * MU(3) * SG(1, 2) + MU(1) * MU(2) * SG(0, 3) + MU(1) * MU(3) * SG(0, 2) +
               MU(2) * MU(3) * SG(0, 1) + SG(0, 1) * SG(2, 3) + SG(0, 2) * SG(1, 3) +
               SG(0, 3) * SG(1, 2);
    }
#undef MU
#undef SG
}

void claims_lq_free(claims_lq *q)
{
    if (q == NULL)
        return;
    free(q->mean);
    free(q->cov);
    ganstab_matrix_free(q->kdd);
    ganstab_matrix_free(q->kdg);
    memset(q, 0, sizeof *q);
}

int claims_lq_init(const ganstab_case *c, claims_lq *q, ganstab_error *err)
{
    memset(q, 0, sizeof *q);
    size_t d = c->lq_dim;
    q->d = d;
    q->ng = ganstab_lq_generator_count(d);
    q->nd = ganstab_lq_discriminator_count(d);
    q->n = q->ng + q->nd;
    q->mean = malloc(d * sizeof *q->mean);
    q->cov = malloc(d * d * sizeof *q->cov);
    q->kdd = ganstab_matrix_alloc(q->nd, q->nd);
    q->kdg = ganstab_matrix_alloc(q->nd, q->ng);
    feature *f = malloc(q->nd * sizeof *f);
    if (q->mean == NULL || q->cov == NULL || q->kdd == NULL || q->kdg == NULL || f == NULL) {
        free(f);
        claims_lq_free(q);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    }
    for (size_t i = 0; i < d; i++)
        q->mean[i] = c->lq_mean_count > 0 ? c->lq_mean[i] : 0.0;
    int rc = ganstab_case_lq_covariance(c, q->cov, err);
    if (rc != GANSTAB_OK) {
        free(f);
        claims_lq_free(q);
        return rc;
    }
    feature_table(d, f);
    for (size_t r = 0; r < q->nd; r++)
        for (size_t t = r; t < q->nd; t++) {
            size_t k[4] = {f[r].idx[0], f[r].idx[1], 0, 0};
            for (size_t u = 0; u < f[t].len; u++)
                k[f[r].len + u] = f[t].idx[u];
            double e =
                f[r].coef * f[t].coef * gauss_moment(q->mean, q->cov, d, k, f[r].len + f[t].len);
            ganstab_matrix_set(q->kdd, r, t, e);
            ganstab_matrix_set(q->kdd, t, r, e);
        }
    free(f);
    return GANSTAB_OK;
}

void claims_lq_set_generator(claims_lq *q, const double *theta_g)
{
    size_t d = q->d, ntri = d * (d + 1) / 2;
    const double *A = theta_g, *b = theta_g + d * d; /* A row-major */
    memset(q->kdg->data, 0, q->nd * q->ng * sizeof *q->kdg->data);
    size_t r = 0;
    for (size_t i = 0; i < d; i++)
        for (size_t j = i; j < d; j++, r++) {
            double coef = i == j ? 1.0 : 2.0;
            for (size_t l = 0; l < d; l++) {
                /* column A_il gets -coef A_jl, column A_jl gets -coef A_il */
                size_t ci = i * d + l, cj = j * d + l;
                ganstab_matrix_set(q->kdg, r, ci,
                                   ganstab_matrix_get(q->kdg, r, ci) - coef * A[j * d + l]);
                ganstab_matrix_set(q->kdg, r, cj,
                                   ganstab_matrix_get(q->kdg, r, cj) - coef * A[i * d + l]);
            }
            size_t bi = d * d + i, bj = d * d + j;
            ganstab_matrix_set(q->kdg, r, bi, ganstab_matrix_get(q->kdg, r, bi) - coef * b[j]);
            ganstab_matrix_set(q->kdg, r, bj, ganstab_matrix_get(q->kdg, r, bj) - coef * b[i]);
        }
    for (size_t i = 0; i < d; i++)
        ganstab_matrix_set(q->kdg, ntri + i, d * d + i, -1.0);
    /* the constant feature's row stays 0 */
}

void claims_lq_jacobian(const claims_lq *q, double f1, double f2, double eta, ganstab_matrix *J)
{
    size_t ng = q->ng, nd = q->nd;
    memset(J->data, 0, J->rows * J->cols * sizeof *J->data);
    for (size_t r = 0; r < nd; r++) {
        for (size_t t = 0; t < nd; t++)
            ganstab_matrix_set(J, ng + r, ng + t, 2.0 * f2 * ganstab_matrix_get(q->kdd, r, t));
        for (size_t a = 0; a < ng; a++)
            ganstab_matrix_set(J, ng + r, a, f1 * ganstab_matrix_get(q->kdg, r, a));
    }
    /* generator rows (Sec. 3.4): [-2 eta J_DG^T J_DG, -J_DG^T (I + 2 eta J_DD)] */
    if (eta == 0.0) { /* [0, -J_DG^T] without the O(n^3) products */
        for (size_t a = 0; a < ng; a++)
            for (size_t t = 0; t < nd; t++)
                ganstab_matrix_set(J, a, ng + t, -ganstab_matrix_get(J, ng + t, a));
        return;
    }
    for (size_t a = 0; a < ng; a++) {
        for (size_t col = 0; col < ng; col++) {
            double s = 0.0;
            for (size_t r = 0; r < nd; r++)
                s += ganstab_matrix_get(J, ng + r, a) * ganstab_matrix_get(J, ng + r, col);
            ganstab_matrix_set(J, a, col, -2.0 * eta * s);
        }
        for (size_t t = 0; t < nd; t++) {
            double s = ganstab_matrix_get(J, ng + t, a); /* (J_DG^T I)_{a t} */
            for (size_t r = 0; r < nd; r++)
                s += 2.0 * eta * ganstab_matrix_get(J, ng + r, a) *
                     ganstab_matrix_get(J, ng + r, ng + t);
            ganstab_matrix_set(J, a, ng + t, -s);
        }
    }
}

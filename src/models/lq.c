/* Nagarajan & Kolter 2017, Sec. 3.3 and Appendix D: the d-dimensional LQ-GAN. With
 * phi(x) = dD/dtheta_D (features x_i^2, 2 x_i x_j for i < j, x_i, 1), D = theta_D . phi, and
 * y = A z + b + s (s: instance-noise shift), the objective V = E_x f(D(x)) + E_z f(-D(y)) gives
 *   real term  v_D += E f'(D(x)) phi(x),                 J_DD += E f''(D(x)) phi phi^T;
 *   fake term  v_D -= E f'(-D(y)) phi(y),                J_DD += E f''(-D(y)) phi phi^T,
 *              J_DG += E [f''(-D) phi q^T - f'(-D) P],
 *              v_G  += E f'(-D(y)) q,                    J_GG += E [-f''(-D) q q^T + f'(-D) H],
 *              J_GD += E [-f''(-D) q phi^T + f'(-D) P^T],
 * where q = dD(y)/dtheta_G = Y^T g (g = grad D(y) = 2 W y + w, Y = dy/dtheta_G),
 * P = dphi(y)/dtheta_G (= dq/dtheta_D transposed) and H = dq/dtheta_G = 2 Y^T W Y.
 * Where D = 0 (theta_D = 0) every factor f', f'' is the constant f'(0), f''(0) and the
 * expectations are Gaussian moments of order <= 4 (Isserlis): closed form for any d. For the
 * WGAN loss (f' = 1, f'' = 0) the moments of order <= 2 give the field everywhere. Elsewhere
 * the field is a tensor Gauss-Hermite quadrature over z (fake) and u (real, x = m + L u). */
#include "ganstab/lq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/quadrature.h"

#define STATE_NAME_MAX 48 /* room for two 20-digit size_t values */

typedef struct {
    size_t d, ng, nd, n, ntri;
    double *mean; /* d */
    double *cov;  /* d*d, column-major */
    double *chol; /* lower Cholesky factor of cov, column-major */
    ganstab_gauss_hermite rule;
    int force_quadrature;
    char *name_buf;     /* n * STATE_NAME_MAX */
    const char **names; /* n pointers into name_buf */
    double *work;       /* scratch for one node: see node_work */
    size_t *mono;       /* feature r is mono_coef[r] * prod of x at mono[2r], mono[2r+1] */
    size_t *mono_len;   /* number of factors of feature r (0, 1, 2) */
    double *mono_coef;
} lq_params;

size_t ganstab_lq_generator_count(size_t d)
{
    return d * d + d;
}

size_t ganstab_lq_discriminator_count(size_t d)
{
    return d * (d + 1) / 2 + d + 1;
}

/* Feature index of x_i x_j (i <= j) in the upper triangle, row-major. */
static size_t tri(size_t d, size_t i, size_t j)
{
    return i * d - i * (i - 1) / 2 + (j - i); /* rows r < i hold d - r entries each */
}

/* W_ij of the state (symmetric). */
static double weight_w(const lq_params *p, const double *theta_d, size_t i, size_t j)
{
    return i <= j ? theta_d[tri(p->d, i, j)] : theta_d[tri(p->d, j, i)];
}

/* phi(y) into phi[0..nd) and dphi/dy into dphi (nd-by-d, column-major; may be NULL). */
static void features(const lq_params *p, const double *y, double *phi, double *dphi)
{
    size_t d = p->d, nd = p->nd;
    if (dphi != NULL)
        memset(dphi, 0, nd * d * sizeof *dphi);
    for (size_t i = 0; i < d; i++)
        for (size_t j = i; j < d; j++) {
            size_t r = tri(d, i, j);
            double c = i == j ? 1.0 : 2.0;
            phi[r] = c * y[i] * y[j];
            if (dphi != NULL) {
                dphi[r + i * nd] += c * y[j];
                dphi[r + j * nd] += c * y[i];
            }
        }
    for (size_t i = 0; i < d; i++) {
        phi[p->ntri + i] = y[i];
        if (dphi != NULL)
            dphi[p->ntri + i + i * nd] = 1.0;
    }
    phi[nd - 1] = 1.0;
}

/* E[x_{idx[0]} ... x_{idx[k-1]}] for x ~ N(mu, C) (C column-major d-by-d), by the recursion
 * E[x_a X] = mu_a E[X] + sum_b C_{a b} E[X without x_b] (Isserlis/Stein). k <= 4. */
static double moment(const double *mu, const double *C, size_t d, const size_t *idx, size_t k)
{
    if (k == 0)
        return 1.0;
    size_t a = idx[0], rest[4] = {0, 0, 0, 0};
    for (size_t t = 1; t < k; t++)
        rest[t - 1] = idx[t];
    double s = mu[a] * moment(mu, C, d, rest, k - 1);
    for (size_t t = 0; t + 1 < k; t++) {
        size_t sub[4] = {0, 0, 0, 0}, m = 0;
        for (size_t u = 0; u + 1 < k; u++)
            if (u != t)
                sub[m++] = rest[u];
        s += C[a + rest[t] * d] * moment(mu, C, d, sub, m);
    }
    return s;
}

/* Feature r as coefficient times a monomial: *len indices into idx (table from
 * build_monomials). */
static double feature_monomial(const lq_params *p, size_t r, size_t *idx, size_t *len)
{
    *len = p->mono_len[r];
    idx[0] = p->mono[2 * r];
    idx[1] = p->mono[2 * r + 1];
    return p->mono_coef[r];
}

static void build_monomials(lq_params *p)
{
    size_t d = p->d;
    for (size_t i = 0; i < d; i++)
        for (size_t j = i; j < d; j++) {
            size_t r = tri(d, i, j);
            p->mono[2 * r] = i;
            p->mono[2 * r + 1] = j;
            p->mono_len[r] = 2;
            p->mono_coef[r] = i == j ? 1.0 : 2.0;
        }
    for (size_t i = 0; i < d; i++) {
        size_t r = p->ntri + i;
        p->mono[2 * r] = i;
        p->mono[2 * r + 1] = 0;
        p->mono_len[r] = 1;
        p->mono_coef[r] = 1.0;
    }
    p->mono[2 * (p->nd - 1)] = 0;
    p->mono[2 * (p->nd - 1) + 1] = 0;
    p->mono_len[p->nd - 1] = 0;
    p->mono_coef[p->nd - 1] = 1.0;
}

/* Column-major n-by-n index. */
#define IJ(i, j) ((i) + (j)*n)

/* The closed form: x ~ N(mu, C) on this side with f'(D) = f1, f''(D) = f2 constant (D = 0, or
 * the WGAN loss). */
static int moments_term(const lq_params *p, ganstab_data_side side, const double *x,
                        const double *shift, double f1, double f2, double *v, double *J,
                        ganstab_error *err)
{
    size_t d = p->d, n = p->n, ng = p->ng, nd = p->nd;
    double *mu = malloc(d * sizeof *mu), *C = malloc(d * d * sizeof *C);
    double *ephi = malloc(nd * sizeof *ephi);
    if (mu == NULL || C == NULL || ephi == NULL) {
        free(mu);
        free(C);
        free(ephi);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "lq", "out of memory");
    }
    const double *A = x, *b = x + d * d, *theta_d = x + ng;
    for (size_t i = 0; i < d; i++) {
        double s = shift != NULL ? shift[i] : 0.0;
        mu[i] = (side == GANSTAB_SIDE_REAL ? p->mean[i] : b[i]) + s;
        for (size_t j = 0; j < d; j++) {
            double cij = 0.0;
            if (side == GANSTAB_SIDE_REAL)
                cij = p->cov[i + j * d];
            else
                for (size_t k = 0; k < d; k++)
                    cij += A[i * d + k] * A[j * d + k];
            C[i + j * d] = cij;
        }
    }
    size_t ia[2], ib[2], la = 0, lb = 0, all[4];
    for (size_t r = 0; r < nd; r++) {
        double ca = feature_monomial(p, r, ia, &la);
        ephi[r] = ca * moment(mu, C, d, ia, la);
    }
    double sgn = side == GANSTAB_SIDE_REAL ? 1.0 : -1.0;
    for (size_t r = 0; r < nd; r++)
        v[ng + r] += sgn * f1 * ephi[r];
    if (J != NULL && f2 != 0.0)
        for (size_t r = 0; r < nd; r++) {
            double ca = feature_monomial(p, r, ia, &la);
            for (size_t t = r; t < nd; t++) {
                double cb = feature_monomial(p, t, ib, &lb);
                for (size_t u = 0; u < la; u++)
                    all[u] = ia[u];
                for (size_t u = 0; u < lb; u++)
                    all[la + u] = ib[u];
                double mrt = f2 * ca * cb * moment(mu, C, d, all, la + lb);
                J[IJ(ng + r, ng + t)] += mrt;
                if (t != r)
                    J[IJ(ng + t, ng + r)] += mrt;
            }
        }
    if (side == GANSTAB_SIDE_FAKE) {
        /* E P: E[y_j z_q] = A_jq, E[y_j] = mu_j (module comment). */
        for (size_t i = 0; J != NULL && i < d; i++)
            for (size_t j = i; j < d; j++) {
                size_t r = ng + tri(d, i, j);
                double c = i == j ? 1.0 : 2.0;
                for (size_t q = 0; q < d; q++) {
                    double eA_i = c * A[j * d + q], eA_j = c * A[i * d + q];
                    /* column A_{i q} gets c A_{j q}; column A_{j q} gets c A_{i q} */
                    J[IJ(r, i * d + q)] += -f1 * eA_i;
                    J[IJ(i * d + q, r)] += f1 * eA_i;
                    J[IJ(r, j * d + q)] += -f1 * eA_j;
                    J[IJ(j * d + q, r)] += f1 * eA_j;
                }
                J[IJ(r, d * d + i)] += -f1 * c * mu[j];
                J[IJ(d * d + i, r)] += f1 * c * mu[j];
                J[IJ(r, d * d + j)] += -f1 * c * mu[i];
                J[IJ(d * d + j, r)] += f1 * c * mu[i];
            }
        for (size_t i = 0; J != NULL && i < d; i++) {
            size_t r = ng + p->ntri + i;
            J[IJ(r, d * d + i)] += -f1;
            J[IJ(d * d + i, r)] += f1;
        }
        /* E q = (2 W A, 2 W mu + w) and E H = (2 W (x) I, 2 W): zero where W = w = 0. */
        const double *wl = theta_d + p->ntri;
        for (size_t k = 0; k < d; k++) {
            double gb = wl[k];
            for (size_t j = 0; j < d; j++)
                gb += 2.0 * weight_w(p, theta_d, k, j) * mu[j];
            v[d * d + k] += f1 * gb;
            for (size_t l = 0; l < d; l++) {
                double wa = 0.0;
                for (size_t j = 0; j < d; j++)
                    wa += 2.0 * weight_w(p, theta_d, k, j) * A[j * d + l];
                v[k * d + l] += f1 * wa;
            }
            for (size_t pp = 0; J != NULL && pp < d; pp++) {
                double h = f1 * 2.0 * weight_w(p, theta_d, k, pp);
                J[IJ(d * d + k, d * d + pp)] += h;
                for (size_t l = 0; l < d; l++)
                    J[IJ(k * d + l, pp * d + l)] += h;
            }
        }
    }
    free(mu);
    free(C);
    free(ephi);
    return GANSTAB_OK;
}

/* The quadrature: scratch per node is phi (nd), dphi (nd*d), g (d), q (ng), P (nd*ng). */
static int quadrature_term(const ganstab_model *m, const lq_params *p, ganstab_data_side side,
                           const double *x, const double *shift, double *v, double *J)
{
    size_t d = p->d, n = p->n, ng = p->ng, nd = p->nd, nn = p->rule.n;
    const double *A = x, *b = x + d * d, *theta_d = x + ng;
    double *phi = p->work, *dphi = phi + nd, *g = dphi + nd * d, *q = g + d, *P = q + ng;
    double z[GANSTAB_LQ_QUADRATURE_MAX_DIM], y[GANSTAB_LQ_QUADRATURE_MAX_DIM];
    size_t total = 1;
    for (size_t i = 0; i < d; i++)
        total *= nn;
    for (size_t k = 0; k < total; k++) {
        size_t rest = k;
        double wt = 1.0;
        for (size_t i = 0; i < d; i++) {
            z[i] = p->rule.node[rest % nn];
            wt *= p->rule.weight[rest % nn];
            rest /= nn;
        }
        for (size_t i = 0; i < d; i++) {
            double s = shift != NULL ? shift[i] : 0.0;
            if (side == GANSTAB_SIDE_FAKE) {
                y[i] = b[i] + s;
                for (size_t l = 0; l < d; l++)
                    y[i] += A[i * d + l] * z[l];
            } else {
                y[i] = p->mean[i] + s;
                for (size_t l = 0; l <= i; l++)
                    y[i] += p->chol[i + l * d] * z[l];
            }
        }
        features(p, y, phi, side == GANSTAB_SIDE_FAKE ? dphi : NULL);
        double D = 0.0;
        for (size_t r = 0; r < nd; r++)
            D += theta_d[r] * phi[r];
        double f1 = 0.0, f2 = 0.0;
        if (side == GANSTAB_SIDE_REAL) {
            ganstab_loss_derivatives(m->loss, D, &f1, &f2);
            for (size_t r = 0; r < nd; r++)
                v[ng + r] += wt * f1 * phi[r];
            for (size_t r = 0; J != NULL && r < nd; r++)
                for (size_t t = 0; t < nd; t++)
                    J[IJ(ng + r, ng + t)] += wt * f2 * phi[r] * phi[t];
            continue;
        }
        ganstab_loss_derivatives(m->loss, -D, &f1, &f2);
        /* generator factors: standard descends f(-D): (f'(-D), -f''(-D)); non-saturating
           ascends f(D): (f'(D), f''(D)) */
        double g1 = f1, g2 = -f2;
        if (m->loss == GANSTAB_LOSS_NONSATURATING)
            ganstab_loss_derivatives(m->loss, D, &g1, &g2);
        for (size_t k2 = 0; k2 < d; k2++) {
            g[k2] = theta_d[p->ntri + k2];
            for (size_t j = 0; j < d; j++)
                g[k2] += 2.0 * weight_w(p, theta_d, k2, j) * y[j];
        }
        for (size_t k2 = 0; k2 < d; k2++) {
            for (size_t l = 0; l < d; l++)
                q[k2 * d + l] = g[k2] * z[l];
            q[d * d + k2] = g[k2];
        }
        for (size_t r = 0; r < nd; r++)
            for (size_t k2 = 0; k2 < d; k2++) {
                double dk = dphi[r + k2 * nd];
                for (size_t l = 0; l < d; l++)
                    P[r + (k2 * d + l) * nd] = dk * z[l];
                P[r + (d * d + k2) * nd] = dk;
            }
        for (size_t r = 0; r < nd; r++)
            v[ng + r] -= wt * f1 * phi[r];
        for (size_t a = 0; a < ng; a++)
            v[a] += wt * g1 * q[a];
        if (J == NULL)
            continue;
        for (size_t r = 0; r < nd; r++) {
            for (size_t t = 0; t < nd; t++)
                J[IJ(ng + r, ng + t)] += wt * f2 * phi[r] * phi[t];
            for (size_t a = 0; a < ng; a++) {
                J[IJ(ng + r, a)] += wt * (f2 * phi[r] * q[a] - f1 * P[r + a * nd]);
                J[IJ(a, ng + r)] += wt * (g2 * q[a] * phi[r] + g1 * P[r + a * nd]);
            }
        }
        for (size_t a = 0; a < ng; a++)
            for (size_t c = 0; c < ng; c++)
                J[IJ(a, c)] += wt * g2 * q[a] * q[c];
        /* H = 2 Y^T W Y: Y_k,(A_kl) = z_l, Y_k,(b_k) = 1 */
        for (size_t k2 = 0; k2 < d; k2++)
            for (size_t pp = 0; pp < d; pp++) {
                double h = wt * g1 * 2.0 * weight_w(p, theta_d, k2, pp);
                if (h == 0.0)
                    continue;
                J[IJ(d * d + k2, d * d + pp)] += h;
                for (size_t l = 0; l < d; l++) {
                    J[IJ(k2 * d + l, d * d + pp)] += h * z[l];
                    J[IJ(d * d + k2, pp * d + l)] += h * z[l];
                    for (size_t l2 = 0; l2 < d; l2++)
                        J[IJ(k2 * d + l, pp * d + l2)] += h * z[l] * z[l2];
                }
            }
    }
    return GANSTAB_OK;
}

static int lq_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                   const double *shift, double *v, double *J, ganstab_error *err)
{
    const lq_params *p = m->params;
    int d_zero = 1;
    for (size_t r = 0; r < p->nd; r++)
        if (x[p->ng + r] != 0.0)
            d_zero = 0;
    if (!p->force_quadrature && (d_zero || m->loss == GANSTAB_LOSS_WGAN)) {
        double f1 = 0.0, f2 = 0.0;
        ganstab_loss_derivatives(m->loss, 0.0, &f1, &f2);
        return moments_term(p, side, x, shift, f1, f2, v, J, err);
    }
    if (p->d > GANSTAB_LQ_QUADRATURE_MAX_DIM)
        return ganstab_error_set(err, GANSTAB_EINVAL, "lq",
                                 "field of model lq away from the equilibrium (D != 0) needs "
                                 "d <= %d, got d = %zu",
                                 GANSTAB_LQ_QUADRATURE_MAX_DIM, p->d);
    return quadrature_term(m, p, side, x, shift, v, J);
}

static int lq_penalty(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                      double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)side;
    (void)x;
    (void)g0;
    (void)grad;
    (void)H;
    (void)kink;
    return ganstab_error_set(err, GANSTAB_EINVAL, "lq",
                             "gradient penalties are not available for model lq");
}

/* A = chol(Sigma) (lower), b = m, D = 0: G(z) ~ N(m, A A^T) = p_data. */
static void lq_equilibrium(const ganstab_model *m, double *x)
{
    const lq_params *p = m->params;
    size_t d = p->d;
    memset(x, 0, p->n * sizeof *x);
    for (size_t i = 0; i < d; i++) {
        for (size_t j = 0; j < d; j++)
            x[i * d + j] = p->chol[i + j * d];
        x[d * d + i] = p->mean[i];
    }
}

/* The equilibria are {A A^T = Sigma, b = m, D = 0} (for WGAN D = c for any constant c, which
 * cancels in V): tangent directions dA = A S, S = E_pq - E_qp skew (A -> A Q, Q orthogonal),
 * plus e_c for WGAN. */
static size_t lq_tangent(const ganstab_model *m, const double *x, double *basis)
{
    const lq_params *p = m->params;
    size_t d = p->d, n = p->n, k = 0;
    for (size_t pp = 0; pp < d; pp++)
        for (size_t qq = pp + 1; qq < d; qq++, k++) {
            if (basis == NULL)
                continue;
            double *t = basis + k * n;
            memset(t, 0, n * sizeof *t);
            for (size_t r = 0; r < d; r++) {
                t[r * d + qq] = x[r * d + pp];  /* (A S)_{r q} = A_{r p} */
                t[r * d + pp] = -x[r * d + qq]; /* (A S)_{r p} = -A_{r q} */
            }
        }
    if (m->loss == GANSTAB_LOSS_WGAN) {
        if (basis != NULL) {
            memset(basis + k * n, 0, n * sizeof *basis);
            basis[k * n + n - 1] = 1.0;
        }
        k++;
    }
    return k;
}

static void lq_free_params(void *params)
{
    lq_params *p = params;
    if (p == NULL)
        return;
    free(p->mean);
    free(p->cov);
    free(p->chol);
    free(p->name_buf);
    free(p->names);
    free(p->work);
    free(p->mono);
    free(p->mono_len);
    free(p->mono_coef);
    free(p);
}

static const ganstab_model_ops LQ_OPS = {"lq",           lq_term,    lq_penalty, lq_equilibrium,
                                         lq_free_params, lq_tangent, NULL};

static void name_states(lq_params *p)
{
    size_t d = p->d, k = 0;
    char *s = p->name_buf;
#define NAME(...) (snprintf(s + k * STATE_NAME_MAX, STATE_NAME_MAX, __VA_ARGS__), k++)
    for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++)
            NAME("A%zu%s%zu", i + 1, d >= 10 ? "_" : "", j + 1);
    for (size_t i = 0; i < d; i++)
        NAME("b%zu", i + 1);
    for (size_t i = 0; i < d; i++)
        for (size_t j = i; j < d; j++)
            NAME("W%zu%s%zu", i + 1, d >= 10 ? "_" : "", j + 1);
    for (size_t i = 0; i < d; i++)
        NAME("w%zu", i + 1);
    NAME("c");
#undef NAME
    for (size_t i = 0; i < p->n; i++)
        p->names[i] = s + i * STATE_NAME_MAX;
}

int ganstab_lq_alloc(ganstab_loss loss, size_t d, const double *mean, const double *cov,
                     ganstab_model **out, ganstab_error *err)
{
    *out = NULL;
    if (d < 1 || d > GANSTAB_LQ_MAX_DIM)
        return ganstab_error_set(err, GANSTAB_EINVAL, "lq", "dimension must be in 1..%d, got %zu",
                                 GANSTAB_LQ_MAX_DIM, d);
    ganstab_model *m = calloc(1, sizeof *m);
    lq_params *p = calloc(1, sizeof *p);
    if (m == NULL || p == NULL) {
        free(m);
        free(p);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "lq", "out of memory");
    }
    p->d = d;
    p->ng = ganstab_lq_generator_count(d);
    p->nd = ganstab_lq_discriminator_count(d);
    p->ntri = d * (d + 1) / 2;
    p->n = p->ng + p->nd;
    p->mean = malloc(d * sizeof *p->mean);
    p->cov = malloc(d * d * sizeof *p->cov);
    p->chol = calloc(d * d, sizeof *p->chol);
    p->name_buf = calloc(p->n, STATE_NAME_MAX);
    p->names = calloc(p->n, sizeof *p->names);
    p->work = calloc(p->nd + p->nd * d + d + p->ng + p->nd * p->ng, sizeof *p->work);
    p->mono = calloc(2 * p->nd, sizeof *p->mono);
    p->mono_len = calloc(p->nd, sizeof *p->mono_len);
    p->mono_coef = calloc(p->nd, sizeof *p->mono_coef);
    if (!p->mean || !p->cov || !p->chol || !p->name_buf || !p->names || !p->work || !p->mono ||
        !p->mono_len || !p->mono_coef) {
        lq_free_params(p);
        free(m);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "lq", "out of memory");
    }
    for (size_t i = 0; i < d; i++)
        p->mean[i] = mean != NULL ? mean[i] : 0.0;
    memcpy(p->cov, cov, d * d * sizeof *cov);
    /* Cholesky, lower: fails exactly when cov is not (numerically) positive definite. */
    for (size_t j = 0; j < d; j++) {
        double piv = p->cov[j + j * d];
        for (size_t k = 0; k < j; k++)
            piv -= p->chol[j + k * d] * p->chol[j + k * d];
        if (!(piv > 0.0)) {
            lq_free_params(p);
            free(m);
            return ganstab_error_set(err, GANSTAB_EINVAL, "lq",
                                     "covariance is not positive definite (Cholesky pivot %zu "
                                     "is %g)",
                                     j + 1, piv);
        }
        p->chol[j + j * d] = sqrt(piv);
        for (size_t i = j + 1; i < d; i++) {
            double s = p->cov[i + j * d];
            for (size_t k = 0; k < j; k++)
                s -= p->chol[i + k * d] * p->chol[j + k * d];
            p->chol[i + j * d] = s / p->chol[j + j * d];
        }
    }
    int rc = ganstab_gauss_hermite_init(&p->rule, GANSTAB_LQ_NODES, err);
    if (rc != GANSTAB_OK) {
        lq_free_params(p);
        free(m);
        return rc;
    }
    name_states(p);
    build_monomials(p);
    m->ops = &LQ_OPS;
    m->n_g = p->ng;
    m->n_d = p->nd;
    m->data_dim = d;
    m->state_names = p->names;
    m->loss = loss;
    m->params = p;
    m->fd_unavailable = d > GANSTAB_LQ_QUADRATURE_MAX_DIM && loss != GANSTAB_LOSS_WGAN
                            ? "the field of model lq away from D = 0 needs d <= 3 (tensor "
                              "quadrature); for d > 3 only the closed form at D = 0 exists"
                            : NULL;
    *out = m;
    return GANSTAB_OK;
}

int ganstab_lq_force_quadrature(ganstab_model *m, int on, ganstab_error *err)
{
    lq_params *p = m->params;
    if (on && p->d > GANSTAB_LQ_QUADRATURE_MAX_DIM)
        return ganstab_error_set(err, GANSTAB_EINVAL, "lq", "quadrature needs d <= %d, got d = %zu",
                                 GANSTAB_LQ_QUADRATURE_MAX_DIM, p->d);
    p->force_quadrature = on;
    return GANSTAB_OK;
}

#include "ganstab/regularizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ganstab_regularizer_name(ganstab_regularizer_kind kind)
{
    switch (kind) {
    case GANSTAB_REG_GP:
        return "gp";
    case GANSTAB_REG_NOISE:
        return "noise";
    default:
        return "none";
    }
}

int ganstab_regularizer_init(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma,
                             double sigma, ganstab_error *err)
{
    memset(r, 0, sizeof *r);
    if (!(gamma >= 0.0) || !isfinite(gamma))
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "gamma must be a finite number >= 0, got %g", gamma);
    if (!(sigma >= 0.0) || !isfinite(sigma))
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "sigma must be a finite number >= 0, got %g", sigma);
    r->kind = kind;
    r->gamma = gamma;
    r->sigma = sigma;
    if (kind == GANSTAB_REG_NOISE)
        return ganstab_gauss_hermite_init(&r->rule, GANSTAB_GAUSS_HERMITE_NODES, err);
    return GANSTAB_OK;
}

/* Both data terms, each averaged over the Gaussian instance noise when sigma > 0:
 *   v_sigma(x) = E_{s ~ N(0, sigma^2)} term_real(x; s) + E_{s' ~ N(0, sigma^2)} term_fake(x; s')
 * (independent noise on real and fake samples, Mescheder et al. 2018, Sec. 3.2). Derivatives
 * in x commute with the expectation, so J is the same quadrature of the terms' Jacobians. */
static int data_terms(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                      double *v, double *J, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    int rc = GANSTAB_OK;
    if (r->kind != GANSTAB_REG_NOISE || r->sigma == 0.0) {
        if ((rc = m->ops->term(m, GANSTAB_SIDE_REAL, x, NULL, v, J, err)) != GANSTAB_OK)
            return rc;
        return m->ops->term(m, GANSTAB_SIDE_FAKE, x, NULL, v, J, err);
    }
    if (m->data_dim != 1)
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "instance noise needs one-dimensional data (model '%s' has %zu)",
                                 m->ops->name, m->data_dim);
    double *vk = malloc(n * sizeof *vk);
    double *Jk = J != NULL ? malloc(n * n * sizeof *Jk) : NULL;
    if (vk == NULL || (J != NULL && Jk == NULL)) {
        free(vk);
        free(Jk);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
    }
    for (size_t i = 0; i < r->rule.n && rc == GANSTAB_OK; i++) {
        double s = r->sigma * r->rule.node[i], w = r->rule.weight[i];
        for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE && rc == GANSTAB_OK; side++) {
            memset(vk, 0, n * sizeof *vk);
            if (Jk != NULL)
                memset(Jk, 0, n * n * sizeof *Jk);
            rc = m->ops->term(m, (ganstab_data_side)side, x, &s, vk, Jk, err);
            for (size_t k = 0; k < n && rc == GANSTAB_OK; k++)
                v[k] += w * vk[k];
            for (size_t k = 0; Jk != NULL && k < n * n && rc == GANSTAB_OK; k++)
                J[k] += w * Jk[k];
        }
    }
    free(vk);
    free(Jk);
    return rc;
}

int ganstab_field_eval(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                       double *v, double *J, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    memset(v, 0, n * sizeof *v);
    if (J != NULL)
        memset(J, 0, n * n * sizeof *J);
    int rc = data_terms(m, r, x, v, J, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (r->kind == GANSTAB_REG_GP && r->gamma != 0.0) {
        /* The discriminator ascends L - gamma R with R = 1/2 E_{(p_D + p_theta)/2} |grad D|^2;
           the generator's rows are untouched (eq. (14)). */
        double *grad = calloc(n, sizeof *grad);
        double *H = J != NULL ? calloc(n * n, sizeof *H) : NULL;
        if (grad == NULL || (J != NULL && H == NULL)) {
            free(grad);
            free(H);
            return ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
        }
        rc = m->ops->penalty(m, GANSTAB_SIDE_REAL, x, grad, H, err);
        if (rc == GANSTAB_OK)
            rc = m->ops->penalty(m, GANSTAB_SIDE_FAKE, x, grad, H, err);
        for (size_t i = m->n_g; i < n && rc == GANSTAB_OK; i++) {
            v[i] -= r->gamma * 0.5 * grad[i];
            for (size_t j = 0; H != NULL && j < n; j++)
                J[i + j * n] -= r->gamma * 0.5 * H[i + j * n];
        }
        free(grad);
        free(H);
    }
    for (size_t i = 0; i < n && rc == GANSTAB_OK; i++)
        if (!isfinite(v[i]))
            rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "field",
                                   "component %zu of the field is not finite", i + 1);
    return rc;
}

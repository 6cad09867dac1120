/* Nagarajan & Kolter 2017, Sec. 4 and Figure 3: the linear-generator / quadratic-discriminator
 * GAN on uniform data. The field is computed from the objective by quadrature of its derivatives
 * (never from the paper's Jacobian formula):
 *   fake term  f(-w2 y^2), y = a z + s:   v_a = -dV/da = E[2 w2 y z f'(u)],  v_w2 = E[-y^2 f'(u)],
 *              u = -w2 y^2;
 *   real term  f(w2 r^2),  r = x + s:     v_w2 = E[r^2 f'(w2 r^2)],
 * with s the instance-noise shift (0 without noise). */
#include "ganstab/lq2d.h"

#include <gsl/gsl_integration.h>
#include <stdlib.h>

#include "../core/gsl_quiet.h"

static const char *const LQ2D_STATE[] = {"a", "w2"};

#define J2(i, j) ((i) + 2 * (j))

typedef struct {
    size_t n;
    double node[GANSTAB_LQ2D_NODES];
    double weight[GANSTAB_LQ2D_NODES]; /* for E over U[-1, 1]: Gauss-Legendre weights / 2 */
} lq2d_params;

static int lq2d_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                     const double *shift, double *v, double *J, ganstab_error *err)
{
    (void)err;
    const lq2d_params *p = m->params;
    double a = x[0], w2 = x[1], s = shift != NULL ? shift[0] : 0.0;
    for (size_t i = 0; i < p->n; i++) {
        double t = p->node[i], w = p->weight[i], f1 = 0.0, f2 = 0.0;
        if (side == GANSTAB_SIDE_FAKE) {
            double z = t, y = a * z + s, u = -w2 * y * y;
            ganstab_loss_derivatives(m->loss, u, &f1, &f2);
            v[1] += w * -y * y * f1;
            if (J != NULL) {
                J[J2(1, 0)] += w * (-2.0 * y * z * f1 + 2.0 * w2 * y * y * y * z * f2);
                J[J2(1, 1)] += w * y * y * y * y * f2;
            }
            if (m->loss == GANSTAB_LOSS_NONSATURATING) {
                /* The generator ascends f(D(G(z))) = f(w2 y^2) instead of descending
                   f(-w2 y^2): v_a = E[2 w2 y z f'(w2 y^2)]. Same Jacobian row at (1, 0). */
                double g1 = 0.0, g2 = 0.0;
                ganstab_loss_derivatives(m->loss, -u, &g1, &g2);
                v[0] += w * 2.0 * w2 * y * z * g1;
                if (J != NULL) {
                    J[J2(0, 0)] += w * (2.0 * w2 * z * z * g1 + 4.0 * w2 * w2 * y * y * z * z * g2);
                    J[J2(0, 1)] += w * (2.0 * y * z * g1 + 2.0 * w2 * y * y * y * z * g2);
                }
            } else {
                v[0] += w * 2.0 * w2 * y * z * f1;
                if (J != NULL) {
                    J[J2(0, 0)] += w * (2.0 * w2 * z * z * f1 - 4.0 * w2 * w2 * y * y * z * z * f2);
                    J[J2(0, 1)] += w * (2.0 * y * z * f1 - 2.0 * w2 * y * y * y * z * f2);
                }
            }
        } else {
            double r = t + s;
            ganstab_loss_derivatives(m->loss, w2 * r * r, &f1, &f2);
            v[1] += w * r * r * f1;
            if (J != NULL)
                J[J2(1, 1)] += w * r * r * r * r * f2;
        }
    }
    return GANSTAB_OK;
}

/* grad_x D = 2 w2 x, so the zero-centered penalty integrand is P = 2 w2^2 E[x^2] with
 * E[x^2] = 1/3 on the data and E[(a z)^2] = a^2/3 on the generator's samples. The
 * WGAN-GP/DRAGAN form (|2 w2 x| - g0)^2 is not implemented for this model. */
static int lq2d_penalty(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                        double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)kink;
    if (g0 != 0.0)
        return ganstab_error_set(err, GANSTAB_EINVAL, "lq2d",
                                 "penalties around g0 > 0 (wgan-gp, dragan) are not available for "
                                 "model lq2d");
    double a = x[0], w2 = x[1];
    if (side == GANSTAB_SIDE_REAL) {
        grad[1] += 4.0 * w2 / 3.0;
        if (H != NULL)
            H[J2(1, 1)] += 4.0 / 3.0;
    } else {
        grad[0] += 4.0 * w2 * w2 * a / 3.0;
        grad[1] += 4.0 * w2 * a * a / 3.0;
        if (H != NULL) {
            H[J2(0, 0)] += 4.0 * w2 * w2 / 3.0;
            H[J2(0, 1)] += 8.0 * w2 * a / 3.0;
            H[J2(1, 0)] += 8.0 * w2 * a / 3.0;
            H[J2(1, 1)] += 4.0 * a * a / 3.0;
        }
    }
    return GANSTAB_OK;
}

/* (a, w2) = (1, 0): the generator reproduces U[-1, 1] and the discriminator is 0. */
static void lq2d_equilibrium(const ganstab_model *m, double *x)
{
    (void)m;
    x[0] = 1.0;
    x[1] = 0.0;
}

static void lq2d_free_params(void *params)
{
    free(params);
}

static const ganstab_model_ops LQ2D_OPS = {
    "lq2d", lq2d_term, lq2d_penalty, lq2d_equilibrium, lq2d_free_params, NULL, NULL};

ganstab_model *ganstab_lq2d_alloc(ganstab_loss loss)
{
    ganstab_model *m = calloc(1, sizeof *m);
    lq2d_params *p = calloc(1, sizeof *p);
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(GANSTAB_LQ2D_NODES);
    ganstab_gsl_quiet_end(saved);
    if (m == NULL || p == NULL || t == NULL) {
        free(m);
        free(p);
        if (t != NULL)
            gsl_integration_glfixed_table_free(t);
        return NULL;
    }
    p->n = GANSTAB_LQ2D_NODES;
    for (size_t i = 0; i < p->n; i++) {
        double xi = 0.0, wi = 0.0;
        gsl_integration_glfixed_point(-1.0, 1.0, i, &xi, &wi, t);
        p->node[i] = xi;
        p->weight[i] = wi / 2.0; /* density of U[-1, 1] */
    }
    gsl_integration_glfixed_table_free(t);
    m->ops = &LQ2D_OPS;
    m->n_g = 1;
    m->n_d = 1;
    m->data_dim = 1;
    m->state_names = LQ2D_STATE;
    m->loss = loss;
    m->params = p;
    return m;
}

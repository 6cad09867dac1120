/* Dirac-GAN, Mescheder et al. 2018, Definition 2.1 and eq. (4):
 *   L(theta, psi) = f(psi * x_fake) + f(-psi * x_real),  x_fake = theta, x_real = 0,
 * the generator minimizes L, the discriminator maximizes it, v = (-dL/dtheta, +dL/dpsi).
 * Terms are written with shifted data points (x_fake = theta + s, x_real = 0 + s) so that
 * instance noise (Sec. 3.2) is the expectation of the shifted terms over s ~ N(0, sigma^2). */
#include <math.h>
#include <stdlib.h>

#include "ganstab/dirac.h"

static const char *const DIRAC_STATE[] = {"theta", "psi"};

/* Column-major 2x2 index. */
#define J2(i, j) ((i) + 2 * (j))

static int dirac_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                      const double *shift, double *v, double *J, ganstab_error *err)
{
    (void)err;
    double theta = x[0], psi = x[1], s = shift != NULL ? shift[0] : 0.0;
    double f1 = 0.0, f2 = 0.0;
    if (side == GANSTAB_SIDE_FAKE) {
        /* f(psi * y), y = theta + s: dL/dtheta = psi f'(u), dL/dpsi = y f'(u), u = psi y. */
        double y = theta + s, u = psi * y;
        ganstab_loss_derivatives(m->loss, u, &f1, &f2);
        v[1] += y * f1;
        if (J != NULL) {
            J[J2(1, 0)] += f1 + y * psi * f2;
            J[J2(1, 1)] += y * y * f2;
        }
        if (m->loss == GANSTAB_LOSS_NONSATURATING) {
            /* The generator ascends f(-psi y) instead of descending f(psi y):
               v_theta = d/dtheta f(-psi y) = -psi f'(-u). At the equilibrium its Jacobian row
               (0, -f'(0)) equals the saturating one; they differ from second order on. */
            double g1 = 0.0, g2 = 0.0;
            ganstab_loss_derivatives(m->loss, -u, &g1, &g2);
            v[0] += -psi * g1;
            if (J != NULL) {
                J[J2(0, 0)] += psi * psi * g2;
                J[J2(0, 1)] += -g1 + psi * y * g2;
            }
        } else {
            v[0] += -psi * f1;
            if (J != NULL) {
                J[J2(0, 0)] += -psi * psi * f2;
                J[J2(0, 1)] += -f1 - psi * y * f2;
            }
        }
    } else {
        /* f(-psi * r), r = 0 + s: dL/dpsi = -r f'(-psi r); no theta dependence. */
        double r = s, u = -psi * r;
        ganstab_loss_derivatives(m->loss, u, &f1, &f2);
        v[1] += -r * f1;
        if (J != NULL)
            J[J2(1, 1)] += r * r * f2;
    }
    return GANSTAB_OK;
}

/* grad_x D_psi(x) = psi everywhere, so on either side P = (|psi| - g0)^2 / 2 (eq. (7) with
 * gamma = 1 for g0 = 0). For g0 > 0, dP/dpsi = psi - g0 sign(psi) jumps by 2 g0 at psi = 0: we
 * return the limit psi -> 0+ (sign = +1) and flag the kink. */
static int dirac_penalty(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                         double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)side;
    (void)err;
    double psi = x[1];
    double sign = psi < 0.0 ? -1.0 : 1.0;
    grad[1] += psi - g0 * sign;
    if (H != NULL)
        H[J2(1, 1)] += 1.0;
    if (kink != NULL && g0 > 0.0 && fabs(psi) <= GANSTAB_KINK_RADIUS)
        *kink = 1;
    return GANSTAB_OK;
}

/* Lemma 2.2: the unique equilibrium is theta = psi = 0. */
static void dirac_equilibrium(const ganstab_model *m, double *x)
{
    (void)m;
    x[0] = 0.0;
    x[1] = 0.0;
}

static const ganstab_model_ops DIRAC_OPS = {"dirac", dirac_term, dirac_penalty, dirac_equilibrium,
                                            NULL,    NULL,       NULL};

ganstab_model *ganstab_dirac_alloc(ganstab_loss loss)
{
    ganstab_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->ops = &DIRAC_OPS;
    m->n_g = 1;
    m->n_d = 1;
    m->data_dim = 1;
    m->state_names = DIRAC_STATE;
    m->loss = loss;
    m->params = NULL;
    return m;
}

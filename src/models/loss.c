#include <math.h>

#include "ganstab/model.h"

const char *ganstab_loss_name(ganstab_loss loss)
{
    return loss == GANSTAB_LOSS_WGAN            ? "wgan"
           : loss == GANSTAB_LOSS_NONSATURATING ? "nonsaturating"
                                                : "standard";
}

void ganstab_loss_derivatives(ganstab_loss loss, double t, double *f1, double *f2)
{
    double d1 = 1.0, d2 = 0.0; /* WGAN: f(t) = t */
    if (loss != GANSTAB_LOSS_WGAN) {
        /* f(t) = -log(1 + e^-t): f'(t) = 1/(1 + e^t) = sigmoid(-t), f'' = -f'(1 - f').
           Evaluated in the form that never overflows exp. */
        double e = exp(-fabs(t));
        d1 = t >= 0.0 ? e / (1.0 + e) : 1.0 / (1.0 + e);
        d2 = -e / ((1.0 + e) * (1.0 + e));
    }
    if (f1 != NULL)
        *f1 = d1;
    if (f2 != NULL)
        *f2 = d2;
}

#include "ganstab/quadrature.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <math.h>

#include "gsl_quiet.h"

int ganstab_gauss_hermite_init(ganstab_gauss_hermite *q, size_t n, ganstab_error *err)
{
    if (n == 0 || n > GANSTAB_GAUSS_HERMITE_NODES)
        return ganstab_error_set(err, GANSTAB_EINVAL, "quadrature",
                                 "number of nodes must be in 1..%d, got %zu",
                                 GANSTAB_GAUSS_HERMITE_NODES, n);
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    /* weight exp(-(x - a)^2 b) |x - a|^alpha with a = 0, b = 1, alpha = 0 (GSL manual,
       "Fixed point quadratures"). */
    gsl_integration_fixed_workspace *w =
        gsl_integration_fixed_alloc(gsl_integration_fixed_hermite, n, 0.0, 1.0, 0.0, 0.0);
    ganstab_gsl_quiet_end(saved);
    if (w == NULL)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "quadrature",
                                 "gsl_integration_fixed_alloc failed for %zu nodes", n);
    const double *x = gsl_integration_fixed_nodes(w);
    const double *wt = gsl_integration_fixed_weights(w);
    q->n = n;
    for (size_t i = 0; i < n; i++) {
        q->node[i] = M_SQRT2 * x[i];
        q->weight[i] = wt[i] / sqrt(M_PI);
    }
    gsl_integration_fixed_free(w);
    return GANSTAB_OK;
}

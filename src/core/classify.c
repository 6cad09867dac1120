#include "ganstab/classify.h"

#include <math.h>

const char *ganstab_verdict_name(ganstab_verdict v)
{
    switch (v) {
    case GANSTAB_VERDICT_STABLE:
        return "stable";
    case GANSTAB_VERDICT_UNSTABLE:
        return "unstable";
    case GANSTAB_VERDICT_MARGINAL:
        return "marginal";
    case GANSTAB_VERDICT_NOT_STATIONARY:
        return "not-stationary";
    }
    return "unknown";
}

double ganstab_stability_margin(const ganstab_eigenvalue *ev, ganstab_dynamics dyn)
{
    return dyn == GANSTAB_DYNAMICS_FLOW ? ev->re : ev->abs - 1.0;
}

int ganstab_classify(const ganstab_eigenvalue *ev, size_t n, ganstab_dynamics dyn, double tol,
                     ganstab_verdict *verdict, size_t *decisive, ganstab_error *err)
{
    if (!(tol >= 0.0) || !isfinite(tol))
        return ganstab_error_set(err, GANSTAB_EINVAL, "classify",
                                 "tolerance must be a finite number >= 0, got %g", tol);
    if (n == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, "classify", "empty spectrum");
    int all_stable = 1, any_unstable = 0;
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        double m = ganstab_stability_margin(&ev[i], dyn);
        double u = ev[i].error_bound + tol;
        if (!(m < -u))
            all_stable = 0;
        if (m > u)
            any_unstable = 1;
        if (m > ganstab_stability_margin(&ev[best], dyn))
            best = i;
    }
    *verdict = any_unstable ? GANSTAB_VERDICT_UNSTABLE
               : all_stable ? GANSTAB_VERDICT_STABLE
                            : GANSTAB_VERDICT_MARGINAL;
    if (decisive != NULL)
        *decisive = best;
    return GANSTAB_OK;
}

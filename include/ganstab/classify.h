/* Stability verdicts from eigenvalues with error bounds: Hurwitz test for flows
 * (all Re lambda < 0), unit-circle test for maps (all |lambda| < 1). */
#ifndef GANSTAB_CLASSIFY_H
#define GANSTAB_CLASSIFY_H

#include <stddef.h>

#include "ganstab/eigen.h"

/* Absolute margin added to LAPACK's per-eigenvalue error bound before a verdict is decisive.
 * It covers what LAPACK's bound does not see: errors in the matrix entries themselves.
 * Jacobians here come from closed forms or 64-node Gauss-Hermite quadrature (entries accurate
 * to about 1e-14), and update operators are products of at most a few dozen sub-step matrices;
 * 1e-10 leaves four orders of magnitude above that. `--tol` overrides it. */
#define GANSTAB_DEFAULT_TOL 1e-10

typedef enum {
    GANSTAB_VERDICT_STABLE = 0,
    GANSTAB_VERDICT_UNSTABLE,
    GANSTAB_VERDICT_MARGINAL,
    GANSTAB_VERDICT_NOT_STATIONARY
} ganstab_verdict;

typedef enum {
    GANSTAB_DYNAMICS_FLOW = 0, /* x' = v(x): decide on Re lambda(J) */
    GANSTAB_DYNAMICS_MAP       /* x+ = F(x): decide on |lambda(F')| */
} ganstab_dynamics;

/* "stable", "unstable", "marginal", "not-stationary" (static storage). */
const char *ganstab_verdict_name(ganstab_verdict v);

/* Distance of eigenvalue ev from the stability boundary, signed: Re lambda for flows,
 * |lambda| - 1 for maps (negative = stable side). */
double ganstab_stability_margin(const ganstab_eigenvalue *ev, ganstab_dynamics dyn);

/* Verdict for the spectrum ev[0..n-1]: stable if every margin < -(bound_i + tol), unstable if
 * some margin > bound_i + tol, else marginal. *decisive (may be NULL) receives the index of the
 * eigenvalue with the largest margin. tol < 0 or NaN is rejected (GANSTAB_EINVAL). */
int ganstab_classify(const ganstab_eigenvalue *ev, size_t n, ganstab_dynamics dyn, double tol,
                     ganstab_verdict *verdict, size_t *decisive, ganstab_error *err);

#endif

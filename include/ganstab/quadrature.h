/* Gauss-Hermite rules for expectations over a standard normal variable:
 * E[g(Z)] ~ sum_i weight[i] * g(node[i]), Z ~ N(0, 1). Plain struct, no ownership. */
#ifndef GANSTAB_QUADRATURE_H
#define GANSTAB_QUADRATURE_H

#include <stddef.h>

#include "ganstab/error.h"

/* 64 nodes integrate polynomials of degree <= 127 exactly; at the equilibria studied here the
 * instance-noise integrands are polynomials of degree <= 2 in the noise, so the Jacobians the
 * analysis uses are exact to rounding. Away from the equilibrium the logistic integrand
 * f'(psi (theta + sigma z)) steepens with |psi| sigma: measured against adaptive quadrature
 * (tests/test_regularizer.c) the rule is accurate to ~1e-14 for |psi| sigma <= 1.5, but only to
 * 7e-6 at |psi| sigma = 4 and 1e-1 beyond 10. Trajectories far from equilibrium need more. */
#define GANSTAB_GAUSS_HERMITE_NODES 64

typedef struct {
    size_t n;
    double node[GANSTAB_GAUSS_HERMITE_NODES];   /* standard-normal abscissae sqrt(2)*x_i */
    double weight[GANSTAB_GAUSS_HERMITE_NODES]; /* w_i / sqrt(pi), summing to 1 */
} ganstab_gauss_hermite;

/* Fill q with an n-node rule (1 <= n <= GANSTAB_GAUSS_HERMITE_NODES) from GSL's
 * gsl_integration_fixed_hermite. */
int ganstab_gauss_hermite_init(ganstab_gauss_hermite *q, size_t n, ganstab_error *err);

#endif

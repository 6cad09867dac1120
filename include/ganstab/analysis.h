/* The analysis pipeline: case -> model field (+ regularizer) -> Jacobian at the equilibrium
 * (analytic, cross-checked by central differences) -> update operator -> eigenvalues ->
 * verdict. ganstab_analyze allocates the result; ganstab_result_free releases all of it. */
#ifndef GANSTAB_ANALYSIS_H
#define GANSTAB_ANALYSIS_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/classify.h"
#include "ganstab/eigen.h"
#include "ganstab/matrix.h"

/* Largest |v(x*)| for which x* counts as stationary. Fields here are O(1) near x* and exact to
 * ~1e-15 at x* (closed forms; quadrature that is exact for the polynomial integrands there); a
 * residual above 1e-10 is a real displacement of the equilibrium, not rounding. */
#define GANSTAB_STATIONARY_TOL 1e-10

typedef struct {
    size_t n, n_g, n_d;
    const char *const *state_names;        /* static storage */
    double *equilibrium;                   /* n */
    double residual;                       /* |v(x*)|_2 */
    ganstab_matrix *jacobian;              /* analytic J = dv/dx at x* */
    ganstab_matrix *jacobian_fd;           /* central-difference J */
    double jacobian_max_abs_diff;          /* max |J - J_fd| */
    int jacobian_agrees;                   /* max_abs_diff <= GANSTAB_FD_TOL */
    ganstab_eigenvalue *field_eigenvalues; /* n, of J */
    ganstab_matrix *op;                    /* update operator; NULL for flow */
    ganstab_eigenvalue *eigenvalues;       /* n, the deciding spectrum: of J (flow) or of op */
    double spectral_abscissa;              /* max Re of the field eigenvalues */
    double spectral_radius;                /* max |.| of op eigenvalues; NAN for flow */
    ganstab_dynamics dynamics;
    ganstab_verdict verdict;
    size_t decisive; /* index into eigenvalues */
    double tol;
} ganstab_result;

int ganstab_analyze(const ganstab_case *c, double tol, ganstab_result **out, ganstab_error *err);
void ganstab_result_free(ganstab_result *r); /* accepts NULL */

/* State dimension of the case's model. */
int ganstab_case_dimension(const ganstab_case *c, size_t *n, ganstab_error *err);

/* Only the deciding spectrum (no finite-difference check): for parameter sweeps. ev has
 * ganstab_case_dimension() entries. */
int ganstab_analysis_spectrum(const ganstab_case *c, ganstab_eigenvalue *ev, ganstab_error *err);

/* Every crossing of the case's deciding spectrum as parameter `key` runs over (from, to). */
#include "ganstab/critical.h"
int ganstab_analysis_crossings(const ganstab_case *c, ganstab_case_key key, double from, double to,
                               double tol, size_t scan, ganstab_crossing **out, size_t *count,
                               ganstab_error *err);

#endif

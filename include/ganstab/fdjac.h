/* Central finite-difference Jacobian of a vector field (GSL gsl_deriv_central, column by
 * column): the independent cross-check of every model's analytic Jacobian. */
#ifndef GANSTAB_FDJAC_H
#define GANSTAB_FDJAC_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/field.h"

/* Initial step of gsl_deriv_central; GSL adapts it to balance truncation against rounding
 * (error ~ eps^(2/3) ~ 1e-11 for O(1) fields). */
#define GANSTAB_FD_STEP 1e-4
/* Largest accepted |analytic - finite difference| entry: above GSL's ~1e-10 error estimate
 * for O(1) fields by two orders, below any modelling error we want to catch. */
#define GANSTAB_FD_TOL 1e-7

/* J (n-by-n, column-major) ~ d field / dx at x; field is called with J = NULL. */
int ganstab_jacobian_fd(ganstab_field_fn field, void *ctx, size_t n, const double *x, double *J,
                        ganstab_error *err);

#endif

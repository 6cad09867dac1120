/* The one callback type for a vector field v(x) and its Jacobian, used by every module that
 * evaluates a field it does not own (fdjac, update, simulate, analysis): context last, as GSL's
 * gsl_function f(x, params). */
#ifndef GANSTAB_FIELD_H
#define GANSTAB_FIELD_H

#include "ganstab/error.h"

/* v (n numbers) = field(x) at x (n numbers) and, where J is not NULL, J (n-by-n, column-major) =
 * dv/dx at x; n is the dimension the caller and the field agree on. ctx is the caller's, passed
 * through untouched. Returns GANSTAB_OK or a negative code with err filled (err may be NULL).
 * A field that cannot give its Jacobian is used only where J is NULL (e.g. by
 * ganstab_jacobian_fd). */
typedef int (*ganstab_field_fn)(const double *x, double *v, double *J, void *ctx,
                                ganstab_error *err);

#endif

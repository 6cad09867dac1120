#define _POSIX_C_SOURCE 200809L
#include "ganstab/fdjac.h"

#include <gsl/gsl_deriv.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>

#include "gsl_quiet.h"

typedef struct {
    ganstab_field_fn field;
    void *ctx;
    size_t n, col, row;
    const double *x0;
    double *x, *v;
    int status;
    ganstab_error *err;
} fd_ctx;

static double component(double t, void *param)
{
    fd_ctx *c = param;
    if (c->status != GANSTAB_OK)
        return NAN;
    for (size_t k = 0; k < c->n; k++)
        c->x[k] = c->x0[k];
    c->x[c->col] = t;
    c->status = c->field(c->x, c->v, NULL, c->ctx, c->err);
    return c->status == GANSTAB_OK ? c->v[c->row] : NAN;
}

int ganstab_jacobian_fd(ganstab_field_fn field, void *ctx, size_t n, const double *x, double *J,
                        ganstab_error *err)
{
    fd_ctx c = {field, ctx, n, 0, 0, x, NULL, NULL, GANSTAB_OK, err};
    c.x = malloc(n * sizeof *c.x);
    c.v = malloc(n * sizeof *c.v);
    if (c.x == NULL || c.v == NULL) {
        free(c.x);
        free(c.v);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "fdjac", "out of memory");
    }
    gsl_function f = {component, &c};
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = GANSTAB_OK;
    for (size_t j = 0; j < n && rc == GANSTAB_OK; j++)
        for (size_t i = 0; i < n && rc == GANSTAB_OK; i++) {
            c.col = j;
            c.row = i;
            double result = 0.0, abserr = 0.0;
            int gs = gsl_deriv_central(&f, x[j], GANSTAB_FD_STEP, &result, &abserr);
            if (c.status != GANSTAB_OK)
                rc = c.status;
            else if (gs != GSL_SUCCESS || !isfinite(result))
                rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "fdjac: gsl_deriv_central",
                                       "entry (%zu,%zu): %s", i + 1, j + 1, gsl_strerror(gs));
            else
                J[i + j * n] = result;
        }
    ganstab_gsl_quiet_end(saved);
    free(c.x);
    free(c.v);
    return rc;
}

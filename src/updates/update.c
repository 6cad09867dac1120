#include "ganstab/update.h"

#include <stdlib.h>

const char *ganstab_scheme_name(ganstab_scheme s)
{
    switch (s) {
    case GANSTAB_SCHEME_SIMGD:
        return "simgd";
    case GANSTAB_SCHEME_ALTGD:
        return "altgd";
    case GANSTAB_SCHEME_TTUR:
        return "ttur";
    case GANSTAB_SCHEME_OPTIMAL:
        return "optimal";
    case GANSTAB_SCHEME_UNROLLED:
        return "unrolled";
    default:
        return "flow";
    }
}

const char *ganstab_order_name(ganstab_order o)
{
    return o == GANSTAB_ORDER_DISC_FIRST ? "disc-first" : "gen-first";
}

ganstab_dynamics ganstab_update_dynamics(const ganstab_update *u)
{
    return u->scheme == GANSTAB_SCHEME_FLOW ? GANSTAB_DYNAMICS_FLOW : GANSTAB_DYNAMICS_MAP;
}

/* S = I + D J with D = diag(step_g on the first n_g rows, step_d on the rest): the Jacobian of
 * x -> x + D v(x). simgd: step_g = step_d = h; ttur: (h_g, h_d); an altgd generator sub-step:
 * (h, 0); a discriminator sub-step: (0, h) (Mescheder et al. 2018, Sec. 2.1). */
static void step_matrix(const ganstab_matrix *J, size_t n_g, double step_g, double step_d,
                        ganstab_matrix *S)
{
    size_t n = J->rows;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            double d = i < n_g ? step_g : step_d;
            ganstab_matrix_set(S, i, j, (i == j ? 1.0 : 0.0) + d * ganstab_matrix_get(J, i, j));
        }
}

/* A <- S^k A, using tmp. */
static int apply_power(const ganstab_matrix *S, unsigned k, ganstab_matrix *A, ganstab_matrix *tmp,
                       ganstab_error *err)
{
    for (unsigned i = 0; i < k; i++) {
        int rc = ganstab_matrix_mul(S, A, tmp, err);
        if (rc != GANSTAB_OK)
            return rc;
        rc = ganstab_matrix_copy(tmp, A, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

int ganstab_update_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                            ganstab_matrix *A, ganstab_error *err)
{
    size_t n = J->rows;
    if (J->cols != n || A->rows != n || A->cols != n || n_g > n)
        return ganstab_error_set(err, GANSTAB_EINVAL, "update", "dimension mismatch");
    switch (u->scheme) {
    case GANSTAB_SCHEME_FLOW:
        return ganstab_matrix_copy(J, A, err);
    case GANSTAB_SCHEME_SIMGD:
        step_matrix(J, n_g, u->h, u->h, A);
        return GANSTAB_OK;
    case GANSTAB_SCHEME_TTUR:
        step_matrix(J, n_g, u->hg, u->hd, A);
        return GANSTAB_OK;
    case GANSTAB_SCHEME_ALTGD:
        break;
    case GANSTAB_SCHEME_OPTIMAL:
    case GANSTAB_SCHEME_UNROLLED:
        /* the best response (a discontinuous function of the state where F has a double root)
           and the unrolled generator gradient (third derivatives of the payoff) are not
           functions of J */
        return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                 "scheme '%s' has no update operator built from the field's "
                                 "Jacobian: it is simulated only (ganstab simulate)",
                                 ganstab_scheme_name(u->scheme));
    }
    /* altgd: n_g generator sub-steps, then n_d discriminator sub-steps (gen-first), each
       evaluated at the current iterate; the map is their composition, so its Jacobian is the
       product with the first sub-step rightmost (Mescheder et al. 2018, Lemma 2.5). */
    ganstab_matrix *Sg = ganstab_matrix_alloc(n, n), *Sd = ganstab_matrix_alloc(n, n);
    ganstab_matrix *tmp = ganstab_matrix_alloc(n, n);
    int rc = GANSTAB_OK;
    if (Sg == NULL || Sd == NULL || tmp == NULL) {
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "update", "out of memory");
    } else {
        step_matrix(J, n_g, u->h, 0.0, Sg);
        step_matrix(J, n_g, 0.0, u->h, Sd);
        ganstab_matrix_set_identity(A);
        if (u->order == GANSTAB_ORDER_GEN_FIRST) {
            rc = apply_power(Sg, u->ng, A, tmp, err);
            if (rc == GANSTAB_OK)
                rc = apply_power(Sd, u->nd, A, tmp, err);
        } else {
            rc = apply_power(Sd, u->nd, A, tmp, err);
            if (rc == GANSTAB_OK)
                rc = apply_power(Sg, u->ng, A, tmp, err);
        }
    }
    ganstab_matrix_free(Sg);
    ganstab_matrix_free(Sd);
    ganstab_matrix_free(tmp);
    return rc;
}

/* Update operators: the Jacobian of the training update map at an equilibrium, built from
 * the field Jacobian J alone (Mescheder et al. 2017/2018: F_h(x) = x + h v(x), ...). */
#ifndef GANSTAB_UPDATE_H
#define GANSTAB_UPDATE_H

#include <stddef.h>

#include "ganstab/classify.h"
#include "ganstab/error.h"
#include "ganstab/matrix.h"

typedef enum {
    GANSTAB_SCHEME_FLOW = 0, /* x' = v(x): the operator is J itself */
    GANSTAB_SCHEME_SIMGD,    /* I + hJ */
    GANSTAB_SCHEME_ALTGD,    /* product of n_g generator and n_d discriminator sub-steps */
    GANSTAB_SCHEME_TTUR,     /* I + diag(h_g I, h_d I) J */
    /* Dynamics of model gmm without an operator here (Li et al. 2018): the optimal-discriminator
     * dynamics (eqs. (7)-(8)) and unrolled GAN training (Metz et al. 2017); simulate only. */
    GANSTAB_SCHEME_OPTIMAL,
    GANSTAB_SCHEME_UNROLLED
} ganstab_scheme;

typedef enum { GANSTAB_ORDER_GEN_FIRST = 0, GANSTAB_ORDER_DISC_FIRST } ganstab_order;

typedef struct {
    ganstab_scheme scheme;
    double h;        /* simgd, altgd */
    double hg, hd;   /* ttur */
    unsigned ng, nd; /* altgd sub-steps */
    ganstab_order order;
} ganstab_update;

const char *ganstab_scheme_name(ganstab_scheme s);
const char *ganstab_order_name(ganstab_order o);
/* Flow for GANSTAB_SCHEME_FLOW, map otherwise. */
ganstab_dynamics ganstab_update_dynamics(const ganstab_update *u);

/* A (n-by-n) = Jacobian of one update of scheme u given the field Jacobian J at the
 * equilibrium; the first n_g rows/columns are the generator's. For flow, A = J. */
int ganstab_update_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                            ganstab_matrix *A, ganstab_error *err);

#endif

/* The model interface: a two-player game on x = (theta, psi) (generator first) given as a sum
 * of a real-data term and a fake-data term, each with an analytic Jacobian, plus the gradient
 * penalty hook the regularizers need. Models own nothing the caller must free except through
 * ganstab_model_free. */
#ifndef GANSTAB_MODEL_H
#define GANSTAB_MODEL_H

#include <stddef.h>

#include "ganstab/error.h"

/* The function f in L = E_fake f(D(G(z))) + E_real f(-D(x)) (Mescheder et al. 2018, eq. (1)). */
typedef enum {
    GANSTAB_LOSS_STANDARD = 0, /* f(t) = -log(1 + exp(-t)) (Goodfellow et al. 2014) */
    GANSTAB_LOSS_WGAN,         /* f(t) = t (Arjovsky et al. 2017) */
    /* standard f for the discriminator; the generator instead maximizes f(-D(G(z))), i.e.
     * log(1 - sigma(D)) in the paper's convention where sigma(D) is "fake" (Goodfellow et al.
     * 2014's non-saturating heuristic; Mescheder et al. 2018, Sec. 3 and Figure 3b) */
    GANSTAB_LOSS_NONSATURATING
} ganstab_loss;

/* f'(t) and f''(t) of the loss (either pointer may be NULL). */
void ganstab_loss_derivatives(ganstab_loss loss, double t, double *f1, double *f2);
const char *ganstab_loss_name(ganstab_loss loss);

typedef enum { GANSTAB_SIDE_REAL = 0, GANSTAB_SIDE_FAKE = 1 } ganstab_data_side;

/* A point this close to where a penalty is not differentiable counts as on the kink. Newton's
 * method, searching stationary points, converges onto a kink (|psi| ~ 1e-15 with residual
 * ~1e-15: a corner of the one-sided fields, not a stationary point of either side); genuine
 * smooth stationary points of the O(1) models here lie O(1) away from it. */
#define GANSTAB_KINK_RADIUS 1e-8

typedef struct ganstab_model ganstab_model;

typedef struct {
    const char *name;
    /* v[0..n) += the side's term of the game field v = (-grad_theta L, +grad_psi L) with every
     * data point of that side shifted by shift[0..data_dim); J (n-by-n column-major, may be
     * NULL) += its Jacobian in x. */
    int (*term)(const ganstab_model *m, ganstab_data_side side, const double *x,
                const double *shift, double *v, double *J, ganstab_error *err);
    /* grad[0..n) += d/dx P and H (n-by-n, may be NULL) += d2/dx2 P, where
     * P(x) = 1/2 E_side (|grad_data D_psi(data)| - g0)^2: the zero-centered gradient-penalty
     * integrand for g0 = 0 (gp, R1, R2), the WGAN-GP/DRAGAN one for g0 > 0. P is not
     * differentiable where |grad D| = 0 and g0 > 0; there the model uses the one-sided limit,
     * and within GANSTAB_KINK_RADIUS of it sets *kink = 1 (kink may be NULL). */
    int (*penalty)(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                   double *grad, double *H, int *kink, ganstab_error *err);
    /* The equilibrium the model is analysed at (the paper's Nash equilibrium). */
    void (*equilibrium)(const ganstab_model *m, double *x);
    void (*free_params)(void *params);
    /* Optional (NULL: the equilibrium is isolated). The tangent space at the equilibrium x of
     * the model's set of equilibria: returns its dimension k and, if basis is not NULL, fills
     * basis (n-by-k, column-major) with a basis of it (not necessarily orthonormal). */
    size_t (*tangent)(const ganstab_model *m, const double *x, double *basis);
    /* Optional (NULL: the regularizers take it from central differences of the analytic J).
     * C (n-by-n, column-major) = sum_k w[k] d2 v_k/(dx dx^T) at x, with v the field of term()
     * (both sides, no shift): the curvature term of ConOpt's and the NK regularizer's Jacobians,
     * for models that have it exactly (model expr: symbolic third derivatives of the payoff). */
    int (*curvature)(const ganstab_model *m, const double *x, const double *w, double *C,
                     ganstab_error *err);
} ganstab_model_ops;

struct ganstab_model {
    const ganstab_model_ops *ops;
    size_t n_g, n_d;                /* generator and discriminator parameter counts */
    size_t data_dim;                /* dimension of a data point */
    const char *const *state_names; /* n_g + n_d names, owned by the model (static storage
                                       for fixed-size models); ganstab_model_names_copy makes a
                                       copy that outlives the model */
    ganstab_loss loss;
    void *params; /* model-specific, owned */
    /* NULL if the field can be evaluated near the equilibrium (so finite differences can check
     * the analytic Jacobian); otherwise why not (static storage or owned by params). */
    const char *fd_unavailable;
};

void ganstab_model_free(ganstab_model *m); /* accepts NULL */

/* A copy of m's n_g + n_d state names in one allocation (the pointer array followed by the
 * characters): release it with a single free(). NULL when out of memory. */
const char **ganstab_model_names_copy(const ganstab_model *m);

#endif

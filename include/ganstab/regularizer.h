/* Regularizers as field transformers: they turn a model's data terms into the regularized
 * game field v and its analytic Jacobian J (Mescheder et al. 2018, Sec. 3 and eq. (14)). */
#ifndef GANSTAB_REGULARIZER_H
#define GANSTAB_REGULARIZER_H

#include "ganstab/error.h"
#include "ganstab/model.h"
#include "ganstab/quadrature.h"

typedef enum {
    GANSTAB_REG_NONE = 0,
    GANSTAB_REG_GP,   /* gamma/2 * E_{(p_D + p_theta)/2} |grad D|^2 subtracted from the
                         discriminator's objective (eq. (7); Roth et al. 2017 without weights) */
    GANSTAB_REG_NOISE /* Gaussian instance noise N(0, sigma^2) on real and fake data (Sec. 3.2) */
} ganstab_regularizer_kind;

typedef struct {
    ganstab_regularizer_kind kind;
    double gamma;               /* gp */
    double sigma;               /* noise */
    ganstab_gauss_hermite rule; /* filled by ganstab_regularizer_init */
} ganstab_regularizer;

const char *ganstab_regularizer_name(ganstab_regularizer_kind kind);

/* Validate parameters and prepare quadrature. */
int ganstab_regularizer_init(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma,
                             double sigma, ganstab_error *err);

/* The regularized field at x: v[0..n) and, if J is not NULL, its analytic Jacobian
 * (n-by-n, column-major). n = m->n_g + m->n_d. */
int ganstab_field_eval(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                       double *v, double *J, ganstab_error *err);

#endif

/* Regularizers as field transformers: they turn a model's data terms into the regularized
 * game field v and its analytic Jacobian J (Mescheder et al. 2018, Sec. 3 and eq. (14)). */
#ifndef GANSTAB_REGULARIZER_H
#define GANSTAB_REGULARIZER_H

#include "ganstab/error.h"
#include "ganstab/model.h"
#include "ganstab/quadrature.h"

typedef enum {
    GANSTAB_REG_NONE = 0,
    GANSTAB_REG_GP,    /* gamma/2 * E_{(p_D + p_theta)/2} |grad D|^2 subtracted from the
                          discriminator's objective (eq. (7); Roth et al. 2017 without weights) */
    GANSTAB_REG_NOISE, /* Gaussian instance noise N(0, sigma^2) on real and fake data (Sec. 3.2) */
    GANSTAB_REG_R1,    /* gamma/2 * E_{p_D} |grad D|^2 (eq. (9)) */
    GANSTAB_REG_R2,    /* gamma/2 * E_{p_theta} |grad D|^2 (eq. (10)) */
    GANSTAB_REG_WGAN_GP, /* gamma/2 * E_{x^} (|grad D(x^)| - g0)^2 on interpolates x^ between real
                            and fake (Gulrajani et al. 2017) */
    GANSTAB_REG_DRAGAN,  /* gamma/2 * E_{x~ = x_real + noise} (|grad D(x~)| - g0)^2 (Kodali et al.
                            2017) */
    GANSTAB_REG_CONOPT,  /* consensus optimization: v - gamma grad(1/2 |v|^2) = v - gamma J^T v
                            (Mescheder et al. 2017) */
    GANSTAB_REG_NK       /* Nagarajan & Kolter 2017, eq. (4): the generator descends
                            V + eta |grad_D V|^2 */
} ganstab_regularizer_kind;

typedef struct {
    ganstab_regularizer_kind kind;
    double gamma;               /* gp */
    double sigma;               /* noise */
    double g0;                  /* wgan-gp, dragan: target gradient norm */
    double eta;                 /* nk: weight of |grad_D V|^2 in the generator's objective */
    ganstab_gauss_hermite rule; /* filled by ganstab_regularizer_init */
} ganstab_regularizer;

const char *ganstab_regularizer_name(ganstab_regularizer_kind kind);

/* Validate parameters and prepare quadrature. */
int ganstab_regularizer_init(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma,
                             double sigma, double g0, double eta, ganstab_error *err);

/* The regularized field at x: v[0..n) and, if J is not NULL, its analytic Jacobian
 * (n-by-n, column-major). n = m->n_g + m->n_d. */
int ganstab_field_eval(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                       double *v, double *J, ganstab_error *err);

/* 1 if the field is not differentiable at x (a WGAN-GP/DRAGAN penalty at a zero discriminator
 * gradient); ganstab_field_eval then returns the one-sided limit there. */
int ganstab_field_kink(const ganstab_model *m, const ganstab_regularizer *r, const double *x);

#endif

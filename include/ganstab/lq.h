/* The d-dimensional LQ-GAN (Nagarajan & Kolter 2017, Sec. 3.3 and Appendix D): data
 * x ~ N(m, Sigma) in R^d, generator G(z) = A z + b with z ~ N(0, I_d), quadratic discriminator
 * D(x) = x^T W x + w^T x + c (W symmetric), objective V = E_x f(D(x)) + E_z f(-D(G(z))); the
 * generator minimizes V, the discriminator maximizes it. The model owns its parameters. */
#ifndef GANSTAB_LQ_H
#define GANSTAB_LQ_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/model.h"

/* Largest data dimension d: the state has d^2 + d + d(d+1)/2 + d + 1 components (2501 at
 * d = 40), and every analysis is a few dense O(n^3) eigen- and singular-value solves. */
#define GANSTAB_LQ_MAX_DIM 40

/* Gauss-Hermite nodes per dimension of the tensor rule for fields away from D = 0: exact for
 * polynomials of degree <= 19 in each latent coordinate, which covers every integrand where
 * the field is a polynomial (degree <= 4 at D = 0); elsewhere the integrands are polynomials
 * times f'(D(x)), analytic, so the rule converges geometrically. */
#define GANSTAB_LQ_NODES 10
/* The tensor rule has GANSTAB_LQ_NODES^d points; beyond this d it is too expensive and the
 * field of the non-WGAN losses is available only where D = 0 (closed form). */
#define GANSTAB_LQ_QUADRATURE_MAX_DIM 3

/* State layout for dimension d: theta_G = (A row-major d^2, b d), theta_D = (W upper triangle
 * row-major incl. the diagonal d(d+1)/2 with D = sum_i W_ii x_i^2 + 2 sum_{i<j} W_ij x_i x_j,
 * w d, c). */
size_t ganstab_lq_generator_count(size_t d);
size_t ganstab_lq_discriminator_count(size_t d);

/* A new model for data N(mean, cov) in R^d (cov d-by-d, symmetric positive definite, column-
 * major; 1 <= d <= GANSTAB_LQ_MAX_DIM). *out owned by the caller
 * (ganstab_model_free). GANSTAB_EINVAL if cov is not positive definite, GANSTAB_ENOMEM. */
int ganstab_lq_alloc(ganstab_loss loss, size_t d, const double *mean, const double *cov,
                     ganstab_model **out, ganstab_error *err);

/* Tests: evaluate the field by the quadrature rule even where the closed form applies
 * (d <= GANSTAB_LQ_QUADRATURE_MAX_DIM only; GANSTAB_EINVAL otherwise). */
int ganstab_lq_force_quadrature(ganstab_model *m, int on, ganstab_error *err);

#endif

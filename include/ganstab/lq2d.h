/* The LQ-GAN of Nagarajan & Kolter 2017, Figure 3: real data x ~ U[-1, 1], latent z ~ U[-1, 1],
 * discriminator D(x) = w2 x^2, generator G(z) = a z, objective
 * V = E_x f(D(x)) + E_z f(-D(G(z))) (their eq. (2)); the generator minimizes V, the discriminator
 * maximizes it. State (a, w2), generator first; equilibrium (a, w2) = (1, 0). */
#ifndef GANSTAB_LQ2D_H
#define GANSTAB_LQ2D_H

#include "ganstab/model.h"

/* Gauss-Legendre nodes for the uniform expectations: exact for polynomials of degree <= 127,
 * which covers every integrand at the equilibrium (degree <= 4 in x or z); elsewhere the
 * integrands are polynomials times f'(w2 x^2), analytic, so the rule converges geometrically. */
#define GANSTAB_LQ2D_NODES 64

/* A new LQ-GAN model with the given loss; NULL when out of memory. */
ganstab_model *ganstab_lq2d_alloc(ganstab_loss loss);

#endif

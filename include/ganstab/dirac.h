/* The Dirac-GAN (Mescheder et al. 2018, Definition 2.1): data p_D = delta_0, generator
 * p_theta = delta_theta, discriminator D_psi(x) = psi*x, so L(theta, psi) = f(psi*theta) + f(0). */
#ifndef GANSTAB_DIRAC_H
#define GANSTAB_DIRAC_H

#include "ganstab/model.h"

/* A new Dirac-GAN model with the given loss; NULL when out of memory. State (theta, psi). */
ganstab_model *ganstab_dirac_alloc(ganstab_loss loss);

#endif

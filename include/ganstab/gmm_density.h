/* What Li et al. 2018's Figure 3 shows for a run of the GMM-GAN (model gmm): the generator and the
 * discriminator at the start and at the end of the run, the optimal discriminator {F > 0} for the
 * start's generator, and the discriminator trained alone from the start (the generator held), each
 * with its TV distance to the data. The numbers of the density figure (plot.h); plain structs, no
 * ownership, no global state. */
#ifndef GANSTAB_GMM_DENSITY_H
#define GANSTAB_GMM_DENSITY_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/error.h"
#include "ganstab/gmm.h"

typedef struct {
    double mu[2];   /* the generator's means (mu1, mu2) */
    double disc[4]; /* the discriminator's intervals (l1, r1, l2, r2) */
    int open[2];    /* ganstab_gmm_interval_open of (l1, r1) and of (l2, r2) */
    double tv;      /* d_TV(G_mu*, G_mu) (eq. (3)) */
} ganstab_gmm_density_panel;

typedef struct {
    /* (a) the start; (b) the start's generator with the optimal discriminator; (c) the start's
       generator with the discriminator after `steps` first-order steps alone (eta_g = 0);
       (d) the end */
    ganstab_gmm_density_panel panel[4];
    /* the zeros of F for the start's generator: its optimal discriminator's intervals */
    ganstab_gmm_crossings optimal;
} ganstab_gmm_density;

/* The figure's numbers for run (a case of model gmm; mu* = run->gmm_mu_star) whose trajectory
 * starts at start and ends at end (6 components each: mu1, mu2, l1, r1, l2, r2). The held
 * discriminator steps with run's h (h_d for ttur), unroll and mode-collapse gap. Errors of gmm.h
 * (non-finite states, invalid step sizes) are returned as they are. */
int ganstab_gmm_density_compute(const ganstab_case *run, size_t steps, const double *start,
                                const double *end, ganstab_gmm_density *out, ganstab_error *err);

#endif

/* The numbers of Li et al. 2018's Figure 3 for a run of model gmm (gmm_density.h): the optimal
 * discriminator, the discriminator trained alone and the TV distances, from gmm.h, so that the
 * figure (src/figures/plot_case.c) does not drive the model's stepper itself. */
#include "ganstab/gmm_density.h"

#include <string.h>

static void panel_set(ganstab_gmm_density_panel *p, const double *mu, const double *disc, double tv)
{
    memcpy(p->mu, mu, sizeof p->mu);
    memcpy(p->disc, disc, sizeof p->disc);
    for (int j = 0; j < 2; j++)
        p->open[j] = ganstab_gmm_interval_open(disc[2 * j], disc[2 * j + 1]);
    p->tv = tv;
}

int ganstab_gmm_density_compute(const ganstab_case *run, size_t steps, const double *start,
                                const double *end, ganstab_gmm_density *out, ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    const double *mu_star = run->gmm_mu_star;
    double best[4], held[6];
    int rc = ganstab_gmm_best_response(mu_star, start, best, &out->optimal, err);
    memcpy(held, start, sizeof held);
    ganstab_gmm_stepper stepper;
    double h = run->update.scheme == GANSTAB_SCHEME_TTUR ? run->update.hd : run->update.h;
    if (rc == GANSTAB_OK)
        rc = ganstab_gmm_stepper_init(&stepper, GANSTAB_GMM_FIRST_ORDER, mu_star, 0.0, h,
                                      run->unroll, run->gmm_mode_collapse, err);
    for (size_t k = 0; rc == GANSTAB_OK && k < steps; k++)
        rc = ganstab_gmm_step(&stepper, held, NULL, err);
    double tv_start = 0.0, tv_end = 0.0;
    if (rc == GANSTAB_OK)
        rc = ganstab_gmm_tv(mu_star, start, &tv_start, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_gmm_tv(mu_star, end, &tv_end, err);
    if (rc != GANSTAB_OK)
        return rc;
    panel_set(&out->panel[0], start, start + 2, tv_start);
    panel_set(&out->panel[1], start, best, tv_start);
    panel_set(&out->panel[2], start, held + 2, tv_start);
    panel_set(&out->panel[3], end, end + 2, tv_end);
    return GANSTAB_OK;
}

/* What the nonlinear dynamics of a case do (nonlinear.h): simulate from x* + an offset and classify
 * the distance to the equilibrium. Used for the marginal cases of a report and by Table 1's rows
 * (src/claims/table1.c). */
#include "ganstab/nonlinear.h"

#include <math.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/simulate.h"

const char *ganstab_sim_outcome_name(ganstab_sim_outcome o)
{
    switch (o) {
    case GANSTAB_SIM_CONVERGES:
        return "converges";
    case GANSTAB_SIM_CONVERGES_SLOWLY:
        return "converges slowly";
    case GANSTAB_SIM_CYCLES:
        return "cycles";
    default:
        return "diverges";
    }
}

static double window_mean(const double *d, size_t from, size_t to)
{
    double s = 0.0;
    for (size_t k = from; k < to; k++)
        s += d[k];
    return to > from ? s / (double)(to - from) : d[from];
}

static ganstab_sim_outcome classify_trajectory(const ganstab_trajectory *t, double *ratio)
{
    size_t n = t->n_points;
    double d0 = t->distance[0], dn = t->distance[n - 1];
    *ratio = dn / d0;
    if (!isfinite(dn) || dn > GANSTAB_NONLINEAR_DIVERGED * d0)
        return GANSTAB_SIM_DIVERGES;
    if (dn <= GANSTAB_NONLINEAR_CONVERGED * d0)
        return GANSTAB_SIM_CONVERGES;
    double mid = window_mean(t->distance, n * 4 / 10, n * 5 / 10);
    double late = window_mean(t->distance, n * 9 / 10, n);
    if (late < GANSTAB_NONLINEAR_TREND * mid)
        return GANSTAB_SIM_CONVERGES_SLOWLY;
    if (late * GANSTAB_NONLINEAR_TREND > mid)
        return GANSTAB_SIM_DIVERGES;
    return GANSTAB_SIM_CYCLES;
}

int ganstab_nonlinear_simulate(const ganstab_case *c, size_t steps, double t_end,
                               ganstab_nonlinear *out, ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    out->steps = steps;
    out->t_end = c->update.scheme == GANSTAB_SCHEME_FLOW   ? t_end
                 : c->update.scheme == GANSTAB_SCHEME_TTUR ? (double)steps
                                                           : (double)steps * c->update.h;
    ganstab_game g;
    int rc = ganstab_game_init(c, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    ganstab_sim_options opt;
    ganstab_sim_options_init(&opt);
    opt.steps = steps;
    opt.has_t_end = c->update.scheme == GANSTAB_SCHEME_FLOW;
    opt.t_end = t_end;
    opt.has_init = 1;
    opt.n_init = ganstab_game_dimension(&g);
    double xstar[GANSTAB_SIM_MAX_DIM] = {0};
    if (opt.n_init <= GANSTAB_SIM_MAX_DIM)
        g.model->ops->equilibrium(g.model, xstar);
    ganstab_game_free(&g);
    for (size_t i = 0; i < opt.n_init && i < GANSTAB_SIM_MAX_DIM; i++) {
        opt.init[i] = xstar[i] + GANSTAB_NONLINEAR_START;
        if (i < GANSTAB_SIM_START_MAX)
            out->start[i] = opt.init[i];
    }
    out->n = opt.n_init;
    ganstab_trajectory *t = NULL;
    ganstab_error sim_err;
    ganstab_error_clear(&sim_err);
    rc = ganstab_simulate(c, &opt, &t, &sim_err);
    if (rc == GANSTAB_ENUMERIC) {
        out->outcome = GANSTAB_SIM_DIVERGES;
        out->ratio = INFINITY;
        rc = GANSTAB_OK;
    } else if (rc != GANSTAB_OK) {
        *err = sim_err;
    } else {
        out->outcome = classify_trajectory(t, &out->ratio);
    }
    ganstab_trajectory_free(t);
    return rc;
}

int ganstab_nonlinear_check(const ganstab_case *c, ganstab_nonlinear *out, ganstab_error *err)
{
    ganstab_case sim = *c;
    sim.has_critical = 0;
    return ganstab_nonlinear_simulate(&sim, GANSTAB_NONLINEAR_STEPS, GANSTAB_NONLINEAR_T_END, out,
                                      err);
}

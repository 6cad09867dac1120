/* Mescheder et al. 2018, Table 1: "Convergence properties of different GAN training algorithms
 * for general GAN-architectures" -- the Dirac-GAN is the paper's prototype of the general case
 * (distributions concentrated on lower-dimensional manifolds), so its rows are checked against
 * the right-hand column. */
#include "ganstab/table1.h"

#include <math.h>
#include <string.h>

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

static int verdict_with(const ganstab_case *c, ganstab_scheme scheme, double h, double tol,
                        ganstab_result **out, ganstab_error *err)
{
    ganstab_case v = *c;
    v.has_critical = 0; /* the row needs the verdicts, not the case's sweep */
    v.update.scheme = scheme;
    if (scheme != GANSTAB_SCHEME_FLOW) {
        v.update.h = h;
        v.set[GANSTAB_KEY_UPDATE_H] = 1;
    }
    return ganstab_analyze(&v, tol, out, err);
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
    if (!isfinite(dn) || dn > GANSTAB_TABLE1_DIVERGED * d0)
        return GANSTAB_SIM_DIVERGES;
    if (dn <= GANSTAB_TABLE1_CONVERGED * d0)
        return GANSTAB_SIM_CONVERGES;
    double mid = window_mean(t->distance, n * 4 / 10, n * 5 / 10);
    double late = window_mean(t->distance, n * 9 / 10, n);
    if (late < GANSTAB_TABLE1_TREND * mid)
        return GANSTAB_SIM_CONVERGES_SLOWLY;
    if (late * GANSTAB_TABLE1_TREND > mid)
        return GANSTAB_SIM_DIVERGES;
    return GANSTAB_SIM_CYCLES;
}

/* Simulate `sim` (already set to the scheme wanted) from x* + GANSTAB_TABLE1_START and classify
 * the trajectory; a state that leaves the doubles is divergence, not an error. */
static int simulate_outcome(const ganstab_case *sim, size_t steps, double t_end,
                            ganstab_sim_outcome *outcome, double *ratio, double *start, size_t *n,
                            ganstab_error *err)
{
    ganstab_game g;
    int rc = ganstab_game_init(sim, &g, err);
    if (rc != GANSTAB_OK)
        return rc;
    ganstab_sim_options opt;
    ganstab_sim_options_init(&opt);
    opt.steps = steps;
    opt.has_t_end = sim->update.scheme == GANSTAB_SCHEME_FLOW;
    opt.t_end = t_end;
    opt.has_init = 1;
    opt.n_init = ganstab_game_dimension(&g);
    double xstar[GANSTAB_SIM_MAX_DIM] = {0};
    if (opt.n_init <= GANSTAB_SIM_MAX_DIM)
        g.model->ops->equilibrium(g.model, xstar);
    ganstab_game_free(&g);
    for (size_t i = 0; i < opt.n_init && i < GANSTAB_SIM_MAX_DIM; i++) {
        opt.init[i] = xstar[i] + GANSTAB_TABLE1_START;
        if (start != NULL && i < GANSTAB_SIM_START_MAX)
            start[i] = opt.init[i];
    }
    if (n != NULL)
        *n = opt.n_init;
    ganstab_trajectory *t = NULL;
    ganstab_error sim_err;
    ganstab_error_clear(&sim_err);
    rc = ganstab_simulate(sim, &opt, &t, &sim_err);
    if (rc == GANSTAB_ENUMERIC) {
        *outcome = GANSTAB_SIM_DIVERGES;
        *ratio = INFINITY;
        rc = GANSTAB_OK;
    } else if (rc != GANSTAB_OK) {
        *err = sim_err;
    } else {
        *outcome = classify_trajectory(t, ratio);
    }
    ganstab_trajectory_free(t);
    return rc;
}

int ganstab_nonlinear_check(const ganstab_case *c, ganstab_nonlinear *out, ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    ganstab_case sim = *c;
    sim.has_critical = 0;
    out->steps = GANSTAB_NONLINEAR_STEPS;
    out->t_end = c->update.scheme == GANSTAB_SCHEME_FLOW   ? GANSTAB_NONLINEAR_T_END
                 : c->update.scheme == GANSTAB_SCHEME_TTUR ? (double)out->steps
                                                           : (double)out->steps * c->update.h;
    return simulate_outcome(&sim, out->steps, GANSTAB_NONLINEAR_T_END, &out->outcome, &out->ratio,
                            out->start, &out->n, err);
}

int ganstab_table1_row_compute(const ganstab_case *c, double tol, ganstab_table1_row *row,
                               ganstab_error *err)
{
    memset(row, 0, sizeof *row);
    row->c = c;
    ganstab_result *r = NULL;
    int rc = verdict_with(c, GANSTAB_SCHEME_FLOW, 0.0, tol, &r, err);
    if (rc != GANSTAB_OK)
        return rc;
    row->flow = r->verdict;
    row->residual = r->residual;
    row->n = r->n < GANSTAB_TABLE1_MAX_DIM ? r->n : GANSTAB_TABLE1_MAX_DIM;
    memcpy(row->flow_eigenvalues, r->field_eigenvalues, row->n * sizeof *row->flow_eigenvalues);
    ganstab_result_free(r);
    if ((rc = verdict_with(c, GANSTAB_SCHEME_SIMGD, c->table1_h, tol, &r, err)) != GANSTAB_OK)
        return rc;
    row->simgd = r->verdict;
    ganstab_result_free(r);
    if ((rc = verdict_with(c, GANSTAB_SCHEME_ALTGD, c->table1_h, tol, &r, err)) != GANSTAB_OK)
        return rc;
    row->altgd = r->verdict;

    ganstab_result_free(r);
    /* The nonlinear altgd dynamics (the paper's Figure 3 uses alternating updates). */
    ganstab_case sim = *c;
    sim.has_critical = 0;
    sim.update.scheme = GANSTAB_SCHEME_ALTGD;
    sim.update.h = c->table1_h;
    sim.set[GANSTAB_KEY_UPDATE_H] = 1;
    if ((rc = simulate_outcome(&sim, c->table1_steps, 0.0, &row->sim, &row->sim_ratio, NULL, NULL,
                               err)) != GANSTAB_OK)
        return rc;
    int paper = c->table1_paper == 1;
    row->linear_agrees = paper == (row->flow == GANSTAB_VERDICT_STABLE);
    row->sim_agrees =
        paper == (row->sim == GANSTAB_SIM_CONVERGES || row->sim == GANSTAB_SIM_CONVERGES_SLOWLY);
    return GANSTAB_OK;
}

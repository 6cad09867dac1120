/* Table 1 of Mescheder et al. 2018 reproduced on the Dirac-GAN: for a case that is a row of the
 * table ([table1] section), the verdicts of the flow and of simgd/altgd at a small step size,
 * the decisive eigenvalues (or the residual), and what the nonlinear altgd dynamics actually do.
 * Plain structs, no ownership (a row points at the case it was computed from). */
#ifndef GANSTAB_TABLE1_H
#define GANSTAB_TABLE1_H

#include "ganstab/analysis.h"
#include "ganstab/case.h"

/* Simulation outcome, from the distance d_k to the equilibrium along the altgd trajectory
 * started at x* + GANSTAB_TABLE1_START in every component:
 *  converges         d_N <= GANSTAB_TABLE1_CONVERGED * d_0 (a linear rate reaches it quickly);
 *  converges-slowly  not that, but the mean distance over the last 10% of the run is below
 *                    GANSTAB_TABLE1_TREND times the mean over 40-50% (a sublinear decay);
 *  diverges          d_N > GANSTAB_TABLE1_DIVERGED * d_0, non-finite, or the late mean above
 *                    the mid mean by the factor 1/GANSTAB_TABLE1_TREND;
 *  cycles            otherwise: bounded, no trend (the means are taken over many rotations, so
 *                    the oscillation of a cycle does not count as a trend). */
#define GANSTAB_TABLE1_START 0.5
#define GANSTAB_TABLE1_CONVERGED 1e-3
#define GANSTAB_TABLE1_DIVERGED 10.0
#define GANSTAB_TABLE1_TREND 0.9

typedef enum {
    GANSTAB_SIM_CONVERGES = 0,
    GANSTAB_SIM_CONVERGES_SLOWLY,
    GANSTAB_SIM_CYCLES,
    GANSTAB_SIM_DIVERGES
} ganstab_sim_outcome;

const char *ganstab_sim_outcome_name(ganstab_sim_outcome o);

/* What the nonlinear dynamics of a case do, where its linearization does not decide
 * (verdict marginal): the case's own scheme simulated from x* + GANSTAB_TABLE1_START for
 * GANSTAB_NONLINEAR_STEPS updates (flow: to t = GANSTAB_NONLINEAR_T_END), classified as above. */
#define GANSTAB_SIM_START_MAX 8
#define GANSTAB_NONLINEAR_STEPS 20000
#define GANSTAB_NONLINEAR_T_END 200.0

typedef struct {
    ganstab_sim_outcome outcome;
    double ratio; /* d_N / d_0 */
    size_t steps; /* updates, or output intervals of the flow */
    double t_end; /* the simulated time (steps * h for simgd/altgd; t_end for the flow) */
    double start[GANSTAB_SIM_START_MAX];
    size_t n;
} ganstab_nonlinear;

int ganstab_nonlinear_check(const ganstab_case *c, ganstab_nonlinear *out, ganstab_error *err);

#define GANSTAB_TABLE1_MAX_DIM 8

typedef struct {
    const ganstab_case *c;
    ganstab_verdict flow, simgd, altgd; /* simgd/altgd at h = c->table1_h */
    size_t n;
    ganstab_eigenvalue flow_eigenvalues[GANSTAB_TABLE1_MAX_DIM];
    double residual;         /* |v(x*)| */
    ganstab_sim_outcome sim; /* altgd at table1_h for table1_steps steps */
    double sim_ratio;        /* d_N / d_0 (inf if it blew up) */
    int linear_agrees;       /* paper "converges" <=> flow verdict stable */
    int sim_agrees;          /* paper "converges" <=> converges or converges-slowly */
} ganstab_table1_row;

int ganstab_table1_row_compute(const ganstab_case *c, double tol, ganstab_table1_row *row,
                               ganstab_error *err);

#endif

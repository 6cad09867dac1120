/* What the nonlinear dynamics of a case do: the case's update simulated from x* plus a fixed
 * offset and the distance to the equilibrium classified (converges, converges slowly, cycles,
 * diverges). For the cases whose linearization does not decide, and for Table 1's rows
 * (table1.h). Plain structs, no ownership. */
#ifndef GANSTAB_NONLINEAR_H
#define GANSTAB_NONLINEAR_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/error.h"

/* Simulation outcome, from the distance d_k to the equilibrium along the trajectory started at
 * x* + GANSTAB_NONLINEAR_START in every component:
 *  converges         d_N <= GANSTAB_NONLINEAR_CONVERGED * d_0 (a linear rate reaches it quickly);
 *  converges-slowly  not that, but the mean distance over the last 10% of the run is below
 *                    GANSTAB_NONLINEAR_TREND times the mean over 40-50% (a sublinear decay);
 *  diverges          d_N > GANSTAB_NONLINEAR_DIVERGED * d_0, non-finite, or the late mean above
 *                    the mid mean by the factor 1/GANSTAB_NONLINEAR_TREND;
 *  cycles            otherwise: bounded, no trend (the means are taken over many rotations, so
 *                    the oscillation of a cycle does not count as a trend). */
#define GANSTAB_NONLINEAR_START 0.5
#define GANSTAB_NONLINEAR_CONVERGED 1e-3
#define GANSTAB_NONLINEAR_DIVERGED 10.0
#define GANSTAB_NONLINEAR_TREND 0.9

typedef enum {
    GANSTAB_SIM_CONVERGES = 0,
    GANSTAB_SIM_CONVERGES_SLOWLY,
    GANSTAB_SIM_CYCLES,
    GANSTAB_SIM_DIVERGES
} ganstab_sim_outcome;

/* "converges", "converges slowly", "cycles", "diverges" (static storage). */
const char *ganstab_sim_outcome_name(ganstab_sim_outcome o);

/* ganstab_nonlinear_check: the case's own scheme simulated for GANSTAB_NONLINEAR_STEPS updates
 * (flow: to t = GANSTAB_NONLINEAR_T_END), classified as above. */
#define GANSTAB_SIM_START_MAX 8
#define GANSTAB_NONLINEAR_STEPS 20000
#define GANSTAB_NONLINEAR_T_END 200.0

typedef struct {
    ganstab_sim_outcome outcome;
    double ratio; /* d_N / d_0 (inf if it blew up) */
    size_t steps; /* updates, or output intervals of the flow */
    double t_end; /* the simulated time (steps * h for simgd/altgd; t_end for the flow) */
    double start[GANSTAB_SIM_START_MAX];
    size_t n;
} ganstab_nonlinear;

/* Simulate c exactly as given (its scheme and step size; has_critical is not looked at) for
 * `steps` updates, or to t = t_end with `steps` output intervals for the flow, from
 * x* + GANSTAB_NONLINEAR_START, and classify the trajectory; a state that leaves the doubles is
 * divergence, not an error. */
int ganstab_nonlinear_simulate(const ganstab_case *c, size_t steps, double t_end,
                               ganstab_nonlinear *out, ganstab_error *err);

/* What the nonlinear dynamics of a case do, where its linearization does not decide (verdict
 * marginal): ganstab_nonlinear_simulate with GANSTAB_NONLINEAR_STEPS, GANSTAB_NONLINEAR_T_END. */
int ganstab_nonlinear_check(const ganstab_case *c, ganstab_nonlinear *out, ganstab_error *err);

#endif

/* Table 1 of Mescheder et al. 2018 reproduced on the Dirac-GAN: for a case that is a row of the
 * table ([table1] section), the verdicts of the flow and of simgd/altgd at a small step size,
 * the decisive eigenvalues (or the residual), and what the nonlinear altgd dynamics actually do
 * (nonlinear.h, included here).
 * Plain structs, no ownership (a row points at the case it was computed from). */
#ifndef GANSTAB_TABLE1_H
#define GANSTAB_TABLE1_H

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/nonlinear.h"

/* The nonlinear altgd run of a row is ganstab_nonlinear_simulate's (nonlinear.h), classified with
 * its thresholds; the names below are theirs. */
#define GANSTAB_TABLE1_START GANSTAB_NONLINEAR_START
#define GANSTAB_TABLE1_CONVERGED GANSTAB_NONLINEAR_CONVERGED
#define GANSTAB_TABLE1_DIVERGED GANSTAB_NONLINEAR_DIVERGED
#define GANSTAB_TABLE1_TREND GANSTAB_NONLINEAR_TREND

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

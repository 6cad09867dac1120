/* Mescheder et al. 2018, Table 1: "Convergence properties of different GAN training algorithms
 * for general GAN-architectures" -- the Dirac-GAN is the paper's prototype of the general case
 * (distributions concentrated on lower-dimensional manifolds), so its rows are checked against
 * the right-hand column. */
#include "ganstab/table1.h"

#include <string.h>

#include "ganstab/nonlinear.h"

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
    ganstab_nonlinear nl;
    if ((rc = ganstab_nonlinear_simulate(&sim, c->table1_steps, 0.0, &nl, err)) != GANSTAB_OK)
        return rc;
    row->sim = nl.outcome;
    row->sim_ratio = nl.ratio;
    int paper = c->table1_paper == 1;
    row->linear_agrees = paper == (row->flow == GANSTAB_VERDICT_STABLE);
    row->sim_agrees =
        paper == (row->sim == GANSTAB_SIM_CONVERGES || row->sim == GANSTAB_SIM_CONVERGES_SLOWLY);
    return GANSTAB_OK;
}

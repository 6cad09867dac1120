/* The claims of a run as data (run.h): how many there are, how many agree, and which disagree;
 * the command-line tool prints them. */
#include "ganstab/run.h"

void ganstab_run_count_claims(const ganstab_run *run, size_t *claims, size_t *agree)
{
    /* the behaviours a [simulate] section expects count as one claim (the paper's description of
       the run) */
    int sim = run->c.has_simulate && run->c.sim_expect != 0;
    *claims = run->nchecks + run->ncritical_checks + (sim ? 1u : 0u) + run->nsweep_checks +
              run->nmap_checks + run->noptimum_checks + run->ncompare_checks;
    *agree = sim && run->simulation.agrees ? 1u : 0u;
    for (size_t i = 0; i < run->nsweep_checks; i++)
        *agree += run->sweep_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < run->nmap_checks; i++)
        *agree += run->map_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < run->noptimum_checks; i++)
        *agree += run->optimum_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < run->ncompare_checks; i++)
        *agree += run->compare_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < run->nchecks; i++)
        *agree += run->checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < run->ncritical_checks; i++)
        *agree += run->critical_checks[i].agrees ? 1u : 0u;
}

/* Collects disagreements into out[0..max) while counting all of them. */
typedef struct {
    ganstab_run_disagreement *out;
    size_t max, n;
} collector;

static void add(collector *col, ganstab_run_claim_kind kind, size_t index)
{
    if (col->n < col->max)
        col->out[col->n] = (ganstab_run_disagreement){kind, index};
    col->n++;
}

size_t ganstab_run_disagreements(const ganstab_run *run, ganstab_run_disagreement *out, size_t max)
{
    collector col = {out, out != NULL ? max : 0, 0};
    for (size_t i = 0; i < run->nchecks; i++)
        if (!run->checks[i].agrees)
            add(&col, GANSTAB_RUN_CLAIM_EIGEN, i);
    for (size_t i = 0; i < run->ncritical_checks; i++)
        if (!run->critical_checks[i].agrees)
            add(&col, GANSTAB_RUN_CLAIM_CRITICAL, i);
    if (run->c.has_simulate && run->c.sim_expect != 0 && !run->simulation.agrees)
        add(&col, GANSTAB_RUN_CLAIM_SIMULATION, 0);
    for (size_t i = 0; run->has_findings && i < 3; i++)
        if (run->findings.applies[i] && !run->findings.holds[i])
            add(&col, GANSTAB_RUN_CLAIM_HEATMAP, i);
    for (size_t i = 0; i < run->nsweep_checks; i++)
        if (!run->sweep_checks[i].agrees)
            add(&col, GANSTAB_RUN_CLAIM_SWEEP, i);
    for (size_t i = 0; i < run->nmap_checks; i++)
        if (!run->map_checks[i].agrees)
            add(&col, GANSTAB_RUN_CLAIM_MAP, i);
    for (size_t i = 0; i < run->noptimum_checks; i++)
        if (!run->optimum_checks[i].agrees)
            add(&col, GANSTAB_RUN_CLAIM_OPTIMUM, i);
    for (size_t i = 0; i < run->ncompare_checks; i++)
        if (!run->compare_checks[i].agrees)
            add(&col, GANSTAB_RUN_CLAIM_COMPARE, i);
    return col.n;
}

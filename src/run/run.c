/* The pipeline of one case (run.h): analysis, claims, [critical] crossings, the nonlinear check of
 * a marginal verdict, [simulate], [placements], model expr's formulas, the studies and, on
 * request, the [heatmap] maps; the report structure pointing into the run. */
#include "run_internal.h"

#include <stdlib.h>
#include <string.h>

void ganstab_run_options_init(ganstab_run_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->tol = GANSTAB_DEFAULT_TOL;
}

ganstab_run *ganstab_run_alloc(void)
{
    return calloc(1, sizeof(ganstab_run));
}

/* Release what the run holds and zero it. */
static void run_clear(ganstab_run *run)
{
    ganstab_result_free(run->result);
    free(run->checks);
    free(run->crossings);
    free(run->critical_checks);
    ganstab_gmm_map_free(run->placements);
    for (int d = 0; d < 3; d++)
        ganstab_gmm_heatmap_free(run->heatmaps[d]);
    ganstab_expr_formulas_free(run->formulas);
    ganstab_sweep_table_free(run->sweep);
    ganstab_stability_map_free(run->map);
    ganstab_optimum_free(run->optimum);
    free(run->sweep_checks);
    free(run->map_checks);
    free(run->optimum_checks);
    free(run->compare);
    free(run->compare_checks);
    for (size_t k = 0; k < run->nfigures && k < GANSTAB_RUN_FIGURES_MAX; k++)
        free(run->figure_text[k].svg);
    memset(run, 0, sizeof *run);
}

void ganstab_run_free(ganstab_run *run)
{
    if (run == NULL)
        return;
    run_clear(run);
    free(run);
}

int ganstab_run_load(const char *path, const char *const *sets, size_t nsets, ganstab_case *c,
                     ganstab_error *err)
{
    int status = ganstab_case_load(path, c, err);
    for (size_t i = 0; status == GANSTAB_OK && i < nsets; i++)
        status = ganstab_case_set_assignment(c, sets[i], err);
    if (status == GANSTAB_OK)
        status = ganstab_case_validate(c, err);
    return status;
}

/* One dynamics' progress, named for the run's callback. */
typedef struct {
    ganstab_run_progress fn;
    void *ctx;
    const char *stage;
} heatmap_progress;

static void heatmap_progress_call(size_t done, size_t total, void *ctx)
{
    const heatmap_progress *p = ctx;
    p->fn(p->stage, done, total, p->ctx);
}

/* The case's [heatmap] maps in the paper's order, their findings, and the report pointing at
 * them. */
static int run_heatmaps(ganstab_run *run, const ganstab_run_options *opt, ganstab_error *err)
{
    static const ganstab_gmm_dynamics order[3] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_UNROLLED,
                                                  GANSTAB_GMM_OPTIMAL};
    const ganstab_case *c = &run->c;
    int status = GANSTAB_OK;
    for (int i = 0; i < 3 && status == GANSTAB_OK; i++) {
        ganstab_gmm_dynamics d = order[i];
        if (!(c->heatmap_dynamics & (1u << d)))
            continue;
        ganstab_gmm_heatmap_options ho;
        ganstab_gmm_heatmap_options_init(&ho);
        ho.dynamics = d;
        ho.grid = c->heatmap_grid;
        ho.inits = c->heatmap_inits;
        ho.iters = c->heatmap_iters;
        ho.step = c->heatmap_step;
        ho.seed = c->heatmap_seed;
        heatmap_progress progress = {opt->progress, opt->progress_ctx,
                                     ganstab_gmm_dynamics_name(d)};
        if (opt->progress != NULL) {
            ho.progress = heatmap_progress_call;
            ho.progress_ctx = &progress;
        }
        status = ganstab_gmm_heatmap_run(c, &ho, &run->heatmaps[d], err);
    }
    if (status == GANSTAB_OK)
        status = ganstab_gmm_fig2_findings((const ganstab_gmm_heatmap *const *)run->heatmaps,
                                           &run->findings, err);
    if (status != GANSTAB_OK)
        return status;
    run->has_findings = 1;
    for (int d = 0; d < 3; d++)
        run->report.heatmaps[d] = run->heatmaps[d];
    run->report.heatmap_findings = &run->findings;
    run->report.heatmap_csv = opt->heatmap_csv;
    return GANSTAB_OK;
}

int ganstab_run_case(const ganstab_case *c, const ganstab_run_options *opt, ganstab_run *run,
                     ganstab_error *err)
{
    ganstab_run_options defaults;
    if (opt == NULL) {
        ganstab_run_options_init(&defaults);
        opt = &defaults;
    }
    run_clear(run);
    run->c = *c;
    run->tol = opt->tol;
    double tol = opt->tol;
    int status = ganstab_analyze(&run->c, tol, &run->result, err);
    if (status == GANSTAB_OK)
        status = ganstab_claims_check(&run->c, run->result, &run->checks, &run->nchecks, err);
    int sweep = run->c.has_critical &&
                (status != GANSTAB_OK || run->result->verdict != GANSTAB_VERDICT_NOT_STATIONARY);
    if (status == GANSTAB_OK && sweep) {
        status = ganstab_analysis_crossings(&run->c, run->c.critical_param, run->c.critical_from,
                                            run->c.critical_to, tol, run->c.critical_scan,
                                            &run->crossings, &run->ncross, err);
        if (status == GANSTAB_OK)
            status = ganstab_claims_check_critical(
                &run->c, run->c.critical_param, run->c.critical_from, run->c.critical_to,
                run->crossings, run->ncross, &run->critical_checks, &run->ncritical_checks, err);
    }
    /* A marginal verdict leaves the question open: show what the dynamics actually do. Not
       along a manifold of equilibria (the distance to x* then measures drift along it, not
       convergence) nor above the simulator's dimension. */
    run->has_nonlinear = status == GANSTAB_OK && run->result->verdict == GANSTAB_VERDICT_MARGINAL &&
                         run->result->manifold_dim == 0 && run->result->n <= GANSTAB_SIM_MAX_DIM;
    if (run->has_nonlinear)
        status = ganstab_nonlinear_check(&run->c, &run->nonlinear, err);
    if (status == GANSTAB_OK && run->c.has_simulate)
        status = ganstab_sim_summarize(&run->c, &run->simulation, err);
    if (status == GANSTAB_OK && run->c.has_placements) {
        ganstab_grid_axis l1 = {run->c.placements_l1[0], run->c.placements_l1[1],
                                (size_t)run->c.placements_l1[2]};
        ganstab_grid_axis l2 = {run->c.placements_l2[0], run->c.placements_l2[1],
                                (size_t)run->c.placements_l2[2]};
        status = ganstab_gmm_placement_map(&run->c, &l1, &l2, tol, &run->placements, err);
    }
    if (status == GANSTAB_OK && run->c.model == GANSTAB_MODEL_EXPR) {
        ganstab_case_expr *ce = malloc(sizeof *ce);
        if (ce == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
        ganstab_case_expr_spec(&run->c, ce);
        status =
            ganstab_expr_formulas_build(&ce->spec, run->result->equilibrium, &run->formulas, err);
        free(ce);
    }
    if (status == GANSTAB_OK)
        status = ganstab_run_studies(run, err);
    if (status != GANSTAB_OK)
        return status;
    run->report = (ganstab_report){
        .sweep = run->sweep != NULL ? &run->sweep_report : NULL,
        .map = run->map != NULL ? &run->map_report : NULL,
        .optimum = run->optimum != NULL ? &run->optimum_report : NULL,
        .compare = run->compare != NULL ? &run->compare_report : NULL,
        .formulas = run->formulas,
        .nonlinear = run->has_nonlinear ? &run->nonlinear : NULL,
        .simulation = run->c.has_simulate ? &run->simulation : NULL,
        .placements = run->placements,
        .c = &run->c,
        .r = run->result,
        .checks = run->checks,
        .nchecks = run->nchecks,
        .has_critical = run->c.has_critical,
        .crossings = run->crossings,
        .ncross = run->ncross,
        .critical_checks = run->critical_checks,
        .ncritical_checks = run->ncritical_checks,
        .critical_skipped = run->c.has_critical && !sweep
                                ? "the equilibrium is not stationary, so its linearization has no "
                                  "critical values"
                                : NULL,
    };
    if (opt->heatmaps && run->c.has_heatmap)
        return run_heatmaps(run, opt, err);
    return GANSTAB_OK;
}

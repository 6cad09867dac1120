/* The parameter studies of a case's pipeline: its [sweep], [map], [optimize] and [compare]
 * sections (study.h, compare.h) with the claims that predict their crossings, boundaries, optima
 * and stable step sizes (claims.h). */
#include "run_internal.h"

int ganstab_run_study_map(const ganstab_case *c, double tol, ganstab_stability_map **m,
                          ganstab_error *err)
{
    *m = NULL;
    ganstab_axis axes[2];
    int status = GANSTAB_OK;
    for (int k = 0; k < 2 && status == GANSTAB_OK; k++)
        status =
            ganstab_axis_init(c, c->map_param[k], c->map_from[k], c->map_to[k], c->map_count[k],
                              GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX, c->file, &axes[k], err);
    ganstab_study_options so;
    ganstab_study_options_init(&so);
    so.tol = tol;
    so.scan = c->map_scan;
    if (status == GANSTAB_OK)
        status = ganstab_study_map(c, &axes[0], &axes[1], &so, m, err);
    return status;
}

void ganstab_run_compare_defaults(const ganstab_case *c, ganstab_compare_options *co,
                                  ganstab_run_compare_specs *specs)
{
    if (c->set[GANSTAB_KEY_COMPARE_FROM])
        co->from = c->compare_from;
    if (c->set[GANSTAB_KEY_COMPARE_TO])
        co->to = c->compare_to;
    if (c->n_compare > 0) {
        for (size_t i = 0; i < c->n_compare && i < GANSTAB_COMPARE_MAX; i++)
            specs->store[i] = c->compare_spec[i];
        specs->list = specs->store;
        specs->n = c->n_compare;
    } else {
        specs->list = ganstab_compare_default_specs;
        specs->n = ganstab_compare_default_count;
    }
}

int ganstab_run_compare(const ganstab_case *c, const char *const *specs, size_t n,
                        const ganstab_compare_options *co, ganstab_compare_row **rows,
                        ganstab_claim_compare **checks, size_t *nchecks, ganstab_error *err)
{
    *checks = NULL;
    *nchecks = 0;
    int status = ganstab_compare(c, specs, n, co, rows, err);
    if (status == GANSTAB_OK)
        status = ganstab_claims_check_compare(c, co, *rows, n, checks, nchecks, err);
    return status;
}

int ganstab_run_studies(ganstab_run *run, ganstab_error *err)
{
    const ganstab_case *c = &run->c;
    double tol = run->tol;
    ganstab_study_options so;
    ganstab_study_options_init(&so);
    so.tol = tol;
    ganstab_axis axis;
    int status = GANSTAB_OK;
    if (c->has_sweep) {
        ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
        status =
            ganstab_axis_init(c, c->sweep_param, c->sweep_from, c->sweep_to, c->sweep_steps + 1, 2,
                              GANSTAB_STUDY_MAX_STEPS + 1, c->file, &axis, err);
        key = axis.key;
        if (status == GANSTAB_OK)
            status = ganstab_study_sweep(c, &axis, &so, &run->sweep, err);
        if (status == GANSTAB_OK && !axis.integer)
            status = ganstab_claims_check_critical(c, key, c->sweep_from, c->sweep_to,
                                                   run->sweep->crossings, run->sweep->ncross,
                                                   &run->sweep_checks, &run->nsweep_checks, err);
        run->sweep_report =
            (ganstab_sweep_report){c, run->sweep, run->sweep_checks, run->nsweep_checks};
    }
    if (status == GANSTAB_OK && c->has_map) {
        status = ganstab_run_study_map(c, tol, &run->map, err);
        if (status == GANSTAB_OK)
            status =
                ganstab_claims_check_map(c, run->map, &run->map_checks, &run->nmap_checks, err);
        run->map_report =
            (ganstab_map_report){c, run->map, run->map_checks, run->nmap_checks, NULL};
    }
    if (status == GANSTAB_OK && c->has_optimize) {
        int geometric = 0;
        int given = c->set[GANSTAB_KEY_OPTIMIZE_FROM] && c->set[GANSTAB_KEY_OPTIMIZE_TO];
        status = ganstab_optimize_axis_init(c, c->optimize_param, given, c->optimize_from,
                                            c->optimize_to, c->optimize_scan, c->file, &axis,
                                            &geometric, err);
        if (status == GANSTAB_OK)
            status = ganstab_study_optimize(c, &axis, geometric, &so, &run->optimum, err);
        if (status == GANSTAB_OK)
            status = ganstab_claims_check_optimum(c, run->optimum, &run->optimum_checks,
                                                  &run->noptimum_checks, err);
        run->optimum_report =
            (ganstab_optimum_report){c, run->optimum, run->optimum_checks, run->noptimum_checks};
    }
    if (status == GANSTAB_OK && c->has_compare) {
        ganstab_compare_options_init(&run->compare_opt);
        ganstab_run_compare_defaults(c, &run->compare_opt, &run->compare_specs);
        run->compare_opt.tol = tol;
        status =
            ganstab_run_compare(c, run->compare_specs.list, run->compare_specs.n, &run->compare_opt,
                                &run->compare, &run->compare_checks, &run->ncompare_checks, err);
        run->compare_report = (ganstab_compare_report){c,
                                                       &run->compare_opt,
                                                       run->compare,
                                                       run->compare_specs.n,
                                                       run->compare_checks,
                                                       run->ncompare_checks};
    }
    return status;
}

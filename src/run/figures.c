/* The figures of a case's report (run.h), built from what the run computed (plot.h) and
 * rendered to SVG in memory before anything is written. */
#include "ganstab/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Render a figure its builder returned build_status for as the run's next one,
 * "<stem>-<name>.svg"; the figure is freed. */
static int add_figure(ganstab_run *run, const char *stem, const char *path,
                      ganstab_plot_figure *fig, int build_status, ganstab_plot_kind kind,
                      int dynamics, const char *name, const char *caption, const char *label,
                      ganstab_error *err)
{
    ganstab_run_figure *t = &run->figure_text[run->nfigures];
    int status = build_status;
    if (status == GANSTAB_OK)
        status = ganstab_plot_render_svg(fig, &t->svg, &t->len, err);
    ganstab_plot_figure_free(fig);
    if (status != GANSTAB_OK) {
        /* say which case and figure failed: the library's location alone may not */
        char msg[GANSTAB_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        return ganstab_error_set(err, status, err->where[0] != '\0' ? err->where : path,
                                 "%s (figure %s of %s)", msg, name, path);
    }
    snprintf(t->file, sizeof t->file, "%s-%s.svg", stem, name);
    snprintf(t->caption, sizeof t->caption, "%s", caption);
    snprintf(t->label, sizeof t->label, "%s", label != NULL ? label : "");
    run->figures[run->nfigures] = (ganstab_report_figure){
        kind, t->file, t->caption, label != NULL ? t->label : NULL, dynamics};
    run->nfigures++;
    return GANSTAB_OK;
}

int ganstab_run_figures(ganstab_run *run, const char *stem, const char *path, ganstab_error *err)
{
    for (size_t k = 0; k < run->nfigures; k++) {
        free(run->figure_text[k].svg);
        run->figure_text[k].svg = NULL;
    }
    run->nfigures = 0;
    const ganstab_case *c = &run->c;
    size_t n = run->result->n;
    int kinds[GANSTAB_PLOT_KIND_COUNT] = {0};
    kinds[GANSTAB_PLOT_EIGEN] = run->result->verdict != GANSTAB_VERDICT_NOT_STATIONARY;
    kinds[GANSTAB_PLOT_LOCUS] = c->has_critical && run->report.critical_skipped == NULL;
    /* no locus across a stretch without equilibrium (a branch of model expr ending in a fold):
       the eigenvalues are undefined there; the critical-values table shows the fold */
    for (size_t i = 0; i < run->ncross; i++)
        if (run->crossings[i].before == GANSTAB_VERDICT_NOT_STATIONARY ||
            run->crossings[i].after == GANSTAB_VERDICT_NOT_STATIONARY)
            kinds[GANSTAB_PLOT_LOCUS] = 0;
    kinds[GANSTAB_PLOT_PHASE] = n == 2;
    kinds[GANSTAB_PLOT_TRAJECTORY] = n == 2 || c->has_simulate;
    kinds[GANSTAB_PLOT_DENSITY] = c->model == GANSTAB_MODEL_GMM && c->has_simulate;
    static const char *const captions[GANSTAB_PLOT_KIND_COUNT] = {
        "The eigenvalues that decide the verdict, in the complex plane",
        "Eigenvalue loci over the [critical] parameter, critical values marked",
        "Phase portrait: the field, its streamlines and the run of the update rule",
        "The run over time: state components and distance to the equilibrium",
        "The density difference F = p_μ* − p_μ̂ with the discriminator shaded",
        "",
        ""};
    ganstab_plot_options po;
    memset(&po, 0, sizeof po);
    po.tol = run->tol;
    int status = GANSTAB_OK;
    ganstab_plot_figure fig;
    for (int k = 0; k < GANSTAB_PLOT_KIND_COUNT && status == GANSTAB_OK; k++) {
        if (!kinds[k])
            continue;
        memset(&fig, 0, sizeof fig);
        int built = ganstab_plot_case(c, run->result, (ganstab_plot_kind)k, &po, &fig, err);
        status = add_figure(run, stem, path, &fig, built, (ganstab_plot_kind)k, 0,
                            ganstab_plot_kind_name((ganstab_plot_kind)k), captions[k], NULL, err);
    }
    /* Li et al. 2018, Figure 2: the heatmaps the report's tables show, in the paper's order */
    static const ganstab_gmm_dynamics order[3] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_UNROLLED,
                                                  GANSTAB_GMM_OPTIMAL};
    for (int i = 0; i < 3 && status == GANSTAB_OK; i++) {
        const ganstab_gmm_heatmap *m = run->heatmaps[order[i]];
        if (m == NULL)
            continue;
        const char *dyn = ganstab_gmm_dynamics_name(order[i]);
        char name[64], caption[GANSTAB_PLOT_TEXT_MAX], label[GANSTAB_PLOT_LABEL_MAX];
        snprintf(name, sizeof name, "heatmap-%s", dyn);
        snprintf(caption, sizeof caption,
                 "Success share of the %s dynamics over the grid of generator starts", dyn);
        snprintf(label, sizeof label, "heatmap %s", dyn);
        memset(&fig, 0, sizeof fig);
        int built = ganstab_plot_gmm_heatmap(c, m, GANSTAB_PLOT_SHARE_SUCCESS, &fig, err);
        status = add_figure(run, stem, path, &fig, built, GANSTAB_PLOT_HEATMAP, (int)order[i], name,
                            caption, label, err);
    }
    if (status == GANSTAB_OK && run->map != NULL) {
        memset(&fig, 0, sizeof fig);
        int built = ganstab_plot_stability_map(c, run->map, &fig, err);
        status = add_figure(run, stem, path, &fig, built, GANSTAB_PLOT_MAP, 0, "map",
                            run->map->dynamics == GANSTAB_DYNAMICS_MAP
                                ? "Spectral radius over the map's grid, the located boundary and "
                                  "the claims' closed forms"
                                : "Spectral abscissa over the map's grid, the located boundary "
                                  "and the claims' closed forms",
                            NULL, err);
    }
    run->report.figures = run->figures;
    run->report.nfigures = run->nfigures;
    return status;
}

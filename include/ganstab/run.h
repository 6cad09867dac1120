/* The whole pipeline of one case, as `ganstab analyze` and `ganstab report` run it: analysis,
 * claims, [critical] crossings, the nonlinear check of a marginal verdict, the [simulate] run,
 * the [placements], [heatmap], [sweep], [map], [optimize] and [compare] studies with their
 * claims; the claim count and the disagreeing claims as data; the case's report (Markdown or
 * JSON), its figures and the pages of a report directory rendered into memory.
 *
 * Ownership: a ganstab_run is the caller's (ganstab_run_alloc / ganstab_run_free); every pointer
 * inside it, and run->report, points into the run and lives until the next ganstab_run_case on it
 * or ganstab_run_free. Text returned through `char **text` is malloc'ed and the caller's (free).
 * Pointers the caller passes in (options' heatmap_csv, stems, paths) are borrowed: they must
 * outlive the run. Nothing here prints, exits or changes process-wide state. */
#ifndef GANSTAB_RUN_H
#define GANSTAB_RUN_H

#include <stddef.h>

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/claims.h"
#include "ganstab/compare.h"
#include "ganstab/critical.h"
#include "ganstab/error.h"
#include "ganstab/expr.h"
#include "ganstab/gmm_heatmap.h"
#include "ganstab/gmm_map.h"
#include "ganstab/io.h"
#include "ganstab/plot.h"
#include "ganstab/simulate.h"
#include "ganstab/study.h"
#include "ganstab/table1.h"

/* Progress of a long stage (a [heatmap] dynamics: stage is its name, "first-order"), called
 * from the stage's worker threads one at a time (an OpenMP critical section). */
typedef void (*ganstab_run_progress)(const char *stage, size_t done, size_t total, void *ctx);

/* What ganstab_run_case runs and how. */
typedef struct {
    double tol; /* classification tolerance (GANSTAB_DEFAULT_TOL) */
    /* 1: run the case's [heatmap] section too (Li et al. 2018, Figure 2: minutes at the
       default grid; `ganstab report` does, `analyze` does not). Default 0. */
    int heatmaps;
    /* the name of the heatmaps' CSV that the report links to (borrowed), NULL: no link */
    const char *heatmap_csv;
    ganstab_run_progress progress; /* may be NULL (the default) */
    void *progress_ctx;
} ganstab_run_options;

/* tol GANSTAB_DEFAULT_TOL, no heatmaps, no CSV link, no progress. */
void ganstab_run_options_init(ganstab_run_options *opt);

/* The optimizers and h range of a comparison: the case's [compare] (else the defaults). list
 * points into store (the case's specs, borrowed from the case) or at ganstab_compare_default_specs;
 * a copied struct must be re-pointed (ganstab_run_compare_defaults). */
typedef struct {
    const char *store[GANSTAB_COMPARE_MAX];
    const char *const *list;
    size_t n;
} ganstab_run_compare_specs;

/* Most figures of one case: one per plot kind and the [heatmap] section's three. */
#define GANSTAB_RUN_FIGURES_MAX (GANSTAB_PLOT_KIND_COUNT + 2)

/* One figure of a case's report, rendered to SVG in memory (ganstab_run_figures). */
typedef struct {
    char file[GANSTAB_CASE_WHERE_MAX]; /* "<stem>-<name>.svg", relative to the report */
    char caption[GANSTAB_PLOT_TEXT_MAX];
    char label[GANSTAB_PLOT_LABEL_MAX];
    char *svg; /* owned by the run */
    size_t len;
} ganstab_run_figure;

/* Everything the pipeline computes for one case; report points into it. Arrays are NULL (their
 * count 0) where the case has no such part; read it, do not free or change it. */
typedef struct {
    ganstab_case c; /* the case, copied */
    double tol;
    ganstab_result *result;
    ganstab_claim_check *checks;
    size_t nchecks;
    ganstab_crossing *crossings; /* the [critical] sweep */
    size_t ncross;
    ganstab_claim_critical *critical_checks;
    size_t ncritical_checks;
    int has_nonlinear;                /* the verdict is marginal and nonlinear was computed */
    ganstab_nonlinear nonlinear;      /* when has_nonlinear */
    ganstab_sim_summary simulation;   /* when the case has a [simulate] section */
    ganstab_gmm_map *placements;      /* when the case has a [placements] section */
    ganstab_gmm_heatmap *heatmaps[3]; /* [heatmap] with options.heatmaps, by ganstab_gmm_dynamics */
    int has_findings;                 /* the heatmaps ran: findings is set */
    ganstab_gmm_fig2 findings;
    ganstab_expr_formulas *formulas; /* model expr: its formulas, for the report */
    /* the case's [sweep], [map] and [optimize] studies with their claims (NULL if none) */
    ganstab_sweep_table *sweep;
    ganstab_claim_critical *sweep_checks;
    size_t nsweep_checks;
    ganstab_stability_map *map;
    ganstab_claim_boundary *map_checks;
    size_t nmap_checks;
    ganstab_optimum *optimum;
    ganstab_claim_optimum *optimum_checks;
    size_t noptimum_checks;
    ganstab_sweep_report sweep_report;
    ganstab_map_report map_report;
    ganstab_optimum_report optimum_report;
    /* the case's [compare] optimizer comparison with its claims (NULL if none) */
    ganstab_compare_row *compare;
    ganstab_claim_compare *compare_checks;
    size_t ncompare_checks;
    ganstab_compare_options compare_opt;
    ganstab_run_compare_specs compare_specs;
    ganstab_compare_report compare_report;
    /* the figures (ganstab_run_figures; none before) */
    size_t nfigures;
    ganstab_report_figure figures[GANSTAB_RUN_FIGURES_MAX];
    ganstab_run_figure figure_text[GANSTAB_RUN_FIGURES_MAX];
    ganstab_report report; /* what the printers read: points into this run */
} ganstab_run;

/* A zeroed run, or NULL when out of memory. Free with ganstab_run_free (accepts NULL). */
ganstab_run *ganstab_run_alloc(void);
void ganstab_run_free(ganstab_run *run);

/* Load a case file, apply the assignments sets[0..nsets) ("SECTION.KEY=VALUE") in order, and
 * validate it: the case ganstab_run_case takes. */
int ganstab_run_load(const char *path, const char *const *sets, size_t nsets, ganstab_case *c,
                     ganstab_error *err);

/* Run the pipeline on a validated case c (copied into run->c; opt NULL: the defaults), replacing
 * what run held. After a failure the run holds what was computed (ganstab_run_free releases it)
 * and its report is not to be rendered. */
int ganstab_run_case(const ganstab_case *c, const ganstab_run_options *opt, ganstab_run *run,
                     ganstab_error *err);

/* Number of claims (eigenvalue, critical-value, the [simulate] expectations as one, the
 * studies' and the comparison's) and how many of them agree: what the report index lists. */
void ganstab_run_count_claims(const ganstab_run *run, size_t *claims, size_t *agree);

/* A claim (or expectation) of a run that disagrees with the computation. */
typedef enum {
    GANSTAB_RUN_CLAIM_EIGEN = 0,  /* run->checks[index] */
    GANSTAB_RUN_CLAIM_CRITICAL,   /* run->critical_checks[index] */
    GANSTAB_RUN_CLAIM_SIMULATION, /* [simulate] expect: behaviours run->c.sim_expect &
                                     ~run->simulation.detected; index 0 */
    GANSTAB_RUN_CLAIM_HEATMAP,    /* Figure 2 finding run->findings.holds[index] (0..2) */
    GANSTAB_RUN_CLAIM_SWEEP,      /* run->sweep_checks[index] */
    GANSTAB_RUN_CLAIM_MAP,        /* run->map_checks[index] */
    GANSTAB_RUN_CLAIM_OPTIMUM,    /* run->optimum_checks[index] */
    GANSTAB_RUN_CLAIM_COMPARE     /* run->compare_checks[index] */
} ganstab_run_claim_kind;

typedef struct {
    ganstab_run_claim_kind kind;
    size_t index;
} ganstab_run_disagreement;

/* The disagreeing claims of a run, in the order above (by kind, then index): writes the first
 * max of them to out (may be NULL when max is 0) and returns how many there are (snprintf
 * style: 0 when every claim agrees). */
size_t ganstab_run_disagreements(const ganstab_run *run, ganstab_run_disagreement *out, size_t max);

/* The case's [map] study (ganstab_study_map on its map.x, map.y and map.scan) with
 * classification tolerance tol; *m is the caller's (ganstab_stability_map_free). The case must
 * have [map]. */
int ganstab_run_study_map(const ganstab_case *c, double tol, ganstab_stability_map **m,
                          ganstab_error *err);

/* The h range (co) and optimizers (specs) of the case's [compare] section, over what co holds
 * (ganstab_compare_options_init); without [compare] optimizers the default list. */
void ganstab_run_compare_defaults(const ganstab_case *c, ganstab_compare_options *co,
                                  ganstab_run_compare_specs *specs);
/* ganstab_compare over specs[0..n) and the claims checked on its rows: *rows and *checks are
 * malloc'ed, the caller's (free), also after a failure. */
int ganstab_run_compare(const ganstab_case *c, const char *const *specs, size_t n,
                        const ganstab_compare_options *co, ganstab_compare_row **rows,
                        ganstab_claim_compare **checks, size_t *nchecks, ganstab_error *err);

/* Output format of ganstab_run_render. */
typedef enum { GANSTAB_RUN_MARKDOWN = 0, GANSTAB_RUN_JSON } ganstab_run_format;

/* A printer of ganstab_run_render_text: writes data to out. */
typedef int (*ganstab_run_printer)(FILE *out, const void *data, ganstab_error *err);

/* Run a printer into memory: on success *text (malloc'ed, the caller's, NUL-terminated) holds
 * all of its output, *len bytes; on failure *text is NULL and nothing is left allocated. */
int ganstab_run_render_text(ganstab_run_printer print, const void *data, char **text, size_t *len,
                            ganstab_error *err);

/* The case's report (ganstab_md_report / ganstab_json_report) into memory, as above. After a
 * successful ganstab_run_case; with its figures after ganstab_run_figures. */
int ganstab_run_render(const ganstab_run *run, ganstab_run_format format, char **text, size_t *len,
                       ganstab_error *err);

/* The cells of every heatmap of the run, one CSV (ganstab_csv_gmm_heatmap with the dynamics),
 * into memory as above; empty text without heatmaps. */
int ganstab_run_render_heatmap_csv(const ganstab_run *run, char **text, size_t *len,
                                   ganstab_error *err);

/* The figures that fit the case (ganstab report): its eigenvalues (unless nothing is
 * stationary), the loci of its [critical] sweep, the phase portrait of a two-dimensional state,
 * the time series of a two-dimensional state or a [simulate] run, the GMM-GAN's density
 * difference of a [simulate] run, the success heatmap of every dynamics its heatmaps ran and the
 * [map] study; each rendered to SVG in memory into run->figure_text, named "<stem>-<kind>.svg",
 * and linked from run->report. path names the case in error messages. Replaces earlier figures. */
int ganstab_run_figures(ganstab_run *run, const char *stem, const char *path, ganstab_error *err);

/* Names (stems) of the pages of a report directory; a case's report may not take the first two. */
#define GANSTAB_RUN_INDEX_STEM "index"
#define GANSTAB_RUN_TABLE1_STEM "table1"
#define GANSTAB_RUN_OPTIMIZERS_STEM "optimizers"

/* The pages of a report directory besides the cases' reports, malloc'ed (NULL, length 0: not
 * written). */
typedef struct {
    char *index; /* index.md: every case, its verdict and claim count, the papers' figures */
    size_t index_len;
    char *table1; /* table1.md when some run has [table1] */
    size_t table1_len;
    char *optimizers; /* optimizers.md when some run has [compare] */
    size_t optimizers_len;
} ganstab_run_pages;

/* Render the pages for runs[0..n) (successful runs, their figures made) whose reports are named
 * stems[0..n) (the report file without .md), in the order given. pages is zeroed first; on
 * failure nothing is left allocated. */
int ganstab_run_render_pages(const ganstab_run *const *runs, const char *const *stems, size_t n,
                             ganstab_run_pages *pages, ganstab_error *err);
void ganstab_run_pages_free(ganstab_run_pages *pages); /* accepts a zeroed struct */

#endif

/* Input and output formats: case files (INI, parsed with inih), JSON (cJSON) and Markdown
 * printers for analysis and critical results, atomic file writes. Printers write to a FILE*
 * the caller owns; nothing here prints to stdout/stderr on its own or exits. */
#ifndef GANSTAB_IO_H
#define GANSTAB_IO_H

#include <stddef.h>
#include <stdio.h>

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/claims.h"
#include "ganstab/compare.h"
#include "ganstab/critical.h"
#include "ganstab/expr.h"
#include "ganstab/gmm_heatmap.h"
#include "ganstab/gmm_map.h"
#include "ganstab/plot.h"
#include "ganstab/simulate.h"
#include "ganstab/study.h"
#include "ganstab/table1.h"

/* Write data[0..len) to path atomically: a temporary file in the same directory, fsync, rename.
 * On failure no file is created and an existing one is left untouched. */
int ganstab_write_atomic(const char *path, const char *data, size_t len, ganstab_error *err);

/* Most effective parameters a report lists (ganstab_case_parameters): every key of case.h
 * fits several times over; a printer refuses (GANSTAB_ENOMEM) rather than truncate. */
#define GANSTAB_REPORT_PARAMS_MAX 64

/* A figure written next to a report (ganstab report): the Markdown embeds it where it belongs
 * (eigen after the verdict, locus with the critical values, the dynamics' figures after the
 * claims or the simulation, each heatmap with its dynamics' table in the Figure 2 section, the
 * map in the stability map's section). */
typedef struct {
    ganstab_plot_kind kind;
    const char *file;    /* the SVG's name, relative to the report: "dirac-gp-eigen.svg" */
    const char *caption; /* the image's alt text */
    const char *label;   /* the link text in the index ("heatmap first-order"); NULL: the kind */
    int dynamics;        /* heatmap: the ganstab_gmm_dynamics it shows */
} ganstab_report_figure;

/* Parameter studies (study.h) with the claims checked on them: what `ganstab sweep`, `map` and
 * `optimize` print, and the report sections of a case's [sweep], [map] and [optimize]. */
typedef struct {
    const ganstab_case *c;
    const ganstab_sweep_table *t;
    const ganstab_claim_critical *checks; /* critical-value claims on the sweep's crossings */
    size_t nchecks;
} ganstab_sweep_report;

typedef struct {
    const ganstab_case *c;
    const ganstab_stability_map *m;
    const ganstab_claim_boundary *checks;
    size_t nchecks;
    const ganstab_report_figure *figure; /* the map drawn (ganstab report), embedded; NULL */
} ganstab_map_report;

typedef struct {
    const ganstab_case *c;
    const ganstab_optimum *o;
    const ganstab_claim_optimum *checks;
    size_t nchecks;
} ganstab_optimum_report;

/* CSV (tidy: a `record` column tells the row kinds apart; numbers %.17g, non-finite empty, an
 * infinite rate "inf"), JSON (numbers %.17g, non-finite null) and Markdown (the report section;
 * `level` is its heading's "#" count: 1 for a command's own output, 2 inside a report). */
int ganstab_csv_sweep_table(FILE *out, const ganstab_sweep_report *s, ganstab_error *err);
int ganstab_json_sweep_table(FILE *out, const ganstab_sweep_report *s, ganstab_error *err);
int ganstab_md_sweep_table(FILE *out, const ganstab_sweep_report *s, int level, ganstab_error *err);
int ganstab_csv_stability_map(FILE *out, const ganstab_map_report *m, ganstab_error *err);
int ganstab_json_stability_map(FILE *out, const ganstab_map_report *m, ganstab_error *err);
int ganstab_md_stability_map(FILE *out, const ganstab_map_report *m, int level, ganstab_error *err);
int ganstab_json_optimum(FILE *out, const ganstab_optimum_report *o, ganstab_error *err);
/* An optimizer comparison (compare.h) with its claims (claims.h). */
typedef struct {
    const ganstab_case *c;
    const ganstab_compare_options *opt;
    const ganstab_compare_row *rows;
    size_t n;
    const ganstab_claim_compare *checks;
    size_t nchecks;
} ganstab_compare_report;
int ganstab_json_compare(FILE *out, const ganstab_compare_report *r, ganstab_error *err);
int ganstab_md_compare(FILE *out, const ganstab_compare_report *r, int level, ganstab_error *err);
/* reports/optimizers.md: every comparison of a report run (stems: the case reports' names). */
int ganstab_md_optimizers_page(FILE *out, const ganstab_compare_report *const *reps,
                               const char *const *stems, size_t n, ganstab_error *err);
int ganstab_md_optimum(FILE *out, const ganstab_optimum_report *o, int level, ganstab_error *err);

/* The result of `ganstab analyze` for one case: everything a printer needs. */
typedef struct {
    const ganstab_case *c;
    const ganstab_result *r;
    const ganstab_claim_check *checks;
    size_t nchecks;
    /* Optional critical sweep ([critical] section) — ncrit == 0 and crossings NULL if none. */
    int has_critical;
    const ganstab_crossing *crossings;
    size_t ncross;
    const ganstab_claim_critical *critical_checks;
    size_t ncritical_checks;
    /* Why the [critical] sweep was not run (the equilibrium is not stationary), or NULL. */
    const char *critical_skipped;
    /* Where the verdict is marginal: what the nonlinear dynamics do (NULL otherwise). */
    const ganstab_nonlinear *nonlinear;
    /* The case's [simulate] run, summarized (NULL if the case has none). */
    const ganstab_sim_summary *simulation;
    /* The case's [placements] stability map (model gmm; NULL if none). */
    const ganstab_gmm_map *placements;
    /* The case's [heatmap] maps (model gmm), indexed by ganstab_gmm_dynamics (NULL where not
       run), their findings, and the name of the CSV written next to the report (or NULL);
       heatmap_findings NULL if the case has none. */
    const ganstab_gmm_heatmap *heatmaps[3];
    const ganstab_gmm_fig2 *heatmap_findings;
    const char *heatmap_csv;
    /* Model expr: the formulas, their derivatives and the hyper-dual check (NULL otherwise). */
    const ganstab_expr_formulas *formulas;
    /* The case's [sweep], [map] and [optimize] studies (NULL if none). */
    const ganstab_sweep_report *sweep;
    const ganstab_map_report *map;
    const ganstab_optimum_report *optimum;
    const ganstab_compare_report *compare; /* [compare] (NULL if none) */
    /* Figures to embed (`ganstab report`; none for `analyze`). */
    const ganstab_report_figure *figures;
    size_t nfigures;
} ganstab_report;

/* A critical sweep: the result of `ganstab critical`. */
typedef struct {
    const ganstab_case *c;
    const char *param; /* "regularizer.gamma" */
    double from, to;
    const ganstab_crossing *crossings;
    size_t ncross;
    const ganstab_claim_critical *checks;
    size_t nchecks;
    /* where x* is not stationary in the range (ganstab_analysis_crossings_gaps); none if 0 */
    const ganstab_interval *gaps;
    size_t ngaps;
} ganstab_sweep;

/* JSON exactly as DESIGN.md specifies (numbers %.17g, -0 printed as 0, non-finite as null). */
int ganstab_json_report(FILE *out, const ganstab_report *rep, ganstab_error *err);
int ganstab_json_sweep(FILE *out, const ganstab_sweep *sw, ganstab_error *err);

/* Markdown: deterministic (no timestamps, machine names or last-bit noise: numbers are
 * printed to 10 significant digits, error sizes as powers of ten). */
int ganstab_md_report(FILE *out, const ganstab_report *rep, ganstab_error *err);
int ganstab_md_sweep(FILE *out, const ganstab_sweep *sw, ganstab_error *err);

/* One row of reports/index.md. */
typedef struct {
    const char *name; /* report file stem, e.g. "dirac-gp" */
    const char *title;
    ganstab_verdict verdict;
    size_t claims, claims_agree;
    const char *paper_figure; /* [plot] figure: the paper's figure the case reproduces, or NULL */
    const ganstab_report_figure *figures; /* the case's figures, linked from that list */
    size_t nfigures;
} ganstab_index_entry;
/* table1.md: Mescheder et al. 2018's Table 1 from its rows (in the order given). */
int ganstab_md_table1(FILE *out, const ganstab_table1_row *rows, size_t n, ganstab_error *err);

/* The GMM-GAN placement map (gmm_map.h): a grid table, rows l1, columns l2, one verdict letter
 * S/U/M/N per stationary completion and "–" where there is none; a legend; a summary with the
 * counts and the most attracting placement with its decisive eigenvalue. */
int ganstab_md_gmm_map(FILE *out, const ganstab_gmm_map *m, ganstab_error *err);

/* The GMM-GAN success heatmaps (gmm_heatmap.h). Tables of shares count / inits. */
typedef enum {
    GANSTAB_HEATMAP_SUCCESS = 0,
    GANSTAB_HEATMAP_DISC_COLLAPSE,
    GANSTAB_HEATMAP_MODE_COLLAPSE,
    GANSTAB_HEATMAP_TV_BELOW
} ganstab_heatmap_table;
/* CSV rows, one per cell (mu1 outer): mu1,mu2,success,disc_collapse,mode_collapse; with
 * with_dynamics a leading dynamics column and a trailing tv_below column; header: the header
 * row first. Shares as the shortest decimal that reads back exactly. */
void ganstab_csv_gmm_heatmap(FILE *out, const ganstab_gmm_heatmap *m, int with_dynamics,
                             int header);
/* One share table in Markdown (rows mu1, columns mu2; 3 significant digits). */
void ganstab_md_gmm_heatmap_table(FILE *out, const ganstab_gmm_heatmap *m, ganstab_heatmap_table t);
/* The Figure 2 section of a report: setting, per-dynamics summary, the paper's three findings
 * with holds/does not, and the success tables, each after its dynamics' heatmap figure where
 * figures[0..nfigures) has one (kind GANSTAB_PLOT_HEATMAP, that dynamics); csv_name (may be
 * NULL) is linked. */
int ganstab_md_gmm_fig2(FILE *out, const ganstab_gmm_heatmap *const maps[3],
                        const ganstab_gmm_fig2 *f, const char *csv_name,
                        const ganstab_report_figure *figures, size_t nfigures, ganstab_error *err);

int ganstab_md_index(FILE *out, const ganstab_index_entry *entries, size_t n, ganstab_error *err);

/* x with the fewest significant digits (1..17) that read back as exactly x ("%.*g"; -0 as 0):
 * the numbers of CSV and JSON-like text outputs. */
void ganstab_fprint_shortest(FILE *out, double x);

#endif

/* `ganstab report CASE.ini... -o DIR`: one Markdown report per case plus an index. Every case
 * is loaded, analysed and rendered before the first file is written, so bad input anywhere
 * leaves DIR untouched. */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char report_usage[] =
    "Usage: ganstab report CASE.ini... -o DIR [--tol X] [--check]\n"
    "\n"
    "Analyse every case and write DIR/<case>.md for each (the case file's name without .ini)\n"
    "with its figures DIR/<case>-<kind>.svg (eigen, locus, phase, trajectory, density, map:\n"
    "those that fit the case; see 'ganstab plot --help') and, for a [heatmap] section,\n"
    "DIR/<case>-heatmap-<dynamics>.svg and DIR/<case>.csv, and DIR/index.md listing every case\n"
    "with its verdict and how many claims agree, and the papers' figures the cases reproduce.\n"
    "DIR is created if missing (its parent must exist). Nothing is written unless every case\n"
    "can be analysed; each file is replaced atomically. Reports are deterministic: no\n"
    "timestamps, no machine names.\n"
    "\n"
    "Options:\n"
    "  -o DIR       output directory (required)\n"
    "  --tol X      classification tolerance (default: 1e-10)\n"
    "  --check      exit with status 1 if a claim of any case disagrees\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

/* Name of the index file in DIR; a case may not have this stem. */
#define REPORT_INDEX_STEM "index"
/* Name of the optimizers' page in DIR, written when some case has a [compare] section. */
#define REPORT_OPTIMIZERS_STEM "optimizers"

typedef struct {
    const ganstab_compare_report *const *reps;
    const char *const *stems;
    size_t n;
} report_optimizers;

static int render_optimizers(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    (void)format;
    const report_optimizers *o = data;
    return ganstab_md_optimizers_page(out, o->reps, o->stems, o->n, err);
}

/* Name of Table 1's page in DIR, written when some case has a [table1] section. */
#define REPORT_TABLE1_STEM "table1"

/* The figures of one case (plot.h), rendered before anything is written: one per kind that fits
 * the case, and the [heatmap] section's three (one per dynamics). */
#define REPORT_FIGURES_MAX (GANSTAB_PLOT_KIND_COUNT + 2)

typedef struct {
    char file[GANSTAB_CASE_WHERE_MAX];
    char caption[GANSTAB_PLOT_TEXT_MAX];
    char label[GANSTAB_PLOT_LABEL_MAX];
    char *svg; /* malloc'ed */
    size_t len;
} report_figure_text;

typedef struct {
    const char *path; /* case file as given */
    char *stem;       /* basename without .ini, malloc'ed */
    char *csv_name;   /* "<stem>.csv" for a case with [heatmap] (its cells), else NULL */
    cli_analysis analysis;
    cli_text text, csv;
    size_t nfigures;
    ganstab_report_figure figures[REPORT_FIGURES_MAX];
    report_figure_text figure_text[REPORT_FIGURES_MAX];
} report_case;

typedef struct {
    const ganstab_index_entry *entries;
    size_t n;
    int has_table1;
    int has_optimizers;
} report_index;

static int render_index(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    (void)format;
    const report_index *index = data;
    int status = ganstab_md_index(out, index->entries, index->n, err);
    if (status == GANSTAB_OK && index->has_table1)
        fputs("Mescheder et al. 2018, Table 1, reproduced on the Dirac-GAN: "
              "[" REPORT_TABLE1_STEM ".md](" REPORT_TABLE1_STEM ".md).\n",
              out);
    if (status == GANSTAB_OK && index->has_optimizers)
        fputs("\nEvery optimizer of games (extragradient, optimistic, momentum, lookahead, SGA, "
              "CGD, ConOpt, ...) compared on the Dirac-GAN and the LQ-GAN: "
              "[" REPORT_OPTIMIZERS_STEM ".md](" REPORT_OPTIMIZERS_STEM ".md).\n",
              out);
    return status;
}

typedef struct {
    const ganstab_table1_row *rows;
    size_t n;
} report_table1;

static int render_table1(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    (void)format;
    const report_table1 *t = data;
    return ganstab_md_table1(out, t->rows, t->n, err);
}

/* "cases/dirac-gp.ini" -> "dirac-gp"; unique among the cases and not the index's name. */
/* The cells of every heatmap of a case, one CSV (ganstab_csv_gmm_heatmap with the dynamics). */
static int render_heatmap_csv(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    (void)format;
    (void)err;
    const cli_analysis *a = data;
    int header = 1;
    for (int d = 0; d < 3; d++)
        if (a->heatmaps[d] != NULL) {
            ganstab_csv_gmm_heatmap(out, a->heatmaps[d], 1, header);
            header = 0;
        }
    return GANSTAB_OK;
}

static int make_stems(report_case *cases, size_t n, const char *command, ganstab_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(cases[i].path, '/');
        const char *base = slash != NULL ? slash + 1 : cases[i].path;
        size_t len = strlen(base);
        if (len > 4 && strcmp(base + len - 4, ".ini") == 0)
            len -= 4;
        if (len == 0)
            return cli_usage_error(err, command, cases[i].path,
                                   "cannot name a report after this file");
        cases[i].stem = malloc(len + 1);
        if (cases[i].stem == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
        memcpy(cases[i].stem, base, len);
        cases[i].stem[len] = '\0';
        if (strcmp(cases[i].stem, REPORT_INDEX_STEM) == 0 ||
            strcmp(cases[i].stem, REPORT_TABLE1_STEM) == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, cases[i].path,
                                     "its report would overwrite %s.md (%s and %s are reserved)",
                                     cases[i].stem, REPORT_INDEX_STEM, REPORT_TABLE1_STEM);
        for (size_t j = 0; j < i; j++)
            if (strcmp(cases[j].stem, cases[i].stem) == 0)
                return ganstab_error_set(err, GANSTAB_EINVAL, cases[i].path,
                                         "same report name '%s' as %s", cases[i].stem,
                                         cases[j].path);
    }
    return GANSTAB_OK;
}

/* DIR exists as a directory afterwards, or an error says why not (one level is created). */
static int ensure_dir(const char *dir, ganstab_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return GANSTAB_OK;
        return ganstab_error_set(err, GANSTAB_EIO, dir, "not a directory");
    }
    if (errno != ENOENT)
        return ganstab_error_set(err, GANSTAB_EIO, dir, "cannot use as output directory: %s",
                                 strerror(errno));
    if (mkdir(dir, 0777) != 0)
        return ganstab_error_set(err, GANSTAB_EIO, dir, "cannot create directory: %s",
                                 strerror(errno));
    return GANSTAB_OK;
}

/* DIR/NAME (NAME with its extension) written atomically. */
static int write_file_in_dir(const char *dir, const char *name, const char *text, size_t len,
                             ganstab_error *err)
{
    size_t size = strlen(dir) + strlen(name) + sizeof "/";
    char *path = malloc(size);
    if (path == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    size_t dirlen = strlen(dir);
    int slash = dirlen > 0 && dir[dirlen - 1] == '/';
    snprintf(path, size, "%s%s%s", dir, slash ? "" : "/", name);
    int status = ganstab_write_atomic(path, text, len, err);
    free(path);
    return status;
}

/* DIR/STEM.EXT (ext with its dot) written atomically. */
static int write_in_dir(const char *dir, const char *stem, const char *ext, const cli_text *t,
                        ganstab_error *err)
{
    size_t size = strlen(stem) + strlen(ext) + 1;
    char *name = malloc(size);
    if (name == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    snprintf(name, size, "%s%s", stem, ext);
    int status = write_file_in_dir(dir, name, t->text, t->len, err);
    free(name);
    return status;
}

/* Render a figure its builder returned build_status for as the case's next one,
 * DIR/<stem>-<name>.svg; the figure is freed. */
static int add_figure(report_case *rc, ganstab_plot_figure *fig, int build_status,
                      ganstab_plot_kind kind, int dynamics, const char *name, const char *caption,
                      const char *label, ganstab_error *err)
{
    report_figure_text *t = &rc->figure_text[rc->nfigures];
    int status = build_status;
    if (status == GANSTAB_OK)
        status = ganstab_plot_render_svg(fig, &t->svg, &t->len, err);
    ganstab_plot_figure_free(fig);
    if (status != GANSTAB_OK) {
        /* say which case and figure failed: the library's location alone may not */
        char msg[GANSTAB_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", err->message);
        return ganstab_error_set(err, status, err->where[0] != '\0' ? err->where : rc->path,
                                 "%s (figure %s of %s)", msg, name, rc->path);
    }
    snprintf(t->file, sizeof t->file, "%s-%s.svg", rc->stem, name);
    snprintf(t->caption, sizeof t->caption, "%s", caption);
    snprintf(t->label, sizeof t->label, "%s", label != NULL ? label : "");
    rc->figures[rc->nfigures] = (ganstab_report_figure){kind, t->file, t->caption,
                                                        label != NULL ? t->label : NULL, dynamics};
    rc->nfigures++;
    return GANSTAB_OK;
}

/* The figures that fit a case: its eigenvalues (unless nothing is stationary), the loci of its
 * [critical] sweep, the phase portrait of a two-dimensional state, the time series of a
 * two-dimensional state or a [simulate] run, the GMM-GAN's density difference of a [simulate]
 * run, the success heatmap of every dynamics of its [heatmap] section and its [map] study (both
 * drawn from what the analysis already computed). Each is built, rendered and kept in memory. */
static int make_figures(report_case *rc, double tol, ganstab_error *err)
{
    const cli_analysis *a = &rc->analysis;
    const ganstab_case *c = &a->c;
    size_t n = a->result->n;
    int kinds[GANSTAB_PLOT_KIND_COUNT] = {0};
    kinds[GANSTAB_PLOT_EIGEN] = a->result->verdict != GANSTAB_VERDICT_NOT_STATIONARY;
    kinds[GANSTAB_PLOT_LOCUS] = c->has_critical && a->report.critical_skipped == NULL;
    /* no locus across a stretch without equilibrium (a branch of model expr ending in a fold):
       the eigenvalues are undefined there; the critical-values table shows the fold */
    for (size_t i = 0; i < a->ncross; i++)
        if (a->crossings[i].before == GANSTAB_VERDICT_NOT_STATIONARY ||
            a->crossings[i].after == GANSTAB_VERDICT_NOT_STATIONARY)
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
    po.tol = tol;
    int status = GANSTAB_OK;
    rc->nfigures = 0;
    ganstab_plot_figure fig;
    for (int k = 0; k < GANSTAB_PLOT_KIND_COUNT && status == GANSTAB_OK; k++) {
        if (!kinds[k])
            continue;
        memset(&fig, 0, sizeof fig);
        int built = ganstab_plot_case(c, a->result, (ganstab_plot_kind)k, &po, &fig, err);
        status = add_figure(rc, &fig, built, (ganstab_plot_kind)k, 0,
                            ganstab_plot_kind_name((ganstab_plot_kind)k), captions[k], NULL, err);
    }
    /* Li et al. 2018, Figure 2: the heatmaps the report's tables show, in the paper's order */
    static const ganstab_gmm_dynamics order[3] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_UNROLLED,
                                                  GANSTAB_GMM_OPTIMAL};
    for (int i = 0; i < 3 && status == GANSTAB_OK; i++) {
        const ganstab_gmm_heatmap *m = a->heatmaps[order[i]];
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
        status = add_figure(rc, &fig, built, GANSTAB_PLOT_HEATMAP, (int)order[i], name, caption,
                            label, err);
    }
    if (status == GANSTAB_OK && a->map != NULL) {
        memset(&fig, 0, sizeof fig);
        int built = ganstab_plot_stability_map(c, a->map, &fig, err);
        status = add_figure(rc, &fig, built, GANSTAB_PLOT_MAP, 0, "map",
                            a->map->dynamics == GANSTAB_DYNAMICS_MAP
                                ? "Spectral radius over the map's grid, the located boundary and "
                                  "the claims' closed forms"
                                : "Spectral abscissa over the map's grid, the located boundary "
                                  "and the claims' closed forms",
                            NULL, err);
    }
    rc->analysis.report.figures = rc->figures;
    rc->analysis.report.nfigures = rc->nfigures;
    return status;
}

/* Load, analyse and render every case, then the index; nothing touches the disk. */
static int prepare(const cli_options *opt, report_case *cases, size_t n, cli_text *index_text,
                   cli_text *table1_text, cli_text *optimizers_text, ganstab_error *err)
{
    int status = make_stems(cases, n, opt->command, err);
    ganstab_index_entry *entries = calloc(n, sizeof *entries);
    ganstab_case *c = malloc(sizeof *c);
    if (status == GANSTAB_OK && (entries == NULL || c == NULL))
        status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        status = cli_load_case(cases[i].path, NULL, 0, c, err);
        if (status == GANSTAB_OK)
            status = cli_analysis_run(c, opt->tol, &cases[i].analysis, err);
        if (status == GANSTAB_OK && cases[i].analysis.c.has_heatmap) {
            size_t size = strlen(cases[i].stem) + sizeof ".csv";
            cases[i].csv_name = malloc(size);
            if (cases[i].csv_name == NULL)
                status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
            else
                snprintf(cases[i].csv_name, size, "%s.csv", cases[i].stem);
        }
        if (status == GANSTAB_OK)
            status = cli_analysis_heatmaps(&cases[i].analysis, cases[i].csv_name, err);
        if (status == GANSTAB_OK && cases[i].csv_name != NULL)
            status = cli_render(render_heatmap_csv, &cases[i].analysis, CLI_FORMAT_MD,
                                &cases[i].csv, err);
    }
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        status = make_figures(&cases[i], opt->tol, err);
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        const cli_analysis *a = &cases[i].analysis;
        status = cli_render(cli_render_report, &a->report, CLI_FORMAT_MD, &cases[i].text, err);
        entries[i].name = cases[i].stem;
        entries[i].title = a->c.title;
        entries[i].verdict = a->result->verdict;
        cli_analysis_count_claims(a, &entries[i].claims, &entries[i].claims_agree);
        entries[i].paper_figure =
            a->c.has_plot && a->c.plot_figure[0] != '\0' ? a->c.plot_figure : NULL;
        entries[i].figures = cases[i].figures;
        entries[i].nfigures = cases[i].nfigures;
    }
    /* Table 1 rows, in the order the cases were given. */
    ganstab_table1_row *rows = calloc(n, sizeof *rows);
    size_t nrows = 0;
    if (status == GANSTAB_OK && rows == NULL)
        status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        if (cases[i].analysis.c.has_table1)
            status =
                ganstab_table1_row_compute(&cases[i].analysis.c, opt->tol, &rows[nrows++], err);
    if (status == GANSTAB_OK && nrows > 0) {
        report_table1 t = {rows, nrows};
        status = cli_render(render_table1, &t, CLI_FORMAT_MD, table1_text, err);
    }
    /* the optimizer comparisons, in the order the cases were given */
    const ganstab_compare_report **reps = calloc(n, sizeof *reps);
    const char **stems = calloc(n, sizeof *stems);
    size_t ncomp = 0;
    if (status == GANSTAB_OK && (reps == NULL || stems == NULL))
        status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        if (cases[i].analysis.compare != NULL) {
            reps[ncomp] = &cases[i].analysis.compare_report;
            stems[ncomp++] = cases[i].stem;
        }
    if (status == GANSTAB_OK && ncomp > 0) {
        report_optimizers o = {reps, stems, ncomp};
        status = cli_render(render_optimizers, &o, CLI_FORMAT_MD, optimizers_text, err);
    }
    free(reps);
    free(stems);
    if (status == GANSTAB_OK) {
        report_index index = {entries, n, nrows > 0, ncomp > 0};
        status = cli_render(render_index, &index, CLI_FORMAT_MD, index_text, err);
    }
    free(rows);
    free(c);
    free(entries);
    return status;
}

int cli_report(int argc, char **argv)
{
    cli_options opt;
    int code =
        cli_begin(argc, argv, CLI_OPT_OUTPUT | CLI_OPT_TOL | CLI_OPT_CHECK, report_usage, 0, &opt);
    if (code != CLI_CONTINUE)
        return code;

    ganstab_error err;
    ganstab_error_clear(&err);
    size_t n = opt.ncases;
    report_case *cases = calloc(n, sizeof *cases);
    cli_text index_text = {0}, table1_text = {0}, optimizers_text = {0};
    int status = GANSTAB_OK;
    if (opt.output == NULL)
        status = cli_usage_error(&err, opt.command, "", "missing -o DIR");
    else if (cases == NULL)
        status = ganstab_error_set(&err, GANSTAB_ENOMEM, "", "out of memory");
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        cases[i].path = opt.cases[i];
    if (status == GANSTAB_OK)
        status = prepare(&opt, cases, n, &index_text, &table1_text, &optimizers_text, &err);
    if (status == GANSTAB_OK)
        status = ensure_dir(opt.output, &err);
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        for (size_t k = 0; status == GANSTAB_OK && k < cases[i].nfigures; k++)
            status =
                write_file_in_dir(opt.output, cases[i].figure_text[k].file,
                                  cases[i].figure_text[k].svg, cases[i].figure_text[k].len, &err);
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        status = write_in_dir(opt.output, cases[i].stem, ".md", &cases[i].text, &err);
        if (status == GANSTAB_OK && cases[i].csv_name != NULL)
            status = write_in_dir(opt.output, cases[i].stem, ".csv", &cases[i].csv, &err);
    }
    if (status == GANSTAB_OK && table1_text.len > 0)
        status = write_in_dir(opt.output, REPORT_TABLE1_STEM, ".md", &table1_text, &err);
    if (status == GANSTAB_OK && optimizers_text.len > 0)
        status = write_in_dir(opt.output, REPORT_OPTIMIZERS_STEM, ".md", &optimizers_text, &err);
    if (status == GANSTAB_OK)
        status = write_in_dir(opt.output, REPORT_INDEX_STEM, ".md", &index_text, &err);

    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else
        code = CLI_EXIT_OK;
    for (size_t i = 0; status == GANSTAB_OK && opt.check && i < n; i++) {
        const cli_analysis *a = &cases[i].analysis;
        if (cli_report_disagreements(a->c.file, a->result, a->checks, a->nchecks,
                                     a->critical_checks, a->ncritical_checks) != CLI_EXIT_OK)
            code = CLI_EXIT_DISAGREE;
        if (cli_report_simulation_disagreement(a) != CLI_EXIT_OK)
            code = CLI_EXIT_DISAGREE;
        if (cli_report_heatmap_disagreement(a) != 0 ||
            cli_report_study_disagreements(a) != CLI_EXIT_OK)
            code = CLI_EXIT_DISAGREE;
    }
    for (size_t i = 0; cases != NULL && i < n; i++) {
        free(cases[i].stem);
        free(cases[i].csv_name);
        cli_analysis_free(&cases[i].analysis);
        cli_text_free(&cases[i].text);
        cli_text_free(&cases[i].csv);
        for (size_t k = 0; k < cases[i].nfigures; k++)
            free(cases[i].figure_text[k].svg);
    }
    free(cases);
    cli_text_free(&index_text);
    cli_text_free(&table1_text);
    cli_text_free(&optimizers_text);
    cli_options_free(&opt);
    return code;
}

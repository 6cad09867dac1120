/* What a run renders into memory (run.h): the case's report in Markdown or JSON, the heatmaps'
 * CSV, and the pages of a report directory (index, Table 1, the optimizers). Rendering into
 * memory first means a failure never leaves partial output. */
#define _POSIX_C_SOURCE 200809L

#include "ganstab/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int ganstab_run_render_text(ganstab_run_printer print, const void *data, char **text, size_t *len,
                            ganstab_error *err)
{
    *text = NULL;
    *len = 0;
    FILE *fp = open_memstream(text, len);
    if (fp == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "cannot open a memory stream: %s",
                                 strerror(errno));
    int status = print(fp, data, err);
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad || *text == NULL) {
        if (status == GANSTAB_OK)
            status =
                ganstab_error_set(err, GANSTAB_ENOMEM, "", "cannot render the output in memory");
    }
    if (status != GANSTAB_OK) {
        free(*text);
        *text = NULL;
        *len = 0;
    }
    return status;
}

static int print_markdown(FILE *out, const void *run, ganstab_error *err)
{
    return ganstab_md_report(out, &((const ganstab_run *)run)->report, err);
}

static int print_json(FILE *out, const void *run, ganstab_error *err)
{
    return ganstab_json_report(out, &((const ganstab_run *)run)->report, err);
}

int ganstab_run_render(const ganstab_run *run, ganstab_run_format format, char **text, size_t *len,
                       ganstab_error *err)
{
    return ganstab_run_render_text(format == GANSTAB_RUN_JSON ? print_json : print_markdown, run,
                                   text, len, err);
}

static int print_heatmap_csv(FILE *out, const void *data, ganstab_error *err)
{
    (void)err;
    const ganstab_run *run = data;
    int header = 1;
    for (int d = 0; d < 3; d++)
        if (run->heatmaps[d] != NULL) {
            ganstab_csv_gmm_heatmap(out, run->heatmaps[d], 1, header);
            header = 0;
        }
    return GANSTAB_OK;
}

int ganstab_run_render_heatmap_csv(const ganstab_run *run, char **text, size_t *len,
                                   ganstab_error *err)
{
    return ganstab_run_render_text(print_heatmap_csv, run, text, len, err);
}

/* ---- the pages of a report directory ---------------------------------------------------- */

typedef struct {
    const ganstab_index_entry *entries;
    size_t n;
    int has_table1;
    int has_optimizers;
} index_page;

static int print_index(FILE *out, const void *data, ganstab_error *err)
{
    const index_page *index = data;
    int status = ganstab_md_index(out, index->entries, index->n, err);
    if (status == GANSTAB_OK && index->has_table1)
        fputs("Mescheder et al. 2018, Table 1, reproduced on the Dirac-GAN: "
              "[" GANSTAB_RUN_TABLE1_STEM ".md](" GANSTAB_RUN_TABLE1_STEM ".md).\n",
              out);
    if (status == GANSTAB_OK && index->has_optimizers)
        fputs("\nEvery optimizer of games (extragradient, optimistic, momentum, lookahead, SGA, "
              "CGD, ConOpt, ...) compared on the Dirac-GAN and the LQ-GAN: "
              "[" GANSTAB_RUN_OPTIMIZERS_STEM ".md](" GANSTAB_RUN_OPTIMIZERS_STEM ".md).\n",
              out);
    return status;
}

typedef struct {
    const ganstab_table1_row *rows;
    size_t n;
} table1_page;

static int print_table1(FILE *out, const void *data, ganstab_error *err)
{
    const table1_page *t = data;
    return ganstab_md_table1(out, t->rows, t->n, err);
}

typedef struct {
    const ganstab_compare_report *const *reps;
    const char *const *stems;
    size_t n;
} optimizers_page;

static int print_optimizers(FILE *out, const void *data, ganstab_error *err)
{
    const optimizers_page *o = data;
    return ganstab_md_optimizers_page(out, o->reps, o->stems, o->n, err);
}

void ganstab_run_pages_free(ganstab_run_pages *pages)
{
    free(pages->index);
    free(pages->table1);
    free(pages->optimizers);
    memset(pages, 0, sizeof *pages);
}

int ganstab_run_render_pages(const ganstab_run *const *runs, const char *const *stems, size_t n,
                             ganstab_run_pages *pages, ganstab_error *err)
{
    memset(pages, 0, sizeof *pages);
    int status = GANSTAB_OK;
    /* calloc(0) may return NULL: allocate at least one element */
    size_t cap = n > 0 ? n : 1;
    ganstab_index_entry *entries = calloc(cap, sizeof *entries);
    ganstab_table1_row *rows = calloc(cap, sizeof *rows);
    const ganstab_compare_report **reps = calloc(cap, sizeof *reps);
    const char **comp_stems = calloc(cap, sizeof *comp_stems);
    if (entries == NULL || rows == NULL || reps == NULL || comp_stems == NULL)
        status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        const ganstab_run *run = runs[i];
        entries[i].name = stems[i];
        entries[i].title = run->c.title;
        entries[i].verdict = run->result->verdict;
        ganstab_run_count_claims(run, &entries[i].claims, &entries[i].claims_agree);
        entries[i].paper_figure =
            run->c.has_plot && run->c.plot_figure[0] != '\0' ? run->c.plot_figure : NULL;
        entries[i].figures = run->figures;
        entries[i].nfigures = run->nfigures;
    }
    /* Table 1 rows, in the order the cases were given */
    size_t nrows = 0;
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        if (runs[i]->c.has_table1)
            status = ganstab_table1_row_compute(&runs[i]->c, runs[i]->tol, &rows[nrows++], err);
    if (status == GANSTAB_OK && nrows > 0) {
        table1_page t = {rows, nrows};
        status = ganstab_run_render_text(print_table1, &t, &pages->table1, &pages->table1_len, err);
    }
    /* the optimizer comparisons, in the order the cases were given */
    size_t ncomp = 0;
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        if (runs[i]->compare != NULL) {
            reps[ncomp] = &runs[i]->compare_report;
            comp_stems[ncomp++] = stems[i];
        }
    if (status == GANSTAB_OK && ncomp > 0) {
        optimizers_page o = {reps, comp_stems, ncomp};
        status = ganstab_run_render_text(print_optimizers, &o, &pages->optimizers,
                                         &pages->optimizers_len, err);
    }
    if (status == GANSTAB_OK) {
        index_page index = {entries, n, nrows > 0, ncomp > 0};
        status =
            ganstab_run_render_text(print_index, &index, &pages->index, &pages->index_len, err);
    }
    free(entries);
    free(rows);
    free(reps);
    free(comp_stems);
    if (status != GANSTAB_OK)
        ganstab_run_pages_free(pages);
    return status;
}

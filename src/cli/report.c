/* `ganstab report CASE.ini... -o DIR`: one Markdown report per case plus an index. Every case
 * is loaded, analysed and rendered before the first file is written, so bad input anywhere
 * leaves DIR untouched. */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

typedef struct {
    const char *path; /* case file as given */
    char *stem;       /* basename without .ini, malloc'ed */
    char *csv_name;   /* "<stem>.csv" for a case with [heatmap] (its cells), else NULL */
    ganstab_run *run;
    cli_text text, csv;
} report_case;

/* The heatmaps' progress: one line on stderr, rewritten in place. */
static void heatmap_progress(const char *stage, size_t done, size_t total, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\rganstab: %s heatmap: %zu/%zu cells", stage, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* "cases/dirac-gp.ini" -> "dirac-gp"; unique among the cases and not the index's name. */
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
        if (strcmp(cases[i].stem, GANSTAB_RUN_INDEX_STEM) == 0 ||
            strcmp(cases[i].stem, GANSTAB_RUN_TABLE1_STEM) == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, cases[i].path,
                                     "its report would overwrite %s.md (%s and %s are reserved)",
                                     cases[i].stem, GANSTAB_RUN_INDEX_STEM,
                                     GANSTAB_RUN_TABLE1_STEM);
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

/* DIR/STEM.md, a page of ganstab_run_render_pages, written atomically. */
static int write_page(const char *dir, const char *stem, const char *text, size_t len,
                      ganstab_error *err)
{
    cli_text t = {(char *)text, len};
    return write_in_dir(dir, stem, ".md", &t, err);
}

/* Load, analyse and render every case, then the other pages; nothing touches the disk. */
static int prepare(const cli_options *opt, report_case *cases, size_t n, ganstab_run_pages *pages,
                   ganstab_error *err)
{
    int status = make_stems(cases, n, opt->command, err);
    const ganstab_run **runs = calloc(n, sizeof *runs);
    const char **stems = calloc(n, sizeof *stems);
    ganstab_case *c = malloc(sizeof *c);
    if (status == GANSTAB_OK && (runs == NULL || stems == NULL || c == NULL))
        status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    ganstab_run_options ro;
    ganstab_run_options_init(&ro);
    ro.tol = opt->tol;
    ro.heatmaps = 1;
    if (isatty(fileno(stderr)))
        ro.progress = heatmap_progress;
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        status = ganstab_run_load(cases[i].path, NULL, 0, c, err);
        if (status == GANSTAB_OK && c->has_heatmap) {
            size_t size = strlen(cases[i].stem) + sizeof ".csv";
            cases[i].csv_name = malloc(size);
            if (cases[i].csv_name == NULL)
                status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
            else
                snprintf(cases[i].csv_name, size, "%s.csv", cases[i].stem);
        }
        if (status == GANSTAB_OK) {
            cases[i].run = ganstab_run_alloc();
            if (cases[i].run == NULL)
                status = ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
        }
        ro.heatmap_csv = cases[i].csv_name;
        if (status == GANSTAB_OK)
            status = ganstab_run_case(c, &ro, cases[i].run, err);
        if (status == GANSTAB_OK && cases[i].csv_name != NULL)
            status = ganstab_run_render_heatmap_csv(cases[i].run, &cases[i].csv.text,
                                                    &cases[i].csv.len, err);
    }
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        status = ganstab_run_figures(cases[i].run, cases[i].stem, cases[i].path, err);
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        status = ganstab_run_render(cases[i].run, GANSTAB_RUN_MARKDOWN, &cases[i].text.text,
                                    &cases[i].text.len, err);
        runs[i] = cases[i].run;
        stems[i] = cases[i].stem;
    }
    if (status == GANSTAB_OK)
        status = ganstab_run_render_pages(runs, stems, n, pages, err);
    free(c);
    free(runs);
    free(stems);
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
    ganstab_run_pages pages = {0};
    int status = GANSTAB_OK;
    if (opt.output == NULL)
        status = cli_usage_error(&err, opt.command, "", "missing -o DIR");
    else if (cases == NULL)
        status = ganstab_error_set(&err, GANSTAB_ENOMEM, "", "out of memory");
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        cases[i].path = opt.cases[i];
    if (status == GANSTAB_OK)
        status = prepare(&opt, cases, n, &pages, &err);
    if (status == GANSTAB_OK)
        status = ensure_dir(opt.output, &err);
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++)
        for (size_t k = 0; status == GANSTAB_OK && k < cases[i].run->nfigures; k++)
            status = write_file_in_dir(opt.output, cases[i].run->figure_text[k].file,
                                       cases[i].run->figure_text[k].svg,
                                       cases[i].run->figure_text[k].len, &err);
    for (size_t i = 0; status == GANSTAB_OK && i < n; i++) {
        status = write_in_dir(opt.output, cases[i].stem, ".md", &cases[i].text, &err);
        if (status == GANSTAB_OK && cases[i].csv_name != NULL)
            status = write_in_dir(opt.output, cases[i].stem, ".csv", &cases[i].csv, &err);
    }
    if (status == GANSTAB_OK && pages.table1_len > 0)
        status =
            write_page(opt.output, GANSTAB_RUN_TABLE1_STEM, pages.table1, pages.table1_len, &err);
    if (status == GANSTAB_OK && pages.optimizers_len > 0)
        status = write_page(opt.output, GANSTAB_RUN_OPTIMIZERS_STEM, pages.optimizers,
                            pages.optimizers_len, &err);
    if (status == GANSTAB_OK)
        status = write_page(opt.output, GANSTAB_RUN_INDEX_STEM, pages.index, pages.index_len, &err);

    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else
        code = CLI_EXIT_OK;
    for (size_t i = 0; status == GANSTAB_OK && opt.check && i < n; i++)
        if (cli_report_run_disagreements(cases[i].run) != CLI_EXIT_OK)
            code = CLI_EXIT_DISAGREE;
    for (size_t i = 0; cases != NULL && i < n; i++) {
        free(cases[i].stem);
        free(cases[i].csv_name);
        ganstab_run_free(cases[i].run);
        cli_text_free(&cases[i].text);
        cli_text_free(&cases[i].csv);
    }
    free(cases);
    ganstab_run_pages_free(&pages);
    cli_options_free(&opt);
    return code;
}

/* `ganstab heatmap CASE.ini --dynamics D`: the GMM-GAN success heatmap of Li et al. 2018, Figure 2
 * (gmm_heatmap.h), as CSV, JSON or Markdown. */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char heatmap_usage[] =
    "Usage: ganstab heatmap CASE.ini --dynamics first-order|unrolled|optimal [--grid N]\n"
    "                       [--inits K] [--iters T] [--step H] [--seed S] [--threads P]\n"
    "                       [--quiet] [--set SECTION.KEY=VALUE]... [--format csv|json|md]\n"
    "                       [-o FILE]\n"
    "\n"
    "Li et al. 2018, Figure 2: for every generator start mu_hat on an N x N grid of [-1, 1]^2\n"
    "run K random discriminator starts for T steps of the GMM-GAN dynamics with step size H\n"
    "(eta_g = eta_d = H; mu* = model.mu_star, unrolling depth update.unroll) and report per\n"
    "cell the share of runs that succeed (final TV distance < 0.1 and |mu1 - mu2| >=\n"
    "model.mode_collapse), that end with a collapsed discriminator interval (r <= l), and that\n"
    "end mode-collapsed (|mu1 - mu2| < model.mode_collapse). The case must have model gmm;\n"
    "update.scheme and update.h are not used. Each interval starts with its left end uniform\n"
    "in [-3, 3] and its length uniform in (0, 3], drawn by SplitMix64 from (seed, cell,\n"
    "start): the result does not depend on --threads.\n"
    "\n"
    "Options:\n"
    "  --dynamics D             required: first-order (eqs. (9)-(11)), unrolled, optimal\n"
    "  --grid N                 grid points per axis, 2..1001 (default 41)\n"
    "  --inits K                discriminator starts per cell, 1..1000000 (default 120)\n"
    "  --iters T                steps per run, 1..100000000 (default 3000)\n"
    "  --step H                 step size H > 0 (default 0.3)\n"
    "  --seed S                 seed of the starts, 0..18446744073709551615 (default 1)\n"
    "  --threads P              worker threads, 0..1024; 0 = all cores (default 0)\n"
    "  --quiet                  no progress counter (shown only when stderr is a terminal)\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable; same rules as the file)\n"
    "  --format csv|json|md     output format (default: csv)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  -h, --help               show this help\n"
    "\n"
    "CSV columns: mu1,mu2,success,disc_collapse,mode_collapse, one row per cell (mu1 outer,\n"
    "mu2 inner), shares in [0, 1]. JSON: the parameters and the three tables as arrays of rows\n"
    "(row i: mu1 = mu[i], column j: mu2 = mu[j]). Markdown: the same tables.\n"
    "\n"
    "Exit status: 0 success, 2 bad input, 3 numerical failure.\n";

/* The shortest %.*g that reads back as x (x finite). */
static double share(size_t count, size_t total)
{
    return (double)count / (double)total;
}

static const size_t *table_of(const ganstab_gmm_heatmap *m, int t)
{
    return t == 0 ? m->success : t == 1 ? m->disc_collapse : m->mode_collapse_count;
}

static const char *const table_names[3] = {"success", "disc_collapse", "mode_collapse"};

/* A JSON string literal (quotes, backslashes, control characters escaped). */
static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", (unsigned)*p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

typedef struct {
    const ganstab_case *c;
    const ganstab_gmm_heatmap *m;
} heatmap_output;

static const char starts_text[] =
    "each interval: left end uniform in [-3, 3], length uniform in (0, 3]; SplitMix64 keyed by "
    "(seed, cell, start)";

static int render_json(FILE *out, const heatmap_output *h)
{
    const ganstab_gmm_heatmap *m = h->m;
    fputs("{\n\t\"ganstab\":\t\"" GANSTAB_VERSION "\",\n\t\"case\":\t{\n\t\t\"file\":\t", out);
    put_string(out, h->c->file);
    fputs(",\n\t\t\"title\":\t", out);
    put_string(out, h->c->title);
    fputs("\n\t},\n\t\"dynamics\":\t", out);
    put_string(out, ganstab_gmm_dynamics_name(m->opt.dynamics));
    fputs(",\n\t\"mu_star\":\t[", out);
    ganstab_fprint_shortest(out, m->mu_star[0]);
    fputs(", ", out);
    ganstab_fprint_shortest(out, m->mu_star[1]);
    fputs("],\n\t\"mode_collapse_gap\":\t", out);
    ganstab_fprint_shortest(out, m->mode_collapse);
    fprintf(out, ",\n\t\"unroll\":\t%u,\n\t\"grid\":\t%zu,\n\t\"inits\":\t%zu,\n\t\"iters\":\t%zu",
            m->unroll, m->grid, m->opt.inits, m->opt.iters);
    fputs(",\n\t\"step\":\t", out);
    ganstab_fprint_shortest(out, m->opt.step);
    fprintf(out, ",\n\t\"seed\":\t%llu,\n\t\"tv_success\":\t", (unsigned long long)m->opt.seed);
    ganstab_fprint_shortest(out, GANSTAB_GMM_TV_SUCCESS);
    fputs(",\n\t\"starts\":\t", out);
    put_string(out, starts_text);
    fputs(",\n\t\"mu\":\t[", out);
    for (size_t i = 0; i < m->grid; i++) {
        if (i > 0)
            fputs(", ", out);
        ganstab_fprint_shortest(out, m->mu[i]);
    }
    fputs("]", out);
    for (int t = 0; t < 3; t++) {
        fprintf(out, ",\n\t\"%s\":\t[", table_names[t]);
        for (size_t i = 0; i < m->grid; i++) {
            fputs(i > 0 ? ",\n\t\t[" : "\n\t\t[", out);
            for (size_t j = 0; j < m->grid; j++) {
                if (j > 0)
                    fputs(", ", out);
                ganstab_fprint_shortest(out, share(table_of(m, t)[i * m->grid + j], m->opt.inits));
            }
            fputc(']', out);
        }
        fputs("\n\t]", out);
    }
    fputs("\n}\n", out);
    return GANSTAB_OK;
}

static int render_md(FILE *out, const heatmap_output *h)
{
    const ganstab_gmm_heatmap *m = h->m;
    fputs("# GMM-GAN heatmap", out);
    if (h->c->title[0] != '\0')
        fprintf(out, ": %s", h->c->title);
    fputs("\n\n| parameter | value |\n|---|---|\n", out);
    fprintf(out, "| case | %s |\n| dynamics | %s |\n| mu* | (", h->c->file,
            ganstab_gmm_dynamics_name(m->opt.dynamics));
    ganstab_fprint_shortest(out, m->mu_star[0]);
    fputs(", ", out);
    ganstab_fprint_shortest(out, m->mu_star[1]);
    fputs(") |\n| mode collapse gap | ", out);
    ganstab_fprint_shortest(out, m->mode_collapse);
    if (m->opt.dynamics == GANSTAB_GMM_UNROLLED)
        fprintf(out, " |\n| unrolling steps | %u", m->unroll);
    fprintf(out, " |\n| grid | %zu x %zu on [-1, 1]^2 |\n| starts per cell | %zu |\n", m->grid,
            m->grid, m->opt.inits);
    fprintf(out, "| steps | %zu |\n| step size | ", m->opt.iters);
    ganstab_fprint_shortest(out, m->opt.step);
    fprintf(out, " |\n| seed | %llu |\n| success | TV < ", (unsigned long long)m->opt.seed);
    ganstab_fprint_shortest(out, GANSTAB_GMM_TV_SUCCESS);
    fprintf(out, " and not mode-collapsed |\n| starts | %s |\n", starts_text);
    static const char *const titles[3] = {"Success share", "Discriminator-collapse share",
                                          "Mode-collapse share"};
    for (int t = 0; t < 3; t++) {
        fprintf(out, "\n## %s\n\n", titles[t]);
        ganstab_md_gmm_heatmap_table(out, m, (ganstab_heatmap_table)t);
    }
    return GANSTAB_OK;
}

static int render_heatmap(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    (void)err;
    const heatmap_output *h = data;
    if (format == CLI_FORMAT_JSON)
        return render_json(out, h);
    if (format == CLI_FORMAT_MD)
        return render_md(out, h);
    ganstab_csv_gmm_heatmap(out, h->m, 0, 1);
    return GANSTAB_OK;
}

/* The progress counter: one line on stderr, rewritten in place. */
static void show_progress(size_t done, size_t total, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\rganstab heatmap: %zu/%zu cells", done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_heatmap(int argc, char **argv)
{
    cli_options opt;
    int code = cli_begin(argc, argv,
                         CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_FORMAT_ALL | CLI_OPT_OUTPUT |
                             CLI_OPT_DYNAMICS | CLI_OPT_GRID | CLI_OPT_INITS | CLI_OPT_ITERS |
                             CLI_OPT_STEP | CLI_OPT_SEED | CLI_OPT_THREADS | CLI_OPT_QUIET,
                         heatmap_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;

    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_gmm_heatmap *m = NULL;
    cli_text out = {0};
    int status = GANSTAB_OK;
    if (!opt.dynamics_given)
        status = cli_usage_error(&err, opt.command, "--dynamics",
                                 "required (first-order, unrolled or optimal)");
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK) {
        ganstab_gmm_heatmap_options ho;
        ganstab_gmm_heatmap_options_init(&ho);
        ho.dynamics = opt.dynamics;
        ho.grid = opt.grid;
        ho.inits = opt.inits;
        ho.iters = opt.iters;
        ho.step = opt.step;
        ho.seed = opt.seed;
        ho.threads = opt.threads;
        if (!opt.quiet && isatty(fileno(stderr)))
            ho.progress = show_progress;
        status = ganstab_gmm_heatmap_run(&c, &ho, &m, &err);
    }
    if (status == GANSTAB_OK) {
        heatmap_output h = {&c, m};
        status = cli_render(render_heatmap, &h, opt.format, &out, &err);
    }
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, out.text, out.len, &err);

    code = status != GANSTAB_OK ? cli_fail(&err) : CLI_EXIT_OK;
    cli_text_free(&out);
    ganstab_gmm_heatmap_free(m);
    cli_options_free(&opt);
    return code;
}

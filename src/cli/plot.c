/* `ganstab plot CASE.ini --kind K -o FILE.svg`: one figure of a case as SVG (plot.h). */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char plot_usage[] =
    "Usage: ganstab plot CASE.ini --kind eigen|locus|phase|trajectory|density|heatmap|map\n"
    "                    [--set SECTION.KEY=VALUE]... [-o FILE.svg] [--tol X]\n"
    "         locus:     [--param SECTION.KEY --from A --to B] [--scan N]\n"
    "         phase, trajectory, density: [--steps N] [--init X1,X2,...] [--t-end T]\n"
    "         heatmap:   --dynamics first-order|unrolled|optimal [--grid N] [--inits K]\n"
    "                    [--iters T] [--step H] [--seed S] [--threads P] [--quiet]\n"
    "                    [--share success|disc-collapse|mode-collapse]\n"
    "\n"
    "Draw one figure of the case with PLplot's SVG driver. The SVG is deterministic: the same\n"
    "case and options give the same bytes.\n"
    "\n"
    "Kinds:\n"
    "  eigen       the eigenvalues deciding the verdict in the complex plane, with the\n"
    "              imaginary axis (flow) or the unit circle (maps); verdict in the title\n"
    "  locus       the eigenvalues as a parameter runs over [A, B] (default: the case's\n"
    "              [critical] section), in the complex plane and against the parameter, with\n"
    "              every critical value marked\n"
    "  phase       two-dimensional states (dirac, lq2d): arrows of the field, streamlines of\n"
    "              its flow, the simulated run of the case's update rule, x*; [plot] axes and\n"
    "              window choose the plane\n"
    "  trajectory  the run's state components and its distance to x* over time (gmm: the\n"
    "              means solid, the discriminator's ends dotted, and the TV distance)\n"
    "  density     model gmm: p_mu* - p_mu_hat with the discriminator shaded at the start (with\n"
    "              the optimal discriminator), with the generator held, and after the run\n"
    "  heatmap     model gmm: the share of runs that succeed (or collapse) over a grid of\n"
    "              generator starts, as `ganstab heatmap` computes it, with a colour bar\n"
    "  map         a case with a [map] section: the spectral radius (maps) or abscissa (flows)\n"
    "              over its two parameters with a colour bar, the boundary points located on\n"
    "              the grid lines and the curves joining them, and the closed-form boundary of\n"
    "              every claim that predicts one (as `ganstab map` and the report compute it)\n"
    "\n"
    "The run (phase, trajectory, density): --steps, --init, --t-end, else the case's [simulate]\n"
    "section, else the start x* + 1 for 50 time units (steps of h; a flow gets 1000 points).\n"
    "\n"
    "Options:\n"
    "  --kind K                 required: the figure\n"
    "  -o FILE                  write FILE atomically (default: standard output)\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable; same rules as the file)\n"
    "  --tol X                  classification tolerance (eigen, locus, map; default 1e-10)\n"
    "  --param, --from, --to    locus: the parameter and its range (all three, or none)\n"
    "  --scan N                 locus: scan intervals of the crossing search (default: the\n"
    "                           case's critical.scan or 1000)\n"
    "  --steps, --init, --t-end the run, as for `ganstab simulate`\n"
    "  --dynamics ... --quiet   heatmap: as for `ganstab heatmap`\n"
    "  --share S                heatmap: which share to draw (default success)\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 2 bad input, 3 numerical failure.\n";

/* Options that only some kinds take: a usage error for any other kind. */
static int check_kind_options(const cli_options *opt, ganstab_error *err)
{
    const unsigned locus = 1u << GANSTAB_PLOT_LOCUS, heatmap = 1u << GANSTAB_PLOT_HEATMAP;
    const unsigned run =
        1u << GANSTAB_PLOT_PHASE | 1u << GANSTAB_PLOT_TRAJECTORY | 1u << GANSTAB_PLOT_DENSITY;
    const unsigned analysis = 1u << GANSTAB_PLOT_EIGEN | locus | 1u << GANSTAB_PLOT_MAP;
    const struct {
        const char *name;
        int given;
        unsigned kinds;
    } rules[] = {
        {"--param", opt->param != NULL, locus},
        {"--from", opt->from_given, locus},
        {"--to", opt->to_given, locus},
        {"--scan", opt->scan_given, locus},
        {"--steps", opt->steps_given, run},
        {"--init", opt->init_given, run},
        {"--t-end", opt->t_end_given, run},
        {"--tol", opt->tol_given, analysis},
        {"--dynamics", opt->dynamics_given, heatmap},
        {"--share", opt->share_given, heatmap},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].given && !(rules[i].kinds & (1u << opt->plot_kind)))
            return cli_usage_error(err, opt->command, rules[i].name, "does not apply to --kind %s",
                                   ganstab_plot_kind_name(opt->plot_kind));
    return GANSTAB_OK;
}

/* --param/--from/--to: all three or none; the range inside the parameter's domain. */
static int locus_options(const cli_options *opt, const ganstab_case *c, ganstab_plot_options *po,
                         ganstab_error *err)
{
    int any = opt->param != NULL || opt->from_given || opt->to_given;
    if (!any)
        return GANSTAB_OK;
    if (opt->param == NULL)
        return cli_usage_error(err, opt->command, "", "missing --param SECTION.KEY");
    if (!opt->from_given)
        return cli_usage_error(err, opt->command, "", "missing --from A");
    if (!opt->to_given)
        return cli_usage_error(err, opt->command, "", "missing --to B");
    if (!(opt->from < opt->to))
        return ganstab_error_set(err, GANSTAB_EINVAL, "",
                                 "--from must be less than --to (got --from %.17g --to %.17g)",
                                 opt->from, opt->to);
    int status = ganstab_case_param_lookup(c, opt->param, "--param", &po->param, err);
    if (status != GANSTAB_OK)
        return status;
    ganstab_case *scratch = malloc(sizeof *scratch);
    if (scratch == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    *scratch = *c;
    status = ganstab_case_param_set(scratch, po->param, opt->from, "--from", err);
    if (status == GANSTAB_OK)
        status = ganstab_case_param_set(scratch, po->param, opt->to, "--to", err);
    free(scratch);
    po->has_param = 1;
    po->from = opt->from;
    po->to = opt->to;
    return status;
}

/* The progress counter of the heatmap: one line on stderr, rewritten in place. */
static void show_progress(size_t done, size_t total, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\rganstab plot: %zu/%zu cells", done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int build_heatmap(const cli_options *opt, const ganstab_case *c, ganstab_plot_figure *fig,
                         ganstab_error *err)
{
    if (!opt->dynamics_given)
        return cli_usage_error(err, opt->command, "--dynamics",
                               "required by --kind heatmap (first-order, unrolled or optimal)");
    ganstab_gmm_heatmap_options ho;
    ganstab_gmm_heatmap_options_init(&ho);
    ho.dynamics = opt->dynamics;
    ho.grid = opt->grid;
    ho.inits = opt->inits;
    ho.iters = opt->iters;
    ho.step = opt->step;
    ho.seed = opt->seed;
    ho.threads = opt->threads;
    if (!opt->quiet && isatty(fileno(stderr)))
        ho.progress = show_progress;
    ganstab_gmm_heatmap *m = NULL;
    int status = ganstab_gmm_heatmap_run(c, &ho, &m, err);
    if (status == GANSTAB_OK)
        status = ganstab_plot_gmm_heatmap(c, m, opt->share, fig, err);
    ganstab_gmm_heatmap_free(m);
    return status;
}

/* The case's [map] study, drawn: exit 2 when the case has none. */
static int build_map(const cli_options *opt, const ganstab_case *c, ganstab_plot_figure *fig,
                     ganstab_error *err)
{
    if (!c->has_map)
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file,
                                 "plot --kind map needs a [map] section (x = PARAM FROM TO COUNT, "
                                 "y = ...) in the case; this case has none (`ganstab map CASE.ini "
                                 "--x ... --y ...` maps any two parameters as a table)");
    ganstab_stability_map *m = NULL;
    int status = ganstab_run_study_map(c, opt->tol, &m, err);
    if (status == GANSTAB_OK)
        status = ganstab_plot_stability_map(c, m, fig, err);
    ganstab_stability_map_free(m);
    return status;
}

int cli_plot(int argc, char **argv)
{
    cli_options opt;
    int code = cli_begin(argc, argv,
                         CLI_OPT_SET | CLI_OPT_OUTPUT | CLI_OPT_TOL | CLI_OPT_KIND | CLI_OPT_PARAM |
                             CLI_OPT_FROM | CLI_OPT_TO | CLI_OPT_SCAN | CLI_OPT_STEPS |
                             CLI_OPT_INIT | CLI_OPT_T_END | CLI_OPT_DYNAMICS | CLI_OPT_GRID |
                             CLI_OPT_INITS | CLI_OPT_ITERS | CLI_OPT_STEP | CLI_OPT_SEED |
                             CLI_OPT_THREADS | CLI_OPT_QUIET | CLI_OPT_SHARE,
                         plot_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;

    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_result *r = NULL;
    ganstab_plot_figure fig;
    memset(&fig, 0, sizeof fig);
    ganstab_plot_options po;
    memset(&po, 0, sizeof po);
    char *svg = NULL;
    size_t len = 0;
    int status = GANSTAB_OK;
    if (!opt.kind_given)
        status = cli_usage_error(&err, opt.command, "--kind",
                                 "required (eigen, locus, phase, trajectory, density, heatmap or "
                                 "map)");
    if (status == GANSTAB_OK)
        status = check_kind_options(&opt, &err);
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK && opt.plot_kind == GANSTAB_PLOT_LOCUS)
        status = locus_options(&opt, &c, &po, &err);
    if (status == GANSTAB_OK) {
        po.has_steps = opt.steps_given;
        po.steps = opt.steps;
        po.has_init = opt.init_given;
        po.n_init = opt.n_init;
        memcpy(po.init, opt.init, sizeof po.init);
        po.has_t_end = opt.t_end_given;
        po.t_end = opt.t_end;
        po.scan = opt.scan_given ? opt.scan : 0;
        po.tol = opt.tol;
        if (opt.plot_kind == GANSTAB_PLOT_HEATMAP)
            status = build_heatmap(&opt, &c, &fig, &err);
        else if (opt.plot_kind == GANSTAB_PLOT_MAP)
            status = build_map(&opt, &c, &fig, &err);
        else if (opt.plot_kind == GANSTAB_PLOT_EIGEN &&
                 (status = ganstab_analyze(&c, opt.tol, &r, &err)) == GANSTAB_OK)
            status = ganstab_plot_eigen(&c, r, &fig, &err);
        else if (opt.plot_kind != GANSTAB_PLOT_EIGEN)
            status = ganstab_plot_case(&c, NULL, opt.plot_kind, &po, &fig, &err);
    }
    if (status == GANSTAB_OK)
        status = ganstab_plot_render_svg(&fig, &svg, &len, &err);
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, svg, len, &err);

    code = status != GANSTAB_OK ? cli_fail(&err) : CLI_EXIT_OK;
    free(svg);
    ganstab_plot_figure_free(&fig);
    ganstab_result_free(r);
    cli_options_free(&opt);
    return code;
}

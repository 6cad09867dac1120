/* `ganstab sweep`, `ganstab map`, `ganstab optimize`: parameter studies of one case (study.h),
 * with the claims that predict their crossings, boundaries and optima in closed form. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>

static const char sweep_usage[] =
    "Usage: ganstab sweep CASE.ini --param SECTION.KEY --from A --to B --steps N\n"
    "                     [--set SECTION.KEY=VALUE]... [--format csv|json|md] [-o FILE]\n"
    "                     [--tol X] [--scan N] [--threads P] [--check]\n"
    "\n"
    "At N + 1 equally spaced values of one parameter: the deciding eigenvalues, the spectral\n"
    "abscissa (flows) or radius (maps), the verdict and the convergence rate (-max Re lambda per\n"
    "unit time, or -log rho per update); and every crossing in [A, B], located as `critical` does\n"
    "(to 1e-12*max(1,|value|)), with the claims that predict one.\n"
    "\n"
    "Options:\n"
    "  --param SECTION.KEY      the parameter: regularizer.gamma, regularizer.sigma,\n"
    "                           regularizer.g0, regularizer.eta, update.h, update.hg, update.hd,\n"
    "                           or the integers update.ng, update.nd (altgd)\n"
    "  --from A, --to B         the range, A < B, inside the parameter's domain\n"
    "  --steps N                intervals, 1..1000000 (N + 1 values; for an integer parameter\n"
    "                           B - A must be a multiple of N)\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable)\n"
    "  --format csv|json|md     output format (default: csv)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --tol X                  classification tolerance (default: 1e-10)\n"
    "  --scan N                 scan intervals of the crossing search, 10..1000000 (default:\n"
    "                           1000, rounded up to a multiple of N)\n"
    "  --threads P              OpenMP threads, 0..1024, 0 = all cores (default 0); the output\n"
    "                           does not depend on it\n"
    "  --check                  exit with status 1 if a claim disagrees with the computation\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

static const char map_usage[] =
    "Usage: ganstab map CASE.ini --x PARAM FROM TO COUNT --y PARAM FROM TO COUNT\n"
    "                   [--set SECTION.KEY=VALUE]... [--format csv|json|md] [-o FILE]\n"
    "                   [--tol X] [--scan N] [--threads P] [--check]\n"
    "\n"
    "The two-parameter stability region: the verdict at every point of a COUNT_x x COUNT_y grid,\n"
    "and its boundary located by the crossing solver along every row (x varies) and column (y\n"
    "varies) of a continuous parameter, each point to 1e-12*max(1,|value|), with its crossing "
    "type\n"
    "(neimark-sacker, flip, fold; hopf, fold for flows) and the curves through them; the claims\n"
    "that predict the boundary in closed form are checked on every line.\n"
    "\n"
    "Options:\n"
    "  --x PARAM FROM TO COUNT  the horizontal axis: a parameter as for `sweep`, FROM < TO, COUNT\n"
    "                           grid points, 2..1001 (an integer parameter: TO - FROM a multiple\n"
    "                           of COUNT - 1)\n"
    "  --y PARAM FROM TO COUNT  the vertical axis (another parameter)\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable)\n"
    "  --format csv|json|md     output format (default: csv)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --tol X                  classification tolerance (default: 1e-10)\n"
    "  --scan N                 scan intervals of each row's and column's crossing search,\n"
    "                           10..1000000 (default: 200, rounded up to a multiple of the "
    "grid's)\n"
    "  --threads P              OpenMP threads, 0..1024, 0 = all cores (default 0); the output\n"
    "                           does not depend on it\n"
    "  --check                  exit with status 1 if a claim disagrees with the computation\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

static const char optimize_usage[] =
    "Usage: ganstab optimize CASE.ini --param SECTION.KEY [--from A --to B] [--scan N]\n"
    "                        [--set SECTION.KEY=VALUE]... [--format md|json] [-o FILE]\n"
    "                        [--tol X] [--threads P] [--check]\n"
    "\n"
    "The value of one parameter that makes the linearized training converge fastest: the minimum\n"
    "of the spectral radius (maps) or of the spectral abscissa (flows) over [A, B], by a dense\n"
    "scan, golden-section search (exact at a kink, where two eigenvalue moduli meet) and Brent on\n"
    "the derivative where the minimum is smooth; with the achieved rate and the claims that\n"
    "predict the optimum in closed form.\n"
    "\n"
    "Options:\n"
    "  --param SECTION.KEY      the parameter, as for `sweep`\n"
    "  --from A, --to B         the range (both or neither; default [v/100, 100 v] around the\n"
    "                           case's value v > 0, and [1, 1000] for update.ng, update.nd)\n"
    "  --scan N                 scan points, 10..1000000 (default 1000; geometric when A > 0 and\n"
    "                           B/A > 100, else linear; an integer parameter: all its values)\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable)\n"
    "  --format md|json         output format (default: md)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --tol X                  classification tolerance (default: 1e-10)\n"
    "  --threads P              OpenMP threads for the scan, 0..1024, 0 = all cores (default 0)\n"
    "  --check                  exit with status 1 if a claim disagrees with the computation\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

static void study_options(const cli_options *opt, ganstab_study_options *so)
{
    ganstab_study_options_init(so);
    so->tol = opt->tol;
    so->scan = opt->scan_given ? opt->scan : 0;
    so->threads = opt->threads;
}

/* --from and --to inside the parameter's domain, located at the option that gave them. */
static int check_domain(const ganstab_case *c, ganstab_case_key key, double from, double to,
                        ganstab_error *err)
{
    ganstab_case *scratch = malloc(sizeof *scratch);
    if (scratch == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    *scratch = *c;
    int status = ganstab_case_param_set(scratch, key, from, "--from", err);
    if (status == GANSTAB_OK)
        status = ganstab_case_param_set(scratch, key, to, "--to", err);
    free(scratch);
    return status;
}

/* ---- sweep ------------------------------------------------------------------------------ */

static int render_sweep(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    switch (format) {
    case CLI_FORMAT_JSON:
        return ganstab_json_sweep_table(out, data, err);
    case CLI_FORMAT_MD:
        return ganstab_md_sweep_table(out, data, 1, err);
    default:
        return ganstab_csv_sweep_table(out, data, err);
    }
}

int cli_sweep(int argc, char **argv)
{
    cli_options opt;
    int code = cli_begin(argc, argv,
                         CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_FORMAT_ALL | CLI_OPT_OUTPUT |
                             CLI_OPT_TOL | CLI_OPT_CHECK | CLI_OPT_PARAM | CLI_OPT_FROM |
                             CLI_OPT_TO | CLI_OPT_SCAN | CLI_OPT_STEPS | CLI_OPT_THREADS,
                         sweep_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
    ganstab_axis axis;
    ganstab_sweep_table *t = NULL;
    ganstab_claim_critical *checks = NULL;
    size_t nchecks = 0;
    cli_text out = {0};
    int status = GANSTAB_OK;
    if (opt.param == NULL)
        status = cli_usage_error(&err, opt.command, "", "missing --param SECTION.KEY");
    else if (!opt.from_given)
        status = cli_usage_error(&err, opt.command, "", "missing --from A");
    else if (!opt.to_given)
        status = cli_usage_error(&err, opt.command, "", "missing --to B");
    else if (!opt.steps_given)
        status = cli_usage_error(&err, opt.command, "", "missing --steps N");
    else if (!(opt.from < opt.to))
        status = ganstab_error_set(&err, GANSTAB_EINVAL, "",
                                   "--from must be less than --to (got --from %.17g --to %.17g)",
                                   opt.from, opt.to);
    else if (opt.steps > GANSTAB_STUDY_MAX_STEPS)
        status = cli_usage_error(&err, opt.command, "--steps",
                                 "expected an integer in [1, %d] for a sweep, got %zu",
                                 GANSTAB_STUDY_MAX_STEPS, opt.steps);
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK)
        status = ganstab_case_param_lookup(&c, opt.param, "--param", &key, &err);
    if (status == GANSTAB_OK)
        status = check_domain(&c, key, opt.from, opt.to, &err);
    if (status == GANSTAB_OK)
        status = ganstab_axis_init(&c, opt.param, opt.from, opt.to, opt.steps + 1, 2,
                                   GANSTAB_STUDY_MAX_STEPS + 1, "--steps", &axis, &err);
    ganstab_study_options so;
    study_options(&opt, &so);
    if (status == GANSTAB_OK)
        status = ganstab_study_sweep(&c, &axis, &so, &t, &err);
    if (status == GANSTAB_OK && !axis.integer)
        status = ganstab_claims_check_critical(&c, key, opt.from, opt.to, t->crossings, t->ncross,
                                               &checks, &nchecks, &err);
    if (status == GANSTAB_OK) {
        ganstab_sweep_report rep = {&c, t, checks, nchecks};
        status = cli_render(render_sweep, &rep, opt.format, &out, &err);
    }
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, out.text, out.len, &err);
    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else if (opt.check)
        code = cli_report_critical_disagreements(c.file, checks, nchecks);
    else
        code = CLI_EXIT_OK;
    cli_text_free(&out);
    ganstab_sweep_table_free(t);
    free(checks);
    cli_options_free(&opt);
    return code;
}

/* ---- map -------------------------------------------------------------------------------- */

static int render_map(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    switch (format) {
    case CLI_FORMAT_JSON:
        return ganstab_json_stability_map(out, data, err);
    case CLI_FORMAT_MD:
        return ganstab_md_stability_map(out, data, 1, err);
    default:
        return ganstab_csv_stability_map(out, data, err);
    }
}

int cli_map(int argc, char **argv)
{
    cli_options opt;
    int code =
        cli_begin(argc, argv,
                  CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_FORMAT_ALL | CLI_OPT_OUTPUT | CLI_OPT_TOL |
                      CLI_OPT_CHECK | CLI_OPT_SCAN | CLI_OPT_THREADS | CLI_OPT_X | CLI_OPT_Y,
                  map_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_axis axes[2];
    ganstab_stability_map *m = NULL;
    ganstab_claim_boundary *checks = NULL;
    size_t nchecks = 0;
    cli_text out = {0};
    int status = GANSTAB_OK;
    static const char *const names[2] = {"--x", "--y"};
    for (int a = 0; a < 2 && status == GANSTAB_OK; a++)
        if (!opt.axis_given[a])
            status =
                cli_usage_error(&err, opt.command, "", "missing %s PARAM FROM TO COUNT", names[a]);
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    for (int a = 0; a < 2 && status == GANSTAB_OK; a++)
        status = ganstab_axis_init(&c, opt.axis_param[a], opt.axis_from[a], opt.axis_to[a],
                                   opt.axis_count[a], GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX,
                                   names[a], &axes[a], &err);
    if (status == GANSTAB_OK && axes[0].key == axes[1].key)
        status =
            ganstab_error_set(&err, GANSTAB_EINVAL, "--y",
                              "'%s' is already the --x parameter: a map needs two", axes[1].name);
    ganstab_study_options so;
    study_options(&opt, &so);
    if (status == GANSTAB_OK)
        status = ganstab_study_map(&c, &axes[0], &axes[1], &so, &m, &err);
    if (status == GANSTAB_OK)
        status = ganstab_claims_check_map(&c, m, &checks, &nchecks, &err);
    if (status == GANSTAB_OK) {
        ganstab_map_report rep = {&c, m, checks, nchecks, NULL};
        status = cli_render(render_map, &rep, opt.format, &out, &err);
    }
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, out.text, out.len, &err);
    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else if (opt.check)
        code = cli_report_boundary_disagreements(c.file, checks, nchecks);
    else
        code = CLI_EXIT_OK;
    cli_text_free(&out);
    ganstab_stability_map_free(m);
    free(checks);
    cli_options_free(&opt);
    return code;
}

/* ---- optimize --------------------------------------------------------------------------- */

static int render_optimum(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    return format == CLI_FORMAT_JSON ? ganstab_json_optimum(out, data, err)
                                     : ganstab_md_optimum(out, data, 1, err);
}

int cli_optimize(int argc, char **argv)
{
    cli_options opt;
    int code =
        cli_begin(argc, argv,
                  CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_OUTPUT | CLI_OPT_TOL | CLI_OPT_CHECK |
                      CLI_OPT_PARAM | CLI_OPT_FROM | CLI_OPT_TO | CLI_OPT_SCAN | CLI_OPT_THREADS,
                  optimize_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
    ganstab_axis axis;
    int geometric = 0;
    ganstab_optimum *o = NULL;
    ganstab_claim_optimum *checks = NULL;
    size_t nchecks = 0;
    cli_text out = {0};
    int status = GANSTAB_OK;
    if (opt.param == NULL)
        status = cli_usage_error(&err, opt.command, "", "missing --param SECTION.KEY");
    else if (opt.from_given != opt.to_given)
        status = cli_usage_error(&err, opt.command, opt.from_given ? "--from" : "--to",
                                 "give both --from and --to, or neither");
    else if (opt.from_given && !(opt.from < opt.to))
        status = ganstab_error_set(&err, GANSTAB_EINVAL, "",
                                   "--from must be less than --to (got --from %.17g --to %.17g)",
                                   opt.from, opt.to);
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK)
        status = ganstab_case_param_lookup(&c, opt.param, "--param", &key, &err);
    if (status == GANSTAB_OK && opt.from_given)
        status = check_domain(&c, key, opt.from, opt.to, &err);
    if (status == GANSTAB_OK)
        status = ganstab_optimize_axis_init(&c, opt.param, opt.from_given, opt.from, opt.to,
                                            opt.scan_given ? opt.scan : 0, "--param", &axis,
                                            &geometric, &err);
    ganstab_study_options so;
    study_options(&opt, &so);
    so.scan = 0;
    if (status == GANSTAB_OK)
        status = ganstab_study_optimize(&c, &axis, geometric, &so, &o, &err);
    if (status == GANSTAB_OK)
        status = ganstab_claims_check_optimum(&c, o, &checks, &nchecks, &err);
    if (status == GANSTAB_OK) {
        ganstab_optimum_report rep = {&c, o, checks, nchecks};
        status = cli_render(render_optimum, &rep, opt.format, &out, &err);
    }
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, out.text, out.len, &err);
    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else if (opt.check)
        code = cli_report_optimum_disagreements(c.file, checks, nchecks);
    else
        code = CLI_EXIT_OK;
    cli_text_free(&out);
    ganstab_optimum_free(o);
    free(checks);
    cli_options_free(&opt);
    return code;
}

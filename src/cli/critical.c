/* `ganstab critical CASE.ini --param SECTION.KEY --from A --to B`: every crossing of the
 * stability boundary (and every complex/real transition) as one parameter varies, with the
 * claims that predict a critical value there. */
#include "cli.h"

#include <stdlib.h>

static const char critical_usage[] =
    "Usage: ganstab critical CASE.ini --param SECTION.KEY --from A --to B\n"
    "                        [--set SECTION.KEY=VALUE]... [--format md|json] [-o FILE]\n"
    "                        [--tol X] [--scan N] [--check]\n"
    "\n"
    "Find every critical value of one parameter in [A, B]: where an eigenvalue crosses the\n"
    "stability boundary (kind 'stability') or a complex pair turns real or back (kind\n"
    "'oscillation'), each located to a bracket no wider than 1e-12*max(1,|value|), and check\n"
    "the claims that predict one.\n"
    "\n"
    "Options:\n"
    "  --param SECTION.KEY      the parameter: regularizer.gamma, regularizer.sigma,\n"
    "                           regularizer.g0, regularizer.eta, update.h, update.hg,\n"
    "                           update.hd, or params.NAME of model expr (it must affect the\n"
    "                           case); for model expr the sweep follows the branch of\n"
    "                           equilibria and reports the fold where it ends\n"
    "  --from A, --to B         the range, A < B, both inside the parameter's domain\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable)\n"
    "  --format md|json         output format (default: md)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --tol X                  classification tolerance (default: 1e-10)\n"
    "  --scan N                 scan intervals on [A, B], 10..1000000 (default: 1000); crossings\n"
    "                           closer than (B-A)/N may be missed\n"
    "  --check                  exit with status 1 if a claim disagrees with the computation\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

static int render_sweep(FILE *out, const void *sweep, cli_format format, ganstab_error *err)
{
    return format == CLI_FORMAT_JSON ? ganstab_json_sweep(out, sweep, err)
                                     : ganstab_md_sweep(out, sweep, err);
}

/* The options `critical` cannot do without, and the range they give. */
static int check_range(const cli_options *opt, ganstab_error *err)
{
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
    return GANSTAB_OK;
}

/* Both ends must lie in the parameter's domain (e.g. h > 0): try them on a scratch copy. */
static int check_domain(const ganstab_case *c, ganstab_case_key key, const cli_options *opt,
                        ganstab_error *err)
{
    ganstab_case *scratch = malloc(sizeof *scratch);
    if (scratch == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
    *scratch = *c;
    int status = ganstab_case_param_set(scratch, key, opt->from, "--from", err);
    if (status == GANSTAB_OK)
        status = ganstab_case_param_set(scratch, key, opt->to, "--to", err);
    free(scratch);
    return status;
}

int cli_critical(int argc, char **argv)
{
    cli_options opt;
    int code =
        cli_begin(argc, argv,
                  CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_OUTPUT | CLI_OPT_TOL | CLI_OPT_CHECK |
                      CLI_OPT_PARAM | CLI_OPT_FROM | CLI_OPT_TO | CLI_OPT_SCAN,
                  critical_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;

    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
    ganstab_crossing *crossings = NULL;
    size_t ncross = 0;
    ganstab_claim_critical *checks = NULL;
    size_t nchecks = 0;
    cli_text out = {0};
    int status = check_range(&opt, &err);
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK)
        status = ganstab_case_param_lookup(&c, opt.param, "--param", &key, &err);
    if (status == GANSTAB_OK && ganstab_case_param_is_integer(key))
        status = ganstab_error_set(&err, GANSTAB_EINVAL, "--param",
                                   "'%s' is an integer parameter: it has no critical values "
                                   "between its values (use `ganstab sweep` or `ganstab map`)",
                                   opt.param);
    if (status == GANSTAB_OK)
        status = check_domain(&c, key, &opt, &err);
    ganstab_interval *gaps = NULL;
    size_t ngaps = 0;
    if (status == GANSTAB_OK)
        status = ganstab_analysis_crossings_gaps(&c, key, opt.from, opt.to, opt.tol, opt.scan,
                                                 &crossings, &ncross, &gaps, &ngaps, &err);
    /* nothing stationary in the whole range: there is no linearization to sweep */
    if (status == GANSTAB_OK && ngaps == 1 && gaps[0].lo <= opt.from && gaps[0].hi >= opt.to)
        status =
            ganstab_error_set(&err, GANSTAB_EINVAL, "--param",
                              "%s: the equilibrium is not stationary anywhere on [%.17g, "
                              "%.17g] (residual > %g): its linearization has no critical "
                              "values",
                              ganstab_case_key_name(key), opt.from, opt.to, GANSTAB_STATIONARY_TOL);
    if (status == GANSTAB_OK)
        status = ganstab_claims_check_critical(&c, key, opt.from, opt.to, crossings, ncross,
                                               &checks, &nchecks, &err);
    if (status == GANSTAB_OK) {
        ganstab_sweep sweep = {
            .c = &c,
            .param = ganstab_case_param_name(&c, key),
            .from = opt.from,
            .to = opt.to,
            .crossings = crossings,
            .ncross = ncross,
            .checks = checks,
            .nchecks = nchecks,
            .gaps = gaps,
            .ngaps = ngaps,
        };
        status = cli_render(render_sweep, &sweep, opt.format, &out, &err);
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
    free(crossings);
    free(gaps);
    free(checks);
    cli_options_free(&opt);
    return code;
}

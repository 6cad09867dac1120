/* `ganstab compare`: every optimizer's stability set in the step size h on one case's game, its
 * best step size and rate (compare.h), with the claims that predict them (claims.h). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char compare_usage[] =
    "Usage: ganstab compare CASE.ini [--optimizer SPEC]... [--from A --to B]\n"
    "                       [--set SECTION.KEY=VALUE]... [--format md|json] [-o FILE]\n"
    "                       [--tol X] [--scan N] [--check]\n"
    "\n"
    "For the game of CASE.ini (its model, loss and regularizer; its [update] is ignored): each\n"
    "optimizer's verdict as the step size h runs over [A, B] (default: the case's [compare]\n"
    "range, else [0.001, 4]), with the verdict changes located exactly as `critical` does, the\n"
    "stable set, and the h that minimizes the spectral radius with the rate -log rho there.\n"
    "\n"
    "Options:\n"
    "  --optimizer SPEC         an optimizer: a scheme and [update] keys, e.g. 'extragradient',\n"
    "                           'momentum beta=-0.5 variant=alternating', 'lookahead base=simgd\n"
    "                           k=5 alpha=0.5', 'sga lambda=1 variant=aligned' (repeatable;\n"
    "                           default: the case's [compare] optimizers, else a standard list\n"
    "                           of all schemes). h, hg, hd cannot be set: h is what varies.\n"
    "  --from A, --to B         the h range, 0 < A < B\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable)\n"
    "  --format md|json         output format (default: md)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --tol X                  classification tolerance (default: 1e-10)\n"
    "  --scan N                 scan intervals of the crossing search (default: 1000)\n"
    "  --check                  exit with status 1 if a claim disagrees with the computation\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

static int render_compare(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    return format == CLI_FORMAT_JSON ? ganstab_json_compare(out, data, err)
                                     : ganstab_md_compare(out, data, 1, err);
}

int cli_compare(int argc, char **argv)
{
    cli_options opt;
    int code =
        cli_begin(argc, argv,
                  CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_OUTPUT | CLI_OPT_TOL | CLI_OPT_CHECK |
                      CLI_OPT_FROM | CLI_OPT_TO | CLI_OPT_SCAN | CLI_OPT_OPTIMIZER,
                  compare_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case *c = malloc(sizeof *c);
    ganstab_compare_row *rows = NULL;
    ganstab_claim_compare *checks = NULL;
    size_t nchecks = 0;
    cli_text out = {0};
    ganstab_run_compare_specs specs = {0};
    int status =
        c == NULL ? ganstab_error_set(&err, GANSTAB_ENOMEM, "", "out of memory") : GANSTAB_OK;
    if (status == GANSTAB_OK && opt.from_given != opt.to_given)
        status = cli_usage_error(&err, opt.command, opt.from_given ? "--from" : "--to",
                                 "give both --from and --to, or neither");
    else if (status == GANSTAB_OK && opt.from_given && !(opt.from > 0.0 && opt.from < opt.to))
        status = ganstab_error_set(&err, GANSTAB_EINVAL, "--from",
                                   "expected 0 < --from < --to (got --from %.17g --to %.17g)",
                                   opt.from, opt.to);
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, c, &err);
    ganstab_compare_options co;
    ganstab_compare_options_init(&co);
    if (status == GANSTAB_OK) {
        ganstab_run_compare_defaults(c, &co, &specs);
        co.tol = opt.tol;
        co.scan = opt.scan_given ? opt.scan : 0;
        if (opt.from_given) {
            co.from = opt.from;
            co.to = opt.to;
        }
        if (opt.noptimizers > 0) {
            specs.list = opt.optimizers;
            specs.n = opt.noptimizers;
        }
        status = ganstab_run_compare(c, specs.list, specs.n, &co, &rows, &checks, &nchecks, &err);
    }
    if (status == GANSTAB_OK) {
        ganstab_compare_report rep = {c, &co, rows, specs.n, checks, nchecks};
        status = cli_render(render_compare, &rep, opt.format, &out, &err);
    }
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, out.text, out.len, &err);
    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else if (opt.check)
        code = cli_report_compare_disagreements(c->file, checks, nchecks);
    else
        code = CLI_EXIT_OK;
    cli_text_free(&out);
    free(rows);
    free(checks);
    free(c);
    cli_options_free(&opt);
    return code;
}

/* `ganstab analyze CASE.ini`: the stability analysis of one case, with its claims. */
#include "cli.h"

#include <stdlib.h>

static const char analyze_usage[] =
    "Usage: ganstab analyze CASE.ini [--set SECTION.KEY=VALUE]... [--format md|json]\n"
    "                       [-o FILE] [--tol X] [--check]\n"
    "\n"
    "Linearize the case's training dynamics at its equilibrium, decide stability from the\n"
    "eigenvalues, and check every claim of the papers that applies to the case (and the\n"
    "case's [critical] sweep, if it has one).\n"
    "\n"
    "Options:\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable; same rules as the file)\n"
    "  --format md|json         output format (default: md)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --tol X                  tolerance added to LAPACK's error bounds before a verdict is\n"
    "                           decisive (default: 1e-10)\n"
    "  --check                  exit with status 1 if a claim disagrees with the computation\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 a claim disagrees (--check), 2 bad input, 3 numerical failure.\n";

int cli_analyze(int argc, char **argv)
{
    cli_options opt;
    int code = cli_begin(
        argc, argv, CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_OUTPUT | CLI_OPT_TOL | CLI_OPT_CHECK,
        analyze_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;

    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_run *run = ganstab_run_alloc();
    ganstab_run_options ro;
    ganstab_run_options_init(&ro);
    ro.tol = opt.tol;
    char *text = NULL;
    size_t len = 0;
    int status =
        run == NULL ? ganstab_error_set(&err, GANSTAB_ENOMEM, "", "out of memory") : GANSTAB_OK;
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK)
        status = ganstab_run_case(&c, &ro, run, &err);
    if (status == GANSTAB_OK)
        status = ganstab_run_render(
            run, opt.format == CLI_FORMAT_JSON ? GANSTAB_RUN_JSON : GANSTAB_RUN_MARKDOWN, &text,
            &len, &err);
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, text, len, &err);

    if (status != GANSTAB_OK)
        code = cli_fail(&err);
    else if (opt.check)
        code = cli_report_run_disagreements(run);
    else
        code = CLI_EXIT_OK;
    free(text);
    ganstab_run_free(run);
    cli_options_free(&opt);
    return code;
}

/* ganstab: the command-line front end. Dispatches to the subcommands; --help, --version. */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char main_usage[] =
    "Usage: ganstab COMMAND [ARGS]...\n"
    "\n"
    "Decide whether GAN training converges near an equilibrium: linearize the training\n"
    "dynamics, compute the eigenvalues of the update rule with error bounds, classify them\n"
    "(stable, unstable, marginal, not-stationary), and check the papers' claims.\n"
    "\n"
    "Commands:\n"
    "  analyze  CASE.ini [--set SECTION.KEY=VALUE]... [--format md|json] [-o FILE] [--tol X]\n"
    "  critical CASE.ini --param SECTION.KEY --from A --to B [--set ...] [--format md|json]\n"
    "  report   CASE.ini... -o DIR      one DIR/<case>.md per case + DIR/index.md\n"
    "  simulate CASE.ini --steps N [--init X1,X2,...] [--t-end T] [--set ...]\n"
    "                    [--format csv|json]   the trajectory on the nonlinear field\n"
    "  heatmap  CASE.ini --dynamics first-order|unrolled|optimal [--grid N] [--inits K]\n"
    "                    [--iters T] [--step H] [--seed S] [--threads P] [--format csv|json|md]\n"
    "                    the GMM-GAN success map over generator starts (Li et al. 2018, Fig. 2)\n"
    "  sweep    CASE.ini --param SECTION.KEY --from A --to B --steps N [--format csv|json|md]\n"
    "                    spectrum, verdict and rate at each value, and the crossings between\n"
    "  map      CASE.ini --x PARAM FROM TO COUNT --y PARAM FROM TO COUNT [--format csv|json|md]\n"
    "                    the two-parameter stability region and its located boundary\n"
    "  optimize CASE.ini --param SECTION.KEY [--from A --to B] [--format md|json]\n"
    "  compare CASE.ini [--optimizer SPEC]... [--from A --to B] [--format md|json]\n"
    "                    the parameter value that converges fastest\n"
    "  plot     CASE.ini --kind eigen|locus|phase|trajectory|density|heatmap [-o FILE.svg]\n"
    "                    a figure of the case as SVG (PLplot)\n"
    "\n"
    "  ganstab COMMAND --help   the options of a command\n"
    "  ganstab --version        print the version\n"
    "\n"
    "Exit status: 0 success, 1 a checked claim disagrees (--check), 2 bad input (usage, case\n"
    "file, value), 3 numerical failure.\n";

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"analyze", cli_analyze},   {"critical", cli_critical}, {"report", cli_report},
    {"simulate", cli_simulate}, {"heatmap", cli_heatmap},   {"sweep", cli_sweep},
    {"map", cli_map},           {"optimize", cli_optimize}, {"plot", cli_plot},
    {"compare", cli_compare},
};

int main(int argc, char **argv)
{
    /* Numbers are parsed and printed in the C locale whatever the user's (a decimal comma
     * would break case files, JSON and reproducible reports). */
    setlocale(LC_NUMERIC, "C");
    /* GSL's default handler aborts; the library checks every GSL status itself. */
    gsl_set_error_handler_off();

    if (argc < 2) {
        fputs("ganstab: missing command (see 'ganstab --help')\n\n", stderr);
        fputs(main_usage, stderr);
        return CLI_EXIT_INPUT;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cli_print_text(main_usage);
    if (strcmp(name, "--version") == 0)
        return cli_print_text("ganstab " GANSTAB_VERSION "\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    if (name[0] == '-')
        fprintf(stderr, "ganstab: unknown option '%s'\n\n", name);
    else
        fprintf(stderr, "ganstab: unknown command '%s'\n\n", name);
    fputs(main_usage, stderr);
    return CLI_EXIT_INPUT;
}

/* Private interface of the ganstab command-line tool: option parsing, number parsing, output,
 * and the printing of errors and disagreeing claims. The pipeline the subcommands run is the
 * library's (ganstab/run.h); this is the only code that prints to stdout/stderr or decides an
 * exit status. */
#ifndef GANSTAB_CLI_H
#define GANSTAB_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "ganstab/ganstab.h"
#include "ganstab/run.h"

/* Exit statuses (DESIGN.md, "Command-line contract"). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_DISAGREE = 1, /* --check and a claim disagrees */
    CLI_EXIT_INPUT = 2,    /* usage, case file, value, unreadable/unwritable file */
    CLI_EXIT_NUMERIC = 3   /* numerical failure, out of memory */
};

/* Smallest and largest --scan (scan intervals of a critical sweep): fewer than 10 intervals
 * misses neighbouring crossings on any non-trivial range; beyond 1e6 a sweep of the larger
 * models takes minutes for no gain over the 1e-12 bracket refinement. */
#define CLI_SCAN_MIN GANSTAB_CROSSING_SCAN_MIN
#define CLI_SCAN_MAX GANSTAB_CROSSING_SCAN_MAX

/* Options a subcommand accepts, as a bit set for cli_parse_options. */
enum {
    CLI_OPT_SET = 1u << 0,    /* --set SECTION.KEY=VALUE (repeatable) */
    CLI_OPT_FORMAT = 1u << 1, /* --format md|json */
    CLI_OPT_OUTPUT = 1u << 2, /* -o FILE (--output FILE) */
    CLI_OPT_TOL = 1u << 3,    /* --tol X */
    CLI_OPT_CHECK = 1u << 4,  /* --check */
    CLI_OPT_PARAM = 1u << 5,  /* --param SECTION.KEY */
    CLI_OPT_FROM = 1u << 6,   /* --from A */
    CLI_OPT_TO = 1u << 7,     /* --to B */
    CLI_OPT_SCAN = 1u << 8,   /* --scan N */
    CLI_OPT_STEPS = 1u << 9,  /* --steps N */
    CLI_OPT_INIT = 1u << 10,  /* --init X1,X2,... */
    CLI_OPT_T_END = 1u << 11, /* --t-end T */
    CLI_OPT_RTOL = 1u << 12,  /* --rtol X */
    CLI_OPT_ATOL = 1u << 13,  /* --atol X */
    /* not an option: --format takes csv|json (default csv) instead of md|json */
    CLI_OPT_FORMAT_CSV = 1u << 14,
    CLI_OPT_DYNAMICS = 1u << 15, /* --dynamics first-order|unrolled|optimal */
    CLI_OPT_GRID = 1u << 16,     /* --grid N */
    CLI_OPT_INITS = 1u << 17,    /* --inits K */
    CLI_OPT_ITERS = 1u << 18,    /* --iters T */
    CLI_OPT_STEP = 1u << 19,     /* --step H */
    CLI_OPT_SEED = 1u << 20,     /* --seed S */
    CLI_OPT_THREADS = 1u << 21,  /* --threads P */
    CLI_OPT_QUIET = 1u << 22,    /* --quiet */
    /* not an option: --format takes csv|json|md (default csv) */
    CLI_OPT_FORMAT_ALL = 1u << 23,
    CLI_OPT_X = 1u << 24,        /* --x PARAM FROM TO COUNT (map) */
    CLI_OPT_Y = 1u << 25,        /* --y PARAM FROM TO COUNT (map) */
    CLI_OPT_KIND = 1u << 26,     /* --kind eigen|locus|phase|trajectory|density|heatmap (plot) */
    CLI_OPT_SHARE = 1u << 27,    /* --share success|disc-collapse|mode-collapse (plot heatmap) */
    CLI_OPT_OPTIMIZER = 1u << 28 /* --optimizer SPEC (repeatable; compare) */
};

typedef enum { CLI_FORMAT_MD = 0, CLI_FORMAT_JSON, CLI_FORMAT_CSV } cli_format;

/* Parsed command line of one subcommand. The strings point into argv; the two arrays are
 * malloc'ed (cli_options_free). */
typedef struct {
    const char *command; /* "analyze", ... */
    int help;            /* --help given: print the usage, nothing else */
    const char **sets;   /* --set assignments in the order given */
    size_t nsets;
    const char **optimizers; /* --optimizer specs in the order given (compare) */
    size_t noptimizers;
    const char **cases; /* positional arguments */
    size_t ncases;
    cli_format format;
    int format_given;
    const char *output; /* -o; NULL for stdout */
    double tol;         /* GANSTAB_DEFAULT_TOL unless --tol */
    int tol_given;
    size_t scan; /* GANSTAB_CROSSING_DEFAULT_SCAN unless --scan */
    int scan_given;
    int check;
    const char *param; /* --param, NULL if absent */
    double from, to;
    int from_given, to_given;
    unsigned allowed; /* the CLI_OPT_* set this command accepts */
    /* simulate */
    size_t steps; /* --steps, 0 if absent */
    int steps_given;
    double init[GANSTAB_SIM_MAX_DIM]; /* --init values */
    size_t n_init;
    int init_given;
    double t_end, rtol, atol; /* rtol, atol: GANSTAB_SIM_DEFAULT_* unless given */
    int t_end_given, rtol_given, atol_given;
    /* heatmap: grid .. threads start at ganstab_gmm_heatmap_options_init's defaults */
    ganstab_gmm_dynamics dynamics;
    int dynamics_given;
    size_t grid, inits, iters;
    double step;
    uint64_t seed;
    unsigned threads;
    int quiet;
    /* map: --x (0) and --y (1), each PARAM FROM TO COUNT */
    const char *axis_param[2];
    double axis_from[2], axis_to[2];
    size_t axis_count[2];
    int axis_given[2];
    /* plot */
    ganstab_plot_kind plot_kind;
    int kind_given;
    ganstab_plot_share share;
    int share_given;
} cli_options;

/* cli_begin's "go on" result: not an exit status. */
#define CLI_CONTINUE (-1)

/* The common start of a subcommand: parse the options (cli_parse_options), print `usage` for
 * --help, require exactly one case file (exactly_one) or at least one. Returns CLI_CONTINUE, or
 * the exit status when the command is done (help printed, or a usage error reported); opt is
 * then already freed. */
int cli_begin(int argc, char **argv, unsigned allowed, const char *usage, int exactly_one,
              cli_options *opt);

/* Parse argv[1..argc) (argv[0] is the subcommand name) accepting the options in `allowed`.
 * Every option takes `--opt VALUE` and `--opt=VALUE`. Numbers are checked here (--tol finite
 * and >= 0, --scan an integer in [CLI_SCAN_MIN, CLI_SCAN_MAX], --from/--to finite, --steps an
 * integer in [1, GANSTAB_SIM_MAX_STEPS], --init at most GANSTAB_SIM_MAX_DIM finite numbers
 * separated by commas, --t-end finite and > 0, --rtol/--atol finite and >= 0, --grid, --inits,
 * --iters, --threads integers in the ranges of gmm_heatmap.h, --step finite and > 0, --seed an
 * integer in [0, 2^64 - 1], --dynamics a ganstab_gmm_dynamics_name); value options
 * other than --set may appear once. GANSTAB_EINVAL with err filled on a usage error. */
int cli_parse_options(int argc, char **argv, unsigned allowed, cli_options *opt,
                      ganstab_error *err);
void cli_options_free(cli_options *opt);

/* Usage error unless exactly one case file (analyze, critical) or at least one (report). */
int cli_require_cases(const cli_options *opt, int exactly_one, ganstab_error *err);

/* A usage error: where = the option or argument, message + a pointer to `--help`. */
int cli_usage_error(ganstab_error *err, const char *command, const char *where, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Parse a whole string as a finite double (strtod, end pointer, errno, isfinite). */
int cli_parse_double(const char *text, double *x);

/* Print `ganstab: WHERE: MESSAGE` (or `ganstab: MESSAGE`) to stderr and return the exit status
 * for err->code. */
int cli_fail(const ganstab_error *err);
/* Exit status for a library status code. */
int cli_exit_status(int status);

/* Print text (usage for --help, the version) to stdout; the exit status (an unwritable stdout
 * is reported like any output error). */
int cli_print_text(const char *text);

/* Print on stderr why each disagreeing claim of a run disagrees (for --check), in the order of
 * ganstab_run_disagreements: CLI_EXIT_DISAGREE if there was one, else CLI_EXIT_OK. */
int cli_report_run_disagreements(const ganstab_run *run);

/* The same for the claims of one study (sweep and critical: critical-value claims; map:
 * boundary claims; optimize: optimum claims; compare: stable-set claims). */
int cli_report_critical_disagreements(const char *file, const ganstab_claim_critical *checks,
                                      size_t n);
int cli_report_boundary_disagreements(const char *file, const ganstab_claim_boundary *checks,
                                      size_t n);
int cli_report_optimum_disagreements(const char *file, const ganstab_claim_optimum *checks,
                                     size_t n);
int cli_report_compare_disagreements(const char *file, const ganstab_claim_compare *checks,
                                     size_t n);

/* Text rendered in memory (open_memstream) before anything is written, so a failure never
 * leaves partial output. */
typedef struct {
    char *text;
    size_t len;
} cli_text;

/* A printer: writes `data` (a ganstab_report, ganstab_sweep, ...) to out in `format`. */
typedef int (*cli_render_fn)(FILE *out, const void *data, cli_format format, ganstab_error *err);

/* Run fn into memory; on success t holds the complete text (free with cli_text_free). */
int cli_render(cli_render_fn fn, const void *data, cli_format format, cli_text *t,
               ganstab_error *err);
void cli_text_free(cli_text *t); /* accepts a zeroed cli_text */

/* Write text to stdout (path NULL) or atomically to path. */
int cli_write_output(const char *path, const char *text, size_t len, ganstab_error *err);

/* Subcommands: argv[0] is the subcommand name. They return the exit status. */
int cli_analyze(int argc, char **argv);
int cli_critical(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_simulate(int argc, char **argv);
int cli_heatmap(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_map(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_optimize(int argc, char **argv);
int cli_plot(int argc, char **argv);

#endif

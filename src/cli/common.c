/* What the subcommands share: option and number parsing, the analysis pipeline of one case,
 * in-memory rendering and (atomic) output, error messages and exit statuses. */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- errors and exit statuses ----------------------------------------------------------- */

int cli_exit_status(int status)
{
    switch (status) {
    case GANSTAB_OK:
        return CLI_EXIT_OK;
    case GANSTAB_EINVAL:
    case GANSTAB_EIO:
        return CLI_EXIT_INPUT;
    default: /* GANSTAB_ENUMERIC, GANSTAB_ENOMEM, anything unexpected */
        return CLI_EXIT_NUMERIC;
    }
}

int cli_fail(const ganstab_error *err)
{
    const char *message = err->message[0] != '\0' ? err->message : ganstab_strerror(err->code);
    if (err->where[0] != '\0')
        fprintf(stderr, "ganstab: %s: %s\n", err->where, message);
    else
        fprintf(stderr, "ganstab: %s\n", message);
    int status = cli_exit_status(err->code);
    return status == CLI_EXIT_OK ? CLI_EXIT_NUMERIC : status;
}

int cli_usage_error(ganstab_error *err, const char *command, const char *where, const char *fmt,
                    ...)
{
    char message[GANSTAB_ERROR_MESSAGE_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return ganstab_error_set(err, GANSTAB_EINVAL, where, "%s (see 'ganstab %s --help')", message,
                             command);
}

int cli_print_text(const char *text)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    if (cli_write_output(NULL, text, strlen(text), &err) != GANSTAB_OK)
        return cli_fail(&err);
    return CLI_EXIT_OK;
}

/* ---- numbers ---------------------------------------------------------------------------- */

int cli_parse_double(const char *text, double *x)
{
    /* strtod skips leading blanks; a value with them is not "the whole string". */
    if (text[0] == '\0' || text[0] == ' ' || text[0] == '\t' || text[0] == '\n')
        return GANSTAB_EINVAL;
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno != 0 || !isfinite(v))
        return GANSTAB_EINVAL;
    *x = v;
    return GANSTAB_OK;
}

/* A decimal integer, digits only (no sign, no blanks), into *n; EINVAL if not, or above max
 * (checked digit by digit, so it cannot overflow). */
static int parse_count(const char *text, size_t max, size_t *n)
{
    size_t v = 0;
    if (text[0] == '\0')
        return GANSTAB_EINVAL;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return GANSTAB_EINVAL;
        v = v * 10 + (size_t)(*p - '0');
        if (v > max)
            return GANSTAB_EINVAL;
    }
    *n = v;
    return GANSTAB_OK;
}

/* A decimal integer in [0, 2^64 - 1], digits only, into *n (overflow checked before it happens). */
static int parse_u64(const char *text, uint64_t *n)
{
    uint64_t v = 0;
    if (text[0] == '\0')
        return GANSTAB_EINVAL;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return GANSTAB_EINVAL;
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (UINT64_MAX - d) / 10)
            return GANSTAB_EINVAL;
        v = v * 10 + d;
    }
    *n = v;
    return GANSTAB_OK;
}

/* "X1,X2,...": at most max finite numbers separated by single commas, no empty items. */
static int parse_list(const char *text, double *x, size_t max, size_t *n)
{
    size_t count = 0;
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        char item[64];
        if (len == 0 || len >= sizeof item || count >= max)
            return GANSTAB_EINVAL;
        memcpy(item, p, len);
        item[len] = '\0';
        if (cli_parse_double(item, &x[count]) != GANSTAB_OK)
            return GANSTAB_EINVAL;
        count++;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    *n = count;
    return GANSTAB_OK;
}

/* ---- options ---------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    unsigned flag;
    int takes_value; /* 0: a switch, 1: one value (`--opt V` or `--opt=V`), 4: --x/--y's four
                        words PARAM FROM TO COUNT */
} option_spec;

static const option_spec option_specs[] = {
    {"--set", CLI_OPT_SET, 1},
    {"--format", CLI_OPT_FORMAT, 1},
    {"-o", CLI_OPT_OUTPUT, 1},
    {"--output", CLI_OPT_OUTPUT, 1},
    {"--tol", CLI_OPT_TOL, 1},
    {"--check", CLI_OPT_CHECK, 0},
    {"--param", CLI_OPT_PARAM, 1},
    {"--from", CLI_OPT_FROM, 1},
    {"--to", CLI_OPT_TO, 1},
    {"--scan", CLI_OPT_SCAN, 1},
    {"--steps", CLI_OPT_STEPS, 1},
    {"--init", CLI_OPT_INIT, 1},
    {"--t-end", CLI_OPT_T_END, 1},
    {"--rtol", CLI_OPT_RTOL, 1},
    {"--atol", CLI_OPT_ATOL, 1},
    {"--dynamics", CLI_OPT_DYNAMICS, 1},
    {"--grid", CLI_OPT_GRID, 1},
    {"--inits", CLI_OPT_INITS, 1},
    {"--iters", CLI_OPT_ITERS, 1},
    {"--step", CLI_OPT_STEP, 1},
    {"--seed", CLI_OPT_SEED, 1},
    {"--threads", CLI_OPT_THREADS, 1},
    {"--quiet", CLI_OPT_QUIET, 0},
    {"--x", CLI_OPT_X, 4},
    {"--y", CLI_OPT_Y, 4},
    {"--kind", CLI_OPT_KIND, 1},
    {"--optimizer", CLI_OPT_OPTIMIZER, 1},
    {"--share", CLI_OPT_SHARE, 1},
};

/* --x / --y PARAM FROM TO COUNT: the four words after the option. The parameter name is checked
 * against the case later (ganstab_axis_init); here FROM and TO must be finite numbers and COUNT an
 * integer in [GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX]. */
static int set_axis_option(cli_options *opt, const option_spec *spec, char **words,
                           ganstab_error *err)
{
    int a = spec->flag == CLI_OPT_X ? 0 : 1;
    const char *name = spec->name;
    if (words[0][0] == '\0' || words[0][0] == '-')
        return cli_usage_error(err, opt->command, name,
                               "expected PARAM FROM TO COUNT, got parameter '%s'", words[0]);
    double from = 0.0, to = 0.0;
    if (cli_parse_double(words[1], &from) != GANSTAB_OK)
        return cli_usage_error(err, opt->command, name,
                               "expected PARAM FROM TO COUNT, FROM a finite number, got '%s'",
                               words[1]);
    if (cli_parse_double(words[2], &to) != GANSTAB_OK)
        return cli_usage_error(err, opt->command, name,
                               "expected PARAM FROM TO COUNT, TO a finite number, got '%s'",
                               words[2]);
    size_t count = 0;
    if (parse_count(words[3], GANSTAB_MAP_AXIS_MAX, &count) != GANSTAB_OK ||
        count < GANSTAB_MAP_AXIS_MIN)
        return cli_usage_error(err, opt->command, name,
                               "expected PARAM FROM TO COUNT, COUNT an integer in [%d, %d], got "
                               "'%s'",
                               GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX, words[3]);
    if (!(from < to))
        return cli_usage_error(err, opt->command, name,
                               "FROM must be less than TO (got %.17g and %.17g)", from, to);
    opt->axis_param[a] = words[0];
    opt->axis_from[a] = from;
    opt->axis_to[a] = to;
    opt->axis_count[a] = count;
    opt->axis_given[a] = 1;
    return GANSTAB_OK;
}

static const option_spec *find_option(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof option_specs / sizeof option_specs[0]; i++)
        if (strlen(option_specs[i].name) == len && strncmp(option_specs[i].name, name, len) == 0)
            return &option_specs[i];
    return NULL;
}

/* "SECTION.KEY=VALUE": a '.' before the '=' with text on both sides of it. */
static int assignment_well_formed(const char *s)
{
    const char *eq = strchr(s, '=');
    if (eq == NULL)
        return 0;
    const char *dot = memchr(s, '.', (size_t)(eq - s));
    return dot != NULL && dot > s && dot + 1 < eq;
}

/* An integer option of `heatmap` in [min, max] into *n. */
static int set_count_option(cli_options *opt, const char *name, const char *value, size_t min,
                            size_t max, size_t *n, ganstab_error *err)
{
    if (parse_count(value, max, n) != GANSTAB_OK || *n < min)
        return cli_usage_error(err, opt->command, name,
                               "expected an integer in [%zu, %zu], got '%s'", min, max, value);
    return GANSTAB_OK;
}

static int set_heatmap_option(cli_options *opt, const option_spec *spec, const char *value,
                              ganstab_error *err)
{
    const char *cmd = opt->command;
    size_t n = 0;
    int status = GANSTAB_OK;
    switch (spec->flag) {
    case CLI_OPT_DYNAMICS:
        if (ganstab_gmm_dynamics_parse(value, &opt->dynamics, NULL) != GANSTAB_OK)
            return cli_usage_error(err, cmd, "--dynamics",
                                   "expected 'first-order', 'unrolled' or 'optimal', got '%s'",
                                   value);
        opt->dynamics_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_GRID:
        return set_count_option(opt, "--grid", value, GANSTAB_GMM_HEATMAP_GRID_MIN,
                                GANSTAB_GMM_HEATMAP_GRID_MAX, &opt->grid, err);
    case CLI_OPT_INITS:
        return set_count_option(opt, "--inits", value, 1, GANSTAB_GMM_HEATMAP_INITS_MAX,
                                &opt->inits, err);
    case CLI_OPT_ITERS:
        return set_count_option(opt, "--iters", value, 1, GANSTAB_GMM_HEATMAP_ITERS_MAX,
                                &opt->iters, err);
    case CLI_OPT_THREADS:
        status =
            set_count_option(opt, "--threads", value, 0, GANSTAB_GMM_HEATMAP_THREADS_MAX, &n, err);
        opt->threads = (unsigned)n;
        return status;
    case CLI_OPT_STEP:
        if (cli_parse_double(value, &opt->step) != GANSTAB_OK || !(opt->step > 0.0))
            return cli_usage_error(err, cmd, "--step", "expected a finite number > 0, got '%s'",
                                   value);
        return GANSTAB_OK;
    default: /* CLI_OPT_SEED */
        if (parse_u64(value, &opt->seed) != GANSTAB_OK)
            return cli_usage_error(err, cmd, "--seed",
                                   "expected an integer in [0, 18446744073709551615], got '%s'",
                                   value);
        return GANSTAB_OK;
    }
}

static int set_number_option(cli_options *opt, const option_spec *spec, const char *value,
                             ganstab_error *err)
{
    const char *cmd = opt->command;
    double x = 0.0;
    switch (spec->flag) {
    case CLI_OPT_TOL:
        if (cli_parse_double(value, &x) != GANSTAB_OK || x < 0.0)
            return cli_usage_error(err, cmd, "--tol", "expected a finite number >= 0, got '%s'",
                                   value);
        opt->tol = x;
        opt->tol_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_FROM:
    case CLI_OPT_TO:
        if (cli_parse_double(value, &x) != GANSTAB_OK)
            return cli_usage_error(err, cmd, spec->name, "expected a finite number, got '%s'",
                                   value);
        if (spec->flag == CLI_OPT_FROM) {
            opt->from = x;
            opt->from_given = 1;
        } else {
            opt->to = x;
            opt->to_given = 1;
        }
        return GANSTAB_OK;
    case CLI_OPT_STEPS:
        if (parse_count(value, GANSTAB_SIM_MAX_STEPS, &opt->steps) != GANSTAB_OK || opt->steps < 1)
            return cli_usage_error(err, cmd, "--steps", "expected an integer in [1, %u], got '%s'",
                                   GANSTAB_SIM_MAX_STEPS, value);
        opt->steps_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_INIT:
        if (parse_list(value, opt->init, GANSTAB_SIM_MAX_DIM, &opt->n_init) != GANSTAB_OK)
            return cli_usage_error(err, cmd, "--init",
                                   "expected at most %d finite numbers separated by commas "
                                   "(X1,X2,...), got '%s'",
                                   GANSTAB_SIM_MAX_DIM, value);
        opt->init_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_T_END:
        if (cli_parse_double(value, &x) != GANSTAB_OK || x <= 0.0)
            return cli_usage_error(err, cmd, "--t-end", "expected a finite number > 0, got '%s'",
                                   value);
        opt->t_end = x;
        opt->t_end_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_RTOL:
    case CLI_OPT_ATOL:
        if (cli_parse_double(value, &x) != GANSTAB_OK || x < 0.0)
            return cli_usage_error(err, cmd, spec->name, "expected a finite number >= 0, got '%s'",
                                   value);
        if (spec->flag == CLI_OPT_RTOL) {
            opt->rtol = x;
            opt->rtol_given = 1;
        } else {
            opt->atol = x;
            opt->atol_given = 1;
        }
        return GANSTAB_OK;
    default: /* CLI_OPT_SCAN */
        if (parse_count(value, CLI_SCAN_MAX, &opt->scan) != GANSTAB_OK || opt->scan < CLI_SCAN_MIN)
            return cli_usage_error(err, cmd, "--scan", "expected an integer in [%d, %d], got '%s'",
                                   CLI_SCAN_MIN, CLI_SCAN_MAX, value);
        opt->scan_given = 1;
        return GANSTAB_OK;
    }
}

static int set_option(cli_options *opt, const option_spec *spec, const char *value,
                      ganstab_error *err)
{
    const char *cmd = opt->command;
    switch (spec->flag) {
    case CLI_OPT_CHECK:
        opt->check = 1;
        return GANSTAB_OK;
    case CLI_OPT_QUIET:
        opt->quiet = 1;
        return GANSTAB_OK;
    case CLI_OPT_KIND:
        if (ganstab_plot_kind_parse(value, &opt->plot_kind) != GANSTAB_OK)
            return cli_usage_error(err, cmd, "--kind",
                                   "expected 'eigen', 'locus', 'phase', 'trajectory', 'density', "
                                   "'heatmap' or 'map', got '%s'",
                                   value);
        opt->kind_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_SHARE:
        if (strcmp(value, "success") == 0)
            opt->share = GANSTAB_PLOT_SHARE_SUCCESS;
        else if (strcmp(value, "disc-collapse") == 0)
            opt->share = GANSTAB_PLOT_SHARE_DISC_COLLAPSE;
        else if (strcmp(value, "mode-collapse") == 0)
            opt->share = GANSTAB_PLOT_SHARE_MODE_COLLAPSE;
        else
            return cli_usage_error(err, cmd, "--share",
                                   "expected 'success', 'disc-collapse' or 'mode-collapse', got "
                                   "'%s'",
                                   value);
        opt->share_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_DYNAMICS:
    case CLI_OPT_GRID:
    case CLI_OPT_INITS:
    case CLI_OPT_ITERS:
    case CLI_OPT_STEP:
    case CLI_OPT_SEED:
    case CLI_OPT_THREADS:
        return set_heatmap_option(opt, spec, value, err);
    case CLI_OPT_OPTIMIZER:
        opt->optimizers[opt->noptimizers++] = value;
        return GANSTAB_OK;
    case CLI_OPT_SET:
        if (!assignment_well_formed(value))
            return cli_usage_error(err, cmd, "--set", "expected SECTION.KEY=VALUE, got '%s'",
                                   value);
        opt->sets[opt->nsets++] = value;
        return GANSTAB_OK;
    case CLI_OPT_FORMAT:
        if (opt->allowed & CLI_OPT_FORMAT_ALL) {
            if (strcmp(value, "csv") == 0)
                opt->format = CLI_FORMAT_CSV;
            else if (strcmp(value, "json") == 0)
                opt->format = CLI_FORMAT_JSON;
            else if (strcmp(value, "md") == 0)
                opt->format = CLI_FORMAT_MD;
            else
                return cli_usage_error(err, cmd, "--format",
                                       "expected 'csv', 'json' or 'md', got '%s'", value);
        } else if (opt->allowed & CLI_OPT_FORMAT_CSV) {
            if (strcmp(value, "csv") == 0)
                opt->format = CLI_FORMAT_CSV;
            else if (strcmp(value, "json") == 0)
                opt->format = CLI_FORMAT_JSON;
            else
                return cli_usage_error(err, cmd, "--format", "expected 'csv' or 'json', got '%s'",
                                       value);
        } else if (strcmp(value, "md") == 0)
            opt->format = CLI_FORMAT_MD;
        else if (strcmp(value, "json") == 0)
            opt->format = CLI_FORMAT_JSON;
        else
            return cli_usage_error(err, cmd, "--format", "expected 'md' or 'json', got '%s'",
                                   value);
        opt->format_given = 1;
        return GANSTAB_OK;
    case CLI_OPT_OUTPUT:
        if (value[0] == '\0')
            return cli_usage_error(err, cmd, spec->name, "empty output path");
        opt->output = value;
        return GANSTAB_OK;
    case CLI_OPT_PARAM:
        opt->param = value;
        return GANSTAB_OK;
    default:
        return set_number_option(opt, spec, value, err);
    }
}

int cli_parse_options(int argc, char **argv, unsigned allowed, cli_options *opt, ganstab_error *err)
{
    memset(opt, 0, sizeof *opt);
    opt->command = argv[0];
    opt->allowed = allowed;
    opt->format =
        (allowed & (CLI_OPT_FORMAT_CSV | CLI_OPT_FORMAT_ALL)) ? CLI_FORMAT_CSV : CLI_FORMAT_MD;
    opt->rtol = GANSTAB_SIM_DEFAULT_RTOL;
    opt->atol = GANSTAB_SIM_DEFAULT_ATOL;
    opt->tol = GANSTAB_DEFAULT_TOL;
    opt->scan = GANSTAB_CROSSING_DEFAULT_SCAN;
    ganstab_gmm_heatmap_options hm;
    ganstab_gmm_heatmap_options_init(&hm);
    opt->dynamics = hm.dynamics;
    opt->grid = hm.grid;
    opt->inits = hm.inits;
    opt->iters = hm.iters;
    opt->step = hm.step;
    opt->seed = hm.seed;
    opt->threads = hm.threads;
    size_t cap = argc > 0 ? (size_t)argc : 1;
    opt->sets = malloc(cap * sizeof *opt->sets);
    opt->cases = malloc(cap * sizeof *opt->cases);
    opt->optimizers = malloc(cap * sizeof *opt->optimizers);
    if (opt->sets == NULL || opt->cases == NULL || opt->optimizers == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");

    unsigned seen = 0;
    int positional_only = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!positional_only && strcmp(arg, "--") == 0) {
            positional_only = 1;
            continue;
        }
        if (positional_only || arg[0] != '-' || arg[1] == '\0') {
            opt->cases[opt->ncases++] = arg;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            opt->help = 1;
            return GANSTAB_OK;
        }
        const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
        size_t namelen = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
        const option_spec *spec = find_option(arg, namelen);
        if (spec == NULL || !(allowed & spec->flag))
            return cli_usage_error(err, opt->command, "", "unknown option '%.*s'", (int)namelen,
                                   arg);
        const char *value = eq != NULL ? eq + 1 : NULL;
        if (spec->takes_value == 4) {
            if (eq != NULL)
                return cli_usage_error(err, opt->command, spec->name,
                                       "takes four words: %s PARAM FROM TO COUNT (no '=')",
                                       spec->name);
            if (i + 4 >= argc)
                return cli_usage_error(err, opt->command, spec->name,
                                       "requires four values: %s PARAM FROM TO COUNT", spec->name);
            if (seen & spec->flag)
                return cli_usage_error(err, opt->command, spec->name, "given more than once");
            seen |= spec->flag;
            int status = set_axis_option(opt, spec, argv + i + 1, err);
            if (status != GANSTAB_OK)
                return status;
            i += 4;
            continue;
        }
        if (!spec->takes_value) {
            if (value != NULL)
                return cli_usage_error(err, opt->command, spec->name, "takes no value");
        } else if (value == NULL) {
            if (i + 1 >= argc)
                return cli_usage_error(err, opt->command, spec->name, "requires a value");
            value = argv[++i];
        }
        if (spec->takes_value && spec->flag != CLI_OPT_SET && spec->flag != CLI_OPT_OPTIMIZER &&
            (seen & spec->flag))
            return cli_usage_error(err, opt->command, spec->name, "given more than once");
        seen |= spec->flag;
        int status = set_option(opt, spec, value, err);
        if (status != GANSTAB_OK)
            return status;
    }
    return GANSTAB_OK;
}

void cli_options_free(cli_options *opt)
{
    free(opt->sets);
    free(opt->cases);
    free(opt->optimizers);
    opt->sets = NULL;
    opt->cases = NULL;
    opt->optimizers = NULL;
}

int cli_require_cases(const cli_options *opt, int exactly_one, ganstab_error *err)
{
    if (opt->ncases == 0)
        return cli_usage_error(err, opt->command, "", "missing CASE.ini");
    if (exactly_one && opt->ncases > 1)
        return cli_usage_error(err, opt->command, "",
                               "unexpected argument '%s' (exactly one case file)", opt->cases[1]);
    return GANSTAB_OK;
}

int cli_begin(int argc, char **argv, unsigned allowed, const char *usage, int exactly_one,
              cli_options *opt)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int status = cli_parse_options(argc, argv, allowed, opt, &err);
    if (status == GANSTAB_OK && opt->help) {
        cli_options_free(opt);
        return cli_print_text(usage);
    }
    if (status == GANSTAB_OK)
        status = cli_require_cases(opt, exactly_one, &err);
    if (status == GANSTAB_OK)
        return CLI_CONTINUE;
    cli_options_free(opt);
    return cli_fail(&err);
}

/* ---- the pipeline of one case ----------------------------------------------------------- */

int cli_load_case(const char *path, const char *const *sets, size_t nsets, ganstab_case *c,
                  ganstab_error *err)
{
    int status = ganstab_case_load(path, c, err);
    for (size_t i = 0; status == GANSTAB_OK && i < nsets; i++)
        status = ganstab_case_set_assignment(c, sets[i], err);
    if (status == GANSTAB_OK)
        status = ganstab_case_validate(c, err);
    return status;
}

int cli_study_map(const ganstab_case *c, double tol, ganstab_stability_map **m, ganstab_error *err)
{
    *m = NULL;
    ganstab_axis axes[2];
    int status = GANSTAB_OK;
    for (int k = 0; k < 2 && status == GANSTAB_OK; k++)
        status =
            ganstab_axis_init(c, c->map_param[k], c->map_from[k], c->map_to[k], c->map_count[k],
                              GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX, c->file, &axes[k], err);
    ganstab_study_options so;
    ganstab_study_options_init(&so);
    so.tol = tol;
    so.scan = c->map_scan;
    if (status == GANSTAB_OK)
        status = ganstab_study_map(c, &axes[0], &axes[1], &so, m, err);
    return status;
}

/* The case's [sweep], [map] and [optimize] sections (study.h) and the claims checked on them. */
static int run_studies(cli_analysis *a, double tol, ganstab_error *err)
{
    const ganstab_case *c = &a->c;
    ganstab_study_options so;
    ganstab_study_options_init(&so);
    so.tol = tol;
    ganstab_axis axis;
    int status = GANSTAB_OK;
    if (c->has_sweep) {
        ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
        status =
            ganstab_axis_init(c, c->sweep_param, c->sweep_from, c->sweep_to, c->sweep_steps + 1, 2,
                              GANSTAB_STUDY_MAX_STEPS + 1, c->file, &axis, err);
        key = axis.key;
        if (status == GANSTAB_OK)
            status = ganstab_study_sweep(c, &axis, &so, &a->sweep, err);
        if (status == GANSTAB_OK && !axis.integer)
            status = ganstab_claims_check_critical(c, key, c->sweep_from, c->sweep_to,
                                                   a->sweep->crossings, a->sweep->ncross,
                                                   &a->sweep_checks, &a->nsweep_checks, err);
        a->sweep_report = (ganstab_sweep_report){c, a->sweep, a->sweep_checks, a->nsweep_checks};
    }
    if (status == GANSTAB_OK && c->has_map) {
        status = cli_study_map(c, tol, &a->map, err);
        if (status == GANSTAB_OK)
            status = ganstab_claims_check_map(c, a->map, &a->map_checks, &a->nmap_checks, err);
        a->map_report = (ganstab_map_report){c, a->map, a->map_checks, a->nmap_checks, NULL};
    }
    if (status == GANSTAB_OK && c->has_optimize) {
        int geometric = 0;
        int given = c->set[GANSTAB_KEY_OPTIMIZE_FROM] && c->set[GANSTAB_KEY_OPTIMIZE_TO];
        status = ganstab_optimize_axis_init(c, c->optimize_param, given, c->optimize_from,
                                            c->optimize_to, c->optimize_scan, c->file, &axis,
                                            &geometric, err);
        if (status == GANSTAB_OK)
            status = ganstab_study_optimize(c, &axis, geometric, &so, &a->optimum, err);
        if (status == GANSTAB_OK)
            status = ganstab_claims_check_optimum(c, a->optimum, &a->optimum_checks,
                                                  &a->noptimum_checks, err);
        a->optimum_report =
            (ganstab_optimum_report){c, a->optimum, a->optimum_checks, a->noptimum_checks};
    }
    if (status == GANSTAB_OK && c->has_compare) {
        ganstab_compare_options_init(&a->compare_opt);
        cli_compare_defaults(c, &a->compare_opt, &a->compare_specs);
        a->compare_opt.tol = tol;
        status = cli_compare_run(c, a->compare_specs.list, a->compare_specs.n, &a->compare_opt,
                                 &a->compare, &a->compare_checks, &a->ncompare_checks, err);
        a->compare_report = (ganstab_compare_report){c,
                                                     &a->compare_opt,
                                                     a->compare,
                                                     a->compare_specs.n,
                                                     a->compare_checks,
                                                     a->ncompare_checks};
    }
    return status;
}

int cli_report_study_disagreements(const cli_analysis *a)
{
    int code =
        cli_report_disagreements(a->c.file, NULL, NULL, 0, a->sweep_checks, a->nsweep_checks);
    if (cli_report_boundary_disagreements(a->c.file, a->map_checks, a->nmap_checks) != CLI_EXIT_OK)
        code = CLI_EXIT_DISAGREE;
    if (cli_report_optimum_disagreements(a->c.file, a->optimum_checks, a->noptimum_checks) !=
        CLI_EXIT_OK)
        code = CLI_EXIT_DISAGREE;
    if (cli_report_compare_disagreements(a->c.file, a->compare_checks, a->ncompare_checks) !=
        CLI_EXIT_OK)
        code = CLI_EXIT_DISAGREE;
    return code;
}

int cli_analysis_run(const ganstab_case *c, double tol, cli_analysis *a, ganstab_error *err)
{
    memset(a, 0, sizeof *a);
    a->c = *c;
    int status = ganstab_analyze(&a->c, tol, &a->result, err);
    if (status == GANSTAB_OK)
        status = ganstab_claims_check(&a->c, a->result, &a->checks, &a->nchecks, err);
    int sweep = a->c.has_critical &&
                (status != GANSTAB_OK || a->result->verdict != GANSTAB_VERDICT_NOT_STATIONARY);
    if (status == GANSTAB_OK && sweep) {
        status = ganstab_analysis_crossings(&a->c, a->c.critical_param, a->c.critical_from,
                                            a->c.critical_to, tol, a->c.critical_scan,
                                            &a->crossings, &a->ncross, err);
        if (status == GANSTAB_OK)
            status = ganstab_claims_check_critical(&a->c, a->c.critical_param, a->c.critical_from,
                                                   a->c.critical_to, a->crossings, a->ncross,
                                                   &a->critical_checks, &a->ncritical_checks, err);
    }
    /* A marginal verdict leaves the question open: show what the dynamics actually do. Not
       along a manifold of equilibria (the distance to x* then measures drift along it, not
       convergence) nor above the simulator's dimension. */
    int nonlinear = status == GANSTAB_OK && a->result->verdict == GANSTAB_VERDICT_MARGINAL &&
                    a->result->manifold_dim == 0 && a->result->n <= GANSTAB_SIM_MAX_DIM;
    if (nonlinear)
        status = ganstab_nonlinear_check(&a->c, &a->nonlinear, err);
    if (status == GANSTAB_OK && a->c.has_simulate)
        status = ganstab_sim_summarize(&a->c, &a->simulation, err);
    if (status == GANSTAB_OK && a->c.has_placements) {
        ganstab_grid_axis l1 = {a->c.placements_l1[0], a->c.placements_l1[1],
                                (size_t)a->c.placements_l1[2]};
        ganstab_grid_axis l2 = {a->c.placements_l2[0], a->c.placements_l2[1],
                                (size_t)a->c.placements_l2[2]};
        status = ganstab_gmm_placement_map(&a->c, &l1, &l2, tol, &a->placements, err);
    }
    if (status == GANSTAB_OK && a->c.model == GANSTAB_MODEL_EXPR) {
        ganstab_case_expr *ce = malloc(sizeof *ce);
        if (ce == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "", "out of memory");
        ganstab_case_expr_spec(&a->c, ce);
        status = ganstab_expr_formulas_build(&ce->spec, a->result->equilibrium, &a->formulas, err);
        free(ce);
    }
    if (status == GANSTAB_OK)
        status = run_studies(a, tol, err);
    if (status != GANSTAB_OK)
        return status;
    a->report = (ganstab_report){
        .sweep = a->sweep != NULL ? &a->sweep_report : NULL,
        .map = a->map != NULL ? &a->map_report : NULL,
        .optimum = a->optimum != NULL ? &a->optimum_report : NULL,
        .compare = a->compare != NULL ? &a->compare_report : NULL,
        .formulas = a->formulas,
        .nonlinear = nonlinear ? &a->nonlinear : NULL,
        .simulation = a->c.has_simulate ? &a->simulation : NULL,
        .placements = a->placements,
        .c = &a->c,
        .r = a->result,
        .checks = a->checks,
        .nchecks = a->nchecks,
        .has_critical = a->c.has_critical,
        .crossings = a->crossings,
        .ncross = a->ncross,
        .critical_checks = a->critical_checks,
        .ncritical_checks = a->ncritical_checks,
        .critical_skipped = a->c.has_critical && !sweep
                                ? "the equilibrium is not stationary, so its linearization has no "
                                  "critical values"
                                : NULL,
    };
    return GANSTAB_OK;
}

void cli_analysis_free(cli_analysis *a)
{
    ganstab_result_free(a->result);
    free(a->checks);
    free(a->crossings);
    free(a->critical_checks);
    ganstab_gmm_map_free(a->placements);
    a->placements = NULL;
    for (int d = 0; d < 3; d++) {
        ganstab_gmm_heatmap_free(a->heatmaps[d]);
        a->heatmaps[d] = NULL;
    }
    ganstab_expr_formulas_free(a->formulas);
    a->formulas = NULL;
    ganstab_sweep_table_free(a->sweep);
    ganstab_stability_map_free(a->map);
    ganstab_optimum_free(a->optimum);
    free(a->sweep_checks);
    free(a->map_checks);
    free(a->optimum_checks);
    free(a->compare);
    free(a->compare_checks);
    a->compare = NULL;
    a->compare_checks = NULL;
    a->sweep = NULL;
    a->map = NULL;
    a->optimum = NULL;
    a->sweep_checks = NULL;
    a->map_checks = NULL;
    a->optimum_checks = NULL;
    a->result = NULL;
    a->checks = NULL;
    a->crossings = NULL;
    a->critical_checks = NULL;
}

int cli_critical_all_agree(const ganstab_claim_critical *checks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!checks[i].agrees)
            return 0;
    return 1;
}

void cli_analysis_count_claims(const cli_analysis *a, size_t *claims, size_t *agree)
{
    /* the behaviours a [simulate] section expects count as one claim (the paper's description of
       the run) */
    int sim = a->c.has_simulate && a->c.sim_expect != 0;
    *claims = a->nchecks + a->ncritical_checks + (sim ? 1u : 0u) + a->nsweep_checks +
              a->nmap_checks + a->noptimum_checks + a->ncompare_checks;
    *agree = sim && a->simulation.agrees ? 1u : 0u;
    for (size_t i = 0; i < a->nsweep_checks; i++)
        *agree += a->sweep_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < a->nmap_checks; i++)
        *agree += a->map_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < a->noptimum_checks; i++)
        *agree += a->optimum_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < a->ncompare_checks; i++)
        *agree += a->compare_checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < a->nchecks; i++)
        *agree += a->checks[i].agrees ? 1u : 0u;
    for (size_t i = 0; i < a->ncritical_checks; i++)
        *agree += a->critical_checks[i].agrees ? 1u : 0u;
}

int cli_report_simulation_disagreement(const cli_analysis *a)
{
    if (!a->c.has_simulate || a->c.sim_expect == 0 || a->simulation.agrees)
        return CLI_EXIT_OK;
    fprintf(stderr, "ganstab: %s: [simulate] expects", a->c.file);
    for (int b = 0; b < GANSTAB_BEHAVIOUR_COUNT; b++)
        if (a->c.sim_expect & ~a->simulation.detected & (1u << b))
            fprintf(stderr, " %s", ganstab_behaviour_name((ganstab_behaviour)b));
    fputs(", not detected in the run\n", stderr);
    return CLI_EXIT_DISAGREE;
}

int cli_report_disagreements(const char *file, const ganstab_result *r,
                             const ganstab_claim_check *checks, size_t n,
                             const ganstab_claim_critical *critical, size_t ncritical)
{
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        const ganstab_claim_check *k = &checks[i];
        if (k->agrees)
            continue;
        if (r != NULL && k->has_verdict && !(k->verdict_mask & (1u << r->verdict)))
            fprintf(stderr, "ganstab: %s: claim %s disagrees (computed verdict %s)\n", file, k->id,
                    ganstab_verdict_name(r->verdict));
        else
            fprintf(stderr, "ganstab: %s: claim %s disagrees (max |predicted - computed| = %.3g)\n",
                    file, k->id, k->max_abs_error);
        status = CLI_EXIT_DISAGREE;
    }
    for (size_t i = 0; i < ncritical; i++) {
        if (critical[i].agrees)
            continue;
        if (critical[i].found)
            fprintf(stderr, "ganstab: %s: claim %s disagrees (predicted %.17g, computed %.17g)\n",
                    file, critical[i].id, critical[i].predicted, critical[i].computed);
        else
            fprintf(stderr, "ganstab: %s: claim %s disagrees (predicted %.17g, no such crossing)\n",
                    file, critical[i].id, critical[i].predicted);
        status = CLI_EXIT_DISAGREE;
    }
    return status;
}

/* ---- output ----------------------------------------------------------------------------- */

int cli_render(cli_render_fn fn, const void *data, cli_format format, cli_text *t,
               ganstab_error *err)
{
    t->text = NULL;
    t->len = 0;
    FILE *fp = open_memstream(&t->text, &t->len);
    if (fp == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "", "cannot open a memory stream: %s",
                                 strerror(errno));
    int status = fn(fp, data, format, err);
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad || t->text == NULL) {
        if (status == GANSTAB_OK)
            status =
                ganstab_error_set(err, GANSTAB_ENOMEM, "", "cannot render the output in memory");
    }
    if (status != GANSTAB_OK)
        cli_text_free(t);
    return status;
}

void cli_text_free(cli_text *t)
{
    free(t->text);
    t->text = NULL;
    t->len = 0;
}

int cli_render_report(FILE *out, const void *report, cli_format format, ganstab_error *err)
{
    return format == CLI_FORMAT_JSON ? ganstab_json_report(out, report, err)
                                     : ganstab_md_report(out, report, err);
}

int cli_write_output(const char *path, const char *text, size_t len, ganstab_error *err)
{
    if (path != NULL)
        return ganstab_write_atomic(path, text, len, err);
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
        return ganstab_error_set(err, GANSTAB_EIO, "stdout", "cannot write: %s", strerror(errno));
    return GANSTAB_OK;
}

/* The heatmaps' progress: one line on stderr, rewritten in place. */
static void heatmap_progress(size_t done, size_t total, void *ctx)
{
    fprintf(stderr, "\rganstab: %s heatmap: %zu/%zu cells", (const char *)ctx, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_analysis_heatmaps(cli_analysis *a, const char *csv_name, ganstab_error *err)
{
    if (!a->c.has_heatmap)
        return GANSTAB_OK;
    static const ganstab_gmm_dynamics order[3] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_UNROLLED,
                                                  GANSTAB_GMM_OPTIMAL};
    int status = GANSTAB_OK;
    for (int i = 0; i < 3 && status == GANSTAB_OK; i++) {
        ganstab_gmm_dynamics d = order[i];
        if (!(a->c.heatmap_dynamics & (1u << d)))
            continue;
        ganstab_gmm_heatmap_options ho;
        ganstab_gmm_heatmap_options_init(&ho);
        ho.dynamics = d;
        ho.grid = a->c.heatmap_grid;
        ho.inits = a->c.heatmap_inits;
        ho.iters = a->c.heatmap_iters;
        ho.step = a->c.heatmap_step;
        ho.seed = a->c.heatmap_seed;
        if (isatty(fileno(stderr))) {
            ho.progress = heatmap_progress;
            ho.progress_ctx = (void *)ganstab_gmm_dynamics_name(d);
        }
        status = ganstab_gmm_heatmap_run(&a->c, &ho, &a->heatmaps[d], err);
    }
    if (status == GANSTAB_OK)
        status = ganstab_gmm_fig2_findings((const ganstab_gmm_heatmap *const *)a->heatmaps,
                                           &a->findings, err);
    if (status != GANSTAB_OK)
        return status;
    for (int d = 0; d < 3; d++)
        a->report.heatmaps[d] = a->heatmaps[d];
    a->report.heatmap_findings = &a->findings;
    a->report.heatmap_csv = csv_name;
    return GANSTAB_OK;
}

int cli_report_heatmap_disagreement(const cli_analysis *a)
{
    static const char *const what[3] = {"all methods fail on the diagonal",
                                        "the optimal discriminator succeeds off the diagonal",
                                        "unrolled succeeds more often than first-order"};
    int code = 0;
    if (a->report.heatmap_findings == NULL)
        return 0;
    for (int i = 0; i < 3; i++)
        if (a->findings.applies[i] && !a->findings.holds[i]) {
            fprintf(stderr, "%s: heatmap finding does not hold: %s\n", a->c.file, what[i]);
            code = 1;
        }
    return code;
}

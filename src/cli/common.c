/* What the subcommands share: option and number parsing, in-memory rendering and (atomic)
 * output, error messages and exit statuses. The pipeline itself is the library's (run.h). */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int cli_write_output(const char *path, const char *text, size_t len, ganstab_error *err)
{
    if (path != NULL)
        return ganstab_write_atomic(path, text, len, err);
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
        return ganstab_error_set(err, GANSTAB_EIO, "stdout", "cannot write: %s", strerror(errno));
    return GANSTAB_OK;
}

/* `ganstab simulate CASE.ini --steps N`: run the case's training dynamics on the nonlinear field
 * and print the trajectory as CSV or JSON. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char simulate_usage[] =
    "Usage: ganstab simulate CASE.ini --steps N [--init X1,X2,...] [--t-end T]\n"
    "                        [--set SECTION.KEY=VALUE]... [--format csv|json] [-o FILE]\n"
    "                        [--rtol X] [--atol X]\n"
    "\n"
    "Run the case's training dynamics on the full nonlinear (regularized) field: the discrete\n"
    "update exactly as configured (simgd, altgd, ttur), or the gradient flow integrated by\n"
    "GSL's adaptive Runge-Kutta Prince-Dormand 8(9). Prints one row per point: the step, the\n"
    "time, the state, its distance to the equilibrium and its energy (sum of squares).\n"
    "\n"
    "Options:\n"
    "  --steps N                number of updates (discrete schemes) or of equal output\n"
    "                           intervals on [0, T] (flow); N + 1 points, 1 <= N <= 100000000\n"
    "  --init X1,X2,...         start state in the model's state order (dirac: theta,psi);\n"
    "                           default: the equilibrium plus 1 in every component, (1, 1)\n"
    "  --t-end T                flow only, required there: the horizon T > 0\n"
    "  --set SECTION.KEY=VALUE  override a case-file value (repeatable; same rules as the file)\n"
    "  --format csv|json        output format (default: csv)\n"
    "  -o FILE                  write FILE atomically instead of standard output\n"
    "  --rtol X, --atol X       flow only: relative and absolute error per integrator step\n"
    "                           (defaults 1e-12 and 1e-14)\n"
    "  -h, --help               show this help\n"
    "\n"
    "CSV columns: step,t,<state names>,distance,energy (dirac: step,t,theta,psi,distance,energy;\n"
    "gmm: step,t,mu1,mu2,l1,r1,l2,r2,distance,energy,tv with tv the exact total variation\n"
    "distance to the data, and JSON \"events\": discriminator and mode collapses; distance and\n"
    "energy of the generator's means only; the optimal discriminator's unbounded ends are\n"
    "inf/-inf in CSV, null in JSON).\n"
    "t is step*h for simgd, altgd, optimal and unrolled, the step count for ttur, the time for\n"
    "flow. With regularizer.clip > 0 the discriminator's parameters are clamped to [-clip, clip].\n"
    "Model gmm (Li et al. 2018): simgd and ttur are the first-order dynamics, scheme optimal the\n"
    "optimal-discriminator dynamics, scheme unrolled unrolled GAN training (update.unroll).\n"
    "\n"
    "Exit status: 0 success, 2 bad input, 3 numerical failure (the iteration diverged).\n";

typedef struct {
    const ganstab_case *c;
    const ganstab_sim_options *opt;
    const ganstab_trajectory *tr;
} simulation;

/* %.17g (round-trip exact) with -0 printed as 0. Values are finite (the library checks) except
 * the +-inf ends of gmm's optimal discriminator: "inf"/"-inf" in CSV, null in JSON. */
static void put_value(FILE *out, double x, int json)
{
    if (isinf(x))
        fputs(json ? "null" : x > 0 ? "inf" : "-inf", out);
    else
        fprintf(out, "%.17g", x == 0.0 ? 0.0 : x);
}

static void put_number(FILE *out, double x)
{
    put_value(out, x, 1);
}

static int render_csv(FILE *out, const simulation *s)
{
    const ganstab_trajectory *tr = s->tr;
    fputs("step,t", out);
    for (size_t i = 0; i < tr->n; i++)
        fprintf(out, ",%s", tr->state_names[i]);
    fputs(tr->tv != NULL ? ",distance,energy,tv\n" : ",distance,energy\n", out);
    for (size_t k = 0; k < tr->n_points; k++) {
        fprintf(out, "%ld,", tr->step[k]);
        put_number(out, tr->t[k]);
        for (size_t i = 0; i < tr->n; i++) {
            fputc(',', out);
            put_value(out, tr->x[k * tr->n + i], 0);
        }
        fputc(',', out);
        put_number(out, tr->distance[k]);
        fputc(',', out);
        put_number(out, tr->energy[k]);
        if (tr->tv != NULL) {
            fputc(',', out);
            put_number(out, tr->tv[k]);
        }
        fputc('\n', out);
    }
    return GANSTAB_OK;
}

/* A JSON string literal: quotes, backslashes and control characters escaped; other bytes (UTF-8
 * included) as they are. */
static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", (unsigned)*p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void put_vector(FILE *out, const double *x, size_t n)
{
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputs(", ", out);
        put_number(out, x[i]);
    }
    fputc(']', out);
}

/* The layout of cJSON_Print (tabs, "key":<tab>value) that `analyze` uses, with one point per
 * line: written directly, since a tree of 1e6 points would take hundreds of MB. */
static int render_json(FILE *out, const simulation *s, ganstab_error *err)
{
    const ganstab_case *c = s->c;
    const ganstab_trajectory *tr = s->tr;
    ganstab_case_param params[GANSTAB_REPORT_PARAMS_MAX];
    size_t np = ganstab_case_parameters(c, params, GANSTAB_REPORT_PARAMS_MAX);
    if (np > GANSTAB_REPORT_PARAMS_MAX) /* cannot happen with case.h's keys; never truncate */
        return ganstab_error_set(err, GANSTAB_ENOMEM, "json", "too many parameters");

    fputs("{\n\t\"ganstab\":\t\"" GANSTAB_VERSION "\",\n\t\"case\":\t{\n\t\t\"file\":\t", out);
    put_string(out, c->file);
    fputs(",\n\t\t\"title\":\t", out);
    put_string(out, c->title);
    fputs("\n\t},\n\t\"parameters\":\t{", out);
    for (size_t i = 0; i < np; i++) {
        fputs(i > 0 ? ",\n\t\t" : "\n\t\t", out);
        put_string(out, params[i].name);
        fputs(":\t", out);
        if (params[i].is_number)
            put_number(out, params[i].number);
        else
            put_string(out, params[i].text);
    }
    fputs("\n\t},\n\t\"scheme\":\t", out);
    put_string(out, ganstab_scheme_name(tr->scheme));
    fputs(",\n\t\"state_names\":\t[", out);
    for (size_t i = 0; i < tr->n; i++) {
        if (i > 0)
            fputs(", ", out);
        put_string(out, tr->state_names[i]);
    }
    fputs("],\n\t\"equilibrium\":\t", out);
    put_vector(out, tr->equilibrium, tr->n);
    if (tr->scheme == GANSTAB_SCHEME_FLOW) {
        fputs(",\n\t\"integrator\":\t{\n\t\t\"method\":\t\"rk8pd\",\n\t\t\"rtol\":\t", out);
        put_number(out, s->opt->rtol);
        fputs(",\n\t\t\"atol\":\t", out);
        put_number(out, s->opt->atol);
        fputs("\n\t}", out);
    }
    fputs(",\n\t\"points\":\t[", out);
    for (size_t k = 0; k < tr->n_points; k++) {
        fprintf(out, "%s{\"step\": %ld, \"t\": ", k > 0 ? ",\n\t\t" : "\n\t\t", tr->step[k]);
        put_number(out, tr->t[k]);
        fputs(", \"x\": ", out);
        put_vector(out, &tr->x[k * tr->n], tr->n);
        fputs(", \"distance\": ", out);
        put_number(out, tr->distance[k]);
        fputs(", \"energy\": ", out);
        put_number(out, tr->energy[k]);
        if (tr->tv != NULL) {
            fputs(", \"tv\": ", out);
            put_number(out, tr->tv[k]);
        }
        fputc('}', out);
    }
    fputs("\n\t]", out);
    if (tr->tv != NULL) {
        fputs(",\n\t\"events\":\t[", out);
        for (size_t e = 0; e < tr->n_events; e++) {
            fprintf(out, "%s{\"step\": %ld, \"event\": ", e > 0 ? ",\n\t\t" : "\n\t\t",
                    tr->events[e].step);
            put_string(out, ganstab_sim_event_name(tr->events[e].kind));
            if (tr->events[e].interval > 0)
                fprintf(out, ", \"interval\": %d", tr->events[e].interval);
            fputc('}', out);
        }
        fputs(tr->n_events > 0 ? "\n\t]" : "]", out);
    }
    fputs("\n}\n", out);
    return GANSTAB_OK;
}

static int render_simulation(FILE *out, const void *data, cli_format format, ganstab_error *err)
{
    const simulation *s = data;
    return format == CLI_FORMAT_JSON ? render_json(out, s, err) : render_csv(out, s);
}

/* --t-end, --rtol, --atol shape the flow's integration only; with a discrete scheme they would
 * be silently meaningless, so they are refused. */
static int check_flow_options(const cli_options *opt, const ganstab_case *c, ganstab_error *err)
{
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        return GANSTAB_OK;
    const char *given = opt->t_end_given  ? "--t-end"
                        : opt->rtol_given ? "--rtol"
                        : opt->atol_given ? "--atol"
                                          : NULL;
    if (given == NULL)
        return GANSTAB_OK;
    return cli_usage_error(err, opt->command, given,
                           "applies to update.scheme = flow only (this case runs %s: --steps "
                           "counts its updates)",
                           ganstab_scheme_name(c->update.scheme));
}

int cli_simulate(int argc, char **argv)
{
    cli_options opt;
    int code =
        cli_begin(argc, argv,
                  CLI_OPT_SET | CLI_OPT_FORMAT | CLI_OPT_FORMAT_CSV | CLI_OPT_OUTPUT |
                      CLI_OPT_STEPS | CLI_OPT_INIT | CLI_OPT_T_END | CLI_OPT_RTOL | CLI_OPT_ATOL,
                  simulate_usage, 1, &opt);
    if (code != CLI_CONTINUE)
        return code;

    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    ganstab_trajectory *tr = NULL;
    cli_text out = {0};
    ganstab_sim_options so;
    ganstab_sim_options_init(&so);
    int status = GANSTAB_OK;
    if (!opt.steps_given)
        status = cli_usage_error(&err, opt.command, "--steps", "required (the number of steps)");
    if (status == GANSTAB_OK)
        status = ganstab_run_load(opt.cases[0], opt.sets, opt.nsets, &c, &err);
    if (status == GANSTAB_OK && c.model == GANSTAB_MODEL_MATRIX)
        status = ganstab_error_set(&err, GANSTAB_EINVAL, opt.cases[0],
                                   "model matrix has no nonlinear field to simulate (only its "
                                   "Jacobian J: 'ganstab analyze' studies the linear dynamics)");
    if (status == GANSTAB_OK)
        status = check_flow_options(&opt, &c, &err);
    if (status == GANSTAB_OK) {
        so.steps = opt.steps;
        so.has_t_end = opt.t_end_given;
        so.t_end = opt.t_end;
        so.has_init = opt.init_given;
        so.n_init = opt.n_init;
        memcpy(so.init, opt.init, sizeof so.init);
        so.rtol = opt.rtol;
        so.atol = opt.atol;
        status = ganstab_simulate(&c, &so, &tr, &err);
    }
    if (status == GANSTAB_OK) {
        simulation s = {&c, &so, tr};
        status = cli_render(render_simulation, &s, opt.format, &out, &err);
    }
    if (status == GANSTAB_OK)
        status = cli_write_output(opt.output, out.text, out.len, &err);

    code = status != GANSTAB_OK ? cli_fail(&err) : CLI_EXIT_OK;
    cli_text_free(&out);
    ganstab_trajectory_free(tr);
    cli_options_free(&opt);
    return code;
}

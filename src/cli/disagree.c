/* `--check`: why each disagreeing claim disagrees, on stderr. Which claims disagree is the
 * library's answer (ganstab_run_disagreements, the checks' `agrees`); this file only prints. */
#include "cli.h"

#include <stdlib.h>

static void print_claim(const char *file, const ganstab_result *r, const ganstab_claim_check *k)
{
    if (r != NULL && k->has_verdict && !(k->verdict_mask & (1u << r->verdict)))
        fprintf(stderr, "ganstab: %s: claim %s disagrees (computed verdict %s)\n", file, k->id,
                ganstab_verdict_name(r->verdict));
    else
        fprintf(stderr, "ganstab: %s: claim %s disagrees (max |predicted - computed| = %.3g)\n",
                file, k->id, k->max_abs_error);
}

static void print_critical(const char *file, const ganstab_claim_critical *k)
{
    if (k->found)
        fprintf(stderr, "ganstab: %s: claim %s disagrees (predicted %.17g, computed %.17g)\n", file,
                k->id, k->predicted, k->computed);
    else
        fprintf(stderr, "ganstab: %s: claim %s disagrees (predicted %.17g, no such crossing)\n",
                file, k->id, k->predicted);
}

static void print_boundary(const char *file, const ganstab_claim_boundary *k)
{
    fprintf(stderr,
            "ganstab: %s: claim %s disagrees on the map (%zu of %zu predicted boundary values "
            "found, max |error| = %.3g, %zu unexplained)\n",
            file, k->id, k->found, k->predicted, k->max_abs_error, k->unexplained);
}

static void print_optimum(const char *file, const ganstab_claim_optimum *k)
{
    fprintf(stderr,
            "ganstab: %s: claim %s disagrees (predicted optimum %.17g, computed %.17g; value "
            "error %.3g)\n",
            file, k->id, k->predicted_argmin, k->computed_argmin, k->objective_error);
}

static void print_compare(const char *file, const ganstab_claim_compare *k)
{
    fprintf(stderr,
            "ganstab: %s: claim %s disagrees (predicted stable h %s, computed %s; error "
            "%.3g)\n",
            file, k->id, k->predicted, k->computed, k->max_abs_error);
}

static void print_simulation(const ganstab_run *run)
{
    fprintf(stderr, "ganstab: %s: [simulate] expects", run->c.file);
    for (int b = 0; b < GANSTAB_BEHAVIOUR_COUNT; b++)
        if (run->c.sim_expect & ~run->simulation.detected & (1u << b))
            fprintf(stderr, " %s", ganstab_behaviour_name((ganstab_behaviour)b));
    fputs(", not detected in the run\n", stderr);
}

static void print_heatmap(const ganstab_run *run, size_t finding)
{
    static const char *const what[3] = {"all methods fail on the diagonal",
                                        "the optimal discriminator succeeds off the diagonal",
                                        "unrolled succeeds more often than first-order"};
    fprintf(stderr, "%s: heatmap finding does not hold: %s\n", run->c.file, what[finding]);
}

static void print_disagreement(const ganstab_run *run, const ganstab_run_disagreement *d)
{
    const char *file = run->c.file;
    switch (d->kind) {
    case GANSTAB_RUN_CLAIM_EIGEN:
        print_claim(file, run->result, &run->checks[d->index]);
        break;
    case GANSTAB_RUN_CLAIM_CRITICAL:
        print_critical(file, &run->critical_checks[d->index]);
        break;
    case GANSTAB_RUN_CLAIM_SIMULATION:
        print_simulation(run);
        break;
    case GANSTAB_RUN_CLAIM_HEATMAP:
        print_heatmap(run, d->index);
        break;
    case GANSTAB_RUN_CLAIM_SWEEP:
        print_critical(file, &run->sweep_checks[d->index]);
        break;
    case GANSTAB_RUN_CLAIM_MAP:
        print_boundary(file, &run->map_checks[d->index]);
        break;
    case GANSTAB_RUN_CLAIM_OPTIMUM:
        print_optimum(file, &run->optimum_checks[d->index]);
        break;
    case GANSTAB_RUN_CLAIM_COMPARE:
        print_compare(file, &run->compare_checks[d->index]);
        break;
    }
}

int cli_report_run_disagreements(const ganstab_run *run)
{
    size_t n = ganstab_run_disagreements(run, NULL, 0);
    if (n == 0)
        return CLI_EXIT_OK;
    ganstab_run_disagreement *list = malloc(n * sizeof *list);
    if (list == NULL) {
        fputs("ganstab: out of memory\n", stderr);
        return CLI_EXIT_DISAGREE;
    }
    ganstab_run_disagreements(run, list, n);
    for (size_t i = 0; i < n; i++)
        print_disagreement(run, &list[i]);
    free(list);
    return CLI_EXIT_DISAGREE;
}

int cli_report_critical_disagreements(const char *file, const ganstab_claim_critical *checks,
                                      size_t n)
{
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (!checks[i].agrees) {
            print_critical(file, &checks[i]);
            status = CLI_EXIT_DISAGREE;
        }
    return status;
}

int cli_report_boundary_disagreements(const char *file, const ganstab_claim_boundary *checks,
                                      size_t n)
{
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (!checks[i].agrees) {
            print_boundary(file, &checks[i]);
            status = CLI_EXIT_DISAGREE;
        }
    return status;
}

int cli_report_optimum_disagreements(const char *file, const ganstab_claim_optimum *checks,
                                     size_t n)
{
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (!checks[i].agrees) {
            print_optimum(file, &checks[i]);
            status = CLI_EXIT_DISAGREE;
        }
    return status;
}

int cli_report_compare_disagreements(const char *file, const ganstab_claim_compare *checks,
                                     size_t n)
{
    int status = CLI_EXIT_OK;
    for (size_t i = 0; i < n; i++)
        if (!checks[i].agrees) {
            print_compare(file, &checks[i]);
            status = CLI_EXIT_DISAGREE;
        }
    return status;
}

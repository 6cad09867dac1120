/* The GMM-GAN success heatmap (gmm_heatmap.h): many short runs of ganstab_gmm_step's fast path,
 * parallel over grid cells with OpenMP, with counter-based random starts. */
#include "ganstab/gmm_heatmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "ganstab/simulate.h"

#include "../core/gsl_quiet.h"

/* SplitMix64 (Steele, Lea & Flood 2014): the state increment (the golden ratio in 64 bits) and
 * the output function, a bijective mixer of 64-bit words. */
#define SPLITMIX64_GAMMA UINT64_C(0x9e3779b97f4a7c15)

static uint64_t mix64(uint64_t z)
{
    z ^= z >> 30;
    z *= UINT64_C(0xbf58476d1ce4e5b9);
    z ^= z >> 27;
    z *= UINT64_C(0x94d049bb133111eb);
    z ^= z >> 31;
    return z;
}

/* The top 53 bits as a double in [0, 1) (exact: every value is a multiple of 2^-53). */
static double unit_double(uint64_t z)
{
    return (double)(z >> 11) * 0x1.0p-53;
}

void ganstab_gmm_heatmap_options_init(ganstab_gmm_heatmap_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->dynamics = GANSTAB_GMM_FIRST_ORDER;
    opt->grid = GANSTAB_GMM_HEATMAP_DEFAULT_GRID;
    opt->inits = GANSTAB_GMM_HEATMAP_DEFAULT_INITS;
    opt->iters = GANSTAB_GMM_HEATMAP_DEFAULT_ITERS;
    opt->step = GANSTAB_GMM_HEATMAP_DEFAULT_STEP;
    opt->seed = GANSTAB_GMM_HEATMAP_DEFAULT_SEED;
    opt->threads = 0;
}

double ganstab_gmm_heatmap_axis(size_t grid, size_t i)
{
    if (i + 1 == grid)
        return 1.0; /* exactly, whatever the rounding of the division */
    return -1.0 + 2.0 * (double)i / (double)(grid - 1);
}

void ganstab_gmm_heatmap_start(uint64_t seed, size_t cell, size_t k, double *disc)
{
    uint64_t state = mix64(mix64(mix64(seed) ^ (uint64_t)cell) ^ (uint64_t)k);
    double u[4];
    for (int j = 0; j < 4; j++) {
        state += SPLITMIX64_GAMMA;
        u[j] = unit_double(mix64(state));
    }
    for (int i = 0; i < 2; i++) {
        double l =
            -GANSTAB_GMM_HEATMAP_START_RANGE + 2.0 * GANSTAB_GMM_HEATMAP_START_RANGE * u[2 * i];
        double length = GANSTAB_GMM_HEATMAP_START_LENGTH * (1.0 - u[2 * i + 1]);
        disc[2 * i] = l;
        disc[2 * i + 1] = l + length;
    }
}

typedef struct {
    size_t success, disc_collapse, mode_collapse, tv_below;
    uint64_t steps; /* steps computed (per run or lane; frozen lanes of a batch count) */
} cell_counts;

/* Adds the outcome of a run that ended in x to *counts (the TV is computed here, once). */
static int classify_end(const ganstab_gmm_stepper *s, const double *x, cell_counts *counts,
                        ganstab_error *err)
{
    double tv = 0.0;
    int status = ganstab_gmm_tv(s->mu_star, x, &tv, err);
    if (status != GANSTAB_OK)
        return status;
    double gap = x[GANSTAB_GMM_MU1] - x[GANSTAB_GMM_MU2];
    int mode_collapsed = (gap < 0 ? -gap : gap) < s->mode_collapse_gap;
    int disc_collapsed = s->dynamics != GANSTAB_GMM_OPTIMAL &&
                         (!ganstab_gmm_interval_open(x[GANSTAB_GMM_L1], x[GANSTAB_GMM_R1]) ||
                          !ganstab_gmm_interval_open(x[GANSTAB_GMM_L2], x[GANSTAB_GMM_R2]));
    counts->success += tv < GANSTAB_GMM_TV_SUCCESS && !mode_collapsed ? 1u : 0u;
    counts->tv_below += tv < GANSTAB_GMM_TV_SUCCESS ? 1u : 0u;
    counts->disc_collapse += disc_collapsed ? 1u : 0u;
    counts->mode_collapse += mode_collapsed ? 1u : 0u;
    return GANSTAB_OK;
}

/* One run of the optimal or unrolled dynamics from (mu0, disc) for `iters` steps. */
static int run_one(const ganstab_gmm_stepper *s, size_t iters, const double *mu0,
                   const double *disc, cell_counts *counts, ganstab_error *err)
{
    double x[GANSTAB_GMM_N] = {mu0[0], mu0[1], disc[0], disc[1], disc[2], disc[3]};
    /* unrolled: with both intervals collapsed the field is 0 and no interval reopens (gmm.h
       rule 2), so the rest of the run changes nothing */
    int can_freeze = s->dynamics != GANSTAB_GMM_OPTIMAL;
    size_t t = 0;
    for (; t < iters; t++) {
        if (can_freeze && !ganstab_gmm_interval_open(x[GANSTAB_GMM_L1], x[GANSTAB_GMM_R1]) &&
            !ganstab_gmm_interval_open(x[GANSTAB_GMM_L2], x[GANSTAB_GMM_R2]))
            break;
        int status = ganstab_gmm_step(s, x, NULL, err);
        if (status != GANSTAB_OK)
            return status;
    }
    counts->steps += t;
    return classify_end(s, x, counts, err);
}

/* Starts k0 .. k0 + lanes - 1 of one cell as one batch of the lane-parallel first-order kernel
 * (gmm.h: the same bits as ganstab_gmm_step, run by run); unused lanes hold a dead state. On
 * failure *failed_k is the failing start. */
static int run_lanes(const ganstab_gmm_stepper *s, const ganstab_gmm_heatmap_options *opt,
                     size_t cell, const double *mu0, size_t k0, size_t lanes, cell_counts *counts,
                     size_t *failed_k, ganstab_error *err)
{
    double x[GANSTAB_GMM_N][GANSTAB_GMM_LANES] = {{0}};
    for (size_t w = 0; w < GANSTAB_GMM_LANES; w++) {
        double disc[4] = {0.0, 0.0, 0.0, 0.0};
        if (w < lanes)
            ganstab_gmm_heatmap_start(opt->seed, cell, k0 + w, disc);
        x[GANSTAB_GMM_MU1][w] = mu0[0];
        x[GANSTAB_GMM_MU2][w] = mu0[1];
        for (size_t i = 0; i < 4; i++)
            x[GANSTAB_GMM_L1 + i][w] = disc[i];
    }
    size_t taken = ganstab_gmm_first_order_lanes(s->mu_star, s->eta_g, s->eta_d, opt->iters, x);
    counts->steps += (uint64_t)taken * GANSTAB_GMM_LANES;
    for (size_t w = 0; w < lanes; w++) {
        double end[GANSTAB_GMM_N];
        for (size_t i = 0; i < GANSTAB_GMM_N; i++)
            end[i] = x[i][w];
        int status = classify_end(s, end, counts, err);
        if (status != GANSTAB_OK) {
            *failed_k = k0 + w;
            return status;
        }
    }
    return GANSTAB_OK;
}

/* All K runs of one cell. On failure *failed_k is the failing start. */
static int run_cell(const ganstab_gmm_stepper *s, const ganstab_gmm_heatmap_options *opt,
                    size_t cell, cell_counts *counts, size_t *failed_k, ganstab_error *err)
{
    double mu0[2] = {ganstab_gmm_heatmap_axis(opt->grid, cell / opt->grid),
                     ganstab_gmm_heatmap_axis(opt->grid, cell % opt->grid)};
    memset(counts, 0, sizeof *counts);
    /* the optimal dynamics overwrite the intervals before their first use: all K runs are the
       same run */
    size_t runs = s->dynamics == GANSTAB_GMM_OPTIMAL ? 1 : opt->inits;
    if (s->dynamics == GANSTAB_GMM_FIRST_ORDER) {
        for (size_t k0 = 0; k0 < runs; k0 += GANSTAB_GMM_LANES) {
            size_t lanes = runs - k0 < GANSTAB_GMM_LANES ? runs - k0 : GANSTAB_GMM_LANES;
            int status = run_lanes(s, opt, cell, mu0, k0, lanes, counts, failed_k, err);
            if (status != GANSTAB_OK)
                return status;
        }
        return GANSTAB_OK;
    }
    for (size_t k = 0; k < runs; k++) {
        double disc[4];
        ganstab_gmm_heatmap_start(opt->seed, cell, k, disc);
        int status = run_one(s, opt->iters, mu0, disc, counts, err);
        if (status != GANSTAB_OK) {
            *failed_k = k;
            return status;
        }
    }
    if (runs == 1 && opt->inits > 1) {
        counts->success *= opt->inits;
        counts->disc_collapse *= opt->inits;
        counts->mode_collapse *= opt->inits;
        counts->tv_below *= opt->inits;
    }
    return GANSTAB_OK;
}

static int check_options(const ganstab_case *c, const ganstab_gmm_heatmap_options *opt,
                         ganstab_error *err)
{
    if (c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(
            err, GANSTAB_EINVAL,
            c->where[GANSTAB_KEY_CASE_MODEL][0] != '\0' ? c->where[GANSTAB_KEY_CASE_MODEL]
                                                        : "case.model",
            "the heatmap needs model gmm, the case has model %s", ganstab_model_name(c->model));
    if (opt->dynamics != GANSTAB_GMM_FIRST_ORDER && opt->dynamics != GANSTAB_GMM_OPTIMAL &&
        opt->dynamics != GANSTAB_GMM_UNROLLED)
        return ganstab_error_set(err, GANSTAB_EINVAL, "dynamics", "unknown dynamics %d",
                                 (int)opt->dynamics);
    if (opt->grid < GANSTAB_GMM_HEATMAP_GRID_MIN || opt->grid > GANSTAB_GMM_HEATMAP_GRID_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, "grid", "expected %u..%u points, got %zu",
                                 GANSTAB_GMM_HEATMAP_GRID_MIN, GANSTAB_GMM_HEATMAP_GRID_MAX,
                                 opt->grid);
    if (opt->inits < 1 || opt->inits > GANSTAB_GMM_HEATMAP_INITS_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, "inits", "expected 1..%u starts, got %zu",
                                 GANSTAB_GMM_HEATMAP_INITS_MAX, opt->inits);
    if (opt->iters < 1 || opt->iters > GANSTAB_GMM_HEATMAP_ITERS_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, "iters", "expected 1..%u steps, got %zu",
                                 GANSTAB_GMM_HEATMAP_ITERS_MAX, opt->iters);
    if (!(opt->step > 0.0 && opt->step <= 1.7976931348623157e308))
        return ganstab_error_set(err, GANSTAB_EINVAL, "step",
                                 "expected a finite step size > 0, got %.17g", opt->step);
    if (opt->threads > GANSTAB_GMM_HEATMAP_THREADS_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, "threads", "expected 0..%u, got %u",
                                 GANSTAB_GMM_HEATMAP_THREADS_MAX, opt->threads);
    return GANSTAB_OK;
}

static int heatmap_run_body(const ganstab_case *c, const ganstab_gmm_heatmap_options *opt,
                            ganstab_gmm_heatmap **out, ganstab_error *err)
{
    *out = NULL;
    int status = check_options(c, opt, err);
    ganstab_gmm_stepper s;
    if (status == GANSTAB_OK)
        status = ganstab_gmm_stepper_init(&s, opt->dynamics, c->gmm_mu_star, opt->step, opt->step,
                                          c->unroll, c->gmm_mode_collapse, err);
    if (status != GANSTAB_OK)
        return status;

    size_t cells = opt->grid * opt->grid;
    ganstab_gmm_heatmap *m = calloc(1, sizeof *m);
    cell_counts *counts = calloc(cells, sizeof *counts);
    int *cell_status = calloc(cells, sizeof *cell_status);
    if (m != NULL) {
        m->mu = malloc(opt->grid * sizeof *m->mu);
        m->success = malloc(cells * sizeof *m->success);
        m->disc_collapse = malloc(cells * sizeof *m->disc_collapse);
        m->mode_collapse_count = malloc(cells * sizeof *m->mode_collapse_count);
        m->tv_below = malloc(cells * sizeof *m->tv_below);
    }
    if (m == NULL || counts == NULL || cell_status == NULL || m->mu == NULL || m->success == NULL ||
        m->disc_collapse == NULL || m->mode_collapse_count == NULL || m->tv_below == NULL) {
        free(counts);
        free(cell_status);
        ganstab_gmm_heatmap_free(m);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "heatmap", "out of memory (%zu cells)",
                                 cells);
    }

    int threads = opt->threads > 0 ? (int)opt->threads : omp_get_max_threads();
    size_t done = 0;
    long long ncells = (long long)cells;
#pragma omp parallel for schedule(dynamic) num_threads(threads)
    for (long long ci = 0; ci < ncells; ci++) {
        ganstab_error local;
        ganstab_error_clear(&local);
        size_t failed_k = 0;
        cell_status[ci] = run_cell(&s, opt, (size_t)ci, &counts[ci], &failed_k, &local);
        if (opt->progress != NULL) {
#pragma omp critical(ganstab_gmm_heatmap_progress)
            {
                done++;
                opt->progress(done, cells, opt->progress_ctx);
            }
        }
    }

    /* The lowest failing cell, whatever the schedule; re-run alone for its message. */
    for (size_t ci = 0; ci < cells && status == GANSTAB_OK; ci++) {
        if (cell_status[ci] == GANSTAB_OK)
            continue;
        ganstab_error local;
        ganstab_error_clear(&local);
        size_t failed_k = 0;
        cell_counts scratch;
        status = run_cell(&s, opt, ci, &scratch, &failed_k, &local);
        if (status == GANSTAB_OK) /* cannot happen: the runs are deterministic */
            status = cell_status[ci];
        ganstab_error_set(err, status, "heatmap", "cell (%zu, %zu), start %zu: %s", ci / opt->grid,
                          ci % opt->grid, failed_k,
                          local.message[0] != '\0' ? local.message : ganstab_strerror(status));
    }
    if (status != GANSTAB_OK) {
        free(counts);
        free(cell_status);
        ganstab_gmm_heatmap_free(m);
        return status;
    }

    m->opt = *opt;
    m->opt.progress = NULL;
    m->opt.progress_ctx = NULL;
    m->mu_star[0] = c->gmm_mu_star[0];
    m->mu_star[1] = c->gmm_mu_star[1];
    m->mode_collapse = c->gmm_mode_collapse;
    m->unroll = c->unroll;
    m->grid = opt->grid;
    m->cells = cells;
    for (size_t i = 0; i < opt->grid; i++)
        m->mu[i] = ganstab_gmm_heatmap_axis(opt->grid, i);
    m->steps = 0;
    for (size_t ci = 0; ci < cells; ci++) {
        m->steps += counts[ci].steps;
        m->success[ci] = counts[ci].success;
        m->disc_collapse[ci] = counts[ci].disc_collapse;
        m->mode_collapse_count[ci] = counts[ci].mode_collapse;
        m->tv_below[ci] = counts[ci].tv_below;
    }
    free(counts);
    free(cell_status);
    *out = m;
    return GANSTAB_OK;
}

/* heatmap_run_body with GSL's error handler off, the caller's restored after (one bracket around
 * the parallel region: gsl_quiet.h). */
int ganstab_gmm_heatmap_run(const ganstab_case *c, const ganstab_gmm_heatmap_options *opt,
                            ganstab_gmm_heatmap **out, ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = heatmap_run_body(c, opt, out, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

void ganstab_gmm_heatmap_free(ganstab_gmm_heatmap *m)
{
    if (m == NULL)
        return;
    free(m->mu);
    free(m->success);
    free(m->disc_collapse);
    free(m->mode_collapse_count);
    free(m->tv_below);
    free(m);
}

int ganstab_gmm_fig2_findings(const ganstab_gmm_heatmap *const maps[3], ganstab_gmm_fig2 *out,
                              ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    const ganstab_gmm_heatmap *ref = NULL;
    for (int d = 0; d < 3; d++) {
        out->diag_max_success[d] = out->diag_min_mode_collapse[d] = out->diag_max_tv_below[d] =
            out->off_mean_success[d] = out->off_min_success[d] = out->off_mean_disc_collapse[d] =
                out->off_mean_mode_collapse[d] = NAN;
        if (maps[d] == NULL)
            continue;
        if (ref == NULL)
            ref = maps[d];
        else if (maps[d]->grid != ref->grid || maps[d]->opt.inits != ref->opt.inits)
            return ganstab_error_set(err, GANSTAB_EINVAL, "heatmap",
                                     "the heatmaps differ in grid or starts per cell");
    }
    if (ref == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "heatmap", "no heatmap given");
    size_t g = ref->grid;
    double k = (double)ref->opt.inits;
    out->off_cells = g * (g - 1);
    for (int d = 0; d < 3; d++) {
        const ganstab_gmm_heatmap *m = maps[d];
        if (m == NULL)
            continue;
        out->present[d] = 1;
        double dmax = 0.0, dmin_mc = 1.0, dmax_tv = 0.0, sum = 0.0, sum_dc = 0.0, sum_mc = 0.0;
        double omin = 1.0;
        size_t omin_cell = 1;
        for (size_t c = 0; c < m->cells; c++) {
            double sh = (double)m->success[c] / k;
            if (c / g == c % g) {
                dmax = fmax(dmax, sh);
                dmin_mc = fmin(dmin_mc, (double)m->mode_collapse_count[c] / k);
                dmax_tv = fmax(dmax_tv, (double)m->tv_below[c] / k);
                continue;
            }
            sum += sh;
            sum_dc += (double)m->disc_collapse[c] / k;
            sum_mc += (double)m->mode_collapse_count[c] / k;
            if (sh < omin) {
                omin = sh;
                omin_cell = c;
            }
        }
        out->diag_max_success[d] = dmax;
        out->diag_min_mode_collapse[d] = dmin_mc;
        out->diag_max_tv_below[d] = dmax_tv;
        out->off_mean_success[d] = sum / (double)out->off_cells;
        out->off_mean_disc_collapse[d] = sum_dc / (double)out->off_cells;
        out->off_mean_mode_collapse[d] = sum_mc / (double)out->off_cells;
        out->off_min_success[d] = omin;
        out->off_min_cell[d] = omin_cell;
    }
    out->applies[0] = 1;
    out->holds[0] = 1;
    for (int d = 0; d < 3; d++)
        if (out->present[d] && out->diag_max_success[d] != 0.0)
            out->holds[0] = 0;
    out->applies[1] = out->present[GANSTAB_GMM_OPTIMAL];
    out->holds[1] = out->applies[1] && out->off_min_success[GANSTAB_GMM_OPTIMAL] == 1.0;
    out->applies[2] = out->present[GANSTAB_GMM_UNROLLED] && out->present[GANSTAB_GMM_FIRST_ORDER];
    if (out->applies[2]) {
        const ganstab_gmm_heatmap *u = maps[GANSTAB_GMM_UNROLLED],
                                  *f = maps[GANSTAB_GMM_FIRST_ORDER];
        for (size_t c = 0; c < u->cells; c++)
            if (c / g != c % g && u->success[c] >= f->success[c])
                out->unrolled_ge_first++;
        out->holds[2] = out->off_mean_success[GANSTAB_GMM_UNROLLED] >
                        out->off_mean_success[GANSTAB_GMM_FIRST_ORDER];
    }
    return GANSTAB_OK;
}

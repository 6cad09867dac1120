/* Benchmark gmm_heatmap, C side (bench/gmm_heatmap.py drives it and holds the NumPy reference):
 * the first-order GMM-GAN heatmap of Li et al. 2018, Figure 2, as ganstab runs it.
 *
 * usage: gmm_heatmap throughput [--min-time S]
 *            prints TSV rows "name<TAB>evaluations per second" for one core: glibc exp and erfc
 *            (scalar calls), and the bit-reproducible exp of the heatmap kernel (gmm_exp.h) in a
 *            lane loop compiled like the kernel (AVX-512 / AVX2 / baseline clones).
 *        gmm_heatmap trajectories --out FILE [--grid G] [--inits K] [--steps N] [--seed S]
 *            runs the first K starts of every cell of a G x G grid (mu* = (-0.5, 0.5), step 0.3)
 *            for N steps of ganstab_gmm_step (first-order) and writes, little-endian: the run
 *            count R, N (uint64 each), then for each run its 6 start values followed by its N
 *            states after each step (6 doubles each), all float64.
 *        gmm_heatmap time [--grid G] [--inits K] [--iters T] [--threads P] [--min-time S]
 *            times ganstab_gmm_heatmap_run (first-order) on that slice; prints TSV
 *            "seconds<TAB>steps computed<TAB>lane-steps requested<TAB>successes" (median time).
 * The NumPy side starts from the same starts (ganstab_gmm_heatmap_start, re-derived in Python
 * from the written file), so the two implementations integrate the same runs. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/models/gmm_exp.h"
#include "ganstab/ganstab.h"

static const double MU_STAR[2] = {-0.5, 0.5};
#define STEP 0.3 /* the paper's step size (Sec. 5) */
#define MAX_REPS 1000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void fail(const char *what, const ganstab_error *err)
{
    fprintf(stderr, "gmm_heatmap: %s: %s: %s\n", what, err->where, err->message);
    exit(3);
}

static void usage(void)
{
    fprintf(stderr, "usage: gmm_heatmap throughput [--min-time S]\n"
                    "       gmm_heatmap trajectories --out FILE [--grid G] [--inits K] "
                    "[--steps N] [--seed S]\n"
                    "       gmm_heatmap time [--grid G] [--inits K] [--iters T] [--threads P] "
                    "[--min-time S]\n");
    exit(2);
}

static double parse_number(const char *flag, const char *s, double lo, double hi)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v >= lo && v <= hi)) {
        fprintf(stderr, "gmm_heatmap: %s: expected a number in [%g, %g], got '%s'\n", flag, lo, hi,
                s);
        exit(2);
    }
    return v;
}

typedef struct {
    double min_time;
    size_t grid, inits, iters, steps;
    unsigned threads;
    uint64_t seed;
    const char *out;
} bench_opts;

static void parse(int argc, char **argv, bench_opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *f = argv[i];
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(f, "--min-time") == 0)
            o->min_time = parse_number(f, v, 0.0, 3600.0);
        else if (strcmp(f, "--grid") == 0)
            o->grid = (size_t)parse_number(f, v, 2, 1001);
        else if (strcmp(f, "--inits") == 0)
            o->inits = (size_t)parse_number(f, v, 1, 1e6);
        else if (strcmp(f, "--iters") == 0)
            o->iters = (size_t)parse_number(f, v, 1, 1e8);
        else if (strcmp(f, "--steps") == 0)
            o->steps = (size_t)parse_number(f, v, 1, 1e6);
        else if (strcmp(f, "--threads") == 0)
            o->threads = (unsigned)parse_number(f, v, 0, 1024);
        else if (strcmp(f, "--seed") == 0)
            o->seed = (uint64_t)parse_number(f, v, 0, 9e15);
        else if (strcmp(f, "--out") == 0)
            o->out = v;
        else
            usage();
    }
}

/* ---- throughput ------------------------------------------------------------------------------ */

#define TP_N 4096

/* The kernel's exp in a lane loop, multiversioned like the kernel in gmm.c. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static double
sweep_kernel_exp(const double *a, double *b)
{
#pragma omp simd
    for (size_t i = 0; i < TP_N; i++)
        b[i] = gmm_exp_nonpos(a[i]);
    return b[TP_N / 3];
}

static double sweep_libm(const double *a, double *b, int which)
{
    for (size_t i = 0; i < TP_N; i++)
        b[i] = which == 0 ? exp(a[i]) : erfc(a[i]);
    return b[TP_N / 3];
}

static double rate(int which, const double *a, double *b, double min_time)
{
    double sink = 0.0, t0 = now(), t;
    size_t reps = 0;
    do {
        sink += which == 2 ? sweep_kernel_exp(a, b) : sweep_libm(a, b, which);
        reps++;
        t = now() - t0;
    } while (t < min_time);
    if (sink == 42.0) /* keeps the loop from being optimized away */
        fputs("", stderr);
    return (double)reps * TP_N / t;
}

static void throughput(const bench_opts *o)
{
    static double a[TP_N], b[TP_N], e[TP_N];
    for (size_t i = 0; i < TP_N; i++) {
        /* the arguments the loop sees: -t^2/2 for |t| up to ~6 */
        double t = 6.0 * (double)((i * 2654435761u) % TP_N) / TP_N;
        a[i] = -0.5 * t * t;
        e[i] = t / 3.0; /* erfc over [0, 2] */
    }
    printf("glibc exp\t%.6g\n", rate(0, a, b, o->min_time));
    printf("glibc erfc\t%.6g\n", rate(1, e, b, o->min_time));
    printf("kernel exp\t%.6g\n", rate(2, a, b, o->min_time));
}

/* ---- trajectories ---------------------------------------------------------------------------- */

static void put_u64(FILE *f, uint64_t v)
{
    unsigned char bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(v >> (8 * i));
    fwrite(bytes, 1, sizeof bytes, f);
}

static void put_double(FILE *f, double x)
{
    uint64_t v;
    memcpy(&v, &x, sizeof v);
    put_u64(f, v);
}

static void trajectories(const bench_opts *o)
{
    if (o->out == NULL)
        usage();
    ganstab_error err;
    ganstab_gmm_stepper s;
    if (ganstab_gmm_stepper_init(&s, GANSTAB_GMM_FIRST_ORDER, MU_STAR, STEP, STEP, 0, 0.05, &err) !=
        GANSTAB_OK)
        fail("stepper", &err);
    FILE *f = fopen(o->out, "wb");
    if (f == NULL) {
        fprintf(stderr, "gmm_heatmap: %s: %s\n", o->out, strerror(errno));
        exit(2);
    }
    size_t cells = o->grid * o->grid;
    put_u64(f, (uint64_t)(cells * o->inits));
    put_u64(f, (uint64_t)o->steps);
    for (size_t cell = 0; cell < cells; cell++)
        for (size_t k = 0; k < o->inits; k++) {
            double x[GANSTAB_GMM_N] = {ganstab_gmm_heatmap_axis(o->grid, cell / o->grid),
                                       ganstab_gmm_heatmap_axis(o->grid, cell % o->grid)};
            ganstab_gmm_heatmap_start(o->seed, cell, k, x + 2);
            for (size_t i = 0; i < GANSTAB_GMM_N; i++)
                put_double(f, x[i]);
            for (size_t t = 0; t < o->steps; t++) {
                if (ganstab_gmm_step(&s, x, NULL, &err) != GANSTAB_OK)
                    fail("step", &err);
                for (size_t i = 0; i < GANSTAB_GMM_N; i++)
                    put_double(f, x[i]);
            }
        }
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "gmm_heatmap: %s: write failed\n", o->out);
        exit(2);
    }
}

/* ---- time ------------------------------------------------------------------------------------ */

static void time_heatmap(const bench_opts *o)
{
    ganstab_error err;
    ganstab_case c;
    ganstab_case_init(&c, NULL);
    const char *const kv[][3] = {{"case", "model", "gmm"},
                                 {"model", "mu_star", "-0.5, 0.5"},
                                 {"model", "disc", "-2, -0.2, 0.2, 2"}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (ganstab_case_set(&c, kv[i][0], kv[i][1], kv[i][2], "gmm_heatmap", &err) != GANSTAB_OK)
            fail("case", &err);
    if (ganstab_case_validate(&c, &err) != GANSTAB_OK)
        fail("case", &err);
    ganstab_gmm_heatmap_options opt;
    ganstab_gmm_heatmap_options_init(&opt);
    opt.grid = o->grid;
    opt.inits = o->inits;
    opt.iters = o->iters;
    opt.step = STEP;
    opt.threads = o->threads;
    double times[MAX_REPS], total = 0.0;
    size_t reps = 0;
    uint64_t steps = 0;
    size_t successes = 0;
    do {
        ganstab_gmm_heatmap *m = NULL;
        double t0 = now();
        if (ganstab_gmm_heatmap_run(&c, &opt, &m, &err) != GANSTAB_OK)
            fail("heatmap", &err);
        times[reps] = now() - t0;
        total += times[reps++];
        steps = m->steps;
        successes = 0;
        for (size_t ci = 0; ci < m->cells; ci++)
            successes += m->success[ci];
        ganstab_gmm_heatmap_free(m);
    } while ((total < o->min_time || reps < 3) && reps < MAX_REPS);
    qsort(times, reps, sizeof *times, cmp_double);
    double med = reps % 2 == 1 ? times[reps / 2] : 0.5 * (times[reps / 2 - 1] + times[reps / 2]);
    printf("%.6g\t%llu\t%llu\t%zu\n", med, (unsigned long long)steps,
           (unsigned long long)(o->grid * o->grid * o->inits * o->iters), successes);
}

int main(int argc, char **argv)
{
    bench_opts o = {.min_time = 0.5,
                    .grid = 9,
                    .inits = 120,
                    .iters = 3000,
                    .steps = 200,
                    .threads = 0,
                    .seed = 1,
                    .out = NULL};
    if (argc < 2)
        usage();
    parse(argc, argv, &o);
    if (strcmp(argv[1], "throughput") == 0)
        throughput(&o);
    else if (strcmp(argv[1], "trajectories") == 0)
        trajectories(&o);
    else if (strcmp(argv[1], "time") == 0)
        time_heatmap(&o);
    else
        usage();
    return 0;
}

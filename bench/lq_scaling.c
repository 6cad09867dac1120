/* Benchmark lq_scaling: time of `analyze` for the d-dimensional LQ-GAN (model lq, cov random 1,
 * gradient flow) as d grows, split into its parts: the Jacobian assembly (game init, equilibrium,
 * analytic field and J), the eigenvalue step as ganstab does it (ganstab_eigen_compute: dgeevx with
 * balancing and reciprocal condition numbers) and plain eigenvalues (LAPACKE_dgeev 'N','N' on a
 * copy, what numpy.linalg.eigvals computes). Each J goes to OUTDIR/J_d<d>.bin and the eigenvalues
 * to OUTDIR/ev_d<d>.bin for bench/lq_scaling.py, which times numpy.linalg.eigvals on the same
 * matrices. Prints one TSV row per d (seconds, medians over the repetitions).
 *
 * usage: lq_scaling [--out DIR] [--min-time S] [--min-reps N] [--min-reps-analyze N] [D...]
 *        lq_scaling --default-dims   (prints the default list of D)
 *
 * File formats (little-endian regardless of the host): J_d<d>.bin is n as a uint64 followed by
 * the n*n doubles of J column-major; ev_d<d>.bin is n as a uint64 followed by n (re, im) pairs
 * from dgeev and then n (re, im) pairs from ganstab_eigen_compute (dgeevx). */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <lapacke.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ganstab/ganstab.h"

/* The list: d = 2 ... 40, the state dimension n = 1.5 d^2 + 2.5 d + 1 from 10 to 2501. */
static const size_t default_dims[] = {2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40};
#define MAX_REPS 100000

typedef struct {
    double min_time;         /* repeat a measurement until it took this long in total ... */
    size_t min_reps;         /* ... and ran at least this often */
    size_t min_reps_analyze; /* the same for the whole analyze (seconds per run at d = 40) */
} bench_opts;

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

static double median(double *t, size_t k)
{
    qsort(t, k, sizeof *t, cmp_double);
    return k % 2 == 1 ? t[k / 2] : 0.5 * (t[k / 2 - 1] + t[k / 2]);
}

static void fail(const char *what, const ganstab_error *err)
{
    fprintf(stderr, "lq_scaling: %s: %s: %s\n", what, err->where, err->message);
    exit(3);
}

/* The little-endian encodings the .bin files use. */
static void put_u64(FILE *f, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    fwrite(b, 1, sizeof b, f);
}

static void put_double(FILE *f, double x)
{
    uint64_t v;
    memcpy(&v, &x, sizeof v);
    put_u64(f, v);
}

static FILE *open_out(const char *dir, const char *stem, size_t d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_d%zu.bin", dir, stem, d);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "lq_scaling: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "lq_scaling: write failed\n");
        exit(2);
    }
}

static void make_case(size_t d, ganstab_case *c)
{
    ganstab_error err;
    char dim[32];
    snprintf(dim, sizeof dim, "%zu", d);
    ganstab_case_init(c, NULL);
    const char *const kv[][3] = {{"case", "model", "lq"},
                                 {"model", "dim", dim},
                                 {"model", "cov", "random 1"},
                                 {"update", "scheme", "flow"}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (ganstab_case_set(c, kv[i][0], kv[i][1], kv[i][2], "lq_scaling", &err) != GANSTAB_OK)
            fail("case", &err);
    if (ganstab_case_validate(c, &err) != GANSTAB_OK)
        fail("case", &err);
}

/* The Jacobian assembly as analyze does it: game (model + regularizer), equilibrium, field and J
 * there. J (n-by-n) is zeroed first: the model terms accumulate into it. */
static void assemble_jacobian(const ganstab_case *c, size_t n, double *x, double *v,
                              ganstab_matrix *J)
{
    ganstab_error err;
    ganstab_game g;
    memset(J->data, 0, n * n * sizeof *J->data);
    if (ganstab_game_init(c, &g, &err) != GANSTAB_OK)
        fail("ganstab_game_init", &err);
    g.model->ops->equilibrium(g.model, x);
    if (ganstab_game_field(&g, x, v, J->data, &err) != GANSTAB_OK)
        fail("ganstab_game_field", &err);
    ganstab_game_free(&g);
}

/* The central-difference cross-check of J that analyze runs where the model can evaluate its
 * field near x* (model lq: d <= GANSTAB_LQ_QUADRATURE_MAX_DIM, by a 10^d-point quadrature).
 * Returns 0 when the model has no such field (analyze skips the check there). */
static int fd_jacobian(const ganstab_case *c, double *x, double *Jfd)
{
    ganstab_error err;
    ganstab_game g;
    if (ganstab_game_init(c, &g, &err) != GANSTAB_OK)
        fail("ganstab_game_init", &err);
    int available = g.model->fd_unavailable == NULL;
    if (available) {
        g.model->ops->equilibrium(g.model, x);
        if (ganstab_jacobian_fd(ganstab_game_field_fn, &g, ganstab_game_dimension(&g), x, Jfd,
                                &err) != GANSTAB_OK)
            fail("ganstab_jacobian_fd", &err);
    }
    ganstab_game_free(&g);
    return available;
}

/* Plain eigenvalues, as numpy.linalg.eigvals computes them: dgeev without vectors on a copy
 * (dgeev overwrites its input). The copy is timed too; numpy makes one as well. */
static void plain_eigenvalues(const ganstab_matrix *J, double *a, double *wr, double *wi,
                              double *work, lapack_int lwork)
{
    lapack_int n = (lapack_int)J->rows;
    memcpy(a, J->data, J->rows * J->cols * sizeof *a);
    lapack_int info = LAPACKE_dgeev_work(LAPACK_COL_MAJOR, 'N', 'N', n, a, n, wr, wi, NULL, 1, NULL,
                                         1, work, lwork);
    if (info != 0) {
        fprintf(stderr, "lq_scaling: LAPACKE_dgeev: info = %d\n", (int)info);
        exit(3);
    }
}

/* Runs `step` at least `reps` times and for at least opts->min_time seconds in total; median
 * seconds per run. */
#define TIME_MEDIAN(opts, reps, out_median, out_reps, step)                                        \
    do {                                                                                           \
        size_t k_ = 0;                                                                             \
        double total_ = 0.0;                                                                       \
        while (k_ < MAX_REPS && (k_ < (reps) || total_ < (opts)->min_time)) {                      \
            double t0_ = now();                                                                    \
            step;                                                                                  \
            times[k_] = now() - t0_;                                                               \
            total_ += times[k_++];                                                                 \
        }                                                                                          \
        (out_median) = median(times, k_);                                                          \
        (out_reps) = k_;                                                                           \
    } while (0)

static void bench_dim(size_t d, const bench_opts *opts, const char *outdir, double *times)
{
    ganstab_case c;
    ganstab_error err;
    make_case(d, &c);
    size_t n;
    if (ganstab_case_dimension(&c, &n, &err) != GANSTAB_OK)
        fail("ganstab_case_dimension", &err);

    /* (a) the whole pipeline */
    double t_analyze, t_jac, t_geevx, t_geev;
    size_t r_analyze, r_jac, r_geevx, r_geev;
    const char *verdict = "";
    TIME_MEDIAN(opts, opts->min_reps_analyze, t_analyze, r_analyze, {
        ganstab_result *r = NULL;
        if (ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err) != GANSTAB_OK)
            fail("ganstab_analyze", &err);
        verdict = ganstab_verdict_name(r->verdict);
        ganstab_result_free(r);
    });

    /* (b) Jacobian assembly */
    ganstab_matrix *J = ganstab_matrix_alloc(n, n);
    double *x = malloc(n * sizeof *x), *v = malloc(n * sizeof *v);
    double *a = malloc(n * n * sizeof *a), *wr = malloc(n * sizeof *wr);
    double *wi = malloc(n * sizeof *wi);
    ganstab_eigenvalue *ev = malloc(n * sizeof *ev);
    ganstab_eigen_workspace *w = ganstab_eigen_alloc(n);
    if (J == NULL || x == NULL || v == NULL || a == NULL || wr == NULL || wi == NULL ||
        ev == NULL || w == NULL) {
        fprintf(stderr, "lq_scaling: out of memory\n");
        exit(3);
    }
    TIME_MEDIAN(opts, opts->min_reps, t_jac, r_jac, assemble_jacobian(&c, n, x, v, J));

    /* (b') the finite-difference check of J, where analyze runs it */
    double t_fd = NAN;
    size_t r_fd = 0;
    if (fd_jacobian(&c, x, a))
        TIME_MEDIAN(opts, opts->min_reps, t_fd, r_fd, fd_jacobian(&c, x, a));

    /* (c) the eigenvalue step as analyze does it (workspace allocated once, outside the timing) */
    TIME_MEDIAN(opts, opts->min_reps, t_geevx, r_geevx, {
        if (ganstab_eigen_compute(J, ev, w, &err) != GANSTAB_OK)
            fail("ganstab_eigen_compute", &err);
    });

    /* (c') plain eigenvalues; workspace size from dgeev's query, once */
    lapack_int ln = (lapack_int)n;
    double wq = 0.0;
    if (LAPACKE_dgeev_work(LAPACK_COL_MAJOR, 'N', 'N', ln, a, ln, wr, wi, NULL, 1, NULL, 1, &wq,
                           -1) != 0) {
        fprintf(stderr, "lq_scaling: LAPACKE_dgeev workspace query failed\n");
        exit(3);
    }
    lapack_int lwork = (lapack_int)wq;
    double *work = malloc((size_t)lwork * sizeof *work);
    if (work == NULL) {
        fprintf(stderr, "lq_scaling: out of memory\n");
        exit(3);
    }
    TIME_MEDIAN(opts, opts->min_reps, t_geev, r_geev, plain_eigenvalues(J, a, wr, wi, work, lwork));

    FILE *f = open_out(outdir, "J", d);
    put_u64(f, (uint64_t)n);
    for (size_t i = 0; i < n * n; i++)
        put_double(f, J->data[i]);
    close_out(f);
    f = open_out(outdir, "ev", d);
    put_u64(f, (uint64_t)n);
    for (size_t i = 0; i < n; i++) {
        put_double(f, wr[i]);
        put_double(f, wi[i]);
    }
    for (size_t i = 0; i < n; i++) {
        put_double(f, ev[i].re);
        put_double(f, ev[i].im);
    }
    close_out(f);

    printf("%zu\t%zu\t%.6e\t%.6e\t%.6e\t%.6e\t%.4f\t%.6e\t%zu\t%zu\t%zu\t%zu\t%zu\t%s\n", d, n,
           t_analyze, t_jac, t_geevx, t_geev, t_jac / t_analyze, t_fd, r_analyze, r_jac, r_geevx,
           r_geev, r_fd, verdict);
    fflush(stdout);

    free(work);
    ganstab_eigen_free(w);
    free(ev);
    free(wi);
    free(wr);
    free(a);
    free(v);
    free(x);
    ganstab_matrix_free(J);
}

static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: lq_scaling [--out DIR] [--min-time S] [--min-reps N] [--min-reps-analyze N] "
            "[D...]\n"
            "       lq_scaling --default-dims\n"
            "  D: data dimensions of model lq (1..%d; default: --default-dims)\n"
            "  --out DIR             where J_d<D>.bin and ev_d<D>.bin go (default bench/out)\n"
            "  --min-time S          repeat each measurement for at least S s (default 0.2)\n"
            "  --min-reps N          and at least N times (default 5); the median is reported\n"
            "  --min-reps-analyze N  at least N runs of the whole analyze (default 3)\n",
            GANSTAB_LQ_MAX_DIM);
}

int main(int argc, char **argv)
{
    bench_opts opts = {0.2, 5, 3};
    const char *outdir = "bench/out";
    size_t dims[64], ndims = 0;
    for (int i = 1; i < argc; i++) {
        double val;
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            outdir = argv[++i];
        } else if (strcmp(argv[i], "--min-time") == 0 && i + 1 < argc &&
                   parse_number(argv[i + 1], &val) == 0 && val >= 0.0) {
            opts.min_time = val;
            i++;
        } else if ((strcmp(argv[i], "--min-reps") == 0 ||
                    strcmp(argv[i], "--min-reps-analyze") == 0) &&
                   i + 1 < argc && parse_number(argv[i + 1], &val) == 0 && val >= 1.0 &&
                   val <= MAX_REPS && val == floor(val)) {
            *(strcmp(argv[i], "--min-reps") == 0 ? &opts.min_reps : &opts.min_reps_analyze) =
                (size_t)val;
            i++;
        } else if (strcmp(argv[i], "--default-dims") == 0) {
            for (size_t k = 0; k < sizeof default_dims / sizeof default_dims[0]; k++)
                printf("%s%zu", k > 0 ? " " : "", default_dims[k]);
            printf("\n");
            return 0;
        } else if (parse_number(argv[i], &val) == 0 && val >= 1.0 && val <= GANSTAB_LQ_MAX_DIM &&
                   val == floor(val) && ndims < sizeof dims / sizeof dims[0]) {
            dims[ndims++] = (size_t)val;
        } else {
            fprintf(stderr, "lq_scaling: bad argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (ndims == 0) {
        ndims = sizeof default_dims / sizeof default_dims[0];
        memcpy(dims, default_dims, sizeof default_dims);
    }
    double *times = malloc(MAX_REPS * sizeof *times);
    if (times == NULL)
        return 3;
    printf("d\tn\tt_analyze\tt_jacobian\tt_eig_dgeevx\tt_eig_dgeev\tjacobian_share\t"
           "t_fd_check\treps_analyze\treps_jacobian\treps_dgeevx\treps_dgeev\treps_fd_check\t"
           "verdict\n");
    fflush(stdout);
    for (size_t i = 0; i < ndims; i++)
        bench_dim(dims[i], &opts, outdir, times);
    free(times);
    return 0;
}

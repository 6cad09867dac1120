#include "ganstab/eigen.h"

#include <float.h>
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ganstab_eigen_workspace {
    size_t n;
    double *a, *wr, *wi, *vl, *vr, *scale, *rconde, *rcondv, *work;
    lapack_int *iwork;
    lapack_int lwork;
};

ganstab_eigen_workspace *ganstab_eigen_alloc(size_t n)
{
    if (n == 0 || n > GANSTAB_EIGEN_MAX_DIM)
        return NULL;
    ganstab_eigen_workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    /* dgeevx with sense = 'E' and jobvl = jobvr = 'V' needs lwork >= n*(n+6)
       (LAPACK dgeevx documentation); we add slack for the blocked Hessenberg code. */
    w->lwork = (lapack_int)(n * (n + 6) + 64 * n);
    w->a = malloc(n * n * sizeof(double));
    w->vl = malloc(n * n * sizeof(double));
    w->vr = malloc(n * n * sizeof(double));
    w->wr = malloc(n * sizeof(double));
    w->wi = malloc(n * sizeof(double));
    w->scale = malloc(n * sizeof(double));
    w->rconde = malloc(n * sizeof(double));
    w->rcondv = malloc(n * sizeof(double));
    w->work = malloc((size_t)w->lwork * sizeof(double));
    w->iwork = malloc((2 * n + 2) * sizeof(lapack_int));
    if (!w->a || !w->vl || !w->vr || !w->wr || !w->wi || !w->scale || !w->rconde || !w->rcondv ||
        !w->work || !w->iwork) {
        ganstab_eigen_free(w);
        return NULL;
    }
    return w;
}

void ganstab_eigen_free(ganstab_eigen_workspace *w)
{
    if (w == NULL)
        return;
    free(w->a);
    free(w->vl);
    free(w->vr);
    free(w->wr);
    free(w->wi);
    free(w->scale);
    free(w->rconde);
    free(w->rcondv);
    free(w->work);
    free(w->iwork);
    free(w);
}

static int eigen_order(const ganstab_eigenvalue *x, const ganstab_eigenvalue *y)
{
    if (x->re != y->re)
        return x->re > y->re ? -1 : 1;
    /* Equal real parts (e.g. several pairs on the imaginary axis): keep each conjugate pair
       together, larger |im| first, then +im before -im. */
    if (fabs(x->im) != fabs(y->im))
        return fabs(x->im) > fabs(y->im) ? -1 : 1;
    if (x->im != y->im)
        return x->im > y->im ? -1 : 1;
    return 0;
}

static int eigen_cmp(const void *a, const void *b)
{
    return eigen_order(a, b);
}

static double holder_estimate(double norm, size_t m)
{
    return GANSTAB_EIGEN_HOLDER_FACTOR * norm * pow(DBL_EPSILON, 1.0 / (double)m);
}

/* Numerically multiple eigenvalues. Two eigenvalues are linked when their first-order bounds
 * overlap (|l_i - l_j| <= b_i + b_j), or when they are closer than the Hoelder estimate for a
 * double eigenvalue: a defective double eigenvalue whose matrix entries carry a few ulps of
 * error (quadrature, products of sub-steps) splits by ~sqrt(ulps) -- more than LAPACK's
 * first-order bound, which only accounts for the solver's own backward error. Each cluster of
 * size m >= 2 gets the Hoelder estimate for m, except a cluster of well-conditioned members
 * (every first-order bound below it and linked by overlap only: e.g. a multiple eigenvalue of a
 * normal matrix), which keeps LAPACK's bounds. `label` is scratch space for n ints. */
static void holder_bounds(ganstab_eigenvalue *ev, size_t n, double norm, lapack_int *label)
{
    double near2 = holder_estimate(norm, 2);
    int *by_proximity = calloc(n, sizeof *by_proximity);
    if (by_proximity == NULL)
        return; /* keep the first-order bounds */
    for (size_t i = 0; i < n; i++)
        label[i] = (lapack_int)i;
    /* n is small (a few dozen at most): relabel quadratically until nothing changes. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++) {
                double d = hypot(ev[i].re - ev[j].re, ev[i].im - ev[j].im);
                int overlap = d <= ev[i].error_bound + ev[j].error_bound;
                if (!overlap && d <= near2)
                    by_proximity[i] = by_proximity[j] = 1;
                if ((overlap || d <= near2) && label[i] != label[j]) {
                    lapack_int lo = label[i] < label[j] ? label[i] : label[j];
                    label[i] = label[j] = lo;
                    changed = 1;
                }
            }
    }
    for (size_t i = 0; i < n; i++) {
        size_t m = 0;
        int ill = 0;
        for (size_t j = 0; j < n; j++)
            if (label[j] == label[i]) {
                m++;
                ill |= by_proximity[j];
            }
        if (m < 2)
            continue;
        double holder = holder_estimate(norm, m);
        for (size_t j = 0; j < n; j++)
            if (label[j] == label[i] && ev[j].error_bound >= holder)
                ill = 1;
        if (ill)
            ev[i].error_bound = holder;
    }
    free(by_proximity);
}

int ganstab_eigen_compute(const ganstab_matrix *a, ganstab_eigenvalue *out,
                          ganstab_eigen_workspace *w, ganstab_error *err)
{
    if (a->rows != a->cols || a->rows != w->n)
        return ganstab_error_set(err, GANSTAB_EINVAL, "eigen", "matrix is %zux%zu, workspace %zu",
                                 a->rows, a->cols, w->n);
    size_t bi = 0, bj = 0;
    if (!ganstab_matrix_all_finite(a, &bi, &bj))
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "eigen",
                                 "matrix entry (%zu,%zu) is not finite (%g)", bi + 1, bj + 1,
                                 ganstab_matrix_get(a, bi, bj));
    size_t n = w->n;
    /* dgeevx overwrites its input: work on a copy. */
    memcpy(w->a, a->data, n * n * sizeof(double));
    lapack_int ilo = 0, ihi = 0, ln = (lapack_int)n;
    double abnrm = 0.0;
    lapack_int info = LAPACKE_dgeevx_work(LAPACK_COL_MAJOR, 'B', 'V', 'V', 'E', ln, w->a, ln, w->wr,
                                          w->wi, w->vl, ln, w->vr, ln, &ilo, &ihi, w->scale, &abnrm,
                                          w->rconde, w->rcondv, w->work, w->lwork, w->iwork);
    if (info != 0)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "eigen: LAPACKE_dgeevx",
                                 info > 0 ? "QR algorithm failed to converge (info = %d)"
                                          : "illegal argument (info = %d)",
                                 (int)info);
    for (size_t i = 0; i < n; i++) {
        out[i].re = w->wr[i];
        out[i].im = w->wi[i];
        out[i].abs = hypot(w->wr[i], w->wi[i]);
        out[i].error_bound = w->rconde[i] > 0.0 ? DBL_EPSILON * abnrm / w->rconde[i] : INFINITY;
        if (!isfinite(out[i].re) || !isfinite(out[i].im))
            return ganstab_error_set(err, GANSTAB_ENUMERIC, "eigen: LAPACKE_dgeevx",
                                     "eigenvalue %zu is not finite", i + 1);
    }
    qsort(out, n, sizeof *out, eigen_cmp);
    holder_bounds(out, n, abnrm, w->iwork);
    return GANSTAB_OK;
}

int ganstab_eigen_compute_alloc(const ganstab_matrix *a, ganstab_eigenvalue *out,
                                ganstab_error *err)
{
    if (a->rows != a->cols)
        return ganstab_error_set(err, GANSTAB_EINVAL, "eigen", "matrix is not square");
    ganstab_eigen_workspace *w = ganstab_eigen_alloc(a->rows);
    if (w == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "eigen", "out of memory");
    int rc = ganstab_eigen_compute(a, out, w, err);
    ganstab_eigen_free(w);
    return rc;
}

double ganstab_spectral_abscissa(const ganstab_eigenvalue *ev, size_t n)
{
    double s = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (ev[i].re > s)
            s = ev[i].re;
    return s;
}

double ganstab_spectral_radius(const ganstab_eigenvalue *ev, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].abs > s)
            s = ev[i].abs;
    return s;
}

size_t ganstab_eigen_count_complex(const ganstab_eigenvalue *ev, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (ev[i].im != 0.0)
            c++;
    return c;
}

/* Eigenvalues of a real square matrix with per-eigenvalue error bounds, from LAPACK's
 * expert driver dgeevx (balancing, reciprocal condition numbers). The workspace is
 * caller-owned (ganstab_eigen_alloc/free); results go into a caller-provided array. */
#ifndef GANSTAB_EIGEN_H
#define GANSTAB_EIGEN_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/matrix.h"

typedef struct {
    double re;
    double im;
    double abs;         /* |lambda| = hypot(re, im) */
    double error_bound; /* eps * ||A_balanced||_1 / rcond_i (LAPACK Users' Guide, sec. 4.8.1),
                           or, for an eigenvalue in an ill-conditioned cluster of m (a
                           numerically multiple, possibly defective eigenvalue: see
                           holder_bounds in eigen.c), the Hoelder estimate
                           GANSTAB_EIGEN_HOLDER_FACTOR * ||A_balanced||_1 * eps^(1/m) */
} ganstab_eigenvalue;

/* A perturbation E moves an eigenvalue of algebraic multiplicity m (one Jordan block) by
 * O(|E|^(1/m) |A|^(1 - 1/m)) (Kato, Perturbation Theory, II.1.2; Wilkinson, The Algebraic
 * Eigenvalue Problem, 2.22), while the first-order bound eps |A| / rcond diverges there because
 * rcond -> 0. Backward-stable QR gives |E| ~ eps |A|; the factor 10 covers the constant for the
 * small m (<= 3) and O(1) Jordan off-diagonals of the systems analysed here. */
#define GANSTAB_EIGEN_HOLDER_FACTOR 10.0

typedef struct ganstab_eigen_workspace ganstab_eigen_workspace;

/* Largest supported dimension (dense O(n^3) eigen-solves beyond it are not what ganstab is for). */
#define GANSTAB_EIGEN_MAX_DIM 4096

/* Workspace for n-by-n problems; NULL when out of memory, n == 0 or n > GANSTAB_EIGEN_MAX_DIM. */
ganstab_eigen_workspace *ganstab_eigen_alloc(size_t n);
void ganstab_eigen_free(ganstab_eigen_workspace *w); /* accepts NULL */

/* Eigenvalues of the n-by-n matrix a (not modified) into out[0..n-1], sorted by decreasing
 * real part, then decreasing |imaginary part|, then +im before -im (conjugate pairs adjacent).
 * GANSTAB_ENUMERIC if a has a non-finite entry or LAPACK reports info != 0. */
int ganstab_eigen_compute(const ganstab_matrix *a, ganstab_eigenvalue *out,
                          ganstab_eigen_workspace *w, ganstab_error *err);

/* Convenience: allocates its own workspace. */
int ganstab_eigen_compute_alloc(const ganstab_matrix *a, ganstab_eigenvalue *out,
                                ganstab_error *err);

/* max Re(lambda_i) and max |lambda_i|. */
double ganstab_spectral_abscissa(const ganstab_eigenvalue *ev, size_t n);
double ganstab_spectral_radius(const ganstab_eigenvalue *ev, size_t n);

/* Number of eigenvalues with nonzero imaginary part (as returned by LAPACK: exactly 0 for
 * real eigenvalues, which dgeev returns with wi == 0). */
size_t ganstab_eigen_count_complex(const ganstab_eigenvalue *ev, size_t n);

#endif

/* Dense real matrices in column-major storage (LAPACK's layout): element (i, j) of an
 * m-by-n matrix is data[i + j*m]. The matrix owns `data`; ganstab_matrix_free releases both. */
#ifndef GANSTAB_MATRIX_H
#define GANSTAB_MATRIX_H

#include <stddef.h>

#include "ganstab/error.h"

typedef struct {
    size_t rows;
    size_t cols;
    double *data; /* rows*cols doubles, column-major, owned */
} ganstab_matrix;

/* A zero matrix; NULL when out of memory or a dimension is 0. Free with ganstab_matrix_free. */
ganstab_matrix *ganstab_matrix_alloc(size_t rows, size_t cols);
void ganstab_matrix_free(ganstab_matrix *m); /* accepts NULL */

static inline double ganstab_matrix_get(const ganstab_matrix *m, size_t i, size_t j)
{
    return m->data[i + j * m->rows];
}

static inline void ganstab_matrix_set(ganstab_matrix *m, size_t i, size_t j, double x)
{
    m->data[i + j * m->rows] = x;
}

void ganstab_matrix_set_identity(ganstab_matrix *m);
/* dst = src; dimensions must agree (GANSTAB_EINVAL otherwise). */
int ganstab_matrix_copy(const ganstab_matrix *src, ganstab_matrix *dst, ganstab_error *err);
/* c = a*b; c must not alias a or b; dimensions must agree. */
int ganstab_matrix_mul(const ganstab_matrix *a, const ganstab_matrix *b, ganstab_matrix *c,
                       ganstab_error *err);
/* 1 if every entry is finite, else 0; *bad_i, *bad_j (may be NULL) receive the first bad entry. */
int ganstab_matrix_all_finite(const ganstab_matrix *m, size_t *bad_i, size_t *bad_j);
/* max_ij |a_ij - b_ij| (dimensions must agree). */
double ganstab_matrix_max_abs_diff(const ganstab_matrix *a, const ganstab_matrix *b);

#endif

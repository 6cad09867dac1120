#include "ganstab/matrix.h"

#include <math.h>
#include <stdlib.h>

ganstab_matrix *ganstab_matrix_alloc(size_t rows, size_t cols)
{
    if (rows == 0 || cols == 0 || rows > ((size_t)-1) / sizeof(double) / cols)
        return NULL;
    ganstab_matrix *m = malloc(sizeof *m);
    if (m == NULL)
        return NULL;
    m->data = calloc(rows * cols, sizeof(double));
    if (m->data == NULL) {
        free(m);
        return NULL;
    }
    m->rows = rows;
    m->cols = cols;
    return m;
}

void ganstab_matrix_free(ganstab_matrix *m)
{
    if (m == NULL)
        return;
    free(m->data);
    free(m);
}

void ganstab_matrix_set_identity(ganstab_matrix *m)
{
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            ganstab_matrix_set(m, i, j, i == j ? 1.0 : 0.0);
}

int ganstab_matrix_copy(const ganstab_matrix *src, ganstab_matrix *dst, ganstab_error *err)
{
    if (src->rows != dst->rows || src->cols != dst->cols)
        return ganstab_error_set(err, GANSTAB_EINVAL, "matrix_copy", "dimension mismatch");
    for (size_t k = 0; k < src->rows * src->cols; k++)
        dst->data[k] = src->data[k];
    return GANSTAB_OK;
}

int ganstab_matrix_mul(const ganstab_matrix *a, const ganstab_matrix *b, ganstab_matrix *c,
                       ganstab_error *err)
{
    if (a->cols != b->rows || c->rows != a->rows || c->cols != b->cols)
        return ganstab_error_set(err, GANSTAB_EINVAL, "matrix_mul", "dimension mismatch");
    if (c == a || c == b)
        return ganstab_error_set(err, GANSTAB_EINVAL, "matrix_mul", "output aliases an input");
    for (size_t j = 0; j < c->cols; j++)
        for (size_t i = 0; i < c->rows; i++) {
            double s = 0.0;
            for (size_t k = 0; k < a->cols; k++)
                s += ganstab_matrix_get(a, i, k) * ganstab_matrix_get(b, k, j);
            ganstab_matrix_set(c, i, j, s);
        }
    return GANSTAB_OK;
}

int ganstab_matrix_all_finite(const ganstab_matrix *m, size_t *bad_i, size_t *bad_j)
{
    for (size_t j = 0; j < m->cols; j++)
        for (size_t i = 0; i < m->rows; i++)
            if (!isfinite(ganstab_matrix_get(m, i, j))) {
                if (bad_i != NULL)
                    *bad_i = i;
                if (bad_j != NULL)
                    *bad_j = j;
                return 0;
            }
    return 1;
}

double ganstab_matrix_max_abs_diff(const ganstab_matrix *a, const ganstab_matrix *b)
{
    double d = 0.0;
    for (size_t k = 0; k < a->rows * a->cols; k++) {
        double e = fabs(a->data[k] - b->data[k]);
        if (e > d || isnan(e))
            d = e;
    }
    return d;
}

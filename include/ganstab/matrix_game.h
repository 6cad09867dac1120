/* Model matrix: a game given by nothing but its Jacobian J at the equilibrium (computed
 * elsewhere, e.g. the Jacobian of a real network's field in Python), analysed as the linear field
 * v(x) = J x with equilibrium 0. Reads J from a CSV or NumPy .npy file. The caller owns every
 * array returned; the model owns its copy of J (release it with ganstab_model_free). */
#ifndef GANSTAB_MATRIX_GAME_H
#define GANSTAB_MATRIX_GAME_H

#include <stddef.h>

#include "ganstab/error.h"
#include "ganstab/model.h"

/* Largest n accepted: J then takes 20000^2 * 8 bytes = 3.2 GB, beyond which an n-by-n dgeev is
 * out of reach anyway. */
#define GANSTAB_MATRIX_GAME_MAX_N 20000
/* Longest CSV line (characters, without its newline): a row of GANSTAB_MATRIX_GAME_MAX_N numbers
 * written with 17 significant digits ("%.17g" or NumPy's "%.18e", ~25 characters) and a
 * separator. A longer line is an error, never read in pieces. */
#define GANSTAB_MATRIX_GAME_LINE_MAX (1L << 20)
/* Longest .npy header (NumPy writes 128 or a few multiples of 64 bytes). */
#define GANSTAB_MATRIX_GAME_NPY_HEADER_MAX 65536
/* Up to this n `ganstab analyze` cross-checks J x against central differences (n^2 derivatives
 * of an O(n^2) field: O(n^4)); above it the check is skipped and says so. */
#define GANSTAB_MATRIX_GAME_FD_MAX_N 64

/* Read the square matrix in `path` into *J (n-by-n, column-major, malloc'ed; the caller frees
 * it) and its order into *n. J may be NULL (the file is then only checked). A path ending in
 * ".npy" is a NumPy file (format 1.0, 2.0 or 3.0; dtype '<f8'; fortran_order True or False;
 * shape (n, n)); anything else is text: n lines of n numbers separated by commas and/or blanks,
 * blank lines and lines starting with '#' ignored. Every entry must be finite; 1 <= n <=
 * GANSTAB_MATRIX_GAME_MAX_N. Errors: GANSTAB_EIO (missing or unreadable file), GANSTAB_EINVAL
 * (bad content; where = "FILE:LINE" for text, "FILE" for .npy), GANSTAB_ENOMEM. */
int ganstab_matrix_game_read(const char *path, double **J, size_t *n, ganstab_error *err);

/* A matrix game from J (n-by-n, column-major; copied, finite): the field v(x) = J x, whose whole
 * Jacobian is its real-data term (GANSTAB_SIDE_REAL; the fake side adds nothing), equilibrium 0,
 * state names x1 ... xn, exact curvature 0, no gradient penalty (no discriminator function D).
 * n_g in 1..n-1: the first n_g components are the generator's; n_g = 0: no players given (the
 * model then has n_g = n, n_d = 0, like a field over `state` of model expr). *out is NULL on
 * failure. */
int ganstab_matrix_model_alloc(const double *J, size_t n, size_t n_g, ganstab_model **out,
                               ganstab_error *err);

/* 1 if m was made by ganstab_matrix_model_alloc. */
int ganstab_matrix_model_is(const ganstab_model *m);

#endif

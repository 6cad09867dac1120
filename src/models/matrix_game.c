/* Model matrix (matrix_game.h): the linear field v(x) = J x of a Jacobian read from a CSV or
 * NumPy .npy file. Every read is bounded: a text line by GANSTAB_MATRIX_GAME_LINE_MAX, the text
 * file by MATRIX_TEXT_MAX_BYTES, the .npy header by GANSTAB_MATRIX_GAME_NPY_HEADER_MAX and its
 * data by the shape the header declares (the file must hold exactly that many bytes). */
#define _POSIX_C_SOURCE 200809L

#include "ganstab/matrix_game.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Largest text file read: 64 bytes per entry of the largest matrix, more than twice what 17
 * significant digits and a separator take (so comments and padding fit too). */
#define MATRIX_TEXT_MAX_BYTES (64.0 * GANSTAB_MATRIX_GAME_MAX_N * GANSTAB_MATRIX_GAME_MAX_N)

/* How much of an offending word an error message quotes. */
#define MATRIX_QUOTE_MAX 40

/* ---- text ----------------------------------------------------------------------------------- */

typedef struct {
    FILE *fp;
    const char *path;
    long line;       /* number of the line last read (1-based) */
    double consumed; /* bytes read so far */
    char *buf;       /* GANSTAB_MATRIX_GAME_LINE_MAX + 1 bytes */
    size_t len;
    ganstab_error *err;
} text_reader;

/* Record an error at the reader's current line ("FILE:LINE"). */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
text_fail(const text_reader *t, int code, const char *fmt, ...)
{
    char where[GANSTAB_ERROR_WHERE_MAX];
    snprintf(where, sizeof where, "%s:%ld", t->path, t->line > 0 ? t->line : 1);
    char message[GANSTAB_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    return ganstab_error_set(t->err, code, where, "%s", message);
}

/* The next line into t->buf (without its newline and a final '\r'), NUL-terminated.
 * Returns 1 if a line was read, 0 at the end of the file, or a negative status. */
static int text_next_line(text_reader *t)
{
    int ch = getc(t->fp);
    if (ch == EOF)
        return ferror(t->fp) ? text_fail(t, GANSTAB_EIO, "cannot read the matrix file") : 0;
    t->line++;
    t->len = 0;
    while (ch != EOF && ch != '\n') {
        if (ch == '\0')
            return text_fail(t, GANSTAB_EINVAL, "NUL byte in the line (not a text file?)");
        if (t->len >= (size_t)GANSTAB_MATRIX_GAME_LINE_MAX)
            return text_fail(t, GANSTAB_EINVAL, "line longer than %ld characters",
                             (long)GANSTAB_MATRIX_GAME_LINE_MAX);
        t->buf[t->len++] = (char)ch;
        ch = getc(t->fp);
    }
    if (ch == EOF && ferror(t->fp))
        return text_fail(t, GANSTAB_EIO, "cannot read the matrix file");
    t->consumed += (double)t->len + 1.0;
    if (t->consumed > MATRIX_TEXT_MAX_BYTES)
        return text_fail(
            t, GANSTAB_EINVAL, "file longer than %.0f bytes (64 per entry of a %d-by-%d matrix)",
            MATRIX_TEXT_MAX_BYTES, GANSTAB_MATRIX_GAME_MAX_N, GANSTAB_MATRIX_GAME_MAX_N);
    if (t->len > 0 && t->buf[t->len - 1] == '\r')
        t->len--;
    t->buf[t->len] = '\0';
    return 1;
}

static int is_blank_char(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f' || ch == '\r';
}

/* The line's numbers into row[0..max); *count receives how many there were, up to max + 1 (so
 * "too many" is detectable without reading on). Separators: blanks, or one comma with optional
 * blanks around it. */
static int text_parse_row(const text_reader *t, double *row, size_t max, size_t *count)
{
    const char *p = t->buf;
    *count = 0;
    while (is_blank_char(*p))
        p++;
    for (;;) {
        if (*p == ',')
            return text_fail(t, GANSTAB_EINVAL,
                             "empty field before a comma (number %zu of the row)", *count + 1);
        if (*p == '\0')
            return text_fail(t, GANSTAB_EINVAL, "empty field after the last comma of the row");
        const char *start = p;
        while (*p != '\0' && *p != ',' && !is_blank_char(*p))
            p++;
        int wlen = (int)(p - start);
        int quoted = wlen < MATRIX_QUOTE_MAX ? wlen : MATRIX_QUOTE_MAX;
        const char *more = wlen > MATRIX_QUOTE_MAX ? "..." : "";
        char *end = NULL;
        double x = strtod(start, &end);
        if (end != p)
            return text_fail(t, GANSTAB_EINVAL, "'%.*s%s' is not a number (number %zu of the row)",
                             quoted, start, more, *count + 1);
        if (!isfinite(x))
            return text_fail(t, GANSTAB_EINVAL,
                             "'%.*s%s' is not a finite number (number %zu of the row)", quoted,
                             start, more, *count + 1);
        if (*count < max)
            row[*count] = x;
        (*count)++;
        if (*count > max)
            return GANSTAB_OK;
        while (is_blank_char(*p))
            p++;
        if (*p == '\0')
            return GANSTAB_OK;
        if (*p == ',') {
            p++;
            while (is_blank_char(*p))
                p++;
        }
    }
}

/* 1 if the line holds nothing to read (blank, or a '#' comment). */
static int text_skip_line(const char *s)
{
    while (is_blank_char(*s))
        s++;
    return *s == '\0' || *s == '#';
}

/* In-place transpose of an n-by-n matrix (row-major <-> column-major). */
static void transpose(double *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double tmp = a[i + j * n];
            a[i + j * n] = a[j + i * n];
            a[j + i * n] = tmp;
        }
}

/* The rows as they come, row-major, in a buffer grown by doubling up to n rows. */
static int read_text(FILE *fp, const char *path, double **out, size_t *n_out, ganstab_error *err)
{
    text_reader t = {fp, path, 0, 0.0, NULL, 0, err};
    t.buf = malloc((size_t)GANSTAB_MATRIX_GAME_LINE_MAX + 1);
    double *a = NULL;
    size_t n = 0, rows = 0, cap = 0;
    int rc = GANSTAB_OK;
    if (t.buf == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
    for (;;) {
        int got = text_next_line(&t);
        if (got <= 0) {
            rc = got;
            break;
        }
        if (text_skip_line(t.buf))
            continue;
        size_t count = 0;
        if (n == 0) { /* the first row: its length is n */
            a = malloc(((size_t)GANSTAB_MATRIX_GAME_MAX_N + 1) * sizeof *a);
            if (a == NULL) {
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
                break;
            }
            if ((rc = text_parse_row(&t, a, GANSTAB_MATRIX_GAME_MAX_N, &count)) != GANSTAB_OK)
                break;
            if (count > GANSTAB_MATRIX_GAME_MAX_N) {
                rc = text_fail(&t, GANSTAB_EINVAL,
                               "the first row has more than %d numbers (n is at most %d)",
                               GANSTAB_MATRIX_GAME_MAX_N, GANSTAB_MATRIX_GAME_MAX_N);
                break;
            }
            n = count;
            cap = n < 16 ? n : 16;
            double *shrunk = realloc(a, cap * n * sizeof *a);
            if (shrunk == NULL) {
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
                break;
            }
            a = shrunk;
            rows = 1;
            continue;
        }
        if (rows == n) {
            rc = text_fail(&t, GANSTAB_EINVAL,
                           "more than %zu rows: the first row has %zu numbers, so the square "
                           "matrix ended before this line",
                           n, n);
            break;
        }
        if (rows == cap) {
            size_t grown = cap * 2 < n ? cap * 2 : n;
            double *bigger = realloc(a, grown * n * sizeof *a);
            if (bigger == NULL) {
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
                break;
            }
            a = bigger;
            cap = grown;
        }
        if ((rc = text_parse_row(&t, a + rows * n, n, &count)) != GANSTAB_OK)
            break;
        if (count != n) {
            rc = count > n ? text_fail(&t, GANSTAB_EINVAL,
                                       "row %zu has more than %zu numbers, the first row's count "
                                       "(ragged rows)",
                                       rows + 1, n)
                           : text_fail(&t, GANSTAB_EINVAL,
                                       "row %zu has %zu numbers, the first row %zu (ragged rows)",
                                       rows + 1, count, n);
            break;
        }
        rows++;
    }
    if (rc == GANSTAB_OK && n == 0)
        rc = text_fail(&t, GANSTAB_EINVAL, "no numbers: the file holds no matrix (n = 0)");
    else if (rc == GANSTAB_OK && rows < n)
        rc = text_fail(&t, GANSTAB_EINVAL,
                       "only %zu rows, but the first row has %zu numbers: the matrix is not square",
                       rows, n);
    free(t.buf);
    if (rc != GANSTAB_OK) {
        free(a);
        return rc;
    }
    transpose(a, n);
    *out = a;
    *n_out = n;
    return GANSTAB_OK;
}

/* ---- .npy ----------------------------------------------------------------------------------- */

typedef struct {
    const char *p, *end;
} npy_cursor;

static void npy_skip_space(npy_cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* A Python string literal ('...' or "...", no escapes: NumPy writes none) into out. */
static int npy_string(npy_cursor *c, char *out, size_t size)
{
    if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
        return 0;
    char quote = *c->p++;
    size_t len = 0;
    while (c->p < c->end && *c->p != quote) {
        if (*c->p == '\\' || len + 1 >= size)
            return 0;
        out[len++] = *c->p++;
    }
    if (c->p >= c->end)
        return 0;
    c->p++;
    out[len] = '\0';
    return 1;
}

static int npy_word(npy_cursor *c, const char *word)
{
    size_t len = strlen(word);
    if ((size_t)(c->end - c->p) < len || strncmp(c->p, word, len) != 0)
        return 0;
    c->p += len;
    return 1;
}

/* A tuple of non-negative integers "(a, b, ...)": the first 8 kept (values above 10^12
 * saturate), their count in *ndims. */
static int npy_shape(npy_cursor *c, unsigned long long *dims, size_t *ndims)
{
    *ndims = 0;
    if (c->p >= c->end || *c->p != '(')
        return 0;
    c->p++;
    for (;;) {
        npy_skip_space(c);
        if (c->p < c->end && *c->p == ')') {
            c->p++;
            return 1;
        }
        if (c->p >= c->end || *c->p < '0' || *c->p > '9')
            return 0;
        unsigned long long v = 0;
        while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
            v = v > 1000000000000ull ? v : v * 10 + (unsigned long long)(*c->p - '0');
            c->p++;
        }
        if (c->p < c->end && *c->p == 'L') /* Python 2's long integers */
            c->p++;
        if (*ndims < 8)
            dims[*ndims] = v;
        (*ndims)++;
        npy_skip_space(c);
        if (c->p < c->end && *c->p == ',')
            c->p++;
        else if (!(c->p < c->end && *c->p == ')'))
            return 0;
    }
}

static uint64_t load_le(const unsigned char *b, size_t k)
{
    uint64_t v = 0;
    for (size_t i = k; i-- > 0;)
        v = (v << 8) | b[i];
    return v;
}

/* The header's dictionary {'descr': '<f8', 'fortran_order': BOOL, 'shape': (n, n)}. */
static int npy_header(const char *path, const char *header, size_t hlen, int *fortran, size_t *n,
                      ganstab_error *err)
{
    npy_cursor c = {header, header + hlen};
    char descr[32] = "", key[32];
    int have_descr = 0, have_shape = 0;
    unsigned long long dims[8] = {0};
    size_t ndims = 0;
    *fortran = -1;
    npy_skip_space(&c);
    if (c.p >= c.end || *c.p++ != '{')
        return ganstab_error_set(err, GANSTAB_EINVAL, path, "bad .npy header: not a dictionary");
    for (;;) {
        npy_skip_space(&c);
        if (c.p < c.end && *c.p == '}') {
            c.p++;
            break;
        }
        if (!npy_string(&c, key, sizeof key))
            return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                     "bad .npy header: expected a key at byte %td", c.p - header);
        npy_skip_space(&c);
        if (c.p >= c.end || *c.p++ != ':')
            return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                     "bad .npy header: expected ':' after '%s'", key);
        npy_skip_space(&c);
        if (strcmp(key, "descr") == 0) {
            if (!npy_string(&c, descr, sizeof descr))
                return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                         "dtype is not float64 ('<f8'); save "
                                         "J.astype(numpy.float64)");
            have_descr = 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            *fortran = npy_word(&c, "True") ? 1 : npy_word(&c, "False") ? 0 : -1;
            if (*fortran < 0)
                return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                         "bad .npy header: fortran_order is not True or False");
        } else if (strcmp(key, "shape") == 0) {
            if (!npy_shape(&c, dims, &ndims))
                return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                         "bad .npy header: shape is not a tuple of integers");
            have_shape = 1;
        } else {
            return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                     "bad .npy header: unexpected key '%s'", key);
        }
        npy_skip_space(&c);
        if (c.p < c.end && *c.p == ',')
            c.p++;
        else if (!(c.p < c.end && *c.p == '}'))
            return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                     "bad .npy header: expected ',' or '}' at byte %td",
                                     c.p - header);
    }
    npy_skip_space(&c);
    if (c.p != c.end || !have_descr || *fortran < 0 || !have_shape)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "bad .npy header: expected one dictionary of 'descr', "
                                 "'fortran_order' and 'shape'");
    if (strcmp(descr, ">f8") == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "dtype '>f8' (big-endian float64) is not read; save a "
                                 "little-endian array (J.astype('<f8'))");
    if (strcmp(descr, "<f8") != 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "dtype '%s' is not float64 ('<f8'); save J.astype(numpy.float64)",
                                 descr);
    if (ndims != 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "shape has %zu dimensions; a matrix has 2", ndims);
    if (dims[0] != dims[1])
        return ganstab_error_set(err, GANSTAB_EINVAL, path, "shape (%llu, %llu) is not square",
                                 dims[0], dims[1]);
    if (dims[0] == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "shape (0, 0): the file holds no matrix (n = 0)");
    if (dims[0] > GANSTAB_MATRIX_GAME_MAX_N)
        return ganstab_error_set(err, GANSTAB_EINVAL, path, "shape (%llu, %llu): n is at most %d",
                                 dims[0], dims[1], GANSTAB_MATRIX_GAME_MAX_N);
    *n = (size_t)dims[0];
    return GANSTAB_OK;
}

static int read_npy(FILE *fp, const char *path, const struct stat *st, double **out, size_t *n_out,
                    ganstab_error *err)
{
    unsigned char pre[12];
    if (fread(pre, 1, 10, fp) < 10 || memcmp(pre, "\x93NUMPY", 6) != 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "not a NumPy .npy file (it does not start with the magic string "
                                 "\\x93NUMPY)");
    unsigned major = pre[6], minor = pre[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "unsupported .npy format version %u.%u (1.0, 2.0 and 3.0 are "
                                 "read)",
                                 major, minor);
    size_t prefix = 10;
    uint64_t hlen = load_le(pre + 8, 2);
    if (major >= 2) {
        if (fread(pre + 10, 1, 2, fp) != 2)
            return ganstab_error_set(err, GANSTAB_EINVAL, path, "truncated .npy header");
        hlen = load_le(pre + 8, 4);
        prefix = 12;
    }
    if (hlen > GANSTAB_MATRIX_GAME_NPY_HEADER_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 ".npy header of %llu bytes (at most %d are read)",
                                 (unsigned long long)hlen, GANSTAB_MATRIX_GAME_NPY_HEADER_MAX);
    char *header = malloc((size_t)hlen + 1);
    if (header == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
    if (fread(header, 1, (size_t)hlen, fp) != (size_t)hlen) {
        free(header);
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "truncated .npy header (%llu bytes announced)",
                                 (unsigned long long)hlen);
    }
    header[hlen] = '\0';
    int fortran = 0;
    size_t n = 0;
    int rc = npy_header(path, header, (size_t)hlen, &fortran, &n, err);
    free(header);
    if (rc != GANSTAB_OK)
        return rc;
    size_t bytes = n * n * sizeof(double);
    double offset = (double)prefix + (double)hlen;
    if (S_ISREG(st->st_mode) && (double)st->st_size != offset + (double)bytes) {
        double have = (double)st->st_size - offset;
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "%s: %.0f bytes after the header, a %zu-by-%zu float64 array "
                                 "takes %zu",
                                 have < (double)bytes ? "truncated data" : "extra data", have, n, n,
                                 bytes);
    }
    double *a = malloc(bytes);
    if (a == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
    size_t got = fread(a, 1, bytes, fp);
    if (got != bytes || getc(fp) != EOF) {
        free(a);
        return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                 "%s: a %zu-by-%zu float64 array takes %zu bytes after the header",
                                 got != bytes ? "truncated data" : "extra data", n, n, bytes);
    }
    /* '<f8': little-endian IEEE doubles, decoded byte by byte whatever the host's order */
    unsigned char *raw = (unsigned char *)a;
    for (size_t k = 0; k < n * n; k++) {
        uint64_t bits = load_le(raw + 8 * k, 8);
        memcpy(&a[k], &bits, sizeof bits);
    }
    if (!fortran)
        transpose(a, n);
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            if (!isfinite(a[i + j * n])) {
                int nan = isnan(a[i + j * n]);
                free(a);
                return ganstab_error_set(err, GANSTAB_EINVAL, path,
                                         "entry (%zu, %zu) is %s, not a finite number", i + 1,
                                         j + 1, nan ? "NaN" : "infinite");
            }
    *out = a;
    *n_out = n;
    return GANSTAB_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && strcmp(s + ls - lx, suffix) == 0;
}

int ganstab_matrix_game_read(const char *path, double **J, size_t *n, ganstab_error *err)
{
    if (J != NULL)
        *J = NULL;
    *n = 0;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return ganstab_error_set(err, GANSTAB_EIO, path, "cannot open the matrix file: %s",
                                 strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || S_ISDIR(st.st_mode)) {
        int dir = S_ISDIR(st.st_mode);
        fclose(fp);
        return ganstab_error_set(err, GANSTAB_EIO, path, "cannot read the matrix file: %s",
                                 dir ? "it is a directory" : strerror(errno));
    }
    double *a = NULL;
    int rc = ends_with(path, ".npy") ? read_npy(fp, path, &st, &a, n, err)
                                     : read_text(fp, path, &a, n, err);
    fclose(fp);
    if (rc != GANSTAB_OK) {
        *n = 0;
        return rc;
    }
    if (J != NULL)
        *J = a;
    else
        free(a);
    return GANSTAB_OK;
}

/* ---- the model ------------------------------------------------------------------------------ */

typedef struct {
    size_t n;
    double *J;    /* n-by-n, column-major */
    char **names; /* n pointers into chars */
    char *chars;
} matrix_params;

/* v = J x on the real side; the fake side has no term (there is no data to split). */
static int matrix_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                       const double *shift, double *v, double *J, ganstab_error *err)
{
    if (side == GANSTAB_SIDE_FAKE)
        return GANSTAB_OK;
    if (shift != NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "model matrix has no data points to shift (instance noise)");
    const matrix_params *p = m->params;
    size_t n = p->n;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            v[i] += p->J[i + j * n] * x[j];
    if (J != NULL)
        for (size_t k = 0; k < n * n; k++)
            J[k] += p->J[k];
    return GANSTAB_OK;
}

static int matrix_penalty(const ganstab_model *m, ganstab_data_side side, const double *x,
                          double g0, double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)side;
    (void)x;
    (void)g0;
    (void)grad;
    (void)H;
    (void)kink;
    return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                             "model matrix has only the Jacobian J, no discriminator function "
                             "D(x), so gradient penalties are undefined");
}

static void matrix_equilibrium(const ganstab_model *m, double *x)
{
    const matrix_params *p = m->params;
    memset(x, 0, p->n * sizeof *x);
}

/* The field is linear: every second derivative, hence the curvature term, is exactly 0. */
static int matrix_curvature(const ganstab_model *m, const double *x, const double *w, double *C,
                            ganstab_error *err)
{
    (void)x;
    (void)w;
    (void)err;
    const matrix_params *p = m->params;
    memset(C, 0, p->n * p->n * sizeof *C);
    return GANSTAB_OK;
}

static void matrix_free_params(void *params)
{
    matrix_params *p = params;
    if (p == NULL)
        return;
    free(p->J);
    free(p->names);
    free(p->chars);
    free(p);
}

static const ganstab_model_ops MATRIX_OPS = {"matrix",           matrix_term,        matrix_penalty,
                                             matrix_equilibrium, matrix_free_params, NULL,
                                             matrix_curvature};

int ganstab_matrix_model_is(const ganstab_model *m)
{
    return m != NULL && m->ops == &MATRIX_OPS;
}

int ganstab_matrix_model_alloc(const double *J, size_t n, size_t n_g, ganstab_model **out,
                               ganstab_error *err)
{
    *out = NULL;
    if (n < 1 || n > GANSTAB_MATRIX_GAME_MAX_N)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model matrix",
                                 "n = %zu: expected 1 <= n <= %d", n, GANSTAB_MATRIX_GAME_MAX_N);
    if (n_g >= n) /* n_g = 0 (no players) passes: n >= 1 */
        return ganstab_error_set(err, GANSTAB_EINVAL, "model matrix",
                                 "generator_dim = %zu: expected 1..%zu (n - 1), or 0 for no "
                                 "players",
                                 n_g, n - 1);
    for (size_t k = 0; k < n * n; k++)
        if (!isfinite(J[k]))
            return ganstab_error_set(err, GANSTAB_EINVAL, "model matrix",
                                     "entry (%zu, %zu) of J is not a finite number", k % n + 1,
                                     k / n + 1);
    ganstab_model *m = calloc(1, sizeof *m);
    matrix_params *p = calloc(1, sizeof *p);
    /* "x" + up to 5 digits + NUL per name (n <= 20000) */
    const size_t name_max = 8;
    if (p != NULL) {
        p->n = n;
        p->J = malloc(n * n * sizeof *p->J);
        p->names = malloc(n * sizeof *p->names);
        p->chars = malloc(n * name_max);
    }
    if (m == NULL || p == NULL || p->J == NULL || p->names == NULL || p->chars == NULL) {
        free(m);
        matrix_free_params(p);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model matrix", "out of memory");
    }
    memcpy(p->J, J, n * n * sizeof *p->J);
    for (size_t i = 0; i < n; i++) {
        p->names[i] = p->chars + i * name_max;
        snprintf(p->names[i], name_max, "x%zu", i + 1);
    }
    m->ops = &MATRIX_OPS;
    m->n_g = n_g == 0 ? n : n_g;
    m->n_d = n - m->n_g;
    m->data_dim = 0;
    m->state_names = (const char *const *)p->names;
    m->loss = GANSTAB_LOSS_STANDARD;
    m->params = p;
    m->fd_unavailable = n > GANSTAB_MATRIX_GAME_FD_MAX_N
                            ? "model matrix with n > 64 (GANSTAB_MATRIX_GAME_FD_MAX_N): central "
                              "differences of the linear field "
                              "J x cost O(n^4) and could only reproduce J"
                            : NULL;
    *out = m;
    return GANSTAB_OK;
}

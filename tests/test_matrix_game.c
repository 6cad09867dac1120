/* Unit tests for src/models/matrix_game.c: the reader of CSV and .npy Jacobians (good files in
 * every accepted form, written here; every bad file with its code, location and message), the
 * matrix model (field J x, its Jacobian, names, curvature, bad arguments), and a case of model
 * matrix analysed end to end against the closed form of simgd on a rotation. */
#define _POSIX_C_SOURCE 200809L

#include "testutil.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/matrix_game.h"
#include "ganstab/regularizer.h"

/* Entries are read with strtod from their shortest decimal form or copied bit for bit from
 * .npy: exact. Field values are sums of n <= 3 products: a few ulps. */
#define FIELD_TOL 1e-15
/* Eigenvalues of a 2-by-2 update operator from LAPACK against the closed form 1 +- i h. */
#define EIGEN_TOL 1e-14

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ganstab-test-matrix-XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* dir/name with the given bytes; the path in a static buffer (one at a time). */
static const char *write_file(const char *name, const void *bytes, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    return path;
}

static const char *write_text(const char *name, const char *text)
{
    return write_file(name, text, strlen(text));
}

/* A .npy file: format major.0, the header dict padded to a multiple of 64 with '\n' last (as
 * NumPy writes it), then `count` doubles as little-endian bytes (or raw_len raw bytes). */
static const char *write_npy(const char *name, unsigned major, const char *dict, const double *data,
                             size_t count)
{
    unsigned char buf[4096];
    size_t prefix = major == 1 ? 10 : 12, dlen = strlen(dict);
    size_t hlen = ((prefix + dlen + 1 + 63) / 64) * 64 - prefix;
    assert_true(prefix + hlen + 8 * count <= sizeof buf);
    memcpy(buf, "\x93NUMPY", 6);
    buf[6] = (unsigned char)major;
    buf[7] = 0;
    for (size_t i = 0; i < prefix - 8; i++)
        buf[8 + i] = (unsigned char)((hlen >> (8 * i)) & 0xff);
    memcpy(buf + prefix, dict, dlen);
    memset(buf + prefix + dlen, ' ', hlen - dlen - 1);
    buf[prefix + hlen - 1] = '\n';
    unsigned char *p = buf + prefix + hlen;
    for (size_t k = 0; k < count; k++) {
        uint64_t bits;
        memcpy(&bits, &data[k], sizeof bits);
        for (size_t b = 0; b < 8; b++)
            *p++ = (unsigned char)((bits >> (8 * b)) & 0xff);
    }
    return write_file(name, buf, (size_t)(p - buf));
}

static void assert_matrix(const double *J, size_t n, const double *row_major)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            assert_true(J[i + j * n] == row_major[i * n + j]);
}

static void test_read_csv(void **state)
{
    (void)state;
    ganstab_error err;
    double *J = NULL;
    size_t n = 0;
    static const double two[] = {1.0, -2.5, 3e-3, 4.0};
    assert_int_equal(
        ganstab_matrix_game_read(write_text("comma.csv", "1,-2.5\n0.003,4\n"), &J, &n, &err),
        GANSTAB_OK);
    assert_int_equal(n, 2);
    assert_matrix(J, n, two);
    free(J);
    /* blanks and tabs, commas with blanks around them, CRLF, comments, blank lines (also at the
       end), no final newline */
    static const double three[] = {1, 2, 3, 4, 5, 6, 7, 8, 0.125};
    assert_int_equal(
        ganstab_matrix_game_read(write_text("blank.csv", "# J of a network\n  1 2\t 3\r\n\n4\t5 6\n"
                                                         "# row 3\n7 , 8 ,0.125\n\n  \n"),
                                 &J, &n, &err),
        GANSTAB_OK);
    assert_int_equal(n, 3);
    assert_matrix(J, n, three);
    free(J);
    assert_int_equal(ganstab_matrix_game_read(write_text("one.csv", "-7"), &J, &n, &err),
                     GANSTAB_OK);
    assert_int_equal(n, 1);
    assert_true(J[0] == -7.0);
    free(J);
    /* J may be NULL: the file is only checked */
    assert_int_equal(ganstab_matrix_game_read(write_text("c.csv", "1 2\n3 4\n"), NULL, &n, &err),
                     GANSTAB_OK);
    assert_int_equal(n, 2);
}

static void test_read_npy(void **state)
{
    (void)state;
    ganstab_error err;
    double *J = NULL;
    size_t n = 0;
    static const double rows[] = {1.0, -2.0, 3.5, 0.1, 5.0, 6.0, 7.0, 8.0, -9.25};
    static const double cols[] = {1.0, 0.1, 7.0, -2.0, 5.0, 8.0, 3.5, 6.0, -9.25};
    for (unsigned major = 1; major <= 3; major++) {
        assert_int_equal(
            ganstab_matrix_game_read(
                write_npy("c.npy", major,
                          "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", rows, 9),
                &J, &n, &err),
            GANSTAB_OK);
        assert_int_equal(n, 3);
        assert_matrix(J, n, rows);
        free(J);
        assert_int_equal(
            ganstab_matrix_game_read(
                write_npy("f.npy", major,
                          "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 3), }", cols, 9),
                &J, &n, &err),
            GANSTAB_OK);
        assert_int_equal(n, 3);
        assert_matrix(J, n, rows);
        free(J);
    }
}

typedef struct {
    const char *name;
    const char *text; /* CSV text; NULL: npy below */
    const char *npy_dict;
    unsigned npy_major;
    size_t npy_count; /* doubles after the header (shape may disagree) */
    int code;
    const char *where; /* suffix after the directory: "/name" or "/name:LINE" */
    const char *message;
} bad_file;

static const bad_file BAD[] = {
    {"ragged.csv", "1,2,3\n4,5\n7,8,9\n", NULL, 0, 0, GANSTAB_EINVAL, "/ragged.csv:2",
     "row 2 has 2 numbers, the first row 3 (ragged rows)"},
    {"ragged2.csv", "1 2\n3 4 5\n", NULL, 0, 0, GANSTAB_EINVAL, "/ragged2.csv:2",
     "row 2 has more than 2 numbers"},
    {"word.csv", "1,2\n3,four\n", NULL, 0, 0, GANSTAB_EINVAL, "/word.csv:2",
     "'four' is not a number (number 2 of the row)"},
    {"trail.csv", "1,2x\n3,4\n", NULL, 0, 0, GANSTAB_EINVAL, "/trail.csv:1",
     "'2x' is not a number"},
    {"nan.csv", "1,nan\n3,4\n", NULL, 0, 0, GANSTAB_EINVAL, "/nan.csv:1",
     "'nan' is not a finite number"},
    {"inf.csv", "1,2\n-inf,4\n", NULL, 0, 0, GANSTAB_EINVAL, "/inf.csv:2",
     "'-inf' is not a finite number"},
    {"huge.csv", "1,2\n3,1e999\n", NULL, 0, 0, GANSTAB_EINVAL, "/huge.csv:2",
     "'1e999' is not a finite number"},
    {"wide.csv", "1,2,3\n4,5,6\n", NULL, 0, 0, GANSTAB_EINVAL, "/wide.csv:2",
     "only 2 rows, but the first row has 3 numbers: the matrix is not square"},
    {"tall.csv", "1,2\n3,4\n5,6\n", NULL, 0, 0, GANSTAB_EINVAL, "/tall.csv:3", "more than 2 rows"},
    {"empty.csv", "", NULL, 0, 0, GANSTAB_EINVAL, "/empty.csv:1", "(n = 0)"},
    {"comments.csv", "# nothing\n\n", NULL, 0, 0, GANSTAB_EINVAL, "/comments.csv:2", "(n = 0)"},
    {"commas.csv", "1,,2\n", NULL, 0, 0, GANSTAB_EINVAL, "/commas.csv:1",
     "empty field before a comma (number 2 of the row)"},
    {"lastcomma.csv", "1,2,\n3,4\n", NULL, 0, 0, GANSTAB_EINVAL, "/lastcomma.csv:1",
     "empty field after the last comma"},
    {"bin.npy", "not numpy at all", NULL, 0, 0, GANSTAB_EINVAL, "/bin.npy",
     "not a NumPy .npy file"},
    {"v4.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", 4, 1,
     GANSTAB_EINVAL, "/v4.npy", "unsupported .npy format version 4.0"},
    {"nodict.npy", NULL, "['descr', '<f8']", 1, 1, GANSTAB_EINVAL, "/nodict.npy",
     "bad .npy header: not a dictionary"},
    {"nokey.npy", NULL, "{'descr': '<f8', 'shape': (1, 1), }", 1, 1, GANSTAB_EINVAL, "/nokey.npy",
     "bad .npy header: expected one dictionary"},
    {"extrakey.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'x': 1}", 1,
     1, GANSTAB_EINVAL, "/extrakey.npy", "unexpected key 'x'"},
    {"f4.npy", NULL, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", 1, 1,
     GANSTAB_EINVAL, "/f4.npy", "dtype '<f4' is not float64"},
    {"be.npy", NULL, "{'descr': '>f8', 'fortran_order': False, 'shape': (1, 1), }", 1, 1,
     GANSTAB_EINVAL, "/be.npy", "big-endian"},
    {"rect.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 1, 6,
     GANSTAB_EINVAL, "/rect.npy", "shape (2, 3) is not square"},
    {"vec.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", 1, 4,
     GANSTAB_EINVAL, "/vec.npy", "shape has 1 dimensions"},
    {"zero.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 0), }", 1, 0,
     GANSTAB_EINVAL, "/zero.npy", "(n = 0)"},
    {"big.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (20001, 20001), }", 1, 0,
     GANSTAB_EINVAL, "/big.npy", "n is at most 20000"},
    {"short.npy", NULL, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 1, 3,
     GANSTAB_EINVAL, "/short.npy", "truncated data: 24 bytes after the header"},
    {"long.npy", NULL, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", 1, 5,
     GANSTAB_EINVAL, "/long.npy", "extra data: 40 bytes after the header"},
    {"nan.npy", NULL, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", 1, 4,
     GANSTAB_EINVAL, "/nan.npy", "entry (2, 1) is NaN, not a finite number"},
};

static void test_read_bad(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++) {
        const bad_file *b = &BAD[k];
        const char *path;
        if (b->text != NULL) {
            path = write_text(b->name, b->text);
        } else {
            double data[8] = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0};
            if (strcmp(b->name, "nan.npy") == 0)
                data[2] = NAN; /* C order: entry (2, 1) */
            path = write_npy(b->name, b->npy_major, b->npy_dict, data, b->npy_count);
        }
        ganstab_error err;
        ganstab_error_clear(&err);
        double *J = (double *)&err; /* must come back NULL */
        size_t n = 99;
        int rc = ganstab_matrix_game_read(path, &J, &n, &err);
        char where[256];
        snprintf(where, sizeof where, "%s%s", dir, b->where);
        if (rc != b->code || strcmp(err.where, where) != 0 ||
            strstr(err.message, b->message) == NULL || J != NULL || n != 0)
            fail_msg("%s: rc %d (want %d), where '%s' (want '%s'), message '%s' (want '%s')",
                     b->name, rc, b->code, err.where, where, err.message, b->message);
        assert_error(rc, b->code, &err);
    }
}

/* Bounds: a line longer than GANSTAB_MATRIX_GAME_LINE_MAX, a first row of more than
 * GANSTAB_MATRIX_GAME_MAX_N numbers, a NUL byte; missing, directory and unreadable files. */
static void test_read_limits(void **state)
{
    (void)state;
    ganstab_error err;
    size_t n = 0, len = (size_t)GANSTAB_MATRIX_GAME_LINE_MAX + 10;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = i % 2 == 0 ? '1' : ' ';
    text[len] = '\0';
    int rc = ganstab_matrix_game_read(write_text("long.csv", text), NULL, &n, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.where, "/long.csv:1"));
    assert_non_null(strstr(err.message, "line longer than 1048576 characters"));
    text[2 * (GANSTAB_MATRIX_GAME_MAX_N + 1)] = '\0'; /* 20001 numbers */
    rc = ganstab_matrix_game_read(write_text("wide.csv", text), NULL, &n, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.where, "/wide.csv:1"));
    assert_non_null(strstr(err.message, "more than 20000 numbers"));
    free(text);
    rc = ganstab_matrix_game_read(write_file("nul.csv", "1 2\n3\0 4\n", 9), NULL, &n, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.where, "/nul.csv:2"));
    assert_non_null(strstr(err.message, "NUL byte"));

    char path[256];
    snprintf(path, sizeof path, "%s/missing.csv", dir);
    rc = ganstab_matrix_game_read(path, NULL, &n, &err);
    assert_error(rc, GANSTAB_EIO, &err);
    assert_string_equal(err.where, path);
    assert_non_null(strstr(err.message, "cannot open the matrix file"));
    rc = ganstab_matrix_game_read(dir, NULL, &n, &err);
    assert_error(rc, GANSTAB_EIO, &err);
    assert_non_null(strstr(err.message, "directory"));
    if (geteuid() != 0) { /* root reads it anyway */
        const char *p = write_text("secret.csv", "1\n");
        assert_int_equal(chmod(p, 0), 0);
        rc = ganstab_matrix_game_read(p, NULL, &n, &err);
        assert_error(rc, GANSTAB_EIO, &err);
        assert_non_null(strstr(err.message, "cannot open the matrix file"));
    }
}

static void test_model(void **state)
{
    (void)state;
    ganstab_error err;
    /* column-major 3-by-3 */
    static const double J[] = {0.5, -1.0, 2.0, 1.5, 0.0, -0.25, 3.0, 4.0, -5.0};
    ganstab_model *m = NULL;
    assert_int_equal(ganstab_matrix_model_alloc(J, 3, 1, &m, &err), GANSTAB_OK);
    assert_true(ganstab_matrix_model_is(m));
    assert_int_equal(m->n_g, 1);
    assert_int_equal(m->n_d, 2);
    assert_string_equal(m->ops->name, "matrix");
    assert_string_equal(m->state_names[0], "x1");
    assert_string_equal(m->state_names[2], "x3");
    assert_null(m->fd_unavailable);
    double x[3], v[3], Jv[9], C[9];
    m->ops->equilibrium(m, x);
    for (size_t i = 0; i < 3; i++)
        assert_true(x[i] == 0.0);
    ganstab_regularizer reg;
    assert_int_equal(ganstab_regularizer_init(&reg, GANSTAB_REG_NONE, 0, 0, 1, 0, &err),
                     GANSTAB_OK);
    const double y[3] = {0.3, -1.1, 2.0};
    assert_int_equal(ganstab_field_eval(m, &reg, y, v, Jv, &err), GANSTAB_OK);
    for (size_t i = 0; i < 3; i++) {
        double want = J[i] * y[0] + J[i + 3] * y[1] + J[i + 6] * y[2];
        assert_close(v[i], want, FIELD_TOL);
    }
    for (size_t k = 0; k < 9; k++)
        assert_true(Jv[k] == J[k]);
    const double w[3] = {1.0, 2.0, 3.0};
    assert_int_equal(m->ops->curvature(m, y, w, C, &err), GANSTAB_OK);
    for (size_t k = 0; k < 9; k++)
        assert_true(C[k] == 0.0);
    double grad[3] = {0};
    assert_error(m->ops->penalty(m, GANSTAB_SIDE_REAL, y, 0.0, grad, NULL, NULL, &err),
                 GANSTAB_EINVAL, &err);
    ganstab_model_free(m);
    /* n_g = 0: no players */
    assert_int_equal(ganstab_matrix_model_alloc(J, 3, 0, &m, &err), GANSTAB_OK);
    assert_int_equal(m->n_g, 3);
    assert_int_equal(m->n_d, 0);
    ganstab_model_free(m);
    /* bad arguments */
    assert_error(ganstab_matrix_model_alloc(J, 3, 3, &m, &err), GANSTAB_EINVAL, &err);
    assert_null(m);
    assert_error(ganstab_matrix_model_alloc(J, 0, 0, &m, &err), GANSTAB_EINVAL, &err);
    double bad[4] = {1.0, NAN, 0.0, 1.0};
    assert_error(ganstab_matrix_model_alloc(bad, 2, 1, &m, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "entry (2, 1)"));
    /* above GANSTAB_MATRIX_GAME_FD_MAX_N the finite-difference check is skipped, with a reason */
    size_t big = GANSTAB_MATRIX_GAME_FD_MAX_N + 1;
    double *I = calloc(big * big, sizeof *I);
    assert_non_null(I);
    assert_int_equal(ganstab_matrix_model_alloc(I, big, 0, &m, &err), GANSTAB_OK);
    assert_non_null(m->fd_unavailable);
    ganstab_model_free(m);
    free(I);
    ganstab_model_free(NULL);
}

/* A case of model matrix, the path relative to the case file's directory: simgd on the rotation
 * J = [[0, -1], [1, 0]] has the operator I + hJ with eigenvalues 1 +- i h (unstable). */
static void test_case(void **state)
{
    (void)state;
    write_text("rot.csv", "0, -1\n1, 0\n");
    char file[256];
    snprintf(file, sizeof file, "%s/rot.ini", dir);
    ganstab_case c;
    ganstab_case_init(&c, file);
    ganstab_error err;
    assert_int_equal(ganstab_case_set(&c, "case", "model", "matrix", "t:1", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_set(&c, "model", "jacobian", "rot.csv", "t:2", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_set(&c, "update", "scheme", "simgd", "t:3", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_set(&c, "update", "h", "0.5", "t:4", &err), GANSTAB_OK);
    ganstab_result *r = NULL;
    assert_int_equal(ganstab_analyze(&c, 1e-10, &r, &err), GANSTAB_OK);
    assert_int_equal(r->n, 2);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_UNSTABLE);
    for (size_t i = 0; i < 2; i++) {
        assert_close(r->eigenvalues[i].re, 1.0, EIGEN_TOL);
        assert_close(fabs(r->eigenvalues[i].im), 0.5, EIGEN_TOL);
    }
    ganstab_result_free(r);
    size_t n = 0;
    assert_int_equal(ganstab_case_dimension(&c, &n, &err), GANSTAB_OK);
    assert_int_equal(n, 2);
    /* players needed, none given; generator_dim beyond n - 1; gradient penalty; loss */
    ganstab_case d = c;
    assert_int_equal(ganstab_case_set(&d, "update", "scheme", "altgd", "t:5", &err), GANSTAB_OK);
    assert_error(ganstab_case_validate(&d, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "t:5");
    assert_non_null(strstr(err.message, "model.generator_dim"));
    assert_int_equal(ganstab_case_set(&d, "model", "generator_dim", "1", "t:6", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_validate(&d, &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_set(&d, "model", "generator_dim", "2", "t:6", &err), GANSTAB_OK);
    assert_error(ganstab_case_validate(&d, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "t:6");
    assert_error(ganstab_case_set(&d, "model", "generator_dim", "0", "t:6", &err), GANSTAB_EINVAL,
                 &err);
    d = c;
    assert_int_equal(ganstab_case_set(&d, "regularizer", "kind", "r1", "t:7", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_set(&d, "regularizer", "gamma", "1", "t:8", &err), GANSTAB_OK);
    assert_error(ganstab_case_validate(&d, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "t:7");
    d = c;
    assert_int_equal(ganstab_case_set(&d, "case", "loss", "wgan", "t:9", &err), GANSTAB_OK);
    assert_error(ganstab_case_validate(&d, &err), GANSTAB_EINVAL, &err);
    /* a bad file fails validation with its own location */
    d = c;
    write_text("bad.csv", "0 1\n2\n");
    assert_int_equal(ganstab_case_set(&d, "model", "jacobian", "bad.csv", "t:2", &err), GANSTAB_OK);
    assert_error(ganstab_case_validate(&d, &err), GANSTAB_EINVAL, &err);
    char where[256];
    snprintf(where, sizeof where, "%s/bad.csv:2", dir);
    assert_string_equal(err.where, where);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_csv), cmocka_unit_test(test_read_npy),
        cmocka_unit_test(test_read_bad), cmocka_unit_test(test_read_limits),
        cmocka_unit_test(test_model),    cmocka_unit_test(test_case),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

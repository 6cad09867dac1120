/* libFuzzer target of the matrix reader of model matrix (matrix_game.h): the first byte picks the
 * format (even: CSV text, odd: NumPy .npy), the rest is the file. Whatever the bytes, the reader
 * returns a status, fills an error record on failure, and on success a finite n-by-n matrix;
 * AddressSanitizer and UBSan watch every read. Built and run by `make fuzz`. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ganstab/matrix_game.h"

static char csv_path[64], npy_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char dir[] = "/tmp/ganstab-fuzz.XXXXXX";
    if (mkdtemp(dir) == NULL)
        abort();
    snprintf(csv_path, sizeof csv_path, "%s/J.csv", dir);
    snprintf(npy_path, sizeof npy_path, "%s/J.npy", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *path = (data[0] & 1) ? npy_path : csv_path;
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        abort();
    if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1)
        abort();
    fclose(f);
    double *J = NULL;
    size_t n = 0;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_matrix_game_read(path, &J, &n, &err);
    if (rc == GANSTAB_OK) {
        if (J == NULL || n == 0)
            abort();
        for (size_t i = 0; i < n * n; i++)
            if (!isfinite(J[i]))
                abort();
    } else if (err.code != rc || err.message[0] == '\0') {
        abort();
    }
    free(J);
    return 0;
}

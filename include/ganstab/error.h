/* ganstab error handling: status codes and a caller-owned error record.
 * Every library function returns an int status (GANSTAB_OK or a negative code) and fills a
 * ganstab_error the caller provides; the library never prints, exits or aborts. */
#ifndef GANSTAB_ERROR_H
#define GANSTAB_ERROR_H

#include <stddef.h>

enum {
    GANSTAB_OK = 0,
    GANSTAB_EINVAL = -1,   /* bad input: case file, value, option (CLI exit code 2) */
    GANSTAB_EIO = -2,      /* file cannot be read or written (CLI exit code 2) */
    GANSTAB_ENUMERIC = -3, /* non-finite value, LAPACK info != 0, root finder failure (exit 3) */
    GANSTAB_ENOMEM = -4    /* allocation failed (exit 3) */
};

#define GANSTAB_ERROR_WHERE_MAX 512
#define GANSTAB_ERROR_MESSAGE_MAX 1024

/* `where` is the location the user can act on ("cases/x.ini:12", "--set update.h",
 * "eigen: LAPACKE_dgeevx"); `message` says what is wrong there. Plain arrays: no ownership. */
typedef struct {
    int code;
    char where[GANSTAB_ERROR_WHERE_MAX];
    char message[GANSTAB_ERROR_MESSAGE_MAX];
} ganstab_error;

/* Clear an error record (code GANSTAB_OK, empty strings). Accepts NULL. */
void ganstab_error_clear(ganstab_error *err);

/* Fill err (if not NULL) and return code, so callers can write `return ganstab_error_set(...)`. */
int ganstab_error_set(ganstab_error *err, int code, const char *where, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Replace err->where (e.g. when a lower layer did not know the file and line). */
void ganstab_error_set_where(ganstab_error *err, const char *where);

/* A short name for a status code ("bad input", "numerical failure", ...). Static storage. */
const char *ganstab_strerror(int code);

#endif

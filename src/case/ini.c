/* Case files: INI parsed by inih through a line reader of our own, so that every error names
 * the line it is on (inih's handler does not get the line number) and so that what inih would
 * silently accept or split (unknown sections, repeated keys, over-long lines) is refused. */
#define _POSIX_C_SOURCE 200809L

#include "ganstab/case.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* inih keeps section and key names in 50-byte buffers (MAX_SECTION, MAX_NAME); longer ones
 * arrive truncated, so this is enough to remember every name it can hand us. */
#define CASE_NAME_MAX 64

typedef struct {
    char section[CASE_NAME_MAX];
    char key[CASE_NAME_MAX];
    long line;
} case_key_seen;

typedef struct {
    FILE *fp;
    const char *path;
    ganstab_case *c;
    ganstab_error *err;
    int failed; /* the first error's code (err holds it); reading stops */
    long line;  /* number of the line last handed to inih */
    char *buf;  /* getline buffer */
    size_t bufsize;
    case_key_seen *seen;
    size_t nseen, capseen;
} case_reader;

/* Record the first error, located at the current line. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
reader_fail(case_reader *rd, int code, const char *fmt, ...)
{
    char where[GANSTAB_ERROR_WHERE_MAX];
    snprintf(where, sizeof where, "%s:%ld", rd->path, rd->line);
    char message[GANSTAB_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    ganstab_error_set(rd->err, code, where, "%s", message);
    rd->failed = code;
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

/* A "[name]" header: check the section exists. Extraction mirrors inih (text between '[' and
 * the first ']', not trimmed); a header without ']' is left to inih's syntax error. */
static void check_section_header(case_reader *rd, const char *start)
{
    const char *close = strchr(start + 1, ']');
    if (close == NULL)
        return;
    size_t len = (size_t)(close - (start + 1));
    char name[GANSTAB_CASE_LINE_MAX + 1];
    memcpy(name, start + 1, len);
    name[len] = '\0';
    if (!ganstab_case_section_known(name)) {
        reader_fail(rd, GANSTAB_EINVAL,
                    "unknown section [%s] (known: [case], [regularizer], [update], [model], "
                    "[critical], [table1], [simulate], [placements], [sweep], [map], "
                    "[optimize])",
                    name);
        return;
    }
    /* inih ignores whatever follows ']'; "[update] h = 0.1" would silently drop the key. */
    const char *rest = close + 1;
    while (is_blank(*rest))
        rest++;
    if (*rest != '\0' && *rest != ';' && *rest != '#')
        reader_fail(rd, GANSTAB_EINVAL, "unexpected text '%s' after section header [%s]", rest,
                    name);
}

/* fgets-like reader handed to ini_parse_stream: one physical line per call, counted. Leading
 * blanks are removed so that inih's multi-line continuation (an indented line continues the
 * previous value) never applies: an indented "key = value" is just a key. */
static char *case_read_line(char *str, int num, void *stream)
{
    case_reader *rd = stream;
    if (rd->failed)
        return NULL;
    errno = 0;
    ssize_t got = getline(&rd->buf, &rd->bufsize, rd->fp);
    if (got < 0) {
        if (ferror(rd->fp)) {
            ganstab_error_set(rd->err, GANSTAB_EIO, rd->path, "cannot read: %s",
                              strerror(errno != 0 ? errno : EIO));
            rd->failed = GANSTAB_EIO;
        }
        return NULL;
    }
    rd->line++;
    size_t len = (size_t)got;
    if (strlen(rd->buf) != len) {
        reader_fail(rd, GANSTAB_EINVAL, "line contains a NUL byte");
        return NULL;
    }
    while (len > 0 && (rd->buf[len - 1] == '\n' || rd->buf[len - 1] == '\r'))
        rd->buf[--len] = '\0';
    if (len > GANSTAB_CASE_LINE_MAX || num <= 0 || len >= (size_t)num) {
        reader_fail(rd, GANSTAB_EINVAL, "line is longer than %d characters", GANSTAB_CASE_LINE_MAX);
        return NULL;
    }
    char *start = rd->buf;
    /* A UTF-8 byte-order mark is allowed before the first line (inih's rule). */
    if (rd->line == 1 && strncmp(start, "\xEF\xBB\xBF", 3) == 0)
        start += 3;
    while (is_blank(*start))
        start++;
    if (*start == '[') {
        check_section_header(rd, start);
        if (rd->failed)
            return NULL;
    }
    memcpy(str, start, strlen(start) + 1);
    return str;
}

static int remember_key(case_reader *rd, const char *section, const char *key)
{
    /* [compare] lists one optimizer per `optimizer = SPEC` line */
    if (strcmp(section, "compare") == 0 && strcmp(key, "optimizer") == 0)
        return 1;
    for (size_t i = 0; i < rd->nseen; i++) {
        if (strcmp(rd->seen[i].section, section) == 0 && strcmp(rd->seen[i].key, key) == 0) {
            reader_fail(rd, GANSTAB_EINVAL, "duplicate key '%s' in [%s] (first set at line %ld)",
                        key, section, rd->seen[i].line);
            return 0;
        }
    }
    if (rd->nseen == rd->capseen) {
        size_t cap = rd->capseen == 0 ? 16 : 2 * rd->capseen;
        case_key_seen *grown = realloc(rd->seen, cap * sizeof *grown);
        if (grown == NULL) {
            reader_fail(rd, GANSTAB_ENOMEM, "out of memory");
            return 0;
        }
        rd->seen = grown;
        rd->capseen = cap;
    }
    case_key_seen *s = &rd->seen[rd->nseen++];
    snprintf(s->section, sizeof s->section, "%s", section);
    snprintf(s->key, sizeof s->key, "%s", key);
    s->line = rd->line;
    return 1;
}

static int case_handle_key(void *user, const char *section, const char *key, const char *value)
{
    case_reader *rd = user;
    if (rd->failed)
        return 0;
    if (section[0] == '\0') {
        reader_fail(rd, GANSTAB_EINVAL, "key '%s' (value '%s') appears before any [section]", key,
                    value);
        return 0;
    }
    if (!remember_key(rd, section, key))
        return 0;
    char where[GANSTAB_CASE_WHERE_MAX];
    snprintf(where, sizeof where, "%s:%ld", rd->path, rd->line);
    int status = ganstab_case_set(rd->c, section, key, value, where, rd->err);
    if (status != GANSTAB_OK) {
        rd->failed = status;
        return 0;
    }
    return 1;
}

int ganstab_case_load(const char *path, ganstab_case *c, ganstab_error *err)
{
    ganstab_error_clear(err);
    ganstab_case_init(c, path);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        return ganstab_error_set(err, GANSTAB_EIO, path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) != 0) {
        int e = errno;
        fclose(fp);
        return ganstab_error_set(err, GANSTAB_EIO, path, "cannot open: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        fclose(fp);
        return ganstab_error_set(err, GANSTAB_EIO, path, "cannot open: %s", strerror(EISDIR));
    }

    case_reader rd = {.fp = fp, .path = path, .c = c, .err = err};
    int status = ini_parse_stream(case_read_line, &rd, case_handle_key, &rd);
    free(rd.buf);
    free(rd.seen);
    fclose(fp);

    if (rd.failed != 0)
        return rd.failed;
    if (status > 0) {
        char where[GANSTAB_ERROR_WHERE_MAX];
        snprintf(where, sizeof where, "%s:%d", path, status);
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "syntax error (expected 'key = value' or '[section]')");
    }
    if (status < 0)
        return ganstab_error_set(err, GANSTAB_ENOMEM, path, "case-file parser out of memory");
    return GANSTAB_OK;
}

/* Atomic file replacement: write a temporary file next to the target, fsync it, rename it over
 * the target. A reader sees the old file or the new one, never a partial one; on failure the
 * target is untouched and the temporary file is removed. */
#define _POSIX_C_SOURCE 200809L

#include "ganstab/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Attempts at a fresh temporary name before giving up (each collision is astronomically
 * unlikely with 36^6 names; a handful of tries only guards against a stale file). */
#define ATOMIC_NAME_TRIES 100
/* Mode of written files before the umask: like any file a tool creates (the kernel applies the
 * umask because the file is created with open(); mkstemp would force 0600). */
#define ATOMIC_FILE_MODE 0644

static int atomic_fail(ganstab_error *err, const char *path, const char *what, int errnum)
{
    return ganstab_error_set(err, GANSTAB_EIO, path, "cannot write (%s): %s", what,
                             strerror(errnum));
}

/* Create "DIR/.NAME.XXXXXX" exclusively; fills tmp and returns the descriptor or -1 (errno). */
static int create_temp(const char *path, char *tmp, size_t tmpsize)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    const char *name = path + dirlen;
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    uint64_t state =
        (uint64_t)getpid() * 0x9E3779B97F4A7C15u ^ (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)tmp;
    for (int attempt = 0; attempt < ATOMIC_NAME_TRIES; attempt++) {
        char suffix[7];
        for (size_t i = 0; i < 6; i++) {
            /* xorshift64: only needs to avoid collisions, not to be unpredictable, because
             * O_EXCL refuses to follow or reuse an existing name. */
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            suffix[i] = alphabet[state % (sizeof alphabet - 1)];
        }
        suffix[6] = '\0';
        int n = snprintf(tmp, tmpsize, "%.*s.%s.%s", (int)dirlen, path, name, suffix);
        if (n < 0 || (size_t)n >= tmpsize) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, ATOMIC_FILE_MODE);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Make the rename itself durable; failure here does not undo a completed replacement. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        return;
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

int ganstab_write_atomic(const char *path, const char *data, size_t len, ganstab_error *err)
{
    ganstab_error_clear(err);
    if (path == NULL || path[0] == '\0')
        return ganstab_error_set(err, GANSTAB_EIO, "", "empty output path");
    size_t plen = strlen(path);
    if (path[plen - 1] == '/')
        return atomic_fail(err, path, "not a file name", EISDIR);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return atomic_fail(err, path, "target", EISDIR);

    size_t tmpsize = plen + 16;
    char *tmp = malloc(tmpsize);
    if (tmp == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, path, "out of memory");
    int fd = create_temp(path, tmp, tmpsize);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return atomic_fail(err, path, "creating a temporary file", e);
    }
    const char *what = NULL;
    if (write_all(fd, data, len) != 0)
        what = "write";
    else if (fsync(fd) != 0)
        what = "fsync";
    int e = errno;
    if (close(fd) != 0 && what == NULL) {
        what = "close";
        e = errno;
    }
    if (what == NULL && rename(tmp, path) != 0) {
        what = "rename";
        e = errno;
    }
    if (what != NULL) {
        unlink(tmp);
        free(tmp);
        return atomic_fail(err, path, what, e);
    }
    free(tmp);
    sync_parent_dir(path);
    return GANSTAB_OK;
}

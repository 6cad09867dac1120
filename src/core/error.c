#include "ganstab/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ganstab_error_clear(ganstab_error *err)
{
    if (err == NULL)
        return;
    err->code = GANSTAB_OK;
    err->where[0] = '\0';
    err->message[0] = '\0';
}

int ganstab_error_set(ganstab_error *err, int code, const char *where, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->where, sizeof err->where, "%s", where != NULL ? where : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void ganstab_error_set_where(ganstab_error *err, const char *where)
{
    if (err == NULL)
        return;
    snprintf(err->where, sizeof err->where, "%s", where != NULL ? where : "");
}

const char *ganstab_strerror(int code)
{
    switch (code) {
    case GANSTAB_OK:
        return "success";
    case GANSTAB_EINVAL:
        return "bad input";
    case GANSTAB_EIO:
        return "input/output error";
    case GANSTAB_ENUMERIC:
        return "numerical failure";
    case GANSTAB_ENOMEM:
        return "out of memory";
    default:
        return "unknown error";
    }
}

/* Internal: GSL's error handler turned off around the library's GSL calls and restored after.
 * GSL's default handler aborts; the library checks every GSL return code instead, and must not
 * change the process-wide handler of the program that embeds it (STYLE.md, GSL). */
#ifndef GANSTAB_GSL_QUIET_H
#define GANSTAB_GSL_QUIET_H

#include <gsl/gsl_errno.h>

/* Turn the handler off; returns the caller's handler (NULL: GSL's default) for
 * ganstab_gsl_quiet_end, which must run on every return path. The handler is one process-wide
 * pointer: a function that runs GSL code on several threads brackets the whole parallel region,
 * so that the nested brackets inside the threads save and restore "off" only. */
gsl_error_handler_t *ganstab_gsl_quiet_begin(void);
void ganstab_gsl_quiet_end(gsl_error_handler_t *saved);

#endif

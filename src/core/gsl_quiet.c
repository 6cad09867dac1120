/* GSL's error handler off for the library's own GSL calls, restored after (gsl_quiet.h). */
#include "gsl_quiet.h"

gsl_error_handler_t *ganstab_gsl_quiet_begin(void)
{
    return gsl_set_error_handler_off();
}

void ganstab_gsl_quiet_end(gsl_error_handler_t *saved)
{
    gsl_set_error_handler(saved);
}

/* Private to src/run/: the steps of ganstab_run_case that live in their own files. */
#ifndef GANSTAB_RUN_INTERNAL_H
#define GANSTAB_RUN_INTERNAL_H

#include "ganstab/run.h"

/* The case's [sweep], [map], [optimize] and [compare] sections and the claims checked on them
 * (studies.c). */
int ganstab_run_studies(ganstab_run *run, ganstab_error *err);

#endif

/* Internals shared by analysis.c and context.c (not installed). */
#ifndef GANSTAB_ANALYSIS_INTERNAL_H
#define GANSTAB_ANALYSIS_INTERNAL_H

#include "ganstab/analysis.h"

/* A numerical failure deep in the pipeline ("eigen: LAPACKE_dgeevx") says what failed but not
 * for which case: prefix the case file, and the swept parameter value if there is one (key <
 * GANSTAB_CASE_NKEYS or a params.NAME key). Returns rc. */
int ganstab_analysis_locate_failure(int rc, const ganstab_case *c, ganstab_case_key key,
                                    double value, ganstab_error *err);

/* |v(x*)|_2 of game g at its equilibrium. */
int ganstab_analysis_game_residual(const ganstab_game *g, double *residual, ganstab_error *err);

#endif

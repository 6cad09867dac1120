/* Private to src/io: the study objects (study_output.c) that the report's JSON (json.c) embeds as
 * "sweep", "map" and "optimize", the same fields as `ganstab sweep/map/optimize --format json`
 * without their "ganstab", "case" and "parameters" head. On allocation failure *failed is set. */
#ifndef GANSTAB_JSON_INTERNAL_H
#define GANSTAB_JSON_INTERNAL_H

#include <cJSON.h>

#include "ganstab/io.h"

cJSON *ganstab_json_study_sweep(const ganstab_sweep_report *s, int *failed);
cJSON *ganstab_json_study_map(const ganstab_map_report *m, int *failed);
cJSON *ganstab_json_study_optimum(const ganstab_optimum_report *o, int *failed);
cJSON *ganstab_json_study_compare(const ganstab_compare_report *r, int *failed);

#endif

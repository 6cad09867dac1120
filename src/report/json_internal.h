/* Private to src/report: the study objects (study_output.c) that the report's JSON (json.c) embeds
 * as "sweep", "map" and "optimize", the same fields as `ganstab sweep/map/optimize --format json`
 * without their "ganstab", "case" and "parameters" head. On allocation failure *failed is set. */
#ifndef GANSTAB_JSON_INTERNAL_H
#define GANSTAB_JSON_INTERNAL_H

#include <cJSON.h>

#include "ganstab/io.h"

/* The JSON builder both writers use (json_builder.c): allocation failures are recorded in the
 * builder while the tree is built, and every helper accepts a NULL parent (an earlier failure). */
typedef struct {
    int failed;
} ganstab_json_builder;
/* Attach item to parent (object member `name`, or array element when name is NULL). Returns
 * item, or NULL (item freed, failure recorded) when item or parent is missing. */
cJSON *ganstab_json_put(ganstab_json_builder *b, cJSON *parent, const char *name, cJSON *item);
/* %.17g as a raw number (-0 as 0), null if not finite; a count as an integer. */
cJSON *ganstab_json_number(double x);
cJSON *ganstab_json_count(size_t n);
void ganstab_json_put_number(ganstab_json_builder *b, cJSON *parent, const char *name, double x);
void ganstab_json_put_string(ganstab_json_builder *b, cJSON *parent, const char *name,
                             const char *s);
void ganstab_json_put_bool(ganstab_json_builder *b, cJSON *parent, const char *name, int value);

cJSON *ganstab_json_study_sweep(const ganstab_sweep_report *s, int *failed);
cJSON *ganstab_json_study_map(const ganstab_map_report *m, int *failed);
cJSON *ganstab_json_study_optimum(const ganstab_optimum_report *o, int *failed);
cJSON *ganstab_json_study_compare(const ganstab_compare_report *r, int *failed);

#endif

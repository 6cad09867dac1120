/* The JSON builder the report's printers share (json_internal.h): cJSON trees built linearly, with
 * allocation failure recorded in the builder; numbers as raw %.17g text so they round-trip exactly
 * (cJSON's own number printer chooses its precision itself), -0 as 0, non-finite as null. Calls
 * nothing of ganstab. */
#include "json_internal.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>

/* Tracks allocation failure while the tree is built, so building code stays linear: every
 * helper accepts a NULL parent (an earlier failure) and just records the failure again. */
cJSON *ganstab_json_put(ganstab_json_builder *b, cJSON *parent, const char *name, cJSON *item)
{
    int ok = 0;
    if (item != NULL && parent != NULL)
        ok = name != NULL ? cJSON_AddItemToObject(parent, name, item)
                          : cJSON_AddItemToArray(parent, item);
    if (!ok) {
        cJSON_Delete(item);
        b->failed = 1;
        return NULL;
    }
    return item;
}

cJSON *ganstab_json_number(double x)
{
    if (!isfinite(x))
        return cJSON_CreateNull();
    char text[40];
    snprintf(text, sizeof text, "%.17g", x == 0.0 ? 0.0 : x);
    return cJSON_CreateRaw(text);
}

cJSON *ganstab_json_count(size_t n)
{
    char text[32];
    snprintf(text, sizeof text, "%zu", n);
    return cJSON_CreateRaw(text);
}

void ganstab_json_put_number(ganstab_json_builder *b, cJSON *parent, const char *name, double x)
{
    ganstab_json_put(b, parent, name, ganstab_json_number(x));
}

void ganstab_json_put_string(ganstab_json_builder *b, cJSON *parent, const char *name,
                             const char *s)
{
    ganstab_json_put(b, parent, name, s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull());
}

void ganstab_json_put_bool(ganstab_json_builder *b, cJSON *parent, const char *name, int value)
{
    ganstab_json_put(b, parent, name, cJSON_CreateBool(value != 0));
}

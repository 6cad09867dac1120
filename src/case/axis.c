/* Parameter axes of the studies (axis.h): a parameter of the case, its range and its grid. */
#include "ganstab/axis.h"

#include "ganstab/critical.h"
#include <math.h>
#include <stdlib.h>

int ganstab_axis_init(const ganstab_case *c, const char *name, double from, double to, size_t count,
                      size_t min_count, size_t max_count, const char *where, ganstab_axis *axis,
                      ganstab_error *err)
{
    ganstab_case_key key = GANSTAB_CASE_NKEYS;
    int rc = ganstab_case_param_lookup(c, name, where, &key, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (!isfinite(from) || !isfinite(to) || !(from < to))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "%s: the range needs FROM < TO, got %.17g .. %.17g", name, from,
                                 to);
    if (count < min_count || count > max_count)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "%s: expected %zu..%zu values, got %zu", name, min_count,
                                 max_count, count);
    ganstab_case *scratch = malloc(sizeof *scratch);
    if (scratch == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, where, "out of memory");
    *scratch = *c;
    rc = ganstab_case_param_set(scratch, key, from, where, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_case_param_set(scratch, key, to, where, err);
    free(scratch);
    if (rc != GANSTAB_OK)
        return rc;
    int integer = ganstab_case_param_is_integer(key);
    if (integer && count > 1) {
        double span = to - from, steps = (double)(count - 1);
        if (fmod(span, steps) != 0.0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "%s is an integer parameter: %zu values from %.17g to %.17g "
                                     "are not integers (TO - FROM = %.17g must be a multiple of "
                                     "%zu)",
                                     name, count, from, to, span, count - 1);
    }
    *axis = (ganstab_axis){key, ganstab_case_param_name(c, key), integer, from, to, count};
    return GANSTAB_OK;
}

double ganstab_axis_value(const ganstab_axis *a, size_t k)
{
    if (a->count <= 1 || k == 0)
        return a->from;
    if (k + 1 >= a->count)
        return a->to;
    if (a->integer)
        return a->from + (double)k * ((a->to - a->from) / (double)(a->count - 1));
    return a->from + (a->to - a->from) * (double)k / (double)(a->count - 1);
}

int ganstab_optimize_axis_init(const ganstab_case *c, const char *name, int range_given,
                               double from, double to, size_t scan, const char *where,
                               ganstab_axis *axis, int *geometric, ganstab_error *err)
{
    ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
    int rc = ganstab_case_param_lookup(c, name, where, &key, err);
    if (rc != GANSTAB_OK)
        return rc;
    int integer = ganstab_case_param_is_integer(key);
    if (!range_given) {
        if (integer) {
            from = 1.0;
            to = (double)GANSTAB_CASE_MAX_SUBSTEPS;
        } else {
            double v = ganstab_case_param_get(c, key);
            if (!(v > 0.0))
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "%s is %.17g in the case: no scale to search around; "
                                         "give the range (--from/--to, or optimize.from/to)",
                                         name, v);
            from = v / GANSTAB_OPTIMIZE_DEFAULT_SPAN;
            to = v * GANSTAB_OPTIMIZE_DEFAULT_SPAN;
        }
    }
    if (!isfinite(from) || !isfinite(to) || !(from < to))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "%s: the range needs FROM < TO, got %.17g .. %.17g", name, from,
                                 to);
    if (scan == 0)
        scan = GANSTAB_OPTIMIZE_DEFAULT_SCAN;
    size_t count = integer ? (size_t)(to - from) + 1 : scan;
    *geometric = !integer && from > 0.0 && to / from > GANSTAB_OPTIMIZE_GEOMETRIC_RATIO;
    return ganstab_axis_init(c, name, from, to, count, 2, GANSTAB_CROSSING_SCAN_MAX + 1, where,
                             axis, err);
}

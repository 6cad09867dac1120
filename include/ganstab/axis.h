/* Parameter axes of the studies (sweep, map, optimize, compare): a numeric parameter of a case
 * (ganstab_case_param_lookup), its range and its grid of values. Plain structs, no ownership. */
#ifndef GANSTAB_AXIS_H
#define GANSTAB_AXIS_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Dense scan points of `optimize` before the local refinement (golden section, then Brent on the
 * derivative where the minimum is smooth). */
#define GANSTAB_OPTIMIZE_DEFAULT_SCAN 1000
/* Without --from/--to, `optimize` searches [v/100, 100 v] around the case's value v > 0 (on a
 * geometric grid: a step size or weight is a scale). */
#define GANSTAB_OPTIMIZE_DEFAULT_SPAN 100.0
/* A range with from > 0 and to/from above this is scanned geometrically (equal ratios), a narrower
 * or sign-changing one linearly. */
#define GANSTAB_OPTIMIZE_GEOMETRIC_RATIO 100.0

/* One parameter axis: `count` values from `from` to `to` (from < to). An integer parameter
 * (update.ng, update.nd) takes integer values only: to - from must then be a multiple of
 * count - 1. */
typedef struct {
    ganstab_case_key key;
    const char *name; /* ganstab_case_key_name(key): static storage */
    int integer;
    double from, to;
    size_t count;
} ganstab_axis;

/* Check and fill an axis for case c: the parameter name (ganstab_case_param_lookup: it must
 * affect the case), both ends inside its domain (ganstab_case_param_set), from < to, count in
 * [min_count, max_count], and for integer parameters integral ends and spacing. Errors are
 * GANSTAB_EINVAL at `where` (the option or case key that gave the axis). */
int ganstab_axis_init(const ganstab_case *c, const char *name, double from, double to, size_t count,
                      size_t min_count, size_t max_count, const char *where, ganstab_axis *axis,
                      ganstab_error *err);

/* The k-th value (k < count): from + (to - from) k / (count - 1), exactly `to` at the end, and for
 * integer parameters the exact integer. */
double ganstab_axis_value(const ganstab_axis *a, size_t k);

/* The axis of an optimization of parameter `name` (errors at `where`): the range [from, to] when
 * range_given, else [v/GANSTAB_OPTIMIZE_DEFAULT_SPAN, v*GANSTAB_OPTIMIZE_DEFAULT_SPAN] around the
 * case's value v > 0 (an error for v = 0) or [1, GANSTAB_CASE_MAX_SUBSTEPS] for an integer; `scan`
 * points (0: GANSTAB_OPTIMIZE_DEFAULT_SCAN; an integer parameter: all its values), geometric where
 * from > 0 and to/from > GANSTAB_OPTIMIZE_GEOMETRIC_RATIO. */
int ganstab_optimize_axis_init(const ganstab_case *c, const char *name, int range_given,
                               double from, double to, size_t scan, const char *where,
                               ganstab_axis *axis, int *geometric, ganstab_error *err);

#ifdef __cplusplus
}
#endif

#endif

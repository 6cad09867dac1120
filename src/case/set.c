/* Setting a case's keys (ganstab_case_set, --set assignments): parse each value completely, check
 * its domain, store it where the key table says, and remember where it was given. */
#include "ganstab/case.h"

#include "ganstab/gmm_heatmap.h" /* [heatmap] dynamics names and bounds */
#include "ganstab/gmm_map.h"     /* bounds of [placements] */
#include "ganstab/matrix_game.h"
#include "ganstab/study.h" /* bounds of [sweep] and [map] */

#include "ganstab/critical.h"
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"

static int choice_index(const char *list, const char *value)
{
    if (list == NULL)
        return -1;
    size_t len = strlen(value);
    int idx = 0;
    for (const char *p = list; *p != '\0'; idx++) {
        const char *bar = strchr(p, '|');
        size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, value, n) == 0)
            return idx;
        if (bar == NULL)
            break;
        p = bar + 1;
    }
    return -1;
}

/* A text value: not empty, shorter than GANSTAB_CASE_TEXT_MAX. */
static int check_text(const char *key, const char *value, const char *where, ganstab_error *err)
{
    if (value[0] == '\0')
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': empty value", key);
    if (strlen(value) >= GANSTAB_CASE_TEXT_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': value longer than %d characters", key,
                                 GANSTAB_CASE_TEXT_MAX - 1);
    return GANSTAB_OK;
}

/* Parse a complete, finite double. */
static int parse_number(const char *text, double *out)
{
    if (text[0] == '\0')
        return 0;
    errno = 0;
    char *end = NULL;
    double x = strtod(text, &end);
    /* ERANGE on underflow still returns the (subnormal) value, which is a valid number; only
       overflow and underflow to exactly zero are out of range. */
    int out_of_range = errno == ERANGE && (fabs(x) > 1.0 || x == 0.0);
    if (end == text || *end != '\0' || out_of_range || !isfinite(x))
        return 0;
    *out = x;
    return 1;
}

static int check_number(const ganstab_case_key_spec *k, const char *text, double *out,
                        const char *where, ganstab_error *err)
{
    double x = 0.0;
    if (!parse_number(text, &x))
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': expected %s, got '%s'",
                                 k->key, ganstab_case_domain_text(k->domain), text);
    if ((k->domain == DOM_POSITIVE && !(x > 0.0)) || (k->domain == DOM_NONNEG && !(x >= 0.0)))
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key '%s': expected %s, got '%s'",
                                 k->key, ganstab_case_domain_text(k->domain), text);
    *out = x;
    return GANSTAB_OK;
}

static int check_count(const ganstab_case_key_spec *k, const char *text, unsigned *out,
                       const char *where, ganstab_error *err)
{
    errno = 0;
    char *end = NULL;
    long v = text[0] == '\0' ? 0 : strtol(text, &end, 10);
    if (text[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
        v > (long)GANSTAB_CROSSING_SCAN_MAX)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': expected a positive integer, got '%s'", k->key, text);
    *out = (unsigned)v;
    return GANSTAB_OK;
}

/* Numbers separated by blanks and/or commas into out[0..max); *count receives how many there
 * were (up to max + 1, so "too many" is detectable). 0 if a word is not a finite number. */
static int parse_numbers(const char *text, double *out, size_t max, size_t *count)
{
    char buf[GANSTAB_ERROR_MESSAGE_MAX];
    *count = 0;
    while (*text != '\0') {
        while (*text != '\0' && (isspace((unsigned char)*text) || *text == ','))
            text++;
        if (*text == '\0')
            break;
        size_t len = 0;
        while (text[len] != '\0' && !isspace((unsigned char)text[len]) && text[len] != ',')
            len++;
        if (len >= sizeof buf)
            return 0;
        memcpy(buf, text, len);
        buf[len] = '\0';
        double x = 0.0;
        if (!parse_number(buf, &x))
            return 0;
        if (*count < max)
            out[*count] = x;
        if (*count <= max)
            (*count)++;
        text += len;
    }
    return 1;
}

/* Remember the text of a [model] value for reports, shortened to fit. */
static void keep_text(char *dst, size_t size, const char *value)
{
    if (strlen(value) < size) {
        snprintf(dst, size, "%s", value);
        return;
    }
    snprintf(dst, size, "%.*s...", (int)(size - 4), value);
}

/* [model] dim, mean, cov of model lq (README, "Model lq"). Counts against dim and positive
 * definiteness are checked in ganstab_case_validate, when dim is known. */
static int set_lq_key(ganstab_case *c, int id, const char *value, const char *where,
                      ganstab_error *err)
{
    const size_t max = GANSTAB_LQ_MAX_DIM;
    size_t count = 0;
    if (id == GANSTAB_KEY_MODEL_DIM) {
        errno = 0;
        char *end = NULL;
        long v = value[0] == '\0' ? 0 : strtol(value, &end, 10);
        if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
            v > (long)max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'dim': expected an integer in 1..%d, got '%s'",
                                     GANSTAB_LQ_MAX_DIM, value);
        c->lq_dim = (size_t)v;
        return GANSTAB_OK;
    }
    if (id == GANSTAB_KEY_MODEL_MEAN) {
        if (!parse_numbers(value, c->lq_mean, max, &count) || count == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'mean': expected dim numbers separated by blanks or "
                                     "commas, got '%s'",
                                     value);
        if (count > max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where, "key 'mean': more than %d numbers",
                                     GANSTAB_LQ_MAX_DIM);
        c->lq_mean_count = count;
        keep_text(c->lq_mean_text, sizeof c->lq_mean_text, value);
        return GANSTAB_OK;
    }
    /* cov */
    const char *rest = value;
    while (isalpha((unsigned char)*rest))
        rest++;
    size_t wlen = (size_t)(rest - value);
    if (wlen == 8 && strncmp(value, "identity", 8) == 0 && *rest == '\0') {
        c->lq_cov_kind = GANSTAB_LQ_COV_IDENTITY;
    } else if (wlen == 4 && strncmp(value, "diag", 4) == 0) {
        if (!parse_numbers(rest, c->lq_cov, max, &count) || count == 0 || count > max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected 'diag' and dim positive numbers, got "
                                     "'%s'",
                                     value);
        for (size_t i = 0; i < count; i++)
            if (!(c->lq_cov[i] > 0.0))
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'cov': diagonal entry %zu is %g, expected a "
                                         "positive number",
                                         i + 1, c->lq_cov[i]);
        c->lq_cov_kind = GANSTAB_LQ_COV_DIAG;
        c->lq_cov_count = count;
    } else if (wlen == 6 && strncmp(value, "random", 6) == 0) {
        while (isspace((unsigned char)*rest))
            rest++;
        errno = 0;
        char *end = NULL;
        unsigned long long seed = *rest == '\0' || *rest == '-' ? 0 : strtoull(rest, &end, 10);
        if (*rest == '\0' || *rest == '-' || end == NULL || *end != '\0' || errno == ERANGE ||
            seed > 0xFFFFFFFFull)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected 'random SEED' with SEED an integer in "
                                     "0..4294967295, got '%s'",
                                     value);
        c->lq_cov_kind = GANSTAB_LQ_COV_RANDOM;
        c->lq_cov_seed = (unsigned long)seed;
    } else {
        double *tmp = malloc((max * max + 1) * sizeof *tmp);
        if (tmp == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, where, "out of memory");
        int ok = parse_numbers(value, tmp, max * max, &count) && count > 0;
        if (ok && count <= max * max)
            memcpy(c->lq_cov, tmp, count * sizeof *tmp);
        free(tmp);
        if (!ok || count > max * max)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'cov': expected identity, 'diag v1 ... vd', "
                                     "'random SEED' or dim*dim numbers (row-major), got '%s'",
                                     value);
        c->lq_cov_kind = GANSTAB_LQ_COV_EXPLICIT;
        c->lq_cov_count = count;
    }
    keep_text(c->lq_cov_text, sizeof c->lq_cov_text, value);
    return GANSTAB_OK;
}

/* [model] mu_star, disc, mode_collapse of model gmm (README, "Model gmm"). */
static int set_gmm_key(ganstab_case *c, int id, const char *value, const char *where,
                       ganstab_error *err)
{
    if (id == GANSTAB_KEY_MODEL_MODE_COLLAPSE)
        return check_number(&ganstab_case_key_table[id], value, &c->gmm_mode_collapse, where, err);
    int mu = id == GANSTAB_KEY_MODEL_MU_STAR;
    size_t want = mu ? 2 : 4, count = 0;
    double v[4] = {0.0, 0.0, 0.0, 0.0};
    if (!parse_numbers(value, v, want, &count) || count != want)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 mu ? "key 'mu_star': expected 2 numbers (the true means), got "
                                      "'%s'"
                                    : "key 'disc': expected 4 numbers l1, r1, l2, r2 (the "
                                      "discriminator intervals), got '%s'",
                                 value);
    if (!mu && (!(v[0] <= v[1]) || !(v[2] <= v[3])))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'disc': each interval needs l <= r, got [%g, %g] and "
                                 "[%g, %g]",
                                 v[0], v[1], v[2], v[3]);
    memcpy(mu ? c->gmm_mu_star : c->gmm_disc, v, want * sizeof v[0]);
    return GANSTAB_OK;
}

/* [plot] figure, axes, window (plot.h). The case is unchanged on failure. */
static int set_plot_key(ganstab_case *c, int id, const char *value, const char *where,
                        ganstab_error *err)
{
    if (id == GANSTAB_KEY_PLOT_FIGURE) {
        if (value[0] == '\0')
            return ganstab_error_set(err, GANSTAB_EINVAL, where, "key 'figure': empty value");
        if (strlen(value) >= GANSTAB_CASE_TEXT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'figure': value longer than %d characters",
                                     GANSTAB_CASE_TEXT_MAX - 1);
        snprintf(c->plot_figure, sizeof c->plot_figure, "%s", value);
        return GANSTAB_OK;
    }
    if (id == GANSTAB_KEY_PLOT_WINDOW) {
        double v[4] = {0.0, 0.0, 0.0, 0.0};
        size_t count = 0;
        if (!parse_numbers(value, v, 4, &count) || count != 4 || !(v[0] < v[1]) || !(v[2] < v[3]))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'window': expected 4 numbers XMIN XMAX YMIN YMAX with "
                                     "XMIN < XMAX and YMIN < YMAX, got '%s'",
                                     value);
        memcpy(c->plot_window, v, sizeof v);
        return GANSTAB_OK;
    }
    /* axes: two names separated by blanks or commas; checked against the model in validate */
    char names[2][GANSTAB_CASE_NAME_MAX];
    size_t count = 0;
    const char *p = value;
    for (;;) {
        while (*p != '\0' && (isspace((unsigned char)*p) || *p == ','))
            p++;
        if (*p == '\0')
            break;
        size_t len = 0;
        while (p[len] != '\0' && !isspace((unsigned char)p[len]) && p[len] != ',')
            len++;
        if (count == 2 || len >= GANSTAB_CASE_NAME_MAX) {
            count = 3;
            break;
        }
        memcpy(names[count], p, len);
        names[count][len] = '\0';
        count++;
        p += len;
    }
    if (count != 2 || strcmp(names[0], names[1]) == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'axes': expected two different state names (x, then y), "
                                 "got '%s'",
                                 value);
    memcpy(c->plot_axes, names, sizeof names);
    return GANSTAB_OK;
}

/* [simulate] init, steps, expect (README, "Simulations in reports"). */
static int set_sim_key(ganstab_case *c, int id, const char *value, const char *where,
                       ganstab_error *err)
{
    if (id == GANSTAB_KEY_SIMULATE_INIT) {
        size_t count = 0;
        double v[GANSTAB_CASE_SIM_INIT_MAX]; /* the case is unchanged on failure */
        if (!parse_numbers(value, v, GANSTAB_CASE_SIM_INIT_MAX, &count) || count == 0 ||
            count > GANSTAB_CASE_SIM_INIT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'init': expected the start state (at most %d numbers "
                                     "separated by blanks or commas), got '%s'",
                                     GANSTAB_CASE_SIM_INIT_MAX, value);
        memcpy(c->sim_init, v, count * sizeof v[0]);
        c->sim_init_count = count;
        return GANSTAB_OK;
    }
    if (id == GANSTAB_KEY_SIMULATE_STEPS) {
        errno = 0;
        char *end = NULL;
        long long v = value[0] == '\0' ? 0 : strtoll(value, &end, 10);
        if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
            v > GANSTAB_CASE_SIM_STEPS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'steps': expected an integer in 1..%d, got '%s'",
                                     GANSTAB_CASE_SIM_STEPS_MAX, value);
        c->sim_steps = (size_t)v;
        return GANSTAB_OK;
    }
    /* expect: behaviour names separated by blanks or commas */
    unsigned mask = 0;
    const char *p = value;
    for (;;) {
        while (*p != '\0' && (isspace((unsigned char)*p) || *p == ','))
            p++;
        if (*p == '\0')
            break;
        size_t len = 0;
        while (p[len] != '\0' && !isspace((unsigned char)p[len]) && p[len] != ',')
            len++;
        int found = -1;
        for (int b = 0; b < GANSTAB_BEHAVIOUR_COUNT; b++) {
            const char *name = ganstab_behaviour_name((ganstab_behaviour)b);
            if (strlen(name) == len && strncmp(name, p, len) == 0)
                found = b;
        }
        if (found < 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': unknown behaviour '%.*s' (expected converges, "
                                     "mode-collapse, discriminator-collapse, vanishing-gradients, "
                                     "oscillation)",
                                     (int)len, p);
        mask |= 1u << found;
        p += len;
    }
    if (mask == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'expect': expected one or more behaviours, got '%s'", value);
    c->sim_expect = mask;
    return GANSTAB_OK;
}

/* A whole-string decimal integer in [lo, hi] into *n. */
static int parse_integer(const char *text, long long lo, long long hi, size_t *n)
{
    errno = 0;
    char *end = NULL;
    long long v = text[0] == '\0' ? 0 : strtoll(text, &end, 10);
    if (text[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < lo || v > hi)
        return 0;
    *n = (size_t)v;
    return 1;
}

/* [sweep] param/from/to/steps, [map] x/y/scan, [optimize] param/from/to/scan (README, "Parameter
 * studies in reports"). Names are checked against the case in ganstab_case_validate. */
static int set_study_key(ganstab_case *c, int id, const char *value, const char *where,
                         ganstab_error *err)
{
    const char *key = ganstab_case_key_table[id].key;
    double x = 0.0;
    size_t n = 0;
    switch (id) {
    case GANSTAB_KEY_SWEEP_PARAM:
    case GANSTAB_KEY_OPTIMIZE_PARAM:
        if (value[0] == '\0' || strlen(value) >= GANSTAB_CASE_PARAM_NAME_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected a parameter name (SECTION.KEY), got '%s'",
                                     key, value);
        snprintf(id == GANSTAB_KEY_SWEEP_PARAM ? c->sweep_param : c->optimize_param,
                 GANSTAB_CASE_PARAM_NAME_MAX, "%s", value);
        return GANSTAB_OK;
    case GANSTAB_KEY_SWEEP_FROM:
    case GANSTAB_KEY_SWEEP_TO:
    case GANSTAB_KEY_OPTIMIZE_FROM:
    case GANSTAB_KEY_OPTIMIZE_TO:
        if (!parse_number(value, &x))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected a number, got '%s'", key, value);
        *(id == GANSTAB_KEY_SWEEP_FROM      ? &c->sweep_from
          : id == GANSTAB_KEY_SWEEP_TO      ? &c->sweep_to
          : id == GANSTAB_KEY_OPTIMIZE_FROM ? &c->optimize_from
                                            : &c->optimize_to) = x;
        return GANSTAB_OK;
    case GANSTAB_KEY_SWEEP_STEPS:
        if (!parse_integer(value, 1, GANSTAB_STUDY_MAX_STEPS, &n))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'steps': expected an integer in 1..%d, got '%s'",
                                     GANSTAB_STUDY_MAX_STEPS, value);
        c->sweep_steps = n;
        return GANSTAB_OK;
    case GANSTAB_KEY_MAP_SCAN:
    case GANSTAB_KEY_OPTIMIZE_SCAN:
        if (!parse_integer(value, GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, &n))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'scan': expected an integer in %d..%d, got '%s'",
                                     GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, value);
        *(id == GANSTAB_KEY_MAP_SCAN ? &c->map_scan : &c->optimize_scan) = n;
        return GANSTAB_OK;
    default: { /* map.x, map.y: PARAM FROM TO COUNT */
        int a = id == GANSTAB_KEY_MAP_X ? 0 : 1;
        const char *p = value;
        while (*p != '\0' && !isspace((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - value);
        double v[3] = {0.0, 0.0, 0.0};
        size_t count = 0;
        char name[GANSTAB_CASE_PARAM_NAME_MAX];
        if (len == 0 || len >= sizeof name || !parse_numbers(p, v, 3, &count) || count != 3 ||
            !(v[0] < v[1]) || v[2] != floor(v[2]) || v[2] < GANSTAB_MAP_AXIS_MIN ||
            v[2] > GANSTAB_MAP_AXIS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected PARAM FROM TO COUNT with FROM < TO and "
                                     "COUNT an integer in %d..%d, got '%s'",
                                     key, GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX, value);
        memcpy(name, value, len);
        name[len] = '\0';
        snprintf(c->map_param[a], GANSTAB_CASE_PARAM_NAME_MAX, "%s", name);
        c->map_from[a] = v[0];
        c->map_to[a] = v[1];
        c->map_count[a] = (size_t)v[2];
        return GANSTAB_OK;
    }
    }
}

static int set_heatmap_key(ganstab_case *c, int id, const char *value, const char *where,
                           ganstab_error *err)
{
    if (id == GANSTAB_KEY_HEATMAP_DYNAMICS) {
        unsigned mask = 0;
        const char *p = value;
        while (*p != '\0') {
            while (*p != '\0' && (isspace((unsigned char)*p) || *p == ','))
                p++;
            size_t len = 0;
            while (p[len] != '\0' && !isspace((unsigned char)p[len]) && p[len] != ',')
                len++;
            if (len == 0)
                break;
            char word[32];
            ganstab_gmm_dynamics d;
            ganstab_error scratch;
            snprintf(word, sizeof word, "%.*s", (int)(len < sizeof word ? len : sizeof word - 1),
                     p);
            if (len >= sizeof word || ganstab_gmm_dynamics_parse(word, &d, &scratch) != GANSTAB_OK)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'dynamics': unknown dynamics '%.*s' (expected "
                                         "first-order, unrolled, optimal)",
                                         (int)len, p);
            mask |= 1u << d;
            p += len;
        }
        if (mask == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'dynamics': expected one or more of first-order, "
                                     "unrolled, optimal, got '%s'",
                                     value);
        c->heatmap_dynamics = mask;
        return GANSTAB_OK;
    }
    unsigned long long lo = 1, hi = 0;
    const char *what = "";
    switch (id) {
    case GANSTAB_KEY_HEATMAP_GRID:
        lo = GANSTAB_GMM_HEATMAP_GRID_MIN, hi = GANSTAB_GMM_HEATMAP_GRID_MAX, what = "grid";
        break;
    case GANSTAB_KEY_HEATMAP_INITS:
        hi = GANSTAB_GMM_HEATMAP_INITS_MAX, what = "inits";
        break;
    case GANSTAB_KEY_HEATMAP_ITERS:
        hi = GANSTAB_GMM_HEATMAP_ITERS_MAX, what = "iters";
        break;
    default: /* seed */
        lo = 0, hi = ULLONG_MAX, what = "seed";
        break;
    }
    errno = 0;
    char *end = NULL;
    unsigned long long v = strtoull(value, &end, 10);
    if (value[0] == '\0' || value[0] == '-' || value[0] == '+' || end == NULL || *end != '\0' ||
        errno == ERANGE || v < lo || v > hi)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': expected an integer in %llu..%llu, got '%s'", what, lo,
                                 hi, value);
    if (id == GANSTAB_KEY_HEATMAP_GRID)
        c->heatmap_grid = (size_t)v;
    else if (id == GANSTAB_KEY_HEATMAP_INITS)
        c->heatmap_inits = (size_t)v;
    else if (id == GANSTAB_KEY_HEATMAP_ITERS)
        c->heatmap_iters = (size_t)v;
    else
        c->heatmap_seed = v;
    return GANSTAB_OK;
}

static int find_key(const char *section, const char *key)
{
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
        if (strcmp(ganstab_case_key_table[i].section, section) == 0 &&
            strcmp(ganstab_case_key_table[i].key, key) == 0)
            return i;
    return -1;
}

/* [params] NAME = VALUE: declare a parameter (or give a declared one a new value). */
static int set_param(ganstab_case *c, const char *name, const char *value, const char *where,
                     ganstab_error *err)
{
    if (!ganstab_sym_is_identifier(name, strlen(name)))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "[params]: '%s' is not a parameter name (a letter, then letters, "
                                 "digits or _, at most %d characters)",
                                 name, GANSTAB_SYM_NAME_MAX - 1);
    if (ganstab_sym_reserved(name))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "[params]: '%s' is reserved (a function or a constant of the "
                                 "formulas)",
                                 name);
    double x = 0.0;
    if (!parse_number(value, &x))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key '%s': expected a number, got '%s'", name, value);
    int i = ganstab_case_find_param(c, name);
    if (i < 0) {
        if (c->n_params >= GANSTAB_EXPR_MAX_PARAMS)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "[params]: more than %d parameters", GANSTAB_EXPR_MAX_PARAMS);
        i = (int)c->n_params++;
        snprintf(c->params[i].name, sizeof c->params[i].name, "%s", name);
        snprintf(c->params[i].key, sizeof c->params[i].key, "params.%s", name);
        if (c->critical_param_pending[0] != '\0' &&
            strcmp(c->critical_param_pending, c->params[i].key) == 0) {
            c->critical_param = (ganstab_case_key)(GANSTAB_KEY_PARAM_FIRST + i);
            c->critical_param_pending[0] = '\0';
        }
    }
    c->params[i].value = x;
    snprintf(c->params[i].where, sizeof c->params[i].where, "%s", where != NULL ? where : "");
    return GANSTAB_OK;
}

/* [critical] expect = TYPE: FORMULA; TYPE: FORMULA ... (syntax here; the names the formulas use
 * in ganstab_case_validate, when the parameters are known). */
static int set_expect(ganstab_case *c, const char *value, const char *where, ganstab_error *err)
{
    static const ganstab_crossing_type types[] = {GANSTAB_CROSSING_FOLD,
                                                  GANSTAB_CROSSING_HOPF,
                                                  GANSTAB_CROSSING_FLIP,
                                                  GANSTAB_CROSSING_NEIMARK_SACKER,
                                                  GANSTAB_CROSSING_COMPLEX_TO_REAL,
                                                  GANSTAB_CROSSING_REAL_TO_COMPLEX};
    size_t n = 0;
    const char *p = value;
    while (*p != '\0') {
        const char *end = strchr(p, ';');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        size_t column = (size_t)(p - value) + 1;
        if (colon == NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': expected 'TYPE: VALUE' at column %zu (TYPE "
                                     "fold, hopf, flip, neimark-sacker, complex-to-real or "
                                     "real-to-complex; items separated by ';')",
                                     column);
        const char *t = p;
        size_t tl = (size_t)(colon - p);
        while (tl > 0 && isspace((unsigned char)*t))
            t++, tl--;
        while (tl > 0 && isspace((unsigned char)t[tl - 1]))
            tl--;
        int type = -1;
        for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
            const char *name = ganstab_crossing_type_name(types[k]);
            if (strlen(name) == tl && strncmp(name, t, tl) == 0)
                type = (int)types[k];
        }
        if (type < 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': unknown crossing type '%.*s' at column %zu "
                                     "(expected fold, hopf, flip, neimark-sacker, "
                                     "complex-to-real or real-to-complex)",
                                     (int)tl, t, column);
        if (n == GANSTAB_CASE_EXPECT_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'expect': more than %d crossings",
                                     GANSTAB_CASE_EXPECT_MAX);
        size_t off = (size_t)(colon + 1 - value), flen = len - (size_t)(colon + 1 - p);
        ganstab_sym tree;
        int rc = ganstab_sym_parse_any(value + off, flen, off, 0, &tree, err);
        if (rc != GANSTAB_OK) {
            char message[GANSTAB_ERROR_MESSAGE_MAX];
            snprintf(message, sizeof message, "%s", err != NULL ? err->message : "");
            return ganstab_error_set(err, rc, where, "key 'expect': %s", message);
        }
        ganstab_sym_free(&tree);
        const char *f = value + off;
        while (flen > 0 && isspace((unsigned char)*f))
            f++, flen--;
        while (flen > 0 && isspace((unsigned char)f[flen - 1]))
            flen--;
        c->expect[n].type = type;
        snprintf(c->expect[n].formula, sizeof c->expect[n].formula, "%.*s", (int)flen, f);
        snprintf(c->expect[n].statement, sizeof c->expect[n].statement,
                 "the case expects a %s crossing at %s",
                 ganstab_crossing_type_name((ganstab_crossing_type)type), c->expect[n].formula);
        n++;
        if (end == NULL)
            break;
        p = end + 1;
    }
    if (n == 0)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "key 'expect': empty value");
    c->n_expect = n;
    return GANSTAB_OK;
}

/* The parameter names a [critical] expect formula may use (model expr), and their values. */
size_t ganstab_case_expect_scope(const ganstab_case *c, const char **names, double *values)
{
    size_t n = c->model == GANSTAB_MODEL_EXPR ? c->n_params : 0;
    for (size_t i = 0; i < n; i++) {
        names[i] = c->params[i].name;
        values[i] = c->params[i].value;
    }
    return n;
}

double ganstab_case_expect_value(const ganstab_case *c, size_t i)
{
    const char *names[GANSTAB_EXPR_MAX_PARAMS];
    double values[GANSTAB_EXPR_MAX_PARAMS];
    ganstab_sym_scope scope = {names, ganstab_case_expect_scope(c, names, values)};
    ganstab_sym tree;
    if (i >= c->n_expect || ganstab_sym_parse(c->expect[i].formula, strlen(c->expect[i].formula), 0,
                                              &scope, &tree, NULL) != GANSTAB_OK)
        return NAN;
    double v = ganstab_sym_value(&tree, values);
    ganstab_sym_free(&tree);
    return isfinite(v) ? v : NAN;
}

/* [model] jacobian, generator_dim of model matrix (README, "Model matrix"). The path is
 * resolved against the case file's directory (unless absolute); the file is read by validate. */
static int set_matrix_key(ganstab_case *c, int id, const char *value, const char *where,
                          ganstab_error *err)
{
    if (id == GANSTAB_KEY_MODEL_GENERATOR_DIM) {
        errno = 0;
        char *end = NULL;
        long v = value[0] == '\0' ? 0 : strtol(value, &end, 10);
        if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
            v >= GANSTAB_MATRIX_GAME_MAX_N)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'generator_dim': expected an integer in 1..n-1 (the "
                                     "generator's components of the n-by-n matrix), got '%s'",
                                     value);
        c->matrix_generator_dim = (size_t)v;
        return GANSTAB_OK;
    }
    int rc = check_text("jacobian", value, where, err);
    if (rc != GANSTAB_OK)
        return rc;
    const char *slash = strrchr(c->file, '/');
    int dir = value[0] != '/' && slash != NULL ? (int)(slash - c->file) + 1 : 0;
    snprintf(c->matrix_file, sizeof c->matrix_file, "%s", value);
    snprintf(c->matrix_path, sizeof c->matrix_path, "%.*s%s", dir, c->file, value);
    return GANSTAB_OK;
}

int ganstab_case_set(ganstab_case *c, const char *section, const char *key, const char *value,
                     const char *where, ganstab_error *err)
{
    if (!ganstab_case_section_known(section))
        return ganstab_error_set(
            err, GANSTAB_EINVAL, where,
            "unknown section '[%s]' (expected case, regularizer, update, "
            "model, params, critical, table1, simulate, placements, heatmap, sweep, "
            "map, optimize or plot)",
            section);
    if (strcmp(section, "params") == 0)
        return set_param(c, key, value, where, err);
    int id = find_key(section, key);
    if (id < 0) {
        if (strcmp(section, "model") == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "unknown key '%s' in [model]: model '%s' has no "
                                     "model-specific keys",
                                     key, ganstab_model_name(c->model));
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "unknown key '%s' in [%s]", key,
                                 section);
    }
    const ganstab_case_key_spec *k = &ganstab_case_key_table[id];
    int rc = GANSTAB_OK;
    switch (k->type) {
    case KEY_LQ:
        if ((rc = set_lq_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_GMM:
        if ((rc = set_gmm_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_MATRIX:
        if ((rc = set_matrix_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_SIM:
        if ((rc = set_sim_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_EXPECT:
        if ((rc = set_expect(c, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_EXPR:
        if (id == GANSTAB_KEY_MODEL_NODES) {
            errno = 0;
            char *end = NULL;
            long v = value[0] == '\0' ? 0 : strtol(value, &end, 10);
            if (value[0] == '\0' || end == NULL || *end != '\0' || errno == ERANGE || v < 1 ||
                v > GANSTAB_EXPR_NODES_MAX)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key 'nodes': expected an integer in 1..%d, got '%s'",
                                         GANSTAB_EXPR_NODES_MAX, value);
            c->expr_nodes = (size_t)v;
            break;
        }
        if ((rc = check_text(key, value, where, err)) != GANSTAB_OK)
            return rc;
        snprintf(c->expr_text[id - GANSTAB_KEY_MODEL_GENERATOR], GANSTAB_CASE_TEXT_MAX, "%s",
                 value);
        break;
    case KEY_HEATMAP:
        if ((rc = set_heatmap_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_STUDY:
        if ((rc = set_study_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_PLOT:
        if ((rc = set_plot_key(c, id, value, where, err)) != GANSTAB_OK)
            return rc;
        break;
    case KEY_COMPARE:
        /* one optimizer per line; each is applied to the case in ganstab_case_validate */
        if ((rc = check_text(key, value, where, err)) != GANSTAB_OK)
            return rc;
        if (c->n_compare >= sizeof c->compare_spec / sizeof c->compare_spec[0])
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': more than %zu optimizers", key,
                                     sizeof c->compare_spec / sizeof c->compare_spec[0]);
        snprintf(c->compare_spec[c->n_compare], sizeof c->compare_spec[0], "%s", value);
        snprintf(c->compare_where[c->n_compare], sizeof c->compare_where[0], "%s",
                 where != NULL ? where : "");
        c->n_compare++;
        break;
    case KEY_AXIS: {
        /* FROM TO COUNT: a grid axis of left endpoints (gmm_map.h) */
        double v[3] = {0.0, 0.0, 0.0};
        size_t count = 0;
        if (!parse_numbers(value, v, 3, &count) || count != 3 || !(v[0] <= v[1]) ||
            !(v[2] >= 1.0) || v[2] > GANSTAB_GMM_MAP_MAX_AXIS || v[2] != floor(v[2]) ||
            (v[2] == 1.0 && v[0] != v[1]) || (v[2] > 1.0 && v[0] == v[1]))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected FROM TO COUNT with FROM < TO and COUNT "
                                     "an integer in 2..%d (or FROM = TO and COUNT 1), got '%s'",
                                     key, GANSTAB_GMM_MAP_MAX_AXIS, value);
        memcpy(id == GANSTAB_KEY_PLACEMENTS_L1 ? c->placements_l1 : c->placements_l2, v, sizeof v);
        break;
    }
    case KEY_TEXT:
        if ((rc = check_text(key, value, where, err)) != GANSTAB_OK)
            return rc;
        if (id == GANSTAB_KEY_CASE_TITLE) {
            snprintf(c->title, sizeof c->title, "%s", value);
        } else if (id == GANSTAB_KEY_TABLE1_METHOD) {
            snprintf(c->table1_method, sizeof c->table1_method, "%s", value);
        } else if (id == GANSTAB_KEY_TABLE1_NOTE) {
            snprintf(c->table1_note, sizeof c->table1_note, "%s", value);
        } else if (strncmp(value, "params.", 7) == 0) {
            /* a parameter of model expr: resolved now if declared, else when [params] declares
               it (checked in validate) */
            int i = ganstab_case_find_param(c, value + 7);
            c->critical_param_pending[0] = '\0';
            if (i >= 0) {
                c->critical_param = (ganstab_case_key)(GANSTAB_KEY_PARAM_FIRST + i);
            } else {
                if (strlen(value) >= sizeof c->critical_param_pending)
                    return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                             "key 'param': '%s' is too long", value);
                snprintf(c->critical_param_pending, sizeof c->critical_param_pending, "%s", value);
                c->critical_param = GANSTAB_CASE_NKEYS;
            }
        } else { /* critical.param: a sweepable parameter name, checked fully in validate */
            c->critical_param_pending[0] = '\0';
            ganstab_case_key pk = GANSTAB_CASE_NKEYS;
            for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
                if (strcmp(ganstab_case_key_name((ganstab_case_key)i), value) == 0)
                    pk = (ganstab_case_key)i;
            if (pk == GANSTAB_CASE_NKEYS || ganstab_case_param_ptr(c, pk) == NULL)
                return ganstab_error_set(
                    err, GANSTAB_EINVAL, where,
                    "key 'param': expected one of " REAL_PARAMS ", params.NAME, got '%s'", value);
            c->critical_param = pk;
        }
        break;
    case KEY_CHOICE: {
        int idx = choice_index(k->choices, value);
        if (idx < 0) {
            if (choice_index(k->planned, value) >= 0)
                return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                         "key '%s': '%s' is not supported in this version "
                                         "(supported: %s)",
                                         key, value, k->choices);
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected one of %s, got '%s'", key, k->choices,
                                     value);
        }
        switch (id) {
        case GANSTAB_KEY_CASE_MODEL:
            c->model = (ganstab_model_kind)idx;
            break;
        case GANSTAB_KEY_CASE_LOSS:
            c->loss = (ganstab_loss)idx;
            break;
        case GANSTAB_KEY_REG_KIND:
            c->reg_kind = (ganstab_regularizer_kind)idx;
            break;
        case GANSTAB_KEY_UPDATE_SCHEME:
            c->update.scheme = (ganstab_scheme)idx;
            break;
        case GANSTAB_KEY_UPDATE_VARIANT:
            c->update.variant = idx == 1   ? GANSTAB_VARIANT_ALTERNATING
                                : idx == 3 ? GANSTAB_VARIANT_ALIGNED
                                           : GANSTAB_VARIANT_DEFAULT;
            c->variant_choice = idx;
            break;
        case GANSTAB_KEY_UPDATE_BASE: {
            static const ganstab_scheme bases[] = {
                GANSTAB_SCHEME_SIMGD,         GANSTAB_SCHEME_ALTGD, GANSTAB_SCHEME_TTUR,
                GANSTAB_SCHEME_EXTRAGRADIENT, GANSTAB_SCHEME_SGA,   GANSTAB_SCHEME_CGD,
                GANSTAB_SCHEME_CONOPT};
            c->update.base = bases[idx];
            break;
        }
        case GANSTAB_KEY_SIMULATE_SCHEME:
            c->sim_scheme = (ganstab_scheme)idx;
            break;
        case GANSTAB_KEY_TABLE1_PAPER:
            c->table1_paper = idx;
            break;
        case GANSTAB_KEY_TABLE1_PAPER_AC:
            c->table1_paper_ac = idx;
            break;
        case GANSTAB_KEY_MODEL_DYNAMICS:
            /* a map x+ = F(x) is analysed as the update x+ = x + v(x), v = F - x: the operator
               of simgd with h = 1 (the user gives no [update] keys for it: validate) */
            c->expr_dynamics = (ganstab_expr_dynamics)idx;
            if (!c->set[GANSTAB_KEY_UPDATE_SCHEME])
                c->update.scheme = idx == 1 ? GANSTAB_SCHEME_SIMGD : GANSTAB_SCHEME_FLOW;
            if (!c->set[GANSTAB_KEY_UPDATE_H])
                c->update.h = idx == 1 ? 1.0 : 0.0;
            break;
        default:
            c->update.order = (ganstab_order)idx;
            break;
        }
        break;
    }
    case KEY_NUMBER: {
        double x = 0.0;
        if ((rc = check_number(k, value, &x, where, err)) != GANSTAB_OK)
            return rc;
        if (id == GANSTAB_KEY_UPDATE_ALPHA && x > 1.0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'alpha': expected a number in (0, 1], got '%s'", value);
        *(double *)((char *)c + k->offset) = x;
        break;
    }
    case KEY_COUNT: {
        unsigned v = 0;
        if ((rc = check_count(k, value, &v, where, err)) != GANSTAB_OK)
            return rc;
        if (id != GANSTAB_KEY_CRITICAL_SCAN && id != GANSTAB_KEY_TABLE1_STEPS &&
            v > GANSTAB_CASE_MAX_SUBSTEPS)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key '%s': expected an integer in 1..%d, got '%s'", key,
                                     GANSTAB_CASE_MAX_SUBSTEPS, value);
        /* table1.steps: at most GANSTAB_CROSSING_SCAN_MAX (check_count) */
        if (id == GANSTAB_KEY_CRITICAL_SCAN &&
            (v < GANSTAB_CROSSING_SCAN_MIN || v > GANSTAB_CROSSING_SCAN_MAX))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'scan': expected an integer in %d..%d, got '%s'",
                                     GANSTAB_CROSSING_SCAN_MIN, GANSTAB_CROSSING_SCAN_MAX, value);
        if (k->field == CASE_FIELD_SIZE)
            *(size_t *)((char *)c + k->offset) = v;
        else
            *(unsigned *)((char *)c + k->offset) = v;
        break;
    }
    }
    c->set[id] = 1;
    snprintf(c->where[id], sizeof c->where[id], "%s", where != NULL ? where : "");
    /* a key of an optional section makes the case have that section */
    static const struct {
        const char *section;
        size_t has; /* offsetof(ganstab_case, has_SECTION) */
    } optional[] = {{"critical", offsetof(ganstab_case, has_critical)},
                    {"table1", offsetof(ganstab_case, has_table1)},
                    {"simulate", offsetof(ganstab_case, has_simulate)},
                    {"placements", offsetof(ganstab_case, has_placements)},
                    {"heatmap", offsetof(ganstab_case, has_heatmap)},
                    {"sweep", offsetof(ganstab_case, has_sweep)},
                    {"map", offsetof(ganstab_case, has_map)},
                    {"optimize", offsetof(ganstab_case, has_optimize)},
                    {"plot", offsetof(ganstab_case, has_plot)},
                    {"compare", offsetof(ganstab_case, has_compare)}};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        if (strcmp(section, optional[i].section) == 0)
            *(int *)((char *)c + optional[i].has) = 1;
    return GANSTAB_OK;
}

int ganstab_case_set_assignment(ganstab_case *c, const char *assignment, ganstab_error *err)
{
    const char *eq = strchr(assignment, '=');
    const char *dot = strchr(assignment, '.');
    char where[GANSTAB_CASE_WHERE_MAX];
    if (eq == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set",
                                 "expected SECTION.KEY=VALUE, got '%s' (no '=')", assignment);
    if (dot == NULL || dot > eq || dot == assignment || dot + 1 == eq)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set",
                                 "expected SECTION.KEY=VALUE, got '%s'", assignment);
    size_t slen = (size_t)(dot - assignment), klen = (size_t)(eq - dot - 1);
    /* "update.h = 0.5" as one shell word: trim blanks around the name and the value. */
    while (slen > 0 && isspace((unsigned char)assignment[0])) {
        assignment++;
        slen--;
    }
    while (klen > 0 && isspace((unsigned char)dot[klen]))
        klen--;
    const char *value = eq + 1;
    while (isspace((unsigned char)*value))
        value++;
    char value_buf[GANSTAB_CASE_TEXT_MAX];
    size_t vlen = strlen(value);
    while (vlen > 0 && isspace((unsigned char)value[vlen - 1]))
        vlen--;
    if (vlen >= sizeof value_buf)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set", "value too long in '%s'",
                                 assignment);
    memcpy(value_buf, value, vlen);
    value_buf[vlen] = '\0';
    char section[64], key[64];
    if (slen >= sizeof section || klen >= sizeof key)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--set", "name too long in '%s'", assignment);
    memcpy(section, assignment, slen);
    section[slen] = '\0';
    memcpy(key, dot + 1, klen);
    key[klen] = '\0';
    snprintf(where, sizeof where, "--set %s.%s", section, key);
    if (strcmp(section, "params") == 0 && ganstab_case_find_param(c, key) < 0) {
        char known[GANSTAB_ERROR_MESSAGE_MAX / 2] = "";
        size_t used = 0;
        for (size_t i = 0; i < c->n_params && used + 40 < sizeof known; i++)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i > 0 ? ", " : "",
                                     c->params[i].name);
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "unknown parameter '%s' (--set changes parameters the case "
                                 "declares in [params]: %s)",
                                 key, used > 0 ? known : "it declares none");
    }
    return ganstab_case_set(c, section, key, value_buf, where, err);
}

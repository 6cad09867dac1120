/* The checks of a case that need several keys (ganstab_case_validate): required keys per model
 * and scheme, keys that do not apply, [compare] optimizer specs, study axes, [plot] axes. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "ganstab/case.h"

#include "ganstab/compare.h"     /* [compare] defaults */
#include "ganstab/gmm_heatmap.h" /* [heatmap] dynamics */
#include "ganstab/matrix_game.h"

#include "ganstab/critical.h"
#include "ganstab/symbolic.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"

/* Where to point a cross-key error: the key that made the other key necessary. */
static const char *where_of(const ganstab_case *c, ganstab_case_key key)
{
    if (c->set[key] && c->where[key][0] != '\0')
        return c->where[key];
    return c->file[0] != '\0' ? c->file : "case";
}

static int require(const ganstab_case *c, ganstab_case_key needed, ganstab_case_key because,
                   const char *because_value, ganstab_error *err)
{
    if (c->set[needed])
        return GANSTAB_OK;
    return ganstab_error_set(
        err, GANSTAB_EINVAL, where_of(c, because), "missing required key '%s' (needed by %s = %s)",
        ganstab_case_key_name(needed), ganstab_case_key_name(because), because_value);
}

/* The [update] keys update rule u needs (u: the case's, or the [simulate] scheme's with the
 * case's keys), each missing one reported at key `because` (update.scheme or simulate.scheme). */
static int require_update_keys(const ganstab_case *c, ganstab_scheme scheme,
                               ganstab_case_key because, ganstab_error *err)
{
    const char *name = ganstab_scheme_name(scheme);
    ganstab_case_key need[4];
    size_t n = 0;
    ganstab_scheme inner = scheme == GANSTAB_SCHEME_LOOKAHEAD && c->set[GANSTAB_KEY_UPDATE_BASE]
                               ? c->update.base
                               : scheme;
    if (scheme == GANSTAB_SCHEME_LOOKAHEAD)
        need[n++] = GANSTAB_KEY_UPDATE_BASE;
    if (inner == GANSTAB_SCHEME_TTUR) {
        need[n++] = GANSTAB_KEY_UPDATE_HG;
        need[n++] = GANSTAB_KEY_UPDATE_HD;
    } else if (inner != GANSTAB_SCHEME_FLOW && inner != GANSTAB_SCHEME_LOOKAHEAD) {
        need[n++] = GANSTAB_KEY_UPDATE_H;
    }
    if (inner == GANSTAB_SCHEME_MOMENTUM || inner == GANSTAB_SCHEME_COMPLEX_MOMENTUM)
        need[n++] = GANSTAB_KEY_UPDATE_BETA;
    if (inner == GANSTAB_SCHEME_COMPLEX_MOMENTUM)
        need[n++] = GANSTAB_KEY_UPDATE_BETA_IM;
    if (inner == GANSTAB_SCHEME_SGA)
        need[n++] = GANSTAB_KEY_UPDATE_LAMBDA;
    if (inner == GANSTAB_SCHEME_CONOPT)
        need[n++] = GANSTAB_KEY_UPDATE_GAMMA;
    for (size_t i = 0; i < n; i++) {
        int rc = require(c, need[i], because, name, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

/* The optimizers' [update] keys: each given one must matter to the scheme (a momentum beta with
 * simgd is a mistake worth an error, not a silent no-op), the variant must be one of the scheme's,
 * and an alternating or block-structured rule needs players. */
static int validate_update(const ganstab_case *c, int players, ganstab_error *err)
{
    static const ganstab_case_key keys[] = {
        GANSTAB_KEY_UPDATE_HE,      GANSTAB_KEY_UPDATE_BETA,   GANSTAB_KEY_UPDATE_BETA_IM,
        GANSTAB_KEY_UPDATE_VARIANT, GANSTAB_KEY_UPDATE_BASE,   GANSTAB_KEY_UPDATE_K,
        GANSTAB_KEY_UPDATE_ALPHA,   GANSTAB_KEY_UPDATE_LAMBDA, GANSTAB_KEY_UPDATE_GAMMA};
    const ganstab_update *u = &c->update;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *why = ganstab_case_update_key_why(c, keys[i]);
        if (c->set[keys[i]] && why != NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, keys[i]),
                                     "key '%s': does not apply here (%s; scheme is %s)",
                                     ganstab_case_key_table[keys[i]].key, why,
                                     ganstab_scheme_name(u->scheme));
    }
    if (c->set[GANSTAB_KEY_UPDATE_VARIANT]) {
        int momentum = u->scheme == GANSTAB_SCHEME_MOMENTUM;
        if (momentum != (c->variant_choice <= 1))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_VARIANT),
                                     "key 'variant': %s takes %s, got '%s'",
                                     momentum ? "momentum" : "sga",
                                     momentum ? "simultaneous or alternating" : "plain or aligned",
                                     c->variant_choice == 0   ? "simultaneous"
                                     : c->variant_choice == 1 ? "alternating"
                                     : c->variant_choice == 2 ? "plain"
                                                              : "aligned");
    }
    int split = ganstab_case_scheme_runs(u, GANSTAB_SCHEME_CGD) ||
                ganstab_case_scheme_runs(u, GANSTAB_SCHEME_ALTGD) ||
                ganstab_case_scheme_runs(u, GANSTAB_SCHEME_TTUR) ||
                (u->scheme == GANSTAB_SCHEME_MOMENTUM && u->variant == GANSTAB_VARIANT_ALTERNATING);
    if (!players && split && u->scheme != GANSTAB_SCHEME_ALTGD && u->scheme != GANSTAB_SCHEME_TTUR)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_SCHEME),
                                 "key 'scheme': %s treats the generator and the discriminator "
                                 "differently; a field over 'state' has no players (name them "
                                 "with generator and discriminator)",
                                 ganstab_scheme_name(u->scheme));
    return GANSTAB_OK;
}

int ganstab_compare_apply(const ganstab_case *c, const char *spec, const char *where,
                          ganstab_case *out, ganstab_error *err)
{
    ganstab_case fresh;
    ganstab_case_init(&fresh, c->file);
    *out = *c;
    out->update = fresh.update;
    out->variant_choice = 0;
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++) /* the spec replaces all of [update] */
        if (ganstab_case_key_in_section((ganstab_case_key)i, "update"))
            out->set[i] = 0;
    /* the studies, runs and figures of the case concern its own update rule */
    out->has_critical = out->has_sweep = out->has_map = out->has_optimize = 0;
    out->has_simulate = out->has_table1 = out->has_plot = out->has_heatmap = 0;
    out->has_placements = 0;
    out->has_compare = 0;
    out->n_compare = 0;
    out->set[GANSTAB_KEY_SIMULATE_SCHEME] = 0;
    out->n_expect = 0;
    if (c->model == GANSTAB_MODEL_EXPR && c->expr_dynamics == GANSTAB_EXPR_MAP)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "model.dynamics is map: the map is its own update rule, there "
                                 "are no optimizers to compare");
    char buf[GANSTAB_CASE_TEXT_MAX];
    if (strlen(spec) >= sizeof buf)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "optimizer '%.60s...' is too long",
                                 spec);
    snprintf(buf, sizeof buf, "%s", spec);
    int rc = GANSTAB_OK, first = 1;
    for (char *save = NULL, *tok = strtok_r(buf, " \t", &save); tok != NULL && rc == GANSTAB_OK;
         tok = strtok_r(NULL, " \t", &save)) {
        if (first) {
            first = 0;
            rc = ganstab_case_set(out, "update", "scheme", tok, where, err);
            continue;
        }
        char *eq = strchr(tok, '=');
        if (eq == NULL || eq == tok)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "optimizer '%s': expected KEY=VALUE after the scheme, got "
                                     "'%s'",
                                     spec, tok);
        *eq = '\0';
        if (strcmp(tok, "h") == 0 || strcmp(tok, "hg") == 0 || strcmp(tok, "hd") == 0 ||
            strcmp(tok, "scheme") == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "optimizer '%s': '%s' cannot be set here (the step size h is "
                                     "what the comparison varies; the scheme is the first word)",
                                     spec, tok);
        rc = ganstab_case_set(out, "update", tok, eq + 1, where, err);
    }
    if (rc != GANSTAB_OK)
        return rc;
    if (first)
        return ganstab_error_set(err, GANSTAB_EINVAL, where, "empty optimizer");
    const ganstab_update *u = &out->update;
    if (u->scheme == GANSTAB_SCHEME_FLOW || u->scheme == GANSTAB_SCHEME_TTUR ||
        u->scheme == GANSTAB_SCHEME_OPTIMAL || u->scheme == GANSTAB_SCHEME_UNROLLED ||
        (u->scheme == GANSTAB_SCHEME_LOOKAHEAD && u->base == GANSTAB_SCHEME_TTUR))
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "optimizer '%s': %s has no single step size h to compare", spec,
                                 ganstab_scheme_name(u->scheme));
    if ((rc = ganstab_case_set(out, "update", "h", "1", where, err)) != GANSTAB_OK)
        return rc;
    return ganstab_case_validate(out, err);
}

/* [compare]: the range inside (0, inf) with from < to, and every optimizer applicable to the
 * case's game (ganstab_compare_apply), each error at its line. */
static int validate_compare(const ganstab_case *c, ganstab_error *err)
{
    double from = c->set[GANSTAB_KEY_COMPARE_FROM] ? c->compare_from : GANSTAB_COMPARE_DEFAULT_FROM;
    double to = c->set[GANSTAB_KEY_COMPARE_TO] ? c->compare_to : GANSTAB_COMPARE_DEFAULT_TO;
    if (!(from < to))
        return ganstab_error_set(
            err, GANSTAB_EINVAL,
            where_of(c, c->set[GANSTAB_KEY_COMPARE_TO] ? GANSTAB_KEY_COMPARE_TO
                                                       : GANSTAB_KEY_COMPARE_FROM),
            "[compare]: expected from < to, got from = %.17g, to = %.17g", from, to);
    ganstab_case *tmp = malloc(sizeof *tmp);
    if (tmp == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "case", "out of memory");
    int rc = GANSTAB_OK;
    for (size_t i = 0; rc == GANSTAB_OK && i < c->n_compare; i++)
        rc = ganstab_compare_apply(c, c->compare_spec[i], c->compare_where[i], tmp, err);
    free(tmp);
    return rc;
}

/* [simulate]: steps given; a flow needs t_end, nothing else may have it; the scheme suits the
 * model; expect only for model gmm (the behaviours are the GMM-GAN's). The start's length is
 * checked against the model's state dimension where the model is built (ganstab_simulate). */
static int validate_simulate(const ganstab_case *c, ganstab_error *err)
{
    const char *at = c->file[0] != '\0' ? c->file : "case";
    if (!c->set[GANSTAB_KEY_SIMULATE_STEPS])
        return ganstab_error_set(err, GANSTAB_EINVAL, at, "[simulate]: missing required key '%s'",
                                 ganstab_case_key_name(GANSTAB_KEY_SIMULATE_STEPS));
    ganstab_scheme scheme = c->set[GANSTAB_KEY_SIMULATE_SCHEME] ? c->sim_scheme : c->update.scheme;
    const char *name = ganstab_scheme_name(scheme);
    if (scheme == GANSTAB_SCHEME_FLOW && !c->set[GANSTAB_KEY_SIMULATE_T_END])
        return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                 "[simulate]: missing required key 'simulate.t_end' (the horizon "
                                 "of a flow)");
    if (scheme != GANSTAB_SCHEME_FLOW && c->set[GANSTAB_KEY_SIMULATE_T_END])
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_T_END),
                                 "key 't_end': only a flow has a horizon (the simulation runs %s)",
                                 name);
    if ((scheme == GANSTAB_SCHEME_OPTIMAL || scheme == GANSTAB_SCHEME_UNROLLED) &&
        c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_SCHEME),
                                 "key 'scheme': '%s' is a dynamics of model gmm only", name);
    if (scheme != c->update.scheme) {
        /* the step sizes and coefficients the simulated scheme needs come from [update] */
        int rc = require_update_keys(c, scheme, GANSTAB_KEY_SIMULATE_SCHEME, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    if (c->set[GANSTAB_KEY_SIMULATE_EXPECT] && c->model != GANSTAB_MODEL_GMM)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_SIMULATE_EXPECT),
                                 "key 'expect': behaviours are detected for model gmm only");
    return GANSTAB_OK;
}

static int validate_expr(const ganstab_case *c, ganstab_error *err)
{
    ganstab_case_expr *ce = malloc(sizeof *ce);
    if (ce == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "case", "out of memory");
    ganstab_case_expr_spec(c, ce);
    size_t n = 0, n_g = 0;
    int rc = ganstab_expr_check(&ce->spec, &n, &n_g, err);
    free(ce);
    if (rc != GANSTAB_OK)
        return rc;
    int players = c->expr_text[GANSTAB_KEY_MODEL_STATE - GANSTAB_KEY_MODEL_GENERATOR][0] == '\0';
    int map = c->expr_dynamics == GANSTAB_EXPR_MAP;
    if (c->set[GANSTAB_KEY_CASE_LOSS])
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CASE_LOSS),
                                 "key 'loss': model expr writes its loss in the formulas (f, fns, "
                                 "fw); case.loss does not apply, got '%s'",
                                 ganstab_loss_name(c->loss));
    if (c->set[GANSTAB_KEY_MODEL_NODES] &&
        c->expr_text[GANSTAB_KEY_MODEL_DATA - GANSTAB_KEY_MODEL_GENERATOR][0] == '\0')
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MODEL_NODES),
                                 "key 'nodes': quadrature nodes are for data variables "
                                 "(model.data), and the model has none");
    const char *reg = ganstab_regularizer_name(c->reg_kind);
    switch (c->reg_kind) {
    case GANSTAB_REG_NONE:
        break;
    case GANSTAB_REG_CONOPT:
    case GANSTAB_REG_NK:
        if (map)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                     "key 'kind': a map (model.dynamics = map) is its own update "
                                     "rule; regularizer %s transforms a vector field",
                                     reg);
        if (c->reg_kind == GANSTAB_REG_NK && !players)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                     "key 'kind': regularizer nk acts on the generator through "
                                     "the discriminator's gradient; a field over 'state' has no "
                                     "players (name them with generator and discriminator)");
        break;
    default:
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                 "key 'kind': regularizer %s needs the discriminator's input "
                                 "gradient or the data distribution, which a formula for L does "
                                 "not define; model expr supports none, conopt and nk",
                                 reg);
    }
    /* every [update] key, and the [simulate] scheme (in key order) */
    for (int i = 0; map && i < GANSTAB_CASE_NKEYS; i++) {
        ganstab_case_key k = (ganstab_case_key)i;
        if (c->set[k] &&
            (ganstab_case_key_in_section(k, "update") || k == GANSTAB_KEY_SIMULATE_SCHEME))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, k),
                                     "key '%s': a map (model.dynamics = map) is its own update "
                                     "rule x+ = F(x); [update] keys do not apply",
                                     ganstab_case_key_table[k].key);
    }
    ganstab_scheme sim = c->set[GANSTAB_KEY_SIMULATE_SCHEME] ? c->sim_scheme : c->update.scheme;
    if (!players &&
        (c->update.scheme == GANSTAB_SCHEME_ALTGD || c->update.scheme == GANSTAB_SCHEME_TTUR ||
         sim == GANSTAB_SCHEME_ALTGD || sim == GANSTAB_SCHEME_TTUR)) {
        int in_sim =
            sim != c->update.scheme && (sim == GANSTAB_SCHEME_ALTGD || sim == GANSTAB_SCHEME_TTUR);
        ganstab_case_key k = in_sim ? GANSTAB_KEY_SIMULATE_SCHEME : GANSTAB_KEY_UPDATE_SCHEME;
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, k),
                                 "key 'scheme': %s updates the generator and the discriminator "
                                 "separately; a field over 'state' has no players (name them "
                                 "with generator and discriminator)",
                                 ganstab_scheme_name(in_sim ? sim : c->update.scheme));
    }
    (void)n;
    (void)n_g;
    return GANSTAB_OK;
}

/* Model matrix: only J is known, so only what needs J alone applies. Without generator_dim
 * there are no players (no altgd, ttur, cgd, alternating momentum, nk); gradient penalties and
 * instance noise need the discriminator D(x) and the data, which J does not give; ConOpt and NK
 * are exact (the curvature of a linear field is 0). No nonlinear field: nothing to simulate
 * ([simulate], and [table1], whose check simulates). The file is read here, so that a bad one
 * fails before any output. */
static int validate_matrix(const ganstab_case *c, ganstab_error *err)
{
    int rc = require(c, GANSTAB_KEY_MODEL_JACOBIAN, GANSTAB_KEY_CASE_MODEL, "matrix", err);
    if (rc != GANSTAB_OK)
        return rc;
    if (c->set[GANSTAB_KEY_CASE_LOSS])
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CASE_LOSS),
                                 "key 'loss': model matrix is given by its Jacobian J alone; "
                                 "case.loss does not apply, got '%s'",
                                 ganstab_loss_name(c->loss));
    int players = c->matrix_generator_dim > 0;
    const char *reg = ganstab_regularizer_name(c->reg_kind);
    if (c->reg_kind != GANSTAB_REG_NONE && c->reg_kind != GANSTAB_REG_CONOPT &&
        c->reg_kind != GANSTAB_REG_NK)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                 "key 'kind': regularizer %s needs the discriminator's input "
                                 "gradient or the data distribution, which the Jacobian J alone "
                                 "does not give; model matrix supports none, conopt and nk",
                                 reg);
    if (c->reg_kind == GANSTAB_REG_NK && !players)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                 "key 'kind': regularizer nk acts on the generator through the "
                                 "discriminator's gradient; model matrix needs model.generator_dim "
                                 "to know which components are the generator's");
    const ganstab_update *u = &c->update;
    int split = ganstab_case_scheme_runs(u, GANSTAB_SCHEME_CGD) ||
                ganstab_case_scheme_runs(u, GANSTAB_SCHEME_ALTGD) ||
                ganstab_case_scheme_runs(u, GANSTAB_SCHEME_TTUR) ||
                (u->scheme == GANSTAB_SCHEME_MOMENTUM && u->variant == GANSTAB_VARIANT_ALTERNATING);
    if (split && !players)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_SCHEME),
                                 "key 'scheme': %s treats the generator and the discriminator "
                                 "differently; model matrix needs model.generator_dim to know "
                                 "which components are the generator's",
                                 ganstab_scheme_name(u->scheme));
    for (int i = 0; i < GANSTAB_CASE_NKEYS; i++)
        if (c->set[i] && (ganstab_case_key_in_section((ganstab_case_key)i, "simulate") ||
                          ganstab_case_key_in_section((ganstab_case_key)i, "table1")))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, (ganstab_case_key)i),
                                     "[%s]: model matrix has no nonlinear field to simulate (only "
                                     "its Jacobian J)",
                                     ganstab_case_key_table[i].section);
    size_t n = 0;
    if ((rc = ganstab_matrix_game_read(c->matrix_path, NULL, &n, err)) != GANSTAB_OK)
        return rc;
    if (c->matrix_generator_dim >= n)
        return ganstab_error_set(
            err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MODEL_GENERATOR_DIM),
            "key 'generator_dim': expected an integer in 1..%zu (n - 1 for the "
            "%zu-by-%zu matrix in %s), got %zu",
            n - 1, n, n, c->matrix_path, c->matrix_generator_dim);
    return GANSTAB_OK;
}

/* A study's parameter and range against the case (the same checks as `sweep`, `map` and
 * `optimize` make on their options), each error at the key that caused it. */
static int validate_studies(const ganstab_case *c, ganstab_error *err)
{
    const char *at = c->file[0] != '\0' ? c->file : "case";
    ganstab_axis axis;
    ganstab_case_key key = GANSTAB_KEY_REG_GAMMA;
    int rc = GANSTAB_OK;
    if (c->has_sweep) {
        static const ganstab_case_key need[] = {GANSTAB_KEY_SWEEP_PARAM, GANSTAB_KEY_SWEEP_FROM,
                                                GANSTAB_KEY_SWEEP_TO, GANSTAB_KEY_SWEEP_STEPS};
        for (size_t i = 0; i < 4; i++)
            if (!c->set[need[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                         "[sweep]: missing required key '%s'",
                                         ganstab_case_key_name(need[i]));
        if ((rc = ganstab_case_param_lookup(c, c->sweep_param, where_of(c, GANSTAB_KEY_SWEEP_PARAM),
                                            &key, err)) != GANSTAB_OK ||
            (rc = ganstab_axis_init(c, c->sweep_param, c->sweep_from, c->sweep_to,
                                    c->sweep_steps + 1, 2, GANSTAB_STUDY_MAX_STEPS + 1,
                                    where_of(c, GANSTAB_KEY_SWEEP_TO), &axis, err)) != GANSTAB_OK)
            return rc;
    }
    if (c->has_map) {
        static const ganstab_case_key axes[] = {GANSTAB_KEY_MAP_X, GANSTAB_KEY_MAP_Y};
        ganstab_case_key keys[2] = {GANSTAB_KEY_REG_GAMMA, GANSTAB_KEY_REG_GAMMA};
        for (size_t a = 0; a < 2; a++) {
            if (!c->set[axes[a]])
                return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                         "[map]: missing required key '%s'",
                                         ganstab_case_key_name(axes[a]));
            if ((rc = ganstab_axis_init(c, c->map_param[a], c->map_from[a], c->map_to[a],
                                        c->map_count[a], GANSTAB_MAP_AXIS_MIN, GANSTAB_MAP_AXIS_MAX,
                                        where_of(c, axes[a]), &axis, err)) != GANSTAB_OK)
                return rc;
            keys[a] = axis.key;
        }
        if (keys[0] == keys[1])
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MAP_Y),
                                     "key 'y': '%s' is already map.x's parameter", c->map_param[1]);
    }
    if (c->has_optimize) {
        if (!c->set[GANSTAB_KEY_OPTIMIZE_PARAM])
            return ganstab_error_set(err, GANSTAB_EINVAL, at,
                                     "[optimize]: missing required key 'optimize.param'");
        int given = c->set[GANSTAB_KEY_OPTIMIZE_FROM] + c->set[GANSTAB_KEY_OPTIMIZE_TO];
        if (given == 1)
            return ganstab_error_set(err, GANSTAB_EINVAL,
                                     where_of(c, c->set[GANSTAB_KEY_OPTIMIZE_FROM]
                                                     ? GANSTAB_KEY_OPTIMIZE_FROM
                                                     : GANSTAB_KEY_OPTIMIZE_TO),
                                     "[optimize]: give both 'from' and 'to', or neither");
        int geometric = 0;
        if ((rc = ganstab_optimize_axis_init(c, c->optimize_param, given == 2, c->optimize_from,
                                             c->optimize_to, c->optimize_scan,
                                             where_of(c, GANSTAB_KEY_OPTIMIZE_PARAM), &axis,
                                             &geometric, err)) != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

/* [plot] axes name two components of the model's state (a phase portrait needs a plane);
 * window only applies with a two-dimensional state or explicit axes. */
static int validate_plot(const ganstab_case *c, ganstab_error *err)
{
    size_t n = 0;
    int rc = ganstab_case_dimension(c, &n, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (c->set[GANSTAB_KEY_PLOT_WINDOW] && n != 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_PLOT_WINDOW),
                                 "key 'window': the phase portrait needs a two-dimensional state; "
                                 "model %s has %zu components",
                                 ganstab_model_name(c->model), n);
    if (!c->set[GANSTAB_KEY_PLOT_AXES])
        return GANSTAB_OK;
    if (n != 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_PLOT_AXES),
                                 "key 'axes': the phase portrait needs a two-dimensional state; "
                                 "model %s has %zu components",
                                 ganstab_model_name(c->model), n);
    ganstab_game g;
    if ((rc = ganstab_game_init(c, &g, err)) != GANSTAB_OK)
        return rc;
    for (size_t a = 0; a < 2 && rc == GANSTAB_OK; a++) {
        int found = 0;
        for (size_t i = 0; i < n; i++)
            found |= strcmp(g.model->state_names[i], c->plot_axes[a]) == 0;
        if (!found)
            rc = ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_PLOT_AXES),
                                   "key 'axes': '%s' is not a state component of model %s "
                                   "(%s, %s)",
                                   c->plot_axes[a], ganstab_model_name(c->model),
                                   g.model->state_names[0], g.model->state_names[1]);
    }
    ganstab_game_free(&g);
    return rc;
}

int ganstab_case_validate(const ganstab_case *c, ganstab_error *err)
{
    int rc = GANSTAB_OK;
    if (!c->set[GANSTAB_KEY_CASE_MODEL])
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "case",
                                 "missing required key 'case.model' (expected one of dirac, lq2d, "
                                 "lq, gmm, expr, matrix)");
    static const struct {
        ganstab_case_key key;
        ganstab_model_kind model;
    } model_keys[] = {{GANSTAB_KEY_MODEL_DIM, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_MEAN, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_COV, GANSTAB_MODEL_LQ},
                      {GANSTAB_KEY_MODEL_MU_STAR, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_DISC, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_MODE_COLLAPSE, GANSTAB_MODEL_GMM},
                      {GANSTAB_KEY_MODEL_GENERATOR, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_DISCRIMINATOR, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_STATE, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_PAYOFF, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_GENERATOR_PAYOFF, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_FIELD, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_EQUILIBRIUM, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_GUESS, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_DATA, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_DYNAMICS, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_NODES, GANSTAB_MODEL_EXPR},
                      {GANSTAB_KEY_MODEL_JACOBIAN, GANSTAB_MODEL_MATRIX},
                      {GANSTAB_KEY_MODEL_GENERATOR_DIM, GANSTAB_MODEL_MATRIX}};
    for (size_t i = 0; i < sizeof model_keys / sizeof model_keys[0]; i++)
        if (c->set[model_keys[i].key] && c->model != model_keys[i].model)
            return ganstab_error_set(
                err, GANSTAB_EINVAL, where_of(c, model_keys[i].key),
                "unknown key '%s' in [model]: model '%s' has no such key (%s is a key of model "
                "%s)",
                ganstab_case_key_table[model_keys[i].key].key, ganstab_model_name(c->model),
                ganstab_case_key_table[model_keys[i].key].name,
                ganstab_model_name(model_keys[i].model));
    if (c->model == GANSTAB_MODEL_GMM) {
        static const ganstab_case_key need[] = {GANSTAB_KEY_MODEL_MU_STAR, GANSTAB_KEY_MODEL_DISC};
        for (size_t i = 0; i < 2; i++)
            if ((rc = require(c, need[i], GANSTAB_KEY_CASE_MODEL, "gmm", err)) != GANSTAB_OK)
                return rc;
        if (c->loss != GANSTAB_LOSS_STANDARD)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CASE_LOSS),
                                     "key 'loss': model gmm has its own payoff (Li et al. 2018, "
                                     "eq. (6)); case.loss does not apply, got '%s'",
                                     ganstab_loss_name(c->loss));
        if (c->reg_kind != GANSTAB_REG_NONE && c->reg_kind != GANSTAB_REG_NOISE)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_REG_KIND),
                                     "key 'kind': model gmm supports regularizer none or noise "
                                     "(its discriminator is an indicator: gradient penalties and "
                                     "curvature terms are undefined), got '%s'",
                                     ganstab_regularizer_name(c->reg_kind));
    } else if (c->update.scheme == GANSTAB_SCHEME_OPTIMAL ||
               c->update.scheme == GANSTAB_SCHEME_UNROLLED) {
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_SCHEME),
                                 "key 'scheme': '%s' is a dynamics of model gmm only",
                                 ganstab_scheme_name(c->update.scheme));
    }
    if (c->model == GANSTAB_MODEL_EXPR) {
        if ((rc = validate_expr(c, err)) != GANSTAB_OK)
            return rc;
    } else if (c->model == GANSTAB_MODEL_MATRIX && (rc = validate_matrix(c, err)) != GANSTAB_OK) {
        return rc;
    } else if (c->n_params > 0) {
        return ganstab_error_set(err, GANSTAB_EINVAL, c->params[0].where,
                                 "[params]: named parameters are for model expr (the model is "
                                 "%s)",
                                 ganstab_model_name(c->model));
    }
    /* unroll counts for the unrolled scheme and for a [heatmap] with unrolled dynamics */
    if (c->set[GANSTAB_KEY_UPDATE_UNROLL] && c->update.scheme != GANSTAB_SCHEME_UNROLLED &&
        !(c->has_heatmap && (c->heatmap_dynamics & (1u << GANSTAB_GMM_UNROLLED))))
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_UPDATE_UNROLL),
                                 "key 'unroll': only update.scheme = unrolled or a [heatmap] of "
                                 "unrolled dynamics has unrolled steps (scheme is %s)",
                                 ganstab_scheme_name(c->update.scheme));
    if (c->model == GANSTAB_MODEL_LQ) {
        if (c->set[GANSTAB_KEY_MODEL_MEAN] && c->lq_mean_count != c->lq_dim)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_MODEL_MEAN),
                                     "key 'mean': expected dim = %zu numbers, got %zu", c->lq_dim,
                                     c->lq_mean_count);
        double *cov = malloc(c->lq_dim * c->lq_dim * sizeof *cov);
        if (cov == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "case", "out of memory");
        rc = ganstab_case_lq_covariance(c, cov, err);
        free(cov);
        if (rc != GANSTAB_OK)
            return rc;
    }
    if (ganstab_case_uses_gamma(c) &&
        (rc = require(c, GANSTAB_KEY_REG_GAMMA, GANSTAB_KEY_REG_KIND,
                      ganstab_regularizer_name(c->reg_kind), err)) != GANSTAB_OK)
        return rc;
    if (c->reg_kind == GANSTAB_REG_NOISE &&
        (rc = require(c, GANSTAB_KEY_REG_SIGMA, GANSTAB_KEY_REG_KIND, "noise", err)) != GANSTAB_OK)
        return rc;
    if (c->reg_kind == GANSTAB_REG_NK &&
        (rc = require(c, GANSTAB_KEY_REG_ETA, GANSTAB_KEY_REG_KIND, "nk", err)) != GANSTAB_OK)
        return rc;
    int map = c->model == GANSTAB_MODEL_EXPR && c->expr_dynamics == GANSTAB_EXPR_MAP;
    /* a map is its own update rule (validate_expr) */
    if (!map && (rc = require_update_keys(c, c->update.scheme, GANSTAB_KEY_UPDATE_SCHEME, err)) !=
                    GANSTAB_OK)
        return rc;
    int players = c->model != GANSTAB_MODEL_EXPR ||
                  c->expr_text[GANSTAB_KEY_MODEL_STATE - GANSTAB_KEY_MODEL_GENERATOR][0] == '\0';
    if ((rc = validate_update(c, players, err)) != GANSTAB_OK)
        return rc;
    if (c->has_table1) {
        static const ganstab_case_key t1[] = {GANSTAB_KEY_TABLE1_METHOD, GANSTAB_KEY_TABLE1_PAPER};
        for (size_t i = 0; i < 2; i++)
            if (!c->set[t1[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[table1]: missing required key '%s'",
                                         ganstab_case_key_name(t1[i]));
    }
    if (c->has_compare && (rc = validate_compare(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_simulate && (rc = validate_simulate(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_placements) {
        static const ganstab_case_key axes[] = {GANSTAB_KEY_PLACEMENTS_L1,
                                                GANSTAB_KEY_PLACEMENTS_L2};
        for (size_t i = 0; i < 2; i++) {
            if (!c->set[axes[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[placements]: missing required key '%s'",
                                         ganstab_case_key_name(axes[i]));
            if (c->model != GANSTAB_MODEL_GMM)
                return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, axes[i]),
                                         "[placements]: a map of discriminator placements is for "
                                         "model gmm only");
        }
    }
    if (c->has_heatmap && c->model != GANSTAB_MODEL_GMM) {
        ganstab_case_key first = GANSTAB_KEY_HEATMAP_DYNAMICS;
        for (int k = GANSTAB_KEY_HEATMAP_DYNAMICS; k <= GANSTAB_KEY_HEATMAP_SEED; k++)
            if (c->set[k]) {
                first = (ganstab_case_key)k;
                break;
            }
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, first),
                                 "[heatmap]: success heatmaps are for model gmm only");
    }
    for (size_t i = 0; i < c->n_expect; i++) {
        const char *names[GANSTAB_EXPR_MAX_PARAMS];
        double values[GANSTAB_EXPR_MAX_PARAMS];
        ganstab_sym_scope scope = {names, ganstab_case_expect_scope(c, names, values)};
        ganstab_sym tree;
        const char *f = c->expect[i].formula;
        if ((rc = ganstab_sym_parse(f, strlen(f), 0, &scope, &tree, err)) != GANSTAB_OK) {
            char message[GANSTAB_ERROR_MESSAGE_MAX];
            snprintf(message, sizeof message, "%s", err != NULL ? err->message : "");
            return ganstab_error_set(err, rc, where_of(c, GANSTAB_KEY_CRITICAL_EXPECT),
                                     "key 'expect': '%s': %s", f, message);
        }
        unsigned long long uses = ganstab_sym_uses(&tree, tree.root);
        ganstab_sym_free(&tree);
        size_t swept = (size_t)(c->critical_param - GANSTAB_KEY_PARAM_FIRST);
        if (c->critical_param >= GANSTAB_KEY_PARAM_FIRST &&
            c->critical_param <= GANSTAB_KEY_PARAM_LAST && swept < 64 && (uses >> swept) & 1u)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_EXPECT),
                                     "key 'expect': '%s' uses '%s', the parameter being swept", f,
                                     c->params[swept].name);
        if (isnan(ganstab_case_expect_value(c, i)))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_EXPECT),
                                     "key 'expect': '%s' is not a finite number", f);
    }
    if (c->has_critical && c->critical_param_pending[0] != '\0')
        return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_PARAM),
                                 "key 'param': unknown parameter '%s' ([params] does not declare "
                                 "'%s')",
                                 c->critical_param_pending, c->critical_param_pending + 7);
    if ((rc = validate_studies(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_plot && (rc = validate_plot(c, err)) != GANSTAB_OK)
        return rc;
    if (c->has_critical) {
        static const ganstab_case_key crit[] = {GANSTAB_KEY_CRITICAL_PARAM,
                                                GANSTAB_KEY_CRITICAL_FROM, GANSTAB_KEY_CRITICAL_TO};
        for (size_t i = 0; i < 3; i++)
            if (!c->set[crit[i]])
                return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] ? c->file : "case",
                                         "[critical]: missing required key '%s'",
                                         ganstab_case_key_name(crit[i]));
        if (!(c->critical_from < c->critical_to))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_of(c, GANSTAB_KEY_CRITICAL_TO),
                                     "key 'to': must be greater than critical.from (%g), got %g",
                                     c->critical_from, c->critical_to);
        ganstab_case_key k;
        if ((rc = ganstab_case_param_lookup(c, ganstab_case_param_name(c, c->critical_param),
                                            where_of(c, GANSTAB_KEY_CRITICAL_PARAM), &k, err)) !=
            GANSTAB_OK) {
            if (err != NULL) {
                char msg[GANSTAB_ERROR_MESSAGE_MAX], at[GANSTAB_ERROR_WHERE_MAX];
                snprintf(msg, sizeof msg, "%s", err->message);
                snprintf(at, sizeof at, "%s", err->where);
                ganstab_error_set(err, rc, at,
                                  "[critical] sweep: %s; change critical.param with --set or "
                                  "remove the [critical] section",
                                  msg);
            }
            return rc;
        }
        ganstab_case tmp = *c;
        if ((rc = ganstab_case_param_set(&tmp, k, c->critical_from,
                                         where_of(c, GANSTAB_KEY_CRITICAL_FROM), err)) !=
                GANSTAB_OK ||
            (rc = ganstab_case_param_set(&tmp, k, c->critical_to,
                                         where_of(c, GANSTAB_KEY_CRITICAL_TO), err)) != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

/* Is `key` a numeric parameter held by the case (a double, or the integers ng, nd)? */

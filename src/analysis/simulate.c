/* Simulation of a case's training dynamics on the full nonlinear field (simulate.h): the
 * discrete updates exactly as configured, the gradient flow by GSL's adaptive rk8pd. */
#include "ganstab/simulate.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/gmm.h"

#include "../core/gsl_quiet.h"

/* First integrator step as a fraction of the output interval: rk8pd's controller grows a step
 * by at most a factor 5 per step, so a small start costs a handful of steps and never overshoots
 * a fast initial transient. */
#define SIM_FLOW_H0_FRACTION 1e-3

void ganstab_sim_options_init(ganstab_sim_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->rtol = GANSTAB_SIM_DEFAULT_RTOL;
    opt->atol = GANSTAB_SIM_DEFAULT_ATOL;
}

void ganstab_trajectory_free(ganstab_trajectory *t)
{
    if (t == NULL)
        return;
    free(t->equilibrium);
    free(t->step);
    free(t->t);
    free(t->x);
    free(t->distance);
    free(t->energy);
    free(t->tv);
    free(t->events);
    free(t->names_owned);
    free(t);
}

/* ---- the simulation state ---------------------------------------------------------------- */

typedef struct {
    const ganstab_update *u;
    const char *file;         /* the case file, for messages ("" without one) */
    const ganstab_game *game; /* the field (borrowed) */
    size_t n, n_g;
    double clip;                    /* > 0: clamp the discriminator's parameters to [-clip, clip] */
    double *clamped;                /* n: the flow's evaluation point */
    double *aug;                    /* the discrete schemes: the augmented state (update.h), m n */
    ganstab_update_workspace *work; /* ... and the scratch space of their iteration */
    /* model gmm (a case): the TV distance and the events need the data's means and the
       mode-collapse gap; the optimal and unrolled dynamics run the GMM-GAN's own stepper (gmm.h) */
    int gmm;
    const double *gmm_mu_star;
    double gmm_mode_collapse;
    ganstab_gmm_stepper stepper;
    /* the flow's right-hand side cannot return a ganstab_error: it parks its failure here */
    int rhs_status;
    double rhs_t;
    ganstab_error rhs_err;
} sim;

/* "FILE: simulate" (or "simulate" for a case without a file): numerical failures name the case
 * like those of the analysis do. */
static void sim_where(const sim *s, char *where, size_t size)
{
    if (s->file[0] != '\0')
        snprintf(where, size, "%s: simulate", s->file);
    else
        snprintf(where, size, "simulate");
}

/* Re-issue a failure of a lower layer (err already filled, e.g. by the field) as a simulation
 * failure at point k, time t, keeping its code and message. */
static int sim_fail_at(const sim *s, size_t k, double t, ganstab_error *err)
{
    char where[GANSTAB_ERROR_WHERE_MAX];
    sim_where(s, where, sizeof where);
    char inner[GANSTAB_ERROR_MESSAGE_MAX];
    if (err == NULL)
        return GANSTAB_ENUMERIC;
    int code = err->code != GANSTAB_OK ? err->code : GANSTAB_ENUMERIC;
    /* the whole must fit one message: the inner location and message are cut if very long */
    snprintf(inner, sizeof inner, "%.200s%s%.700s", err->where, err->where[0] != '\0' ? ": " : "",
             err->message);
    return ganstab_error_set(err, code, where, "step %zu (t = %.17g): %.900s", k, t, inner);
}

/* WGAN weight clipping (ganstab_update_projection): each parameter into [-clip, clip]. */
static void clip_block(double *x, size_t n, void *ctx)
{
    double clip = *(const double *)ctx;
    for (size_t i = 0; i < n; i++)
        x[i] = fmin(fmax(x[i], -clip), clip);
}

static void clamp_discriminator(sim *s, double *x)
{
    if (s->clip > 0.0)
        clip_block(x + s->n_g, s->n - s->n_g, &s->clip);
}

/* ---- discrete schemes --------------------------------------------------------------------- */

/* One update of the configured scheme, in place: the update rules' own iteration on the
 * augmented state (its first block is x), clipping the discriminator after each of its updates
 * (ganstab_update_step), or the GMM-GAN's optimal and unrolled dynamics. */
static int discrete_update(sim *s, double *x, ganstab_error *err)
{
    const ganstab_update *u = s->u;
    switch (u->scheme) {
    case GANSTAB_SCHEME_OPTIMAL:
    case GANSTAB_SCHEME_UNROLLED:
        return ganstab_gmm_step(&s->stepper, x, NULL, err);
    case GANSTAB_SCHEME_FLOW:
        return ganstab_error_set(err, GANSTAB_EINVAL, "simulate", "not a discrete scheme");
    default: {
        ganstab_update_system sys = {.field = ganstab_game_field_fn,
                                     .field_ctx = (void *)s->game,
                                     .project = s->clip > 0.0 ? clip_block : NULL,
                                     .project_ctx = &s->clip,
                                     .n = s->n,
                                     .n_g = s->n_g};
        int rc = ganstab_update_step(u, &sys, s->aug, s->work, err);
        memcpy(x, s->aug, s->n * sizeof *x);
        return rc;
    }
    }
}

/* ---- flow --------------------------------------------------------------------------------- */

/* The (projected) field: without clipping v(x); with it, v at the clamped point with the
 * components that push a clamped discriminator parameter outward set to 0. */
static int projected_field(sim *s, const double *x, double *v, ganstab_error *err)
{
    if (s->clip <= 0.0)
        return ganstab_game_field(s->game, x, v, NULL, err);
    memcpy(s->clamped, x, s->n * sizeof *x);
    clamp_discriminator(s, s->clamped);
    int rc = ganstab_game_field(s->game, s->clamped, v, NULL, err);
    if (rc != GANSTAB_OK)
        return rc;
    for (size_t i = s->n_g; i < s->n; i++) {
        double p = s->clamped[i];
        if ((p >= s->clip && v[i] > 0.0) || (p <= -s->clip && v[i] < 0.0))
            v[i] = 0.0;
    }
    return GANSTAB_OK;
}

static int flow_rhs(double t, const double y[], double dydt[], void *params)
{
    sim *s = params;
    int rc = projected_field(s, y, dydt, &s->rhs_err);
    if (rc == GANSTAB_OK)
        return GSL_SUCCESS;
    s->rhs_status = rc;
    s->rhs_t = t;
    return GSL_EBADFUNC; /* stops the integration at once */
}

/* ---- the trajectory ----------------------------------------------------------------------- */

static ganstab_trajectory *trajectory_alloc(size_t n_points, size_t n)
{
    ganstab_trajectory *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->n_points = n_points;
    t->n = n;
    t->equilibrium = calloc(n, sizeof *t->equilibrium);
    t->step = calloc(n_points, sizeof *t->step);
    t->t = calloc(n_points, sizeof *t->t);
    t->x = calloc(n_points * n, sizeof *t->x);
    t->distance = calloc(n_points, sizeof *t->distance);
    t->energy = calloc(n_points, sizeof *t->energy);
    if (t->equilibrium == NULL || t->step == NULL || t->t == NULL || t->x == NULL ||
        t->distance == NULL || t->energy == NULL) {
        ganstab_trajectory_free(t);
        return NULL;
    }
    return t;
}

const char *ganstab_sim_event_name(ganstab_sim_event_kind kind)
{
    switch (kind) {
    case GANSTAB_SIM_EVENT_DISC_COLLAPSE:
        return "discriminator-collapse";
    case GANSTAB_SIM_EVENT_MODE_COLLAPSE:
        return "mode-collapse";
    default:
        return "mode-separate";
    }
}

static int add_event(ganstab_trajectory *tr, long step, ganstab_sim_event_kind kind, int interval,
                     ganstab_error *err)
{
    /* capacity doubles at powers of two */
    if ((tr->n_events & (tr->n_events - 1)) == 0) {
        size_t cap = tr->n_events == 0 ? 4 : 2 * tr->n_events;
        ganstab_sim_event *e = realloc(tr->events, cap * sizeof *e);
        if (e == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "simulate", "out of memory");
        tr->events = e;
    }
    tr->events[tr->n_events++] = (ganstab_sim_event){step, kind, interval};
    return GANSTAB_OK;
}

/* Model gmm: the TV distance at point k and the events between points k - 1 and k (at k = 0 the
 * start's own state: intervals that start collapsed, a start inside the mode-collapse gap). */
static int gmm_record(const sim *s, ganstab_trajectory *tr, size_t k, const double *x,
                      ganstab_error *err)
{
    int rc = ganstab_gmm_tv(s->gmm_mu_star, x, &tr->tv[k], err);
    const double *prev = k > 0 ? &tr->x[(k - 1) * s->n] : NULL;
    /* the optimal dynamics recompute the intervals every step: nothing collapses */
    for (int j = 0; rc == GANSTAB_OK && j < 2 && s->u->scheme != GANSTAB_SCHEME_OPTIMAL; j++) {
        size_t l = GANSTAB_GMM_L1 + 2 * (size_t)j, r = l + 1;
        int open_now = ganstab_gmm_interval_open(x[l], x[r]);
        int open_before = prev == NULL || ganstab_gmm_interval_open(prev[l], prev[r]);
        if (!open_now && open_before)
            rc = add_event(tr, (long)k, GANSTAB_SIM_EVENT_DISC_COLLAPSE, j + 1, err);
    }
    double gap = s->gmm_mode_collapse;
    int close_now = fabs(x[GANSTAB_GMM_MU1] - x[GANSTAB_GMM_MU2]) < gap;
    int close_before = prev != NULL && fabs(prev[GANSTAB_GMM_MU1] - prev[GANSTAB_GMM_MU2]) < gap;
    if (rc == GANSTAB_OK && close_now != close_before)
        rc = add_event(
            tr, (long)k,
            close_now ? GANSTAB_SIM_EVENT_MODE_COLLAPSE : GANSTAB_SIM_EVENT_MODE_SEPARATE, 0, err);
    return rc;
}

/* Store point k = (t, x) with its distance and energy; a non-finite state (or one whose energy
 * overflows, |x| > ~1e154) is a divergence: GANSTAB_ENUMERIC naming the step. */
static int record(const sim *s, ganstab_trajectory *tr, size_t k, double t, const double *x,
                  ganstab_error *err)
{
    double distance = 0.0, energy = 0.0;
    for (size_t i = 0; i < s->n; i++) {
        /* gmm: the optimal discriminator's unbounded ends are +-inf (gmm.h, rule 5), and
           distance and energy measure the generator only (every discriminator is optimal at
           mu_hat = mu*, so the generator's distance is what convergence means) */
        if (s->gmm && i >= s->n_g && isinf(x[i]))
            continue;
        if (!isfinite(x[i]))
            return ganstab_error_set(err, GANSTAB_ENUMERIC, "", "%s is not finite (diverged)",
                                     s->game->model->state_names[i]);
        if (s->gmm && i >= s->n_g)
            continue;
        distance = hypot(distance, x[i] - tr->equilibrium[i]); /* no overflow before |x| does */
        energy += x[i] * x[i];
    }
    if (!isfinite(distance) || !isfinite(energy))
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "",
                                 "the state's squared norm overflows (diverged)");
    tr->step[k] = (long)k;
    tr->t[k] = t;
    memcpy(&tr->x[k * s->n], x, s->n * sizeof *x);
    tr->distance[k] = distance;
    tr->energy[k] = energy;
    return s->gmm ? gmm_record(s, tr, k, x, err) : GANSTAB_OK;
}

static int run_discrete(sim *s, ganstab_trajectory *tr, double *x, ganstab_error *err)
{
    const ganstab_update *u = s->u;
    /* ttur has two step sizes: its time axis counts updates */
    double dt = u->scheme == GANSTAB_SCHEME_TTUR ? 1.0 : u->h;
    for (size_t k = 1; k < tr->n_points; k++) {
        double t = (double)k * dt;
        int rc = discrete_update(s, x, err);
        if (rc == GANSTAB_OK)
            rc = record(s, tr, k, t, x, err);
        if (rc != GANSTAB_OK)
            return sim_fail_at(s, k, t, err);
    }
    return GANSTAB_OK;
}

static int run_flow(sim *s, const ganstab_sim_options *opt, ganstab_trajectory *tr, double *y,
                    ganstab_error *err)
{
    size_t steps = tr->n_points - 1;
    double interval = opt->t_end / (double)steps;
    gsl_odeiv2_system sys = {flow_rhs, NULL, s->n, s};
    gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new(
        &sys, gsl_odeiv2_step_rk8pd, SIM_FLOW_H0_FRACTION * interval, opt->atol, opt->rtol);
    if (d == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "simulate",
                                 "cannot allocate the ODE integrator (GSL rk8pd)");
    int rc = GANSTAB_OK;
    if (gsl_odeiv2_driver_set_nmax(d, GANSTAB_SIM_FLOW_MAX_STEPS) != GSL_SUCCESS)
        rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "simulate",
                               "cannot set the integrator's step limit");
    double t = 0.0;
    double *shown = malloc(s->n * sizeof *shown);
    if (rc == GANSTAB_OK && shown == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "simulate", "out of memory");
    for (size_t k = 1; k <= steps && rc == GANSTAB_OK; k++) {
        /* the last point exactly at t_end, the others on the grid without accumulated drift */
        double t_out = k == steps ? opt->t_end : opt->t_end * (double)k / (double)steps;
        s->rhs_status = GANSTAB_OK;
        double t_before = t;
        int status = gsl_odeiv2_driver_apply(d, &t, t_out, y);
        if (status != GSL_SUCCESS) {
            if (s->rhs_status != GANSTAB_OK) {
                *err = s->rhs_err;
                rc = sim_fail_at(s, k, s->rhs_t, err);
            } else {
                char where[GANSTAB_ERROR_WHERE_MAX];
                sim_where(s, where, sizeof where);
                const char *why = status == GSL_EMAXITER
                                      ? "more than GANSTAB_SIM_FLOW_MAX_STEPS integrator steps"
                                      : "no progress at the requested tolerances";
                rc = ganstab_error_set(err, GANSTAB_ENUMERIC, where,
                                       "step %zu (t = %.17g): GSL rk8pd failed between t = %.17g "
                                       "and %.17g: %s (%s; --rtol/--atol set the tolerances)",
                                       k, t, t_before, t_out, gsl_strerror(status), why);
            }
            break;
        }
        const double *x = y;
        if (s->clip > 0.0) {
            /* the integrator may overshoot the box by its tolerance; the projected dynamics,
               whose field it evaluated, live on the clamped point */
            memcpy(shown, y, s->n * sizeof *shown);
            clamp_discriminator(s, shown);
            x = shown;
        }
        rc = record(s, tr, k, t_out, x, err);
        if (rc != GANSTAB_OK)
            rc = sim_fail_at(s, k, t_out, err);
    }
    free(shown);
    gsl_odeiv2_driver_free(d);
    return rc;
}

/* ---- options ------------------------------------------------------------------------------ */

static int validate_options(const ganstab_update *u, const ganstab_sim_options *opt, size_t n,
                            const char *const *names, ganstab_error *err)
{
    if (opt->steps < 1 || opt->steps > GANSTAB_SIM_MAX_STEPS)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--steps",
                                 "expected an integer in [1, %u], got %zu", GANSTAB_SIM_MAX_STEPS,
                                 opt->steps);
    if (u->scheme == GANSTAB_SCHEME_FLOW) {
        if (!opt->has_t_end)
            return ganstab_error_set(err, GANSTAB_EINVAL, "--t-end",
                                     "required for scheme flow (the horizon; --steps is the number "
                                     "of output intervals on [0, t_end])");
        if (!isfinite(opt->t_end) || opt->t_end <= 0.0)
            return ganstab_error_set(err, GANSTAB_EINVAL, "--t-end",
                                     "expected a finite number > 0, got %.17g", opt->t_end);
        if (!isfinite(opt->rtol) || opt->rtol < 0.0)
            return ganstab_error_set(err, GANSTAB_EINVAL, "--rtol",
                                     "expected a finite number >= 0, got %.17g", opt->rtol);
        if (!isfinite(opt->atol) || opt->atol < 0.0)
            return ganstab_error_set(err, GANSTAB_EINVAL, "--atol",
                                     "expected a finite number >= 0, got %.17g", opt->atol);
        if (opt->rtol == 0.0 && opt->atol == 0.0)
            return ganstab_error_set(err, GANSTAB_EINVAL, "--rtol",
                                     "--rtol and --atol cannot both be 0");
    }
    if (opt->has_init) {
        if (opt->n_init != n) {
            char list[GANSTAB_ERROR_MESSAGE_MAX / 2] = "";
            for (size_t i = 0, len = 0; i < n && len < sizeof list; i++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i > 0 ? "," : "",
                                        names[i]);
            return ganstab_error_set(err, GANSTAB_EINVAL, "--init",
                                     "expected %zu values (%s), got %zu", n, list, opt->n_init);
        }
        for (size_t i = 0; i < n; i++)
            if (!isfinite(opt->init[i]))
                return ganstab_error_set(err, GANSTAB_EINVAL, "--init",
                                         "value %zu (%s) is not a finite number", i + 1, names[i]);
    }
    return GANSTAB_OK;
}

/* ---- entry point -------------------------------------------------------------------------- */

/* The run on s's game (set up by the caller): validate, allocate, record the start, step. */
static int simulate_run(sim *s, const ganstab_sim_options *opt, ganstab_trajectory **out,
                        ganstab_error *err)
{
    const ganstab_model *m = s->game->model;
    const ganstab_update *u = s->u;
    s->n = ganstab_game_dimension(s->game);
    s->n_g = m->n_g;
    ganstab_trajectory *tr = NULL;
    double *x = NULL;
    int rc = validate_options(u, opt, s->n, m->state_names, err);
    if (rc == GANSTAB_OK && s->n > GANSTAB_SIM_MAX_DIM)
        rc = ganstab_error_set(err, GANSTAB_EINVAL, "simulate",
                               "state dimension %zu above GANSTAB_SIM_MAX_DIM = %d", s->n,
                               GANSTAB_SIM_MAX_DIM);
    if (rc == GANSTAB_OK) {
        tr = trajectory_alloc(opt->steps + 1, s->n);
        x = malloc(s->n * sizeof *x);
        s->clamped = malloc(s->n * sizeof *s->clamped);
        s->work = ganstab_update_workspace_alloc(u, s->n);
        if (tr != NULL && s->gmm)
            tr->tv = calloc(opt->steps + 1, sizeof *tr->tv);
        if (tr == NULL || x == NULL || s->clamped == NULL || s->work == NULL ||
            (s->gmm && tr->tv == NULL))
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "simulate",
                                   "out of memory for %zu points of dimension %zu", opt->steps + 1,
                                   s->n);
    }
    if (rc == GANSTAB_OK) {
        tr->n_g = s->n_g;
        tr->names_owned = ganstab_model_names_copy(m);
        tr->state_names = tr->names_owned;
        if (tr->names_owned == NULL)
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "simulate", "out of memory");
    }
    if (rc == GANSTAB_OK) {
        tr->scheme = u->scheme;
        m->ops->equilibrium(m, tr->equilibrium);
        for (size_t i = 0; i < s->n; i++)
            x[i] = opt->has_init ? opt->init[i] : tr->equilibrium[i] + 1.0;
        clamp_discriminator(s, x);
        s->aug = malloc(ganstab_update_memory(u) * s->n * sizeof *s->aug);
        if (s->aug == NULL)
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "simulate", "out of memory");
        else
            ganstab_update_state_init(u, x, s->n, s->aug);
        if (rc == GANSTAB_OK)
            rc = record(s, tr, 0, 0.0, x, err);
        if (rc != GANSTAB_OK)
            rc = sim_fail_at(s, 0, 0.0, err);
    }
    if (rc == GANSTAB_OK)
        rc = u->scheme == GANSTAB_SCHEME_FLOW ? run_flow(s, opt, tr, x, err)
                                              : run_discrete(s, tr, x, err);
    free(x);
    free(s->clamped);
    free(s->aug);
    ganstab_update_workspace_free(s->work);
    if (rc != GANSTAB_OK) {
        ganstab_trajectory_free(tr);
        return rc;
    }
    *out = tr;
    return GANSTAB_OK;
}

static int simulate_body(const ganstab_case *c, const ganstab_sim_options *opt,
                         ganstab_trajectory **out, ganstab_error *err)
{
    *out = NULL;
    ganstab_error_clear(err);
    sim s;
    memset(&s, 0, sizeof s);
    s.u = &c->update;
    s.file = c->file;
    ganstab_game game;
    int rc = ganstab_game_init(c, &game, err);
    if (rc != GANSTAB_OK)
        return rc;
    s.game = &game;
    s.gmm = c->model == GANSTAB_MODEL_GMM;
    s.gmm_mu_star = c->gmm_mu_star;
    s.gmm_mode_collapse = c->gmm_mode_collapse;
    int stepper =
        c->update.scheme == GANSTAB_SCHEME_OPTIMAL || c->update.scheme == GANSTAB_SCHEME_UNROLLED;
    if (stepper && c->reg_kind != GANSTAB_REG_NONE)
        rc = ganstab_error_set(err, GANSTAB_EINVAL, "simulate",
                               "scheme %s runs the GMM-GAN's own payoff: regularizer.kind must be "
                               "none, got %s",
                               ganstab_scheme_name(c->update.scheme),
                               ganstab_regularizer_name(c->reg_kind));
    if (rc == GANSTAB_OK && stepper)
        rc = ganstab_gmm_stepper_init(
            &s.stepper,
            c->update.scheme == GANSTAB_SCHEME_OPTIMAL ? GANSTAB_GMM_OPTIMAL : GANSTAB_GMM_UNROLLED,
            c->gmm_mu_star, c->update.h, c->update.h, c->unroll, c->gmm_mode_collapse, err);
    s.clip = c->clip > 0.0 ? c->clip : 0.0;
    if (rc == GANSTAB_OK)
        rc = simulate_run(&s, opt, out, err);
    ganstab_game_free(&game);
    return rc;
}

static int simulate_game_body(const ganstab_game *g, const ganstab_update *u, double clip,
                              const ganstab_sim_options *opt, ganstab_trajectory **out,
                              ganstab_error *err)
{
    *out = NULL;
    ganstab_error_clear(err);
    if (u->scheme == GANSTAB_SCHEME_OPTIMAL || u->scheme == GANSTAB_SCHEME_UNROLLED)
        return ganstab_error_set(err, GANSTAB_EINVAL, "simulate",
                                 "scheme %s is the GMM-GAN's own dynamics: simulate its case "
                                 "(ganstab_simulate)",
                                 ganstab_scheme_name(u->scheme));
    if (!(isfinite(clip) && clip >= 0.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "simulate",
                                 "clip: expected a finite number >= 0 (0: no clipping), got %.17g",
                                 clip);
    int rc = ganstab_update_check(u, g->model->n_g, g->model->n_d, err);
    if (rc != GANSTAB_OK)
        return rc;
    sim s;
    memset(&s, 0, sizeof s);
    s.u = u;
    s.file = "";
    s.game = g;
    s.clip = clip;
    return simulate_run(&s, opt, out, err);
}

int ganstab_simulate_game(const ganstab_game *g, const ganstab_update *u, double clip,
                          const ganstab_sim_options *opt, ganstab_trajectory **out,
                          ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = simulate_game_body(g, u, clip, opt, out, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* simulate_body with GSL's error handler off, the caller's restored after (one bracket around the
 * parallel region: gsl_quiet.h). */
int ganstab_simulate(const ganstab_case *c, const ganstab_sim_options *opt,
                     ganstab_trajectory **out, ganstab_error *err)
{
    gsl_error_handler_t *saved = ganstab_gsl_quiet_begin();
    int rc = simulate_body(c, opt, out, err);
    ganstab_gsl_quiet_end(saved);
    return rc;
}

/* ---- the [simulate] section of a case ------------------------------------------------------ */

/* Swings of one coordinate: the number of direction reversals, counting only moves of at least
 * `swing` between consecutive reversals (small jitter is not an oscillation). */
static size_t count_turns(const ganstab_trajectory *tr, size_t i, double swing)
{
    size_t turns = 0;
    double lo = tr->x[i], hi = tr->x[i], ext = tr->x[i]; /* ext: the current run's extreme */
    int dir = 0;                                         /* 0: no swing of `swing` yet */
    for (size_t k = 1; k < tr->n_points; k++) {
        double x = tr->x[k * tr->n + i];
        if (dir == 0) {
            lo = fmin(lo, x);
            hi = fmax(hi, x);
            if (x - lo >= swing || hi - x >= swing) {
                dir = x - lo >= swing ? 1 : -1;
                ext = x;
            }
        } else if (dir > 0 ? x > ext : x < ext) {
            ext = x;
        } else if (fabs(x - ext) >= swing) {
            turns++;
            dir = -dir;
            ext = x;
        }
    }
    return turns;
}

static void gmm_behaviours(const ganstab_case *c, const ganstab_trajectory *tr,
                           ganstab_sim_summary *out)
{
    size_t last = tr->n_points - 1, n = tr->n;
    out->has_tv = 1;
    out->tv_start = tr->tv[0];
    out->tv_final = tr->tv[last];
    out->tv_min = tr->tv[0];
    out->tv_min_step = 0;
    for (size_t k = 1; k <= last; k++)
        if (tr->tv[k] < out->tv_min) {
            out->tv_min = tr->tv[k];
            out->tv_min_step = (long)k;
        }
    out->n_events = tr->n_events;
    for (size_t e = 0; e < tr->n_events && e < GANSTAB_SIM_SUMMARY_EVENTS; e++)
        out->events[e] = tr->events[e];
    for (size_t i = 0; i < tr->n_g; i++) {
        size_t t = count_turns(tr, i, GANSTAB_SIM_OSC_SWING);
        out->turns = t > out->turns ? t : out->turns;
    }
    size_t window = (size_t)((double)last * GANSTAB_SIM_STALL_FRACTION);
    out->stall = 0.0;
    for (size_t k = last - window; k <= last; k++)
        for (size_t i = 0; i < tr->n_g; i++)
            out->stall = fmax(out->stall, fabs(tr->x[k * n + i] - tr->x[last * n + i]));
    int mode = fabs(tr->x[last * n + GANSTAB_GMM_MU1] - tr->x[last * n + GANSTAB_GMM_MU2]) <
               c->gmm_mode_collapse;
    unsigned d = 0;
    /* not mode-collapsed too: a collapsed generator can be within TV 0.1 of the data (for
       mu* = (-0.5, 0.5) both means at 0 give TV 0.058), yet it has not learnt the mixture */
    if (out->tv_final < GANSTAB_GMM_TV_SUCCESS && !mode)
        d |= 1u << GANSTAB_BEHAVIOUR_CONVERGES;
    if (mode)
        d |= 1u << GANSTAB_BEHAVIOUR_MODE_COLLAPSE;
    for (size_t e = 0; e < tr->n_events; e++)
        if (tr->events[e].kind == GANSTAB_SIM_EVENT_DISC_COLLAPSE)
            d |= 1u << GANSTAB_BEHAVIOUR_DISC_COLLAPSE;
    if (!mode && out->tv_final >= GANSTAB_GMM_TV_SUCCESS && window > 0 &&
        out->stall < GANSTAB_SIM_STALL_TOL)
        d |= 1u << GANSTAB_BEHAVIOUR_VANISHING_GRADIENTS;
    if (out->turns >= GANSTAB_SIM_OSC_TURNS)
        d |= 1u << GANSTAB_BEHAVIOUR_OSCILLATION;
    out->detected = d;
}

int ganstab_sim_summarize(const ganstab_case *c, ganstab_sim_summary *out, ganstab_error *err)
{
    memset(out, 0, sizeof *out);
    if (!c->has_simulate)
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "case",
                                 "the case has no [simulate] section");
    ganstab_case run = *c;
    if (c->set[GANSTAB_KEY_SIMULATE_SCHEME])
        run.update.scheme = c->sim_scheme;
    ganstab_sim_options opt;
    ganstab_sim_options_init(&opt);
    opt.steps = c->sim_steps;
    opt.has_t_end = run.update.scheme == GANSTAB_SCHEME_FLOW;
    opt.t_end = c->sim_t_end;
    if (c->set[GANSTAB_KEY_SIMULATE_INIT]) {
        opt.has_init = 1;
        opt.n_init = c->sim_init_count;
        memcpy(opt.init, c->sim_init, c->sim_init_count * sizeof c->sim_init[0]);
    }
    ganstab_trajectory *tr = NULL;
    int rc = ganstab_simulate(&run, &opt, &tr, err);
    if (rc != GANSTAB_OK) {
        /* an option error names the command-line flag; here it came from the case */
        if (err != NULL && strcmp(err->where, "--init") == 0)
            snprintf(err->where, sizeof err->where, "%s",
                     c->where[GANSTAB_KEY_SIMULATE_INIT][0] != '\0'
                         ? c->where[GANSTAB_KEY_SIMULATE_INIT]
                         : "simulate.init");
        return rc;
    }
    size_t last = tr->n_points - 1;
    out->scheme = run.update.scheme;
    out->steps = c->sim_steps;
    out->n = tr->n;
    memcpy(out->start, tr->x, tr->n * sizeof *tr->x);
    memcpy(out->final, &tr->x[last * tr->n], tr->n * sizeof *tr->x);
    out->t_final = tr->t[last];
    out->distance_start = tr->distance[0];
    out->distance_final = tr->distance[last];
    if (tr->tv != NULL)
        gmm_behaviours(c, tr, out);
    out->expected = c->sim_expect;
    out->agrees = (out->detected & out->expected) == out->expected;
    ganstab_trajectory_free(tr);
    return GANSTAB_OK;
}

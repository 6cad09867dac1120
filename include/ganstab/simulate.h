/* Simulation: the training dynamics of a case run on the full nonlinear field, not its
 * linearization — the discrete update exactly as configured, or the gradient flow by an adaptive
 * Runge-Kutta integrator (GSL rk8pd). ganstab_simulate allocates the trajectory;
 * ganstab_trajectory_free releases all of it. The library never prints. */
#ifndef GANSTAB_SIMULATE_H
#define GANSTAB_SIMULATE_H

#include <stddef.h>

#include "ganstab/case.h"
#include "ganstab/error.h"
#include "ganstab/game.h"
#include "ganstab/update.h"

/* Largest state dimension an explicit start (init) can have: every model here has far fewer
 * parameters (Dirac-GAN 2; the planned GMM-GAN 6). */
#define GANSTAB_SIM_MAX_DIM 16
/* Most steps (updates, or output intervals of a flow) one simulation may have: each point keeps
 * its state, so 1e8 points of a 2-dimensional state already take ~5 GB. */
#define GANSTAB_SIM_MAX_STEPS 100000000u
/* Default tolerances of the flow integrator (GSL standard control, y-scaled): a relative error
 * per step 1e-12 keeps the Dirac-GAN invariant theta^2 + psi^2 (Lemma 2.3) to ~1e-11 over
 * t = 100, far inside what linear-stability comparisons need; the absolute part only matters
 * near the equilibrium, where it must lie below the smallest distance one wants to resolve. */
#define GANSTAB_SIM_DEFAULT_RTOL 1e-12
#define GANSTAB_SIM_DEFAULT_ATOL 1e-14
/* Most integrator steps between two output points of a flow: a guard against an integration
 * that cannot progress at the requested tolerances (rk8pd takes O(1) steps per unit time for
 * the O(1) fields here; a million steps per output interval means something is wrong). */
#define GANSTAB_SIM_FLOW_MAX_STEPS 1000000ul

typedef struct {
    /* Discrete schemes: the number of updates (steps + 1 points, step 0 the start).
     * Flow: the number of equal output intervals on [0, t_end] (steps + 1 points). */
    size_t steps;
    /* Flow only (required there, > 0, finite); ignored by the discrete schemes. */
    int has_t_end;
    double t_end;
    /* The start state, n_init = the state dimension values in the model's state order
     * (generator first). Default (has_init = 0): the equilibrium plus 1 in every component,
     * i.e. (theta, psi) = (1, 1) for the Dirac-GAN. */
    int has_init;
    size_t n_init;
    double init[GANSTAB_SIM_MAX_DIM];
    /* Flow only: relative and absolute error per integrator step (>= 0, not both 0). */
    double rtol, atol;
} ganstab_sim_options;

/* Defaults: steps 0 (must be set), no t_end, no init, rtol GANSTAB_SIM_DEFAULT_RTOL,
 * atol GANSTAB_SIM_DEFAULT_ATOL. */
void ganstab_sim_options_init(ganstab_sim_options *opt);

/* Something that happened during a GMM-GAN run (Li et al. 2018). */
typedef enum {
    /* discriminator interval `interval` (1 or 2) reached length <= 0: it is empty from now on
       and never re-opens (Sec. 6; gmm.h, rule 2) */
    GANSTAB_SIM_EVENT_DISC_COLLAPSE = 0,
    /* |mu_hat_1 - mu_hat_2| fell below model.mode_collapse (mode collapse) ... */
    GANSTAB_SIM_EVENT_MODE_COLLAPSE,
    /* ... or rose above it again */
    GANSTAB_SIM_EVENT_MODE_SEPARATE
} ganstab_sim_event_kind;

typedef struct {
    long step;
    ganstab_sim_event_kind kind;
    int interval; /* 1 or 2 for DISC_COLLAPSE, 0 otherwise */
} ganstab_sim_event;

/* "discriminator-collapse", "mode-collapse", "mode-separate" (static storage). */
const char *ganstab_sim_event_name(ganstab_sim_event_kind kind);

/* A simulated trajectory: n_points points of an n-dimensional state. All arrays are owned by
 * the trajectory; state_names is the trajectory's own copy of the model's. */
typedef struct {
    size_t n_points;                /* steps + 1 */
    size_t n, n_g;                  /* state dimension, generator parameters (first n_g) */
    const char *const *state_names; /* n names, owned (names_owned) */
    const char **names_owned;       /* ganstab_model_names_copy: one allocation */
    ganstab_scheme scheme;
    double *equilibrium; /* n: x*, the model's equilibrium (what `distance` is measured from) */
    long *step;          /* n_points: 0, 1, ..., steps */
    /* n_points: simgd, altgd: step * h; ttur: step (no single step size); flow: the time
     * t_end * step / steps */
    double *t;
    double *x;        /* n_points * n, row-major: x[k * n + i] is component i at point k
                         (finite, except the +-inf ends of gmm's optimal discriminator) */
    double *distance; /* n_points: |x - x*|_2 (model gmm: of the generator's means only) */
    double *energy;   /* n_points: sum_i x_i^2 (theta^2 + psi^2, conserved by the unregularized
                         Dirac-GAN flow: Mescheder et al. 2018, Lemma 2.3; gmm: generator only) */
    /* Model gmm only (NULL / 0 otherwise): the exact total variation distance
       d_TV(G_mu*, G_mu_hat) at every point (Li et al. 2018, eq. (3)), and the events of the run
       in step order. */
    double *tv;
    size_t n_events;
    ganstab_sim_event *events;
} ganstab_trajectory;

/* Simulate a validated case (ganstab_case_validate) with the model's nonlinear (regularized)
 * field v = ganstab_game_field:
 *   flow   x' = v(x), integrated by GSL's adaptive Prince-Dormand 8(9) (rk8pd), output at
 *          t_end * k / steps;
 *   simgd  x <- x + h v(x);
 *   ttur   theta <- theta + hg v_theta(x), psi <- psi + hd v_psi(x) (simultaneously);
 *   altgd  ng generator sub-steps theta <- theta + h v_theta(theta, psi) (psi fixed, v
 *          re-evaluated each sub-step), then nd discriminator sub-steps psi <- psi + h
 *          v_psi(theta, psi) — or the discriminator first (order = disc-first);
 *   optimal, unrolled (model gmm): ganstab_gmm_step with eta_g = eta_d = h (gmm.h): the
 *          optimal-discriminator dynamics write the best response into the state's (l, r).
 * For model gmm simgd and ttur are the first-order dynamics of Li et al. (eqs. (9)-(11)); the
 * trajectory also holds the TV distance and the collapse events. Both regularizer none and noise
 * apply to the first-order schemes; optimal and unrolled need regularizer none.
 * Weight clipping (c->clip > 0, regularizer.clip): after every update of the discriminator's
 * parameters each is clamped to [-clip, clip]; the start is clamped too. The flow then follows the
 * projected field: the discriminator parameters are clamped before v is evaluated, and a component
 * of v that pushes a clamped parameter (|psi_i| >= clip) outward is set to 0.
 * Errors: GANSTAB_EINVAL for bad options (where names the option: "--steps", "--t-end",
 * "--init", "--rtol", "--atol"); GANSTAB_ENUMERIC, where "[FILE: ]simulate" and the message
 * naming the step and time, when the state or the field stops being finite (divergence) or the
 * integrator fails; GANSTAB_ENOMEM. On failure *out is NULL. */
int ganstab_simulate(const ganstab_case *c, const ganstab_sim_options *opt,
                     ganstab_trajectory **out, ganstab_error *err);

void ganstab_trajectory_free(ganstab_trajectory *t); /* accepts NULL */

/* The same run of update rule u on a built game's nonlinear field, without a case (game.h,
 * update.h): u is checked (ganstab_update_check); clip > 0 clamps the discriminator's parameters
 * to [-clip, clip] after each of its updates (WGAN weight clipping), 0 does not. The GMM-GAN's
 * optimal and unrolled dynamics, its TV distance and its events need the case
 * (ganstab_simulate). *out owned by the caller (ganstab_trajectory_free). */
int ganstab_simulate_game(const ganstab_game *g, const ganstab_update *u, double clip,
                          const ganstab_sim_options *opt, ganstab_trajectory **out,
                          ganstab_error *err);

/* ---- the [simulate] section of a case, summarized for reports -------------------------------- */

/* Li et al. 2018, Sec. 5: a run "converged to the truth" when the final TV distance is < 0.1. */
#define GANSTAB_GMM_TV_SUCCESS 0.1
/* Vanishing gradients (their Figure 1(d)): the generator has stopped away from the data, i.e. its
 * means moved less than GANSTAB_SIM_STALL_TOL (max norm) over the last
 * GANSTAB_SIM_STALL_FRACTION of the run while the TV distance is >= GANSTAB_GMM_TV_SUCCESS and the
 * modes have not collapsed. 1e-4 over hundreds of steps is a gradient below ~1e-6/h: six orders
 * below the O(0.1) gradients of a moving run. */
#define GANSTAB_SIM_STALL_FRACTION 0.1
#define GANSTAB_SIM_STALL_TOL 1e-4
/* Oscillation (Figure 1(b), "wild oscillation"): a generator mean reverses direction at least
 * GANSTAB_SIM_OSC_TURNS times with swings of at least GANSTAB_SIM_OSC_SWING between turns (a
 * tenth of the data's mode separation in Figure 1; converging runs approach monotonically or
 * with swings far below it). */
#define GANSTAB_SIM_OSC_TURNS 4
#define GANSTAB_SIM_OSC_SWING 0.1
/* Events a summary keeps (the first ones; n_events counts all). */
#define GANSTAB_SIM_SUMMARY_EVENTS 8

typedef struct {
    ganstab_scheme scheme;
    size_t steps, n;
    double start[GANSTAB_SIM_MAX_DIM], final[GANSTAB_SIM_MAX_DIM];
    double t_final;
    double distance_start, distance_final; /* |x - x*| (gmm: of the generator's means) */
    /* model gmm only (has_tv): */
    int has_tv;
    double tv_start, tv_final, tv_min;
    long tv_min_step;
    size_t n_events;
    ganstab_sim_event events[GANSTAB_SIM_SUMMARY_EVENTS];
    size_t turns;      /* largest number of swings >= GANSTAB_SIM_OSC_SWING of one mean */
    double stall;      /* max |mu_hat(end) - mu_hat(t)| over the last stall window */
    unsigned detected; /* (1u << ganstab_behaviour) for each behaviour found */
    unsigned expected; /* the case's [simulate] expect */
    int agrees;        /* every expected behaviour detected (1 when none expected) */
} ganstab_sim_summary;

/* Run the case's [simulate] section (c->has_simulate): its scheme (default update.scheme), start
 * and steps, and summarize; for model gmm also the behaviours (case.h) and whether they include
 * the expected ones. Errors as ganstab_simulate, located at the [simulate] keys. */
int ganstab_sim_summarize(const ganstab_case *c, ganstab_sim_summary *out, ganstab_error *err);

#endif

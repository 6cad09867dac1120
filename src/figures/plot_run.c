/* The run a phase, trajectory or density figure shows (ganstab_plot_run, plot.h) and its texts
 * (plot_internal.h): the case's run scheme and the simulation options resolved from the command
 * line, the case's [simulate] section and the defaults of plot.h. */
#include "ganstab/plot.h"

#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int ganstab_plot_run(const ganstab_case *c, const ganstab_plot_options *o, ganstab_case *run,
                     ganstab_sim_options *sim, ganstab_error *err)
{
    static const ganstab_plot_options none = {0};
    if (o == NULL)
        o = &none;
    *run = *c;
    if (c->has_simulate && c->set[GANSTAB_KEY_SIMULATE_SCHEME])
        run->update.scheme = c->sim_scheme;
    ganstab_sim_options_init(sim);
    int flow = run->update.scheme == GANSTAB_SCHEME_FLOW;
    if (o->has_t_end && !flow)
        return ganstab_error_set(err, GANSTAB_EINVAL, "--t-end",
                                 "applies to update.scheme = flow only (this case runs %s: "
                                 "--steps counts its updates)",
                                 ganstab_scheme_name(run->update.scheme));
    if (o->has_init) {
        sim->has_init = 1;
        sim->n_init = o->n_init;
        memcpy(sim->init, o->init, sizeof sim->init);
    } else if (c->has_simulate && c->set[GANSTAB_KEY_SIMULATE_INIT]) {
        sim->has_init = 1;
        sim->n_init = c->sim_init_count;
        memcpy(sim->init, c->sim_init, c->sim_init_count * sizeof c->sim_init[0]);
    }
    if (flow) {
        sim->has_t_end = 1;
        sim->t_end = o->has_t_end                          ? o->t_end
                     : c->has_simulate && c->sim_t_end > 0 ? c->sim_t_end
                                                           : GANSTAB_PLOT_DEFAULT_T;
    }
    if (o->has_steps) {
        sim->steps = o->steps;
    } else if (c->has_simulate && c->sim_steps > 0) {
        sim->steps = c->sim_steps;
    } else if (flow) {
        sim->steps = GANSTAB_PLOT_FLOW_POINTS;
    } else {
        double h = run->update.scheme == GANSTAB_SCHEME_TTUR ? 1.0 : run->update.h;
        double steps = ceil(GANSTAB_PLOT_DEFAULT_T / h);
        sim->steps = steps >= GANSTAB_PLOT_DEFAULT_STEPS_MAX || !(steps >= 1.0)
                         ? GANSTAB_PLOT_DEFAULT_STEPS_MAX
                         : (size_t)steps;
    }
    return GANSTAB_OK;
}

/* "simgd, h = 0.1, 500 steps" / "gradient flow to t = 50" */
void plot_run_text(char *buf, size_t size, const ganstab_case *run, const ganstab_sim_options *sim)
{
    char h[32];
    switch (run->update.scheme) {
    case GANSTAB_SCHEME_FLOW:
        plot_number(h, sizeof h, sim->t_end);
        snprintf(buf, size, "gradient flow to t = %s", h);
        return;
    case GANSTAB_SCHEME_TTUR: {
        char hd[32];
        plot_number(h, sizeof h, run->update.hg);
        plot_number(hd, sizeof hd, run->update.hd);
        snprintf(buf, size, "ttur, h_g = %s, h_d = %s, %zu steps", h, hd, sim->steps);
        return;
    }
    case GANSTAB_SCHEME_ALTGD:
        plot_number(h, sizeof h, run->update.h);
        if (run->update.ng != 1 || run->update.nd != 1)
            snprintf(buf, size, "altgd (n_g = %u, n_d = %u), h = %s, %zu steps", run->update.ng,
                     run->update.nd, h, sim->steps);
        else
            snprintf(buf, size, "altgd, h = %s, %zu steps", h, sim->steps);
        return;
    default:
        plot_number(h, sizeof h, run->update.h);
        snprintf(buf, size, "%s, h = %s, %zu steps", ganstab_scheme_name(run->update.scheme), h,
                 sim->steps);
        return;
    }
}

/* "(θ, ψ) = (1, 1)" at point k of the trajectory; model gmm (six components):
 * "μ̂ = (-1, 2.5), D = [-1, 0.2] ∪ [-1, 2.5]"; more than four components: "(x1, …) = (…)". */
void plot_state_text(char *buf, size_t size, const ganstab_trajectory *tr, size_t k)
{
    const double *x = &tr->x[k * tr->n];
    char v[6][32];
    for (size_t i = 0; i < tr->n && i < 6; i++)
        plot_number(v[i], sizeof v[i], x[i]);
    if (tr->tv != NULL && tr->n == 6) {
        plot_format(buf, size, "μ̂ = (%s, %s), D = [%s, %s] ∪ [%s, %s]", v[0], v[1], v[2], v[3],
                    v[4], v[5]);
        return;
    }
    size_t shown = tr->n <= 4 ? tr->n : 3;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t pass = 0; pass < 2; pass++) {
        len += (size_t)snprintf(buf + len, len < size ? size - len : 0, pass == 0 ? "(" : " = (");
        for (size_t i = 0; i < shown; i++)
            len +=
                (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", i > 0 ? ", " : "",
                                 pass == 0 ? plot_symbol(tr->state_names[i]) : v[i]);
        len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s)",
                                tr->n > shown ? ", …" : "");
    }
}

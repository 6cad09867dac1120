/* The phase portrait of a two-dimensional game (plot.h): arrows of the field v, streamlines of
 * the flow x' = v(x), the simulated run of the case's own update rule, x*, and the region weight
 * clipping forbids — Mescheder et al. 2018, Figures 2-3, and Nagarajan & Kolter 2017, Figure 3.
 *
 * Streamlines are evenly spaced the way matplotlib's streamplot spaces them: the window is
 * covered by a GANSTAB_PLOT_PHASE_STREAM^2 occupancy grid; seeds are tried at the centres of the
 * grid's cells in a spiral from the border inwards; from a free cell a line is integrated
 * backwards and forwards (RK4 on the unit-speed direction field, in window-fraction coordinates
 * so that both axes count alike) and stops at the window's border, near a zero of the field, or
 * where it enters a cell another line (or an earlier part of itself) already crosses; lines
 * shorter than PHASE_MIN_LENGTH are dropped and free their cells again. */
#include "ganstab/plot.h"

#include "plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Integration step of a streamline, as a fraction of an occupancy cell: small enough that a
 * line cannot jump over a cell (so occupancy is seen), and that the RK4 error and the chord a
 * line ends on at the border (h^2 / (8 r) for a circle of radius r) stay far below a pixel
 * (relative 1e-5 on the Dirac-GAN's circles, tests/test_plot.c). */
#define PHASE_STEP_CELLS 0.1
/* A streamline ends after this length (in window widths) in one direction: a closed orbit ends
 * on its own cells long before, an open one leaves the window. */
#define PHASE_MAX_LENGTH 4.0
/* Streamlines shorter than this (window widths, both directions together) are dropped. */
#define PHASE_MIN_LENGTH 0.08
/* The field counts as zero (an equilibrium: the line stops) below this fraction of its largest
 * speed on the arrow grid. */
#define PHASE_SLOW 1e-6
/* The default window also holds the run, padded by PHASE_REACH_MARGIN, as long as that is at most
 * PHASE_REACH_MAX times the start's offset from x*. */
#define PHASE_REACH_MARGIN 1.1
#define PHASE_REACH_MAX 4.0
/* Arrows: the longest is this fraction of an arrow cell. */
#define PHASE_ARROW_FILL 0.85

typedef struct {
    ganstab_game game;
    size_t n;
    size_t ix, iy;         /* state components on the x and y axes */
    double x0, x1, y0, y1; /* window */
    double *state;         /* n: the point the field is evaluated at */
    double *v;             /* n */
    double slow;           /* speed (window fractions per unit time) counted as zero */
} phase_field;

/* The field at window-fraction coordinates (s, t) as window fractions per unit time. */
static int field_at(phase_field *f, double s, double t, double *ds, double *dt, ganstab_error *err)
{
    f->state[f->ix] = f->x0 + s * (f->x1 - f->x0);
    f->state[f->iy] = f->y0 + t * (f->y1 - f->y0);
    int rc = ganstab_game_field(&f->game, f->state, f->v, NULL, err);
    if (rc != GANSTAB_OK)
        return rc;
    *ds = f->v[f->ix] / (f->x1 - f->x0);
    *dt = f->v[f->iy] / (f->y1 - f->y0);
    return GANSTAB_OK;
}

/* The unit-speed direction, times `sign`; *stop when the field is (nearly) zero or not finite. */
static int direction(phase_field *f, double s, double t, double sign, double *ds, double *dt,
                     int *stop, ganstab_error *err)
{
    double a = 0.0, b = 0.0;
    int rc = field_at(f, s, t, &a, &b, err);
    if (rc != GANSTAB_OK)
        return rc;
    double speed = hypot(a, b);
    if (!isfinite(speed) || speed <= f->slow) {
        *stop = 1;
        return GANSTAB_OK;
    }
    *ds = sign * a / speed;
    *dt = sign * b / speed;
    return GANSTAB_OK;
}

typedef struct {
    size_t g;      /* grid cells per axis */
    int *owner;    /* g * g: 0 free, else the id of the line crossing it */
    double *s, *t; /* points of the line being traced */
    size_t len, cap;
} stream_state;

static int push(stream_state *st, double s, double t, ganstab_error *err)
{
    if (st->len == st->cap) {
        size_t cap = st->cap == 0 ? 256 : 2 * st->cap;
        double *ns = realloc(st->s, cap * sizeof *ns);
        if (ns == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
        st->s = ns;
        double *nt = realloc(st->t, cap * sizeof *nt);
        if (nt == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
        st->t = nt;
        st->cap = cap;
    }
    st->s[st->len] = s;
    st->t[st->len] = t;
    st->len++;
    return GANSTAB_OK;
}

static size_t cell_of(const stream_state *st, double s, double t)
{
    size_t i = (size_t)fmin((double)(st->g - 1), floor(s * (double)st->g));
    size_t j = (size_t)fmin((double)(st->g - 1), floor(t * (double)st->g));
    return j * st->g + i;
}

/* Trace from (s, t) in direction `sign`, appending points (the start not included); marks cells
 * with `id`; returns the length travelled in *length. */
static int trace(phase_field *f, stream_state *st, double s, double t, double sign, int id,
                 double *length, ganstab_error *err)
{
    double h = PHASE_STEP_CELLS / (double)st->g;
    size_t cell = cell_of(st, s, t);
    size_t max_steps = (size_t)(PHASE_MAX_LENGTH / h);
    *length = 0.0;
    for (size_t k = 0; k < max_steps; k++) {
        double k1s = 0, k1t = 0, k2s = 0, k2t = 0, k3s = 0, k3t = 0, k4s = 0, k4t = 0;
        int stop = 0, rc = direction(f, s, t, sign, &k1s, &k1t, &stop, err);
        if (rc == GANSTAB_OK && !stop)
            rc = direction(f, s + 0.5 * h * k1s, t + 0.5 * h * k1t, sign, &k2s, &k2t, &stop, err);
        if (rc == GANSTAB_OK && !stop)
            rc = direction(f, s + 0.5 * h * k2s, t + 0.5 * h * k2t, sign, &k3s, &k3t, &stop, err);
        if (rc == GANSTAB_OK && !stop)
            rc = direction(f, s + h * k3s, t + h * k3t, sign, &k4s, &k4t, &stop, err);
        if (rc != GANSTAB_OK)
            return rc;
        if (stop)
            return GANSTAB_OK;
        double ns = s + h / 6.0 * (k1s + 2.0 * k2s + 2.0 * k3s + k4s);
        double nt = t + h / 6.0 * (k1t + 2.0 * k2t + 2.0 * k3t + k4t);
        if (!(ns >= 0.0 && ns <= 1.0 && nt >= 0.0 && nt <= 1.0)) {
            /* end on the border: the last piece, cut where it leaves */
            double a = 1.0;
            if (ns < 0.0)
                a = fmin(a, s / (s - ns));
            if (ns > 1.0)
                a = fmin(a, (1.0 - s) / (ns - s));
            if (nt < 0.0)
                a = fmin(a, t / (t - nt));
            if (nt > 1.0)
                a = fmin(a, (1.0 - t) / (nt - t));
            if (!(a >= 0.0) || !isfinite(a))
                a = 0.0;
            *length += a * hypot(ns - s, nt - t);
            return push(st, s + a * (ns - s), t + a * (nt - t), err);
        }
        size_t next = cell_of(st, ns, nt);
        if (next != cell) {
            if (st->owner[next] != 0)
                return GANSTAB_OK; /* another line (or this one, earlier) is there */
            st->owner[next] = id;
            cell = next;
        }
        *length += hypot(ns - s, nt - t);
        s = ns;
        t = nt;
        int rc2 = push(st, s, t, err);
        if (rc2 != GANSTAB_OK)
            return rc2;
    }
    return GANSTAB_OK;
}

/* Cells of a g x g grid in a spiral from the border inwards (matplotlib's starting points). */
static void spiral(size_t g, size_t *order)
{
    size_t k = 0;
    size_t xlo = 0, xhi = g - 1, ylo = 0, yhi = g - 1;
    while (xlo <= xhi && ylo <= yhi) {
        for (size_t x = xlo; x <= xhi; x++)
            order[k++] = ylo * g + x;
        for (size_t y = ylo + 1; y <= yhi; y++)
            order[k++] = y * g + xhi;
        if (ylo < yhi)
            for (size_t x = xhi; x-- > xlo;)
                order[k++] = yhi * g + x;
        if (xlo < xhi)
            for (size_t y = yhi; y-- > ylo + 1;)
                order[k++] = y * g + xlo;
        if (xhi == 0 || yhi == 0)
            break;
        xlo++;
        ylo++;
        xhi--;
        yhi--;
    }
}

static int streamlines(phase_field *f, ganstab_plot_panel *p, ganstab_error *err)
{
    static const ganstab_plot_colour colour = {70, 130, 180};
    size_t g = GANSTAB_PLOT_PHASE_STREAM;
    stream_state st = {g, calloc(g * g, sizeof(int)), NULL, NULL, 0, 0};
    size_t *order = malloc(g * g * sizeof *order);
    unsigned char *tried = calloc(g * g, 1);
    int rc = GANSTAB_OK;
    if (st.owner == NULL || order == NULL || tried == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    if (rc == GANSTAB_OK)
        spiral(g, order);
    int id = 0, labelled = 0;
    for (size_t q = 0; rc == GANSTAB_OK && q < g * g; q++) {
        size_t cell = order[q];
        if (st.owner[cell] != 0 || tried[cell])
            continue;
        id++;
        st.owner[cell] = id;
        double s0 = ((double)(cell % g) + 0.5) / (double)g,
               t0 = ((double)(cell / g) + 0.5) / (double)g;
        double back = 0.0, fwd = 0.0;
        st.len = 0;
        rc = trace(f, &st, s0, t0, -1.0, id, &back, err);
        if (rc != GANSTAB_OK)
            break;
        /* the backward points reversed, then the seed, then forward */
        for (size_t i = 0; i < st.len / 2; i++) {
            double a = st.s[i], b = st.t[i];
            st.s[i] = st.s[st.len - 1 - i];
            st.t[i] = st.t[st.len - 1 - i];
            st.s[st.len - 1 - i] = a;
            st.t[st.len - 1 - i] = b;
        }
        if ((rc = push(&st, s0, t0, err)) != GANSTAB_OK)
            break;
        rc = trace(f, &st, s0, t0, 1.0, id, &fwd, err);
        if (rc != GANSTAB_OK)
            break;
        if (back + fwd < PHASE_MIN_LENGTH || st.len < 2) {
            for (size_t c = 0; c < g * g; c++)
                if (st.owner[c] == id)
                    st.owner[c] = 0;
            tried[cell] = 1; /* not a seed again; it stays free for other lines to cross */
            continue;
        }
        ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, st.len, 0, err);
        if (s == NULL) {
            rc = GANSTAB_ENOMEM;
            break;
        }
        for (size_t i = 0; i < st.len; i++) {
            s->x[i] = f->x0 + st.s[i] * (f->x1 - f->x0);
            s->y[i] = f->y0 + st.t[i] * (f->y1 - f->y0);
        }
        s->colour = colour;
        s->width = 0.9;
        s->arrowhead = 1;
        if (!labelled)
            plot_format(s->label, sizeof s->label, "streamlines of x' = v(x)");
        labelled = 1;
        rc = plot_thin_series(s, f->x1 - f->x0, f->y1 - f->y0, err);
    }
    free(st.owner);
    free(tried);
    free(st.s);
    free(st.t);
    free(order);
    return rc;
}

static int arrows(phase_field *f, ganstab_plot_panel *p, ganstab_error *err)
{
    size_t g = GANSTAB_PLOT_PHASE_ARROWS;
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_ARROWS, g * g, 0, err);
    if (s == NULL)
        return GANSTAB_ENOMEM;
    double fastest = 0.0;
    for (size_t j = 0; j < g; j++)
        for (size_t i = 0; i < g; i++) {
            double a = 0.0, b = 0.0, sx = ((double)i + 0.5) / (double)g,
                   ty = ((double)j + 0.5) / (double)g;
            int rc = field_at(f, sx, ty, &a, &b, err);
            if (rc != GANSTAB_OK)
                return rc;
            size_t k = j * g + i;
            s->x[k] = f->x0 + sx * (f->x1 - f->x0);
            s->y[k] = f->y0 + ty * (f->y1 - f->y0);
            s->u[k] = a; /* window fractions per unit time, scaled below */
            s->v[k] = b;
            double speed = hypot(a, b);
            if (isfinite(speed))
                fastest = fmax(fastest, speed);
        }
    f->slow = PHASE_SLOW * fastest;
    double scale = fastest > 0.0 ? PHASE_ARROW_FILL / (double)g / fastest : 0.0;
    for (size_t k = 0; k < g * g; k++) {
        s->u[k] = isfinite(s->u[k]) ? s->u[k] * scale * (f->x1 - f->x0) : NAN;
        s->v[k] = isfinite(s->v[k]) ? s->v[k] * scale * (f->y1 - f->y0) : NAN;
    }
    s->colour = (ganstab_plot_colour){170, 170, 170};
    s->width = 0.7;
    plot_format(s->label, sizeof s->label, "field v (length ∝ speed)");
    return GANSTAB_OK;
}

static const char *axis_role(size_t i, size_t n_g)
{
    return i < n_g ? "generator" : "discriminator";
}

int ganstab_plot_phase(const ganstab_case *c, const ganstab_plot_options *o,
                       ganstab_plot_figure *fig, ganstab_error *err)
{
    size_t n = 0;
    int rc = ganstab_case_dimension(c, &n, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (n != 2)
        return ganstab_error_set(err, GANSTAB_EINVAL, c->file[0] != '\0' ? c->file : "plot",
                                 "plot phase: a phase portrait needs a two-dimensional state; "
                                 "model %s has %zu components (plot --kind trajectory instead)",
                                 ganstab_model_name(c->model), n);
    ganstab_case run;
    ganstab_sim_options sim;
    ganstab_trajectory *tr = NULL;
    phase_field f;
    memset(&f, 0, sizeof f);
    rc = ganstab_plot_run(c, o, &run, &sim, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_simulate(&run, &sim, &tr, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_game_init(c, &f.game, err);
    if (rc != GANSTAB_OK) {
        ganstab_trajectory_free(tr);
        return rc;
    }
    f.n = n;
    f.ix = 0;
    f.iy = 1;
    if (c->set[GANSTAB_KEY_PLOT_AXES])
        for (size_t i = 0; i < n; i++) {
            if (strcmp(tr->state_names[i], c->plot_axes[0]) == 0)
                f.ix = i;
            if (strcmp(tr->state_names[i], c->plot_axes[1]) == 0)
                f.iy = i;
        }
    const double *xs = tr->equilibrium;
    if (c->set[GANSTAB_KEY_PLOT_WINDOW]) {
        f.x0 = c->plot_window[0];
        f.x1 = c->plot_window[1];
        f.y0 = c->plot_window[2];
        f.y1 = c->plot_window[3];
    } else {
        /* around x*: the start with a margin, and the whole run unless it goes much farther
           (a diverging run leaves the window) */
        double w = 0.0, reach = 0.0;
        for (size_t i = 0; i < n; i++)
            w = fmax(w, fabs(tr->x[i] - xs[i]));
        for (size_t k = 0; k < tr->n_points; k++)
            for (size_t i = 0; i < n; i++) {
                double d = fabs(tr->x[k * n + i] - xs[i]);
                if (isfinite(d))
                    reach = fmax(reach, d);
            }
        w = w > 0.0 ? fmax(GANSTAB_PLOT_PHASE_MARGIN * w,
                           fmin(PHASE_REACH_MARGIN * reach, PHASE_REACH_MAX * w))
                    : 1.0;
        f.x0 = xs[f.ix] - w;
        f.x1 = xs[f.ix] + w;
        f.y0 = xs[f.iy] - w;
        f.y1 = xs[f.iy] + w;
    }
    f.state = malloc(n * sizeof *f.state);
    f.v = malloc(n * sizeof *f.v);
    if (f.state == NULL || f.v == NULL)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    if (rc == GANSTAB_OK)
        rc = ganstab_plot_figure_init(fig, 1, 1, 820.0, 600.0, err);
    ganstab_plot_panel *p = &fig->panels[0];
    size_t n_g = tr->n_g;
    if (rc == GANSTAB_OK) {
        p->xmin = f.x0;
        p->xmax = f.x1;
        p->ymin = f.y0;
        p->ymax = f.y1;
        p->equal_aspect = 1;
        p->legend = GANSTAB_PLOT_LEGEND_OUTSIDE;
        plot_format(p->xlabel, sizeof p->xlabel, "%s (%s parameter)",
                    plot_symbol(tr->state_names[f.ix]), axis_role(f.ix, n_g));
        plot_format(p->ylabel, sizeof p->ylabel, "%s (%s parameter)",
                    plot_symbol(tr->state_names[f.iy]), axis_role(f.iy, n_g));
        char what[160], start[200];
        plot_run_text(what, sizeof what, &run, &sim);
        plot_state_text(start, sizeof start, tr, 0);
        plot_format(p->title, sizeof p->title,
                    "%s\nfield v, streamlines of its flow, and %s from %s",
                    c->title[0] != '\0' ? c->title : "phase portrait", what, start);
        memcpy(f.state, xs, n * sizeof *xs);
    }
    /* weight clipping: the forbidden values of a clipped discriminator parameter (Mescheder et
       al. 2018, Figure 3c) */
    if (rc == GANSTAB_OK && c->clip > 0.0) {
        static const ganstab_plot_colour red = {214, 39, 40};
        char label[GANSTAB_PLOT_LABEL_MAX];
        if (f.ix >= n_g) {
            plot_format(label, sizeof label, "forbidden by clipping (|%s| > %g)",
                        plot_symbol(tr->state_names[f.ix]), c->clip);
            if (c->clip < f.x1)
                rc = plot_rect(p, c->clip, f.y0, f.x1, f.y1, red, 0.12, label, err);
            if (rc == GANSTAB_OK && -c->clip > f.x0)
                rc = plot_rect(p, f.x0, f.y0, -c->clip, f.y1, red, 0.12, label, err);
        }
        if (rc == GANSTAB_OK && f.iy >= n_g) {
            plot_format(label, sizeof label, "forbidden by clipping (|%s| > %g)",
                        plot_symbol(tr->state_names[f.iy]), c->clip);
            if (c->clip < f.y1)
                rc = plot_rect(p, f.x0, c->clip, f.x1, f.y1, red, 0.12, label, err);
            if (rc == GANSTAB_OK && -c->clip > f.y0)
                rc = plot_rect(p, f.x0, f.y0, f.x1, -c->clip, red, 0.12, label, err);
        }
    }
    if (rc == GANSTAB_OK)
        rc = arrows(&f, p, err);
    if (rc == GANSTAB_OK)
        rc = streamlines(&f, p, err);
    /* the run of the case's own update rule */
    if (rc == GANSTAB_OK) {
        char label[GANSTAB_PLOT_LABEL_MAX];
        char what[160];
        plot_run_text(what, sizeof what, &run, &sim);
        plot_format(label, sizeof label, "%s", what);
        rc = plot_line(p, &tr->x[f.ix], n, &tr->x[f.iy], n, tr->n_points,
                       (ganstab_plot_colour){20, 20, 20}, GANSTAB_PLOT_SOLID, 1.3, label, err);
    }
    if (rc == GANSTAB_OK) {
        size_t last = tr->n_points - 1;
        rc = plot_marker(p, tr->x[f.ix], tr->x[f.iy], GANSTAB_PLOT_MARK_CIRCLE, 8.0,
                         (ganstab_plot_colour){214, 39, 40}, "start", err);
        if (rc == GANSTAB_OK)
            rc = plot_marker(p, tr->x[last * n + f.ix], tr->x[last * n + f.iy],
                             GANSTAB_PLOT_MARK_SQUARE, 7.0, (ganstab_plot_colour){20, 20, 20},
                             "end of the run", err);
        if (rc == GANSTAB_OK)
            rc = plot_marker(p, xs[f.ix], xs[f.iy], GANSTAB_PLOT_MARK_CROSS, 10.0,
                             (ganstab_plot_colour){0, 0, 0}, "equilibrium x*", err);
    }
    free(f.state);
    free(f.v);
    ganstab_game_free(&f.game);
    ganstab_trajectory_free(tr);
    return rc;
}

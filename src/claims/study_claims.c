/* Claims about parameter studies (study.h): the closed-form boundaries of the stability regions
 * checked on a stability map (every claim's predict_critical, line by line), the closed-form
 * optima of the step size and of the damping, and the Markdown derivations the reports print.
 *
 * Predictions come from the papers' formulas (claims_dirac_trdet, claims_lq2d_trdet and the
 * predict_critical functions of mescheder2018.c and nagarajan2017.c), never from the engine. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claims_internal.h"

/* ---- boundaries on a stability map --------------------------------------------------------- */

typedef struct {
    const claim_def *defs;
    const size_t *count;
} claim_table;

static const claim_table TABLES[] = {
    {GANSTAB_CLAIMS_MESCHEDER2018, &GANSTAB_CLAIMS_MESCHEDER2018_COUNT},
    {GANSTAB_CLAIMS_NAGARAJAN2017, &GANSTAB_CLAIMS_NAGARAJAN2017_COUNT},
    {GANSTAB_CLAIMS_LI2018, &GANSTAB_CLAIMS_LI2018_COUNT},
};

#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static double slack(double v)
{
    return GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(v));
}

/* Is value (on line `line` along `along`) inside a part of that line where x* is not
 * stationary? */
static int in_gap(const ganstab_stability_map *m, int along, size_t line, double value)
{
    for (size_t g = 0; g < m->ngaps; g++)
        if (m->gaps[g].along == along && m->gaps[g].line == line && value >= m->gaps[g].lo &&
            value <= m->gaps[g].hi)
            return 1;
    return 0;
}

/* One line's comparison for one claim; accumulates into chk. */
static int check_line(const claim_def *d, const ganstab_case *base, const ganstab_stability_map *m,
                      int along, size_t line, char *matched, ganstab_claim_boundary *chk,
                      ganstab_error *err)
{
    const ganstab_axis *vary = along == 0 ? &m->x : &m->y, *fixed = along == 0 ? &m->y : &m->x;
    double at = ganstab_axis_value(fixed, line);
    ganstab_case *lc = malloc(sizeof *lc);
    if (lc == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    *lc = *base;
    int rc = ganstab_case_param_set(lc, fixed->key, at, fixed->name, err);
    if (rc != GANSTAB_OK || !d->applies(lc)) {
        free(lc);
        return rc;
    }
    claim_critical_prediction pred = {0};
    rc = d->predict_critical(lc, vary->key, &pred, err);
    free(lc);
    if (rc != GANSTAB_OK)
        return rc;
    int spoken = 0;
    for (size_t k = 0; k < pred.n; k++)
        spoken |= pred.kind[k] == GANSTAB_CROSSING_STABILITY;
    size_t before = chk->predicted;
    /* the points on this line: its own, and the other direction's found exactly at a grid node
       of it (merged into one, study.c) */
    memset(matched, 0, m->npoints);
    for (size_t k = 0; k < pred.n; k++) {
        double v = pred.value[k];
        if (v < vary->from - slack(vary->from) || v > vary->to + slack(vary->to) ||
            in_gap(m, along, line, v))
            continue;
        chk->predicted++;
        size_t best = m->npoints;
        double best_err = INFINITY;
        for (size_t q = 0; q < m->npoints; q++) {
            const ganstab_map_point *p = &m->points[q];
            double fixed_coord = along == 0 ? p->y : p->x, coord = along == 0 ? p->x : p->y;
            if (fabs(fixed_coord - at) > 2.0 * slack(at) || p->crossing.kind != pred.kind[k] ||
                p->crossing.type != pred.type[k])
                continue;
            double e = fabs(coord - v);
            if (e < best_err) {
                best_err = e;
                best = q;
            }
        }
        if (best == m->npoints) {
            chk->agrees = 0;
            continue;
        }
        /* the largest distance to the nearest point of that kind and type, found or not */
        if (best_err > chk->max_abs_error || isnan(chk->worst_x)) {
            chk->max_abs_error = best_err;
            chk->worst_x = along == 0 ? v : at;
            chk->worst_y = along == 0 ? at : v;
        }
        if (!(best_err <= GANSTAB_CLAIM_CRITICAL_TOL * fmax(1.0, fabs(v)))) {
            chk->agrees = 0;
            continue;
        }
        chk->found++;
        /* the point and its twin at a grid node (found by the row and by the column) */
        double bc = along == 0 ? m->points[best].x : m->points[best].y;
        for (size_t q = 0; q < m->npoints; q++) {
            const ganstab_map_point *p = &m->points[q];
            double fc = along == 0 ? p->y : p->x, uc = along == 0 ? p->x : p->y;
            if (fabs(fc - at) <= 2.0 * slack(at) && fabs(uc - bc) <= 2.0 * slack(bc) &&
                p->crossing.kind == pred.kind[k] && p->crossing.type == pred.type[k])
                matched[q] = 1;
        }
    }
    if (chk->predicted > before)
        chk->lines++;
    if (!spoken)
        return GANSTAB_OK;
    for (size_t q = 0; q < m->npoints; q++) {
        const ganstab_map_point *p = &m->points[q];
        double fixed_coord = along == 0 ? p->y : p->x;
        /* only what this line's own search located: a point of the other direction at one of
           its grid nodes is a change across the line, not along it */
        if (matched[q] || p->along != along || fabs(fixed_coord - at) > 2.0 * slack(at) ||
            p->crossing.kind != GANSTAB_CROSSING_STABILITY ||
            p->crossing.before == p->crossing.after)
            continue;
        chk->unexplained++;
        chk->agrees = 0;
    }
    return GANSTAB_OK;
}

int ganstab_claims_check_map(const ganstab_case *c, const ganstab_stability_map *m,
                             ganstab_claim_boundary **out, size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    size_t total = 0;
    for (size_t t = 0; t < NTABLES; t++)
        total += *TABLES[t].count;
    ganstab_claim_boundary *res = calloc(total + 1, sizeof *res);
    char *matched = malloc(m->npoints + 1);
    if (res == NULL || matched == NULL) {
        free(res);
        free(matched);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    }
    size_t n = 0;
    int rc = GANSTAB_OK;
    for (size_t t = 0; rc == GANSTAB_OK && t < NTABLES; t++)
        for (size_t i = 0; rc == GANSTAB_OK && i < *TABLES[t].count; i++) {
            const claim_def *d = &TABLES[t].defs[i];
            if (d->predict_critical == NULL)
                continue;
            ganstab_claim_boundary *chk = &res[n];
            *chk = (ganstab_claim_boundary){d->id, d->statement, d->source, 0,   0, 0,
                                            0,     0.0,          NAN,       NAN, 1};
            if (!m->x.integer)
                for (size_t j = 0; rc == GANSTAB_OK && j < m->y.count; j++)
                    rc = check_line(d, c, m, 0, j, matched, chk, err);
            if (!m->y.integer)
                for (size_t k = 0; rc == GANSTAB_OK && k < m->x.count; k++)
                    rc = check_line(d, c, m, 1, k, matched, chk, err);
            if (chk->predicted > 0)
                n++;
        }
    free(matched);
    if (rc != GANSTAB_OK || n == 0) {
        free(res);
        res = NULL;
        n = 0;
    }
    *out = res;
    *count = n;
    return rc;
}

/* ---- closed-form optima -------------------------------------------------------------------- */

/* tr, det of the case's 2x2 J (claims_internal.h). */
static int field_trdet(const ganstab_case *c, double *tr, double *det)
{
    return claims_dirac_trdet(c, tr, det) || claims_lq2d_trdet(c, tr, det);
}

/* Spectral radius of I + hJ from tr, det of J: the larger modulus of the roots of
 * mu^2 - (2 + h tr) mu + (1 + h tr + h^2 det). */
static double simgd_radius(double h, double tr, double det)
{
    double b = 2.0 + h * tr, q = 1.0 + h * tr + h * h * det;
    double disc = b * b / 4.0 - q;
    if (disc < 0.0)
        return sqrt(q);
    double s = sqrt(disc);
    return fmax(fabs(b / 2.0 + s), fabs(b / 2.0 - s));
}

/* max Re of the roots of z^2 - tr z + det. */
static double flow_abscissa(double tr, double det)
{
    double disc = tr * tr / 4.0 - det;
    return disc < 0.0 ? tr / 2.0 : tr / 2.0 + sqrt(disc);
}

/* The damping parameters whose J has a fixed determinant and a trace affine in u (u = gamma for
 * gp/r1/r2, u = sigma^2 for noise, u = eta for nk on the LQ-GAN): tr = t0 + t1 u. */
static int damping_affine(const ganstab_case *c, ganstab_case_key key, double *t0, double *t1,
                          double *det, int *squared)
{
    *squared = 0;
    int ok = 0;
    if (key == GANSTAB_KEY_REG_GAMMA && c->model == GANSTAB_MODEL_DIRAC &&
        (c->reg_kind == GANSTAB_REG_GP || c->reg_kind == GANSTAB_REG_R1 ||
         c->reg_kind == GANSTAB_REG_R2))
        ok = 1;
    if (key == GANSTAB_KEY_REG_SIGMA && c->model == GANSTAB_MODEL_DIRAC &&
        c->reg_kind == GANSTAB_REG_NOISE) {
        ok = 1;
        *squared = 1;
    }
    if (key == GANSTAB_KEY_REG_ETA && c->model == GANSTAB_MODEL_LQ2D &&
        c->reg_kind == GANSTAB_REG_NK)
        ok = 1;
    if (!ok)
        return 0;
    ganstab_case *t = malloc(sizeof *t);
    if (t == NULL)
        return 0;
    *t = *c;
    double tr0 = 0.0, tr1 = 0.0, d0 = 0.0, d1 = 0.0;
    ganstab_error err;
    int good = ganstab_case_param_set(t, key, 0.0, "claims", &err) == GANSTAB_OK &&
               field_trdet(t, &tr0, &d0) &&
               ganstab_case_param_set(t, key, 1.0, "claims", &err) == GANSTAB_OK &&
               field_trdet(t, &tr1, &d1);
    free(t);
    if (!good || d0 != d1 || !(tr1 < tr0))
        return 0;
    *t0 = tr0;
    *t1 = tr1 - tr0;
    *det = d0;
    return 1;
}

typedef struct {
    const char *id;
    const char *statement;
    const char *source;
    /* 1 and the predicted optimum if the claim speaks about optimizing `key` in case c */
    int (*predict)(const ganstab_case *c, ganstab_case_key key, double *argmin, double *objective,
                   const char **kind);
    /* the closed form's objective at parameter value p */
    double (*objective)(const ganstab_case *c, ganstab_case_key key, double p);
} optimum_def;

static int predict_optimal_h(const ganstab_case *c, ganstab_case_key key, double *argmin,
                             double *objective, const char **kind)
{
    double tr = 0.0, det = 0.0;
    if (key != GANSTAB_KEY_UPDATE_H || c->update.scheme != GANSTAB_SCHEME_SIMGD ||
        !field_trdet(c, &tr, &det) || !(tr < 0.0) || !(det > 0.0))
        return 0;
    if (tr * tr < 4.0 * det) {
        *argmin = -tr / (2.0 * det);
        *objective = sqrt(1.0 - tr * tr / (4.0 * det));
        *kind = ganstab_optimum_kind_name(GANSTAB_OPTIMUM_SMOOTH);
    } else {
        *argmin = -2.0 / tr;
        *objective = sqrt(tr * tr - 4.0 * det) / fabs(tr);
        *kind = ganstab_optimum_kind_name(GANSTAB_OPTIMUM_KINK);
    }
    return 1;
}

static double objective_h(const ganstab_case *c, ganstab_case_key key, double p)
{
    (void)key;
    double tr = 0.0, det = 0.0;
    field_trdet(c, &tr, &det);
    return simgd_radius(p, tr, det);
}

/* The damping value where tr = -2 sqrt(det) (the complex pair turns real). */
static int optimal_damping(const ganstab_case *c, ganstab_case_key key, double *argmin)
{
    double t0 = 0.0, t1 = 0.0, det = 0.0;
    int squared = 0;
    if (!damping_affine(c, key, &t0, &t1, &det, &squared) || !(det > 0.0))
        return 0;
    double u = (-2.0 * sqrt(det) - t0) / t1;
    if (!(u >= 0.0))
        return 0;
    *argmin = squared ? sqrt(u) : u;
    return 1;
}

static double trace_at(const ganstab_case *c, ganstab_case_key key, double p, double *det)
{
    double t0 = 0.0, t1 = 0.0;
    int squared = 0;
    damping_affine(c, key, &t0, &t1, det, &squared);
    return t0 + t1 * (squared ? p * p : p);
}

static int predict_optimal_damping_simgd(const ganstab_case *c, ganstab_case_key key,
                                         double *argmin, double *objective, const char **kind)
{
    if (c->update.scheme != GANSTAB_SCHEME_SIMGD || !optimal_damping(c, key, argmin))
        return 0;
    double det = 0.0;
    trace_at(c, key, *argmin, &det);
    *objective = fabs(1.0 - c->update.h * sqrt(det));
    *kind = ganstab_optimum_kind_name(GANSTAB_OPTIMUM_KINK);
    return 1;
}

static double objective_damping_simgd(const ganstab_case *c, ganstab_case_key key, double p)
{
    double det = 0.0, tr = trace_at(c, key, p, &det);
    return simgd_radius(c->update.h, tr, det);
}

static int predict_optimal_damping_flow(const ganstab_case *c, ganstab_case_key key, double *argmin,
                                        double *objective, const char **kind)
{
    if (c->update.scheme != GANSTAB_SCHEME_FLOW || !optimal_damping(c, key, argmin))
        return 0;
    double det = 0.0;
    trace_at(c, key, *argmin, &det);
    *objective = -sqrt(det);
    *kind = ganstab_optimum_kind_name(GANSTAB_OPTIMUM_KINK);
    return 1;
}

static double objective_damping_flow(const ganstab_case *c, ganstab_case_key key, double p)
{
    double det = 0.0, tr = trace_at(c, key, p, &det);
    return flow_abscissa(tr, det);
}

static const optimum_def OPTIMA[] = {
    {"derived:simgd-optimal-h",
     "SimGD on a 2x2 J (trace tr < 0, determinant det > 0) converges fastest at "
     "h* = -tr/(2 det), rho*^2 = 1 - tr^2/(4 det) (complex eigenvalues; Dirac-GAN with gp: "
     "h* = gamma/(2 f'(0)^2)) or at h* = -2/tr, rho* = sqrt(tr^2 - 4 det)/|tr| (real; "
     "h* = 2/gamma), where the two eigenvalue moduli meet.",
     "derived from Mescheder et al. 2018, Lemmas 3.2/3.3, and Nagarajan & Kolter 2017, Sec. 3.4 "
     "(see src/claims/study_claims.c)",
     predict_optimal_h, objective_h},
    {"derived:simgd-optimal-damping",
     "At a fixed step h, simgd converges fastest at the damping where the complex pair turns real "
     "(tr = -2 sqrt(det): gamma* = 2|f'(0)|, sigma*^2 = |f'(0)|/|f''(0)|, eta* = (J_DD + "
     "2|J_DG|)/(2 J_DG^2)), with rho* = |1 - h sqrt(det)| (0 at h = 1/sqrt(det)).",
     "derived from Mescheder et al. 2018, Lemmas 3.2/3.3 and Sec. 3.2, and Nagarajan & Kolter "
     "2017, Sec. 3.4 (see src/claims/study_claims.c)",
     predict_optimal_damping_simgd, objective_damping_simgd},
    {"derived:flow-optimal-damping",
     "The gradient flow converges fastest at the damping where the complex pair turns real "
     "(gamma* = 2|f'(0)|, sigma*^2 = |f'(0)|/|f''(0)|, eta* = (J_DD + 2|J_DG|)/(2 J_DG^2)), "
     "with max Re lambda = -sqrt(det) (-|f'(0)| on the Dirac-GAN).",
     "derived from Mescheder et al. 2018, Lemmas 3.2/3.3, and Nagarajan & Kolter 2017, Sec. 3.4 "
     "(see src/claims/study_claims.c)",
     predict_optimal_damping_flow, objective_damping_flow},
};

int ganstab_claims_check_optimum(const ganstab_case *c, const ganstab_optimum *o,
                                 ganstab_claim_optimum **out, size_t *count, ganstab_error *err)
{
    *out = NULL;
    *count = 0;
    size_t nopt = sizeof OPTIMA / sizeof OPTIMA[0], n = 0;
    ganstab_claim_optimum *res = calloc(nopt, sizeof *res);
    if (res == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "claims", "out of memory");
    for (size_t i = 0; i < nopt; i++) {
        double argmin = 0.0, objective = 0.0;
        const char *kind = NULL;
        if (!OPTIMA[i].predict(c, o->axis.key, &argmin, &objective, &kind))
            continue;
        if (argmin < o->axis.from - slack(o->axis.from) || argmin > o->axis.to + slack(o->axis.to))
            continue; /* the closed form's optimum is outside the searched range */
        ganstab_claim_optimum *k = &res[n++];
        k->id = OPTIMA[i].id;
        k->statement = OPTIMA[i].statement;
        k->source = OPTIMA[i].source;
        k->predicted_argmin = argmin;
        k->predicted_objective = objective;
        k->predicted_kind = kind;
        k->computed_argmin = o->argmin;
        k->computed_objective = o->objective;
        k->objective_at_computed = OPTIMA[i].objective(c, o->axis.key, o->argmin);
        k->argmin_error = fabs(o->argmin - argmin);
        k->objective_error = fabs(o->objective - k->objective_at_computed);
        k->agrees = k->argmin_error <= GANSTAB_CLAIM_CRITICAL_TOL * fmax(1.0, fabs(argmin)) &&
                    k->objective_error <= o->objective_bound + o->tol;
    }
    if (n == 0) {
        free(res);
        res = NULL;
    }
    *out = res;
    *count = n;
    return GANSTAB_OK;
}

/* ---- derivations ------------------------------------------------------------------------- */

typedef struct {
    const char *id;
    const char *markdown;
} derivation;

static const derivation DERIVATIONS[] = {
    /* optimizers on the unregularized bilinear Dirac-GAN (claims/optimizers.c): J = [[0, -a],
       [a, 0]] with eigenvalues mu = +-ia; every operator below is a polynomial or rational
       function of J (or of J and the identity on an augmented state), so it is diagonalized by
       J's eigenvectors and each mu gives a scalar (or 2x2 companion) recurrence; t = h a. */
    {"optimizers:bilinear-simgd",
     "Simultaneous steps: the operator I + hJ has the eigenvalues 1 ± i·h·a of modulus "
     "√(1 + h²a²) > 1 for every h > 0 (Mescheder et al. 2018, Lemma 2.4): no step size is stable."},
    {"optimizers:bilinear-altgd",
     "Alternating steps (one each): characteristic polynomial z² − (2 − h²a²) z + 1 (Lemma 2.5). "
     "The determinant is 1, so the two eigenvalues are either a pair on the unit circle (h·a < 2, "
     "`marginal`) or real with product 1, one outside (h·a > 2): no step size is stable."},
    {"optimizers:bilinear-extragradient",
     "Extragradient x½ = x + h_e v(x), x⁺ = x + h v(x½) has the operator I + hJ(I + h_eJ) with "
     "eigenvalues λ = 1 + hμ + h h_e μ² = 1 − h h_e a² ± i h a. |λ|² = (1 − h h_e a²)² + h²a² < 1 "
     "⇔ h (1 + h_e² a²) < 2 h_e, i.e. h < 2h_e/(1 + h_e²a²); with h_e = h: h²a² < 1, h < 1/a. "
     "At the end |λ| = 1 with λ complex: a Neimark–Sacker crossing."},
    {"optimizers:bilinear-optimistic",
     "Optimistic steps x_{t+1} = x_t + 2h v(x_t) − h v(x_{t−1}) on (x_t, x_{t−1}) give, per "
     "eigenvalue μ = ia of J, the companion polynomial z² + b z + c with b = −(1 + 2iha), c = iha. "
     "The Schur–Cohn test for a complex quadratic (both roots in the open unit disk ⇔ |c| < 1 and "
     "|b − c·b̄| < 1 − |c|²) with t = ha: b − c b̄ = (2t² − 1) − it, so 4t⁴ − 3t² + 1 < (1 − t²)² "
     "⇔ 3t⁴ < t² ⇔ t < 1/√3: stable exactly for h < 1/(√3·a)."},
    {"optimizers:bilinear-momentum",
     "Heavy ball x_{t+1} = x_t + h v(x_t) + β(x_t − x_{t−1}) gives z² − (1 + β + iha) z + β. "
     "Schur–Cohn: |β| < 1 and |b − c b̄| = (1 + β)·√((1 − β)² + h²a²) < 1 − β², i.e. "
     "√((1 − β)² + h²a²) < 1 − β, false for every h > 0: simultaneous steps with momentum of "
     "either sign never converge on the bilinear game (Gidel et al. 2019, Sec. 5). Alternating "
     "steps with momentum (generator first; disc-first is the same with a → −a) satisfy "
     "P(z)Θ = −ha·zΨ and P(z)Ψ = ha·z²Θ with P(z) = (z − 1)(z − β), so the 4×4 operator has the "
     "characteristic polynomial (z − 1)²(z − β)² + h²a²z³. On z = e^{iω} this reads "
     "4 sin²(ω/2)(1 − βe^{−iω})² = h²a², which needs (1 − βe^{−iω})² real and positive: ω = π, "
     "z = −1 at ha = 2|1 + β| (a flip). For small h the double root 1 splits with |z|² = 1 + "
     "2βh²a²/(1 − β)³ + O(h³): inside for β < 0. So alternating momentum is stable exactly for "
     "−1 < β < 0 and h < 2(1 + β)/a, and for no h otherwise (β = 0 is altgd, marginal)."},
    {"optimizers:bilinear-complex-momentum",
     "Complex momentum μ' = Bμ + v(x), x' = x + h Re μ' with B = β + iβ_im: on the real state (x, "
     "Re μ, Im μ) the z-transform of the recurrence for the eigenvalue μ = ia of J gives the "
     "characteristic polynomial p(z) = (z − 1)(z − B)(z − B̄) − iha·z(z − β). On |z| = 1, "
     "iha = G(z)/|z − β|² with G(z) = (1 − z̄)(z² − 2βz + r²)(z̄ − β), r² = |B|²; with c = cos ω, "
     "Re G = (1 − c)(2(β + r²)c − (1 + β + 2β² − r² + βr²)) must vanish, so the only crossing for "
     "h > 0 is at c* = (1 + β + 2β² − r² + βr²)/(2(β + r²)), h_c = √(1 − c*²)·|1 − β + 2β² − "
     "r²(1 + β) + 2c*(r² − β)| / (a(1 − 2βc* + β²)). At h = 0 the roots are 1, B, B̄; the root at 1 "
     "moves to |1 + ε|² = 1 + h²a²(1 − β)/|1 − B|⁴·(4(1 − β)²/|1 − B|² − 3 + β) + O(h³), inside "
     "iff S = 4(1 − β)² − (3 − β)((1 − β)² + β_im²) < 0. Hence: stable exactly on (0, h_c) when "
     "|B| < 1 and S < 0, for no h otherwise (β_im = 0 gives S = (1 − β)²(1 + β) > 0: real "
     "momentum never converges, as above)."},
    {"optimizers:bilinear-cgd",
     "Competitive gradient descent: for the bilinear game J equals its off-diagonal part, so the "
     "operator is I + h(I − hJ)⁻¹J = (I − hJ)⁻¹ with eigenvalues 1/(1 ∓ iha) of modulus "
     "1/√(1 + h²a²) < 1: stable for every h > 0 (Schäfer & Anandkumar 2019)."},
    {"optimizers:bilinear-conopt",
     "A consensus-optimization step x⁺ = x + h(v − γJᵀv) has the operator I + h(J − γJᵀJ); for "
     "the bilinear game JᵀJ = a²I, so the eigenvalues are 1 − hγa² ± iha with |λ|² = "
     "(1 − hγa²)² + h²a² < 1 ⇔ h(1 + γ²a²) < 2γ: h < 2γ/(1 + γ²a²)."},
    {"optimizers:bilinear-sga",
     "Symplectic gradient adjustment: the antisymmetric part of J is J itself, so the operator is "
     "I + h(I + λJ)J with eigenvalues 1 + h(μ + λμ²) = 1 − hλa² ± iha: the same as a ConOpt step "
     "with γ = λ, stable exactly for λ > 0 and h < 2λ/(1 + λ²a²) (the aligned variant uses |λ|: "
     "near the equilibrium its sign rule gives +)."},
    {"optimizers:bilinear-lookahead",
     "Lookahead over k simultaneous steps: (1 − α)I + α(I + hJ)^k with eigenvalues "
     "1 − α + α(1 + it)^k, t = ha. |·|² − 1 = g(s), s = t², with g(s) = (1 − α)² + "
     "2α(1 − α)·Σ_j C(k, 2j)(−s)^j + α²(1 + s)^k − 1, a polynomial of degree k with g(0) = 0. "
     "The stable set is {g < 0}: the claim finds the positive roots of g(s)/s with GSL's "
     "polynomial solver (polished by Newton) and maps them back to h = √s / a. For small s, "
     "g ≈ −αk(k − 1 − αk)s, so lookahead is stable for small h when α < (k − 1)/k (Chavdarova "
     "et al. 2021). Over a base with the scalar multiplier b(h) the eigenvalues are 1 − α + αb^k: "
     "over CGD |b| = 1/√(1 + h²a²) < 1, so |1 − α + αb^k| ≤ 1 − α + α|b|^k < 1 for every h; over "
     "extragradient, SGA and ConOpt b = 1 − hca² + iha (c = h_e — or h when tied —, λ, γ) and the "
     "claim locates the sign changes of |1 − α + αb^k|² − 1 by bisection on this scalar formula. "
     "Over altgd (n_g, n_d sub-steps, m = √(n_g n_d)) the operator's eigenvalues are e^{±iω} with "
     "2cos ω = 2 − m²h²a² while mha < 2 (Lemma 2.5), so lookahead's are 1 − α + αe^{±ikω}, of "
     "modulus < 1 except where kω ∈ 2πℤ (isolated touch points h_j = 2 sin(πj/k)/(ma), ρ = 1, "
     "which do not change the verdict on either side); beyond mha = 2 the pair is real, −λ and "
     "−1/λ with λ > 1 and λ + 1/λ = m²h²a² − 2; for odd k lookahead's eigenvalue 1 − α − αλ^k "
     "reaches −1 at λ^k = 2/α − 1 = q^k, i.e. m²h²a² = 2 + q + 1/q: stable for h < √(2 + q + "
     "1/q)/(ma); for even k the eigenvalue 1 − α + αλ^k exceeds 1 at once: stable for "
     "h < 2/(ma)."},
    {"optimizers:negative-momentum-alternating",
     "Gidel et al. 2019 (Theorem 6 and Sec. 5) prove that alternating gradient steps with a "
     "negative momentum β converge on bilinear games for small enough h, while alternating steps "
     "without momentum only rotate (`altgd` above: determinant 1) and simultaneous steps with any "
     "momentum diverge. The claim checks both halves with the engine: the alternating row with "
     "β < 0 is stable from the start of the h range, the altgd row nowhere."},
    {"mescheder2018:lemma-2.5",
     "Alternating gradient descent on the unregularized Dirac-GAN (Mescheder et al. 2018, "
     "Lemma 2.5): with α = √(n_g n_d)·h·f'(0) the update operator has the characteristic "
     "polynomial z² − (2 − α²)z + 1 (eq. (5)). Its determinant is 1, so for α < 2 the two "
     "eigenvalues are a complex pair on the unit circle (`marginal`); at α = 2 they meet at the "
     "double eigenvalue −1 and for α > 2 one real eigenvalue leaves the circle through −1: a flip "
     "and a complex-to-real crossing at h = 2/(√(n_g n_d)·f'(0)). On the row n_d of an "
     "(h, n_d) map the boundary is h = 2/(√(n_g n_d)·f'(0)) (4/√n_d for n_g = 1, f'(0) = ½)."},
    {"mescheder2018:lemma-3.3",
     "With the gradient penalty the field's Jacobian is J = [[0, −a], [a, −γ]] (a = f'(0)) with "
     "eigenvalues −γ/2 ± √(γ²/4 − a²) (eq. (8)): a complex pair for γ < 2|a|, real for γ > 2|a|. "
     "At γ = 2|a| the eigenvalue −|a| is double and defective (one Jordan block): LAPACK splits "
     "it by ~√ε, which is why ganstab locates this crossing with the discriminant (a smooth "
     "function of the matrix entries) and bounds those eigenvalues by the Hölder estimate."},
    {"derived:simgd-damped-hmax",
     "Simultaneous gradient descent on the Dirac-GAN with damping c (c = γ for gp/R1/R2, "
     "c = −2f''(0)σ² for instance noise; a = |f'(0)|): J = [[0, −a], [a, −c]] and the operator "
     "I + hJ has the eigenvalues μ = 1 + hλ, λ the roots of z² + cz + a².\n\n"
     "- c < 2a (λ complex): |μ|² = (1 − hc/2)² + h²(a² − c²/4) = 1 − hc + h²a², so |μ| < 1 iff "
     "h < c/a²: a Neimark–Sacker crossing at h = c/a².\n"
     "- c ≥ 2a (λ real, in [−c, 0)): μ < 1 always, and μ > −1 iff h < 2/|λ_min| with "
     "|λ_min| = c/2 + √(c²/4 − a²): a flip at h = 2/(c/2 + √(c²/4 − a²)).\n\n"
     "As a region in (c, h): stable iff h·a² < c < 2/h + h·a²/2 (the upper bound is "
     "c/2 + √(c²/4 − a²) < 2/h solved for c). The lower bound is a Neimark–Sacker crossing only "
     "where the pair is complex there (h·a² < 2a, i.e. h·a < 2); at h = 2/a both bounds meet at "
     "c = 2a, where I + hJ has the defective double eigenvalue −1 (the region's corner: one flip), "
     "and for h > 2/a no damping is stable. For f'(0) = ½: γ_lo = h/4, γ_hi = 2/h + h/8, "
     "corner (γ, h) = (1, 4)."},
    {"derived:altgd-damped-hmax",
     "Alternating gradient descent with damping c (a = f'(0)): a generator sub-step has the "
     "Jacobian G = [[1, −ha], [0, 1]], a discriminator sub-step D = [[1, 0], [ha, q]] with "
     "q = 1 − hc. Then G^{n_g} = [[1, −n_g·h·a], [0, 1]] and D^{n_d} = [[1, 0], [x, q^{n_d}]] with "
     "x = h·a·(1 + q + … + q^{n_d−1}) = a(1 − q^{n_d})/c, so the operator D^{n_d}G^{n_g} "
     "(disc-first G^{n_g}D^{n_d} is similar to it) has\n\n"
     "tr = 1 + q^{n_d} − n_g·h·a·x,  det = q^{n_d}.\n\n"
     "Schur–Cohn: stable iff |det| < 1, 1 − tr + det = n_g·h·a·x > 0 and "
     "g = 1 + tr + det = 2 + 2q^{n_d} − n_g·h·a·x > 0. Every root of g with 0 < hc < 2 is a "
     "flip; for n_d even the operator tends to [[1, −n_g·h·a], [0, 1]] as hc → 2 (a fold, both "
     "eigenvalues +1). For n_g = n_d = 1: tr = 2 − hc − h²a², det = 1 − hc, g = 4 − 2hc − h²a², so "
     "h_max = 4/(c + √(c² + 4a²)) and, at fixed h, c_max = (4 − h²a²)/(2h). Over c at fixed h, "
     "c → 0 gives g → 4 − α² (α = √(n_g n_d)·h·a, Lemma 2.5): for α < 2 the unregularized operator "
     "is on the unit circle and every c > 0 pulls it inside (det = q^{n_d} < 1), a "
     "Neimark–Sacker crossing exactly at c = 0, the end of γ's domain. The roots of g for "
     "n_g, n_d > 1 are found by a grid and Brent on this closed form (not on the engine)."},
    {"derived:lq2d-simgd-hmax",
     "Simultaneous gradient descent on the LQ-GAN with the η regularizer (Nagarajan & Kolter 2017, "
     "Sec. 3.4): J_η has tr = J_DD − 2η·J_DG² and det = J_DG² (independent of η), with "
     "J_DD = 2f''(0)K_DD, J_DG = f'(0)K_DG, K_DD = 1/5, K_DG = −2/3. As for the Dirac-GAN, I + "
     "hJ_η "
     "is stable iff h < −tr/det (complex eigenvalues; Neimark–Sacker) or h < 2/|λ_min| (real; "
     "flip). As a region in (η, h): h·det < −tr < 2/h + h·det/2, i.e. "
     "η_NS = (J_DD + h·J_DG²)/(2J_DG²) < η < η_flip = (J_DD + 2/h + h·J_DG²/2)/(2J_DG²), the lower "
     "bound Neimark–Sacker where h·|J_DG| < 2. For the standard loss (J_DD = −1/10, J_DG = −1/3): "
     "h_max(η) = 0.9 + 2η up to η = 2.55, where the pair turns real, and the flip bound beyond; "
     "the "
     "largest stable step of all is h = 2/|J_DG| = 6, at η = 2.55."},
    {"derived:simgd-optimal-h",
     "The step size that minimizes the spectral radius ρ(h) of I + hJ for a 2×2 J with trace "
     "tr < 0 and determinant det > 0 (μ = 1 + hλ):\n\n"
     "- complex λ (tr² < 4det): ρ(h)² = |1 + hλ|² = 1 + h·tr + h²·det, a parabola in h: "
     "h* = −tr/(2det), ρ*² = 1 − tr²/(4det). A smooth minimum.\n"
     "- real λ₁ > λ₂ (both < 0): ρ(h) = max(|1 + hλ₁|, |1 + hλ₂|); 1 + hλ₂ falls faster than "
     "1 + hλ₁, and the maximum is smallest where they are opposite, 1 + hλ₁ = −(1 + hλ₂): "
     "h* = −2/(λ₁ + λ₂) = −2/tr, ρ* = (λ₁ − λ₂)/|λ₁ + λ₂| = √(tr² − 4det)/|tr|. A kink: two "
     "eigenvalue moduli meet (ρ is not differentiable there).\n\n"
     "For the Dirac-GAN with gradient penalty (tr = −γ, det = f'(0)²): γ < 2|f'(0)|: "
     "h* = γ/(2f'(0)²), ρ* = √(1 − γ²/(4f'(0)²)); γ ≥ 2|f'(0)|: h* = 2/γ, "
     "ρ* = √(1 − 4f'(0)²/γ²). Both give h* = 1/|f'(0)|, ρ* = 0 at γ = 2|f'(0)| (a nilpotent "
     "operator: Sec. 3.2's quadratic convergence). ganstab minimizes ρ by a dense scan, golden "
     "section (exact at a kink) and, where ρ is smooth through the minimum, Brent on a 5-point "
     "derivative (golden section alone resolves a quadratic minimum only to ~√ε)."},
    {"derived:simgd-optimal-damping",
     "At a fixed step h, over a damping that leaves det fixed and lowers tr (γ: tr = −γ; instance "
     "noise: tr = 2f''(0)σ²; the LQ-GAN's η: tr = J_DD − 2η·J_DG²): while λ is complex, "
     "ρ² = 1 + h·tr + h²·det falls as tr falls; once real (λ₁λ₂ = det), λ₁ rises towards 0 and λ₂ "
     "falls, and one of |1 + hλ₁|, |1 + hλ₂| grows beyond their common value |1 − h√det| at "
     "tr = −2√det. So the optimum is exactly where the complex pair turns real, for every h: "
     "γ* = 2|f'(0)| (Lemma 3.3's critical value), σ*² = |f'(0)|/|f''(0)| (Lemma 3.2's), "
     "η* = (J_DD + 2|J_DG|)/(2J_DG²) (2.55 for the LQ-GAN), with ρ* = |1 − h√det|: 0 at "
     "h = 1/√det (Mescheder et al. 2018, Sec. 3.2). A kink at a defective double eigenvalue: "
     "ganstab's objective replaces each cluster of eigenvalues within their error bounds by its "
     "mean, which is accurate to ε where the computed eigenvalues are split by √ε."},
    {"derived:flow-optimal-damping",
     "The gradient flow's rate is −max Re λ. Over a damping with det fixed and tr falling: "
     "complex λ, max Re λ = tr/2 falls; real λ, λ₁ = tr/2 + √(tr²/4 − det) rises towards 0. The "
     "minimum of max Re λ is at tr = −2√det, where the pair turns real: γ* = 2|f'(0)|, "
     "σ*² = |f'(0)|/|f''(0)|, η* = (J_DD + 2|J_DG|)/(2J_DG²), with max Re λ* = −√det "
     "(−|f'(0)| = −½ on the Dirac-GAN, −|J_DG| = −⅓ on the LQ-GAN)."},
};

const char *ganstab_claim_derivation(const char *id)
{
    for (size_t i = 0; i < sizeof DERIVATIONS / sizeof DERIVATIONS[0]; i++)
        if (strcmp(DERIVATIONS[i].id, id) == 0)
            return DERIVATIONS[i].markdown;
    return NULL;
}

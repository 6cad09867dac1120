/* Unit tests for src/analysis/analysis.c: ganstab_analyze on in-memory Dirac-GAN cases (built
 * with ganstab_case_init + ganstab_case_set) — verdicts, residual, the finite-difference check
 * of J, field and operator eigenvalues against the closed forms of Mescheder et al. 2018
 * (Lemmas 2.2, 2.4, 2.5, 3.2, 3.3; R1/R2 as the gradient penalty, Sec. 4.1; the non-saturating
 * loss with the standard Jacobian) and derived ones written out here (ConOpt: J - gamma J^T J),
 * spectral abscissa/radius, ganstab_analysis_spectrum against ganstab_analyze, and
 * ganstab_analysis_crossings against closed-form critical values (gamma_crit = 2|f'(0)|,
 * sigma_crit^2 = |f'(0)|/|f''(0)|, simgd, altgd and ConOpt step-size limits). WGAN-GP/DRAGAN:
 * verdict not-stationary with residual gamma g0, the kink flagged, no stationary point found, and
 * sweeps refused. The expected values are computed in this file, never by the claims module.
 * The LQ-GAN of Nagarajan & Kolter 2017 with their eq. (4) regularizer (kind nk): J is J_eta
 * written here from Sec. 3.4, det J_eta = J_DG^2 for every eta (from the engine's J and its
 * eigenvalues), the unregularized WGAN is marginal with +-2i/3, ganstab_analysis_crossings over
 * regularizer.eta on (0, 4) finds exactly one crossing (complex-to-real at 2.55 standard, 1.5
 * WGAN; no stability change) and over update.h for simgd the h_max derived here.
 * Error paths: an invalid case, an invalid parameter, a bad sweep interval, a non-stationary
 * equilibrium. */
#include "testutil.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "ganstab/analysis.h"
#include "ganstab/fdjac.h"
#include "ganstab/update.h"

/* Eigenvalues of O(1) 2x2 matrices from closed forms vs LAPACK: a few eps; the comparison adds
 * each eigenvalue's own error bound (which is large, ~1e-7, at the defective gamma = 1). */
static const double EIG_TOL = 1e-13;
/* Entries of J at the equilibrium from closed forms (noise: 64-node quadrature, ~1e-15). */
static const double JAC_TOL = 1e-13;
/* DESIGN.md: critical values located to a bracket of 1e-12*max(1,|value|); the brief asks 1e-10. */
static const double CRITICAL_TOL = 1e-10;
/* Operators I + hJ etc. built by hand from the same entries: one multiply-add, a few eps. */
static const double OP_TOL = 1e-15;

/* f'(0), f''(0) of the standard loss f(t) = -log(1+e^-t) (Sec. 2.1). */
#define FP0 0.5
#define FPP0 (-0.25)

typedef struct {
    double re, im;
} cplx;

/* Roots of z^2 - tr z + det, in the library's order (decreasing re, then decreasing im). */
static void quadratic(double tr, double det, cplx *z)
{
    double disc = tr * tr / 4.0 - det;
    if (disc >= 0.0) {
        z[0] = (cplx){tr / 2.0 + sqrt(disc), 0.0};
        z[1] = (cplx){tr / 2.0 - sqrt(disc), 0.0};
    } else {
        z[0] = (cplx){tr / 2.0, sqrt(-disc)};
        z[1] = (cplx){tr / 2.0, -sqrt(-disc)};
    }
}

static void assert_spectrum(const ganstab_eigenvalue *ev, const cplx *z)
{
    for (size_t i = 0; i < 2; i++) {
        double tol = EIG_TOL * fmax(1.0, hypot(z[i].re, z[i].im)) + ev[i].error_bound;
        assert_close(ev[i].re, z[i].re, tol);
        assert_close(ev[i].im, z[i].im, tol);
        assert_close(ev[i].abs, hypot(z[i].re, z[i].im), tol);
    }
}

/* ---- verdicts and spectra ----------------------------------------------------------------- */

typedef struct {
    const char *label;
    const char *set[10];
    ganstab_verdict verdict;
    double damping; /* c in J = [[0, -a], [a, -c]] */
    double a;       /* f'(0) */
} verdict_row;

static const verdict_row VERDICTS[] = {
    /* Lemma 2.2: +-i/2 on the imaginary axis */
    {"flow, unregularized", {"case.model=dirac", NULL}, GANSTAB_VERDICT_MARGINAL, 0.0, FP0},
    {"flow, unregularized, wgan",
     {"case.model=dirac", "case.loss=wgan", NULL},
     GANSTAB_VERDICT_MARGINAL,
     0.0,
     1.0},
    /* Lemma 2.4: |1 +- h i/2| > 1 */
    {"simgd, unregularized",
     {"case.model=dirac", "update.scheme=simgd", "update.h=0.1", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.0,
     FP0},
    /* Lemma 3.3 */
    {"flow, gp 0.5",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0.5", NULL},
     GANSTAB_VERDICT_STABLE,
     0.5,
     FP0},
    /* gamma = 2|f'(0)| = 1: double eigenvalue -1/2, defective, yet decisively stable */
    {"flow, gp 1 (defective)",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=1", NULL},
     GANSTAB_VERDICT_STABLE,
     1.0,
     FP0},
    {"flow, gp 2.5 (real)",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=2.5", NULL},
     GANSTAB_VERDICT_STABLE,
     2.5,
     FP0},
    {"flow, gp 0 (unregularized)",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0", NULL},
     GANSTAB_VERDICT_MARGINAL,
     0.0,
     FP0},
    /* Lemma 3.2: c = -2 f''(0) sigma^2 */
    {"flow, noise 1",
     {"case.model=dirac", "regularizer.kind=noise", "regularizer.sigma=1", NULL},
     GANSTAB_VERDICT_STABLE,
     -2.0 * FPP0 * 1.0,
     FP0},
    {"flow, noise 2",
     {"case.model=dirac", "regularizer.kind=noise", "regularizer.sigma=2", NULL},
     GANSTAB_VERDICT_STABLE,
     -2.0 * FPP0 * 4.0,
     FP0},
    {"flow, noise wgan (f'' = 0)",
     {"case.model=dirac", "case.loss=wgan", "regularizer.kind=noise", "regularizer.sigma=1", NULL},
     GANSTAB_VERDICT_MARGINAL,
     0.0,
     1.0},
    /* Lemma 2.5: alpha = h/2 <= 2 on the circle, > 2 outside */
    {"altgd, unregularized, h = 0.5",
     {"case.model=dirac", "update.scheme=altgd", "update.h=0.5", NULL},
     GANSTAB_VERDICT_MARGINAL,
     0.0,
     FP0},
    {"altgd, unregularized, h = 5",
     {"case.model=dirac", "update.scheme=altgd", "update.h=5", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.0,
     FP0},
    {"altgd, unregularized, h = 0.5, ng = 3, nd = 2, disc-first",
     {"case.model=dirac", "update.scheme=altgd", "update.h=0.5", "update.ng=3", "update.nd=2",
      "update.order=disc-first", NULL},
     GANSTAB_VERDICT_MARGINAL,
     0.0,
     FP0},
    /* simgd with gp: stable iff h < c/a^2 = 2 (c = 0.5 < 2a) */
    {"simgd, gp 0.5, h = 1",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=simgd",
      "update.h=1", NULL},
     GANSTAB_VERDICT_STABLE,
     0.5,
     FP0},
    {"simgd, gp 0.5, h = 3",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=simgd",
      "update.h=3", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.5,
     FP0},
    /* altgd with gp 0.5: h_max = (sqrt(c^2 + 4a^2) - c)/a^2 = 2.47 */
    {"altgd, gp 0.5, h = 2",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=altgd",
      "update.h=2", NULL},
     GANSTAB_VERDICT_STABLE,
     0.5,
     FP0},
    {"altgd, gp 0.5, h = 3",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=altgd",
      "update.h=3", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.5,
     FP0},
    /* ttur: stable iff hg a^2 < c and 4 - 2 hd c + hg hd a^2 > 0 */
    {"ttur, gp 0.5, hg = 0.5, hd = 1",
     {"case.model=dirac", "regularizer.kind=gp", "regularizer.gamma=0.5", "update.scheme=ttur",
      "update.hg=0.5", "update.hd=1", NULL},
     GANSTAB_VERDICT_STABLE,
     0.5,
     FP0},
    {"ttur, unregularized",
     {"case.model=dirac", "update.scheme=ttur", "update.hg=0.5", "update.hd=1", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.0,
     FP0},
    /* R1 and R2 reduce to the gradient penalty on the Dirac-GAN (Sec. 4.1): c = gamma */
    {"flow, r1 0.7",
     {"case.model=dirac", "regularizer.kind=r1", "regularizer.gamma=0.7", NULL},
     GANSTAB_VERDICT_STABLE,
     0.7,
     FP0},
    {"flow, r2 2.5, wgan (real)",
     {"case.model=dirac", "case.loss=wgan", "regularizer.kind=r2", "regularizer.gamma=2.5", NULL},
     GANSTAB_VERDICT_STABLE,
     2.5,
     1.0},
    {"simgd, r1 0.5, h = 3 (beyond c/a^2 = 2)",
     {"case.model=dirac", "regularizer.kind=r1", "regularizer.gamma=0.5", "update.scheme=simgd",
      "update.h=3", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.5,
     FP0},
    {"altgd, r2 0.5, h = 2",
     {"case.model=dirac", "regularizer.kind=r2", "regularizer.gamma=0.5", "update.scheme=altgd",
      "update.h=2", NULL},
     GANSTAB_VERDICT_STABLE,
     0.5,
     FP0},
    /* the non-saturating loss has the standard Jacobian at the equilibrium (Sec. 3: the
       continuous system is only "extremely slowly" convergent, i.e. linearly marginal) */
    {"flow, nonsaturating, unregularized",
     {"case.model=dirac", "case.loss=nonsaturating", NULL},
     GANSTAB_VERDICT_MARGINAL,
     0.0,
     FP0},
    {"simgd, nonsaturating, unregularized",
     {"case.model=dirac", "case.loss=nonsaturating", "update.scheme=simgd", "update.h=0.3", NULL},
     GANSTAB_VERDICT_UNSTABLE,
     0.0,
     FP0},
    {"flow, nonsaturating, noise 1",
     {"case.model=dirac", "case.loss=nonsaturating", "regularizer.kind=noise",
      "regularizer.sigma=1", NULL},
     GANSTAB_VERDICT_STABLE,
     -2.0 * FPP0 * 1.0,
     FP0},
    {"ttur, nonsaturating, r1 0.5",
     {"case.model=dirac", "case.loss=nonsaturating", "regularizer.kind=r1", "regularizer.gamma=0.5",
      "update.scheme=ttur", "update.hg=0.5", "update.hd=1", NULL},
     GANSTAB_VERDICT_STABLE,
     0.5,
     FP0},
};

/* The expected deciding spectrum, from closed forms. */
static void expected_operator_spectrum(const ganstab_case *c, double a, double damp, cplx *z)
{
    double h = c->update.h, tr = 0.0, det = 0.0;
    switch (c->update.scheme) {
    case GANSTAB_SCHEME_FLOW: /* z^2 + c z + a^2 */
        tr = -damp;
        det = a * a;
        break;
    case GANSTAB_SCHEME_SIMGD: /* 1 + h lambda */
        tr = 2.0 - h * damp;
        det = 1.0 - h * damp + h * h * a * a;
        break;
    case GANSTAB_SCHEME_TTUR: /* [[1, -hg a], [hd a, 1 - hd c]] */
        tr = 2.0 - c->update.hd * damp;
        det = 1.0 - c->update.hd * damp + c->update.hg * c->update.hd * a * a;
        break;
    case GANSTAB_SCHEME_ALTGD: {
        /* G^ng = [[1, -ng h a], [0, 1]], D^nd = [[1, 0], [x, q^nd]] with q = 1 - hc and
           x = h a (1 + q + ... + q^(nd-1)); D^nd G^ng = [[1, -ng h a], [x, q^nd - ng h a x]] */
        double q = 1.0 - h * damp, qn = 1.0, x = 0.0;
        for (unsigned k = 0; k < c->update.nd; k++) {
            x += h * a * qn;
            qn *= q;
        }
        tr = 1.0 + qn - (double)c->update.ng * h * a * x;
        det = qn;
        break;
    }
    default: /* optimal, unrolled (model gmm only, no operator) and the optimizers of games
                (tests/test_optimizers.c) are never in VERDICTS */
        fail();
    }
    quadratic(tr, det, z);
}

static void test_verdicts_and_spectra(void **state)
{
    (void)state;
    for (size_t i = 0; i < TESTUTIL_COUNT(VERDICTS); i++) {
        const verdict_row *row = &VERDICTS[i];
        ganstab_case c;
        testutil_case_build(&c, row->set);
        ganstab_result *r = testutil_analyze(&c);
        if (r->verdict != row->verdict) {
            print_error("%s: verdict %s, expected %s\n", row->label,
                        ganstab_verdict_name(r->verdict), ganstab_verdict_name(row->verdict));
            fail();
        }
        assert_int_equal(r->n, 2);
        assert_int_equal(r->n_g, 1);
        assert_int_equal(r->n_d, 1);
        assert_string_equal(r->state_names[0], "theta");
        assert_string_equal(r->state_names[1], "psi");
        assert_true(r->tol == GANSTAB_DEFAULT_TOL);
        /* Lemma 2.2: (0, 0) is the equilibrium; the field vanishes there exactly */
        assert_true(r->equilibrium[0] == 0.0 && r->equilibrium[1] == 0.0);
        assert_true(r->residual == 0.0);
        /* J = [[0, -a], [a, -c]] and the independent finite-difference check */
        double a = row->a, damp = row->damping;
        assert_close(ganstab_matrix_get(r->jacobian, 0, 0), 0.0, JAC_TOL);
        assert_close(ganstab_matrix_get(r->jacobian, 0, 1), -a, JAC_TOL);
        assert_close(ganstab_matrix_get(r->jacobian, 1, 0), a, JAC_TOL);
        assert_close(ganstab_matrix_get(r->jacobian, 1, 1), -damp, JAC_TOL);
        assert_true(r->jacobian_agrees);
        assert_true(r->jacobian_max_abs_diff <= GANSTAB_FD_TOL);
        assert_close(r->jacobian_max_abs_diff,
                     ganstab_matrix_max_abs_diff(r->jacobian, r->jacobian_fd), 0.0);
        /* field eigenvalues: roots of z^2 + c z + a^2 (eqs. (6), (8)) */
        cplx zf[2];
        quadratic(-damp, a * a, zf);
        assert_spectrum(r->field_eigenvalues, zf);
        assert_close(r->spectral_abscissa,
                     fmax(r->field_eigenvalues[0].re, r->field_eigenvalues[1].re), 0.0);
        assert_close(r->spectral_abscissa, zf[0].re, EIG_TOL + r->field_eigenvalues[0].error_bound);
        /* deciding spectrum */
        cplx zo[2];
        expected_operator_spectrum(&c, a, damp, zo);
        assert_spectrum(r->eigenvalues, zo);
        if (c.update.scheme == GANSTAB_SCHEME_FLOW) {
            assert_int_equal(r->dynamics, GANSTAB_DYNAMICS_FLOW);
            assert_null(r->op);
            assert_true(isnan(r->spectral_radius));
        } else {
            assert_int_equal(r->dynamics, GANSTAB_DYNAMICS_MAP);
            assert_non_null(r->op);
            double rho = fmax(hypot(zo[0].re, zo[0].im), hypot(zo[1].re, zo[1].im));
            assert_close(r->spectral_radius, rho,
                         EIG_TOL * fmax(1.0, rho) + r->eigenvalues[0].error_bound +
                             r->eigenvalues[1].error_bound);
            /* the operator is the update module's operator of J */
            ganstab_matrix *A = ganstab_matrix_alloc(2, 2);
            assert_non_null(A);
            ganstab_error err;
            ganstab_error_clear(&err);
            assert_int_equal(ganstab_update_operator(&c.update, r->jacobian, 1, A, &err),
                             GANSTAB_OK);
            assert_close(ganstab_matrix_max_abs_diff(A, r->op), 0.0, OP_TOL);
            ganstab_matrix_free(A);
        }
        /* the decisive eigenvalue has the largest margin */
        assert_true(r->decisive < 2);
        double m0 = ganstab_stability_margin(&r->eigenvalues[r->decisive], r->dynamics);
        for (size_t k = 0; k < 2; k++)
            assert_true(ganstab_stability_margin(&r->eigenvalues[k], r->dynamics) <= m0);
        ganstab_result_free(r);
    }
    ganstab_result_free(NULL);
}

/* The defective gamma = 1 case: the double eigenvalue -1/2 has a large (Hoelder) error bound,
 * yet -1/2 is so far from 0 that the verdict is decisive. */
static void test_defective_gp_is_stable(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "regularizer.kind=gp",
                                      "regularizer.gamma=1", NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    ganstab_result *r = testutil_analyze(&c);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_STABLE);
    for (size_t k = 0; k < 2; k++) {
        assert_true(r->eigenvalues[k].error_bound < 1e-3);
        assert_close(r->eigenvalues[k].re, -0.5, r->eigenvalues[k].error_bound);
        assert_true(r->eigenvalues[k].re + r->eigenvalues[k].error_bound + r->tol < 0.0);
    }
    ganstab_result_free(r);
}

/* ganstab_analysis_spectrum returns the eigenvalues ganstab_analyze decides on. */
static void test_spectrum_matches_analyze(void **state)
{
    (void)state;
    for (size_t i = 0; i < TESTUTIL_COUNT(VERDICTS); i++) {
        ganstab_case c;
        testutil_case_build(&c, VERDICTS[i].set);
        ganstab_result *r = testutil_analyze(&c);
        size_t n = 0;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_case_dimension(&c, &n, &err), GANSTAB_OK);
        assert_int_equal(n, 2);
        ganstab_eigenvalue ev[2];
        assert_int_equal(ganstab_analysis_spectrum(&c, ev, &err), GANSTAB_OK);
        for (size_t k = 0; k < 2; k++) {
            assert_close(ev[k].re, r->eigenvalues[k].re, 0.0);
            assert_close(ev[k].im, r->eigenvalues[k].im, 0.0);
            assert_close(ev[k].error_bound, r->eigenvalues[k].error_bound, 0.0);
        }
        ganstab_result_free(r);
    }
}

/* A tighter or looser tolerance changes only the marginal band. */
static void test_tolerance(void **state)
{
    (void)state;
    /* simgd unregularized, h = 1e-4: |lambda| - 1 = sqrt(1 + h^2/4) - 1 ~ 1.25e-9 */
    static const char *const set[] = {"case.model=dirac", "update.scheme=simgd", "update.h=1e-4",
                                      NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    ganstab_result *r = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_analyze(&c, 1e-12, &r, &err), GANSTAB_OK);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_UNSTABLE);
    ganstab_result_free(r);
    assert_int_equal(ganstab_analyze(&c, 1e-8, &r, &err), GANSTAB_OK);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_MARGINAL);
    ganstab_result_free(r);
    /* a negative tolerance is refused, and nothing is returned */
    r = (ganstab_result *)&c; /* must be reset to NULL */
    ganstab_error_clear(&err);
    int rc = ganstab_analyze(&c, -1.0, &r, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_null(r);
}

/* ---- critical values ----------------------------------------------------------------------- */

static ganstab_crossing *crossings(const ganstab_case *c, ganstab_case_key key, double from,
                                   double to, size_t *count)
{
    ganstab_crossing *x = NULL;
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_analysis_crossings(c, key, from, to, GANSTAB_DEFAULT_TOL, 0, &x, count, &err);
    if (rc != GANSTAB_OK)
        print_error("crossings: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    for (size_t i = 0; i < *count; i++) {
        assert_true(x[i].lo <= x[i].value && x[i].value <= x[i].hi);
        assert_true(x[i].hi - x[i].lo <= GANSTAB_CROSSING_REL_WIDTH * fmax(1.0, fabs(x[i].value)));
        assert_true(x[i].value >= from && x[i].value <= to); /* closed interval */
        if (i > 0)
            assert_true(x[i - 1].value <= x[i].value);
    }
    return x;
}

static const ganstab_crossing *find_crossing(const ganstab_crossing *x, size_t n,
                                             ganstab_crossing_kind kind, ganstab_crossing_type type)
{
    for (size_t i = 0; i < n; i++)
        if (x[i].kind == kind && x[i].type == type)
            return &x[i];
    return NULL;
}

static void dump(const ganstab_crossing *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        print_error("  crossing %zu: %.17g %s %s %s -> %s\n", i, x[i].value,
                    ganstab_crossing_kind_name(x[i].kind), ganstab_crossing_type_name(x[i].type),
                    ganstab_verdict_name(x[i].before), ganstab_verdict_name(x[i].after));
}

/* Lemma 3.3: gamma_crit = 2|f'(0)| = 1, an oscillation change only (stable on both sides). */
static void test_crossings_gp_flow(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    size_t n = 0;
    ganstab_crossing *x = crossings(&c, GANSTAB_KEY_REG_GAMMA, 0.0, 4.0, &n);
    if (n != 2)
        dump(x, n);
    assert_int_equal(n, 2);
    /* gamma = 0 is the end of gamma's domain and the flow's stability boundary: marginal there
       (Lemma 2.2, +-f'(0) i), stable for every gamma > 0 (Lemma 3.3): a Hopf crossing exactly at
       the end point, found without a probe below 0 (critical.h) */
    assert_int_equal(x[0].kind, GANSTAB_CROSSING_STABILITY);
    assert_int_equal(x[0].type, GANSTAB_CROSSING_HOPF);
    assert_close(x[0].value, 0.0, 0.0);
    assert_int_equal(x[0].before, GANSTAB_VERDICT_MARGINAL);
    assert_int_equal(x[0].after, GANSTAB_VERDICT_STABLE);
    assert_int_equal(x[1].kind, GANSTAB_CROSSING_OSCILLATION);
    assert_int_equal(x[1].type, GANSTAB_CROSSING_COMPLEX_TO_REAL);
    assert_close(x[1].value, 2.0 * fabs(FP0), CRITICAL_TOL);
    assert_int_equal(x[1].before, GANSTAB_VERDICT_STABLE);
    assert_int_equal(x[1].after, GANSTAB_VERDICT_STABLE);
    free(x);
    /* away from the end point only the oscillation crossing is left */
    x = crossings(&c, GANSTAB_KEY_REG_GAMMA, 0.1, 4.0, &n);
    assert_int_equal(n, 1);
    assert_int_equal(x[0].type, GANSTAB_CROSSING_COMPLEX_TO_REAL);
    free(x);
    /* the sweep does not modify the case */
    assert_close(c.gamma, 0.5, 0.0);
}

/* Lemma 3.2: sigma_crit^2 = |f'(0)|/|f''(0)| = 2. */
static void test_crossings_noise_flow(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "regularizer.kind=noise",
                                      "regularizer.sigma=1", NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    size_t n = 0;
    ganstab_crossing *x = crossings(&c, GANSTAB_KEY_REG_SIGMA, 0.0, 4.0, &n);
    if (n != 2)
        dump(x, n);
    assert_int_equal(n, 2);
    /* sigma = 0: marginal (no damping), stable beyond: a Hopf crossing at the end point; the
       damping grows like sigma^2, so "after" is the first decisive verdict inward */
    assert_int_equal(x[0].kind, GANSTAB_CROSSING_STABILITY);
    assert_int_equal(x[0].type, GANSTAB_CROSSING_HOPF);
    assert_close(x[0].value, 0.0, 0.0);
    assert_int_equal(x[0].before, GANSTAB_VERDICT_MARGINAL);
    assert_int_equal(x[0].after, GANSTAB_VERDICT_STABLE);
    assert_int_equal(x[1].kind, GANSTAB_CROSSING_OSCILLATION);
    assert_int_equal(x[1].type, GANSTAB_CROSSING_COMPLEX_TO_REAL);
    assert_close(x[1].value, sqrt(fabs(FP0) / fabs(FPP0)), CRITICAL_TOL);
    assert_int_equal(x[1].before, GANSTAB_VERDICT_STABLE);
    assert_int_equal(x[1].after, GANSTAB_VERDICT_STABLE);
    free(x);
}

/* simgd with gp, c = 0.5 < 2a: |1 + h lambda|^2 = 1 - hc + h^2 a^2, so |mu| = 1 at h = c/a^2 = 2,
 * a complex pair leaving the unit circle (Neimark-Sacker). */
static void test_crossings_simgd_gp(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    size_t n = 0;
    ganstab_crossing *x = crossings(&c, GANSTAB_KEY_UPDATE_H, 0.01, 4.0, &n);
    const ganstab_crossing *ns =
        find_crossing(x, n, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_NEIMARK_SACKER);
    if (n != 1 || ns == NULL)
        dump(x, n);
    assert_int_equal(n, 1);
    assert_non_null(ns);
    double gamma = 0.5, a = FP0;
    assert_close(ns->value, gamma / (a * a), CRITICAL_TOL);
    assert_int_equal(ns->before, GANSTAB_VERDICT_STABLE);
    assert_int_equal(ns->after, GANSTAB_VERDICT_UNSTABLE);
    free(x);
}

/* Lemma 2.5: alpha = h f'(0) = 2 at h = 4: the pair meets at -1 and one root leaves (flip). */
static void test_crossings_altgd_unregularized(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.5",
                                      NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    size_t n = 0;
    ganstab_crossing *x = crossings(&c, GANSTAB_KEY_UPDATE_H, 0.01, 6.0, &n);
    const ganstab_crossing *flip =
        find_crossing(x, n, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_FLIP);
    if (flip == NULL)
        dump(x, n);
    assert_non_null(flip);
    assert_close(flip->value, 2.0 / FP0, CRITICAL_TOL);
    assert_int_equal(flip->before, GANSTAB_VERDICT_MARGINAL);
    assert_int_equal(flip->after, GANSTAB_VERDICT_UNSTABLE);
    /* every crossing lies at h = 4 (the pair also turns real there) */
    for (size_t i = 0; i < n; i++)
        assert_close(x[i].value, 4.0, CRITICAL_TOL);
    free(x);
}

/* altgd with gp, ng = nd = 1: 1 + tr + det = 4 - 2hc - h^2 a^2 vanishes at
 * h = (-c + sqrt(c^2 + 4a^2)) / a^2 (flip). */
static void test_crossings_altgd_gp(void **state)
{
    (void)state;
    static const double gammas[] = {0.5, 0.2, 1.5};
    for (size_t g = 0; g < TESTUTIL_COUNT(gammas); g++) {
        char gset[48];
        snprintf(gset, sizeof gset, "regularizer.gamma=%.17g", gammas[g]);
        const char *const set[] = {"case.model=dirac",    "regularizer.kind=gp", gset,
                                   "update.scheme=altgd", "update.h=0.5",        NULL};
        ganstab_case c;
        testutil_case_build(&c, set);
        size_t n = 0;
        ganstab_crossing *x = crossings(&c, GANSTAB_KEY_UPDATE_H, 0.01, 6.0, &n);
        double gamma = gammas[g], a = FP0;
        double expect = (-gamma + sqrt(gamma * gamma + 4.0 * a * a)) / (a * a);
        /* the first stability crossing is that flip */
        const ganstab_crossing *first = NULL;
        for (size_t i = 0; i < n && first == NULL; i++)
            if (x[i].kind == GANSTAB_CROSSING_STABILITY)
                first = &x[i];
        if (first == NULL || first->type != GANSTAB_CROSSING_FLIP)
            dump(x, n);
        assert_non_null(first);
        assert_int_equal(first->type, GANSTAB_CROSSING_FLIP);
        assert_close(first->value, expect, CRITICAL_TOL);
        assert_int_equal(first->before, GANSTAB_VERDICT_STABLE);
        assert_int_equal(first->after, GANSTAB_VERDICT_UNSTABLE);
        free(x);
    }
}

/* ---- consensus optimization ------------------------------------------------------------------ */

/* Build a case from assignments with printf-formatted numbers. */
static void build_numbers(ganstab_case *c, const char *loss, const char *kind, double gamma,
                          const char *scheme, double h)
{
    char l[48], k[48], g[64], s[48], hh[64];
    snprintf(l, sizeof l, "case.loss=%s", loss);
    snprintf(k, sizeof k, "regularizer.kind=%s", kind);
    snprintf(g, sizeof g, "regularizer.gamma=%.17g", gamma);
    snprintf(s, sizeof s, "update.scheme=%s", scheme);
    snprintf(hh, sizeof hh, "update.h=%.17g", h);
    const char *const set[] = {
        "case.model=dirac", l, k, g, s, strcmp(scheme, "flow") ? hh : NULL, NULL};
    testutil_case_build(c, set);
}

/* ConOpt at the equilibrium (derived here from w = v - gamma J^T v and Lemma 2.2's J =
 * [[0, -a], [a, 0]]): J_w = J - gamma J^T J = [[-gamma a^2, -a], [a, -gamma a^2]], eigenvalues
 * -gamma a^2 +- a i (stable flow for every gamma > 0); simgd I + h J_w has |mu|^2 =
 * (1 - h gamma a^2)^2 + h^2 a^2 < 1 iff h < 2 gamma / (1 + gamma^2 a^2). */
static void test_conopt(void **state)
{
    (void)state;
    static const char *const losses[] = {"standard", "wgan", "nonsaturating"};
    static const double as[] = {FP0, 1.0, FP0};
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xC0C0);
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++)
        for (int k = 0; k < 12; k++) {
            double a = as[l], gamma = testutil_rng_uniform(&rng, 0.01, 3.0);
            double h = testutil_rng_uniform(&rng, 0.01, 2.0);
            int simgd = k % 2 == 1;
            ganstab_case c;
            build_numbers(&c, losses[l], "conopt", gamma, simgd ? "simgd" : "flow", h);
            ganstab_result *r = testutil_analyze(&c);
            assert_true(r->residual == 0.0);
            assert_int_equal(r->kink, 0);
            assert_int_equal(r->n_stationary, 0);
            double d = -gamma * a * a;
            assert_close(ganstab_matrix_get(r->jacobian, 0, 0), d, JAC_TOL);
            assert_close(ganstab_matrix_get(r->jacobian, 0, 1), -a, JAC_TOL);
            assert_close(ganstab_matrix_get(r->jacobian, 1, 0), a, JAC_TOL);
            assert_close(ganstab_matrix_get(r->jacobian, 1, 1), d, JAC_TOL);
            assert_true(r->jacobian_agrees);
            cplx zf[2] = {{d, a}, {d, -a}};
            assert_spectrum(r->field_eigenvalues, zf);
            if (!simgd) {
                assert_int_equal(r->verdict, GANSTAB_VERDICT_STABLE);
                ganstab_result_free(r);
                continue;
            }
            /* mu = 1 + h lambda */
            cplx zo[2] = {{1.0 + h * d, h * a}, {1.0 + h * d, -h * a}};
            assert_spectrum(r->eigenvalues, zo);
            double hmax = 2.0 * gamma / (1.0 + gamma * gamma * a * a);
            double margin = hypot(zo[0].re, zo[0].im) - 1.0;
            if (fabs(margin) > 1e-6) {
                assert_int_equal(r->verdict,
                                 h < hmax ? GANSTAB_VERDICT_STABLE : GANSTAB_VERDICT_UNSTABLE);
                assert_true((margin < 0.0) == (h < hmax)); /* the closed form is self-consistent */
            }
            ganstab_result_free(r);
        }
}

/* simgd on ConOpt: one crossing in h, at 2 gamma / (1 + gamma^2 a^2), a complex pair leaving
 * the unit circle (the pair never turns real: its imaginary part is h a != 0). */
static void test_crossings_conopt_simgd(void **state)
{
    (void)state;
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xC0C1);
    double gammas[6] = {0.5, 1.0, 2.0, 0, 0, 0};
    for (size_t g = 3; g < TESTUTIL_COUNT(gammas); g++)
        gammas[g] = testutil_rng_uniform(&rng, 0.05, 3.0);
    for (size_t g = 0; g < TESTUTIL_COUNT(gammas); g++) {
        double gamma = gammas[g], a = FP0;
        double expect = 2.0 * gamma / (1.0 + gamma * gamma * a * a);
        ganstab_case c;
        build_numbers(&c, "standard", "conopt", gamma, "simgd", 0.1);
        size_t n = 0;
        ganstab_crossing *x = crossings(&c, GANSTAB_KEY_UPDATE_H, 0.01, 4.0, &n);
        const ganstab_crossing *ns =
            find_crossing(x, n, GANSTAB_CROSSING_STABILITY, GANSTAB_CROSSING_NEIMARK_SACKER);
        if (n != 1 || ns == NULL)
            dump(x, n);
        assert_int_equal(n, 1);
        assert_non_null(ns);
        assert_close(ns->value, expect, CRITICAL_TOL);
        assert_int_equal(ns->before, GANSTAB_VERDICT_STABLE);
        assert_int_equal(ns->after, GANSTAB_VERDICT_UNSTABLE);
        free(x);
    }
}

/* ---- WGAN-GP and DRAGAN: the equilibrium is not stationary --------------------------------- */

/* Largest |residual - gamma g0|: v(0, 0) = (0, gamma g0) up to one rounding of the product. */
static const double RESIDUAL_TOL = 1e-15;

/* The penalty gamma/2 (|psi| - g0)^2 leaves v(0, 0) = (0, gamma g0) (one-sided at the kink), so
 * (0, 0) is not stationary; v_theta = -psi f'(+-psi theta) vanishes only on psi = 0, where the
 * field has its kink and v_psi = theta f'(0) + gamma g0 sign-dependently, so no point where the
 * field is differentiable is stationary (mescheder2018:wgan-gp-not-stationary). */
static void test_centered_penalty_not_stationary(void **state)
{
    (void)state;
    static const char *const losses[] = {"standard", "wgan", "nonsaturating"};
    static const char *const kinds[] = {"wgan-gp", "dragan"};
    static const char *const schemes[] = {"flow", "simgd"};
    testutil_rng rng;
    testutil_rng_seed(&rng, 0x6E6E);
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++)
        for (size_t k = 0; k < TESTUTIL_COUNT(kinds); k++)
            for (size_t s = 0; s < TESTUTIL_COUNT(schemes); s++)
                for (int rep = 0; rep < 2; rep++) {
                    double gamma = testutil_rng_uniform(&rng, 0.05, 3.0);
                    double g0 = rep == 0 ? 1.0 : testutil_rng_uniform(&rng, 0.05, 3.0);
                    ganstab_case c;
                    build_numbers(&c, losses[l], kinds[k], gamma, schemes[s], 0.3);
                    if (rep > 0) {
                        char g0set[64];
                        snprintf(g0set, sizeof g0set, "%.17g", g0);
                        ganstab_error err;
                        ganstab_error_clear(&err);
                        assert_int_equal(
                            ganstab_case_set(&c, "regularizer", "g0", g0set, "mem.ini:9", &err),
                            GANSTAB_OK);
                    }
                    ganstab_result *r = testutil_analyze(&c);
                    int ok =
                        r->verdict == GANSTAB_VERDICT_NOT_STATIONARY && r->kink == 1 &&
                        fabs(r->residual - gamma * g0) <= RESIDUAL_TOL * fmax(1.0, gamma * g0) &&
                        r->n_stationary == 0;
                    if (!ok) {
                        print_error("%s %s %s gamma %.17g g0 %.17g: verdict %s kink %d residual "
                                    "%.17g (want %.17g), %zu stationary points\n",
                                    losses[l], kinds[k], schemes[s], gamma, g0,
                                    ganstab_verdict_name(r->verdict), r->kink, r->residual,
                                    gamma * g0, r->n_stationary);
                        for (size_t i = 0; i < r->n_stationary && i < 4; i++)
                            print_error("  (%.17g, %.17g) residual %.3g\n",
                                        r->stationary[i].point[0], r->stationary[i].point[1],
                                        r->stationary[i].residual);
                    }
                    assert_int_equal(r->verdict, GANSTAB_VERDICT_NOT_STATIONARY);
                    assert_int_equal(r->kink, 1);
                    assert_rel_close(r->residual, gamma * g0, RESIDUAL_TOL);
                    assert_int_equal(r->n_stationary, 0);
                    /* the one-sided Jacobian: the penalty's curvature 1 on either side */
                    double a = strcmp(losses[l], "wgan") == 0 ? 1.0 : FP0;
                    assert_close(ganstab_matrix_get(r->jacobian, 0, 1), -a, JAC_TOL);
                    assert_close(ganstab_matrix_get(r->jacobian, 1, 0), a, JAC_TOL);
                    assert_close(ganstab_matrix_get(r->jacobian, 1, 1), -gamma, JAC_TOL);
                    ganstab_result_free(r);

                    /* sweeps refuse the case */
                    ganstab_eigenvalue ev[2];
                    ganstab_error err;
                    ganstab_error_clear(&err);
                    assert_error(ganstab_analysis_spectrum(&c, ev, &err), GANSTAB_EINVAL, &err);
                    assert_non_null(strstr(err.message, "not stationary"));
                    ganstab_crossing *x = (ganstab_crossing *)&c;
                    size_t n = 99;
                    ganstab_error_clear(&err);
                    int rc = ganstab_analysis_crossings(
                        &c,
                        strcmp(schemes[s], "flow") == 0 ? GANSTAB_KEY_REG_GAMMA
                                                        : GANSTAB_KEY_UPDATE_H,
                        0.1, 2.0, GANSTAB_DEFAULT_TOL, 0, &x, &n, &err);
                    assert_error(rc, GANSTAB_EINVAL, &err);
                    assert_non_null(strstr(err.message, "not stationary"));
                    assert_null(x);
                    assert_int_equal(n, 0);
                }
    /* a stationary, smooth case has neither a kink nor a search for stationary points */
    ganstab_case c;
    build_numbers(&c, "standard", "gp", 0.5, "flow", 0.0);
    ganstab_result *r = testutil_analyze(&c);
    assert_int_equal(r->kink, 0);
    assert_int_equal(r->n_stationary, 0);
    assert_null(r->stationary);
    ganstab_result_free(r);
    /* gamma = 0: no penalty, the equilibrium is stationary again (Lemma 2.2, marginal) */
    build_numbers(&c, "standard", "wgan-gp", 0.0, "flow", 0.0);
    r = testutil_analyze(&c);
    assert_int_equal(r->verdict, GANSTAB_VERDICT_MARGINAL);
    assert_int_equal(r->kink, 0);
    assert_true(r->residual == 0.0);
    ganstab_result_free(r);
}

/* ---- error paths ----------------------------------------------------------------------------- */

static void test_errors(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_result *r = NULL;

    /* no model: the case does not validate */
    ganstab_case c;
    ganstab_case_init(&c, "mem.ini");
    ganstab_error_clear(&err);
    int rc = ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_null(r);
    assert_string_equal(err.where, "mem.ini");
    assert_non_null(strstr(err.message, "case.model"));

    /* gp without gamma */
    static const char *const nogamma[] = {"case.model=dirac", "regularizer.kind=gp", NULL};
    testutil_case_build(&c, nogamma);
    ganstab_error_clear(&err);
    rc = ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "mem.ini:2");
    assert_null(r);

    /* a parameter outside its domain that bypassed ganstab_case_set */
    static const char *const gp[] = {"case.model=dirac", "regularizer.kind=gp",
                                     "regularizer.gamma=0.5", NULL};
    testutil_case_build(&c, gp);
    c.gamma = -1.0;
    ganstab_error_clear(&err);
    rc = ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "gamma"));
    assert_null(r);
    ganstab_eigenvalue ev[2];
    ganstab_error_clear(&err);
    rc = ganstab_analysis_spectrum(&c, ev, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    c.gamma = NAN;
    ganstab_error_clear(&err);
    rc = ganstab_analysis_spectrum(&c, ev, &err);
    assert_error(rc, GANSTAB_EINVAL, &err);

    /* sweeps: an empty or non-finite interval, a parameter the case cannot take */
    testutil_case_build(&c, gp);
    static const double bad[][2] = {{4.0, 0.0}, {1.0, 1.0}, {0.0, INFINITY}, {NAN, 1.0}};
    for (size_t i = 0; i < TESTUTIL_COUNT(bad); i++) {
        ganstab_crossing *x = (ganstab_crossing *)&c;
        size_t n = 99;
        ganstab_error_clear(&err);
        rc = ganstab_analysis_crossings(&c, GANSTAB_KEY_REG_GAMMA, bad[i][0], bad[i][1],
                                        GANSTAB_DEFAULT_TOL, 0, &x, &n, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_null(x);
        assert_int_equal(n, 0);
    }
    /* the sweep leaves the parameter's domain (gamma < 0) */
    {
        ganstab_crossing *x = NULL;
        size_t n = 0;
        ganstab_error_clear(&err);
        rc = ganstab_analysis_crossings(&c, GANSTAB_KEY_REG_GAMMA, -1.0, 1.0, GANSTAB_DEFAULT_TOL,
                                        0, &x, &n, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_non_null(strstr(err.message, "regularizer.gamma"));
        assert_null(x);
        /* a key that is not a numeric parameter */
        ganstab_error_clear(&err);
        rc = ganstab_analysis_crossings(&c, GANSTAB_KEY_UPDATE_NG, 1.0, 2.0, GANSTAB_DEFAULT_TOL, 0,
                                        &x, &n, &err);
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_null(x);
    }
}

/* ---- the LQ-GAN with the Nagarajan-Kolter regularizer ---------------------------------------- */

/* Written here from Nagarajan & Kolter 2017, Sec. 3.3-3.4, for D(x) = w2 x^2, G(z) = a z on
 * U[-1, 1] (K_DD = E x^4 = 1/5, K_DG = -2/3): J_DG = f'(0) K_DG, J_DD = 2 f''(0) K_DD, and
 * J_eta = [[-2 eta J_DG^2, -J_DG (1 + 2 eta J_DD)], [J_DG, J_DD]] (generator first), whose
 * determinant -2 eta J_DG^2 J_DD + J_DG^2 (1 + 2 eta J_DD) = J_DG^2 does not depend on eta. */
static void build_lq2d(ganstab_case *c, const char *loss, const char *scheme, double eta, double h)
{
    char l[48], e[64], s[48], hh[64];
    snprintf(l, sizeof l, "case.loss=%s", loss);
    snprintf(e, sizeof e, "regularizer.eta=%.17g", eta);
    snprintf(s, sizeof s, "update.scheme=%s", scheme);
    snprintf(hh, sizeof hh, "update.h=%.17g", h);
    const char *const set[] = {"case.model=lq2d",
                               l,
                               "regularizer.kind=nk",
                               e,
                               s,
                               strcmp(scheme, "flow") ? hh : NULL,
                               NULL};
    testutil_case_build(c, set);
}

static double lq_jdg(double fp)
{
    return fp * (-2.0 / 3.0);
}

static double lq_jdd(double fpp)
{
    return 2.0 * fpp / 5.0;
}

/* The criterion: the WGAN without regularization (kind none, or nk with eta = 0) is
 * marginal, eigenvalues +-2i/3 (J = [[0, 2/3], [-2/3, 0]]); the standard loss is stable. */
static void test_lq2d_wgan_marginal(void **state)
{
    (void)state;
    static const char *const sets[][3] = {
        {"case.model=lq2d", "case.loss=wgan", NULL},
        {"case.model=lq2d", "case.loss=wgan", "regularizer.kind=nk"},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(sets); i++) {
        const char *const set[] = {sets[i][0], sets[i][1], sets[i][2],
                                   sets[i][2] != NULL ? "regularizer.eta=0" : NULL, NULL};
        ganstab_case c;
        testutil_case_build(&c, set);
        ganstab_result *r = testutil_analyze(&c);
        assert_int_equal(r->verdict, GANSTAB_VERDICT_MARGINAL);
        assert_true(r->residual <= GANSTAB_STATIONARY_TOL);
        assert_true(r->jacobian_agrees);
        cplx z[2] = {{0.0, 2.0 / 3.0}, {0.0, -2.0 / 3.0}};
        assert_spectrum(r->field_eigenvalues, z);
        assert_spectrum(r->eigenvalues, z);
        assert_close(r->spectral_abscissa, 0.0, EIG_TOL + r->field_eigenvalues[0].error_bound);
        ganstab_result_free(r);
    }
}

/* det J_eta = J_DG^2 for every eta: from the engine's J (its entries and its eigenvalues'
 * product), with tr = J_DD - 2 eta J_DG^2, and J itself against J_eta written here. */
static void test_lq2d_det_independent_of_eta(void **state)
{
    (void)state;
    static const struct {
        const char *loss;
        double fp, fpp;
    } losses[] = {{"standard", FP0, FPP0}, {"wgan", 1.0, 0.0}, {"nonsaturating", FP0, FPP0}};
    testutil_rng rng;
    testutil_rng_seed(&rng, 0xDE7E7A);
    for (size_t l = 0; l < TESTUTIL_COUNT(losses); l++) {
        double jdg = lq_jdg(losses[l].fp), jdd = lq_jdd(losses[l].fpp);
        double det0 = NAN;
        for (int k = 0; k < 10; k++) {
            double eta = k == 0 ? 0.0 : testutil_rng_uniform(&rng, 0.0, 3.0);
            ganstab_case c;
            build_lq2d(&c, losses[l].loss, "flow", eta, 0.0);
            ganstab_result *r = testutil_analyze(&c);
            const ganstab_matrix *J = r->jacobian;
            double want[2][2] = {{-2.0 * eta * jdg * jdg, -jdg * (1.0 + 2.0 * eta * jdd)},
                                 {jdg, jdd}};
            for (size_t i = 0; i < 2; i++)
                for (size_t j = 0; j < 2; j++)
                    assert_close(ganstab_matrix_get(J, i, j), want[i][j], JAC_TOL);
            double det = ganstab_matrix_get(J, 0, 0) * ganstab_matrix_get(J, 1, 1) -
                         ganstab_matrix_get(J, 0, 1) * ganstab_matrix_get(J, 1, 0);
            double tr = ganstab_matrix_get(J, 0, 0) + ganstab_matrix_get(J, 1, 1);
            assert_close(det, jdg * jdg, JAC_TOL);
            assert_close(tr, jdd - 2.0 * eta * jdg * jdg, JAC_TOL);
            if (k == 0)
                det0 = det;
            assert_close(det, det0, JAC_TOL); /* the same at every eta */
            /* the eigenvalues' product (complex: |lambda|^2) */
            const ganstab_eigenvalue *e = r->field_eigenvalues;
            double prod = e[0].re * e[1].re - e[0].im * e[1].im;
            assert_close(prod, jdg * jdg, EIG_TOL + e[0].error_bound + e[1].error_bound);
            cplx z[2];
            quadratic(jdd - 2.0 * eta * jdg * jdg, jdg * jdg, z);
            assert_spectrum(r->field_eigenvalues, z);
            /* tr < 0 for every eta unless WGAN at eta = 0: stable, or marginal there */
            assert_int_equal(r->verdict, jdd == 0.0 && eta == 0.0 ? GANSTAB_VERDICT_MARGINAL
                                                                  : GANSTAB_VERDICT_STABLE);
            ganstab_result_free(r);
        }
    }
}

/* Over regularizer.eta on (0, 4): exactly one crossing, the spiral turning into a node where
 * tr^2 = 4 det, i.e. eta = (J_DD + 2|J_DG|) / (2 J_DG^2) = (-1/10 + 2/3)/(2/9) = 2.55 (standard)
 * and (4/3)/(8/9) = 1.5 (WGAN); stable on both sides, no stability crossing. */
static void test_lq2d_crossings_eta(void **state)
{
    (void)state;
    static const struct {
        const char *loss;
        double fp, fpp, expected;
    } rows[] = {{"standard", FP0, FPP0, 2.55}, {"wgan", 1.0, 0.0, 1.5}};
    for (size_t i = 0; i < TESTUTIL_COUNT(rows); i++) {
        double jdg = lq_jdg(rows[i].fp), jdd = lq_jdd(rows[i].fpp);
        assert_close((jdd + 2.0 * fabs(jdg)) / (2.0 * jdg * jdg), rows[i].expected, 1e-15);
        for (int start = 0; start < 2; start++) {
            ganstab_case c;
            build_lq2d(&c, rows[i].loss, "flow", start == 0 ? 0.0 : 0.5, 0.0);
            size_t n = 0;
            ganstab_crossing *x = crossings(&c, GANSTAB_KEY_REG_ETA, 0.0, 4.0, &n);
            /* WGAN (f''(0) = 0): J_0 has +-i J_DG on the imaginary axis (marginal), every eta > 0
               damps it (tr = -2 eta J_DG^2): a Hopf crossing exactly at the end point eta = 0 */
            size_t end = rows[i].fpp == 0.0 ? 1 : 0;
            if (n != 1 + end)
                dump(x, n);
            assert_int_equal(n, 1 + end);
            if (end) {
                assert_int_equal(x[0].type, GANSTAB_CROSSING_HOPF);
                assert_close(x[0].value, 0.0, 0.0);
                assert_int_equal(x[0].before, GANSTAB_VERDICT_MARGINAL);
                assert_int_equal(x[0].after, GANSTAB_VERDICT_STABLE);
            }
            assert_int_equal(x[end].kind, GANSTAB_CROSSING_OSCILLATION);
            assert_int_equal(x[end].type, GANSTAB_CROSSING_COMPLEX_TO_REAL);
            assert_close(x[end].value, rows[i].expected, CRITICAL_TOL);
            assert_int_equal(x[end].before, GANSTAB_VERDICT_STABLE);
            assert_int_equal(x[end].after, GANSTAB_VERDICT_STABLE);
            free(x);
        }
    }
}

/* Over update.h for simgd on J_eta: a stability crossing at h_max, computed here (complex
 * pair: -tr/det, Neimark-Sacker; real: 2/|lambda_min|, flip), stable -> unstable. A real pair
 * has a second flip at 2/|lambda_max| where the other eigenvalue of I + hJ leaves through -1
 * (unstable -> unstable), listed when it is inside the range. */
static void test_lq2d_crossings_simgd(void **state)
{
    (void)state;
    static const struct {
        const char *loss;
        double fp, fpp, eta;
    } rows[] = {{"standard", FP0, FPP0, 0.0}, {"standard", FP0, FPP0, 0.5},
                {"standard", FP0, FPP0, 3.0}, {"wgan", 1.0, 0.0, 0.25},
                {"wgan", 1.0, 0.0, 1.0},      {"wgan", 1.0, 0.0, 2.0}};
    const double to = 10.0;
    for (size_t i = 0; i < TESTUTIL_COUNT(rows); i++) {
        double jdg = lq_jdg(rows[i].fp), jdd = lq_jdd(rows[i].fpp), eta = rows[i].eta;
        double tr = jdd - 2.0 * eta * jdg * jdg, det = jdg * jdg, disc = tr * tr / 4.0 - det;
        int complex_pair = disc < 0.0;
        double hmax = complex_pair ? -tr / det : 2.0 / (-tr / 2.0 + sqrt(disc));
        double h2 = complex_pair ? INFINITY : 2.0 / (-tr / 2.0 - sqrt(disc));
        size_t want = h2 < to ? 2 : 1;
        ganstab_case c;
        build_lq2d(&c, rows[i].loss, "simgd", eta, 0.1);
        size_t n = 0;
        ganstab_crossing *x = crossings(&c, GANSTAB_KEY_UPDATE_H, 0.01, to, &n);
        if (n != want)
            dump(x, n);
        assert_int_equal(n, want);
        assert_int_equal(x[0].kind, GANSTAB_CROSSING_STABILITY);
        assert_int_equal(x[0].type,
                         complex_pair ? GANSTAB_CROSSING_NEIMARK_SACKER : GANSTAB_CROSSING_FLIP);
        assert_close(x[0].value, hmax, CRITICAL_TOL * fmax(1.0, hmax));
        assert_int_equal(x[0].before, GANSTAB_VERDICT_STABLE);
        assert_int_equal(x[0].after, GANSTAB_VERDICT_UNSTABLE);
        if (want == 2) {
            assert_int_equal(x[1].kind, GANSTAB_CROSSING_STABILITY);
            assert_int_equal(x[1].type, GANSTAB_CROSSING_FLIP);
            assert_close(x[1].value, h2, CRITICAL_TOL * fmax(1.0, h2));
            assert_int_equal(x[1].before, GANSTAB_VERDICT_UNSTABLE);
            assert_int_equal(x[1].after, GANSTAB_VERDICT_UNSTABLE);
        }
        free(x);
    }
}

/* ---- the d-dimensional LQ-GAN: sweeps on the transversal spectrum ------------------------- */

/* Along the equilibrium manifold (dimension d(d-1)/2) J and every update operator fix the
 * tangent directions, so sweeps decide on the n - d(d-1)/2 (WGAN: one fewer) eigenvalues off it,
 * the same ones
 * ganstab_analyze decides on. For simgd, |1 + h lambda| < 1 iff h < -2 Re(lambda)/|lambda|^2:
 * the first crossing over update.h is the minimum of that over the transversal field eigenvalues
 * of ganstab_analyze (an eigenvalue formula here, the crossing solver on the operator's spectrum
 * there), a flip where the minimizing eigenvalue is real, Neimark-Sacker where it is complex. */
static void test_lq_transversal_sweeps(void **state)
{
    (void)state;
    static const struct {
        const char *dim, *cov, *loss;
    } rows[] = {{"model.dim=2", "model.cov=random 1", "case.loss=standard"},
                {"model.dim=3", "model.cov=random 7", "case.loss=standard"},
                {"model.dim=3", "model.cov=diag 1 2 3", "case.loss=wgan"}};
    for (size_t i = 0; i < TESTUTIL_COUNT(rows); i++) {
        const char *const set[] = {
            "case.model=lq",       rows[i].dim,           rows[i].cov,
            rows[i].loss,          "regularizer.kind=nk", "regularizer.eta=0.3",
            "update.scheme=simgd", "update.h=0.01",       NULL};
        ganstab_case c;
        testutil_case_build(&c, set);
        ganstab_result *r = testutil_analyze(&c);
        assert_true(r->manifold_dim > 0);
        assert_int_equal(r->null_space_matches, 1);
        size_t size = 0, nt = r->n_transversal;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_analysis_spectrum_size(&c, &size, &err), GANSTAB_OK);
        assert_int_equal(size, nt);
        /* A -> A Q (d(d-1)/2), and for WGAN the constant c of D, which cancels in V */
        size_t wgan = c.loss == GANSTAB_LOSS_WGAN ? 1 : 0;
        assert_int_equal(size, r->n - c.lq_dim * (c.lq_dim - 1) / 2 - wgan);
        ganstab_eigenvalue *ev = calloc(nt, sizeof *ev);
        assert_non_null(ev);
        assert_int_equal(ganstab_analysis_spectrum(&c, ev, &err), GANSTAB_OK);
        for (size_t k = 0; k < nt; k++) {
            assert_close(ev[k].re, r->transversal_eigenvalues[k].re, 0.0);
            assert_close(ev[k].im, r->transversal_eigenvalues[k].im, 0.0);
        }
        free(ev);
        double hmax = INFINITY;
        int complex_min = 0;
        for (size_t k = 0; k < nt; k++) {
            const ganstab_eigenvalue *l = &r->transversal_field_eigenvalues[k];
            double hk = -2.0 * l->re / (l->re * l->re + l->im * l->im);
            if (hk < hmax) {
                hmax = hk;
                complex_min = l->im != 0.0;
            }
        }
        ganstab_result_free(r);
        size_t n = 0;
        ganstab_crossing *x = crossings(&c, GANSTAB_KEY_UPDATE_H, 0.001, 1.5 * hmax, &n);
        if (n == 0)
            dump(x, n);
        assert_true(n >= 1);
        assert_int_equal(x[0].kind, GANSTAB_CROSSING_STABILITY);
        assert_int_equal(x[0].type,
                         complex_min ? GANSTAB_CROSSING_NEIMARK_SACKER : GANSTAB_CROSSING_FLIP);
        assert_close(x[0].value, hmax, CRITICAL_TOL * fmax(1.0, hmax));
        assert_int_equal(x[0].before, GANSTAB_VERDICT_STABLE);
        assert_int_equal(x[0].after, GANSTAB_VERDICT_UNSTABLE);
        free(x);
    }
}

/* ---- the library leaves GSL's process-wide error handler as it found it -------------------- */

static int handler_calls;

static void counting_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    (void)reason;
    (void)file;
    (void)line;
    (void)gsl_errno;
    handler_calls++;
}

/* The embedding program's handler (a custom one, and GSL's default NULL) is in place after an
 * analysis (finite-difference Jacobian, GSL deriv) and a crossing search (Brent): the library
 * turns the handler off around its GSL calls only. */
static void test_gsl_handler_left_alone(void **state)
{
    (void)state;
    static const char *const set[] = {"case.model=dirac", "regularizer.kind=gp",
                                      "regularizer.gamma=0.3", NULL};
    ganstab_case c;
    testutil_case_build(&c, set);
    gsl_error_handler_t *const handlers[] = {counting_handler, NULL};
    for (size_t k = 0; k < TESTUTIL_COUNT(handlers); k++) {
        gsl_error_handler_t *before = gsl_set_error_handler(handlers[k]);
        ganstab_result *r = testutil_analyze(&c);
        assert_true(gsl_set_error_handler(handlers[k]) == handlers[k]);
        ganstab_result_free(r);
        ganstab_crossing *x = NULL;
        size_t count = 0;
        ganstab_error err;
        ganstab_error_clear(&err);
        assert_int_equal(ganstab_analysis_crossings(&c, GANSTAB_KEY_REG_GAMMA, 0.1, 2.0,
                                                    GANSTAB_DEFAULT_TOL, 0, &x, &count, &err),
                         GANSTAB_OK);
        free(x);
        assert_true(gsl_set_error_handler(before) == handlers[k]);
    }
    assert_int_equal(handler_calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdicts_and_spectra),
        cmocka_unit_test(test_gsl_handler_left_alone),
        cmocka_unit_test(test_defective_gp_is_stable),
        cmocka_unit_test(test_spectrum_matches_analyze),
        cmocka_unit_test(test_tolerance),
        cmocka_unit_test(test_crossings_gp_flow),
        cmocka_unit_test(test_crossings_noise_flow),
        cmocka_unit_test(test_crossings_simgd_gp),
        cmocka_unit_test(test_crossings_altgd_unregularized),
        cmocka_unit_test(test_crossings_altgd_gp),
        cmocka_unit_test(test_conopt),
        cmocka_unit_test(test_crossings_conopt_simgd),
        cmocka_unit_test(test_centered_penalty_not_stationary),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_lq2d_wgan_marginal),
        cmocka_unit_test(test_lq2d_det_independent_of_eta),
        cmocka_unit_test(test_lq2d_crossings_eta),
        cmocka_unit_test(test_lq2d_crossings_simgd),
        cmocka_unit_test(test_lq_transversal_sweeps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

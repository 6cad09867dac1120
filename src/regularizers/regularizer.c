#include "ganstab/regularizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ganstab_regularizer_name(ganstab_regularizer_kind kind)
{
    switch (kind) {
    case GANSTAB_REG_GP:
        return "gp";
    case GANSTAB_REG_NOISE:
        return "noise";
    case GANSTAB_REG_R1:
        return "r1";
    case GANSTAB_REG_R2:
        return "r2";
    case GANSTAB_REG_WGAN_GP:
        return "wgan-gp";
    case GANSTAB_REG_DRAGAN:
        return "dragan";
    case GANSTAB_REG_CONOPT:
        return "conopt";
    case GANSTAB_REG_NK:
        return "nk";
    default:
        return "none";
    }
}

int ganstab_regularizer_init(ganstab_regularizer *r, ganstab_regularizer_kind kind, double gamma,
                             double sigma, double g0, double eta, ganstab_error *err)
{
    memset(r, 0, sizeof *r);
    if (!(gamma >= 0.0) || !isfinite(gamma))
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "gamma must be a finite number >= 0, got %g", gamma);
    if (!(sigma >= 0.0) || !isfinite(sigma))
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "sigma must be a finite number >= 0, got %g", sigma);
    if (!(g0 >= 0.0) || !isfinite(g0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "g0 must be a finite number >= 0, got %g", g0);
    if (!(eta >= 0.0) || !isfinite(eta))
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "eta must be a finite number >= 0, got %g", eta);
    r->eta = eta;
    r->kind = kind;
    r->gamma = gamma;
    r->sigma = sigma;
    r->g0 = g0;
    if (kind == GANSTAB_REG_NOISE)
        return ganstab_gauss_hermite_init(&r->rule, GANSTAB_GAUSS_HERMITE_NODES, err);
    return GANSTAB_OK;
}

/* Both data terms, each averaged over the Gaussian instance noise when sigma > 0:
 *   v_sigma(x) = E_{s ~ N(0, sigma^2)} term_real(x; s) + E_{s' ~ N(0, sigma^2)} term_fake(x; s')
 * (independent noise on real and fake samples, Mescheder et al. 2018, Sec. 3.2). Derivatives
 * in x commute with the expectation, so J is the same quadrature of the terms' Jacobians. */
static int data_terms(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                      double *v, double *J, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    int rc = GANSTAB_OK;
    if (r->kind != GANSTAB_REG_NOISE || r->sigma == 0.0) {
        if ((rc = m->ops->term(m, GANSTAB_SIDE_REAL, x, NULL, v, J, err)) != GANSTAB_OK)
            return rc;
        return m->ops->term(m, GANSTAB_SIDE_FAKE, x, NULL, v, J, err);
    }
    if (m->data_dim != 1)
        return ganstab_error_set(err, GANSTAB_EINVAL, "regularizer",
                                 "instance noise needs one-dimensional data (model '%s' has %zu)",
                                 m->ops->name, m->data_dim);
    double *vk = malloc(n * sizeof *vk);
    double *Jk = J != NULL ? malloc(n * n * sizeof *Jk) : NULL;
    if (vk == NULL || (J != NULL && Jk == NULL)) {
        free(vk);
        free(Jk);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
    }
    for (size_t i = 0; i < r->rule.n && rc == GANSTAB_OK; i++) {
        double s = r->sigma * r->rule.node[i], w = r->rule.weight[i];
        for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE && rc == GANSTAB_OK; side++) {
            memset(vk, 0, n * sizeof *vk);
            if (Jk != NULL)
                memset(Jk, 0, n * n * sizeof *Jk);
            rc = m->ops->term(m, (ganstab_data_side)side, x, &s, vk, Jk, err);
            for (size_t k = 0; k < n && rc == GANSTAB_OK; k++)
                v[k] += w * vk[k];
            for (size_t k = 0; Jk != NULL && k < n * n && rc == GANSTAB_OK; k++)
                J[k] += w * Jk[k];
        }
    }
    free(vk);
    free(Jk);
    return rc;
}

/* Which data side(s) a penalty is averaged over. For the Dirac-GAN the discriminator's gradient
 * is psi everywhere, so the side does not change the value; for models whose gradient depends on
 * the point it does (gp: the mixture (p_D + p_theta)/2; R1: p_D; R2: p_theta; WGAN-GP:
 * interpolates, approximated by the same mixture; DRAGAN: perturbed real data). */
static int penalty_sides(ganstab_regularizer_kind kind, double *w_real, double *w_fake)
{
    switch (kind) {
    case GANSTAB_REG_GP:
    case GANSTAB_REG_WGAN_GP:
        *w_real = *w_fake = 0.5;
        return 1;
    case GANSTAB_REG_R1:
    case GANSTAB_REG_DRAGAN:
        *w_real = 1.0;
        *w_fake = 0.0;
        return 1;
    case GANSTAB_REG_R2:
        *w_real = 0.0;
        *w_fake = 1.0;
        return 1;
    default:
        return 0;
    }
}

/* The discriminator ascends L - gamma R with R = E_side P (model.h); the generator's rows are
 * untouched (Mescheder et al. 2018, eq. (14)). */
static int add_penalty(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                       double *v, double *J, int *kink, ganstab_error *err)
{
    double w[2];
    if (!penalty_sides(r->kind, &w[GANSTAB_SIDE_REAL], &w[GANSTAB_SIDE_FAKE]) || r->gamma == 0.0)
        return GANSTAB_OK;
    size_t n = m->n_g + m->n_d;
    double g0 = r->kind == GANSTAB_REG_WGAN_GP || r->kind == GANSTAB_REG_DRAGAN ? r->g0 : 0.0;
    double *grad = calloc(n, sizeof *grad);
    double *H = J != NULL ? calloc(n * n, sizeof *H) : NULL;
    int rc = GANSTAB_OK;
    if (grad == NULL || (J != NULL && H == NULL))
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
    /* Each side's P is added with its weight: the hooks accumulate into grad and H. */
    for (int side = GANSTAB_SIDE_REAL; side <= GANSTAB_SIDE_FAKE && rc == GANSTAB_OK; side++) {
        if (w[side] == 0.0)
            continue;
        double *gs = calloc(n, sizeof *gs);
        double *Hs = J != NULL ? calloc(n * n, sizeof *Hs) : NULL;
        if (gs == NULL || (J != NULL && Hs == NULL))
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
        else
            rc = m->ops->penalty(m, (ganstab_data_side)side, x, g0, gs, Hs, kink, err);
        for (size_t k = 0; k < n && rc == GANSTAB_OK; k++)
            grad[k] += w[side] * gs[k];
        for (size_t k = 0; Hs != NULL && k < n * n && rc == GANSTAB_OK; k++)
            H[k] += w[side] * Hs[k];
        free(gs);
        free(Hs);
    }
    for (size_t i = m->n_g; i < n && rc == GANSTAB_OK; i++) {
        v[i] -= r->gamma * grad[i];
        for (size_t j = 0; H != NULL && j < n; j++)
            J[i + j * n] -= r->gamma * H[i + j * n];
    }
    free(grad);
    free(H);
    return rc;
}

/* Central-difference step for the curvature terms of ConOpt's and the NK regularizer's
 * Jacobians (second derivatives of v from differences of the analytic J): error
 * ~ h^2 |v^(3)| + eps/h ~ 1e-10 for O(1) fields. */
#define CURVATURE_FD_STEP 1e-5

/* Below this max |w_k| the curvature term is taken as 0 without evaluating anything: at a
 * stationary point w = v is an exact zero computed to rounding (~1e-16 for model lq, whose
 * E_pdata phi - E_pG phi differ in the last bits of A A^T = Sigma), and C = O(|w|) then lies far
 * below the ~1e-10 error of its own central differences. Evaluating it would also need the field
 * away from x*, which model lq has only for d <= 3 (or the WGAN loss). */
#define CURVATURE_NEGLIGIBLE_FIELD 1e-12

/* C_ij = sum_k w_k dJ_ki/dx_j (n-by-n, column-major): from the model's exact curvature op where it
 * has one, else by central differences of the analytic Jacobian of the data terms; C = 0 without
 * evaluating anything when w is negligible (at a stationary point, where the transformers below
 * use w = v). */
static int curvature(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                     const double *w, double *C, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    memset(C, 0, n * n * sizeof *C);
    int zero = 1;
    for (size_t k = 0; k < n; k++)
        if (!(fabs(w[k]) <= CURVATURE_NEGLIGIBLE_FIELD))
            zero = 0;
    if (zero)
        return GANSTAB_OK;
    /* exact where the model has it (noise, whose field is a quadrature of shifted terms, is not
       the model's term() field) */
    if (m->ops->curvature != NULL && !(r->kind == GANSTAB_REG_NOISE && r->sigma > 0.0))
        return m->ops->curvature(m, x, w, C, err);
    double *xp = malloc(n * sizeof *xp), *Jp = calloc(n * n, sizeof *Jp);
    double *Jm = calloc(n * n, sizeof *Jm), *scratch = calloc(n, sizeof *scratch);
    int rc = GANSTAB_OK;
    if (!xp || !Jp || !Jm || !scratch)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
    for (size_t j = 0; j < n && rc == GANSTAB_OK; j++) {
        double step = CURVATURE_FD_STEP * fmax(1.0, fabs(x[j]));
        for (int sgn = -1; sgn <= 1 && rc == GANSTAB_OK; sgn += 2) {
            double *Jt = sgn > 0 ? Jp : Jm;
            memcpy(xp, x, n * sizeof *xp);
            xp[j] += sgn * step;
            memset(Jt, 0, n * n * sizeof *Jt);
            memset(scratch, 0, n * sizeof *scratch);
            rc = data_terms(m, r, xp, scratch, Jt, err);
        }
        for (size_t i = 0; i < n && rc == GANSTAB_OK; i++)
            for (size_t k = 0; k < n; k++)
                C[i + j * n] += w[k] * (Jp[k + i * n] - Jm[k + i * n]) / (2.0 * step);
    }
    free(xp);
    free(Jp);
    free(Jm);
    free(scratch);
    return rc;
}

/* The data terms' field vb and Jacobian Jb at x, plus workspace; NULL on allocation failure. */
typedef struct {
    double *vb, *Jb, *w, *C;
} transform_work;

static int transform_begin(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                           transform_work *t, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    t->vb = calloc(n, sizeof *t->vb);
    t->Jb = calloc(n * n, sizeof *t->Jb);
    t->w = calloc(n, sizeof *t->w);
    t->C = calloc(n * n, sizeof *t->C);
    if (!t->vb || !t->Jb || !t->w || !t->C)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "regularizer", "out of memory");
    return data_terms(m, r, x, t->vb, t->Jb, err);
}

static void transform_end(transform_work *t)
{
    free(t->vb);
    free(t->Jb);
    free(t->w);
    free(t->C);
}

/* Consensus optimization (Mescheder et al. 2017): w = v - gamma J^T v, so
 * dw/dx = J - gamma (J^T J + C), C_ij = sum_k v_k dJ_ki/dx_j. At a stationary point v = 0 and C
 * vanishes, so the Jacobian there is exactly J - gamma J^T J. */
static int conopt(const ganstab_model *m, const ganstab_regularizer *r, const double *x, double *v,
                  double *J, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    transform_work t;
    int rc = transform_begin(m, r, x, &t, err);
    for (size_t i = 0; i < n && rc == GANSTAB_OK; i++) {
        double jtv = 0.0;
        for (size_t k = 0; k < n; k++)
            jtv += t.Jb[k + i * n] * t.vb[k];
        v[i] = t.vb[i] - r->gamma * jtv;
    }
    if (rc == GANSTAB_OK && J != NULL)
        rc = curvature(m, r, x, t.vb, t.C, err);
    for (size_t j = 0; J != NULL && j < n && rc == GANSTAB_OK; j++)
        for (size_t i = 0; i < n; i++) {
            double jtj = 0.0;
            for (size_t k = 0; k < n; k++)
                jtj += t.Jb[k + i * n] * t.Jb[k + j * n];
            J[i + j * n] = t.Jb[i + j * n] - r->gamma * (jtj + t.C[i + j * n]);
        }
    transform_end(&t);
    return rc;
}

/* Nagarajan & Kolter 2017, eq. (4): the generator descends V + eta |grad_D V|^2. With the
 * discriminator's field v_D = grad_D V, grad_G |v_D|^2 = 2 J_DG^T v_D (J_DG = dv_D/dtheta_G), so
 *   v_G <- v_G - 2 eta J_DG^T v_D,
 * with Jacobian rows J_G. - 2 eta (J_DG^T J_D. + C), C_ij = sum_{k in D} v_k dJ_ki/dx_j. At an
 * equilibrium v_D = 0: the generator rows become [-2 eta J_DG^T J_DG, J_GD - 2 eta J_DG^T J_DD],
 * which for J_GD = -J_DG^T is the paper's J_eta = [[J_DD, J_DG], [-J_DG^T (I + 2 eta J_DD),
 * -2 eta J_DG^T J_DG]] (discriminator first there). */
static int nk(const ganstab_model *m, const ganstab_regularizer *r, const double *x, double *v,
              double *J, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d, ng = m->n_g;
    transform_work t;
    int rc = transform_begin(m, r, x, &t, err);
    for (size_t i = 0; i < n && rc == GANSTAB_OK; i++) {
        double grad = 0.0; /* (J_DG^T v_D)_i for a generator component i */
        for (size_t k = ng; i < ng && k < n; k++)
            grad += t.Jb[k + i * n] * t.vb[k];
        v[i] = t.vb[i] - (i < ng ? 2.0 * r->eta * grad : 0.0);
    }
    for (size_t k = ng; k < n; k++)
        if (t.w != NULL && t.vb != NULL)
            t.w[k] = t.vb[k];
    if (rc == GANSTAB_OK && J != NULL)
        rc = curvature(m, r, x, t.w, t.C, err);
    for (size_t j = 0; J != NULL && j < n && rc == GANSTAB_OK; j++)
        for (size_t i = 0; i < n; i++) {
            double extra = 0.0;
            for (size_t k = ng; i < ng && k < n; k++)
                extra += t.Jb[k + i * n] * t.Jb[k + j * n];
            J[i + j * n] =
                t.Jb[i + j * n] - (i < ng ? 2.0 * r->eta * (extra + t.C[i + j * n]) : 0.0);
        }
    transform_end(&t);
    return rc;
}

int ganstab_field_kink(const ganstab_model *m, const ganstab_regularizer *r, const double *x)
{
    size_t n = m->n_g + m->n_d;
    double *v = calloc(n, sizeof *v);
    int kink = 0;
    if (v != NULL)
        (void)add_penalty(m, r, x, v, NULL, &kink, NULL);
    free(v);
    return kink;
}

int ganstab_field_eval(const ganstab_model *m, const ganstab_regularizer *r, const double *x,
                       double *v, double *J, ganstab_error *err)
{
    size_t n = m->n_g + m->n_d;
    memset(v, 0, n * sizeof *v);
    if (J != NULL)
        memset(J, 0, n * n * sizeof *J);
    int rc = r->kind == GANSTAB_REG_CONOPT ? conopt(m, r, x, v, J, err)
             : r->kind == GANSTAB_REG_NK   ? nk(m, r, x, v, J, err)
                                           : data_terms(m, r, x, v, J, err);
    if (rc == GANSTAB_OK)
        rc = add_penalty(m, r, x, v, J, NULL, err);
    for (size_t i = 0; i < n && rc == GANSTAB_OK; i++)
        if (!isfinite(v[i]))
            rc = ganstab_error_set(err, GANSTAB_ENUMERIC, "field",
                                   "component %zu of the field is not finite", i + 1);
    return rc;
}

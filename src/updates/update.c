/* Update rules (update.h): the operator (Jacobian of one update at an equilibrium) and one actual
 * iteration on the nonlinear field, for gradient descent-ascent and the optimizers of games.
 *
 * Conventions: v is the training field (x' = v(x) is the flow; both players move along v, the
 * generator's components first), J = dv/dx. A player's gradient xi = -v ("descent direction"
 * form of the papers: Balduzzi et al. 2018 write xi for the simultaneous gradient, Schafer &
 * Anandkumar 2019 the gradients of the players' losses). Operators are composed from n-by-n
 * blocks; matrices are column-major (matrix.h). */
#include "ganstab/update.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ganstab_scheme_name(ganstab_scheme s)
{
    switch (s) {
    case GANSTAB_SCHEME_SIMGD:
        return "simgd";
    case GANSTAB_SCHEME_ALTGD:
        return "altgd";
    case GANSTAB_SCHEME_TTUR:
        return "ttur";
    case GANSTAB_SCHEME_OPTIMAL:
        return "optimal";
    case GANSTAB_SCHEME_UNROLLED:
        return "unrolled";
    case GANSTAB_SCHEME_EXTRAGRADIENT:
        return "extragradient";
    case GANSTAB_SCHEME_OPTIMISTIC:
        return "optimistic";
    case GANSTAB_SCHEME_MOMENTUM:
        return "momentum";
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM:
        return "complex-momentum";
    case GANSTAB_SCHEME_LOOKAHEAD:
        return "lookahead";
    case GANSTAB_SCHEME_SGA:
        return "sga";
    case GANSTAB_SCHEME_CGD:
        return "cgd";
    case GANSTAB_SCHEME_CONOPT:
        return "conopt";
    default:
        return "flow";
    }
}

const char *ganstab_order_name(ganstab_order o)
{
    return o == GANSTAB_ORDER_DISC_FIRST ? "disc-first" : "gen-first";
}

const char *ganstab_variant_name(ganstab_variant v)
{
    switch (v) {
    case GANSTAB_VARIANT_ALTERNATING:
        return "alternating";
    case GANSTAB_VARIANT_ALIGNED:
        return "aligned";
    default:
        return "default";
    }
}

ganstab_dynamics ganstab_update_dynamics(const ganstab_update *u)
{
    return u->scheme == GANSTAB_SCHEME_FLOW ? GANSTAB_DYNAMICS_FLOW : GANSTAB_DYNAMICS_MAP;
}

double ganstab_update_he(const ganstab_update *u)
{
    return u->he > 0.0 ? u->he : u->h;
}

size_t ganstab_update_memory(const ganstab_update *u)
{
    switch (u->scheme) {
    case GANSTAB_SCHEME_OPTIMISTIC:
    case GANSTAB_SCHEME_MOMENTUM:
        return 2;
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM:
        return 3;
    default:
        return 1;
    }
}

int ganstab_update_is_lookahead_base(ganstab_scheme s)
{
    return s == GANSTAB_SCHEME_SIMGD || s == GANSTAB_SCHEME_ALTGD || s == GANSTAB_SCHEME_TTUR ||
           s == GANSTAB_SCHEME_EXTRAGRADIENT || s == GANSTAB_SCHEME_SGA ||
           s == GANSTAB_SCHEME_CGD || s == GANSTAB_SCHEME_CONOPT;
}

/* ---- operators ------------------------------------------------------------------------------ */

#define AT(M, ld, i, j) ((M)[(i) + (size_t)(j) * (ld)])

/* S = I + D J with D = diag(step_g on the first n_g rows, step_d on the rest): the Jacobian of
 * x -> x + D v(x). simgd: step_g = step_d = h; ttur: (h_g, h_d); an altgd generator sub-step:
 * (h, 0); a discriminator sub-step: (0, h) (Mescheder et al. 2018, Sec. 2.1). */
static void step_matrix(const ganstab_matrix *J, size_t n_g, double step_g, double step_d,
                        ganstab_matrix *S)
{
    size_t n = J->rows;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            double d = i < n_g ? step_g : step_d;
            ganstab_matrix_set(S, i, j, (i == j ? 1.0 : 0.0) + d * ganstab_matrix_get(J, i, j));
        }
}

/* A <- S^k A, using tmp. */
static int apply_power(const ganstab_matrix *S, unsigned k, ganstab_matrix *A, ganstab_matrix *tmp,
                       ganstab_error *err)
{
    for (unsigned i = 0; i < k; i++) {
        int rc = ganstab_matrix_mul(S, A, tmp, err);
        if (rc != GANSTAB_OK)
            return rc;
        rc = ganstab_matrix_copy(tmp, A, err);
        if (rc != GANSTAB_OK)
            return rc;
    }
    return GANSTAB_OK;
}

static int oom(ganstab_error *err)
{
    return ganstab_error_set(err, GANSTAB_ENOMEM, "update", "out of memory");
}

/* altgd: n_g generator sub-steps, then n_d discriminator sub-steps (gen-first), each evaluated
 * at the current iterate; the map is their composition, so its Jacobian is the product with the
 * first sub-step rightmost (Mescheder et al. 2018, Lemma 2.5). */
static int altgd_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                          ganstab_matrix *A, ganstab_error *err)
{
    size_t n = J->rows;
    ganstab_matrix *Sg = ganstab_matrix_alloc(n, n), *Sd = ganstab_matrix_alloc(n, n);
    ganstab_matrix *tmp = ganstab_matrix_alloc(n, n);
    int rc = GANSTAB_OK;
    if (Sg == NULL || Sd == NULL || tmp == NULL) {
        rc = oom(err);
    } else {
        step_matrix(J, n_g, u->h, 0.0, Sg);
        step_matrix(J, n_g, 0.0, u->h, Sd);
        ganstab_matrix_set_identity(A);
        if (u->order == GANSTAB_ORDER_GEN_FIRST) {
            rc = apply_power(Sg, u->ng, A, tmp, err);
            if (rc == GANSTAB_OK)
                rc = apply_power(Sd, u->nd, A, tmp, err);
        } else {
            rc = apply_power(Sd, u->nd, A, tmp, err);
            if (rc == GANSTAB_OK)
                rc = apply_power(Sg, u->ng, A, tmp, err);
        }
    }
    ganstab_matrix_free(Sg);
    ganstab_matrix_free(Sd);
    ganstab_matrix_free(tmp);
    return rc;
}

/* C = I + a X Y (n-by-n, column-major; C aliases neither X nor Y). */
static void identity_plus_product(size_t n, double a, const double *X, const double *Y, double *C)
{
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            double s = 0.0;
            for (size_t l = 0; l < n; l++)
                s += AT(X, n, i, l) * AT(Y, n, l, j);
            AT(C, n, i, j) = (i == j ? 1.0 : 0.0) + a * s;
        }
}

/* Competitive gradient descent's linear solve: M = I - h J_off (J n-by-n, J_off its blocks
 * between the first n_g and the other components), then X <- M^{-1} X for the nrhs columns of
 * X (column-major, leading dimension n). M is overwritten by its LU factors; piv: n pivots. */
static int cgd_solve(size_t n, size_t n_g, double h, const double *J, double *M, double *X,
                     size_t nrhs, lapack_int *piv, ganstab_error *err)
{
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            int off = (i < n_g) != (j < n_g);
            AT(M, n, i, j) = (i == j ? 1.0 : 0.0) - (off ? h * AT(J, n, i, j) : 0.0);
        }
    lapack_int info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)nrhs, M,
                                    (lapack_int)n, piv, X, (lapack_int)n);
    if (info != 0)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "update: LAPACKE_dgesv",
                                 "cgd: I - h J_off is singular (info = %d)", (int)info);
    return GANSTAB_OK;
}

/* Block (bi, bj) of the (m n)-square A, set to a I + b M (M n-by-n, may be NULL). */
static void set_block(ganstab_matrix *A, size_t n, size_t bi, size_t bj, double a, double b,
                      const double *M)
{
    size_t ld = A->rows;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            AT(A->data, ld, bi * n + i, bj * n + j) =
                (i == j ? a : 0.0) + (M != NULL ? b * AT(M, n, i, j) : 0.0);
}

/* Operators of the memoryless optimizers, n-by-n, into A (J n-by-n; w: n^2 workspace). */
static int memoryless_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                               ganstab_matrix *A, double *w, ganstab_error *err)
{
    size_t n = J->rows;
    const double *Jd = J->data;
    double *M = w;
    switch (u->scheme) {
    case GANSTAB_SCHEME_SIMGD:
        step_matrix(J, n_g, u->h, u->h, A);
        return GANSTAB_OK;
    case GANSTAB_SCHEME_TTUR:
        step_matrix(J, n_g, u->hg, u->hd, A);
        return GANSTAB_OK;
    case GANSTAB_SCHEME_ALTGD:
        return altgd_operator(u, J, n_g, A, err);
    case GANSTAB_SCHEME_EXTRAGRADIENT: {
        /* Korpelevich 1976; Gidel et al. 2019 (ICLR), eq. (EG): x_{1/2} = x + h_e v(x),
           x+ = x + h v(x_{1/2}); at x*, d x+/dx = I + h J (I + h_e J). */
        double he = ganstab_update_he(u);
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++)
                AT(M, n, i, j) = (i == j ? 1.0 : 0.0) + he * AT(Jd, n, i, j);
        identity_plus_product(n, u->h, Jd, M, A->data);
        return GANSTAB_OK;
    }
    case GANSTAB_SCHEME_SGA: {
        /* Balduzzi et al. 2018, Algorithm 1: xi_lambda = xi + lambda A^T xi with xi = -v,
           H = d xi/dx = -J, A = (H - H^T)/2, so A^T = (J - J^T)/2 and x+ = x - h xi_lambda =
           x + h (I + lambda (J - J^T)/2) v. At x* (v = 0, so the derivative of A drops out):
           I + h (I + lambda (J - J^T)/2) J. The aligned variant's sign factor is + near x*
           (its argument is O(|v|^4) + 1/10), so its operator uses |lambda|. */
        double lambda = u->variant == GANSTAB_VARIANT_ALIGNED ? fabs(u->lambda) : u->lambda;
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++)
                AT(M, n, i, j) =
                    (i == j ? 1.0 : 0.0) + lambda * 0.5 * (AT(Jd, n, i, j) - AT(Jd, n, j, i));
        identity_plus_product(n, u->h, M, Jd, A->data);
        return GANSTAB_OK;
    }
    case GANSTAB_SCHEME_CONOPT: {
        /* Mescheder et al. 2017 (The Numerics of GANs), Algorithm 1 / eq. (10): x+ = x + h (v -
           gamma grad L), L = |v|^2 / 2, grad L = J^T v; at x*: I + h (J - gamma J^T J). */
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++) {
                double s = 0.0;
                for (size_t l = 0; l < n; l++)
                    s += AT(Jd, n, l, i) * AT(Jd, n, l, j);
                AT(A->data, n, i, j) =
                    (i == j ? 1.0 : 0.0) + u->h * (AT(Jd, n, i, j) - u->gamma * s);
            }
        return GANSTAB_OK;
    }
    case GANSTAB_SCHEME_CGD: {
        /* Schafer & Anandkumar 2019, eq. (4) (general sum): [dx; dy] = -h [[I, h D_xy f],
           [h D_yx g, I]]^{-1} [grad_x f; grad_y g]. With v = -(grad_x f, grad_y g),
           D_xy f = -J_xy and D_yx g = -J_yx, so x+ = x + h (I - h J_off)^{-1} v with J_off the
           off-diagonal blocks of J. At x*: I + h (I - h J_off)^{-1} J. */
        memcpy(A->data, Jd, n * n * sizeof *Jd);
        lapack_int *piv = malloc(n * sizeof *piv);
        if (piv == NULL)
            return oom(err);
        int rc = cgd_solve(n, n_g, u->h, Jd, M, A->data, n, piv, err);
        free(piv);
        if (rc != GANSTAB_OK)
            return rc;
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++)
                AT(A->data, n, i, j) = (i == j ? 1.0 : 0.0) + u->h * AT(A->data, n, i, j);
        return GANSTAB_OK;
    }
    default:
        return ganstab_error_set(err, GANSTAB_EINVAL, "update", "scheme '%s' is not memoryless",
                                 ganstab_scheme_name(u->scheme));
    }
}

/* Momentum sub-step of the players in [from, to) on (x, x_prev) (Polyak's heavy ball, in the
 * game form of Gidel et al. 2019, "Negative momentum for improved game dynamics", eqs. (5)-(6)):
 * x_P <- x_P + h v_P(x) + beta (x_P - x_prev_P), x_prev_P <- old x_P. Its Jacobian on the
 * augmented state: [[I + P (h J + beta I), -beta P], [P, I - P]], P the players' projection. */
static void momentum_substep_matrix(const ganstab_matrix *J, size_t from, size_t to, double h,
                                    double beta, ganstab_matrix *S)
{
    size_t n = J->rows, ld = 2 * n;
    memset(S->data, 0, ld * ld * sizeof *S->data);
    for (size_t i = 0; i < n; i++) {
        int p = i >= from && i < to;
        for (size_t j = 0; j < n; j++)
            AT(S->data, ld, i, j) =
                (i == j ? 1.0 + (p ? beta : 0.0) : 0.0) + (p ? h * ganstab_matrix_get(J, i, j) : 0);
        AT(S->data, ld, i, n + i) = p ? -beta : 0.0;
        AT(S->data, ld, n + i, i) = p ? 1.0 : 0.0;
        AT(S->data, ld, n + i, n + i) = p ? 0.0 : 1.0;
    }
}

static int momentum_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                             ganstab_matrix *A, ganstab_error *err)
{
    size_t n = J->rows;
    if (u->variant != GANSTAB_VARIANT_ALTERNATING) {
        momentum_substep_matrix(J, 0, n, u->h, u->beta, A);
        return GANSTAB_OK;
    }
    /* alternating: the first player's sub-step, then the second player's at the first one's new
       position; the Jacobian is the product, first sub-step rightmost */
    ganstab_matrix *S1 = ganstab_matrix_alloc(2 * n, 2 * n),
                   *S2 = ganstab_matrix_alloc(2 * n, 2 * n);
    int rc = GANSTAB_OK;
    if (S1 == NULL || S2 == NULL) {
        rc = oom(err);
    } else {
        int gen_first = u->order == GANSTAB_ORDER_GEN_FIRST;
        momentum_substep_matrix(J, gen_first ? 0 : n_g, gen_first ? n_g : n, u->h, u->beta, S1);
        momentum_substep_matrix(J, gen_first ? n_g : 0, gen_first ? n : n_g, u->h, u->beta, S2);
        rc = ganstab_matrix_mul(S2, S1, A, err);
    }
    ganstab_matrix_free(S1);
    ganstab_matrix_free(S2);
    return rc;
}

int ganstab_update_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                            ganstab_matrix *A, ganstab_error *err)
{
    size_t n = J->rows, m = ganstab_update_memory(u);
    if (J->cols != n || A->rows != m * n || A->cols != m * n || n_g > n)
        return ganstab_error_set(err, GANSTAB_EINVAL, "update", "dimension mismatch");
    switch (u->scheme) {
    case GANSTAB_SCHEME_FLOW:
        return ganstab_matrix_copy(J, A, err);
    case GANSTAB_SCHEME_OPTIMAL:
    case GANSTAB_SCHEME_UNROLLED:
        /* the best response (a discontinuous function of the state where F has a double root)
           and the unrolled generator gradient (third derivatives of the payoff) are not
           functions of J */
        return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                 "scheme '%s' has no update operator built from the field's "
                                 "Jacobian: it is simulated only (ganstab simulate)",
                                 ganstab_scheme_name(u->scheme));
    case GANSTAB_SCHEME_MOMENTUM:
        return momentum_operator(u, J, n_g, A, err);
    case GANSTAB_SCHEME_OPTIMISTIC: {
        /* Popov 1980; Daskalakis et al. 2018 (OGDA), Gidel et al. 2019 (past extragradient):
           x_{t+1} = x_t + (h + h_e) v(x_t) - h_e v(x_{t-1}) (the extrapolated iterates of past
           extragradient with steps h_e, h; h_e = h gives OGDA's 2h, -h). On (x_t, x_{t-1}):
           [[I + (h + h_e) J, -h_e J], [I, 0]]. */
        double he = ganstab_update_he(u);
        set_block(A, n, 0, 0, 1.0, u->h + he, J->data);
        set_block(A, n, 0, 1, 0.0, -he, J->data);
        set_block(A, n, 1, 0, 1.0, 0.0, NULL);
        set_block(A, n, 1, 1, 0.0, 0.0, NULL);
        return GANSTAB_OK;
    }
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM: {
        /* Lorraine et al. 2022 (Complex momentum for optimization in games), eq. (SimCM):
           mu_{t+1} = beta mu_t - xi(x_t) = beta mu_t + v(x_t), x_{t+1} = x_t + h Re(mu_{t+1}),
           beta = beta + i beta_im. On (x, a = Re mu, b = Im mu):
           x+ = x + h (beta a - beta_im b + v), a+ = beta a - beta_im b + v, b+ = beta_im a +
           beta b; rows [I + hJ, h beta I, -h beta_im I], [J, beta I, -beta_im I],
           [0, beta_im I, beta I]. */
        double br = u->beta, bi = u->beta_im;
        set_block(A, n, 0, 0, 1.0, u->h, J->data);
        set_block(A, n, 0, 1, u->h * br, 0.0, NULL);
        set_block(A, n, 0, 2, -u->h * bi, 0.0, NULL);
        set_block(A, n, 1, 0, 0.0, 1.0, J->data);
        set_block(A, n, 1, 1, br, 0.0, NULL);
        set_block(A, n, 1, 2, -bi, 0.0, NULL);
        set_block(A, n, 2, 0, 0.0, 0.0, NULL);
        set_block(A, n, 2, 1, bi, 0.0, NULL);
        set_block(A, n, 2, 2, br, 0.0, NULL);
        return GANSTAB_OK;
    }
    case GANSTAB_SCHEME_LOOKAHEAD: {
        /* Zhang et al. 2019 (Lookahead optimizer), Chavdarova et al. 2021 (lookahead-minmax,
           Algorithm 1): k steps of the base scheme from x to x_k, then x+ = x + alpha (x_k - x);
           d x+/dx = (1 - alpha) I + alpha B^k. */
        if (!ganstab_update_is_lookahead_base(u->base))
            return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                     "lookahead: base scheme '%s' is not a memoryless discrete "
                                     "scheme",
                                     ganstab_scheme_name(u->base));
        ganstab_update b = *u;
        b.scheme = u->base;
        ganstab_matrix *B = ganstab_matrix_alloc(n, n), *tmp = ganstab_matrix_alloc(n, n);
        double *w = malloc(n * n * sizeof *w);
        int rc = B == NULL || tmp == NULL || w == NULL ? oom(err)
                                                       : memoryless_operator(&b, J, n_g, B, w, err);
        if (rc == GANSTAB_OK) {
            ganstab_matrix_set_identity(A);
            rc = apply_power(B, u->k, A, tmp, err);
        }
        if (rc == GANSTAB_OK)
            for (size_t j = 0; j < n; j++)
                for (size_t i = 0; i < n; i++)
                    AT(A->data, n, i, j) =
                        (i == j ? 1.0 - u->alpha : 0.0) + u->alpha * AT(A->data, n, i, j);
        ganstab_matrix_free(B);
        ganstab_matrix_free(tmp);
        free(w);
        return rc;
    }
    default: {
        double *w = malloc(n * n * sizeof *w);
        int rc = w == NULL ? oom(err) : memoryless_operator(u, J, n_g, A, w, err);
        free(w);
        return rc;
    }
    }
}

/* ---- the augmented state -------------------------------------------------------------------- */

void ganstab_update_state_init(const ganstab_update *u, const double *x, size_t n, double *s)
{
    size_t m = ganstab_update_memory(u);
    memcpy(s, x, n * sizeof *s);
    for (size_t b = 1; b < m; b++) {
        if (u->scheme == GANSTAB_SCHEME_COMPLEX_MOMENTUM)
            memset(s + b * n, 0, n * sizeof *s); /* mu_0 = 0 */
        else
            memcpy(s + b * n, x, n * sizeof *s); /* x_{-1} = x_0 */
    }
}

void ganstab_update_lift(const ganstab_update *u, const double *t, size_t n, size_t k, double *out)
{
    size_t m = ganstab_update_memory(u);
    for (size_t c = 0; c < k; c++)
        ganstab_update_state_init(u, t + c * n, n, out + c * m * n);
}

/* ---- one iteration on the nonlinear field --------------------------------------------------- */

/* The rules that need the field's Jacobian at the iterate (and cgd its linear solve). */
static int needs_matrices(ganstab_scheme s)
{
    return s == GANSTAB_SCHEME_SGA || s == GANSTAB_SCHEME_CONOPT || s == GANSTAB_SCHEME_CGD;
}

struct ganstab_update_workspace {
    size_t n;
    int has_matrices;
    double *v, *v2, *y, *fast; /* n each */
    double *J, *M;             /* n^2 each, has_matrices only */
    lapack_int *piv;           /* n, has_matrices only */
};

ganstab_update_workspace *ganstab_update_workspace_alloc(const ganstab_update *u, size_t n)
{
    ganstab_update_workspace *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->n = n;
    w->has_matrices = needs_matrices(u->scheme) ||
                      (u->scheme == GANSTAB_SCHEME_LOOKAHEAD && needs_matrices(u->base));
    size_t doubles = 4 * n + (w->has_matrices ? 2 * n * n : 0);
    w->v = malloc((doubles > 0 ? doubles : 1) * sizeof *w->v);
    if (w->has_matrices)
        w->piv = malloc((n > 0 ? n : 1) * sizeof *w->piv);
    if (w->v == NULL || (w->has_matrices && w->piv == NULL)) {
        ganstab_update_workspace_free(w);
        return NULL;
    }
    w->v2 = w->v + n;
    w->y = w->v + 2 * n;
    w->fast = w->v + 3 * n;
    if (w->has_matrices) {
        w->J = w->v + 4 * n;
        w->M = w->J + n * n;
    }
    return w;
}

void ganstab_update_workspace_free(ganstab_update_workspace *w)
{
    if (w == NULL)
        return;
    free(w->v);
    free(w->piv);
    free(w);
}

typedef struct {
    const ganstab_update_system *sys;
    ganstab_update_workspace *w;
    int project; /* apply sys->project inside the memoryless rules (not on lookahead's inner
                    iterates) */
} stepper;

static int field_at(const stepper *st, const double *x, double *v, double *J, ganstab_error *err)
{
    return st->sys->field(x, v, J, st->sys->field_ctx, err);
}

/* The projection of the discriminator's components of the iterate x, where there is one. */
static void project(const ganstab_update_system *sys, double *x)
{
    if (sys->project != NULL)
        sys->project(x + sys->n_g, sys->n - sys->n_g, sys->project_ctx);
}

/* x <- x + step * v(x) on the components [from, to) (v at the current x). */
static int gd_substep(stepper *st, double *x, size_t from, size_t to, double step,
                      ganstab_error *err)
{
    int rc = field_at(st, x, st->w->v, NULL, err);
    for (size_t i = from; rc == GANSTAB_OK && i < to; i++)
        x[i] += step * st->w->v[i];
    return rc;
}

static int memoryless_step(const ganstab_update *u, stepper *st, double *x, ganstab_error *err)
{
    size_t n = st->sys->n, n_g = st->sys->n_g;
    ganstab_update_workspace *w = st->w;
    int rc = GANSTAB_OK;
    switch (u->scheme) {
    case GANSTAB_SCHEME_SIMGD:
        rc = gd_substep(st, x, 0, n, u->h, err);
        if (rc == GANSTAB_OK && st->project)
            project(st->sys, x);
        return rc;
    case GANSTAB_SCHEME_TTUR:
        /* one field evaluation, two step sizes: the players move simultaneously */
        rc = field_at(st, x, w->v, NULL, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
            x[i] += (i < n_g ? u->hg : u->hd) * w->v[i];
        if (rc == GANSTAB_OK && st->project)
            project(st->sys, x);
        return rc;
    case GANSTAB_SCHEME_ALTGD:
        for (int phase = 0; phase < 2 && rc == GANSTAB_OK; phase++) {
            int generator = (phase == 0) == (u->order == GANSTAB_ORDER_GEN_FIRST);
            unsigned count = generator ? u->ng : u->nd;
            for (unsigned j = 0; j < count && rc == GANSTAB_OK; j++) {
                if (generator) {
                    rc = gd_substep(st, x, 0, n_g, u->h, err);
                } else {
                    rc = gd_substep(st, x, n_g, n, u->h, err);
                    if (rc == GANSTAB_OK && st->project)
                        project(st->sys, x);
                }
            }
        }
        return rc;
    case GANSTAB_SCHEME_EXTRAGRADIENT:
        rc = field_at(st, x, w->v, NULL, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
            w->y[i] = x[i] + ganstab_update_he(u) * w->v[i];
        if (rc == GANSTAB_OK)
            rc = field_at(st, w->y, w->v, NULL, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
            x[i] += u->h * w->v[i];
        return rc;
    case GANSTAB_SCHEME_SGA: {
        rc = field_at(st, x, w->v, w->J, err);
        if (rc != GANSTAB_OK)
            return rc;
        const double *v = w->v, *J = w->J;
        double *Av = w->v2, *grad = w->y; /* A^T xi = -Av, grad Ham = J^T v */
        for (size_t i = 0; i < n; i++) {
            double a = 0.0, g = 0.0;
            for (size_t j = 0; j < n; j++) {
                a += 0.5 * (AT(J, n, i, j) - AT(J, n, j, i)) * v[j];
                g += AT(J, n, j, i) * v[j];
            }
            Av[i] = a;
            grad[i] = g;
        }
        double lambda = u->lambda;
        if (u->variant == GANSTAB_VARIANT_ALIGNED) {
            /* Balduzzi et al. 2018, Algorithm 1 with align: lambda times
               sign(<xi, grad Ham> <A^T xi, grad Ham> / d + 1/10), xi = -v, A^T xi = -Av */
            double p1 = 0.0, p2 = 0.0;
            for (size_t i = 0; i < n; i++) {
                p1 += -v[i] * grad[i];
                p2 += -Av[i] * grad[i];
            }
            lambda = fabs(u->lambda) * (p1 * p2 / (double)n + 0.1 >= 0.0 ? 1.0 : -1.0);
        }
        for (size_t i = 0; i < n; i++)
            x[i] += u->h * (v[i] + lambda * Av[i]);
        return GANSTAB_OK;
    }
    case GANSTAB_SCHEME_CONOPT:
        rc = field_at(st, x, w->v, w->J, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++) {
            double g = 0.0;
            for (size_t j = 0; j < n; j++)
                g += AT(w->J, n, j, i) * w->v[j];
            w->y[i] = w->v[i] - u->gamma * g;
        }
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
            x[i] += u->h * w->y[i];
        return rc;
    case GANSTAB_SCHEME_CGD: {
        rc = field_at(st, x, w->v, w->J, err);
        if (rc != GANSTAB_OK)
            return rc;
        memcpy(w->y, w->v, n * sizeof *w->y);
        if ((rc = cgd_solve(n, n_g, u->h, w->J, w->M, w->y, 1, w->piv, err)) != GANSTAB_OK)
            return rc;
        for (size_t i = 0; i < n; i++)
            x[i] += u->h * w->y[i];
        return GANSTAB_OK;
    }
    default:
        return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                 "scheme '%s' has no discrete iteration here",
                                 ganstab_scheme_name(u->scheme));
    }
}

/* Heavy-ball sub-step of the players [from, to) on (x, xp) (momentum_substep_matrix). */
static int momentum_substep(const ganstab_update *u, stepper *st, double *x, double *xp,
                            size_t from, size_t to, ganstab_error *err)
{
    int rc = field_at(st, x, st->w->v, NULL, err);
    for (size_t i = from; rc == GANSTAB_OK && i < to; i++) {
        double old = x[i];
        x[i] += u->h * st->w->v[i] + u->beta * (x[i] - xp[i]);
        xp[i] = old;
    }
    return rc;
}

/* The rules that project inside their own sub-steps (the others once after the iteration). */
static int projects_substeps(ganstab_scheme s)
{
    return s == GANSTAB_SCHEME_SIMGD || s == GANSTAB_SCHEME_TTUR || s == GANSTAB_SCHEME_ALTGD;
}

int ganstab_update_step(const ganstab_update *u, const ganstab_update_system *sys, double *s,
                        ganstab_update_workspace *w, ganstab_error *err)
{
    size_t n = sys->n, n_g = sys->n_g;
    ganstab_scheme inner = u->scheme == GANSTAB_SCHEME_LOOKAHEAD ? u->base : u->scheme;
    if (w == NULL || w->n != n || n_g > n || (needs_matrices(inner) && !w->has_matrices))
        return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                 "the workspace was allocated for another dimension or scheme");
    stepper st = {sys, w, 1};
    int rc = GANSTAB_OK;
    double *x = s, *b1 = s + n, *b2 = s + 2 * n;
    switch (u->scheme) {
    case GANSTAB_SCHEME_OPTIMISTIC: {
        double he = ganstab_update_he(u);
        rc = field_at(&st, b1, w->v2, NULL, err); /* v(x_{t-1}) */
        if (rc == GANSTAB_OK)
            rc = field_at(&st, x, w->v, NULL, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++) {
            b1[i] = x[i];
            x[i] += (u->h + he) * w->v[i] - he * w->v2[i];
        }
        break;
    }
    case GANSTAB_SCHEME_MOMENTUM:
        if (u->variant != GANSTAB_VARIANT_ALTERNATING) {
            rc = momentum_substep(u, &st, x, b1, 0, n, err);
        } else if (u->order == GANSTAB_ORDER_GEN_FIRST) {
            rc = momentum_substep(u, &st, x, b1, 0, n_g, err);
            if (rc == GANSTAB_OK)
                rc = momentum_substep(u, &st, x, b1, n_g, n, err);
        } else {
            rc = momentum_substep(u, &st, x, b1, n_g, n, err);
            if (rc == GANSTAB_OK)
                rc = momentum_substep(u, &st, x, b1, 0, n_g, err);
        }
        break;
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM:
        rc = field_at(&st, x, w->v, NULL, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++) {
            double a = u->beta * b1[i] - u->beta_im * b2[i] + w->v[i];
            double b = u->beta_im * b1[i] + u->beta * b2[i];
            b1[i] = a;
            b2[i] = b;
            x[i] += u->h * a;
        }
        break;
    case GANSTAB_SCHEME_LOOKAHEAD: {
        if (!ganstab_update_is_lookahead_base(u->base)) {
            rc = ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                   "lookahead: base scheme '%s' is not a memoryless discrete "
                                   "scheme",
                                   ganstab_scheme_name(u->base));
            break;
        }
        ganstab_update b = *u;
        b.scheme = u->base;
        st.project = 0; /* the slow iterate is projected, once, after the interpolation */
        memcpy(w->fast, x, n * sizeof *w->fast);
        for (unsigned j = 0; j < u->k && rc == GANSTAB_OK; j++)
            rc = memoryless_step(&b, &st, w->fast, err);
        for (size_t i = 0; rc == GANSTAB_OK && i < n; i++)
            x[i] += u->alpha * (w->fast[i] - x[i]);
        break;
    }
    default:
        rc = memoryless_step(u, &st, x, err);
        break;
    }
    if (rc == GANSTAB_OK && !projects_substeps(u->scheme))
        project(sys, x);
    return rc;
}

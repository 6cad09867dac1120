/* Update operators: the Jacobian of the training update map at an equilibrium, built from
 * the field Jacobian J alone (Mescheder et al. 2017/2018: F_h(x) = x + h v(x), ...), and one
 * actual iteration of each update rule on the nonlinear field (simulations, and the tests that
 * compare the operator with the finite-difference Jacobian of the iteration).
 *
 * Methods with memory (optimistic, momentum, complex-momentum) iterate an augmented state of
 * m = ganstab_update_memory(u) blocks of n numbers: (x_t, x_{t-1}) for optimistic and momentum,
 * (x, Re mu, Im mu) for complex momentum; their operator is (m n)-by-(m n). Every other scheme
 * has m = 1. */
#ifndef GANSTAB_UPDATE_H
#define GANSTAB_UPDATE_H

#include <stddef.h>

#include "ganstab/classify.h"
#include "ganstab/error.h"
#include "ganstab/field.h"
#include "ganstab/matrix.h"

typedef enum {
    GANSTAB_SCHEME_FLOW = 0, /* x' = v(x): the operator is J itself */
    GANSTAB_SCHEME_SIMGD,    /* I + hJ */
    GANSTAB_SCHEME_ALTGD,    /* product of n_g generator and n_d discriminator sub-steps */
    GANSTAB_SCHEME_TTUR,     /* I + diag(h_g I, h_d I) J */
    /* Dynamics of model gmm without an operator here (Li et al. 2018): the optimal-discriminator
     * dynamics (eqs. (7)-(8)) and unrolled GAN training (Metz et al. 2017); simulate only. */
    GANSTAB_SCHEME_OPTIMAL,
    GANSTAB_SCHEME_UNROLLED,
    /* Optimizers of games (issue 11; the equation each implements is in update.c) */
    GANSTAB_SCHEME_EXTRAGRADIENT,    /* I + h J (I + h_e J) */
    GANSTAB_SCHEME_OPTIMISTIC,       /* on (x_t, x_{t-1}): [[I + (h + h_e) J, -h_e J], [I, 0]] */
    GANSTAB_SCHEME_MOMENTUM,         /* heavy ball on (x_t, x_{t-1}), simultaneous or alternating */
    GANSTAB_SCHEME_COMPLEX_MOMENTUM, /* on (x, Re mu, Im mu) */
    GANSTAB_SCHEME_LOOKAHEAD,        /* (1 - alpha) I + alpha B^k, B the base scheme's operator */
    GANSTAB_SCHEME_SGA,              /* I + h (I + lambda (J - J^T)/2) J */
    GANSTAB_SCHEME_CGD,              /* I + h (I - h J_off)^{-1} J */
    GANSTAB_SCHEME_CONOPT            /* I + h (J - gamma J^T J) */
} ganstab_scheme;

#define GANSTAB_SCHEME_COUNT (GANSTAB_SCHEME_CONOPT + 1)

typedef enum { GANSTAB_ORDER_GEN_FIRST = 0, GANSTAB_ORDER_DISC_FIRST } ganstab_order;

/* update.variant: momentum simultaneous | alternating; sga plain | aligned. */
typedef enum {
    GANSTAB_VARIANT_DEFAULT = 0, /* simultaneous momentum, plain sga */
    GANSTAB_VARIANT_ALTERNATING,
    GANSTAB_VARIANT_ALIGNED
} ganstab_variant;

typedef struct {
    ganstab_scheme scheme;
    double h;        /* every discrete scheme but ttur */
    double hg, hd;   /* ttur */
    unsigned ng, nd; /* altgd sub-steps */
    ganstab_order order;
    double he;            /* extragradient, optimistic: extrapolation step (0: h) */
    double beta, beta_im; /* momentum (beta), complex-momentum (beta + i beta_im) */
    ganstab_variant variant;
    ganstab_scheme base; /* lookahead: the inner scheme (memoryless, not lookahead) */
    unsigned k;          /* lookahead: inner steps */
    double alpha;        /* lookahead: interpolation weight in (0, 1] */
    double lambda;       /* sga */
    double gamma;        /* conopt (the optimizer step, not regularizer.gamma) */
} ganstab_update;

const char *ganstab_scheme_name(ganstab_scheme s);
const char *ganstab_order_name(ganstab_order o);
const char *ganstab_variant_name(ganstab_variant v);
/* Flow for GANSTAB_SCHEME_FLOW, map otherwise. */
ganstab_dynamics ganstab_update_dynamics(const ganstab_update *u);
/* The extrapolation step of extragradient and optimistic: he, or h where he is 0 (not given). */
double ganstab_update_he(const ganstab_update *u);

/* Blocks of the iterated state: 2 for optimistic and momentum, 3 for complex-momentum, else 1. */
size_t ganstab_update_memory(const ganstab_update *u);
/* 1 for the schemes lookahead accepts as its base (memoryless discrete schemes with an
 * operator: simgd, altgd, ttur, extragradient, sga, cgd, conopt). */
int ganstab_update_is_lookahead_base(ganstab_scheme s);

/* An update rule of scheme s with a case file's defaults: ng = nd = 1, generator first, lookahead
 * k = 5, alpha = 0.5 over simgd, every step size 0 (set h, or hg and hd, before use). */
void ganstab_update_init(ganstab_update *u, ganstab_scheme scheme);

/* Check u as a case file's [update] is checked, for a game of n_g generator and n_d discriminator
 * components: its step sizes positive, its coefficients finite, lookahead's base and alpha, and
 * both players present for schemes that move them apart. GANSTAB_EINVAL with the reason. */
int ganstab_update_check(const ganstab_update *u, size_t n_g, size_t n_d, ganstab_error *err);

/* A (m n)-by-(m n), m = ganstab_update_memory(u): the Jacobian of one update of scheme u at an
 * equilibrium given the field Jacobian J (n-by-n) there; the first n_g rows/columns of each block
 * are the generator's. For flow, A = J. */
int ganstab_update_operator(const ganstab_update *u, const ganstab_matrix *J, size_t n_g,
                            ganstab_matrix *A, ganstab_error *err);

/* The augmented state at rest at x (n numbers) into s (m n): x in the state blocks, 0 in the
 * momentum buffers. An equilibrium x* of the field gives the fixed point s(x*) of the update. */
void ganstab_update_state_init(const ganstab_update *u, const double *x, size_t n, double *s);

/* Tangent vectors t (n each) of a manifold of equilibria, lifted to the augmented state (each
 * tangent direction of x* moves the fixed point s(x*) along s(t)): out[c] = s(t_c). */
void ganstab_update_lift(const ganstab_update *u, const double *t, size_t n, size_t k, double *out);

/* A projection of the discriminator's parameters, in place: x holds the n_d = n - n_g
 * discriminator components of the iterate (e.g. WGAN weight clipping to [-c, c], Arjovsky et al.
 * 2017). ctx is the caller's. */
typedef void (*ganstab_update_projection)(double *x, size_t n_d, void *ctx);

/* What one iteration runs on: the nonlinear field (with its Jacobian where a rule needs one:
 * sga, conopt, cgd), the state dimension n with the generator's n_g components first, and an
 * optional projection (NULL: none). Nothing is owned. */
typedef struct {
    ganstab_field_fn field;
    void *field_ctx;
    ganstab_update_projection project;
    void *project_ctx;
    size_t n, n_g;
} ganstab_update_system;

/* The scratch space of ganstab_update_step for states of dimension n (opaque): allocated once,
 * reused by every step, so that a step allocates nothing. */
typedef struct ganstab_update_workspace ganstab_update_workspace;

/* A workspace for scheme u (and, for lookahead, its base) on states of dimension n; NULL when out
 * of memory. The caller owns it: release with ganstab_update_workspace_free (accepts NULL). */
ganstab_update_workspace *ganstab_update_workspace_alloc(const ganstab_update *u, size_t n);
void ganstab_update_workspace_free(ganstab_update_workspace *w);

/* One iteration of scheme u on the nonlinear field of sys, in place on the augmented state s
 * (m n, m = ganstab_update_memory(u)), using w (allocated for u or a scheme of the same needs,
 * and sys->n). Every discrete scheme with an operator (not flow, optimal, unrolled).
 * The projection, where set, is applied to the discriminator's components of the iterate x (the
 * first block of s) after every update that moves them: after the step of simgd and ttur, after
 * every discriminator sub-step of altgd, and after the whole iteration of every other scheme
 * (lookahead: after the interpolation, not on its inner iterates; the memory blocks are not
 * projected). Errors: GANSTAB_EINVAL (a workspace of another dimension or without the matrices
 * the scheme needs, a scheme without iteration), the field's, GANSTAB_ENUMERIC (cgd: I - h J_off
 * singular). */
int ganstab_update_step(const ganstab_update *u, const ganstab_update_system *sys, double *s,
                        ganstab_update_workspace *w, ganstab_error *err);

#endif

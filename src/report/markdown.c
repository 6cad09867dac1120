/* Markdown printers: the committed reports/ (one per case, plus the index) and `--format md`.
 * They must come out byte-identical on every machine (`make reports && git diff --exit-code`),
 * so nothing here prints a timestamp, a host name, or digits that rounding noise decides. */
#include "ganstab/ganstab.h"
#include "md_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value this small relative to the largest magnitude of the matrix or list it belongs to
 * (and absolutely, for lists of small numbers) is last-bit noise (e.g. 1e-17 where the exact
 * answer is 0, with a sign that differs between CPUs) and is printed as 0. Errors of ~1e-16
 * relative, amplified by at most a few dozen operations, stay three orders below it. */
#define MD_NOISE_FLOOR 1e-13

/* ---- number formatting ------------------------------------------------------------------ */

static double noise_floor(double scale)
{
    return MD_NOISE_FLOOR * fmax(1.0, scale);
}

/* ---- Markdown building blocks ----------------------------------------------------------- */

/* The name of component i of the state, or of the augmented state of an update with memory
 * (update.h): "θ₋₁" for x_{t-1}, "Re μ[θ]" and "Im μ[θ]" for the complex momentum buffer. */
static const char *state_name(const ganstab_result *r, size_t i, char *buf, size_t size)
{
    size_t block = i / r->n, j = i % r->n;
    char base[GANSTAB_CASE_NAME_MAX];
    if (r->state_names != NULL && r->state_names[j] != NULL)
        snprintf(base, sizeof base, "%s", r->state_names[j]);
    else
        snprintf(base, sizeof base, "x%zu", j + 1);
    if (block == 0)
        snprintf(buf, size, "%s", base);
    else if (r->scheme == GANSTAB_SCHEME_COMPLEX_MOMENTUM)
        snprintf(buf, size, "%s μ[%s]", block == 1 ? "Re" : "Im", base);
    else
        snprintf(buf, size, "%s₋₁", base);
    return buf;
}

static double max_abs_complex(const ganstab_eigenvalue *ev, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(ev[i].abs))
            m = fmax(m, ev[i].abs);
    return m;
}

static double max_abs_array(const double *x, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i]))
            m = fmax(m, fabs(x[i]));
    return m;
}

/* A square matrix with the state names as row and column labels; entries that are noise
 * relative to the largest entry print as 0. */
static void put_matrix(FILE *out, const ganstab_matrix *m, const ganstab_result *r,
                       const char *corner)
{
    char name[2 * MD_NUM_BUF], num[MD_NUM_BUF];
    double zero_below = noise_floor(max_abs_array(m->data, m->rows * m->cols));
    fprintf(out, "| %s |", corner);
    for (size_t j = 0; j < m->cols; j++)
        fprintf(out, " %s |", state_name(r, j, name, sizeof name));
    fputs("\n|---|", out);
    for (size_t j = 0; j < m->cols; j++)
        fputs("---:|", out);
    fputc('\n', out);
    for (size_t i = 0; i < m->rows; i++) {
        fprintf(out, "| **%s** |", state_name(r, i, name, sizeof name));
        for (size_t j = 0; j < m->cols; j++) {
            ganstab_md_fmt_number(num, sizeof num, ganstab_matrix_get(m, i, j), zero_below);
            fprintf(out, " %s |", num);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

/* Eigenvalues with their error bounds: | # | eigenvalue | error bound |. */
static void put_eigen_table(FILE *out, const ganstab_eigenvalue *ev, size_t n)
{
    char z[MD_CPLX_BUF], e[MD_NUM_BUF];
    double zero_below = noise_floor(max_abs_complex(ev, n));
    fputs("| # | eigenvalue | error bound |\n|---:|---|---:|\n", out);
    for (size_t i = 0; i < n; i++) {
        ganstab_md_fmt_eigenvalue(z, sizeof z, ev[i].re, ev[i].im, ev[i].error_bound, zero_below);
        ganstab_md_fmt_error_size(e, sizeof e, ev[i].error_bound);
        fprintf(out, "| %zu | %s | %s |\n", i + 1, z, e);
    }
    fputc('\n', out);
}

/* ---- report sections -------------------------------------------------------------------- */

static int put_parameters(FILE *out, const ganstab_case *c, ganstab_error *err)
{
    ganstab_case_param params[GANSTAB_REPORT_PARAMS_MAX];
    size_t n = ganstab_case_parameters(c, params, GANSTAB_REPORT_PARAMS_MAX);
    if (n > GANSTAB_REPORT_PARAMS_MAX)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "markdown",
                                 "%zu parameters exceed the report's %d", n,
                                 GANSTAB_REPORT_PARAMS_MAX);
    fputs("## Parameters\n\n| parameter | value |\n|---|---|\n", out);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "| `%s` | ", params[i].name);
        if (params[i].is_number) {
            char num[MD_NUM_BUF];
            /* user input: printed as given to 10 digits, never zeroed */
            ganstab_md_fmt_number(num, sizeof num, params[i].number, 0.0);
            fputs(num, out);
        } else {
            ganstab_md_put_cell_text(out, params[i].text);
        }
        fputs(" |\n", out);
    }
    fputc('\n', out);
    return GANSTAB_OK;
}

static void put_equilibrium(FILE *out, const ganstab_result *r)
{
    char name[2 * MD_NUM_BUF], num[MD_NUM_BUF];
    int stationary = r->verdict != GANSTAB_VERDICT_NOT_STATIONARY;
    fputs("## Equilibrium\n\n| state | x* |\n|---|---:|\n", out);
    double zero_below =
        noise_floor(r->equilibrium != NULL ? max_abs_array(r->equilibrium, r->n) : 0);
    for (size_t i = 0; r->equilibrium != NULL && i < r->n; i++) {
        ganstab_md_fmt_number(num, sizeof num, r->equilibrium[i], zero_below);
        fprintf(out, "| %s | %s |\n", state_name(r, i, name, sizeof name), num);
    }
    /* A residual above the tolerance is a real displacement, not noise: show its digits. */
    if (stationary)
        ganstab_md_fmt_error_size(num, sizeof num, r->residual);
    else
        ganstab_md_fmt_number(num, sizeof num, r->residual, 0.0);
    char tol[MD_NUM_BUF];
    ganstab_md_fmt_number(tol, sizeof tol, GANSTAB_STATIONARY_TOL, 0.0);
    fprintf(out, "\nResidual ‖v(x*)‖ = %s (stationary if ≤ %s): stationary: %s.\n\n", num, tol,
            stationary ? "yes" : "no");
    if (r->kink)
        fputs("The field is not differentiable at x* (a gradient penalty around g0 > 0 has a kink "
              "where the discriminator's gradient vanishes): v and J below are the one-sided "
              "limits ψ → 0+, and the central-difference check straddles the kink.\n\n",
              out);
    if (stationary)
        return;
    char radius[MD_NUM_BUF];
    ganstab_md_fmt_number(radius, sizeof radius, GANSTAB_STATIONARY_SEARCH_RADIUS, 0.0);
    fprintf(out,
            "x* is not an equilibrium of these dynamics, so its eigenvalues below decide nothing. "
            "Stationary points searched by Newton's method from a grid of starts in x* ± %s "
            "(points where the field is not differentiable excluded): ",
            radius);
    if (r->n_dead_stationary > 0)
        fprintf(out,
                "%zu Newton runs ended where the field vanishes on a whole neighbourhood (e.g. "
                "every discriminator interval collapsed; not listed: the dynamics stop there "
                "without converging); ",
                r->n_dead_stationary);
    if (r->n_stationary == 0) {
        fputs("none found.\n\n", out);
        return;
    }
    fprintf(out, "%zu found.\n\n| point | residual | eigenvalues | verdict |\n|---|---:|---|---|\n",
            r->n_stationary);
    for (size_t k = 0; k < r->n_stationary; k++) {
        const ganstab_stationary_point *sp = &r->stationary[k];
        fputs("| (", out);
        for (size_t i = 0; i < r->n; i++) {
            ganstab_md_fmt_number(num, sizeof num, sp->point[i],
                                  noise_floor(max_abs_array(sp->point, r->n)));
            fprintf(out, "%s%s", i > 0 ? ", " : "", num);
        }
        ganstab_md_fmt_error_size(num, sizeof num, sp->residual);
        fprintf(out, ") | %s | ", num);
        for (size_t i = 0; i < r->n_op; i++) {
            char z[MD_CPLX_BUF];
            ganstab_md_fmt_eigenvalue(z, sizeof z, sp->eigenvalues[i].re, sp->eigenvalues[i].im,
                                      sp->eigenvalues[i].error_bound,
                                      noise_floor(max_abs_complex(sp->eigenvalues, r->n_op)));
            fprintf(out, "%s%s", i > 0 ? ", " : "", z);
        }
        fprintf(out, " | %s |\n", ganstab_verdict_name(sp->verdict));
    }
    fputc('\n', out);
}

/* Model expr: the formulas as given, libmatheval's derivatives (simplified), the hyper-dual
 * check and how the equilibrium was obtained. */
static void put_formulas(FILE *out, const ganstab_case *c, const ganstab_expr_formulas *f)
{
    size_t n = f->n;
    int map = f->dynamics == GANSTAB_EXPR_MAP;
    fputs("## Model\n\n", out);
    if (f->payoff) {
        fputs("A game given by its payoff L (model expr): the generator (", out);
        for (size_t i = 0; i < f->n_g; i++)
            fprintf(out, "%s%s", i > 0 ? ", " : "", f->state_names[i]);
        fputs(") minimizes it, the discriminator (", out);
        for (size_t i = f->n_g; i < n; i++)
            fprintf(out, "%s%s", i > f->n_g ? ", " : "", f->state_names[i]);
        fprintf(out, ") maximizes it:\n\n    L = %s\n\n", f->payoff_text);
        if (f->generator_payoff_text != NULL)
            fprintf(out,
                    "The generator minimizes its own objective instead (not a zero-sum game):\n\n"
                    "    L_G = %s\n\n",
                    f->generator_payoff_text);
    } else {
        fprintf(out, "A dynamical system given by its %s (model expr): %s.\n\n",
                map ? "map" : "vector field", map ? "x⁺ = F(x)" : "ẋ = F(x)");
    }
    if (f->uses_f || f->uses_fns || f->uses_fw) {
        fputs("Loss helpers (Mescheder et al. 2018, eq. (1)):", out);
        if (f->uses_f)
            fputs(" f(t) = −log(1 + e^(−t)) (the standard GAN's);", out);
        if (f->uses_fns)
            fputs(" fns(t) = −f(−t) = log(1 + e^t) (the non-saturating generator's);", out);
        if (f->uses_fw)
            fputs(" fw(t) = t (the WGAN's);", out);
        fputs(" libmatheval differentiates them expanded.\n\n", out);
    }
    if (f->data_text != NULL)
        fprintf(out,
                "Data: %s. Every term is averaged over the data variables it uses (%zu-node "
                "Gauss–Legendre or Gauss–Hermite quadrature per variable), written E_x[…] "
                "below.\n\n",
                f->data_text, c->expr_nodes != 0 ? c->expr_nodes : GANSTAB_EXPR_NODES_DEFAULT);
    if (f->payoff)
        fprintf(out,
                "Vector field v = (−∂%s/∂θ, +∂L/∂ψ) by libmatheval's symbolic differentiation, "
                "simplified:\n\n| component | formula |\n|---|---|\n",
                f->generator_payoff_text != NULL ? "L_G" : "L");
    else
        fprintf(out, "The %s's components:\n\n| component | formula |\n|---|---|\n",
                map ? "map" : "field");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "| %s_%s | `%s` |\n", f->payoff ? "v" : "F", f->state_names[i], f->field[i]);
    fprintf(out, "\n%s by libmatheval, simplified:\n\n| entry | formula |\n|---|---|\n",
            f->payoff ? "Jacobian J = ∂v/∂x"
            : map     ? "Jacobian of the map DF = ∂F/∂x"
                      : "Jacobian J = ∂F/∂x");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            fprintf(out, "| ∂%s_%s/∂%s | `%s` |\n", f->payoff ? "v" : "F", f->state_names[i],
                    f->state_names[j], f->jacobian[i * n + j]);
    char diff[MD_NUM_BUF];
    ganstab_md_fmt_error_size(diff, sizeof diff, f->ad_max_abs_diff);
    fprintf(out,
            "\nIndependent check at x*: the same field and Jacobian by second-order forward-mode "
            "(hyper-dual) differentiation of the parsed formulas, without libmatheval: max "
            "|difference| %s%s.\n\n",
            strcmp(diff, "0") == 0 ? "= " : "", diff);
    if (map)
        fputs("The map is analysed as the update x⁺ = x + v(x) with v = F − x: its fixed points "
              "are the zeros of v, the Jacobian J below is DF − I, and the update operator is "
              "DF.\n\n",
              out);
    switch (f->eq_source) {
    case GANSTAB_EXPR_EQ_GIVEN:
        fputs("Equilibrium: model.equilibrium, evaluated at the parameters.\n\n", out);
        break;
    case GANSTAB_EXPR_EQ_NEWTON:
    case GANSTAB_EXPR_EQ_NEWTON_FAILED: {
        fputs("Equilibrium: Newton's method (GSL hybridsj with the symbolic Jacobian) from (", out);
        for (size_t i = 0; i < n; i++) {
            char num[MD_NUM_BUF];
            ganstab_md_fmt_number(num, sizeof num, f->eq_start[i], 0.0);
            fprintf(out, "%s%s", i > 0 ? ", " : "", num);
        }
        if (f->eq_source == GANSTAB_EXPR_EQ_NEWTON)
            fprintf(out, ") converged in %d iterations.\n\n", f->eq_iterations);
        else
            fprintf(out,
                    ") did not converge in %d iterations: the start itself is analysed "
                    "below.\n\n",
                    f->eq_iterations);
        break;
    }
    }
}

static void put_jacobian(FILE *out, const ganstab_result *r)
{
    if (r->jacobian == NULL)
        return;
    fputs("## Jacobian\n\nJ = ∂v/∂x at x* (analytic; rows: components of v, columns: "
          "state):\n\n",
          out);
    put_matrix(out, r->jacobian, r, "J");
    if (r->jacobian_check_skipped) {
        fprintf(out, "Finite-difference check: skipped (%s).\n\n",
                r->jacobian_check_reason != NULL ? r->jacobian_check_reason : "no reason given");
        return;
    }
    char diff[MD_NUM_BUF], tol[MD_NUM_BUF];
    ganstab_md_fmt_error_size(diff, sizeof diff, r->jacobian_max_abs_diff);
    ganstab_md_fmt_number(tol, sizeof tol, GANSTAB_FD_TOL, 0.0);
    fprintf(out,
            "Finite-difference check (central differences): max |J − J_fd| %s%s, tolerance %s: "
            "%s.\n\n",
            strcmp(diff, "0") == 0 ? "= " : "", diff, tol,
            r->jacobian_agrees ? "agrees" : "DISAGREES");
}

static void put_operator_formula(FILE *out, const ganstab_update *u)
{
    char a[MD_NUM_BUF], b[MD_NUM_BUF];
    switch (u->scheme) {
    case GANSTAB_SCHEME_FLOW:
        fputs("J (gradient flow)", out);
        break;
    case GANSTAB_SCHEME_SIMGD:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        fprintf(out, "I + hJ with h = %s (simultaneous gradient steps)", a);
        break;
    case GANSTAB_SCHEME_TTUR:
        ganstab_md_fmt_number(a, sizeof a, u->hg, 0.0);
        ganstab_md_fmt_number(b, sizeof b, u->hd, 0.0);
        fprintf(out, "I + diag(h_g I, h_d I) J with h_g = %s, h_d = %s (two time-scale steps)", a,
                b);
        break;
    case GANSTAB_SCHEME_ALTGD:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        fprintf(out,
                "the product of %u generator and %u discriminator sub-step Jacobians, %s, "
                "h = %s (alternating gradient steps)",
                u->ng, u->nd, ganstab_order_name(u->order), a);
        break;
    case GANSTAB_SCHEME_EXTRAGRADIENT:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        ganstab_md_fmt_number(b, sizeof b, ganstab_update_he(u), 0.0);
        fprintf(out,
                "I + h J (I + h_e J) with h = %s, h_e = %s (extragradient: x½ = x + h_e v(x), "
                "x⁺ = x + h v(x½))",
                a, b);
        break;
    case GANSTAB_SCHEME_OPTIMISTIC:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        ganstab_md_fmt_number(b, sizeof b, ganstab_update_he(u), 0.0);
        fprintf(out,
                "[[I + (h + h_e) J, −h_e J], [I, 0]] on (x_t, x_{t−1}) with h = %s, h_e = %s "
                "(optimistic: x_{t+1} = x_t + (h + h_e) v(x_t) − h_e v(x_{t−1}))",
                a, b);
        break;
    case GANSTAB_SCHEME_MOMENTUM:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        ganstab_md_fmt_number(b, sizeof b, u->beta, 0.0);
        if (u->variant == GANSTAB_VARIANT_ALTERNATING)
            fprintf(out,
                    "the product of the two players' heavy-ball sub-step Jacobians on "
                    "(x_t, x_{t−1}), %s, h = %s, β = %s (alternating momentum)",
                    ganstab_order_name(u->order), a, b);
        else
            fprintf(out,
                    "[[(1 + β) I + h J, −β I], [I, 0]] on (x_t, x_{t−1}) with h = %s, β = %s "
                    "(heavy ball: x_{t+1} = x_t + h v(x_t) + β (x_t − x_{t−1}))",
                    a, b);
        break;
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM: {
        char c[MD_NUM_BUF];
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        ganstab_md_fmt_number(b, sizeof b, u->beta, 0.0);
        ganstab_md_fmt_number(c, sizeof c, u->beta_im, 0.0);
        fprintf(out,
                "the real form of μ_{t+1} = β μ_t + v(x_t), x_{t+1} = x_t + h Re μ_{t+1} on "
                "(x, Re μ, Im μ) with h = %s, β = %s + %si (complex momentum)",
                a, b, c);
        break;
    }
    case GANSTAB_SCHEME_LOOKAHEAD:
        ganstab_md_fmt_number(a, sizeof a, u->alpha, 0.0);
        fprintf(out, "(1 − α) I + α B^k with k = %u, α = %s, B the operator of `%s`", u->k, a,
                ganstab_scheme_name(u->base));
        break;
    case GANSTAB_SCHEME_SGA:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        ganstab_md_fmt_number(
            b, sizeof b, u->variant == GANSTAB_VARIANT_ALIGNED ? fabs(u->lambda) : u->lambda, 0.0);
        fprintf(out,
                "I + h (I + λ (J − Jᵀ)/2) J with h = %s, λ = %s (symplectic gradient "
                "adjustment%s)",
                a, b,
                u->variant == GANSTAB_VARIANT_ALIGNED ? ", aligned: the sign is + near x*" : "");
        break;
    case GANSTAB_SCHEME_CGD:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        fprintf(out,
                "I + h (I − h J_off)⁻¹ J with h = %s, J_off the players' cross blocks of J "
                "(competitive gradient descent)",
                a);
        break;
    case GANSTAB_SCHEME_CONOPT:
        ganstab_md_fmt_number(a, sizeof a, u->h, 0.0);
        ganstab_md_fmt_number(b, sizeof b, u->gamma, 0.0);
        fprintf(out, "I + h (J − γ JᵀJ) with h = %s, γ = %s (consensus optimization step)", a, b);
        break;
    default:
        fputs(ganstab_scheme_name(u->scheme), out);
        break;
    }
}

static void put_operator(FILE *out, const ganstab_case *c, const ganstab_result *r)
{
    if (r->op == NULL)
        return;
    if (c->model == GANSTAB_MODEL_EXPR && c->expr_dynamics == GANSTAB_EXPR_MAP) {
        fputs("## Update operator\n\nJacobian of the map x⁺ = F(x): DF = I + J.\n\n", out);
    } else {
        fputs("## Update operator\n\nJacobian of one update of `", out);
        fputs(ganstab_scheme_name(c->update.scheme), out);
        fputs("`: ", out);
        put_operator_formula(out, &c->update);
        fputs(".\n\n", out);
    }
    put_matrix(out, r->op, r, "A");
    if (r->eigenvalues != NULL) {
        fputs("Eigenvalues of A:\n\n", out);
        put_eigen_table(out, r->eigenvalues, r->n_op);
    }
}

/* The spectrum the verdict was decided on: off the equilibrium manifold where there is one. */
static const ganstab_eigenvalue *deciding_spectrum(const ganstab_result *r, size_t *n)
{
    *n = r->manifold_dim > 0 ? r->n_op_transversal : r->n_op;
    return r->manifold_dim > 0 ? r->transversal_eigenvalues : r->eigenvalues;
}

static void put_manifold(FILE *out, const ganstab_result *r)
{
    if (r->manifold_dim == 0)
        return;
    char res[MD_NUM_BUF], tol[MD_NUM_BUF];
    ganstab_md_fmt_error_size(res, sizeof res, r->tangent_residual);
    ganstab_md_fmt_number(tol, sizeof tol, GANSTAB_NULL_SPACE_RTOL, 0.0);
    fprintf(out,
            "## Equilibrium manifold\n\nThe equilibria form a manifold of dimension %zu through "
            "x*. Null space of J: dimension %zu (singular values ≤ %s·σ_max); tangent space: "
            "max |J t|/σ_max = %s over an orthonormal tangent basis t. %s\n\n",
            r->manifold_dim, r->null_space_dim, tol, res,
            r->null_space_matches ? "The null space of J is exactly the tangent space."
                                  : "The null space of J is NOT the tangent space.");
    fputs("Stability is decided transversally, on C^T J C (C^T A C for maps) with C an "
          "orthonormal basis of the tangent space's orthogonal complement. Transversal field "
          "eigenvalues (of C^T J C):\n\n",
          out);
    put_eigen_table(out, r->transversal_field_eigenvalues, r->n_transversal);
}

static void put_deciding(FILE *out, const ganstab_result *r)
{
    if (r->eigenvalues == NULL)
        return;
    size_t nd = 0;
    const ganstab_eigenvalue *ev_all = deciding_spectrum(r, &nd);
    int flow = r->dynamics == GANSTAB_DYNAMICS_FLOW;
    char tol[MD_NUM_BUF];
    ganstab_md_fmt_number(tol, sizeof tol, r->tol, 0.0);
    fprintf(out,
            "## Eigenvalues deciding the verdict\n\n%s margin = %s (negative: stable side); a "
            "verdict needs |margin| > error bound + tolerance (%s).\n\n",
            r->manifold_dim > 0 ? (flow ? "Transversal eigenvalues of J (C^T J C; gradient flow: "
                                          "stable iff every Re λ < 0);"
                                        : "Transversal eigenvalues of the update operator (C^T A "
                                          "C; map: stable iff every |λ| < 1);")
            : flow              ? "Eigenvalues of J (gradient flow: stable iff every Re λ < 0);"
                   : "Eigenvalues of the update operator (map: stable iff every |λ| < 1);",
            flow ? "Re λ" : "|λ| − 1", tol);
    double zero_below = noise_floor(max_abs_complex(ev_all, nd));
    double *margins = malloc(nd * sizeof *margins);
    for (size_t i = 0; margins != NULL && i < nd; i++)
        margins[i] = ganstab_stability_margin(&ev_all[i], r->dynamics);
    double margin_zero_below = noise_floor(margins != NULL ? max_abs_array(margins, nd) : 0.0);
    fputs("| # | eigenvalue | \\|λ\\| | margin | error bound |\n|---:|---|---:|---:|---:|\n", out);
    for (size_t i = 0; i < nd; i++) {
        const ganstab_eigenvalue *ev = &ev_all[i];
        char z[MD_CPLX_BUF], a[MD_NUM_BUF], m[MD_NUM_BUF], e[MD_NUM_BUF];
        ganstab_md_fmt_eigenvalue(z, sizeof z, ev->re, ev->im, ev->error_bound, zero_below);
        ganstab_md_fmt_bounded(a, sizeof a, ev->abs, ev->error_bound, zero_below);
        ganstab_md_fmt_bounded(m, sizeof m, ganstab_stability_margin(ev, r->dynamics),
                               ev->error_bound, margin_zero_below);
        ganstab_md_fmt_error_size(e, sizeof e, ev->error_bound);
        /* A point that is not stationary has no deciding eigenvalue (DESIGN.md, Verdicts). */
        if (i == r->decisive && r->verdict != GANSTAB_VERDICT_NOT_STATIONARY)
            fprintf(out, "| **%zu** (decisive) | **%s** | %s | **%s** | %s |\n", i + 1, z, a, m, e);
        else
            fprintf(out, "| %zu | %s | %s | %s | %s |\n", i + 1, z, a, m, e);
    }
    fputc('\n', out);
    free(margins);
}

static void put_verdict(FILE *out, const ganstab_result *r)
{
    int flow = r->dynamics == GANSTAB_DYNAMICS_FLOW;
    const char *name = ganstab_verdict_name(r->verdict);
    char num[MD_NUM_BUF];
    fprintf(out, "## Verdict\n\n**%s** — ", name);
    if (r->manifold_dim > 0 && r->verdict != GANSTAB_VERDICT_NOT_STATIONARY)
        fprintf(out,
                "decided transversally to the %zu-dimensional equilibrium manifold (the "
                "eigenvalues below are those of the restriction C^T J C or C^T A C): ",
                r->manifold_dim);
    if (r->verdict == GANSTAB_VERDICT_NOT_STATIONARY || r->eigenvalues == NULL) {
        char tol[MD_NUM_BUF];
        ganstab_md_fmt_number(num, sizeof num, r->residual, 0.0);
        ganstab_md_fmt_number(tol, sizeof tol, GANSTAB_STATIONARY_TOL, 0.0);
        fprintf(out,
                "the residual ‖v(x*)‖ = %s exceeds %s: x* is not an equilibrium, so no "
                "eigenvalue decides stability.\n\n",
                num, tol);
        return;
    }
    size_t nd = 0;
    const ganstab_eigenvalue *deciding = deciding_spectrum(r, &nd);
    double zero_below = noise_floor(max_abs_complex(deciding, nd));
    const ganstab_eigenvalue *d = &deciding[r->decisive];
    if (flow)
        ganstab_md_fmt_number(num, sizeof num, d->re, zero_below);
    else
        ganstab_md_fmt_number(num, sizeof num, r->spectral_radius, zero_below);
    const char *quantity = flow ? "max Re λ" : "spectral radius";
    switch (r->verdict) {
    case GANSTAB_VERDICT_STABLE:
        if (flow)
            fprintf(out,
                    "Hurwitz test passes: every eigenvalue of J has Re λ < 0 by more than its "
                    "error bound plus the tolerance; the decisive one has %s = %s.\n\n",
                    quantity, num);
        else
            fprintf(out,
                    "%s = %s < 1: every eigenvalue of the update operator lies inside the unit "
                    "circle by more than its error bound plus the tolerance.\n\n",
                    quantity, num);
        {
            /* The asymptotic rate: |x - x*| ~ exp(max Re lambda * t) for the flow, rho^k for a
               map (up to a polynomial factor at a defective eigenvalue). */
            char rate[MD_NUM_BUF];
            if (!flow && r->spectral_radius <= d->error_bound) {
                fputs("Convergence rate: the spectral radius is 0 within its error bound (a "
                      "nilpotent operator): faster than any linear rate.\n\n",
                      out);
                break;
            }
            double per = flow ? -d->re : -log(r->spectral_radius);
            ganstab_md_fmt_bounded(rate, sizeof rate, per,
                                   flow ? d->error_bound : d->error_bound / r->spectral_radius,
                                   0.0);
            fprintf(out,
                    "Convergence rate: the distance to x* decays like %s, i.e. by a factor "
                    "e^-%s per %s.\n\n",
                    flow ? "e^(max Re λ · t)" : "ρ^k", rate, flow ? "unit of time" : "update");
        }
        break;
    case GANSTAB_VERDICT_UNSTABLE:
        if (flow)
            fprintf(out,
                    "Hurwitz test fails: the decisive eigenvalue has %s = %s > 0, beyond its "
                    "error bound plus the tolerance.\n\n",
                    quantity, num);
        else
            fprintf(out,
                    "%s = %s > 1: the decisive eigenvalue lies outside the unit circle, beyond "
                    "its error bound plus the tolerance.\n\n",
                    quantity, num);
        break;
    default:
        fprintf(out,
                "%s = %s, within the error bound of the boundary %s: linearization does not "
                "decide.\n\n",
                quantity, num, flow ? "Re λ = 0" : "|λ| = 1");
        break;
    }
}

static void put_nonlinear(FILE *out, const ganstab_case *c, const ganstab_result *r,
                          const ganstab_nonlinear *nl)
{
    char t[MD_NUM_BUF], ratio[MD_NUM_BUF], x[MD_NUM_BUF];
    ganstab_md_fmt_number(t, sizeof t, nl->t_end, 0.0);
    snprintf(ratio, sizeof ratio, "%.2g", nl->ratio);
    fputs("## What the nonlinear dynamics do\n\nThe linearization does not decide, so the full "
          "nonlinear update was simulated (`ganstab simulate`) from (",
          out);
    for (size_t i = 0; i < nl->n && i < GANSTAB_SIM_START_MAX; i++) {
        ganstab_md_fmt_number(x, sizeof x, nl->start[i], 0.0);
        fprintf(out, "%s%s", i > 0 ? ", " : "", x);
    }
    (void)r;
    if (c->update.scheme == GANSTAB_SCHEME_FLOW)
        fprintf(out, ") to t = %s", t);
    else
        fprintf(out, ") for %zu updates (t = %s)", nl->steps, t);
    fprintf(out, ": it **%s** — distance to x* at the end / at the start = %s.",
            ganstab_sim_outcome_name(nl->outcome), ratio);
    switch (nl->outcome) {
    case GANSTAB_SIM_CYCLES:
        fputs(" The iterates neither approach nor leave the equilibrium: no convergence.", out);
        break;
    case GANSTAB_SIM_CONVERGES_SLOWLY:
        fputs(" The distance decreases, but sublinearly: the nonlinear terms, not the "
              "linearization, drive the convergence.",
              out);
        break;
    case GANSTAB_SIM_CONVERGES:
        fputs(" The nonlinear terms make the equilibrium attracting.", out);
        break;
    default:
        fputs(" The nonlinear terms push the iterates away.", out);
        break;
    }
    fputs("\n\n", out);
}

static void put_verdict_set(FILE *out, unsigned mask)
{
    const char *sep = "";
    for (int v = GANSTAB_VERDICT_STABLE; v <= GANSTAB_VERDICT_NOT_STATIONARY; v++) {
        if (mask & (1u << v)) {
            fprintf(out, "%s%s", sep, ganstab_verdict_name((ganstab_verdict)v));
            sep = " or ";
        }
    }
}

static void put_claim_id(FILE *out, const char *id, const char *source)
{
    fprintf(out, "| `%s` (", id);
    ganstab_md_put_cell_text(out, source);
    fputs(") | ", out);
}

static const char *agree_mark(int agrees)
{
    return agrees ? "✓" : "✗";
}

static void put_claims(FILE *out, const ganstab_report *rep)
{
    const ganstab_result *r = rep->r;
    fputs("## Claims\n\n", out);
    if (rep->nchecks == 0) {
        fputs("No claim of the catalogue applies to this case.\n\n", out);
        return;
    }
    fputs("| claim | statement | predicted | computed | error | agrees |\n"
          "|---|---|---|---|---|:---:|\n",
          out);
    for (size_t i = 0; i < rep->nchecks; i++) {
        const ganstab_claim_check *k = &rep->checks[i];
        const ganstab_eigenvalue *ev =
            k->spectrum == GANSTAB_CLAIM_SPECTRUM_FIELD ? r->field_eigenvalues : r->eigenvalues;
        char z[MD_CPLX_BUF], e[MD_NUM_BUF];

        put_claim_id(out, k->id, k->source);
        ganstab_md_put_cell_text(out, k->statement);
        fputs(" | ", out);
        double pmax = 0.0;
        for (size_t j = 0; j < k->n_predicted && j < GANSTAB_CLAIM_MAX_EIGENVALUES; j++)
            pmax = fmax(pmax, hypot(k->predicted_re[j], k->predicted_im[j]));
        /* a prediction is shown to the precision of the eigenvalue it is compared with */
        for (size_t j = 0; j < k->n_predicted && j < GANSTAB_CLAIM_MAX_EIGENVALUES; j++) {
            double bound = ev != NULL && k->matched[j] < r->n ? ev[k->matched[j]].error_bound : 0.0;
            ganstab_md_fmt_eigenvalue(z, sizeof z, k->predicted_re[j], k->predicted_im[j], bound,
                                      noise_floor(pmax));
            fprintf(out, "%s%s", j > 0 ? ", " : "", z);
        }
        int shown = k->n_predicted > 0;
        if (k->predicted_text[0] != '\0') {
            fputs(shown ? "; " : "", out);
            ganstab_md_put_cell_text(out, k->predicted_text);
            shown = 1;
        }
        if (k->has_re_bound) {
            char br[MD_NUM_BUF], bc[MD_NUM_BUF];
            ganstab_md_fmt_number(br, sizeof br, k->re_bound_real, 0.0);
            ganstab_md_fmt_number(bc, sizeof bc, k->re_bound_complex, 0.0);
            fprintf(out, "%sRe λ ≤ %s (real λ), ≤ %s (complex λ)", shown ? "; " : "", br, bc);
            shown = 1;
        }
        if (k->has_verdict) {
            fputs(shown ? "; " : "", out);
            put_verdict_set(out, k->verdict_mask);
        }
        fputs(" | ", out);
        double cmax = 0.0;
        size_t nmatch = 0;
        for (size_t j = 0; ev != NULL && j < k->n_predicted && j < GANSTAB_CLAIM_MAX_EIGENVALUES;
             j++)
            if (k->matched[j] < (k->spectrum == GANSTAB_CLAIM_SPECTRUM_FIELD ? r->n : r->n_op))
                cmax = fmax(cmax, ev[k->matched[j]].abs);
        for (size_t j = 0; ev != NULL && j < k->n_predicted && j < GANSTAB_CLAIM_MAX_EIGENVALUES;
             j++) {
            if (k->matched[j] >= (k->spectrum == GANSTAB_CLAIM_SPECTRUM_FIELD ? r->n : r->n_op))
                continue;
            const ganstab_eigenvalue *m = &ev[k->matched[j]];
            ganstab_md_fmt_eigenvalue(z, sizeof z, m->re, m->im, m->error_bound, noise_floor(cmax));
            fprintf(out, "%s%s", nmatch++ > 0 ? ", " : "", z);
        }
        if (k->computed_text[0] != '\0') {
            ganstab_md_put_cell_text(out, k->computed_text);
            nmatch++;
        }
        if (k->has_re_bound && r->field_eigenvalues != NULL) {
            char mx[MD_NUM_BUF], mg[MD_NUM_BUF];
            double re_max = r->spectral_abscissa; /* transversal where there is a manifold */
            ganstab_md_fmt_number(mx, sizeof mx, re_max, noise_floor(fabs(re_max)));
            ganstab_md_fmt_number(mg, sizeof mg, k->re_bound_margin, noise_floor(fabs(re_max)));
            fprintf(out, "%smax Re λ = %s (inside the bound by %s)", nmatch > 0 ? "; " : "", mx,
                    mg);
            nmatch++;
        }
        if (k->has_verdict)
            fprintf(out, "%s%s", nmatch > 0 ? "; " : "", ganstab_verdict_name(r->verdict));
        ganstab_md_fmt_error_size(e, sizeof e, k->max_abs_error);
        fprintf(out, " | %s | %s |\n", k->n_predicted > 0 || k->compares_entries ? e : "—",
                agree_mark(k->agrees));
    }
    fputc('\n', out);
}

/* Crossings table and critical-value claims: shared by the report's critical section and
 * `critical --format md`. `level` is the heading level of the claims sub-heading. */
static void put_critical_body(FILE *out, const char *level, double from, double to,
                              const ganstab_crossing *crossings, size_t ncross,
                              const ganstab_claim_critical *checks, size_t nchecks)
{
    char a[MD_NUM_BUF], b[MD_NUM_BUF], w[MD_NUM_BUF];
    ganstab_md_fmt_number(a, sizeof a, from, 0.0);
    ganstab_md_fmt_number(b, sizeof b, to, 0.0);
    if (ncross == 0) {
        fprintf(out, "No crossing in (%s, %s).\n\n", a, b);
    } else {
        fputs("| value | bracket width | kind | type | before → after |\n"
              "|---:|---:|---|---|---|\n",
              out);
        for (size_t i = 0; i < ncross; i++) {
            const ganstab_crossing *x = &crossings[i];
            ganstab_md_fmt_number(a, sizeof a, x->value, 0.0);
            ganstab_md_fmt_error_size(w, sizeof w, x->hi - x->lo);
            fprintf(out, "| %s | %s | %s | %s | %s → %s |\n", a, w,
                    ganstab_crossing_kind_name(x->kind), ganstab_crossing_type_name(x->type),
                    ganstab_verdict_name(x->before), ganstab_verdict_name(x->after));
        }
        fputc('\n', out);
    }
    fprintf(out, "%s Critical-value claims\n\n", level);
    if (nchecks == 0) {
        fputs("No claim of the catalogue predicts a critical value in this range.\n\n", out);
        return;
    }
    fputs("| claim | statement | predicted | computed | error | agrees |\n"
          "|---|---|---|---|---|:---:|\n",
          out);
    for (size_t i = 0; i < nchecks; i++) {
        const ganstab_claim_critical *k = &checks[i];
        put_claim_id(out, k->id, k->source);
        ganstab_md_put_cell_text(out, k->statement);
        ganstab_md_fmt_number(a, sizeof a, k->predicted, 0.0);
        fprintf(out, " | %s (%s, %s) | ", a, ganstab_crossing_kind_name(k->kind),
                ganstab_crossing_type_name(k->type));
        if (k->found) {
            ganstab_md_fmt_number(b, sizeof b, k->computed, 0.0);
            ganstab_md_fmt_error_size(w, sizeof w, k->abs_error);
            fprintf(out, "%s | %s", b, w);
        } else {
            fputs("not found | —", out);
        }
        fprintf(out, " | %s |\n", agree_mark(k->agrees));
    }
    fputc('\n', out);
}

static void put_critical_heading(FILE *out, const char *level, const char *param, double from,
                                 double to)
{
    char a[MD_NUM_BUF], b[MD_NUM_BUF];
    ganstab_md_fmt_number(a, sizeof a, from, 0.0);
    ganstab_md_fmt_number(b, sizeof b, to, 0.0);
    fprintf(out, "%s Critical values of `%s` on [%s, %s]\n\n", level, param, a, b);
}

static int finish(FILE *out, ganstab_error *err)
{
    if (ferror(out))
        return ganstab_error_set(err, GANSTAB_EIO, "markdown", "cannot write output");
    return GANSTAB_OK;
}

static const char *case_title(const ganstab_case *c)
{
    return c->title[0] != '\0' ? c->title : c->file[0] != '\0' ? c->file : "ganstab case";
}

static void put_state(FILE *out, const ganstab_result *r, const double *x, size_t n)
{
    char num[MD_NUM_BUF];
    fputc('(', out);
    for (size_t i = 0; i < n; i++) {
        if (isinf(x[i]))
            snprintf(num, sizeof num, "%s∞", x[i] > 0 ? "+" : "−");
        else
            ganstab_md_fmt_number(num, sizeof num, x[i], 0.0);
        int named = r != NULL && i < r->n;
        fprintf(out, "%s%s%s%s", i > 0 ? ", " : "", named ? r->state_names[i] : "",
                named ? " = " : "", num);
    }
    fputc(')', out);
}

static const char *yes_no(unsigned mask, ganstab_behaviour b, const char *no)
{
    return mask & (1u << b) ? "yes" : no;
}

/* The case's [simulate] run (ganstab_sim_summarize). */
static void put_simulation(FILE *out, const ganstab_case *c, const ganstab_result *r,
                           const ganstab_sim_summary *s)
{
    char a[MD_NUM_BUF], b[MD_NUM_BUF];
    fprintf(out,
            "## Simulation\n\nThe nonlinear dynamics (`ganstab simulate`, scheme %s), %zu steps "
            "from ",
            ganstab_scheme_name(s->scheme), s->steps);
    put_state(out, r, s->start, s->n);
    fputs(" to ", out);
    put_state(out, r, s->final, s->n);
    ganstab_md_fmt_number(a, sizeof a, s->distance_start, 0.0);
    ganstab_md_fmt_number(b, sizeof b, s->distance_final, 0.0);
    fprintf(out, ".\n\nDistance to x*%s: %s → %s.", s->has_tv ? " (generator's means)" : "", a, b);
    if (!s->has_tv) {
        fputs("\n\n", out);
        return;
    }
    ganstab_md_fmt_number(a, sizeof a, s->tv_start, 0.0);
    ganstab_md_fmt_number(b, sizeof b, s->tv_final, 0.0);
    fprintf(out, " TV distance to the data (Li et al. 2018, eq. (3)): %s → %s", a, b);
    ganstab_md_fmt_number(a, sizeof a, s->tv_min, 0.0);
    fprintf(out, " (smallest %s, at step %ld).\n\n", a, s->tv_min_step);
    if (s->n_events == 0) {
        fputs("Events: none.\n\n", out);
    } else {
        fputs("| step | event |\n|---:|---|\n", out);
        for (size_t e = 0; e < s->n_events && e < GANSTAB_SIM_SUMMARY_EVENTS; e++) {
            fprintf(out, "| %ld | %s", s->events[e].step,
                    ganstab_sim_event_name(s->events[e].kind));
            if (s->events[e].interval > 0)
                fprintf(out, " (interval %d)", s->events[e].interval);
            fputs(" |\n", out);
        }
        if (s->n_events > GANSTAB_SIM_SUMMARY_EVENTS)
            fprintf(out, "| … | %zu more |\n", s->n_events - GANSTAB_SIM_SUMMARY_EVENTS);
        fputc('\n', out);
    }
    unsigned d = s->detected, x = s->expected;
    fprintf(out,
            "| behaviour | criterion | detected | expected |\n|---|---|---|---|\n"
            "| converges | final TV < %g (the paper's Sec. 5) and no mode collapse | %s | %s |\n",
            GANSTAB_GMM_TV_SUCCESS, yes_no(d, GANSTAB_BEHAVIOUR_CONVERGES, "no"),
            yes_no(x, GANSTAB_BEHAVIOUR_CONVERGES, "—"));
    ganstab_md_fmt_number(b, sizeof b, c->gmm_mode_collapse, 0.0);
    fprintf(out, "| mode-collapse | final \\|μ̂₁ − μ̂₂\\| < %s | %s | %s |\n", b,
            yes_no(d, GANSTAB_BEHAVIOUR_MODE_COLLAPSE, "no"),
            yes_no(x, GANSTAB_BEHAVIOUR_MODE_COLLAPSE, "—"));
    fprintf(out, "| discriminator-collapse | an interval reached length 0 | %s | %s |\n",
            yes_no(d, GANSTAB_BEHAVIOUR_DISC_COLLAPSE, "no"),
            yes_no(x, GANSTAB_BEHAVIOUR_DISC_COLLAPSE, "—"));
    ganstab_md_fmt_number(a, sizeof a, s->stall, 0.0);
    fprintf(out,
            "| vanishing-gradients | μ̂ moved < %g over the last %g of the run (moved %s), "
            "TV ≥ %g, no mode collapse | %s | %s |\n",
            GANSTAB_SIM_STALL_TOL, GANSTAB_SIM_STALL_FRACTION, a, GANSTAB_GMM_TV_SUCCESS,
            yes_no(d, GANSTAB_BEHAVIOUR_VANISHING_GRADIENTS, "no"),
            yes_no(x, GANSTAB_BEHAVIOUR_VANISHING_GRADIENTS, "—"));
    fprintf(out,
            "| oscillation | a mean reverses ≥ %d times by ≥ %g (%zu reversals) | %s | %s |\n\n",
            GANSTAB_SIM_OSC_TURNS, GANSTAB_SIM_OSC_SWING, s->turns,
            yes_no(d, GANSTAB_BEHAVIOUR_OSCILLATION, "no"),
            yes_no(x, GANSTAB_BEHAVIOUR_OSCILLATION, "—"));
    if (x != 0)
        fprintf(out, "The paper's description of this run: %s.\n\n",
                s->agrees ? "every expected behaviour is detected (agrees)"
                          : "**an expected behaviour is not detected (disagrees)**");
}

/* The report's figures of the given kinds, as images. Returns how many were printed. */
static size_t put_figures(FILE *out, const ganstab_report *rep, unsigned kinds)
{
    size_t printed = 0;
    for (size_t i = 0; i < rep->nfigures; i++) {
        const ganstab_report_figure *f = &rep->figures[i];
        if (!(kinds & (1u << f->kind)))
            continue;
        ganstab_md_put_figure(out, f);
        printed++;
    }
    return printed;
}

static int has_figures(const ganstab_report *rep, unsigned kinds)
{
    for (size_t i = 0; i < rep->nfigures; i++)
        if (kinds & (1u << rep->figures[i].kind))
            return 1;
    return 0;
}

int ganstab_md_report(FILE *out, const ganstab_report *rep, ganstab_error *err)
{
    ganstab_error_clear(err);
    const ganstab_case *c = rep->c;
    const ganstab_result *r = rep->r;
    fprintf(out, "# %s\n\n", case_title(c));
    if (c->file[0] != '\0')
        fprintf(out, "Case file: `%s`\n\n", c->file);
    if (c->has_plot && c->plot_figure[0] != '\0')
        fprintf(out, "Reproduces: %s.\n\n", c->plot_figure);
    int status = put_parameters(out, c, err);
    if (status != GANSTAB_OK)
        return status;
    if (rep->formulas != NULL)
        put_formulas(out, c, rep->formulas);
    put_equilibrium(out, r);
    put_jacobian(out, r);
    if (r->field_eigenvalues != NULL) {
        fputs("## Field eigenvalues\n\nEigenvalues of J:\n\n", out);
        put_eigen_table(out, r->field_eigenvalues, r->n);
    }
    put_manifold(out, r);
    put_operator(out, c, r);
    put_deciding(out, r);
    put_verdict(out, r);
    put_figures(out, rep, 1u << GANSTAB_PLOT_EIGEN);
    if (rep->nonlinear != NULL)
        put_nonlinear(out, c, r, rep->nonlinear);
    put_claims(out, rep);
    if (rep->simulation != NULL)
        put_simulation(out, c, r, rep->simulation);
    unsigned dynamics =
        1u << GANSTAB_PLOT_PHASE | 1u << GANSTAB_PLOT_TRAJECTORY | 1u << GANSTAB_PLOT_DENSITY;
    if (has_figures(rep, dynamics)) {
        if (rep->simulation == NULL)
            fputs("## Dynamics\n\nThe case's update rule run on the nonlinear field "
                  "(`ganstab plot`):\n\n",
                  out);
        put_figures(out, rep, dynamics);
    }
    if (rep->placements != NULL &&
        (status = ganstab_md_gmm_map(out, rep->placements, err)) != GANSTAB_OK)
        return status;
    if (rep->heatmap_findings != NULL &&
        (status = ganstab_md_gmm_fig2(out, rep->heatmaps, rep->heatmap_findings, rep->heatmap_csv,
                                      rep->figures, rep->nfigures, err)) != GANSTAB_OK)
        return status;
    if (rep->has_critical && rep->critical_skipped != NULL) {
        put_critical_heading(out, "##", ganstab_case_param_name(c, c->critical_param),
                             c->critical_from, c->critical_to);
        fprintf(out, "Not computed: %s.\n\n", rep->critical_skipped);
    } else if (rep->has_critical) {
        put_critical_heading(out, "##", ganstab_case_param_name(c, c->critical_param),
                             c->critical_from, c->critical_to);
        put_critical_body(out, "###", c->critical_from, c->critical_to, rep->crossings, rep->ncross,
                          rep->critical_checks, rep->ncritical_checks);
        put_figures(out, rep, 1u << GANSTAB_PLOT_LOCUS);
    }
    if (rep->sweep != NULL &&
        (status = ganstab_md_sweep_table(out, rep->sweep, 2, err)) != GANSTAB_OK)
        return status;
    if (rep->map != NULL) {
        /* the map's figure, if drawn, goes into its section */
        ganstab_map_report map = *rep->map;
        for (size_t i = 0; i < rep->nfigures && map.figure == NULL; i++)
            if (rep->figures[i].kind == GANSTAB_PLOT_MAP)
                map.figure = &rep->figures[i];
        if ((status = ganstab_md_stability_map(out, &map, 2, err)) != GANSTAB_OK)
            return status;
    }
    if (rep->optimum != NULL &&
        (status = ganstab_md_optimum(out, rep->optimum, 2, err)) != GANSTAB_OK)
        return status;
    if (rep->compare != NULL &&
        (status = ganstab_md_compare(out, rep->compare, 2, err)) != GANSTAB_OK)
        return status;
    /* the derivations of every derived closed form the report checks (critical values and the
       studies' claims), each once */
    size_t nids = rep->ncritical_checks + (rep->sweep != NULL ? rep->sweep->nchecks : 0) +
                  (rep->map != NULL ? rep->map->nchecks : 0) +
                  (rep->optimum != NULL ? rep->optimum->nchecks : 0) +
                  (rep->compare != NULL ? rep->compare->nchecks : 0);
    const char **ids = malloc((nids + 1) * sizeof *ids);
    if (ids == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "markdown", "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < rep->ncritical_checks; i++)
        ids[k++] = rep->critical_checks[i].id;
    for (size_t i = 0; rep->sweep != NULL && i < rep->sweep->nchecks; i++)
        ids[k++] = rep->sweep->checks[i].id;
    for (size_t i = 0; rep->map != NULL && i < rep->map->nchecks; i++)
        ids[k++] = rep->map->checks[i].id;
    for (size_t i = 0; rep->optimum != NULL && i < rep->optimum->nchecks; i++)
        ids[k++] = rep->optimum->checks[i].id;
    for (size_t i = 0; rep->compare != NULL && i < rep->compare->nchecks; i++)
        ids[k++] = rep->compare->checks[i].id;
    ganstab_md_derivations(out, 2, ids, k);
    free(ids);
    return finish(out, err);
}

int ganstab_md_sweep(FILE *out, const ganstab_sweep *sw, ganstab_error *err)
{
    ganstab_error_clear(err);
    put_critical_heading(out, "#", sw->param, sw->from, sw->to);
    if (sw->c != NULL) {
        fprintf(out, "Case: %s", case_title(sw->c));
        if (sw->c->file[0] != '\0')
            fprintf(out, " (`%s`)", sw->c->file);
        fputs("\n\n", out);
    }
    put_critical_body(out, "##", sw->from, sw->to, sw->crossings, sw->ncross, sw->checks,
                      sw->nchecks);
    for (size_t k = 0; k < sw->ngaps; k++) {
        char lo[MD_NUM_BUF], hi[MD_NUM_BUF];
        ganstab_md_fmt_number(lo, sizeof lo, sw->gaps[k].lo, 0.0);
        ganstab_md_fmt_number(hi, sizeof hi, sw->gaps[k].hi, 0.0);
        fprintf(out, "x* is not stationary for `%s` in (%s, %s]: no crossing is sought there.\n\n",
                sw->param, lo, hi);
    }
    return finish(out, err);
}

int ganstab_md_index(FILE *out, const ganstab_index_entry *entries, size_t n, ganstab_error *err)
{
    ganstab_error_clear(err);
    fputs("# ganstab reports\n\n| case | title | verdict | claims agreeing |\n"
          "|---|---|---|---:|\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const ganstab_index_entry *e = &entries[i];
        fprintf(out, "| [%s](%s.md) | ", e->name, e->name);
        ganstab_md_put_cell_text(out, e->title);
        fprintf(out, " | %s | %zu/%zu |\n", ganstab_verdict_name(e->verdict), e->claims_agree,
                e->claims);
    }
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= entries[i].paper_figure != NULL;
    if (any) {
        fputs("\n## Figures of the papers\n\nReproduced from the cases (`[plot] figure`); every "
              "figure is an SVG next to its report, drawn by `ganstab report` with PLplot.\n\n"
              "| paper's figure | case | figures |\n|---|---|---|\n",
              out);
        /* in the order of the papers' figures (by their names), then of the cases */
        size_t *order = malloc(n * sizeof *order);
        if (order == NULL)
            return ganstab_error_set(err, GANSTAB_ENOMEM, "markdown", "out of memory");
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (entries[i].paper_figure == NULL)
                continue;
            size_t k = m++;
            while (k > 0 &&
                   strcmp(entries[order[k - 1]].paper_figure, entries[i].paper_figure) > 0) {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = i;
        }
        for (size_t q = 0; q < m; q++) {
            const ganstab_index_entry *e = &entries[order[q]];
            fputs("| ", out);
            ganstab_md_put_cell_text(out, e->paper_figure);
            fprintf(out, " | [%s](%s.md) | ", e->name, e->name);
            for (size_t k = 0; k < e->nfigures; k++)
                fprintf(out, "%s[%s](%s)", k > 0 ? " · " : "",
                        e->figures[k].label != NULL ? e->figures[k].label
                                                    : ganstab_plot_kind_name(e->figures[k].kind),
                        e->figures[k].file);
            fputs(" |\n", out);
        }
        free(order);
        fputc('\n', out);
    }
    return finish(out, err);
}

/* ---- Table 1 ------------------------------------------------------------------------------ */

static const char *mark(int converges)
{
    return converges == 1 ? "converges" : converges == 0 ? "does not converge" : "—";
}

int ganstab_md_table1(FILE *out, const ganstab_table1_row *rows, size_t n, ganstab_error *err)
{
    ganstab_error_clear(err);
    fputs("# Table 1 of Mescheder et al. 2018 on the Dirac-GAN\n\n"
          "Mescheder, Geiger, Nowozin, *Which training methods for GANs do actually converge?* "
          "(ICML 2018), Table 1: local convergence of GAN training methods. The Dirac-GAN (data "
          "and generator are point masses) is the paper's prototype of the *general* case, so "
          "each row is checked against the paper's general-case column (the absolutely "
          "continuous column is shown for reference).\n\n"
          "For every method: the verdict of the linearization for the gradient flow and for "
          "simultaneous (simgd) and alternating (altgd) gradient descent at the small step size "
          "`h`; the eigenvalues of the field's Jacobian J at the equilibrium (or, where the "
          "equilibrium is not stationary, the residual ‖v(x*)‖); and what the nonlinear altgd "
          "dynamics do from (θ, ψ) = (0.5, 0.5): *converges* (distance below 1e-3 of the start), "
          "*converges slowly* (a steady sublinear decrease), *cycles* (bounded, no trend) or "
          "*diverges*. A row agrees when the paper's mark matches both the flow verdict (stable "
          "⇔ converges) and the simulation.\n\n",
          out);
    fputs("| method | paper (general; a.c.) | flow | simgd | altgd | J at x* (or residual) | "
          "simulation (altgd) | agrees |\n|---|---|---|---|---|---|---|:---:|\n",
          out);
    for (size_t i = 0; i < n; i++) {
        const ganstab_table1_row *row = &rows[i];
        const ganstab_case *c = row->c;
        char h[MD_NUM_BUF], ratio[MD_NUM_BUF];
        ganstab_md_fmt_number(h, sizeof h, c->table1_h, 0.0);
        fputs("| ", out);
        ganstab_md_put_cell_text(out, c->table1_method);
        fprintf(out, " | %s; %s | %s | %s (h = %s) | %s (h = %s) | ", mark(c->table1_paper),
                mark(c->table1_paper_ac), ganstab_verdict_name(row->flow),
                ganstab_verdict_name(row->simgd), h, ganstab_verdict_name(row->altgd), h);
        if (row->flow == GANSTAB_VERDICT_NOT_STATIONARY) {
            char res[MD_NUM_BUF];
            ganstab_md_fmt_number(res, sizeof res, row->residual, 0.0);
            fprintf(out, "not stationary: ‖v(x*)‖ = %s", res);
        } else {
            for (size_t k = 0; k < row->n; k++) {
                char z[MD_CPLX_BUF];
                const ganstab_eigenvalue *ev = &row->flow_eigenvalues[k];
                ganstab_md_fmt_eigenvalue(
                    z, sizeof z, ev->re, ev->im, ev->error_bound,
                    noise_floor(max_abs_complex(row->flow_eigenvalues, row->n)));
                fprintf(out, "%s%s", k > 0 ? ", " : "", z);
            }
        }
        /* The ratio is a trajectory's end point: its leading digits are what matters. */
        snprintf(ratio, sizeof ratio, "%.2g", row->sim_ratio);
        fprintf(out, " | %s (d_N/d_0 = %s, %zu steps) | %s |\n", ganstab_sim_outcome_name(row->sim),
                ratio, c->table1_steps, agree_mark(row->linear_agrees && row->sim_agrees));
    }
    fputs("\n## Notes\n\n", out);
    for (size_t i = 0; i < n; i++) {
        const ganstab_table1_row *row = &rows[i];
        if (row->c->table1_note[0] == '\0' && row->linear_agrees && row->sim_agrees)
            continue;
        fputs("- **", out);
        ganstab_md_put_cell_text(out, row->c->table1_method);
        fputs("**", out);
        if (!row->linear_agrees || !row->sim_agrees)
            fprintf(out, " (differs from the paper: %s%s%s)",
                    !row->linear_agrees ? "linearization" : "",
                    !row->linear_agrees && !row->sim_agrees ? " and " : "",
                    !row->sim_agrees ? "simulation" : "");
        fprintf(out, ": %s",
                row->c->table1_note[0] != '\0' ? row->c->table1_note : "no explanation given.");
        if (row->c->file[0] != '\0')
            fprintf(out, " Case: `%s`.", row->c->file);
        fputc('\n', out);
    }
    fputc('\n', out);
    return finish(out, err);
}

/* ---- shared with the other Markdown printers (md_internal.h) ---------------------------- */

int ganstab_md_put_parameters(FILE *out, const ganstab_case *c, ganstab_error *err)
{
    return put_parameters(out, c, err);
}

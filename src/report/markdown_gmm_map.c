/* Markdown printer for the GMM-GAN placement map (gmm_map.h): a grid table over (l1, l2) with a
 * verdict letter per stationary completion, a legend and a summary. Deterministic like every
 * printer (markdown.c): 10 significant digits, no timestamps. */
#include "ganstab/io.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ganstab/gmm_map.h"

/* md_format.c's precision: 10 digits stay clear of the last-bit differences between CPUs. */
#define MAP_NUMBER_FORMAT "%.10g"
#define MAP_NUM_BUF 48

static void map_number(char *buf, size_t size, double x)
{
    snprintf(buf, size, MAP_NUMBER_FORMAT, x == 0.0 ? 0.0 : x);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
}

static void put_scheme(FILE *out, const ganstab_update *u)
{
    char a[MAP_NUM_BUF], b[MAP_NUM_BUF];
    fprintf(out, "%s", ganstab_scheme_name(u->scheme));
    switch (u->scheme) {
    case GANSTAB_SCHEME_FLOW:
        break;
    case GANSTAB_SCHEME_TTUR:
        map_number(a, sizeof a, u->hg);
        map_number(b, sizeof b, u->hd);
        fprintf(out, " (hg = %s, hd = %s)", a, b);
        break;
    case GANSTAB_SCHEME_ALTGD:
        map_number(a, sizeof a, u->h);
        fprintf(out, " (h = %s, ng = %u, nd = %u, %s)", a, u->ng, u->nd,
                ganstab_order_name(u->order));
        break;
    default:
        map_number(a, sizeof a, u->h);
        fprintf(out, " (h = %s)", a);
        break;
    }
}

int ganstab_md_gmm_map(FILE *out, const ganstab_gmm_map *m, ganstab_error *err)
{
    ganstab_error_clear(err);
    char a[MAP_NUM_BUF], b[MAP_NUM_BUF], c[MAP_NUM_BUF], d[MAP_NUM_BUF];
    map_number(a, sizeof a, m->mu_star[0]);
    map_number(b, sizeof b, m->mu_star[1]);
    fprintf(out, "## Stability map over discriminator placements\n\n");
    fprintf(out, "GMM-GAN (Li et al. 2018) at mu* = (%s, %s), update rule ", a, b);
    put_scheme(out, &m->update);
    fprintf(out, ". Each cell is a left-endpoint pair (l1, l2); its stationary completions "
                 "(r1, r2) solve grad_mu L(mu*, l, r) = 0 with l_j < r_j, and each gets the "
                 "verdict transversal to the family of equilibria.\n\n");
    fputs("| l1 \\ l2 |", out);
    for (size_t j = 0; j < m->l2.count; j++) {
        map_number(a, sizeof a, ganstab_grid_axis_value(&m->l2, j));
        fprintf(out, " %s |", a);
    }
    fputs("\n|---|", out);
    for (size_t j = 0; j < m->l2.count; j++)
        fputs(":-:|", out);
    fputc('\n', out);
    for (size_t i = 0; i < m->l1.count; i++) {
        map_number(a, sizeof a, ganstab_grid_axis_value(&m->l1, i));
        fprintf(out, "| %s |", a);
        for (size_t j = 0; j < m->l2.count; j++) {
            size_t cell = i * m->l2.count + j, n = m->count[cell];
            size_t stored = n < GANSTAB_GMM_MAX_COMPLETIONS ? n : GANSTAB_GMM_MAX_COMPLETIONS;
            fputc(' ', out);
            if (n == 0)
                fputs("–", out);
            for (size_t q = 0; q < stored; q++)
                fputc(ganstab_gmm_map_letter(m->points[m->first[cell] + q].verdict), out);
            if (n > stored)
                fputs("…", out);
            fputs(" |", out);
        }
        fputc('\n', out);
    }
    fputs("\nLegend: one letter per stationary completion, in increasing (r1, r2): S stable "
          "(locally attracting), U unstable, M marginal (linearization does not decide), "
          "N not stationary; – no completion with both intervals open; … more completions than "
          "shown.\n\n",
          out);
    fprintf(out,
            "Summary: %zu placements in %zu cells (%zu cells without a completion): %zu stable, "
            "%zu unstable, %zu marginal",
            m->n_points, m->l1.count * m->l2.count, m->n_empty_cells, m->n_stable, m->n_unstable,
            m->n_marginal);
    if (m->n_not_stationary > 0)
        fprintf(out, ", %zu not stationary", m->n_not_stationary);
    fputs(".", out);
    if (m->n_null_space_mismatch > 0)
        fprintf(out,
                " At %zu placements the null space of J differs from the family's tangent "
                "space (the verdict there is less reliable).",
                m->n_null_space_mismatch);
    if (m->n_truncated_cells > 0)
        fprintf(out, " %zu cells have more completions than stored.", m->n_truncated_cells);
    fputs("\n\n", out);
    if (m->best != SIZE_MAX) {
        const ganstab_gmm_map_point *p = &m->points[m->best];
        map_number(a, sizeof a, p->disc[0]);
        map_number(b, sizeof b, p->disc[1]);
        map_number(c, sizeof c, p->disc[2]);
        map_number(d, sizeof d, p->disc[3]);
        fprintf(out, "Most attracting placement: [%s, %s] and [%s, %s], ", a, b, c, d);
        if (m->dynamics == GANSTAB_DYNAMICS_FLOW) {
            map_number(a, sizeof a, p->decisive.re);
            fprintf(out, "decisive Re lambda = %s (transversal).\n\n", a);
        } else {
            map_number(a, sizeof a, p->decisive.abs);
            fprintf(out, "decisive |lambda| = %s (transversal).\n\n", a);
        }
    } else {
        fputs("No placement on the grid is locally attracting.\n\n", out);
    }
    fputs("The map is local (linearization at each placement): Li et al. 2018 prove global "
          "convergence only with an optimal discriminator; first-order dynamics started away "
          "from a stable placement can still collapse.\n",
          out);
    if (ferror(out))
        return ganstab_error_set(err, GANSTAB_EIO, "markdown", "cannot write output");
    return GANSTAB_OK;
}

/* CSV and Markdown of the GMM-GAN success heatmaps (gmm_heatmap.h), for `ganstab heatmap` and for
 * the Figure 2 section of `ganstab report` (io.h). Deterministic: shares are count / starts,
 * printed as the shortest decimal that reads back exactly (CSV) or to 3 significant digits
 * (Markdown). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/io.h"
#include "md_internal.h"

/* The shortest %.*g that reads back as x (x finite). */
void ganstab_fprint_shortest(FILE *out, double x)
{
    char buf[40];
    if (x == 0.0)
        x = 0.0; /* no -0 */
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    fputs(buf, out);
}

static double share(size_t count, size_t total)
{
    return (double)count / (double)total;
}

static const size_t *table_of(const ganstab_gmm_heatmap *m, ganstab_heatmap_table t)
{
    switch (t) {
    case GANSTAB_HEATMAP_DISC_COLLAPSE:
        return m->disc_collapse;
    case GANSTAB_HEATMAP_MODE_COLLAPSE:
        return m->mode_collapse_count;
    case GANSTAB_HEATMAP_TV_BELOW:
        return m->tv_below;
    default:
        return m->success;
    }
}

void ganstab_csv_gmm_heatmap(FILE *out, const ganstab_gmm_heatmap *m, int with_dynamics, int header)
{
    if (header)
        fputs(with_dynamics ? "dynamics,mu1,mu2,success,disc_collapse,mode_collapse,tv_below\n"
                            : "mu1,mu2,success,disc_collapse,mode_collapse\n",
              out);
    for (size_t c = 0; c < m->cells; c++) {
        if (with_dynamics)
            fprintf(out, "%s,", ganstab_gmm_dynamics_name(m->opt.dynamics));
        ganstab_fprint_shortest(out, m->mu[c / m->grid]);
        fputc(',', out);
        ganstab_fprint_shortest(out, m->mu[c % m->grid]);
        for (int t = 0; t < (with_dynamics ? 4 : 3); t++) {
            fputc(',', out);
            ganstab_fprint_shortest(out,
                                    share(table_of(m, (ganstab_heatmap_table)t)[c], m->opt.inits));
        }
        fputc('\n', out);
    }
}

void ganstab_md_gmm_heatmap_table(FILE *out, const ganstab_gmm_heatmap *m, ganstab_heatmap_table t)
{
    fputs("Rows mu1, columns mu2.\n\n| mu1 \\ mu2 |", out);
    for (size_t j = 0; j < m->grid; j++)
        fprintf(out, " %.3g |", m->mu[j]);
    fputs("\n|---|", out);
    for (size_t j = 0; j < m->grid; j++)
        fputs("---|", out);
    fputc('\n', out);
    for (size_t i = 0; i < m->grid; i++) {
        fprintf(out, "| %.3g |", m->mu[i]);
        for (size_t j = 0; j < m->grid; j++)
            fprintf(out, " %.3g |", share(table_of(m, t)[i * m->grid + j], m->opt.inits));
        fputc('\n', out);
    }
}

/* A share to 3 significant digits, "–" where absent (NaN). */
static void put_share(FILE *out, double x)
{
    if (isnan(x))
        fputs(" – |", out);
    else
        fprintf(out, " %.3g |", x == 0.0 ? 0.0 : x);
}

int ganstab_md_gmm_fig2(FILE *out, const ganstab_gmm_heatmap *const maps[3],
                        const ganstab_gmm_fig2 *f, const char *csv_name,
                        const ganstab_report_figure *figures, size_t nfigures, ganstab_error *err)
{
    const ganstab_gmm_heatmap *ref = NULL;
    for (int d = 0; d < 3 && ref == NULL; d++)
        ref = maps[d];
    if (ref == NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "heatmap", "no heatmap to print");
    static const ganstab_gmm_dynamics order[3] = {GANSTAB_GMM_FIRST_ORDER, GANSTAB_GMM_UNROLLED,
                                                  GANSTAB_GMM_OPTIMAL};
    fputs("## Success heatmaps (Li et al. 2018, Figure 2)\n\n", out);
    fprintf(out,
            "For every generator start (mu1, mu2) on a %zu x %zu grid of [-1, 1]^2, %zu random "
            "discriminator starts run %zu steps of size ",
            ref->grid, ref->grid, ref->opt.inits, ref->opt.iters);
    ganstab_fprint_shortest(out, ref->opt.step);
    fputs(" (eta_g = eta_d) towards mu* = (", out);
    ganstab_fprint_shortest(out, ref->mu_star[0]);
    fputs(", ", out);
    ganstab_fprint_shortest(out, ref->mu_star[1]);
    fprintf(
        out,
        "), seed %llu. Each interval starts with its left end uniform in [-3, 3] and its "
        "length uniform in (0, 3] (SplitMix64 keyed by seed, cell and start: the numbers do not "
        "depend on the thread count; the paper does not say how it draws its starts). A run "
        "*succeeds* when its final TV distance is < ",
        (unsigned long long)ref->opt.seed);
    ganstab_fprint_shortest(out, GANSTAB_GMM_TV_SUCCESS);
    fputs(" and its means are at least model.mode_collapse = ", out);
    ganstab_fprint_shortest(out, ref->mode_collapse);
    fputs(" apart: the paper's criterion is TV < 0.1 alone, but a mode-collapsed generator "
          "halfway between the true means has TV 0.058 here, so TV alone would count it. "
          "Unrolled dynamics take ",
          out);
    fprintf(out, "%u",
            maps[GANSTAB_GMM_UNROLLED] != NULL ? maps[GANSTAB_GMM_UNROLLED]->unroll : 5u);
    fputs(" discriminator steps (Metz et al. 2017). ", out);
    if (csv_name != NULL)
        fprintf(out,
                "Every cell's shares (success, discriminator collapse, mode collapse, TV < 0.1 "
                "alone) are in [`%s`](%s).\n\n",
                csv_name, csv_name);
    else
        fputs("\n\n", out);

    fputs("| dynamics | mean success (off the diagonal) | smallest success (off the diagonal) "
          "| success on the diagonal | discriminator collapse (off the diagonal) | mode collapse "
          "(off the diagonal) | mode collapse on the diagonal (smallest) |\n"
          "|---|---:|---:|---:|---:|---:|---:|\n",
          out);
    for (int i = 0; i < 3; i++) {
        ganstab_gmm_dynamics d = order[i];
        if (!f->present[d])
            continue;
        fprintf(out, "| %s |", ganstab_gmm_dynamics_name(d));
        put_share(out, f->off_mean_success[d]);
        put_share(out, f->off_min_success[d]);
        put_share(out, f->diag_max_success[d]);
        put_share(out, d == GANSTAB_GMM_OPTIMAL ? NAN : f->off_mean_disc_collapse[d]);
        put_share(out, f->off_mean_mode_collapse[d]);
        put_share(out, f->diag_min_mode_collapse[d]);
        fputc('\n', out);
    }
    fputs("\n(Success on the diagonal: the largest share over its cells. The optimal dynamics "
          "recompute the discriminator every step, so they have no discriminator collapse.)\n\n",
          out);

    fputs("### The paper's findings, checked\n\n| finding (Li et al. 2018, Sec. 5) | measured | "
          "holds |\n|---|---|---|\n",
          out);
    /* 1 */
    fputs("| \"all three methods fail when we initialize the two generator means to be the "
          "same\" | largest success share on the diagonal:",
          out);
    for (int i = 0; i < 3; i++)
        if (f->present[order[i]])
            fprintf(out, " %s %.3g;", ganstab_gmm_dynamics_name(order[i]),
                    f->diag_max_success[order[i]]);
    fputs(" mode-collapse share there at least", out);
    double mc = 1.0, tvb = 0.0;
    for (int d = 0; d < 3; d++)
        if (f->present[d]) {
            mc = fmin(mc, f->diag_min_mode_collapse[d]);
            tvb = fmax(tvb, f->diag_max_tv_below[d]);
        }
    fprintf(out,
            " %.3g (mu1 = mu2 stays equal: both means get the same gradient); with the paper's "
            "TV < 0.1 alone the largest diagonal share would be %.3g | %s |\n",
            mc, tvb, f->holds[0] ? "yes" : "**no**");
    /* 2 */
    if (f->applies[1]) {
        size_t c = f->off_min_cell[GANSTAB_GMM_OPTIMAL];
        const ganstab_gmm_heatmap *m = maps[GANSTAB_GMM_OPTIMAL];
        fprintf(out,
                "| \"the optimal discriminator otherwise always converges to the ground truth\" "
                "| smallest optimal success share off the diagonal: %.3g",
                f->off_min_success[GANSTAB_GMM_OPTIMAL]);
        if (f->off_min_success[GANSTAB_GMM_OPTIMAL] < 1.0)
            fprintf(out, " at mu = (%.3g, %.3g)", m->mu[c / m->grid], m->mu[c % m->grid]);
        fprintf(out, " over %zu cells | %s |\n", f->off_cells, f->holds[1] ? "yes" : "**no**");
    }
    /* 3 */
    if (f->applies[2])
        fprintf(out,
                "| \"unrolled dynamics do succeed more often than regular first order dynamics\" | "
                "mean success off the diagonal: unrolled %.3g, first-order %.3g; unrolled at least "
                "as good in %zu of %zu cells | %s |\n",
                f->off_mean_success[GANSTAB_GMM_UNROLLED],
                f->off_mean_success[GANSTAB_GMM_FIRST_ORDER], f->unrolled_ge_first, f->off_cells,
                f->holds[2] ? "yes" : "**no**");
    fputc('\n', out);

    for (int i = 0; i < 3; i++) {
        ganstab_gmm_dynamics d = order[i];
        if (!f->present[d])
            continue;
        fprintf(out, "### Success share: %s dynamics\n\n", ganstab_gmm_dynamics_name(d));
        for (size_t k = 0; k < nfigures; k++)
            if (figures[k].kind == GANSTAB_PLOT_HEATMAP && figures[k].dynamics == (int)d)
                ganstab_md_put_figure(out, &figures[k]);
        ganstab_md_gmm_heatmap_table(out, maps[d], GANSTAB_HEATMAP_SUCCESS);
        fputc('\n', out);
    }
    return ferror(out) ? ganstab_error_set(err, GANSTAB_EIO, "heatmap", "write failed")
                       : GANSTAB_OK;
}

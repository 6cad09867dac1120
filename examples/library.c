/* ganstab as a library, without a case file: the Dirac-GAN with gradient penalty built from a
 * typed specification, and a Jacobian computed elsewhere (here: typed in), each analysed under an
 * update rule; then the critical penalty weight of the Dirac-GAN located.
 *
 * Mescheder et al. 2018, Lemma 3.3: with the gradient penalty the Dirac-GAN's Jacobian at the
 * equilibrium is J = [[0, -f'(0)], [f'(0), -gamma]] with f'(0) = 1/2, whose eigenvalues
 * (-gamma +- sqrt(gamma^2 - 1)) / 2 turn from complex to real at gamma = 1.
 *
 * Build and run: make examples (links build/libganstab.a; only public headers are used). Exits 0
 * when every result is as the lemma says, 1 otherwise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <ganstab/ganstab.h>

static void print_result(const char *what, const ganstab_result *r)
{
    printf("%s: n = %zu, verdict %s\n", what, r->n, ganstab_verdict_name(r->verdict));
    size_t n = r->manifold_dim > 0 ? r->n_op_transversal : r->n_op;
    const ganstab_eigenvalue *ev =
        r->manifold_dim > 0 ? r->transversal_eigenvalues : r->eigenvalues;
    for (size_t i = 0; i < n; i++)
        printf("  lambda_%zu = %+.15f %+.15fi  (error bound %.2g)\n", i + 1, ev[i].re, ev[i].im,
               ev[i].error_bound);
}

int main(void)
{
    ganstab_error err = {0};
    int ok = 1;

    /* 1. The Dirac-GAN, standard loss, gradient penalty gamma = 0.5, under gradient flow. */
    ganstab_game_spec dirac;
    ganstab_game_spec_init(&dirac, GANSTAB_MODEL_DIRAC);
    dirac.regularizer = GANSTAB_REG_GP;
    dirac.gamma = 0.5;
    ganstab_update flow;
    ganstab_update_init(&flow, GANSTAB_SCHEME_FLOW);
    ganstab_result *r = NULL;
    if (ganstab_analyze_spec(&dirac, &flow, GANSTAB_DEFAULT_TOL, &r, &err) != GANSTAB_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.message);
        return 2;
    }
    print_result("Dirac-GAN + gradient penalty (gamma = 0.5), flow", r);
    ok &= r->verdict == GANSTAB_VERDICT_STABLE;
    ganstab_result_free(r);

    /* 2. A Jacobian computed elsewhere: 4 components, the first 2 the generator's, analysed under
     * alternating gradient descent (one generator step, then one discriminator step, h = 0.1). */
    const double J[16] = {                       /* column-major: column 1, column 2, ... */
                          -0.1, 0.0,  0.8,  0.1, /* */
                          0.0,  -0.1, -0.2, 0.9, /* */
                          -0.8, 0.2,  -0.5, 0.0, /* */
                          -0.1, -0.9, 0.0,  -0.5};
    ganstab_update altgd;
    ganstab_update_init(&altgd, GANSTAB_SCHEME_ALTGD);
    altgd.h = 0.1;
    if (ganstab_analyze_jacobian(J, 4, 2, &altgd, GANSTAB_DEFAULT_TOL, &r, &err) != GANSTAB_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.message);
        return 2;
    }
    print_result("a given 4x4 Jacobian, altgd h = 0.1", r);
    printf("  spectral radius %.15f\n", r->spectral_radius);
    ok &= r->verdict == GANSTAB_VERDICT_STABLE && r->spectral_radius < 1.0;
    ganstab_result_free(r);

    /* 3. The critical values of the penalty weight of the Dirac-GAN under the flow. */
    ganstab_crossing *cr = NULL;
    size_t count = 0;
    if (ganstab_critical_spec(&dirac, &flow, "regularizer.gamma", 0.1, 4.0, GANSTAB_DEFAULT_TOL, 0,
                              &cr, &count, &err) != GANSTAB_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.message);
        return 2;
    }
    int found = 0;
    for (size_t i = 0; i < count; i++) {
        printf("critical regularizer.gamma = %.15f in [%.15f, %.15f]: %s, %s -> %s\n", cr[i].value,
               cr[i].lo, cr[i].hi, ganstab_crossing_type_name(cr[i].type),
               ganstab_verdict_name(cr[i].before), ganstab_verdict_name(cr[i].after));
        if (cr[i].type == GANSTAB_CROSSING_COMPLEX_TO_REAL && fabs(cr[i].value - 1.0) <= 1e-10)
            found = 1;
    }
    free(cr);
    ok &= found && count == 1;
    printf("%s\n", ok ? "as Lemma 3.3 says: gamma_crit = 1" : "DISAGREES with Lemma 3.3");
    return ok ? 0 : 1;
}

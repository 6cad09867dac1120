/* Update rules built in C (update.h): the defaults a case file starts from, and the checks a case
 * file's [update] gets, for callers that fill a ganstab_update themselves. */
#include <math.h>
#include <string.h>

#include "ganstab/update.h"

void ganstab_update_init(ganstab_update *u, ganstab_scheme scheme)
{
    memset(u, 0, sizeof *u);
    u->scheme = scheme;
    u->ng = 1;
    u->nd = 1;
    u->order = GANSTAB_ORDER_GEN_FIRST;
    /* lookahead: Zhang et al. 2019's defaults k = 5, alpha = 0.5 */
    u->k = 5;
    u->alpha = 0.5;
    u->base = GANSTAB_SCHEME_SIMGD;
}

static int positive(double x, const char *name, const ganstab_update *u, ganstab_error *err)
{
    if (isfinite(x) && x > 0.0)
        return GANSTAB_OK;
    return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                             "%s: expected a positive number, got %.17g (scheme %s)", name, x,
                             ganstab_scheme_name(u->scheme));
}

static int finite(double x, const char *name, ganstab_error *err)
{
    if (isfinite(x))
        return GANSTAB_OK;
    return ganstab_error_set(err, GANSTAB_EINVAL, "update", "%s: expected a finite number", name);
}

/* Does the scheme (or its lookahead base) move the generator and the discriminator apart? */
static int splits_players(const ganstab_update *u)
{
    ganstab_scheme s = u->scheme == GANSTAB_SCHEME_LOOKAHEAD ? u->base : u->scheme;
    return s == GANSTAB_SCHEME_ALTGD || s == GANSTAB_SCHEME_TTUR || s == GANSTAB_SCHEME_CGD ||
           (u->scheme == GANSTAB_SCHEME_MOMENTUM && u->variant == GANSTAB_VARIANT_ALTERNATING);
}

static int check_one(const ganstab_update *u, ganstab_scheme s, ganstab_error *err)
{
    int rc = GANSTAB_OK;
    switch (s) {
    case GANSTAB_SCHEME_FLOW:
        return GANSTAB_OK;
    case GANSTAB_SCHEME_OPTIMAL:
    case GANSTAB_SCHEME_UNROLLED:
        return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                 "scheme %s is a dynamics of the GMM-GAN (gmm_heatmap.h), not an "
                                 "update rule with an operator",
                                 ganstab_scheme_name(s));
    case GANSTAB_SCHEME_TTUR:
        if ((rc = positive(u->hg, "hg", u, err)) != GANSTAB_OK)
            return rc;
        return positive(u->hd, "hd", u, err);
    case GANSTAB_SCHEME_ALTGD:
        if (u->ng < 1 || u->nd < 1)
            return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                     "ng, nd: expected at least one sub-step each, got %u, %u",
                                     u->ng, u->nd);
        break;
    case GANSTAB_SCHEME_EXTRAGRADIENT:
    case GANSTAB_SCHEME_OPTIMISTIC:
        if (u->he != 0.0 && (rc = positive(u->he, "he", u, err)) != GANSTAB_OK)
            return rc;
        break;
    case GANSTAB_SCHEME_MOMENTUM:
        if ((rc = finite(u->beta, "beta", err)) != GANSTAB_OK)
            return rc;
        break;
    case GANSTAB_SCHEME_COMPLEX_MOMENTUM:
        if ((rc = finite(u->beta, "beta", err)) != GANSTAB_OK ||
            (rc = finite(u->beta_im, "beta_im", err)) != GANSTAB_OK)
            return rc;
        break;
    case GANSTAB_SCHEME_SGA:
        if ((rc = finite(u->lambda, "lambda", err)) != GANSTAB_OK)
            return rc;
        break;
    case GANSTAB_SCHEME_CONOPT:
        if ((rc = positive(u->gamma, "gamma", u, err)) != GANSTAB_OK)
            return rc;
        break;
    default:
        break;
    }
    return positive(u->h, "h", u, err);
}

int ganstab_update_check(const ganstab_update *u, size_t n_g, size_t n_d, ganstab_error *err)
{
    /* lookahead's own step is the interpolation: its base's steps are checked below */
    int rc = u->scheme == GANSTAB_SCHEME_LOOKAHEAD ? GANSTAB_OK : check_one(u, u->scheme, err);
    if (rc != GANSTAB_OK)
        return rc;
    if (u->scheme == GANSTAB_SCHEME_LOOKAHEAD) {
        if (!ganstab_update_is_lookahead_base(u->base))
            return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                     "base: lookahead runs a memoryless scheme (simgd, altgd, "
                                     "ttur, extragradient, sga, cgd or conopt), got %s",
                                     ganstab_scheme_name(u->base));
        if (u->k < 1)
            return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                     "k: expected at least one inner step");
        if (!(u->alpha > 0.0 && u->alpha <= 1.0))
            return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                     "alpha: expected a number in (0, 1], got %.17g", u->alpha);
        if ((rc = check_one(u, u->base, err)) != GANSTAB_OK)
            return rc;
    }
    if (splits_players(u) && (n_g == 0 || n_d == 0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "update",
                                 "%s treats the generator and the discriminator differently: it "
                                 "needs both players (n_g = %zu, n_d = %zu)",
                                 ganstab_scheme_name(u->scheme), n_g, n_d);
    return GANSTAB_OK;
}

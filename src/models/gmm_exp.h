/* e^x for x <= 0, portable and bit-reproducible: the GMM-GAN's Gaussian densities
 * phi(t) = e^(-t^2/2) / sqrt(2 pi) come from here, in the scalar steps (gmm.c) and in the
 * lane-parallel heatmap kernel alike, so both give the same bits, on every x86-64 (and any IEEE
 * double machine), whatever SIMD width the compiler picks.
 *
 * Why not libm's exp: glibc's exp is a scalar call (~200 M/s per core here), which caps the
 * first-order heatmap loop at ~13 M steps/s per core (16 exp per step), and glibc dispatches
 * between FMA and non-FMA variants by CPU, so its last bits may differ between machines. This
 * function uses only +, -, *, comparisons and integer bit operations (no FMA: ISO C mode keeps
 * -ffp-contract=off), so a loop over lanes vectorizes and every lane rounds the same way.
 *
 * Method (Cody & Waite 1980; Tang 1989 without the table): k = round(x / ln 2) by the 1.5 * 2^52
 * shifter, r = x - k ln 2 with ln 2 split into fdlibm's ln2_hi (k * ln2_hi exact for |k| < 2^11)
 * and ln2_lo, |r| <= ln 2 / 2 + 2^-40; e^r by its Taylor polynomial of degree 13 (truncation
 * r^14 / 14! < 5e-18 relative) in Estrin's scheme; 2^k built from its bits. Accuracy: measured
 * within 2.5 ulp of the correctly rounded e^x on [-708, 0] (tests/test_gmm.c, against long double
 * expl). Domain: x <= 0, including -inf. Below GMM_EXP_UNDERFLOW (where e^x < DBL_MIN) the result
 * is 0: absolute error < 2.3e-308, and no subnormal arithmetic in the hot loop. NaN gives NaN (the
 * model's callers detect non-finite fields that way). */
#ifndef GANSTAB_GMM_EXP_H
#define GANSTAB_GMM_EXP_H

#include <stdint.h>
#include <string.h>

/* ln(DBL_MIN) = -1022 ln 2 = -708.396...: at and below -708 the result is flushed to 0
 * (e^-708 = 3.3e-308). */
#define GMM_EXP_UNDERFLOW (-708.0)

static inline double gmm_exp_nonpos(double x)
{
    const double log2e = 1.4426950408889634074;       /* 1 / ln 2 */
    const double shifter = 6755399441055744.0;        /* 1.5 * 2^52 */
    const double ln2_hi = 6.93147180369123816490e-01; /* fdlibm: 0x3fe62e42fee00000 */
    const double ln2_lo = 1.90821492927058770002e-10; /* fdlibm: 0x3dea39ef35793c76 */
    double kd = x * log2e + shifter;                  /* round(x / ln 2) in the low bits */
    uint64_t kbits, sbits, shbits;
    memcpy(&kbits, &kd, sizeof kbits);
    memcpy(&shbits, &shifter, sizeof shbits);
    kd -= shifter;
    double r = (x - kd * ln2_hi) - kd * ln2_lo;
    /* e^r = sum_{i<=13} r^i / i! by Estrin's scheme: the same operation count as Horner's but a
       dependency chain of depth 5 instead of 13, which matters for the scalar callers (gmm.c
       evaluates 8 or 16 densities at a time and waits for them) */
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double a0 = 1.0 + r, a1 = 1.0 / 2.0 + r * (1.0 / 6.0);
    double a2 = 1.0 / 24.0 + r * (1.0 / 120.0), a3 = 1.0 / 720.0 + r * (1.0 / 5040.0);
    double a4 = 1.0 / 40320.0 + r * (1.0 / 362880.0);
    double a5 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);
    double a6 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);
    double b0 = a0 + r2 * a1, b1 = a2 + r2 * a3, b2 = a4 + r2 * a5;
    double c0 = b0 + r4 * b1, c1 = b2 + r4 * a6;
    double p = c0 + r8 * c1;
    /* k = kbits - shbits (two's complement; -1022 <= k <= 0 above the underflow threshold) */
    sbits = (kbits - shbits + UINT64_C(1023)) << 52;
    double scale;
    memcpy(&scale, &sbits, sizeof scale);
    return x <= GMM_EXP_UNDERFLOW ? 0.0 : p * scale; /* NaN: p is NaN */
}

#endif

/* The Markdown printers' shared pieces (md_internal.h): number formatting (10 significant digits,
 * noise printed as 0, eigenvalues to the digits their error bound supports, error sizes as powers
 * of ten), table-cell text and figure images. Calls nothing above src/core. */
#include "md_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Numbers are shown to 10 significant digits: LAPACK and libm differ between CPUs (FMA,
 * vectorized kernels, blocking) in the last few bits of a double, i.e. around the 16th digit;
 * rounding to 10 digits keeps several orders of magnitude between that noise and the digits
 * shown. */
#define MD_NUMBER_FORMAT "%.10g"
/* Error sizes (error bounds, |predicted - computed|, finite-difference differences, residuals)
 * are shown as an upper power of ten; below this they are all rounding noise: "< 1e-15". */
#define MD_ERROR_FLOOR 1e-15
#define MD_ERROR_FLOOR_TEXT "< 1e-15"

/* ---- number formatting ------------------------------------------------------------------ */

/* x to 10 significant digits; |x| < zero_below prints as 0 (and so does -0). */
void ganstab_md_fmt_number(char *buf, size_t size, double x, double zero_below)
{
    if (isnan(x)) {
        snprintf(buf, size, "—");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, "%s∞", x < 0 ? "−" : "");
        return;
    }
    if (fabs(x) < zero_below || x == 0.0)
        x = 0.0;
    snprintf(buf, size, MD_NUMBER_FORMAT, x);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
    /* "1e-07" -> "1e-7": C pads the exponent to two digits, readers do not need that. */
    char *e = strchr(buf, 'e');
    if (e != NULL) {
        char *digits = e + 1 + (e[1] == '-' || e[1] == '+');
        char *first = digits;
        while (*first == '0' && first[1] != '\0')
            first++;
        memmove(digits, first, strlen(first) + 1);
        if (e[1] == '+')
            memmove(e + 1, e + 2, strlen(e + 2) + 1);
    }
}

/* A value known to within `bound`: digits below the bound are noise that differs between CPUs
 * (e.g. a defective double eigenvalue split by ~1e-8), so it is rounded to the bound's decade,
 * and shown as 0 when |x| <= bound. At most 10 significant digits (MD_NUMBER_FORMAT). */
void ganstab_md_fmt_bounded(char *buf, size_t size, double x, double bound, double zero_below)
{
    if (!(bound > 0.0) || !isfinite(x) || !isfinite(bound)) {
        ganstab_md_fmt_number(buf, size, x, zero_below);
        return;
    }
    if (fabs(x) <= bound) {
        snprintf(buf, size, "0");
        return;
    }
    int digits = (int)floor(log10(fabs(x))) - (int)floor(log10(bound));
    if (digits >= 10) {
        ganstab_md_fmt_number(buf, size, x, zero_below);
        return;
    }
    if (digits < 1)
        digits = 1;
    char fmt[16];
    snprintf(fmt, sizeof fmt, "%%.%dg", digits);
    snprintf(buf, size, fmt, x);
    char tmp[MD_NUM_BUF];
    ganstab_md_fmt_number(tmp, sizeof tmp, strtod(buf, NULL), zero_below);
    snprintf(buf, size, "%s", tmp);
}

/* An eigenvalue with its error bound: "-0.25 + 0.4330127019i", each part rounded by
 * fmt_bounded. */
void ganstab_md_fmt_eigenvalue(char *buf, size_t size, double re, double im, double bound,
                               double zero_below)
{
    char a[MD_NUM_BUF], b[MD_NUM_BUF];
    ganstab_md_fmt_bounded(a, sizeof a, re, bound, zero_below);
    ganstab_md_fmt_bounded(b, sizeof b, fabs(im), bound, zero_below);
    int re_zero = strcmp(a, "0") == 0, im_zero = strcmp(b, "0") == 0;
    if (im_zero)
        snprintf(buf, size, "%s", a);
    else if (re_zero)
        snprintf(buf, size, "%s%si", im < 0 ? "-" : "", b);
    else
        snprintf(buf, size, "%s %c %si", a, im < 0 ? '-' : '+', b);
}

/* 10^k, correctly rounded (strtod), so that the comparisons below do not depend on libm. */
static double power_of_ten(int k)
{
    char text[16];
    snprintf(text, sizeof text, "1e%d", k);
    return strtod(text, NULL);
}

/* An error size as the smallest power of ten not below it: "≤ 1e-12"; "< 1e-15"; "0". */
void ganstab_md_fmt_error_size(char *buf, size_t size, double x)
{
    x = fabs(x);
    if (isnan(x)) {
        snprintf(buf, size, "—");
        return;
    }
    if (isinf(x)) {
        snprintf(buf, size, "∞");
        return;
    }
    if (x == 0.0) {
        snprintf(buf, size, "0");
        return;
    }
    if (x < MD_ERROR_FLOOR) {
        snprintf(buf, size, MD_ERROR_FLOOR_TEXT);
        return;
    }
    /* log10 only gives the first guess; the exact comparisons decide (x = 1e-12 must print
     * as "≤ 1e-12" on every libm). */
    int k = (int)ceil(log10(x));
    while (power_of_ten(k - 1) >= x)
        k--;
    while (power_of_ten(k) < x)
        k++;
    snprintf(buf, size, "≤ 1e%d", k);
}

/* ---- Markdown building blocks ----------------------------------------------------------- */

/* Text inside a table cell: '|' would end the cell, a newline the row. */
void ganstab_md_put_cell_text(FILE *out, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (*s == '|')
            fputs("\\|", out);
        else if (*s == '\n' || *s == '\r')
            fputc(' ', out);
        else
            fputc(*s, out);
    }
}

void ganstab_md_put_figure(FILE *out, const ganstab_report_figure *f)
{
    fputs("![", out);
    for (const char *p = f->caption; *p != '\0'; p++)
        if (*p != '[' && *p != ']' && *p != '\n')
            fputc(*p, out);
    fprintf(out, "](%s)\n\n", f->file);
}

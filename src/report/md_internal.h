/* Private to src/report: the Markdown printers' shared number formatting (md_format.c), so that
 * every report rounds the same way (10 significant digits, noise printed as 0, eigenvalues to
 * the digits their error bound supports, error sizes as powers of ten). */
#ifndef GANSTAB_MD_INTERNAL_H
#define GANSTAB_MD_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "ganstab/case.h"
#include "ganstab/io.h"

/* Buffers that hold any number, and any eigenvalue, these functions format. */
#define MD_NUM_BUF 64
#define MD_CPLX_BUF 160

/* x to 10 significant digits; |x| < zero_below prints as 0; NaN as "—", infinities as "∞". */
void ganstab_md_fmt_number(char *buf, size_t size, double x, double zero_below);
/* x known to within bound: rounded to the bound's decade, 0 when |x| <= bound. */
void ganstab_md_fmt_bounded(char *buf, size_t size, double x, double bound, double zero_below);
/* "re ± im i", each part as ganstab_md_fmt_bounded. */
void ganstab_md_fmt_eigenvalue(char *buf, size_t size, double re, double im, double bound,
                               double zero_below);
/* "≤ 1e-12", "< 1e-15", "0". */
void ganstab_md_fmt_error_size(char *buf, size_t size, double x);
/* Text inside a table cell ('|' escaped, newlines as blanks). */
void ganstab_md_put_cell_text(FILE *out, const char *s);
/* The report's parameter table of the case (markdown.c). */
int ganstab_md_put_parameters(FILE *out, const ganstab_case *c, ganstab_error *err);

/* A figure as a Markdown image: "![caption](file)" and a blank line ('[', ']' and newlines left
 * out of the caption). */
void ganstab_md_put_figure(FILE *out, const ganstab_report_figure *f);

/* "Derivations of the closed forms" (heading level `level`): ganstab_claim_derivation of each
 * distinct id that has one; nothing if none has. */
void ganstab_md_derivations(FILE *out, int level, const char *const *ids, size_t n);

#endif

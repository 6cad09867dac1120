/* The papers' claims as data: each has an id, the paper's statement in one line, a predicate
 * saying when it applies to a case, and a prediction computed from the paper's formula (never
 * from the engine). Checking compares the prediction with the engine's result.
 * Returned arrays are malloc'ed; free with free(). Strings are static storage. */
#ifndef GANSTAB_CLAIMS_H
#define GANSTAB_CLAIMS_H

#include <stddef.h>

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/critical.h"
#include "ganstab/study.h"

#define GANSTAB_CLAIM_MAX_EIGENVALUES 8
/* Room for a claim's predicted/computed text (a few numbers with their labels). */
#define GANSTAB_CLAIM_TEXT_MAX 320

typedef enum {
    GANSTAB_CLAIM_SPECTRUM_FIELD = 0, /* predicts the eigenvalues of J */
    GANSTAB_CLAIM_SPECTRUM_OPERATOR   /* predicts the eigenvalues of the update operator */
} ganstab_claim_spectrum;

/* One applicable claim, checked against one analysis result. */
typedef struct {
    const char *id;        /* "mescheder2018:lemma-3.3" */
    const char *statement; /* the paper's statement, one line */
    const char *source;    /* "Mescheder et al. 2018, Lemma 3.3, eq. (8)" */
    ganstab_claim_spectrum spectrum;
    size_t n_predicted;
    double predicted_re[GANSTAB_CLAIM_MAX_EIGENVALUES];
    double predicted_im[GANSTAB_CLAIM_MAX_EIGENVALUES];
    /* the claim bounds the real parts instead (Nagarajan & Kolter 2017, Theorems 3.1, 3.2):
     * every eigenvalue of J with Im = 0 has Re <= re_bound_real, every other Re <=
     * re_bound_complex; re_bound_margin = min over eigenvalues of (bound - Re), how far inside */
    int has_re_bound;
    double re_bound_real, re_bound_complex, re_bound_margin;
    /* a claim checked on other quantities than the spectrum (e.g. a Hessian's sign): what was
     * predicted and what the engine computed, one line each ("" if unused) */
    char predicted_text[GANSTAB_CLAIM_TEXT_MAX];
    char computed_text[GANSTAB_CLAIM_TEXT_MAX];
    /* a check that compares matrices entrywise (not eigenvalues) reports the largest entry
     * difference in max_abs_error and sets this */
    int compares_entries;
    int has_verdict;       /* the claim also predicts the verdict ... */
    unsigned verdict_mask; /* ... as a set: bit (1u << ganstab_verdict) */
    /* computed eigenvalue paired with prediction j: an index into the compared spectrum
     * (field or operator eigenvalues of the result), SIZE_MAX if none */
    size_t matched[GANSTAB_CLAIM_MAX_EIGENVALUES];
    double max_abs_error; /* max over matched eigenvalue pairs of |predicted - computed| (or
                             over matrix entries: compares_entries) */
    int agrees;           /* every pair within (error_bound + tol), verdict in the set */
} ganstab_claim_check;

int ganstab_claims_check(const ganstab_case *c, const ganstab_result *r, ganstab_claim_check **out,
                         size_t *count, ganstab_error *err);

/* A critical value a claim predicts for parameter `key`, checked against found crossings. */
typedef struct {
    const char *id;
    const char *statement;
    const char *source;
    double predicted; /* the paper's (or derived) value */
    ganstab_crossing_kind kind;
    ganstab_crossing_type type;
    int found;       /* a crossing of that kind and type was found */
    double computed; /* nearest such crossing's value (NAN if none) */
    double abs_error;
    int agrees; /* found and |computed - predicted| <= GANSTAB_CLAIM_CRITICAL_TOL*max(1,|predicted|)
                 */
} ganstab_claim_critical;

/* Crossings are located to 1e-12 (critical.h); 1e-10 is the accuracy the claims promise. */
#define GANSTAB_CLAIM_CRITICAL_TOL 1e-10

/* Claims that predict a critical value of `key` inside (from, to), checked against
 * crossings[0..ncross). */
int ganstab_claims_check_critical(const ganstab_case *c, ganstab_case_key key, double from,
                                  double to, const ganstab_crossing *crossings, size_t ncross,
                                  ganstab_claim_critical **out, size_t *count, ganstab_error *err);

/* 1 if every check agrees. */
int ganstab_claims_all_agree(const ganstab_claim_check *checks, size_t n);

/* ---- parameter studies (study.h) ---------------------------------------------------------- */

/* A claim's closed-form boundary checked on a stability map: on every searched grid line (a row
 * when x is continuous, a column when y is) the claim's critical values of the varied parameter
 * (the same predict_critical as for `critical`, evaluated with the line's fixed value) are compared
 * with the boundary points located on that line (same kind and type, nearest). */
typedef struct {
    const char *id;
    const char *statement;
    const char *source;
    size_t lines;       /* grid lines with at least one predicted value inside the map */
    size_t predicted;   /* predicted values inside the map (and outside its not-stationary parts) */
    size_t found;       /* ... matched by a computed point of that kind and type on the line */
    size_t unexplained; /* verdict-changing stability points on those lines that none of the
                           claim's predictions matches (a boundary the closed form does not have) */
    double max_abs_error;    /* over the found ones: |computed - predicted| */
    double worst_x, worst_y; /* where that largest error is (the predicted point) */
    int agrees;              /* every prediction found within GANSTAB_CLAIM_CRITICAL_TOL *
                                max(1, |value|), nothing unexplained */
} ganstab_claim_boundary;

int ganstab_claims_check_map(const ganstab_case *c, const ganstab_stability_map *m,
                             ganstab_claim_boundary **out, size_t *count, ganstab_error *err);

/* A claim's closed-form optimum (the parameter value that minimizes the spectral radius, or the
 * spectral abscissa of a flow) against ganstab_study_optimize's. */
typedef struct {
    const char *id;
    const char *statement;
    const char *source;
    double predicted_argmin, predicted_objective;
    const char *predicted_kind; /* "smooth" or "kink" (ganstab_optimum_kind_name) */
    double computed_argmin, computed_objective;
    double objective_at_computed; /* the closed form's objective at the computed argmin */
    double argmin_error;          /* |computed - predicted| argmin */
    double objective_error;       /* |computed objective - objective_at_computed| */
    int agrees; /* argmin within GANSTAB_CLAIM_CRITICAL_TOL * max(1, |argmin|), objective within
                   the decisive eigenvalue's error bound + tol of the closed form there */
} ganstab_claim_optimum;

int ganstab_claims_check_optimum(const ganstab_case *c, const ganstab_optimum *o,
                                 ganstab_claim_optimum **out, size_t *count, ganstab_error *err);

/* A claim about an optimizer comparison (compare.h) of the unregularized bilinear Dirac-GAN
 * (J = [[0, -a], [a, 0]], a = f'(0)): the exact stable set in h of one optimizer, or a known fact
 * comparing two optimizers (rows `row` and `other`). Every predicted end of a stable set must
 * match a verdict change the comparison located within GANSTAB_CLAIM_CRITICAL_TOL * max(1, h),
 * and the stable segments must be exactly the predicted ones. */
#define GANSTAB_CLAIM_COMPARE_MAX_ENDS 8
typedef struct {
    char id[64];
    const char *source;
    char statement[512];
    size_t row, other; /* other: SIZE_MAX if the claim concerns one optimizer */
    size_t npred;      /* predicted ends of stable intervals in (from, to) */
    double pred[GANSTAB_CLAIM_COMPARE_MAX_ENDS];
    char predicted[256], computed[256]; /* as text */
    double max_abs_error;               /* over the predicted ends (0 if none) */
    int agrees;
} ganstab_claim_compare;

#include "ganstab/compare.h"
int ganstab_claims_check_compare(const ganstab_case *c, const ganstab_compare_options *opt,
                                 const ganstab_compare_row *rows, size_t n,
                                 ganstab_claim_compare **out, size_t *count, ganstab_error *err);

/* The derivation of a derived closed form (Markdown, a few paragraphs; static storage), for the
 * reports; NULL if the claim has none written out. */
const char *ganstab_claim_derivation(const char *id);

#endif

/* Internals of the case layer (src/case/): the declarative key table and helpers the files
 * of the layer share. Not installed; nothing outside src/case/ includes it. */
#ifndef GANSTAB_CASE_INTERNAL_H
#define GANSTAB_CASE_INTERNAL_H

#include "ganstab/case.h"

typedef enum {
    KEY_TEXT,
    KEY_CHOICE,
    KEY_NUMBER,
    KEY_COUNT,
    KEY_LQ,
    KEY_GMM,
    KEY_SIM,
    KEY_AXIS,
    KEY_HEATMAP,
    KEY_EXPR,   /* [model] texts of model expr (and nodes), checked in ganstab_case_validate */
    KEY_EXPECT, /* [critical] expect */
    KEY_STUDY,  /* [sweep], [map], [optimize]: set_study_key */
    KEY_PLOT,
    KEY_COMPARE, /* [compare] optimizer: repeatable, checked in ganstab_case_validate */
    KEY_MATRIX   /* [model] of model matrix: set_matrix_key, validate_matrix */
} key_type;

/* The real-valued parameters `critical`, `sweep`, `map` and `optimize` vary (besides
 * params.NAME), for messages. */
#define REAL_PARAMS                                                                                \
    "regularizer.gamma, regularizer.sigma, regularizer.g0, regularizer.eta, update.h, update.hg, " \
    "update.hd, update.he, update.beta, update.beta_im, update.alpha, update.lambda, "             \
    "update.gamma"
#define INTEGER_PARAMS "update.ng, update.nd, update.k"

/* Domain of a numeric key. */
typedef enum { DOM_ANY, DOM_NONNEG, DOM_POSITIVE } number_domain;

/* The type of the case member a number or count key is stored in (CASE_FIELD_NONE: the key's
 * setter stores it itself). */
typedef enum {
    CASE_FIELD_NONE = 0,
    CASE_FIELD_DOUBLE,
    CASE_FIELD_UNSIGNED,
    CASE_FIELD_SIZE
} case_field;

typedef struct {
    const char *name; /* SECTION.KEY */
    const char *section;
    const char *key;
    key_type type;
    number_domain domain;
    const char *choices; /* KEY_CHOICE: '|'-separated accepted values */
    const char *planned; /* KEY_CHOICE: '|'-separated values that are planned, not built yet */
    case_field field;    /* KEY_NUMBER, KEY_COUNT: the member's type */
    size_t offset;       /* ... and offsetof(ganstab_case, member) */
    int param;           /* a real parameter the studies vary (ganstab_case_param_ptr) */
} ganstab_case_key_spec;

/* Indexed by ganstab_case_key (keys.c). */
extern const ganstab_case_key_spec ganstab_case_key_table[GANSTAB_CASE_NKEYS];

/* Does the update (or its lookahead base) run scheme s? */
static inline int ganstab_case_scheme_runs(const ganstab_update *u, ganstab_scheme s)
{
    return u->scheme == s || (u->scheme == GANSTAB_SCHEME_LOOKAHEAD && u->base == s);
}

/* keys.c */
const char *ganstab_case_domain_text(number_domain d);
/* Index of [params] NAME in c, or -1. */
int ganstab_case_find_param(const ganstab_case *c, const char *name);
/* params.c: the double a numeric parameter key is held in (NULL: not a real parameter) */
double *ganstab_case_param_ptr(ganstab_case *c, ganstab_case_key key);
/* NULL if [update] key `key` matters to the case's update rule, else why not (static text). */
const char *ganstab_case_update_key_why(const ganstab_case *c, ganstab_case_key key);
/* set.c: the names and values [critical] expect formulas may use */
size_t ganstab_case_expect_scope(const ganstab_case *c, const char **names, double *values);

#endif

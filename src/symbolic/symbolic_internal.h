/* Internals shared by the files of src/symbolic/: function ids and node construction. */
#ifndef GANSTAB_SYMBOLIC_INTERNAL_H
#define GANSTAB_SYMBOLIC_INTERNAL_H

#include "ganstab/symbolic.h"

/* Function ids: the order of the table in functions.c. */
enum {
    SYM_FN_EXP = 0,
    SYM_FN_LOG,
    SYM_FN_SQRT,
    SYM_FN_SIN,
    SYM_FN_COS,
    SYM_FN_TAN,
    SYM_FN_COT,
    SYM_FN_SEC,
    SYM_FN_CSC,
    SYM_FN_ASIN,
    SYM_FN_ACOS,
    SYM_FN_ATAN,
    SYM_FN_ACOT,
    SYM_FN_ASEC,
    SYM_FN_ACSC,
    SYM_FN_SINH,
    SYM_FN_COSH,
    SYM_FN_TANH,
    SYM_FN_COTH,
    SYM_FN_SECH,
    SYM_FN_CSCH,
    SYM_FN_ASINH,
    SYM_FN_ACOSH,
    SYM_FN_ATANH,
    SYM_FN_ACOTH,
    SYM_FN_ASECH,
    SYM_FN_ACSCH,
    SYM_FN_ABS,
    SYM_FN_ERF,
    SYM_FN_STEP,     /* libmatheval only: its derivative of abs */
    SYM_FN_DELTA,    /* libmatheval only: its derivative of step */
    SYM_FN_NANDELTA, /* libmatheval only: its derivative of delta */
    SYM_FN_F,        /* loss helpers (Mescheder et al. 2018, eq. (1)) */
    SYM_FN_FNS,
    SYM_FN_FW,
    SYM_FN_COUNT
};

/* The id of the function named by name[0..len), or -1. */
int sym_function_lookup(const char *name, size_t len);
/* 1: a function of the formula language and of libmatheval; 0: libmatheval's only; 2: a loss
 * helper of the formula language, expanded before libmatheval sees it (functions.c). */
int sym_function_user(int id);

/* Append a node; its index, or -1 when out of memory. */
int sym_add_node(ganstab_sym *s, ganstab_sym_kind kind, int a, int b, int index, double number,
                 size_t column);

/* The value of the subtree at node (eval.c). */
double sym_value_node(const ganstab_sym *s, int node, const double *vars);

#endif

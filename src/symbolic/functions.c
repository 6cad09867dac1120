/* The function table of the formula language (symbolic_internal.h's ids): names and who may call
 * each, shared by the parser, the evaluators and the printer. */
#include "ganstab/symbolic.h"

#include <string.h>

#include "symbolic_internal.h"

/* Function ids (symbolic_internal.h) in the order of this table. `user`: 1 a function of the
 * formula language and of libmatheval, 0 libmatheval's only (it writes the derivatives of abs
 * with them), 2 a loss helper of the formula language, expanded before libmatheval sees it. */
static const struct {
    const char *name;
    int user;
} FUNCTIONS[SYM_FN_COUNT] = {
    [SYM_FN_EXP] = {"exp", 1},     [SYM_FN_LOG] = {"log", 1},
    [SYM_FN_SQRT] = {"sqrt", 1},   [SYM_FN_SIN] = {"sin", 1},
    [SYM_FN_COS] = {"cos", 1},     [SYM_FN_TAN] = {"tan", 1},
    [SYM_FN_COT] = {"cot", 1},     [SYM_FN_SEC] = {"sec", 1},
    [SYM_FN_CSC] = {"csc", 1},     [SYM_FN_ASIN] = {"asin", 1},
    [SYM_FN_ACOS] = {"acos", 1},   [SYM_FN_ATAN] = {"atan", 1},
    [SYM_FN_ACOT] = {"acot", 1},   [SYM_FN_ASEC] = {"asec", 1},
    [SYM_FN_ACSC] = {"acsc", 1},   [SYM_FN_SINH] = {"sinh", 1},
    [SYM_FN_COSH] = {"cosh", 1},   [SYM_FN_TANH] = {"tanh", 1},
    [SYM_FN_COTH] = {"coth", 1},   [SYM_FN_SECH] = {"sech", 1},
    [SYM_FN_CSCH] = {"csch", 1},   [SYM_FN_ASINH] = {"asinh", 1},
    [SYM_FN_ACOSH] = {"acosh", 1}, [SYM_FN_ATANH] = {"atanh", 1},
    [SYM_FN_ACOTH] = {"acoth", 1}, [SYM_FN_ASECH] = {"asech", 1},
    [SYM_FN_ACSCH] = {"acsch", 1}, [SYM_FN_ABS] = {"abs", 1},
    [SYM_FN_ERF] = {"erf", 1},     [SYM_FN_STEP] = {"step", 0},
    [SYM_FN_DELTA] = {"delta", 0}, [SYM_FN_NANDELTA] = {"nandelta", 0},
    [SYM_FN_F] = {"f", 2},         [SYM_FN_FNS] = {"fns", 2},
    [SYM_FN_FW] = {"fw", 2},
};

const char *ganstab_sym_function_name(int id)
{
    return id >= 0 && id < SYM_FN_COUNT ? FUNCTIONS[id].name : NULL;
}

int ganstab_sym_function_id(const char *name)
{
    for (int i = 0; i < SYM_FN_COUNT; i++)
        if (strcmp(FUNCTIONS[i].name, name) == 0)
            return i;
    return -1;
}

int sym_function_lookup(const char *name, size_t len)
{
    for (int i = 0; i < SYM_FN_COUNT; i++)
        if (strlen(FUNCTIONS[i].name) == len && strncmp(FUNCTIONS[i].name, name, len) == 0)
            return i;
    return -1;
}

int sym_function_user(int id)
{
    return FUNCTIONS[id].user;
}

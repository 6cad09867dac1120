/* Model expr (expr.h): formulas -> libmatheval's symbolic derivatives -> exact evaluation trees.
 *
 * A payoff L defines the game field v = (-grad_theta L, +grad_psi L) (DESIGN.md; with a
 * separate generator objective L_G the generator rows are -grad_theta L_G), a field formula
 * defines v = F (flow) or v = F - x (map: x+ = F(x) is the update x+ = x + v(x)). Formulas are
 * split into their top-level terms and the terms grouped by the data variables they use; a
 * group's terms are one libmatheval expression whose derivatives are averaged over the
 * quadrature of exactly those variables (a term without data variables is evaluated once).
 * libmatheval's derivative texts are parsed back and simplified exactly (symbolic.h) before they
 * are evaluated, here, without libmatheval. */
#include "ganstab/expr.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_multiroots.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ganstab/analysis.h"
#include "ganstab/quadrature.h"
#include "ganstab/symbolic.h"

#define MAX_STATE GANSTAB_EXPR_MAX_STATE
#define MAX_DATA GANSTAB_EXPR_MAX_DATA
#define MAX_PARAMS GANSTAB_EXPR_MAX_PARAMS
#define MAX_SCOPE (MAX_STATE + MAX_DATA + MAX_PARAMS)
/* Sources: L and L_G of a payoff, or the n components of a field. */
#define MAX_SOURCES MAX_STATE
/* Term groups: one per distinct set of data variables used by a term. */
#define MAX_GROUPS (1 << MAX_DATA)
#define MAX_TERMS 256

typedef enum { DIST_UNIFORM = 0, DIST_NORMAL } dist_kind;

typedef struct {
    char name[GANSTAB_SYM_NAME_MAX];
    dist_kind kind;
    double a, b; /* uniform(a, b) or normal(mean a, standard deviation b) */
} data_var;

/* What a spec says, checked and parsed (no libmatheval yet). */
typedef struct {
    size_t n, n_g, m, P;
    char names[MAX_SCOPE][GANSTAB_SYM_NAME_MAX]; /* states, data, params */
    const char *scope_names[MAX_SCOPE];
    double param_values[MAX_PARAMS];
    data_var data[MAX_DATA];
    int payoff;
    size_t nsources;
    ganstab_sym source[MAX_SOURCES];
    const char *source_key[MAX_SOURCES]; /* "payoff", "generator_payoff", "field" */
    const char *source_where[MAX_SOURCES];
    size_t source_item[MAX_SOURCES]; /* field: the component's number (1-based), else 0 */
    int has_equilibrium;             /* equilibrium (else guess) */
    ganstab_sym point[MAX_STATE];    /* equilibrium or guess items, over the params */
    const char *point_key, *point_where;
} parsed_spec;

static void parsed_free(parsed_spec *ps)
{
    for (size_t s = 0; s < ps->nsources; s++)
        ganstab_sym_free(&ps->source[s]);
    for (size_t i = 0; i < ps->n; i++)
        ganstab_sym_free(&ps->point[i]);
}

static const char *where_or(const ganstab_expr_text *t)
{
    return t->where != NULL ? t->where : "model";
}

/* Prefix a parser message with the key, and locate it. */
static int key_error(ganstab_error *err, int code, const char *where, const char *key,
                     const char *item)
{
    if (err == NULL)
        return code;
    char message[GANSTAB_ERROR_MESSAGE_MAX];
    snprintf(message, sizeof message, "%s", err->message);
    return ganstab_error_set(err, code, where, "key '%s': %s%s", key, item != NULL ? item : "",
                             message);
}

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* Split text at sep into items: start offsets and lengths (blanks trimmed). Returns the count
 * (up to max + 1, so "too many" shows). */
static size_t split(const char *text, char sep, size_t *start, size_t *len, size_t max)
{
    size_t count = 0, pos = 0, total = strlen(text);
    for (;;) {
        size_t end = pos;
        while (end < total && text[end] != sep)
            end++;
        size_t a = pos, b = end;
        while (a < b && is_blank(text[a]))
            a++;
        while (b > a && is_blank(text[b - 1]))
            b--;
        if (count < max) {
            start[count] = a;
            len[count] = b - a;
        }
        if (count <= max)
            count++;
        if (end >= total)
            break;
        pos = end + 1;
    }
    return count;
}

/* A comma-separated list of new names into ps->names from index *count. */
static int parse_names(const ganstab_expr_text *t, const char *key, parsed_spec *ps, size_t *count,
                       size_t limit, ganstab_error *err)
{
    size_t start[MAX_STATE + 1], len[MAX_STATE + 1];
    size_t k = split(t->text, ',', start, len, MAX_STATE);
    if (*count + k > limit)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_or(t),
                                 "key '%s': more than %d state variables in all", key, MAX_STATE);
    for (size_t i = 0; i < k; i++) {
        const char *name = t->text + start[i];
        if (len[i] == 0)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_or(t),
                                     "key '%s': empty name at column %zu (names are separated "
                                     "by commas)",
                                     key, start[i] + 1);
        if (!ganstab_sym_is_identifier(name, len[i]))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_or(t),
                                     "key '%s': '%.*s' at column %zu is not a name (a letter, "
                                     "then letters, digits or _, at most %d characters)",
                                     key, (int)len[i], name, start[i] + 1,
                                     GANSTAB_SYM_NAME_MAX - 1);
        char buf[GANSTAB_SYM_NAME_MAX];
        memcpy(buf, name, len[i]);
        buf[len[i]] = '\0';
        if (ganstab_sym_reserved(buf))
            return ganstab_error_set(err, GANSTAB_EINVAL, where_or(t),
                                     "key '%s': '%s' at column %zu is reserved (a function or a "
                                     "constant of the formulas)",
                                     key, buf, start[i] + 1);
        for (size_t j = 0; j < *count; j++)
            if (strcmp(ps->names[j], buf) == 0)
                return ganstab_error_set(err, GANSTAB_EINVAL, where_or(t),
                                         "key '%s': '%s' at column %zu is named twice", key, buf,
                                         start[i] + 1);
        snprintf(ps->names[*count], GANSTAB_SYM_NAME_MAX, "%s", buf);
        (*count)++;
    }
    return GANSTAB_OK;
}

/* A finite number that is the whole of text[0..len). */
static int parse_number(const char *text, size_t len, double *x)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    char *end = NULL;
    *x = strtod(buf, &end);
    return end != NULL && *end == '\0' && isfinite(*x);
}

/* data = "x ~ uniform(A, B); z ~ normal(M, S)" */
static int parse_data(const ganstab_expr_text *t, parsed_spec *ps, ganstab_error *err)
{
    size_t start[MAX_DATA + 1], len[MAX_DATA + 1];
    size_t k = split(t->text, ';', start, len, MAX_DATA);
    const char *where = where_or(t);
    if (k > MAX_DATA)
        return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                 "key 'data': more than %d data variables", MAX_DATA);
    for (size_t i = 0; i < k; i++) {
        const char *item = t->text + start[i];
        size_t col = start[i] + 1, n = len[i];
        const char *tilde = memchr(item, '~', n);
        const char *open = tilde != NULL ? memchr(tilde, '(', n - (size_t)(tilde - item)) : NULL;
        const char *close = open != NULL ? memchr(open, ')', n - (size_t)(open - item)) : NULL;
        const char *comma =
            open != NULL && close != NULL ? memchr(open, ',', (size_t)(close - open)) : NULL;
        if (tilde == NULL || open == NULL || close == NULL || comma == NULL ||
            close != item + n - 1)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'data': expected 'NAME ~ uniform(A, B)' or 'NAME ~ "
                                     "normal(MEAN, SD)' at column %zu, got '%.*s' (variables "
                                     "are separated by ';')",
                                     col, (int)n, item);
        size_t a = 0, b = (size_t)(tilde - item);
        while (b > a && is_blank(item[b - 1]))
            b--;
        ganstab_expr_text nt = {NULL, where};
        char name[GANSTAB_SYM_NAME_MAX];
        if (b - a >= sizeof name || b == a)
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'data': expected a variable name at column %zu", col);
        memcpy(name, item, b);
        name[b] = '\0';
        nt.text = name;
        size_t count = ps->n + ps->m;
        int rc = parse_names(&nt, "data", ps, &count, MAX_STATE + MAX_DATA, err);
        if (rc != GANSTAB_OK)
            return rc;
        data_var *d = &ps->data[ps->m];
        memcpy(d->name, name, b + 1);
        const char *w = tilde + 1;
        while (is_blank(*w))
            w++;
        size_t wl = (size_t)(open - w);
        while (wl > 0 && is_blank(w[wl - 1]))
            wl--;
        if (wl == 7 && strncmp(w, "uniform", 7) == 0)
            d->kind = DIST_UNIFORM;
        else if (wl == 6 && strncmp(w, "normal", 6) == 0)
            d->kind = DIST_NORMAL;
        else
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'data': unknown distribution '%.*s' at column %zu "
                                     "(expected uniform or normal)",
                                     (int)wl, w, col + (size_t)(w - item));
        const char *p1 = open + 1, *p2 = comma + 1;
        size_t l1 = (size_t)(comma - p1), l2 = (size_t)(close - p2);
        while (l1 > 0 && is_blank(*p1))
            p1++, l1--;
        while (l1 > 0 && is_blank(p1[l1 - 1]))
            l1--;
        while (l2 > 0 && is_blank(*p2))
            p2++, l2--;
        while (l2 > 0 && is_blank(p2[l2 - 1]))
            l2--;
        if (!parse_number(p1, l1, &d->a) || !parse_number(p2, l2, &d->b))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'data': expected two finite numbers in '%.*s' at "
                                     "column %zu",
                                     (int)(close - open + 1), open, col + (size_t)(open - item));
        if (d->kind == DIST_UNIFORM && !(d->a < d->b))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'data': uniform(A, B) needs A < B, got uniform(%g, %g) "
                                     "at column %zu",
                                     d->a, d->b, col);
        if (d->kind == DIST_NORMAL && !(d->b > 0.0))
            return ganstab_error_set(err, GANSTAB_EINVAL, where,
                                     "key 'data': normal(MEAN, SD) needs SD > 0, got normal(%g, "
                                     "%g) at column %zu",
                                     d->a, d->b, col);
        ps->m++;
    }
    return GANSTAB_OK;
}

/* One formula of a source into ps->source[ps->nsources]. */
static int parse_source(parsed_spec *ps, const ganstab_expr_text *t, const char *key, size_t offset,
                        size_t len, size_t item, ganstab_error *err)
{
    ganstab_sym_scope scope = {ps->scope_names, ps->n + ps->m + ps->P};
    size_t s = ps->nsources;
    int rc = ganstab_sym_parse(t->text + offset, len, offset, &scope, &ps->source[s], err);
    if (rc != GANSTAB_OK) {
        char label[64] = "";
        if (item > 0)
            snprintf(label, sizeof label, "formula %zu (of state '%s'): ", item,
                     ps->names[item - 1]);
        return key_error(err, rc, where_or(t), key, label);
    }
    ps->source_key[s] = key;
    ps->source_where[s] = where_or(t);
    ps->source_item[s] = item;
    ps->nsources++;
    return GANSTAB_OK;
}

static int parse_spec(const ganstab_expr_spec *sp, parsed_spec *ps, ganstab_error *err)
{
    memset(ps, 0, sizeof *ps);
    int rc = GANSTAB_OK;
    const char *model = sp->where != NULL ? sp->where : "model";
    ps->payoff = sp->payoff.text != NULL;
    if (ps->payoff == (sp->field.text != NULL))
        return ganstab_error_set(err, GANSTAB_EINVAL, ps->payoff ? where_or(&sp->field) : model,
                                 ps->payoff ? "key 'field': a model has a payoff or a field, not "
                                              "both"
                                            : "[model]: missing 'payoff' (a game) or 'field' (a "
                                              "dynamical system)");
    int games = sp->generator.text != NULL || sp->discriminator.text != NULL;
    if (ps->payoff || games) {
        if (sp->state.text != NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_or(&sp->state),
                                     "key 'state': a game names its players' parameters with "
                                     "'generator' and 'discriminator', not 'state'");
        if (sp->generator.text == NULL || sp->discriminator.text == NULL)
            return ganstab_error_set(
                err, GANSTAB_EINVAL,
                where_or(sp->generator.text != NULL ? &sp->generator : &sp->discriminator),
                "[model]: a game needs both 'generator' and 'discriminator' "
                "(comma-separated parameter names)");
        if ((rc = parse_names(&sp->generator, "generator", ps, &ps->n, MAX_STATE, err)) !=
            GANSTAB_OK)
            return rc;
        ps->n_g = ps->n;
        if ((rc = parse_names(&sp->discriminator, "discriminator", ps, &ps->n, MAX_STATE, err)) !=
            GANSTAB_OK)
            return rc;
    } else {
        if (sp->state.text == NULL)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_or(&sp->field),
                                     "[model]: a field needs 'state' (comma-separated variable "
                                     "names) or 'generator' and 'discriminator'");
        if ((rc = parse_names(&sp->state, "state", ps, &ps->n, MAX_STATE, err)) != GANSTAB_OK)
            return rc;
        ps->n_g = ps->n;
    }
    if (sp->generator_payoff.text != NULL && !ps->payoff)
        return ganstab_error_set(err, GANSTAB_EINVAL, where_or(&sp->generator_payoff),
                                 "key 'generator_payoff': only a payoff model has one");
    if (sp->dynamics == GANSTAB_EXPR_MAP && ps->payoff)
        return ganstab_error_set(err, GANSTAB_EINVAL, model,
                                 "key 'dynamics': a payoff defines a game's flow; 'map' needs a "
                                 "'field'");
    if (sp->data.text != NULL && (rc = parse_data(&sp->data, ps, err)) != GANSTAB_OK)
        return rc;
    if (sp->nparams > MAX_PARAMS)
        return ganstab_error_set(err, GANSTAB_EINVAL, model, "more than %d parameters", MAX_PARAMS);
    for (size_t i = 0; i < sp->nparams; i++) {
        const char *name = sp->param_names[i];
        size_t k = ps->n + ps->m + i;
        for (size_t j = 0; j < k; j++)
            if (strcmp(ps->names[j], name) == 0)
                return ganstab_error_set(err, GANSTAB_EINVAL, model,
                                         "[params]: '%s' is also the name of a %s variable", name,
                                         j < ps->n ? "state" : "data");
        snprintf(ps->names[k], GANSTAB_SYM_NAME_MAX, "%s", name);
        ps->param_values[i] = sp->param_values[i];
    }
    ps->P = sp->nparams;
    for (size_t i = 0; i < ps->n + ps->m + ps->P; i++)
        ps->scope_names[i] = ps->names[i];

    if (ps->payoff) {
        rc = parse_source(ps, &sp->payoff, "payoff", 0, strlen(sp->payoff.text), 0, err);
        if (rc == GANSTAB_OK && sp->generator_payoff.text != NULL)
            rc = parse_source(ps, &sp->generator_payoff, "generator_payoff", 0,
                              strlen(sp->generator_payoff.text), 0, err);
    } else {
        size_t start[MAX_STATE + 1], len[MAX_STATE + 1];
        size_t k = split(sp->field.text, ';', start, len, MAX_STATE);
        if (k != ps->n)
            return ganstab_error_set(err, GANSTAB_EINVAL, where_or(&sp->field),
                                     "key 'field': %zu formula%s for %zu state variable%s "
                                     "(formulas are separated by ';' written right after a "
                                     "formula: in a case file ' ;' starts a comment)",
                                     k, k == 1 ? "" : "s", ps->n, ps->n == 1 ? "" : "s");
        for (size_t i = 0; i < k && rc == GANSTAB_OK; i++)
            rc = parse_source(ps, &sp->field, "field", start[i], len[i], i + 1, err);
    }
    if (rc != GANSTAB_OK)
        return rc;

    /* equilibrium or guess: formulas over the parameters */
    if ((sp->equilibrium.text != NULL) == (sp->guess.text != NULL))
        return ganstab_error_set(
            err, GANSTAB_EINVAL, sp->guess.text != NULL ? where_or(&sp->guess) : model,
            sp->guess.text != NULL ? "key 'guess': give the equilibrium or a guess for Newton's "
                                     "method, not both"
                                   : "[model]: missing 'equilibrium' (formulas in the "
                                     "parameters) or 'guess' (a start for Newton's method)");
    const ganstab_expr_text *pt = sp->equilibrium.text != NULL ? &sp->equilibrium : &sp->guess;
    ps->has_equilibrium = sp->equilibrium.text != NULL;
    ps->point_key = ps->has_equilibrium ? "equilibrium" : "guess";
    ps->point_where = where_or(pt);
    size_t start[MAX_STATE + 1], len[MAX_STATE + 1];
    size_t k = split(pt->text, ',', start, len, MAX_STATE);
    if (k != ps->n)
        return ganstab_error_set(err, GANSTAB_EINVAL, ps->point_where,
                                 "key '%s': %zu value%s for %zu state variable%s", ps->point_key, k,
                                 k == 1 ? "" : "s", ps->n, ps->n == 1 ? "" : "s");
    ganstab_sym_scope params = {ps->scope_names + ps->n + ps->m, ps->P};
    for (size_t i = 0; i < k; i++) {
        rc = ganstab_sym_parse(pt->text + start[i], len[i], start[i], &params, &ps->point[i], err);
        if (rc != GANSTAB_OK) {
            /* the parsed points so far are freed by parsed_free (n items) */
            char label[96];
            snprintf(label, sizeof label,
                     "value %zu (of '%s', formulas in the parameters): ", i + 1, ps->names[i]);
            return key_error(err, rc, ps->point_where, ps->point_key, label);
        }
    }
    return GANSTAB_OK;
}

int ganstab_expr_check(const ganstab_expr_spec *sp, size_t *n, size_t *n_g, ganstab_error *err)
{
    parsed_spec *ps = malloc(sizeof *ps);
    if (ps == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    int rc = parse_spec(sp, ps, err);
    if (rc == GANSTAB_OK && n != NULL)
        *n = ps->n;
    if (rc == GANSTAB_OK && n_g != NULL)
        *n_g = ps->n_g;
    parsed_free(ps);
    free(ps);
    return rc;
}

static int tree_uses(const ganstab_sym *t, int index)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->node[i].kind == GANSTAB_SYM_NAME && t->node[i].index == index)
            return 1;
    return 0;
}

int ganstab_expr_uses_param(const ganstab_expr_spec *sp, const char *name, ganstab_error *err)
{
    parsed_spec *ps = malloc(sizeof *ps);
    if (ps == NULL)
        return 0;
    int uses = 0;
    if (parse_spec(sp, ps, err) == GANSTAB_OK) {
        for (size_t i = 0; i < ps->P; i++) {
            if (strcmp(ps->names[ps->n + ps->m + i], name) != 0)
                continue;
            for (size_t s = 0; s < ps->nsources; s++)
                uses = uses || tree_uses(&ps->source[s], (int)(ps->n + ps->m + i));
            for (size_t k = 0; k < ps->n; k++)
                uses = uses || tree_uses(&ps->point[k], (int)i);
        }
    }
    parsed_free(ps);
    free(ps);
    return uses;
}

/* ---- the compiled model ----------------------------------------------------------------- */

typedef struct {
    ganstab_sym tree; /* exact-simplified; variables: states, data, params, constants */
    int zero;         /* identically 0: not evaluated */
} expr_fn;

typedef struct {
    unsigned mask; /* the data variables the group's terms use */
    size_t npoints;
    double *points; /* npoints x m: the data variables' values (unused ones 0) */
    double *weights;
    /* per source: the group's terms of it */
    int *terms[MAX_SOURCES], *signs[MAX_SOURCES];
    size_t nterms[MAX_SOURCES];
    expr_fn *v; /* n */
    expr_fn *J; /* n*n, row-major: J[i*n + j] = dv_i/dx_j */
    expr_fn *H; /* n*n*n: H[(i*n + j)*n + k] = d2 v_i/(dx_j dx_k); NULL without curvature */
} expr_group;

typedef struct {
    parsed_spec ps;
    size_t n, m, P, nvars; /* nvars = n + m + P + constants */
    ganstab_sym_constants k;
    const char *state_ptrs[MAX_STATE];
    double sign[MAX_STATE];
    size_t source_of[MAX_STATE]; /* the source whose derivatives give component i */
    ganstab_expr_dynamics dynamics;
    size_t ngroups;
    expr_group group[MAX_GROUPS];
    int has_curvature;
    unsigned char folded[MAX_SCOPE]; /* variables folded into constant exponents */
    double xstar[MAX_STATE];
    double start[MAX_STATE];
    ganstab_expr_eq_source eq_source;
    int iterations;
    double residual;
} expr_params;

static void fn_free(expr_fn *f, size_t count)
{
    for (size_t i = 0; f != NULL && i < count; i++)
        ganstab_sym_free(&f[i].tree);
    free(f);
}

static void expr_free_params(void *params)
{
    expr_params *p = params;
    if (p == NULL)
        return;
    size_t n = p->n;
    for (size_t g = 0; g < p->ngroups; g++) {
        expr_group *gr = &p->group[g];
        free(gr->points);
        free(gr->weights);
        for (size_t s = 0; s < MAX_SOURCES; s++) {
            free(gr->terms[s]);
            free(gr->signs[s]);
        }
        fn_free(gr->v, n);
        fn_free(gr->J, n * n);
        fn_free(gr->H, n * n * n);
    }
    ganstab_sym_constants_free(&p->k);
    parsed_free(&p->ps);
    free(p);
}

/* The full variable vector of an evaluation: x, the data point, params, constants. */
static void fill_vars(const expr_params *p, const double *x, const double *data, double *vars)
{
    memcpy(vars, x, p->n * sizeof *vars);
    for (size_t d = 0; d < p->m; d++)
        vars[p->n + d] = data != NULL ? data[d] : 0.0;
    memcpy(vars + p->n + p->m, p->ps.param_values, p->P * sizeof *vars);
    if (p->k.n > 0)
        memcpy(vars + p->n + p->m + p->P, p->k.value, p->k.n * sizeof *vars);
}

/* libmatheval's text of evaluator e as an exact evaluation tree. */
static int tree_from(expr_params *p, void *e, expr_fn *out, ganstab_error *err)
{
    char *text = ganstab_sym_matheval_string(e);
    if (text == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    ganstab_sym raw;
    int rc = ganstab_sym_parse_any(text, strlen(text), 0, 1, &raw, err);
    if (rc != GANSTAB_OK) {
        /* libmatheval printed something the parser of its syntax does not read: a bug here */
        char message[GANSTAB_ERROR_MESSAGE_MAX];
        snprintf(message, sizeof message, "%s", err != NULL ? err->message : "");
        free(text);
        return ganstab_error_set(err, GANSTAB_ENUMERIC, "model: libmatheval",
                                 "cannot read its derivative back: %s", message);
    }
    free(text);
    ganstab_sym_scope scope = {p->ps.scope_names, p->n + p->m + p->P};
    rc = ganstab_sym_resolve(&raw, &scope, &p->k, 0, err);
    if (rc == GANSTAB_OK)
        rc = ganstab_sym_simplify(&raw, 0, &out->tree) == GANSTAB_OK
                 ? GANSTAB_OK
                 : ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    ganstab_sym_free(&raw);
    if (rc == GANSTAB_OK) {
        const ganstab_sym_node *r = &out->tree.node[out->tree.root];
        out->zero = r->kind == GANSTAB_SYM_NUMBER && r->number == 0.0;
    }
    return rc;
}

/* A libmatheval evaluator of a simplified tree, to differentiate further (NULL with *rc set on
 * failure). */
static void *refeed(expr_params *p, const expr_fn *f, int *rc, ganstab_error *err)
{
    char *text =
        ganstab_sym_tree_to_matheval(&f->tree, p->n + p->m + p->P, p->ps.scope_names, &p->k);
    void *e = text != NULL ? ganstab_sym_matheval_create(text) : NULL;
    if (e == NULL)
        *rc = text == NULL ? ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory")
                           : ganstab_error_set(err, GANSTAB_ENUMERIC, "model: libmatheval",
                                               "refused a derivative as '%s'", text);
    free(text);
    return e;
}

/* The quadrature rule of a group: the tensor product of the rules of its data variables. */
static int group_rule(expr_params *p, expr_group *gr, size_t nodes, ganstab_error *err)
{
    size_t m = p->m, used[MAX_DATA], nused = 0;
    for (size_t d = 0; d < m; d++)
        if (gr->mask & (1u << d))
            used[nused++] = d;
    size_t npoints = 1;
    for (size_t u = 0; u < nused; u++) {
        npoints *= nodes;
        if (npoints > GANSTAB_EXPR_POINTS_MAX)
            return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                     "key 'data': a term uses %zu data variables: %zu^%zu "
                                     "quadrature points exceed %d (lower model.nodes, or split "
                                     "the term)",
                                     nused, nodes, nused, GANSTAB_EXPR_POINTS_MAX);
    }
    double node[MAX_DATA][GANSTAB_EXPR_NODES_MAX], weight[MAX_DATA][GANSTAB_EXPR_NODES_MAX];
    for (size_t u = 0; u < nused; u++) {
        const data_var *d = &p->ps.data[used[u]];
        if (d->kind == DIST_UNIFORM) {
            gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(nodes);
            if (t == NULL)
                return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            for (size_t i = 0; i < nodes; i++) {
                double xi = 0.0, wi = 0.0;
                gsl_integration_glfixed_point(d->a, d->b, i, &xi, &wi, t);
                node[u][i] = xi;
                weight[u][i] = wi / (d->b - d->a); /* the density of U(a, b) */
            }
            gsl_integration_glfixed_table_free(t);
        } else {
            ganstab_gauss_hermite q;
            int rc = ganstab_gauss_hermite_init(&q, nodes, err);
            if (rc != GANSTAB_OK)
                return rc;
            for (size_t i = 0; i < nodes; i++) {
                node[u][i] = d->a + d->b * q.node[i];
                weight[u][i] = q.weight[i];
            }
        }
    }
    gr->npoints = npoints;
    gr->points = calloc(npoints * (m > 0 ? m : 1), sizeof *gr->points);
    gr->weights = malloc(npoints * sizeof *gr->weights);
    if (gr->points == NULL || gr->weights == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    for (size_t q = 0; q < npoints; q++) {
        size_t rest = q;
        double w = 1.0;
        for (size_t u = 0; u < nused; u++) {
            size_t i = rest % nodes;
            rest /= nodes;
            gr->points[q * m + used[u]] = node[u][i];
            w *= weight[u][i];
        }
        gr->weights[q] = w;
    }
    return GANSTAB_OK;
}

/* Which group (by data mask) each term of each source belongs to. */
static int build_groups(expr_params *p, size_t nodes, ganstab_error *err)
{
    size_t n = p->n;
    for (size_t s = 0; s < p->ps.nsources; s++) {
        const ganstab_sym *src = &p->ps.source[s];
        size_t count = ganstab_sym_terms(src, NULL, NULL, 0);
        if (count > MAX_TERMS)
            return ganstab_error_set(err, GANSTAB_EINVAL, p->ps.source_where[s],
                                     "key '%s': more than %d terms", p->ps.source_key[s],
                                     MAX_TERMS);
        int terms[MAX_TERMS], signs[MAX_TERMS];
        ganstab_sym_terms(src, terms, signs, MAX_TERMS);
        for (size_t t = 0; t < count; t++) {
            unsigned long long uses = ganstab_sym_uses(src, terms[t]);
            unsigned mask = (unsigned)((uses >> n) & ((1ull << p->m) - 1ull));
            size_t g = 0;
            while (g < p->ngroups && p->group[g].mask != mask)
                g++;
            if (g == p->ngroups) {
                p->group[g].mask = mask;
                p->ngroups++;
                int rc = group_rule(p, &p->group[g], nodes, err);
                if (rc != GANSTAB_OK)
                    return rc;
            }
            expr_group *gr = &p->group[g];
            if (gr->terms[s] == NULL) {
                gr->terms[s] = malloc(count * sizeof(int));
                gr->signs[s] = malloc(count * sizeof(int));
                if (gr->terms[s] == NULL || gr->signs[s] == NULL)
                    return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            }
            gr->terms[s][gr->nterms[s]] = terms[t];
            gr->signs[s][gr->nterms[s]] = signs[t];
            gr->nterms[s]++;
        }
    }
    return GANSTAB_OK;
}

/* libmatheval derivatives of one group: v, J (and H) of the components whose source is s. */
static int differentiate(expr_params *p, expr_group *gr, size_t s, ganstab_error *err)
{
    size_t n = p->n, nscope = p->n + p->m + p->P;
    unsigned char foldable[MAX_SCOPE] = {0};
    double values[MAX_SCOPE] = {0};
    for (size_t i = 0; i < p->P; i++) {
        foldable[p->n + p->m + i] = 1;
        values[p->n + p->m + i] = p->ps.param_values[i];
    }
    (void)nscope;
    char *text =
        ganstab_sym_to_matheval_folding(&p->ps.source[s], gr->terms[s], gr->signs[s], gr->nterms[s],
                                        p->ps.scope_names, values, foldable, &p->k, p->folded);
    if (text == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    void *base = ganstab_sym_matheval_create(text);
    if (base == NULL) {
        int rc =
            ganstab_error_set(err, GANSTAB_ENUMERIC, "model: libmatheval",
                              "refused the formula of key '%s' as '%s'", p->ps.source_key[s], text);
        free(text);
        return rc;
    }
    free(text);
    int rc = GANSTAB_OK;
    for (size_t i = 0; i < n && rc == GANSTAB_OK; i++) {
        if (p->source_of[i] != s)
            continue;
        /* v_i: the payoff's derivative, or the field component itself */
        void *vi = p->ps.payoff ? ganstab_sym_matheval_derivative(base, p->ps.names[i]) : base;
        if (vi == NULL) {
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            break;
        }
        rc = tree_from(p, vi, &gr->v[i], err);
        if (vi != base)
            ganstab_sym_matheval_destroy(vi);
        /* the next derivatives from the simplified tree, handed to libmatheval again */
        void *vs = rc == GANSTAB_OK && !gr->v[i].zero ? refeed(p, &gr->v[i], &rc, err) : NULL;
        for (size_t j = 0; j < n && vs != NULL && rc == GANSTAB_OK; j++) {
            void *jij = ganstab_sym_matheval_derivative(vs, p->ps.names[j]);
            if (jij == NULL) {
                rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
                break;
            }
            expr_fn *f = &gr->J[i * n + j];
            rc = tree_from(p, jij, f, err);
            ganstab_sym_matheval_destroy(jij);
            void *js =
                rc == GANSTAB_OK && gr->H != NULL && !f->zero ? refeed(p, f, &rc, err) : NULL;
            for (size_t k = 0; k < n && js != NULL && rc == GANSTAB_OK; k++) {
                void *h = ganstab_sym_matheval_derivative(js, p->ps.names[k]);
                if (h == NULL) {
                    rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
                    break;
                }
                rc = tree_from(p, h, &gr->H[(i * n + j) * n + k], err);
                ganstab_sym_matheval_destroy(h);
            }
            ganstab_sym_matheval_destroy(js);
        }
        ganstab_sym_matheval_destroy(vs);
    }
    ganstab_sym_matheval_destroy(base);
    return rc;
}

/* ---- evaluation, and where it fails ----------------------------------------------------- */

static void format_point(const expr_params *p, const double *x, const double *data, char *buf,
                         size_t size)
{
    size_t used = 0;
    int w = snprintf(buf, size, "(");
    for (size_t i = 0; w >= 0 && i < p->n && used < size; i++) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "", p->ps.names[i]);
    }
    for (size_t i = 0; w >= 0 && i < p->n && used < size; i++) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, "%s%.6g", i > 0 ? ", " : ") = (", x[i]);
    }
    if (w >= 0 && used < size) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, ")");
    }
    for (size_t d = 0; data != NULL && w >= 0 && d < p->m && used < size; d++) {
        used += (size_t)w;
        w = snprintf(buf + used, size - used, "%s%s = %.6g", d == 0 ? " with " : ", ",
                     p->ps.data[d].name, data[d]);
    }
}

/* A non-finite v_i (j < 0) or J_ij of group g at data point q: locate it in the user's formula
 * by hyper-dual evaluation of the same terms, and report it at the key and column. */
static int diagnose(const expr_params *p, size_t g, size_t q, size_t i, long j, const double *x,
                    ganstab_error *err)
{
    const expr_group *gr = &p->group[g];
    size_t s = p->source_of[i], n = p->n;
    const double *data = p->m > 0 ? gr->points + q * p->m : NULL;
    ganstab_sym_dual vars[MAX_SCOPE];
    double plain[MAX_SCOPE + 1];
    fill_vars(p, x, data, plain);
    for (size_t v = 0; v < p->n + p->m + p->P; v++)
        vars[v] = (ganstab_sym_dual){plain[v], 0.0, 0.0, 0.0};
    /* payoff: v_i = dL/dx_i, J_ij = d2L/dx_i dx_j; field: v_i = F_i, J_ij = dF_i/dx_j */
    if (p->ps.payoff) {
        vars[i].d1 = 1.0;
        if (j >= 0)
            vars[j].d2 = 1.0;
    } else if (j >= 0) {
        vars[j].d1 = 1.0;
    }
    ganstab_sym_failure fail;
    (void)ganstab_sym_eval(&p->ps.source[s], gr->terms[s], gr->signs[s], gr->nterms[s], vars,
                           &fail);
    char what[96], at[256];
    if (p->ps.payoff && j >= 0)
        snprintf(what, sizeof what, "d2/(d%s d%s)", p->ps.names[i], p->ps.names[j]);
    else if (p->ps.payoff)
        snprintf(what, sizeof what, "d/d%s", p->ps.names[i]);
    else if (j >= 0)
        snprintf(what, sizeof what, "formula %zu (of state '%s'), d/d%s", i + 1, p->ps.names[i],
                 p->ps.names[j]);
    else
        snprintf(what, sizeof what, "formula %zu (of state '%s')", i + 1, p->ps.names[i]);
    format_point(p, x, data, at, sizeof at);
    (void)n;
    if (fail.failed)
        return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[s],
                                 "key '%s': %s: %s at column %zu, at %s", p->ps.source_key[s], what,
                                 fail.what, fail.column, at);
    return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[s],
                             "key '%s': %s is not finite at %s", p->ps.source_key[s], what, at);
}

/* v (n) and J (n-by-n column-major, may be NULL) of the model at x, summed over groups and
 * quadrature points; on a non-finite entry the error locates it. */
static int expr_eval(const expr_params *p, const double *x, double *v, double *J,
                     ganstab_error *err)
{
    size_t n = p->n;
    double vars[MAX_SCOPE + 1024];
    double *buf = p->nvars <= sizeof vars / sizeof vars[0] ? vars : malloc(p->nvars * sizeof *buf);
    if (buf == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    for (size_t g = 0; g < p->ngroups; g++) {
        const expr_group *gr = &p->group[g];
        for (size_t q = 0; q < gr->npoints; q++) {
            fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, buf);
            double w = gr->weights[q];
            for (size_t i = 0; i < n; i++) {
                if (!gr->v[i].zero && gr->v[i].tree.root >= 0)
                    v[i] += p->sign[i] * w * ganstab_sym_value(&gr->v[i].tree, buf);
                for (size_t j = 0; J != NULL && j < n; j++) {
                    const expr_fn *f = &gr->J[i * n + j];
                    if (!f->zero && f->tree.root >= 0)
                        J[i + j * n] += p->sign[i] * w * ganstab_sym_value(&f->tree, buf);
                }
            }
        }
    }
    if (buf != vars)
        free(buf);
    if (p->dynamics == GANSTAB_EXPR_MAP)
        for (size_t i = 0; i < n; i++) {
            v[i] -= x[i];
            if (J != NULL)
                J[i + i * n] -= 1.0;
        }
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        finite = finite && isfinite(v[i]);
        for (size_t j = 0; J != NULL && j < n; j++)
            finite = finite && isfinite(J[i + j * n]);
    }
    if (finite)
        return GANSTAB_OK;
    if (err == NULL)
        return GANSTAB_ENUMERIC;
    /* find the first non-finite contribution: values first, then the Jacobian */
    double tmp[MAX_SCOPE + 1024];
    double *b2 = p->nvars <= sizeof tmp / sizeof tmp[0] ? tmp : malloc(p->nvars * sizeof *b2);
    if (b2 == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    int found = 0;
    for (int pass = 0; pass < 2 && !found; pass++)
        for (size_t g = 0; g < p->ngroups && !found; g++) {
            const expr_group *gr = &p->group[g];
            for (size_t q = 0; q < gr->npoints && !found; q++) {
                fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, b2);
                for (size_t i = 0; i < n && !found; i++) {
                    if (pass == 0 && !gr->v[i].zero &&
                        !isfinite(ganstab_sym_value(&gr->v[i].tree, b2))) {
                        diagnose(p, g, q, i, -1, x, err);
                        found = 1;
                    }
                    for (size_t j = 0; pass == 1 && J != NULL && j < n && !found; j++) {
                        const expr_fn *f = &gr->J[i * n + j];
                        if (!f->zero && !isfinite(ganstab_sym_value(&f->tree, b2))) {
                            diagnose(p, g, q, i, (long)j, x, err);
                            found = 1;
                        }
                    }
                }
            }
        }
    if (b2 != tmp)
        free(b2);
    if (!found) /* every contribution finite, their sum not: an overflow */
        return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[0],
                                 "key '%s': the field or its Jacobian overflows at x",
                                 p->ps.source_key[0]);
    return GANSTAB_ENUMERIC; /* err set by diagnose */
}

static int expr_term(const ganstab_model *m, ganstab_data_side side, const double *x,
                     const double *shift, double *v, double *J, ganstab_error *err)
{
    if (side == GANSTAB_SIDE_FAKE)
        return GANSTAB_OK; /* the whole field is on the real side */
    if (shift != NULL)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "model expr has no data points to shift (instance noise)");
    return expr_eval(m->params, x, v, J, err);
}

static int expr_penalty(const ganstab_model *m, ganstab_data_side side, const double *x, double g0,
                        double *grad, double *H, int *kink, ganstab_error *err)
{
    (void)m;
    (void)side;
    (void)x;
    (void)g0;
    (void)grad;
    (void)H;
    (void)kink;
    return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                             "model expr defines no discriminator function D(x), so gradient "
                             "penalties are undefined");
}

static int expr_curvature(const ganstab_model *m, const double *x, const double *w, double *C,
                          ganstab_error *err)
{
    const expr_params *p = m->params;
    size_t n = p->n;
    if (!p->has_curvature)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "the model was built without its curvature");
    memset(C, 0, n * n * sizeof *C);
    double vars[MAX_SCOPE + 1024];
    double *buf = p->nvars <= sizeof vars / sizeof vars[0] ? vars : malloc(p->nvars * sizeof *buf);
    if (buf == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    for (size_t g = 0; g < p->ngroups; g++) {
        const expr_group *gr = &p->group[g];
        for (size_t q = 0; q < gr->npoints; q++) {
            fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, buf);
            for (size_t k = 0; k < n; k++) {
                if (w[k] == 0.0)
                    continue;
                double scale = w[k] * p->sign[k] * gr->weights[q];
                for (size_t i = 0; i < n; i++)
                    for (size_t j = 0; j < n; j++) {
                        const expr_fn *f = &gr->H[(k * n + i) * n + j];
                        if (!f->zero)
                            C[i + j * n] += scale * ganstab_sym_value(&f->tree, buf);
                    }
            }
        }
    }
    if (buf != vars)
        free(buf);
    for (size_t i = 0; i < n * n; i++)
        if (!isfinite(C[i]))
            return ganstab_error_set(err, GANSTAB_ENUMERIC, p->ps.source_where[0],
                                     "key '%s': a second derivative of the field is not finite "
                                     "(the curvature term of regularizer conopt or nk)",
                                     p->ps.source_key[0]);
    return GANSTAB_OK;
}

static void expr_equilibrium(const ganstab_model *m, double *x)
{
    const expr_params *p = m->params;
    memcpy(x, p->xstar, p->n * sizeof *x);
}

static const ganstab_model_ops EXPR_OPS = {
    "expr", expr_term, expr_penalty, expr_equilibrium, expr_free_params, NULL, expr_curvature};

int ganstab_expr_is(const ganstab_model *m)
{
    return m != NULL && m->ops == &EXPR_OPS;
}

/* ---- the equilibrium -------------------------------------------------------------------- */

/* The equilibrium or guess formulas at the parameters; a non-finite value is located. */
static int point_values(const expr_params *p, double *x, ganstab_error *err)
{
    const parsed_spec *ps = &p->ps;
    ganstab_sym_dual vars[MAX_PARAMS];
    for (size_t i = 0; i < ps->P; i++)
        vars[i] = (ganstab_sym_dual){ps->param_values[i], 0.0, 0.0, 0.0};
    for (size_t i = 0; i < ps->n; i++) {
        ganstab_sym_failure fail;
        ganstab_sym_dual r = ganstab_sym_eval(&ps->point[i], NULL, NULL, 0, vars, &fail);
        x[i] = r.v;
        if (isfinite(x[i]))
            continue;
        if (fail.failed)
            return ganstab_error_set(err, GANSTAB_ENUMERIC, ps->point_where,
                                     "key '%s': value %zu (of '%s'): %s at column %zu",
                                     ps->point_key, i + 1, ps->names[i], fail.what, fail.column);
        return ganstab_error_set(err, GANSTAB_ENUMERIC, ps->point_where,
                                 "key '%s': value %zu (of '%s') is not finite", ps->point_key,
                                 i + 1, ps->names[i]);
    }
    return GANSTAB_OK;
}

typedef struct {
    const ganstab_model *m;
    size_t n;
} newton_ctx;

static int newton_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    newton_ctx *c = params;
    memset(f->data, 0, c->n * sizeof(double));
    return expr_eval(c->m->params, x->data, f->data, NULL, NULL) == GANSTAB_OK ? GSL_SUCCESS
                                                                               : GSL_EBADFUNC;
}

static int newton_df(const gsl_vector *x, void *params, gsl_matrix *df)
{
    newton_ctx *c = params;
    double v[MAX_STATE] = {0}, J[MAX_STATE * MAX_STATE] = {0};
    if (expr_eval(c->m->params, x->data, v, J, NULL) != GANSTAB_OK)
        return GSL_EBADFUNC;
    for (size_t i = 0; i < c->n; i++) /* GSL is row-major, J column-major */
        for (size_t j = 0; j < c->n; j++)
            gsl_matrix_set(df, i, j, J[i + j * c->n]);
    return GSL_SUCCESS;
}

static int newton_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *df)
{
    int s = newton_f(x, params, f);
    return s == GSL_SUCCESS ? newton_df(x, params, df) : s;
}

/* Newton's method (GSL hybridsj: Powell's hybrid method, which takes the Newton step near the
 * root) on v(x) = 0 from p->start. */
static int newton(const ganstab_model *m, ganstab_error *err)
{
    expr_params *p = m->params;
    size_t n = p->n;
    gsl_set_error_handler_off();
    gsl_multiroot_fdfsolver *solver =
        gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, n);
    if (solver == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    newton_ctx ctx = {m, n};
    gsl_multiroot_function_fdf fdf = {newton_f, newton_df, newton_fdf, n, &ctx};
    gsl_vector_const_view x0 = gsl_vector_const_view_array(p->start, n);
    p->eq_source = GANSTAB_EXPR_EQ_NEWTON_FAILED;
    memcpy(p->xstar, p->start, n * sizeof *p->xstar);
    p->iterations = 0;
    p->residual = INFINITY;
    if (gsl_multiroot_fdfsolver_set(solver, &fdf, &x0.vector) != GSL_SUCCESS) {
        gsl_multiroot_fdfsolver_free(solver);
        return GANSTAB_OK; /* the field is not finite at the start: not converged */
    }
    for (int it = 1; it <= GANSTAB_EXPR_NEWTON_MAX_ITER; it++) {
        int status = gsl_multiroot_fdfsolver_iterate(solver);
        p->iterations = it;
        if (status != GSL_SUCCESS)
            break; /* no progress (at the root to rounding, or stuck) */
        double step = 0.0;
        for (size_t i = 0; i < n; i++)
            step = fmax(step, fabs(gsl_vector_get(solver->dx, i)) /
                                  fmax(1.0, fabs(gsl_vector_get(solver->x, i))));
        if (step <= GANSTAB_EXPR_NEWTON_STEP_TOL)
            break;
    }
    double ss = 0.0;
    int finite = 1;
    for (size_t i = 0; i < n; i++) {
        double xi = gsl_vector_get(solver->x, i), fi = gsl_vector_get(solver->f, i);
        finite = finite && isfinite(xi) && isfinite(fi);
        ss += fi * fi;
    }
    if (finite && sqrt(ss) <= GANSTAB_STATIONARY_TOL) {
        for (size_t i = 0; i < n; i++)
            p->xstar[i] = gsl_vector_get(solver->x, i);
        p->eq_source = GANSTAB_EXPR_EQ_NEWTON;
        p->residual = sqrt(ss);
    } else if (finite) {
        p->residual = sqrt(ss);
    }
    gsl_multiroot_fdfsolver_free(solver);
    return GANSTAB_OK;
}

/* The equilibrium from p->start (the formulas' values, already there): the formulas' values
 * themselves, or Newton from `start` (NULL: from the guess). */
static int equilibrium_from(const ganstab_model *m, const double *start, ganstab_error *err)
{
    expr_params *p = m->params;
    if (start != NULL && !p->ps.has_equilibrium)
        memcpy(p->start, start, p->n * sizeof *p->start);
    if (!p->ps.has_equilibrium)
        return newton(m, err);
    memcpy(p->xstar, p->start, p->n * sizeof *p->xstar);
    p->eq_source = GANSTAB_EXPR_EQ_GIVEN;
    p->iterations = 0; /* as a model just built */
    p->residual = 0.0;
    return GANSTAB_OK;
}

/* ---- building ------------------------------------------------------------------------------ */

/* What expr_build does about the equilibrium. */
typedef enum {
    BUILD_FULL = 0,      /* evaluate it (a non-finite formula is an error) or run Newton */
    BUILD_TOLERANT,      /* the same, but a non-finite formula only clears *point_ok */
    BUILD_NO_EQUILIBRIUM /* neither: the model evaluates its field at given points */
} build_mode;

static int expr_build(const ganstab_expr_spec *sp, build_mode mode, int *point_ok,
                      ganstab_model **out, ganstab_error *err)
{
    *out = NULL;
    if (point_ok != NULL)
        *point_ok = 1;
    ganstab_model *m = calloc(1, sizeof *m);
    expr_params *p = calloc(1, sizeof *p);
    if (m == NULL || p == NULL) {
        free(m);
        free(p);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    }
    m->ops = &EXPR_OPS;
    m->params = p;
    int rc = parse_spec(sp, &p->ps, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(m);
        return rc;
    }
    size_t n = p->ps.n;
    p->n = n;
    p->m = p->ps.m;
    p->P = p->ps.P;
    p->dynamics = sp->dynamics;
    p->has_curvature = sp->curvature;
    for (size_t i = 0; i < n; i++) {
        p->state_ptrs[i] = p->ps.names[i];
        if (p->ps.payoff) {
            int gen = i < p->ps.n_g;
            p->sign[i] = gen ? -1.0 : 1.0;
            p->source_of[i] = gen && p->ps.nsources > 1 ? 1 : 0;
        } else {
            p->sign[i] = 1.0;
            p->source_of[i] = i;
        }
    }
    m->n_g = p->ps.n_g;
    m->n_d = n - p->ps.n_g;
    m->data_dim = 0;
    m->state_names = p->state_ptrs;
    m->loss = GANSTAB_LOSS_STANDARD;
    m->fd_unavailable = NULL;
    size_t nodes = sp->nodes != 0 ? sp->nodes : GANSTAB_EXPR_NODES_DEFAULT;
    if (nodes < 1 || nodes > GANSTAB_EXPR_NODES_MAX)
        rc = ganstab_error_set(err, GANSTAB_EINVAL, "model", "nodes must be in 1..%d, got %zu",
                               GANSTAB_EXPR_NODES_MAX, nodes);
    if (rc == GANSTAB_OK)
        rc = build_groups(p, nodes, err);
    for (size_t g = 0; g < p->ngroups && rc == GANSTAB_OK; g++) {
        expr_group *gr = &p->group[g];
        gr->v = calloc(n, sizeof *gr->v);
        gr->J = calloc(n * n, sizeof *gr->J);
        gr->H = sp->curvature ? calloc(n * n * n, sizeof *gr->H) : NULL;
        if (gr->v == NULL || gr->J == NULL || (sp->curvature && gr->H == NULL)) {
            rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
            break;
        }
        for (size_t i = 0; i < n; i++)
            gr->v[i].zero = 1;
        for (size_t i = 0; i < n * n; i++)
            gr->J[i].zero = 1;
        for (size_t i = 0; gr->H != NULL && i < n * n * n; i++)
            gr->H[i].zero = 1;
        for (size_t s = 0; s < p->ps.nsources && rc == GANSTAB_OK; s++)
            if (gr->nterms[s] > 0)
                rc = differentiate(p, gr, s, err);
    }
    p->nvars = n + p->m + p->P + p->k.n;
    if (rc == GANSTAB_OK && mode == BUILD_NO_EQUILIBRIUM) {
        *out = m;
        return GANSTAB_OK;
    }
    if (rc == GANSTAB_OK)
        rc = point_values(p, p->start, mode == BUILD_TOLERANT ? NULL : err);
    if (rc == GANSTAB_ENUMERIC && mode == BUILD_TOLERANT) {
        *point_ok = 0;
        *out = m;
        return GANSTAB_OK;
    }
    if (rc == GANSTAB_OK)
        rc = equilibrium_from(m, sp->start, err);
    if (rc != GANSTAB_OK) {
        ganstab_model_free(m);
        return rc;
    }
    *out = m;
    return GANSTAB_OK;
}

int ganstab_expr_alloc(const ganstab_expr_spec *sp, ganstab_model **out, ganstab_error *err)
{
    return expr_build(sp, BUILD_FULL, NULL, out, err);
}

int ganstab_expr_build(const ganstab_expr_spec *sp, ganstab_model **out, int *point_ok,
                       ganstab_error *err)
{
    return expr_build(sp, BUILD_TOLERANT, point_ok, out, err);
}

int ganstab_expr_solve(const ganstab_expr_spec *sp, double *x, int *found, ganstab_error *err)
{
    ganstab_expr_spec spec = *sp;
    spec.curvature = 0;
    ganstab_model *m = NULL;
    int point_ok = 1;
    int rc = expr_build(&spec, BUILD_TOLERANT, &point_ok, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    const expr_params *p = m->params;
    *found = point_ok && p->eq_source != GANSTAB_EXPR_EQ_NEWTON_FAILED;
    memcpy(x, point_ok ? p->xstar : p->start, p->n * sizeof *x);
    ganstab_model_free(m);
    return GANSTAB_OK;
}

int ganstab_expr_field_at(const ganstab_expr_spec *sp, const double *x, double *v, double *J,
                          ganstab_error *err)
{
    ganstab_expr_spec spec = *sp;
    spec.curvature = 0;
    ganstab_model *m = NULL;
    int rc = expr_build(&spec, BUILD_NO_EQUILIBRIUM, NULL, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    size_t n = ((const expr_params *)m->params)->n;
    memset(v, 0, n * sizeof *v);
    if (J != NULL)
        memset(J, 0, n * n * sizeof *J);
    rc = expr_eval(m->params, x, v, J, err);
    ganstab_model_free(m);
    return rc;
}

int ganstab_expr_set_param(ganstab_model *m, size_t i, double value, ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    expr_params *p = m->params;
    if (i >= p->P)
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "no parameter %zu", i + 1);
    if (p->folded[p->n + p->m + i] && value != p->ps.param_values[i])
        return ganstab_error_set(err, GANSTAB_EINVAL, "model",
                                 "parameter '%s' is part of a constant exponent: rebuild the "
                                 "model",
                                 p->ps.names[p->n + p->m + i]);
    p->ps.param_values[i] = value;
    return GANSTAB_OK;
}

int ganstab_expr_update_equilibrium(ganstab_model *m, const double *start, int *found,
                                    ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    expr_params *p = m->params;
    double x[MAX_STATE];
    *found = 1;
    int rc = point_values(p, x, NULL);
    if (rc != GANSTAB_OK && p->ps.has_equilibrium) {
        *found = 0; /* the formula is not finite here: the last point stays */
        return GANSTAB_OK;
    }
    if (p->ps.has_equilibrium) {
        memcpy(p->xstar, x, p->n * sizeof *x);
        p->eq_source = GANSTAB_EXPR_EQ_GIVEN;
        return GANSTAB_OK;
    }
    if (start == NULL && rc != GANSTAB_OK)
        return point_values(p, x, err); /* the guess itself is not finite: located */
    memcpy(p->start, start != NULL ? start : x, p->n * sizeof *x);
    rc = newton(m, err);
    *found = p->eq_source == GANSTAB_EXPR_EQ_NEWTON;
    return rc;
}

int ganstab_expr_reset_equilibrium(ganstab_model *m, const double *start, ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    expr_params *p = m->params;
    int rc = point_values(p, p->start, err);
    return rc == GANSTAB_OK ? equilibrium_from(m, start, err) : rc;
}

int ganstab_expr_raw_field(const ganstab_model *m, const double *x, double *v, double *J,
                           ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    const expr_params *p = m->params;
    memset(v, 0, p->n * sizeof *v);
    if (J != NULL)
        memset(J, 0, p->n * p->n * sizeof *J);
    return expr_eval(p, x, v, J, err);
}

int ganstab_expr_equilibrium_info(const ganstab_model *m, ganstab_expr_eq_info *info,
                                  ganstab_error *err)
{
    if (!ganstab_expr_is(m))
        return ganstab_error_set(err, GANSTAB_EINVAL, "model", "not an expr model");
    const expr_params *p = m->params;
    info->source = p->eq_source;
    info->iterations = p->iterations;
    info->residual = p->residual;
    info->start = p->start;
    return GANSTAB_OK;
}

/* ---- formulas for reports --------------------------------------------------------------- */

/* A copy of an evaluation tree with the constants as numbers, optionally negated, simplified
 * for reading and printed. */
static char *display(const expr_params *p, const ganstab_sym *tree, int negate)
{
    size_t base = p->n + p->m + p->P;
    ganstab_sym copy = {NULL, 0, 0, -1, NULL, 0}, pretty;
    int ok = 1;
    for (size_t i = 0; i < tree->n && ok; i++) {
        ganstab_sym_node d = tree->node[i];
        if (d.kind == GANSTAB_SYM_NAME && (size_t)d.index >= base) {
            d.kind = GANSTAB_SYM_NUMBER;
            d.number = p->k.value[(size_t)d.index - base];
            d.index = -1;
        }
        ok = ganstab_sym_add_node(&copy, d.kind, d.a, d.b, d.index, d.number, d.column) >= 0;
    }
    copy.root = tree->root;
    if (ok && negate) {
        copy.root = ganstab_sym_add_node(&copy, GANSTAB_SYM_NEG, tree->root, -1, -1, 0.0, 1);
        ok = copy.root >= 0;
    }
    char *text = NULL;
    if (ok && ganstab_sym_simplify(&copy, 1, &pretty) == GANSTAB_OK) {
        text = ganstab_sym_print(&pretty, p->ps.scope_names);
        ganstab_sym_free(&pretty);
    }
    ganstab_sym_free(&copy);
    return text;
}

static int append(char **dst, const char *piece)
{
    size_t a = *dst != NULL ? strlen(*dst) : 0, b = strlen(piece);
    char *grown = realloc(*dst, a + b + 1);
    if (grown == NULL)
        return 0;
    memcpy(grown + a, piece, b + 1);
    *dst = grown;
    return 1;
}

/* The sum over groups of entry e of fn (v: n entries, J: n*n), each group with data variables
 * as E_{x,z}[...]; the deterministic group first. negate for a generator row of a payoff. */
static char *display_sum(const expr_params *p, int jacobian, size_t e, int negate)
{
    char *out = NULL;
    int any = 0, ok = 1;
    for (int pass = 0; pass < 2 && ok; pass++)
        for (size_t g = 0; g < p->ngroups && ok; g++) {
            const expr_group *gr = &p->group[g];
            if ((gr->mask == 0) != (pass == 0))
                continue;
            const expr_fn *f = jacobian ? &gr->J[e] : &gr->v[e];
            if (f->zero)
                continue;
            char *t = display(p, &f->tree, negate);
            if (t == NULL) {
                ok = 0;
                break;
            }
            if (any)
                ok = append(&out, " + ");
            if (ok && gr->mask != 0) {
                ok = append(&out, "E_");
                for (size_t d = 0, first = 1; ok && d < p->m; d++)
                    if (gr->mask & (1u << d)) {
                        ok = append(&out, first ? "" : ",") && append(&out, p->ps.data[d].name);
                        first = 0;
                    }
                ok = ok && append(&out, "[");
            }
            ok = ok && append(&out, t) && (gr->mask == 0 || append(&out, "]"));
            free(t);
            any = 1;
        }
    if (ok && !any)
        ok = append(&out, "0");
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* The field and Jacobian at x by hyper-dual differentiation of the parsed formulas. */
static void hyperdual_field(const expr_params *p, const double *x, double *v, double *J)
{
    size_t n = p->n;
    memset(v, 0, n * sizeof *v);
    memset(J, 0, n * n * sizeof *J);
    ganstab_sym_dual vars[MAX_SCOPE];
    double plain[MAX_SCOPE + 1024];
    for (size_t g = 0; g < p->ngroups; g++) {
        const expr_group *gr = &p->group[g];
        for (size_t q = 0; q < gr->npoints; q++) {
            fill_vars(p, x, p->m > 0 ? gr->points + q * p->m : NULL, plain);
            double w = gr->weights[q];
            for (size_t i = 0; i < n; i++) {
                size_t s = p->source_of[i];
                if (gr->nterms[s] == 0)
                    continue;
                for (size_t j = 0; j < n; j++) {
                    for (size_t k = 0; k < p->n + p->m + p->P; k++)
                        vars[k] = (ganstab_sym_dual){plain[k], 0.0, 0.0, 0.0};
                    if (p->ps.payoff) {
                        vars[i].d1 = 1.0;
                        vars[j].d2 = 1.0;
                    } else {
                        vars[j].d1 = 1.0;
                    }
                    ganstab_sym_dual r = ganstab_sym_eval(&p->ps.source[s], gr->terms[s],
                                                          gr->signs[s], gr->nterms[s], vars, NULL);
                    double vi = p->ps.payoff ? r.d1 : r.v, jij = p->ps.payoff ? r.d12 : r.d1;
                    if (j == 0)
                        v[i] += p->sign[i] * w * vi;
                    J[i + j * n] += p->sign[i] * w * jij;
                }
            }
        }
    }
    if (p->dynamics == GANSTAB_EXPR_MAP)
        for (size_t i = 0; i < n; i++) {
            v[i] -= x[i];
            J[i + i * n] -= 1.0;
        }
}

static int uses_function(const parsed_spec *ps, int id)
{
    for (size_t s = 0; s < ps->nsources; s++)
        for (size_t i = 0; i < ps->source[s].n; i++)
            if (ps->source[s].node[i].kind == GANSTAB_SYM_CALL && ps->source[s].node[i].index == id)
                return 1;
    return 0;
}

static char *copy_text(const char *s)
{
    if (s == NULL)
        return NULL;
    char *c = malloc(strlen(s) + 1);
    if (c != NULL)
        memcpy(c, s, strlen(s) + 1);
    return c;
}

void ganstab_expr_formulas_free(ganstab_expr_formulas *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; f->state_names != NULL && i < f->n; i++)
        free(f->state_names[i]);
    for (size_t i = 0; f->field != NULL && i < f->n; i++)
        free(f->field[i]);
    for (size_t i = 0; f->jacobian != NULL && i < f->n * f->n; i++)
        free(f->jacobian[i]);
    free(f->state_names);
    free(f->field);
    free(f->jacobian);
    free(f->payoff_text);
    free(f->generator_payoff_text);
    free(f->data_text);
    free(f->eq_start);
    free(f);
}

int ganstab_expr_formulas_build(const ganstab_expr_spec *sp, const double *x,
                                ganstab_expr_formulas **out, ganstab_error *err)
{
    *out = NULL;
    ganstab_expr_spec spec = *sp;
    spec.curvature = 0;
    ganstab_model *m = NULL;
    int rc = ganstab_expr_alloc(&spec, &m, err);
    if (rc != GANSTAB_OK)
        return rc;
    const expr_params *p = m->params;
    size_t n = p->n;
    ganstab_expr_formulas *f = calloc(1, sizeof *f);
    int ok = f != NULL;
    if (ok) {
        f->n = n;
        f->n_g = p->ps.n_g;
        f->payoff = p->ps.payoff;
        f->dynamics = p->dynamics;
        f->state_names = calloc(n, sizeof *f->state_names);
        f->field = calloc(n, sizeof *f->field);
        f->jacobian = calloc(n * n, sizeof *f->jacobian);
        f->eq_start = malloc(n * sizeof *f->eq_start);
        ok = f->state_names != NULL && f->field != NULL && f->jacobian != NULL &&
             f->eq_start != NULL;
    }
    for (size_t i = 0; ok && i < n; i++) {
        int negate = p->ps.payoff && i < p->ps.n_g;
        ok = (f->state_names[i] = copy_text(p->ps.names[i])) != NULL &&
             (f->field[i] = display_sum(p, 0, i, negate)) != NULL;
        for (size_t j = 0; ok && j < n; j++)
            ok = (f->jacobian[i * n + j] = display_sum(p, 1, i * n + j, negate)) != NULL;
    }
    if (ok && sp->payoff.text != NULL)
        ok = (f->payoff_text = copy_text(sp->payoff.text)) != NULL;
    if (ok && sp->generator_payoff.text != NULL)
        ok = (f->generator_payoff_text = copy_text(sp->generator_payoff.text)) != NULL;
    if (ok && sp->data.text != NULL)
        ok = (f->data_text = copy_text(sp->data.text)) != NULL;
    if (ok) {
        f->uses_f = uses_function(&p->ps, ganstab_sym_function_id("f"));
        f->uses_fns = uses_function(&p->ps, ganstab_sym_function_id("fns"));
        f->uses_fw = uses_function(&p->ps, ganstab_sym_function_id("fw"));
        f->eq_source = p->eq_source;
        f->eq_iterations = p->iterations;
        f->eq_residual = p->residual;
        memcpy(f->eq_start, p->start, n * sizeof *f->eq_start);
        /* the independent check at x */
        double v[MAX_STATE] = {0}, J[MAX_STATE * MAX_STATE] = {0};
        double va[MAX_STATE], Ja[MAX_STATE * MAX_STATE];
        rc = expr_eval(p, x, v, J, err);
        if (rc == GANSTAB_OK) {
            hyperdual_field(p, x, va, Ja);
            for (size_t i = 0; i < n; i++) {
                f->ad_max_abs_diff = fmax(f->ad_max_abs_diff, fabs(v[i] - va[i]));
                f->ad_scale = fmax(f->ad_scale, fabs(v[i]));
                for (size_t j = 0; j < n; j++) {
                    double d = fabs(J[i + j * n] - Ja[i + j * n]);
                    f->ad_max_abs_diff = isnan(d) ? NAN : fmax(f->ad_max_abs_diff, d);
                    f->ad_scale = fmax(f->ad_scale, fabs(J[i + j * n]));
                }
            }
        }
    }
    ganstab_model_free(m);
    if (!ok && rc == GANSTAB_OK)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "model", "out of memory");
    if (rc != GANSTAB_OK) {
        ganstab_expr_formulas_free(f);
        return rc;
    }
    *out = f;
    return GANSTAB_OK;
}

/* Model expr (expr.h): checking and parsing a spec — names, formulas, data variables, the
 * equilibrium or guess — without libmatheval (expr_internal.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_internal.h"

void expr_parsed_free(parsed_spec *ps)
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

int expr_parse_spec(const ganstab_expr_spec *sp, parsed_spec *ps, ganstab_error *err)
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
    int rc = expr_parse_spec(sp, ps, err);
    if (rc == GANSTAB_OK && n != NULL)
        *n = ps->n;
    if (rc == GANSTAB_OK && n_g != NULL)
        *n_g = ps->n_g;
    expr_parsed_free(ps);
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
    if (expr_parse_spec(sp, ps, err) == GANSTAB_OK) {
        for (size_t i = 0; i < ps->P; i++) {
            if (strcmp(ps->names[ps->n + ps->m + i], name) != 0)
                continue;
            for (size_t s = 0; s < ps->nsources; s++)
                uses = uses || tree_uses(&ps->source[s], (int)(ps->n + ps->m + i));
            for (size_t k = 0; k < ps->n; k++)
                uses = uses || tree_uses(&ps->point[k], (int)i);
        }
    }
    expr_parsed_free(ps);
    free(ps);
    return uses;
}

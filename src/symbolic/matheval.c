/* libmatheval behind one lock (symbolic.h). Its evaluator_create runs a yacc parser that talks
 * to its scanner through global variables (input_string, root, symbol_table, ok), so creating
 * evaluators from two threads at once corrupts both; the lock also covers differentiation,
 * printing and destruction, which touch the evaluators' shared symbol tables. This lock is the
 * one piece of process-wide state in ganstab, and it exists only to serialize a dependency that
 * has global state of its own. */
#define _POSIX_C_SOURCE 200809L

#include "ganstab/symbolic.h"

#include <matheval.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t matheval_lock = PTHREAD_MUTEX_INITIALIZER;
/* evaluator_create calls (parses) so far, under the lock: a diagnostic for tests that a study
 * parses its formulas once, whatever its number of points */
static unsigned long matheval_creates;

void *ganstab_sym_matheval_create(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1); /* libmatheval's API takes char * */
    if (copy == NULL)
        return NULL;
    memcpy(copy, text, len + 1);
    pthread_mutex_lock(&matheval_lock);
    void *e = evaluator_create(copy);
    matheval_creates++;
    pthread_mutex_unlock(&matheval_lock);
    free(copy);
    return e;
}

void *ganstab_sym_matheval_derivative(void *evaluator, const char *name)
{
    size_t len = strlen(name);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, name, len + 1);
    pthread_mutex_lock(&matheval_lock);
    void *d = evaluator_derivative(evaluator, copy);
    pthread_mutex_unlock(&matheval_lock);
    free(copy);
    return d;
}

void ganstab_sym_matheval_destroy(void *evaluator)
{
    if (evaluator == NULL)
        return;
    pthread_mutex_lock(&matheval_lock);
    evaluator_destroy(evaluator);
    pthread_mutex_unlock(&matheval_lock);
}

char *ganstab_sym_matheval_string(void *evaluator)
{
    pthread_mutex_lock(&matheval_lock);
    const char *s = evaluator_get_string(evaluator);
    char *copy = s != NULL ? malloc(strlen(s) + 1) : NULL;
    if (copy != NULL)
        memcpy(copy, s, strlen(s) + 1);
    pthread_mutex_unlock(&matheval_lock);
    return copy;
}

double ganstab_sym_matheval_eval(void *evaluator, size_t count, char **names, double *values)
{
    pthread_mutex_lock(&matheval_lock);
    double v = evaluator_evaluate(evaluator, (int)count, names, values);
    pthread_mutex_unlock(&matheval_lock);
    return v;
}

unsigned long ganstab_sym_matheval_create_count(void)
{
    pthread_mutex_lock(&matheval_lock);
    unsigned long count = matheval_creates;
    pthread_mutex_unlock(&matheval_lock);
    return count;
}

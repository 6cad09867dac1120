#include <stdlib.h>
#include <string.h>

#include "ganstab/model.h"

void ganstab_model_free(ganstab_model *m)
{
    if (m == NULL)
        return;
    if (m->ops != NULL && m->ops->free_params != NULL)
        m->ops->free_params(m->params);
    free(m);
}

const char **ganstab_model_names_copy(const ganstab_model *m)
{
    size_t n = m->n_g + m->n_d, chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += strlen(m->state_names[i]) + 1;
    const char **names = malloc(n * sizeof *names + chars);
    if (names == NULL)
        return NULL;
    char *p = (char *)(names + n);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(m->state_names[i]) + 1;
        memcpy(p, m->state_names[i], len);
        names[i] = p;
        p += len;
    }
    return names;
}

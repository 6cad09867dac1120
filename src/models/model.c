#include <stdlib.h>

#include "ganstab/model.h"

void ganstab_model_free(ganstab_model *m)
{
    if (m == NULL)
        return;
    if (m->ops != NULL && m->ops->free_params != NULL)
        m->ops->free_params(m->params);
    free(m);
}

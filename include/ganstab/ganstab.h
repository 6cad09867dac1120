/* ganstab: local stability of GAN training dynamics. Includes every public header. */
#ifndef GANSTAB_H
#define GANSTAB_H

#define GANSTAB_VERSION "0.1.0"

#include "ganstab/analysis.h"
#include "ganstab/case.h"
#include "ganstab/claims.h"
#include "ganstab/classify.h"
#include "ganstab/compare.h"
#include "ganstab/critical.h"
#include "ganstab/dirac.h"
#include "ganstab/eigen.h"
#include "ganstab/error.h"
#include "ganstab/expr.h"
#include "ganstab/fdjac.h"
#include "ganstab/field.h"
#include "ganstab/gmm.h"
#include "ganstab/gmm_density.h"
#include "ganstab/gmm_heatmap.h"
#include "ganstab/gmm_map.h"
#include "ganstab/io.h"
#include "ganstab/lq2d.h"
#include "ganstab/matrix.h"
#include "ganstab/model.h"
#include "ganstab/nonlinear.h"
#include "ganstab/plot.h"
#include "ganstab/quadrature.h"
#include "ganstab/regularizer.h"
#include "ganstab/run.h"
#include "ganstab/simulate.h"
#include "ganstab/study.h"
#include "ganstab/symbolic.h"
#include "ganstab/table1.h"
#include "ganstab/update.h"

#endif

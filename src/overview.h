/* overview.h — overview.c, layout stage: the district overview of a batch
 * (one row per body with the form's headline figures, and a totals row)
 * → an nb_doc, set by the same table engine as the reports' tables. */
#ifndef NB_OVERVIEW_H
#define NB_OVERVIEW_H

#include "batch.h"

/* The bodies of every item that was read without errors, in batch order.
 * Lives in job->arena. */
nb_status nb_overview_layout(const nb_run *run, nb_job *job, const nb_batch *batch, nb_doc *doc);

#endif

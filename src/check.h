/* check.h — check.c, validate stage: the form's rules (勾稽关系), required
 * sections and plausible values over one nb_report.  Fills in totals the
 * input left out; reports every broken rule, naming the cell in the
 * form's own words, with the expected value. */
#ifndef NB_CHECK_H
#define NB_CHECK_H

#include "model.h"

/* NB_OK or NB_ERR_DATA (after recording every problem in diag).  A 年度
 * after `latest_year` is implausible; the caller knows what year it is
 * (the library reads no clock). */
nb_status nb_check_report(nb_diag *diag, nb_report *report, int latest_year);

typedef struct nb_check_options {
    int latest_year;
    const nb_report *previous;  /* last year's report (--previous), or NULL */
    bool rules_warn;            /* broken rules are warnings: a proof of
                                   inconsistent data (--allow-inconsistent) */
    bool carry_warn;            /* a carry-over unlike last year's is a warning
                                   (a proof shows it), not an error */
} nb_check_options;

/* nb_check_report, plus the carry-over from `previous` and the figures of
 * the text against the cells (warnings). */
nb_status nb_check_report_with(nb_diag *diag, nb_report *report, const nb_check_options *opts);

/* The template's stand-in texts still in the report (「请在此填写正文。」,
 * 「（一）……」, the default 机关名称): warnings for `check`, errors (and
 * NB_ERR_DATA) for a final render. */
nb_status nb_check_placeholders(nb_diag *diag, const nb_report *report, bool final);

#endif

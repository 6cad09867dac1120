/* Unit tests for src/run/ (run.h): the library runs the pipeline of `ganstab report` on
 * cases/dirac-gp.ini (Mescheder et al. 2018, Lemma 3.3: gradient penalty, gradient flow, the
 * [critical] sweep over gamma) and renders its Markdown report into memory byte for byte as the
 * committed reports/dirac-gp.md, and its index row as the one in reports/index.md (a second,
 * independent source: the golden files written by the CLI). Its claims are counted (2, both
 * agree) and no disagreement is collected; a claim made to disagree by hand is collected with
 * its kind and index, and counted as not agreeing; JSON renders; the run can be reused; a
 * missing case file and a bad --set assignment are reported as errors. Run from the repository
 * root (make unit-test). */
#include "testutil.h"

#include <stdlib.h>

#include "ganstab/run.h"

#define CASE_PATH "cases/dirac-gp.ini"
#define CASE_STEM "dirac-gp"
#define REPORT_PATH "reports/dirac-gp.md"
#define INDEX_PATH "reports/index.md"
/* Claims of the case: one eigenvalue claim (Lemma 3.3) and one critical value (gamma = 1). */
#define CASE_CLAIMS 2u

/* The whole of a file, malloc'ed and NUL-terminated. */
static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *text = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = 2 * cap + 4096 + 1;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        size_t got = fread(text + n, 1, 4096, fp);
        n += got;
        if (got < 4096)
            break;
    }
    assert_int_equal(ferror(fp), 0);
    fclose(fp);
    text[n] = '\0';
    *len = n;
    return text;
}

static ganstab_run *run_case(void)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    int rc = ganstab_run_load(CASE_PATH, NULL, 0, c, &err);
    if (rc != GANSTAB_OK)
        print_error("load: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    ganstab_run *run = ganstab_run_alloc();
    assert_non_null(run);
    ganstab_run_options opt;
    ganstab_run_options_init(&opt);
    rc = ganstab_run_case(c, &opt, run, &err);
    if (rc != GANSTAB_OK)
        print_error("run: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    free(c);
    return run;
}

static void test_report_matches_golden(void **state)
{
    (void)state;
    ganstab_run *run = run_case();
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(run->result->verdict, GANSTAB_VERDICT_STABLE);
    /* the report embeds the figures `ganstab report` writes next to it */
    assert_int_equal(ganstab_run_figures(run, CASE_STEM, CASE_PATH, &err), GANSTAB_OK);
    assert_int_equal(run->nfigures, 4);
    for (size_t k = 0; k < run->nfigures; k++) {
        assert_non_null(run->figure_text[k].svg);
        assert_true(run->figure_text[k].len > 0);
        assert_memory_equal(run->figure_text[k].file, CASE_STEM "-", sizeof CASE_STEM);
    }
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(ganstab_run_render(run, GANSTAB_RUN_MARKDOWN, &text, &len, &err), GANSTAB_OK);
    size_t golden_len = 0;
    char *golden = read_file(REPORT_PATH, &golden_len);
    assert_int_equal(len, golden_len);
    assert_memory_equal(text, golden, len);
    assert_int_equal(strlen(text), len);
    free(text);
    free(golden);

    /* the index page's row for the case, as reports/index.md has it */
    const ganstab_run *runs[1] = {run};
    const char *stems[1] = {CASE_STEM};
    ganstab_run_pages pages;
    assert_int_equal(ganstab_run_render_pages(runs, stems, 1, &pages, &err), GANSTAB_OK);
    assert_non_null(pages.index);
    assert_null(pages.table1);
    assert_null(pages.optimizers);
    size_t index_len = 0;
    char *index = read_file(INDEX_PATH, &index_len);
    const char *row_start = "| [" CASE_STEM "](" CASE_STEM ".md) |";
    const char *mine = strstr(pages.index, row_start);
    const char *theirs = strstr(index, row_start);
    assert_non_null(mine);
    assert_non_null(theirs);
    size_t row_len = (size_t)(strchr(theirs, '\n') - theirs) + 1;
    assert_memory_equal(mine, theirs, row_len);
    assert_non_null(strstr(theirs, "| stable | 2/2 |"));
    free(index);
    ganstab_run_pages_free(&pages);
    assert_null(pages.index);
    ganstab_run_free(run);
}

static void test_claims_and_disagreements(void **state)
{
    (void)state;
    ganstab_run *run = run_case();
    size_t claims = 0, agree = 0;
    ganstab_run_count_claims(run, &claims, &agree);
    assert_int_equal(claims, CASE_CLAIMS);
    assert_int_equal(agree, CASE_CLAIMS);
    assert_int_equal(run->nchecks + run->ncritical_checks, CASE_CLAIMS);
    assert_int_equal(ganstab_run_disagreements(run, NULL, 0), 0);

    /* a claim made to disagree is collected, with its kind and index, and counted */
    assert_true(run->ncritical_checks == 1);
    run->critical_checks[0].agrees = 0;
    ganstab_run_disagreement d[2];
    memset(d, 0xff, sizeof d);
    assert_int_equal(ganstab_run_disagreements(run, d, 2), 1);
    assert_int_equal(d[0].kind, GANSTAB_RUN_CLAIM_CRITICAL);
    assert_int_equal(d[0].index, 0);
    assert_true(run->nchecks >= 1);
    run->checks[0].agrees = 0;
    /* snprintf style: the count of all, only max written; eigenvalue claims come first */
    memset(d, 0xff, sizeof d);
    assert_int_equal(ganstab_run_disagreements(run, d, 1), 2);
    assert_int_equal(d[0].kind, GANSTAB_RUN_CLAIM_EIGEN);
    assert_int_equal(d[1].index, (size_t)-1);
    ganstab_run_count_claims(run, &claims, &agree);
    assert_int_equal(claims, CASE_CLAIMS);
    assert_int_equal(agree, 0);
    ganstab_run_free(run);
}

static void test_json_and_reuse(void **state)
{
    (void)state;
    ganstab_run *run = run_case();
    ganstab_error err;
    ganstab_error_clear(&err);
    char *json = NULL, *again = NULL;
    size_t len = 0, again_len = 0;
    assert_int_equal(ganstab_run_render(run, GANSTAB_RUN_JSON, &json, &len, &err), GANSTAB_OK);
    assert_true(len > 2 && json[0] == '{' && json[len - 1] == '\n');
    /* running the same case again on the same run gives the same report */
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    *c = run->c;
    assert_int_equal(ganstab_run_case(c, NULL, run, &err), GANSTAB_OK);
    assert_int_equal(ganstab_run_render(run, GANSTAB_RUN_JSON, &again, &again_len, &err),
                     GANSTAB_OK);
    assert_int_equal(again_len, len);
    assert_memory_equal(again, json, len);
    free(json);
    free(again);
    free(c);
    ganstab_run_free(run);
    ganstab_run_free(NULL);
}

static void test_bad_input(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case *c = malloc(sizeof *c);
    assert_non_null(c);
    assert_error(ganstab_run_load("cases/no-such-case.ini", NULL, 0, c, &err), GANSTAB_EIO, &err);
    ganstab_error_clear(&err);
    const char *sets[1] = {"regularizer.gamma=-1"};
    assert_error(ganstab_run_load(CASE_PATH, sets, 1, c, &err), GANSTAB_EINVAL, &err);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_matches_golden),
        cmocka_unit_test(test_claims_and_disagreements),
        cmocka_unit_test(test_json_and_reuse),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

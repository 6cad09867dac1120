/* Unit tests for src/core/error.c: the error record (set, set_where, clear, truncation, NULL
 * records) and the status-code names. */
#include "testutil.h"

#include "ganstab/error.h"

static void test_error_helpers(void **state)
{
    (void)state;
    ganstab_error err;
    int rc = ganstab_error_set(&err, GANSTAB_EIO, "cases/x.ini:12", "bad value %d", 7);
    assert_int_equal(rc, GANSTAB_EIO);
    assert_int_equal(err.code, GANSTAB_EIO);
    assert_string_equal(err.where, "cases/x.ini:12");
    assert_string_equal(err.message, "bad value 7");
    ganstab_error_set_where(&err, "--set update.h");
    assert_string_equal(err.where, "--set update.h");
    assert_string_equal(err.message, "bad value 7");
    ganstab_error_clear(&err);
    assert_int_equal(err.code, GANSTAB_OK);
    assert_string_equal(err.where, "");
    assert_string_equal(err.message, "");
    /* NULL records are accepted everywhere. */
    ganstab_error_clear(NULL);
    ganstab_error_set_where(NULL, "x");
    assert_int_equal(ganstab_error_set(NULL, GANSTAB_ENUMERIC, "x", "y"), GANSTAB_ENUMERIC);
    /* Over-long messages are truncated, still terminated. */
    char longer[GANSTAB_ERROR_MESSAGE_MAX * 2];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    ganstab_error_set(&err, GANSTAB_EINVAL, longer, "%s", longer);
    assert_int_equal(strlen(err.where), GANSTAB_ERROR_WHERE_MAX - 1);
    assert_int_equal(strlen(err.message), GANSTAB_ERROR_MESSAGE_MAX - 1);

    assert_string_equal(ganstab_strerror(GANSTAB_OK), "success");
    assert_string_equal(ganstab_strerror(GANSTAB_EINVAL), "bad input");
    assert_string_equal(ganstab_strerror(GANSTAB_EIO), "input/output error");
    assert_string_equal(ganstab_strerror(GANSTAB_ENUMERIC), "numerical failure");
    assert_string_equal(ganstab_strerror(GANSTAB_ENOMEM), "out of memory");
    assert_string_equal(ganstab_strerror(-99), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

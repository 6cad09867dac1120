/* Unit tests for src/analysis/case.c: defaults of ganstab_case_init, every key setting its field
 * (and its `set`/`where` records), key names, sections, sweepable parameters (lookup, set, get),
 * the effective-parameter list per scheme, and a table of bad inputs through every entry point
 * (ganstab_case_set, ganstab_case_set_assignment, ganstab_case_validate,
 * ganstab_case_param_lookup, ganstab_case_param_set), each asserting GANSTAB_EINVAL, the exact
 * `where` and message substrings naming the offending key and value (DESIGN.md: errors "name
 * the offending key and value"). */
#include "testutil.h"

#include <stdio.h>

#include "ganstab/case.h"

/* Values set from text are parsed by strtod: "0.25" etc. are exact binary fractions. */
static const double EXACT = 0.0;

static void set_ok(ganstab_case *c, const char *section, const char *key, const char *value,
                   const char *where)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_set(c, section, key, value, where, &err);
    if (rc != GANSTAB_OK)
        print_error("case_set %s.%s = '%s': %s: %s\n", section, key, value, err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
}

static void assert_contains(const char *haystack, const char *needle, const char *label)
{
    if (needle != NULL && strstr(haystack, needle) == NULL) {
        print_error("%s: message \"%s\" does not contain \"%s\"\n", label, haystack, needle);
        fail();
    }
}

static void test_defaults(void **state)
{
    (void)state;
    ganstab_case c;
    memset(&c, 0xAB, sizeof c); /* init must not depend on the previous contents */
    ganstab_case_init(&c, "cases/x.ini");
    assert_string_equal(c.file, "cases/x.ini");
    assert_string_equal(c.title, "");
    assert_int_equal(c.model, GANSTAB_MODEL_DIRAC);
    assert_int_equal(c.loss, GANSTAB_LOSS_STANDARD);
    assert_int_equal(c.reg_kind, GANSTAB_REG_NONE);
    assert_true(c.gamma == 0.0 && c.sigma == 0.0);
    assert_int_equal(c.update.scheme, GANSTAB_SCHEME_FLOW);
    assert_int_equal(c.update.ng, 1);
    assert_int_equal(c.update.nd, 1);
    assert_int_equal(c.update.order, GANSTAB_ORDER_GEN_FIRST);
    assert_int_equal(c.has_critical, 0);
    for (int k = 0; k < GANSTAB_CASE_NKEYS; k++) {
        assert_int_equal(c.set[k], 0);
        assert_string_equal(c.where[k], "");
    }
    ganstab_case_init(&c, NULL);
    assert_string_equal(c.file, "");
}

static void test_key_names_and_sections(void **state)
{
    (void)state;
    static const char *const names[GANSTAB_CASE_NKEYS] = {
        "case.title",        "case.model",        "case.loss",     "regularizer.kind",
        "regularizer.gamma", "regularizer.sigma", "update.scheme", "update.h",
        "update.hg",         "update.hd",         "update.ng",     "update.nd",
        "update.order",      "critical.param",    "critical.from", "critical.to",
        "critical.scan"};
    for (int k = 0; k < GANSTAB_CASE_NKEYS; k++)
        assert_string_equal(ganstab_case_key_name((ganstab_case_key)k), names[k]);
    assert_null(ganstab_case_key_name(GANSTAB_CASE_NKEYS));
    assert_null(ganstab_case_key_name((ganstab_case_key)-1));
    static const char *const known[] = {"case", "regularizer", "update", "model", "critical"};
    for (size_t i = 0; i < TESTUTIL_COUNT(known); i++)
        assert_true(ganstab_case_section_known(known[i]));
    static const char *const unknown[] = {"", "Case", "cases", "updates", "[case]", "general"};
    for (size_t i = 0; i < TESTUTIL_COUNT(unknown); i++)
        assert_false(ganstab_case_section_known(unknown[i]));
}

/* Each key, set from text, lands in its field, with `set` and `where` recorded. */
static void test_every_key_sets_its_field(void **state)
{
    (void)state;
    static const struct {
        const char *section, *key, *value;
        ganstab_case_key id;
    } table[] = {
        {"case", "title", "Dirac with GP", GANSTAB_KEY_CASE_TITLE},
        {"case", "model", "dirac", GANSTAB_KEY_CASE_MODEL},
        {"case", "loss", "wgan", GANSTAB_KEY_CASE_LOSS},
        {"regularizer", "kind", "noise", GANSTAB_KEY_REG_KIND},
        {"regularizer", "gamma", "0.25", GANSTAB_KEY_REG_GAMMA},
        {"regularizer", "sigma", "1.5", GANSTAB_KEY_REG_SIGMA},
        {"update", "scheme", "altgd", GANSTAB_KEY_UPDATE_SCHEME},
        {"update", "h", "0.125", GANSTAB_KEY_UPDATE_H},
        {"update", "hg", "0.5", GANSTAB_KEY_UPDATE_HG},
        {"update", "hd", "2e-1", GANSTAB_KEY_UPDATE_HD},
        {"update", "ng", "3", GANSTAB_KEY_UPDATE_NG},
        {"update", "nd", "1000", GANSTAB_KEY_UPDATE_ND},
        {"update", "order", "disc-first", GANSTAB_KEY_UPDATE_ORDER},
        {"critical", "param", "update.h", GANSTAB_KEY_CRITICAL_PARAM},
        {"critical", "from", "-0.5", GANSTAB_KEY_CRITICAL_FROM},
        {"critical", "to", "4", GANSTAB_KEY_CRITICAL_TO},
        {"critical", "scan", "250", GANSTAB_KEY_CRITICAL_SCAN},
    };
    assert_int_equal(TESTUTIL_COUNT(table), GANSTAB_CASE_NKEYS);
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        char where[32];
        snprintf(where, sizeof where, "t.ini:%zu", i + 1);
        set_ok(&c, table[i].section, table[i].key, table[i].value, where);
        assert_int_equal(c.set[table[i].id], 1);
        assert_string_equal(c.where[table[i].id], where);
    }
    assert_string_equal(c.title, "Dirac with GP");
    assert_int_equal(c.model, GANSTAB_MODEL_DIRAC);
    assert_int_equal(c.loss, GANSTAB_LOSS_WGAN);
    assert_int_equal(c.reg_kind, GANSTAB_REG_NOISE);
    assert_close(c.gamma, 0.25, EXACT);
    assert_close(c.sigma, 1.5, EXACT);
    assert_int_equal(c.update.scheme, GANSTAB_SCHEME_ALTGD);
    assert_close(c.update.h, 0.125, EXACT);
    assert_close(c.update.hg, 0.5, EXACT);
    assert_close(c.update.hd, 0.2, EXACT);
    assert_int_equal(c.update.ng, 3);
    assert_int_equal(c.update.nd, 1000);
    assert_int_equal(c.update.order, GANSTAB_ORDER_DISC_FIRST);
    assert_int_equal(c.has_critical, 1);
    assert_int_equal(c.critical_param, GANSTAB_KEY_UPDATE_H);
    assert_close(c.critical_from, -0.5, EXACT);
    assert_close(c.critical_to, 4.0, EXACT);
    assert_int_equal(c.critical_scan, 250);

    /* the other choices of each choice key */
    static const struct {
        const char *section, *key, *value;
        int expect;
    } choices[] = {
        {"case", "loss", "standard", GANSTAB_LOSS_STANDARD},
        {"regularizer", "kind", "none", GANSTAB_REG_NONE},
        {"regularizer", "kind", "gp", GANSTAB_REG_GP},
        {"update", "scheme", "flow", GANSTAB_SCHEME_FLOW},
        {"update", "scheme", "simgd", GANSTAB_SCHEME_SIMGD},
        {"update", "scheme", "ttur", GANSTAB_SCHEME_TTUR},
        {"update", "order", "gen-first", GANSTAB_ORDER_GEN_FIRST},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(choices); i++) {
        set_ok(&c, choices[i].section, choices[i].key, choices[i].value, "x");
        int got = strcmp(choices[i].key, "loss") == 0     ? (int)c.loss
                  : strcmp(choices[i].key, "kind") == 0   ? (int)c.reg_kind
                  : strcmp(choices[i].key, "scheme") == 0 ? (int)c.update.scheme
                                                          : (int)c.update.order;
        assert_int_equal(got, choices[i].expect);
    }
    /* every sweepable critical.param name is accepted */
    static const struct {
        const char *name;
        ganstab_case_key key;
    } params[] = {{"regularizer.gamma", GANSTAB_KEY_REG_GAMMA},
                  {"regularizer.sigma", GANSTAB_KEY_REG_SIGMA},
                  {"update.h", GANSTAB_KEY_UPDATE_H},
                  {"update.hg", GANSTAB_KEY_UPDATE_HG},
                  {"update.hd", GANSTAB_KEY_UPDATE_HD}};
    for (size_t i = 0; i < TESTUTIL_COUNT(params); i++) {
        set_ok(&c, "critical", "param", params[i].name, "x");
        assert_int_equal(c.critical_param, params[i].key);
    }
}

static void test_set_assignment(void **state)
{
    (void)state;
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_set_assignment(&c, "update.h=0.75", &err), GANSTAB_OK);
    assert_close(c.update.h, 0.75, EXACT);
    assert_string_equal(c.where[GANSTAB_KEY_UPDATE_H], "--set update.h");
    /* the value may contain '=' and '.' */
    assert_int_equal(ganstab_case_set_assignment(&c, "case.title=a=b.c", &err), GANSTAB_OK);
    assert_string_equal(c.title, "a=b.c");
    assert_string_equal(c.where[GANSTAB_KEY_CASE_TITLE], "--set case.title");
    assert_int_equal(ganstab_case_set_assignment(&c, "regularizer.kind=gp", &err), GANSTAB_OK);
    assert_int_equal(c.reg_kind, GANSTAB_REG_GP);
}

/* ---- the bad-input table --------------------------------------------------------------- */

typedef enum { OP_SET, OP_ASSIGN, OP_VALIDATE, OP_LOOKUP, OP_PARAM_SET } bad_op;

#define MAX_SETUP 6

typedef struct {
    const char *label;
    bad_op op;
    /* applied first with ganstab_case_set, location "t.ini:<1-based index>" */
    const char *setup[MAX_SETUP][3];
    /* OP_SET: section, key, value; OP_ASSIGN: arg0 = assignment; OP_LOOKUP: arg0 = name */
    const char *arg0, *arg1, *arg2;
    ganstab_case_key pkey; /* OP_PARAM_SET */
    double number;         /* OP_PARAM_SET */
    const char *where;     /* expected err.where */
    const char *needle1, *needle2, *needle3;
} bad_input;

/* ganstab_case_set is called with this location in OP_SET rows. */
#define SET_WHERE "t.ini:42"

static const bad_input BAD[] = {
    {"unknown section",
     OP_SET,
     {{0}},
     "solver",
     "h",
     "1",
     0,
     0,
     SET_WHERE,
     "unknown section",
     "solver",
     NULL},
    {"unknown key",
     OP_SET,
     {{0}},
     "update",
     "eta",
     "1",
     0,
     0,
     SET_WHERE,
     "unknown key",
     "'eta'",
     "[update]"},
    {"unknown [model] key",
     OP_SET,
     {{0}},
     "model",
     "width",
     "3",
     0,
     0,
     SET_WHERE,
     "'width'",
     "[model]",
     "dirac"},
    {"non-numeric",
     OP_SET,
     {{0}},
     "update",
     "h",
     "abc",
     0,
     0,
     SET_WHERE,
     "'h'",
     "'abc'",
     "positive"},
    {"overflow", OP_SET, {{0}}, "update", "h", "1e999", 0, 0, SET_WHERE, "'h'", "'1e999'", NULL},
    {"nan",
     OP_SET,
     {{0}},
     "regularizer",
     "gamma",
     "nan",
     0,
     0,
     SET_WHERE,
     "'gamma'",
     "'nan'",
     NULL},
    {"inf",
     OP_SET,
     {{0}},
     "regularizer",
     "sigma",
     "inf",
     0,
     0,
     SET_WHERE,
     "'sigma'",
     "'inf'",
     NULL},
    {"-inf", OP_SET, {{0}}, "critical", "from", "-inf", 0, 0, SET_WHERE, "'from'", "'-inf'", NULL},
    {"empty number", OP_SET, {{0}}, "update", "h", "", 0, 0, SET_WHERE, "'h'", "got ''", NULL},
    {"trailing garbage",
     OP_SET,
     {{0}},
     "update",
     "hd",
     "0.1x",
     0,
     0,
     SET_WHERE,
     "'hd'",
     "'0.1x'",
     NULL},
    {"h = 0", OP_SET, {{0}}, "update", "h", "0", 0, 0, SET_WHERE, "'h'", "'0'", "positive"},
    {"h = -1", OP_SET, {{0}}, "update", "h", "-1", 0, 0, SET_WHERE, "'h'", "'-1'", "positive"},
    {"hg = -0.1", OP_SET, {{0}}, "update", "hg", "-0.1", 0, 0, SET_WHERE, "'hg'", "'-0.1'", NULL},
    {"sigma = -0.5",
     OP_SET,
     {{0}},
     "regularizer",
     "sigma",
     "-0.5",
     0,
     0,
     SET_WHERE,
     "'sigma'",
     "'-0.5'",
     ">= 0"},
    {"gamma = -1",
     OP_SET,
     {{0}},
     "regularizer",
     "gamma",
     "-1",
     0,
     0,
     SET_WHERE,
     "'gamma'",
     "'-1'",
     ">= 0"},
    {"ng = 0", OP_SET, {{0}}, "update", "ng", "0", 0, 0, SET_WHERE, "'ng'", "'0'", "integer"},
    {"ng = 1.5", OP_SET, {{0}}, "update", "ng", "1.5", 0, 0, SET_WHERE, "'ng'", "'1.5'", "integer"},
    {"ng = 1001",
     OP_SET,
     {{0}},
     "update",
     "ng",
     "1001",
     0,
     0,
     SET_WHERE,
     "'ng'",
     "'1001'",
     "1..1000"},
    {"nd = -2", OP_SET, {{0}}, "update", "nd", "-2", 0, 0, SET_WHERE, "'nd'", "'-2'", NULL},
    {"nd empty", OP_SET, {{0}}, "update", "nd", "", 0, 0, SET_WHERE, "'nd'", "''", NULL},
    {"scan = 5",
     OP_SET,
     {{0}},
     "critical",
     "scan",
     "5",
     0,
     0,
     SET_WHERE,
     "'scan'",
     "'5'",
     "integer"},
    {"unknown model",
     OP_SET,
     {{0}},
     "case",
     "model",
     "foo",
     0,
     0,
     SET_WHERE,
     "'model'",
     "'foo'",
     "dirac"},
    {"planned model",
     OP_SET,
     {{0}},
     "case",
     "model",
     "gmm",
     0,
     0,
     SET_WHERE,
     "'gmm'",
     "not supported in this version",
     "'model'"},
    {"planned regularizer",
     OP_SET,
     {{0}},
     "regularizer",
     "kind",
     "r1",
     0,
     0,
     SET_WHERE,
     "'r1'",
     "not supported in this version",
     NULL},
    {"unknown loss",
     OP_SET,
     {{0}},
     "case",
     "loss",
     "hinge",
     0,
     0,
     SET_WHERE,
     "'loss'",
     "'hinge'",
     "standard|wgan"},
    {"unknown scheme",
     OP_SET,
     {{0}},
     "update",
     "scheme",
     "adam",
     0,
     0,
     SET_WHERE,
     "'scheme'",
     "'adam'",
     "flow|simgd|altgd|ttur"},
    {"bad order",
     OP_SET,
     {{0}},
     "update",
     "order",
     "both",
     0,
     0,
     SET_WHERE,
     "'order'",
     "'both'",
     "gen-first|disc-first"},
    {"empty title", OP_SET, {{0}}, "case", "title", "", 0, 0, SET_WHERE, "'title'", "empty", NULL},
    {"critical.param not sweepable",
     OP_SET,
     {{0}},
     "critical",
     "param",
     "update.ng",
     0,
     0,
     SET_WHERE,
     "'param'",
     "'update.ng'",
     NULL},
    {"--set without '='",
     OP_ASSIGN,
     {{0}},
     "update.h",
     NULL,
     NULL,
     0,
     0,
     "--set",
     "'update.h'",
     "'='",
     NULL},
    {"--set without '.'",
     OP_ASSIGN,
     {{0}},
     "h=0.1",
     NULL,
     NULL,
     0,
     0,
     "--set",
     "'h=0.1'",
     "SECTION.KEY=VALUE",
     NULL},
    {"--set with '.' only in the value",
     OP_ASSIGN,
     {{0}},
     "h=0.1.2",
     NULL,
     NULL,
     0,
     0,
     "--set",
     "'h=0.1.2'",
     NULL,
     NULL},
    {"--set empty key",
     OP_ASSIGN,
     {{0}},
     "update.=1",
     NULL,
     NULL,
     0,
     0,
     "--set",
     "'update.=1'",
     NULL,
     NULL},
    {"--set unknown key",
     OP_ASSIGN,
     {{0}},
     "update.eta=1",
     NULL,
     NULL,
     0,
     0,
     "--set update.eta",
     "'eta'",
     "[update]",
     NULL},
    {"--set bad value",
     OP_ASSIGN,
     {{0}},
     "update.h=-1",
     NULL,
     NULL,
     0,
     0,
     "--set update.h",
     "'h'",
     "'-1'",
     NULL},
    {"--set unknown section",
     OP_ASSIGN,
     {{0}},
     "solver.h=1",
     NULL,
     NULL,
     0,
     0,
     "--set solver.h",
     "solver",
     NULL,
     NULL},
    {"model missing",
     OP_VALIDATE,
     {{0}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini",
     "case.model",
     NULL,
     NULL},
    {"gp without gamma",
     OP_VALIDATE,
     {{"case", "model", "dirac"}, {"regularizer", "kind", "gp"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:2",
     "regularizer.gamma",
     "regularizer.kind = gp",
     NULL},
    {"noise without sigma",
     OP_VALIDATE,
     {{"case", "model", "dirac"}, {"update", "scheme", "flow"}, {"regularizer", "kind", "noise"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:3",
     "regularizer.sigma",
     "noise",
     NULL},
    {"simgd without h",
     OP_VALIDATE,
     {{"case", "model", "dirac"}, {"update", "scheme", "simgd"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:2",
     "update.h",
     "update.scheme = simgd",
     NULL},
    {"altgd without h",
     OP_VALIDATE,
     {{"case", "model", "dirac"}, {"update", "hg", "0.1"}, {"update", "scheme", "altgd"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:3",
     "update.h",
     "altgd",
     NULL},
    {"ttur without hd",
     OP_VALIDATE,
     {{"case", "model", "dirac"}, {"update", "scheme", "ttur"}, {"update", "hg", "0.1"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:2",
     "update.hd",
     "ttur",
     NULL},
    {"ttur without hg",
     OP_VALIDATE,
     {{"case", "model", "dirac"}, {"update", "scheme", "ttur"}, {"update", "hd", "0.1"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:2",
     "update.hg",
     "ttur",
     NULL},
    {"critical from >= to",
     OP_VALIDATE,
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "gp"},
      {"regularizer", "gamma", "0.5"},
      {"critical", "param", "regularizer.gamma"},
      {"critical", "from", "2"},
      {"critical", "to", "1"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:6",
     "'to'",
     "critical.from (2)",
     "got 1"},
    {"critical from == to",
     OP_VALIDATE,
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "gp"},
      {"regularizer", "gamma", "0.5"},
      {"critical", "param", "regularizer.gamma"},
      {"critical", "to", "1.5"},
      {"critical", "from", "1.5"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:5",
     "'to'",
     "got 1.5",
     NULL},
    {"critical param without effect",
     OP_VALIDATE,
     {{"case", "model", "dirac"},
      {"regularizer", "kind", "noise"},
      {"regularizer", "sigma", "1"},
      {"critical", "param", "regularizer.gamma"},
      {"critical", "from", "0"},
      {"critical", "to", "4"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:4",
     "'regularizer.gamma'",
     "no effect",
     "not gp"},
    {"critical missing to",
     OP_VALIDATE,
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"critical", "param", "update.h"},
      {"critical", "from", "0.5"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini",
     "critical.to",
     "missing",
     NULL},
    {"critical sweep leaves the domain",
     OP_VALIDATE,
     {{"case", "model", "dirac"},
      {"update", "scheme", "simgd"},
      {"update", "h", "0.1"},
      {"critical", "param", "update.h"},
      {"critical", "from", "-1"},
      {"critical", "to", "2"}},
     NULL,
     NULL,
     NULL,
     0,
     0,
     "t.ini:5",
     "update.h",
     "positive",
     "-1"},
    {"param lookup unknown",
     OP_LOOKUP,
     {{0}},
     "regularizer.eta",
     NULL,
     NULL,
     0,
     0,
     "--param",
     "unknown parameter",
     "'regularizer.eta'",
     NULL},
    {"param lookup not numeric",
     OP_LOOKUP,
     {{0}},
     "update.scheme",
     NULL,
     NULL,
     0,
     0,
     "--param",
     "'update.scheme'",
     "can be varied",
     NULL},
    {"param lookup not sweepable",
     OP_LOOKUP,
     {{0}},
     "critical.from",
     NULL,
     NULL,
     0,
     0,
     "--param",
     "'critical.from'",
     NULL,
     NULL},
    {"param lookup without effect",
     OP_LOOKUP,
     {{"update", "scheme", "simgd"}},
     "update.hd",
     NULL,
     NULL,
     0,
     0,
     "--param",
     "'update.hd'",
     "no effect",
     "not ttur"},
    {"param lookup h in flow",
     OP_LOOKUP,
     {{0}},
     "update.h",
     NULL,
     NULL,
     0,
     0,
     "--param",
     "'update.h'",
     "no effect",
     NULL},
    {"param_set h = -1",
     OP_PARAM_SET,
     {{0}},
     NULL,
     NULL,
     NULL,
     GANSTAB_KEY_UPDATE_H,
     -1.0,
     "--from",
     "update.h",
     "-1",
     "positive"},
    {"param_set h = 0",
     OP_PARAM_SET,
     {{0}},
     NULL,
     NULL,
     NULL,
     GANSTAB_KEY_UPDATE_H,
     0.0,
     "--from",
     "update.h",
     "got 0",
     NULL},
    {"param_set gamma NaN",
     OP_PARAM_SET,
     {{0}},
     NULL,
     NULL,
     NULL,
     GANSTAB_KEY_REG_GAMMA,
     NAN,
     "--from",
     "regularizer.gamma",
     "nan",
     NULL},
    {"param_set sigma < 0",
     OP_PARAM_SET,
     {{0}},
     NULL,
     NULL,
     NULL,
     GANSTAB_KEY_REG_SIGMA,
     -0.5,
     "--to",
     "regularizer.sigma",
     "-0.5",
     ">= 0"},
    {"param_set hd inf",
     OP_PARAM_SET,
     {{0}},
     NULL,
     NULL,
     NULL,
     GANSTAB_KEY_UPDATE_HD,
     INFINITY,
     "--to",
     "update.hd",
     "inf",
     NULL},
    {"param_set non-numeric key",
     OP_PARAM_SET,
     {{0}},
     NULL,
     NULL,
     NULL,
     GANSTAB_KEY_UPDATE_NG,
     2.0,
     "--to",
     "update.ng",
     "not a numeric parameter",
     NULL},
};

static void test_bad_inputs(void **state)
{
    (void)state;
    assert_true(TESTUTIL_COUNT(BAD) >= 25);
    for (size_t i = 0; i < TESTUTIL_COUNT(BAD); i++) {
        const bad_input *b = &BAD[i];
        ganstab_case c;
        ganstab_case_init(&c, "t.ini");
        for (size_t s = 0; s < MAX_SETUP && b->setup[s][0] != NULL; s++) {
            char where[32];
            snprintf(where, sizeof where, "t.ini:%zu", s + 1);
            set_ok(&c, b->setup[s][0], b->setup[s][1], b->setup[s][2], where);
        }
        ganstab_case before = c;
        ganstab_error err;
        ganstab_error_clear(&err);
        ganstab_case_key key = GANSTAB_CASE_NKEYS;
        int rc = GANSTAB_OK;
        switch (b->op) {
        case OP_SET:
            rc = ganstab_case_set(&c, b->arg0, b->arg1, b->arg2, SET_WHERE, &err);
            break;
        case OP_ASSIGN:
            rc = ganstab_case_set_assignment(&c, b->arg0, &err);
            break;
        case OP_VALIDATE:
            rc = ganstab_case_validate(&c, &err);
            break;
        case OP_LOOKUP:
            rc = ganstab_case_param_lookup(&c, b->arg0, "--param", &key, &err);
            break;
        case OP_PARAM_SET:
            rc = ganstab_case_param_set(&c, b->pkey, b->number, b->where, &err);
            break;
        }
        if (rc != GANSTAB_EINVAL || err.code != GANSTAB_EINVAL ||
            strcmp(err.where, b->where) != 0) {
            print_error("row %zu (%s): rc = %d, code = %d, where = \"%s\" (expected \"%s\"), "
                        "message = \"%s\"\n",
                        i, b->label, rc, err.code, err.where, b->where, err.message);
            fail();
        }
        assert_error(rc, GANSTAB_EINVAL, &err);
        assert_contains(err.message, b->needle1, b->label);
        assert_contains(err.message, b->needle2, b->label);
        assert_contains(err.message, b->needle3, b->label);
        /* a refused value changes nothing */
        if (memcmp(&before, &c, sizeof c) != 0) {
            print_error("row %zu (%s): the case changed although the input was refused\n", i,
                        b->label);
            fail();
        }
    }
}

/* A refused value keeps the previous one (and its location). */
static void test_refused_value_keeps_previous(void **state)
{
    (void)state;
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    set_ok(&c, "update", "h", "0.5", "t.ini:3");
    ganstab_error err;
    ganstab_error_clear(&err);
    int rc = ganstab_case_set(&c, "update", "h", "-2", "t.ini:9", &err);
    assert_error(rc, GANSTAB_EINVAL, &err);
    assert_close(c.update.h, 0.5, EXACT);
    assert_string_equal(c.where[GANSTAB_KEY_UPDATE_H], "t.ini:3");
}

static ganstab_case valid_case(const char *const (*kv)[3], size_t n)
{
    ganstab_case c;
    ganstab_case_init(&c, "t.ini");
    for (size_t i = 0; i < n; i++)
        set_ok(&c, kv[i][0], kv[i][1], kv[i][2], "t.ini:1");
    return c;
}

static void test_validate_accepts(void **state)
{
    (void)state;
    static const char *const ok1[][3] = {{"case", "model", "dirac"}};
    static const char *const ok2[][3] = {
        {"case", "model", "dirac"},   {"regularizer", "kind", "gp"}, {"regularizer", "gamma", "0"},
        {"update", "scheme", "ttur"}, {"update", "hg", "0.1"},       {"update", "hd", "0.2"}};
    static const char *const ok3[][3] = {
        {"case", "model", "dirac"},    {"regularizer", "kind", "noise"},
        {"regularizer", "sigma", "1"}, {"update", "scheme", "altgd"},
        {"update", "h", "0.1"},        {"critical", "param", "update.h"},
        {"critical", "from", "0.01"},  {"critical", "to", "6"}};
    /* gamma sweep from 0 is inside gamma's domain (>= 0) */
    static const char *const ok4[][3] = {
        {"case", "model", "dirac"},    {"regularizer", "kind", "gp"},
        {"regularizer", "gamma", "1"}, {"critical", "param", "regularizer.gamma"},
        {"critical", "from", "0"},     {"critical", "to", "4"}};
    ganstab_error err;
    ganstab_case c = valid_case(ok1, TESTUTIL_COUNT(ok1));
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
    c = valid_case(ok2, TESTUTIL_COUNT(ok2));
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
    c = valid_case(ok3, TESTUTIL_COUNT(ok3));
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
    c = valid_case(ok4, TESTUTIL_COUNT(ok4));
    assert_int_equal(ganstab_case_validate(&c, &err), GANSTAB_OK);
}

static void test_param_lookup_set_get(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *scheme, *name;
        ganstab_case_key key;
    } table[] = {
        {"gp", "flow", "regularizer.gamma", GANSTAB_KEY_REG_GAMMA},
        {"noise", "flow", "regularizer.sigma", GANSTAB_KEY_REG_SIGMA},
        {"none", "simgd", "update.h", GANSTAB_KEY_UPDATE_H},
        {"none", "altgd", "update.h", GANSTAB_KEY_UPDATE_H},
        {"none", "ttur", "update.hg", GANSTAB_KEY_UPDATE_HG},
        {"gp", "ttur", "update.hd", GANSTAB_KEY_UPDATE_HD},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_case c;
        ganstab_case_init(&c, NULL);
        set_ok(&c, "regularizer", "kind", table[i].kind, "x");
        set_ok(&c, "update", "scheme", table[i].scheme, "x");
        ganstab_error err;
        ganstab_error_clear(&err);
        ganstab_case_key key = GANSTAB_CASE_NKEYS;
        assert_int_equal(ganstab_case_param_lookup(&c, table[i].name, "--param", &key, &err),
                         GANSTAB_OK);
        assert_int_equal(key, table[i].key);
        assert_int_equal(ganstab_case_param_set(&c, key, 0.375, "--from", &err), GANSTAB_OK);
        assert_close(ganstab_case_param_get(&c, key), 0.375, EXACT);
        assert_int_equal(c.set[key], 1);
    }
    ganstab_case c;
    ganstab_case_init(&c, NULL);
    assert_true(isnan(ganstab_case_param_get(&c, GANSTAB_KEY_UPDATE_NG)));
    /* boundaries: gamma = sigma = 0 accepted, h must be > 0 */
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_REG_GAMMA, 0.0, "x", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_REG_SIGMA, 0.0, "x", &err), GANSTAB_OK);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_UPDATE_H, 1e-300, "x", &err),
                     GANSTAB_OK);
    assert_close(c.update.h, 1e-300, EXACT);
}

static int find_param(const ganstab_case_param *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ganstab_case_parameters: the parameters that affect the case, in report order. */
static void test_parameters_per_scheme(void **state)
{
    (void)state;
    static const struct {
        const char *kind, *scheme;
        const char *names[10];
    } table[] = {
        {"none", "flow", {"case.model", "case.loss", "regularizer.kind", "update.scheme"}},
        {"gp",
         "flow",
         {"case.model", "case.loss", "regularizer.kind", "regularizer.gamma", "update.scheme"}},
        {"noise",
         "simgd",
         {"case.model", "case.loss", "regularizer.kind", "regularizer.sigma", "update.scheme",
          "update.h"}},
        {"none",
         "altgd",
         {"case.model", "case.loss", "regularizer.kind", "update.scheme", "update.h", "update.ng",
          "update.nd", "update.order"}},
        {"gp",
         "ttur",
         {"case.model", "case.loss", "regularizer.kind", "regularizer.gamma", "update.scheme",
          "update.hg", "update.hd"}},
    };
    for (size_t i = 0; i < TESTUTIL_COUNT(table); i++) {
        ganstab_case c;
        ganstab_case_init(&c, NULL);
        set_ok(&c, "case", "model", "dirac", "x");
        set_ok(&c, "case", "loss", "wgan", "x");
        set_ok(&c, "regularizer", "kind", table[i].kind, "x");
        set_ok(&c, "regularizer", "gamma", "0.5", "x");
        set_ok(&c, "regularizer", "sigma", "1.25", "x");
        set_ok(&c, "update", "scheme", table[i].scheme, "x");
        set_ok(&c, "update", "h", "0.1", "x");
        set_ok(&c, "update", "hg", "0.2", "x");
        set_ok(&c, "update", "hd", "0.3", "x");
        set_ok(&c, "update", "ng", "2", "x");
        set_ok(&c, "update", "nd", "5", "x");
        set_ok(&c, "update", "order", "disc-first", "x");
        ganstab_case_param p[16];
        size_t n = ganstab_case_parameters(&c, p, TESTUTIL_COUNT(p));
        size_t expect_n = 0;
        while (expect_n < 10 && table[i].names[expect_n] != NULL)
            expect_n++;
        assert_int_equal(n, expect_n);
        for (size_t k = 0; k < n; k++)
            assert_string_equal(p[k].name, table[i].names[k]);
        /* values */
        int j;
        assert_string_equal(p[find_param(p, n, "case.model")].text, "dirac");
        assert_string_equal(p[find_param(p, n, "case.loss")].text, "wgan");
        assert_string_equal(p[find_param(p, n, "regularizer.kind")].text, table[i].kind);
        assert_string_equal(p[find_param(p, n, "update.scheme")].text, table[i].scheme);
        assert_false(p[find_param(p, n, "update.scheme")].is_number);
        if ((j = find_param(p, n, "regularizer.gamma")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.5);
        if ((j = find_param(p, n, "regularizer.sigma")) >= 0)
            assert_true(p[j].is_number && p[j].number == 1.25);
        if ((j = find_param(p, n, "update.h")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.1);
        if ((j = find_param(p, n, "update.hg")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.2);
        if ((j = find_param(p, n, "update.hd")) >= 0)
            assert_true(p[j].is_number && p[j].number == 0.3);
        if ((j = find_param(p, n, "update.ng")) >= 0)
            assert_true(p[j].is_number && p[j].number == 2.0);
        if ((j = find_param(p, n, "update.nd")) >= 0)
            assert_true(p[j].is_number && p[j].number == 5.0);
        if ((j = find_param(p, n, "update.order")) >= 0)
            assert_string_equal(p[j].text, "disc-first");
        /* a short buffer: the full count is returned, only max entries are written */
        ganstab_case_param small[2];
        memset(small, 0, sizeof small);
        assert_int_equal(ganstab_case_parameters(&c, small, 2), expect_n);
        assert_string_equal(small[0].name, "case.model");
        assert_string_equal(small[1].name, "case.loss");
        assert_int_equal(ganstab_case_parameters(&c, NULL, 0), expect_n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_key_names_and_sections),
        cmocka_unit_test(test_every_key_sets_its_field),
        cmocka_unit_test(test_set_assignment),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_refused_value_keeps_previous),
        cmocka_unit_test(test_validate_accepts),
        cmocka_unit_test(test_param_lookup_set_get),
        cmocka_unit_test(test_parameters_per_scheme),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

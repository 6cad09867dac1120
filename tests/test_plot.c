/* Tests of the figures (plot.h): the numbers each figure shows against the papers' closed forms
 * and against second computations (Lemma 2.3's circles, Lemma 3.3's eigenvalues, the GMM-GAN's TV
 * distance by quadrature of the drawn curve), thinning against its geometric promise, and the
 * SVG: parsed by libxml2, every series found with the expected number of points, the same bytes
 * on every rendering, invalid figures refused. */
#include "testutil.h"

#include "ganstab/ganstab.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>

/* Computations that should agree to rounding: sums of a few O(1) terms. */
#define EXACT 1e-12
/* Streamlines: RK4 steps of h = 0.1 cell = 3/240 = 0.0125 in the Dirac window [-1.5, 1.5]^2. A line
   leaving the window ends on the chord of its last step, off the circle by at most h^2/(8r) =
   1.3e-5 for the circles that reach the border (r >= 1.5): relative 9e-6; RK4's own error is
   O(h^4) below it. */
#define STREAM_TOL 2e-5
/* The trapezoid rule on the density figure's 801 points (spacing ~0.02) against the exact TV:
   the kinks of |F| at its zeros cost O(h^2 max|F'|) ~ 1e-4. */
#define TV_QUADRATURE_TOL 1e-3
/* Areas read back from the SVG: PLplot prints page coordinates to 0.01 pt, so a rectangle's side
   of >= 40 pt is off by <= 0.01/40 relative (each end rounded by half that), its area by twice
   that: 5e-4; with margin, 1e-3. */
#define SVG_AREA_TOL 1e-3
/* The stability map's closed-form line against the boundary points the engine located, in window
   units (x / window width, y / window height): the line is thinned to GANSTAB_PLOT_RESOLUTION;
   between its GANSTAB_PLOT_MAP_LINES samples (spacing dh = 5.9/400 in h) the flip branch
   gamma = 2/h + h/8 bends away from its chord by at most dh^2/8 * max|gamma''(h)| = dh^2/8 * 4/h^3
   <= 3.4e-4 at h >= 0.68 (where gamma <= 3), i.e. 1.1e-4 of the window's 3.1 in gamma: together
   below 6.1e-4. */
#define MAP_CURVE_TOL 6.1e-4

static void build(ganstab_case *c, const char *const *assignments)
{
    testutil_case_build(c, assignments);
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_validate(c, &err), GANSTAB_OK);
}

/* The first series of the panel whose label starts with `prefix`, or NULL. */
static const ganstab_plot_series *find_series(const ganstab_plot_panel *p, const char *prefix)
{
    for (size_t k = 0; k < p->nseries; k++)
        if (strncmp(p->series[k].label, prefix, strlen(prefix)) == 0)
            return &p->series[k];
    return NULL;
}

static size_t count_series(const ganstab_plot_panel *p, ganstab_plot_series_kind kind)
{
    size_t n = 0;
    for (size_t k = 0; k < p->nseries; k++)
        n += p->series[k].kind == kind;
    return n;
}

static double f1_standard(double t) /* f'(t) of f(t) = -log(1 + e^-t) */
{
    return 1.0 / (1.0 + exp(t));
}

/* ---- SVG helpers (libxml2) ------------------------------------------------------------------- */

static char *render(const ganstab_plot_figure *fig, size_t *len)
{
    ganstab_error err;
    ganstab_error_clear(&err);
    char *svg = NULL;
    int rc = ganstab_plot_render_svg(fig, &svg, len, &err);
    if (rc != GANSTAB_OK)
        print_error("render: %s: %s\n", err.where, err.message);
    assert_int_equal(rc, GANSTAB_OK);
    assert_non_null(svg);
    assert_int_equal(strlen(svg), *len);
    return svg;
}

static xmlDocPtr parse(const char *svg, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, "figure.svg", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_non_null(root);
    assert_string_equal((const char *)root->name, "svg");
    return doc;
}

/* Coordinate pairs ("x,y") in a points or d attribute. */
static size_t pairs(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += *s == ',';
    return n;
}

/* Over the document: coordinate pairs and subpaths (polylines count one each) of the elements
 * with stroke `stroke` (NULL: any) and fill `fill` ("none" for lines). */
typedef struct {
    size_t pairs, subpaths, elements;
} svg_count;

static void count_walk(xmlNodePtr node, const char *stroke, const char *fill, svg_count *c)
{
    for (xmlNodePtr n = node; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int path = strcmp((const char *)n->name, "path") == 0;
        int poly = strcmp((const char *)n->name, "polyline") == 0;
        if (path || poly) {
            xmlChar *st = xmlGetProp(n, (const xmlChar *)"stroke");
            xmlChar *fi = xmlGetProp(n, (const xmlChar *)"fill");
            xmlChar *geo = xmlGetProp(n, (const xmlChar *)(path ? "d" : "points"));
            int match = (stroke == NULL || (st != NULL && strcmp((char *)st, stroke) == 0)) &&
                        fi != NULL && strcmp((char *)fi, fill) == 0 && geo != NULL;
            if (match) {
                c->elements++;
                c->pairs += pairs((const char *)geo);
                if (path) {
                    for (const char *q = (const char *)geo; *q != '\0'; q++)
                        c->subpaths += *q == 'M';
                } else {
                    c->subpaths++;
                }
            }
            xmlFree(st);
            xmlFree(fi);
            xmlFree(geo);
        }
        count_walk(n->children, stroke, fill, c);
    }
}

static svg_count count(xmlDocPtr doc, const char *stroke, const char *fill)
{
    svg_count c = {0, 0, 0};
    count_walk(xmlDocGetRootElement(doc), stroke, fill, &c);
    return c;
}

/* Number of <text> elements whose content (entities decoded) contains `needle`. */
static size_t texts_with(xmlNodePtr node, const char *needle)
{
    size_t n = 0;
    for (; node != NULL; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, "text") == 0) {
            xmlChar *content = xmlNodeGetContent(node);
            if (content != NULL && strstr((const char *)content, needle) != NULL)
                n++;
            xmlFree(content);
        } else {
            n += texts_with(node->children, needle);
        }
    }
    return n;
}

/* The area (page pt^2) and the number of elements of the filled shapes of one fill colour: every
 * subpath of a path ("M x,y x,y ..." polygons, or "Mx,yHxVyHxZ" rectangles) or polyline. */
typedef struct {
    double area;
    size_t elements, subpaths;
} svg_fill;

static double shoelace(const double *x, const double *y, size_t n)
{
    double a = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t j = i + 1 < n ? i + 1 : 0;
        a += x[i] * y[j] - x[j] * y[i];
    }
    return 0.5 * fabs(a);
}

/* Subpaths of a d/points attribute: each a polygon of absolute points, or H/V moves. */
static void fill_area(const char *d, svg_fill *f)
{
    enum { MAXP = 64 };
    double x[MAXP], y[MAXP];
    size_t n = 0;
    const char *p = d;
    for (;;) {
        while (*p == ' ')
            p++;
        int end = *p == '\0' || *p == 'M';
        if (end && n > 0) {
            f->area += shoelace(x, y, n);
            f->subpaths++;
            n = 0;
        }
        if (*p == '\0')
            break;
        char *q = NULL;
        if (*p == 'M' || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.') {
            if (*p == 'M')
                p++;
            double a = strtod(p, &q);
            assert_true(q != p && *q == ',');
            double b = strtod(q + 1, &q);
            assert_true(n < MAXP);
            x[n] = a;
            y[n] = b;
            n++;
        } else if (*p == 'H' || *p == 'V') {
            double v = strtod(p + 1, &q);
            assert_true(n > 0 && n < MAXP);
            x[n] = *p == 'H' ? v : x[n - 1];
            y[n] = *p == 'V' ? v : y[n - 1];
            n++;
        } else if (*p == 'Z') {
            q = (char *)p + 1;
        } else {
            fail_msg("unexpected path data at '%.20s'", p);
        }
        p = q;
    }
}

static void fill_walk(xmlNodePtr node, const char *colour, svg_fill *f)
{
    for (xmlNodePtr n = node; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int path = strcmp((const char *)n->name, "path") == 0;
        int poly = strcmp((const char *)n->name, "polyline") == 0;
        if (path || poly) {
            xmlChar *fi = xmlGetProp(n, (const xmlChar *)"fill");
            xmlChar *geo = xmlGetProp(n, (const xmlChar *)(path ? "d" : "points"));
            if (fi != NULL && geo != NULL && strcmp((char *)fi, colour) == 0) {
                f->elements++;
                fill_area((const char *)geo, f);
            }
            xmlFree(fi);
            xmlFree(geo);
        }
        fill_walk(n->children, colour, f);
    }
}

static svg_fill fills(xmlDocPtr doc, const char *colour)
{
    svg_fill f = {0.0, 0, 0};
    fill_walk(xmlDocGetRootElement(doc), colour, &f);
    return f;
}

static void hex(char *buf, ganstab_plot_colour c)
{
    snprintf(buf, 8, "#%02X%02X%02X", c.r, c.g, c.b);
}

/* ---- the figure model ------------------------------------------------------------------------ */

static double point_segment(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0.0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(px - ax - t * dx, py - ay - t * dy);
}

/* Thinning keeps the ends and breaks, and every dropped point lies within tol of the segment
 * between the kept points around it; a straight line keeps its two ends. */
static void test_thin(void **state)
{
    (void)state;
    enum { N = 3001 };
    static double x[N], y[N];
    static unsigned char keep[N];
    testutil_rng r;
    testutil_rng_seed(&r, 7);
    for (size_t i = 0; i < N; i++) {
        double t = 20.0 * (double)i / (N - 1);
        x[i] = t;
        y[i] = sin(t) * exp(-0.1 * t) + 1e-5 * testutil_rng_uniform(&r, -1, 1);
    }
    x[1500] = NAN; /* a break */
    double sx = 20.0, sy = 2.0, tol = GANSTAB_PLOT_RESOLUTION;
    size_t kept = ganstab_plot_thin(x, y, N, sx, sy, tol, keep);
    size_t sum = 0;
    for (size_t i = 0; i < N; i++)
        sum += keep[i];
    assert_int_equal(kept, sum);
    assert_true(kept < N / 4); /* a smooth curve needs few points at 1/2000 */
    assert_true(keep[0] && keep[N - 1] && keep[1499] && keep[1500] && keep[1501]);
    double worst = 0.0;
    size_t prev = 0;
    for (size_t i = 1; i < N; i++) {
        if (!keep[i])
            continue;
        if (!isfinite(x[i]) || !isfinite(x[prev])) {
            prev = i;
            continue;
        }
        for (size_t j = prev + 1; j < i; j++)
            worst = fmax(worst, point_segment(x[j] / sx, y[j] / sy, x[prev] / sx, y[prev] / sy,
                                              x[i] / sx, y[i] / sy));
        prev = i;
    }
    assert_true(worst <= tol);

    /* a straight line: its ends (and runs of at most 512 points between kept ones) */
    for (size_t i = 0; i < 400; i++) {
        x[i] = (double)i;
        y[i] = 2.0 * (double)i + 1.0;
    }
    assert_int_equal(ganstab_plot_thin(x, y, 400, 400.0, 800.0, tol, keep), 2);
    assert_true(keep[0] && keep[399]);
}

/* The colour scale: viridis' ends, clamping, grey for NaN. */
static void test_scale(void **state)
{
    (void)state;
    ganstab_plot_colour a = ganstab_plot_scale_colour(0.0), b = ganstab_plot_scale_colour(1.0);
    assert_true(a.r == 68 && a.g == 1 && a.b == 84);
    assert_true(b.r == 253 && b.g == 231 && b.b == 37);
    ganstab_plot_colour lo = ganstab_plot_scale_colour(-3.0), hi = ganstab_plot_scale_colour(7.0);
    assert_memory_equal(&lo, &a, sizeof a);
    assert_memory_equal(&hi, &b, sizeof b);
    ganstab_plot_colour g = ganstab_plot_scale_colour(NAN);
    assert_true(g.r == g.g && g.g == g.b);
    /* green rises along the scale */
    int last = -1;
    for (int k = 0; k <= 20; k++) {
        ganstab_plot_colour c = ganstab_plot_scale_colour(k / 20.0);
        assert_true(c.g > last);
        last = c.g;
    }
    ganstab_plot_kind kind;
    assert_int_equal(ganstab_plot_kind_parse("locus", &kind), GANSTAB_OK);
    assert_int_equal(kind, GANSTAB_PLOT_LOCUS);
    assert_string_equal(ganstab_plot_kind_name(GANSTAB_PLOT_DENSITY), "density");
    assert_int_equal(ganstab_plot_kind_parse("pie", &kind), GANSTAB_EINVAL);
    assert_int_equal(ganstab_plot_kind_parse("map", &kind), GANSTAB_OK);
    assert_int_equal(kind, GANSTAB_PLOT_MAP);
    assert_string_equal(ganstab_plot_kind_name(GANSTAB_PLOT_HEATMAP), "heatmap");
}

/* ---- eigen ----------------------------------------------------------------------------------- */

/* Lemma 3.3: the gradient-penalty flow has eigenvalues -gamma/2 +- sqrt(gamma^2/4 - f'(0)^2);
 * the figure shows exactly those, the imaginary axis, the verdict; simgd's figure shows
 * 1 + h lambda on the unit circle's inside with a zoom panel (the pair is 0.024 from the circle).
 */
static void test_eigen(void **state)
{
    (void)state;
    static const char *const flow[] = {"case.model=dirac", "regularizer.kind=gp",
                                       "regularizer.gamma=0.5", NULL};
    static const char *const simgd[] = {"case.model=dirac",      "regularizer.kind=gp",
                                        "regularizer.gamma=0.5", "update.scheme=simgd",
                                        "update.h=0.1",          NULL};
    ganstab_error err;
    ganstab_error_clear(&err);
    for (int which = 0; which < 2; which++) {
        ganstab_case c;
        build(&c, which == 0 ? flow : simgd);
        ganstab_result *r = NULL;
        assert_int_equal(ganstab_analyze(&c, GANSTAB_DEFAULT_TOL, &r, &err), GANSTAB_OK);
        ganstab_plot_figure fig;
        assert_int_equal(ganstab_plot_eigen(&c, r, &fig, &err), GANSTAB_OK);
        assert_int_equal(fig.npanels, which == 0 ? 1 : 2);
        const ganstab_plot_panel *p = &fig.panels[0];
        const ganstab_plot_series *ev = find_series(p, "eigenvalues of");
        assert_non_null(ev);
        assert_int_equal(ev->kind, GANSTAB_PLOT_POINTS);
        assert_int_equal(ev->n, 2);
        double f1 = 0.5, gamma = 0.5, h = 0.1;
        double re = -gamma / 2, im = sqrt(f1 * f1 - gamma * gamma / 4);
        for (size_t i = 0; i < 2; i++) {
            double pre = which == 0 ? re : 1.0 + h * re, pim = which == 0 ? im : h * im;
            assert_close(ev->x[i], pre, EXACT);
            assert_close(fabs(ev->y[i]), pim, EXACT);
        }
        assert_true(ev->y[0] * ev->y[1] < 0.0); /* a conjugate pair */
        assert_non_null(strstr(p->title, "stable"));
        if (which == 0) {
            const ganstab_plot_series *axis = find_series(p, "imaginary axis");
            assert_non_null(axis);
            assert_close(axis->x[0], 0.0, 0.0);
            assert_close(axis->x[1], 0.0, 0.0);
        } else {
            const ganstab_plot_series *circle = find_series(p, "unit circle");
            assert_non_null(circle);
            assert_true(circle->n >= 360);
            for (size_t i = 0; i < circle->n; i++)
                assert_close(hypot(circle->x[i], circle->y[i]), 1.0, EXACT);
            /* the zoom holds the decisive eigenvalue and the circle point nearest it */
            const ganstab_plot_panel *z = &fig.panels[1];
            double a = hypot(1.0 + h * re, h * im);
            assert_true(z->xmin < 1.0 + h * re && z->xmax > (1.0 + h * re) / a);
            assert_true(z->equal_aspect);
        }
        size_t len = 0;
        char *svg = render(&fig, &len);
        xmlDocPtr doc = parse(svg, len);
        /* the two eigenvalue markers and the legend's sample: three filled circles; simgd's
           zoom adds the decisive one (its conjugate lies outside) and a legend sample */
        char colour[8];
        hex(colour, ev->colour);
        svg_count filled = count(doc, colour, colour);
        assert_int_equal(filled.subpaths, which == 0 ? 3 : 5);
        /* the verdict is in the title */
        assert_true(texts_with(xmlDocGetRootElement(doc), "stable") >= 1);
        xmlFreeDoc(doc);
        free(svg);
        ganstab_plot_figure_free(&fig);
        ganstab_result_free(r);
    }
}

/* ---- locus ----------------------------------------------------------------------------------- */

/* Lemma 3.3 along gamma in [0, 4]: every sample of every track is one of
 * -gamma/2 +- sqrt(gamma^2/4 - 1/4), the tracks are continuous, and the one crossing (gamma = 1,
 * complex to real) is marked at the double eigenvalue -1/2. */
static void test_locus(void **state)
{
    (void)state;
    static const char *const gp[] = {"case.model=dirac", "regularizer.kind=gp",
                                     "regularizer.gamma=0.5", "critical.param=regularizer.gamma",
                                     /* from 0.01: since critical lists the Hopf crossing at the
                                        domain end gamma = 0, a range from 0 has it too */
                                     "critical.from=0.01", "critical.to=4", NULL};
    ganstab_case c;
    build(&c, gp);
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_locus(&c, NULL, &fig, &err), GANSTAB_OK);
    assert_int_equal(fig.npanels, 2);
    const ganstab_plot_panel *left = &fig.panels[0], *right = &fig.panels[1];
    /* two tracks in each panel; in the right one, Re lambda against gamma */
    size_t tracks = 0;
    for (size_t k = 0; k < right->nseries; k++) {
        const ganstab_plot_series *s = &right->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || s->n < 3)
            continue;
        tracks++;
        for (size_t i = 0; i < s->n; i++) {
            double g = s->x[i], disc = g * g / 4 - 0.25;
            double lo = disc > 0 ? -g / 2 - sqrt(disc) : -g / 2;
            double hi = disc > 0 ? -g / 2 + sqrt(disc) : -g / 2;
            assert_true(fabs(s->y[i] - lo) < 1e-10 || fabs(s->y[i] - hi) < 1e-10);
        }
    }
    assert_int_equal(tracks, 2);
    /* continuous tracks: past the crossing each stays on one branch (the matching never swaps
       them), the two on different ones */
    int branch_of[2] = {0, 0};
    size_t t = 0;
    for (size_t k = 0; k < right->nseries; k++) {
        const ganstab_plot_series *s = &right->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || s->n < 3)
            continue;
        int branch = 0;
        for (size_t i = 0; i < s->n; i++) {
            double g = s->x[i];
            if (g < 1.01)
                continue;
            int b = s->y[i] > -g / 2 ? 1 : -1;
            assert_true(branch == 0 || b == branch);
            branch = b;
        }
        branch_of[t++] = branch;
    }
    assert_true(branch_of[0] * branch_of[1] == -1);
    assert_non_null(find_series(left, "eigenvalue tracks"));
    const ganstab_plot_series *crit = find_series(left, "critical values");
    assert_non_null(crit);
    assert_int_equal(crit->n, 2);
    for (size_t i = 0; i < 2; i++) {
        assert_close(crit->x[i], -0.5, 1e-6); /* a defective double eigenvalue: ~sqrt(eps) */
        assert_close(crit->y[i], 0.0, 1e-6);
    }
    const ganstab_plot_series *rcrit = find_series(right, "critical values");
    assert_non_null(rcrit);
    assert_close(rcrit->x[0], 1.0, 1e-10);
    /* dots coloured by gamma, on the colour scale [0.01, 4] */
    const ganstab_plot_series *dots = find_series(left, "γ every");
    assert_non_null(dots);
    assert_non_null(dots->value);
    assert_true(left->has_scale && left->zmin == 0.01 && left->zmax == 4.0);
    assert_int_equal(dots->n,
                     2 * ((GANSTAB_PLOT_LOCUS_POINTS - 1) / GANSTAB_PLOT_LOCUS_DOT_EVERY + 1));

    size_t len = 0;
    char *svg = render(&fig, &len);
    xmlDocPtr doc = parse(svg, len);
    /* each right-panel track is one solid line of its colour, all its points drawn */
    for (size_t k = 0; k < right->nseries; k++) {
        const ganstab_plot_series *s = &right->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || s->n < 3)
            continue;
        char colour[8];
        hex(colour, s->colour);
        svg_count lines = count(doc, colour, "none");
        /* the same colour draws this track in both panels and the left one's legend sample */
        const ganstab_plot_series *twin = NULL;
        for (size_t j = 0; j < left->nseries; j++)
            if (left->series[j].kind == GANSTAB_PLOT_LINE && left->series[j].n >= 3 &&
                memcmp(&left->series[j].colour, &s->colour, sizeof s->colour) == 0)
                twin = &left->series[j];
        assert_non_null(twin);
        size_t legend = twin->label[0] != '\0' ? 2 : 0;
        assert_int_equal(lines.pairs, s->n + twin->n + legend);
    }
    assert_true(texts_with(xmlDocGetRootElement(doc), "γ = 1 (complex-to-real)") >= 1);
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);

    /* options instead of [critical]; refusals */
    ganstab_plot_options o;
    memset(&o, 0, sizeof o);
    o.has_param = 1;
    o.param = GANSTAB_KEY_REG_GAMMA;
    o.from = 2.0;
    o.to = 3.0;
    assert_int_equal(ganstab_plot_locus(&c, &o, &fig, &err), GANSTAB_OK);
    assert_null(find_series(&fig.panels[0], "critical values"));
    ganstab_plot_figure_free(&fig);
    o.to = 1.0;
    assert_error(ganstab_plot_locus(&c, &o, &fig, &err), GANSTAB_EINVAL, &err);
    ganstab_plot_figure_free(&fig);
    static const char *const plain[] = {"case.model=dirac", NULL};
    build(&c, plain);
    assert_error(ganstab_plot_locus(&c, NULL, &fig, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "--param"));
    ganstab_plot_figure_free(&fig);
}

/* ---- phase ----------------------------------------------------------------------------------- */

/* The unregularized Dirac-GAN: every streamline is a circle about x* (Lemma 2.3), every arrow
 * points along v = (-psi f'(theta psi), theta f'(theta psi)), the drawn run is the simulated
 * one (each vertex a simulated point, in order) and all its points reach the SVG. */
static void test_phase(void **state)
{
    (void)state;
    static const char *const unreg[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.05",
                                        NULL};
    ganstab_case c;
    build(&c, unreg);
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_phase(&c, NULL, &fig, &err), GANSTAB_OK);
    const ganstab_plot_panel *p = &fig.panels[0];
    size_t streams = 0;
    double worst = 0.0;
    for (size_t k = 0; k < p->nseries; k++) {
        const ganstab_plot_series *s = &p->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || !s->arrowhead)
            continue;
        streams++;
        double r0 = hypot(s->x[0], s->y[0]);
        for (size_t i = 0; i < s->n; i++)
            worst = fmax(worst, fabs(hypot(s->x[i], s->y[i]) - r0) / r0);
    }
    assert_true(streams >= 8);
    assert_true(worst < STREAM_TOL);
    const ganstab_plot_series *arrows = find_series(p, "field v");
    assert_non_null(arrows);
    assert_int_equal(arrows->n, GANSTAB_PLOT_PHASE_ARROWS * GANSTAB_PLOT_PHASE_ARROWS);
    for (size_t i = 0; i < arrows->n; i++) {
        double th = arrows->x[i], ps = arrows->y[i];
        double vx = -ps * f1_standard(th * ps), vy = th * f1_standard(th * ps);
        double u = arrows->u[i], v = arrows->v[i]; /* window is square: same scale */
        double cross = u * vy - v * vx, dot = u * vx + v * vy;
        assert_true(fabs(cross) <= 1e-12 * (hypot(u, v) * hypot(vx, vy) + 1e-300));
        assert_true(dot >= 0.0);
    }
    const ganstab_plot_series *run = find_series(p, "altgd");
    assert_non_null(run);
    ganstab_case simc;
    ganstab_sim_options so;
    assert_int_equal(ganstab_plot_run(&c, NULL, &simc, &so, &err), GANSTAB_OK);
    assert_int_equal(so.steps, 1000); /* 50 time units of h = 0.05 */
    ganstab_trajectory *tr = NULL;
    assert_int_equal(ganstab_simulate(&simc, &so, &tr, &err), GANSTAB_OK);
    size_t k = 0;
    for (size_t i = 0; i < run->n; i++) {
        while (k < tr->n_points && !(tr->x[2 * k] == run->x[i] && tr->x[2 * k + 1] == run->y[i]))
            k++;
        assert_true(k < tr->n_points);
    }
    assert_true(run->x[0] == 1.0 && run->y[0] == 1.0);
    assert_true(run->x[run->n - 1] == tr->x[2 * (tr->n_points - 1)]);
    /* default window: x* +- 1.5 * the start's offset (1, 1), widened to 1.1 times the run's
       reach (altgd's cycle bulges a little beyond the start's circle) */
    double reach = 0.0;
    for (size_t i = 0; i < 2 * tr->n_points; i++)
        reach = fmax(reach, fabs(tr->x[i]));
    assert_true(reach > 1.0 && reach < 1.5);
    assert_close(p->xmin, -fmax(1.5, 1.1 * reach), EXACT);
    assert_close(p->ymax, fmax(1.5, 1.1 * reach), EXACT);
    ganstab_trajectory_free(tr);

    size_t len = 0;
    char *svg = render(&fig, &len);
    xmlDocPtr doc = parse(svg, len);
    char colour[8];
    hex(colour, run->colour);
    svg_count drawn = count(doc, colour, "none");
    /* the run (inside the window), its legend sample (2 points) and the end marker's outline
       (5 points) in the axes and in the legend: 3 subpaths besides the run's. PLplot hands a
       long polyline to the driver in pieces that share their joints: each further piece of the
       run repeats one point. */
    size_t pieces = drawn.subpaths - 3;
    assert_true(pieces >= 1);
    assert_int_equal(drawn.pairs, run->n + (pieces - 1) + 2 + 2 * 5);
    hex(colour, arrows->colour);
    svg_count heads = count(doc, colour, colour);
    svg_count shafts = count(doc, colour, "none");
    assert_true(heads.subpaths >= 200 && heads.subpaths == shafts.subpaths);
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);

    /* clipping shades the forbidden discriminator values; axes and window from [plot] */
    static const char *const clipped[] = {"case.model=dirac",      "case.loss=wgan",
                                          "regularizer.clip=1",    "plot.axes=psi theta",
                                          "plot.window=-2 2 -3 3", NULL};
    build(&c, clipped);
    assert_int_equal(ganstab_plot_phase(&c, NULL, &fig, &err), GANSTAB_OK);
    p = &fig.panels[0];
    assert_true(p->xmin == -2.0 && p->xmax == 2.0 && p->ymin == -3.0 && p->ymax == 3.0);
    assert_non_null(strstr(p->xlabel, "ψ"));
    size_t shaded = 0;
    for (size_t i = 0; i < p->nseries; i++)
        if (strncmp(p->series[i].label, "forbidden", 9) == 0) {
            shaded++;
            double x0 = fmin(p->series[i].x[0], p->series[i].x[1]);
            double x1 = fmax(p->series[i].x[0], p->series[i].x[1]);
            assert_true((x0 == 1.0 && x1 == 2.0) || (x0 == -2.0 && x1 == -1.0));
        }
    assert_int_equal(shaded, 2);
    ganstab_plot_figure_free(&fig);

    /* only two-dimensional states */
    static const char *const gmm[] = {"case.model=gmm", "model.mu_star=-1 1", "model.disc=-2 0 0 2",
                                      NULL};
    build(&c, gmm);
    assert_error(ganstab_plot_phase(&c, NULL, &fig, &err), GANSTAB_EINVAL, &err);
    assert_non_null(strstr(err.message, "two-dimensional"));
    ganstab_plot_figure_free(&fig);
}

/* ---- the run's defaults -----------------------------------------------------------------------
 */

static void test_run_defaults(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c, run;
    ganstab_sim_options so;
    static const char *const flow[] = {"case.model=dirac", NULL};
    build(&c, flow);
    assert_int_equal(ganstab_plot_run(&c, NULL, &run, &so, &err), GANSTAB_OK);
    assert_true(so.has_t_end && so.t_end == GANSTAB_PLOT_DEFAULT_T);
    assert_int_equal(so.steps, GANSTAB_PLOT_FLOW_POINTS);
    assert_false(so.has_init);
    static const char *const tiny[] = {"case.model=dirac", "update.scheme=simgd", "update.h=1e-4",
                                       NULL};
    build(&c, tiny);
    assert_int_equal(ganstab_plot_run(&c, NULL, &run, &so, &err), GANSTAB_OK);
    assert_int_equal(so.steps, GANSTAB_PLOT_DEFAULT_STEPS_MAX);
    ganstab_plot_options o;
    memset(&o, 0, sizeof o);
    o.has_t_end = 1;
    o.t_end = 3.0;
    assert_error(ganstab_plot_run(&c, &o, &run, &so, &err), GANSTAB_EINVAL, &err);
    assert_string_equal(err.where, "--t-end");
    /* [simulate] gives scheme, start and steps; options override them */
    static const char *const sim[] = {"case.model=dirac",      "update.h=0.2",
                                      "simulate.scheme=simgd", "simulate.init=0.3 0.4",
                                      "simulate.steps=7",      NULL};
    build(&c, sim);
    assert_int_equal(ganstab_plot_run(&c, NULL, &run, &so, &err), GANSTAB_OK);
    assert_int_equal(run.update.scheme, GANSTAB_SCHEME_SIMGD);
    assert_int_equal(so.steps, 7);
    assert_true(so.has_init && so.init[0] == 0.3 && so.init[1] == 0.4);
    o.has_t_end = 0;
    o.has_steps = 1;
    o.steps = 11;
    assert_int_equal(ganstab_plot_run(&c, &o, &run, &so, &err), GANSTAB_OK);
    assert_int_equal(so.steps, 11);
}

/* ---- trajectory ------------------------------------------------------------------------------ */

/* The unregularized flow keeps the distance to x* at sqrt(2) from (1, 1) (Lemma 2.3): the
 * distance panel is that constant; the gmm time series has the two means and both intervals. */
static void test_trajectory(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_case c;
    static const char *const flow[] = {"case.model=dirac", NULL};
    build(&c, flow);
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_trajectory(&c, NULL, &fig, &err), GANSTAB_OK);
    assert_int_equal(fig.npanels, 2);
    const ganstab_plot_series *d = find_series(&fig.panels[1], "‖x − x*‖₂");
    assert_non_null(d);
    for (size_t i = 0; i < d->n; i++)
        assert_close(d->y[i], sqrt(2.0), 1e-9);
    assert_true(d->n <= 3); /* a constant: thinned to its ends (runs of at most 512 points) */
    assert_close(d->x[d->n - 1], GANSTAB_PLOT_DEFAULT_T, EXACT);
    assert_int_equal(count_series(&fig.panels[0], GANSTAB_PLOT_LINE), 2);
    assert_false(fig.panels[1].ylog);
    size_t len = 0;
    char *svg = render(&fig, &len);
    xmlDocPtr doc = parse(svg, len);
    char colour[8];
    for (size_t k = 0; k < 2; k++) {
        const ganstab_plot_series *s = &fig.panels[0].series[k];
        hex(colour, s->colour);
        assert_int_equal(count(doc, colour, "none").pairs, s->n + 2); /* and its legend sample */
    }
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);

    static const char *const gmm[] = {"case.model=gmm",
                                      "model.mu_star=-2 2",
                                      "model.disc=-1 0.2 -1 2.5",
                                      "update.scheme=simgd",
                                      "update.h=0.3",
                                      "simulate.init=-1 2.5 -1 0.2 -1 2.5",
                                      "simulate.steps=300",
                                      NULL};
    build(&c, gmm);
    assert_int_equal(ganstab_plot_trajectory(&c, NULL, &fig, &err), GANSTAB_OK);
    assert_int_equal(count_series(&fig.panels[0], GANSTAB_PLOT_LINE), 6);
    const ganstab_plot_series *tv = find_series(&fig.panels[1], "TV distance");
    assert_non_null(tv);
    for (size_t i = 0; i < tv->n; i += 7) {
        /* each drawn TV value is the TV of the simulated means at that time */
        ganstab_case run;
        ganstab_sim_options so;
        assert_int_equal(ganstab_plot_run(&c, NULL, &run, &so, &err), GANSTAB_OK);
        so.steps = (size_t)lround(tv->x[i] / 0.3);
        if (so.steps == 0)
            continue;
        ganstab_trajectory *tr = NULL;
        assert_int_equal(ganstab_simulate(&run, &so, &tr, &err), GANSTAB_OK);
        double exact = 0.0;
        assert_int_equal(ganstab_gmm_tv(c.gmm_mu_star, &tr->x[6 * so.steps], &exact, &err),
                         GANSTAB_OK);
        assert_close(tv->y[i], exact, EXACT);
        ganstab_trajectory_free(tr);
    }
    /* the collapse of interval 1 is marked */
    size_t marked = 0;
    for (size_t k = 0; k < fig.panels[1].nnotes; k++)
        marked += strstr(fig.panels[1].notes[k].text, "interval 1 collapses") != NULL;
    assert_int_equal(marked, 1);
    ganstab_plot_figure_free(&fig);
}

/* ---- density --------------------------------------------------------------------------------- */

static double normal(double t)
{
    return exp(-t * t / 2) / sqrt(2 * 3.14159265358979323846);
}

/* Li et al. 2018, Figure 3: the curve is p_mu* - p_mu_hat (a closed form here), half its
 * integral of |F| is the TV distance the library computes from the crossings; the optimal
 * discriminator is where F > 0; holding the generator, the discriminator's first interval
 * collapses (panel (c)); after the run both have (panel (d)). */
static void test_density(void **state)
{
    (void)state;
    static const char *const fig3[] = {"case.model=gmm",
                                       "model.mu_star=-2 2",
                                       "model.disc=-1 0.2 -1 2.5",
                                       "update.scheme=simgd",
                                       "update.h=0.3",
                                       "simulate.init=-1 2.5 -1 0.2 -1 2.5",
                                       "simulate.steps=3000",
                                       NULL};
    ganstab_case c;
    build(&c, fig3);
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_density(&c, NULL, &fig, &err), GANSTAB_OK);
    assert_int_equal(fig.npanels, 4);
    const ganstab_plot_series *F = find_series(&fig.panels[0], "F = ");
    assert_non_null(F);
    assert_int_equal(F->n, GANSTAB_PLOT_DENSITY_POINTS);
    double mu_hat[2] = {-1.0, 2.5}, integral = 0.0;
    for (size_t i = 0; i < F->n; i++) {
        double t = F->x[i];
        double exact = 0.5 * (normal(t + 2) + normal(t - 2)) -
                       0.5 * (normal(t - mu_hat[0]) + normal(t - mu_hat[1]));
        assert_close(F->y[i], exact, EXACT);
        if (i > 0)
            integral += 0.5 * (fabs(F->y[i]) + fabs(F->y[i - 1])) * (F->x[i] - F->x[i - 1]);
    }
    double tv = 0.0;
    assert_int_equal(ganstab_gmm_tv(c.gmm_mu_star, mu_hat, &tv, &err), GANSTAB_OK);
    assert_close(0.5 * integral, tv, TV_QUADRATURE_TOL);
    /* the optimal discriminator's bars: F > 0 inside, F <= 0 just outside their finite ends */
    size_t bars = 0;
    for (size_t k = 0; k < fig.panels[0].nseries; k++) {
        const ganstab_plot_series *s = &fig.panels[0].series[k];
        if (strncmp(s->label, "optimal discriminator", 21) != 0)
            continue;
        bars++;
        double l = s->x[0], r = s->x[1], mid = 0.5 * (l + r);
        double Fmid =
            0.5 * (normal(mid + 2) + normal(mid - 2)) - 0.5 * (normal(mid + 1) + normal(mid - 2.5));
        assert_true(Fmid > 0);
        for (int e = 0; e < 2; e++) {
            double t = e == 0 ? l - 1e-3 : r + 1e-3;
            if (t < fig.panels[0].xmin || t > fig.panels[0].xmax)
                continue;
            double Ft =
                0.5 * (normal(t + 2) + normal(t - 2)) - 0.5 * (normal(t + 1) + normal(t - 2.5));
            assert_true(Ft < 0);
        }
    }
    assert_int_equal(bars, 2);
    assert_non_null(find_series(&fig.panels[2], "interval 1 collapsed"));
    assert_non_null(find_series(&fig.panels[2], "discriminator interval 2"));
    assert_non_null(find_series(&fig.panels[3], "interval 1 collapsed"));
    assert_non_null(find_series(&fig.panels[3], "interval 2 collapsed"));
    size_t len = 0;
    char *svg = render(&fig, &len);
    xmlDocPtr doc = parse(svg, len);
    svg_count curves = count(doc, "#000000", "none");
    assert_true(curves.pairs >= 4 * 2); /* four curves, thinned */
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);

    static const char *const dirac[] = {"case.model=dirac", NULL};
    build(&c, dirac);
    assert_error(ganstab_plot_density(&c, NULL, &fig, &err), GANSTAB_EINVAL, &err);
    ganstab_plot_figure_free(&fig);
}

/* ---- heatmaps -------------------------------------------------------------------------------- */

static void test_heatmap(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    double x[3] = {0.0, 1.0, 3.0}, y[2] = {-1.0, 1.0};
    double z[6] = {0.0, 0.5, 1.0, 0.25, NAN, 0.75};
    ganstab_plot_heatmap_data d = {"t", "x", "y", "share", 3, 2, x, y, z, 0.0, 1.0};
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_heatmap(&d, &fig, &err), GANSTAB_OK);
    const ganstab_plot_panel *p = &fig.panels[0];
    assert_true(p->has_image && p->has_scale);
    double xe[4] = {-0.5, 0.5, 2.0, 4.0}, ye[3] = {-2.0, 0.0, 2.0};
    for (size_t i = 0; i < 4; i++)
        assert_close(p->image.x_edges[i], xe[i], 0.0);
    for (size_t j = 0; j < 3; j++)
        assert_close(p->image.y_edges[j], ye[j], 0.0);
    assert_true(p->xmin == -0.5 && p->xmax == 4.0 && p->ymin == -2.0 && p->ymax == 2.0);
    size_t len = 0;
    char *svg = render(&fig, &len);
    xmlDocPtr doc = parse(svg, len);
    /* the five cells with values, each in its scale colour (the NaN one left blank) */
    for (size_t k = 0; k < 6; k++) {
        if (isnan(z[k]))
            continue;
        char colour[8];
        hex(colour, ganstab_plot_scale_colour(z[k]));
        assert_true(count(doc, NULL, colour).subpaths >= 1);
    }
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);
    double bad[3] = {0.0, 0.0, 1.0};
    d.x = bad;
    assert_error(ganstab_plot_heatmap(&d, &fig, &err), GANSTAB_EINVAL, &err);
    ganstab_plot_figure_free(&fig);

    /* Li et al.'s map: each cell's colour value is its count over the starts */
    static const char *const gmm[] = {"case.model=gmm", "model.mu_star=-0.5 0.5",
                                      "model.disc=-2 -0.2 0.2 2", NULL};
    ganstab_case c;
    build(&c, gmm);
    ganstab_gmm_heatmap_options ho;
    ganstab_gmm_heatmap_options_init(&ho);
    ho.grid = 3;
    ho.inits = 4;
    ho.iters = 60;
    ho.threads = 1;
    ganstab_gmm_heatmap *m = NULL;
    assert_int_equal(ganstab_gmm_heatmap_run(&c, &ho, &m, &err), GANSTAB_OK);
    assert_int_equal(ganstab_plot_gmm_heatmap(&c, m, GANSTAB_PLOT_SHARE_MODE_COLLAPSE, &fig, &err),
                     GANSTAB_OK);
    p = &fig.panels[0];
    for (size_t i1 = 0; i1 < 3; i1++)
        for (size_t i2 = 0; i2 < 3; i2++)
            assert_close(p->image.z[i2 * 3 + i1], (double)m->mode_collapse_count[i1 * 3 + i2] / 4.0,
                         0.0);
    /* mu1 = mu2 on the diagonal stays mode-collapsed (both means get the same gradient) */
    for (size_t i = 0; i < 3; i++)
        assert_close(p->image.z[i * 3 + i], 1.0, 0.0);
    svg = render(&fig, &len);
    doc = parse(svg, len);
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);
    ganstab_gmm_heatmap_free(m);
}

/* The image is drawn colour by colour as few rectangles: every colour is one element whose area is
 * its cells' share of the image, a blank (NaN) cell covers nothing, and a block of one colour is
 * one rectangle. */
static void test_image_cells(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    enum { NX = 41, NY = 41 };
    static double x[NX], y[NY], z[NX * NY];
    for (size_t i = 0; i < NX; i++)
        x[i] = -1.0 + 2.0 * (double)i / (NX - 1);
    for (size_t j = 0; j < NY; j++)
        y[j] = -1.0 + 2.0 * (double)j / (NY - 1);
    /* 1 on a 10 x 6 block, 0.5 on a staircase, NaN at one cell, 0 elsewhere */
    size_t count[3] = {0, 0, 0};
    for (size_t j = 0; j < NY; j++)
        for (size_t i = 0; i < NX; i++) {
            double v = 0.0;
            if (i >= 20 && i < 30 && j >= 5 && j < 11)
                v = 1.0;
            else if (i + j >= 50 && i + j < 54)
                v = 0.5;
            if (i == 3 && j == 7)
                v = NAN;
            z[j * NX + i] = v;
            if (!isnan(v))
                count[v == 0.0 ? 0 : v == 0.5 ? 1 : 2]++;
        }
    ganstab_plot_heatmap_data d = {"cells", "x", "y", "z", NX, NY, x, y, z, 0.0, 1.0};
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_heatmap(&d, &fig, &err), GANSTAB_OK);
    size_t len = 0;
    char *svg = render(&fig, &len);
    xmlDocPtr doc = parse(svg, len);
    static const double level[3] = {0.0, 0.5, 1.0};
    svg_fill f[3];
    double total = 0.0;
    for (int k = 0; k < 3; k++) {
        char colour[8];
        hex(colour, ganstab_plot_scale_colour(level[k]));
        f[k] = fills(doc, colour);
        assert_int_equal(f[k].elements, 1); /* one path (or polyline) per colour */
        total += f[k].area;
    }
    size_t cells = count[0] + count[1] + count[2];
    assert_int_equal(cells, NX * NY - 1);
    for (int k = 0; k < 3; k++)
        assert_close(f[k].area / total, (double)count[k] / (double)cells, SVG_AREA_TOL);
    assert_int_equal(f[2].subpaths, 1);   /* the block: one rectangle */
    assert_true(f[1].subpaths <= 2 * 41); /* the staircase: at most a run per row and diagonal */
    assert_true(f[0].subpaths < 100);     /* the rest: the runs between the others */
    xmlFreeDoc(doc);
    free(svg);
    ganstab_plot_figure_free(&fig);
}

/* ---- stability maps ------------------------------------------------------------------------ */

/* Is (x, y) within tol (window units) of one of the panel's line series labelled `label`? */
static double distance_to_lines(const ganstab_plot_panel *p, const char *label, double x, double y)
{
    double sx = p->xmax - p->xmin, sy = p->ymax - p->ymin, best = INFINITY;
    for (size_t k = 0; k < p->nseries; k++) {
        const ganstab_plot_series *s = &p->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || strcmp(s->label, label) != 0)
            continue;
        for (size_t i = 0; i + 1 < s->n; i++)
            if (isfinite(s->x[i]) && isfinite(s->x[i + 1]) && isfinite(s->y[i]) &&
                isfinite(s->y[i + 1]))
                best = fmin(best, point_segment(x / sx, y / sy, s->x[i] / sx, s->y[i] / sy,
                                                s->x[i + 1] / sx, s->y[i + 1] / sy));
    }
    return best;
}

/* Is (x, y) within two sample lines (window units) of an end of a run of the line series
 * labelled `label`? There a branch starts, ends or meets another between two lines. */
static int near_line_end(const ganstab_plot_panel *p, const char *label, double x, double y)
{
    double sx = p->xmax - p->xmin, sy = p->ymax - p->ymin;
    double reach = 2.0 / (GANSTAB_PLOT_MAP_LINES - 1);
    for (size_t k = 0; k < p->nseries; k++) {
        const ganstab_plot_series *s = &p->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || strcmp(s->label, label) != 0)
            continue;
        for (size_t i = 0; i < s->n; i++) {
            int finite = isfinite(s->x[i]) && isfinite(s->y[i]);
            int first = i == 0 || !isfinite(s->x[i - 1]) || !isfinite(s->y[i - 1]);
            int last = i + 1 == s->n || !isfinite(s->x[i + 1]) || !isfinite(s->y[i + 1]);
            if (finite && (first || last) && fabs(x - s->x[i]) / sx <= reach &&
                fabs(y - s->y[i]) / sy <= reach)
                return 1;
        }
    }
    return 0;
}

/* Eigenvalues of the update operator outside the unit circle at (gamma, h). */
static int outside_unit_circle(const ganstab_case *base, double gamma, double h)
{
    ganstab_case c = *base;
    ganstab_error err;
    ganstab_error_clear(&err);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_REG_GAMMA, gamma, "test", &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_case_param_set(&c, GANSTAB_KEY_UPDATE_H, h, "test", &err), GANSTAB_OK);
    ganstab_eigenvalue ev[2];
    assert_int_equal(ganstab_analysis_spectrum(&c, ev, &err), GANSTAB_OK);
    return (ev[0].abs > 1.0) + (ev[1].abs > 1.0);
}

/* The (gamma, h) map of simgd on the Dirac-GAN with gradient penalty (Mescheder et al. 2018,
 * Lemma 3.3): the image is the map's spectral radius cell by cell; the located points are drawn
 * as many as the map has, by role; the closed-form boundary passes through every boundary point
 * the engine located (a second computation: Brent on the spectrum against the claim's formula),
 * and the complex-to-real line lies on gamma = 2 f'(0) = 1; the SVG has one marker per point. */
static void test_map(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    static const char *const set[] = {"case.model=dirac",      "regularizer.kind=gp",
                                      "regularizer.gamma=0.5", "update.scheme=simgd",
                                      "update.h=0.1",          NULL};
    ganstab_case c;
    build(&c, set);
    ganstab_axis ax, ay;
    assert_int_equal(
        ganstab_axis_init(&c, "regularizer.gamma", 0.0, 3.0, 13, 2, 1001, "test", &ax, &err),
        GANSTAB_OK);
    assert_int_equal(ganstab_axis_init(&c, "update.h", 0.1, 6.0, 24, 2, 1001, "test", &ay, &err),
                     GANSTAB_OK);
    ganstab_study_options so;
    ganstab_study_options_init(&so);
    ganstab_stability_map *m = NULL;
    assert_int_equal(ganstab_study_map(&c, &ax, &ay, &so, &m, &err), GANSTAB_OK);
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_stability_map(&c, m, &fig, &err), GANSTAB_OK);
    const ganstab_plot_panel *p = &fig.panels[0];
    assert_true(p->has_image && p->has_scale);
    assert_int_equal(p->image.nx, 13);
    assert_int_equal(p->image.ny, 24);
    for (size_t k = 0; k < 13 * 24; k++)
        assert_true(p->image.z[k] == m->cells[k].measure);
    /* cells centred on the grid: gamma 0, 0.25, ..., 3; h 0.1 + 5.9 k / 23 */
    assert_close(p->image.x_edges[0], -0.125, EXACT);
    assert_close(p->image.x_edges[13], 3.125, EXACT);
    assert_close(p->image.y_edges[1], 0.1 + 0.5 * 5.9 / 23.0, EXACT);
    assert_true(p->zmin == 0.0 && p->zmax == GANSTAB_PLOT_MAP_RADIUS_MAX);
    assert_string_equal(p->xlabel, "γ (regularizer.gamma)");
    assert_string_equal(p->ylabel, "h (update.h)");

    size_t boundary = 0, keep = 0, oscillation = 0;
    for (size_t k = 0; k < m->npoints; k++) {
        const ganstab_crossing *x = &m->points[k].crossing;
        if (x->kind == GANSTAB_CROSSING_OSCILLATION)
            oscillation++;
        else if (x->before != x->after)
            boundary++;
        else
            keep++;
    }
    assert_true(boundary > 30 && oscillation >= 24);
    const ganstab_plot_series *bp = find_series(p, "boundary points");
    const ganstab_plot_series *op = find_series(p, "complex ↔ real points");
    assert_non_null(bp);
    assert_non_null(op);
    assert_int_equal(bp->n, boundary);
    assert_int_equal(op->n, oscillation);
    const ganstab_plot_series *kp = find_series(p, "crossings that keep the verdict");
    if (keep == 0)
        assert_null(kp);
    else
        assert_int_equal(kp != NULL ? kp->n : 0, keep);
    size_t curves = 0;
    for (size_t k = 0; k < p->nseries; k++)
        curves += strcmp(p->series[k].label, "boundary, located points joined") == 0;
    assert_int_equal(curves, 1);

    /* the closed form of the region (derived from Lemma 3.3) through every located boundary
       point, and Lemma 3.3's gamma_crit = 2 |f'(0)| = 1 for the complex-to-real line */
    const char *hmax = "boundary, closed form (derived:simgd-damped-hmax)";
    assert_non_null(find_series(p, hmax));
    double worst = 0.0;
    size_t checked = 0;
    for (size_t i = 0; i < bp->n; i++)
        if (!near_line_end(p, hmax, bp->x[i], bp->y[i])) {
            worst = fmax(worst, distance_to_lines(p, hmax, bp->x[i], bp->y[i]));
            checked++;
        }
    assert_true(worst <= MAP_CURVE_TOL);
    assert_true(checked + 3 >= boundary); /* all but the corner's and the branches' ends */
    /* and the engine agrees at every vertex of the closed form: the number of eigenvalues of
       I + hJ outside the unit circle changes across it along gamma */
    size_t vertices = 0;
    for (size_t k = 0; k < p->nseries; k++) {
        const ganstab_plot_series *s = &p->series[k];
        if (s->kind != GANSTAB_PLOT_LINE || strcmp(s->label, hmax) != 0)
            continue;
        for (size_t i = 0; i < s->n; i++)
            if (isfinite(s->x[i]) && isfinite(s->y[i])) {
                double d = GANSTAB_CROSSING_PROBE * fmax(1.0, fabs(s->x[i]));
                assert_int_not_equal(outside_unit_circle(&c, s->x[i] - d, s->y[i]),
                                     outside_unit_circle(&c, s->x[i] + d, s->y[i]));
                vertices++;
            }
    }
    assert_true(vertices >= 20);
    const ganstab_plot_series *crit =
        find_series(p, "complex ↔ real, closed form (mescheder2018:lemma-3.3)");
    assert_non_null(crit);
    size_t on_line = 0;
    for (size_t i = 0; i < crit->n; i++)
        if (isfinite(crit->x[i])) {
            assert_close(crit->x[i], 2.0 * 0.5, EXACT);
            on_line++;
        }
    assert_true(on_line >= 2);

    /* the SVG: every located point a marker (and one in the legend), the same bytes twice */
    size_t len = 0, len2 = 0;
    char *svg = render(&fig, &len), *again = render(&fig, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(svg, again, len);
    xmlDocPtr doc = parse(svg, len);
    char colour[8];
    hex(colour, bp->colour);
    assert_int_equal(fills(doc, colour).subpaths, boundary + 1);
    hex(colour, op->colour);
    assert_int_equal(fills(doc, colour).subpaths, oscillation + 1);
    assert_int_equal(texts_with(xmlDocGetRootElement(doc), "γ (regularizer.gamma)"), 1);
    xmlFreeDoc(doc);
    free(svg);
    free(again);
    ganstab_plot_figure_free(&fig);
    ganstab_stability_map_free(m);

    /* an integer axis: the closed form (Lemma 2.5: h = 2/(sqrt(nd) f'(0))) as a cross on each of
       its values, at the located flip */
    static const char *const altgd[] = {"case.model=dirac", "update.scheme=altgd", "update.h=0.5",
                                        NULL};
    build(&c, altgd);
    assert_int_equal(ganstab_axis_init(&c, "update.h", 0.1, 6.0, 60, 2, 1001, "test", &ax, &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_axis_init(&c, "update.nd", 1.0, 4.0, 4, 2, 1001, "test", &ay, &err),
                     GANSTAB_OK);
    assert_int_equal(ganstab_study_map(&c, &ax, &ay, &so, &m, &err), GANSTAB_OK);
    assert_int_equal(ganstab_plot_stability_map(&c, m, &fig, &err), GANSTAB_OK);
    p = &fig.panels[0];
    const ganstab_plot_series *cross =
        find_series(p, "boundary, closed form (mescheder2018:lemma-2.5)");
    assert_non_null(cross);
    assert_int_equal(cross->kind, GANSTAB_PLOT_POINTS);
    size_t marked = 0;
    for (size_t i = 0; i < cross->n; i++)
        if (isfinite(cross->x[i])) {
            assert_close(cross->x[i], 2.0 / (sqrt(cross->y[i]) * 0.5), EXACT);
            marked++;
        }
    assert_int_equal(marked, 4);
    assert_string_equal(p->ylabel, "n_d (update.nd)");
    ganstab_plot_figure_free(&fig);
    ganstab_stability_map_free(m);

    /* the dispatcher does not build maps (they need a computed map) */
    assert_error(ganstab_plot_case(&c, NULL, GANSTAB_PLOT_MAP, NULL, &fig, &err), GANSTAB_EINVAL,
                 &err);
    ganstab_plot_figure_free(&fig);
}

/* ---- rendering: determinism and refusals ------------------------------------------------------
 */

static void test_render(void **state)
{
    (void)state;
    ganstab_error err;
    ganstab_error_clear(&err);
    ganstab_plot_figure fig;
    assert_int_equal(ganstab_plot_figure_init(&fig, 1, 1, 400, 300, &err), GANSTAB_OK);
    ganstab_plot_panel *p = &fig.panels[0];
    snprintf(p->title, sizeof p->title, "50%% # of <runs> & more");
    ganstab_plot_series *s = ganstab_plot_series_add(p, GANSTAB_PLOT_LINE, 3, 0, &err);
    assert_non_null(s);
    s->x[1] = 0.5;
    s->y[1] = 1.0;
    s->x[2] = 1.0;
    size_t len1 = 0, len2 = 0;
    char *a = render(&fig, &len1), *b = render(&fig, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(a, b, len1);
    xmlDocPtr doc = parse(a, len1);
    /* '#', '<' and '&' in text arrive as themselves (escaped for PLplot and for XML) */
    assert_int_equal(texts_with(xmlDocGetRootElement(doc), "50% # of <runs> & more"), 1);
    assert_int_equal(count(doc, "#000000", "none").pairs >= 3, 1);
    xmlFreeDoc(doc);
    free(a);
    free(b);
    /* refused before PLplot sees them */
    char *svg = NULL;
    size_t len = 0;
    p->xmax = p->xmin;
    assert_error(ganstab_plot_render_svg(&fig, &svg, &len, &err), GANSTAB_EINVAL, &err);
    assert_null(svg);
    p->xmax = 1.0;
    p->ylog = 1;
    assert_error(ganstab_plot_render_svg(&fig, &svg, &len, &err), GANSTAB_EINVAL, &err);
    p->ylog = 0;
    p->ymax = NAN;
    assert_error(ganstab_plot_render_svg(&fig, &svg, &len, &err), GANSTAB_EINVAL, &err);
    p->ymax = 1.0;
    s->width = -1.0;
    assert_error(ganstab_plot_render_svg(&fig, &svg, &len, &err), GANSTAB_EINVAL, &err);
    ganstab_plot_figure_free(&fig);
    assert_error(ganstab_plot_figure_init(&fig, 3, 2, 400, 300, &err), GANSTAB_EINVAL, &err);
    assert_error(ganstab_plot_figure_init(&fig, 1, 1, NAN, 300, &err), GANSTAB_EINVAL, &err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_thin),       cmocka_unit_test(test_scale),
        cmocka_unit_test(test_eigen),      cmocka_unit_test(test_locus),
        cmocka_unit_test(test_phase),      cmocka_unit_test(test_run_defaults),
        cmocka_unit_test(test_trajectory), cmocka_unit_test(test_density),
        cmocka_unit_test(test_heatmap),    cmocka_unit_test(test_image_cells),
        cmocka_unit_test(test_map),        cmocka_unit_test(test_render),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return failed;
}

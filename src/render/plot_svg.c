/* The renderer of plot.h: a ganstab_plot_figure drawn with PLplot's SVG driver into memory
 * (open_memstream), then compacted. Geometry is computed here in points (1/72 in) on the page:
 * every panel's axes get a viewport whose world coordinates are page points, so markers,
 * arrowheads and legends have fixed sizes whatever the data's scale, and PLplot clips lines to
 * the axes. PLplot draws the tick marks, tick labels and all text.
 *
 * PLplot prints warnings (plwarn) to stderr and aborts the process on some errors (plexit), and
 * the library must do neither: every value handed to it is checked first (finite windows with
 * distinct ends, finite coordinates, a registered svg device), and plabort's messages are
 * captured by a handler instead of printed. PLplot keeps global state: one figure at a time. */
#define _POSIX_C_SOURCE 200809L

#include "ganstab/plot.h"

#include <errno.h>
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text: PLplot's character height in mm (2.8 mm = 8 pt; the SVG driver writes it as a font size
 * of 10-11 px), the same for every figure. */
#define SVG_CHAR_MM 2.8
#define MM_PER_PT (25.4 / 72.0)
#define SVG_CHAR_PT (SVG_CHAR_MM / MM_PER_PT)
/* An estimate of a character's advance in the SVG viewer's sans-serif font (DejaVu Sans averages
 * ~0.6 em; the font size is ~1.33 character heights): used for title wrapping and legend boxes. */
#define SVG_CHAR_ADVANCE_PT (0.56 * 1.33 * SVG_CHAR_PT)
/* Margins around a panel's axes, in pt: tick labels and the axis label at left and bottom, the
 * title lines on top. */
#define SVG_MARGIN_LEFT 62.0
#define SVG_MARGIN_BOTTOM 42.0
#define SVG_MARGIN_RIGHT 16.0
#define SVG_MARGIN_TOP 10.0
#define SVG_TITLE_LINE_PT 13.0
#define SVG_TITLE_MAX_LINES 3
/* The colour bar: gap to the axes, width of the bar, room for its tick labels and label. */
#define SVG_BAR_GAP 12.0
#define SVG_BAR_WIDTH 11.0
#define SVG_BAR_LABELS 58.0
#define SVG_BAR_STEPS 50
/* Legend: padding, the sample's length, the line pitch, in pt. */
#define SVG_LEGEND_PAD 5.0
#define SVG_LEGEND_SAMPLE 22.0
#define SVG_LEGEND_PITCH 12.0
/* Dash patterns (PLplot's plstyl: mark and space lengths in micrometres). */
#define SVG_DASH_MARK 3500
#define SVG_DASH_SPACE 2000
#define SVG_DOT_MARK 600
#define SVG_DOT_SPACE 1000
/* Arrowheads: length relative to the arrow, capped, in pt; width relative to the length. */
#define SVG_HEAD_FRACTION 0.35
#define SVG_HEAD_MAX_PT 6.0
#define SVG_HEAD_WIDTH 0.55
#define SVG_ARROW_MIN_PT 0.5
/* Segments of a circle marker. */
#define SVG_CIRCLE_SEGMENTS 16
/* The colour index PLplot draws with (0 is the background). */
#define SVG_PEN 15
#define SVG_PI 3.14159265358979323846

static const ganstab_plot_colour BLACK = {0, 0, 0};
static const ganstab_plot_colour WHITE = {255, 255, 255};
static const ganstab_plot_colour GRID = {225, 225, 225};

/* ---- PLplot's error messages ---------------------------------------------------------------- */

static int svg_aborted;
static char svg_abort_message[GANSTAB_ERROR_MESSAGE_MAX / 2];

static void svg_abort_handler(PLCHAR_VECTOR message)
{
    if (!svg_aborted)
        snprintf(svg_abort_message, sizeof svg_abort_message, "%s",
                 message != NULL ? message : "(no message)");
    svg_aborted = 1;
}

/* 1 if PLplot has the svg device (plinit would exit the process if it had not). */
static int svg_device_available(void)
{
    enum { MAX_DEVICES = 128 };
    PLCHAR_VECTOR menu_store[MAX_DEVICES], name_store[MAX_DEVICES];
    PLCHAR_VECTOR *menu = menu_store, *names = name_store;
    int n = MAX_DEVICES;
    plgDevs(&menu, &names, &n);
    for (int i = 0; i < n && i < MAX_DEVICES; i++)
        if (names[i] != NULL && strcmp(names[i], "svg") == 0)
            return 1;
    return 0;
}

/* ---- geometry ------------------------------------------------------------------------------- */

typedef struct {
    double x0, x1, y0, y1;     /* axes rectangle on the page, pt */
    double wx0, wx1, wy0, wy1; /* the data window (log10 of it on a log axis) */
    int xlog, ylog;
} frame;

static double to_axis(double v, int log_axis)
{
    if (!log_axis)
        return v;
    return v > 0.0 ? log10(v) : NAN;
}

static double frame_x(const frame *f, double x)
{
    double a = to_axis(x, f->xlog);
    return f->x0 + (a - f->wx0) / (f->wx1 - f->wx0) * (f->x1 - f->x0);
}

static double frame_y(const frame *f, double y)
{
    double a = to_axis(y, f->ylog);
    return f->y0 + (a - f->wy0) / (f->wy1 - f->wy0) * (f->y1 - f->y0);
}

/* Page points as world coordinates of the whole page (no clipping beyond the page). */
static void use_page(const ganstab_plot_figure *fig)
{
    plvpor(0.0, 1.0, 0.0, 1.0);
    plwind(0.0, fig->width, 0.0, fig->height);
}

/* Page points as world coordinates, clipped to the axes. */
static void use_axes(const ganstab_plot_figure *fig, const frame *f)
{
    plvpor(f->x0 / fig->width, f->x1 / fig->width, f->y0 / fig->height, f->y1 / fig->height);
    plwind(f->x0, f->x1, f->y0, f->y1);
}

/* ---- drawing primitives (page points) ------------------------------------------------------- */

static void pen(ganstab_plot_colour c, double alpha)
{
    plscol0a(SVG_PEN, c.r, c.g, c.b, alpha);
    plcol0(SVG_PEN);
}

static void dash(ganstab_plot_dash d)
{
    PLINT mark, space;
    switch (d) {
    case GANSTAB_PLOT_DASHED:
        mark = SVG_DASH_MARK;
        space = SVG_DASH_SPACE;
        plstyl(1, &mark, &space);
        break;
    case GANSTAB_PLOT_DOTTED:
        mark = SVG_DOT_MARK;
        space = SVG_DOT_SPACE;
        plstyl(1, &mark, &space);
        break;
    default:
        pllsty(1);
        break;
    }
}

static void polyline(size_t n, const double *x, const double *y)
{
    if (n >= 2)
        plline((PLINT)n, x, y);
}

/* Polygons are filled counter-clockwise: the compaction below merges runs of opaque fills of one
 * colour into one path, whose nonzero fill rule is then the union of the polygons (a clockwise
 * one overlapping a counter-clockwise one would cut a hole). */
static void fill_polygon(size_t n, const double *x, const double *y, ganstab_plot_colour c,
                         double alpha)
{
    if (n < 3)
        return;
    double area = 0.0;
    for (size_t i = 0; i < n; i++) {
        size_t j = i + 1 < n ? i + 1 : 0;
        area += x[i] * y[j] - x[j] * y[i];
    }
    pen(c, alpha);
    if (area >= 0.0) {
        plfill((PLINT)n, x, y);
        return;
    }
    enum { STACK = 64 };
    double sx[STACK], sy[STACK];
    double *rx = n <= STACK ? sx : malloc(n * sizeof *rx);
    double *ry = n <= STACK ? sy : malloc(n * sizeof *ry);
    if (rx != NULL && ry != NULL) {
        for (size_t i = 0; i < n; i++) {
            rx[i] = x[n - 1 - i];
            ry[i] = y[n - 1 - i];
        }
        plfill((PLINT)n, rx, ry);
    } else {
        plfill((PLINT)n, x, y); /* out of memory: unmerged orientation is only a size matter */
    }
    if (rx != sx)
        free(rx);
    if (ry != sy)
        free(ry);
}

static void rect(double x0, double y0, double x1, double y1, ganstab_plot_colour c, double alpha)
{
    double x[4] = {x0, x1, x1, x0}, y[4] = {y0, y0, y1, y1};
    fill_polygon(4, x, y, c, alpha);
}

static void rect_outline(double x0, double y0, double x1, double y1, ganstab_plot_colour c,
                         double width)
{
    double x[5] = {x0, x1, x1, x0, x0}, y[5] = {y0, y0, y1, y1, y0};
    pen(c, 1.0);
    plwidth(width);
    dash(GANSTAB_PLOT_SOLID);
    polyline(5, x, y);
}

/* What of a marker to draw. */
enum { MARKER_FILL = 1, MARKER_EDGE = 2, MARKER_ALL = 3 };

/* A marker of diameter d centred at (cx, cy): filled with `fill`, outlined with `edge` (the
 * parts in `parts`). */
static void marker(ganstab_plot_marker m, double cx, double cy, double d, ganstab_plot_colour fill,
                   ganstab_plot_colour edge, double width, int parts)
{
    double r = 0.5 * d, x[SVG_CIRCLE_SEGMENTS + 1], y[SVG_CIRCLE_SEGMENTS + 1];
    size_t n = 0;
    switch (m) {
    case GANSTAB_PLOT_MARK_NONE:
        return;
    case GANSTAB_PLOT_MARK_CROSS: {
        double a = r * 0.8;
        double x1[2] = {cx - a, cx + a}, y1[2] = {cy - a, cy + a};
        double x2[2] = {cx - a, cx + a}, y2[2] = {cy + a, cy - a};
        if (!(parts & MARKER_EDGE))
            return;
        pen(edge, 1.0);
        plwidth(1.5 * width);
        dash(GANSTAB_PLOT_SOLID);
        polyline(2, x1, y1);
        polyline(2, x2, y2);
        return;
    }
    case GANSTAB_PLOT_MARK_SQUARE: {
        double a = r * 0.85;
        double sx[4] = {cx - a, cx + a, cx + a, cx - a}, sy[4] = {cy - a, cy - a, cy + a, cy + a};
        memcpy(x, sx, sizeof sx);
        memcpy(y, sy, sizeof sy);
        n = 4;
        break;
    }
    case GANSTAB_PLOT_MARK_DIAMOND: {
        double a = r * 1.15;
        double sx[4] = {cx, cx + a, cx, cx - a}, sy[4] = {cy - a, cy, cy + a, cy};
        memcpy(x, sx, sizeof sx);
        memcpy(y, sy, sizeof sy);
        n = 4;
        break;
    }
    case GANSTAB_PLOT_MARK_TRIANGLE: {
        double a = r * 1.2;
        double sx[3] = {cx - a * 0.866, cx + a * 0.866, cx},
               sy[3] = {cy - a * 0.5, cy - a * 0.5, cy + a};
        memcpy(x, sx, sizeof sx);
        memcpy(y, sy, sizeof sy);
        n = 3;
        break;
    }
    default: /* circle */
        for (size_t k = 0; k < SVG_CIRCLE_SEGMENTS; k++) {
            double t = 2.0 * SVG_PI * (double)k / SVG_CIRCLE_SEGMENTS;
            x[k] = cx + r * cos(t);
            y[k] = cy + r * sin(t);
        }
        n = SVG_CIRCLE_SEGMENTS;
        break;
    }
    if (parts & MARKER_FILL)
        fill_polygon(n, x, y, fill, 1.0);
    if (!(parts & MARKER_EDGE))
        return;
    x[n] = x[0];
    y[n] = y[0];
    pen(edge, 1.0);
    plwidth(width);
    dash(GANSTAB_PLOT_SOLID);
    polyline(n + 1, x, y);
}

/* A filled arrowhead with its tip at (tx, ty), pointing along (dx, dy) (any length > 0). */
static void arrowhead(double tx, double ty, double dx, double dy, double length,
                      ganstab_plot_colour c)
{
    double norm = hypot(dx, dy);
    if (!(norm > 0.0) || !(length > 0.0))
        return;
    double ux = dx / norm, uy = dy / norm, w = 0.5 * SVG_HEAD_WIDTH * length;
    double bx = tx - length * ux, by = ty - length * uy;
    double x[3] = {tx, bx - w * uy, bx + w * uy}, y[3] = {ty, by + w * ux, by - w * ux};
    fill_polygon(3, x, y, c, 1.0);
}

/* ---- text ----------------------------------------------------------------------------------- */

/* PLplot reads '#' as the start of an escape sequence: double it. */
static void escape_text(char *out, size_t size, const char *in)
{
    size_t k = 0;
    for (const char *p = in; *p != '\0' && k + 2 < size; p++) {
        if (*p == '#')
            out[k++] = '#';
        out[k++] = *p;
    }
    out[k] = '\0';
}

/* Characters (UTF-8 code points) in s. */
static size_t text_chars(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

static double text_width_pt(const char *s)
{
    return (double)text_chars(s) * SVG_CHAR_ADVANCE_PT;
}

/* Text at page point (x, y): just 0 left, 0.5 centred, 1 right; y is the text's middle. */
static void put_text(double x, double y, double just, const char *text, ganstab_plot_colour c)
{
    char buf[2 * GANSTAB_PLOT_TEXT_MAX + 1];
    escape_text(buf, sizeof buf, text);
    pen(c, 1.0);
    plptex(x, y, 1.0, 0.0, just, buf);
}

/* Split text into at most max lines of at most width characters, at blanks (a word longer than
 * a line is cut). Lines are written into lines[k] (each GANSTAB_PLOT_TEXT_MAX). */
static size_t wrap_text(const char *text, size_t width, char lines[][GANSTAB_PLOT_TEXT_MAX],
                        size_t max)
{
    size_t count = 0;
    const char *p = text;
    while (*p == ' ')
        p++;
    while (*p != '\0' && count < max) {
        /* the byte offset after `width` characters, or the end */
        size_t bytes = 0, chars = 0;
        while (p[bytes] != '\0' && chars < width) {
            bytes++;
            while ((p[bytes] & 0xC0) == 0x80)
                bytes++;
            chars++;
        }
        size_t cut = bytes;
        const char *nl = memchr(p, '\n', bytes);
        if (nl != NULL) {
            cut = (size_t)(nl - p);
        } else if (p[bytes] != '\0') {
            size_t blank = bytes;
            while (blank > 0 && p[blank] != ' ')
                blank--;
            if (blank > 0)
                cut = blank;
        }
        if (count + 1 == max && p[cut] != '\0') {
            /* the last line: end with an ellipsis rather than lose the rest silently */
            size_t keep = cut;
            while (keep > 0 && (p[keep] & 0xC0) == 0x80)
                keep--;
            snprintf(lines[count], GANSTAB_PLOT_TEXT_MAX, "%.*s…", (int)keep, p);
        } else {
            snprintf(lines[count], GANSTAB_PLOT_TEXT_MAX, "%.*s", (int)cut, p);
        }
        count++;
        p += cut;
        if (*p == '\n')
            p++;
        while (*p == ' ')
            p++;
    }
    return count;
}

/* ---- checks before anything reaches PLplot --------------------------------------------------- */

static int check_range(double lo, double hi, int log_axis, const char *axis, size_t panel,
                       ganstab_error *err)
{
    if (!isfinite(lo) || !isfinite(hi) || !(lo < hi))
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "panel %zu: the %s range [%g, %g] is empty or not finite",
                                 panel + 1, axis, lo, hi);
    if (log_axis && !(lo > 0.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "panel %zu: a logarithmic %s axis needs a positive range, got "
                                 "[%g, %g]",
                                 panel + 1, axis, lo, hi);
    double a = to_axis(lo, log_axis), b = to_axis(hi, log_axis);
    /* PLplot refuses windows whose ends agree to its own precision */
    if (!((b - a) > 1e-10 * fmax(fabs(a), fabs(b))))
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "panel %zu: the %s range [%.17g, %.17g] is too narrow to draw",
                                 panel + 1, axis, lo, hi);
    return GANSTAB_OK;
}

static int check_figure(const ganstab_plot_figure *fig, ganstab_error *err)
{
    if (fig->npanels == 0 || fig->npanels > GANSTAB_PLOT_MAX_PANELS ||
        fig->rows * fig->cols < fig->npanels)
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot", "the figure has no valid layout");
    if (!(fig->width >= 100.0) || !(fig->height >= 100.0) || !(fig->width <= 10000.0) ||
        !(fig->height <= 10000.0))
        return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                 "page size %g x %g pt (expected 100..10000 each)", fig->width,
                                 fig->height);
    for (size_t i = 0; i < fig->npanels; i++) {
        const ganstab_plot_panel *p = &fig->panels[i];
        int rc = check_range(p->xmin, p->xmax, p->xlog, "x", i, err);
        if (rc == GANSTAB_OK)
            rc = check_range(p->ymin, p->ymax, p->ylog, "y", i, err);
        if (rc == GANSTAB_OK && p->has_scale)
            rc = check_range(p->zmin, p->zmax, 0, "colour scale", i, err);
        if (rc != GANSTAB_OK)
            return rc;
        if (p->has_image) {
            const ganstab_plot_image *im = &p->image;
            for (size_t k = 0; k + 1 <= im->nx; k++)
                if (!isfinite(im->x_edges[k]) || !isfinite(im->x_edges[k + 1]) ||
                    !(im->x_edges[k] < im->x_edges[k + 1]))
                    return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                             "panel %zu: image x edges must increase", i + 1);
            for (size_t k = 0; k + 1 <= im->ny; k++)
                if (!isfinite(im->y_edges[k]) || !isfinite(im->y_edges[k + 1]) ||
                    !(im->y_edges[k] < im->y_edges[k + 1]))
                    return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                             "panel %zu: image y edges must increase", i + 1);
            if (!p->has_scale)
                return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                         "panel %zu: an image needs a colour scale", i + 1);
        }
        for (size_t k = 0; k < p->nseries; k++) {
            const ganstab_plot_series *s = &p->series[k];
            if (s->value != NULL && !p->has_scale)
                return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                         "panel %zu: coloured points need a colour scale", i + 1);
            if (!(s->width > 0.0) || !(s->width < 50.0) || !(s->marker_size >= 0.0) ||
                !(s->marker_size < 100.0) || !(s->opacity >= 0.0 && s->opacity <= 1.0))
                return ganstab_error_set(err, GANSTAB_EINVAL, "plot",
                                         "panel %zu, series %zu: bad line width, marker size or "
                                         "opacity",
                                         i + 1, k + 1);
        }
    }
    return GANSTAB_OK;
}

/* ---- layout --------------------------------------------------------------------------------- */

typedef struct {
    size_t entries;
    double width, height; /* pt */
} legend_size;

static int series_in_legend(const ganstab_plot_panel *p, size_t k)
{
    if (p->series[k].label[0] == '\0')
        return 0;
    for (size_t j = 0; j < k; j++)
        if (strcmp(p->series[j].label, p->series[k].label) == 0)
            return 0;
    return 1;
}

static legend_size measure_legend(const ganstab_plot_panel *p)
{
    legend_size L = {0, 0.0, 0.0};
    if (p->legend == GANSTAB_PLOT_LEGEND_NONE)
        return L;
    double text = 0.0;
    for (size_t k = 0; k < p->nseries && L.entries < GANSTAB_PLOT_LEGEND_MAX; k++)
        if (series_in_legend(p, k)) {
            L.entries++;
            text = fmax(text, text_width_pt(p->series[k].label));
        }
    if (L.entries == 0)
        return L;
    L.width = 3.0 * SVG_LEGEND_PAD + SVG_LEGEND_SAMPLE + text;
    L.height = 2.0 * SVG_LEGEND_PAD + (double)L.entries * SVG_LEGEND_PITCH;
    return L;
}

static size_t title_lines(const ganstab_plot_panel *p, double width_pt,
                          char lines[][GANSTAB_PLOT_TEXT_MAX])
{
    if (p->title[0] == '\0')
        return 0;
    size_t per_line = (size_t)fmax(16.0, floor(width_pt / SVG_CHAR_ADVANCE_PT));
    return wrap_text(p->title, per_line, lines, SVG_TITLE_MAX_LINES);
}

/* A title keeps this far from the sides of its panel's cell. */
#define SVG_TITLE_INSET 8.0

/* The axes rectangle of panel i in its cell of the page. */
static frame layout(const ganstab_plot_figure *fig, size_t i, size_t ntitle, legend_size L,
                    int equal)
{
    const ganstab_plot_panel *p = &fig->panels[i];
    size_t row = i / fig->cols, col = i % fig->cols;
    double cw = fig->width / (double)fig->cols, ch = fig->height / (double)fig->rows;
    double cx0 = (double)col * cw, cy1 = fig->height - (double)row * ch;
    frame f;
    f.x0 = cx0 + SVG_MARGIN_LEFT;
    f.x1 = cx0 + cw - SVG_MARGIN_RIGHT;
    if (p->has_scale)
        f.x1 -= SVG_BAR_GAP + SVG_BAR_WIDTH + SVG_BAR_LABELS;
    if (p->legend == GANSTAB_PLOT_LEGEND_OUTSIDE && L.entries > 0)
        f.x1 -= L.width + SVG_LEGEND_PAD;
    f.y0 = cy1 - ch + SVG_MARGIN_BOTTOM;
    f.y1 = cy1 - SVG_MARGIN_TOP - (double)ntitle * SVG_TITLE_LINE_PT;
    if (f.x1 < f.x0 + 20.0)
        f.x1 = f.x0 + 20.0;
    if (f.y1 < f.y0 + 20.0)
        f.y1 = f.y0 + 20.0;
    f.xlog = p->xlog;
    f.ylog = p->ylog;
    f.wx0 = to_axis(p->xmin, p->xlog);
    f.wx1 = to_axis(p->xmax, p->xlog);
    f.wy0 = to_axis(p->ymin, p->ylog);
    f.wy1 = to_axis(p->ymax, p->ylog);
    if (equal) {
        double sx = (f.wx1 - f.wx0) / (f.x1 - f.x0), sy = (f.wy1 - f.wy0) / (f.y1 - f.y0);
        if (sx > sy) { /* x needs more room per unit: shrink the height */
            double h = (f.wy1 - f.wy0) / sx, mid = 0.5 * (f.y0 + f.y1);
            f.y0 = mid - 0.5 * h;
            f.y1 = mid + 0.5 * h;
        } else {
            double w = (f.wx1 - f.wx0) / sy, mid = 0.5 * (f.x0 + f.x1);
            f.x0 = mid - 0.5 * w;
            f.x1 = mid + 0.5 * w;
        }
    }
    return f;
}

/* ---- the parts of a panel ------------------------------------------------------------------- */

static ganstab_plot_colour scale_colour(const ganstab_plot_panel *p, double z)
{
    return ganstab_plot_scale_colour((z - p->zmin) / (p->zmax - p->zmin));
}

static int same_colour(ganstab_plot_colour a, ganstab_plot_colour b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* 1 if the cells [k, k + n) are all of colour c and not yet drawn. */
static int open_run(const ganstab_plot_colour *colour, const unsigned char *done, size_t k,
                    size_t n, ganstab_plot_colour c)
{
    for (size_t i = k; i < k + n; i++)
        if (done[i] || !same_colour(colour[i], c))
            return 0;
    return 1;
}

/* The image, colour by colour (in the order each first appears, row by row): the cells of one
 * colour covered by rectangles, each a run of cells along a row extended over the following rows
 * while they hold the same run, drawn one after another so that the compaction below merges them
 * into one path per colour. A 41 x 41 heatmap is then a few dozen elements instead of 1681
 * polygons, and a region of one colour is a handful of rectangles. Cells without a finite value
 * are left blank. */
static int draw_image(const ganstab_plot_panel *p, const frame *f, ganstab_error *err)
{
    const ganstab_plot_image *im = &p->image;
    size_t nx = im->nx, n = im->nx * im->ny;
    ganstab_plot_colour *colour = malloc((n > 0 ? n : 1) * sizeof *colour);
    unsigned char *done = malloc(n > 0 ? n : 1);
    if (colour == NULL || done == NULL) {
        free(colour);
        free(done);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        done[k] = (unsigned char)(isfinite(im->z[k]) ? 0 : 1);
        colour[k] = done[k] ? WHITE : scale_colour(p, im->z[k]);
    }
    for (size_t first = 0; first < n; first++) {
        if (done[first])
            continue;
        ganstab_plot_colour c = colour[first];
        for (size_t k = first; k < n; k++) {
            if (done[k] || !same_colour(colour[k], c))
                continue;
            size_t j0 = k / nx, i0 = k % nx, i1 = i0 + 1, j1 = j0 + 1;
            while (i1 < nx && !done[j0 * nx + i1] && same_colour(colour[j0 * nx + i1], c))
                i1++;
            while (j1 < im->ny && open_run(colour, done, j1 * nx + i0, i1 - i0, c))
                j1++;
            for (size_t j = j0; j < j1; j++)
                memset(&done[j * nx + i0], 1, i1 - i0);
            rect(frame_x(f, im->x_edges[i0]), frame_y(f, im->y_edges[j0]),
                 frame_x(f, im->x_edges[i1]), frame_y(f, im->y_edges[j1]), c, 1.0);
        }
    }
    free(colour);
    free(done);
    return GANSTAB_OK;
}

/* The finite runs of a line series, in page points. */
static int draw_line(const ganstab_plot_series *s, const frame *f, ganstab_error *err)
{
    double *px = malloc((s->n > 0 ? s->n : 1) * sizeof *px);
    double *py = malloc((s->n > 0 ? s->n : 1) * sizeof *py);
    if (px == NULL || py == NULL) {
        free(px);
        free(py);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    }
    pen(s->colour, 1.0);
    plwidth(s->width);
    dash(s->dash);
    size_t run = 0;
    for (size_t i = 0; i <= s->n; i++) {
        int ok = 0;
        if (i < s->n) {
            px[run] = frame_x(f, s->x[i]);
            py[run] = frame_y(f, s->y[i]);
            ok = isfinite(px[run]) && isfinite(py[run]);
        }
        if (ok) {
            run++;
            continue;
        }
        polyline(run, px, py);
        run = 0;
    }
    dash(GANSTAB_PLOT_SOLID);
    free(px);
    free(py);
    return GANSTAB_OK;
}

/* The arrowhead of a LINE series half way along it (in page length), pointing forward. */
static void draw_line_arrowhead(const ganstab_plot_series *s, const frame *f)
{
    if (!s->arrowhead || s->n < 2)
        return;
    double total = 0.0;
    for (size_t i = 1; i < s->n; i++) {
        double d = hypot(frame_x(f, s->x[i]) - frame_x(f, s->x[i - 1]),
                         frame_y(f, s->y[i]) - frame_y(f, s->y[i - 1]));
        if (isfinite(d))
            total += d;
    }
    double walked = 0.0;
    for (size_t i = 1; i < s->n && total > 0.0; i++) {
        double ax = frame_x(f, s->x[i - 1]), ay = frame_y(f, s->y[i - 1]);
        double bx = frame_x(f, s->x[i]), by = frame_y(f, s->y[i]);
        double d = hypot(bx - ax, by - ay);
        if (!isfinite(d))
            continue;
        if (walked + d >= 0.5 * total && d > 0.0) {
            double t = (0.5 * total - walked) / d;
            double length = fmin(SVG_HEAD_MAX_PT, 4.0 + 1.5 * s->width);
            arrowhead(ax + t * (bx - ax), ay + t * (by - ay), bx - ax, by - ay, length, s->colour);
            return;
        }
        walked += d;
    }
}

/* Fills first, then outlines: runs of one style each (see the compaction). */
static void draw_points(const ganstab_plot_panel *p, const ganstab_plot_series *s, const frame *f)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < s->n; i++) {
            double x = frame_x(f, s->x[i]), y = frame_y(f, s->y[i]);
            if (!isfinite(x) || !isfinite(y))
                continue;
            /* outside the axes: skip (lines are clipped by PLplot; a marker would be cut) */
            if (x < f->x0 - 0.01 || x > f->x1 + 0.01 || y < f->y0 - 0.01 || y > f->y1 + 0.01)
                continue;
            ganstab_plot_colour fill = s->value != NULL ? scale_colour(p, s->value[i]) : s->colour;
            marker(s->marker, x, y, s->marker_size, fill, s->colour, s->width,
                   pass == 0 ? MARKER_FILL : MARKER_EDGE);
        }
}

/* All shafts first, then all heads: each pass is one run of one style (one path in the SVG). */
static void draw_arrows(const ganstab_plot_series *s, const frame *f)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < s->n; i++) {
            double ax = frame_x(f, s->x[i]), ay = frame_y(f, s->y[i]);
            double bx = frame_x(f, s->x[i] + s->u[i]), by = frame_y(f, s->y[i] + s->v[i]);
            double length = hypot(bx - ax, by - ay);
            if (!isfinite(length) || length < SVG_ARROW_MIN_PT)
                continue;
            double head = fmin(SVG_HEAD_MAX_PT, SVG_HEAD_FRACTION * length);
            double ux = (bx - ax) / length, uy = (by - ay) / length;
            if (pass == 1) {
                arrowhead(bx, by, bx - ax, by - ay, head, s->colour);
                continue;
            }
            double shaft_x[2] = {ax, bx - 0.5 * head * ux};
            double shaft_y[2] = {ay, by - 0.5 * head * uy};
            pen(s->colour, 1.0);
            plwidth(s->width);
            dash(GANSTAB_PLOT_SOLID);
            polyline(2, shaft_x, shaft_y);
        }
}

static int draw_fill(const ganstab_plot_series *s, const frame *f, ganstab_error *err)
{
    enum { STACK = 64 };
    double sx[STACK], sy[STACK];
    double *px = s->n <= STACK ? sx : malloc(s->n * sizeof *px);
    double *py = s->n <= STACK ? sy : malloc(s->n * sizeof *py);
    if (px == NULL || py == NULL) {
        if (px != sx)
            free(px);
        if (py != sy)
            free(py);
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    }
    size_t m = 0;
    for (size_t i = 0; i < s->n; i++) {
        double x = frame_x(f, s->x[i]), y = frame_y(f, s->y[i]);
        if (isfinite(x) && isfinite(y)) {
            px[m] = x;
            py[m] = y;
            m++;
        }
    }
    fill_polygon(m, px, py, s->colour, s->opacity);
    if (px != sx)
        free(px);
    if (py != sy)
        free(py);
    return GANSTAB_OK;
}

/* The sample of a series in a legend row centred at y, from x0 to x1. */
static void legend_sample(const ganstab_plot_panel *p, const ganstab_plot_series *s, double x0,
                          double x1, double y)
{
    double lx[2] = {x0, x1}, ly[2] = {y, y};
    switch (s->kind) {
    case GANSTAB_PLOT_LINE:
        pen(s->colour, 1.0);
        plwidth(s->width);
        dash(s->dash);
        polyline(2, lx, ly);
        dash(GANSTAB_PLOT_SOLID);
        break;
    case GANSTAB_PLOT_POINTS: {
        ganstab_plot_colour fill = s->value != NULL ? ganstab_plot_scale_colour(0.5) : s->colour;
        (void)p;
        marker(s->marker, 0.5 * (x0 + x1), y, s->marker_size, fill, s->colour, s->width,
               MARKER_ALL);
        break;
    }
    case GANSTAB_PLOT_ARROWS:
        pen(s->colour, 1.0);
        plwidth(s->width);
        lx[1] = x1 - 2.5;
        polyline(2, lx, ly);
        arrowhead(x1, y, 1.0, 0.0, 5.0, s->colour);
        break;
    case GANSTAB_PLOT_FILL:
        rect(x0, y - 4.0, x1, y + 4.0, s->colour, s->opacity);
        break;
    }
}

/* Points of the panel's lines, markers, arrows and notes inside the page rectangle. */
static size_t points_inside(const ganstab_plot_panel *p, const frame *f, double x0, double y0,
                            double x1, double y1)
{
    size_t count = 0;
    for (size_t k = 0; k < p->nseries; k++) {
        const ganstab_plot_series *s = &p->series[k];
        if (s->kind == GANSTAB_PLOT_FILL)
            continue;
        /* a marker or an arrow weighs as much as a stretch of line */
        size_t weight = s->kind == GANSTAB_PLOT_LINE ? 1 : 8;
        for (size_t i = 0; i < s->n; i++) {
            double x = frame_x(f, s->x[i]), y = frame_y(f, s->y[i]);
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1)
                count += weight;
        }
    }
    for (size_t k = 0; k < p->nnotes; k++) {
        double x = frame_x(f, p->notes[k].x), y = frame_y(f, p->notes[k].y);
        if (x >= x0 && x <= x1 && y >= y0 && y <= y1)
            count += 8;
    }
    return count;
}

static ganstab_plot_legend auto_corner(const ganstab_plot_panel *p, const frame *f, legend_size L)
{
    static const ganstab_plot_legend order[4] = {
        GANSTAB_PLOT_LEGEND_TOP_RIGHT, GANSTAB_PLOT_LEGEND_TOP_LEFT,
        GANSTAB_PLOT_LEGEND_BOTTOM_RIGHT, GANSTAB_PLOT_LEGEND_BOTTOM_LEFT};
    ganstab_plot_legend best = order[0];
    size_t fewest = (size_t)-1;
    for (int k = 0; k < 4; k++) {
        int right = order[k] == GANSTAB_PLOT_LEGEND_TOP_RIGHT ||
                    order[k] == GANSTAB_PLOT_LEGEND_BOTTOM_RIGHT;
        int top =
            order[k] == GANSTAB_PLOT_LEGEND_TOP_RIGHT || order[k] == GANSTAB_PLOT_LEGEND_TOP_LEFT;
        double x0 = right ? f->x1 - SVG_LEGEND_PAD - L.width : f->x0 + SVG_LEGEND_PAD;
        double y1 = top ? f->y1 - SVG_LEGEND_PAD : f->y0 + SVG_LEGEND_PAD + L.height;
        size_t n = points_inside(p, f, x0, y1 - L.height, x0 + L.width, y1);
        if (n < fewest) {
            fewest = n;
            best = order[k];
        }
    }
    return best;
}

static void draw_legend(const ganstab_plot_figure *fig, const ganstab_plot_panel *p, const frame *f,
                        legend_size L)
{
    if (L.entries == 0)
        return;
    double x0, y1;
    ganstab_plot_legend where =
        p->legend == GANSTAB_PLOT_LEGEND_AUTO ? auto_corner(p, f, L) : p->legend;
    switch (where) {
    case GANSTAB_PLOT_LEGEND_TOP_LEFT:
        x0 = f->x0 + SVG_LEGEND_PAD;
        y1 = f->y1 - SVG_LEGEND_PAD;
        break;
    case GANSTAB_PLOT_LEGEND_BOTTOM_RIGHT:
        x0 = f->x1 - SVG_LEGEND_PAD - L.width;
        y1 = f->y0 + SVG_LEGEND_PAD + L.height;
        break;
    case GANSTAB_PLOT_LEGEND_BOTTOM_LEFT:
        x0 = f->x0 + SVG_LEGEND_PAD;
        y1 = f->y0 + SVG_LEGEND_PAD + L.height;
        break;
    case GANSTAB_PLOT_LEGEND_OUTSIDE:
        x0 = f->x1 + SVG_LEGEND_PAD +
             (p->has_scale ? SVG_BAR_GAP + SVG_BAR_WIDTH + SVG_BAR_LABELS : 0.0);
        y1 = f->y1;
        break;
    default: /* top right */
        x0 = f->x1 - SVG_LEGEND_PAD - L.width;
        y1 = f->y1 - SVG_LEGEND_PAD;
        break;
    }
    use_page(fig);
    rect(x0, y1 - L.height, x0 + L.width, y1, WHITE, 0.85);
    rect_outline(x0, y1 - L.height, x0 + L.width, y1, (ganstab_plot_colour){150, 150, 150}, 0.5);
    size_t row = 0;
    for (size_t k = 0; k < p->nseries && row < L.entries; k++) {
        if (!series_in_legend(p, k))
            continue;
        double y = y1 - SVG_LEGEND_PAD - ((double)row + 0.5) * SVG_LEGEND_PITCH;
        legend_sample(p, &p->series[k], x0 + SVG_LEGEND_PAD,
                      x0 + SVG_LEGEND_PAD + SVG_LEGEND_SAMPLE, y);
        put_text(x0 + 2.0 * SVG_LEGEND_PAD + SVG_LEGEND_SAMPLE, y, 0.0, p->series[k].label, BLACK);
        row++;
    }
}

static void draw_colour_bar(const ganstab_plot_figure *fig, const ganstab_plot_panel *p,
                            const frame *f)
{
    double bx0 = f->x1 + SVG_BAR_GAP, bx1 = bx0 + SVG_BAR_WIDTH;
    use_page(fig);
    for (int k = 0; k < SVG_BAR_STEPS; k++) {
        double t0 = (double)k / SVG_BAR_STEPS, t1 = (double)(k + 1) / SVG_BAR_STEPS;
        double ya = f->y0 + t0 * (f->y1 - f->y0), yb = f->y0 + t1 * (f->y1 - f->y0);
        rect(bx0, ya, bx1, yb, ganstab_plot_scale_colour(0.5 * (t0 + t1)), 1.0);
    }
    plvpor(bx0 / fig->width, bx1 / fig->width, f->y0 / fig->height, f->y1 / fig->height);
    plwind(0.0, 1.0, p->zmin, p->zmax);
    pen(BLACK, 1.0);
    plwidth(0.5);
    plbox("bc", 0.0, 0, "bcmstv", 0.0, 0);
    if (p->zlabel[0] != '\0') {
        char buf[2 * GANSTAB_PLOT_LABEL_MAX + 1];
        escape_text(buf, sizeof buf, p->zlabel);
        plmtex("r", 5.2, 0.5, 0.5, buf);
    }
}

/* Where panel i goes: its axes, its legend's size, its title lines and their centre. */
static frame plan_panel(const ganstab_plot_figure *fig, size_t i, int equal, legend_size *Lout,
                        char lines[][GANSTAB_PLOT_TEXT_MAX], size_t *ntitle_out, double *mid_out)
{
    const ganstab_plot_panel *p = &fig->panels[i];
    legend_size L = measure_legend(p);
    /* legends beside the axes take the width of the widest in the column, so that panels
       above each other keep aligned axes */
    if (p->legend == GANSTAB_PLOT_LEGEND_OUTSIDE && L.entries > 0)
        for (size_t k = i % fig->cols; k < fig->npanels; k += fig->cols) {
            const ganstab_plot_panel *q = &fig->panels[k];
            legend_size M = measure_legend(q);
            if (q->legend == GANSTAB_PLOT_LEGEND_OUTSIDE && M.entries > 0)
                L.width = fmax(L.width, M.width);
        }
    /* the title wraps to the axes' width, which depends on the title's height (equal aspect):
       a few rounds settle it */
    size_t ntitle = p->title[0] != '\0' ? 1 : 0;
    frame f = layout(fig, i, ntitle, L, equal);
    double cell_x0 = (double)(i % fig->cols) * fig->width / (double)fig->cols;
    double cell_x1 = cell_x0 + fig->width / (double)fig->cols;
    /* the title is centred over the axes, or over the cell when a legend or a colour bar
       beside the axes takes room on one side */
    int cell_centred = p->has_scale || (p->legend == GANSTAB_PLOT_LEGEND_OUTSIDE && L.entries > 0);
    double mid = 0.5 * (cell_x0 + cell_x1);
    for (int round = 0; round < 3; round++) {
        /* as wide as the cell allows on the narrower side */
        if (!cell_centred)
            mid = 0.5 * (f.x0 + f.x1);
        double room = 2.0 * fmin(mid - cell_x0, cell_x1 - mid) - 2.0 * SVG_TITLE_INSET;
        ntitle = title_lines(p, room, lines);
        if (round < 2)
            f = layout(fig, i, ntitle, L, equal);
    }
    *Lout = L;
    *ntitle_out = ntitle;
    *mid_out = mid;
    return f;
}

/* A one-panel figure with equal axes gives up the page it cannot use (the axes shrink to the
 * window's shape): the page loses that slack, so the picture has no empty band. */
static void fit_page(ganstab_plot_figure *fig)
{
    if (fig->npanels != 1 || !fig->panels[0].equal_aspect)
        return;
    char lines[SVG_TITLE_MAX_LINES][GANSTAB_PLOT_TEXT_MAX];
    legend_size L;
    size_t ntitle;
    double mid;
    frame free_frame = plan_panel(fig, 0, 0, &L, lines, &ntitle, &mid);
    frame f = plan_panel(fig, 0, 1, &L, lines, &ntitle, &mid);
    double dw = (free_frame.x1 - free_frame.x0) - (f.x1 - f.x0);
    double dh = (free_frame.y1 - free_frame.y0) - (f.y1 - f.y0);
    /* whole points, so that the page size prints the same everywhere */
    fig->width = fmax(300.0, floor(fig->width - dw));
    fig->height = fmax(200.0, floor(fig->height - dh));
}

static int draw_panel(const ganstab_plot_figure *fig, size_t i, ganstab_error *err)
{
    const ganstab_plot_panel *p = &fig->panels[i];
    legend_size L;
    char lines[SVG_TITLE_MAX_LINES][GANSTAB_PLOT_TEXT_MAX];
    size_t ntitle = 0;
    double mid = 0.0;
    frame f = plan_panel(fig, i, p->equal_aspect, &L, lines, &ntitle, &mid);

    /* grid lines at the major ticks, under everything */
    plvpor(f.x0 / fig->width, f.x1 / fig->width, f.y0 / fig->height, f.y1 / fig->height);
    plwind(f.wx0, f.wx1, f.wy0, f.wy1);
    pen(GRID, 1.0);
    plwidth(0.5);
    plbox(p->xlog ? "gl" : "g", 0.0, 0, p->ylog ? "gl" : "g", 0.0, 0);

    use_axes(fig, &f);
    int rc = p->has_image ? draw_image(p, &f, err) : GANSTAB_OK;
    for (size_t k = 0; k < p->nseries && rc == GANSTAB_OK; k++) {
        const ganstab_plot_series *s = &p->series[k];
        switch (s->kind) {
        case GANSTAB_PLOT_LINE:
            rc = draw_line(s, &f, err);
            break;
        case GANSTAB_PLOT_POINTS:
            draw_points(p, s, &f);
            break;
        case GANSTAB_PLOT_ARROWS:
            draw_arrows(s, &f);
            break;
        case GANSTAB_PLOT_FILL:
            rc = draw_fill(s, &f, err);
            break;
        }
    }
    if (rc != GANSTAB_OK)
        return rc;
    /* arrowheads of lines after all series: one run of fills per colour */
    for (size_t k = 0; k < p->nseries; k++)
        if (p->series[k].kind == GANSTAB_PLOT_LINE)
            draw_line_arrowhead(&p->series[k], &f);
    for (size_t k = 0; k < p->nnotes; k++) {
        const ganstab_plot_note *n = &p->notes[k];
        double x = frame_x(&f, n->x), y = frame_y(&f, n->y);
        if (isfinite(x) && isfinite(y))
            put_text(x, y, n->align < 0 ? 0.0 : n->align > 0 ? 1.0 : 0.5, n->text, n->colour);
    }

    /* the frame, ticks and tick labels on top */
    plvpor(f.x0 / fig->width, f.x1 / fig->width, f.y0 / fig->height, f.y1 / fig->height);
    plwind(f.wx0, f.wx1, f.wy0, f.wy1);
    pen(BLACK, 1.0);
    plwidth(0.8);
    dash(GANSTAB_PLOT_SOLID);
    plbox(p->xlog ? "bcnstl" : "bcnst", 0.0, 0, p->ylog ? "bcnstvl" : "bcnstv", 0.0, 0);
    char buf[2 * GANSTAB_PLOT_TEXT_MAX + 1];
    if (p->xlabel[0] != '\0') {
        escape_text(buf, sizeof buf, p->xlabel);
        plmtex("b", 3.3, 0.5, 0.5, buf);
    }
    if (p->ylabel[0] != '\0') {
        escape_text(buf, sizeof buf, p->ylabel);
        plmtex("l", 5.6, 0.5, 0.5, buf);
    }
    for (size_t k = 0; k < ntitle; k++) {
        escape_text(buf, sizeof buf, lines[k]);
        double disp = 0.9 + (double)(ntitle - 1 - k) * SVG_TITLE_LINE_PT / SVG_CHAR_PT;
        plmtex("t", disp, (mid - f.x0) / (f.x1 - f.x0), 0.5, buf);
    }
    draw_legend(fig, p, &f, L);
    if (p->has_scale)
        draw_colour_bar(fig, p, &f);
    return GANSTAB_OK;
}

/* ---- compacting PLplot's SVG ----------------------------------------------------------------
 *
 * PLplot's SVG driver writes one element per drawing call, one attribute per line, and a new
 * <polyline> for every dash and tick. The document is rewritten here: one tag per line with its
 * attributes separated by single blanks, whitespace between elements dropped (never inside a
 * <text>), and every run of consecutive stroke-only (or opaque filled) <polyline>s with identical
 * attributes merged into one <path> whose subpaths are the polylines ("M x,y x,y ..." draws the
 * same segments; a filled axis-aligned rectangle, such as a cell of an image, is written
 * "Mx,yHxVyHxZ"). The rendering is unchanged; the file is several times smaller. */

typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* End of the tag starting at s[0] == '<' (index of its '>'), quotes respected; 0 if none. */
static size_t tag_end(const char *s, size_t len)
{
    char quote = 0;
    for (size_t i = 1; i < len; i++) {
        if (quote) {
            if (s[i] == quote)
                quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == '>') {
            return i;
        }
    }
    return 0;
}

/* The tag s[0..n] (from '<' to '>') with whitespace outside quotes collapsed to single blanks and
 * none before '>' or '/>'. */
static void normalize_tag(const char *s, size_t n, sbuf *out)
{
    char quote = 0;
    int blank = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = s[i];
        if (quote) {
            /* inside a value, runs of whitespace become one blank (what XML makes of them
               anyway for the numbers and names here) */
            int white = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            if (white && i > 0 &&
                (s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\t' || s[i - 1] == '\r'))
                continue;
            sb_put(out, white ? " " : &c, 1);
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            blank = 1;
            continue;
        }
        if (blank && c != '>' && !(c == '/' && i + 1 <= n && s[i + 1] == '>'))
            sb_put(out, " ", 1);
        blank = 0;
        if (c == '"' || c == '\'')
            quote = c;
        sb_put(out, &c, 1);
    }
}

/* In a normalized tag, the value of attribute `name` (pointer to after the opening quote, *vlen
 * its length), or NULL. */
static const char *attribute(const char *tag, const char *name, size_t *vlen)
{
    size_t nlen = strlen(name);
    const char *p = tag;
    while ((p = strstr(p, name)) != NULL) {
        if (p > tag && p[-1] == ' ' && p[nlen] == '=' && p[nlen + 1] == '"') {
            const char *v = p + nlen + 2;
            const char *end = strchr(v, '"');
            if (end == NULL)
                return NULL;
            *vlen = (size_t)(end - v);
            return v;
        }
        p += nlen;
    }
    return NULL;
}

typedef struct {
    sbuf style;  /* the polyline's normalized tag without its points attribute */
    sbuf points; /* "M ... M ..." */
    size_t count;
    sbuf first; /* the first polyline as normalized, emitted as is when alone */
} polyline_run;

static void run_flush(polyline_run *r, sbuf *out)
{
    if (r->count == 1) {
        sb_put(out, r->first.data, r->first.len);
        sb_puts(out, "\n");
    } else if (r->count > 1) {
        /* "<polyline ATTRS />" -> "<path ATTRS d="..."/>" */
        const char *attrs = r->style.data + strlen("<polyline");
        size_t alen = r->style.len - strlen("<polyline");
        while (alen > 0 && (attrs[alen - 1] == '>' || attrs[alen - 1] == '/'))
            alen--;
        while (alen > 0 && attrs[alen - 1] == ' ')
            alen--;
        sb_puts(out, "<path");
        sb_put(out, attrs, alen);
        sb_puts(out, " d=\"");
        sb_put(out, r->points.data, r->points.len);
        sb_puts(out, "\"/>\n");
    }
    r->count = 0;
    r->style.len = r->points.len = r->first.len = 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static int same_text(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* A filled axis-aligned rectangle (four corners as "x,y", the first repeated at the end, repeats
 * allowed: what PLplot writes for one) appended to out as the short subpath "Mx0,y0Hx1Vy1Hx0Z"
 * (half the bytes; the fill is the same). Coordinates are compared as text: PLplot prints every
 * one the same way. 0 (nothing appended) if the points are not such a rectangle. */
static int rect_subpath(const char *pts, size_t len, sbuf *out)
{
    enum { MAX_POINTS = 8 };
    const char *x[MAX_POINTS], *y[MAX_POINTS];
    size_t xl[MAX_POINTS], yl[MAX_POINTS], n = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && is_blank(pts[i]))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && !is_blank(pts[i]))
            i++;
        const char *comma = memchr(pts + start, ',', i - start);
        if (comma == NULL || n == MAX_POINTS)
            return 0;
        x[n] = pts + start;
        xl[n] = (size_t)(comma - x[n]);
        y[n] = comma + 1;
        yl[n] = (size_t)(pts + i - y[n]);
        if (n > 0 && same_text(x[n], xl[n], x[n - 1], xl[n - 1]) &&
            same_text(y[n], yl[n], y[n - 1], yl[n - 1]))
            continue; /* a repeated point */
        n++;
    }
    if (n == 5 && same_text(x[4], xl[4], x[0], xl[0]) && same_text(y[4], yl[4], y[0], yl[0]))
        n = 4;
    if (n != 4)
        return 0;
    int h_first = same_text(y[0], yl[0], y[1], yl[1]) && same_text(x[1], xl[1], x[2], xl[2]) &&
                  same_text(y[2], yl[2], y[3], yl[3]) && same_text(x[3], xl[3], x[0], xl[0]);
    int v_first = same_text(x[0], xl[0], x[1], xl[1]) && same_text(y[1], yl[1], y[2], yl[2]) &&
                  same_text(x[2], xl[2], x[3], xl[3]) && same_text(y[3], yl[3], y[0], yl[0]);
    if (!h_first && !v_first)
        return 0;
    sb_puts(out, "M");
    sb_put(out, x[0], xl[0]);
    sb_puts(out, ",");
    sb_put(out, y[0], yl[0]);
    sb_puts(out, h_first ? "H" : "V");
    sb_put(out, h_first ? x[1] : y[1], h_first ? xl[1] : yl[1]);
    sb_puts(out, h_first ? "V" : "H");
    sb_put(out, h_first ? y[2] : x[2], h_first ? yl[2] : xl[2]);
    sb_puts(out, h_first ? "H" : "V");
    sb_put(out, h_first ? x[0] : y[0], h_first ? xl[0] : yl[0]);
    sb_puts(out, "Z");
    return 1;
}

static int svg_compact(const char *in, size_t len, char **out, size_t *out_len)
{
    sbuf b = {0}, tag = {0};
    polyline_run run = {{0}, {0}, 0, {0}};
    int in_text = 0;
    size_t i = 0;
    while (i < len) {
        if (in[i] != '<') {
            size_t j = i;
            while (j < len && in[j] != '<')
                j++;
            int blank = 1;
            for (size_t k = i; k < j; k++)
                if (!(in[k] == ' ' || in[k] == '\n' || in[k] == '\t' || in[k] == '\r'))
                    blank = 0;
            if (in_text || !blank) {
                run_flush(&run, &b);
                sb_put(&b, in + i, j - i);
            }
            i = j;
            continue;
        }
        size_t e = tag_end(in + i, len - i);
        if (e == 0) { /* not a tag after all: copy the rest */
            run_flush(&run, &b);
            sb_put(&b, in + i, len - i);
            break;
        }
        tag.len = 0;
        if (tag.data != NULL)
            tag.data[0] = '\0';
        normalize_tag(in + i, e, &tag);
        i += e + 1;
        if (tag.failed)
            break;
        const char *t = tag.data;
        size_t vlen = 0;
        const char *pts = NULL, *fill = NULL;
        int filled = 0;
        int is_polyline = strncmp(t, "<polyline ", 10) == 0;
        if (is_polyline && !in_text) {
            /* stroked lines, and opaque fills (their union is what the eye sees either way) */
            size_t olen = 0;
            fill = attribute(t, "fill", &vlen);
            const char *opacity = attribute(t, "fill-opacity", &olen);
            int stroke_only = fill != NULL && vlen == 4 && strncmp(fill, "none", 4) == 0;
            int opaque = fill != NULL && opacity != NULL && olen == 8 &&
                         strncmp(opacity, "1.000000", 8) == 0;
            filled = opaque && !stroke_only;
            if (stroke_only || opaque)
                pts = attribute(t, "points", &vlen);
        }
        if (pts != NULL) {
            /* the style: the tag less ' points="..."' */
            sbuf style = {0};
            size_t before = (size_t)(pts - t) - strlen(" points=\"");
            sb_put(&style, t, before);
            sb_puts(&style, pts + vlen + 1);
            if (style.failed) {
                free(style.data);
                b.failed = 1;
                break;
            }
            if (run.count > 0 && strcmp(style.data, run.style.data) != 0)
                run_flush(&run, &b);
            if (run.count == 0) {
                sb_put(&run.style, style.data, style.len);
                sb_put(&run.first, t, tag.len);
            }
            free(style.data);
            /* trim the points' own blanks */
            while (vlen > 0 && pts[vlen - 1] == ' ')
                vlen--;
            while (vlen > 0 && pts[0] == ' ') {
                pts++;
                vlen--;
            }
            if (run.count > 0)
                sb_puts(&run.points, " ");
            run.count++;
            if (filled && rect_subpath(pts, vlen, &run.points))
                continue;
            sb_puts(&run.points, "M");
            for (size_t q = 0; q < vlen; q++) {
                int white = pts[q] == ' ' || pts[q] == '\n' || pts[q] == '\t' || pts[q] == '\r';
                if (!white)
                    sb_put(&run.points, &pts[q], 1);
                else if (q > 0 && !(pts[q - 1] == ' ' || pts[q - 1] == '\n' || pts[q - 1] == '\t' ||
                                    pts[q - 1] == '\r'))
                    sb_put(&run.points, " ", 1);
            }
            continue;
        }
        run_flush(&run, &b);
        int opens_text = strncmp(t, "<text", 5) == 0 && (t[5] == ' ' || t[5] == '>');
        int closes_text = strncmp(t, "</text>", 7) == 0;
        sb_put(&b, t, tag.len);
        if (opens_text)
            in_text = 1;
        else if (closes_text)
            in_text = 0;
        if (!in_text)
            sb_puts(&b, "\n");
    }
    run_flush(&run, &b);
    int failed =
        b.failed || tag.failed || run.style.failed || run.points.failed || run.first.failed;
    free(tag.data);
    free(run.style.data);
    free(run.points.data);
    free(run.first.data);
    if (failed || b.data == NULL) {
        free(b.data);
        return GANSTAB_ENOMEM;
    }
    *out = b.data;
    *out_len = b.len;
    return GANSTAB_OK;
}

/* ---- the whole figure ----------------------------------------------------------------------- */

int ganstab_plot_render_svg(const ganstab_plot_figure *figure, char **svg, size_t *len,
                            ganstab_error *err)
{
    *svg = NULL;
    *len = 0;
    int rc = check_figure(figure, err);
    if (rc != GANSTAB_OK)
        return rc;
    ganstab_plot_figure fitted = *figure; /* shallow: the page size may change, nothing else */
    const ganstab_plot_figure *fig = &fitted;
    fit_page(&fitted);
    if (!svg_device_available())
        return ganstab_error_set(err, GANSTAB_EIO, "plot",
                                 "PLplot has no svg device (install the PLplot library with its "
                                 "drivers: Debian libplplot17)");
    char *raw = NULL;
    size_t raw_len = 0;
    FILE *stream = open_memstream(&raw, &raw_len);
    if (stream == NULL)
        return ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "cannot open a memory stream: %s",
                                 strerror(errno));
    svg_aborted = 0;
    svg_abort_message[0] = '\0';
    plsabort(svg_abort_handler);
    PLINT stream_id = 0;
    plmkstrm(&stream_id);
    plsdev("svg");
    plsfile(stream);
    /* 72 dots per inch: one unit of the page is one pt */
    plspage(72.0, 72.0, (PLINT)lround(fig->width), (PLINT)lround(fig->height), 0, 0);
    plscolbg(255, 255, 255);
    plinit();
    plfontld(0);
    plschr(SVG_CHAR_MM, 1.0);
    /* tick labels with up to 6 digits as they are, not as a multiple of a power of ten written
       above the axes (where it would collide with the title) */
    plsxax(6, 0);
    plsyax(6, 0);
    pladv(0);
    for (size_t i = 0; i < fig->npanels && rc == GANSTAB_OK && !svg_aborted; i++)
        rc = draw_panel(fig, i, err);
    /* plend1 closes the stream (the driver's fclose), which finalizes raw and raw_len */
    plend1();
    if (rc == GANSTAB_OK && svg_aborted)
        rc = ganstab_error_set(err, GANSTAB_EIO, "plot", "PLplot: %s", svg_abort_message);
    if (rc == GANSTAB_OK && (raw == NULL || raw_len == 0))
        rc = ganstab_error_set(err, GANSTAB_EIO, "plot", "PLplot wrote no SVG");
    if (rc == GANSTAB_OK && svg_compact(raw, raw_len, svg, len) != GANSTAB_OK)
        rc = ganstab_error_set(err, GANSTAB_ENOMEM, "plot", "out of memory");
    free(raw);
    return rc;
}

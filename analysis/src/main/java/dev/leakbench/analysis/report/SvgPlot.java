package dev.leakbench.analysis.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small scatter/line chart rendered as inline SVG: axes with nice ticks, points, lines, a legend.
 *
 * <p>Each axis spans the data (plus a small margin), never forced to zero, so a heap between 9.7
 * and 10.3 MiB fills the plot. Its ticks are 1, 2 or 5 &times; 10<sup>k</sup> apart in the unit
 * the axis shows (MiB for a heap of megabytes, &times;10<sup>6</sup> for millions of operations),
 * and every tick label of an axis has the same format; the unit or the power of ten goes into the
 * axis title once. The legend draws each series with the symbol it is plotted with.
 */
public final class SvgPlot {
    private static final int W = 640;
    private static final int H = 300;
    private static final int RIGHT = 16;
    private static final int BOTTOM = 44;
    private static final int LEGEND_ROW = 15;
    /** Fraction of the data range added on each side of an axis, so that no point sits on the frame. */
    static final double MARGIN = 0.04;
    /** Approximate width of a character of the 11 px sans-serif text, for layout. */
    private static final double CHAR = 6.3;

    private record Points(double[] x, double[] y, String color, boolean hollow, boolean connect, String label) {}

    private record Line(double x1, double y1, double x2, double y2, String color, boolean dashed, String label) {}

    private final List<Points> points = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<double[]> vmarks = new ArrayList<>();
    private final String xLabel;
    private final String yLabel;
    private final TickFormat xFmt;
    private final TickFormat yFmt;

    /**
     * The unit an axis shows its values in: they are divided by {@code divisor}, and {@code suffix}
     * (null for none) is named once in the axis title.
     *
     * @param divisor what the values are divided by
     * @param suffix the unit or power of ten, for the title
     */
    public record Scale(double divisor, String suffix) {
        /** The values as they are, no suffix. */
        public static final Scale NONE = new Scale(1, null);
    }

    /** Formats a tick value knowing the distance between ticks, so that neighbours differ. */
    @FunctionalInterface
    public interface TickFormat {
        /** Formats {@code v} (in the axis unit of {@link #scale}); {@code step} is the tick spacing. */
        String format(double v, double step);

        /** The unit the axis shows for data in {@code [lo, hi]}; by default the values as they are. */
        default Scale scale(double lo, double hi) {
            return Scale.NONE;
        }

        /** The smallest tick spacing (in the axis unit): 1 for whole days. */
        default double minStep() {
            return 0;
        }

        /** Bytes in one binary unit per axis (B, KiB, MiB, ...) named in the title; as many decimals as the spacing needs. */
        static TickFormat bytes() {
            return new TickFormat() {
                @Override
                public String format(double v, double step) {
                    return fixed(v, step);
                }

                @Override
                public Scale scale(double lo, double hi) {
                    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
                    double m = Math.max(Math.abs(lo), Math.abs(hi));
                    double scale = 1;
                    int u = 0;
                    while (m >= 1024 * scale && u < units.length - 1) {
                        scale *= 1024;
                        u++;
                    }
                    return new Scale(scale, units[u]);
                }
            };
        }

        /** Plain numbers, with a power of ten (a multiple of 3) in the title from 10^5 on. */
        static TickFormat plain() {
            return plain(null);
        }

        /**
         * Plain numbers in {@code unit} (null for none): as many decimals as the spacing needs, the
         * same for every label; from 10^5 on divided by 10^3, 10^6, ... named in the title ("×10⁶").
         */
        static TickFormat plain(String unit) {
            return new TickFormat() {
                @Override
                public String format(double v, double step) {
                    return fixed(v, step);
                }

                @Override
                public Scale scale(double lo, double hi) {
                    double m = Math.max(Math.abs(lo), Math.abs(hi));
                    if (!(m >= 1e5) || !Double.isFinite(m)) {
                        return new Scale(1, unit);
                    }
                    int e = 3 * (int) Math.floor(Math.log10(m) / 3);
                    String power = "\u00d710" + superscript(e);
                    return new Scale(Math.pow(10, e), unit == null ? power : power + " " + unit);
                }
            };
        }

        /** Epoch days as ISO dates, at least a day apart. */
        static TickFormat epochDay() {
            return new TickFormat() {
                @Override
                public String format(double v, double step) {
                    return java.time.LocalDate.ofEpochDay(Math.round(v)).toString();
                }

                @Override
                public double minStep() {
                    return 1;
                }
            };
        }
    }

    /** {@code v} with the decimals a tick spacing of {@code step} needs (0 for 1, 1 for 0.5, 2 for 0.02, ...). */
    static String fixed(double v, double step) {
        int decimals = decimals(step);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        // no "-0" or "-0.0" for a tick at zero
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }

    private static int decimals(double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            return 0;
        }
        return (int) Math.max(0, Math.min(9, Math.ceil(-Math.log10(step) - 1e-9)));
    }

    private static String superscript(int e) {
        String digits = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(e).toCharArray()) {
            sb.append(c == '-' ? '\u207b' : digits.charAt(c - '0'));
        }
        return sb.toString();
    }

    /**
     * @param xLabel title of the x axis
     * @param yLabel title of the y axis
     * @param xFmt formats x tick values
     * @param yFmt formats y tick values
     */
    public SvgPlot(String xLabel, String yLabel, TickFormat xFmt, TickFormat yFmt) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xFmt = xFmt;
        this.yFmt = yFmt;
    }

    /** Adds points, optionally hollow and/or connected by a polyline. */
    public SvgPlot points(double[] x, double[] y, String color, boolean hollow, boolean connect, String label) {
        points.add(new Points(x, y, color, hollow, connect, label));
        return this;
    }

    /** Adds a straight line segment. */
    public SvgPlot line(double x1, double y1, double x2, double y2, String color, boolean dashed, String label) {
        lines.add(new Line(x1, y1, x2, y2, color, dashed, label));
        return this;
    }

    /** Adds a vertical marker at x. */
    public SvgPlot mark(double x) {
        vmarks.add(new double[] {x});
        return this;
    }

    /**
     * One axis: the range it spans (in data units), the scale it shows, its tick values (in the
     * axis unit) and their labels.
     *
     * @param lo lower end of the axis, data units
     * @param hi upper end of the axis, data units
     * @param scale the unit shown
     * @param ticks tick values in the shown unit, ascending, within the axis
     * @param step spacing of the ticks, in the shown unit
     * @param labels the tick labels
     */
    record Axis(double lo, double hi, Scale scale, double[] ticks, double step, String[] labels) {
        /** The axis title: {@code label}, and the unit shown in brackets. */
        String title(String label) {
            return scale.suffix() == null ? label : label + " (" + scale.suffix() + ")";
        }
    }

    /**
     * The axis for data in {@code [min, max]}: the data range and a {@value #MARGIN} margin on each
     * side (around a single value, 1% of it or 1 either side), about {@code target} ticks inside it.
     */
    static Axis axis(double min, double max, int target, TickFormat fmt) {
        double lo = min;
        double hi = max;
        if (!(hi > lo)) {
            double pad = Math.abs(lo) * 0.01 + Math.max(1, fmt.minStep());
            lo -= pad;
            hi += pad;
        } else {
            double pad = (hi - lo) * MARGIN;
            lo -= pad;
            hi += pad;
        }
        Scale scale = fmt.scale(lo, hi);
        double d = scale.divisor();
        double step = niceStep(lo / d, hi / d, target, fmt.minStep());
        double[] t = ticks(lo / d, hi / d, step);
        String[] labels = new String[t.length];
        for (int i = 0; i < t.length; i++) {
            labels[i] = fmt.format(t[i], step);
        }
        return new Axis(lo, hi, scale, t, step, labels);
    }

    /** About {@code n} nice tick values (multiples of 1, 2 or 5 x 10^k) within [lo, hi]. */
    static double[] ticks(double lo, double hi, int n) {
        return ticks(lo, hi, niceStep(lo, hi, n, 0));
    }

    /** The multiples of {@code step} within [lo, hi]. */
    private static double[] ticks(double lo, double hi, double step) {
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        int count = (int) Math.max(0, Math.min(100, last - first + 1));
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = value(first + i, step);
        }
        return t;
    }

    /** {@code k * step} without the binary noise of a fractional step (3 x 0.1 is 0.3, not 0.30000000000000004). */
    private static double value(long k, double step) {
        int e = (int) Math.floor(Math.log10(step) + 1e-9);
        if (e >= 0) {
            return k * step;
        }
        double m = Math.rint(step * Math.pow(10, -e));
        return k * m / Math.pow(10, -e);
    }

    /**
     * The 1, 2 or 5 x 10^k spacing (at least {@code minStep}) that puts the number of ticks within
     * [lo, hi] closest to {@code n} in ratio, the wider one of two equally close.
     */
    static double niceStep(double lo, double hi, int n, double minStep) {
        double span = hi - lo;
        if (!(span > 0) || !Double.isFinite(span)) {
            return 1;
        }
        int k0 = (int) Math.floor(Math.log10(span / n));
        double best = Double.NaN;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int k = k0 - 1; k <= k0 + 2; k++) {
            for (int m : new int[] {1, 2, 5}) {
                double step = m * Math.pow(10, k);
                if (step < minStep) {
                    continue;
                }
                long count = (long) Math.floor(hi / step + 1e-9) - (long) Math.ceil(lo / step - 1e-9) + 1;
                // closest in ratio: 9 ticks for 6 wanted beat 3
                double score = count < 2 ? 100 + n - count : Math.abs(Math.log(count / (double) n));
                if (score <= bestScore) {
                    bestScore = score;
                    best = step;
                }
            }
        }
        return Double.isNaN(best) ? Math.max(1, minStep) : best;
    }

    /** Renders the chart. */
    public String render() {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Points p : points) {
            for (int i = 0; i < p.x.length; i++) {
                xmin = Math.min(xmin, p.x[i]);
                xmax = Math.max(xmax, p.x[i]);
                ymin = Math.min(ymin, p.y[i]);
                ymax = Math.max(ymax, p.y[i]);
            }
        }
        for (Line l : lines) {
            ymin = Math.min(ymin, Math.min(l.y1, l.y2));
            ymax = Math.max(ymax, Math.max(l.y1, l.y2));
        }
        if (!Double.isFinite(xmin) || !Double.isFinite(ymin)) {
            xmin = 0;
            xmax = 1;
            ymin = 0;
            ymax = 1;
        }
        Axis ya = axis(ymin, ymax, 5, yFmt);
        Axis xa = axis(xmin, xmax, 6, xFmt);
        int maxLabel = 0;
        for (String s : ya.labels()) {
            maxLabel = Math.max(maxLabel, s.length());
        }
        final int left = (int) Math.max(48, Math.ceil(26 + CHAR * maxLabel));
        List<Object> legend = legendItems();
        int rows = legendRows(legend, left);
        final int top = 10 + LEGEND_ROW * Math.max(1, rows);
        final double x0 = xa.lo();
        final double xr = xa.hi() - xa.lo();
        final double y0 = ya.lo();
        final double yr = ya.hi() - ya.lo();
        final int plotH = H - top - BOTTOM;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">",
                W,
                H,
                W,
                H));
        for (int i = 0; i < ya.ticks().length; i++) {
            double y = H - BOTTOM - (ya.ticks()[i] * ya.scale().divisor() - y0) / yr * plotH;
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    left,
                    y,
                    W - RIGHT,
                    y));
            sb.append(String.format(
                    Locale.ROOT,
                    "<text class=\"ytick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    left - 4,
                    y + 4,
                    Html.esc(ya.labels()[i])));
        }
        for (int i = 0; i < xa.ticks().length; i++) {
            double x = left + (xa.ticks()[i] * xa.scale().divisor() - x0) / xr * (W - left - RIGHT);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                    x,
                    top,
                    x,
                    H - BOTTOM));
            sb.append(String.format(
                    Locale.ROOT,
                    "<text class=\"xtick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    x,
                    H - BOTTOM + 14,
                    Html.esc(xa.labels()[i])));
        }
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" " + "stroke=\"#999\"/>",
                left,
                top,
                W - left - RIGHT,
                plotH));
        sb.append(String.format(
                Locale.ROOT,
                "<text class=\"xtitle\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                (left + W - RIGHT) / 2,
                H - 8,
                Html.esc(fit(xa.title(xLabel), (int) ((W - left - RIGHT) / CHAR)))));
        int mid = top + plotH / 2;
        sb.append(String.format(
                Locale.ROOT,
                "<text class=\"ytitle\" x=\"12\" y=\"%d\" text-anchor=\"middle\" "
                        + "transform=\"rotate(-90 12 %d)\">%s</text>",
                mid,
                mid,
                Html.esc(fit(ya.title(yLabel), (int) (plotH / CHAR)))));
        for (double[] m : vmarks) {
            double x = left + (m[0] - x0) / xr * (W - left - RIGHT);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c62828\" "
                            + "stroke-dasharray=\"2 3\"/>",
                    x,
                    top,
                    x,
                    H - BOTTOM));
        }
        for (Points p : points) {
            if (p.connect && p.x.length > 1) {
                sb.append("<polyline fill=\"none\" stroke=\"")
                        .append(Html.esc(p.color))
                        .append("\" stroke-width=\"1.2\" points=\"");
                for (int i = 0; i < p.x.length; i++) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "%.1f,%.1f ",
                            left + (p.x[i] - x0) / xr * (W - left - RIGHT),
                            H - BOTTOM - (p.y[i] - y0) / yr * plotH));
                }
                sb.append("\"/>");
            }
            for (int i = 0; i < p.x.length; i++) {
                circle(sb, left + (p.x[i] - x0) / xr * (W - left - RIGHT), H - BOTTOM - (p.y[i] - y0) / yr * plotH, p);
            }
        }
        for (Line l : lines) {
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" " + "stroke-width=\"1.8\"%s/>",
                    left + (l.x1 - x0) / xr * (W - left - RIGHT),
                    H - BOTTOM - (l.y1 - y0) / yr * plotH,
                    left + (l.x2 - x0) / xr * (W - left - RIGHT),
                    H - BOTTOM - (l.y2 - y0) / yr * plotH,
                    Html.esc(l.color),
                    l.dashed ? " stroke-dasharray=\"6 4\"" : ""));
        }
        legend(sb, legend, left);
        return sb.append("</svg>").toString();
    }

    private static void circle(StringBuilder sb, double cx, double cy, Points p) {
        sb.append(String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" %s/>",
                cx,
                cy,
                p.hollow
                        ? "fill=\"none\" stroke=\"" + Html.esc(p.color) + "\""
                        : "fill=\"" + Html.esc(p.color) + "\""));
    }

    /** Width of a legend entry: its symbol, its label, a gap. */
    private static int legendWidth(String label) {
        return 22 + (int) Math.ceil(CHAR * label.length()) + 14;
    }

    private static String label(Object o) {
        return o instanceof Points p ? p.label : ((Line) o).label;
    }

    private static int legendRows(List<Object> items, int left) {
        int rows = items.isEmpty() ? 0 : 1;
        int lx = left + 8;
        for (Object o : items) {
            int w = legendWidth(label(o));
            if (lx + w > W - RIGHT && lx > left + 8) {
                rows++;
                lx = left + 8;
            }
            lx += w;
        }
        return rows;
    }

    /** The legend above the plot, each entry drawn as its series is: a dot, a hollow dot, a dot on a line, a (dashed) line. */
    private static void legend(StringBuilder sb, List<Object> items, int left) {
        int lx = left + 8;
        int row = 0;
        for (Object o : items) {
            String label = label(o);
            int w = legendWidth(label);
            if (lx + w > W - RIGHT && lx > left + 8) {
                row++;
                lx = left + 8;
            }
            int cy = 13 + LEGEND_ROW * row;
            sb.append("<g class=\"legend\">");
            if (o instanceof Points p) {
                if (p.connect) {
                    sb.append(String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " + "stroke-width=\"1.2\"/>",
                            lx,
                            cy,
                            lx + 16,
                            cy,
                            Html.esc(p.color)));
                }
                circle(sb, lx + 8, cy, p);
            } else {
                Line l = (Line) o;
                sb.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" " + "stroke-width=\"1.8\"%s/>",
                        lx,
                        cy,
                        lx + 16,
                        cy,
                        Html.esc(l.color),
                        l.dashed ? " stroke-dasharray=\"6 4\"" : ""));
            }
            sb.append(String.format(
                    Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text></g>", lx + 22, cy + 4, Html.esc(label)));
            lx += w;
        }
    }

    private List<Object> legendItems() {
        List<Object> items = new ArrayList<>();
        for (Points p : points) {
            if (p.label != null && items.stream().noneMatch(o -> o instanceof Points q && p.label.equals(q.label))) {
                items.add(p);
            }
        }
        for (Line l : lines) {
            if (l.label != null && items.stream().noneMatch(o -> o instanceof Line q && l.label.equals(q.label))) {
                items.add(l);
            }
        }
        return items;
    }

    /**
     * A title that fits in {@code max} characters: a long dotted name loses its leading parts
     * ("…ConcurrentHashMap$Node (count)"), anything else its middle.
     */
    static String fit(String title, int max) {
        if (title.length() <= max || max < 8) {
            return title;
        }
        String t = title;
        int dot;
        while (t.length() + 1 > max && (dot = t.indexOf('.')) >= 0 && dot < t.length() - 1) {
            t = t.substring(dot + 1);
        }
        if (t.length() + 1 <= max && !t.equals(title)) {
            return "\u2026" + t;
        }
        int keep = max - 1;
        return title.substring(0, keep / 2) + "\u2026" + title.substring(title.length() - (keep - keep / 2));
    }
}

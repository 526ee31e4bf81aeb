package dev.leakbench.analysis.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** A small scatter/line chart rendered as inline SVG: axes with nice ticks, points, lines, a legend. */
public final class SvgPlot {
    private static final int W = 640;
    private static final int H = 300;
    private static final int LEFT = 78;
    private static final int RIGHT = 16;
    private static final int TOP = 24;
    private static final int BOTTOM = 44;

    private record Points(double[] x, double[] y, String color, boolean hollow, boolean connect, String label) {
    }

    private record Line(double x1, double y1, double x2, double y2, String color, boolean dashed, String label) {
    }

    private final List<Points> points = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final List<double[]> vmarks = new ArrayList<>();
    private final String xLabel;
    private final String yLabel;
    private final TickFormat xFmt;
    private final TickFormat yFmt;

    /** Formats a tick value knowing the distance between ticks, so that neighbours differ. */
    @FunctionalInterface
    public interface TickFormat {
        /** Formats {@code v}; {@code step} is the tick spacing. */
        String format(double v, double step);

        /** Bytes in a binary unit with as many decimals as the spacing needs. */
        static TickFormat bytes() {
            return (v, step) -> {
                String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
                double scale = 1;
                int u = 0;
                while (Math.max(Math.abs(v), step) >= 1024 * scale && u < units.length - 1) {
                    scale *= 1024;
                    u++;
                }
                int decimals = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / scale) + 1e-9)));
                return String.format(Locale.ROOT, "%." + decimals + "f %s", v / scale, units[u]);
            };
        }

        /** Plain numbers with as many decimals as the spacing needs (scientific when large). */
        static TickFormat plain() {
            return (v, step) -> {
                if (v == 0) {
                    return "0";
                }
                if (Math.abs(v) >= 1e6) {
                    int decimals = (int) Math.max(0, Math.min(6,
                        Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step) + 1e-9)));
                    return String.format(Locale.ROOT, "%." + decimals + "e", v);
                }
                int decimals = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)));
                return String.format(Locale.ROOT, "%." + decimals + "f", v);
            };
        }

        /** Epoch days as ISO dates. */
        static TickFormat epochDay() {
            return (v, step) -> java.time.LocalDate.ofEpochDay(Math.round(v)).toString();
        }
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
        vmarks.add(new double[]{x});
        return this;
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
        if (!Double.isFinite(xmin)) {
            xmin = 0;
            xmax = 1;
            ymin = 0;
            ymax = 1;
        }
        if (xmax == xmin) {
            xmax = xmin + 1;
        }
        if (ymax == ymin) {
            double pad = Math.abs(ymin) * 0.01 + 1;
            ymin -= pad;
            ymax += pad;
        }
        double[] yt = ticks(ymin, ymax, 5);
        double[] xt = ticks(xmin, xmax, 6);
        ymin = Math.min(ymin, yt[0]);
        ymax = Math.max(ymax, yt[yt.length - 1]);
        final double x0 = xmin;
        final double xr = xmax - xmin;
        final double y0 = ymin;
        final double yr = ymax - ymin;
        DoubleFunction<Double> px = v -> LEFT + (v - x0) / xr * (W - LEFT - RIGHT);
        DoubleFunction<Double> py = v -> H - BOTTOM - (v - y0) / yr * (H - TOP - BOTTOM);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">", W, H, W, H));
        for (double t : yt) {
            double y = py.apply(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                LEFT, y, W - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                LEFT - 4, y + 4, Html.esc(yFmt.format(t, yt.length > 1 ? yt[1] - yt[0] : 1))));
        }
        for (double t : xt) {
            if (t < xmin || t > xmax) {
                continue;
            }
            double x = px.apply(t);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                x, TOP, x, H - BOTTOM));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                x, H - BOTTOM + 14, Html.esc(xFmt.format(t, xt.length > 1 ? xt[1] - xt[0] : 1))));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
            + "stroke=\"#999\"/>", LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
            (LEFT + W - RIGHT) / 2, H - 8, Html.esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 12 %d)\">%s</text>", (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, Html.esc(yLabel)));
        for (double[] m : vmarks) {
            double x = px.apply(m[0]);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c62828\" "
                + "stroke-dasharray=\"2 3\"/>", x, TOP, x, H - BOTTOM));
        }
        for (Points p : points) {
            if (p.connect && p.x.length > 1) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(p.color).append("\" stroke-width=\"1.2\" points=\"");
                for (int i = 0; i < p.x.length; i++) {
                    sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.apply(p.x[i]), py.apply(p.y[i])));
                }
                sb.append("\"/>");
            }
            for (int i = 0; i < p.x.length; i++) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" %s/>",
                    px.apply(p.x[i]), py.apply(p.y[i]),
                    p.hollow ? "fill=\"none\" stroke=\"" + p.color + "\"" : "fill=\"" + p.color + "\""));
            }
        }
        for (Line l : lines) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"1.8\"%s/>", px.apply(l.x1), py.apply(l.y1), px.apply(l.x2), py.apply(l.y2), l.color,
                l.dashed ? " stroke-dasharray=\"6 4\"" : ""));
        }
        int lx = LEFT + 8;
        for (Object o : legendItems()) {
            String label;
            String color;
            if (o instanceof Points p) {
                label = p.label;
                color = p.color;
            } else {
                Line l = (Line) o;
                label = l.label;
                color = l.color;
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"17\">%s</text>", lx, color, lx + 14, Html.esc(label)));
            lx += 24 + 6 * label.length();
        }
        return sb.append("</svg>").toString();
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

    /** About {@code n} round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi, int n) {
        double range = nice(hi - lo, false);
        double step = nice(range / (n - 1), true);
        double start = Math.floor(lo / step) * step;
        double end = Math.ceil(hi / step) * step;
        int count = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[Math.max(2, Math.min(count, 50))];
        for (int i = 0; i < t.length; i++) {
            t[i] = start + i * step;
        }
        return t;
    }

    private static double nice(double v, boolean round) {
        if (v <= 0 || !Double.isFinite(v)) {
            return 1;
        }
        double exp = Math.floor(Math.log10(v));
        double f = v / Math.pow(10, exp);
        double nf;
        if (round) {
            nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        }
        return nf * Math.pow(10, exp);
    }
}

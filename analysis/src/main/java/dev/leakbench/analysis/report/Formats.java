package dev.leakbench.analysis.report;

import dev.leakbench.analysis.input.Quantities;
import java.util.Locale;

/** Number formatting shared by the text, Markdown and HTML renderings. */
public final class Formats {
    private Formats() {
    }

    /** A slope with its unit; per-op counts are shown per million operations. */
    public static String slope(double v, String unit) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (!Double.isFinite(v)) {
            return v > 0 ? "+inf" : "-inf";
        }
        if (unit.equals("count/op")) {
            return Quantities.sig3(v * 1e6) + " /Mop";
        }
        if (unit.equals("count/iteration")) {
            return Quantities.sig3(v) + " /iter";
        }
        return Quantities.sig3(v) + " " + unit.replace("iteration", "iter");
    }

    /** An interval of slopes, "-" when absent. */
    public static String interval(double[] ci, String unit) {
        if (ci == null) {
            return "-";
        }
        return slope(ci[0], unit).replaceAll(" .*", "") + ".." + slope(ci[1], unit);
    }

    /** A p-value, "-" when absent. */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "-";
        }
        return p < 1e-3 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /** An amount in a metric's unit ("B" for bytes, otherwise a count). */
    public static String amount(double v, String unit) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return unit.startsWith("B") && !unit.equals("B/op") ? Quantities.bytes(v) : Quantities.sig3(v);
    }

    /** A percentage with one decimal. */
    public static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : "-";
    }
}

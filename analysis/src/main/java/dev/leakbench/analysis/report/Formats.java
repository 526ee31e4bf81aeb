package dev.leakbench.analysis.report;

import dev.leakbench.analysis.input.Quantities;
import java.util.Locale;

/** Number formatting shared by the text, Markdown and HTML renderings. */
public final class Formats {
    private Formats() {}

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

    /** Size of the object the sensitivity of a STABLE finding is counted in: a small cache entry or node. */
    public static final int OBJECT_BYTES = 48;

    /**
     * What a STABLE finding rules out: "would have found >= 0.00328 B/op, one 48-byte object per
     * 14,600 ops"; counts per million operations or per iteration without the object phrase.
     * {@code slope} NaN: no leak could have been found (too few points).
     */
    public static String sensitivity(double slope, String unit) {
        if (Double.isNaN(slope)) {
            return "could not have found a leak of any size (too few points to judge a trend)";
        }
        String text = "would have found >= " + slope(slope, unit);
        boolean perOp = unit.endsWith("/op");
        if (unit.startsWith("B") && slope > 0 && Double.isFinite(slope)) {
            double per = OBJECT_BYTES / slope;
            String what = perOp ? "ops" : "iterations";
            text += per >= 1
                    ? ", one " + OBJECT_BYTES + "-byte object per " + count(per) + " " + what
                    : ", " + Quantities.sig3(1 / per) + " " + OBJECT_BYTES + "-byte objects per "
                            + (perOp ? "op" : "iteration");
        }
        return text;
    }

    /** A positive count rounded to three significant digits, with thousands separators: "14,600". */
    static String count(double v) {
        if (!(v < 1e18)) {
            return Quantities.sig3(v);
        }
        long n = Math.round(v);
        int digits = String.valueOf(n).length();
        long unit = digits > 3 ? (long) Math.pow(10, digits - 3) : 1;
        return String.format(Locale.ROOT, "%,d", Math.round(v / unit) * unit);
    }

    /** A percentage with one decimal. */
    public static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : "-";
    }
}

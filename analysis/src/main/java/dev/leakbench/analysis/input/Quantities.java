package dev.leakbench.analysis.input;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats byte sizes ({@code 4g}, {@code 256KiB}, {@code 1.5 MB}) and plain numbers. */
public final class Quantities {
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\\s*([a-zA-Z]*)");

    private Quantities() {}

    /**
     * Parses a size: a number with an optional binary suffix (k, m, g, t, with or without
     * "b"/"ib": 4g = 4 GiB; "B" or none = bytes).
     *
     * @throws IllegalArgumentException when it is not a size
     */
    public static double parseBytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4g, 512m, 256KiB, 1048576)");
        }
        double v = Double.parseDouble(m.group(1));
        String suffix = m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (suffix) {
            case "", "b" -> 1;
            case "k", "kb", "kib" -> 1024;
            case "m", "mb", "mib" -> 1024.0 * 1024;
            case "g", "gb", "gib" -> 1024.0 * 1024 * 1024;
            case "t", "tb", "tib" -> 1024.0 * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown size suffix '" + m.group(2) + "' in '" + text + "'");
        };
        if (!Double.isFinite(v * factor)) {
            throw new IllegalArgumentException("not a size: '" + text + "' is too large");
        }
        return v * factor;
    }

    /** A byte amount with a binary unit, three significant digits: "1.50 MiB", "-12.0 KiB", "512 B". */
    public static String bytes(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double a = Math.abs(v);
        int u = 0;
        while (a >= 1024 && u < units.length - 1) {
            a /= 1024;
            u++;
        }
        String num = u == 0 ? String.format(Locale.ROOT, "%.0f", a) : sig3(a);
        return (v < 0 ? "-" : "") + num + " " + units[u];
    }

    /** Three significant digits, plain notation for ordinary magnitudes. */
    public static String sig3(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        double rounded = Math.abs(Double.parseDouble(String.format(Locale.ROOT, "%.2e", v))); // 0.9999 -> 1.00
        int digits = Math.max(0, 2 - (int) Math.floor(Math.log10(rounded)));
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A duration in seconds as "3.2 h", "45 min", "12 s", "2.1 d". */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "never";
        }
        if (seconds < 120) {
            return sig3(seconds) + " s";
        }
        if (seconds < 7200) {
            return sig3(seconds / 60) + " min";
        }
        if (seconds < 3 * 86400) {
            return sig3(seconds / 3600) + " h";
        }
        return sig3(seconds / 86400) + " d";
    }
}

package dev.leakbench.analysis.input;

import java.util.Locale;
import java.util.function.Supplier;

/** Parsing of single values, shared by the readers of every format. */
public final class Cells {
    private Cells() {}

    /**
     * Parses a finite plain decimal number. {@code err} makes the exception (naming file, line
     * and field); the reason is appended to its message.
     */
    public static double finite(String text, Supplier<BadInputException> err) throws BadInputException {
        double whole = digits(text);
        if (whole >= 0) {
            return whole;
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw withReason(err.get(), nonFinite(text) ? notFinite(text) : "'" + text.strip() + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw withReason(err.get(), nonFinite(text) ? notFinite(text) : "'" + text.strip() + "' is out of range");
        }
        String t = text.strip();
        char last = t.charAt(t.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || t.indexOf('x') >= 0 || t.indexOf('X') >= 0) {
            throw withReason(err.get(), "'" + t + "' is not a plain decimal number");
        }
        return v;
    }

    /**
     * The value of up to 15 decimal digits and nothing else (what a byte count or a counter is
     * written as), or -1: such a number is exact as a double, so this is what Double.parseDouble
     * gives, only without its cost in a file of millions of cells.
     */
    private static double digits(String text) {
        int n = text.length();
        if (n == 0 || n > 15) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean nonFinite(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("nan") || lower.contains("inf");
    }

    private static String notFinite(String text) {
        return "'" + text.strip() + "' is not a finite number (NaN/Infinity are not measurements)";
    }

    private static BadInputException withReason(BadInputException base, String reason) {
        String msg =
                base.getMessage() == null || base.getMessage().isEmpty() ? reason : base.getMessage() + ": " + reason;
        return new BadInputException(base.file(), base.line(), base.field(), msg, null);
    }
}

package dev.leakbench.soak;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The {@code --rate} of an open-loop soak: operations started per second, over all threads, as a
 * person types it: {@code 5000/s}, {@code 5000}, {@code 2.5/s}.
 *
 * @param perSecond operations per second in all, greater than 0 and at most {@link #MAX}
 */
public record SoakRate(double perSecond) {

    /** One start per nanosecond: the clock's resolution, and far beyond any target. */
    public static final double MAX = 1e9;

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:/s)?");
    private static final String EXAMPLES = "e.g. 5000/s, 5000 or 2.5/s (operations per second, over all threads)";

    public SoakRate {
        if (!(perSecond > 0) || perSecond > MAX) {
            throw new IllegalArgumentException(
                    "a rate must be above 0 and at most " + format(MAX) + ", was " + perSecond);
        }
    }

    /** @throws IllegalArgumentException naming the text and the accepted forms */
    public static SoakRate parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a rate: use a positive number of operations " + "per second, " + EXAMPLES);
        }
        double value = Double.parseDouble(m.group(1));
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "'" + text + "': the rate must be above 0, " + EXAMPLES + "; leave --rate out for a closed loop");
        }
        if (value > MAX) {
            throw new IllegalArgumentException("'" + text + "': the rate must be at most " + format(MAX)
                    + " (one start " + "per nanosecond), " + EXAMPLES);
        }
        return new SoakRate(value);
    }

    /** Nanoseconds between two starts of one thread when {@code threads} share the rate. */
    double periodNanos(int threads) {
        return threads * 1e9 / perSecond;
    }

    /** {@code 5,000/s}, {@code 2.5/s}. */
    @Override
    public String toString() {
        return format(perSecond);
    }

    static String format(double perSecond) {
        return (perSecond == Math.rint(perSecond)
                        ? String.format(Locale.ROOT, "%,.0f", perSecond)
                        : String.format(Locale.ROOT, "%,.3f", perSecond).replaceAll("0+$", ""))
                + "/s";
    }

    /** picocli's converter for {@code --rate}. */
    static final class Converter implements CommandLine.ITypeConverter<SoakRate> {
        @Override
        public SoakRate convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

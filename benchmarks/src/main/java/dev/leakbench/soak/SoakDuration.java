package dev.leakbench.soak;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Soak durations as a person types them: {@code 30s}, {@code 2h}, {@code 24h}, {@code 1h30m},
 * {@code 250ms}, {@code 1d}. Parts go from the largest unit down, each unit at most once.
 */
public final class SoakDuration implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:d|h|ms|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(d|h|ms|m|s)");
    private static final String EXAMPLES = "e.g. 30s, 2h, 24h, 1h30m, 500ms";

    /** @throws IllegalArgumentException naming the text and the accepted forms */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase();
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: use a number and a unit (d, h, m, s, ms), " + EXAMPLES);
        }
        Duration total = Duration.ZERO;
        int lastRank = -1;
        Matcher m = PART.matcher(t);
        while (m.find()) {
            String unit = m.group(2);
            int rank = rank(unit);
            if (rank <= lastRank) {
                throw new IllegalArgumentException(
                        "'" + text + "': units must go from largest to smallest, each once, " + EXAMPLES);
            }
            lastRank = rank;
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': " + m.group(1) + " is too large", e);
            }
            total = total.plus(
                    switch (unit) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMillis(n);
                    });
        }
        if (total.isZero()) {
            throw new IllegalArgumentException("'" + text + "': a duration must be longer than zero, " + EXAMPLES);
        }
        return total;
    }

    private static int rank(String unit) {
        return switch (unit) {
            case "d" -> 0;
            case "h" -> 1;
            case "m" -> 2;
            case "s" -> 3;
            default -> 4;
        };
    }

    /** {@code 1h30m}, {@code 2m}, {@code 1.5s}, {@code 250ms}: short, for configuration and progress lines. */
    public static String format(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        StringBuilder b = new StringBuilder();
        long s = d.toSeconds();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        int ms = d.toMillisPart();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0 || ms > 0 || b.length() == 0) {
            b.append(sec);
            if (ms > 0) {
                b.append('.').append(String.format("%03d", ms).replaceAll("0+$", ""));
            }
            b.append('s');
        }
        return b.toString();
    }

    /** {@code hh:mm:ss} for the progress line. */
    public static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}

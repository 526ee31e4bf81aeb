package dev.leakbench.vocabulary;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dumps index {@code NAME.dumps.csv} that the LeakProfiler writes beside a series when it
 * takes live heap dumps for a leak trace ({@code trace=true}), and that {@code leakcheck findings}
 * reads (docs/design.md, "Leak traces"). Its first line is
 * {@code # leakbench dumps format 1; keepDumps=false}, then the header {@link #COLUMNS}, then
 * one row per dump in the order taken:
 * <ul>
 *   <li>{@code benchmark}, {@code params}: the series' key, as in the series CSV;</li>
 *   <li>{@code dump}: 1, 2, 3 in the order taken;</li>
 *   <li>{@code iteration}: the measurement iteration whose reading the dump was taken with;</li>
 *   <li>{@code ops.cumulative}, {@code heap.retained}: that reading's values;</li>
 *   <li>{@code file}: the hprof file, relative to the index's directory;</li>
 *   <li>{@code bytes}, {@code seconds}: its size and the time the dump took.</li>
 * </ul>
 * {@code keepDumps=false} asks leakcheck to delete the hprof files once it has read them.
 */
public final class DumpsFormat {
    /** The format written now. */
    public static final int VERSION = 1;
    /** The index's file name suffix, after the series' base name. */
    public static final String SUFFIX = ".dumps.csv";
    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of(
            "benchmark", "params", "dump", "iteration", MetricNames.OPS, MetricNames.HEAP, "file", "bytes", "seconds");

    private static final Pattern FIRST_LINE =
            Pattern.compile("#\\s*leakbench dumps format (\\d{1,9})\\s*;\\s*keepDumps=(true|false)\\s*");

    private DumpsFormat() {}

    /** True when {@code line} (a file's first line) is meant as a dumps index line, well formed or not. */
    public static boolean looksLikeFirstLine(String line) {
        return line.startsWith("#") && line.toLowerCase(Locale.ROOT).contains("leakbench dumps");
    }

    /** The first line the writer puts. */
    public static String firstLine(boolean keepDumps) {
        return "# leakbench dumps format " + VERSION + "; keepDumps=" + keepDumps;
    }

    /**
     * What the first line says: whether the dumps are to be kept.
     *
     * @throws IllegalArgumentException a line that is not a dumps index line, or a version this code does not read
     */
    public static boolean keepDumps(String line) {
        Matcher m = FIRST_LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a dumps index line (expected '" + firstLine(false) + "'): '" + line + "'");
        }
        int v = Integer.parseInt(m.group(1));
        if (v < 1 || v > VERSION) {
            throw new IllegalArgumentException("dumps format " + v + " is not one this version reads (1 to " + VERSION
                    + ")" + (v > VERSION ? "; it was written by a newer leakbench" : ""));
        }
        return Boolean.parseBoolean(m.group(2));
    }
}

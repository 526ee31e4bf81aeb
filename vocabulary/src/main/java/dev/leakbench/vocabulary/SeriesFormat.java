package dev.leakbench.vocabulary;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series CSV: an optional first line {@code # leakbench series format N}, then the header
 * {@code benchmark,params,iteration,phase} and the metric columns ({@link MetricNames}), then one
 * row per iteration, warmup rows first (docs/design.md, "Files"). Format 1 is the same file
 * without the version line (every file written before it existed); format 2 adds the line.
 * A reader refuses a version newer than it knows, so a format change cannot be misread silently.
 */
public final class SeriesFormat {
    /** The format written now. */
    public static final int VERSION = 2;
    /** The columns before the metrics. */
    public static final List<String> KEY_COLUMNS = List.of("benchmark", "params", "iteration", "phase");
    /** The {@code phase} of a warmup row. */
    public static final String WARMUP = "warmup";
    /** The {@code phase} of a measurement row. */
    public static final String MEASUREMENT = "measurement";

    private static final String PREFIX = "# leakbench series format ";
    private static final Pattern VERSION_LINE = Pattern.compile("#\\s*leakbench series format (\\d{1,9})\\s*");

    private SeriesFormat() {}

    /**
     * True when {@code line} (a file's first line) is meant as a series format line, well formed or
     * not: a {@code #} line that names the series format. {@link #version} then says whether it is one
     * this code reads.
     */
    public static boolean looksLikeVersionLine(String line) {
        return line.startsWith("#") && line.toLowerCase(java.util.Locale.ROOT).contains("leakbench series");
    }

    /** The version line the writer puts first. */
    public static String versionLine() {
        return PREFIX + VERSION;
    }

    /**
     * The format of a file whose first line is {@code line} (null: the file has no such line,
     * format 1).
     *
     * @throws IllegalArgumentException a line that is not a version line, or a version this code does not read
     */
    public static int version(String line) {
        if (line == null) {
            return 1;
        }
        Matcher m = VERSION_LINE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a series format line (expected '" + versionLine() + "'): '" + line + "'");
        }
        int v = Integer.parseInt(m.group(1));
        if (v < 1 || v > VERSION) {
            throw new IllegalArgumentException("series format " + v + " is not one this version reads (1 to " + VERSION
                    + ")" + (v > VERSION ? "; it was written by a newer leakbench" : ""));
        }
        return v;
    }
}

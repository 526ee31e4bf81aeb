package dev.leakbench.analysis.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's CSV result format ({@code -rf csv}): one row per benchmark and parameter set,
 * secondary metrics as rows named {@code benchmark:label}, parameters in {@code Param: name}
 * columns. It has aggregate scores only, no per-iteration data.
 */
final class JmhCsvReader {
    static final String BENCHMARK = "Benchmark";
    static final String SCORE_ERROR = "Score Error (99.9%)";
    private static final List<String> REQUIRED =
            List.of(BENCHMARK, "Mode", "Threads", "Samples", "Score", SCORE_ERROR, "Unit");
    private static final String PARAM = "Param: ";

    private JmhCsvReader() {}

    /** Reads {@code file} into {@code into}. */
    static void read(Path file, RunSet into, Map<SeriesKey, String> scoreOwners) throws IOException, BadInputException {
        Map<SeriesKey, Entry> entries = new LinkedHashMap<>();
        Map<String, Long> seen = new HashMap<>();
        try (CsvTable csv = CsvTable.open(file)) {
            csv.require(REQUIRED);
            List<String> paramColumns =
                    csv.header().stream().filter(h -> h.startsWith(PARAM)).toList();
            int rows = 0;
            CsvTable.Row row;
            while ((row = csv.next()) != null) {
                rows++;
                final long line = row.line();
                String name = row.required(BENCHMARK);
                int colon = name.indexOf(':');
                String benchmark = colon < 0 ? name : name.substring(0, colon);
                String label = colon < 0 ? null : Metrics.normalise(name.substring(colon + 1));
                Map<String, String> params = new TreeMap<>();
                for (String pc : paramColumns) {
                    // an empty cell: the benchmark has no such parameter, or its value is empty; Params
                    // treats both alike, as the JSON reader does, so CSV and JSON name the same results
                    params.put(pc.substring(PARAM.length()).strip(), row.text(pc));
                }
                SeriesKey key = new SeriesKey(benchmark, Params.of(params));
                String identity = key + "|" + (label == null ? "" : label);
                Long prev = seen.put(identity, row.line());
                if (prev != null) {
                    throw row.error(
                            BENCHMARK,
                            "duplicate row for " + key + (label == null ? "" : " metric " + label) + " (also at line "
                                    + prev + ")");
                }
                if (label != null
                        && !Metrics.isKnown(label)
                        && !label.equals(Metrics.ALLOC)
                        && Metrics.inOurNamespace(label)) {
                    throw row.error(BENCHMARK, "unknown metric '" + label + "'");
                }
                String mode = row.required("Mode");
                long threads = row.count("Threads");
                if (threads < 1 || threads > Integer.MAX_VALUE) {
                    throw row.error(
                            "Threads", "not a thread count (a whole number >= 1): '" + row.text("Threads") + "'");
                }
                row.count("Samples");
                String unit = row.required("Unit");
                boolean ours = label == null || Metrics.isKnown(label) || label.equals(Metrics.ALLOC);
                double score;
                double error;
                if (ours) {
                    score = value(row, "Score", label == null ? Metrics.SCORE : label);
                    error = row.numberOrNaN(SCORE_ERROR);
                    String why = Metrics.impossibleError(error, row.text(SCORE_ERROR));
                    if (why != null) {
                        throw row.error(SCORE_ERROR, why);
                    }
                } else {
                    // another profiler's metric: kept as a score when it is a number, as from JMH JSON
                    score = lenient(row.text("Score"));
                    if (!Double.isFinite(score)) {
                        continue;
                    }
                    error = lenient(row.text(SCORE_ERROR));
                }
                Entry e = entries.computeIfAbsent(key, k -> new Entry(mode, (int) threads, line));
                Score s = new Score(score, error, unit, List.of());
                if (label == null) {
                    e.primary = s;
                } else {
                    e.secondary.put(label, s);
                }
            }
            if (rows == 0) {
                throw new BadInputException(file, 1, null, "no result rows after the header");
            }
        }
        for (Map.Entry<SeriesKey, Entry> e : entries.entrySet()) {
            String owner = scoreOwners.putIfAbsent(e.getKey(), file.toString());
            if (owner != null) {
                throw new BadInputException(
                        file,
                        e.getValue().line,
                        BENCHMARK,
                        "duplicate result for " + e.getKey() + ": already read from " + owner);
            }
            into.run(e.getKey())
                    .setScores(
                            file.toString(),
                            e.getValue().mode,
                            e.getValue().threads,
                            e.getValue().primary,
                            e.getValue().secondary);
        }
    }

    /** The Score cell of {@code metric}, checked by {@link Metrics#impossible}. */
    private static double value(CsvTable.Row row, String column, String metric) throws BadInputException {
        double v = Metrics.mayBeMissing(metric) ? row.numberOrNaN(column) : row.finite(column);
        String why = Metrics.impossible(metric, v, () -> row.text(column));
        if (why != null) {
            throw row.error(column, why);
        }
        return v;
    }

    private static double lenient(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final class Entry {
        final String mode;
        final int threads;
        final long line;
        Score primary;
        final Map<String, Score> secondary = new LinkedHashMap<>();

        Entry(String mode, int threads, long line) {
            this.mode = mode;
            this.threads = threads;
            this.line = line;
        }
    }
}

package dev.leakbench.analysis.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a LeakProfiler series CSV (see README-formats.md): one row per iteration of one trial,
 * warmup rows first. Each (benchmark, params) in a file is one trial; several files of the same
 * benchmark and parameters are several forks. A sibling {@code NAME.classes.csv} is read as the
 * trial's class attribution, and a sibling {@code NAME.class-counts.csv} as its per-iteration
 * class counts.
 */
final class SeriesCsvReader {
    static final String BENCHMARK = "benchmark";
    static final String PARAMS = "params";
    static final String ITERATION = "iteration";
    static final String PHASE = "phase";
    static final List<String> FIXED = List.of(BENCHMARK, PARAMS, ITERATION, PHASE, Metrics.OPS, Metrics.HEAP);

    private SeriesCsvReader() {
    }

    /** Reads {@code file} into {@code into}. */
    static void read(Path file, RunSet into) throws IOException, BadInputException {
        Map<SeriesKey, Builder> builders = new LinkedHashMap<>();
        try (CsvTable csv = CsvTable.open(file)) {
            csv.require(FIXED);
            List<String> metrics = new ArrayList<>();
            for (String column : csv.header()) {
                if (FIXED.contains(column)) {
                    continue;
                }
                if (!Metrics.isKnown(column)) {
                    throw new BadInputException(file, 1, column, "unknown metric column (known: root.<name>, "
                        + "threads.live, fds.open, rss, buffers.direct, metaspace, gauge.<name>)");
                }
                metrics.add(column);
            }
            for (CsvTable.Row row = csv.next(); row != null; row = csv.next()) {
                String benchmark = row.required(BENCHMARK);
                Params params;
                try {
                    params = Params.parse(row.text(PARAMS));
                } catch (IllegalArgumentException e) {
                    throw row.error(PARAMS, e.getMessage());
                }
                SeriesKey key = new SeriesKey(benchmark, params);
                Builder b = builders.computeIfAbsent(key, k -> new Builder());
                b.add(row, metrics);
            }
            if (builders.isEmpty()) {
                throw new BadInputException(file, 1, null, "no iteration rows after the header");
            }
        }
        Path counts = classCountsFileFor(file);
        boolean haveCounts = Files.isRegularFile(counts);
        if (haveCounts && builders.size() != 1) {
            into.warn(counts + ": not used, because " + file + " holds " + builders.size()
                + " benchmarks and a class-counts file belongs to exactly one");
        }
        for (Map.Entry<SeriesKey, Builder> e : builders.entrySet()) {
            ClassCounts classes = haveCounts && builders.size() == 1
                ? ClassCountsCsvReader.read(counts, e.getValue().iterationKeys) : ClassCounts.NONE;
            into.run(e.getKey()).addTrial(e.getValue().build(file.toString(), classes), true);
        }
        Path classes = classesFileFor(file);
        if (Files.isRegularFile(classes)) {
            List<ClassGrowth> rows = ClassesCsvReader.read(classes);
            if (builders.size() == 1) {
                into.run(builders.keySet().iterator().next()).addClasses(rows);
            } else {
                into.warn(classes + ": not used, because " + file + " holds " + builders.size()
                    + " benchmarks and a classes file belongs to exactly one");
            }
        }
    }

    /** {@code dir/NAME.csv} maps to {@code dir/NAME.classes.csv}. */
    static Path classesFileFor(Path series) {
        String name = series.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return series.resolveSibling(base + ".classes.csv");
    }

    /** {@code dir/NAME.csv} maps to {@code dir/NAME.class-counts.csv}. */
    static Path classCountsFileFor(Path series) {
        String name = series.getFileName().toString();
        String base = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return series.resolveSibling(base + ".class-counts.csv");
    }

    /** Accumulates one trial's rows and checks their order. */
    private static final class Builder {
        private final List<Double> ops = new ArrayList<>();
        private final List<Boolean> warmup = new ArrayList<>();
        private final List<String> iterationKeys = new ArrayList<>();
        private final Map<String, List<Double>> values = new LinkedHashMap<>();
        private final Map<String, Long> seen = new HashMap<>();
        private long lastIteration = 0;
        private boolean inMeasurement;
        private double lastOps = Double.NEGATIVE_INFINITY;

        void add(CsvTable.Row row, List<String> metrics) throws BadInputException {
            String phase = row.required(PHASE);
            boolean isWarmup;
            if (phase.equals("warmup")) {
                isWarmup = true;
            } else if (phase.equals("measurement")) {
                isWarmup = false;
            } else {
                throw row.error(PHASE, "must be 'warmup' or 'measurement', found '" + phase + "'");
            }
            long iteration = row.count(ITERATION);
            if (iteration < 1) {
                throw row.error(ITERATION, "iterations count from 1");
            }
            Long prev = seen.put(phase + "#" + iteration, row.line());
            if (prev != null) {
                throw row.error(ITERATION, "duplicate row: " + phase + " iteration " + iteration
                    + " of this benchmark is already at line " + prev);
            }
            if (isWarmup && inMeasurement) {
                throw row.error(PHASE, "a warmup row after measurement rows");
            }
            if (!isWarmup && !inMeasurement) {
                inMeasurement = true;
                lastIteration = 0;
            }
            if (iteration <= lastIteration) {
                throw row.error(ITERATION, "iterations must increase within a phase (" + iteration
                    + " after " + lastIteration + ")");
            }
            lastIteration = iteration;
            double o = value(row, Metrics.OPS);
            if (o < lastOps) {
                throw row.error(Metrics.OPS, "decreases (" + o + " after " + lastOps + "); it counts operations since "
                    + "the trial began");
            }
            lastOps = o;
            double heap = value(row, Metrics.HEAP);
            ops.add(o);
            warmup.add(isWarmup);
            iterationKeys.add(phase + "#" + iteration);
            values.computeIfAbsent(Metrics.HEAP, k -> new ArrayList<>()).add(heap);
            for (String m : metrics) {
                values.computeIfAbsent(m, k -> new ArrayList<>()).add(value(row, m));
            }
        }

        /**
         * A metric cell checked by {@link Metrics#impossible}: required for ops.cumulative and
         * heap.retained, empty (NaN, not measured) allowed for the others.
         */
        private static double value(CsvTable.Row row, String metric) throws BadInputException {
            double v = Metrics.mayBeMissing(metric) ? row.optionalFinite(metric) : row.finite(metric);
            String why = Metrics.impossible(metric, v, () -> row.text(metric));
            if (why != null) {
                throw row.error(metric, why);
            }
            return v;
        }

        Trial build(String source, ClassCounts classes) {
            int n = ops.size();
            double[] o = new double[n];
            boolean[] w = new boolean[n];
            for (int i = 0; i < n; i++) {
                o[i] = ops.get(i);
                w[i] = warmup.get(i);
            }
            Map<String, double[]> m = new LinkedHashMap<>();
            values.forEach((k, list) -> m.put(k, list.stream().mapToDouble(Double::doubleValue).toArray()));
            return new Trial(source, o, w, m, classes);
        }
    }
}

package dev.leakbench.analysis.input;

import dev.leakbench.vocabulary.SeriesFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    static final String BENCHMARK = SeriesFormat.KEY_COLUMNS.get(0);
    static final String PARAMS = SeriesFormat.KEY_COLUMNS.get(1);
    static final String ITERATION = SeriesFormat.KEY_COLUMNS.get(2);
    static final String PHASE = SeriesFormat.KEY_COLUMNS.get(3);
    static final List<String> FIXED = List.of(BENCHMARK, PARAMS, ITERATION, PHASE, Metrics.OPS, Metrics.HEAP);

    private SeriesCsvReader() {}

    /** Reads {@code file} into {@code into}. */
    static void read(Path file, RunSet into) throws IOException, BadInputException {
        Map<SeriesKey, Builder> builders = new LinkedHashMap<>();
        try (CsvTable csv = CsvTable.open(file)) {
            try {
                SeriesFormat.version(csv.comment());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file, 1, null, e.getMessage());
            }
            csv.require(FIXED);
            List<String> metrics = new ArrayList<>();
            for (String column : csv.header()) {
                if (FIXED.contains(column)) {
                    continue;
                }
                if (!Metrics.isKnown(column)) {
                    throw new BadInputException(
                            file,
                            csv.headerLine(),
                            column,
                            "unknown metric column (known: root.<name>, "
                                    + "threads.live, fds.open, rss, buffers.direct, metaspace, gauge.<name>)");
                }
                metrics.add(column);
            }
            Columns columns = new Columns(csv, metrics);
            // the rows of one trial follow each other: the last row's benchmark and parameters text
            // find its builder without parsing the parameters again
            String lastBenchmark = null;
            String lastParams = null;
            Builder last = null;
            for (CsvTable.Row row = csv.next(); row != null; row = csv.next()) {
                String benchmark = row.required(BENCHMARK);
                String paramsText = row.text(columns.params);
                Builder b;
                if (last != null && benchmark.equals(lastBenchmark) && paramsText.equals(lastParams)) {
                    b = last;
                } else {
                    Params params;
                    try {
                        params = Params.parse(paramsText);
                    } catch (IllegalArgumentException e) {
                        throw row.error(PARAMS, e.getMessage());
                    }
                    SeriesKey key = new SeriesKey(benchmark, params);
                    b = builders.computeIfAbsent(key, k -> new Builder(file, k, columns));
                    last = b;
                    lastBenchmark = benchmark;
                    lastParams = paramsText;
                }
                b.add(row);
            }
            if (builders.isEmpty()) {
                throw new BadInputException(file, csv.headerLine(), null, "no iteration rows after the header");
            }
        }
        Path counts = classCountsFileFor(file);
        boolean haveCounts = Files.isRegularFile(counts);
        if (haveCounts && builders.size() != 1) {
            into.warn(counts + ": not used, because " + file + " holds " + builders.size()
                    + " benchmarks and a class-counts file belongs to exactly one");
        }
        int trials = builders.size();
        SeriesKey only = trials == 1 ? builders.keySet().iterator().next() : null;
        for (Map.Entry<SeriesKey, Builder> e : builders.entrySet()) {
            ClassCounts classes =
                    haveCounts && trials == 1 ? ClassCountsCsvReader.read(counts, e.getValue()) : ClassCounts.NONE;
            into.run(e.getKey()).addTrial(e.getValue().build(file.toString(), classes), true);
            e.setValue(null); // its columns are the trial's arrays now
        }
        Path classes = classesFileFor(file);
        if (Files.isRegularFile(classes)) {
            List<ClassGrowth> rows = ClassesCsvReader.read(classes);
            if (trials == 1) {
                into.run(only).addClasses(rows);
            } else {
                into.warn(classes + ": not used, because " + file + " holds " + trials
                        + " benchmarks and a classes file belongs to exactly one");
            }
        }
    }

    /** {@code dir/NAME.csv} maps to {@code dir/NAME.classes.csv}. */
    static Path classesFileFor(Path series) {
        String name = series.getFileName().toString();
        String base =
                name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return series.resolveSibling(base + ".classes.csv");
    }

    /** {@code dir/NAME.csv} maps to {@code dir/NAME.class-counts.csv}. */
    static Path classCountsFileFor(Path series) {
        String name = series.getFileName().toString();
        String base =
                name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return series.resolveSibling(base + ".class-counts.csv");
    }

    /** The header positions of the columns a series row is read from, and what each metric may be. */
    private static final class Columns {
        final int params;
        /** heap.retained, then the optional metrics in header order. */
        final String[] names;

        final int[] index;
        final boolean[] mayBeMissing;
        final int ops;

        Columns(CsvTable csv, List<String> metrics) {
            params = csv.index(PARAMS);
            ops = csv.index(Metrics.OPS);
            names = new String[metrics.size() + 1];
            names[0] = Metrics.HEAP;
            for (int i = 0; i < metrics.size(); i++) {
                names[i + 1] = metrics.get(i);
            }
            index = new int[names.length];
            mayBeMissing = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                index[i] = csv.index(names[i]);
                mayBeMissing[i] = Metrics.mayBeMissing(names[i]);
            }
        }
    }

    /**
     * Accumulates one trial's rows and checks their order. Each column is kept as doubles (in
     * blocks, so a long trial is never copied while it grows); warmup rows come first, so a count
     * says which rows are warmup.
     */
    private static final class Builder implements ClassCountsCsvReader.Iterations {
        private final Path file;
        private final SeriesKey key;
        private final Columns columns;
        private final DoubleColumn ops = new DoubleColumn();
        private final DoubleColumn[] values;
        private final LongColumn iterations = new LongColumn();
        private int warmupRows;
        private long lastIteration = 0;
        private boolean inMeasurement;
        private double lastOps = Double.NEGATIVE_INFINITY;

        Builder(Path file, SeriesKey key, Columns columns) {
            this.file = file;
            this.key = key;
            this.columns = columns;
            values = new DoubleColumn[columns.names.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = new DoubleColumn();
            }
        }

        void add(CsvTable.Row row) throws BadInputException, IOException {
            String phase = row.required(PHASE);
            boolean isWarmup;
            if (phase.equals(SeriesFormat.WARMUP)) {
                isWarmup = true;
            } else if (phase.equals(SeriesFormat.MEASUREMENT)) {
                isWarmup = false;
            } else {
                throw row.error(PHASE, "must be 'warmup' or 'measurement', found '" + phase + "'");
            }
            long iteration = row.count(ITERATION);
            if (iteration < 1) {
                throw row.error(ITERATION, "iterations count from 1");
            }
            // the rows so far increase within each phase, warmup first: only an iteration that is not
            // past the last of its phase can be one already read
            boolean maybeSeen = isWarmup
                    ? inMeasurement || iteration <= lastIteration
                    : inMeasurement && iteration <= lastIteration;
            if (maybeSeen) {
                int earlier = indexOf(isWarmup, iteration);
                if (earlier >= 0) {
                    throw row.error(
                            ITERATION,
                            "duplicate row: " + phase + " iteration " + iteration
                                    + " of this benchmark is already at line " + lineOfRow(earlier, row.line()));
                }
            }
            if (isWarmup && inMeasurement) {
                throw row.error(PHASE, "a warmup row after measurement rows");
            }
            if (!isWarmup && !inMeasurement) {
                inMeasurement = true;
                lastIteration = 0;
            }
            if (iteration <= lastIteration) {
                throw row.error(
                        ITERATION,
                        "iterations must increase within a phase (" + iteration + " after " + lastIteration + ")");
            }
            lastIteration = iteration;
            double o = value(row, columns.ops, Metrics.OPS, false);
            if (o < lastOps) {
                throw row.error(
                        Metrics.OPS,
                        "decreases (" + o + " after " + lastOps + "); it counts operations since " + "the trial began");
            }
            lastOps = o;
            ops.add(o);
            iterations.add(iteration);
            if (isWarmup) {
                warmupRows++;
            }
            // heap.retained first, then the header's order, as the checks always went; a bad cell
            // ends the reading, so what was added before it does not matter
            for (int m = 0; m < values.length; m++) {
                values[m].add(value(row, columns.index[m], columns.names[m], columns.mayBeMissing[m]));
            }
        }

        /**
         * A metric cell checked by {@link Metrics#impossible}: required for ops.cumulative and
         * heap.retained, empty (NaN, not measured) allowed for the others.
         */
        private static double value(CsvTable.Row row, int index, String metric, boolean mayBeMissing)
                throws BadInputException {
            String t = row.text(index);
            double v;
            if (t.isEmpty()) {
                if (!mayBeMissing) {
                    throw row.error(metric, "empty; a value is required");
                }
                v = Double.NaN;
            } else {
                v = Cells.finite(t, () -> row.error(metric, ""));
            }
            if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) { // else possible for every metric (Metrics.impossible)
                String why = Metrics.impossible(metric, v, () -> row.text(metric));
                if (why != null) {
                    throw row.error(metric, why);
                }
            }
            return v;
        }

        @Override
        public int size() {
            return ops.size();
        }

        @Override
        public int indexOf(boolean warmup, long iteration) {
            int from = warmup ? 0 : warmupRows;
            int to = warmup ? warmupRows : ops.size();
            // increasing within the phase
            int lo = from;
            int hi = to - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long it = iterations.get(mid);
                if (it < iteration) {
                    lo = mid + 1;
                } else if (it > iteration) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        /** The line of this trial's {@code index}-th row, found by reading the file again up to {@code before}. */
        private long lineOfRow(int index, long before) throws IOException, BadInputException {
            int seen = 0;
            String lastBenchmark = null;
            String lastParams = null;
            boolean lastMatched = false;
            try (CsvTable csv = CsvTable.open(file)) {
                for (CsvTable.Row row = csv.next(); row != null && row.line() < before; row = csv.next()) {
                    String benchmark = row.text(BENCHMARK);
                    String paramsText = row.text(columns.params);
                    if (!(benchmark.equals(lastBenchmark) && paramsText.equals(lastParams))) {
                        lastBenchmark = benchmark;
                        lastParams = paramsText;
                        lastMatched = benchmark.equals(key.benchmark())
                                && Params.parse(paramsText).equals(key.params());
                    }
                    if (lastMatched && seen++ == index) {
                        return row.line();
                    }
                }
            }
            return 0;
        }

        Trial build(String source, ClassCounts classes) {
            int n = ops.size();
            boolean[] w = new boolean[n];
            java.util.Arrays.fill(w, 0, warmupRows, true);
            Map<String, double[]> m = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                m.put(columns.names[i], values[i].toArray());
            }
            return new Trial(source, ops.toArray(), w, m, classes);
        }
    }

    /**
     * A growing column of longs in blocks: the first grows up to {@link #BLOCK}, later ones are that
     * size, so adding never copies more than one block and a small trial stays small.
     */
    private static final class LongColumn {
        private static final int BLOCK = 8192;
        private final List<long[]> blocks = new ArrayList<>();
        private long[] current = new long[16];
        private int size;

        void add(long v) {
            int at = size % BLOCK;
            if (size == 0) {
                blocks.add(current);
            } else if (size < BLOCK) {
                if (at == current.length) {
                    current = java.util.Arrays.copyOf(current, Math.min(BLOCK, current.length * 2));
                    blocks.set(0, current);
                }
            } else if (at == 0) {
                current = new long[BLOCK];
                blocks.add(current);
            }
            current[at] = v;
            size++;
        }

        int size() {
            return size;
        }

        long get(int i) {
            return blocks.get(i / BLOCK)[i % BLOCK];
        }

        /** Every value in order, to {@code to}; each block is let go once read (the column is used up). */
        void drain(java.util.function.LongConsumer to) {
            for (int b = 0, at = 0; at < size; b++, at += BLOCK) {
                long[] block = blocks.get(b);
                for (int i = 0, n = Math.min(BLOCK, size - at); i < n; i++) {
                    to.accept(block[i]);
                }
                blocks.set(b, null);
            }
            blocks.clear();
        }
    }

    /** A {@link LongColumn} of doubles (their raw bits: every value, NaN included, comes back as it went in). */
    private static final class DoubleColumn {
        private final LongColumn bits = new LongColumn();

        void add(double v) {
            bits.add(Double.doubleToRawLongBits(v));
        }

        int size() {
            return bits.size();
        }

        /** The values in one array; the blocks are let go. */
        double[] toArray() {
            double[] out = new double[bits.size()];
            int[] at = {0};
            bits.drain(v -> out[at[0]++] = Double.longBitsToDouble(v));
            return out;
        }
    }
}

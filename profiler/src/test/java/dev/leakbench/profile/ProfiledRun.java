package dev.leakbench.profile;

import dev.leakbench.vocabulary.DumpsFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs benchmarks briefly through the real JMH {@link Runner}, forked, with the LeakProfiler, and
 * reads back what it produced: the JMH results, the series CSVs and JMH's console output.
 *
 * <p>The tests name a benchmark by regex and parameters only:
 * <pre>
 * ProfiledRun.of("AuthorizationBenchmark.check").param("fault", "unbounded-cache").run(dir).onlySeries()
 * </pre>
 */
final class ProfiledRun {
    /** Where {@code -prof gc} goes relative to the LeakProfiler, if anywhere. */
    enum GcProfiler {
        NONE,
        AFTER_LEAK_PROFILER,
        BEFORE_LEAK_PROFILER
    }

    private final String include;
    private final Map<String, String[]> params = new LinkedHashMap<>();
    /**
     * A fixed, pre-touched heap, as the scripts run: a heap still growing makes {@code rss} rise
     * with it, which a clean run's findings would call a leak.
     */
    private final List<String> jvmArgs = new ArrayList<>(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));

    private String profilerOptions = "";
    private GcProfiler gc = GcProfiler.NONE;
    private int warmupIterations = 3;
    private int measurementIterations = 5;
    private int forks = 1;
    private int warmupForks = 0;
    private int iterationMillis = 200;

    private ProfiledRun(String include) {
        this.include = include;
    }

    /** A run of the benchmarks matching {@code include} (a JMH regex). */
    static ProfiledRun of(String include) {
        return new ProfiledRun(include);
    }

    ProfiledRun param(String name, String... values) {
        params.put(name, values);
        return this;
    }

    /** The LeakProfiler's init line, without {@code dir=} (the run sets it). */
    ProfiledRun profilerOptions(String options) {
        this.profilerOptions = options;
        return this;
    }

    ProfiledRun gcProfiler(GcProfiler where) {
        this.gc = where;
        return this;
    }

    ProfiledRun jvmArgsAppend(String... args) {
        jvmArgs.addAll(List.of(args));
        return this;
    }

    ProfiledRun iterations(int warmup, int measurement) {
        this.warmupIterations = warmup;
        this.measurementIterations = measurement;
        return this;
    }

    /** Length of every warmup and measurement iteration (200 ms unless set). */
    ProfiledRun iterationMillis(int millis) {
        this.iterationMillis = millis;
        return this;
    }

    ProfiledRun forks(int forks) {
        this.forks = forks;
        return this;
    }

    ProfiledRun warmupForks(int warmupForks) {
        this.warmupForks = warmupForks;
        return this;
    }

    /** Runs JMH with the series going to {@code dir}; fails on any benchmark error. */
    Outcome run(Path dir) throws RunnerException, IOException {
        return execute(dir, true);
    }

    /**
     * Runs until the run has done enough of what a test needs, measured by {@code amount} on its
     * series (a fault's own counter, say): with the iterations made longer after a run that fell short
     * (in proportion, up to {@code maxMillis}), at most {@code attempts} runs, each in its own
     * directory under {@code dir}. A loaded machine then runs longer instead of proving less. Returns
     * the last run, which the caller checks as it would any run.
     */
    Outcome runUntil(
            Path dir, java.util.function.ToDoubleFunction<Series> amount, double atLeast, int maxMillis, int attempts)
            throws RunnerException, IOException {
        for (int attempt = 1; ; attempt++) {
            Outcome o = run(Files.createDirectories(dir.resolve("attempt-" + attempt)));
            double got = amount.applyAsDouble(o.onlySeries());
            if (got >= atLeast || attempt == attempts) {
                return o;
            }
            iterationMillis = (int) Math.min(maxMillis, Math.ceil(iterationMillis * 1.5 * atLeast / Math.max(got, 1)));
        }
    }

    /**
     * Runs JMH as a user does who expects a benchmark to fail: without fail-on-error (JMH's
     * default), so JMH prints the failure and moves on, and the outcome holds what it printed.
     */
    Outcome runAllowingFailure(Path dir) throws RunnerException, IOException {
        return execute(dir, false);
    }

    private Outcome execute(Path dir, boolean failOnError) throws RunnerException, IOException {
        Path console = dir.resolve("jmh-output.txt");
        String init = "dir=" + dir + (profilerOptions.isEmpty() ? "" : ";" + profilerOptions);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(forks)
                .warmupForks(warmupForks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(measurementIterations)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .jvmArgs(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(failOnError)
                .output(console.toString());
        params.forEach(options::param);
        if (gc == GcProfiler.BEFORE_LEAK_PROFILER) {
            options.addProfiler(GCProfiler.class);
        }
        options.addProfiler(LeakProfiler.class, init);
        if (gc == GcProfiler.AFTER_LEAK_PROFILER) {
            options.addProfiler(GCProfiler.class);
        }
        // JMH writes what the forks print (the LeakProfiler's messages) to this JVM's System.out, not to output()
        ByteArrayOutputStream forkOutput = new ByteArrayOutputStream();
        PrintStream original = System.out;
        Collection<RunResult> results;
        try (PrintStream tee =
                new PrintStream(new TeeOutputStream(original, forkOutput), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            results = new Runner(options.build()).run();
        } finally {
            System.setOut(original);
        }
        List<Series> series = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".csv")
                        && !name.endsWith(".classes.csv")
                        && !name.endsWith(".class-counts.csv")
                        && !name.endsWith(DumpsFormat.SUFFIX)) {
                    series.add(Series.read(f));
                }
            }
        }
        return new Outcome(
                List.copyOf(results),
                List.copyOf(series),
                Files.readString(console, StandardCharsets.UTF_8) + forkOutput.toString(StandardCharsets.UTF_8));
    }

    /** Writes to two streams. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }

    /**
     * What a run produced.
     *
     * @param results JMH's results
     * @param series every series CSV in the directory, by file name
     * @param console JMH's console output, then what the forks printed
     */
    record Outcome(List<RunResult> results, List<Series> series, String console) {
        /** The one series of a run of one benchmark at one parameter set. */
        Series onlySeries() {
            if (series.size() != 1) {
                throw new AssertionError("expected one series CSV, found " + series.size() + ": "
                        + series.stream()
                                .map(s -> s.file().getFileName().toString())
                                .toList()
                        + System.lineSeparator() + console);
            }
            return series.get(0);
        }

        /** The one series of the benchmark whose name ends with {@code suffix} (e.g. {@code StorageBenchmark.writeReadDelete}). */
        Series seriesOf(String suffix) {
            List<Series> matching =
                    series.stream().filter(s -> s.benchmark().endsWith(suffix)).toList();
            if (matching.size() != 1) {
                throw new AssertionError("expected one series of " + suffix + ", found " + matching.size() + " among "
                        + series.stream().map(Series::benchmark).toList() + System.lineSeparator() + console);
            }
            return matching.get(0);
        }

        /** The one JMH result. */
        RunResult onlyResult() {
            if (results.size() != 1) {
                throw new AssertionError("expected one JMH result, found " + results.size());
            }
            return results.get(0);
        }
    }
}

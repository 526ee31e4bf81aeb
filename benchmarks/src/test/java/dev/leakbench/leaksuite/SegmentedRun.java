package dev.leakbench.leaksuite;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.input.BadInputException;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.profile.SuiteProbe;
import dev.leakbench.workloads.data.DatasetSpec;
import dev.leakbench.workloads.mix.Cursor;
import dev.leakbench.workloads.target.Target;
import dev.leakbench.workloads.trial.TrialFixture;
import dev.leakbench.workloads.trial.TrialSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * Runs one {@link LeakScenario}, clean or with its fault, the way the LeakProfiler runs a JMH trial
 * but in this JVM and in seconds: open the fixture (dataset, target, fault), then warmup segments and
 * measured segments, each followed by a quiescent reading ({@link SuiteProbe}: forced full GCs until
 * the heap stops shrinking, heap after GC, process resources, the target's gauges, plus the process's
 * open sockets). Each reading is a row of a LeakProfiler series CSV in {@code target/leak-suite/},
 * and the series goes through the analysis module's {@link FindingsAnalyzer} with its default
 * thresholds, exactly as {@code leakcheck findings FILE} would judge it.
 *
 * <p>Workers: one runs on the calling thread; more run on a pool created before the first segment
 * and kept to the end (so {@code threads.live} does not move), each with its own {@link Cursor}
 * (its own stream of requests and visitor subjects), the segment's operations split among them.
 */
public final class SegmentedRun {

    /** Where series CSVs and the summary go (relative to the module, as surefire runs). */
    static final Path DIR = Path.of(System.getProperty("leaksuite.dir", "target/leak-suite"));

    private static final Object PROBE_LOCK = new Object();
    private static SuiteProbe probe;

    private SegmentedRun() {}

    /**
     * What a run measured and what the analysis made of it.
     *
     * @param findings one per analysed metric (heap first), as {@code leakcheck findings} reports them
     * @param last the last measured reading
     * @param seconds wall time of the whole run: setup, segments, readings, analysis
     * @param setupSeconds of which the fixture's setup (dataset, target, load) and the workload's
     * @param readingSeconds of which the readings (forced GCs and gauges)
     * @param readings how many readings were taken (warmup included)
     * @param gcRounds forced full GCs over all readings
     */
    public record Result(
            LeakScenario scenario,
            String fault,
            int faultEvery,
            Path csv,
            List<Finding> findings,
            Map<String, Long> last,
            double seconds,
            double setupSeconds,
            double readingSeconds,
            int readings,
            int gcRounds,
            long operations) {

        /** The finding on {@code metric}, or null when it was not measured. */
        public Finding finding(String metric) {
            return findings.stream()
                    .filter(f -> f.metric().equals(metric))
                    .findFirst()
                    .orElse(null);
        }

        /** "clean" or the fault and its rate. */
        public String variant() {
            return "none".equals(fault) ? "clean" : fault + " every " + faultEvery;
        }

        /** Every finding on one line each: metric, verdict, slope, the analysis's reason. */
        public String describe() {
            StringBuilder b = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%s (%s): %,d ops measured, %,d warmup, "
                            + "in %.1f s (setup %.1f s, %d readings %.1f s with %d full GCs); series %s",
                    scenario.kind().id(),
                    variant(),
                    scenario.measuredOps(),
                    scenario.warmupOps(),
                    seconds,
                    setupSeconds,
                    readings,
                    readingSeconds,
                    gcRounds,
                    csv.toAbsolutePath()));
            for (Finding f : findings) {
                b.append(System.lineSeparator()).append("  ").append(line(f));
            }
            return b.toString();
        }

        /** One finding: metric, verdict, slope with its unit, and the reason. */
        public static String line(Finding f) {
            return String.format(
                    Locale.ROOT,
                    "%-28s %-14s slope %s %s — %s",
                    f.metric(),
                    f.verdict(),
                    Double.isNaN(f.slope()) ? "n/a" : String.format(Locale.ROOT, "%.4g", f.slope()),
                    f.slopeUnit(),
                    f.reason());
        }
    }

    /** Runs the scenario on the clean engine. */
    public static Result clean(LeakScenario scenario) {
        return run(scenario, "none", 1);
    }

    /** Runs the scenario with its matching fault at its rate. */
    public static Result withFault(LeakScenario scenario) {
        return run(scenario, scenario.fault(), scenario.faultEvery());
    }

    /** Runs the scenario with {@code fault} injected once every {@code faultEvery} target calls. */
    public static Result run(LeakScenario scenario, String fault, int faultEvery) {
        long start = System.nanoTime();
        SuiteProbe readings = probe();
        TrialSpec spec = TrialSpec.of(
                scenario.kind(),
                scenario.target(),
                fault,
                faultEvery,
                DatasetSpec.defaults(),
                scenario.targetOptions());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("target", scenario.target());
        params.put("fault", fault);
        if (!"none".equals(fault)) {
            params.put("faultEvery", Integer.toString(faultEvery));
        }
        if (!scenario.targetOptions().isEmpty()) {
            params.put("targetOptions", scenario.targetOptions());
        }
        String benchmark =
                MemoryLeakTest.class.getName() + "." + scenario.name().toLowerCase(Locale.ROOT);
        Path csv;
        Map<String, Long> last;
        long readingNanos = 0;
        long setupNanos;
        int count = 0;
        int rounds = 0;
        long ops = 0;
        try (TrialFixture fixture = TrialFixture.open(spec);
                Workers workers = new Workers(scenario.workers())) {
            LeakScenario.Driver driver = scenario.driver(fixture);
            setupNanos = System.nanoTime() - start;
            Target target = fixture.target();
            SuiteProbe.Series series = null;
            try {
                last = null;
                for (boolean warmup : new boolean[] {true, false}) {
                    int segments = warmup ? LeakScenario.WARMUP_SEGMENTS : LeakScenario.SEGMENTS;
                    long total = warmup ? scenario.warmupOps() : scenario.measuredOps();
                    for (int i = 1; i <= segments; i++) {
                        long n = total * i / segments - total * (i - 1) / segments;
                        workers.run(driver.operation(), n);
                        ops += n;
                        long t = System.nanoTime();
                        SuiteProbe.Reading reading = readings.read(target, warmup, i, segments);
                        Map<String, Long> values = withOpsAndSockets(reading, ops);
                        readingNanos += System.nanoTime() - t;
                        count++;
                        rounds += reading.gcRounds();
                        if (series == null) {
                            series = SuiteProbe.Series.create(DIR, benchmark, "suite", params, values.keySet());
                        }
                        series.append(i, warmup, values);
                        last = values;
                    }
                }
                driver.verify().run();
                csv = series.csv();
            } finally {
                if (series != null) {
                    series.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("leak suite: cannot write the series in " + DIR.toAbsolutePath(), e);
        }
        List<Finding> findings = analyse(csv);
        Result result = new Result(
                scenario,
                fault,
                faultEvery,
                csv,
                findings,
                last,
                (System.nanoTime() - start) / 1e9,
                setupNanos / 1e9,
                readingNanos / 1e9,
                count,
                rounds,
                ops);
        System.out.println("# leak-suite: " + result.describe());
        summarise(result);
        return result;
    }

    /** A reading's values plus the operation count and the open sockets (read after the GC, as the gauges). */
    private static Map<String, Long> withOpsAndSockets(SuiteProbe.Reading r, long ops) {
        Map<String, Long> values = new HashMap<>(r.values());
        values.put("ops.cumulative", ops);
        OptionalLong sockets = OpenSockets.count();
        if (sockets.isPresent()) {
            values.put(LeakScenario.Metric.SOCKETS, sockets.getAsLong());
        }
        return values;
    }

    /** The series through the analysis, as {@code leakcheck findings FILE} with default thresholds. */
    static List<Finding> analyse(Path csv) {
        try {
            return new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                    .analyze(Inputs.read(List.of(csv)))
                    .findings();
        } catch (BadInputException e) {
            throw new IllegalStateException(
                    "leak suite: the analysis rejected its own series " + csv + ": " + e.getMessage(), e);
        }
    }

    /** One probe per JVM: its MXBean look-ups are paid once. */
    private static SuiteProbe probe() {
        synchronized (PROBE_LOCK) {
            if (probe == null) {
                String deadWood = SuiteProbe.deadWoodWarning();
                if (deadWood != null) {
                    System.err.println("# leak-suite: WARNING " + deadWood);
                }
                probe = SuiteProbe.forThisJvm(m -> System.err.println("# leak-suite: " + m));
            }
            return probe;
        }
    }

    /** Appends the run's findings to {@code target/leak-suite/summary.tsv} (one row per metric). */
    private static void summarise(Result r) {
        List<String> rows = new ArrayList<>();
        for (Finding f : r.findings()) {
            rows.add(String.join(
                    "\t",
                    r.scenario().name(),
                    r.variant(),
                    f.metric(),
                    f.verdict().name(),
                    String.format(Locale.ROOT, "%.6g", f.slope()),
                    f.slopeUnit(),
                    number(f.evidence().get("growthOverRun")),
                    number(f.evidence().get("floor")),
                    String.format(Locale.ROOT, "%.2f", r.seconds())));
        }
        try {
            Path file = DIR.resolve("summary.tsv");
            if (!Files.exists(file)) {
                Files.writeString(
                        file,
                        "scenario\tvariant\tmetric\tverdict\tslope\tunit\tgrowth\tfloor\tseconds\n",
                        StandardCharsets.UTF_8);
            }
            Files.write(file, rows, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("# leak-suite: cannot append to the summary: " + e);
        }
    }

    private static String number(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.6g", n.doubleValue()) : "";
    }

    /**
     * The threads that run the operations: the caller alone for one worker, else a fixed pool that
     * lives as long as the run.
     */
    private static final class Workers implements AutoCloseable {
        private final Cursor[] cursors;
        private final ExecutorService pool;
        private volatile long sink;

        Workers(int count) {
            cursors = new Cursor[count];
            for (int i = 0; i < count; i++) {
                cursors[i] = new Cursor(i);
            }
            AtomicInteger names = new AtomicInteger();
            pool = count == 1
                    ? null
                    : Executors.newFixedThreadPool(count, r -> {
                        Thread t = new Thread(r, "leak-suite-worker-" + names.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            if (pool != null) {
                // start every thread now, so the first reading already counts them
                runOnPool(c -> 0, count);
            }
        }

        /** Runs {@code ops} operations split among the workers and waits for all of them. */
        void run(ToLongFunction<Cursor> operation, long ops) {
            if (pool == null) {
                long s = 0;
                for (long i = 0; i < ops; i++) {
                    s += operation.applyAsLong(cursors[0]);
                }
                sink = s;
            } else {
                runOnPool(operation, ops);
            }
        }

        private void runOnPool(ToLongFunction<Cursor> operation, long ops) {
            int n = cursors.length;
            List<Future<Long>> done = new ArrayList<>(n);
            for (int w = 0; w < n; w++) {
                Cursor cursor = cursors[w];
                long share = ops * (w + 1) / n - ops * w / n;
                done.add(pool.submit(() -> {
                    long s = 0;
                    for (long i = 0; i < share; i++) {
                        s += operation.applyAsLong(cursor);
                    }
                    return s;
                }));
            }
            long s = 0;
            for (Future<Long> f : done) {
                try {
                    s += f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("leak suite: interrupted while the workers ran", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException("leak suite: a worker failed: " + e.getCause(), e.getCause());
                }
            }
            sink = s;
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}

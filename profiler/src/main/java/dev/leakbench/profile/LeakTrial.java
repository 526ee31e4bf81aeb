package dev.leakbench.profile;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One trial (one benchmark at one parameter set, in one fork) as the {@link LeakProfiler} sees
 * it: when each iteration is read, in which thread, and where the results go.
 *
 * <p><b>When.</b> JMH runs {@code @TearDown(Level.Trial)} inside the last measurement iteration
 * and then drops every {@code @State} object (its generated code, after the measured loop:
 * {@code if (control.isLastIteration()) { tearDown(); f_state = null; }}), all before it calls the
 * profilers' {@code afterIteration}; a profiler has no hook in between. A reading after the last
 * iteration would therefore show the benchmark's state released, whatever the benchmark does.
 * So:
 * <ul>
 *   <li>a <em>warmup</em> iteration is read at its end ({@code afterIteration});</li>
 *   <li>a <em>measurement</em> iteration is read at its start ({@code beforeIteration}): the state
 *       the previous iteration left, which nothing has torn down yet; {@code ops.cumulative} is
 *       then the operations before it. Every measurement row is a quiescent reading before any
 *       teardown, paired with the exact operation count at that moment; the work of the last
 *       iteration is the one thing no reading can see.</li>
 * </ul>
 * That holds for every benchmark, with or without a {@link LeakProbe}, so none has to do anything
 * in teardown. The one exception is a trial without warmup iterations: its first measurement
 * iteration starts before its trial setup, so that one is read at its end (and the next one
 * starts from the same state; the profiler says so once).
 *
 * <p><b>In which thread.</b> Every reading runs in a fresh thread that ends before the reading is
 * used, so that its allocation is in no benchmark thread (JMH's GCProfiler counts only threads
 * alive at the iteration's end) and {@code threads.live} can leave it out.
 *
 * <p><b>Where to.</b> JMH secondary results, always the same labels ({@link MetricSet}), and one
 * series row per iteration, written when JMH accepts the iteration ({@link SeriesWriter}): nothing
 * accumulates on the heap between readings, so the profiler does not measure itself, and an
 * iteration that fails leaves no row.
 */
final class LeakTrial {
    private final LeakProfilerOptions options;
    private final BenchmarkParams params;
    private final Consumer<String> log;
    private final IterationProbe probe;
    private final SeriesFile file;

    private TrialIteration current;
    /** The reading taken at the start of the current (measurement) iteration, until it is reported. */
    private IterationProbe.Reading taken;
    private MetricSet metrics;
    private SeriesWriter writer;
    private long ops;
    private int warmupIterations;
    private int measurementIterations;

    private LeakTrial(LeakProfilerOptions options, BenchmarkParams params, Consumer<String> log, IterationProbe probe,
                      SeriesFile file) {
        this.options = options;
        this.params = params;
        this.log = log;
        this.probe = probe;
        this.file = file;
    }

    /**
     * Prepares a trial before its first iteration runs, so that one-time costs (JOL's agent
     * attach and its thread, MXBean set-up, JFR's threads) are paid before anything is measured,
     * and opens {@link LeakProbes} for the benchmark's registrations.
     *
     * @param fork this JVM's fork number as the host counted it (warmup forks first), 0 when unknown
     */
    static LeakTrial start(LeakProfilerOptions options, BenchmarkParams params, int fork, Consumer<String> log) {
        JmhForkPriming.prime();
        RetainedHeapSampler heap = RetainedHeapSampler.forThisJvm(options.maxGcRounds());
        String deadWood = RetainedHeapSampler.deadWoodWarning();
        if (deadWood != null) {
            log.accept(deadWood);
        }
        if (heap.triggerReason() != null) {
            log.accept(heap.triggerReason() + ", so System.gc() cannot force a full GC; forcing them through the "
                    + "class histogram diagnostic command instead (slower)");
        }
        boolean warmupFork = fork > 0 && fork <= params.getWarmupForks();
        // bulk warmup runs other benchmarks' warmups as actions without measurement: no series for those
        boolean measured = !warmupFork && params.getMeasurement().getCount() > 0;
        SeriesFile file = measured
                ? SeriesFile.of(options.dir(), params, fork > 0 ? fork - params.getWarmupForks() : 0)
                : null;
        if (file != null) {
            try {
                Files.createDirectories(file.csv().toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("LeakProfiler: cannot create the directory for " + file.csv()
                        + " (option dir=): " + e.getMessage(), e);
            }
        }
        RootSizer roots = options.roots() ? RootSizer.create(log) : null;
        ClassCountRecorder classCounts = options.histogram() && measured
                ? new ClassCountRecorder(DiagnosticCommand.platform(), file, options.top(), log)
                : null;
        JfrLeakRecorder jfr = options.jfr() && measured ? JfrLeakRecorder.start() : null;
        IterationProbe probe = new IterationProbe(heap, ProcessResources.forThisProcess(), roots, classCounts, jfr,
                file, log);
        LeakProbes.open();
        return new LeakTrial(options, params, log, probe, file);
    }

    /** An iteration is about to run: a measurement iteration after the trial's first is read now. */
    void beforeIteration(IterationParams iteration) {
        boolean warmup = iteration.getType() == IterationType.WARMUP;
        boolean setUp = warmupIterations + measurementIterations > 0; // trial setup runs in the first iteration
        int index = warmup ? ++warmupIterations : ++measurementIterations;
        current = new TrialIteration(warmup, index, iteration.getCount());
        taken = null;
        if (!warmup && setUp) {
            TrialIteration it = current;
            taken = inOwnThread(() -> read(it, true));
        } else if (!warmup && file != null) {
            log.accept("no warmup iterations: measurement iteration 1 starts before the trial setup, so it is read at "
                    + "its end" + (current.count() > 1 ? ", and iteration 2, read at its start, repeats that state"
                    : ", after JMH's trial teardown") + ". Give at least one warmup iteration (-wi 1) for a series "
                    + "of distinct readings before any teardown.");
        }
    }

    /** The iteration ended: reports its reading, taken now unless it was taken at the iteration's start. */
    List<ScalarResult> afterIteration(long iterationOps) {
        TrialIteration it = current;
        current = null;
        IterationProbe.Reading reading = taken;
        taken = null;
        long opsAtReading = ops;
        ops += iterationOps;
        if (reading == null) {
            reading = inOwnThread(() -> read(it, false));
            opsAtReading = ops;
        }
        IterationProbe.Reading reported = reading;
        long recordNanos = inOwnThread(() -> probe.record(it, reported));
        Map<String, Long> values = new HashMap<>(reading.values());
        values.put(MetricNames.OPS, opsAtReading);
        List<ScalarResult> results = report(it, values);
        boolean trialEnds = it.lastMeasurement()
                || (it.warmup() && it.index() == it.count() && params.getMeasurement().getCount() == 0);
        if (trialEnds) {
            LeakProbes.close();
        }
        if (options.verbose()) {
            log.accept(String.format("cost at %s%s: gc %d ms (%d rounds, %s), resources+gauges %d ms, roots %d ms, "
                            + "class counts %d ms, jfr %d ms, total %d ms", it.name(),
                    reading.atStart() ? " (read at its start)" : "", millis(reading.heap().nanos()),
                    reading.heap().rounds(), probe.trigger(), millis(reading.resourcesNanos()),
                    millis(reading.rootsNanos()), millis(reading.histogramNanos() + recordNanos),
                    millis(reading.jfrNanos()), millis(reading.totalNanos() + recordNanos)));
        }
        return results;
    }

    /**
     * The iteration ended without a result because the benchmark failed in it (JMH reports the
     * exception next): reports no reading (one taken at the iteration's start is dropped), closes
     * the series with the rows written so far, stops a JFR recording still running without
     * reporting it, and drops the registered probes. Never throws: a profiler that threw here
     * would hide the benchmark's error behind its own.
     */
    void abandon() {
        TrialIteration it = current;
        current = null;
        taken = null;
        LeakProbes.close();
        StringBuilder message = new StringBuilder("the benchmark failed");
        if (it != null) {
            message.append(" in ").append(it.name());
        }
        message.append(" (JMH reports why): no reading reported");
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                message.append("; closing ").append(file.csv()).append(" failed: ").append(e);
            }
            writer = null;
            message.append("; ").append(file.csv()).append(" holds only the iterations before");
        }
        try {
            probe.abandon();
        } catch (RuntimeException e) {
            message.append("; stopping the JFR recording failed: ").append(e);
        }
        log.accept(message.toString());
    }

    /** The JMH results of one iteration, and its series row. */
    private List<ScalarResult> report(TrialIteration it, Map<String, Long> values) {
        try {
            if (metrics == null) {
                metrics = MetricSet.of(values.keySet(), log);
                if (file != null) {
                    writer = new SeriesWriter(file, metrics.names());
                }
            }
            if (writer != null) {
                writer.append(it.index(), it.warmup(), values);
                if (it.lastMeasurement()) {
                    writer.close();
                    writer = null;
                    log.accept("series written to " + file.csv());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("LeakProfiler: cannot write " + file.csv() + " (option dir=): "
                    + e.getMessage(), e);
        }
        return metrics.results(values, it.name());
    }

    /** One reading of the probes registered now; at the last measurement iteration also the dumps. */
    private IterationProbe.Reading read(TrialIteration it, boolean atStart) {
        IterationProbe.Reading reading = probe.read(it, LeakProbes.registered(), atStart);
        if (options.dumps() && file != null && it.lastMeasurement()) {
            ReleaseDumps.write(file, log);
        }
        return reading;
    }

    /** Runs {@code work} in a fresh thread and waits for it; its failure is rethrown here. */
    private static <T> T inOwnThread(Supplier<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread measuring = new Thread(() -> {
            try {
                result[0] = work.get();
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        }, "LeakProfiler-measure");
        measuring.start();
        boolean interrupted = false;
        while (measuring.isAlive()) {
            try {
                measuring.join();
            } catch (InterruptedException e) {
                interrupted = true; // a reading half taken is worse than a late one: finish, then re-assert
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}

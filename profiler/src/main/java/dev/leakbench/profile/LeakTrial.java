package dev.leakbench.profile;

import dev.leakbench.vocabulary.MetricNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.IterationType;

/**
 * One trial (one benchmark at one parameter set, in one fork) as the {@link LeakProfiler} sees
 * it: when each iteration is read, in which thread, and where the results go.
 *
 * <p><b>When.</b> JMH runs {@code @TearDown(Level.Trial)} inside the last measurement iteration
 * and then drops every {@code @State} object (its generated code, after the measured loop:
 * {@code if (control.isLastIteration()) { tearDown(); f_state = null; }}), all before it calls the
 * profilers' {@code afterIteration}; a profiler has no hook in between. A reading after the last
 * iteration would therefore show the benchmark's state released, whatever the benchmark does.
 * Which of two timings a trial gets is fixed at its first measurement iteration:
 * <ul>
 *   <li><em>With a {@link LeakProbe} registered</em> (leakbench's own benchmarks, and any suite
 *       that uses the hook): every iteration is read at its end, and when a probe
 *       {@linkplain LeakProbes#unregister unregisters} during an iteration (first thing in its
 *       teardown) that iteration is read right then, in the unregistering thread's wait, with
 *       everything still alive. {@code ops.cumulative} counts the iteration's operations. A probe
 *       still registered after the last iteration means that reading came after the teardown: the
 *       profiler says so, and how to avoid it (one line in the teardown).</li>
 *   <li><em>Without a probe</em> (any JMH suite as it is): a warmup iteration is read at its end, a
 *       measurement iteration at its start ({@code beforeIteration}): the state the previous
 *       iteration left, which nothing has torn down yet, with {@code ops.cumulative} the operations
 *       before it. Every row is then a quiescent reading before any teardown; the work of the last
 *       iteration is the one thing no reading sees. Nothing to do, nothing to warn about.</li>
 * </ul>
 * Both give one reading per iteration of the same quiescent kind (full GCs, no benchmark thread
 * running); the first is what the project's detection figures were measured with. A trial without
 * warmup iterations has its first measurement iteration start before its trial setup, so that one
 * is read at its end (the profiler says what follows from it).
 *
 * <p><b>In which thread.</b> Every reading runs in a fresh thread that ends before the reading is
 * used, so that its allocation is in no benchmark thread (JMH's GCProfiler counts only threads
 * alive at the iteration's end) and {@code threads.live} can leave it out.
 *
 * <p><b>Where to.</b> JMH secondary results, always the same labels ({@link MetricSet}), and one
 * series row per iteration, written when JMH accepts the iteration ({@link SeriesWriter}): nothing
 * accumulates on the heap between readings, so the profiler does not measure itself, and an
 * iteration that fails leaves no row. With {@code trace=true} the heap dumps of the leak trace
 * ({@link TraceDumps}) are taken right after their readings, in the measuring thread, and indexed
 * when the reading is reported, with the series row's {@code ops.cumulative} and
 * {@code heap.retained}.
 */
final class LeakTrial {
    private final LeakProfilerOptions options;
    private final BenchmarkParams params;
    private final Consumer<String> log;
    private final IterationProbe probe;
    private final SeriesFile file;
    /** The leak trace's heap dumps ({@code trace=true}, a measured trial of 2 or more iterations); null otherwise. */
    private final TraceDumps trace;

    private volatile TrialIteration current;
    /** The reading taken at the start of the current iteration or at an unregistration in it, until it is reported. */
    private volatile IterationProbe.Reading taken;
    /** Whether {@link #taken} was taken at a probe's unregistration (in the benchmark's teardown). */
    private volatile boolean takenAtUnregister;
    /** Measurement iterations read at their end (a probe was registered when the measurement began); null before. */
    private volatile Boolean readAtEnd;

    private MetricSet metrics;
    private SeriesWriter writer;
    private long ops;
    private int warmupIterations;
    private int measurementIterations;

    private LeakTrial(
            LeakProfilerOptions options,
            BenchmarkParams params,
            Consumer<String> log,
            IterationProbe probe,
            SeriesFile file,
            TraceDumps trace) {
        this.options = options;
        this.params = params;
        this.log = log;
        this.probe = probe;
        this.file = file;
        this.trace = trace;
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
        SeriesFile file =
                measured ? SeriesFile.of(options.dir(), params, fork > 0 ? fork - params.getWarmupForks() : 0) : null;
        if (file != null) {
            try {
                Files.createDirectories(file.csv().toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "LeakProfiler: cannot create the directory for " + file.csv() + " (option dir=): "
                                + e.getMessage(),
                        e);
            }
            TraceDumps.dropStaleIndex(file, log);
        }
        TraceDumps trace = options.trace() && file != null
                ? TraceDumps.create(file, params.getMeasurement().getCount(), options.keepDumps(), log)
                : null;
        RootSizer roots = options.roots() ? RootSizer.create(log) : null;
        ClassCountRecorder classCounts = options.histogram() && measured
                ? new ClassCountRecorder(DiagnosticCommand.platform(), file, options.top(), log)
                : null;
        JfrLeakRecorder jfr = options.jfr() && measured ? JfrLeakRecorder.start() : null;
        IterationProbe probe =
                new IterationProbe(heap, ProcessResources.forThisProcess(), roots, classCounts, jfr, file, log);
        LeakTrial trial = new LeakTrial(options, params, log, probe, file, trace);
        LeakProbes.open(trial::unregistering);
        return trial;
    }

    /**
     * An iteration is about to run. At the first measurement iteration after the trial setup the
     * timing is chosen (a probe registered: at the end; none: at the start), and in the second
     * case every measurement iteration is read now.
     */
    void beforeIteration(IterationParams iteration) {
        boolean warmup = iteration.getType() == IterationType.WARMUP;
        boolean setUp = warmupIterations + measurementIterations > 0; // trial setup runs in the first iteration
        int index = warmup ? ++warmupIterations : ++measurementIterations;
        taken = null;
        takenAtUnregister = false;
        current = new TrialIteration(warmup, index, iteration.getCount());
        if (warmup) {
            return;
        }
        if (!setUp) {
            return; // no warmup: measurement iteration 1 runs the trial setup and is read at its end
        }
        if (readAtEnd == null) {
            readAtEnd = !LeakProbes.registered().isEmpty();
            if (!readAtEnd && warmupIterations == 0 && file != null) {
                log.accept("no warmup iterations: measurement iteration 1 started before the trial setup, so it was "
                        + "read at its end, and iteration 2, read at its start, repeats that state. Give at least one "
                        + "warmup iteration (-wi 1) for a series of distinct readings.");
            }
        }
        if (!readAtEnd) {
            TrialIteration it = current;
            taken = inOwnThread(() -> read(it, true));
        }
    }

    /**
     * A registered probe unregisters (the benchmark's teardown, in its thread): unless this
     * iteration was read at its start, read it now, while everything is alive.
     */
    private void unregistering(LeakProbe gone) {
        TrialIteration it = current;
        if (it != null && taken == null && !Boolean.FALSE.equals(readAtEnd)) {
            taken = inOwnThread(() -> read(it, false));
            takenAtUnregister = true;
        }
    }

    /** The iteration ended: reports its reading, taken now unless it was taken at the iteration's start. */
    List<ScalarResult> afterIteration(long iterationOps) {
        TrialIteration it = current;
        current = null;
        IterationProbe.Reading reading = taken;
        boolean atUnregister = takenAtUnregister;
        taken = null;
        takenAtUnregister = false;
        long opsBefore = ops;
        ops += iterationOps;
        if (reading == null) {
            reading = inOwnThread(() -> read(it, false));
            if (it.lastMeasurement() && file != null) {
                log.accept(afterTeardown());
            }
        }
        long opsAtReading = reading.atStart() ? opsBefore : ops;
        IterationProbe.Reading reported = reading;
        long recordNanos = inOwnThread(() -> probe.record(it, reported));
        Map<String, Long> values = new HashMap<>(reading.values());
        values.put(MetricNames.OPS, opsAtReading);
        List<ScalarResult> results = report(it, values);
        if (trace != null) {
            // the row of the dump taken with this reading, with the series row's values
            trace.reported(it, opsAtReading, values.get(MetricNames.HEAP));
        }
        boolean trialEnds = it.lastMeasurement()
                || (it.warmup()
                        && it.index() == it.count()
                        && params.getMeasurement().getCount() == 0);
        if (trialEnds) {
            LeakProbes.close();
        }
        if (options.verbose()) {
            log.accept(String.format(
                    "cost at %s%s: gc %d ms (%d rounds, %s), resources+gauges %d ms, roots %d ms, "
                            + "class counts %d ms, jfr %d ms, total %d ms",
                    it.name(),
                    reading.atStart() ? " (read at its start)" : atUnregister ? " (at unregister)" : "",
                    millis(reading.heap().nanos()),
                    reading.heap().rounds(),
                    probe.trigger(),
                    millis(reading.resourcesNanos()),
                    millis(reading.rootsNanos()),
                    millis(reading.histogramNanos() + recordNanos),
                    millis(reading.jfrNanos()),
                    millis(reading.totalNanos() + recordNanos)));
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
                message.append("; closing ")
                        .append(file.csv())
                        .append(" failed: ")
                        .append(e);
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
        if (trace != null) {
            try {
                trace.abandon();
            } catch (RuntimeException e) {
                log.accept("trace: closing the heap dumps failed: " + e);
            }
        }
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
            throw new UncheckedIOException(
                    "LeakProfiler: cannot write " + file.csv() + " (option dir=): " + e.getMessage(), e);
        }
        return metrics.results(values, it.name());
    }

    /** Why the last measurement iteration was read after JMH's trial teardown, and what to do about it. */
    private String afterTeardown() {
        if (Boolean.TRUE.equals(readAtEnd)) {
            return "the last measurement iteration was read after JMH's trial teardown (which runs inside that iteration "
                    + "and drops the benchmark's state), because its LeakProbe " + LeakProbes.registered()
                    + " was still registered: call LeakProbes.unregister(this) first in @TearDown(Level.Trial), and the "
                    + "profiler reads the iteration there, before anything is released";
        }
        return "no warmup iterations and one measurement iteration: it started before the trial setup, so it was read "
                + "at its end, after JMH's trial teardown. Give at least one warmup iteration (-wi 1).";
    }

    /**
     * One reading of the probes registered now; at a traced measurement iteration also its heap
     * dump (in this measuring thread, outside the measured time), and at the last one the release
     * dumps.
     */
    private IterationProbe.Reading read(TrialIteration it, boolean atStart) {
        IterationProbe.Reading reading = probe.read(it, LeakProbes.registered(), atStart);
        if (trace != null) {
            trace.afterReading(it, reading.values());
        }
        if (options.dumps() && file != null && it.lastMeasurement()) {
            ReleaseDumps.write(file, log);
        }
        return reading;
    }

    /** Runs {@code work} in a fresh thread and waits for it; its failure is rethrown here. */
    private static <T> T inOwnThread(Supplier<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread measuring = new Thread(
                () -> {
                    try {
                        result[0] = work.get();
                    } catch (RuntimeException | Error e) {
                        failure[0] = e;
                    }
                },
                "LeakProfiler-measure");
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

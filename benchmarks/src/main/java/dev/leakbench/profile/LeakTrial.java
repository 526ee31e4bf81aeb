package dev.leakbench.profile;

import dev.leakbench.workloads.target.ActiveTarget;
import dev.leakbench.workloads.target.Target;
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

/**
 * One trial (one benchmark at one parameter set, in one fork) as the {@link LeakProfiler} sees
 * it: when each iteration is read, in which thread, and where the results go.
 *
 * <p><b>When.</b> Normally after the iteration, from JMH's {@code afterIteration}. But JMH runs
 * {@code @TearDown(Level.Trial)} inside the last measurement iteration and then drops the
 * benchmark's state, all before {@code afterIteration}; a reading taken there would show the
 * workload already released. So when the benchmark clears its target
 * ({@link ActiveTarget#clear}, first thing in its teardown) while an iteration is running, the
 * reading is taken right then, and {@code afterIteration} reports it.
 *
 * <p><b>In which thread.</b> Every reading runs in a fresh thread that ends before the reading is
 * used. A reading at the target's clear happens inside the iteration, and JMH's GCProfiler counts
 * only the allocation of threads still alive at the iteration's end, so the JOL walks do not
 * inflate {@code gc.alloc.rate.norm}; taking every reading the same way keeps them comparable.
 *
 * <p><b>Where to.</b> JMH secondary results, always the same labels ({@link MetricSet}), and one
 * series row per iteration, written at once ({@link SeriesWriter}): nothing accumulates on the
 * heap between readings, so the profiler does not measure itself.
 */
final class LeakTrial {
    private final LeakProfilerOptions options;
    private final BenchmarkParams params;
    private final Consumer<String> log;
    private final IterationProbe probe;
    private final SeriesFile file;
    private final Consumer<Target> clearListener = this::targetCleared;

    private volatile TrialIteration current;
    private volatile IterationProbe.Reading taken;
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
     * attach and its thread, MXBean set-up, JFR's threads) are paid before anything is measured.
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
        RootSizer roots = options.roots() ? new RootSizer(log) : null;
        ClassCountRecorder classCounts = options.histogram() && measured
                ? new ClassCountRecorder(DiagnosticCommand.platform(), file, options.top(), log)
                : null;
        JfrLeakRecorder jfr = options.jfr() && measured ? JfrLeakRecorder.start() : null;
        IterationProbe probe = new IterationProbe(heap, ProcessResources.forThisProcess(), roots, classCounts, jfr,
                file, log);
        LeakTrial trial = new LeakTrial(options, params, log, probe, file);
        ActiveTarget.addClearListener(trial.clearListener);
        return trial;
    }

    /** An iteration is about to run. */
    void beforeIteration(IterationParams iteration) {
        boolean warmup = iteration.getType() == IterationType.WARMUP;
        int index = warmup ? ++warmupIterations : ++measurementIterations;
        taken = null;
        current = new TrialIteration(warmup, index, iteration.getCount());
    }

    /** The iteration ended: reports its metrics, reading them now unless the target's clear already did. */
    List<ScalarResult> afterIteration(long iterationOps) {
        TrialIteration it = current;
        current = null;
        ops += iterationOps;
        IterationProbe.Reading reading = taken;
        taken = null;
        if (reading == null) {
            reading = readInOwnThread(it, ActiveTarget.current().orElse(null), false);
            if (it.lastMeasurement()) {
                log.accept("the last measurement iteration was measured after JMH's trial teardown, which runs inside "
                        + "that iteration and drops the benchmark's state, so it may show the workload released. "
                        + "Register the target with ActiveTarget.set in @Setup(Level.Trial) and call "
                        + "ActiveTarget.clear(target) first in @TearDown(Level.Trial): the profiler then measures "
                        + "before anything is released.");
            }
        }
        Map<String, Long> values = new HashMap<>(reading.values());
        values.put(MetricNames.OPS, ops);
        List<ScalarResult> results = report(it, values);
        boolean trialEnds = it.lastMeasurement()
                || (it.warmup() && it.index() == it.count() && params.getMeasurement().getCount() == 0);
        if (trialEnds) {
            ActiveTarget.removeClearListener(clearListener);
        }
        if (options.verbose()) {
            log.accept(String.format("cost at %s%s: gc %d ms (%d rounds, %s), resources+gauges %d ms, roots %d ms, "
                            + "class counts %d ms, jfr %d ms, total %d ms", it.name(),
                    reading.atClear() ? " (at target clear)" : "", millis(reading.heap().nanos()),
                    reading.heap().rounds(), probe.trigger(), millis(reading.resourcesNanos()),
                    millis(reading.rootsNanos()), millis(reading.histogramNanos()), millis(reading.jfrNanos()),
                    millis(reading.totalNanos())));
        }
        return results;
    }

    /**
     * The iteration ended without a result because the benchmark failed in it (JMH reports the
     * exception next): reports no reading (one taken at the target's clear in this iteration is
     * dropped), closes the series with the rows written so far, stops a JFR recording still running
     * without reporting it, and stops listening for the target's clear. Never
     * throws: a profiler that threw here would hide the benchmark's error behind its own.
     */
    void abandon() {
        TrialIteration it = current;
        current = null;
        taken = null;
        ActiveTarget.removeClearListener(clearListener);
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

    /**
     * The benchmark clears its target during an iteration (its teardown): read now, while the
     * target and everything else is still alive.
     */
    private void targetCleared(Target target) {
        TrialIteration it = current;
        if (it != null && taken == null) {
            taken = readInOwnThread(it, target, true);
        }
    }

    /** Runs the probe in a fresh thread and waits for it; its failure is rethrown here. */
    private IterationProbe.Reading readInOwnThread(TrialIteration it, Target target, boolean atClear) {
        IterationProbe.Reading[] result = new IterationProbe.Reading[1];
        Throwable[] failure = new Throwable[1];
        Thread measuring = new Thread(() -> {
            try {
                result[0] = probe.read(it, target, atClear);
                if (options.dumps() && file != null && it.lastMeasurement()) {
                    ReleaseDumps.write(file, log);
                }
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
        return result[0];
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }
}

package dev.leakbench.profile;

import dev.leakbench.workloads.target.Target;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Takes one iteration's readings, in an order that keeps the profiler out of its own measurement:
 * the forced GCs before anything else allocates, so the reading holds only what the benchmark
 * keeps; resources and gauges next, after the GC, so memory it frees is not counted; then the JOL
 * walks, whose garbage the next reading's GCs remove. The class histogram is one of the reading's
 * full GCs (HotSpot collects before it counts), so it counts what the reading holds; it is parsed
 * and written last. Every piece runs from the first warmup iteration on, so the classes
 * the profiler loads itself are loaded before the measurement starts.
 *
 * <p>Runs in a measuring thread of its own ({@link LeakTrial}), which {@code threads.live}
 * leaves out.
 */
final class IterationProbe {

    /** Everything read for one iteration except the operation count, and what reading it cost. */
    record Reading(Map<String, Long> values, RetainedHeapSampler.Sample heap, long resourcesNanos, long rootsNanos,
                   long histogramNanos, long jfrNanos, long totalNanos, boolean atClear) {
    }

    private final RetainedHeapSampler heap;
    private final ProcessResources resources;
    private final RootSizer roots;
    private final ClassCountRecorder classCounts;
    private final JfrLeakRecorder jfr;
    private final SeriesFile file;
    private final Consumer<String> log;
    private final Set<String> failedGauges = new HashSet<>();

    /**
     * A probe; {@code roots}, {@code classCounts} and {@code jfr} are null when turned off, and
     * {@code file} is null when nothing is written (then so are classCounts and jfr).
     */
    IterationProbe(RetainedHeapSampler heap, ProcessResources resources, RootSizer roots,
                   ClassCountRecorder classCounts, JfrLeakRecorder jfr, SeriesFile file, Consumer<String> log) {
        this.heap = heap;
        this.resources = resources;
        this.roots = roots;
        this.classCounts = classCounts;
        this.jfr = jfr;
        this.file = file;
        this.log = log;
    }

    /** How full GCs are forced, for the cost report. */
    RetainedHeapSampler.Trigger trigger() {
        return heap.trigger();
    }

    /**
     * Reads everything for {@code iteration}.
     *
     * @param target the benchmark's target, or null when none is registered
     * @param atClear whether the reading is taken at the target's clear (inside the iteration)
     */
    Reading read(TrialIteration iteration, Target target, boolean atClear) {
        long start = System.nanoTime();
        long t1 = System.nanoTime();
        RetainedHeapSampler.Sample sample = classCounts == null ? heap.sample() : heap.sample(classCounts::histogram);
        long t2 = System.nanoTime();
        Map<String, Long> values = new HashMap<>();
        values.put(MetricNames.HEAP, sample.bytes());
        values.putAll(resources.read(1));
        if (target != null) {
            readGauges(target, values);
        }
        long t3 = System.nanoTime();
        if (target != null && roots != null) {
            sizeRoots(target, values);
        }
        long t4 = System.nanoTime();
        if (classCounts != null) {
            classCounts.record(iteration, sample.histogram());
        }
        long t5 = System.nanoTime();
        if (jfr != null && iteration.lastMeasurement()) {
            jfr.stopAndReport(file.sibling(".jfr"), file.sibling(".old-objects.txt"), log);
        }
        long end = System.nanoTime();
        return new Reading(values, sample, t3 - t2, t4 - t3, (t1 - start) + (t5 - t4), end - t5, end - start, atClear);
    }

    /** The trial failed: a JFR recording still running is stopped and dropped, not reported. */
    void abandon() {
        if (jfr != null) {
            jfr.discard();
        }
    }

    private void readGauges(Target target, Map<String, Long> values) {
        Map<String, LongSupplier> gauges;
        try {
            gauges = target.gauges();
        } catch (RuntimeException e) {
            if (failedGauges.add("*")) {
                log.accept("target '" + target.name() + "' failed to list its gauges: " + e);
            }
            return;
        }
        gauges.forEach((name, gauge) -> {
            try {
                values.put(MetricNames.gauge(name), gauge.getAsLong());
            } catch (RuntimeException e) {
                if (failedGauges.add(name)) {
                    log.accept("gauge '" + name + "' of target '" + target.name() + "' failed: " + e);
                }
            }
        });
    }

    private void sizeRoots(Target target, Map<String, Long> values) {
        target.roots().forEach((name, root) -> {
            OptionalLong size = roots.size(name, root);
            if (size.isPresent()) {
                values.put(MetricNames.root(name), size.getAsLong());
            }
        });
    }
}

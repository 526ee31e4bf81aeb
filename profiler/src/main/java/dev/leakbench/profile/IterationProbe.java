package dev.leakbench.profile;

import dev.leakbench.vocabulary.MetricNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Takes one iteration's readings, in an order that keeps the profiler out of its own measurement:
 * the forced GCs before anything else allocates, so the reading holds only what the benchmark
 * keeps; resources and the probes' gauges next, after the GC, so memory it frees is not counted;
 * then the JOL walks of the probes' roots, whose garbage the next reading's GCs remove. The class
 * histogram is one of the reading's full GCs (HotSpot collects before it counts), so it counts
 * what the reading holds; it is parsed and written when the reading is reported
 * ({@link #record}), so an iteration that fails leaves no class counts behind. Every piece runs
 * from the first warmup iteration on, so the classes the profiler loads itself are loaded before
 * the measurement starts.
 *
 * <p>Runs in a measuring thread of its own ({@link LeakTrial}), which {@code threads.live}
 * leaves out.
 */
final class IterationProbe {

    /**
     * Everything read for one iteration except the operation count, and what reading it cost; the
     * class histogram taken with it waits in {@code heap} until {@link #record}.
     *
     * @param atStart read before the iteration ran (a measurement iteration), rather than after it
     */
    record Reading(
            Map<String, Long> values,
            RetainedHeapSampler.Sample heap,
            long resourcesNanos,
            long rootsNanos,
            long histogramNanos,
            long jfrNanos,
            long totalNanos,
            boolean atStart) {}

    private final RetainedHeapSampler heap;
    private final ProcessResources resources;
    private final RootSizer roots;
    private final ClassCountRecorder classCounts;
    private JfrLeakRecorder jfr;
    private final SeriesFile file;
    private final Consumer<String> log;
    private final Set<String> failedGauges = new HashSet<>();

    /**
     * A probe; {@code roots}, {@code classCounts} and {@code jfr} are null when turned off, and
     * {@code file} is null when nothing is written (then so are classCounts and jfr).
     */
    IterationProbe(
            RetainedHeapSampler heap,
            ProcessResources resources,
            RootSizer roots,
            ClassCountRecorder classCounts,
            JfrLeakRecorder jfr,
            SeriesFile file,
            Consumer<String> log) {
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
     * Reads everything for {@code iteration}; at the last measurement iteration also stops the JFR
     * recording and reports it (while everything the benchmark holds is still alive).
     *
     * @param probes the registered probes, whose gauges and roots are read (none: heap and resources only)
     * @param atStart whether the reading is taken before the iteration ran
     */
    Reading read(TrialIteration iteration, List<LeakProbe> probes, boolean atStart) {
        long start = System.nanoTime();
        long t1 = System.nanoTime();
        RetainedHeapSampler.Sample sample = classCounts == null ? heap.sample() : heap.sample(classCounts::histogram);
        long t2 = System.nanoTime();
        Map<String, Long> values = new HashMap<>();
        values.put(MetricNames.HEAP, sample.bytes());
        values.putAll(resources.read(1));
        for (LeakProbe probe : probes) {
            readGauges(probe, values);
        }
        long t3 = System.nanoTime();
        if (roots != null && !probes.isEmpty()) {
            sizeRoots(probes, values);
        }
        long t4 = System.nanoTime();
        if (jfr != null && iteration.lastMeasurement()) {
            JfrLeakRecorder recording = jfr;
            jfr = null;
            recording.stopAndReport(file.sibling(".jfr"), file.sibling(".old-objects.txt"), log);
        }
        long end = System.nanoTime();
        return new Reading(values, sample, t3 - t2, t4 - t3, t1 - start, end - t4, end - start, atStart);
    }

    /**
     * Writes the class counts of a reading that is being reported (in the measuring thread, like
     * the reading); returns how long it took.
     */
    long record(TrialIteration iteration, Reading reading) {
        long start = System.nanoTime();
        if (classCounts != null) {
            classCounts.record(iteration, reading.heap().histogram());
        }
        return System.nanoTime() - start;
    }

    /** The trial failed: a JFR recording still running is stopped and dropped, not reported. */
    void abandon() {
        if (jfr != null) {
            jfr.discard();
        }
    }

    private void readGauges(LeakProbe probe, Map<String, Long> values) {
        Map<String, LongSupplier> gauges;
        try {
            gauges = probe.gauges();
        } catch (RuntimeException e) {
            if (failedGauges.add(probe + " *")) {
                log.accept("LeakProbe " + probe + " failed to list its gauges: " + e);
            }
            return;
        }
        gauges.forEach((name, gauge) -> {
            try {
                values.merge(MetricNames.gauge(name), gauge.getAsLong(), Long::sum);
            } catch (RuntimeException e) {
                if (failedGauges.add(probe + " " + name)) {
                    log.accept("gauge '" + name + "' of LeakProbe " + probe + " failed: " + e);
                }
            }
        });
    }

    /** Every probe's roots, a name several probes share summed; a name that could not be sized in one of them is left out. */
    private void sizeRoots(List<LeakProbe> probes, Map<String, Long> values) {
        Map<String, Long> sizes = new HashMap<>();
        Set<String> unsized = new HashSet<>();
        for (LeakProbe probe : probes) {
            Map<String, Object> named;
            try {
                named = probe.roots();
            } catch (RuntimeException e) {
                if (failedGauges.add(probe + " roots")) {
                    log.accept("LeakProbe " + probe + " failed to list its roots: " + e);
                }
                continue;
            }
            named.forEach((name, root) -> {
                String metric = MetricNames.root(name);
                OptionalLong size = roots.size(name, root);
                if (size.isPresent()) {
                    sizes.merge(metric, size.getAsLong(), Long::sum);
                } else {
                    unsized.add(metric);
                }
            });
        }
        unsized.forEach(sizes::remove);
        values.putAll(sizes);
    }
}

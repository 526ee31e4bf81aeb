package dev.leakbench.profile;

import dev.leakbench.vocabulary.MetricNames;
import dev.leakbench.workloads.target.Target;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The LeakProfiler's own per-iteration reading and series writer, opened up for tests outside this
 * package that drive a workload themselves (the CI leak suite, {@code dev.leakbench.leaksuite}), so
 * that the suite measures exactly what {@code -prof dev.leakbench.profile.LeakProfiler} measures and
 * writes the same series CSV that {@code leakcheck findings} reads: forced full GCs until the heap
 * stops shrinking and the heap after the last one ({@link RetainedHeapSampler}), then
 * {@code threads.live}, {@code fds.open}, {@code rss}, {@code buffers.direct}, {@code metaspace}
 * ({@link ProcessResources}) and the target's gauges as {@code gauge.<name>} ({@link IterationProbe}, the
 * target seen as a {@link LeakProbe}).
 * Roots are not sized (JOL walks cost seconds), class histograms and JFR are off.
 *
 * <p>Test scope only: a bridge, not an API of the profiler.
 */
public final class SuiteProbe {

    /** Most full GCs per reading, as the profiler's default. */
    private static final int MAX_GC_ROUNDS = 10;

    private final IterationProbe probe;

    private SuiteProbe(IterationProbe probe) {
        this.probe = probe;
    }

    /**
     * A probe for this JVM.
     *
     * @param log where the profiler's warnings go (a gauge that failed, the GC trigger)
     */
    public static SuiteProbe forThisJvm(Consumer<String> log) {
        RetainedHeapSampler heap = RetainedHeapSampler.forThisJvm(MAX_GC_ROUNDS);
        if (heap.triggerReason() != null) {
            log.accept(heap.triggerReason() + ": full GCs are forced through the class histogram instead (slower)");
        }
        return new SuiteProbe(new IterationProbe(heap, ProcessResources.forThisProcess(), null, null, null, null, log));
    }

    /** Why readings in this JVM may count dead objects (no {@code -XX:MarkSweepDeadRatio=0}), or null. */
    public static String deadWoodWarning() {
        return RetainedHeapSampler.deadWoodWarning();
    }

    /** One reading: the metric values by DESIGN.md name, and what the forced GCs cost. */
    public record Reading(Map<String, Long> values, int gcRounds, long gcNanos) {}

    /**
     * Reads heap after GC, process resources and the target's gauges, in the profiler's order
     * (GC first, so nothing the reading itself allocates is counted).
     *
     * @param target the target whose gauges to read, or null
     * @param warmup whether the reading ends a warmup segment
     * @param index 1-based, counted separately for warmup and measurement
     * @param count segments of this kind
     */
    public Reading read(Target target, boolean warmup, int index, int count) {
        List<LeakProbe> probes = target == null
                ? List.of()
                : List.of(new LeakProbe() {
                    @Override
                    public Map<String, LongSupplier> gauges() {
                        return target.gauges();
                    }

                    @Override
                    public String toString() {
                        return "of target '" + target.name() + "'";
                    }
                });
        IterationProbe.Reading r = probe.read(new TrialIteration(warmup, index, count), probes, false);
        return new Reading(r.values(), r.heap().rounds(), r.heap().nanos());
    }

    /** {@code gauge.<name>} as the profiler names a target's gauge. */
    public static String gauge(String name) {
        return MetricNames.gauge(name);
    }

    /** The metric names in the series CSV's column order ({@code ops.cumulative}, {@code heap.retained} first). */
    public static List<String> columnOrder(Collection<String> metrics) {
        return MetricNames.inColumnOrder(metrics);
    }

    /** A LeakProfiler series CSV, written one row at a time as the profiler writes it. */
    public static final class Series implements Closeable {
        private final SeriesFile file;
        private final SeriesWriter writer;

        private Series(SeriesFile file, SeriesWriter writer) {
            this.file = file;
            this.writer = writer;
        }

        /**
         * Creates (or replaces) {@code dir/<benchmark>-<mode>_<k=v...>.csv} with the header.
         *
         * @param metrics the columns after {@code benchmark,params,iteration,phase}; put in column order here
         */
        public static Series create(
                Path dir, String benchmark, String mode, Map<String, String> params, Collection<String> metrics)
                throws IOException {
            Files.createDirectories(dir);
            SeriesFile file = SeriesFile.of(dir, benchmark, mode, params, 0);
            return new Series(file, new SeriesWriter(file, columnOrder(metrics)));
        }

        /** Appends one segment's row; a metric missing from {@code values} is an empty cell. */
        public void append(int index, boolean warmup, Map<String, Long> values) throws IOException {
            writer.append(index, warmup, values);
        }

        /** The CSV file. */
        public Path csv() {
            return file.csv();
        }

        @Override
        public void close() throws IOException {
            writer.close();
        }
    }
}

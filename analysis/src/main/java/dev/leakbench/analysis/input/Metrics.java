package dev.leakbench.analysis.input;

import dev.leakbench.vocabulary.MetricNames;

/**
 * The metric vocabulary of docs/design.md: names, kinds and units, and the normalisation of JMH
 * secondary-metric labels (older JMH prefixed them with a middle dot).
 */
public final class Metrics {
    /** Heap used right after a full GC, bytes. */
    public static final String HEAP = MetricNames.HEAP;
    /** Operations completed since the trial began. */
    public static final String OPS = MetricNames.OPS;
    /** JMH's normalised allocation rate, bytes per operation. */
    public static final String ALLOC = "gc.alloc.rate.norm";
    /** The name under which a JMH result's primary score (a throughput or a time per operation) is checked and kept. */
    public static final String SCORE = "score";

    /**
     * Gauges of resources a caller borrows and must give back (pool connections, watch streams):
     * between iterations they are at their resting level, so growth that stays is never a cache
     * "filling up", even when it stops at the pool's capacity.
     */
    /**
     * Gauges an injected fault keeps about itself (how many leaks it made, its own map's size). They
     * grow by construction, so judging them would "detect" every fault without looking at what a
     * real system shows; they stay in the series for diagnosis, and the verdicts come from the heap,
     * roots and the target's own gauges.
     */
    public static final String FAULT_GAUGES = "gauge.fault.";

    public static final java.util.Set<String> HELD_RESOURCES =
            java.util.Set.of("gauge.connections.active", "gauge.streams.open");

    /** What a metric measures, which decides its unit and default thresholds. */
    public enum Kind {
        /** Retained heap after full GC (bytes). */
        HEAP("B"),
        /** Size of a named object graph (bytes). */
        ROOT("B"),
        /** An off-heap or process memory gauge (bytes). */
        BYTES_GAUGE("B"),
        /** A counted resource (threads, file descriptors, connections, streams...). */
        COUNT_GAUGE("count"),
        /** The operation counter. */
        OPS("ops"),
        /** Allocation per operation (bytes/op). */
        ALLOC("B/op");

        private final String unit;

        Kind(String unit) {
            this.unit = unit;
        }

        /** The unit values of this kind are in. */
        public String unit() {
            return unit;
        }
    }

    private Metrics() {}

    /** Strips the middle dot (and surrounding blanks) older JMH versions put before secondary labels. */
    public static String normalise(String label) {
        String s = label.strip();
        while (s.startsWith("\u00b7") || s.startsWith("\u00c2\u00b7")) {
            s = s.substring(s.startsWith("\u00b7") ? 1 : 2).strip();
        }
        return s;
    }

    /** True for the LeakProfiler's metric names (the vocabulary module's list). */
    public static boolean isKnown(String name) {
        return MetricNames.isKnown(name);
    }

    /**
     * True when the name is in the LeakProfiler's namespace (its first dotted segment is one of
     * ours), so a name there that is not {@linkplain #isKnown known} is an error rather than
     * another profiler's metric.
     */
    public static boolean inOurNamespace(String name) {
        return MetricNames.inNamespace(name);
    }

    /** The kind of a known metric, or of {@link #ALLOC}. */
    public static Kind kind(String name) {
        if (name.equals(HEAP)) {
            return Kind.HEAP;
        }
        if (name.equals(OPS)) {
            return Kind.OPS;
        }
        if (name.equals(ALLOC)) {
            return Kind.ALLOC;
        }
        if (name.startsWith("root.")) {
            return Kind.ROOT;
        }
        if (name.equals("rss") || name.equals("buffers.direct") || name.equals("metaspace")) {
            return Kind.BYTES_GAUGE;
        }
        return Kind.COUNT_GAUGE;
    }

    /** The unit of a metric: "B" for byte quantities, "count" for counted resources. */
    public static String unit(String name) {
        return kind(name).unit();
    }

    /**
     * True when a reading of the metric may be NaN, "not measured" (an empty series cell, JMH's
     * {@code "NaN"}): the gauges and roots, which the LeakProfiler reports as NaN when it could not
     * read them. The primary score, {@code heap.retained}, {@code ops.cumulative} and
     * {@code gc.alloc.rate.norm} are always measured.
     */
    public static boolean mayBeMissing(String name) {
        return !name.equals(HEAP) && !name.equals(OPS) && isKnown(name);
    }

    /**
     * The one definition of a possible value, shared by every reader (JMH JSON and CSV, series
     * CSV, history): why {@code value} cannot be a reading or score of {@code metric}, or null when
     * it can. Everything leakcheck judges is bytes, a count, operations, bytes/op, a throughput or a
     * time per operation, so it is finite and not negative; NaN is allowed only where
     * {@link #mayBeMissing} says so. Metrics of other profilers are not judged (any finite value).
     *
     * @param text the value as written, for the message (asked for only when there is one)
     */
    public static String impossible(String metric, double value, java.util.function.Supplier<String> text) {
        if (value >= 0 && value < Double.POSITIVE_INFINITY) {
            return null; // every metric may be any finite value >= 0: the common case, decided first
        }
        boolean ours = metric.equals(SCORE) || metric.equals(ALLOC) || isKnown(metric);
        if (Double.isNaN(value)) {
            return ours && mayBeMissing(metric)
                    ? null
                    : "'" + text.get() + "' is not a finite number (NaN/Infinity are not measurements)";
        }
        if (Double.isInfinite(value)) {
            return "'" + text.get() + "' is not a finite number (NaN/Infinity are not measurements)";
        }
        if (ours && value < 0) {
            return "must not be negative: '" + text.get() + "' (" + what(metric) + ")";
        }
        return null;
    }

    /**
     * Why {@code error} cannot be a JMH score error, or null: a half-width, finite and not negative,
     * or NaN, which JMH writes when it cannot compute one (a single sample).
     */
    public static String impossibleError(double error, String text) {
        if (Double.isNaN(error)) {
            return null;
        }
        if (Double.isInfinite(error)) {
            return "'" + text + "' is not a finite number (JMH writes NaN when it has no error bar)";
        }
        return error < 0 ? "must not be negative: '" + text + "' (the half-width of an interval)" : null;
    }

    private static String what(String metric) {
        if (metric.equals(SCORE)) {
            return "a throughput or a time per operation";
        }
        return switch (kind(metric)) {
            case HEAP, ROOT, BYTES_GAUGE -> metric + " is bytes";
            case COUNT_GAUGE -> metric + " is a count";
            case OPS -> metric + " counts operations";
            case ALLOC -> metric + " is bytes per operation";
        };
    }

    /** True for metrics that get a finding of their own (heap and resource gauges, not roots or ops). */
    public static boolean isAnalysed(String name) {
        if (name.startsWith(FAULT_GAUGES)) {
            return false;
        }
        Kind k = kind(name);
        return k == Kind.HEAP || k == Kind.BYTES_GAUGE || k == Kind.COUNT_GAUGE;
    }
}

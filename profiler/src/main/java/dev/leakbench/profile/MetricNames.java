package dev.leakbench.profile;

import org.openjdk.jmh.results.AggregationPolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The metric vocabulary of DESIGN.md: the names the {@link LeakProfiler} reports as JMH secondary
 * metrics and as series CSV columns, their units, and how JMH aggregates them over iterations.
 */
public final class MetricNames {
    /** Heap used right after a full GC, bytes. */
    public static final String HEAP = "heap.retained";
    /** Operations completed since the trial began. */
    public static final String OPS = "ops.cumulative";
    /** Live threads. */
    public static final String THREADS = "threads.live";
    /** Open file descriptors. */
    public static final String FDS = "fds.open";
    /** Resident set size, bytes. */
    public static final String RSS = "rss";
    /** Memory used by direct byte buffers, bytes. */
    public static final String DIRECT_BUFFERS = "buffers.direct";
    /** Metaspace used, bytes. */
    public static final String METASPACE = "metaspace";
    /** Prefix of a {@link LeakProbe} root's JOL size. */
    public static final String ROOT_PREFIX = "root.";
    /** Prefix of a {@link LeakProbe} gauge. */
    public static final String GAUGE_PREFIX = "gauge.";

    /** The fixed metrics in the order the series CSV lists them, before roots and gauges. */
    private static final List<String> FIXED_ORDER = List.of(OPS, HEAP, THREADS, FDS, RSS, DIRECT_BUFFERS, METASPACE);

    /** What leakcheck accepts after {@code root.} and {@code gauge.}. */
    private static final Pattern NAME_TAIL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private MetricNames() {
    }

    /** {@code root.<name>}, with characters leakcheck does not accept replaced by {@code _}. */
    public static String root(String name) {
        return ROOT_PREFIX + tail(name);
    }

    /** {@code gauge.<name>}, with characters leakcheck does not accept replaced by {@code _}. */
    public static String gauge(String name) {
        return GAUGE_PREFIX + tail(name);
    }

    private static String tail(String name) {
        if (NAME_TAIL.matcher(name).matches()) {
            return name;
        }
        String cleaned = name.replaceAll("[^A-Za-z0-9_.\\-]", "_");
        return cleaned.isEmpty() || !NAME_TAIL.matcher(cleaned).matches() ? "_" + cleaned : cleaned;
    }

    /** The JMH unit of a metric. */
    static String unit(String metric) {
        if (metric.equals(OPS)) {
            return "ops";
        }
        if (metric.equals(THREADS) || metric.equals(FDS) || metric.startsWith(GAUGE_PREFIX)) {
            return "count";
        }
        return "bytes";
    }

    /**
     * How JMH folds the iterations into one score: the operation counter's score is its last
     * (largest) value; every other metric is averaged. The per-iteration values, which the
     * analysis uses, stay in the JSON's raw data either way.
     */
    static AggregationPolicy policy(String metric) {
        return metric.equals(OPS) ? AggregationPolicy.MAX : AggregationPolicy.AVG;
    }

    /** Series column order: the fixed metrics first, then roots, then gauges, each by name. */
    static final Comparator<String> COLUMN_ORDER = Comparator
            .comparingInt(MetricNames::rank)
            .thenComparing(Comparator.naturalOrder());

    /**
     * {@code metrics} in series column order: {@code ops.cumulative}, {@code heap.retained}, the
     * process resources in their fixed order, then {@code root.*} by name, then the rest
     * ({@code gauge.*}) by name. The profiler, the soak runner and the leak suite all use it.
     */
    public static List<String> inColumnOrder(Collection<String> metrics) {
        List<String> names = new ArrayList<>(metrics);
        names.sort(COLUMN_ORDER);
        return List.copyOf(names);
    }

    private static int rank(String metric) {
        int fixed = FIXED_ORDER.indexOf(metric);
        if (fixed >= 0) {
            return fixed;
        }
        return metric.startsWith(ROOT_PREFIX) ? FIXED_ORDER.size() : FIXED_ORDER.size() + 1;
    }
}

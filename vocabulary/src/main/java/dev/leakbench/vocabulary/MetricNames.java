package dev.leakbench.vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The metric names of docs/design.md ("Metric names"), the one list both sides use: the
 * LeakProfiler reports them as JMH secondary metrics and series CSV columns, leakcheck accepts
 * exactly these in the profiler's namespace and refuses any other name there.
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
    /** Prefix of a named root's JOL size, bytes. */
    public static final String ROOT_PREFIX = "root.";
    /** Prefix of a gauge, a count. */
    public static final String GAUGE_PREFIX = "gauge.";

    /** The fixed metrics in the order a series CSV lists them, before roots and gauges. */
    public static final List<String> FIXED = List.of(OPS, HEAP, THREADS, FDS, RSS, DIRECT_BUFFERS, METASPACE);

    /** The first dotted segments that belong to the profiler: a name there must be one of ours. */
    public static final Set<String> NAMESPACES =
            Set.of("heap", "ops", "root", "threads", "fds", "rss", "buffers", "metaspace", "gauge");

    /** What may follow {@code root.} and {@code gauge.}. */
    private static final Pattern NAME_TAIL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private MetricNames() {}

    /** True for a name the profiler writes: a fixed metric, {@code root.<name>} or {@code gauge.<name>}. */
    public static boolean isKnown(String name) {
        if (FIXED.contains(name)) {
            return true;
        }
        String tail = name.startsWith(ROOT_PREFIX)
                ? name.substring(ROOT_PREFIX.length())
                : name.startsWith(GAUGE_PREFIX) ? name.substring(GAUGE_PREFIX.length()) : null;
        return tail != null && NAME_TAIL.matcher(tail).matches();
    }

    /** True when the first dotted segment of {@code name} is one of the profiler's {@link #NAMESPACES}. */
    public static boolean inNamespace(String name) {
        int dot = name.indexOf('.');
        return NAMESPACES.contains((dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT));
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

    /** The unit the profiler reports a metric in: {@code ops}, {@code count} or {@code bytes}. */
    public static String unit(String metric) {
        if (metric.equals(OPS)) {
            return "ops";
        }
        if (metric.equals(THREADS) || metric.equals(FDS) || metric.startsWith(GAUGE_PREFIX)) {
            return "count";
        }
        return "bytes";
    }

    /** Series column order: the fixed metrics first, then roots, then gauges, each by name. */
    public static final Comparator<String> COLUMN_ORDER =
            Comparator.comparingInt(MetricNames::rank).thenComparing(Comparator.naturalOrder());

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
        int fixed = FIXED.indexOf(metric);
        if (fixed >= 0) {
            return fixed;
        }
        return metric.startsWith(ROOT_PREFIX) ? FIXED.size() : FIXED.size() + 1;
    }
}

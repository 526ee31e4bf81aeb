package dev.leakbench.analysis.trend;

import java.util.Locale;
import java.util.Set;

/** Which way is better for a metric, decided by its unit. */
public enum Direction {
    /** Throughput: ops/s, ops/ms, ... */
    HIGHER_IS_BETTER,
    /** Time per operation, bytes per operation, bytes, counts. */
    LOWER_IS_BETTER;

    private static final Set<String> AMOUNTS = Set.of(
            "b",
            "bytes",
            "byte",
            "kb",
            "mb",
            "gb",
            "kib",
            "mib",
            "gib",
            "count",
            "counts",
            "#",
            "threads",
            "fds",
            "connections",
            "streams",
            "entries");

    /** The direction of a unit, or null when the unit does not say. */
    public static Direction of(String unit) {
        String u = unit.strip().toLowerCase(Locale.ROOT);
        if (u.startsWith("ops/")) {
            return HIGHER_IS_BETTER;
        }
        if (u.endsWith("/op") || AMOUNTS.contains(u)) {
            return LOWER_IS_BETTER;
        }
        return null;
    }

    /** +1 when a rise is worse, -1 when a fall is worse. */
    public int worseSign() {
        return this == LOWER_IS_BETTER ? 1 : -1;
    }
}

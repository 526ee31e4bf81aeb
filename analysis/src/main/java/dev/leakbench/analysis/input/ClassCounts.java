package dev.leakbench.analysis.input;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Live instances and shallow bytes of the classes whose count changed during a trial, one value
 * per iteration of the trial (warmup included, aligned with {@link Trial#ops()}), read from the
 * LeakProfiler's {@code NAME.class-counts.csv}. Classes whose count never changed are left out:
 * a constant says nothing about growth, and leaving them out keeps memory to what a verdict needs.
 *
 * @param classesSeen how many classes the histograms held in all
 * @param instances per class, instances per iteration; -1 where the class was not counted
 * @param bytes per class, bytes per iteration; -1 where the class was not counted
 */
public record ClassCounts(int classesSeen, Map<String, long[]> instances, Map<String, long[]> bytes) {
    /** No class counts. */
    public static final ClassCounts NONE = new ClassCounts(0, Map.of(), Map.of());

    /** Copies the maps, sorted by class name. */
    public ClassCounts {
        instances = Collections.unmodifiableMap(new TreeMap<>(instances));
        bytes = Collections.unmodifiableMap(new TreeMap<>(bytes));
    }

    /** Number of iterations each array holds (0 when there are no classes). */
    public int iterations() {
        return instances.values().stream().findFirst().map(a -> a.length).orElse(0);
    }

    /** True when the profiler wrote class counts for the trial (even if no class changed). */
    public boolean present() {
        return classesSeen > 0;
    }
}

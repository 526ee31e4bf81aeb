package dev.leakbench.analysis.input;

import java.util.Map;
import java.util.TreeMap;

/**
 * One trial (JMH fork) of a benchmark as a per-iteration series.
 *
 * @param source where it was read from (file name)
 * @param ops cumulative operations at the end of each iteration; all NaN when unknown
 * @param warmup per iteration, whether it was a warmup iteration
 * @param metrics per metric name, one value per iteration; NaN where not measured
 * @param classes live instances and bytes per class and iteration, {@link ClassCounts#NONE} when
 *     the profiler wrote no class counts
 */
public record Trial(String source, double[] ops, boolean[] warmup, Map<String, double[]> metrics, ClassCounts classes) {
    /** A trial without class counts. */
    public Trial(String source, double[] ops, boolean[] warmup, Map<String, double[]> metrics) {
        this(source, ops, warmup, metrics, ClassCounts.NONE);
    }

    /** Checks that every array has one entry per iteration. */
    public Trial {
        if (!classes.instances().isEmpty() && classes.iterations() != ops.length) {
            throw new IllegalArgumentException(
                    "class counts have " + classes.iterations() + " iterations for " + ops.length);
        }
        metrics = new TreeMap<>(metrics);
        for (Map.Entry<String, double[]> e : metrics.entrySet()) {
            if (e.getValue().length != ops.length) {
                throw new IllegalArgumentException(
                        e.getKey() + " has " + e.getValue().length + " values for " + ops.length + " iterations");
            }
        }
        if (warmup.length != ops.length) {
            throw new IllegalArgumentException("phase has " + warmup.length + " values for " + ops.length);
        }
    }

    /** Number of iterations, warmup included. */
    public int iterations() {
        return ops.length;
    }

    /** True when every iteration has an operation count. */
    public boolean hasOps() {
        for (double o : ops) {
            if (Double.isNaN(o)) {
                return false;
            }
        }
        return ops.length > 0;
    }
}

package dev.leakbench.profile;

import dev.leakbench.benchmarks.WorkloadBenchmark;
import java.util.function.LongSupplier;
import org.openjdk.jol.info.GraphStats;

/**
 * What a real fault retains, measured without JMH and without the garbage collector: a real
 * benchmark's trial is opened in this JVM exactly as its JMH fork opens it, driven for a number of
 * operations, and the whole object graph it holds (benchmark, fixture, target, fault, workload) is
 * sized with JOL before and after. The difference is what those operations left behind, in the
 * same layout (compressed oops, 12-byte headers) as the {@code -Xmx256m} forks.
 *
 * <p>It is the independent expectation the forked runs are checked against: the LeakProfiler reads
 * the collector's own accounting after full GCs, JOL adds up object sizes along references.
 * Needs {@code -Djdk.attach.allowAttachSelf=true} (records) and the {@code --add-opens} of
 * {@link RootSizer#forkJvmArgs()}; the module's surefire configuration passes them.
 */
final class InProcessLeak {

    /** Growth over the measured operations. */
    record Growth(long bytes, long leaks, long ops) {
        double bytesPerLeak() {
            return (double) bytes / leaks;
        }

        double bytesPerOp() {
            return (double) bytes / ops;
        }

        @Override
        public String toString() {
            return String.format(
                    "JOL: +%d bytes over %d ops and %d leaks (%.1f bytes/leak, %.3f bytes/op)",
                    bytes, ops, leaks, bytesPerLeak(), bytesPerOp());
        }
    }

    private InProcessLeak() {}

    /**
     * Opens {@code benchmark}'s trial (its fields set as JMH would set its parameters), runs
     * {@code warmupOps} operations, then sizes the graph around {@code ops} more.
     */
    static Growth measure(WorkloadBenchmark<?> benchmark, Runnable operation, int warmupOps, int ops) {
        benchmark.openTrial();
        try {
            LongSupplier injected =
                    benchmark.gauges().get("fault.injected"); // the benchmark is the profiler's LeakProbe
            for (int i = 0; i < warmupOps; i++) {
                operation.run();
            }
            long leaksBefore = injected.getAsLong();
            long before = GraphStats.parseInstance(benchmark, operation).totalSize();
            for (int i = 0; i < ops; i++) {
                operation.run();
            }
            long after = GraphStats.parseInstance(benchmark, operation).totalSize();
            return new Growth(after - before, injected.getAsLong() - leaksBefore, ops);
        } finally {
            benchmark.closeTrial();
        }
    }
}

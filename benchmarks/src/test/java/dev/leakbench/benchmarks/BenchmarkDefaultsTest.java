package dev.leakbench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Thresholds;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A benchmark run with its own defaults must be able to reach a verdict: {@code java -jar
 * benchmarks.jar X -prof LeakProfiler} followed by {@code leakcheck findings} must not end in
 * "too few points". Read from JMH's generated benchmark list, which is what JMH itself runs with.
 */
class BenchmarkDefaultsTest {

    private static Set<BenchmarkListEntry> leakbenchBenchmarks() {
        var quiet = OutputFormatFactory.createFormatInstance(
                new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        return BenchmarkList.defaultList().find(quiet, List.of("dev\\.leakbench\\.benchmarks\\..*"), List.of());
    }

    /** Every benchmark, by the name JMH lists it under: the eight workloads and the per-kind mixed group. */
    private static final Set<String> EXPECTED = new TreeSet<>(List.of(
            "dev.leakbench.benchmarks.AuthorizationBenchmark.check",
            "dev.leakbench.benchmarks.CacheEvictionBenchmark.check",
            "dev.leakbench.benchmarks.ConcurrentLoadBenchmark.operation",
            "dev.leakbench.benchmarks.ConnectionBenchmark.operation",
            "dev.leakbench.benchmarks.ExpandBenchmark.expand",
            "dev.leakbench.benchmarks.MixedGroupBenchmark.mixed",
            "dev.leakbench.benchmarks.MixedWorkloadBenchmark.operation",
            "dev.leakbench.benchmarks.StorageBenchmark.writeReadDelete",
            "dev.leakbench.benchmarks.StreamingBenchmark.subscribeConsumeClose"));

    @Test
    void everyBenchmarksDefaultMeasurementGivesLeakcheckEnoughPointsToDecide() {
        int needed = Thresholds.defaults().minPoints();
        // persistence fits the last half on its own and needs at least min.points/2 + 1 there
        int decide = Math.max(needed, 2 * (needed / 2 + 2));
        Set<BenchmarkListEntry> all = leakbenchBenchmarks();
        assertEquals(
                EXPECTED,
                all.stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toCollection(TreeSet::new)),
                "the workload benchmarks");
        for (BenchmarkListEntry e : all) {
            int iterations = e.getMeasurementIterations().orElse(-1);
            assertTrue(
                    iterations >= decide,
                    e.getUsername() + " measures " + iterations
                            + " iterations by default; leakcheck needs at least " + needed + " to judge a trend and "
                            + decide
                            + " to see whether it persists");
            assertEquals(1, (int) e.getForks().orElse(-1), e.getUsername() + ": one fork by default");
            assertFalse(e.getWarmupIterations().orElse(0) < 3, e.getUsername() + ": at least 3 warmup iterations");
        }
    }

    /**
     * The one {@code target} parameter of {@link WorkloadBenchmark} defaults to {@code embedded};
     * {@link ConnectionBenchmark} re-declares it with {@code embedded-jdbc}. What JMH lists is what
     * its results (and so the analysis's keys) will name when {@code -p target} is not given.
     */
    @Test
    void everyBenchmarkListsItsOwnDefaultTarget() {
        for (BenchmarkListEntry e : leakbenchBenchmarks()) {
            String expected = e.getUsername().contains(".ConnectionBenchmark.")
                    ? "embedded-jdbc"
                    : WorkloadBenchmark.DEFAULT_TARGET;
            assertEquals(List.of(expected), List.of(e.getParams().get().get("target")), e.getUsername());
        }
    }

    @Test
    void theMixedGroupRunsChecksWritesAndExpandsOnSevenTwoAndOneThreads() {
        BenchmarkListEntry group = leakbenchBenchmarks().stream()
                .filter(e -> e.getUsername().endsWith(".MixedGroupBenchmark.mixed"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of("check", "expand", "write"),
                List.copyOf(group.getThreadGroupLabels().get()));
        assertEquals(
                List.of(7, 1, 2), Arrays.stream(group.getThreadGroups()).boxed().toList());
    }
}

package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.leakbench.vocabulary.MetricNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The LeakProfiler's own mechanics through the real JMH Runner, forked, on the test-only
 * {@link FaultInjectionBenchmark}: a byte-exact leak is measured byte-exactly (also with explicit GC
 * disabled), the last reading comes before JMH's trial teardown, the JMH results are complete and
 * match the series, the order against {@code -prof gc}, JFR mode, forks, and option errors. Each
 * run is 3 + 5 iterations of 200 ms.
 *
 * <p>That real benchmarks with the real faults are detected is {@code RealFaultDetectionTest}
 * (benchmarks module); a benchmark of another suite, with and without a {@link LeakProbe}, is
 * {@link ThirdPartySuiteTest}.
 */
class LeakProfilerTest {
    private static final String BENCHMARK = "FaultInjectionBenchmark.operation";
    private static final int FAULT_EVERY = 1000;

    @TempDir
    Path dir;

    /**
     * Also the byte-exact check, which the real faults cannot give: the heap-leak fault retains
     * exactly {@value FaultInjectionBenchmark#HEAP_LEAK_BYTES} bytes per leak, and the slope must
     * match within 2%. (The real faults are proven in {@code RealFaultDetectionTest}.)
     */
    @Test
    void everyIterationReportsEveryMetricAndAByteExactLeakIsMeasuredExactly() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(BENCHMARK)
                .param("fault", "heap-leak")
                .param("faultEvery", String.valueOf(FAULT_EVERY))
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .run(dir);
        Series s = run.onlySeries();
        assertEquals(
                List.of("benchmark", "params", "iteration", "phase", "ops.cumulative", "heap.retained"),
                s.header().subList(0, 6),
                "series header contract");
        assertEquals(8, s.rows().size(), "one row per iteration, warmup included: " + s);
        assertEquals("fault=heap-leak;faultEvery=1000", s.rows().get(0).params(), "params, sorted by name");
        List<String> metrics = s.header().subList(4, s.header().size());

        BenchmarkResult result =
                run.onlyResult().getBenchmarkResults().iterator().next();
        assertEquals(5, result.getIterationResults().size());
        int i = 0;
        for (IterationResult ir : result.getIterationResults()) {
            i++;
            var secondary = ir.getSecondaryResults();
            for (String m : metrics) {
                assertTrue(
                        secondary.containsKey(m),
                        m + " missing from JMH's measurement iteration " + i + " (JMH would aggregate it as 0 there): "
                                + secondary.keySet());
            }
            Series.Row row = s.measurement().get(i - 1);
            assertEquals(
                    row.get(MetricNames.HEAP),
                    secondary.get(MetricNames.HEAP).getScore(),
                    0.0,
                    "the series and JMH must report the same heap.retained at iteration " + i);
            assertEquals(
                    row.get(MetricNames.OPS),
                    secondary.get(MetricNames.OPS).getScore(),
                    0.0,
                    "the series and JMH must report the same ops.cumulative at iteration " + i);
        }
        double expected = (double) FaultInjectionBenchmark.HEAP_LEAK_BYTES / FAULT_EVERY;
        assertWithin(expected, s.slopePerOp(MetricNames.HEAP), 0.02, "heap.retained bytes/op", s);
        assertTrue(
                s.measurement().get(0).get("root.ring") > 1024 * 24,
                "root.ring must include the 1024 records it holds (JOL must lay out records): " + s);
        // with a probe registered every row is read at the end of its iteration: every row has more operations behind
        // it
        double[] ops =
                s.rows().stream().mapToDouble(r -> r.get(MetricNames.OPS)).toArray();
        for (int k = 1; k < ops.length; k++) {
            assertTrue(ops[k] > ops[k - 1], "ops.cumulative must grow with every iteration: " + Arrays.toString(ops));
        }
    }

    /**
     * The fault's leaked bytes live in a static queue that the benchmark's trial teardown clears,
     * and JMH runs that teardown inside the last measurement iteration, before any profiler hook:
     * the probe unregisters first in that teardown, so the last reading is taken there and holds
     * every leak of the run, and nothing warns about teardown.
     */
    @Test
    void theLastReadingIsTakenBeforeJmhsTrialTeardownReleasesTheLeak() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(BENCHMARK)
                .param("fault", "heap-leak")
                .param("faultEvery", String.valueOf(FAULT_EVERY))
                .profilerOptions("roots=false;histogram=false")
                .run(dir);
        Series s = run.onlySeries();
        double[] heap = s.measured(MetricNames.HEAP);
        double[] ops = s.measured(MetricNames.OPS);
        int last = heap.length - 1;
        double leaked = (ops[last] - ops[last - 1]) / FAULT_EVERY * FaultInjectionBenchmark.HEAP_LEAK_BYTES;
        assertTrue(
                heap[last] - heap[last - 1] > leaked * 0.9,
                String.format(
                        "the last reading must hold the %.0f "
                                + "bytes leaked since the one before, as a reading before the teardown does: %s",
                        leaked, s));
        assertFalse(
                run.console().lines().anyMatch(l -> l.contains("LeakProfiler:") && l.contains("teardown")),
                "no teardown warning; console:" + System.lineSeparator() + run.console());
    }

    /**
     * With a young generation larger than an iteration allocates, the benchmark itself triggers no
     * GC (the profiler's full GCs empty eden before every iteration), so every GC that
     * {@code -prof gc} counts in iterations 1-4 is the profiler's, taken in its after-iteration
     * hook: JMH runs those in reverse command-line order. The last iteration is left out: its
     * reading is taken at the probe's unregistration, inside the iteration, in either order.
     */
    @Test
    void listedBeforeGcProfilerItsForcedGcsAreNotCountedAndTheOtherOrderIsReported() throws Exception {
        Path right = Files.createDirectory(dir.resolve("right"));
        Path wrong = Files.createDirectory(dir.resolve("wrong"));
        ProfiledRun.Outcome ok = ProfiledRun.of(BENCHMARK)
                .param("fault", "none")
                .profilerOptions("roots=false;histogram=false")
                .jvmArgsAppend("-Xmn192m")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .run(right);
        ProfiledRun.Outcome counted = ProfiledRun.of(BENCHMARK)
                .param("fault", "none")
                .profilerOptions("roots=false;histogram=false")
                .jvmArgsAppend("-Xmn192m")
                .gcProfiler(ProfiledRun.GcProfiler.BEFORE_LEAK_PROFILER)
                .run(wrong);
        List<Double> okCounts = gcCountsBeforeTheLastIteration(ok.onlyResult());
        List<Double> countedCounts = gcCountsBeforeTheLastIteration(counted.onlyResult());
        assertTrue(
                okCounts.stream().allMatch(c -> c == 0),
                "with the LeakProfiler listed first, -prof gc must not "
                        + "count its forced GCs; gc.count per iteration: " + okCounts);
        assertTrue(
                countedCounts.stream().allMatch(c -> c >= 2),
                "with -prof gc listed first, each iteration "
                        + "counts the profiler's two or more forced GCs; gc.count per iteration: " + countedCounts);
        assertTrue(
                counted.console().contains("List the LeakProfiler first"),
                "the wrong order must be reported; console:" + System.lineSeparator() + counted.console());
        assertTrue(
                !ok.console().contains("List the LeakProfiler first"),
                "the right order must not be reported; console:" + System.lineSeparator() + ok.console());
    }

    @Test
    void withExplicitGcDisabledItForcesFullGcsThroughTheClassHistogram() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(BENCHMARK)
                .param("fault", "heap-leak")
                .profilerOptions("roots=false;histogram=false")
                .jvmArgsAppend("-XX:+DisableExplicitGC")
                .run(dir);
        Series s = run.onlySeries();
        assertTrue(run.console().contains("-XX:+DisableExplicitGC is set"), run.console());
        double expected = (double) FaultInjectionBenchmark.HEAP_LEAK_BYTES / FAULT_EVERY;
        assertWithin(expected, s.slopePerOp(MetricNames.HEAP), 0.02, "heap.retained bytes/op", s);
    }

    @Test
    void jfrModeWritesTheRecordingAndASummaryOfOldObjectSites() throws Exception {
        Series s = ProfiledRun.of(BENCHMARK)
                .param("fault", "heap-leak")
                .iterations(1, 2)
                .profilerOptions("roots=false;histogram=false;jfr=true")
                .run(dir)
                .onlySeries();
        String base = s.file().getFileName().toString().replace(".csv", "");
        assertTrue(Files.size(dir.resolve(base + ".jfr")) > 0, "no recording beside " + s.file());
        String summary = Files.readString(dir.resolve(base + ".old-objects.txt"), StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("# JFR old-object samples"), summary);
    }

    @Test
    void eachMeasuredForkWritesItsOwnSeriesAndAWarmupForkNone() throws Exception {
        List<Series> forks = ProfiledRun.of(BENCHMARK)
                .param("fault", "none")
                .forks(2)
                .warmupForks(1)
                .iterations(1, 2)
                .profilerOptions("roots=false;histogram=false")
                .run(dir)
                .series();
        assertEquals(
                List.of("-fork1.csv", "-fork2.csv"),
                forks.stream()
                        .map(f -> f.file().getFileName().toString().replaceAll(".*(-fork\\d\\.csv)$", "$1"))
                        .toList());
        for (Series f : forks) {
            assertEquals(3, f.rows().size(), "each fork is a whole trial of its own: " + f);
        }
    }

    @Test
    void anUnknownOptionStopsTheRunWithTheListOfValidOptions() {
        RunnerException e = assertThrows(
                RunnerException.class,
                () -> new Runner(new OptionsBuilder()
                                .include(BENCHMARK)
                                .addProfiler(LeakProfiler.class, "roots=false;hsitogram=true")
                                .build())
                        .run());
        String message = String.valueOf(e.getMessage()) + e.getCause() + Arrays.toString(e.getSuppressed());
        assertTrue(
                message.contains("unknown option 'hsitogram'") && message.contains("histogram: "),
                "message must name the bad option and list the valid ones: " + message);
    }

    private static List<Double> gcCountsBeforeTheLastIteration(RunResult r) {
        List<IterationResult> iterations =
                List.copyOf(r.getBenchmarkResults().iterator().next().getIterationResults());
        List<Double> counts = new java.util.ArrayList<>();
        for (IterationResult ir : iterations.subList(0, iterations.size() - 1)) {
            Result<?> count = ir.getSecondaryResults().get("gc.count");
            if (count == null) {
                fail("no gc.count in " + ir.getSecondaryResults().keySet());
            }
            counts.add(count.getScore());
        }
        return counts;
    }

    private static void assertWithin(double expected, double actual, double relative, String what, Series s) {
        if (Math.abs(actual - expected) > Math.abs(expected) * relative) {
            fail(String.format(
                    "%s: expected %.4f within %.0f%%, measured %.4f%n%s", what, expected, relative * 100, actual, s));
        }
    }
}

package dev.leakbench.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The LeakProfiler through the real JMH Runner, forked, on {@link FaultInjectionBenchmark}: a clean
 * steady state is flat, each fault moves exactly the metric it should by about the expected amount
 * per operation, and the JMH results are complete. Each run is 3 + 5 iterations of 200 ms.
 *
 * <p>To check the real workloads instead, change {@link #BENCHMARK} and the {@code fault} values.
 */
class LeakProfilerTest {
    private static final String BENCHMARK = "FaultInjectionBenchmark.operation";
    private static final int FAULT_EVERY = 1000;
    private static final double STEADY_STATE_NOISE = 8 * 1024;

    @TempDir
    Path dir;

    private Series runFault(String fault, String profilerOptions) throws Exception {
        return ProfiledRun.of(BENCHMARK).param("fault", fault).param("faultEvery", String.valueOf(FAULT_EVERY))
                .profilerOptions(profilerOptions).run(dir).onlySeries();
    }

    /**
     * Flat, not byte-exact: in a running JMH fork the JIT still resolves string constants of
     * methods it compiles (a one-time step of about 2 KB) and JMH's threads park a few 32-byte
     * wait nodes at different moments; the readings themselves are exact (RetainedHeapSamplerTest).
     * The bound is 1% of what the heap-leak fault adds over the same iterations.
     */
    @Test
    void steadyStateRetainedHeapIsFlatAfterWarmup() throws Exception {
        Series s = runFault("none", "");
        double[] heap = s.measured(MetricNames.HEAP);
        double spread = Arrays.stream(heap).max().orElseThrow() - Arrays.stream(heap).min().orElseThrow();
        assertTrue(spread <= STEADY_STATE_NOISE, "retained heap of a steady-state workload must stay flat after "
                + "warmup (spread <= " + STEADY_STATE_NOISE + " bytes); measured " + Arrays.toString(heap)
                + System.lineSeparator() + s);
        double slope = s.slopePerOp(MetricNames.HEAP);
        double leak = (double) FaultInjectionBenchmark.HEAP_LEAK_BYTES / FAULT_EVERY;
        assertTrue(Math.abs(slope) < leak / 100, "steady-state slope " + slope + " bytes/op must be under 1% of the "
                + "heap-leak fault's " + leak + System.lineSeparator() + s);
        assertFlat(s, "root.ring");
        assertFlat(s, "root.cache");
        assertFlat(s, "gauge.connections.active");
        assertFlat(s, "gauge.streams.open");
        assertFlat(s, MetricNames.THREADS);
        assertFlat(s, MetricNames.DIRECT_BUFFERS);
        assertTrue(s.measurement().get(0).get("root.ring") > 1024 * 24,
                "root.ring must include the 1024 records it holds: " + s);
    }

    @Test
    void heapLeakRaisesRetainedHeapByTheLeakedBytesPerOperation() throws Exception {
        Series s = runFault("heap-leak", "");
        double expected = (double) FaultInjectionBenchmark.HEAP_LEAK_BYTES / FAULT_EVERY;
        assertWithin(expected, s.slopePerOp(MetricNames.HEAP), 0.02, "heap.retained bytes/op", s);
    }

    @Test
    void unboundedCacheGrowsItsRootAsFastAsTheHeapAndIsAttributedToByteArrays() throws Exception {
        Series s = runFault("unbounded-cache", "");
        double heapSlope = s.slopePerOp(MetricNames.HEAP);
        assertWithin(heapSlope, s.slopePerOp("root.cache"), 0.05, "root.cache bytes/op against heap.retained", s);
        assertWithin((double) StubTarget.CACHE_PAYLOAD / FAULT_EVERY, heapSlope, 0.15, "heap.retained bytes/op", s);
        assertWithin(1.0 / FAULT_EVERY, s.slopePerOp("gauge.cache.entries"), 0.02, "gauge.cache.entries per op", s);

        Path classes = dir.resolve(s.file().getFileName().toString().replace(".csv", ".classes.csv"));
        List<String> lines = Files.readAllLines(classes, StandardCharsets.UTF_8);
        assertEquals("class,instances_first,bytes_first,instances_last,bytes_last", lines.get(0));
        assertTrue(lines.size() > 1 && lines.get(1).startsWith("[B,"),
                "the class that grew most must be byte[] (the cache values); " + classes + ": " + lines);
    }

    @Test
    void connectionLeakRaisesTheConnectionGauge() throws Exception {
        Series s = runFault("connection-leak", "roots=false;histogram=false");
        assertWithin(1.0 / FAULT_EVERY, s.slopePerOp("gauge.connections.active"), 0.02,
                "gauge.connections.active per op", s);
        assertFlat(s, "gauge.streams.open");
    }

    @Test
    void watchLeakRaisesTheOpenStreamsGauge() throws Exception {
        Series s = runFault("watch-leak", "roots=false;histogram=false");
        assertWithin(1.0 / FAULT_EVERY, s.slopePerOp("gauge.streams.open"), 0.02, "gauge.streams.open per op", s);
        assertFlat(s, "gauge.connections.active");
    }

    @Test
    void offheapLeakRaisesDirectBuffersByTheBufferSizePerLeak() throws Exception {
        Series s = runFault("offheap-leak", "roots=false;histogram=false");
        double expected = (double) FaultInjectionBenchmark.DIRECT_BYTES / FAULT_EVERY;
        assertWithin(expected, s.slopePerOp(MetricNames.DIRECT_BUFFERS), 0.02, "buffers.direct bytes/op", s);
    }

    @Test
    void everyIterationReportsEveryMetricSoJmhHasNothingToZeroFill() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(BENCHMARK).param("fault", "none")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER).run(dir);
        Series s = run.onlySeries();
        assertEquals(List.of("benchmark", "params", "iteration", "phase", "ops.cumulative", "heap.retained"),
                s.header().subList(0, 6), "series header contract");
        assertEquals(8, s.rows().size(), "one row per iteration, warmup included: " + s);
        assertEquals("fault=none;faultEvery=1000", s.rows().get(0).params(), "params, sorted by name");
        List<String> metrics = s.header().subList(4, s.header().size());

        BenchmarkResult result = run.onlyResult().getBenchmarkResults().iterator().next();
        assertEquals(5, result.getIterationResults().size());
        int i = 0;
        for (IterationResult ir : result.getIterationResults()) {
            i++;
            var secondary = ir.getSecondaryResults();
            for (String m : metrics) {
                assertTrue(secondary.containsKey(m), m + " missing from JMH's measurement iteration " + i
                        + " (JMH would aggregate it as 0 there): " + secondary.keySet());
            }
            Series.Row row = s.measurement().get(i - 1);
            assertEquals(row.get(MetricNames.HEAP), secondary.get(MetricNames.HEAP).getScore(), 0.0,
                    "the series and JMH must report the same heap.retained at iteration " + i);
            assertEquals(row.get(MetricNames.OPS), secondary.get(MetricNames.OPS).getScore(), 0.0,
                    "the series and JMH must report the same ops.cumulative at iteration " + i);
        }
        double[] ops = s.rows().stream().mapToDouble(r -> r.get(MetricNames.OPS)).toArray();
        for (int k = 1; k < ops.length; k++) {
            assertTrue(ops[k] > ops[k - 1], "ops.cumulative must grow with every iteration: " + Arrays.toString(ops));
        }
    }

    /**
     * With a young generation larger than an iteration allocates, the benchmark itself triggers no
     * GC (the profiler's full GCs empty eden before every iteration), so every GC that
     * {@code -prof gc} counts in iterations 1-4 is the profiler's. The last iteration is left out:
     * its reading is taken at the target's clear, inside the iteration, in either order.
     */
    @Test
    void listedBeforeGcProfilerItsForcedGcsAreNotCountedAndTheOtherOrderIsReported() throws Exception {
        Path right = Files.createDirectory(dir.resolve("right"));
        Path wrong = Files.createDirectory(dir.resolve("wrong"));
        ProfiledRun.Outcome ok = ProfiledRun.of(BENCHMARK).param("fault", "none")
                .profilerOptions("roots=false;histogram=false").jvmArgsAppend("-Xmn192m")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER).run(right);
        ProfiledRun.Outcome counted = ProfiledRun.of(BENCHMARK).param("fault", "none")
                .profilerOptions("roots=false;histogram=false").jvmArgsAppend("-Xmn192m")
                .gcProfiler(ProfiledRun.GcProfiler.BEFORE_LEAK_PROFILER).run(wrong);
        List<Double> okCounts = gcCountsBeforeTheLastIteration(ok.onlyResult());
        List<Double> countedCounts = gcCountsBeforeTheLastIteration(counted.onlyResult());
        assertTrue(okCounts.stream().allMatch(c -> c == 0), "with the LeakProfiler listed first, -prof gc must not "
                + "count its forced GCs; gc.count per iteration: " + okCounts);
        assertTrue(countedCounts.stream().allMatch(c -> c >= 2), "with -prof gc listed first, each iteration "
                + "counts the profiler's two or more forced GCs; gc.count per iteration: " + countedCounts);
        assertTrue(counted.console().contains("List the LeakProfiler first"),
                "the wrong order must be reported; console:" + System.lineSeparator() + counted.console());
        assertTrue(!ok.console().contains("List the LeakProfiler first"),
                "the right order must not be reported; console:" + System.lineSeparator() + ok.console());
    }

    @Test
    void withExplicitGcDisabledItForcesFullGcsThroughTheClassHistogram() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(BENCHMARK).param("fault", "heap-leak")
                .profilerOptions("roots=false;histogram=false")
                .jvmArgsAppend("-XX:+DisableExplicitGC").run(dir);
        Series s = run.onlySeries();
        assertTrue(run.console().contains("-XX:+DisableExplicitGC is set"), run.console());
        double expected = (double) FaultInjectionBenchmark.HEAP_LEAK_BYTES / FAULT_EVERY;
        assertWithin(expected, s.slopePerOp(MetricNames.HEAP), 0.02, "heap.retained bytes/op", s);
    }

    @Test
    void jfrModeWritesTheRecordingAndASummaryOfOldObjectSites() throws Exception {
        Series s = ProfiledRun.of(BENCHMARK).param("fault", "heap-leak").iterations(1, 2)
                .profilerOptions("roots=false;histogram=false;jfr=true").run(dir).onlySeries();
        String base = s.file().getFileName().toString().replace(".csv", "");
        assertTrue(Files.size(dir.resolve(base + ".jfr")) > 0, "no recording beside " + s.file());
        String summary = Files.readString(dir.resolve(base + ".old-objects.txt"), StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("# JFR old-object samples"), summary);
    }

    @Test
    void eachMeasuredForkWritesItsOwnSeriesAndAWarmupForkNone() throws Exception {
        List<Series> forks = ProfiledRun.of(BENCHMARK).param("fault", "none").forks(2).warmupForks(1).iterations(1, 2)
                .profilerOptions("roots=false;histogram=false").run(dir).series();
        assertEquals(List.of("-fork1.csv", "-fork2.csv"), forks.stream()
                .map(f -> f.file().getFileName().toString().replaceAll(".*(-fork\\d\\.csv)$", "$1")).toList());
        for (Series f : forks) {
            assertEquals(3, f.rows().size(), "each fork is a whole trial of its own: " + f);
        }
    }

    @Test
    void anUnknownOptionStopsTheRunWithTheListOfValidOptions() {
        RunnerException e = assertThrows(RunnerException.class, () -> new Runner(new OptionsBuilder()
                .include(BENCHMARK).addProfiler(LeakProfiler.class, "roots=false;hsitogram=true").build()).run());
        String message = String.valueOf(e.getMessage()) + e.getCause() + Arrays.toString(e.getSuppressed());
        assertTrue(message.contains("unknown option 'hsitogram'") && message.contains("histogram: "),
                "message must name the bad option and list the valid ones: " + message);
    }

    private static List<Double> gcCountsBeforeTheLastIteration(RunResult r) {
        List<IterationResult> iterations = List.copyOf(
                r.getBenchmarkResults().iterator().next().getIterationResults());
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

    private static void assertFlat(Series s, String metric) {
        double[] v = s.measured(metric);
        for (double x : v) {
            assertEquals(v[0], x, 0.0, metric + " must be flat over the measurement iterations: "
                    + Arrays.toString(v));
        }
    }

    private static void assertWithin(double expected, double actual, double relative, String what, Series s) {
        if (Math.abs(actual - expected) > Math.abs(expected) * relative) {
            fail(String.format("%s: expected %.4f within %.0f%%, measured %.4f%n%s", what, expected, relative * 100,
                    actual, s));
        }
    }
}

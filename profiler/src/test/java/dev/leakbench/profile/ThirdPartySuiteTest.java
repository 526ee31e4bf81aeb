package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.suite.PlainBenchmark;
import com.example.suite.SessionCacheBenchmark;
import dev.leakbench.vocabulary.MetricNames;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.IterationResult;

/**
 * The profiler on benchmarks of another suite ({@code com.example.suite}), which know nothing of
 * leakbench but, at most, the {@link LeakProbe} hook: through the real JMH Runner, forked, 2 + 5
 * iterations of 200 ms each.
 */
class ThirdPartySuiteTest {

    @TempDir
    Path dir;

    /**
     * A {@code @State} that implements LeakProbe and registers itself in one line gets its roots
     * and gauges in the series and in JMH's results, every iteration, and they are read before its
     * teardown clears them: the gauge of kept sessions is exactly the operations so far divided by
     * the keeping rate, also at the last reading.
     */
    @Test
    void aStateRegisteredAsLeakProbeGetsItsRootsAndGaugesInTheSeries() throws Exception {
        ProfiledRun.Outcome run =
                ProfiledRun.of("com.example.suite.SessionCacheBenchmark").run(dir);
        Series s = run.onlySeries();
        List<String> header = s.header();
        for (String column : List.of("root.config", "root.sessions", "gauge.lookups", "gauge.sessions")) {
            assertTrue(header.contains(column), column + " missing from the series header " + header);
        }
        assertEquals(
                List.of("root.config", "root.sessions", "gauge.lookups", "gauge.sessions"),
                header.subList(header.size() - 4, header.size()),
                "roots, then gauges, each by name: " + header);
        for (Series.Row row : s.rows()) {
            double ops = row.get(MetricNames.OPS);
            assertEquals(ops, row.get("gauge.lookups"), 0.0, "every invocation is an operation: " + s);
            assertEquals(
                    Math.floor(ops / SessionCacheBenchmark.KEEP_EVERY),
                    row.get("gauge.sessions"),
                    0.0,
                    "the kept sessions, read with the operations they belong to: " + s);
            double config = row.get("root.config");
            assertTrue(
                    config >= SessionCacheBenchmark.CONFIG_BYTES && config < SessionCacheBenchmark.CONFIG_BYTES + 64,
                    "root.config is the 64 KiB array: " + s);
        }
        double[] sessions = s.measured("root.sessions");
        for (int i = 1; i < sessions.length; i++) {
            assertTrue(
                    sessions[i] > sessions[i - 1], "root.sessions grows with the leak: " + Arrays.toString(sessions));
        }
        assertTrue(
                s.measured("gauge.sessions")[sessions.length - 1] > 0,
                "the last reading comes before the teardown " + "clears the cache: " + s);

        var iterations =
                run.onlyResult().getBenchmarkResults().iterator().next().getIterationResults();
        assertEquals(5, iterations.size());
        int i = 0;
        for (IterationResult ir : iterations) {
            Series.Row row = s.measurement().get(i++);
            for (String column : List.of("root.sessions", "gauge.sessions", MetricNames.HEAP)) {
                assertTrue(ir.getSecondaryResults().containsKey(column), column + " missing from JMH's iteration " + i);
                assertEquals(
                        row.get(column),
                        ir.getSecondaryResults().get(column).getScore(),
                        0.0,
                        "the series and JMH agree on " + column + " at iteration " + i);
            }
        }
        assertNoTeardownWarning(run);
    }

    /**
     * A probe still registered when JMH's trial teardown runs (the suite forgot to unregister):
     * the last reading is taken after the teardown cleared the cache, and the profiler says so,
     * naming the probe and the line that avoids it; the readings before are as with the line.
     */
    @Test
    void aProbeThatNeverUnregistersIsReadAfterTheTeardownAndTheProfilerSaysHowToAvoidIt() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("com.example.suite.SessionCacheBenchmark")
                .param("unregister", "false")
                .run(dir);
        Series s = run.onlySeries();
        double[] sessions = s.measured("gauge.sessions");
        double[] ops = s.measured(MetricNames.OPS);
        int last = sessions.length - 1;
        for (int i = 0; i < last; i++) {
            assertEquals(
                    Math.floor(ops[i] / SessionCacheBenchmark.KEEP_EVERY),
                    sessions[i],
                    0.0,
                    "before the last " + "iteration every reading is at the end of its iteration: " + s);
        }
        assertEquals(0, sessions[last], 0.0, "the last reading comes after the teardown cleared the cache: " + s);
        List<String> warnings = run.console()
                .lines()
                .filter(l -> l.contains("LeakProfiler:") && l.contains("teardown"))
                .toList();
        assertEquals(
                1,
                warnings.size(),
                "one warning about the teardown; console:" + System.lineSeparator() + run.console());
        assertTrue(
                warnings.get(0).contains("SessionCacheBenchmark")
                        && warnings.get(0).contains("LeakProbes.unregister(this)"),
                "it names the probe and the line to add: " + warnings.get(0));
    }

    /**
     * Without any hook the profiler still reads every measurement iteration before JMH's trial
     * teardown (which releases the state's {@value PlainBenchmark#PAYLOAD_BYTES} bytes and drops
     * the state): the readings are level, none of them that much lower, and nothing warns.
     */
    @Test
    void aBenchmarkWithoutAHookIsMeasuredBeforeTeardownAndNothingWarns() throws Exception {
        ProfiledRun.Outcome run =
                ProfiledRun.of("com.example.suite.PlainBenchmark").run(dir);
        Series s = run.onlySeries();
        assertTrue(
                s.header().stream().noneMatch(c -> c.startsWith("root.") || c.startsWith("gauge.")),
                "no probe, no roots or gauges: " + s.header());
        double[] heap = s.measured(MetricNames.HEAP);
        double min = Arrays.stream(heap).min().orElseThrow();
        double max = Arrays.stream(heap).max().orElseThrow();
        assertTrue(
                max - min < PlainBenchmark.PAYLOAD_BYTES / 8.0,
                "every reading holds the state's payload; a reading " + "after the teardown would be "
                        + PlainBenchmark.PAYLOAD_BYTES + " bytes lower: " + s);
        assertTrue(min > PlainBenchmark.PAYLOAD_BYTES, "the payload is in the readings: " + s);
        // without a probe, measurement iterations are read at their start: the first where the warmup ended
        double[] ops =
                s.rows().stream().mapToDouble(r -> r.get(MetricNames.OPS)).toArray();
        int warmups = s.rows().size() - heap.length;
        assertEquals(
                ops[warmups - 1],
                ops[warmups],
                0.0,
                "measurement iteration 1 is read where the last warmup " + "iteration ended: " + Arrays.toString(ops));
        for (int k = warmups + 1; k < ops.length; k++) {
            assertTrue(
                    ops[k] > ops[k - 1], "then every reading has more operations behind it: " + Arrays.toString(ops));
        }
        assertNoTeardownWarning(run);
        assertFalse(run.console().contains("LeakProbe"), "and nothing asks for a probe: " + run.console());
    }

    private static void assertNoTeardownWarning(ProfiledRun.Outcome run) {
        assertFalse(
                run.console().lines().anyMatch(l -> l.contains("LeakProfiler:") && l.contains("teardown")),
                "no warning about JMH's teardown; console:" + System.lineSeparator() + run.console());
    }
}

package dev.leakbench.analysis.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.input.RunSet;
import dev.leakbench.analysis.testing.Fixtures;
import dev.leakbench.analysis.testing.JmhJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsAnalyzerTest {
    @TempDir
    Path dir;

    private FindingsAnalyzer.Result analyze(ThresholdConfig cfg, RunSet baseline, double heap, Path... files)
            throws Exception {
        return new FindingsAnalyzer(cfg, baseline, heap).analyze(Inputs.read(List.of(files)));
    }

    private static Finding find(FindingsAnalyzer.Result r, String paramFragment, String metric) {
        return r.findings().stream()
                .filter(f -> f.key().params().toString().contains(paramFragment)
                        && f.metric().equals(metric))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no " + metric + " finding for " + paramFragment + " in " + r.findings()));
    }

    @Test
    void injectedCacheLeakIsALeakAttributedToItsRootWithTimeToExhaustion() throws Exception {
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, 4.0 * (1 << 30), Fixtures.copy("jmh-1.37.json", dir));
        Finding leak = find(r, "unbounded-cache", Metrics.HEAP);
        assertEquals(Verdict.LEAK, leak.verdict(), leak.reason());
        assertEquals(0.5, leak.slope(), 0.01);
        assertEquals("B/op", leak.slopeUnit());
        assertTrue(leak.fails());
        assertEquals("decisionCache", leak.attribution().get(0).name());
        assertEquals(1.0, leak.attribution().get(0).share(), 0.05);
        Map<?, ?> ex = (Map<?, ?>) leak.evidence().get("exhaustion");
        assertNotNull(ex);
        assertTrue(((Number) ex.get("secondsToExhaustion")).doubleValue() > 0);
        assertTrue(r.fails());
    }

    @Test
    void cleanRunHasNoFinding() throws Exception {
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, Double.NaN, Fixtures.copy("jmh-1.37.json", dir));
        assertTrue(
                r.findings().stream()
                        .filter(f -> f.key().params().toString().contains("fault=none"))
                        .allMatch(f -> f.verdict() == Verdict.STABLE),
                r.findings().toString());
    }

    @Test
    void aFaultsOwnCountersAreNotJudgedOnlyWhatTheSystemShows() throws Exception {
        // a real LeakProfiler series of the alloc-bloat fault: garbage per operation, nothing kept,
        // while the fault's own injection counter (gauge.fault.injected) rises by construction
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, Double.NaN, Fixtures.copy("series-alloc-bloat.csv", dir));
        assertTrue(
                r.findings().stream().noneMatch(f -> f.metric().startsWith("gauge.fault.")),
                "fault bookkeeping judged: " + r.findings());
        assertEquals(Verdict.STABLE, find(r, "alloc-bloat", Metrics.HEAP).verdict());
        assertFalse(r.fails(), r.findings().toString());
    }

    @Test
    void connectionLeakIsFoundOnItsGauge() throws Exception {
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, Double.NaN, Fixtures.copy("jmh-1.37.json", dir));
        Finding f = find(r, "connection-leak", "gauge.connections.active");
        assertEquals(Verdict.LEAK, f.verdict(), f.reason());
        assertEquals("count/op", f.slopeUnit());
        assertEquals(Verdict.STABLE, find(r, "connection-leak", Metrics.HEAP).verdict());
    }

    @Test
    void allocationRegressionAgainstABaselineFailsTheRun() throws Exception {
        RunSet baseline = Inputs.read(List.of(Fixtures.copy("baseline.json", dir)));
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), baseline, Double.NaN, Fixtures.copy("jmh-1.37.json", dir));
        Finding alloc = find(r, "fault=none", Metrics.ALLOC);
        assertEquals(Verdict.ALLOC_REGRESSION, alloc.verdict(), alloc.reason());
        assertTrue(alloc.fails());
        assertEquals(62, alloc.slope(), 2);
        assertTrue(alloc.pValue() < 0.01);
        assertEquals(
                Verdict.STABLE, find(r, "unbounded-cache", Metrics.ALLOC).verdict(), "398 vs 396 B/op is within 10%");
    }

    @Test
    void allocationBudgetFromTheConfigFile() throws Exception {
        Path cfg = Fixtures.write(dir, "leakcheck.conf", "[*AuthorizationBenchmark* fault=none]\nalloc.budget = 300\n");
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.read(cfg), null, Double.NaN, Fixtures.copy("jmh-1.37.json", dir));
        Finding alloc = find(r, "fault=none", Metrics.ALLOC);
        assertEquals(Verdict.ALLOC_REGRESSION, alloc.verdict());
        assertTrue(alloc.reason().contains("exceeds the budget"), alloc.reason());
    }

    @Test
    void bytesPerOpRisingDuringTheRunIsReportedButDoesNotFail() throws Exception {
        double[] alloc = new double[15];
        double[] heap = new double[15];
        double[] ops = new double[15];
        for (int i = 0; i < 15; i++) {
            alloc[i] = 200 + 20 * i;
            heap[i] = 5e7;
            ops[i] = (i + 1) * 1e6;
        }
        JmhJson j = new JmhJson();
        j.add("x.Bench.grow", Map.of(), new double[15])
                .secondary("gc.alloc.rate.norm", "B/op", alloc)
                .secondary(Metrics.HEAP, "bytes", heap)
                .secondary(Metrics.OPS, "ops", ops);
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, Double.NaN, j.write(dir.resolve("grow.json")));
        Finding f = find(r, "", Metrics.ALLOC);
        assertEquals(Verdict.ALLOC_REGRESSION, f.verdict());
        assertFalse(f.fails());
        assertFalse(r.fails());
    }

    @Test
    void warmupIsDiscardedAndClassesAttributeTheGrowth() throws Exception {
        FindingsAnalyzer.Result r = analyze(
                ThresholdConfig.defaults(),
                null,
                Double.NaN,
                Fixtures.copy("series-leak.csv", dir),
                Fixtures.copy("series-leak.classes.csv", dir));
        Finding f = find(r, "unbounded-cache", Metrics.HEAP);
        assertEquals(Verdict.LEAK, f.verdict());
        assertEquals(1.0, f.slope(), 0.01, "the warmup's falling spike must not bend the fit");
        assertEquals(20, ((Number) f.evidence().get("points")).intValue());
        List<Attribution> classes =
                f.attribution().stream().filter(a -> a.kind().equals("class")).toList();
        assertEquals("byte[]", classes.get(0).name());
        assertEquals(3, classes.size(), "HashMap$Node did not grow");
        assertEquals(1, f.plot().warmup().size());
    }

    @Test
    void aCacheFillingInTwoForksIsBounded() throws Exception {
        FindingsAnalyzer.Result r = analyze(
                ThresholdConfig.defaults(),
                null,
                Double.NaN,
                Fixtures.copy("series-plateau-fork1.csv", dir),
                Fixtures.copy("series-plateau-fork2.csv", dir));
        Finding f = find(r, "fault=none", Metrics.HEAP);
        assertEquals(Verdict.BOUNDED_GROWTH, f.verdict(), f.reason());
        assertEquals(2, ((Number) f.evidence().get("trials")).intValue());
        assertFalse(r.fails());
    }

    @Test
    void withoutOpsCumulativeTheSlopeIsPerIterationAndSaysSo() throws Exception {
        double[] heap = new double[12];
        for (int i = 0; i < heap.length; i++) {
            heap[i] = 5e7 + i * 1e6;
        }
        JmhJson j = new JmhJson();
        j.add("x.Bench.noOps", Map.of("p", "1"), new double[12]).secondary(Metrics.HEAP, "bytes", heap);
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, Double.NaN, j.write(dir.resolve("noops.json")));
        Finding f = find(r, "p=1", Metrics.HEAP);
        assertEquals(Verdict.LEAK, f.verdict());
        assertEquals("B/iteration", f.slopeUnit());
        assertEquals(1e6, f.slope(), 1);
        assertTrue(f.evidence().get("note").toString().contains("per measurement iteration"));
    }

    @Test
    void jmhCsvAloneGetsANoteNotAVerdict() throws Exception {
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.defaults(), null, Double.NaN, Fixtures.copy("jmh.csv", dir));
        assertTrue(r.findings().isEmpty());
        assertTrue(
                r.notes().stream().anyMatch(n -> n.contains("aggregates only")),
                r.notes().toString());
    }

    @Test
    void configCanRaiseAFloorPerBenchmarkAndSkip() throws Exception {
        Path cfg = Fixtures.write(
                dir,
                "c.conf",
                "# raise the floor for the cache benchmark\n[*AuthorizationBenchmark*]\n"
                        + "floor.heap.retained = 1g\nfloor.gauge.* = 1000000\n[ConnectionBenchmark.query]\nskip = true\n");
        FindingsAnalyzer.Result r =
                analyze(ThresholdConfig.read(cfg), null, Double.NaN, Fixtures.copy("jmh-1.37.json", dir));
        assertEquals(Verdict.STABLE, find(r, "unbounded-cache", Metrics.HEAP).verdict());
        assertTrue(r.findings().stream().noneMatch(f -> f.key().benchmark().contains("Connection")));
        assertFalse(r.fails());
    }
}

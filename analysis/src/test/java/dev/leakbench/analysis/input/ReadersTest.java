package dev.leakbench.analysis.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {
    @TempDir
    Path dir;

    private static SeriesKey key(String bench, String params) {
        return new SeriesKey("dev.leakbench.benchmarks." + bench, Params.parse(params));
    }

    @Test
    void jmh137JsonWithLeakProfilerMetrics() throws Exception {
        RunSet set = Inputs.read(List.of(Fixtures.copy("jmh-1.37.json", dir)));
        BenchmarkRun run = set.get(key("AuthorizationBenchmark.check", "fault=unbounded-cache;faultEvery=1000;target=embedded"));
        assertNotNull(run);
        assertEquals("thrpt", run.mode());
        assertEquals("ops/s", run.primary().unit());
        assertEquals(1, run.trials().size());
        Trial t = run.trials().get(0);
        assertTrue(t.hasOps());
        assertEquals(12, t.iterations());
        assertTrue(t.metrics().containsKey(Metrics.HEAP));
        assertTrue(t.metrics().containsKey("root.decisionCache"));
        assertFalse(t.metrics().containsKey("gc.count"), "other profilers' metrics are scores only");
        assertEquals("B/op", run.secondary().get(Metrics.ALLOC).unit());
    }

    @Test
    void olderJmhDotPrefixedLabelsAreNormalised() throws Exception {
        RunSet set = Inputs.read(List.of(Fixtures.copy("jmh-old-dot.json", dir)));
        BenchmarkRun run = set.runs().iterator().next();
        assertTrue(run.secondary().containsKey("gc.alloc.rate.norm"), run.secondary().keySet().toString());
        assertTrue(run.trials().get(0).metrics().containsKey(Metrics.HEAP));
    }

    @Test
    void jmhCsvWithCrlfParamColumnsAndSecondaryRows() throws Exception {
        RunSet set = Inputs.read(List.of(Fixtures.copy("jmh.csv", dir)));
        assertEquals(2, set.runs().size());
        BenchmarkRun run = set.get(key("AuthorizationBenchmark.check", "fault=none;faultEvery=1000;target=embedded"));
        assertEquals(1201234.5, run.primary().value(), 1e-6);
        assertEquals(312.000123, run.secondary().get(Metrics.ALLOC).value(), 1e-9);
        BenchmarkRun expand = set.get(key("ExpandBenchmark.expand", "target=embedded"));
        assertTrue(Double.isNaN(expand.primary().error()), "NaN error bars are what JMH writes for one sample");
        assertEquals(8812.5, expand.secondary().get(Metrics.ALLOC).value(), 1e-9, "dot-prefixed CSV label");
        assertTrue(run.trials().isEmpty());
    }

    @Test
    void seriesCsvWithWarmupGapsAndClasses() throws Exception {
        RunSet set = Inputs.read(List.of(Fixtures.copy("series-leak.csv", dir), Fixtures.copy("series-leak.classes.csv", dir)));
        BenchmarkRun run = set.get(key("CacheEvictionBenchmark.churn", "fault=unbounded-cache;faultEvery=100"));
        Trial t = run.trials().get(0);
        assertEquals(25, t.iterations());
        assertTrue(t.warmup()[4] && !t.warmup()[5]);
        assertTrue(Double.isNaN(t.metrics().get("threads.live")[7]), "an empty cell is 'not measured'");
        assertEquals(4, run.classes().size());
        assertEquals(6_400_000, run.classes().get("dev.leakbench.engine.cache.DecisionKey").bytesDelta());
        assertTrue(set.warnings().stream().anyMatch(w -> w.contains("read automatically")), set.warnings().toString());
    }

    @Test
    void seriesFilesOfTheSameBenchmarkAreForks() throws Exception {
        RunSet set = Inputs.read(List.of(Fixtures.copy("series-plateau-fork1.csv", dir),
            Fixtures.copy("series-plateau-fork2.csv", dir)));
        assertEquals(2, set.runs().iterator().next().trials().size());
    }

    @Test
    void seriesReplaceTrialsFromJmhRawDataButScoresStay() throws Exception {
        Path json = Fixtures.copy("jmh-1.37.json", dir);
        String series = "benchmark,params,iteration,phase,ops.cumulative,heap.retained\n"
            + "dev.leakbench.benchmarks.AuthorizationBenchmark.check,fault=none;faultEvery=1000;target=embedded,1,warmup,5,100\n"
            + "dev.leakbench.benchmarks.AuthorizationBenchmark.check,fault=none;faultEvery=1000;target=embedded,1,measurement,10,100\n";
        RunSet set = Inputs.read(List.of(json, Fixtures.write(dir, "s.csv", series)));
        BenchmarkRun run = set.get(key("AuthorizationBenchmark.check", "fault=none;faultEvery=1000;target=embedded"));
        assertTrue(run.trialsFromSeries());
        assertEquals(1, run.trials().size());
        assertEquals(2, run.trials().get(0).iterations());
        assertNotNull(run.primary());
    }

    @Test
    void aGaugeNotMeasuredInAnIterationIsNaNInJmhJsonAndSkipped() throws Exception {
        Path file = Fixtures.copy("jmh-1.37.json", dir);
        String text = java.nio.file.Files.readString(file);
        int raw = text.indexOf("\"rawData\"", text.indexOf("\"threads.live\""));
        int start = raw;
        while (!Character.isDigit(text.charAt(start))) {
            start++;
        }
        int end = text.indexOf(',', start);
        java.nio.file.Files.writeString(file, text.substring(0, start) + "\"NaN\"" + text.substring(end));
        BenchmarkRun run = Inputs.read(List.of(file)).get(key("AuthorizationBenchmark.check",
            "fault=none;faultEvery=1000;target=embedded"));
        assertTrue(Double.isNaN(run.trials().get(0).metrics().get("threads.live")[0]));
    }

    @Test
    void paramsRoundTripWithEscapes() {
        Params p = Params.of(Map.of("b", "x;y=z%", "a", ""));
        assertEquals("a=;b=x%3By%3Dz%25", p.toString());
        assertEquals(p, Params.parse(p.toString()));
    }

    @Test
    void sizes() {
        assertEquals(4.0 * 1024 * 1024 * 1024, Quantities.parseBytes("4g"));
        assertEquals(256 * 1024, Quantities.parseBytes("256KiB"));
        assertEquals(1.5 * 1024 * 1024, Quantities.parseBytes("1.5 MB"));
        assertEquals("1.50 MiB", Quantities.bytes(1.5 * 1024 * 1024));
        assertArrayEquals(new String[]{"512 B"}, new String[]{Quantities.bytes(512)});
    }
}

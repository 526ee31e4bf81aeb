package dev.leakbench.analysis.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.testing.Fixtures;
import dev.leakbench.analysis.testing.JmhJson;
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
        BenchmarkRun run =
                set.get(key("AuthorizationBenchmark.check", "fault=unbounded-cache;faultEvery=1000;target=embedded"));
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
        assertTrue(
                run.secondary().containsKey("gc.alloc.rate.norm"),
                run.secondary().keySet().toString());
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
        RunSet set = Inputs.read(
                List.of(Fixtures.copy("series-leak.csv", dir), Fixtures.copy("series-leak.classes.csv", dir)));
        BenchmarkRun run = set.get(key("CacheEvictionBenchmark.churn", "fault=unbounded-cache;faultEvery=100"));
        Trial t = run.trials().get(0);
        assertEquals(25, t.iterations());
        assertTrue(t.warmup()[4] && !t.warmup()[5]);
        assertTrue(Double.isNaN(t.metrics().get("threads.live")[7]), "an empty cell is 'not measured'");
        assertEquals(4, run.classes().size());
        assertEquals(
                6_400_000,
                run.classes().get("dev.leakbench.engine.cache.DecisionKey").bytesDelta());
        assertTrue(
                set.warnings().stream().anyMatch(w -> w.contains("read automatically")),
                set.warnings().toString());
    }

    @Test
    void seriesFilesOfTheSameBenchmarkAreForks() throws Exception {
        RunSet set = Inputs.read(List.of(
                Fixtures.copy("series-plateau-fork1.csv", dir), Fixtures.copy("series-plateau-fork2.csv", dir)));
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
        BenchmarkRun run = Inputs.read(List.of(file))
                .get(key("AuthorizationBenchmark.check", "fault=none;faultEvery=1000;target=embedded"));
        assertTrue(Double.isNaN(run.trials().get(0).metrics().get("threads.live")[0]));
    }

    @Test
    void paramsRoundTripWithEscapes() {
        Params p = Params.of(Map.of("b", "x;y=z%", "c", "1"));
        assertEquals("b=x%3By%3Dz%25;c=1", p.toString());
        assertEquals(p, Params.parse(p.toString()));
    }

    @Test
    void anEmptyParameterIsNoParameterAsJmhCsvCannotTellThemApart() {
        Params json = Params.of(Map.of("target", "embedded", "targetOptions", ""));
        assertEquals("target=embedded", json.toString());
        assertEquals(json, Params.parse("target=embedded;targetOptions="), "series CSVs and old history lines");
        assertEquals(Params.NONE, Params.parse("targetOptions="));
        assertEquals(Params.NONE, Params.of(Map.of("targetOptions", "")));
    }

    /**
     * The CSV and the JSON of one JMH run: a benchmark with an empty parameter (targetOptions=), one
     * without some parameters of the other (empty cells in its Param: columns), one with a single
     * measurement iteration (NaN error bars), LeakProfiler and gc metrics as secondary rows.
     */
    @Test
    void jmhCsvAndJsonOfTheSameRunNameTheSameResultsWithTheSameScores() throws Exception {
        JmhJson j = new JmhJson();
        Map<String, String> withEmpty = new java.util.LinkedHashMap<>();
        withEmpty.put("fault", "none");
        withEmpty.put("target", "embedded");
        withEmpty.put("targetOptions", "");
        j.add("dev.x.AuthorizationBenchmark.check", withEmpty, new double[] {1201234, 1201235})
                .secondary("gc.alloc.rate.norm", "B/op", new double[] {312.25, 312.75})
                .secondary("gc.alloc.rate", "MB/sec", new double[] {357.5, 357.5})
                .secondary("heap.retained", "bytes", new double[] {67108864, 67109888})
                .secondary("threads.live", "threads", new double[] {19, 19});
        Map<String, String> withOptions = new java.util.LinkedHashMap<>(withEmpty);
        withOptions.put("targetOptions", "cacheCapacity=1000");
        j.add("dev.x.AuthorizationBenchmark.check", withOptions, new double[] {1100000.5, 1100001.5})
                .secondary("gc.alloc.rate.norm", "B/op", new double[] {320, 321});
        j.add("dev.x.ExpandBenchmark.expand", Map.of("target", "embedded"), new double[] {5321.25})
                .secondary("gc.alloc.rate.norm", "B/op", new double[] {8812.5});
        RunSet fromJson = Inputs.read(List.of(j.write(dir.resolve("run.json"))));
        String csvText = j.csv();
        assertTrue(csvText.contains(",embedded,\r\n"), "an empty targetOptions is an empty cell:\n" + csvText);
        RunSet fromCsv = Inputs.read(List.of(Fixtures.write(dir, "run.csv", csvText)));

        List<SeriesKey> jsonKeys =
                fromJson.runs().stream().map(BenchmarkRun::key).toList();
        List<SeriesKey> csvKeys = fromCsv.runs().stream().map(BenchmarkRun::key).toList();
        assertEquals(3, jsonKeys.size());
        assertEquals(jsonKeys, csvKeys);
        assertNotNull(fromCsv.get(
                new SeriesKey("dev.x.AuthorizationBenchmark.check", Params.parse("fault=none;target=embedded"))));
        for (SeriesKey k : jsonKeys) {
            BenchmarkRun a = fromJson.get(k);
            BenchmarkRun b = fromCsv.get(k);
            assertEquals(a.mode(), b.mode(), k.toString());
            assertEquals(a.threads(), b.threads(), k.toString());
            assertScore(a.primary(), b.primary(), k + " primary");
            assertEquals(a.secondary().keySet(), b.secondary().keySet(), k.toString());
            for (String m : a.secondary().keySet()) {
                assertScore(a.secondary().get(m), b.secondary().get(m), k + " " + m);
            }
        }
        assertTrue(
                Double.isNaN(fromCsv.get(new SeriesKey("dev.x.ExpandBenchmark.expand", Params.parse("target=embedded")))
                        .primary()
                        .error()),
                "one iteration: JMH writes NaN error bars, in both formats");
    }

    private static void assertScore(Score json, Score csv, String what) {
        assertEquals(json.value(), csv.value(), 0.0, what);
        assertEquals(Double.doubleToLongBits(json.error()), Double.doubleToLongBits(csv.error()), what + " error");
        assertEquals(json.unit(), csv.unit(), what);
    }

    @Test
    void sizes() {
        assertEquals(4.0 * 1024 * 1024 * 1024, Quantities.parseBytes("4g"));
        assertEquals(256 * 1024, Quantities.parseBytes("256KiB"));
        assertEquals(1.5 * 1024 * 1024, Quantities.parseBytes("1.5 MB"));
        assertEquals("1.50 MiB", Quantities.bytes(1.5 * 1024 * 1024));
        assertArrayEquals(new String[] {"512 B"}, new String[] {Quantities.bytes(512)});
    }
}

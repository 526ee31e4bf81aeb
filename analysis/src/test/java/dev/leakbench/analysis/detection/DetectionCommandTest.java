package dev.leakbench.analysis.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Attribution;
import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.Params;
import dev.leakbench.analysis.input.SeriesKey;
import dev.leakbench.analysis.testing.Cli;
import dev.leakbench.analysis.testing.JmhJson;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leakcheck detection} on small synthetic run directories: run.properties, a JMH JSON and a
 * LeakProfiler series CSV each, shaped like what {@code scripts/evaluate-detection run} leaves.
 */
class DetectionCommandTest {
    private static final int WARMUP = 3;
    private static final int MEASURED = 10;
    private static final double OPS_PER_ITERATION = 1e6;
    private static final double BASE = 64.0 * 1024 * 1024;

    @TempDir
    Path dir;

    /** One synthetic run: its properties, and per-iteration columns by metric name. */
    private final class RunDir {
        final String name;
        final Map<String, String> props = new LinkedHashMap<>();
        final Map<String, IntToDoubleFunction> columns = new LinkedHashMap<>();

        RunDir(String name, String benchmark, String fault, long every, long seed) {
            this.name = name;
            props.put("benchmark", benchmark);
            props.put("fault", fault);
            props.put("faultEvery", Long.toString(every));
            props.put("opsPerLeak", Long.toString(every));
            props.put("seed", Long.toString(seed));
            props.put("length", "quick");
            props.put("started", "2026-01-01T00:00:00Z");
            props.put("finished", "2026-01-01T00:00:20Z");
            props.put("exit", "0");
            Random noise = new Random(seed * 31 + every);
            double[] n = new double[WARMUP + MEASURED];
            for (int i = 0; i < n.length; i++) {
                n[i] = Math.rint(noise.nextGaussian() * 2048);
            }
            columns.put("heap.retained", i -> BASE + n[i]);
        }

        /** Heap growing {@code bytesPerOp} plus small noise. */
        RunDir heap(double bytesPerOp) {
            IntToDoubleFunction noise = columns.getOrDefault("heap.retained", i -> BASE);
            columns.put("heap.retained", i -> noise.applyAsDouble(i) + bytesPerOp * ops(i));
            return this;
        }

        /** A column growing {@code perOp} per operation from {@code start}. */
        RunDir linear(String metric, double start, double perOp) {
            columns.put(metric, i -> Math.rint(start + perOp * ops(i)));
            return this;
        }

        Path write() throws IOException {
            Path d = Files.createDirectories(dir.resolve("runs").resolve(name));
            StringBuilder p = new StringBuilder("# test run\n");
            props.forEach((k, v) -> p.append(k).append('=').append(v).append('\n'));
            Files.writeString(d.resolve("run.properties"), p.toString());
            String benchmark = "dev.leakbench.benchmarks." + props.get("benchmark") + ".check";
            Map<String, String> params = new LinkedHashMap<>();
            params.put("fault", props.get("fault"));
            params.put("faultEvery", props.get("faultEvery"));
            params.put("seed", props.get("seed"));
            double[] score = new double[MEASURED];
            Arrays.fill(score, OPS_PER_ITERATION);
            double[] alloc = new double[MEASURED];
            Arrays.fill(alloc, 240);
            JmhJson json = new JmhJson();
            json.add(benchmark, params, score).secondary("gc.alloc.rate.norm", "B/op", alloc);
            json.write(d.resolve("jmh.json"));
            StringBuilder csv = new StringBuilder("benchmark,params,iteration,phase,ops.cumulative");
            columns.keySet().forEach(c -> csv.append(',').append(c));
            csv.append('\n');
            String paramText = Params.of(params).toString();
            for (int i = 0; i < WARMUP + MEASURED; i++) {
                boolean warm = i < WARMUP;
                csv.append(benchmark)
                        .append(',')
                        .append(paramText)
                        .append(',')
                        .append(warm ? i + 1 : i - WARMUP + 1)
                        .append(',')
                        .append(warm ? "warmup" : "measurement")
                        .append(',')
                        .append((long) ops(i));
                for (IntToDoubleFunction f : columns.values()) {
                    csv.append(',').append((long) f.applyAsDouble(i));
                }
                csv.append('\n');
            }
            Files.writeString(
                    d.resolve(benchmark + "-thrpt_fault=" + props.get("fault") + "_seed=" + props.get("seed") + ".csv"),
                    csv.toString());
            Files.writeString(d.resolve("jmh.log"), "# JMH version: 1.37\n");
            return d;
        }
    }

    private static double ops(int iteration) {
        return OPS_PER_ITERATION * (iteration + 1);
    }

    private RunDir run(String name, String benchmark, String fault, long every, long seed) {
        return new RunDir(name, benchmark, fault, every, seed);
    }

    private Map<String, CSVRecord> rows(Path csv) throws IOException {
        Map<String, CSVRecord> out = new LinkedHashMap<>();
        for (CSVRecord r : CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(Files.readString(csv)))) {
            out.put(r.get("run"), r);
        }
        return out;
    }

    private Path standardRuns() throws IOException {
        // clean, flat: STABLE
        run("clean-1", "AuthorizationBenchmark", "none", 0, 1).write();
        // unbounded-cache: heap LEAK, its own root grows most -> named first
        run("cache-100", "AuthorizationBenchmark", "unbounded-cache", 100, 1)
                .heap(1.0)
                .linear("root.fault.unbounded-cache", 1000, 1.2)
                .linear("root.cache", 500_000, 0)
                .linear("gauge.fault.injected", 0, 0.01)
                .write();
        // listener-leak: heap LEAK, but another root grows more -> not the fault's own first
        run("listener-100", "MixedWorkloadBenchmark", "listener-leak", 100, 1)
                .heap(1.0)
                .linear("root.fault.listener-leak", 120, 0.5)
                .linear("root.cache", 500_000, 2.0)
                .linear("gauge.fault.injected", 0, 0.01)
                .write();
        // offheap-leak: only the fault's own counters grow -> unjudged, the heap stays the representative
        run("offheap-1e5", "AuthorizationBenchmark", "offheap-leak", 100_000, 1)
                .linear("gauge.fault.injected", 0, 0.5)
                .linear("gauge.fault.buffers.held.bytes", 0, 2048)
                .write();
        // watch-leak, frequent: heap and streams.open both LEAK -> the heap finding represents the run
        run("watch-100", "StreamingBenchmark", "watch-leak", 100, 1)
                .heap(2.0)
                .linear("root.fault.watch-leak", 4096, 2.0)
                .linear("gauge.streams.open", 0, 2e-6)
                .write();
        // watch-leak, rare: the heap is flat, streams.open still rises -> the gauge represents the run
        run("watch-1e5", "StreamingBenchmark", "watch-leak", 100_000, 1)
                .linear("root.fault.watch-leak", 4096, 0)
                .linear("gauge.streams.open", 0, 2e-6)
                .write();
        return dir.resolve("runs");
    }

    @Test
    void tabulatesEveryRunWithVerdictTruthAndAttribution() throws Exception {
        Path runs = standardRuns();
        Path out = dir.resolve("out");
        Cli.Run cli = Cli.run("detection", runs, "--out", out);
        assertEquals(0, cli.code(), cli.err() + cli.out());
        Map<String, CSVRecord> rows = rows(out.resolve("detection.csv"));
        assertEquals(6, rows.size(), rows.keySet().toString());
        for (String column : new String[] {
            "benchmark",
            "fault",
            "faultEvery",
            "seed",
            "ops",
            "verdict",
            "metric",
            "slopeBytesPerOp",
            "trueBytesPerOp",
            "attributedFirst",
            "length",
            "heapSlopeBytesPerOp",
            "detectableSlope",
            "detectableOpsPerObject",
            "firstNamed",
            "reason"
        }) {
            assertTrue(rows.get("clean-1").isMapped(column), column);
        }

        CSVRecord clean = rows.get("clean-1");
        assertEquals("STABLE", clean.get("verdict"));
        assertEquals("heap.retained", clean.get("metric"));
        assertEquals("", clean.get("attributedFirst"), "a clean run has no fault to attribute");
        assertEquals("", clean.get("trueBytesPerOp"));
        assertEquals("", clean.get("faultEvery"));

        CSVRecord cache = rows.get("cache-100");
        assertEquals("LEAK", cache.get("verdict"));
        assertEquals("heap.retained", cache.get("metric"));
        assertEquals("root:fault.unbounded-cache", cache.get("firstNamed"));
        assertEquals("true", cache.get("attributedFirst"));
        assertEquals(1.2, Double.parseDouble(cache.get("trueBytesPerOp")), 1e-6, "slope of root.fault.unbounded-cache");
        assertEquals(1.0, Double.parseDouble(cache.get("slopeBytesPerOp")), 0.01);
        assertEquals(1.0, Double.parseDouble(cache.get("heapSlopeBytesPerOp")), 0.01);
        assertEquals(MEASURED * OPS_PER_ITERATION, Double.parseDouble(cache.get("ops")), 0.5, "operations measured");
        assertEquals(
                MEASURED * OPS_PER_ITERATION * 0.01,
                Double.parseDouble(cache.get("leaks")),
                0.5,
                "gauge.fault.injected during the measurement");
        assertTrue(Double.parseDouble(cache.get("detectableSlope")) > 0);
        assertEquals(OPS_PER_ITERATION, Double.parseDouble(cache.get("opsPerSecond")), 1e-6);

        CSVRecord listener = rows.get("listener-100");
        assertEquals("LEAK", listener.get("verdict"));
        assertEquals("root:cache", listener.get("firstNamed"));
        assertEquals("false", listener.get("attributedFirst"));
        assertEquals(0.5, Double.parseDouble(listener.get("trueBytesPerOp")), 1e-6);

        CSVRecord offheap = rows.get("offheap-1e5");
        assertEquals("STABLE", offheap.get("verdict"), "gauge.fault.* are the faults' own counters: never judged");
        assertEquals("heap.retained", offheap.get("metric"));
        assertEquals("false", offheap.get("attributedFirst"));
        assertEquals("", offheap.get("firstNamed"));
        assertEquals("", offheap.get("trueBytesPerOp"), "no root.fault column");

        assertEquals("heap.retained", rows.get("watch-100").get("metric"), "a heap LEAK comes before a gauge LEAK");
        assertEquals("LEAK", rows.get("watch-100").get("verdict"));
        CSVRecord rare = rows.get("watch-1e5");
        assertEquals("LEAK", rare.get("verdict"));
        assertEquals("gauge.streams.open", rare.get("metric"));
        assertEquals("metric:gauge.streams.open", rare.get("firstNamed"));
        assertEquals("true", rare.get("attributedFirst"), "the resource metric that counts exactly the leaked streams");
        assertEquals("STABLE", rare.get("heapVerdict"));

        String summary = cli.out();
        assertTrue(summary.startsWith("## Detection: measured"), summary);
        assertTrue(summary.contains("| AuthorizationBenchmark | 1 | 0 | 0 | 0 | 1 | 0 |"), summary);
        assertTrue(summary.contains("| watch-leak (StreamingBenchmark) | 1/1 | 1/1 | 1/1e5 |"), summary);
        assertTrue(summary.contains("no false LEAK"), summary);
        assertEquals(summary, Files.readString(out.resolve("summary.md")));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg"), "the recall plot");
        assertFalse(html.contains("<script"), "no scripts");
        assertTrue(html.contains("root:fault.unbounded-cache"));
    }

    @Test
    void representativeFindingAndWhatItNamesFirst() {
        SeriesKey key = new SeriesKey("dev.x.B.m", Params.NONE);
        Finding heapStable = finding(key, "heap.retained", Verdict.STABLE, List.of());
        Finding faultCounter = finding(key, "gauge.fault.injected", Verdict.LEAK, List.of());
        Finding gaugeSuspect = finding(key, "gauge.streams.open", Verdict.SUSPECT, List.of());
        Finding classSuspect = finding(
                key,
                "class.dev.x.Leaked$Entry",
                Verdict.SUSPECT,
                List.of(new Attribution("root", "cache", 10, 1, 1, 0)));
        Finding gaugeLeak = finding(key, "buffers.direct", Verdict.LEAK, List.of());
        Finding heapLeak = finding(
                key,
                "heap.retained",
                Verdict.LEAK,
                List.of(
                        new Attribution("root", "fault.offheap-leak", 10, 1, 1, 0),
                        new Attribution("class", "x.Y", 5, 1, 1, 2)));

        assertEquals(
                heapStable,
                RunEvaluator.representative(List.of(heapStable, faultCounter)),
                "gauge.fault.* never represents a run");
        assertEquals(
                gaugeSuspect,
                RunEvaluator.representative(List.of(heapStable, gaugeSuspect, classSuspect)),
                "the first SUSPECT in the report's order (heap, resources, classes)");
        assertEquals(
                gaugeLeak,
                RunEvaluator.representative(List.of(heapStable, classSuspect, gaugeLeak)),
                "any LEAK before any SUSPECT");
        assertEquals(
                heapLeak,
                RunEvaluator.representative(List.of(heapLeak, gaugeLeak, classSuspect)),
                "the first LEAK in the report's order");

        Finding nested = finding(
                key,
                "heap.retained",
                Verdict.LEAK,
                List.of(
                        new Attribution("root", "store", 100, 1, 1, 0),
                        new Attribution("root", "fault.mvcc-history", 100.5, 1, 1, 0),
                        new Attribution("root", "engine", 60, 1, 1, 0)));
        assertEquals(
                List.of("root:store", "root:fault.mvcc-history"),
                RunEvaluator.firstNamedTied(nested),
                "nested roots growing by the same bytes are named first together; a smaller growth is not");

        assertEquals(
                "class:dev.x.Leaked$Entry", RunEvaluator.firstNamed(classSuspect), "a class finding names its class");
        assertEquals("root:fault.offheap-leak", RunEvaluator.firstNamed(heapLeak));
        assertEquals("metric:buffers.direct", RunEvaluator.firstNamed(gaugeLeak));
        assertEquals("", RunEvaluator.firstNamed(heapStable));

        assertTrue(GroundTruth.isOwn("offheap-leak", "root:fault.offheap-leak"));
        assertTrue(GroundTruth.isOwn("offheap-leak", "metric:buffers.direct"));
        assertTrue(GroundTruth.isOwn("offheap-leak", "class:java.nio.DirectByteBuffer"));
        assertTrue(GroundTruth.isOwn(
                "unbounded-cache", "class:dev.leakbench.workloads.fault.unboundedcache.LeakyRequestMemo$MemoKey"));
        assertFalse(
                GroundTruth.isOwn("unbounded-cache", "class:java.util.concurrent.ConcurrentHashMap$Node"),
                "generic containers are never the fault's own");
        assertFalse(GroundTruth.isOwn("unbounded-cache", "root:fault.listener-leak"), "another fault's root");
        assertFalse(GroundTruth.isOwn("unbounded-cache", "root:cache"));
        assertFalse(GroundTruth.isOwn("none", "root:fault.none"));
    }

    private static Finding finding(SeriesKey key, String metric, Verdict v, List<Attribution> attribution) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("reason", metric + " " + v);
        return new Finding(key, metric, v, 1.0, "B/op", null, 0.01, attribution, evidence, v == Verdict.LEAK, null);
    }

    @Test
    void reportEscapesEveryName() throws Exception {
        run("Auth<img src=x onerror=alert('x')>&\"", "AuthorizationBenchmark", "none", 0, 1)
                .write();
        Path out = dir.resolve("out");
        Cli.Run cli = Cli.run("detection", dir.resolve("runs"), "--out", out);
        assertEquals(0, cli.code(), cli.err());
        String html = Files.readString(out.resolve("report.html"));
        assertFalse(html.contains("<img"), "a name must not become markup");
        assertTrue(html.contains("Auth&lt;img src=x onerror=alert(&#39;x&#39;)&gt;&amp;&quot;"), html);
        assertFalse(Files.readString(out.resolve("detection.csv")).contains("&lt;"), "the CSV keeps the name as it is");
    }

    @Test
    void failedAndUnfinishedRuns() throws Exception {
        RunDir failed = run("failed", "ConnectionBenchmark", "connection-leak", 100, 1);
        failed.props.put("exit", "124");
        failed.write();
        RunDir unfinished = run("unfinished", "AuthorizationBenchmark", "none", 0, 2);
        unfinished.props.remove("finished");
        unfinished.props.remove("exit");
        unfinished.write();
        Path empty = Files.createDirectories(dir.resolve("runs").resolve("no-result"));
        Files.writeString(
                empty.resolve("run.properties"),
                "benchmark=ExpandBenchmark\nfault=none\nfaultEvery=0\nseed=3\n"
                        + "length=quick\nstarted=x\nfinished=y\nexit=0\n");
        Files.writeString(empty.resolve("jmh.log"), "# leakbench: SKIPPED expand: target 'jcasbin' has no expand\n");
        Files.writeString(empty.resolve("jmh.json"), "[]\n");
        Path out = dir.resolve("out");
        Cli.Run cli = Cli.run("detection", dir.resolve("runs"), "--out", out);
        assertEquals(0, cli.code(), cli.err());
        Map<String, CSVRecord> rows = rows(out.resolve("detection.csv"));
        assertEquals(List.of("no-result", "failed"), new ArrayList<>(rows.keySet()), "the unfinished run is left out");
        assertEquals("RUN_FAILED", rows.get("failed").get("verdict"));
        assertTrue(
                rows.get("failed").get("reason").contains("timed out"),
                rows.get("failed").get("reason"));
        assertEquals("NO_RESULT", rows.get("no-result").get("verdict"));
        assertTrue(
                rows.get("no-result").get("reason").contains("SKIPPED"),
                rows.get("no-result").get("reason"));
        assertTrue(cli.out().contains("unfinished: not finished"), cli.out());
    }

    @Test
    void aRunDirectoryWithoutRunPropertiesIsBadInput() throws Exception {
        run("ok", "AuthorizationBenchmark", "none", 0, 1).write();
        Path bare = Files.createDirectories(dir.resolve("runs").resolve("bare"));
        Cli.Run cli = Cli.run("detection", dir.resolve("runs"), "--out", dir.resolve("out"));
        assertEquals(2, cli.code());
        assertTrue(
                cli.err().contains(bare.resolve("run.properties").toString())
                        && cli.err().contains("no such file"),
                cli.err());
        assertFalse(Files.exists(dir.resolve("out").resolve("detection.csv")), "nothing written on bad input");
    }

    @Test
    void malformedRunPropertiesNameFileLineAndKey() throws Exception {
        RunDir bad = run("bad", "AuthorizationBenchmark", "unbounded-cache", 100, 1);
        bad.props.put("faultEvery", "lots");
        Path d = bad.write();
        Cli.Run cli = Cli.run("detection", dir.resolve("runs"));
        assertEquals(2, cli.code());
        assertTrue(
                cli.err().contains(d.resolve("run.properties") + ":4: field 'faultEvery': not a whole number"),
                cli.err());

        Files.writeString(
                d.resolve("run.properties"), "benchmark=AuthorizationBenchmark\nfault=none\nthis is not a property\n");
        cli = Cli.run("detection", dir.resolve("runs"));
        assertEquals(2, cli.code());
        assertTrue(cli.err().contains(d.resolve("run.properties") + ":3: expected key=value"), cli.err());

        Files.writeString(
                d.resolve("run.properties"), "benchmark=AuthorizationBenchmark\nfault=none\nseed=1\nlength=quick\n");
        cli = Cli.run("detection", dir.resolve("runs"));
        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("field 'faultEvery': missing"), cli.err());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, Cli.run("detection").code(), "RUNS is required");
        assertEquals(2, Cli.run("detection", dir.resolve("nowhere")).code());
        assertEquals(2, Cli.run("detection", dir).code(), "no run directories");
        Cli.Run help = Cli.run("detection", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes"), help.out());
    }

    @Test
    void summaryCountsTargetsAndFloors() {
        List<DetectionRow> rows = new ArrayList<>();
        for (int s = 1; s <= 20; s++) {
            rows.add(row("AuthorizationBenchmark", "none", 0, s, "quick", s == 7 ? "SUSPECT" : "STABLE", null));
        }
        for (long rate : new long[] {100, 1000, 100_000}) {
            for (int s = 1; s <= 2; s++) {
                boolean found = rate <= 1000 || s == 1;
                rows.add(row(
                        "AuthorizationBenchmark",
                        "unbounded-cache",
                        rate,
                        s,
                        "quick",
                        found ? "LEAK" : "STABLE",
                        found ? Boolean.TRUE : Boolean.FALSE));
            }
        }
        DetectionSummary sum = new DetectionSummary(rows, List.of());
        DetectionSummary.Clean clean = sum.clean().get(0);
        assertEquals(20, clean.runs());
        assertEquals(1, clean.suspect());
        assertEquals(1000, sum.smallestRateFound("unbounded-cache", "AuthorizationBenchmark", "quick"));
        DetectionSummary.Cell c = sum.cell("unbounded-cache", "AuthorizationBenchmark", "quick", 100_000);
        assertEquals(1, c.leak());
        assertEquals(2, c.runs());
        List<DetectionSummary.Target> t = sum.targets();
        assertEquals(Boolean.TRUE, t.get(0).met(), t.get(0).toString());
        assertEquals(Boolean.TRUE, t.get(1).met(), "1 SUSPECT in 20 is 5%: " + t.get(1));
        assertEquals(Boolean.FALSE, t.get(2).met(), t.get(2).toString());
        assertNull(t.get(3).met(), "no 5-minute runs: not measured");
        assertEquals(Boolean.TRUE, t.get(4).met(), t.get(4).toString());
    }

    @Test
    void recallByLeakedObjectsGivesTheFloorIndependentOfRate() {
        List<DetectionRow> rows = new ArrayList<>();
        // leaks made: 2 (missed), 3 (missed), 4 (found), 6 (found), 12 (found), 40 (found)
        double[] leaks = {2, 3, 4, 6, 12, 40};
        boolean[] found = {false, false, true, true, true, true};
        for (int i = 0; i < leaks.length; i++) {
            DetectionRow r = row(
                    "MixedWorkloadBenchmark",
                    "listener-leak",
                    100_000,
                    i + 1,
                    "quick",
                    found[i] ? "LEAK" : "STABLE",
                    found[i]);
            rows.add(new DetectionRow(
                    r.run(),
                    r.benchmark(),
                    r.fault(),
                    r.faultEvery(),
                    r.opsPerLeak(),
                    r.seed(),
                    r.length(),
                    r.ops(),
                    r.opsPerSecond(),
                    leaks[i],
                    r.verdict(),
                    r.metric(),
                    r.slope(),
                    r.slopeUnit(),
                    r.trueBytesPerOp(),
                    r.heapVerdict(),
                    r.heapSlope(),
                    r.detectableSlope(),
                    r.detectableOpsPerObject(),
                    r.firstNamed(),
                    r.attributedFirst(),
                    r.reason()));
        }
        DetectionSummary sum = new DetectionSummary(rows, List.of());
        DetectionSummary.ByLeaks b = sum.byLeaks().get(0);
        assertEquals("listener-leak", b.fault());
        assertEquals(4, b.fewestAlwaysFound(), "every run with >= 4 leaks was found, a run with 3 was not");
        assertEquals(3, b.mostMissed());
        assertEquals(1, b.runs()[1], "bin 1-2");
        assertEquals(0, b.leak()[1]);
        assertEquals(2, b.runs()[2], "bin 3-4");
        assertEquals(1, b.leak()[2]);
        assertEquals(1, b.runs()[3], "bin 5-9");
        assertEquals(1, b.leak()[4], "bin 10-19");
        assertEquals(1, b.leak()[5], "40 is in 20-49");
        assertEquals(0, b.runs()[6], "bin 50+ is empty");
        assertTrue(
                sum.targets().get(2).measured().contains("leaked 2, 3 objects"),
                sum.targets().get(2).measured());
        String md = new DetectionReport(sum).markdown();
        assertTrue(
                md.contains(
                        "| listener-leak (MixedWorkloadBenchmark) |  | 0/1 | 1/2 | 1/1 | 1/1 | 1/1 |  | 3 | 4 leaks |"),
                md);
    }

    private static DetectionRow row(
            String benchmark, String fault, long rate, long seed, String length, String verdict, Boolean own) {
        return new DetectionRow(
                benchmark + "__" + fault + "__" + rate + "__s" + seed + "__" + length,
                benchmark,
                fault,
                rate,
                rate,
                seed,
                length,
                4e6,
                4e5,
                rate == 0 ? Double.NaN : 4e6 / rate,
                verdict,
                "heap.retained",
                0.1,
                "B/op",
                0.1,
                verdict,
                0.1,
                0.06,
                1e6,
                own == null ? "" : "root:fault." + fault,
                fault.equals("none") ? null : own,
                "r");
    }
}

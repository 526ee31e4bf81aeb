package dev.leakbench.soak;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak runner end to end on the embedded engine, in seconds: the files it writes as it goes,
 * their formats (read back with HdrHistogram's and leakcheck's own readers), a clean stop on
 * request, usage errors, and a known leak showing up in the series.
 */
class SoakRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private SoakRun.Result soak(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--out", dir.toString(), "--quiet"));
        all.addAll(List.of(args));
        return new SoakRun(SoakOptions.parse(all.toArray(String[]::new)),
                new PrintStream(console, true, StandardCharsets.UTF_8)).run();
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void threeSecondSoakFlushesSamplesLatencyLogAndSeriesThatLeakcheckReads() throws Exception {
        SoakRun.Result r = soak("--duration", "3s", "--interval", "500ms", "--threads", "2");

        assertEquals(SoakRun.Outcome.COMPLETED, r.outcome(), console());
        SoakFiles.Csv samples = SoakFiles.csv(r.samples());
        assertEquals(SampleCsvWriter.FIXED_COLUMNS, samples.header().subList(0, SampleCsvWriter.FIXED_COLUMNS.size()),
                "samples.csv starts with the fixed columns");
        for (String c : List.of("threads.live", "metaspace", "buffers.direct", "gauge.cache.entries", "gauge.tuples.live")) {
            assertTrue(samples.header().contains(c), "samples.csv has column " + c + ": " + samples.header());
        }
        assertTrue(samples.rows().size() >= 2, "at least 2 interval rows, got " + samples.rows().size());
        assertEquals(r.operations(), samples.last("ops.cumulative"), "the last row's ops.cumulative is the run's operations");
        assertTrue(samples.last("heap.after_gc") > 0, "heap after GC read: " + samples.rows());

        long[] hlog = SoakFiles.hlogIntervalsAndCount(r.latencyLog());
        assertEquals(samples.rows().size(), hlog[0], "one latency-log line per sample row");
        assertEquals(r.operations(), hlog[1], "latency-log counts add up to the operations");

        SoakFiles.Csv series = SoakFiles.csv(r.series());
        assertEquals(List.of("benchmark", "params", "iteration", "phase", "ops.cumulative", "heap.retained"),
                series.header().subList(0, 6));
        assertEquals("soak.mixed", series.rows().get(0).get("benchmark"));
        assertEquals("fault=none;target=embedded;threads=2", series.rows().get(0).get("params"));
        assertEquals("warmup", series.rows().get(0).get("phase"), "the first interval is warmup");
        assertEquals("measurement", series.rows().get(series.rows().size() - 1).get("phase"));
        List<Finding> findings = SoakFiles.findings(r.series()); // throws on anything leakcheck would reject
        assertTrue(SoakFiles.finding(findings, "heap.retained").isPresent(), SoakFiles.describe(findings));
        assertTrue(Files.readString(r.summaryFile()).contains("ended:       completed"), Files.readString(r.summaryFile()));
    }

    @Test
    void stopRequestEndsTheRunWithSummaryAndClosedFiles() throws Exception {
        SoakRun run = new SoakRun(SoakOptions.parse("--out", dir.toString(), "--quiet", "--duration", "1h",
                "--interval", "200ms", "--scenario", "authorization-stress"),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        CompletableFuture<SoakRun.Result> result = CompletableFuture.supplyAsync(() -> {
            try {
                return run.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path samplesFile = dir.resolve("samples.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while ((!Files.exists(samplesFile) || Files.readAllLines(samplesFile).size() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        run.requestStop(); // what the shutdown hook does on SIGTERM
        assertTrue(run.awaitFinished(Duration.ofSeconds(20)), "the run finishes after a stop request");
        SoakRun.Result r = result.get(1, TimeUnit.SECONDS);

        assertEquals(SoakRun.Outcome.STOPPED, r.outcome(), console());
        String summary = Files.readString(r.summaryFile());
        assertTrue(summary.contains("stopped on request") && summary.contains("soak.authorization-stress"), summary);
        SoakFiles.Csv samples = SoakFiles.csv(r.samples());
        assertTrue(samples.rows().stream().allMatch(row -> row.size() == samples.header().size()),
                "every sample row is complete");
        assertEquals(r.operations(), samples.last("ops.cumulative"), "the partial last interval is recorded");
        assertEquals(r.operations(), SoakFiles.hlogIntervalsAndCount(r.latencyLog())[1], "the latency log is complete");
        SoakFiles.findings(r.series());
    }

    @Test
    void badDurationIsAUsageErrorThatSaysWhatIsAccepted() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SoakRunner.execute(new String[] {"--duration", "3x", "--out", dir.toString()},
                new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(SoakRunner.USAGE, code, message);
        assertTrue(message.contains("--duration") && message.contains("'3x' is not a duration") && message.contains("1h30m"),
                message);
    }

    @Test
    void durationsParseAsPeopleWriteThem() {
        assertEquals(Duration.ofSeconds(30), SoakDuration.parse("30s"));
        assertEquals(Duration.ofHours(24), SoakDuration.parse("24h"));
        assertEquals(Duration.ofMinutes(90), SoakDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(250), SoakDuration.parse("250ms"));
        for (String bad : List.of("", "30", "h", "1m1h", "0s", "-5s", "1.5h", "2 h")) {
            try {
                SoakDuration.parse(bad);
                throw new AssertionError("'" + bad + "' must be rejected");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("'" + bad + "'"), expected.getMessage());
            }
        }
        assertEquals("1h30m", SoakDuration.format(Duration.ofMinutes(90)));
    }

    /**
     * A fresh JVM with a small young generation, so that collections (and with them heap-after-GC
     * readings) come several times a second and the leak shows in a few seconds.
     */
    @Test
    void unboundedCacheFaultRaisesHeapAfterGcAndLeakcheckSaysLeak() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-Xmn8m", "-cp", System.getProperty("java.class.path"),
                SoakRunner.class.getName(), "--duration", "6s", "--interval", "500ms", "--warmup", "1s",
                "--fault", "unbounded-cache", "--fault-every", "1", "--out", dir.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the soak ends within a minute");
        String output = Files.readString(dir.resolve("console.txt"));
        assertEquals(0, p.exitValue(), output);

        SoakFiles.Csv series = SoakFiles.csv(SoakSeries.csv(dir));
        List<Long> heap = series.rows().stream().filter(r -> r.get("phase").equals("measurement"))
                .map(r -> Long.parseLong(r.get("heap.retained"))).toList();
        assertTrue(heap.get(heap.size() - 1) - heap.get(0) > 2L << 20,
                "heap after GC must rise by more than 2 MiB with a memo entry leaked per operation: " + heap
                        + File.separator + output);
        List<Finding> findings = SoakFiles.findings(SoakSeries.csv(dir));
        Finding h = SoakFiles.finding(findings, "heap.retained").orElseThrow();
        assertEquals(Verdict.LEAK, h.verdict(), "heap.retained " + heap + System.lineSeparator() + SoakFiles.describe(findings));
    }
}

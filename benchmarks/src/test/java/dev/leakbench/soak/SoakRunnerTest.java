package dev.leakbench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.Verdict;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak runner end to end on the embedded engine, in seconds: the files it writes as it goes,
 * their formats (read back with HdrHistogram's and leakcheck's own readers), a clean stop on
 * request, usage errors, and a known leak showing up in the series.
 */
class SoakRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private SoakRun.Result soak(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--out", dir.toString(), "--quiet"));
        all.addAll(List.of(args));
        return new SoakRun(
                        SoakOptions.parse(all.toArray(String[]::new)),
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        new PrintStream(errors, true, StandardCharsets.UTF_8))
                .run();
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8) + System.lineSeparator() + "stderr:" + System.lineSeparator()
                + errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void threeSecondSoakFlushesSamplesLatencyLogAndSeriesThatLeakcheckReads() throws Exception {
        SoakRun.Result r = soak("--duration", "3s", "--interval", "500ms", "--threads", "2");

        assertEquals(SoakRun.Outcome.COMPLETED, r.outcome(), console());
        SoakFiles.Csv samples = SoakFiles.csv(r.samples());
        assertEquals(
                SampleCsvWriter.FIXED_COLUMNS,
                samples.header().subList(0, SampleCsvWriter.FIXED_COLUMNS.size()),
                "samples.csv starts with the fixed columns");
        for (String c :
                List.of("threads.live", "metaspace", "buffers.direct", "gauge.cache.entries", "gauge.tuples.live")) {
            assertTrue(samples.header().contains(c), "samples.csv has column " + c + ": " + samples.header());
        }
        assertTrue(
                samples.rows().size() >= 2,
                "at least 2 interval rows, got " + samples.rows().size());
        assertEquals(
                r.operations(),
                samples.last("ops.cumulative"),
                "the last row's ops.cumulative is the run's operations");
        assertTrue(samples.last("heap.after_gc") > 0, "heap after GC read: " + samples.rows());

        long[] hlog = SoakFiles.hlogIntervalsAndCount(r.latencyLog());
        assertEquals(samples.rows().size(), hlog[0], "one latency-log line per sample row");
        assertEquals(r.operations(), hlog[1], "latency-log counts add up to the operations");

        SoakFiles.Csv series = SoakFiles.csv(r.series());
        assertEquals(
                List.of("benchmark", "params", "iteration", "phase", "ops.cumulative", "heap.retained"),
                series.header().subList(0, 6));
        assertEquals("soak.mixed", series.rows().get(0).get("benchmark"));
        assertEquals(
                "fault=none;target=embedded;threads=2", series.rows().get(0).get("params"));
        assertEquals("warmup", series.rows().get(0).get("phase"), "the first interval is warmup");
        assertEquals("measurement", series.rows().get(series.rows().size() - 1).get("phase"));
        List<Finding> findings = SoakFiles.findings(r.series()); // throws on anything leakcheck would reject
        assertTrue(SoakFiles.finding(findings, "heap.retained").isPresent(), SoakFiles.describe(findings));
        String summary = Files.readString(r.summaryFile());
        assertTrue(summary.contains("ended:       completed"), summary);
        assertTrue(
                summary.contains("load:        closed loop (no --rate)") && summary.contains("rate held:   n/a"),
                "no --rate is a closed loop, and the summary says so: " + summary);
        assertTrue(
                samples.rows().stream()
                        .allMatch(row -> row.get("rate.held").isEmpty()
                                && row.get("schedule.late").isEmpty()),
                "the schedule columns are empty in a closed loop");
        assertEquals("", errors.toString(StandardCharsets.UTF_8), "no warning on stderr");
    }

    /**
     * An open loop at a rate the embedded engine keeps easily: the schedule bounds the operations
     * (never more than rate x time), and the schedule columns, summary and latency log say open loop.
     * Whether this machine held the rate is not asserted (it is shared); that the columns agree is.
     */
    @Test
    void openLoopSoakStartsOperationsAtTheRateAndReportsTheSchedule() throws Exception {
        SoakRun.Result r = soak(
                "--duration",
                "3s",
                "--interval",
                "500ms",
                "--threads",
                "2",
                "--rate",
                "400/s",
                "--scenario",
                "authorization-stress");

        assertEquals(SoakRun.Outcome.COMPLETED, r.outcome(), console());
        SoakFiles.Csv samples = SoakFiles.csv(r.samples());
        double elapsed =
                Double.parseDouble(samples.rows().get(samples.rows().size() - 1).get("elapsed.s"));
        assertTrue(
                r.operations() <= 400 * elapsed + 2,
                "an open loop never runs ahead of its schedule: " + r.operations() + " operations in " + elapsed
                        + " s at 400/s");
        assertTrue(
                r.operations() >= 400 * elapsed / 4,
                "and runs the schedule: " + r.operations() + " in " + elapsed + " s");
        for (var row : samples.rows()) {
            long late = Long.parseLong(row.get("schedule.late"));
            String held = row.get("rate.held");
            assertTrue(held.equals("true") || held.equals("false"), row.toString());
            // starts and completions of an interval differ by the operations in flight at its ends (2 threads)
            assertTrue(
                    held.equals("false") || late <= 0.01 * (Long.parseLong(row.get("ops")) + 2),
                    "held means at most 1% of the starts late: " + row);
            assertTrue(
                    row.get("schedule.lag.max.us").isEmpty() || Double.parseDouble(row.get("schedule.lag.max.us")) >= 0,
                    row.toString());
        }
        assertEquals(r.operations(), SoakFiles.hlogIntervalsAndCount(r.latencyLog())[1], "the latency log is complete");
        assertTrue(
                Files.readString(r.latencyLog()).contains("from each operation's intended start (open loop at 400/s)"));
        SoakFiles.Csv series = SoakFiles.csv(r.series());
        assertEquals(
                "fault=none;rate=400;target=embedded;threads=2",
                series.rows().get(0).get("params"));
        String summary = Files.readString(r.summaryFile());
        assertTrue(summary.contains("load:        open loop at 400/s in all (200/s per thread, 2 threads)"), summary);
        assertTrue(summary.contains("rate held:   yes: ") || summary.contains("rate held:   NO: "), summary);
        assertTrue(console().contains("# soak: load       open loop at 400/s"), console());
    }

    /**
     * A rate no target reaches (10^8/s on one thread): every interval and the run say the rate was
     * not held, on stderr, in summary.txt and in samples.csv.
     */
    @Test
    void aRateTheTargetCannotSustainIsAWarningOnStderrInTheSummaryAndInEverySample() throws Exception {
        SoakRun.Result r = soak(
                "--duration",
                "2s",
                "--interval",
                "500ms",
                "--warmup",
                "500ms",
                "--threads",
                "1",
                "--rate",
                "100000000/s",
                "--scenario",
                "authorization-stress");

        assertEquals(SoakRun.Outcome.COMPLETED, r.outcome(), console());
        String stderr = errors.toString(StandardCharsets.UTF_8);
        assertTrue(
                stderr.contains(
                        "# soak: WARNING rate 100,000,000/s not held in the interval ending 00:00:00 (warmup): "),
                "the first interval that misses the rate is warned about at once: " + stderr);
        assertTrue(
                stderr.contains("# soak: WARNING rate 100,000,000/s not held: "), "and the run at its end: " + stderr);
        String summary = Files.readString(r.summaryFile());
        assertTrue(summary.contains("rate held:   NO: "), summary);
        assertTrue(summary.contains("starts due but never issued when the run stopped"), summary);
        SoakFiles.Csv samples = SoakFiles.csv(r.samples());
        assertTrue(
                samples.rows().stream()
                        .allMatch(row ->
                                row.get("rate.held").equals("false") && Long.parseLong(row.get("schedule.late")) > 0),
                "every interval missed the rate");
    }

    @Test
    void aBadRateIsAUsageErrorThatSaysWhatIsAccepted() {
        for (String bad : List.of("0", "0/s", "-5", "abc", "5000/m", "")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SoakRunner.execute(
                    new String[] {"--rate", bad, "--out", dir.toString()},
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    false);
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(SoakRunner.USAGE, code, "--rate '" + bad + "': " + message);
            assertTrue(
                    message.contains("--rate") && message.contains("'" + bad + "'") && message.contains("5000/s"),
                    "--rate '" + bad + "': " + message);
        }
    }

    @Test
    void helpSaysClosedLoopIsTheDefaultAndWhatRateDoes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SoakRunner.execute(
                new String[] {"--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8),
                false);
        String help = out.toString(StandardCharsets.UTF_8);
        assertEquals(SoakRunner.OK, code, help);
        assertTrue(help.contains("--rate=N/s") && help.contains("Default: none, a closed loop"), help);
        assertTrue(help.contains("coordinated omission"), help);
    }

    @Test
    void stopRequestEndsTheRunWithSummaryAndClosedFiles() throws Exception {
        SoakRun run = new SoakRun(
                SoakOptions.parse(
                        "--out",
                        dir.toString(),
                        "--quiet",
                        "--duration",
                        "1h",
                        "--interval",
                        "200ms",
                        "--scenario",
                        "authorization-stress"),
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
        while ((!Files.exists(samplesFile) || Files.readAllLines(samplesFile).size() < 3)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        run.requestStop(); // what the shutdown hook does on SIGTERM
        assertTrue(run.awaitFinished(Duration.ofSeconds(20)), "the run finishes after a stop request");
        SoakRun.Result r = result.get(1, TimeUnit.SECONDS);

        assertEquals(SoakRun.Outcome.STOPPED, r.outcome(), console());
        String summary = Files.readString(r.summaryFile());
        assertTrue(summary.contains("stopped on request") && summary.contains("soak.authorization-stress"), summary);
        SoakFiles.Csv samples = SoakFiles.csv(r.samples());
        assertTrue(
                samples.rows().stream()
                        .allMatch(row -> row.size() == samples.header().size()),
                "every sample row is complete");
        assertEquals(r.operations(), samples.last("ops.cumulative"), "the partial last interval is recorded");
        assertEquals(r.operations(), SoakFiles.hlogIntervalsAndCount(r.latencyLog())[1], "the latency log is complete");
        SoakFiles.findings(r.series());
    }

    @Test
    void badDurationIsAUsageErrorThatSaysWhatIsAccepted() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SoakRunner.execute(
                new String[] {"--duration", "3x", "--out", dir.toString()},
                new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(SoakRunner.USAGE, code, message);
        assertTrue(
                message.contains("--duration")
                        && message.contains("'3x' is not a duration")
                        && message.contains("1h30m"),
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
        List<String> cmd = List.of(
                java,
                "-Xmx256m",
                "-Xmn8m",
                "-cp",
                System.getProperty("java.class.path"),
                SoakRunner.class.getName(),
                "--duration",
                "6s",
                "--interval",
                "500ms",
                "--warmup",
                "1s",
                "--fault",
                "unbounded-cache",
                "--fault-every",
                "1",
                "--out",
                dir.toString());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the soak ends within a minute");
        String output = Files.readString(dir.resolve("console.txt"));
        assertEquals(0, p.exitValue(), output);

        SoakFiles.Csv series = SoakFiles.csv(SoakSeries.csv(dir));
        List<Long> heap = series.rows().stream()
                .filter(r -> r.get("phase").equals("measurement"))
                .map(r -> Long.parseLong(r.get("heap.retained")))
                .toList();
        assertTrue(
                heap.get(heap.size() - 1) - heap.get(0) > 2L << 20,
                "heap after GC must rise by more than 2 MiB with a memo entry leaked per operation: " + heap
                        + File.separator + output);
        List<Finding> findings = SoakFiles.findings(SoakSeries.csv(dir));
        Finding h = SoakFiles.finding(findings, "heap.retained").orElseThrow();
        assertEquals(
                Verdict.LEAK,
                h.verdict(),
                "heap.retained " + heap + System.lineSeparator() + SoakFiles.describe(findings));
    }
}

package dev.leakbench.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script exits that need the packaged jars (benchmarks.jar and leakcheck.jar, so they run in the
 * benchmarks-jar-test execution after package): a --benchmarks pattern that matches nothing, a JMH
 * that fails, a soak runner's own usage error, and a soak JVM killed mid-run. Each JMH run is a
 * failing one of a few seconds (no flock of its own: the build that runs it may hold the JMH lock); no
 * test runs a benchmark for real.
 */
class ScriptsJarIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void afterPackage() {
        // set by the benchmarks-jar-test execution; elsewhere (a -Dtest run in the test phase) the jars may be stale
        assumeTrue(System.getProperty("benchmarks.jar") != null, "runs after package (benchmarks-jar-test execution)");
        Path root = Scripts.root();
        assertTrue(Files.isRegularFile(root.resolve("benchmarks/target/benchmarks.jar")), "benchmarks.jar packaged");
        assertTrue(Files.isRegularFile(root.resolve("analysis/target/leakcheck.jar")), "leakcheck.jar packaged");
    }

    @Test
    void aBenchmarksPatternThatMatchesNothingIsExit2BeforeTheRun() {
        Path out = dir.resolve("out");
        Scripts.Result r = Scripts.run(
                Map.of(),
                Duration.ofSeconds(60),
                List.of(
                        "scripts/leak-check",
                        "--no-build",
                        "--out",
                        out.toString(),
                        "--benchmarks",
                        "NoSuchBenchmark"));

        assertEquals(2, r.exit(), r.toString());
        assertEquals(
                List.of(
                        "leak-check: --benchmarks: 'NoSuchBenchmark' matches no benchmark in "
                                + "benchmarks/target/benchmarks.jar (java -jar benchmarks/target/benchmarks.jar -l lists them)"),
                r.stderrLines());
        assertFalse(Files.exists(out.resolve("jmh.log")), "JMH did not run: " + r);
    }

    @Test
    void nightlyLeavesTheHistoryAloneWhenTheSuiteCannotRun() throws IOException {
        Path history = Files.writeString(dir.resolve("history.csv"), "untouched\n");
        Scripts.Result r = Scripts.run(
                Map.of(),
                Duration.ofSeconds(60),
                List.of(
                        "scripts/nightly",
                        "--no-build",
                        "--out",
                        dir.resolve("night").toString(),
                        "--history",
                        history.toString(),
                        "--benchmarks",
                        "NoSuchBenchmark"));

        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("--benchmarks: 'NoSuchBenchmark' matches no benchmark"), r.toString());
        assertTrue(
                r.stderr().contains("nightly: the leak suite did not produce results (exit 2); history left as it is"),
                r.toString());
        assertEquals("untouched\n", Files.readString(history));
    }

    @Test
    void aHeapLeakIsTracedToItsFieldByARunWithHeapDumps() throws IOException {
        Path out = dir.resolve("traced");
        // JMH's own lock is ignored as in the test below: the build running this holds the project's lock
        Scripts.Result r = Scripts.run(
                Map.of("JAVA_TOOL_OPTIONS", "-Djmh.ignoreLock=true"),
                Duration.ofMinutes(4),
                List.of(
                        "scripts/leak-check",
                        "--no-build",
                        "--out",
                        out.toString(),
                        "--benchmarks",
                        "AuthorizationBenchmark\\.check$",
                        "--fault",
                        "unbounded-cache",
                        "--iterations",
                        "6",
                        "--time",
                        "300ms",
                        "--jmh",
                        "-p users=500"));

        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.stdout().contains("== leak traces: 1 benchmark/parameter set(s) again with heap dumps"),
                r.toString());
        // the set's parameters come from trace-targets.tsv; --jmh's -p again would make JMH run it twice
        List<String> traceLog = Files.readAllLines(out.resolve("trace/jmh.log"));
        assertEquals(
                1, traceLog.stream().filter(l -> l.startsWith("# Benchmark: ")).count(), String.join("\n", traceLog));
        assertTrue(
                traceLog.stream().anyMatch(l -> l.startsWith("# Parameters: ") && l.contains("users = 500")),
                String.join("\n", traceLog));
        assertTrue(
                r.stdout()
                        .contains("leak trace: JMH @State dev.leakbench.benchmarks.AuthorizationBenchmark -> fixture "
                                + "(TrialFixture) -> target (FaultInjectingTarget) -> fault (LeakyRequestMemo) -> memo "
                                + "(ConcurrentHashMap) -> table[] -> +"),
                r.toString());
        assertTrue(Files.readString(out.resolve("findings.json")).contains("\"leakTrace\""), "findings.json has it");
        assertTrue(Files.readString(out.resolve("report.html")).contains("<div class=\"trace\">"), "report.html too");
        assertFalse(Files.exists(out.resolve("trace-targets.tsv")), "traced, nothing is left to list");
        try (var files = Files.walk(out)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.toString().endsWith(".hprof")).toList(),
                    "no dump left");
        }
    }

    @Test
    void profileKeepsTheHeapDumpOfALeakAndTracesIt() throws IOException {
        Path out = dir.resolve("profile");
        Scripts.Result r = Scripts.run(
                Map.of("JAVA_TOOL_OPTIONS", "-Djmh.ignoreLock=true"),
                Duration.ofMinutes(4),
                List.of(
                        "scripts/profile",
                        "--no-build",
                        "--out",
                        out.toString(),
                        "--benchmarks",
                        "AuthorizationBenchmark\\.check$",
                        "--fault",
                        "unbounded-cache",
                        "--iterations",
                        "6",
                        "--time",
                        "300ms",
                        "--heap",
                        "512m"));

        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stdout().contains("1 heap dump(s) kept"), r.toString());
        try (var files = Files.list(out)) {
            List<Path> kept = files.filter(f -> f.toString().endsWith(".hprof")).toList();
            assertEquals(1, kept.size(), "the dump for Eclipse MAT, and none of the trace's: " + kept);
            assertTrue(kept.get(0).getFileName().toString().endsWith("_users=1000.hprof"), kept.toString());
        }
        assertTrue(
                r.stdout().contains("fault (LeakyRequestMemo) -> memo (ConcurrentHashMap) -> table[] -> +"),
                r.toString());
    }

    @Test
    void aTrialJmhCannotStartIsExit2WithJmhsOwnError() throws IOException {
        Path out = dir.resolve("failed");
        // documents=0 passes every check of the script and fails the trial's setup in the fork
        // no flock here: the trial fails in its setup within seconds, and this test runs inside builds that
        // already hold /tmp/leakbench-jmh.lock (flock ... mvn verify): taking it again would wait for itself
        Scripts.Result r = Scripts.run(
                Map.of("JAVA_TOOL_OPTIONS", "-Djmh.ignoreLock=true"),
                Duration.ofMinutes(3),
                List.of(
                        "scripts/leak-check",
                        "--no-build",
                        "--out",
                        out.toString(),
                        "--benchmarks",
                        "AuthorizationBenchmark",
                        "--iterations",
                        "1",
                        "--time",
                        "100ms",
                        "--jmh",
                        "-p documents=0"));

        assertEquals(2, r.exit(), r.toString());
        List<String> log = Files.readAllLines(out.resolve("jmh.log"));
        int failure = -1;
        for (int i = 0; i < log.size() && failure < 0; i++) {
            if (log.get(i).contains("<failure>")) {
                failure = i;
            }
        }
        assertTrue(failure >= 0, "JMH reported a failure:\n" + String.join("\n", log));
        String error = log.stream()
                .skip(failure + 1)
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElseThrow();
        assertTrue(
                r.stderr().contains("leak-check: JMH could not run AuthorizationBenchmark.check (documents = 0")
                        && r.stderr().contains(error),
                "stderr shows JMH's error '" + error + "': " + r);
        assertFalse(
                r.stdout().contains("== findings") || r.stderr().contains("holds no benchmark results"),
                "leakcheck is not run on an empty result: " + r);
    }

    @Test
    void aJmhOptionJmhRefusesIsExit2WithJmhsMessage() {
        // JMH refuses its command line before it takes its lock or forks: no benchmark runs, no flock needed
        Scripts.Result r = Scripts.run(
                Map.of(),
                Duration.ofSeconds(60),
                List.of(
                        "scripts/leak-check",
                        "--no-build",
                        "--out",
                        dir.resolve("bad-jmh").toString(),
                        "--benchmarks",
                        "AuthorizationBenchmark",
                        "--jmh",
                        "-nosuchjmhoption 1"));

        assertEquals(2, r.exit(), r.toString());
        assertTrue(
                r.stderr().contains("leak-check: JMH failed (exit 1): error parsing the command line: "), r.toString());
    }

    @Test
    void aSoakRunnerUsageErrorStaysExit2() {
        Scripts.Result r = Scripts.run(
                Map.of("SOAK_JAVA_OPTS", "-Xms128m -Xmx128m"),
                Duration.ofSeconds(60),
                List.of(
                        "scripts/soak",
                        "--duration",
                        "2s",
                        "--documents",
                        "100",
                        "--users",
                        "100",
                        "--quiet",
                        "--target-option",
                        "noSuchOption=1",
                        "--out",
                        dir.resolve("soak-usage").toString()));

        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("noSuchOption"), "the runner's own message: " + r);
        assertTrue(r.stderr().contains("soak: the runner exited with 2 before recording any interval"), r.toString());
    }

    @Test
    void aSoakKilledMidRunIsJudgedOnWhatItRecordedWithLeakchecksExitCode() throws Exception {
        Path out = dir.resolve("soak-killed");
        Process p = Scripts.bash(
                        Map.of("SOAK_JAVA_OPTS", "-Xms256m -Xmx256m"),
                        List.of(
                                "scripts/soak",
                                "--duration",
                                "30s",
                                "--interval",
                                "200ms",
                                "--warmup",
                                "200ms",
                                "--documents",
                                "100",
                                "--users",
                                "100",
                                "--quiet",
                                "--out",
                                out.toString()))
                .start();
        var stdout = Scripts.drain(p.getInputStream());
        var stderr = Scripts.drain(p.getErrorStream());
        Path series = out.resolve("series.csv");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && p.isAlive() && !(Files.exists(series) && dataRows(series) >= 9)) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "soak ended before it was killed:\n" + stdout.getNow("") + stderr.getNow(""));
        List<ProcessHandle> jvm = p.descendants()
                .filter(h -> h.info().command().orElse("").endsWith("java"))
                .toList();
        assertEquals(1, jvm.size(), "one soak JVM under scripts/soak: " + jvm);
        assertTrue(jvm.get(0).destroyForcibly(), "SIGKILL sent");
        Scripts.Result r = Scripts.finish(p, Duration.ofSeconds(30), List.of("scripts/soak"), stdout, stderr);
        int rows = dataRows(series);

        assertTrue(
                r.stderr()
                        .contains("soak: the run was cut short: the runner exited with 137 (killed by SIGKILL) after "
                                + "recording "),
                r.toString());
        assertTrue(Files.isRegularFile(out.resolve("findings.md")), "leakcheck judged the series: " + r);
        // the exit is leakcheck's on the same rows, not the runner's 137
        Scripts.Result leakcheck = Scripts.run(
                Map.of(),
                Duration.ofSeconds(60),
                List.of(
                        "-c",
                        "exec java -jar analysis/target/leakcheck.jar findings --out \"$1\" \"$2\"",
                        "leakcheck",
                        dir.resolve("again").toString(),
                        series.toString()));
        assertTrue(rows >= 9 && leakcheck.exit() <= 2, rows + " rows; " + leakcheck);
        assertEquals(leakcheck.exit(), r.exit(), r + "\n--- leakcheck alone:\n" + leakcheck);
        assertNotEquals(137, r.exit());
    }

    /** The rows of a series CSV: its lines less the format line and the header. */
    private static int dataRows(Path series) throws IOException {
        return (int) Files.readAllLines(series).stream()
                        .filter(l -> !l.startsWith("#"))
                        .count()
                - 1;
    }
}

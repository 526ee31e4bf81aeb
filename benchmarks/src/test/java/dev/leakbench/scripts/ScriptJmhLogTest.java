package dev.leakbench.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How scripts/leak-check and scripts/profile read JMH's log after the run (scripts/lib/jmh.sh,
 * judge_jmh_run and final_exit_code), on logs JMH 1.37 wrote: a trial that failed to start ends in
 * exit 2 with JMH's own error line, not in leakcheck's "no benchmark results"; a benchmark the target
 * cannot run is a skip, not an error; a JMH command-line error is exit 2 with JMH's message.
 */
class ScriptJmhLogTest {

    @TempDir
    Path out;

    /** Lays out OUT/jmh.log (and OUT/jmh.json) from the fixture and judges them as leak-check does. */
    private Scripts.Result judge(String fixture, boolean withJson, int jmhExit, int leakcheckExit) throws IOException {
        copy(fixture + ".log", out.resolve("jmh.log"));
        if (withJson) {
            copy(fixture + ".json", out.resolve("jmh.json"));
        }
        String script = "PROG=leak-check; . scripts/lib/options.sh; . scripts/lib/jmh.sh\n"
                + "judge_jmh_run \"$1\" \"$2\"\n"
                + "echo \"failed=$JMH_FAILED\"\n"
                + "echo \"exit=$(final_exit_code \"$3\")\"\n";
        return Scripts.run(
                Map.of(),
                Duration.ofSeconds(30),
                List.of("-c", script, "judge", String.valueOf(jmhExit), out.toString(), String.valueOf(leakcheckExit)));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = ScriptJmhLogTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, "test resource " + resource);
            Files.write(to, in.readAllBytes());
        }
    }

    @Test
    void aTrialThatFailedToStartIsExit2WithJmhsErrorNotAnEmptyResultForLeakcheck() throws IOException {
        Scripts.Result r = judge("jmh-setup-failed", true, 0, 0);

        assertEquals(2, r.exit(), r.toString());
        assertTrue(
                r.stderr()
                        .contains("leak-check: JMH could not run AuthorizationBenchmark.check (documents = 0, "
                                + "fault = none, faultEvery = 100, seed = 42, target = embedded, targetOptions = , users = 1000): "
                                + "java.util.NoSuchElementException"),
                "names the trial and JMH's first error line: " + r);
        assertTrue(r.stderr().contains("JMH recorded no benchmark result"), r.toString());
        assertFalse(r.stdout().contains("failed="), "stops before leakcheck: " + r);
    }

    @Test
    void aBenchmarkTheTargetCannotRunIsSkippedAndTheVerdictIsLeakchecks() throws IOException {
        Scripts.Result r = judge("jmh-skipped-one-ran-one", true, 0, 1);

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("failed=0") && r.stdout().contains("exit=1"), "a leak stays exit 1: " + r);
        assertTrue(
                r.stderr()
                        .contains("leak-check: skipped ExpandBenchmark.expand (documents = 1000, expandLimit = 1000, "
                                + "fanOut = 20, fault = none, faultEvery = 100, seed = 42, target = jcasbin, targetOptions = , users = 1000): "
                                + "dev.leakbench.workloads.target.UnsupportedTargetOperationException: target 'jcasbin' does not support "
                                + "EXPAND"),
                r.toString());
        assertFalse(r.stderr().contains("could not run"), r.toString());
    }

    @Test
    void aTrialThatFailedBesideOthersThatRanMakesTheExit2EvenOnALeak() throws IOException {
        for (int leakcheck : new int[] {0, 1}) {
            Scripts.Result r = judge("jmh-failed-one-ran-one", true, 0, leakcheck);

            assertEquals(0, r.exit(), r.toString());
            assertTrue(
                    r.stdout().contains("failed=1") && r.stdout().contains("exit=2"),
                    "leakcheck " + leakcheck + " on an incomplete suite is exit 2: " + r);
            assertTrue(
                    r.stderr().contains("leak-check: JMH could not run ExpandBenchmark.expand (")
                            && r.stderr()
                                    .contains(
                                            "): java.lang.IllegalArgumentException: expand limit must be >= 1, was 0"),
                    r.toString());
            assertTrue(r.stderr().contains("leakcheck judged the others (exit " + leakcheck + ")"), r.toString());
        }
    }

    @Test
    void aJmhCommandLineErrorIsExit2WithJmhsMessage() throws IOException {
        Scripts.Result r = judge("jmh-bad-option", false, 1, 0);

        assertEquals(2, r.exit(), r.toString());
        assertEquals(
                List.of(
                        "leak-check: JMH failed (exit 1): error parsing the command line: b is not a recognized option"),
                r.stderrLines(),
                r.toString());
    }

    @Test
    void noResultAndNoErrorIsStillExit2() throws IOException {
        Files.writeString(out.resolve("jmh.log"), "# Run complete. Total time: 00:00:00\n");
        Scripts.Result r = Scripts.run(
                Map.of(),
                Duration.ofSeconds(30),
                List.of(
                        "-c",
                        "PROG=profile; . scripts/lib/options.sh; . scripts/lib/jmh.sh; judge_jmh_run 0 \"$1\"; echo judged",
                        "judge",
                        out.toString()));

        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.stderr().contains("profile: JMH recorded no benchmark result and printed no error"), r.toString());
    }
}

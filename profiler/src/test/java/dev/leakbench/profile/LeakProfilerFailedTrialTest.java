package dev.leakbench.profile;

import static dev.leakbench.profile.FailedTrials.assertFailureReportedAs;
import static dev.leakbench.profile.FailedTrials.assertSetupFailureReportedAs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.vocabulary.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial that fails is reported by JMH with the benchmark's own exception, also with the
 * LeakProfiler on: through the real JMH Runner, without fail-on-error (JMH's default), on the
 * test-only {@link FaultInjectionBenchmark}. (The real benchmarks' setup errors, a {@code -p}
 * typo, are {@code WorkloadFailedTrialTest} in the benchmarks module.) Before, the profiler's
 * afterIteration threw {@code NoSuchElementException} on the result-less iteration
 * ({@code GcProfilerOrder} asked JMH for the secondary results, which aggregates the missing
 * primary one), and JMH reported that instead of the cause.
 */
class LeakProfilerFailedTrialTest {
    private static final String FAULT_INJECTION = "FaultInjectionBenchmark.operation";

    @TempDir
    Path dir;

    /** Without a fork ({@code -f 0}) the profiler runs in this JVM, and the cause is reported the same way. */
    @Test
    void withoutAForkTheCauseIsReportedToo() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION)
                .param("fault", "nosuch")
                .forks(0)
                .profilerOptions("roots=false")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown fault 'nosuch'");
    }

    @Test
    void withGcProfilerListedFirstTheCauseIsReportedToo() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION)
                .param("fault", "nosuch")
                .gcProfiler(ProfiledRun.GcProfiler.BEFORE_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown fault 'nosuch'");
    }

    @Test
    void inJfrModeTheCauseIsReportedAndNoRecordingIsLeftBehind() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION)
                .param("fault", "nosuch")
                .profilerOptions("roots=false;jfr=true")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown fault 'nosuch'");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(
                    files.noneMatch(
                            f -> f.toString().endsWith(".jfr") || f.toString().endsWith(".old-objects.txt")),
                    "a failed trial leaves no recording or summary: "
                            + java.util.Arrays.toString(dir.toFile().list()));
        }
    }

    /**
     * A failure in the last iteration (the trial teardown, as a real benchmark's verify on a wrong
     * answer): the cause is reported and the series keeps the iterations before.
     */
    @Test
    void aTeardownFailureIsReportedAndTheSeriesKeepsTheIterationsBefore() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION)
                .param("fault", "fail-in-teardown")
                .profilerOptions("roots=false;histogram=false")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertFailureReportedAs(run, FaultInjectionBenchmark.TEARDOWN_FAILURE, "measurement iteration 5");
        // without fail-on-error JMH keeps the iterations that completed, and the profiler's metrics in them
        var iterations =
                run.onlyResult().getBenchmarkResults().iterator().next().getIterationResults();
        assertEquals(4, iterations.size(), run.console());
        assertTrue(
                iterations.stream().allMatch(ir -> ir.getSecondaryResults().containsKey(MetricNames.HEAP)),
                run.console());
        Series s = run.onlySeries();
        assertEquals(3 + 4, s.rows().size(), "3 warmup and the 4 measurement iterations before the failing one: " + s);
        assertTrue(run.console().contains(s.file() + " holds only the iterations before"), run.console());
    }
}

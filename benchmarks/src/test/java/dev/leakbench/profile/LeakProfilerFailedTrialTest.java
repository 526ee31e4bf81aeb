package dev.leakbench.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trial that fails is reported by JMH with the benchmark's own exception, also with the
 * LeakProfiler on: through the real JMH Runner, forked, without fail-on-error (JMH's default, what
 * a person typing {@code -p target=nosuch} gets). Before, the profiler's afterIteration threw
 * {@code NoSuchElementException} on the result-less iteration ({@code GcProfilerOrder} asked JMH
 * for the secondary results, which aggregates the missing primary one), and JMH reported that
 * instead of the cause.
 */
class LeakProfilerFailedTrialTest {
    private static final String FAULT_INJECTION = "FaultInjectionBenchmark.operation";

    @TempDir
    Path dir;

    /** The real benchmarks' setup errors, as {@code -p} typos produce them, with the recommended profiler order. */
    @ParameterizedTest(name = "-p {0}={1} -p {2}={3}")
    @CsvSource(delimiter = '|', value = {
            "target | nosuch          | fault      | none | unknown target 'nosuch'; targets on the class path: ",
            "target | embedded        | fault      | nosuch | unknown fault 'nosuch'",
            "fault  | unbounded-cache | faultEvery | 0    | faultEvery must be >= 1, was 0"})
    void aBadParameterIsReportedByJmhNotHiddenByTheProfiler(String name1, String value1, String name2, String value2,
                                                          String cause) throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("AuthorizationBenchmark.check").param(name1, value1).param(name2, value2)
                .profilerOptions("roots=false").gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, cause);
    }

    /** Ten threads share the benchmark's state: its setup fails once, and no thread returns a result. */
    @Test
    void aSetupFailureOnTenThreadsIsReportedToo() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("ConcurrentLoadBenchmark.operation").param("target", "nosuch")
                .profilerOptions("roots=false").gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown target 'nosuch'; targets on the class path: ");
    }

    /** Without a fork ({@code -f 0}) the profiler runs in this JVM, and the cause is reported the same way. */
    @Test
    void withoutAForkTheCauseIsReportedToo() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION).param("fault", "nosuch").forks(0)
                .profilerOptions("roots=false").gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown fault 'nosuch'");
    }

    @Test
    void withGcProfilerListedFirstTheCauseIsReportedToo() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION).param("fault", "nosuch")
                .gcProfiler(ProfiledRun.GcProfiler.BEFORE_LEAK_PROFILER).runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown fault 'nosuch'");
    }

    @Test
    void inJfrModeTheCauseIsReportedAndNoRecordingIsLeftBehind() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION).param("fault", "nosuch")
                .profilerOptions("roots=false;jfr=true").gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown fault 'nosuch'");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".jfr") || f.toString().endsWith(".old-objects.txt")),
                    "a failed trial leaves no recording or summary: " + java.util.Arrays.toString(dir.toFile().list()));
        }
    }

    /**
     * A failure in the last iteration (the trial teardown, as a real benchmark's verify on a wrong
     * answer): the cause is reported and the series keeps the iterations before.
     */
    @Test
    void aTeardownFailureIsReportedAndTheSeriesKeepsTheIterationsBefore() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of(FAULT_INJECTION).param("fault", "fail-in-teardown")
                .profilerOptions("roots=false;histogram=false").gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertFailureReportedAs(run, FaultInjectionBenchmark.TEARDOWN_FAILURE, "measurement iteration 5");
        // without fail-on-error JMH keeps the iterations that completed, and the profiler's metrics in them
        var iterations = run.onlyResult().getBenchmarkResults().iterator().next().getIterationResults();
        assertEquals(4, iterations.size(), run.console());
        assertTrue(iterations.stream().allMatch(ir -> ir.getSecondaryResults().containsKey(MetricNames.HEAP)),
                run.console());
        Series s = run.onlySeries();
        assertEquals(3 + 4, s.rows().size(), "3 warmup and the 4 measurement iterations before the failing one: " + s);
        assertTrue(run.console().contains(s.file() + " holds only the iterations before"), run.console());
    }

    /** The trial failed before its first iteration's work: JMH has no result, and says why. */
    private static void assertSetupFailureReportedAs(ProfiledRun.Outcome run, String cause) {
        assertTrue(run.results().isEmpty(), "a trial whose setup failed has no JMH result" + System.lineSeparator()
                + run.console());
        assertTrue(run.series().isEmpty(), "and no series" + System.lineSeparator() + run.console());
        assertFailureReportedAs(run, cause, "warmup iteration 1");
    }

    private static void assertFailureReportedAs(ProfiledRun.Outcome run, String cause, String iteration) {
        String console = run.console();
        int failure = console.indexOf("<failure>");
        assertTrue(failure >= 0, "JMH reports the failure" + System.lineSeparator() + console);
        assertTrue(console.indexOf(cause, failure) > failure,
                "JMH's <failure> block must hold the real cause '" + cause + "'" + System.lineSeparator() + console);
        for (String hidden : new String[] {"NoSuchElementException", "GcProfilerOrder", "LeakProfiler.afterIteration",
                "LeakTrial."}) {
            assertTrue(!console.contains(hidden), "the profiler must not appear in the failure: found '" + hidden + "'"
                    + System.lineSeparator() + console);
        }
        assertTrue(console.contains("LeakProfiler: the benchmark failed in " + iteration + " (JMH reports why)"),
                "the profiler says why it has no reading" + System.lineSeparator() + console);
    }
}

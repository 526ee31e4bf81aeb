package dev.leakbench.profile;

import static dev.leakbench.profile.FailedTrials.assertSetupFailureReportedAs;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real benchmark's trial that fails on a bad parameter is reported by JMH with the benchmark's
 * own exception, also with the LeakProfiler on: through the real JMH Runner, forked, without
 * fail-on-error (JMH's default, what a person typing {@code -p target=nosuch} gets). The
 * profiler's own failed-trial mechanics (no fork, JFR mode, a failing teardown) are
 * {@code LeakProfilerFailedTrialTest} in the profiler module.
 */
class WorkloadFailedTrialTest {

    @TempDir
    Path dir;

    /** The real benchmarks' setup errors, as {@code -p} typos produce them, with the recommended profiler order. */
    @ParameterizedTest(name = "-p {0}={1} -p {2}={3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "target | nosuch          | fault      | none | unknown target 'nosuch'; targets on the class path: ",
                "target | embedded        | fault      | nosuch | unknown fault 'nosuch'",
                "fault  | unbounded-cache | faultEvery | 0    | faultEvery must be >= 1, was 0"
            })
    void aBadParameterIsReportedByJmhNotHiddenByTheProfiler(
            String name1, String value1, String name2, String value2, String cause) throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("AuthorizationBenchmark.check")
                .param(name1, value1)
                .param(name2, value2)
                .profilerOptions("roots=false")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, cause);
    }

    /** Ten threads share the benchmark's state: its setup fails once, and no thread returns a result. */
    @Test
    void aSetupFailureOnTenThreadsIsReportedToo() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("ConcurrentLoadBenchmark.operation")
                .param("target", "nosuch")
                .profilerOptions("roots=false")
                .gcProfiler(ProfiledRun.GcProfiler.AFTER_LEAK_PROFILER)
                .runAllowingFailure(dir);
        assertSetupFailureReportedAs(run, "unknown target 'nosuch'; targets on the class path: ");
    }
}

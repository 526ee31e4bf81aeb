package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every failed-trial test checks: JMH reports the benchmark's own exception in its
 * {@code <failure>} block, the profiler does not appear in it, and the profiler says why it has no
 * reading. Shared with the benchmarks module's tests (test-jar).
 */
final class FailedTrials {
    private FailedTrials() {}

    /** The trial failed before its first iteration's work: JMH has no result, and says why. */
    static void assertSetupFailureReportedAs(ProfiledRun.Outcome run, String cause) {
        assertTrue(
                run.results().isEmpty(),
                "a trial whose setup failed has no JMH result" + System.lineSeparator() + run.console());
        assertTrue(run.series().isEmpty(), "and no series" + System.lineSeparator() + run.console());
        assertFailureReportedAs(run, cause, "warmup iteration 1");
    }

    static void assertFailureReportedAs(ProfiledRun.Outcome run, String cause, String iteration) {
        String console = run.console();
        int failure = console.indexOf("<failure>");
        assertTrue(failure >= 0, "JMH reports the failure" + System.lineSeparator() + console);
        assertTrue(
                console.indexOf(cause, failure) > failure,
                "JMH's <failure> block must hold the real cause '" + cause + "'" + System.lineSeparator() + console);
        for (String hidden :
                new String[] {"NoSuchElementException", "GcProfilerOrder", "LeakProfiler.afterIteration", "LeakTrial."
                }) {
            assertTrue(
                    !console.contains(hidden),
                    "the profiler must not appear in the failure: found '" + hidden + "'" + System.lineSeparator()
                            + console);
        }
        assertTrue(
                console.contains("LeakProfiler: the benchmark failed in " + iteration + " (JMH reports why)"),
                "the profiler says why it has no reading" + System.lineSeparator() + console);
    }
}

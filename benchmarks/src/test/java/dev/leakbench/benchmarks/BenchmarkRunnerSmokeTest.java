package dev.leakbench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one benchmark for about a second through the JMH {@link Runner}, in a forked JVM as users run
 * it: a missing generated class, a broken {@code BenchmarkList} or an unregistered target fails the
 * build here instead of on someone's machine.
 */
class BenchmarkRunnerSmokeTest {

    @Test
    void authorizationBenchmarkRunsInAForkAndReturnsAScore() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(AuthorizationBenchmark.class.getName() + ".check")
                .forks(1)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.seconds(1))
                .param("documents", "100")
                .param("users", "100")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(1, results.size(), "runs of AuthorizationBenchmark.check");
        double score = results.iterator().next().getPrimaryResult().getScore();
        assertTrue(score > 0, "AuthorizationBenchmark.check scored " + score + " ops/s");
    }
}

package dev.leakbench.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Short JMH runs through the {@link Runner}, each benchmark in its own fork as users run them: the
 * shared {@code target} parameter runs each benchmark's default target when {@code -p target} is not
 * given (and JMH's results name that target), {@code -p target=X} overrides it, and the
 * {@code @Group} benchmark reports one score per kind of operation, also under {@code -prof gc}.
 */
class BenchmarkLayerRunTest {

    /** Benchmark (short name) to its run, from one run of three benchmarks with their own defaults. */
    private static Map<String, RunResult> defaults;

    private static String defaultsLog;

    /** What a run printed (JMH's output and the forks' own lines) and its results, by benchmark. */
    private record Run(String output, Map<String, RunResult> results) {}

    private static ChainedOptionsBuilder shortRun(String... includes) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .forks(1)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("documents", "100")
                .param("users", "100")
                .shouldFailOnError(true);
        for (String include : includes) {
            b.include(include);
        }
        return b;
    }

    private static Map<String, RunResult> byBenchmark(Collection<RunResult> results) {
        Map<String, RunResult> out = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            out.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), r);
        }
        return out;
    }

    /**
     * Runs with System.out copied: JMH passes each fork's own output (the {@code # leakbench:} setup
     * line) to the host's System.out, not to {@code OptionsBuilder.output}.
     */
    private static Run run(Options options) throws RunnerException {
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeOutputStream(original, copy), true, StandardCharsets.UTF_8));
        try {
            Collection<RunResult> results = new Runner(options).run();
            System.out.flush();
            return new Run(copy.toString(StandardCharsets.UTF_8), byBenchmark(results));
        } finally {
            System.setOut(original);
        }
    }

    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    @BeforeAll
    static void runWithDefaults() throws RunnerException {
        Run run = run(shortRun(
                        AuthorizationBenchmark.class.getName() + ".check",
                        ConnectionBenchmark.class.getName() + ".operation",
                        MixedGroupBenchmark.class.getName() + ".mixed")
                .addProfiler(GCProfiler.class)
                .build());
        defaults = run.results();
        defaultsLog = run.output();
    }

    @Test
    void withoutATargetParameterEachBenchmarkRunsItsOwnDefaultTargetAndTheResultsNameIt() {
        assertEquals(
                List.of("AuthorizationBenchmark.check", "ConnectionBenchmark.operation", "MixedGroupBenchmark.mixed"),
                List.copyOf(defaults.keySet()));
        assertEquals(
                "embedded",
                defaults.get("AuthorizationBenchmark.check").getParams().getParam("target"));
        assertEquals(
                "embedded-jdbc",
                defaults.get("ConnectionBenchmark.operation").getParams().getParam("target"));
        assertEquals(
                "embedded",
                defaults.get("MixedGroupBenchmark.mixed").getParams().getParam("target"));
        // what the fork's trial setup actually opened, not only what JMH passed it
        assertTrue(defaultsLog.contains("# leakbench: workload=authorization target=embedded "), defaultsLog);
        assertTrue(defaultsLog.contains("# leakbench: workload=connections target=embedded-jdbc "), defaultsLog);
        assertTrue(defaultsLog.contains("# leakbench: workload=mixed target=embedded "), defaultsLog);
    }

    @Test
    void aTargetParameterOverridesTheDefault() throws RunnerException {
        Run jcasbin = run(shortRun(AuthorizationBenchmark.class.getName() + ".check")
                .param("target", "jcasbin")
                .build());
        RunResult run = jcasbin.results().get("AuthorizationBenchmark.check");
        assertEquals("jcasbin", run.getParams().getParam("target"));
        assertTrue(
                run.getPrimaryResult().getScore() > 0,
                "score " + run.getPrimaryResult().getScore());
        assertTrue(jcasbin.output().contains("# leakbench: workload=authorization target=jcasbin "), jcasbin.output());
    }

    @Test
    void theGroupBenchmarkReportsOneScorePerKindOfOperation() {
        RunResult run = defaults.get("MixedGroupBenchmark.mixed");
        assertEquals(10, run.getParams().getThreads(), "one group of 7 + 2 + 1 threads");
        assertEquals(
                List.of(7, 1, 2),
                Arrays.stream(run.getParams().getThreadGroups()).boxed().toList(),
                "threads per kind, in JMH's order: " + run.getParams().getThreadGroupLabels());
        Result<?> total = run.getPrimaryResult();
        assertEquals("mixed", total.getLabel());
        Map<String, Result> secondary = run.getSecondaryResults();
        double sum = 0;
        for (String kind : List.of("check", "write", "expand")) {
            Result<?> score = secondary.get(kind);
            assertTrue(score != null, "no score for " + kind + " in " + secondary.keySet());
            assertEquals("ops/s", score.getScoreUnit(), kind);
            assertTrue(score.getScore() > 0, kind + " scored " + score.getScore());
            sum += score.getScore();
        }
        assertEquals(total.getScore(), sum, total.getScore() * 1e-9, "the group's score is the sum of its kinds'");
        assertTrue(secondary.containsKey("gc.alloc.rate.norm"), "-prof gc works on the group: " + secondary.keySet());
    }
}

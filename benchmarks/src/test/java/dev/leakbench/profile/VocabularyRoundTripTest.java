package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.vocabulary.MetricNames;
import dev.leakbench.vocabulary.SeriesFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.IterationResult;

/**
 * One vocabulary, both ways, on what the profiler really writes (a real benchmark through the JMH
 * Runner, roots and class counts on): every name in its series and in its JMH results is one
 * leakcheck knows, every name leakcheck knows as fixed is one it writes, the series starts with
 * the format line of the version written now, and leakcheck reads the file.
 */
class VocabularyRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyNameTheProfilerWritesIsOneLeakcheckKnowsAndTheReverse() throws Exception {
        ProfiledRun.Outcome run = ProfiledRun.of("AuthorizationBenchmark\\.check")
                .param("documents", "200")
                .param("users", "200")
                .iterations(1, 3)
                .iterationMillis(200)
                .run(dir);
        Series s = run.onlySeries();
        assertEquals(SeriesFormat.versionLine(), Files.readAllLines(s.file()).get(0), "the series' first line");
        assertEquals(SeriesFormat.KEY_COLUMNS, s.header().subList(0, 4));
        List<String> metrics = s.header().subList(4, s.header().size());

        Set<String> written = new TreeSet<>(metrics);
        for (IterationResult ir :
                run.onlyResult().getBenchmarkResults().iterator().next().getIterationResults()) {
            ir.getSecondaryResults().keySet().stream()
                    .filter(Metrics::inOurNamespace)
                    .forEach(written::add);
        }
        for (String name : written) {
            assertTrue(Metrics.isKnown(name), "the profiler wrote '" + name + "', which leakcheck does not know");
        }
        for (String fixed : MetricNames.FIXED) {
            assertTrue(
                    written.contains(fixed),
                    "leakcheck knows '" + fixed + "', which the profiler did not write: " + written);
        }
        assertTrue(
                written.stream().anyMatch(n -> n.startsWith(MetricNames.ROOT_PREFIX))
                        && written.stream().anyMatch(n -> n.startsWith(MetricNames.GAUGE_PREFIX)),
                "roots and gauges of the target: " + written);
        assertEquals(MetricNames.inColumnOrder(metrics), metrics, "columns in the vocabulary's order");
        assertEquals(1, Inputs.read(List.of(s.file())).runs().size(), "leakcheck reads the series it wrote");
    }
}

package dev.leakbench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.Verdict;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * InferaDB's 24-hour soaks ({@code test_24h_authorization_stress}, {@code test_24h_mixed_workload})
 * on the embedded engine: run the scenario for the duration, then no leak may be found in its
 * series by leakcheck's analyzer. Tagged {@code soak} and excluded from every build by default.
 *
 * <pre>
 * mvn -pl benchmarks verify -Dsoak=true                                   # 24 h each
 * mvn -pl benchmarks verify -Dsoak=true -Dleakbench.soak.duration=2m      # a rehearsal
 * </pre>
 * Files go to {@code benchmarks/target/soak/<scenario>/} (progress on the test's output file).
 * {@code -Dleakbench.soak.threads=N} sets the threads (default: the cores).
 */
@Tag("soak")
class Soak24hTest {

    private static final String DURATION = System.getProperty("leakbench.soak.duration", "24h");
    private static final String THREADS = System.getProperty(
            "leakbench.soak.threads", String.valueOf(Runtime.getRuntime().availableProcessors()));

    @Test
    void authorizationStress24h() throws Exception {
        soakWithoutLeak(SoakScenario.AUTHORIZATION_STRESS);
    }

    @Test
    void mixedWorkload24h() throws Exception {
        soakWithoutLeak(SoakScenario.MIXED);
    }

    private static void soakWithoutLeak(SoakScenario scenario) throws Exception {
        Path out = Path.of("target", "soak", scenario.id());
        Files.createDirectories(out);
        SoakRun.Result r = new SoakRun(
                        SoakOptions.parse(
                                "--scenario",
                                scenario.id(),
                                "--duration",
                                DURATION,
                                "--threads",
                                THREADS,
                                "--out",
                                out.toString()),
                        new PrintStream(System.out, true))
                .run();
        assertEquals(SoakRun.Outcome.COMPLETED, r.outcome(), String.join(System.lineSeparator(), r.summary()));
        List<Finding> findings = SoakFiles.findings(r.series());
        List<Finding> leaks =
                findings.stream().filter(f -> f.verdict() == Verdict.LEAK).toList();
        assertTrue(
                leaks.isEmpty(),
                scenario.benchmark() + " over " + DURATION + " must show no LEAK; found:" + System.lineSeparator()
                        + SoakFiles.describe(leaks) + System.lineSeparator() + "(series: " + r.series() + ")");
    }
}

package dev.leakbench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.Inputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-class live counts on the real benchmark and the real fault, through the JMH Runner and
 * leakcheck's analysis: a leak far below what the retained heap's bytes resolve is found by the
 * count of its own class, and a clean run of the same benchmark judges its classes and finds none.
 *
 * <p>Ten measurement iterations of 200 ms on a small dataset (a few hundred thousand checks each
 * on 2 cores), {@code unbounded-cache} at one leak every {@value #FAULT_EVERY} checks: a few dozen
 * memo keys over the run, a few KiB, under the heap floor. On a loaded machine the leak run is
 * repeated with longer iterations until at least {@value #MIN_LEAKED} objects leaked while measured.
 */
class ClassCountDetectionTest {
    private static final int FAULT_EVERY = 10_000;
    private static final String MEMO_KEY =
            "class.dev.leakbench.workloads.fault.unboundedcache.LeakyRequestMemo$MemoKey";

    @TempDir
    Path dir;

    /**
     * Leaked objects during the measurement that the test asks for: the evaluation finds every
     * run with at least 6 (README, "recall by objects leaked"); fewer is a slow machine, not a miss.
     */
    private static final int MIN_LEAKED = 12;

    private ProfiledRun authorization(String fault, int iterationMillis) {
        return ProfiledRun.of("AuthorizationBenchmark\\.check")
                .param("fault", fault)
                .param("faultEvery", String.valueOf(FAULT_EVERY))
                .param("documents", "200")
                .param("users", "200")
                .param("targetOptions", "cacheCapacity=500")
                .iterations(3, 10)
                .iterationMillis(iterationMillis)
                .profilerOptions("roots=false");
    }

    /**
     * Runs the leak with iterations long enough that at least {@link #MIN_LEAKED} objects leak while
     * it is measured (sized by the fault's own count, so a loaded machine runs longer, not weaker).
     */
    private Path leakRun() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("leak"));
        ProfiledRun.Outcome o = authorization("unbounded-cache", 200)
                .runUntil(runs, ClassCountDetectionTest::leakedWhileMeasured, MIN_LEAKED, 3000, 4);
        double during = leakedWhileMeasured(o.onlySeries());
        assertTrue(during >= MIN_LEAKED, "the machine is too slow for this test: " + during + " objects leaked");
        return o.onlySeries().file().getParent();
    }

    private static double leakedWhileMeasured(Series s) {
        double[] leaked = s.measured("gauge.fault.injected");
        return leaked[leaked.length - 1] - leaked[0];
    }

    private List<Finding> findings(Path runDir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(runDir)) {
            files = s.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".csv") && !n.endsWith(".classes.csv") && !n.endsWith(".class-counts.csv");
                    })
                    .toList();
        }
        return new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                .analyze(Inputs.read(files))
                .findings();
    }

    @Test
    void aLeakBelowTheHeapFloorIsFoundByItsOwnClassCount() throws Exception {
        Path run = leakRun();
        List<Finding> findings = findings(run);
        Finding memo = findings.stream()
                .filter(f -> f.metric().equals(MEMO_KEY))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no finding for the memo's key class in " + findings));
        System.out.println("# proof class counts, unbounded-cache every " + FAULT_EVERY + ": " + memo.reason());
        assertEquals(Verdict.LEAK, memo.verdict(), memo.reason());
        double perMop = ((Number) memo.evidence().get("instancesPerMop")).doubleValue();
        // one leak every FAULT_EVERY checks: 100 per million operations
        assertTrue(perMop > 50 && perMop < 200, "instances per million operations " + perMop);
    }

    @Test
    void aCleanRunJudgesItsClassesAndFindsNoLeak() throws Exception {
        Path run = Files.createDirectories(dir.resolve("clean"));
        authorization("none", 200).run(run);
        List<Finding> findings = findings(run);
        List<Finding> leaks =
                findings.stream().filter(f -> f.verdict() == Verdict.LEAK).toList();
        assertEquals(List.of(), leaks, "a clean run has no leak finding");
        Finding heap = findings.stream()
                .filter(f -> f.metric().equals("heap.retained"))
                .findFirst()
                .orElseThrow();
        assertTrue(heap.evidence().containsKey("classCounts"), "the class counts were judged: " + heap.evidence());
    }
}

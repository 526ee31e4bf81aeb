package dev.leakbench.profile;

import dev.leakbench.analysis.findings.Finding;
import dev.leakbench.analysis.findings.FindingsAnalyzer;
import dev.leakbench.analysis.findings.ThresholdConfig;
import dev.leakbench.analysis.findings.Verdict;
import dev.leakbench.analysis.input.Inputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-class live counts on the real benchmark and the real fault, through the JMH Runner and
 * leakcheck's analysis: a leak far below what the retained heap's bytes resolve is found by the
 * count of its own class, and a clean run of the same benchmark judges its classes and finds none.
 *
 * <p>Four warmup and ten measurement iterations of 200 ms (a measurement iteration is read at its
 * start, so the readings are the states after iterations 4 to 13) on a small dataset (a few
 * hundred thousand checks each on 2 cores), {@code unbounded-cache} at one leak every {@value #FAULT_EVERY} checks: a few dozen
 * memo keys over the run, a few KiB, under the heap floor.
 */
class ClassCountDetectionTest {
    private static final int FAULT_EVERY = 10_000;
    private static final String MEMO_KEY = "class.dev.leakbench.workloads.fault.unboundedcache.LeakyRequestMemo$MemoKey";

    @TempDir
    Path dir;

    private ProfiledRun authorization(String fault) {
        return ProfiledRun.of("AuthorizationBenchmark\\.check").param("fault", fault)
                .param("faultEvery", String.valueOf(FAULT_EVERY)).param("documents", "200").param("users", "200")
                .param("targetOptions", "cacheCapacity=500").iterations(4, 10).iterationMillis(200)
                .profilerOptions("roots=false");
    }

    private List<Finding> findings(Path runDir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(runDir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".csv") && !n.endsWith(".classes.csv") && !n.endsWith(".class-counts.csv");
            }).toList();
        }
        return new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN).analyze(Inputs.read(files))
                .findings();
    }

    @Test
    void aLeakBelowTheHeapFloorIsFoundByItsOwnClassCount() throws Exception {
        Path run = Files.createDirectories(dir.resolve("leak"));
        authorization("unbounded-cache").run(run);
        List<Finding> findings = findings(run);
        Finding memo = findings.stream().filter(f -> f.metric().equals(MEMO_KEY)).findFirst()
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
        authorization("none").run(run);
        List<Finding> findings = findings(run);
        List<Finding> leaks = findings.stream().filter(f -> f.verdict() == Verdict.LEAK).toList();
        assertEquals(List.of(), leaks, "a clean run has no leak finding");
        Finding heap = findings.stream().filter(f -> f.metric().equals("heap.retained")).findFirst().orElseThrow();
        assertTrue(heap.evidence().containsKey("classCounts"), "the class counts were judged: " + heap.evidence());
    }
}

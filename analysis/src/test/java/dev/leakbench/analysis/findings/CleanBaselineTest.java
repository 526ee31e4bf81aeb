package dev.leakbench.analysis.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leakbench.analysis.input.Inputs;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.stats.XY;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The measured clean quick-suite run of all eight workloads (results/baselines/leak-check-embedded.json,
 * the data the heap floor is calibrated on): no series is a LEAK, every heap finding states what it
 * rules out, and that statement holds on the run's own noise.
 */
class CleanBaselineTest {
    private static final Path BASELINE = Path.of("..", "results", "baselines", "leak-check-embedded.json");
    private static final Thresholds TH = Thresholds.defaults();
    /** One leaked cache entry (~87 B) per 10,000 operations: ~85 KiB over the 1e7-op quick suite. */
    private static final double ONE_PER_10K = 85.0 * 1024 / 1e7;

    private static Map<String, XY> heaps;

    @BeforeAll
    static void read() throws Exception {
        Assumptions.assumeTrue(Files.exists(BASELINE), "no " + BASELINE);
        heaps = new LinkedHashMap<>();
        for (JsonNode b : new ObjectMapper().readTree(BASELINE.toFile())) {
            JsonNode sm = b.get("secondaryMetrics");
            JsonNode heap = sm.get(Metrics.HEAP).get("rawData").get(0);
            JsonNode ops = sm.get(Metrics.OPS).get("rawData").get(0);
            double[] x = new double[ops.size()];
            double[] y = new double[heap.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ops.get(i).asDouble();
                y[i] = heap.get(i).asDouble();
            }
            heaps.put(b.get("benchmark").asText(), new XY(x, y));
        }
        assertEquals(8, heaps.size(), "all eight workloads");
    }

    private static Assessment classify(XY xy) {
        return SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH);
    }

    private static XY plus(XY xy, double bytesPerOp) {
        double[] y = new double[xy.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = xy.y()[i] + bytesPerOp * (xy.x()[i] - xy.x()[0]);
        }
        return new XY(xy.x(), y);
    }

    @Test
    void noFindingOfTheCleanRunIsALeak() throws Exception {
        FindingsAnalyzer.Result r = new FindingsAnalyzer(ThresholdConfig.defaults(), null, Double.NaN)
                .analyze(Inputs.read(List.of(BASELINE)));
        assertTrue(
                r.findings().stream().noneMatch(f -> f.verdict() == Verdict.LEAK),
                r.findings().toString());
        assertFalse(r.fails());
        List<Finding> heap = r.findings().stream()
                .filter(f -> f.metric().equals(Metrics.HEAP))
                .toList();
        assertEquals(8, heap.size());
        for (Finding f : heap) {
            assertEquals(Verdict.STABLE, f.verdict(), f.key() + ": " + f.reason());
            assertTrue(
                    f.detectableSlope() > 0 && Double.isFinite(f.detectableSlope()),
                    f.evidence().toString());
        }
    }

    @Test
    void whatEachCleanRunRulesOutIsFoundOnItsOwnNoise() {
        heaps.forEach((name, xy) -> {
            Assessment a = classify(xy);
            assertEquals(Verdict.STABLE, a.verdict(), name + ": " + a.reason());
            double d = a.detectableSlope();
            assertTrue(d * a.number("span") >= a.number("floor"), name + ": " + a.numbers());
            // this run's own readings with that leak on top of its own fitted slope are a LEAK
            Assessment leak = classify(plus(xy, d - a.slope()));
            assertEquals(Verdict.LEAK, leak.verdict(), name + " + " + d + " B/op: " + leak.reason());
        });
    }

    @Test
    void oneLeakedEntryPer10000OpsIsFoundOnTheLongestCleanRun() {
        // the unbounded cache at one leak per 10,000 ops: ~85 KiB over a 1e7-op run
        Map.Entry<String, XY> longest = heaps.entrySet().stream()
                .max(Comparator.comparingDouble(e ->
                        e.getValue().x()[e.getValue().size() - 1] - e.getValue().x()[0]))
                .orElseThrow();
        XY xy = longest.getValue();
        assertTrue(xy.x()[xy.size() - 1] - xy.x()[0] > 1e7, "a quick-suite run of 1e7 ops");
        Assessment a = classify(plus(xy, ONE_PER_10K));
        assertEquals(Verdict.LEAK, a.verdict(), longest.getKey() + ": " + a.reason());
        assertEquals(ONE_PER_10K, a.slope(), 0.1 * ONE_PER_10K, a.reason());
    }

    @Test
    void theHarnessDriftOfTheCleanRunsStaysBelowTheFloor() {
        heaps.forEach((name, xy) -> {
            Assessment a = classify(xy);
            assertNotEquals(Verdict.LEAK, a.verdict(), name);
            assertTrue(
                    a.number("growthOverRun") * 2.5 < Thresholds.HEAP_FLOOR
                            || a.number("floor") > Thresholds.HEAP_FLOOR,
                    name + ": the floor keeps a margin over the clean drift: " + a.numbers());
        });
    }
}

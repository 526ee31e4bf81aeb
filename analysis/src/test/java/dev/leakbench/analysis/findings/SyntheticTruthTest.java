package dev.leakbench.analysis.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leakbench.analysis.findings.Synthetic.Scenario;
import dev.leakbench.analysis.input.Metrics;
import dev.leakbench.analysis.stats.XY;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Synthetic series whose truth is known, on a quiet and on a noisy heap. */
class SyntheticTruthTest {
    private static final Thresholds TH = Thresholds.defaults();
    private static final int SEEDS = 40;

    private static Map<Verdict, Integer> verdicts(Scenario s, double bytesPerOp, Synthetic.Params p) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (int seed = 0; seed < SEEDS; seed++) {
            XY xy = Synthetic.series(s, bytesPerOp, p, 1000L * s.ordinal() + seed);
            counts.merge(SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH).verdict(), 1, Integer::sum);
        }
        return counts;
    }

    @ParameterizedTest(name = "{0} B/op over 2e8 ops is a LEAK")
    @ValueSource(doubles = {0.01, 0.1, 1, 10, 100, 1000})
    void linearLeaksAreFoundAcrossFiveOrdersOfMagnitude(double bytesPerOp) {
        assertEquals(Map.of(Verdict.LEAK, SEEDS), verdicts(Scenario.LINEAR, bytesPerOp, Synthetic.Params.QUIET));
    }

    @Test
    void aHundredthOfAByteOverAHundredMillionOpsIsFound() {
        // 0.01 B/op x 1e8 ops = 1 MB, over 20 iterations of 5e6 ops
        Synthetic.Params p = new Synthetic.Params(20, 5e6, 4096, 0.02);
        for (int seed = 0; seed < SEEDS; seed++) {
            Assessment a = SeriesClassifier.classify(List.of(Synthetic.series(Scenario.LINEAR, 0.01, p, seed)),
                Metrics.HEAP, true, TH);
            assertEquals(Verdict.LEAK, a.verdict(), a.reason());
            assertEquals(0.01, a.slope(), 0.001);
        }
    }

    @Test
    void growthBelowTheFloorIsNotALeak() {
        // 0.001 B/op x 2e8 ops = 200 KB: significant, but below the 256 KiB floor
        assertEquals(Map.of(Verdict.STABLE, SEEDS), verdicts(Scenario.LINEAR, 0.001, Synthetic.Params.QUIET));
    }

    @Test
    void aCacheFillingToCapacityIsBounded() {
        assertEquals(Map.of(Verdict.BOUNDED_GROWTH, SEEDS), verdicts(Scenario.PLATEAU, 0, Synthetic.Params.QUIET));
        assertEquals(0, verdicts(Scenario.PLATEAU, 0, Synthetic.Params.NOISY).getOrDefault(Verdict.LEAK, 0));
    }

    @Test
    void aSawtoothIsBounded() {
        assertEquals(Map.of(Verdict.BOUNDED_GROWTH, SEEDS), verdicts(Scenario.SAWTOOTH, 0, Synthetic.Params.QUIET));
        assertEquals(Map.of(Verdict.BOUNDED_GROWTH, SEEDS), verdicts(Scenario.SAWTOOTH, 0, Synthetic.Params.NOISY));
    }

    @Test
    void anEarlyStepAfterWarmupIsBounded() {
        assertEquals(Map.of(Verdict.BOUNDED_GROWTH, SEEDS), verdicts(Scenario.WARMUP_SPIKE, 0, Synthetic.Params.QUIET));
    }

    @Test
    void noiseIsStable() {
        assertEquals(Map.of(Verdict.STABLE, SEEDS), verdicts(Scenario.NOISE, 0, Synthetic.Params.QUIET));
        Map<Verdict, Integer> noisy = verdicts(Scenario.NOISE, 0, Synthetic.Params.NOISY);
        assertEquals(0, noisy.getOrDefault(Verdict.LEAK, 0), noisy.toString());
    }

    @Test
    void aLastingMidRunStepIsSuspect() {
        assertEquals(Map.of(Verdict.SUSPECT, SEEDS), verdicts(Scenario.STEP, 0, Synthetic.Params.QUIET));
        assertEquals(0, verdicts(Scenario.STEP, 0, Synthetic.Params.NOISY).getOrDefault(Verdict.LEAK, 0));
    }

    @Test
    void mannKendallAloneWouldFlagAByteExactEarlyStep() {
        // the case the issue warns about: a tiny early step on a byte-exact heap is "significant"
        double[] y = new double[30];
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 3 ? 50_000_000 : 50_004_096;
        }
        XY xy = XY.indexed(y);
        Assessment a = SeriesClassifier.classify(List.of(xy), Metrics.HEAP, false, TH);
        assertTrue(dev.leakbench.analysis.stats.MannKendall.test(xy).pIncreasing() < TH.alpha());
        assertNotEquals(Verdict.LEAK, a.verdict(), a.reason());
        assertNotEquals(Verdict.SUSPECT, a.verdict(), a.reason());
    }

    @Test
    void tooFewPointsAreNotJudged() {
        XY xy = XY.indexed(new double[]{1e6, 2e6, 3e6});
        Assessment a = SeriesClassifier.classify(List.of(xy), Metrics.HEAP, false, TH);
        assertEquals(Verdict.SUSPECT, a.verdict());
        assertTrue(a.reason().contains("only 3 measurement points"), a.reason());
    }

    @Test
    void countGaugesUseTheirOwnFloor() {
        double[] threads = new double[20];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = 20 + i; // one thread leaked per iteration
        }
        assertEquals(Verdict.LEAK, SeriesClassifier.classify(List.of(XY.indexed(threads)), "threads.live", false, TH).verdict());
        double[] jitter = new double[20];
        for (int i = 0; i < jitter.length; i++) {
            jitter[i] = 20 + (i % 3 == 0 ? 2 : 0) + i / 10; // compiler threads coming and going, one added
        }
        assertNotEquals(Verdict.LEAK, SeriesClassifier.classify(List.of(XY.indexed(jitter)), "threads.live", false, TH).verdict());
    }

    @Test
    void aPoolExhaustedByLeakedConnectionsIsALeakNotACacheAtCapacity() {
        // one connection forgotten every other iteration until the pool's 8 are all out, then stuck
        double[] active = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8};
        Assessment pool = SeriesClassifier.classify(List.of(XY.indexed(active)), "gauge.connections.active", false, TH);
        assertEquals(Verdict.LEAK, pool.verdict(), pool.reason());
        // the same shape in a cache's entry count is a cache reaching its capacity
        Assessment cache = SeriesClassifier.classify(List.of(XY.indexed(active)), "gauge.cache.entries", false, TH);
        assertNotEquals(Verdict.LEAK, cache.verdict(), cache.reason());
        // a staircase of three connections held over a short run: above the floor of 2, so a leak
        double[] slow = {1, 1, 2, 2, 2, 3, 3, 3, 3, 4};
        Assessment few = SeriesClassifier.classify(List.of(XY.indexed(slow)), "gauge.connections.active", false, TH);
        assertEquals(Verdict.LEAK, few.verdict(), few.reason());
        // borrowed and returned: busy at one reading, back to rest at the others
        double[] returned = {0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0};
        Assessment ok = SeriesClassifier.classify(List.of(XY.indexed(returned)), "gauge.connections.active", false, TH);
        assertNotEquals(Verdict.LEAK, ok.verdict(), ok.reason());
    }

    @Property(tries = 60)
    void pureNoiseIsNeverALeak(@ForAll long seed, @ForAll @DoubleRange(min = 1024, max = 4e6) double sigma) {
        XY xy = Synthetic.series(Scenario.NOISE, 0, new Synthetic.Params(30, 1e7, sigma, 0.05), seed);
        assertNotEquals(Verdict.LEAK, SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH).verdict());
    }

    @Property(tries = 60)
    void aLeakWellAboveFloorAndNoiseIsFound(@ForAll long seed, @ForAll @DoubleRange(min = 0.02, max = 1000) double bytesPerOp) {
        // growth over the run >= 4 MB, noise 64 KiB
        XY xy = Synthetic.series(Scenario.LINEAR, bytesPerOp, new Synthetic.Params(20, 1e7, 65536, 0.02), seed);
        Assessment a = SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH);
        assertEquals(Verdict.LEAK, a.verdict(), a.reason());
        assertTrue(a.fit().lower() <= bytesPerOp && bytesPerOp <= a.fit().upper() * 1.0001 || Math.abs(a.slope() / bytesPerOp - 1) < 0.05);
    }
}

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synthetic series whose truth is known, on a quiet and on a noisy heap. */
class SyntheticTruthTest {
    private static final Thresholds TH = Thresholds.defaults();
    private static final int SEEDS = 40;

    private static Map<Verdict, Integer> verdicts(Scenario s, double bytesPerOp, Synthetic.Params p) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (int seed = 0; seed < SEEDS; seed++) {
            XY xy = Synthetic.series(s, bytesPerOp, p, 1000L * s.ordinal() + seed);
            counts.merge(
                    SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH)
                            .verdict(),
                    1,
                    Integer::sum);
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
            Assessment a = SeriesClassifier.classify(
                    List.of(Synthetic.series(Scenario.LINEAR, 0.01, p, seed)), Metrics.HEAP, true, TH);
            assertEquals(Verdict.LEAK, a.verdict(), a.reason());
            assertEquals(0.01, a.slope(), 0.001);
        }
    }

    @Test
    void growthBelowTheFloorIsNotALeak() {
        // 0.0001 B/op x 2e8 ops = 19 KiB: below the 32 KiB floor (and the 4 sigma of 4 KiB noise)
        assertEquals(Map.of(Verdict.STABLE, SEEDS), verdicts(Scenario.LINEAR, 0.0001, Synthetic.Params.QUIET));
        // 0.001 B/op x 2e8 ops = 195 KiB was below the old fixed 256 KiB floor; the floor now follows the noise
        assertEquals(Map.of(Verdict.LEAK, SEEDS), verdicts(Scenario.LINEAR, 0.001, Synthetic.Params.QUIET));
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

    private static Assessment heap(XY xy) {
        return SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH);
    }

    /** The same series with its own fitted slope replaced by {@code b}. */
    private static XY withSlope(XY xy, double own, double b) {
        double[] y = new double[xy.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = xy.y()[i] + (b - own) * (xy.x()[i] - xy.x()[0]);
        }
        return new XY(xy.x(), y);
    }

    @Test
    void noiseIsStableAndStatesTheSmallestLeakItRulesOut() {
        for (Synthetic.Params p : List.of(Synthetic.Params.QUICK, Synthetic.Params.QUIET, Synthetic.Params.NOISY)) {
            for (int seed = 0; seed < SEEDS; seed++) {
                XY xy = Synthetic.series(Scenario.NOISE, 0, p, 7000L + seed);
                Assessment a = heap(xy);
                assertEquals(Verdict.STABLE, a.verdict(), a.reason());
                double d = a.detectableSlope();
                double span = a.number("span");
                assertTrue(d >= a.number("floor") / span, "at least floor/span: " + a.numbers());
                assertTrue(d * span <= 8 * a.number("floor"), "close to the floor on plain noise: " + a.numbers());
                // the claim holds: this very series with that slope is a LEAK, and with twice it too
                for (double b : new double[] {d, 2 * d}) {
                    Assessment leak = heap(withSlope(xy, a.slope(), b));
                    assertEquals(Verdict.LEAK, leak.verdict(), b + " B/op: " + leak.reason());
                }
            }
        }
    }

    @Test
    void onAByteExactFlatHeapTheSmallestLeakIsTheFloorOverTheSpan() {
        double[] x = new double[10];
        double[] y = new double[10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i + 1) * 1e6;
            y[i] = 10_000_000;
        }
        Assessment a = heap(new XY(x, y));
        assertEquals(Verdict.STABLE, a.verdict(), a.reason());
        assertEquals(32 * 1024 / 9e6, a.detectableSlope(), 1e-12);
        // one 48-byte object every ~13,000 operations would have been found
        assertEquals(13_184, 48 / a.detectableSlope(), 1);
    }

    @Test
    void tooFewPointsStateThatNoLeakCouldHaveBeenFound() {
        Assessment a = heap(XY.indexed(new double[] {1e7, 1e7, 1e7}));
        assertEquals(Verdict.STABLE, a.verdict());
        assertTrue(Double.isNaN(a.detectableSlope()), a.numbers().toString());
        assertTrue(a.numbers().containsKey("detectableSlope"));
    }

    @ParameterizedTest(name = "fills over the first {0} of the run")
    @ValueSource(doubles = {0.3, 0.4, 0.5})
    void aSlowlyFillingBoundedCacheIsBoundedAndNamesTheLevelItReached(double fraction) {
        double bytes = 8.0 * 1024 * 1024;
        for (Synthetic.Params p : List.of(
                Synthetic.Params.QUICK,
                Synthetic.Params.QUIET,
                Synthetic.Params.NOISY,
                new Synthetic.Params(40, 5e6, 16 * 1024, 0.02))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                Assessment a = heap(Synthetic.series(Synthetic.fill(bytes, fraction), p, 8000L + seed));
                assertEquals(Verdict.BOUNDED_GROWTH, a.verdict(), p + " seed " + seed + ": " + a.reason());
                assertTrue(a.reason().contains("to a level of "), a.reason());
                assertEquals(Synthetic.BASE + bytes, a.number("level"), 4 * p.sigma() + 1024, a.reason());
            }
        }
    }

    @Test
    void aWarmupSettlingStepIsBounded() {
        // abrupt (the existing WARMUP_SPIKE scenario, above) or spread over the first two iterations
        for (Synthetic.Params p : List.of(Synthetic.Params.QUIET, new Synthetic.Params(40, 5e6, 4096, 0.02))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                Assessment a = heap(Synthetic.series(Synthetic.fill(2.0 * 1024 * 1024, 0.1), p, 8500L + seed));
                assertEquals(Verdict.BOUNDED_GROWTH, a.verdict(), a.reason());
            }
        }
    }

    @Test
    void aSawtoothWhoseTroughsRiseIsALeakWithTheTroughSlope() {
        // six teeth of 16 MiB over a leak of 0.1 B/op (40 readings) or 0.03 B/op (100 readings)
        record Case(double bytesPerOp, Synthetic.Params p) {}
        for (Case c : List.of(
                new Case(0.1, new Synthetic.Params(40, 5e6, 4096, 0.02)),
                new Case(0.03, new Synthetic.Params(100, 2e6, 4096, 0.02)))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                XY xy = Synthetic.series(Scenario.RISING_SAWTOOTH, c.bytesPerOp(), c.p(), 9000L + seed);
                Assessment a = heap(xy);
                assertEquals(Verdict.LEAK, a.verdict(), a.reason());
                assertTrue(a.reason().contains("troughs keep rising"), a.reason());
                assertEquals(
                        c.bytesPerOp(),
                        a.slope(),
                        0.3 * c.bytesPerOp(),
                        "the trough slope, not the teeth: " + a.reason());
                assertEquals(a.number("troughSlope"), a.slope());
                // the same teeth without the leak beneath: flat troughs
                Assessment flat = heap(Synthetic.series(Scenario.RISING_SAWTOOTH, 0, c.p(), 9000L + seed));
                assertEquals(Verdict.BOUNDED_GROWTH, flat.verdict(), flat.reason());
            }
        }
    }

    @Test
    void aSawtoothWithFlatTroughsIsBoundedByItsTroughs() {
        for (Synthetic.Params p : List.of(
                Synthetic.Params.QUIET,
                Synthetic.Params.NOISY,
                new Synthetic.Params(100, 2e6, 4096, 0.02),
                new Synthetic.Params(100, 2e6, 256 * 1024, 0.05))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                Assessment a = heap(Synthetic.series(Scenario.SAWTOOTH, 0, p, 9500L + seed));
                assertEquals(Verdict.BOUNDED_GROWTH, a.verdict(), a.reason());
                assertTrue(a.reason().contains("troughs"), a.reason());
            }
        }
    }

    @Test
    void growthThatStartsLateIsALeak() {
        record Case(double bytesPerOp, double start, Synthetic.Params p) {}
        for (Case c : List.of(
                new Case(0.02, 0.6, Synthetic.Params.QUICK),
                new Case(0.005, 0.6, Synthetic.Params.QUIET),
                new Case(0.01, 0.7, Synthetic.Params.QUIET),
                new Case(0.1, 0.6, Synthetic.Params.NOISY),
                new Case(0.02, 0.7, new Synthetic.Params(100, 2e6, 16 * 1024, 0.02)))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                Assessment a = heap(Synthetic.lateStart(c.bytesPerOp(), c.start(), c.p(), 9700L + seed));
                assertEquals(Verdict.LEAK, a.verdict(), c + " seed " + seed + ": " + a.reason());
            }
        }
    }

    @Test
    void growthGoingOnAfterACacheFilledIsALeak() {
        // 16 MiB filled in the first 20%, then 0.01 B/op (2 MiB over the run) to the end
        Synthetic.Shape shape = (t, o) -> 16.0 * 1024 * 1024 * Math.min(1, t / 0.2) + 0.01 * o;
        for (int seed = 0; seed < SEEDS; seed++) {
            Assessment a = heap(Synthetic.series(shape, Synthetic.Params.QUIET, 9800L + seed));
            assertEquals(Verdict.LEAK, a.verdict(), a.reason());
            assertEquals(0.01, a.slope(), 0.003, "the slope of the lasting growth, not of the fill: " + a.reason());
        }
    }

    @Test
    void aRiseThatStoppedInMidRunIsNotALeak() {
        // filled from 45% to 70% of the run, then flat: a lasting increase, but not growing at the end
        Synthetic.Shape shape = (t, o) -> 8.0 * 1024 * 1024 * Math.max(0, Math.min(1, (t - 0.45) / 0.25));
        for (Synthetic.Params p : List.of(Synthetic.Params.QUIET, new Synthetic.Params(40, 5e6, 4096, 0.02))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                Assessment a = heap(Synthetic.series(shape, p, 9900L + seed));
                assertNotEquals(Verdict.LEAK, a.verdict(), a.reason());
            }
        }
    }

    @Test
    void aQuietHeapLeakOf85KiBOverTenMillionOpsIsALeak() {
        // one 87-byte cache entry per 10,000 ops over the quick suite's 1e7 ops, 512 B of noise
        double bytesPerOp = 85.0 * 1024 / 1e7;
        for (int seed = 0; seed < SEEDS; seed++) {
            Assessment a = heap(Synthetic.series(Scenario.LINEAR, bytesPerOp, Synthetic.Params.QUICK, 9950L + seed));
            assertEquals(Verdict.LEAK, a.verdict(), a.reason());
            assertEquals(bytesPerOp, a.slope(), 0.05 * bytesPerOp, a.reason());
        }
    }

    @Test
    void byteExactHarnessDriftOf8KiBIsNotALeak() {
        for (Synthetic.Params p :
                List.of(Synthetic.Params.QUICK, Synthetic.Params.QUIET, new Synthetic.Params(10, 2.2e5, 0, 0))) {
            for (int seed = 0; seed < SEEDS; seed++) {
                XY xy = Synthetic.series(Scenario.DRIFT, 0, p, 9990L + seed);
                assertEquals(8 * 1024, xy.y()[xy.size() - 1] - xy.y()[0], 64, "the drift itself");
                Assessment a = heap(xy);
                assertEquals(Verdict.STABLE, a.verdict(), a.reason());
            }
        }
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
        XY xy = XY.indexed(new double[] {1e6, 2e6, 3e6});
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
        assertEquals(
                Verdict.LEAK,
                SeriesClassifier.classify(List.of(XY.indexed(threads)), "threads.live", false, TH)
                        .verdict());
        double[] jitter = new double[20];
        for (int i = 0; i < jitter.length; i++) {
            jitter[i] = 20 + (i % 3 == 0 ? 2 : 0) + i / 10; // compiler threads coming and going, one added
        }
        assertNotEquals(
                Verdict.LEAK,
                SeriesClassifier.classify(List.of(XY.indexed(jitter)), "threads.live", false, TH)
                        .verdict());
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
        assertNotEquals(
                Verdict.LEAK,
                SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH).verdict());
    }

    @Property(tries = 60)
    void aLeakWellAboveFloorAndNoiseIsFound(
            @ForAll long seed, @ForAll @DoubleRange(min = 0.02, max = 1000) double bytesPerOp) {
        // growth over the run >= 4 MB, noise 64 KiB
        XY xy = Synthetic.series(Scenario.LINEAR, bytesPerOp, new Synthetic.Params(20, 1e7, 65536, 0.02), seed);
        Assessment a = SeriesClassifier.classify(List.of(xy), Metrics.HEAP, true, TH);
        assertEquals(Verdict.LEAK, a.verdict(), a.reason());
        assertTrue(a.fit().lower() <= bytesPerOp && bytesPerOp <= a.fit().upper() * 1.0001
                || Math.abs(a.slope() / bytesPerOp - 1) < 0.05);
    }
}

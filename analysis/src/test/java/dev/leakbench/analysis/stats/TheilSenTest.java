package dev.leakbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TheilSenTest {
    private static XY line(int n, double a, double b, double sigma, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 1e6;
            y[i] = a + b * x[i] + sigma * r.nextGaussian();
        }
        return new XY(x, y);
    }

    @Test
    void exactLineIsRecovered() {
        TheilSen.Fit f = TheilSen.fit(line(20, 5e7, 0.25, 0, 1));
        assertEquals(0.25, f.slope(), 1e-12);
        assertEquals(5e7, f.intercepts()[0], 1e-3);
        assertEquals(0.25, f.lower(), 1e-12);
        assertEquals(0.25, f.upper(), 1e-12);
    }

    @Test
    void aQuarterOfWildOutliersDoesNotMoveIt() {
        XY xy = line(40, 0, 2, 1, 2);
        double[] y = xy.y().clone();
        for (int i = 0; i < 10; i++) {
            y[i * 4] += 1e9;
        }
        TheilSen.Fit f = TheilSen.fit(new XY(xy.x(), y));
        assertEquals(2, f.slope(), 0.05);
    }

    @Test
    void confidenceIntervalCoversTheTruthAboutNinetyFivePercent() {
        int covered = 0;
        int runs = 400;
        for (int s = 0; s < runs; s++) {
            TheilSen.Fit f = TheilSen.fit(line(25, 100, 1e-3, 500, s));
            if (f.lower() <= 1e-3 && 1e-3 <= f.upper()) {
                covered++;
            }
        }
        double rate = covered / (double) runs;
        assertTrue(rate > 0.90 && rate < 0.995, "coverage " + rate);
    }

    @Test
    void segmentsArePairedOnlyWithinThemselves() {
        // two forks at very different levels: pooled pairs would see a huge jump, within-fork pairs see slope 1
        XY a = line(10, 0, 1, 0, 1);
        XY b = line(10, 1e12, 1, 0, 1);
        TheilSen.Fit f = TheilSen.fit(List.of(a, b), 0.95);
        assertEquals(1, f.slope(), 1e-12);
        assertEquals(1e12, f.intercepts()[1], 1e-3);
    }

    @Test
    void longSeriesAreThinned() {
        TheilSen.Fit f = TheilSen.fit(line(10_000, 0, 3, 10, 3));
        assertEquals(3, f.slope(), 1e-4);
        assertEquals(TheilSen.MAX_POINTS, f.n());
    }

    @Property(tries = 100)
    void equivariantUnderAddedTrendAndScale(
            @ForAll @IntRange(min = 3, max = 30) int n,
            @ForAll @DoubleRange(min = -5, max = 5) double added,
            @ForAll @DoubleRange(min = 0.1, max = 100) double scale,
            @ForAll long seed) {
        XY xy = line(n, 3, 0.5, 1e6, seed);
        double[] y2 = new double[n];
        for (int i = 0; i < n; i++) {
            y2[i] = scale * (xy.y()[i] + added * xy.x()[i]);
        }
        double s1 = TheilSen.fit(xy).slope();
        double s2 = TheilSen.fit(new XY(xy.x(), y2)).slope();
        assertEquals(scale * (s1 + added), s2, 1e-9 * Math.max(1, Math.abs(s2)));
    }

    /**
     * The fit selects its three order statistics instead of sorting all pairwise slopes; they must
     * be exactly those of the sorted array (ties, negative zeros and repeated values included), so
     * that no verdict moves by a bit.
     */
    @Property(tries = 300)
    void selectedOrderStatisticsAreThoseOfTheSortedValues(
            @ForAll @IntRange(min = 1, max = 400) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(6);
            v[i] = kind == 0
                    ? 0.0
                    : kind == 1 ? -0.0 : kind == 2 ? r.nextInt(4) : r.nextGaussian() * Math.pow(10, r.nextInt(12) - 6);
        }
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        TheilSen.OrderStatistics os = new TheilSen.OrderStatistics(v.clone(), n);
        double q = r.nextDouble();
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double expected = sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(os.quantile(q)), "quantile " + q);
        assertEquals(
                Double.doubleToRawLongBits(Robust.sortedQuantile(sorted, 0.5)),
                Double.doubleToRawLongBits(os.quantile(0.5)));
        for (int k = 0; k < Math.min(n, 12); k++) {
            int at = r.nextInt(n);
            assertEquals(Double.doubleToRawLongBits(sorted[at]), Double.doubleToRawLongBits(os.at(at)), "k=" + at);
        }
        double rank = 1 + r.nextDouble() * (n - 1);
        double hr = rank - 1;
        int rl = (int) Math.floor(hr);
        int rh = Math.min(rl + 1, n - 1);
        assertEquals(
                Double.doubleToRawLongBits(sorted[rl] + (hr - rl) * (sorted[rh] - sorted[rl])),
                Double.doubleToRawLongBits(os.rank(rank)),
                "rank " + rank);
    }
}

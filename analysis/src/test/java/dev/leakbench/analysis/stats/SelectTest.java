package dev.leakbench.analysis.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The order statistics found without sorting (issue 10: medians of long series, Theil-Sen over
 * two million slopes, Mann-Kendall over long class-count series) are bit for bit what sorting
 * gave, on data made to be awkward: ties, plateaus, -0.0 and NaN, extreme values, sorted and
 * reversed runs.
 */
class SelectTest {
    private static final double[] AWKWARD = {0.0, -0.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, 1e300, -1e300};

    /** Values in one of several shapes; {@code awkward} mixes in NaN, -0.0 and infinities. */
    private static double[] values(Random r, int n, boolean awkward) {
        double[] v = new double[n];
        int shape = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            v[i] = switch (shape) {
                case 0 -> r.nextGaussian();
                case 1 -> r.nextInt(3); // heavy ties
                case 2 -> 5; // constant
                case 3 -> i; // sorted
                case 4 -> n - i; // reversed
                default -> Math.floor(r.nextGaussian() * 1000) * 8;
            };
            if (awkward && r.nextInt(10) == 0) {
                v[i] = AWKWARD[r.nextInt(AWKWARD.length)];
            }
        }
        return v;
    }

    private static double sortedQuantileByReference(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return Robust.sortedQuantile(s, q);
    }

    @Test
    void selectPutsWhatSortingWouldPutAtEveryPosition() {
        Random r = new Random(1);
        for (int t = 0; t < 3000; t++) {
            int n = 1 + r.nextInt(t < 2000 ? 60 : 5000);
            double[] v = values(r, n, false);
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            double[] a = v.clone();
            Select.select(a, 0, n, k);
            assertEquals(Double.doubleToRawLongBits(sorted[k]), Double.doubleToRawLongBits(a[k]), "n=" + n + " k=" + k);
            for (int i = 0; i < n; i++) {
                assertEquals(true, i < k ? a[i] <= a[k] : a[i] >= a[k], "partitioned at " + i);
            }
            int[] positions = r.ints(1 + r.nextInt(6), 0, n).distinct().sorted().toArray();
            double[] found = Select.at(v.clone(), 0, n, positions);
            for (int i = 0; i < positions.length; i++) {
                assertEquals(sorted[positions[i]], found[i], "position " + positions[i]);
            }
        }
    }

    @Test
    void longRangesNarrowedByASampleGiveTheSameValuesAndAreNotModified() {
        Random r = new Random(5);
        for (int t = 0; t < 60; t++) {
            int n = 50_000 + r.nextInt(300_000);
            double[] v = values(r, n, false);
            if (t % 5 == 0) {
                Arrays.fill(v, 0, n / 2, 7.0); // half of it one value: the window is all ties
            }
            double[] before = v.clone();
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            int mid = r.nextInt(n);
            int[] positions = java.util.stream.IntStream.of(0, mid - 3000, mid, mid + 1, mid + 2500, n - 1, r.nextInt(n))
                .filter(p -> p >= 0 && p < n).distinct().sorted().toArray();
            double[] found = Select.sortedAt(v, 0, n, positions);
            for (int i = 0; i < positions.length; i++) {
                assertEquals(sorted[positions[i]], found[i], "n=" + n + " position " + positions[i]);
            }
            assertArrayEquals(before, v);
        }
    }

    @Test
    void quantilesAreBitForBitThoseOfTheSortedValues() {
        Random r = new Random(2);
        double[] qs = {0, 0.1, 0.25, 0.5, 0.9, 1};
        for (int t = 0; t < 3000; t++) {
            double[] v = values(r, 1 + r.nextInt(t < 2700 ? 50 : 20_000), t % 3 == 0);
            double[] before = v.clone();
            for (double q : qs) {
                assertEquals(Double.doubleToRawLongBits(sortedQuantileByReference(v, q)),
                    Double.doubleToRawLongBits(Robust.quantile(v, q)), "q=" + q + " of " + Arrays.toString(v));
            }
            assertArrayEquals(before, v, "the argument is not modified");
        }
    }

    /** TheilSen.fit as it was before issue 10: every slope sorted. */
    private static TheilSen.Fit referenceFit(List<XY> segments, double confidence) {
        List<XY> used = new ArrayList<>();
        long pairCount = 0;
        int n = 0;
        for (XY seg : segments) {
            XY t = seg.thin(TheilSen.MAX_POINTS);
            used.add(t);
            n += t.size();
            pairCount += t.size() * (t.size() - 1L) / 2;
        }
        double[] slopes = new double[(int) pairCount];
        int k = 0;
        for (XY seg : used) {
            for (int i = 0; i < seg.size(); i++) {
                for (int j = i + 1; j < seg.size(); j++) {
                    double dx = seg.x()[j] - seg.x()[i];
                    if (dx > 0) {
                        slopes[k++] = (seg.y()[j] - seg.y()[i]) / dx;
                    }
                }
            }
        }
        MannKendall.Result mk = referenceMannKendall(used);
        if (k == 0) {
            return null;
        }
        Arrays.sort(slopes, 0, k);
        double[] sorted = Arrays.copyOf(slopes, k);
        double slope = Robust.sortedQuantile(sorted, 0.5);
        double z = Normal.quantile(0.5 + confidence / 2);
        double c = z * Math.sqrt(Math.max(mk.variance(), 0));
        double m1 = (k - c) / 2.0;
        double m2 = (k + c) / 2.0 + 1;
        double lower = m1 < 1 ? Double.NEGATIVE_INFINITY : rank(sorted, m1);
        double upper = m2 > k ? Double.POSITIVE_INFINITY : rank(sorted, m2);
        double[] icpt = new double[used.size()];
        for (int s = 0; s < used.size(); s++) {
            XY seg = used.get(s);
            double[] res = new double[seg.size()];
            for (int i = 0; i < res.length; i++) {
                res[i] = seg.y()[i] - slope * seg.x()[i];
            }
            icpt[s] = sortedQuantileByReference(res, 0.5);
        }
        return new TheilSen.Fit(slope, lower, upper, icpt, mk, n);
    }

    private static double rank(double[] sorted, double r) {
        double h = r - 1;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Mann-Kendall's S and pair count as it was before issue 10: pair by pair. */
    private static MannKendall.Result referenceMannKendall(List<XY> segments) {
        long s = 0;
        long pairs = 0;
        for (XY seg : segments) {
            for (int i = 0; i < seg.size(); i++) {
                for (int j = i + 1; j < seg.size(); j++) {
                    if (seg.x()[j] == seg.x()[i]) {
                        continue;
                    }
                    pairs++;
                    s += Double.compare(seg.y()[j], seg.y()[i]) > 0 ? 1 : (seg.y()[j] == seg.y()[i] ? 0 : -1);
                }
            }
        }
        MannKendall.Result r = MannKendall.test(segments);
        return new MannKendall.Result(s, r.variance(), pairs, r.pIncreasing(), r.pDecreasing());
    }

    private static List<XY> segments(Random r, boolean awkward) {
        List<XY> out = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int s = 0; s < count; s++) {
            int n = 2 + r.nextInt(r.nextInt(8) == 0 ? 2500 : 120);
            double[] x = new double[n];
            double[] y = values(r, n, false);
            double at = 0;
            for (int i = 0; i < n; i++) {
                at += r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(1000); // repeated x: pairs without a slope
                x[i] = at;
                if (awkward && r.nextInt(20) == 0) {
                    y[i] = r.nextBoolean() ? -0.0 : 0.0;
                }
            }
            out.add(new XY(x, y));
        }
        return out;
    }

    @Test
    void theilSenIsBitForBitTheFitOfAllSlopesSorted() {
        Random r = new Random(3);
        for (int t = 0; t < 150; t++) {
            List<XY> segs = segments(r, t % 4 == 0);
            double confidence = t % 2 == 0 ? 0.95 : 0.90;
            TheilSen.Fit want = referenceFit(segs, confidence);
            if (want == null) {
                continue;
            }
            TheilSen.Fit got = TheilSen.fit(segs, confidence);
            assertEquals(Double.doubleToRawLongBits(want.slope()), Double.doubleToRawLongBits(got.slope()), "slope");
            assertEquals(Double.doubleToRawLongBits(want.lower()), Double.doubleToRawLongBits(got.lower()), "lower");
            assertEquals(Double.doubleToRawLongBits(want.upper()), Double.doubleToRawLongBits(got.upper()), "upper");
            assertArrayEquals(want.intercepts(), got.intercepts(), "intercepts");
            assertEquals(want.trend(), got.trend());
            assertEquals(want.n(), got.n());
        }
    }

    @Test
    void mannKendallCountsPairsAsThePairByPairSum() {
        Random r = new Random(4);
        for (int t = 0; t < 300; t++) {
            List<XY> segs = segments(r, t % 3 == 0);
            MannKendall.Result want = referenceMannKendall(segs);
            MannKendall.Result got = MannKendall.test(segs);
            assertEquals(want.s(), got.s());
            assertEquals(want.pairs(), got.pairs());
        }
        // a long class-count series: O(n log n), where pair by pair took minutes
        int n = 300_000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i / 1000 + (i % 7 == 0 ? 1 : 0);
        }
        MannKendall.Result big = MannKendall.test(new XY(x, y));
        assertEquals(true, big.s() > 0 && big.pIncreasing() < 1e-6, big.toString());
    }
}

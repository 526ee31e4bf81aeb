package dev.leakbench.analysis.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Theil-Sen slope estimator over one or several segments (pairs are formed only within a
 * segment), with Sen's rank-based confidence interval derived from the Mann-Kendall variance.
 * Segments longer than {@link #MAX_POINTS} are thinned evenly so that the O(n^2) pair count
 * stays bounded.
 */
public final class TheilSen {
    /** Points per segment above which the segment is thinned (about 2 million pairs). */
    public static final int MAX_POINTS = 2000;

    private TheilSen() {
    }

    /**
     * A fitted robust line.
     *
     * @param slope median pairwise slope (y units per x unit)
     * @param lower lower bound of the confidence interval of the slope
     * @param upper upper bound of the confidence interval of the slope
     * @param intercepts per segment: median of y - slope * x
     * @param trend the Mann-Kendall test over the same points
     * @param n number of points used
     */
    public record Fit(double slope, double lower, double upper, double[] intercepts,
                      MannKendall.Result trend, int n) {
        /** The fitted value of segment {@code seg} at {@code x}. */
        public double at(int seg, double x) {
            return intercepts[seg] + slope * x;
        }
    }

    /** Fits one segment with a 95% interval. */
    public static Fit fit(XY segment) {
        return fit(List.of(segment), 0.95);
    }

    /** Fits several segments with a {@code confidence} (e.g. 0.95) interval. */
    public static Fit fit(List<XY> segments, double confidence) {
        List<XY> used = new ArrayList<>(segments.size());
        long pairCount = 0;
        int n = 0;
        for (XY seg : segments) {
            XY t = seg.thin(MAX_POINTS);
            used.add(t);
            n += t.size();
            pairCount += t.size() * (t.size() - 1L) / 2;
        }
        double[] slopes = new double[(int) pairCount];
        int k = 0;
        boolean plain = true; // no NaN, no -0.0 (see Select)
        for (XY seg : used) {
            double[] x = seg.x();
            double[] y = seg.y();
            for (int i = 0; i < x.length; i++) {
                for (int j = i + 1; j < x.length; j++) {
                    double dx = x[j] - x[i];
                    if (dx > 0) {
                        double slope = (y[j] - y[i]) / dx;
                        slopes[k++] = slope;
                        plain &= slope == slope & Double.doubleToRawLongBits(slope) != Long.MIN_VALUE;
                    }
                }
            }
        }
        MannKendall.Result mk = MannKendall.test(used);
        if (k == 0) {
            double[] icpt = new double[used.size()];
            for (int s = 0; s < used.size(); s++) {
                icpt[s] = Robust.median(used.get(s).y());
            }
            return new Fit(0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, icpt, mk, n);
        }
        double z = Normal.quantile(0.5 + confidence / 2);
        double c = z * Math.sqrt(Math.max(mk.variance(), 0));
        double m1 = (k - c) / 2.0;
        double m2 = (k + c) / 2.0 + 1;
        double[] stats = orderStatistics(slopes, k, plain, m1, m2);
        double slope = stats[0];
        double lower = stats[1];
        double upper = stats[2];
        double[] icpt = new double[used.size()];
        for (int s = 0; s < used.size(); s++) {
            XY seg = used.get(s);
            double[] r = new double[seg.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = seg.y()[i] - slope * seg.x()[i];
            }
            icpt[s] = Robust.median(r);
        }
        return new Fit(slope, lower, upper, icpt, mk, n);
    }

    /**
     * The median of {@code slopes[0..k)} and the values at the 1-based ranks {@code m1} (-infinity
     * below 1) and {@code m2} (+infinity above k), as {@link Robust#sortedQuantile} and
     * {@link #rank} give them on the sorted slopes. Only the six order statistics they read are
     * found ({@link Select}); the slopes are reordered.
     */
    private static double[] orderStatistics(double[] slopes, int k, boolean plain, double m1, double m2) {
        if (!plain) {
            Arrays.sort(slopes, 0, k);
            double[] sorted = k == slopes.length ? slopes : Arrays.copyOf(slopes, k);
            return new double[]{Robust.sortedQuantile(sorted, 0.5),
                m1 < 1 ? Double.NEGATIVE_INFINITY : rank(sorted, m1),
                m2 > k ? Double.POSITIVE_INFINITY : rank(sorted, m2)};
        }
        // each value reads the order statistics lo and hi = min(lo + 1, k - 1) at h, its 0-based rank
        double[] h = {(k - 1) * 0.5, m1 - 1, m2 - 1};
        boolean[] infinite = {false, m1 < 1, m2 > k};
        java.util.TreeSet<Integer> need = new java.util.TreeSet<>();
        for (int i = 0; i < 3; i++) {
            if (!infinite[i]) {
                int lo = (int) Math.floor(h[i]);
                need.add(lo);
                need.add(Math.min(lo + 1, k - 1));
            }
        }
        int[] positions = need.stream().mapToInt(Integer::intValue).toArray();
        double[] values = Select.sortedAt(slopes, 0, k, positions);
        double[] out = {Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int i = 0; i < 3; i++) {
            if (!infinite[i]) {
                int lo = (int) Math.floor(h[i]);
                int hi = Math.min(lo + 1, k - 1);
                double atLo = values[Arrays.binarySearch(positions, lo)];
                double atHi = values[Arrays.binarySearch(positions, hi)];
                out[i] = atLo + (h[i] - lo) * (atHi - atLo);
            }
        }
        return out;
    }

    /** Value at a 1-based, possibly fractional rank of sorted values. */
    private static double rank(double[] sorted, double r) {
        double h = r - 1;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

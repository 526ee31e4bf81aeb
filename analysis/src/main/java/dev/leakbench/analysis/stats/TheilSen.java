package dev.leakbench.analysis.stats;

import java.util.ArrayList;
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

    private TheilSen() {}

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
    public record Fit(double slope, double lower, double upper, double[] intercepts, MannKendall.Result trend, int n) {
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
        int k = pairwiseSlopes(used, slopes);
        MannKendall.Result mk = MannKendall.test(used);
        if (k == 0) {
            double[] icpt = new double[used.size()];
            for (int s = 0; s < used.size(); s++) {
                icpt[s] = Robust.median(used.get(s).y());
            }
            return new Fit(0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, icpt, mk, n);
        }
        // only three order statistics of the slopes are needed (and their neighbours): selected, not
        // sorted, in the same total order as Arrays.sort, so the values are those of the sorted array
        double z = Normal.quantile(0.5 + confidence / 2);
        double c = z * Math.sqrt(Math.max(mk.variance(), 0));
        double m1 = (k - c) / 2.0;
        double m2 = (k + c) / 2.0 + 1;
        OrderStatistics os = new OrderStatistics(slopes, k);
        double slope = os.quantile(0.5);
        double lower = m1 < 1 ? Double.NEGATIVE_INFINITY : os.rank(m1);
        double upper = m2 > k ? Double.POSITIVE_INFINITY : os.rank(m2);
        return new Fit(slope, lower, upper, intercepts(used, slope), mk, n);
    }

    // (the loops are methods of their own: small methods are what a short run's JIT compiles quickly)

    /** The slopes of all pairs within each segment with distinct x, into {@code out}; their number. */
    private static int pairwiseSlopes(List<XY> segments, double[] out) {
        int k = 0;
        for (XY seg : segments) {
            double[] x = seg.x();
            double[] y = seg.y();
            for (int i = 0; i < x.length; i++) {
                for (int j = i + 1; j < x.length; j++) {
                    double dx = x[j] - x[i];
                    if (dx > 0) {
                        out[k++] = (y[j] - y[i]) / dx;
                    }
                }
            }
        }
        return k;
    }

    /** Per segment: the median of y - slope * x. */
    private static double[] intercepts(List<XY> segments, double slope) {
        double[] icpt = new double[segments.size()];
        for (int s = 0; s < segments.size(); s++) {
            XY seg = segments.get(s);
            double[] r = new double[seg.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = seg.y()[i] - slope * seg.x()[i];
            }
            icpt[s] = Robust.median(r);
        }
        return icpt;
    }

    /**
     * Order statistics of {@code values[0, n)} as {@link Robust#sortedQuantile} and a rank of the
     * sorted values would give them, found by selection (expected O(n) each instead of a sort).
     * Reorders {@code values}.
     */
    static final class OrderStatistics {
        private final double[] a;
        private final int n;

        OrderStatistics(double[] values, int n) {
            this.a = values;
            this.n = n;
        }

        /** {@code Robust.sortedQuantile(sorted, q)}. */
        double quantile(double q) {
            double h = (n - 1) * q;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, n - 1);
            double vlo = at(lo);
            return vlo + (h - lo) * (at(hi) - vlo);
        }

        /** The value at a 1-based, possibly fractional rank of the sorted values. */
        double rank(double r) {
            double h = r - 1;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, n - 1);
            double vlo = at(lo);
            return vlo + (h - lo) * (at(hi) - vlo);
        }

        /** Positions already selected: {@code a[p]} is in its sorted place, smaller values before, larger after. */
        private final int[] fixed = new int[8];

        private int fixedCount;

        /** The k-th smallest (0-based), in the order of {@link Double#compare}. */
        double at(int k) {
            int from = 0;
            int to = n - 1;
            for (int i = 0; i < fixedCount; i++) {
                int p = fixed[i];
                if (p == k) {
                    return a[k];
                }
                if (p < k) {
                    from = Math.max(from, p + 1);
                } else {
                    to = Math.min(to, p - 1);
                }
            }
            select(a, from, to, k);
            if (fixedCount < fixed.length) {
                fixed[fixedCount++] = k;
            }
            return a[k];
        }

        /**
         * Moves the k-th smallest of {@code a[from, to]} to {@code a[k]}, the smaller ones before it
         * and the larger ones after it (Hoare's selection, median-of-three pivots).
         */
        static void select(double[] a, int from, int to, int k) {
            int l = from;
            int r = to;
            while (r > l) {
                int m = (l + r) >>> 1;
                if (Double.compare(a[m], a[l]) < 0) {
                    swap(a, l, m);
                }
                if (Double.compare(a[r], a[l]) < 0) {
                    swap(a, l, r);
                }
                if (Double.compare(a[r], a[m]) < 0) {
                    swap(a, m, r);
                }
                double pivot = a[m];
                int i = l;
                int j = r;
                while (i <= j) {
                    while (Double.compare(a[i], pivot) < 0) {
                        i++;
                    }
                    while (Double.compare(pivot, a[j]) < 0) {
                        j--;
                    }
                    if (i <= j) {
                        swap(a, i, j);
                        i++;
                        j--;
                    }
                }
                if (k <= j) {
                    r = j;
                } else if (k >= i) {
                    l = i;
                } else {
                    return;
                }
            }
        }

        private static void swap(double[] a, int i, int j) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
